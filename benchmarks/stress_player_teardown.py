"""Stress: delete a speech service's owner from Python straight after each cue ends, many times over.

This is the pattern that crashed CI (an FFmpeg thread calling into a Python-made player while the GUI thread
deleted it; decision 0003). It prints how many cycles the process survived; a crash ends the process with
signal 11 before the last line, so run it a few times and count.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/stress_player_teardown.py --cycles 150
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/stress_player_teardown.py --players python

``--players python`` makes the players the old way (from Python), to compare. Uses the real espeak-ng (the
one cue is rendered once, then served from the cache).
"""

from __future__ import annotations

import argparse
import time

from PySide6.QtCore import QEventLoop, QObject, QTimer
from PySide6.QtWidgets import QApplication

from mindful_listening.preferences import Preferences
from mindful_listening.speech import service as speech

CUE = "Short."


def one_cycle(prefs: Preferences, made_ms: list[float]) -> bool:
    """Prepare and say one cue, then delete its owner at once. True if the cue was heard (not silent)."""
    owner = QObject()
    start = time.perf_counter()
    service = speech.SpeechService(prefs, owner)
    made_ms.append((time.perf_counter() - start) * 1000)
    loop = QEventLoop()
    heard: list[bool] = []

    def ended(voiced: bool) -> None:
        heard.append(voiced)
        loop.quit()

    service.ready.connect(loop.quit)
    service.prepare([(CUE, "none")])
    loop.exec()
    service.cueFinished.connect(lambda _ticket: ended(True))
    service.cueSilent.connect(lambda _ticket, _why: ended(False))
    service.say(CUE, "none")
    loop.exec()
    service.shutdown()
    return heard == [True]  # owner (and the service and its players) go here, deleted from Python


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=150)
    parser.add_argument("--players", choices=["qt", "python"], default="qt")
    args = parser.parse_args()
    app = QApplication([])
    if args.players == "python":
        speech._PLAYER_QML = b"import NoSuchModule\nItem {}\n"  # makes _media_pair fall back
    prefs = Preferences(bells="none")
    start = time.monotonic()
    heard = 0
    made_ms: list[float] = []
    for cycle in range(args.cycles):
        heard += one_cycle(prefs, made_ms)
        if cycle % 2:  # every other time, give the event loop one turn before the next service
            loop = QEventLoop()
            QTimer.singleShot(1, loop.quit)
            loop.exec()
    seconds = time.monotonic() - start
    print(f"players made by {args.players}: survived {args.cycles} cycles in {seconds:.1f} s, {heard} voiced")
    later = sorted(made_ms[1:]) or [0.0]
    print(f"making a service: first {made_ms[0]:.1f} ms, then median {later[len(later) // 2]:.2f} ms")
    app.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
