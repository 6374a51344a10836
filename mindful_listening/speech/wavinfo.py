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
