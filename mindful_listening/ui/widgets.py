"""Small building blocks shared by the presenter pages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, QSize, QStandardPaths, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QWidget,
)


def heading(text: str, level: str = "heading") -> QLabel:
    label = QLabel(text)
    label.setProperty("role", level)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def text_label(text: str = "", role: str = "") -> QLabel:
    label = QLabel(text)
    if role:
        label.setProperty("role", role)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def action_button(action: QAction, name: str | None = None, parent: QWidget | None = None) -> QToolButton:
    """A button that mirrors an action (text, enabled, checked) and triggers it."""
    button = QToolButton(parent)
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    button.setAccessibleName(name or action.text().replace("&", "").rstrip("…"))
    return button


def short_action_button(action: QAction, words: str) -> QToolButton:
    """``action_button`` in fewer words where a heading already says what it is about. While the action
    says it is stopping something (a reading), the button says "Stop" too."""
    button = action_button(action, action.text().replace("&", ""))

    def follow() -> None:
        button.setText(button.tr("Stop") if action.text().replace("&", "").startswith("Stop") else words)

    action.changed.connect(follow)
    follow()
    return button


def notes_field(name: str, placeholder: str = "", lines: int = 3) -> QPlainTextEdit:
    """A plain-text notes box where Tab moves on rather than typing a tab."""
    field = QPlainTextEdit()
    field.setTabChangesFocus(True)
    field.setAccessibleName(name)
    field.setPlaceholderText(placeholder)
    metrics = field.fontMetrics()
    field.setMinimumHeight(metrics.lineSpacing() * lines + 16)
    field.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return field


def rule() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    return line


WINDOW_FRAME = QSize(16, 48)  # about what a window manager adds around a window: borders and a title bar


def fit_to_screen(window: QWidget, wanted: QSize) -> None:
    """Open at ``wanted``, or smaller: never bigger than the free part of the window's screen."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        window.resize(wanted)
        return
    room = screen.availableGeometry().size() - WINDOW_FRAME
    window.resize(wanted.boundedTo(room))


def close_on_escape(window: QWidget) -> QAction:
    """Esc closes this secondary window (the F1 list, the history), as it would a dialog."""
    action = QAction(window.tr("Close"), window)
    action.setObjectName("action_close_window")
    action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.triggered.connect(window.close)
    window.addAction(action)
    return action


def scrolled(content: QWidget, name: str = "") -> QScrollArea:
    """``content`` in a frameless scroll area that sizes it to fit: a scroll bar shows only when it cannot."""
    area = QScrollArea()
    if name:
        area.setObjectName(name)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    # No Tab stop of its own (an empty stop shows no focus at all): Tab goes to what is in it, and the area
    # scrolls to show the control Tab reaches.
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setWidget(content)
    return area


class DateField(QDateEdit):
    """A date field whose date changes only when the facilitator means it to.

    Qt's own date field takes Tab to step through its parts (here year, month, day) and leaves only after the
    last: one Tab from the field before, then the next field's words typed ("Level 4"), and the month became
    April, unseen. Here Tab and Shift+Tab always leave the field; Left and Right move between its parts, Up
    and Down change the part the cursor is in. The mouse wheel changes the date only while the field has the
    keyboard: over a field not being edited it scrolls what the field is in.
    """

    def __init__(self, date: QDate, parent: QWidget | None = None) -> None:
        super().__init__(date, parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # not Qt's WheelFocus: a wheel never picks it
        self.setCalendarPopup(True)

    def focusNextPrevChild(self, next: bool) -> bool:
        return QAbstractSpinBox.focusNextPrevChild(self, next)  # the widget's Tab, not the parts'

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not self.hasFocus():
            event.ignore()  # on to the scroll area it is in
            return
        super().wheelEvent(event)


def export_folder() -> Path:
    """Where exports are offered to go, and imports looked for: the Documents folder, or the home folder where
    there is none."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path.home()


def ask_for_file(parent: QWidget, title: str, filters: str, *, save_as: str = "") -> str | None:
    """The one blocking file dialog of the history, the diary and the courses (each calls it from a method
    its tests replace): a file to open, or with ``save_as`` a name to save under, offered in
    :func:`export_folder`. ``None`` when the facilitator cancels."""
    if save_as:
        path, _ = QFileDialog.getSaveFileName(parent, title, str(export_folder() / save_as), filters)
    else:
        path, _ = QFileDialog.getOpenFileName(parent, title, str(export_folder()), filters)
    return path or None


def ask_before_erasing(
    parent: QWidget,
    title: str,
    question: str,
    detail: str,
    yes: str,
    answered: Callable[[int], None],
    **properties: str,
) -> QMessageBox:
    """The question the history, the diary and the courses ask before erasing: a warning with Cancel as the
    default and ``yes`` on the other button, opened with ``open()`` (never ``exec()``) and answered through
    ``answered(result)``. ``properties`` go on the box, so the answer knows what was asked about."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(question)
    box.setInformativeText(detail)
    box.setStandardButtons(QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Yes)
    box.button(QMessageBox.StandardButton.Yes).setText(yes)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    for name, value in properties.items():
        box.setProperty(name, value)
    box.finished.connect(answered)
    box.open()
    return box
