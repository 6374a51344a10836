"""Clocks measured in integer milliseconds.

Integer milliseconds from ``time.monotonic_ns`` avoid the float drift of ``time.monotonic`` arithmetic (see
docs/decisions/0002-integer-milliseconds.md). Everything that needs the time takes a :class:`Clock`.
"""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    @property
    def scale(self) -> float:
        """How many clock milliseconds pass per real millisecond (1 except when rehearsing at speed)."""
        ...

    def now_ms(self) -> int:
        """Milliseconds on a monotonic scale; only differences mean anything."""
        ...


class MonotonicClock:
    """The real clock: never jumps with wall-clock changes."""

    scale = 1.0

    def now_ms(self) -> int:
        return time.monotonic_ns() // 1_000_000


class ScaledClock:
    """A clock that runs ``scale`` times faster than real time (for rehearsing a script at speed)."""

    def __init__(self, scale: float, base: Clock | None = None) -> None:
        if scale <= 0:
            raise ValueError("scale must be positive")
        self._base = base or MonotonicClock()
        self._scale = scale
        self._origin = self._base.now_ms()

    @property
    def scale(self) -> float:
        return self._scale

    def now_ms(self) -> int:
        return round((self._base.now_ms() - self._origin) * self._scale)


class ManualClock:
    """A clock moved by hand: for tests and simulations."""

    scale = 1.0

    def __init__(self, start_ms: int = 0) -> None:
        self._now = start_ms

    def now_ms(self) -> int:
        return self._now

    def advance(self, ms: int) -> None:
        if ms < 0:
            raise ValueError("a monotonic clock never goes backwards")
        self._now += ms

    def set(self, ms: int) -> None:
        if ms < self._now:
            raise ValueError("a monotonic clock never goes backwards")
        self._now = ms
