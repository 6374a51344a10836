"""The one-to-one room's timing rules, as pure functions over integer milliseconds.

The practitioner's compact window keeps three quiet clocks beside the exercise itself: the settling
countdown before it begins, the optional interval bell, and the breathing guide's spoken "in" / "out" (the
pacer in :mod:`mindful_listening.core.pacer` says where the breath is). The window asks these functions when
the next one is due and whether it is due now; it decides nothing itself.
"""

from __future__ import annotations

from mindful_listening.core.pacer import Pace

SECOND_MS = 1_000


def settle_left_ms(now_ms: int, until_ms: int) -> int:
    """How long the settling countdown has left (0 once it is over)."""
    return max(0, until_ms - now_ms)


def settle_redraw_in_ms(left_ms: int) -> int:
    """When the countdown's shown second next changes: on the whole second, so it never skips or lingers."""
    return left_ms % SECOND_MS or SECOND_MS


def interval_bell_due_ms(bells_rung: int, interval_ms: int) -> int | None:
    """The running time at which the next interval bell rings (None when there are no interval bells)."""
    if interval_ms <= 0:
        return None
    return (bells_rung + 1) * interval_ms


def interval_bells_reached(active_ms: int, interval_ms: int, bells_rung: int) -> int:
    """How many interval bells the running time has reached: after a stall, one bell, not a peal of missed
    ones, so the caller rings once whenever this is above ``bells_rung`` and remembers the new count."""
    if interval_ms <= 0:
        return bells_rung
    return max(bells_rung, active_ms // interval_ms)


GuideKey = tuple[int, str]  # (breath number, "in" or "out"): one spoken word per phase of each breath


def guide_due(pace: Pace, last_spoken: GuideKey | None) -> GuideKey | None:
    """The phase to voice now, or None when this phase of this breath has been voiced already."""
    key = (pace.breath, pace.phase)
    return None if key == last_spoken else key
