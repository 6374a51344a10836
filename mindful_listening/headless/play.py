"""Audio-only sessions: run a script in real time (or faster) with no window, for eyes-closed practice.

``mindful-listening play SCRIPT`` builds the same :class:`~mindful_listening.controller.SessionController`
the window uses, on a plain Qt event loop, with a :class:`~mindful_listening.core.clock.ScaledClock` when
rehearsing at speed. Captions go to stdout as they happen; ``--events PATH`` writes one JSON object per line
for each event, with the planned and the measured time (both in real milliseconds from the start), so timing
can be checked.

Open-ended steps (one-to-one scripts wait for the practitioner) end after their guide duration here, since
nobody is at the keyboard. Ctrl+C ends the session cleanly: the record is kept as finished early. A run at
another speed than real time is recorded as a rehearsal at that speed (``SessionRecord.speed``), so its record
never passes for a session with a room.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import signal
import time
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal

from mindful_listening.controller import SessionController
from mindful_listening.core.clock import ScaledClock
from mindful_listening.core.durations import describe_ms, format_clock
from mindful_listening.core.record import RecordSink, SessionRecord, utc_now_iso
from mindful_listening.core.runner import BELL_ONLY, CAPTIONED, SPOKEN, CueDue, SessionLog
from mindful_listening.core.script import Script
from mindful_listening.core.timeline import Step, Timeline, compile_script
from mindful_listening.interrupts import InterruptBridge
from mindful_listening.speech.api import Bell
from mindful_listening.speech.service import QtSpeaker, SpeechService
from mindful_listening.timers import TimerFactory, make_timer, soon

log = logging.getLogger(__name__)


EXIT_OK = 0
EXIT_INTERRUPTED = 130
EXIT_READER_GONE = 141  # the captions' reader stopped reading (``| head``): 128 + SIGPIPE, as the shell says
PREPARE_GUARD_MS = 60_000  # start anyway if preparing speech has not finished by then
DRAIN_MS = 20_000  # at the end of a real-time session, let the last cue finish sounding for up to this long


def timed_timeline(script: Script) -> Timeline:
    """The script's timeline with open-ended steps ending after their guide duration (no one presses keys)."""
    timeline = compile_script(script)
    steps = tuple(dataclasses.replace(step, open_ended=False) for step in timeline.steps)
    return Timeline(script=timeline.script, steps=steps)


class _ClockOf:
    """A clock in whole milliseconds read from a nanosecond source (the session's own, so that the runner and
    the events are timed by one clock)."""

    scale = 1.0

    def __init__(self, now_ns: Callable[[], int]) -> None:
        self._now_ns = now_ns

    def now_ms(self) -> int:
        return self._now_ns() // 1_000_000


@dataclasses.dataclass
class _Line:
    """One line of the events file, written once what it waits for is known."""

    data: dict[str, Any]
    ready: bool
    cue_index: int | None = None  # a cue's place in the session log, to tell the log what was heard


class _TrackingSpeaker:
    """Passes every call to the real speaker and remembers which ticket belongs to which cue event."""

    def __init__(self, inner: QtSpeaker, on_say: Callable[[int], None]) -> None:
        self.inner = inner
        self._on_say = on_say

    def prepare(self, cues: Sequence[tuple[str, Bell]]) -> None:
        self.inner.prepare(cues)

    def say(self, text: str, bell: Bell = "none") -> None:
        self.inner.say(text, bell)
        self._on_say(self.inner.last_ticket)

    def stop(self) -> None:
        self.inner.stop()

    def shutdown(self) -> None:
        self.inner.shutdown()


