"""A tick repaints what changed and relays out nothing around it; a step change touches only what changed.

Timing is measured in ``benchmarks/gui_stall.py``; these tests assert what can be asserted without a clock:
which widgets are asked to lay themselves out again, which are restyled, which list rows are rewritten.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from mindful_listening.core.flow import Stage
from mindful_listening.core.library import find_script
from mindful_listening.ui import room, theme
from mindful_listening.ui.layout_fence import LayoutFence, SteadyFence
from mindful_listening.ui.phase import PhaseLook
from mindful_listening.ui.room import AudienceView, AudienceWindow
from mindful_listening.ui.window import MainWindow

MakeWindow = Callable[..., MainWindow]


class Counter(QObject):
    """Counts the events of some types each watched widget receives, by the widget's object name."""

    def __init__(self, kinds: tuple[QEvent.Type, ...], *watched: QWidget) -> None:
        super().__init__()
        self.kinds = kinds
        self.seen: dict[str, int] = {}
        for widget in watched:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in self.kinds:
            self.seen[watched.objectName()] = self.seen.get(watched.objectName(), 0) + 1
        return False


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def practising(qtbot: QtBot, make_window: MakeWindow, advance: Callable[[int], None]) -> MainWindow:
    """The window in the practice stage of a script whose first step lasts a while, started, 5 s in, with
    the room view in a window of its own as in a room."""
    window = make_window()
    window.resize(1366, 768)
    window.actions_by_name["audience_window"].setChecked(True)
    window.use_script(find_script("speak-reflect-respond"))
    window.set_stage(Stage.PRACTICE)
    window.toggle()
    for _ in range(5):
        advance(1_000)
        settle()
    return window


def test_a_tick_relays_out_neither_the_console_nor_the_practice_page(
    qtbot: QtBot, make_window: MakeWindow, advance: Callable[[int], None]
) -> None:
    window = practising(qtbot, make_window, advance)
    controller = window.controller
    assert controller is not None
    assert window.audience_window is not None
    console = window.findChild(QWidget, "presenterConsole")
    assert console is not None
    watched = [window.presenter_split, console, window.practice_page, window.practice_page.mirror]
    room_page = window.audience_window.view.findChild(QWidget, "practice")
    mirror_page = window.practice_page.mirror.findChild(QWidget, "practice")
    assert room_page is not None
    assert mirror_page is not None
    room_page.setObjectName("roomPractice")
    # The readouts' grid too: its clock, next cue and session lines change every second, its size does not.
    readouts = window.practice_page.findChild(QWidget, "practiceReadouts")
    assert readouts is not None
    counter = Counter((QEvent.Type.LayoutRequest,), *watched, room_page, mirror_page, readouts)
    step = controller.snapshot().index
    clock_before = window.practice_page.clock_line.text()
    digits_before = window.audience_window.view.digits.text()
    for _ in range(5):
        advance(1_000)
        settle()
    assert controller.snapshot().index == step, "the ticks stayed inside one step"
    assert window.practice_page.clock_line.text() != clock_before, "the laptop's clock moved on"
    assert window.audience_window.view.digits.text() != digits_before, "the room's digits moved on"
    assert counter.seen == {}, f"relaid out on a tick: {counter.seen}"


def test_a_step_change_rewrites_only_the_rows_that_change(
    qtbot: QtBot, make_window: MakeWindow, advance: Callable[[int], None]
) -> None:
    window = practising(qtbot, make_window, advance)
    controller = window.controller
    assert controller is not None
    steps = window.practice_page.steps
    assert steps.count() >= 4
    rewritten: list[int] = []
    steps.model().dataChanged.connect(
        lambda top, bottom, _roles=(): rewritten.extend(range(top.row(), bottom.row() + 1))
    )
    window.actions_by_name["skip"].trigger()
    settle()
    assert controller.snapshot().index == 1
    assert set(rewritten) == {0, 1}, f"rows rewritten: {sorted(set(rewritten))}"
    assert steps.item(1).text().startswith("▶")
    assert steps.item(1).font().bold()
    assert not steps.item(0).text().startswith("▶")
    assert not steps.item(0).font().bold()
    # And back: the marker follows, still only the two rows.
    rewritten.clear()
    window.actions_by_name["step_back"].trigger()
    settle()
    assert set(rewritten) == {0, 1}
    assert steps.item(0).text().startswith("▶")
    assert not steps.item(1).text().startswith("▶")


