"""The script models as plain frozen dataclasses: what they take, refuse and give, as pydantic's did.

The messages a facilitator reads are tested through the reader (test_loading.py, test_warnings.py and the
rest); here, the models' own behaviour where it once came from pydantic, and the cost that made them plain:
the built-ins are read and checked without pydantic being imported at all.
"""

from __future__ import annotations

import copy
import dataclasses
import pickle
import subprocess
import sys
from typing import Any

import pytest

from mindful_listening.core.library import builtin_scripts, find_script
from mindful_listening.core.loading import ScriptProblems, check_parsed
from mindful_listening.core.models import InvalidModel, Model, rules, text
from mindful_listening.core.script import Breathing, CueSpec, Debrief, Mode, Roles, Script, StepKind, StepSpec

BASE: dict[str, Any] = {
    "id": "ab",
    "title": "T",
    "mode": "group-pairs",
    "purpose": "p",
    "steps": [{"kind": "settle", "title": "Arriving", "duration": "1m"}],
}


def problems_of(data: dict[str, Any]) -> list[str]:
    with pytest.raises(ScriptProblems) as raised:
        check_parsed(data, "", "case")
    return [str(p) for p in raised.value.problems]


def test_the_builtins_are_read_and_checked_without_pydantic() -> None:
    code = (
        "import sys\n"
        "from mindful_listening.core.library import builtin_scripts\n"
        "from mindful_listening.core.timeline import compile_script\n"
        "assert len(builtin_scripts()) > 5\n"
        "[compile_script(s) for s in builtin_scripts()]\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'pydantic_core')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]"


def test_a_model_is_frozen_compared_by_value_and_survives_pickling_and_copying() -> None:
    script = find_script("classic-pairs")
    with pytest.raises(dataclasses.FrozenInstanceError):
        script.title = "Another"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(script)) == script
    assert copy.deepcopy(script) == script
    assert not hasattr(script, "__dict__")  # slotted: no per-object dictionary


def test_constructing_checks_and_model_construct_and_model_copy_do_not() -> None:
    assert Breathing(inhale="4s", exhale=7) == Breathing.model_construct(inhale=4000, exhale=7000)
    with pytest.raises(InvalidModel) as raised:
        Breathing(inhale="30s")
    assert isinstance(raised.value, ValueError)  # callers that caught pydantic's ValidationError catch it
    assert raised.value.error_count() == 1
    assert raised.value.errors()[0]["loc"] == ("inhale",)
    built = StepSpec.model_construct(kind=StepKind.PAUSE, title="", duration=0)
    assert (built.landing, built.cues, built.bell) == (0, [], "none")
    script = find_script("classic-pairs")
    title = script.title
    changed = script.model_copy(update={"warnings": "caption", "title": ""})  # unchecked, as pydantic's
    assert (changed.warnings, changed.title, changed.steps) == ("caption", "", script.steps)
    assert script.title == title


def test_model_dump_gives_plain_data_in_field_order_and_leaves_out_defaults_when_asked() -> None:
    script = Script.model_validate(
        {**BASE, "steps": [{"kind": "breathe", "title": "Breath", "duration": 90, "cues": [{"text": "In"}]}]}
    )
    assert script.model_dump(mode="json", exclude_defaults=True) == {
        "id": "ab",
        "title": "T",
        "mode": "group-pairs",
        "purpose": "p",
        "steps": [
            {
                "kind": "breathe",
                "title": "Breath",
                "duration": 90_000,
                "breathing": {},
                "cues": [{"text": "In"}],
            }
        ],
    }
    whole = script.model_dump(mode="json")
    assert list(whole)[:4] == ["format", "id", "title", "mode"]
    assert whole["debrief"] == {"introduction": "", "prompts": [], "planned": 0}
    assert script.model_dump()["mode"] is Mode.PAIRS
    assert Roles(speaker="A", listener="B").model_dump(exclude_none=True) == {"speaker": "A", "listener": "B"}


def test_white_space_is_stripped_as_pydantic_stripped_it_and_control_characters_are_told() -> None:
    step = {
        "kind": "settle",
        "title": "\u00a0Arriving\u3000",
        "duration": "1m",
        "cues": [{"at": " 30s ", "text": "x"}],
    }
    script = Script.model_validate({**BASE, "steps": [step]})
    assert script.steps[0].title == "Arriving"
    assert script.steps[0].cues[0].at == "30s"
    # U+001F is white space to Python's str.strip, not to pydantic's: it stays, and is told as a control.
    assert problems_of({**BASE, "title": "Arriving\x1f"}) == [
        "case: title: this text holds a control character (\\x1f, at character 9), which cannot be shown or "
        "said: remove it"
    ]


def test_pydantic_s_readings_of_odd_values_are_kept() -> None:
    assert Script.model_validate({**BASE, "format": 1.0}).format == 1
    assert problems_of({**BASE, "format": True}) == ["case: format: expected the number 1, found true"]
    assert problems_of({**BASE, "format": 10**30}) == [
        "case: format: Unable to parse input string as an integer, exceeded maximum size"
    ]
    # A list past its length is told as that alone, its items unread.
    assert problems_of({**BASE, "ethical_reminders": [1] * 31}) == [
        "case: ethical_reminders: this has too many items (at most 30)"
    ]
    assert Debrief.model_validate({"prompts": ({"layer": "noticing", "text": "x"},)}).prompts[0].text == "x"
    assert problems_of({**BASE, "steps": [{**BASE["steps"][0], "round": 1.0, "open_ended": 1}]}) == [
        "case: steps[0].open_ended: expected true or false, found 1",
        "case: steps[0].round: expected a whole number, found 1",
    ]


def test_problems_come_in_pydantic_s_order_fields_first_then_unknown_keys() -> None:
    with pytest.raises(InvalidModel) as raised:
        Script.model_validate({"zz": 1, "steps": 5, "id": 3, "aa": 2})
    assert [(e["type"], e["loc"]) for e in raised.value.errors()] == [
        ("string_type", ("id",)),
        ("missing", ("title",)),
        ("missing", ("mode",)),
        ("missing", ("purpose",)),
        ("list_type", ("steps",)),
        ("extra_forbidden", ("zz",)),
        ("extra_forbidden", ("aa",)),
    ]
    with pytest.raises(InvalidModel) as not_a_table:
        CueSpec.model_validate(["at", "start"])
    assert not_a_table.value.errors()[0]["type"] == "model_type"


def test_a_model_whose_fields_and_checks_differ_is_refused_at_import() -> None:
    with pytest.raises(TypeError, match="differ"):

        @rules(name=text(1, 20))
        @dataclasses.dataclass(frozen=True, slots=True, init=False, eq=False, repr=False, kw_only=True)
        class Misspelt(Model):
            nmae: str


def test_every_builtin_still_compiles_to_the_same_kinds_of_step() -> None:
    kinds = {step.kind for script in builtin_scripts() for step in script.steps}
    assert StepKind.TURN in kinds
    assert all(isinstance(step, StepSpec) for script in builtin_scripts() for step in script.steps)
