"""Time beyond a step's plan, told apart by where it came from: added on purpose (a teaching decision), held
at the client's pace in an open-ended step (good practice), and only the rest as running over the plan.
Inquiry time is counted against the script's planned debrief as well as its inquiry steps. Plain values."""

from __future__ import annotations

import json

from mindful_listening.assessment.sample import build_paced_record, paced_script
from mindful_listening.core.assessment import (
    Assessment,
    Extension,
    PlannedStep,
    evidence_from_log,
    evidence_from_record,
    gather_evidence,
    planned_steps_from_snapshot,
    script_from_snapshot,
)
from mindful_listening.core.clock import ManualClock
from mindful_listening.core.criteria import find_criteria
from mindful_listening.core.loading import parse_script
from mindful_listening.core.record import SessionRecord, StepTiming
from mindful_listening.core.runner import SessionRunner
from mindful_listening.core.timeline import compile_script

ONE_TO_ONE = b"""
id = "paced"
title = "Paced"
mode = "one-to-one"
purpose = "To practise at your own pace."
[[steps]]
kind = "settle"
title = "Settling"
duration = "1m"
[[steps]]
kind = "exercise"
title = "Recognise"
duration = "90s"
[[steps]]
kind = "exercise"
title = "Investigate"
duration = "2m"
open_ended = true
[[steps]]
kind = "exercise"
title = "Nurture"
duration = "2m"
open_ended = true
"""


def test_time_added_on_purpose_and_a_step_held_open_are_not_overruns() -> None:
    clock = ManualClock(7_000_000)
    timeline = compile_script(parse_script(ONE_TO_ONE))
    runner = SessionRunner(timeline, clock)
    runner.start()
    clock.advance(60_000)
    runner.poll()  # Settling ran its minute
    clock.advance(80_000)
    runner.extend(30_000)  # at 2:20, 80 s into Recognise: 30 s more
    clock.advance(40_000)  # Recognise ends by itself at 90 s + 30 s
    runner.poll()
    clock.advance(120_000 + 75_000)  # Investigate: its 2 min guide, then 1 min 15 s at the client's pace
    runner.extend(60_000)  # at 6:15, a minute more on purpose, past the guide
    clock.advance(100_000)  # the added minute and 40 s more
    runner.skip()  # moved on when the client was ready
    clock.advance(130_000)  # Nurture: 10 s past its guide, then the practice is ended from it
    runner.finish()

    evidence = evidence_from_log(runner.log, timeline)
    by_title = {s.title: s for s in evidence.steps}
    recognise, investigate, nurture = by_title["Recognise"], by_title["Investigate"], by_title["Nurture"]
    assert (recognise.added_used_ms, recognise.paced_ms, recognise.over_plan_ms) == (30_000, 0, 0)
    assert recognise.extensions == (Extension(step_index=1, at_ms=140_000, added_ms=30_000),)
    assert investigate.open_ended
    assert (investigate.added_used_ms, investigate.paced_ms, investigate.over_plan_ms) == (60_000, 115_000, 0)
    assert investigate.extensions == (Extension(step_index=2, at_ms=375_000, added_ms=60_000),)
    assert (nurture.paced_ms, nurture.over_plan_ms) == (10_000, 0)

    assert [s.title for s in evidence.added] == ["Recognise", "Investigate"]
    assert [s.title for s in evidence.paced] == ["Investigate", "Nurture"]
    assert evidence.overruns == (), "nothing here ran over the plan"
    assert evidence.skipped == (), "an open-ended step moved on from after its guide was not skipped"
    assert not evidence.finished_early, "ending from the last, open-ended step after its guide is its end"
    assert (evidence.extension_count, evidence.extended_ms) == (2, 90_000)
    assert evidence.mode == "one-to-one"


