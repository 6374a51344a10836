"""The countdown disc: a coloured wedge that shrinks clockwise as the step's time is used.

It draws only what it is given (the share of time left, a tone, whether the count has passed zero) and asks
nothing. Past zero the wedge is gone and a dashed ring takes its place, so the change is seen in shape as well
as in colour.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from mindful_listening.ui.theme import DARK, Palette, Tone


class TimeGauge(QWidget):
    """What every drawing of a step's time left holds: the share left, a tone, past zero or not, the palette.
    It draws only what it is given and asks nothing; a screen reader hears the share left."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Time left in this step"))
        self._fraction = 1.0
        self._tone = Tone.READY
        self._past_zero = False
        self._palette: Palette = DARK

    # ----------------------------------------------------------------- what to draw
    @property
    def fraction(self) -> float:
        return self._fraction

    @property
    def past_zero(self) -> bool:
        return self._past_zero

    def set_state(self, fraction: float, tone: Tone, past_zero: bool) -> None:
        fraction = max(0.0, min(1.0, fraction))
        if (fraction, tone, past_zero) == (self._fraction, self._tone, self._past_zero):
            return
        self._fraction, self._tone, self._past_zero = fraction, tone, past_zero
        if past_zero:
            self.setAccessibleDescription(self.tr("Counting past zero"))
        else:
            self.setAccessibleDescription(
                self.tr("%1 percent left").replace("%1", str(round(fraction * 100)))
            )
        self.update()

    def set_palette(self, palette: Palette) -> None:
        self._palette = palette
        self.update()


class CountdownDisc(TimeGauge):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("countdownDisc")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(48, 48)

    def sizeHint(self) -> QSize:
        return QSize(320, 320)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return width

    # ----------------------------------------------------------------- drawing
    def paintEvent(self, event: QPaintEvent) -> None:
        del event
        side = min(self.width(), self.height())
        outline = max(2, round(self._palette.outline_px * side / 400))
        margin = outline + 2
        rect = QRectF(
            (self.width() - side) / 2 + margin,
            (self.height() - side) / 2 + margin,
            side - 2 * margin,
            side - 2 * margin,
        )
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(self._palette.track))
        painter.drawEllipse(rect)
        tone = QColor(self._palette.tone(self._tone))
        if self._past_zero:
            ring = QPen(tone, max(4, side // 14), Qt.PenStyle.DashLine, Qt.PenCapStyle.FlatCap)
            painter.setPen(ring)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            inset = ring.widthF() / 2
            painter.drawEllipse(rect.adjusted(inset, inset, -inset, -inset))
        elif self._fraction > 0:
            painter.setBrush(tone)
            # Qt angles are in 1/16 degree, counter-clockwise from three o'clock. The used share is eaten
            # clockwise from twelve, like a clock hand; the wedge left runs from the hand round to twelve.
            used = 1.0 - self._fraction
            painter.drawPie(rect, round((90 - used * 360) * 16), -round(self._fraction * 360 * 16))
        painter.setPen(QPen(QColor(self._palette.text), outline))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(rect)
        painter.end()
