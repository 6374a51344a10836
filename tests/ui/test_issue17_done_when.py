"""Issue 17's "Done when", as a facilitator would do it, on the real window, editor, preferences, speech
service (espeak-ng renders, the sound player plays into the test run's PulseAudio null sink) and files.

Without a text editor: duplicate the MBSR-style script, make the turns 4 minutes, change a cue's words, add a
step, hear the cue, save, see it in the library, run it, find it again after a restart; then set a quieter
bell and caption-only warnings in Preferences and meet the difference in the next session: the bell the
sound output plays is quieter (measured on the samples the sink took) and a time warning comes as a caption
with no sound at all.

Bad input (a negative duration typed, a cue after its step's end, an empty title: a clear message at the
field, nothing lost) is driven in tests/ui/test_script_editor.py
(``test_bad_input_gives_the_validator_s_message_at_the_field_and_loses_nothing``) and, for a draft kept over a
restart, ``test_a_draft_is_named_after_a_restart_and_can_be_finished``; a rehearsal refused for a script with
problems in tests/ui/test_rehearsal.py.
"""

from __future__ import annotations

import array
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from mindful_listening.core.flow import Stage
from mindful_listening.core.runner import State
from mindful_listening.core.script import StepKind
from mindful_listening.core.timeline import CueKind
from mindful_listening.preferences import Preferences
from mindful_listening.preferences import load as load_prefs
from mindful_listening.speech.api import Bell
from mindful_listening.speech.service import SpeechService, perceived_to_linear
from mindful_listening.speech.wavinfo import wav_stats
from mindful_listening.ui.preferences_dialog import PreferencesDialog
from mindful_listening.ui.script_editor import DEBOUNCE_MS
from mindful_listening.ui.tool_windows import PREFERENCES
from mindful_listening.ui.window import MainWindow

from .conftest import MakeWindow

MBSR = "speak-reflect-respond"
RATE = 22_050
# A struck bell is loudest as it strikes: its first 20 ms are the bell alone. (The voice is due 1.2 s after a
# single bell, counted from when the player took the bell, even from a player just started: d66188b.)
BELL_ALONE_S = 0.02
SILENCE = 64  # |sample| above this is sound: the null sink's silence is exactly 0
NEW_WORDS = "Speaker, take all the time you need; begin whenever you are ready."
Key = Qt.Key


