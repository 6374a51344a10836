"""The one-to-one session: one exercise in the therapy room, with no widget in sight.

A :class:`OneToOneSession` runs the chosen exercise on the same engine as group practice (a
:class:`~mindful_listening.controller.SessionController` over the core runner) and owns what the quiet room
adds around it: the settling countdown, the optional interval bell, the breathing guide's spoken "in" / "out"
and the practitioner's change of rhythm, the client's record and its saving. Its timing rules are the pure
functions of :mod:`mindful_listening.core.quiet_room` and :mod:`mindful_listening.core.pacer`; every timer
comes from the injected factory and every deadline from the injected clock. The compact window renders its
signals and forwards intent.

Privacy: the client is a code, never a name; the code and notes go to the record sink and nowhere else.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QObject, Signal

from mindful_listening.controller import SessionController
from mindful_listening.core import flow, quiet_room
from mindful_listening.core.clock import Clock, MonotonicClock
from mindful_listening.core.pacer import Pace, Pacer, Rhythm
from mindful_listening.core.quiet_room import BreathGuide, BreathTurn, IntervalBell, IntervalBells
from mindful_listening.core.record import RecordSink, SessionRecord, utc_now_iso
from mindful_listening.core.runner import Beside, SessionLog, State
from mindful_listening.core.script import Script
from mindful_listening.core.timeline import Step, Timeline, compile_script
from mindful_listening.preferences import GuideSound, OneToOneChoices
from mindful_listening.speech.api import Bell, Speaker
from mindful_listening.timers import TimerFactory, make_timer


def _t(text: str) -> str:
    return QCoreApplication.translate("OneToOneWindow", text)


class RoomSpeaker:
    """The speaker as this room wants it: prompts may be captions only, and the script's bells may be off.

    It never shuts the real speaker down (whoever made the real speaker decides that).
    """

    def __init__(self, inner: Speaker, spoken: bool = True, bells: bool = True) -> None:
        self.inner = inner
        self.spoken = spoken
        self.bells = bells

    def _filter(self, text: str, bell: Bell) -> tuple[str, Bell]:
        return (text if self.spoken else "", bell if self.bells else "none")

    def prepare(self, cues: Sequence[tuple[str, Bell]]) -> None:
        kept = [self._filter(text, bell) for text, bell in cues]
        self.inner.prepare([(text, bell) for text, bell in kept if text or bell != "none"])

    def say(self, text: str, bell: Bell = "none") -> None:
        text, bell = self._filter(text, bell)
        if text or bell != "none":
            self.inner.say(text, bell)

    def stop(self) -> None:
        self.inner.stop()

    def shutdown(self) -> None:
        """Nothing: the real speaker outlives any one exercise."""


class OneToOneSession(QObject):
    """One exercise at a time. Signals carry what the compact window shows.

    ``settling(ms left)`` while the settling countdown runs; ``started()`` when the exercise itself begins;
    ``stepShown(step, timeline)`` for each step (the first one already at :meth:`begin`); ``caption(text)``,
    ``tick(snapshot)`` and ``stateChanged(state value)`` from the exercise's clock; ``pacing(bool)``: the
    breathing pacer should run or rest; ``finished(record or None, time together in ms or None)``.
    """

    settling = Signal(int)
    started = Signal()
    stepShown = Signal(object, object)
    caption = Signal(str)
    tick = Signal(object)
    stateChanged = Signal(str)
    pacing = Signal(bool)
    finished = Signal(object, object)

    def __init__(
        self,
        speaker: Speaker,
        sink: RecordSink,
        choices: OneToOneChoices,
        *,
        clock: Clock | None = None,
        timer_factory: TimerFactory = make_timer,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.speaker = speaker
        self.sink = sink
        self.choices = choices
        self.clock: Clock = clock or MonotonicClock()
        self._timer_factory = timer_factory
        self.controller: SessionController | None = None
        self.record: SessionRecord | None = None
        # The two companions of the exercise's runner (new ones for each exercise): see core/quiet_room.py.
        self.guide = BreathGuide()
        self.bells = IntervalBells()
        self._shown_pacer: Pacer | None = None  # the pacer of the step on show before the exercise starts
        self._room: RoomSpeaker | None = None
        self._settle_until: int | None = None
        self._client_code = ""
        self._notes = ""
        self._settle_timer = timer_factory(self)  # settling comes before the runner starts
        self._settle_timer.timeout.connect(self._settle_step)

    # ----------------------------------------------------------------- beginning and ending
    @property
    def settling_now(self) -> bool:
        return self._settle_until is not None

    def busy(self) -> bool:
        """Settling, or an exercise under way (running or paused)."""
        if self._settle_until is not None:
            return True
        return self.controller is not None and self.controller.state in (State.RUNNING, State.PAUSED)

    def begin(self, script: Script) -> None:
        """Begin ``script``: settle first if the choices ask for it, then start."""
        if self.busy():
            return
        self._discard_controller()
        if self.record is not None:
            self.record = None  # the last exercise keeps its notes; this one starts afresh
            self._notes = ""
        timeline = compile_script(script)
        self._room = RoomSpeaker(self.speaker, spoken=self.choices.spoken, bells=self.choices.bells)
        self.guide = BreathGuide(voiced=self.choices.guide_sound is not GuideSound.SILENT)
        self.bells = IntervalBells(self._interval_ms())
        controller = SessionController(
            timeline,
            self._room,
            clock=self.clock,
            timer_factory=self._timer_factory,
            parent=self,
            companions=(self.guide, self.bells),
        )
        controller.stepStarted.connect(self._step_started)
        controller.caption.connect(self.caption)
        controller.tick.connect(self.tick)
        controller.stateChanged.connect(self._state_changed)
        controller.finished.connect(self._finished)
        controller.beside.connect(self._beside)
        self.controller = controller
        controller.prepare_speech()
        if self.choices.guide_sound is not GuideSound.SILENT:
            self.speaker.prepare(self.guide_sounds())
        self.record = SessionRecord.begin(script, timeline.total_ms, source="one-to-one")
        if self._client_code or self._notes.strip():
            self.save()
        self._show_step(timeline.steps[0], timeline)
        settle_ms = self.choices.settle_s * 1000
        if settle_ms:
            self._settle_until = self.clock.now_ms() + settle_ms
            self._settle_step()
        else:
            self._start()

    def begin_now(self) -> None:
        """Skip the rest of the settling countdown."""
        if self._settle_until is not None:
            self._settle_until = self.clock.now_ms()
            self._settle_step()

    def cancel_settling(self) -> bool:
        """Back to choosing before anything began; the record is kept only if notes were written."""
        if self._settle_until is None:
            return False
        self._settle_until = None
        self._settle_timer.stop()
        if self.record is not None and self.has_notes():
            self.record.ended_at = utc_now_iso()
            self.save()
        else:
            self.record = None
        self._discard_controller()
        return True

    def _settle_step(self) -> None:
        if self._settle_until is None:
            return
        left = quiet_room.settle_left_ms(self.clock.now_ms(), self._settle_until)
        if left <= 0:
            self._settle_until = None
            self._settle_timer.stop()
            self._start()
            return
        self.settling.emit(left)
        # A scaled clock (rehearsing at speed) runs faster than the timer's real milliseconds.
        redraw_ms = quiet_room.settle_redraw_in_ms(left)
        self._settle_timer.start(max(0, math.ceil(redraw_ms / self.clock.scale)))

    def _start(self) -> None:
        assert self.controller is not None
        self.controller.start()
        self.save()
        self.started.emit()

    def toggle(self) -> None:
        if self.controller is not None and self.controller.state in (State.RUNNING, State.PAUSED):
            self.controller.toggle()

    def ground(self) -> bool:
        """Pause and ground: hold the exercise and offer the client an outward anchor, then wait."""
        if self.controller is None:
            return False
        return self.controller.ground(flow.grounding_words(self.controller.timeline.script))

    def carry_on_or_next(self) -> None:
        """The clicker's PageDown, as in the main window: a paused exercise carries on; else move on."""
        if self.controller is not None and self.controller.state is State.PAUSED:
            self.controller.resume()
        else:
            self.next_step()

    def next_step(self) -> None:
        """Move on: the practitioner decides when the client is ready."""
        if self.controller is not None and self.controller.state in (State.RUNNING, State.PAUSED):
            self.controller.skip()

    def end(self) -> None:
        if self.controller is not None and self.controller.state in (State.RUNNING, State.PAUSED):
            self.controller.finish()

    def _discard_controller(self) -> None:
        if self.controller is not None:
            self.controller.blockSignals(True)
            self.controller.deleteLater()
            self.controller = None
        self._room = None
        self._shown_pacer = None
        self.guide.pacer = None
        self.pacing.emit(False)

    def close(self) -> None:
        """The window is closing: settle nothing more, end a running exercise (its record is saved)."""
        if self._settle_until is not None:
            self.cancel_settling()
        self.end()
        self._settle_timer.stop()
        self.speaker.stop()

    # ----------------------------------------------------------------- the clock's reports
    @property
    def pacer(self) -> Pacer | None:
        """Where the breath is in the step on show (None when the step is not guided)."""
        if self.controller is not None and self.controller.state is not State.READY:
            return self.guide.pacer
        return self._shown_pacer

    def _show_step(self, step: Step, timeline: Timeline) -> None:
        shown = BreathGuide()
        shown.step_started(step)
        self._shown_pacer = shown.pacer
        self.stepShown.emit(step, timeline)

    def _step_started(self, step: Step) -> None:
        assert self.controller is not None
        self.stepShown.emit(step, self.controller.timeline)
        self._refresh_running()

    def _state_changed(self, state: str) -> None:
        self.stateChanged.emit(state)
        self._refresh_running()

    def _refresh_running(self) -> None:
        running = self.controller is not None and self.controller.state is State.RUNNING
        self.pacing.emit(running and self.pacer is not None)

    def _beside(self, event: Beside) -> None:
        """The runner's companions speak: a turn of the breath, an interval bell."""
        if isinstance(event, IntervalBell):
            self.speaker.say("", "single")
        elif isinstance(event, BreathTurn):
            sound = self.choices.guide_sound
            if sound is GuideSound.WORDS:
                self.speaker.say(_t("Breathing in") if event.phase == "in" else _t("Breathing out"), "none")
            elif sound is GuideSound.BELL and event.phase == "in":
                self.speaker.say("", "single")

    def _finished(self, session_log: SessionLog) -> None:
        self.pacing.emit(False)
        if self.record is not None:
            self.record.absorb(session_log)
            self.record.ended_at = utc_now_iso()
            self.save()
        spent: int | None = None
        if session_log.finished_at_ms is not None and session_log.started_at_ms is not None:
            spent = session_log.finished_at_ms - session_log.started_at_ms
        self.finished.emit(self.record, spent)

    # ----------------------------------------------------------------- choices
    def set_choices(self, choices: OneToOneChoices) -> None:
        """New choices mid-exercise: sounds and bells change at once; a new interval counts from now on."""
        old = self.choices
        self.choices = choices
        if self._room is not None:
            self._room.spoken = choices.spoken
            self._room.bells = choices.bells
        self.guide.voiced = choices.guide_sound is not GuideSound.SILENT
        if choices.guide_sound is not old.guide_sound:
            self.restart_guide()
        if self._interval_ms() != self.bells.interval_ms:
            self.bells.reset_interval(self._interval_ms(), self.active_ms())
            self._rearm()

    def restart_guide(self) -> None:
        """The guide sound was chosen (again): ready it, and stay quiet until the next turn of the breath."""
        if self.choices.guide_sound is not GuideSound.SILENT:
            self.speaker.prepare(self.guide_sounds())
        self.guide.hush_until_next_turn(self._elapsed())
        self._rearm()

    def guide_sounds(self) -> list[tuple[str, Bell]]:
        if self.choices.guide_sound is GuideSound.WORDS:
            return [(_t("Breathing in"), "none"), (_t("Breathing out"), "none")]
        if self.choices.guide_sound is GuideSound.BELL:
            return [("", "single")]
        return []

    # ----------------------------------------------------------------- the breathing guide
    def _elapsed(self) -> int:
        return self.controller.runner.elapsed_ms() if self.controller is not None else 0

    def current_pace(self) -> Pace | None:
        pacer = self.pacer
        if pacer is None or self.controller is None:
            return None
        return pacer.at(self._elapsed())

    def current_rhythm(self) -> Rhythm | None:
        pacer = self.pacer
        return None if pacer is None else pacer.rhythm

    def set_rhythm(self, rhythm: Rhythm) -> None:
        """The practitioner's rhythm: it holds for this exercise; a breath in progress changes smoothly."""
        self.guide.set_rhythm(rhythm, self._elapsed())
        if self._shown_pacer is not None and self.guide.pacer is None:
            self._shown_pacer = Pacer(rhythm)
        self._rearm()

    def active_ms(self) -> int:
        """Running time of the whole exercise so far (pauses and settling left out)."""
        return 0 if self.controller is None else self.controller.runner.active_ms()

    def _interval_ms(self) -> int:
        return self.choices.interval_min * 60_000 if self.choices.bells else 0

    def _rearm(self) -> None:
        if self.controller is not None:
            self.controller.rearm()

    # ----------------------------------------------------------------- the client's record
    def set_notes(self, client_code: str, notes: str) -> None:
        """What the practitioner typed: kept with the exercise under way (saved on every change)."""
        self._client_code = client_code.strip()
        self._notes = notes
        if self.record is not None:
            self.save()

    def has_notes(self) -> bool:
        return bool(self._client_code or self._notes.strip())

    def save(self) -> None:
        record = self.record
        if record is None:
            return
        record.participants = [self._client_code] if self._client_code else []
        record.free_notes = self._notes
        if self.controller is not None:
            record.absorb(self.controller.runner.log_so_far())
        self.sink.save(record)

    def start_new_notes(self) -> None:
        """The next exercise gets its own notes (the client code stays)."""
        self.record = None
        self._notes = ""
