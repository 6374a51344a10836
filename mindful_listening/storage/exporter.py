"""Exports made off the GUI thread: the app's way to write Markdown, PDF and JSON files.

``Exporter.export(records, path, fmt)`` copies the records at once (on the GUI thread, in a fraction of a
millisecond) and writes the file on a pool thread of its own; ``finished(path, pages)`` or ``failed(message)``
follows on the GUI thread.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

from mindful_listening.core.record import SessionRecord
from mindful_listening.storage import derive
from mindful_listening.storage.export import ExportError, Format, write_export
from mindful_listening.storage.text import tr

log = logging.getLogger(__name__)


class _Relay(QObject):
    done = Signal(str, int)
    failed = Signal(str)


class _Job(QRunnable):
    def __init__(self, records: list[SessionRecord], path: Path, fmt: Format, relay: _Relay) -> None:
        super().__init__()
        self.records = records
        self.path = path
        self.fmt: Format = fmt
        self.relay = relay

    def run(self) -> None:
        try:
            pages = write_export(self.records, self.path, self.fmt)
        except ExportError as exc:
            self._emit_failed(str(exc))
        except Exception:
            log.exception("an export failed")
            self._emit_failed(tr("The export could not be made."))
        else:
            with contextlib.suppress(RuntimeError):
                self.relay.done.emit(str(self.path), pages)

    def _emit_failed(self, message: str) -> None:
        with contextlib.suppress(RuntimeError):
            self.relay.failed.emit(message)


class Exporter(QObject):
    """Writes exports on a background thread. Signals: ``finished(str path, int pages)``, ``failed(str)``."""

    finished = Signal(str, int)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        # Parented, so Qt deletes it on the GUI thread: a Python-owned QObject caught in a reference cycle
        # could otherwise be destroyed by the garbage collector on whichever thread happens to run it.
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)
        self._relay.failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)

    def export(self, records: Sequence[SessionRecord], path: str | Path, fmt: Format) -> None:
        copies = [SessionRecord.from_dict(json.loads(derive.snapshot(r))) for r in records]
        self._pool.start(_Job(copies, Path(path), fmt, self._relay))

    def wait(self, timeout_ms: int = 60_000) -> bool:
        """Block until every export has finished (for quitting, and tests)."""
        return self._pool.waitForDone(timeout_ms)

    @Slot(str, int)
    def _on_done(self, path: str, pages: int) -> None:
        self.finished.emit(path, pages)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.failed.emit(message)
