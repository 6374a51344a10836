"""Whole-lesson scripts: the purpose and the inquiry on the session clock.

A ``"purpose"`` step states the purpose on the clock; an ``"inquiry"`` step may name the debrief prompt it
explores (``prompt = 2``, counted from 1). Both are planned, counted and rehearsed like any step. Untimed
stages stay the default: a script without them means what it meant. Plain values, no Qt.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from mindful_listening import cli
from mindful_listening.core.assessment import script_from_snapshot
from mindful_listening.core.clock import ManualClock
from mindful_listening.core.library import builtin_scripts
from mindful_listening.core.loading import ScriptProblems, parse_script
from mindful_listening.core.record import SessionRecord
from mindful_listening.core.runner import CueDue, SessionRunner, State
from mindful_listening.core.script import StepKind
from mindful_listening.core.timeline import compile_script

LESSON = b"""
id = "small-lesson"
title = "A small lesson"
mode = "group-pairs"
purpose = "To notice what listening is like."

[[steps]]
kind = "purpose"
title = "Why we are here"
duration = "2m"
notes = "Say it slowly."
[[steps.cues]]
text = "Let me say a few words about why we are here."

[[steps]]
kind = "turn"
title = "A speaks, B listens"
round = 1
duration = "3m"
landing = "10s"
roles = { speaker = "A", listener = "B" }

[[steps]]
kind = "inquiry"
title = "Noticing"
duration = "4m"
prompt = 1

[[steps]]
kind = "inquiry"
title = "Linking"
duration = "3m"
prompt = 2

[[steps]]
kind = "inquiry"
title = "Anything else"
duration = "1m"

[debrief]
introduction = "Share as much or as little as you like."

[[debrief.prompts]]
layer = "noticing"
text = "What did you notice?"

