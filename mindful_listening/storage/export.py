"""Exporting session records as Markdown, PDF or JSON.

Markdown and the PDF are drawn from the same outline of a record (:func:`outline`), so they always say the
same things: the session's details, planned against actual timing, the debrief notes under their prompts, free
notes, the facilitator's reflection and, when there is one, the assessment. JSON is the full record
(docs/records-format.md) and can be imported again.

:func:`write_export` is plain, synchronous code, safe on a worker thread (the PDF needs a
``QGuiApplication`` to exist, for fonts). The app uses :class:`~mindful_listening.storage.exporter.Exporter`,
which runs it off the GUI thread. Every file is written owner-only and atomically. Nothing here logs note
text.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mindful_listening.core import reflection
from mindful_listening.core.durations import describe_ms
from mindful_listening.core.record import SessionRecord
from mindful_listening.storage import exchange

# What every export shares lives in formats (light enough for the first screen), and is here too for callers.
from mindful_listening.storage.formats import EXPORT_FORMATS as EXPORT_FORMATS
from mindful_listening.storage.formats import FORMATS as FORMATS
from mindful_listening.storage.formats import Block as Block
from mindful_listening.storage.formats import ExportError as ExportError
from mindful_listening.storage.formats import ExportFormat as ExportFormat
from mindful_listening.storage.formats import Format as Format
from mindful_listening.storage.formats import format_when as format_when
from mindful_listening.storage.formats import guess_format as guess_format
from mindful_listening.storage.formats import speed_words as speed_words
from mindful_listening.storage.formats import write_file as write_file
from mindful_listening.storage.text import QT_TRANSLATE_NOOP, tr
from mindful_listening.wording import count, mode_label

_SOURCES = {
    "window": QT_TRANSLATE_NOOP("Records", "the app window"),
    "play": QT_TRANSLATE_NOOP("Records", "audio-only play"),
    "one-to-one": QT_TRANSLATE_NOOP("Records", "the one-to-one timer"),
}
# How each step ended, in the words of the facilitator's world (the record keeps the runner's Outcome values).
_OUTCOMES = {
    "completed": QT_TRANSLATE_NOOP("Records", "ran its full time"),
    "skipped": QT_TRANSLATE_NOOP("Records", "skipped: moved on before its end"),
    "went-back": QT_TRANSLATE_NOOP("Records", "went back a step"),
    "repeated": QT_TRANSLATE_NOOP("Records", "round started again"),
    "finished-early": QT_TRANSLATE_NOOP("Records", "the practice ended here, early"),
    "running": QT_TRANSLATE_NOOP("Records", "still running when the app stopped"),
}
# Moving on once a step's planned time has run is not a skip: an open-ended step waits for the facilitator,
# and a step given extra time on purpose may move on before that time is used.
_MOVED_ON_WHEN_READY = QT_TRANSLATE_NOOP(
    "Records", "moved on when ready (open-ended: held at the person's pace)"
)
_MOVED_ON_IN_ADDED_TIME = QT_TRANSLATE_NOOP("Records", "moved on during the time added")
_LAYERS = {
    "noticing": QT_TRANSLATE_NOOP("Records", "noticing"),
    "dialogue": QT_TRANSLATE_NOOP("Records", "dialogue"),
    "linking": QT_TRANSLATE_NOOP("Records", "linking"),
}
_ROLES = {
    "speaker": QT_TRANSLATE_NOOP("Records", "the speaker"),
    "listener": QT_TRANSLATE_NOOP("Records", "the listener"),
    "observer": QT_TRANSLATE_NOOP("Records", "the observer"),
    "everyone": QT_TRANSLATE_NOOP("Records", "everyone"),
}
_EMPHASES = {
    "strength": QT_TRANSLATE_NOOP("Records", "a strength"),
    "development": QT_TRANSLATE_NOOP("Records", "to develop"),
}


def words_for(words: dict[str, str], value: str) -> str:
    """A value the record keeps (``went-back``) in the words an export shows (``went back a step``).

    A value this version does not know is shown with its hyphens as spaces, never as code."""
    known = words.get(value)
    return tr(known) if known is not None else value.replace("-", " ").replace("_", " ")


def outcome_words(outcome: str) -> str:
    """How a step ended, in plain words."""
    return words_for(_OUTCOMES, outcome)


def _length(record: SessionRecord) -> str:
    """How long the session ran, as the real clock saw it; for a rehearsal, its script time beside it."""
    ran = record.ran_ms()
    planned = describe_ms(record.planned_total_ms)
    if not record.is_rehearsal:
        return tr("{actual} (planned {planned})").format(actual=describe_ms(ran), planned=planned)
    return tr(
        "{real} on the clock: a rehearsal at {speed} speed, so {actual} of script time (planned {planned})"
    ).format(
        real=describe_ms(record.real_ms(ran)),
        speed=speed_words(record.speed),
        actual=describe_ms(ran),
        planned=planned,
    )


def _tally(record: SessionRecord) -> str:
    """Pauses, time added and cues given, in one sentence with each count in proper words."""
    added = sum(int(e.get("added_ms", 0)) for e in record.extensions)
    pauses = count(len(record.pauses), tr("No pauses"), tr("1 pause"), tr("{n} pauses"))
    extensions = count(
        len(record.extensions),
        tr("no time added"),
        tr("time added once ({added})"),
        tr("time added {n} times ({added} in all)"),
        added=describe_ms(added),
    )
    cues = count(len(record.cues), tr("no cues given"), tr("1 cue given"), tr("{n} cues given"))
    return tr("{pauses}, {extensions}, {cues}.").format(pauses=pauses, extensions=extensions, cues=cues)


def outline(record: SessionRecord) -> list[Block]:
    """What an export of ``record`` says, in order."""
    blocks: list[Block] = [Block("title", record.script_title or record.script_id)]
    unfinished = tr("not finished (the app stopped before the end)")
    recorded_with = words_for(_SOURCES, record.source)
    if record.is_rehearsal:
        recorded_with = tr("{source}, a rehearsal at {speed} speed").format(
            source=recorded_with, speed=speed_words(record.speed)
        )
    details: list[tuple[str, str]] = [
        (tr("Session"), record.id),
        (tr("Started"), format_when(record.started_at)),
        (
            tr("Ended"),
            format_when(record.ended_at) if record.ended_at else unfinished,
        ),
        (tr("Length"), _length(record)),
        (
            tr("Script"),
            f"{record.script_title} ({record.script_id}, {mode_label(record.mode)})",
        ),
        (tr("Participants"), ", ".join(record.participants) or tr("none recorded")),
        (tr("Recorded with"), recorded_with),
    ]
    blocks.append(Block("details", rows=tuple(details)))

    if record.is_rehearsal:
        blocks.append(
            Block(
                "heading",
                tr("Timing: planned and actual, in script time (the rehearsal ran {speed} faster)").format(
                    speed=speed_words(record.speed)
                ),
            )
        )
    else:
        blocks.append(Block("heading", tr("Timing: planned and actual")))
    if record.steps:
        rows = [(tr("Step"), tr("Planned"), tr("Actual"), tr("Added"), tr("Paused"), tr("How it ended"))]
        moved_on = _moved_on_words(record)
        for position, step in enumerate(record.steps):
            rows.append(
                (
                    step.title,
                    describe_ms(step.planned_ms),
                    describe_ms(step.actual_ms),
                    describe_ms(step.extended_ms) if step.extended_ms else "",
                    describe_ms(step.paused_ms) if step.paused_ms else "",
                    moved_on.get(position) or outcome_words(step.outcome),
                )
            )
        blocks.append(Block("table", rows=tuple(rows)))
    else:
        blocks.append(Block("para", tr("No steps were timed.")))
    blocks.append(Block("para", _tally(record)))

    blocks.append(Block("heading", tr("Debrief notes")))
    written = [note for note in record.notes if note.text.strip()]
    if not written:
        blocks.append(Block("para", tr("No debrief notes were written.")))
    for note in written:
        blocks.append(Block("subheading", note.prompt or tr("Note")))
        labels: list[tuple[str, str]] = []
        if note.layer:
            labels.append((tr("Inquiry layer"), words_for(_LAYERS, note.layer)))
        if note.role:
            labels.append((tr("Asked of"), words_for(_ROLES, note.role)))
        if labels:
            blocks.append(Block("details", rows=tuple(labels)))
        blocks.append(Block("note", note.text))
    if record.free_notes.strip():
        blocks.append(Block("heading", tr("Free notes")))
        blocks.append(Block("note", record.free_notes))
    blocks.extend(reflection_blocks(record))
    if record.assessment:
        blocks.extend(_assessment_blocks(record.assessment, record))
    return blocks


def reflection_blocks(record: SessionRecord) -> list[Block]:
    """The facilitator's reflection: the framework chosen first, stage by stage, then any other framework
    written in, then the free box. Only stages with text are shown; nothing written is left out."""
    blocks: list[Block] = []
    chosen = record.reflection_framework
    order = [chosen] if chosen in reflection.STRUCTURED else []
    order += [key for key in reflection.STRUCTURED if key not in order]
    order += sorted({s.framework for s in record.reflection_stages} - set(order))  # a later version's
    structured = False
    for key in order:
        written = [s for s in record.reflection_stages if s.framework == key and s.text.strip()]
        if not written:
            continue
        structured = True
        known = reflection.FRAMEWORKS.get(key)
        heading = (
            tr(known.heading)
            if known
            else tr("The facilitator's reflection ({framework})").format(framework=key)
        )
        blocks.append(Block("heading", heading))
        keys = [s.key for s in known.stages] if known else []
        written.sort(key=lambda s: keys.index(s.stage) if s.stage in keys else len(keys))
        for note in written:
            stage = known.stage(note.stage) if known else None
            blocks.append(Block("subheading", tr(stage.title) if stage else words_for({}, note.stage)))
            blocks.append(Block("note", note.text))
    if record.reflection.strip():
        free = tr("The facilitator's reflection, in their own words")
        blocks.append(
            Block("heading", free if structured else tr(reflection.FRAMEWORKS[reflection.FREE].heading))
        )
        blocks.append(Block("note", record.reflection))
    return blocks


def _moved_on_words(record: SessionRecord) -> dict[int, str]:
    """How steps moved on from after their planned time ended, by place in ``record.steps``."""
    from mindful_listening.core.assessment import evidence_from_record

    words: dict[int, str] = {}
    evidence = evidence_from_record(record)
    for position, run in enumerate(evidence.steps):
        ended_here = run.outcome == "finished-early" and evidence.not_reached  # steps were left to run
        if run.moved_on_when_ready and not ended_here:
            words[position] = tr(_MOVED_ON_WHEN_READY)
        elif run.outcome == "skipped" and not run.cut_short and run.extended_ms:
            words[position] = tr(_MOVED_ON_IN_ADDED_TIME)
    return words


def _assessment_blocks(data: dict[str, Any], record: SessionRecord) -> list[Block]:
    from mindful_listening.core.assessment import Assessment, AssessmentError, evidence_from_record
    from mindful_listening.wording import evidence_lines, moment_time

    blocks = [Block("heading", tr("Assessment"))]
    try:
        assessment = Assessment.from_dict(data)
    except AssessmentError:
        # Not a shape this version knows: keep every piece of text, so nothing written is left out.
        texts = [text for text in _strings(data) if text.strip()]
        blocks.append(Block("note", "\n".join(texts) or tr("(no text)")))
        return blocks
    blocks.append(
        Block(
            "details",
            rows=(
                (tr("Trainee"), assessment.trainee_code),
                (tr("Assessor"), assessment.assessor),
                (tr("Criteria"), assessment.criteria_title),
            ),
        )
    )
    # The same evidence as the assessment report's: time added on purpose, an open-ended step held at the
    # person's pace and only the rest as running over the plan, each said as what it is.
    blocks.append(Block("subheading", tr("Evidence from the timeline")))
    blocks.append(Block("details", rows=tuple(evidence_lines(evidence_from_record(record, assessment)))))
    rows = [(tr("Criterion"), tr("Level"), tr("Comment"))]
    for criterion in assessment.criterion_ids:
        rating = assessment.rating(criterion)
        rows.append((assessment.criterion_name(criterion), rating.level, rating.comment))
    blocks.append(Block("table", rows=tuple(rows)))
    if assessment.observations:
        blocks.append(Block("subheading", tr("Observations")))
        for number, observation in assessment.numbered():
            # The one clock the report and the panel use too: the session clock in the practice, time
            # into the stage before and after it ("Purpose +0:40").
            when = moment_time(observation.moment)
            emphasis = words_for(_EMPHASES, observation.emphasis.value)
            head = f"({number}) {when}, {emphasis}"
            blocks.append(Block("note", f"{head}: {observation.text}"))
    for label, text in (
        (tr("Strengths"), assessment.strengths),
        (tr("To develop"), assessment.developments),
        (tr("Summary"), assessment.summary),
    ):
        if text.strip():
            blocks.append(Block("subheading", label))
            blocks.append(Block("note", text))
    return blocks


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for inner in value.values() for s in _strings(inner)]
    if isinstance(value, list):
        return [s for inner in value for s in _strings(inner)]
    return []


def _closing() -> str:
    return tr(
        "Exported from Mindful Listening. These notes may be sensitive: keep this file private and delete it "
        "when it is no longer needed."
    )


# ---------------------------------------------------------------------------------------------- Markdown
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+[.)])")


def _md(text: str) -> str:
    """Text as Markdown shows it literally: special characters escaped, line breaks kept."""
    lines = []
    for line in text.replace("\r\n", "\n").split("\n"):
        escaped = _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), _MD_SPECIAL.sub(r"\\\1", line))
        lines.append(escaped)
    out: list[str] = []
    for index, line in enumerate(lines):
        following = index + 1 < len(lines) and lines[index + 1].strip() and line.strip()
        out.append(line + ("  " if following else ""))
    return "\n".join(out)


def to_markdown(records: Sequence[SessionRecord]) -> str:
    return markdown_of([outline(record) for record in records], _closing())


def markdown_of(pages: Sequence[Sequence[Block]], closing: str, heading: Sequence[Block] = ()) -> str:
    """Outlines as one Markdown text: ``heading`` first (a course's opening), each outline after a rule,
    ``closing`` (what the file holds and how to keep it) last."""
    parts: list[str] = [_md_block(block) for block in heading]
    for number, blocks in enumerate(pages):
        if number or heading:
            parts.append("\n---\n")
        parts.extend(_md_block(block) for block in blocks)
    parts.append(f"\n---\n\n_{_md(closing)}_\n")
    return "\n".join(parts)


def _md_block(block: Block) -> str:
    if block.kind == "title":
        return f"# {_md(block.text)}\n"
    if block.kind == "heading":
        return f"## {_md(block.text)}\n"
    if block.kind == "subheading":
        return f"### {_md(block.text)}\n"
    if block.kind == "details":
        return "\n".join(f"- **{_md(label)}:** {_md(value)}" for label, value in block.rows) + "\n"
    if block.kind == "table":
        header, *body = block.rows
        lines = ["| " + " | ".join(_md(cell) for cell in header) + " |"]
        lines.append("|" + "|".join("---" for _ in header) + "|")
        lines.extend("| " + " | ".join(_md(cell).replace("\n", " ") for cell in row) + " |" for row in body)
        return "\n".join(lines) + "\n"
    return _md(block.text) + "\n"


# ---------------------------------------------------------------------------------------------- HTML
def _h(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def to_html(records: Sequence[SessionRecord]) -> str:
    return html_of([outline(record) for record in records], _closing())


def html_of(pages: Sequence[Sequence[Block]], closing: str, heading: Sequence[Block] = ()) -> str:
    """Outlines as one HTML document for the PDF, each outline on a new page (``heading`` on the first)."""
    parts = ["<html><body>", *(_html_block(block) for block in heading)]
    for number, blocks in enumerate(pages):
        if number or heading:
            parts.append('<p style="page-break-before: always"></p>')
        parts.extend(_html_block(block) for block in blocks)
    parts.append(f'<p class="closing"><i>{_h(closing)}</i></p></body></html>')
    return "\n".join(parts)


def _html_block(block: Block) -> str:
    if block.kind == "title":
        return f"<h1>{_h(block.text)}</h1>"
    if block.kind == "heading":
        return f"<h2>{_h(block.text)}</h2>"
    if block.kind == "subheading":
        return f"<h3>{_h(block.text)}</h3>"
    if block.kind == "details":
        rows = "".join(
            f'<tr><td class="label">{_h(label)}</td><td>{_h(value)}</td></tr>' for label, value in block.rows
        )
        return f'<table class="details" cellspacing="0" cellpadding="2">{rows}</table>'
    if block.kind == "table":
        header, *body = block.rows
        head = "".join(f"<th>{_h(cell)}</th>" for cell in header)
        rows = "".join("<tr>" + "".join(f"<td>{_h(cell)}</td>" for cell in row) + "</tr>" for row in body)
        return (
            f'<table class="grid" cellspacing="0" cellpadding="4" width="100%"><tr>{head}</tr>{rows}</table>'
        )
    if block.kind == "note":
        return f'<p class="note">{_h(block.text)}</p>'
    return f"<p>{_h(block.text)}</p>"


_CSS = """
h1 { font-size: 18pt; margin-bottom: 6pt; }
h2 { font-size: 13pt; margin-top: 14pt; margin-bottom: 4pt; }
h3 { font-size: 11pt; margin-top: 10pt; margin-bottom: 2pt; }
td.label { color: #5b636d; padding-right: 10px; }
table.grid th { background: #eef1f4; text-align: left; }
table.grid td, table.grid th { border: 1px solid #c9cfd6; }
p.note { margin-left: 8px; }
p.closing { color: #5b636d; margin-top: 16pt; }
"""


# ---------------------------------------------------------------------------------------------- PDF
def render_pdf(records: Sequence[SessionRecord]) -> tuple[bytes, int]:
    """The records as an A4 PDF: (file bytes, page count). Needs a QGuiApplication; any thread will do."""
    return pdf_of(
        to_html(records),
        title=tr("Session notes"),  # never the notes, nor who took part
        footer=tr("Mindful Listening · session notes · page {n} of {total}"),
    )


def pdf_of(document_html: str, *, title: str, footer: str) -> tuple[bytes, int]:
    """HTML as an A4 PDF with ``footer`` (``{n}`` and ``{total}`` in it) on every page: (bytes, pages).

    ``title`` goes into the file's metadata: never notes, never who took part.
    """
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QPointF, QRectF, QSizeF, Qt
    from PySide6.QtGui import (
        QColor,
        QFont,
        QGuiApplication,
        QPageLayout,
        QPageSize,
        QPainter,
        QPdfWriter,
        QTextDocument,
    )

    if QGuiApplication.instance() is None:
        raise ExportError(tr("A PDF can only be made while the app (or a QGuiApplication) is running."))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(300)
    writer.setTitle(title)
    writer.setCreator("Mindful Listening")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(18, 16, 18, 18),
            QPageLayout.Unit.Millimeter,
        )
    )
    area = writer.pageLayout().paintRectPixels(writer.resolution())
    footer_height = writer.resolution() * 0.3  # about 7.5 mm
    page = QSizeF(area.width(), area.height() - footer_height)

    font = QFont("DejaVu Sans")
    font.setPointSizeF(10)
    # Without ligatures, text copied or searched in the PDF reads "fi" rather than one joined glyph.
    font.setFeature(QFont.Tag("liga"), 0)
    document = QTextDocument()
    document.documentLayout().setPaintDevice(writer)
    document.setDefaultFont(font)
    document.setDefaultStyleSheet(_CSS)
    document.setHtml(document_html)
    document.setPageSize(page)
    document.setDocumentMargin(0)
    pages = max(1, document.pageCount())

    painter = QPainter()
    if not painter.begin(writer):
        raise ExportError(tr("The PDF could not be started."))
    try:
        small = QFont(font)
        small.setPointSizeF(8)
        for number in range(pages):
            if number:
                writer.newPage()
            painter.save()
            painter.translate(0, -number * page.height())
            document.drawContents(painter, QRectF(QPointF(0, number * page.height()), page))
            painter.restore()
            painter.setFont(small)
            painter.setPen(QColor("#5b636d"))
            painter.drawText(
                QRectF(0, page.height(), page.width(), footer_height),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
                footer.format(n=number + 1, total=pages),
            )
    finally:
        painter.end()
        buffer.close()
    return bytes(data.data()), pages


# ---------------------------------------------------------------------------------------------- files
def render(records: Sequence[SessionRecord], fmt: Format) -> tuple[bytes, int]:
    """The bytes of an export and its page count (1 for text formats)."""
    if not records:
        raise ExportError(tr("There is nothing to export."))
    if fmt == "md":
        return to_markdown(records).encode("utf-8"), 1
    if fmt == "json":
        document = (
            exchange.record_document(records[0])
            if len(records) == 1
            else exchange.records_document(list(records))
        )
        return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8"), 1
    if fmt == "pdf":
        return render_pdf(records)
    raise ExportError(
        tr("Unknown export format {fmt}: use {known}.").format(fmt=fmt, known=", ".join(FORMATS))
    )


def render_pages(
    pages: Sequence[Sequence[Block]],
    fmt: Format,
    *,
    closing: str,
    title: str,
    footer: str,
    json_text: str,
    heading: Sequence[Block] = (),
) -> tuple[bytes, int]:
    """Outlines other than a session's (the diary, a course) in ``fmt``: (bytes, page count).

    Markdown and the PDF come from the same blocks, as a session's do; ``json_text`` is the JSON file.
    """
    if fmt == "md":
        return markdown_of(pages, closing, heading).encode("utf-8"), 1
    if fmt == "json":
        return json_text.encode("utf-8"), 1
    if fmt == "pdf":
        return pdf_of(html_of(pages, closing, heading), title=title, footer=footer)
    raise ExportError(
        tr("Unknown export format {fmt}: use {known}.").format(fmt=fmt, known=", ".join(FORMATS))
    )


def write_export(records: Sequence[SessionRecord], path: str | Path, fmt: Format) -> int:
    """Write the export to ``path`` (owner-only, atomically); returns the page count (1 for text)."""
    data, pages = render(records, fmt)
    write_file(path, data)
    return pages
