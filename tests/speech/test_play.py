"""Audio-only sessions: ``play`` end to end, its events file, Ctrl+C, and the record it keeps."""

from __future__ import annotations

import io
import json
import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import pytest
from pytestqt.qtbot import QtBot

from mindful_listening.core.library import find_script
from mindful_listening.core.loading import parse_script
from mindful_listening.core.record import MemorySink
from mindful_listening.core.timeline import compile_script
from mindful_listening.headless.play import PlaySession, timed_timeline
from mindful_listening.preferences import Preferences
from mindful_listening.speech.service import CaptionOnlySpeaker
from mindful_listening.storage.paths import DATABASE_NAME
from mindful_listening.storage.store import RecordStore

# On a loaded two-core machine a child process can be descheduled for a while; the benchmark measures the
# real figures (docs/performance.md). This only has to catch a schedule that is wrong, not slow.
TOLERANCE_MS = 150

ONE_TO_ONE = b"""
id = "open-one"
title = "One to one"
mode = "one-to-one"
purpose = "To test."
[[steps]]
kind = "settle"
title = "Arriving"
duration = "4s"
[[steps.cues]]
at = "start"
text = "Welcome."
[[steps]]
kind = "turn"
title = "Speaking"
duration = "6s"
open_ended = true
[[steps.cues]]
at = "-2s"
text = "There's time to finish your thought."
[[steps]]
kind = "closing"
title = "Closing"
duration = "2s"
bell = "single"
"""


def run_cli(
    args: list[str], env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mindful_listening", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
        timeout=timeout,
        check=False,
    )


