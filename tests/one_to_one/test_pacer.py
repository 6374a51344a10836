"""The breathing pacer as plain numbers: exact phase boundaries, counts, and continuous re-timing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mindful_listening.core.pacer import (
    MAX_PHASE_MS,
    MIN_PHASE_MS,
    Pacer,
    Rhythm,
    openness_of,
    pace_at,
)
from mindful_listening.core.script import Breathing

phase_ms = st.integers(MIN_PHASE_MS, MAX_PHASE_MS)
rhythms = st.builds(Rhythm, phase_ms, phase_ms)
elapsed = st.integers(0, 3 * 3_600_000)


def test_phase_boundaries_are_exact_to_the_millisecond() -> None:
    rhythm = Rhythm(4_000, 6_000)
    assert pace_at(rhythm, 0).phase == "in"
    assert pace_at(rhythm, 3_999).phase == "in"
    assert pace_at(rhythm, 4_000).phase == "out"
    assert pace_at(rhythm, 9_999).phase == "out"
    assert pace_at(rhythm, 10_000).phase == "in"
    assert pace_at(rhythm, 10_000).breath == 2
    assert pace_at(rhythm, 9_999).breath == 1


def test_fraction_count_and_next_change_mid_in_breath() -> None:
    pace = pace_at(Rhythm(5_000, 5_000), 12_500)  # breath 2, half-way in
    assert pace.phase == "in"
    assert pace.breath == 2
    assert pace.fraction == 0.5
    assert pace.phase_elapsed_ms == 2_500
    assert pace.phase_remaining_ms == 2_500
    assert pace.next_change_ms == 15_000
    assert pace.second_of_phase == 3  # "In 3…": counting up, never down
    assert pace.openness == pytest.approx(0.5)


def test_openness_turns_smoothly_at_the_top_and_bottom_of_the_breath() -> None:
    assert openness_of("in", 0.0) == 0.0
    assert openness_of("in", 1.0) == pytest.approx(1.0)
    assert openness_of("out", 0.0) == 1.0
    assert openness_of("out", 1.0) == pytest.approx(0.0)
    # Eased: slow near the turns, so the first tenth of a breath moves the circle less than a tenth.
    assert openness_of("in", 0.1) < 0.1


def test_changes_between_lists_every_turn_of_the_breath_in_order() -> None:
    pacer = Pacer(Rhythm(4_000, 6_000))
    assert list(pacer.changes_between(0, 20_000)) == [
        (4_000, "out"),
        (10_000, "in"),
        (14_000, "out"),
        (20_000, "in"),
    ]
    assert list(pacer.changes_between(4_000, 9_999)) == []


def test_rhythm_comes_from_the_step_or_a_gentle_default() -> None:
    assert Rhythm.from_breathing(None) == Rhythm(5_000, 5_000)
    assert Rhythm.from_breathing(Breathing(inhale="4s", exhale="7s")) == Rhythm(4_000, 7_000)
    assert Rhythm.from_seconds(4.5, 6.25) == Rhythm(4_500, 6_250)
    assert Rhythm.from_seconds(0.2, 99) == Rhythm(MIN_PHASE_MS, MAX_PHASE_MS)


@pytest.mark.parametrize(("inhale", "exhale"), [(999, 5_000), (5_000, 20_001), (0, 0)])
def test_rhythm_outside_a_comfortable_breath_is_refused(inhale: int, exhale: int) -> None:
    with pytest.raises(ValueError, match="comfortable breath"):
        Rhythm(inhale, exhale)


def test_retiming_mid_in_breath_keeps_the_breath_and_moves_at_the_new_pace() -> None:
    pacer = Pacer(Rhythm(5_000, 5_000))
    before = pacer.at(12_500)  # breath 2, half-way in
    slower = pacer.retimed(Rhythm(8_000, 8_000), 12_500)
    after = slower.at(12_500)
    assert (after.phase, after.breath, after.fraction) == ("in", 2, before.fraction)
    # The rest of this in-breath takes half of the new 8 s; then the out-breath lasts a full 8 s.
    assert slower.next_change_ms(12_500) == 16_500
    assert slower.at(16_500).phase == "out"
    assert slower.next_change_ms(16_500) == 24_500
    assert slower.at(24_500).breath == 3


@given(rhythms, rhythms, elapsed, st.integers(0, 200_000))
def test_retiming_is_continuous_and_later_turns_fall_on_the_new_rhythm(
    old: Rhythm, new: Rhythm, at: int, later: int
) -> None:
    pacer = Pacer(old, anchor_ms=0)
    before = pacer.at(at)
    retimed = pacer.retimed(new, at)
    after = retimed.at(at)
    assert after.phase == before.phase
    assert after.breath == before.breath
    assert abs(after.fraction - before.fraction) <= 1 / new.phase_ms(after.phase)
    assert abs(after.openness - before.openness) <= 0.01
    # From the next turn on, each phase lasts exactly what the new rhythm says.
    first = retimed.next_change_ms(at)
    assert at < first <= at + new.phase_ms(after.phase)
    t = first
    for _ in range(3):
        pace = retimed.at(t)
        assert pace.phase_elapsed_ms == 0
        nxt = retimed.next_change_ms(t)
        assert nxt - t == new.phase_ms(pace.phase)
        t = nxt
    # And it never runs backwards: the breath count only grows.
    assert retimed.at(at + later).breath >= before.breath


@given(rhythms, elapsed)
def test_every_instant_is_inside_its_phase(rhythm: Rhythm, t: int) -> None:
    pace = pace_at(rhythm, t)
    assert 0 <= pace.fraction < 1
    assert 0 <= pace.phase_elapsed_ms < pace.phase_ms
    assert pace.next_change_ms - t == pace.phase_remaining_ms
    assert pace.breath == t // rhythm.cycle_ms + 1
    assert pace_at(rhythm, pace.next_change_ms).phase != pace.phase


@given(rhythms, elapsed)
def test_the_circle_never_jumps_at_a_turn_of_the_breath(rhythm: Rhythm, t: int) -> None:
    turn = pace_at(rhythm, t).next_change_ms
    just_before = pace_at(rhythm, turn - 1).openness
    at_turn = pace_at(rhythm, turn).openness
    assert abs(at_turn - just_before) < 0.001
