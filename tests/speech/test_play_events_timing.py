"""``play --events`` times each event from the session's real start: its step times agree with the plan.

t0 is taken when the runner starts, after the outputs are probed and the first line is written, so the set-up
before the start is never added to every event (issue 16). These tests compare the events with the plan the
events file itself gives (``planned_ms``); they set no budget on how long anything takes.
"""

from __future__ import annotations

import io
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from mindful_listening.core.loading import parse_script
from mindful_listening.headless.play import PlaySession
from mindful_listening.speech.service import CaptionOnlySpeaker

# Twelve steps of 6 s with a cue at each start and one 2 s before each end: at 100× a step lasts 60 ms.
STEPS = 12
SCRIPT = "\n".join(
    [
        'id = "events-timing"',
        'title = "Events timing"',
        'mode = "group-pairs"',
        'purpose = "To test."',
        *[
            line
            for n in range(STEPS)
            for line in (
                "[[steps]]",
                'kind = "settle"',
                f'title = "Part {n + 1}"',
                'duration = "6s"',
                "[[steps.cues]]",
                'at = "start"',
                f'text = "Part {n + 1}."',
                "[[steps.cues]]",
                'at = "-2s"',
                'text = "Two seconds."',
            )
        ],
    ]
).encode()
AGREE_MS = 3.0  # median |t_ms - planned_ms|: the timer wakes in the millisecond after its due one (P1)


def deviations(events: list[dict[str, Any]], kind: str) -> list[float]:
    return [event["t_ms"] - event["planned_ms"] for event in events if event["event"] == kind]


def test_play_events_step_times_agree_with_the_plan_in_a_real_subprocess(tmp_path: Path) -> None:
    script = tmp_path / "timing.toml"
    script.write_bytes(SCRIPT)
    events_path = tmp_path / "events.jsonl"
    done = subprocess.run(
        [
            *(sys.executable, "-m", "mindful_listening", "play", str(script)),
            *("--scale", "100", "--no-speech", "--no-record", "--events", str(events_path)),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    events = [json.loads(line) for line in events_path.read_text().splitlines()]
    assert events[0]["event"] == "session_started"
    assert events[0]["t_ms"] == 0.0
    steps = deviations(events, "step_started")
    cues = deviations(events, "cue")
    assert len(steps) == STEPS
    assert len(cues) == 2 * STEPS
    assert abs(statistics.median(steps)) <= AGREE_MS, steps
    assert abs(statistics.median(cues)) <= AGREE_MS, cues
    # The first step starts with the session: its time is the set-up the events would otherwise carry.
    assert abs(steps[0]) <= AGREE_MS, steps


class _SlowFirstLine(io.StringIO):
    """An events file whose first line takes a while to write, like a slow disk or a device probe would."""

    def __init__(self, first_line_ms: int) -> None:
        super().__init__()
        self.first_line_ms = first_line_ms

    def write(self, text: str, /) -> int:
        if self.tell() == 0:
            until = time.monotonic_ns() + self.first_line_ms * 1_000_000
            while time.monotonic_ns() < until:  # busy, as real set-up work is: no event loop runs meanwhile
                pass
        return super().write(text)


def test_set_up_before_the_start_is_not_added_to_every_event(qtbot: QtBot) -> None:
    speaker = CaptionOnlySpeaker()
    events = _SlowFirstLine(first_line_ms=40)
    session = PlaySession(
        parse_script(SCRIPT), speaker, scale=100, out=io.StringIO(), err=io.StringIO(), events=events
    )
    with qtbot.wait_signal(session.done, timeout=20_000):
        session.start()
    speaker.deleteLater()
    lines = [json.loads(line) for line in events.getvalue().splitlines()]
    steps = deviations(lines, "step_started")
    assert len(steps) == STEPS
    # Taken before that 40 ms, t0 would put every event about 40 ms after its plan.
    assert abs(statistics.median(steps)) <= AGREE_MS, steps
    assert abs(steps[0]) <= AGREE_MS, steps
