"""The speech service: cues rendered ahead of time in a child process, played with QtMultimedia.

A cue travels: ``prepare()`` renders every text of the script to a cached WAV (in the render worker process,
one at a time, each with a timeout), then ``say()`` plays the bell (if any) and, a moment later, the voice.
Nothing here blocks the event loop: the worker is a QProcess, playback is QMediaPlayer, waits are timers.

When speech cannot work (no espeak-ng, no pyttsx3, a worker that crashes or hangs, no sound output) the
service says so once through ``problem`` and carries on: cues it cannot voice are simply not voiced, and the
controller shows every cue as a caption regardless. Nothing here ever raises into the session.

Design notes and measured reasons: docs/decisions/0003-speech.md.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import (
    Q_ARG,
    QCoreApplication,
    QGenericArgumentHolder,
    QMetaObject,
    QObject,
    Qt,
    QTimer,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtMultimedia import QAudioDevice, QAudioOutput, QMediaDevices, QMediaPlayer, QtAudio
from PySide6.QtQml import QQmlComponent, QQmlEngine
from shiboken6 import Shiboken

from mindful_listening.core.library import resource
from mindful_listening.preferences import Preferences
from mindful_listening.speech.api import Bell
from mindful_listening.speech.cachefiles import mark_used
from mindful_listening.speech.renderer import (
    RENDER_TIMEOUT_MS,
    START_TIMEOUT_MS,
    EngineInfo,
    RenderClient,
    RenderRequest,
    cache_dir,
    cache_key,
)
from mindful_listening.speech.wavinfo import looks_like_wav, wav_length_ms

log = logging.getLogger(__name__)

BELL_FILES: dict[str, str] = {"single": "bell.wav", "double": "bell-double.wav"}
# How long after a bell strikes the voice begins (the double bell's second strike comes at 1.3 s).
BELL_GAP_MS: dict[str, int] = {"single": 1_200, "double": 2_400}
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
    }
    messages["crashed-at-start"] = messages["engine-error"]
    messages["start-timeout"] = messages["timeout"]
    text = messages.get(reason) or _tr("Spoken cues are off: the speech engine is unavailable.")
    if detail and reason == "not-started":
        text += f" ({detail})"
    return f"{text} {captions}"


def perceived_to_linear(volume: float) -> float:
    """Preferences hold volume as a slider position (how loud it feels); the audio output wants amplitude."""
    clamped = min(1.0, max(0.0, volume))
    return float(
        QtAudio.convertVolume(
            clamped, QtAudio.VolumeScale.LogarithmicVolumeScale, QtAudio.VolumeScale.LinearVolumeScale
        )
    )


class QtSpeaker(QObject):
    """What every speaker built here offers on top of :class:`~mindful_listening.speech.api.Speaker`."""

    progress = Signal(int, int)  # done, total: cues of the script made ready so far
    ready = Signal()  # everything that can be prepared is; start when you like
    problem = Signal(str)  # a plain sentence for the facilitator; each cause is told once
    cueStarted = Signal(
        int, float
    )  # ticket, monotonic ms at which the cue's first sound (bell or voice) began
    cueVoiced = Signal(int, float)  # ticket, monotonic ms at which its words began (after the bell, if any)
    cueSilent = Signal(int, str)  # ticket, why it was not sounded ("speech-off", "not-rendered", "late", …)
    cueFinished = Signal(int)  # ticket: its sound ended (or it was cut)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.last_ticket = 0
        self.problems: list[str] = []
        self._told: set[str] = set()

    def _tell(self, key: str, message: str) -> None:
        if key in self._told:
            return
        self._told.add(key)
        self.problems.append(message)
        log.info("Speech problem told to the facilitator: %s", key)
        self.problem.emit(message)

    def _ticket(self) -> int:
        self.last_ticket += 1
        return self.last_ticket

    @property
    def is_sounding(self) -> bool:
        return False

    # The Speaker interface (speech.api.Speaker); each subclass gives its own.
    def prepare(self, cues: Sequence[tuple[str, Bell]]) -> None:
        raise NotImplementedError

    def say(self, text: str, bell: Bell = "none") -> None:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def shutdown(self) -> None:
        raise NotImplementedError


class CaptionOnlySpeaker(QtSpeaker):
    """Sounds nothing: speech and bells are both off, or a stand-in when no audio is wanted at all."""

    def __init__(self, reason: str = "", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.reason = reason

    def prepare(self, cues: Sequence[tuple[str, Bell]]) -> None:
        total = len({text for text, _ in cues if text})
        if self.reason:
            QTimer.singleShot(0, self, lambda: self._tell("caption-only", self.reason))
        QTimer.singleShot(0, self, lambda: self._all_ready(total))

    def _all_ready(self, total: int) -> None:
        self.progress.emit(total, total)
        self.ready.emit()

    def say(self, text: str, bell: Bell = "none") -> None:
        ticket = self._ticket()
        QTimer.singleShot(0, self, lambda: self.cueSilent.emit(ticket, "speech-off"))

    def stop(self) -> None:
        pass

    def shutdown(self) -> None:
        pass


@dataclass
class _Cue:
    ticket: int
    text: str
    bell: str  # "single" | "double" | "" (no bell)
    wants_voice: bool
    due_ns: int
    started: bool = False
    voiced: bool = False
    phase: str = "waiting"  # waiting | bell | voice-wait | voice


# A player with its output, declared in QML so that Qt makes them in C++ (see _media_pair).
_PLAYER_QML = b"import QtMultimedia\nMediaPlayer { audioOutput: AudioOutput {} }\n"
_component: QQmlComponent | None = None  # one per application; its engine is a child of the application
_told_no_quick = False  # the fallback is logged once per process


def _player_component(app: QCoreApplication) -> QQmlComponent:
    """The component that makes players for ``app``, built the first time (and again for a new app)."""
    global _component
    if _component is None or not Shiboken.isValid(_component) or _component.engine().parent() is not app:
        engine = QQmlEngine()
        engine.setParent(app)  # the app owns it from here (PySide does not hand it over in the constructor)
        _component = QQmlComponent(engine, engine)
        _component.setData(_PLAYER_QML, QUrl())
    return _component


def _media_pair(parent: QObject) -> tuple[QMediaPlayer, QAudioOutput]:
    """A QMediaPlayer and its QAudioOutput made by Qt, not by Python, owned by ``parent``.

    Why: an object Python constructs is a PySide subclass whose virtual functions first ask Python for an
    override. The FFmpeg backend's threads call such functions on the player and its output
    (disconnectNotify, as they destroy their helpers), so they needed the GIL (the deadlock described at
    _Deck) and, when the player was being destroyed at that moment, read a Python object already freed: a
    segfault in CI (gdb: FFmpeg thread in ~QObject -> Sbk_GetPyOverride -> cppPointer while the GUI thread
    deleted the dialog that owned the player). Objects a QML component creates are plain C++ objects: their
    virtual calls never reach Python.
    If Qt Quick cannot load, the pair is made from Python (as before) and the reason is logged.
    """
    global _told_no_quick
    app = QCoreApplication.instance()
    component = _player_component(app) if app is not None else None
    made = component.create() if component is not None and component.isReady() else None
    if isinstance(made, QMediaPlayer) and isinstance(made.audioOutput(), QAudioOutput):
        made.setParent(parent)
        return made, made.audioOutput()
    if not _told_no_quick:
        _told_no_quick = True
        why = component.errorString().strip() if component is not None else "no application"
        log.warning("Qt Quick Multimedia is unavailable (%s); making the players from Python", why)
    if made is not None:
        made.deleteLater()
    output = QAudioOutput(parent)
    player = QMediaPlayer(parent)
    player.setAudioOutput(output)
    return player, output


class _Deck(QObject):
    """One QMediaPlayer and its QAudioOutput, commanded only through queued calls that Qt makes, not Python.

    Why: with the FFmpeg backend, a player's audio thread tears down its helpers while holding Qt's
    connection lock and then asks for Python's GIL (PySide checks each wrapped object for Python overrides).
    A stop() or setSource() called from Python holds the GIL and waits for that same lock: both wait forever.
    This hung CI (py-spy: main thread in QMediaPlayer::stop -> QObject::disconnect; the audio thread in
    ~QObject -> Sbk_GetPyOverride -> take_gil). A call queued with QMetaObject.invokeMethod runs from the
    event loop in C++, which has let go of the GIL, so the audio thread can finish and the lock comes free.

    ``live`` says whether the player's reports belong to the latest command: anything the player says
    between a command being asked for and being carried out is about the sound before it, and is ignored.
    """

    def __init__(self, volume: float, parent: QObject) -> None:
        super().__init__(parent)
        # Set up here, before anything plays, so these direct calls cannot meet the audio thread.
        self.player, self.output = _media_pair(self)
        self.output.setVolume(volume)
        self._asked = 0
        self._done = 0

    @property
    def live(self) -> bool:
        return self._done == self._asked

    def play(self, path: Path) -> None:
        """Stop whatever sounds, then play ``path``."""
        self._halt()
        self._call(self.player, "setSource", Q_ARG(QUrl, QUrl.fromLocalFile(str(path))))
        self._call(self.player, "play")

    def stop(self) -> None:
        self._halt()

    def clear(self) -> None:
        """Stop and let go of the file (at shutdown)."""
        self._halt()
        self._call(self.player, "setSource", Q_ARG(QUrl, QUrl()))

    def set_device(self, device: QAudioDevice) -> None:
        self._call(self.output, "setDevice", Q_ARG(QAudioDevice, device))

    def _halt(self) -> None:
        self._asked += 1
        self._call(self.player, "stop")
        # Reports the player makes from here on (the new file loading, playing, ending) are live ones.
        self._call(self, "_settle", Q_ARG(int, self._asked))

    @Slot(int)
    def _settle(self, asked: int) -> None:
        self._done = asked

    @staticmethod
    def _call(target: QObject, method: str, *args: QGenericArgumentHolder) -> None:
        QMetaObject.invokeMethod(target, method, Qt.ConnectionType.QueuedConnection, *args)


class SpeechService(QtSpeaker):
    """Renders and plays cues; falls back to silence (and says why, once) whenever it has to."""

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
        self._prep_total = 0
        self._preparing = False
        self._outputs_checked = False
        self._current: _Cue | None = None
        self._queue: deque[_Cue] = deque()
        self._closed = False

        self._voice_deck = _Deck(perceived_to_linear(self.prefs.voice_volume), self)
        self._bell_deck = _Deck(perceived_to_linear(self.prefs.bell_volume), self)
        self._voice = self._voice_deck.player  # read-only use (state); commands go through the deck
        self._bell = self._bell_deck.player
        self._voice.playbackStateChanged.connect(self._on_voice_state)
        self._voice.mediaStatusChanged.connect(self._on_voice_status)
        self._voice.errorOccurred.connect(self._on_voice_error)
        self._bell.playbackStateChanged.connect(self._on_bell_state)
        self._bell.errorOccurred.connect(self._on_bell_error)
        self._gap = QTimer(self)
        self._gap.setSingleShot(True)
        self._gap.setTimerType(Qt.TimerType.PreciseTimer)
        self._gap.timeout.connect(self._after_bell)
        self._voice_watchdog = QTimer(self)
        self._voice_watchdog.setSingleShot(True)
        self._voice_watchdog.timeout.connect(self._on_voice_overdue)
        self._devices = QMediaDevices(self)
        self._devices.audioOutputsChanged.connect(self._on_outputs_changed)

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
    def renderer_pid(self) -> int:
        return self._client.pid if self._client is not None else 0

    # ----------------------------------------------------------------- Speaker
    def prepare(self, cues: Sequence[tuple[str, Bell]]) -> None:
        self._check_outputs()
        texts = list(dict.fromkeys(text for text, _ in cues if text)) if self.voice_on else []
        self._prep = set(texts)
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
        QTimer.singleShot(0, self, self._report_progress)
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
            QTimer.singleShot(0, self, lambda: self.cueSilent.emit(ticket, why))
            return
        if wants_voice and text not in self._paths and not self._reuse(text):
            self._want_now(text)
        cue = _Cue(ticket, text, ring, wants_voice, self._now_ns())
        if self._current is None:
            self._begin(cue)
        else:
            self._queue.append(cue)

    def stop(self) -> None:
        cut = [self._current] if self._current is not None else []
        cut += list(self._queue)
        self._current = None
        self._queue.clear()
        self._gap.stop()
        self._voice_watchdog.stop()
        self._voice_deck.stop()
        self._bell_deck.stop()
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
        self._voice_deck.clear()
        self._bell_deck.clear()

    # ----------------------------------------------------------------- rendering
    def _cached_path(self, text: str) -> Path:
        return self.cache / f"{cache_key(text, self.prefs.voice, self.prefs.rate)}.wav"

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
            self._client = client
        return self._client

    def _pump(self) -> None:
        """Hand every wanted text to the worker (it renders them one at a time, in this order)."""
        if self._engine_failed or self._closed or not self._wanted:
            return
        client = self._ensure_client()
        sent = client.pending_texts()
        try:
            self.cache.mkdir(parents=True, exist_ok=True)
        except OSError:
            log.warning("Speech cache folder cannot be created; speech is off")
            self._give_up("engine-error")
            return
        for text in self._wanted:
            if text not in sent:
                final = self._cached_path(text)
                client.render(
                    text, self.prefs.voice, self.prefs.rate, final.with_suffix(f".{os.getpid()}.tmp")
                )

    def _on_rendered(self, request: RenderRequest, ok: bool, answer: object) -> None:
        del answer
        text = request.text
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
        done = sum(1 for t in self._prep if t in self._paths or t in self._failed_texts)
        self.progress.emit(done, self._prep_total)
        if done >= self._prep_total:
            self._preparing = False
            self.ready.emit()

    # ----------------------------------------------------------------- playing
    def _check_outputs(self) -> None:
        if self._outputs_checked:
            return
        self._outputs_checked = True
        if (self.voice_on or self.bells_on) and not QMediaDevices.audioOutputs():
            self._tell("no-output", problem_message("no-output"))

    def _on_outputs_changed(self) -> None:
        default = QMediaDevices.defaultAudioOutput()
        self._voice_deck.set_device(default)
        self._bell_deck.set_device(default)

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
        self._bell_deck.play(_bell_path(cue.bell))
        self._gap.start(BELL_GAP_MS[cue.bell])

    def _after_bell(self) -> None:
        cue = self._current
        if cue is None or cue.phase != "bell":
            return
        self._start_voice(cue)

    def _start_voice(self, cue: _Cue) -> None:
        if not cue.wants_voice or cue.text in self._failed_texts or not self.voice_available:
            self._end(cue)
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
        self._voice_deck.play(path)
        self._voice_watchdog.setInterval(length_ms + VOICE_GRACE_MS)
        self._voice_watchdog.start()  # and again from the moment it plays (a slow device eats no grace)

    def _voice_ready(self, text: str) -> None:
        cue = self._current
        if cue is not None and cue.phase == "voice-wait" and cue.text == text:
            self._start_voice(cue)

    def _mark_started(self) -> None:
        cue = self._current
        if cue is not None and not cue.started:
            cue.started = True
            self.cueStarted.emit(cue.ticket, self._now_ns() / 1e6)

    def _on_voice_overdue(self) -> None:
        cue = self._current
        if cue is not None and cue.phase == "voice":
            log.info("A cue's voice did not report its end; moving on")
            self._voice_deck.stop()
            self._end(cue, silent="player-error")

    def _on_bell_state(self, state: QMediaPlayer.PlaybackState) -> None:
        if (
            self._bell_deck.live
            and state == QMediaPlayer.PlaybackState.PlayingState
            and self._current
            and self._current.phase == "bell"
        ):
            self._mark_started()

    def _on_voice_state(self, state: QMediaPlayer.PlaybackState) -> None:
        cue = self._current
        if not self._voice_deck.live:
            return
        if state == QMediaPlayer.PlaybackState.PlayingState and cue is not None and cue.phase == "voice":
            self._mark_started()
            if not cue.voiced:
                self._voice_watchdog.start()
                cue.voiced = True
                self.cueVoiced.emit(cue.ticket, self._now_ns() / 1e6)

    def _on_voice_status(self, status: QMediaPlayer.MediaStatus) -> None:
        cue = self._current
        if not self._voice_deck.live:
            return
        if status == QMediaPlayer.MediaStatus.EndOfMedia and cue is not None and cue.phase == "voice":
            self._end(cue)

    def _on_voice_error(self, error: QMediaPlayer.Error, message: str) -> None:
        del message
        if not self._voice_deck.live:
            return
        log.warning("Voice playback failed (%s)", error.name)
        cue = self._current
        if cue is not None and cue.phase == "voice":
            self._end(cue, silent="player-error")

    def _on_bell_error(self, error: QMediaPlayer.Error, message: str) -> None:
        del message
        if not self._bell_deck.live:
            return
        log.warning("Bell playback failed (%s)", error.name)
        self._tell("no-bell", problem_message("no-bell"))
        cue = self._current
        if cue is not None and cue.phase == "bell":
            self._gap.stop()
            self._start_voice(cue)

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
    """The speaker for these preferences: the real service, or a caption-only one when nothing is to sound."""
    if not prefs.speech_enabled and prefs.bells == "none":
        return CaptionOnlySpeaker(parent=parent)
    return SpeechService(prefs, parent)
