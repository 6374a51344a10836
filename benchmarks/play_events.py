"""``play --events`` against its own plan: how far each event's t_ms is from its planned_ms.

Run (from the repository root):
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/play_events.py
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/play_events.py --script classic-pairs --scale 100

Runs the real command (``python -m mindful_listening play SCRIPT --scale S --no-record --events PATH``)
several times with ``--no-speech`` and, unless ``--no-voice-runs``, as many times with speech (the render
worker and the sound player start; with no sound server the cues are captions). Prints, per mode, the median
and max of ``t_ms - planned_ms`` for step starts and cues over all runs, and the first step's own deviation
(what any set-up between t0 and the start would add to every event). Target (issue 16): median within 5 ms
of the plan with ``--no-speech``. Prints figures and the ratio; not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

TARGET_MS = 5.0


def run_once(script: str, scale: float, speech: bool, folder: Path, n: int) -> list[dict[str, Any]]:
    events = folder / f"events-{'voice' if speech else 'quiet'}-{n}.jsonl"
    command = [sys.executable, "-m", "mindful_listening", "play", script, "--scale", f"{scale:g}"]
    command += ["--no-record", "--events", str(events)]
    if not speech:
        command.append("--no-speech")
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return [json.loads(line) for line in events.read_text().splitlines()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--script", default="speak-reflect-respond")
    parser.add_argument("--scale", type=float, default=60)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-voice-runs", action="store_true", help="only the --no-speech runs")
    args = parser.parse_args()
    modes = [False] if args.no_voice_runs else [False, True]
    print(f"play {args.script} --scale {args.scale:g}, {args.runs} runs per mode")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("XDG_CACHE_HOME", tmp)  # speech runs render into a cache of their own
        for speech in modes:
            steps: list[float] = []
            cues: list[float] = []
            firsts: list[float] = []
            for n in range(args.runs):
                events = run_once(args.script, args.scale, speech, Path(tmp), n)
                run_steps = [e["t_ms"] - e["planned_ms"] for e in events if e["event"] == "step_started"]
                steps += run_steps
                cues += [e["t_ms"] - e["planned_ms"] for e in events if e["event"] == "cue"]
                firsts.append(run_steps[0])
            name = "with speech" if speech else "--no-speech"
            for label, values in (("step starts", steps), ("cues", cues)):
                median = statistics.median(values)
                print(
                    f"{name}, {label}: {len(values)} events, t_ms - planned_ms median {median:+.2f} ms, "
                    f"max |dev| {max(abs(v) for v in values):.2f} ms"
                    + (
                        f" (target median ≤ {TARGET_MS:g}, ratio {abs(median) / TARGET_MS:.2f})"
                        if not speech
                        else ""
                    )
                )
            print(
                f"{name}, first step (set-up carried into every event): "
                + ", ".join(f"{v:+.2f}" for v in firsts)
                + " ms"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
