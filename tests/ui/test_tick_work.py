"""A tick does only what a new second needs: the actions are left alone, only the clocks' widgets repaint, and
the lines that grow at a step change or a cue relay out nothing around the practice page's readouts.

What each costs is measured in ``benchmarks/gui_stall.py``; these tests assert what can be asserted without a
clock: which calls are made, which widgets are painted, which are asked to lay themselves out again.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from mindful_listening.core import flow
from mindful_listening.core.flow import Stage
from mindful_listening.core.library import find_script
from mindful_listening.ui import menus, phase
from mindful_listening.ui.layout_fence import SteadyFence
from mindful_listening.ui.room import AudienceView
from mindful_listening.ui.window import MainWindow

MakeWindow = Callable[..., MainWindow]


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def practising(make_window: MakeWindow, advance: Callable[[int], None], seconds: int = 5) -> MainWindow:
    """The window in the practice stage of ``speak-reflect-respond`` (its first step lasts a while), started,
    ``seconds`` in, with the room view in a window of its own as in a room."""
    window = make_window()
    window.resize(1366, 768)
    window.actions_by_name["audience_window"].setChecked(True)
    window.use_script(find_script("speak-reflect-respond"))
    window.set_stage(Stage.PRACTICE)
    window.toggle()
    for _ in range(seconds):
        advance(1_000)
        settle()
    return window


@pytest.fixture
def counted_updates(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the window's actions are brought up to date (one entry per call)."""
    calls: list[int] = []
    real = menus.update_actions

    def counting(w: MainWindow) -> None:
        calls.append(1)
        real(w)

    monkeypatch.setattr(menus, "update_actions", counting)
    return calls


def test_a_plain_tick_leaves_the_actions_alone_and_a_step_change_updates_them(
    make_window: MakeWindow, advance: Callable[[int], None], counted_updates: list[int]
) -> None:
    window = practising(make_window, advance)
    controller = window.controller
    assert controller is not None
    counted_updates.clear()
    for _ in range(4):
        advance(1_000)
        settle()
    assert controller.snapshot().index == 0, "still the first step: these were plain ticks"
    assert counted_updates == [], "a new second changes no action"
    controller.skip()
    settle()
    assert counted_updates, "a step change does"
    assert window.actions_by_name["toggle"].isEnabled()
    assert window.actions_by_name["toggle"].text() == window.tr("&Pause")


def test_undo_is_offered_only_while_it_can_still_undo_though_no_step_or_state_changes(
    make_window: MakeWindow, advance: Callable[[int], None]
) -> None:
    window = practising(make_window, advance)
    controller = window.controller
    assert controller is not None
    advance(1_000)
    controller.skip()  # into the second step, then back: a step back that Ctrl+Z may undo for a while
    settle()
    window.session.back()
    settle()
    undo = window.actions_by_name["undo"]
    assert undo.isEnabled(), "just after the step back, Ctrl+Z can undo it"
    for _ in range(flow.UNDO_FOR_MS // 1_000 + 2):
        advance(1_000)
        settle()
    assert window.session.can_undo() is None
    assert not undo.isEnabled(), "once it can no longer undo, the action says so, on a plain tick"


class Painted(QObject):
    """The names of the widgets of one window painted while it watches (an application-wide filter)."""

    def __init__(self, top: QWidget) -> None:
        super().__init__()
        self.top = top
        self.widgets: list[QWidget] = []
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.window() is self.top
            and watched not in self.widgets
        ):
            self.widgets.append(watched)
        return False

    def close(self) -> None:
        app = QApplication.instance()
        assert app is not None
        app.removeEventFilter(self)


def leaves(painted: list[QWidget]) -> set[str]:
    """Of the widgets painted, those none of whose children was painted too, by name: what was drawn anew,
    rather than the backgrounds behind it (a transparent widget's parents paint what shows through it)."""
    return {
        w.objectName() or type(w).__name__
        for w in painted
        if not any(c in painted for c in w.findChildren(QWidget))
    }


