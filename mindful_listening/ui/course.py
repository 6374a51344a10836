"""The courses window: a named series of sessions for one group or one trainee, with its diary entries and the
reflections in them, in one place; exported as a portfolio of private training notes; erased whole.

Tools ▸ Courses (Ctrl+Shift+C) opens it (``ui/tool_windows.py``, made when first asked for). Every read and
write goes to the records keeper's writer thread (``RecordKeeper.submit``). A session belongs to one course at
most; taking it out of a course leaves it in the history, while deleting the course erases it with the rest.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction
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
    QPushButton,
    QSpinBox,
    QSplitter,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mindful_listening.core.course import MAX_WEEKS, Course
from mindful_listening.storage import course as course_io
from mindful_listening.storage import diary as diary_io
from mindful_listening.storage.export import EXPORT_FORMATS, Format, format_when
from mindful_listening.storage.keeper import RecordKeeper
from mindful_listening.storage.store import Query, RecordStore
from mindful_listening.storage.text import tr
from mindful_listening.ui.widgets import (
    ask_before_erasing,
    ask_for_file,
    close_on_escape,
    fit_to_screen,
    text_label,
)

SESSION_ROLE = Qt.ItemDataRole.UserRole


def _read_all(store: RecordStore) -> tuple[list[Course], list[tuple[str, str]]]:
    sessions = [
        (s.id, f"{s.script_title} · {format_when(s.started_at, short=True)}")
        for s in store.sessions(Query(limit=200))
    ]
    return store.courses(), sessions


class CourseWindow(QWidget):
    """The courses. Signals: ``listed()`` after the courses are read, ``shown(id)`` after one course's
    contents are, ``changed(id)`` after a change is kept, ``deleted(id)``, ``exported(path)``,
    ``problem(text)``."""

    listed = Signal()
    shown = Signal(str)
    changed = Signal(str)
    deleted = Signal(str)
    exported = Signal(str)
    problem = Signal(str)

    def __init__(self, keeper: RecordKeeper | object | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("courseWindow")
        self.setWindowTitle(self.tr("Courses"))
        self.keeper = keeper if isinstance(keeper, RecordKeeper) else None
        self.contents: course_io.Contents | None = None
        self._sessions: list[tuple[str, str]] = []
        self.confirmation: QMessageBox | None = None

        # -- the courses, and a new one
        self.list = QListWidget()
        self.list.setObjectName("courseList")
        self.list.setAccessibleName(self.tr("Courses"))
        self.new_title = QLineEdit()
        self.new_title.setObjectName("courseTitle")
        self.new_title.setAccessibleName(self.tr("New course: its title"))
        self.new_title.setPlaceholderText(self.tr("e.g. Listening skills, spring term"))
        self.new_for = QLineEdit()
        self.new_for.setObjectName("courseFor")
        self.new_for.setAccessibleName(self.tr("New course: for which group or trainee"))
        self.new_for.setPlaceholderText(self.tr("a group's name or a trainee's code, never a full name"))
        self.new_weeks = QSpinBox()
        self.new_weeks.setObjectName("courseWeeks")
        self.new_weeks.setAccessibleName(self.tr("New course: how many weeks"))
        self.new_weeks.setRange(0, MAX_WEEKS)
        self.new_weeks.setSpecialValueText(self.tr("not set"))
        self.start_button = QPushButton(self.tr("&Start the course"))
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addWidget(self.list, 1)
        new_form = QFormLayout()
        title_label = QLabel(self.tr("&Title:"))
        title_label.setBuddy(self.new_title)
        for_label = QLabel(self.tr("&For:"))
        for_label.setBuddy(self.new_for)
        weeks_label = QLabel(self.tr("&Weeks:"))
        weeks_label.setBuddy(self.new_weeks)
        new_form.addRow(title_label, self.new_title)
        new_form.addRow(for_label, self.new_for)
        new_form.addRow(weeks_label, self.new_weeks)
        left_box.addWidget(QLabel(self.tr("A new course")))
        left_box.addLayout(new_form)
        left_box.addWidget(self.start_button)

        # -- one course
        self.heading = QLabel()
        self.heading.setProperty("role", "subheading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.details = text_label(role="muted")
        self.edit_title = QLineEdit()
        self.edit_title.setObjectName("courseEditTitle")
        self.edit_title.setAccessibleName(self.tr("This course's title"))
        self.edit_for = QLineEdit()
        self.edit_for.setObjectName("courseEditFor")
        self.edit_for.setAccessibleName(self.tr("This course is for (a group's name or a trainee's code)"))
        self.edit_weeks = QSpinBox()
        self.edit_weeks.setObjectName("courseEditWeeks")
        self.edit_weeks.setAccessibleName(self.tr("How many weeks this course runs"))
        self.edit_weeks.setRange(0, MAX_WEEKS)
        self.edit_weeks.setSpecialValueText(self.tr("not set"))
        self.keep_button = QPushButton(self.tr("Keep the c&hanges"))
        self.tree = QTreeWidget()
        self.tree.setObjectName("courseContents")
        self.tree.setAccessibleName(self.tr("What is in this course, week by week"))
        self.tree.setHeaderLabels([self.tr("In this course")])
        self.session_choice = QComboBox()
        self.session_choice.setObjectName("courseSessionChoice")
        self.session_choice.setAccessibleName(self.tr("A session to add to this course"))
        self.session_choice.view().setAccessibleName(self.tr("Recent sessions"))
        self.session_choice.setPlaceholderText(self.tr("No other session to add"))
        self.week = QSpinBox()
        self.week.setObjectName("courseWeek")
        self.week.setAccessibleName(self.tr("Its week in the course"))
        self.week.setSpecialValueText(self.tr("no week"))
        self.add_button = QPushButton(self.tr("&Add to the course"))
        self.remove_button = QPushButton(self.tr("Ta&ke out of the course"))
        self.remove_button.setToolTip(self.tr("The session stays in the history"))
        self.export_button = QToolButton()
        self.export_button.setText(self.tr("E&xport"))
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        for fmt in ("md", "pdf"):
            action = menu.addAction(tr(EXPORT_FORMATS[fmt].menu_label))
            action.setData(fmt)
        menu.triggered.connect(self._export_chosen)
        self.export_button.setMenu(menu)
        self.delete_button = QPushButton(self.tr("&Delete the course…"))
        self.status = text_label(role="muted")
        self.status.setObjectName("courseStatus")

        right = QWidget()
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        right_box.addWidget(self.heading)
        right_box.addWidget(self.details)
        edit_row = QHBoxLayout()
        edit_row.addWidget(self.edit_title, 3)
        edit_row.addWidget(self.edit_for, 2)
        edit_row.addWidget(self.edit_weeks)
        edit_row.addWidget(self.keep_button)
        right_box.addLayout(edit_row)
        right_box.addWidget(self.tree, 1)
        add_row = QHBoxLayout()
        add_row.addWidget(self.session_choice, 1)
        week_label = QLabel(self.tr("W&eek:"))
        week_label.setBuddy(self.week)
        add_row.addWidget(week_label)
        add_row.addWidget(self.week)
        add_row.addWidget(self.add_button)
        right_box.addLayout(add_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.delete_button)
        right_box.addLayout(buttons)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([320, 640])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        close_on_escape(self)

        self.list.currentItemChanged.connect(self._picked)
        self.start_button.clicked.connect(self.start_course)
        self.new_title.returnPressed.connect(self.start_course)
        self.add_button.clicked.connect(self.add_session)
        self.keep_button.clicked.connect(self.keep_changes)
        self.edit_title.returnPressed.connect(self.keep_changes)
        self.remove_button.clicked.connect(self.take_out_session)
        self.delete_button.clicked.connect(self.ask_to_delete)
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())

        fit_to_screen(self, QSize(980, 620))
        self._show(None)
        if self.keeper is None:
            for widget in (self.list, self.new_title, self.new_for, self.new_weeks, self.start_button):
                widget.setEnabled(False)
            self.status.setText(
                self.tr("Courses are kept in the records file, which cannot be used right now.")
            )
        else:
            self.refresh()

    # ------------------------------------------------------------------ reading
    def refresh(self, then_show: str | None = None) -> None:
        if self.keeper is None:
            return
        self.keeper.submit(_read_all, lambda found: self._fill(found, then_show), self._failed)

    def _fill(self, found: tuple[list[Course], list[tuple[str, str]]], then_show: str | None) -> None:
        courses, self._sessions = found
        wanted = then_show or (self.contents.course.id if self.contents is not None else None)
        self.list.blockSignals(True)
        self.list.clear()
        for course in courses:
            words = f"{course.title} · {course.for_whom}" if course.for_whom else course.title
            item = QListWidgetItem(words)
            item.setData(Qt.ItemDataRole.UserRole, course.id)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.listed.emit()
        ids = self.course_ids()
        if wanted in ids:
            self.list.setCurrentRow(ids.index(wanted))  # shows it (again)
        elif not courses:
            self._show(None)
            self.status.setText(self.tr("No courses yet: give a new one a title, then Start the course."))

    def course_ids(self) -> list[str]:
        return [str(self.list.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.list.count())]

    def _picked(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is None or self.keeper is None:
            self._show(None)
            return
        course_id = str(item.data(Qt.ItemDataRole.UserRole))
        self.keeper.submit(lambda store: store.course_contents(course_id), self._show, self._failed)

    def _show(self, found: course_io.Contents | None) -> None:
        self.contents = found
        self.tree.clear()
        has = found is not None
        for widget in (self.tree, self.session_choice, self.week, self.add_button, self.export_button):
            widget.setEnabled(has)
        for editor in (self.edit_title, self.edit_for, self.edit_weeks, self.keep_button):
            editor.setEnabled(has)
        self.delete_button.setEnabled(has)
        if found is None:
            self.heading.setText(self.tr("Choose a course, or start a new one."))
            self.details.clear()
            self._update_buttons()
            return
        course = found.course
        self.heading.setText(course.title)
        parts = [course.for_whom] if course.for_whom else []
        if course.weeks:
            parts.append(self.tr("%1 weeks").replace("%1", str(course.weeks)))
        parts.append(self.tr("begun %1").replace("%1", format_when(course.created_at, short=True)))
        self.details.setText(" · ".join(parts))
        self.edit_title.setText(course.title)
        self.edit_for.setText(course.for_whom)
        self.edit_weeks.setValue(course.weeks or 0)
        self.week.setRange(0, course.weeks or MAX_WEEKS)
        titles = {r.id: f"{r.script_title} · {format_when(r.started_at, short=True)}" for r in found.sessions}
        for week in course_io.week_list(found):
            top = QTreeWidgetItem([course_io.week_words(week)])
            self.tree.addTopLevelItem(top)
            for record in found.sessions:
                if course.week_of(record.id) == week:
                    child = QTreeWidgetItem([self.tr("Session: %1").replace("%1", titles[record.id])])
                    child.setData(0, SESSION_ROLE, record.id)
                    top.addChild(child)
            for entry in found.entries:
                if course_io.entry_week(entry, course) == week:
                    words = self.tr("Diary: %1").replace("%1", diary_io.day_words(entry.written_on))
                    top.addChild(QTreeWidgetItem([words]))
            top.setExpanded(True)
        if not found.sessions and not found.entries:
            self.tree.addTopLevelItem(QTreeWidgetItem([self.tr("Nothing yet: add a session below.")]))
        self.session_choice.clear()
        for session_id, words in self._sessions:
            if session_id not in course.session_ids():
                self.session_choice.addItem(words, session_id)
        self.add_button.setEnabled(self.session_choice.count() > 0)
        self._update_buttons()
        self.shown.emit(course.id)

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.selected_session() is not None)

    def selected_session(self) -> str | None:
        item = self.tree.currentItem()
        value = item.data(0, SESSION_ROLE) if item is not None else None
        return str(value) if value else None

    # ------------------------------------------------------------------ changes
    def start_course(self) -> None:
        """A new course from the fields below the list (a title is needed)."""
        if self.keeper is None:
            return
        try:
            title = course_io.check_title(self.new_title.text())
        except ValueError as exc:
            self.status.setText(
                self.tr("{problem}: nothing was started.").format(problem=str(exc).capitalize())
            )
            self.new_title.setFocus()
            self.problem.emit(str(exc))
            return
        weeks = self.new_weeks.value() or None
        course = Course.begin(title, self.new_for.text(), weeks)
        self.keeper.submit(
            lambda store: store.save_course(course), lambda _none: self._started(course), self._failed
        )

    def _started(self, course: Course) -> None:
        self.new_title.clear()
        self.new_for.clear()
        self.new_weeks.setValue(0)
        self.status.setText(self.tr("Course started: add its sessions on the right."))
        self.changed.emit(course.id)
        self.refresh(then_show=course.id)

    def keep_changes(self) -> None:
        """The title, group or trainee, and length as edited above the contents (checked first)."""
        if self.keeper is None or self.contents is None:
            return
        try:
            changed = course_io.check_change(
                self.contents,
                self.edit_title.text(),
                self.edit_for.text(),
                self.edit_weeks.value() or None,
            )
        except ValueError as exc:
            self.status.setText(
                self.tr("{problem}: nothing was changed.").format(problem=str(exc).capitalize())
            )
            self.problem.emit(str(exc))
            return
        self._keep(changed, self.tr("Changes kept."))

    def add_session(self) -> None:
        if self.keeper is None or self.contents is None or self.session_choice.currentIndex() < 0:
            return
        course = Course.from_dict(self.contents.course.to_dict())
        course.place(str(self.session_choice.currentData()), self.week.value() or None)
        self._keep(course, self.tr("Added to the course."))

    def take_out_session(self) -> None:
        session_id = self.selected_session()
        if self.keeper is None or self.contents is None or session_id is None:
            return
        course = Course.from_dict(self.contents.course.to_dict())
        course.take_out(session_id)
        self._keep(course, self.tr("Taken out of the course; it stays in the history."))

    def _keep(self, course: Course, done_words: str) -> None:
        assert self.keeper is not None

        def done(_none: object) -> None:
            self.status.setText(done_words)
            self.changed.emit(course.id)
            self.refresh(then_show=course.id)

        self.keeper.submit(lambda store: store.save_course(course), done, self._failed)

    # ------------------------------------------------------------------ erasing
    def ask_to_delete(self) -> QMessageBox | None:
        """Ask before erasing the course shown with everything in it; ``open()``, answered by signal."""
        if self.contents is None or self.keeper is None:
            return None
        found = self.contents
        box = ask_before_erasing(
            self,
            self.tr("Delete this course?"),
            self.tr("Delete this course and everything in it?"),
            self.tr(
                "Its sessions (%1) and diary entries (%2), with their notes and reflections, are erased "
                "from the records file, not just hidden. This cannot be undone. Export the course first "
                "if you may need it."
            )
            .replace("%1", str(len(found.sessions)))
            .replace("%2", str(len(found.entries))),
            self.tr("Delete everything in it"),
            self._delete_answered,
            course_id=found.course.id,
        )
        self.confirmation = box
        return box

    def _delete_answered(self, result: int) -> None:
        box, self.confirmation = self.confirmation, None
        if box is None or result != QMessageBox.StandardButton.Yes.value or self.keeper is None:
            return
        course_id = str(box.property("course_id"))
        box.deleteLater()
        self.status.setText(self.tr("Deleting…"))
        self.keeper.submit(
            lambda store: store.delete_course(course_id), lambda _n: self._deleted(course_id), self._failed
        )

    def _deleted(self, course_id: str) -> None:
        self._show(None)
        self.status.setText(self.tr("The course was deleted, and its sessions and diary entries erased."))
        self.deleted.emit(course_id)
        self.refresh()

    # ------------------------------------------------------------------ export
    def choose_export_path(self, fmt: Format) -> str | None:
        """Where to export: the one blocking file dialog (tests replace this method)."""
        stamp = datetime.now(UTC).strftime("%Y-%m-%d")
        name = f"course-portfolio-{stamp}.{EXPORT_FORMATS[fmt].suffixes[0]}"
        return ask_for_file(self, self.tr("Export the course"), EXPORT_FORMATS[fmt].file_filter, save_as=name)

    def _export_chosen(self, action: QAction) -> None:
        self.export(action.data())

    def export(self, fmt: Format) -> None:
        """The course as a portfolio of private training notes, read and written on the writer thread."""
        if self.keeper is None or self.contents is None:
            return
        path = self.choose_export_path(fmt)
        if not path:
            return
        course_id = self.contents.course.id
        self.status.setText(self.tr("Exporting…"))
        self.keeper.submit(
            lambda store: course_io.write(store.course_contents(course_id), path, fmt),
            lambda _pages: self._exported(path),
            self._failed,
        )

    def _exported(self, path: str | Path) -> None:
        self.status.setText(
            self.tr("Exported to {path}. It holds private training notes: keep it private.").format(path=path)
        )
        self.exported.emit(str(path))

    def _failed(self, message: str) -> None:
        self.status.setText(message)
        self.problem.emit(message)
