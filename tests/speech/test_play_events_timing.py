"""``play --events`` times each event from the session's real start: its step times agree with the plan.

t0 is taken when the runner starts, after the outputs are probed and the first line is written, so the set-up
before the start is never added to every event (issue 16). The session runs on a manual clock here, so that
time passes only when the test says so: the set-up takes 40 ms of it, and the events must not carry them. How
closely real timers keep to the plan is measured by ``benchmarks/play_events.py``, not asserted in a test.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from mindful_listening.core.clock import ManualClock
from mindful_listening.core.loading import parse_script
from mindful_listening.headless.play import PlaySession
from mindful_listening.speech.service import CaptionOnlySpeaker
from mindful_listening.timers import HandTimers

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


def deviations(events: list[dict[str, Any]], kind: str) -> list[float]:
    return [event["t_ms"] - event["planned_ms"] for event in events if event["event"] == kind]


def test_play_events_in_a_real_subprocess_give_every_step_and_cue_in_the_plan_s_order(tmp_path: Path) -> None:
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
    steps = [e for e in events if e["event"] == "step_started"]
    cues = [e for e in events if e["event"] == "cue"]
    # At 100x a 6 s step lasts 60 ms: step n is planned at 60 n ms, its cues at its start and 40 ms in.
    assert [e["planned_ms"] for e in steps] == [60.0 * n for n in range(STEPS)]
    assert [e["planned_ms"] for e in cues] == [60.0 * n + d for n in range(STEPS) for d in (0.0, 40.0)]
    times = [e["t_ms"] for e in events]
    assert times == sorted(times)
    assert all(e["t_ms"] >= e["planned_ms"] - 1.0 for e in steps + cues)  # a timer never fires early


class _SlowFirstLine(io.StringIO):
    """An events file whose first line takes a while to write, as a slow disk or a device probe would: the
    manual clock moves on meanwhile."""

    def __init__(self, clock: ManualClock, first_line_ms: int) -> None:
        super().__init__()
        self.clock = clock
        self.first_line_ms = first_line_ms

    def write(self, text: str, /) -> int:
        if self.tell() == 0:
            self.clock.advance(self.first_line_ms)
        return super().write(text)


def test_set_up_before_the_start_is_not_added_to_every_event(qtbot: QtBot) -> None:
    clock = ManualClock()
    timers = HandTimers(clock)
    speaker = CaptionOnlySpeaker()
    events = _SlowFirstLine(clock, first_line_ms=40)
    session = PlaySession(
        parse_script(SCRIPT),
        speaker,
        scale=100,
        out=io.StringIO(),
        err=io.StringIO(),
        events=events,
        now_ns=lambda: clock.now_ms() * 1_000_000,
        timer_factory=timers,
    )
    finished: list[int] = []
    session.done.connect(finished.append)
    session.start()
    qtbot.wait_until(lambda: session.controller is not None)  # the speaker is ready: the session began
    for _ in range(STEPS * 60 + 200):
        if finished:
            break
        timers.advance(1)
        QCoreApplication.processEvents()  # the caption-only speaker tells its outcomes from the event loop
    speaker.deleteLater()
    assert finished == [0]
    lines = [json.loads(line) for line in events.getvalue().splitlines()]
    steps = deviations(lines, "step_started")
    cues = deviations(lines, "cue")
    assert len(steps) == STEPS
    assert len(cues) == 2 * STEPS
    # Taken before that 40 ms, t0 would put every event 40 ms after its plan; on a manual clock they agree.
    assert steps == [0.0] * STEPS
    assert cues == [0.0] * (2 * STEPS)
