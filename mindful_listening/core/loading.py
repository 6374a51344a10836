"""Reading script files and reporting every problem at once, in words a facilitator can act on.

Each problem names the file, the line where it can be found, the field path (``steps[2].duration``) and the
reason. Nothing here raises anything but :class:`ScriptProblems`: no traceback ever reaches a facilitator.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from mindful_listening.core.script import Script

MAX_FILE_BYTES = 1_000_000
FieldPath = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Problem:
    source: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.field + ': ' if self.field else ''}{self.message}"


class ScriptProblems(Exception):
    """One or more problems with a file; ``str()`` lists them all, one per line."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def format_path(path: FieldPath) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\" ]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")


def locate_lines(text: str) -> dict[FieldPath, int]:
    """Map field paths to the (1-based) line that defines them, for the common hand-written layouts.

    Handles ``[table]``, ``[[array.of.tables]]`` and ``key = value`` lines; values spread over several lines
    or inline tables are located at the line of their key. Good enough to point a facilitator at the spot.
    """
    lines: dict[FieldPath, int] = {}
    counters: dict[tuple[str, ...], int] = {}
    current: FieldPath = ()
    for number, raw in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(raw)
        if header:
            names = tuple(part.strip().strip('"') for part in header.group(2).split("."))
            is_array = header.group(1) == "[["
            resolved: list[str | int] = []
            for depth, name in enumerate(names):
                resolved.append(name)
                prefix = names[: depth + 1]
                last = depth == len(names) - 1
                if is_array and last:
                    key = (*map(str, resolved[:-1]), name)
                    counters[key] = counters.get(key, -1) + 1
                    # Restart nested counters under a new parent element.
                    for other in list(counters):
                        if len(other) > len(key) and other[: len(key)] == key:
                            del counters[other]
                    resolved.append(counters[key])
                elif not last and prefix in counters:
                    resolved.append(counters[prefix])
            current = tuple(resolved)
            lines.setdefault(current, number)
            continue
        key_match = _KEY.match(raw)
        if key_match:
            lines.setdefault((*current, key_match.group(1)), number)
    return lines


def line_for(path: FieldPath, lines: dict[FieldPath, int]) -> int | None:
    """The line of the deepest known prefix of ``path``."""
    for end in range(len(path), 0, -1):
        found = lines.get(tuple(path[:end]))
        if found is not None:
            return found
    return None


def _known_fields(model: type[BaseModel], path: FieldPath) -> list[str]:
    """Field names valid at ``path`` (used to suggest a correction for a typo)."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return []
        annotation = field.annotation
        current = _model_in(annotation)
        if current is None:
            return []
    return list(getattr(current, "model_fields", {}))


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    origin = getattr(annotation, "__origin__", None)
    if origin is not None and origin is not annotation:
        return _model_in(origin)
    return None


def _explain(error: dict[str, Any], model: type[BaseModel]) -> str:
    kind = error["type"]
    loc: FieldPath = tuple(error["loc"])
    given = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return "this is required but missing"
    if kind == "extra_forbidden":
        name = str(loc[-1]) if loc else "?"
        close = difflib.get_close_matches(name, _known_fields(model, loc[:-1]), n=1)
        hint = f' — did you mean "{close[0]}"?' if close else ""
        return f'"{name}" is not a setting here{hint}'
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind in ("literal_error", "enum"):
        expected = ctx.get("expected", "")
        return f"{_show(given)} is not allowed; choose one of {expected}"
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
        return f'{_show(given)} must be lower-case letters, digits and dashes, e.g. "classic-pairs"'
    if kind in (
        "string_type",
        "int_type",
        "int_parsing",
        "bool_type",
        "bool_parsing",
        "list_type",
        "model_type",
        "dict_type",
        "model_attributes_type",
        "float_type",
        "int_from_float",
    ):
        wanted = {
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
        }[kind]
        return f"expected {wanted}, found {_show(given)}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"{_show(given)} is out of range ({error['msg'].lower()})"
    return str(error["msg"])


def _show(value: object) -> str:
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "…"
        return f'"{shown}"'
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def read_toml(data: bytes, source: str, size: int | None = None) -> tuple[dict[str, Any], str]:
    """Decode and parse TOML bytes, turning every failure into a :class:`ScriptProblems`.

    ``size`` is the whole file's size when only its beginning was read.
    """

    def fail(message: str, line: int | None = None) -> ScriptProblems:
        return ScriptProblems([Problem(source, line, "", message)])

    whole = len(data) if size is None else size
    if whole > MAX_FILE_BYTES:
        raise fail(
            f"the file is {whole / 1_000_000:.1f} MB; a script is a small text file "
            f"(at most {MAX_FILE_BYTES // 1_000_000} MB) — is this the right file?"
        )
    if not data.strip():
        raise fail("the file is empty: a script needs at least an id, a title, a mode, a purpose and steps")
    if b"\x00" in data:
        raise fail("this is not a text file (it contains binary data) — is this the right file?")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad_line = data[: exc.start].count(b"\n") + 1
        raise fail("the file is not UTF-8 text; save it as UTF-8 (plain text)", bad_line) from None
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
    except RecursionError:
        raise fail("the file nests brackets too deeply to be a script") from None
    return parsed, text


def validate_model(model: type[M], data: dict[str, Any], text: str, source: str) -> M:
    """Validate parsed TOML against ``model``; every problem is reported at once."""
    lines = locate_lines(text)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            loc: FieldPath = tuple(error["loc"])
            # Pydantic appends the failing validator's name for tagged values; keep the user's path only.
            problems.append(
                Problem(source, line_for(loc, lines), format_path(loc), _explain(dict(error), model))
            )
        raise ScriptProblems(problems) from None
    except RecursionError:
        raise ScriptProblems(
            [Problem(source, None, "", "the file nests tables too deeply to be a script")]
        ) from None


def parse_script(data: bytes, source: str = "<script>", size: int | None = None) -> Script:
    parsed, text = read_toml(data, source, size)
    script = validate_model(Script, parsed, text, source)
    extra = script.role_problems() + script.round_problems()
    if extra:
        lines = locate_lines(text)
        raise ScriptProblems([Problem(source, line_for(p, lines), format_path(p), m) for p, m in extra])
    return script


def read_capped(path: Path, kind: str = "script") -> tuple[bytes, int]:
    """A file's first ``MAX_FILE_BYTES + 1`` bytes and its full size; a clear problem if it cannot be read.

    Reading stops just past the limit, so a huge file costs no more than a small one to turn down.
    """
    source = str(path)
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise ScriptProblems([Problem(source, None, "", "no such file")]) from None
    except IsADirectoryError:
        raise ScriptProblems([Problem(source, None, "", f"this is a folder, not a {kind} file")]) from None
    except OSError as exc:
        raise ScriptProblems([Problem(source, None, "", f"cannot be read: {exc.strerror}")]) from None
    return data, max(size, len(data))


def load_script(path: str | Path) -> Script:
    """Read and validate one script file."""
    path = Path(path)
    data, size = read_capped(path)
    return parse_script(data, str(path), size)
