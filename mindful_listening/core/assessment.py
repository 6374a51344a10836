"""Observed-practice assessment: a tutor's notes on a trainee's teaching, tied to the session timeline.

Plain data and pure functions. The assessment panel (``ui/assessment_panel.py``) builds an
:class:`Assessment` as the session runs; it is kept as a plain dict in ``SessionRecord.assessment``, so the
storage layer saves, exports and imports it with the rest of the record. Observation text may be sensitive:
nothing here logs or prints it.

Times: ``session_ms`` is the session clock of ``core.runner.SessionRunner`` (time since the practice started,
pauses included, the same scale as ``StepTiming.started_at_ms``). The purpose stage comes before the practice
and the debrief after it; observations made there carry their stage and the time into it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date as Date
from enum import StrEnum
from typing import Any, Protocol, TypeVar

from pydantic import ValidationError

from mindful_listening.core.criteria import CriteriaSet
from mindful_listening.core.runner import SessionLog, Snapshot, State
from mindful_listening.core.script import Script, StepKind
from mindful_listening.core.timeline import Timeline, compile_script

FORMAT = 1
MAX_CODE_LENGTH = 20
MAX_OBSERVATION_LENGTH = 1000
MAX_COMMENT_LENGTH = 4000
MAX_SUMMARY_LENGTH = 8000


class AssessmentError(ValueError):
    """Something a tutor typed, or an assessment read from a file, cannot be used; the message says why."""


class Stage(StrEnum):
    PURPOSE = "purpose"
    PRACTICE = "practice"
    DEBRIEF = "debrief"


class Emphasis(StrEnum):
    STRENGTH = "strength"
    DEVELOPMENT = "development"


def check_trainee_code(code: str) -> str | None:
    """Why ``code`` cannot identify a trainee, or ``None`` when it is a usable code or set of initials.

    Records hold codes or initials, never full names: a space, or a word that reads like a first name, is
    turned away with a suggestion.
    """
    code = code.strip()
    if not code:
        return "give the trainee's code or initials"
    if len(code) > MAX_CODE_LENGTH:
        return f"a trainee code is short (at most {MAX_CODE_LENGTH} characters): use a code or initials"
    if any(ch.isspace() for ch in code):
        return "use a code or initials without spaces (for example T-07 or JS), never a full name"
    if code.isalpha() and len(code) >= 4 and any(ch.islower() for ch in code):
        return "this looks like a name: use a code or initials instead (for example T-07 or JS)"
    if not re.fullmatch(r"[\w.\-/#]+", code):
        return "use letters, digits, dashes or dots only"
    return None


def format_elapsed(ms: int) -> str:
    """Elapsed time as a clock reads afterwards: ``0:00``, ``4:05``, ``1:02:03`` (whole seconds, floored)."""
    sign = "-" if ms < 0 else ""
    seconds = abs(ms) // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    body = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
    return sign + body


# ----------------------------------------------------------------------------------------------- moments
@dataclass(frozen=True)
class Moment:
    """Where in the session something was noticed."""

    stage: Stage
    session_ms: int = 0
    stage_ms: int = 0
    step_index: int | None = None
    step_title: str = ""
    step_ms: int = 0

    @classmethod
    def from_snapshot(cls, snapshot: Snapshot, stage: Stage | None = None, stage_ms: int = 0) -> Moment:
        """The moment a runner snapshot describes. ``stage`` defaults to what the runner's state implies.

        Before the practice starts (state ``ready``) it is the purpose stage; once it has finished, the
        debrief. ``stage_ms`` (time into the purpose or debrief stage) comes from whoever times those stages.
        """
        if stage is None:
            if snapshot.state is State.READY:
                stage = Stage.PURPOSE
            elif snapshot.state is State.FINISHED:
                stage = Stage.DEBRIEF
            else:
                stage = Stage.PRACTICE
        if stage is Stage.PRACTICE:
            return cls(
                stage=stage,
                session_ms=snapshot.session_elapsed_ms,
                stage_ms=snapshot.session_elapsed_ms,
                step_index=snapshot.index,
                step_title=snapshot.step.title,
                step_ms=snapshot.elapsed_ms,
            )
        return cls(stage=stage, session_ms=snapshot.session_elapsed_ms, stage_ms=max(0, stage_ms))


@dataclass(frozen=True)
class Observation:
    """One timestamped observation, tied to a criterion and a moment of the session."""

    id: int
    moment: Moment
    criterion: str
    emphasis: Emphasis
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "stage": self.moment.stage.value,
            "session_ms": self.moment.session_ms,
            "stage_ms": self.moment.stage_ms,
            "step_index": self.moment.step_index,
            "step_title": self.moment.step_title,
            "step_ms": self.moment.step_ms,
            "criterion": self.criterion,
            "emphasis": self.emphasis.value,
            "text": self.text,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], where: str = "observation") -> Observation:
        _require_mapping(data, where)
        step_index = data.get("step_index")
        if step_index is not None and (not isinstance(step_index, int) or isinstance(step_index, bool)):
            raise AssessmentError(f"{where}.step_index: expected a whole number or null")
        moment = Moment(
            stage=_enum(Stage, data.get("stage", Stage.PRACTICE.value), f"{where}.stage"),
            session_ms=_int(data, "session_ms", where, 0),
            stage_ms=_int(data, "stage_ms", where, 0),
            step_index=step_index,
            step_title=_str(data, "step_title", where, ""),
            step_ms=_int(data, "step_ms", where, 0),
        )
        return cls(
            id=_int(data, "id", where),
            moment=moment,
            criterion=_str(data, "criterion", where),
            emphasis=_enum(Emphasis, data.get("emphasis"), f"{where}.emphasis"),
            text=_str(data, "text", where, ""),
        )


@dataclass
class Rating:
    """The assessor's judgement on one criterion: a level (``""`` while unrated) and a comment."""

    criterion: str
    level: str = ""
    comment: str = ""


