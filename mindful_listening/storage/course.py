"""Courses in the records file: their rows, erasing one with everything in it, and the course export. Qt-free.

Schema version 4 adds the ``courses`` table: one row per course holding its JSON (``core.course.Course``).
Erasing a course erases, in one transaction, the course, every session in it (row and search index) and
every diary entry that names the course or follows one of its sessions; the search indexes are merged and
the caller checkpoints the WAL, so with ``secure_delete`` none of that text is left in any file.

The course export (Markdown and PDF, from one outline) is what a trainee can hand in as portfolio evidence:
the course and its weeks, then each session as its own export shows it (notes, reflection, assessment) and
each diary entry, every PDF page footed "Private training notes".
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mindful_listening.core.course import MAX_WEEKS, Course
from mindful_listening.core.diary import DiaryEntry
from mindful_listening.core.record import SessionRecord
from mindful_listening.storage import diary
from mindful_listening.storage.formats import Block, ExportError, Format, format_when, write_file
from mindful_listening.storage.text import tr

MAX_TITLE = 200


@dataclass(frozen=True)
class Contents:
    """A course with what is in it, as read from the records: its sessions (those still stored, in course
    order) and its diary entries (oldest first)."""

    course: Course
    sessions: list[SessionRecord]
    entries: list[DiaryEntry]


# ---------------------------------------------------------------------------------------------- checks
def check_title(title: str) -> str:
    """A course's title as kept (spaces tidied), or ``ValueError`` saying what is wrong with it."""
    text = " ".join(title.split())
    if not text:
        raise ValueError(tr("a course needs a title"))
    if len(text) > MAX_TITLE:
        raise ValueError(tr("a course's title can be at most {most} characters").format(most=MAX_TITLE))
    return text


def check_weeks(weeks: int | None) -> int | None:
    if weeks is not None and not 1 <= weeks <= MAX_WEEKS:
        raise ValueError(tr("a course runs from 1 to {most} weeks").format(most=MAX_WEEKS))
    return weeks


def check_change(found: Contents, title: str, for_whom: str, weeks: int | None) -> Course:
    """The course with a new title, group or trainee, and length, checked: it keeps every week that holds a
    session or a diary entry. Raises ``ValueError`` saying what is wrong."""
    changed = Course.from_dict(found.course.to_dict())
    changed.title = check_title(title)
    changed.for_whom = for_whom.strip()
    changed.weeks = check_weeks(weeks)
    used = [w for w in week_list(found) if w is not None]
    if weeks is not None and used and max(used) > weeks:
        raise ValueError(
            tr("week {week} holds notes, so the course needs at least {week} weeks").format(week=max(used))
        )
    return changed


def check_week(week: int | None, course: Course) -> int | None:
    """A week of ``course``: from 1, and no later than its last week when it says how many it has."""
    if week is None:
        return None
    most = course.weeks or MAX_WEEKS
    if not 1 <= week <= most:
        raise ValueError(tr("the week must be from 1 to {most}").format(most=most))
    return week


# ---------------------------------------------------------------------------------------------- rows
def upsert(db: sqlite3.Connection, course: Course, updated_at: str) -> None:
    db.execute(
        """INSERT INTO courses (id, title, updated_at, course) VALUES (?, ?, ?, ?)
           ON CONFLICT(id) DO UPDATE SET title = excluded.title, updated_at = excluded.updated_at,
             course = excluded.course""",
        (course.id, course.title, updated_at, json.dumps(course.to_dict(), ensure_ascii=False)),
    )


def get(db: sqlite3.Connection, course_id: str) -> Course | None:
    row = db.execute("SELECT course FROM courses WHERE id = ?", (course_id,)).fetchone()
    return Course.from_dict(json.loads(row[0])) if row else None


def listing(db: sqlite3.Connection) -> list[Course]:
    """Every course, the most recently changed first."""
    rows = db.execute("SELECT course FROM courses ORDER BY updated_at DESC, num DESC").fetchall()
    return [Course.from_dict(json.loads(row[0])) for row in rows]


def holding_any(db: sqlite3.Connection, session_ids: list[str], but: str) -> list[Course]:
    """The courses other than ``but`` that hold any of ``session_ids``, each with those taken out."""
    moved: list[Course] = []
    wanted = set(session_ids)
    for other in listing(db):
        if other.id != but and wanted & set(other.session_ids()):
            for session_id in wanted:
                other.take_out(session_id)
            moved.append(other)
    return moved


def resolve(db: sqlite3.Connection, reference: str) -> list[str]:
    ref = reference.strip()
    if db.execute("SELECT 1 FROM courses WHERE id = ?", (ref,)).fetchone():
        return [ref]
    if len(ref) < 4:
        return []
    rows = db.execute("SELECT id FROM courses WHERE substr(id, 1, ?) = ? LIMIT 2", (len(ref), ref)).fetchall()
    return [str(r[0]) for r in rows]


