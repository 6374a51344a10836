"""Memory over a whole session: peak RSS of the app's own process through a 60-minute script with speech.

Run (from the repository root):
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/session_memory.py      # 60 min at 60×: ~1.5 min
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/session_memory.py --rounds 3

Two processes a round, bare first then the app (each a fresh interpreter, a temporary home of the run's own):

- *bare*: ``import PySide6.QtWidgets``, a ``QApplication``, an empty 1024×640 ``QMainWindow`` shown, kept
  for as long as the app's session ran in the round before (the first round: 5 s); its peak RSS.
- *session*: the facilitator's window as ``ui.main`` builds it (``app_wide_theme``, the real speech service
  with its render worker and sound player, the real records keeper), on a ``ScaledClock`` (``--scale``, as
  ``play --scale`` rehearses). The script is ``whole-lesson-pairs`` with every step's duration stretched so
  the whole is 60 minutes (``--minutes``); it is chosen, the cues are prepared (the speech service's
  ``ready``), the practice started (Space) and run to its end, then the debrief shown. The window's process
  reports its RSS every second (``VmRSS``), its peak (``ru_maxrss``) at first paint, before the start and at
  the end; the helpers' peak is read once they have ended (``RUSAGE_CHILDREN``: the largest one).

Target (issue 16): peak RSS over the session ≤ 2× bare's. Prints figures and ratios; not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TARGET_RATIO = 2.0
HERE = Path(__file__).resolve()


def _rss_now_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_bare(hold_s: float) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([sys.argv[0]])
    window = QMainWindow()
    window.setWindowTitle("Bare")
    window.resize(1024, 640)
    window.show()
    QTimer.singleShot(round(hold_s * 1000), app.quit)
    app.exec()
    print(json.dumps({"peak_mib": _peak_mib(), "rss_end_mib": _rss_now_mib()}), flush=True)
    return 0


def stretched_script(minutes: float) -> Any:
    """``whole-lesson-pairs`` with its steps stretched to ``minutes`` in all (landings as they are)."""
    from mindful_listening.core.library import find_script
    from mindful_listening.core.timeline import compile_script

    script = find_script("whole-lesson-pairs")
    landings = sum(step.landing for step in script.steps)
    durations = sum(step.duration for step in script.steps)
    factor = (minutes * 60_000 - landings) / durations
    steps = [
        step.model_copy(update={"duration": max(1000, round(step.duration * factor / 1000) * 1000)})
        for step in script.steps
    ]
    longer = script.model_copy(update={"steps": steps})
    return longer, compile_script(longer).total_ms


def child_session(scale: float, minutes: float) -> int:
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from mindful_listening import preferences as prefs_io
    from mindful_listening.core.clock import ScaledClock
    from mindful_listening.core.flow import Stage
    from mindful_listening.speech.qtspeaker import QtSpeaker
    from mindful_listening.ui import main as ui_main
    from mindful_listening.ui.window import MainWindow

    app = QApplication([sys.argv[0]])
    settings = QSettings(str(Path(os.environ["HOME"]) / "settings.ini"), QSettings.Format.IniFormat)
    prefs = prefs_io.load(settings)
    speaker = ui_main.make_speaker(prefs, app)
    assert isinstance(speaker, QtSpeaker), "the speech service could not start"
    sink = ui_main.make_sink(app)
    window = MainWindow(
        prefs, speaker, sink, settings=settings, clock=ScaledClock(scale), app_wide_theme=True
    )
    window.show_initial_views()
    samples: list[tuple[float, float]] = []
    started = time.monotonic()
    sampler = QTimer()
    sampler.setInterval(1000)
    sampler.timeout.connect(lambda: samples.append((time.monotonic() - started, _rss_now_mib())))
    sampler.start()
    first_paint = QEventLoop()
    QTimer.singleShot(0, first_paint.quit)
    first_paint.exec()
    at_first_screen = _peak_mib()

    script, total_ms = stretched_script(minutes)
    ready = QEventLoop()
    speaker.ready.connect(ready.quit)
    QTimer.singleShot(120_000, ready.quit)
    window.use_script(script)
    window.set_stage(Stage.PRACTICE)
    ready.exec()
    before_start = _peak_mib()

    done = QEventLoop()
    window.session.finished.connect(lambda _log: done.quit())
    QTimer.singleShot(round(total_ms / scale) + 60_000, done.quit)
    ran_from = time.monotonic()
    window.toggle()  # Space: the practice starts
    done.exec()
    ran_s = time.monotonic() - ran_from
    settle = QEventLoop()
    QTimer.singleShot(1000, settle.quit)  # the debrief shown, the last record written
    settle.exec()
    at_end = _peak_mib()
    rss_end = _rss_now_mib()
    sampler.stop()
    finished = getattr(window.session.state, "value", "none")
    window.close()
    speaker.shutdown()
    close = getattr(sink, "close", None)
    if callable(close):
        close()
    app.processEvents()
    helpers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "script_ms": total_ms,
                "ran_s": ran_s,
                "state": finished,
                "peak_first_screen_mib": at_first_screen,
                "peak_before_start_mib": before_start,
                "peak_mib": at_end,
                "rss_end_mib": rss_end,
                "rss_samples": samples,
                "helpers_peak_mib": helpers,
                "sound_outputs": list(getattr(getattr(speaker, "output", None), "outputs", []) or []),
            }
        ),
        flush=True,
    )
    return 0


def launch(args: list[str], env: dict[str, str], timeout_s: float) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, str(HERE), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout_s,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"{args[:2]} reported nothing:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=60.0)
    parser.add_argument("--minutes", type=float, default=60.0, help="the script's length in script time")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--child", choices=("bare", "session"), help=argparse.SUPPRESS)
    parser.add_argument("--hold-s", type=float, default=5.0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "bare":
        return child_bare(args.hold_s)
    if args.child == "session":
        return child_session(args.scale, args.minutes)

    home = Path(tempfile.mkdtemp(prefix="ml-memory-"))
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "MINDFUL_LISTENING_DATA_DIR": str(home / "records"),
    }
    limit = args.minutes * 60 / args.scale + 240
    bare: list[dict[str, Any]] = []
    sessions: list[dict[str, Any]] = []
    hold = 5.0
    for _ in range(args.rounds):
        bare.append(launch(["--child", "bare", "--hold-s", f"{hold:.1f}"], env, limit))
        found = launch(
            ["--child", "session", "--scale", str(args.scale), "--minutes", str(args.minutes)], env, limit
        )
        sessions.append(found)
        hold = found["ran_s"]
    bare_peak = statistics.median(b["peak_mib"] for b in bare)
    print(
        f"a {sessions[0]['script_ms'] / 60_000:.1f}-minute script (whole-lesson-pairs stretched) at "
        f"{args.scale:g}×, speech on, {args.rounds} round(s); ({os.environ.get('QT_QPA_PLATFORM')})"
    )
    print(f"bare window      peak RSS {bare_peak:6.1f} MiB (held as long as the session ran)")
    for i, s in enumerate(sessions, 1):
        rss = [mib for _, mib in s["rss_samples"]]
        ratio = s["peak_mib"] / bare_peak
        print(
            f"session {i}: ran {s['ran_s']:.1f} s, ended {s['state']!r}; peak RSS at first screen "
            f"{s['peak_first_screen_mib']:.1f}, cues ready {s['peak_before_start_mib']:.1f}, "
            f"over the session "
            f"{s['peak_mib']:.1f} MiB ({ratio:.2f}× bare; target ≤ {TARGET_RATIO}, ratio "
            f"{ratio / TARGET_RATIO:.2f}); RSS now and then: first {rss[0] if rss else 0:.1f}, "
            f"max {max(rss, default=0):.1f}, end {s['rss_end_mib']:.1f} MiB; helper processes' peak "
            f"(the largest) {s['helpers_peak_mib']:.1f} MiB; sound outputs: {s['sound_outputs'] or 'none'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
