"""A damaged records file (header intact, pages overwritten) is never written; it can be set aside.

The file's hash is compared before and after every command; then ``sessions set-aside`` keeps it, renamed,
and new records start afresh.
"""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mindful_listening.cli import main
from mindful_listening.core.library import find_script
from mindful_listening.core.record import SessionRecord
from mindful_listening.storage.exchange import to_json
from mindful_listening.storage.store import RecordStore

PAGE = 4096


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(argv, out)
    return code, out.getvalue()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def damaged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[str]]:
    folder = tmp_path / "records"
    store = RecordStore.open(folder)
    ids = []
    for n in range(12):
        record = SessionRecord.begin(find_script("classic-pairs"), 60_000, source="test")
        record.free_notes = f"Session {n}: " + "a long and quiet reflection. " * 200
        store.save(record)
        ids.append(record.id)
    store.close()
    path = folder / "records.db"
    for companion in ("records.db-wal", "records.db-shm"):
        (folder / companion).unlink(missing_ok=True)
    assert path.stat().st_size > 8 * PAGE
    with path.open("r+b") as out:  # a bad sector's worth of noise in the middle, the header left intact
        out.seek(3 * PAGE)
        out.write(bytes((n * 37) % 256 for n in range(2 * PAGE)))
    monkeypatch.setenv("MINDFUL_LISTENING_DATA_DIR", str(folder))
    return path, ids


def test_no_command_writes_a_damaged_file_and_each_says_it_is_damaged(
    damaged: tuple[Path, list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, ids = damaged
    before = digest(path)
    export = tmp_path / "one.json"
    export.write_text(to_json(SessionRecord.begin(find_script("rain"), 1, source="test")), encoding="utf-8")
    commands = [
        ("sessions", "list"),
        ("sessions", "show", ids[0]),
        ("sessions", "export", ids[0], "-o", str(tmp_path / "out.md")),
        ("sessions", "import", str(export)),
        ("sessions", "delete", ids[1]),
    ]
    for argv in commands:
        code, _ = run(*argv)
        err = capsys.readouterr().err
        assert code == 1, argv
        assert "is damaged" in err, (argv, err)
        assert "sessions set-aside" in err, argv
        assert digest(path) == before, f"{argv} changed the damaged file"
    played = subprocess.run(
        [sys.executable, "-m", "mindful_listening", "play", "classic-pairs", "--scale", "400", "--no-speech"],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=60,
        check=False,
    )
    assert played.returncode == 0, played.stderr
    assert "damaged" in played.stderr
    assert digest(path) == before, "play changed the damaged file"


def test_set_aside_keeps_the_damaged_file_renamed_and_new_records_start(
    damaged: tuple[Path, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = damaged
    before = digest(path)
    code, out = run("sessions", "set-aside")
    assert code == 0, capsys.readouterr().err
    kept = [p for p in path.parent.iterdir() if p.name.startswith("records.damaged-") and p.suffix == ".db"]
    assert len(kept) == 1
    assert str(kept[0]) in out
    assert digest(kept[0]) == before
    assert not path.exists()
    code, out = run("sessions", "list")
    assert code == 0
    assert "No sessions stored yet" in out
    store = RecordStore.open(path.parent)  # new records start
    store.close()
    code, out = run("sessions", "set-aside")
    assert code == 0
    assert "not damaged" in out
    assert path.exists()
