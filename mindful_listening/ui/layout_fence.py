"""A widget that keeps a busy part of a window from relaying out the rest of it.

Qt relays out every widget above a layout that was activated: ``QLayout::activate()`` ends by asking the
widget it lays out to ``updateGeometry()`` ("ideally only if sizeHint() or sizePolicy() has changed", says its
source), which invalidates the layout above, and so on up to the window. So a label whose text changes every
second (a countdown, the time to the next cue) relaid out the whole presenter console every second: its
splitter and its scrolled console took 74 % of a practice's time at 10× (``benchmarks/gui_stall.py
--events``).

A :class:`LayoutFence` holds one widget and has no layout of its own. When the widget inside has relaid itself
out, the fence receives the ``LayoutRequest`` that ``updateGeometry()`` posts to a parent without a layout,
reads the inner widget's size wishes, and passes them up only when they differ from the ones it last passed
up. To the layouts above, the fence asks exactly what the widget inside asks.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QWidget

Wishes = tuple[QSize, QSize, int]


class LayoutFence(QWidget):
    """One widget inside, filling the fence; its size wishes reach the layouts above only when they change.
    The fence's own size policy is its owner's to set, as for any widget."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._inner: QWidget | None = None
        self._wishes: Wishes | None = None
        # The inner widget relaid itself out without changing its wishes at the fence's width: at another
        # width they may have changed, so a change of width passes them up once more.
        self._unsent = False

    def fence_in(self, widget: QWidget) -> None:
        """Make ``widget`` the one inside (its parent becomes the fence)."""
        widget.setParent(self)
        self._inner = widget
        widget.setGeometry(self.rect())
        self._wishes = self._read()
        self.updateGeometry()

    @property
    def inner(self) -> QWidget | None:
        return self._inner

    def _read(self) -> Wishes | None:
        inner = self._inner
        if inner is None:
            return None
        height = inner.heightForWidth(self.width()) if inner.hasHeightForWidth() else -1
        return (inner.sizeHint(), inner.minimumSizeHint(), height)

    # ----------------------------------------------------------------- what the layouts above ask
    def sizeHint(self) -> QSize:
        return self._inner.sizeHint() if self._inner is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self._inner.minimumSizeHint() if self._inner is not None else super().minimumSizeHint()

    def hasHeightForWidth(self) -> bool:
        return self._inner.hasHeightForWidth() if self._inner is not None else False

    def heightForWidth(self, width: int) -> int:
        return self._inner.heightForWidth(width) if self._inner is not None else -1

    # ----------------------------------------------------------------- events
    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest and self._inner is not None:
            wishes = self._read()
            if wishes != self._wishes:
                self._wishes = wishes
                self._unsent = False
                self.updateGeometry()
            else:
                self._unsent = True
            return True
        return super().event(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._inner is not None:
            self._inner.setGeometry(self.rect())
        if self._unsent and event.size().width() != event.oldSize().width():
            self._unsent = False
            self._wishes = self._read()
            self.updateGeometry()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Hidden, the inner widget's changes were never posted here: the layouts above ask afresh on showing.
        self._wishes = self._read()
