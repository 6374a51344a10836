"""Reading script files and reporting every problem at once, in words a facilitator can act on.

Each problem names the file, the line where it can be found, the field path (``steps[2].duration``) and the
reason. Nothing here raises anything but :class:`ScriptProblems`: no traceback ever reaches a facilitator, and
no file can stall the reader. Before any parsing, the input is read once (a file, a pipe, a FIFO or standard
input as ``-``), its size and encoding are checked, and one linear pass over the text measures what could make
the parser slow (:data:`MAX_LINE_CHARS`, :data:`MAX_STRING_CHARS`, :data:`MAX_NESTING`, :data:`MAX_KEY_PARTS`,
the number of ``[[steps]]`` and of ``[[steps.cues]]`` in a step); only then is it parsed and validated. The
measured worst case for a file is in docs/performance.md (``benchmarks/fuzz_reader.py``).

A valid script may still carry **warnings** (:func:`check_script`): things that work but are probably not what
the facilitator meant, such as two cues due at the same instant. ``validate`` shows them; they never stop a
script from being used.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from mindful_listening.core.characters import printable, quoted
from mindful_listening.core.checks import cross_problems, partial_script, script_warnings
from mindful_listening.core.models import InvalidModel
from mindful_listening.core.script import MAX_CUES, MAX_STEPS, Script

if TYPE_CHECKING:  # the criteria's models are pydantic's; the scripts' are not, and start without it
    from pydantic import BaseModel

MAX_FILE_BYTES = 1_000_000
# The longest text a script may hold is 4,000 characters; a line or a string several times that is not a
# script. Measured (benchmarks/fuzz_reader.py): below these, no file takes the reader long.
MAX_LINE_CHARS = 20_000
MAX_STRING_CHARS = 40_000
MAX_NESTING = 16  # brackets and braces inside one another; a script needs 3
MAX_KEY_PARTS = 10  # a.b.c: a script needs 2 ([[steps.cues]]); tomllib is quadratic in this
MAX_REPORTED = 100  # problems listed for one file; past that, a count
STDIN = "-"
STDIN_NAME = "<stdin>"
FieldPath = tuple[str | int, ...]
M = TypeVar("M", bound="BaseModel")


class _Invalid(Protocol):
    """Problems in pydantic's shape: a pydantic ``ValidationError``, or the scripts' ``InvalidModel``."""

    def errors(self, *, include_url: bool = ...) -> Sequence[Any]: ...

    def error_count(self) -> int: ...


@dataclass(frozen=True)
class Problem:
    """Something wrong in a script file (or, as a warning, worth a second look), and where."""

    source: str
    line: int | None
    field: str
    message: str
    warning: bool = False  # something that works but may not be what was meant; never stops a script

    def __str__(self) -> str:
        # Everything here may come from the file (its name, its keys, its values): never let it steer the
        # terminal or split the line.
        where = printable(f"{self.source}:{self.line}" if self.line else self.source)
        kind = "warning: " if self.warning else ""
        field = printable(self.field) + ": " if self.field else ""
        return f"{where}: {kind}{field}{printable(self.message)}"


class ScriptProblems(Exception):
    """One or more problems with a file; ``str()`` lists them all, one per line."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Checked:
    """A script that can be used, with whatever it may not mean (``warnings``: :class:`Problem` s)."""

    script: Script
    warnings: list[Problem] = field(default_factory=list)


def format_path(path: FieldPath) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + printable(part)
    return out


# One token of TOML, for measuring and for finding lines; never for meaning (tomllib decides that). Every
# alternative is linear (possessive loops, no two ways to match one character); blanks are skipped. Compiled
# when first needed (6 ms): a start whose built-ins are kept (0013) and hold no warning scans no text.
_TOKEN_PATTERN = (
    r'''(?P<mlb>"""(?:[^"\\]|\\.|"(?!""))*+(?:"{3,5})?)'''
    r"""|(?P<mll>'''(?:[^']|'(?!''))*+(?:'{3,5})?)"""
    r"""|(?P<basic>"(?:[^"\\\n]|\\.)*+"?)"""
    r"""|(?P<literal>'[^'\n]*+'?)"""
    r"|(?P<comment>\#[^\n]*+)"
    r"|(?P<newline>\n)"
    r"|(?P<punct>[\[\]{}=,.])"
    r"""|(?P<bare>[^\s"'#\[\]{}=,.]++)"""
)


