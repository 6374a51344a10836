"""The Preferences dialog on the real window: opened by Ctrl+, from the Tools menu, every choice saved at
once and read back after a restart, applied where it shows or sounds, reset to defaults after asking, and
the sitting's time warnings taken from it (the Session menu still overriding them for one sitting)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from mindful_listening.core.flow import Stage
from mindful_listening.core.library import find_script
from mindful_listening.core.runner import State
from mindful_listening.core.timeline import CueKind, compile_script
from mindful_listening.preferences import (
    GuideText,
    OneToOneChoices,
    Preferences,
    load_choices,
    save_choices,
)
from mindful_listening.preferences import load as load_prefs
from mindful_listening.speech.api import FakeSpeaker
from mindful_listening.speech.renderer import cache_key
from mindful_listening.speech.service import SpeechService, make_speaker, perceived_to_linear
from mindful_listening.ui import theme
from mindful_listening.ui.preferences_dialog import PreferencesDialog, sample_cue
from mindful_listening.ui.tool_windows import PREFERENCES
from mindful_listening.ui.window import MainWindow

MakeWindow = Callable[..., MainWindow]
Key = Qt.Key
FAKE_ENGINE = Path(__file__).resolve().parents[1] / "speech" / "fake_engine"


@pytest.fixture(autouse=True)
def _fake_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """The dialog's own speech service lists voices and speaks previews: with the test engine, quickly."""
    paths = (str(FAKE_ENGINE), os.environ.get("PYTHONPATH", ""))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(p for p in paths if p))
    monkeypatch.setenv("FAKE_PYTTSX3_MODE", "tone")


