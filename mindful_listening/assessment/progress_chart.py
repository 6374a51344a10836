"""The progress charts, drawn with QPainter on any device: the progress window and the report's page.

Two charts of one criteria set (:class:`~mindful_listening.core.progress.SetProgress`):

- **levels by date**: one line per criterion, a level's place on the scale up the side and each assessment's
  date along the bottom; each criterion has its own colour, marker shape *and* line pattern, so no line is
  told from another by colour alone;
- **strengths and developments**: a grid, a criterion to a row and an assessment to a column, each cell
  holding two bars with their counts written on them: strengths solid, developments hatched.

Both return the marks they drew (:class:`Mark`: criterion, assessment, where), so the window can tell what
a click landed on. Sizes are in device units scaled by ``ChartStyle.unit`` (1 on screen; about 3 at the
report's 300 dpi), so one drawing serves both.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
)

from mindful_listening.assessment.progress_words import COUNTS, LEVELS
from mindful_listening.core.progress import SetProgress
from mindful_listening.wording import tr

# Okabe–Ito hues, darkened for a light background and lightened for a dark one, so every line and marker
# stands out from the background at 3:1 or better (WCAG's contrast for graphics; tests/assessment measures
# it against every theme).
SERIES_ON_LIGHT = ("#0072B2", "#B34700", "#007A5E", "#A23E86", "#6B5B00", "#1A1A1A", "#5B4AB8")
SERIES_ON_DARK = ("#56B4E9", "#FF9E5E", "#3FD1A8", "#F08BD0", "#F0E442", "#E8ECEF", "#B7A6FF")
STRENGTH_ON_LIGHT, DEVELOPMENT_ON_LIGHT = "#2E7D4F", "#B5561F"
STRENGTH_ON_DARK, DEVELOPMENT_ON_DARK = "#6FD39A", "#FF9E6B"
SHAPES = ("circle", "square", "triangle", "diamond", "down", "cross", "star")
DASHES = (
    Qt.PenStyle.SolidLine,
    Qt.PenStyle.DashLine,
    Qt.PenStyle.DotLine,
    Qt.PenStyle.DashDotLine,
    Qt.PenStyle.DashDotDotLine,
    Qt.PenStyle.SolidLine,
    Qt.PenStyle.DashLine,
)


@dataclass(frozen=True)
class ChartStyle:
    """The colours a trainee's progress chart is drawn in."""

    background: QColor
    ink: QColor  # text and axes
    muted: QColor  # grid lines and secondary words
    accent: QColor  # the selection ring
    series: tuple[QColor, ...]
    strength: QColor
    development: QColor
    font: QFont
    unit: float = 1.0  # device units per screen pixel

    @classmethod
    def for_background(
        cls,
        background: QColor,
        ink: QColor,
        muted: QColor,
        accent: QColor,
        font: QFont,
        unit: float = 1.0,
    ) -> ChartStyle:
        dark = background.lightnessF() < 0.5
        return cls(
            background=background,
            ink=ink,
            muted=muted,
            accent=accent,
            series=tuple(QColor(c) for c in (SERIES_ON_DARK if dark else SERIES_ON_LIGHT)),
            strength=QColor(STRENGTH_ON_DARK if dark else STRENGTH_ON_LIGHT),
            development=QColor(DEVELOPMENT_ON_DARK if dark else DEVELOPMENT_ON_LIGHT),
            font=font,
            unit=unit,
        )

    def colour(self, index: int) -> QColor:
        return self.series[index % len(self.series)]


@dataclass(frozen=True)
class Mark:
    """Something drawn for one criterion at one assessment (indexes into the set's criteria, occasions)."""

    criterion: int
    occasion: int
    rect: QRectF


Selection = tuple[int, int] | None  # (criterion index, occasion index)
LEVELS_VIEW, COUNTS_VIEW = LEVELS, COUNTS


def _metrics(painter: QPainter, font: QFont) -> QFontMetricsF:
    device = painter.device()
    return QFontMetricsF(font, device) if device is not None else QFontMetricsF(font)


