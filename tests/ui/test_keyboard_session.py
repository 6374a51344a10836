"""A whole built-in session run with the keyboard alone, start-up without a speech engine, and run()."""

from __future__ import annotations

import logging
import os
import selectors
import signal
import subprocess
import sys
import types
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QMessageLogContext, QSettings, Qt, QtMsgType
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from mindful_listening import preferences as prefs_io
from mindful_listening.controller import SessionController
from mindful_listening.core.flow import Stage
from mindful_listening.core.record import MemorySink
from mindful_listening.core.runner import State
from mindful_listening.preferences import Preferences
from mindful_listening.speech.api import SilentSpeaker
from mindful_listening.ui import main
from mindful_listening.ui.window import MainWindow

MakeWindow = Callable[..., MainWindow]
Key = Qt.Key
Mod = Qt.KeyboardModifier


def stage_of(window: MainWindow) -> Stage:
    """Read afresh (a helper, so the type checker does not carry an earlier assert's narrowing over)."""
    return window.stage


def state_of(controller: SessionController | None) -> State:
    assert controller is not None
    return controller.state


def _press(
    qtbot: QtBot, window: MainWindow, key: Qt.Key, modifier: Qt.KeyboardModifier = Mod.NoModifier
) -> None:
    QTest.keyClick(QApplication.focusWidget() or window, key, modifier)


def _end_practice(qtbot: QtBot, window: MainWindow, answer: Callable[[bool], None]) -> None:
    """End mid-practice pauses and asks; End again ends it (the debrief follows)."""
    _press(qtbot, window, Key.Key_End)
    assert window.controller is not None
    assert window.controller.state is State.PAUSED, "held while the facilitator is asked"
    answer(True)


def _type(qtbot: QtBot, text: str) -> None:
    focus = QApplication.focusWidget()
    assert focus is not None
    QTest.keyClicks(focus, text)


def test_a_built_in_session_from_purpose_to_saved_debrief_by_keyboard_only(
    qtbot: QtBot, make_window: MakeWindow, advance: Callable[[int], None]
) -> None:
    sink = MemorySink()
    window = make_window(speaker=SilentSpeaker("tests"), sink=sink)
    # Library: the first built-in is highlighted; Enter uses it.
    _press(qtbot, window, Key.Key_Return)
    assert stage_of(window) is Stage.PURPOSE
    assert window.script is not None
    script = window.script
    _press(qtbot, window, Key.Key_R, Mod.ControlModifier)  # read aloud: silent here, and harmless
    _press(qtbot, window, Key.Key_PageDown)
    assert stage_of(window) is Stage.PRACTICE
    _press(qtbot, window, Key.Key_Space)
    controller = window.controller
    assert controller is not None
    assert state_of(controller) is State.RUNNING
    advance(30_000)
    _press(qtbot, window, Key.Key_Space)
    assert state_of(controller) is State.PAUSED
    advance(10_000)
    _press(qtbot, window, Key.Key_Space)
    _press(qtbot, window, Key.Key_Plus)  # 30 s more for arriving
    _press(qtbot, window, Key.Key_B)  # blank and back: the timer runs on
    advance(5_000)
    _press(qtbot, window, Key.Key_B)
    # Let the rest of the session run on its own clock, speaking turns and all.
    with qtbot.wait_signal(controller.finished, timeout=1_000):
        advance(controller.timeline.total_ms + 60_000)
    assert stage_of(window) is Stage.DEBRIEF
    assert window.debrief_page.participants.hasFocus()

    _type(qtbot, "P1, P2")
    for index in range(len(script.debrief.prompts)):
        _press(qtbot, window, Key.Key_Tab)
        _type(qtbot, f"answer {index}")
    _press(qtbot, window, Key.Key_Tab)
    _type(qtbot, "a calm group")
    _press(qtbot, window, Key.Key_Tab)  # how to reflect: the free box, as chosen last time
    assert QApplication.focusWidget() is window.debrief_page.reflection_form.choice
    _press(qtbot, window, Key.Key_Tab)
    _type(qtbot, "I rushed the swap")
    _press(qtbot, window, Key.Key_S, Mod.ControlModifier)
    assert window.debrief_page.saved_line.text() == "Saved."

    assert len(sink.records) == 1
    (record,) = sink.records.values()
    assert record.script_id == script.id
    assert record.participants == ["P1", "P2"]
    assert [(n.prompt, n.text) for n in record.notes] == [
        (p.text, f"answer {i}") for i, p in enumerate(script.debrief.prompts)
    ]
    assert record.free_notes == "a calm group"
    assert record.reflection == "I rushed the swap"
    assert record.ended_at is None, "the debrief is still open: a crash now would be offered back"
    assert [s.outcome for s in record.steps] == ["completed"] * len(script.steps)
    assert record.steps[0].paused_ms == 10_000
    assert record.steps[0].extended_ms == 30_000
    assert len(record.cues) == sum(len(s.cues) for s in controller.timeline.steps)


