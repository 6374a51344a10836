"""``mindful-listening sessions``: the issue's whole promise, end to end, from the command line.

A session saved through the app's RecordSink is listed, shown, exported (Markdown, PDF, JSON), imported on
another "machine", and deleted without a trace. Bad input gives a clear message and exit code 2.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from mindful_listening.cli import main
from mindful_listening.core.record import SessionRecord
from mindful_listening.storage.exchange import to_json
from mindful_listening.storage.keeper import RecordKeeper
from mindful_listening.storage.store import RecordStore

RecordFactory = Callable[..., SessionRecord]
RawFiles = Callable[[Path], dict[str, bytes]]

SECRET = "Heliotropical"


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(["sessions", *argv], out)
    return code, out.getvalue()


def save_through_the_app(qtbot: QtBot, data_dir: Path, record: SessionRecord) -> None:
    keeper = RecordKeeper(data_dir, debounce_ms=10)
    try:
        with qtbot.wait_signal(keeper.saved, timeout=5000):
            keeper.save(record)
    finally:
        assert keeper.close()


def test_the_whole_promise(
    qtbot: QtBot,
    data_dir: Path,
    tmp_path: Path,
    make_record: RecordFactory,
    raw_files: RawFiles,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    record = make_record([f"Felt {SECRET} and quiet."], reflection="Hold the silence longer.")
    save_through_the_app(qtbot, data_dir, record)

    code, out = run("list", "--json")
    assert code == 0
    listed = json.loads(out)
    assert [item["id"] for item in listed] == [record.id]
    assert listed[0]["has_notes"] is True

    code, out = run("show", record.id[:8])
    assert code == 0
    assert f"Felt {SECRET} and quiet." in out

    paths = {fmt: tmp_path / f"session.{fmt}" for fmt in ("md", "pdf", "json")}
    for fmt, path in paths.items():
        code, out = run("export", record.id, "--format", fmt, "-o", str(path))
        assert code == 0, fmt
        assert str(path) in out
    assert SECRET in paths["md"].read_text(encoding="utf-8")
    assert paths["pdf"].read_bytes().startswith(b"%PDF")
    assert re.search(r"\(1 page\)|\(\d+ pages\)", run("export", record.id, "-o", str(tmp_path / "x.pdf"))[1])

    # Another machine: an empty records folder, the JSON file carried over.
    monkeypatch.setenv("MINDFUL_LISTENING_DATA_DIR", str(tmp_path / "elsewhere"))
    code, out = run("import", str(paths["json"]))
    assert (code, out) == (0, f"Imported session {record.id}.\n")
    code, out = run("show", record.id, "--json")
    assert json.loads(out)["notes"] == json.loads(to_json(record))["notes"]
    with RecordStore.open(tmp_path / "elsewhere") as store:
        assert store.get(record.id).to_dict() == record.to_dict()

    # Back home: erase it.
    monkeypatch.setenv("MINDFUL_LISTENING_DATA_DIR", str(data_dir))
    assert SECRET.encode() in b"".join(raw_files(data_dir).values())
    code, out = run("delete", record.id)
    assert code == 0
    assert "erased" in out
    assert json.loads(run("list", "--json")[1]) == []
    for name, data in raw_files(data_dir).items():
        assert SECRET.lower().encode() not in data.lower(), name


def test_the_text_list_is_newest_first_with_flags(data_dir: Path, make_record: RecordFactory) -> None:
    with RecordStore.open(data_dir) as store:
        store.save(make_record([], session_id="older", started_at="2026-01-01T09:00:00Z"))
        store.save(make_record(["n"], session_id="newer", started_at="2026-02-01T09:00:00Z", ended_at=None))
    code, out = run("list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("newer")
    assert "(unfinished, notes)" in lines[0]
    assert lines[1].startswith("older")
    assert lines[1].endswith("[A1,B2]"), "no flags: finished, no notes, not a rehearsal"
    assert json.loads(run("list", "--json", "--limit", "1")[1])[0]["id"] == "newer"
    assert [i["id"] for i in json.loads(run("list", "--json", "--search", "n")[1])] == ["newer"]


def test_a_rehearsal_is_marked_in_the_list_and_its_speed_is_in_the_json(
    data_dir: Path, make_record: RecordFactory
) -> None:
    rehearsal = make_record(["n"], session_id="rehearsal", started_at="2026-02-01T09:00:00Z")
    rehearsal.source = "play"
    rehearsal.speed = 2.5  # play --scale 2.5
    with RecordStore.open(data_dir) as store:
        store.save(rehearsal)
        store.save(make_record([], session_id="room", started_at="2026-01-01T09:00:00Z"))
    code, out = run("list")
    assert code == 0
    first, second = out.splitlines()
    assert first.startswith("rehearsal  ")
    assert first.endswith("(rehearsal at 2.5×, notes)")
    assert second.startswith("room  ")
    assert "rehearsal" not in second
    listed = json.loads(run("list", "--json")[1])
    assert [(item["id"], item["speed"]) for item in listed] == [("rehearsal", 2.5), ("room", 1.0)]


def test_an_empty_history_lists_nothing_and_creates_nothing(data_dir: Path) -> None:
    assert run("list") == (0, "No sessions stored yet.\n")
    assert run("list", "--json") == (0, "[]\n")
    assert not data_dir.exists()


@pytest.mark.parametrize("command", ["show", "delete", "export"])
def test_an_unknown_id_is_exit_2_with_a_clear_message(
    command: str,
    data_dir: Path,
    make_record: RecordFactory,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    with RecordStore.open(data_dir) as store:
        store.save(make_record())
    extra = ["-o", str(tmp_path / "x.md")] if command == "export" else []
    code, out = run(command, "no-such-session", *extra)
    assert code == 2
    assert out == ""
    assert "There is no session with the id no-such-session." in capsys.readouterr().err


BAD_FILES: dict[str, tuple[bytes | None, str]] = {
    "not-json": (b"{ this is not json", "not valid JSON"),
    "not-utf8": (b"\xff\xfe\x00garbage", "not UTF-8"),
    "wrong-type": (b'{"id": "x", "script_id": 5}', '"script_id" must be text'),
    "missing-field": (b'{"id": "abc", "script_id": "s", "script_title": "t"}', '"mode" is missing'),
    "bad-note": (None, '"notes" [0] "text" must be text'),  # filled in below
    "bad-time": (None, '"started_at" must be a date and time'),
    "newer-format": (b'{"format": "mindful-listening-session", "format_version": 9}', "newer version"),
    "other-format": (b'{"format": "something-else"}', "not an exported session"),
    "empty": (b'{"sessions": []}', "holds no sessions"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_bad_file_is_refused_with_exit_2_and_nothing_changes(
    case: str,
    data_dir: Path,
    tmp_path: Path,
    make_record: RecordFactory,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with RecordStore.open(data_dir) as store:
        store.save(make_record(session_id="kept"))
    content, expected = BAD_FILES[case]
    if content is None:
        good = json.loads(to_json(make_record(["fine"])))
        if case == "bad-note":
            good["notes"][0]["text"] = ["not", "text"]
        else:
            good["started_at"] = "last Tuesday"
        content = json.dumps({"sessions": [json.loads(to_json(make_record())), good]}).encode()
    path = tmp_path / f"{case}.json"
    path.write_bytes(content)
    before = (data_dir / "records.db").read_bytes()
    code, out = run("import", str(path))
    err = capsys.readouterr().err
    assert out == ""
    assert code == 2
    assert expected in err
    assert "nothing was imported" in err
    assert str(path) in err
    with RecordStore.open(data_dir) as store:
        assert [s.id for s in store.sessions()] == ["kept"]
    assert len((data_dir / "records.db").read_bytes()) == len(before)


def test_import_keeps_the_id_when_free_and_takes_a_new_one_when_not(
    data_dir: Path, tmp_path: Path, make_record: RecordFactory
) -> None:
    record = make_record(["original"])
    path = tmp_path / "s.json"
    path.write_text(to_json(record), encoding="utf-8")
    assert run("import", str(path))[1] == f"Imported session {record.id}.\n"
    assert "already stored" in run("import", str(path))[1]
    record.notes[0].text = "a different session with the same id"
    path.write_text(to_json(record), encoding="utf-8")
    code, out = run("import", str(path))
    assert code == 0
    assert f"Imported session {record.id} as " in out
    with RecordStore.open(data_dir) as store:
        assert store.count() == 2
        assert store.get(record.id).notes[0].text == "original"


def test_import_and_delete_wait_for_the_app_to_close(
    data_dir: Path, tmp_path: Path, make_record: RecordFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    record = make_record()
    path = tmp_path / "s.json"
    path.write_text(to_json(record), encoding="utf-8")
    with RecordStore.open(data_dir, lock=True):  # the running app
        assert run("import", str(path))[0] == 1
        assert "Close it first" in capsys.readouterr().err
        assert run("list", "--json")[0] == 0  # reading still works while the app runs


def test_the_installed_entry_point_runs(data_dir: Path, make_record: RecordFactory) -> None:
    with RecordStore.open(data_dir) as store:
        store.save(make_record(session_id="abc123"))
    result = subprocess.run(
        [sys.executable, "-m", "mindful_listening", "sessions", "list", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["id"] == "abc123"
    assert "PySide6" not in result.stderr


@pytest.mark.parametrize("command", [["list"], ["list", "--json"]], ids=["list", "list --json"])
def test_a_reader_that_stops_early_stops_the_command_quietly(
    data_dir: Path, make_record: RecordFactory, command: list[str]
) -> None:
    """``mindful-listening sessions list | head -1``: exit 141 (what the shell reports for a program a closed
    pipe stopped) and nothing on stderr, not a BrokenPipeError traceback."""
    one = make_record()
    many = [
        dataclasses.replace(one, id=f"s{n:05d}", started_at=f"2025-{1 + n % 12:02d}-01T{n % 24:02d}:00:00Z")
        for n in range(3000)
    ]
    with RecordStore.open(data_dir) as store:
        store.import_records(many)  # about 400 kB listed, written line by line: far more than a pipe holds
    proc = subprocess.Popen(
        [sys.executable, "-m", "mindful_listening", "sessions", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip(), "the first line, as head reads it"
        proc.stdout.close()  # and goes, as head does
        _out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert (proc.returncode, err) == (141, "")
