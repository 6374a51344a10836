"""The one place timers are made, so tests can swap the factory and every timer is precise and single-shot.

Nothing else in the app names ``QTimer`` (ruff's banned-api says so): a timer comes from :func:`make_timer`
(or a factory with its signature, which tests replace with timers they fire by hand), a "do this once the
event loop is free" from :func:`soon` (or, once a window has painted, :func:`after_first_paint`), and a type
from :data:`Timer`.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer

from mindful_listening.core.clock import ManualClock

Timer = QTimer
TimerFactory = Callable[[QObject], QTimer]


def make_timer(parent: QObject) -> QTimer:
    """Every timer in the app comes from here: precise and single-shot, so tests can swap the factory."""
    timer = QTimer(parent)
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setSingleShot(True)
    return timer


def soon(context: QObject | None, call: Callable[[], object], ms: int = 0) -> None:
    """Run ``call`` from the event loop after ``ms`` (0: once it is free); dropped if ``context`` is gone."""
    if context is None:
        QTimer.singleShot(ms, call)
    else:
        QTimer.singleShot(ms, context, call)


def after_first_paint(window: QObject, call: Callable[[], object]) -> None:
    """Run ``call`` from the event loop once ``window`` has painted for the first time (never before: it must
    not delay that paint). Only that window's events pass through Python, and only until it has painted."""
    _AfterFirstPaint(window, call)


class _AfterFirstPaint(QObject):
    def __init__(self, window: QObject, call: Callable[[], object]) -> None:
        super().__init__(window)
        self._call = call
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            soon(watched, self._call)
            self.deleteLater()
        return False


class HandTimer(QTimer):
    """A timer that never runs by itself: :class:`HandTimers` fires it when its manual clock reaches it.

    For tests and the screenshot tools, which run the app on a manual clock; it keeps every interval it was
    started with (``starts``) and how often it fired (``fired``).
    """

    def __init__(self, parent: QObject | None, clock: ManualClock) -> None:
        super().__init__(parent)
        self._clock = clock
        self.due: int | None = None
        self.fired = 0
        self.starts: list[int] = []

    def start(self, msec: int | None = None) -> None:
        if msec is not None:
            self.setInterval(msec)
        self.starts.append(self.interval())
        self.due = self._clock.now_ms() + max(0, self.interval())

    def stop(self) -> None:
        self.due = None

    def isActive(self) -> bool:
        return self.due is not None

    def fire(self) -> None:
        """Time out now: a single-shot timer stops, a repeating one is due again one interval later."""
        self.due = None if self.isSingleShot() else self._clock.now_ms() + max(1, self.interval())
        self.fired += 1
        self.timeout.emit()


class HandTimers:
    """A timer factory on a manual clock: ``advance(ms)`` moves it on, firing each due timer at its instant.

    Timers it makes are set up as :func:`make_timer`'s are (precise, single-shot). Never advanced, they never
    fire: the screenshot tools pose the app that way.
    """

    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock
        self.timers: list[HandTimer] = []

    def __call__(self, parent: QObject) -> QTimer:
        timer = HandTimer(parent, self.clock)
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.setSingleShot(True)
        self.timers.append(timer)
        return timer

    def factory(self, parent: QObject) -> QTimer:
        return self(parent)

    def live(self) -> list[HandTimer]:
        """The timers still alive and running."""
        self.timers = [t for t in self.timers if shiboken6.isValid(t)]
        return [t for t in self.timers if t.isActive()]

    def advance(self, ms: int) -> None:
        target = self.clock.now_ms() + ms
        for _ in range(200_000):
            due = [t for t in self.live() if t.due is not None and t.due <= target]
            if not due:
                break
            timer = min(due, key=lambda t: t.due or 0)
            assert timer.due is not None
            self.clock.set(max(self.clock.now_ms(), timer.due))
            timer.fire()
        else:
            raise AssertionError("timers kept firing without the clock moving on")
        self.clock.set(target)
