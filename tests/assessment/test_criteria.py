"""Criteria sets: the shipped ones validate, are listed by the CLI, and bad files get clear messages."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mindful_listening.core.criteria import (
    all_file_problems,
    builtin_criteria,
    criteria_problems_if_any,
    find_criteria,
    is_criteria_file,
    load_criteria,
    parse_criteria,
)
from mindful_listening.core.library import resource
from mindful_listening.core.loading import ScriptProblems

Cli = Callable[..., Any]
MBI_TAC_DOMAINS = [
    "Coverage, pacing and organisation of session curriculum",
    "Relational skills",
    "Embodiment of mindfulness",
    "Guiding mindfulness practices",
    "Conveying course themes through interactive inquiry and didactic teaching",
    "Holding the group learning environment",
]
MBI_TAC_LEVELS = ["Incompetent", "Beginner", "Advanced beginner", "Competent", "Proficient", "Advanced"]

GOOD = b"""
kind = "criteria"
id = "tiny-set"
title = "Tiny"
levels = ["Not yet", "Yes"]

[[criteria]]
id = "one"
name = "First thing"

[[criteria]]
id = "two"
name = "Second thing"
description = "Looked for second."
"""


def problems_of(data: bytes, name: str = "c.toml") -> list[str]:
    with pytest.raises(ScriptProblems) as raised:
        parse_criteria(data, name)
    return [str(p) for p in raised.value.problems]


def test_the_promised_sets_are_shipped() -> None:
    ids = [s.id for s in builtin_criteria()]
    assert {"observed-mindful-listening", "mbi-tac"} <= set(ids)
    assert len(ids) == len(set(ids))


def test_mbi_tac_names_its_domains_and_levels_exactly_as_published_and_cites_its_source() -> None:
    mbi = find_criteria("mbi-tac")
    assert [c.name for c in mbi.criteria] == MBI_TAC_DOMAINS
    assert mbi.level_names == MBI_TAC_LEVELS
    assert "Crane" in mbi.source
    assert "2013" in mbi.source
    text = resource("criteria", "mbi-tac.toml").read_text(encoding="utf-8")
    assert "Crane, R. S." in text
    assert all(c.description for c in mbi.criteria), "each domain has a short reminder"


def test_observed_practice_covers_what_assessors_look_for() -> None:
    observed = find_criteria("observed-mindful-listening")
    names = " ".join(c.name.lower() for c in observed.criteria)
    for theme in ("purpose", "invitational", "models", "structure", "inquiry", "adapts", "ethical"):
        assert theme in names, theme
    assert len(observed.criteria) == 7
    assert all(c.description for c in observed.criteria)
    assert len(observed.levels) >= 3


def test_a_good_file_loads_with_plain_level_names(tmp_path: Path) -> None:
    path = tmp_path / "tiny.toml"
    path.write_bytes(GOOD)
    criteria_set = load_criteria(path)
    assert criteria_set.level_names == ["Not yet", "Yes"]
    assert criteria_set.criterion("two") is not None
    assert criteria_set.to_summary()["criteria"][1] == {
        "id": "two",
        "name": "Second thing",
        "description": "Looked for second.",
        "levels": ["Not yet", "Yes"],
    }


NO_NAME = GOOD.replace(b'name = "First thing"\n', b"")
LEVELS = b'levels = ["Not yet", "Yes"]'
BAD_FILES = [
    (NO_NAME, "c.toml:7: criteria[0].name: this is required but missing"),
    (GOOD.replace(b'id = "two"', b'id = "one"'), 'c.toml:12: criteria[1].id: "one" is already the id'),
    (GOOD.replace(b"description =", b"descripton ="), 'did you mean "description"?'),
    (GOOD.replace(b'kind = "criteria"', b'kind = "criterion"'), 'c.toml:2: kind: "criterion" is not allowed'),
    (GOOD.replace(LEVELS, b'levels = ["Only"]'), "at least two levels"),
    (GOOD.replace(LEVELS, b'levels = ["Yes", "yes"]'), "listed twice"),
    (GOOD.replace(b'id = "tiny-set"', b'id = "Tiny Set"'), 'id: "Tiny Set" must be lower-case'),
    (GOOD.replace(b'name = "Second thing"', b'name = "first thing"'), "already the name of criteria[0]"),
    (b'kind = "criteria"\nid = "x1"\ntitle = "T"\ncriteria = []\n', "criteria: this needs at least 1 item"),
    (b'kind = "criteria"\nid = "x1"\ntitle = "T\n', "c.toml:3: this is not valid TOML"),
]


@pytest.mark.parametrize(("data", "expected"), BAD_FILES)
def test_bad_files_get_a_clear_message_with_line_and_field(data: bytes, expected: str) -> None:
    problems = problems_of(data)
    assert any(expected in p for p in problems), problems
    assert not any("Traceback" in p or "pydantic" in p for p in problems)


def test_every_problem_is_reported_at_once() -> None:
    data = NO_NAME.replace(b'title = "Tiny"\n', b"")
    problems = problems_of(data)
    assert len(problems) == 2
    assert any("title: this is required" in p for p in problems)


def test_validation_dispatches_on_kind(tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    good.write_bytes(GOOD)
    bad = tmp_path / "bad.toml"
    bad.write_bytes(GOOD.replace(b'id = "two"', b'id = "one"'))
    script = tmp_path / "script.toml"
    script.write_bytes(resource("scripts", "classic-pairs.toml").read_bytes())
    report = all_file_problems([good, bad, script, tmp_path / "missing.toml"])
    assert report[str(good)] == []
    assert report[str(script)] == [], "scripts still validate as scripts"
    assert "already the id" in str(report[str(bad)][0])
    assert "no such file" in str(report[str(tmp_path / "missing.toml")][0])
    assert criteria_problems_if_any(script) is None
    assert criteria_problems_if_any(good) == []
    assert is_criteria_file({"kind": "criteria"})
    assert not is_criteria_file({"id": "classic-pairs"})


def test_criteria_json_lists_sets_with_criteria_and_levels(run_cli: Cli) -> None:
    result = run_cli("criteria", "--json")
    assert result.returncode == 0, result.stderr
    sets = json.loads(result.stdout)
    by_id = {s["id"]: s for s in sets}
    assert {"observed-mindful-listening", "mbi-tac"} <= by_id.keys()
    for criteria_set in sets:
        assert {"id", "title", "criteria"} <= criteria_set.keys()
        assert criteria_set["criteria"], criteria_set["id"]
        for criterion in criteria_set["criteria"]:
            assert isinstance(criterion["name"], str)
            assert criterion["name"].strip()
    mbi = by_id["mbi-tac"]
    assert [c["name"] for c in mbi["criteria"]] == MBI_TAC_DOMAINS
    assert [level["name"] for level in mbi["levels"]] == MBI_TAC_LEVELS
    assert mbi["criteria"][0]["levels"] == MBI_TAC_LEVELS


def test_criteria_text_and_a_bad_file_on_the_command_line(run_cli: Cli, tmp_path: Path) -> None:
    listed = run_cli("criteria")
    assert listed.returncode == 0
    assert "Relational skills" in listed.stdout
    bad = tmp_path / "bad.toml"
    bad.write_bytes(NO_NAME)
    result = run_cli("criteria", str(bad))
    assert result.returncode == 2
    assert f"{bad}:7: criteria[0].name: this is required but missing" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_accepts_the_shipped_criteria_files(run_cli: Cli, tmp_path: Path) -> None:
    paths = []
    for entry in resource("criteria").iterdir():
        if entry.name.endswith(".toml"):
            copy = tmp_path / entry.name
            copy.write_bytes(entry.read_bytes())
            paths.append(str(copy))
    result = run_cli("validate", *paths)
    assert result.returncode == 0, result.stdout
    assert result.stdout.count(": ok") == len(paths)


def test_validate_with_kind_dispatch_accepts_criteria_and_reports_bad_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Scripts and criteria sets side by side in one validate call, in-process."""
    from mindful_listening import cli

    good = tmp_path / "good.toml"
    good.write_bytes(GOOD)
    bad = tmp_path / "bad.toml"
    bad.write_bytes(NO_NAME)
    assert cli.main(["validate", str(good)]) == 0
    assert cli.main(["validate", str(good), str(bad)]) == 2
    out = capsys.readouterr().out
    assert f"{good}: ok" in out
    assert f"{bad}:7: criteria[0].name: this is required but missing" in out
