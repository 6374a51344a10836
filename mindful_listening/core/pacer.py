"""The soothing-rhythm breathing pacer: where in the breath the guide is, as pure functions of elapsed time.

Everything is computed from integer milliseconds of running time (the breathing step's elapsed time, which
already leaves pauses out), never from counted frames: a late refresh after a stall shows exactly where the
breath is now. A breath is one in-breath followed by one out-breath; the in-breath starts at the anchor.

Changing the rhythm mid-breath is *continuous* (docs/decisions/0007-one-to-one.md): the breath in progress
keeps its phase and how far through that phase it is, so the guide never jumps, and from that instant it
moves at the new pace. Every later phase change falls exactly on the new rhythm.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from mindful_listening.core.script import Breathing

Phase = Literal["in", "out"]

MIN_PHASE_MS = 1_000
MAX_PHASE_MS = 20_000
DEFAULT_PHASE_MS = 5_000


@dataclass(frozen=True)
class Rhythm:
    """How long an in-breath and an out-breath last, in milliseconds."""

    inhale_ms: int = DEFAULT_PHASE_MS
    exhale_ms: int = DEFAULT_PHASE_MS

    def __post_init__(self) -> None:
        for name, value in (("in-breath", self.inhale_ms), ("out-breath", self.exhale_ms)):
            if not isinstance(value, int) or isinstance(value, bool):
                raise TypeError(f"the {name} is a whole number of milliseconds")
            if not MIN_PHASE_MS <= value <= MAX_PHASE_MS:
                raise ValueError(f"an {name} of {value} ms is outside the 1–20 s a comfortable breath takes")

    @property
    def cycle_ms(self) -> int:
        return self.inhale_ms + self.exhale_ms

    def phase_ms(self, phase: Phase) -> int:
        return self.inhale_ms if phase == "in" else self.exhale_ms

    @classmethod
    def from_breathing(cls, breathing: Breathing | None) -> Rhythm:
        """The rhythm a script step asks for, or the gentle 5 s / 5 s default."""
        if breathing is None:
            return cls()
        return cls(breathing.inhale, breathing.exhale)

    @classmethod
    def from_seconds(cls, inhale_s: float, exhale_s: float) -> Rhythm:
        """From the seconds a practitioner types (rounded to the millisecond, kept within 1–20 s)."""
        return cls(_clamp_phase(round(inhale_s * 1000)), _clamp_phase(round(exhale_s * 1000)))


def _clamp_phase(ms: int) -> int:
    return min(MAX_PHASE_MS, max(MIN_PHASE_MS, ms))


def openness_of(phase: Phase, fraction: float) -> float:
    """How full the breath is (0 empty … 1 full), eased like a breath: slow at the turns, flowing between.

    Continuous across every phase change: an in-breath ends at 1, where the out-breath starts.
    """
    eased = 0.5 - 0.5 * math.cos(math.pi * min(1.0, max(0.0, fraction)))
    return eased if phase == "in" else 1.0 - eased


@dataclass(frozen=True)
class Pace:
    """What the guide shows at one instant."""

    phase: Phase
    fraction: float  # how far through the current phase, 0 ≤ fraction < 1
    breath: int  # the breath under way, counted from 1
    phase_elapsed_ms: int
    phase_ms: int
    next_change_ms: int  # the elapsed time at which the phase next changes

    @property
    def phase_remaining_ms(self) -> int:
        return self.phase_ms - self.phase_elapsed_ms

    @property
    def openness(self) -> float:
        return openness_of(self.phase, self.fraction)

    @property
    def second_of_phase(self) -> int:
        """The plain count, counting up from 1 ("In 1… 2… 3…"): never a countdown."""
        return self.phase_elapsed_ms // 1000 + 1


def pace_at(rhythm: Rhythm, elapsed_ms: int, anchor_ms: int = 0, breaths_before: int = 0) -> Pace:
    """Where the breath is ``elapsed_ms`` into a rhythm whose first in-breath began at ``anchor_ms``.

    Phase boundaries are exact: at ``anchor + inhale_ms - 1`` the breath is still coming in, at
    ``anchor + inhale_ms`` it is going out. Times before the anchor read as the anchor itself.
    """
    offset = max(0, elapsed_ms - anchor_ms)
    cycles, position = divmod(offset, rhythm.cycle_ms)
    cycle_start = anchor_ms + cycles * rhythm.cycle_ms
    if position < rhythm.inhale_ms:
        phase: Phase = "in"
        into = position
        length = rhythm.inhale_ms
        change = cycle_start + rhythm.inhale_ms
    else:
        phase = "out"
        into = position - rhythm.inhale_ms
        length = rhythm.exhale_ms
        change = cycle_start + rhythm.cycle_ms
    return Pace(
        phase=phase,
        fraction=into / length,
        breath=breaths_before + cycles + 1,
        phase_elapsed_ms=into,
        phase_ms=length,
        next_change_ms=change,
    )


@dataclass(frozen=True)
class Pacer:
    """A rhythm anchored in a step's running time; :meth:`retimed` gives the pacer after an adjustment."""

    rhythm: Rhythm = Rhythm()
    anchor_ms: int = 0
    breaths_before: int = 0

    def at(self, elapsed_ms: int) -> Pace:
        return pace_at(self.rhythm, elapsed_ms, self.anchor_ms, self.breaths_before)

    def next_change_ms(self, elapsed_ms: int) -> int:
        """The elapsed time of the next phase change strictly after ``elapsed_ms``."""
        return self.at(elapsed_ms).next_change_ms

    def changes_between(self, after_ms: int, until_ms: int) -> Iterator[tuple[int, Phase]]:
        """Every phase change ``t`` with ``after_ms < t <= until_ms``, and the phase that begins there."""
        t = self.next_change_ms(after_ms)
        while t <= until_ms:
            yield t, self.at(t).phase
            t = self.next_change_ms(t)

    def retimed(self, rhythm: Rhythm, at_ms: int) -> Pacer:
        """The pacer that takes over at ``at_ms`` with a new rhythm, continuing the breath in progress.

        The phase and breath number stay the same and the fraction through the phase changes by less than one
        millisecond of the new phase, so the guide does not jump; only its speed changes.
        """
        now = self.at(at_ms)
        length = rhythm.phase_ms(now.phase)
        into = min(length - 1, round(now.fraction * length))
        position = into if now.phase == "in" else rhythm.inhale_ms + into
        return Pacer(rhythm=rhythm, anchor_ms=at_ms - position, breaths_before=now.breath - 1)
