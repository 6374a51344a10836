"""Words shared by the assessment (its panel and PDF report) and the session exports, which may not import
each other: counts in plain English (:func:`count`, kept in :mod:`mindful_listening.core.counting` for the
screens that need no more), and the words for moments and evidence.

Through Qt's translator when Qt is loaded; without it (the command line writing a Markdown export) the English
text is used as it is, so these words load no Qt.
"""

from __future__ import annotations

import sys

from mindful_listening.core.assessment import Emphasis, Evidence, Moment, Observation, Stage, format_elapsed
from mindful_listening.core.counting import count as count  # its own module, for screens needing no more
from mindful_listening.core.durations import describe_ms


def tr(text: str) -> str:
    if "PySide6.QtCore" in sys.modules:
        from PySide6.QtCore import QCoreApplication

        return QCoreApplication.translate("Assessment", text)
    return text


def emphasis_label(emphasis: Emphasis) -> str:
    return tr("Strength") if emphasis is Emphasis.STRENGTH else tr("To develop")


def stage_label(stage: Stage) -> str:
    return {
        Stage.PURPOSE: tr("Purpose"),
        Stage.PRACTICE: tr("Practice"),
        Stage.DEBRIEF: tr("Inquiry"),
    }[stage]


def mode_label(mode: str) -> str:
    """A script's mode as the record keeps it (``group-pairs``) in the report's words (``pairs``)."""
    words = {
        "group-pairs": tr("pairs"),
        "group-triads": tr("triads"),
        "one-to-one": tr("one to one"),
    }
    return words.get(mode, mode.replace("-", " "))


def moment_time(moment: Moment) -> str:
    """The short time of a moment: the session clock in the practice, time into the stage otherwise."""
    if moment.stage is Stage.PRACTICE:
        return format_elapsed(moment.session_ms)
    return tr("{stage} +{time}").format(stage=stage_label(moment.stage), time=format_elapsed(moment.stage_ms))


def moment_place(moment: Moment) -> str:
    """Where the moment fell: ``A speaks, B listens (step 2), 1:05 in``, or the stage."""
    if moment.stage is Stage.PRACTICE and moment.step_index is not None:
        return tr("{title} (step {n}), {time} in").format(
            n=moment.step_index + 1, title=moment.step_title, time=format_elapsed(moment.step_ms)
        )
    if moment.stage is Stage.PURPOSE:
        return tr("before the practice")
    return tr("after the practice")


def moment_label(moment: Moment) -> str:
    return f"{moment_time(moment)} · {moment_place(moment)}"


def observation_line(number: int, observation: Observation, criterion_name: str) -> str:
    text = observation.text or tr("(marker, no note)")
    return f"#{number}  {moment_time(observation.moment)}  [{emphasis_label(observation.emphasis)}] " + (
        f"{criterion_name}: {text}"
    )


def _step(n: int, title: str) -> str:
    return tr("step {n} “{title}”").format(n=n + 1, title=title)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _and(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) <= 1:
        return "".join(items)
    return tr("{list} and {last}").format(list=", ".join(items[:-1]), last=items[-1])


def pace_owner(mode: str) -> str:
    """Whose pace an open-ended step follows: the client's in one-to-one work, otherwise the group's."""
    if mode == "one-to-one":
        return tr("the client's pace")
    if mode.startswith("group-"):
        return tr("the group's pace")
    return tr("the pace of the person practising")


def _inquiry(evidence: Evidence) -> str:
    planned: list[str] = []
    if evidence.inquiry_steps_planned_ms:
        planned.append(
            tr("{time} planned as inquiry steps").format(time=describe_ms(evidence.inquiry_steps_planned_ms))
        )
    if evidence.debrief_planned_ms:
        planned.append(
            tr("{time} planned for the debrief").format(time=describe_ms(evidence.debrief_planned_ms))
        )
    taken: list[str] = []
    if evidence.inquiry_steps_ms:
        taken.append(tr("{time} taken in inquiry steps").format(time=describe_ms(evidence.inquiry_steps_ms)))
    if evidence.debrief_ms:
        taken.append(
            tr("{time} in the debrief after the practice").format(time=describe_ms(evidence.debrief_ms))
        )
    elif planned and evidence.debrief_ms is None:
        taken.append(tr("the debrief was not timed in this record"))
    elif planned:
        taken.append(tr("no debrief stage ran after the practice"))
    if not planned and not taken:
        if evidence.debrief_ms is None:
            return tr("The script plans no time for inquiry, and the debrief was not timed in this record.")
        return tr("The script plans no time for inquiry, and no debrief stage ran after the practice.")
    text = _sentence("; ".join(planned + taken)) + "."
    taken_ms = describe_ms(evidence.inquiry_taken_ms)
    if not planned:
        return (
            text
            + " "
            + tr("In all: {time} of reflective inquiry; the script plans no time for it.").format(
                time=taken_ms
            )
        )
    if evidence.inquiry_taken_ms or evidence.debrief_ms is not None:
        text += " " + tr("In all: {time} of reflective inquiry, {planned} planned.").format(
            time=taken_ms, planned=describe_ms(evidence.inquiry_planned_ms)
        )
    return text


