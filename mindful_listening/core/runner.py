"""The session runner: a state machine over integer milliseconds, driven by an injected clock.

It never counts ticks. Every question ("is a cue due?", "has the step ended?") is answered from the elapsed
running time of the current step, so a late poll after a stall catches up exactly and the schedule
never drifts. Each operation returns the events it caused; the caller (the Qt controller, the
audio-only player, a test) decides what to do with them.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from mindful_listening.core.clock import Clock
from mindful_listening.core.timeline import Cue, Step, Timeline

EXTEND_SHORT_MS = 30_000
EXTEND_LONG_MS = 60_000


class State(StrEnum):
    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"


class Outcome(StrEnum):
    COMPLETED = "completed"
    SKIPPED = "skipped"
    WENT_BACK = "went-back"
    REPEATED = "repeated"
    FINISHED_EARLY = "finished-early"


@dataclass(frozen=True)
class StepStarted:
    """A step has begun (on the clock, or waiting for Start)."""

    step: Step
    planned_ms: int
    at_ms: int
    running: bool


@dataclass(frozen=True)
class CueDue:
    """A cue whose moment has come: when it was planned and when it fell due."""

    cue: Cue
    step: Step
    planned_ms: int
    at_ms: int
    log_index: int = -1  # its place in ``SessionLog.cues`` (several can come in one poll)


@dataclass(frozen=True)
class ZeroReached:
    """The countdown reached zero and the display now counts past it (soft landing or open-ended step)."""

    step: Step
    at_ms: int


@dataclass(frozen=True)
class StepEnded:
    """A step has ended, with its record."""

    step: Step
    record: StepRecord


@dataclass(frozen=True)
class SessionFinished:
    """The practice's last step has ended."""

    at_ms: int


@dataclass(frozen=True)
class Beside:
    """Something a companion clock says is due now (in the one-to-one room: an interval bell, a breath).

    ``at_ms`` is session time, like every other event's."""

    at_ms: int


Event = StepStarted | CueDue | ZeroReached | StepEnded | SessionFinished | Beside


class Companion(Protocol):
    """A quiet clock that keeps time beside the steps and speaks through the runner's events.

    The runner tells it when each step begins, asks it how much running time is left before it is next due
    (so the one timer over the runner wakes for it too), and polls it after every catch-up. A companion
    answers from the runner's running time, so pauses hold it and a late poll says only what is due now.
    """

    def step_started(self, step: Step) -> None: ...

    def due_in_ms(self, runner: SessionRunner, now: int) -> int | None: ...

    def poll(self, runner: SessionRunner, now: int) -> list[Beside]: ...


@dataclass
class StepRecord:
    """Planned against actual for one run of one step (a step run twice has two records)."""

    index: int
    kind: str
    title: str
    planned_ms: int
    started_at_ms: int
    actual_ms: int = 0
    ended_at_ms: int | None = None
    extended_ms: int = 0
    paused_ms: int = 0
    pauses: int = 0
    outcome: Outcome | None = None


@dataclass(frozen=True)
class CueRecord:
    """A cue as it was given, for the record."""

    step_index: int
    planned_ms: int
    at_ms: int
    text: str
    bell: str


@dataclass(frozen=True)
class PauseRecord:
    """A pause of the practice: when it began and how long it lasted."""

    step_index: int
    at_ms: int
    duration_ms: int


@dataclass(frozen=True)
class ExtensionRecord:
    """Time added to a step (Add 30 seconds, Add a minute)."""

    step_index: int
    at_ms: int
    added_ms: int


@dataclass
class SessionLog:
    """Everything the clock saw: the raw material for records, reports and assessment evidence."""

    started_at_ms: int | None = None
    finished_at_ms: int | None = None
    steps: list[StepRecord] = field(default_factory=list)
    cues: list[CueRecord] = field(default_factory=list)
    pauses: list[PauseRecord] = field(default_factory=list)
    extensions: list[ExtensionRecord] = field(default_factory=list)
    # What the room heard of each cue (index into ``cues``), told by whoever sounds them: see ``heard_as``.
    heard: dict[int, str] = field(default_factory=dict)


