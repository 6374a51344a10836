"""The built-ins for one mode (the one-to-one timer's): the same scripts, in the same order, as picking them
from every built-in, with or without the kept parse (decision 0013), validating only those; the kept parse
of the others stays as it was, for the next start that wants them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mindful_listening.core import library
from mindful_listening.core.script import Mode, Script


def _clear() -> None:
    library.builtin_scripts.cache_clear()
    library.builtin_scripts_for.cache_clear()


@pytest.fixture(autouse=True)
def _fresh_each_time() -> Iterator[None]:
    _clear()
    yield
    library.use_parse_cache(None)
    _clear()


def _every() -> tuple[Script, ...]:
    library.use_parse_cache(None)
    _clear()
    every = library.builtin_scripts()
    _clear()
    return every


def _counting_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    checked: list[str] = []
    real = library.check_parsed  # type: ignore[attr-defined]

    def check(parsed: dict[str, Any], text: str, source: str) -> Any:
        checked.append(source)
        return real(parsed, text, source)

    monkeypatch.setattr(library, "check_parsed", check)
    return checked


@pytest.mark.parametrize("mode", list(Mode))
@pytest.mark.parametrize("kept", [False, True], ids=["read", "kept parse"])
def test_the_built_ins_for_a_mode_are_those_of_every_built_in_validated_alone(
    mode: Mode, kept: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    every = _every()
    expected = tuple(script for script in every if script.mode is mode)
    assert expected, "each mode has built-ins"
    cache = tmp_path / "builtin-scripts.json"
    if kept:
        library.use_parse_cache(cache)
        library.builtin_scripts()  # a start before this one kept every parse
        _clear()
    checked = _counting_checks(monkeypatch)
    found = library.builtin_scripts_for(mode)
    assert found == expected
    assert [s.id for s in found] == [s.id for s in expected]
    assert len(checked) == len(expected), "only the scripts of this mode are validated"
    assert library.builtin_scripts.cache_info().currsize == 0


def test_the_kept_parse_of_the_other_built_ins_is_kept_for_the_next_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    every = _every()
    cache = tmp_path / "builtin-scripts.json"
    library.use_parse_cache(cache)
    library.builtin_scripts_for(Mode.ONE_TO_ONE)  # a first start, the cache empty: every file read
    kept = json.loads(cache.read_text(encoding="utf-8"))
    assert sorted(kept["scripts"]) == sorted(f"{s.id}.toml" for s in every)
    written = cache.stat().st_mtime_ns
    _clear()

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("the TOML was read although the cache holds it")

    monkeypatch.setattr(library, "read_toml", refuse)
    assert library.builtin_scripts() == every  # the facilitator's window, next: nothing read again
    assert cache.stat().st_mtime_ns == written


def test_once_every_built_in_is_validated_the_mode_s_are_picked_from_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    every = library.builtin_scripts()
    checked = _counting_checks(monkeypatch)
    found = library.builtin_scripts_for(Mode.PAIRS)
    assert checked == []
    assert all(any(script is same for same in every) for script in found)
