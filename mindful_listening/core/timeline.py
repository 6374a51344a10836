"""Compiling a script into a timeline: every step and cue at an integer-millisecond offset."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

from mindful_listening.core.script import Bell, Breathing, Mode, Prompt, Roles, Script, StepKind, WarningStyle


class CueKind(StrEnum):
    START = "start"
    INFO = "info"
    WARNING = "warning"
    END = "end"
    LANDING = "landing"  # after zero, in the soft landing: said as written


@dataclass(frozen=True)
class Cue:
    """A spoken (and captioned) line, or a bell, at a point in a step.

    ``anchor_ms`` counts from the anchor: after the start, before the end (the countdown reaching zero), or
    after the end, inside the soft landing."""

    anchor: Literal["start", "end", "landing"]
    anchor_ms: int
    text: str
    bell: Bell
    kind: CueKind

    def offset_ms(self, countdown_ms: int) -> int:
        """Milliseconds after the step start, for a step whose countdown lasts ``countdown_ms``."""
        if self.anchor == "start":
            return self.anchor_ms
        if self.anchor == "landing":
            return countdown_ms + self.anchor_ms
        return max(0, countdown_ms - self.anchor_ms)


@dataclass(frozen=True)
class Step:
    """One step of the timeline, placed in time."""

    index: int
    kind: StepKind
    title: str
    start_ms: int
    duration_ms: int
    landing_ms: int
    open_ended: bool
    roles: Roles | None
    caption: str
    notes: str
    round: int | None
    breathing: Breathing | None
    cues: tuple[Cue, ...]
    # The debrief prompt a timed inquiry step explores: its index in the script's prompts (0 is the first).
    prompt_index: int | None = None

    @property
    def span_ms(self) -> int:
        """The planned time the step occupies: the countdown plus its soft landing."""
        return self.duration_ms + self.landing_ms

    @property
    def end_ms(self) -> int:
        return self.start_ms + self.span_ms


@dataclass(frozen=True)
class Timeline:
    """The script's steps in order, each with its start and length."""

    script: Script
    steps: tuple[Step, ...]

    @property
    def total_ms(self) -> int:
        return sum(step.span_ms for step in self.steps)

    @property
    def mode(self) -> Mode:
        return self.script.mode

    def prompt_of(self, step: Step) -> Prompt | None:
        """The debrief prompt ``step`` explores (an inquiry step that names one), else ``None``."""
        if step.prompt_index is None:
            return None
        return self.script.debrief.prompts[step.prompt_index]

    def round_start(self, index: int) -> int:
        """The first step of the round that step ``index`` belongs to (itself when it has no round)."""
        number = self.steps[index].round
        if number is None:
            return index
        first = index
        while first > 0 and self.steps[first - 1].round == number:
            first -= 1
        return first

    def to_plan(self) -> dict[str, Any]:
        """The planned timeline as plain data (what ``rehearse --json`` prints)."""
        return {
            "id": self.script.id,
            "title": self.script.title,
            "mode": self.script.mode.value,
            "total_ms": self.total_ms,
            "steps": [
                {
                    "index": step.index,
                    "start_ms": step.start_ms,
                    "duration_ms": step.span_ms,
                    "countdown_ms": step.duration_ms,
                    "landing_ms": step.landing_ms,
                    "open_ended": step.open_ended,
                    "kind": step.kind.value,
                    "title": step.title,
                    "roles": step.roles.model_dump(exclude_none=True) if step.roles else None,
                    "caption": step.caption,
                    "prompt": self._planned_prompt(step),
                    "cues": [
                        {
                            "at_ms": step.start_ms + cue.offset_ms(step.duration_ms),
                            "text": cue.text,
                            "kind": cue.kind.value,
                            "bell": cue.bell,
                        }
                        for cue in step.cues
                    ],
                }
                for step in self.steps
            ],
        }

    def _planned_prompt(self, step: Step) -> dict[str, Any] | None:
        prompt = self.prompt_of(step)
        if prompt is None or step.prompt_index is None:
            return None
        return {
            "number": step.prompt_index + 1,
            "layer": prompt.layer.value,
            "role": prompt.role,
            "text": prompt.text,
        }


def what_sounds(cue: Cue, warnings: WarningStyle) -> tuple[str, Bell]:
    """What sounds for ``cue`` (words, bell) when warnings are given in the ``warnings`` style: a warning by
    bell rings a soft bell in place of its words, by caption it is silent; its caption shows either way.
    Other cues sound as written."""
    if cue.kind is not CueKind.WARNING or warnings == "spoken":
        return cue.text, cue.bell
    if warnings == "bell":
        return "", "soft"
    return "", "none"


def _kind_for(anchor: str, anchor_ms: int) -> CueKind:
    if anchor == "landing":
        return CueKind.END if anchor_ms == 0 else CueKind.LANDING
    if anchor == "start":
        return CueKind.START if anchor_ms == 0 else CueKind.INFO
    return CueKind.END if anchor_ms == 0 else CueKind.WARNING


def compile_script(script: Script) -> Timeline:
    """Lay the script's steps end to end; cues sorted by when they fall in their step."""
    steps: list[Step] = []
    start = 0
    for index, spec in enumerate(script.steps):
        cues: list[Cue] = []
        for cue_spec in spec.cues:
            anchor, anchor_ms = cue_spec.anchor()
            cues.append(Cue(anchor, anchor_ms, cue_spec.text, cue_spec.bell, _kind_for(anchor, anchor_ms)))
        if spec.bell != "none":
            first_start = next(
                (i for i, c in enumerate(cues) if c.anchor == "start" and c.anchor_ms == 0), None
            )
            if first_start is None:
                cues.insert(0, Cue("start", 0, "", spec.bell, CueKind.START))
            elif cues[first_start].bell == "none":
                c = cues[first_start]
                cues[first_start] = Cue(c.anchor, c.anchor_ms, c.text, spec.bell, c.kind)
        cues.sort(key=lambda c: c.offset_ms(spec.duration))
        step = Step(
            index=index,
            kind=spec.kind,
            title=spec.title,
            start_ms=start,
            duration_ms=spec.duration,
            landing_ms=spec.landing,
            open_ended=spec.open_ended,
            roles=spec.roles,
            caption=spec.caption,
            notes=spec.notes,
            round=spec.round,
            breathing=spec.breathing,
            cues=tuple(cues),
            prompt_index=None if spec.prompt is None else spec.prompt - 1,
        )
        steps.append(step)
        start = step.end_ms
    return Timeline(script=script, steps=tuple(steps))
