"""``mindful-listening sessions``: list, show, export, import and delete stored sessions.

Imported by ``mindful_listening.cli`` at start-up, so nothing here loads Qt unless a PDF is asked for.
Exit codes: 0 done; 2 bad input (an unknown id, a file that cannot be imported); 1 the records cannot be used.
The folder is the app's own (``MINDFUL_LISTENING_DATA_DIR`` overrides it).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from collections.abc import Callable
from dataclasses import asdict
from typing import Any, BinaryIO, TextIO

from mindful_listening.storage.formats import EXPORT_FORMATS, FORMATS
from mindful_listening.storage.text import tr

EXIT_OK = 0
EXIT_STORE = 1
EXIT_BAD_INPUT = 2
STDOUT = "-"  # ``export -o -``: write to standard output


def register(subparsers: Any) -> None:
    sessions = subparsers.add_parser(
        "sessions",
        help="list, show, export, import or delete stored sessions",
        description="Work with the session records the app keeps on this computer.",
    )
    sessions.set_defaults(handler=_cmd_list, json=False, search="", script=None, limit=None)
    commands = sessions.add_subparsers(title="sessions commands", metavar="COMMAND")

    listing = commands.add_parser("list", help="every stored session, newest first")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.add_argument("--search", default="", metavar="WORDS", help="only sessions whose notes hold these")
    listing.add_argument("--script", metavar="SCRIPT_ID", help="only sessions of this script")
    listing.add_argument("--limit", type=int, metavar="N", help="at most N sessions")
    listing.set_defaults(handler=_cmd_list)

    show = commands.add_parser("show", help="one session with its notes (Markdown, or JSON)")
    show.add_argument("id", metavar="ID", help="a session id, or a unique start of one (4+ characters)")
    show.add_argument("--json", action="store_true", help="print the JSON record instead")
    show.set_defaults(handler=_cmd_show)

    export = commands.add_parser(
        "export",
        help="write one session to a Markdown, PDF or JSON file, or to standard output",
        description="Writes one session to a file, readable only by you, or with -o - to standard output "
        "(Markdown unless --format says otherwise) to pipe it on. A PDF goes to standard output only when "
        "that is a file or a pipe, never to the terminal.",
    )
    export.add_argument("id", metavar="ID")
    export.add_argument(
        "--format", choices=FORMATS, help="the file type (default: from the file name; Markdown for -o -)"
    )
    export.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="PATH",
        help=f"where to write it; {STDOUT} for standard output",
    )
    export.set_defaults(handler=_cmd_export)

    importing = commands.add_parser("import", help="add the sessions in an exported JSON file")
    importing.add_argument("path", metavar="PATH")
    importing.set_defaults(handler=_cmd_import)

    delete = commands.add_parser(
        "delete", help="erase a session: its notes are removed from the records file, not just hidden"
    )
    delete.add_argument("id", metavar="ID")
    delete.set_defaults(handler=_cmd_delete)

    aside = commands.add_parser(
        "set-aside",
        help="keep a damaged records file aside (renamed, not deleted) so new records can start",
        description="Only for a records file that is damaged: it is renamed beside the new one, kept "
        "private, for recovery by someone who knows SQLite. An intact file is never moved.",
    )
    aside.set_defaults(handler=_cmd_set_aside)
    _register_diary(subparsers)
    _register_course(subparsers)


def _register_diary(subparsers: Any) -> None:
    diary = subparsers.add_parser(
        "diary",
        help="the practice diary: list, show, add, export, import or delete entries",
        description="Dated entries between sessions, kept in the same private records file as the sessions.",
    )
    diary.set_defaults(handler=_cmd_diary_list, json=False, search="")
    commands = diary.add_subparsers(title="diary commands", metavar="COMMAND")

    listing = commands.add_parser("list", help="every entry, newest day first")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a list")
    listing.add_argument("--search", default="", metavar="WORDS", help="only entries that hold these words")
    listing.set_defaults(handler=_cmd_diary_list)

    show = commands.add_parser("show", help="one entry (Markdown, or JSON)")
    show.add_argument("id", metavar="ID", help="an entry id, or a unique start of one (4+ characters)")
    show.add_argument("--json", action="store_true", help="print the entry as JSON instead")
    show.set_defaults(handler=_cmd_diary_show)

    questions = commands.add_parser("questions", help="the questions a new entry starts with")
    questions.set_defaults(handler=_cmd_diary_questions)

    add = commands.add_parser(
        "add",
        help="write a new entry",
        description="Answers go to the questions a new entry starts with (see: diary questions), in order; "
        "give --question to ask your own instead.",
    )
    add.add_argument("--on", metavar="DAY", help="the day it is about, e.g. 2026-03-05 (default: today)")
    add.add_argument("--question", action="append", default=[], metavar="TEXT", help="a question (repeat)")
    add.add_argument("--answer", action="append", default=[], metavar="TEXT", help="an answer (repeat)")
    add.add_argument("--session", metavar="ID", help="the session this entry follows")
    add.add_argument("--course", metavar="ID", help="the course it belongs to")
    add.add_argument("--week", type=int, metavar="N", help="its week in that course (with --course)")
    add.set_defaults(handler=_cmd_diary_add)

    export = commands.add_parser(
        "export", help="write one entry, or the whole diary, to a Markdown, PDF or JSON file"
    )
    export.add_argument("id", metavar="ID", nargs="?", help="one entry (leave out with --all)")
    export.add_argument("--all", action="store_true", help="every entry")
    export.add_argument("--format", choices=FORMATS, help="the file type (default: from the file name)")
    export.add_argument("-o", "--output", required=True, metavar="PATH", help="where to write it")
    export.set_defaults(handler=_cmd_diary_export)

    importing = commands.add_parser("import", help="add the entries of an exported diary file")
    importing.add_argument("path", metavar="PATH")
    importing.set_defaults(handler=_cmd_diary_import)

    delete = commands.add_parser(
        "delete", help="erase an entry: its text is removed from the records file, not just hidden"
    )
    delete.add_argument("id", metavar="ID")
    delete.set_defaults(handler=_cmd_diary_delete)


def _error(message: str, code: int) -> int:
    sys.stderr.write(f"mindful-listening: {message}\n")
    return code


def _store_error_code(exc: Exception) -> int:
    from mindful_listening.storage.store import SessionNotFound

    return EXIT_BAD_INPUT if isinstance(exc, SessionNotFound) else EXIT_STORE


def _store_failed(exc: Exception, undone: str = "") -> int:
    """Say what went wrong with the records in a command's terms (``undone``: what it could not do).

    The store's own words are the window's ("new notes are kept in memory"); a command keeps nothing in
    memory, so a damaged file and a folder that cannot be written are worded here.
    """
    from mindful_listening.storage.store import Damaged, NotWritable

    message = str(exc)
    if isinstance(exc, Damaged) and exc.where is not None:
        message = tr(
            "The records file {path} is damaged and cannot be read; it has been left exactly as it is. "
            "To keep it aside and start new records: mindful-listening sessions set-aside"
        ).format(path=exc.where)
    elif isinstance(exc, NotWritable) and exc.where is not None:
        message = tr("The records folder {folder} cannot be written to.").format(folder=exc.where)
    if undone:
        message = f"{message} ({undone})"
    return _error(message, _store_error_code(exc))


# ---------------------------------------------------------------------------------------------- reading
def _cmd_list(args: argparse.Namespace, out: TextIO) -> int:
    from mindful_listening.storage.store import Query, SessionSummary, StoreError, open_for_reading

    rows: list[SessionSummary] = []
    try:
        store = open_for_reading()
        if store is not None:
            with store:
                query = Query(text=args.search, script_id=args.script, limit=500)
                while args.limit is None or len(rows) < args.limit:
                    page = store.sessions(query)
                    rows.extend(page)
                    if len(page) < query.limit:
                        break
                    query = Query(args.search, args.script, limit=500, after=page[-1].cursor)
    except StoreError as exc:
        return _store_failed(exc, tr("no sessions were listed"))
    if args.limit is not None:
        rows = rows[: args.limit]
    if args.json:
        items = []
        for row in rows:
            item = asdict(row)
            item.pop("num")
            item.pop("snippet")
            item["participants"] = list(row.participants)
            items.append(item)
        json.dump(items, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    if not rows:
        out.write(tr("No sessions stored yet.\n") if not args.search else tr("No session matches.\n"))
        return EXIT_OK
    from mindful_listening.storage.formats import format_when, speed_words

    for row in rows:
        flags = []
        if row.is_rehearsal:  # first: not a session with a room
            flags.append(tr("rehearsal at {speed}").format(speed=speed_words(row.speed)))
        if row.unfinished:
            flags.append(tr("unfinished"))
        if row.has_notes:
            flags.append(tr("notes"))
        codes = ",".join(row.participants)
        out.write(
            f"{row.id}  {format_when(row.started_at):<40}  {row.script_title}"
            f"{'  [' + codes + ']' if codes else ''}{'  (' + ', '.join(flags) + ')' if flags else ''}\n"
        )
    return EXIT_OK


def _load(reference: str) -> Any:
    """The record a reference names, or raises StoreError (SessionNotFound for unknown ids)."""
    from mindful_listening.storage.store import SessionNotFound, open_for_reading

    store = open_for_reading()
    if store is None:
        raise SessionNotFound(tr("There is no session with the id {id}.").format(id=reference))
    with store:
        return store.get(store.resolve(reference))


def _cmd_show(args: argparse.Namespace, out: TextIO) -> int:
    from mindful_listening.storage.exchange import to_json
    from mindful_listening.storage.export import to_markdown
    from mindful_listening.storage.store import StoreError

    try:
        record = _load(args.id)
    except StoreError as exc:
        return _store_failed(exc, tr("nothing was shown"))
    out.write(to_json(record) if args.json else to_markdown([record]))
    return EXIT_OK


def _cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    from mindful_listening.storage.export import ExportError, guess_format, render, write_export
    from mindful_listening.storage.store import StoreError

    to_stdout = args.output == STDOUT
    fmt = args.format or ("md" if to_stdout else guess_format(args.output))
    if fmt is None:
        return _error(
            tr("say which format with --format {known} (the file name does not tell)").format(
                known=", ".join(FORMATS)
            ),
            EXIT_BAD_INPUT,
        )
    kind = EXPORT_FORMATS[fmt]
    binary_out: BinaryIO | None = None
    if to_stdout and kind.binary:
        if out.isatty():
            return _error(
                tr(
                    "a {format} is not text, so it is not written to the terminal (nothing was written). "
                    "Give it a file, -o session.{suffix}, or send it on: -o - > session.{suffix}"
                ).format(format=fmt.upper(), suffix=kind.suffixes[0]),
                EXIT_BAD_INPUT,
            )
        if not isinstance(out, io.TextIOWrapper):
            return _error(
                tr("this output takes text only, so a {format} cannot be written to it").format(
                    format=fmt.upper()
                ),
                EXIT_BAD_INPUT,
            )
        binary_out = out.buffer
    try:
        record = _load(args.id)
    except StoreError as exc:
        return _store_failed(exc, tr("nothing was written"))
    app: object = None
    if kind.paged:
        # The PDF needs fonts, hence a QGuiApplication; no window is shown, so no display is needed.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtGui import QGuiApplication

        app = QGuiApplication.instance() or QGuiApplication(["mindful-listening"])
    try:
        if to_stdout:
            data, pages = render([record], fmt)
        else:
            pages = write_export([record], args.output, fmt)
    except ExportError as exc:
        return _error(str(exc), EXIT_STORE)
    finally:
        del app
    if to_stdout:
        # Only the export itself goes to standard output, so it can be piped on; it ends with the reminder
        # that its notes may be sensitive.
        if binary_out is not None:
            out.flush()
            binary_out.write(data)
            binary_out.flush()
        else:
            out.write(data.decode("utf-8"))
            out.flush()
        return EXIT_OK
    detail = ""
    if kind.paged:
        detail = tr(" (1 page)") if pages == 1 else tr(" ({pages} pages)").format(pages=pages)
    out.write(
        tr("Wrote {path}{detail}. It holds the session's notes: keep it private.\n").format(
            path=args.output, detail=detail
        )
    )
    return EXIT_OK


# ---------------------------------------------------------------------------------------------- writing
def _open_for_writing() -> Any:
    from mindful_listening.storage.store import HeldByApp, InUse, RecordStore

    try:
        return RecordStore.open(lock=True)
    except HeldByApp:  # only our own app's lock; another program's database lock keeps its own words
        raise InUse(
            tr(
                "Mindful Listening is open and keeping the records. Close it first, or use its history "
                "window."
            )
        ) from None


def _cmd_import(args: argparse.Namespace, out: TextIO) -> int:
    from mindful_listening.storage.exchange import read_records

    return _import(
        lambda: read_records(args.path),
        lambda store, records: store.import_records(records),
        (
            tr("Imported session {id}.\n"),
            tr("Session {id} is already stored; left as it is.\n"),
            tr("Imported session {old} as {id} (a different session already has its id).\n"),
        ),
        out,
    )


def _import(
    read: Callable[[], list[Any]],
    add: Callable[[Any, list[Any]], list[Any]],
    words: tuple[str, str, str],
    out: TextIO,
) -> int:
    """Read an exported file (a problem in it: nothing imported, exit 2), add all of it in one transaction,
    and say what became of each item: ``words`` for one kept, one already there, and one given a new id."""
    from mindful_listening.storage.exchange import ImportProblem
    from mindful_listening.storage.store import StoreError

    try:
        items = read()
    except ImportProblem as exc:
        return _error(str(exc) + tr(" (nothing was imported)"), EXIT_BAD_INPUT)
    try:
        with _open_for_writing() as store:
            outcomes = add(store, items)
    except StoreError as exc:
        return _store_failed(exc, tr("nothing was imported"))
    kept, unchanged, renamed = words
    for outcome in outcomes:
        if outcome.outcome == "kept":
            out.write(kept.format(id=outcome.id))
        elif outcome.outcome == "unchanged":
            out.write(unchanged.format(id=outcome.id))
        else:
            out.write(renamed.format(old=outcome.original_id, id=outcome.id))
    return EXIT_OK


def _cmd_delete(args: argparse.Namespace, out: TextIO) -> int:
    from mindful_listening.storage.store import StoreError

    try:
        with _open_for_writing() as store:
            session_id = store.resolve(args.id)
            store.delete(session_id)
    except StoreError as exc:
        return _store_failed(exc, tr("nothing was deleted"))
    out.write(tr("Deleted session {id}: its notes are erased from the records file.\n").format(id=session_id))
    return EXIT_OK


def _cmd_set_aside(args: argparse.Namespace, out: TextIO) -> int:
    del args
    from mindful_listening.storage.paths import data_dir, database_path
    from mindful_listening.storage.store import (
        Damaged,
        InstanceLock,
        StoreError,
        check_intact,
        set_aside_damaged,
    )

    directory = data_dir()
    path = database_path(directory)
    if not path.exists():
        out.write(tr("There is no records file here, so there is nothing to set aside.\n"))
        return EXIT_OK
    try:
        check_intact(path)  # reads only
    except Damaged:
        pass  # the one case this command is for
    except StoreError as exc:
        return _store_failed(exc, tr("nothing was set aside"))
    else:
        out.write(tr("The records file is not damaged, so it was left where it is.\n"))
        return EXIT_OK
    lock = InstanceLock(directory)
    if not lock.acquire():
        return _error(
            tr("Mindful Listening is open and keeping the records. Close it first (nothing was set aside)."),
            EXIT_STORE,
        )
    try:
        kept = set_aside_damaged(directory)
    except StoreError as exc:
        return _store_failed(exc, tr("nothing was set aside"))
    finally:
        lock.release()
    out.write(
        tr(
            "The damaged records file was kept aside as {path}. New records start afresh the next time "
            "they are needed.\n"
        ).format(path=kept)
    )
    return EXIT_OK


# ---------------------------------------------------------------------------------------------- the diary
def _read_entries(work: Any) -> Any:
    """``work(store)`` on the records for reading; what an empty folder gives: no store, ``None``."""
    from mindful_listening.storage.store import open_for_reading

    store = open_for_reading()
    if store is None:
        return work(None)
    with store:
        return work(store)


def _cmd_diary_list(args: argparse.Namespace, out: TextIO) -> int:
    from mindful_listening.storage.diary import day_words
    from mindful_listening.storage.store import StoreError

    try:
        entries = _read_entries(lambda store: store.entries(args.search) if store else [])
    except StoreError as exc:
        return _store_failed(exc, tr("no entries were listed"))
    if args.json:
        json.dump([entry.to_dict() for entry in entries], out, indent=2, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    if not entries:
        out.write(tr("No diary entries yet.\n") if not args.search else tr("No diary entry matches.\n"))
        return EXIT_OK
    for entry in entries:
        first = next((a.text.strip().splitlines()[0] for a in entry.answers if a.text.strip()), "")
        out.write(f"{entry.id}  {day_words(entry.written_on):<28}  {first[:60]}\n")
    return EXIT_OK


def _load_entry(reference: str) -> Any:
    from mindful_listening.storage.store import EntryNotFound

    def work(store: Any) -> Any:
        if store is None:
            raise EntryNotFound(tr("There is no diary entry with the id {id}.").format(id=reference))
        return store.entry(store.resolve_entry(reference))

    return _read_entries(work)


def _cmd_diary_show(args: argparse.Namespace, out: TextIO) -> int:
    from mindful_listening.storage import diary
    from mindful_listening.storage.export import markdown_of
    from mindful_listening.storage.store import StoreError

    try:
        entry = _load_entry(args.id)
    except StoreError as exc:
        return _store_failed(exc, tr("nothing was shown"))
    if args.json:
        out.write(json.dumps(entry.to_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        out.write(markdown_of([diary.entry_blocks(entry)], diary.closing()))
    return EXIT_OK


def _latest_entry(store: Any) -> Any:
    found = store.entries(limit=1) if store is not None else []
    return found[0] if found else None


def _cmd_diary_questions(args: argparse.Namespace, out: TextIO) -> int:
    del args
    from mindful_listening.core.diary import questions_for_new_entry
    from mindful_listening.storage.store import StoreError

    try:
        latest = _read_entries(_latest_entry)
    except StoreError as exc:
        return _store_failed(exc, tr("no questions were listed"))
    for number, question in enumerate(questions_for_new_entry(latest), start=1):
        out.write(f"{number}. {tr(question)}\n")
    return EXIT_OK


def _cmd_diary_add(args: argparse.Namespace, out: TextIO) -> int:
    from datetime import date

    from mindful_listening.core.diary import MAX_QUESTIONS, Answer, DiaryEntry, questions_for_new_entry
    from mindful_listening.storage.store import StoreError

    try:
        day = date.fromisoformat(args.on) if args.on else date.today()
    except ValueError:
        return _error(
            tr("--on {value!r} is not a day: write it as 2026-03-05 (nothing was added)").format(
                value=args.on
            ),
            EXIT_BAD_INPUT,
        )
    questions = [q.strip() for q in args.question if q.strip()]
    if len(questions) > MAX_QUESTIONS:
        return _error(
            tr("an entry may ask at most {most} questions (nothing was added)").format(most=MAX_QUESTIONS),
            EXIT_BAD_INPUT,
        )
    try:
        with _open_for_writing() as store:
            if not questions:
                questions = [tr(q) for q in questions_for_new_entry(_latest_entry(store))]
            if len(args.answer) > len(questions):
                return _error(
                    tr(
                        "{answers} answers were given for {questions} questions: give one --answer per "
                        "question, in order (nothing was added)"
                    ).format(answers=len(args.answer), questions=len(questions)),
                    EXIT_BAD_INPUT,
                )
            entry = DiaryEntry.begin(day, questions)
            answers = [*args.answer, *[""] * (len(questions) - len(args.answer))]
            entry.answers = [Answer(q, a) for q, a in zip(questions, answers, strict=True)]
            if args.session:
                entry.session_id = store.resolve(args.session)
            if args.week is not None and not args.course:
                return _error(
                    tr("--week needs --course: the week of which course? (nothing was added)"), EXIT_BAD_INPUT
                )
            if args.course:
                from mindful_listening.storage.course import check_week

                course = store.course(store.resolve_course(args.course))
                try:
                    entry.course_week = check_week(args.week, course)
                except ValueError as exc:
                    return _error(f"--week: {exc} (nothing was added)", EXIT_BAD_INPUT)
                entry.course_id = course.id
            store.save_entry(entry)
    except StoreError as exc:
        return _store_failed(exc, tr("nothing was added"))
    out.write(tr("Added diary entry {id} for {day}.\n").format(id=entry.id, day=entry.written_on))
    return EXIT_OK


def _cmd_diary_export(args: argparse.Namespace, out: TextIO) -> int:
    from mindful_listening.storage import diary
    from mindful_listening.storage.export import ExportError, guess_format
    from mindful_listening.storage.store import StoreError

    if bool(args.id) == bool(args.all):
        return _error(
            tr("give one entry's id, or --all for the whole diary (nothing was written)"), EXIT_BAD_INPUT
        )
    fmt = args.format or guess_format(args.output)
    if fmt is None:
        return _error(
            tr("say which format with --format {known} (the file name does not tell)").format(
                known=", ".join(FORMATS)
            ),
            EXIT_BAD_INPUT,
        )

    def read(store: Any) -> tuple[list[Any], dict[str, str]]:
        if store is None:
            return ([], {}) if args.all else ([_load_entry(args.id)], {})  # the first says it is unknown
        entries = store.entries() if args.all else [store.entry(store.resolve_entry(args.id))]
        return entries, _linked_titles(store, entries)

    try:
        entries, titles = _read_entries(read)
    except StoreError as exc:
        return _store_failed(exc, tr("nothing was written"))
    if not entries:
        out.write(tr("No diary entries yet, so nothing was written.\n"))
        return EXIT_OK
    app: object = None
    if EXPORT_FORMATS[fmt].paged:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtGui import QGuiApplication

        app = QGuiApplication.instance() or QGuiApplication(["mindful-listening"])
    try:
        pages = diary.write(entries, args.output, fmt, titles)
    except ExportError as exc:
        return _error(str(exc), EXIT_STORE)
    finally:
        del app
    detail = ""
    if EXPORT_FORMATS[fmt].paged:
        detail = tr(" (1 page)") if pages == 1 else tr(" ({pages} pages)").format(pages=pages)
    out.write(
        tr("Wrote {path}{detail}. It holds your diary: keep it private.\n").format(
            path=args.output, detail=detail
        )
    )
    return EXIT_OK


def _linked_titles(store: Any, entries: list[Any]) -> dict[str, str]:
    """The titles of the sessions the entries follow, by id (a session erased since is left out)."""
    from mindful_listening.storage.store import SessionNotFound

    titles: dict[str, str] = {}
    for entry in entries:
        if entry.session_id and entry.session_id not in titles:
            try:
                record = store.get(entry.session_id)
            except SessionNotFound:
                continue
            from mindful_listening.storage.formats import format_when

            titles[entry.session_id] = f"{record.script_title}, {format_when(record.started_at, short=True)}"
    return titles


def _cmd_diary_import(args: argparse.Namespace, out: TextIO) -> int:
    from mindful_listening.storage.diary import read_entries

    return _import(
        lambda: read_entries(args.path),
        lambda store, entries: store.import_entries(entries),
        (
            tr("Imported diary entry {id}.\n"),
            tr("Diary entry {id} is already stored; left as it is.\n"),
            tr("Imported diary entry {old} as {id} (a different entry already has its id).\n"),
        ),
        out,
    )


def _cmd_diary_delete(args: argparse.Namespace, out: TextIO) -> int:
    from mindful_listening.storage.store import StoreError

    try:
        with _open_for_writing() as store:
            entry_id = store.resolve_entry(args.id)
            store.delete_entry(entry_id)
    except StoreError as exc:
        return _store_failed(exc, tr("nothing was deleted"))
    out.write(tr("Deleted diary entry {id}: its text is erased from the records file.\n").format(id=entry_id))
    return EXIT_OK


# ---------------------------------------------------------------------------------------------- courses
def _register_course(subparsers: Any) -> None:
    course = subparsers.add_parser(
        "course",
        help="courses: a named series of sessions for one group or trainee, with its diary entries",
        description="A course gathers its sessions (each in a week), its diary entries and the reflections "
        "in them; its export is a portfolio of private training notes.",
    )
    course.set_defaults(handler=_cmd_course_list)
    commands = course.add_subparsers(title="course commands", metavar="COMMAND")
    listing = commands.add_parser("list", help="every course")
    listing.set_defaults(handler=_cmd_course_list)
    new = commands.add_parser("new", help="start a course")
    new.add_argument("title", metavar="TITLE")
    new.add_argument(
        "--for", dest="for_whom", default="", metavar="WHO", help="a group's name or a trainee's code"
    )
    new.add_argument("--weeks", type=int, metavar="N", help="how many weeks it runs")
    new.set_defaults(handler=_cmd_course_new)
    show = commands.add_parser("show", help="what is in a course, week by week")
    show.add_argument("id", metavar="ID")
    show.set_defaults(handler=_cmd_course_show)
    add = commands.add_parser("add", help="put a session in a course (it leaves any other course)")
    add.add_argument("id", metavar="ID")
    add.add_argument("session", metavar="SESSION")
    add.add_argument("--week", type=int, metavar="N", help="which week of the course")
    add.set_defaults(handler=_cmd_course_add)
    edit = commands.add_parser("edit", help="change a course's title, who it is for, or its length")
    edit.add_argument("id", metavar="ID")
    edit.add_argument("--title", metavar="TITLE")
    edit.add_argument("--for", dest="for_whom", metavar="WHO", help="a group's name or a trainee's code")
    edit.add_argument("--weeks", type=int, metavar="N", help="how many weeks it runs (0: not set)")
    edit.set_defaults(handler=_cmd_course_edit)
    remove = commands.add_parser("remove", help="take a session out of a course (it stays in the history)")
    remove.add_argument("id", metavar="ID")
    remove.add_argument("session", metavar="SESSION")
    remove.set_defaults(handler=_cmd_course_remove)
    export = commands.add_parser("export", help="the course as a Markdown or PDF portfolio")
    export.add_argument("id", metavar="ID")
    export.add_argument("--format", choices=("md", "pdf"), help="the file type (default: from the file name)")
    export.add_argument("-o", "--output", required=True, metavar="PATH")
    export.set_defaults(handler=_cmd_course_export)
    delete = commands.add_parser(
        "delete", help="erase a course and everything in it: its sessions and diary entries, from the file"
    )
    delete.add_argument("id", metavar="ID")
    delete.set_defaults(handler=_cmd_course_delete)


def _cmd_course_list(args: argparse.Namespace, out: TextIO) -> int:
    del args
    from mindful_listening.storage.course import summary_lines
    from mindful_listening.storage.store import StoreError

    try:
        courses = _read_entries(lambda store: store.courses() if store else [])
    except StoreError as exc:
        return _store_failed(exc, tr("no courses were listed"))
    if not courses:
        out.write(tr("No courses yet.\n"))
    for line in summary_lines(courses):
        out.write(line + "\n")
    return EXIT_OK


def _cmd_course_new(args: argparse.Namespace, out: TextIO) -> int:
    from mindful_listening.core.course import Course
    from mindful_listening.storage.course import check_title, check_weeks
    from mindful_listening.storage.store import StoreError

    try:
        title = check_title(args.title)
        weeks = check_weeks(args.weeks)
    except ValueError as exc:
        return _error(f"{exc} (no course was started)", EXIT_BAD_INPUT)
    course = Course.begin(title, args.for_whom, weeks)
    try:
        with _open_for_writing() as store:
            store.save_course(course)
    except StoreError as exc:
        return _store_failed(exc, tr("no course was started"))
    out.write(tr("Started course {id}: {title}.\n").format(id=course.id, title=course.title))
    return EXIT_OK


def _cmd_course_show(args: argparse.Namespace, out: TextIO) -> int:
    from mindful_listening.storage.course import course_heading
    from mindful_listening.storage.export import markdown_of
    from mindful_listening.storage.store import CourseNotFound, StoreError

    def read(store: Any) -> Any:
        if store is None:
            raise CourseNotFound(tr("There is no course with the id {id}.").format(id=args.id))
        return store.course_contents(store.resolve_course(args.id))

    try:
        found = _read_entries(read)
    except StoreError as exc:
        return _store_failed(exc, tr("nothing was shown"))
    out.write(markdown_of([course_heading(found)], tr("Private training notes.")))
    return EXIT_OK


def _change_course(args: argparse.Namespace, out: TextIO, adding: bool) -> int:
    from mindful_listening.storage.course import check_week
    from mindful_listening.storage.store import StoreError

    undone = tr("nothing was changed")
    try:
        with _open_for_writing() as store:
            course = store.course(store.resolve_course(args.id))
            session_id = store.resolve(args.session)
            if adding:
                try:
                    week = check_week(args.week, course)
                except ValueError as exc:
                    return _error(f"--week: {exc} ({undone})", EXIT_BAD_INPUT)
                course.place(session_id, week)
            elif not course.take_out(session_id):
                return _error(
                    tr("session {id} is not in this course ({undone})").format(id=session_id, undone=undone),
                    EXIT_BAD_INPUT,
                )
            store.save_course(course)
    except StoreError as exc:
        return _store_failed(exc, undone)
    if adding:
        out.write(tr("Session {id} is in {title} now.\n").format(id=session_id, title=course.title))
    else:
        out.write(
            tr("Session {id} left {title}; it stays in the history.\n").format(
                id=session_id, title=course.title
            )
        )
    return EXIT_OK


def _cmd_course_edit(args: argparse.Namespace, out: TextIO) -> int:
    from mindful_listening.storage.course import check_change
    from mindful_listening.storage.store import StoreError

    undone = tr("nothing was changed")
    try:
        with _open_for_writing() as store:
            found = store.course_contents(store.resolve_course(args.id))
            course = found.course
            weeks = course.weeks if args.weeks is None else (args.weeks or None)
            try:
                changed = check_change(
                    found,
                    course.title if args.title is None else args.title,
                    course.for_whom if args.for_whom is None else args.for_whom,
                    weeks,
                )
            except ValueError as exc:
                return _error(f"{exc} ({undone})", EXIT_BAD_INPUT)
            store.save_course(changed)
    except StoreError as exc:
        return _store_failed(exc, undone)
    out.write(tr("Course {id} is now {title}.\n").format(id=changed.id, title=changed.title))
    return EXIT_OK


def _cmd_course_add(args: argparse.Namespace, out: TextIO) -> int:
    return _change_course(args, out, adding=True)


def _cmd_course_remove(args: argparse.Namespace, out: TextIO) -> int:
    return _change_course(args, out, adding=False)


def _cmd_course_export(args: argparse.Namespace, out: TextIO) -> int:
    from mindful_listening.storage import course as courses
    from mindful_listening.storage.export import ExportError, guess_format
    from mindful_listening.storage.store import CourseNotFound, StoreError

    fmt = args.format or guess_format(args.output)
    if fmt not in ("md", "pdf"):
        return _error(
            tr("a course is exported as Markdown or PDF: say which with --format md or --format pdf"),
            EXIT_BAD_INPUT,
        )

    def read(store: Any) -> Any:
        if store is None:
            raise CourseNotFound(tr("There is no course with the id {id}.").format(id=args.id))
        return store.course_contents(store.resolve_course(args.id))

    try:
        found = _read_entries(read)
    except StoreError as exc:
        return _store_failed(exc, tr("nothing was written"))
    app: object = None
    if fmt == "pdf":
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtGui import QGuiApplication

        app = QGuiApplication.instance() or QGuiApplication(["mindful-listening"])
    try:
        pages = courses.write(found, args.output, fmt)
    except ExportError as exc:
        return _error(str(exc), EXIT_STORE)
    finally:
        del app
    detail = ""
    if fmt == "pdf":
        detail = tr(" (1 page)") if pages == 1 else tr(" ({pages} pages)").format(pages=pages)
    out.write(
        tr("Wrote {path}{detail}. It holds private training notes: keep it private.\n").format(
            path=args.output, detail=detail
        )
    )
    return EXIT_OK


def _cmd_course_delete(args: argparse.Namespace, out: TextIO) -> int:
    from mindful_listening.storage.store import StoreError

    try:
        with _open_for_writing() as store:
            course_id = store.resolve_course(args.id)
            sessions, entries = store.delete_course(course_id)
    except StoreError as exc:
        return _store_failed(exc, tr("nothing was deleted"))
    from mindful_listening.wording import count

    out.write(
        tr(
            "Deleted course {id} with everything in it ({sessions}, {entries}): its text is erased from the "
            "records file.\n"
        ).format(
            id=course_id,
            sessions=count(sessions, tr("no sessions"), tr("1 session"), tr("{n} sessions")),
            entries=count(entries, tr("no diary entries"), tr("1 diary entry"), tr("{n} diary entries")),
        )
    )
    return EXIT_OK
