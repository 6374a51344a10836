"""The built-in scripts as a facilitator meets them: from the installed package, from any directory."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest

from mindful_listening.core.library import builtin_ids, builtin_scripts, find_script
from mindful_listening.core.loading import ScriptProblems
from mindful_listening.core.script import Mode, StepKind
from mindful_listening.core.timeline import compile_script

EXPECTED = {
    "classic-pairs",
    "speak-reflect-respond",
    "classroom-pairs",
    "timed-pair-share",
    "triads-observer",
    "soothing-rhythm-breathing",
    "rain",
    "mindful-pause",
    "twos-and-threes",
    "insight-dialogue-pairs",
    "whole-lesson-pairs",
}
# Who speaks in each group script: A and B in pairs, A, B and C in threes; twos-and-threes has a three for odd
# numbers, whose C speaks in round 3 while the pairs reflect together.
SPEAKERS = {Mode.PAIRS: {"A", "B"}, Mode.TRIADS: {"A", "B", "C"}}
SPEAKERS_OF = {"twos-and-threes": {"A", "B", "C"}}


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mindful_listening", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
    )


def test_the_promised_built_ins_are_shipped() -> None:
    assert set(builtin_ids()) >= EXPECTED
    assert len(builtin_ids()) == len(set(builtin_ids()))
    modes = {s.mode for s in builtin_scripts()}
    assert modes == {Mode.PAIRS, Mode.TRIADS, Mode.ONE_TO_ONE}


@pytest.mark.parametrize("script_id", sorted(EXPECTED))
def test_each_built_in_is_a_well_taught_session(script_id: str) -> None:
    script = find_script(script_id)
    timeline = compile_script(script)
    assert script.purpose.strip(), "states its purpose"
    assert script.ethical_reminders, "reminds of consent and confidentiality"
    layers = {p.layer.value for p in script.debrief.prompts}
    assert layers == {"noticing", "dialogue", "linking"}, "leaves time for all three layers of inquiry"
    assert timeline.total_ms > 60_000
    assert any(cue.text for step in timeline.steps for cue in step.cues), "has spoken cues"
    if script.mode is not Mode.ONE_TO_ONE:
        speakers = {s.roles.speaker for s in timeline.steps if s.kind is StepKind.TURN and s.roles}
        expected = SPEAKERS_OF.get(script_id, SPEAKERS[script.mode])
        assert speakers == expected, "everyone gets a turn to speak"
        roles_in_prompts = {p.role for p in script.debrief.prompts}
        assert {"speaker", "listener"} <= roles_in_prompts


def test_triads_rotate_every_role() -> None:
    timeline = compile_script(find_script("triads-observer"))
    turns = [s.roles for s in timeline.steps if s.kind is StepKind.TURN and s.roles]
    for role in ("speaker", "listener", "observer"):
        assert {getattr(r, role) for r in turns} == {"A", "B", "C"}


def test_unknown_reference_lists_the_built_ins() -> None:
    with pytest.raises(ScriptProblems, match="classic-pairs"):
        find_script("no-such-script")


def test_scripts_json_from_another_directory(tmp_path: Path) -> None:
    result = run_cli("scripts", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert {row["id"] for row in rows} >= EXPECTED
    for row in rows:
        assert {"id", "title", "mode", "total_ms"} <= row.keys()
        assert row["total_ms"] > 0


@pytest.mark.parametrize("script_id", sorted(EXPECTED))
def test_rehearse_json_is_contiguous(tmp_path: Path, script_id: str) -> None:
    result = run_cli("rehearse", script_id, "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    steps = plan["steps"]
    assert steps[0]["start_ms"] == 0
    for before, after in itertools.pairwise(steps):
        assert after["start_ms"] == before["start_ms"] + before["duration_ms"]
    assert sum(s["duration_ms"] for s in steps) == plan["total_ms"]
    for step in steps:
        assert {"start_ms", "duration_ms", "kind", "title", "cues"} <= step.keys()
        for cue in step["cues"]:
            assert step["start_ms"] <= cue["at_ms"] <= step["start_ms"] + step["duration_ms"]
            assert isinstance(cue["text"], str)


def test_rehearse_text_shows_purpose_and_cues(tmp_path: Path) -> None:
    result = run_cli("rehearse", "classic-pairs", cwd=tmp_path)
    assert result.returncode == 0
    assert "Purpose:" in result.stdout
    assert "About one minute left." in result.stdout


def test_rehearse_text_gives_warnings_as_the_room_will_meet_them_and_names_the_source(tmp_path: Path) -> None:
    result = run_cli("rehearse", "speak-reflect-respond", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    script = find_script("speak-reflect-respond")
    assert script.warnings == "bell"
    assert "Time warnings: a soft bell, the words as a caption" in result.stdout
    assert f"Based on: {script.based_on}" in result.stdout
    assert "Pause and ground (G) says: " in result.stdout
    warned = [line for line in result.stdout.splitlines() if line.endswith("(caption only)")]
    assert warned, "a warning is shown as caption only"
    assert all("[soft bell]" in line for line in warned)


def test_rehearse_a_file_path_and_validate_all_built_ins(tmp_path: Path) -> None:
    from mindful_listening.core.library import resource

    paths = []
    for entry in resource("scripts").iterdir():
        if entry.name.endswith(".toml"):
            copy = tmp_path / entry.name
            copy.write_bytes(entry.read_bytes())
            paths.append(str(copy))
    result = run_cli("validate", *paths, cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert result.stdout.count(": ok") == len(paths)
    assert run_cli("rehearse", paths[0], "--json", cwd=tmp_path).returncode == 0


def test_validate_reports_each_bad_file_and_exits_2(tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    from mindful_listening.core.library import resource

    good.write_bytes(resource("scripts", "classic-pairs.toml").read_bytes())
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "x"\n')
    result = run_cli("validate", str(good), str(bad), cwd=tmp_path)
    assert result.returncode == 2
    assert f"{good}: ok" in result.stdout
    assert f"{bad}:1: id:" in result.stdout or f"{bad}: title: this is required" in result.stdout
    assert result.stdout.endswith("\n1 of 2 files has problems.\n")
    worse = tmp_path / "worse.toml"
    worse.write_text('id = "y"\n')
    assert run_cli("validate", str(bad), str(worse), cwd=tmp_path).stdout.endswith(
        "\n2 of 2 files have problems.\n"
    )
    assert run_cli("validate", str(bad), cwd=tmp_path).stdout.endswith("\nThe file has problems.\n")


def test_rehearse_unknown_id_exits_2_with_a_message(tmp_path: Path) -> None:
    result = run_cli("rehearse", "nope", cwd=tmp_path)
    assert result.returncode == 2
    assert "no built-in script has this id" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_whole_lesson_rehearses_to_exactly_45_minutes(tmp_path: Path) -> None:
    """Purpose 3 min on the clock, arriving, two rounds of speak 5 / reflect 2 / respond 2 with silent pauses,
    an inquiry that gives each debrief prompt its own step, and a closing: 2,700,000 ms, no more, no less."""
    result = run_cli("rehearse", "whole-lesson-pairs", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert plan["total_ms"] == 2_700_000
    steps = plan["steps"]
    assert sum(s["duration_ms"] for s in steps) == 2_700_000
    assert (steps[0]["kind"], steps[0]["duration_ms"]) == ("purpose", 180_000)
    assert steps[1]["kind"] == "settle"
    shape = [(s["kind"], s["countdown_ms"]) for s in steps if s["kind"] in ("turn", "reflect", "respond")]
    assert shape == [("turn", 300_000), ("reflect", 120_000), ("respond", 120_000)] * 2
    assert [s["roles"]["speaker"] for s in steps if s["kind"] == "turn"] == ["A", "B"]
    turns = [i for i, s in enumerate(steps) if s["kind"] == "turn"]
    assert all(steps[i - 1]["kind"] in ("settle", "swap") for i in turns)
    assert [s["kind"] for s in steps].count("pause") == 2, "a silent pause after each person's cycle"
    inquiry = [s for s in steps if s["kind"] == "inquiry"]
    script = find_script("whole-lesson-pairs")
    assert [s["prompt"]["number"] for s in inquiry] == list(range(1, len(script.debrief.prompts) + 1))
    assert steps[-1]["kind"] == "closing"
    assert script.warnings == "bell", "the five-minute turns are not talked over"
    text = run_cli("rehearse", "whole-lesson-pairs", cwd=tmp_path).stdout
    assert "(group-pairs, 45 min in all)" in text
    assert text.rstrip().splitlines()[-3] == "  45:00  End"
