"""Care in the room (DOMAIN.md) for every built-in script, and the rule that keeps rounds apart.

What counts as an eyes-closed or inward practice: every one-to-one script (the work is inward by nature), and
any script with a cue that mentions the eyes or the gaze (it invites people to close or lower them).

What counts as a spoken way out: one cue, said aloud within the first two steps, that names all four moves
DOMAIN.md asks for: opening the eyes ("open your eyes"), shifting position ("shift" or "move"), stopping
("stop"), and resting attention on something outside the body ("outside", "in the room" or "around you").

What counts as an anchor: the breath, the feet (or the floor), the hands, or sounds.
"""

from __future__ import annotations

import re

import pytest

from mindful_listening.core.library import builtin_scripts
from mindful_listening.core.loading import ScriptProblems, parse_script
from mindful_listening.core.script import Mode, Script, StepKind, StepSpec

BUILTINS = {script.id: script for script in builtin_scripts()}
GROUP_MODES = (Mode.PAIRS, Mode.TRIADS)
GROUP_IDS = sorted(sid for sid, script in BUILTINS.items() if script.mode in GROUP_MODES)
GROUNDED_IDS = sorted(sid for sid, script in BUILTINS.items() if script.grounding)

ANCHORS = {
    "breath": ("breath",),
    "feet": ("feet", "floor"),
    "hands": ("hands",),
    "sounds": ("sound",),
}


def cue_texts(step: StepSpec) -> list[str]:
    return [cue.text.lower() for cue in step.cues]


def is_inward(script: Script) -> bool:
    if script.mode is Mode.ONE_TO_ONE:
        return True
    return any("eyes" in text or "gaze" in text for step in script.steps for text in cue_texts(step))


def is_a_way_out(text: str) -> bool:
    return (
        "open your eyes" in text
        and "stop" in text
        and any(word in text for word in ("shift", "move"))
        and any(words in text for words in ("outside", "in the room", "around you"))
    )


def anchors_in(texts: list[str]) -> set[str]:
    return {name for name, words in ANCHORS.items() if any(w in text for text in texts for w in words)}


INWARD_IDS = sorted(sid for sid, script in BUILTINS.items() if is_inward(script))


def test_the_new_built_ins_are_shipped_and_every_kind_is_checked() -> None:
    assert {"twos-and-threes", "insight-dialogue-pairs"} <= BUILTINS.keys()
    assert GROUP_IDS, "there are group scripts to check"
    assert {sid for sid, s in BUILTINS.items() if s.mode is Mode.ONE_TO_ONE} <= set(INWARD_IDS)
    assert {"classic-pairs", "classroom-pairs", "insight-dialogue-pairs"} <= set(INWARD_IDS)
    assert {"soothing-rhythm-breathing", "rain"} <= set(GROUNDED_IDS)


@pytest.mark.parametrize("script_id", sorted(BUILTINS))
def test_every_built_in_names_its_source(script_id: str) -> None:
    assert BUILTINS[script_id].based_on.strip(), f"{script_id} has no based_on line"


@pytest.mark.parametrize("script_id", sorted(BUILTINS))
def test_rounds_are_kept_apart_and_every_turn_has_its_own(script_id: str) -> None:
    script = BUILTINS[script_id]
    assert script.round_problems() == []
    # Stricter than the format: in a built-in, no two speaking turns share a round, so "repeat the round"
    # during one person's turn never goes back to someone else's (the bug classic-pairs had).
    turn_rounds = [step.round for step in script.steps if step.kind is StepKind.TURN]
    if script.mode in GROUP_MODES:
        assert None not in turn_rounds, f"{script_id}: every group turn belongs to a round"
    numbered = [number for number in turn_rounds if number is not None]
    assert len(numbered) == len(set(numbered)), f"{script_id}: two turns share a round: {turn_rounds}"


@pytest.mark.parametrize("script_id", INWARD_IDS)
def test_an_inward_practice_says_aloud_early_that_people_may_stop(script_id: str) -> None:
    script = BUILTINS[script_id]
    early = [text for step in script.steps[:2] for text in cue_texts(step)]
    assert any(is_a_way_out(text) for text in early), (
        f"{script_id}: no cue in its first two steps says people may open their eyes, shift, stop, "
        "or rest attention outside the body"
    )


def test_the_rule_for_a_way_out_needs_every_part() -> None:
    whole = "you're free to open your eyes, shift or move, stop, or rest on a sound in the room."
    assert is_a_way_out(whole)
    assert not is_a_way_out("you're free to open your eyes or stop at any time.")
    assert not is_a_way_out("let your eyes rest, and notice the breath.")


@pytest.mark.parametrize("script_id", sorted(BUILTINS))
def test_every_settle_step_offers_a_choice_of_anchors(script_id: str) -> None:
    for index, step in enumerate(BUILTINS[script_id].steps):
        if step.kind is StepKind.SETTLE:
            found = anchors_in(cue_texts(step))
            assert len(found) >= 2, f"{script_id} steps[{index}] offers {sorted(found) or 'no anchor'}"


@pytest.mark.parametrize("script_id", sorted(BUILTINS))
def test_the_notes_say_what_to_do_if_something_painful_comes_up(script_id: str) -> None:
    notes = " ".join(BUILTINS[script_id].facilitator_notes.lower().split())
    assert "something painful comes up" in notes, script_id
    for move in ("pause", "outward anchor", "do not probe", "afterwards"):
        assert move in notes, f"{script_id}: the notes on painful moments leave out {move!r}"


