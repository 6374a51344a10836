"""How many are here, and how to form the groups: on the laptop, beside the purpose.

The facilitator enters the number present (not counting themselves); the words say how to divide the room for
this script's shape (``core.groups.form_groups``), whether joining in would even it out, and, when a pairs
practice needs a three, offer the built-in written for a mixed room.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from mindful_listening.core.groups import Advice, Groups, form_groups
from mindful_listening.core.library import builtin_scripts
from mindful_listening.core.script import Mode, Script

MAX_PEOPLE = 200


class GroupSize(QWidget):
    """``scriptSuggested(script id)`` when the facilitator takes up the shape suggested for a mixed room."""

    scriptSuggested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("groupSize")
        self._mode = Mode.PAIRS
        self._script_id = ""
        self._suggested: str | None = None
        self.count = QSpinBox(self)
        self.count.setObjectName("peopleHere")
        self.count.setRange(0, MAX_PEOPLE)
        self.count.setSpecialValueText(self.tr("—"))
        self.count.setAccessibleName(self.tr("How many are here, not counting you"))
        self.count.valueChanged.connect(self._advise)
        label = QLabel(self.tr("How many are here (not counting you)?"), self)
        label.setWordWrap(True)
        label.setBuddy(self.count)
        self.advice = QLabel(self)
        self.advice.setObjectName("groupAdvice")
        self.advice.setWordWrap(True)
        self.use_button = QPushButton(self)
        self.use_button.setObjectName("useMixedShape")
        self.use_button.clicked.connect(self._take_up)
        self.use_button.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label, 1)
        row.addWidget(self.count)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(row)
        box.addWidget(self.advice)
        box.addWidget(self.use_button)

    def load(self, script: Script) -> None:
        self._mode = script.mode
        self._script_id = script.id
        self.setVisible(script.mode is not Mode.ONE_TO_ONE)
        self._advise()

    def _title(self, script_id: str) -> str:
        found = [s.title for s in builtin_scripts() if s.id == script_id]
        return found[0] if found else script_id

    def _n(self, count: int, one: str, many: str) -> str:
        return one if count == 1 else many.replace("%n", str(count))

    def _groups(self, groups: Groups) -> str:
        parts = []
        if groups.threes:
            parts.append(self._n(groups.threes, self.tr("one three"), self.tr("%n threes")))
        if groups.pairs:
            parts.append(self._n(groups.pairs, self.tr("one pair"), self.tr("%n pairs")))
        if self._mode is Mode.PAIRS:
            parts.reverse()  # pairs first in a pairs practice
        return self.tr(" and ").join(parts)

    def _words(self, advice: Advice) -> str:
        people = self.count.value()
        if people == 0:
            return self.tr("Enter the number, and the groups to form are suggested here.")
        lines = []
        if advice.groups is None:
            lines.append(self.tr("Too few for this practice on their own."))
        else:
            lines.append(self.tr("Form %1.").replace("%1", self._groups(advice.groups)))
            if self._mode is Mode.TRIADS and advice.groups.pairs:
                lines.append(
                    self.tr(
                        "A pair takes the speaker and listener turns with no observer; the script's notes "
                        "say what it does in the third round."
                    )
                )
        if advice.joining is not None:
            lines.append(self.tr("Or join in yourself: %1.").replace("%1", self._groups(advice.joining)))
        if advice.script_id and advice.script_id != self._script_id:
            shape = self.tr(
                "A three needs a shape written for it: “%1” runs pairs and one three on one clock."
            )
            lines.append(shape.replace("%1", self._title(advice.script_id)))
        return " ".join(lines)

    def _advise(self) -> None:
        advice = form_groups(self.count.value(), self._mode)
        self.advice.setText(self._words(advice))
        offer = advice.script_id if advice.script_id and advice.script_id != self._script_id else None
        self._suggested = offer
        self.use_button.setText(self.tr("Use it instead"))
        self.use_button.setVisible(offer is not None)

    def _take_up(self) -> None:
        if self._suggested is not None:
            self.scriptSuggested.emit(self._suggested)
