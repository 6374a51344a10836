"""The script editor: one window over one script *document* (the TOML-shaped dictionary its file holds).

Every change is a :class:`_Change` on the window's ``QUndoStack`` (the whole document before and after, so
undo and redo restore everything, typing merged per field). After each change a short debounce reads the
document back through ``core/loading`` exactly as ``mindful-listening validate`` reads the file, and each
problem is shown at the field its path names (``steps[1].duration`` beside the duration while step 2 is
selected; a step with problems is marked in the list). A document that reads back as a script updates the
timeline preview (the library's Rehearse tree, ``ui/plan_view.fill_plan``) and its total.

Saving writes the file through ``core/script_files``; a document with problems is saved as a draft, which the
library cannot use until it is fixed. The window decides nothing about where files go: ``saveRequested``
carries the document, and the library shelf (``ui/script_shelf.py``) writes it and says what happened.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any, get_args

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QColor,
    QKeyEvent,
    QKeySequence,
    QResizeEvent,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from mindful_listening.core import script_files
from mindful_listening.core.clock import Clock
from mindful_listening.core.durations import describe_ms
from mindful_listening.core.loading import Problem, ScriptProblems
from mindful_listening.core.script import Bell, Layer, Mode, PromptRole, Script, StepKind
from mindful_listening.core.script_files import Document
from mindful_listening.core.timeline import compile_script
from mindful_listening.timers import TimerFactory, make_timer, soon
from mindful_listening.ui import plan_view
from mindful_listening.ui.flow_row import wrapping_row_host
from mindful_listening.ui.looks import Looks
from mindful_listening.ui.rehearsal import SPEED, Rehearsal
from mindful_listening.ui.theme import DARK, Palette
from mindful_listening.ui.widgets import fit_to_screen, heading, scrolled

DEBOUNCE_MS = 300  # long enough not to check between two keys, short enough to feel immediate
# The choices each list offers are the script format's own (core/script.py), so no other value can be chosen.
BELLS: tuple[str, ...] = ("none", *(b for b in get_args(Bell) if b != "none"))
WARNINGS = ("spoken", "bell", "caption")
ROLES: tuple[str, ...] = ("everyone", *(r for r in get_args(PromptRole) if r != "everyone"))
LAYERS: tuple[str, ...] = tuple(layer.value for layer in Layer)
PARTNERS = ("A", "B", "C")  # the labels the format suggests for roles; any other label may be typed
_TEXT_FIELDS = ("title", "id", "summary")
_LONG_FIELDS = ("purpose", "facilitator_notes")
_STEP_TEXT = ("title", "duration", "landing", "caption")
_ROLE_KEYS = ("speaker", "listener", "observer")


class _OneUndo(QObject):
    """Ctrl+Z and Ctrl+Shift+Z in a field go to the editor's undo stack, never the field's own undo (which
    would change the text without the document knowing)."""

    KEYS = (QKeySequence("Ctrl+Z"), QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            pressed = QKeySequence(event.keyCombination())
            if any(pressed.matches(k) == QKeySequence.SequenceMatch.ExactMatch for k in self.KEYS):
                return True  # left unaccepted: the window's action takes the key
        return super().eventFilter(watched, event)


class _ChoiceEditor(QComboBox):
    """The drop-down a choice cell opens: the choice is taken as its list closes (a click, or Enter)."""

    chosen = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._open = False
        # Chosen in the open list: the list closes first, then the choice arrives (``activated``). Up and
        # Down on the closed box change it too; Enter (or leaving the cell) takes those.
        self.activated.connect(self._activated)

    def showPopup(self) -> None:
        self._open = True
        super().showPopup()

    def hidePopup(self) -> None:
        super().hidePopup()
        soon(self, self._closed)  # after the choice the list closed with, if any

    def _closed(self) -> None:
        self._open = False

    def _activated(self, _index: int) -> None:
        if self._open:
            self._open = False
            self.chosen.emit()


class _ChoiceDelegate(QStyledItemDelegate):
    """A table column whose cells are chosen from the format's values, never typed: F2 (or a double click)
    opens a drop-down in the cell; Up and Down choose, Enter takes it, Esc leaves the cell as it was. The
    choice reaches the table as a typed text would (``itemChanged``), so it is one undoable change."""

    def __init__(self, choices: Sequence[str], name: str, words: str, parent: QObject) -> None:
        super().__init__(parent)
        self.choices = tuple(choices)
        self._name = name
        self._words = words

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        del option, index
        combo = _ChoiceEditor(parent)
        combo.setObjectName(self._name)
        combo.setAccessibleName(self._words)
        for value in self.choices:
            combo.addItem(value, value)
        combo.chosen.connect(lambda c=combo: self._take(c))
        return combo

    def _take(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(str(index.data()))))

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        if isinstance(editor, QComboBox) and str(index.data()) != editor.currentData():
            model.setData(index, editor.currentData())


class _Change(QUndoCommand):
    """The whole document before and after one edit; typing in one field merges into one change."""

    def __init__(
        self, editor: ScriptEditor, before: Document, after: Document, what: str, merge: int
    ) -> None:
        super().__init__(what)
        self._editor = editor
        self.before = before
        self.after = after
        self._merge = merge

    def id(self) -> int:
        return self._merge

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, _Change) or other.id() != self.id() or self._merge < 0:
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        self._editor.show_document(self.after)

    def undo(self) -> None:
        self._editor.show_document(self.before)


def _plain(widget: QLineEdit | QPlainTextEdit) -> str:
    return widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()


def _set_plain(widget: QLineEdit | QPlainTextEdit, text: str) -> None:
    if _plain(widget) == text:
        return
    widget.blockSignals(True)
    if isinstance(widget, QLineEdit):
        widget.setText(text)
        if not widget.hasFocus():
            widget.setCursorPosition(0)  # a long text shows its beginning, not its end
    else:
        widget.setPlainText(text)
    widget.blockSignals(False)


def _set_combo(combo: QComboBox, value: str) -> None:
    combo.blockSignals(True)
    index = combo.findData(value)
    combo.setCurrentIndex(index if index >= 0 else -1)
    combo.blockSignals(False)


class _Lines(QPlainTextEdit):
    """A text field as tall as a few lines of its own text, at every text size (a fixed height in pixels
    showed one line and a half at 2.5× and cut the rest off)."""

    def __init__(self, lines: int) -> None:
        super().__init__()
        self._lines = lines
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def _height(self) -> int:
        margins = self.contentsMargins()
        inner = self.fontMetrics().lineSpacing() * self._lines + 2 * round(self.document().documentMargin())
        return inner + margins.top() + margins.bottom() + 2

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._height())

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self._height())


class _FormColumn(QWidget):
    """The editor's form column: where its labels would take more than two fifths of its width (large text, a
    narrow window), each field goes under its label instead of beside it."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[QFormLayout] = []

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.arrange()

    def arrange(self) -> None:
        for form in self.forms:
            labels = [form.itemAt(row, QFormLayout.ItemRole.LabelRole) for row in range(form.rowCount())]
            widest = max((item.sizeHint().width() for item in labels if item is not None), default=0)
            wanted = (
                QFormLayout.RowWrapPolicy.WrapAllRows
                if widest * 2.5 > self.width()
                else QFormLayout.RowWrapPolicy.WrapLongRows
            )
            if form.rowWrapPolicy() != wanted:
                form.setRowWrapPolicy(wanted)


