"""Synthesise the meditation bell shipped in ``resources/`` with nothing but ``math`` and ``wave``.

Run from the repository root::

    python tools/make_bell.py            # writes resources/bell.wav, bell-double.wav and bell-soft.wav
    python tools/make_bell.py --check    # exits 1 if the shipped files differ from a fresh synthesis

How the sound is made: a struck bowl is a handful of inharmonic partials that start together and die away
at different speeds, the high ones first. Each partial here is a pair of sines a fraction of a hertz apart,
so the pair beats slowly (the "wah" of a real bowl), shaped by a 4 ms raised-cosine strike and an
exponential decay.
The partial ratios (1, 2.76, 5.40, 8.93) are those of an ideal free circular plate, close to what bowls show.
The sum is peak-normalised to -3 dBFS and faded out over its last 150 ms so it never clicks.

Output: 16-bit mono PCM at 22,050 Hz, the same format the speech engine renders, so one player handles both.
``bell.wav`` is a single strike (4.5 s); ``bell-double.wav`` is two strikes 1.3 s apart (5.8 s);
``bell-soft.wav`` is a light touch on a smaller bowl an octave up, quieter and shorter (2.5 s, -15 dBFS): the
bell that stands in for a spoken time warning, heard without talking over the speaker.
There is no randomness: the same Python on the same platform writes byte-identical files.
"""

from __future__ import annotations

import argparse
import math
import struct
import sys
import wave
from pathlib import Path

RATE = 22_050
FUNDAMENTAL_HZ = 392.0  # G4: clear in a room without being shrill
# (ratio to the fundamental, relative amplitude, decay time constant in seconds, beat frequency in Hz)
PARTIALS = (
    (1.00, 1.00, 2.6, 0.9),
    (2.76, 0.55, 1.5, 1.7),
    (5.40, 0.28, 0.8, 2.3),
    (8.93, 0.12, 0.45, 3.1),
)
STRIKE_S = 0.004
FADE_S = 0.150
PEAK = 10 ** (-3 / 20)  # -3 dBFS
SINGLE_S = 4.5
DOUBLE_GAP_S = 1.3
SOFT_S = 2.5
SOFT_PEAK = 10 ** (-15 / 20)  # -15 dBFS: 12 dB under the strike that opens a turn


def strike(seconds: float, fundamental_hz: float = FUNDAMENTAL_HZ, damping: float = 1.0) -> list[float]:
    """One strike of the bowl, unnormalised, ``seconds`` long (``damping`` > 1 dies away sooner)."""
    samples: list[float] = []
    count = round(seconds * RATE)
    for n in range(count):
        t = n / RATE
        attack = 0.5 - 0.5 * math.cos(math.pi * t / STRIKE_S) if t < STRIKE_S else 1.0
        value = 0.0
        for ratio, amplitude, decay, beat in PARTIALS:
            decay /= damping
            f = fundamental_hz * ratio
            pair = math.sin(2 * math.pi * f * t) + math.sin(2 * math.pi * (f + beat) * t)
            value += 0.5 * amplitude * math.exp(-t / decay) * pair
        samples.append(attack * value)
    return samples


def finish(samples: list[float], peak: float = PEAK) -> list[float]:
    """Normalise to the target peak and fade the tail out."""
    top = max(abs(s) for s in samples) or 1.0
    out = [s * peak / top for s in samples]
    fade = round(FADE_S * RATE)
    for i in range(fade):
        out[len(out) - fade + i] *= 0.5 + 0.5 * math.cos(math.pi * i / fade)
    return out


def single() -> list[float]:
    return finish(strike(SINGLE_S))


def double() -> list[float]:
    one = strike(SINGLE_S)
    offset = round(DOUBLE_GAP_S * RATE)
    mixed = [0.0] * (offset + len(one))
    for i, s in enumerate(one):
        mixed[i] += s
        mixed[offset + i] += s
    return finish(mixed)


def soft() -> list[float]:
    return finish(strike(SOFT_S, FUNDAMENTAL_HZ * 2, damping=1.8), SOFT_PEAK)


def to_pcm(samples: list[float]) -> bytes:
    return b"".join(struct.pack("<h", max(-32768, min(32767, round(s * 32767)))) for s in samples)


def write(path: Path, samples: list[float]) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(to_pcm(samples))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="compare with the shipped files instead")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "resources")
    args = parser.parse_args(argv)
    sounds = {"bell.wav": single(), "bell-double.wav": double(), "bell-soft.wav": soft()}
    if args.check:
        stale = []
        for name, samples in sounds.items():
            with wave.open(str(args.out / name), "rb") as shipped:
                if shipped.readframes(shipped.getnframes()) != to_pcm(samples):
                    stale.append(name)
        for name in stale:
            print(f"{name} differs from a fresh synthesis")
        return 1 if stale else 0
    for name, samples in sounds.items():
        write(args.out / name, samples)
        print(f"wrote {args.out / name} ({len(samples) / RATE:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