def test_a_tick_that_only_moves_the_time_repaints_only_the_clocks(
    make_window: MakeWindow, advance: Callable[[int], None]
) -> None:
    window = practising(make_window, advance)
    controller = window.controller
    room = window.audience_window
    assert controller is not None
    assert room is not None
    caption = room.view.caption.text()
    watch_window, watch_room = Painted(window), Painted(room)
    try:
        advance(1_000)
        settle()
    finally:
        watch_window.close()
        watch_room.close()
    assert controller.snapshot().index == 0
    assert room.view.caption.text() == caption, "no cue came: only the time moved"
    assert leaves(watch_room.widgets) == {"countdownDisc", "digits"}
    drawn = leaves(watch_window.widgets)
    assert {"countdownDisc", "digits", "clockLine", "sessionTime"} <= drawn
    assert drawn <= {"countdownDisc", "digits", "clockLine", "sessionTime", "nextCue"}, (
        "the steps list, the roles, the phase band, the caption and the notes are not painted again"
    )


class LayoutRequests(QObject):
    """Counts the LayoutRequest events a widget receives."""

    def __init__(self, watched: QWidget) -> None:
        super().__init__()
        self.seen = 0
        watched.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.seen += 1
        return False


def test_a_wider_line_of_the_same_height_is_not_passed_up_at_once(qtbot: QtBot) -> None:
    """A step's new line or a cue's may be wider than any before (a longer word, a longer line): the text
    wraps in the width it has, so the readouts' fence does not relay out the console for it; a taller text
    still is, and the wider wishes go up with it."""
    top = QWidget()
    qtbot.add_widget(top)
    box = QVBoxLayout(top)
    label = QLabel("Step 1 of 8 · The topic")
    label.setWordWrap(True)
    fence = SteadyFence()
    fence.fence_in(label)
    box.addWidget(fence)
    box.addStretch(1)
    top.resize(600, 400)
    top.show()
    qtbot.wait_exposed(top)
    settle()
    one_line = fence.height()
    requests = LayoutRequests(top)
    label.setText("Step 2 of 8 · Thinktimeforeveryoneinsilence")  # a longer word: a wider least width
    settle()
    assert requests.seen == 0, "a wider line of one line's height relaid out nothing above the fence"
    assert fence.height() == one_line
    assert label.geometry() == fence.rect(), "the label still fills its fence"
    label.setText(" ".join(["a longer line that wraps onto several lines in this width"] * 4))
    qtbot.wait_until(lambda: fence.height() > one_line * 2)
    assert requests.seen >= 1, "a taller text is passed up"


def test_at_a_step_change_the_room_changes_first_and_the_console_follows_a_turn_later(
    make_window: MakeWindow, advance: Callable[[int], None]
) -> None:
    window = practising(make_window, advance)
    controller = window.controller
    room = window.audience_window
    assert controller is not None
    assert room is not None
    page = window.practice_page

    def roles(view: AudienceView) -> list[str]:
        return [label.text() for label in view.role_labels if not label.isHidden()]

    line_before, mirrored_before = page.step_line.text(), roles(page.mirror)
    controller.skip()  # as a step's end does, in one poll of the clock: no turn of the event loop yet
    step = controller.snapshot().step
    assert step.index == 1
    now = phase.role_lines(step) or [phase.headline(step)]
    assert now != mirrored_before
    assert roles(room.view) == now, "the room's roles changed at once"
    assert page.step_line.text() == line_before, "the console's own lines wait for the next turn"
    assert roles(page.mirror) == mirrored_before, "and so does the console's mirror of the room"
    settle()
    assert roles(page.mirror) == now
    assert page.step_line.text().startswith("Step 2 of "), "and follow in it"
    assert page.steps.item(1).text().startswith("▶")
    assert not page.steps.item(0).text().startswith("▶")
    assert page.next_line.text() == phase.following_text(controller.timeline, 1)