class PlaySession(QObject):
    """One audio-only run. Call :meth:`start`; ``done(exit_code)`` arrives when it is over."""

    done = Signal(int)

    def __init__(
        self,
        script: Script,
        speaker: QtSpeaker,
        *,
        scale: float = 1.0,
        out: TextIO,
        err: TextIO,
        events: TextIO | None = None,
        record_sink: RecordSink | None = None,
        on_finished: Callable[[SessionLog], None] | None = None,
        parent: QObject | None = None,
        now_ns: Callable[[], int] = time.monotonic_ns,
        timer_factory: TimerFactory = make_timer,
    ) -> None:
        """``now_ns`` and ``timer_factory`` are the session's time (real by default; a manual clock and its
        hand timers in tests): the runner's clock, the events' ``t_ms`` and every timer of the session."""
        super().__init__(parent)
        self.script = script
        self._now_ns = now_ns
        self._timers = timer_factory
        self.timeline = timed_timeline(script)
        self.scale = scale
        self.speaker = speaker
        self.out = out
        self.err = err
        self.events = events
        self.record_sink = record_sink
        self.on_finished = on_finished
        # At another speed than real time the record says it was a rehearsal, and at what speed: its step
        # times are the script's, and its exports give the length the real clock saw (docs/records-format.md).
        self.record = SessionRecord.begin(script, self.timeline.total_ms, source="play", speed=scale)
        self.exit_code = EXIT_OK
        self.interrupted = False
        self._t0_ns = 0
        self._lines: deque[_Line] = deque()
        self._by_ticket: dict[int, _Line] = {}  # speaker ticket -> its cue's line
        self._early: dict[int, list[tuple[str, float | None]]] = {}  # reports that came before their ticket
        self._pending_cue: _Line | None = None
        self._started = False
        self._finished = False
        self._told_problem = False  # then "ready" is not "spoken cues ready": what was told above applies
        self._over = False
        self._reader_gone = False
        self.controller: SessionController | None = None
        if isinstance(speaker, SpeechService) and scale > 1:
            # Rehearsing at speed: a cue that cannot start soon after its moment is not worth voicing late.
            speaker.stale_ms = max(250, round(speaker.stale_ms / scale))
        speaker.cueStarted.connect(self._on_cue_started)
        speaker.cueVoiced.connect(self._on_cue_voiced)
        speaker.cueFinished.connect(self._on_cue_finished)
        speaker.cueSilent.connect(self._on_cue_silent)
        speaker.problem.connect(self._on_problem)
        speaker.outputChanged.connect(self._on_output_changed)
        speaker.progress.connect(self._on_progress)
        speaker.ready.connect(self._begin)
        self._guard = timer_factory(self)
        self._guard.timeout.connect(self._begin)
        self._drain = timer_factory(self)
        self._drain.timeout.connect(self._close)

    # ----------------------------------------------------------------- driving
    def start(self) -> None:
        """Prepare every cue (rendering what is not cached yet), then run the session."""
        speed = f", a rehearsal at {self.scale:g}× speed" if self.scale != 1 else ""
        self._print(
            f"{self.script.title} ({describe_ms(self.timeline.total_ms)}){speed}. Press Ctrl+C to stop."
        )
        cues = [(cue.text, cue.bell) for step in self.timeline.steps for cue in step.cues]
        self._guard.start(PREPARE_GUARD_MS)
        self.speaker.prepare(cues)

    def interrupt(self, exit_code: int = EXIT_INTERRUPTED) -> None:
        """Ctrl+C: end now, keep what happened, exit 130 (or ``exit_code``)."""
        if self._over:
            return
        self.interrupted = True
        self.exit_code = exit_code
        if self.controller is not None and not self._finished:
            self.controller.finish()
        else:
            self._finished = True
            self._close()

    def _begin(self) -> None:
        if self._started or self._over:
            return
        self._started = True
        self._guard.stop()
        speaker = _TrackingSpeaker(self.speaker, self._on_say)
        clock = ScaledClock(self.scale, base=_ClockOf(self._now_ns))
        controller = SessionController(
            self.timeline, speaker, clock=clock, timer_factory=self._timers, parent=self
        )
        controller.stepStarted.connect(self._on_step)
        controller.cueFired.connect(self._on_cue)
        controller.zeroReached.connect(self._on_zero)
        controller.finished.connect(self._on_finished)
        self.controller = controller
        started = {
            "event": "session_started",
            "planned_ms": 0.0,
            "t_ms": 0.0,
            "script": self.script.id,
            "scale": self.scale,
            "planned_total_ms": self._planned(self.timeline.total_ms),
            "audio_outputs": list(self.speaker.output.outputs)
            if isinstance(self.speaker, SpeechService)
            else [],
            "speech": self._speech_settings(),
        }
        self._emit(started)
        # t0 is the session's real start: taken after the outputs are known and the first line is written
        # (either can take tens of milliseconds under load), right before the runner reads its clock, so no
        # event's t_ms carries that set-up time.
        self._t0_ns = self._now_ns()
        controller.start()

    def _speech_settings(self) -> dict[str, object]:
        """The voice, rate, volumes, bell choice and time warnings this session sounds with (the saved
        preferences)."""
        warnings = self.timeline.script.warnings
        if not isinstance(self.speaker, SpeechService):
            return {"spoken": False, "warnings": warnings}
        prefs = self.speaker.prefs
        return {
            "spoken": self.speaker.voice_on,
            "voice": prefs.voice,
            "rate": prefs.rate,
            "voice_volume": prefs.voice_volume,
            "bell_volume": prefs.bell_volume,
            "bells": prefs.bells,
            "warnings": warnings,
        }

    # ----------------------------------------------------------------- events
    def _t_ms(self) -> float:
        return round((self._now_ns() - self._t0_ns) / 1e6, 2)

    def _planned(self, clock_ms: int) -> float:
        return round(clock_ms / self.scale, 2)

    def _emit(self, data: dict[str, Any], ready: bool = True) -> _Line:
        line = _Line(data, ready)
        self._lines.append(line)
        self._flush()
        return line

    def _flush(self) -> None:
        """Write lines in the order things happened; a cue waits until its audio outcome is known."""
        while self._lines and self._lines[0].ready:
            line = self._lines.popleft()
            if self.events is not None:
                self.events.write(json.dumps(line.data, ensure_ascii=False) + "\n")
                self.events.flush()

    def _resolve(self, line: _Line, audio: str) -> None:
        if line.ready:
            return
        line.data["audio"] = audio
        if line.cue_index is not None and self.controller is not None:
            self.controller.runner.log.heard[line.cue_index] = audio
        if audio != SPOKEN and "audio_start_ms" in line.data:
            line.data["bell_start_ms"] = line.data.pop("audio_start_ms")  # the bell rang, the words did not
        line.ready = True
        self._flush()

    def _apply(self, line: _Line, kind: str, at_ms: float | None) -> None:
        """What the speaker reported about a cue: its first sound, its words, its end, or its silence."""
        if kind == "started" and at_ms is not None:
            line.data.setdefault("audio_start_ms", at_ms)
            if not line.data["text"]:
                self._resolve(line, BELL_ONLY)  # a cue with no words: the bell was the whole of it
        elif kind == "voiced" and at_ms is not None:
            line.data["voice_start_ms"] = at_ms
            self._resolve(line, SPOKEN)
        elif kind in ("finished", "silent"):
            # Ended without its words reaching the output: if its bell was heard, that is all that was.
            self._resolve(line, BELL_ONLY if "audio_start_ms" in line.data else CAPTIONED)

    def _on_step(self, step: Step) -> None:
        self._emit(
            {
                "event": "step_started",
                "index": step.index,
                "title": step.title,
                "kind": step.kind.value,
                "planned_ms": self._planned(step.start_ms),
                "t_ms": self._t_ms(),
            }
        )
        self._print(f"[{format_clock(step.start_ms)}] — {step.title} ({format_clock(step.span_ms)})")

    def _on_cue(self, due: CueDue) -> None:
        line = self._emit(
            {
                "event": "cue",
                "step": due.step.index,
                "text": due.cue.text,
                "bell": due.cue.bell,
                "planned_ms": self._planned(due.planned_ms),
                "t_ms": self._t_ms(),
                "audio": CAPTIONED,
            },
            ready=False,
        )
        if self.controller is not None:
            line.cue_index = due.log_index
        self._pending_cue = line
        if due.cue.text:
            self._print(f"[{format_clock(due.planned_ms)}] {due.cue.text}")
        if not due.cue.text and due.cue.bell == "none":
            self._resolve(line, CAPTIONED)
            self._pending_cue = None

    def _print(self, line: str) -> None:
        """A line of captions on ``out``. When its reader has stopped reading (``| head``), the session ends
        as after Ctrl+C (what happened is kept, exit 141) and nothing more is printed."""
        if self._reader_gone:
            return
        try:
            self.out.write(line + "\n")
            self.out.flush()
        except BrokenPipeError:
            self._reader_gone = True
            soon(self, self._reader_left)  # from the event loop: this may run inside the controller's events

    def _reader_left(self) -> None:
        self.interrupt(EXIT_READER_GONE)

    def _on_say(self, ticket: int) -> None:
        if self._pending_cue is None:
            return
        line, self._pending_cue = self._pending_cue, None
        self._by_ticket[ticket] = line
        for kind, at_ms in self._early.pop(ticket, []):
            self._apply(line, kind, at_ms)

    def _heard(self, ticket: int, kind: str, at_ms: float | None) -> None:
        if at_ms is not None:
            at_ms = round(at_ms - self._t0_ns / 1e6, 2)
        line = self._by_ticket.get(ticket)
        if line is None:  # reported from inside say(), before the ticket was handed back
            self._early.setdefault(ticket, []).append((kind, at_ms))
            return
        self._apply(line, kind, at_ms)
        if line.ready:
            del self._by_ticket[ticket]

    def _on_cue_started(self, ticket: int, at_ms: float) -> None:
        self._heard(ticket, "started", at_ms)

    def _on_cue_voiced(self, ticket: int, at_ms: float) -> None:
        self._heard(ticket, "voiced", at_ms)

    def _on_cue_finished(self, ticket: int) -> None:
        self._heard(ticket, "finished", None)

    def _on_cue_silent(self, ticket: int, why: str) -> None:
        del why
        self._heard(ticket, "silent", None)

    def _on_zero(self, step: Step) -> None:
        self._emit(
            {
                "event": "zero_reached",
                "index": step.index,
                "planned_ms": self._planned(step.start_ms + step.duration_ms),
                "t_ms": self._t_ms(),
            }
        )

    def _on_problem(self, message: str) -> None:
        self._told_problem = True
        self.err.write(f"{message}\n")
        self.err.flush()
        if self._started:
            self._emit({"event": "problem", "t_ms": self._t_ms(), "message": message})

    def _on_output_changed(self, heard: bool, message: str) -> None:
        """The sound output went away mid-session, or came back: one line each time, and an event."""
        self.err.write(f"{message}\n")
        self.err.flush()
        if self._started:
            self._emit({"event": "sound_output", "t_ms": self._t_ms(), "heard": heard, "message": message})

    def _on_progress(self, done: int, total: int) -> None:
        if total and done == 0:
            self.err.write("Preparing 1 spoken cue…\n" if total == 1 else f"Preparing {total} spoken cues…\n")
            self.err.flush()
        elif total and done == total:
            self.err.write(self._ready_words(total) + "\n")
            self.err.flush()

    def _ready_words(self, total: int) -> str:
        """What is ready once every cue is prepared, as it really is: voiced, or printed as captions only."""
        cues = "1 cue" if total == 1 else f"{total} cues"
        if self._told_problem:
            return f"Cues ready ({cues}; see above)."
        if isinstance(self.speaker, SpeechService) and self.speaker.voice_on:
            return f"Spoken cues ready ({cues})."
        return f"No voice or bells this time: {cues} will be printed as captions only."

    def _on_finished(self, session_log: SessionLog) -> None:
        self._finished = True
        self._emit(
            {
                "event": "finished",
                "planned_ms": self._planned(self.timeline.total_ms),
                "t_ms": self._t_ms(),
                "outcome": "interrupted" if self.interrupted else "completed",
            }
        )
        self.record.absorb(session_log)
        self.record.ended_at = utc_now_iso()
        if self.on_finished is not None:
            self.on_finished(session_log)
        if self.scale == 1 and not self.interrupted and self.speaker.is_sounding:
            # Let the closing words be heard before the program ends.
            self.speaker.cueFinished.connect(self._close_when_quiet)
            self.speaker.cueSilent.connect(self._close_when_quiet)
            self._drain.start(DRAIN_MS)
        else:
            soon(self, self._close)

    def _close_when_quiet(self, *args: object) -> None:
        del args
        if not self.speaker.is_sounding:
            self._close()

    def _close(self) -> None:
        if self._over:
            return
        self._over = True
        self._drain.stop()
        self._guard.stop()
        if self.controller is not None:
            self.controller.shutdown()  # stops speech (unresolved cues become captions) and the worker
        else:
            self.speaker.stop()
            self.speaker.shutdown()
        for line in list(self._lines):
            if line.data.get("event") == "cue":
                self._resolve(line, line.data["audio"])  # anything never voiced stays "captioned only"
            line.ready = True
        self._flush()
        if self._finished and self.controller is not None and self.record_sink is not None:
            # Saved now, not at the practice's end, so every cue's outcome (known only once it has sounded
            # or been cut) is in the record.
            self.record.absorb(self.controller.runner.log_so_far())
            self.record_sink.save(self.record)
        self.done.emit(self.exit_code)


def run_play(
    script: Script,
    speaker_factory: Callable[[QObject | None], QtSpeaker],
    *,
    scale: float = 1.0,
    out: TextIO,
    err: TextIO,
    events: TextIO | None = None,
    record_sink: RecordSink | None = None,
) -> int:
    """Run one session on a Qt event loop (made if there is none yet); returns the exit code."""
    app = QCoreApplication.instance() or QCoreApplication([])
    speaker = speaker_factory(None)
    session = PlaySession(
        script, speaker, scale=scale, out=out, err=err, events=events, record_sink=record_sink
    )
    result: list[int] = []

    def on_done(code: int) -> None:
        result.append(code)
        app.exit(code)

    session.done.connect(on_done, Qt.ConnectionType.QueuedConnection)

    def on_signal(signum: int) -> None:
        if signum == signal.SIGINT:
            session.interrupt()
        else:
            session.interrupt()
            session.exit_code = 128 + signum

    bridge = InterruptBridge(on_signal)
    try:
        soon(None, session.start)
        app.exec()
    finally:
        bridge.close()
        session.deleteLater()
        speaker.deleteLater()
    return result[0] if result else EXIT_INTERRUPTED
