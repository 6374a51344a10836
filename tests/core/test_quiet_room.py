"""The one-to-one room's timing rules, with numbers: settling, the interval bell, the breathing guide."""

from __future__ import annotations

from mindful_listening.core import quiet_room
from mindful_listening.core.clock import ManualClock
from mindful_listening.core.loading import parse_script
from mindful_listening.core.pacer import Pacer, Rhythm
from mindful_listening.core.runner import Companion, SessionRunner
from mindful_listening.core.timeline import compile_script


def test_the_settling_countdown_redraws_on_each_whole_second_and_ends_at_zero() -> None:
    assert quiet_room.settle_left_ms(1_000, 21_000) == 20_000
    assert quiet_room.settle_redraw_in_ms(20_000) == 1_000
    assert quiet_room.settle_redraw_in_ms(19_250) == 250
    assert quiet_room.settle_left_ms(21_500, 21_000) == 0


def test_interval_bells_fall_on_each_interval_of_running_time_and_a_stall_rings_once() -> None:
    five_min = 300_000
    assert quiet_room.interval_bell_due_ms(0, five_min) == 300_000
    assert quiet_room.interval_bell_due_ms(2, five_min) == 900_000
    assert quiet_room.interval_bell_due_ms(0, 0) is None
    assert quiet_room.interval_bells_reached(299_999, five_min, 0) == 0
    assert quiet_room.interval_bells_reached(300_000, five_min, 0) == 1
    # A stall that ran past three intervals: the count catches up, so the caller rings once, not three times.
    assert quiet_room.interval_bells_reached(1_000_000, five_min, 1) == 3
    assert quiet_room.interval_bells_reached(1_000_000, 0, 1) == 1


def test_the_breathing_guide_voices_each_phase_of_each_breath_once() -> None:
    pacer = Pacer(Rhythm(4_000, 6_000))
    first = quiet_room.guide_due(pacer.at(0), None)
    assert first == (1, "in")
    assert quiet_room.guide_due(pacer.at(3_999), first) is None
    out = quiet_room.guide_due(pacer.at(4_000), first)
    assert out == (1, "out")
    assert quiet_room.guide_due(pacer.at(10_000), out) == (2, "in")


BREATHING = b"""
id = "quiet"
title = "Quiet"
mode = "one-to-one"
purpose = "To rest with the breath."

[[steps]]
kind = "settle"
title = "Arrive"
duration = "10s"

[[steps]]
kind = "breathe"
title = "Breathe"
duration = "5m"
breathing = { inhale = 4, exhale = 6 }
"""


def _runner(*companions: Companion) -> tuple[SessionRunner, ManualClock]:
    clock = ManualClock()
    runner = SessionRunner(compile_script(parse_script(BREATHING)), clock, companions)
    return runner, clock


def test_the_interval_bell_is_a_runner_event_on_running_time_and_a_pause_holds_it() -> None:
    bells = quiet_room.IntervalBells(60_000)
    runner, clock = _runner(bells)
    runner.start()
    assert runner.next_due_ms() == 10_000, "the step's end comes first"
    clock.advance(10_000)
    runner.poll()
    assert runner.next_due_ms() == 60_000, "then the bell, a minute of running time in"
    clock.advance(30_000)
    runner.pause()
    clock.advance(500_000)  # a long pause: no bell
    assert runner.poll() == []
    runner.resume()
    clock.advance(19_999)
    assert not [e for e in runner.poll() if isinstance(e, quiet_room.IntervalBell)]
    clock.advance(1)
    rung = [e for e in runner.poll() if isinstance(e, quiet_room.IntervalBell)]
    assert [(e.count, e.at_ms) for e in rung] == [(1, 560_000)]
    clock.advance(200_000)  # a stall over three intervals: one bell
    rung = [e for e in runner.poll() if isinstance(e, quiet_room.IntervalBell)]
    assert [e.count for e in rung] == [4]
    bells.reset_interval(120_000, runner.active_ms())
    assert bells.due_in_ms(runner, clock.now_ms()) == 100_000, "a new interval counts from now on"


def test_the_breathing_guide_turns_with_the_breath_through_the_runner_and_waits_for_a_rhythm_change() -> None:
    guide = quiet_room.BreathGuide()
    runner, clock = _runner(guide)
    assert [e for e in runner.start() if isinstance(e, quiet_room.BreathTurn)] == []
    assert guide.pacer is None, "the settling step is not guided"
    clock.advance(10_000)
    turns = [e for e in runner.poll() if isinstance(e, quiet_room.BreathTurn)]
    assert [(t.breath, t.phase) for t in turns] == [(1, "in")]
    assert runner.next_due_ms() == 14_000
    clock.advance(4_000)
    turns = [e for e in runner.poll() if isinstance(e, quiet_room.BreathTurn)]
    assert [(t.breath, t.phase, t.at_ms) for t in turns] == [(1, "out", 14_000)]
    clock.advance(3_000)  # half-way out, the practitioner slows the breath to 8 s out
    guide.set_rhythm(Rhythm(4_000, 8_000), runner.elapsed_ms())
    assert runner.next_due_ms() == 17_000 + 4_000, "half of the new out-breath is left"
    guide.voiced = False
    assert guide.due_in_ms(runner, clock.now_ms()) is None, "a silent guide never wakes the timer"
    clock.advance(4_000)
    assert [e for e in runner.poll() if isinstance(e, quiet_room.BreathTurn)] == [], "silent guide: no turns"