SPOKEN = "spoken"  # its words reached the sound output (after its bell, if it had one)
BELL_ONLY = "bell only"  # its bell did, its words did not (or it had none)
CAPTIONED = "captioned only"  # nothing reached the sound output: the caption was all


def heard_as(sounded: bool, voiced: bool) -> str:
    """One cue's outcome from what the output took: any of its sound, and its words."""
    if voiced:
        return SPOKEN
    return BELL_ONLY if sounded else CAPTIONED


@dataclass(frozen=True)
class Snapshot:
    """What a display needs at one instant."""

    state: State
    index: int
    step: Step
    elapsed_ms: int
    remaining_ms: int
    countdown_ms: int
    past_zero: bool
    session_elapsed_ms: int
    session_remaining_ms: int

    @property
    def fraction_left(self) -> float:
        if self.countdown_ms <= 0:
            return 0.0
        return max(0.0, min(1.0, self.remaining_ms / self.countdown_ms))


class SessionRunner:
    def __init__(self, timeline: Timeline, clock: Clock, companions: Sequence[Companion] = ()) -> None:
        if not timeline.steps:
            raise ValueError("a timeline needs at least one step")
        self.timeline = timeline
        self._clock = clock
        self.companions = tuple(companions)
        self.state = State.READY
        self.index = 0
        self.log = SessionLog()
        self._origin = 0
        self._acc = 0
        self._run_since = 0
        self._ext = 0
        self._fired: set[int] = set()
        self._zero_fired = False
        self._paused_since: int | None = None
        self._record: StepRecord | None = None

    # ----------------------------------------------------------------- reading
    @property
    def step(self) -> Step:
        return self.timeline.steps[self.index]

    def _rel(self, now: int) -> int:
        return now - self._origin

    def elapsed_ms(self, now: int | None = None) -> int:
        now = self._clock.now_ms() if now is None else now
        if self.state is State.RUNNING:
            return self._acc + (now - self._run_since)
        return self._acc

    def active_ms(self, now: int | None = None) -> int:
        """Running time of the whole session so far: every step run, pauses left out."""
        done = sum(r.actual_ms for r in self.log.steps if r.ended_at_ms is not None)
        if self.state in (State.RUNNING, State.PAUSED):
            done += self.elapsed_ms(now)
        return done

    def session_ms(self, now: int | None = None) -> int:
        """Session time now (the time base of every event's ``at_ms``)."""
        return self._rel(self._clock.now_ms() if now is None else now)

    def log_so_far(self, now: int | None = None) -> SessionLog:
        """The log with the step under way counted up to now (its record otherwise fills in when it ends)."""
        if self._record is not None and self.state in (State.RUNNING, State.PAUSED):
            self._record.actual_ms = self.elapsed_ms(now)
        return self.log

    def countdown_ms(self) -> int:
        """The current step's countdown, extensions included."""
        return self.step.duration_ms + self._ext

    def remaining_ms(self, now: int | None = None) -> int:
        """Time to zero; negative while counting past it."""
        return self.countdown_ms() - self.elapsed_ms(now)

    def snapshot(self, now: int | None = None) -> Snapshot:
        now = self._clock.now_ms() if now is None else now
        elapsed = self.elapsed_ms(now)
        remaining = self.countdown_ms() - elapsed
        later = sum(s.span_ms for s in self.timeline.steps[self.index + 1 :])
        this_left = max(0, self.countdown_ms() + self.step.landing_ms - elapsed)
        if self.state is State.FINISHED:
            this_left, later = 0, 0
        session_elapsed = 0 if self.log.started_at_ms is None else self._rel(now) - self.log.started_at_ms
        if self.log.finished_at_ms is not None and self.log.started_at_ms is not None:
            session_elapsed = self.log.finished_at_ms - self.log.started_at_ms
        return Snapshot(
            state=self.state,
            index=self.index,
            step=self.step,
            elapsed_ms=elapsed,
            remaining_ms=remaining,
            countdown_ms=self.countdown_ms(),
            past_zero=remaining < 0 or (remaining == 0 and self.state is not State.READY),
            session_elapsed_ms=session_elapsed,
            session_remaining_ms=this_left + later,
        )

    def next_due_ms(self, now: int | None = None) -> int | None:
        """Clock time of the next cue, zero crossing or step end; ``None`` when nothing runs."""
        if self.state is not State.RUNNING:
            return None
        now = self._clock.now_ms() if now is None else now
        elapsed = self.elapsed_ms(now)
        dues = [self._cue_offset(i) for i in range(len(self.step.cues)) if i not in self._fired]
        if not self._zero_fired and (self.step.landing_ms or self.step.open_ended):
            dues.append(self.countdown_ms())
        if not self.step.open_ended:
            dues.append(self.countdown_ms() + self.step.landing_ms)
        # A companion's due is in running time from now: while running, that is clock time from now.
        dues.extend(elapsed + due for c in self.companions if (due := c.due_in_ms(self, now)) is not None)
        if not dues:
            return None
        return now + max(0, min(dues) - elapsed)

    def next_display_change_ms(self, now: int | None = None) -> int | None:
        """Clock time at which the whole-second display next changes."""
        if self.state is not State.RUNNING:
            return None
        now = self._clock.now_ms() if now is None else now
        remainder = self.remaining_ms(now) % 1000
        return now + (remainder or 1000)

    # ----------------------------------------------------------------- driving
    def start(self) -> list[Event]:
        if self.state is not State.READY:
            return []
        now = self._clock.now_ms()
        self._origin = now
        self.log.started_at_ms = 0
        self.state = State.RUNNING
        self._run_since = now
        return [self._begin_step(self.index, now, overflow=0), *self.poll(now)]

    def take_up(self, earlier: SessionLog, index: int, elapsed_ms: int) -> list[Event]:
        """Take up a practice that stopped part-way (the app closed): ``earlier`` is what the clock saw, and
        step ``index`` had run ``elapsed_ms``. The clock stands paused there, as the facilitator left it, so
        they resume when the room is ready; cues already due are not said again, and session time continues
        from where it stopped."""
        if self.state is not State.READY:
            raise ValueError("only a session that has not started can take up an earlier one")
        if not earlier.steps or not 0 <= index < len(self.timeline.steps):
            raise ValueError("nothing to take up")
        now = self._clock.now_ms()
        last = earlier.steps[-1]
        stopped = last.started_at_ms + last.actual_ms + last.paused_ms
        self._origin = now - stopped
        self.log = earlier
        self.index = index
        self._record = last
        self._record.ended_at_ms = None
        self._record.outcome = None
        self._ext = last.extended_ms
        self._acc = min(max(0, elapsed_ms), self.countdown_ms() + self.step.landing_ms)
        self._fired = {i for i in range(len(self.step.cues)) if self._cue_offset(i) <= self._acc}
        self._zero_fired = self._acc >= self.countdown_ms()
        self.state = State.PAUSED
        self._paused_since = now
        for companion in self.companions:
            companion.step_started(self.step)
        return [StepStarted(self.step, self.step.start_ms, last.started_at_ms, running=False)]

    def memento(self) -> object:
        """Everything the runner would need to be as it is now: for undoing a step back or a repeat."""
        fields = ("state", "index", "log", "_origin", "_acc", "_run_since", "_ext", "_fired", "_zero_fired")
        saved = {name: copy.deepcopy(getattr(self, name)) for name in fields}
        saved["_paused_since"] = self._paused_since
        # The open step's record is one of the log's: found again by its place in the copied log.
        saved["_record_at"] = next((i for i, r in enumerate(self.log.steps) if r is self._record), None)
        return saved

    def restore(self, memento: object) -> list[Event]:
        """Back to the moment of ``memento`` as if what came after never happened, except that the time since
        has passed: a running step has run on, and what fell due meanwhile is due now."""
        assert isinstance(memento, dict)
        saved = dict(memento)
        at = saved.pop("_record_at")
        for name, value in saved.items():
            setattr(self, name, copy.deepcopy(value))
        self._record = self.log.steps[at] if at is not None else None
        return [
            StepStarted(
                self.step,
                self.step.start_ms,
                self._record.started_at_ms if self._record else 0,
                self.state is State.RUNNING,
            ),
            *self.poll(),
        ]

    def pause(self) -> list[Event]:
        if self.state is not State.RUNNING:
            return []
        now = self._clock.now_ms()
        events = self.poll(now)
        if self.state is not State.RUNNING:
            return events
        self._acc = self.elapsed_ms(now)
        self.state = State.PAUSED
        self._paused_since = now
        return events

    def resume(self) -> list[Event]:
        if self.state is not State.PAUSED:
            return []
        now = self._clock.now_ms()
        self._close_pause(now)
        self.state = State.RUNNING
        self._run_since = now
        return self.poll(now)

    def toggle(self) -> list[Event]:
        """Space bar: start, pause or resume."""
        if self.state is State.READY:
            return self.start()
        if self.state is State.RUNNING:
            return self.pause()
        if self.state is State.PAUSED:
            return self.resume()
        return []

    def extend(self, ms: int) -> list[Event]:
        """Add time to the current step's countdown; the remaining time grows by exactly ``ms``."""
        if ms <= 0:
            raise ValueError("extend by a positive number of milliseconds")
        if self.state not in (State.RUNNING, State.PAUSED):
            return []
        now = self._clock.now_ms()
        events = self.poll(now)
        if self.state not in (State.RUNNING, State.PAUSED):
            return events
        self._ext += ms
        if self.remaining_ms(now) > 0:
            self._zero_fired = False
        assert self._record is not None
        self._record.extended_ms += ms
        self.log.extensions.append(ExtensionRecord(self.index, self._rel(now), ms))
        return events

    def skip(self) -> list[Event]:
        """Move on to the next step now (finishing after the last)."""
        if self.state is State.FINISHED:
            return []
        if self.state is State.READY:
            self.index = min(self.index + 1, len(self.timeline.steps) - 1)
            return []
        return self._jump(self.index + 1, Outcome.SKIPPED)

    def back(self) -> list[Event]:
        """Return to the previous step (or restart the first) and run it again from its beginning."""
        if self.state is State.FINISHED:
            return []
        if self.state is State.READY:
            self.index = max(self.index - 1, 0)
            return []
        return self._jump(max(self.index - 1, 0), Outcome.WENT_BACK)

    def repeat_round(self) -> list[Event]:
        """Run the current round (or the current step when it has no round) again from its first step."""
        if self.state in (State.FINISHED, State.READY):
            return []
        return self._jump(self.timeline.round_start(self.index), Outcome.REPEATED)

    def finish(self) -> list[Event]:
        if self.state is State.FINISHED:
            return []
        now = self._clock.now_ms()
        if self.state is State.READY:
            self.state = State.FINISHED
            return [SessionFinished(0)]
        events = self.poll(now)
        if self._is_finished():
            return events
        return [*events, *self._end_step(now, Outcome.FINISHED_EARLY, self._rel(now)), *self._finish(now)]

    def poll(self, now: int | None = None) -> list[Event]:
        """Fire everything that is due by ``now``, catching up exactly after a late call."""
        now = self._clock.now_ms() if now is None else now
        events: list[Event] = []
        while self.state is State.RUNNING:
            step = self.step
            elapsed = self.elapsed_ms(now)
            countdown = self.countdown_ms()
            end = None if step.open_ended else countdown + step.landing_ms
            horizon = elapsed if end is None else min(elapsed, end)
            due = sorted(
                (i for i in range(len(step.cues)) if i not in self._fired and self._cue_offset(i) <= horizon),
                key=self._cue_offset,
            )
            # In the order they fell due: cues up to zero, the zero crossing, then cues in the soft landing.
            for i in (i for i in due if self._cue_offset(i) <= countdown):
                events.append(self._fire(i, now, elapsed))
            if not self._zero_fired and (step.landing_ms or step.open_ended) and elapsed >= countdown:
                self._zero_fired = True
                events.append(ZeroReached(step, self._rel(now) - (elapsed - countdown)))
            for i in (i for i in due if self._cue_offset(i) > countdown):
                events.append(self._fire(i, now, elapsed))
            if end is None or elapsed < end:
                break
            overflow = elapsed - end
            ended_at = self._rel(now) - overflow
            events.extend(self._end_step(now - overflow, Outcome.COMPLETED, ended_at))
            if self.index + 1 >= len(self.timeline.steps):
                events.extend(self._finish(now - overflow))
                break
            events.append(self._begin_step(self.index + 1, now, overflow=overflow))
        if self.state is State.RUNNING:
            # After the catch-up, so a stall makes each companion say only what is due now, once.
            for companion in self.companions:
                events.extend(companion.poll(self, now))
        return events

    # ----------------------------------------------------------------- inner
    def _is_finished(self) -> bool:
        # A method, not an inline comparison: poll() changes the state behind the type checker's back.
        return self.state is State.FINISHED

    def _cue_offset(self, i: int) -> int:
        return self.step.cues[i].offset_ms(self.countdown_ms())

    def _fire(self, i: int, now: int, elapsed: int) -> CueDue:
        """Cue ``i`` of the current step, due ``elapsed - offset`` ms before ``now``: logged and returned."""
        step = self.step
        self._fired.add(i)
        at = self._rel(now) - (elapsed - self._cue_offset(i))
        planned = step.start_ms + step.cues[i].offset_ms(step.duration_ms)
        self.log.cues.append(CueRecord(self.index, planned, at, step.cues[i].text, step.cues[i].bell))
        return CueDue(step.cues[i], step, planned, at, len(self.log.cues) - 1)

    def _begin_step(self, index: int, now: int, overflow: int) -> StepStarted:
        self.index = index
        self._acc = 0
        # Backdate the start by the overflow so a late poll never shifts the rest of the schedule.
        self._run_since = now - overflow
        self._ext = 0
        self._fired = set()
        self._zero_fired = False
        started = self._rel(now) - overflow
        self._record = StepRecord(
            index=index,
            kind=self.step.kind.value,
            title=self.step.title,
            planned_ms=self.step.span_ms,
            started_at_ms=started,
        )
        self.log.steps.append(self._record)
        for companion in self.companions:
            companion.step_started(self.step)
        return StepStarted(self.step, self.step.start_ms, started, self.state is State.RUNNING)

    def _end_step(self, at_clock: int, outcome: Outcome, ended_at: int) -> list[Event]:
        record = self._record
        if record is None:
            return []
        if self.state is State.PAUSED:
            self._close_pause(at_clock)
        record.actual_ms = self.elapsed_ms(at_clock)
        record.ended_at_ms = ended_at
        record.outcome = outcome
        self._record = None
        return [StepEnded(self.step, record)]

    def _jump(self, target: int, outcome: Outcome) -> list[Event]:
        now = self._clock.now_ms()
        events = self.poll(now)
        if self._is_finished():
            return events
        events.extend(self._end_step(now, outcome, self._rel(now)))
        if target >= len(self.timeline.steps):
            return [*events, *self._finish(now)]
        paused = self.state is State.PAUSED
        events.append(self._begin_step(target, now, overflow=0))
        if paused:
            self._paused_since = now
        else:
            events.extend(self.poll(now))
        return events

    def _close_pause(self, now: int) -> None:
        if self._paused_since is None:
            return
        duration = now - self._paused_since
        self.log.pauses.append(PauseRecord(self.index, self._rel(self._paused_since), duration))
        if self._record is not None:
            self._record.paused_ms += duration
            self._record.pauses += 1
        self._paused_since = None

    def _finish(self, now: int) -> list[Event]:
        self.state = State.FINISHED
        self.log.finished_at_ms = self._rel(now)
        return [SessionFinished(self._rel(now))]