def test_start_up_without_a_speech_engine_uses_captions_only(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, settings: QSettings
) -> None:
    broken = types.ModuleType("mindful_listening.speech.service")

    def no_engine(prefs: Preferences, parent: object) -> object:
        raise RuntimeError("no speech engine here")

    broken.make_speaker = no_engine  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "mindful_listening.speech.service", broken)
    monkeypatch.setattr(main, "make_sink", lambda parent: MemorySink())
    seen: list[MainWindow] = []

    def fake_exec(app: QApplication) -> int:
        window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        seen.append(window)
        qtbot.wait_exposed(window)
        assert isinstance(window.speaker, SilentSpeaker)
        window.use_selected_script()
        window.set_stage(Stage.PRACTICE)
        assert window.controller is not None
        with qtbot.wait_signal(window.controller.caption, timeout=2_000) as blocker:
            window.toggle()  # the arriving cue shows as a caption, with nothing spoken
        assert blocker.args is not None
        assert window.room.caption.text() == blocker.args[0] != ""
        window.close()
        return 0

    monkeypatch.setattr(main, "_exec", fake_exec)
    monkeypatch.setattr(prefs_io, "app_settings", lambda: settings)
    hook = sys.excepthook
    assert main.run([]) == 0
    assert len(seen) == 1
    assert sys.excepthook is hook, "run() puts the previous excepthook back"
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert app.applicationName() == "Mindful Listening"
    assert app.organizationName() == "Mindful Listening"


def test_make_sink_keeps_notes_in_memory_when_the_records_cannot_start(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def explode(parent: object) -> object:
        raise RuntimeError("no records here")

    monkeypatch.setattr(main, "RecordKeeper", explode)
    assert isinstance(main.make_sink(None), MemorySink)


def test_make_speaker_falls_back_when_the_service_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    import types

    broken = types.ModuleType("mindful_listening.speech.service")

    def explode(prefs: Preferences, parent: object) -> object:
        raise RuntimeError("no audio")

    broken.make_speaker = explode  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "mindful_listening.speech.service", broken)
    assert isinstance(main.make_speaker(Preferences(), None), SilentSpeaker)


def test_qt_messages_go_to_logging(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="qt")
    main.qt_message_handler(QtMsgType.QtWarningMsg, QMessageLogContext(), "a gentle warning")
    main.qt_message_handler(QtMsgType.QtDebugMsg, QMessageLogContext(), "detail")
    records = [(r.levelno, r.getMessage()) for r in caplog.records if r.name == "qt"]
    assert records == [(logging.WARNING, "a gentle warning"), (logging.DEBUG, "detail")]


