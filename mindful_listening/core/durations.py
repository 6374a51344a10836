"""Reading and writing the durations facilitators type: "3m", "90s", "1m 30s", "1h" or seconds."""

from __future__ import annotations

import re

_PART = re.compile(r"(\d+(?:\.\d+)?)\s*(ms|h|m|s)", re.IGNORECASE)
_WHOLE = re.compile(r"^\s*(?:\d+(?:\.\d+)?\s*(?:h|m|s|ms)\s*)+$", re.IGNORECASE)
_FACTORS = {"h": 3_600_000, "m": 60_000, "s": 1_000, "ms": 1}

MAX_TEXT_LENGTH = 40


class DurationError(ValueError):
    """A duration a facilitator wrote could not be understood."""


def parse_duration_ms(value: object) -> int:
    """Turn ``"3m"``, ``"1m30s"``, ``"90s"``, ``"1h 5m"`` or a number of seconds into integer milliseconds."""
    if isinstance(value, bool):
        raise DurationError('write a duration such as "3m", "90s" or "1m 30s"')
    if isinstance(value, int | float):
        if value != value or value in (float("inf"), float("-inf")):
            raise DurationError("a duration must be a finite number of seconds")
        return round(value * 1000)
    if not isinstance(value, str):
        raise DurationError('write a duration such as "3m", "90s" or "1m 30s"')
    text = value.strip()
    if len(text) > MAX_TEXT_LENGTH:
        raise DurationError("that duration is too long to be a duration")
    if text.startswith("-"):
        raise DurationError(f'"{value}" is negative; durations count forwards')
    if not _WHOLE.match(text):
        raise DurationError(f'"{value}" is not a duration: write e.g. "3m", "90s" or "1m 30s"')
    total = 0.0
    for number, unit in _PART.findall(text):
        total += float(number) * _FACTORS[unit.lower()]
    return round(total)


def format_clock(ms: int) -> str:
    """Show milliseconds as a countdown reads: ``4:59``, ``1:02:03``; ``+0:05`` when counting past zero.

    Remaining time is rounded up to the whole second, so the display shows 0:00 only at the true end.
    """
    negative = ms < 0
    seconds = (-ms) // 1000 if negative else -(-ms // 1000)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    body = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
    return "+" + body if negative else body


def describe_ms(ms: int) -> str:
    """Words for a span: ``3 min``, ``1 min 30 s``, ``45 s``."""
    seconds = round(ms / 1000)
    minutes, secs = divmod(seconds, 60)
    if minutes >= 60:
        hours, minutes = divmod(minutes, 60)
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    if minutes and secs:
        return f"{minutes} min {secs} s"
    if minutes:
        return f"{minutes} min"
    return f"{secs} s"
