"""The session runner as numbers: deadlines, pauses, extensions, skips, soft landings, records."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from mindful_listening.core.clock import ManualClock
from mindful_listening.core.loading import parse_script
from mindful_listening.core.record import SessionRecord
from mindful_listening.core.runner import (
    CueDue,
    Outcome,
    SessionFinished,
    SessionRunner,
    State,
    StepEnded,
    StepStarted,
    ZeroReached,
)
from mindful_listening.core.timeline import Timeline, compile_script

SCRIPT = b"""
id = "test-pairs"
title = "Test pairs"
mode = "group-pairs"
purpose = "To test."

[[steps]]
kind = "settle"
title = "Arrive"
duration = "10s"
bell = "single"

[[steps]]
kind = "turn"
title = "A speaks"
round = 1
duration = "60s"
landing = "5s"
roles = { speaker = "A", listener = "B" }
[[steps.cues]]
at = "start"
text = "Speaker, you might begin."
[[steps.cues]]
at = "-20s"
text = "Twenty seconds left."
[[steps.cues]]
at = "end"
text = "Let your last words land."

[[steps]]
kind = "turn"
title = "B speaks"
round = 1
duration = "60s"
roles = { speaker = "B", listener = "A" }
[[steps.cues]]
at = "15s"
text = "Fifteen seconds in."

