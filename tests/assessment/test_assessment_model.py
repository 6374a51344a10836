"""The assessment model: starting, logging observations against the session clock, rating, round trips."""

from __future__ import annotations

import json

import pytest
from pytestqt.qtbot import QtBot

from mindful_listening.controller import SessionController
from mindful_listening.core.assessment import (
    Assessment,
    AssessmentError,
    Emphasis,
    Moment,
    Stage,
    check_trainee_code,
    evidence_from_log,
    evidence_from_record,
    format_elapsed,
    planned_steps_from_snapshot,
    script_from_snapshot,
)
from mindful_listening.core.clock import ManualClock
from mindful_listening.core.criteria import find_criteria
from mindful_listening.core.loading import parse_script
from mindful_listening.core.record import MemorySink, SessionRecord
from mindful_listening.core.runner import SessionRunner, State
from mindful_listening.core.timeline import compile_script
from mindful_listening.speech.api import FakeSpeaker

SCRIPT = b"""
id = "observed"
title = "Observed"
mode = "group-pairs"
purpose = "To listen fully."
[[steps]]
kind = "settle"
title = "Arriving"
duration = "1m"
[[steps]]
kind = "turn"
title = "A speaks"
duration = "2m"
roles = { speaker = "A", listener = "B" }
[[steps]]
kind = "pause"
title = "Quiet"
duration = "30s"
[[steps]]
kind = "inquiry"
title = "Inquiry"
duration = "3m"
"""


def new_assessment() -> Assessment:
    return Assessment.start(
        find_criteria("observed-mindful-listening"), "T-07", "A. Tutor", "2026-11-20", "L4"
    )


@pytest.mark.parametrize("code", ["Jane Smith", "Jane", "smith", "", " ", "a" * 21, "T<07>"])
def test_names_are_turned_away_as_trainee_codes(code: str) -> None:
    assert check_trainee_code(code) is not None
    with pytest.raises(AssessmentError, match="Trainee code"):
        Assessment.start(find_criteria("mbi-tac"), code, "A. Tutor", "2026-11-20")


@pytest.mark.parametrize("code", ["T-07", "JS", "mbct-2026-04", "AB12", "J.S."])
def test_codes_and_initials_are_accepted(code: str) -> None:
    assert check_trainee_code(code) is None


def test_start_needs_an_assessor_and_a_real_date() -> None:
    criteria = find_criteria("mbi-tac")
    with pytest.raises(AssessmentError, match="Assessor"):
        Assessment.start(criteria, "T-07", " ", "2026-11-20")
    with pytest.raises(AssessmentError, match="YYYY-MM-DD"):
        Assessment.start(criteria, "T-07", "AT", "20/11/2026")


def test_format_elapsed() -> None:
    assert [format_elapsed(ms) for ms in (0, 999, 65_000, 3_723_000, -5_000)] == [
        "0:00",
        "0:00",
        "1:05",
        "1:02:03",
        "-0:05",
    ]


