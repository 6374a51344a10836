"""A trainee's progress for tutors: every assessment of one trainee code, in order, per criterion.

Plain data and pure functions. The store hands over the assessments kept with session records
(``RecordStore.assessments_of``); :func:`collect_progress` groups them by criteria set (a trainee assessed
against MBI:TAC one term and the observed-practice set the next has two progress charts, never one mixed),
orders them by date, and gives each criterion its level (with its place on the scale) and its strengths and
developments. The progress window and the report's progress page draw from this. Notes may be sensitive:
nothing here logs or prints them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from mindful_listening.core.assessment import Assessment, AssessmentError, Emphasis, Observation


@dataclass(frozen=True)
class AssessedSession:
    """One stored assessment, as the store reads it: which session, when it started, the assessment data."""

    session_id: str
    started_at: str  # the session's start, UTC ISO 8601: orders two assessments on the same date
    assessment: Mapping[str, Any]


@dataclass(frozen=True)
class CriterionResult:
    """What one assessment says about one criterion."""

    criterion_id: str
    level: str = ""  # "" when not rated
    rank: int | None = None  # the level's place on the set's scale, from 1 (lowest); None when not rated
    comment: str = ""
    observations: tuple[tuple[int, Observation], ...] = ()  # (number in that assessment, observation)

    @property
    def strengths(self) -> int:
        return sum(1 for _n, o in self.observations if o.emphasis is Emphasis.STRENGTH)

    @property
    def developments(self) -> int:
        return sum(1 for _n, o in self.observations if o.emphasis is Emphasis.DEVELOPMENT)


@dataclass(frozen=True)
class Occasion:
    """One assessment of the trainee: a point in time on the progress chart."""

    session_id: str
    started_at: str
    date: str  # the observed session's date, ISO 8601
    assessor: str
    course: str
    results: Mapping[str, CriterionResult]  # by criterion id
    strengths: str = ""
    developments: str = ""
    summary: str = ""

    def result(self, criterion_id: str) -> CriterionResult:
        return self.results.get(criterion_id) or CriterionResult(criterion_id)


@dataclass(frozen=True)
class SetProgress:
    """Every assessment against one criteria set, oldest first."""

    criteria_id: str
    title: str
    levels: tuple[str, ...]  # the scale, lowest first, as the latest assessment kept it
    criteria: tuple[tuple[str, str], ...]  # (id, name): the latest assessment's order, then any older ones
    occasions: tuple[Occasion, ...]

    @property
    def has_levels(self) -> bool:
        return bool(self.levels)

    def criterion_name(self, criterion_id: str) -> str:
        return next((name for cid, name in self.criteria if cid == criterion_id), criterion_id)

    def ranks(self, criterion_id: str) -> list[int | None]:
        """The level's place on the scale (1 = lowest) at each assessment; None where it was not rated."""
        return [o.result(criterion_id).rank for o in self.occasions]

    def counts(self, criterion_id: str) -> list[tuple[int, int]]:
        """(strengths, developments) logged on the criterion at each assessment."""
        return [
            (o.result(criterion_id).strengths, o.result(criterion_id).developments) for o in self.occasions
        ]

    @property
    def most_notes(self) -> int:
        """The largest count of strengths or of developments on any criterion at any assessment."""
        return max(
            (max(pair) for cid, _name in self.criteria for pair in self.counts(cid)),
            default=0,
        )

    @property
    def has_observations(self) -> bool:
        return any(o.result(cid).observations for o in self.occasions for cid, _name in self.criteria)


@dataclass(frozen=True)
class Progress:
    """A trainee's assessments over time, set by set of criteria."""

    trainee_code: str
    sets: tuple[SetProgress, ...] = ()
    unreadable: tuple[str, ...] = field(default=())  # session ids whose assessment this version cannot read

    @property
    def assessment_count(self) -> int:
        return sum(len(s.occasions) for s in self.sets)

    def set(self, criteria_id: str) -> SetProgress | None:
        return next((s for s in self.sets if s.criteria_id == criteria_id), None)


