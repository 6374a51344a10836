"""Exports made off the GUI thread: the app's way to write Markdown, PDF and JSON files.

``Exporter.export(records, path, fmt)`` copies the records at once (on the GUI thread, in a fraction of a
millisecond) and writes the file through :class:`~mindful_listening.background.Background`;
``finished(path, pages)`` or ``failed(message)`` follows on the GUI thread. The exports themselves
(:mod:`mindful_listening.storage.export`, with the PDF and the assessment's words) load at the first export,
on the background thread, so a window that can export does not pay for them before it is shown.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from mindful_listening.background import Background
from mindful_listening.core.record import SessionRecord
from mindful_listening.storage import derive
from mindful_listening.storage.formats import ExportError, Format
from mindful_listening.storage.text import tr

log = logging.getLogger(__name__)


def write_export(records: Sequence[SessionRecord], path: str | Path, fmt: Format) -> int:
    """:func:`mindful_listening.storage.export.write_export`, the exports loaded by the first call."""
    from mindful_listening.storage.export import write_export as write

    return write(records, path, fmt)


class Exporter(QObject):
    """Writes exports on a background thread. Signals: ``finished(str path, int pages)``, ``failed(str)``."""

    finished = Signal(str, int)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._background = Background(self)

    def export(self, records: Sequence[SessionRecord], path: str | Path, fmt: Format) -> None:
        copies = [SessionRecord.from_dict(json.loads(derive.snapshot(r))) for r in records]
        target = str(path)
        self._background.run(
            lambda: write_export(copies, target, fmt),
            lambda pages: self.finished.emit(target, pages),
            self._on_failed,
        )

    def wait(self, timeout_ms: int = 60_000) -> bool:
        """Block until every export has finished (for quitting, and tests)."""
        return self._background.wait(timeout_ms)

    def _on_failed(self, error: BaseException) -> None:
        if isinstance(error, ExportError):
            self.failed.emit(str(error))
            return
        log.error("an export failed (%s)", type(error).__name__, exc_info=error)
        self.failed.emit(tr("The export could not be made."))
