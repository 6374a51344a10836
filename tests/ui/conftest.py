"""Fixtures for the window tests: a manual clock, timers fired by hand against it, and a ready-made window."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QObject, QSettings, QTimer
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from mindful_listening.core.clock import ManualClock
from mindful_listening.core.record import MemorySink
from mindful_listening.preferences import Preferences
from mindful_listening.speech.api import FakeSpeaker
from mindful_listening.ui.window import MainWindow


class FakeTimer(QTimer):
    """A timer that never ticks by itself: it records when it is due on the manual clock."""

    def __init__(self, clock: ManualClock, parent: QObject | None) -> None:
        super().__init__(parent)
        self._clock = clock
        self.due: int | None = None

    def start(self, msec: int | None = None) -> None:
        ms = self.interval() if msec is None else msec
        self.due = self._clock.now_ms() + max(0, ms)

    def stop(self) -> None:
        self.due = None

    def isActive(self) -> bool:
        return self.due is not None


class FakeTimers:
    """The timer factory in tests: ``advance(ms)`` moves the clock and fires what falls due, in order."""

    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock
        self.timers: list[FakeTimer] = []

    def __call__(self, parent: QObject) -> QTimer:
        timer = FakeTimer(self.clock, parent)
        self.timers.append(timer)
        return timer

    def _live(self) -> list[FakeTimer]:
        self.timers = [t for t in self.timers if shiboken6.isValid(t)]
        return self.timers

    def advance(self, ms: int) -> None:
        target = self.clock.now_ms() + ms
        for _ in range(100_000):
            due = [t for t in self._live() if t.due is not None and t.due <= target]
            if not due:
                break
            timer = min(due, key=lambda t: t.due or 0)
            assert timer.due is not None
            self.clock.set(max(self.clock.now_ms(), timer.due))
            timer.due = None if timer.isSingleShot() else self.clock.now_ms() + max(1, timer.interval())
            timer.timeout.emit()
        else:
            raise AssertionError("timers kept firing without the clock moving on")
        self.clock.set(target)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(1_000_000)


@pytest.fixture
def timers(clock: ManualClock) -> FakeTimers:
    return FakeTimers(clock)


@pytest.fixture
def advance(timers: FakeTimers) -> Callable[[int], None]:
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
    qtbot: QtBot, clock: ManualClock, timers: FakeTimers, settings: QSettings
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
