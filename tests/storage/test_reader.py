"""The history's reader: requests run in order off the GUI thread, and only the newest search is answered."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from mindful_listening.storage.reader import RecordReader
from mindful_listening.storage.store import RecordStore


def test_a_newer_request_on_a_channel_replaces_the_waiting_ones_and_answers_come_on_the_gui_thread(
    qtbot: QtBot, tmp_path: Path
) -> None:
    reader = RecordReader(tmp_path)
    release = threading.Event()
    answers: list[str] = []
    threads: list[threading.Thread] = []
    failures: list[str] = []

    def hold(_store: RecordStore) -> str:
        release.wait(10)  # the worker is busy while the searches below are typed
        return "first"

    def search(word: str) -> Callable[[RecordStore], str]:
        return lambda store: f"{word}:{len(store.scripts())}"

    def answered(value: str) -> None:
        answers.append(value)
        threads.append(threading.current_thread())

    reader.request(hold, answered, failures.append)
    for word in ("b", "br", "bre"):
        reader.request(search(word), answered, failures.append, channel="search")
    release.set()
    qtbot.wait_until(lambda: len(answers) == 2, timeout=10_000)
    reader.close()
    assert answers == ["first", "bre:0"], "the stale searches were dropped, the newest answered"
    assert failures == []
    assert threads == [threading.main_thread()] * 2
    assert not reader.running
