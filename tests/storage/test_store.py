"""The records database itself: round trips, private files, safe settings, ids, unfinished sessions."""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mindful_listening.core.record import SessionRecord
from mindful_listening.storage import paths
from mindful_listening.storage.store import Query, RecordStore, SessionNotFound, open_store

RecordFactory = Callable[..., SessionRecord]


@pytest.fixture
def store(data_dir: Path) -> Iterator[RecordStore]:
    with RecordStore.open(data_dir) as opened:
        yield opened


def test_a_record_comes_back_exactly_as_saved(store: RecordStore, make_record: RecordFactory) -> None:
    record = make_record(["Calm at first, then restless."], free_notes="Pairs settled fast.", reflection="R")
    record.assessment = {"criteria": "observed", "comments": ["kept time well"]}
    store.save(record)
    again = store.get(record.id)
    assert again.to_dict() == record.to_dict()
    assert again.notes[0].text == "Calm at first, then restless."
    assert len(again.steps) == len(record.steps) > 0


def test_saving_again_replaces_the_session(store: RecordStore, make_record: RecordFactory) -> None:
    record = make_record(["first draft"])
    store.save(record)
    record.notes[0].text = "second draft"
    record.ended_at = None
    store.save(record)
    assert store.count() == 1
    assert store.get(record.id).notes[0].text == "second draft"
    assert store.sessions()[0].unfinished


def test_the_list_is_newest_first(store: RecordStore, make_record: RecordFactory) -> None:
    for day in (3, 1, 2):
        store.save(make_record(started_at=f"2026-03-0{day}T10:00:00+00:00", session_id=f"day{day}"))
    assert [s.id for s in store.sessions()] == ["day3", "day2", "day1"]


def test_the_list_says_which_sessions_were_rehearsals_and_at_what_speed(
    store: RecordStore, make_record: RecordFactory
) -> None:
    rehearsal = make_record(session_id="rehearsal", started_at="2026-03-02T10:00:00Z")
    rehearsal.speed = 30.0
    rehearsal.source = "play"
    store.save(rehearsal)
    store.save(make_record(session_id="room", started_at="2026-03-01T10:00:00Z"))
    older = make_record(session_id="older", started_at="2026-02-01T10:00:00Z").to_dict()
    del older["speed"]  # a record from before speed was kept
    store.save(older)
    store.save(make_record(["kept time well"], session_id="found", started_at="2026-01-01T10:00:00Z"))
    listed = {s.id: s for s in store.sessions()}
    assert (listed["rehearsal"].speed, listed["rehearsal"].is_rehearsal) == (30.0, True)
    assert (listed["room"].speed, listed["room"].is_rehearsal) == (1.0, False)
    assert (listed["older"].speed, listed["older"].is_rehearsal) == (1.0, False)
    # A search page and the unfinished list carry it too.
    rehearsal.notes = make_record(["kept time well"]).notes
    rehearsal.ended_at = None
    rehearsal.started_at = datetime.now(UTC).isoformat(timespec="seconds")
    store.save(rehearsal)
    assert [(s.id, s.speed) for s in store.sessions(Query(text="kept"))] == [
        ("rehearsal", 30.0),
        ("found", 1.0),
    ]
    assert [(s.id, s.speed) for s in store.unfinished()] == [("rehearsal", 30.0)]


def test_times_with_other_offsets_sort_by_the_real_moment(
    store: RecordStore, make_record: RecordFactory
) -> None:
    store.save(make_record(started_at="2026-03-01T11:00:00+02:00", session_id="early"))  # 09:00 UTC
    store.save(make_record(started_at="2026-03-01T10:00:00Z", session_id="late"))
    assert [s.id for s in store.sessions()] == ["late", "early"]


def test_the_folder_and_every_file_are_private_whatever_the_umask(
    data_dir: Path, make_record: RecordFactory
) -> None:
    old = os.umask(0)
    try:
        with RecordStore.open(data_dir, lock=True) as store:
            for n in range(3):
                store.save(make_record([f"note {n}"]))
            names = {p.name for p in data_dir.iterdir()}
            assert {"records.db", "records.db-wal", "records.db-shm", "records.lock"} <= names
            assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
            for path in data_dir.iterdir():
                assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    finally:
        os.umask(old)


