"""The shipped bell sounds, the synthesis tool, the cache key, and the render worker's protocol."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from mindful_listening.core.library import resource
from mindful_listening.speech.renderer import RenderClient, cache_dir, cache_key
from mindful_listening.speech.wavinfo import looks_like_wav, wav_stats

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("name", "seconds", "loudest"),
    [("bell.wav", 4.5, 0.5), ("bell-double.wav", 5.8, 0.5), ("bell-soft.wav", 2.5, 0.05)],
)
def test_the_shipped_bells_are_audible_and_in_the_speech_format(
    name: str, seconds: float, loudest: float
) -> None:
    node = resource(name)
    assert node.is_file()
    stats = wav_stats(Path(str(node)))
    assert stats.rate == 22_050
    assert stats.channels == 1
    assert stats.seconds == pytest.approx(seconds, abs=0.01)
    assert 0.01 < stats.rms < loudest


def test_the_soft_bell_is_well_under_the_strike_that_opens_a_turn() -> None:
    soft = wav_stats(Path(str(resource("bell-soft.wav"))))
    strike = wav_stats(Path(str(resource("bell.wav"))))
    assert soft.rms < strike.rms / 2, "at least 6 dB quieter: a warning, not a start"


def test_the_bells_match_a_fresh_synthesis() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "make_bell.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_cache_key_depends_on_text_voice_and_rate_only() -> None:
    key = cache_key("Now swap.", "", 150)
    assert key == cache_key("Now swap.", "", 150)
    assert len({key, cache_key("Now swap!", "", 150), cache_key("Now swap.", "gmw/en", 150)}) == 3
    assert cache_key("Now swap.", "", 151) != key
    assert cache_dir().is_relative_to(Path(os.environ["XDG_CACHE_HOME"]))


def test_the_worker_keeps_engine_chatter_out_of_its_answers(
    tmp_path: Path, fake_engine: Callable[[str], dict[str, str]]
) -> None:
    env = {**os.environ, **fake_engine("tone")}
    out = tmp_path / "cue.wav"
    request = {"op": "render", "id": 1, "text": "Hello.", "voice": "", "rate": 150, "out": str(out)}
    result = subprocess.run(
        [sys.executable, "-m", "mindful_listening.speech.render_worker"],
        input="not json\n" + json.dumps(request) + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["type"] for a in answers] == ["hello", "error", "rendered"]
    assert answers[2]["ok"] is True
    assert "fake engine chatter" in result.stderr
    assert looks_like_wav(out)


def test_the_worker_says_hello_with_a_reason_when_there_is_no_engine(
    fake_engine: Callable[[str], dict[str, str]],
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mindful_listening.speech.render_worker"],
        input="",
        capture_output=True,
        text=True,
        env={**os.environ, **fake_engine("missing")},
        timeout=30,
        check=False,
    )
    assert result.returncode == 3
    hello = json.loads(result.stdout.splitlines()[0])
    assert hello == {**hello, "type": "hello", "ok": False, "reason": "no-espeak"}


@pytest.mark.speech
def test_the_real_engine_renders_plausible_speech(qtbot: QtBot, tmp_path: Path, espeak: None) -> None:
    client = RenderClient()
    try:
        with qtbot.wait_signal(client.helloReceived, timeout=15_000) as hello:
            client.start()
        info = hello.args[0]
        assert info.engine == "espeak-ng"
        assert len(info.voices) > 10
        results = []
        client.rendered.connect(lambda request, ok, answer: results.append((request, ok, answer)))
        for n, text in enumerate(["Thirty seconds remaining.", "Now, if you're willing, swap roles."]):
            client.render(text, "", 175, tmp_path / f"{n}.wav", measure=True)
        qtbot.wait_until(lambda: len(results) == 2, timeout=15_000)
    finally:
        client.close()
    (first, ok1, answer1), (second, ok2, _) = results
    assert ok1
    assert ok2
    stats = wav_stats(first.out)
    assert 0.8 < stats.seconds < 1.9, "about 1.48 s at 175 words a minute, less once trimmed"
    assert stats.rms > 0.01
    assert answer1["seconds"] == pytest.approx(stats.seconds, abs=0.001)
    assert 0 < answer1["ms"] < 2_000
    assert wav_stats(second.out).rms > 0.01


@pytest.mark.speech
def test_each_rendering_keeps_the_rate_it_asked_for_from_the_first_one_on(
    qtbot: QtBot, tmp_path: Path, espeak: None
) -> None:
    """A fresh worker's first rendering, then rates and voices that change every time: each keeps its rate.

    The rate once went back to pyttsx3's default (200 words a minute) when its cancel-if-busy emptied
    espeak's command queue; the worker now sets it directly, confirms it, and checks it after rendering.
    """
    text = "You might notice the sounds around you, near and far."
    asks = [(120, ""), (260, ""), (120, "roa/fr"), (200, "gmw/en"), (120, "")]
    client = RenderClient()
    results: list[tuple[object, bool, dict[str, object]]] = []
    try:
        with qtbot.wait_signal(client.helloReceived, timeout=15_000):
            client.start()
        client.rendered.connect(lambda request, ok, answer: results.append((request, ok, answer)))
        for n, (rate, voice) in enumerate(asks):
            client.render(text, voice, rate, tmp_path / f"{n}.wav", measure=True)
        qtbot.wait_until(lambda: len(results) == len(asks), timeout=30_000)
    finally:
        client.close()
    assert [ok for _, ok, _ in results] == [True] * len(asks)
    assert [answer["rate_used"] for _, _, answer in results] == [rate for rate, _ in asks]
    seconds = [float(str(answer["seconds"])) for _, _, answer in results]
    assert seconds[1] < 0.6 * seconds[0], "260 against 120 words a minute: about 0.45 of the length"
    assert seconds[4] == pytest.approx(seconds[0], abs=0.05), "the same voice and rate: the same length"
    assert seconds[3] < 0.7 * seconds[4], "200 against 120 words a minute, after a change of voice"


HIDE_REAL_PYTTSX3 = """
import importlib.machinery, runpy, sys
empty = sys.argv[1]
class OnlyTheEmptyFolder(importlib.machinery.PathFinder):
    @classmethod
    def find_spec(cls, name, path=None, target=None):
        return importlib.machinery.PathFinder.find_spec(name, [empty]) if name == "pyttsx3" else None
