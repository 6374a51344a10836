"""Reading and writing the durations facilitators type: "3m", "90s", "1m 30s", "1h" or seconds.

Every number is range-checked before it is converted, so no duration, however absurd (``1e308``, a
320-digit number), can overflow: anything beyond :data:`LONGEST_MS` is refused in words. Only the digits
0–9 count: ``"٣m"`` or a full-width ``"３m"`` is refused with a hint, never read as three minutes.
"""

from __future__ import annotations

import re
from fractions import Fraction

from mindful_listening.core.characters import quoted

# re.ASCII: \d is 0-9 only and IGNORECASE folds ASCII only (else "1ſ", with a long s, matched "s").
_PART = re.compile(r"(\d+(?:\.\d+)?)\s*(ms|h|m|s)", re.IGNORECASE | re.ASCII)
_WHOLE = re.compile(r"^\s*(?:\d+(?:\.\d+)?\s*(?:h|m|s|ms)\s*)+$", re.IGNORECASE | re.ASCII)
_FACTORS = {"h": 3_600_000, "m": 60_000, "s": 1_000, "ms": 1}

MAX_TEXT_LENGTH = 40
# Far beyond anything a script may hold (a step is at most 3 hours, a session 8): longer is refused here,
# before any arithmetic, so the limits' own messages only ever see numbers of a sensible size.
LONGEST_MS = 1000 * 3_600_000
_HINT = 'write a duration such as "3m", "90s" or "1m 30s"'


class DurationError(ValueError):
    """A duration a facilitator wrote could not be understood."""


def parse_duration_ms(value: object) -> int:
    """Turn ``"3m"``, ``"1m30s"``, ``"90s"``, ``"1h 5m"`` or a number of seconds into integer milliseconds."""
    if isinstance(value, bool):
        raise DurationError(_HINT)
    if isinstance(value, int):
        if value < 0:
            raise DurationError(f"{_number(value)} is negative; durations count forwards")
        if value > LONGEST_MS // 1000:
            raise DurationError(f"{_seconds(value)} is {_TOO_LONG}")
        return value * 1000
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise DurationError("a duration must be a finite number of seconds")
        if value < 0:
            raise DurationError(f"{value:g} is negative; durations count forwards")
        if value > LONGEST_MS / 1000:
            raise DurationError(f"{value:g} seconds is {_TOO_LONG}")
        return round(Fraction(value) * 1000)
    if not isinstance(value, str):
        raise DurationError(_HINT)
    text = value.strip()
    if len(text) > MAX_TEXT_LENGTH:
        raise DurationError("that duration is too long to be a duration")
    if text.startswith("-"):
        raise DurationError(f"{quoted(value)} is negative; durations count forwards")
    if any(char.isdigit() and not char.isascii() for char in text):
        raise DurationError(
            f'{quoted(value)} uses digits other than 0–9: write the number with 0–9, e.g. "3m"'
        )
    if not _WHOLE.match(text):
        raise DurationError(f'{quoted(value)} is not a duration: write e.g. "3m", "90s" or "1m 30s"')
    # Exact arithmetic (no float rounding, no overflow): at most 40 characters, so at most 20 small parts.
    total = sum(
        (int(number) if number.isdigit() else Fraction(number)) * _FACTORS[unit.lower()]
        for number, unit in _PART.findall(text)
    )
    if total > LONGEST_MS:
        raise DurationError(f"{quoted(value)} is {_TOO_LONG}")
    return round(total)


_TOO_LONG = "far longer than anything in a session (more than 1000 hours)"


def _number(value: int) -> str:
    """A whole number as a message can show it: in full up to 20 digits, else about how many digits it has
    (never ``str()`` of a huge number, which is slow and, past 4300 digits, refused by Python)."""
    if abs(value) < 10**20:
        return str(value)
    return f"a {int(abs(value).bit_length() * 0.30103) + 1}-digit number"


def _seconds(value: int) -> str:
    shown = _number(value)
    return f"{shown} seconds" if shown[0] != "a" else f"{shown} of seconds"


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
    """Words for a span, to the nearest second: ``3 min``, ``1 min 30 s``, ``45 s``, ``2 h 5 min``.

    Integer arithmetic only (half a second rounds to even, as ``round`` does), so any whole number works.
    """
    seconds, rest = divmod(ms, 1000)
    if rest > 500 or (rest == 500 and seconds % 2):
        seconds += 1
    minutes, secs = divmod(seconds, 60)
    if minutes >= 60:
        hours, minutes = divmod(minutes, 60)
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    if minutes and secs:
        return f"{minutes} min {secs} s"
    if minutes:
        return f"{minutes} min"
    return f"{secs} s"


def describe_exact_ms(ms: int) -> str:
    """Words for a span to the millisecond, leaving out what is zero: ``8 h 1 ms``, ``3 h 400 ms``, ``0 s``.

    For limits, where the nearest second would hide the excess ("8 h" for 8 h and 1 ms).
    """
    sign = "-" if ms < 0 else ""
    seconds, millis = divmod(abs(ms), 1000)
    minutes, secs = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{n} {unit}" for n, unit in ((hours, "h"), (minutes, "min"), (secs, "s"), (millis, "ms")) if n]
    return sign + (" ".join(parts) or "0 s")
