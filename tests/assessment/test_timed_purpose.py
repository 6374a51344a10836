"""A whole lesson states its purpose on the clock: the evidence counts that step as stating the purpose."""

from __future__ import annotations

from mindful_listening.core.assessment import evidence_from_log
from mindful_listening.core.clock import ManualClock
from mindful_listening.core.library import find_script
from mindful_listening.core.runner import SessionRunner
from mindful_listening.core.script import StepKind
from mindful_listening.core.timeline import compile_script


def test_a_timed_purpose_step_counts_as_the_purpose_stated() -> None:
    timeline = compile_script(find_script("whole-lesson-pairs"))
    assert timeline.steps[0].kind is StepKind.PURPOSE
    clock = ManualClock()
    runner = SessionRunner(timeline, clock)
    runner.start()
    clock.advance(150_000)
    runner.skip()  # the purpose stated in 2 min 30 s
    clock.advance(20_000)
    runner.poll()
    evidence = evidence_from_log(runner.log, timeline)
    assert evidence.purpose_ms == 150_000
    assert evidence.purpose_ran


def test_a_script_without_a_purpose_step_leaves_the_purpose_to_its_stage() -> None:
    timeline = compile_script(find_script("classic-pairs"))
    clock = ManualClock()
    runner = SessionRunner(timeline, clock)
    runner.start()
    clock.advance(30_000)
    runner.poll()
    assert evidence_from_log(runner.log, timeline).purpose_ms is None, "not recorded by the stage here"
