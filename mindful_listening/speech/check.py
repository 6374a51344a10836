"""The Sound & voice check: is there a speech engine, how does it sound, where would sound go?

Used by ``mindful-listening voice-check`` and by the in-app dialog (``ui/voice_check.py``). It renders a
test phrase with a fresh worker (so the figures are real, not from the cache), measures it, then (unless asked
to stay quiet) rings the bell and speaks the phrase through the same service a session uses. It never raises:
whatever is missing ends up in the report and in ``problems``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal

from mindful_listening.preferences import Preferences
from mindful_listening.speech.renderer import EngineInfo, RenderClient, RenderRequest, cache_dir, cache_key
from mindful_listening.speech.service import SpeechService, problem_message
from mindful_listening.speech.sound_client import RemoteSoundOutput
from mindful_listening.speech.wavinfo import wav_stats
from mindful_listening.timers import make_timer

log = logging.getLogger(__name__)

GUARD_MS = 30_000  # the whole check gives up after this long, whatever is still outstanding


def test_phrase() -> str:
    return QCoreApplication.translate("VoiceCheck", "This is how spoken cues will sound.")


def empty_report() -> dict[str, Any]:
    return {
        "engine_available": False,
        "engine": None,
        "voices": 0,
        "voice": None,
        "rate": None,
        "voice_volume": None,  # the cue and bell volumes it sounds at (the saved preferences), 0..1
        "bell_volume": None,
        "engine_start_ms": None,
        "render_ms": None,
        "test_phrase_seconds": None,
        "test_phrase_rms": None,
        "audio_outputs": [],
        "default_output": None,
        "played": False,
        "audio_start_ms": None,
        "problems": [],
    }


class VoiceCheck(QObject):
    """Run with :meth:`start`; ``finished(dict)`` carries the report (keys as in :func:`empty_report`)."""

    stage = Signal(str)  # a short line saying what is being checked now
    engineKnown = Signal(object)  # EngineInfo: the engine started, with these voices
    finished = Signal(object)  # the report

    def __init__(
        self,
        prefs: Preferences | None = None,
        play: bool = True,
        renderer_command: list[str] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        # The check tries voice and bell even if the preferences switch them off: that is what it is for.
        self.prefs = replace(prefs or Preferences(), speech_enabled=True, bells="script").clamped()
        self.play = play
        self.report = empty_report()
        self.report.update(voice_volume=self.prefs.voice_volume, bell_volume=self.prefs.bell_volume)
        self._command = renderer_command
        self._client: RenderClient | None = None
        self._service: SpeechService | None = None
        self._said_at = 0.0
        self._ticket = 0
        self._started: dict[int, float] = {}  # what the service told of each cue, by ticket
        self._ended: set[int] = set()
        self._done = False
        self._listing: RemoteSoundOutput | None = None
        self._outputs_known = False
        self._finish_waiting = False
        self._guard = make_timer(self)
        self._guard.setTimerType(Qt.TimerType.CoarseTimer)
        self._guard.timeout.connect(self._give_up)

    @property
    def done(self) -> bool:
        return self._done

    def start(self) -> None:
        # The outputs are listed by a sound player process, as the session's are: the app itself never
        # touches the sound system (decision 0009).
        listing = RemoteSoundOutput(1.0, 1.0, self)
        listing.running.connect(lambda: self._on_outputs(listing))
        listing.lost.connect(lambda _how: self._on_outputs(listing))
        self._listing = listing
        listing.open()
        self.stage.emit(QCoreApplication.translate("VoiceCheck", "Starting the speech engine…"))
        self._guard.start(GUARD_MS)
        folder = cache_dir()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            self._problem(problem_message("engine-error"))
            self._after_render()
            return
        client = RenderClient(self._command, parent=self)
        client.helloReceived.connect(self._on_hello)
        client.rendered.connect(self._on_rendered)
        client.failed.connect(self._on_failed)
        self._client = client
        out = folder / f"voice-check.{os.getpid()}.tmp"
        client.render(test_phrase(), self.prefs.voice, self.prefs.rate, out, measure=True)

    def cancel(self) -> None:
        """Stop whatever is under way (the dialog closed); no report is sent."""
        self._done = True
        self._cleanup()

    # ----------------------------------------------------------------- inner
    def _problem(self, message: str) -> None:
        if message not in self.report["problems"]:
            self.report["problems"].append(message)

    def _on_hello(self, info: EngineInfo) -> None:
        version = f" {info.version}" if info.version else ""
        self.report.update(
            engine_available=True,
            engine=f"{info.engine}{version}",
            voices=len(info.voices),
            voice=self.prefs.voice or info.default_voice,
            rate=self.prefs.rate,
            engine_start_ms=round(info.start_ms, 1),
        )
        self.engineKnown.emit(info)
        self.stage.emit(QCoreApplication.translate("VoiceCheck", "Rendering a test phrase…"))

    def _on_rendered(self, request: RenderRequest, ok: bool, answer: object) -> None:
        data = answer if isinstance(answer, dict) else {}
        if ok:
            self.report["render_ms"] = data.get("ms")
            self.report["voice"] = data.get("voice_used", self.report["voice"])
            self.report["rate"] = data.get("rate_used", self.report["rate"])
            try:
                stats = wav_stats(request.out)
                self.report["test_phrase_seconds"] = round(stats.seconds, 3)
                self.report["test_phrase_rms"] = round(stats.rms, 4)
                # Keep it where the session's service will look, so playing it needs no second render.
                final = cache_dir() / f"{cache_key(request.text, self.prefs.voice, self.prefs.rate)}.wav"
                os.replace(request.out, final)
            except (OSError, EOFError) as exc:
                log.warning("Test phrase unreadable: %s", type(exc).__name__)
                ok = False
        if not ok:
            self.report["engine_available"] = False
            self._problem(problem_message("engine-error"))
            with contextlib.suppress(OSError):
                request.out.unlink()
        self._after_render()

    def _on_failed(self, reason: str, detail: str) -> None:
        self.report["engine_available"] = False
        self._problem(problem_message(reason, detail))
        self._after_render()

    def _after_render(self) -> None:
        if self._client is not None:
            self._client.close()
        if not self.play:
            self._finish()
            return
        self.stage.emit(QCoreApplication.translate("VoiceCheck", "Ringing the bell and speaking…"))
        service = SpeechService(self.prefs, self, renderer_command=self._command)
        service.cueStarted.connect(self._on_started)
        service.cueFinished.connect(self._on_cue_done)
        service.cueSilent.connect(lambda ticket, why: self._on_cue_done(ticket))
        self._service = service
        text = test_phrase() if self.report["engine_available"] else ""
        # Said once the service is ready, as a session's first cue is: its sound player started and the phrase
        # at hand. The start measured is then the one a session's cues have; said at once, it also held the
        # player's own start (0.3-1.4 s, measured), which no cue of a session waits for.
        service.ready.connect(lambda: self._say(service, text))
        service.prepare([(text, "single")])

    def _say(self, service: SpeechService, text: str) -> None:
        if self._ticket or self._done:
            return  # ready is told again after a later preparation: the phrase is said once
        self._said_at = time.monotonic_ns() / 1e6
        service.say(text, "single")
        self._ticket = service.last_ticket
        # With no output known by now the cue is silent at once, inside say(), before its ticket is here.
        if self._ticket in self._started:
            self._on_started(self._ticket, self._started[self._ticket])
        if self._ticket in self._ended:
            self._on_cue_done(self._ticket)

    def _on_started(self, ticket: int, at_ms: float) -> None:
        self._started[ticket] = at_ms
        if ticket == self._ticket:
            self.report["played"] = True
            self.report["audio_start_ms"] = round(at_ms - self._said_at, 1)

    def _on_cue_done(self, ticket: int) -> None:
        self._ended.add(ticket)
        if ticket == self._ticket:
            self._finish()

    def _on_outputs(self, listing: RemoteSoundOutput) -> None:
        if self._outputs_known:
            return
        self._outputs_known = True
        self.report["audio_outputs"] = list(listing.outputs)
        self.report["default_output"] = listing.default_output
        if not listing.outputs or not listing.healthy:
            self._problem(problem_message("no-output"))
        listing.close()
        if self._finish_waiting:
            self._finish()

    def _give_up(self) -> None:
        self._problem(problem_message("timeout"))
        self._finish()

    def _finish(self) -> None:
        if self._done:
            return
        if not self._outputs_known and self._guard.isActive():
            self._finish_waiting = True  # the outputs are still being listed
            return
        self._done = True
        self._cleanup()
        self.finished.emit(self.report)

    def _cleanup(self) -> None:
        self._guard.stop()
        if self._listing is not None:
            self._listing.close()
        if self._client is not None:
            self._client.close()
        if self._service is not None:
            self._service.shutdown()
