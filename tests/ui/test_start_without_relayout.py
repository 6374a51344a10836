"""Pausing and resuming the practice relays out nothing around the controls (issue 16): the Start button
becoming Pause, then Resume, each a wider word, relaid out the whole console each time. The button keeps the
room of its widest word, and the controls sit behind a fence."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from mindful_listening.core.flow import Stage
from mindful_listening.core.library import find_script
from mindful_listening.core.runner import State
from mindful_listening.ui.widgets import SteadyToolButton, action_button
from tests.ui.conftest import MakeWindow
from tests.ui.test_no_relayout import Counter


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def test_a_button_that_takes_turns_with_its_words_is_as_wide_as_the_widest(qtbot: QtBot) -> None:
    action = QAction("&Start")
    action.setProperty("steadyWords", ["&Start", "&Pause", "&Resume"])
    button = action_button(action, "Start or pause")
    qtbot.add_widget(button)
    assert isinstance(button, SteadyToolButton)
    sizes = []
    for words in ("&Start", "&Pause", "&Resume"):
        action.setText(words)
        sizes.append(button.sizeHint())
    assert sizes[0] == sizes[1] == sizes[2]
    plain = action_button(QAction("&Resume"))
    qtbot.add_widget(plain)
    assert not isinstance(plain, SteadyToolButton)
    assert sizes[0].width() >= plain.sizeHint().width()  # the widest word fits


def test_pause_and_resume_relay_out_nothing_around_the_controls(
    qtbot: QtBot, make_window: MakeWindow, advance: Callable[[int], None]
) -> None:
    window = make_window()
    window.resize(1366, 768)
    window.use_script(find_script("speak-reflect-respond"))
    window.set_stage(Stage.PRACTICE)
    settle()
    toggle = window.practice_page.buttons[0]
    width = toggle.width()
    window.toggle()  # started: other controls come alive as well (the first start's own layout is left)
    advance(100)
    settle()
    assert toggle.width() == width, "Start became Pause in the same room"
    console = window.findChild(QWidget, "presenterConsole")
    assert console is not None
    counter = Counter((QEvent.Type.LayoutRequest,), window.presenter_split, console, window.practice_page)
    words = []
    for state in (State.PAUSED, State.RUNNING, State.PAUSED):
        window.toggle()
        advance(100)
        settle()
        assert window.controller is not None
        assert window.controller.state is state
        words.append(toggle.text().replace("&", ""))
        assert toggle.width() == width, "the button keeps its room"
    assert words == ["Resume", "Pause", "Resume"]
    assert counter.seen == {}, f"relaid out by the controls' new words: {counter.seen}"
