"""The practice diary in the records file: its rows, its search index, its JSON file and its exports. Qt-free.

Entries live in the same private SQLite file as the sessions (schema version 3: the ``diary`` table and its
``diary_index``), so they share its owner-only permissions, its crash safety and its erasure for real: a
deleted entry's row and index entries go, the index is merged, ``secure_delete`` zeroes the pages and the WAL
is checkpointed empty. :class:`~mindful_listening.storage.store.RecordStore` calls the functions here inside
its own transactions; nothing here opens a file or logs an entry's text.

The JSON file (``mindful-listening-diary``, version 1) is documented in docs/records-format.md.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from mindful_listening import __version__
from mindful_listening.core.diary import MAX_QUESTIONS, MAX_WEEK, Answer, DiaryEntry, new_entry_id
from mindful_listening.storage import exchange
from mindful_listening.storage.formats import Block, ExportError, Format, format_when, write_file
from mindful_listening.storage.text import tr

FORMAT = "mindful-listening-diary"
FORMAT_VERSION = 1
MAX_ENTRIES = 100_000


# ---------------------------------------------------------------------------------------------- rows
def snapshot(entry: DiaryEntry) -> str:
    return json.dumps(entry.to_dict(), ensure_ascii=False, separators=(",", ":"))


def search_text(entry: DiaryEntry) -> str:
    return "\n".join(entry.texts())


def upsert(db: sqlite3.Connection, entry: DiaryEntry, updated_at: str) -> None:
    """Insert or replace one entry and its search text (inside the caller's transaction)."""
    num = db.execute(
        """INSERT INTO diary (id, written_on, updated_at, session_id, course_id, course_week, entry)
           VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT(id) DO UPDATE SET
             written_on = excluded.written_on, updated_at = excluded.updated_at,
             session_id = excluded.session_id, course_id = excluded.course_id,
             course_week = excluded.course_week, entry = excluded.entry
           RETURNING num""",
        (
            entry.id,
            entry.written_on,
            updated_at,
            entry.session_id,
            entry.course_id,
            entry.course_week,
            snapshot(entry),
        ),
    ).fetchone()[0]
    db.execute("DELETE FROM diary_index WHERE rowid = ?", (num,))
    db.execute("INSERT INTO diary_index (rowid, text) VALUES (?, ?)", (num, search_text(entry)))


def get(db: sqlite3.Connection, entry_id: str) -> DiaryEntry | None:
    row = db.execute("SELECT entry FROM diary WHERE id = ?", (entry_id,)).fetchone()
    return DiaryEntry.from_dict(json.loads(row[0])) if row else None


def listing(
    db: sqlite3.Connection, match: str | None, limit: int, course_id: str | None = None
) -> list[DiaryEntry]:
    """Entries newest day first (the latest written first within a day); ``match`` an FTS5 expression."""
    clauses: list[str] = []
    params: list[Any] = []
    if match is not None:
        clauses.append("num IN (SELECT rowid FROM diary_index WHERE diary_index MATCH ?)")
        params.append(match)
    if course_id is not None:
        clauses.append("course_id = ?")
        params.append(course_id)
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    rows = db.execute(
        f"SELECT entry FROM diary {where} ORDER BY written_on DESC, num DESC LIMIT ?", (*params, limit)
    ).fetchall()
    return [DiaryEntry.from_dict(json.loads(row[0])) for row in rows]


def delete(db: sqlite3.Connection, entry_id: str) -> bool:
    """Remove one entry, its index entries, and merge the index so no older segment keeps its words."""
    row = db.execute("SELECT num FROM diary WHERE id = ?", (entry_id,)).fetchone()
    if row is None:
        return False
    db.execute("DELETE FROM diary WHERE num = ?", (row[0],))
    db.execute("DELETE FROM diary_index WHERE rowid = ?", (row[0],))
    db.execute("INSERT INTO diary_index (diary_index) VALUES ('optimize')")
    return True


def resolve(db: sqlite3.Connection, reference: str) -> list[str]:
    """The ids ``reference`` names: itself, or those starting with it (4+ characters), at most two."""
    ref = reference.strip()
    if db.execute("SELECT 1 FROM diary WHERE id = ?", (ref,)).fetchone():
        return [ref]
    if len(ref) < 4:
        return []
    rows = db.execute("SELECT id FROM diary WHERE substr(id, 1, ?) = ? LIMIT 2", (len(ref), ref)).fetchall()
    return [str(r[0]) for r in rows]


def import_entries(
    db: sqlite3.Connection, entries: Sequence[DiaryEntry], now: str
) -> list[tuple[str, str, str]]:
    """Add entries from a file (inside the caller's transaction): (id, original id, outcome) for each,
    outcome ``kept``, ``unchanged`` or ``new-id`` (a different entry already had the id)."""
    outcomes: list[tuple[str, str, str]] = []
    for entry in entries:
        stored = get(db, entry.id)
        if stored is None:
            upsert(db, entry, now)
            outcomes.append((entry.id, entry.id, "kept"))
        elif stored == entry:
            outcomes.append((entry.id, entry.id, "unchanged"))
        else:
            copy = DiaryEntry.from_dict(entry.to_dict())
            copy.id = new_entry_id()
            upsert(db, copy, now)
            outcomes.append((copy.id, entry.id, "new-id"))
    return outcomes


# ---------------------------------------------------------------------------------------------- JSON file
def document(entries: Sequence[DiaryEntry]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "exported_by": f"mindful-listening {__version__}",
        "entries": [entry.to_dict() for entry in entries],
    }


def to_json(entries: Sequence[DiaryEntry]) -> str:
    return json.dumps(document(entries), indent=2, ensure_ascii=False) + "\n"


def read_entries(path: str | Path) -> list[DiaryEntry]:
    """Every entry of an exported diary file, each checked field by field. Raises ``ImportProblem``."""
    source = str(path)
    try:
        with Path(path).open("rb") as handle:
            raw = handle.read(exchange.MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise exchange.ImportProblem(f"{source}: {tr('no such file')}") from None
    except IsADirectoryError:
        raise exchange.ImportProblem(f"{source}: {tr('this is a folder, not an exported diary')}") from None
    except OSError as exc:
        message = tr("cannot be read ({reason})").format(reason=exc.strerror)
        raise exchange.ImportProblem(f"{source}: {message}") from None
    if len(raw) > exchange.MAX_FILE_BYTES:
        raise exchange.ImportProblem(f"{source}: {tr('the file is too large to be an exported diary')}")
    return parse_entries(raw, source)


def parse_entries(raw: bytes, source: str) -> list[DiaryEntry]:
    def problem(message: str) -> exchange.ImportProblem:
        return exchange.ImportProblem(f"{source}: {message}")

    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise problem(tr("not UTF-8 text")) from None
    except json.JSONDecodeError as exc:
        raise problem(
            tr("not valid JSON (line {line}: {reason})").format(line=exc.lineno, reason=exc.msg)
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise problem(tr('not an exported diary (its "format" must be "{format}")').format(format=FORMAT))
    version = data.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise problem(tr('"format_version" must be a whole number from 1'))
    if version > FORMAT_VERSION:
        raise problem(
            tr(
                "this file was written by a newer version of Mindful Listening (diary format {version}): "
                "update the app to read it"
            ).format(version=version)
        )
    items = data.get("entries")
    if not isinstance(items, list):
        raise problem(tr('"entries" must be a list of diary entries'))
    if len(items) > MAX_ENTRIES:
        raise problem(tr("too many entries to import at once"))
    return [
        check_entry(item, source if len(items) == 1 else f"{source}, entry {number}")
        for number, item in enumerate(items, start=1)
    ]


def _day(value: Any) -> str:
    text = exchange._text(value)
    try:
        date.fromisoformat(text)
    except ValueError:
        raise ValueError(tr("must be a day written as 2026-03-05")) from None
    if len(text) != 10:
        raise ValueError(tr("must be a day written as 2026-03-05"))
    return text


def _week(value: Any) -> int | None:
    if value is None:
        return None
    week = exchange._whole(value)
    if not 1 <= week <= MAX_WEEK:
        raise ValueError(tr("must be a week from 1 to {most}").format(most=MAX_WEEK))
    return week


def _linked_id(value: Any) -> str:
    text = exchange._text(value)
    return exchange._id(text) if text else ""


def _answer(value: Any) -> Answer:
    data = exchange._object(value)
    checks: dict[str, Callable[[Any], Any]] = {"question": exchange._text, "text": exchange._text}
    return Answer(**exchange._fields(data, checks, Answer))


def _answers(value: Any) -> list[Answer]:
    answers: list[Answer] = exchange._list_of(_answer)(value)
    if len(answers) > MAX_QUESTIONS:
        raise ValueError(tr("may hold at most {most} questions").format(most=MAX_QUESTIONS))
    return answers


_ENTRY_CHECKS: dict[str, Callable[[Any], Any]] = {
    "id": exchange._id,
    "written_on": _day,
    "created_at": exchange._time,
    "answers": _answers,
    "session_id": _linked_id,
    "course_id": _linked_id,
    "course_week": _week,
}


def check_entry(item: Any, where: str) -> DiaryEntry:
    """One entry from parsed JSON, every field checked; unknown fields are ignored."""
    if not isinstance(item, dict):
        raise exchange.ImportProblem(f"{where}: {tr('a diary entry must be a JSON object')}")
    label = f"{where} (entry {item['id']})" if isinstance(item.get("id"), str) else where
    try:
        values = exchange._fields(item, _ENTRY_CHECKS, DiaryEntry)
    except ValueError as exc:
        raise exchange.ImportProblem(f"{label}: {exc}") from None
    return DiaryEntry(**values)


# ---------------------------------------------------------------------------------------------- exports
def day_words(written_on: str) -> str:
    """``Thursday 5 March 2026``: an entry's day as read."""
    try:
        day = date.fromisoformat(written_on)
    except ValueError:
        return written_on
    return f"{day.strftime('%A')} {day.day} {day.strftime('%B %Y')}"


def entry_blocks(entry: DiaryEntry, session_title: str = "", course_title: str = "") -> list[Block]:
    """One entry as an export shows it: its day, what it is linked to, each question with its answer."""
    blocks = [Block("heading", tr("Diary: {day}").format(day=day_words(entry.written_on)))]
    details: list[tuple[str, str]] = []
    if entry.course_id:
        course = course_title or entry.course_id
        if entry.course_week:
            course = tr("{course}, week {week}").format(course=course, week=entry.course_week)
        details.append((tr("Course"), course))
    if entry.session_id:
        details.append((tr("After the session"), session_title or entry.session_id))
    if details:
        blocks.append(Block("details", rows=tuple(details)))
    written = [a for a in entry.answers if a.text.strip()]
    if not written:
        blocks.append(Block("para", tr("Nothing written yet.")))
    for answer in written:
        blocks.append(Block("subheading", answer.question or tr("Note")))
        blocks.append(Block("note", answer.text))
    return blocks


def diary_outline(entries: Sequence[DiaryEntry], titles: dict[str, str] | None = None) -> list[Block]:
    """The entries (oldest first, as a diary reads) under one title. ``titles``: session and course ids
    to their titles, for the links."""
    names = titles or {}
    blocks = [Block("title", tr("Practice diary"))]
    if entries:
        first, last = min(e.written_on for e in entries), max(e.written_on for e in entries)
        span = day_words(first) if first == last else f"{day_words(first)} – {day_words(last)}"
        blocks.append(Block("para", span))
    for entry in sorted(entries, key=lambda e: (e.written_on, e.created_at)):
        blocks.extend(entry_blocks(entry, names.get(entry.session_id, ""), names.get(entry.course_id, "")))
    return blocks


def closing() -> str:
    return tr(
        "Exported from Mindful Listening. This diary holds private notes on your practice: keep this file "
        "private and delete it when it is no longer needed."
    )


def render(
    entries: Sequence[DiaryEntry], fmt: Format, titles: dict[str, str] | None = None
) -> tuple[bytes, int]:
    """The entries as a Markdown, PDF or JSON file: (bytes, page count)."""
    if not entries:
        raise ExportError(tr("There is nothing to export."))
    from mindful_listening.storage.export import render_pages  # the exports load at the first one

    return render_pages(
        [diary_outline(entries, titles)],
        fmt,
        closing=closing(),
        title=tr("Practice diary"),  # never an entry's text
        footer=tr("Mindful Listening · practice diary, private · page {n} of {total}"),
        json_text=to_json(entries),
    )


def write(
    entries: Sequence[DiaryEntry], path: str | Path, fmt: Format, titles: dict[str, str] | None = None
) -> int:
    """Write the export to ``path`` (owner-only, atomically); returns its page count."""
    data, pages = render(entries, fmt, titles)
    write_file(path, data)
    return pages


def when_words(entry: DiaryEntry) -> str:
    """The entry's day in the short form lists use (``Thu 5 Mar 2026``)."""
    return format_when(f"{entry.written_on}T12:00:00", short=True).rsplit(",", 1)[0]
