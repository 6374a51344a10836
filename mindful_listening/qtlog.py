"""Qt's own messages, routed into :mod:`logging`, with Qt Multimedia's start-up chatter turned down.

Qt Multimedia narrates its start-up on machines without a sound server or device (optional libraries it did
not find, no PulseAudio, no device) as warnings. None of that is actionable by a facilitator; what is, the
speech service says in plain words. Everything else keeps its level.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QLoggingCategory, QMessageLogContext, QtMsgType, qInstallMessageHandler

_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}
QUIET_MESSAGES = (
    "No audio device detected",
    "PulseAudioService: pa_context_connect() failed",
    "Could not open media. FFmpeg error description: Immediate exit requested",  # a cue cut while opening
)

MessageHandler = Callable[[QtMsgType, QMessageLogContext, str], Any]


_said: dict[str, int] = {}  # how often each message has come; a repeat is counted, not logged again


def qt_message_handler(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Log one Qt message under ``qt.<category>``, with its place in Qt's source when Qt gives it.

    A message Qt repeats (a dead sound server makes Qt Multimedia say "Invalid PulseAudio context" about a
    hundred times) is logged the first time at its level and then only counted, at debug level.
    """
    category = context.category or "default"
    level = _LEVELS.get(mode, logging.WARNING)
    if category.startswith("qt.multimedia") or message.startswith(QUIET_MESSAGES):
        level = logging.DEBUG
    times = _said.get(message, 0) + 1
    if len(_said) < 1_000 or message in _said:
        _said[message] = times
    if times > 1:
        logging.getLogger("qt").debug("(said again, %d times so far) %s", times, message)
        return
    where = f" ({context.file}:{context.line})" if context.file else ""
    logging.getLogger("qt" if category == "default" else f"qt.{category}").log(level, "%s%s", message, where)


def quiet_multimedia() -> None:
    """Switch off Qt Multimedia's chatter at the source (filter rules: C++ only, safe before any import).

    Its informational categories: when on, FFmpeg prints a dump of every file it opens straight to stderr,
    past any message handler. And its probe for optional libraries (pipewire, VA-API), which otherwise
    warns on the terminal as the library loads.
    """
    QLoggingCategory.setFilterRules(
        "qt.multimedia.*.info=false\nqt.multimedia.*.debug=false\nqt.multimedia.symbolsresolver.warning=false"
    )


def route_qt_messages() -> MessageHandler | None:
    """Install the handler (and the filter rules above); returns the handler it replaced.

    Call it before any thread of ours starts. Qt Multimedia is never loaded in a process that routes its
    messages so: its libraries log while the dynamic loader holds its lock, and with a Python handler that
    waits for the GIL, another thread loading a C module under the GIL (so waiting for the loader) would leave
    both waiting for ever (the one-to-one start hung exactly so on 30 November). Sound is played in the sound
    player's process (``speech.sound_worker``), which loads Qt Multimedia before anything else and routes
    nothing through Python; the app's process and the commands' need none of it
    (``tests/speech/test_app_process_without_multimedia.py`` holds them to that). Until 2 December it was
    loaded here, first and alone, as the guard: 5.8 MiB of every start's peak RSS, with the Qt Network it
    brings.
    """
    quiet_multimedia()
    previous: MessageHandler | None = qInstallMessageHandler(qt_message_handler)
    return previous
