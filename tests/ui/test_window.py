"""The facilitator's window: stages, every control and shortcut, notes, the nudge, files, focus and names."""

from __future__ import annotations

import os
import sys
import types
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from mindful_listening.controller import SessionController
from mindful_listening.core.flow import NUDGE_AFTER_MS, Stage
from mindful_listening.core.library import builtin_scripts, find_script
from mindful_listening.core.record import MemorySink
from mindful_listening.core.runner import State
from mindful_listening.preferences import Preferences
from mindful_listening.preferences import load as load_prefs
from mindful_listening.speech.api import FakeSpeaker
from mindful_listening.ui import phase, theme
from mindful_listening.ui.shortcut_help import help_text
from mindful_listening.ui.window import MainWindow

MakeWindow = Callable[..., MainWindow]
Key = Qt.Key
Mod = Qt.KeyboardModifier


def read_script_file(qtbot: QtBot, window: MainWindow, path: Path) -> bool:
    """Open a script file as the Open dialog does, and wait for it to be read (off the GUI thread)."""
    with qtbot.wait_signal(window.scriptFileRead, timeout=10_000) as blocker:
        window.load_script_file(str(path))
    return bool(blocker.args[0])


def stage_of(window: MainWindow) -> Stage:
    """Read afresh (a helper, so the type checker does not carry an earlier assert's narrowing over)."""
    return window.stage


def state_of(controller: SessionController | None) -> State:
    assert controller is not None
    return controller.state


def press(
    qtbot: QtBot, window: MainWindow, key: Qt.Key, modifier: Qt.KeyboardModifier = Mod.NoModifier
) -> None:
    """A key press where the keyboard focus is, as a facilitator's key press would arrive."""
    target = QApplication.focusWidget() or window
    QTest.keyClick(target, key, modifier)


def remaining(window: MainWindow) -> int:
    assert window.controller is not None
    return window.controller.snapshot().remaining_ms


def into_practice(qtbot: QtBot, window: MainWindow) -> None:
    window.use_selected_script()
    assert stage_of(window) is Stage.PURPOSE
    press(qtbot, window, Key.Key_PageDown)
    assert stage_of(window) is Stage.PRACTICE


# ===================================================================== stages
def test_it_opens_on_the_library_with_every_built_in(make_window: MakeWindow) -> None:
    window = make_window()
    assert stage_of(window) is Stage.LIBRARY
    assert window.library_page.list.count() == len(builtin_scripts())
    assert window.room.page_name == "welcome"
    assert window.controller is None
    assert not window.actions_by_name["toggle"].isEnabled()


def test_purpose_practice_debrief_and_back_by_keyboard(
    qtbot: QtBot,
    make_window: MakeWindow,
    advance: Callable[[int], None],
    answer_end_question: Callable[[bool], None],
) -> None:
    speaker = FakeSpeaker()
    window = make_window(speaker=speaker)
    window.library_page.list.setFocus()
    with qtbot.wait_signal(window.stageChanged) as blocker:
        press(qtbot, window, Key.Key_Return)
    assert blocker.args == ["purpose"]
    assert window.room.page_name == "purpose"
    assert "full, kind attention" in window.room.purpose_text.text()
    assert speaker.prepared, "cues are handed to the speaker as soon as the script is chosen"

    press(qtbot, window, Key.Key_PageDown)
    assert stage_of(window) is Stage.PRACTICE
    assert window.room.page_name == "practice"
    press(qtbot, window, Key.Key_Space)
    assert window.controller is not None
    assert state_of(window.controller) is State.RUNNING
    advance(5_000)
    assert speaker.said[-1][0].startswith("Let's take a moment to arrive")
    press(qtbot, window, Key.Key_Right)
    assert window.controller.snapshot().index == 1
    assert [label.text() for label in window.room.role_labels[:2]] == ["Speaking: A", "Listening: B"]
    press(qtbot, window, Key.Key_Left)
    assert window.controller.snapshot().index == 0
    press(qtbot, window, Key.Key_End)
    answer_end_question(True)
    assert state_of(window.controller) is State.FINISHED
    assert stage_of(window) is Stage.DEBRIEF
    assert window.room.page_name == "debrief"
    assert window.debrief_page.participants.hasFocus(), "the debrief opens ready for typing"
    press(qtbot, window, Key.Key_PageUp)
    assert stage_of(window) is Stage.PRACTICE, "the clicker's PageUp acts from a notes field too"
    press(qtbot, window, Key.Key_PageDown)
    assert stage_of(window) is Stage.DEBRIEF
    press(qtbot, window, Key.Key_2, Mod.ControlModifier)
    assert stage_of(window) is Stage.PURPOSE
    press(qtbot, window, Key.Key_PageUp)
    assert stage_of(window) is Stage.LIBRARY
    press(qtbot, window, Key.Key_4, Mod.ControlModifier)
    assert stage_of(window) is Stage.DEBRIEF


