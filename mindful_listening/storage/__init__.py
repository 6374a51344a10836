"""Session records: one SQLite file on this computer, autosaved, searchable, exported, erased for real.

The public API is small. Importing this package loads nothing more: each name's module (the store, the
three Qt classes, the exports) loads when the name is first used.

Opening (Qt-free)
    ``open_store(directory=None, *, lock=True) -> StoreResult``: ``.store`` (a :class:`RecordStore`) or
    ``None`` with ``.problem`` (a message for the facilitator) and ``.kind`` (``read-only``, ``full``,
    ``damaged``, ``in-use``, ``too-new``). Never raises for those. ``data_dir()`` is the folder (environment
    variable ``MINDFUL_LISTENING_DATA_DIR`` overrides it). ``set_aside_damaged()`` moves a damaged file aside
    (kept, never deleted) so a fresh one can start.

:class:`RecordStore` (Qt-free, synchronous, one thread at a time)
    ``save(record)``, ``get(id)``, ``delete(id)`` (erases the text from every file), ``sessions(Query)``
    (newest first, full-text ``text``, ``script_id``, ``since``/``until``, paged by ``after=row.cursor``),
    ``count(Query)``, ``scripts()``, ``unfinished()`` (to offer "continue the session from …?"),
    ``resolve(id_or_prefix)``, ``import_records(records)``, ``close()``.

:class:`RecordKeeper` (Qt; implements ``core.record.RecordSink``) — the app's autosaver
    ``save(record, immediate=False)`` returns at once; the record is written ~500 ms after the last call
    (at most 1 s after the first unsaved one) on the keeper's own writer thread. ``flush()`` blocks until
    written (quit); ``close()`` flushes and stops the thread (also on ``aboutToQuit``). ``delete(id)``,
    ``import_file(path, done, fail)``, ``find_unfinished(done)``, ``unsaved_records()`` (what is only in
    memory: offer to export it when ``failed`` fires). Signals: ``ready(str problem_or_empty)``,
    ``saved(str id)``, ``failed(str message)``, ``deleted(str id)``. Messages never contain note text.

:class:`Exporter` (Qt) and ``write_export(records, path, fmt)``
    Markdown (``md``), A4 PDF (``pdf``) or JSON (``json``, importable: docs/records-format.md). The Exporter
    writes on a background thread: ``export(records, path, fmt)`` then ``finished(path, pages)`` or
    ``failed(message)``. ``read_records(path)`` checks and reads an exported JSON file.

The history window is :class:`mindful_listening.ui.history.HistoryWidget` (``HistoryWidget(keeper=...)``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mindful_listening.storage.exchange import ImportProblem, read_records
    from mindful_listening.storage.export import write_export
    from mindful_listening.storage.exporter import Exporter
    from mindful_listening.storage.formats import ExportError
    from mindful_listening.storage.keeper import RecordKeeper
    from mindful_listening.storage.paths import data_dir
    from mindful_listening.storage.reader import RecordReader
    from mindful_listening.storage.store import (
        Query,
        RecordStore,
        SessionNotFound,
        SessionSummary,
        StoreError,
        StoreResult,
        open_store,
        set_aside_damaged,
    )

__all__ = [
    "ExportError",
    "Exporter",
    "ImportProblem",
    "Query",
    "RecordKeeper",
    "RecordReader",
    "RecordStore",
    "SessionNotFound",
    "SessionSummary",
    "StoreError",
    "StoreResult",
    "data_dir",
    "open_store",
    "read_records",
    "set_aside_damaged",
    "write_export",
]

# Each name's module, loaded at its first use: importing any part of the package (the keeper, the diary
# rows) runs this file first, and must not bring the exports with it (issue 16: 85-146 ms of the first paint).
_HOMES = {
    "ExportError": "mindful_listening.storage.formats",
    "Exporter": "mindful_listening.storage.exporter",
    "ImportProblem": "mindful_listening.storage.exchange",
    "Query": "mindful_listening.storage.store",
    "RecordKeeper": "mindful_listening.storage.keeper",
    "RecordReader": "mindful_listening.storage.reader",
    "RecordStore": "mindful_listening.storage.store",
    "SessionNotFound": "mindful_listening.storage.store",
    "SessionSummary": "mindful_listening.storage.store",
    "StoreError": "mindful_listening.storage.store",
    "StoreResult": "mindful_listening.storage.store",
    "data_dir": "mindful_listening.storage.paths",
    "open_store": "mindful_listening.storage.store",
    "read_records": "mindful_listening.storage.exchange",
    "set_aside_damaged": "mindful_listening.storage.store",
    "write_export": "mindful_listening.storage.export",
}


def __getattr__(name: str) -> Any:
    """Load a name's module only when the name is asked for: the Qt classes, the exports, the store."""
    module = _HOMES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