def _form(box: QWidget) -> QFormLayout:
    """A form whose fields go under their labels when the two do not fit side by side (a narrow window, a
    large text size), so the form never grows wider than its window."""
    form = QFormLayout(box)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form


def _combo(name: str, values: list[str] | tuple[str, ...]) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    for value in values:
        combo.addItem(value, value)
    return combo


def _round_value(text: str) -> object:
    """What the facilitator typed as a round: a whole number when it is one, else the text (reported)."""
    text = text.strip()
    return int(text) if text.isdigit() else text


class ScriptEditor(QWidget):
    """A non-modal window editing one script document; Esc closes (asking first if there are changes)."""

    saveRequested = Signal()
    closed = Signal()

    def __init__(
        self,
        document: Document,
        name: str,
        timer_factory: TimerFactory = make_timer,
        parent: QWidget | None = None,
        file_name: str = "",
        *,
        clock: Clock | None = None,
        looks: Looks | None = None,
        hear: Callable[[str, str], str] | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("scriptEditor")
        self.setWindowTitle(self.tr("Edit script: %1").replace("%1", name))
        self.name = name
        self.file_name = file_name  # the file's name in the problems (the id's, until it has a file)
        self.document: Document = script_files.copy_document(document)
        self.problems: list[Problem] = []
        self.script: Script | None = None
        self.undo_stack = QUndoStack(self)
        self._merge_ids: dict[str, int] = {}
        self._messages: dict[str, QLabel] = {}
        self._closing_asked = False
        self._ask: QMessageBox | None = None
        self._timer = timer_factory(self)
        self._timer.timeout.connect(self.validate_now)
        self._timers = timer_factory
        self._clock = clock
        self._looks = looks  # the facilitator's theme and text size: a rehearsal's room view follows them
        # Speaks a cue's words with its bell, or says why it will not now ("" when it speaks).
        self._hear = hear
        self.rehearsal: Rehearsal | None = None
        self._problem = QColor(problem_colour(DARK))

        self._build()
        self._size_to_text()
        self._keys()
        self._one_undo = _OneUndo(self)
        for field in self.findChildren(QLineEdit) + self.findChildren(QPlainTextEdit):
            field.installEventFilter(self._one_undo)
            if isinstance(field, QPlainTextEdit):
                field.setUndoRedoEnabled(False)
        self.show_document(self.document)
        self.validate_now()
        self.undo_stack.cleanChanged.connect(self._mark_title)
        if looks is not None:
            looks.changed.connect(self._on_looks)
        self._on_looks(*((looks.palette_now, looks.prefs.font_scale) if looks is not None else (DARK, 1.0)))

    def _on_looks(self, palette: Palette, _font_scale: float) -> None:
        """The tables' focus ring, which the window's style sheet draws for lists and fields but not for a
        table (without it, Tab into the cues or the prompts seemed to lose the keyboard), and the problems'
        red, each in the theme's own colours."""
        red = problem_colour(palette)
        self._problem = QColor(red)
        self.setStyleSheet(
            f"QTableWidget:focus {{ border: {palette.outline_px}px solid {palette.accent}; }}\n"
            f'QLabel[role="warning"] {{ color: {red}; }}'
        )
        self._show_problems()

    # ================================================================ building
    def _message(self, key: str) -> QLabel:
        label = QLabel()
        label.setObjectName(f"problem_{key}")
        label.setWordWrap(True)
        label.setProperty("role", "warning")
        label.hide()
        self._messages[key] = label
        return label

    def _row(self, form: QFormLayout, words: str, widget: QWidget, key: str) -> None:
        box = QVBoxLayout()
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(widget)
        box.addWidget(self._message(key))
        host = QWidget()
        host.setLayout(box)
        label = QLabel(words)
        label.setBuddy(widget)
        form.addRow(label, host)
        widget.setAccessibleName(words.replace("&", ""))

    def _build(self) -> None:
        # The script's settings.
        about = QGroupBox(self.tr("The script"))
        form = _form(about)
        self.fields: dict[str, QLineEdit | QPlainTextEdit] = {}
        for key, words in (("title", self.tr("&Title")), ("id", self.tr("Short &name (id)"))):
            line = QLineEdit()
            line.setObjectName(f"field_{key}")
            self.fields[key] = line
            self._row(form, words, line, key)
        self.mode = _combo("field_mode", [m.value for m in Mode])
        self._row(form, self.tr("&Mode"), self.mode, "mode")
        summary = QLineEdit()
        summary.setObjectName("field_summary")
        self.fields["summary"] = summary
        self._row(form, self.tr("S&ummary"), summary, "summary")
        for key, words in (("purpose", self.tr("&Purpose")), ("facilitator_notes", self.tr("Your &notes"))):
            text = _Lines(3)
            text.setObjectName(f"field_{key}")
            text.setTabChangesFocus(True)
            self.fields[key] = text
            self._row(form, words, text, key)
        self.reminders = _Lines(3)
        self.reminders.setObjectName("field_ethical_reminders")
        self.reminders.setTabChangesFocus(True)
        self.reminders.setPlaceholderText(self.tr("One reminder a line"))
        self._row(form, self.tr("&Reminders"), self.reminders, "ethical_reminders")
        self.warnings = _combo("field_warnings", WARNINGS)
        self._row(form, self.tr("&Warnings given"), self.warnings, "warnings")
        for key, widget in self.fields.items():
            if isinstance(widget, QLineEdit):
                widget.textEdited.connect(lambda _t, k=key: self._top_text(k))
            else:
                widget.textChanged.connect(lambda k=key: self._top_text(k))
        self.reminders.textChanged.connect(self._reminders_edited)
        self.mode.activated.connect(lambda _i: self._top_choice("mode", self.mode))
        self.warnings.activated.connect(lambda _i: self._top_choice("warnings", self.warnings))

        # The steps: a list, its buttons, and the selected step's form.
        steps_box = QGroupBox(self.tr("Steps"))
        steps_layout = QVBoxLayout(steps_box)
        self.step_list = QListWidget()
        self.step_list.setObjectName("stepList")
        self.step_list.setAccessibleName(self.tr("Steps (Alt+Up and Alt+Down move the selected step)"))
        self.step_list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.step_list.setWordWrap(True)  # a long title wraps: the list never scrolls sideways
        self.step_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.step_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        # Seven steps in sight, whatever the screen: at 1366×768 the list was squeezed to two and a half rows
        # (the form scrolls instead), too few to see a script's shape or drag a step past its neighbour.
        # (Sized in lines of its text, again when the text size changes: ``_size_to_text``.)
        self.step_list.model().rowsMoved.connect(self._dragged)
        self.step_list.currentRowChanged.connect(lambda _r: self._show_step())
        steps_layout.addWidget(self.step_list)
        steps_layout.addWidget(self._message("steps"))
        self.step_buttons: dict[str, QPushButton] = {}
        for key, words, slot in (
            ("add", self.tr("&Add a step"), self.add_step),
            ("duplicate", self.tr("D&uplicate"), self.duplicate_step),
            ("remove", self.tr("Remo&ve"), self.remove_step),
            ("up", self.tr("Move up"), lambda: self.move_step(-1)),
            ("down", self.tr("Move down"), lambda: self.move_step(1)),
        ):
            button = QPushButton(words)
            button.setObjectName(f"step_{key}")
            button.clicked.connect(lambda _c=False, s=slot: s())
            self.step_buttons[key] = button
        # The buttons wrap onto a second line rather than widen the form past a laptop's screen.
        steps_layout.addWidget(wrapping_row_host(list(self.step_buttons.values())))

        step_form_box = QGroupBox(self.tr("The selected step"))
        step_form = _form(step_form_box)
        self.step_kind = _combo("step_kind", [k.value for k in StepKind])
        self._row(step_form, self.tr("&Kind"), self.step_kind, "step.kind")
        self.step_kind.activated.connect(lambda _i: self._step_choice("kind", self.step_kind))
        self.step_fields: dict[str, QLineEdit] = {}
        for key, words in (
            ("title", self.tr("Step t&itle")),
            ("duration", self.tr("&Duration")),
            ("landing", self.tr("Soft &landing")),
            ("caption", self.tr("&Caption for the room")),
        ):
            line = QLineEdit()
            line.setObjectName(f"step_{key}_field")
            if key in ("duration", "landing"):
                line.setPlaceholderText(self.tr('e.g. "4m" or "1m 30s"'))
            line.textEdited.connect(lambda _t, k=key: self._step_text(k))
            self.step_fields[key] = line
            self._row(step_form, words, line, f"step.{key}")
        # Each role a drop-down of the partner labels (A, B, C and any the script already uses), in which
        # another label may still be typed: the format takes any short label.
        self.role_boxes: dict[str, QComboBox] = {}
        self.role_fields: dict[str, QLineEdit] = {}
        for key in _ROLE_KEYS:
            box = QComboBox()
            box.setObjectName(f"role_{key}_box")
            box.setEditable(True)
            box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            # The three share the row's width and shrink with it (to a short label each) at large text sizes.
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(4)
            box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            box.setAccessibleName(self.tr("Role: %1").replace("%1", key))
            typed = QLineEdit()
            box.setLineEdit(typed)
            typed.setObjectName(f"role_{key}")
            typed.setPlaceholderText(key)
            typed.setAccessibleName(self.tr("Role: %1").replace("%1", key))
            typed.textEdited.connect(lambda _t: self._roles_edited())
            box.activated.connect(lambda _i: self._roles_edited())
            self.role_boxes[key] = box
            self.role_fields[key] = typed
        roles_host = QWidget()
        roles_row = QHBoxLayout(roles_host)
        roles_row.setContentsMargins(0, 0, 0, 0)
        for box in self.role_boxes.values():
            roles_row.addWidget(box)
        self._row(step_form, self.tr("Roles"), roles_host, "step.roles")
        self.step_round = QLineEdit()
        self.step_round.setObjectName("step_round_field")
        self.step_round.textEdited.connect(lambda _t: self._round_edited())
        self._row(step_form, self.tr("R&ound"), self.step_round, "step.round")
        self.step_bell = _combo("step_bell", BELLS)
        self.step_bell.activated.connect(lambda _i: self._step_choice("bell", self.step_bell))
        self._row(step_form, self.tr("&Bell as it begins"), self.step_bell, "step.bell")
        self.step_open = QCheckBox(self.tr("Waits for you at zero"))
        self.step_open.setObjectName("step_open_ended")
        self.step_open.toggled.connect(self._open_toggled)
        self._row(step_form, self.tr("Open-ended"), self.step_open, "step.open_ended")

        self.cues = QTableWidget(0, 3)
        self.cues.setObjectName("cueTable")
        self.cues.setAccessibleName(self.tr("Cues of the selected step: at, words, bell"))
        self.cues.setHorizontalHeaderLabels([self.tr("At"), self.tr("Words"), self.tr("Bell")])
        # The time and the bell as wide as their words at every text size ("st…" at 2.5× was unreadable);
        # the cue's words take the rest.
        self.cues.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.cues.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.cues.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.cues.setTabKeyNavigation(False)
        self.cues.setItemDelegateForColumn(
            2, _ChoiceDelegate(BELLS, "cueBellChoice", self.tr("The cue's bell"), self)
        )
        self.cues.itemChanged.connect(self._cue_edited)
        self.add_cue_button = QPushButton(self.tr("Add a c&ue"))
        self.add_cue_button.setObjectName("addCue")
        self.add_cue_button.clicked.connect(self.add_cue)
        self.remove_cue_button = QPushButton(self.tr("Remove the cue"))
        self.remove_cue_button.setObjectName("removeCue")
        self.remove_cue_button.clicked.connect(self.remove_cue)
        self.hear_button = QPushButton(self.tr("&Hear this cue"))
        self.hear_button.setObjectName("hearCue")
        self.hear_button.clicked.connect(self.hear_cue)
        cue_buttons = wrapping_row_host([self.add_cue_button, self.remove_cue_button, self.hear_button])
        cue_host = QWidget()
        cue_box = QVBoxLayout(cue_host)
        cue_box.setContentsMargins(0, 0, 0, 0)
        cue_box.addWidget(self.cues)
        cue_box.addWidget(cue_buttons)
        self.hear_message = QLabel()  # why "Hear this cue" waits: a practice running, the voice speaking
        self.hear_message.setObjectName("hearMessage")
        self.hear_message.setWordWrap(True)
        self.hear_message.hide()
        cue_box.addWidget(self.hear_message)
        self._row(step_form, self.tr("Cues"), cue_host, "step.cues")

        # The debrief's prompts.
        debrief_box = QGroupBox(self.tr("Debrief prompts"))
        debrief_layout = QVBoxLayout(debrief_box)
        self.prompts = QTableWidget(0, 3)
        self.prompts.setObjectName("promptTable")
        self.prompts.setAccessibleName(self.tr("Debrief prompts: layer, role, question"))
        self.prompts.setHorizontalHeaderLabels([self.tr("Layer"), self.tr("Role"), self.tr("Question")])
        header = self.prompts.horizontalHeader()
        for column in (0, 1):  # the layer and the role as wide as their words; the question the rest
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.prompts.setTabKeyNavigation(False)
        self.prompts.setItemDelegateForColumn(
            0, _ChoiceDelegate(LAYERS, "promptLayerChoice", self.tr("The prompt's layer"), self)
        )
        self.prompts.setItemDelegateForColumn(
            1, _ChoiceDelegate(ROLES, "promptRoleChoice", self.tr("Who the prompt is for"), self)
        )
        self.prompts.itemChanged.connect(self._prompt_edited)
        debrief_layout.addWidget(self.prompts)
        debrief_layout.addWidget(self._message("debrief"))
        add_prompt = QPushButton(self.tr("Add a &prompt"))
        add_prompt.setObjectName("addPrompt")
        add_prompt.clicked.connect(self.add_prompt)
        remove_prompt = QPushButton(self.tr("Remove the prompt"))
        remove_prompt.setObjectName("removePrompt")
        remove_prompt.clicked.connect(self.remove_prompt)
        debrief_layout.addWidget(wrapping_row_host([add_prompt, remove_prompt]))

        form_host = _FormColumn()
        form_host.forms = [form, step_form]
        form_column = QVBoxLayout(form_host)
        form_column.addWidget(about)
        form_column.addWidget(steps_box)
        form_column.addWidget(step_form_box)
        form_column.addWidget(debrief_box)

        # Beside the form: the preview, the problems in full, and the save button.
        self.total = heading("", "subheading")
        self.total.setObjectName("editorTotal")
        self.preview = QTreeWidget()
        self.preview.setObjectName("editorPreview")
        self.preview.setAccessibleName(self.tr("Preview: the planned timeline with every cue"))
        self.preview.setColumnCount(3)
        self.preview.setHeaderLabels([self.tr("At"), self.tr("What happens"), self.tr("Length")])
        self.preview.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)  # never "0:…"
        self.preview.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.status = QLabel()
        self.status.setObjectName("editorStatus")
        self.status.setWordWrap(True)
        self.problem_list = QLabel()
        self.problem_list.setObjectName("editorProblems")
        self.problem_list.setWordWrap(True)
        self.problem_list.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_button = QPushButton(self.tr("&Save"))
        self.save_button.setObjectName("editorSave")
        self.save_button.clicked.connect(self.saveRequested.emit)
        self.rehearse_button = QPushButton(self.tr("Rehearse at &%1×").replace("%1", str(SPEED)))
        self.rehearse_button.setObjectName("editorRehearse")
        self.rehearse_button.setAccessibleName(
            self.tr("Rehearse at %1 times speed").replace("%1", str(SPEED))
        )
        self.rehearse_button.setToolTip(
            self.tr(
                "Run this script in a room view of its own at %1× speed, in silence, with no record (Ctrl+R)"
            ).replace("%1", str(SPEED))
        )
        self.rehearse_button.clicked.connect(self.rehearse)
        self.rehearse_message = QLabel()
        self.rehearse_message.setObjectName("rehearseMessage")
        self.rehearse_message.setWordWrap(True)
        self.rehearse_message.setProperty("role", "warning")
        self.rehearse_message.hide()
        side = QWidget()
        side_box = QVBoxLayout(side)
        side_box.addWidget(heading(self.tr("Preview"), "subheading"))
        side_box.addWidget(self.total)
        side_box.addWidget(self.preview, 1)
        side_box.addWidget(self.problem_list)
        side_box.addWidget(self.status)
        side_box.addWidget(self.rehearse_message)
        save_row = QHBoxLayout()
        save_row.addWidget(self.rehearse_button)
        save_row.addWidget(self.save_button)
        side_box.addLayout(save_row)

        split = QSplitter()
        self.form_area = scrolled(form_host, "editorForm")
        split.addWidget(self.form_area)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([700, 500])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        # No bigger than its screen; wider with larger text, where the preview beside the form needs it.
        scale = self._looks.prefs.font_scale if self._looks is not None else 1.0
        fit_to_screen(self, QSize(round(1200 * min(max(scale, 1.0), 1.6)), 760))

    def _size_to_text(self) -> None:
        """The list and tables in rows of their own text, at every text size: seven steps in sight; a step's
        cues and the prompts, four rows each (more scroll, leaving room for the messages beneath)."""
        row = self.step_list.fontMetrics().height() + 10
        self.step_list.setMinimumHeight(7 * row)
        for table in (self.cues, self.prompts):
            line = table.fontMetrics().height() + 12
            table.setMinimumHeight(3 * line)
            table.setMaximumHeight(5 * line)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._size_to_text()

    def _keys(self) -> None:
        def add(name: str, keys: list[QKeySequence | str], slot: Callable[[], object]) -> QAction:
            action = QAction(self)
            action.setObjectName(f"editor_{name}")
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _c=False: slot())
            self.addAction(action)
            return action

        self.undo_action = add("undo", ["Ctrl+Z"], self.undo_stack.undo)
        self.redo_action = add("redo", ["Ctrl+Shift+Z", "Ctrl+Y"], self.undo_stack.redo)
        add("save", ["Ctrl+S"], self.saveRequested.emit)
        add("rehearse", ["Ctrl+R"], self.rehearse)
        add("close", ["Escape"], self.close)
        add("step_up", ["Alt+Up"], lambda: self.move_step(-1))
        add("step_down", ["Alt+Down"], lambda: self.move_step(1))

    # ================================================================ showing
    def show_document(self, doc: Document) -> None:
        """Draw the document (after an edit, an undo or a redo); the selected step stays selected."""
        self.document = script_files.copy_document(doc)
        for key, widget in self.fields.items():
            _set_plain(widget, str(doc.get(key, "")))
        reminders = doc.get("ethical_reminders", [])
        _set_plain(
            self.reminders, "\n".join(str(r) for r in reminders) if isinstance(reminders, list) else ""
        )
        _set_combo(self.mode, str(doc.get("mode", "")))
        _set_combo(self.warnings, str(doc.get("warnings", "spoken")))
        steps = self._steps()
        row = self.step_list.currentRow()
        self.step_list.blockSignals(True)
        self.step_list.model().blockSignals(True)
        self.step_list.clear()
        for index, step in enumerate(steps):
            self.step_list.addItem(f"{index + 1}. {step.get('title', '')}  ({step.get('duration', '')})")
        self.step_list.setCurrentRow(min(max(row, 0), len(steps) - 1) if steps else -1)
        self.step_list.model().blockSignals(False)
        self.step_list.blockSignals(False)
        self._show_step()
        self._show_prompts()
        self._timer.start(DEBOUNCE_MS)

    def _steps(self) -> list[dict[str, Any]]:
        steps = self.document.get("steps")
        return steps if isinstance(steps, list) else []

    def current_step(self) -> int:
        return self.step_list.currentRow()

    def _show_step(self) -> None:
        steps = self._steps()
        index = self.current_step()
        step = steps[index] if 0 <= index < len(steps) else {}
        _set_combo(self.step_kind, str(step.get("kind", "")))
        for key, line in self.step_fields.items():
            _set_plain(line, str(step.get(key, "")))
        found_roles = step.get("roles")
        roles: dict[str, Any] = found_roles if isinstance(found_roles, dict) else {}
        self._fill_role_choices()
        for key, box in self.role_boxes.items():
            value = str(roles.get(key, ""))
            index = box.findText(value, Qt.MatchFlag.MatchExactly)
            if index >= 0 and index != box.currentIndex():  # Down picks the next label from this one
                was = box.blockSignals(True)
                box.setCurrentIndex(index)  # (never -1: that would empty the text being typed)
                box.blockSignals(was)
            _set_plain(self.role_fields[key], value)
        _set_plain(self.step_round, "" if step.get("round") is None else str(step.get("round")))
        _set_combo(self.step_bell, str(step.get("bell", "none")))
        self.step_open.blockSignals(True)
        self.step_open.setChecked(bool(step.get("open_ended", False)))
        self.step_open.blockSignals(False)
        self.cues.blockSignals(True)
        cues = step.get("cues", [])
        self.cues.setRowCount(len(cues))
        for row, cue in enumerate(cues):
            for column, key, default in ((0, "at", "start"), (1, "text", ""), (2, "bell", "none")):
                self.cues.setItem(row, column, QTableWidgetItem(str(cue.get(key, default))))
        self.cues.blockSignals(False)
        self._show_problems()

    def _fill_role_choices(self) -> None:
        """Offer A, B, C and every label the script's roles already use (its own, "Pat" or "1")."""
        used: list[str] = list(PARTNERS)
        for step in self._steps():
            roles = step.get("roles")
            if isinstance(roles, dict):
                used.extend(str(v) for v in roles.values() if str(v) and str(v) not in used)
        for box in self.role_boxes.values():
            if [box.itemText(i) for i in range(box.count())] == used or box.hasFocus():
                continue  # the box being typed in keeps its list (and its cursor) until it is left
            was = box.blockSignals(True)
            box.clear()
            box.addItems(used)
            box.blockSignals(was)

    def _show_prompts(self) -> None:
        debrief = self.document.get("debrief", {})
        prompts = debrief.get("prompts", []) if isinstance(debrief, dict) else []
        self.prompts.blockSignals(True)
        self.prompts.setRowCount(len(prompts))
        for row, prompt in enumerate(prompts):
            for column, key, default in ((0, "layer", "noticing"), (1, "role", "everyone"), (2, "text", "")):
                self.prompts.setItem(row, column, QTableWidgetItem(str(prompt.get(key, default))))
        self.prompts.blockSignals(False)

    def _mark_title(self, clean: bool) -> None:
        mark = "" if clean else " *"
        self.setWindowTitle(self.tr("Edit script: %1").replace("%1", self.name) + mark)

    # ================================================================ editing
    def edit(self, what: str, change: Callable[[Document], None], merge_key: str = "") -> None:
        """Apply ``change`` to a copy of the document as one undoable step (typing in one field merges)."""
        after = script_files.copy_document(self.document)
        change(after)
        if after == self.document:
            return
        merge = -1
        if merge_key:
            merge = self._merge_ids.setdefault(merge_key, len(self._merge_ids) + 1)
        self.undo_stack.push(_Change(self, script_files.copy_document(self.document), after, what, merge))

    def _top_text(self, key: str) -> None:
        text = _plain(self.fields[key])

        def change(doc: Document) -> None:
            if text or key in ("title", "id", "purpose"):
                doc[key] = text
            else:
                doc.pop(key, None)

        self.edit(self.tr("Edit %1").replace("%1", key), change, f"top.{key}")

    def _reminders_edited(self) -> None:
        lines = [line for line in self.reminders.toPlainText().split("\n") if line.strip()]

        def change(doc: Document) -> None:
            if lines:
                doc["ethical_reminders"] = lines
            else:
                doc.pop("ethical_reminders", None)

        self.edit(self.tr("Edit the reminders"), change, "top.reminders")

    def _top_choice(self, key: str, combo: QComboBox) -> None:
        value = combo.currentData()
        self.edit(self.tr("Choose %1").replace("%1", key), lambda doc: doc.__setitem__(key, value))

    def _edit_step(self, what: str, change: Callable[[dict[str, Any]], None], merge_key: str = "") -> None:
        index = self.current_step()
        if index < 0:
            return

        def on_doc(doc: Document) -> None:
            change(doc["steps"][index])

        self.edit(what, on_doc, f"step{index}.{merge_key}" if merge_key else "")

    def _step_text(self, key: str) -> None:
        text = self.step_fields[key].text()

        def change(step: dict[str, Any]) -> None:
            if text or key in ("title", "duration"):
                step[key] = text
            else:
                step.pop(key, None)

        self._edit_step(self.tr("Edit the step's %1").replace("%1", key), change, key)
        if key in ("title", "duration"):
            item = self.step_list.item(self.current_step())
            step = self._steps()[self.current_step()]
            if item is not None:
                item.setText(
                    f"{self.current_step() + 1}. {step.get('title', '')}  ({step.get('duration', '')})"
                )

    def _step_choice(self, key: str, combo: QComboBox) -> None:
        value = combo.currentData()

        def change(step: dict[str, Any]) -> None:
            if key == "bell" and value == "none":
                step.pop("bell", None)
            else:
                step[key] = value

        self._edit_step(self.tr("Choose the step's %1").replace("%1", key), change)

    def _roles_edited(self) -> None:
        roles = {k: line.text() for k, line in self.role_fields.items() if line.text()}

        def change(step: dict[str, Any]) -> None:
            if roles:
                step["roles"] = roles
            else:
                step.pop("roles", None)

        self._edit_step(self.tr("Edit the roles"), change, "roles")

    def _round_edited(self) -> None:
        text = self.step_round.text()

        def change(step: dict[str, Any]) -> None:
            if text.strip():
                step["round"] = _round_value(text)
            else:
                step.pop("round", None)

        self._edit_step(self.tr("Edit the round"), change, "round")

    def _open_toggled(self, on: bool) -> None:
        def change(step: dict[str, Any]) -> None:
            if on:
                step["open_ended"] = True
            else:
                step.pop("open_ended", None)

        self._edit_step(self.tr("Open-ended"), change)

    def _cue_edited(self, item: QTableWidgetItem) -> None:
        row, column = item.row(), item.column()
        key = ("at", "text", "bell")[column]
        text = item.text()

        def change(step: dict[str, Any]) -> None:
            cue = step.setdefault("cues", [])[row]
            cue[key] = text

        self._edit_step(self.tr("Edit a cue"), change, f"cue{row}.{key}")

    def _prompt_edited(self, item: QTableWidgetItem) -> None:
        row, column = item.row(), item.column()
        key = ("layer", "role", "text")[column]
        text = item.text()

        def change(doc: Document) -> None:
            doc["debrief"]["prompts"][row][key] = text

        self.edit(self.tr("Edit a prompt"), change, f"prompt{row}.{key}")

    def add_step(self) -> None:
        index = self.current_step() + 1
        step = {"kind": "pause", "title": self.tr("A new step"), "duration": "1m"}
        self.edit(self.tr("Add a step"), lambda doc: doc.setdefault("steps", []).insert(index, step))
        self.step_list.setCurrentRow(index)

    def duplicate_step(self) -> None:
        index = self.current_step()
        if index < 0:
            return
        self.edit(
            self.tr("Duplicate a step"),
            lambda doc: doc["steps"].insert(index + 1, script_files.copy_document(doc["steps"][index])),
        )
        self.step_list.setCurrentRow(index + 1)

    def remove_step(self) -> None:
        index = self.current_step()
        if index < 0:
            return
        self.edit(self.tr("Remove a step"), lambda doc: doc["steps"].pop(index))

    def move_step(self, by: int) -> None:
        index = self.current_step()
        target = index + by
        if index < 0 or not 0 <= target < len(self._steps()):
            return

        def change(doc: Document) -> None:
            steps = doc["steps"]
            steps[index], steps[target] = steps[target], steps[index]

        self.edit(self.tr("Move a step"), change)
        self.step_list.setCurrentRow(target)

    def _dragged(self, *_args: object) -> None:
        """A step dragged in the list: the document follows the list's new order (by each item's number)."""
        order = [
            int(self.step_list.item(i).text().split(".", 1)[0]) - 1 for i in range(self.step_list.count())
        ]
        steps = self._steps()
        if sorted(order) != list(range(len(steps))):
            return
        self.edit(
            self.tr("Move a step"), lambda doc: doc.__setitem__("steps", [doc["steps"][i] for i in order])
        )

    def add_cue(self) -> None:
        cue = {"at": "start", "text": self.tr("A new cue")}
        self._edit_step(self.tr("Add a cue"), lambda step: step.setdefault("cues", []).append(cue))

    def remove_cue(self) -> None:
        row = self.cues.currentRow()
        if row < 0:
            return
        self._edit_step(self.tr("Remove a cue"), lambda step: step["cues"].pop(row))

    def hear_cue(self) -> None:
        """Speak the selected cue (the first, when none is selected) with its bell; when it must wait (a
        practice running, the session's voice speaking) say why beside the button, and speak nothing."""
        steps = self._steps()
        index = self.current_step()
        cues = steps[index].get("cues", []) if 0 <= index < len(steps) else []
        if not cues or self._hear is None:
            return
        cue = cues[max(self.cues.currentRow(), 0)]
        bell = str(cue.get("bell", "none"))
        why = self._hear(str(cue.get("text", "")), bell if bell in BELLS else "none")
        self.hear_message.setText(why)
        self.hear_message.setVisible(bool(why))
        if why:  # in sight, with its button, even when Alt+H pressed it from the top of the form
            soon(self, lambda: self.form_area.ensureWidgetVisible(self.hear_message, 0, 8))

    def add_prompt(self) -> None:
        prompt = {"layer": Layer.NOTICING.value, "text": self.tr("What did you notice?")}
        self.edit(
            self.tr("Add a prompt"),
            lambda doc: doc.setdefault("debrief", {}).setdefault("prompts", []).append(prompt),
        )

    def remove_prompt(self) -> None:
        row = self.prompts.currentRow()
        if row < 0:
            return
        self.edit(self.tr("Remove a prompt"), lambda doc: doc["debrief"]["prompts"].pop(row))

    # ================================================================ rehearsing
    def rehearse(self) -> Rehearsal | None:
        """Rehearse at 20×: the script as it stands, in a room view of its own, with no record. A script
        with problems is refused: said beside the button, and the keyboard taken to the first problem."""
        self.validate_now()
        if self.script is None:
            count = len(self.problems)
            self.rehearse_message.setText(
                self.tr("Not rehearsed: %1 to fix first (shown in red at the field).").replace(
                    "%1",
                    self.tr("1 problem") if count == 1 else self.tr("%1 problems").replace("%1", str(count)),
                )
            )
            self.rehearse_message.show()
            if self.problems:
                self.go_to_problem(self.problems[0])
            return None
        self.rehearse_message.hide()
        if self.rehearsal is not None:
            self.rehearsal.close()  # one at a time: the new one shows the script as it is now
        looks = self._looks
        palette, scale = (looks.palette_now, looks.prefs.font_scale) if looks is not None else (DARK, 1.0)
        rehearsal = Rehearsal(self.script, self._clock, self._timers, palette, scale, self)
        if looks is not None:
            looks.changed.connect(rehearsal.set_looks)
        rehearsal.destroyed.connect(lambda _o=None, r=rehearsal: self._rehearsal_gone(r))
        self.rehearsal = rehearsal
        rehearsal.show()
        rehearsal.start()
        return rehearsal

    def _rehearsal_gone(self, rehearsal: Rehearsal) -> None:
        if self.rehearsal is rehearsal:
            self.rehearsal = None

    def go_to_problem(self, problem: Problem) -> None:
        """Select the step (and cue) a problem concerns and put the keyboard in its field."""
        path = problem.field
        if path.startswith("steps["):
            try:
                index = int(path.removeprefix("steps[").split("]", 1)[0])
            except ValueError:
                index = -1
            if 0 <= index < self.step_list.count():
                self.step_list.setCurrentRow(index)
        key, _step, cue = _field_key(path, self.current_step())
        widget = self._widget_for(key)
        if key == "step.cues" and cue is not None and cue < self.cues.rowCount():
            self.cues.setCurrentCell(cue, 0)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _widget_for(self, key: str | None) -> QWidget | None:
        if key is None:
            return None
        if key in self.fields:
            return self.fields[key]
        step_key = key.removeprefix("step.")
        found: dict[str, QWidget] = {
            "mode": self.mode,
            "warnings": self.warnings,
            "ethical_reminders": self.reminders,
            "steps": self.step_list,
            "debrief": self.prompts,
            "step.kind": self.step_kind,
            "step.roles": self.role_boxes["speaker"],
            "step.round": self.step_round,
            "step.bell": self.step_bell,
            "step.open_ended": self.step_open,
            "step.cues": self.cues,
        }
        if key.startswith("step.") and step_key in self.step_fields:
            return self.step_fields[step_key]
        return found.get(key)

    # ================================================================ checking
    def validate_now(self) -> None:
        """Read the document back as its file would be read, and show each problem at its field."""
        self._timer.stop()
        try:
            checked = script_files.check_document(
                self.document, self.file_name or f"{self.document.get('id')}.toml"
            )
        except ScriptProblems as problems:
            self.problems = [p for p in problems.problems if not p.warning]
            self.script = None
        else:
            self.problems = []
            self.script = checked.script
        self._show_problems()
        if self.script is not None:
            self.rehearse_message.hide()
            timeline = compile_script(self.script)
            self.preview.clear()
            plan_view.fill_plan(self.preview, timeline)
            self.total.setText(self.tr("%1 in all").replace("%1", describe_ms(timeline.total_ms)))
            self.problem_list.setText(self.tr("Ready to use: no problems."))
        else:
            count = len(self.problems)
            self.total.setText(
                self.tr(
                    "Not ready: %1 to fix (the preview shows the last version that could be used)"
                ).replace(
                    "%1",
                    self.tr("1 problem") if count == 1 else self.tr("%1 problems").replace("%1", str(count)),
                )
            )
            self.problem_list.setText("\n".join(f"• {p}" for p in self.problems))

    def messages(self) -> dict[str, str]:
        """What each field's message says now (empty when there is none), for the field's key."""
        return {key: label.text() for key, label in self._messages.items() if not label.isHidden()}

    def _show_problems(self) -> None:
        found: dict[str, list[str]] = {}
        bad_steps: set[int] = set()
        bad_cues: set[int] = set()
        step = self.current_step()
        for problem in self.problems:
            key, step_index, cue = _field_key(problem.field, step)
            if step_index is not None:
                bad_steps.add(step_index)
            if cue is not None and step_index == step:
                bad_cues.add(cue)
            if key is not None:
                words = problem.message
                if key == "step.cues" and cue is not None:
                    words = self.tr("Cue %1: %2").replace("%1", str(cue + 1)).replace("%2", words)
                found.setdefault(key, []).append(words)
        for key, label in self._messages.items():
            said = found.get(key, [])
            label.setText("\n".join(said))
            newly = bool(said) and label.isHidden()
            label.setVisible(bool(said))
            field = self._widget_for(key)
            if newly and field is not None and field.hasFocus():
                # The message under the field being typed in comes into sight with it (at the bottom of a
                # laptop's screen it was cut off), once the form has made room for it.
                soon(self, functools.partial(self.form_area.ensureWidgetVisible, label, 0, 8))
        for index in range(self.step_list.count()):
            item = self.step_list.item(index)
            _mark(item, index in bad_steps, self._problem)
            item.setToolTip(self.tr("This step has problems") if index in bad_steps else "")
        for row in range(self.cues.rowCount()):
            cell = self.cues.item(row, 0)
            if cell is not None:
                self.cues.blockSignals(True)
                _mark(cell, row in bad_cues, self._problem)
                self.cues.blockSignals(False)

    # ================================================================ closing
    def set_status(self, text: str) -> None:
        self.status.setText(text)

    def has_changes(self) -> bool:
        return not self.undo_stack.isClean()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.has_changes() and not self._closing_asked:
            event.ignore()
            self._ask_before_closing()
            return
        if self.rehearsal is not None:
            self.rehearsal.close()
        self.closed.emit()
        super().closeEvent(event)

    def _ask_before_closing(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Unsaved changes"),
            self.tr("This script has changes that are not saved. Save them before closing?"),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("unsavedChanges")
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        box.finished.connect(lambda result: self._answered(QMessageBox.StandardButton(result)))
        self._ask = box
        box.open()

    def _answered(self, answer: QMessageBox.StandardButton) -> None:
        self._ask = None
        if answer == QMessageBox.StandardButton.Save:
            self.saveRequested.emit()
            if not self.has_changes():
                self.close()
        elif answer == QMessageBox.StandardButton.Discard:
            self._closing_asked = True
            self.close()


def problem_colour(palette: Palette) -> str:
    """The red of a problem, readable on the theme's background: #B3261E is 6:1 on the light theme but under
    3:1 on the dark ones, where a light red takes its place."""
    return "#FFB4AB" if palette.dark else "#B3261E"


def _mark(item: QListWidgetItem | QTableWidgetItem, bad: bool, colour: QColor) -> None:
    """A step or cue with problems in red; one without in the theme's own text colour, whichever theme is
    chosen later (a colour set here stayed the light theme's dark text on the dark theme)."""
    item.setData(Qt.ItemDataRole.ForegroundRole, colour if bad else None)


def _field_key(path: str, current: int) -> tuple[str | None, int | None, int | None]:
    """The message label a problem's field path belongs to (``None``: another step's, not on show), the step
    it concerns and its cue: ``steps[1].cues[2].at`` → (``"step.cues"``, 1, 2) when step 1 is selected."""
    if not path.startswith("steps["):
        top = path.split(".", 1)[0].split("[", 1)[0]
        if top == "debrief":
            return ("debrief", None, None)
        return (top if top else None, None, None)
    head, _, rest = path.partition("]")
    try:
        index = int(head.removeprefix("steps["))
    except ValueError:
        return ("steps", None, None)
    field = rest.removeprefix(".")
    name = field.split(".", 1)[0].split("[", 1)[0]
    cue: int | None = None
    if name == "cues" and field.startswith("cues["):
        try:
            cue = int(field[5:].split("]", 1)[0])
        except ValueError:
            cue = None
    if index != current:
        return (None, index, cue)
    if not name:
        return ("steps", index, cue)
    return (f"step.{name}", index, cue)
