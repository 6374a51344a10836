"""The keys' router sits on the widgets a key can reach, not on the whole application (issue 16).

An app-wide Python event filter is offered every event of the app (paints, layouts, timers: measured 9 µs
each for the router, ``benchmarks/event_filter_cost.py``). The router watches the widget with the keyboard,
each widget above it and our own windows, and follows the keyboard; what it does with keys is tested in
test_window.py, test_keyboard_session.py and test_tab_order.py.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from mindful_listening.ui.keys import key_receivers
from mindful_listening.ui.window import MainWindow
from tests.ui.conftest import MakeWindow


def _overridden(widget: QWidget, key: Qt.Key) -> bool:
    """Whether a ShortcutOverride for ``key`` sent to ``widget`` comes back accepted (no shortcut fires)."""
    event = QKeyEvent(QEvent.Type.ShortcutOverride, key, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


def _ours(window: MainWindow) -> list[QWidget]:
    return [top for top in (window, window.audience_window, window.help_panel) if top is not None]


def _focus_on(qtbot: QtBot, widget: QWidget) -> None:
    widget.activateWindow()
    qtbot.wait_until(widget.window().isActiveWindow)
    widget.setFocus()
    qtbot.wait_until(widget.hasFocus)


def test_key_receivers_are_the_focus_its_parents_up_to_its_window_then_the_other_windows(
    qtbot: QtBot,
) -> None:
    top, other = QWidget(), QWidget()
    qtbot.add_widget(top)
    qtbot.add_widget(other)
    box = QWidget(top)
    field = QLineEdit(box)
    assert key_receivers(field, [other, top]) == [field, box, top, other]
    assert key_receivers(None, [other, top]) == [other, top]
    assert key_receivers(top, []) == [top]


def test_the_router_follows_the_keyboard_and_watches_nothing_else(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    listing = window.library_page.list
    _focus_on(qtbot, listing)
    watched = window.keys.watched()
    assert watched == key_receivers(listing, _ours(window))
    assert watched[0] is listing
    assert window in watched
    labels = window.findChildren(QLabel)
    assert labels
    assert not any(label is seen for label in labels for seen in watched)

    # Into a window that is not ours (the history's search field, say): the router goes with the keyboard.
    other = QWidget()
    qtbot.add_widget(other)
    layout = QVBoxLayout(other)
    search, unfocused = QLineEdit(), QLineEdit()
    layout.addWidget(search)
    layout.addWidget(unfocused)
    other.show()
    _focus_on(qtbot, search)
    assert window.keys.watched() == key_receivers(search, _ours(window))
    assert not any(listing is seen for seen in window.keys.watched()), "it left the list behind"
    # Up is typing in a field (the router's rule; a line edit alone lets Up go to a shortcut).
    assert _overridden(search, Qt.Key.Key_Up)
    assert not _overridden(unfocused, Qt.Key.Key_Up), "nothing watches a field without the keyboard"


def test_a_watched_widget_deleted_by_qt_is_forgotten_without_trouble(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    dialog = QWidget()
    field = QLineEdit(dialog)
    dialog.show()
    _focus_on(qtbot, field)
    assert any(field is seen for seen in window.keys.watched())
    dialog.deleteLater()
    qtbot.wait_until(lambda: not shiboken6.isValid(field))
    _focus_on(qtbot, window.library_page.list)
    watched = window.keys.watched()
    assert watched == key_receivers(window.library_page.list, _ours(window))
    assert all(shiboken6.isValid(widget) for widget in watched)
