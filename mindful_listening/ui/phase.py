"""Words and tones for what a snapshot shows: the text both views draw, worked out in one place.

Nothing here decides what happens next; it only names what the runner says is happening now, so the room
view and the presenter console always use the same words.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from mindful_listening.core.durations import describe_ms, format_clock
from mindful_listening.core.runner import Snapshot, State
from mindful_listening.core.script import Mode, Script, StepKind
from mindful_listening.core.timeline import Cue, Step, Timeline
from mindful_listening.ui.theme import Tone


def _t(text: str) -> str:
    return QCoreApplication.translate("Phase", text)


# One entry per step kind: what the room reads for it, and its tone. A new kind is added here (a test checks).
KIND_WORDS: dict[StepKind, tuple[str, Tone]] = {
    StepKind.PURPOSE: ("Why we are practising", Tone.QUIET),  # the room shows the purpose itself
    StepKind.SETTLE: ("Settling in", Tone.QUIET),  # the room reads the step's own title (see phase_of)
    StepKind.THINK: ("Think time", Tone.QUIET),
    StepKind.TURN: ("Speaking", Tone.SPEAK),
    StepKind.REFLECT: ("Reflecting back", Tone.REFLECT),
    StepKind.RESPOND: ("Responding", Tone.REFLECT),
    StepKind.PAUSE: ("Silent pause", Tone.QUIET),
    StepKind.SWAP: ("Swap roles", Tone.SWAP),
    StepKind.CLOSING: ("Closing", Tone.QUIET),
    StepKind.INQUIRY: ("Reflecting together", Tone.REFLECT),
    StepKind.BREATHE: ("Breathing together", Tone.QUIET),
    StepKind.EXERCISE: ("Practice", Tone.SPEAK),
}


@dataclass(frozen=True)
class PhaseLook:
    """What the room is told the phase is, in words and in colour."""

    words: str
    tone: Tone


def step_words(step: Step) -> str:
    return _t(KIND_WORDS[step.kind][0])


def phase_of(snapshot: Snapshot) -> PhaseLook:
    """The phase in words and tone. The words alone always say everything the colour says."""
    words, tone = KIND_WORDS[snapshot.step.kind]
    if snapshot.state is State.READY:
        return PhaseLook(_t("Ready when you are"), Tone.READY)
    if snapshot.state is State.FINISHED:
        return PhaseLook(_t("Practice complete"), Tone.QUIET)
    if snapshot.past_zero:
        if snapshot.step.open_ended:
            return PhaseLook(_t("Counting past zero — take the time you need"), Tone.OVERTIME)
        return PhaseLook(_t("Counting past zero — let your last words land"), Tone.OVERTIME)
    # A settle step may be an arrival, getting ready or the topic being given: its own title says which.
    said = snapshot.step.title if snapshot.step.kind is StepKind.SETTLE and snapshot.step.title else _t(words)
    if snapshot.state is State.PAUSED:
        return PhaseLook(_t("Paused · %1").replace("%1", said), Tone.PAUSED)
    return PhaseLook(said, tone)


def role_lines(step: Step) -> list[str]:
    """``["Speaking: A", "Listening: B"]``, plus ``"Observing: C"`` in triads; empty when no roles."""
    if step.roles is None:
        return []
    lines = [
        _t("Speaking: %1").replace("%1", step.roles.speaker),
        _t("Listening: %1").replace("%1", step.roles.listener),
    ]
    if step.roles.observer:
        lines.append(_t("Observing: %1").replace("%1", step.roles.observer))
    return lines


def headline(step: Step) -> str:
    """What stands in for the roles when a step has none (a pause, a swap): its caption or title."""
    return step.caption or step.title


def digits(snapshot: Snapshot) -> str:
    return format_clock(snapshot.remaining_ms)


def following_text(timeline: Timeline, index: int) -> str:
    """What comes after step ``index``: ``Silent pause · 30 s``, or the debrief after the last step."""
    if index + 1 < len(timeline.steps):
        following = timeline.steps[index + 1]
        return f"{following.caption or following.title} · {describe_ms(following.span_ms)}"
    return _t("reflecting together")


def next_step_text(timeline: Timeline, index: int) -> str:
    """The room's "what comes next" line: ``Next: Silent pause · 30 s``."""
    return _t("Next: %1").replace("%1", following_text(timeline, index))


def upcoming_cue(snapshot: Snapshot) -> tuple[Cue, int] | None:
    """The next spoken cue of the current step and the milliseconds until it, if one is still to come."""
    if snapshot.state is State.FINISHED:
        return None
    for cue in snapshot.step.cues:
        offset = cue.offset_ms(snapshot.countdown_ms)
        still_to_come = offset > snapshot.elapsed_ms or (
            offset == snapshot.elapsed_ms and snapshot.state is State.READY
        )
        if cue.text and still_to_come:
            return cue, offset - snapshot.elapsed_ms
    return None


def reflow(text: str) -> str:
    """Join a script's hand-wrapped lines into flowing paragraphs (a blank line starts a new one)."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in text.strip().splitlines():
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


# Offered when a script gives no reminders of its own: invitation, and confidentiality with its limit, in
# words that fit who is in the room.
FALLBACK_REMINDERS: dict[Mode, tuple[str, ...]] = {
    Mode.PAIRS: (
        "Taking part is an invitation: anyone may pass, or take part only as far as they wish.",
        "What is shared in a pair stays in the pair, unless someone may be at risk: then keeping people "
        "safe comes first.",
    ),
    Mode.TRIADS: (
        "Taking part is an invitation: anyone may pass, or take part only as far as they wish.",
        "What is shared in a group of three stays in it, unless someone may be at risk: then keeping people "
        "safe comes first.",
    ),
    Mode.ONE_TO_ONE: (
        "This is an invitation: you may pause, open your eyes or stop at any time.",
        "What you share stays between us, within the limits of keeping you safe and of my supervision.",
    ),
}


def reminders(script: Script) -> list[str]:
    """The reminders to offer: the script's own, else ones that fit its mode."""
    if script.ethical_reminders:
        return list(script.ethical_reminders)
    return [_t(line) for line in FALLBACK_REMINDERS[script.mode]]


def based_on_words(script: Script) -> str:
    """Where the practice comes from, as the laptop says it (empty when the script does not say)."""
    return _t("Based on: %1").replace("%1", script.based_on) if script.based_on else ""