def test_choosing_the_step_before_starting_shows_it_everywhere(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    into_practice(qtbot, window)
    assert [label.text() for label in window.room.role_labels if label.isVisibleTo(window.room)] == [
        "Arriving"
    ]
    press(qtbot, window, Key.Key_Right)  # not started yet: just choose where to begin
    assert state_of(window.controller) is State.READY
    shown = [label.text() for label in window.room.role_labels if label.isVisibleTo(window.room)]
    assert shown == ["Speaking: A", "Listening: B"]
    assert window.practice_page.step_line.text().startswith("Step 2 of 6")
    press(qtbot, window, Key.Key_PageUp)
    assert window.practice_page.step_line.text().startswith("Step 1 of 6")
    press(qtbot, window, Key.Key_Right)
    press(qtbot, window, Key.Key_Space)
    assert window.controller is not None
    assert window.controller.snapshot().index == 1, "the practice begins at the step chosen"


def test_back_from_a_fresh_practice_returns_to_the_purpose(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    into_practice(qtbot, window)
    press(qtbot, window, Key.Key_PageUp)
    assert stage_of(window) is Stage.PURPOSE


def test_the_session_ending_by_itself_opens_the_debrief(
    qtbot: QtBot, make_window: MakeWindow, advance: Callable[[int], None]
) -> None:
    window = make_window()
    into_practice(qtbot, window)
    press(qtbot, window, Key.Key_Space)
    assert window.controller is not None
    with qtbot.wait_signal(window.controller.finished):
        advance(window.controller.timeline.total_ms + 1_000)
    assert stage_of(window) is Stage.DEBRIEF


# ===================================================================== controls
def test_every_practice_button_drives_the_session(
    qtbot: QtBot,
    make_window: MakeWindow,
    advance: Callable[[int], None],
    answer_end_question: Callable[[bool], None],
) -> None:
    window = make_window()
    into_practice(qtbot, window)
    buttons = {b.accessibleName(): b for b in window.practice_page.buttons}
    controller = window.controller
    assert controller is not None

    QTest.mouseClick(buttons["Start or pause"], Qt.MouseButton.LeftButton)
    assert state_of(controller) is State.RUNNING
    advance(10_000)
    before = remaining(window)
    QTest.mouseClick(buttons["Add 30 seconds"], Qt.MouseButton.LeftButton)
    assert remaining(window) == before + 30_000
    QTest.mouseClick(buttons["Add a minute"], Qt.MouseButton.LeftButton)
    assert remaining(window) == before + 90_000
    QTest.mouseClick(buttons["Skip to the next step"], Qt.MouseButton.LeftButton)
    assert controller.snapshot().index == 1
    advance(20_000)
    QTest.mouseClick(buttons["Repeat this round"], Qt.MouseButton.LeftButton)
    assert controller.snapshot().index == 1
    assert controller.snapshot().elapsed_ms == 0
    QTest.mouseClick(buttons["Back to the previous step"], Qt.MouseButton.LeftButton)
    assert controller.snapshot().index == 0
    QTest.mouseClick(buttons["Start or pause"], Qt.MouseButton.LeftButton)
    assert state_of(controller) is State.PAUSED
    assert window.actions_by_name["toggle"].text().replace("&", "") == "Resume"
    QTest.mouseClick(buttons["Finish the practice"], Qt.MouseButton.LeftButton)
    answer_end_question(True)
    assert state_of(controller) is State.FINISHED
    assert stage_of(window) is Stage.DEBRIEF


def test_plus_adds_thirty_seconds_on_every_layout_and_m_a_minute(
    qtbot: QtBot, make_window: MakeWindow, advance: Callable[[int], None]
) -> None:
    window = make_window()
    into_practice(qtbot, window)
    press(qtbot, window, Key.Key_Space)
    advance(3_000)
    start = remaining(window)
    press(qtbot, window, Key.Key_Plus)  # "+" without Shift: a German or Nordic keyboard
    assert remaining(window) == start + 30_000
    press(qtbot, window, Key.Key_Equal)  # the same key unshifted on a US keyboard
    assert remaining(window) == start + 60_000
    press(qtbot, window, Key.Key_Plus, Mod.ShiftModifier)  # "+" as a US keyboard types it
    assert remaining(window) == start + 90_000, "+ means 30 s however the layout types it"
    press(qtbot, window, Key.Key_Plus, Mod.KeypadModifier)
    assert remaining(window) == start + 120_000
    press(qtbot, window, Key.Key_M)
    assert remaining(window) == start + 180_000
    assert window.statusBar().currentMessage() == "+1 min added to this step"


def test_plus_does_nothing_before_the_practice_starts(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    into_practice(qtbot, window)
    before = remaining(window)
    press(qtbot, window, Key.Key_Plus)
    assert remaining(window) == before


def test_repeat_round_key(qtbot: QtBot, make_window: MakeWindow, advance: Callable[[int], None]) -> None:
    window = make_window()
    into_practice(qtbot, window)
    press(qtbot, window, Key.Key_Space)
    press(qtbot, window, Key.Key_PageDown)
    press(qtbot, window, Key.Key_PageDown)  # the silent pause of round 1
    assert window.controller is not None
    assert window.controller.snapshot().index == 2
    press(qtbot, window, Key.Key_R)
    assert window.controller.snapshot().index == 1, "back to the round's first step"


def test_the_clickers_next_carries_on_a_paused_practice_without_skipping_a_step(
    qtbot: QtBot, make_window: MakeWindow, advance: Callable[[int], None]
) -> None:
    window = make_window()
    into_practice(qtbot, window)
    press(qtbot, window, Key.Key_Space)
    advance(5_000)
    press(qtbot, window, Key.Key_Space)  # paused on the laptop
    assert window.controller is not None
    assert state_of(window.controller) is State.PAUSED
    index = window.controller.snapshot().index
    press(qtbot, window, Key.Key_PageDown)  # the clicker: carry on
    assert state_of(window.controller) is State.RUNNING
    assert window.controller.snapshot().index == index, "the step the room was in, not the next"
    press(qtbot, window, Key.Key_PageDown)  # running: now it moves on
    assert window.controller.snapshot().index == index + 1


def test_space_b_and_d_say_on_the_laptop_what_they_did(
    qtbot: QtBot, make_window: MakeWindow, advance: Callable[[int], None]
) -> None:
    window = make_window()
    into_practice(qtbot, window)
    bar = window.statusBar()
    press(qtbot, window, Key.Key_Space)
    assert bar.currentMessage() == "Started"
    press(qtbot, window, Key.Key_Space)
    assert bar.currentMessage().startswith("Paused")
    press(qtbot, window, Key.Key_Space)
    assert bar.currentMessage() == "Carrying on"
    press(qtbot, window, Key.Key_B)
    assert window.room.blank
    assert "blanked" in bar.currentMessage()
    press(qtbot, window, Key.Key_Period)
    assert not window.room.blank
    assert bar.currentMessage() == "Room view back"
    shown = window.actions_by_name["digits"].isChecked()
    press(qtbot, window, Key.Key_D)
    assert window.actions_by_name["digits"].isChecked() is not shown
    assert ("hidden" if shown else "shown") in bar.currentMessage()


def test_time_warnings_can_be_a_soft_bell_or_a_silent_caption_and_the_room_still_reads_them(
    qtbot: QtBot, make_window: MakeWindow, advance: Callable[[int], None]
) -> None:
    from mindful_listening.core.timeline import CueKind, compile_script

    speaker = FakeSpeaker()
    window = make_window(speaker=speaker)
    script = find_script("classic-pairs").model_copy(update={"warnings": "bell"})
    turn = next(step for step in compile_script(script).steps if step.roles is not None)
    warning = next(cue for cue in turn.cues if cue.kind is CueKind.WARNING)
    before_warning = turn.duration_ms - warning.anchor_ms
    window.use_script(script)
    window.set_stage(Stage.PRACTICE)
    assert "a soft bell" in window.actions_by_name["warnings_script"].text(), "the script's choice is named"
    press(qtbot, window, Key.Key_Space)
    while window.controller is not None and window.controller.snapshot().index != turn.index:
        press(qtbot, window, Key.Key_PageDown)
    advance(before_warning)
    assert speaker.said[-1] == ("", "soft"), "a soft bell, not words over the speaker"
    assert window.room.caption.text() == warning.text, "the room still reads how long is left"

    window.actions_by_name["warnings_spoken"].trigger()  # for this session, mid-practice
    press(qtbot, window, Key.Key_R)
    advance(before_warning)
    assert speaker.said[-1] == (warning.text, "none")

    window.actions_by_name["warnings_caption"].trigger()
    said = len(speaker.said)
    press(qtbot, window, Key.Key_R)
    advance(before_warning)
    assert warning.text not in [text for text, _bell in speaker.said[said:]], "silent"
    assert ("", "soft") not in speaker.said[said:]
    assert window.room.caption.text() == warning.text
    window.use_script(find_script("triads-observer"))
    assert window.session.warnings == "caption", "the choice holds for the sitting, whatever the script"


def test_pause_and_ground_holds_the_practice_offers_an_outward_anchor_and_waits(
    qtbot: QtBot, make_window: MakeWindow, advance: Callable[[int], None]
) -> None:
    from mindful_listening.core.flow import GROUNDING_WORDS

    speaker = FakeSpeaker()
    window = make_window(speaker=speaker)
    into_practice(qtbot, window)
    press(qtbot, window, Key.Key_G)
    assert speaker.said == [] or speaker.said[-1][0] != GROUNDING_WORDS, "nothing to ground before the start"
    press(qtbot, window, Key.Key_Space)
    advance(5_000)
    stops = speaker.stops
    press(qtbot, window, Key.Key_G)
    assert window.controller is not None
    assert state_of(window.controller) is State.PAUSED, "held at once"
    assert speaker.stops > stops, "whatever was sounding is cut first"
    assert speaker.said[-1] == (GROUNDING_WORDS, "none")
    assert window.room.caption.text() == GROUNDING_WORDS, "and the room reads it"
    assert "feet" in GROUNDING_WORDS
    assert "eyes" in GROUNDING_WORDS
    assert "Paused to ground" in window.statusBar().currentMessage()
    held = window.controller.snapshot().elapsed_ms
    advance(60_000)
    assert window.controller.snapshot().elapsed_ms == held, "it waits, however long"
    press(qtbot, window, Key.Key_PageDown)  # the clicker carries on
    assert state_of(window.controller) is State.RUNNING
    assert window.room.caption.text() == "", "the grounding words go as the practice goes on"
    button = next(
        b for b in window.practice_page.buttons if b.defaultAction() is window.actions_by_name["ground"]
    )
    assert button.isVisibleTo(window), "a button as well as a key"
    assert button.isEnabled()

    own = find_script("classic-pairs").model_copy(update={"grounding": "Feel the floor under you."})
    window.use_script(own)
    window.set_stage(Stage.PRACTICE)
    press(qtbot, window, Key.Key_Space)
    press(qtbot, window, Key.Key_G)
    assert speaker.said[-1] == ("Feel the floor under you.", "none"), "a script's own words"


def test_blank_keys_blank_every_room_view_while_the_timer_runs(
    qtbot: QtBot, make_window: MakeWindow, advance: Callable[[int], None]
) -> None:
    window = make_window()
    into_practice(qtbot, window)
    press(qtbot, window, Key.Key_Space)
    press(qtbot, window, Key.Key_B)
    assert window.room.page_name == "blank"
    assert window.practice_page.mirror.page_name == "blank"
    before = remaining(window)
    advance(4_000)
    assert remaining(window) == before - 4_000
    press(qtbot, window, Key.Key_Period)
    assert window.room.page_name == "practice"
    press(qtbot, window, Key.Key_Period)
    assert window.room.page_name == "blank"
    press(qtbot, window, Key.Key_B)
    assert window.room.page_name == "practice"


def test_digits_toggle_is_remembered(qtbot: QtBot, make_window: MakeWindow, settings: QSettings) -> None:
    window = make_window()
    into_practice(qtbot, window)
    assert window.room.digits.isVisibleTo(window.room)
    press(qtbot, window, Key.Key_D)
    assert not window.room.digits.isVisibleTo(window.room)
    assert load_prefs(settings).show_digits is False
    press(qtbot, window, Key.Key_D)
    assert window.room.digits.isVisibleTo(window.room)
    assert load_prefs(settings).show_digits is True


def test_digits_start_hidden_when_preferred(make_window: MakeWindow) -> None:
    window = make_window(prefs=Preferences(show_digits=False))
    window.use_selected_script()
    window.set_stage(Stage.PRACTICE)
    assert not window.room.digits.isVisibleTo(window.room)
    assert not window.actions_by_name["digits"].isChecked()


def test_font_scale_shortcuts_change_both_views_and_are_saved(
    qtbot: QtBot, make_window: MakeWindow, settings: QSettings
) -> None:
    window = make_window()
    into_practice(qtbot, window)
    # The room's words as the console's mirror shows them (the room view in the window is sized when shown).
    size = window.practice_page.mirror.role_labels[0].font().pixelSize()
    press(qtbot, window, Key.Key_Equal, Mod.ControlModifier)
    press(qtbot, window, Key.Key_Equal, Mod.ControlModifier)
    assert window.prefs.font_scale == pytest.approx(1.2)
    assert load_prefs(settings).font_scale == pytest.approx(1.2)
    assert window.practice_page.mirror.role_labels[0].font().pixelSize() > size
    assert window.font().pointSizeF() == pytest.approx(theme.BASE_POINT_SIZE * 1.2)
    press(qtbot, window, Key.Key_Minus, Mod.ControlModifier)
    assert window.prefs.font_scale == pytest.approx(1.1)
    for _ in range(30):
        press(qtbot, window, Key.Key_Minus, Mod.ControlModifier)
    assert window.prefs.font_scale == pytest.approx(0.6), "clamped"
    press(qtbot, window, Key.Key_0, Mod.ControlModifier)
    assert window.prefs.font_scale == pytest.approx(1.0)


def test_themes_from_the_menu(make_window: MakeWindow, settings: QSettings) -> None:
    window = make_window()
    window.actions_by_name["theme_high-contrast"].trigger()
    assert window.palette_now is theme.HIGH_CONTRAST
    assert load_prefs(settings).theme == "high-contrast"
    image = window.room.grab().toImage()
    assert image.pixelColor(3, 3).name() == "#000000"
    window.actions_by_name["theme_light"].trigger()
    assert window.palette_now is theme.LIGHT
    assert theme.LIGHT.background.lower() in window.styleSheet().lower()
    window.actions_by_name["theme_system"].trigger()
    assert window.palette_now is theme.resolve("system")


def test_room_view_toggle_and_full_screen(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    into_practice(qtbot, window)
    window.statusBar().showMessage("Spoken cues ready")
    press(qtbot, window, Key.Key_R, Mod.ControlModifier | Mod.ShiftModifier)
    assert window.views.currentWidget() is window.room
    assert not window.menuBar().isVisible(), "the room sees the room view alone"
    assert not window.statusBar().isVisible(), "no laptop status line in front of the room"
    press(qtbot, window, Key.Key_R, Mod.ControlModifier | Mod.ShiftModifier)
    assert window.views.currentWidget() is window.presenter
    assert window.menuBar().isVisible()
    assert window.statusBar().isVisible()
    assert not window.actions_by_name["leave_fullscreen"].isEnabled()
    for key in (Key.Key_F11, Key.Key_F5):
        press(qtbot, window, key)
        qtbot.wait_until(window.isFullScreen)
        assert window.views.currentWidget() is window.room
        assert not window.menuBar().isVisible()
        assert not window.statusBar().isVisible()
        press(qtbot, window, Key.Key_Space)  # the keys still act with the menus hidden
        assert window.controller is not None
        press(qtbot, window, Key.Key_Escape)
        qtbot.wait_until(lambda: not window.isFullScreen())
        assert window.views.currentWidget() is window.presenter
        assert window.menuBar().isVisible()
    assert state_of(window.controller) is State.PAUSED, "Space started it, then paused it, menus hidden"


def test_the_audience_window_mirrors_the_room_and_takes_shortcuts(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    into_practice(qtbot, window)
    window.actions_by_name["audience_window"].setChecked(True)
    audience = window.audience_window
    assert audience is not None
    qtbot.wait_exposed(audience)
    assert audience.view.page_name == "practice"
    assert audience.windowTitle() == "Room view", "Qt adds the app's name: it is not written twice"
    audience.activateWindow()
    qtbot.wait_until(audience.isActiveWindow)
    QTest.keyClick(audience, Key.Key_Space)
    assert window.controller is not None
    assert state_of(window.controller) is State.RUNNING
    QTest.keyClick(audience, Key.Key_B)
    assert audience.view.page_name == "blank"
    QTest.keyClick(audience, Key.Key_B)
    QTest.keyClick(audience, Key.Key_F11)
    qtbot.wait_until(audience.isFullScreen)
    assert not window.isFullScreen(), "with its own window, only the room view goes full screen"
    QTest.keyClick(audience, Key.Key_Escape)
    qtbot.wait_until(lambda: not audience.isFullScreen())
    audience.close()
    assert not window.actions_by_name["audience_window"].isChecked()


def test_the_screen_menu_lists_screens_and_remembers_the_choice(
    make_window: MakeWindow, settings: QSettings
) -> None:
    window = make_window()
    names = [a.text() for a in window.screen_menu.actions()]
    assert len(names) == len(QApplication.screens()) >= 1
    assert names[0].startswith("Screen 1")
    window.choose_audience_screen(0)
    assert load_prefs(settings).audience_screen == QApplication.screens()[0].name()
    assert window.audience_screen_index() is None, "one screen: the toggle in the window is the way"


# ===================================================================== typing is never a shortcut
def test_typing_in_notes_fields_never_triggers_single_key_shortcuts(
    qtbot: QtBot,
    make_window: MakeWindow,
    advance: Callable[[int], None],
    answer_end_question: Callable[[bool], None],
) -> None:
    window = make_window()
    into_practice(qtbot, window)
    press(qtbot, window, Key.Key_Space)
    advance(2_000)
    field = window.practice_page.notes
    field.setFocus()
    qtbot.wait_until(field.hasFocus)
    before = remaining(window)
    QTest.keyClicks(field, "B. + = R D end")
    for key in (Key.Key_Space, Key.Key_Plus, Key.Key_B, Key.Key_Period, Key.Key_Right):
        QTest.keyClick(field, key)
    assert window.controller is not None
    assert state_of(window.controller) is State.RUNNING, "Space was typed, not a pause"
    assert window.controller.snapshot().index == 0, "the arrows stayed in the field"
    assert remaining(window) == before
    assert window.room.page_name == "practice"
    assert window.room.digits.isVisibleTo(window.room)
    assert field.toPlainText() == "B. + = R D end +b.", "every key was typed"
    assert "Esc or Tab leaves the field" in window.stage_hint.text(), "the field says how to leave it"
    QTest.keyClick(field, Key.Key_PageDown)  # the clicker never types: it moves on, from the field too
    assert window.controller.snapshot().index == 1
    assert field.hasFocus(), "and the note stays open for typing"
    QTest.keyClick(field, Key.Key_Escape)
    assert not field.hasFocus(), "Esc leaves the field"
    assert window.practice_page.buttons[0].hasFocus()
    advance(4_000)
    press(qtbot, window, Key.Key_R)  # single keys act again, and say what they did
    assert "Round repeated" in window.statusBar().currentMessage()
    assert window.controller.snapshot().elapsed_ms == 0
    advance(1_000)
    press(qtbot, window, Key.Key_Z, Mod.ControlModifier)
    assert window.controller.snapshot().elapsed_ms == 5_000, "undone: as if R had not been pressed"
    assert "Undone" in window.statusBar().currentMessage()
    field.setFocus()
    qtbot.wait_until(field.hasFocus)
    # Shortcuts with Ctrl still work from a field.
    QTest.keyClick(field, Key.Key_4, Mod.ControlModifier)
    answer_end_question(True)
    assert stage_of(window) is Stage.DEBRIEF
    participants = window.debrief_page.participants
    participants.setFocus()
    QTest.keyClicks(participants, "AB, C.D")
    QTest.keyClick(participants, Key.Key_Left)
    QTest.keyClick(participants, Key.Key_B)
    assert participants.text() == "AB, C.bD", "Left moved the cursor; b was typed"
    assert window.room.page_name == "debrief"
    assert stage_of(window) is Stage.DEBRIEF


def test_typing_in_another_window_of_the_app_is_never_a_shortcut(
    qtbot: QtBot, make_window: MakeWindow, advance: Callable[[int], None]
) -> None:
    window = make_window()
    into_practice(qtbot, window)
    press(qtbot, window, Key.Key_Space)
    other = QLineEdit()  # e.g. the search field of the history window
    qtbot.add_widget(other)
    other.show()
    other.activateWindow()
    qtbot.wait_until(other.isActiveWindow)
    other.setFocus()
    qtbot.wait_until(other.hasFocus)
    QTest.keyClicks(other, "b .")
    QTest.keyClick(other, Key.Key_PageDown)
    assert other.text() == "b ."
    assert state_of(window.controller) is State.RUNNING
    assert window.room.page_name == "practice"
    assert window.controller is not None
    assert window.controller.snapshot().index == 0


# ===================================================================== nudge
def test_forgot_to_start_nudge_after_45_seconds(
    qtbot: QtBot, make_window: MakeWindow, advance: Callable[[int], None]
) -> None:
    window = make_window()
    into_practice(qtbot, window)
    advance(NUDGE_AFTER_MS - 1)
    assert not window.nudge_visible
    advance(1)
    assert window.nudge_visible
    assert "press Space" in window.practice_page.nudge_text.text()
    assert window.room.findChildren(QWidget, "nudge") == [], "the nudge is for the facilitator only"
    press(qtbot, window, Key.Key_Space)
    assert not window.nudge_visible
    advance(NUDGE_AFTER_MS * 2)
    assert not window.nudge_visible


def test_no_nudge_once_the_practice_stage_is_left(
    qtbot: QtBot, make_window: MakeWindow, advance: Callable[[int], None]
) -> None:
    window = make_window()
    into_practice(qtbot, window)
    advance(NUDGE_AFTER_MS // 2)
    press(qtbot, window, Key.Key_PageUp)
    assert stage_of(window) is Stage.PURPOSE
    advance(NUDGE_AFTER_MS * 2)
    assert not window.nudge_visible
    press(qtbot, window, Key.Key_PageDown)
    advance(NUDGE_AFTER_MS - 1)
    assert not window.nudge_visible, "the wait starts again when the stage is opened again"
    advance(1)
    assert window.nudge_visible


# ===================================================================== notes
def test_notes_survive_moving_between_stages_and_are_saved_on_each_edit(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    sink = MemorySink()
    window = make_window(sink=sink)
    into_practice(qtbot, window)
    QTest.keyClicks(window.practice_page.notes, "pair 3 laughed")
    assert window.notebook is not None
    record = window.notebook.record
    assert record is not None
    assert sink.records[record.id].free_notes == "pair 3 laughed"
    window.set_stage(Stage.DEBRIEF)
    assert window.debrief_page.free_notes.toPlainText() == "pair 3 laughed"
    saves = sink.saves
    QTest.keyClicks(window.debrief_page.prompt_fields[0], "warmth")
    assert sink.saves == saves + len("warmth"), "every edit is handed to the sink"
    QTest.keyClicks(window.debrief_page.reflection, "slow down")
    QTest.keyClicks(window.debrief_page.participants, "AB, CD")
    QTest.keyClicks(window.debrief_page.free_notes, "; later")
    for stage in (Stage.PURPOSE, Stage.LIBRARY, Stage.PRACTICE, Stage.DEBRIEF):
        window.set_stage(stage)
    assert window.debrief_page.prompt_fields[0].toPlainText() == "warmth"
    assert window.debrief_page.reflection.toPlainText() == "slow down"
    assert window.practice_page.notes.toPlainText() == "pair 3 laughed; later"
    saved = sink.records[record.id]
    assert [n.text for n in saved.notes] == ["warmth"]
    assert (saved.reflection, saved.participants) == ("slow down", ["AB", "CD"])
    saves = sink.saves
    window.close()
    assert sink.saves > saves, "saved again on close"


def test_the_record_begins_when_the_practice_starts(
    qtbot: QtBot,
    make_window: MakeWindow,
    advance: Callable[[int], None],
    answer_end_question: Callable[[bool], None],
) -> None:
    sink = MemorySink()
    window = make_window(sink=sink)
    into_practice(qtbot, window)
    assert sink.records == {}
    press(qtbot, window, Key.Key_Space)
    assert len(sink.records) == 1
    advance(30_000)
    press(qtbot, window, Key.Key_End)
    answer_end_question(True)
    (saved,) = sink.records.values()
    assert saved.ended_at is None, "the practice ended; the session ends as the facilitator leaves it"
    assert saved.steps[0].actual_ms == 30_000
    window.close()
    (closed,) = sink.records.values()
    assert closed.ended_at is not None
    assert saved.script_id == "classic-pairs"


def test_debrief_prompts_are_grouped_by_layer_then_role(make_window: MakeWindow) -> None:
    window = make_window()
    window.use_selected_script()
    page = window.debrief_page
    assert window.script is not None
    prompts = window.script.debrief.prompts
    assert len(page.prompt_fields) == len(prompts)
    groups = [g.objectName() for g in page.findChildren(QWidget) if g.objectName().startswith("layer-")]
    assert groups == ["layer-noticing", "layer-dialogue", "layer-linking"]
    names = [field.accessibleName() for field in page.prompt_fields]
    assert names == [f"Notes: {p.text}" for p in prompts]
    assert page.participants.placeholderText() == "initials or codes only, never full names"


# ===================================================================== script files
GOOD = """
id = "tiny"
title = "A tiny practice"
mode = "group-pairs"
purpose = "To notice."
[[steps]]
kind = "turn"
title = "A speaks"
duration = "1m"
roles = { speaker = "A", listener = "B" }
[[steps.cues]]
at = "start"
text = "You might begin."
"""

BAD = """
id = "Not An Id"
title = "Broken"
mode = "group-pairs"
purpose = "To notice."
[[steps]]
kind = "turn"
title = "A speaks"
durtion = "1m"
"""


def test_a_file_with_problems_shows_them_and_loses_nothing(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path
) -> None:
    window = make_window()
    window.use_selected_script()
    chosen = window.script
    window.set_stage(Stage.LIBRARY)
    count = window.library_page.list.count()
    bad = tmp_path / "broken.toml"
    bad.write_text(BAD, encoding="utf-8")
    assert read_script_file(qtbot, window, bad) is False
    assert window.library_page.problems.isVisible()
    text = window.library_page.problems_text.text()
    assert 'did you mean "duration"' in text
    assert "broken.toml" in text
    assert window.library_page.list.count() == count
    assert window.script is chosen
    good = tmp_path / "tiny.toml"
    good.write_text(GOOD, encoding="utf-8")
    assert read_script_file(qtbot, window, good) is True
    assert not window.library_page.problems.isVisible()
    assert window.library_page.list.count() == count + 1
    assert window.library_page.current_script() is not None
    assert window.library_page.title.text() == "A tiny practice"
    press(qtbot, window, Key.Key_PageDown)
    assert window.script is not None
    assert window.script.id == "tiny"


def test_open_asks_for_a_file_without_blocking(qtbot: QtBot, make_window: MakeWindow, tmp_path: Path) -> None:
    window = make_window()
    press(qtbot, window, Key.Key_O, Mod.ControlModifier)  # returns at once: nothing waits on the dialog
    dialogs = window.findChildren(QFileDialog)
    assert len(dialogs) == 1
    dialog = dialogs[0]
    qtbot.wait_until(dialog.isVisible)
    good = tmp_path / "tiny.toml"
    good.write_text(GOOD, encoding="utf-8")
    with qtbot.wait_signal(window.scriptFileRead, timeout=10_000):
        dialog.fileSelected.emit(str(good))
        dialog.accept()
    assert window.library_page.current_script() is not None
    assert window.library_page.current_script().id == "tiny"  # type: ignore[union-attr]


def test_rehearse_tab_lists_every_step_and_cue(make_window: MakeWindow) -> None:
    window = make_window()
    plan = window.library_page.plan
    script = window.library_page.current_script()
    assert script is not None
    assert plan.topLevelItemCount() == len(script.steps) + 1
    first = plan.topLevelItem(0)
    assert first is not None
    assert first.text(0) == "0:00"
    assert "Arriving" in first.text(1)
    texts = [
        plan.topLevelItem(i).child(j).text(1)  # type: ignore[union-attr]
        for i in range(plan.topLevelItemCount())
        for j in range(plan.topLevelItem(i).childCount())  # type: ignore[union-attr]
    ]
    assert any("“About one minute left.”" in text for text in texts), "the warning, spoken or not"
    assert any("bell" in text for text in texts)
    last = plan.topLevelItem(plan.topLevelItemCount() - 1)
    assert last is not None
    assert last.text(1) == "End"


def test_rehearse_shows_a_warning_as_the_room_will_meet_it(make_window: MakeWindow) -> None:
    from mindful_listening.core.timeline import CueKind, compile_script

    script = find_script("classic-pairs").model_copy(update={"warnings": "bell"})
    window = make_window(scripts=[script])
    plan = window.library_page.plan
    warning = next(
        cue for step in compile_script(script).steps for cue in step.cues if cue.kind is CueKind.WARNING
    )
    texts = [
        plan.topLevelItem(i).child(j).text(1)  # type: ignore[union-attr]
        for i in range(plan.topLevelItemCount())
        for j in range(plan.topLevelItem(i).childCount())  # type: ignore[union-attr]
    ]
    assert f"[soft bell] “{warning.text}” (caption only)" in texts


def test_another_script_cannot_be_chosen_mid_practice(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    into_practice(qtbot, window)
    press(qtbot, window, Key.Key_Space)
    chosen = window.script
    window.set_stage(Stage.LIBRARY)
    window.library_page.list.setCurrentRow(1)
    assert not window.actions_by_name["use"].isEnabled()
    window.use_selected_script()
    assert window.script is chosen
    assert window.controller is not None
    assert state_of(window.controller) is State.RUNNING


def test_a_new_script_starts_a_new_record(
    qtbot: QtBot, make_window: MakeWindow, answer_end_question: Callable[[bool], None]
) -> None:
    sink = MemorySink()
    window = make_window(sink=sink)
    into_practice(qtbot, window)
    press(qtbot, window, Key.Key_Space)
    press(qtbot, window, Key.Key_End)
    answer_end_question(True)
    QTest.keyClicks(window.debrief_page.prompt_fields[0], "first group")
    first = window.notebook.record if window.notebook else None
    assert first is not None
    window.set_stage(Stage.LIBRARY)
    window.library_page.list.setCurrentRow(1)
    window.use_selected_script()
    chosen = window.library_page.current_script()
    assert window.script is chosen
    assert chosen is not None
    assert chosen.id != "classic-pairs"
    assert len(window.debrief_page.prompt_fields) == len(chosen.debrief.prompts)
    assert all(not f.toPlainText() for f in window.debrief_page.prompt_fields)
    assert window.practice_page.notes.toPlainText() == ""
    press(qtbot, window, Key.Key_PageDown)
    press(qtbot, window, Key.Key_Space)
    assert len(sink.records) == 2
    assert [n.text for n in sink.records[first.id].notes] == ["first group"]


# ===================================================================== speech
def test_read_aloud_speaks_the_purpose(qtbot: QtBot, make_window: MakeWindow) -> None:
    speaker = FakeSpeaker()
    window = make_window(speaker=speaker)
    window.use_selected_script()
    window.set_stage(Stage.PURPOSE)
    press(qtbot, window, Key.Key_R, Mod.ControlModifier)
    assert speaker.said[-1][0].startswith("This practice is a chance to listen")
    assert speaker.said[-1][1] == "none"
    note = window.purpose_page.reading_note
    assert note.isVisibleTo(window), "the laptop says it is reading, and how to stop"
    assert "Ctrl+R" in note.text()
    press(qtbot, window, Key.Key_R, Mod.ControlModifier)  # again: stop
    assert speaker.stops == 1
    assert not note.isVisibleTo(window)
    press(qtbot, window, Key.Key_R, Mod.ControlModifier)  # reading again, then straight on to the practice
    press(qtbot, window, Key.Key_PageDown)
    press(qtbot, window, Key.Key_Space)
    assert speaker.stops == 2, "the reading is cut before the practice's first cue"
    assert not window.reading.reading
    assert speaker.said[-1][0] != speaker.said[-2][0], "and the first cue is asked for after it"


def test_the_reminders_can_be_shown_under_the_purpose_in_the_room_and_read_aloud(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    speaker = FakeSpeaker()
    window = make_window(speaker=speaker)
    window.use_selected_script()
    script = window.script
    assert script is not None
    reminders = phase.reminders(script)
    assert reminders, "every script has reminders to offer"
    room = window.room
    assert room.page_name == "purpose"
    assert not room.reminders_text.isVisibleTo(room), "off until the facilitator shows them"
    show = window.purpose_page.reminder_buttons[1]
    assert show.text() == "Show them in the room"
    show.click()
    assert room.reminders_text.isVisibleTo(room)
    assert room.reminders_text.text() == "\n".join(reminders)
    assert room.purpose_text.text() == phase.reflow(script.purpose), "under the purpose, not instead of it"
    read = window.purpose_page.reminder_buttons[0]
    read.click()
    assert speaker.said[-1] == (" ".join(reminders), "none")
    assert read.text() == "Stop", "the same button stops the reading"
    read.click()
    assert read.text() == "Read them aloud"
    window.set_stage(Stage.PRACTICE)
    window.set_stage(Stage.PURPOSE)
    assert room.reminders_text.isVisibleTo(room), "the choice holds for the session"
    show.click()
    assert not room.reminders_text.isVisibleTo(room)


def test_fallback_reminders_fit_who_is_in_the_room() -> None:
    pairs = find_script("classic-pairs").model_copy(update={"ethical_reminders": []})
    triads = find_script("triads-observer").model_copy(update={"ethical_reminders": []})
    assert "in a pair" in " ".join(phase.reminders(pairs))
    assert "pair" not in " ".join(phase.reminders(triads)), "no pairs talk for a group of three"
    for script in (pairs, triads):
        assert "at risk" in " ".join(phase.reminders(script)), "confidentiality with its limit"


def test_the_purpose_page_says_how_to_form_the_groups_for_the_people_present(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    window.use_script(find_script("classic-pairs"))
    window.set_stage(Stage.PURPOSE)
    helper = window.purpose_page.group_size
    assert helper.isVisibleTo(window)
    helper.count.setValue(6)
    assert helper.advice.text() == "Form 3 pairs."
    assert not helper.use_button.isVisibleTo(window)
    helper.count.setValue(7)
    assert helper.advice.text().startswith("Form 2 pairs and one three. Or join in yourself: 4 pairs.")
    assert "Listening in twos and threes" in helper.advice.text()
    assert helper.use_button.isVisibleTo(window)
    helper.use_button.click()
    assert window.script is not None
    assert window.script.id == "twos-and-threes", "the shape for a mixed room, one press away"
    assert stage_of(window) is Stage.PURPOSE
    assert helper.advice.text() == "Form 2 pairs and one three. Or join in yourself: 4 pairs."
    assert not helper.use_button.isVisibleTo(window), "already the shape for it"

    window.use_script(find_script("triads-observer"))
    window.set_stage(Stage.PURPOSE)
    helper.count.setValue(8)
    assert helper.advice.text().startswith("Form 2 threes and one pair.")
    assert "Or join in yourself: 3 threes." in helper.advice.text()
    window.use_script(find_script("rain"))
    window.set_stage(Stage.PURPOSE)
    assert not helper.isVisibleTo(window), "nothing to form one-to-one"


def test_where_a_practice_comes_from_is_named_on_the_laptop_never_in_the_room(
    make_window: MakeWindow, texts_of: Callable[[QWidget], list[str]]
) -> None:
    window = make_window()
    script = window.library_page.current_script()
    assert script is not None
    assert script.based_on, "every built-in names its source"
    assert window.library_page.based_on.text() == f"Based on: {script.based_on}"
    window.use_selected_script()
    assert window.purpose_page.based_on.isVisibleTo(window)
    assert script.based_on in window.purpose_page.based_on.text()
    assert not any(script.based_on in text for text in texts_of(window.room))


def test_closing_the_window_shuts_the_speaker_down(make_window: MakeWindow) -> None:
    speaker = FakeSpeaker()
    window = make_window(speaker=speaker)
    window.use_selected_script()
    window.close()
    assert speaker.closed
    window.close()  # twice is harmless


# ===================================================================== help, names, focus
def test_f1_shows_every_shortcut_without_blocking(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    press(qtbot, window, Key.Key_F1)
    panel = window.help_panel
    assert panel is not None
    qtbot.wait_exposed(panel)
    assert not panel.isModal()
    rows = dict(panel.rows())
    for what in ("Start, pause or resume", "Back", "Add 30 seconds", "Add a minute"):
        assert what in rows, what
    assert rows["Start, pause or resume"] == "Space"
    assert rows["Next (before the practice, or paused: start or carry on)"] == "PgDown", "the clicker's key"
    assert rows["Next (before the practice: choose the step)"] == "Right"
    assert rows["Add a minute"] == "M"
    assert rows["Blank the room view"] == "B  or  ."
    assert rows["Room view full screen"] == "F11  or  F5"
    assert rows["Larger text"].startswith("Ctrl+=")
    assert rows["Keyboard shortcuts"] == "F1"
    for action in window.actions_by_name.values():
        if action.shortcuts():
            assert help_text(action) in rows, action.text()
    # The session keeps answering the keyboard while the panel is open.
    window.use_selected_script()
    window.set_stage(Stage.PRACTICE)
    panel.activateWindow()
    qtbot.wait_until(panel.isActiveWindow)
    QTest.keyClick(panel.tree, Key.Key_Space)
    assert window.controller is not None
    assert state_of(window.controller) is State.RUNNING


def test_every_control_has_an_accessible_name(make_window: MakeWindow) -> None:
    window = make_window()
    window.use_selected_script()
    window.show_shortcuts()
    missing: list[str] = []
    roots: list[QWidget] = [window]
    if window.help_panel is not None:
        roots.append(window.help_panel)
    for root in roots:
        for widget in root.findChildren(QWidget):
            interactive = isinstance(widget, QAbstractButton | QLineEdit | QPlainTextEdit | QAbstractItemView)
            interactive = interactive or isinstance(widget, QTabWidget)
            interactive = interactive and not isinstance(widget, QHeaderView)  # part of its tree
            if not interactive or widget.parent() is None:
                continue
            if type(widget).__name__ in ("QScrollBar",) or widget.objectName().startswith("qt_"):
                continue
            if not widget.accessibleName() and not (isinstance(widget, QAbstractButton) and widget.text()):
                missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    assert missing == []
    for button in window.practice_page.buttons:
        assert button.accessibleName()


def _tab_walk(qtbot: QtBot, start: QWidget, steps: int) -> list[str]:
    start.setFocus()
    qtbot.wait_until(start.hasFocus)
    names = [start.accessibleName()]
    for _ in range(steps):
        focus = QApplication.focusWidget()
        assert focus is not None
        QTest.keyClick(focus, Key.Key_Tab)
        now = QApplication.focusWidget()
        assert now is not None
        names.append(now.accessibleName())
    return names


def test_tab_order_in_the_debrief_reads_top_to_bottom(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    window.use_selected_script()
    window.set_stage(Stage.DEBRIEF)
    assert window.script is not None
    prompts = window.script.debrief.prompts
    names = _tab_walk(qtbot, window.debrief_page.participants, len(prompts) + 4)
    assert names == [
        "Participants: initials or codes",
        *[f"Notes: {p.text}" for p in prompts],
        "Free notes",
        "How would you like to reflect?",
        "Your own reflection",
        "Save the notes now",
    ]


def test_tab_order_in_the_practice_follows_the_controls(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    into_practice(qtbot, window)
    press(qtbot, window, Key.Key_Space)  # everything enabled
    press(qtbot, window, Key.Key_Space)
    names = _tab_walk(qtbot, window.practice_page.buttons[0], len(window.practice_page.buttons))
    assert names == [
        "Start or pause",
        "Pause and ground",
        "Add 30 seconds",
        "Add a minute",
        "Skip to the next step",
        "Back to the previous step",
        "Repeat this round",
        "Finish the practice",
        "Your session notes (this laptop only)",
    ]


def test_space_on_a_focused_button_toggles_once(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    into_practice(qtbot, window)
    press(qtbot, window, Key.Key_Space)
    press(qtbot, window, Key.Key_Space)
    assert window.controller is not None
    assert state_of(window.controller) is State.PAUSED
    button = window.practice_page.buttons[2]  # "Add 30 seconds": Space must not press it
    assert button.accessibleName() == "Add 30 seconds"
    button.setFocus()
    qtbot.wait_until(button.hasFocus)
    press(qtbot, window, Key.Key_Space)
    assert state_of(window.controller) is State.RUNNING
    assert window.controller.runner.log.extensions == []


def test_optional_tools_open_as_windows_with_what_they_ask_for(
    make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    sink = MemorySink()
    window = make_window(sink=sink)
    received: dict[str, object] = {}

    class HistoryWidget(QWidget):
        diaryWanted = Signal(str)

        def __init__(self, keeper: object = None, parent: QWidget | None = None) -> None:
            super().__init__(parent)
            self.setObjectName("historyStandIn")
            received["keeper"] = keeper

    module = types.ModuleType("mindful_listening.ui.history")
    module.HistoryWidget = HistoryWidget  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "mindful_listening.ui.history", module)
    window.actions_by_name["history"].setEnabled(True)
    window.actions_by_name["history"].trigger()
    (opened,) = window.findChildren(QWidget, "historyStandIn")
    assert received["keeper"] is sink
    assert opened.isWindow()
    assert opened.isVisible()
    window.actions_by_name["history"].trigger()  # a second time: the same window comes forward
    assert len(window.findChildren(QWidget, "historyStandIn")) == 1


def test_cues_are_already_being_prepared_when_the_purpose_stage_opens(make_window: MakeWindow) -> None:
    speaker = FakeSpeaker()
    window = make_window(speaker=speaker)
    prepared_at_purpose: list[int] = []
    window.stageChanged.connect(
        lambda stage: prepared_at_purpose.append(len(speaker.prepared)) if stage == "purpose" else None
    )
    window.use_script(find_script("classic-pairs"))
    assert prepared_at_purpose, "the purpose stage opened"
    assert prepared_at_purpose[0] > 0, "rendering starts before anything can move on from the purpose"


# ===================================================================== safe moves
def test_leaving_a_running_practice_holds_it_and_asks_and_staying_carries_on(
    qtbot: QtBot,
    make_window: MakeWindow,
    advance: Callable[[int], None],
    answer_end_question: Callable[[bool], None],
) -> None:
    speaker = FakeSpeaker()
    window = make_window(speaker=speaker)
    into_practice(qtbot, window)
    press(qtbot, window, Key.Key_Space)
    advance(3_000)
    assert window.controller is not None
    press(qtbot, window, Key.Key_4, Mod.ControlModifier)  # Debrief, mid-turn
    assert state_of(window.controller) is State.PAUSED, "held while the facilitator is asked"
    assert stage_of(window) is Stage.PRACTICE
    assert window.room.page_name == "practice", "the room never shows a stage the clock is not in"
    said = len(speaker.said)
    advance(60_000)
    assert len(speaker.said) == said, "no cue sounds while the question is open"
    answer_end_question(False)  # Esc: stay
    assert state_of(window.controller) is State.RUNNING
    assert window.controller.snapshot().elapsed_ms == 3_000, "it carries on where it was held"
    assert stage_of(window) is Stage.PRACTICE
    press(qtbot, window, Key.Key_L, Mod.ControlModifier)  # the library, this time ended
    answer_end_question(True)
    assert state_of(window.controller) is State.FINISHED
    assert stage_of(window) is Stage.LIBRARY
    assert window.room.page_name == "welcome"


def test_a_paused_practice_stays_paused_after_the_question_and_quitting_asks_too(
    qtbot: QtBot, make_window: MakeWindow, answer_end_question: Callable[[bool], None]
) -> None:
    window = make_window()
    into_practice(qtbot, window)
    press(qtbot, window, Key.Key_Space)
    press(qtbot, window, Key.Key_Space)  # paused by the facilitator
    assert window.controller is not None
    press(qtbot, window, Key.Key_Q, Mod.ControlModifier)
    answer_end_question(False)
    assert window.isVisible(), "staying: the window stays open"
    assert state_of(window.controller) is State.PAUSED, "it was paused before the question, and stays so"
    press(qtbot, window, Key.Key_Q, Mod.ControlModifier)
    answer_end_question(True)
    qtbot.wait_until(lambda: not window.isVisible())
    assert state_of(window.controller) is State.FINISHED


def test_moves_that_need_no_question_ask_none(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    into_practice(qtbot, window)  # ready, not started
    press(qtbot, window, Key.Key_4, Mod.ControlModifier)
    assert stage_of(window) is Stage.DEBRIEF, "nothing under way: straight there"
    assert QApplication.activeModalWidget() is None


def test_the_record_holds_what_the_clock_saw_of_the_step_under_way(
    qtbot: QtBot, make_window: MakeWindow, advance: Callable[[int], None]
) -> None:
    sink = MemorySink()
    window = make_window(sink=sink)
    into_practice(qtbot, window)
    press(qtbot, window, Key.Key_Space)
    advance(20_000)
    press(qtbot, window, Key.Key_Space)  # a pause: what the clock saw is saved now (a crash may follow)
    (saved,) = sink.records.values()
    assert saved.steps[0].actual_ms == 20_000, "not 0 s for a step that ran 20 s"
    assert saved.steps[0].outcome == "running"


def test_the_window_title_names_the_script_once_and_never_the_app_twice(make_window: MakeWindow) -> None:
    window = make_window()
    assert window.windowTitle() == "Mindful Listening", "Qt leaves a title that already ends with the name"
    window.use_script(find_script("classic-pairs"))
    assert window.windowTitle() == find_script("classic-pairs").title, "Qt adds ' — Mindful Listening' itself"


def test_esc_closes_the_shortcut_list_and_the_history(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    press(qtbot, window, Key.Key_F1)
    panel = window.help_panel
    assert panel is not None
    qtbot.wait_until(panel.isVisible)
    panel.activateWindow()
    qtbot.wait_until(panel.isActiveWindow)
    QTest.keyClick(panel, Key.Key_Escape)
    qtbot.wait_until(lambda: not panel.isVisible())
    history = window.tools.open("history")
    history.activateWindow()
    qtbot.wait_until(history.isActiveWindow)
    QTest.keyClick(history, Key.Key_Escape)
    qtbot.wait_until(lambda: not history.isVisible())


def test_the_history_opens_the_diary_on_the_words_searched(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    history = window.tools.open("history")
    history.diaryWanted.emit("marmalade light")  # type: ignore[attr-defined]  # what its diary button sends
    diary = window.tools.get("diary")
    assert diary is not None
    qtbot.wait_until(diary.isVisible)
    assert diary.search.text() == "marmalade light"  # type: ignore[attr-defined]


# ===================================================================== the debrief in the room
def test_the_debrief_steps_through_its_prompts_in_the_room_to_a_closing_that_ends_the_session(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    sink = MemorySink()
    window = make_window(sink=sink)
    into_practice(qtbot, window)
    press(qtbot, window, Key.Key_Space)
    window.session.finish()
    assert stage_of(window) is Stage.DEBRIEF
    script = window.script
    assert script is not None
    prompts = [p.text for p in script.debrief.prompts]
    opening = window.room.debrief_text.text()
    assert opening == phase.reflow(script.debrief.introduction), "it opens on the introduction"
    page = window.debrief_page
    assert "the introduction" in page.room_line.text(), "the laptop says what the room sees"
    press(qtbot, window, Key.Key_PageDown)  # the clicker, from the participants field
    assert window.room.debrief_text.text() == phase.reflow(prompts[0]), "the prompt being explored"
    assert page.room_line.text().startswith(f"In the room now: prompt 1 of {len(prompts)}")
    marked = [label for label in page.prompt_labels if label.text().startswith("▸ ")]
    assert [label.text() for label in marked] == [f"▸ {prompts[0]}"], "that prompt is marked on the laptop"
    assert marked[0].font().bold()
    window.actions_by_name["prompts_in_room"].trigger()  # the facilitator prefers a calm screen
    assert window.room.debrief_text.text() == opening
    assert "the room keeps the introduction" in page.room_line.text()
    assert window.prefs.prompts_in_room is False, "the choice is kept"
    window.actions_by_name["prompts_in_room"].trigger()
    press(qtbot, window, Key.Key_PageUp)
    assert window.room.debrief_text.text() == opening
    (record,) = sink.records.values()
    assert record.ended_at is None
    for _ in prompts:
        press(qtbot, window, Key.Key_PageDown)
    assert window.room.debrief_text.text() == phase.reflow(prompts[-1])
    press(qtbot, window, Key.Key_PageDown)
    assert "Thank you" in window.room.debrief_text.text(), "a closing thanks the room"
    assert "the closing" in page.room_line.text()
    assert not [label for label in page.prompt_labels if label.text().startswith("▸ ")]
    assert sink.records[record.id].ended_at is not None, "and the session is marked finished"
    press(qtbot, window, Key.Key_PageDown)
    assert "Thank you" in window.room.debrief_text.text(), "it stays on the closing"
    assert stage_of(window) is Stage.DEBRIEF


def test_a_whole_session_by_the_clicker_alone_from_the_library_to_the_closing(
    qtbot: QtBot, make_window: MakeWindow, advance: Callable[[int], None]
) -> None:
    """PageDown, PageUp, B, F5 and Esc are all a presentation clicker sends; notes are typed on the laptop."""
    sink = MemorySink()
    window = make_window(sink=sink)
    press(qtbot, window, Key.Key_PageDown)  # the highlighted script
    assert stage_of(window) is Stage.PURPOSE
    press(qtbot, window, Key.Key_PageDown)
    assert stage_of(window) is Stage.PRACTICE
    press(qtbot, window, Key.Key_PageDown)  # a clicker has no Space: PageDown starts the practice
    assert window.controller is not None
    assert state_of(window.controller) is State.RUNNING
    press(qtbot, window, Key.Key_B)
    assert window.room.blank
    press(qtbot, window, Key.Key_B)
    assert not window.room.blank
    press(qtbot, window, Key.Key_F5)
    assert window.isFullScreen()
    press(qtbot, window, Key.Key_Escape)
    assert not window.isFullScreen()
    advance(20_000)
    window.practice_page.notes.setFocus()
    QTest.keyClicks(window.practice_page.notes, "settled quickly")  # typed on the laptop, mid-practice
    steps = len(window.controller.timeline.steps)
    for _ in range(steps - 1):
        press(qtbot, window, Key.Key_PageDown)  # from the notes field too
    press(qtbot, window, Key.Key_PageUp)
    assert window.controller.snapshot().index == steps - 2, "PageUp steps back"
    press(qtbot, window, Key.Key_PageDown)
    press(qtbot, window, Key.Key_PageDown)  # past the last step: the practice is over
    assert state_of(window.controller) is State.FINISHED
    assert stage_of(window) is Stage.DEBRIEF
    QTest.keyClicks(window.debrief_page.participants, "P1, P2")
    script = window.script
    assert script is not None
    for _ in script.debrief.prompts:
        press(qtbot, window, Key.Key_PageDown)
    press(qtbot, window, Key.Key_PageDown)
    assert "Thank you" in window.room.debrief_text.text()
    (record,) = sink.records.values()
    assert record.ended_at is not None
    assert record.free_notes == "settled quickly"
    assert record.participants == ["P1", "P2"]
    assert [s.outcome for s in record.steps][-1] == "skipped"


def test_a_fifo_chosen_as_a_script_is_turned_down_and_the_window_keeps_going(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path
) -> None:
    """A named pipe never ends: read on the GUI thread it froze the window. It is turned down, unread."""
    window = make_window()
    pipe = tmp_path / "looks-like-a-script.toml"
    os.mkfifo(pipe)
    assert read_script_file(qtbot, window, pipe) is False
    text = window.library_page.problems_text.text()
    assert "not a regular file" in text
    assert "looks-like-a-script.toml" in text


def test_a_script_that_works_with_something_probably_not_meant_is_added_and_says_so(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path
) -> None:
    """Its warnings (here a step's bell that will never ring) reach the facilitator where they chose the file,
    not only through the command line's validate."""
    window = make_window()
    count = window.library_page.list.count()
    shadowed = GOOD.replace(
        'roles = { speaker = "A", listener = "B" }',
        'roles = { speaker = "A", listener = "B" }\nbell = "double"',
    )
    path = tmp_path / "tiny.toml"
    path.write_text(shadowed + 'bell = "soft"\n', encoding="utf-8")
    assert read_script_file(qtbot, window, path) is True
    assert window.library_page.list.count() == count + 1
    assert window.library_page.problems.isVisible()
    assert window.library_page.problems_title.text().startswith("Added")
    assert 'this step\'s "double" bell does not ring' in window.library_page.problems_text.text()
    # A file that cannot be used afterwards says so under its own title again.
    bad = tmp_path / "broken.toml"
    bad.write_text(BAD, encoding="utf-8")
    assert read_script_file(qtbot, window, bad) is False
    assert window.library_page.problems_title.text().startswith("This file could not be used")
