"""Fixtures for the records tests: no network at all, sample records, keepers that are always closed."""

from __future__ import annotations

import gc
import os
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from mindful_listening.core.clock import ManualClock
from mindful_listening.core.library import find_script
from mindful_listening.core.record import Note, SessionRecord
from mindful_listening.core.runner import SessionRunner
from mindful_listening.core.timeline import compile_script
from mindful_listening.storage.keeper import THREAD_NAME

RecordFactory = Callable[..., SessionRecord]


class NetworkUsed(AssertionError):
    pass


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Any attempt to open a socket fails the test: records never leave the machine."""
    attempts: list[str] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(repr(args)[:80])
        raise NetworkUsed("the records code tried to open a network socket")

    class GuardedSocket(socket.socket):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            refuse(*args, **kwargs)

    monkeypatch.setattr(socket, "socket", GuardedSocket)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "socketpair", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield attempts
    assert not attempts, f"network use: {attempts}"


@pytest.fixture(autouse=True)
def _collect_on_the_main_thread() -> Iterator[None]:
    """Collect each test's cyclic garbage here, on the main thread, not later on a worker thread (where the
    collector could destroy a Qt object of the GUI thread)."""
    yield
    gc.collect()


@pytest.fixture(autouse=True)
def _writer_threads_stopped() -> Iterator[None]:
    """The keeper's writer is a daemon thread (so the suite-wide check skips it): check it here."""
    yield
    left = [t for t in threading.enumerate() if t.name.startswith(THREAD_NAME) and t.is_alive()]
    for thread in left:
        thread.join(timeout=5)
    assert not [t for t in left if t.is_alive()], "a RecordKeeper was not closed"


@pytest.fixture
def data_dir() -> Path:
    """The per-test records folder the suite-wide fixture points MINDFUL_LISTENING_DATA_DIR at."""
    return Path(os.environ["MINDFUL_LISTENING_DATA_DIR"])


def build_record(
    notes: list[str] | tuple[str, ...] = (),
    *,
    script: str = "classic-pairs",
    started_at: str = "2026-03-02T09:30:00+00:00",
    ended_at: str | None = "2026-03-02T09:52:00+00:00",
    free_notes: str = "",
    reflection: str = "",
    participants: tuple[str, ...] = ("A1", "B2"),
    session_id: str | None = None,
) -> SessionRecord:
    """A realistic record: a real built-in script run on a manual clock, with debrief notes."""
    chosen = find_script(script)
    timeline = compile_script(chosen)
    clock = ManualClock()
    runner = SessionRunner(timeline, clock)
    record = SessionRecord.begin(chosen, timeline.total_ms)
    if session_id:
        record.id = session_id
    record.started_at = started_at
    record.participants = list(participants)
    runner.start()
    clock.advance(70_000)
    runner.poll()
    runner.pause()
    clock.advance(5_000)
    runner.resume()
    runner.extend(30_000)
    clock.advance(20_000)
    runner.poll()
    runner.finish()
    record.absorb(runner.log)
    prompts = chosen.debrief.prompts
    for index, text in enumerate(notes):
        prompt = prompts[index % len(prompts)]
        record.notes.append(Note(prompt=prompt.text, text=text, layer=prompt.layer.value, role=prompt.role))
    record.free_notes = free_notes
    record.reflection = reflection
    record.ended_at = ended_at
    return record


@pytest.fixture
def make_record() -> RecordFactory:
    return build_record


def _file_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def raw_files() -> Callable[[Path], dict[str, bytes]]:
    """Every file in a folder, read raw (for erase checks)."""
    return _file_bytes
