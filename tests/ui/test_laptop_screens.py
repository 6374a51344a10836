"""The console on every laptop: at 1280×720, 1366×768 and 1920×1080, with and without assessment mode, at
ordinary and large text sizes, every control is inside the window and nothing is cut off. Where the text is
made very large the console scrolls down (a scroll bar is a way to reach a control; a clipped one is not), but
never sideways: a line cut at the right, or one reached only by scrolling sideways, is not read in a room."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from mindful_listening.core.flow import Stage
from mindful_listening.core.library import find_script
from mindful_listening.preferences import Preferences
from mindful_listening.speech.service import problem_message
from mindful_listening.ui.widgets import WINDOW_FRAME, fit_to_screen, opening_size
from mindful_listening.ui.window import MainWindow

MakeWindow = Callable[..., MainWindow]
SCREENS = [QSize(1280, 720), QSize(1366, 768), QSize(1920, 1080)]
CONTROLS = (QAbstractButton, QLineEdit, QPlainTextEdit, QComboBox)


def clipped(control: QWidget, window: QWidget) -> str | None:
    """Why ``control`` cannot be fully seen, or None: each parent up to the window must hold all of it, unless
    the parent scrolls (then it can be scrolled into view, but only up and down: it must fit the width)."""
    rect = QRect(QPoint(0, 0), control.size())
    child: QWidget = control
    parent = control.parentWidget()
    name = control.accessibleName() or control.objectName() or type(control).__name__
    while parent is not None:
        rect = QRect(child.mapTo(parent, rect.topLeft()), rect.size())
        viewport_of = parent.parentWidget()
        if isinstance(viewport_of, QAbstractScrollArea) and viewport_of.viewport() is parent:
            if rect.left() < 0 or rect.right() >= parent.width():
                area = viewport_of.objectName() or type(viewport_of).__name__
                return f"{name} is cut off at the side by {area}"
            return None  # scrollable from here up: reachable
        if not QRect(QPoint(0, 0), parent.size()).contains(rect):
            return f"{name} is cut off by {parent.objectName() or type(parent).__name__}"
        if parent is window:
            return None
        child, parent = parent, parent.parentWidget()
    return None


def cut_text(label: QLabel) -> str | None:
    """Why ``label``'s words cannot all be seen, or None: a wrapped label needs its height for its width, an
    unwrapped one the width of its line."""
    if not label.text():
        return None
    name = label.objectName() or label.text()[:40]
    if label.wordWrap():
        needed = label.heightForWidth(label.width())
        if label.height() < needed:
            return f"{name}: {label.height()} px high, its words need {needed} at {label.width()} px"
    elif label.width() < label.sizeHint().width():
        return f"{name}: {label.width()} px wide, its line needs {label.sizeHint().width()}"
    return None


def sideways(window: QWidget) -> list[str]:
    """The scroll areas in ``window`` that show a sideways scroll bar."""
    return [
        f"{area.objectName() or type(area).__name__} scrolls sideways"
        for area in window.findChildren(QAbstractScrollArea)
        if area.isVisibleTo(window) and area.window() is window and area.horizontalScrollBar().isVisible()
    ]


def problems(window: MainWindow) -> list[str]:
    found = sideways(window)
    # The mirror of the room's view too: its words are fitted to its size by the room view, its digits to the
    # height left for their line as well as to the width (at 1366x768 with text 1.8 they were cut).
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or widget.window() is not window:
            continue
        if isinstance(widget, (*CONTROLS, QLabel)) and (why := clipped(widget, window)):
            found.append(why)
        if isinstance(widget, QLabel) and (why := cut_text(widget)):
            found.append(why)
    return found


@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: f"{s.width()}x{s.height()}")
@pytest.mark.parametrize("assessing", [False, True], ids=["plain", "assessment"])
@pytest.mark.parametrize("scale", [0.6, 1.0, 1.6, 1.8, 2.5], ids=lambda s: f"text-{s}")
def test_every_control_is_inside_the_window_at_every_laptop_size(
    qtbot: QtBot,
    make_window: MakeWindow,
    screen: QSize,
    assessing: bool,
    scale: float,
    request: pytest.FixtureRequest,
) -> None:
    if assessing and scale == 2.5 and screen.width() < 1366:
        # Known, not fixed here (ui/assessment_panel.py): at this text size its assessment page's progress row
        # (a check box of 846 px and a button) asks for 1,287 px and its Criteria box for 939, wider than a
        # 1280 px console. (Wrapping that row made the panel a line taller at 1.0 on a 1366 px laptop.)
        request.applymarker(pytest.mark.xfail(strict=True, reason="the assessment panel is wider than 1280"))
    window = make_window(prefs=Preferences(font_scale=scale))
    window.show()
    room = screen - WINDOW_FRAME
    window.resize(room)
    if assessing:
        window.actions_by_name["assessment"].trigger()
        # The no-sound notice over the stages: one of the longest lines the console shows.
        window.notices.speech_problem(problem_message("no-output"))
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
        if stage is Stage.LIBRARY:  # the Rehearse tab too: the timeline's columns share its width
            tabs = window.library_page.tabs
            tabs.setCurrentIndex(1)
            qtbot.wait_until(settled, timeout=2_000)
            plan = window.library_page.plan
            header = plan.header()
            assert header.sectionSize(1) >= header.sectionSize(2), "what happens keeps most of the width"
            tabs.setCurrentIndex(0)
        # At ordinary sizes nothing scrolls. With the assessment beside the practice and the no-sound notice
        # above it on a 1366 px laptop, the readouts wrapped whole in the narrower column (they were squeezed
        # to a line each, cut) take the console past the window: there it scrolls down.
        beside = assessing and stage is Stage.PRACTICE and screen.width() < 1920
        if scale == 1.0 and screen.width() >= 1366 and not beside:
            scroller = window.presenter
            assert isinstance(scroller, QAbstractScrollArea)
            bars = scroller.verticalScrollBar(), scroller.horizontalScrollBar()
            shown = [bar.orientation().name for bar in bars if bar.isVisible()]
            assert not shown, f"{stage}: at ordinary sizes nothing scrolls ({shown})"


def test_the_assessment_goes_under_the_stages_while_the_text_is_too_large_for_both_side_by_side(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window(prefs=Preferences(font_scale=1.0))
    window.resize(QSize(1366, 768) - WINDOW_FRAME)
    window.actions_by_name["assessment"].trigger()
    window.use_script(find_script("classic-pairs"))
    window.set_stage(Stage.PRACTICE)
    split, panel, pages = window.presenter_split, window.assessment_panel, window.pages

    def beside() -> None:
        assert split.orientation() is Qt.Orientation.Horizontal
        assert panel.geometry().left() > pages.geometry().right()

    qtbot.wait_until(beside, timeout=2_000)
    window.looks.set_font_scale(2.5)  # as Larger text (Ctrl+=) makes it, while the window stays as it is

    def under() -> None:
        assert split.orientation() is Qt.Orientation.Vertical
        assert panel.geometry().top() > pages.geometry().bottom()
        assert problems(window) == []

    qtbot.wait_until(under, timeout=2_000)
    window.looks.set_font_scale(1.0)
    qtbot.wait_until(beside, timeout=2_000)


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


@pytest.mark.parametrize(
    ("free", "opened"),
    [
        (QSize(1366, 740), QSize(1366, 740)),  # a 1366x768 laptop: the whole width, as tall as it can be
        (QSize(1280, 690), QSize(1280, 690)),
        (QSize(1536, 830), QSize(1536, 800)),  # still a laptop: the width, the height it asks for
        (QSize(1920, 1050), QSize(1280, 800)),  # full HD: the size it asks for, not the whole screen
    ],
    ids=["1366", "1280", "1536", "1920"],
)
def test_the_console_opens_as_wide_as_a_laptop_screen(free: QSize, opened: QSize) -> None:
    assert opening_size(QSize(1280, 800), free, fill_width_below=1600) == opened
