"""The breathing guide: a soft circle that grows on the in-breath and settles on the out-breath.

It draws whatever :class:`~mindful_listening.core.pacer.Pace` its source gives it and decides nothing. While
it is visible and the session runs, a refresh timer from the injected factory asks the source about 30 times a
second; the source reads the injected clock, so a late frame shows where the breath is *now* (frames are never
counted). Hidden, minimised or paused, the timer stops.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QHideEvent, QPainter, QPaintEvent, QPen, QShowEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from mindful_listening.core.pacer import Pace
from mindful_listening.preferences import GuideText
from mindful_listening.timers import TimerFactory

PaceSource = Callable[[], Pace | None]

FRAME_MS = 33  # about 30 frames a second: smooth enough for a slow breath, light on a laptop
MIN_SCALE = 0.32  # the circle's radius on an empty breath, as a share of the largest radius

RING = QColor("#c9d3cc")
FILL = QColor(143, 168, 154, 120)  # soft sage, half see-through
FILL_EDGE = QColor("#8fa89a")
TEXT = QColor("#4b514d")


class PacerWidget(QWidget):
    def __init__(self, timer_factory: TimerFactory, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pacer")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 160)
        self._frames = timer_factory(self)
        self._frames.setSingleShot(False)
        self._frames.setTimerType(Qt.TimerType.CoarseTimer)
        self._frames.setInterval(FRAME_MS)
        self._frames.timeout.connect(self.refresh)
        self._source: PaceSource = lambda: None
        self._running = False
        self._minimised = False
        self._pace: Pace | None = None
        self._text_mode = GuideText.WORDS
        self._digits_hidden = False
        self._watched: QWidget | None = None
        self.frames_drawn = 0

    # ----------------------------------------------------------------- intent from the window
    def set_source(self, source: PaceSource) -> None:
        self._source = source
        self.refresh()

    def set_running(self, running: bool) -> None:
        """Refresh continuously only while the session runs (paused: the circle rests where it is)."""
        self._running = running
        self.refresh()
        self._update_timer()

    def set_text_mode(self, mode: GuideText) -> None:
        if mode != self._text_mode:
            self._text_mode = mode
            self.update()

    def set_digits_hidden(self, hidden: bool) -> None:
        if hidden != self._digits_hidden:
            self._digits_hidden = hidden
            self.update()

    # ----------------------------------------------------------------- reading
    @property
    def pace(self) -> Pace | None:
        return self._pace

    @property
    def refreshing(self) -> bool:
        return self._frames.isActive()

    def guide_text(self) -> str:
        pace = self._pace
        if pace is None or self._text_mode is GuideText.NONE:
            return ""
        mode = self._text_mode
        if self._digits_hidden and mode in (GuideText.SECONDS, GuideText.BREATHS):
            mode = GuideText.WORDS
        if mode is GuideText.SECONDS:
            if pace.phase == "in":
                return self.tr("In %n…", None, pace.second_of_phase)
            return self.tr("Out %n…", None, pace.second_of_phase)
        if mode is GuideText.BREATHS:
            if pace.phase == "in":
                return self.tr("Breath %n · in", None, pace.breath)
            return self.tr("Breath %n · out", None, pace.breath)
        return self.tr("Breathing in") if pace.phase == "in" else self.tr("Breathing out")

    def radius_share(self) -> float:
        """The circle's radius as a share of the largest it can be (for tests and the screenshot tool)."""
        if self._pace is None:
            return MIN_SCALE
        return MIN_SCALE + (1.0 - MIN_SCALE) * self._pace.openness

    # ----------------------------------------------------------------- frames
    def refresh(self) -> None:
        pace = self._source()
        if pace != self._pace:
            self._pace = pace
            self.frames_drawn += 1
            self.update()

    def _update_timer(self) -> None:
        should = self._running and self.isVisible() and not self._minimised
        if should and not self._frames.isActive():
            self._frames.start()
        elif not should and self._frames.isActive():
            self._frames.stop()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        window = self.window()
        if window is not self._watched:
            if self._watched is not None:
                self._watched.removeEventFilter(self)
            self._watched = window
            window.installEventFilter(self)
        self._minimised = window.isMinimized()
        self.refresh()
        self._update_timer()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._update_timer()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._watched and event.type() == QEvent.Type.WindowStateChange:
            self._minimised = self.window().isMinimized()
            self._update_timer()
        return False

    def sizeHint(self) -> QSize:
        return QSize(260, 260)

    # ----------------------------------------------------------------- drawing
    def paintEvent(self, event: QPaintEvent) -> None:
        del event
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.guide_text()
        text_height = self.fontMetrics().height() * 2 if text else 0
        area = QRectF(self.rect()).adjusted(8, 8, -8, -8 - text_height)
        largest = max(10.0, min(area.width(), area.height()) / 2)
        centre = QPointF(area.center())

        painter.setPen(QPen(RING, 1.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, largest, largest)
        painter.drawEllipse(centre, largest * MIN_SCALE, largest * MIN_SCALE)

        radius = largest * self.radius_share()
        painter.setPen(QPen(FILL_EDGE, 2))
        painter.setBrush(FILL)
        painter.drawEllipse(centre, radius, radius)

        if text:
            font = QFont(self.font())
            if font.pointSizeF() > 0:
                font.setPointSizeF(font.pointSizeF() * 1.25)
            painter.setFont(font)
            painter.setPen(TEXT)
            band = QRectF(0, area.bottom() + 4, self.width(), text_height)
            painter.drawText(band, Qt.AlignmentFlag.AlignCenter, text)
        painter.end()