def contents(db: sqlite3.Connection, course: Course) -> Contents:
    sessions: list[SessionRecord] = []
    for session_id in course.session_ids():
        row = db.execute("SELECT record FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is not None:  # erased from the history since: nothing left to show
            sessions.append(SessionRecord.from_dict(json.loads(row[0])))
    entries = [e for e in diary.listing(db, None, 1_000_000) if _in_course(e, course)]
    entries.sort(key=lambda e: (e.written_on, e.created_at))
    return Contents(course, sessions, entries)


def _in_course(entry: DiaryEntry, course: Course) -> bool:
    return entry.course_id == course.id or (
        bool(entry.session_id) and entry.session_id in course.session_ids()
    )


def erase(db: sqlite3.Connection, course: Course) -> tuple[int, int]:
    """Delete the course, its sessions and its diary entries (inside the caller's transaction); merge the
    search indexes so no older segment keeps their words. Returns (sessions erased, entries erased)."""
    found = contents(db, course)
    for record in found.sessions:
        # As RecordStore.delete erases one session: its row and its search index entry.
        row = db.execute("SELECT num FROM sessions WHERE id = ?", (record.id,)).fetchone()
        if row is not None:
            db.execute("DELETE FROM sessions WHERE num = ?", (row[0],))
            db.execute("DELETE FROM search_index WHERE rowid = ?", (row[0],))
    for entry in found.entries:
        diary.delete(db, entry.id)
    db.execute("DELETE FROM courses WHERE id = ?", (course.id,))
    db.execute("INSERT INTO search_index (search_index) VALUES ('optimize')")
    db.execute("INSERT INTO diary_index (diary_index) VALUES ('optimize')")
    return len(found.sessions), len(found.entries)


# ---------------------------------------------------------------------------------------------- exports
def private_notice() -> str:
    return tr(
        "Private training notes. This portfolio holds notes from training sessions and a practice diary: "
        "share it only with the people it is meant for, and keep it private."
    )


def week_words(week: int | None) -> str:
    return tr("Week {week}").format(week=week) if week else tr("Not placed in a week")


def _session_line(record: SessionRecord) -> str:
    return f"{record.script_title} · {format_when(record.started_at, short=True)}"


def course_heading(found: Contents) -> list[Block]:
    """The opening: the course, the notice, and what is in each week."""
    course = found.course
    blocks = [Block("title", course.title), Block("para", private_notice())]
    details: list[tuple[str, str]] = []
    if course.for_whom:
        details.append((tr("For"), course.for_whom))
    if course.weeks:
        details.append((tr("Weeks"), str(course.weeks)))
    details.append((tr("Sessions"), str(len(found.sessions))))
    details.append((tr("Diary entries"), str(len(found.entries))))
    blocks.append(Block("details", rows=tuple(details)))
    blocks.append(Block("heading", tr("What is in each week")))
    rows: list[tuple[str, ...]] = [(tr("Week"), tr("Sessions"), tr("Diary entries"))]
    for week in week_list(found):
        sessions = [_session_line(r) for r in found.sessions if course.week_of(r.id) == week]
        entries = [diary.day_words(e.written_on) for e in found.entries if entry_week(e, course) == week]
        rows.append((week_words(week), "\n".join(sessions), "\n".join(entries)))
    if len(rows) == 1:
        blocks.append(Block("para", tr("Nothing is in this course yet.")))
    else:
        blocks.append(Block("table", rows=tuple(rows)))
    return blocks


def entry_week(entry: DiaryEntry, course: Course) -> int | None:
    if entry.course_id == course.id and entry.course_week:
        return entry.course_week
    return course.week_of(entry.session_id) if entry.session_id else None


def week_list(found: Contents) -> list[int | None]:
    weeks = {found.course.week_of(r.id) for r in found.sessions}
    weeks |= {entry_week(e, found.course) for e in found.entries}
    known = sorted(w for w in weeks if w is not None)
    return [*known, None] if None in weeks else list(known)


def course_pages(found: Contents) -> list[list[Block]]:
    """Week by week, each week from a new page: its sessions as their own exports show them, then its
    diary entries."""
    from mindful_listening.storage.export import outline  # the exports load at the first one

    pages: list[list[Block]] = []
    titles = {r.id: _session_line(r) for r in found.sessions}
    for week in week_list(found):
        blocks: list[Block] = []
        for record in found.sessions:
            if found.course.week_of(record.id) == week:
                session = outline(record)
                session.insert(1, Block("para", f"{found.course.title} · {week_words(week)}"))
                blocks.extend(session)
        entries = [e for e in found.entries if entry_week(e, found.course) == week]
        if entries:
            blocks.append(Block("title", tr("Practice diary · {week}").format(week=week_words(week))))
            for entry in entries:
                blocks.extend(diary.entry_blocks(entry, titles.get(entry.session_id, ""), found.course.title))
        pages.append(blocks)
    return pages


def render(found: Contents, fmt: Format) -> tuple[bytes, int]:
    """The course as Markdown or PDF: (bytes, pages). (Its sessions and diary entries each have their own
    JSON files; a course has none.)"""
    if fmt not in ("md", "pdf"):
        raise ExportError(tr("A course is exported as Markdown or PDF."))
    from mindful_listening.storage.export import render_pages

    return render_pages(
        course_pages(found),
        fmt,
        heading=course_heading(found),
        closing=private_notice() + " " + tr("Exported from Mindful Listening."),
        title=tr("Private training notes"),  # the file's metadata: never a note, nor who took part
        footer=tr("Private training notes · Mindful Listening · page {n} of {total}"),
        json_text="",
    )


def write(found: Contents, path: str | Path, fmt: Format) -> int:
    data, pages = render(found, fmt)
    write_file(path, data)
    return pages


def summary_lines(courses: Sequence[Course]) -> list[str]:
    return [f"{c.id}  {c.title}" + (f"  ({c.for_whom})" if c.for_whom else "") for c in courses]
