"""Reading what a WAV file holds: how long it lasts and how loud it is. Plain Python, no Qt."""

from __future__ import annotations

import array
import math
import sys
import wave
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class WavStats:
    """A WAV file's length and loudness, measured."""

    seconds: float
    rms: float  # 0..1 of full scale; silence is around 1e-5, speech around 0.05-0.2
    rate: int
    channels: int


def wav_stats(path: Path | str) -> WavStats:
    """Duration and RMS of a 16-bit PCM WAV file; raises ``wave.Error`` or ``OSError`` if unreadable."""
    with wave.open(str(path), "rb") as sound:
        if sound.getsampwidth() != 2:
            raise wave.Error("only 16-bit PCM is expected here")
        frames = sound.getnframes()
        rate = sound.getframerate()
        channels = sound.getnchannels()
        samples = array.array("h", sound.readframes(frames))
    if sys.byteorder == "big":
        samples.byteswap()
    rms = math.sqrt(math.fsum(s * s for s in samples) / len(samples)) / 32768 if samples else 0.0
    return WavStats(seconds=frames / rate if rate else 0.0, rms=rms, rate=rate, channels=channels)


def looks_like_wav(path: Path) -> bool:
    """Cheap check that a rendered file is a complete WAV with some audio in it (header and size only)."""
    try:
        with wave.open(str(path), "rb") as sound:
            return sound.getnframes() > 0
    except (OSError, EOFError, wave.Error):
        return False


def wav_length_ms(path: Path) -> int | None:
    """How long a WAV file plays, from its header alone (cheap for the GUI thread); None if unreadable."""
    try:
        with wave.open(str(path), "rb") as sound:
            rate = sound.getframerate()
            return sound.getnframes() * 1000 // rate if rate else None
    except (OSError, EOFError, wave.Error):
        return None


def trim_silence(path: Path, threshold: float = 0.006, lead_ms: int = 10, tail_ms: int = 80) -> float:
    """Cut the engine's silence before and after the words, keeping a little; returns the ms removed.

    espeak-ng pads each rendering with about 55 ms of silence before and 400 ms after the words. Trimmed, a
    cue is heard as soon as it starts playing and ends when its words do, so the next cue need not wait.
    """
    with wave.open(str(path), "rb") as sound:
        params = sound.getparams()
        samples = array.array("h", sound.readframes(sound.getnframes()))
    if params.sampwidth != 2 or params.nchannels != 1 or not samples:
        return 0.0
    if sys.byteorder == "big":
        samples.byteswap()
    level = threshold * 32768
    first = next((i for i, s in enumerate(samples) if abs(s) > level), None)
    if first is None:
        return 0.0  # all silence: leave it as it is (the caller decides what silence means)
    last = len(samples) - 1 - next(i for i, s in enumerate(reversed(samples)) if abs(s) > level)
    start = max(0, first - params.framerate * lead_ms // 1000)
    end = min(len(samples), last + 1 + params.framerate * tail_ms // 1000)
    if start == 0 and end == len(samples):
        return 0.0
    kept = samples[start:end]
    if sys.byteorder == "big":
        kept.byteswap()
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(params.framerate)
        out.writeframes(kept.tobytes())
    return (len(samples) - len(kept)) * 1000 / params.framerate
