"""Reading records for the history window, off the GUI thread, alongside the app's saves.

A :class:`RecordReader` runs its requests through the one background helper
(:class:`~mindful_listening.background.Background`: one worker thread, work in order, answers on the GUI
thread) against a connection of its own that does not take the instance lock, so it reads while the app's
:class:`~mindful_listening.storage.keeper.RecordKeeper` writes (WAL lets readers and the writer work at
once). Requests are functions of the store. A request sent on a *channel* replaces an older one on the same
channel that has not started yet, so typing in the search box never builds a queue of stale searches.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject

from mindful_listening.background import Background
from mindful_listening.storage.store import RecordStore, SessionNotFound, StoreError, open_for_reading
from mindful_listening.storage.text import tr

log = logging.getLogger(__name__)


class _Stale(Exception):
    """A newer request on the same channel came in before this one started: nobody wants its answer."""


class RecordReader(QObject):
    """Runs read requests against the records in the background; answers on the GUI thread.

    ``request(work, done, fail)`` runs ``work(store)`` there and calls ``done(result)`` (or ``fail(message)``)
    back here. When there are no records yet, ``work`` receives an empty in-memory store, so an empty
    history is simply empty. :meth:`close` (when the window closes) finishes what was asked, closes the
    connection and lets the worker thread go; the next request opens them again.
    """

    def __init__(self, directory: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.directory = directory
        self._background = Background(self)
        self._latest: dict[str, int] = {}
        self._lock = threading.Lock()  # the channel counts are read on the worker thread
        self._generation = 0
        self._store: RecordStore | None = None  # touched only by work on the worker thread
        self._open = False

    def request(
        self,
        work: Callable[[RecordStore], Any],
        done: Callable[[Any], None],
        fail: Callable[[str], None],
        channel: str | None = None,
    ) -> None:
        with self._lock:
            self._generation += 1
            generation = self._generation
            if channel is not None:
                self._latest[channel] = generation

        def read() -> Any:
            with self._lock:
                if channel is not None and self._latest.get(channel) != generation:
                    raise _Stale
            return self._read(work)

        def failed(error: BaseException) -> None:
            if isinstance(error, StoreError):
                fail(str(error))
            elif not isinstance(error, _Stale):
                log.error("unexpected error while reading the records: %s", type(error).__name__)
                fail(tr("The records could not be read."))

        self._open = True
        self._background.run(read, done, failed)

    def _read(self, work: Callable[[RecordStore], Any]) -> Any:
        try:
            if self._store is None:
                self._store = open_for_reading(self.directory)
            # Before the first session is saved there is no file: read an empty store (not kept).
            return work(self._store or _empty_store())
        except StoreError as exc:
            if self._store is not None and not isinstance(exc, SessionNotFound):
                self._store.close()  # opened again for the next request: the problem may have passed
                self._store = None
            raise

    def close(self, timeout_ms: int = 10_000) -> None:
        """Finish the requests already made (their answers are delivered now), then close the connection."""
        if not self._open:
            return
        self._background.run(self._close_store, lambda _none: None, lambda _error: None)
        if self._background.wait(timeout_ms):
            self._open = False
        self._background.deliver_pending()

    def _close_store(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    @property
    def running(self) -> bool:
        """Work is under way, or the connection is open (until :meth:`close`)."""
        return self._open or self._background.busy()


def _empty_store() -> RecordStore:
    """A store with no sessions, in memory: what the history reads before the first session is saved."""
    import sqlite3

    from mindful_listening.storage import schema

    db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    schema.migrate(db)
    return RecordStore(db, Path(":memory:"), None)
