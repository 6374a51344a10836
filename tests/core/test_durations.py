from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mindful_listening.core.durations import DurationError, describe_ms, format_clock, parse_duration_ms


@pytest.mark.parametrize(
    ("text", "ms"),
    [
        ("3m", 180_000),
        ("90s", 90_000),
        ("1m 30s", 90_000),
        ("1m30s", 90_000),
        ("1h", 3_600_000),
        ("1.5s", 1_500),
        ("250ms", 250),
        (45, 45_000),
        (2.5, 2_500),
        ("2M", 120_000),
    ],
)
def test_durations_facilitators_write(text: object, ms: int) -> None:
    assert parse_duration_ms(text) == ms


@pytest.mark.parametrize("text", ["", "three minutes", "3 minutes", "-3m", "3", "m", True, None, "1m-30s"])
def test_nonsense_durations_are_refused_with_a_hint(text: object) -> None:
    with pytest.raises(DurationError) as raised:
        parse_duration_ms(text)
    assert str(raised.value)


@pytest.mark.parametrize(
    ("ms", "shown"),
    [
        (300_000, "5:00"),
        (299_001, "5:00"),
        (299_000, "4:59"),
        (1, "0:01"),
        (0, "0:00"),
        (-1, "+0:00"),
        (-5_000, "+0:05"),
        (3_723_000, "1:02:03"),
    ],
)
def test_clock_display_rounds_remaining_time_up(ms: int, shown: str) -> None:
    assert format_clock(ms) == shown


def test_spans_in_words() -> None:
    assert describe_ms(90_000) == "1 min 30 s"
    assert describe_ms(180_000) == "3 min"
    assert describe_ms(45_000) == "45 s"
    assert describe_ms(3_900_000) == "1 h 5 min"


@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=0, max_value=59))
def test_minutes_and_seconds_add_up(minutes: int, seconds: int) -> None:
    assert parse_duration_ms(f"{minutes}m {seconds}s") == (minutes * 60 + seconds) * 1000