def test_a_new_size_for_one_room_label_restyles_that_label_alone(qtbot: QtBot) -> None:
    QApplication.instance().setStyleSheet(theme.style_sheet(theme.DARK))  # type: ignore[union-attr]
    try:
        view = AudienceView()
        qtbot.add_widget(view)
        view.resize(1280, 720)
        view.show()
        qtbot.wait_exposed(view)
        view.show_practice()
        view.set_roles(["Speaking: A", "Listening: B"], "")
        view.set_caption("Thirty seconds.")
        settle()
        sheet = view.styleSheet()
        caption_px = view.caption.font().pixelSize()
        others: list[QLabel] = [view.digits, view.phase_banner, view.next_label, *view.role_labels]
        for index, label in enumerate(others):
            label.setObjectName(label.objectName() or f"unnamed{index}")
        counter = Counter((QEvent.Type.StyleChange,), view.caption, *others)
        view.set_caption(" ".join(["A long caption that needs a smaller size to fit its box."] * 6))
        settle()
        assert view.caption.font().pixelSize() < caption_px, "the caption was fitted anew"
        assert view.styleSheet() == sheet, "the view's own style sheet was left alone"
        assert set(counter.seen) == {"caption"}, f"restyled: {counter.seen}"
        # A tone change restyles the phase band alone, and its colour follows.
        counter.seen.clear()
        view.set_tick(
            PhaseLook("Speaking", theme.Tone.SPEAK),
            0.5,
            False,
            "1:00",
            view.next_label.text(),
        )
        settle()
        assert set(counter.seen) == {"phaseBanner"}, f"restyled: {counter.seen}"
        assert theme.DARK.tone(theme.Tone.SPEAK).lower() in view.phase_banner.styleSheet().lower()
    finally:
        QApplication.instance().setStyleSheet("")  # type: ignore[union-attr]


def test_a_fence_passes_size_wishes_up_only_when_they_change(qtbot: QtBot) -> None:
    top = QWidget()
    qtbot.add_widget(top)
    box = QVBoxLayout(top)
    label = QLabel("0:10")
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    fence = LayoutFence()
    fence.fence_in(label)
    box.addWidget(fence)
    box.addStretch(1)
    top.setObjectName("top")
    top.resize(300, 400)
    top.show()
    qtbot.wait_exposed(top)
    settle()
    counter = Counter((QEvent.Type.LayoutRequest,), top)
    for text in ("0:09", "0:08", "0:07"):
        label.setText(text)
        settle()
    assert counter.seen == {}, "same-sized text: nothing above the fence was relaid out"
    one_line = fence.height()
    assert label.geometry() == fence.rect()
    label.setText(" ".join(["a longer text that wraps onto several lines"] * 4))
    qtbot.wait_until(lambda: fence.height() > one_line * 2)
    assert counter.seen.get("top", 0) >= 1, "a taller text was passed up"
    assert label.geometry() == fence.rect(), "the label still fills its fence"


