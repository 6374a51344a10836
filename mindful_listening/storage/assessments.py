"""Stored assessments for a trainee's progress, read without the GUI: the report's progress page (from the
command line, or the assessment panel's worker thread) reads them through here. Qt-free and synchronous."""

from __future__ import annotations

from pathlib import Path

from mindful_listening.core.progress import AssessedSession
from mindful_listening.storage.store import open_for_reading


def stored_assessments(trainee_code: str, directory: Path | None = None) -> list[AssessedSession]:
    """Every assessment of ``trainee_code`` in the records (none before the first session is kept).

    Reads without the instance lock, alongside a running app. Raises ``StoreError`` when the records cannot
    be read.
    """
    store = open_for_reading(directory)
    if store is None:
        return []
    try:
        return store.assessments_of(trainee_code)
    finally:
        store.close()
