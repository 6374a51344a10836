"""The assessment report: an A4 PDF drawn with QPdfWriter and QPainter.

Page one carries the session's details and a chart of planned against actual steps with a numbered marker for
every observation; then the evidence from the timeline, the criteria with level and comment, strengths and
developments side by side (equal room), every observation with the moment it was made, the overall summary and
the signature lines. On request, the trainee's progress follows on pages of its own: for each criteria set the
trainee was assessed against, levels by date, the strengths and developments logged per criterion, and the
same figures as a table (:mod:`mindful_listening.assessment.progress_chart` draws the charts).

:func:`render_report` is plain, synchronous code that is safe on a worker thread (it paints into memory and
writes the file at the end). The app calls :class:`ReportExporter`, which runs it off the GUI thread and
answers by signal.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QMarginsF,
    QObject,
    QPointF,
    QRectF,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QPen,
    QTextLayout,
)

from mindful_listening.assessment import progress_chart
from mindful_listening.assessment.progress_words import cell_words, summary_line
from mindful_listening.background import Background
from mindful_listening.core.assessment import (
    Assessment,
    AssessmentError,
    Emphasis,
    Evidence,
    PlannedStep,
    Stage,
    evidence_from_record,
    format_elapsed,
    planned_steps_from_snapshot,
)
from mindful_listening.core.files import write_private
from mindful_listening.core.progress import (
    AssessedSession,
    Progress,
    assessed_record,
    collect_progress,
    including,
)
from mindful_listening.core.record import SessionRecord, StepTiming
from mindful_listening.wording import (
    emphasis_label,
    evidence_lines,
    mode_label,
    moment_place,
    moment_time,
    tr,
)

log = logging.getLogger(__name__)

RESOLUTION = 300  # device units per inch
MM = RESOLUTION / 25.4
MARGIN = 16 * MM
FONT_FAMILY = "DejaVu Sans"

INK = QColor("#1f2328")
MUTED = QColor("#5b636d")
RULE = QColor("#c9cfd6")
SHADE = QColor("#f1f3f5")
PLANNED = QColor("#d7dde4")
ACTUAL = QColor("#6f8fb0")
ADDED = QColor("#3e8e86")  # time the facilitator added on purpose
PACED = QColor("#8c9a3c")  # an open-ended step held past its guide, at the person's pace
OVERRUN = QColor("#c9822b")  # only what neither of those accounts for
SKIPPED = QColor("#b9c0c8")
STAGE = QColor("#a99bc9")
STRENGTH = QColor("#2e7d4f")
DEVELOPMENT = QColor("#b5561f")


class ReportError(Exception):
    """The report could not be made; the message says why in words a tutor can act on."""


@dataclass(frozen=True)
class ReportData:
    """Everything the report shows, read from one session record."""

    record: SessionRecord
    assessment: Assessment
    evidence: Evidence
    plan: list[PlannedStep]
    progress: Progress | None = None  # the trainee's progress pages, when asked for

    @classmethod
    def from_record(cls, record: SessionRecord, progress: Progress | None = None) -> ReportData:
        if not record.assessment:
            raise ReportError(tr("this session record has no assessment to report on"))
        try:
            assessment = Assessment.from_dict(record.assessment)
        except AssessmentError as exc:
            raise ReportError(str(exc)) from None
        plan = planned_steps_from_snapshot(record.script_snapshot)
        if plan is None:
            plan = _plan_from_runs(record.steps)
        return cls(record, assessment, evidence_from_record(record, assessment), plan, progress)


def _plan_from_runs(steps: list[StepTiming]) -> list[PlannedStep]:
    first: dict[int, StepTiming] = {}
    for step in steps:
        first.setdefault(step.index, step)
    plan, start = [], 0
    for index in sorted(first):
        step = first[index]
        plan.append(PlannedStep(index, step.kind, step.title, start, step.planned_ms))
        start += step.planned_ms
    return plan


def _font(size: float, bold: bool = False, italic: bool = False) -> QFont:
    font = QFont(FONT_FAMILY)
    font.setPointSizeF(size)
    font.setBold(bold)
    font.setItalic(italic)
    # No ligatures: text copied out of the PDF (or searched) reads "fi", not "ﬁ".
    font.setFeature(QFont.Tag("liga"), 0)
    return font


class _Cell:
    def __init__(self, text: str, font: QFont, color: QColor = INK, fill: QColor | None = None) -> None:
        self.text = text
        self.font = font
        self.color = color
        self.fill = fill


class _Pages:
    """A cursor running down A4 pages: text that wraps and breaks across pages, tables, rules."""

    def __init__(self, writer: QPdfWriter, painter: QPainter, footer: str, total_pages: int | None) -> None:
        self.writer = writer
        self.painter = painter
        rect = writer.pageLayout().paintRectPixels(RESOLUTION)
        self.width = rect.width()
        self.height = rect.height()
        self.left = 0.0
        self.right = float(self.width)
        self.top = 0.0
        self.bottom = self.height - 9 * MM  # room for the footer
        self.y = self.top
        self.page = 1
        self.footer = footer
        self.total_pages = total_pages
        self._draw_footer()

    # ------------------------------------------------------------------ pages
    def new_page(self) -> None:
        self.writer.newPage()
        self.page += 1
        self.y = self.top
        self._draw_footer()

    def ensure(self, height: float) -> None:
        if self.y + height > self.bottom and self.y > self.top:
            self.new_page()

    def _draw_footer(self) -> None:
        p = self.painter
        p.setPen(QPen(RULE, 0.3 * MM))
        y = self.height - 7 * MM
        p.drawLine(QPointF(self.left, y), QPointF(self.right, y))
        p.setFont(_font(7.5))
        p.setPen(MUTED)
        rect = QRectF(self.left, y + 1.2 * MM, self.right - self.left, 5 * MM)
        p.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, self.footer)
        if self.total_pages:
            page = tr("Page {n} of {total}").format(n=self.page, total=self.total_pages)
        else:
            page = tr("Page {n}").format(n=self.page)
        p.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, page)

    # ------------------------------------------------------------------ text
    def metrics(self, font: QFont) -> QFontMetricsF:
        return QFontMetricsF(font, self.writer)

    def wrap(self, text: str, font: QFont, width: float) -> list[str]:
        lines: list[str] = []
        for paragraph in text.split("\n"):
            if not paragraph.strip():
                lines.append("")
                continue
            layout = QTextLayout(paragraph, font, self.writer)
            layout.beginLayout()
            while True:
                line = layout.createLine()
                if not line.isValid():
                    break
                line.setLineWidth(width)
                lines.append(paragraph[line.textStart() : line.textStart() + line.textLength()].rstrip())
            layout.endLayout()
        while lines and not lines[-1]:
            lines.pop()
        return lines

    def paragraph(
        self, text: str, font: QFont, color: QColor = INK, indent: float = 0.0, after: float = 1.5 * MM
    ) -> None:
        metrics = self.metrics(font)
        self.painter.setFont(font)
        self.painter.setPen(color)
        for line in self.wrap(text, font, self.right - self.left - indent):
            self.ensure(metrics.lineSpacing())
            self.painter.drawText(QPointF(self.left + indent, self.y + metrics.ascent()), line)
            self.y += metrics.lineSpacing()
        self.y += after

    def heading(self, text: str) -> None:
        font = _font(12.5, bold=True)
        # Keep a heading with at least a few lines of what follows it.
        self.ensure(self.metrics(font).lineSpacing() + 18 * MM)
        self.y += 2 * MM
        self.paragraph(text, font, INK, after=0.8 * MM)
        self.painter.setPen(QPen(RULE, 0.35 * MM))
        self.painter.drawLine(QPointF(self.left, self.y), QPointF(self.right, self.y))
        self.y += 2.5 * MM

    def space(self, height: float) -> None:
        self.y += height

    # ------------------------------------------------------------------ tables
    def table(self, widths: list[float], header: list[str] | None, rows: list[list[_Cell]]) -> None:
        """A ruled table; a row that does not fit moves to the next page, and a very tall row splits."""
        total = sum(widths)
        scale = (self.right - self.left) / total
        widths = [w * scale for w in widths]
        pad = 1.6 * MM
        header_cells = [_Cell(h, _font(8.5, bold=True), INK, SHADE) for h in header] if header else None

        def draw_header() -> None:
            if header_cells:
                self._row(
                    widths,
                    [
                        [*self.wrap(c.text, c.font, w - 2 * pad)]
                        for c, w in zip(header_cells, widths, strict=True)
                    ],
                    header_cells,
                    pad,
                )

        draw_header()
        for cells in rows:
            lines = [self.wrap(c.text, c.font, w - 2 * pad) for c, w in zip(cells, widths, strict=True)]
            spacing = [self.metrics(c.font).lineSpacing() for c in cells]
            full = max(len(ls) * s for ls, s in zip(lines, spacing, strict=True)) + 2 * pad
            if self.y + full > self.bottom and full <= self.bottom - self.top - 12 * MM:
                self.new_page()
                draw_header()
            while True:
                room = self.bottom - self.y - 2 * pad
                fits = [max(1, int(room // s)) for s in spacing]
                chunk = [ls[:n] for ls, n in zip(lines, fits, strict=True)]
                lines = [ls[n:] for ls, n in zip(lines, fits, strict=True)]
                self._row(widths, chunk, cells, pad)
                if not any(lines):
                    break
                self.new_page()
                draw_header()

    def _row(self, widths: list[float], lines: list[list[str]], cells: list[_Cell], pad: float) -> None:
        p = self.painter
        height = (
            max(
                max(len(ls), 1) * self.metrics(c.font).lineSpacing()
                for ls, c in zip(lines, cells, strict=True)
            )
            + 2 * pad
        )
        x = self.left
        for width, cell_lines, cell in zip(widths, lines, cells, strict=True):
            rect = QRectF(x, self.y, width, height)
            if cell.fill is not None:
                p.fillRect(rect, cell.fill)
            p.setPen(QPen(RULE, 0.25 * MM))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(rect)
            metrics = self.metrics(cell.font)
            p.setFont(cell.font)
            p.setPen(cell.color)
            ty = self.y + pad
            for line in cell_lines:
                p.drawText(QPointF(x + pad, ty + metrics.ascent()), line)
                ty += metrics.lineSpacing()
            x += width
        self.y += height


# ---------------------------------------------------------------------------------------------------- chart
@dataclass(frozen=True)
class _Marker:
    """A numbered observation's place on the report's timeline."""

    number: int
    at_ms: int
    emphasis: Emphasis


def _marker_times(data: ReportData, practice_end: int) -> list[_Marker]:
    markers = []
    for number, observation in data.assessment.numbered():
        moment = observation.moment
        if moment.stage is Stage.PURPOSE:
            purpose = data.assessment.purpose_ms or 0
            at = -purpose + min(moment.stage_ms, purpose) if purpose else 0
        elif moment.stage is Stage.DEBRIEF:
            at = practice_end + moment.stage_ms
        else:
            at = moment.session_ms
        markers.append(_Marker(number, at, observation.emphasis))
    return markers


def _nice_step(span_ms: int) -> int:
    for minutes in (1, 2, 5, 10, 15, 30, 60):
        if span_ms / (minutes * 60_000) <= 14:
            return minutes * 60_000
    return 120 * 60_000


def draw_chart(pages: _Pages, data: ReportData) -> None:
    """Planned against actual steps on one time axis, with numbered observation markers above."""
    p = pages.painter
    steps = data.record.steps
    plan_end = max((s.start_ms + s.span_ms for s in data.plan), default=0)
    ends = [s.ended_at_ms for s in steps if s.ended_at_ms is not None]
    practice_end = max([*ends, *(s.started_at_ms + s.actual_ms for s in steps), 0])
    for observation in data.assessment.observations:
        if observation.moment.stage is Stage.PRACTICE:
            practice_end = max(practice_end, observation.moment.session_ms)
    purpose = data.assessment.purpose_ms or 0
    debrief = data.assessment.debrief_ms or 0
    debrief_obs = [o.moment.stage_ms for o in data.assessment.observations if o.moment.stage is Stage.DEBRIEF]
    debrief_span = max([debrief, *(ms + 15_000 for ms in debrief_obs)])
    t0 = -purpose
    t1 = max(plan_end, practice_end + debrief_span, 60_000)

    label_w = 20 * MM
    x0 = pages.left + label_w
    x1 = pages.right - 2 * MM
    row_h = 7.5 * MM
    lane_h = 5.2 * MM
    markers = _marker_times(data, practice_end)
    lanes = _assign_lanes(markers, (t1 - t0) / (x1 - x0) * 5.6 * MM)
    lane_count = max((lane for lane in lanes.values()), default=-1) + 1
    notes_h = max(1, lane_count) * lane_h + 1.5 * MM
    height = notes_h + 2 * row_h + 5 * MM + 9 * MM
    pages.ensure(height)
    top = pages.y

    def x_at(ms: float) -> float:
        return x0 + (ms - t0) / (t1 - t0) * (x1 - x0)

    notes_top = top
    planned_top = notes_top + notes_h + 1 * MM
    actual_top = planned_top + row_h + 2 * MM
    axis_y = actual_top + row_h + 1.2 * MM

    p.setFont(_font(8, bold=True))
    p.setPen(MUTED)
    for label, y, h in (
        (tr("Notes"), notes_top, notes_h),
        (tr("Planned"), planned_top, row_h),
        (tr("Actual"), actual_top, row_h),
    ):
        p.drawText(QRectF(pages.left, y, label_w - 2 * MM, h), Qt.AlignmentFlag.AlignVCenter, label)

    # Axis and grid.
    tick = _nice_step(t1 - max(t0, 0))
    p.setFont(_font(7))
    grid_pen = QPen(RULE, 0.2 * MM, Qt.PenStyle.DotLine)
    t = 0
    while t <= t1:
        x = x_at(t)
        p.setPen(grid_pen)
        p.drawLine(QPointF(x, notes_top), QPointF(x, axis_y))
        p.setPen(MUTED)
        p.drawText(
            QRectF(x - 8 * MM, axis_y + 0.5 * MM, 16 * MM, 4 * MM),
            Qt.AlignmentFlag.AlignHCenter,
            format_elapsed(t),
        )
        t += tick
    p.setPen(QPen(MUTED, 0.3 * MM))
    p.drawLine(QPointF(x0, axis_y), QPointF(x1, axis_y))

    step_font = _font(7, bold=True)

    def bar(
        ms_from: float,
        ms_to: float,
        y: float,
        fill: QColor,
        label: str,
        style: Qt.BrushStyle | None = None,
        text_color: QColor = INK,
    ) -> None:
        rect = QRectF(x_at(ms_from), y, max(0.6 * MM, x_at(ms_to) - x_at(ms_from)), row_h)
        p.setPen(QPen(QColor("white"), 0.4 * MM))
        p.setBrush(QBrush(fill, style) if style else QBrush(fill))
        p.drawRect(rect)
        if label and rect.width() > pages.metrics(step_font).horizontalAdvance(label) + 1.5 * MM:
            p.setFont(step_font)
            p.setPen(text_color)
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)

    # Planned row: the script's plan, laid end to end from the start of the practice.
    for step in data.plan:
        bar(step.start_ms, step.start_ms + step.span_ms, planned_top, PLANNED, str(step.index + 1))
    # Actual row: each run of each step where it really fell, pauses hatched. Time beyond the plan ends the
    # bar in its own colour: added on purpose, then held at the person's pace, then any left over the plan.
    if purpose:
        bar(-purpose, 0, actual_top, STAGE, tr("P"), text_color=QColor("white"))
    for run, seen in zip(steps, data.evidence.steps, strict=True):
        end = (
            run.ended_at_ms
            if run.ended_at_ms is not None
            else run.started_at_ms + run.actual_ms + run.paused_ms
        )
        color = SKIPPED if seen.cut_short else ACTUAL
        extra = [(seen.added_used_ms, ADDED), (seen.paced_ms, PACED), (seen.over_plan_ms, OVERRUN)]
        at = max(run.started_at_ms, end - sum(ms for ms, _ in extra))
        bar(run.started_at_ms, at, actual_top, color, str(run.index + 1), text_color=QColor("white"))
        for ms, fill in extra:
            if ms > 0 and at < end:
                bar(at, min(end, at + ms), actual_top, fill, "")
                at += ms
    for pause in data.record.pauses:
        at, duration = int(pause.get("at_ms", 0)), int(pause.get("duration_ms", 0))
        if duration > 0:
            bar(at, at + duration, actual_top, QColor("#3b4a5a"), "", Qt.BrushStyle.BDiagPattern)
    if debrief:
        bar(
            practice_end, practice_end + debrief, actual_top, STAGE, tr("Inquiry"), text_color=QColor("white")
        )

    # Markers, staggered into lanes where they would overlap.
    radius = 2.3 * MM
    marker_font = _font(6.2, bold=True)
    for marker in markers:
        x = x_at(marker.at_ms)
        lane = lanes[marker.number]
        cy = notes_top + notes_h - 1.5 * MM - radius - lane * lane_h
        color = STRENGTH if marker.emphasis is Emphasis.STRENGTH else DEVELOPMENT
        p.setPen(QPen(color, 0.25 * MM, Qt.PenStyle.DashLine))
        p.drawLine(QPointF(x, cy + radius), QPointF(x, actual_top + row_h))
        p.setPen(QPen(color, 0.3 * MM))
        p.setBrush(color)
        if marker.emphasis is Emphasis.STRENGTH:
            p.drawEllipse(QPointF(x, cy), radius, radius)
        else:
            path = QPainterPath()
            r = radius * 1.2
            path.moveTo(x, cy - r)
            path.lineTo(x + r, cy)
            path.lineTo(x, cy + r)
            path.lineTo(x - r, cy)
            path.closeSubpath()
            p.drawPath(path)
        p.setFont(marker_font)
        p.setPen(QColor("white"))
        p.drawText(
            QRectF(x - radius * 1.4, cy - radius, radius * 2.8, radius * 2),
            Qt.AlignmentFlag.AlignCenter,
            str(marker.number),
        )
    pages.y = axis_y + 5.5 * MM

    # Legend: what the shapes and colours mean, then which number is which step.
    legend_font = _font(7.5)
    p.setFont(legend_font)
    metrics = pages.metrics(legend_font)
    x = pages.left
    y = pages.y
    items = [
        ("circle", STRENGTH, tr("strength")),
        ("diamond", DEVELOPMENT, tr("to develop")),
        ("box", PLANNED, tr("planned step")),
        ("box", ACTUAL, tr("ran within plan")),
        ("box", ADDED, tr("time added on purpose")),
        ("box", PACED, tr("held at the person's pace")),
        ("box", OVERRUN, tr("ran over the plan")),
        ("box", SKIPPED, tr("skipped")),
        ("hatch", QColor("#3b4a5a"), tr("paused")),
        ("box", STAGE, tr("purpose / inquiry stage")),
    ]
    for shape, color, label in items:
        swatch = QRectF(x, y + 0.4 * MM, 3 * MM, 3 * MM)
        p.setPen(Qt.PenStyle.NoPen)
        if shape == "circle":
            p.setBrush(color)
            p.drawEllipse(swatch)
        elif shape == "diamond":
            path = QPainterPath()
            c = swatch.center()
            r = 1.6 * MM
            path.moveTo(c.x(), c.y() - r)
            path.lineTo(c.x() + r, c.y())
            path.lineTo(c.x(), c.y() + r)
            path.lineTo(c.x() - r, c.y())
            path.closeSubpath()
            p.setBrush(color)
            p.drawPath(path)
        elif shape == "hatch":
            p.setBrush(QBrush(color, Qt.BrushStyle.BDiagPattern))
            p.setPen(QPen(RULE, 0.2 * MM))
            p.drawRect(swatch)
        else:
            p.setBrush(color)
            p.drawRect(swatch)
        p.setPen(MUTED)
        p.drawText(QPointF(x + 4 * MM, y + metrics.ascent()), label)
        x += 4 * MM + metrics.horizontalAdvance(label) + 4 * MM
        if x > pages.right - 30 * MM:
            x = pages.left
            y += metrics.lineSpacing() + 0.8 * MM
    pages.y = y + metrics.lineSpacing() + 1.5 * MM
    legend = "   ".join(f"{s.index + 1} {s.title}" for s in data.plan)
    pages.paragraph(tr("Steps: {list}").format(list=legend), legend_font, MUTED, after=1 * MM)


def _assign_lanes(markers: list[_Marker], min_gap_ms: float) -> dict[int, int]:
    """Put each marker in the lowest lane where it does not touch the previous marker of that lane."""
    lanes: dict[int, int] = {}
    last_in_lane: list[float] = []
    for marker in sorted(markers, key=lambda m: (m.at_ms, m.number)):
        for lane, last in enumerate(last_in_lane):
            if marker.at_ms - last >= min_gap_ms:
                last_in_lane[lane] = marker.at_ms
                lanes[marker.number] = lane
                break
        else:
            if len(last_in_lane) < 4:
                last_in_lane.append(marker.at_ms)
                lanes[marker.number] = len(last_in_lane) - 1
            else:  # very dense notes: share the top lane rather than grow the chart without end
                lanes[marker.number] = len(last_in_lane) - 1
    return lanes


# ---------------------------------------------------------------------------------------------------- report
def _draw(writer: QPdfWriter, data: ReportData, total_pages: int | None) -> int:
    assessment = data.assessment
    record = data.record
    painter = QPainter()
    if not painter.begin(writer):
        raise ReportError(tr("the PDF could not be started"))
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    footer = tr("Observed practice assessment · trainee {code} · {date} · confidential").format(
        code=assessment.trainee_code, date=assessment.date
    )
    pages = _Pages(writer, painter, footer, total_pages)
    try:
        _draw_body(pages, data, assessment, record)
    finally:
        painter.end()
    return pages.page


def _session_words(record: SessionRecord) -> str:
    """The session in one line: script, mode in words, start; and, for a rehearsal, that it was one."""
    words = tr("{title} ({mode}), started {when}").format(
        title=record.script_title,
        mode=mode_label(record.mode),
        when=record.started_at.replace("T", " ")[:16],
    )
    if record.is_rehearsal:
        words += tr("; a rehearsal at {speed}× speed, step times in script time").format(
            speed=f"{record.speed:g}"
        )
    return words


def _draw_body(pages: _Pages, data: ReportData, assessment: Assessment, record: SessionRecord) -> None:
    body = _font(9)
    small = _font(8)
    bold = _font(9, bold=True)
    pages.paragraph(tr("Observed practice assessment"), _font(18, bold=True), after=0.5 * MM)
    pages.paragraph(record.script_title, _font(11), MUTED, after=3 * MM)

    details = [
        (tr("Trainee (code)"), assessment.trainee_code),
        (tr("Assessor"), assessment.assessor),
        (tr("Date"), assessment.date),
        (tr("Course or level"), assessment.course or "—"),
        (tr("Criteria"), assessment.criteria_title),
        (tr("Session"), _session_words(record)),
    ]
    pages.table(
        [32, 120],
        None,
        [[_Cell(k, bold, MUTED, SHADE), _Cell(v, body)] for k, v in details],
    )
    pages.space(1.5 * MM)
    pages.paragraph(
        tr(
            "This report holds assessment notes about a trainee. Keep it between the assessor and the "
            "trainee, store it securely, and share it only as your course's agreements allow."
        ),
        _font(7.5, italic=True),
        MUTED,
        after=2 * MM,
    )

    pages.heading(tr("The session as it ran"))
    draw_chart(pages, data)

    pages.heading(tr("Evidence from the timeline"))
    pages.table(
        [34, 118],
        None,
        [
            [_Cell(topic, bold, INK, SHADE), _Cell(text, body)]
            for topic, text in evidence_lines(data.evidence)
        ],
    )

    pages.heading(tr("Criteria"))
    if assessment.criteria_source:
        pages.paragraph(
            tr("Source: {source}").format(source=assessment.criteria_source), _font(7, italic=True), MUTED
        )
    rows = []
    for criterion in assessment.criteria:
        rating = assessment.rating(criterion["id"])
        notes = assessment.observations_for(criterion["id"])
        linked = ", ".join(f"#{n} {moment_time(o.moment)}" for n, o in notes)
        comment = rating.comment or "—"
        if linked:
            comment += "\n" + tr("Observations: {list}").format(list=linked)
        rows.append(
            [
                _Cell(criterion["name"], bold),
                _Cell(_level_text(assessment, rating.level), body, INK if rating.level else MUTED),
                _Cell(comment, body),
            ]
        )
    pages.table([52, 26, 96], [tr("Criterion"), tr("Level"), tr("Comment")], rows)

    pages.heading(tr("Strengths and areas to develop"))
    strengths = _emphasis_text(assessment, Emphasis.STRENGTH, assessment.strengths)
    developments = _emphasis_text(assessment, Emphasis.DEVELOPMENT, assessment.developments)
    pages.table(
        [1, 1],
        [tr("What went well"), tr("What to develop next")],
        [[_Cell(strengths, body), _Cell(developments, body)]],
    )

    pages.heading(tr("Observations, in the order they were made"))
    if assessment.observations:
        obs_rows = []
        for number, observation in assessment.numbered():
            color = STRENGTH if observation.emphasis is Emphasis.STRENGTH else DEVELOPMENT
            obs_rows.append(
                [
                    _Cell(f"#{number}", bold, color),
                    _Cell(moment_time(observation.moment) + "\n" + moment_place(observation.moment), small),
                    _Cell(
                        assessment.criterion_name(observation.criterion)
                        + "\n"
                        + emphasis_label(observation.emphasis),
                        small,
                        color,
                    ),
                    _Cell(observation.text or tr("(marker only, no note)"), body),
                ]
            )
        pages.table([9, 46, 40, 79], [tr("#"), tr("When"), tr("Criterion"), tr("Observation")], obs_rows)
    else:
        pages.paragraph(tr("No observations were logged."), body, MUTED)

    pages.heading(tr("Overall summary"))
    pages.paragraph(
        assessment.summary or tr("(No overall summary was written.)"),
        body,
        INK if assessment.summary else MUTED,
    )

    _signatures(pages, assessment)
    if data.progress is not None:
        _progress_pages(pages, data.progress)


def progress_for(record: SessionRecord, stored: list[AssessedSession]) -> Progress:
    """The progress of the record's trainee: the stored assessments, with this record's as it is now."""
    assessment = record.assessment or {}
    code = str(assessment.get("trainee_code", ""))
    mine = assessed_record(record.id, record.started_at, record.assessment)
    return collect_progress(code, including(stored, mine))


def _progress_pages(pages: _Pages, progress: Progress) -> None:
    """The trainee's progress across assessments: per criteria set, the two charts and the table."""
    pages.new_page()
    body = _font(9)
    pages.paragraph(
        tr("Progress of trainee {code} across assessments").format(code=progress.trainee_code),
        _font(15, bold=True),
        after=1 * MM,
    )
    pages.paragraph(summary_line(progress), body, MUTED, after=1 * MM)
    pages.paragraph(
        tr(
            "Each criteria set is shown on its own: levels from different sets are never put on one scale. "
            "Levels come from the assessor's ratings; strengths and developments count the notes logged "
            "during each session."
        ),
        _font(7.5, italic=True),
        MUTED,
        after=2 * MM,
    )
    style = progress_chart.ChartStyle.for_background(
        QColor("white"), INK, MUTED, QColor("#0B4F8A"), _font(7.5), unit=RESOLUTION / 96
    )
    width = pages.right - pages.left
    for index, set_progress in enumerate(progress.sets):
        if index:
            pages.new_page()
        pages.heading(set_progress.title)
        views = []
        if set_progress.has_levels:
            views.append((tr("Levels by date"), progress_chart.LEVELS_VIEW))
        if set_progress.has_observations:
            views.append((tr("Strengths and developments logged, per criterion"), progress_chart.COUNTS_VIEW))
        for title, view in views:
            height = progress_chart.height_for(pages.painter, style, set_progress, view, width)
            pages.ensure(height + 8 * MM)
            pages.paragraph(title, _font(10, bold=True), after=1.5 * MM)
            progress_chart.paint(
                pages.painter, QRectF(pages.left, pages.y, width, height), style, set_progress, view
            )
            pages.y += height + 3 * MM
        if not set_progress.has_observations:
            pages.paragraph(tr("No observations were logged in these assessments."), body, MUTED)
        header = [tr("Criterion"), *(o.date for o in set_progress.occasions)]
        rows = [
            [
                _Cell(name, _font(8, bold=True)),
                *(
                    _Cell(cell_words(set_progress, occasion, criterion_id), _font(7.5))
                    for occasion in set_progress.occasions
                ),
            ]
            for criterion_id, name in set_progress.criteria
        ]
        columns = len(set_progress.occasions)
        pages.ensure(30 * MM)
        pages.paragraph(tr("The same, as a table"), _font(10, bold=True), after=1.5 * MM)
        pages.table([max(30.0, 60.0 - 4 * columns), *([100.0 / max(1, columns)] * columns)], header, rows)