def same_code(a: str, b: str) -> bool:
    """Trainee codes match ignoring case and surrounding space ("t-07" is T-07)."""
    return a.strip().casefold() == b.strip().casefold()


def _rank(level: str, own_levels: list[str], scale: tuple[str, ...]) -> int | None:
    if not level:
        return None
    folded = [name.casefold() for name in scale]
    if level.casefold() in folded:
        return folded.index(level.casefold()) + 1
    if level in own_levels:  # a scale renamed since: keep the place it had on its own scale
        return min(own_levels.index(level) + 1, len(scale)) if scale else None
    return None


def collect_progress(trainee_code: str, sessions: Iterable[AssessedSession]) -> Progress:
    """The progress of ``trainee_code`` across ``sessions`` (any order; others' assessments are left out).

    Grouped by criteria set, in the order each set was first used; within a set, by date and then by the
    session's start. An assessment this version cannot read is named in ``unreadable``, never dropped
    silently.
    """
    readable: list[tuple[AssessedSession, Assessment]] = []
    unreadable: list[str] = []
    for session in sessions:
        code = session.assessment.get("trainee_code") if isinstance(session.assessment, Mapping) else None
        if not isinstance(code, str) or not same_code(code, trainee_code):
            continue
        try:
            readable.append((session, Assessment.from_dict(session.assessment)))
        except AssessmentError:
            unreadable.append(session.session_id)
    readable.sort(key=lambda pair: (pair[1].date, pair[0].started_at, pair[0].session_id))

    groups: dict[str, list[tuple[AssessedSession, Assessment]]] = {}
    for session, assessment in readable:
        groups.setdefault(assessment.criteria_id or assessment.criteria_title, []).append(
            (session, assessment)
        )

    sets = []
    for key, members in groups.items():
        latest = members[-1][1]
        scale = tuple(latest.levels)
        criteria: list[tuple[str, str]] = [(c["id"], c["name"]) for c in latest.criteria]
        known = {cid for cid, _ in criteria}
        for _session, assessment in reversed(members[:-1]):
            for c in assessment.criteria:
                if c["id"] not in known:
                    criteria.append((c["id"], c["name"]))
                    known.add(c["id"])
        occasions = []
        for session, assessment in members:
            results = {}
            for criterion_id in assessment.criterion_ids:
                rating = assessment.rating(criterion_id)
                results[criterion_id] = CriterionResult(
                    criterion_id=criterion_id,
                    level=rating.level,
                    rank=_rank(rating.level, assessment.levels, scale),
                    comment=rating.comment,
                    observations=tuple(assessment.observations_for(criterion_id)),
                )
            occasions.append(
                Occasion(
                    session_id=session.session_id,
                    started_at=session.started_at,
                    date=assessment.date,
                    assessor=assessment.assessor,
                    course=assessment.course,
                    results=results,
                    strengths=assessment.strengths,
                    developments=assessment.developments,
                    summary=assessment.summary,
                )
            )
        sets.append(
            SetProgress(
                criteria_id=key,
                title=latest.criteria_title or key,
                levels=scale,
                criteria=tuple(criteria),
                occasions=tuple(occasions),
            )
        )
    # The code as the latest assessment spells it ("t-07" typed finds T-07, and is shown as T-07).
    spelt = readable[-1][1].trainee_code if readable else trainee_code.strip()
    return Progress(spelt, tuple(sets), tuple(unreadable))


def assessed_record(
    session_id: str, started_at: str, assessment: Mapping[str, Any] | None
) -> list[AssessedSession]:
    """A session record's assessment as the progress reads it (none when it has no assessment)."""
    return [AssessedSession(session_id, started_at, assessment)] if assessment else []


def including(sessions: Iterable[AssessedSession], newer: Iterable[AssessedSession]) -> list[AssessedSession]:
    """``sessions`` with ``newer`` in place of the versions of the same sessions (and added when new): the
    assessment open in the panel counts as it is now, not as last saved."""
    fresh = {s.session_id: s for s in newer}
    kept = [s for s in sessions if s.session_id not in fresh]
    return [*kept, *fresh.values()]
