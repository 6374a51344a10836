"""The facilitator's own reflection after a session: in their own words, or stage by stage through Gibbs'
reflective cycle or Kolb's learning cycle (``core/reflection.py`` holds the stages and their prompts).

The form draws and reports; it decides nothing. The debrief page hosts it around its free box, which stays
exactly as it was (``reflectionEdited`` on the page). The choice of framework is the session's (the record's
``reflection_framework``) and, remembered in the preferences, the next session's starting point. Moving
between frameworks hides fields, never empties them: what was written at every stage is kept.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from mindful_listening.core import reflection
from mindful_listening.core.record import SessionRecord, StageNote
from mindful_listening.ui.widgets import notes_field, scrolled, text_label

if TYPE_CHECKING:
    from mindful_listening.ui.looks import Looks


def _tr(text: str) -> str:
    """The framework words, translated in the context they are marked with (``core/reflection.py``)."""
    return QCoreApplication.translate("Records", text)


class ReflectionTaker(Protocol):
    """Where the form's edits go: the session (``PracticeSession``), which keeps them in the record."""

    def set_reflection_framework(self, key: str) -> None: ...
    def set_reflection_stage(self, framework: str, stage: str, text: str) -> None: ...


class ReflectionForm(QWidget):
    """A choice of framework above the fields for it: the free box, six Gibbs stages or four Kolb stages.

    ``frameworkChosen(key)`` when the facilitator picks one; ``stageEdited(framework, stage, text)`` as they
    write at a stage. Text put in by :meth:`show_record` or :meth:`clear` emits neither.
    """

    frameworkChosen = Signal(str)
    stageEdited = Signal(str, str, str)

    def __init__(self, free_field: QPlainTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reflectionForm")
        self.free_field = free_field
        self._default = reflection.FREE
        self.choice = QComboBox()
        self.choice.setObjectName("reflectionFramework")
        # No wider than large text on a laptop leaves it (its row gives it the rest of the line).
        self.choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.choice.setMinimumContentsLength(12)
        self.choice.setAccessibleName(self.tr("How would you like to reflect?"))
        self.choice.view().setAccessibleName(self.tr("Ways to reflect"))
        for key in reflection.FRAMEWORK_CHOICES:
            self.choice.addItem(_tr(reflection.FRAMEWORKS[key].name), key)
        self.choice_label = QLabel(self.tr("&Reflect:"))
        self.choice_label.setBuddy(self.choice)
        self.about = text_label(role="muted")
        self.about.setObjectName("reflectionAbout")

        self.pages = QStackedWidget()
        self.pages.setObjectName("reflectionPages")
        self.pages.addWidget(free_field)
        self.stage_fields: dict[tuple[str, str], QPlainTextEdit] = {}
        self.stage_labels: dict[tuple[str, str], QLabel] = {}
        self._page_of: dict[str, QWidget] = {reflection.FREE: free_field}
        for key in reflection.STRUCTURED:
            page = self._stages_page(reflection.FRAMEWORKS[key])
            self.pages.addWidget(page)
            self._page_of[key] = page

        # The choice on one line with its label, and no line about the free box: on a laptop at large text the
        # debrief's right-hand column has room for one line more than it had before, no more.
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.choice_label)
        top.addWidget(self.choice, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.about)
        layout.addWidget(self.pages, 1)
        self.choice.activated.connect(self._chosen)
        self._show(reflection.FREE)

    def _stages_page(self, framework: reflection.Framework) -> QWidget:
        host = QWidget()
        host.setObjectName(f"reflection-{framework.key}")
        box = QVBoxLayout(host)
        box.setContentsMargins(0, 0, 8, 0)
        for number, stage in enumerate(framework.stages, start=1):
            title = _tr(stage.title)
            label = QLabel(f"{number}. {title}")
            label.setProperty("role", "subheading")
            label.setTextFormat(Qt.TextFormat.PlainText)
            prompt = text_label(_tr(stage.prompt), "muted")
            field = notes_field(title, _tr(stage.prompt), lines=3)
            field.setMaximumHeight(round(field.minimumHeight() * 1.5))  # as the debrief's prompt fields
            field.setAccessibleDescription(_tr(stage.prompt))
            field.setObjectName(f"stage-{framework.key}-{stage.key}")
            field.textChanged.connect(
                lambda f=framework.key, s=stage.key, w=field: self.stageEdited.emit(f, s, w.toPlainText())
            )
            label.setBuddy(field)
            box.addWidget(label)
            box.addWidget(prompt)
            box.addWidget(field)
            self.stage_fields[(framework.key, stage.key)] = field
            self.stage_labels[(framework.key, stage.key)] = label
        box.addStretch(1)
        scroll = scrolled(host)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return scroll

    # ------------------------------------------------------------------ what is shown
    @property
    def framework(self) -> str:
        return str(self.choice.currentData())

    def set_default(self, key: str) -> None:
        """The framework a new session starts with (the one chosen last time)."""
        self._default = reflection.framework(key).key

    def clear(self) -> None:
        """A new session: every stage empty, the remembered framework chosen. Emits nothing."""
        for field in self.stage_fields.values():
            _quietly_set(field, "")
        self._show(self._default)

    def show_record(self, record: SessionRecord) -> None:
        """A record taken up again: its framework and what was written at each stage. Emits nothing."""
        for (framework, stage), field in self.stage_fields.items():
            _quietly_set(field, record.stage_text(framework, stage))
        self._show(reflection.framework(record.reflection_framework).key)

    def choose(self, key: str) -> None:
        """Choose a framework as the facilitator would (the menu's choice): shown, and reported."""
        self._show(reflection.framework(key).key)
        self.frameworkChosen.emit(self.framework)

    def fields(self) -> list[QPlainTextEdit]:
        """Every field, the free box first, then each framework's stages in order (for the Tab order)."""
        return [self.free_field, *self.stage_fields.values()]

    def focus_chain(self) -> list[QWidget]:
        """The choice, then the fields; hidden ones are passed over by Tab."""
        return [self.choice, *self.fields()]

    def wire(self, taker: ReflectionTaker, looks: Looks) -> None:
        """Send the facilitator's choice and writing to the session; remember the choice in the preferences
        (the next session starts with it; Preferences ▸ Reset brings back the free box)."""
        self.set_default(looks.prefs.reflection_framework)
        looks.saved.connect(lambda prefs: self.set_default(prefs.reflection_framework))
        self.frameworkChosen.connect(taker.set_reflection_framework)
        self.frameworkChosen.connect(
            lambda key: looks.set_prefs(replace(looks.prefs, reflection_framework=key))
        )
        self.stageEdited.connect(taker.set_reflection_stage)

    # ------------------------------------------------------------------ inner
    def _chosen(self, index: int) -> None:
        self._show(str(self.choice.itemData(index)))
        self.frameworkChosen.emit(self.framework)

    def _show(self, key: str) -> None:
        index = self.choice.findData(key)
        self.choice.setCurrentIndex(max(0, index))
        self.pages.setCurrentWidget(self._page_of[self.framework])
        self.about.setText(_tr(reflection.FRAMEWORKS[self.framework].about))
        self.about.setVisible(self.framework != reflection.FREE)


def _quietly_set(field: QPlainTextEdit, text: str) -> None:
    if field.toPlainText() == text:
        return
    field.blockSignals(True)
    field.setPlainText(text)
    field.blockSignals(False)


def written_stages(record: SessionRecord) -> list[tuple[str, StageNote]]:
    """Each stage written in ``record``, with its label ("Gibbs · Feelings"), the chosen framework first and
    in the cycle's order: for the history's notes editor, which edits these very notes."""
    chosen = record.reflection_framework
    order = [chosen, *(key for key in reflection.STRUCTURED if key != chosen)]
    rows: list[tuple[str, StageNote]] = []
    for key in order:
        known = reflection.FRAMEWORKS.get(key)
        if known is None or not known.stages:
            continue
        for stage in known.stages:
            note = next(
                (n for n in record.reflection_stages if n.framework == key and n.stage == stage.key), None
            )
            if note is not None:
                short = QCoreApplication.translate("Records", "Gibbs" if key == reflection.GIBBS else "Kolb")
                rows.append((f"{short} · {_tr(stage.title)}", note))
    return rows