def test_only_the_remainder_beyond_added_time_runs_over_the_plan() -> None:
    def run(index: int, title: str, planned: int, actual: int, added: int, outcome: str) -> StepTiming:
        start = index * 200_000
        return StepTiming(index, "turn", title, planned, actual, start, start + actual, added, 0, 0, outcome)

    plan = [
        PlannedStep(0, "turn", "A speaks", 0, 120_000),
        PlannedStep(1, "turn", "B speaks", 120_000, 120_000),
        PlannedStep(2, "reflect", "Held", 240_000, 60_000, open_ended=True),
    ]
    steps = [
        run(0, "A speaks", 120_000, 170_000, 30_000, "completed"),  # 30 s added, 20 s more than that
        run(1, "B speaks", 120_000, 100_000, 60_000, "skipped"),  # cut short, for all the time added
        run(2, "Held", 60_000, 90_000, 0, "completed"),
    ]
    evidence = gather_evidence(
        steps, plan=plan, extensions=[Extension(0, 100_000, 30_000), Extension(1, 250_000, 60_000)]
    )
    assert [(s.title, s.over_plan_ms) for s in evidence.overruns] == [("A speaks", 20_000)]
    assert evidence.steps[0].added_used_ms == 30_000
    assert evidence.steps[1].added_used_ms == 0
    assert [s.title for s in evidence.skipped] == ["B speaks"]
    assert [(s.title, s.paced_ms) for s in evidence.paced] == [("Held", 30_000)]


def test_an_extension_belongs_to_the_run_it_was_made_in() -> None:
    """A step run twice (the round repeated) has two runs: each keeps its own additions."""
    steps = [
        StepTiming(0, "turn", "Turn", 60_000, 30_000, 0, 30_000, 30_000, 0, 0, "repeated"),
        StepTiming(0, "turn", "Turn", 60_000, 90_000, 30_000, 120_000, 30_000, 0, 0, "completed"),
    ]
    extensions = [Extension(0, 10_000, 30_000), Extension(0, 70_000, 30_000)]
    evidence = gather_evidence(steps, extensions=extensions)
    assert [run.extensions for run in evidence.steps] == [(extensions[0],), (extensions[1],)]


def test_inquiry_counts_the_planned_debrief() -> None:
    script = parse_script(
        ONE_TO_ONE.replace(b'id = "paced"', b'id = "debriefed"') + b'[debrief]\nplanned = "10m"\n'
    )
    timeline = compile_script(script)
    clock = ManualClock()
    runner = SessionRunner(timeline, clock)
    runner.start()
    clock.advance(60_000)
    runner.finish()
    assessment = Assessment.start(find_criteria("observed-mindful-listening"), "C-3", "AT", "2026-11-21")
    assessment.set_stage_duration("debrief", 480_000)
    evidence = evidence_from_log(runner.log, timeline, assessment)
    assert (evidence.inquiry_steps_planned_ms, evidence.debrief_planned_ms) == (0, 600_000)
    assert evidence.inquiry_planned_ms == 600_000
    assert evidence.inquiry_taken_ms == 480_000

    record = SessionRecord.begin(script, timeline.total_ms)
    record.absorb(runner.log)
    back = SessionRecord.from_dict(json.loads(json.dumps(record.to_dict())))
    assert evidence_from_record(back, assessment) == evidence


def test_a_records_snapshot_says_which_steps_wait_for_the_facilitator() -> None:
    record = build_paced_record()
    assert script_from_snapshot(record.script_snapshot) == paced_script()
    plan = planned_steps_from_snapshot(record.script_snapshot)
    assert plan is not None
    assert [(p.title, p.span_ms, p.open_ended) for p in plan] == [
        ("Settling", 60_000, False),
        ("Recognise", 90_000, False),
        ("Investigate with kindness", 120_000, True),
        ("Nurture", 120_000, True),
        ("Returning", 60_000, False),
    ]


def test_the_paced_sample_reads_from_its_record() -> None:
    record = build_paced_record()
    assert record.assessment is not None
    evidence = evidence_from_record(record, Assessment.from_dict(record.assessment))
    assert [(s.title, s.added_used_ms, s.extended_ms) for s in evidence.added] == [
        ("Recognise", 10_000, 60_000)
    ]
    assert [(s.title, s.paced_ms) for s in evidence.paced] == [
        ("Investigate with kindness", 70_000),
        ("Nurture", 45_000),
    ]
    assert evidence.overruns == ()
    assert evidence.skipped == ()
    assert (evidence.debrief_planned_ms, evidence.debrief_ms) == (600_000, 720_000)
