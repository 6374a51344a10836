"""The window joined to the other parts: the tutor's assessment, speech problems and progress, the one-to-one
timer, and the offer of a session the app stopped in the middle of (against a real records database)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from mindful_listening.core.clock import ManualClock
from mindful_listening.core.flow import Stage
from mindful_listening.core.library import find_script
from mindful_listening.core.record import MemorySink, SessionRecord
from mindful_listening.core.runner import SessionRunner, State
from mindful_listening.core.timeline import compile_script
from mindful_listening.speech.api import FakeSpeaker
from mindful_listening.speech.service import CaptionOnlySpeaker
from mindful_listening.storage import RecordKeeper, SessionSummary
from mindful_listening.ui.window import MainWindow

MakeWindow = Callable[..., MainWindow]
TextsOf = Callable[[QWidget], list[str]]

OBSERVATION = "Invited the pair to pause before swapping zq17"


def _room_texts(window: MainWindow, texts_of: TextsOf) -> str:
    views: list[QWidget] = [window.room, window.practice_page.mirror]
    if window.audience_window is not None:
        views.append(window.audience_window.view)
    return "\n".join(text for view in views for text in texts_of(view))


def state_of(window: MainWindow) -> State:
    """Read afresh (so the type checker does not carry an earlier assert's narrowing over)."""
    assert window.controller is not None
    return window.controller.state


def _start_assessment(window: MainWindow, qtbot: QtBot) -> None:
    window.actions_by_name["assessment"].trigger()
    panel = window.assessment_panel
    assert panel.isVisible()
    assert panel.code_edit.hasFocus()  # the tutor can type the code at once
    QTest.keyClicks(panel.code_edit, "T-07")
    QTest.keyClicks(panel.assessor_edit, "RM")
    QTest.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    assert panel.assessment is not None, (panel.setup_error.text(), panel.code_edit.text())


def test_a_tutor_logs_an_observation_with_o_and_it_is_saved_with_the_session(
    qtbot: QtBot, make_window: MakeWindow, advance: Callable[[int], None], texts_of: TextsOf
) -> None:
    sink = MemorySink()
    window = make_window(sink=sink)
    window.use_script(find_script("classic-pairs"))
    window.actions_by_name["audience_window"].setChecked(True)
    _start_assessment(window, qtbot)
    window.set_stage(Stage.PRACTICE)
    window.toggle()
    advance(12_000)
    controls = window.practice_page.buttons[0]
    controls.setFocus()
    qtbot.wait_until(controls.hasFocus)

    QTest.keyClick(controls, Qt.Key.Key_O)
    note = window.assessment_panel.note_edit
    qtbot.wait_until(note.hasFocus)
    QTest.keyClicks(note, OBSERVATION)
    QTest.keyClick(note, Qt.Key.Key_Return)

    # The keyboard goes back to the controls, and the session never stopped.
    qtbot.wait_until(controls.hasFocus)
    assert window.controller is not None
    assert window.controller.state is State.RUNNING
    QTest.keyClick(controls, Qt.Key.Key_Space)
    assert state_of(window) is State.PAUSED

    saved = [r for r in sink.records.values() if r.assessment]
    assert len(saved) == 1
    assessment = saved[0].assessment
    assert assessment is not None
    observations = assessment["observations"]
    assert [o["text"] for o in observations] == [OBSERVATION]
    assert observations[0]["stage"] == "practice"
    assert observations[0]["session_ms"] >= 12_000

    # Nothing of it in the room, in the window titles, or on the audience window.
    assert OBSERVATION not in _room_texts(window, texts_of)
    assert "T-07" not in _room_texts(window, texts_of)
    assert window.audience_window is not None
    for title in (window.windowTitle(), window.audience_window.windowTitle()):
        assert OBSERVATION not in title
        assert "T-07" not in title


def test_the_room_view_in_the_window_hides_the_assessment_panel(
    qtbot: QtBot, make_window: MakeWindow, texts_of: TextsOf
) -> None:
    window = make_window()
    window.use_script(find_script("classic-pairs"))
    _start_assessment(window, qtbot)
    window.actions_by_name["room_view"].setChecked(True)
    assert window.views.currentWidget() is window.room
    assert not window.assessment_panel.isVisible()
    window.actions_by_name["room_view"].setChecked(False)
    assert window.assessment_panel.isVisible()


def test_o_does_nothing_outside_assessment_mode_and_guides_before_the_assessment_starts(
    make_window: MakeWindow,
) -> None:
    window = make_window()
    window.use_script(find_script("classic-pairs"))
    window.observe()
    assert not window.assessment_panel.isVisible()  # a stray O in a group session changes nothing
    window.actions_by_name["assessment"].setChecked(True)
    window.observe()
    assert "trainee" in window.statusBar().currentMessage()


def test_typed_assessment_is_saved_when_the_window_closes_and_joins_the_record_at_the_start(
    qtbot: QtBot, make_window: MakeWindow, advance: Callable[[int], None]
) -> None:
    sink = MemorySink()
    window = make_window(sink=sink)
    window.use_script(find_script("classroom-pairs"))
    _start_assessment(window, qtbot)
    assert not sink.records  # set up before the start: no record yet, so switching scripts leaves none behind
    window.set_stage(Stage.LIBRARY)
    window.use_script(find_script("classic-pairs"))
    assert window.assessment_panel.assessment is not None  # the tutor's set-up carries over
    window.set_stage(Stage.PRACTICE)
    window.toggle()
    advance(1_000)
    (record,) = sink.records.values()
    assert record.script_id == "classic-pairs"
    assert record.assessment is not None
    window.assessment_panel.summary_edit.setPlainText("Calm, clear guidance throughout")  # not yet flushed
    window.close()
    (record,) = sink.records.values()
    assert record.assessment is not None
    assert record.assessment["summary"] == "Calm, clear guidance throughout"


def test_the_one_to_one_window_opens_afresh_after_it_was_closed(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    window.open_one_to_one()
    first = window.one_to_one
    assert first is not None
    first.close()
    qtbot.wait_until(lambda: window.one_to_one is None)
    window.open_one_to_one()
    assert window.one_to_one is not None
    assert window.one_to_one.pages.currentIndex() == 0  # the chooser, ready for a new exercise


def test_a_new_session_after_an_assessed_one_starts_a_fresh_assessment(
    qtbot: QtBot, make_window: MakeWindow, advance: Callable[[int], None]
) -> None:
    window = make_window()
    window.use_script(find_script("classic-pairs"))
    _start_assessment(window, qtbot)
    window.set_stage(Stage.PRACTICE)
    window.toggle()
    advance(1_000)
    window.toggle()
    window.set_stage(Stage.LIBRARY)
    window.use_script(find_script("classroom-pairs"))
    assert window.assessment_panel.assessment is None


def test_speech_problems_are_told_once_on_the_laptop_and_never_in_the_room(
    qtbot: QtBot, make_window: MakeWindow, texts_of: TextsOf
) -> None:
    speaker = CaptionOnlySpeaker("Spoken cues are off: espeak-ng is not installed.")
    window = make_window(speaker=speaker)
    window.use_script(find_script("classic-pairs"))
    qtbot.wait_until(window.speech_banner.isVisible)
    assert "espeak-ng" in window.speech_banner.text()
    qtbot.wait_until(lambda: window.speech_status.text() == "Cues ready (see the notice above)")
    window.use_script(find_script("classroom-pairs"))  # a second script: the same cause is not told again
    qtbot.wait_until(lambda: "ready" in window.speech_status.text())
    assert window.speech_banner.text().count("espeak-ng") == 1
    assert "espeak-ng" not in _room_texts(window, texts_of)
    speaker.shutdown()


def test_preparation_progress_is_shown_while_cues_render(make_window: MakeWindow) -> None:
    window = make_window(speaker=FakeSpeaker())
    window.notices.speech_progress(3, 12)
    assert window.speech_status.text() == "Preparing spoken cues: 3 of 12"
    window.notices.speech_progress(12, 12)
    assert window.speech_status.text() == "Spoken cues ready"
    window.notices.speech_problem("Spoken cues and bells cannot be heard: no sound output was found.")
    assert window.speech_status.text() == "Cues ready (see the notice above)", (
        "a problem told after the cues were ready never leaves 'Spoken cues ready' beside it"
    )


def test_the_one_to_one_timer_opens_from_the_menu_and_its_keys_stay_its_own(
    qtbot: QtBot, make_window: MakeWindow, advance: Callable[[int], None]
) -> None:
    window = make_window()
    window.use_script(find_script("classic-pairs"))
    window.set_stage(Stage.PRACTICE)
    window.toggle()
    advance(2_000)
    window.actions_by_name["one_to_one"].trigger()
    compact = window.one_to_one
    assert compact is not None
    qtbot.wait_exposed(compact)
    assert window.controller is not None
    assert window.controller.state is State.PAUSED  # one voice at a time
    compact.activateWindow()
    qtbot.wait_until(compact.isActiveWindow)
    QTest.keyClick(QApplication.focusWidget() or compact, Qt.Key.Key_Space)
    QTest.keyClick(QApplication.focusWidget() or compact, Qt.Key.Key_B)
    assert window.controller.state is State.PAUSED  # the group session's Space did not fire here
    assert not window.actions_by_name["blank"].isChecked()
    window.close()
    assert not shiboken6.isValid(compact) or not compact.isVisible()


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    old = os.environ.get("MINDFUL_LISTENING_DATA_DIR")
    os.environ["MINDFUL_LISTENING_DATA_DIR"] = str(tmp_path / "data")
    yield tmp_path / "data"
    if old is None:
        os.environ.pop("MINDFUL_LISTENING_DATA_DIR", None)
    else:
        os.environ["MINDFUL_LISTENING_DATA_DIR"] = old


def _offer_after_a_crash(
    qtbot: QtBot, make_window: MakeWindow, earlier: SessionRecord
) -> tuple[MainWindow, RecordKeeper, QMessageBox]:
    """``earlier`` saved by one run of the app that never ended it; the next run's window and its offer."""
    first = RecordKeeper()
    first.save(earlier, immediate=True)
    assert first.close()
    keeper = RecordKeeper()
    window = make_window(sink=keeper)
    window.offer_unfinished()
    qtbot.wait_until(lambda: isinstance(window.notices.unfinished_offer, QMessageBox), timeout=5_000)
    box = window.notices.unfinished_offer
    assert box is not None
    qtbot.wait_until(box.isVisible)
    return window, keeper, box


def test_an_unfinished_session_is_offered_back_at_start_and_opens_in_the_history(
    qtbot: QtBot, make_window: MakeWindow, data_dir: Path
) -> None:
    script = find_script("classic-pairs")
    earlier = SessionRecord.begin(script, 0)
    earlier.free_notes = "kept through the crash"
    window, _keeper, box = _offer_after_a_crash(qtbot, make_window, earlier)
    assert script.title in box.text()
    assert "kept through the crash" not in box.text()  # notes are never put in a dialog's words
    box.done(QMessageBox.StandardButton.Open)
    history = window.tools.get("history")
    assert history is not None
    qtbot.wait_until(lambda: getattr(history, "current_id", lambda: None)() == earlier.id, timeout=5_000)
    window.close()


def test_a_practice_the_app_stopped_part_way_is_taken_up_where_it_stopped(
    qtbot: QtBot, make_window: MakeWindow, data_dir: Path
) -> None:
    script = find_script("classic-pairs")
    clock = ManualClock()
    runner = SessionRunner(compile_script(script), clock)
    runner.start()
    clock.advance(60_000 + 45_000)  # 45 s into A's turn, then the app closed
    runner.poll()
    earlier = SessionRecord.begin(script, 0)
    earlier.absorb(runner.log_so_far())
    earlier.free_notes = "kept through the crash"
    earlier.participants = ["K1", "K2"]
    window, _keeper, box = _offer_after_a_crash(qtbot, make_window, earlier)
    assert "step 2" in box.text()
    (resume,) = [b for b in box.buttons() if b.objectName() == "resumeUnfinished"]
    assert box.defaultButton() is resume
    resume.click()
    qtbot.wait_until(lambda: window.stage is Stage.PRACTICE)
    controller = window.controller
    assert controller is not None
    assert controller.state is State.PAUSED, "paused where it stopped: Space when the room is ready"
    snapshot = controller.snapshot()
    assert snapshot.index == 1
    assert snapshot.elapsed_ms == 45_000
    assert window.room.page_name == "practice"
    assert window.practice_page.notes.toPlainText() == "kept through the crash"
    assert window.debrief_page.participants.text() == "K1, K2"
    assert window.notebook is not None
    assert window.notebook.record is not None
    assert window.notebook.record.id == earlier.id, "the same record carries on"
    window.close()


def test_an_unfinished_session_marked_as_finished_is_not_offered_again(
    qtbot: QtBot, make_window: MakeWindow, data_dir: Path
) -> None:
    window, keeper, box = _offer_after_a_crash(
        qtbot, make_window, SessionRecord.begin(find_script("rain"), 0)
    )
    (mark,) = [b for b in box.buttons() if b.text() == "Mark as finished"]
    mark.click()
    found: list[list[SessionSummary]] = []
    keeper.find_unfinished(found.append)  # the writer takes jobs in order: this runs after the stamp
    qtbot.wait_until(lambda: bool(found), timeout=5_000)
    assert found == [[]]
    window.close()


def test_records_that_cannot_be_written_are_told_and_the_notes_export_and_closing_asks_first(
    qtbot: QtBot,
    make_window: MakeWindow,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from mindful_listening.storage import exchange
    from mindful_listening.storage.store import open_store

    data_dir.mkdir(parents=True)
    other = open_store(data_dir)  # another running app holds the records
    assert other.store is not None
    try:
        keeper = RecordKeeper(data_dir)
        window = make_window(sink=keeper)
        qtbot.wait_until(window.records_banner.isVisible, timeout=5_000)
        assert "already open" in window.records_problem.text()
        window.use_script(find_script("classic-pairs"))
        window.set_stage(Stage.DEBRIEF)
        window.debrief_page.free_notes.setPlainText("kept safe in memory")
        qtbot.wait_until(lambda: bool(window.session.records.unsaved_records()), timeout=5_000)
        # Nothing beside the banner says the notes are being kept on disk.
        assert "kept as you type" not in window.debrief_page.saved_line.text()
        assert "in memory only" in window.debrief_page.saved_line.text()
        assert "in memory only" in window.stage_hint.text()
        window.save_now()
        assert window.debrief_page.saved_line.text() != "Saved."

        out = tmp_path / "rescued.json"
        with qtbot.wait_signal(window.notices.exporter.finished, timeout=10_000):
            window.notices.export_notes_to(str(out), window.session.records.unsaved_records())
        (rescued,) = exchange.read_records(out)
        assert rescued.free_notes == "kept safe in memory"

        asked: list[bool] = []
        monkeypatch.setattr(window.notices, "offer_notes_export", lambda: asked.append(True))
        monkeypatch.setattr(window.notices, "leave_unsaved_confirmed", lambda: False)
        assert not window.close()  # "Export first": the window stays and the export is offered
        assert window.isVisible()
        assert asked == [True]
        monkeypatch.setattr(window.notices, "leave_unsaved_confirmed", lambda: True)
        assert window.close()
    finally:
        assert other.store is not None
        other.store.close()


def test_a_damaged_records_file_can_be_kept_aside_from_the_window_and_the_notes_saved_anew(
    qtbot: QtBot, make_window: MakeWindow, data_dir: Path
) -> None:
    import hashlib

    from mindful_listening.storage.store import RecordStore

    data_dir.mkdir(parents=True)
    garbage = b"This is not a database. " * 400
    (data_dir / "records.db").write_bytes(garbage)
    keeper = RecordKeeper(data_dir)
    window = make_window(sink=keeper)
    qtbot.wait_until(window.records_banner.isVisible, timeout=5_000)
    assert "damaged" in window.records_problem.text()
    assert window.set_aside_button.isVisible()
    window.use_script(find_script("classic-pairs"))
    window.set_stage(Stage.DEBRIEF)
    window.debrief_page.free_notes.setPlainText("typed while the file was damaged")
    qtbot.wait_until(lambda: bool(window.session.records.unsaved_records()), timeout=5_000)
    assert (data_dir / "records.db").read_bytes() == garbage, "the damaged file is never written"

    with qtbot.wait_signal(keeper.saved, timeout=10_000):
        window.notices.set_aside_damaged()
    kept = [p for p in data_dir.iterdir() if p.name.startswith("records.damaged-") and p.suffix == ".db"]
    assert len(kept) == 1
    assert hashlib.sha256(kept[0].read_bytes()).digest() == hashlib.sha256(garbage).digest()
    assert str(kept[0]) in window.records_problem.text() or not window.records_banner.isVisible()
    qtbot.wait_until(lambda: not window.session.records.unsaved_records(), timeout=5_000)
    keeper.flush()
    store = RecordStore.open(data_dir)
    try:
        (summary,) = store.sessions()
        assert store.get(summary.id).free_notes == "typed while the file was damaged"
    finally:
        store.close()
    window.close()


def test_a_session_whose_practice_ended_stays_unfinished_until_the_facilitator_leaves_its_debrief(
    qtbot: QtBot, make_window: MakeWindow, data_dir: Path
) -> None:
    from mindful_listening.storage.store import RecordStore

    keeper = RecordKeeper(data_dir)
    window = make_window(sink=keeper)
    window.use_script(find_script("classic-pairs"))
    window.set_stage(Stage.PRACTICE)
    assert window.controller is not None
    window.toggle()  # Space
    window.session.finish()  # End: the practice timer is over, the debrief is not
    window.set_stage(Stage.DEBRIEF)
    window.debrief_page.free_notes.setPlainText("typed in the debrief, then the laptop crashed")
    window.save_now()
    assert keeper.flush()

    def unfinished_ids() -> list[str]:
        store = RecordStore.open(data_dir)
        try:
            return [s.id for s in store.unfinished()]
        finally:
            store.close()

    assert window.notebook is not None
    session = window.notebook.begin().id
    assert unfinished_ids() == [session], "a crash now would offer it back at the next start"
    window.close()  # the facilitator closes the window: the session is over
    assert unfinished_ids() == []


def test_sound_lost_and_back_mid_session_shows_then_clears_one_notice_on_the_laptop(
    make_window: MakeWindow,
) -> None:
    from mindful_listening.speech.service import CaptionOnlySpeaker, output_back_message, problem_message

    speaker = CaptionOnlySpeaker()
    window = make_window(speaker=speaker)
    lost = problem_message("output-lost")
    window.speech_status.setText("Spoken cues ready")
    speaker.outputChanged.emit(False, lost)
    assert window.speech_status.text() == "Cues as captions only (see the notice above)"
    assert not window.speech_banner.isHidden()
    assert window.speech_banner.text() == lost
    speaker.outputChanged.emit(True, output_back_message())
    assert window.speech_banner.isHidden()
    assert window.statusBar().currentMessage() == output_back_message()
    assert window.speech_status.text() == "Spoken cues ready"
