"""Stress: run a test command many times in a row beside a CPU hog and a second Qt process; count crashes.

A crash is an exit by signal (139 / -11 segfault, 134 / -6 abort) or a run that hits its time limit. Any other
non-zero exit is counted as a failure (a test that failed), and its last lines are printed. Company:

- ``--hog N``: N busy Python processes spinning for the whole loop (the machine has 2 cores);
- ``--qt``: a second Qt process beside the loop that keeps making and playing media players offscreen.

    .venv/bin/python benchmarks/stress_crash_loop.py --runs 100 --hog 1 --qt -- \
        .venv/bin/pytest -q -p no:cacheprovider tests/speech
    .venv/bin/python benchmarks/stress_crash_loop.py --runs 10 --hog 1 --qt -- \
        .venv/bin/pytest -q -p no:cacheprovider

Prints one line per run and a summary: runs, passed, failed, crashed, and the time per run.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

COMPANION = r"""
import sys
from PySide6.QtCore import QTimer, QUrl
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel("beside")
label.show()
bell = sys.argv[1]
made = []
def churn():
    while len(made) > 4:
        player = made.pop(0)
        player.stop()
        player.deleteLater()
    output = QAudioOutput()
    player = QMediaPlayer()
    player.setAudioOutput(output)
    output.setParent(player)
    player.setSource(QUrl.fromLocalFile(bell))
    player.play()
    made.append(player)
    label.setText(str(len(made)))
timer = QTimer()
timer.timeout.connect(churn)
timer.start(150)
app.exec()
"""

HOG = "while True:\n    pass\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--hog", type=int, default=1, help="busy processes beside the loop")
    parser.add_argument("--qt", action="store_true", help="a second Qt process playing media beside it")
    parser.add_argument("--limit", type=float, default=900.0, help="seconds one run may take")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = [c for c in args.command if c != "--"]
    if not command:
        parser.error("give the command to repeat after --")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    company: list[subprocess.Popen[bytes]] = []
    for _ in range(args.hog):
        company.append(subprocess.Popen([sys.executable, "-c", HOG]))
    if args.qt:
        bell = Path(__file__).resolve().parents[1] / "resources" / "bell.wav"
        company.append(
            subprocess.Popen(
                [sys.executable, "-c", COMPANION, str(bell)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
    passed = failed = crashed = 0
    seconds: list[float] = []
    try:
        for run in range(1, args.runs + 1):
            start = time.monotonic()
            try:
                done = subprocess.run(command, env=env, capture_output=True, timeout=args.limit, check=False)
                code = done.returncode
                tail = (done.stdout + done.stderr).decode("utf-8", "replace").strip().splitlines()[-12:]
            except subprocess.TimeoutExpired:
                code, tail = -999, ["(hit the time limit)"]
            seconds.append(time.monotonic() - start)
            if code == 0:
                passed += 1
                verdict = "ok"
            elif code < 0 or code >= 128 or code == -999:
                crashed += 1
                name = signal.Signals(-code).name if -64 < code < 0 else str(code)
                verdict = f"CRASH ({name})"
            else:
                failed += 1
                verdict = f"failed (exit {code})"
            print(f"run {run:3d}: {verdict} in {seconds[-1]:.1f} s", flush=True)
            if verdict != "ok":
                print("    " + "\n    ".join(tail), flush=True)
    finally:
        for process in company:
            process.kill()
            process.wait()
    runs = len(seconds)
    ordered = sorted(seconds)
    print(
        f"{runs} runs: {passed} passed, {failed} failed, {crashed} crashed; "
        f"per run median {ordered[runs // 2]:.1f} s, max {ordered[-1]:.1f} s "
        f"(company: {args.hog} hog{'s' if args.hog != 1 else ''}{', a second Qt process' if args.qt else ''})"
    )
    return 1 if failed or crashed else 0


if __name__ == "__main__":
    raise SystemExit(main())
