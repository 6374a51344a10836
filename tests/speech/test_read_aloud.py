"""Reading the purpose aloud with the real engine: it says it is reading, and stops saying so when it ends."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from mindful_listening.preferences import Preferences
from mindful_listening.speech.service import SpeechService
from mindful_listening.ui.read_aloud import ReadAloud

PURPOSE = "Today we practise listening with our full attention."


@pytest.fixture
def service(qtbot: QtBot, espeak: None) -> Iterator[SpeechService]:
    made = SpeechService(Preferences(bells="none"))
    yield made
    made.shutdown()
    made.deleteLater()


@pytest.mark.speech
def test_a_reading_is_marked_while_it_sounds_and_unmarked_when_it_ends(
    qtbot: QtBot, service: SpeechService
) -> None:
    action = QAction("&Read the purpose aloud")
    reading = ReadAloud(service, action)
    with qtbot.wait_signal(reading.readingChanged, timeout=2_000) as began:
        reading.toggle(PURPOSE)
    assert began.args == [True]
    assert action.text() == "Stop &reading aloud"
    with qtbot.wait_signal(reading.readingChanged, timeout=20_000) as ended:
        pass
    assert ended.args == [False], "heard to the end (or told it could not be): no longer marked"
    assert action.text() == "&Read the purpose aloud"
    assert not service.is_sounding


@pytest.mark.speech
def test_pressing_it_again_cuts_the_reading_at_once(qtbot: QtBot, service: SpeechService) -> None:
    action = QAction("&Read the purpose aloud")
    reading = ReadAloud(service, action)
    reading.toggle(PURPOSE * 4)
    assert reading.reading
    reading.toggle(PURPOSE * 4)  # the same key again
    assert not reading.reading
    assert not service.is_sounding, "cut, not left to run on"
