"""The shortcut help panel (F1): every action with its keys, read straight from the window's menus.

Built from the live actions, so it can never disagree with them. It is a plain window, not a modal dialog:
the session keeps running and every shortcut keeps working while it is open.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mindful_listening.ui.widgets import close_on_escape, fit_to_screen


def keys_text(action: QAction) -> str:
    native = QKeySequence.SequenceFormat.NativeText
    return "  or  ".join(seq.toString(native) for seq in action.shortcuts() if not seq.isEmpty())


def help_text(action: QAction) -> str:
    """The words for an action in the help: its ``helpText`` property (for actions whose text changes with
    the state, such as Start / Pause / Resume), else its menu text."""
    fixed = action.property("helpText")
    return fixed if isinstance(fixed, str) and fixed else action.text().replace("&", "")


class ShortcutHelp(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("shortcutHelp")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.setAccessibleName(self.tr("Keyboard shortcuts"))
        intro = QLabel(
            self.tr(
                "Every action is also in the menus. In a notes field, single keys (Space, B, +, arrows) are "
                "typed, not acted on: Esc or Tab leaves the field. PageDown and PageUp (a clicker's keys) "
                "work from anywhere."
            )
        )
        intro.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("shortcutTree")
        self.tree.setAccessibleName(self.tr("Shortcuts by menu"))
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([self.tr("Action"), self.tr("Keys")])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setRootIsDecorated(False)
        close = QPushButton(self.tr("Close"))
        close.setObjectName("closeShortcuts")
        close.clicked.connect(self.close)
        close_on_escape(self)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        fit_to_screen(self, QSize(860, 900))

    def fill(self, groups: Sequence[tuple[str, Sequence[QAction]]], extra: Sequence[tuple[str, str]]) -> None:
        """``groups``: (menu title, its actions); ``extra``: (what, keys) rows that have no action."""
        self.tree.clear()
        for title, actions in groups:
            rows = [(help_text(a), keys_text(a)) for a in actions if keys_text(a)]
            if not rows:
                continue
            top = QTreeWidgetItem([title.replace("&", ""), ""])
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            self.tree.addTopLevelItem(top)
            for what, keys in rows:
                top.addChild(QTreeWidgetItem([what, keys]))
            top.setExpanded(True)
        if extra:
            top = QTreeWidgetItem([self.tr("Also"), ""])
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            self.tree.addTopLevelItem(top)
            for what, keys in extra:
                top.addChild(QTreeWidgetItem([what, keys]))
            top.setExpanded(True)

    def rows(self) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            if top is None:
                continue
            for j in range(top.childCount()):
                child = top.child(j)
                if child is not None:
                    found.append((child.text(0), child.text(1)))
        return found
