"""The records database: one SQLite file, written safely, erased for real. Qt-free and synchronous.

A :class:`RecordStore` wraps one connection. It is not thread-safe: use it from one thread at a time (the
app's :class:`~mindful_listening.storage.keeper.RecordKeeper` gives it to a single writer thread). Several
stores may be open on the same file, in this process or others; SQLite's locking keeps them consistent.

Every failure is raised as :class:`StoreError` with a message a facilitator can act on (never any note text).
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import json
import logging
import os
import re
import sqlite3
import sys
import threading
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

if sys.platform == "win32":
    import msvcrt
else:
    import fcntl

from mindful_listening.core.course import Course
from mindful_listening.core.diary import DiaryEntry
from mindful_listening.core.record import SessionRecord, new_session_id, utc_now_iso
from mindful_listening.storage import course as course_rows
from mindful_listening.storage import derive, diary, schema
from mindful_listening.storage.paths import (
    LOCK_NAME,
    create_private_file,
    data_dir,
    database_path,
    ensure_private_dir,
    tighten_database_files,
)
from mindful_listening.storage.text import tr

if TYPE_CHECKING:
    from mindful_listening.core.progress import AssessedSession

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 3000
_T = TypeVar("_T")
UNFINISHED_DAYS = 7


class StoreError(Exception):
    """The records could not be read or written; ``str()`` says why, in words a facilitator can act on.

    ``where`` is the file or folder it is about, when there is one, so a command can word it its own way.
    """

    kind = "error"

    def __init__(self, message: str, where: Path | None = None) -> None:
        super().__init__(message)
        self.where = where


class SessionNotFound(StoreError):
    kind = "not-found"


class EntryNotFound(SessionNotFound):
    """No diary entry has that id (told like an unknown session: bad input, exit code 2)."""


class CourseNotFound(SessionNotFound):
    """No course has that id (told like an unknown session: bad input, exit code 2)."""


class DiskFull(StoreError):
    kind = "full"


class NotWritable(StoreError):
    kind = "read-only"


class Damaged(StoreError):
    kind = "damaged"


class InUse(StoreError):
    kind = "in-use"


class HeldByApp(InUse):
    """Another running Mindful Listening holds the instance lock (not some other program's database lock)."""


class TooNew(StoreError):
    kind = "too-new"


def _primary(exc: sqlite3.Error) -> int:
    return int(getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF


def _is_read_only_os_error(exc: OSError) -> bool:
    return exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS)


def explain(exc: BaseException, path: Path) -> StoreError:
    """Turn any exception from SQLite or the file system into a :class:`StoreError` with a clear message."""
    if isinstance(exc, StoreError):
        return exc
    folder = path.parent
    if isinstance(exc, OSError):
        if exc.errno == errno.ENOSPC:
            return _full()
        if _is_read_only_os_error(exc):
            return _not_writable(folder)
        return StoreError(
            tr("The records folder {folder} cannot be used ({reason}).").format(
                folder=folder, reason=exc.strerror or type(exc).__name__
            )
        )
    if isinstance(exc, schema.NewerSchema):
        return TooNew(
            tr(
                "The records file {path} was made by a newer version of Mindful Listening. It has been "
                "left as it is: update the app to use it."
            ).format(path=path)
        )
    if isinstance(exc, sqlite3.Error):
        code = _primary(exc)
        if code == 13:  # SQLITE_FULL
            return _full()
        if code in (8, 3):  # SQLITE_READONLY, SQLITE_PERM
            return _not_writable(folder)
        if code == 14:  # SQLITE_CANTOPEN
            if not os.access(folder, os.W_OK) or not folder.is_dir():
                return _not_writable(folder)
            return StoreError(tr("The records file {path} cannot be opened.").format(path=path))
        if code in (26, 11):  # SQLITE_NOTADB, SQLITE_CORRUPT
            return _damaged(path)
        if code in (5, 6):  # SQLITE_BUSY, SQLITE_LOCKED
            return InUse(
                tr(
                    "The records are busy in another program. Nothing was lost; try again in a moment."
                ).format(path=path)
            )
        if code == 10:  # SQLITE_IOERR
            if not os.access(folder, os.W_OK):
                return _not_writable(folder)
            return StoreError(tr("The disk holding {path} reported an error while saving.").format(path=path))
    return StoreError(
        tr("The records file {path} could not be used ({reason}).").format(
            path=path, reason=type(exc).__name__
        )
    )


def _damaged(path: Path) -> Damaged:
    return Damaged(
        tr(
            "The records file {path} is damaged and cannot be read. It has been left as it is, "
            "so nothing more is lost. New notes are kept in memory: export them before closing."
        ).format(path=path),
        path,
    )


def _full() -> DiskFull:
    return DiskFull(
        tr(
            "There is no room left on the disk for the records. New notes are kept in memory: export them, "
            "then free some space."
        )
    )


def _not_writable(folder: Path) -> NotWritable:
    return NotWritable(
        tr(
            "The records folder {folder} cannot be written to. New notes are kept in memory: export them "
            "before closing, or choose a folder you can write to."
        ).format(folder=folder),
        folder,
    )


# ---------------------------------------------------------------------------------------------- lock
class InstanceLock:
    """An advisory lock on ``records.lock``: one running app keeps the records at a time.

    The operating system drops it when the process ends, however it ends, so a crash never leaves it stale.
    """

    def __init__(self, directory: Path) -> None:
        self.path = directory / LOCK_NAME
        self._handle: IO[bytes] | None = None

    def acquire(self) -> bool:
        create_private_file(self.path)
        handle = self.path.open("r+b")
        try:
            if not _try_lock(handle):
                handle.close()
                return False
        except BaseException:
            handle.close()
            raise
        self._handle = handle
        return True

    def release(self) -> None:
        if self._handle is not None:
            with contextlib.suppress(OSError):
                _unlock(self._handle)
            self._handle.close()
            self._handle = None


def _try_lock(handle: IO[bytes]) -> bool:
    # msvcrt and fcntl are imported with this module, never here: this runs on the writer thread, and a C
    # module loaded there while the GUI thread loads a Qt library that logs through Python deadlocks both.
    if sys.platform == "win32":
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(handle: IO[bytes]) -> None:
    if sys.platform == "win32":
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        return
    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


# ---------------------------------------------------------------------------------------------- data
@dataclass(frozen=True)
class SessionSummary:
    """One line of the history: enough to list, sort and filter, without the notes themselves."""

    id: str
    script_id: str
    script_title: str
    mode: str
    source: str
    started_at: str  # UTC, ISO 8601
    ended_at: str | None
    updated_at: str
    participants: tuple[str, ...]
    has_notes: bool
    num: int  # the row's place in the file: with ``started_at``, the cursor for the next page
    snippet: str = ""  # for search results: the matching words in context, marked with [ and ]
    speed: float = 1.0  # the record's ``speed``: 1 for a session with a room, else a rehearsal at that speed

    @property
    def unfinished(self) -> bool:
        return self.ended_at is None

    @property
    def is_rehearsal(self) -> bool:
        """Run at another speed than real time (``play --scale``), as ``SessionRecord.is_rehearsal``."""
        return self.speed != 1

    @property
    def cursor(self) -> tuple[str, int]:
        return (self.started_at, self.num)


@dataclass(frozen=True)
class Query:
    """Which sessions to list: newest first, filtered, one page at a time."""

    text: str = ""  # words to find in notes, script title or participant codes (each word as a prefix)
    script_id: str | None = None
    since: str | None = None  # UTC ISO 8601, inclusive
    until: str | None = None  # UTC ISO 8601, exclusive
    limit: int = 200
    after: tuple[str, int] | None = None  # the ``cursor`` of the last session of the previous page


# ``speed`` has no column of its own: it is read from the record's JSON, so no schema change was needed and
# records of schema version 2 on read-only media stay readable. That reads the whole record of each row on the
# page, and only those (measured at 10,000 sessions of 11 kB, warm: a page of 100 in 0.3 ms without it, 2-2.5
# ms with it). Should that ever matter, a schema version 3 gives it a column before ``record``.
_SUMMARY = (
    "s.id, s.script_id, s.script_title, s.mode, s.source, s.started_at, s.ended_at, s.updated_at, "
    "s.participants, s.has_notes, s.num, json_extract(s.record, '$.speed')"
)


def _summary(row: tuple[Any, ...], snippet: str = "") -> SessionSummary:
    codes = tuple(str(code) for code in json.loads(row[8])) if row[8] else ()
    return SessionSummary(
        id=row[0],
        script_id=row[1],
        script_title=row[2],
        mode=row[3],
        source=row[4],
        started_at=row[5],
        ended_at=row[6],
        updated_at=row[7],
        participants=codes,
        has_notes=bool(row[9]),
        num=int(row[10]),
        snippet=snippet,
        speed=_speed(row[11]),
    )


def _speed(value: object) -> float:
    """A record's ``speed`` as stored: absent (older records) or anything but a positive number is 1."""
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < float("inf"):
        return float(value)
    return 1.0


def _fold(text: str) -> str:
    """Lower case without accents: how the search index compares words."""
    if text.isascii():  # most words: the same answer without decomposing (5x faster, measured on 200 notes)
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_TOKENS = re.compile(r"\w+|[^\w\s]+")


def words_in_context(text: str, prefixes: list[str], before: int = 3, after: int = 16) -> str:
    """A short extract of ``text`` around the first word starting with one of ``prefixes`` (folded),
    with every such word marked ``[like this]``. Empty when no word matches."""
    starts = tuple(prefixes)
    if not starts:
        return ""
    # Found by one regular expression where nothing needs folding (plain ASCII), else word by word; then only
    # the extract is split and folded. Folding every word of every note held the reader thread, and with it
    # the interpreter, for ~110 ms a page of 200 at 10,000 sessions, stalling the window's paint (now ~10 ms).
    if text.isascii() and all(start.isascii() for start in starts):
        hit = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, starts)) + ")", re.IGNORECASE).search(text)
        if hit is None:
            return ""
        head = _TOKENS.findall(text, 0, hit.start())
        tail = [m.group() for m in itertools.islice(_TOKENS.finditer(text, hit.start()), after + 2)]
    else:
        tokens = _TOKENS.findall(text)
        first = next((i for i, token in enumerate(tokens) if _fold(token).startswith(starts)), None)
        if first is None:
            return ""
        head, tail = tokens[:first], tokens[first : first + after + 2]
    shown = head[max(0, len(head) - before) :] + tail[: after + 1]
    pieces = [f"[{token}]" if _fold(token).startswith(starts) else token for token in shown]
    out = ""
    for piece in pieces:
        bare = piece.strip("[]")
        glue = "" if not out or (not bare[:1].isalnum() and bare[:1] not in "([") else " "
        out += glue + piece
    return ("…" if len(head) > before else "") + out + ("…" if len(tail) > after + 1 else "")


