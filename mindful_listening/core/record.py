"""The session record: everything kept about one run of a script, as plain data.

Built by the window, the audio-only player and the one-to-one timer; stored by ``mindful_listening.storage``;
exported as JSON (docs/records-format.md). Notes may be sensitive: nothing here logs or prints them.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from typing import Any, Protocol

from mindful_listening.core.runner import (
    CueRecord,
    ExtensionRecord,
    Outcome,
    PauseRecord,
    SessionLog,
    StepRecord,
)
from mindful_listening.core.script import Script


def new_session_id() -> str:
    return uuid.uuid4().hex


def utc_now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Note:
    """The answer written to one debrief prompt."""

    prompt: str
    text: str
    layer: str = ""
    role: str = ""


@dataclass
class StageNote:
    """What was written at one stage of a reflective framework (``core.reflection``: Gibbs, Kolb)."""

    framework: str
    stage: str
    text: str


@dataclass
class StepTiming:
    """One step as planned and as it ran."""

    index: int
    kind: str
    title: str
    planned_ms: int
    actual_ms: int
    started_at_ms: int
    ended_at_ms: int | None
    extended_ms: int
    paused_ms: int
    pauses: int
    outcome: str


_STEP_FIELDS = tuple(f.name for f in fields(StepTiming) if f.name != "outcome")


def _step_fields(step: StepRecord | StepTiming) -> dict[str, Any]:
    """What a step's timing has in common between the runner's log and the record (all but its outcome)."""
    return {name: getattr(step, name) for name in _STEP_FIELDS}


def _flat(entry: CueRecord | PauseRecord | ExtensionRecord) -> dict[str, Any]:
    """One of the log's frozen entries (plain numbers and text) as a dict: what ``asdict`` makes, without its
    recursive deep copy. The record absorbs the log at every step change, on the GUI thread: for 103 cues
    ``asdict`` took 1.0 ms, this 0.05 ms (and made far less for the garbage collector to count)."""
    return dict(vars(entry))


@dataclass
class SessionRecord:
    """Everything kept of one session: the script as run, its timings, notes and reflection."""

    id: str
    script_id: str
    script_title: str
    mode: str
    script_snapshot: dict[str, Any]
    started_at: str  # ISO 8601, UTC
    ended_at: str | None = None
    source: str = "window"  # window | play | one-to-one
    # How many times faster than real time the session's clock ran. 1 for a session with people in the room;
    # anything else is a rehearsal (``play --scale``): its step, pause and cue times are then script time, and
    # the real clock saw each of them divided by ``speed``.
    speed: float = 1.0
    participants: list[str] = field(default_factory=list)  # codes or initials, never full names
    planned_total_ms: int = 0
    steps: list[StepTiming] = field(default_factory=list)
    pauses: list[dict[str, int]] = field(default_factory=list)
    extensions: list[dict[str, int]] = field(default_factory=list)
    cues: list[dict[str, Any]] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    free_notes: str = ""
    reflection: str = ""  # the free box: the facilitator's reflection in their own words
    # How the facilitator chose to reflect on this session: "free" (the box above), "gibbs" or "kolb".
    # What was written at each stage of a framework stays in ``reflection_stages`` whichever is chosen now.
    reflection_framework: str = "free"
    reflection_stages: list[StageNote] = field(default_factory=list)
    assessment: dict[str, Any] | None = None

    @classmethod
    def begin(
        cls, script: Script, planned_total_ms: int, source: str = "window", speed: float = 1.0
    ) -> SessionRecord:
        if not 0 < speed < float("inf"):
            raise ValueError("a session's speed must be a positive number")
        return cls(
            id=new_session_id(),
            script_id=script.id,
            script_title=script.title,
            mode=script.mode.value,
            script_snapshot=script.model_dump(mode="json"),
            started_at=utc_now_iso(),
            source=source,
            speed=speed,
            planned_total_ms=planned_total_ms,
        )

    @property
    def is_rehearsal(self) -> bool:
        """Run at another speed than real time (``play --scale``): a rehearsal, not a session with a room."""
        return self.speed != 1

    def real_ms(self, script_ms: int) -> int:
        """How long ``script_ms`` of this session's script time took on the real clock."""
        return round(script_ms / self.speed) if self.speed > 0 else script_ms

    def ran_ms(self) -> int:
        """How long the steps ran, pauses left out, on the session's clock (script time in a rehearsal)."""
        return sum(step.actual_ms for step in self.steps)

    def absorb(self, log: SessionLog) -> None:
        """Copy what the clock saw (planned against actual, pauses, extensions, cues) into the record."""
        self.steps = [
            StepTiming(**_step_fields(r), outcome=r.outcome.value if r.outcome else "running")
            for r in log.steps
        ]
        self.pauses = [_flat(p) for p in log.pauses]
        self.extensions = [_flat(e) for e in log.extensions]
        self.cues = [_flat(c) for c in log.cues]
        for index, heard in log.heard.items():
            if 0 <= index < len(self.cues):
                self.cues[index]["audio"] = heard

    def stopped_at(self) -> tuple[int, int] | None:
        """Where an unfinished practice stopped: (step index, ms into that step), or None when no step was
        left running (the practice ended, or never started)."""
        if not self.steps or self.steps[-1].outcome != "running":
            return None
        last = self.steps[-1]
        return last.index, last.actual_ms

    def session_log(self) -> SessionLog:
        """What the clock saw, as the runner keeps it: to take a practice up where it stopped."""
        steps = [
            StepRecord(**_step_fields(t), outcome=None if t.outcome == "running" else Outcome(t.outcome))
            for t in self.steps
        ]
        cue_fields = ("step_index", "planned_ms", "at_ms", "text", "bell")
        log = SessionLog(
            started_at_ms=0 if steps else None,
            steps=steps,
            cues=[CueRecord(*(c[name] for name in cue_fields)) for c in self.cues],
            pauses=[PauseRecord(**p) for p in self.pauses],
            extensions=[ExtensionRecord(**e) for e in self.extensions],
        )
        log.heard = {i: c["audio"] for i, c in enumerate(self.cues) if "audio" in c}
        return log

    def has_notes(self) -> bool:
        return bool(
            self.free_notes.strip()
            or self.reflection.strip()
            or any(n.text.strip() for n in self.notes)
            or any(s.text.strip() for s in self.reflection_stages)
        )

    def stage_text(self, framework: str, stage: str) -> str:
        """What was written at ``stage`` of ``framework`` ("" when nothing was)."""
        return next(
            (s.text for s in self.reflection_stages if s.framework == framework and s.stage == stage), ""
        )

    def set_stage_text(self, framework: str, stage: str, text: str) -> None:
        """Keep ``text`` for one stage (an empty text removes the stage), in the order stages were written."""
        for position, note in enumerate(self.reflection_stages):
            if note.framework == framework and note.stage == stage:
                if text:
                    note.text = text
                else:
                    del self.reflection_stages[position]
                return
        if text:
            self.reflection_stages.append(StageNote(framework, stage, text))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SessionRecord:
        values = dict(data)
        values["steps"] = [StepTiming(**s) for s in values.get("steps", [])]
        values["notes"] = [Note(**n) for n in values.get("notes", [])]
        values["reflection_stages"] = [StageNote(**n) for n in values.get("reflection_stages", [])]
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in values.items() if k in known})


class RecordSink(Protocol):
    """Where the window hands a record to be kept. The storage layer implements it off the GUI thread."""

    def save(self, record: SessionRecord, immediate: bool = False) -> None:
        """Queue the record for saving; returns at once. ``immediate``: write now, not after a short pause."""
        ...


class MemorySink:
    """Keeps the latest copy of each record in memory: for tests, and when the database cannot be used."""

    def __init__(self) -> None:
        self.records: dict[str, SessionRecord] = {}
        self.saves = 0

    def save(self, record: SessionRecord, immediate: bool = False) -> None:
        del immediate  # memory is written at once anyway
        self.saves += 1
        self.records[record.id] = SessionRecord.from_dict(record.to_dict())
