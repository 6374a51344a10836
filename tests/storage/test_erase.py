"""Deleting a session erases its text from every file in the records folder, not only from view.

The check reads the raw bytes of every file there. It first proves the text *is* on disk (including in an
older, merged part of the search index, which plain deletion would leave behind), then deletes the session the
way the app does and looks again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from mindful_listening.core.record import SessionRecord
from mindful_listening.storage.keeper import RecordKeeper
from mindful_listening.storage.store import Query, RecordStore

RecordFactory = Callable[..., SessionRecord]
RawFiles = Callable[[Path], dict[str, bytes]]

SECRETS = ("Quillanthrope", "Vexmorrowind", "Zephyrquandle", "Brightwhistle")


def traces(files: dict[str, bytes]) -> dict[str, list[str]]:
    """Which secret words (in any case) each file holds."""
    found: dict[str, list[str]] = {}
    for name, data in files.items():
        lowered = data.lower()
        hits = [w for w in SECRETS if w.lower().encode() in lowered or w.encode("utf-16-le") in data]
        if hits:
            found[name] = hits
    return found


def test_deleting_a_session_leaves_no_trace_of_its_text_on_disk(
    qtbot: QtBot, data_dir: Path, make_record: RecordFactory, raw_files: RawFiles
) -> None:
    victim = make_record(
        [f"First I felt {SECRETS[0]} and then calm."],
        free_notes=f"Draft: {SECRETS[1]}",
        reflection="Next time, slow down.",
    )
    victim.assessment = {"observations": [{"text": f"Modelled stillness ({SECRETS[2]})."}]}

    keeper = RecordKeeper(data_dir, debounce_ms=10, max_wait_ms=20)
    try:
        # Typing: several drafts of the victim reach the database, then many other sessions are saved, so
        # the victim's words sit in older, merged index segments and in pages the WAL has been copied from.
        for draft in range(5):
            victim.reflection = f"Next time, slow down. {SECRETS[3]} {draft}"
            with qtbot.wait_signal(keeper.saved, timeout=3000):
                keeper.save(victim)
        others = [make_record([f"ordinary note {n} about listening"]) for n in range(60)]
        for other in others:
            keeper.save(other, immediate=True)
        assert keeper.flush()
        with RecordStore.open(data_dir) as store:
            store._checkpoint()
        before = traces(raw_files(data_dir))
        assert set().union(*before.values()) == set(SECRETS), before  # the check can see the text

        with qtbot.wait_signal(keeper.deleted, timeout=5000):
            keeper.delete(victim.id)
        # The app is still running (its connection open, the WAL in use): the text must be gone already.
        assert traces(raw_files(data_dir)) == {}
    finally:
        keeper.close()

    assert traces(raw_files(data_dir)) == {}
    with RecordStore.open(data_dir) as store:
        assert store.count() == len(others)
        assert store.count(Query(text="ordinary listening")) == len(others)
        for word in SECRETS:
            assert store.count(Query(text=word)) == 0


def test_a_reader_left_open_does_not_stop_the_erase(
    data_dir: Path, make_record: RecordFactory, raw_files: RawFiles
) -> None:
    with RecordStore.open(data_dir) as store, RecordStore.open(data_dir) as history:
        victim = make_record([f"{SECRETS[0]} while the history window is open"])
        store.save(victim)
        assert history.count(Query(text=SECRETS[0])) == 1
        store.delete(victim.id)
        assert history.count() == 0
        assert traces(raw_files(data_dir)) == {}
