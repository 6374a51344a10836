"""The session script: what a facilitator writes in TOML, as checked Python objects.

The format is documented for facilitators in docs/script-format.md. Every model forbids unknown keys so a typo
("durtion") is reported instead of silently ignored. The models are frozen dataclasses checked field by field
(:mod:`mindful_listening.core.models`; why not pydantic: docs/decisions/0017-script-models-plain.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal, get_args

from mindful_listening.core.characters import quoted, visible_form
from mindful_listening.core.durations import DurationError, describe_exact_ms, parse_duration_ms
from mindful_listening.core.models import (
    Check,
    Found,
    Loc,
    Model,
    choice,
    converted,
    many,
    member,
    nested,
    optional,
    problem,
    rules,
    strict_bool,
    strict_int,
    text,
    value_problem,
)

MAX_STEP_MS = 3 * 3_600_000
MAX_SESSION_MS = 8 * 3_600_000
MAX_LANDING_MS = 5 * 60_000
MIN_STEP_MS = 1_000
MAX_STEPS = 200
MAX_CUES = 50  # in one step


class Mode(StrEnum):
    PAIRS = "group-pairs"
    TRIADS = "group-triads"
    ONE_TO_ONE = "one-to-one"


class StepKind(StrEnum):
    # The purpose stated on the clock: the room sees the purpose text, with the time small.
    PURPOSE = "purpose"
    SETTLE = "settle"
    THINK = "think"
    TURN = "turn"
    REFLECT = "reflect"
    RESPOND = "respond"
    PAUSE = "pause"
    SWAP = "swap"
    CLOSING = "closing"
    INQUIRY = "inquiry"
    BREATHE = "breathe"
    EXERCISE = "exercise"


class Layer(StrEnum):
    NOTICING = "noticing"
    DIALOGUE = "dialogue"
    LINKING = "linking"


Bell = Literal["single", "double", "soft", "none"]
PromptRole = Literal["speaker", "listener", "observer", "everyone"]


def _to_ms(value: object) -> int:
    try:
        return parse_duration_ms(value)
    except DurationError as exc:
        raise ValueError(str(exc)) from None


def _format(value: object, loc: Loc, found: Found) -> object:
    """``format = 1``: the number 1 (``1.0`` too), never ``true`` (Python says ``True == 1``; a facilitator
    would not)."""
    if isinstance(value, bool):
        return value_problem(
            found, loc, value, ValueError(f"expected the number 1, found {str(value).lower()}")
        )
    if isinstance(value, int) and not -(2**63) <= value < 2**63:  # pydantic's words for such a number
        return problem(
            found,
            "int_parsing_size",
            loc,
            value,
            "Unable to parse input string as an integer, exceeded maximum size",
        )
    if isinstance(value, int | float) and value == 1:
        return 1
    return problem(found, "literal_error", loc, value, "Input should be 1", expected="1")


def _duration(*after: Callable[[int], int]) -> Check:
    """A duration as facilitators write it (``"2m"``, ``"1m 30s"``, a number of seconds), in milliseconds."""
    return converted(_to_ms, *after)


# Text the room sees or hears, or the facilitator reads: no control characters, something visible.
_SHORT_TEXT = text(1, 200)
_LONG_TEXT = text(0, 4000)
_BELL = choice(*get_args(Bell))


def _cue_time(value: str) -> str:
    if value in ("start", "end"):
        return value
    try:
        parse_duration_ms(value[1:] if value[:1] == "+" else value.removeprefix("-"))
    except DurationError:
        raise ValueError(
            f'{quoted(value)} is not a cue time: use "start", "end", a time after the start like "30s", '
            'a time before the end like "-1m", or a time in the soft landing after zero like "+10s"'
        ) from None
    return value


@rules(at=text(plain=False, after=_cue_time), text=text(1, 400), bell=_BELL)
@dataclass(frozen=True, slots=True, init=False, eq=False, repr=False, kw_only=True)
class CueSpec(Model):
    """Something said (and captioned) during a step.

    ``at`` is ``"start"``, ``"end"``, a time after the start (``"30s"``), a time before the end (``"-1m"``)
    or a time after the countdown reaches zero, inside the step's soft landing (``"+10s"``).
    """

    at: str = "start"
    text: str
    bell: Bell = "none"

    def anchor(self) -> tuple[Literal["start", "end", "landing"], int]:
        """Where the cue sits: (``"start"``, ms after the start), (``"end"``, ms before the end) or
        (``"landing"``, ms after the countdown reaches zero, inside the soft landing)."""
        if self.at == "start":
            return ("start", 0)
        if self.at == "end":
            return ("end", 0)
        if self.at.startswith("-"):
            return ("end", parse_duration_ms(self.at[1:]))
        if self.at.startswith("+"):
            return ("landing", parse_duration_ms(self.at[1:]))
        return ("start", parse_duration_ms(self.at))


_PERSON = text(1, 20)


@rules(speaker=_PERSON, listener=_PERSON, observer=optional(_PERSON))
@dataclass(frozen=True, slots=True, init=False, eq=False, repr=False, kw_only=True)
class Roles(Model):
    """Who does what in a turn: partner labels such as "A", "B", "C"."""

    speaker: str
    listener: str
    observer: str | None = None

    def after_checks(self) -> list[tuple[Loc, str, object]]:
        # As the room sees them: "A" and "A" with a zero-width space are one person.
        people = [visible_form(p) for p in (self.speaker, self.listener, self.observer) if p is not None]
        if len(set(people)) != len(people):
            raise ValueError("each role needs a different person (for example speaker A, listener B)")
        return []


def _sensible_breath(value: int) -> int:
    if not 1000 <= value <= 20_000:
        raise ValueError(f"{describe_exact_ms(value)} is outside the 1–20 s a comfortable breath takes")
    return value


@rules(inhale=_duration(_sensible_breath), exhale=_duration(_sensible_breath))
@dataclass(frozen=True, slots=True, init=False, eq=False, repr=False, kw_only=True)
class Breathing(Model):
    """A breathing rhythm for the pacer: seconds in and seconds out."""

    inhale: int = 5000
    exhale: int = 5000


def _duration_in_range(value: int) -> int:
    if value <= 0:
        raise ValueError('a step needs some time: give a duration above zero, such as "2m"')
    if value < MIN_STEP_MS:
        raise ValueError("a step shorter than one second cannot be followed by a room")
    if value > MAX_STEP_MS:
        raise ValueError(f"{describe_exact_ms(value)} is longer than the 3 hours one step may take")
    return value


def _landing_in_range(value: int) -> int:
    if value < 0:
        raise ValueError("a soft landing cannot be negative")
    if value > MAX_LANDING_MS:
        raise ValueError(
            f"a soft landing of {describe_exact_ms(value)}, longer than 5 minutes, is a step of its own: "
            "add one instead"
        )
    return value


@rules(
    kind=member(StepKind),
    title=_SHORT_TEXT,
    duration=_duration(_duration_in_range),
    landing=_duration(_landing_in_range),
    open_ended=strict_bool(),
    roles=optional(nested(Roles)),
    caption=text(0, 400),
    notes=_LONG_TEXT,
    bell=_BELL,
    round=optional(strict_int(ge=1, le=99)),
    breathing=optional(nested(Breathing)),
    prompt=optional(strict_int()),
    cues=many(nested(CueSpec), max_length=MAX_CUES),
)
@dataclass(frozen=True, slots=True, init=False, eq=False, repr=False, kw_only=True)
class StepSpec(Model):
    """One step as the script file describes it."""

    kind: StepKind
    title: str
    duration: int
    landing: int = 0
    open_ended: bool = False
    roles: Roles | None = None
    caption: str = ""
    notes: str = ""
    bell: Bell = "none"
    round: int | None = None
    breathing: Breathing | None = None
    # An inquiry step's debrief prompt: 1 is the first [[debrief.prompts]] (Script checks it is there).
    prompt: int | None = None
    cues: list[CueSpec] = field(default_factory=list)

    def after_checks(self) -> list[tuple[Loc, str, object]]:
        """Every cue falls inside its step; each one that does not is told at its own ``at``."""
        problems = self.cue_problems()
        if problems:
            return [(path, reason, self.cues[int(path[1])].at) for path, reason in problems]
        if self.kind is StepKind.BREATHE and self.breathing is None:
            object.__setattr__(self, "breathing", Breathing())
        return []

    def cue_problems(self) -> list[tuple[tuple[str | int, ...], str]]:
        """Cues timed outside the step (or its landing), as (path within the step, reason) pairs."""
        problems: list[tuple[tuple[str | int, ...], str]] = []
        for index, cue in enumerate(self.cues):
            side, offset = cue.anchor()
            path: tuple[str | int, ...] = ("cues", index, "at")
            if side == "landing":
                if offset > self.landing:
                    problems.append((path, _outside_landing(cue.at, offset, self.landing)))
            elif offset > self.duration:
                where = "after the start" if side == "start" else "before the end"
                problems.append(
                    (
                        path,
                        f"the cue at {quoted(cue.at)} falls outside this {describe_exact_ms(self.duration)} "
                        f"step ({describe_exact_ms(offset)} {where}); shorten it or lengthen the step",
                    )
                )
        return problems


def _outside_landing(at: str, offset: int, landing: int) -> str:
    if not landing:
        return (
            f"the cue at {quoted(at)} is timed after zero, in a soft landing, but this step has none: add "
            'one (e.g. landing = "20s") or time the cue before the end'
        )
    return (
        f"the cue at {quoted(at)} falls after the {describe_exact_ms(landing)} soft landing of this step "
        f"({describe_exact_ms(offset)} after zero); bring it earlier or lengthen the landing"
    )


@rules(layer=member(Layer), role=choice(*get_args(PromptRole)), text=text(1, 600))
@dataclass(frozen=True, slots=True, init=False, eq=False, repr=False, kw_only=True)
class Prompt(Model):
    """One inquiry prompt, for everyone or for the speakers, listeners or observers."""

    layer: Layer
    role: PromptRole = "everyone"
    text: str


def _planned_in_range(value: int) -> int:
    if value < 0:
        raise ValueError("planned inquiry time cannot be negative")
    if value > MAX_STEP_MS:
        raise ValueError(
            f"{describe_exact_ms(value)} is longer than the 3 hours a debrief may be planned for"
        )
    return value


@rules(
    introduction=_LONG_TEXT,
    prompts=many(nested(Prompt), max_length=100),
    planned=_duration(_planned_in_range),
)
@dataclass(frozen=True, slots=True, init=False, eq=False, repr=False, kw_only=True)
class Debrief(Model):
    """The reflective inquiry after the practice: its introduction, prompts and planned time."""

    introduction: str = ""
    prompts: list[Prompt] = field(default_factory=list)
    # Inquiry time planned for the debrief stage, which the assessment evidence counts the debrief against.
    planned: int = 0


# How a warning cue (one timed before a step's end, such as "about a minute left") reaches the room:
# spoken, a soft bell in place of the words, or the caption alone. An uninterrupted turn is better served by
# the quieter two.
WarningStyle = Literal["spoken", "bell", "caption"]


@rules(
    format=Check(_format),
    id=text(plain=False, pattern=r"^[a-z0-9][a-z0-9-]{1,63}$"),
    title=_SHORT_TEXT,
    mode=member(Mode),
    summary=text(0, 600),
    purpose=text(1, 4000),
    facilitator_notes=_LONG_TEXT,
    ethical_reminders=many(text(1, 600), max_length=30),
    based_on=text(0, 600),
    grounding=text(0, 1000),
    warnings=choice(*get_args(WarningStyle)),
    steps=many(nested(StepSpec), min_length=1, max_length=MAX_STEPS),
    debrief=nested(Debrief),
)
@dataclass(frozen=True, slots=True, init=False, eq=False, repr=False, kw_only=True)
class Script(Model):
    """A practice script as its file gives it, checked."""

    format: Literal[1] = 1
    id: str
    title: str
    mode: Mode
    summary: str = ""
    purpose: str
    facilitator_notes: str = ""
    ethical_reminders: list[str] = field(default_factory=list)
    based_on: str = ""  # where the practice comes from
    # Said (and captioned) when the facilitator pauses to ground the room; empty: the app's own words.
    grounding: str = ""
    warnings: WarningStyle = "spoken"
    steps: list[StepSpec]
    debrief: Debrief = field(default_factory=Debrief)

    def after_checks(self) -> list[tuple[Loc, str, object]]:
        """Each ``prompt`` is on an inquiry step and names a debrief prompt there is (told at its line)."""
        return [(path, reason, self.steps[int(path[1])].prompt) for path, reason in self.prompt_problems()]

    def prompt_problems(self) -> list[tuple[tuple[str | int, ...], str]]:
        """Steps whose ``prompt`` is not on an inquiry step or names no debrief prompt, as (path, reason)."""
        problems: list[tuple[tuple[str | int, ...], str]] = []
        count = len(self.debrief.prompts)
        for index, step in enumerate(self.steps):
            number = step.prompt
            if number is None:
                continue
            path: tuple[str | int, ...] = ("steps", index, "prompt")
            if step.kind is not StepKind.INQUIRY:
                problems.append(
                    (
                        path,
                        f'only an "inquiry" step shows a debrief prompt, and this is a "{step.kind.value}" '
                        'step: remove prompt, or make it kind = "inquiry"',
                    )
                )
            elif number < 1:
                problems.append(
                    (path, "debrief prompts are numbered from 1: the first [[debrief.prompts]] is prompt = 1")
                )
            elif count == 0:
                problems.append(
                    (
                        path,
                        f"prompt = {number} names a debrief prompt, but this script has no "
                        "[[debrief.prompts]]: add them, or remove prompt",
                    )
                )
            elif number > count:
                have = (
                    "1 debrief prompt, prompt = 1"
                    if count == 1
                    else f"{count} debrief prompts, numbered 1 to {count} in the order they are written"
                )
                problems.append((path, f"there is no debrief prompt {number}: this script has {have}"))
        return problems

    def length_problems(self, complete: bool = True) -> list[tuple[tuple[str | int, ...], str]]:
        """The whole session past 8 hours, with the exact excess, as (field path, reason) pairs.

        Not a validator: a script whose other fields have problems is still measured, by the steps that can be
        read (``complete=False``: then the steps add up to *at least* what is said)."""
        total = sum(step.duration + step.landing for step in self.steps)
        if total <= MAX_SESSION_MS:
            return []
        least = "" if complete else "at least "
        return [
            (
                ("steps",),
                f"the steps add up to {least}{describe_exact_ms(total)}, "
                f"{describe_exact_ms(total - MAX_SESSION_MS)} more than the 8 hours a session may last",
            )
        ]

    def role_problems(self) -> list[tuple[tuple[str | int, ...], str]]:
        """Roles that do not fit the mode, as (field path, reason) pairs."""
        problems: list[tuple[tuple[str | int, ...], str]] = []
        for index, step in enumerate(self.steps):
            path: tuple[str | int, ...] = ("steps", index, "roles")
            if step.kind is not StepKind.TURN:
                continue
            if self.mode is Mode.ONE_TO_ONE:
                continue
            if step.roles is None:
                problems.append(
                    (
                        path,
                        'a speaking turn in a group needs roles, e.g. roles = { speaker = "A", '
                        'listener = "B" }',
                    )
                )
            elif self.mode is Mode.TRIADS and step.roles.observer is None:
                problems.append((path, "in triads each turn names an observer as well"))
            elif self.mode is Mode.PAIRS and step.roles.observer is not None:
                problems.append((path, 'pairs have no observer: remove it, or set mode = "group-triads"'))
        return problems

    def round_problems(self) -> list[tuple[tuple[str | int, ...], str]]:
        """A round number reused after other steps, as (field path, reason) pairs.

        "Repeat the round" goes back over the unbroken run of neighbouring steps with the current number, so a
        number that comes back later reads as one round to the facilitator but as two to the app.
        """
        problems: list[tuple[tuple[str | int, ...], str]] = []
        first_seen: dict[int, int] = {}
        previous: int | None = None
        for index, step in enumerate(self.steps):
            number = step.round
            if number is not None and number != previous:
                if number in first_seen:
                    problems.append(
                        (
                            ("steps", index, "round"),
                            f"round {number} appears again here, after other steps (it began at "
                            f"steps[{first_seen[number]}]): give each round its own number, and keep a "
                            "round's steps together",
                        )
                    )
                else:
                    first_seen[number] = index
            previous = number
        return problems
