"""Words for moments and evidence, shared by the assessment panel and the PDF report (through ``tr``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from mindful_listening.core.assessment import Emphasis, Evidence, Moment, Observation, Stage, format_elapsed
from mindful_listening.core.durations import describe_ms


def tr(text: str) -> str:
    return QCoreApplication.translate("Assessment", text)


def _count(n: int, none: str, one: str, many: str, **values: object) -> str:
    """``n`` in words, each form passed through ``tr`` where it is written (Qt's ``%n`` would read
    "time(s)" until a translation is installed, and there is none for English)."""
    words = none if n == 0 else one if n == 1 else many
    return words.format(n=n, **values)


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


def evidence_lines(evidence: Evidence) -> list[tuple[str, str]]:
    """(topic, sentence) pairs, in the order an assessor reads them."""
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

    parts = []
    if evidence.inquiry_planned_ms:
        parts.append(
            tr("{time} planned as inquiry steps").format(time=describe_ms(evidence.inquiry_planned_ms))
        )
    if evidence.inquiry_steps_ms:
        parts.append(tr("{time} taken in inquiry steps").format(time=describe_ms(evidence.inquiry_steps_ms)))
    if evidence.debrief_ms:
        parts.append(
            tr("{time} in the debrief after the practice").format(time=describe_ms(evidence.debrief_ms))
        )
    if parts:
        inquiry = (
            "; ".join(parts)
            + ". "
            + tr("In all: {time} of reflective inquiry.").format(time=describe_ms(evidence.inquiry_taken_ms))
        )
    elif evidence.debrief_ms is None:
        inquiry = tr("No inquiry steps were planned, and the debrief was not timed in this record.")
    else:
        inquiry = tr("No time was given to reflective inquiry.")
    lines.append((tr("Reflective inquiry"), inquiry))

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
    if evidence.overruns:
        overruns = "; ".join(
            tr("{step} by {time}").format(step=_step(r.index, r.title), time=describe_ms(r.over_ms))
            + (tr(" (extended {time})").format(time=describe_ms(r.extended_ms)) if r.extended_ms else "")
            for r in evidence.overruns
        )
        lines.append((tr("Overruns"), tr("Ran past the plan: {list}.").format(list=overruns)))
    else:
        lines.append((tr("Overruns"), tr("No step ran past its planned time.")))
    pauses = _count(
        evidence.pause_count,
        tr("Not paused."),
        tr("Paused once, for {time}."),
        tr("Paused {n} times, {time} in all."),
        time=describe_ms(evidence.paused_ms),
    )
    if evidence.extension_count:
        pauses += " " + _count(
            evidence.extension_count,
            "",
            tr("Time added once: {time}."),
            tr("Time added {n} times, {time} in all."),
            time=describe_ms(evidence.extended_ms),
        )
    lines.append((tr("Pauses and extensions"), pauses))
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
            _count(
                evidence.revisited,
                "",
                tr("went back or repeated a round once"),
                tr("went back or repeated a round {n} times"),
            )
        )
    if evidence.finished_early:
        changes.append(tr("ended the practice early"))
    if changes:
        text = "; ".join(changes)
        lines.append((tr("Changes to the plan"), text[:1].upper() + text[1:] + "."))
    else:
        lines.append((tr("Changes to the plan"), tr("Every step ran in order; none skipped.")))
    return lines
