"""Command-line commands for assessment: ``criteria`` and ``assessment-report``.

Imported by ``mindful_listening.cli`` at start-up, so nothing here loads Qt until a report is asked for.
Errors are raised as :class:`ScriptProblems` (file, line, reason): the CLI prints them and exits 2.

``assessment-report --progress`` adds the trainee's progress pages. The stored assessments it needs are read
by the records layer, which this layer may not import: ``mindful_listening.headless.progress`` hands the
reading function in (:func:`report_handler`).
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Callable
from dataclasses import MISSING
from pathlib import Path
from typing import Any, TextIO

from mindful_listening.core.assessment import Assessment, AssessmentError
from mindful_listening.core.criteria import CriteriaSet, builtin_criteria, load_criteria
from mindful_listening.core.loading import Problem, ScriptProblems
from mindful_listening.core.progress import AssessedSession
from mindful_listening.core.record import SessionRecord

StoredAssessments = Callable[[str], list[AssessedSession]]  # a trainee code's stored assessments

EXIT_OK = 0
MAX_RECORD_BYTES = 50_000_000


def register(subparsers: Any) -> None:
    criteria = subparsers.add_parser(
        "criteria",
        help="list the assessment criteria sets (and check criteria files you name)",
        description="List the built-in criteria sets for observed-practice assessment. Name criteria "
        "files to check them and list them too (exit 2 if any has problems).",
    )
    criteria.add_argument("files", metavar="FILE", nargs="*", help="a criteria .toml file to check and list")
    criteria.add_argument("--json", action="store_true", help="print JSON instead of text")
    criteria.set_defaults(handler=cmd_criteria)

    report = subparsers.add_parser(
        "assessment-report",
        help="make the PDF assessment report from a session record (JSON) with an assessment",
        description="Make the observed-practice assessment report (A4 PDF) from an exported session record.",
    )
    report.add_argument("record", metavar="RECORD.json", help="a session record exported as JSON")
    report.add_argument("-o", "--output", required=True, metavar="OUT.pdf", help="where to write the PDF")
    report.add_argument(
        "--session", metavar="ID", help="which session, when the file holds several records (by id)"
    )
    report.add_argument(
        "--progress",
        action="store_true",
        help="add the trainee's progress: every assessment of the same trainee code kept on this computer "
        "(and in the file), per criterion over time, on pages of its own",
    )
    report.set_defaults(handler=cmd_assessment_report)


# ---------------------------------------------------------------------------------------------- criteria
def cmd_criteria(args: argparse.Namespace, out: TextIO) -> int:
    sets: list[CriteriaSet] = list(builtin_criteria())
    problems: list[Problem] = []
    for name in args.files:
        try:
            sets.append(load_criteria(name))
        except ScriptProblems as exc:
            problems.extend(exc.problems)
    if problems:
        raise ScriptProblems(problems)
    if args.json:
        json.dump([s.to_summary() for s in sets], out, indent=2, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    for criteria_set in sets:
        out.write(f"{criteria_set.id}  {criteria_set.title}\n")
        if criteria_set.levels:
            out.write(f"  levels: {' < '.join(criteria_set.level_names)}\n")
        for criterion in criteria_set.criteria:
            out.write(f"  - {criterion.name}  [{criterion.id}]\n")
        out.write("\n")
    return EXIT_OK


# ---------------------------------------------------------------------------------------------- report
def _fail(source: str, message: str, line: int | None = None) -> ScriptProblems:
    return ScriptProblems([Problem(source, line, "", message)])


def read_record(path: str | Path, session: str | None = None) -> SessionRecord:
    """A session record with an assessment, from an exported JSON file (one record, or several)."""
    return _read_records(path, session)[0]


def _read_records(
    path: str | Path, session: str | None = None
) -> tuple[SessionRecord, list[AssessedSession]]:
    """The record to report on, and every assessment in the file (for the progress pages)."""
    source = str(path)
    try:
        with Path(path).open("rb") as handle:
            data = handle.read(MAX_RECORD_BYTES + 1)
    except FileNotFoundError:
        raise _fail(source, "no such file") from None
    except IsADirectoryError:
        raise _fail(source, "this is a folder, not a session record") from None
    except OSError as exc:
        raise _fail(source, f"cannot be read: {exc.strerror}") from None
    if len(data) > MAX_RECORD_BYTES:
        raise _fail(source, "the file is too large to be a session record")
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise _fail(source, "the file is not UTF-8 text: is this an exported session record?") from None
    except json.JSONDecodeError as exc:
        raise _fail(source, f"this is not valid JSON ({exc.msg}, column {exc.colno})", exc.lineno) from None

    candidates = _records_in(parsed)
    if not candidates:
        raise _fail(source, "no session record found: expected a record exported as JSON")
    in_file = [
        AssessedSession(str(c.get("id", "")), str(c.get("started_at", "")), c["assessment"])
        for c in candidates
        if isinstance(c.get("assessment"), dict)
    ]
    if session is not None:
        candidates = [c for c in candidates if c.get("id") == session]
        if not candidates:
            raise _fail(source, f"no session with id {session!r} in this file")
    with_assessment = [c for c in candidates if c.get("assessment")]
    if not with_assessment:
        raise _fail(source, "this session record has no assessment (was assessment mode on?)")
    if len(with_assessment) > 1:
        ids = ", ".join(str(c.get("id")) for c in with_assessment)
        raise _fail(source, f"several assessed sessions in this file: choose one with --session ({ids})")
    required = [
        name
        for name, spec in SessionRecord.__dataclass_fields__.items()
        if spec.default is MISSING and spec.default_factory is MISSING
    ]
    lacking = [name for name in required if name not in with_assessment[0]]
    if lacking:
        raise _fail(source, f"the record lacks {', '.join(lacking)}: is this an exported session record?")
    try:
        record = SessionRecord.from_dict(with_assessment[0])
        Assessment.from_dict(record.assessment or {})
    except AssessmentError as exc:
        raise _fail(source, str(exc)) from None
    except (TypeError, ValueError, KeyError) as exc:
        raise _fail(source, f"this is not a session record this version can read ({exc})") from None
    return record, in_file


def _records_in(parsed: object) -> list[dict[str, Any]]:
    if isinstance(parsed, dict):
        if "script_id" in parsed or "assessment" in parsed:
            return [parsed]
        for key in ("records", "sessions"):
            inner = parsed.get(key)
            if isinstance(inner, list):
                return [r for r in inner if isinstance(r, dict)]
        return []
    if isinstance(parsed, list):
        return [r for r in parsed if isinstance(r, dict)]
    return []


def report_handler(stored: StoredAssessments) -> Callable[[argparse.Namespace, TextIO], int]:
    """The ``assessment-report`` command with the records layer's reading of stored assessments."""

    def handler(args: argparse.Namespace, out: TextIO) -> int:
        return cmd_assessment_report(args, out, stored)

    return handler


