"""What a one-to-one script says for the practitioner's care of the client, where the practitioner needs it.

* **Before you begin**: Begin first shows the exercise's purpose, the notes written for the practitioner (a
  check for breathing difficulties, what to do with dizziness, when not to go on) and the reminders to offer
  the client, then Begin again starts it. The text is the practitioner's alone; nothing here is spoken.
* **During the exercise**: the reminders stay pinned under the practice, one glance away (they fold away).
* **Afterwards**: the Notes tab lists the script's debrief questions beside the notes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolButton, QVBoxLayout, QWidget

from mindful_listening.core.script import Script
from mindful_listening.ui import phase
from mindful_listening.ui.widgets import scrolled

if TYPE_CHECKING:
    from mindful_listening.ui.one_to_one import OneToOneWindow


def has_care_text(script: Script) -> bool:
    """Whether Begin should show the page before the exercise (every script has a purpose; the page is for
    its notes and reminders)."""
    return bool(script.facilitator_notes.strip() or script.ethical_reminders)


def _label(text: str, parent: QWidget, name: str = "", muted: bool = False) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if name:
        label.setObjectName(name)
    if muted:
        label.setProperty("muted", True)
    return label


def _bold(label: QLabel) -> QLabel:
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class BeforeYouBegin(QWidget):
    """The page Begin shows first: purpose, the practitioner's notes, the reminders; Back or Begin."""

    def __init__(self, w: OneToOneWindow) -> None:
        super().__init__(w)
        self.setProperty("page", True)
        self.setObjectName("beforePage")
        body = QWidget()
        box = QVBoxLayout(body)
        box.setContentsMargins(0, 0, 8, 0)
        self.title = _bold(_label("", body, "beforeTitle"))
        self.purpose = _label("", body, "beforePurpose")
        self.notes_heading = _bold(_label(w.tr("For you, before you begin (not read aloud)"), body))
        self.notes = _label("", body, "beforeNotes")
        self.reminders_heading = _bold(_label(w.tr("Reminders to offer"), body))
        self.reminders = _label("", body, "beforeReminders")
        self.based_on = _label("", body, "beforeBasedOn", muted=True)
        for widget in (
            self.title,
            self.purpose,
            self.notes_heading,
            self.notes,
            self.reminders_heading,
            self.reminders,
            self.based_on,
        ):
            box.addWidget(widget)
        box.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(scrolled(body, "beforeScroll"), 1)
        row = QHBoxLayout()
        self.back_button = QPushButton(w.tr("Back"), self)
        self.back_button.clicked.connect(lambda: w.pages.setCurrentIndex(w.PAGE_CHOOSER))
        self.begin_button = QPushButton(w.tr("Begin"), self)
        self.begin_button.setObjectName("beginAfterCare")
        self.begin_button.setProperty("primary", True)
        self.begin_button.clicked.connect(w.begin)
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.begin_button)
        layout.addLayout(row)

    def load(self, script: Script) -> None:
        self.title.setText(script.title)
        self.purpose.setText(phase.reflow(script.purpose))
        notes = phase.reflow(script.facilitator_notes)
        self.notes.setText(notes)
        self.notes_heading.setVisible(bool(notes))
        self.notes.setVisible(bool(notes))
        self.reminders.setText("\n".join(f"• {line}" for line in phase.reminders(script)))
        self.based_on.setText(phase.based_on_words(script))
        self.based_on.setVisible(bool(script.based_on))


class PinnedReminders(QWidget):
    """The reminders under the exercise, folded away with one press when the practitioner prefers."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("pinnedReminders")
        self.toggle = QToolButton(self)
        self.toggle.setObjectName("remindersToggle")
        self.toggle.setCheckable(True)
        self.toggle.setChecked(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow)
        self.toggle.setText(self.tr("Reminders"))
        self.toggle.setAccessibleName(self.tr("Show or fold away the reminders"))
        self.toggle.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.text = _label("", self, "pinnedRemindersText", muted=True)
        # A few lines at most, so the exercise keeps the window: the rest scrolls.
        self.area = scrolled(self.text, "pinnedRemindersScroll")
        self.area.setMaximumHeight(round(self.text.fontMetrics().lineSpacing() * 4.5) + 4)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignLeft)
        box.addWidget(self.area)
        self.toggle.toggled.connect(self._fold)

    def _fold(self, shown: bool) -> None:
        self.area.setVisible(shown)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)

    def load(self, script: Script) -> None:
        self.text.setText("\n".join(f"• {line}" for line in phase.reminders(script)))


class DebriefQuestions(QWidget):
    """The script's debrief questions, above the notes."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("debriefQuestions")
        self.heading = _bold(_label(self.tr("Questions you might explore together"), self))
        self.text = _label("", self, "debriefQuestionsText", muted=True)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.heading)
        box.addWidget(self.text)
        self.hide()

    def load(self, script: Script) -> None:
        prompts = [phase.reflow(prompt.text) for prompt in script.debrief.prompts]
        self.text.setText("\n".join(f"• {line}" for line in prompts))
        self.setVisible(bool(prompts))
