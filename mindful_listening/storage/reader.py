"""Reading records for the history window, on a thread of its own, never on the GUI thread.

A :class:`RecordReader` owns one thread and one connection that does not take the instance lock, so it reads
alongside the app's :class:`~mindful_listening.storage.keeper.RecordKeeper` (WAL lets readers and the writer
work at once). Requests are functions of the store; their results come back on the GUI thread. A request sent
on a *channel* replaces an older one on the same channel that has not started yet, so typing in the search
box never builds a queue of stale searches.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal, Slot

from mindful_listening.storage.store import RecordStore, SessionNotFound, StoreError, open_for_reading
from mindful_listening.storage.text import tr

log = logging.getLogger(__name__)

THREAD_NAME = "mindful-listening-records-reader"


@dataclass
class _Request:
    work: Callable[[RecordStore], Any]
    done: Callable[[Any], None]
    fail: Callable[[str], None]
    channel: str | None
    generation: int


_STOP = object()


class _Relay(QObject):
    result = Signal(object)


class RecordReader(QObject):
    """Runs read requests against the records on a background thread; answers on the GUI thread.

    The thread starts with the first request and stops at :meth:`close` (call it when the window closes).

    ``request(work, done, fail)`` runs ``work(store)`` there and calls ``done(result)`` (or ``fail(message)``)
    back here. When there are no records yet, ``work`` receives an empty in-memory store, so an empty
    history is simply empty.
    """

    def __init__(self, directory: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.directory = directory
        self._jobs: queue.Queue[object] = queue.Queue()
        self._latest: dict[str, int] = {}
        self._lock = threading.Lock()
        self._generation = 0
        # Parented, so Qt deletes it on the GUI thread: a Python-owned QObject caught in a reference cycle
        # could otherwise be destroyed by the garbage collector on whichever thread happens to run it.
        self._relay = _Relay(self)
        self._relay.result.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._thread: threading.Thread | None = None

    def request(
        self,
        work: Callable[[RecordStore], Any],
        done: Callable[[Any], None],
        fail: Callable[[str], None],
        channel: str | None = None,
    ) -> None:
        with self._lock:
            self._generation += 1
            if channel is not None:
                self._latest[channel] = self._generation
            self._jobs.put(_Request(work, done, fail, channel, self._generation))
        if self._thread is None:
            # Started on demand, so a closed reader (a hidden history window) wakes up when asked again.
            self._thread = threading.Thread(target=self._run, name=THREAD_NAME, daemon=True)
            self._thread.start()

    def close(self, timeout_ms: int = 10_000) -> None:
        """Finish the requests already made, then stop the thread and close the connection."""
        if self._thread is None:
            return
        self._jobs.put(_STOP)
        self._thread.join(timeout_ms / 1000)
        self._thread = None
        QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # ------------------------------------------------------------------ the thread
    def _run(self) -> None:
        store: RecordStore | None = None
        try:
            while True:
                job = self._jobs.get()
                if job is _STOP or not isinstance(job, _Request):
                    return
                with self._lock:
                    stale = job.channel is not None and self._latest.get(job.channel) != job.generation
                if stale:
                    continue
                try:
                    if store is None:
                        store = open_for_reading(self.directory)
                    # Before the first session is saved there is no file: read an empty store (not kept).
                    result = job.work(store or _empty_store())
                except StoreError as exc:
                    self._post(("fail", job.fail, str(exc)))
                    if store is not None and not isinstance(exc, SessionNotFound):
                        store.close()  # opened again for the next request: the problem may have passed
                        store = None
                except Exception:
                    log.exception("unexpected error while reading the records")
                    self._post(("fail", job.fail, tr("The records could not be read.")))
                else:
                    self._post(("done", job.done, result))
        finally:
            if store is not None:
                store.close()

    def _post(self, message: tuple[Any, ...]) -> None:
        # RuntimeError: the reader was deleted while the thread finished.
        with contextlib.suppress(RuntimeError):
            self._relay.result.emit(message)

    @Slot(object)
    def _deliver(self, message: tuple[str, Callable[[Any], None], Any]) -> None:
        _, callback, value = message
        callback(value)


def _empty_store() -> RecordStore:
    """A store with no sessions, in memory: what the history reads before the first session is saved."""
    import sqlite3

    from mindful_listening.storage import schema

    db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    schema.migrate(db)
    return RecordStore(db, Path(":memory:"), None)