def cmd_assessment_report(
    args: argparse.Namespace, out: TextIO, stored: StoredAssessments | None = None
) -> int:
    record, in_file = _read_records(args.record, args.session)
    progress_sessions: list[AssessedSession] | None = None
    if args.progress:
        if stored is None:
            raise _fail(
                args.record, "the progress pages need the records, which this command cannot read here"
            )
        code = str((record.assessment or {}).get("trainee_code", ""))
        try:
            kept = stored(code)
        except Exception as exc:  # the records layer's StoreError: its message says what to do
            raise _fail("records", f"the trainee's progress could not be read: {exc}") from None
        from mindful_listening.core.progress import including

        progress_sessions = including(kept, in_file)
    # The PDF needs fonts, hence a QGuiApplication; no window is ever shown, so no display is needed.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    from mindful_listening.assessment.report import ReportError, progress_for, render_report

    app = QGuiApplication.instance() or QGuiApplication(["mindful-listening"])
    progress = progress_for(record, progress_sessions) if progress_sessions is not None else None
    try:
        pages = render_report(record, args.output, progress)
    except ReportError as exc:
        raise _fail(args.output, str(exc)) from None
    finally:
        del app
    line = f"Wrote {args.output} ({pages} page{'s' if pages != 1 else ''})"
    if progress is not None:
        n = progress.assessment_count
        line += f", with the progress of {progress.trainee_code} across {n} assessment{'s' if n != 1 else ''}"
    out.write(line + ".\n")
    return EXIT_OK
