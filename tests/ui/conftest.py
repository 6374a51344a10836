"""Fixtures for the window tests: a manual clock, timers fired by hand against it, and a ready-made window."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from mindful_listening.core.clock import ManualClock
from mindful_listening.core.record import MemorySink
from mindful_listening.preferences import Preferences
from mindful_listening.speech.api import FakeSpeaker
from mindful_listening.timers import HandTimers
from mindful_listening.ui.window import MainWindow


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(1_000_000)


@pytest.fixture
def timers(clock: ManualClock) -> HandTimers:
    return HandTimers(clock)


@pytest.fixture
def advance(timers: HandTimers) -> Callable[[int], None]:
    """Move the manual clock on by some milliseconds, firing every timer that falls due on the way."""
    return timers.advance


@pytest.fixture
def texts_of() -> Callable[[QWidget], list[str]]:
    return visible_texts


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


MakeWindow = Callable[..., MainWindow]


@pytest.fixture
def make_window(
    qtbot: QtBot, clock: ManualClock, timers: HandTimers, settings: QSettings
) -> Iterator[MakeWindow]:
    made: list[MainWindow] = []

    def make(**kwargs: Any) -> MainWindow:
        window = MainWindow(
            kwargs.pop("prefs", Preferences(theme="dark")),
            kwargs.pop("speaker", FakeSpeaker()),
            kwargs.pop("sink", MemorySink()),
            settings=kwargs.pop("settings", settings),
            clock=clock,
            timer_factory=timers,
            **kwargs,
        )
        qtbot.add_widget(window)
        window.show()
        qtbot.wait_exposed(window)
        window.activateWindow()
        qtbot.wait_until(window.isActiveWindow)
        made.append(window)
        return window

    yield make
    for window in made:
        if shiboken6.isValid(window):
            # A test that failed half-way may leave notes the records could not take: closing would then
            # ask, in a modal box nobody answers. The test has failed already; close without asking.
            window.notices.leave_unsaved_confirmed = lambda: True  # type: ignore[method-assign]
            window.close()


def visible_texts(root: QWidget) -> list[str]:
    """Every piece of text a widget tree can show or announce: label and field text, tips, names."""
    found: list[str] = [
        root.windowTitle(),
        root.toolTip(),
        root.accessibleName(),
        root.accessibleDescription(),
    ]
    for widget in [root, *root.findChildren(QWidget)]:
        found += [
            widget.toolTip(),
            widget.accessibleName(),
            widget.accessibleDescription(),
            widget.whatsThis(),
        ]
        found.append(widget.statusTip())
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            found.append(widget.text())
        if isinstance(widget, QPlainTextEdit):
            found.append(widget.toPlainText())
    return [text for text in found if text]


def _end_question() -> QWidget | None:
    return next(
        (
            w
            for w in QApplication.topLevelWidgets()
            if w.objectName() == "endPracticeQuestion" and w.isVisible()
        ),
        None,
    )


@pytest.fixture
def answer_end_question(qtbot: QtBot) -> Callable[[bool], None]:
    """Answer the "End the practice?" question that leaving a practice under way asks, by its keys: End
    again ends the practice (``True``), Esc stays with it (``False``)."""

    def answer(end: bool = True) -> None:
        qtbot.wait_until(lambda: _end_question() is not None)
        box = _end_question()
        assert box is not None
        QTest.keyClick(box, Qt.Key.Key_End if end else Qt.Key.Key_Escape)
        qtbot.wait_until(lambda: _end_question() is None)

    return answer