# ----------------------------------------------------------------------------------------------- assessment
@dataclass
class Assessment:
    """A tutor's observed-practice assessment of one trainee in one session."""

    trainee_code: str
    assessor: str
    date: str  # ISO 8601 calendar date of the observed session
    course: str
    criteria_id: str
    criteria_title: str
    criteria: list[dict[str, str]]  # snapshot of the set: id, name, description (a report needs no file)
    levels: list[str] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
    ratings: dict[str, Rating] = field(default_factory=dict)
    strengths: str = ""
    developments: str = ""
    summary: str = ""
    purpose_ms: int | None = None  # how long the purpose stage ran (None: not recorded; 0: it did not run)
    debrief_ms: int | None = None  # how long the reflective inquiry (debrief) stage ran after the practice
    criteria_source: str = ""

    # ------------------------------------------------------------------ creating
    @classmethod
    def start(
        cls,
        criteria_set: CriteriaSet,
        trainee_code: str,
        assessor: str,
        date: str | Date,
        course: str = "",
    ) -> Assessment:
        """Switch assessment mode on for a session. Raises :class:`AssessmentError` on unusable details."""
        problem = check_trainee_code(trainee_code)
        if problem:
            raise AssessmentError(f"Trainee code: {problem}")
        if not assessor.strip():
            raise AssessmentError("Assessor: give your name or initials")
        day = date.isoformat() if isinstance(date, Date) else _iso_date(date, "Date")
        return cls(
            trainee_code=trainee_code.strip(),
            assessor=assessor.strip()[:120],
            date=day,
            course=course.strip()[:200],
            criteria_id=criteria_set.id,
            criteria_title=criteria_set.title,
            criteria=[
                {"id": c.id, "name": c.name, "description": c.description} for c in criteria_set.criteria
            ],
            levels=criteria_set.level_names,
            ratings={c.id: Rating(c.id) for c in criteria_set.criteria},
            criteria_source=criteria_set.source,
        )

    # ------------------------------------------------------------------ reading
    @property
    def criterion_ids(self) -> list[str]:
        return [c["id"] for c in self.criteria]

    def criterion_name(self, criterion_id: str) -> str:
        for criterion in self.criteria:
            if criterion["id"] == criterion_id:
                return criterion["name"]
        return criterion_id

    def rating(self, criterion_id: str) -> Rating:
        return self.ratings.get(criterion_id) or Rating(criterion_id)

    def numbered(self) -> list[tuple[int, Observation]]:
        """Observations in the order they happened, numbered from 1 (the numbers the report's chart shows)."""
        ordered = sorted(self.observations, key=observation_order)
        return list(enumerate(ordered, start=1))

    def observations_for(self, criterion_id: str) -> list[tuple[int, Observation]]:
        return [(n, o) for n, o in self.numbered() if o.criterion == criterion_id]

    def by_emphasis(self, emphasis: Emphasis) -> list[tuple[int, Observation]]:
        return [(n, o) for n, o in self.numbered() if o.emphasis is emphasis]

    def unrated(self) -> list[str]:
        """Criteria (ids) without a level, when the set has levels, or without a comment when it has none."""
        missing = []
        for criterion_id in self.criterion_ids:
            rating = self.rating(criterion_id)
            if (self.levels and not rating.level) or (not self.levels and not rating.comment.strip()):
                missing.append(criterion_id)
        return missing

    # ------------------------------------------------------------------ changing
    def log(self, moment: Moment, criterion: str, emphasis: Emphasis | str, text: str = "") -> Observation:
        """Add one observation at ``moment`` and return it. Empty text is fine: a bare marker in time."""
        if criterion not in self.criterion_ids:
            raise AssessmentError(f'"{criterion}" is not a criterion of {self.criteria_title}')
        text = " ".join(text.split())
        if len(text) > MAX_OBSERVATION_LENGTH:
            raise AssessmentError(f"an observation is at most {MAX_OBSERVATION_LENGTH} characters")
        observation = Observation(
            id=max((o.id for o in self.observations), default=0) + 1,
            moment=moment,
            criterion=criterion,
            emphasis=Emphasis(emphasis),
            text=text,
        )
        self.observations.append(observation)
        return observation

    def remove(self, observation_id: int) -> bool:
        before = len(self.observations)
        self.observations = [o for o in self.observations if o.id != observation_id]
        return len(self.observations) != before

    def rate(self, criterion: str, level: str | None = None, comment: str | None = None) -> Rating:
        """Set the level and/or comment for one criterion (``None`` leaves that part unchanged)."""
        if criterion not in self.criterion_ids:
            raise AssessmentError(f'"{criterion}" is not a criterion of {self.criteria_title}')
        rating = self.ratings.setdefault(criterion, Rating(criterion))
        if level is not None:
            if level and level not in self.levels:
                choices = ", ".join(self.levels) or "none (this set has no levels)"
                raise AssessmentError(f'"{level}" is not a level of this set; choose one of {choices}')
            rating.level = level
        if comment is not None:
            if len(comment) > MAX_COMMENT_LENGTH:
                raise AssessmentError(f"a comment is at most {MAX_COMMENT_LENGTH} characters")
            rating.comment = comment.strip()
        return rating

    def set_summary(
        self, strengths: str | None = None, developments: str | None = None, summary: str | None = None
    ) -> None:
        for name, value in (("strengths", strengths), ("developments", developments), ("summary", summary)):
            if value is None:
                continue
            if len(value) > MAX_SUMMARY_LENGTH:
                raise AssessmentError(f"{name}: at most {MAX_SUMMARY_LENGTH} characters")
            setattr(self, name, value.strip())

    def set_stage_duration(self, stage: Stage | str, ms: int) -> None:
        """Record how long the purpose or debrief stage ran (the window times these stages)."""
        stage = _enum(Stage, stage, "stage")
        if ms < 0:
            raise AssessmentError("a stage cannot last less than nothing")
        if stage is Stage.PURPOSE:
            self.purpose_ms = ms
        elif stage is Stage.DEBRIEF:
            self.debrief_ms = ms
        else:
            raise AssessmentError("the practice is timed by the session runner, not set by hand")

    # ------------------------------------------------------------------ plain data
    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "trainee_code": self.trainee_code,
            "assessor": self.assessor,
            "date": self.date,
            "course": self.course,
            "criteria_id": self.criteria_id,
            "criteria_title": self.criteria_title,
            "criteria_source": self.criteria_source,
            "criteria": [dict(c) for c in self.criteria],
            "levels": list(self.levels),
            "observations": [o.to_dict() for o in sorted(self.observations, key=observation_order)],
            "ratings": [
                {"criterion": r.criterion, "level": r.level, "comment": r.comment}
                for r in (self.rating(cid) for cid in self.criterion_ids)
            ],
            "strengths": self.strengths,
            "developments": self.developments,
            "summary": self.summary,
            "purpose_ms": self.purpose_ms,
            "debrief_ms": self.debrief_ms,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Assessment:
        """Read back what :meth:`to_dict` wrote; raises :class:`AssessmentError` naming the bad field."""
        where = "assessment"
        _require_mapping(data, where)
        version = data.get("format", FORMAT)
        if version != FORMAT:
            raise AssessmentError(
                f"{where}.format: {version!r} is not a format this version reads ({FORMAT})"
            )
        criteria_raw = _list(data, "criteria", where)
        criteria: list[dict[str, str]] = []
        for index, item in enumerate(criteria_raw):
            at = f"{where}.criteria[{index}]"
            _require_mapping(item, at)
            criteria.append(
                {
                    "id": _str(item, "id", at),
                    "name": _str(item, "name", at),
                    "description": _str(item, "description", at, ""),
                }
            )
        levels = [_as_str(v, f"{where}.levels[{i}]") for i, v in enumerate(_list(data, "levels", where, []))]
        observations = [
            Observation.from_dict(item, f"{where}.observations[{i}]")
            for i, item in enumerate(_list(data, "observations", where, []))
        ]
        ratings: dict[str, Rating] = {c["id"]: Rating(c["id"]) for c in criteria}
        for index, item in enumerate(_list(data, "ratings", where, [])):
            at = f"{where}.ratings[{index}]"
            _require_mapping(item, at)
            criterion = _str(item, "criterion", at)
            ratings[criterion] = Rating(criterion, _str(item, "level", at, ""), _str(item, "comment", at, ""))
        return cls(
            trainee_code=_str(data, "trainee_code", where),
            assessor=_str(data, "assessor", where, ""),
            date=_iso_date(_str(data, "date", where), f"{where}.date"),
            course=_str(data, "course", where, ""),
            criteria_id=_str(data, "criteria_id", where, ""),
            criteria_title=_str(data, "criteria_title", where, ""),
            criteria_source=_str(data, "criteria_source", where, ""),
            criteria=criteria,
            levels=levels,
            observations=observations,
            ratings=ratings,
            strengths=_str(data, "strengths", where, ""),
            developments=_str(data, "developments", where, ""),
            summary=_str(data, "summary", where, ""),
            purpose_ms=_opt_int(data, "purpose_ms", where),
            debrief_ms=_opt_int(data, "debrief_ms", where),
        )