def test_the_whole_flow_on_a_controller_with_a_manual_clock(qtbot: QtBot) -> None:
    clock = ManualClock(1_000_000)
    timeline = compile_script(parse_script(SCRIPT))
    controller = SessionController(timeline, FakeSpeaker(), clock=clock)
    assessment = new_assessment()

    # Purpose stage: the runner has not started; the stage clock is the window's (or the panel's).
    clock.advance(40_000)
    purpose = assessment.log(
        Moment.from_snapshot(controller.snapshot(), stage_ms=40_000),
        "purpose",
        Emphasis.STRENGTH,
        "Clear purpose, said before any instruction.",
    )
    assert purpose.moment == Moment(Stage.PURPOSE, session_ms=0, stage_ms=40_000)
    assessment.set_stage_duration(Stage.PURPOSE, 60_000)

    controller.start()
    clock.advance(30_000)
    controller.poll()
    arriving = assessment.log(
        Moment.from_snapshot(controller.snapshot()), "modelling", Emphasis.STRENGTH, "Unhurried."
    )
    assert (arriving.moment.step_index, arriving.moment.step_title) == (0, "Arriving")
    assert (arriving.moment.session_ms, arriving.moment.step_ms) == (30_000, 30_000)

    clock.advance(40_000)  # 10 s into "A speaks"
    controller.poll()
    controller.pause()
    clock.advance(20_000)
    controller.resume()
    clock.advance(5_000)
    controller.poll()
    turn = assessment.log(
        Moment.from_snapshot(controller.snapshot()), "check-in-and-adapt", "development", "Paused the room."
    )
    assert turn.moment.stage is Stage.PRACTICE
    assert (turn.moment.step_index, turn.moment.step_title) == (1, "A speaks")
    assert turn.moment.step_ms == 15_000, "pauses do not count as step time"
    assert turn.moment.session_ms == 95_000, "the session clock runs on through pauses"

    controller.extend(30_000)
    clock.advance(135_000)  # the turn ends at 2 min + 30 s of running time
    controller.poll()
    assert controller.snapshot().step.title == "Quiet"
    controller.skip()
    clock.advance(60_000)
    controller.poll()
    controller.finish()
    assert controller.state is State.FINISHED
    clock.advance(50_000)
    debrief = assessment.log(
        Moment.from_snapshot(controller.snapshot(), stage_ms=50_000),
        "reflective-inquiry",
        Emphasis.DEVELOPMENT,
    )
    assert debrief.moment.stage is Stage.DEBRIEF
    assert debrief.text == ""
    assessment.set_stage_duration(Stage.DEBRIEF, 120_000)

    assert [n for n, _ in assessment.numbered()] == [1, 2, 3, 4]
    assert [o.id for _, o in assessment.numbered()] == [purpose.id, arriving.id, turn.id, debrief.id]
    assert [o.id for _, o in assessment.by_emphasis(Emphasis.DEVELOPMENT)] == [turn.id, debrief.id]

    assessment.rate("purpose", "Secure", "Stated clearly.")
    assessment.rate("check-in-and-adapt", comment="Handled the late arrival; could be quicker.")
    with pytest.raises(AssessmentError, match="not a level"):
        assessment.rate("purpose", "Competent")
    with pytest.raises(AssessmentError, match="not a criterion"):
        assessment.log(Moment(Stage.PRACTICE), "no-such-criterion", Emphasis.STRENGTH)
    assessment.set_summary("Warm presence.", "Pace the transitions.", "A secure first observation.")
    assert "purpose" not in assessment.unrated()
    assert "check-in-and-adapt" in assessment.unrated(), "a comment without a level is not yet a rating"

    # Evidence, straight from the runner's log.
    evidence = evidence_from_log(controller.runner.log, timeline, assessment)
    assert evidence.purpose_ms == 60_000
    assert evidence.purpose_ran
    assert evidence.states_purpose
    assert [(o.title, o.over_ms, o.added_used_ms) for o in evidence.added] == [("A speaks", 30_000, 30_000)]
    assert evidence.overruns == (), "time added on purpose is not an overrun"
    assert (evidence.pause_count, evidence.paused_ms) == (1, 20_000)
    assert (evidence.extension_count, evidence.extended_ms) == (1, 30_000)
    assert [s.title for s in evidence.skipped] == ["Quiet"]
    assert evidence.not_reached == ()
    assert evidence.finished_early
    assert evidence.inquiry_planned_ms == 180_000
    assert evidence.inquiry_steps_ms == 60_000
    assert evidence.inquiry_taken_ms == 180_000, "inquiry steps plus the debrief after the practice"
    assert evidence.planned_total_ms == 390_000
    assert evidence.actual_total_ms == 60_000 + 150_000 + 0 + 60_000
    assert evidence.session_ms == 290_000

    # Round trip through the session record, as the storage layer keeps and exports it.
    record = SessionRecord.begin(timeline.script, timeline.total_ms)
    record.absorb(controller.runner.log)
    record.assessment = assessment.to_dict()
    back = SessionRecord.from_dict(json.loads(json.dumps(record.to_dict())))
    assert back.assessment == record.assessment
    assert back.assessment is not None
    restored = Assessment.from_dict(back.assessment)
    assert restored == assessment
    assert evidence_from_record(back, restored) == evidence
    sink = MemorySink()
    sink.save(record)
    assert sink.records[record.id].assessment == assessment.to_dict()
    controller.shutdown()


def test_observations_sort_by_stage_then_time_and_can_be_removed() -> None:
    assessment = new_assessment()
    late = assessment.log(Moment(Stage.DEBRIEF, session_ms=900_000, stage_ms=10_000), "purpose", "strength")
    mid = assessment.log(Moment(Stage.PRACTICE, session_ms=300_000, stage_ms=300_000), "purpose", "strength")
    early = assessment.log(
        Moment(Stage.PURPOSE, stage_ms=5_000), "purpose", "development", "  spaced   out  "
    )
    assert early.text == "spaced out"
    assert [o.id for _, o in assessment.numbered()] == [early.id, mid.id, late.id]
    assert [o["id"] for o in assessment.to_dict()["observations"]] == [early.id, mid.id, late.id]
    assert assessment.remove(mid.id)
    assert not assessment.remove(mid.id)
    assert [o.id for _, o in assessment.numbered()] == [early.id, late.id]
    again = assessment.log(Moment(Stage.PRACTICE), "purpose", "strength")
    assert again.id == early.id + 1, "ids are never reused while later ones exist"


