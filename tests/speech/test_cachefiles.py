"""The speech cache is pruned: old renderings and leftovers go, recent ones and other files stay."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from mindful_listening.preferences import Preferences
from mindful_listening.speech.cachefiles import KEEP_DAYS, Pruned, is_cache_folder, prune
from mindful_listening.speech.renderer import cache_dir, cache_key
from mindful_listening.speech.service import SpeechService

NOW = 2_000_000_000.0
DAY = 86_400.0


def put(folder: Path, name: str, *, days_old: float, size: int = 100) -> Path:
    path = folder / name
    path.write_bytes(b"x" * size)
    os.utime(path, (NOW - days_old * DAY, NOW - days_old * DAY))
    return path


def key(n: int) -> str:
    return f"{n:040x}"


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    folder = tmp_path / "mindful-listening" / "speech"
    folder.mkdir(parents=True)
    return folder


def test_renderings_unused_for_the_keep_period_and_old_leftovers_are_removed(cache: Path) -> None:
    old = put(cache, f"{key(1)}.wav", days_old=KEEP_DAYS + 1)
    recent = put(cache, f"{key(2)}.wav", days_old=KEEP_DAYS - 1)
    old_tmp = put(cache, f"{key(3)}.4242.tmp", days_old=2)
    live_tmp = put(cache, f"{key(4)}.4243.tmp", days_old=0.01)  # a render under way right now
    old_check = put(cache, "voice-check.77.tmp", days_old=3)
    result = prune(cache, NOW)
    assert result == Pruned(removed=3, freed_bytes=300, kept=1)
    left = [path.exists() for path in (old, old_tmp, old_check, recent, live_tmp)]
    assert left == [False, False, False, True, True]


def test_files_the_cache_did_not_name_are_never_touched(cache: Path) -> None:
    mine = [
        put(cache, "notes.wav", days_old=400),
        put(cache, f"{key(5)}.wav.bak", days_old=400),
        put(cache, f"{key(0xABCDEF).upper()}.wav", days_old=400),
        put(cache, "readme.txt", days_old=400),
    ]
    (cache / f"{key(7)}.wav").mkdir()  # a folder with a cache-like name
    assert prune(cache, NOW, max_bytes=0) == Pruned()
    assert all(path.exists() for path in mine)
    assert (cache / f"{key(7)}.wav").is_dir()


def test_only_a_folder_named_like_the_cache_is_pruned(tmp_path: Path) -> None:
    music = tmp_path / "Music"
    music.mkdir()
    theirs = put(music, f"{key(8)}.wav", days_old=1_000)
    assert not is_cache_folder(music)
    assert prune(music, NOW) == Pruned()
    assert theirs.exists()
    assert is_cache_folder(cache_dir())


def test_over_the_size_cap_the_least_recently_used_go_first(cache: Path) -> None:
    paths = [put(cache, f"{key(n)}.wav", days_old=n, size=1_000) for n in range(1, 6)]
    result = prune(cache, NOW, max_bytes=2_500)
    assert result == Pruned(removed=3, freed_bytes=3_000, kept=2)
    assert [path.exists() for path in paths] == [True, True, False, False, False]


def test_one_prune_removes_at_most_its_share_and_the_next_one_goes_on(cache: Path) -> None:
    for n in range(1, 8):
        put(cache, f"{key(n)}.wav", days_old=KEEP_DAYS + n)
    assert prune(cache, NOW, max_removals=5) == Pruned(removed=5, freed_bytes=500, kept=0)
    assert prune(cache, NOW, max_removals=5) == Pruned(removed=2, freed_bytes=200, kept=0)
    assert list(cache.iterdir()) == []


def test_a_rendering_that_cannot_be_removed_is_skipped_and_the_next_oldest_goes(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stuck, older, newer = (
        put(cache, f"{key(n)}.wav", days_old=d, size=1_000) for n, d in [(1, 9), (2, 8), (3, 1)]
    )
    real_unlink = Path.unlink

    def unlink_unless_stuck(self: Path, missing_ok: bool = False) -> None:
        if self == stuck:
            raise PermissionError(13, "Permission denied", str(self))
        real_unlink(self, missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink_unless_stuck)
    assert prune(cache, NOW, max_bytes=2_000) == Pruned(removed=1, freed_bytes=1_000, kept=2)
    assert [stuck.exists(), older.exists(), newer.exists()] == [True, False, True]


def test_a_missing_folder_or_a_file_that_cannot_be_removed_is_no_error(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert prune(cache / "nowhere" / "mindful-listening" / "speech", NOW) == Pruned()
    held = put(cache, f"{key(9)}.wav", days_old=KEEP_DAYS + 5)

    def refuse(self: Path, missing_ok: bool = False) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "unlink", refuse)
    assert prune(cache, NOW) == Pruned()
    monkeypatch.undo()
    assert held.exists()


def test_the_service_marks_a_rendering_it_reuses_so_it_is_kept(
    qtbot: QtBot, fake_engine: Callable[[str], object]
) -> None:
    fake_engine("tone")
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    text = "Welcome back."
    rendered = folder / f"{cache_key(text, '', Preferences().rate)}.wav"
    service = SpeechService(Preferences())
    try:
        with qtbot.wait_signal(service.ready, timeout=15_000):
            service.prepare([(text, "none")])
        assert rendered.exists()
    finally:
        service.shutdown()  # its worker is gone before the file is made to look old
    long_ago = os.stat(rendered).st_mtime - (KEEP_DAYS + 10) * DAY
    os.utime(rendered, (long_ago, long_ago))
    again = SpeechService(Preferences())
    try:
        with qtbot.wait_signal(again.ready, timeout=15_000):
            again.prepare([(text, "none")])
        assert again.renderer_pid == 0  # served from the cache, no worker started
        assert os.stat(rendered).st_mtime > long_ago + KEEP_DAYS * DAY
    finally:
        again.shutdown()


def test_the_worker_prunes_its_cache_folder_after_answering_the_first_cue(
    fake_engine: Callable[[str], dict[str, str]],
) -> None:
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stale = folder / f"{key(10)}.wav"
    stale.write_bytes(b"RIFF")
    os.utime(stale, (1_000_000.0, 1_000_000.0))  # 1970: long unused
    out = folder / f"{key(11)}.{os.getpid()}.tmp"
    request = {"op": "render", "id": 1, "text": "Hello.", "voice": "", "rate": 150, "out": str(out)}
    result = subprocess.run(
        [sys.executable, "-m", "mindful_listening.speech.render_worker"],
        input=json.dumps(request) + "\n",
        capture_output=True,
        text=True,
        env={**os.environ, **fake_engine("tone")},
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert answers[-1]["ok"] is True
    assert out.exists()
    assert not stale.exists()
    assert "speech cache: removed 1 old files" in result.stderr
