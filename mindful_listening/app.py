"""The desktop app's entry point (``mindful-listening-gui``, and ``mindful-listening`` with no command)."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

# The Qt-free parts every window of the app starts with (the scripts, the session's records, the records
# store), imported before PySide6. PySide6 installs an import hook that reads the source of each module
# imported after it, to look for the word "PySide6" (its ``__feature__`` support): measured 65–76 ms of
# start-up for these ~150 modules when they came after it, 16 ms for what is left once they come first.
QT_FREE_FIRST = (
    "mindful_listening.core.library",
    "mindful_listening.core.record",
    "mindful_listening.storage.store",  # the package itself imports nothing (decision 0015)
    "mindful_listening.storage.exchange",
)


def import_qt_free_first() -> None:
    """Import :data:`QT_FREE_FIRST` now, if PySide6 has not been imported yet (later it gains nothing)."""
    if "PySide6" not in sys.modules:
        for name in QT_FREE_FIRST:
            importlib.import_module(name)


def main(argv: Sequence[str] | None = None) -> int:
    import_qt_free_first()
    from mindful_listening.ui.main import run

    # As a gui-script the entry point is called with no arguments: read them from the command line then,
    # so `mindful-listening-gui --one-to-one` opens the one-to-one timer, as `mindful-listening` does.
    return int(run(list(sys.argv[1:] if argv is None else argv)))