[[debrief.prompts]]
layer = "linking"
text = "Where might this help you this week?"
"""


def problems(data: bytes) -> list[tuple[str, int | None, str]]:
    with pytest.raises(ScriptProblems) as raised:
        parse_script(data, "lesson.toml")
    return [(p.field, p.line, p.message) for p in raised.value.problems]


def line_of(data: bytes, text: bytes, occurrence: int = 1) -> int:
    at = -1
    for _ in range(occurrence):
        at = data.index(text, at + 1)
    return data[:at].count(b"\n") + 1


def test_purpose_and_inquiry_steps_are_planned_like_any_step() -> None:
    script = parse_script(LESSON)
    assert script.steps[0].kind is StepKind.PURPOSE
    assert [s.prompt for s in script.steps] == [None, None, 1, 2, None]
    timeline = compile_script(script)
    assert timeline.total_ms == (2 * 60 + 3 * 60 + 10 + 4 * 60 + 3 * 60 + 60) * 1000
    assert [s.prompt_index for s in timeline.steps] == [None, None, 0, 1, None]
    noticing = timeline.prompt_of(timeline.steps[2])
    assert noticing is not None
    assert noticing.text == "What did you notice?"
    assert timeline.prompt_of(timeline.steps[4]) is None, "an inquiry step without one: the introduction"
    plan = timeline.to_plan()["steps"]
    assert [s["kind"] for s in plan] == ["purpose", "turn", "inquiry", "inquiry", "inquiry"]
    assert plan[3]["prompt"] == {
        "number": 2,
        "layer": "linking",
        "role": "everyone",
        "text": "Where might this help you this week?",
    }
    assert plan[0]["prompt"] is None


def test_the_runner_times_a_purpose_step_and_each_prompt_its_own_share() -> None:
    clock = ManualClock(0)
    runner = SessionRunner(compile_script(parse_script(LESSON)), clock)
    events = runner.start()
    assert [e.cue.text for e in events if isinstance(e, CueDue)] == [
        "Let me say a few words about why we are here."
    ]
    clock.advance(2 * 60_000 + 3 * 60_000 + 10_000)
    runner.poll()
    assert runner.step.title == "Noticing"
    clock.advance(4 * 60_000)
    runner.poll()
    assert runner.step.title == "Linking"
    assert runner.snapshot().session_remaining_ms == 4 * 60_000
    clock.advance(4 * 60_000)
    runner.poll()
    assert runner.state is State.FINISHED
    assert [r.kind for r in runner.log.steps] == ["purpose", "turn", "inquiry", "inquiry", "inquiry"]


def test_a_prompt_must_name_a_debrief_prompt_there_is_on_an_inquiry_step_all_at_once() -> None:
    bad = LESSON.replace(b"prompt = 2", b"prompt = 3").replace(
        b'title = "Why we are here"\n', b'title = "Why we are here"\nprompt = 1\n'
    )
    found = problems(bad)
    assert found == [
        (
            "steps[0].prompt",
            line_of(bad, b"prompt = 1"),
            'only an "inquiry" step shows a debrief prompt, and this is a "purpose" step: remove prompt, '
            'or make it kind = "inquiry"',
        ),
        (
            "steps[3].prompt",
            line_of(bad, b"prompt = 3"),
            "there is no debrief prompt 3: this script has 2 debrief prompts, numbered 1 to 2 in the order "
            "they are written",
        ),
    ]


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (b"0", "debrief prompts are numbered from 1: the first [[debrief.prompts]] is prompt = 1"),
        (b"-2", "debrief prompts are numbered from 1"),
        (b'"1"', 'expected a whole number, found "1"'),
        (b"true", "expected a whole number, found true"),
        (b"1.0", "expected a whole number"),
    ],
)
def test_a_prompt_is_a_whole_number_from_1(value: bytes, words: str) -> None:
    ((field, line, message),) = problems(LESSON.replace(b"prompt = 1", b"prompt = " + value))
    assert field == "steps[2].prompt"
    assert line is not None
    assert words in message


def test_a_prompt_in_a_script_without_debrief_prompts_says_what_to_do() -> None:
    bare = LESSON.split(b"[debrief]")[0].replace(b"prompt = 2\n", b"")
    ((field, _line, message),) = problems(bare)
    assert field == "steps[2].prompt"
    assert message == (
        "prompt = 1 names a debrief prompt, but this script has no [[debrief.prompts]]: add them, or remove "
        "prompt"
    )


def test_a_record_keeps_the_new_fields_and_reads_them_back() -> None:
    cue = b'roles = { speaker = "A", listener = "B" }\n[[steps.cues]]\nat = "+5s"\ntext = "Thank you."\n'
    script = parse_script(LESSON.replace(b'roles = { speaker = "A", listener = "B" }\n', cue))
    assert script.steps[1].cues[0].anchor() == ("landing", 5_000)
    record = SessionRecord.begin(script, compile_script(script).total_ms)
    again = script_from_snapshot(json.loads(json.dumps(record.script_snapshot)))
    assert again == script


def test_every_script_without_them_means_what_it_meant() -> None:
    for script in builtin_scripts():
        if any(s.kind is StepKind.PURPOSE or s.prompt is not None for s in script.steps):
            continue  # a whole-lesson built-in
        plan = compile_script(script).to_plan()
        assert all(step["prompt"] is None for step in plan["steps"]), script.id


def test_rehearse_shows_what_the_room_sees_in_each_timed_stage(tmp_path: Path) -> None:
    path = tmp_path / "lesson.toml"
    path.write_bytes(LESSON)
    out = io.StringIO()
    assert cli.main(["rehearse", str(path)], out) == 0
    text = out.getvalue()
    assert (
        "   0:00  Why we are here  [purpose, 2 min]\n           in the room: the purpose, with the time\n"
        in text
    )
    assert "in the room: prompt 1, “What did you notice?”" in text
    assert "in the room: prompt 2, “Where might this help you this week?”" in text
    assert "in the room: the debrief's introduction, with the time" in text
    assert "  13:10  End\n" in text
    out = io.StringIO()
    assert cli.main(["rehearse", str(path), "--json"], out) == 0
    plan = json.loads(out.getvalue())
    assert [s["prompt"] and s["prompt"]["number"] for s in plan["steps"]] == [None, None, 1, 2, None]


def test_a_prompt_that_names_no_debrief_prompt_is_told_beside_the_other_problems() -> None:
    from mindful_listening.core.loading import ScriptProblems, parse_script

    text = b"""
id = "bad-both"
title = ""
mode = "group-pairs"
purpose = "To test."
[[steps]]
kind = "inquiry"
title = "Ask"
duration = "1m"
prompt = 4
[debrief]
[[debrief.prompts]]
layer = "noticing"
text = "What did you notice?"
"""
    try:
        parse_script(text, "bad.toml")
    except ScriptProblems as caught:
        fields = [problem.field for problem in caught.problems]
    else:
        raise AssertionError("two problems, not a script")
    assert "title" in fields
    assert "steps[0].prompt" in fields, "in the same pass, not only once the title is mended"
    assert fields.count("steps[0].prompt") == 1
