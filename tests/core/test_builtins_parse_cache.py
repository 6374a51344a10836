"""The built-ins' parse cache (decision 0013): the same scripts as reading the files, the TOML read once, and
any cache that cannot be trusted (damaged, another format, a changed file, a parse that no longer passes)
read from the files again and written anew."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mindful_listening.core import library
from mindful_listening.core.script import Script


@pytest.fixture
def cached(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "cache" / "builtin-scripts.json"
    library.builtin_scripts.cache_clear()
    library.use_parse_cache(path)
    yield path
    library.use_parse_cache(None)
    library.builtin_scripts.cache_clear()


def _fresh() -> tuple[Script, ...]:
    library.use_parse_cache(None)
    library.builtin_scripts.cache_clear()
    try:
        return library.builtin_scripts()
    finally:
        library.builtin_scripts.cache_clear()


def _again(path: Path) -> tuple[Script, ...]:
    library.builtin_scripts.cache_clear()
    library.use_parse_cache(path)
    return library.builtin_scripts()


def _no_toml_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("the TOML was read although the cache holds it")

    monkeypatch.setattr(library, "read_toml", refuse)
    monkeypatch.setattr(library, "parse_script", refuse)


def test_a_second_start_validates_the_kept_parse_without_reading_the_toml(
    cached: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _fresh()
    first = _again(cached)
    assert first == expected
    kept = json.loads(cached.read_text(encoding="utf-8"))
    assert sorted(kept["scripts"]) == sorted(f"{s.id}.toml" for s in expected)
    written = cached.stat().st_mtime_ns
    _no_toml_reading(monkeypatch)
    assert _again(cached) == expected
    assert cached.stat().st_mtime_ns == written, "an unchanged cache is not written again"


@pytest.mark.parametrize(
    "damage",
    [
        "{ not json",
        "[]",
        json.dumps({"format": "0 python 2.7", "scripts": {}}),
        "",
    ],
)
def test_a_damaged_or_foreign_cache_is_read_from_the_files_and_written_anew(
    cached: Path, damage: str
) -> None:
    expected = _fresh()
    cached.parent.mkdir(parents=True)
    cached.write_text(damage, encoding="utf-8")
    assert _again(cached) == expected
    assert len(json.loads(cached.read_text(encoding="utf-8"))["scripts"]) == len(expected)


def test_a_changed_file_or_a_kept_parse_that_fails_validation_is_read_again(cached: Path) -> None:
    expected = _fresh()
    _again(cached)
    kept = json.loads(cached.read_text(encoding="utf-8"))
    names = sorted(kept["scripts"])
    kept["scripts"][names[0]]["sha256"] = "0" * 64  # as if the shipped file had changed
    kept["scripts"][names[1]]["toml"]["title"] = "A title the file never had"  # the bytes' own hash kept
    kept["scripts"][names[2]]["toml"]["steps"] = "no steps"  # fails validation: never used
    cached.write_text(json.dumps(kept), encoding="utf-8")
    again = _again(cached)
    assert [s.id for s in again] == [s.id for s in expected]
    assert again[0] == expected[0]
    assert again[2] == expected[2]
    # A parse kept under the file's own hash is trusted as that file's (the cache is the user's own): it is
    # still validated in full, as every start validates.
    assert again[1].title == "A title the file never had"
    rewritten = json.loads(cached.read_text(encoding="utf-8"))["scripts"]
    assert rewritten[names[0]]["sha256"] != "0" * 64
    assert rewritten[names[2]]["toml"]["steps"] != "no steps"


def test_a_cache_that_cannot_be_written_costs_only_the_reading(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way", encoding="utf-8")
    expected = _fresh()
    try:
        assert _again(blocker / "builtin-scripts.json") == expected
    finally:
        library.use_parse_cache(None)
        library.builtin_scripts.cache_clear()
    assert blocker.read_text(encoding="utf-8") == "in the way"