def test_an_existing_open_folder_is_made_private(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    with RecordStore.open(folder):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_the_connection_uses_the_safe_settings(store: RecordStore) -> None:
    assert store.settings() == {
        "journal_mode": "wal",
        "synchronous": 2,  # FULL
        "secure_delete": 1,
        "foreign_keys": 1,
        "temp_store": 2,  # MEMORY: no note text spills into temporary files
    }


def test_an_id_can_be_given_by_its_start(store: RecordStore, make_record: RecordFactory) -> None:
    store.save(make_record(session_id="abcdef123"))
    store.save(make_record(session_id="abcdzz999"))
    assert store.resolve("abcdef123") == "abcdef123"
    assert store.resolve("abcde") == "abcdef123"
    with pytest.raises(SessionNotFound, match="Several sessions"):
        store.resolve("abcd")
    with pytest.raises(SessionNotFound, match="no session with the id nothing"):
        store.resolve("nothing")
    with pytest.raises(SessionNotFound):
        store.get("nothing")
    with pytest.raises(SessionNotFound):
        store.delete("nothing")


def test_unfinished_sessions_are_recent_ones_without_an_end(
    store: RecordStore, make_record: RecordFactory
) -> None:
    store.save(make_record(session_id="crashed", started_at="2026-03-09T09:00:00+00:00", ended_at=None))
    store.save(make_record(session_id="done", started_at="2026-03-09T10:00:00+00:00"))
    store.save(make_record(session_id="old", started_at="2026-01-01T09:00:00+00:00", ended_at=None))
    now = datetime(2026, 3, 10, 12, tzinfo=UTC)
    assert [s.id for s in store.unfinished(now=now)] == ["crashed"]
    assert [s.id for s in store.unfinished(max_age_days=365, now=now)] == ["crashed", "old"]


def test_the_default_folder_follows_xdg_when_not_overridden(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(paths.ENV_DATA_DIR, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert paths.data_dir() == tmp_path / "xdg" / "mindful-listening"
    monkeypatch.setenv(paths.ENV_DATA_DIR, str(tmp_path / "stick"))
    assert paths.data_dir() == tmp_path / "stick"
    assert paths.database_path() == tmp_path / "stick" / "records.db"


def test_open_store_reports_success_plainly(data_dir: Path) -> None:
    result = open_store(data_dir)
    try:
        assert result.ok
        assert result.problem is None
        assert result.directory == data_dir
    finally:
        assert result.store is not None
        result.store.close()


def test_a_database_from_a_newer_app_is_left_untouched(data_dir: Path) -> None:
    RecordStore.open(data_dir).close()
    path = data_dir / "records.db"
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 99")
    db.close()
    before = path.read_bytes()
    result = open_store(data_dir)
    assert result.store is None
    assert result.kind == "too-new"
    assert "newer version" in (result.problem or "")
    assert path.read_bytes() == before


def test_many_connections_can_meet_a_brand_new_file_at_once(
    tmp_path: Path, make_record: RecordFactory
) -> None:
    """The app's writer, the history reader and the command line may all open a new file together."""
    sample = make_record(["together"])
    for attempt in range(20):
        folder = tmp_path / f"new{attempt}"
        barrier = threading.Barrier(6)
        errors: list[BaseException] = []

        def open_together(
            folder: Path = folder, barrier: threading.Barrier = barrier, errors: list[BaseException] = errors
        ) -> None:
            try:
                barrier.wait(timeout=10)
                with RecordStore.open(folder) as store:
                    store.save(sample)
            except BaseException as exc:  # reported below
                errors.append(exc)

        threads = [threading.Thread(target=open_together) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert errors == []
        with RecordStore.open(folder) as store:
            assert store.settings()["journal_mode"] == "wal"
