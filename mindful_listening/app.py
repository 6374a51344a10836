"""The desktop app's entry point (``mindful-listening-gui``, and ``mindful-listening`` with no command)."""

from __future__ import annotations

import gc
import importlib
import os
import sys
from collections.abc import Sequence

# The Qt-free parts every window of the app starts with (the scripts, the session's records, the records
# store, the session's flow, the speech service's plain parts), imported before PySide6. PySide6 installs an
# import hook that reads the source of each module imported after it, to look for the word "PySide6" (its
# ``__feature__`` support): measured 65–76 ms of start-up for ~150 modules when they came after it, 16 ms for
# what was left once they came first. Brought first too, the flow and the speech parts here import in 6.5 ms
# instead of 10.9, the facilitator's own below in 5.3 instead of 8.0 (medians of 7, load 1.9). Since
# spare_pyside_the_sources (2 December) the hook reads none of the app's modules wherever they are imported;
# the order still keeps it from reading the standard library's modules these bring in (they count as
# imported before PySide6). Each must stay Qt-free (tested).
QT_FREE_FIRST = (
    "mindful_listening.core.library",
    "mindful_listening.core.record",
    "mindful_listening.storage.store",  # the package itself imports nothing (decision 0015)
    "mindful_listening.storage.exchange",
    "mindful_listening.core.flow",
    "mindful_listening.speech.api",
    "mindful_listening.speech.cachefiles",
    "mindful_listening.speech.wavinfo",
)
# What the facilitator's window adds (the one-to-one timer never loads these: not imported for it).
QT_FREE_FIRST_FACILITATOR = (
    "mindful_listening.core.groups",
    "mindful_listening.core.script_files",
    "mindful_listening.ui.safe_moves",
)


# The standard library's modules each first screen imports after PySide6 otherwise (the Ctrl+C bridge, the
# speech service's queue and command line, the built-ins' resource readers and their text's codec), imported
# first too, so PySide6's import hook counts them among the modules it need not read
# (spare_pyside_the_sources): 9 of the 13 sources it still read at either first screen (3.2 -> 1.8 ms
# of reading, the rest PySide6's own).
STANDARD_LIBRARY_FIRST = (
    "signal",
    "heapq",
    "queue",
    "shlex",
    "zipfile",
    "importlib.readers",
    "importlib.resources.readers",
    "encodings.utf_8_sig",
)


def import_qt_free_first(one_to_one: bool = False) -> None:
    """Import :data:`QT_FREE_FIRST` now (and, unless the app opens as the ``one_to_one`` timer,
    :data:`QT_FREE_FIRST_FACILITATOR`), then :data:`STANDARD_LIBRARY_FIRST`, if PySide6 has not been imported
    yet (later it gains nothing)."""
    if "PySide6" not in sys.modules:
        facilitator = () if one_to_one else QT_FREE_FIRST_FACILITATOR
        for name in QT_FREE_FIRST + facilitator + STANDARD_LIBRARY_FIRST:
            importlib.import_module(name)


def spare_pyside_the_sources() -> None:
    """Import PySide6 and tell its import hook at once what it would find by reading each module's source.

    PySide6's ``__feature__`` support (``snake_case``, ``true_property``; the app uses neither) meets every
    module an ``import`` statement names after PySide6 is imported, already imported or not, reads its whole
    source (``inspect.getsource``) to see whether it says "PySide6", and keeps the answer per module name in
    ``shibokensupport.feature.pyside_feature_dict``: ``0`` (it does: the features it chose, none) or ``-1``
    (ignore it). Measured at the facilitator's first screen: 92 modules read (ours, and the standard library's
    that ours name again), 5.5-12 ms for the 47 of the window's alone, every line kept in ``linecache``
    (4.8 MiB, dropped again by ``ui.main``). Given here: ``0`` for each of the app's modules, and ``-1`` for
    every module imported before PySide6 (none of them can use it); no feature is ever chosen in this app, so
    the two behave alike. If PySide6 keeps its answers elsewhere (another version), nothing is given and it
    reads the sources as before."""
    first = "PySide6" not in sys.modules
    before = list(sys.modules) if first else []
    import PySide6  # noqa: F401  (installs the import hook)

    try:
        from shibokensupport import feature  # type: ignore[import-not-found]  # PySide6's own

        answers = feature.pyside_feature_dict
    except (ImportError, AttributeError):
        return
    if not isinstance(answers, dict):
        return
    root = os.path.dirname(os.path.abspath(__file__))
    for folder, folders, files in os.walk(root):
        folders[:] = [name for name in folders if name != "__pycache__"]
        package = "mindful_listening" + folder[len(root) :].replace(os.sep, ".")
        for file in files:
            if file.endswith(".py"):
                answers.setdefault(package if file == "__init__.py" else f"{package}.{file[:-3]}", 0)
    for name in before:
        answers.setdefault(name, -1)


def main(argv: Sequence[str] | None = None) -> int:
    # As a gui-script the entry point is called with no arguments: read them from the command line then,
    # so `mindful-listening-gui --one-to-one` opens the one-to-one timer, as `mindful-listening` does.
    args = list(sys.argv[1:] if argv is None else argv)
    # Python's garbage collector waits from here until the first paint (ui.main.hold_collection says why).
    collecting = gc.isenabled()
    gc.disable()
    try:
        import_qt_free_first(one_to_one="--one-to-one" in args)
        spare_pyside_the_sources()
        from mindful_listening.ui import main as ui_main

        if collecting:
            ui_main.hold_collection()  # released once the window has painted
        return int(ui_main.run(args))
    finally:
        if collecting:
            gc.enable()
