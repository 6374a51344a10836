"""Fixtures for the one-to-one tests: a manual clock with hand-fired timers, and small one-to-one scripts.

``Room.advance(ms)`` moves the manual clock forward and fires every timer from the injected factory exactly
when it falls due, in order, the way the event loop would, but without waiting on real time.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from mindful_listening.core.clock import ManualClock
from mindful_listening.core.loading import parse_script
from mindful_listening.core.record import MemorySink
from mindful_listening.core.script import Script
from mindful_listening.speech.api import FakeSpeaker
from mindful_listening.timers import HandTimers
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


class Room(HandTimers):
    """The therapy room on a manual clock: ``advance(ms)`` fires each injected timer at its own instant."""

    def __init__(self) -> None:
        super().__init__(ManualClock(1_000_000))


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
    win.choosing.set_settle_seconds(0)
    yield win
    win.close()
