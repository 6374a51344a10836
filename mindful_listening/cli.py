"""The command line: list, rehearse and validate scripts; with no command, open the app.

Exit codes: 0 success, 2 bad input (a script with problems, an unknown id), 1 anything unexpected, 141 when
whatever read standard output stopped reading (``| head``): the command stops there, quietly.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from mindful_listening import __version__

# Each command imports what it needs when it runs: opening the app (no command) loads none of the script
# models, criteria or other commands, which its first screen does not need (issue 16).

EXIT_OK = 0
EXIT_BAD_INPUT = 2
# What a shell reports for a program a closed pipe stopped (128 + SIGPIPE), as `yes | head` gives; play uses
# the same number when its captions' reader goes.
EXIT_READER_GONE = 141

Handler = Callable[[argparse.Namespace, TextIO], int]


def _cmd_scripts(args: argparse.Namespace, out: TextIO) -> int:
    from mindful_listening.core.durations import format_clock
    from mindful_listening.core.library import builtin_scripts
    from mindful_listening.core.timeline import compile_script

    rows: list[dict[str, Any]] = []
    for script in builtin_scripts():
        timeline = compile_script(script)
        rows.append(
            {
                "id": script.id,
                "title": script.title,
                "mode": script.mode.value,
                "total_ms": timeline.total_ms,
                "steps": len(timeline.steps),
                "summary": script.summary,
            }
        )
    if args.json:
        json.dump(rows, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    width = max(len(str(row["id"])) for row in rows)
    for row in rows:
        out.write(
            f"{row['id']:<{width}}  {format_clock(row['total_ms']):>6}  {row['mode']:<13} {row['title']}\n"
        )
    return EXIT_OK


WARNINGS_GIVEN = {
    "spoken": "spoken",
    "bell": "a soft bell, the words as a caption",
    "caption": "the caption only, in silence",
}


def _cmd_rehearse(args: argparse.Namespace, out: TextIO) -> int:
    from mindful_listening.core.durations import describe_ms, format_clock
    from mindful_listening.core.flow import grounding_words
    from mindful_listening.core.library import find_script
    from mindful_listening.core.timeline import compile_script, what_sounds

    script = find_script(args.script)
    timeline = compile_script(script)
    plan = timeline.to_plan()
    if args.json:
        json.dump(plan, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    out.write(f"{script.title}  ({script.mode.value}, {describe_ms(timeline.total_ms)} in all)\n\n")
    out.write("Purpose:\n")
    for line in script.purpose.strip().splitlines():
        out.write(f"  {line.strip()}\n")
    if script.based_on:
        out.write(f"Based on: {script.based_on}\n")
    out.write(f"Time warnings: {WARNINGS_GIVEN[script.warnings]}\n")
    out.write(f"Pause and ground (G) says: {grounding_words(script)}\n")
    out.write("\n")
    for step, timed in zip(plan["steps"], timeline.steps, strict=True):
        landing = f" + {describe_ms(step['landing_ms'])} landing" if step["landing_ms"] else ""
        open_ended = " (open-ended: waits for you)" if step["open_ended"] else ""
        out.write(
            f"{format_clock(step['start_ms']):>7}  {step['title']}  [{step['kind']}, "
            f"{describe_ms(step['countdown_ms'])}{landing}]{open_ended}\n"
        )
        if step["kind"] == "purpose":
            out.write(f"{'':>7}    in the room: the purpose, with the time\n")
        elif step["prompt"] is not None:
            prompt = step["prompt"]
            out.write(f"{'':>7}    in the room: prompt {prompt['number']}, “{prompt['text']}”\n")
        elif step["kind"] == "inquiry":
            out.write(f"{'':>7}    in the room: the debrief's introduction, with the time\n")
        for cue, given in zip(step["cues"], timed.cues, strict=True):
            # As the room will meet it: a warning given by bell or caption is not spoken.
            spoken, ring = what_sounds(given, script.warnings)
            bell = f" [{ring} bell]" if ring != "none" else ""
            text = f" “{cue['text']}”" if cue["text"] else ""
            quiet = " (caption only)" if cue["text"] and not spoken else ""
            out.write(f"{format_clock(cue['at_ms']):>7}    ·{bell}{text}{quiet}\n")
    out.write(f"{format_clock(timeline.total_ms):>7}  End\n")
    if script.debrief.prompts:
        out.write(f"\nDebrief prompts: {len(script.debrief.prompts)}\n")
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    from mindful_listening.core.characters import printable
    from mindful_listening.core.criteria import check_files
    from mindful_listening.wording import count

    report = check_files(args.files)
    bad = 0
    for check in report:
        if check.problems:
            bad += 1
            for problem in check.problems:
                out.write(f"{problem}\n")
        else:
            out.write(f"{printable(check.source)}: ok\n")
        for warning in check.warnings:  # "file:line: warning: …": the file can be used as it is
            out.write(f"{warning}\n")
    if bad:
        if len(report) == 1:
            out.write("The file has problems.\n")
        else:
            many = "{n} of {total} files have problems."
            out.write(count(bad, "", "1 of {total} files has problems.", many, total=len(report)) + "\n")
        return EXIT_BAD_INPUT
    return EXIT_OK


def _cmd_app(args: argparse.Namespace, out: TextIO) -> int:
    from mindful_listening.app import main as app_main

    return app_main(["--one-to-one"] if getattr(args, "one_to_one", False) else [])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mindful-listening",
        description="A teaching aid for mindful listening practice. With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--one-to-one",
        action="store_true",
        help="with no command: open only the compact one-to-one exercise timer (breathing, RAIN, pauses)",
    )
    parser.set_defaults(handler=_cmd_app)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    scripts = commands.add_parser("scripts", help="list the built-in scripts")
    scripts.add_argument("--json", action="store_true", help="print JSON instead of a table")
    scripts.set_defaults(handler=_cmd_scripts)

    rehearse = commands.add_parser("rehearse", help="print a script's planned timeline with every cue")
    rehearse.add_argument("script", metavar="SCRIPT", help="a built-in id (see 'scripts'), a .toml file or -")
    rehearse.add_argument("--json", action="store_true", help="print JSON instead of text")
    rehearse.set_defaults(handler=_cmd_rehearse)

    validate = commands.add_parser("validate", help="check script and criteria files")
    validate.add_argument("files", metavar="FILE", nargs="+", help="script or criteria files, or -")
    validate.set_defaults(handler=_cmd_validate)

    for register in _extensions():
        register(commands)
    return parser


def _extensions() -> list[Callable[[Any], None]]:
    """Sub-commands that live with their own part of the app (speech, records, assessment)."""
    import importlib

    return [importlib.import_module(name).register for name in COMMAND_MODULES]


# Each module has ``register(subparsers)``; listed explicitly so a missing one is a loud error.
COMMAND_MODULES: tuple[str, ...] = (
    "mindful_listening.assessment.commands",
    "mindful_listening.headless.commands",
    "mindful_listening.headless.progress",  # after the assessment's: it gives assessment-report --progress
    "mindful_listening.storage.commands",
)


def opens_the_app(argv: Sequence[str]) -> bool:
    """No command, only what the app itself takes: the parser (every command's) need not be built."""
    return all(arg == "--one-to-one" for arg in argv)


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    argv = list(sys.argv[1:] if argv is None else argv)
    if opens_the_app(argv):
        # What the parser would give, without building it (and importing every command's module).
        try:
            return _cmd_app(argparse.Namespace(one_to_one=bool(argv)), out)
        except KeyboardInterrupt:
            return 130
    from mindful_listening.core.loading import ScriptProblems

    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        code = handler(args, out)
        out.flush()  # here, not at exit, so a reader that has gone is met below
        return code
    except ScriptProblems as exc:
        for problem in exc.problems:
            sys.stderr.write(f"{problem}\n")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return reader_gone(out)


def reader_gone(out: TextIO) -> int:
    """Whatever read ``out`` stopped reading (``mindful-listening … | head``): stop quietly.

    As Python's documentation advises (the signal module, "Note on SIGPIPE"), standard output is pointed at
    the null device, so what is still in its buffer goes nowhere when Python flushes it at exit, instead of
    failing again there with a traceback. Returns the exit code.
    """
    if out is sys.stdout:
        with contextlib.suppress(OSError, ValueError):  # no file behind it (a test's), or closed
            fd = out.fileno()
            devnull = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(devnull, fd)
            finally:
                os.close(devnull)
    return EXIT_READER_GONE