def _added(evidence: Evidence) -> str:
    if not evidence.added:
        return tr("No time was added during the practice.")
    per_step = []
    for run in evidence.added:
        if run.extensions:
            amounts = _and(
                [
                    tr("{time} at {when}").format(time=describe_ms(e.added_ms), when=format_elapsed(e.at_ms))
                    for e in run.extensions
                ]
            )
        else:
            amounts = describe_ms(run.extended_ms)
        words = tr("{step}, {amounts}").format(step=_step(run.index, run.title), amounts=amounts)
        if len(run.extensions) > 1:
            words += tr(" ({time} in all)").format(time=describe_ms(run.extended_ms))
        if run.outcome != "running" and run.added_used_ms < run.extended_ms:
            if run.added_used_ms:
                words += tr(", {time} of it used before moving on").format(
                    time=describe_ms(run.added_used_ms)
                )
            else:
                words += tr(", moved on before it was used")
        per_step.append(words)
    head = count(
        evidence.extension_count,
        tr("Added on purpose"),
        tr("Added once, on purpose"),
        tr("Added {n} times, on purpose, {time} in all"),
        time=describe_ms(evidence.extended_ms),
    )
    return (
        tr("{head}: {list}.").format(head=head, list="; ".join(per_step))
        + " "
        + tr("Adding time on purpose is a teaching decision; it is not counted as running over the plan.")
    )


def _paced(evidence: Evidence) -> str:
    held = []
    for run in evidence.paced:
        guide = describe_ms(run.planned_ms)
        if run.extended_ms:
            guide = tr("{guide} guide and the {added} added").format(
                guide=guide, added=describe_ms(run.extended_ms)
            )
        else:
            guide = tr("{guide} guide").format(guide=guide)
        held.append(
            tr("{step} was held {time} beyond its {guide}").format(
                step=_step(run.index, run.title), time=describe_ms(run.paced_ms), guide=guide
            )
        )
    owner = pace_owner(evidence.mode)
    return (
        _sentence("; ".join(held))
        + ". "
        + tr(
            "An open-ended step waits for the person: its time is a guide, and staying with {owner} is good "
            "practice."
        ).format(owner=owner)
    )


def _over(evidence: Evidence) -> str:
    if evidence.overruns:
        listed = "; ".join(
            tr("{step} by {time}").format(step=_step(r.index, r.title), time=describe_ms(r.over_plan_ms))
            for r in evidence.overruns
        )
        return tr("Ran past the plan, beyond any time added: {list}.").format(list=listed)
    added = any(r.added_used_ms for r in evidence.steps)
    owner = pace_owner(evidence.mode)
    if added and evidence.paced:
        return tr(
            "No step ran over its plan: the extra time was added on purpose or held at {owner}."
        ).format(owner=owner)
    if added:
        return tr("No step ran over its plan: the extra time was added on purpose.")
    if evidence.paced:
        return tr("No step ran over its plan: the extra time was held at {owner}.").format(owner=owner)
    return tr("No step ran past its planned time.")


def evidence_lines(evidence: Evidence) -> list[tuple[str, str]]:
    """(topic, sentence) pairs, in the order an assessor reads them.

    Time beyond a step's plan is said three ways, each in its own line: added on purpose (a teaching
    decision), held at the client's or the group's pace (an open-ended step: good practice), and only what
    remains as running over the plan.
    """
    lines: list[tuple[str, str]] = []
    if evidence.purpose_ms is None:
        purpose = tr("The purpose stage was not timed in this record.")
    elif evidence.purpose_ms == 0:
        purpose = tr("No purpose stage ran before the practice.")
    else:
        purpose = tr("A purpose stage ran for {time} before the practice.").format(
            time=describe_ms(evidence.purpose_ms)
        )
    if not evidence.states_purpose:
        purpose += " " + tr("The script has no purpose statement.")
    lines.append((tr("Purpose"), purpose))
    lines.append((tr("Reflective inquiry"), _inquiry(evidence)))
    lines.append(
        (
            tr("Timing"),
            tr("Planned {planned}; ran {actual} (pauses excluded), {clock} on the clock.").format(
                planned=describe_ms(evidence.planned_total_ms),
                actual=describe_ms(evidence.actual_total_ms),
                clock=describe_ms(evidence.session_ms),
            ),
        )
    )
    lines.append((tr("Time added on purpose"), _added(evidence)))
    if evidence.paced:
        lines.append((_sentence(tr("At {owner}").format(owner=pace_owner(evidence.mode))), _paced(evidence)))
    lines.append((tr("Over the plan"), _over(evidence)))
    lines.append(
        (
            tr("Pauses"),
            count(
                evidence.pause_count,
                tr("Not paused."),
                tr("Paused once, for {time}."),
                tr("Paused {n} times, {time} in all."),
                time=describe_ms(evidence.paused_ms),
            ),
        )
    )
    changes = []
    if evidence.skipped:
        changes.append(
            tr("skipped {list}").format(
                list=", ".join(
                    tr("{step} after {time}").format(
                        step=_step(r.index, r.title), time=describe_ms(r.actual_ms)
                    )
                    for r in evidence.skipped
                )
            )
        )
    if evidence.not_reached:
        changes.append(
            tr("not reached: {list}").format(
                list=", ".join(_step(p.index, p.title) for p in evidence.not_reached)
            )
        )
    if evidence.revisited:
        changes.append(
            count(
                evidence.revisited,
                "",
                tr("went back or repeated a round once"),
                tr("went back or repeated a round {n} times"),
            )
        )
    if evidence.finished_early:
        changes.append(tr("ended the practice early"))
    if changes:
        lines.append((tr("Changes to the plan"), _sentence("; ".join(changes)) + "."))
    else:
        lines.append((tr("Changes to the plan"), tr("Every step ran in order; none skipped.")))
    return lines
