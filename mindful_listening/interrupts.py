"""Ctrl+C and friends reach the Qt event loop cleanly, without a polling timer.

Python runs a signal handler only when the interpreter gets control, which a waiting Qt event loop never
gives it. :class:`InterruptBridge` has the C-level handler write to a socket that Qt watches (Python's
wake-up fd): that wakes the loop, and the signals caught meanwhile are handed to ``on_signal`` there, on the
GUI thread, in the order they came. A signal that lands before the loop starts is handed over once it runs.
"""

from __future__ import annotations

import contextlib
import signal
import socket
from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QSocketNotifier


class InterruptBridge(QObject):
    def __init__(
        self,
        on_signal: Callable[[int], None],
        signals: Iterable[signal.Signals] = (signal.SIGINT, signal.SIGTERM),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._on_signal = on_signal
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno())
        self._previous = {sig: signal.signal(sig, self._handler) for sig in signals}
        self._caught: list[int] = []
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)

    def _handler(self, signum: int, frame: object) -> None:
        del frame
        self._caught.append(signum)

    def _drain(self) -> None:
        with contextlib.suppress(OSError):
            self._reader.recv(64)
        while self._caught:
            self._on_signal(self._caught.pop(0))

    def close(self) -> None:
        """Give the signals back to whoever had them before."""
        self._notifier.setEnabled(False)
        for sig, previous in self._previous.items():
            signal.signal(sig, previous)
        signal.set_wakeup_fd(self._previous_fd)
        self._reader.close()
        self._writer.close()
