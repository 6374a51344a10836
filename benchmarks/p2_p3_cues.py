"""P2 (worst GUI event-loop stall) and P3 (cue audio start after its planned instant) over 100 cues in a row.

Run:
    python benchmarks/p2_p3_cues.py              # 100 cues, about 3 minutes in real time
    python benchmarks/p2_p3_cues.py --cues 20    # a quicker look

In one GUI process (QApplication, offscreen) a window shows the countdown (updated from the controller's
tick). First the probe runs for 20 s with nothing else going on: the floor this machine gives. Then a
generated script (steps of 4 s, one or two cues each) runs in real time through the real SessionController and
SpeechService. Every cue text is new, so preparing renders all 100 in the worker first (cold cache). A 5 ms
PreciseTimer probe records the gap between its wake-ups; a stall is the gap beyond 5 ms. P3 is, per cue, the
moment its first sound started (bell or voice; the player reaching PlayingState) minus the moment it was
planned to happen (session start + planned offset, on the monotonic clock).
Targets: P2 ≤ 16 ms, P3 p99 ≤ 50 ms. Prints figures and ratios; not a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtCore import QLoggingCategory, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel

QLoggingCategory.setFilterRules("qt.multimedia.*=false")

from mindful_listening.controller import SessionController  # noqa: E402
from mindful_listening.core.loading import parse_script  # noqa: E402
from mindful_listening.core.runner import CueDue, Snapshot  # noqa: E402
from mindful_listening.core.timeline import compile_script  # noqa: E402
from mindful_listening.preferences import Preferences  # noqa: E402
from mindful_listening.speech.service import SpeechService  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


WORDS = ("calmly", "gently", "softly", "kindly", "slowly", "warmly", "quietly", "simply", "freely", "openly")


def script_text(cues: int) -> str:
    """Steps of 4 s: most have two short cues 2 s apart; every fifth opens with a bell and has one cue.

    Spaced so that no cue has to wait for the one before it to finish (a waiting cue is late by design).
    """
    lines = ['id = "stall-probe"', 'title = "Stall probe"', 'mode = "group-pairs"', 'purpose = "Measuring."']
    made = 0
    n = 0
    while made < cues:
        n += 1
        lines += ["[[steps]]", 'kind = "settle"', f'title = "Part {n}"', 'duration = "4s"']
        lines += ["[[steps.cues]]", 'at = "start"', f'text = "Part {n}."']
        made += 1
        if n % 5 == 0:
            lines.append('bell = "single"')
        elif made < cues:
            lines += ["[[steps.cues]]", 'at = "-2s"', f'text = "{WORDS[n % 10].capitalize()}, {n}."']
            made += 1
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cues", type=int, default=100)
    parser.add_argument("--idle-s", type=int, default=20, help="seconds of baseline probing first")
    args = parser.parse_args()
    app = QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_CACHE_HOME"] = tmp  # a cold cache: every cue is rendered during preparation
        timeline = compile_script(parse_script(script_text(args.cues).encode()))
        window = QLabel("--:--")
        window.resize(640, 360)
        window.show()
        speaker = SpeechService(Preferences())
        controller = SessionController(timeline, speaker)

        gaps: dict[str, list[float]] = {"idle (no speech, baseline)": [], "prepare": [], "session": []}
        phase = ["idle (no speech, baseline)"]
        last = [time.monotonic_ns()]
        probe = QTimer()
        probe.setTimerType(Qt.TimerType.PreciseTimer)
        probe.setInterval(5)

        def on_probe() -> None:
            now = time.monotonic_ns()
            gaps[phase[0]].append((now - last[0]) / 1e6)
            last[0] = now

        probe.timeout.connect(on_probe)

        start_ns = [0]
        planned: dict[int, float] = {}
        starts: dict[int, float] = {}
        pending: list[float] = []

        def on_cue(due: CueDue) -> None:
            pending.append(start_ns[0] / 1e6 + due.planned_ms)

        def on_tick(snap: Snapshot) -> None:
            seconds = max(0, snap.remaining_ms) // 1000
            window.setText(f"{seconds // 60}:{seconds % 60:02d}")

        controller.cueFired.connect(on_cue)
        controller.tick.connect(on_tick)
        original_say = speaker.say

        def say(text: str, bell: str = "none") -> None:
            original_say(text, bell)  # type: ignore[arg-type]
            planned[speaker.last_ticket] = pending.pop(0)

        speaker.say = say  # type: ignore[method-assign]
        speaker.cueStarted.connect(lambda ticket, at: starts.__setitem__(ticket, at))
        silent: list[str] = []
        speaker.cueSilent.connect(lambda ticket, why: silent.append(why))

        prepare_ms = [0.0]

        def begin() -> None:
            prepare_ms[0] = (time.monotonic_ns() - prep_start) / 1e6
            phase[0] = "session"
            start_ns[0] = time.monotonic_ns()
            controller.start()

        controller.finished.connect(lambda log: QTimer.singleShot(3_000, app.quit))
        speaker.ready.connect(begin)
        prep_start = 0

        def prepare() -> None:
            nonlocal prep_start
            phase[0] = "prepare"
            prep_start = time.monotonic_ns()
            controller.prepare_speech()

        probe.start()
        QTimer.singleShot(args.idle_s * 1000, prepare)  # first, the same probe with nothing else going on
        app.exec()
        probe.stop()
        controller.shutdown()

    print(f"{args.cues} cues, {len(timeline.steps)} steps, {timeline.total_ms / 1000:.0f} s in real time")
    print(f"prepare (render {args.cues} new cues in the worker, cold cache): {prepare_ms[0]:.0f} ms")
    for name, values in gaps.items():
        if not values:
            continue
        stalls = [max(0.0, g - 5) for g in values]
        print(
            f"P2 {name}: {len(values)} probe wake-ups, gap median {statistics.median(values):.2f} ms, "
            f"p99 {percentile(values, 0.99):.2f} ms, worst gap {max(values):.2f} ms "
            f"= stall {max(stalls):.2f} ms (target ≤ 16, ratio {max(stalls) / 16:.2f})"
        )
    delays = [starts[t] - planned[t] for t in planned if t in starts]
    if delays:
        print(
            f"P3: {len(delays)} of {len(planned)} cues sounded; start after planned: "
            f"median {statistics.median(delays):.1f} ms, p99 {percentile(delays, 0.99):.1f} ms "
            f"(target ≤ 50, ratio {percentile(delays, 0.99) / 50:.2f}), max {max(delays):.1f} ms"
        )
    if silent:
        print(f"not sounded: {len(silent)} ({', '.join(sorted(set(silent)))})")
    print(f"problems told: {speaker.problems or 'none'}")


if __name__ == "__main__":
    main()
