"""The practice session: one script, run from its purpose to its debrief, with no widget in sight.

A :class:`PracticeSession` owns what a running session needs: the compiled timeline, the controller that
keeps its time, the debrief notebook and its autosave to the records, the tutor's assessment joined to the
record, where the facilitator is (the stage, and the "forgot to start?" nudge), and the order of closing.
The windows render what it tells them and forward the facilitator's intent; they decide none of this.

The parts it talks to are typed: the records are a :class:`Records` (the records keeper, or plain memory
wrapped by :class:`PlainRecords`), the assessment an :class:`AssessmentSource`, the speaker a
:class:`~mindful_listening.speech.api.Speaker` (with the Qt signals of
:class:`~mindful_listening.speech.qtspeaker.QtSpeaker` when it has them).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal, SignalInstance

from mindful_listening.controller import SessionController
from mindful_listening.core import flow
from mindful_listening.core.clock import Clock, MonotonicClock
from mindful_listening.core.flow import Stage
from mindful_listening.core.record import RecordSink, SessionRecord
from mindful_listening.core.runner import SessionLog, State
from mindful_listening.core.script import Script, WarningStyle
from mindful_listening.core.timeline import Timeline, compile_script
from mindful_listening.speech.api import Speaker
from mindful_listening.storage.keeper import RecordKeeper
from mindful_listening.storage.store import RecordStore, SessionSummary
from mindful_listening.timers import TimerFactory, make_timer


class Records(Protocol):
    """What a session needs of the records: saving, and being told when saving fails or works again."""

    @property
    def failed(self) -> SignalInstance: ...  # (message): saving fails, once per distinct problem

    @property
    def saved(self) -> SignalInstance: ...  # (session id): a record is durably kept

    @property
    def problem(self) -> str | None: ...

    problem_kind: str  # "ok", "damaged", "read-only", …

    def save(self, record: SessionRecord, immediate: bool = False) -> None: ...
    def unsaved_records(self) -> list[SessionRecord]: ...
    def find_unfinished(self, done: Callable[[list[SessionSummary]], None]) -> None: ...
    def submit(
        self, work: Callable[[RecordStore], Any], done: Callable[[Any], None], fail: Callable[[str], None]
    ) -> None: ...
    def set_aside_damaged(self, done: Callable[[str], None], fail: Callable[[str], None]) -> None: ...
    def close(self, timeout_ms: int = ...) -> bool: ...


class PlainRecords(QObject):
    """A plain :class:`~mindful_listening.core.record.RecordSink` (memory, in tests or when the records
    cannot start) seen as :class:`Records`: it keeps what it is given and never fails."""

    failed = Signal(str)
    saved = Signal(str)

    def __init__(self, sink: RecordSink, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sink = sink
        self.problem_kind = "ok"

    @property
    def problem(self) -> str | None:
        return None

    def save(self, record: SessionRecord, immediate: bool = False) -> None:
        self.sink.save(record, immediate=immediate)

    def unsaved_records(self) -> list[SessionRecord]:
        return []

    def find_unfinished(self, done: Callable[[list[SessionSummary]], None]) -> None:
        del done  # memory outlives no session: nothing is ever left unfinished in it

    def submit(
        self, work: Callable[[RecordStore], Any], done: Callable[[Any], None], fail: Callable[[str], None]
    ) -> None:
        del work, done, fail  # there is no store to run work on

    def set_aside_damaged(self, done: Callable[[str], None], fail: Callable[[str], None]) -> None:
        del done, fail  # memory is never damaged

    def close(self, timeout_ms: int = 0) -> bool:
        del timeout_ms
        return True


def as_records(sink: RecordSink, parent: QObject | None = None) -> Records:
    """The records keeper as it is; any other sink wrapped so the session can talk to both the same way."""
    return sink if isinstance(sink, RecordKeeper) else PlainRecords(sink, parent)


class AssessmentSource(Protocol):
    """The tutor's assessment as the session joins it to the record (the assessment panel is one)."""

    def flush(self) -> None: ...  # commit what is typed but not yet taken in
    def assessment_dict(self) -> dict[str, Any] | None: ...
    def attach(self, controller: SessionController) -> None: ...  # observations follow this clock
    def load(self, data: dict[str, Any] | None) -> None: ...  # None: start afresh


