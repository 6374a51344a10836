"""The one place timers are made, so tests can swap the factory and every timer is precise and single-shot."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer

TimerFactory = Callable[[QObject], QTimer]


def make_timer(parent: QObject) -> QTimer:
    """Every timer in the app comes from here: precise and single-shot, so tests can swap the factory."""
    timer = QTimer(parent)
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setSingleShot(True)
    return timer