def test_observation_text_has_a_limit() -> None:
    with pytest.raises(AssessmentError, match="at most"):
        new_assessment().log(Moment(Stage.PRACTICE), "purpose", "strength", "x" * 1001)


def test_stage_durations_are_checked() -> None:
    assessment = new_assessment()
    with pytest.raises(AssessmentError):
        assessment.set_stage_duration(Stage.PURPOSE, -1)
    with pytest.raises(AssessmentError, match="runner"):
        assessment.set_stage_duration(Stage.PRACTICE, 5)
    with pytest.raises(AssessmentError, match="stage: 'warm-up' is not one of purpose, practice, debrief"):
        assessment.set_stage_duration("warm-up", 5)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("trainee_code"), "assessment.trainee_code: this is required"),
        (lambda d: d.update(date="yesterday"), "assessment.date: 'yesterday' is not a date"),
        (lambda d: d.update(format=9), "assessment.format: 9 is not a format"),
        (lambda d: d["observations"][0].update(emphasis="neutral"), "observations[0].emphasis: 'neutral'"),
        (
            lambda d: d["observations"][0].update(session_ms="1:00"),
            "observations[0].session_ms: expected a whole",
        ),
        (lambda d: d.update(observations={}), "assessment.observations: expected a list"),
        (lambda d: d["criteria"].append(3), "assessment.criteria[7]: expected a table"),
    ],
)
def test_a_damaged_assessment_is_reported_by_field(change: object, message: str) -> None:
    assessment = new_assessment()
    assessment.log(Moment(Stage.PRACTICE, session_ms=1_000), "purpose", "strength", "x")
    data = json.loads(json.dumps(assessment.to_dict()))
    change(data)  # type: ignore[operator]
    with pytest.raises(AssessmentError) as raised:
        Assessment.from_dict(data)
    assert message in str(raised.value)


def test_evidence_without_a_purpose_stage_or_inquiry_and_with_steps_not_reached() -> None:
    clock = ManualClock()
    timeline = compile_script(parse_script(SCRIPT))
    runner = SessionRunner(timeline, clock)
    runner.start()
    clock.advance(20_000)
    runner.skip()  # past "Arriving" after 20 s
    clock.advance(10_000)
    runner.finish()  # "Quiet" and "Inquiry" never ran
    assessment = new_assessment()
    assessment.set_stage_duration(Stage.PURPOSE, 0)
    evidence = evidence_from_log(runner.log, timeline, assessment)
    assert evidence.purpose_ms == 0
    assert not evidence.purpose_ran
    assert [s.title for s in evidence.skipped] == ["Arriving"]
    assert [p.title for p in evidence.not_reached] == ["Quiet", "Inquiry"]
    assert evidence.inquiry_taken_ms == 0
    assert evidence.overruns == ()
    untimed = evidence_from_log(runner.log, timeline, None)
    assert untimed.purpose_ms is None
    assert untimed.debrief_ms is None


def test_a_saved_records_snapshot_gives_back_its_plan() -> None:
    """The snapshot keeps durations as whole milliseconds (which a script file reads as seconds): read back,
    they are the script's own, so a report made from the saved record knows the steps never reached."""
    script = parse_script(SCRIPT)
    timeline = compile_script(script)
    clock = ManualClock()
    runner = SessionRunner(timeline, clock)
    runner.start()
    clock.advance(30_000)
    runner.finish()
    record = SessionRecord.begin(script, timeline.total_ms)
    record.absorb(runner.log)
    back = SessionRecord.from_dict(json.loads(json.dumps(record.to_dict())))
    assert script_from_snapshot(back.script_snapshot) == script
    plan = planned_steps_from_snapshot(back.script_snapshot)
    assert plan is not None
    assert [(p.title, p.span_ms) for p in plan] == [
        ("Arriving", 60_000),
        ("A speaks", 120_000),
        ("Quiet", 30_000),
        ("Inquiry", 180_000),
    ]
    evidence = evidence_from_record(back)
    assert [p.title for p in evidence.not_reached] == ["A speaks", "Quiet", "Inquiry"]
    assert evidence.planned_total_ms == 390_000
    assert script_from_snapshot({"steps": "not a list"}) is None
