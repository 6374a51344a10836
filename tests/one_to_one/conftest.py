"""Fixtures for the one-to-one tests: a manual clock with hand-fired timers, and small one-to-one scripts.

``Room.advance(ms)`` moves the manual clock forward and fires every timer from the injected factory exactly
when it falls due, in order, the way the event loop would, but without waiting on real time.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer
from pytestqt.qtbot import QtBot

from mindful_listening.core.clock import ManualClock
from mindful_listening.core.loading import parse_script
from mindful_listening.core.record import MemorySink
from mindful_listening.core.script import Script
from mindful_listening.speech.api import FakeSpeaker
from mindful_listening.ui.one_to_one import OneToOneWindow

BREATHING = b"""
id = "test-breathing"
title = "Test breathing"
mode = "one-to-one"
summary = "Settle, breathe in a slow rhythm, rest."
purpose = "To test the breathing guide."
[[steps]]
kind = "settle"
title = "Arriving"
duration = "20s"
[[steps.cues]]
at = "start"
text = "Let yourself arrive."
bell = "single"
[[steps]]
kind = "breathe"
title = "Soothing rhythm"
duration = "1m"
open_ended = true
breathing = { inhale = "4s", exhale = "6s" }
[[steps]]
kind = "exercise"
title = "Resting"
duration = "30s"
bell = "double"
[[steps.cues]]
at = "start"
text = "Let the breath find its own rhythm."
"""

RAIN = b"""
id = "test-rain"
title = "Test RAIN"
mode = "one-to-one"
summary = "Recognise, Allow, Investigate with kindness, Nurture."
purpose = "To test open-ended steps."
[[steps]]
kind = "exercise"
title = "Recognise"
caption = "What is here?"
duration = "1m"
open_ended = true
[[steps.cues]]
at = "start"
text = "Gently notice what is here right now."
[[steps]]
kind = "exercise"
title = "Allow"
duration = "1m"
open_ended = true
[[steps.cues]]
at = "start"
text = "See if it's possible to let it be here."
[[steps]]
kind = "exercise"
title = "Nurture"
duration = "1m"
[[steps.cues]]
at = "start"
text = "Offer yourself some kindness."
"""


class FakeTimer(QTimer):
    """A QTimer that never runs by itself: :class:`Room` fires it when the manual clock reaches it."""

    def __init__(self, parent: QObject, room: Room) -> None:
        super().__init__(parent)
        self._room = room
        self._active = False
        self.due: int | None = None
        self.fired = 0

    def start(self, msec: int | None = None) -> None:
        if msec is not None:
            self.setInterval(msec)
        self._active = True
        self.due = self._room.clock.now_ms() + self.interval()

    def stop(self) -> None:
        self._active = False
        self.due = None

    def isActive(self) -> bool:
        return self._active

    def fire(self) -> None:
        if self.isSingleShot():
            self.stop()
        else:
            self.due = self._room.clock.now_ms() + max(1, self.interval())
        self.fired += 1
        self.timeout.emit()


class Room:
    def __init__(self) -> None:
        self.clock = ManualClock(1_000_000)
        self.timers: list[FakeTimer] = []

    def factory(self, parent: QObject) -> QTimer:
        timer = FakeTimer(parent, self)
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.setSingleShot(True)
        self.timers.append(timer)
        return timer

    def live(self) -> list[FakeTimer]:
        self.timers = [t for t in self.timers if shiboken6.isValid(t)]
        return [t for t in self.timers if t.isActive()]

    def advance(self, ms: int) -> None:
        """Move time on by ``ms``, firing each due timer at its own instant."""
        target = self.clock.now_ms() + ms
        for _ in range(200_000):
            due = [t for t in self.live() if t.due is not None and t.due <= target]
            if not due:
                break
            timer = min(due, key=lambda t: t.due or 0)
            assert timer.due is not None
            if timer.due > self.clock.now_ms():
                self.clock.set(timer.due)
            timer.fire()
        else:
            pytest.fail("timers kept firing without time passing")
        self.clock.set(target)


@pytest.fixture
def room() -> Room:
    return Room()


@pytest.fixture
def breathing_script() -> Script:
    return parse_script(BREATHING, "breathing")


@pytest.fixture
def rain_script() -> Script:
    return parse_script(RAIN, "rain")


@pytest.fixture
def scripts(breathing_script: Script, rain_script: Script) -> list[Script]:
    return [breathing_script, rain_script]


@pytest.fixture
def speaker() -> FakeSpeaker:
    return FakeSpeaker()


@pytest.fixture
def sink() -> MemorySink:
    return MemorySink()


@pytest.fixture
def window(
    qtbot: QtBot, room: Room, speaker: FakeSpeaker, sink: MemorySink, scripts: list[Script]
) -> Iterator[OneToOneWindow]:
    """The compact window, not shown (shown tests call ``show()`` themselves), with nothing to settle."""
    win = OneToOneWindow(speaker, sink, clock=room.clock, timer_factory=room.factory, scripts=scripts)
    qtbot.add_widget(win)
    win.set_settle_seconds(0)
    yield win
    win.close()
