"""The assessment panel: a tutor's live form for observed practice, docked in the presenter console only.

Self-contained: give it the criteria sets, ``attach(controller)`` it to the running session, and save the
record whenever it emits ``changed()`` (``record.assessment = panel.assessment_dict()``). It never appears on
the audience view, never puts note text in a window title, and never logs it.

Logging without breaking the flow: pressing **O** anywhere in the window (or clicking into the note field)
pins the moment and moves the keyboard to the note field; **Enter** logs it and hands the keyboard back to
whatever had it before, **Esc** cancels. In the field, **Up/Down** pick the criterion and **Tab** flips
strength and development. Every other control works by mouse without taking the keyboard focus, so the keys
the trainee or presenter relies on (space to pause, arrows to move on) keep working.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QDate, QEvent, QObject, QPointF, Qt, Signal, Slot
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QKeySequence, QPainter, QPixmap, QPolygonF, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mindful_listening.assessment.report import ReportExporter
from mindful_listening.controller import SessionController
from mindful_listening.core.assessment import (
    Assessment,
    AssessmentError,
    Emphasis,
    Moment,
    Stage,
    evidence_from_log,
)
from mindful_listening.core.clock import Clock, MonotonicClock
from mindful_listening.core.criteria import CriteriaSet, builtin_criteria
from mindful_listening.core.progress import AssessedSession
from mindful_listening.core.record import SessionRecord
from mindful_listening.core.runner import State
from mindful_listening.timers import TimerFactory, make_timer
from mindful_listening.ui.widgets import DateField
from mindful_listening.wording import emphasis_label, evidence_lines, moment_label, moment_time

log = logging.getLogger(__name__)

SAVE_DELAY_MS = 800  # typed summaries are saved this long after the last keystroke (and on leaving the field)
STAGE_DONE = "done"
DEFAULT_CRITERIA = "observed-mindful-listening"
EMPHASIS_COLOURS = {Emphasis.STRENGTH: "#2e7d4f", Emphasis.DEVELOPMENT: "#b5561f"}


class AssessmentPanel(QWidget):
    changed = Signal()  # the assessment changed: the window saves the record
    started = Signal()  # assessment mode was switched on
    reportSaved = Signal(str, int)  # path, pages
    reportFailed = Signal(str)  # a message for the tutor

    def __init__(
        self,
        criteria_sets: Sequence[CriteriaSet] | None = None,
        clock: Clock | None = None,
        timer_factory: TimerFactory = make_timer,
        shortcut: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("assessmentPanel")
        self.setWindowTitle(self.tr("Assessment"))
        self._sets = list(criteria_sets) if criteria_sets is not None else list(builtin_criteria())
        self._clock: Clock = clock or MonotonicClock()
        self._controller: SessionController | None = None
        self.assessment: Assessment | None = None
        self._pending: Moment | None = None
        self._return_focus: QWidget | None = None
        self._stage: Stage | str = Stage.PURPOSE
        self._stage_since: int | None = None
        self._stage_set_by_window = False
        self._loading = False
        self._dirty = False
        self._save_timer = timer_factory(self)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.flush)
        self._exporter = ReportExporter(self)
        self._exporter.done.connect(self._report_done)
        self._exporter.failed.connect(self._report_failed)
        self._rating_widgets: dict[str, tuple[QComboBox | None, QPlainTextEdit, QLabel]] = {}
        # Where the report's record comes from (the window's, with its notes); else one built here.
        self.record_source: Callable[[], SessionRecord | None] | None = None
        # The records folder the trainee's progress is read from (None: the app's data folder).
        self.records_directory: Path | None = None

        self._pages = QStackedWidget(self)
        self._pages.addWidget(self._build_setup())
        self._pages.addWidget(self._build_assessing())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self._pages)

        self._shortcut: QShortcut | None = None
        if shortcut:
            self._shortcut = QShortcut(QKeySequence(Qt.Key.Key_O), self)
            self._shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            self._shortcut.activated.connect(self.begin_observation)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        self._name_for_screen_readers()

    # ================================================================== building
    def _build_setup(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.code_edit = QLineEdit(page)
        self.code_edit.setPlaceholderText(self.tr("e.g. T-07 or JS"))
        self.code_edit.setMaxLength(20)
        form.addRow(self.tr("Trainee code"), self.code_edit)
        privacy = QLabel(
            self.tr(
                "Use a code or initials only, never the trainee's full name. Notes stay on this computer."
            ),
            page,
        )
        privacy.setWordWrap(True)
        privacy.setObjectName("privacyNote")
        form.addRow(privacy)
        self.assessor_edit = QLineEdit(page)
        self.assessor_edit.setMaxLength(120)
        form.addRow(self.tr("Assessor"), self.assessor_edit)
        # Tab leaves it, and neither Tab nor a stray wheel turn ever changes the date (see DateField).
        self.date_edit = DateField(QDate.currentDate(), page)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        form.addRow(self.tr("Date"), self.date_edit)
        self.course_edit = QLineEdit(page)
        self.course_edit.setPlaceholderText(self.tr("e.g. Level 4 certificate, year 1"))
        self.course_edit.setMaxLength(200)
        form.addRow(self.tr("Course or level"), self.course_edit)
        self.set_combo = QComboBox(page)
        for criteria_set in self._sets:
            self.set_combo.addItem(criteria_set.title, criteria_set.id)
            self.set_combo.setItemData(
                self.set_combo.count() - 1, criteria_set.summary, Qt.ItemDataRole.ToolTipRole
            )
        self.set_combo.setCurrentIndex(max(0, self.set_combo.findData(DEFAULT_CRITERIA)))
        form.addRow(self.tr("Criteria"), self.set_combo)
        self.setup_error = QLabel(page)
        self.setup_error.setWordWrap(True)
        self.setup_error.setObjectName("setupError")
        self.setup_error.setStyleSheet("color: #b5561f")
        form.addRow(self.setup_error)
        self.start_button = QPushButton(self.tr("Start assessment"), page)
        self.start_button.clicked.connect(self._start_from_form)
        form.addRow(self.start_button)
        return page

    def _build_assessing(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel(page)
        self.heading.setObjectName("assessmentHeading")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.tabs = QTabWidget(page)
        self.tabs.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.tabs.addTab(self._build_observe(), self.tr("Observe"))
        self.tabs.addTab(self._build_summary(), self.tr("Summary"))
        self.tabs.addTab(self._build_evidence(), self.tr("Evidence"))
        self.tabs.currentChanged.connect(self._tab_changed)
        layout.addWidget(self.tabs)
        row = QHBoxLayout()
        self.report_status = QLabel(page)
        self.report_status.setWordWrap(True)
        row.addWidget(self.report_status, 1)
        self.report_button = QPushButton(self.tr("Save report (PDF)…"), page)
        self.report_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.report_button.clicked.connect(self.choose_report_path)
        row.addWidget(self.report_button)
        layout.addLayout(row)
        progress_row = QHBoxLayout()
        # The report can carry the trainee's progress across every assessment kept here, on pages of its own.
        self.progress_check = QCheckBox(self.tr("Add the trainee's progress to the report"), page)
        self.progress_check.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        progress_row.addWidget(self.progress_check, 1)
        self.progress_button = QPushButton(self.tr("Trainee's progress…"), page)
        self.progress_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.progress_button.setToolTip(
            self.tr("Every assessment of this trainee code, per criterion, over time")
        )
        self.progress_button.clicked.connect(self.open_progress)
        progress_row.addWidget(self.progress_button)
        layout.addLayout(progress_row)
        return page

    def _build_observe(self) -> QWidget:
        tab = QWidget(self)
        layout = QVBoxLayout(tab)
        self.stage_label = QLabel(tab)
        self.stage_label.setObjectName("stageLabel")
        stage_row = QHBoxLayout()
        stage_row.addWidget(self.stage_label, 1)
        self.end_debrief_button = QToolButton(tab)
        self.end_debrief_button.setText(self.tr("End debrief"))
        self.end_debrief_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.end_debrief_button.clicked.connect(lambda: self.set_stage(STAGE_DONE))
        stage_row.addWidget(self.end_debrief_button)
        layout.addLayout(stage_row)

        self.criterion_combo = QComboBox(tab)
        self.criterion_combo.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        layout.addWidget(self.criterion_combo)

        toggle_row = QHBoxLayout()
        self.strength_button = QToolButton(tab)
        self.strength_button.setText(self.tr("Strength"))
        self.development_button = QToolButton(tab)
        self.development_button.setText(self.tr("To develop"))
        self._emphasis_group = QButtonGroup(self)
        for button, emphasis in (
            (self.strength_button, Emphasis.STRENGTH),
            (self.development_button, Emphasis.DEVELOPMENT),
        ):
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setProperty("emphasis", emphasis.value)
            button.setStyleSheet(
                "QToolButton { padding: 3px; } QToolButton:checked { color: white; font-weight: bold; "
                "border-radius: 3px; background: " + EMPHASIS_COLOURS[emphasis] + "; }"
            )
            self._emphasis_group.addButton(button)
            toggle_row.addWidget(button)
        self.strength_button.setChecked(True)
        layout.addLayout(toggle_row)

        note_row = QHBoxLayout()
        self.note_edit = QLineEdit(tab)
        self.note_edit.setObjectName("observationField")
        self.note_edit.setPlaceholderText(self.tr("Press O, type what you see, Enter"))
        self.note_edit.setMaxLength(1000)
        self.note_edit.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.note_edit.returnPressed.connect(self.log_observation)
        self.note_edit.textEdited.connect(self._note_edited)
        self.note_edit.installEventFilter(self)
        note_row.addWidget(self.note_edit, 1)
        self.log_button = QPushButton(self.tr("Log"), tab)
        self.log_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.log_button.setToolTip(self.tr("Log an observation at this moment (shortcut: O, then Enter)"))
        self.log_button.clicked.connect(self.log_observation)
        note_row.addWidget(self.log_button)
        layout.addLayout(note_row)
        self.pinned_label = QLabel(tab)
        self.pinned_label.setObjectName("pinnedLabel")
        layout.addWidget(self.pinned_label)

        self.observation_list = QListWidget(tab)
        self.observation_list.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.observation_list.setWordWrap(True)
        self.observation_list.setAlternatingRowColors(True)
        layout.addWidget(self.observation_list, 1)
        self.remove_button = QPushButton(self.tr("Remove selected"), tab)
        self.remove_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.remove_button.clicked.connect(self._remove_selected)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignRight)
        return tab

    def _build_summary(self) -> QWidget:
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        body = QWidget(scroll)
        self._summary_layout = QVBoxLayout(body)
        self._ratings_grid = QGridLayout()
        self._summary_layout.addLayout(self._ratings_grid)
        both = QGridLayout()
        self.strengths_edit = self._text_box(body, self.tr("Strengths: what went well"))
        self.developments_edit = self._text_box(body, self.tr("Developments: what to work on next"))
        both.addWidget(QLabel(self.tr("What went well"), body), 0, 0)
        both.addWidget(QLabel(self.tr("What to develop"), body), 0, 1)
        both.addWidget(self.strengths_edit, 1, 0)
        both.addWidget(self.developments_edit, 1, 1)
        both.setColumnStretch(0, 1)  # equal room for strengths and developments
        both.setColumnStretch(1, 1)
        self._summary_layout.addLayout(both)
        self._summary_layout.addWidget(QLabel(self.tr("Overall summary"), body))
        self.summary_edit = self._text_box(body, self.tr("A few sentences the trainee can take away"))
        self._summary_layout.addWidget(self.summary_edit)
        self._summary_layout.addStretch(1)
        for edit in (self.strengths_edit, self.developments_edit, self.summary_edit):
            edit.textChanged.connect(self._summary_edited)
        scroll.setWidget(body)
        return scroll

    def _text_box(self, parent: QWidget, placeholder: str, lines: int = 4) -> QPlainTextEdit:
        edit = QPlainTextEdit(parent)
        edit.setPlaceholderText(placeholder)
        edit.setTabChangesFocus(True)
        edit.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 12)
        edit.installEventFilter(self)
        return edit

    def _build_evidence(self) -> QWidget:
        self.evidence_view = QPlainTextEdit(self)
        self.evidence_view.setReadOnly(True)
        self.evidence_view.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.evidence_view.setObjectName("evidenceView")
        return self.evidence_view

    def _name_for_screen_readers(self) -> None:
        """Every field gets a spoken name: its form label, else its hint; a combo's list is named after it."""
        names: list[tuple[QWidget, str]] = [
            (self.code_edit, self.tr("Trainee code")),
            (self.assessor_edit, self.tr("Assessor")),
            (self.date_edit, self.tr("Date")),
            (self.course_edit, self.tr("Course or level")),
            (self.set_combo, self.tr("Criteria")),
            (self.tabs, self.tr("Assessment")),
            (self.criterion_combo, self.tr("Criterion for the next observation")),
            (self.note_edit, self.tr("Observation")),
            (self.observation_list, self.tr("Observations logged")),
            (self.evidence_view, self.tr("Evidence from the session timeline")),
            (self.strengths_edit, self.tr("What went well")),
            (self.developments_edit, self.tr("What to develop")),
            (self.summary_edit, self.tr("Overall summary")),
        ]
        for widget, name in names:
            widget.setAccessibleName(name)
        for combo in self.findChildren(QComboBox):
            combo.view().setAccessibleName(combo.accessibleName() or self.tr("Choices"))

    # ================================================================== public API
    def attach(self, controller: SessionController) -> None:
        """Follow a running session: observations are pinned to its snapshot, stages follow its state."""
        self._controller = controller
        self._clock = controller.clock
        controller.stateChanged.connect(self._state_changed)
        controller.stepStarted.connect(self._step_started)
        controller.finished.connect(self._session_finished)
        if self.assessment is not None and self._stage_since is None:
            self._stage_since = self._clock.now_ms()
        self._state_changed(controller.state.value)

    def begin(
        self,
        criteria_id: str,
        trainee_code: str,
        assessor: str,
        date: str,
        course: str = "",
    ) -> Assessment:
        """Switch assessment mode on (the form's Start button does this). Raises :class:`AssessmentError`."""
        criteria_set = next((s for s in self._sets if s.id == criteria_id), None)
        if criteria_set is None:
            raise AssessmentError(self.tr("Criteria: no such set"))
        assessment = Assessment.start(criteria_set, trainee_code, assessor, date, course)
        self._use(assessment)
        self._stage_since = self._clock.now_ms()
        if self._controller is not None:
            self._state_changed(self._controller.state.value)
        self.started.emit()
        self._emit_changed()
        return assessment

    def load(self, data: dict[str, Any] | None) -> None:
        """Show an assessment kept in a record (``record.assessment``); ``None`` returns to the start form."""
        if data is None:
            self.assessment = None
            self._pages.setCurrentIndex(0)
            return
        self._use(Assessment.from_dict(data))

    def assessment_dict(self) -> dict[str, Any] | None:
        """What to keep in ``SessionRecord.assessment``."""
        return self.assessment.to_dict() if self.assessment else None

    @Slot()
    def begin_observation(self) -> None:
        """Pin the current moment and move the keyboard to the note field (the O key)."""
        if self.assessment is None:
            return
        self._pin()
        self.tabs.setCurrentIndex(0)
        focused = QApplication.focusWidget()
        if focused is not None and not self._owns(focused):
            self._return_focus = focused
        self.note_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    @Slot()
    def log_observation(self) -> None:
        """Log what is in the note field (empty: a bare marker) at the pinned moment, or now."""
        if self.assessment is None:
            return
        moment = self._pending or self.current_moment()
        criterion = self.criterion_combo.currentData()
        try:
            self.assessment.log(moment, str(criterion), self.emphasis(), self.note_edit.text())
        except AssessmentError as exc:
            self.pinned_label.setText(str(exc))
            return
        self.note_edit.clear()
        self._pending = None
        self.pinned_label.setText(self.tr("Logged at {when}").format(when=moment_label(moment)))
        self._refresh_observations()
        self._emit_changed()
        self._give_focus_back()

    @Slot()
    def cancel_observation(self) -> None:
        self.note_edit.clear()
        self._pending = None
        self.pinned_label.clear()
        self._give_focus_back()

    def emphasis(self) -> Emphasis:
        return Emphasis.DEVELOPMENT if self.development_button.isChecked() else Emphasis.STRENGTH

    def set_emphasis(self, emphasis: Emphasis) -> None:
        (self.development_button if emphasis is Emphasis.DEVELOPMENT else self.strength_button).setChecked(
            True
        )

    def set_criterion(self, criterion_id: str) -> None:
        index = self.criterion_combo.findData(criterion_id)
        if index >= 0:
            self.criterion_combo.setCurrentIndex(index)

    def rate(self, criterion_id: str, level: str | None = None, comment: str | None = None) -> None:
        """Set a criterion's level and/or comment, as the Summary tab does."""
        combo, edit, _ = self._rating_widgets[criterion_id]
        if level is not None and combo is not None:
            combo.setCurrentIndex(max(0, combo.findData(level)))
        if comment is not None:
            edit.setPlainText(comment)
        self.flush()

    def current_moment(self) -> Moment:
        """Where the session is now: from the controller's snapshot, and the stage clock."""
        stage = self._stage if isinstance(self._stage, Stage) else Stage.DEBRIEF
        stage_ms = 0 if self._stage_since is None else self._clock.now_ms() - self._stage_since
        if self._controller is None:
            return Moment(stage=stage, stage_ms=stage_ms if stage is not Stage.PRACTICE else 0)
        snapshot = self._controller.snapshot()
        if stage is Stage.PRACTICE and snapshot.state is State.READY:
            stage = Stage.PURPOSE
        return Moment.from_snapshot(snapshot, stage, stage_ms)

    @Slot(str)
    def set_stage(self, stage: str) -> None:
        """Tell the panel which stage the window shows: purpose, practice, debrief, or done.

        The window knows best; without it, the stages follow the controller's state (ready → purpose,
        running → practice, finished → debrief). Leaving the purpose or the debrief stage records its length.
        """
        first = not self._stage_set_by_window
        self._stage_set_by_window = True
        if first and stage == self._stage:
            self._stage_since = self._clock.now_ms()  # the window's stage starts now, not when we guessed
        self._enter_stage(stage)

    @Slot(str, int)
    def set_stage_duration(self, stage: str, ms: int) -> None:
        """Record exactly how long the purpose or debrief stage ran (the window times these stages)."""
        if self.assessment is None:
            return
        self.assessment.set_stage_duration(stage, ms)
        self._emit_changed()

    def refresh_evidence(self) -> None:
        if self.assessment is None or self._controller is None:
            self.evidence_view.setPlainText(self.tr("Evidence appears here once a session is attached."))
            return
        # The log so far: the step under way counts the time it has run, not 0 s until it ends.
        log_so_far = self._controller.runner.log_so_far()
        evidence = evidence_from_log(log_so_far, self._controller.timeline, self.assessment)
        self.evidence_view.setPlainText(
            "\n\n".join(f"{topic}: {text}" for topic, text in evidence_lines(evidence))
        )

    def build_record(self) -> SessionRecord:
        """A record of the attached session with this assessment (for a report made before the window's)."""
        if self._controller is None:
            raise AssessmentError(self.tr("No session is attached"))
        timeline = self._controller.timeline
        record = SessionRecord.begin(timeline.script, timeline.total_ms)
        record.absorb(self._controller.runner.log_so_far())
        record.assessment = self.assessment_dict()
        return record

    def export_report(self, path: str | Path, record: SessionRecord | None = None) -> None:
        """Make the PDF off the GUI thread; answers with ``reportSaved`` or ``reportFailed``."""
        self.flush()
        if self.assessment is None:
            self._report_failed(self.tr("start an assessment first"))
            return
        if record is None:
            if self._controller is None:
                self._report_failed(self.tr("no session is attached"))
                return
            record = self.build_record()
        elif self.assessment is not None:
            record = SessionRecord.from_dict(record.to_dict())
            record.assessment = self.assessment_dict()
        self.report_status.setText(self.tr("Making the report…"))
        self.report_button.setEnabled(False)
        stored = None
        if self.progress_check.isChecked():
            from mindful_listening.assessment.report import ReportError
            from mindful_listening.storage.assessments import stored_assessments
            from mindful_listening.storage.store import StoreError

            directory = self.records_directory
            cannot = self.tr("the trainee's progress could not be read: {reason}")

            def stored(code: str) -> list[AssessedSession]:  # runs on the worker thread
                try:
                    return stored_assessments(code, directory)
                except StoreError as exc:
                    raise ReportError(cannot.format(reason=exc)) from None

        self._exporter.export(record, path, stored)

    @Slot()
    def open_progress(self) -> None:
        """Open the trainee's progress window on this assessment's trainee code."""
        from mindful_listening.ui.progress import open_progress

        code = self.assessment.trainee_code if self.assessment is not None else self.code_edit.text()
        open_progress(self.window(), code, self.records_directory)

    @Slot()
    def choose_report_path(self) -> None:
        dialog = QFileDialog(self, self.tr("Save assessment report"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(self.tr("PDF files (*.pdf)"))
        dialog.setDefaultSuffix("pdf")
        if self.assessment is not None:
            dialog.selectFile(f"assessment-{self.assessment.trainee_code}-{self.assessment.date}.pdf")
        dialog.fileSelected.connect(
            lambda path: self.export_report(path, self.record_source() if self.record_source else None)
        )
        dialog.open()

    def wait_for_reports(self, ms: int = 30_000) -> bool:
        return self._exporter.wait(ms)

    @Slot()
    def flush(self) -> None:
        """Emit ``changed`` now if typed text is waiting to be saved."""
        self._save_timer.stop()
        if self._dirty:
            self._dirty = False
            self.changed.emit()

    # ================================================================== inner: state
    def _use(self, assessment: Assessment) -> None:
        self._loading = True
        try:
            self.assessment = assessment
            self.criterion_combo.clear()
            for criterion in assessment.criteria:
                self.criterion_combo.addItem(criterion["name"], criterion["id"])
                self.criterion_combo.setItemData(
                    self.criterion_combo.count() - 1, criterion["description"], Qt.ItemDataRole.ToolTipRole
                )
            self._build_ratings(assessment)
            self.strengths_edit.setPlainText(assessment.strengths)
            self.developments_edit.setPlainText(assessment.developments)
            self.summary_edit.setPlainText(assessment.summary)
            course = f" · {assessment.course}" if assessment.course else ""
            self.heading.setText(
                self.tr("<b>{code}</b> · {date}{course}<br>{criteria}").format(
                    code=assessment.trainee_code,
                    date=assessment.date,
                    course=course,
                    criteria=assessment.criteria_title,
                )
            )
            self.heading.setTextFormat(Qt.TextFormat.RichText)
            self._refresh_observations()
            self._refresh_stage_label()
            self._pages.setCurrentIndex(1)
        finally:
            self._loading = False

    def _build_ratings(self, assessment: Assessment) -> None:
        while self._ratings_grid.count():
            item = self._ratings_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self._rating_widgets.clear()
        parent = self._ratings_grid.parentWidget() or self
        for row, criterion in enumerate(assessment.criteria):
            rating = assessment.rating(criterion["id"])
            name = QLabel(f"<b>{_escape(criterion['name'])}</b>", parent)
            name.setWordWrap(True)
            name.setToolTip(criterion["description"])
            combo: QComboBox | None = None
            if assessment.levels:
                combo = QComboBox(parent)
                combo.setFocusPolicy(Qt.FocusPolicy.TabFocus)
                combo.addItem(self.tr("— not rated —"), "")
                for level in assessment.levels:
                    combo.addItem(level, level)
                combo.setCurrentIndex(max(0, combo.findData(rating.level)))
                combo.currentIndexChanged.connect(lambda _i, cid=criterion["id"]: self._level_changed(cid))
            comment = self._text_box(parent, self.tr("Comment"), lines=2)
            comment.setAccessibleName(self.tr("Comment on {name}").format(name=criterion["name"]))
            if combo is not None:
                combo.setAccessibleName(self.tr("Level for {name}").format(name=criterion["name"]))
                combo.view().setAccessibleName(combo.accessibleName())
            comment.setPlainText(rating.comment)
            comment.textChanged.connect(lambda cid=criterion["id"]: self._comment_changed(cid))
            linked = QLabel(parent)
            linked.setWordWrap(True)
            linked.setStyleSheet("color: palette(mid)")
            self._ratings_grid.addWidget(name, row * 3, 0)
            if combo is not None:
                self._ratings_grid.addWidget(combo, row * 3, 1)
            self._ratings_grid.addWidget(comment, row * 3 + 1, 0, 1, 2)
            self._ratings_grid.addWidget(linked, row * 3 + 2, 0, 1, 2)
            self._rating_widgets[criterion["id"]] = (combo, comment, linked)
        self._ratings_grid.setColumnStretch(0, 1)

    def _level_changed(self, criterion_id: str) -> None:
        if self._loading or self.assessment is None:
            return
        combo = self._rating_widgets[criterion_id][0]
        if combo is not None:
            self.assessment.rate(criterion_id, level=str(combo.currentData()))
            self._emit_changed()

    def _comment_changed(self, criterion_id: str) -> None:
        if self._loading or self.assessment is None:
            return
        edit = self._rating_widgets[criterion_id][1]
        try:
            self.assessment.rate(criterion_id, comment=edit.toPlainText())
        except AssessmentError:
            return
        self._schedule_save()

    def _summary_edited(self) -> None:
        if self._loading or self.assessment is None:
            return
        try:
            self.assessment.set_summary(
                self.strengths_edit.toPlainText(),
                self.developments_edit.toPlainText(),
                self.summary_edit.toPlainText(),
            )
        except AssessmentError:
            return
        self._schedule_save()

    def _schedule_save(self) -> None:
        self._dirty = True
        self._save_timer.start()

    def _emit_changed(self) -> None:
        self._dirty = False
        self._save_timer.stop()
        self.changed.emit()

    def _refresh_observations(self) -> None:
        self.observation_list.clear()
        if self.assessment is None:
            return
        for number, observation in self.assessment.numbered():
            name = self.assessment.criterion_name(observation.criterion)
            text = observation.text or self.tr("(marker)")
            item = QListWidgetItem(
                f"#{number}  {moment_time(observation.moment)}  {emphasis_label(observation.emphasis)} · "
                f"{name}\n{text}"
            )
            item.setData(Qt.ItemDataRole.UserRole, observation.id)
            item.setIcon(_emphasis_icon(observation.emphasis))
            item.setToolTip(moment_label(observation.moment))
            self.observation_list.addItem(item)
        self.observation_list.scrollToBottom()
        for criterion_id, (_combo, _edit, linked) in self._rating_widgets.items():
            notes = self.assessment.observations_for(criterion_id)
            linked.setVisible(bool(notes))
            linked.setText(
                self.tr("Observations: {list}").format(
                    list=", ".join(
                        f"#{n} {moment_time(o.moment)} ({emphasis_label(o.emphasis).lower()})"
                        for n, o in notes
                    )
                )
                if notes
                else ""
            )

    def _remove_selected(self) -> None:
        if self.assessment is None:
            return
        removed = False
        for item in self.observation_list.selectedItems():
            removed |= self.assessment.remove(int(item.data(Qt.ItemDataRole.UserRole)))
        if removed:
            self._refresh_observations()
            self._emit_changed()

    # ================================================================== inner: stages
    @Slot(object)
    def _step_started(self, _step: object) -> None:
        self._refresh_stage_label()
        if self.tabs.currentIndex() == 2:  # the Evidence tab is open: keep it up to date as steps change
            self.refresh_evidence()

    @Slot(object)
    def _session_finished(self, _log: object) -> None:
        self.refresh_evidence()

    def _state_changed(self, state: str) -> None:
        if self._stage_set_by_window:
            self._refresh_stage_label()
            return
        if state == State.READY.value:
            self._enter_stage(Stage.PURPOSE)
        elif state in (State.RUNNING.value, State.PAUSED.value):
            self._enter_stage(Stage.PRACTICE)
        elif state == State.FINISHED.value and self._stage != STAGE_DONE:
            self._enter_stage(Stage.DEBRIEF)

    def _enter_stage(self, stage: str) -> None:
        new: Stage | str = STAGE_DONE if stage == STAGE_DONE else Stage(stage)
        if new == self._stage:
            self._refresh_stage_label()
            return
        now = self._clock.now_ms()
        if self.assessment is not None and self._stage_since is not None:
            spent = now - self._stage_since
            if self._stage is Stage.PURPOSE and new is not Stage.PURPOSE:
                self.assessment.set_stage_duration(Stage.PURPOSE, spent)
                self._emit_changed()
            elif self._stage is Stage.DEBRIEF:
                self.assessment.set_stage_duration(Stage.DEBRIEF, spent)
                self._emit_changed()
        self._stage = new
        self._stage_since = now
        self._refresh_stage_label()

    def _refresh_stage_label(self) -> None:
        names = {
            Stage.PURPOSE: self.tr("Purpose stage"),
            Stage.PRACTICE: self.tr("Practice"),
            Stage.DEBRIEF: self.tr("Debrief (reflective inquiry)"),
        }
        text = (
            names.get(self._stage, self.tr("Session over"))
            if isinstance(self._stage, Stage)
            else self.tr("Session over")
        )
        if self._stage is Stage.PRACTICE and self._controller is not None:
            snapshot = self._controller.snapshot()
            text += f" · {snapshot.index + 1}. {snapshot.step.title}"
        self.stage_label.setText(text)
        self.end_debrief_button.setVisible(self._stage is Stage.DEBRIEF)

    # ================================================================== inner: focus and keys
    def _pin(self) -> None:
        if self._pending is None:
            self._pending = self.current_moment()
            self.pinned_label.setText(self.tr("Pinned at {when}").format(when=moment_label(self._pending)))

    def _note_edited(self, text: str) -> None:
        if text and self._pending is None:
            self._pin()

    def _owns(self, widget: QWidget) -> bool:
        return widget is self or self.isAncestorOf(widget)

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if not shiboken6.isValid(self):
            return
        if new is self.note_edit:
            if old is not None and not self._owns(old):
                self._return_focus = old
            self._pin()
        elif old is not None and self._owns(old) and self._dirty:
            self.flush()
        if old is self.note_edit and not self.note_edit.text() and self._pending is not None:
            # Left without writing anything: the pinned moment is dropped, not reused by a later note.
            self._pending = None
            self.pinned_label.clear()

    def _give_focus_back(self) -> None:
        target = self._return_focus
        self._return_focus = None
        if self.note_edit.hasFocus() or QApplication.focusWidget() is None:
            if target is not None and shiboken6.isValid(target) and target.isVisible():
                target.setFocus(Qt.FocusReason.OtherFocusReason)
            else:
                self.note_edit.clearFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.note_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key == Qt.Key.Key_Escape:
                self.cancel_observation()
                return True
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.criterion_combo.count():
                step = -1 if key == Qt.Key.Key_Up else 1
                count = self.criterion_combo.count()
                self.criterion_combo.setCurrentIndex((self.criterion_combo.currentIndex() + step) % count)
                return True
            if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
                self.set_emphasis(
                    Emphasis.STRENGTH if self.emphasis() is Emphasis.DEVELOPMENT else Emphasis.DEVELOPMENT
                )
                return True
        if event.type() == QEvent.Type.FocusOut and isinstance(watched, QPlainTextEdit):
            self.flush()
        return super().eventFilter(watched, event)

    # ================================================================== inner: form and report
    def _start_from_form(self) -> None:
        try:
            self.begin(
                str(self.set_combo.currentData()),
                self.code_edit.text(),
                self.assessor_edit.text(),
                self.date_edit.date().toString("yyyy-MM-dd"),
                self.course_edit.text(),
            )
        except AssessmentError as exc:
            self.setup_error.setText(str(exc))
            return
        self.setup_error.clear()

    def _tab_changed(self, index: int) -> None:
        if index == 2:
            self.refresh_evidence()

    def _report_done(self, path: str, pages: int) -> None:
        self.report_button.setEnabled(True)
        self.report_status.setText(
            self.tr("Report saved: {name} ({pages} pages)").format(name=Path(path).name, pages=pages)
        )
        self.reportSaved.emit(path, pages)

    def _report_failed(self, message: str) -> None:
        self.report_button.setEnabled(True)
        self.report_status.setText(self.tr("The report was not saved: {reason}").format(reason=message))
        self.reportFailed.emit(message)


def _emphasis_icon(emphasis: Emphasis) -> QIcon:
    """A filled circle for a strength, a diamond for a development: told apart without colour too."""
    pixmap = QPixmap(14, 14)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(EMPHASIS_COLOURS[emphasis]))
    if emphasis is Emphasis.STRENGTH:
        painter.drawEllipse(2, 2, 10, 10)
    else:
        painter.drawPolygon(QPolygonF([QPointF(7, 1), QPointF(13, 7), QPointF(7, 13), QPointF(1, 7)]))
    painter.end()
    return QIcon(pixmap)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
