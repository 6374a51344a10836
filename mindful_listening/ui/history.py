"""The session history: find a past session, read it, go on writing its notes, export it or erase it.

A non-modal window on the facilitator's screen (never the room's). Everything it reads comes from a
:class:`~mindful_listening.storage.reader.RecordReader` thread and everything it writes goes through the app's
:class:`~mindful_listening.storage.keeper.RecordKeeper`, so the GUI thread never touches the disk. The window
title is always the same words: no note text, code or script ever appears there, and nothing here logs notes.

Tests (and the app) reach the few moments that would need a modal dialog through small methods:
:meth:`HistoryWidget.ask_to_delete` returns the confirmation box (shown with ``open()``, never
``exec()``), and :meth:`HistoryWidget.choose_export_path` is the one place a file dialog is run.
"""

from __future__ import annotations

import itertools
import logging
import re
from dataclasses import replace
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mindful_listening.core.record import SessionRecord, StageNote
from mindful_listening.storage.export import EXPORT_FORMATS, Format, format_when, speed_words
from mindful_listening.storage.exporter import Exporter
from mindful_listening.storage.keeper import RecordKeeper
from mindful_listening.storage.paths import data_dir
from mindful_listening.storage.reader import RecordReader
from mindful_listening.storage.store import Imported, Query, SessionSummary
from mindful_listening.storage.text import tr
from mindful_listening.timers import TimerFactory, make_timer, soon
from mindful_listening.ui.reflection import written_stages
from mindful_listening.ui.widgets import (
    DateField,
    ask_before_erasing,
    ask_for_file,
    close_on_escape,
    fit_to_screen,
)
from mindful_listening.wording import count

log = logging.getLogger(__name__)

PAGE = 100
# The shortest delay that still folds a fast typist's keys into one query (benchmarks/search_to_paint.py, see
# docs/performance.md): a 14-key phrase at 120 words a minute makes 2.8 queries (100 ms: 6.3), at 80 words a
# minute 6.3 (100 ms: 10.6). Slower typists' keys come further apart than a search takes to paint, so the
# query between two of them shows as the list keeping up. 200 ms added 50 ms to every search.
SEARCH_DELAY_MS = 150
REFRESH_DELAY_MS = 1000
# Room for the list and a session's notes side by side, on a 1366×768 laptop too (less the window's frame).
DEFAULT_SIZE = QSize(1600, 900)
NOTES_SHARE = 0.2  # of the list's width: as much as the notes column may keep from the others

ModelIndex = QModelIndex | QPersistentModelIndex
_ANSWERED_ROLES = frozenset(
    {Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.UserRole}
)


