"""Exports: readable Markdown, a real paged PDF, and JSON that imports back to the same record."""

from __future__ import annotations

import argparse
import json
import shutil
import stat
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from mindful_listening.core.record import SessionRecord
from mindful_listening.storage import exchange
from mindful_listening.storage import export as export_module
from mindful_listening.storage.export import outline, to_markdown, write_export
from mindful_listening.storage.exporter import Exporter

RecordFactory = Callable[..., SessionRecord]


@pytest.fixture
def record(make_record: RecordFactory) -> SessionRecord:
    made = make_record(
        [
            "My shoulders softened after the first minute.",
            "I wanted to *fix* things; noticing the urge was enough.\nThen #calm.",
        ],
        free_notes="Pair 3 asked for a longer silent pause.",
        reflection="Next time I will leave more silence before the inquiry.",
    )
    made.assessment = {"overall": "A note from a tutor in a shape this version does not know."}
    return made


def pdf_tool(name: str) -> str:
    tool = shutil.which(name)
    if tool is None:
        pytest.skip(f"{name} (poppler-utils) is not installed")
    return tool


def pdf_text(path: Path) -> str:
    return subprocess.run(
        [pdf_tool("pdftotext"), str(path), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout


def pdf_info(path: Path) -> dict[str, str]:
    out = subprocess.run(
        [pdf_tool("pdfinfo"), str(path)], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def test_markdown_reads_as_a_session_report(record: SessionRecord) -> None:
    text = to_markdown([record])
    assert text.startswith(f"# {record.script_title}\n")
    assert "## Timing: planned and actual" in text
    assert "| Step | Planned | Actual |" in text
    assert "## Debrief notes" in text
    assert f"### {record.notes[0].prompt}" in text
    assert "My shoulders softened after the first minute." in text
    # Markdown characters in notes are shown, not obeyed; line breaks are kept.
    assert "I wanted to \\*fix\\* things; noticing the urge was enough.  \nThen \\#calm." in text
    assert "## Free notes\n\nPair 3 asked for a longer silent pause." in text
    assert "Next time I will leave more silence" in text
    assert "A note from a tutor in a shape this version does not know." in text
    assert "A1, B2" in text
    assert "keep this file private" in text


def test_an_unfinished_session_says_so(make_record: RecordFactory) -> None:
    text = to_markdown([make_record(ended_at=None)])
    assert "not finished" in text
    assert "No debrief notes were written." in text


def test_every_note_is_in_the_outline(record: SessionRecord) -> None:
    said = "\n".join(block.text for block in outline(record))
    for note in record.notes:
        assert note.text in said


def test_json_has_notes_as_prompt_and_text_and_imports_back_exactly(
    record: SessionRecord, tmp_path: Path
) -> None:
    path = tmp_path / "session.json"
    assert write_export([record], path, "json") == 1
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["format"] == "mindful-listening-session"
    assert document["format_version"] == 2  # 2: reflections through a framework
    assert document["notes"][0] == {
        "prompt": record.notes[0].prompt,
        "text": record.notes[0].text,
        "layer": record.notes[0].layer,
        "role": record.notes[0].role,
    }
    [again] = exchange.read_records(path)
    assert again.to_dict() == record.to_dict()


def test_several_records_export_as_one_json_backup(make_record: RecordFactory, tmp_path: Path) -> None:
    records = [make_record([f"note {n}"]) for n in range(3)]
    path = tmp_path / "backup.json"
    write_export(records, path, "json")
    assert [r.to_dict() for r in exchange.read_records(path)] == [r.to_dict() for r in records]


def test_the_pdf_has_real_pages_with_the_notes_and_no_notes_in_its_metadata(
    qtbot: QtBot, make_record: RecordFactory, tmp_path: Path
) -> None:
    long = make_record(["Settling took longer today."], reflection="I noticed my own wish to hurry. " * 300)
    path = tmp_path / "session.pdf"
    pages = write_export([long], path, "pdf")
    info = pdf_info(path)
    assert int(info["Pages"]) == pages >= 2
    assert "A4" in info["Page size"]
    assert info["Title"] == "Session notes"
    text = " ".join(pdf_text(path).split())
    assert long.script_title in text
    assert "Settling took longer today." in text
    assert "I noticed my own wish to hurry." in text
    assert f"page {pages} of {pages}" in text
    ppm = subprocess.run(
        [pdf_tool("pdftoppm"), "-r", "20", "-png", str(path), str(tmp_path / "page")],
        capture_output=True,
        timeout=60,
        check=True,
    )
    assert ppm.returncode == 0
    assert len(list(tmp_path.glob("page-*.png"))) == pages


def test_exports_are_private_files(record: SessionRecord, tmp_path: Path, qtbot: QtBot) -> None:
    for fmt in export_module.FORMATS:
        path = tmp_path / f"out.{fmt}"
        write_export([record], path, fmt)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json", "out.md", "out.pdf"]  # no leftovers


def test_the_exporter_works_off_the_gui_thread(
    qtbot: QtBot, record: SessionRecord, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[str] = []
    original = export_module.write_export

    def spy(records: list[SessionRecord], path: Path, fmt: export_module.Format) -> int:
        threads.append(threading.current_thread().name)
        return original(records, path, fmt)

    monkeypatch.setattr("mindful_listening.storage.exporter.write_export", spy)
    exporter = Exporter()
    path = tmp_path / "off-thread.pdf"
    with qtbot.wait_signal(exporter.finished, timeout=30_000) as blocker:
        exporter.export([record], path, "pdf")
        record.notes[0].text = "changed after the export was asked for"
    assert blocker.args[0] == str(path)
    assert blocker.args[1] >= 1
    assert threads
    assert threads[0] != threading.main_thread().name
    assert "My shoulders softened" in pdf_text(path)
    assert exporter.wait()


def test_a_failed_export_says_why(qtbot: QtBot, record: SessionRecord, tmp_path: Path) -> None:
    exporter = Exporter()
    with qtbot.wait_signal(exporter.failed, timeout=10_000) as blocker:
        exporter.export([record], tmp_path / "missing-folder" / "x.md", "md")
    assert "Could not write" in blocker.args[0]
    assert exporter.wait()


def test_one_registry_of_export_formats_serves_the_command_line_the_history_and_the_exporter(
    qtbot: QtBot, record: SessionRecord, tmp_path: Path
) -> None:
    from mindful_listening.cli import build_parser
    from mindful_listening.storage.export import EXPORT_FORMATS, guess_format
    from mindful_listening.ui.history import HistoryWidget

    keys = list(EXPORT_FORMATS)

    def subcommand(parser: Any, name: str) -> Any:
        (group,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        return group.choices[name]

    sub = subcommand(subcommand(build_parser(), "sessions"), "export")
    (fmt_option,) = [a for a in sub._actions if "--format" in a.option_strings]
    assert list(fmt_option.choices) == keys
    history = HistoryWidget(None)
    qtbot.add_widget(history)
    menu = history.export_button.menu()
    assert [action.data() for action in menu.actions()] == keys
    for kind in EXPORT_FORMATS.values():
        assert guess_format(f"notes.{kind.suffixes[0]}") == kind.key
        exporter = Exporter()
        with qtbot.wait_signal(exporter.finished, timeout=20_000):
            exporter.export([record], tmp_path / f"out.{kind.suffixes[0]}", kind.key)
        assert (tmp_path / f"out.{kind.suffixes[0]}").stat().st_size > 0
