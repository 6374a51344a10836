"""The sound output watched for real: a PulseAudio server killed mid-session and started again, none at all.

Each test runs the app's ``play`` (or ``voice-check``) in a child process against a sound server of its own,
so killing that server touches nothing else. What the app says is compared with what the output really took.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mindful_listening.speech.service import output_back_message, problem_message

LOST = problem_message("output-lost")
BACK = output_back_message()
NO_OUTPUT = problem_message("no-output")
NOWHERE = {"PULSE_SERVER": "unix:/nonexistent/no-sound-here"}


def child(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "mindful_listening", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env},
    )


def steady_script(folder: Path, steps: int = 7, seconds: int = 4) -> Path:
    """Steps of a few seconds, each opening with a short spoken cue: room to lose the output and regain it."""
    parts = ['id = "steady"', 'title = "Steady"', 'mode = "group-pairs"', 'purpose = "To listen."']
    for n in range(steps):
        parts += [
            "[[steps]]",
            'kind = "settle"',
            f'title = "Part {n + 1}"',
            f'duration = "{seconds}s"',
            "[[steps.cues]]",
            'at = "start"',
            f'text = "Part {n + 1}."',
        ]
    path = folder / "steady.toml"
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return path


def events_of(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_a_sound_server_killed_mid_session_is_told_once_and_cues_say_what_was_really_heard(
    tmp_path: Path, own_sound_server: Callable[[], Any], fake_engine: Callable[[str], dict[str, str]]
) -> None:
    server = own_sound_server()
    env = {**fake_engine("tone"), **server.env}
    events_path = tmp_path / "events.jsonl"
    script = steady_script(tmp_path)
    play = child(["play", str(script), "--no-record", "--events", str(events_path)], env)
    assert play.stdout is not None
    steps = 0
    for line in play.stdout:  # one line per step as it starts: kill the server in the second, restart later
        if " — " in line:
            steps += 1
            if steps == 2:
                server.stop()
            elif steps == 4:
                server = own_sound_server()
    _, err = play.communicate(timeout=90)
    assert play.returncode == 0, err
    assert steps == 7
    assert err.count(LOST) == 1, err
    assert err.count(BACK) == 1, err
    assert "Invalid PulseAudio context" not in err, "Qt's repeated warnings are not printed"
    assert "Traceback" not in err
    events = events_of(events_path)
    changes = [e for e in events if e["event"] == "sound_output"]
    assert [c["heard"] for c in changes] == [False, True]
    lost_at, back_at = changes[0]["t_ms"], changes[1]["t_ms"]
    cues = [e for e in events if e["event"] == "cue"]
    before = [c for c in cues if c["t_ms"] < lost_at - 3_000]  # the first: before the kill
    during = [c for c in cues if lost_at <= c["t_ms"] < back_at]
    after = [c for c in cues if c["t_ms"] > back_at]
    assert before
    assert during
    assert after
    assert all(c["audio"] == "spoken" for c in before if c["text"])
    assert all(c["audio"] == "captioned only" for c in during), during
    assert all("voice_start_ms" not in c for c in during)
    assert all(c["audio"] == "spoken" for c in after), after


def test_the_record_of_a_played_session_says_what_was_heard_of_each_cue(
    tmp_path: Path, sound_server: object, fake_engine: Callable[[str], dict[str, str]]
) -> None:
    script = steady_script(tmp_path, steps=3, seconds=2)
    play = child(["play", str(script)], fake_engine("tone"))
    _, err = play.communicate(timeout=60)
    assert play.returncode == 0, err
    listed = child(["sessions", "list", "--json"], {})
    out, _ = listed.communicate(timeout=30)
    session = json.loads(out)[0]["id"]
    shown = child(["sessions", "export", session, "--format", "json", "-o", str(tmp_path / "s.json")], {})
    shown.communicate(timeout=30)
    record = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert [cue["audio"] for cue in record["cues"]] == ["spoken", "spoken", "spoken"]


def test_with_no_sound_output_at_all_every_cue_is_captioned_only_and_that_is_said_once(
    tmp_path: Path, fake_engine: Callable[[str], dict[str, str]]
) -> None:
    events_path = tmp_path / "events.jsonl"
    play = child(
        ["play", "classic-pairs", "--scale", "100", "--events", str(events_path)],
        {
            **fake_engine("tone"),
            **NOWHERE,
        },
    )
    _, err = play.communicate(timeout=60)
    assert play.returncode == 0, err
    assert err.count(NO_OUTPUT) == 1, err
    cues = [e for e in events_of(events_path) if e["event"] == "cue"]
    assert len(cues) >= 10
    assert {c["audio"] for c in cues} == {"captioned only"}
    assert not any("voice_start_ms" in c or "audio_start_ms" in c for c in cues)


def test_voice_check_with_nothing_to_hear_it_exits_non_zero_and_says_so(
    fake_engine: Callable[[str], dict[str, str]],
) -> None:
    check = child(["voice-check"], {**fake_engine("tone"), **NOWHERE})
    out, err = check.communicate(timeout=60)
    assert check.returncode == 1, (out, err)
    assert "Played:" not in out
    assert "Nothing could be heard" in err
    assert "no sound output was found" in out


def test_voice_check_that_was_heard_exits_zero(
    sound_server: object, fake_engine: Callable[[str], dict[str, str]]
) -> None:
    check = child(["voice-check"], fake_engine("tone"))
    out, err = check.communicate(timeout=60)
    assert check.returncode == 0, (out, err)
    assert "Played:          the output took the sound" in out


@pytest.mark.parametrize("channel", ["voice", "bell"])
def test_the_output_module_reads_only_the_format_it_plays(tmp_path: Path, channel: str) -> None:
    import wave

    from mindful_listening.speech.output import RATE, read_pcm

    good, stereo = tmp_path / f"{channel}.wav", tmp_path / f"{channel}-stereo.wav"
    for path, channels in ((good, 1), (stereo, 2)):
        with wave.open(str(path), "wb") as out:
            out.setnchannels(channels)
            out.setsampwidth(2)
            out.setframerate(RATE)
            out.writeframes(bytes(4 * RATE // 10))
    assert read_pcm(good) == bytes(4 * RATE // 10)
    assert read_pcm(stereo) is None
    assert read_pcm(tmp_path / "missing.wav") is None
