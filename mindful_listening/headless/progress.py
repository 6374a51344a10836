"""Command line for a trainee's progress: ``progress CODE`` lists it, and ``assessment-report --progress``
gets the stored assessments it needs from here (this floor may read the records; the assessment's may not).

Registering loads neither Qt nor the records: each command loads what it needs.
"""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from mindful_listening.core.assessment import check_trainee_code
from mindful_listening.core.loading import Problem, ScriptProblems
from mindful_listening.core.progress import AssessedSession, Progress

EXIT_OK = 0
EXIT_NONE = 1  # no assessments of that code are kept here


def stored(code: str) -> list[AssessedSession]:
    from mindful_listening.storage.assessments import stored_assessments

    return stored_assessments(code)


def register(subparsers: Any) -> None:
    from mindful_listening.assessment.commands import report_handler

    # ``assessment-report`` is registered by the assessment's commands, first; its --progress reads here.
    subparsers.choices["assessment-report"].set_defaults(handler=report_handler(stored))
    progress = subparsers.add_parser(
        "progress",
        help="a trainee's progress: every assessment of one trainee code, per criterion, over time",
        description="List every assessment of one trainee code kept on this computer: for each criteria set, "
        "each criterion's level and the strengths and developments logged, by date. Exits 1 when there "
        "are none.",
    )
    progress.add_argument("code", metavar="CODE", help="the trainee's code or initials, e.g. T-07")
    progress.add_argument("--json", action="store_true", help="print JSON instead of text")
    progress.set_defaults(handler=cmd_progress)


def cmd_progress(args: argparse.Namespace, out: TextIO) -> int:
    from mindful_listening.assessment.progress_words import listing
    from mindful_listening.core.progress import collect_progress
    from mindful_listening.storage.store import StoreError

    problem = check_trainee_code(args.code)
    if problem:
        raise ScriptProblems([Problem("trainee code", None, "", problem)])
    try:
        progress = collect_progress(args.code, stored(args.code))
    except StoreError as exc:
        raise ScriptProblems([Problem("records", None, "", str(exc))]) from None
    if args.json:
        json.dump(_as_json(progress), out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        out.write("\n".join(listing(progress)) + "\n")
    if not progress.sets:
        return EXIT_NONE
    return EXIT_OK


def _as_json(progress: Progress) -> dict[str, Any]:
    """The progress as plain data: per set, per assessment, per criterion (observation notes included)."""
    return {
        "trainee_code": progress.trainee_code,
        "unreadable": list(progress.unreadable),
        "sets": [
            {
                "criteria_id": s.criteria_id,
                "title": s.title,
                "levels": list(s.levels),
                "criteria": [{"id": cid, "name": name} for cid, name in s.criteria],
                "assessments": [
                    {
                        "session_id": o.session_id,
                        "date": o.date,
                        "assessor": o.assessor,
                        "course": o.course,
                        "criteria": {
                            cid: {
                                "level": r.level,
                                "rank": r.rank,
                                "comment": r.comment,
                                "strengths": r.strengths,
                                "developments": r.developments,
                                "observations": [{"number": n, **obs.to_dict()} for n, obs in r.observations],
                            }
                            for cid, r in o.results.items()
                        },
                    }
                    for o in s.occasions
                ],
            }
            for s in progress.sets
        ],
    }
