"""Each records message tells the truth: a folder that is a file, another program's lock, our app's lock."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest

from mindful_listening.cli import main
from mindful_listening.core.library import find_script
from mindful_listening.core.record import SessionRecord
from mindful_listening.storage.store import RecordStore, open_store


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(["sessions", *argv], out)
    return code, out.getvalue()


def test_a_records_location_that_is_a_file_is_told_not_listed_as_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    location = tmp_path / "records"
    location.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("MINDFUL_LISTENING_DATA_DIR", str(location))
    code, out = run("list")
    assert code == 1
    assert "No sessions stored yet" not in out
    assert "is a file, not a folder" in capsys.readouterr().err
    assert location.read_text(encoding="utf-8") == "not a folder"
    result = open_store(location)
    assert result.store is None
    assert result.problem is not None
    assert "is a file, not a folder" in result.problem


def test_another_programs_lock_on_the_file_is_not_blamed_on_the_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "records"
    store = RecordStore.open(folder)
    record = SessionRecord.begin(find_script("classic-pairs"), 60_000, source="test")
    store.save(record)
    store.close()
    other = sqlite3.connect(folder / "records.db", isolation_level=None)  # e.g. a database browser
    other.execute("BEGIN EXCLUSIVE")
    try:
        monkeypatch.setenv("MINDFUL_LISTENING_DATA_DIR", str(folder))
        code, _ = run("delete", record.id)
        err = capsys.readouterr().err
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert code == 1
    assert "Mindful Listening is open" not in err
    assert "busy in another program" in err


def test_our_own_running_app_is_named_when_it_holds_the_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "records"
    running = open_store(folder)  # the app, open on these records
    assert running.store is not None
    try:
        monkeypatch.setenv("MINDFUL_LISTENING_DATA_DIR", str(folder))
        code, _ = run("delete", "abcd")
    finally:
        running.store.close()
    assert code == 1
    assert "Mindful Listening is open and keeping the records" in capsys.readouterr().err
