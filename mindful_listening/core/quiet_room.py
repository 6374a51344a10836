"""The one-to-one room's timing rules, as pure functions over integer milliseconds, and its two companions.

The therapy room keeps three quiet clocks beside the exercise itself: the settling countdown before it
begins, the optional interval bell, and the breathing guide's spoken "in" / "out" (the pacer in
:mod:`mindful_listening.core.pacer` says where the breath is). The functions say when each is next due and
whether it is due now. :class:`IntervalBells` and :class:`BreathGuide` are runner companions
(:class:`~mindful_listening.core.runner.Companion`): the session runner asks them when they are due, and
their :class:`IntervalBell` and :class:`BreathTurn` events come out of the same ``poll`` as every cue.
"""

from __future__ import annotations

from dataclasses import dataclass

from mindful_listening.core.pacer import Pace, Pacer, Phase, Rhythm
from mindful_listening.core.runner import Beside, SessionRunner
from mindful_listening.core.script import StepKind
from mindful_listening.core.timeline import Step

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
    key = key_of(pace)
    return None if key == last_spoken else key


@dataclass(frozen=True)
class IntervalBell(Beside):
    """The interval bell is due: the ``count``-th of the exercise."""

    count: int


@dataclass(frozen=True)
class BreathTurn(Beside):
    """The breath has turned: ``phase`` of breath number ``breath`` has begun (voice it once)."""

    breath: int
    phase: Phase


class IntervalBells:
    """A bell every ``interval_ms`` of running time (0: none); after a stall, one bell, not a peal."""

    def __init__(self, interval_ms: int = 0) -> None:
        self.interval_ms = interval_ms
        self.rung = 0

    def reset_interval(self, interval_ms: int, active_ms: int) -> None:
        """A new interval counts from now on: no bell for the time already gone."""
        self.interval_ms = interval_ms
        if interval_ms > 0:
            self.rung = active_ms // interval_ms

    def step_started(self, step: Step) -> None:
        del step  # the bell keeps the whole exercise's running time

    def due_in_ms(self, runner: SessionRunner, now: int) -> int | None:
        due = interval_bell_due_ms(self.rung, self.interval_ms)
        return None if due is None else max(0, due - runner.active_ms(now))

    def poll(self, runner: SessionRunner, now: int) -> list[Beside]:
        reached = interval_bells_reached(runner.active_ms(now), self.interval_ms, self.rung)
        if reached <= self.rung:
            return []
        self.rung = reached
        return [IntervalBell(runner.session_ms(now), reached)]


def breathes(step: Step) -> bool:
    """A step the breathing pacer guides: a breathing step, or any step that sets a rhythm."""
    return step.kind is StepKind.BREATHE or step.breathing is not None


def opens_with_sound(step: Step) -> bool:
    """The step's own words or bell sound at its very start."""
    return any(cue.offset_ms(step.duration_ms) == 0 and (cue.text or cue.bell != "none") for cue in step.cues)


class BreathGuide:
    """Where the breath is in each guided step, and a :class:`BreathTurn` at each turn while ``voiced``.

    The practitioner's rhythm (:meth:`set_rhythm`) holds for the rest of the exercise; a breath in progress
    changes pace smoothly. The first "in" waits when the step opens with its own words or bell.
    """

    def __init__(self, voiced: bool = True) -> None:
        self.voiced = voiced
        self.pacer: Pacer | None = None
        self.rhythm_chosen: Rhythm | None = None
        self._said: GuideKey | None = None

    def step_started(self, step: Step) -> None:
        if breathes(step):
            self.pacer = Pacer(self.rhythm_chosen or Rhythm.from_breathing(step.breathing))
        else:
            self.pacer = None
        self._said = (1, "in") if opens_with_sound(step) else None

    def set_rhythm(self, rhythm: Rhythm, elapsed_ms: int) -> None:
        self.rhythm_chosen = rhythm
        if self.pacer is not None and rhythm != self.pacer.rhythm:
            self.pacer = self.pacer.retimed(rhythm, elapsed_ms)

    def hush_until_next_turn(self, elapsed_ms: int) -> None:
        """Say nothing for the phase under way (the guide sound was just chosen); voice the next turn."""
        self._said = None if self.pacer is None else key_of(self.pacer.at(elapsed_ms))

    def due_in_ms(self, runner: SessionRunner, now: int) -> int | None:
        if not self.voiced or self.pacer is None:
            return None
        if self._said is None:
            return 0
        elapsed = runner.elapsed_ms(now)
        return self.pacer.next_change_ms(elapsed) - elapsed

    def poll(self, runner: SessionRunner, now: int) -> list[Beside]:
        if not self.voiced or self.pacer is None:
            return []
        pace = self.pacer.at(runner.elapsed_ms(now))
        key = guide_due(pace, self._said)
        if key is None:
            return []
        self._said = key
        return [BreathTurn(runner.session_ms(now), pace.breath, pace.phase)]


def key_of(pace: Pace) -> GuideKey:
    return (pace.breath, pace.phase)
