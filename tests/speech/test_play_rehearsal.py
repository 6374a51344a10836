"""``play`` says what really happened: a run at speed is recorded as a rehearsal at that speed, with the
length the real clock saw, and with no speech it never claims spoken cues are ready."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from mindful_listening.core.library import find_script
from mindful_listening.core.loading import parse_script
from mindful_listening.core.record import MemorySink, SessionRecord
from mindful_listening.headless.play import PlaySession, timed_timeline
from mindful_listening.speech.service import CaptionOnlySpeaker

ONE_SECOND = b"""
id = "one-second"
title = "One second"
mode = "one-to-one"
purpose = "To test."
[[steps]]
kind = "settle"
title = "Arriving"
duration = "1s"
[[steps.cues]]
at = "start"
text = "Welcome."
"""


def run_cli(args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mindful_listening", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
        timeout=60,
        check=False,
    )


def only_session() -> tuple[str, dict[str, Any]]:
    listed = run_cli(["sessions", "list", "--json"])
    assert listed.returncode == 0, listed.stderr
    (row,) = json.loads(listed.stdout)
    shown = run_cli(["sessions", "show", row["id"], "--json"])
    assert shown.returncode == 0, shown.stderr
    return row["id"], json.loads(shown.stdout)


def play_in_process(qtbot: QtBot, speaker: CaptionOnlySpeaker, scale: float) -> tuple[SessionRecord, str]:
    sink = MemorySink()
    err = io.StringIO()
    session = PlaySession(
        parse_script(ONE_SECOND), speaker, scale=scale, out=io.StringIO(), err=err, record_sink=sink
    )
    with qtbot.wait_signal(session.done, timeout=10_000):
        session.start()
    speaker.deleteLater()
    (record,) = sink.records.values()
    return record, err.getvalue()


def test_a_play_at_speed_is_recorded_and_exported_as_a_rehearsal_with_its_real_length() -> None:
    plan = timed_timeline(find_script("mindful-pause"))
    assert plan.total_ms == 180_000
    result = run_cli(["play", "mindful-pause", "--scale", "30", "--no-speech"])
    assert result.returncode == 0, result.stderr
    assert "a rehearsal at 30× speed" in result.stdout.splitlines()[0]

    session_id, record = only_session()
    assert record["source"] == "play"
    assert record["speed"] == 30
    assert sum(s["actual_ms"] for s in record["steps"]) == 180_000, "step times stay the script's"

    shown = run_cli(["sessions", "show", session_id])
    assert shown.returncode == 0, shown.stderr
    text = shown.stdout
    # 3 minutes of script at 30 times real speed took 6 s: the length says so, and says it was a rehearsal.
    assert (
        "**Length:** 6 s on the clock: a rehearsal at 30× speed, so 3 min of script time (planned 3 min)"
        in (text)
    )
    assert "**Length:** 3 min" not in text
    assert "**Recorded with:** audio-only play, a rehearsal at 30× speed" in text
    assert "## Timing: planned and actual, in script time (the rehearsal ran 30× faster)" in text


def test_a_play_in_real_time_is_no_rehearsal(qtbot: QtBot) -> None:
    record, _ = play_in_process(qtbot, CaptionOnlySpeaker(), scale=1)
    assert record.speed == 1
    assert not record.is_rehearsal
    assert record.real_ms(record.ran_ms()) == record.ran_ms() == 1_000


def test_an_interrupted_rehearsal_is_a_rehearsal_too(qtbot: QtBot) -> None:
    sink = MemorySink()
    speaker = CaptionOnlySpeaker()
    session = PlaySession(
        find_script("mindful-pause"),
        speaker,
        scale=12.5,
        out=io.StringIO(),
        err=io.StringIO(),
        record_sink=sink,
    )
    with qtbot.wait_signal(session.done, timeout=10_000) as blocker:
        session.start()
        qtbot.wait_until(lambda: session.controller is not None, timeout=5_000)
        session.interrupt()
    speaker.deleteLater()
    assert blocker.args == [130]
    (record,) = sink.records.values()
    assert record.speed == 12.5
    assert record.is_rehearsal
    assert record.steps[-1].outcome == "finished-early"


@pytest.mark.parametrize("scale", ["0", "-3", "nan", "inf", "fast"])
def test_a_scale_that_is_no_speed_is_refused_clearly(scale: str) -> None:
    result = run_cli(["play", "mindful-pause", "--scale", scale, "--no-speech", "--no-record"])
    assert result.returncode == 2
    assert "--scale" in result.stderr
    assert "Traceback" not in result.stderr
