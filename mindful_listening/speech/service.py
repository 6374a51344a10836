"""The speech service: cues rendered ahead of time in one child process, played in another.

A cue travels: ``prepare()`` renders every text of the script to a cached WAV (in the render worker process,
one at a time, each with a timeout), then ``say()`` plays the bell (if any) and, a moment later, the voice,
through the sound player process (``sound_client`` / ``sound_worker``), which says when the output really
took each sound. Nothing here blocks the event loop: both workers are QProcesses, waits are timers.

When speech cannot work (no espeak-ng, no pyttsx3, a worker that crashes or hangs, no sound output) the
service says so once through ``problem`` and carries on: cues it cannot voice are simply not voiced, and the
controller shows every cue as a caption regardless. Nothing here ever raises into the session.

Design notes and measured reasons: docs/decisions/0003-speech.md.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal

from mindful_listening.core.library import resource
from mindful_listening.preferences import Preferences
from mindful_listening.speech.api import Bell
from mindful_listening.speech.cachefiles import mark_used
from mindful_listening.speech.qtspeaker import QtSpeaker as QtSpeaker  # re-exported: callers import it here
from mindful_listening.speech.renderer import (
    RENDER_TIMEOUT_MS,
    START_TIMEOUT_MS,
    EngineInfo,
    RenderClient,
    RenderRequest,
    cache_dir,
    cache_key,
)
from mindful_listening.speech.sound_client import RemoteSoundOutput
from mindful_listening.speech.wavinfo import looks_like_wav, wav_length_ms
from mindful_listening.timers import make_timer, soon

log = logging.getLogger(__name__)

BELL_FILES: dict[str, str] = {"single": "bell.wav", "double": "bell-double.wav", "soft": "bell-soft.wav"}
# How long after a bell strikes the voice begins (the double bell's second strike comes at 1.3 s).
BELL_GAP_MS: dict[str, int] = {"single": 1_200, "double": 2_400, "soft": 800}
STALE_MS = 8_000  # a cue that cannot start within this long after it was due is not voiced (captioned only)
MAX_RESTARTS = 1  # a worker that crashes mid-session is restarted once; the second crash ends speech
# A voice that has not reported its end this long after its file's length is ended by us, so the next cue is
# never held back by a lost end-of-media report.
VOICE_GRACE_MS = 3_000


def _tr(text: str) -> str:
    return QCoreApplication.translate("SpeechService", text)


def problem_message(reason: str, detail: str = "") -> str:
    """What to tell the facilitator, plainly, for each way speech can fail. Always says captions go on."""
    captions = _tr("Cues will still appear as captions.")
    reinstall_engine = _tr("reinstall it with: sudo apt-get install --reinstall espeak-ng espeak-ng-data")
    messages = {
        "no-espeak": _tr(
            "Spoken cues are off: espeak-ng is not installed. Install it with: sudo apt-get install espeak-ng"
            " (then restart Mindful Listening)."
        ),
        "no-pyttsx3": _tr(
            "Spoken cues are off: the pyttsx3 package is missing from this installation. Reinstalling "
            "Mindful Listening brings it back (for example: pip install --force-reinstall mindful-listening)."
        ),
        "engine-error": _tr("Spoken cues are off: the speech engine could not start (its voice data may be ")
        + _tr("missing or damaged). To fix it, ")
        + reinstall_engine
        + ".",
        "crashed": _tr("Spoken cues are off: the speech engine stopped unexpectedly more than once. ")
        + _tr("Restarting Mindful Listening may help; if it keeps happening, ")
        + reinstall_engine
        + ".",
        "timeout": _tr("Spoken cues are off: the speech engine stopped responding and was closed. ")
        + _tr("Restarting Mindful Listening may help; if it keeps happening, ")
        + reinstall_engine
        + ".",
        "not-started": _tr(
            "Spoken cues are off: the speech helper program could not be started. Reinstalling Mindful "
            "Listening should fix this."
        ),
        "no-output": _tr(
            "Spoken cues and bells cannot be heard: no sound output was found. Connect speakers or "
            "headphones, check they are switched on and not muted, then try the Sound & voice check."
        ),
        "no-bell": _tr(
            "Bells are silent: the bell sound could not be played. Reinstalling Mindful Listening should "
            "fix this."
        ),
        "output-lost": _tr(
            "The sound output has stopped (the speakers were unplugged or the sound system stopped): "
            "spoken cues and bells cannot be heard for now. The session goes on; sound comes back by itself "
            "when the output does."
        ),
    }
    messages["crashed-at-start"] = messages["engine-error"]
    messages["start-timeout"] = messages["timeout"]
    text = messages.get(reason) or _tr("Spoken cues are off: the speech engine is unavailable.")
    if detail and reason == "not-started":
        text += f" ({detail})"
    return f"{text} {captions}"


def output_back_message() -> str:
    """Told when sound comes back after a loss (or when speakers appear after a start without any)."""
    return _tr("Sound is back: cues are spoken and bells ring again.")


_LOG_100 = math.log(100)


def perceived_to_linear(volume: float) -> float:
    """Preferences hold volume as a slider position (how loud it feels); the audio output wants amplitude.

    Qt's own ``QtAudio.convertVolume(volume, LogarithmicVolumeScale, LinearVolumeScale)``, written out here so
    the app's process never loads Qt Multimedia (only the sound player's does; 5.8 MiB of peak RSS with the Qt
    Network it brings): the same curve to within float rounding (a test compares them).
    """
    clamped = min(1.0, max(0.0, volume))
    if clamped > 0.99:
        return 1.0
    return -math.log(1.0 - clamped) / _LOG_100


class CaptionOnlySpeaker(QtSpeaker):
    """Sounds nothing: speech and bells are both off, or a stand-in when no audio is wanted at all."""

    def __init__(self, reason: str = "", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.reason = reason

    def prepare(self, cues: Sequence[tuple[str, Bell]]) -> None:
        total = len({text for text, _ in cues if text})
        if self.reason:
            soon(self, lambda: self._tell("caption-only", self.reason))
        soon(self, lambda: self._all_ready(total))

    def _all_ready(self, total: int) -> None:
        self.progress.emit(total, total)
        self.ready.emit()

    def say(self, text: str, bell: Bell = "none") -> None:
        ticket = self._ticket()
        soon(self, lambda: self.cueSilent.emit(ticket, "speech-off"))

    def stop(self) -> None:
        pass

    def shutdown(self) -> None:
        pass


@dataclass
class _Cue:
    """A cue the service was asked to sound, and how far it has got."""

    ticket: int
    text: str
    bell: str  # "single" | "double" | "" (no bell)
    wants_voice: bool
    due_ns: int
    started: bool = False
    voiced: bool = False
    phase: str = "waiting"  # waiting | bell | bell-tail | voice-wait | voice
    refused: str = ""  # why the output did not take its sound ("no-output", "lost"), if it did not


class SpeechService(QtSpeaker):
    """Renders and plays cues; falls back to silence (and says why, once) whenever it has to.

    ``engineKnown(EngineInfo)`` each time the render worker has started and said which voices it has
    (:meth:`start_engine` starts it before any cue is wanted, for a list of voices to choose from).
    """

    engineKnown = Signal(object)  # EngineInfo

    def __init__(
        self,
        prefs: Preferences,
        parent: QObject | None = None,
        *,
        renderer_command: list[str] | None = None,
        cache: Path | None = None,
        start_timeout_ms: int = START_TIMEOUT_MS,
        render_timeout_ms: int = RENDER_TIMEOUT_MS,
        stale_ms: int = STALE_MS,
        now_ns: Callable[[], int] = time.monotonic_ns,
    ) -> None:
        super().__init__(parent)
        self.prefs = prefs.clamped()
        self.voice_on = self.prefs.speech_enabled
        self.bells_on = self.prefs.bells != "none"
        self.cache = cache or cache_dir()
        self.stale_ms = stale_ms
        self._now_ns = now_ns
        self._command = renderer_command
        self._start_timeout_ms = start_timeout_ms
        self._render_timeout_ms = render_timeout_ms
        self._client: RenderClient | None = None
        self._restarts = 0
        self._engine_failed = False
        self._paths: dict[str, Path] = {}
        self._failed_texts: set[str] = set()
        self._rendered_again: set[str] = set()  # texts whose cached file vanished and were rendered anew
        self._wanted: list[str] = []  # texts asked for and not yet rendered, in order
        self._prep: set[str] = set()
        self._prep_texts: list[str] = []  # the last prepare()'s texts, in order (rendered again on a change)
        self._prep_total = 0
        self._preparing = False
        self._outputs_checked = False
        self._current: _Cue | None = None
        self._queue: deque[_Cue] = deque()
        self._closed = False

        self._output = RemoteSoundOutput(
            perceived_to_linear(self.prefs.voice_volume),
            perceived_to_linear(self.prefs.bell_volume),
            self,
            now_ns=now_ns,
        )
        self._output.began.connect(self._on_sound_began)
        self._output.ended.connect(self._on_sound_ended)
        self._output.refused.connect(self._on_sound_refused)
        self._output.lost.connect(self._on_output_lost)
        self._output.restored.connect(self._on_output_restored)
        self._output.running.connect(self._on_output_running)
        self._gap = make_timer(self)
        self._gap.timeout.connect(self._after_bell)
        self._voice_watchdog = make_timer(self)
        self._voice_watchdog.timeout.connect(self._on_voice_overdue)

    # ----------------------------------------------------------------- reading
    @property
    def engine_info(self) -> EngineInfo | None:
        return self._client.info if self._client is not None else None

    @property
    def is_sounding(self) -> bool:
        return self._current is not None

    @property
    def voice_available(self) -> bool:
        return self.voice_on and not self._engine_failed

    def path_for(self, text: str) -> Path | None:
        """The rendered file for ``text``, once it exists."""
        return self._paths.get(text)

    @property
    def output(self) -> RemoteSoundOutput:
        return self._output

    @property
    def renderer_pid(self) -> int:
        return self._client.pid if self._client is not None else 0

    # ----------------------------------------------------------------- Speaker
    def prepare(self, cues: Sequence[tuple[str, Bell]]) -> None:
        self._check_outputs()
        texts = list(dict.fromkeys(text for text, _ in cues if text)) if self.voice_on else []
        self._prep = set(texts)
        self._prep_texts = texts
        self._prep_total = len(texts)
        self._preparing = True
        for text in texts:
            if text in self._paths or text in self._failed_texts or self._reuse(text):
                continue
            if text not in self._wanted:
                self._wanted.append(text)
        if self._engine_failed:
            self._failed_texts.update(self._wanted)
            self._wanted.clear()
        soon(self, self._report_progress)
        self._pump()

    def say(self, text: str, bell: Bell = "none") -> None:
        ticket = self._ticket()
        if self._closed:
            return
        self._check_outputs()
        ring = bell if self.bells_on and bell in BELL_FILES else ""
        wants_voice = bool(text) and self.voice_available and text not in self._failed_texts
        if not ring and not wants_voice:
            why = "speech-off" if text else "bells-off"
            soon(self, lambda: self.cueSilent.emit(ticket, why))
            return
        if wants_voice and text not in self._paths and not self._reuse(text):
            self._want_now(text)
        cue = _Cue(ticket, text, ring, wants_voice, self._now_ns())
        if self._current is None:
            self._begin(cue)
        else:
            self._queue.append(cue)

    def set_prefs(self, prefs: Preferences) -> None:
        """New preferences, from the next cue on. Volumes reach the sound player at once; bells and speech on
        or off apply to every cue asked for from now; a new voice or rate changes which rendering a text
        needs (its cache key), so the texts this service prepared are rendered again in the background, and a
        cue due before its new rendering is ready has it rendered first in line, as any cue not yet ready."""
        new = prefs.clamped()
        old, self.prefs = self.prefs, new
        self.voice_on = new.speech_enabled
        self.bells_on = new.bells != "none"
        if new.voice_volume != old.voice_volume:
            self._output.set_volume("voice", perceived_to_linear(new.voice_volume))
        if new.bell_volume != old.bell_volume:
            self._output.set_volume("bell", perceived_to_linear(new.bell_volume))
        if (new.voice, new.rate) == (old.voice, old.rate):
            return
        self._paths.clear()  # each was rendered with the old voice or rate
        self._rendered_again.clear()
        if self._client is not None:
            self._client.drop_waiting(self._is_current)
        texts = list(dict.fromkeys([*self._wanted, *(self._prep_texts if self.voice_on else [])]))
        self._wanted = []
        for text in texts:
            if text in self._failed_texts:
                continue
            if self._reuse(text):
                self._voice_ready(text)
            else:
                self._wanted.append(text)
        self._pump()

    def start_engine(self) -> None:
        """Start the render worker now, with nothing to render yet, so its voices are known
        (``engineKnown``); an engine that cannot start is told through ``problem``, as for a cue."""
        if self._engine_failed or self._closed:
            return
        client = self._ensure_client()
        if client.info is not None:
            info = client.info
            soon(self, lambda: self.engineKnown.emit(info))
        else:
            client.start()

    def warm_up(self) -> None:
        """Start the sound player now, when anything is to sound, and have it read the bells: a player takes
        0.3-0.6 s from its start to its output taking a first moment of silence (measured at a null sink),
        and a bell asked for before that waits for it. The app asks once its window has painted, so a
        session started at once rings its first bell on time (benchmarks/cue_onset_at_sink.py --cold)."""
        if self._closed or not (self.voice_on or self.bells_on):
            return
        self._check_outputs()
        if self.bells_on:
            for kind in BELL_FILES:
                self._output.preload(_bell_path(kind))

    def stop(self) -> None:
        cut = [self._current] if self._current is not None else []
        cut += list(self._queue)
        self._current = None
        self._queue.clear()
        self._gap.stop()
        self._voice_watchdog.stop()
        self._output.stop()
        for cue in cut:
            if cue.started:
                self.cueFinished.emit(cue.ticket)
            else:
                self.cueSilent.emit(cue.ticket, "stopped")

    def shutdown(self) -> None:
        if self._closed:
            return
        self.stop()
        self._closed = True
        if self._client is not None:
            self._client.close()
        self._output.close()

    # ----------------------------------------------------------------- rendering
    def _cached_path(self, text: str, voice: str | None = None, rate: int | None = None) -> Path:
        """Where ``text``'s rendering is kept: in the voice and at the rate given, else the chosen ones."""
        voice = self.prefs.voice if voice is None else voice
        rate = self.prefs.rate if rate is None else rate
        return self.cache / f"{cache_key(text, voice, rate)}.wav"

    def _is_current(self, request: RenderRequest) -> bool:
        """Asked for in the voice and at the rate chosen now (not before a change of preferences)."""
        return (request.voice, request.rate) == (self.prefs.voice, self.prefs.rate)

    def _reuse(self, text: str) -> bool:
        """Take ``text``'s rendering from the cache if a good one is there, marking it used (for pruning)."""
        cached = self._cached_path(text)
        if not looks_like_wav(cached):
            return False
        mark_used(cached)
        self._paths[text] = cached
        return True

    def _want_now(self, text: str) -> None:
        if text in self._wanted:
            self._wanted.remove(text)
        self._wanted.insert(0, text)
        if self._client is not None:
            self._client.prioritise(text)
        self._pump()

    def _ensure_client(self) -> RenderClient:
        if self._client is None:
            client = RenderClient(self._command, self._start_timeout_ms, self._render_timeout_ms, self)
            client.rendered.connect(self._on_rendered)
            client.failed.connect(self._on_client_failed)
            client.helloReceived.connect(self.engineKnown)
            self._client = client
        return self._client

    def _pump(self) -> None:
        """Hand every wanted text to the worker (it renders them one at a time, in this order)."""
        if self._engine_failed or self._closed or not self._wanted:
            return
        client = self._ensure_client()
        sent = client.pending()
        try:
            self.cache.mkdir(parents=True, exist_ok=True)
        except OSError:
            log.warning("Speech cache folder cannot be created; speech is off")
            self._give_up("engine-error")
            return
        voice, rate = self.prefs.voice, self.prefs.rate
        for text in self._wanted:
            if (text, voice, rate) not in sent:
                final = self._cached_path(text)
                client.render(text, voice, rate, final.with_suffix(f".{os.getpid()}.tmp"))

    def _on_rendered(self, request: RenderRequest, ok: bool, answer: object) -> None:
        del answer
        text = request.text
        if not self._is_current(request):
            # Rendered in the voice or at the rate chosen before a change: kept under its own key (the cache
            # serves it if that choice comes back), never taken for the rendering wanted now.
            self._keep_stale(request, ok)
            return
        if text in self._wanted:
            self._wanted.remove(text)
        final = self._cached_path(text)
        if ok:
            try:
                os.replace(request.out, final)
                self._paths[text] = final
            except OSError:
                ok = False
        if not ok:
            self._failed_texts.add(text)
            with contextlib.suppress(OSError):
                request.out.unlink()
        if text in self._prep:
            self._report_progress()
        self._voice_ready(text)

    def _keep_stale(self, request: RenderRequest, ok: bool) -> None:
        try:
            if ok:
                os.replace(request.out, self._cached_path(request.text, request.voice, request.rate))
            else:
                request.out.unlink()
        except OSError:
            with contextlib.suppress(OSError):
                request.out.unlink()

    def _on_client_failed(self, reason: str, detail: str) -> None:
        client, self._client = self._client, None
        if client is not None:
            client.deleteLater()
        if client is not None and client.lost is not None:
            # The cue being rendered may be what broke the engine: never ask for it again.
            lost = client.lost.text
            self._failed_texts.add(lost)
            if lost in self._wanted:
                self._wanted.remove(lost)
            if lost in self._prep:
                self._report_progress()
            self._voice_ready(lost)
        if reason == "crashed" and self._restarts < MAX_RESTARTS:
            self._restarts += 1
            log.info("Speech worker stopped mid-session; starting it again")
            self._pump()
            return
        self._give_up(reason, detail)

    def _give_up(self, reason: str, detail: str = "") -> None:
        self._engine_failed = True
        self._failed_texts.update(self._wanted)
        waiting, self._wanted = self._wanted, []
        self._tell("engine", problem_message(reason, detail))
        self._report_progress()
        for text in waiting:
            self._voice_ready(text)

    def _report_progress(self) -> None:
        if not self._preparing:
            return
        self.progress.emit(self._prepared(), self._prep_total)
        self._ready_if_done()

    def _prepared(self) -> int:
        return sum(1 for t in self._prep if t in self._paths or t in self._failed_texts)

    def _ready_if_done(self) -> None:
        if not self._preparing:
            return
        done = self._prepared()
        # Ready once the sound output has started too (or is known to be missing), so the first cue of a
        # session that starts at once is not held back while the stream starts.
        sounding = self.voice_on or self.bells_on
        if done >= self._prep_total and (self._output.settled or not sounding):
            self._preparing = False
            self.ready.emit()

    # ----------------------------------------------------------------- playing
    # Each cue has two sounds on the output, told apart by tag: ticket * 2 for its bell, + 1 for its words.
    def _check_outputs(self) -> None:
        if self._outputs_checked:
            return
        self._outputs_checked = True
        if self.voice_on or self.bells_on:
            self._output.open()  # an output missing at the start is told through _on_output_lost

    def _on_output_lost(self, how: str) -> None:
        self._ready_if_done()  # ready may have waited for the output
        if how == "absent":
            self._tell("no-output", problem_message("no-output"))
        else:
            self.outputChanged.emit(False, problem_message("output-lost"))

    def _on_output_running(self) -> None:
        cue = self._current
        if cue is not None and cue.phase == "bell" and not self._gap.isActive():
            self._gap.start(BELL_GAP_MS[cue.bell])  # its bell was handed to the player just now
        self._ready_if_done()

    def _on_output_restored(self) -> None:
        self.outputChanged.emit(True, output_back_message())

    def _late_ms(self, cue: _Cue) -> float:
        return (self._now_ns() - cue.due_ns) / 1e6

    def _begin(self, cue: _Cue) -> None:
        self._current = cue
        if cue.bell:
            self._start_bell(cue)
        else:
            self._start_voice(cue)

    def _start_bell(self, cue: _Cue) -> None:
        cue.phase = "bell"
        if self._output.healthy:
            self._gap.start(BELL_GAP_MS[cue.bell])
        # else the player is still starting and keeps the bell until its output runs: the words then follow
        # the bell by the gap from that moment (_on_output_running), not from when the cue was due (a bell
        # 0.4 s late was followed by its words 0.8 s after it, measured at the sink).
        self._output.play("bell", _bell_path(cue.bell), cue.ticket * 2)

    def _after_bell(self) -> None:
        cue = self._current
        if cue is None or cue.phase != "bell":
            return
        self._start_voice(cue)

    def _start_voice(self, cue: _Cue) -> None:
        if cue.refused or not cue.wants_voice or cue.text in self._failed_texts or not self.voice_available:
            if cue.phase == "bell" and not cue.started and not cue.refused:
                cue.phase = "bell-tail"  # no words: the cue ends once its bell is heard (or refused)
                return
            self._end(cue, silent=cue.refused)
            return
        path = self._paths.get(cue.text)
        if path is None:
            cue.phase = "voice-wait"
            return
        if not cue.started and self._late_ms(cue) > self.stale_ms:
            self._end(cue, silent="late")
            return
        length_ms = wav_length_ms(path)
        if length_ms is None:
            # The file has gone or is damaged (the cache was pruned by another instance, or cleared by hand):
            # render it again, once, rather than lose this cue and every later one with the same words.
            del self._paths[cue.text]
            if cue.text in self._rendered_again:
                self._failed_texts.add(cue.text)
                self._end(cue, silent="player-error")
                return
            self._rendered_again.add(cue.text)
            cue.phase = "voice-wait"
            self._want_now(cue.text)
            return
        cue.phase = "voice"
        self._voice_watchdog.setInterval(length_ms + VOICE_GRACE_MS)
        self._voice_watchdog.start()  # and again from the moment it is heard (a slow output eats no grace)
        self._output.play("voice", path, cue.ticket * 2 + 1)

    def _voice_ready(self, text: str) -> None:
        cue = self._current
        if cue is not None and cue.phase == "voice-wait" and cue.text == text:
            self._start_voice(cue)

    def _mark_started(self, at_ms: float) -> None:
        cue = self._current
        if cue is not None and not cue.started:
            cue.started = True
            self.cueStarted.emit(cue.ticket, at_ms)

    def _sound_of(self, tag: int) -> tuple[_Cue | None, str]:
        cue = self._current
        if cue is None or cue.ticket != tag // 2:
            return None, ""  # a report about a sound already cut or ended
        return cue, "voice" if tag % 2 else "bell"

    def _on_sound_began(self, tag: int, at_ms: float) -> None:
        cue, which = self._sound_of(tag)
        if cue is None:
            return
        self._mark_started(at_ms)
        if which == "bell" and cue.phase == "bell-tail":
            self._end(cue)
        elif which == "voice" and cue.phase == "voice" and not cue.voiced:
            self._voice_watchdog.start()
            cue.voiced = True
            self.cueVoiced.emit(cue.ticket, at_ms)

    def _on_sound_ended(self, tag: int) -> None:
        cue, which = self._sound_of(tag)
        if cue is not None and which == "voice" and cue.phase == "voice":
            self._end(cue)

    def _on_sound_refused(self, tag: int, why: str) -> None:
        cue, which = self._sound_of(tag)
        if cue is None:
            return
        if why == "unreadable":
            if which == "bell":
                self._tell("no-bell", problem_message("no-bell"))
            why = "player-error"
        else:
            cue.refused = why
        if which == "bell" and cue.phase in ("bell", "bell-tail"):
            self._gap.stop()
            self._start_voice(cue)  # ends the cue: the words would be refused too
        elif which == "voice" and cue.phase == "voice":
            self._end(cue, silent=why)

    def _on_voice_overdue(self) -> None:
        cue = self._current
        if cue is not None and cue.phase == "voice":
            log.info("A cue's voice did not report its end; moving on")
            self._output.stop("voice")
            self._end(cue, silent="player-error")

    def _end(self, cue: _Cue, silent: str = "") -> None:
        if cue is not self._current:
            return
        self._current = None
        self._voice_watchdog.stop()
        if cue.started:
            self.cueFinished.emit(cue.ticket)
        else:
            self.cueSilent.emit(cue.ticket, silent or "not-rendered")
        while self._queue and self._current is None:
            upcoming = self._queue.popleft()
            if self._late_ms(upcoming) > self.stale_ms:
                self.cueSilent.emit(upcoming.ticket, "late")
                continue
            self._begin(upcoming)


def _bell_path(kind: str) -> Path:
    """A real file for the bell, even if the package's resources are not plain files (zip installs)."""
    node = resource(BELL_FILES[kind])
    if isinstance(node, Path):
        return node
    target = cache_dir().parent / BELL_FILES[kind]
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(node.read_bytes())
    return target


def make_speaker(prefs: Preferences, parent: QObject | None = None) -> QtSpeaker:
    """The speaker for these preferences: the real service, also when nothing is to sound yet (speech off,
    no bells). It starts no worker and opens no output until a cue wants one, so bells or speech turned on
    in the Preferences sound from the next cue, without a restart."""
    return SpeechService(prefs, parent)
