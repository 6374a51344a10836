"""Sound out: one long-lived QAudioSink per channel (voice, bell), fed preloaded PCM from its thread.

This runs inside the sound player process (``speech/sound_worker.py``), never in the app (decision 0009).
Why not QMediaPlayer: every player runs FFmpeg threads, which log Qt warnings ("Could not open media…
Immediate exit requested" when a cue is cut); a warning from such a thread while PySide's Python message
handler was being swapped crashed the app (gdb on a core: FFmpeg thread -> QMessageLogger::warning -> PySide
trampoline -> _PyObject_Call(callable=0x0)). A sink in push mode needs no FFmpeg: the owning thread writes PCM
into the sink's own C++ QIODevice, and nothing Python made is called from an audio thread.

What the output really did is read back from it, never assumed: a sound has *begun* when the sink's
``processedUSecs()`` moves past the sound's first sample, and *ended* when it has taken the last. A sink that
holds sound but takes none of it for ``STALL_MS`` has lost its output (the sound server died, the device was
unplugged; Qt 6.11 reports neither through state or error): the channels are closed and the sound is
*refused*; the app then starts a new player process once the sound server answers again.

Measured here (PulseAudio null sink, ``parec`` on its monitor): a cue's first sample reaches the sink 26–39 ms
after it is written; the first write to a newly opened stream can take ~1 s to start, so each stream is primed
with a moment of silence as it opens.
"""

from __future__ import annotations

import contextlib
import logging
import time
import wave
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QIODevice, QObject, Signal
from PySide6.QtMultimedia import QAudioDevice, QAudioFormat, QAudioSink, QMediaDevices, QtAudio

from mindful_listening.timers import TimerFactory, make_timer

log = logging.getLogger(__name__)

RATE = 22_050  # espeak-ng renders and the bell files are 16-bit mono at this rate
BYTES_PER_MS = RATE * 2 / 1000
FEED_MS = 10  # how often the GUI thread tops up a playing sink
BUFFER_MS = 120  # the sink's own buffer: a GUI stall shorter than this is never heard; a cut drains this much
PRIME_MS = 30  # silence written as a stream opens: it starts the stream before the first cue needs it
STALL_MS = 2_500  # holding sound yet taking none of it for this long: the output is gone
END_SLACK_US = 25_000  # a sound counts as played once all but this much of it has been taken


def pcm_format() -> QAudioFormat:
    fmt = QAudioFormat()
    fmt.setSampleRate(RATE)
    fmt.setChannelCount(1)
    fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
    return fmt


def read_pcm(path: Path) -> bytes | None:
    """The samples of a 16-bit mono WAV at ``RATE``; None (and a log line) for anything else or unreadable."""
    try:
        with wave.open(str(path), "rb") as sound:
            if sound.getsampwidth() != 2 or sound.getnchannels() != 1 or sound.getframerate() != RATE:
                log.warning("A sound file is not 16-bit mono %d Hz; it is not played", RATE)
                return None
            return sound.readframes(sound.getnframes())
    except (OSError, EOFError, wave.Error):
        return None


