"""Cues in a step's soft landing: ``at = "+10s"`` is ten seconds after the countdown reaches zero.

The landing is part of the step's planned time, so a cue may sit in it: validated to lie inside it, compiled
to its exact millisecond, fired by the runner at that instant (after the zero crossing), and moved with the
end when time is added. Plain numbers on a manual clock.
"""

from __future__ import annotations

import pytest

from mindful_listening.core.clock import ManualClock
from mindful_listening.core.loading import ScriptProblems, parse_script
from mindful_listening.core.runner import CueDue, SessionRunner, StepStarted, ZeroReached
from mindful_listening.core.timeline import CueKind, compile_script

LANDING = b"""
id = "landing-cues"
title = "Landing cues"
mode = "group-pairs"
purpose = "To test."

[[steps]]
kind = "settle"
title = "Arrive"
duration = "10s"

[[steps]]
kind = "turn"
title = "A speaks"
round = 1
duration = "60s"
landing = "20s"
roles = { speaker = "A", listener = "B" }
[[steps.cues]]
at = "+10s"
text = "Thank you. Let's rest a moment before we go on."
[[steps.cues]]
at = "end"
text = "Let your last words land."

[[steps]]
kind = "closing"
title = "Close"
duration = "20s"
"""


def make(script: bytes = LANDING) -> tuple[SessionRunner, ManualClock]:
    clock = ManualClock(5_000)
    return SessionRunner(compile_script(parse_script(script)), clock), clock


def problems(script: bytes) -> list[str]:
    with pytest.raises(ScriptProblems) as raised:
        parse_script(script, "s.toml")
    return [str(p) for p in raised.value.problems]


def test_a_cue_after_zero_sits_in_the_landing_of_the_plan() -> None:
    script = parse_script(LANDING)
    assert script.steps[1].cues[0].anchor() == ("landing", 10_000)
    timeline = compile_script(script)
    turn = timeline.steps[1]
    assert [c.kind for c in turn.cues] == [CueKind.END, CueKind.LANDING], "sorted by when they fall"
    assert [c.offset_ms(turn.duration_ms) for c in turn.cues] == [60_000, 70_000]
    plan = timeline.to_plan()["steps"][1]
    assert [(c["at_ms"], c["kind"]) for c in plan["cues"]] == [(70_000, "end"), (80_000, "landing")]
    assert timeline.total_ms == 110_000, "the landing was part of the time already"


def test_the_runner_says_it_at_its_instant_after_the_zero_crossing() -> None:
    runner, clock = make()
    runner.start()
    clock.advance(10_000)
    runner.poll()
    clock.advance(60_000)
    events = runner.poll()
    assert [type(e) for e in events] == [CueDue, ZeroReached]
    assert runner.next_due_ms() == clock.now_ms() + 10_000, "the timer wakes for the landing cue"
    clock.advance(9_999)
    assert runner.poll() == []
    clock.advance(1)
    (due,) = runner.poll()
    assert isinstance(due, CueDue)
    assert due.cue.text.startswith("Thank you.")
    assert (due.planned_ms, due.at_ms) == (80_000, 80_000)
    assert runner.log.cues[-1].at_ms == 80_000


def test_a_late_poll_gives_zero_before_the_landing_cue_and_the_schedule_holds() -> None:
    runner, clock = make()
    runner.start()
    clock.advance(10_000 + 60_000 + 25_000)  # one stall across zero, the landing cue and the step's end
    events = runner.poll()
    kinds = [type(e).__name__ for e in events if isinstance(e, CueDue | ZeroReached | StepStarted)]
    assert kinds == ["StepStarted", "CueDue", "ZeroReached", "CueDue", "StepStarted"]
    zero = next(e for e in events if isinstance(e, ZeroReached))
    assert zero.at_ms == 70_000
    assert [e.at_ms for e in events if isinstance(e, CueDue)] == [70_000, 80_000]
    assert runner.index == 2
    assert runner.elapsed_ms() == 5_000


def test_time_added_moves_a_landing_cue_with_the_end() -> None:
    runner, clock = make()
    runner.start()
    clock.advance(10_000 + 30_000)
    runner.poll()
    runner.extend(30_000)
    clock.advance(30_000 + 30_000 + 9_999)
    assert [e.cue.text[:9] for e in runner.poll() if isinstance(e, CueDue)] == ["Let your "]
    clock.advance(1)
    (due,) = runner.poll()
    assert isinstance(due, CueDue)
    assert due.at_ms == 10_000 + 90_000 + 10_000


def test_a_landing_cue_taken_up_after_it_was_said_is_not_said_again() -> None:
    runner, clock = make()
    runner.start()
    clock.advance(10_000 + 75_000)
    runner.poll()
    log = runner.log
    again = SessionRunner(runner.timeline, clock)
    again.take_up(log, 1, 75_000)
    again.resume()
    clock.advance(5_000)
    assert not [e for e in again.poll() if isinstance(e, CueDue)]


def test_a_cue_past_the_landing_or_in_a_step_without_one_is_reported() -> None:
    past = LANDING.replace(b'at = "+10s"', b'at = "+25s"')
    (problem,) = problems(past)
    assert "s.toml:" in problem
    assert "steps[1]" in problem
    assert 'the cue at "+25s" falls after the 20 s soft landing of this step (25 s after zero)' in problem
    none = LANDING.replace(b'landing = "20s"\n', b"")
    (problem,) = problems(none)
    assert 'the cue at "+10s" is timed after zero, in a soft landing, but this step has none' in problem
    assert 'landing = "20s"' in problem


def test_the_landing_form_is_named_when_a_cue_time_is_not_understood() -> None:
    (problem,) = problems(LANDING.replace(b'at = "+10s"', b'at = "+soon"'))
    assert "steps[1].cues[0].at" in problem
    assert 'a time in the soft landing after zero like "+10s"' in problem
    assert problems(LANDING.replace(b'at = "+10s"', b'at = "+-10s"'))


def test_the_whole_landing_may_be_used_and_zero_after_zero_is_the_end() -> None:
    whole = parse_script(LANDING.replace(b'at = "+10s"', b'at = "+20s"'))
    assert compile_script(whole).to_plan()["steps"][1]["cues"][-1]["at_ms"] == 90_000
    at_zero = compile_script(parse_script(LANDING.replace(b'at = "+10s"', b'at = "+0s"')))
    assert {c.kind for c in at_zero.steps[1].cues} == {CueKind.END}
