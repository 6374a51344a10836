"""The thin time line: the share of a step's time left, as a bar that shortens from the right.

It stands in for the countdown disc where the room's attention belongs elsewhere (the purpose, a debrief
prompt on the clock): small, and drawing only what it is given. Past zero the bar is gone and a dashed line in
the overtime tone takes its place, so the change is seen in shape as well as in colour.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from mindful_listening.ui.disc import TimeGauge


class TimeLine(TimeGauge):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeLine")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(8)

    def set_thickness(self, px: int) -> None:
        self.setFixedHeight(max(4, px))

    def sizeHint(self) -> QSize:
        return QSize(400, self.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        del event
        rect = QRectF(0, 0, self.width(), self.height())
        radius = rect.height() / 2
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(self._palette.track))
        painter.drawRoundedRect(rect, radius, radius)
        tone = QColor(self._palette.tone(self._tone))
        if self._past_zero:
            dashes = QPen(tone, rect.height(), Qt.PenStyle.DashLine, Qt.PenCapStyle.FlatCap)
            painter.setPen(dashes)
            middle = rect.center().y()
            painter.drawLine(0, round(middle), self.width(), round(middle))
        elif self._fraction > 0:
            painter.setBrush(tone)
            left = QRectF(0, 0, rect.width() * self._fraction, rect.height())
            painter.drawRoundedRect(left, radius, radius)
        painter.end()
