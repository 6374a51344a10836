"""The one thin controller between the Qt event loop and the Qt-free session runner.

It owns a single precise single-shot timer, armed for the next instant anything can change (a cue, a step
boundary, the next whole second on the display), and the speech service. It turns the user's intents into
runner operations and the runner's events into signals, emitting only when a value really changes.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Signal

from mindful_listening.core.clock import Clock, MonotonicClock
from mindful_listening.core.runner import (
    Beside,
    Companion,
    CueDue,
    Event,
    SessionFinished,
    SessionLog,
    SessionRunner,
    Snapshot,
    State,
    StepStarted,
    ZeroReached,
    heard_as,
)
from mindful_listening.core.script import WarningStyle
from mindful_listening.core.timeline import Timeline, what_sounds
from mindful_listening.speech.api import Speaker
from mindful_listening.speech.qtspeaker import QtSpeaker
from mindful_listening.timers import TimerFactory, make_timer

log = logging.getLogger(__name__)


class SessionController(QObject):
    stepStarted = Signal(object)  # core.timeline.Step
    cueFired = Signal(object)  # core.runner.CueDue
    caption = Signal(str)  # every spoken cue's text, also when it cannot be spoken
    zeroReached = Signal(object)  # core.timeline.Step: now counting past zero
    stateChanged = Signal(str)  # core.runner.State value
    tick = Signal(object)  # core.runner.Snapshot, when what a display shows has changed
    finished = Signal(object)  # core.runner.SessionLog
    beside = Signal(object)  # core.runner.Beside: a companion clock's event (whoever added it gives it sound)
    # True before the signals of one moment (a step change: its caption, the step, its first cue, the tick),
    # False after them: a window may draw them once, at the end, rather than once per signal.
    changing = Signal(bool)

    def __init__(
        self,
        timeline: Timeline,
        speaker: Speaker,
        clock: Clock | None = None,
        timer_factory: TimerFactory = make_timer,
        parent: QObject | None = None,
        companions: Sequence[Companion] = (),
    ) -> None:
        super().__init__(parent)
        self.clock = clock or MonotonicClock()
        self.runner = SessionRunner(timeline, self.clock, companions)
        self.speaker = speaker
        # What the room heard of each cue, from the speaker's reports (ticket -> cue index, what sounded).
        self._tickets: dict[int, tuple[int, bool, bool]] = {}
        if isinstance(speaker, QtSpeaker):
            # Bound methods: Qt drops the connections when this controller goes (a new one per script).
            speaker.cueStarted.connect(self._on_cue_sounded)
            speaker.cueVoiced.connect(self._on_cue_voiced)
        self._timer = timer_factory(self)
        self._timer.timeout.connect(self.poll)
        self._last_key: tuple[object, ...] | None = None
        self._last_state = self.runner.state
        self._last_caption = ""
        # How warning cues are given: the script's choice, unless the facilitator chose otherwise today.
        self.warnings: WarningStyle = timeline.script.warnings
        self._grounding = False  # the grounding words are on the caption until the practice goes on

    # ----------------------------------------------------------------- reading
    @property
    def timeline(self) -> Timeline:
        return self.runner.timeline

    @property
    def state(self) -> State:
        return self.runner.state

    def snapshot(self) -> Snapshot:
        return self.runner.snapshot()

    @property
    def current_caption(self) -> str:
        return self._last_caption

    def prepare_speech(self) -> None:
        """Hand every cue of the script to the speaker so it can render them before the session starts."""
        cues = [(cue.text, cue.bell) for step in self.timeline.steps for cue in step.cues]
        self.speaker.prepare(cues)

    # ----------------------------------------------------------------- intents
    def toggle(self) -> None:
        self._do(self.runner.toggle, cut=self.runner.state is State.RUNNING)

    def start(self) -> None:
        self._do(self.runner.start)

    def pause(self) -> None:
        self._do(self.runner.pause, cut=True)

    def resume(self) -> None:
        self._do(self.runner.resume)

    def extend(self, ms: int) -> None:
        self._do(lambda: self.runner.extend(ms))

    def skip(self) -> None:
        self._do(self.runner.skip, cut=True)

    def back(self) -> None:
        self._do(self.runner.back, cut=True)

    def repeat_round(self) -> None:
        self._do(self.runner.repeat_round, cut=True)

    def finish(self) -> None:
        self._do(self.runner.finish, cut=True)

    def ground(self, words: str) -> bool:
        """Pause and ground: the clock holds at once, whatever was sounding stops, and ``words`` (an
        invitation to an outward anchor) are said and captioned. It waits: the practice goes on only when
        resumed, and the grounding caption goes as it does. False when no practice is under way."""
        if self.runner.state not in (State.RUNNING, State.PAUSED):
            return False
        self._do(self.runner.pause, cut=True)  # a pause when running; when already paused, a cut
        self.speaker.say(words)
        self._grounding = True
        self._last_caption = words
        self.caption.emit(words)
        return True

    def shutdown(self) -> None:
        self._timer.stop()
        self.speaker.stop()
        self.speaker.shutdown()

    # ----------------------------------------------------------------- inner
    def _do(self, operation: Callable[[], list[Event]], cut: bool = False) -> None:
        if cut:
            self.speaker.stop()
        self._dispatch_and_after(operation())

    def poll(self) -> None:
        """Fire whatever is due now (the timer calls this; tests with a manual clock may too)."""
        self._dispatch_and_after(self.runner.poll())

    def take_up(self, earlier: SessionLog, index: int, elapsed_ms: int) -> None:
        """A practice that stopped part-way, taken up (paused) where it stopped: ``SessionRunner.take_up``."""
        self._dispatch_and_after(self.runner.take_up(earlier, index, elapsed_ms))

    def _dispatch_and_after(self, events: list[Event]) -> None:
        """The events' signals, then the state and tick; bracketed by ``changing`` when there are events (a
        poll with none, most of them, only ticks)."""
        if not events:
            self._after()
            return
        self.changing.emit(True)
        try:
            self._dispatch(events)
            self._after()
        finally:
            self.changing.emit(False)

    def restore(self, memento: object) -> None:
        """Undo: back to ``memento`` (``SessionRunner.memento``), with the time since counted."""
        self._do(lambda: self.runner.restore(memento), cut=True)

    def rearm(self) -> None:
        """A companion's timing changed (a new rhythm, an interval): fire what is due, wake when next due."""
        self.poll()

    def _on_cue_sounded(self, ticket: int, at_ms: float) -> None:
        del at_ms
        self._heard(ticket, sounded=True)

    def _on_cue_voiced(self, ticket: int, at_ms: float) -> None:
        del at_ms
        self._heard(ticket, voiced=True)

    def _heard(self, ticket: int, sounded: bool = False, voiced: bool = False) -> None:
        known = self._tickets.get(ticket)
        if known is None:
            return
        index, was_sounded, was_voiced = known
        known = (index, was_sounded or sounded or voiced, was_voiced or voiced)
        self._tickets[ticket] = known
        self.runner.log.heard[index] = heard_as(known[1], known[2])

    def _dispatch(self, events: list[Event]) -> None:
        for event in events:
            if isinstance(event, StepStarted):
                if self._last_caption:
                    self._last_caption = ""
                    self.caption.emit("")
                self.stepStarted.emit(event.step)
            elif isinstance(event, CueDue):
                self.cueFired.emit(event)
                index = event.log_index
                self.runner.log.heard[index] = heard_as(False, False)
                text, bell = what_sounds(event.cue, self.warnings)
                if text or bell != "none":
                    self.speaker.say(text, bell)
                    if isinstance(self.speaker, QtSpeaker):
                        self._tickets[self.speaker.last_ticket] = (index, False, False)
                if event.cue.text:
                    self._last_caption = event.cue.text
                    self.caption.emit(event.cue.text)
            elif isinstance(event, ZeroReached):
                self.zeroReached.emit(event.step)
            elif isinstance(event, SessionFinished):
                self.finished.emit(self.runner.log)
            elif isinstance(event, Beside):
                self.beside.emit(event)

    def _after(self) -> None:
        if self.runner.state is not self._last_state:
            self._last_state = self.runner.state
            if self._grounding and self.runner.state is not State.PAUSED:
                self._grounding = False
                self._last_caption = ""
                self.caption.emit("")
            self.stateChanged.emit(self.runner.state.value)
        snap = self.runner.snapshot()
        seconds = -(-snap.remaining_ms // 1000) if snap.remaining_ms >= 0 else snap.remaining_ms // 1000
        key = (snap.state, snap.index, seconds, snap.countdown_ms, len(self.runner.log.steps))
        if key != self._last_key:
            self._last_key = key
            self.tick.emit(snap)
        self._arm()

    def _arm(self) -> None:
        now = self.clock.now_ms()
        dues = [
            t
            for t in (self.runner.next_due_ms(now), self.runner.next_display_change_ms(now))
            if t is not None
        ]
        if not dues:
            self._timer.stop()
            return
        # A scaled clock (rehearsing at speed) runs faster than the timer's real milliseconds.
        self._timer.start(max(0, math.ceil((min(dues) - now) / self.clock.scale)))
