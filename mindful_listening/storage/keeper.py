"""Autosave for the app: the :class:`RecordKeeper` takes records on the GUI thread and writes them elsewhere.

``save(record)`` costs the GUI thread a dictionary update and a timer restart. About 500 ms after the last
call (at most 1 s after the first unsaved one, however fast the typing) the keeper takes a JSON snapshot of
each waiting record (about 0.1 ms) and hands it to one writer thread that owns the database connection.
Results come back as queued signals.

Nothing is ever dropped silently. Until a write is confirmed, the latest snapshot of every record stays in
memory (:meth:`RecordKeeper.unsaved_records`), so when the database cannot be used (read-only folder, full
disk, damaged file, another running instance) the app keeps working, :attr:`RecordKeeper.failed` says why,
and the notes can still be exported. Failed writes are retried with the next save and at :meth:`flush`.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import queue
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal, Slot

from mindful_listening.core.clock import Clock, MonotonicClock
from mindful_listening.core.record import SessionRecord
from mindful_listening.storage import derive, exchange
from mindful_listening.storage.paths import data_dir, database_path
from mindful_listening.storage.store import (
    Imported,
    RecordStore,
    SessionNotFound,
    SessionSummary,
    StoreError,
    StoreResult,
    check_intact,
    open_store,
    set_aside_damaged,
)
from mindful_listening.storage.text import tr
from mindful_listening.timers import TimerFactory, make_timer

log = logging.getLogger(__name__)

DEBOUNCE_MS = 500
MAX_WAIT_MS = 1000
FLUSH_TIMEOUT_MS = 10_000
REOPEN_EVERY_S = 5.0
THREAD_NAME = "mindful-listening-records"


# ---------------------------------------------------------------------------------------------- jobs
@dataclass
class _Write:
    """A job for the writer thread: store one revision of a session."""

    session_id: str
    revision: int
    text: str


@dataclass
class _Delete:
    """A job for the writer thread: erase one session."""

    session_id: str
    absorbed_write: bool = False  # a write of this session was dropped unwritten in favour of the delete


@dataclass
class _Call:
    """Run ``work(store)`` on the writer thread; ``done(result)`` or ``failed(message)`` back on the GUI."""

    work: Callable[[RecordStore], Any]
    done: Callable[[Any], None]
    fail: Callable[[str], None]


@dataclass
class _SetAside:
    """Keep a damaged records file aside and start new records; ``done(path)`` or ``fail(message)``."""

    done: Callable[[str], None]
    fail: Callable[[str], None]


@dataclass
class _Marker:
    """A marker for the writer thread: set once every job queued before it is done."""

    reached: threading.Event = field(default_factory=threading.Event)


_STOP = object()


class _Writer(threading.Thread):
    """The one thread that touches the database for the keeper; reports through ``post``."""

    def __init__(self, result: StoreResult | None, directory: Path, post: Callable[[Any], None]) -> None:
        # Daemon, so a forgotten close() never hangs the interpreter at exit; an atexit hook still drains
        # the queue before daemons are stopped.
        super().__init__(name=THREAD_NAME, daemon=True)
        self.jobs: queue.Queue[object] = queue.Queue()
        self._result = result
        self._directory = directory
        self._post = post
        self.store: RecordStore | None = None
        self.problem: str | None = None
        self.problem_kind = "ok"
        self._next_reopen = 0.0

    def detach(self) -> None:
        self._post = _ignore

    # -- the thread
    def run(self) -> None:
        self._open(first=True)
        try:
            while True:
                batch = [self.jobs.get()]
                while True:
                    try:
                        batch.append(self.jobs.get_nowait())
                    except queue.Empty:
                        break
                for job in _coalesce(batch):
                    if job is _STOP:
                        return
                    self._do(job)
        finally:
            if self.store is not None:
                self.store.close()
                self.store = None

    def _open(self, first: bool = False) -> None:
        if first and self._result is not None:
            self.store, self.problem = self._result.store, self._result.problem
        else:
            opened = open_store(self._directory)
            self.store, self.problem = opened.store, opened.problem
            self.problem_kind = opened.kind
        if first and self._result is not None:
            self.problem_kind = self._result.kind
        self._next_reopen = time.monotonic() + REOPEN_EVERY_S
        if first:
            self._post(("ready", self.problem or "", self.problem_kind))

    def _usable(self) -> RecordStore | None:
        if self.store is None and time.monotonic() >= self._next_reopen:
            self._open()
        return self.store

    def _do(self, job: object) -> None:
        if isinstance(job, _Marker):
            job.reached.set()
            return
        if isinstance(job, _SetAside):
            try:
                self._set_aside(job)
            except Exception:  # never let the writer die
                log.exception("setting the damaged records aside failed")
                self._post(("call", job.fail, tr("The damaged records file could not be set aside.")))
            return
        store = self._usable()
        try:
            if store is None:
                raise StoreError(self.problem or tr("The records cannot be opened."))
            if isinstance(job, _Write):
                store.save(job.text)
                self._post(("saved", job.session_id, job.revision))
            elif isinstance(job, _Delete):
                try:
                    store.delete(job.session_id)
                except SessionNotFound:
                    if not job.absorbed_write:
                        raise
                self._post(("deleted", job.session_id))
            elif isinstance(job, _Call):
                self._post(("call", job.done, job.work(store)))
        except StoreError as exc:
            message = str(exc)
            if exc.kind == "damaged" and self.store is not None:
                # Found damaged mid-session: write nothing more into it, and let the window offer a fresh one.
                with contextlib.suppress(Exception):
                    self.store.close()
                self.store, self.problem, self.problem_kind = None, message, "damaged"
                self._next_reopen = float("inf")  # reopening a damaged file would only fail (or write it)
                self._post(("problem-kind", "damaged"))
            if isinstance(job, _Write):
                self._post(("write-failed", job.session_id, job.revision, message))
            elif isinstance(job, _Delete):
                self._post(("delete-failed", job.session_id, message))
            elif isinstance(job, _Call):
                self._post(("call", job.fail, message))
        except exchange.ImportProblem as exc:
            if isinstance(job, _Call):
                self._post(("call", job.fail, str(exc)))
        except Exception:  # never let the writer die: the app would lose every later save
            log.exception("unexpected error in the records writer")
            message = tr("An unexpected error stopped a save; the notes are kept in memory.")
            if isinstance(job, _Write):
                self._post(("write-failed", job.session_id, job.revision, message))
            elif isinstance(job, _Call):
                self._post(("call", job.fail, message))

    def _set_aside(self, job: _SetAside) -> None:
        if self.store is not None or self.problem_kind != "damaged" or _intact(self._directory):
            self._post(("call", job.fail, tr("The records file is not damaged, so it was left where it is.")))
            return
        try:
            kept = set_aside_damaged(self._directory)
        except StoreError as exc:
            self._post(("call", job.fail, str(exc)))
            return
        self._open()
        if self.store is None:
            self._post(("call", job.fail, self.problem or tr("New records could not be started.")))
            return
        self._post(("call", job.done, str(kept)))


def _intact(directory: Path) -> bool:
    """Checked again just before a rename: only a file that is damaged now is ever set aside."""
    path = database_path(directory)
    if not path.exists():
        return False
    try:
        check_intact(path)
    except Exception:  # damaged, unreadable or gone: in no case an intact file to keep in place
        return False
    return True


def _ignore(message: object) -> None:
    pass


def _coalesce(batch: list[object]) -> list[object]:
    """Only the newest write of each session matters; order is kept for everything else."""
    latest: dict[str, int] = {}
    for position, job in enumerate(batch):
        if isinstance(job, _Write):
            latest[job.session_id] = position
        elif isinstance(job, _Delete) and latest.pop(job.session_id, None) is not None:
            job.absorbed_write = True
    return [
        job
        for position, job in enumerate(batch)
        if not isinstance(job, _Write) or latest.get(job.session_id) == position
    ]


class _Relay(QObject):
    """Carries results from the writer thread to the GUI thread (a queued connection)."""

    result = Signal(object)


# ---------------------------------------------------------------------------------------------- keeper
class RecordKeeper(QObject):
    """Keeps session records: implements ``core.record.RecordSink`` with debounced, off-thread saving.

    Signals (all on the GUI thread):

    - ``ready(str)`` once, after the database is opened: ``""``, or why it cannot be used (notes then stay in
      memory and can be exported).
    - ``saved(str id)`` after a record is durably in the database.
    - ``failed(str message)`` when saving fails, once per distinct problem; messages never hold note text.
    - ``deleted(str id)`` after a session has been erased.
    """

    ready = Signal(str)
    saved = Signal(str)
    failed = Signal(str)
    deleted = Signal(str)

    def __init__(
        self,
        directory: Path | None = None,
        *,
        result: StoreResult | None = None,
        debounce_ms: int = DEBOUNCE_MS,
        max_wait_ms: int = MAX_WAIT_MS,
        clock: Clock | None = None,
        timer_factory: TimerFactory = make_timer,
        parent: QObject | None = None,
    ) -> None:
        """Start the writer thread, which opens the records in ``directory`` (default: the data folder).

        Pass ``result`` (from :func:`open_store`) to use a store opened already, e.g. in tests.
        """
        super().__init__(parent)
        self.debounce_ms = debounce_ms
        self.max_wait_ms = max_wait_ms
        self._clock = clock or MonotonicClock()
        self._timer = timer_factory(self)
        self._timer.timeout.connect(self._push)
        # Parented, so Qt deletes it on the GUI thread: a Python-owned QObject caught in a reference cycle
        # could otherwise be destroyed by the garbage collector on whichever thread happens to run it.
        self._relay = _Relay(self)
        self._relay.result.connect(self._on_result, Qt.ConnectionType.QueuedConnection)
        self._revision = 0
        self._latest: dict[str, int] = {}  # id -> revision of the last save() call
        self._saved_revision: dict[str, int] = {}  # id -> revision confirmed in the database
        self._pending: dict[str, SessionRecord] = {}  # waiting for the debounce, not yet copied
        self._in_flight: dict[str, tuple[int, str]] = {}  # id -> (revision, JSON) handed to the writer
        self._retry: set[str] = set()  # ids whose last write failed
        self._deleted: set[str] = set()
        self._first_pending_ms: int | None = None
        self._problem: str | None = None
        self.problem_kind = "ok"  # "damaged", "read-only", …: what the records' problem is, for offers
        self._ready: str | None = None
        self._closed = False
        self._directory = directory or (result.directory if result is not None else data_dir())
        self._writer = _Writer(result, self._directory, self._post_from_writer)
        self._writer.start()
        _LIVE.add(self)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.close)

    # ------------------------------------------------------------------ RecordSink
    def save(self, record: SessionRecord, immediate: bool = False) -> None:
        """Queue ``record`` for saving and return at once.

        The keeper holds the record itself until the debounce timer fires, then copies it (on the GUI
        thread, so never while the window is changing it). ``immediate=True`` (a stage change) copies and
        queues it now.
        """
        if record.id in self._deleted:
            log.info("ignored a save for a session that was erased")
            return
        self._revision += 1
        self._latest[record.id] = self._revision
        self._pending[record.id] = record
        if self._closed:
            self._set_problem(tr("The records are closed; this session is kept in memory only."))
            return
        if immediate:
            self._push()
            return
        now = self._clock.now_ms()
        if self._first_pending_ms is None:
            self._first_pending_ms = now
        wait = min(self.debounce_ms, self._first_pending_ms + self.max_wait_ms - now)
        self._timer.start(max(0, wait))

    def flush(self, timeout_ms: int = FLUSH_TIMEOUT_MS) -> bool:
        """Write everything now and wait for it (blocking: for quitting). True when nothing is unsaved."""
        if not self._closed:
            self._push(retry=True)
            marker = _Marker()
            self._writer.jobs.put(marker)
            if not marker.reached.wait(timeout_ms / 1000):
                log.warning("the records writer did not finish within %d ms", timeout_ms)
            # Take in the results now rather than at the next turn of the event loop.
            QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)
        return not self.has_unsaved()

    def close(self, timeout_ms: int = FLUSH_TIMEOUT_MS) -> bool:
        """Flush, stop the writer thread and close the database. Safe to call twice; True if all was saved."""
        if self._closed:
            return not self.has_unsaved()
        all_saved = self.flush(timeout_ms)
        self._closed = True
        self._timer.stop()
        self._writer.jobs.put(_STOP)
        self._writer.join(timeout_ms / 1000)
        QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)
        _LIVE.discard(self)
        if not self._writer.is_alive():
            self._writer.detach()  # no reference cycle between a finished thread and the keeper
        return all_saved

    # ------------------------------------------------------------------ other writes
    def delete(self, session_id: str) -> None:
        """Erase a session (row, index and every copy of its text on disk); ``deleted`` follows."""
        self._deleted.add(session_id)
        self._pending.pop(session_id, None)
        self._in_flight.pop(session_id, None)
        self._retry.discard(session_id)
        self._writer.jobs.put(_Delete(session_id))

    def submit(
        self,
        work: Callable[[RecordStore], Any],
        done: Callable[[Any], None],
        fail: Callable[[str], None],
    ) -> None:
        """Run ``work(store)`` on the writer thread, in order with the saves; ``done``/``fail`` on the GUI."""
        self._writer.jobs.put(_Call(work, done, fail))

    def import_file(
        self, path: str | Path, done: Callable[[list[Imported]], None], fail: Callable[[str], None]
    ) -> None:
        """Check and import an exported JSON file on the writer thread (all sessions or none)."""

        def work(store: RecordStore) -> list[Imported]:
            return store.import_records(exchange.read_records(path))

        self.submit(work, done, fail)

    def set_aside_damaged(self, done: Callable[[str], None], fail: Callable[[str], None]) -> None:
        """Keep the damaged records file aside (renamed, not deleted), start new records and save into them
        everything kept in memory. ``done(path of the kept file)`` or ``fail(message)``, on the GUI thread."""

        def started(kept: str) -> None:
            self.problem_kind = "ok"
            self._problem = None
            self._retry.update(self._in_flight)
            self._push(retry=True)  # what could not be written goes to the new records now
            done(kept)

        self._writer.jobs.put(_SetAside(started, fail))

    def find_unfinished(self, done: Callable[[list[SessionSummary]], None]) -> None:
        """Sessions the app stopped in the middle of, recent ones only, to offer back on start."""
        self.submit(lambda store: store.unfinished(), done, lambda message: done([]))

    # ------------------------------------------------------------------ reading state
    @property
    def problem(self) -> str | None:
        """Why saving does not work right now (``None`` when it does)."""
        return self._problem

    @property
    def directory(self) -> Path:
        """The folder holding the records database."""
        return self._directory

    def has_unsaved(self) -> bool:
        return bool(self._pending or self._in_flight)

    def unsaved_records(self) -> list[SessionRecord]:
        """Every record whose latest version is not yet confirmed in the database: export these on failure."""
        records = {
            sid: SessionRecord.from_dict(json.loads(text)) for sid, (_, text) in self._in_flight.items()
        }
        for sid, record in self._pending.items():
            records[sid] = record
        return list(records.values())

    def saved_revision(self, session_id: str) -> int:
        """The ``save()`` call (numbered across all sessions) the stored version of a session comes from."""
        return self._saved_revision.get(session_id, 0)

    def revision_of_last_save(self) -> int:
        return self._revision

    # ------------------------------------------------------------------ inner
    def _post_from_writer(self, message: object) -> None:
        """Called on the writer thread; the queued connection carries ``message`` to :meth:`_on_result`."""
        with contextlib.suppress(RuntimeError):  # the keeper was deleted before its thread ended
            self._relay.result.emit(message)

    @Slot()
    def _push(self, retry: bool = False) -> None:
        self._timer.stop()
        self._first_pending_ms = None
        if retry:
            for sid in list(self._retry):
                if sid in self._in_flight and sid not in self._pending:
                    revision, text = self._in_flight[sid]
                    self._writer.jobs.put(_Write(sid, revision, text))
            self._retry.clear()
        pending, self._pending = self._pending, {}
        for sid, record in pending.items():
            try:
                text = derive.snapshot(record)
            except (TypeError, ValueError):
                log.exception("a session record could not be turned into JSON")
                self._pending[sid] = record
                self._set_problem(tr("This session could not be saved (its record is malformed)."))
                continue
            revision = self._latest[sid]
            self._in_flight[sid] = (revision, text)
            self._retry.discard(sid)
            self._writer.jobs.put(_Write(sid, revision, text))
        if pending and self._retry:
            # A save is a good moment to try the earlier failures again.
            self._push(retry=True)

    @Slot(object)
    def _on_result(self, message: tuple[Any, ...]) -> None:
        kind = message[0]
        if kind == "problem-kind":
            self.problem_kind = message[1]
        elif kind == "ready":
            self._ready = message[1]
            self.problem_kind = message[2]
            if message[1]:
                self._set_problem(message[1])
            self.ready.emit(message[1])
        elif kind == "saved":
            _, sid, revision = message
            self._saved_revision[sid] = max(revision, self._saved_revision.get(sid, 0))
            current = self._in_flight.get(sid)
            if current is not None and current[0] <= revision:
                del self._in_flight[sid]
            if not self._retry:
                self._problem = None
            self.saved.emit(sid)
        elif kind == "write-failed":
            _, sid, revision, text = message
            if sid in self._in_flight:
                self._retry.add(sid)
            self._set_problem(text)
        elif kind == "deleted":
            self.deleted.emit(message[1])
        elif kind == "delete-failed":
            self._deleted.discard(message[1])
            self.failed.emit(message[2])
        elif kind == "call":
            _, callback, value = message
            callback(value)

    def _set_problem(self, message: str) -> None:
        if message != self._problem:
            self._problem = message
            self.failed.emit(message)


# Keepers still open at interpreter exit get their queue drained (the writer thread is a daemon).
_LIVE: weakref.WeakSet[RecordKeeper] = weakref.WeakSet()


@atexit.register
def _drain_at_exit() -> None:
    for keeper in list(_LIVE):
        writer = keeper._writer
        with contextlib.suppress(Exception):
            marker = _Marker()
            writer.jobs.put(marker)
            marker.reached.wait(5)
            writer.jobs.put(_STOP)
            writer.join(5)
