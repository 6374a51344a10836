"""The practice diary window: dated entries between sessions, listed, searched, written, exported, erased.

Tools ▸ Practice diary (Ctrl+Shift+D) opens it (``ui/tool_windows.py``, made when first asked for). Every
read and write goes to the records keeper's writer thread (``RecordKeeper.submit``), in order with the
session saves; typing is kept about half a second after the last key, and at once when another entry is
opened or the window closes. An entry with nothing written is never stored. No streaks, no counts, no
reminders: the list shows days and first words only. Entries are notes: never in the title or the logs.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mindful_listening.core.course import Course
from mindful_listening.core.diary import MAX_QUESTIONS, MAX_WEEK, Answer, DiaryEntry, questions_for_new_entry
from mindful_listening.storage import diary as diary_io
from mindful_listening.storage.export import EXPORT_FORMATS, Format, format_when
from mindful_listening.storage.keeper import RecordKeeper
from mindful_listening.storage.store import Imported, Query, RecordStore
from mindful_listening.storage.text import tr
from mindful_listening.timers import TimerFactory, make_timer
from mindful_listening.ui.widgets import (
    DateField,
    ask_before_erasing,
    ask_for_file,
    close_on_escape,
    fit_to_screen,
    notes_field,
    text_label,
)

KEEP_AFTER_MS = 500


@dataclass(frozen=True)
class Listing:
    """What one read of the diary gives the window: the entries shown, the newest of all, recent sessions."""

    entries: list[DiaryEntry]
    latest: DiaryEntry | None
    sessions: list[tuple[str, str]]  # (id, "Script title · Mon 2 Mar 2026, 09:30"), newest first
    courses: list[Course]


def _list_words(entry: DiaryEntry) -> str:
    first = next((a.text.strip().splitlines()[0] for a in entry.answers if a.text.strip()), "")
    day = diary_io.when_words(entry)
    return f"{day} · {first[:70]}" if first else day


def _read(store: RecordStore, text: str) -> Listing:
    latest = store.entries(limit=1)
    sessions = [
        (s.id, f"{s.script_title} · {format_when(s.started_at, short=True)}")
        for s in store.sessions(Query(limit=100))
    ]
    return Listing(store.entries(text), latest[0] if latest else None, sessions, store.courses())


class DiaryWindow(QWidget):
    """The practice diary. ``keeper``: the app's records keeper (without one the window says why it waits).

    Signals: ``entrySaved(id)`` after an entry is durably kept, ``entryDeleted(id)`` after one is erased,
    ``listed()`` after the list is (re)filled, ``exported(path)`` and ``imported()``, ``problem(message)``.
    """

    entrySaved = Signal(str)
    entryDeleted = Signal(str)
    listed = Signal()
    exported = Signal(str)
    imported = Signal()
    problem = Signal(str)

    def __init__(
        self,
        keeper: RecordKeeper | object | None = None,
        parent: QWidget | None = None,
        *,
        timer_factory: TimerFactory = make_timer,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("diaryWindow")
        self.setWindowTitle(self.tr("Practice diary"))
        self.keeper = keeper if isinstance(keeper, RecordKeeper) else None
        self._today = today
        self.entry: DiaryEntry | None = None
        self._dirty = False
        self._latest: DiaryEntry | None = None
        self._sessions: list[tuple[str, str]] = []
        self._courses: list[Course] = []
        self._keep_timer = timer_factory(self)
        self._keep_timer.timeout.connect(self.keep_now)
        self._search_timer = timer_factory(self)
        self._search_timer.timeout.connect(self.refresh)
        self.confirmation: QMessageBox | None = None
        self._list_note = ""  # what the status line says about the list (cleared once no longer so)

        # -- the list
        self.search = QLineEdit()
        self.search.setObjectName("diarySearch")
        self.search.setPlaceholderText(self.tr("Search the diary"))
        self.search.setAccessibleName(self.tr("Search the diary"))
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setObjectName("diaryEntries")
        self.list.setAccessibleName(self.tr("Diary entries, newest first"))
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.new_button = QPushButton(self.tr("&New entry"))
        self.new_button.setToolTip(self.tr("Write a new entry (Ctrl+N)"))
        self.delete_button = QPushButton(self.tr("&Delete…"))
        self.export_button = QToolButton()
        self.export_button.setText(self.tr("E&xport"))
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        for whole in (False, True):
            for fmt, kind in EXPORT_FORMATS.items():
                words = self.tr("The whole diary: %1") if whole else self.tr("This entry: %1")
                action = menu.addAction(words.replace("%1", tr(kind.menu_label)))
                action.setData((fmt, whole))
            if not whole:
                menu.addSeparator()
        menu.triggered.connect(self._export_chosen)
        self.export_button.setMenu(menu)
        self.import_button = QPushButton(self.tr("&Import…"))
        self.import_button.setToolTip(self.tr("Add the entries of a diary exported from this app (JSON)"))

        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addWidget(self.search)
        left_box.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        row.addWidget(self.export_button)
        row.addWidget(self.import_button)
        left_box.addLayout(row)

        # -- the entry
        self.heading = QLabel()
        self.heading.setProperty("role", "subheading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.day = DateField(QDate.currentDate())
        self.day.setObjectName("diaryDay")
        self.day.setAccessibleName(self.tr("The day this entry is about"))
        self.day.setDisplayFormat("ddd d MMM yyyy")
        self.session = QComboBox()
        self.session.setObjectName("diarySession")
        self.session.setAccessibleName(self.tr("The session this entry follows"))
        self.session.view().setAccessibleName(self.tr("Recent sessions"))
        self.course = QComboBox()
        self.course.setObjectName("diaryCourse")
        self.course.setAccessibleName(self.tr("The course this entry belongs to"))
        self.course.view().setAccessibleName(self.tr("Courses"))
        self.week = QSpinBox()
        self.week.setObjectName("diaryWeek")
        self.week.setAccessibleName(self.tr("Its week in the course"))
        self.week.setSpecialValueText(self.tr("no week"))
        self.week.setRange(0, MAX_WEEK)
        self._questions_host = QWidget()
        self._questions_box = QVBoxLayout(self._questions_host)
        self._questions_box.setContentsMargins(0, 0, 8, 0)
        self.question_edits: list[QLineEdit] = []
        self.answer_edits: list[QPlainTextEdit] = []
        self.remove_buttons: list[QToolButton] = []
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(self._questions_host)
        self.add_question_button = QPushButton(self.tr("Add a &question"))
        self.hint = text_label(
            self.tr(
                "Write as much or as little as you like; any question can be reworded or removed, and the "
                "next entry starts with the questions as you leave them. Kept as you type."
            ),
            "muted",
        )
        self.status = text_label(role="muted")
        self.status.setObjectName("diaryStatus")

        right = QWidget()
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        right_box.addWidget(self.heading)
        form = QFormLayout()
        day_label = QLabel(self.tr("D&ay:"))
        day_label.setBuddy(self.day)
        session_label = QLabel(self.tr("After the &session:"))
        session_label.setBuddy(self.session)
        form.addRow(day_label, self.day)
        form.addRow(session_label, self.session)
        course_label = QLabel(self.tr("In the &course:"))
        course_label.setBuddy(self.course)
        course_row = QHBoxLayout()
        course_row.addWidget(self.course, 1)
        week_label = QLabel(self.tr("Wee&k:"))
        week_label.setBuddy(self.week)
        course_row.addWidget(week_label)
        course_row.addWidget(self.week)
        form.addRow(course_label, course_row)
        right_box.addLayout(form)
        right_box.addWidget(self.hint)
        right_box.addWidget(scroll, 1)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_question_button)
        add_row.addStretch(1)
        right_box.addLayout(add_row)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([330, 650])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)

        new_action = QAction(self.tr("New entry"), self)
        new_action.setShortcut(QKeySequence.StandardKey.New)
        new_action.triggered.connect(self.new_entry)
        self.addAction(new_action)
        find_action = QAction(self.tr("Search"), self)
        find_action.setShortcut(QKeySequence.StandardKey.Find)
        find_action.triggered.connect(self.search.setFocus)
        self.addAction(find_action)
        close_on_escape(self)

        self.search.textChanged.connect(self._typed_search)
        self.list.currentItemChanged.connect(self._picked)
        self.new_button.clicked.connect(self.new_entry)
        self.delete_button.clicked.connect(self.ask_to_delete)
        self.import_button.clicked.connect(self.import_chosen)
        self.add_question_button.clicked.connect(self.add_question)
        self.day.dateChanged.connect(self._day_changed)
        self.session.activated.connect(self._session_changed)
        self.course.activated.connect(self._course_changed)
        self.week.valueChanged.connect(self._week_changed)

        fit_to_screen(self, QSize(980, 640))
        self._show_entry(None)
        if self.keeper is None:
            self._say_unavailable()
        else:
            self.refresh()

    # ------------------------------------------------------------------ reading
    def refresh(self) -> None:
        """Read the list again (the search as typed), then show it; ``listed`` follows."""
        if self.keeper is None:
            return
        text = self.search.text()
        self.keeper.submit(lambda store: _read(store, text), self._fill, self._failed)

    def _typed_search(self) -> None:
        self._search_timer.start(200)

    def _fill(self, listing: Listing) -> None:
        self._latest = listing.latest
        self._sessions = listing.sessions
        self._courses = listing.courses
        current = self.entry.id if self.entry is not None else None
        self.list.blockSignals(True)
        self.list.clear()
        for entry in listing.entries:
            item = QListWidgetItem(_list_words(entry))
            item.setData(Qt.ItemDataRole.UserRole, entry.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, entry)
            self.list.addItem(item)
            if entry.id == current:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self._fill_sessions()
        note = ""
        if not listing.entries:
            search = self.search.text()
            note = (
                self.tr("No entry holds those words.")
                if search
                else self.tr("No entries yet. New entry starts one for today.")
            )
        if note:
            self.status.setText(note)
        elif self.status.text() == self._list_note:
            self.status.clear()  # what the list said before; what was done (kept, imported…) stays
        self._list_note = note
        self.listed.emit()

    def _fill_sessions(self) -> None:
        self.session.blockSignals(True)
        self.session.clear()
        self.session.addItem(self.tr("None"), "")
        linked = self.entry.session_id if self.entry is not None else ""
        for session_id, words in self._sessions:
            self.session.addItem(words, session_id)
        if linked and self.session.findData(linked) < 0:
            self.session.addItem(self.tr("An earlier session ({id})").format(id=linked[:8]), linked)
        self.session.setCurrentIndex(max(0, self.session.findData(linked)))
        self.session.blockSignals(False)
        self._fill_courses()

    def _fill_courses(self) -> None:
        self.course.blockSignals(True)
        self.week.blockSignals(True)
        self.course.clear()
        self.course.addItem(self.tr("None"), "")
        for course in self._courses:
            self.course.addItem(course.title, course.id)
        linked = self.entry.course_id if self.entry is not None else ""
        if linked and self.course.findData(linked) < 0:
            self.course.addItem(self.tr("A course since deleted"), linked)
        self.course.setCurrentIndex(max(0, self.course.findData(linked)))
        chosen = next((c for c in self._courses if c.id == linked), None)
        self.week.setRange(0, (chosen.weeks if chosen is not None and chosen.weeks else MAX_WEEK))
        self.week.setValue((self.entry.course_week or 0) if self.entry is not None else 0)
        self.week.setEnabled(bool(linked) and self.entry is not None)
        self.course.blockSignals(False)
        self.week.blockSignals(False)

    def entry_ids(self) -> list[str]:
        return [str(self.list.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.list.count())]

    # ------------------------------------------------------------------ the entry shown
    def _picked(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        self.keep_now()
        entry = item.data(Qt.ItemDataRole.UserRole + 1) if item is not None else None
        self._show_entry(DiaryEntry.from_dict(entry.to_dict()) if isinstance(entry, DiaryEntry) else None)

    def new_entry(self) -> None:
        """A new entry for today, with the questions the latest entry left (the seeds for the first)."""
        if self.keeper is None:
            return
        self.keep_now()
        questions = [tr(q) for q in questions_for_new_entry(self._latest)]
        self.list.blockSignals(True)
        self.list.setCurrentRow(-1)
        self.list.clearSelection()
        self.list.blockSignals(False)
        self._show_entry(DiaryEntry.begin(self._today(), questions))
        if self.answer_edits:
            self.answer_edits[0].setFocus()

    def _show_entry(self, entry: DiaryEntry | None) -> None:
        self.entry = None  # no edits while the fields are built
        self._dirty = False
        while self._questions_box.count():
            item = self._questions_box.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.question_edits, self.answer_edits, self.remove_buttons = [], [], []
        editable = entry is not None
        for widget in (self.day, self.session, self.course, self.add_question_button, self.delete_button):
            widget.setEnabled(editable)
        if entry is None:
            self.heading.setText(self.tr("Choose an entry, or start a new one (Ctrl+N)."))
            return
        self.heading.setText(self.tr("Entry for %1").replace("%1", diary_io.day_words(entry.written_on)))
        self.day.blockSignals(True)
        self.day.setDate(QDate(entry.day.year, entry.day.month, entry.day.day))
        self.day.blockSignals(False)
        for answer in entry.answers:
            self._add_fields(answer)
        self._questions_box.addStretch(1)
        self.entry = entry
        self._fill_sessions()
        self._chain()

    def _add_fields(self, answer: Answer) -> None:
        number = len(self.question_edits) + 1
        question = QLineEdit(answer.question)
        question.setCursorPosition(0)  # a long question shows its start, not its end
        question.setToolTip(answer.question)
        question.setObjectName(f"diaryQuestion{number}")
        question.setAccessibleName(self.tr("Question %1").replace("%1", str(number)))
        text = notes_field(answer.question, self.tr("Your answer, if you'd like to write one"), lines=3)
        text.setObjectName(f"diaryAnswer{number}")
        text.setPlainText(answer.text)
        remove = QToolButton()
        remove.setText(self.tr("Remove"))
        remove.setAccessibleName(self.tr("Remove question %1").replace("%1", str(number)))
        head = QHBoxLayout()
        head.addWidget(question, 1)
        head.addWidget(remove)
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 4, 0, 4)
        box.addLayout(head)
        box.addWidget(text)
        index = self._questions_box.count()
        self._questions_box.insertWidget(index, holder)
        question.textEdited.connect(self._edited)
        text.textChanged.connect(self._edited)
        remove.clicked.connect(
            lambda _checked=False, q=question: self.remove_question(self.question_edits.index(q))
        )
        self.question_edits.append(question)
        self.answer_edits.append(text)
        self.remove_buttons.append(remove)

    def _chain(self) -> None:
        chain: list[QWidget] = [self.day, self.session, self.course, self.week]
        for question, answer, remove in zip(
            self.question_edits, self.answer_edits, self.remove_buttons, strict=True
        ):
            chain += [question, remove, answer]
        chain.append(self.add_question_button)
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def add_question(self) -> None:
        if self.entry is None or len(self.entry.answers) >= MAX_QUESTIONS:
            self.status.setText(
                self.tr("An entry can hold up to %1 questions.").replace("%1", str(MAX_QUESTIONS))
            )
            return
        self.entry.answers.append(Answer(""))
        kept = self.entry
        self._show_entry(kept)
        self._dirty = kept.has_text()
        self.question_edits[-1].setFocus()

    def remove_question(self, index: int) -> None:
        if self.entry is None or not 0 <= index < len(self.entry.answers):
            return
        self._take_in()
        del self.entry.answers[index]
        kept = self.entry
        self._show_entry(kept)
        self._edited()

    def _take_in(self) -> None:
        """Copy what is in the fields into the entry."""
        if self.entry is None:
            return
        self.entry.answers = [
            Answer(q.text().strip(), a.toPlainText())
            for q, a in zip(self.question_edits, self.answer_edits, strict=True)
        ]

    def _edited(self) -> None:
        if self.entry is None:
            return
        self._take_in()
        self._dirty = True
        self._keep_timer.start(KEEP_AFTER_MS)

    def _day_changed(self, day: QDate) -> None:
        if self.entry is not None:
            self.entry.written_on = date(day.year(), day.month(), day.day()).isoformat()
            self.heading.setText(
                self.tr("Entry for %1").replace("%1", diary_io.day_words(self.entry.written_on))
            )
            self._edited()

    def _course_changed(self, index: int) -> None:
        if self.entry is not None:
            self.entry.course_id = str(self.course.itemData(index) or "")
            if not self.entry.course_id:
                self.entry.course_week = None
            self._fill_courses()
            self._edited()

    def _week_changed(self, week: int) -> None:
        if self.entry is not None:
            self.entry.course_week = week or None
            self._edited()

    def _session_changed(self, index: int) -> None:
        if self.entry is not None:
            self.entry.session_id = str(self.session.itemData(index) or "")
            self._edited()

    # ------------------------------------------------------------------ keeping
    def keep_now(self) -> None:
        """Hand the entry as it stands to the writer thread (an entry with nothing written is not kept)."""
        self._keep_timer.stop()
        if self.keeper is None or self.entry is None or not self._dirty:
            return
        self._dirty = False
        if not self.entry.has_text() and self.entry.id not in self.entry_ids():
            return  # nothing written yet in a new entry: nothing to keep
        copy = DiaryEntry.from_dict(self.entry.to_dict())
        self.keeper.submit(
            lambda store: store.save_entry(copy), lambda _none: self._kept(copy), self._keep_failed
        )

    def _kept(self, entry: DiaryEntry) -> None:
        self.status.setText(self.tr("Kept."))
        latest = self._latest
        if latest is None or latest.id == entry.id or entry.written_on >= latest.written_on:
            self._latest = entry  # the questions the next entry starts with
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == entry.id:
                item.setText(_list_words(entry))
                item.setData(Qt.ItemDataRole.UserRole + 1, entry)
                break
        else:
            self.refresh()  # a new entry: listed where the day puts it
        self.entrySaved.emit(entry.id)

    def _keep_failed(self, message: str) -> None:
        self._dirty = True  # tried again with the next edit, or when the window closes
        self.status.setText(
            self.tr("{problem} The entry stays here, as written: nothing is lost.").format(
                problem=message.rstrip()
            )
        )
        self.problem.emit(message)
        if not self.isVisible():  # closed before the keeping failed: shown again, nothing written is lost
            self.show()
            self.activateWindow()

    # ------------------------------------------------------------------ erasing
    def ask_to_delete(self) -> QMessageBox | None:
        """Ask before erasing the entry shown; the box is opened with ``open()`` and answered by signal."""
        if self.entry is None or self.keeper is None:
            return None
        box = ask_before_erasing(
            self,
            self.tr("Delete this entry?"),
            self.tr("Delete this diary entry?"),
            self.tr(
                "Its text is erased from the records file, not just hidden. This cannot be undone. "
                "Export it first if you may need it."
            ),
            self.tr("Delete"),
            self._delete_answered,
            entry_id=self.entry.id,
        )
        self.confirmation = box
        return box

    def _delete_answered(self, result: int) -> None:
        box, self.confirmation = self.confirmation, None
        if box is None or result != QMessageBox.StandardButton.Yes.value or self.keeper is None:
            return
        entry_id = str(box.property("entry_id"))
        box.deleteLater()
        self._keep_timer.stop()
        self._dirty = False
        if entry_id not in self.entry_ids():  # never kept: nothing on disk to erase
            self._deleted(entry_id)
            return
        self.status.setText(self.tr("Deleting…"))
        self.keeper.submit(
            lambda store: store.delete_entry(entry_id), lambda _none: self._deleted(entry_id), self._failed
        )

    def _deleted(self, entry_id: str) -> None:
        if self.entry is not None and self.entry.id == entry_id:
            self._show_entry(None)
        if self._latest is not None and self._latest.id == entry_id:
            self._latest = None
        self.status.setText(self.tr("The entry was deleted and its text erased."))
        self.entryDeleted.emit(entry_id)
        self.refresh()

    # ------------------------------------------------------------------ export and import
    def choose_export_path(self, fmt: Format, whole: bool) -> str | None:
        """Where to export: the one blocking file dialog (tests replace this method)."""
        kind = EXPORT_FORMATS[fmt]
        if whole or self.entry is None:
            name = f"practice-diary.{kind.suffixes[0]}"
        else:
            name = f"practice-diary-{self.entry.written_on}.{kind.suffixes[0]}"
        return ask_for_file(self, self.tr("Export the diary"), kind.file_filter, save_as=name)

    def _export_chosen(self, action: QAction) -> None:
        fmt, whole = action.data()
        self.export(fmt, whole)

    def export(self, fmt: Format, whole: bool) -> None:
        """Export the entry shown, or every entry, on the writer thread; ``exported(path)`` follows."""
        if self.keeper is None or (not whole and self.entry is None):
            return
        self.keep_now()
        path = self.choose_export_path(fmt, whole)
        if not path:
            return
        shown = DiaryEntry.from_dict(self.entry.to_dict()) if self.entry is not None else None
        sessions = dict(self._sessions)

        def work(store: RecordStore) -> int:
            entries = store.entries() if whole else [shown] if shown is not None else []
            return diary_io.write(entries, path, fmt, sessions)

        self.status.setText(self.tr("Exporting…"))
        self.keeper.submit(work, lambda _pages: self._exported(path), self._failed)

    def _exported(self, path: str) -> None:
        self.status.setText(
            self.tr("Exported to {path}. It holds your diary: keep it private.").format(path=path)
        )
        self.exported.emit(path)

    def choose_import_path(self) -> str | None:
        """Which file to import: the one blocking file dialog for it (tests replace this method)."""
        return ask_for_file(
            self, self.tr("Import diary entries"), self.tr("A diary exported as JSON (*.json);;All files (*)")
        )

    def import_chosen(self) -> None:
        path = self.choose_import_path()
        if path:
            self.import_file(path)

    def import_file(self, path: str | Path) -> None:
        """Check and add every entry of an exported diary file, all of them or none."""
        if self.keeper is None:
            return
        self.keep_now()
        self.status.setText(self.tr("Importing…"))
        source = str(path)
        self.keeper.submit(
            lambda store: store.import_entries(diary_io.read_entries(source)),
            self._imported,
            self._import_failed,
        )

    def _imported(self, outcomes: list[Imported]) -> None:
        added = sum(1 for o in outcomes if o.outcome != "unchanged")
        if added == 1:
            self.status.setText(self.tr("1 entry imported."))
        else:
            self.status.setText(self.tr("%1 entries imported.").replace("%1", str(added)))
        self.imported.emit()
        self.refresh()

    def _import_failed(self, message: str) -> None:
        self.status.setText(self.tr("{problem} Nothing was imported.").format(problem=message.rstrip()))
        self.problem.emit(message)

    # ------------------------------------------------------------------ the rest
    def _failed(self, message: str) -> None:
        self.status.setText(message)
        self.problem.emit(message)

    def _say_unavailable(self) -> None:
        for widget in (self.search, self.list, self.new_button, self.export_button, self.import_button):
            widget.setEnabled(False)
        self.status.setText(
            self.tr(
                "The diary is kept in the records file, which cannot be used right now. The session notes "
                "say why; the diary opens once the records can be used."
            )
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.keep_now()
        super().closeEvent(event)