# ---------------------------------------------------------------------------------------------- model
class HistoryModel(QAbstractTableModel):
    """Sessions matching a query, newest first, loaded a page at a time on the reader thread."""

    loaded = Signal(int)  # rows now in the model, after each page
    counted = Signal(int)  # how many sessions match the query
    diaryCounted = Signal(int)  # how many diary entries hold the query's words (asked only for words)
    failed = Signal(str)

    COLUMNS = ("When", "Script", "Participants", "Notes")

    def __init__(self, reader: RecordReader, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.reader = reader
        self.query = Query(limit=PAGE)
        self.rows: list[SessionSummary] = []
        self._more = False
        self._loading = False
        self._generation = 0
        self._snippets_due: tuple[int, str, list[SessionSummary]] | None = None
        self._when: dict[str, str] = {}  # each row's start as the list shows it (strftime is slow)

    # -- queries
    def set_query(self, query: Query) -> None:
        self.query = Query(query.text, query.script_id, query.since, query.until, limit=PAGE)
        self._generation += 1
        generation = self._generation
        self._when.clear()
        self.beginResetModel()
        self.rows = []
        self._more = False
        self.endResetModel()
        self._loading = True
        first = self.query
        self.reader.request(
            lambda store: store.sessions(first),
            lambda rows: self._page(generation, rows),
            self._fail,
            channel="history-page",
        )
        self.reader.request(
            lambda store: store.count(first),
            lambda total: self._count(generation, total),
            self._fail,
            channel="history-count",
        )
        if first.text:
            self.reader.request(
                lambda store: store.count_entries(first.text),
                lambda total: self._diary_count(generation, total),
                self._fail,
                channel="history-diary",
            )
        else:
            self.diaryCounted.emit(0)

    def refresh(self) -> None:
        self.set_query(self.query)

    def canFetchMore(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008 (Qt's signature)
        return not parent.isValid() and self._more and not self._loading

    def fetchMore(self, parent: ModelIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._loading = True
        generation = self._generation
        q = self.query
        after = Query(q.text, q.script_id, q.since, q.until, limit=PAGE, after=self.rows[-1].cursor)
        self.reader.request(
            lambda store: store.sessions(after),
            lambda rows: self._page(generation, rows),
            self._fail,
            channel="history-page",
        )

    def _page(self, generation: int, rows: list[SessionSummary]) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self._more = len(rows) == PAGE
        if rows:
            start = len(self.rows)
            self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()
        text = self.query.text
        # The words in context cost more than the page itself, and are made in Python on the reader thread,
        # where they would hold the interpreter while the page paints: they are asked for once the page is on
        # screen (the window calls fetch_snippets after its next paint).
        self._snippets_due = (generation, text, rows) if rows and text else None
        self.loaded.emit(len(self.rows))

    @property
    def snippets_due(self) -> bool:
        """A page of search results is shown whose words in context have not been asked for yet."""
        return self._snippets_due is not None and self._snippets_due[0] == self._generation

    def fetch_snippets(self) -> None:
        """Ask for the words in context of the last page shown (once; nothing if none is due)."""
        due, self._snippets_due = self._snippets_due, None
        if due is None or due[0] != self._generation:
            return
        generation, text, rows = due
        self.reader.request(
            lambda store: store.snippets(text, rows),
            lambda found: self._snippets(generation, found),
            self._fail,
        )

    def _snippets(self, generation: int, found: dict[str, str]) -> None:
        if generation != self._generation or not found:
            return
        for row, summary in enumerate(self.rows):
            if summary.id in found and not summary.snippet:
                self.rows[row] = replace(summary, snippet=found[summary.id])
                cell = self.index(row, len(self.COLUMNS) - 1)
                self.dataChanged.emit(cell, cell)

    def _diary_count(self, generation: int, total: int) -> None:
        if generation == self._generation:
            self.diaryCounted.emit(total)

    def _count(self, generation: int, total: int) -> None:
        if generation == self._generation:
            self.counted.emit(total)

    def _fail(self, message: str) -> None:
        self._loading = False
        self.failed.emit(message)

    # -- edits from elsewhere
    def remove(self, session_id: str) -> None:
        for row, summary in enumerate(self.rows):
            if summary.id == session_id:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.rows[row]
                self.endRemoveRows()
                return

    def row_of(self, session_id: str) -> int | None:
        for row, summary in enumerate(self.rows):
            if summary.id == session_id:
                return row
        return None

    # -- Qt model
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.COLUMNS[section])
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # The view asks each cell for eight roles as it measures and paints: the five it has no answer for are
        # turned away first (measuring the columns of a page of 100 took 16 ms, half of it in here).
        if role not in _ANSWERED_ROLES or not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole text of a cell cut short to fit
            if index.column() == 1:
                return row.script_title
            if index.column() == 2 and row.participants:
                return ", ".join(row.participants)
            return row.snippet or None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.cell_text(row, index.column())

    def column_texts(self, column: int) -> list[str]:
        """What a column shows, row by row (for measuring it without asking Qt for every cell)."""
        return [self.cell_text(row, column) for row in self.rows]

    def cell_text(self, row: SessionSummary, column: int) -> str:
        if column == 0:
            when = self._when.get(row.started_at)
            if when is None:
                when = self._when[row.started_at] = format_when(row.started_at, short=True)
            return when
        if column == 1:
            return row.script_title
        if column == 2:
            return ", ".join(row.participants)
        flags = []
        if row.is_rehearsal:  # first, so a row that is not a session with a room says so before all else
            flags.append(self.tr("rehearsal at {speed}").format(speed=speed_words(row.speed)))
        if row.unfinished:
            flags.append(self.tr("unfinished"))
        if row.snippet:
            flags.append(row.snippet)
        elif row.has_notes:
            flags.append(self.tr("notes"))
        return " · ".join(flags)


# ---------------------------------------------------------------------------------------------- editor
class SessionEditor(QWidget):
    """One session's notes, editable: each debrief prompt with its answer, free notes, the reflection."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record: SessionRecord | None = None
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no Tab stop of its own: Tab goes to the notes
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.details)
        layout.addWidget(self._scroll, 1)
        self.note_edits: list[QPlainTextEdit] = []
        self.free_notes = QPlainTextEdit()
        self.reflection = QPlainTextEdit()
        self.show_record(None)

    def _editor(self, name: str, text: str) -> QPlainTextEdit:
        editor = QPlainTextEdit()
        editor.setAccessibleName(name)
        editor.setTabChangesFocus(True)
        editor.setMinimumHeight(70)
        editor.setPlainText(text)
        editor.textChanged.connect(self._changed)
        return editor

    def show_record(self, record: SessionRecord | None) -> None:
        """Show ``record`` (the editor edits this very object) or, with ``None``, nothing."""
        self.record = None  # no edits while the fields are built
        fields = QWidget()
        form = QFormLayout(fields)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.note_edits = []
        self.stage_edits: list[tuple[StageNote, QPlainTextEdit]] = []
        if record is None:
            self.heading.setText(self.tr("Choose a session to read its notes."))
            self.details.clear()
            self.free_notes = QPlainTextEdit()
            self.reflection = QPlainTextEdit()
            fields.setEnabled(False)
        else:
            self.heading.setText(record.script_title)
            status = self.tr("finished") if record.ended_at else self.tr("not finished")
            codes = ", ".join(record.participants) or self.tr("no participant codes")
            parts = [format_when(record.started_at), status]
            if record.is_rehearsal:
                parts.append(self.tr("rehearsal at {speed} speed").format(speed=speed_words(record.speed)))
            self.details.setText(" · ".join([*parts, codes]))
            for note in record.notes:
                label = QLabel(note.prompt or self.tr("Note"))
                label.setWordWrap(True)
                label.setTextFormat(Qt.TextFormat.PlainText)
                editor = self._editor(note.prompt, note.text)
                form.addRow(label, editor)
                self.note_edits.append(editor)
            self.free_notes = self._editor(self.tr("Free notes"), record.free_notes)
            self.reflection = self._editor(self.tr("Your reflection"), record.reflection)
            form.addRow(QLabel(self.tr("Free notes")), self.free_notes)
            form.addRow(QLabel(self.tr("Your reflection")), self.reflection)
            for name, stage in written_stages(record):  # a reflection through Gibbs or Kolb, stage by stage
                self.stage_edits.append((stage, self._editor(name, stage.text)))
                form.addRow(QLabel(name), self.stage_edits[-1][1])
        self._scroll.setWidget(fields)  # the previous fields are deleted with their widget
        self.record = record

    def fields(self) -> list[QPlainTextEdit]:
        """The fields shown, top to bottom (none while no session is chosen)."""
        if self.record is None:
            return []
        return [*self.note_edits, self.free_notes, self.reflection, *(e for _, e in self.stage_edits)]

    def _changed(self) -> None:
        if self.record is None:
            return
        for note, editor in zip(self.record.notes, self.note_edits, strict=True):
            note.text = editor.toPlainText()
        self.record.free_notes = self.free_notes.toPlainText()
        self.record.reflection = self.reflection.toPlainText()
        for stage, editor in self.stage_edits:
            stage.text = editor.toPlainText()
        self.edited.emit()


# ---------------------------------------------------------------------------------------------- window
class HistoryWidget(QWidget):
    """The history window. ``keeper`` is the app's RecordKeeper (edits and erasures go through it)."""

    diaryWanted = Signal(str)  # the practice diary, searched for these words, is asked for

    def __init__(
        self,
        keeper: RecordKeeper | object | None = None,
        parent: QWidget | None = None,
        *,
        timer_factory: TimerFactory = make_timer,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Session history"))  # fixed words: never notes, codes or scripts
        close_on_escape(self)  # a secondary window: Esc closes it
        self.setWindowFlag(Qt.WindowType.Window, True)
        fit_to_screen(self, DEFAULT_SIZE)
        self.keeper = keeper if isinstance(keeper, RecordKeeper) else None
        directory = self.keeper.directory if self.keeper is not None else data_dir()
        self.reader = RecordReader(directory, self)
        self.exporter = Exporter(self)
        self.model = HistoryModel(self.reader, self)

        # -- finding
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search notes, scripts and participant codes"))
        self.search.setClearButtonEnabled(True)
        self.script_filter = QComboBox()
        self.script_filter.addItem(self.tr("All scripts"), None)
        self.dates = QCheckBox(self.tr("From"))
        today = QDate.currentDate()
        # Tab leaves a date field, and a stray wheel turn never changes its date (see DateField).
        self.date_from = DateField(today.addMonths(-1))
        self.date_to = DateField(today)
        for edit in (self.date_from, self.date_to):
            edit.setDisplayFormat("d MMM yyyy")
            edit.setEnabled(False)
        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        bar.addWidget(self.script_filter, 2)
        bar.addWidget(self.dates)
        bar.addWidget(self.date_from)
        bar.addWidget(QLabel(self.tr("to")))
        bar.addWidget(self.date_to)

        # -- the list
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        # Tab moves on to the session's notes and buttons; the arrows move within the list.
        self.table.setTabKeyNavigation(False)
        # Each column as wide as its header and what it holds, the notes taking the rest (see _fit_columns);
        # the facilitator may still widen one by hand.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setWordWrap(False)

        # -- one session
        self.editor = SessionEditor()
        self.export_button = QToolButton()
        self.export_button.setText(self.tr("Export"))
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        for fmt in EXPORT_FORMATS.values():
            action = menu.addAction(tr(fmt.menu_label))
            action.setData(fmt.key)
        menu.triggered.connect(self._export_chosen)
        self.export_button.setMenu(menu)
        self.delete_button = QPushButton(self.tr("Delete…"))
        # Import is for the whole history (a backup, or sessions from another machine), not for one session.
        # The diary is searched with the sessions: what it holds is shown in its own window, one press away.
        self.diary_button = QPushButton()
        self.diary_button.setObjectName("diaryMatches")
        self.diary_button.setVisible(False)
        self.import_button = QPushButton(self.tr("&Import…"))
        self.import_button.setToolTip(self.tr("Add the sessions in a JSON file exported from this app"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.delete_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.editor, 1)
        right_layout.addLayout(buttons)

        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)  # the list, to scan, has the room; a session's notes wrap beside it
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([2 * DEFAULT_SIZE.width() // 3, DEFAULT_SIZE.width() // 3])
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        foot = QHBoxLayout()  # what the history says, and what is done to the whole of it
        foot.addWidget(self.status, 1)
        foot.addWidget(self.diary_button)
        foot.addWidget(self.import_button)
        layout.addLayout(foot)

        self.confirmation: QMessageBox | None = None
        self._import_done = ""  # what the last import did, until the list's new count is shown beside it
        self._closed = False
        self._edited = False
        self._search_timer = timer_factory(self)
        self._search_timer.timeout.connect(self.apply_filters)
        self._refresh_timer = timer_factory(self)
        self._refresh_timer.timeout.connect(self.model.refresh)

        # Bound methods only (no lambdas holding ``self``): no reference cycles for the collector to find.
        self.search.textChanged.connect(self._typed)
        self.script_filter.currentIndexChanged.connect(self.apply_filters)
        self.dates.toggled.connect(self._dates_toggled)
        self.date_from.dateChanged.connect(self.apply_filters)
        self.date_to.dateChanged.connect(self.apply_filters)
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        self._holds: list[int] = []  # what each column holds (see _measure_columns)
        self.model.loaded.connect(self._measure_columns)
        self.model.loaded.connect(self._snippets_after_paint)
        self._snippets_on_paint = False
        self.table.viewport().installEventFilter(self)  # its width changes: the columns fit again
        self.model.counted.connect(self._show_count)
        self.model.failed.connect(self._show_problem)
        self.editor.edited.connect(self._save_current)
        self.delete_button.clicked.connect(self.ask_to_delete)
        self.import_button.clicked.connect(self.import_chosen)
        self.model.diaryCounted.connect(self._show_diary_count)
        self.diary_button.clicked.connect(self._diary_chosen)
        self.import_button.setEnabled(self.keeper is not None)
        self.exporter.finished.connect(self._exported)
        self.exporter.failed.connect(self._show_problem)
        if self.keeper is not None:
            self.keeper.saved.connect(self._saved_elsewhere)
            self.keeper.deleted.connect(self._deleted)
            self.keeper.failed.connect(self._show_problem)
        else:
            self._show_problem(
                self.tr("The records are not available in this run: the history is read-only.")
            )
        self._set_session_actions(False)
        self._order_tabs()
        self.apply_filters()  # the first page first: the script list can come after
        self.reader.request(lambda store: store.scripts(), self._fill_scripts, self._show_problem)

    # ------------------------------------------------------------------ finding
    def query(self) -> Query:
        since = until = None
        if self.dates.isChecked():
            since = _utc_of(self.date_from.date())
            until = _utc_of(self.date_to.date().addDays(1))
        return Query(self.search.text().strip(), self.script_filter.currentData(), since, until, limit=PAGE)

    def _typed(self, _text: str) -> None:
        self._search_timer.start(SEARCH_DELAY_MS)

    def apply_filters(self, *_changed: object) -> None:
        self._search_timer.stop()
        self._flush_edits()
        self.editor.show_record(None)
        self._set_session_actions(False)
        self.model.set_query(self.query())

    def _dates_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self.apply_filters()

    def _fill_scripts(self, scripts: list[tuple[str, str]]) -> None:
        chosen = self.script_filter.currentData()
        self.script_filter.blockSignals(True)
        while self.script_filter.count() > 1:
            self.script_filter.removeItem(1)
        for script_id, title in scripts:
            self.script_filter.addItem(title, script_id)
        index = self.script_filter.findData(chosen)
        self.script_filter.setCurrentIndex(max(0, index))
        self.script_filter.blockSignals(False)

    def _show_count(self, total: int) -> None:
        if total == 0:
            words = (
                self.tr("No sessions match.")
                if self.query() != Query(limit=PAGE)
                else self.tr("No sessions yet: they appear here once a session has been saved.")
            )
        else:
            words = count(total, "", self.tr("1 session"), self.tr("{n} sessions"))
        if self._import_done and total == 0:  # the search or filters hide what came in
            words = f"{self._import_done} {words}"
        elif self._import_done:
            words = self.tr("{done} The list shows {sessions}.").format(
                done=self._import_done, sessions=words
            )
        self._import_done = ""
        self.status.setText(words)

    def _show_problem(self, message: str) -> None:
        self.status.setText(message)

    def _show_diary_count(self, total: int) -> None:
        words = count(
            total,
            "",
            self.tr("1 diary entry holds these words too: show it"),
            self.tr("{n} diary entries hold these words too: show them"),
        )
        self.diary_button.setText(words)
        self.diary_button.setAccessibleName(words)
        self.diary_button.setVisible(total > 0)

    def _diary_chosen(self) -> None:
        self.diaryWanted.emit(self.search.text().strip())

    # ------------------------------------------------------------------ one session
    def current_id(self) -> str | None:
        return self.editor.record.id if self.editor.record is not None else None

    def open_session(self, session_id: str) -> None:
        """Read the session and show it for reading and editing."""
        self.reader.request(lambda store: store.get(session_id), self._show_session, self._show_problem)

    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._open_row(current.row())

    def _open_row(self, row: int) -> None:
        if 0 <= row < len(self.model.rows):
            self.open_session(self.model.rows[row].id)

    def _show_session(self, record: SessionRecord) -> None:
        self._flush_edits()
        self.editor.show_record(record)
        self._set_session_actions(True)
        self._order_tabs()

    def _order_tabs(self) -> None:
        """Tab reads the window as it is laid out: finding, the list, the session's notes, then its buttons
        (the notes are made afresh for each session, and would otherwise come last)."""
        chain: list[QWidget] = [
            self.search,
            self.script_filter,
            self.dates,
            self.date_from,
            self.date_to,
            self.table,
            *self.editor.fields(),
            self.export_button,
            self.delete_button,
            self.diary_button,
            self.import_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # ------------------------------------------------------------------ the list's columns
    def _measure_columns(self, *_loaded: object) -> None:
        """What each column holds, measured when rows come and kept, so a resize of the list only fits the
        columns again. Qt's own measure (``sizeHintForColumn``) asks the delegate for every cell's size: 20-25
        ms for a page of 100, between the results arriving and their paint. Here the cells' texts are measured
        with the list's font, and only the widest of each column goes to the delegate, so the width is the one
        Qt would give (padding, style sheet and grid line included)."""
        table = self.table
        model = self.model
        metrics = table.fontMetrics()
        grid = 1 if table.showGrid() else 0
        holds: list[int] = []
        for column in range(table.horizontalHeader().count()):
            advances = [metrics.horizontalAdvance(text) for text in model.column_texts(column)]
            if not advances:
                holds.append(0)
                continue
            widest = advances.index(max(advances))
            holds.append(table.sizeHintForIndex(model.index(widest, column)).width() + grid)
        self._holds = holds
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Every header whole and each column as wide as what it holds, the notes taking the rest. On a list
        too narrow for all of it the script and the participants give way, the wider first, never below their
        header (a cell cut short has its whole text in its tip); the date is always whole."""
        table = self.table
        header = table.horizontalHeader()
        notes = header.count() - 1
        if len(self._holds) != notes + 1:
            self._measure_columns()
            return
        room = table.viewport().width()
        headers = [header.sectionSizeHint(column) for column in range(notes)]
        wanted = [max(headers[c], self._holds[c]) for c in range(notes)]
        floors = [wanted[0], *headers[1:]]
        # The notes keep what they hold, up to their share of the list, and never less than their header (nor
        # than the default size: Qt stretches the last column no narrower).
        least = max(header.sectionSizeHint(notes), header.defaultSectionSize())
        keep = max(least, min(self._holds[notes], round(room * NOTES_SHARE)))
        for column, width in enumerate(fit_widths(wanted, floors, room - keep)):
            header.resizeSection(column, width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport():
            if event.type() == QEvent.Type.Resize:
                self._fit_columns()
            elif event.type() == QEvent.Type.Paint and self._snippets_on_paint:
                # This paint shows the page; the words in context are asked for once it is done.
                self._snippets_on_paint = False
                soon(self, self.model.fetch_snippets)
        return super().eventFilter(watched, event)

    def _snippets_after_paint(self, *_loaded: object) -> None:
        """Results first: a page's words in context follow its paint (at once when the list is not shown)."""
        if not self.model.snippets_due:
            return
        handle = self.window().windowHandle()
        if self.table.viewport().isVisible() and handle is not None and handle.isExposed():
            self._snippets_on_paint = True
        else:
            self.model.fetch_snippets()

    def _set_session_actions(self, on: bool) -> None:
        self.export_button.setEnabled(on)
        self.delete_button.setEnabled(on and self.keeper is not None)
        self.editor.setEnabled(self.keeper is not None)

    def _save_current(self) -> None:
        if self.keeper is not None and self.editor.record is not None:
            self._edited = True
            self.keeper.save(self.editor.record)

    def _flush_edits(self) -> None:
        """Hand an edited session to the keeper now (moving to another session, closing the window)."""
        if self._edited and self.keeper is not None and self.editor.record is not None:
            self.keeper.save(self.editor.record, immediate=True)
        self._edited = False

    def _saved_elsewhere(self, session_id: str) -> None:
        if self.model.row_of(session_id) is None and session_id != self.current_id():
            self._refresh_timer.start(REFRESH_DELAY_MS)  # a new session: show it soon, without churning

    # ------------------------------------------------------------------ delete
    def ask_to_delete(self) -> QMessageBox | None:
        """Ask before erasing the open session; the box is shown with ``open()`` and answered by signal."""
        if self.editor.record is None or self.keeper is None:
            return None
        session_id = self.editor.record.id
        box = ask_before_erasing(
            self,
            self.tr("Delete this session?"),
            self.tr("Delete this session and all its notes?"),
            self.tr(
                "Its notes are erased from the records file, not just hidden. This cannot be undone. "
                "Export it first if you may need it."
            ),
            self.tr("Delete"),
            self._delete_answered,
            session_id=session_id,
        )
        self.confirmation = box
        return box

    def _delete_answered(self, result: int) -> None:
        box = self.confirmation
        self.confirmation = None
        if box is None:
            return
        session_id = str(box.property("session_id"))
        box.deleteLater()
        if result == QMessageBox.StandardButton.Yes.value and self.keeper is not None:
            self.status.setText(self.tr("Deleting…"))
            self.keeper.delete(session_id)

    def _deleted(self, session_id: str) -> None:
        self.model.remove(session_id)
        if self.current_id() == session_id:
            self.editor.show_record(None)
            self._set_session_actions(False)
        self.status.setText(self.tr("The session was deleted and its notes erased."))

    # ------------------------------------------------------------------ export
    def choose_export_path(self, fmt: Format) -> str | None:
        """Where to export: the one blocking file dialog (tests replace this method). It offers a name that
        says when and which script (:func:`export_file_name`) in the Documents folder."""
        kind = EXPORT_FORMATS[fmt]
        record = self.editor.record
        name = f"mindful-listening.{kind.suffixes[0]}" if record is None else export_file_name(record, fmt)
        return ask_for_file(self, self.tr("Export session"), kind.file_filter, save_as=name)

    def _export_chosen(self, action: QAction) -> None:
        self.export_current(action.data())

    def export_current(self, fmt: Format) -> None:
        record = self.editor.record
        if record is None:
            return
        path = self.choose_export_path(fmt)
        if not path:
            return
        self.status.setText(self.tr("Exporting…"))
        self.exporter.export([record], path, fmt)

    def _exported(self, path: str, pages: int) -> None:
        self.status.setText(self.tr("Exported to {path}. It holds notes: keep it private.").format(path=path))

    # ------------------------------------------------------------------ import
    def choose_import_path(self) -> str | None:
        """Which file to import: the one blocking file dialog for it (tests replace this method)."""
        return ask_for_file(
            self, self.tr("Import sessions"), self.tr("Sessions exported as JSON (*.json);;All files (*)")
        )

    def import_chosen(self) -> None:
        path = self.choose_import_path()
        if path:
            self.import_file(path)

    def import_file(self, path: str | Path) -> None:
        """Check and add every session in an exported JSON file, on the writer thread: all of them or none."""
        if self.keeper is None:
            return
        self._flush_edits()
        self.import_button.setEnabled(False)
        self.status.setText(self.tr("Importing…"))
        self.keeper.import_file(path, self._imported, self._import_failed)

    def _imported(self, outcomes: list[Imported]) -> None:
        self.import_button.setEnabled(True)
        self._import_done = import_summary(outcomes)  # stays on the status line beside the new count
        self.status.setText(self._import_done)
        self.apply_filters()  # the new sessions appear where the search and filters put them
        self.reader.request(lambda store: store.scripts(), self._fill_scripts, self._show_problem)

    def _import_failed(self, message: str) -> None:
        self.import_button.setEnabled(True)
        self.status.setText(self.tr("{problem} Nothing was imported.").format(problem=message.rstrip()))

    # ------------------------------------------------------------------ showing and closing
    def showEvent(self, event: Any) -> None:
        if self._closed:  # shown again after a close: read afresh
            self._closed = False
            self.apply_filters()
            self.reader.request(lambda store: store.scripts(), self._fill_scripts, self._show_problem)
        super().showEvent(event)

    def closeEvent(self, event: Any) -> None:
        """Save what is being edited, let exports finish, and stop the reader thread until shown again."""
        self._search_timer.stop()
        self._refresh_timer.stop()
        self._flush_edits()
        self.exporter.wait()
        self.reader.close()
        self._closed = True
        super().closeEvent(event)


def import_summary(outcomes: list[Imported]) -> str:
    """What an import did, in plain words: how many were added, already there, or added under a new id."""
    same = sum(1 for one in outcomes if one.outcome == "unchanged")
    renamed = sum(1 for one in outcomes if one.outcome == "new-id")
    added = len(outcomes) - same
    if not outcomes:
        return tr("The file held no sessions: nothing was added.")
    parts = [count(added, tr("Nothing new to add."), tr("Imported 1 session."), tr("Imported {n} sessions."))]
    if same:
        parts.append(
            count(
                same,
                "",
                tr("1 session was already stored and is left as it was."),
                tr("{n} sessions were already stored and are left as they were."),
            )
        )
    if renamed:
        parts.append(
            count(
                renamed,
                "",
                tr("1 has a new id, as a different session already had its id."),
                tr("{n} have new ids, as different sessions already had theirs."),
            )
        )
    return " ".join(parts)


def fit_widths(wanted: list[int], floors: list[int], room: int) -> list[int]:
    """Widths as ``wanted``, or where they add up to more than ``room``, the widest cut down first (to one
    width they all share), none below its floor: the floors win over the room."""
    if sum(wanted) <= room:
        return list(wanted)
    low, high = 0, max(wanted)
    while low < high:
        cap = (low + high + 1) // 2
        if sum(max(floor, min(want, cap)) for want, floor in zip(wanted, floors, strict=True)) <= room:
            low = cap
        else:
            high = cap - 1
    return [max(floor, min(want, low)) for want, floor in zip(wanted, floors, strict=True)]


def export_file_name(record: SessionRecord, fmt: Format) -> str:
    """The name an export of ``record`` is offered: when and which script, as in
    ``mindful-listening-2026-03-10-classic-pairs.pdf``. Never a note, a participant's or trainee's code or the
    script's title: a file's name is seen far more widely than what is in it (folders, recent files, mail)."""
    parts = ["mindful-listening"]
    try:
        started = datetime.fromisoformat(record.started_at.replace("Z", "+00:00"))
    except ValueError:
        started = None
    if started is not None:
        local = started.astimezone() if started.tzinfo is not None else started
        parts.append(local.date().isoformat())
    script = re.sub(r"[^a-z0-9]+", "-", record.script_id.lower()).strip("-")
    if script:
        parts.append(script)
    return "-".join(parts) + "." + EXPORT_FORMATS[fmt].suffixes[0]


def _utc_of(day: QDate) -> str:
    """The start of a local calendar day, as a UTC time."""
    local = datetime.combine(datetime(day.year(), day.month(), day.day()).date(), time()).astimezone()
    return local.astimezone(UTC).isoformat(timespec="seconds")
