"""Records on media that cannot be written: a read-only bind mount and a full tmpfs, set up for real.

Both need root (to mount); elsewhere they skip, saying why. Each command's exit code, words and the file's
hash before and after are checked: reading commands work, and nothing is written.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from mindful_listening.cli import main
from mindful_listening.core.library import find_script
from mindful_listening.core.record import SessionRecord
from mindful_listening.storage.paths import database_path
from mindful_listening.storage.store import RecordStore

SECRET = "Quietly held"


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(["sessions", *argv], out)
    return code, out.getvalue()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_records(folder: Path) -> str:
    record = SessionRecord.begin(find_script("classic-pairs"), 60_000, source="test")
    record.free_notes = SECRET
    store = RecordStore.open(folder)
    try:
        store.save(record)
    finally:
        store.close()
    return record.id


def mount(*args: str) -> None:
    done = subprocess.run(["mount", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(
            f"cannot mount here ({done.stderr.strip() or 'not root'}): a real read-only mount needs it"
        )


@pytest.fixture
def read_only_records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, str]]:
    if os.geteuid() != 0:
        pytest.skip("needs root to make a read-only bind mount")
    source, view = tmp_path / "stick", tmp_path / "mounted"
    source.mkdir()
    view.mkdir()
    session = make_records(source)
    mount("--bind", str(source), str(view))
    try:
        mount("-o", "remount,bind,ro", str(view))
        monkeypatch.setenv("MINDFUL_LISTENING_DATA_DIR", str(view))
        yield view, session
    finally:
        subprocess.run(["umount", str(view)], check=False)


def test_a_write_protected_store_can_be_listed_shown_and_exported_and_is_never_written(
    read_only_records: tuple[Path, str], tmp_path: Path
) -> None:
    folder, session = read_only_records
    before = digest(database_path(folder))
    code, text = run("list", "--json")
    assert code == 0
    assert [row["id"] for row in json.loads(text)] == [session]
    code, text = run("show", session)
    assert code == 0
    assert SECRET in text
    out = tmp_path / "copy.md"
    code, _ = run("export", session, "-o", str(out))
    assert code == 0
    assert SECRET in out.read_text(encoding="utf-8")
    assert digest(database_path(folder)) == before
    assert sorted(p.name for p in folder.iterdir()) == ["records.db"], "nothing was created beside it"


def test_a_store_on_a_full_disk_can_still_be_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a small tmpfs")
    disk = tmp_path / "disk"
    disk.mkdir()
    mount("-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk))
    try:
        folder = disk / "records"
        session = make_records(folder)
        for name in ("-wal", "-shm"):
            (folder / f"records.db{name}").unlink(missing_ok=True)
        filler = disk / "filler"
        with filler.open("wb") as out:
            try:
                while True:
                    out.write(b"\0" * 65_536)
                    out.flush()
            except OSError:
                pass
        monkeypatch.setenv("MINDFUL_LISTENING_DATA_DIR", str(folder))
        before = digest(database_path(folder))
        code, text = run("show", session)
        assert code == 0, text
        assert SECRET in text
        assert digest(database_path(folder)) == before
    finally:
        subprocess.run(["umount", str(disk)], check=False)
