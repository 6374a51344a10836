"""Courses: a named series of sessions with its diary entries and reflections in one place, exported as a
portfolio that says on every page it holds private training notes, and erased whole from every file."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from mindful_listening.cli import main
from mindful_listening.core.course import Course
from mindful_listening.core.diary import DiaryEntry
from mindful_listening.core.record import SessionRecord
from mindful_listening.storage import course as course_io
from mindful_listening.storage import schema
from mindful_listening.storage.store import CourseNotFound, Query, RecordStore

RecordFactory = Callable[..., SessionRecord]
RawFiles = Callable[[Path], dict[str, bytes]]
FIXTURES = Path(__file__).parent / "fixtures"
SECRETS = ("Wintergloam", "Larkspurious", "Hollowquince", "Fennelwright")


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out)
    return code, out.getvalue()


def pdf_pages(path: Path) -> list[str]:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(
        [tool, str(path), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    return [page for page in text.split("\f") if page.strip()]


def traces(files: dict[str, bytes]) -> set[str]:
    return {w for w in SECRETS for data in files.values() if w.lower().encode() in data.lower()}


def a_course(store: RecordStore, make_record: RecordFactory) -> tuple[Course, list[SessionRecord]]:
    """Two sessions in weeks 2 and 6 (one with a Gibbs reflection), an entry in week 6 and one after a
    session; and a session and an entry outside the course."""
    week2 = make_record(
        [f"The pairs felt {SECRETS[0]}."], session_id="week2", started_at="2026-03-03T09:30:00Z"
    )
    week6 = make_record(
        [], session_id="week6", started_at="2026-03-31T09:30:00Z", reflection="Slower next time."
    )
    week6.reflection_framework = "gibbs"
    week6.set_stage_text("gibbs", "feelings", f"A {SECRETS[1]} calm.")
    outside = make_record(["Another group altogether."], session_id="outside")
    for record in (week2, week6, outside):
        store.save(record)
    course = Course.begin("Level 4: listening", "T7", 8)
    course.place("week2", 2)
    course.place("week6", 6)
    store.save_course(course)
    in_week = DiaryEntry.begin(date(2026, 4, 2))
    in_week.answers[0].text = f"Practised {SECRETS[2]} most days."
    in_week.course_id, in_week.course_week = course.id, 6
    after = DiaryEntry.begin(date(2026, 3, 4))
    after.answers[1].text = f"Listened to my {SECRETS[3]} neighbour."
    after.session_id = "week2"
    other = DiaryEntry.begin(date(2026, 3, 5))
    other.answers[0].text = "Unrelated entry."
    for entry in (in_week, after, other):
        store.save_entry(entry)
    return course, [week2, week6, outside]


def test_a_course_gathers_its_sessions_entries_and_reflections(
    data_dir: Path, make_record: RecordFactory
) -> None:
    with RecordStore.open(data_dir) as store:
        assert store.schema_version == schema.LATEST
        course, _ = a_course(store, make_record)
        found = store.course_contents(course.id)
        assert [r.id for r in found.sessions] == ["week2", "week6"]
        assert [e.written_on for e in found.entries] == ["2026-03-04", "2026-04-02"], "oldest first"
        assert course_io.week_list(found) == [2, 6]
        assert [course_io.entry_week(e, course) for e in found.entries] == [2, 6]
        # A session goes in one course at most: placing it in another takes it out of the first.
        second = Course.begin("Supervision group")
        second.place("week2", None)
        store.save_course(second)
        assert store.course(course.id).session_ids() == ["week6"]
        assert [c.id for c in store.courses()] == [second.id, course.id]
        with pytest.raises(CourseNotFound, match="no course with the id nope"):
            store.course("nope")
        assert store.resolve_course(course.id[:6]) == course.id


def test_the_portfolio_says_on_every_page_it_holds_private_training_notes(
    data_dir: Path, make_record: RecordFactory, tmp_path: Path, qtbot: QtBot
) -> None:
    del qtbot  # the PDF needs the application pytest-qt makes
    with RecordStore.open(data_dir) as store:
        course, _ = a_course(store, make_record)
        found = store.course_contents(course.id)
    path = tmp_path / "portfolio.pdf"
    pages = course_io.write(found, path, "pdf")
    texts = pdf_pages(path)
    assert pages == len(texts) >= 3
    for number, page in enumerate(texts, start=1):
        assert f"Private training notes · Mindful Listening · page {number} of {pages}" in " ".join(
            page.split()
        )
    words = " ".join(" ".join(texts).split())
    for expected in (
        "Level 4: listening",
        "What is in each week",
        "Level 4: listening · Week 2",
        f"The pairs felt {SECRETS[0]}.",
        "through Gibbs' reflective cycle",
        f"A {SECRETS[1]} calm.",
        "Practice diary · Week 6",
        f"Practised {SECRETS[2]} most days.",
        f"Listened to my {SECRETS[3]} neighbour.",
    ):
        assert expected in words, expected
    assert "Another group altogether." not in words
    assert "Unrelated entry." not in words
    markdown = course_io.render(found, "md")[0].decode()
    assert markdown.startswith("# Level 4: listening\n\nPrivate training notes.")
    assert markdown.rstrip().endswith("keep it private. Exported from Mindful Listening._")
    assert markdown.index("Week 2") < markdown.index("Week 6")


def test_erasing_a_course_erases_everything_in_it_from_every_file(
    data_dir: Path, make_record: RecordFactory, raw_files: RawFiles
) -> None:
    with RecordStore.open(data_dir) as store:
        course, _ = a_course(store, make_record)
        for n in range(30):  # so the words sit in merged index segments too
            store.save(make_record([f"ordinary {n}"], session_id=f"filler{n}"))
        store._checkpoint()
        assert traces(raw_files(data_dir)) == set(SECRETS), "the check can see the text"
        assert store.delete_course(course.id) == (2, 2)
        assert traces(raw_files(data_dir)) == set(), "gone while the file is still open"
        assert {s.id for s in store.sessions(Query(limit=100))} == {
            "outside",
            *(f"filler{n}" for n in range(30)),
        }
        assert [e.answers[0].text for e in store.entries()] == ["Unrelated entry."]
        with pytest.raises(CourseNotFound):
            store.delete_course(course.id)
    assert traces(raw_files(data_dir)) == set()


def test_a_records_file_from_before_courses_gains_them(data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(FIXTURES / "records-v2-before-frameworks.db", data_dir / "records.db")
    with RecordStore.open(data_dir) as store:
        assert store.schema_version == schema.LATEST == 4
        assert store.courses() == []
        course = Course.begin("After the update")
        course.place("0ld0ne0000000000000000000000000a", 1)
        store.save_course(course)
        assert [r.id for r in store.course_contents(course.id).sessions] == [
            "0ld0ne0000000000000000000000000a"
        ]


def test_courses_from_the_command_line_with_bad_input(
    data_dir: Path,
    make_record: RecordFactory,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    raw_files: RawFiles,
) -> None:
    with RecordStore.open(data_dir) as store:
        store.save(make_record([f"note {SECRETS[0]}"], session_id="sessAAAA"))
        store.save(make_record(["kept"], session_id="sessBBBB"))
    assert run("course", "list") == (0, "No courses yet.\n")
    code, out = run("course", "new", "Spring course", "--for", "G2", "--weeks", "8")
    assert code == 0
    course_id = out.split()[2].rstrip(":")
    assert run("course", "add", course_id[:6], "sessAAAA", "--week", "3")[0] == 0
    code, out = run(
        "diary", "add", "--on", "2026-03-05", "--course", course_id, "--week", "3", "--answer", SECRETS[2]
    )
    assert code == 0
    code, out = run("course", "show", course_id)
    assert "| Week 3 | Listening in pairs" in out
    assert "Thursday 5 March 2026" in out
    md = tmp_path / "portfolio.md"
    code, out = run("course", "export", course_id, "-o", str(md))
    assert code == 0
    assert "private training notes" in out
    assert SECRETS[0] in md.read_text(encoding="utf-8")

    for argv, message in (
        (("course", "new", "   "), "a course needs a title"),
        (("course", "new", "x", "--weeks", "0"), "a course runs from 1 to 520 weeks"),
        (("course", "add", course_id, "sessBBBB", "--week", "9"), "the week must be from 1 to 8"),
        (("course", "add", "nope", "sessBBBB"), "no course with the id nope"),
        (("course", "add", course_id, "nosuch"), "no session with the id nosuch"),
        (("course", "remove", course_id, "sessBBBB"), "is not in this course"),
        (("course", "export", course_id, "-o", str(tmp_path / "p.json")), "Markdown or PDF"),
        (("diary", "add", "--week", "2"), "--week needs --course"),
        (("diary", "add", "--course", course_id, "--week", "10"), "the week must be from 1 to 8"),
        (("course", "delete", "nope"), "no course"),
        (("course", "edit", course_id, "--weeks", "2"), "week 3 holds notes, so the course needs at least 3"),
        (("course", "edit", course_id, "--title", " "), "a course needs a title"),
    ):
        code, _ = run(*argv)
        assert code == 2, argv
        assert message in capsys.readouterr().err, argv
    assert run("course", "list")[1].count("\n") == 1, "nothing started by the bad commands"

    code, out = run("course", "edit", course_id, "--title", "Spring course, Tuesdays", "--weeks", "0")
    assert (code, out) == (0, f"Course {course_id} is now Spring course, Tuesdays.\n")
    code, out = run("course", "list")
    assert out == f"{course_id}  Spring course, Tuesdays  (G2)\n"
    code, out = run("course", "delete", course_id)
    assert code == 0
    assert "(1 session, 1 diary entry)" in out
    assert not traces(raw_files(data_dir))
    code, out = run("sessions", "list")
    assert "sessBBBB" in out
    assert "sessAAAA" not in out


def test_a_course_has_no_json_file_of_its_own(data_dir: Path, make_record: RecordFactory) -> None:
    from mindful_listening.storage.export import ExportError

    with RecordStore.open(data_dir) as store:
        course, _ = a_course(store, make_record)
        found = store.course_contents(course.id)
    with pytest.raises(ExportError, match="Markdown or PDF"):
        course_io.render(found, "json")