def stored(*args: str) -> Any:
    """What ``sessions ... --json`` prints, from the records folder the suite points every test at."""
    result = run_cli(["sessions", *args, "--json"], timeout=30)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def read_events(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def check_schedule(events: list[dict[str, Any]], script_id: str, scale: float) -> None:
    plan = timed_timeline(find_script(script_id)).steps
    steps = [e for e in events if e["event"] == "step_started"]
    assert [e["index"] for e in steps] == list(range(len(plan)))
    for event, step in zip(steps, plan, strict=True):
        assert event["planned_ms"] == pytest.approx(step.start_ms / scale, abs=0.01)
        assert abs(event["t_ms"] - event["planned_ms"]) <= TOLERANCE_MS, event
    cues = [e for e in events if e["event"] == "cue"]
    assert len(cues) == sum(len(step.cues) for step in plan)
    for cue in cues:
        assert abs(cue["t_ms"] - cue["planned_ms"]) <= TOLERANCE_MS, cue
        assert cue["audio"] in ("spoken", "bell only", "captioned only")
        if cue["audio"] == "spoken":
            assert cue["audio_start_ms"] >= cue["t_ms"] - 1
    assert events[0]["event"] == "session_started"
    assert events[-1]["event"] == "finished"
    assert events[-1]["outcome"] == "completed"


@pytest.mark.speech
def test_play_runs_the_builtin_at_speed_on_schedule_and_voices_cues(tmp_path: Path, espeak: None) -> None:
    events_path = tmp_path / "events.jsonl"
    result = run_cli(["play", "classic-pairs", "--scale", "100", "--events", str(events_path)])
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    events = read_events(events_path)
    check_schedule(events, "classic-pairs", 100)
    assert "[1:00] Speaker, whenever you're ready, you might begin." in result.stdout
    assert "[0:00] — Arriving (1:00)" in result.stdout
    first = next(e for e in events if e["event"] == "cue")
    assert first["audio"] == "spoken", "the first cue is voiced (bell, then speech)"
    assert first["audio_start_ms"] - first["planned_ms"] <= TOLERANCE_MS
    assert "Spoken cues are off" not in result.stderr


def test_play_sounds_with_the_saved_preferences(
    tmp_path: Path, save_preferences: Callable[[Preferences], None]
) -> None:
    save_preferences(Preferences(voice="roa/fr", rate=230, bell_volume=0.3, bells="none"))
    events_path = tmp_path / "events.jsonl"
    result = run_cli(["play", "classic-pairs", "--scale", "400", "--no-record", "--events", str(events_path)])
    assert result.returncode == 0, result.stderr
    started = read_events(events_path)[0]
    assert started["event"] == "session_started"
    speech = started["speech"]
    assert (speech["voice"], speech["rate"], speech["bells"]) == ("roa/fr", 230, "none")
    assert speech["bell_volume"] == pytest.approx(0.3)


def test_play_gives_time_warnings_as_the_saved_default_says_and_still_prints_them(
    tmp_path: Path,
    save_preferences: Callable[[Preferences], None],
    fake_engine: Callable[[str], dict[str, str]],
) -> None:
    from mindful_listening.core.timeline import CueKind

    script = find_script("classic-pairs")
    assert script.warnings != "caption", "the script would sound them"
    warnings = {
        cue.text for step in compile_script(script).steps for cue in step.cues if cue.kind is CueKind.WARNING
    }
    save_preferences(Preferences(warnings="caption"))
    events_path = tmp_path / "events.jsonl"
    result = run_cli(
        ["play", "classic-pairs", "--scale", "400", "--no-record", "--events", str(events_path)],
        fake_engine("tone"),
    )
    assert result.returncode == 0, result.stderr
    events = read_events(events_path)
    assert events[0]["speech"]["warnings"] == "caption"
    given = [e for e in events if e["event"] == "cue" and e["text"] in warnings]
    assert given, "the script has time warnings"
    assert {e["audio"] for e in given} == {"captioned only"}, "in silence: neither spoken nor rung"
    for text in warnings:
        assert text in result.stdout, "the caption is printed all the same"


def test_play_without_an_engine_runs_on_time_with_captions_and_says_so_once(
    tmp_path: Path, fake_engine: Callable[[str], dict[str, str]]
) -> None:
    env = fake_engine("missing")
    events_path = tmp_path / "events.jsonl"
    result = run_cli(["play", "classic-pairs", "--scale", "100", "--events", str(events_path)], env)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert (
        result.stderr.count("espeak-ng is not installed. Install it with: sudo apt-get install espeak-ng")
        == 1
    )
    events = read_events(events_path)
    check_schedule(events, "classic-pairs", 100)
    spoken_text = [e for e in events if e["event"] == "cue" and e["text"] and e["audio"] == "spoken"]
    assert not spoken_text, "nothing can be voiced without an engine"


def test_play_no_speech_prints_captions_only(tmp_path: Path) -> None:
    events_path = tmp_path / "events.jsonl"
    result = run_cli(["play", "classic-pairs", "--scale", "200", "--no-speech", "--events", str(events_path)])
    assert result.returncode == 0, result.stderr
    events = read_events(events_path)
    check_schedule(events, "classic-pairs", 200)
    assert {e["audio"] for e in events if e["event"] == "cue"} == {"captioned only"}
    assert result.stdout.count("Let your last words land.") == 2


def test_play_rejects_a_bad_scale_and_an_unknown_script() -> None:
    assert run_cli(["play", "classic-pairs", "--scale", "0"]).returncode == 2
    unknown = run_cli(["play", "no-such-script", "--no-speech"])
    assert unknown.returncode == 2
    assert "Traceback" not in unknown.stderr


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to find child processes")
def test_ctrl_c_ends_play_cleanly_with_no_orphans(
    tmp_path: Path, fake_engine: Callable[[str], dict[str, str]], alive: Callable[[int], bool]
) -> None:
    env = {**os.environ, **fake_engine("tone"), "QT_QPA_PLATFORM": "offscreen"}
    events_path = tmp_path / "events.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-m", "mindful_listening", "play", "classic-pairs", "--events", str(events_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        assert _wait_for_line(proc.stdout, "[0:00] Let's take a moment", deadline_s=30), "no first caption"
        children = [
            int(stat.parent.name)
            for stat in Path("/proc").glob("[0-9]*/stat")
            if _parent_of(stat) == proc.pid
        ]
        assert children, "the render worker runs as a child process"
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130
    assert "Traceback" not in err
    assert not [pid for pid in children if alive(pid)], "no orphaned worker"
    events = read_events(events_path)
    assert events[-1] == {**events[-1], "event": "finished", "outcome": "interrupted"}
    (listed,) = stored("list")
    assert f"Recorded as session {listed['id']}" in err
    record = stored("show", listed["id"])
    assert record["ended_at"] is not None, "a session stopped with Ctrl+C is kept as ended"
    assert record["steps"][-1]["outcome"] == "finished-early"


def test_play_into_a_reader_that_stops_early_stops_quietly_and_keeps_the_record(tmp_path: Path) -> None:
    """``mindful-listening play … | head -1``: once nobody reads the captions, the session ends as after
    Ctrl+C (exit 141, as the shell reports a program a closed pipe stopped), with no traceback."""
    events_path = tmp_path / "events.jsonl"
    plan = timed_timeline(find_script("classic-pairs"))
    scale = 20  # about 27 s if it played on: long enough that captions are still to come when the reader goes
    play = ["play", "classic-pairs", "--scale", str(scale), "--no-speech", "--events", str(events_path)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "mindful_listening", *play],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().startswith("Listening in pairs"), "the first line, as head reads it"
        proc.stdout.close()  # and goes, as head does
        _out, err = proc.communicate(timeout=45)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 141, err
    assert "Traceback" not in err
    assert "BrokenPipeError" not in err
    events = read_events(events_path)
    assert events[-1] == {**events[-1], "event": "finished", "outcome": "interrupted"}
    assert events[-1]["t_ms"] < plan.total_ms / scale, "it stopped, not played to the end"
    (listed,) = stored("list")
    assert f"Recorded as session {listed['id']}" in err
    assert stored("show", listed["id"])["steps"][-1]["outcome"] == "finished-early"


def _wait_for_line(stream: IO[str], prefix: str, deadline_s: float) -> bool:
    """Read lines until one starts with ``prefix``; gives up at the deadline or the end of the stream."""
    end = time.monotonic() + deadline_s
    buffered = ""
    fd = stream.fileno()
    while (left := end - time.monotonic()) > 0:
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            return False
        chunk = os.read(fd, 4096).decode("utf-8", "replace")
        if not chunk:
            return False
        buffered += chunk
        if any(line.startswith(prefix) for line in buffered.splitlines()):
            return True
    return False


def _parent_of(stat: Path) -> int:
    try:
        return int(stat.read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return -1


def test_a_played_session_hands_a_play_record_to_the_sink_and_open_ended_steps_end_on_their_own(
    qtbot: QtBot,
) -> None:
    script = parse_script(ONE_TO_ONE)
    assert compile_script(script).steps[1].open_ended
    speaker = CaptionOnlySpeaker()
    sink = MemorySink()
    out, err, events = io.StringIO(), io.StringIO(), io.StringIO()
    session = PlaySession(script, speaker, scale=20, out=out, err=err, events=events, record_sink=sink)
    with qtbot.wait_signal(session.done, timeout=10_000) as blocker:
        session.start()
    assert blocker.args == [0]
    (record,) = sink.records.values()
    assert record.source == "play"
    assert record.script_id == "open-one"
    assert [s.outcome for s in record.steps] == ["completed"] * 3
    assert [s.actual_ms for s in record.steps] == [4_000, 6_000, 2_000]
    assert record.ended_at is not None
    lines = [json.loads(line) for line in events.getvalue().splitlines()]
    assert [e["event"] for e in lines if e["event"] != "zero_reached"] == [
        "session_started",
        "step_started",
        "cue",
        "step_started",
        "cue",
        "step_started",
        "cue",
        "finished",
    ]
    assert "[0:08] There's time to finish your thought." in out.getvalue()
    speaker.deleteLater()


# ---------------------------------------------------------------------------------------------- records
def test_a_played_session_is_recorded_with_its_script_and_planned_against_actual_steps() -> None:
    plan = timed_timeline(find_script("mindful-pause"))
    result = run_cli(["play", "mindful-pause", "--scale", "300", "--no-speech"], timeout=30)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr

    (listed,) = stored("list")
    assert listed["script_id"] == "mindful-pause"
    assert listed["script_title"] == "A three-minute mindful pause"
    assert listed["source"] == "play"
    assert listed["ended_at"] is not None
    assert f"Recorded as session {listed['id']}" in result.stderr

    record = stored("show", listed["id"])
    assert record["script_snapshot"]["id"] == "mindful-pause"
    assert len(record["script_snapshot"]["steps"]) == len(plan.steps)
    assert record["planned_total_ms"] == plan.total_ms
    assert record["started_at"] <= record["ended_at"]
    assert [s["title"] for s in record["steps"]] == [step.title for step in plan.steps]
    assert [s["planned_ms"] for s in record["steps"]] == [step.span_ms for step in plan.steps]
    assert [s["actual_ms"] for s in record["steps"]] == [step.span_ms for step in plan.steps]
    assert [s["started_at_ms"] for s in record["steps"]] == [step.start_ms for step in plan.steps]
    assert {s["outcome"] for s in record["steps"]} == {"completed"}
    assert len(record["cues"]) == sum(len(step.cues) for step in plan.steps)


def test_no_record_plays_without_touching_the_records() -> None:
    result = run_cli(["play", "mindful-pause", "--scale", "300", "--no-speech", "--no-record"], timeout=30)
    assert result.returncode == 0, result.stderr
    assert "record" not in result.stderr.lower()
    assert "[2:30] Whenever you're ready" in result.stdout
    assert not (Path(os.environ["MINDFUL_LISTENING_DATA_DIR"]) / DATABASE_NAME).exists()
    assert stored("list") == []


def test_a_session_played_while_the_app_keeps_the_records_is_recorded_too() -> None:
    # The open app holds the records' instance lock; play only adds its own record, so it does not need it.
    app_store = RecordStore.open(lock=True)
    try:
        result = run_cli(["play", "mindful-pause", "--scale", "300", "--no-speech"], timeout=30)
    finally:
        app_store.close()
    assert result.returncode == 0, result.stderr
    (listed,) = stored("list")
    assert listed["script_id"] == "mindful-pause"
    assert f"Recorded as session {listed['id']}" in result.stderr


def test_records_that_cannot_be_opened_never_stop_the_session(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("", encoding="utf-8")
    result = run_cli(
        ["play", "mindful-pause", "--scale", "300", "--no-speech"],
        {"MINDFUL_LISTENING_DATA_DIR": str(not_a_folder / "records")},
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    about_records = [line for line in result.stderr.splitlines() if "record" in line.lower()]
    assert len(about_records) == 1, result.stderr
    assert about_records[0].startswith("This session will not be recorded: The records folder")
    assert "[2:30] Whenever you're ready" in result.stdout
