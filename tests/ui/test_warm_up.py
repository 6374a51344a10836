"""The debrief page is made ready while the practice waits to start (issue 16): laid out at the size it will
have and painted once off screen, so that the move to it when the practice ends costs the room no frame.
Nothing the facilitator sees changes while that happens."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QStackedWidget, QWidget
from pytestqt.qtbot import QtBot

from mindful_listening.core.flow import Stage
from mindful_listening.core.library import find_script
from mindful_listening.ui import warm_up
from mindful_listening.ui.warm_up import warm_page
from mindful_listening.ui.widgets import ShownPageStack
from tests.ui.conftest import MakeWindow


class _Paints(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_entering_the_practice_lays_out_and_paints_the_debrief_page_unseen(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    window.use_script(find_script("classic-pairs"))
    debrief = window.debrief_page
    paints = _Paints()
    debrief.room_line.installEventFilter(paints)
    window.set_stage(Stage.PRACTICE)
    focused = window.focusWidget()
    qtbot.wait_until(lambda: paints.count > 0, timeout=3000)
    assert debrief.geometry() == window.practice_page.geometry()
    # Unseen: the practice page is still the one on show, the focus where it was.
    assert window.pages.currentWidget() is window.practice_page
    assert not debrief.isVisible()
    assert window.focusWidget() is focused
    window.set_stage(Stage.DEBRIEF)
    assert debrief.isVisible()


def test_a_page_is_not_warmed_while_it_is_on_show_or_before_the_stack_has_a_size(qtbot: QtBot) -> None:
    stack = QStackedWidget()
    qtbot.add_widget(stack)
    shown, other = QLabel("shown"), QWidget()
    stack.addWidget(shown)
    stack.addWidget(other)
    assert not warm_page(stack, shown)
    stack.resize(400, 300)
    stack.show()
    qtbot.wait_exposed(stack)
    assert not warm_page(stack, QWidget())  # not one of its pages
    assert warm_page(stack, other)
    assert other.geometry() == shown.geometry()
    assert stack.currentWidget() is shown


def test_the_console_stack_asks_for_the_room_of_the_page_on_show_only(qtbot: QtBot) -> None:
    """Qt's own stack asks for the room of its largest page, which measures every hidden page's words at
    every layout of the console."""
    stack = ShownPageStack()
    qtbot.add_widget(stack)
    small, tall = QLabel("a few words"), QLabel("\n".join(f"line {n}" for n in range(60)))
    tall.setWordWrap(True)
    stack.addWidget(small)
    stack.addWidget(tall)
    assert stack.sizeHint().height() < tall.sizeHint().height() // 4
    assert stack.heightForWidth(300) == small.heightForWidth(300) + stack.frameWidth() * 2
    stack.setCurrentWidget(tall)
    assert stack.sizeHint().height() >= tall.sizeHint().height()
    assert stack.hasHeightForWidth()
    assert stack.heightForWidth(300) == tall.heightForWidth(300) + stack.frameWidth() * 2


def test_the_window_s_stage_pages_ask_for_the_page_on_show(make_window: MakeWindow) -> None:
    window = make_window()
    window.use_script(find_script("classic-pairs"))
    window.set_stage(Stage.PRACTICE)
    pages = window.pages
    assert isinstance(pages, ShownPageStack)
    frame = pages.frameWidth() * 2
    width = pages.width()
    assert pages.heightForWidth(width) == window.practice_page.heightForWidth(width - frame) + frame
    window.set_stage(Stage.DEBRIEF)
    assert pages.heightForWidth(width) == window.debrief_page.heightForWidth(width - frame) + frame


def test_the_unseen_picture_is_one_band_high_so_the_session_s_peak_memory_does_not_rise(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    stack = QStackedWidget()
    qtbot.add_widget(stack)
    tall = QWidget()
    stack.addWidget(QLabel("shown"))
    stack.addWidget(tall)
    stack.resize(1900, 1000)
    stack.show()
    qtbot.wait_exposed(stack)
    made: list[tuple[int, int]] = []

    def picture(width: int, height: int) -> QPixmap:
        made.append((width, height))
        return QPixmap(width, height)

    monkeypatch.setattr(warm_up, "QPixmap", picture)
    paints = _Paints()
    tall.installEventFilter(paints)
    assert warm_page(stack, tall)
    assert made == [(tall.width(), warm_up.BAND)]
    assert paints.count >= tall.height() // warm_up.BAND  # every band of it painted
