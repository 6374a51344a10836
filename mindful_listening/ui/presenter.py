"""The presenter console's pages after the library: purpose, practice and debrief, as the laptop shows them
(the library page, the first screen, is in :mod:`mindful_listening.ui.library_page`).

Each page draws what it is given and reports what the facilitator did (signals, or the window's actions on
its buttons). None of them drives the session or keeps records: the window does that through the controller
and the notebook.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QFont, QTextCursor
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from mindful_listening.core.durations import describe_ms, format_clock
from mindful_listening.core.runner import Snapshot
from mindful_listening.core.script import Layer, Mode, Script, StepKind
from mindful_listening.core.timeline import Step, Timeline
from mindful_listening.ui import phase
from mindful_listening.ui.flow_row import wrapping_row_host
from mindful_listening.ui.group_size import GroupSize
from mindful_listening.ui.layout_fence import LayoutFence, SteadyFence
from mindful_listening.ui.reflection import ReflectionForm
from mindful_listening.ui.room import AudienceView
from mindful_listening.ui.widgets import (
    WholeWordsDelegate,
    action_button,
    heading,
    notes_field,
    scrolled,
    short_action_button,
    text_label,
)


def _panel() -> QFrame:
    frame = QFrame()
    frame.setProperty("role", "layer")
    return frame


def _in_sight(view: QListWidget, item: QListWidgetItem) -> bool:
    """The whole height of ``item``'s row is inside the list's viewport."""
    rect = view.visualItemRect(item)
    return rect.top() >= 0 and rect.bottom() < view.viewport().height()


def _fenced(label: QLabel) -> LayoutFence:
    fence = LayoutFence()
    fence.setSizePolicy(label.sizePolicy())
    fence.fence_in(label)
    return fence


class _MirrorFrame(QFrame):
    """The frame around the practice page's mirror of the room. The room's words are fitted to the size the
    mirror is given, so the height they would need follows the height they have: passed up to the console, it
    would keep the console as tall as it ever was. The frame asks only for the mirror's least size."""

    def __init__(self) -> None:
        super().__init__()
        self.setProperty("role", "layer")

    def hasHeightForWidth(self) -> bool:
        return False


def _replace_text(field: QPlainTextEdit, text: str) -> None:
    """Show text written elsewhere (the same notes on another page) with the cursor ready at its end."""
    if field.toPlainText() == text:
        return
    field.blockSignals(True)
    field.setPlainText(text)
    field.moveCursor(QTextCursor.MoveOperation.End)
    field.blockSignals(False)