sys.meta_path.insert(0, OnlyTheEmptyFolder)
runpy.run_module("mindful_listening.speech.render_worker", run_name="__main__")
"""


def test_an_empty_pyttsx3_folder_is_told_as_a_broken_install_not_missing_voice_data(tmp_path: Path) -> None:
    (tmp_path / "pyttsx3").mkdir()  # a package folder emptied by a half-finished removal: imports as nothing
    result = subprocess.run(
        [sys.executable, "-c", HIDE_REAL_PYTTSX3, str(tmp_path)],
        input="",
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 3, result.stderr
    hello = json.loads(result.stdout.splitlines()[0])
    assert hello["reason"] == "no-pyttsx3"
    assert "incomplete" in hello["detail"]


def test_a_workers_answers_are_read_line_by_line_across_reads_and_junk_is_counted() -> None:
    from mindful_listening.speech.renderer import JsonLines

    lines = JsonLines()
    assert lines.feed(b'{"type": "hel') == []
    assert lines.feed(b'lo"}\n\n[1, 2]\nnot json\n{"type": "rendered", "id": 1}\n{"ty') == [
        {"type": "hello"},
        {"type": "rendered", "id": 1},
    ]
    assert lines.unreadable == 2
    lines.clear()
    assert lines.feed(b'pe": "x"}\n') == []
    assert lines.unreadable == 3, "a half line from a worker that is gone is not glued onto the next one"