def _sized(style: ChartStyle, factor: float, bold: bool = False) -> QFont:
    font = QFont(style.font)
    font.setPointSizeF(max(1.0, style.font.pointSizeF() * factor))
    font.setBold(bold)
    return font


def draw_marker(painter: QPainter, centre: QPointF, radius: float, shape: str, colour: QColor) -> None:
    painter.setBrush(QBrush(colour))
    painter.setPen(QPen(colour, max(1.0, radius * 0.25)))
    x, y, r = centre.x(), centre.y(), radius
    if shape == "circle":
        painter.drawEllipse(centre, r, r)
    elif shape == "square":
        painter.drawRect(QRectF(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7))
    elif shape == "cross":
        painter.setPen(QPen(colour, r * 0.55, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
        painter.drawLine(QPointF(x - r, y - r), QPointF(x + r, y + r))
        painter.drawLine(QPointF(x - r, y + r), QPointF(x + r, y - r))
    else:
        if shape == "triangle":
            points = [(0.0, -1.15), (1.05, 0.8), (-1.05, 0.8)]
        elif shape == "down":
            points = [(0.0, 1.15), (1.05, -0.8), (-1.05, -0.8)]
        elif shape == "diamond":
            points = [(0.0, -1.2), (1.2, 0.0), (0.0, 1.2), (-1.2, 0.0)]
        else:  # star
            points = []
            for i in range(10):
                angle = -math.pi / 2 + i * math.pi / 5
                reach = 1.25 if i % 2 == 0 else 0.55
                points.append((math.cos(angle) * reach, math.sin(angle) * reach))
        painter.drawPolygon(QPolygonF([QPointF(x + dx * r, y + dy * r) for dx, dy in points]))


def _legend_items(set_progress: SetProgress) -> list[tuple[int, str]]:
    return [(i, name) for i, (_cid, name) in enumerate(set_progress.criteria)]


def _legend_layout(
    painter: QPainter, style: ChartStyle, set_progress: SetProgress, width: float
) -> tuple[list[tuple[int, str, QPointF]], float]:
    """Where each legend entry goes (wrapping), and the legend's height."""
    font = _sized(style, 0.9)
    metrics = _metrics(painter, font)
    u = style.unit
    sample = 30 * u
    gap = 14 * u
    line_h = metrics.lineSpacing() + 4 * u
    x = y = 0.0
    placed = []
    for index, name in _legend_items(set_progress):
        text = metrics.elidedText(name, Qt.TextElideMode.ElideRight, max(40 * u, width - sample - 8 * u))
        item_w = sample + 6 * u + metrics.horizontalAdvance(text)
        if x > 0 and x + item_w > width:
            x = 0.0
            y += line_h
        placed.append((index, text, QPointF(x, y)))
        x += item_w + gap
    return placed, y + line_h


def levels_height(painter: QPainter, style: ChartStyle, set_progress: SetProgress, width: float) -> float:
    """The height the levels chart wants at ``width``."""
    metrics = _metrics(painter, style.font)
    _placed, legend_h = _legend_layout(painter, style, set_progress, width)
    rows = max(2, len(set_progress.levels))
    return rows * max(metrics.lineSpacing() * 2.4, 30 * style.unit) + metrics.lineSpacing() * 4 + legend_h


def paint_levels(
    painter: QPainter, rect: QRectF, style: ChartStyle, set_progress: SetProgress, selected: Selection = None
) -> list[Mark]:
    """Levels by date: a line per criterion over the assessments. Returns the points drawn."""
    u = style.unit
    font = style.font
    small = _sized(style, 0.9)
    metrics = _metrics(painter, font)
    small_m = _metrics(painter, small)
    levels = list(set_progress.levels) or [tr("(no scale)")]
    occasions = set_progress.occasions
    placed, legend_h = _legend_layout(painter, style, set_progress, rect.width())

    label_w = max(small_m.horizontalAdvance(name) for name in levels) + 10 * u
    top = rect.top() + metrics.lineSpacing() * 1.3  # room for the axis title
    bottom = rect.bottom() - legend_h - small_m.lineSpacing() * 2.6 - 6 * u
    plot = QRectF(rect.left() + label_w, top, max(10 * u, rect.width() - label_w - 8 * u), bottom - top)

    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    # Axis titles.
    painter.setFont(_sized(style, 0.95, bold=True))
    painter.setPen(style.ink)
    painter.drawText(QPointF(rect.left(), rect.top() + metrics.ascent()), tr("Level"))
    title_m = _metrics(painter, _sized(style, 0.95, bold=True))
    x_title = tr("Date of assessment")
    painter.drawText(
        QPointF(
            plot.center().x() - title_m.horizontalAdvance(x_title) / 2, bottom + small_m.lineSpacing() * 2.3
        ),
        x_title,
    )

    # Level grid, lowest at the bottom.
    count = len(levels)

    def y_at(rank: float) -> float:
        if count == 1:
            return plot.center().y()
        return plot.bottom() - (rank - 1) / (count - 1) * plot.height()

    painter.setFont(small)
    grid_colour = QColor(style.muted)
    grid_colour.setAlphaF(0.45)
    for rank, name in enumerate(levels, start=1):
        y = y_at(rank)
        painter.setPen(QPen(grid_colour, 0.8 * u, Qt.PenStyle.DotLine))
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(style.ink)
        painter.drawText(
            QRectF(rect.left(), y - small_m.lineSpacing() / 2, label_w - 6 * u, small_m.lineSpacing()),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            name,
        )
    painter.setPen(QPen(style.ink, 1.2 * u))
    painter.drawLine(plot.bottomLeft(), plot.topLeft())
    painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))

    # Dates along the bottom, one column per assessment.
    n = max(1, len(occasions))
    step = plot.width() / n

    def x_at(index: int) -> float:
        return plot.left() + step * (index + 0.5)

    for index, occasion in enumerate(occasions):
        x = x_at(index)
        if selected is not None and selected[1] == index:
            band = QColor(style.accent)
            band.setAlphaF(0.12)
            painter.fillRect(QRectF(x - step / 2, plot.top(), step, plot.height()), band)
        painter.setPen(QPen(style.ink, 1.0 * u))
        painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 4 * u))
        painter.drawText(
            QRectF(x - step / 2, plot.bottom() + 5 * u, step, small_m.lineSpacing()),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            occasion.date,
        )

    # Lines and markers, each criterion nudged sideways a little so equal levels stay visible.
    k = max(1, len(set_progress.criteria))
    nudge = min(step * 0.6 / k, 10 * u)
    radius = 4.5 * u
    marks: list[Mark] = []
    for ci, (criterion_id, _name) in enumerate(set_progress.criteria):
        colour = style.colour(ci)
        offset = (ci - (k - 1) / 2) * nudge
        points: list[tuple[int, QPointF] | None] = []
        for oi, place in enumerate(set_progress.ranks(criterion_id)):
            points.append(None if place is None else (oi, QPointF(x_at(oi) + offset, y_at(place))))
        pen = QPen(colour, 2.0 * u, DASHES[ci % len(DASHES)])
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for a, b in itertools.pairwise(points):
            if a is not None and b is not None:
                painter.drawLine(a[1], b[1])
        for point in points:
            if point is None:
                continue
            oi, centre = point
            draw_marker(painter, centre, radius, SHAPES[ci % len(SHAPES)], colour)
            marks.append(Mark(ci, oi, QRectF(centre.x() - 8 * u, centre.y() - 8 * u, 16 * u, 16 * u)))
            if selected == (ci, oi):
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.setPen(QPen(style.accent, 2.2 * u))
                painter.drawEllipse(centre, radius + 4 * u, radius + 4 * u)

    # Legend: each criterion's line pattern, marker and colour.
    legend_top = rect.bottom() - legend_h + 2 * u
    painter.setFont(small)
    for index, text, at in placed:
        colour = style.colour(index)
        x = rect.left() + at.x()
        y = legend_top + at.y() + small_m.lineSpacing() / 2
        painter.setPen(QPen(colour, 2.0 * u, DASHES[index % len(DASHES)]))
        painter.drawLine(QPointF(x, y), QPointF(x + 30 * u, y))
        draw_marker(painter, QPointF(x + 15 * u, y), 3.8 * u, SHAPES[index % len(SHAPES)], colour)
        painter.setPen(style.ink)
        painter.drawText(QPointF(x + 36 * u, y - small_m.lineSpacing() / 2 + small_m.ascent()), text)
    painter.restore()
    return marks