def _order_index(query: Query) -> str:
    """The index that yields a query's sessions newest first without sorting."""
    return "sessions_by_script" if query.script_id else "sessions_by_start"


def match_expression(text: str) -> str | None:
    """A safe FTS5 query from what the facilitator typed: every word must appear, as a word or its start."""
    words = re.findall(r"\w+", text)
    if not words:
        return None
    return " ".join('"' + word.replace('"', '""') + '"*' for word in words[:20])


@dataclass(frozen=True)
class Imported:
    """What became of one imported session: it ``kept`` its id, got a ``new-id``, or was ``unchanged``."""

    id: str
    original_id: str
    outcome: str


@dataclass
class StoreResult:
    """What :func:`open_store` found: a store, or the reason there is none (and the app carries on)."""

    store: RecordStore | None
    problem: str | None
    directory: Path
    kind: str = "ok"

    @property
    def ok(self) -> bool:
        return self.store is not None


# ---------------------------------------------------------------------------------------------- store
class RecordStore:
    """Session records in one SQLite file (WAL, synchronous=FULL, secure_delete on, foreign keys on)."""

    def __init__(self, db: sqlite3.Connection, path: Path, lock: InstanceLock | None) -> None:
        self._db = db
        self.path = path
        self.directory = path.parent
        self._lock = lock

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(
        cls, directory: Path | None = None, *, lock: bool = False, check_writable: bool = True
    ) -> RecordStore:
        """Open (creating and migrating as needed) the database in ``directory`` (default :func:`data_dir`).

        With ``lock=True`` the instance lock is taken as well, and :class:`InUse` raised when another running
        app holds it. ``check_writable=False`` skips the trial write (for readers). Raises
        :class:`StoreError` for every other problem.
        """
        directory = directory or data_dir()
        path = database_path(directory)
        instance: InstanceLock | None = None
        db: sqlite3.Connection | None = None
        try:
            _must_be_a_folder(directory)
            ensure_private_dir(directory)
            if lock:
                instance = InstanceLock(directory)
                if not instance.acquire():
                    instance = None
                    raise HeldByApp(
                        tr(
                            "Mindful Listening is already open on this computer and is keeping the records. "
                            "Notes from this window are kept in memory: export them, or close the other "
                            "window and start again."
                        )
                    )
            if not path.exists():
                create_private_file(path)
            elif path.stat().st_size > 0:
                check_intact(path)  # before anything could write to it: a damaged file stays as it is
            db = _connect(path)
            schema.migrate(db)
            if check_writable:
                _probe_write(db)
            tighten_database_files(path)
        except BaseException as exc:
            if db is not None:
                with contextlib.suppress(sqlite3.Error):
                    db.close()
            if instance is not None:
                instance.release()
            if isinstance(exc, KeyboardInterrupt | SystemExit):
                raise
            raise explain(exc, path) from exc
        return cls(db, path, instance)

    @classmethod
    def open_read_only(cls, directory: Path | None = None) -> RecordStore:
        """Open existing records for reading only: nothing is created, migrated or written.

        For a folder that cannot be written to. Raises :class:`SessionNotFound` when there are no records
        yet, and :class:`StoreError` when the file needs migrating first (open it normally once).
        """
        directory = directory or data_dir()
        path = database_path(directory)
        if not path.exists():
            raise SessionNotFound(tr("There are no session records yet."))
        db: sqlite3.Connection | None = None
        try:
            db = _connect_read_only(path)
            db.execute("PRAGMA temp_store = MEMORY")
            version = schema.user_version(db)
            if version > schema.LATEST:
                raise schema.NewerSchema(version)
            if version < schema.LATEST:
                raise StoreError(
                    tr(
                        "The records file {path} must be updated before it can be read, and its folder "
                        "cannot be written to."
                    ).format(path=path)
                )
        except BaseException as exc:
            if db is not None:
                with contextlib.suppress(sqlite3.Error):
                    db.close()
            if isinstance(exc, KeyboardInterrupt | SystemExit):
                raise
            raise explain(exc, path) from exc
        return cls(db, path, None)

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._db.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> RecordStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return schema.user_version(self._db)

    def settings(self) -> dict[str, object]:
        """The connection's safety settings, as SQLite reports them (for diagnostics and tests)."""
        names = ("journal_mode", "synchronous", "secure_delete", "foreign_keys", "temp_store")
        return {name: self._db.execute(f"PRAGMA {name}").fetchone()[0] for name in names}

    # ------------------------------------------------------------------ writing
    def save(self, record: SessionRecord | dict[str, Any] | str) -> None:
        """Insert or replace one session record (a record, its ``to_dict()``, or its JSON), durably."""
        data, text = _as_data_and_json(record)
        with self._write():
            self._upsert(data, text)

    def import_records(self, records: list[SessionRecord]) -> list[Imported]:
        """Add sessions from an exported file, all or none.

        A session keeps its id when that id is free; the same session already stored is left alone; a
        different session under the same id is stored under a new id.
        """
        outcomes: list[Imported] = []
        with self._write():
            for record in records:
                text = derive.snapshot(record)
                data = json.loads(text)
                row = self._db.execute("SELECT record FROM sessions WHERE id = ?", (record.id,)).fetchone()
                if row is None:
                    self._upsert(data, text)
                    outcomes.append(Imported(record.id, record.id, "kept"))
                elif json.loads(row[0]) == data:
                    outcomes.append(Imported(record.id, record.id, "unchanged"))
                else:
                    data["id"] = new_session_id()
                    self._upsert(data, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
                    outcomes.append(Imported(data["id"], record.id, "new-id"))
        return outcomes

    def _upsert(self, data: dict[str, Any], text: str) -> None:
        columns = derive.columns_v2(data, updated_at=utc_now_iso())
        num = self._db.execute(
            """INSERT INTO sessions (id, script_id, script_title, mode, source, started_at, ended_at,
                 updated_at, participants, has_notes, record)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT(id) DO UPDATE SET
                 script_id = excluded.script_id, script_title = excluded.script_title, mode = excluded.mode,
                 source = excluded.source, started_at = excluded.started_at, ended_at = excluded.ended_at,
                 updated_at = excluded.updated_at, participants = excluded.participants,
                 has_notes = excluded.has_notes, record = excluded.record
               RETURNING num""",
            (*columns, text),
        ).fetchone()[0]
        self._db.execute("DELETE FROM search_index WHERE rowid = ?", (num,))
        self._db.execute(
            "INSERT INTO search_index (rowid, title, participants, notes) VALUES (?, ?, ?, ?)",
            (num, *derive.search_text_v2(data)),
        )

    def delete(self, session_id: str) -> None:
        """Erase one session: its row, its index entries, and every copy of its text in the files."""
        with self._write():
            row = self._db.execute("SELECT num FROM sessions WHERE id = ?", (session_id,)).fetchone()
            if row is None:
                raise self._not_found(session_id)
            self._db.execute("DELETE FROM sessions WHERE num = ?", (row[0],))
            self._db.execute("DELETE FROM search_index WHERE rowid = ?", (row[0],))
            # A deleted row's words stay in older index segments until they are merged: merge them all
            # now. secure_delete then zeroes every page that held them, and the checkpoint below empties
            # the WAL, so the text is gone from every file.
            self._db.execute("INSERT INTO search_index (search_index) VALUES ('optimize')")
        self._checkpoint()

    # ------------------------------------------------------------------ reading
    def get(self, session_id: str) -> SessionRecord:
        row = self._read_one("SELECT record FROM sessions WHERE id = ?", (session_id,))
        if row is None:
            raise self._not_found(session_id)
        return SessionRecord.from_dict(json.loads(row[0]))

    def sessions(self, query: Query | None = None) -> list[SessionSummary]:
        """One page of sessions, newest first, matching ``query`` (without snippets: see :meth:`snippets`)."""
        query = query or Query()
        where, params = self._filters(query)
        match = match_expression(query.text)
        if match is None:
            rows = self._read(
                f"SELECT {_SUMMARY} FROM sessions s {where} ORDER BY s.started_at DESC, s.num DESC LIMIT ?",
                (*params, query.limit),
            )
            return [_summary(row) for row in rows]
        # Walk the sessions newest first along an index and keep those the search index matched: a page
        # of a common word then costs a page, not a sort of every match (2 ms instead of 90 at 10,000).
        rows = self._read(
            f"""SELECT {_SUMMARY} FROM sessions s INDEXED BY {_order_index(query)}
                WHERE s.num IN (SELECT rowid FROM search_index WHERE search_index MATCH ?)
                {where.replace("WHERE", "AND", 1)}
                ORDER BY s.started_at DESC, s.num DESC LIMIT ?""",
            (match, *params, query.limit),
        )
        return [_summary(row) for row in rows]

    def count(self, query: Query | None = None) -> int:
        """How many sessions match ``query`` (its page and cursor are ignored)."""
        query = query or Query()
        bare = Query(query.text, query.script_id, query.since, query.until)
        where, params = self._filters(bare)
        match = match_expression(query.text)
        if match is None:
            row = self._read_one(f"SELECT count(*) FROM sessions s {where}", params)
        elif not where:
            row = self._read_one("SELECT count(*) FROM search_index WHERE search_index MATCH ?", (match,))
        else:
            row = self._read_one(
                f"""SELECT count(*) FROM sessions s INDEXED BY {_order_index(bare)}
                    WHERE s.num IN (SELECT rowid FROM search_index WHERE search_index MATCH ?)
                    {where.replace("WHERE", "AND", 1)}""",
                (match, *params),
            )
        return int(row[0]) if row else 0

    def snippets(self, text: str, sessions: list[SessionSummary]) -> dict[str, str]:
        """For search results: the words found, in context, marked with [ and ], by session id.

        Separate from :meth:`sessions` so the history can show a page first and fill these in after. Made
        here from the indexed text (about 0.1 ms a session; SQLite's own ``snippet()`` took 1 ms).
        """
        words = [_fold(word) for word in re.findall(r"\w+", text)]
        if not words or not sessions:
            return {}
        found: dict[str, str] = {}
        for summary in sessions:
            row = self._read_one(
                "SELECT title, participants, notes FROM search_index WHERE rowid = ?", (summary.num,)
            )
            if row is not None:
                found[summary.id] = words_in_context("\n".join(str(part) for part in row), words)
        return found

    def scripts(self) -> list[tuple[str, str]]:
        """(script id, title) of every script with a stored session, by title: for the history's filter."""
        ids = self._read("SELECT DISTINCT script_id FROM sessions INDEXED BY sessions_by_script", ())
        found: list[tuple[str, str]] = []
        for (script_id,) in ids:
            row = self._read_one(
                """SELECT script_title FROM sessions INDEXED BY sessions_by_script
                   WHERE script_id = ? ORDER BY started_at DESC LIMIT 1""",
                (script_id,),
            )
            found.append((str(script_id), str(row[0]) if row else str(script_id)))
        return sorted(found, key=lambda pair: (pair[1].casefold(), pair[0]))

    def assessments_of(self, trainee_code: str) -> list[AssessedSession]:
        """Every stored assessment of ``trainee_code`` (ignoring case), oldest session first: for the
        trainee's progress. One pass over the file: at 10,000 sessions about what reading one field of every
        record costs (0.4-0.9 s on a shared 2-core machine, benchmarks/bench_progress.py), so it runs on the
        reader thread."""
        from mindful_listening.core.progress import AssessedSession, same_code

        rows = self._read(
            """SELECT id, started_at, json_extract(record, '$.assessment.trainee_code'),
                      json_extract(record, '$.assessment')
               FROM sessions
               WHERE json_type(record, '$.assessment') = 'object'
               ORDER BY started_at, num""",
            (),
        )
        found = []
        for session_id, started_at, code, assessment in rows:
            if isinstance(code, str) and same_code(code, trainee_code):
                found.append(AssessedSession(str(session_id), str(started_at), json.loads(assessment)))
        return found

    def trainee_codes(self) -> list[tuple[str, int]]:
        """(trainee code, how many assessments) for every code with a stored assessment, by code; codes
        differing only in case count as one, spelt as in the latest session."""
        rows = self._read(
            """SELECT json_extract(record, '$.assessment.trainee_code') FROM sessions
               WHERE json_type(record, '$.assessment.trainee_code') = 'text'
               ORDER BY started_at DESC, num DESC""",
            (),
        )
        codes: dict[str, tuple[str, int]] = {}
        for (code,) in rows:
            key = str(code).strip().casefold()
            spelt, count = codes.get(key, (str(code).strip(), 0))
            codes[key] = (spelt, count + 1)
        return sorted(codes.values(), key=lambda pair: pair[0].casefold())

    def _filters(self, query: Query) -> tuple[str, tuple[Any, ...]]:
        clauses: list[str] = []
        params: list[Any] = []
        if query.script_id:
            clauses.append("s.script_id = ?")
            params.append(query.script_id)
        if query.since:
            clauses.append("s.started_at >= ?")
            params.append(derive.utc_key(query.since))
        if query.until:
            clauses.append("s.started_at < ?")
            params.append(derive.utc_key(query.until))
        if query.after is not None:
            clauses.append("(s.started_at, s.num) < (?, ?)")
            params.extend(query.after)
        return ("WHERE " + " AND ".join(clauses) if clauses else ""), tuple(params)

    def unfinished(
        self, max_age_days: int = UNFINISHED_DAYS, now: datetime | None = None
    ) -> list[SessionSummary]:
        """Sessions that never ended (the app stopped mid-way), begun within ``max_age_days``, newest first.

        The app offers these back on its next start. A facilitator who declines can set ``ended_at`` on the
        record and save it, and it is not offered again.
        """
        since = ((now or datetime.now(UTC)) - timedelta(days=max_age_days)).astimezone(UTC)
        rows = self._read(
            f"""SELECT {_SUMMARY} FROM sessions s
               WHERE s.ended_at IS NULL AND s.started_at >= ? ORDER BY s.started_at DESC, s.num DESC""",
            (since.isoformat(timespec="seconds"),),
        )
        return [_summary(row) for row in rows]

    unfinished_sessions = unfinished  # the name the window's "continue the session from …?" looks for

    def resolve(self, reference: str) -> str:
        """The full id of the session ``reference`` names: its id, or a unique start of it (4+ characters)."""
        ref = reference.strip()
        if self._read_one("SELECT 1 FROM sessions WHERE id = ?", (ref,)):
            return ref
        if len(ref) >= 4:
            rows = self._read("SELECT id FROM sessions WHERE substr(id, 1, ?) = ? LIMIT 2", (len(ref), ref))
            if len(rows) == 1:
                return str(rows[0][0])
            if len(rows) > 1:
                raise SessionNotFound(
                    tr("Several sessions have ids starting with {ref}: give more of the id.").format(ref=ref)
                )
        raise self._not_found(ref)

    # ------------------------------------------------------------------ the practice diary (storage/diary.py)
    def save_entry(self, entry: DiaryEntry) -> None:
        """Insert or replace one diary entry, durably."""
        with self._write():
            diary.upsert(self._db, entry, utc_now_iso())

    def entry(self, entry_id: str) -> DiaryEntry:
        found = self._diary_read(lambda: diary.get(self._db, entry_id))
        if found is None:
            raise EntryNotFound(tr("There is no diary entry with the id {id}.").format(id=entry_id))
        return found

    def entries(self, text: str = "", limit: int = 1000, course_id: str | None = None) -> list[DiaryEntry]:
        """Diary entries, newest day first; ``text``: words each entry must hold (each word as a prefix)."""
        match = match_expression(text)
        return self._diary_read(lambda: diary.listing(self._db, match, limit, course_id))

    def count_entries(self, text: str) -> int:
        """How many diary entries hold every word of ``text`` (for the history's search: 0 for no words, and
        for records made before the diary, which have no diary to search)."""
        match = match_expression(text)
        if match is None:
            return 0
        try:
            row = self._db.execute(
                "SELECT count(*) FROM diary_index WHERE diary_index MATCH ?", (match,)
            ).fetchone()
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                return 0
            raise explain(exc, self.path) from exc
        return int(row[0])

    def delete_entry(self, entry_id: str) -> None:
        """Erase one diary entry: its row, its index entries, and every copy of its text in the files."""
        with self._write():
            if not diary.delete(self._db, entry_id):
                raise EntryNotFound(tr("There is no diary entry with the id {id}.").format(id=entry_id))
        self._checkpoint()

    def resolve_entry(self, reference: str) -> str:
        """The full id of the entry ``reference`` names: its id, or a unique start of it (4+ characters)."""
        ids = self._diary_read(lambda: diary.resolve(self._db, reference))
        if len(ids) == 1:
            return ids[0]
        if ids:
            raise EntryNotFound(
                tr("Several diary entries have ids starting with {ref}: give more of the id.").format(
                    ref=reference.strip()
                )
            )
        raise EntryNotFound(tr("There is no diary entry with the id {id}.").format(id=reference.strip()))

    def import_entries(self, entries: list[DiaryEntry]) -> list[Imported]:
        """Add diary entries from an exported file, all or none (ids as :meth:`import_records` keeps them)."""
        with self._write():
            outcomes = diary.import_entries(self._db, entries, utc_now_iso())
        return [Imported(*outcome) for outcome in outcomes]

    # ------------------------------------------------------------------ courses (storage/course.py)
    def save_course(self, course: Course) -> None:
        """Insert or replace a course; a session placed in it leaves any other course (one course each)."""
        with self._write():
            for other in course_rows.holding_any(self._db, course.session_ids(), but=course.id):
                course_rows.upsert(self._db, other, utc_now_iso())
            course_rows.upsert(self._db, course, utc_now_iso())

    def course(self, course_id: str) -> Course:
        found = self._diary_read(lambda: course_rows.get(self._db, course_id))
        if found is None:
            raise CourseNotFound(tr("There is no course with the id {id}.").format(id=course_id))
        return found

    def courses(self) -> list[Course]:
        """Every course, the most recently changed first."""
        return self._diary_read(lambda: course_rows.listing(self._db))

    def course_contents(self, course_id: str) -> course_rows.Contents:
        """A course with its sessions still stored and its diary entries."""
        course = self.course(course_id)
        return self._diary_read(lambda: course_rows.contents(self._db, course))

    def resolve_course(self, reference: str) -> str:
        ids = self._diary_read(lambda: course_rows.resolve(self._db, reference))
        if len(ids) == 1:
            return ids[0]
        if ids:
            raise CourseNotFound(
                tr("Several courses have ids starting with {ref}: give more of the id.").format(
                    ref=reference.strip()
                )
            )
        raise CourseNotFound(tr("There is no course with the id {id}.").format(id=reference.strip()))

    def delete_course(self, course_id: str) -> tuple[int, int]:
        """Erase a course and everything in it (its sessions, its diary entries) from every file; returns
        how many sessions and entries went with it."""
        with self._write():
            course = course_rows.get(self._db, course_id)
            if course is None:
                raise CourseNotFound(tr("There is no course with the id {id}.").format(id=course_id))
            erased = course_rows.erase(self._db, course)
        self._checkpoint()
        return erased

    def _diary_read(self, work: Callable[[], _T]) -> _T:
        try:
            return work()
        except sqlite3.Error as exc:
            raise explain(exc, self.path) from exc

    # ------------------------------------------------------------------ inner
    @contextlib.contextmanager
    def _write(self) -> Iterator[None]:
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise explain(exc, self.path) from exc
        try:
            yield
            self._db.execute("COMMIT")
        except BaseException as exc:
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error | OSError):
                raise explain(exc, self.path) from exc
            raise

    def _read(self, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise explain(exc, self.path) from exc

    def _read_one(self, sql: str, params: tuple[Any, ...]) -> tuple[Any, ...] | None:
        rows = self._read(sql, params)
        return rows[0] if rows else None

    def _checkpoint(self) -> None:
        """Copy the WAL into the database and truncate it to nothing, so no old page lingers there."""
        try:
            busy, _, _ = self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except sqlite3.Error as exc:
            raise explain(exc, self.path) from exc
        if busy:
            raise InUse(
                tr(
                    "The session is deleted, but another program is still reading the records, so its old "
                    "text may linger in the journal until that program closes."
                )
            )

    def _not_found(self, session_id: str) -> SessionNotFound:
        return SessionNotFound(tr("There is no session with the id {id}.").format(id=session_id))

    def limit_pages(self, pages: int) -> None:
        """Cap the file at ``pages`` pages (``max_page_count``): how the tests make a full disk."""
        self._db.execute(f"PRAGMA max_page_count = {int(pages):d}")


def _as_data_and_json(record: SessionRecord | dict[str, Any] | str) -> tuple[dict[str, Any], str]:
    if isinstance(record, str):
        return json.loads(record), record
    if isinstance(record, SessionRecord):
        text = derive.snapshot(record)
        return json.loads(text), text
    return record, json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(
        str(path), isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
    )
    try:
        mode = _use_wal(db)
        if mode != "wal":
            # Network file systems cannot share the WAL index; the rollback journal is still safe.
            log.warning("the records file is using the %s journal instead of WAL", mode)
        db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA secure_delete = ON")
        db.execute("PRAGMA foreign_keys = ON")
        # Sorting and VACUUM would otherwise spill note text into files in the system's temporary folder.
        db.execute("PRAGMA temp_store = MEMORY")
    except BaseException:
        db.close()
        raise
    return db


def check_intact(path: Path) -> None:
    """Fail if SQLite's quick check finds the file damaged; reads only, writes nothing to the file.

    Opening a damaged file for writing changes it even when the damage is found a moment later (the trial
    write bumps the header's change counter), so the check comes first. Raises :class:`Damaged`.
    """
    try:
        db = _connect_read_only(path)
        try:
            rows = db.execute("PRAGMA quick_check(1)").fetchall()
        finally:
            db.close()
    except sqlite3.Error as exc:
        raise explain(exc, path) from exc
    if rows != [("ok",)]:
        raise _damaged(path)


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that can only read ``path``, even where nothing may be written beside it.

    A WAL database read with ``mode=ro`` still needs its ``-shm`` file, which cannot be made on a
    write-protected stick, a read-only mount or a full disk (SQLite then says it cannot open the file).
    There the file is opened as immutable: SQLite reads it as it is and creates nothing. Nothing can write
    it meanwhile; a ``-wal`` file left beside it (changes not yet folded in) is ignored that way, and said
    so in the log.
    """

    def connect(query: str) -> sqlite3.Connection:
        db = sqlite3.connect(
            f"{path.as_uri()}?{query}",
            uri=True,
            isolation_level=None,
            check_same_thread=False,
            timeout=BUSY_TIMEOUT_MS / 1000,
        )
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()  # reading starts here
        except BaseException:
            db.close()
            raise
        return db

    try:
        return connect("mode=ro")
    except sqlite3.OperationalError as exc:
        code = _primary(exc)
        cannot_write_beside = (
            code == 13
            or _no_room(path.parent)
            or not (os.access(path.parent, os.W_OK) and _writable_mount(path))
        )
        if code not in (14, 8, 13, 10) or not cannot_write_beside:  # CANTOPEN, READONLY, FULL, IOERR
            raise
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        log.warning("records read as they were: changes in the -wal file beside them cannot be read here")
    return connect("mode=ro&immutable=1")


def _no_room(folder: Path) -> bool:
    """True when the disk holding ``folder`` has no space left (a full disk fails reads as I/O errors)."""
    try:
        return os.statvfs(folder).f_bavail == 0
    except OSError:
        return False


def _writable_mount(path: Path) -> bool:
    try:
        return not bool(os.statvfs(path.parent).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _use_wal(db: sqlite3.Connection) -> str:
    """Switch to WAL (a setting kept in the file) and return the journal mode now in use.

    When two connections meet a brand-new file at once, the switch can fail with "database is locked"
    without waiting on the busy timeout (it needs the file to itself). That is retried for up to the busy
    timeout: a bounded wait, only ever on a worker thread or at start-up, never on the GUI thread.
    """
    mode = str(db.execute("PRAGMA journal_mode").fetchone()[0]).lower()
    attempts = BUSY_TIMEOUT_MS // 20
    for attempt in range(attempts):
        if mode == "wal":
            return mode
        try:
            return str(db.execute("PRAGMA journal_mode = WAL").fetchone()[0]).lower()
        except sqlite3.OperationalError as exc:
            if _primary(exc) not in (5, 6) or attempt == attempts - 1:
                raise
            threading.Event().wait(0.02)
            mode = str(db.execute("PRAGMA journal_mode").fetchone()[0]).lower()
    return mode


def _probe_write(db: sqlite3.Connection) -> None:
    """Fail now, not at the first autosave, when the file cannot be written."""
    db.execute("BEGIN IMMEDIATE")
    db.execute("PRAGMA user_version = " + str(schema.user_version(db)))
    db.execute("COMMIT")


def open_store(directory: Path | None = None, *, lock: bool = True) -> StoreResult:
    """Open the records for the app: a store, or a clear reason there is none. Never raises ``StoreError``."""
    directory = directory or data_dir()
    try:
        store = RecordStore.open(directory, lock=lock)
    except StoreError as exc:
        log.warning("records unavailable (%s)", exc.kind)
        return StoreResult(None, str(exc), directory, exc.kind)
    return StoreResult(store, None, directory)


def set_aside_damaged(directory: Path | None = None) -> Path:
    """Move a damaged records file (with its ``-wal`` and ``-shm``) aside, so a fresh one can be started.

    Nothing is deleted: the old file is kept, private, as ``records.damaged-<time>.db`` beside the new one,
    for recovery by someone who knows SQLite. Returns its new path. Close every store on it first.
    """
    directory = directory or data_dir()
    path = database_path(directory)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"records.damaged-{stamp}.db")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"records.damaged-{stamp}-{counter}.db")
    try:
        for suffix in ("-wal", "-shm", "-journal"):
            companion = path.with_name(path.name + suffix)
            if companion.exists():
                os.replace(companion, target.with_name(target.name + suffix))
        os.replace(path, target)
    except OSError as exc:
        raise explain(exc, path) from exc
    tighten_database_files(target)
    log.warning("a damaged records file was set aside")
    return target


def _must_be_a_folder(directory: Path) -> None:
    """A records location that exists but is not a folder (a file of that name) is told, not read as empty."""
    if directory.exists() and not directory.is_dir():
        raise StoreError(
            tr(
                "The records location {folder} is a file, not a folder, so no records can be read or kept "
                "there. Move that file away, or set MINDFUL_LISTENING_DATA_DIR to a folder."
            ).format(folder=directory)
        )


def open_for_reading(directory: Path | None = None) -> RecordStore | None:
    """A store to read from without taking the instance lock (the history, the command line).

    ``None`` when there are no records yet (nothing is created). Falls back to read-only access when the
    folder cannot be written to. Raises :class:`StoreError` when the records cannot be read at all.
    """
    directory = directory or data_dir()
    _must_be_a_folder(directory)
    if not database_path(directory).exists():
        return None
    try:
        return RecordStore.open(directory, check_writable=False)
    except (NotWritable, DiskFull):
        return RecordStore.open_read_only(directory)
    except StoreError:
        if not _no_room(directory):
            raise
        return RecordStore.open_read_only(directory)  # a full disk fails even a read as "disk I/O error"
