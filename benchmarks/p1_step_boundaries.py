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
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

PHRASES = (
    "Let's begin, gently, whenever you feel ready.",
    "You might notice the sounds around you.",
    "Half-way through this part.",
    "Speaker, you're welcome to continue.",
    "Listener, simply stay with what you hear.",
    "Notice any urge to reply, and let it pass.",
    "Take a breath, if that feels right.",
    "A few moments left.",
)


def generated_script(
    total_minutes: int, step_seconds: int, ident: str, cues_per_step: int = 2, bell_every: int = 2
) -> str:
    """A pairs script of equal steps, each with a start cue and cues before its end, texts all different."""
    steps = max(1, total_minutes * 60 // step_seconds)
    lines = [
        "format = 1",
        f'id = "{ident}"',
        f'title = "Generated {total_minutes}-minute timing script"',
        'mode = "group-pairs"',
        'purpose = "A generated script for measuring timing."',
    ]
    for n in range(steps):
        turn = n % 3 == 1
        kind = "turn" if turn else ("pause" if n % 3 == 2 else "settle")
        lines += [
            "",
            "[[steps]]",
            f'kind = "{kind}"',
            f'title = "Part {n + 1}"',
            f'duration = "{step_seconds}s"',
        ]
        if turn:
            lines.append('roles = { speaker = "A", listener = "B" }')
        if bell_every and n % bell_every == 0:
            lines.append('bell = "single"')
        offsets = ["start"] + [f"-{max(1, step_seconds // (k + 2))}s" for k in range(cues_per_step - 1)]
        for k, at in enumerate(offsets):
            text = f"{PHRASES[(n + k) % len(PHRASES)]} Part {n + 1}."
            lines += ["[[steps.cues]]", f'at = "{at}"', f'text = "{text}"']
    return "\n".join(lines) + "\n"


def write_script(text: str, folder: Path, name: str) -> Path:
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def longest_builtin() -> tuple[str, int]:
    out = subprocess.run(
        [sys.executable, "-m", "mindful_listening", "scripts", "--json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = json.loads(out)
    best = max(rows, key=lambda row: row["total_ms"])
    return str(best["id"]), int(best["total_ms"])


def run_play(script: str, scale: float, extra: Sequence[str] = ()) -> tuple[int, list[dict[str, Any]], str]:
    """Run the real CLI in a child process; returns (exit code, events, stderr)."""
    with tempfile.TemporaryDirectory() as tmp:
        events = Path(tmp) / "events.jsonl"
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "mindful_listening",
                "play",
                script,
                "--scale",
                str(scale),
                "--events",
                str(events),
                "--no-record",  # a measurement, not a session: keep it out of the history
                *extra,
            ],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        lines = [json.loads(line) for line in events.read_text(encoding="utf-8").splitlines() if line]
    return proc.returncode, lines, proc.stderr


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return math.nan
    k = (len(ordered) - 1) * q
    low, high = math.floor(k), math.ceil(k)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def summarise(name: str, errors: Sequence[float], target_median: float, target_max: float) -> None:
    if not errors:
        print(f"{name}: no samples")
        return
    magnitudes = [abs(e) for e in errors]
    med = statistics.median(magnitudes)
    worst = max(magnitudes)
    print(
        f"{name}: n={len(errors)}  |error| median {med:.2f} ms (target ≤ {target_median:g}, "
        f"ratio {med / target_median:.2f})  p95 {percentile(magnitudes, 0.95):.2f} ms  "
        f"max {worst:.2f} ms (target ≤ {target_max:g}, ratio {worst / target_max:.2f})  "
        f"signed mean {statistics.fmean(errors):+.2f} ms"
    )


def timing_errors(events: Sequence[dict[str, Any]]) -> tuple[list[float], list[float], list[float]]:
    """(step start errors, cue errors, audio start delays) in real ms, actual minus planned."""
    steps = [e["t_ms"] - e["planned_ms"] for e in events if e["event"] == "step_started"]
    cues = [e["t_ms"] - e["planned_ms"] for e in events if e["event"] == "cue"]
    audio = [e["audio_start_ms"] - e["planned_ms"] for e in events if e.get("audio") == "spoken"]
    return steps, cues, audio


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
