"""A row of buttons that wraps onto the next line when the window is narrow.

The practice controls are a row of eight buttons: on a 1920 px console they sit on one line; on a 1366 px
laptop, with assessment mode on or the text made larger, they wrap instead of widening the window past its
screen. The layout asks for the width of its widest button and the height the current width needs.

A wrapped label in the row (the console's stage hint after its stage buttons) takes the rest of its line when
its words fit there on one line, else a line of its own, where they wrap if they must.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QWidget


class WrappingRow(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 6, ends_apart: bool = False) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self._ends_apart = ends_apart  # on one line, the last item at its right end (Read aloud … Next)
        self._width = 0  # the width last laid out: the minimum height is the wrapped height there

    # ----------------------------------------------------------------- QLayout's questions
    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def invalidate(self) -> None:
        """A button changed (a bolder label, larger text): the layouts above ask this row again."""
        super().invalidate()
        host = self.parentWidget()
        if host is not None:
            host.updateGeometry()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        needed = self._place(rect, move=True)
        if rect.width() != self._width:
            self._width = rect.width()
            if needed > rect.height():
                self.invalidate()  # a taller minimum at this width: the layouts above are asked again

    def sizeHint(self) -> QSize:
        """One line of every button: what the row would like."""
        margins = self.contentsMargins()
        width = sum(item.sizeHint().width() for item in self._items) + self._gap * max(
            0, len(self._items) - 1
        )
        height = max((item.sizeHint().height() for item in self._items), default=0)
        return QSize(width, height).grownBy(margins)

    def minimumSize(self) -> QSize:
        """The widest button: narrower than that, nothing can wrap any more."""
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        size = size.grownBy(self.contentsMargins())
        if self._width:
            size.setHeight(max(size.height(), self.heightForWidth(self._width)))
        return size

    # ----------------------------------------------------------------- placing
    def _place(self, rect: QRect, move: bool) -> int:
        margins: QMargins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        x, y, line_height = area.x(), area.y(), 0
        shown = [item for item in self._items if (widget := item.widget()) is None or not widget.isHidden()]
        apart = self._ends_apart and (
            sum(item.sizeHint().width() for item in shown) + self._gap * (len(shown) - 1) <= area.width()
        )
        for item in shown:
            hint = item.sizeHint()
            if apart and item is shown[-1]:
                x = area.right() + 1 - hint.width()
            if x > area.x() and x + hint.width() > area.right() + 1:
                x = area.x()
                y += line_height + self._gap
                line_height = 0
            if item.hasHeightForWidth():  # a wrapped label: the rest of the line, its height for that width
                width = max(area.right() + 1 - x, 1)
                # Beside buttons, as tall as they are (its words centred beside them, if it centres them).
                hint = QSize(width, max(item.heightForWidth(width), line_height))
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._gap
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y() + margins.bottom()


def wrapping_row_host(widgets: list[QWidget], ends_apart: bool = False) -> QWidget:
    """A widget holding ``widgets`` in a :class:`WrappingRow` (its height follows its width)."""
    host = QWidget()
    row = WrappingRow(host, ends_apart=ends_apart)
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget)
    policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    policy.setHeightForWidth(True)
    host.setSizePolicy(policy)
    return host