def _us(nbytes: int) -> int:
    return int(nbytes * 1000 // BYTES_PER_MS)


@dataclass
class _Sound:
    """A sound being written to the audio sink, and how far it has got."""

    tag: int
    data: bytes
    pos: int = 0  # bytes written so far
    start_us: int = 0  # the sink's processed time at which this sound's first sample sits
    begun: bool = False


class _Channel:
    """One QAudioSink in push mode and the sound it is playing. Plain Python: its owner drives it.

    The stream is opened once and never restarted: a new PulseAudio stream (or a stopped and restarted one)
    took ~2 s before it took its first sample (measured 1,989–1,991 ms in 8 of 8 tries), while a running
    stream that had simply run dry took the next sound within 3–18 ms. So a cut does not restart the stream:
    the channel is muted at once and what the sink still holds (at most ``BUFFER_MS``) drains unheard before
    the next sound is written.
    """

    def __init__(self, name: str, volume: float, owner: QObject) -> None:
        self.name = name
        self.volume = volume
        self._owner = owner
        self.sink: QAudioSink | None = None
        self._io: QIODevice | None = None
        self._written_us = 0  # audio written since the sink started
        self.sound: _Sound | None = None
        self._draining = False  # muted while a cut sound's remains play out
        self.priming = False  # opened, and its first moment of silence not yet taken
        self._last_processed = 0
        self._moved_ns = 0

    @property
    def is_open(self) -> bool:
        return self.sink is not None and self._io is not None

    def open(self, device: QAudioDevice, now_ns: int) -> bool:
        self.close()
        sink = QAudioSink(device, pcm_format(), self._owner)
        sink.setBufferSize(int(BUFFER_MS * BYTES_PER_MS) // 2 * 2)
        sink.setVolume(self.volume)
        io = sink.start()
        if io is None or sink.error() != QtAudio.Error.NoError or sink.state() == QtAudio.State.StoppedState:
            log.info("The %s sound channel could not open (%s)", self.name, sink.error().name)
            sink.stop()
            sink.deleteLater()
            return False
        self.sink, self._io = sink, io
        self._written_us = 0
        self._last_processed = 0
        self._moved_ns = now_ns
        self._draining = False
        # A moment of silence starts the stream now, so the first cue does not wait for it to start.
        self.priming = True
        self._write(bytes(int(PRIME_MS * BYTES_PER_MS) // 2 * 2))
        return True

    def close(self) -> None:
        sink, self.sink, self._io = self.sink, None, None
        if sink is not None:
            sink.stop()
            sink.deleteLater()

    def set_volume(self, volume: float) -> None:
        self.volume = volume
        if self.sink is not None and not self._draining:
            self.sink.setVolume(volume)

    def _write(self, data: bytes) -> int:
        if self._io is None:
            return 0
        written = max(0, int(self._io.write(data)))
        self._written_us += _us(written)
        return written

    def start(self, sound: _Sound, now_ns: int) -> None:
        if self.sound is not None:
            self.cut()
        self.sound = sound
        self._moved_ns = now_ns  # the stall clock starts with the new sound
        self.feed()

    def cut(self) -> None:
        """Silence the sound at once; what the sink still holds drains, muted, before anything else plays."""
        self.sound = None
        if self.sink is not None and self._written_us > self._last_processed:
            self._draining = True
            self.sink.setVolume(0.0)

    def feed(self) -> None:
        sound = self.sound
        if self._draining or sound is None or self.sink is None or sound.pos >= len(sound.data):
            return
        free = self.sink.bytesFree() // 2 * 2
        if free > 0:
            if sound.pos == 0:
                sound.start_us = self._written_us
            sound.pos += self._write(sound.data[sound.pos : sound.pos + free])

    def poll(self, now_ns: int) -> str:
        """Feed, then say what happened: "begun", "ended", "stalled" or "" (nothing new)."""
        if self.sink is None:
            return ""
        processed = int(self.sink.processedUSecs())
        if processed != self._last_processed:
            self._last_processed = processed
            self._moved_ns = now_ns
        if self.priming and processed > 0:
            self.priming = False
            return "running"
        waiting = self._written_us > processed + END_SLACK_US
        holding = waiting or self.priming or self.sound is not None
        if holding and (now_ns - self._moved_ns) // 1_000_000 > STALL_MS:
            return "stalled"
        if self._draining and not waiting:
            self._draining = False
            self.sink.setVolume(self.volume)
        sound = self.sound
        if sound is None:
            return ""
        self.feed()
        if sound.pos == 0:
            return ""
        if not sound.begun and processed > sound.start_us:
            sound.begun = True
            return "begun"
        end_us = sound.start_us + _us(len(sound.data))
        if sound.begun and sound.pos >= len(sound.data) and processed >= end_us - END_SLACK_US:
            self.sound = None
            return "ended"
        return ""

    @property
    def busy(self) -> bool:
        return self.sound is not None or self._draining or self.priming


class SoundOutput(QObject):
    """The voice and bell channels, whether the room can hear them, and what each sound really did.

    Runs inside the sound player process (``speech/sound_worker.py``). ``play(channel, pcm, tag)`` returns at
    once; then either ``began(tag)`` and later ``ended(tag)``, or ``refused(tag, why)`` ("no-output",
    "lost"), or nothing more (it was cut by ``stop``). ``running()`` once the output took its first moment of
    silence; ``lost("absent")`` if there is no output at all, ``lost("lost")`` if it stops taking sound. There
    is no coming back in this process (see ``speech/sound_worker.py``): the app starts a new one.
    """

    began = Signal(int, float)  # tag, monotonic ms when its first sample was taken
    ended = Signal(int)  # tag: its last sample was taken (it was heard to the end)
    refused = Signal(int, str)  # tag, why it could not be heard ("no-output" | "lost")
    lost = Signal(str)  # "absent" (none at start) | "lost" (gone mid-session)
    running = Signal()  # the output took its first sound after opening: cues will be heard from now

    def __init__(
        self,
        voice_volume: float,
        bell_volume: float,
        parent: QObject | None = None,
        *,
        now_ns: Callable[[], int] = time.monotonic_ns,
        timer_factory: TimerFactory = make_timer,
    ) -> None:
        super().__init__(parent)
        self._now_ns = now_ns
        self._channels = {
            "voice": _Channel("voice", voice_volume, self),
            "bell": _Channel("bell", bell_volume, self),
        }
        self.healthy = False
        self.settled = False  # running, or known to be absent or lost
        self._closed = False
        self._opened = False
        self._lost = False
        self._feeder = timer_factory(self)
        self._feeder.setSingleShot(False)
        self._feeder.setInterval(FEED_MS)
        self._feeder.timeout.connect(self._poll)

    # ----------------------------------------------------------------- commands
    def open(self) -> bool:
        """Open both channels on the default output (once). True if they opened."""
        if self._opened or self._closed:
            return self.healthy
        self._opened = True
        device = QMediaDevices.defaultAudioOutput()
        now = self._now_ns()
        if not device.isNull() and all(c.open(device, now) for c in self._channels.values()):
            self.healthy = True
            self._feeder.start()  # to see the primer taken (or not)
            return True
        for chosen in self._channels.values():
            chosen.close()
        log.info("No sound output could be opened")
        self.settled = True
        self.lost.emit("absent")
        return False

    def play(self, channel: str, pcm: bytes, tag: int) -> None:
        if self._closed:
            return
        self.open()
        chosen = self._channels[channel]
        if not self.healthy or not chosen.is_open:
            self.refused.emit(tag, "lost" if self._lost else "no-output")
            return
        chosen.start(_Sound(tag, pcm), self._now_ns())
        if not self._feeder.isActive():
            self._feeder.start()

    def stop(self, channel: str | None = None) -> None:
        """Cut what plays (on one channel, or both) at once. Cut sounds get no further report."""
        for name, chosen in self._channels.items():
            if channel in (None, name) and chosen.sound is not None:
                chosen.cut()
        if any(c.busy for c in self._channels.values()) and not self._feeder.isActive():
            self._feeder.start()

    def set_volume(self, channel: str, volume: float) -> None:
        self._channels[channel].set_volume(volume)

    def volume(self, channel: str) -> float:
        """The volume ``channel`` plays at (linear, 0..1)."""
        return self._channels[channel].volume

    def close(self) -> None:
        """Stop and release both sinks; safe to call twice. Nothing is reported after this."""
        self._closed = True
        self._feeder.stop()
        for chosen in self._channels.values():
            chosen.sound = None
            chosen.close()

    # ----------------------------------------------------------------- inner
    def _poll(self) -> None:
        now = self._now_ns()
        for chosen in self._channels.values():
            sound = chosen.sound
            what = chosen.poll(now)
            if what == "stalled":
                self._on_stall(chosen.name)
                return
            if what == "running":
                if not self.settled and not any(c.priming for c in self._channels.values()):
                    self.settled = True
                    self.running.emit()
                continue
            if sound is None:
                continue
            if what == "begun":
                self.began.emit(sound.tag, now / 1e6)
                what = chosen.poll(now)  # a very short sound may also have ended already
            if what == "ended":
                self.ended.emit(sound.tag)
        if not any(c.busy for c in self._channels.values()):
            self._feeder.stop()

    def _on_stall(self, name: str) -> None:
        log.info("The %s sound channel stopped taking sound; treating the output as lost", name)
        cut = [(c.sound.tag, c.sound.begun) for c in self._channels.values() if c.sound is not None]
        for chosen in self._channels.values():
            chosen.sound = None
            chosen.priming = False
            with contextlib.suppress(RuntimeError):
                chosen.close()
        self._feeder.stop()
        self.settled = True
        self._lost = True
        if self.healthy:
            self.healthy = False
            self.lost.emit("lost")
        for tag, begun in cut:
            if begun:
                self.ended.emit(tag)  # it was heard in part; the cue's outcome says the rest was lost
            else:
                self.refused.emit(tag, "lost")
