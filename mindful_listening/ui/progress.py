"""A trainee's progress, for tutors: every assessment of one trainee code, per criterion, as a chart.

Reached from the assessment panel (**Trainee's progress…**) and from Tools ▸ Trainee progress. The records are
read on the :class:`~mindful_listening.storage.reader.RecordReader` thread, never on the GUI thread. The chart
(:mod:`mindful_listening.assessment.progress_chart`) is a focusable widget: the arrow keys move between
assessments (Left/Right) and criteria (Up/Down), a click picks a point or a cell, and what was written about
it shows underneath. The same figures are in a table beside the chart (the **Table** tab), and the chart
carries its content in words as its accessible description, for screen readers.

The window's title is fixed words: never a trainee code or a note.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QFocusEvent, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from mindful_listening.assessment import progress_chart
from mindful_listening.assessment.progress_words import (
    COUNTS,
    LEVELS,
    cell_words,
    comments,
    describe_chart,
    summary_line,
    view_label,
)
from mindful_listening.core.assessment import check_trainee_code
from mindful_listening.core.progress import Progress, SetProgress, collect_progress
from mindful_listening.storage.paths import data_dir
from mindful_listening.storage.reader import RecordReader
from mindful_listening.storage.store import RecordStore
from mindful_listening.ui.widgets import close_on_escape, fit_to_screen

log = logging.getLogger(__name__)

DEFAULT_SIZE = QSize(1180, 780)


def default_view(set_progress: SetProgress) -> str:
    """Levels by date for a set rated on a scale with no observations logged (MBI:TAC's whole-session
    ratings); strengths and developments where notes were logged (the observed-practice set)."""
    if set_progress.has_levels and not set_progress.has_observations:
        return LEVELS
    return COUNTS if set_progress.has_observations else LEVELS


class ProgressChart(QWidget):
    """One criteria set's progress as a chart; keyboard and mouse pick a criterion at an assessment."""

    picked = Signal(int, int)  # criterion index, occasion index

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("progressChart")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(420, 320)
        self.setAccessibleName(self.tr("Progress chart"))
        self.set_progress: SetProgress | None = None
        self.view = LEVELS
        self.selected: tuple[int, int] | None = None
        self.marks: list[progress_chart.Mark] = []

    def show_set(self, set_progress: SetProgress | None, view: str) -> None:
        self.set_progress = set_progress
        self.view = view
        self.selected = None
        if set_progress is not None and set_progress.occasions and set_progress.criteria:
            self.selected = (0, len(set_progress.occasions) - 1)  # the latest assessment, first criterion
        self.setAccessibleDescription(describe_chart(set_progress, view) if set_progress else "")
        # Tall enough that every criterion's row (or level) stays readable; the scroll area takes the rest.
        line = self.fontMetrics().lineSpacing()
        if set_progress is None:
            self.setMinimumHeight(320)
        elif view == LEVELS:
            legend_rows = 1 + len(set_progress.criteria) // 3
            self.setMinimumHeight(
                int(line * (1.8 * max(2, len(set_progress.levels)) + 5 + 1.4 * legend_rows))
            )
        else:
            self.setMinimumHeight(int(line * (2.3 * len(set_progress.criteria) + 4.5)))
        self._name_the_point()
        self.update()
        if self.selected is not None:
            self.picked.emit(*self.selected)

    def _name_the_point(self) -> None:
        """What a screen reader hears on the chart: which criterion at which assessment, and what it got."""
        name = self.tr("Progress chart")
        if self.set_progress is not None and self.selected is not None:
            criterion, occasion = self.selected
            criterion_id, criterion_name = self.set_progress.criteria[criterion]
            at = self.set_progress.occasions[occasion]
            name = self.tr("{chart}: {criterion}, {date}: {words}").format(
                chart=name,
                criterion=criterion_name,
                date=at.date,
                words=cell_words(self.set_progress, at, criterion_id),
            )
        self.setAccessibleName(name)

    def select(self, criterion: int, occasion: int) -> None:
        if self.set_progress is None or not self.set_progress.criteria or not self.set_progress.occasions:
            return
        criterion = max(0, min(criterion, len(self.set_progress.criteria) - 1))
        occasion = max(0, min(occasion, len(self.set_progress.occasions) - 1))
        if self.selected == (criterion, occasion):
            return
        self.selected = (criterion, occasion)
        self._name_the_point()
        self.update()
        self.picked.emit(criterion, occasion)

    def style_for(self) -> progress_chart.ChartStyle:
        palette = self.palette()
        return progress_chart.ChartStyle.for_background(
            palette.color(QPalette.ColorRole.Base),
            palette.color(QPalette.ColorRole.Text),
            palette.color(QPalette.ColorRole.PlaceholderText),
            palette.color(QPalette.ColorRole.Highlight),
            self.font(),
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        del event
        painter = QPainter(self)
        style = self.style_for()
        painter.fillRect(self.rect(), style.background)
        if self.set_progress is None or not self.set_progress.occasions:
            painter.setPen(style.ink)
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No assessments to show yet.")
            )
            painter.end()
            self.marks = []
            return
        area = QRectF(self.rect()).adjusted(12, 10, -12, -10)
        self.marks = progress_chart.paint(painter, area, style, self.set_progress, self.view, self.selected)
        if self.hasFocus():
            painter.setPen(style.accent)
            painter.drawRect(QRectF(self.rect()).adjusted(1, 1, -2, -2))
        painter.end()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.selected is None or self.set_progress is None:
            super().keyPressEvent(event)
            return
        criterion, occasion = self.selected
        moves = {
            Qt.Key.Key_Left: (criterion, occasion - 1),
            Qt.Key.Key_Right: (criterion, occasion + 1),
            Qt.Key.Key_Up: (criterion - 1, occasion),
            Qt.Key.Key_Down: (criterion + 1, occasion),
            Qt.Key.Key_Home: (criterion, 0),
            Qt.Key.Key_End: (criterion, len(self.set_progress.occasions) - 1),
        }
        key = Qt.Key(event.key())
        if key in moves:
            self.select(*moves[key])
            event.accept()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        point = event.position()
        hit = self.mark_at(point)
        if hit is not None:
            self.select(hit.criterion, hit.occasion)
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        event.accept()

    def mark_at(self, point: QPointF) -> progress_chart.Mark | None:
        """The mark under ``point`` (the nearest, where points of several criteria crowd together)."""
        under = [m for m in self.marks if m.rect.contains(point)]
        if not under:
            return None
        return min(under, key=lambda m: (m.rect.center() - point).manhattanLength())

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)


