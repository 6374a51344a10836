"""Every older schema migrates to the current one, losing nothing; a failed migration changes nothing.

Each older version's writer is kept here beside its DDL (which stays in ``storage.schema`` for good), so a
database exactly as that version left it can be built and opened by today's code.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from mindful_listening.core.record import SessionRecord
from mindful_listening.storage import derive, schema
from mindful_listening.storage.store import Query, RecordStore, StoreError

RecordFactory = Callable[..., SessionRecord]


def write_v1(db: sqlite3.Connection, record: SessionRecord) -> None:
    """How schema version 1 stored a session."""
    data = record.to_dict()
    num = db.execute(
        """INSERT INTO sessions (id, script_id, script_title, started_at, ended_at, record)
           VALUES (?, ?, ?, ?, ?, ?) RETURNING num""",
        (
            record.id,
            record.script_id,
            record.script_title,
            derive.utc_key(record.started_at),
            derive.utc_key(record.ended_at),
            json.dumps(data),
        ),
    ).fetchone()[0]
    db.execute("INSERT INTO notes_index (rowid, notes) VALUES (?, ?)", (num, derive.search_text_v1(data)))


def write_v2(db: sqlite3.Connection, record: SessionRecord) -> None:
    """How schema version 2 stored a session (its layout stays the same in version 3)."""
    data = json.loads(derive.snapshot(record))
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    updated = record.ended_at or record.started_at
    num = db.execute(
        "INSERT INTO sessions (id, script_id, script_title, mode, source, started_at, ended_at, updated_at, "
        "participants, has_notes, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING num",
        (*derive.columns_v2(data, updated_at=updated), text),
    ).fetchone()[0]
    db.execute(
        "INSERT INTO search_index (rowid, title, participants, notes) VALUES (?, ?, ?, ?)",
        (num, *derive.search_text_v2(data)),
    )


# One writer per older version. A new schema version must add the writer for the version it replaces.
# Versions 3 (the diary) and 4 (courses) left the sessions' tables as version 2 had them.
OLD_WRITERS: dict[int, Callable[[sqlite3.Connection, SessionRecord], None]] = {
    1: write_v1,
    2: write_v2,
    3: write_v2,
}


def build_old_database(path: Path, version: int, records: list[SessionRecord]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("BEGIN")
    for step in range(1, version + 1):
        schema.MIGRATIONS[step](db)
    db.execute(f"PRAGMA user_version = {version}")
    for record in records:
        OLD_WRITERS[version](db, record)
    db.execute("COMMIT")
    db.close()


def test_every_older_version_has_a_writer_here() -> None:
    assert set(OLD_WRITERS) == set(range(1, schema.LATEST))


@pytest.mark.parametrize("version", sorted(OLD_WRITERS))
def test_an_older_database_migrates_with_every_session_intact(
    version: int, data_dir: Path, make_record: RecordFactory
) -> None:
    records = [
        make_record(["Slow breathing helped."], session_id="first", participants=("Q1",)),
        make_record([], session_id="second", script="rain", ended_at=None, started_at="2026-03-04T08:00:00Z"),
    ]
    records[1].assessment = {"summary": {"strengths": "Warm, unhurried voice."}}
    records[1].speed = 20.0  # a rehearsal (play --scale 20): the list reads its speed from the record
    build_old_database(data_dir / "records.db", version, records)

    with RecordStore.open(data_dir) as store:
        assert store.schema_version == schema.LATEST
        for record in records:
            assert store.get(record.id).to_dict() == record.to_dict()
        listed = {s.id: s for s in store.sessions()}
        assert listed["first"].participants == ("Q1",)
        assert listed["first"].has_notes
        assert listed["second"].unfinished
        assert (listed["first"].speed, listed["second"].speed) == (1.0, 20.0)
        assert [s.id for s in store.sessions(Query(text="breathing"))] == ["first"]
        assert [s.id for s in store.sessions(Query(text="unhurried"))] == ["second"]
        assert [s.id for s in store.sessions(Query(text="q1"))] == ["first"]
        store.save(make_record(["after the move"], session_id="third"))
        assert store.count() == 3


def test_a_new_database_runs_every_migration_from_nothing(data_dir: Path) -> None:
    with RecordStore.open(data_dir) as store:
        assert store.schema_version == schema.LATEST
    db = sqlite3.connect(data_dir / "records.db")
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    db.close()
    assert "sessions" in tables
    assert "search_index" in tables
    assert "notes_index" not in tables
    assert "sessions_v1" not in tables


def test_a_migration_that_fails_leaves_the_old_version_intact(
    data_dir: Path, make_record: RecordFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = [make_record([f"note {n}"], session_id=f"s{n}") for n in range(3)]
    build_old_database(data_dir / "records.db", 1, records)
    calls = 0
    original = derive.columns_v2

    def fail_on_the_second(data: dict[str, object], updated_at: str | None) -> tuple[object, ...]:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise sqlite3.OperationalError("disk I/O error")
        return original(data, updated_at)

    monkeypatch.setattr(derive, "columns_v2", fail_on_the_second)
    with pytest.raises(StoreError):
        RecordStore.open(data_dir)
    db = sqlite3.connect(data_dir / "records.db")
    assert db.execute("PRAGMA user_version").fetchone()[0] == 1
    assert db.execute("SELECT count(*) FROM sessions").fetchone()[0] == 3
    assert db.execute("SELECT count(*) FROM notes_index WHERE notes_index MATCH 'note'").fetchone()[0] == 3
    db.close()
    monkeypatch.setattr(derive, "columns_v2", original)
    with RecordStore.open(data_dir) as store:
        assert store.count() == 3