# ===================================================================== purpose
class PurposePage(QWidget):
    """The purpose as the room will see it, with what only the facilitator should see beside it."""

    def __init__(
        self,
        read_action: QAction,
        next_action: QAction,
        reminder_actions: Sequence[QAction] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("purposePage")
        self.title = heading("", "title")
        self.purpose = text_label(role="purpose")
        self.purpose.setObjectName("presenterPurpose")
        self.read_button = action_button(read_action, self.tr("Read the purpose aloud"))
        self.next_button = action_button(next_action, self.tr("Go on to the practice"))
        self.reading_note = text_label(
            self.tr("Reading the purpose aloud… Ctrl+R stops it; starting the practice stops it too.")
        )
        self.reading_note.setObjectName("readingNote")
        self.reading_note.setProperty("role", "notice")
        self.reading_note.hide()
        # A whole-lesson script states its purpose on the clock too: this stage is then the preparation.
        self.timed_note = text_label(role="muted")
        self.timed_note.setObjectName("timedPurposeNote")
        self.timed_note.hide()

        room = _panel()
        room_box = QVBoxLayout(room)
        room_box.addWidget(heading(self.tr("On the room screen")))
        room_box.addWidget(self.purpose)
        room_box.addWidget(self.timed_note)
        room_box.addStretch(1)
        room_box.addWidget(self.reading_note)
        # Side by side, or one under the other where large text leaves no room for both on a line.
        room_box.addWidget(wrapping_row_host([self.read_button, self.next_button], ends_apart=True))

        self.facilitator_notes = text_label()
        self.facilitator_notes.setObjectName("facilitatorNotes")
        self.facilitator_notes.setAccessibleName(self.tr("Facilitator notes (this laptop only)"))
        self.reminders = text_label()
        self.reminders.setObjectName("ethicalReminders")
        self.reminders.setAccessibleName(self.tr("Reminders (this laptop only)"))
        laptop = _panel()
        laptop_box = QVBoxLayout(laptop)
        laptop_box.addWidget(heading(self.tr("On this laptop only")))
        laptop_box.addWidget(heading(self.tr("Your notes for guiding"), "subheading"))
        laptop_box.addWidget(self.facilitator_notes)
        self.based_on = text_label(role="muted")
        self.based_on.setObjectName("purposeBasedOn")
        laptop_box.addWidget(self.based_on)
        laptop_box.addWidget(heading(self.tr("Reminders to offer the group"), "subheading"))
        laptop_box.addWidget(self.reminders)
        # Offer them aloud, or on the room screen under the purpose: short words, since the heading says what.
        self.reminder_buttons = [
            short_action_button(action, words)
            for action, words in zip(
                reminder_actions, (self.tr("Read them aloud"), self.tr("Show them in the room")), strict=False
            )
        ]
        for button in self.reminder_buttons:
            laptop_box.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        self.groups_heading = heading(self.tr("Forming the groups"), "subheading")
        laptop_box.addWidget(self.groups_heading)
        self.group_size = GroupSize()
        laptop_box.addWidget(self.group_size)
        laptop_box.addStretch(1)

        columns = QHBoxLayout()
        columns.addWidget(room, 58)
        # What only the facilitator sees scrolls within its column where it is longer than the screen.
        columns.addWidget(scrolled(laptop, "purposeLaptopColumn", sideways=False), 42)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(columns, 1)
        QWidget.setTabOrder(self.read_button, self.next_button)

    def show_reading(self, on: bool) -> None:
        self.reading_note.setVisible(on)
        self.read_button.setAccessibleName(
            self.tr("Stop reading aloud") if on else self.tr("Read the purpose aloud")
        )

    def load(self, script: Script) -> None:
        self.title.setText(script.title)
        self.purpose.setText(phase.reflow(script.purpose))
        timed = next((step for step in script.steps if step.kind is StepKind.PURPOSE), None)
        self.timed_note.setVisible(timed is not None)
        if timed is not None:
            self.timed_note.setText(
                self.tr(
                    "This script states its purpose on the clock, too: its step “%1” (%2). Go on to the "
                    "practice and start the clock as you begin to say it; the room keeps seeing the purpose."
                )
                .replace("%1", timed.title)
                .replace("%2", describe_ms(timed.duration + timed.landing))
            )
        self.facilitator_notes.setText(
            phase.reflow(script.facilitator_notes) or self.tr("(none in this script)")
        )
        # The script's own, else ones that fit its mode (the same list the room can be shown).
        self.reminders.setText("\n".join(f"• {line}" for line in phase.reminders(script)))
        self.group_size.load(script)
        self.based_on.setText(phase.based_on_words(script))
        self.based_on.setVisible(bool(script.based_on))
        self.groups_heading.setVisible(script.mode is not Mode.ONE_TO_ONE)


# ===================================================================== practice
class PracticePage(QWidget):
    """Controls, the plan, what the room sees, what comes next, and the facilitator's notes.

    A purpose step on the clock brings the purpose stage's content into "For this step": the purpose, the
    notes for guiding and the reminders. An inquiry step that names a debrief prompt brings the prompt and its
    notes field, which writes the same note as the debrief page's field for that prompt
    (``promptNoteEdited``)."""

    notesEdited = Signal(str)
    promptNoteEdited = Signal(int, str)  # (prompt index, text): the debrief's note for that prompt

    def __init__(self, controls: Sequence[tuple[QAction, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("practicePage")
        self.buttons = [action_button(action, name) for action, name in controls]
        # One line on a wide console; wrapped on a laptop, so the window never grows past its screen.
        control_row = wrapping_row_host(list(self.buttons))
        control_row.setObjectName("practiceControls")

        self.steps = QListWidget()
        self.steps.setObjectName("practiceSteps")
        self.steps.setAccessibleName(self.tr("The script's steps; the current one is marked"))
        self.steps.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.steps.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.steps.setWordWrap(True)
        # Each step whole, the current one's bold words too (ui/widgets.WholeWordsDelegate), at any width.
        whole = WholeWordsDelegate(self.steps, lambda _index: self.steps.viewport().width())
        self.steps.setItemDelegate(whole)
        self.steps.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.steps.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.mirror = AudienceView()
        self.mirror.setObjectName("roomMirror")
        self.mirror.setAccessibleName(self.tr("What the room sees"))
        self.mirror.setMinimumSize(320, 180)
        self.mirror.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        self.step_line = heading("", "title")
        self.step_line.setObjectName("stepLine")
        self.clock_line = text_label(role="digits")
        self.clock_line.setObjectName("clockLine")
        self.cue_line = text_label()
        self.cue_line.setObjectName("nextCue")
        self.next_line = text_label()
        self.next_line.setObjectName("nextStep")
        self.session_line = text_label(role="muted")
        self.session_line.setObjectName("sessionTime")
        # The readouts change every second (the clock, the next cue's time, the session's): behind a fence,
        # so that the console around them is relaid out only when their size wishes change.
        readouts_host = QWidget()
        readouts_host.setObjectName("practiceReadouts")
        readouts = QGridLayout(readouts_host)
        readouts.setContentsMargins(0, 0, 0, 0)
        readouts.addWidget(self.step_line, 0, 0, 1, 2)
        # The three lines that change every second, each behind a fence of its own: a new text of the same
        # size relays out neither the grid nor its word-wrapped lines (11-30 ms a time for the grid, measured
        # with gui_stall.py --events); a new size still passes up.
        readouts.addWidget(_fenced(self.clock_line), 1, 0, 1, 2)
        readouts.addWidget(heading(self.tr("Next cue"), "subheading"), 2, 0)
        readouts.addWidget(_fenced(self.cue_line), 2, 1)
        readouts.addWidget(heading(self.tr("Then"), "subheading"), 3, 0)
        readouts.addWidget(self.next_line, 3, 1)
        readouts.addWidget(heading(self.tr("Whole session"), "subheading"), 4, 0)
        readouts.addWidget(_fenced(self.session_line), 4, 1)
        readouts.setColumnStretch(1, 1)

        centre = QVBoxLayout()
        centre.addWidget(heading(self.tr("The room sees"), "subheading"))
        mirror_frame = _MirrorFrame()
        mirror_box = QVBoxLayout(mirror_frame)
        mirror_box.setContentsMargins(3, 3, 3, 3)
        mirror_box.addWidget(self.mirror)
        centre.addWidget(mirror_frame, 3)
        # Steady: a shorter next cue leaves its lines in place rather than resizing the mirror above.
        self.readouts = SteadyFence()
        self.readouts.fence_in(readouts_host)
        centre.addWidget(self.readouts)

        self.nudge = QFrame()
        self.nudge.setObjectName("nudge")
        self.nudge.setProperty("role", "nudge")
        self.nudge_text = text_label(
            self.tr(
                "The timer hasn't started yet. When the room is ready, press Space (or the clicker's Next) "
                "to begin."
            )
        )
        self.nudge_text.setObjectName("nudgeText")
        QVBoxLayout(self.nudge).addWidget(self.nudge_text)
        self.nudge.hide()

        self.step_notes = text_label()
        self.step_notes.setObjectName("stepNotes")
        self.step_notes.setAccessibleName(self.tr("Notes for this step (this laptop only)"))
        self._build_stage_box()
        self.notes = notes_field(
            self.tr("Your session notes (this laptop only)"),
            self.tr(
                "Anything you'd like to remember — kept with the session record, never shown to the room"
            ),
            lines=6,
        )
        self.notes.setObjectName("practiceNotes")
        self.notes.textChanged.connect(lambda: self.notesEdited.emit(self.notes.toPlainText()))
        right_column = QWidget()
        right = QVBoxLayout(right_column)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.nudge)
        right.addWidget(heading(self.tr("For this step (laptop only)"), "subheading"))
        right.addWidget(self.step_notes)
        right.addWidget(self.stage_box)
        right.addWidget(heading(self.tr("Your notes (laptop only)"), "subheading"))
        right.addWidget(self.notes, 1)

        left = QVBoxLayout()
        left.addWidget(heading(self.tr("Steps"), "subheading"))
        left.addWidget(self.steps, 1)

        columns = QHBoxLayout()
        columns.addLayout(left, 20)
        columns.addLayout(centre, 50)
        # Large text on a small laptop: the notes column scrolls rather than being cut off.
        columns.addWidget(scrolled(right_column, "practiceNotesColumn"), 30)
        # The controls behind a fence: a button's new word (Start, then Pause) relays out the controls alone.
        controls_fence = LayoutFence()
        controls_fence.setSizePolicy(control_row.sizePolicy())
        controls_fence.fence_in(control_row)
        layout = QVBoxLayout(self)
        layout.addWidget(controls_fence)
        layout.addLayout(columns, 1)
        for first, second in zip(self.buttons, [*self.buttons[1:], self.prompt_notes], strict=True):
            QWidget.setTabOrder(first, second)
        QWidget.setTabOrder(self.prompt_notes, self.notes)
        self._timeline: Timeline | None = None
        self._current_row: int | None = None  # the row of the steps list marked as the current step
        self._prompt_index: int | None = None

    def _build_stage_box(self) -> None:
        """The purpose's or a prompt's content, for a purpose or an inquiry step on the clock."""
        self.stage_box = QWidget()
        self.stage_box.setObjectName("stepStage")
        box = QVBoxLayout(self.stage_box)
        box.setContentsMargins(0, 0, 0, 0)
        self.stage_heading = heading("", "subheading")
        self.stage_text = text_label()
        self.stage_text.setObjectName("stepStageText")
        self.guiding_heading = heading(self.tr("Your notes for guiding"), "subheading")
        self.guiding = text_label()
        self.guiding.setObjectName("stepGuidingNotes")
        self.guiding.setAccessibleName(self.tr("Facilitator notes (this laptop only)"))
        self.reminders_heading = heading(self.tr("Reminders to offer the group"), "subheading")
        self.reminders = text_label()
        self.reminders.setObjectName("stepReminders")
        self.reminders.setAccessibleName(self.tr("Reminders (this laptop only)"))
        self.prompt_notes = notes_field(self.tr("Notes on this prompt"), self.tr("Notes"), lines=4)
        self.prompt_notes.setObjectName("stepPromptNotes")
        self.prompt_notes.textChanged.connect(self._on_prompt_notes)
        for widget in (
            self.stage_heading,
            self.stage_text,
            self.guiding_heading,
            self.guiding,
            self.reminders_heading,
            self.reminders,
            self.prompt_notes,
        ):
            box.addWidget(widget)
        self.stage_box.hide()

    def _on_prompt_notes(self) -> None:
        if self._prompt_index is not None:
            self.promptNoteEdited.emit(self._prompt_index, self.prompt_notes.toPlainText())

    def _show_stage(self, timeline: Timeline, step: Step) -> None:
        script = timeline.script
        purpose = step.kind is StepKind.PURPOSE
        inquiry = step.kind is StepKind.INQUIRY
        prompt = timeline.prompt_of(step)
        self._prompt_index = step.prompt_index if prompt is not None else None
        self.stage_box.setVisible(purpose or inquiry)
        for widget in (self.guiding_heading, self.guiding, self.reminders_heading, self.reminders):
            widget.setVisible(purpose)
        self.prompt_notes.setVisible(prompt is not None)
        if purpose:
            self.stage_heading.setText(self.tr("The purpose"))
            self.stage_text.setText(phase.reflow(script.purpose))
            self.guiding.setText(phase.reflow(script.facilitator_notes) or self.tr("(none in this script)"))
            self.reminders.setText("\n".join(f"• {line}" for line in phase.reminders(script)))
        elif prompt is not None and step.prompt_index is not None:
            self.stage_heading.setText(
                self.tr("Prompt %1 of %2, being explored")
                .replace("%1", str(step.prompt_index + 1))
                .replace("%2", str(len(script.debrief.prompts)))
            )
            self.stage_text.setText(prompt.text)
            self.prompt_notes.setAccessibleName(self.tr("Notes: %1").replace("%1", prompt.text))
        elif inquiry:
            self.stage_heading.setText(self.tr("The debrief's introduction"))
            self.stage_text.setText(
                phase.reflow(script.debrief.introduction) or self.tr("(none in this script)")
            )

    def set_prompt_note(self, index: int, text: str) -> None:
        """The note for prompt ``index`` as it stands (typed here or on the debrief page)."""
        if index == self._prompt_index:
            _replace_text(self.prompt_notes, text)

    def load(self, timeline: Timeline) -> None:
        self._timeline = timeline
        self._current_row = None
        self.readouts.start_afresh()
        self.steps.clear()
        for step in timeline.steps:
            item = QListWidgetItem(self._step_text(step, current=False))
            self.steps.addItem(item)
        self.notes.blockSignals(True)
        self.notes.clear()
        self.notes.blockSignals(False)

    def _step_text(self, step: Step, current: bool) -> str:
        marker = "▶ " if current else "    "
        return f"{marker}{format_clock(step.start_ms)}  {step.title} · {describe_ms(step.span_ms)}"

    def show_step(self, step: Step, lines: bool = True) -> None:
        """What the step brings under "For this step" (the purpose's or a prompt's content, its notes field)
        and, unless ``lines`` is False, the step's own lines (:meth:`show_step_lines`)."""
        if self._timeline is None:
            return
        if lines:
            self.show_step_lines(step)
        self._show_stage(self._timeline, step)

    def show_step_lines(self, step: Step) -> None:
        """The list's marker on ``step``, the step's line, its notes and what follows it."""
        if self._timeline is None:
            return
        # Only the row that was current and the one that is now change: the other rows are left alone (they
        # were all written again, text and font, at every step change).
        if self._current_row != step.index:
            for row in (self._current_row, step.index):
                item = self.steps.item(row) if row is not None else None
                if row is None or item is None:
                    continue
                current = row == step.index
                item.setText(self._step_text(self._timeline.steps[row], current))
                font = QFont(item.font())
                font.setBold(current)
                item.setFont(font)
            self._current_row = step.index
        item = self.steps.item(step.index)
        if item is not None and not _in_sight(self.steps, item):
            self.steps.scrollToItem(item)  # only when the row is out of sight (a step change's 1.4 ms else)
        total = len(self._timeline.steps)
        self.step_line.setText(
            self.tr("Step %1 of %2 · %3")
            .replace("%1", str(step.index + 1))
            .replace("%2", str(total))
            .replace("%3", step.title)
        )
        self.step_notes.setText(phase.reflow(step.notes) or self.tr("(no notes for this step)"))
        self.next_line.setText(phase.following_text(self._timeline, step.index))

    def show_tick(self, snapshot: Snapshot) -> None:
        look = phase.phase_of(snapshot)
        self.clock_line.setText(f"{phase.digits(snapshot)}   ·   {look.words}")
        upcoming = phase.upcoming_cue(snapshot)
        if upcoming is None:
            self.cue_line.setText(self.tr("No more spoken cues in this step"))
        else:
            cue, in_ms = upcoming
            self.cue_line.setText(
                self.tr("in %1: “%2”").replace("%1", format_clock(in_ms)).replace("%2", cue.text)
            )
        self.session_line.setText(
            self.tr("%1 elapsed · %2 to go")
            .replace("%1", format_clock(snapshot.session_elapsed_ms))
            .replace("%2", format_clock(snapshot.session_remaining_ms))
        )

    def set_notes(self, text: str) -> None:
        _replace_text(self.notes, text)

    def set_nudge(self, visible: bool) -> None:
        self.nudge.setVisible(visible)


# ===================================================================== debrief
LAYER_TITLES = {
    Layer.NOTICING: ("Noticing", "What was noticed, directly: body, thoughts, feelings"),
    Layer.DIALOGUE: ("Dialogue", "How it was, whether it is familiar, what happened when the mind wandered"),
    Layer.LINKING: ("Linking", "How it might connect with everyday life, communication and work"),
}
ROLE_TITLES = {
    "everyone": "Everyone",
    "speaker": "Speakers",
    "listener": "Listeners",
    "observer": "Observers",
}


class DebriefPage(QWidget):
    """The script's prompts by inquiry layer and role, a notes box for each, and the facilitator's own."""

    noteEdited = Signal(int, str)
    freeNotesEdited = Signal(str)
    reflectionEdited = Signal(str)
    participantsEdited = Signal(str)

    def __init__(self, save_action: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("debriefPage")
        self.introduction = text_label(role="muted")
        self.prompt_fields: list[QPlainTextEdit] = []
        self.prompt_labels: list[QLabel] = []
        self._label_of: dict[int, QLabel] = {}
        # Which part of the debrief the room sees now: the introduction, a prompt, the closing.
        self.room_line = text_label(role="muted")
        self.room_line.setObjectName("debriefRoomLine")

        self.participants = QLineEdit()
        self.participants.setObjectName("participants")
        self.participants.setAccessibleName(self.tr("Participants: initials or codes"))
        self.participants.setPlaceholderText(self.tr("initials or codes only, never full names"))
        self.participants.textChanged.connect(self.participantsEdited)
        participants_hint = text_label(
            self.tr("Initials or codes only, never full names — separate them with commas."), "muted"
        )

        self._prompts_host = QWidget()
        self._prompts_box = QVBoxLayout(self._prompts_host)
        self._prompts_box.setContentsMargins(0, 0, 8, 0)
        scroll = scrolled(self._prompts_host)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.prompts_scroll = scroll

        self.free_notes = notes_field(
            self.tr("Free notes"), self.tr("Anything else from the inquiry you'd like to keep"), lines=6
        )
        self.free_notes.setObjectName("freeNotes")
        self.free_notes.textChanged.connect(lambda: self.freeNotesEdited.emit(self.free_notes.toPlainText()))
        self.reflection = notes_field(
            self.tr("Your own reflection"),
            self.tr("How was it to guide this? What went well, and what might you try next time?"),
            lines=6,
        )
        self.reflection.setObjectName("reflection")
        self.reflection.textChanged.connect(lambda: self.reflectionEdited.emit(self.reflection.toPlainText()))
        # The free box, or Gibbs' or Kolb's stages, as the facilitator chooses (ui/reflection.py).
        self.reflection_form = ReflectionForm(self.reflection)
        self.save_button = action_button(save_action, self.tr("Save the notes now"))
        self.saved_line = text_label(self.tr("Notes are kept as you type."), "muted")
        self.saved_line.setObjectName("savedLine")

        left = QVBoxLayout()
        left.addWidget(heading(self.tr("Reflecting together"), "title"))
        left.addWidget(self.introduction)
        left.addWidget(self.room_line)
        left.addWidget(scroll, 1)

        right = QVBoxLayout()
        right.addWidget(heading(self.tr("Participants"), "subheading"))
        right.addWidget(self.participants)
        right.addWidget(participants_hint)
        right.addWidget(heading(self.tr("Free notes"), "subheading"))
        right.addWidget(self.free_notes, 1)
        right.addWidget(heading(self.tr("Your own reflection"), "subheading"))
        right.addWidget(self.reflection_form, 1)
        save_row = QHBoxLayout()
        save_row.addWidget(self.saved_line, 1)
        save_row.addWidget(self.save_button)
        right.addLayout(save_row)

        layout = QHBoxLayout(self)
        layout.addLayout(left, 60)
        layout.addLayout(right, 40)

    def load(self, script: Script) -> None:
        """Build a notes box for every prompt of ``script``, grouped by layer, then by role."""
        while self._prompts_box.count():
            item = self._prompts_box.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.prompt_fields = []
        self.prompt_labels = []
        self._label_of = {}
        self.introduction.setText(phase.reflow(script.debrief.introduction))
        prompts = list(enumerate(script.debrief.prompts))
        fields: dict[int, QPlainTextEdit] = {}
        visual: list[QPlainTextEdit] = []
        for layer in Layer:
            in_layer = [(i, p) for i, p in prompts if p.layer is layer]
            if not in_layer:
                continue
            title, hint = LAYER_TITLES[layer]
            group = QFrame()
            group.setObjectName(f"layer-{layer.value}")
            group.setProperty("role", "layer")
            box = QVBoxLayout(group)
            box.addWidget(heading(self.tr(title)))
            box.addWidget(text_label(self.tr(hint), "muted"))
            for role, role_title in ROLE_TITLES.items():
                in_role = [(i, p) for i, p in in_layer if p.role == role]
                if not in_role:
                    continue
                box.addWidget(heading(self.tr(role_title), "subheading"))
                for index, prompt in in_role:
                    label = text_label(prompt.text)
                    field = notes_field(self.tr("Notes: %1").replace("%1", prompt.text), self.tr("Notes"), 3)
                    field.setMaximumHeight(round(field.minimumHeight() * 1.5))
                    field.setObjectName(f"promptNotes{index}")
                    field.textChanged.connect(
                        lambda i=index, f=field: self.noteEdited.emit(i, f.toPlainText())
                    )
                    label.setBuddy(field)
                    box.addWidget(label)
                    box.addWidget(field)
                    fields[index] = field
                    visual.append(field)
                    self.prompt_labels.append(label)
                    self._label_of[index] = label
            self._prompts_box.addWidget(group)
        if not fields:
            self._prompts_box.addWidget(text_label(self.tr("This script has no debrief prompts."), "muted"))
        self._prompts_box.addStretch(1)
        self.prompt_fields = [fields[i] for i in sorted(fields)]
        for field in (self.free_notes, self.reflection):
            field.blockSignals(True)
            field.clear()
            field.blockSignals(False)
        self.reflection_form.clear()
        self.participants.blockSignals(True)
        self.participants.clear()
        self.participants.blockSignals(False)
        # Tab order: top to bottom, as read: participants, each prompt, free notes, reflection, save.
        chain: list[QWidget] = [
            self.participants,
            *visual,
            self.free_notes,
            *self.reflection_form.focus_chain(),
            self.save_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def mark_in_room(self, at: int, prompts_shown: bool) -> None:
        """Say on the laptop what the room sees: ``at`` is the prompt being explored (-1 the introduction,
        past the last one the closing); with prompts kept off the room, it shows the introduction."""
        count = len(self._label_of)
        if at >= count:
            words = self.tr("In the room now: the closing thanks")
        elif at < 0:
            words = self.tr("In the room now: the introduction · PageDown shows the first prompt")
        elif prompts_shown:
            words = self.tr("In the room now: prompt %1 of %2 (marked ▸ below)")
            words = words.replace("%1", str(at + 1)).replace("%2", str(count))
        else:
            words = self.tr("Exploring prompt %1 of %2 (marked ▸); the room keeps the introduction")
            words = words.replace("%1", str(at + 1)).replace("%2", str(count))
        self.room_line.setText(words)
        for index, label in self._label_of.items():
            here = index == at
            text = label.text().removeprefix("▸ ")
            label.setText(f"▸ {text}" if here else text)
            font = label.font()
            font.setBold(here)
            label.setFont(font)
            label.setAccessibleDescription(self.tr("being explored now") if here else "")
            if here:
                self.prompts_scroll.ensureWidgetVisible(label)

    def set_free_notes(self, text: str) -> None:
        _replace_text(self.free_notes, text)

    def set_note(self, index: int, text: str) -> None:
        """The note for prompt ``index`` as it stands (typed here, or during its inquiry step)."""
        if 0 <= index < len(self.prompt_fields):
            _replace_text(self.prompt_fields[index], text)

    def set_saved(self, text: str) -> None:
        self.saved_line.setText(text)
