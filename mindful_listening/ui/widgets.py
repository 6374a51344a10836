"""Small building blocks shared by the presenter pages."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QDate, QEvent, QModelIndex, QPersistentModelIndex, QRect, QSize, QStandardPaths, Qt
from PySide6.QtGui import (
    QAction,
    QFontMetrics,
    QGuiApplication,
    QKeySequence,
    QPalette,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionToolButton,
    QStyleOptionViewItem,
    QToolButton,
    QWidget,
)


class WrappedLabel(QLabel):
    """A label that wraps its words and remembers how tall they are at each width it was asked about.

    Qt's label lays its words out afresh every time a layout asks its height at a width, and the console's
    layouts ask each label several times whenever anything in them changes (a step's new words, the move to
    the debrief): measuring the unchanged labels again was a quarter of the GUI thread's time in the
    practice's longest gaps (``benchmarks/perf_gaps.py``). The heights are forgotten when the words or the
    looks change (a font, a style sheet, the margins).
    """

    KEPT = 8  # widths remembered (a layout asks at two or three; a window resized by hand at many)

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self._heights: dict[int, int] = {}
        self._looks: tuple[object, ...] = ()

    def heightForWidth(self, width: int) -> int:
        margins = self.contentsMargins()
        looks = (
            self.text(),
            self.font(),  # compared as fonts (cheap), not by their key (a string made at each ask)
            self.styleSheet(),
            margins.left(),
            margins.right(),
            margins.top(),
            margins.bottom(),
            self.margin(),
            self.indent(),
        )
        if looks != self._looks:
            self._looks = looks
            self._heights.clear()
        height = self._heights.get(width)
        if height is None:
            if len(self._heights) >= self.KEPT:
                self._heights.clear()
            height = self._heights[width] = super().heightForWidth(width)
        return height


class WholeWordsDelegate(QStyledItemDelegate):
    """Rows of a list or a tree as tall as their words need, wrapped at the width they are painted in.

    Qt measures a wrapped row at a width that leaves out the style sheet's item padding, so a row whose words
    only just fit is measured one line tall and then painted cut short with "…": the practice's current step,
    in bold and so a little wider, was. ``width_of(index)`` is the width the row is shown in (the list's
    viewport, a tree's column)."""

    INSET = 14  # the style sheet's item padding (4 px a side), the focus frame's margin, a pixel spare

    def __init__(self, view: QWidget, width_of: Callable[[QModelIndex | QPersistentModelIndex], int]) -> None:
        super().__init__(view)
        self._width_of = width_of

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        base = super().sizeHint(option, index)
        room = self._width_of(index)
        if room <= self.INSET:
            return base
        shown = QStyleOptionViewItem(option)
        self.initStyleOption(shown, index)
        metrics = QFontMetrics(shown.font)
        wrap = int(Qt.TextFlag.TextWordWrap)
        ours = metrics.boundingRect(QRect(0, 0, room - self.INSET, 1_000_000), wrap, shown.text)
        theirs = metrics.boundingRect(QRect(0, 0, max(1, base.width()), 1_000_000), wrap, shown.text)  # Qt's
        return QSize(min(base.width(), room), base.height() + max(0, ours.height() - theirs.height()))


def heading(text: str, level: str = "heading") -> QLabel:
    label = WrappedLabel(text)
    label.setProperty("role", level)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def text_label(text: str = "", role: str = "") -> QLabel:
    label = WrappedLabel(text)
    if role:
        label.setProperty("role", role)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class SteadyToolButton(QToolButton):
    """A tool button as wide as the widest of the words it takes turns to say (Start, Pause, Resume), so that
    a new word never changes its size and nothing around it is laid out again for it. (A text-only button:
    its size is the style's for each word, as Qt's own tool button works it out.)"""

    def __init__(self, words: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._words = list(words)

    def sizeHint(self) -> QSize:
        self.ensurePolished()
        option = QStyleOptionToolButton()
        self.initStyleOption(option)
        metrics = self.fontMetrics()
        widest = QSize(0, 0)
        for word in self._words:
            text = metrics.size(Qt.TextFlag.TextShowMnemonic, word)
            text.setWidth(text.width() + metrics.horizontalAdvance(" ") * 2)
            option.text = word
            option.rect.setSize(text)
            size = self.style().sizeFromContents(QStyle.ContentsType.CT_ToolButton, option, text, self)
            widest = widest.expandedTo(size)
        return widest.expandedTo(super().sizeHint())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()


def action_button(action: QAction, name: str | None = None, parent: QWidget | None = None) -> QToolButton:
    """A button that mirrors an action (text, enabled, checked) and triggers it. An action whose
    ``steadyWords`` property lists the words it takes turns to say gets a button as wide as the widest."""
    words = action.property("steadyWords")
    button = SteadyToolButton(words, parent) if words else QToolButton(parent)
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    button.setAccessibleName(name or action.text().replace("&", "").rstrip("…"))
    return button


def short_action_button(action: QAction, words: str) -> QToolButton:
    """``action_button`` in fewer words where a heading already says what it is about. While the action
    says it is stopping something (a reading), the button says "Stop" too."""
    button = action_button(action, action.text().replace("&", ""))

    def follow() -> None:
        button.setText(button.tr("Stop") if action.text().replace("&", "").startswith("Stop") else words)

    action.changed.connect(follow)
    follow()
    return button


def notes_field(name: str, placeholder: str = "", lines: int = 3) -> QPlainTextEdit:
    """A plain-text notes box where Tab moves on rather than typing a tab."""
    field = QPlainTextEdit()
    field.setTabChangesFocus(True)
    field.setAccessibleName(name)
    field.setPlaceholderText(placeholder)
    metrics = field.fontMetrics()
    field.setMinimumHeight(metrics.lineSpacing() * lines + 16)
    field.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return field


def rule() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    return line


WINDOW_FRAME = QSize(16, 48)  # about what a window manager adds around a window: borders and a title bar


def fit_to_screen(window: QWidget, wanted: QSize, fill_width_below: int = 0) -> None:
    """Open at ``wanted``, or smaller: never bigger than the free part of the window's screen. With
    ``fill_width_below``, on a screen whose free width is less than that, the window takes the whole width."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        window.resize(wanted)
        return
    room = screen.availableGeometry().size() - WINDOW_FRAME
    window.resize(opening_size(wanted, room, fill_width_below))


def opening_size(wanted: QSize, room: QSize, fill_width_below: int = 0) -> QSize:
    """``wanted`` within ``room``; as wide as ``room`` when ``room`` is narrower than ``fill_width_below``."""
    size = wanted.boundedTo(room)
    if room.width() < fill_width_below:
        size.setWidth(room.width())
    return size


def close_on_escape(window: QWidget) -> QAction:
    """Esc closes this secondary window (the F1 list, the history), as it would a dialog."""
    action = QAction(window.tr("Close"), window)
    action.setObjectName("action_close_window")
    action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.triggered.connect(window.close)
    window.addAction(action)
    return action


class _DownOnly(QScrollArea):
    """A scroll area that scrolls up and down only: it asks the layout around it for its content's least
    width (and its scroll bar's), so the content is never narrower than it can be shown."""

    def minimumSizeHint(self) -> QSize:
        least = super().minimumSizeHint()
        content = self.widget()
        if content is None:
            return least
        width = content.minimumSizeHint().expandedTo(content.minimumSize()).width()
        width += self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth()
        return QSize(max(least.width(), width), least.height())


def scrolled(content: QWidget, name: str = "", *, sideways: bool = True) -> QScrollArea:
    """``content`` in a frameless scroll area that sizes it to fit: a scroll bar shows only when it cannot.
    With ``sideways=False`` it scrolls only up and down, as wide as its content must be."""
    area = _DownOnly() if not sideways else QScrollArea()
    if not sideways:
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    if name:
        area.setObjectName(name)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    # No Tab stop of its own (an empty stop shows no focus at all): Tab goes to what is in it, and the area
    # scrolls to show the control Tab reaches.
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    # Its viewport made here, as Qt makes its own (the same name, the base background filled): PySide6 meets
    # a widget Qt made the first time Python asks for it (the keys' router does, walking up from the focused
    # widget), and to name its class it first makes every widget class it has not made yet, 6-10 ms just
    # before the facilitator's first frame (2 December, issue 16).
    viewport = QWidget()
    viewport.setObjectName("qt_scrollarea_viewport")
    viewport.setBackgroundRole(QPalette.ColorRole.Base)
    viewport.setAutoFillBackground(True)
    area.setViewport(viewport)
    area.setWidget(content)
    return area


class ConsoleSplitter(QSplitter):
    """The console's stages beside the tutor's assessment: side by side when both fit the width, one above
    the other when they do not (large text on a laptop), rather than pushing the console wider than its
    window. Its height follows its width, as its parts' do: a plain QSplitter asks the layout above only for
    its parts' smallest sizes, so wrapped labels in the pages were squeezed to a line or two and cut off."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        policy = self.sizePolicy()
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _shown(self, index: int) -> bool:
        part = self.widget(index)
        return part is not None and not part.isHidden()

    def _parts(self) -> list[QWidget]:
        return [part for i in range(self.count()) if (part := self.widget(i)) is not None and self._shown(i)]

    @staticmethod
    def _least(part: QWidget) -> QSize:
        return part.minimumSizeHint().expandedTo(part.minimumSize())

    def side_by_side(self, width: int) -> bool:
        """Whether the parts fit side by side in ``width``, each at its least width."""
        parts = self._parts()
        needed = sum(self._least(part).width() for part in parts) + self.handleWidth() * (len(parts) - 1)
        return width >= needed

    def _widths(self, width: int) -> list[int]:
        """How ``width`` is shared among the parts side by side: as now, in proportion (as their stretch
        factors share it, while they are one above the other), each at least its least width."""
        parts = self._parts()
        room = width - self.handleWidth() * (len(parts) - 1)
        shown = [size for i, size in enumerate(self.sizes()) if self._shown(i)]
        if self.orientation() is not Qt.Orientation.Horizontal or sum(shown) <= 0:
            shown = [max(1, part.sizePolicy().horizontalStretch()) for part in parts]
        total = sum(shown)
        shares = [room * size // total for size in shown]
        return [max(share, self._least(part).width()) for share, part in zip(shares, parts, strict=True)]

    def addWidget(self, widget: QWidget) -> None:
        super().addWidget(widget)
        if isinstance(widget, QStackedWidget):
            widget.currentChanged.connect(self.updateGeometry)  # another page: another height

    @staticmethod
    def _height(part: QWidget, width: int) -> int:
        least = ConsoleSplitter._least(part).height()
        if isinstance(part, QStackedWidget) and (page := part.currentWidget()) is not None:
            # The page shown, not the tallest page: a stack asks for the height of its tallest.
            frame = part.frameWidth() * 2
            return max(ConsoleSplitter._height(page, width - frame) + frame, least)
        layout = part.layout()
        if layout is not None and layout.hasHeightForWidth():
            # The least height its words need at this width, not the height its lists and fields would like:
            # at ordinary sizes the console fits its window without scrolling.
            return max(layout.totalMinimumHeightForWidth(width), least)
        if part.hasHeightForWidth():
            return max(part.heightForWidth(width), least)
        return least

    def minimumSizeHint(self) -> QSize:
        """As narrow as the widest part (then the parts go one above the other)."""
        parts = self._parts()
        width = max((self._least(part).width() for part in parts), default=0)
        height = max((self._least(part).height() for part in parts), default=0)
        return QSize(width, height)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        parts = self._parts()
        if not parts:
            return 0
        if self.side_by_side(width):
            return max(self._height(part, w) for part, w in zip(parts, self._widths(width), strict=True))
        return sum(self._height(part, width) for part in parts) + self.handleWidth() * (len(parts) - 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(event.size().width())
        super().resizeEvent(event)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            self._arrange(self.width())  # a part shown or hidden, or its text made larger: do both still fit?
        return handled

    def _arrange(self, width: int) -> None:
        wanted = Qt.Orientation.Horizontal if self.side_by_side(width) else Qt.Orientation.Vertical
        if wanted != self.orientation():
            self.setOrientation(wanted)
        if wanted == Qt.Orientation.Vertical:
            # One above the other: each part as tall as its words need at this width.
            heights = [self._height(part, width) for part in self._parts()]
            sizes = [heights.pop(0) if self._shown(i) else 0 for i in range(self.count())]
            if sizes != self.sizes():
                self.setSizes(sizes)


class ShownPageStack(QStackedWidget):
    """A stack of pages that asks for the room of the page on show, not of its largest page.

    Qt's stack asks for the largest size and the tallest height of all its pages, so every time the console
    was laid out (a stage moved on, a step changed its words) the words of every hidden page were measured
    again too: the library, the purpose and the debrief while the practice runs. That was most of the move to
    the debrief (its splitter's layout 9-17 ms, ``perf`` on ``benchmarks/gui_stall.py``). Here only the page
    on show is asked; a change of page asks the layouts above again.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentChanged.connect(lambda _index: self.updateGeometry())

    def _frame(self) -> QSize:
        width = self.frameWidth() * 2
        return QSize(width, width)

    def sizeHint(self) -> QSize:
        page = self.currentWidget()
        return super().sizeHint() if page is None else page.sizeHint().expandedTo(QSize(0, 0)) + self._frame()

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        if page is None:
            return super().minimumSizeHint()
        return page.minimumSizeHint().expandedTo(page.minimumSize()).expandedTo(QSize(0, 0)) + self._frame()

    def hasHeightForWidth(self) -> bool:
        page = self.currentWidget()
        return page is not None and page.hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:
        page = self.currentWidget()
        if page is None:
            return -1
        frame = self.frameWidth() * 2
        return page.heightForWidth(width - frame) + frame


class DateField(QDateEdit):
    """A date field whose date changes only when the facilitator means it to.

    Qt's own date field takes Tab to step through its parts (here year, month, day) and leaves only after the
    last: one Tab from the field before, then the next field's words typed ("Level 4"), and the month became
    April, unseen. Here Tab and Shift+Tab always leave the field; Left and Right move between its parts, Up
    and Down change the part the cursor is in. The mouse wheel changes the date only while the field has the
    keyboard: over a field not being edited it scrolls what the field is in.
    """

    def __init__(self, date: QDate, parent: QWidget | None = None) -> None:
        super().__init__(date, parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # not Qt's WheelFocus: a wheel never picks it
        self.setCalendarPopup(True)

    def focusNextPrevChild(self, next: bool) -> bool:
        return QAbstractSpinBox.focusNextPrevChild(self, next)  # the widget's Tab, not the parts'

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not self.hasFocus():
            event.ignore()  # on to the scroll area it is in
            return
        super().wheelEvent(event)


def export_folder() -> Path:
    """Where exports are offered to go, and imports looked for: the Documents folder, or the home folder where
    there is none."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path.home()


def ask_for_file(parent: QWidget, title: str, filters: str, *, save_as: str = "") -> str | None:
    """The one blocking file dialog of the history, the diary and the courses (each calls it from a method
    its tests replace): a file to open, or with ``save_as`` a name to save under, offered in
    :func:`export_folder`. ``None`` when the facilitator cancels."""
    if save_as:
        path, _ = QFileDialog.getSaveFileName(parent, title, str(export_folder() / save_as), filters)
    else:
        path, _ = QFileDialog.getOpenFileName(parent, title, str(export_folder()), filters)
    return path or None


def ask_before_erasing(
    parent: QWidget,
    title: str,
    question: str,
    detail: str,
    yes: str,
    answered: Callable[[int], None],
    **properties: str,
) -> QMessageBox:
    """The question the history, the diary and the courses ask before erasing: a warning with Cancel as the
    default and ``yes`` on the other button, opened with ``open()`` (never ``exec()``) and answered through
    ``answered(result)``. ``properties`` go on the box, so the answer knows what was asked about."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(question)
    box.setInformativeText(detail)
    box.setStandardButtons(QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Yes)
    box.button(QMessageBox.StandardButton.Yes).setText(yes)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    for name, value in properties.items():
        box.setProperty(name, value)
    box.finished.connect(answered)
    box.open()
    return box