@cache
def _token() -> re.Pattern[str]:
    return re.compile(_TOKEN_PATTERN, re.DOTALL)


# _Scan and _Open are plain classes, not dataclasses: a dataclass compiles its methods as its class is made
# (~1 ms of every start each), and these two need none of them.
class _Scan:
    """What one linear pass over a TOML text found: where each field is, and what is too big to parse."""

    __slots__ = ("lines", "oversized", "step_headers")

    def __init__(self) -> None:
        self.lines: dict[FieldPath, int] = {}
        self.oversized: list[tuple[int, str]] = []
        self.step_headers = 0


class _Open:
    """An open ``[`` (array) or ``{`` (inline table) and the field path it belongs to."""

    __slots__ = ("items", "kind", "path")

    def __init__(self, kind: str, path: FieldPath) -> None:
        self.kind = kind
        self.path = path
        self.items = 0


@lru_cache(maxsize=2)  # read_toml measures, then validation finds lines: one pass serves both
def _scan(text: str) -> _Scan:
    """Measure ``text`` and map field paths to their (1-based) lines, in one pass that cannot backtrack.

    Handles ``[table]`` and ``[[array.of.tables]]`` headers, ``key = value`` and dotted keys, inline tables
    (``roles = { speaker = "A" }``) and arrays of them, and skips everything inside strings and comments.
    A value spread over several lines is found at the line of its key.
    """
    scan = _Scan()
    lines = scan.lines
    told: set[str] = set()

    def too_big(kind: str, line: int, message: str) -> None:
        if kind not in told:
            told.add(kind)
            scan.oversized.append((line, message))

    for number, raw in enumerate(text.split("\n"), start=1):
        if len(raw) > MAX_LINE_CHARS:
            too_big(
                "line",
                number,
                f"this line is {len(raw):,} characters long; a script's lines are at most "
                f"{MAX_LINE_CHARS:,} (is this the right file?)",
            )
            break

    counters: dict[tuple[str, ...], int] = {}
    table: FieldPath = ()  # the path of the current [table] or [[array]] element
    stack: list[_Open] = []  # open [ and { of the value being read
    line = 1
    key: list[str] = []  # parts of the key being read
    at_key = True  # where a key may be: the start of a line outside any value, or inside { }
    value_path: FieldPath = ()  # the key the value being read belongs to
    header: list[str] | None = None  # the parts of a [header] being read
    double = False  # [[header]]
    header_done = False  # its ] is read: ignore the rest of the line
    for token in _token().finditer(text):
        kind = token.lastgroup
        value = token.group()
        if kind == "newline":
            line += 1
            if not stack:
                at_key, key, header, header_done = True, [], None, False
            continue
        if kind == "comment" or header_done:
            continue
        part: str | None = None
        if kind == "bare":
            part = value
        elif kind is not None and kind != "punct":
            quote = 3 if kind in ("mlb", "mll") else 1
            length = max(0, len(value) - 2 * quote)
            if length > MAX_STRING_CHARS:
                too_big(
                    "string",
                    line,
                    f"a text here is {length:,} characters long; a script's texts are at "
                    f"most {MAX_STRING_CHARS:,} (the longest setting takes 4,000)",
                )
            part = value[quote : len(value) - quote] if len(value) >= 2 * quote else value[quote:]
            line += value.count("\n")
        if header is not None:
            if part is not None:
                header.append(part)
            elif value == "[" and not double and not header and text.startswith("[", token.start() - 1):
                double = True
            elif value == "]":
                if len(header) > MAX_KEY_PARTS:
                    too_big("key", line, _deep_key(len(header)))
                table = _header_path(header[:MAX_KEY_PARTS], double, counters)
                for end in range(1, len(table) + 1):
                    lines.setdefault(table[:end], line)
                if double and header == ["steps"]:
                    scan.step_headers += 1
                    if scan.step_headers == MAX_STEPS + 1:
                        too_big(
                            "steps", line, f"this is step {MAX_STEPS + 1}: a script has at most {MAX_STEPS}"
                        )
                elif double and header == ["steps", "cues"] and counters[("steps", "cues")] == MAX_CUES:
                    cues = f"this is cue {MAX_CUES + 1} of a step: a step has at most {MAX_CUES}"
                    too_big("cues", line, cues)
                header_done = True
            continue
        if at_key:
            if part is not None:
                key.append(part)
            elif value == "[" and not stack and not key:
                header, double = [], False
            elif value == "=":
                base = stack[-1].path if stack else table
                if len(key) > MAX_KEY_PARTS:
                    too_big("key", line, _deep_key(len(key)))
                if len(base) <= MAX_NESTING:  # deeper, paths would grow with the depth: the file is refused
                    value_path = (*base, *key[:MAX_KEY_PARTS])
                    for end in range(len(base) + 1, len(value_path) + 1):
                        lines.setdefault(value_path[:end], line)
                at_key, key = False, []
            continue
        # Reading a value.
        if value in ("[", "{"):
            if len(stack) >= MAX_NESTING:
                parent = stack[-1].path  # refused below: keep the pass linear, paths no longer grow
            elif stack and stack[-1].kind == "[":
                parent = (*stack[-1].path, stack[-1].items)
            else:
                parent = value_path
            stack.append(_Open(value, parent))
            if len(stack) > MAX_NESTING:
                too_big(
                    "nesting",
                    line,
                    f"brackets are nested more than {MAX_NESTING} deep here; a script needs 3 at most",
                )
            if value == "{":
                lines.setdefault(parent, line)
                at_key, key = True, []
        elif value in ("]", "}"):
            if stack:
                stack.pop()
        elif value == ",":
            if stack and stack[-1].kind == "[":
                stack[-1].items += 1
            elif stack:
                at_key, key = True, []
    return scan


