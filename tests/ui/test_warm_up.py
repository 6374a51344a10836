"""The debrief page is made ready while the practice waits to start (issue 16): laid out at the size it will
have and painted once off screen, so that the move to it when the practice ends costs the room no frame.
Nothing the facilitator sees changes while that happens."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel, QStackedWidget, QWidget
from pytestqt.qtbot import QtBot

from mindful_listening.core.flow import Stage
from mindful_listening.core.library import find_script
from mindful_listening.ui.warm_up import warm_page
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
