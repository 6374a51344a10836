"""Keyboard routing the shortcut system cannot express on its own.

* While the facilitator types in a notes field, single keys (Space, B, ., +, letters, arrows) belong to the
  field: the shortcut is overridden and the key is typed. Keys with Ctrl, Alt or Meta, the function keys and
  the clicker's PageUp / PageDown (which never type text) still reach their shortcuts. Esc leaves the field
  (the keyboard goes back to the stage's controls), as Tab does.
* ``+`` and ``=`` add 30 seconds, with or without Shift, so "+" means the same on every layout (a US keyboard
  types it with Shift, a German one without). The shortcut map alone would see "+" and "Shift++" as one
  ambiguous key and do neither, so this router claims them. A minute is M, a key every layout types alike.
* Enter (or Return) presses the button the keyboard is on: Space cannot, since it is the practice's.
* A widget that moves within itself by the arrows (a tab bar, a tree or table, a slider, a row of radio
  buttons) keeps them: on the library's tabs Right shows the next tab, not the next stage. A plain list or a
  combo box moves by Up and Down only, so Left and Right still go back and on from there.

The router watches only the widgets a key can reach now, not the whole application: an app-wide filter
written in Python has every event of the app cross into Python (about 26,000 in a 31 s practice at 10×, most
of them paints, layouts and timers), and a step change's burst of events paid for each. Qt gives a key to the
widget with the keyboard (or to its window when nothing in it has it) and hands it on to each parent in turn
while it is ignored, so the router sits on that widget, each widget above it, and our own windows (a key
pressed at a window goes to the window), and moves with the keyboard (``focusChanged``).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QTabBar,
    QTableView,
    QTextEdit,
    QTreeView,
    QWidget,
)

if TYPE_CHECKING:
    from mindful_listening.ui.window import MainWindow

COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
)
# Keys a notes field never takes: Tab moves on, and a presentation clicker's keys always drive the session.
PASS_THROUGH_KEYS = {
    Qt.Key.Key_Escape,
    Qt.Key.Key_Tab,
    Qt.Key.Key_Backtab,
    Qt.Key.Key_PageUp,
    Qt.Key.Key_PageDown,
}


def is_text_input(obj: QObject | None) -> bool:
    """A widget the facilitator types into (read-only fields do not count)."""
    if isinstance(obj, QLineEdit | QPlainTextEdit | QTextEdit):
        return not obj.isReadOnly()
    if isinstance(obj, QAbstractSpinBox):
        return not obj.isReadOnly()
    return isinstance(obj, QComboBox) and obj.isEditable()


ARROW_KEYS = {Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down}


def uses_arrows(obj: QObject | None) -> bool:
    """A widget that moves within itself by the arrow keys, and so keeps them from the window's shortcuts."""
    if isinstance(obj, QTabBar | QAbstractSlider | QTreeView | QTableView):
        return True
    if isinstance(obj, QListView):  # a list laid out in a row or a grid; a plain list uses Up and Down only
        return obj.viewMode() == QListView.ViewMode.IconMode or obj.flow() == QListView.Flow.LeftToRight
    if isinstance(obj, QAbstractButton):  # radio buttons, and buttons in a group, move between themselves
        return obj.autoExclusive() or obj.group() is not None
    return False


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
        add_time: Callable[[], None],
        leave_field: Callable[[QWidget], None],
        parent: QObject | None = None,
    ) -> None:
        """``owns(widget)``: whether a widget belongs to our windows; ``add_time()``: + or =;
        ``leave_field(widget)``: Esc in a notes field of ours."""
        super().__init__(parent)
        self._owns = owns
        self._add_time = add_time
        self._leave_field = leave_field

    @staticmethod
    def _plus(event: QKeyEvent) -> bool:
        return (
            Qt.Key(event.key()) in (Qt.Key.Key_Plus, Qt.Key.Key_Equal)
            and not event.modifiers() & COMMAND_MODIFIERS
        )

    def _presses_button(self, watched: QWidget, event: QKeyEvent) -> bool:
        return (
            event.type() == QEvent.Type.KeyPress
            and Qt.Key(event.key()) in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & COMMAND_MODIFIERS
            and isinstance(watched, QAbstractButton)
            and watched.isEnabled()
            and watched.window() is not None
            and self._owns(watched)
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The class first: asking every paint and layout event its type makes a Python enum each time
        # (measured 3.6 µs an event against 2.4 µs for this test, whose answer PySide already knows).
        if not isinstance(event, QKeyEvent) or not isinstance(watched, QWidget):
            return False
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        typing = is_text_input(watched)
        # Typing wins in any window of the app (the history's search field too); the + keys are claimed
        # only in our own windows, so a modal dialog of another part keeps them.
        plus = not typing and self._plus(event) and self._owns(watched)
        escape = typing and Qt.Key(event.key()) == Qt.Key.Key_Escape and self._owns(watched)
        arrow = Qt.Key(event.key()) in ARROW_KEYS and not event.modifiers() & COMMAND_MODIFIERS
        if kind == QEvent.Type.ShortcutOverride:
            if (typing and is_single_key(event)) or plus or escape or (arrow and uses_arrows(watched)):
                event.accept()  # no shortcut: the key goes on to the widget as an ordinary key press
            return False
        if escape:
            self._leave_field(watched)
            return True
        if self._presses_button(watched, event):
            assert isinstance(watched, QAbstractButton)
            watched.click()  # Space is the practice's, so Enter presses the button the keyboard is on
            return True
        if plus:
            self._add_time()
            return True
        return False


def _address(widget: QWidget) -> int:
    """The C++ object behind a widget: a widget Qt made (a scroll area's viewport) may get a new Python
    wrapper each time it is asked for, so Python's ``is`` cannot tell whether two are the same."""
    return int(shiboken6.getCppPointer(widget)[0])


def key_receivers(focus: QWidget | None, windows: Sequence[QWidget]) -> list[QWidget]:
    """Every widget a key pressed now can reach, in the order Qt offers it: the widget with the keyboard
    (``focus``), each widget above it up to its window, then ``windows`` not among them."""
    found: list[QWidget] = []
    widget = focus
    while widget is not None:
        found.append(widget)
        if widget.isWindow():
            break
        widget = widget.parentWidget()
    seen = {_address(widget) for widget in found}
    found.extend(top for top in windows if _address(top) not in seen)
    return found


class _Held:
    """A widget the router sits on. A widget inside another is held as it is (Qt owns it, so holding its
    wrapper keeps nothing alive; a weak reference to a wrapper Qt made would die at once); a window only
    weakly, so the router never keeps a closed dialog alive."""

    def __init__(self, widget: QWidget) -> None:
        self.address = _address(widget)
        self._weak: weakref.ref[QWidget] | None = None
        self._strong: QWidget | None = None
        if widget.parentWidget() is None:
            self._weak = weakref.ref(widget)
        else:
            self._strong = widget

    def widget(self) -> QWidget | None:
        """The widget, or None once it is gone (Qt deletes a widget's filters with it)."""
        widget = self._weak() if self._weak is not None else self._strong
        return widget if widget is not None and shiboken6.isValid(widget) else None


class WindowKeys:
    """The main window's keys beyond its actions: the router above, on the widgets a key can reach while the
    window is open (see the module's notes), and the stage hint kept true while a notes field has the
    keyboard."""

    def __init__(self, window: MainWindow) -> None:
        self.w = window
        self.router = KeyRouter(self.owns, self.add_time, self.leave_field, window)
        self._held: list[_Held] = []
        self._app = QApplication.instance()
        if isinstance(self._app, QApplication):
            self._app.focusChanged.connect(self._on_focus_changed)
        self.follow_keyboard()

    def watched(self) -> list[QWidget]:
        """The widgets the router sits on now."""
        return [widget for held in self._held if (widget := held.widget()) is not None]

    def follow_keyboard(self) -> None:
        """Put the router on the widgets a key can reach now, and take it off the others."""
        w = self.w
        ours: list[QWidget] = [top for top in (w, w.audience_window, w.help_panel) if top is not None]
        wanted = key_receivers(QApplication.focusWidget() or QApplication.activeWindow(), ours)
        keep = {_address(widget) for widget in wanted}
        had = {held.address for held in self._held}
        for held in self._held:
            widget = held.widget()
            if widget is not None and held.address not in keep:
                widget.removeEventFilter(self.router)
        for widget in wanted:
            if _address(widget) not in had:
                widget.installEventFilter(self.router)
        self._held = [_Held(widget) for widget in wanted]

    def owns(self, widget: QWidget) -> bool:
        top = widget.window()
        w = self.w
        return top is w or top is w.audience_window or top is w.help_panel

    def show_list(self) -> None:
        """F1: every key of the menus, with the ones no menu shows."""
        w = self.w
        extra = [
            (w.tr("Use the highlighted script (in the list)"), w.tr("Enter")),
            (w.tr("Move between fields and buttons"), w.tr("Tab / Shift+Tab")),
        ]
        carried = [a for a in w.actions() if a is not w.actions_by_name["leave_fullscreen"]]
        w.tools.show_shortcuts(w.menu_groups, carried, extra)  # Esc closes the list instead

    def add_time(self) -> None:
        action = self.w.actions_by_name["add_short"]
        if action.isEnabled():
            action.trigger()

    def leave_field(self, _field: QWidget) -> None:
        """Esc in a notes field: the keyboard goes back to the stage's buttons, where single keys act."""
        page = self.w.pages.currentWidget()
        buttons = page.findChildren(QAbstractButton) if page is not None else []
        target = next((b for b in buttons if b.isVisible() and b.isEnabled()), page)
        if target is not None:
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _on_focus_changed(self, _old: QWidget | None, _new: QWidget | None) -> None:
        self.follow_keyboard()
        self.w.mark_stage()  # the hint says how to leave a notes field while one has the keyboard

    def close(self) -> None:
        if isinstance(self._app, QApplication):
            self._app.focusChanged.disconnect(self._on_focus_changed)
        for widget in self.watched():
            widget.removeEventFilter(self.router)
        self._held = []
