"""Small building blocks shared by the presenter pages."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QFrame, QLabel, QPlainTextEdit, QScrollArea, QSizePolicy, QToolButton, QWidget


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
    area.setWidget(content)
    return area
