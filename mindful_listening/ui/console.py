"""The presenter console of the facilitator's window, built onto the window (a setupUi-style builder).

The stage bar, the laptop's notices, the four stage pages beside the tutor's assessment panel, and the room
view the window can show instead of the console. The window (:mod:`mindful_listening.ui.window`) wires these
to the practice session and renders its state into them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mindful_listening.core import flow
from mindful_listening.core.flow import Stage
from mindful_listening.ui.flow_row import wrapping_row_host
from mindful_listening.ui.keys import is_text_input
from mindful_listening.ui.library_page import LibraryPage
from mindful_listening.ui.notices import Notices
from mindful_listening.ui.room import AudienceView, RoomFeed
from mindful_listening.ui.widgets import ConsoleSplitter, ShownPageStack, scrolled

if TYPE_CHECKING:
    from mindful_listening.ui.presenter import DebriefPage, PracticePage, PurposePage
    from mindful_listening.ui.window import MainWindow


@dataclass(frozen=True)
class StagePages:
    """What the console shows after the library: the purpose, practice and debrief pages and the room view in
    the window. Made by :func:`build_stages`, at once or (for the window that opens the app) just after its
    first paint."""

    purpose: PurposePage
    practice: PracticePage
    debrief: DebriefPage
    room: AudienceView


def build(w: MainWindow) -> None:
    """Make the console's first screen on ``w`` (its actions must exist already): the stage bar, the notices,
    the library page and the places the other pages go (:func:`build_stages`); the window connects them."""
    w.feed = RoomFeed()
    w.library_page = LibraryPage(w.actions_by_name["open"], w.actions_by_name["use"])
    w.pages = ShownPageStack()  # it asks for the room of the page on show, not of its largest
    w.pages.setObjectName("presenterPages")
    w.pages.addWidget(w.library_page)

    w.stage_buttons = {}
    stage_bar: list[QWidget] = []
    for stage in flow.STAGE_ORDER:
        button = QToolButton()
        button.setDefaultAction(w.actions_by_name[f"stage_{stage.value}"])
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setAccessibleName(w.actions_by_name[f"stage_{stage.value}"].text().replace("&", ""))
        w.stage_buttons[stage] = button
        stage_bar.append(button)
    w.stage_hint = QLabel()
    w.stage_hint.setObjectName("stageHint")
    w.stage_hint.setProperty("role", "muted")
    # Beside the buttons where its words fit on the line, else on a line of its own below them, wrapped on
    # a narrow laptop rather than widening the window past its screen (ui/flow_row.py).
    w.stage_hint.setWordWrap(True)
    w.stage_hint.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    stage_bar.append(w.stage_hint)
    # What stops the cues being spoken, what to do when the records fail: on the laptop only.
    w.notices = Notices(w.session)
    w.speech_banner = w.notices.speech_banner
    w.records_banner = w.notices.records_banner
    w.records_problem = w.notices.records_problem
    w.set_aside_button = w.notices.set_aside_button
    w.speech_status = w.notices.speech_status
    w.statusBar().addPermanentWidget(w.speech_status)
    # The tutor's assessment sits beside the stages in the presenter console, never in the room view
    # (ui/assessment_mode.py adds it there when assessment mode is first switched on).
    split = ConsoleSplitter()  # side by side, or one above the other when the text is large
    split.setObjectName("presenterSplit")
    split.setChildrenCollapsible(False)
    split.addWidget(w.pages)
    split.setStretchFactor(0, 3)
    w.presenter_split = split
    presenter = _ScrolledConsole()
    presenter.setObjectName("presenterConsole")
    box = QVBoxLayout(presenter)
    box.addWidget(wrapping_row_host(stage_bar))
    box.addWidget(w.notices)
    box.addWidget(split, 1)
    # At a large text size on a small laptop the console scrolls: nothing is cut off, and the window never
    # grows past its screen. At ordinary sizes everything fits and no scroll bar shows.
    scroller = scrolled(presenter, "presenterScroll")
    w.presenter = scroller

    w.views = QStackedWidget()
    w.views.addWidget(scroller)
    w.setCentralWidget(w.views)
    w.feed.set_show_digits(w.prefs.show_digits)


def build_stages(w: MainWindow) -> StagePages:
    """Make the purpose, practice and debrief pages and the room view in the window, and put them in their
    places (after the library page; the room view beside the console). The window connects them."""
    # Imported here, with what only they need: the window that opens the app makes them after its first paint.
    from mindful_listening.ui.presenter import DebriefPage, PracticePage, PurposePage

    room = AudienceView()
    room.setObjectName("roomInWindow")
    purpose = PurposePage(
        w.actions_by_name["read_aloud"],
        w.actions_by_name["next"],
        (w.actions_by_name["read_reminders"], w.actions_by_name["reminders_in_room"]),
    )
    practice = PracticePage(
        [
            (w.actions_by_name["toggle"], w.tr("Start or pause")),
            (w.actions_by_name["ground"], w.tr("Pause and ground")),
            (w.actions_by_name["add_short"], w.tr("Add 30 seconds")),
            (w.actions_by_name["add_long"], w.tr("Add a minute")),
            (w.actions_by_name["skip"], w.tr("Skip to the next step")),
            (w.actions_by_name["step_back"], w.tr("Back to the previous step")),
            (w.actions_by_name["repeat"], w.tr("Repeat this round")),
            (w.actions_by_name["finish"], w.tr("Finish the practice")),
        ]
    )
    debrief = DebriefPage(w.actions_by_name["save"])
    for page in (purpose, practice, debrief):
        w.pages.addWidget(page)
    w.views.addWidget(room)
    w.feed.attach(room)
    # The console's mirror takes a step change a turn after the room's own view, while the practice runs.
    w.feed.attach(practice.mirror, follows=True)
    return StagePages(purpose, practice, debrief, room)


class _ScrolledConsole(QWidget):
    """The console inside its scroll area. It scrolls only when what it needs at this width (wrapped labels
    and button rows included) is more than the laptop has, never merely because the labels would *like*
    more height: the scroll area is told the minimum height for the width, not the preferred one."""

    def heightForWidth(self, width: int) -> int:
        layout = self.layout()
        return layout.minimumHeightForWidth(width) if layout is not None else -1


def mark_stage(w: MainWindow, current: Stage, records_failing: bool) -> None:
    """The current stage stands out in weight and underline (and is announced), not in colour alone; the hint
    under the stage bar names the keys for it."""
    for stage, button in w.stage_buttons.items():
        font = button.font()
        font.setBold(stage is current)
        font.setUnderline(stage is current)
        button.setFont(font)
        button.setAccessibleDescription(w.tr("current stage") if stage is current else "")
    hints = {
        Stage.LIBRARY: w.tr("Enter or PageDown: use the selected script"),
        Stage.PURPOSE: w.tr("PageDown: on to the practice"),
        Stage.PRACTICE: w.tr("Space: start or pause · PageDown: next step · F1: all keys"),
        Stage.DEBRIEF: w.tr("PageDown: the next prompt, then the closing · Notes are kept as you type"),
    }
    if records_failing:
        hints[Stage.DEBRIEF] = w.tr("Notes are in memory only · Ctrl+S: try saving again")
    focus = QApplication.focusWidget()
    if focus is not None and is_text_input(focus) and w.isAncestorOf(focus) and not records_failing:
        hints[current] = w.tr("Typing a note · Esc or Tab leaves the field · PageDown still moves on")
    w.stage_hint.setText(hints[current])