def _level_text(assessment: Assessment, level: str) -> str:
    if not level:
        return tr("not rated") if assessment.levels else "—"
    if level in assessment.levels:
        return tr("{level}\n({n} of {count})").format(
            level=level, n=assessment.levels.index(level) + 1, count=len(assessment.levels)
        )
    return level


def _emphasis_text(assessment: Assessment, emphasis: Emphasis, summary: str) -> str:
    parts = [summary] if summary else []
    notes = assessment.by_emphasis(emphasis)
    if notes:
        parts.append(
            "\n".join(
                f"#{n} ({moment_time(o.moment)}) {assessment.criterion_name(o.criterion)}"
                + (f": {o.text}" if o.text else "")
                for n, o in notes
            )
        )
    return "\n\n".join(parts) or "—"


def _signatures(pages: _Pages, assessment: Assessment) -> None:
    p = pages.painter
    block = 30 * MM
    pages.ensure(block)
    pages.space(8 * MM)
    column = (pages.right - pages.left - 10 * MM) / 2
    label_font = _font(8)
    for i, (who, name) in enumerate(
        ((tr("Assessor"), assessment.assessor), (tr("Trainee"), assessment.trainee_code))
    ):
        x = pages.left + i * (column + 10 * MM)
        y = pages.y + 10 * MM
        p.setPen(QPen(INK, 0.3 * MM))
        p.drawLine(QPointF(x, y), QPointF(x + column * 0.62, y))
        p.drawLine(QPointF(x + column * 0.70, y), QPointF(x + column, y))
        p.setFont(label_font)
        p.setPen(MUTED)
        p.drawText(QPointF(x, y + 4 * MM), tr("{who} signature ({name})").format(who=who, name=name))
        p.drawText(QPointF(x + column * 0.70, y + 4 * MM), tr("Date"))
    pages.y += block - 8 * MM


