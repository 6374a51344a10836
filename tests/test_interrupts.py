"""Ctrl+C's bridge to the event loop (``interrupts.InterruptBridge``): a signal wakes the waiting loop through
Python's wake-up fd (a pipe, on Windows a socket pair) and is handed over on the GUI thread, in order."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading

import pytest
from pytestqt.qtbot import QtBot

from mindful_listening.interrupts import InterruptBridge

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGUSR1 and SIGUSR2 are POSIX signals")


def test_signals_reach_the_waiting_event_loop_on_the_gui_thread_in_order(qtbot: QtBot) -> None:
    handed: list[tuple[int, bool]] = []
    before = signal.getsignal(signal.SIGUSR1)
    bridge = InterruptBridge(
        lambda signum: handed.append((signum, threading.current_thread() is threading.main_thread())),
        (signal.SIGUSR1, signal.SIGUSR2),
    )
    try:
        # Sent from outside the process while the loop waits: only the wake-up fd can wake it.
        subprocess.run(["kill", "-USR1", str(os.getpid())], check=True)
        qtbot.waitUntil(lambda: len(handed) == 1, timeout=5000)
        signal.raise_signal(signal.SIGUSR2)
        signal.raise_signal(signal.SIGUSR1)
        qtbot.waitUntil(lambda: len(handed) == 3, timeout=5000)
    finally:
        bridge.close()
    assert handed == [(signal.SIGUSR1, True), (signal.SIGUSR2, True), (signal.SIGUSR1, True)]
    assert signal.getsignal(signal.SIGUSR1) == before, "close gives the signal back"


def test_close_gives_back_the_wake_up_fd_and_closes_its_pipe() -> None:
    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)
    earlier = signal.set_wakeup_fd(write_end)
    try:
        bridge = InterruptBridge(lambda _signum: None, (signal.SIGUSR1,))
        ours = signal.set_wakeup_fd(-1)
        signal.set_wakeup_fd(ours)  # put back: only read which fd the bridge set
        assert ours not in (-1, write_end)
        bridge.close()
        assert signal.set_wakeup_fd(write_end) == write_end, "the previous wake-up fd is back"
        with pytest.raises(OSError, match="Bad file descriptor"):
            os.fstat(ours)  # the bridge's pipe is closed, not leaked
    finally:
        signal.set_wakeup_fd(earlier)
        os.close(read_end)
        os.close(write_end)


def test_a_signal_before_the_loop_runs_is_handed_over_once_it_does(qtbot: QtBot) -> None:
    handed: list[int] = []
    bridge = InterruptBridge(handed.append, (signal.SIGUSR1,))
    try:
        signal.raise_signal(signal.SIGUSR1)
        assert handed == []  # not inside the handler: on the loop's turn
        qtbot.waitUntil(lambda: handed == [signal.SIGUSR1], timeout=5000)
    finally:
        bridge.close()
