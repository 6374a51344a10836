"""Command-line entries for speech: ``voice-check`` and ``play`` (audio-only sessions).

Registering the commands imports no Qt (building the parser stays light); each command loads what it needs.
Exit codes: ``voice-check`` exits 0 once the check has run, whatever it found (read ``engine_available``);
``play`` exits 0 at the end of the session, 130 after Ctrl+C, 2 for a script with problems (from the CLI).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO

from mindful_listening.core.record import RecordSink

if TYPE_CHECKING:
    from PySide6.QtCore import QMessageLogContext, QtMsgType

    from mindful_listening.preferences import Preferences

log = logging.getLogger(__name__)

EXIT_OK = 0

# Hooks the app's wiring may set: where played sessions are recorded, and the facilitator's preferences.
record_sink_factory: Callable[[], RecordSink | None] | None = None
preferences_provider: Callable[[], Preferences] | None = None  # None: the defaults

# Qt Multimedia narrates its start-up (optional libraries it did not find, no sound server, no device) as
# warnings. None of it is actionable by a facilitator; what is, the speech service says in plain words.
_QUIET_MESSAGES = (
    "No audio device detected",
    "PulseAudioService: pa_context_connect() failed",
    "Could not open media. FFmpeg error description: Immediate exit requested",  # a cue cut while opening
)


def _qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    from PySide6.QtCore import QtMsgType

    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }
    category = context.category or "default"
    level = levels.get(kind, logging.WARNING)
    if category.startswith("qt.multimedia") or message.startswith(_QUIET_MESSAGES):
        level = logging.DEBUG
    logging.getLogger(f"qt.{category}").log(level, "%s", message)


def quiet_qt_messages() -> None:
    """Route Qt's messages through logging, with Qt Multimedia's start-up chatter turned down to debug.

    Its informational categories are switched off too: when enabled, FFmpeg prints a dump of every file it
    opens straight to stderr, past any message handler.
    """
    from PySide6.QtCore import QLoggingCategory, qInstallMessageHandler

    QLoggingCategory.setFilterRules("qt.multimedia.*.info=false\nqt.multimedia.*.debug=false")
    qInstallMessageHandler(_qt_message)


def register(subparsers: Any) -> None:
    check = subparsers.add_parser(
        "voice-check",
        help="check the speech engine and sound output, ring the bell and speak a test phrase",
        description="Checks that spoken cues can work here: finds the speech engine, renders and measures a "
        "test phrase, lists sound outputs, then rings the bell and speaks the phrase. Always exits 0 once "
        "the check has run; with --json read 'engine_available' to see whether speech works.",
    )
    check.add_argument("--json", action="store_true", help="print the findings as JSON")
    check.add_argument("--silent", action="store_true", help="measure only: do not ring or speak")
    check.set_defaults(handler=_cmd_voice_check)

    play = subparsers.add_parser(
        "play",
        help="run a session with sound and printed captions, no window (eyes-closed practice, rehearsal)",
        description="Runs SCRIPT in real time without a window: bells and spoken cues sound, captions are "
        "printed as they happen. Open-ended steps (one-to-one scripts) end after their guide duration, since "
        "nobody is at the keyboard. Ctrl+C ends the session cleanly (exit 130).",
    )
    play.add_argument("script", metavar="SCRIPT", help="a built-in id (see 'scripts') or a .toml file")
    play.add_argument(
        "--scale", type=_positive_float, default=1.0, help="run this many times faster, e.g. 20 to rehearse"
    )
    play.add_argument("--events", metavar="PATH", help="write one JSON line per event (planned vs actual ms)")
    play.add_argument("--no-speech", action="store_true", help="captions only: no voice and no bells")
    play.add_argument("--no-bells", action="store_true", help="never ring (you have a real bowl)")
    play.set_defaults(handler=_cmd_play)


def _positive_float(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    if not 0 < number <= 10_000:
        raise argparse.ArgumentTypeError("the scale must be above 0 (and at most 10000)")
    return number


def _preferences() -> Preferences:
    from mindful_listening.preferences import Preferences

    return preferences_provider() if preferences_provider is not None else Preferences()


def _cmd_voice_check(args: argparse.Namespace, out: TextIO) -> int:
    quiet_qt_messages()
    from PySide6.QtCore import QCoreApplication

    from mindful_listening.speech.check import VoiceCheck

    app = QCoreApplication.instance() or QCoreApplication([])
    check = VoiceCheck(_preferences(), play=not args.silent)
    reports: list[dict[str, Any]] = []

    def on_finished(report: dict[str, Any]) -> None:
        reports.append(report)
        app.exit(0)

    check.finished.connect(on_finished)
    if not args.json:
        check.stage.connect(lambda text: sys.stderr.write(f"{text}\n"))
    check.start()
    if not check.done:
        app.exec()
    report = reports[0] if reports else {}
    if args.json:
        json.dump(report, out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        _print_report(report, out)
    return EXIT_OK


def _print_report(report: dict[str, Any], out: TextIO) -> None:
    def show(value: object, unit: str = "") -> str:
        return "—" if value is None else f"{value}{unit}"

    outputs = ", ".join(report.get("audio_outputs", [])) or "none found"
    engine = show(report.get("engine")) if report.get("engine_available") else "not available"
    seconds = show(report.get("test_phrase_seconds"), " s")
    level = show(report.get("test_phrase_rms"))
    render = show(report.get("render_ms"), " ms")
    out.write(f"Speech engine:   {engine}\n")
    out.write(f"Voices:          {report.get('voices', 0)} (using {show(report.get('voice'))})\n")
    out.write(f"Test phrase:     {seconds}, level {level}, rendered in {render}\n")
    out.write(f"Sound outputs:   {outputs}\n")
    if report.get("played"):
        start = show(report.get("audio_start_ms"), " ms")
        out.write(f"Played:          sound started {start} after it was asked for\n")
    for problem in report.get("problems", []):
        out.write(f"\n{problem}\n")
    if report.get("engine_available") and report.get("audio_outputs"):
        out.write("\nAll good: spoken cues and bells are ready.\n")


def _cmd_play(args: argparse.Namespace, out: TextIO) -> int:
    quiet_qt_messages()
    from dataclasses import replace

    from PySide6.QtCore import QObject

    from mindful_listening.core.library import find_script
    from mindful_listening.speech.play import run_play
    from mindful_listening.speech.service import CaptionOnlySpeaker, QtSpeaker, make_speaker

    script = find_script(args.script)
    prefs = _preferences()
    if args.no_bells:
        prefs = replace(prefs, bells="none")

    def speaker_factory(parent: QObject | None) -> QtSpeaker:
        if args.no_speech:
            return CaptionOnlySpeaker(parent=parent)
        return make_speaker(prefs, parent)

    sink = record_sink_factory() if record_sink_factory is not None else None
    events: TextIO | None = None
    try:
        if args.events:
            events = open(args.events, "w", encoding="utf-8")  # noqa: SIM115 - closed below
        return run_play(
            script,
            speaker_factory,
            scale=args.scale,
            out=out,
            err=sys.stderr,
            events=events,
            record_sink=sink,
        )
    finally:
        if events is not None:
            events.close()
