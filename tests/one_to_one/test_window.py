"""The compact one-to-one window, on a manual clock with hand-fired timers (conftest.Room)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from mindful_listening.core.durations import format_clock
from mindful_listening.core.record import MemorySink, SessionRecord
from mindful_listening.core.runner import State
from mindful_listening.core.script import Mode, Script
from mindful_listening.preferences import GuideSound, GuideText, OneToOneChoices, load_choices
from mindful_listening.speech.api import Bell, FakeSpeaker
from mindful_listening.timers import HandTimers as Room
from mindful_listening.ui.one_to_one import OneToOneWindow, one_to_one_scripts, open_one_to_one


def read_script_file(qtbot: QtBot, window: OneToOneWindow, path: Path) -> bool:
    """Open a script file as the Open dialog does, and wait for it to be read (off the GUI thread)."""
    with qtbot.wait_signal(window.scriptFileRead, timeout=10_000) as blocker:
        window.load_script_file(path)
    return bool(blocker.args[0])


def state_of(window: OneToOneWindow) -> State:
    assert window.controller is not None
    return window.controller.state


def run_breathing_to_the_breath(window: OneToOneWindow) -> None:
    """Begin the test breathing exercise (settle 20 s, then 4 s in / 6 s out) and move on to the breath."""
    window.select_exercise("test-breathing")
    window.begin()
    window.next_step()
    assert window.controller is not None
    assert window.controller.runner.index == 1


class TimedSpeaker(FakeSpeaker):
    """Remembers the clock time of every request, to check that sounds come exactly when due."""

    def __init__(self, room: Room) -> None:
        super().__init__()
        self.room = room
        self.at: list[tuple[int, str, Bell]] = []

    def say(self, text: str, bell: Bell = "none") -> None:
        super().say(text, bell)
        self.at.append((self.room.clock.now_ms(), text, bell))


Timed = tuple[OneToOneWindow, TimedSpeaker]


@pytest.fixture
def timed(qtbot: QtBot, room: Room, sink: MemorySink, scripts: list[Script]) -> Timed:
    speaker = TimedSpeaker(room)
    win = OneToOneWindow(speaker, sink, clock=room.clock, timer_factory=room.factory, scripts=scripts)
    qtbot.add_widget(win)
    win.choosing.set_settle_seconds(0)
    return win, speaker


# ---------------------------------------------------------------------- choosing
def test_the_chooser_offers_only_one_to_one_exercises(qtbot: QtBot, room: Room) -> None:
    win = OneToOneWindow(FakeSpeaker(), MemorySink(), clock=room.clock, timer_factory=room.factory)
    qtbot.add_widget(win)
    offered = [win.exercise_list.item(i).text() for i in range(win.exercise_list.count())]
    assert offered == [script.title for script in one_to_one_scripts()]
    assert all(script.mode is Mode.ONE_TO_ONE for script in win.scripts)
    assert win.begin_button.isEnabled() == bool(offered)


def test_a_compact_quiet_window_with_a_privacy_safe_title(window: OneToOneWindow) -> None:
    assert (window.width(), window.height()) == (420, 520)
    assert window.windowTitle() == "One-to-one practice"
    assert not window.on_top_action.isChecked()
    assert not window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint


def test_keep_on_top_is_a_checkable_toggle(qtbot: QtBot, window: OneToOneWindow) -> None:
    with qtbot.wait_exposed(window):
        window.show()
    window.on_top_action.trigger()
    assert window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert window.isVisible(), "changing the flag must not leave the window hidden"
    window.on_top_action.trigger()
    assert not window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint


def test_a_script_file_can_be_chosen(qtbot: QtBot, window: OneToOneWindow, tmp_path: Path) -> None:
    path = tmp_path / "own.toml"
    path.write_text(
        'id = "my-own"\ntitle = "My own pause"\nmode = "one-to-one"\npurpose = "p"\n'
        '[[steps]]\nkind = "exercise"\ntitle = "Pause"\nduration = "1m"\n',
        encoding="utf-8",
    )
    assert read_script_file(qtbot, window, path)
    chosen = window.selected_script()
    assert chosen is not None
    assert chosen.id == "my-own"
    assert window.file_problem_label.isHidden()


def test_a_group_script_or_a_broken_file_is_explained_not_added(
    qtbot: QtBot, window: OneToOneWindow, tmp_path: Path
) -> None:
    group = tmp_path / "group.toml"
    group.write_text(
        'id = "group"\ntitle = "Group thing"\nmode = "group-pairs"\npurpose = "p"\n'
        '[[steps]]\nkind = "pause"\ntitle = "Pause"\nduration = "1m"\n',
        encoding="utf-8",
    )
    before = len(window.scripts)
    assert not read_script_file(qtbot, window, group)
    assert "group" in window.file_problem_label.text()
    broken = tmp_path / "broken.toml"
    broken.write_text('id = "x"\ntitle = "X"\nmode = "one-to-one"\npurpose = "p"\n[[steps]]\nkind = "nap"\n')
    assert not read_script_file(qtbot, window, broken)
    assert "broken.toml" in window.file_problem_label.text()
    assert not window.file_problem_label.isHidden()
    assert len(window.scripts) == before


def test_the_file_dialog_opens_without_blocking(qtbot: QtBot, window: OneToOneWindow) -> None:
    dialog = window.open_file_dialog()
    assert isinstance(dialog, QFileDialog)
    assert dialog.isVisible()
    assert dialog.isModal()
    dialog.reject()


# ---------------------------------------------------------------------- settling
def test_the_settling_delay_counts_down_quietly_then_begins(room: Room, timed: Timed) -> None:
    window, speaker = timed
    window.choosing.set_settle_seconds(30)
    window.select_exercise("test-rain")
    began = room.clock.now_ms()
    window.begin()
    assert window.pages.currentIndex() == window.PAGE_SETTLING
    assert window.settle_label.text() == "0:30"
    assert state_of(window) is State.READY
    assert speaker.said == []
    room.advance(29_999)
    assert window.settle_label.text() == "0:01"
    assert state_of(window) is State.READY
    room.advance(1)
    assert window.pages.currentIndex() == window.PAGE_SESSION
    assert state_of(window) is State.RUNNING
    assert speaker.at[0] == (began + 30_000, "Gently notice what is here right now.", "none")


def test_begin_now_skips_the_rest_of_the_settling(room: Room, window: OneToOneWindow) -> None:
    window.choosing.set_settle_seconds(60)
    window.begin()
    room.advance(5_000)
    window.begin_now()
    assert window.controller is not None
    assert window.controller.state is State.RUNNING
    assert window.pages.currentIndex() == window.PAGE_SESSION


def test_going_back_from_settling_keeps_no_empty_record(
    room: Room, window: OneToOneWindow, sink: MemorySink
) -> None:
    window.choosing.set_settle_seconds(10)
    window.begin()
    room.advance(3_000)
    window.cancel_settling()
    room.advance(20_000)
    assert window.pages.currentIndex() == window.PAGE_CHOOSER
    assert window.controller is None
    assert sink.saves == 0
    assert not room.live(), "no timer left running after going back"


def test_with_no_delay_the_exercise_begins_at_once(window: OneToOneWindow) -> None:
    window.begin()
    assert window.controller is not None
    assert window.controller.state is State.RUNNING
    assert window.pages.currentIndex() == window.PAGE_SESSION


# ---------------------------------------------------------------------- open-ended steps
def test_an_open_ended_step_counts_up_and_waits_for_next(room: Room, timed: Timed) -> None:
    window, speaker = timed
    window.select_exercise("test-rain")
    window.begin()
    assert window.exercise_title.text() == "Recognise"
    assert window.exercise_subtitle.text() == "What is here?"
    assert window.caption_label.text() == "Gently notice what is here right now."
    assert window.clock_label.text() == "1:00"
    assert window.open_hint.isHidden()
    room.advance(60_000 + 80_000)
    assert window.clock_label.text() == "+1:20"
    assert not window.open_hint.isHidden()
    assert window.next_button.property("primary") is True
    assert window.exercise_title.text() == "Recognise", "still waiting for the client"
    window.next_step()
    assert window.exercise_title.text() == "Allow"
    assert window.caption_label.text() == "See if it's possible to let it be here."
    assert window.open_hint.isHidden()
    assert speaker.said[-1] == ("See if it's possible to let it be here.", "none")


def test_pause_holds_the_count_and_resume_goes_on(room: Room, window: OneToOneWindow) -> None:
    window.select_exercise("test-rain")
    window.begin()
    room.advance(10_000)
    window.pause_button.click()
    assert window.pause_button.text() == "Resume"
    room.advance(120_000)
    assert window.clock_label.text() == "0:50"
    window.pause_button.click()
    room.advance(70_000)
    assert window.clock_label.text() == "+0:20"


def test_space_pauses_and_the_right_arrow_moves_on(qtbot: QtBot, room: Room, window: OneToOneWindow) -> None:
    with qtbot.wait_active(window):
        window.show()
        window.activateWindow()
    window.select_exercise("test-rain")
    window.begin()
    page = window.pages.currentWidget()
    assert page is not None
    assert page.hasFocus()
    QTest.keyClick(page, Qt.Key.Key_Space)
    assert state_of(window) is State.PAUSED
    QTest.keyClick(page, Qt.Key.Key_Space)
    assert state_of(window) is State.RUNNING
    QTest.keyClick(page, Qt.Key.Key_Right)
    assert window.exercise_title.text() == "Allow"


def test_the_main_windows_keys_work_here_too_and_esc_never_closes_mid_exercise(
    qtbot: QtBot, room: Room, window: OneToOneWindow
) -> None:
    with qtbot.wait_active(window):
        window.show()
        window.activateWindow()
    window.select_exercise("test-rain")
    window.begin()
    page = window.pages.currentWidget()
    assert page is not None
    QTest.keyClick(page, Qt.Key.Key_PageDown)  # the clicker moves on
    assert window.exercise_title.text() == "Allow"
    QTest.keyClick(page, Qt.Key.Key_Escape)
    assert window.isVisible(), "Esc never closes the window in the middle of an exercise"
    QTest.keyClick(page, Qt.Key.Key_End)
    assert state_of(window) is State.FINISHED
    QTest.keyClick(window.pages.currentWidget() or window, Qt.Key.Key_Escape)
    qtbot.wait_until(lambda: not window.isVisible())


def test_g_pauses_and_grounds_and_the_clickers_next_carries_on(
    qtbot: QtBot, room: Room, speaker: FakeSpeaker, window: OneToOneWindow
) -> None:
    from mindful_listening.core.flow import GROUNDING_WORDS

    with qtbot.wait_active(window):
        window.show()
        window.activateWindow()
    window.select_exercise("test-rain")
    window.begin()
    room.advance(3_000)
    page = window.pages.currentWidget()
    assert page is not None
    index = window.session.controller.snapshot().index if window.session.controller else -1
    QTest.keyClick(page, Qt.Key.Key_G)
    assert state_of(window) is State.PAUSED, "held at once"
    assert speaker.said[-1] == (GROUNDING_WORDS, "none")
    assert window.caption_label.text() == GROUNDING_WORDS
    room.advance(120_000)
    assert state_of(window) is State.PAUSED, "it waits"
    QTest.keyClick(page, Qt.Key.Key_PageDown)  # the clicker: carry on, as in the main window
    assert state_of(window) is State.RUNNING
    assert window.session.controller is not None
    assert window.session.controller.snapshot().index == index, "no step skipped"
    assert window.caption_label.text() == ""
    window.ground_button.click()
    assert state_of(window) is State.PAUSED
    assert window.ground_button.isVisibleTo(window)


def test_begin_first_shows_the_scripts_care_for_the_client_then_begins(qtbot: QtBot, room: Room) -> None:
    from mindful_listening.ui import phase

    window = OneToOneWindow(
        FakeSpeaker(),
        MemorySink(),
        clock=room.clock,
        timer_factory=room.factory,
        scripts=one_to_one_scripts(),
    )
    qtbot.add_widget(window)
    window.choosing.set_settle_seconds(0)
    with qtbot.wait_active(window):
        window.show()
        window.activateWindow()
    for script in one_to_one_scripts():
        window.select_exercise(script.id)
        window.begin_button.click()
        assert window.pages.currentIndex() == window.PAGE_BEFORE, f"{script.id}: the care comes first"
        page = window.before_page
        assert page.purpose.text() == phase.reflow(script.purpose)
        if script.facilitator_notes:
            assert page.notes.isVisibleTo(window)
            assert page.notes.text() == phase.reflow(script.facilitator_notes), "the practitioner's notes"
        assert page.reminders.text() == "\n".join(f"• {line}" for line in phase.reminders(script))
        assert page.begin_button.hasFocus()
        QTest.keyClick(page.begin_button, Qt.Key.Key_Escape)
        assert window.pages.currentIndex() == window.PAGE_CHOOSER, "Esc goes back, nothing begun"
        assert window.session.controller is None

    script = next(s for s in one_to_one_scripts() if s.id == "rain")
    window.select_exercise("rain")
    window.begin_button.click()
    window.before_page.begin_button.click()
    assert window.pages.currentIndex() == window.PAGE_SESSION
    pinned = window.pinned_reminders
    assert pinned.text.isVisibleTo(window), "the reminders stay one glance away during the exercise"
    assert phase.reminders(script)[0] in pinned.text.text()
    pinned.toggle.click()
    assert not pinned.text.isVisibleTo(window), "and fold away when the practitioner prefers"
    window.tabs.setCurrentIndex(1)
    questions = window.debrief_questions
    assert questions.isVisibleTo(window)
    for prompt in script.debrief.prompts:
        assert phase.reflow(prompt.text) in questions.text.text(), "the debrief beside the notes"


# ---------------------------------------------------------------------- sound choices
@pytest.mark.parametrize("bells", [True, False])
def test_no_bell_option_silences_every_bell_but_keeps_the_words(
    room: Room, speaker: FakeSpeaker, window: OneToOneWindow, bells: bool
) -> None:
    window.choosing.set_bells(bells)
    window.choosing.set_interval_minutes(1)
    run_breathing_to_the_breath(window)
    room.advance(120_000)
    window.next_step()
    room.advance(40_000)
    rung = [bell for _, bell in speaker.said if bell != "none"]
    words = [text for text, _ in speaker.said if text]
    assert "Let yourself arrive." in words
    assert "Let the breath find its own rhythm." in words
    if bells:
        assert "single" in rung
        assert "double" in rung
    else:
        assert rung == []
        assert not window.interval_combo.isEnabled()
        assert all(bell == "none" for _, bell in speaker.prepared)


def test_prompts_can_be_captions_only(room: Room, speaker: FakeSpeaker, window: OneToOneWindow) -> None:
    window.choosing.set_spoken(False)
    window.select_exercise("test-rain")
    window.begin()
    assert window.caption_label.text() == "Gently notice what is here right now."
    assert all(text == "" for text, _ in speaker.said)


def test_interval_bell_follows_running_time_not_pauses(room: Room, timed: Timed) -> None:
    window, speaker = timed
    window.choosing.set_interval_minutes(1)
    window.select_exercise("test-rain")
    start = room.clock.now_ms()
    window.begin()
    room.advance(59_999)
    assert ("", "single") not in [(t, b) for _, t, b in speaker.at]
    room.advance(1)
    assert (start + 60_000, "", "single") in speaker.at
    room.advance(10_000)
    window.pause_button.click()
    room.advance(30_000)  # paused: no bell, and the next one moves on by the pause
    window.pause_button.click()
    window.next_step()  # moving on keeps counting the running time
    room.advance(50_000)
    bells = [at for at, text, bell in speaker.at if bell == "single" and not text]
    assert bells == [start + 60_000, start + 150_000]


# ---------------------------------------------------------------------- the breathing guide
def test_the_pacer_follows_the_clock_not_the_frames(qtbot: QtBot, room: Room, window: OneToOneWindow) -> None:
    with qtbot.wait_exposed(window):
        window.show()
    run_breathing_to_the_breath(window)
    assert window.centre.currentWidget() is window.pacer
    assert window.pacer.refreshing, "visible and running: refreshing"
    frame_timer = next(t for t in room.live() if not t.isSingleShot())
    assert frame_timer.interval() == 33
    room.advance(2_000)
    frame_timer.fire()  # a frame exactly 2 s into the breath (4 s in, 6 s out)
    pace = window.pacer.pace
    assert pace is not None
    assert (pace.phase, pace.fraction, pace.breath) == ("in", 0.5, 1)
    drawn = window.pacer.frames_drawn
    for _ in range(50):  # extra frames without time passing change nothing
        frame_timer.fire()
    assert window.pacer.frames_drawn == drawn
    room.clock.advance(5_500)  # a stall: no frames at all for 5.5 s
    frame_timer.fire()
    pace = window.pacer.pace
    assert pace is not None
    assert (pace.phase, pace.phase_elapsed_ms) == ("out", 3_500)


def test_the_pacer_rests_when_paused_hidden_or_on_other_steps(
    qtbot: QtBot, room: Room, window: OneToOneWindow
) -> None:
    run_breathing_to_the_breath(window)
    assert not window.pacer.refreshing, "the window is not shown: no frames"
    with qtbot.wait_exposed(window):
        window.show()
    assert window.pacer.refreshing
    window.pause_button.click()
    assert not window.pacer.refreshing
    window.pause_button.click()
    assert window.pacer.refreshing
    window.setWindowState(Qt.WindowState.WindowMinimized)
    assert not window.pacer.refreshing, "minimised: no frames"
    window.setWindowState(Qt.WindowState.WindowNoState)
    assert window.pacer.refreshing
    window.tabs.setCurrentIndex(1)  # writing notes: the circle is out of sight
    assert not window.pacer.refreshing
    window.tabs.setCurrentIndex(0)
    assert window.pacer.refreshing
    window.next_step()
    assert not window.pacer.refreshing
    assert window.rhythm_row.isHidden()


def test_in_and_out_come_from_the_step_and_can_be_adjusted_mid_breath(
    room: Room, window: OneToOneWindow
) -> None:
    run_breathing_to_the_breath(window)
    assert (window.inhale_spin.value(), window.exhale_spin.value()) == (4.0, 6.0)
    assert not window.rhythm_row.isHidden()
    room.advance(12_000)  # breath 2, half-way in (4 s in, 6 s out)
    before = window._current_pace()
    window.set_rhythm(6.0, 6.0)
    after = window._current_pace()
    assert before is not None
    assert after is not None
    assert (after.phase, after.breath, after.fraction) == (before.phase, before.breath, before.fraction)
    room.advance(2_999)
    pace = window._current_pace()
    assert pace is not None
    assert pace.phase == "in"
    room.advance(1)  # the rest of the in-breath took half of the new 6 s
    pace = window._current_pace()
    assert pace is not None
    assert (pace.phase, pace.phase_ms) == ("out", 6_000)


def test_spoken_breathing_guide_is_off_by_default(room: Room, timed: Timed) -> None:
    window, speaker = timed
    assert window.choices.guide_sound is GuideSound.SILENT
    run_breathing_to_the_breath(window)
    room.advance(30_000)
    assert not [text for _, text, _ in speaker.at if text.startswith("Breathing")]


def test_spoken_in_and_out_come_exactly_at_the_turns_of_the_breath(room: Room, timed: Timed) -> None:
    window, speaker = timed
    window.choosing.set_guide_sound(GuideSound.WORDS)
    run_breathing_to_the_breath(window)
    start = room.clock.now_ms()
    room.advance(20_000)
    guide = [(at - start, text) for at, text, bell in speaker.at if text.startswith("Breathing")]
    assert guide == [
        (0, "Breathing in"),
        (4_000, "Breathing out"),
        (10_000, "Breathing in"),
        (14_000, "Breathing out"),
        (20_000, "Breathing in"),
    ]
    assert all(bell == "none" for _, text, bell in speaker.at if text.startswith("Breathing"))


def test_the_guide_can_be_a_quiet_bell_on_each_in_breath(room: Room, timed: Timed) -> None:
    window, speaker = timed
    run_breathing_to_the_breath(window)
    start = room.clock.now_ms()
    room.advance(1_000)
    window.choosing.set_guide_sound(GuideSound.BELL)  # turned on mid-breath: nothing until the next turn
    room.advance(19_000)
    bells = [at - start for at, text, bell in speaker.at if bell == "single" and not text and at >= start]
    assert bells == [10_000, 20_000]


def test_guide_text_words_count_or_nothing_and_digits_can_hide(
    qtbot: QtBot, room: Room, window: OneToOneWindow
) -> None:
    with qtbot.wait_exposed(window):
        window.show()
    run_breathing_to_the_breath(window)
    room.advance(2_500)
    assert window.pacer.guide_text() == "Breathing in"
    window.choosing.set_guide_text(GuideText.SECONDS)
    assert window.pacer.guide_text() == "In 3…"
    window.choosing.set_guide_text(GuideText.BREATHS)
    assert window.pacer.guide_text() == "Breath 1 · in"
    window.hide_digits_action.trigger()
    assert window.pacer.guide_text() == "Breathing in"
    assert window.clock_label.isHidden()
    window.choosing.set_guide_text(GuideText.NONE)
    assert window.pacer.guide_text() == ""


# ---------------------------------------------------------------------- notes and the record
def test_notes_are_saved_with_the_client_code_on_every_edit_and_at_the_end(
    room: Room, window: OneToOneWindow, sink: MemorySink
) -> None:
    window.select_exercise("test-rain")
    window.begin()
    record = window.record
    assert record is not None
    first = sink.saves
    window.client_code_edit.setText("C-12")
    window.notes_edit.setPlainText("Settled quickly.")
    assert sink.saves >= first + 2
    kept = sink.records[record.id]
    assert kept.source == "one-to-one"
    assert kept.participants == ["C-12"]
    assert kept.free_notes == "Settled quickly."
    assert kept.ended_at is None
    window.next_step()
    window.next_step()
    room.advance(60_000)  # the last step ends on its own
    assert window.pages.currentIndex() == window.PAGE_ENDED
    kept = sink.records[record.id]
    assert kept.ended_at is not None
    assert [s.title for s in kept.steps] == ["Recognise", "Allow", "Nurture"]
    assert [s.outcome for s in kept.steps] == ["skipped", "skipped", "completed"]
    window.notes_edit.setPlainText("Settled quickly. Wants to practise at home.")
    assert sink.records[record.id].free_notes.endswith("at home.")


def test_notes_written_before_beginning_go_with_the_exercise(
    window: OneToOneWindow, sink: MemorySink
) -> None:
    window.client_code_edit.setText("JK")
    window.notes_edit.setPlainText("Came in tired.")
    assert window.record is None
    assert sink.saves == 0
    window.begin()
    assert window.record is not None
    assert sink.records[window.record.id].free_notes == "Came in tired."


def test_a_new_exercise_gets_fresh_notes_but_keeps_the_client_code(
    room: Room, window: OneToOneWindow, sink: MemorySink
) -> None:
    window.select_exercise("test-rain")
    window.begin()
    window.client_code_edit.setText("JK")
    window.notes_edit.setPlainText("First exercise notes.")
    window.end_session()
    first = window.record
    assert first is not None
    window.pages.setCurrentIndex(window.PAGE_CHOOSER)
    window.begin()
    second = window.record
    assert second is not None
    assert second.id != first.id
    assert window.notes_edit.toPlainText() == ""
    assert sink.records[second.id].participants == ["JK"]
    assert sink.records[first.id].free_notes == "First exercise notes."


def test_the_client_field_asks_for_a_code_never_a_name(window: OneToOneWindow) -> None:
    privacy = window.findChild(type(window.name_hint), "privacyNote")
    assert privacy is not None
    assert "never a name" in privacy.text()
    window.client_code_edit.setText("Sam")
    assert not window.name_hint.isHidden()
    window.client_code_edit.setText("C-12")
    assert window.name_hint.isHidden()
    window.client_code_edit.setText("JK")
    assert window.name_hint.isHidden()


def test_notes_never_reach_the_log_the_title_or_the_settings(
    qtbot: QtBot, room: Room, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)
    sink = MemorySink()
    win = OneToOneWindow(FakeSpeaker(), sink, clock=room.clock, timer_factory=room.factory, settings=settings)
    qtbot.add_widget(win)
    caplog.set_level(logging.DEBUG)
    win.choosing.set_settle_seconds(0)
    win.begin()
    win.client_code_edit.setText("ZQ-93")
    win.notes_edit.setPlainText("very private words")
    win.close()
    settings.sync()
    stored = " ".join(f"{k}={settings.value(k)}" for k in settings.allKeys())
    for secret in ("ZQ-93", "private"):
        assert secret not in caplog.text
        assert secret not in win.windowTitle()
        assert secret not in stored
        assert secret not in (tmp_path / "prefs.ini").read_text(encoding="utf-8")


def test_closing_mid_exercise_ends_it_and_hands_over_the_record(
    room: Room, speaker: FakeSpeaker, window: OneToOneWindow, sink: MemorySink
) -> None:
    finished: list[SessionRecord] = []
    window.sessionFinished.connect(finished.append)
    window.select_exercise("test-rain")
    window.begin()
    room.advance(15_000)
    window.close()
    assert len(finished) == 1
    kept = sink.records[finished[0].id]
    assert kept.ended_at is not None
    assert kept.steps[0].outcome == "finished-early"
    assert kept.steps[0].actual_ms == 15_000
    assert speaker.stops >= 1
    assert not speaker.closed, "the speaker was lent to the window, not given"
    assert not room.live(), "no timer left running after closing"


# ---------------------------------------------------------------------- preferences and opening
def test_choices_are_remembered_between_windows(qtbot: QtBot, room: Room, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)
    first = OneToOneWindow(FakeSpeaker(), MemorySink(), timer_factory=room.factory, settings=settings)
    qtbot.add_widget(first)
    first.choosing.set_settle_seconds(60)
    first.choosing.set_bells(False)
    first.choosing.set_guide_sound(GuideSound.WORDS)
    first.choosing.set_guide_text(GuideText.BREATHS)
    first.hide_digits_action.trigger()
    first.close()
    assert load_choices(settings) == OneToOneChoices(
        settle_s=60,
        bells=False,
        guide_sound=GuideSound.WORDS,
        guide_text=GuideText.BREATHS,
        hide_digits=True,
    )
    second = OneToOneWindow(FakeSpeaker(), MemorySink(), timer_factory=room.factory, settings=settings)
    qtbot.add_widget(second)
    assert second.settle_combo.currentData() == 60
    assert second.bells_combo.currentData() is False
    assert second.clock_label.isHidden()


def test_odd_stored_choices_fall_back_to_defaults(tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)
    settings.setValue("one-to-one/settle_s", 45)
    settings.setValue("one-to-one/interval_min", "lots")
    settings.setValue("one-to-one/guide_sound", "trumpet")
    assert load_choices(settings) == OneToOneChoices()


def test_open_one_to_one_shows_the_window(qtbot: QtBot, room: Room) -> None:
    speaker = FakeSpeaker()
    sink = MemorySink()
    window = open_one_to_one(sink, speaker, clock=room.clock, timer_factory=room.factory)
    qtbot.add_widget(window)
    assert window.isVisible()
    assert window.records_warning.isHidden()
    window.close()
    assert not speaker.closed


def test_without_a_sink_the_notes_tab_says_records_are_not_kept(qtbot: QtBot, room: Room) -> None:
    speaker = FakeSpeaker()
    window = open_one_to_one(None, speaker, clock=room.clock, timer_factory=room.factory)
    qtbot.add_widget(window)
    assert not window.records_warning.isHidden()
    window.close()


def test_the_ended_page_offers_notes_and_another_exercise(room: Room, window: OneToOneWindow) -> None:
    window.select_exercise("test-rain")
    window.begin()
    room.advance(30_000)
    window.end_session()
    assert window.pages.currentIndex() == window.PAGE_ENDED
    assert window.ended_time_label.text() == f"Time together: {format_clock(30_000)}"


@pytest.mark.parametrize("scale", [1.0, 1.2, 1.6])
def test_at_every_text_size_the_chooser_shows_every_control_whole_and_three_exercises(
    qtbot: QtBot, room: Room, scale: float
) -> None:
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QListWidget, QWidget

    from mindful_listening.ui import theme

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.font()
    font = app.font()
    font.setPointSizeF(theme.BASE_POINT_SIZE * scale)
    app.setFont(font)
    try:
        window = OneToOneWindow(
            FakeSpeaker(),
            MemorySink(),
            clock=room.clock,
            timer_factory=room.factory,
            scripts=one_to_one_scripts(),
        )
        qtbot.add_widget(window)
        window.show()
        qtbot.wait_exposed(window)
        inside = QRect(QPoint(0, 0), window.size())
        cut = []
        for control in window.findChildren(QWidget):
            if not isinstance(control, QAbstractButton | QComboBox | QListWidget) or not control.isVisibleTo(
                window
            ):
                continue
            where = QRect(control.mapTo(window, QPoint(0, 0)), control.size())
            text_fits = control.sizeHint().width() <= control.width() + 1
            if not inside.contains(where) or (isinstance(control, QAbstractButton) and not text_fits):
                cut.append(control.text() if isinstance(control, QAbstractButton) else control.objectName())
        assert cut == [], f"cut off at text size {scale}"
        assert window.guide_button.isVisibleTo(window), "no choice hidden behind the toolbar's overflow"
        listing = window.exercise_list
        assert not listing.horizontalScrollBar().isVisible(), "long titles wrap, never scroll sideways"
        viewport = listing.viewport().rect()
        for row in range(min(3, listing.count())):
            item = listing.item(row)
            assert item is not None
            assert viewport.contains(listing.visualItemRect(item)), f"{item.text()} is hidden at {scale}"
        window.close()
    finally:
        app.setFont(before)


def test_a_fifo_chosen_as_a_script_is_turned_down(
    qtbot: QtBot, window: OneToOneWindow, tmp_path: Path
) -> None:
    pipe = tmp_path / "pause.toml"
    os.mkfifo(pipe)
    assert not read_script_file(qtbot, window, pipe)
    assert "not a regular file" in window.file_problem_label.text()


def test_a_script_with_a_warning_is_added_and_the_warning_shown(
    qtbot: QtBot, window: OneToOneWindow, tmp_path: Path
) -> None:
    path = tmp_path / "own.toml"
    path.write_text(
        'id = "my-own"\ntitle = "My own pause"\nmode = "one-to-one"\npurpose = "p"\n'
        '[[steps]]\nkind = "exercise"\ntitle = "Pause"\nduration = "1m"\nbell = "double"\n'
        '[[steps.cues]]\nat = "start"\ntext = "Settle."\nbell = "soft"\n',
        encoding="utf-8",
    )
    assert read_script_file(qtbot, window, path)
    chosen = window.selected_script()
    assert chosen is not None
    assert chosen.id == "my-own"
    assert not window.file_problem_label.isHidden()
    assert 'this step\'s "double" bell does not ring' in window.file_problem_label.text()
