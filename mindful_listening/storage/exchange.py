"""The session JSON file: written for backups and moving machines, read back with every field checked.

The format is documented in docs/records-format.md. One file holds one session (the record's fields at the
top level, beside ``format`` and ``format_version``), or several under ``"sessions"``. Reading never
half-succeeds: every record in the file is checked before anything is stored, and any problem raises
:class:`ImportProblem` naming the file, the session and the field. Qt-free.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import MISSING, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mindful_listening import __version__
from mindful_listening.core import reflection
from mindful_listening.core.record import Note, SessionRecord, StageNote, StepTiming
from mindful_listening.storage import derive
from mindful_listening.storage.text import tr

FORMAT_ONE = "mindful-listening-session"
FORMAT_MANY = "mindful-listening-sessions"
# 2: the reflection through a framework (``reflection_framework``, ``reflection_stages``). Version 1 files
# (without them) read as before; an app that knows only 1 refuses a version 2 file, rather than drop stages.
FORMAT_VERSION = 2
MAX_FILE_BYTES = 50_000_000
MAX_SESSIONS = 100_000
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


class ImportProblem(Exception):
    """A file that cannot be imported; ``str()`` says which file, which session, which field and why."""


# ---------------------------------------------------------------------------------------------- writing
def record_document(record: SessionRecord) -> dict[str, Any]:
    """The JSON document for one session: format marker first, then the record's own fields."""
    document: dict[str, Any] = {
        "format": FORMAT_ONE,
        "format_version": FORMAT_VERSION,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "exported_by": f"mindful-listening {__version__}",
    }
    document.update(json.loads(derive.snapshot(record)))
    return document


def records_document(records: list[SessionRecord]) -> dict[str, Any]:
    return {
        "format": FORMAT_MANY,
        "format_version": FORMAT_VERSION,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "exported_by": f"mindful-listening {__version__}",
        "sessions": [json.loads(derive.snapshot(r)) for r in records],
    }


