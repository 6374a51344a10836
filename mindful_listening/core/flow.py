"""The session's stages and the debrief notebook: plain Python, no Qt, tested with plain values.

These are rules about *what happens when* (which stage follows which, when the "forgot to start?" nudge is
due, where a note is kept), so they do not belong in a widget: the practice session
(:mod:`mindful_listening.session`) applies them and the windows only ask and forward.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from mindful_listening.core.record import Note, RecordSink, SessionRecord, utc_now_iso
from mindful_listening.core.runner import SessionLog, State
from mindful_listening.core.script import Script

NUDGE_AFTER_MS = 45_000  # a practice stage open this long without starting gets a gentle reminder

# Said and captioned when the facilitator pauses to ground the room, unless the script has words of its own:
# an outward anchor, offered, with no hurry to go on.
GROUNDING_WORDS = (
    "Let's pause here together. If it helps, open your eyes and let them rest on something in the room. "
    "You might feel your feet on the floor, or the chair holding you, and notice a few sounds around you. "
    "There's no hurry. We'll carry on when you're ready."
)


def grounding_words(script: Script) -> str:
    return script.grounding or GROUNDING_WORDS


class Stage(StrEnum):
    LIBRARY = "library"
    PURPOSE = "purpose"
    PRACTICE = "practice"
    DEBRIEF = "debrief"


STAGE_ORDER = (Stage.LIBRARY, Stage.PURPOSE, Stage.PRACTICE, Stage.DEBRIEF)


@dataclass(frozen=True)
class Move:
    """What a "next" or "back" press means now: change stage, hand an intent to the session, or nothing."""

    stage: Stage | None = None
    session: Literal["start", "skip", "back"] | None = None


def next_move(stage: Stage, state: State | None, clicker: bool = False) -> Move:
    """PageDown / Right: move to the next stage, or skip to the next step while the practice is on. Before the
    practice starts, Right chooses the step to begin at, and the clicker's PageDown starts it (a clicker has
    no Space). On a paused practice the clicker's PageDown carries on where it was: a held room is never
    skipped past a step it has not had."""
    if stage is Stage.LIBRARY:
        return Move(stage=Stage.PURPOSE) if state is not None else Move()
    if stage is Stage.PURPOSE:
        return Move(stage=Stage.PRACTICE)
    if stage is Stage.PRACTICE:
        if state is State.FINISHED:
            return Move(stage=Stage.DEBRIEF)
        if state in (State.READY, State.PAUSED) and clicker:
            return Move(session="start")
        return Move(session="skip")
    return Move()


def back_move(stage: Stage, state: State | None, index: int) -> Move:
    """PageUp / Left: step back within the practice, or return to the previous stage."""
    if stage is Stage.PURPOSE:
        return Move(stage=Stage.LIBRARY)
    if stage is Stage.PRACTICE:
        if state in (State.RUNNING, State.PAUSED) or (state is State.READY and index > 0):
            return Move(session="back")
        if state is State.READY:
            return Move(stage=Stage.PURPOSE)
        return Move()
    if stage is Stage.DEBRIEF:
        return Move(stage=Stage.PRACTICE)
    return Move()


UNDO_FOR_MS = 10_000  # a step back or a repeat pressed by mistake can be undone this long after


class Undoable(StrEnum):
    """The moves a stray key press can make that Ctrl+Z takes back (finishing asks first instead)."""

    REPEAT = "repeat"
    BACK = "back"


def under_way(state: State | None) -> bool:
    """A practice has started and not finished (running, or paused)."""
    return state in (State.RUNNING, State.PAUSED)


def must_end_practice_first(target: Stage, state: State | None) -> bool:
    """Going to another stage while a practice is under way: the room never shows a stage the clock is not
    in, so the practice ends first, and the facilitator is asked (the clock waits, paused, meanwhile)."""
    return target is not Stage.PRACTICE and under_way(state)


DEBRIEF_OPENING = -1  # where the debrief begins: its introduction, before the first prompt


def next_debrief_at(at: int, prompts: int) -> int:
    """PageDown in the debrief: the next prompt; after the last, the closing (``prompts``), where it stays."""
    return min(at + 1, prompts)


def previous_debrief_at(at: int) -> int | None:
    """PageUp in the debrief: the prompt before, then the introduction; None from there (back to the
    practice stage)."""
    return None if at <= DEBRIEF_OPENING else at - 1


def stage_after_finish() -> Stage:
    """When the last step ends (or the facilitator finishes early) the debrief follows."""
    return Stage.DEBRIEF


def should_nudge(stage: Stage, state: State | None) -> bool:
    """The practice stage is open but its timer has not been started."""
    return stage is Stage.PRACTICE and state is State.READY


def can_change_script(state: State | None) -> bool:
    """A different script may be chosen unless a practice is under way (pause or finish it first)."""
    return state not in (State.RUNNING, State.PAUSED)


def parse_participants(text: str) -> list[str]:
    """Codes or initials separated by commas, semicolons or new lines."""
    return [part.strip() for part in re.split(r"[,;\n]", text) if part.strip()]


class Notebook:
    """Keeps the session record and hands it to the sink after every change. Never logs what it holds."""

    def __init__(self, script: Script, planned_total_ms: int, sink: RecordSink) -> None:
        self.script = script
        self._planned = planned_total_ms
        self._sink = sink
        self.record: SessionRecord | None = None
        self._notes: dict[int, str] = {}
        self._framework = "free"  # the reflective framework chosen (core.reflection), before the record opens

    def take_up(self, record: SessionRecord) -> None:
        """Carry on an earlier record of this script (a practice taken up where it stopped): its notes too."""
        self.record = record
        self._framework = record.reflection_framework
        prompts = [p.text for p in self.script.debrief.prompts]
        self._notes = {prompts.index(n.prompt): n.text for n in record.notes if n.prompt in prompts}

    def close_session(self) -> None:
        """The closing of the debrief: the session is over, and its record says so."""
        if self.record is not None and self.record.ended_at is None:
            self.record.ended_at = utc_now_iso()
            self.save(immediate=True)

    def begin(self) -> SessionRecord:
        """Open the record (at the session's start, or at the first note written before it)."""
        if self.record is None:
            self.record = SessionRecord.begin(self.script, self._planned)
            self.record.reflection_framework = self._framework
        return self.record

    def note(self, index: int) -> str:
        return self._notes.get(index, "")

    def set_note(self, index: int, text: str) -> None:
        prompts = self.script.debrief.prompts
        if not 0 <= index < len(prompts):
            raise IndexError(f"no debrief prompt number {index}")
        if self._notes.get(index, "") == text:
            return
        self._notes[index] = text
        record = self.begin()
        record.notes = [
            Note(prompts[i].text, body, prompts[i].layer.value, prompts[i].role)
            for i, body in sorted(self._notes.items())
            if body
        ]
        self.save()

    def set_free_notes(self, text: str) -> None:
        if text != self.free_notes:
            self.begin().free_notes = text
            self.save()

    def set_reflection(self, text: str) -> None:
        if self.record is None or text != self.record.reflection:
            self.begin().reflection = text
            self.save()

    def set_reflection_framework(self, key: str) -> None:
        """How the facilitator reflects on this session (``core.reflection``), kept till the record opens."""
        self._framework = key
        if self.record is not None and key != self.record.reflection_framework:
            self.record.reflection_framework = key
            self.save()

    def set_reflection_stage(self, framework: str, stage: str, text: str) -> None:
        """What was written at one stage of a framework (which is then the one in use)."""
        if self.record is None or text != self.record.stage_text(framework, stage):
            record = self.begin()
            record.set_stage_text(framework, stage, text)
            record.reflection_framework = self._framework = framework
            self.save()

    def set_participants(self, text: str) -> None:
        codes = parse_participants(text)
        if self.record is None or codes != self.record.participants:
            self.begin().participants = codes
            self.save()

    @property
    def free_notes(self) -> str:
        return self.record.free_notes if self.record else ""

    def absorb(self, log: SessionLog, ended: bool) -> None:
        """Copy what the clock saw into the record; ``ended`` stamps the end time."""
        if log.started_at_ms is None and self.record is None:
            return
        record = self.begin()
        record.absorb(log)
        if ended and record.ended_at is None:
            record.ended_at = utc_now_iso()
        self.save(immediate=True)

    def save(self, immediate: bool = False) -> None:
        """Hand the record to the sink (which returns at once); ``immediate`` at a stage change or close."""
        if self.record is None:
            return
        self._sink.save(self.record, immediate=immediate)


def pick_audience_screen(names: list[str], preferred: str) -> int | None:
    """The screen for the room view: the one chosen before, else the second; ``None`` with one screen."""
    if preferred and preferred in names and len(names) > 1:
        return names.index(preferred)
    if len(names) > 1:
        return 1
    return None