@pytest.fixture
def open_preferences(qtbot: QtBot) -> Iterator[Callable[[MainWindow], PreferencesDialog]]:
    opened: list[PreferencesDialog] = []

    def open_(window: MainWindow) -> PreferencesDialog:
        window.activateWindow()
        qtbot.wait_until(window.isActiveWindow)
        QTest.keyClick(window, Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
        dialog = window.tools.get(PREFERENCES)
        assert isinstance(dialog, PreferencesDialog), "Ctrl+, opens the preferences"
        qtbot.wait_exposed(dialog)
        qtbot.wait_until(dialog.isActiveWindow)
        opened.append(dialog)
        return dialog

    yield open_
    for dialog in opened:
        dialog.close()


def focus(qtbot: QtBot, widget: QWidget) -> None:
    """The keyboard on ``widget`` (key presses go where the keyboard is)."""
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.wait_until(widget.hasFocus)


def press(qtbot: QtBot, widget: QWidget, key: Qt.Key, times: int = 1) -> None:
    focus(qtbot, widget)
    for _ in range(times):
        QTest.keyClick(widget, key)


def choose(qtbot: QtBot, box: QComboBox, data: object) -> None:
    """Pick an item of a closed drop-down by the keyboard, as a facilitator would (Up and Down)."""
    focus(qtbot, box)
    target = box.findData(data)
    assert target >= 0, (box.objectName(), data)
    while box.currentIndex() != target:
        QTest.keyClick(box, Key.Key_Down if box.currentIndex() < target else Key.Key_Up)


def settings_file(settings: QSettings) -> QSettings:
    """The same file read afresh, as the next start of the app reads it."""
    return QSettings(settings.fileName(), QSettings.Format.IniFormat)


def test_ctrl_comma_opens_the_preferences_from_the_tools_menu_and_the_f1_list_names_it(
    make_window: MakeWindow, open_preferences: Callable[[MainWindow], PreferencesDialog]
) -> None:
    window = make_window()
    action = window.actions_by_name["preferences"]
    assert action.shortcut().toString() == "Ctrl+,"
    tools = next(listed for title, listed in window.menu_groups if title.replace("&", "") == "Tools")
    assert action in tools, "in the Tools menu, beside the sound and voice check, and so in the F1 list"
    dialog = open_preferences(window)
    assert dialog.isWindow()
    assert not dialog.isModal(), "the session's keys and the room go on while it is open"
    QTest.keyClick(window, Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    assert window.tools.get(PREFERENCES) is dialog, "a second time: the same dialog comes forward"


def test_every_choice_is_saved_at_once_and_read_back_at_the_next_start(
    qtbot: QtBot,
    make_window: MakeWindow,
    settings: QSettings,
    open_preferences: Callable[[MainWindow], PreferencesDialog],
) -> None:
    window = make_window(prefs=Preferences(theme="dark"))
    dialog = open_preferences(window)
    qtbot.wait_until(lambda: dialog.voice.listed, timeout=15_000)  # the engine said which voices it has
    choose(qtbot, dialog.voice, "fake/en")
    press(qtbot, dialog.rate, Key.Key_Up, 2)
    press(qtbot, dialog.voice_volume, Key.Key_PageDown)
    press(qtbot, dialog.bell_volume, Key.Key_PageDown, 4)
    choose(qtbot, dialog.bells, "none")
    choose(qtbot, dialog.warnings, "caption")
    choose(qtbot, dialog.theme, "high-contrast")
    press(qtbot, dialog.text_size, Key.Key_Up)
    choose(qtbot, dialog.digits, False)

    chosen = Preferences(
        voice="fake/en",
        rate=170,
        voice_volume=0.8,
        bell_volume=0.2,
        bells="none",
        warnings="caption",
        theme="high-contrast",
        font_scale=1.1,
        show_digits=False,
    )
    assert window.prefs == chosen
    assert load_prefs(settings_file(settings)) == chosen, "saved as each was chosen, without an OK"
    # Applied at once where they show:
    assert window.palette_now is theme.HIGH_CONTRAST
    assert window.actions_by_name["theme_high-contrast"].isChecked()
    assert window.font().pointSizeF() == pytest.approx(theme.BASE_POINT_SIZE * 1.1)
    assert not window.actions_by_name["digits"].isChecked()
    assert window.room.digits.isHidden()
    assert window.actions_by_name["warnings_caption"].isChecked()
    QTest.keyClick(dialog, Key.Key_Escape)
    assert not dialog.isVisible(), "Esc closes it"
    window.close()

    again = make_window(prefs=load_prefs(settings_file(settings)))
    reopened = open_preferences(again)
    assert reopened.prefs == chosen
    assert reopened.voice.voice() == "fake/en"
    assert reopened.rate.value() == 170
    assert (reopened.voice_volume.value(), reopened.bell_volume.value()) == (80, 20)
    assert reopened.bells.currentData() == "none"
    assert reopened.warnings.currentData() == "caption"
    assert reopened.theme.currentData() == "high-contrast"
    assert reopened.text_size.value() == 110
    assert reopened.digits.currentData() is False
    assert again.session.warnings == "caption", "the next sitting begins with the saved default"


def test_a_choice_made_in_the_menus_shows_in_the_open_dialog(
    make_window: MakeWindow, open_preferences: Callable[[MainWindow], PreferencesDialog]
) -> None:
    window = make_window()
    dialog = open_preferences(window)
    window.actions_by_name["digits"].trigger()
    window.actions_by_name["theme_light"].trigger()
    window.actions_by_name["bigger"].trigger()
    assert dialog.digits.currentData() is False
    assert dialog.theme.currentData() == "light"
    assert dialog.text_size.value() == 110


def test_the_reflection_chosen_there_starts_the_next_debrief_and_a_choice_made_there_shows_in_it(
    qtbot: QtBot,
    make_window: MakeWindow,
    settings: QSettings,
    open_preferences: Callable[[MainWindow], PreferencesDialog],
) -> None:
    window = make_window()
    dialog = open_preferences(window)
    assert dialog.framework.currentData() == "free"
    offered = [dialog.framework.itemData(i) for i in range(dialog.framework.count())]
    assert offered == ["free", "gibbs", "kolb"]
    choose(qtbot, dialog.framework, "gibbs")
    assert window.prefs.reflection_framework == "gibbs"
    assert load_prefs(settings_file(settings)).reflection_framework == "gibbs", "saved without an OK"
    window.use_selected_script()
    window.set_stage(Stage.PRACTICE)
    window.session.toggle()
    window.session.finish()
    form = window.debrief_page.reflection_form
    assert form.framework == "gibbs", "the session begun after the choice starts with it"
    form.choose("kolb")  # chosen on the debrief page: the next session's start, shown in the dialog
    assert dialog.framework.currentData() == "kolb"
    assert load_prefs(settings_file(settings)).reflection_framework == "kolb"


def test_reset_to_defaults_asks_first_then_puts_every_default_back_and_keeps_none_saved(
    qtbot: QtBot,
    make_window: MakeWindow,
    settings: QSettings,
    open_preferences: Callable[[MainWindow], PreferencesDialog],
) -> None:
    mine = Preferences(
        rate=230, bell_volume=0.1, bells="none", warnings="bell", theme="high-contrast", font_scale=1.6
    )
    window = make_window(prefs=mine)
    dialog = open_preferences(window)
    press(qtbot, dialog.text_size, Key.Key_Down)  # one change of its own, so the preferences are saved
    assert load_prefs(settings_file(settings)).font_scale == pytest.approx(1.5)

    def answer(button: QMessageBox.StandardButton) -> None:
        dialog.reset_button.click()
        question = dialog.reset_question
        assert isinstance(question, QMessageBox)
        qtbot.wait_exposed(question)
        assert "shared" in question.informativeText()
        clicked = question.button(button)
        assert isinstance(clicked, QPushButton)
        clicked.click()
        qtbot.wait_until(lambda: dialog.reset_question is None)

    answer(QMessageBox.StandardButton.Cancel)
    assert window.prefs.rate == 230, "Cancel changes nothing"

    answer(QMessageBox.StandardButton.Reset)
    assert window.prefs == Preferences()
    assert dialog.prefs == Preferences()
    assert (dialog.rate.value(), dialog.bell_volume.value(), dialog.text_size.value()) == (150, 60, 100)
    assert dialog.warnings.currentData() == "script"
    assert settings_file(settings).childGroups() == [], "nothing of the last facilitator's is kept"
    assert window.actions_by_name["warnings_script"].isChecked()
    assert window.actions_by_name["theme_system"].isChecked()
    assert window.font().pointSizeF() == pytest.approx(theme.BASE_POINT_SIZE)


def test_caption_only_warnings_chosen_as_the_default_make_the_next_sessions_warning_silent(
    qtbot: QtBot,
    make_window: MakeWindow,
    advance: Callable[[int], None],
    open_preferences: Callable[[MainWindow], PreferencesDialog],
) -> None:
    speaker = FakeSpeaker()
    window = make_window(speaker=speaker)
    dialog = open_preferences(window)
    choose(qtbot, dialog.warnings, "caption")
    dialog.close()

    script = find_script("classic-pairs").model_copy(update={"warnings": "spoken"})  # it would speak them
    turn = next(step for step in compile_script(script).steps if step.roles is not None)
    warning = next(cue for cue in turn.cues if cue.kind is CueKind.WARNING)
    window.use_script(script)
    window.set_stage(Stage.PRACTICE)
    window.activateWindow()
    qtbot.wait_until(window.isActiveWindow)
    QTest.keyClick(QApplication.focusWidget() or window, Key.Key_Space)
    while window.controller is not None and window.controller.snapshot().index != turn.index:
        QTest.keyClick(QApplication.focusWidget() or window, Key.Key_PageDown)
    said = len(speaker.said)
    advance(turn.duration_ms - warning.anchor_ms)
    assert warning.text not in [text for text, _bell in speaker.said[said:]], "the warning is not spoken"
    assert ("", "soft") not in speaker.said[said:], "nor rung"
    assert window.room.caption.text() == warning.text, "the room still reads how long is left"

    window.actions_by_name["warnings_spoken"].trigger()  # the menu still overrides it for this sitting
    QTest.keyClick(QApplication.focusWidget() or window, Key.Key_R)
    advance(turn.duration_ms - warning.anchor_ms)
    assert speaker.said[-1] == (warning.text, "none")


def test_a_quieter_bell_chosen_there_rings_at_that_volume_at_the_next_cue(
    qtbot: QtBot,
    make_window: MakeWindow,
    open_preferences: Callable[[MainWindow], PreferencesDialog],
    sound_server: object,
) -> None:
    del sound_server
    prefs = Preferences(bell_volume=0.8)
    service = SpeechService(prefs)
    window = make_window(prefs=prefs, speaker=service)
    dialog = open_preferences(window)
    press(qtbot, dialog.bell_volume, Key.Key_PageDown, 6)
    assert window.prefs.bell_volume == pytest.approx(0.2)
    dialog.close()

    window.use_script(find_script("classic-pairs"))  # its first cue rings a bell as the practice starts
    window.set_stage(Stage.PRACTICE)
    window.activateWindow()
    qtbot.wait_until(window.isActiveWindow)
    with qtbot.wait_signal(service.cueStarted, timeout=15_000):
        QTest.keyClick(QApplication.focusWidget() or window, Key.Key_Space)
    assert service.output.player_volumes["bell"] == pytest.approx(perceived_to_linear(0.2)), (
        "the sound player rang it at the new volume"
    )


def test_every_control_has_a_name_a_screen_reader_can_say(
    make_window: MakeWindow, open_preferences: Callable[[MainWindow], PreferencesDialog]
) -> None:
    dialog = open_preferences(make_window())
    unnamed = [
        f"{type(w).__name__} {w.objectName()!r}"
        for w in dialog.findChildren(QWidget)
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and w.focusProxy() is None  # a spin box's own line edit hands the keyboard to the box
        and w.isVisibleTo(dialog)
        and not w.accessibleName()
    ]
    assert unnamed == []


def test_the_voice_check_picks_a_voice_that_is_kept_and_opens_the_preferences(
    qtbot: QtBot,
    make_window: MakeWindow,
    settings: QSettings,
) -> None:
    from mindful_listening.ui.voice_check import VoiceCheckDialog

    window = make_window()
    window.actions_by_name["voice_check"].trigger()
    check = window.tools.get("voice_check")
    assert isinstance(check, VoiceCheckDialog)
    qtbot.wait_until(lambda: check.voice_choice.findData("fake/en") >= 0, timeout=15_000)
    qtbot.wait_until(lambda: check.report is not None, timeout=30_000)
    choose(qtbot, check.voice_choice, "fake/en")
    assert window.prefs.voice == "fake/en", "picked there, kept as the preference"
    assert load_prefs(settings_file(settings)).voice == "fake/en"

    check.open_preferences.click()
    dialog = window.tools.get(PREFERENCES)
    assert isinstance(dialog, PreferencesDialog)
    assert dialog.isVisible()
    assert dialog.voice.voice() == "fake/en"
    press(qtbot, dialog.bell_volume, Key.Key_PageDown, 3)
    assert check.prefs.bell_volume == pytest.approx(0.3), "the next check rings at the new volume"
    assert "bell 30 %" in check.volumes.text()
    dialog.close()
    check.close()


def test_preview_speaks_a_sample_at_the_chosen_rate_and_volume_and_the_bell_rings_at_its_own(
    qtbot: QtBot,
    make_window: MakeWindow,
    open_preferences: Callable[[MainWindow], PreferencesDialog],
    sound_server: object,
) -> None:
    del sound_server
    speaker = FakeSpeaker()
    window = make_window(speaker=speaker, prefs=Preferences(bells="none"))
    dialog = open_preferences(window)
    press(qtbot, dialog.rate, Key.Key_Up, 3)
    press(qtbot, dialog.voice_volume, Key.Key_PageDown, 5)
    sampler = dialog.sampler
    assert sampler is not None, "made as the dialog opened (its engine lists the voices)"
    with qtbot.wait_signal(sampler.cueVoiced, timeout=15_000):
        dialog.preview.click()  # returns at once: the sample is rendered by the worker, then played
    rendered = sampler.path_for(sample_cue())
    assert rendered is not None
    assert rendered.name == f"{cache_key(sample_cue(), '', 180)}.wav", "at the rate chosen here"
    assert sampler.output.player_volumes["voice"] == pytest.approx(perceived_to_linear(0.4))
    with qtbot.wait_signal(sampler.cueStarted, timeout=15_000):
        dialog.hear_bell.click()  # also while the app's bells are off: this is for hearing it
    assert sampler.output.player_volumes["bell"] == pytest.approx(perceived_to_linear(0.6))
    assert speaker.said == [], "the session's own speaker is never used for a preview"
    dialog.close()
    assert dialog.sampler is None, "its worker and player end with the dialog"


def _state(window: MainWindow) -> State | None:
    return window.session.state


def test_preview_and_the_sample_bell_wait_while_a_practice_is_running_and_say_so(
    qtbot: QtBot,
    make_window: MakeWindow,
    open_preferences: Callable[[MainWindow], PreferencesDialog],
    sound_server: object,
) -> None:
    del sound_server
    window = make_window(speaker=FakeSpeaker())
    window.use_script(find_script("classic-pairs"))
    window.set_stage(Stage.PRACTICE)
    window.activateWindow()
    qtbot.wait_until(window.isActiveWindow)
    QTest.keyClick(QApplication.focusWidget() or window, Key.Key_Space)
    assert _state(window) is State.RUNNING
    dialog = open_preferences(window)
    sampler = dialog.sampler
    assert sampler is not None
    for button in (dialog.preview, dialog.hear_bell):
        with qtbot.assert_not_emitted(sampler.cueStarted, wait=300):
            button.click()
        assert dialog.sample_status.text() == (
            "Not while a practice is running: pause it first, then listen here."
        ), button.objectName()

    window.activateWindow()
    qtbot.wait_until(window.isActiveWindow)
    QTest.keyClick(QApplication.focusWidget() or window, Key.Key_Space)  # paused: the room is quiet
    assert _state(window) is State.PAUSED
    with qtbot.wait_signal(sampler.cueVoiced, timeout=15_000):
        dialog.preview.click()
    dialog.close()


def test_bells_turned_on_when_speech_and_bells_were_both_off_at_the_start_ring_at_the_next_cue(
    qtbot: QtBot,
    make_window: MakeWindow,
    open_preferences: Callable[[MainWindow], PreferencesDialog],
    sound_server: object,
) -> None:
    del sound_server
    prefs = Preferences(speech_enabled=False, bells="none")
    speaker = make_speaker(prefs)  # as the app makes it at the start, from these preferences
    window = make_window(prefs=prefs, speaker=speaker)
    dialog = open_preferences(window)
    choose(qtbot, dialog.bells, "script")
    assert window.prefs.bells == "script"
    dialog.close()

    window.use_script(find_script("classic-pairs"))  # its first cue rings a bell as the practice starts
    window.set_stage(Stage.PRACTICE)
    window.activateWindow()
    qtbot.wait_until(window.isActiveWindow)
    assert isinstance(speaker, SpeechService)
    with qtbot.wait_signal(speaker.cueStarted, timeout=15_000):  # rung, with no restart
        QTest.keyClick(QApplication.focusWidget() or window, Key.Key_Space)
    assert speaker.output.player_volumes["bell"] == pytest.approx(perceived_to_linear(prefs.bell_volume))


def test_reset_to_defaults_puts_the_one_to_one_timers_choices_back_too_and_says_so(
    qtbot: QtBot,
    make_window: MakeWindow,
    settings: QSettings,
    open_preferences: Callable[[MainWindow], PreferencesDialog],
) -> None:
    theirs = OneToOneChoices(settle_s=60, bells=False, guide_text=GuideText.BREATHS, hide_digits=True)
    save_choices(settings, theirs)
    window = make_window()
    window.open_one_to_one()
    one = window.one_to_one
    assert one is not None
    assert one.choices == theirs
    dialog = open_preferences(window)
    dialog.reset_button.click()
    question = dialog.reset_question
    assert isinstance(question, QMessageBox)
    assert "one-to-one timer's choices" in question.text(), "the question says what else goes back"
    qtbot.wait_exposed(question)
    clicked = question.button(QMessageBox.StandardButton.Reset)
    assert isinstance(clicked, QPushButton)
    clicked.click()
    qtbot.wait_until(lambda: dialog.reset_question is None)
    assert one.choices == OneToOneChoices(), "the open one-to-one window takes the defaults"
    assert one.settle_combo.currentData() == OneToOneChoices().settle_s
    assert one.bells_combo.currentData() is True
    assert load_choices(settings_file(settings)) == OneToOneChoices()
    assert settings_file(settings).childGroups() == [], "nothing of the last person's is kept"


def test_the_voice_check_opened_during_a_running_practice_measures_without_sounding_and_says_why(
    qtbot: QtBot, make_window: MakeWindow, sound_server: object
) -> None:
    from mindful_listening.ui.voice_check import VoiceCheckDialog

    del sound_server
    window = make_window(speaker=FakeSpeaker())
    window.use_script(find_script("classic-pairs"))
    window.set_stage(Stage.PRACTICE)
    window.activateWindow()
    qtbot.wait_until(window.isActiveWindow)
    QTest.keyClick(QApplication.focusWidget() or window, Key.Key_Space)
    assert _state(window) is State.RUNNING
    window.actions_by_name["voice_check"].trigger()
    check = window.tools.get("voice_check")
    assert isinstance(check, VoiceCheckDialog)
    qtbot.wait_until(lambda: check.report is not None, timeout=30_000)
    assert check.report is not None
    assert check.report["played"] is False, "no bell and no phrase over the practice"
    assert check.status.text().startswith("Not while a practice is running")
    assert "measured without ringing or speaking" in check.status.text()

    window.activateWindow()
    qtbot.wait_until(window.isActiveWindow)
    QTest.keyClick(QApplication.focusWidget() or window, Key.Key_Space)  # paused
    with qtbot.wait_signal(check.checkFinished, timeout=30_000) as finished:
        check.again.click()
    assert finished.args is not None
    assert finished.args[0]["played"] is True, "paused: the check rings and speaks"
    check.close()
