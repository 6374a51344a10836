"""Command-line entries for speech: ``voice-check`` and ``play`` (audio-only sessions).

Registering the commands imports no Qt (building the parser stays light); each command loads what it needs.
Exit codes: ``voice-check`` exits 0 once the check has run and, unless ``--silent``, its bell or phrase was
taken by a sound output; 1 when it tried to sound and nothing could be heard (read ``engine_available`` for
whether speech itself works);
``play`` exits 0 at the end of the session, 130 after Ctrl+C, 141 when whatever read its captions stopped
reading (``| head``; the session ends there, as after Ctrl+C), 2 for a script with problems (from the CLI).

A played session is recorded like one run in the window (``source`` "play"), unless ``--no-record``; one
played at ``--scale`` other than 1 is recorded as a rehearsal at that speed (``speed`` in the record). Records
that cannot be kept never stop the session: one line on stderr says why, and the exit code is the session's.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from typing import TYPE_CHECKING, Any, TextIO

from mindful_listening.core.record import RecordSink

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

    from mindful_listening.core.record import SessionRecord
    from mindful_listening.preferences import Preferences
    from mindful_listening.storage.keeper import RecordKeeper

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_NOT_HEARD = 1  # voice-check tried to sound and no output took anything
RECORD_WAIT_MS = 10_000  # at the end of a played session, wait at most this long for its record to be written


def quiet_qt_messages() -> None:
    """Route Qt's messages through logging, with Qt Multimedia's start-up chatter turned down (see qtlog)."""
    from mindful_listening.qtlog import route_qt_messages

    route_qt_messages()


def register(subparsers: Any) -> None:
    check = subparsers.add_parser(
        "voice-check",
        help="check the speech engine and sound output, ring the bell and speak a test phrase",
        description="Checks that spoken cues can work here: finds the speech engine, renders and measures a "
        "test phrase, lists sound outputs, then rings the bell and speaks the phrase. Exits 1 when it tried "
        "to sound and nothing could be heard, else 0; with --json read 'engine_available' to see whether "
        "speech works.",
    )
    check.add_argument("--json", action="store_true", help="print the findings as JSON")
    check.add_argument("--silent", action="store_true", help="measure only: do not ring or speak")
    check.set_defaults(handler=_cmd_voice_check)

    play = subparsers.add_parser(
        "play",
        help="run a session with sound and printed captions, no window (eyes-closed practice, rehearsal)",
        description="Runs SCRIPT in real time without a window: bells and spoken cues sound, captions are "
        "printed as they happen. Open-ended steps (one-to-one scripts) end after their guide duration, since "
        "nobody is at the keyboard. Ctrl+C ends the session cleanly (exit 130), and so does a reader of the "
        "captions that stops reading, such as head (exit 141). The session is recorded like one run in the "
        "window (see 'sessions list'), also when stopped early; at a --scale other than 1 it is recorded as "
        "a rehearsal at that speed. --no-record keeps no record.",
    )
    play.add_argument(
        "script",
        metavar="SCRIPT",
        help="a built-in id (see 'scripts'), a .toml file, or - to read the script from standard input",
    )
    play.add_argument(
        "--scale",
        type=_positive_float,
        default=1.0,
        help="run this many times faster, e.g. 20 to rehearse (recorded as a rehearsal at that speed)",
    )
    play.add_argument("--events", metavar="PATH", help="write one JSON line per event (planned vs actual ms)")
    play.add_argument(
        "--no-speech", action="store_true", help="captions only: no voice and no bells, cues are printed"
    )
    play.add_argument("--no-bells", action="store_true", help="never ring (you have a real bowl)")
    play.add_argument(
        "--no-record",
        action="store_true",
        help="keep no record of this run (by default every played session is recorded; one at a --scale "
        "other than 1 as a rehearsal at that speed, its length as the clock saw it, its step times the "
        "script's)",
    )
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
    """The facilitator's saved preferences (voice, rate, volumes, bells), as the window uses them."""
    from mindful_listening.preferences import saved

    return saved()


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
    if not args.silent and not report.get("played"):
        sys.stderr.write(
            "Nothing could be heard: no sound output took the bell or the test phrase. Cues will still "
            "appear as captions.\n"
        )
        return EXIT_NOT_HEARD
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
    if report.get("voice_volume") is not None and report.get("bell_volume") is not None:
        cues, bell = round(report["voice_volume"] * 100), round(report["bell_volume"] * 100)
        out.write(f"Volumes:         cues {cues} %, bell {bell} %\n")
    out.write(f"Test phrase:     {seconds}, level {level}, rendered in {render}\n")
    out.write(f"Sound outputs:   {outputs}\n")
    if report.get("played"):
        start = show(report.get("audio_start_ms"), " ms")
        out.write(f"Played:          the output took the sound {start} after it was asked for\n")
    for problem in report.get("problems", []):
        out.write(f"\n{problem}\n")
    if report.get("engine_available") and report.get("audio_outputs") and not report.get("problems"):
        out.write("\nAll good: spoken cues and bells are ready.\n")


