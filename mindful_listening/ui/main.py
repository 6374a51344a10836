"""Starting the desktop app: the QApplication, logging of Qt's messages, a calm excepthook, the main window.

The speaker and the record sink come from the speech and storage parts when they are installed; without
them the app still runs, with captions only and notes kept in memory (and it says so in the log).
"""

from __future__ import annotations

import gc
import linecache
import logging
import os
import signal
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QSettings,
    QStandardPaths,
    Qt,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from mindful_listening import preferences as prefs_io
from mindful_listening.core import library
from mindful_listening.core.record import MemorySink, RecordSink
from mindful_listening.interrupts import InterruptBridge
from mindful_listening.preferences import Preferences
from mindful_listening.qtlog import qt_message_handler, route_qt_messages
from mindful_listening.speech.api import SilentSpeaker, Speaker
from mindful_listening.storage.keeper import RecordKeeper
from mindful_listening.timers import after_first_paint, soon
from mindful_listening.ui.theme import BASE_POINT_SIZE

if TYPE_CHECKING:
    from mindful_listening.ui.window import MainWindow

log = logging.getLogger(__name__)
__all__ = ["build_window", "make_excepthook", "make_sink", "make_speaker", "qt_message_handler", "run"]

APP_NAME = prefs_io.APP_NAME
ORG_NAME = prefs_io.ORG_NAME

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], Any]


def make_excepthook(parent: Callable[[], QWidget | None]) -> ExceptHook:
    """An excepthook that logs the error and shows a calm, non-modal message; the app carries on."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QCoreApplication.quit()
            return
        log.error("Unexpected error:\n%s", "".join(traceback.format_exception(kind, error, tb)))
        if QApplication.instance() is None:
            return
        box = QMessageBox(parent())
        box.setObjectName("calmErrorMessage")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(QCoreApplication.translate("Main", "Something unexpected happened"))
        box.setText(
            QCoreApplication.translate(
                "Main",
                "Something went wrong inside the app. Your notes are kept, and you can carry on. "
                "If things look odd, save your notes (Ctrl+S) and restart when there is a natural pause.",
            )
        )
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        box.setWindowModality(Qt.WindowModality.NonModal)  # the session and its keys carry on
        box.show()

    return hook


def make_speaker(prefs: Preferences, parent: QObject | None) -> Speaker:
    """The speech service; if it cannot start at all, captions only (and logged)."""
    from mindful_listening.speech.service import make_speaker as make_real

    try:
        speaker: Speaker = make_real(prefs, parent)
    except Exception:
        log.exception("The speech service could not start: cues will be captions only")
        return SilentSpeaker("the speech service could not start")
    return speaker


def make_sink(parent: QObject | None) -> RecordSink:
    """The records keeper; if it cannot start at all, notes are kept in memory for this run (and logged)."""
    try:
        return RecordKeeper(parent=parent)
    except Exception:
        log.exception("The records storage could not start: notes are kept in memory for this run only")
        return MemorySink()


def build_window(settings: QSettings, app_wide_theme: bool = True) -> MainWindow:
    # Imported here: ``--one-to-one`` never loads the facilitator's window.
    from mindful_listening.ui.window import MainWindow

    _drop_read_sources()
    prefs = prefs_io.load(settings)
    app = QApplication.instance()
    speaker = make_speaker(prefs, app)
    sink = make_sink(app)
    window = MainWindow(
        prefs, speaker, sink, settings=settings, app_wide_theme=app_wide_theme, stages_after_first_paint=True
    )
    _sound_after_first_paint(speaker, window)
    _collect_after_first_paint(window)
    return window


def _drop_read_sources() -> None:
    """Forget the source text of the modules imported so far: PySide6's import hook reads each module's source
    through ``linecache`` (for its ``__feature__`` support) and the cache kept all of it, 4.8 MiB at the first
    screen (``benchmarks/session_memory.py --where --tracemalloc``). Since ``app.spare_pyside_the_sources``
    it reads only PySide6's own few (the entry point's path); a caller that imports PySide6 first still meets
    the rest. It is only a cache: a traceback reads its file again."""
    linecache.clearcache()


def _sound_after_first_paint(speaker: Speaker, window: QWidget) -> None:
    """The sound player starts once the window has painted: never delaying that paint, ready well before a
    first cue (a player started with the cue rang its bell 0.3-0.6 s late: cue_onset_at_sink.py --cold)."""
    from mindful_listening.speech.qtspeaker import QtSpeaker

    if isinstance(speaker, QtSpeaker):
        speaker.warm_up_after_paint(window)


# If the window is not painted by then (started hidden or minimised), the collector runs again anyway.
COLLECT_AT_THE_LATEST_MS = 3_000


_collection_held = False


def hold_collection() -> None:
    """Python's cyclic garbage collector waits until the first paint (the entry point stops it before
    anything is imported; the window then starts it again with :func:`release_collection`): starting the
    app makes ~43,000 objects the collector tracks (a bare PySide6 window ~17,000), nearly all of them living
    as long as the app, and the collector walked them again and again as they came: 80-90 collections,
    22-26 ms of every start to first paint (10-15 ms for the bare window; ``gc.callbacks``, 2 December).
    Nothing is lost: cycles made meanwhile are collected once it runs again."""
    global _collection_held
    gc.disable()
    _collection_held = True


def release_collection() -> None:
    """The collector runs again, if :func:`hold_collection` stopped it."""
    global _collection_held
    if _collection_held:
        _collection_held = False
        gc.enable()


def _collect_after_first_paint(window: QWidget) -> None:
    """The garbage collector, held while the app starts, runs again once the window has painted."""
    after_first_paint(window, release_collection)
    soon(window, release_collection, COLLECT_AT_THE_LATEST_MS)


def parse_cache_path() -> Path:
    """Where the built-in scripts' parsed TOML is kept between runs (beside the speech cache)."""
    base = os.environ.get("XDG_CACHE_HOME") or QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.GenericCacheLocation
    )
    return (Path(base) if base else Path.home() / ".cache") / "mindful-listening" / "builtin-scripts.json"