def _new_writer(device: QIODevice, data: ReportData) -> QPdfWriter:
    writer = QPdfWriter(device)
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(16, 14, 16, 12),
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setTitle(tr("Observed practice assessment"))
    writer.setCreator("Mindful Listening")
    return writer


def render_report_bytes(data: ReportData) -> tuple[bytes, int]:
    """The PDF as bytes, and its page count. Two passes: the first counts pages for "page n of N"."""
    total: int | None = None
    pdf = b""
    for _ in range(2):
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        writer = _new_writer(buffer, data)
        pages = _draw(writer, data, total)
        del writer  # finishes the PDF into the buffer
        buffer.close()
        pdf = bytes(QByteArray(buffer.data()).data())
        total = pages
    assert total is not None
    return pdf, total


def render_report(record: SessionRecord, path: str | Path, progress: Progress | None = None) -> int:
    """Write the assessment report for ``record`` to ``path`` (atomically); returns the number of pages.

    With ``progress``, the trainee's progress pages follow the report. Needs a ``QGuiApplication`` (fonts);
    safe to call on a worker thread. Raises :class:`ReportError`.
    """
    data = ReportData.from_record(record, progress)
    pdf, pages = render_report_bytes(data)
    target = Path(path)
    try:
        write_private(target, pdf)  # assessment notes: readable by their owner only, never half written
    except OSError as exc:
        raise ReportError(
            tr("cannot write {path}: {reason}").format(path=target, reason=exc.strerror)
        ) from None
    return pages


