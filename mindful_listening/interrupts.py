"""Ctrl+C and friends reach the Qt event loop cleanly, without a polling timer.

Python runs a signal handler only when the interpreter gets control, which a waiting Qt event loop never
gives it. :class:`InterruptBridge` has the C-level handler write to a pipe that Qt watches (Python's
wake-up fd): that wakes the loop, and the signals caught meanwhile are handed to ``on_signal`` there, on the
GUI thread, in the order they came. A signal that lands before the loop starts is handed over once it runs.

A pipe, not a socket pair, except on Windows (whose wake-up fd must be a socket): the ``socket`` module is
0.8 MiB of a start's peak RSS (its C part and its enums), and nothing else on the first screen needs it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable, Iterable
from typing import Any, Protocol

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
        self._reader, self._writer = _wake_up_pair()
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
            self._reader.read(64)
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


class _End(Protocol):
    """One end of the wake-up pair: a file descriptor that can be read from (drained) and closed."""

    def fileno(self) -> int: ...
    def read(self, size: int) -> bytes: ...
    def close(self) -> None: ...


class _PipeEnd:
    def __init__(self, fd: int) -> None:
        os.set_blocking(fd, False)
        self._fd = fd

    def fileno(self) -> int:
        return self._fd

    def read(self, size: int) -> bytes:
        return os.read(self._fd, size)

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


class _SocketEnd:
    def __init__(self, sock: Any) -> None:
        sock.setblocking(False)
        self._socket = sock

    def fileno(self) -> int:
        return int(self._socket.fileno())

    def read(self, size: int) -> bytes:
        return bytes(self._socket.recv(size))

    def close(self) -> None:
        self._socket.close()


def _wake_up_pair() -> tuple[_End, _End]:
    """A non-blocking (reader, writer) pair for ``signal.set_wakeup_fd``: a pipe; on Windows a socket pair."""
    if sys.platform == "win32":
        import socket

        reader, writer = socket.socketpair()
        return _SocketEnd(reader), _SocketEnd(writer)
    reader_fd, writer_fd = os.pipe()
    return _PipeEnd(reader_fd), _PipeEnd(writer_fd)
