"""The database schema and its migrations, counted by SQLite's ``user_version``.

Every version's DDL stays here for good: a new database is built by running every migration from 0, so the
oldest path runs on every first start, and the tests build a database with each older schema and migrate it.
A database from a newer version of the app is never touched.

The caller runs each migration inside one ``BEGIN IMMEDIATE`` transaction together with the version bump, so
a crash mid-way leaves the previous version intact.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

from mindful_listening.storage import derive

# Version 1 (the first storage layout): one row per session holding the record as JSON, and a full-text
# index over the notes.
SCHEMA_V1: tuple[str, ...] = (
    """CREATE TABLE sessions (
        num INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        script_id TEXT NOT NULL,
        script_title TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        record TEXT NOT NULL
    )""",
    "CREATE INDEX sessions_by_start ON sessions(started_at)",
    "CREATE VIRTUAL TABLE notes_index USING fts5(notes, tokenize = 'unicode61 remove_diacritics 2')",
)


def _to_v1(db: sqlite3.Connection) -> None:
    for statement in SCHEMA_V1:
        db.execute(statement)


# Version 2 (history and search): the columns the history lists and filters on, kept before the JSON so a
# list never reads the record's overflow pages; an index for the script filter; and a search index that also
# covers the script title and participant codes, with prefix indexes for search-as-you-type.
SESSIONS_V2 = """CREATE TABLE sessions (
    num INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    script_id TEXT NOT NULL,
    script_title TEXT NOT NULL,
    mode TEXT NOT NULL,
    source TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    updated_at TEXT NOT NULL,
    participants TEXT NOT NULL,
    has_notes INTEGER NOT NULL,
    record TEXT NOT NULL
)"""
INDEXES_V2: tuple[str, ...] = (
    "CREATE INDEX sessions_by_start ON sessions(started_at)",
    "CREATE INDEX sessions_by_script ON sessions(script_id, started_at)",
)
SEARCH_V2 = (
    "CREATE VIRTUAL TABLE search_index USING fts5(title, participants, notes, "
    "prefix = '2 3', tokenize = 'unicode61 remove_diacritics 2')"
)


def _to_v2(db: sqlite3.Connection) -> None:
    db.execute("ALTER TABLE sessions RENAME TO sessions_v1")
    db.execute("DROP INDEX sessions_by_start")
    db.execute(SESSIONS_V2)
    for statement in INDEXES_V2:
        db.execute(statement)
    db.execute("DROP TABLE notes_index")
    db.execute(SEARCH_V2)
    rows = db.execute("SELECT num, record, started_at, ended_at FROM sessions_v1 ORDER BY num")
    for num, text, started_at, ended_at in rows.fetchall():
        data = json.loads(text)
        columns = derive.columns_v2(data, updated_at=ended_at or started_at)
        db.execute(INSERT_V2, (num, *columns, text))
        db.execute(
            "INSERT INTO search_index (rowid, title, participants, notes) VALUES (?, ?, ?, ?)",
            (num, *derive.search_text_v2(data)),
        )
    db.execute("DROP TABLE sessions_v1")


INSERT_V2 = """INSERT INTO sessions (num, id, script_id, script_title, mode, source, started_at, ended_at,
    updated_at, participants, has_notes, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""


# Version 3 (the practice diary): dated entries between sessions, each kept as its JSON beside the columns a
# list is sorted and filtered on, with a search index of its own. Sessions are untouched: every record stays
# exactly as it was.
DIARY_V3: tuple[str, ...] = (
    """CREATE TABLE diary (
        num INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        written_on TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        session_id TEXT NOT NULL,
        course_id TEXT NOT NULL,
        course_week INTEGER,
        entry TEXT NOT NULL
    )""",
    "CREATE INDEX diary_by_day ON diary(written_on, num)",
    "CREATE VIRTUAL TABLE diary_index USING fts5(text, "
    "prefix = '2 3', tokenize = 'unicode61 remove_diacritics 2')",
)


def _to_v3(db: sqlite3.Connection) -> None:
    for statement in DIARY_V3:
        db.execute(statement)


# Version 4 (courses): one row per course holding its JSON (its sessions by id, each in a week); diary
# entries name their course themselves. Sessions and the diary are untouched.
COURSES_V4: tuple[str, ...] = (
    """CREATE TABLE courses (
        num INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        course TEXT NOT NULL
    )""",
)


def _to_v4(db: sqlite3.Connection) -> None:
    for statement in COURSES_V4:
        db.execute(statement)


Migration = Callable[[sqlite3.Connection], None]

# MIGRATIONS[n] turns a version n-1 database into version n.
MIGRATIONS: dict[int, Migration] = {1: _to_v1, 2: _to_v2, 3: _to_v3, 4: _to_v4}
LATEST = max(MIGRATIONS)


def user_version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: sqlite3.Connection) -> int:
    """Bring the database up to :data:`LATEST`, one version per transaction; returns the starting version.

    ``db`` must be in autocommit mode (``isolation_level=None``). Raises :class:`NewerSchema` when the file
    comes from a newer app.
    """
    start = user_version(db)
    if start > LATEST:
        raise NewerSchema(start)
    version = start
    while version < LATEST:
        db.execute("BEGIN IMMEDIATE")
        try:
            # Re-read inside the write lock: another process may have migrated meanwhile.
            version = user_version(db)
            if version < LATEST:
                MIGRATIONS[version + 1](db)
                version += 1
                db.execute(f"PRAGMA user_version = {version:d}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
    return start


class NewerSchema(Exception):
    def __init__(self, version: int) -> None:
        super().__init__(f"schema version {version} is newer than this app's {LATEST}")
        self.version = version
