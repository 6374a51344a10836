"""Checks that look at a whole script: what it means as a session, beyond each field on its own.

Two kinds. **Problems** a script cannot be used with (roles that do not fit the mode, a round that comes back,
more than 8 hours) are found even in a file whose fields have other problems, from the steps that can be read
(:func:`partial_script`), so a facilitator sees everything in one pass. **Warnings** (:func:`script_warnings`)
are for a script that works but probably does not do what its author meant: two cues due at the same instant,
and a step's bell that never rings because the step's first cue brings a bell of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mindful_listening.core.durations import DurationError, format_clock, parse_duration_ms
from mindful_listening.core.models import InvalidModel
from mindful_listening.core.script import (
    MAX_LANDING_MS,
    MAX_STEP_MS,
    MIN_STEP_MS,
    Debrief,
    Mode,
    Script,
    StepKind,
    StepSpec,
)

FieldPath = tuple[str | int, ...]
Found = list[tuple[FieldPath, str]]


def cross_problems(script: Script, complete: bool = True, prompts: bool = False) -> Found:
    """The problems of the script as a whole, as (field path, reason) pairs; ``complete=False`` when some
    steps could not be read (then their time is not counted, and the total is "at least"). ``prompts``: the
    steps' ``prompt`` numbers too (the model checks them itself once every field reads)."""
    found = script.length_problems(complete) + script.role_problems() + script.round_problems()
    return found + script.prompt_problems() if prompts else found


def partial_script(parsed: Mapping[str, Any]) -> tuple[Script, bool] | None:
    """The script as far as it can be read, to check it as a whole while its fields have problems; with
    whether every step could be read. ``None`` when there are no steps to speak of.

    A step that cannot be read stands in as a silent step with the round, duration and landing that can be
    read from it (nothing that is not there is made up: its roles are not checked). An unreadable mode stands
    in as one-to-one, the mode that asks nothing of roles.
    """
    raw_steps = parsed.get("steps")
    if not isinstance(raw_steps, list):
        return None
    raw_mode = parsed.get("mode")
    mode = Mode(raw_mode) if isinstance(raw_mode, str) and raw_mode in set(Mode) else Mode.ONE_TO_ONE
    steps: list[StepSpec] = []
    complete = True
    for raw in raw_steps:
        try:
            steps.append(StepSpec.model_validate(raw))
        except (InvalidModel, TypeError, ValueError):
            complete = False
            steps.append(_stand_in(raw))
    try:
        debrief = Debrief.model_validate(parsed.get("debrief", {}))
    except (InvalidModel, TypeError, ValueError):
        debrief = Debrief()  # its own problems are told; no prompt is counted against it
    built = Script.model_construct(id="", title="", purpose="", mode=mode, steps=steps, debrief=debrief)
    return built, complete


def _stand_in(raw: object) -> StepSpec:
    table = raw if isinstance(raw, Mapping) else {}
    number = table.get("round")
    round_ = number if type(number) is int and 1 <= number <= 99 else None
    duration = _ms_within(table.get("duration"), MIN_STEP_MS, MAX_STEP_MS)
    landing = _ms_within(table.get("landing"), 0, MAX_LANDING_MS)
    return StepSpec.model_construct(
        kind=StepKind.PAUSE, title="", duration=duration, landing=landing, round=round_, cues=[]
    )


def _ms_within(value: object, low: int, high: int) -> int:
    """``value`` read as a duration when it is one within ``low``–``high``; else 0 (not counted)."""
    if value is None:
        return 0
    try:
        ms = parse_duration_ms(value)
    except DurationError:
        return 0
    return ms if low <= ms <= high else 0


def script_warnings(script: Script) -> Found:
    """What works but is probably not meant, as (field path, reason) pairs, in the order of the file."""
    return sorted(_shadowed_bells(script) + _cues_at_once(script), key=lambda found: _order(found[0]))


def _order(path: FieldPath) -> tuple[int, ...]:
    return tuple(part if isinstance(part, int) else -1 for part in path)


def _shadowed_bells(script: Script) -> Found:
    """A step's bell rings with its first cue at the start; when that cue has a bell of its own, the step's is
    dropped (core/timeline.py, compile_script). Same bell twice: nothing is lost, so nothing is said."""
    found: Found = []
    for index, step in enumerate(script.steps):
        if step.bell == "none":
            continue
        first = next((j for j, cue in enumerate(step.cues) if cue.anchor() == ("start", 0)), None)
        if first is None:
            continue
        bell = step.cues[first].bell
        if bell not in ("none", step.bell):
            found.append(
                (
                    ("steps", index, "bell"),
                    f'this step\'s "{step.bell}" bell does not ring: its first cue at the start '
                    f'(steps[{index}].cues[{first}]) has a "{bell}" bell of its own, which rings instead; '
                    "keep one of the two",
                )
            )
    return found


def _cues_at_once(script: Script) -> Found:
    """Two cues (or a cue and a step's own bell) due at the same instant of the session.

    The room hears them one straight after the other, the second later than planned, or a bell over words. A
    typical case: a cue at "end" in a step with no landing, and the next step's first cue. Times are on the
    script's clock; an open-ended step waits for the facilitator, so nothing after it can coincide with
    anything before it.
    """
    moments: dict[tuple[int, int], list[tuple[FieldPath, str]]] = {}
    stretch = 0  # counts the open-ended steps passed: each starts a new stretch of the clock
    start = 0
    for index, step in enumerate(script.steps):
        has_start_cue = False
        for j, cue in enumerate(step.cues):
            side, offset = cue.anchor()
            if side == "start":
                at = offset
                has_start_cue = has_start_cue or offset == 0
            elif side == "end":
                at = max(0, step.duration - offset)
            else:
                at = step.duration + offset
            moments.setdefault((stretch, start + at), []).append(
                (("steps", index, "cues", j, "at"), f"steps[{index}].cues[{j}]")
            )
        if step.bell != "none" and not has_start_cue:
            moments.setdefault((stretch, start), []).append(
                (("steps", index, "bell"), f'the "{step.bell}" bell of steps[{index}]')
            )
        start += step.duration + step.landing
        if step.open_ended:
            stretch += 1
    found: Found = []
    for (_, at), together in moments.items():
        if len(together) < 2:
            continue
        first_path, _ = together[0]
        others = " and ".join(name for _, name in together[1:])
        steps = {path[1] for path, _ in together}
        hint = (
            "move one of them"
            if len(steps) == 1
            else f'give steps[{first_path[1]}] a soft landing (e.g. landing = "10s") or move one of them'
        )
        found.append(
            (
                first_path,
                f"this is due at the same moment as {others} ({format_clock(at)} into the session): the room "
                f"hears them together or one straight after the other, later than planned; {hint}",
            )
        )
    return found