# ---------------------------------------------------------------------------------------------------- async
class ReportExporter(QObject):
    """Makes reports on a worker thread; answers on the GUI thread: ``done(path, pages)`` or ``failed``."""

    done = Signal(str, int)
    failed = Signal(str)  # a message for the tutor (never contains observation text)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._background = Background(self)

    def export(
        self,
        record: SessionRecord,
        path: str | Path,
        stored: Callable[[str], list[AssessedSession]] | None = None,
    ) -> None:
        """Start making the report; returns at once. The record is copied, so later edits do not race.

        ``stored``: for the progress pages, a function giving the stored assessments of a trainee code; it
        is called on the worker thread (it reads the records file), never on the GUI thread.
        """
        copy = record.to_dict()
        target = str(path)

        def work() -> int:
            report_record = SessionRecord.from_dict(copy)
            progress = None
            if stored is not None:
                code = str((report_record.assessment or {}).get("trainee_code", ""))
                progress = progress_for(report_record, stored(code) if code else [])
            return render_report(report_record, target, progress)

        self._background.run(work, lambda pages: self.done.emit(target, pages), self._on_failed)

    def busy(self) -> bool:
        return self._background.busy()

    def wait(self, ms: int = 30_000) -> bool:
        """Wait for running exports (at shutdown, and in tests)."""
        return self._background.wait(ms)

    def _on_failed(self, error: BaseException) -> None:
        if isinstance(error, ReportError):
            self.failed.emit(str(error))
            return
        log.error("Making an assessment report failed (%s)", type(error).__name__, exc_info=error)
        self.failed.emit(tr("the report could not be made ({kind})").format(kind=type(error).__name__))