def _cmd_play(args: argparse.Namespace, out: TextIO) -> int:
    quiet_qt_messages()
    from dataclasses import replace

    from PySide6.QtCore import QCoreApplication

    from mindful_listening.core.library import find_script
    from mindful_listening.headless.play import run_play
    from mindful_listening.preferences import warning_style
    from mindful_listening.speech.service import CaptionOnlySpeaker, QtSpeaker, make_speaker

    script = find_script(args.script)
    prefs = _preferences()
    if args.no_bells:
        prefs = replace(prefs, bells="none")
    warnings = warning_style(prefs)
    if warnings is not None:  # the facilitator's default for every sitting, as in the window
        script = script.model_copy(update={"warnings": warnings})

    def speaker_factory(parent: QObject | None) -> QtSpeaker:
        if args.no_speech:
            return CaptionOnlySpeaker(parent=parent)
        return make_speaker(prefs, parent)

    # The records keeper needs the application (its results come back through the event loop, and it
    # closes on aboutToQuit), so make it here; run_play uses the same one.
    app = QCoreApplication.instance() or QCoreApplication([])
    records: _PlayRecords | None = None
    sink: RecordSink | None = None
    if not args.no_record:
        sink = records = _open_records(app, sys.stderr)
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
        if records is not None:
            records.close()


class _PlayRecords:
    """The records database as the sink of one played session: saves at once, says where the record went."""

    def __init__(self, keeper: RecordKeeper, err: TextIO) -> None:
        self._keeper = keeper
        self._err = err
        self.session_id: str | None = None

    def save(self, record: SessionRecord, immediate: bool = False) -> None:
        del immediate  # always at once: a played session is saved once, at its end
        self.session_id = record.id
        self._keeper.save(record, immediate=True)  # a played session is saved once, at its end

    def close(self) -> None:
        """Wait (at most ``RECORD_WAIT_MS``) for the record to be written; then say where, or why not."""
        saved = self._keeper.close(RECORD_WAIT_MS)
        if self.session_id is None:
            return  # stopped before the session began: there is nothing to keep
        if saved:
            self._err.write(f"Recorded as session {self.session_id} (see 'mindful-listening sessions').\n")
        else:
            why = self._keeper.problem or "the records did not answer in time"
            self._err.write(f"This session could not be recorded: {why}\n")
        self._err.flush()


def _open_records(parent: QObject, err: TextIO) -> _PlayRecords | None:
    """The records for a played session, or None (said in one line on ``err``) when they cannot be used.

    Opened without the app's instance lock: a played session only adds its own new record, once, at its end,
    so it cannot race the window's saves, and a window opened during a long play still keeps the records.
    """
    from mindful_listening.storage import RecordKeeper, open_store

    # This command says what went wrong in one line of its own. With no logging set up, the storage's warnings
    # would reach stderr a second time, through Python's last-resort handler; a NullHandler stops only that.
    storage_log = logging.getLogger("mindful_listening.storage")
    if not storage_log.handlers:
        storage_log.addHandler(logging.NullHandler())
    result = None
    try:
        result = open_store(lock=False)
        if result.store is not None:
            return _PlayRecords(RecordKeeper(result=result, parent=parent), err)
        problem = result.problem or "the records cannot be opened."
    except Exception as exc:  # the records must never stop a session from playing
        log.debug("the records could not be opened", exc_info=True)
        if result is not None and result.store is not None:
            result.store.close()
        problem = f"the records cannot be opened ({type(exc).__name__})."
    err.write(f"This session will not be recorded: {problem}\n")
    err.flush()
    return None
