"""The planned timeline, step by step with every cue and bell, as a tree: the library's Rehearse tab and the
script editor's preview draw it the same way."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from mindful_listening.core.durations import describe_ms, format_clock
from mindful_listening.core.script import StepKind
from mindful_listening.core.timeline import Step, Timeline, what_sounds
from mindful_listening.ui import phase


def _tr(text: str) -> str:
    return QCoreApplication.translate("LibraryPage", text)


def fill_plan(plan: QTreeWidget, timeline: Timeline) -> None:
    """Add every step of the timeline to ``plan`` (a three-column tree: at, what happens, length)."""
    bells = {"single": _tr("bell"), "double": _tr("double bell"), "soft": _tr("soft bell"), "none": ""}
    for step in timeline.steps:
        length = describe_ms(step.duration_ms)
        if step.landing_ms:
            length += _tr(" + %1 landing").replace("%1", describe_ms(step.landing_ms))
        if step.open_ended:
            length += _tr(" (waits for you)")
        row = QTreeWidgetItem(
            [format_clock(step.start_ms), f"{step.title}  [{phase.step_words(step)}]", length]
        )
        row.setToolTip(2, length)  # whole, where a narrow column cuts it short
        font = QFont(row.font(1))
        font.setBold(True)
        row.setFont(1, font)
        plan.addTopLevelItem(row)
        shown = room_words(timeline, step)
        if shown:
            child = QTreeWidgetItem([format_clock(step.start_ms), shown, ""])
            child.setToolTip(1, shown)
            row.addChild(child)
        for cue in step.cues:
            # As the room will meet it: a warning given by bell or caption is not spoken.
            spoken, ring = what_sounds(cue, timeline.script.warnings)
            bell = bells[ring]
            words = f"“{cue.text}”" if cue.text else ""
            if cue.text and not spoken:
                words += _tr(" (caption only)")
            text = " ".join(part for part in (f"[{bell}]" if bell else "", words) if part)
            at = step.start_ms + cue.offset_ms(step.duration_ms)
            child = QTreeWidgetItem([format_clock(at), text, ""])
            child.setToolTip(1, text)
            row.addChild(child)
        row.setExpanded(True)
    plan.addTopLevelItem(QTreeWidgetItem([format_clock(timeline.total_ms), _tr("End"), ""]))


def room_words(timeline: Timeline, step: Step) -> str:
    """What the room sees during a timed purpose or inquiry step (empty for any other step)."""
    prompt = timeline.prompt_of(step)
    if prompt is not None and step.prompt_index is not None:
        return (
            _tr("In the room: prompt %1, “%2”")
            .replace("%1", str(step.prompt_index + 1))
            .replace("%2", prompt.text)
        )
    if step.kind is StepKind.PURPOSE:
        return _tr("In the room: the purpose, with the time")
    if step.kind is StepKind.INQUIRY:
        return _tr("In the room: the debrief's introduction, with the time")
    return ""