def counts_height(painter: QPainter, style: ChartStyle, set_progress: SetProgress, width: float) -> float:
    metrics = _metrics(painter, style.font)
    rows = len(set_progress.criteria)
    return metrics.lineSpacing() * 4.5 + rows * max(metrics.lineSpacing() * 2.5, 32 * style.unit)


def _wrap(text: str, metrics: QFontMetricsF, width: float, lines: int) -> list[str]:
    words, out, line = text.split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if metrics.horizontalAdvance(trial) <= width or not line:
            line = trial
        else:
            out.append(line)
            line = word
    if line:
        out.append(line)
    if len(out) > lines:
        out = [
            *out[: lines - 1],
            metrics.elidedText(" ".join(out[lines - 1 :]), Qt.TextElideMode.ElideRight, width),
        ]
    return out


def paint_counts(
    painter: QPainter, rect: QRectF, style: ChartStyle, set_progress: SetProgress, selected: Selection = None
) -> list[Mark]:
    """Strengths and developments logged: a criterion to a row, an assessment to a column."""
    u = style.unit
    small = _sized(style, 0.88)
    bold = _sized(style, 0.95, bold=True)
    metrics = _metrics(painter, style.font)
    small_m = _metrics(painter, small)
    bold_m = _metrics(painter, bold)
    occasions = set_progress.occasions
    criteria = set_progress.criteria
    most = max(1, set_progress.most_notes)

    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    # Legend first, across the top: what solid and hatched mean.
    legend_y = rect.top()
    x = rect.left()
    painter.setFont(small)
    for label, colour, hatched in (
        (tr("strengths logged"), style.strength, False),
        (tr("to develop, logged"), style.development, True),
    ):
        swatch = QRectF(x, legend_y + 2 * u, 14 * u, small_m.lineSpacing() - 4 * u)
        _bar(painter, swatch, colour, hatched, u)
        painter.setPen(style.ink)
        painter.drawText(QPointF(x + 18 * u, legend_y + small_m.ascent()), label)
        x += 18 * u + small_m.horizontalAdvance(label) + 18 * u
    header_top = legend_y + small_m.lineSpacing() * 1.6

    label_w = min(rect.width() * 0.34, 260 * u)
    grid = QRectF(
        rect.left() + label_w,
        header_top + bold_m.lineSpacing() + small_m.lineSpacing() + 4 * u,
        rect.width() - label_w,
        0.0,
    )
    grid.setBottom(rect.bottom())
    painter.setFont(bold)
    painter.setPen(style.ink)
    painter.drawText(QPointF(rect.left(), header_top + bold_m.ascent()), tr("Criterion"))
    x_title = tr("Date of assessment")
    painter.drawText(QPointF(grid.left() + 4 * u, header_top + bold_m.ascent()), x_title)
    n = max(1, len(occasions))
    col_w = grid.width() / n
    row_h = grid.height() / max(1, len(criteria))
    painter.setFont(small)
    for oi, occasion in enumerate(occasions):
        painter.drawText(
            QRectF(grid.left() + oi * col_w, header_top + bold_m.lineSpacing(), col_w, small_m.lineSpacing()),
            Qt.AlignmentFlag.AlignHCenter,
            occasion.date,
        )

    marks: list[Mark] = []
    lines_fit = max(1, int((row_h - 4 * u) // small_m.lineSpacing()))
    for ci, (criterion_id, name) in enumerate(criteria):
        top = grid.top() + ci * row_h
        if ci % 2 == 0:
            shade = QColor(style.muted)
            shade.setAlphaF(0.08)
            painter.fillRect(QRectF(rect.left(), top, rect.width(), row_h), shade)
        painter.setPen(style.ink)
        wrapped = _wrap(name, small_m, label_w - 8 * u, min(3, lines_fit))
        text_top = top + (row_h - len(wrapped) * small_m.lineSpacing()) / 2
        for li, line in enumerate(wrapped):
            painter.drawText(
                QPointF(rect.left() + 2 * u, text_top + li * small_m.lineSpacing() + small_m.ascent()), line
            )
        for oi, (strengths, developments) in enumerate(set_progress.counts(criterion_id)):
            cell = QRectF(grid.left() + oi * col_w, top, col_w, row_h)
            present = criterion_id in occasions[oi].results
            base = cell.bottom() - 5 * u
            room = row_h - small_m.lineSpacing() - 10 * u
            bar_w = min(22 * u, col_w * 0.25)
            for j, (value, colour, hatched) in enumerate(
                ((strengths, style.strength, False), (developments, style.development, True))
            ):
                bx = cell.center().x() + (j - 1) * (bar_w + 3 * u) + (1.5 * u if j else -1.5 * u)
                height = room * value / most
                bar = QRectF(bx, base - height, bar_w, height)
                if value:
                    _bar(painter, bar, colour, hatched, u)
                painter.setPen(QPen(style.ink, 1.0 * u))
                painter.drawLine(QPointF(bx - 1 * u, base), QPointF(bx + bar_w + 1 * u, base))
                painter.setPen(style.ink)
                painter.drawText(
                    QRectF(
                        bx - 6 * u,
                        base - height - small_m.lineSpacing(),
                        bar_w + 12 * u,
                        small_m.lineSpacing(),
                    ),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                    str(value) if present else "–",
                )
            marks.append(Mark(ci, oi, cell))
            if selected == (ci, oi):
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.setPen(QPen(style.accent, 2.4 * u))
                painter.drawRect(cell.adjusted(1.5 * u, 1.5 * u, -1.5 * u, -1.5 * u))
    painter.setPen(QPen(style.muted, 0.8 * u))
    for oi in range(1, n):
        x = grid.left() + oi * col_w
        painter.drawLine(QPointF(x, grid.top()), QPointF(x, grid.bottom()))
    painter.setPen(QPen(style.ink, 1.2 * u))
    painter.drawLine(QPointF(grid.left(), grid.top()), QPointF(grid.left(), grid.bottom()))
    painter.restore()
    del metrics
    return marks


def _bar(painter: QPainter, rect: QRectF, colour: QColor, hatched: bool, u: float) -> None:
    if hatched:
        painter.setPen(QPen(colour, 1.4 * u))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)
        path = QPainterPath()
        path.addRect(rect)
        painter.save()
        painter.setClipPath(path)
        painter.setPen(QPen(colour, 1.6 * u))
        spacing = 4.5 * u
        x = rect.left() - rect.height()
        while x < rect.right():
            painter.drawLine(QPointF(x, rect.bottom()), QPointF(x + rect.height(), rect.top()))
            x += spacing
        painter.restore()
    else:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(colour))
        painter.drawRect(rect)


def paint(
    painter: QPainter,
    rect: QRectF,
    style: ChartStyle,
    set_progress: SetProgress,
    view: str,
    selected: Selection = None,
) -> list[Mark]:
    if view == LEVELS:
        return paint_levels(painter, rect, style, set_progress, selected)
    return paint_counts(painter, rect, style, set_progress, selected)


def height_for(
    painter: QPainter, style: ChartStyle, set_progress: SetProgress, view: str, width: float
) -> float:
    if view == LEVELS:
        return levels_height(painter, style, set_progress, width)
    return counts_height(painter, style, set_progress, width)