class ProgressWindow(QWidget):
    """Pick a trainee code; see each criteria set's chart, its table and the comments behind a point."""

    loaded = Signal()  # a trainee's progress arrived and is shown
    failed = Signal(str)

    def __init__(self, directory: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("progressWindow")
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setWindowTitle(self.tr("Trainee progress"))  # fixed words: never a code or a note
        close_on_escape(self)
        fit_to_screen(self, DEFAULT_SIZE)
        self.reader = RecordReader(directory or data_dir(), self)
        self.progress: Progress | None = None

        self.code_combo = QComboBox(self)
        self.code_combo.setEditable(True)
        self.code_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.code_combo.setMinimumContentsLength(12)
        self.code_combo.setAccessibleName(self.tr("Trainee code"))
        self.code_combo.view().setAccessibleName(self.tr("Trainee codes with assessments"))
        line = self.code_combo.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("e.g. T-07"))
            line.setMaxLength(20)
            line.returnPressed.connect(self.show_chosen)
        self.code_combo.activated.connect(lambda _index: self.show_chosen())
        self.show_button = QPushButton(self.tr("Show progress"), self)
        self.show_button.clicked.connect(self.show_chosen)
        self.set_combo = QComboBox(self)
        self.set_combo.setAccessibleName(self.tr("Criteria set"))
        self.set_combo.view().setAccessibleName(self.tr("Criteria set"))
        self.set_combo.currentIndexChanged.connect(self._set_changed)
        self.view_combo = QComboBox(self)
        for view in (LEVELS, COUNTS):
            self.view_combo.addItem(view_label(view), view)
        self.view_combo.setAccessibleName(self.tr("Chart"))
        self.view_combo.view().setAccessibleName(self.tr("Chart"))
        self.view_combo.currentIndexChanged.connect(self._view_changed)

        self.status = QLabel(self)
        self.status.setObjectName("progressStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.chart = ProgressChart(self)
        self.chart.picked.connect(self._picked)
        self.table = QTableWidget(self)
        self.table.setObjectName("progressTable")
        self.table.setAccessibleName(self.tr("Progress, as a table: criteria by date of assessment"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setWordWrap(True)
        self.table.setTabKeyNavigation(False)
        self.table.currentCellChanged.connect(self._cell_changed)
        self.tabs = QTabWidget(self)
        chart_scroll = QScrollArea(self)
        chart_scroll.setWidgetResizable(True)
        chart_scroll.setFrameShape(QFrame.Shape.NoFrame)
        chart_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        chart_scroll.setWidget(self.chart)
        self.tabs.addTab(chart_scroll, self.tr("Chart"))
        self.tabs.addTab(self.table, self.tr("Table"))
        self.tabs.setAccessibleName(self.tr("Chart or table"))

        self.comments = QTextBrowser(self)
        self.comments.setObjectName("progressComments")
        self.comments.setAccessibleName(self.tr("What was written about the chosen point"))
        self.comments.setOpenLinks(False)

        top = QHBoxLayout()
        form = QFormLayout()
        code_row = QHBoxLayout()
        code_row.addWidget(self.code_combo, 1)
        code_row.addWidget(self.show_button)
        form.addRow(self.tr("Trainee code"), code_row)
        choose_row = QHBoxLayout()
        choose_row.addWidget(self.set_combo, 2)
        choose_row.addWidget(QLabel(self.tr("Chart"), self))
        choose_row.addWidget(self.view_combo, 1)
        form.addRow(self.tr("Criteria set"), choose_row)
        top.addLayout(form, 1)
        # The comments beside the chart, not under it: the chart keeps the window's whole height.
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setChildrenCollapsible(False)
        split.addWidget(self.tabs)
        below = QWidget(split)
        below_box = QVBoxLayout(below)
        below_box.setContentsMargins(0, 0, 0, 0)
        comments_label = QLabel(self.tr("Comments for the chosen point"), below)
        comments_label.setBuddy(self.comments)
        below_box.addWidget(comments_label)
        below_box.addWidget(self.comments)
        split.addWidget(below)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)
        privacy = QLabel(
            self.tr("Assessment notes about a trainee: keep them between the assessor and the trainee."),
            self,
        )
        privacy.setObjectName("privacyNote")
        privacy.setWordWrap(True)
        layout.addWidget(privacy)
        self.setTabOrder(self.code_combo, self.show_button)
        self.setTabOrder(self.show_button, self.set_combo)
        self.setTabOrder(self.set_combo, self.view_combo)
        self.setTabOrder(self.view_combo, self.tabs)
        self.setTabOrder(self.tabs, self.chart)
        self.setTabOrder(self.chart, self.table)
        self.setTabOrder(self.table, self.comments)
        self._fill_sets()

    # ------------------------------------------------------------------ public
    def refresh_codes(self) -> None:
        """List the trainee codes that have assessments (read off the GUI thread)."""
        self.reader.request(lambda store: store.trainee_codes(), self._fill_codes, self._failed, "codes")

    def show_trainee(self, code: str) -> None:
        """Read and show the progress of ``code``; answers with ``loaded`` or ``failed``."""
        code = code.strip()
        problem = check_trainee_code(code)
        if problem:
            self._failed(self.tr("Trainee code: {problem}").format(problem=problem))
            return
        if self.code_combo.currentText().strip() != code:
            self.code_combo.setEditText(code)
        self.status.setText(self.tr("Reading the assessments…"))

        def read(store: RecordStore) -> Progress:
            return collect_progress(code, store.assessments_of(code))

        self.reader.request(read, self._show, self._failed, "progress")

    def show_chosen(self) -> None:
        self.show_trainee(self.code_combo.currentText())

    def current_set(self) -> SetProgress | None:
        if self.progress is None:
            return None
        index = self.set_combo.currentIndex()
        return self.progress.sets[index] if 0 <= index < len(self.progress.sets) else None

    def set_view(self, view: str) -> None:
        self.view_combo.setCurrentIndex(max(0, self.view_combo.findData(view)))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.reader.close()
        super().closeEvent(event)

    # ------------------------------------------------------------------ inner
    def _fill_codes(self, codes: list[tuple[str, int]]) -> None:
        typed = self.code_combo.currentText()
        self.code_combo.blockSignals(True)
        self.code_combo.clear()
        for code, number in codes:
            self.code_combo.addItem(code, code)
            self.code_combo.setItemData(
                self.code_combo.count() - 1,
                self.tr("{n} assessments").format(n=number) if number != 1 else self.tr("1 assessment"),
                Qt.ItemDataRole.ToolTipRole,
            )
        self.code_combo.setEditText(typed)
        self.code_combo.blockSignals(False)

    def _show(self, progress: Progress) -> None:
        self.progress = progress
        self.status.setText(summary_line(progress))
        self._fill_sets()
        self.loaded.emit()

    def _failed(self, message: str) -> None:
        self.status.setText(message)
        self.failed.emit(message)

    def _fill_sets(self) -> None:
        self.set_combo.blockSignals(True)
        self.set_combo.clear()
        for set_progress in self.progress.sets if self.progress else ():
            n = len(set_progress.occasions)
            words = self.tr("{title} ({n} assessments)") if n != 1 else self.tr("{title} (1 assessment)")
            self.set_combo.addItem(words.format(title=set_progress.title, n=n), set_progress.criteria_id)
        self.set_combo.setEnabled(self.set_combo.count() > 1)
        self.set_combo.blockSignals(False)
        chosen = self.current_set()
        if chosen is not None:
            self.view_combo.blockSignals(True)
            self.set_view(default_view(chosen))
            self.view_combo.blockSignals(False)
        self._redraw()

    def _set_changed(self, _index: int) -> None:
        set_progress = self.current_set()
        if set_progress is not None:
            self.view_combo.blockSignals(True)
            self.set_view(default_view(set_progress))
            self.view_combo.blockSignals(False)
        self._redraw()

    def _view_changed(self, _index: int) -> None:
        self._redraw()

    def _redraw(self) -> None:
        set_progress = self.current_set()
        view = str(self.view_combo.currentData() or LEVELS)
        self._fill_table(set_progress)
        if set_progress is None:
            self.comments.clear()
        self.chart.show_set(set_progress, view)

    def _fill_table(self, set_progress: SetProgress | None) -> None:
        self.table.blockSignals(True)
        self.table.clear()
        if set_progress is None:
            self.table.setRowCount(0)
            self.table.setColumnCount(0)
            self.table.blockSignals(False)
            return
        self.table.setRowCount(len(set_progress.criteria))
        self.table.setColumnCount(len(set_progress.occasions))
        self.table.setHorizontalHeaderLabels([o.date for o in set_progress.occasions])
        self.table.setVerticalHeaderLabels([name for _cid, name in set_progress.criteria])
        for row, (criterion_id, _name) in enumerate(set_progress.criteria):
            for column, occasion in enumerate(set_progress.occasions):
                item = QTableWidgetItem(cell_words(set_progress, occasion, criterion_id))
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()
        self.table.blockSignals(False)

    def _picked(self, criterion: int, occasion: int) -> None:
        set_progress = self.current_set()
        if set_progress is None:
            return
        criterion_id = set_progress.criteria[criterion][0]
        rows = comments(set_progress, set_progress.occasions[occasion], criterion_id)
        body = "".join(f"<p><b>{html.escape(label)}</b><br>{html.escape(text)}</p>" for label, text in rows)
        self.comments.setHtml(body)
        if (self.table.currentRow(), self.table.currentColumn()) != (criterion, occasion):
            self.table.blockSignals(True)
            self.table.setCurrentCell(criterion, occasion)
            self.table.blockSignals(False)

    def _cell_changed(self, row: int, column: int, _old_row: int, _old_column: int) -> None:
        if row >= 0 and column >= 0:
            self.chart.select(row, column)


def open_progress(owner: QWidget, code: str = "", directory: Path | None = None) -> ProgressWindow:
    """Open (or bring back) the progress window beside ``owner``, on ``code`` when one is given."""
    window = owner.findChild(ProgressWindow)
    if window is None:
        window = ProgressWindow(directory, owner)
    window.show()
    window.activateWindow()
    if code.strip():
        window.show_trainee(code)  # first: each read is a pass over the records, one after the other
    window.refresh_codes()
    return window
