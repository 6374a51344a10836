"""SIGKILL a real process while it types notes through the real autosave path: nothing acknowledged is lost.

Each child opens the records, takes up the unfinished session where the last child left it, and keeps typing a
known stream of text into it through a :class:`RecordKeeper` (the same debounce, snapshot, writer thread and
SQLite settings as the app; only the delays are shorter, so there are many saves to interrupt). After every
``saved`` it prints how much text that save held. The parent kills it at a random moment, then checks that the
database opens cleanly, passes SQLite's integrity check, and holds at least every acknowledged character,
exactly as typed.
"""

from __future__ import annotations

import json
import os
import random
import selectors
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mindful_listening.storage.store import RecordStore

KILLS = 24
SESSION_ID = "killtest0000000000000000000000aa"

CHILD = r"""
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer

from mindful_listening.core.library import find_script
from mindful_listening.core.record import Note, SessionRecord
from mindful_listening.storage.keeper import RecordKeeper
from mindful_listening.storage.store import open_for_reading

folder = Path(sys.argv[1])
session_id = sys.argv[2]
stream = " ".join(f"w{n:05d}" for n in range(int(sys.argv[3])))  # the same stream as make_stream()

app = QCoreApplication([])
store = open_for_reading(folder)
record = None
if store is not None:
    with store:
        if session_id in [s.id for s in store.unfinished(max_age_days=100_000)]:
            record = store.get(session_id)
if record is None:
    script = find_script("classic-pairs")
    record = SessionRecord.begin(script, 0)
    record.id = session_id
    record.notes.append(Note(prompt="What did you notice?", text=""))
note = record.notes[0]
assert stream.startswith(note.text), "the stored text is not a prefix of the stream"

keeper = RecordKeeper(folder, debounce_ms=15, max_wait_ms=40)
length_at = {}

def acknowledge(saved_id):
    print("ack", length_at[keeper.saved_revision(saved_id)], flush=True)

def type_more():
    if len(note.text) >= len(stream):
        return
    note.text = stream[: len(note.text) + 3]
    keeper.save(record)
    length_at[keeper.revision_of_last_save()] = len(note.text)

keeper.saved.connect(acknowledge)
keeper.failed.connect(lambda message: print("failed", message, flush=True))
typing = QTimer()
typing.timeout.connect(type_more)
typing.start(4)
print("ready", len(note.text), flush=True)
app.exec()
"""


WORDS = 20_000


def make_stream(words: int = WORDS) -> str:
    return " ".join(f"w{n:05d}" for n in range(words))


def stored_text(folder: Path) -> str:
    with RecordStore.open(folder) as store:
        return store.get(SESSION_ID).notes[0].text


def integrity(folder: Path) -> str:
    db = sqlite3.connect(folder / "records.db")
    try:
        return str(db.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        db.close()


class Child:
    """A typing child process whose stdout is read without blocking."""

    def __init__(self, folder: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(folder), SESSION_ID, str(WORDS)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
        assert self.process.stdout is not None
        self._fd = self.process.stdout.fileno()
        os.set_blocking(self._fd, False)
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._fd, selectors.EVENT_READ)
        self._buffer = b""
        self.lines: list[str] = []

    def read_until(self, deadline: float) -> None:
        """Collect output lines until the monotonic ``deadline`` or the end of the output."""
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not self._selector.select(timeout=left):
                return
            chunk = os.read(self._fd, 65536)
            if not chunk:
                return
            self._buffer += chunk
            *complete, self._buffer = self._buffer.split(b"\n")
            self.lines.extend(line.decode() for line in complete)

    def kill(self) -> tuple[int, str]:
        self.process.send_signal(signal.SIGKILL)
        code = self.process.wait(timeout=30)
        self.read_until(time.monotonic() + 5)  # what it printed before dying is still in the pipe
        self._selector.close()
        assert self.process.stdout is not None
        assert self.process.stderr is not None
        self.process.stdout.close()
        errors = self.process.stderr.read().decode()
        self.process.stderr.close()
        return code, errors

    def acked(self) -> list[int]:
        return [int(line.split()[1]) for line in self.lines if line.startswith("ack ")]


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_while_typing_loses_no_acknowledged_text(data_dir: Path) -> None:
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    stream = make_stream()
    acknowledged = 0
    typed_runs = 0
    total_acks = 0
    started = time.monotonic()
    for kill in range(KILLS):
        child = Child(data_dir)
        try:
            deadline = time.monotonic() + 30
            while not any(line.startswith("ready") for line in child.lines) and time.monotonic() < deadline:
                child.read_until(min(deadline, time.monotonic() + 0.05))
                if child.process.poll() is not None:
                    break
            assert any(line.startswith("ready") for line in child.lines), (seed, kill, child.lines)
            # Kill at a random moment while it types and saves.
            child.read_until(time.monotonic() + rng.uniform(0.05, 0.6))
        finally:
            code, errors = child.kill()
        assert code == -signal.SIGKILL, (seed, kill, errors)
        assert not [line for line in child.lines if line.startswith("failed")], (seed, kill, child.lines)
        acks = child.acked()
        total_acks += len(acks)
        if acks:
            typed_runs += 1
            acknowledged = max(acknowledged, *acks)

        assert integrity(data_dir) == "ok", (seed, kill)
        text = stored_text(data_dir)
        assert len(text) >= acknowledged, (seed, kill, len(text), acknowledged)
        assert stream.startswith(text), (seed, kill)
    elapsed = time.monotonic() - started
    summary = {"seed": seed, "kills": KILLS, "acks": total_acks, "chars": acknowledged, "seconds": elapsed}
    print(json.dumps(summary))
    assert typed_runs >= KILLS // 2, "too few runs got to save anything: the test would prove little"
    assert acknowledged > 0