def to_json(record: SessionRecord) -> str:
    return json.dumps(record_document(record), indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------------------------------------- reading
def read_records(path: str | Path) -> list[SessionRecord]:
    """Every session in an exported JSON file, each checked field by field. Raises :class:`ImportProblem`."""
    source = str(path)
    try:
        with Path(path).open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise _problem(source, tr("no such file")) from None
    except IsADirectoryError:
        raise _problem(source, tr("this is a folder, not an exported session")) from None
    except OSError as exc:
        raise _problem(source, tr("cannot be read ({reason})").format(reason=exc.strerror)) from None
    if len(raw) > MAX_FILE_BYTES:
        raise _problem(source, tr("the file is too large to be exported sessions"))
    return parse_records(raw, source)


def parse_records(raw: bytes, source: str = "JSON") -> list[SessionRecord]:
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise _problem(source, tr("the file is not UTF-8 text: is it an exported session?")) from None
    except json.JSONDecodeError as exc:
        raise _problem(
            source,
            tr("this is not valid JSON ({reason} at line {line}, column {column})").format(
                reason=exc.msg, line=exc.lineno, column=exc.colno
            ),
        ) from None
    items = _items(document, source)
    if not items:
        raise _problem(source, tr("the file holds no sessions"))
    if len(items) > MAX_SESSIONS:
        raise _problem(source, tr("the file holds too many sessions to import at once"))
    records: list[SessionRecord] = []
    for number, item in enumerate(items, start=1):
        where = source if len(items) == 1 else f"{source}, session {number}"
        records.append(check_record(item, where))
    return records


def _items(document: object, source: str) -> list[Any]:
    if isinstance(document, list):
        return document
    if not isinstance(document, dict):
        raise _problem(source, tr("expected a JSON object holding an exported session"))
    marker = document.get("format")
    if marker is not None and marker not in (FORMAT_ONE, FORMAT_MANY):
        raise _problem(
            source, tr('"format" is {value!r}: this is not an exported session').format(value=marker)
        )
    version = document.get("format_version", FORMAT_VERSION)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _problem(source, tr('"format_version" must be a whole number from 1'))
    if version > FORMAT_VERSION:
        raise _problem(
            source,
            tr(
                "this file was written by a newer version of Mindful Listening (format {version}): "
                "update the app to read it"
            ).format(version=version),
        )
    if "sessions" in document:
        sessions = document["sessions"]
        if not isinstance(sessions, list):
            raise _problem(source, tr('"sessions" must be a list of sessions'))
        return sessions
    return [document]


# Field checks: each returns the value (possibly normalised) or raises ValueError with the reason.
def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(tr("must be text"))
    return value


def _opt_text(value: Any) -> str | None:
    return None if value is None else _text(value)


def _whole(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(tr("must be a whole number"))
    return value


def _opt_whole(value: Any) -> int | None:
    return None if value is None else _whole(value)


def _speed(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < float("inf"):
        raise ValueError(tr("must be a number above 0 (1 for real time)"))
    return float(value)


def _time(value: Any) -> str:
    text = _text(value)
    try:
        derive.utc_key(text)
    except ValueError:
        raise ValueError(tr("must be a date and time such as 2026-03-01T14:30:00+00:00")) from None
    return text


def _opt_time(value: Any) -> str | None:
    return None if value is None else _time(value)


def _object(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(tr("must be an object"))
    return value


def _opt_object(value: Any) -> dict[str, Any] | None:
    return None if value is None else _object(value)


def _id(value: Any) -> str:
    text = _text(value)
    if not ID_PATTERN.match(text):
        raise ValueError(tr("must be 1–64 letters, digits, '-' or '_'"))
    return text


def _list_of(check: Callable[[Any], Any]) -> Callable[[Any], list[Any]]:
    def run(value: Any) -> list[Any]:
        if not isinstance(value, list):
            raise ValueError(tr("must be a list"))
        out = []
        for index, item in enumerate(value):
            try:
                out.append(check(item))
            except ValueError as exc:
                raise ValueError(f"[{index}] {exc}") from None
        return out

    return run


def _whole_map(value: Any) -> dict[str, int]:
    data = _object(value)
    for key, inner in data.items():
        try:
            _whole(inner)
        except ValueError as exc:
            raise ValueError(f"{key}: {exc}") from None
    return data


_STEP_CHECKS: dict[str, Callable[[Any], Any]] = {
    "index": _whole,
    "kind": _text,
    "title": _text,
    "planned_ms": _whole,
    "actual_ms": _whole,
    "started_at_ms": _whole,
    "ended_at_ms": _opt_whole,
    "extended_ms": _whole,
    "paused_ms": _whole,
    "pauses": _whole,
    "outcome": _text,
}


def _step(value: Any) -> StepTiming:
    data = _object(value)
    return StepTiming(**_fields(data, _STEP_CHECKS, StepTiming))


def _note(value: Any) -> Note:
    data = _object(value)
    checks: dict[str, Callable[[Any], Any]] = {"prompt": _text, "text": _text, "layer": _text, "role": _text}
    return Note(**_fields(data, checks, Note))


def _framework(value: Any) -> str:
    text = _text(value)
    if text not in reflection.FRAMEWORK_CHOICES:
        raise ValueError(
            tr("must be one of {choices}").format(
                choices=", ".join(f'"{c}"' for c in reflection.FRAMEWORK_CHOICES)
            )
        )
    return text


def _stage_note(value: Any) -> StageNote:
    data = _object(value)
    checks: dict[str, Callable[[Any], Any]] = {"framework": _text, "stage": _text, "text": _text}
    note = StageNote(**_fields(data, checks, StageNote))
    if note.framework not in reflection.STRUCTURED:
        raise ValueError(
            tr('"framework" must be one of {choices}').format(
                choices=", ".join(f'"{c}"' for c in reflection.STRUCTURED)
            )
        )
    known = reflection.framework(note.framework)
    if known.stage(note.stage) is None:
        raise ValueError(
            tr('"stage" {stage!r} is not a stage of {framework}: use {stages}').format(
                stage=note.stage, framework=note.framework, stages=", ".join(s.key for s in known.stages)
            )
        )
    return note


def _stage_notes(value: Any) -> list[StageNote]:
    notes: list[StageNote] = _list_of(_stage_note)(value)
    seen: set[tuple[str, str]] = set()
    for index, note in enumerate(notes):
        key = (note.framework, note.stage)
        if key in seen:
            raise ValueError(
                tr("[{index}] {framework} {stage} is written twice: keep one").format(
                    index=index, framework=note.framework, stage=note.stage
                )
            )
        seen.add(key)
    return notes


def _fields(data: dict[str, Any], checks: dict[str, Callable[[Any], Any]], kind: type) -> dict[str, Any]:
    required = {f.name for f in fields(kind) if f.default is MISSING and f.default_factory is MISSING}
    values: dict[str, Any] = {}
    for name, check in checks.items():
        if name not in data:
            if name in required:
                raise ValueError(tr('"{name}" is missing').format(name=name))
            continue
        try:
            values[name] = check(data[name])
        except ValueError as exc:
            raise ValueError(f'"{name}" {exc}') from None
    return values


_RECORD_CHECKS: dict[str, Callable[[Any], Any]] = {
    "id": _id,
    "script_id": _text,
    "script_title": _text,
    "mode": _text,
    "script_snapshot": _object,
    "started_at": _time,
    "ended_at": _opt_time,
    "source": _text,
    "speed": _speed,
    "participants": _list_of(_text),
    "planned_total_ms": _whole,
    "steps": _list_of(_step),
    "pauses": _list_of(_whole_map),
    "extensions": _list_of(_whole_map),
    "cues": _list_of(_object),
    "notes": _list_of(_note),
    "free_notes": _text,
    "reflection": _text,
    "reflection_framework": _framework,
    "reflection_stages": _stage_notes,
    "assessment": _opt_object,
}


def check_record(item: Any, where: str) -> SessionRecord:
    """One session from parsed JSON, every field checked; unknown fields are ignored (later additions)."""
    if not isinstance(item, dict):
        raise _problem(where, tr("a session must be a JSON object"))
    label = where
    if isinstance(item.get("id"), str):
        label = f"{where} (session {item['id']})"
    try:
        values = _fields(item, _RECORD_CHECKS, SessionRecord)
    except ValueError as exc:
        raise _problem(label, str(exc)) from None
    return SessionRecord(**values)


def _problem(where: str, message: str) -> ImportProblem:
    return ImportProblem(f"{where}: {message}")
