"""The window that opens the app shows the library first (issue 16): the purpose, practice and debrief pages
and the room view are made just after its first paint, or at once when anything needs them sooner, and nothing
a facilitator does before then is lost or goes astray."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from mindful_listening.core.clock import ManualClock
from mindful_listening.core.flow import Stage
from mindful_listening.core.record import MemorySink
from mindful_listening.preferences import Preferences
from mindful_listening.speech.api import FakeSpeaker
from mindful_listening.timers import HandTimers
from mindful_listening.ui.presenter import DebriefPage, PracticePage, PurposePage
from mindful_listening.ui.window import MainWindow


@pytest.fixture
def later(qtbot: QtBot, clock: ManualClock, timers: HandTimers, settings: QSettings) -> Iterator[MainWindow]:
    """A window made as the app makes it, not yet shown."""
    window = MainWindow(
        Preferences(theme="dark"),
        FakeSpeaker(),
        MemorySink(),
        settings=settings,
        clock=clock,
        timer_factory=timers,
        stages_after_first_paint=True,
    )
    qtbot.add_widget(window)
    yield window
    if shiboken6.isValid(window):
        window.close()


def _select(window: MainWindow, script_id: str) -> None:
    listing = window.library_page
    for row in range(listing.list.count()):
        listing.list.setCurrentRow(row)
        script = listing.current_script()
        if script is not None and script.id == script_id:
            return
    raise AssertionError(f"{script_id} is not in the library")


def test_until_it_has_painted_the_window_holds_the_library_alone(later: MainWindow) -> None:
    assert not later.stages_built
    assert later.pages.count() == 1
    assert later.pages.currentWidget() is later.library_page
    assert later.views.count() == 1  # the room view in the window comes with the other stages
    assert not later.findChildren(PurposePage)
    assert not later.findChildren(PracticePage)
    assert not later.findChildren(DebriefPage)


def test_the_other_stages_are_made_once_the_first_paint_is_done(qtbot: QtBot, later: MainWindow) -> None:
    later.show()
    qtbot.wait_exposed(later)
    qtbot.wait_until(lambda: later.stages_built)
    assert later.pages.count() == 4
    assert later.views.count() == 2
    assert later.pages.currentWidget() is later.library_page  # still the library, focus on its list
    assert later.library_page.list.hasFocus() or not later.isActiveWindow()


def test_choosing_a_script_before_the_paint_makes_the_stages_at_once(later: MainWindow) -> None:
    _select(later, "classic-pairs")
    later.use_selected_script()
    assert later.stages_built
    assert later.stage is Stage.PURPOSE
    assert later.pages.currentWidget() is later.purpose_page
    assert later.purpose_page.isAncestorOf(later.purpose_page.next_button)
    assert later.practice_page.mirror in later.feed.views  # the room's mirror on the laptop is fed
    assert later.room in later.feed.views


def test_the_saving_line_said_before_the_debrief_page_existed_reaches_it(later: MainWindow) -> None:
    line = "Not saved to disk: notes are in memory only (see the notice)."
    later.notices.savingChanged.emit(line)
    later.build_stages()
    assert later.debrief_page.saved_line.text() == line


def test_a_key_pressed_before_the_paint_moves_on_as_it_would_after(qtbot: QtBot, later: MainWindow) -> None:
    _select(later, "classic-pairs")
    assert not later.stages_built
    QTest.keyClick(later.library_page.list, Qt.Key.Key_Return)  # the window has not painted: not even shown
    assert later.stages_built
    assert later.stage is Stage.PURPOSE
    later.show()
    later.activateWindow()
    qtbot.wait_until(later.isActiveWindow)
    assert later.pages.currentWidget() is later.purpose_page
    assert later.purpose_page.next_button.hasFocus()
