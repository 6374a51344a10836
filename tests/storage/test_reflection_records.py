"""A reflection through Gibbs or Kolb, kept with the session like every note: saved, searched, exported
(Markdown, PDF, JSON), imported, erased; and every record made before the frameworks still reads, shows and
exports its free-text reflection (fixtures made by the code of the day before: tests/storage/fixtures)."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from mindful_listening.cli import main
from mindful_listening.core.record import SessionRecord, StageNote
from mindful_listening.storage import exchange
from mindful_listening.storage.exchange import ImportProblem, parse_records, read_records
from mindful_listening.storage.export import outline, to_markdown, write_export
from mindful_listening.storage.keeper import RecordKeeper
from mindful_listening.storage.store import Query, RecordStore

RecordFactory = Callable[..., SessionRecord]
RawFiles = Callable[[Path], dict[str, bytes]]
FIXTURES = Path(__file__).parent / "fixtures"
OLD_DB = FIXTURES / "records-v2-before-frameworks.db"
OLD_JSON = FIXTURES / "sessions-v1-before-frameworks.json"
OLD_IDS = ("0ld0ne0000000000000000000000000a", "0ld0ne0000000000000000000000000b")


def pdf_text(path: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(
        [tool, str(path), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(["sessions", *argv], out)
    return code, out.getvalue()


def gibbs_record(make_record: RecordFactory, **kwargs: object) -> SessionRecord:
    record = make_record(["The room softened."], **kwargs)
    record.reflection_framework = "gibbs"
    record.set_stage_text("gibbs", "feelings", "Nervous at the start, then steadier.")
    record.set_stage_text("gibbs", "description", "Four pairs; the swap came on time.")
    record.set_stage_text("gibbs", "action-plan", "Offer the sounds anchor first.")
    record.set_stage_text("kolb", "active-experimentation", "Try a longer pause before inquiry.")
    return record


# ---------------------------------------------------------------------------------------------- the record
def test_a_stage_set_to_nothing_is_removed_and_the_rest_keep_their_text() -> None:
    record = SessionRecord("x", "s", "S", "group-pairs", {}, "2026-03-02T09:30:00+00:00")
    record.set_stage_text("gibbs", "analysis", "one")
    record.set_stage_text("gibbs", "analysis", "two")
    record.set_stage_text("kolb", "concrete-experience", "three")
    assert record.reflection_stages == [
        StageNote("gibbs", "analysis", "two"),
        StageNote("kolb", "concrete-experience", "three"),
    ]
    record.set_stage_text("gibbs", "analysis", "")
    assert record.reflection_stages == [StageNote("kolb", "concrete-experience", "three")]
    assert record.has_notes()
    assert SessionRecord.from_dict(record.to_dict()) == record


# ---------------------------------------------------------------------------------------------- exports
def test_the_outline_gives_the_chosen_framework_stage_by_stage_then_the_other_then_the_free_box(
    make_record: RecordFactory,
) -> None:
    record = gibbs_record(make_record, reflection="A note in my own words.")
    blocks = [(b.kind, b.text) for b in outline(record)]
    start = blocks.index(("heading", "The facilitator's reflection, through Gibbs' reflective cycle"))
    assert blocks[start : start + 7] == [
        ("heading", "The facilitator's reflection, through Gibbs' reflective cycle"),
        ("subheading", "Description"),  # in the cycle's order, not the order written
        ("note", "Four pairs; the swap came on time."),
        ("subheading", "Feelings"),
        ("note", "Nervous at the start, then steadier."),
        ("subheading", "Action plan"),
        ("note", "Offer the sounds anchor first."),
    ]
    assert blocks[start + 7 : start + 12] == [
        ("heading", "The facilitator's reflection, through Kolb's learning cycle"),
        ("subheading", "Active experimentation"),
        ("note", "Try a longer pause before inquiry."),
        ("heading", "The facilitator's reflection, in their own words"),
        ("note", "A note in my own words."),
    ]
    record.reflection_framework = "kolb"
    headings = [b.text for b in outline(record) if b.kind == "heading"]
    assert headings.index("The facilitator's reflection, through Kolb's learning cycle") < headings.index(
        "The facilitator's reflection, through Gibbs' reflective cycle"
    ), "the framework chosen comes first"


def test_markdown_and_pdf_both_carry_every_stage(
    make_record: RecordFactory, tmp_path: Path, qtbot: QtBot
) -> None:
    del qtbot  # the PDF needs the QApplication pytest-qt makes
    record = gibbs_record(make_record)
    markdown = to_markdown([record])
    assert "## The facilitator's reflection, through Gibbs' reflective cycle" in markdown
    assert "### Action plan\n\nOffer the sounds anchor first." in markdown
    assert "Try a longer pause before inquiry." in markdown
    path = tmp_path / "session.pdf"
    write_export([record], path, "pdf")
    text = " ".join(pdf_text(path).split())
    for words in (
        "Gibbs' reflective cycle",
        "Action plan",
        "Offer the sounds anchor first.",
        "Kolb's learning cycle",
    ):
        assert words in text


def test_json_carries_the_framework_and_stages_and_imports_back_exactly(
    make_record: RecordFactory, tmp_path: Path
) -> None:
    record = gibbs_record(make_record)
    path = tmp_path / "session.json"
    write_export([record], path, "json")
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["format_version"] == 2
    assert document["reflection_framework"] == "gibbs"
    assert {
        "framework": "gibbs",
        "stage": "action-plan",
        "text": "Offer the sounds anchor first.",
    } in document["reflection_stages"]
    (back,) = read_records(path)
    assert back == record


# ---------------------------------------------------------------------------------------------- bad input
BAD = {
    "framework": (
        {"reflection_framework": "schon"},
        '"reflection_framework" must be one of "free", "gibbs", "kolb"',
    ),
    "not a list": ({"reflection_stages": "Description: fine"}, '"reflection_stages" must be a list'),
    "unknown stage": (
        {"reflection_stages": [{"framework": "gibbs", "stage": "feeling", "text": "x"}]},
        '"reflection_stages" [0] "stage" \'feeling\' is not a stage of gibbs: use description, feelings,',
    ),
    "unknown framework": (
        {"reflection_stages": [{"framework": "free", "stage": "x", "text": "x"}]},
        '"reflection_stages" [0] "framework" must be one of "gibbs", "kolb"',
    ),
    "text not text": (
        {"reflection_stages": [{"framework": "kolb", "stage": "concrete-experience", "text": 3}]},
        '"reflection_stages" [0] "text" must be text',
    ),
    "missing text": (
        {"reflection_stages": [{"framework": "kolb", "stage": "concrete-experience"}]},
        '"reflection_stages" [0] "text" is missing',
    ),
    "twice": (
        {
            "reflection_stages": [
                {"framework": "kolb", "stage": "concrete-experience", "text": "a"},
                {"framework": "kolb", "stage": "concrete-experience", "text": "b"},
            ]
        },
        '"reflection_stages" [1] kolb concrete-experience is written twice: keep one',
    ),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_a_bad_reflection_in_a_file_is_named_and_nothing_is_imported(
    case: str, make_record: RecordFactory, tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    change, message = BAD[case]
    good = make_record(session_id="good0000")
    bad = make_record(session_id="bad00000")
    document = exchange.records_document([good, bad])
    document["sessions"][1].update(change)
    raw = json.dumps(document).encode()
    with pytest.raises(ImportProblem) as caught:
        parse_records(raw, "backup.json")
    assert str(caught.value).startswith("backup.json, session 2 (session bad00000): ")
    assert message in str(caught.value)

    with RecordStore.open(data_dir) as store:
        store.save(make_record(session_id="kept0000"))
    path = tmp_path / "backup.json"
    path.write_bytes(raw)
    code, out = run("import", str(path))
    assert code == 2
    assert out == ""
    assert message in capsys.readouterr().err
    with RecordStore.open(data_dir) as store:
        assert [s.id for s in store.sessions()] == ["kept0000"], "nothing imported, nothing lost"


# ---------------------------------------------------------------------------------------------- the store
def test_stage_text_is_autosaved_searched_listed_shown_and_erased_without_a_trace(
    qtbot: QtBot, data_dir: Path, make_record: RecordFactory, raw_files: RawFiles
) -> None:
    secret = "Quintessimony"
    record = gibbs_record(make_record)
    keeper = RecordKeeper(data_dir, debounce_ms=10, max_wait_ms=20)
    try:
        for draft in range(3):
            record.set_stage_text("gibbs", "analysis", f"Perhaps {secret} was at work ({draft}).")
            with qtbot.wait_signal(keeper.saved, timeout=5000):
                keeper.save(record)
        assert keeper.flush()
    finally:
        assert keeper.close()

    with RecordStore.open(data_dir) as store:
        assert store.get(record.id) == record
        assert [s.id for s in store.sessions(Query(text=secret))] == [record.id]
        assert [s.id for s in store.sessions(Query(text="sounds anchor"))] == [record.id]
        assert store.sessions()[0].has_notes
    code, out = run("list", "--search", secret.lower()[:6])
    assert code == 0
    assert record.id in out
    code, out = run("show", record.id[:8])
    assert code == 0
    assert "### Analysis" in out
    assert f"Perhaps {secret} was at work (2)." in out
    assert any(secret.encode() in data for data in raw_files(data_dir).values()), "the check can see it"

    code, _ = run("delete", record.id)
    assert code == 0
    assert not any(secret.lower().encode() in data.lower() for data in raw_files(data_dir).values())


def test_records_made_before_the_frameworks_read_show_search_and_export_as_before(
    data_dir: Path, tmp_path: Path
) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(OLD_DB, data_dir / "records.db")
    with RecordStore.open(data_dir) as store:  # migrated to today's schema, if it has moved on
        first, second = (store.get(i) for i in OLD_IDS)
        assert first.reflection == "Leave more silence before the inquiry.\nThe pairs settled quickly."
        assert (first.reflection_framework, first.reflection_stages) == ("free", [])
        assert [s.id for s in store.sessions(Query(text="silence"))] == [OLD_IDS[0]]
        markdown = to_markdown([first])
        assert (
            "## The facilitator's reflection\n\nLeave more silence before the inquiry.  \nThe pairs"
            in markdown
        )
        assert "Gibbs" not in markdown
        assert "Kolb" not in markdown
        assert second.reflection == ""
        assert "reflection" not in to_markdown([second])

        # Reflected on again, through Gibbs: the old words stay, the new are found.
        first.reflection_framework = "gibbs"
        first.set_stage_text("gibbs", "conclusion", "Silence is an invitation too.")
        store.save(first)
        again = store.get(OLD_IDS[0])
        assert again.reflection.startswith("Leave more silence")
        assert again.stage_text("gibbs", "conclusion")
        assert [s.id for s in store.sessions(Query(text="invitation"))] == [OLD_IDS[0]]


def test_a_backup_made_before_the_frameworks_imports_and_exports_again_losing_nothing(
    data_dir: Path, tmp_path: Path
) -> None:
    old = json.loads(OLD_JSON.read_text(encoding="utf-8"))
    assert old["format_version"] == 1
    records = read_records(OLD_JSON)
    assert [r.id for r in records] == list(OLD_IDS)
    assert records[0].reflection == old["sessions"][0]["reflection"]
    code, out = run("import", str(OLD_JSON))
    assert code == 0
    assert out.count("Imported session") == 2
    path = tmp_path / "again.json"
    code, _ = run("export", OLD_IDS[0], "-o", str(path))
    assert code == 0
    document = json.loads(path.read_text(encoding="utf-8"))
    for key, value in old["sessions"][0].items():
        assert document[key] == value, key
    assert (document["reflection_framework"], document["reflection_stages"]) == ("free", [])
    assert read_records(path) == records[:1]
