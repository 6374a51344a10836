"""One-to-one scripts on the plain core runner (what the audio-only ``play`` command drives, without Qt)."""

from __future__ import annotations

import pytest

from mindful_listening.core.clock import ManualClock
from mindful_listening.core.pacer import Pacer, Rhythm
from mindful_listening.core.runner import (
    CueDue,
    SessionFinished,
    SessionRunner,
    State,
    StepStarted,
    ZeroReached,
)
from mindful_listening.core.script import Mode, Script, StepKind
from mindful_listening.core.timeline import compile_script
from mindful_listening.ui.one_to_one import one_to_one_scripts

EXPECTED_BUILTINS = {"soothing-rhythm-breathing", "rain", "mindful-pause"}


def test_an_open_ended_step_counts_up_until_the_practitioner_moves_on(rain_script: Script) -> None:
    clock = ManualClock(5_000)
    runner = SessionRunner(compile_script(rain_script), clock)
    events = runner.start()
    assert isinstance(events[0], StepStarted)
    clock.advance(60_000)
    zero = runner.poll()
    assert [type(e) for e in zero] == [ZeroReached]
    assert runner.next_due_ms() is None, "nothing is scheduled: the runner waits for a person"
    clock.advance(80_000)
    assert runner.poll() == []
    snap = runner.snapshot()
    assert (snap.index, snap.remaining_ms, snap.past_zero) == (0, -80_000, True)
    moved = runner.skip()
    started = [e for e in moved if isinstance(e, StepStarted)]
    assert [s.step.title for s in started] == ["Allow"]
    assert runner.log.steps[0].actual_ms == 140_000
    assert runner.log.steps[0].outcome is not None
    assert runner.log.steps[0].outcome.value == "skipped"


def test_a_closed_step_after_open_ones_ends_on_its_own(rain_script: Script) -> None:
    clock = ManualClock()
    runner = SessionRunner(compile_script(rain_script), clock)
    runner.start()
    runner.skip()
    runner.skip()
    clock.advance(60_000)
    events = runner.poll()
    assert any(isinstance(e, SessionFinished) for e in events)
    assert runner.state is State.FINISHED


def test_breathing_steps_carry_their_rhythm_to_the_pacer(breathing_script: Script) -> None:
    timeline = compile_script(breathing_script)
    breathe = next(step for step in timeline.steps if step.kind is StepKind.BREATHE)
    assert Rhythm.from_breathing(breathe.breathing) == Rhythm(4_000, 6_000)
    # The pacer is driven by the step's own running time: a pause in the runner is a pause in the breath.
    clock = ManualClock()
    runner = SessionRunner(timeline, clock)
    runner.start()
    runner.skip()
    pacer = Pacer(Rhythm.from_breathing(breathe.breathing))
    clock.advance(3_000)
    runner.pause()
    clock.advance(60_000)
    runner.resume()
    clock.advance(1_000)
    assert pacer.at(runner.elapsed_ms()).phase == "out"
    assert pacer.at(runner.elapsed_ms()).phase_elapsed_ms == 0


def test_the_builtin_one_to_one_scripts_are_offered() -> None:
    ids = {script.id for script in one_to_one_scripts()}
    if not ids:
        pytest.skip("the built-in one-to-one scripts are not installed yet")
    assert ids >= EXPECTED_BUILTINS
    assert all(script.mode is Mode.ONE_TO_ONE for script in one_to_one_scripts())


@pytest.mark.parametrize("script_id", sorted(EXPECTED_BUILTINS))
def test_each_builtin_runs_on_the_core_runner_to_the_end(script_id: str) -> None:
    scripts = {script.id: script for script in one_to_one_scripts()}
    if script_id not in scripts:
        pytest.skip(f"{script_id} is not installed yet")
    timeline = compile_script(scripts[script_id])
    clock = ManualClock()
    runner = SessionRunner(timeline, clock)
    cues: list[tuple[int, CueDue]] = []  # (when the step began, the cue)
    step_began = 0
    events = runner.start()
    for _ in range(len(timeline.steps) * 4 + 10):
        for event in events:
            if isinstance(event, StepStarted):
                step_began = event.at_ms
            elif isinstance(event, CueDue):
                cues.append((step_began, event))
        if runner.state is State.FINISHED:
            break
        due = runner.next_due_ms()
        if due is None:  # an open-ended step waits for the practitioner
            assert runner.step.open_ended
            clock.advance(30_000)
            events = [*runner.poll(), *runner.skip()]
        else:
            clock.set(due)
            events = runner.poll()
    assert runner.state is State.FINISHED
    assert any(c.cue.text for _, c in cues), "each exercise has gentle spoken prompts"
    for began, c in cues:  # every cue on time within its step, however long earlier steps waited
        assert c.at_ms - began == c.cue.offset_ms(c.step.duration_ms)
    for step in timeline.steps:
        if step.kind is StepKind.BREATHE:
            assert step.breathing is not None
