"""The 45-minute whole lesson played audio-only at 60 times real speed: it runs to its end, on schedule.

45 minutes at 60× is 45 s of real time, so this is the suite's longest single test; captions only (no voice
to render), no record kept.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mindful_listening.core.library import find_script
from mindful_listening.headless.play import timed_timeline

SCALE = 60
# As tests/speech/test_play.py: a loaded two-core machine may deschedule the child a while; the benchmark
# measures the real figures. This catches a schedule that is wrong, not one that is slow.
TOLERANCE_MS = 150


# 45 s of playing and a few of starting: more than the suite's usual bound for one test leaves room for a busy
# machine (the subprocess has its own timeout below it).
@pytest.mark.timeout(120)
def test_play_at_60x_runs_the_whole_lesson_to_its_end_on_schedule(tmp_path: Path) -> None:
    events_path = tmp_path / "events.jsonl"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mindful_listening",
            "play",
            "whole-lesson-pairs",
            "--scale",
            str(SCALE),
            "--no-speech",
            "--no-record",
            "--events",
            str(events_path),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=100,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    title = "A whole lesson: listening in pairs, 45 minutes"
    assert result.stdout.startswith(f"{title} (45 min), a rehearsal at 60× speed")
    events = [json.loads(line) for line in events_path.read_text(encoding="utf-8").splitlines()]
    plan = timed_timeline(find_script("whole-lesson-pairs"))
    assert plan.total_ms == 2_700_000
    steps = [e for e in events if e["event"] == "step_started"]
    assert [e["kind"] for e in steps] == [s.kind.value for s in plan.steps]
    for event, step in zip(steps, plan.steps, strict=True):
        assert event["planned_ms"] == pytest.approx(step.start_ms / SCALE, abs=0.01)
        assert abs(event["t_ms"] - event["planned_ms"]) <= TOLERANCE_MS, event
    cues = [e for e in events if e["event"] == "cue"]
    assert len(cues) == sum(len(step.cues) for step in plan.steps)
    assert all(abs(c["t_ms"] - c["planned_ms"]) <= TOLERANCE_MS for c in cues)
    assert events[-1]["event"] == "finished"
    assert events[-1]["outcome"] == "completed"
    assert events[-1]["t_ms"] == pytest.approx(2_700_000 / SCALE, abs=TOLERANCE_MS)