def test_the_room_texts_of_the_next_step_are_measured_before_it_begins(
    qtbot: QtBot, make_window: MakeWindow, advance: Callable[[int], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    window = practising(qtbot, make_window, advance)
    controller = window.controller
    assert controller is not None
    # As the window does a moment after each step change (PREPARE_AFTER_MS): here at once.
    window.room_views.prepare_after(controller.timeline, controller.snapshot().index)
    measured: list[str] = []
    real = room._fit_pixel_size

    def counting(text: str, *args: Any) -> int:
        measured.append(text)
        return real(text, *args)

    monkeypatch.setattr(room, "_fit_pixel_size", counting)
    window.actions_by_name["skip"].trigger()
    settle()
    assert controller.snapshot().index == 1
    assert window.audience_window is not None
    assert window.audience_window.view.role_labels[0].text(), "the next step's roles are shown"
    assert measured == [], f"measured at the step change: {measured}"


def test_a_steady_fence_keeps_its_room_when_the_text_gets_shorter(qtbot: QtBot) -> None:
    top = QWidget()
    qtbot.add_widget(top)
    top.setObjectName("top")
    box = QVBoxLayout(top)
    label = QLabel(" ".join(["a next cue long enough to wrap onto several lines"] * 4))
    label.setWordWrap(True)
    fence = SteadyFence()
    fence.fence_in(label)
    box.addWidget(fence)
    box.addStretch(1)
    top.resize(300, 500)
    top.show()
    qtbot.wait_exposed(top)
    settle()
    tall = fence.height()
    counter = Counter((QEvent.Type.LayoutRequest,), top)
    label.setText("No more spoken cues in this step")
    settle()
    assert counter.seen == {}, "nothing above the fence was relaid out"
    assert fence.height() == tall, "the fence kept its room"
    assert label.y() == 0
    assert label.height() < tall / 2, "the label has its own height, at the top"
    fence.start_afresh()
    qtbot.wait_until(lambda: fence.height() < tall / 2)


def test_a_caption_as_long_as_one_before_relays_out_nothing_around_the_mirror(qtbot: QtBot) -> None:
    top = QWidget()
    qtbot.add_widget(top)
    top.setObjectName("top")
    box = QVBoxLayout(top)
    view = AudienceView()
    box.addWidget(view)
    top.resize(640, 400)
    top.show()
    qtbot.wait_exposed(top)
    view.show_practice()
    view.set_roles(["Speaking: A", "Listening: B"], "")
    long_caption = " ".join(["About one minute left; you might begin to draw to a close."] * 2)
    captions = ("Thirty seconds.", long_caption, "Ten seconds.")
    for caption in captions:  # the first time round the view may ask for more room
        view.set_caption(caption)
        settle()
    counter = Counter((QEvent.Type.LayoutRequest,), top)
    for caption in captions:
        view.set_caption(caption)
        settle()
        assert view.caption.text() == caption
    assert counter.seen == {}, "the view asked for no more room than before: nothing around it relaid out"


def test_a_room_window_made_larger_then_smaller_asks_for_what_it_did_before(qtbot: QtBot) -> None:
    def room(width: int, height: int) -> AudienceWindow:
        window = AudienceWindow()
        qtbot.add_widget(window)
        window.resize(width, height)
        window.show()
        qtbot.wait_exposed(window)
        window.view.show_practice()
        window.view.set_roles(["Speaking: A", "Listening: B"], "")
        window.view.set_caption("You might begin to draw to a close.")
        settle()
        return window

    window = room(800, 450)
    view = window.view
    small = view.minimumSizeHint()
    window.resize(1600, 900)
    qtbot.wait_until(lambda: view.width() == 1600)
    settle()
    assert view.minimumSizeHint() != small, "larger text asks for more room"
    window.resize(800, 450)
    qtbot.wait_until(lambda: view.width() == 800)
    settle()
    # As much as a room view made at the size this one has now asks for: nothing kept from the larger size.
    fresh_window = room(view.width(), view.height())
    fresh = fresh_window.view
    assert fresh.size() == view.size()
    assert (view.sizeHint(), view.minimumSizeHint()) == (fresh.sizeHint(), fresh.minimumSizeHint())


def test_the_steps_list_keeps_the_current_step_in_sight(
    qtbot: QtBot, make_window: MakeWindow, advance: Callable[[int], None]
) -> None:
    """It scrolls only when the step's row is out of sight, and then brings it into sight."""
    window = practising(qtbot, make_window, advance)
    controller = window.controller
    assert controller is not None
    steps = window.practice_page.steps
    steps.setFixedHeight(3 * steps.visualItemRect(steps.item(0)).height())  # a short list: it must scroll
    settle()
    last = len(controller.timeline.steps) - 1
    for _ in range(last):
        window.actions_by_name["skip"].trigger()
        settle()
        index = controller.snapshot().index
        rect = steps.visualItemRect(steps.item(index))
        assert rect.top() >= 0, f"step {index} is above the list's sight"
        assert rect.bottom() < steps.viewport().height(), f"step {index} is below the list's sight"
    assert steps.verticalScrollBar().value() > 0, "the list should have had to scroll for the last steps"