class SinkRecorder:
    """``parec`` on the null sink's monitor, every sample to a file: what the room would have heard."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "sink.raw"
        self._out = self.path.open("wb")
        self._process = subprocess.Popen(
            [
                "parec",
                "--device=room.monitor",
                "--raw",
                "--format=s16le",
                f"--rate={RATE}",
                "--channels=1",
                "--latency-msec=20",
            ],
            stdout=self._out,
            stderr=subprocess.DEVNULL,
        )

    def recording(self) -> bool:
        """The recorder is taking the sink's samples (its silence, until something plays)."""
        return self.path.stat().st_size >= RATE // 5 * 2  # a fifth of a second of them

    def samples(self) -> array.array[int]:
        data = self.path.read_bytes()
        found = array.array("h", data[: len(data) // 2 * 2])
        if sys.byteorder == "big":
            found.byteswap()
        return found

    def first_sound_peak(self, span_s: float) -> int | None:
        """The loudest sample in the ``span_s`` seconds after the first sound, once they are all recorded."""
        samples = self.samples()
        onset = next((i for i, s in enumerate(samples) if abs(s) > SILENCE), None)
        if onset is None or len(samples) < onset + round(span_s * RATE):
            return None
        return max(abs(s) for s in samples[onset : onset + round(span_s * RATE)])

    def close(self) -> None:
        self._process.terminate()
        self._process.wait(timeout=10)
        self._out.close()


@pytest.fixture
def recorders(qtbot: QtBot, tmp_path: Path, sound_server: object) -> Iterator[Callable[[str], SinkRecorder]]:
    if shutil.which("parec") is None:
        pytest.skip("parec is not installed here (sudo apt-get install pulseaudio-utils)")
    del sound_server  # the run's own: every process started here plays into it (PULSE_SERVER)
    made: list[SinkRecorder] = []

    def make(name: str) -> SinkRecorder:
        folder = tmp_path / name
        folder.mkdir()
        recorder = SinkRecorder(folder)
        made.append(recorder)
        qtbot.wait_until(recorder.recording, timeout=10_000)  # connected before anything plays
        return recorder

    yield make
    for recorder in made:
        recorder.close()


def _select(window: MainWindow, script_id: str) -> None:
    scripts = window.library_page._scripts
    window.library_page.list.setCurrentRow(next(i for i, s in enumerate(scripts) if s.id == script_id))


def _type(field: QWidget, text: str) -> None:
    assert isinstance(field, QLineEdit)
    field.setFocus()
    field.selectAll()
    QTest.keyClick(field, Key.Key_Delete)
    QTest.keyClicks(field, text)


def _active(qtbot: QtBot, widget: QWidget) -> None:
    widget.activateWindow()
    qtbot.wait_until(widget.isActiveWindow)


def _key(
    window: MainWindow, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    QTest.keyClick(QApplication.focusWidget() or window, key, modifier)


def _start_practice(qtbot: QtBot, window: MainWindow, script_id: str) -> None:
    """From the library: choose the script (Enter), on to the practice, start the clock (Space)."""
    _active(qtbot, window)
    _select(window, script_id)
    window.library_page.list.setFocus()
    QTest.keyClick(window.library_page.list, Key.Key_Return)
    assert window.stage is Stage.PURPOSE
    assert window.script is not None
    assert window.script.id == script_id
    window.set_stage(Stage.PRACTICE)
    _key(window, Key.Key_Space)
    assert window.session.state is State.RUNNING


def test_a_facilitator_adapts_the_mbsr_script_runs_it_finds_it_after_a_restart_and_meets_a_quieter_bell(
    qtbot: QtBot,
    make_window: MakeWindow,
    settings: QSettings,
    advance: Callable[[int], None],
    recorders: Callable[[str], SinkRecorder],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # ---------------------------------------------------------------- adapt the script in the editor
    first_service = SpeechService(Preferences(theme="dark"))  # espeak-ng and the sound player, for real
    window = make_window(speaker=first_service)
    _select(window, MBSR)
    window.actions_by_name["duplicate_script"].trigger()
    editor = window.shelf.editors[-1]
    _active(qtbot, editor)
    turns = [i for i, s in enumerate(editor.document["steps"]) if s["kind"] == StepKind.TURN.value]
    for index in turns:
        editor.step_list.setCurrentRow(index)
        _type(editor.step_fields["duration"], "4m")
    editor.step_list.setCurrentRow(turns[0])
    cell = editor.cues.item(0, 1)
    assert cell is not None
    editor.cues.setCurrentItem(cell)
    editor.cues.editItem(cell)  # the cue's words, typed in the table's own editor
    typing = QApplication.focusWidget()
    assert isinstance(typing, QLineEdit)
    assert editor.cues.isAncestorOf(typing), typing.objectName()
    typing.selectAll()
    QTest.keyClicks(typing, NEW_WORDS)
    QTest.keyClick(typing, Key.Key_Return)  # the table takes it as the event loop goes on
    qtbot.wait_until(lambda: editor.document["steps"][turns[0]]["cues"][0]["text"] == NEW_WORDS)
    editor.step_list.setCurrentRow(len(editor.document["steps"]) - 1)
    QTest.mouseClick(editor.step_buttons["add"], Qt.MouseButton.LeftButton)
    _type(editor.step_fields["title"], "A last quiet minute")
    advance(DEBOUNCE_MS)
    assert editor.script is not None, editor.problems

    # Hear this cue: espeak-ng renders the new words, the speech service plays them.
    editor.step_list.setCurrentRow(turns[0])
    editor.cues.setCurrentCell(0, 1)
    with qtbot.wait_signal(first_service.cueVoiced, timeout=30_000):
        QTest.mouseClick(editor.hear_button, Qt.MouseButton.LeftButton)
    rendered = first_service.path_for(NEW_WORDS)
    assert rendered is not None
    assert rendered.is_file(), "rendered to a WAV by espeak-ng"
    heard = wav_stats(rendered)
    assert heard.seconds > 2.0, "the whole sentence, not a click"
    assert heard.rms > 0.01, "speech, not silence"
    qtbot.wait_until(lambda: not first_service.is_sounding, timeout=30_000)

    # Save (Ctrl+S), and it is in the library as the facilitator's own.
    QTest.keyClick(editor, Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "Saved in your scripts" in editor.status.text()
    mine = editor.script.id
    listed = window.library_page.script_with_id(mine)
    assert listed is not None
    assert "yours" in window.library_page.list.item(window.library_page._scripts.index(listed)).text()
    QTest.keyClick(editor, Key.Key_Escape)
    qtbot.wait_until(lambda: not editor.isVisible())

    # ---------------------------------------------------------------- run it (the bell at its first volume)
    before = recorders("before")
    _start_practice(qtbot, window, mine)
    qtbot.wait_until(lambda: before.first_sound_peak(BELL_ALONE_S) is not None, timeout=30_000)
    loud = before.first_sound_peak(BELL_ALONE_S)
    assert loud is not None
    assert first_service.output.player_volumes["bell"] == pytest.approx(perceived_to_linear(0.6))
    before.close()
    assert window.controller is not None
    turn_start = window.controller.timeline.steps[turns[0]].start_ms
    advance(turn_start)
    assert window.controller.snapshot().index == turns[0]
    assert window.room.digits.text() == "4:00", "the turn is 4 minutes in the room"
    window.notices.leave_unsaved_confirmed = lambda: True  # type: ignore[method-assign]
    window.close()

    # ---------------------------------------------------------------- a restart: the same data folder
    second_service = SpeechService(load_prefs(QSettings(settings.fileName(), QSettings.Format.IniFormat)))
    again = make_window(speaker=second_service)
    found = again.library_page.script_with_id(mine)
    assert found is not None, "found again after a restart"
    assert again.shelf.is_yours(found)
    assert [found.steps[i].duration for i in turns] == [240_000, 240_000]
    assert found.steps[turns[0]].cues[0].text == NEW_WORDS
    assert found.steps[-1].title == "A last quiet minute"

    # ---------------------------------------------------------------- a quieter bell, caption-only warnings
    _active(qtbot, again)
    QTest.keyClick(again, Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = again.tools.get(PREFERENCES)
    assert isinstance(dialog, PreferencesDialog)
    _active(qtbot, dialog)
    dialog.bell_volume.setFocus()
    for _ in range(4):
        QTest.keyClick(dialog.bell_volume, Key.Key_PageDown)  # 60 % → 20 %
    dialog.warnings.setFocus()
    while dialog.warnings.currentData() != "caption":
        QTest.keyClick(dialog.warnings, Key.Key_Down)
    assert again.prefs.bell_volume == pytest.approx(0.2)
    assert again.prefs.warnings == "caption"
    QTest.keyClick(dialog, Key.Key_Escape)
    qtbot.wait_until(lambda: not dialog.isVisible())

    said: list[tuple[str, Bell]] = []
    real_say = second_service.say

    def say(text: str, bell: Bell = "none") -> None:
        said.append((text, bell))
        real_say(text, bell)

    monkeypatch.setattr(second_service, "say", say)
    after = recorders("after")
    _start_practice(qtbot, again, mine)
    qtbot.wait_until(lambda: after.first_sound_peak(BELL_ALONE_S) is not None, timeout=30_000)
    quiet = after.first_sound_peak(BELL_ALONE_S)
    assert quiet is not None
    after.close()
    assert second_service.output.player_volumes["bell"] == pytest.approx(perceived_to_linear(0.2))
    expected = perceived_to_linear(0.2) / perceived_to_linear(0.6)
    assert quiet / loud == pytest.approx(expected, rel=0.25), (
        f"the bell the sink took: peak {loud} before, {quiet} after (expected ×{expected:.2f})"
    )

    # The next time warning: the caption alone, no bell and no words.
    controller = again.controller
    assert controller is not None
    turn = controller.timeline.steps[turns[0]]
    warning = next(c for c in turn.cues if c.kind is CueKind.WARNING)
    advance(turn.start_ms)
    said.clear()
    advance(turn.duration_ms - warning.anchor_ms)
    assert again.room.caption.text() == warning.text, "the room reads how long is left"
    assert said == [], "and hears nothing: no soft bell, no spoken warning"