def _exec(app: QApplication) -> int:
    return app.exec()


def _run_one_to_one(app: QApplication) -> int:
    """The practitioner's compact window on its own, with speech and records like the main window's."""
    from mindful_listening.ui.one_to_one import open_one_to_one

    _drop_read_sources()
    settings = prefs_io.app_settings()
    prefs = prefs_io.load(settings)
    # The text size chosen in Preferences, as the facilitator's window applies it (app-wide) for its own.
    font = app.font()
    font.setPointSizeF(BASE_POINT_SIZE * prefs.font_scale)
    app.setFont(font)
    sink = make_sink(app)
    speaker = make_speaker(prefs, app)
    window = open_one_to_one(sink, speaker, settings=settings)
    _sound_after_first_paint(speaker, window)
    _collect_after_first_paint(window)
    log.info("The one-to-one window is open")
    try:
        return _exec(app)
    finally:
        if window.isVisible():
            window.close()
        speaker.shutdown()
        if isinstance(sink, RecordKeeper):
            sink.close()  # what is still being written reaches the disk before the app goes


def run(argv: list[str]) -> int:
    """Open the facilitator's window (or, with ``--one-to-one``, only the compact one-to-one timer) and run
    until it is closed; returns the exit code."""
    one_to_one = "--one-to-one" in argv
    argv = [arg for arg in argv if arg != "--one-to-one"]
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication([sys.argv[0] if sys.argv else "mindful-listening", *argv])
    app.setOrganizationName(ORG_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    previous_handler = route_qt_messages()
    previous_hook = sys.excepthook
    window: MainWindow | None = None
    sys.excepthook = make_excepthook(lambda: window)
    # Ctrl+C quits the event loop cleanly, so the window still closes and saves the notes.
    interrupt = InterruptBridge(lambda _signum: app.quit(), (signal.SIGINT,))
    library.use_parse_cache(parse_cache_path())
    try:
        if one_to_one:
            return _run_one_to_one(app)
        window = build_window(prefs_io.app_settings())
        window.show_initial_views()
        window.offer_unfinished()
        log.info("The facilitator's window is open")
        return _exec(app)
    finally:
        if window is not None and window.isVisible():
            window.close()  # quit without closing the window (Ctrl+C): still save the notes
        # Carry out what closing queued (the sound player's and render worker's ends) while the
        # event loop can still run it, before Python's clean-up.
        app.processEvents()
        interrupt.close()
        sys.excepthook = previous_hook
        qInstallMessageHandler(previous_handler)