[[steps]]
kind = "closing"
title = "Close"
duration = "20s"
"""


def make(script: bytes = SCRIPT) -> tuple[SessionRunner, ManualClock, Timeline]:
    clock = ManualClock(1_000_000)
    timeline = compile_script(parse_script(script))
    return SessionRunner(timeline, clock), clock, timeline


def cue_texts(events: Sequence[object]) -> list[str]:
    return [e.cue.text for e in events if isinstance(e, CueDue)]


def test_timeline_is_contiguous_and_sums_to_the_total() -> None:
    _, _, timeline = make()
    assert [s.start_ms for s in timeline.steps] == [0, 10_000, 75_000, 135_000]
    assert timeline.total_ms == 155_000
    plan = timeline.to_plan()
    assert [c["at_ms"] for c in plan["steps"][1]["cues"]] == [10_000, 50_000, 70_000]


def test_the_step_bell_rides_on_a_start_cue() -> None:
    _, _, timeline = make()
    first = timeline.steps[0].cues
    assert len(first) == 1
    assert (first[0].text, first[0].bell) == ("", "single")


def test_a_whole_session_runs_on_schedule() -> None:
    runner, clock, _ = make()
    events = runner.start()
    assert isinstance(events[0], StepStarted)
    clock.advance(10_000)
    events = runner.poll()
    assert [type(e) for e in events] == [StepEnded, StepStarted, CueDue]
    assert cue_texts(events) == ["Speaker, you might begin."]
    clock.advance(40_000)
    assert cue_texts(runner.poll()) == ["Twenty seconds left."]
    clock.advance(20_000)
    events = runner.poll()
    assert cue_texts(events) == ["Let your last words land."]
    assert any(isinstance(e, ZeroReached) for e in events)
    assert runner.snapshot().remaining_ms == 0
    clock.advance(3_000)
    assert runner.poll() == []
    assert runner.snapshot().remaining_ms == -3_000
    clock.advance(2_000 + 60_000 + 20_000)
    events = runner.poll()
    assert isinstance(events[-1], SessionFinished)
    assert events[-1].at_ms == 155_000
    assert runner.state is State.FINISHED
    assert [r.actual_ms for r in runner.log.steps] == [10_000, 65_000, 60_000, 20_000]
    assert all(r.outcome is Outcome.COMPLETED for r in runner.log.steps)


def test_a_late_poll_catches_up_without_shifting_the_schedule() -> None:
    runner, clock, _ = make()
    runner.start()
    clock.advance(77_500)  # one long stall across two boundaries
    events = runner.poll()
    starts = [e.at_ms for e in events if isinstance(e, StepStarted)]
    assert starts == [10_000, 75_000]
    cues = [(e.planned_ms, e.at_ms) for e in events if isinstance(e, CueDue)]
    assert cues == [(10_000, 10_000), (50_000, 50_000), (70_000, 70_000)]
    assert runner.remaining_ms() == 57_500


def test_pause_freezes_the_countdown_and_is_recorded() -> None:
    runner, clock, _ = make()
    runner.start()
    clock.advance(4_000)
    runner.pause()
    clock.advance(100_000)
    assert runner.poll() == []
    assert runner.remaining_ms() == 6_000
    runner.resume()
    clock.advance(6_000)
    assert any(isinstance(e, StepStarted) for e in runner.poll())
    assert runner.log.pauses[0].duration_ms == 100_000
    assert runner.log.steps[0].paused_ms == 100_000
    assert runner.log.steps[0].actual_ms == 10_000


def test_extend_moves_warnings_relative_to_the_end() -> None:
    runner, clock, _ = make()
    runner.start()
    clock.advance(10_000)
    runner.poll()
    runner.extend(30_000)
    clock.advance(40_000)
    assert cue_texts(runner.poll()) == []
    clock.advance(30_000)
    assert cue_texts(runner.poll()) == ["Twenty seconds left."]
    assert runner.log.extensions[0].added_ms == 30_000
    assert runner.log.steps[-1].extended_ms == 30_000


def test_skip_back_and_repeat_round() -> None:
    runner, clock, _ = make()
    runner.start()
    clock.advance(2_000)
    events = runner.skip()
    assert runner.index == 1
    assert cue_texts(events) == ["Speaker, you might begin."]
    runner.skip()
    assert runner.index == 2
    clock.advance(1_000)
    runner.repeat_round()
    assert runner.index == 1
    runner.back()
    assert runner.index == 0
    outcomes = [r.outcome for r in runner.log.steps if r.outcome]
    assert outcomes == [Outcome.SKIPPED, Outcome.SKIPPED, Outcome.REPEATED, Outcome.WENT_BACK]
    runner.skip()
    runner.skip()
    runner.skip()
    events = runner.skip()
    assert isinstance(events[-1], SessionFinished)


def test_moving_while_paused_stays_paused_and_holds_the_start_cue() -> None:
    runner, clock, _ = make()
    runner.start()
    runner.pause()
    events = runner.skip()
    assert runner.state is State.PAUSED
    assert cue_texts(events) == []
    clock.advance(5_000)
    assert cue_texts(runner.resume()) == ["Speaker, you might begin."]


def test_open_ended_steps_count_up_until_the_practitioner_moves_on() -> None:
    script = SCRIPT.replace(
        b'title = "Close"\nduration = "20s"', b'title = "Close"\nduration = "20s"\nopen_ended = true'
    )
    runner, clock, _ = make(script)
    runner.start()
    for _ in range(3):
        runner.skip()
    assert runner.step.open_ended
    clock.advance(600_000)
    events = runner.poll()
    assert [type(e) for e in events] == [ZeroReached]
    assert runner.remaining_ms() == -580_000
    assert runner.state is State.RUNNING
    assert isinstance(runner.skip()[-1], SessionFinished)


def test_finish_early_records_the_step_as_finished_early() -> None:
    runner, clock, _ = make()
    runner.start()
    clock.advance(3_000)
    events = runner.finish()
    assert isinstance(events[-1], SessionFinished)
    assert runner.log.steps[-1].outcome is Outcome.FINISHED_EARLY
    assert runner.log.steps[-1].actual_ms == 3_000
    assert runner.finish() == []


def test_next_due_points_at_the_next_cue_and_display_change() -> None:
    runner, clock, _ = make()
    runner.start()
    clock.advance(10_000)
    runner.poll()
    now = clock.now_ms()
    assert runner.next_due_ms() == now + 40_000
    clock.advance(250)
    assert runner.next_display_change_ms() == clock.now_ms() + 750


# ---------------------------------------------------------------- properties
OPS = st.lists(
    st.tuples(
        st.sampled_from(
            ["advance", "pause", "resume", "extend30", "extend60", "skip", "back", "repeat", "toggle"]
        ),
        st.integers(min_value=0, max_value=90_000),
    ),
    max_size=40,
)


def apply(runner: SessionRunner, clock: ManualClock, op: str, amount: int) -> None:
    if op == "advance":
        clock.advance(amount)
        runner.poll()
    elif op == "pause":
        runner.pause()
    elif op == "resume":
        runner.resume()
    elif op == "extend30":
        runner.extend(30_000)
    elif op == "extend60":
        runner.extend(60_000)
    elif op == "skip":
        runner.skip()
    elif op == "back":
        runner.back()
    elif op == "repeat":
        runner.repeat_round()
    else:
        runner.toggle()


@settings(max_examples=200, deadline=None)
@given(OPS, st.lists(st.integers(min_value=0, max_value=5_000), min_size=1, max_size=30))
def test_remaining_time_never_increases_while_running(ops: list[tuple[str, int]], steps: list[int]) -> None:
    runner, clock, _ = make()
    runner.start()
    for op, amount in ops:
        apply(runner, clock, op, amount)
    runner.resume()
    for step in steps:
        before_index, before = runner.index, runner.remaining_ms()
        records = len(runner.log.steps)
        clock.advance(step)
        runner.poll()
        if runner.state is not State.RUNNING:
            break
        if runner.index == before_index and len(runner.log.steps) == records:
            assert runner.remaining_ms() <= before


@settings(max_examples=200, deadline=None)
@given(OPS, st.integers(min_value=0, max_value=10_000_000))
def test_pause_consumes_no_time(ops: list[tuple[str, int]], paused_for: int) -> None:
    runner, clock, _ = make()
    runner.start()
    for op, amount in ops:
        apply(runner, clock, op, amount)
    if runner.state is not State.RUNNING:
        return
    runner.pause()
    index, remaining = runner.index, runner.remaining_ms()
    clock.advance(paused_for)
    runner.poll()
    runner.resume()
    assert (runner.index, runner.remaining_ms()) == (index, remaining)


@settings(max_examples=200, deadline=None)
@given(OPS, st.sampled_from([30_000, 60_000, 1, 12_345]))
def test_extend_adds_exactly_what_it_says(ops: list[tuple[str, int]], extra: int) -> None:
    runner, clock, _ = make()
    runner.start()
    for op, amount in ops:
        apply(runner, clock, op, amount)
    if runner.state not in (State.RUNNING, State.PAUSED):
        return
    before = runner.remaining_ms()
    runner.extend(extra)
    assert runner.remaining_ms() == before + extra


@settings(max_examples=200, deadline=None)
@given(OPS)
def test_every_operation_sequence_ends(ops: list[tuple[str, int]]) -> None:
    runner, clock, timeline = make()
    runner.start()
    for op, amount in ops:
        apply(runner, clock, op, amount)
    runner.resume()
    # With nothing else happening, a bounded wait always reaches the end.
    clock.advance(timeline.total_ms + 10 * 60_000 * len(timeline.steps) + 1)
    runner.poll()
    assert runner.state is State.FINISHED
    assert runner.log.finished_at_ms is not None
    assert all(r.ended_at_ms is not None for r in runner.log.steps)


@given(st.lists(st.tuples(st.integers(1, 600), st.integers(0, 119)), min_size=1, max_size=40))
def test_planned_total_is_the_sum_of_the_steps(spans: list[tuple[int, int]]) -> None:
    body = ['id = "gen"', 'title = "Gen"', 'mode = "one-to-one"', 'purpose = "p"']
    for seconds, landing in spans:
        body += [
            "[[steps]]",
            'kind = "exercise"',
            'title = "x"',
            f"duration = {seconds}",
            f"landing = {landing}",
        ]
    timeline = compile_script(parse_script("\n".join(body).encode()))
    assert timeline.total_ms == sum((s + landing) * 1000 for s, landing in spans)
    plan = timeline.to_plan()
    assert plan["total_ms"] == sum(step["duration_ms"] for step in plan["steps"])
    ends = [s["start_ms"] + s["duration_ms"] for s in plan["steps"]]
    assert [s["start_ms"] for s in plan["steps"][1:]] == ends[:-1]


def test_a_practice_that_stopped_part_way_is_taken_up_where_it_stopped() -> None:
    first, clock, _timeline = make()
    first.start()
    clock.advance(10_000 + 30_000)  # into "A speaks", 30 s
    first.poll()
    earlier = first.log_so_far()
    assert earlier.steps[-1].actual_ms == 30_000
    # The app closes here. Next time, a new runner takes the practice up from what the record kept.
    record = SessionRecord.begin(parse_script(SCRIPT), 0)
    record.absorb(earlier)
    assert record.stopped_at() == (1, 30_000)
    later, clock2, _ = make()
    clock2.advance(3_600_000)  # an hour later
    (started,) = later.take_up(record.session_log(), 1, 30_000)
    assert isinstance(started, StepStarted)
    assert later.state is State.PAUSED, "paused, as the facilitator left it"
    assert later.snapshot().remaining_ms == 30_000
    assert later.snapshot().session_elapsed_ms == 40_000, "session time continues from where it stopped"
    later.resume()
    clock2.advance(9_999)
    assert cue_texts(later.poll()) == [], "the start cue, said before the stop, is not said again"
    clock2.advance(1)
    assert cue_texts(later.poll()) == ["Twenty seconds left."]
    clock2.advance(25_000)
    events = later.poll()
    ended = [e for e in events if isinstance(e, StepEnded)]
    assert [e.record.actual_ms for e in ended] == [65_000], "the step's whole running time, both sittings"
    assert [r.index for r in later.log.steps] == [0, 1, 2], "the record carries on, no step run twice"


def test_a_step_back_or_a_repeat_can_be_undone_and_the_time_since_still_counts() -> None:
    runner, clock, _timeline = make()
    runner.start()
    clock.advance(10_000 + 50_000)  # 50 s into "A speaks": its -20 s cue has been said
    said = cue_texts(runner.poll())
    assert "Twenty seconds left." in said
    before = runner.memento()
    runner.repeat_round()  # pressed R by mistake
    assert runner.index == 1
    assert runner.elapsed_ms() == 0
    clock.advance(3_000)  # noticed three seconds later: Ctrl+Z
    events = runner.restore(before)
    assert runner.index == 1
    assert runner.elapsed_ms() == 53_000, "as if it had never been pressed: the step ran on"
    assert cue_texts(events) == [], "nothing said twice"
    assert [r.outcome for r in runner.log.steps] == [Outcome.COMPLETED, None], "the repeat left no trace"
    clock.advance(7_000)
    assert cue_texts(runner.poll()) == ["Let your last words land."]
    runner.back()
    assert runner.index == 0
    runner.restore(before)  # an older memento: still exactly as then, plus the time since
    assert runner.elapsed_ms() == 60_000
