"""A trainee's progress in words: the chart's text alternative, the table's cells, the comments behind a
point, and the command line's listing. Qt-free (through :func:`mindful_listening.wording.tr` when Qt is
loaded), so the command line can print it without loading Qt."""

from __future__ import annotations

from mindful_listening.core.progress import Occasion, Progress, SetProgress
from mindful_listening.wording import count, emphasis_label, moment_time, tr

LEVELS = "levels"
COUNTS = "counts"


def view_label(view: str) -> str:
    return tr("Levels by date") if view == LEVELS else tr("Strengths and developments")


def level_words(set_progress: SetProgress, occasion: Occasion, criterion_id: str) -> str:
    """``Competent (4 of 6)``, ``not rated``, or the level alone when it is not on today's scale."""
    result = occasion.result(criterion_id)
    if criterion_id not in occasion.results:
        return tr("not in this assessment")
    if not result.level:
        return tr("not rated")
    if result.rank is None:
        return result.level
    return tr("{level} ({n} of {count})").format(
        level=result.level, n=result.rank, count=len(set_progress.levels)
    )


def count_words(occasion: Occasion, criterion_id: str) -> str:
    result = occasion.result(criterion_id)
    strengths = count(result.strengths, tr("no strengths"), tr("1 strength"), tr("{n} strengths"))
    developments = count(result.developments, tr("none to develop"), tr("1 to develop"), tr("{n} to develop"))
    return tr("{strengths}, {developments}").format(strengths=strengths, developments=developments)


def cell_words(set_progress: SetProgress, occasion: Occasion, criterion_id: str) -> str:
    """What one table cell says: the level (when the set has a scale) and the notes logged."""
    if criterion_id not in occasion.results:
        return tr("not in this assessment")
    parts = [level_words(set_progress, occasion, criterion_id)] if set_progress.has_levels else []
    if set_progress.has_observations or not set_progress.has_levels:
        parts.append(count_words(occasion, criterion_id))
    return " · ".join(parts)


def summary_line(progress: Progress) -> str:
    """``5 assessments of T-07: 3 against …, 2 against …``."""
    if not progress.sets:
        return tr("No assessments of {code} are kept on this computer.").format(code=progress.trainee_code)
    total = count(
        progress.assessment_count,
        tr("No assessments"),
        tr("1 assessment"),
        tr("{n} assessments"),
    )
    sets = "; ".join(
        tr("{n} against {title}").format(n=len(s.occasions), title=s.title) for s in progress.sets
    )
    line = tr("{total} of {code}: {sets}.").format(total=total, code=progress.trainee_code, sets=sets)
    if progress.unreadable:
        line += " " + count(
            len(progress.unreadable),
            "",
            tr("1 more assessment could not be read by this version and is left out."),
            tr("{n} more assessments could not be read by this version and are left out."),
        )
    return line


def describe_chart(set_progress: SetProgress, view: str) -> str:
    """The chart said in sentences, for a screen reader: per criterion, what each assessment gave it."""
    dates = [o.date for o in set_progress.occasions]
    if view == LEVELS:
        head = tr("Levels by date for {title}, on a scale from {low} to {high}, at {dates}.").format(
            title=set_progress.title,
            low=set_progress.levels[0] if set_progress.levels else "",
            high=set_progress.levels[-1] if set_progress.levels else "",
            dates=", ".join(dates),
        )
    else:
        head = tr("Strengths and developments logged per criterion for {title}, at {dates}.").format(
            title=set_progress.title, dates=", ".join(dates)
        )
    lines = [head]
    for criterion_id, name in set_progress.criteria:
        said = [
            tr("{date}: {words}").format(
                date=o.date,
                words=level_words(set_progress, o, criterion_id)
                if view == LEVELS
                else count_words(o, criterion_id),
            )
            for o in set_progress.occasions
        ]
        lines.append(tr("{name}: {list}.").format(name=name, list="; ".join(said)))
    return "\n".join(lines)


def comments(set_progress: SetProgress, occasion: Occasion, criterion_id: str) -> list[tuple[str, str]]:
    """(label, text) for what was written about one criterion at one assessment, in reading order."""
    result = occasion.result(criterion_id)
    name = set_progress.criterion_name(criterion_id)
    rows = [
        (tr("Criterion"), name),
        (
            tr("Assessment"),
            tr("{date}, by {assessor}").format(date=occasion.date, assessor=occasion.assessor),
        ),
    ]
    if criterion_id not in occasion.results:
        rows.append((tr("Level"), tr("This criterion was not part of this assessment.")))
        return rows
    if set_progress.has_levels:
        rows.append((tr("Level"), level_words(set_progress, occasion, criterion_id)))
    rows.append((tr("Comment"), result.comment or tr("(no comment)")))
    if result.observations:
        for number, observation in result.observations:
            rows.append(
                (
                    f"#{number} {moment_time(observation.moment)}",
                    f"{emphasis_label(observation.emphasis)}: "
                    + (observation.text or tr("(marker, no note)")),
                )
            )
    else:
        rows.append((tr("Observations"), tr("None logged on this criterion.")))
    return rows


def listing(progress: Progress) -> list[str]:
    """The progress as plain lines: per set, per criterion, each assessment's level and notes."""
    lines = [summary_line(progress)]
    for set_progress in progress.sets:
        lines.append("")
        lines.append(set_progress.title)
        if set_progress.has_levels:
            lines.append(tr("  levels: {scale}").format(scale=" < ".join(set_progress.levels)))
        for criterion_id, name in set_progress.criteria:
            lines.append(f"  {name}")
            for occasion in set_progress.occasions:
                lines.append(f"    {occasion.date}  {cell_words(set_progress, occasion, criterion_id)}")
    return lines
