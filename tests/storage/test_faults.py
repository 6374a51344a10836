"""When the records cannot be used: a clear message, the app carries on, the notes stay in memory to export.

Faults: a read-only folder, a full disk (``max_page_count``), a damaged file, a second running instance.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from mindful_listening.core.files import write_private
from mindful_listening.core.record import SessionRecord
from mindful_listening.storage import exchange
from mindful_listening.storage import keeper as keeper_module
from mindful_listening.storage.keeper import RecordKeeper
from mindful_listening.storage.store import RecordStore, open_store, set_aside_damaged

RecordFactory = Callable[..., SessionRecord]


@pytest.fixture
def keepers() -> Iterator[list[RecordKeeper]]:
    made: list[RecordKeeper] = []
    yield made
    for keeper in made:
        keeper.close(timeout_ms=3000)


def assert_kept_in_memory_and_exportable(keeper: RecordKeeper, record: SessionRecord, tmp_path: Path) -> None:
    """Never a silent loss: the newest text is in memory, and it exports."""
    [kept] = [r for r in keeper.unsaved_records() if r.id == record.id]
    assert kept.notes[0].text == record.notes[0].text
    out = tmp_path / "rescued.json"
    write_private(out, exchange.to_json(kept).encode())
    assert exchange.read_records(out)[0].notes[0].text == record.notes[0].text


# ---------------------------------------------------------------------------------------------- read-only
READ_ONLY_CHILD = r"""
import fcntl, json, os, sys, sqlite3, encodings.idna  # everything, before giving up root
from pathlib import Path
from mindful_listening.storage import store as store_module
from mindful_listening.storage.store import open_store
if os.geteuid() == 0:
    os.setgid(65534)
    os.setuid(65534)