def observation_order(observation: Observation) -> tuple[int, int, int]:
    """Sort key: purpose stage first, then the practice by session time, then the debrief."""
    rank = {Stage.PURPOSE: 0, Stage.PRACTICE: 1, Stage.DEBRIEF: 2}[observation.moment.stage]
    moment = observation.moment
    return (
        rank,
        moment.stage_ms if moment.stage is not Stage.PRACTICE else moment.session_ms,
        observation.id,
    )


# ----------------------------------------------------------------------------------------------- evidence
# Time beyond a step's plan is told apart by where it came from, because the three mean different things:
# time the facilitator added on purpose (+30 s / +1 min) is a teaching decision; an open-ended step held past
# its guide went at the person's pace, which is good practice; only what remains after both ran over the plan.
class StepLike(Protocol):
    """One run of one step: satisfied by ``runner.StepRecord`` and ``record.StepTiming`` alike."""

    @property
    def index(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def planned_ms(self) -> int: ...
    @property
    def actual_ms(self) -> int: ...
    @property
    def started_at_ms(self) -> int: ...
    @property
    def ended_at_ms(self) -> int | None: ...
    @property
    def extended_ms(self) -> int: ...
    @property
    def paused_ms(self) -> int: ...
    @property
    def pauses(self) -> int: ...
    @property
    def outcome(self) -> object: ...


@dataclass(frozen=True)
class PlannedStep:
    """A step of the observed session as the script planned it."""

    index: int
    kind: str
    title: str
    start_ms: int
    span_ms: int
    open_ended: bool = False  # its duration is a guide: it waits for the facilitator to move on


@dataclass(frozen=True)
class Extension:
    """Time the facilitator added to a step on purpose: to which step, when (session clock), how much."""

    step_index: int
    at_ms: int
    added_ms: int


@dataclass(frozen=True)
class StepEvidence:
    """A step as planned and as it ran, as the assessment's evidence of timing."""

    index: int
    kind: str
    title: str
    planned_ms: int
    actual_ms: int
    extended_ms: int
    paused_ms: int
    pauses: int
    outcome: str
    open_ended: bool = False
    extensions: tuple[Extension, ...] = ()  # the additions made during this run, in order

    @property
    def over_ms(self) -> int:
        """Running time beyond the planned span, whatever it came from (negative: the step ended sooner)."""
        return self.actual_ms - self.planned_ms

    @property
    def added_used_ms(self) -> int:
        """How much of the time beyond the plan the time added on purpose accounts for."""
        return min(max(0, self.over_ms), self.extended_ms)

    @property
    def paced_ms(self) -> int:
        """Time an open-ended step was held past its guide (and any time added): at the person's pace."""
        return max(0, self.over_ms - self.extended_ms) if self.open_ended else 0

    @property
    def over_plan_ms(self) -> int:
        """What remains beyond the plan once time added on purpose and a held open-ended step are counted."""
        return 0 if self.open_ended else max(0, self.over_ms - self.extended_ms)

    @property
    def cut_short(self) -> bool:
        """Moved on from before its planned time had run (a step moved on from later was not skipped)."""
        return self.outcome == "skipped" and self.actual_ms < self.planned_ms

    @property
    def moved_on_when_ready(self) -> bool:
        """An open-ended step that reached its guide and was then moved on from: the way such a step ends,
        so neither a skip nor an early end."""
        return (
            self.open_ended
            and self.outcome in ("skipped", "finished-early")
            and self.actual_ms >= self.planned_ms
        )


@dataclass(frozen=True)
class Evidence:
    """What the session timeline shows, for the assessor to weigh (never a judgement by itself)."""

    purpose_ms: int | None
    states_purpose: bool  # the script has a purpose statement to read
    inquiry_steps_planned_ms: int  # steps of kind "inquiry" in the plan
    debrief_planned_ms: int  # the script's planned debrief time (``[debrief] planned``; 0: not planned)
    inquiry_steps_ms: int  # time those steps actually ran
    debrief_ms: int | None  # the debrief stage after the practice, when timed
    planned_total_ms: int
    actual_total_ms: int  # running time of the practice (pauses excluded)
    session_ms: int  # first step start to last step end (pauses included)
    steps: tuple[StepEvidence, ...]
    added: tuple[StepEvidence, ...]  # runs the facilitator added time to on purpose
    paced: tuple[StepEvidence, ...]  # open-ended runs held past their guide, at the person's pace
    overruns: tuple[StepEvidence, ...]  # runs with time beyond the plan that neither of those accounts for
    skipped: tuple[StepEvidence, ...]
    not_reached: tuple[PlannedStep, ...]
    revisited: int  # times the trainee went back or repeated a round
    finished_early: bool
    pause_count: int
    paused_ms: int
    extension_count: int
    extended_ms: int
    extensions: tuple[Extension, ...] = ()
    mode: str = ""  # the script's mode (``one-to-one``: the person whose pace it is, is the client)

    @property
    def purpose_ran(self) -> bool:
        return bool(self.purpose_ms)

    @property
    def inquiry_planned_ms(self) -> int:
        """Inquiry time the script plans: its inquiry steps and its planned debrief."""
        return self.inquiry_steps_planned_ms + self.debrief_planned_ms

    @property
    def inquiry_taken_ms(self) -> int:
        return self.inquiry_steps_ms + (self.debrief_ms or 0)


def planned_steps(timeline: Timeline) -> list[PlannedStep]:
    return [
        PlannedStep(s.index, s.kind.value, s.title, s.start_ms, s.span_ms, s.open_ended)
        for s in timeline.steps
    ]


def script_from_snapshot(snapshot: Mapping[str, Any]) -> Script | None:
    """The script a record was made from, or ``None`` when its snapshot cannot be read.

    The snapshot is ``Script.model_dump(mode="json")``, which keeps durations as whole milliseconds; a script
    file reads a bare number as seconds, so they are read back as ``"60000ms"``.
    """

    def as_ms(table: object, *keys: str) -> object:
        if not isinstance(table, Mapping):
            return table
        out = dict(table)
        for key in keys:
            value = out.get(key)
            if isinstance(value, int) and not isinstance(value, bool):
                out[key] = f"{value}ms"
        return out

    data = dict(snapshot)
    steps = data.get("steps")
    if isinstance(steps, list):
        data["steps"] = [as_ms(step, "duration", "landing") for step in steps]
        for step in data["steps"]:
            if isinstance(step, dict) and "breathing" in step:
                step["breathing"] = as_ms(step["breathing"], "inhale", "exhale")
    if "debrief" in data:
        data["debrief"] = as_ms(data["debrief"], "planned")
    try:
        return Script.model_validate(data)
    except (ValidationError, TypeError, ValueError):
        return None


def planned_steps_from_snapshot(snapshot: Mapping[str, Any]) -> list[PlannedStep] | None:
    """The plan of the script a record was made from, or ``None`` when its snapshot cannot be read."""
    script = script_from_snapshot(snapshot)
    return None if script is None else planned_steps(compile_script(script))


def _runs_with_extensions(
    runs: Sequence[StepEvidence], spans: Sequence[tuple[int, int | None]], extensions: Sequence[Extension]
) -> list[StepEvidence]:
    """Each run with the additions made during it: matched by step and by time (``spans``: each run's start
    and end on the session clock), never more than the run itself recorded as added."""
    given: list[list[Extension]] = [[] for _ in runs]

    def fits(i: int, extension: Extension) -> bool:
        return sum(e.added_ms for e in given[i]) + extension.added_ms <= runs[i].extended_ms

    def during(i: int, extension: Extension) -> bool:
        start, end = spans[i]
        return start <= extension.at_ms and (end is None or extension.at_ms <= end)

    for extension in extensions:
        candidates = [i for i, r in enumerate(runs) if r.index == extension.step_index and fits(i, extension)]
        timely = [i for i in candidates if during(i, extension)]
        if timely or candidates:
            given[(timely or candidates)[0]].append(extension)
    return [replace(run, extensions=tuple(given[i])) for i, run in enumerate(runs)]


def gather_evidence(
    steps: Sequence[StepLike],
    *,
    plan: Sequence[PlannedStep] | None = None,
    extensions: Sequence[Extension] | None = None,
    purpose_ms: int | None = None,
    debrief_ms: int | None = None,
    debrief_planned_ms: int = 0,
    states_purpose: bool = True,
    mode: str = "",
) -> Evidence:
    """Evidence from the step runs of one session (``SessionLog.steps`` or ``SessionRecord.steps``)."""
    open_ended = {p.index for p in (plan or ()) if p.open_ended}
    runs = tuple(
        StepEvidence(
            index=s.index,
            kind=str(s.kind),
            title=s.title,
            planned_ms=s.planned_ms,
            actual_ms=s.actual_ms,
            extended_ms=s.extended_ms,
            paused_ms=s.paused_ms,
            pauses=s.pauses,
            outcome=str(s.outcome) if s.outcome is not None else "running",
            open_ended=s.index in open_ended,
        )
        for s in steps
    )
    if extensions:
        runs = tuple(
            _runs_with_extensions(runs, [(s.started_at_ms, s.ended_at_ms) for s in steps], extensions)
        )
    done = [r for r in runs if r.outcome != "running"]
    # A step cut short on purpose is not an overrun; nor is time added on purpose, nor an open-ended step
    # held at the person's pace: only what is left beyond the plan after those is.
    overruns = tuple(r for r in done if r.over_plan_ms > 0)
    skipped = tuple(r for r in runs if r.cut_short)
    ran = {r.index for r in runs}
    not_reached = tuple(p for p in (plan or ()) if p.index not in ran)
    inquiry_kind = StepKind.INQUIRY.value
    # A purpose stated on the clock (a whole lesson's purpose step) is time spent stating the purpose.
    purpose_steps_ms = sum(r.actual_ms for r in runs if r.kind == StepKind.PURPOSE.value)
    if purpose_steps_ms:
        purpose_ms = (purpose_ms or 0) + purpose_steps_ms
    if plan is not None:
        inquiry_planned = sum(p.span_ms for p in plan if p.kind == inquiry_kind)
        planned_total = sum(p.span_ms for p in plan)
    else:
        first_runs = {r.index: r for r in reversed(runs)}
        inquiry_planned = sum(r.planned_ms for r in first_runs.values() if r.kind == inquiry_kind)
        planned_total = sum(r.planned_ms for r in first_runs.values())
    started = [s.started_at_ms for s in steps]
    ended = [s.ended_at_ms for s in steps if s.ended_at_ms is not None]
    return Evidence(
        purpose_ms=purpose_ms,
        states_purpose=states_purpose,
        inquiry_steps_planned_ms=inquiry_planned,
        debrief_planned_ms=max(0, debrief_planned_ms),
        inquiry_steps_ms=sum(r.actual_ms for r in runs if r.kind == inquiry_kind),
        debrief_ms=debrief_ms,
        planned_total_ms=planned_total,
        actual_total_ms=sum(r.actual_ms for r in runs),
        session_ms=(max(ended) - min(started)) if started and ended else 0,
        steps=runs,
        added=tuple(r for r in runs if r.extended_ms > 0),
        paced=tuple(r for r in done if r.paced_ms > 0),
        overruns=overruns,
        skipped=skipped,
        not_reached=not_reached,
        revisited=sum(1 for r in runs if r.outcome in ("went-back", "repeated")),
        # Ending the practice from an open-ended last step once its guide has passed is how it ends.
        finished_early=any(
            r.outcome == "finished-early" and (not r.moved_on_when_ready or not_reached) for r in runs
        ),
        pause_count=sum(r.pauses for r in runs),
        paused_ms=sum(r.paused_ms for r in runs),
        extension_count=len(extensions) if extensions is not None else sum(1 for r in runs if r.extended_ms),
        extended_ms=sum(r.extended_ms for r in runs),
        extensions=tuple(extensions or ()),
        mode=mode,
    )


def evidence_from_log(log: SessionLog, timeline: Timeline, assessment: Assessment | None = None) -> Evidence:
    """Evidence while (or just after) the session runs, straight from the runner's log."""
    script = timeline.script
    return gather_evidence(
        log.steps,
        plan=planned_steps(timeline),
        extensions=[Extension(e.step_index, e.at_ms, e.added_ms) for e in log.extensions],
        purpose_ms=assessment.purpose_ms if assessment else None,
        debrief_ms=assessment.debrief_ms if assessment else None,
        debrief_planned_ms=script.debrief.planned,
        states_purpose=bool(script.purpose.strip()),
        mode=script.mode.value,
    )


class RecordLike(Protocol):
    """What evidence needs from a ``SessionRecord`` (kept structural so the core stays layered)."""

    @property
    def mode(self) -> str: ...
    @property
    def steps(self) -> Sequence[StepLike]: ...
    @property
    def extensions(self) -> Sequence[Mapping[str, int]]: ...
    @property
    def script_snapshot(self) -> Mapping[str, Any]: ...


def _whole(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def evidence_from_record(record: RecordLike, assessment: Assessment | None = None) -> Evidence:
    """Evidence from a saved record (``SessionRecord``), for reports made after the session."""
    script = script_from_snapshot(record.script_snapshot)
    if script is not None:
        plan: list[PlannedStep] | None = planned_steps(compile_script(script))
        debrief_planned = script.debrief.planned
        states_purpose = bool(script.purpose.strip())
    else:
        plan = None
        debrief = record.script_snapshot.get("debrief")
        debrief_planned = _whole(debrief.get("planned")) if isinstance(debrief, Mapping) else 0
        purpose_text = record.script_snapshot.get("purpose", "")
        states_purpose = isinstance(purpose_text, str) and bool(purpose_text.strip())
    return gather_evidence(
        record.steps,
        plan=plan,
        extensions=[
            Extension(_whole(e.get("step_index")), _whole(e.get("at_ms")), _whole(e.get("added_ms")))
            for e in record.extensions
        ],
        purpose_ms=assessment.purpose_ms if assessment else None,
        debrief_ms=assessment.debrief_ms if assessment else None,
        debrief_planned_ms=debrief_planned,
        states_purpose=states_purpose,
        mode=record.mode,
    )


# ----------------------------------------------------------------------------------------------- helpers
E = TypeVar("E", bound=StrEnum)
_MISSING: Any = object()


def _require_mapping(value: object, where: str) -> None:
    if not isinstance(value, Mapping):
        raise AssessmentError(f"{where}: expected a table of fields, found {type(value).__name__}")


def _enum(kind: type[E], value: object, where: str) -> E:
    for member in kind:
        if member.value == value:
            return member
    choices = ", ".join(m.value for m in kind)
    raise AssessmentError(f"{where}: {value!r} is not one of {choices}")


def _as_str(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise AssessmentError(f"{where}: expected text, found {type(value).__name__}")
    return value


def _str(data: Mapping[str, Any], key: str, where: str, default: Any = _MISSING) -> str:
    if key not in data or data[key] is None:
        if default is _MISSING:
            raise AssessmentError(f"{where}.{key}: this is required but missing")
        return str(default)
    return _as_str(data[key], f"{where}.{key}")


def _int(data: Mapping[str, Any], key: str, where: str, default: Any = _MISSING) -> int:
    if key not in data:
        if default is _MISSING:
            raise AssessmentError(f"{where}.{key}: this is required but missing")
        return int(default)
    value = data[key]
    if not isinstance(value, int) or isinstance(value, bool):
        raise AssessmentError(f"{where}.{key}: expected a whole number, found {value!r}")
    return value


def _opt_int(data: Mapping[str, Any], key: str, where: str) -> int | None:
    if data.get(key) is None:
        return None
    return _int(data, key, where)


def _list(data: Mapping[str, Any], key: str, where: str, default: Any = _MISSING) -> list[Any]:
    if key not in data:
        if default is _MISSING:
            raise AssessmentError(f"{where}.{key}: this is required but missing")
        return list(default)
    value = data[key]
    if not isinstance(value, list):
        raise AssessmentError(f"{where}.{key}: expected a list, found {type(value).__name__}")
    return value


def _iso_date(text: str, where: str) -> str:
    try:
        return Date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise AssessmentError(f"{where}: {text!r} is not a date; write it as YYYY-MM-DD") from None
