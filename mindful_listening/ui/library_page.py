"""The library page of the presenter console: built-in scripts and opened files, a preview and the planned
timeline of the one selected.

It is the facilitator's first screen, so it has a module of its own: the other stages' pages
(:mod:`mindful_listening.ui.presenter`) and what only they need are imported just after the first paint
(decision 0016), not before it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QAction, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QTabWidget,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from mindful_listening.core.durations import describe_ms, format_clock
from mindful_listening.core.loading import Problem
from mindful_listening.core.script import Mode, Script
from mindful_listening.core.timeline import Timeline, compile_script
from mindful_listening.ui import phase, plan_view
from mindful_listening.ui.widgets import WholeWordsDelegate, action_button, heading, scrolled, text_label


def mode_words(mode: Mode) -> str:
    words = {
        Mode.PAIRS: "Pairs",
        Mode.TRIADS: "Threes, with an observer",
        Mode.ONE_TO_ONE: "One to one",
    }[mode]
    return QCoreApplication.translate("Library", words)


class _PlanTree(QTreeWidget):
    """The Rehearse tab's timeline: the time and what happens, with the length as wide as its words up to a
    quarter of the width (at large text on a laptop it was as wide as its longest words and left a few letters
    of what happens, then scrolled sideways); a length cut short there is whole in its tooltip."""

    LENGTH = 2
    LEAST_LINES = 6  # never shorter than this many lines under its header: the console scrolls instead

    def minimumSizeHint(self) -> QSize:
        """Tall enough for a few lines of the plan at any text size (at 250 % on a laptop it was squeezed to
        less than one row, under the script's title and the list); the console scrolls to show it."""
        least = super().minimumSizeHint()
        height = self.header().sizeHint().height() + self.LEAST_LINES * self.fontMetrics().lineSpacing()
        return QSize(least.width(), max(least.height(), height + 2 * self.frameWidth()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_length()

    def fit_length(self) -> None:
        wanted = self.sizeHintForColumn(self.LENGTH)
        self.header().resizeSection(self.LENGTH, min(max(wanted, 0), self.viewport().width() // 4))


class LibraryPage(QWidget):
    """Built-in scripts and opened files; a preview and the planned timeline of the one selected."""

    openFileRequested = Signal()
    useRequested = Signal()
    selectionChanged = Signal()

    def __init__(self, open_action: QAction, use_action: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("libraryPage")
        self._scripts: list[Script] = []

        self.list = QListWidget()
        self.list.setObjectName("scriptList")
        self.list.setAccessibleName(self.tr("Scripts"))
        self.list.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        # A long title wraps on a laptop rather than hiding behind a sideways scroll bar.
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentRowChanged.connect(self._on_row)
        self.list.itemActivated.connect(lambda _item: self.useRequested.emit())
        self.open_button = action_button(open_action, self.tr("Open a script file"))
        self.use_button = action_button(use_action, self.tr("Use this script"))

        left = QVBoxLayout()
        left.addWidget(heading(self.tr("Choose a script")))
        left.addWidget(self.list, 1)
        left.addWidget(self.open_button)
        self.script_buttons = QHBoxLayout()  # New, Duplicate, Edit (ui/script_shelf.py fills it)
        left.addLayout(self.script_buttons)

        # Problems with a file the facilitator tried to open: shown plainly; the list is left as it was.
        self.problems = QFrame()
        self.problems.setObjectName("problems")
        self.problems.setFrameShape(QFrame.Shape.StyledPanel)
        self._refused_title = self.tr("This file could not be used — nothing else has changed")
        self.problems_title = heading(self._refused_title)
        self.problems_text = text_label()
        self.problems_text.setObjectName("problemsText")
        self.problems_text.setAccessibleName(self.tr("Problems found in the file"))
        box = QVBoxLayout(self.problems)
        box.addWidget(self.problems_title)
        box.addWidget(self.problems_text)
        self.problems.hide()

        self.title = heading("", "title")
        self.title.setObjectName("previewTitle")
        self.facts = text_label(role="muted")
        self.summary = text_label()
        self.purpose = text_label()
        self.based_on = text_label(role="muted")
        self.based_on.setObjectName("basedOn")
        # The steps one to a line, a long title wrapped: a list sized to its contents made the page wider than
        # a laptop's window at large text, and cut the summary and "Based on" lines at the right.
        self.steps = text_label()
        self.steps.setObjectName("aboutSteps")
        self.steps.setAccessibleName(self.tr("Steps of the selected script"))
        about = QWidget()
        about_box = QVBoxLayout(about)
        about_box.addWidget(self.summary)
        about_box.addWidget(heading(self.tr("Purpose"), "subheading"))
        about_box.addWidget(self.purpose)
        about_box.addWidget(self.based_on)
        about_box.addWidget(heading(self.tr("Steps"), "subheading"))
        about_box.addWidget(self.steps)
        about_box.addStretch(1)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Script preview"))
        # Long words at large text scroll up and down within the tab, never sideways.
        self.tabs.addTab(scrolled(about, "aboutScroll", sideways=False), self.tr("About"))
        # The Rehearse tab's timeline is made and filled when it is first looked at (see ``plan``).
        self._rehearse = QWidget()
        QVBoxLayout(self._rehearse).setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self._rehearse, self.tr("Rehearse"))
        self._plan: _PlanTree | None = None
        self._plan_due: Timeline | None = None
        self.tabs.currentChanged.connect(lambda _index: self._fill_plan_if_shown())

        right = QVBoxLayout()
        right.addWidget(self.problems)
        right.addWidget(self.title)
        right.addWidget(self.facts)
        right.addWidget(self.tabs, 1)
        use_row = QHBoxLayout()
        use_row.addStretch(1)
        use_row.addWidget(self.use_button)
        right.addLayout(use_row)

        layout = QHBoxLayout(self)
        layout.addLayout(left, 32)
        layout.addLayout(right, 68)
        QWidget.setTabOrder(self.list, self.open_button)
        QWidget.setTabOrder(self.open_button, self.tabs)
        QWidget.setTabOrder(self.tabs, self.use_button)  # the timeline comes between them once it is made

    def set_scripts(self, scripts: Sequence[Script], sources: Sequence[str]) -> None:
        self._scripts = []
        self.list.clear()
        for script, source in zip(scripts, sources, strict=True):
            self.add_script(script, source, select=False)
        if self._scripts:
            self.list.setCurrentRow(0)

    def add_script(self, script: Script, source: str, select: bool = True) -> None:
        total = compile_script(script).total_ms
        item = QListWidgetItem(f"{script.title}\n{mode_words(script.mode)} · {describe_ms(total)} · {source}")
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{script.title}, {describe_ms(total)}")
        self._scripts.append(script)
        self.list.addItem(item)
        if select:
            self.list.setCurrentRow(self.list.count() - 1)

    def script_with_id(self, script_id: str) -> Script | None:
        """A script in the library (built in, or opened this time) by its id."""
        return next((s for s in self._scripts if s.id == script_id), None)

    def current_script(self) -> Script | None:
        row = self.list.currentRow()
        return self._scripts[row] if 0 <= row < len(self._scripts) else None

    def show_problems(self, problems: Sequence[Problem], title: str = "") -> None:
        """The problems with a file, under ``title`` (by default: the file could not be used)."""
        self.problems_title.setText(title or self._refused_title)
        self.problems_text.setText("\n".join(f"• {p}" for p in problems))
        self.problems.show()

    def clear_problems(self) -> None:
        self.problems_text.clear()
        self.problems.hide()

    def _on_row(self, row: int) -> None:
        script = self.current_script()
        if self._plan is not None:
            self._plan.clear()
        self._plan_due = None
        self.steps.clear()
        if script is None:
            self.title.clear()
            self.facts.clear()
            self.summary.clear()
            self.purpose.clear()
            self.based_on.clear()
            self.selectionChanged.emit()
            return
        timeline = compile_script(script)
        self.title.setText(script.title)
        self.facts.setText(
            self.tr("%1 · %2 in all · %3 steps · %4 debrief prompts")
            .replace("%1", mode_words(script.mode))
            .replace("%2", describe_ms(timeline.total_ms))
            .replace("%3", str(len(timeline.steps)))
            .replace("%4", str(len(script.debrief.prompts)))
        )
        self.summary.setText(script.summary)
        self.purpose.setText(phase.reflow(script.purpose))
        self.based_on.setText(phase.based_on_words(script))
        self.based_on.setVisible(bool(script.based_on))
        self.steps.setText(
            "\n".join(
                f"{format_clock(step.start_ms)}   {step.title}  ·  {describe_ms(step.span_ms)}"
                for step in timeline.steps
            )
        )
        self._plan_due = timeline
        self._fill_plan_if_shown()
        self.selectionChanged.emit()

    @property
    def plan(self) -> QTreeWidget:
        """The Rehearse tab's planned timeline of the selected script, every step and cue. It is made and
        filled when it is first looked at (its tab shown, or read here), not with the page and each selection:
        the About tab is the one on show at first, and making the tree (Qt's first header view, ~6 ms) and
        filling it for the first script were 14-19 ms of the window's construction before its first paint
        (2 December)."""
        return self._filled_plan()

    def _fill_plan_if_shown(self) -> None:
        if self.tabs.currentWidget() is self._rehearse:
            self._filled_plan()

    def _filled_plan(self) -> _PlanTree:
        plan = self._plan
        if plan is None:
            plan = self._plan = self._make_plan()
        timeline, self._plan_due = self._plan_due, None
        if timeline is not None:
            plan_view.fill_plan(plan, timeline)
            plan.fit_length()
        return plan

    def _make_plan(self) -> _PlanTree:
        plan = _PlanTree()
        plan.setObjectName("rehearsePlan")
        plan.setAccessibleName(self.tr("Rehearsal: the planned timeline with every cue"))
        plan.setColumnCount(3)
        plan.setHeaderLabels([self.tr("At"), self.tr("What happens"), self.tr("Length")])
        header = plan.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        plan.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # What happens is wrapped onto more lines, not cut short with "…" (a cue's words are the point): the
        # rows are measured again whenever its column's width changes.
        plan.setWordWrap(True)
        plan.setItemDelegate(
            WholeWordsDelegate(plan, lambda index: plan.columnWidth(1) if index.column() == 1 else 0)
        )
        header.sectionResized.connect(lambda *_: plan.scheduleDelayedItemsLayout())
        plan.setTextElideMode(Qt.TextElideMode.ElideRight)
        box = self._rehearse.layout()
        assert box is not None
        box.addWidget(plan)
        plan.show()  # at once: added to a tab on show, Qt would show it only from the event loop
        QWidget.setTabOrder(self.tabs, plan)
        QWidget.setTabOrder(plan, self.use_button)
        return plan

    def replace_script(self, script_id: str, script: Script, source: str) -> None:
        """Show a new version of a script in the library (the facilitator saved it), in its place."""
        row = next((i for i, s in enumerate(self._scripts) if s.id == script_id), None)
        if row is None:
            self.add_script(script, source)
            return
        total = compile_script(script).total_ms
        item = self.list.item(row)
        item.setText(f"{script.title}\n{mode_words(script.mode)} · {describe_ms(total)} · {source}")
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{script.title}, {describe_ms(total)}")
        self._scripts[row] = script
        if self.list.currentRow() == row:
            self._on_row(row)

    def remove_script(self, script_id: str) -> None:
        row = next((i for i, s in enumerate(self._scripts) if s.id == script_id), None)
        if row is not None:
            del self._scripts[row]
            self.list.takeItem(row)
            self._on_row(self.list.currentRow())
