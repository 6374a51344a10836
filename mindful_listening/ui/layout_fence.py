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
        height = self.heightForWidth(self.width()) if inner.hasHeightForWidth() else -1
        return (self.sizeHint(), self.minimumSizeHint(), height)

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
            if self._passes_up(self._wishes, wishes):
                self._wishes = wishes
                self._unsent = False
                self.updateGeometry()
            else:
                self._unsent = True
            return True
        return super().event(event)

    def _passes_up(self, before: Wishes | None, now: Wishes | None) -> bool:
        """Whether wishes that went from ``before`` to ``now`` are passed up at once: when they changed."""
        return now != before

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


class SteadyFence(LayoutFence):
    """A fence whose size wishes only grow, until :meth:`start_afresh`: text that gets shorter leaves its room
    in place (the widget inside keeps its own height, at the top, or with ``fill`` fills the fence) rather
    than resizing what is around it.

    The practice page's readouts are in one: the next cue's text is one line, then three, then one again as
    the cues go by, and each change of height resized the room's mirror above them and relaid out the whole
    console (60-97 ms a time on the shared 2-core machine, ``gui_stall.py --events``).

    Wider wishes alone are not passed up at once: the text inside wraps, so a longer line or word fits the
    width it has, and the wider wishes reach the layouts above when they lay the fence out anyway (a resize,
    a taller text). A step's new lines and a cue's were wider than any before often enough that the console
    was relaid out for them (its splitter 8-14 ms, in the tick after a step change or a cue,
    ``gui_stall.py --events``)."""

    def __init__(self, parent: QWidget | None = None, fill: bool = False) -> None:
        super().__init__(parent)
        self._fill = fill  # the widget inside fills the fence (else it keeps its own height, at the top)
        self._afresh = False  # started afresh, and the widget inside has not relaid itself out since
        self._most_hint = QSize(0, 0)
        self._most_least = QSize(0, 0)
        self._most_height: dict[int, int] = {}  # the tallest height asked for, by width

    def start_afresh(self) -> None:
        """Forget the sizes asked for so far (a new script, page or size): the fence asks what its widget
        asks now, and again once that widget has relaid itself out (its text may just have been resized)."""
        self._forget()
        self._afresh = True
        self._wishes = self._read()
        self.updateGeometry()

    def _forget(self) -> None:
        self._most_hint = QSize(0, 0)
        self._most_least = QSize(0, 0)
        self._most_height = {}

    def sizeHint(self) -> QSize:
        self._most_hint = self._most_hint.expandedTo(super().sizeHint())
        return self._most_hint

    def minimumSizeHint(self) -> QSize:
        self._most_least = self._most_least.expandedTo(super().minimumSizeHint())
        return self._most_least

    def _passes_up(self, before: Wishes | None, now: Wishes | None) -> bool:
        if before is None or now is None:
            return now != before
        (hint, least, height), (was_hint, was_least, was_height) = now, before
        return (hint.height(), least.height(), height) != (was_hint.height(), was_least.height(), was_height)

    def heightForWidth(self, width: int) -> int:
        height = max(super().heightForWidth(width), self._most_height.get(width, -1))
        if len(self._most_height) > 64:  # a window resized by hand, pixel by pixel: keep it small
            self._most_height = {}
        self._most_height[width] = height
        return height

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_inner()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest and self._afresh:
            self._afresh = False
            self._forget()
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            self._place_inner()  # its text changed: it keeps its own height, at the top
        return handled

    def _place_inner(self) -> None:
        inner = self._inner
        if inner is None or self._fill:
            return
        width = self.width()
        own = inner.heightForWidth(width) if inner.hasHeightForWidth() else inner.sizeHint().height()
        own = max(own, inner.minimumSizeHint().height())
        inner.setGeometry(0, 0, width, min(self.height(), own))