def _deep_key(parts: int) -> str:
    many = f"{parts:,}" if parts < 1000 else "thousands of"
    return (
        f"a setting name here has {many} parts (a.b.c…); a script's setting names have at most "
        f"{MAX_KEY_PARTS} (they need 2)"
    )


def _header_path(names: list[str], is_array: bool, counters: dict[tuple[str, ...], int]) -> FieldPath:
    """The field path a ``[a.b]`` or ``[[a.b]]`` header opens, counting array elements as they come."""
    resolved: list[str | int] = []
    for depth, name in enumerate(names):
        resolved.append(name)
        prefix = tuple(names[: depth + 1])
        if is_array and depth == len(names) - 1:
            counters[prefix] = counters.get(prefix, -1) + 1
            # A new parent element restarts the counters nested under it.
            for other in [o for o in counters if len(o) > len(prefix) and o[: len(prefix)] == prefix]:
                del counters[other]
            resolved.append(counters[prefix])
        elif prefix in counters:
            resolved.append(counters[prefix])
    return tuple(resolved)


def locate_lines(text: str) -> dict[FieldPath, int]:
    """Map field paths to the (1-based) line that defines them, for the common hand-written layouts.

    Handles ``[table]``, ``[[array.of.tables]]``, ``key = value`` and inline tables; values spread over
    several lines are located at the line of their key. Linear in the length of ``text``, whatever it holds.
    """
    return _scan(text).lines


def line_for(path: FieldPath, lines: dict[FieldPath, int]) -> int | None:
    """The line of the deepest known prefix of ``path``."""
    for end in range(len(path), 0, -1):
        found = lines.get(tuple(path[:end]))
        if found is not None:
            return found
    return None


