"""A trainee's progress as numbers (core/progress.py): collected by code, ordered by date, per criterion; and
read from a real records file (RecordStore.assessments_of, trainee_codes)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mindful_listening.assessment.progress_words import cell_words, describe_chart, listing, summary_line
from mindful_listening.assessment.sample import build_progress_records
from mindful_listening.core.assessment import Assessment, Emphasis, Moment, Stage
from mindful_listening.core.criteria import find_criteria
from mindful_listening.core.progress import AssessedSession, collect_progress
from mindful_listening.storage.store import RecordStore

MBI_TAC = "mbi-tac"
OBSERVED = "observed-mindful-listening"


def assessed(
    session_id: str,
    day: str,
    *,
    code: str = "T-07",
    criteria: str = MBI_TAC,
    levels: dict[str, str] | None = None,
    notes: tuple[tuple[str, Emphasis], ...] | list[tuple[str, Emphasis]] = (),
    started: str = "10:00",
) -> AssessedSession:
    assessment = Assessment.start(find_criteria(criteria), code, "A. Tutor", day)
    for criterion, level in (levels or {}).items():
        assessment.rate(criterion, level, f"comment on {criterion} at {day}")
    for i, (criterion, emphasis) in enumerate(notes):
        at = 60_000 * (i + 1)
        assessment.log(Moment(Stage.PRACTICE, session_ms=at, stage_ms=at), criterion, emphasis, f"note {i}")
    return AssessedSession(session_id, f"{day}T{started}:00+00:00", assessment.to_dict())


def test_levels_by_date_per_domain_in_date_order_whatever_order_they_come_in() -> None:
    sessions = [
        assessed(
            "c", "2026-12-04", levels={"relational-skills": "Competent", "holding-the-group": "Proficient"}
        ),
        assessed("a", "2026-09-25", levels={"relational-skills": "Beginner"}),
        assessed("b", "2026-10-23", levels={"relational-skills": "Advanced beginner"}),
        assessed("x", "2026-10-01", code="T-08", levels={"relational-skills": "Advanced"}),
    ]
    progress = collect_progress("T-07", sessions)
    assert progress.assessment_count == 3, "another trainee's assessment is left out"
    (mbi,) = progress.sets
    assert mbi.criteria_id == MBI_TAC
    assert [o.session_id for o in mbi.occasions] == ["a", "b", "c"]
    assert [o.date for o in mbi.occasions] == ["2026-09-25", "2026-10-23", "2026-12-04"]
    assert mbi.ranks("relational-skills") == [2, 3, 4]
    assert mbi.ranks("holding-the-group") == [None, None, 5], "unrated is a gap, not the lowest level"
    assert len(mbi.criteria) == 6
    assert len(mbi.levels) == 6
    assert (
        mbi.occasions[2].result("relational-skills").comment == "comment on relational-skills at 2026-12-04"
    )
    assert cell_words(mbi, mbi.occasions[0], "relational-skills").startswith("Beginner (2 of 6)")


def test_strengths_and_developments_counted_per_criterion() -> None:
    sessions = [
        assessed(
            "a",
            "2026-09-25",
            criteria=OBSERVED,
            notes=[
                ("purpose", Emphasis.DEVELOPMENT),
                ("structure-and-time", Emphasis.DEVELOPMENT),
                ("structure-and-time", Emphasis.DEVELOPMENT),
                ("modelling", Emphasis.STRENGTH),
            ],
        ),
        assessed(
            "b",
            "2026-10-23",
            criteria=OBSERVED,
            notes=[("purpose", Emphasis.STRENGTH), ("structure-and-time", Emphasis.STRENGTH)],
        ),
    ]
    (observed,) = collect_progress("T-07", sessions).sets
    assert observed.counts("purpose") == [(0, 1), (1, 0)]
    assert observed.counts("structure-and-time") == [(0, 2), (1, 0)]
    assert observed.counts("modelling") == [(1, 0), (0, 0)]
    assert observed.counts("ethics-and-safety") == [(0, 0), (0, 0)]
    assert observed.most_notes == 2
    assert observed.has_observations
    numbers = [n for n, _o in observed.occasions[0].result("structure-and-time").observations]
    assert numbers == [2, 3], "the notes keep the numbers their own report gives them"


def test_mixed_sets_are_kept_apart_in_the_order_first_used() -> None:
    sessions = [
        assessed("m2", "2026-12-04", levels={"relational-skills": "Competent"}),
        assessed("o1", "2026-09-25", criteria=OBSERVED, levels={"purpose": "Developing"}),
        assessed("m1", "2026-10-09", levels={"relational-skills": "Advanced beginner"}),
        assessed("o2", "2026-10-23", criteria=OBSERVED, levels={"purpose": "Secure"}),
    ]
    progress = collect_progress("T-07", sessions)
    assert [s.criteria_id for s in progress.sets] == [OBSERVED, MBI_TAC]
    observed, mbi = progress.sets
    assert [o.session_id for o in observed.occasions] == ["o1", "o2"]
    assert [o.session_id for o in mbi.occasions] == ["m1", "m2"]
    assert observed.ranks("purpose") == [2, 3]  # on the observed set's own 4-level scale
    assert mbi.ranks("relational-skills") == [3, 4]  # and MBI:TAC's 6 levels, never one mixed scale
    line = summary_line(progress)
    assert line.startswith("4 assessments of T-07: 2 against Observed practice")


def test_an_unknown_code_gives_no_sets_and_says_so() -> None:
    progress = collect_progress("T-99", [assessed("a", "2026-09-25")])
    assert progress.sets == ()
    assert progress.assessment_count == 0
    assert summary_line(progress) == "No assessments of T-99 are kept on this computer."


def test_one_assessment_is_one_point_per_criterion() -> None:
    (mbi,) = collect_progress(
        "T-07", [assessed("a", "2026-09-25", levels={"relational-skills": "Beginner"})]
    ).sets
    assert len(mbi.occasions) == 1
    assert mbi.ranks("relational-skills") == [2]
    described = describe_chart(mbi, "levels")
    assert "Relational skills: 2026-09-25: Beginner (2 of 6)." in described
    assert "Holding the group learning environment: 2026-09-25: not rated." in described


def test_code_case_and_same_day_order_and_an_unreadable_assessment() -> None:
    late = assessed(
        "late", "2026-10-23", code="t-07", started="15:00", levels={"relational-skills": "Competent"}
    )
    early = assessed("early", "2026-10-23", started="09:00", levels={"relational-skills": "Beginner"})
    broken: dict[str, Any] = {"trainee_code": "T-07", "date": "not a date", "criteria": []}
    progress = collect_progress(
        "T-07", [late, early, AssessedSession("bad", "2026-10-24T10:00:00+00:00", broken)]
    )
    (mbi,) = progress.sets
    assert [o.session_id for o in mbi.occasions] == ["early", "late"], "same date: by the session's start"
    assert mbi.ranks("relational-skills") == [2, 4]
    assert progress.unreadable == ("bad",)
    assert "1 more assessment could not be read" in summary_line(progress)


def test_a_renamed_scale_keeps_each_level_on_its_own_place() -> None:
    old = assessed("old", "2026-09-25", criteria=OBSERVED, levels={"purpose": "Developing"})
    data = dict(old.assessment)
    data["levels"] = ["Not yet", "Developing", "Secure", "Strong"]  # the same scale as today's, renamed once
    data["ratings"] = [{"criterion": "purpose", "level": "Developing", "comment": ""}]
    renamed = AssessedSession("old", old.started_at, data)
    (observed,) = collect_progress("T-07", [renamed, assessed("new", "2026-10-23", criteria=OBSERVED)]).sets
    assert observed.ranks("purpose") == [2, None]


def test_the_records_file_gives_one_trainees_assessments_oldest_first(tmp_path: Path) -> None:
    store = RecordStore.open(tmp_path)
    try:
        records = build_progress_records()
        for record in reversed(records):
            store.save(record)
        other = records[0]
        other.id = "f" * 32
        assessment = dict(other.assessment or {})
        assessment["trainee_code"] = "T-08"
        other.assessment = assessment
        store.save(other)
        assert store.trainee_codes() == [("T-07", 5), ("T-08", 1)]
        found = store.assessments_of("t-07")
        assert len(found) == 5
        assert [s.started_at for s in found] == sorted(s.started_at for s in found)
        assert store.assessments_of("T-99") == []
        progress = collect_progress("t-07", found)
        assert progress.trainee_code == "T-07"
        assert [(s.criteria_id, len(s.occasions)) for s in progress.sets] == [(OBSERVED, 3), (MBI_TAC, 2)]
        text = "\n".join(listing(progress))
        assert "    2026-12-04  Competent (4 of 6)\n" in text, "no notes were logged: no counts to give"
    finally:
        store.close()