def set_aside_from_collector(practising: bool) -> None:
    """While a practice runs, Python's full garbage collections walk only what the practice itself made.

    A full (generation 2) collection walks every object the app holds (the window, the scripts and their
    models, Qt's wrappers) and runs on the GUI thread, whenever allocation triggers it: measured 92 ms in the
    middle of a step change (``benchmarks/gui_stall.py --cues 100``), the practice's worst gap.
    ``gc.freeze()`` as the practice starts sets all of that aside (nothing is moved or freed: it is only not
    walked), and ``gc.unfreeze()`` as it ends hands it back, so what became garbage in the meantime is freed
    as usual while the debrief is written.
    """
    if practising:
        gc.freeze()
    else:
        gc.unfreeze()


class PracticeSession(QObject):
    """One script at a time, from purpose to debrief. Signals carry what the windows show.

    ``scriptChanged(script)`` after :meth:`use`; ``stepStarted(step)``, ``tick(snapshot)``,
    ``caption(text)``, ``stateChanged(state value)`` and ``finished(log)`` come from the session's clock;
    ``nudgeChanged(bool)`` shows or hides the "forgot to start?" reminder; ``debriefDue()`` when the practice
    ends and the debrief follows; ``message(text)`` is a short status line for the laptop (never note text).
    """

    scriptChanged = Signal(object)
    stepStarted = Signal(object)
    tick = Signal(object)
    caption = Signal(str)
    stateChanged = Signal(str)
    finished = Signal(object)
    nudgeChanged = Signal(bool)
    debriefDue = Signal()
    message = Signal(str)

    def __init__(
        self,
        speaker: Speaker,
        records: RecordSink,
        *,
        clock: Clock | None = None,
        timer_factory: TimerFactory = make_timer,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.speaker = speaker
        self.sink = records
        self.records: Records = as_records(records, self)
        self.clock: Clock = clock or MonotonicClock()
        self._timer_factory = timer_factory
        self.script: Script | None = None
        self.timeline: Timeline | None = None
        self.controller: SessionController | None = None
        self.notebook: flow.Notebook | None = None
        self.assessment: AssessmentSource | None = None
        self.stage = Stage.LIBRARY
        self.nudge_shown = False
        self._closed = False
        self._undo: tuple[SessionController, object, int, flow.Undoable] | None = None
        self.debrief_at = flow.DEBRIEF_OPENING
        # The facilitator's choice of how time warnings reach the room today; None: as each script says.
        self.warnings_choice: WarningStyle | None = None
        self._nudge_timer = timer_factory(self)
        self._nudge_timer.setSingleShot(True)
        self._nudge_timer.timeout.connect(self._on_nudge_due)

    # ----------------------------------------------------------------- the script
    @property
    def state(self) -> State | None:
        return self.controller.state if self.controller is not None else None

    def can_change_script(self) -> bool:
        return flow.can_change_script(self.state)

    def take_up(self, record: SessionRecord, script: Script) -> bool:
        """Carry on a practice that stopped part-way (the app closed): ``script`` (the record's, from the
        library), its notes, and the clock paused at the step and second where it stopped. False when there
        is nothing to take up (it had finished, the script's steps changed since) or a practice is under way
        here."""
        where = record.stopped_at()
        if where is None or not self.can_change_script() or script.id != record.script_id:
            return False
        if where[0] >= len(script.steps) or script.steps[where[0]].title != record.steps[-1].title:
            return False  # the script changed since: its steps no longer match what the clock saw
        self.use(script)
        assert self.controller is not None
        assert self.notebook is not None
        self.notebook.take_up(record)
        self.controller.take_up(record.session_log(), *where)
        if self.assessment is not None:
            self.assessment.load(record.assessment)
        self.notebook.save(immediate=True)
        return True

    def use(self, script: Script) -> None:
        """Make ``script`` the session's: a new clock and notebook; the last session's end is stamped."""
        if self.assessment is not None:
            self.assessment.flush()
        self.absorb_log(leaving=True)
        old = self.controller
        ran = old is not None and old.state is not State.READY
        if ran and self.assessment is not None and self.assessment.assessment_dict() is not None:
            self.assessment.load(None)  # it belonged to the session just run
        timeline = compile_script(script)
        controller = SessionController(timeline, self.speaker, self.clock, self._timer_factory, parent=self)
        controller.warnings = self.warnings_choice or script.warnings
        controller.stepStarted.connect(self.stepStarted)
        controller.tick.connect(self.tick)
        controller.caption.connect(self.caption)
        controller.stateChanged.connect(self._on_state)
        # What the clock saw so far goes to the records at every step and every pause, not only at the end.
        controller.stepStarted.connect(self._on_step)
        controller.finished.connect(self._on_finished)
        self.controller = controller
        if self.assessment is not None:
            self.assessment.attach(controller)
        if old is not None:
            old.blockSignals(True)
            old.deleteLater()  # not shutdown(): the speaker is shared and stays open
            set_aside_from_collector(False)  # a practice left part-way is over too
        self.script = script
        self.timeline = timeline
        self.debrief_at = flow.DEBRIEF_OPENING
        self.notebook = flow.Notebook(script, timeline.total_ms, self.records)
        # Cues are rendered in the background while the facilitator reads the purpose.
        controller.prepare_speech()
        self.scriptChanged.emit(script)

    # ----------------------------------------------------------------- the facilitator's intents
    def set_warnings(self, choice: WarningStyle | None) -> None:
        """How time warnings reach the room from now on (None: as the script says), mid-practice too."""
        self.warnings_choice = choice
        if self.controller is not None and self.script is not None:
            self.controller.warnings = choice or self.script.warnings

    @property
    def warnings(self) -> WarningStyle:
        """How time warnings are given now."""
        if self.warnings_choice is not None:
            return self.warnings_choice
        return self.script.warnings if self.script is not None else "spoken"

    def _practising(self) -> SessionController | None:
        """The clock, while the practice is on show: the timing keys act there and nowhere else."""
        return self.controller if self.stage is Stage.PRACTICE else None

    def toggle(self) -> None:
        if (controller := self._practising()) is not None:
            controller.toggle()

    def ground(self) -> bool:
        """Pause and ground (G): hold the practice and offer the room an outward anchor, then wait."""
        controller = self._practising()
        if controller is None or self.script is None:
            return False
        return controller.ground(flow.grounding_words(self.script))

    def hold(self) -> bool:
        """Pause for a question put to the facilitator; True when it was running (so it resumes after)."""
        if self.controller is None or self.controller.state is not State.RUNNING:
            return False
        self.controller.pause()
        return True

    def release(self) -> None:
        """The question was answered "carry on": the practice resumes where it was held."""
        if self.controller is not None and self.controller.state is State.PAUSED:
            self.controller.resume()

    def extend(self, ms: int) -> None:
        if (controller := self._practising()) is not None:
            controller.extend(ms)

    def repeat_round(self) -> None:
        if (controller := self._practising()) is not None:
            self._keep_for_undo(controller, flow.Undoable.REPEAT)
            controller.repeat_round()

    def finish(self) -> None:
        if (controller := self._practising()) is not None:
            controller.finish()

    def skip(self) -> None:
        if self.controller is not None:
            self.controller.skip()

    def back(self) -> None:
        if self.controller is not None:
            if flow.under_way(self.controller.state):
                self._keep_for_undo(self.controller, flow.Undoable.BACK)
            self.controller.back()

    def _keep_for_undo(self, controller: SessionController, what: flow.Undoable) -> None:
        self._undo = (controller, controller.runner.memento(), self.clock.now_ms() + flow.UNDO_FOR_MS, what)

    def can_undo(self) -> flow.Undoable | None:
        """What Ctrl+Z would undo now (a step back or a repeat, for a few seconds after), or None."""
        if self._undo is None:
            return None
        controller, _memento, until, what = self._undo
        if controller is not self.controller or self.clock.now_ms() > until:
            return None
        return what

    def undo(self) -> flow.Undoable | None:
        """Undo the last step back or repeat, as if it had not been pressed (the time since still counts)."""
        what = self.can_undo()
        if what is not None and self._undo is not None and self.controller is not None:
            self.controller.restore(self._undo[1])
        self._undo = None
        return what

    # ----------------------------------------------------------------- the debrief, step by step
    def step_debrief(self, forward: bool) -> bool:
        """PageDown / PageUp in the debrief: through the prompts to the closing, which ends the session.
        False when there is nowhere further that way (PageUp from the introduction leaves the debrief)."""
        if self.script is None:
            return False
        count = len(self.script.debrief.prompts)
        if forward:
            at = flow.next_debrief_at(self.debrief_at, count)
        else:
            back = flow.previous_debrief_at(self.debrief_at)
            if back is None:
                return False
            at = back
        if at == self.debrief_at:
            return False
        self.debrief_at = at
        if at == count and self.notebook is not None:
            self.absorb_log()
            self.notebook.close_session()
        return True

    @property
    def debrief_closed(self) -> bool:
        return self.script is not None and self.debrief_at >= len(self.script.debrief.prompts)

    # ----------------------------------------------------------------- where the facilitator is
    def set_stage(self, stage: Stage) -> None:
        self.stage = stage
        self._arm_nudge()

    def _arm_nudge(self) -> None:
        if flow.should_nudge(self.stage, self.state):
            if not self._nudge_timer.isActive() and not self.nudge_shown:
                self._nudge_timer.start(flow.NUDGE_AFTER_MS)
        else:
            self._nudge_timer.stop()
            self._show_nudge(False)

    def _on_nudge_due(self) -> None:
        self._show_nudge(flow.should_nudge(self.stage, self.state))

    def _show_nudge(self, shown: bool) -> None:
        if shown != self.nudge_shown:
            self.nudge_shown = shown
            self.nudgeChanged.emit(shown)

    # ----------------------------------------------------------------- the clock's reports
    def _on_state(self, value: str) -> None:
        state = State(value)
        if state is State.RUNNING:
            set_aside_from_collector(True)
        elif state is State.FINISHED:
            set_aside_from_collector(False)
        if state is State.RUNNING and self.notebook is not None and self.notebook.record is None:
            self.notebook.begin()
            self.assessment_changed()  # an assessment set up before the start joins the record now
            self.notebook.save()
        if state is State.PAUSED:
            self.absorb_log()
        self._arm_nudge()
        self.stateChanged.emit(value)

    def _on_step(self, _step: object) -> None:
        # The first step's start opens the record (with the assessment) in _on_state; later ones update it.
        if self.notebook is not None and self.notebook.record is not None:
            self.absorb_log()

    def _on_finished(self, session_log: SessionLog) -> None:
        if self.notebook is not None:
            # The practice is over, the session is not: the end is stamped as the facilitator leaves it.
            self.notebook.absorb(session_log, ended=False)
        self.finished.emit(session_log)
        self.debriefDue.emit()

    # ----------------------------------------------------------------- notes
    def set_note(self, index: int, text: str) -> None:
        if self.notebook is not None:
            self.notebook.set_note(index, text)

    def set_free_notes(self, text: str) -> None:
        if self.notebook is not None:
            self.notebook.set_free_notes(text)

    def set_reflection(self, text: str) -> None:
        if self.notebook is not None:
            self.notebook.set_reflection(text)

    def set_reflection_framework(self, key: str) -> None:
        if self.notebook is not None:
            self.notebook.set_reflection_framework(key)

    def set_reflection_stage(self, framework: str, stage: str, text: str) -> None:
        if self.notebook is not None:
            self.notebook.set_reflection_stage(framework, stage, text)

    def set_participants(self, text: str) -> None:
        if self.notebook is not None:
            self.notebook.set_participants(text)

    @property
    def free_notes(self) -> str:
        return self.notebook.free_notes if self.notebook is not None else ""

    def save_now(self) -> bool:
        """Write everything now (Ctrl+S); False when there is nothing to save or the records are failing."""
        if self.notebook is None:
            return False
        if self.assessment is not None:
            self.assessment.flush()
        self.absorb_log()
        self.notebook.begin()
        self.assessment_changed()
        self.notebook.save(immediate=True)
        return self.records.problem is None

    def absorb_log(self, leaving: bool = False) -> None:
        """Copy what the clock saw into the record.

        The end is stamped only as the facilitator leaves the session (closes the window, or moves on to
        another script) after its practice finished: until then, the debrief is still being written, and a
        crash while typing it must be offered back at the next start like any other unfinished session.
        """
        if self.notebook is not None and self.controller is not None:
            ended = leaving and self.controller.state is State.FINISHED
            self.notebook.absorb(self.controller.runner.log_so_far(), ended=ended)

    # ----------------------------------------------------------------- the assessment
    def assessment_changed(self) -> None:
        """Keep the assessment in the session's record. Before the session has a record (nothing started or
        written yet) it waits in the panel: a tutor may set up before the final script is chosen."""
        record = self.notebook.record if self.notebook is not None else None
        if record is None or self.notebook is None or self.assessment is None:
            return
        assessment = self.assessment.assessment_dict()
        if assessment != record.assessment:
            record.assessment = assessment
            self.notebook.save()

    def record_for_report(self) -> SessionRecord | None:
        """The session record as it stands (notes, timings, participants), for the assessment report."""
        if self.notebook is None:
            return None
        self.absorb_log()
        record = self.notebook.begin()
        record.assessment = self.assessment.assessment_dict() if self.assessment is not None else None
        return record

    # ----------------------------------------------------------------- records trouble and recovery
    def unsaved(self) -> list[SessionRecord]:
        """What the records have not confirmed on disk, this session's record first (for an export)."""
        self.absorb_log()
        records = self.records.unsaved_records()
        current = self.notebook.record if self.notebook is not None else None
        if current is not None and all(r.id != current.id for r in records):
            records.insert(0, current)
        return records

    def has_unsaved(self) -> bool:
        return bool(self.records.unsaved_records())

    def find_unfinished(self, done: Callable[[Sequence[SessionSummary]], None]) -> None:
        """Sessions the app stopped in the middle of (latest first), to offer back; none once closed."""
        self.records.find_unfinished(lambda found: None if self._closed else done(found))

    def mark_finished(self, session_id: str, ended_at: str | None) -> None:
        """Stamp an unfinished session's end (its last save) so it is no longer offered back."""
        if not session_id:
            return

        def stamp(store: RecordStore) -> None:
            record = store.get(session_id)
            if record.ended_at is None:
                record.ended_at = ended_at or record.started_at
                store.save(record)

        self.records.submit(stamp, lambda _result: None, self.message.emit)

    # ----------------------------------------------------------------- closing
    def close(self) -> None:
        """Save what is typed, let the records write it, then release the speech (in that order)."""
        if self._closed:
            return
        self._closed = True
        set_aside_from_collector(False)
        if self.assessment is not None:
            self.assessment.flush()
        if self.notebook is not None and self.controller is not None:
            self.absorb_log(leaving=True)
            self.assessment_changed()
            self.notebook.save(immediate=True)
        self.records.close()
        if self.controller is not None:
            self.controller.shutdown()
        else:
            self.speaker.stop()
            self.speaker.shutdown()
        self._nudge_timer.stop()
