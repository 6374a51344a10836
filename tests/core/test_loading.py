"""Bad input gets a clear message naming file, line and field — never a traceback, never a hang."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import pytest
from pydantic import BaseModel, Field, ValidationError

from mindful_listening.core.loading import ScriptProblems, _explain, load_script, locate_lines, parse_script

GOOD = b"""
id = "tiny"
title = "Tiny"
mode = "group-pairs"
purpose = "To practise."

[[steps]]
kind = "turn"
title = "A speaks"
duration = "1m"
roles = { speaker = "A", listener = "B" }
[[steps.cues]]
at = "-30s"
text = "Half a minute left."
"""


def problems_of(data: bytes, name: str = "s.toml") -> list[str]:
    with pytest.raises(ScriptProblems) as raised:
        parse_script(data, name)
    return [str(p) for p in raised.value.problems]


def test_a_good_script_loads() -> None:
    script = parse_script(GOOD)
    assert script.steps[0].duration == 60_000
    assert script.steps[0].cues[0].anchor() == ("end", 30_000)


def test_every_problem_is_reported_at_once_with_line_and_field() -> None:
    data = GOOD.replace(b'duration = "1m"', b'durtion = "1m"').replace(
        b'mode = "group-pairs"', b'mode = "pairs"'
    )
    found = problems_of(data)
    modes = "'group-pairs', 'group-triads' or 'one-to-one'"
    assert f's.toml:4: mode: "pairs" is not allowed; choose one of {modes}' in found
    assert any(p.startswith("s.toml:10: steps[0].durtion:") and 'did you mean "duration"' in p for p in found)
    assert any(p.startswith("s.toml:") and "steps[0].duration: this is required" in p for p in found)


@pytest.mark.parametrize(
    ("duration", "words"),
    [
        ('"0s"', "above zero"),
        ('"-2m"', "negative"),
        ('"40h"', "longer than the 3 hours"),
        ("true", "duration such as"),
        ('"soon"', "not a duration"),
        ('"0.2s"', "shorter than one second"),
    ],
)
def test_absurd_durations_are_explained(duration: str, words: str) -> None:
    found = problems_of(GOOD.replace(b'"1m"', duration.encode()))
    assert len(found) == 1
    assert "s.toml:10: steps[0].duration:" in found[0]
    assert words in found[0]


def test_a_cue_outside_its_step_is_refused() -> None:
    found = problems_of(GOOD.replace(b'"-30s"', b'"-2m"'))
    assert found == [
        's.toml:13: steps[0].cues[0].at: the cue at "-2m" falls outside this 1 min step '
        "(2 min before the end); shorten it or lengthen the step"
    ]


def test_group_turns_need_roles_and_triads_need_observers() -> None:
    no_roles = GOOD.replace(b'roles = { speaker = "A", listener = "B" }\n', b"")
    assert any("steps[0].roles: a speaking turn in a group needs roles" in p for p in problems_of(no_roles))
    triads = GOOD.replace(b'"group-pairs"', b'"group-triads"')
    assert any("in triads each turn names an observer" in p for p in problems_of(triads))


def test_syntax_errors_name_the_line() -> None:
    found = problems_of(b'id = "x\ntitle = "y"\n')
    assert found[0].startswith("s.toml:1: this is not valid TOML")


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "the file is empty"),
        (b"   \n\n  ", "the file is empty"),
        (bytes(range(256)) * 4, "not a text file"),
        (b"\xff\xfe\xfa garbage \xc3\x28", "not UTF-8"),
        (b"a = " + b"[" * 5000 + b"]" * 5000, "nested more than 16 deep"),
        (b"[" + b"a." * 5000 + b"b]", "a setting name here has thousands of parts"),
        (b"steps = 3", "steps: expected a list"),
    ],
)
def test_hostile_files_get_a_clear_message(content: bytes, words: str) -> None:
    found = problems_of(content)
    assert any(words in p for p in found), found


def test_a_ten_megabyte_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    with path.open("wb") as handle:
        handle.write(b'x = "')
        handle.write(b"a" * 10_000_000)
        handle.write(b'"\n')
    with pytest.raises(ScriptProblems) as raised:
        load_script(path)
    assert "10.0 MB" in str(raised.value)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(ScriptProblems, match="no such file"):
        load_script(tmp_path / "nope.toml")
    with pytest.raises(ScriptProblems, match="folder"):
        load_script(tmp_path)


def test_line_locator_follows_arrays_of_tables() -> None:
    text = GOOD.decode() + '\n[[steps]]\nkind = "pause"\ntitle = "p"\nduration = "1m"\n'
    lines = locate_lines(text)
    assert lines[("steps", 0, "cues", 0, "at")] == 13
    assert lines[("steps", 1, "duration")] == 19


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\x01binary", b'id = "x', b"a = " + b"[" * 5000 + b"]" * 5000, b'steps = [{ kind = "nope" }]'],
)
def test_validate_command_exits_2_without_a_traceback(tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_bytes(content)
    result = subprocess.run(
        [sys.executable, "-m", "mindful_listening", "validate", str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={**os.environ, "PYTHONWARNINGS": ""},
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    assert str(bad) in result.stdout


def test_too_few_items_are_counted_in_plain_words() -> None:
    no_steps = GOOD.split(b"[[steps]]")[0] + b"steps = []\n"
    assert any(p.endswith("steps: this needs at least 1 item") for p in problems_of(no_steps))

    class Pair(BaseModel):
        codes: Annotated[list[str], Field(min_length=2)]

    with pytest.raises(ValidationError) as raised:
        Pair(codes=["A1"])
    assert _explain(dict(raised.value.errors()[0]), Pair) == "this needs at least 2 items"