def _known_fields(model: type[Any], path: FieldPath) -> list[str]:
    """Field names valid at ``path`` (used to suggest a correction for a typo)."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        found = getattr(current, "model_fields", {}).get(part)
        if found is None:
            return []
        current = _model_in(found.annotation)
        if current is None:
            return []
    return list(getattr(current, "model_fields", {}))


def _model_in(annotation: Any) -> type[Any] | None:
    """The model (pydantic's, or one of the scripts') an annotation holds, if any."""
    if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    origin = getattr(annotation, "__origin__", None)
    if origin is not None and origin is not annotation:
        return _model_in(origin)
    return None


_WANTED = {
    "string_type": "text in quotes",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list in [ ]",
    "model_type": "a table of settings",
    "dict_type": "a table of settings",
    "model_attributes_type": "a table of settings",
}
_BOUNDS = {
    "greater_than_equal": ("ge", "too small: it must be at least {}"),
    "greater_than": ("gt", "too small: it must be above {}"),
    "less_than_equal": ("le", "too large: it can be at most {}"),
    "less_than": ("lt", "too large: it must be below {}"),
}


def _explain(error: dict[str, Any], model: type[Any]) -> str:
    kind = error["type"]
    loc: FieldPath = tuple(error["loc"])
    given = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return "this is required but missing"
    if kind == "extra_forbidden":
        name = str(loc[-1]) if loc else "?"
        import difflib  # a misspelt key's suggestion; nothing at start needs it

        close = difflib.get_close_matches(name[:100], _known_fields(model, loc[:-1]), n=1)
        hint = f' — did you mean "{close[0]}"?' if close else ""
        return f"{quoted(name)} is not a setting here{hint}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind in ("literal_error", "enum"):
        expected = ctx.get("expected", "")
        return f"{show_value(given)} is not allowed; choose one of {expected}"
    if kind == "string_too_short":
        return "this must not be empty"
    if kind == "string_too_long":
        return f"this is too long (at most {ctx.get('max_length')} characters)"
    if kind == "too_short":
        least = ctx.get("min_length")
        return "this needs at least 1 item" if least == 1 else f"this needs at least {least} items"
    if kind == "too_long":
        return f"this has too many items (at most {ctx.get('max_length')})"
    if kind == "string_pattern_mismatch":
        return f'{show_value(given)} must be lower-case letters, digits and dashes, e.g. "classic-pairs"'
    if kind in _WANTED:
        return f"expected {_WANTED[kind]}, found {show_value(given)}"
    if kind in _BOUNDS:
        name, words = _BOUNDS[kind]
        return f"{show_value(given)} is {words.format(ctx.get(name))}"
    return str(error["msg"])


def show_value(value: object) -> str:
    """A TOML value as the facilitator wrote it, in words: ``"text"``, ``42``, ``true``, ``a date (…)``.

    Never Python's spelling (``datetime.datetime(1979, 5, 27, …)``, ``True``), never a raw control character,
    never a number too long to read.
    """
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value) if abs(value) < 10**20 else f"a number {len(str(abs(value)))} digits long"
    if isinstance(value, float):
        return {"inf": "inf", "-inf": "-inf", "nan": "nan"}.get(str(value), f"{value:g}")
    if isinstance(value, datetime):
        return f"a date and time ({value.isoformat(sep=' ')})"
    if isinstance(value, date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, time):
        return f"a time of day ({value.isoformat()})"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return "a value"


def _encoding_of(data: bytes) -> str | None:
    """``"UTF-16"`` or ``"UTF-32"`` when ``data`` is text saved that way (what Windows Notepad calls
    "Unicode"), with or without a byte-order mark; else ``None``.

    Such a file is refused with a request to save it as UTF-8, not decoded: the format is UTF-8 (one
    encoding, no guessing), and saying so is more use to the next reader of the file than a silent fix.
    """
    sample = data[:4000]
    for encoding, codecs in (
        ("UTF-32", ("utf-32", "utf-32-le", "utf-32-be")),
        ("UTF-16", ("utf-16", "utf-16-le", "utf-16-be")),
    ):
        has_bom = (
            sample.startswith((b"\xff\xfe", b"\xfe\xff"))
            if encoding == "UTF-16"
            else sample.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"))
        )
        if not has_bom and b"\x00" not in sample:
            continue
        width = 4 if encoding == "UTF-32" else 2
        cut = sample[: len(sample) - len(sample) % width]
        for codec in codecs[:1] if has_bom else codecs[1:]:
            try:
                text = cut.decode(codec)
            except UnicodeDecodeError:
                continue
            if text and sum(ch.isprintable() or ch in "\n\r\t" for ch in text) >= 0.95 * len(text):
                return encoding
    return None


def _size(count: int) -> str:
    return f"{count / 1_000_000:.1f} MB" if count >= 1_100_000 else f"{count:,} bytes"


def read_toml(data: bytes, source: str, size: int | None = None) -> tuple[dict[str, Any], str]:
    """Decode, measure and parse TOML bytes, turning every failure into a :class:`ScriptProblems`.

    ``size`` is the whole file's size when only its beginning was read.
    """

    def fail(message: str, line: int | None = None) -> ScriptProblems:
        return ScriptProblems([Problem(source, line, "", message)])

    whole = len(data) if size is None else size
    if whole > MAX_FILE_BYTES:
        raise fail(
            f"the file is {_size(whole)}; a script is a small text file "
            f"(at most {MAX_FILE_BYTES // 1_000_000} MB) — is this the right file?"
        )
    if not data.strip():
        raise fail("the file is empty: a script needs at least an id, a title, a mode, a purpose and steps")
    encoding = _encoding_of(data)
    if encoding is not None:
        raise fail(
            f"this file is saved as {encoding} text; save it as UTF-8 (plain text), the encoding a script is "
            "read in (most editors offer it under Save As ▸ Encoding)"
        )
    if b"\x00" in data:
        raise fail("this is not a text file (it contains binary data) — is this the right file?")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad_line = data[: exc.start].count(b"\n") + 1
        raise fail("the file is not UTF-8 text; save it as UTF-8 (plain text)", bad_line) from None
    scan = _scan(text)
    if scan.oversized:
        raise ScriptProblems([Problem(source, line, "", message) for line, message in sorted(scan.oversized)])
    import tomllib  # loaded with the first file read: a start whose built-ins are kept (0013) reads none

    try:
        parsed = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = re.search(r"\(at line (\d+), column (\d+)\)", message)
        line = int(found.group(1)) if found else None
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", message).rstrip(".")
        column = f", column {found.group(2)}" if found else ""
        raise fail(
            f"this is not valid TOML ({reason}{column}); check quotes, brackets and '=' signs", line
        ) from None
    except ValueError:  # a whole number of more than 4,300 digits: Python refuses to read it
        raise fail(
            "a number in this file has thousands of digits; no setting takes a number that long"
        ) from None
    except RecursionError:
        raise fail("the file nests brackets too deeply to be a script") from None
    return parsed, text


def validate_model(model: type[M], data: dict[str, Any], text: str, source: str) -> M:
    """Validate parsed TOML against ``model``; every problem is reported at once (the first
    :data:`MAX_REPORTED` explained, then how many more). ``model`` is pydantic's (the criteria's)."""
    from pydantic import ValidationError  # loaded when a pydantic model is read, not with the scripts

    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ScriptProblems(_problems_of(exc, model, locate_lines(text), source)) from None
    except RecursionError:
        raise ScriptProblems(
            [Problem(source, None, "", "the file nests tables too deeply to be a script")]
        ) from None


def _problems_of(
    exc: _Invalid,
    model: type[Any],
    lines: dict[FieldPath, int],
    source: str,
    more: Sequence[Problem] = (),
) -> list[Problem]:
    """The validation errors (and ``more`` problems) in the facilitator's words, by line; past
    :data:`MAX_REPORTED`, a count of the rest (explaining 100,000 typos would take a while)."""
    problems = [
        Problem(
            source, line_for(tuple(e["loc"]), lines), format_path(tuple(e["loc"])), _explain(dict(e), model)
        )
        for e in exc.errors(include_url=False)[:MAX_REPORTED]
    ]
    problems += more
    hidden = exc.error_count() - min(exc.error_count(), MAX_REPORTED)
    problems.sort(key=lambda p: p.line or 0)  # the whole file's first, then by line
    if len(problems) > MAX_REPORTED:
        hidden += len(problems) - MAX_REPORTED
        problems = problems[:MAX_REPORTED]
    if hidden:
        problems.append(Problem(source, None, "", f"… and {hidden:,} more problems like these"))
    return problems


def check_script(data: bytes, source: str = "<script>", size: int | None = None) -> Checked:
    """Read and check a script: every problem at once (:class:`ScriptProblems`), or the script and its
    warnings.

    Problems that need the whole script (roles for the mode, rounds, the 8-hour limit) are found even when
    other fields have problems, from the steps that can be read.
    """
    parsed, text = read_toml(data, source, size)
    return check_parsed(parsed, text, source)


def check_parsed(parsed: dict[str, Any], text: str, source: str) -> Checked:
    """:func:`check_script` for TOML already read (``text``, to find lines) and parsed."""
    steps = parsed.get("steps")
    if isinstance(steps, list) and len(steps) > MAX_STEPS:  # written inline: steps = [{…}, {…}, …]
        raise ScriptProblems(
            [Problem(source, None, "steps", f"{len(steps):,} steps: a script has at most {MAX_STEPS}")]
        )
    try:
        script = Script.model_validate(parsed)
    except InvalidModel as exc:
        lines = locate_lines(text)
        more: list[Problem] = []
        partial = partial_script(parsed)
        if partial is not None:
            readable, complete = partial
            told = {tuple(e["loc"]) for e in exc.errors(include_url=False)}
            more = [
                Problem(source, line_for(path, lines), format_path(path), message)
                for path, message in cross_problems(readable, complete, prompts=True)
                if path not in told  # a prompt the model has already named
            ]
        raise ScriptProblems(_problems_of(exc, Script, lines, source, more)) from None
    except RecursionError:
        raise ScriptProblems(
            [Problem(source, None, "", "the file nests tables too deeply to be a script")]
        ) from None
    extra = cross_problems(script)
    found = script_warnings(script)
    if not extra and not found:
        return Checked(script)
    lines = locate_lines(text)
    if extra:
        problems = [Problem(source, line_for(p, lines), format_path(p), m) for p, m in extra]
        raise ScriptProblems(sorted(problems, key=lambda p: p.line or 0))
    return Checked(
        script, [Problem(source, line_for(p, lines), format_path(p), m, warning=True) for p, m in found]
    )


def parse_script(data: bytes, source: str = "<script>", size: int | None = None) -> Script:
    """Read and validate a script (its warnings are for ``validate``: see :func:`check_script`)."""
    return check_script(data, source, size).script


def read_capped(path: str | Path, kind: str = "script") -> tuple[bytes, int]:
    """The first ``MAX_FILE_BYTES + 1`` bytes of a file (``-``: standard input) and its full size; a clear
    problem if it cannot be read.

    Reading stops just past the limit, so a huge file costs no more than a small one to turn down, and it
    happens once: a pipe or a FIFO (``<(…)``, ``mkfifo``) can be read only once, so every caller reads here
    and works on the bytes.
    """
    if str(path) == STDIN:
        stream = sys.stdin.buffer if sys.stdin is not None else None
        if stream is None:
            raise ScriptProblems([Problem(STDIN_NAME, None, "", "there is no standard input to read")])
        try:
            data = stream.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise ScriptProblems([Problem(STDIN_NAME, None, "", f"cannot be read: {exc.strerror}")]) from None
        return data, len(data)
    source = str(path)
    try:
        with Path(path).open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise ScriptProblems([Problem(source, None, "", "no such file")]) from None
    except IsADirectoryError:
        raise ScriptProblems([Problem(source, None, "", f"this is a folder, not a {kind} file")]) from None
    except OSError as exc:
        raise ScriptProblems([Problem(source, None, "", f"cannot be read: {exc.strerror}")]) from None
    return data, max(size, len(data))


def source_name(path: str | Path) -> str:
    """How a file is named in its problems: its path, or ``<stdin>`` for ``-``."""
    return STDIN_NAME if str(path) == STDIN else str(path)


def load_script(path: str | Path) -> Script:
    """Read and validate one script file (``-``: standard input)."""
    return check_script_file(path).script


def check_script_file(path: str | Path) -> Checked:
    """Read one script file once (``-``: standard input) and check it: see :func:`check_script`."""
    data, size = read_capped(path)
    return check_script(data, source_name(path), size)
