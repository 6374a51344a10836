"""What the practice session saves at each step change, and what it asks of Python's collector meanwhile
(issue 16: the GUI thread's part of a step change kept small)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from dataclasses import asdict

import pytest
from pytestqt.qtbot import QtBot

from mindful_listening.core.clock import ManualClock
from mindful_listening.core.flow import Stage
from mindful_listening.core.library import find_script
from mindful_listening.core.record import MemorySink, SessionRecord
from mindful_listening.core.runner import State
from mindful_listening.session import PracticeSession
from mindful_listening.speech.api import FakeSpeaker
from mindful_listening.timers import HandTimers


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(1_000_000)


@pytest.fixture
def timers(clock: ManualClock) -> HandTimers:
    return HandTimers(clock)


@pytest.fixture
def session(qtbot: QtBot, clock: ManualClock, timers: HandTimers) -> Iterator[PracticeSession]:
    del qtbot  # the QApplication
    made = PracticeSession(FakeSpeaker(), MemorySink(), clock=clock, timer_factory=timers)
    yield made
    made.close()
    gc.unfreeze()  # whatever happened in the test, the next one starts with everything collectable


def _state(session: PracticeSession) -> State | None:
    """Read afresh (so the type checker does not carry an earlier assert's narrowing over)."""
    return session.state


def _kept(session: PracticeSession) -> SessionRecord:
    sink = session.sink
    assert isinstance(sink, MemorySink)
    assert len(sink.records) == 1
    return next(iter(sink.records.values()))


def test_every_step_change_saves_the_clock_s_log_as_the_full_conversion_would(
    session: PracticeSession, timers: HandTimers
) -> None:
    session.use(find_script("timed-pair-share"))
    session.set_stage(Stage.PRACTICE)
    session.toggle()  # the practice starts: the record opens
    assert session.controller is not None
    session.controller.pause()
    timers.advance(7_000)
    session.controller.resume()
    session.extend(30_000)
    saves_before = session.sink.saves  # type: ignore[attr-defined]
    steps_seen: list[object] = []
    session.stepStarted.connect(steps_seen.append)
    timers.advance(200_000)
    assert len(steps_seen) >= 3
    assert session.sink.saves >= saves_before + len(steps_seen)  # type: ignore[attr-defined]

    session.absorb_log()  # as a pause does: what the clock saw up to now, heard reports included
    log = session.controller.runner.log_so_far()
    kept = _kept(session)
    assert log.cues
    assert log.pauses
    assert log.extensions
    # What the room heard of each cue rides along with it, as the full conversion's copy plus that word.
    full = [asdict(c) | ({"audio": log.heard[i]} if i in log.heard else {}) for i, c in enumerate(log.cues)]
    assert any("audio" in cue for cue in full)
    assert kept.cues == full
    assert not any("audio" in vars(c) for c in log.cues), "the log's own entries are copied, never written to"
    assert kept.pauses == [asdict(p) for p in log.pauses]
    assert kept.extensions == [asdict(e) for e in log.extensions]
    assert [s.title for s in kept.steps] == [s.title for s in log.steps]
    # What was saved reads back into the log it came from (what taking a practice up relies on).
    again = kept.session_log()
    assert again.cues == log.cues
    assert again.heard == log.heard
    assert again.pauses == log.pauses
    assert again.extensions == log.extensions


def test_the_collector_sets_the_app_aside_while_the_practice_runs_and_has_it_back_after(
    session: PracticeSession, timers: HandTimers
) -> None:
    gc.unfreeze()
    session.use(find_script("timed-pair-share"))
    session.set_stage(Stage.PRACTICE)
    assert gc.get_freeze_count() == 0, "nothing is set aside before the practice starts"
    session.toggle()
    assert session.state is State.RUNNING
    assert gc.get_freeze_count() > 0
    session.finish()
    timers.advance(1_000)
    assert _state(session) is State.FINISHED
    assert gc.get_freeze_count() == 0, "the practice over, everything is collectable again"


def test_a_practice_left_part_way_or_closed_hands_everything_back_to_the_collector(
    session: PracticeSession, timers: HandTimers
) -> None:
    gc.unfreeze()
    session.use(find_script("timed-pair-share"))
    session.set_stage(Stage.PRACTICE)
    session.toggle()
    timers.advance(5_000)
    assert gc.get_freeze_count() > 0
    session.controller.pause()  # type: ignore[union-attr]
    session.use(find_script("classic-pairs"))  # on to another script, the practice unfinished
    assert gc.get_freeze_count() == 0
    session.set_stage(Stage.PRACTICE)
    session.toggle()
    assert gc.get_freeze_count() > 0
    session.close()  # the window closes mid-practice
    assert gc.get_freeze_count() == 0
