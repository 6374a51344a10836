"""The one-to-one room's timing rules, with numbers: settling, the interval bell, the breathing guide."""

from __future__ import annotations

from mindful_listening.core import quiet_room
from mindful_listening.core.pacer import Pacer, Rhythm


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
