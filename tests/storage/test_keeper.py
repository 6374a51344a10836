"""Autosave through the RecordKeeper: debounced, off the GUI thread, flushed at quit, nothing lost."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from mindful_listening.core.clock import ManualClock
from mindful_listening.core.record import RecordSink, SessionRecord
from mindful_listening.storage.exchange import to_json
from mindful_listening.storage.keeper import THREAD_NAME, RecordKeeper
from mindful_listening.storage.store import Imported, RecordStore, SessionSummary
from mindful_listening.timers import HandTimers

RecordFactory = Callable[..., SessionRecord]


@pytest.fixture
def keepers() -> Iterator[list[RecordKeeper]]:
    made: list[RecordKeeper] = []
    yield made
    for keeper in made:
        keeper.close()


@pytest.fixture
def keeper(qtbot: QtBot, data_dir: Path, keepers: list[RecordKeeper]) -> RecordKeeper:
    made = RecordKeeper(data_dir, debounce_ms=50, max_wait_ms=200)
    keepers.append(made)
    return made


def stored(data_dir: Path, session_id: str) -> SessionRecord:
    with RecordStore.open(data_dir) as store:
        return store.get(session_id)


def test_it_is_a_record_sink(keeper: RecordKeeper) -> None:
    sink: RecordSink = keeper
    assert callable(sink.save)


def test_a_save_reaches_the_database_after_the_pause_in_typing(
    qtbot: QtBot, keeper: RecordKeeper, data_dir: Path, make_record: RecordFactory
) -> None:
    record = make_record(["It felt slower than usual."])
    with qtbot.wait_signal(keeper.saved, timeout=3000) as blocker:
        keeper.save(record)
        assert keeper.has_unsaved()
    assert blocker.args == [record.id]
    assert stored(data_dir, record.id).to_dict() == record.to_dict()
    assert not keeper.has_unsaved()


def test_the_write_happens_on_the_writer_thread(
    qtbot: QtBot, keeper: RecordKeeper, make_record: RecordFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[str] = []
    original = RecordStore.save

    def spy(self: RecordStore, record: object) -> None:
        threads.append(threading.current_thread().name)
        original(self, record)  # type: ignore[arg-type]

    monkeypatch.setattr(RecordStore, "save", spy)
    with qtbot.wait_signal(keeper.saved, timeout=3000):
        keeper.save(make_record(["x"]))
    assert threads == [THREAD_NAME]


def test_a_burst_of_keystrokes_makes_one_write(
    qtbot: QtBot, keeper: RecordKeeper, data_dir: Path, make_record: RecordFactory
) -> None:
    record = make_record([""])
    saves: list[str] = []
    keeper.saved.connect(saves.append)
    keeper.debounce_ms = 200
    keeper.max_wait_ms = 5000
    for letter in "listening":
        record.notes[0].text += letter
        keeper.save(record)
    with qtbot.wait_signal(keeper.saved, timeout=3000):
        pass
    qtbot.wait(150)  # a second write would have come by now
    assert saves == [record.id]
    assert stored(data_dir, record.id).notes[0].text == "listening"


def test_continuous_typing_is_still_saved_within_a_second(
    keepers: list[RecordKeeper], data_dir: Path, make_record: RecordFactory
) -> None:
    clock = ManualClock()
    timers = HandTimers(clock)  # never advanced: the test only reads the intervals the keeper asks for
    keeper = RecordKeeper(data_dir, clock=clock, timer_factory=timers)
    keepers.append(keeper)
    record = make_record(["a"])
    keeper.save(record)  # t = 0: wait the full 500 ms
    clock.advance(400)
    keeper.save(record)  # t = 400: 500 ms more would end at 900, still under the 1 s cap
    clock.advance(400)
    keeper.save(record)  # t = 800: the cap leaves 200 ms
    clock.advance(300)
    keeper.save(record)  # t = 1100: overdue, write at once
    assert timers.timers[0].starts == [500, 500, 200, 0]


def test_immediate_saves_skip_the_debounce(
    qtbot: QtBot, keepers: list[RecordKeeper], data_dir: Path, make_record: RecordFactory
) -> None:
    keeper = RecordKeeper(data_dir, debounce_ms=60_000, max_wait_ms=60_000)
    keepers.append(keeper)
    record = make_record(["stage changed"])
    with qtbot.wait_signal(keeper.saved, timeout=3000):
        keeper.save(record, immediate=True)
    assert stored(data_dir, record.id).notes[0].text == "stage changed"


def test_flush_writes_everything_before_returning(
    keepers: list[RecordKeeper], data_dir: Path, make_record: RecordFactory
) -> None:
    keeper = RecordKeeper(data_dir, debounce_ms=60_000, max_wait_ms=60_000)
    keepers.append(keeper)
    records = [make_record([f"note {n}"]) for n in range(5)]
    for record in records:
        keeper.save(record)
    assert keeper.flush() is True
    assert not keeper.has_unsaved()
    for record in records:
        assert stored(data_dir, record.id).notes[0].text == record.notes[0].text
        assert keeper.saved_revision(record.id) > 0


def test_close_saves_and_stops_the_thread(
    keepers: list[RecordKeeper], data_dir: Path, make_record: RecordFactory
) -> None:
    keeper = RecordKeeper(data_dir, debounce_ms=60_000)
    keepers.append(keeper)
    record = make_record(["last words"])
    keeper.save(record)
    assert keeper.close() is True
    assert keeper.close() is True  # twice is fine
    assert not [t for t in threading.enumerate() if t.name == THREAD_NAME]
    assert stored(data_dir, record.id).notes[0].text == "last words"


def test_a_save_after_close_is_kept_in_memory_and_said(
    qtbot: QtBot, keepers: list[RecordKeeper], data_dir: Path, make_record: RecordFactory
) -> None:
    keeper = RecordKeeper(data_dir)
    keepers.append(keeper)
    keeper.close()
    record = make_record(["too late"])
    with qtbot.wait_signal(keeper.failed, timeout=1000) as blocker:
        keeper.save(record)
    assert "memory" in blocker.args[0]
    assert [r.id for r in keeper.unsaved_records()] == [record.id]


def test_delete_erases_and_later_saves_of_it_are_ignored(
    qtbot: QtBot, keeper: RecordKeeper, data_dir: Path, make_record: RecordFactory
) -> None:
    record = make_record(["to be erased"])
    keeper.save(record, immediate=True)
    with qtbot.wait_signal(keeper.deleted, timeout=3000) as blocker:
        keeper.delete(record.id)
    assert blocker.args == [record.id]
    keeper.save(record)
    assert keeper.flush()
    with RecordStore.open(data_dir) as store:
        assert store.count() == 0


def test_deleting_an_unknown_session_says_so(qtbot: QtBot, keeper: RecordKeeper) -> None:
    with qtbot.wait_signal(keeper.failed, timeout=3000) as blocker:
        keeper.delete("nope")
    assert "no session" in blocker.args[0]


def test_import_and_unfinished_run_on_the_writer(
    qtbot: QtBot, keeper: RecordKeeper, tmp_path: Path, make_record: RecordFactory
) -> None:
    record = make_record(["imported"], ended_at=None, started_at="2099-01-01T00:00:00+00:00")
    path = tmp_path / "one.json"
    path.write_text(to_json(record), encoding="utf-8")
    results: list[list[Imported]] = []
    errors: list[str] = []
    keeper.import_file(path, results.append, errors.append)
    keeper.import_file(tmp_path / "missing.json", results.append, errors.append)
    qtbot.wait_until(lambda: len(results) + len(errors) == 2, timeout=3000)
    assert [i.outcome for i in results[0]] == ["kept"]
    assert "no such file" in errors[0]
    found: list[list[SessionSummary]] = []
    keeper.find_unfinished(found.append)
    qtbot.wait_until(lambda: bool(found), timeout=3000)
    assert [s.id for s in found[0]] == [record.id]


def test_ready_says_the_store_is_open(qtbot: QtBot, data_dir: Path, keepers: list[RecordKeeper]) -> None:
    keeper = RecordKeeper(data_dir)
    keepers.append(keeper)
    with qtbot.wait_signal(keeper.ready, timeout=3000) as blocker:
        pass
    assert blocker.args == [""]
    assert keeper.problem is None
