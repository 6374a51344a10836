"""The one way to run work off the GUI thread and come back by signal.

``Background.run(work, done, fail)`` runs ``work()`` on a thread of its own (one at a time, in order) and
calls ``done(result)`` or ``fail(error)`` back on the GUI thread. Exports, reports and anything else slow that
is not a records save use it; the records keeper has its own writer thread because saves must keep their order
with every other use of the database.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRunnable, Qt, QThreadPool, Signal, Slot


class _Relay(QObject):
    answer = Signal(object, object)  # the callback to call on the owner's thread, and what to pass it


class _Job(QRunnable):
    def __init__(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        fail: Callable[[BaseException], None],
        relay: _Relay,
    ) -> None:
        super().__init__()
        self.work, self.done, self.fail, self.relay = work, done, fail, relay

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as exc:  # a worker always answers; the caller decides what to say
            self._answer(self.fail, exc)
        else:
            self._answer(self.done, result)

    def _answer(self, callback: Callable[[Any], None], value: object) -> None:
        with contextlib.suppress(RuntimeError):  # the owner is gone: nobody is waiting for the answer
            self.relay.answer.emit(callback, value)


class Background(QObject):
    """One worker thread; work runs in the order given, answers arrive on the thread that owns this object."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        # Parented, so Qt deletes it on the GUI thread: a Python-owned QObject caught in a reference cycle
        # could otherwise be destroyed by the garbage collector on whichever thread happens to run it.
        self._relay = _Relay(self)
        self._relay.answer.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def run(
        self, work: Callable[[], Any], done: Callable[[Any], None], fail: Callable[[BaseException], None]
    ) -> None:
        """Start ``work`` on the worker thread; returns at once. Copy anything the GUI may change first."""
        self._pool.start(_Job(work, done, fail, self._relay))

    def busy(self) -> bool:
        return self._pool.activeThreadCount() > 0

    def wait(self, timeout_ms: int = 60_000) -> bool:
        """Block until all work has finished and the worker thread has exited (for quitting, and tests)."""
        return self._pool.waitForDone(timeout_ms)

    def deliver_pending(self) -> None:
        """Hand over now the answers that finished work has sent and the event loop has not yet delivered."""
        QCoreApplication.sendPostedEvents(self._relay, QEvent.Type.MetaCall)

    @Slot(object, object)
    def _deliver(self, callback: Callable[[Any], None], value: object) -> None:
        callback(value)
