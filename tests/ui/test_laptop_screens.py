"""The console on every laptop: at 1280×720, 1366×768 and 1920×1080, with and without assessment mode, at
ordinary and large text sizes, every control is inside the window and nothing is cut off. Where the text is
made very large the console scrolls (a scroll bar is a way to reach a control; a clipped one is not)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from mindful_listening.core.flow import Stage
from mindful_listening.core.library import find_script
from mindful_listening.preferences import Preferences
from mindful_listening.ui.widgets import WINDOW_FRAME, fit_to_screen
from mindful_listening.ui.window import MainWindow

MakeWindow = Callable[..., MainWindow]
SCREENS = [QSize(1280, 720), QSize(1366, 768), QSize(1920, 1080)]
CONTROLS = (QAbstractButton, QLineEdit, QPlainTextEdit, QComboBox)


def clipped(control: QWidget, window: QWidget) -> str | None:
    """Why ``control`` cannot be fully seen, or None: each parent up to the window must hold all of it, unless
    the parent scrolls (then it can be scrolled into view)."""
    rect = QRect(QPoint(0, 0), control.size())
    child: QWidget = control
    parent = control.parentWidget()
    while parent is not None:
        rect = QRect(child.mapTo(parent, rect.topLeft()), rect.size())
        viewport_of = parent.parentWidget()
        if isinstance(viewport_of, QAbstractScrollArea) and viewport_of.viewport() is parent:
            return None  # scrollable from here up: reachable
        if not QRect(QPoint(0, 0), parent.size()).contains(rect):
            name = control.accessibleName() or control.objectName() or type(control).__name__
            return f"{name} is cut off by {parent.objectName() or type(parent).__name__}"
        if parent is window:
            return None
        child, parent = parent, parent.parentWidget()
    return None


def problems(window: MainWindow) -> list[str]:
    found = []
    for control in window.findChildren(QWidget):
        if isinstance(control, CONTROLS) and control.isVisibleTo(window) and control.window() is window:
            why = clipped(control, window)
            if why:
                found.append(why)
    return found


@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: f"{s.width()}x{s.height()}")
@pytest.mark.parametrize("assessing", [False, True], ids=["plain", "assessment"])
@pytest.mark.parametrize("scale", [0.6, 1.0, 1.6, 2.5], ids=["text-0.6", "text-1.0", "text-1.6", "text-2.5"])
def test_every_control_is_inside_the_window_at_every_laptop_size(
    qtbot: QtBot, make_window: MakeWindow, screen: QSize, assessing: bool, scale: float
) -> None:
    window = make_window(prefs=Preferences(font_scale=scale))
    window.show()
    room = screen - WINDOW_FRAME
    window.resize(room)
    if assessing:
        window.actions_by_name["assessment"].trigger()
    window.use_script(find_script("classic-pairs"))
    for stage in (Stage.LIBRARY, Stage.PURPOSE, Stage.PRACTICE, Stage.DEBRIEF):
        window.set_stage(stage)
        QApplication.processEvents()
        assert window.width() <= room.width(), f"{stage}: the window grew past the screen"
        assert window.height() <= room.height(), f"{stage}: the window grew past the screen"

        # A wrapped row asks the layouts above it again once it knows its width: give that pass its turn.
        def settled(stage: Stage = stage) -> None:
            assert problems(window) == [], stage

        qtbot.wait_until(settled, timeout=2_000)
        assert not window.library_page.list.horizontalScrollBar().isVisible(), "titles wrap, never scroll"
        if scale == 1.0 and screen.width() >= 1366:
            scroller = window.presenter
            assert isinstance(scroller, QAbstractScrollArea)
            bars = scroller.verticalScrollBar(), scroller.horizontalScrollBar()
            shown = [bar.orientation().name for bar in bars if bar.isVisible()]
            assert not shown, f"{stage}: at ordinary sizes nothing scrolls ({shown})"


def test_the_window_never_opens_bigger_than_its_screen(make_window: MakeWindow) -> None:
    window = make_window()
    available = window.screen().availableGeometry().size()
    fit_to_screen(window, QSize(5000, 5000))
    assert window.width() <= available.width()
    assert window.height() <= available.height()
    fit_to_screen(window, QSize(640, 480))
    assert window.size() == QSize(640, 480), "a size that fits is kept"


@pytest.mark.parametrize("scale", [0.6, 1.0, 1.6, 2.5], ids=["text-0.6", "text-1.0", "text-1.6", "text-2.5"])
def test_the_preferences_fit_a_laptop_screen_at_every_text_size(
    qtbot: QtBot, make_window: MakeWindow, scale: float
) -> None:
    from mindful_listening.ui.preferences_dialog import PreferencesDialog

    window = make_window(prefs=Preferences(font_scale=scale))
    window.actions_by_name["preferences"].trigger()
    dialog = window.tools.get("preferences")
    assert isinstance(dialog, PreferencesDialog)
    room = QSize(1366, 768) - WINDOW_FRAME
    dialog.resize(dialog.wanted_size().boundedTo(room))  # as fit() opens it on a 1366×768 screen
    QApplication.processEvents()
    area = dialog.findChild(QAbstractScrollArea, "preferencesScroll")
    assert area is not None

    def fits() -> None:
        found = [
            why
            for control in dialog.findChildren(QWidget)
            if isinstance(control, CONTROLS) and control.isVisibleTo(dialog)
            if (why := clipped(control, dialog))
        ]
        assert found == []
        assert not area.horizontalScrollBar().isVisible(), "it never scrolls sideways"

    qtbot.wait_until(fits, timeout=2_000)
    for button in (dialog.close_button, dialog.reset_button):
        assert clipped(button, dialog) is None, "the buttons stay in sight below the form"
    if scale <= 1.0:
        assert not area.verticalScrollBar().isVisible(), "at ordinary sizes everything shows at once"
    dialog.close()
