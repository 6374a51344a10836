"""The compact one-to-one window's widgets: its toolbar and its five pages, built onto the window.

Like a Designer form's ``setupUi``: these functions make the widgets and connect them to the window's slots;
the window (:mod:`mindful_listening.ui.one_to_one`) renders the session into them and forwards intent.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mindful_listening.core.counting import count
from mindful_listening.core.pacer import MAX_PHASE_MS, MIN_PHASE_MS
from mindful_listening.preferences import INTERVAL_CHOICES_MIN, SETTLE_CHOICES_S, GuideSound, GuideText
from mindful_listening.ui.one_to_one_care import BeforeYouBegin, DebriefQuestions, PinnedReminders
from mindful_listening.ui.pacer_widget import PacerWidget

if TYPE_CHECKING:
    from mindful_listening.ui.one_to_one import OneToOneWindow

E = TypeVar("E", bound=StrEnum)
CLIENT_CODE_MAX = 16  # a code, never a name


def _choice_group(
    w: OneToOneWindow, menu: QMenu, choices: Sequence[tuple[E, str]], choose: Callable[[str], object]
) -> tuple[QActionGroup, dict[E, QAction]]:
    """One-of-several checkable menu entries; ``choose`` gets the chosen enum value."""
    group = QActionGroup(w)
    actions: dict[E, QAction] = {}
    for value, label in choices:
        action = QAction(label, w)
        action.setCheckable(True)
        action.setData(value.value)
        group.addAction(action)
        menu.addAction(action)
        actions[value] = action
    group.triggered.connect(lambda action: choose(str(action.data())))
    return group, actions


def build_actions(w: OneToOneWindow) -> None:
    bar = QToolBar(w.tr("Options"), w)
    bar.setObjectName("oneToOneBar")
    bar.setMovable(False)
    bar.setFloatable(False)
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    w.addToolBar(bar)
    quit_keys = QAction(w.tr("Close"), w)
    quit_keys.setShortcuts([QKeySequence("Ctrl+Q"), QKeySequence(Qt.Key.Key_Escape)])
    quit_keys.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    quit_keys.triggered.connect(w.step_away)
    w.addAction(quit_keys)

    w.on_top_action = QAction(w.tr("Keep on top"), w)
    w.on_top_action.setCheckable(True)
    w.on_top_action.setToolTip(w.tr("Keep this window above the others"))
    w.on_top_action.toggled.connect(w.choosing.set_on_top)
    bar.addAction(w.on_top_action)

    w.hide_digits_action = QAction(w.tr("Hide numbers"), w)
    w.hide_digits_action.setCheckable(True)
    w.hide_digits_action.setToolTip(w.tr("Show no clock or counts, only words"))
    w.hide_digits_action.toggled.connect(w.choosing.set_digits_hidden)
    bar.addAction(w.hide_digits_action)

    guide = QMenu(w.tr("Breathing guide"), w)
    guide.setObjectName("guideMenu")
    guide.addSection(w.tr("Sound at each turn of the breath"))
    w.guide_sound_group, w.guide_sound_actions = _choice_group(
        w,
        guide,
        [
            (GuideSound.SILENT, w.tr("Silent")),
            (GuideSound.WORDS, w.tr("Say “breathing in… breathing out…”")),
            (GuideSound.BELL, w.tr("A quiet bell as each in-breath begins")),
        ],
        lambda value: w.choosing.set_guide_sound(GuideSound(value)),
    )
    guide.addSection(w.tr("Words under the circle"))
    w.guide_text_group, w.guide_text_actions = _choice_group(
        w,
        guide,
        [
            (GuideText.WORDS, w.tr("“Breathing in”, “Breathing out”")),
            (GuideText.SECONDS, w.tr("A plain count: “In 1… 2… 3…”")),
            (GuideText.BREATHS, w.tr("Count the breaths")),
            (GuideText.NONE, w.tr("Nothing, only the circle")),
        ],
        lambda value: w.choosing.set_guide_text(GuideText(value)),
    )
    w.guide_button = QToolButton(w)
    w.guide_button.setText(w.tr("Breathing guide"))
    w.guide_button.setMenu(guide)
    w.guide_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    bar.addWidget(w.guide_button)
    for action in (w.on_top_action, w.hide_digits_action):
        button = bar.widgetForAction(action)
        if button is not None:
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # reached by Tab too (a click leaves focus be)


def _page(w: OneToOneWindow) -> QWidget:
    page = QWidget(w)
    page.setProperty("page", True)
    return page


def build_chooser(w: OneToOneWindow) -> QWidget:
    page = _page(w)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(12, 12, 12, 12)
    heading = QLabel(w.tr("Choose an exercise"), page)
    heading.setObjectName("chooserHeading")
    layout.addWidget(heading)
    w.exercise_list = QListWidget(page)
    w.exercise_list.setObjectName("exerciseList")
    w.exercise_list.currentRowChanged.connect(w._exercise_chosen)
    w.exercise_list.itemActivated.connect(lambda _item: w.prepare())
    # Long titles wrap rather than scroll sideways (the window sets a height that shows three).
    w.exercise_list.setWordWrap(True)
    w.exercise_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    w.exercise_list.setResizeMode(QListView.ResizeMode.Adjust)
    layout.addWidget(w.exercise_list, 3)
    w.summary_label = QLabel(page)
    w.summary_label.setObjectName("exerciseSummary")
    w.summary_label.setProperty("muted", True)
    w.summary_label.setWordWrap(True)
    layout.addWidget(w.summary_label)
    w.file_button = QPushButton(w.tr("Open a script file…"), page)
    w.file_button.clicked.connect(w.open_file_dialog)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(w.file_button)
    layout.addLayout(row)
    w.file_problem_label = QLabel(page)
    w.file_problem_label.setObjectName("fileProblem")
    w.file_problem_label.setWordWrap(True)
    w.file_problem_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    w.file_problem_label.hide()
    layout.addWidget(w.file_problem_label)

    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    w.settle_combo = QComboBox(page)
    for seconds in SETTLE_CHOICES_S:
        label = w.tr("Begin straight away") if seconds == 0 else w.tr("%n seconds", None, seconds)
        if seconds == 60:
            label = w.tr("One minute")
        w.settle_combo.addItem(label, seconds)
    w.settle_combo.currentIndexChanged.connect(w.choosing.edited)
    form.addRow(w.tr("Settle first"), w.settle_combo)
    w.spoken_check = QCheckBox(w.tr("Speak the prompts"), page)
    w.spoken_check.setAccessibleDescription(w.tr("Captions are always shown"))
    w.spoken_check.toggled.connect(w.choosing.edited)
    form.addRow(w.tr("Voice"), w.spoken_check)
    always = QLabel(w.tr("Captions are always shown."), page)
    always.setProperty("muted", True)
    always.setWordWrap(True)
    form.addRow("", always)
    w.bells_combo = QComboBox(page)
    w.bells_combo.addItem(w.tr("The exercise's bells"), True)
    w.bells_combo.addItem(w.tr("No bells (I'll ring my own)"), False)
    w.bells_combo.currentIndexChanged.connect(w.choosing.edited)
    form.addRow(w.tr("Bells"), w.bells_combo)
    w.interval_combo = QComboBox(page)
    for minutes in INTERVAL_CHOICES_MIN:
        label = count(minutes, w.tr("None"), w.tr("Every minute"), w.tr("Every {n} minutes"))
        w.interval_combo.addItem(label, minutes)
    w.interval_combo.currentIndexChanged.connect(w.choosing.edited)
    form.addRow(w.tr("Interval bell"), w.interval_combo)
    layout.addLayout(form)

    w.begin_button = QPushButton(w.tr("Begin"), page)
    w.begin_button.setObjectName("beginButton")
    w.begin_button.setProperty("primary", True)
    w.begin_button.clicked.connect(w.prepare)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(w.begin_button)
    layout.addLayout(row)
    return page


def build_settling(w: OneToOneWindow) -> QWidget:
    page = _page(w)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(20, 20, 20, 20)
    layout.addStretch(2)
    title = QLabel(w.tr("Settling in"), page)
    title.setObjectName("exerciseTitle")
    title.setAlignment(Qt.AlignmentFlag.AlignCenter)
    _scale_font(title, 1.5)
    layout.addWidget(title)
    invite = QLabel(w.tr("A few quiet moments to arrive. The exercise will begin gently on its own."), page)
    invite.setProperty("muted", True)
    invite.setWordWrap(True)
    invite.setAlignment(Qt.AlignmentFlag.AlignCenter)
    layout.addWidget(invite)
    w.settle_label = QLabel(page)
    w.settle_label.setObjectName("clock")
    w.settle_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    layout.addWidget(w.settle_label)
    layout.addStretch(3)
    row = QHBoxLayout()
    w.settle_back_button = QPushButton(w.tr("Back"), page)
    w.settle_back_button.clicked.connect(w.cancel_settling)
    w.begin_now_button = QPushButton(w.tr("Begin now"), page)
    w.begin_now_button.clicked.connect(w.begin_now)
    row.addWidget(w.settle_back_button)
    row.addStretch(1)
    row.addWidget(w.begin_now_button)
    layout.addLayout(row)
    return page


def build_session(w: OneToOneWindow) -> QWidget:
    page = _page(w)
    page.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # holds the keyboard so Space and → work
    w._session_page = page
    layout = QVBoxLayout(page)
    layout.setContentsMargins(12, 10, 12, 12)
    header = QHBoxLayout()
    w.step_heading = QLabel(page)
    w.step_heading.setObjectName("stepHeading")
    w.step_heading.setWordWrap(True)
    w.step_count_label = QLabel(page)
    w.step_count_label.setProperty("muted", True)
    header.addWidget(w.step_heading, 1)
    header.addWidget(w.step_count_label)
    layout.addLayout(header)

    w.centre = QStackedWidget(page)
    w.pacer = PacerWidget(w._timer_factory, w.centre)
    w.pacer.set_source(w._current_pace)
    w.centre.addWidget(w.pacer)
    words = QWidget(w.centre)
    words.setProperty("page", True)
    words_layout = QVBoxLayout(words)
    words_layout.addStretch(1)
    w.exercise_title = QLabel(words)
    w.exercise_title.setObjectName("exerciseTitle")
    w.exercise_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
    w.exercise_title.setWordWrap(True)
    _scale_font(w.exercise_title, 1.8)
    words_layout.addWidget(w.exercise_title)
    w.exercise_subtitle = QLabel(words)
    w.exercise_subtitle.setProperty("muted", True)
    w.exercise_subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
    w.exercise_subtitle.setWordWrap(True)
    words_layout.addWidget(w.exercise_subtitle)
    words_layout.addStretch(1)
    w.centre.addWidget(words)
    layout.addWidget(w.centre, 1)

    w.caption_label = QLabel(page)
    w.caption_label.setObjectName("caption")
    w.caption_label.setProperty("muted", True)
    w.caption_label.setWordWrap(True)
    w.caption_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    w.caption_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    _scale_font(w.caption_label, 0.92)
    layout.addWidget(w.caption_label)

    w.clock_label = QLabel(page)
    w.clock_label.setObjectName("clock")
    w.clock_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    _scale_font(w.clock_label, 1.3)
    layout.addWidget(w.clock_label)
    w.open_hint = QLabel(w.tr("Take all the time you need. Next, whenever you're ready."), page)
    w.open_hint.setProperty("muted", True)
    w.open_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
    w.open_hint.setWordWrap(True)
    w.open_hint.hide()
    layout.addWidget(w.open_hint)

    w.rhythm_row = QWidget(page)
    rhythm = QHBoxLayout(w.rhythm_row)
    rhythm.setContentsMargins(0, 0, 0, 0)
    w.inhale_spin = _rhythm_spin(w, w.rhythm_row)
    w.exhale_spin = _rhythm_spin(w, w.rhythm_row)
    rhythm.addStretch(1)
    rhythm.addWidget(QLabel(w.tr("In"), w.rhythm_row))
    rhythm.addWidget(w.inhale_spin)
    rhythm.addSpacing(12)
    rhythm.addWidget(QLabel(w.tr("Out"), w.rhythm_row))
    rhythm.addWidget(w.exhale_spin)
    rhythm.addStretch(1)
    layout.addWidget(w.rhythm_row)
    w.pinned_reminders = PinnedReminders(page)
    layout.addWidget(w.pinned_reminders)

    row = QHBoxLayout()
    w.pause_button = QPushButton(w.tr("Pause"), page)
    w.pause_button.clicked.connect(w._toggle)
    w.ground_button = QPushButton(w.tr("Ground"), page)
    w.ground_button.setObjectName("groundButton")
    w.ground_button.setAccessibleName(w.tr("Pause and ground"))
    w.ground_button.setToolTip(
        w.tr("Pause and ground (G): hold the exercise, offer an outward anchor, and wait")
    )
    w.ground_button.clicked.connect(w.ground)
    w.next_button = QPushButton(w.tr("Next"), page)
    w.next_button.setObjectName("nextButton")
    w.next_button.clicked.connect(w.next_step)
    w.end_button = QPushButton(w.tr("End"), page)
    w.end_button.clicked.connect(w.end_session)
    row.addWidget(w.pause_button)
    row.addWidget(w.ground_button)
    row.addStretch(1)
    row.addWidget(w.end_button)
    row.addWidget(w.next_button)
    layout.addLayout(row)

    # The main window's keys, here too: Space, G, the clicker's PageDown (which carries on a paused exercise),
    # Right or N, End.
    for keys, slot in (
        ((Qt.Key.Key_Space,), w._toggle),
        ((Qt.Key.Key_G,), w.ground),
        ((Qt.Key.Key_PageDown,), w.session.carry_on_or_next),
        ((Qt.Key.Key_Right, Qt.Key.Key_N), w.next_step),
        ((Qt.Key.Key_End,), w.end_session),
    ):
        for key in keys:
            shortcut = QShortcut(QKeySequence(key), page)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
    return page


def _rhythm_spin(w: OneToOneWindow, parent: QWidget) -> QDoubleSpinBox:
    spin = QDoubleSpinBox(parent)
    spin.setRange(MIN_PHASE_MS / 1000, MAX_PHASE_MS / 1000)
    spin.setDecimals(1)
    spin.setSingleStep(0.5)
    spin.setSuffix(w.tr(" s"))
    spin.setValue(5.0)
    spin.setKeyboardTracking(False)
    spin.valueChanged.connect(w._rhythm_edited)
    return spin


def build_before(w: OneToOneWindow) -> QWidget:
    w.before_page = BeforeYouBegin(w)
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        shortcut = QShortcut(QKeySequence(key), w.before_page)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(w.begin)
    return w.before_page


def build_ended(w: OneToOneWindow) -> QWidget:
    page = _page(w)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(20, 20, 20, 20)
    layout.addStretch(2)
    title = QLabel(w.tr("The exercise has ended"), page)
    title.setObjectName("exerciseTitle")
    title.setAlignment(Qt.AlignmentFlag.AlignCenter)
    _scale_font(title, 1.4)
    layout.addWidget(title)
    text = QLabel(w.tr("There's no hurry. Take whatever time you both need before moving on."), page)
    text.setProperty("muted", True)
    text.setWordWrap(True)
    text.setAlignment(Qt.AlignmentFlag.AlignCenter)
    layout.addWidget(text)
    w.ended_time_label = QLabel(page)
    w.ended_time_label.setProperty("muted", True)
    w.ended_time_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    layout.addWidget(w.ended_time_label)
    layout.addStretch(3)
    row = QHBoxLayout()
    notes = QPushButton(w.tr("Write notes"), page)
    notes.clicked.connect(lambda: w.tabs.setCurrentIndex(1))
    again = QPushButton(w.tr("Another exercise"), page)
    again.setProperty("primary", True)
    again.clicked.connect(lambda: w.pages.setCurrentIndex(w.PAGE_CHOOSER))
    row.addWidget(notes)
    row.addStretch(1)
    row.addWidget(again)
    layout.addLayout(row)
    return page


def build_notes(w: OneToOneWindow) -> QWidget:
    page = _page(w)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(12, 12, 12, 12)
    form = QFormLayout()
    w.client_code_edit = QLineEdit(page)
    w.client_code_edit.setObjectName("clientCode")
    w.client_code_edit.setMaxLength(CLIENT_CODE_MAX)
    w.client_code_edit.setPlaceholderText(w.tr("e.g. C-12 or JK"))
    w.client_code_edit.textChanged.connect(w._code_edited)
    form.addRow(w.tr("Client code"), w.client_code_edit)
    layout.addLayout(form)
    privacy = QLabel(
        w.tr("A code or initials only, never a name. Notes stay on this computer, with the session."),
        page,
    )
    privacy.setObjectName("privacyNote")
    privacy.setWordWrap(True)
    layout.addWidget(privacy)
    w.name_hint = QLabel(
        w.tr("That looks as if it could be a name. A code or initials keeps the client's privacy."),
        page,
    )
    w.name_hint.setObjectName("nameHint")
    w.name_hint.setWordWrap(True)
    w.name_hint.hide()
    layout.addWidget(w.name_hint)
    w.debrief_questions = DebriefQuestions(page)
    layout.addWidget(w.debrief_questions)
    notes_heading = QLabel(w.tr("Brief notes"), page)
    layout.addWidget(notes_heading)
    w.notes_edit = QPlainTextEdit(page)
    w.notes_edit.setObjectName("notes")
    w.notes_edit.setPlaceholderText(w.tr("Anything worth remembering, in a few words."))
    w.notes_edit.setTabChangesFocus(True)  # Tab moves on, as in every notes field: never a trap
    w.notes_edit.textChanged.connect(w._notes_edited)
    layout.addWidget(w.notes_edit, 1)
    w.notes_status = QLabel(page)
    w.notes_status.setObjectName("notesStatus")
    w.notes_status.setWordWrap(True)
    layout.addWidget(w.notes_status)
    w.records_warning = QLabel(
        w.tr(
            "Records cannot be kept on this computer at the moment: "
            "notes will be gone when this window closes."
        ),
        page,
    )
    w.records_warning.setObjectName("recordsWarning")
    w.records_warning.setWordWrap(True)
    w.records_warning.hide()
    layout.addWidget(w.records_warning)
    w._update_notes_status()
    return page


def _scale_font(label: QLabel, factor: float) -> None:
    font = label.font()
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
        label.setFont(font)