@pytest.mark.parametrize("script_id", GROUP_IDS)
def test_a_group_purpose_says_anyone_may_pass(script_id: str) -> None:
    purpose = BUILTINS[script_id].purpose.lower()
    assert re.search(r"\bpass\b", purpose), f"{script_id}: the purpose never says anyone may pass"


@pytest.mark.parametrize("script_id", GROUP_IDS)
def test_a_group_script_plans_its_inquiry_time(script_id: str) -> None:
    # As the assessment counts it: the debrief's planned time, and the inquiry steps on the session clock
    # (a whole lesson times its inquiry there, one prompt to a step).
    script = BUILTINS[script_id]
    on_the_clock = sum(s.duration + s.landing for s in script.steps if s.kind is StepKind.INQUIRY)
    planned = script.debrief.planned + on_the_clock
    assert 3 * 60_000 <= planned <= 30 * 60_000, f"{script_id}: {planned} ms of inquiry planned"


@pytest.mark.parametrize("script_id", GROUP_IDS)
def test_a_group_states_confidentiality_with_its_limit_and_knows_what_to_do_with_a_disclosure(
    script_id: str,
) -> None:
    script = BUILTINS[script_id]
    reminders = " ".join(script.ethical_reminders).lower()
    assert "stays" in reminders or "keep it between" in reminders, f"{script_id}: no confidentiality agreed"
    assert "safe" in reminders, f"{script_id}: confidentiality is promised without its limit"
    notes = " ".join(script.facilitator_notes.lower().split())
    # A school has its own words for it: no questions for details, and support for the teacher afterwards.
    school = script_id == "classroom-pairs"
    moves = (
        "listen calmly",
        "do not ask for details" if school else "do not probe for details",
        "safeguarding procedure",
        "support for yourself" if school else "supervision",
    )
    for move in moves:
        assert move in notes, f"{script_id}: the note on a disclosure leaves out {move!r}"


def test_the_classroom_says_the_limit_in_words_for_a_school() -> None:
    reminders = " ".join(BUILTINS["classroom-pairs"].ethical_reminders).lower()
    assert "tell a teacher" in reminders
    assert "unless they want to share it" not in reminders, "the old, unconditional promise is gone"


def test_rains_nurture_offers_a_way_for_someone_for_whom_kindness_is_hard() -> None:
    nurture = next(step for step in BUILTINS["rain"].steps if step.title == "Nurture")
    offered = " ".join(cue_texts(nurture))
    for alternative in ("kind gesture", "warm", "a place", "someone else", "simply rest"):
        assert alternative in offered, f"Nurture does not offer {alternative!r}"
    assert "hard or unwelcome" in offered


def test_uninterrupted_turns_are_not_talked_over() -> None:
    assert BUILTINS["speak-reflect-respond"].warnings == "bell"
    assert BUILTINS["timed-pair-share"].warnings != "spoken"


@pytest.mark.parametrize("script_id", GROUNDED_IDS)
def test_a_scripts_own_grounding_words_offer_an_outward_anchor(script_id: str) -> None:
    grounding = BUILTINS[script_id].grounding.lower()
    assert any(word in grounding for word in ("room", "floor", "chair", "sound")), script_id


def test_the_triads_script_helps_a_group_that_does_not_divide_by_three() -> None:
    script = BUILTINS["triads-observer"]
    notes = " ".join(script.facilitator_notes.lower().split())
    assert "does not divide by three" in notes
    assert "in round 3, while c speaks in the threes, the pair reflects together" in notes
    said = " ".join(text for step in script.steps for text in cue_texts(step))
    assert "in a pair, this round" in said, "the room hears what a pair does in round 3"


# ------------------------------------------------------------------------------------------ the round rule
def script_with_rounds(*rounds: int | None) -> bytes:
    head = b'id = "rounds"\ntitle = "Rounds"\nmode = "one-to-one"\npurpose = "To test rounds."\n'
    steps = b"".join(
        b'\n[[steps]]\nkind = "exercise"\ntitle = "Step %d"\nduration = "30s"\n' % index
        + (b"round = %d\n" % number if number is not None else b"")
        for index, number in enumerate(rounds)
    )
    return head + steps


def test_a_round_number_reused_after_other_steps_is_reported_with_its_line() -> None:
    with pytest.raises(ScriptProblems) as raised:
        parse_script(script_with_rounds(None, 1, 1, None, 1), "r.toml")
    (problem,) = raised.value.problems
    assert problem.field == "steps[4].round"
    assert problem.line is not None
    assert "round 1 appears again here, after other steps (it began at steps[1])" in problem.message
    assert "give each round its own number" in problem.message


def test_a_round_broken_by_another_round_is_reported_too() -> None:
    with pytest.raises(ScriptProblems) as raised:
        parse_script(script_with_rounds(1, 2, 1, 2), "r.toml")
    assert [p.field for p in raised.value.problems] == ["steps[2].round", "steps[3].round"]


@pytest.mark.parametrize(
    "rounds",
    [
        (None, 1, 1, 1, None),
        (1, 1, 2, 2, 3),
        (1, None, 2, None, 3),
        (None, None, None),
    ],
)
def test_neighbouring_steps_may_share_a_round(rounds: tuple[int | None, ...]) -> None:
    script = parse_script(script_with_rounds(*rounds))
    assert script.round_problems() == []
