"""The practice diary in the records file: kept, listed, searched, exported, imported and erased like the
sessions, in the same private file (schema version 3), from the store and from the command line."""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
import stat
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from mindful_listening.cli import main
from mindful_listening.core.diary import SEED_QUESTIONS, Answer, DiaryEntry, questions_for_new_entry
from mindful_listening.core.record import SessionRecord
from mindful_listening.storage import diary, schema
from mindful_listening.storage.exchange import ImportProblem
from mindful_listening.storage.store import EntryNotFound, RecordStore

RecordFactory = Callable[..., SessionRecord]
RawFiles = Callable[[Path], dict[str, bytes]]
FIXTURES = Path(__file__).parent / "fixtures"


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(["diary", *argv], out)
    return code, out.getvalue()


def entry_on(day: str, *texts: str, entry_id: str | None = None) -> DiaryEntry:
    made = DiaryEntry.begin(date.fromisoformat(day))
    if entry_id:
        made.id = entry_id
    for answer, text in zip(made.answers, texts, strict=False):
        answer.text = text
    return made


def pdf_text(path: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(
        [tool, str(path), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout


def test_the_seed_questions_invite_and_a_new_entry_keeps_the_questions_left_last() -> None:
    assert len(SEED_QUESTIONS) == 4
    for question in SEED_QUESTIONS:
        assert question.endswith("?")
        lowered = question.lower()
        assert not any(word in lowered for word in ("how many", "how often", "streak", "should", "must"))
    assert questions_for_new_entry(None) == list(SEED_QUESTIONS)
    mine = DiaryEntry.begin(date(2026, 3, 5), ["What did I notice?", "What helped?"])
    assert questions_for_new_entry(mine) == ["What did I notice?", "What helped?"]
    mine.answers = []
    assert questions_for_new_entry(mine) == list(SEED_QUESTIONS), "no questions left: the seeds again"


def test_entries_are_kept_listed_by_day_and_searched(data_dir: Path, make_record: RecordFactory) -> None:
    with RecordStore.open(data_dir) as store:
        assert store.schema_version == schema.LATEST
        early = entry_on("2026-03-05", "On the bus, twice.", "With my sister.")
        late = entry_on("2026-03-12", "Most mornings, briefly.")
        same_day = entry_on("2026-03-12", "An evening sit with the group.")
        session = make_record(["a note"], session_id="sess0001")
        store.save(session)
        late.session_id = session.id
        for entry in (early, late, same_day):
            store.save_entry(entry)
        assert [e.id for e in store.entries()] == [same_day.id, late.id, early.id]
        assert [e.id for e in store.entries("sister")] == [early.id]
        assert [e.id for e in store.entries("morn")] == [late.id], "each word as a prefix"
        assert store.entries("nothing-like-this") == []
        assert store.entry(late.id) == late
        assert store.resolve_entry(early.id[:6]) == early.id
        with pytest.raises(EntryNotFound, match="no diary entry with the id nope"):
            store.entry("nope")
        late.answers[0].text = "Most mornings, and one long walk."
        store.save_entry(late)
        assert [e.id for e in store.entries("walk")] == [late.id]
        assert store.entries("briefly") == [], "the index follows each save"
        assert store.count() == 1, "sessions are their own list"
    mode = stat.S_IMODE((data_dir / "records.db").stat().st_mode)
    assert mode == 0o600, "the same private file"


def test_erasing_an_entry_leaves_no_trace_of_its_text_in_any_file(
    data_dir: Path, raw_files: RawFiles
) -> None:
    secret, kept = "Thistlewhimsy", "Ordinaryentry"
    with RecordStore.open(data_dir) as store:
        victim = entry_on("2026-03-05", f"I felt {secret} all week.")
        for draft in range(4):
            victim.answers[1].text = f"and {secret} again ({draft})"
            store.save_entry(victim)
        for n in range(40):
            store.save_entry(entry_on("2026-03-06", f"{kept} number {n}"))
        store._checkpoint()
        assert any(secret.lower().encode() in data.lower() for data in raw_files(data_dir).values())
        store.delete_entry(victim.id)
        # Still open, as the app would be: the text is gone from the file, the WAL and the index already.
        assert not any(secret.lower().encode() in data.lower() for data in raw_files(data_dir).values())
        assert len(store.entries(kept)) == 40
        with pytest.raises(EntryNotFound):
            store.delete_entry(victim.id)
    assert not any(secret.lower().encode() in data.lower() for data in raw_files(data_dir).values())


def test_a_records_file_made_before_the_diary_gains_it_keeping_every_session(data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(FIXTURES / "records-v2-before-frameworks.db", data_dir / "records.db")
    before = sqlite3.connect(data_dir / "records.db")
    assert before.execute("PRAGMA user_version").fetchone()[0] == 2
    rows = before.execute("SELECT id, record FROM sessions ORDER BY num").fetchall()
    before.close()
    with RecordStore.open(data_dir) as store:
        assert store.schema_version == schema.LATEST
        assert [(s, json.loads(r)) for s, r in rows] == [
            (s.id, json.loads(_raw_record(data_dir, s.id))) for s in reversed(store.sessions())
        ]
        store.save_entry(entry_on("2026-03-20", "After the move."))
        assert len(store.entries()) == 1


def _raw_record(folder: Path, session_id: str) -> str:
    db = sqlite3.connect(folder / "records.db")
    try:
        return str(db.execute("SELECT record FROM sessions WHERE id = ?", (session_id,)).fetchone()[0])
    finally:
        db.close()


# ---------------------------------------------------------------------------------------------- files
def test_the_diary_exports_as_markdown_pdf_and_json_and_imports_back(
    tmp_path: Path, qtbot: QtBot, data_dir: Path
) -> None:
    del qtbot  # the PDF needs the application pytest-qt makes
    entries = [entry_on("2026-03-12", "Most mornings."), entry_on("2026-03-05", "On the bus.", "My sister.")]
    entries[0].course_id, entries[0].course_week = "course01", 2
    text = diary.render(entries, "md", {"course01": "Spring course"})[0].decode()
    assert text.startswith("# Practice diary\n")
    assert text.index("Diary: Thursday 5 March") < text.index("Diary: Thursday 12 March"), "oldest first"
    assert "- **Course:** Spring course, week 2" in text
    assert f"### {SEED_QUESTIONS[1]}\n\nMy sister." in text
    assert "private notes on your practice" in text
    pdf = tmp_path / "diary.pdf"
    assert diary.write(entries, pdf, "pdf") >= 1
    words = " ".join(pdf_text(pdf).split())
    assert "On the bus." in words
    assert "practice diary, private · page 1 of" in words
    path = tmp_path / "diary.json"
    diary.write(entries, path, "json")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert diary.read_entries(path) == entries
    with RecordStore.open(data_dir) as store:
        outcomes = store.import_entries(diary.read_entries(path))
        assert [o.outcome for o in outcomes] == ["kept", "kept"]
        assert [o.outcome for o in store.import_entries(diary.read_entries(path))] == ["unchanged"] * 2
        changed = diary.read_entries(path)
        changed[0].answers[0].text = "Different now."
        (moved,) = [o for o in store.import_entries(changed[:1]) if o.outcome == "new-id"]
        assert moved.original_id == entries[0].id
        assert len(store.entries()) == 3


BAD_ENTRIES = {
    "a day that is not one": (
        {"written_on": "2026-02-30"},
        '"written_on" must be a day written as 2026-03-05',
    ),
    "a time for a day": ({"written_on": "2026-03-05T10:00"}, '"written_on" must be a day'),
    "answers not a list": ({"answers": "fine"}, '"answers" must be a list'),
    "an answer without its question": ({"answers": [{"text": "x"}]}, '"answers" [0] "question" is missing'),
    "a week out of range": ({"course_week": 0}, '"course_week" must be a week from 1 to 520'),
    "a week in words": ({"course_week": "two"}, '"course_week" must be a whole number'),
    "a bad session id": ({"session_id": "../etc"}, "\"session_id\" must be 1–64 letters, digits, '-' or '_'"),
    "too many questions": (
        {"answers": [{"question": "q", "text": ""}] * 13},
        "may hold at most 12 questions",
    ),
}


@pytest.mark.parametrize("case", BAD_ENTRIES, ids=list(BAD_ENTRIES))
def test_a_bad_diary_file_is_named_and_nothing_is_imported(
    case: str, tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    change, message = BAD_ENTRIES[case]
    document = diary.document(
        [entry_on("2026-03-05", "fine"), entry_on("2026-03-06", "also fine", entry_id="bad0001")]
    )
    document["entries"][1].update(change)
    path = tmp_path / "diary.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ImportProblem) as caught:
        diary.read_entries(path)
    assert f"{path}, entry 2 (entry bad0001): " in str(caught.value)
    assert message in str(caught.value)
    with RecordStore.open(data_dir) as store:
        store.save_entry(entry_on("2026-03-01", "already here", entry_id="here0001"))
    code, out = run("import", str(path))
    assert code == 2
    assert out == ""
    assert message in capsys.readouterr().err
    with RecordStore.open(data_dir) as store:
        assert [e.id for e in store.entries()] == ["here0001"], "nothing imported, nothing lost"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"not json", "not valid JSON"),
        (b'{"format": "mindful-listening-sessions", "format_version": 1}', "not an exported diary"),
        (b'{"format": "mindful-listening-diary", "format_version": 7, "entries": []}', "newer version"),
        (
            b'{"format": "mindful-listening-diary", "format_version": 1, "entries": {}}',
            '"entries" must be a list',
        ),
        (b"\xff\xfe", "not UTF-8"),
    ],
)
def test_a_file_that_is_no_diary_says_so(raw: bytes, message: str, tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(raw)
    with pytest.raises(ImportProblem, match=message):
        diary.read_entries(path)


# ------------------------------------------------------------------------------------ the command line
def test_the_diary_from_the_command_line(
    data_dir: Path,
    tmp_path: Path,
    make_record: RecordFactory,
    capsys: pytest.CaptureFixture[str],
    raw_files: RawFiles,
) -> None:
    code, out = run("list")
    assert (code, out) == (0, "No diary entries yet.\n")
    code, out = run("questions")
    assert out.splitlines() == [f"{n}. {q}" for n, q in enumerate(SEED_QUESTIONS, start=1)]
    with RecordStore.open(data_dir) as store:
        store.save(make_record(session_id="sessABCD"))
    code, out = run("add", "--on", "2026-03-05", "--answer", "Twice, on the bus.", "--session", "sessAB")
    assert code == 0
    first_id = out.split()[3]
    code, out = run(
        "add", "--on", "2026-03-12", "--question", "What did I notice?", "--answer", "Quillory silence."
    )
    assert code == 0
    second_id = out.split()[3]
    code, out = run("questions")
    assert out == "1. What did I notice?\n", "the next entry starts with the questions used last"
    code, out = run("list")
    assert [line.split()[0] for line in out.splitlines()] == [second_id, first_id]
    code, out = run("list", "--search", "quillory", "--json")
    assert [e["id"] for e in json.loads(out)] == [second_id]
    code, out = run("show", first_id[:8])
    assert "Twice, on the bus." in out
    code, out = run("show", first_id, "--json")
    assert json.loads(out)["session_id"] == "sessABCD"

    md = tmp_path / "diary.md"
    code, out = run("export", "--all", "-o", str(md))
    assert code == 0
    assert "keep it private" in out
    assert "- **After the session:** Listening in pairs" in md.read_text(encoding="utf-8")
    backup = tmp_path / "one.json"
    assert run("export", second_id, "-o", str(backup))[0] == 0

    # Bad input: a clear message, exit 2, nothing changed.
    for argv, message in (
        (("add", "--on", "5 March"), "is not a day"),
        (("add", "--answer", "a", "--answer", "b", "--question", "only one?"), "2 answers were given for 1"),
        (("add", "--session", "nosuchsession"), "no session with the id nosuchsession"),
        (("show", "nope"), "no diary entry with the id nope"),
        (("export", "-o", str(md)), "give one entry's id, or --all"),
        (("export", first_id, "-o", str(tmp_path / "x.doc")), "say which format"),
        (("delete", "nope"), "no diary entry"),
    ):
        code, _ = run(*argv)
        assert code == 2, argv
        assert message in capsys.readouterr().err, argv
    assert len(run("list")[1].splitlines()) == 2

    code, out = run("delete", second_id)
    assert code == 0
    assert "erased" in out
    assert not any(b"quillory" in data.lower() for data in raw_files(data_dir).values())
    code, out = run("import", str(backup))
    assert (code, out) == (0, f"Imported diary entry {second_id}.\n")
    code, out = run("import", str(backup))
    assert "already stored" in out


def test_an_entry_round_trips_through_its_dictionary() -> None:
    made = DiaryEntry("e1", "2026-03-05", "2026-03-05T20:00:00+00:00", [Answer("Q?", "A.")], "s1", "c1", 3)
    assert DiaryEntry.from_dict(made.to_dict()) == made
    assert made.texts() == ["Q?", "A."]
    assert made.has_text()
    assert not DiaryEntry.begin(date(2026, 3, 5)).has_text()
