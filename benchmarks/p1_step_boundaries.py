"""P1: step-boundary and cue error against the monotonic clock, through the real ``play`` command.

Run:
    python benchmarks/p1_step_boundaries.py              # longest built-in and a generated 60-min script, 60×
    python benchmarks/p1_step_boundaries.py --real       # also a generated 3-minute script in real time
    python benchmarks/p1_step_boundaries.py --real-only  # only the 3-minute real-time run (with P3 figures)

Each run is ``mindful-listening play SCRIPT --scale X --events PATH`` in a child process, speech on. For every
event the error is ``t_ms - planned_ms`` in real milliseconds (planned is already divided by the scale).
Targets: median |error| ≤ 5 ms, max ≤ 20 ms. Prints figures and ratios; not a test.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_speech_common import (
    generated_script,
    longest_builtin,
    percentile,
    run_play,
    summarise,
    timing_errors,
    write_script,
)


def measure(label: str, script: str, scale: float) -> None:
    code, events, stderr = run_play(script, scale)
    steps, cues, audio = timing_errors(events)
    finished = [e for e in events if e["event"] == "finished"]
    print(f"\n{label}: exit {code}, {len(events)} events, scale {scale:g}")
    if finished:
        end = finished[0]
        print(f"  session end: planned {end['planned_ms']:.1f} ms, actual {end['t_ms']:.1f} ms")
    summarise("  step starts", steps, 5, 20)
    summarise("  cues       ", cues, 5, 20)
    spoken = sum(1 for e in events if e.get("audio") == "spoken")
    total = sum(1 for e in events if e["event"] == "cue")
    print(f"  cues voiced: {spoken} of {total} (at speed, cues that overlap are not all voiced)")
    if audio and scale == 1:
        print(
            f"  P3 audio start after planned: median {percentile(audio, 0.5):.1f} ms, "
            f"p99 {percentile(audio, 0.99):.1f} ms (target ≤ 50, ratio {percentile(audio, 0.99) / 50:.2f}), "
            f"max {max(audio):.1f} ms"
        )
    problems = [line for line in stderr.splitlines() if line.strip()]
    if problems:
        print("  told on stderr: " + " | ".join(problems)[:300])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--real", action="store_true", help="add the 3-minute real-time run")
    parser.add_argument("--real-only", action="store_true")
    parser.add_argument("--scale", type=float, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if not args.real_only:
            ident, total = longest_builtin()
            measure(f"longest built-in '{ident}' ({total / 60000:.1f} min)", ident, args.scale)
            sixty = write_script(
                generated_script(60, 150, "generated-sixty", cues_per_step=3), folder, "sixty"
            )
            measure("generated 60-minute script (24 steps, 72 cues)", str(sixty), args.scale)
        if args.real or args.real_only:
            three = write_script(generated_script(3, 15, "generated-three", cues_per_step=2), folder, "three")
            measure("generated 3-minute script, real time (12 steps, 24 cues)", str(three), 1)


if __name__ == "__main__":
    main()
