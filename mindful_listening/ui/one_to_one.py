"""The one-to-one window: a small, quiet exercise timer for the therapy room.

The practitioner chooses an exercise (the built-in one-to-one scripts, or a script file), how long to settle
before it begins, and whether anything should sound. The session itself is the ordinary
:class:`~mindful_listening.controller.SessionController` over the core runner; this window only draws it and
forwards intent. Breathing steps show the :class:`~mindful_listening.ui.pacer_widget.PacerWidget`; other
steps show their title and the cue captions, small. Open-ended steps count up past their guide ("+1:20")
until the practitioner presses Next, because the pace is the client's.

Every timer comes from the injected factory and every deadline from the injected clock: the settling delay,
the interval bell and the spoken "breathing in / out" are each one single-shot timer armed for the instant
the next thing is due (nothing is counted in ticks).

Privacy: the client is a code, never a name, and the notes are handed to the record sink on every edit and
at the end. Neither is ever logged, put in the window title, or kept in QSettings (which holds only the
window's choices).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mindful_listening.controller import SessionController
from mindful_listening.core.clock import Clock, MonotonicClock
from mindful_listening.core.durations import format_clock
from mindful_listening.core.library import builtin_scripts
from mindful_listening.core.loading import ScriptProblems, load_script
from mindful_listening.core.pacer import MAX_PHASE_MS, MIN_PHASE_MS, Pace, Rhythm
from mindful_listening.core.record import MemorySink, RecordSink, SessionRecord
from mindful_listening.core.runner import Snapshot, State
from mindful_listening.core.script import Mode, Script
from mindful_listening.core.timeline import Step, Timeline
from mindful_listening.one_to_one_session import OneToOneSession
from mindful_listening.preferences import (
    INTERVAL_CHOICES_MIN,
    SETTLE_CHOICES_S,
    GuideSound,
    GuideText,
    OneToOneChoices,
    load_choices,
    save_choices,
)
from mindful_listening.speech.api import Speaker
from mindful_listening.timers import TimerFactory, make_timer
from mindful_listening.ui.pacer_widget import PacerWidget

log = logging.getLogger(__name__)

CLIENT_CODE_MAX = 16
DEFAULT_SIZE = (420, 520)

# Quiet colours: warm paper, soft sage, dark grey-green text (about 8:1), muted text (about 4.6:1).
STYLE = """
QMainWindow, QWidget#oneToOne, QStackedWidget, QWidget[page="true"] { background: #f3f0ea; color: #454b47; }
QTabWidget::pane { border: 1px solid #ddd8cf; border-radius: 6px; background: #f3f0ea; top: -1px; }
QTabBar::tab { background: #ebe7df; color: #5d635f; padding: 5px 14px; border: 1px solid #ddd8cf;
  border-bottom: none; border-top-left-radius: 6px; border-top-right-radius: 6px; margin-right: 2px; }
QTabBar::tab:selected { background: #f3f0ea; color: #3f4541; }
QToolBar { background: #ebe7df; border: none; spacing: 4px; padding: 2px; }
QToolButton { color: #454b47; background: transparent; border: 1px solid transparent; border-radius: 5px;
  padding: 3px 8px; }
QToolButton:checked { background: #dbe5de; border-color: #b9c8be; }
QToolButton:hover { border-color: #cfc9bf; }
QLabel { color: #454b47; background: transparent; }
QLabel[muted="true"] { color: #6a706c; }
QLabel#privacyNote, QLabel#nameHint, QLabel#notesStatus { color: #6a706c; }
QLabel#nameHint { color: #8a5a3c; }
QLabel#stepHeading { color: #6a706c; }
QLabel#exerciseTitle { color: #4d5a52; }
QLabel#clock { color: #5d635f; }
QPushButton { background: #e8e4dc; color: #454b47; border: 1px solid #d3cec4; border-radius: 6px;
  padding: 6px 14px; }
QPushButton:hover { background: #eeebe4; }
QPushButton:disabled { color: #a19e98; }
QPushButton[primary="true"] { background: #d7e3da; border-color: #afc2b5; }
QListWidget, QPlainTextEdit, QLineEdit, QComboBox { background: #faf8f4; color: #454b47;
  border: 1px solid #d8d3c9; border-radius: 5px; padding: 3px; }
QListWidget::item { padding: 5px 4px; }
QListWidget::item:selected { background: #dbe5de; color: #3f4541; }
QComboBox QAbstractItemView { background: #faf8f4; color: #454b47; selection-background-color: #dbe5de;
  selection-color: #3f4541; }
QCheckBox { color: #454b47; }
"""


E = TypeVar("E", bound=StrEnum)


def one_to_one_scripts() -> list[Script]:
    """The built-in scripts written for one-to-one work."""
    return [script for script in builtin_scripts() if script.mode is Mode.ONE_TO_ONE]


def _looks_like_a_name(code: str) -> bool:
    """A gentle heuristic: a run of three or more letters that is not all capitals ("Sam", "jo smith")."""
    return any(not word.isupper() for word in re.findall(r"[^\W\d_]{3,}", code))


class OneToOneWindow(QMainWindow):
    """The compact window. ``speaker`` speaks the cues; ``sink`` keeps the record (with its notes)."""

    sessionStarted = Signal()
    sessionFinished = Signal(object)  # the SessionRecord, as handed to the sink

    PAGE_CHOOSER, PAGE_SETTLING, PAGE_SESSION, PAGE_ENDED = range(4)

    def __init__(
        self,
        speaker: Speaker,
        sink: RecordSink,
        clock: Clock | None = None,
        timer_factory: TimerFactory = make_timer,
        settings: QSettings | None = None,
        scripts: Sequence[Script] | None = None,
        owns_speaker: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("oneToOne")
        self.setWindowTitle(self.tr("One-to-one practice"))
        self.setStyleSheet(STYLE)
        self._speaker = speaker
        self._owns_speaker = owns_speaker
        self._sink = sink
        self._clock: Clock = clock or MonotonicClock()
        self._timer_factory = timer_factory
        self._settings = settings
        self._choices = load_choices(settings)
        self._scripts: list[Script] = list(scripts) if scripts is not None else one_to_one_scripts()

        self._closing = False
        self._applying = False
        # The session decides timing and saving; this window renders it and forwards intent.
        self.session = OneToOneSession(
            speaker, sink, self._choices, clock=self._clock, timer_factory=timer_factory, parent=self
        )
        self.session.settling.connect(lambda left: self.settle_label.setText(format_clock(left)))
        self.session.started.connect(self._on_started)
        self.session.stepShown.connect(self._show_step)
        self.session.caption.connect(lambda text: self.caption_label.setText(text))
        self.session.tick.connect(self._tick)
        self.session.stateChanged.connect(self._state_changed)
        self.session.pacing.connect(lambda running: self.pacer.set_running(running))
        self.session.finished.connect(self._finished)

        self._build_actions()
        self.tabs = QTabWidget(self)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._build_chooser())
        self.pages.addWidget(self._build_settling())
        self.pages.addWidget(self._build_session())
        self.pages.addWidget(self._build_ended())
        self.tabs.addTab(self.pages, self.tr("Practice"))
        self.tabs.addTab(self._build_notes(), self.tr("Notes"))
        self.setCentralWidget(self.tabs)
        self.resize(*DEFAULT_SIZE)
        self.setMinimumSize(340, 420)

        self._fill_chooser()
        self._apply_choices()
        self.exercise_list.setFocus()

    # ================================================================== building
    def _choice_group(
        self, menu: QMenu, choices: Sequence[tuple[E, str]], choose: Callable[[str], object]
    ) -> tuple[QActionGroup, dict[E, QAction]]:
        """One-of-several checkable menu entries; ``choose`` gets the chosen enum value."""
        group = QActionGroup(self)
        actions: dict[E, QAction] = {}
        for value, label in choices:
            action = QAction(label, self)
            action.setCheckable(True)
            action.setData(value.value)
            group.addAction(action)
            menu.addAction(action)
            actions[value] = action
        group.triggered.connect(lambda action: choose(str(action.data())))
        return group, actions

    def _build_actions(self) -> None:
        bar = QToolBar(self.tr("Options"), self)
        bar.setObjectName("oneToOneBar")
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(bar)

        self.on_top_action = QAction(self.tr("Keep on top"), self)
        self.on_top_action.setCheckable(True)
        self.on_top_action.setToolTip(self.tr("Keep this window above the others"))
        self.on_top_action.toggled.connect(self.set_on_top)
        bar.addAction(self.on_top_action)

        self.hide_digits_action = QAction(self.tr("Hide numbers"), self)
        self.hide_digits_action.setCheckable(True)
        self.hide_digits_action.setToolTip(self.tr("Show no clock or counts, only words"))
        self.hide_digits_action.toggled.connect(self.set_digits_hidden)
        bar.addAction(self.hide_digits_action)

        guide = QMenu(self.tr("Breathing guide"), self)
        guide.setObjectName("guideMenu")
        guide.addSection(self.tr("Sound at each turn of the breath"))
        self.guide_sound_group, self.guide_sound_actions = self._choice_group(
            guide,
            [
                (GuideSound.SILENT, self.tr("Silent")),
                (GuideSound.WORDS, self.tr("Say “breathing in… breathing out…”")),
                (GuideSound.BELL, self.tr("A quiet bell as each in-breath begins")),
            ],
            lambda value: self.set_guide_sound(GuideSound(value)),
        )
        guide.addSection(self.tr("Words under the circle"))
        self.guide_text_group, self.guide_text_actions = self._choice_group(
            guide,
            [
                (GuideText.WORDS, self.tr("“Breathing in”, “Breathing out”")),
                (GuideText.SECONDS, self.tr("A plain count: “In 1… 2… 3…”")),
                (GuideText.BREATHS, self.tr("Count the breaths")),
                (GuideText.NONE, self.tr("Nothing, only the circle")),
            ],
            lambda value: self.set_guide_text(GuideText(value)),
        )
        self.guide_button = QToolButton(self)
        self.guide_button.setText(self.tr("Breathing guide"))
        self.guide_button.setMenu(guide)
        self.guide_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        bar.addWidget(self.guide_button)

    def _page(self) -> QWidget:
        page = QWidget(self)
        page.setProperty("page", True)
        return page

    def _build_chooser(self) -> QWidget:
        page = self._page()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 12, 12, 12)
        heading = QLabel(self.tr("Choose an exercise"), page)
        heading.setObjectName("chooserHeading")
        layout.addWidget(heading)
        self.exercise_list = QListWidget(page)
        self.exercise_list.setObjectName("exerciseList")
        self.exercise_list.currentRowChanged.connect(self._exercise_chosen)
        self.exercise_list.itemActivated.connect(lambda _item: self.begin())
        layout.addWidget(self.exercise_list, 3)
        self.summary_label = QLabel(page)
        self.summary_label.setObjectName("exerciseSummary")
        self.summary_label.setProperty("muted", True)
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        self.file_button = QPushButton(self.tr("Open a script file…"), page)
        self.file_button.clicked.connect(self.open_file_dialog)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.file_button)
        layout.addLayout(row)
        self.file_problem_label = QLabel(page)
        self.file_problem_label.setObjectName("fileProblem")
        self.file_problem_label.setWordWrap(True)
        self.file_problem_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.file_problem_label.hide()
        layout.addWidget(self.file_problem_label)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.settle_combo = QComboBox(page)
        for seconds in SETTLE_CHOICES_S:
            label = self.tr("Begin straight away") if seconds == 0 else self.tr("%n seconds", None, seconds)
            if seconds == 60:
                label = self.tr("One minute")
            self.settle_combo.addItem(label, seconds)
        self.settle_combo.currentIndexChanged.connect(self._choices_edited)
        form.addRow(self.tr("Settle first"), self.settle_combo)
        self.spoken_check = QCheckBox(self.tr("Speak the prompts (captions are always shown)"), page)
        self.spoken_check.toggled.connect(self._choices_edited)
        form.addRow(self.tr("Voice"), self.spoken_check)
        self.bells_combo = QComboBox(page)
        self.bells_combo.addItem(self.tr("The exercise's bells"), True)
        self.bells_combo.addItem(self.tr("No bells (I'll ring my own)"), False)
        self.bells_combo.currentIndexChanged.connect(self._choices_edited)
        form.addRow(self.tr("Bells"), self.bells_combo)
        self.interval_combo = QComboBox(page)
        for minutes in INTERVAL_CHOICES_MIN:
            label = self.tr("None") if minutes == 0 else self.tr("Every %n minute(s)", None, minutes)
            self.interval_combo.addItem(label, minutes)
        self.interval_combo.currentIndexChanged.connect(self._choices_edited)
        form.addRow(self.tr("Interval bell"), self.interval_combo)
        layout.addLayout(form)

        self.begin_button = QPushButton(self.tr("Begin"), page)
        self.begin_button.setObjectName("beginButton")
        self.begin_button.setProperty("primary", True)
        self.begin_button.clicked.connect(self.begin)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.begin_button)
        layout.addLayout(row)
        return page

    def _build_settling(self) -> QWidget:
        page = self._page()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(20, 20, 20, 20)
        layout.addStretch(2)
        title = QLabel(self.tr("Settling in"), page)
        title.setObjectName("exerciseTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._scale_font(title, 1.5)
        layout.addWidget(title)
        invite = QLabel(
            self.tr("A few quiet moments to arrive. The exercise will begin gently on its own."), page
        )
        invite.setProperty("muted", True)
        invite.setWordWrap(True)
        invite.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(invite)
        self.settle_label = QLabel(page)
        self.settle_label.setObjectName("clock")
        self.settle_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.settle_label)
        layout.addStretch(3)
        row = QHBoxLayout()
        self.settle_back_button = QPushButton(self.tr("Back"), page)
        self.settle_back_button.clicked.connect(self.cancel_settling)
        self.begin_now_button = QPushButton(self.tr("Begin now"), page)
        self.begin_now_button.clicked.connect(self.begin_now)
        row.addWidget(self.settle_back_button)
        row.addStretch(1)
        row.addWidget(self.begin_now_button)
        layout.addLayout(row)
        return page

    def _build_session(self) -> QWidget:
        page = self._page()
        page.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # holds the keyboard so Space and → work
        self._session_page = page
        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 10, 12, 12)
        header = QHBoxLayout()
        self.step_heading = QLabel(page)
        self.step_heading.setObjectName("stepHeading")
        self.step_heading.setWordWrap(True)
        self.step_count_label = QLabel(page)
        self.step_count_label.setProperty("muted", True)
        header.addWidget(self.step_heading, 1)
        header.addWidget(self.step_count_label)
        layout.addLayout(header)

        self.centre = QStackedWidget(page)
        self.pacer = PacerWidget(self._timer_factory, self.centre)
        self.pacer.set_source(self._current_pace)
        self.centre.addWidget(self.pacer)
        words = QWidget(self.centre)
        words.setProperty("page", True)
        words_layout = QVBoxLayout(words)
        words_layout.addStretch(1)
        self.exercise_title = QLabel(words)
        self.exercise_title.setObjectName("exerciseTitle")
        self.exercise_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.exercise_title.setWordWrap(True)
        self._scale_font(self.exercise_title, 1.8)
        words_layout.addWidget(self.exercise_title)
        self.exercise_subtitle = QLabel(words)
        self.exercise_subtitle.setProperty("muted", True)
        self.exercise_subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.exercise_subtitle.setWordWrap(True)
        words_layout.addWidget(self.exercise_subtitle)
        words_layout.addStretch(1)
        self.centre.addWidget(words)
        layout.addWidget(self.centre, 1)

        self.caption_label = QLabel(page)
        self.caption_label.setObjectName("caption")
        self.caption_label.setProperty("muted", True)
        self.caption_label.setWordWrap(True)
        self.caption_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self._scale_font(self.caption_label, 0.92)
        layout.addWidget(self.caption_label)

        self.clock_label = QLabel(page)
        self.clock_label.setObjectName("clock")
        self.clock_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._scale_font(self.clock_label, 1.3)
        layout.addWidget(self.clock_label)
        self.open_hint = QLabel(self.tr("Take all the time you need. Next, whenever you're ready."), page)
        self.open_hint.setProperty("muted", True)
        self.open_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.open_hint.setWordWrap(True)
        self.open_hint.hide()
        layout.addWidget(self.open_hint)

        self.rhythm_row = QWidget(page)
        rhythm = QHBoxLayout(self.rhythm_row)
        rhythm.setContentsMargins(0, 0, 0, 0)
        self.inhale_spin = self._rhythm_spin(self.rhythm_row)
        self.exhale_spin = self._rhythm_spin(self.rhythm_row)
        rhythm.addStretch(1)
        rhythm.addWidget(QLabel(self.tr("In"), self.rhythm_row))
        rhythm.addWidget(self.inhale_spin)
        rhythm.addSpacing(12)
        rhythm.addWidget(QLabel(self.tr("Out"), self.rhythm_row))
        rhythm.addWidget(self.exhale_spin)
        rhythm.addStretch(1)
        layout.addWidget(self.rhythm_row)

        row = QHBoxLayout()
        self.pause_button = QPushButton(self.tr("Pause"), page)
        self.pause_button.clicked.connect(self._toggle)
        self.next_button = QPushButton(self.tr("Next"), page)
        self.next_button.setObjectName("nextButton")
        self.next_button.clicked.connect(self.next_step)
        self.end_button = QPushButton(self.tr("End"), page)
        self.end_button.clicked.connect(self.end_session)
        row.addWidget(self.pause_button)
        row.addStretch(1)
        row.addWidget(self.end_button)
        row.addWidget(self.next_button)
        layout.addLayout(row)

        for keys, slot in (
            ((Qt.Key.Key_Space,), self._toggle),
            ((Qt.Key.Key_Right, Qt.Key.Key_N), self.next_step),
        ):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), page)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(slot)
        return page

    def _rhythm_spin(self, parent: QWidget) -> QDoubleSpinBox:
        spin = QDoubleSpinBox(parent)
        spin.setRange(MIN_PHASE_MS / 1000, MAX_PHASE_MS / 1000)
        spin.setDecimals(1)
        spin.setSingleStep(0.5)
        spin.setSuffix(self.tr(" s"))
        spin.setValue(5.0)
        spin.setKeyboardTracking(False)
        spin.valueChanged.connect(self._rhythm_edited)
        return spin

    def _build_ended(self) -> QWidget:
        page = self._page()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(20, 20, 20, 20)
        layout.addStretch(2)
        title = QLabel(self.tr("The exercise has ended"), page)
        title.setObjectName("exerciseTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._scale_font(title, 1.4)
        layout.addWidget(title)
        text = QLabel(self.tr("There's no hurry. Take whatever time you both need before moving on."), page)
        text.setProperty("muted", True)
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(text)
        self.ended_time_label = QLabel(page)
        self.ended_time_label.setProperty("muted", True)
        self.ended_time_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.ended_time_label)
        layout.addStretch(3)
        row = QHBoxLayout()
        notes = QPushButton(self.tr("Write notes"), page)
        notes.clicked.connect(lambda: self.tabs.setCurrentIndex(1))
        again = QPushButton(self.tr("Another exercise"), page)
        again.setProperty("primary", True)
        again.clicked.connect(lambda: self.pages.setCurrentIndex(self.PAGE_CHOOSER))
        row.addWidget(notes)
        row.addStretch(1)
        row.addWidget(again)
        layout.addLayout(row)
        return page

    def _build_notes(self) -> QWidget:
        page = self._page()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 12, 12, 12)
        form = QFormLayout()
        self.client_code_edit = QLineEdit(page)
        self.client_code_edit.setObjectName("clientCode")
        self.client_code_edit.setMaxLength(CLIENT_CODE_MAX)
        self.client_code_edit.setPlaceholderText(self.tr("e.g. C-12 or JK"))
        self.client_code_edit.textChanged.connect(self._code_edited)
        form.addRow(self.tr("Client code"), self.client_code_edit)
        layout.addLayout(form)
        privacy = QLabel(
            self.tr("A code or initials only, never a name. Notes stay on this computer, with the session."),
            page,
        )
        privacy.setObjectName("privacyNote")
        privacy.setWordWrap(True)
        layout.addWidget(privacy)
        self.name_hint = QLabel(
            self.tr("That looks as if it could be a name. A code or initials keeps the client's privacy."),
            page,
        )
        self.name_hint.setObjectName("nameHint")
        self.name_hint.setWordWrap(True)
        self.name_hint.hide()
        layout.addWidget(self.name_hint)
        notes_heading = QLabel(self.tr("Brief notes"), page)
        layout.addWidget(notes_heading)
        self.notes_edit = QPlainTextEdit(page)
        self.notes_edit.setObjectName("notes")
        self.notes_edit.setPlaceholderText(self.tr("Anything worth remembering, in a few words."))
        self.notes_edit.textChanged.connect(self._notes_edited)
        layout.addWidget(self.notes_edit, 1)
        self.notes_status = QLabel(page)
        self.notes_status.setObjectName("notesStatus")
        self.notes_status.setWordWrap(True)
        layout.addWidget(self.notes_status)
        self.records_warning = QLabel(
            self.tr(
                "Records cannot be kept on this computer at the moment: "
                "notes will be gone when this window closes."
            ),
            page,
        )
        self.records_warning.setObjectName("recordsWarning")
        self.records_warning.setWordWrap(True)
        self.records_warning.hide()
        layout.addWidget(self.records_warning)
        self._update_notes_status()
        return page

    @staticmethod
    def _scale_font(label: QLabel, factor: float) -> None:
        font = label.font()
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * factor)
            label.setFont(font)

    # ================================================================== choices
    def _apply_choices(self) -> None:
        c = self._choices
        self._applying = True
        self.settle_combo.setCurrentIndex(SETTLE_CHOICES_S.index(c.settle_s))
        self.spoken_check.setChecked(c.spoken)
        self.bells_combo.setCurrentIndex(0 if c.bells else 1)
        self.interval_combo.setCurrentIndex(INTERVAL_CHOICES_MIN.index(c.interval_min))
        self.interval_combo.setEnabled(c.bells)
        self._applying = False
        self.guide_sound_actions[c.guide_sound].setChecked(True)
        self.guide_text_actions[c.guide_text].setChecked(True)
        self.hide_digits_action.setChecked(c.hide_digits)
        self.on_top_action.setChecked(c.on_top)
        self.pacer.set_text_mode(c.guide_text)
        self.pacer.set_digits_hidden(c.hide_digits)

    def _choices_edited(self) -> None:
        if self._applying:
            return
        self._set_choices(
            replace(
                self._choices,
                settle_s=int(self.settle_combo.currentData()),
                spoken=self.spoken_check.isChecked(),
                bells=bool(self.bells_combo.currentData()),
                interval_min=int(self.interval_combo.currentData()),
            )
        )
        self.interval_combo.setEnabled(self._choices.bells)

    def _set_choices(self, choices: OneToOneChoices) -> None:
        if choices != self._choices:
            self._choices = choices
            save_choices(self._settings, choices)
            self.session.set_choices(choices)

    @property
    def choices(self) -> OneToOneChoices:
        return self._choices

    def set_settle_seconds(self, seconds: int) -> None:
        self.settle_combo.setCurrentIndex(SETTLE_CHOICES_S.index(seconds))

    def set_spoken(self, spoken: bool) -> None:
        self.spoken_check.setChecked(spoken)

    def set_bells(self, bells: bool) -> None:
        self.bells_combo.setCurrentIndex(0 if bells else 1)

    def set_interval_minutes(self, minutes: int) -> None:
        self.interval_combo.setCurrentIndex(INTERVAL_CHOICES_MIN.index(minutes))

    def set_on_top(self, on: bool) -> None:
        if self.on_top_action.isChecked() != on:
            self.on_top_action.setChecked(on)  # comes back here through toggled
            return
        self._set_choices(replace(self._choices, on_top=on))
        if bool(self.windowFlags() & Qt.WindowType.WindowStaysOnTopHint) != on:
            visible = self.isVisible()
            self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, on)
            if visible:
                self.show()  # changing a window flag hides the window

    def set_digits_hidden(self, hidden: bool) -> None:
        if self.hide_digits_action.isChecked() != hidden:
            self.hide_digits_action.setChecked(hidden)
            return
        self._set_choices(replace(self._choices, hide_digits=hidden))
        self.pacer.set_digits_hidden(hidden)
        self.clock_label.setVisible(not hidden)
        self.settle_label.setVisible(not hidden)
        self.ended_time_label.setVisible(not hidden)

    def set_guide_sound(self, sound: GuideSound) -> None:
        self.guide_sound_actions[sound].setChecked(True)
        if sound is self._choices.guide_sound:
            self.session.restart_guide()  # chosen again: ready it, and wait for the next turn of the breath
        self._set_choices(replace(self._choices, guide_sound=sound))

    def set_guide_text(self, mode: GuideText) -> None:
        self.guide_text_actions[mode].setChecked(True)
        self._set_choices(replace(self._choices, guide_text=mode))
        self.pacer.set_text_mode(mode)

    # ================================================================== chooser
    def _fill_chooser(self) -> None:
        self.exercise_list.clear()
        for script in self._scripts:
            item = QListWidgetItem(script.title)
            item.setToolTip(script.summary)
            self.exercise_list.addItem(item)
        if not self._scripts:
            self.summary_label.setText(
                self.tr("No one-to-one exercises were found. You can open a script file instead.")
            )
        else:
            self.exercise_list.setCurrentRow(0)
        self.begin_button.setEnabled(bool(self._scripts))

    def _exercise_chosen(self, row: int) -> None:
        if 0 <= row < len(self._scripts):
            self.summary_label.setText(self._scripts[row].summary)
        self.begin_button.setEnabled(0 <= row < len(self._scripts))

    @property
    def scripts(self) -> list[Script]:
        return list(self._scripts)

    def select_exercise(self, script_id: str) -> None:
        for row, script in enumerate(self._scripts):
            if script.id == script_id:
                self.exercise_list.setCurrentRow(row)
                return
        raise KeyError(script_id)

    def selected_script(self) -> Script | None:
        row = self.exercise_list.currentRow()
        return self._scripts[row] if 0 <= row < len(self._scripts) else None

    def open_file_dialog(self) -> QFileDialog:
        """Ask for a script file without blocking (``open()``, never ``exec()``)."""
        dialog = QFileDialog(self, self.tr("Open an exercise script"), str(Path.home()))
        dialog.setNameFilter(self.tr("Exercise scripts (*.toml)"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self.load_script_file)
        dialog.open()
        return dialog

    def load_script_file(self, path: str | Path) -> bool:
        """Add a script file to the list and choose it; explain kindly when it cannot be used."""
        try:
            script = load_script(Path(path))
        except ScriptProblems as exc:
            self._file_problem(str(exc))
            return False
        if script.mode is not Mode.ONE_TO_ONE:
            self._file_problem(
                self.tr(
                    "“{0}” is written for a group. This window runs one-to-one exercises "
                    '(mode = "one-to-one").'
                ).format(script.title)
            )
            return False
        self.file_problem_label.hide()
        self._scripts = [s for s in self._scripts if s.id != script.id] + [script]
        self._fill_chooser()
        self.exercise_list.setCurrentRow(len(self._scripts) - 1)
        return True

    def _file_problem(self, text: str) -> None:
        self.file_problem_label.setText(text)
        self.file_problem_label.show()

    # ================================================================== the session
    @property
    def controller(self) -> SessionController | None:
        return self.session.controller

    @property
    def record(self) -> SessionRecord | None:
        return self.session.record

    def begin(self) -> None:
        """Begin the chosen exercise: settle first if asked, then start."""
        script = self.selected_script()
        if script is None or self.session.busy():
            return
        if self.session.record is not None:
            self.start_new_notes()  # the last exercise keeps its notes; this one starts afresh
        self.session.begin(script)
        self._update_notes_status()
        if self.session.settling_now:
            self.pages.setCurrentIndex(self.PAGE_SETTLING)

    def begin_now(self) -> None:
        """Skip the rest of the settling delay."""
        self.session.begin_now()

    def cancel_settling(self) -> None:
        """Back to the chooser before anything began. The record is only kept if notes were written."""
        if self.session.cancel_settling():
            self._update_notes_status()
            self.pages.setCurrentIndex(self.PAGE_CHOOSER)

    def _on_started(self) -> None:
        self.pages.setCurrentIndex(self.PAGE_SESSION)
        self._session_page.setFocus()
        self.sessionStarted.emit()

    def _toggle(self) -> None:
        self.session.toggle()

    def next_step(self) -> None:
        """Move on: the practitioner decides when the client is ready."""
        self.session.next_step()

    def end_session(self) -> None:
        self.session.end()

    # ----------------------------------------------------------------- the session's reports
    def _show_step(self, step: Step, timeline: Timeline) -> None:
        self.step_heading.setText(timeline.script.title)
        self.step_count_label.setText(self.tr("{0} of {1}").format(step.index + 1, len(timeline.steps)))
        rhythm = self.session.current_rhythm()
        if rhythm is not None:
            self._show_rhythm(rhythm)
            self.centre.setCurrentWidget(self.pacer)
        else:
            self.exercise_title.setText(step.title)
            self.exercise_subtitle.setText(step.caption if step.caption != step.title else "")
            self.centre.setCurrentIndex(1)
        self.rhythm_row.setVisible(rhythm is not None)
        self.caption_label.setText("")
        self.pacer.refresh()

    def _tick(self, snap: Snapshot) -> None:
        self.clock_label.setText(format_clock(snap.remaining_ms))
        waiting = snap.step.open_ended and snap.past_zero and snap.state in (State.RUNNING, State.PAUSED)
        self.open_hint.setVisible(waiting)
        if bool(self.next_button.property("primary")) != waiting:
            self.next_button.setProperty("primary", waiting)
            self.next_button.style().unpolish(self.next_button)
            self.next_button.style().polish(self.next_button)

    def _state_changed(self, state: str) -> None:
        self.pause_button.setText(self.tr("Resume") if state == State.PAUSED.value else self.tr("Pause"))

    def _finished(self, record: SessionRecord | None, spent_ms: int | None) -> None:
        self.open_hint.hide()
        if record is not None:
            self.sessionFinished.emit(record)
        if spent_ms is not None:
            self.ended_time_label.setText(self.tr("Time together: {0}").format(format_clock(spent_ms)))
        self._update_notes_status()
        if not self._closing:
            self.pages.setCurrentIndex(self.PAGE_ENDED)

    # ----------------------------------------------------------------- the breathing guide
    def _current_pace(self) -> Pace | None:
        return self.session.current_pace()

    def current_rhythm(self) -> Rhythm | None:
        return self.session.current_rhythm()

    def _show_rhythm(self, rhythm: Rhythm) -> None:
        for spin, ms in ((self.inhale_spin, rhythm.inhale_ms), (self.exhale_spin, rhythm.exhale_ms)):
            spin.blockSignals(True)
            spin.setValue(ms / 1000)
            spin.blockSignals(False)

    def set_rhythm(self, inhale_s: float, exhale_s: float) -> None:
        """As if the practitioner typed into the spin boxes."""
        self.inhale_spin.setValue(inhale_s)
        self.exhale_spin.setValue(exhale_s)

    def _rhythm_edited(self) -> None:
        self.session.set_rhythm(Rhythm.from_seconds(self.inhale_spin.value(), self.exhale_spin.value()))
        self.pacer.refresh()

    def active_ms(self) -> int:
        """Running time of the whole exercise so far (pauses and settling left out)."""
        return self.session.active_ms()

    # ================================================================== notes
    def _code_edited(self, code: str) -> None:
        self.name_hint.setVisible(_looks_like_a_name(code))
        self._notes_edited()

    def _notes_edited(self) -> None:
        self.session.set_notes(self.client_code_edit.text(), self.notes_edit.toPlainText())
        self._update_notes_status()

    def _update_notes_status(self) -> None:
        if self.record is None:
            self.notes_status.setText(self.tr("Notes will be kept with the next exercise you begin."))
        else:
            self.notes_status.setText(
                self.tr("Kept with this exercise: {0}").format(self.record.script_title)
            )

    def start_new_notes(self) -> None:
        """Clear the notes (the client code stays) so the next exercise gets its own."""
        self.session.start_new_notes()
        self.notes_edit.blockSignals(True)
        self.notes_edit.clear()
        self.notes_edit.blockSignals(False)
        self._update_notes_status()

    # ================================================================== closing
    def closeEvent(self, event: QCloseEvent) -> None:
        self._closing = True
        if self.session.settling_now:
            self.cancel_settling()
        self.session.close()
        self.pacer.set_running(False)
        if self._owns_speaker:
            self._speaker.shutdown()
        save_choices(self._settings, self._choices)
        super().closeEvent(event)


def _default_speaker(settings: QSettings | None) -> Speaker:
    """The app's speaker, with the facilitator's saved voice and rate (captions only if it cannot start)."""
    from mindful_listening import preferences
    from mindful_listening.speech.service import make_speaker

    prefs = preferences.load(settings) if settings is not None else preferences.Preferences()
    speaker: Speaker = make_speaker(prefs, QApplication.instance())
    return speaker


def open_one_to_one(
    sink: RecordSink | None = None,
    speaker: Speaker | None = None,
    *,
    clock: Clock | None = None,
    timer_factory: TimerFactory = make_timer,
    settings: QSettings | None = None,
    parent: QWidget | None = None,
) -> OneToOneWindow:
    """Open the compact window and return it (keep a reference). Without a speaker it makes (and owns) one.

    Without a sink, records live only in memory and the Notes tab says so plainly.
    """
    owns = speaker is None
    window = OneToOneWindow(
        speaker if speaker is not None else _default_speaker(settings),
        sink if sink is not None else MemorySink(),
        clock=clock,
        timer_factory=timer_factory,
        settings=settings,
        owns_speaker=owns,
        parent=parent,
    )
    if parent is not None:
        window.setWindowFlag(Qt.WindowType.Window, True)
    if sink is None:
        window.records_warning.show()
    window.show()
    return window
