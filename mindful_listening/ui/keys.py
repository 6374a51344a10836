"""Keyboard routing the shortcut system cannot express on its own.

* While the facilitator types in a notes field, single keys (Space, B, ., +, letters, arrows, PageUp/Down)
  belong to the field: the shortcut is overridden and the key is typed. Keys with Ctrl, Alt or Meta, the
  function keys and Esc still reach their shortcuts.
* ``+`` and ``=`` add 30 seconds and ``Shift`` with ``+`` adds a minute. On many layouts ``+`` itself needs
  Shift, so the shortcut map would see "+" and "Shift++" as one ambiguous key and do neither; this router
  claims those keys and decides by the Shift key alone.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
)
PASS_THROUGH_KEYS = {Qt.Key.Key_Escape, Qt.Key.Key_Tab, Qt.Key.Key_Backtab}


def is_text_input(obj: QObject | None) -> bool:
    """A widget the facilitator types into (read-only fields do not count)."""
    if isinstance(obj, QLineEdit | QPlainTextEdit | QTextEdit):
        return not obj.isReadOnly()
    if isinstance(obj, QAbstractSpinBox):
        return not obj.isReadOnly()
    return isinstance(obj, QComboBox) and obj.isEditable()


def is_single_key(event: QKeyEvent) -> bool:
    key = Qt.Key(event.key())
    if event.modifiers() & COMMAND_MODIFIERS:
        return False
    if key in PASS_THROUGH_KEYS:
        return False
    return not Qt.Key.Key_F1.value <= key.value <= Qt.Key.Key_F35.value


class KeyRouter(QObject):
    def __init__(
        self,
        owns: Callable[[QWidget], bool],
        add_time: Callable[[bool], None],
        parent: QObject | None = None,
    ) -> None:
        """``owns(widget)``: whether a widget belongs to our windows; ``add_time(long)``: + or Shift++."""
        super().__init__(parent)
        self._owns = owns
        self._add_time = add_time

    @staticmethod
    def _plus(event: QKeyEvent) -> bool:
        return (
            Qt.Key(event.key()) in (Qt.Key.Key_Plus, Qt.Key.Key_Equal)
            and not event.modifiers() & COMMAND_MODIFIERS
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        if not isinstance(watched, QWidget) or not isinstance(event, QKeyEvent):
            return False
        typing = is_text_input(watched)
        # Typing wins in any window of the app (the history's search field too); the + keys are claimed
        # only in our own windows, so a modal dialog of another part keeps them.
        plus = not typing and self._plus(event) and self._owns(watched)
        if kind == QEvent.Type.ShortcutOverride:
            if (typing and is_single_key(event)) or plus:
                event.accept()  # no shortcut: the key goes on to the widget as an ordinary key press
            return False
        if plus:
            shifted = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self._add_time(shifted and Qt.Key(event.key()) == Qt.Key.Key_Plus)
            return True
        return False
