from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mindful_listening.core.durations import (
    DurationError,
    describe_exact_ms,
    describe_ms,
    format_clock,
    parse_duration_ms,
)


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


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (1e308, "1e+308 seconds is far longer than anything in a session"),
        (10**320, "a 321-digit number of seconds is far longer"),
        (-5, "-5 is negative"),
        ("99999999999999999999999999999999999h", "far longer than anything in a session"),
        ("٣m", "uses digits other than 0–9"),
        ("３m", "uses digits other than 0–9"),
        ("1ſ", "is not a duration"),  # a long s: IGNORECASE matched it as "s", then no unit had that name
        ("a\nb", '"a\\nb" is not a duration'),
    ],
)
def test_absurd_durations_are_refused_in_words_before_any_arithmetic(value: object, words: str) -> None:
    with pytest.raises(DurationError) as raised:
        parse_duration_ms(value)
    assert words in str(raised.value)


def test_decimals_are_exact() -> None:
    assert parse_duration_ms("0.1s") == 100
    assert parse_duration_ms("1.0005s") == 1000  # half a millisecond rounds to even, as round() does
    assert parse_duration_ms(0.3) == 300


def test_spans_in_exact_words_for_limits() -> None:
    assert describe_exact_ms(8 * 3_600_000 + 1) == "8 h 1 ms"
    assert describe_exact_ms(90_500) == "1 min 30 s 500 ms"
    assert describe_exact_ms(0) == "0 s"
    assert describe_ms(10**320).endswith(" h 46 min")