result = open_store(Path(sys.argv[1]))
print(json.dumps({"kind": result.kind, "problem": result.problem}))
"""


@pytest.fixture
def read_only_folder() -> Iterator[Callable[[bool], Path]]:
    """A folder its owner cannot write to. As root (who ignores modes), it belongs to 'nobody', and the
    child that opens it gives up root first; so the check is real either way."""
    base = Path(tempfile.mkdtemp(prefix="ml-ro-"))
    os.chmod(base, 0o755)

    def make(with_records: bool) -> Path:
        folder = base / ("with" if with_records else "empty")
        folder.mkdir()
        if with_records:
            with RecordStore.open(folder) as store:
                store.save(_sample())
        if os.geteuid() == 0:
            for path in [folder, *folder.iterdir()]:
                os.chown(path, 65534, 65534)
        os.chmod(folder, 0o500)
        return folder

    yield make
    for root, dirs, _ in os.walk(base):
        for name in dirs:
            os.chmod(Path(root) / name, 0o700)
    shutil.rmtree(base)


def _sample() -> SessionRecord:
    from mindful_listening.core.library import find_script

    record = SessionRecord.begin(find_script("mindful-pause"), 180_000)
    record.free_notes = "already stored"
    return record


@pytest.mark.parametrize("with_records", [False, True], ids=["new-folder", "existing-records"])
def test_a_read_only_folder_gives_a_clear_message(
    read_only_folder: Callable[[bool], Path], with_records: bool
) -> None:
    folder = read_only_folder(with_records)
    result = subprocess.run(
        [sys.executable, "-c", READ_ONLY_CHILD, str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd="/",
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["kind"] == "read-only"
    assert "cannot be written to" in answer["problem"]
    assert str(folder) in answer["problem"]


# ---------------------------------------------------------------------------------------------- full disk
def test_a_full_disk_keeps_notes_in_memory_then_saves_them_when_space_returns(
    qtbot: QtBot, data_dir: Path, tmp_path: Path, make_record: RecordFactory, keepers: list[RecordKeeper]
) -> None:
    result = open_store(data_dir)
    assert result.store is not None
    result.store.save(make_record(["an earlier session"]))
    keeper = RecordKeeper(result=result, debounce_ms=20)
    keepers.append(keeper)
    limits: list[object] = []
    keeper.submit(lambda store: store.limit_pages(1), limits.append, limits.append)
    record = make_record(["A long reflection. " * 4000])
    with qtbot.wait_signal(keeper.failed, timeout=3000) as blocker:
        keeper.save(record)
    assert "no room left on the disk" in blocker.args[0]
    assert keeper.problem == blocker.args[0]
    assert_kept_in_memory_and_exportable(keeper, record, tmp_path)

    keeper.submit(lambda store: store.limit_pages(1_000_000), limits.append, limits.append)
    assert keeper.flush() is True
    assert keeper.unsaved_records() == []
    with RecordStore.open(data_dir) as store:
        assert store.get(record.id).notes[0].text == record.notes[0].text
        assert store.count() == 2


# ---------------------------------------------------------------------------------------------- damaged
def test_a_damaged_file_is_reported_and_left_untouched(
    qtbot: QtBot, data_dir: Path, tmp_path: Path, make_record: RecordFactory, keepers: list[RecordKeeper]
) -> None:
    data_dir.mkdir(parents=True)
    garbage = b"This is not a database. " * 400 + bytes(range(256)) * 8
    (data_dir / "records.db").write_bytes(garbage)

    result = open_store(data_dir)
    assert result.store is None
    assert result.kind == "damaged"
    assert "damaged" in (result.problem or "")

    keeper = RecordKeeper(data_dir, debounce_ms=20)
    keepers.append(keeper)
    record = make_record(["written while the file was damaged"])
    with qtbot.wait_signal(keeper.ready, timeout=3000) as ready:
        pass
    assert "damaged" in ready.args[0]
    keeper.save(record)
    assert keeper.flush(timeout_ms=3000) is False
    assert "damaged" in (keeper.problem or "")
    assert_kept_in_memory_and_exportable(keeper, record, tmp_path)
    keeper.close(timeout_ms=3000)
    assert (data_dir / "records.db").read_bytes() == garbage

    kept_aside = set_aside_damaged(data_dir)
    assert kept_aside.read_bytes() == garbage
    assert oct(kept_aside.stat().st_mode & 0o777) == oct(0o600)
    with RecordStore.open(data_dir) as store:
        store.save(record)
        assert store.count() == 1


# ---------------------------------------------------------------------------------------------- two apps
HOLDER = r"""
import sys
from pathlib import Path
from mindful_listening.storage.store import open_store
result = open_store(Path(sys.argv[1]))
print("holding" if result.ok else "failed", flush=True)
sys.stdin.readline()
"""


def test_a_second_running_app_is_told_and_keeps_its_notes_in_memory(
    qtbot: QtBot,
    data_dir: Path,
    tmp_path: Path,
    make_record: RecordFactory,
    keepers: list[RecordKeeper],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(keeper_module, "REOPEN_EVERY_S", 0.0)
    with subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as other:
        try:
            assert other.stdout is not None
            assert other.stdin is not None
            assert other.stdout.readline().strip() == "holding"
            result = open_store(data_dir)
            assert result.store is None
            assert result.kind == "in-use"
            assert "already open" in (result.problem or "")

            keeper = RecordKeeper(data_dir, debounce_ms=20)
            keepers.append(keeper)
            record = make_record(["typed in the second window"])
            with qtbot.wait_signal(keeper.ready, timeout=3000) as ready:
                pass
            assert "already open" in ready.args[0]
            keeper.save(record)
            assert keeper.flush(timeout_ms=3000) is False
            assert_kept_in_memory_and_exportable(keeper, record, tmp_path)

            other.stdin.write("\n")
            other.stdin.flush()
            assert other.wait(timeout=30) == 0
        finally:
            if other.poll() is None:
                other.kill()
    # The other app has gone: the next attempt opens the records and saves what was waiting.
    assert keeper.flush(timeout_ms=5000) is True
    with RecordStore.open(data_dir) as store:
        assert store.get(record.id).notes[0].text == "typed in the second window"


def test_two_stores_in_one_process_cannot_both_hold_the_lock(data_dir: Path) -> None:
    first = open_store(data_dir)
    try:
        second = open_store(data_dir)
        assert second.store is None
        assert second.kind == "in-use"
        # Readers that do not take the lock (the history, the command line) still work.
        with RecordStore.open(data_dir) as reader:
            assert reader.count() == 0
    finally:
        assert first.store is not None
        first.store.close()
    third = open_store(data_dir)
    assert third.store is not None
    third.store.close()
