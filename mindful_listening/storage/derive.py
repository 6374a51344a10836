"""What the database keeps beside each record's JSON: sortable times, and the text the search index holds.

Plain functions of a record's dictionary (``SessionRecord.to_dict()`` or its JSON), Qt-free, used when saving
and by the migrations that rebuild the index.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from mindful_listening.core.record import SessionRecord


def _default(value: object) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return value.__dict__
    raise TypeError(f"a session record cannot hold a {type(value).__name__}")


_ENCODER = json.JSONEncoder(default=_default, ensure_ascii=False, separators=(",", ":"))


def snapshot(record: SessionRecord) -> str:
    """The record as compact JSON: an immutable copy taken in a fraction of a millisecond.

    Cheaper than ``to_dict()`` (which deep-copies) by an order of magnitude, so it is what the autosaver does
    on the GUI thread. The result equals ``json.dumps(record.to_dict())`` in content.
    """
    return _ENCODER.encode(record)


def utc_key(value: str | None) -> str | None:
    """An ISO 8601 time as UTC ``YYYY-MM-DDTHH:MM:SS+00:00``, so times sort as text.

    A time without an offset is taken as UTC (as the app writes it). Raises ``ValueError`` for anything that
    is not a time.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("a time must be written as text")
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _strings(value: object) -> Iterator[str]:
    """Every string inside a JSON value (keys excluded), depth first."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from _strings(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _strings(inner)


def note_texts(data: dict[str, Any]) -> list[str]:
    """What the facilitator (or tutor) wrote: prompt answers, free notes, reflection (free and by stage),
    assessment comments."""
    texts = [str(n.get("text", "")) for n in data.get("notes") or [] if isinstance(n, dict)]
    texts.append(str(data.get("free_notes") or ""))
    texts.append(str(data.get("reflection") or ""))
    # The reflection through a framework (Gibbs, Kolb), stage by stage: absent in records before them.
    stages = data.get("reflection_stages") or []
    texts.extend(str(s.get("text", "")) for s in stages if isinstance(s, dict))
    assessment = data.get("assessment")
    if isinstance(assessment, dict):
        texts.extend(_strings(assessment))
    return [t for t in texts if t.strip()]


def has_notes(data: dict[str, Any]) -> bool:
    return bool(note_texts(data))


def search_text_v1(data: dict[str, Any]) -> str:
    """Schema version 1 indexed the notes only."""
    return "\n".join(note_texts(data))


def participants(data: dict[str, Any]) -> list[str]:
    return [str(p) for p in data.get("participants") or [] if str(p).strip()]


def search_text_v2(data: dict[str, Any]) -> tuple[str, str, str]:
    """Schema version 2 indexes (script title and id, participant codes, notes)."""
    title = f"{data.get('script_title') or ''} {data.get('script_id') or ''}".strip()
    return (title, " ".join(participants(data)), "\n".join(note_texts(data)))


def columns_v2(data: dict[str, Any], updated_at: str | None) -> tuple[Any, ...]:
    """The listed columns of schema version 2, in table order, from ``id`` to ``has_notes``."""
    started = utc_key(data["started_at"])
    return (
        data["id"],
        str(data.get("script_id") or ""),
        str(data.get("script_title") or ""),
        str(data.get("mode") or ""),
        str(data.get("source") or ""),
        started,
        utc_key(data.get("ended_at")),
        utc_key(updated_at) if updated_at else started,
        json.dumps(participants(data), ensure_ascii=False),
        int(has_notes(data)),
    )