def test_the_excepthook_logs_and_shows_a_calm_non_modal_message(
    qtbot: QtBot, make_window: MakeWindow, caplog: pytest.LogCaptureFixture
) -> None:
    window = make_window()
    hook = main.make_excepthook(lambda: window)
    try:
        raise ValueError("something odd")
    except ValueError as error:
        hook(ValueError, error, error.__traceback__)
    assert "something odd" in caplog.text
    boxes = window.findChildren(QMessageBox)
    assert len(boxes) == 1
    box = boxes[0]
    qtbot.wait_exposed(box)
    assert box.windowModality() == Qt.WindowModality.NonModal
    assert "Your notes are kept" in box.text()
    box.close()


@pytest.mark.parametrize("flags", [[], ["--one-to-one"]], ids=["facilitator", "one-to-one"])
def test_the_app_opens_and_quits_cleanly_on_ctrl_c(tmp_path: Path, flags: list[str]) -> None:
    """``mindful-listening`` with no command opens the window (``--one-to-one``: the compact one); Ctrl+C
    closes it (saving) and exits 0. The one-to-one start once hung here: its records thread loaded a C module
    while Qt Multimedia, loading on the GUI thread, logged through Python (each waited for the other)."""
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PYTHONUNBUFFERED="1",
        MINDFUL_LISTENING_DATA_DIR=str(tmp_path / "data"),
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "mindful_listening", *flags],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        env=env,
        cwd=tmp_path,
    )
    assert proc.stderr is not None
    seen: list[str] = []
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(proc.stderr, selectors.EVENT_READ)
            deadline = 60.0
            while not any("window is open" in line for line in seen):
                ready = selector.select(timeout=deadline)
                assert ready, f"the window did not open: {seen[-5:]}"
                line = proc.stderr.readline().decode(errors="replace")
                assert line, f"the app ended early: {seen[-5:]}"
                seen.append(line)
        proc.send_signal(signal.SIGINT)
        _out, rest = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
        proc.stderr.close()
    log = "".join(seen) + rest.decode(errors="replace")
    assert proc.returncode == 0, log[-2000:]
    assert "Traceback" not in log


def test_the_debrief_reaches_the_records_store_through_the_keeper(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path, answer_end_question: Callable[[bool], None]
) -> None:
    """With the real records keeper: notes typed in the debrief are in the database once the window closes."""
    keeper_module = pytest.importorskip("mindful_listening.storage.keeper")
    store_module = pytest.importorskip("mindful_listening.storage.store")
    keeper = keeper_module.RecordKeeper(tmp_path / "records")
    window = make_window(sink=keeper, speaker=SilentSpeaker("tests"))
    _press(qtbot, window, Key.Key_Return)
    _press(qtbot, window, Key.Key_PageDown)
    _press(qtbot, window, Key.Key_Space)
    _end_practice(qtbot, window, answer_end_question)
    assert stage_of(window) is Stage.DEBRIEF
    _type(qtbot, "K1, K2")
    _press(qtbot, window, Key.Key_Tab)
    _type(qtbot, "kept safely")
    assert window.notebook is not None
    assert window.notebook.record is not None
    session_id = window.notebook.record.id
    window.close()  # writes what is pending and stops the keeper's writer
    assert not keeper.has_unsaved()
    store = store_module.RecordStore.open(tmp_path / "records")
    try:
        saved = store.get(session_id)
    finally:
        store.close()
    assert saved.participants == ["K1", "K2"]
    assert [n.text for n in saved.notes] == ["kept safely"]
    assert saved.ended_at is not None


def test_the_gui_entry_point_passes_its_command_line_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """`mindful-listening-gui --one-to-one` opens the one-to-one timer, as `mindful-listening` does."""
    from mindful_listening import app

    seen: list[list[str]] = []

    def run(argv: list[str]) -> int:
        seen.append(argv)
        return 0

    monkeypatch.setattr(main, "run", run)
    monkeypatch.setattr(sys, "argv", ["mindful-listening-gui", "--one-to-one"])
    assert app.main() == 0
    assert app.main([]) == 0
    assert seen == [["--one-to-one"], []]
