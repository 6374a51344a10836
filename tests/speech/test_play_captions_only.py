"""``play`` says what is ready as it really is: spoken cues only when a voice will say them; with
``--no-speech`` (or nothing to sound) that the cues will be printed as captions only."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable

from pytestqt.qtbot import QtBot

from mindful_listening.core.loading import parse_script
from mindful_listening.headless.play import PlaySession
from mindful_listening.speech.service import CaptionOnlySpeaker

ONE_CUE = b"""
id = "one-cue"
title = "One cue"
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


def what_play_says(qtbot: QtBot, speaker: CaptionOnlySpeaker) -> str:
    """Play the one-cue script at speed, keeping no record; returns what it wrote to stderr."""
    err = io.StringIO()
    session = PlaySession(parse_script(ONE_CUE), speaker, scale=50, out=io.StringIO(), err=err)
    with qtbot.wait_signal(session.done, timeout=10_000):
        session.start()
    speaker.deleteLater()
    return err.getvalue()


def test_no_speech_says_cues_are_captions_only_never_that_spoken_cues_are_ready() -> None:
    result = run_cli(["play", "mindful-pause", "--scale", "300", "--no-speech", "--no-record"])
    assert result.returncode == 0, result.stderr
    assert "Spoken cues ready" not in result.stderr
    assert "No voice or bells this time: 6 cues will be printed as captions only." in result.stderr


def test_one_cue_is_one_cue_and_a_told_problem_is_pointed_to(qtbot: QtBot) -> None:
    err = what_play_says(qtbot, CaptionOnlySpeaker())
    assert "No voice or bells this time: 1 cue will be printed as captions only." in err
    err = what_play_says(qtbot, CaptionOnlySpeaker(reason="Spoken cues are off in your preferences."))
    assert "Spoken cues are off in your preferences." in err
    assert "Cues ready (1 cue; see above)." in err
    assert "Spoken cues ready" not in err


def test_with_a_voice_the_cues_are_said_to_be_spoken(fake_engine: Callable[[str], dict[str, str]]) -> None:
    env = fake_engine("tone")
    result = run_cli(["play", "mindful-pause", "--scale", "300", "--no-record"], env)
    assert result.returncode == 0, result.stderr
    assert "Spoken cues ready (6 cues)." in result.stderr
    assert "captions only" not in result.stderr


def test_one_cue_is_one_cue_while_it_is_prepared(qtbot: QtBot) -> None:
    err = io.StringIO()
    session = PlaySession(parse_script(ONE_CUE), CaptionOnlySpeaker(), scale=50, out=io.StringIO(), err=err)
    session._on_progress(0, 1)
    assert err.getvalue() == "Preparing 1 spoken cue…\n"
    session.deleteLater()
