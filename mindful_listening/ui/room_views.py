"""Where the room view is shown: in the facilitator's window, in a window of its own on the chosen screen,
full screen. The window's View menu drives it; the room view's contents come from the window's RoomFeed.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QGuiApplication, QScreen

from mindful_listening.core import flow
from mindful_listening.core.flow import Stage
from mindful_listening.core.script import Script, StepKind
from mindful_listening.core.timeline import Step, Timeline
from mindful_listening.ui import phase
from mindful_listening.ui.room import AudienceWindow

if TYPE_CHECKING:
    from mindful_listening.ui.window import MainWindow


class RoomViews:
    """The room view's places for one main window: its own window, the screen for it, full screen."""

    def __init__(self, window: MainWindow) -> None:
        self.w = window
        self.audience_window: AudienceWindow | None = None
        self._room_before_fullscreen = False

    def screens(self) -> list[QScreen]:
        return list(QGuiApplication.screens())

    def fill_screen_menu(self) -> None:
        self.w.screen_menu.clear()
        for action in self.w.screen_group.actions():
            self.w.screen_group.removeAction(action)
        screens = self.screens()
        chosen = self.audience_screen_index()
        for index, screen in enumerate(screens):
            size = screen.geometry()
            label = self.w.tr("Screen %1: %2 (%3×%4)").replace("%1", str(index + 1))
            label = label.replace("%2", screen.name() or self.w.tr("unnamed")).replace(
                "%3", str(size.width())
            )
            label = label.replace("%4", str(size.height()))
            action = QAction(label, self.w)
            action.setCheckable(True)
            action.setChecked(index == (chosen if chosen is not None else 0))
            action.triggered.connect(lambda _c=False, i=index: self.choose_audience_screen(i))
            self.w.screen_group.addAction(action)
            self.w.screen_menu.addAction(action)

    def audience_screen_index(self) -> int | None:
        return flow.pick_audience_screen([s.name() for s in self.screens()], self.w.prefs.audience_screen)

    def choose_audience_screen(self, index: int) -> None:
        screens = self.screens()
        if not 0 <= index < len(screens):
            return
        self.w.looks.set_prefs(replace(self.w.prefs, audience_screen=screens[index].name()))
        if self.audience_window is not None and self.audience_window.isVisible():
            self.place_audience_window(screens[index])

    def show_initial_views(self) -> None:
        """After start-up: with a second screen, the room view opens there full screen."""
        self.w.show()
        index = self.audience_screen_index()
        if index is not None:
            self.w.actions_by_name["audience_window"].setChecked(True)

    def place_audience_window(self, screen: QScreen) -> None:
        window = self.audience_window
        if window is None:
            return
        window.setScreen(screen)
        window.move(screen.geometry().topLeft())
        if screen is not self.w.screen():
            window.showFullScreen()
        else:
            window.showNormal()
            window.resize(screen.availableGeometry().size() * 0.6)

    def on_room_view(self) -> None:
        on = self.w.actions_by_name["room_view"].isChecked()
        self.w.views.setCurrentWidget(self.w.room if on else self.w.presenter)
        # The room sees the room view alone: no menus, and no laptop status line (speech notes, what a key
        # did). The window's keys keep working, since its actions belong to the window, not the menu bar.
        self.w.menuBar().setVisible(not on)
        self.w.statusBar().setVisible(not on)

    def on_audience_window(self) -> None:
        on = self.w.actions_by_name["audience_window"].isChecked()
        if on:
            if self.audience_window is None:
                self.audience_window = AudienceWindow(self.w)
                self.audience_window.addActions(self.w.actions())
                self.audience_window.closed.connect(self.on_audience_window_closed)
            self.w.feed.attach(self.audience_window.view)
            screens = self.screens()
            index = self.audience_screen_index()
            self.place_audience_window(screens[index if index is not None else 0])
        elif self.audience_window is not None:
            self.w.feed.detach(self.audience_window.view)
            self.audience_window.hide()
        self.w.update_actions()

    def on_audience_window_closed(self) -> None:
        action = self.w.actions_by_name["audience_window"]
        if action.isChecked():
            action.setChecked(False)

    def show_purpose(self, script: Script, timed: bool = False) -> None:
        """The purpose in the room, with the reminders under it when the facilitator shows them; ``timed``
        for a purpose step on the clock, whose time shows small under them."""
        shown = self.w.actions_by_name["reminders_in_room"].isChecked()
        self.w.feed.show_purpose(
            phase.reflow(script.purpose), phase.reminders(script) if shown else (), timed
        )

    def show_practice_step(self, timeline: Timeline, step: Step) -> None:
        """The room during the practice: the purpose for a purpose step, the prompt it explores (or the
        debrief's introduction) for an inquiry step, each with the time small; the practice page otherwise."""
        if step.kind is StepKind.PURPOSE:
            self.show_purpose(timeline.script, timed=True)
        elif step.kind is StepKind.INQUIRY:
            prompt = timeline.prompt_of(step)
            shown = prompt is not None and self.w.actions_by_name["prompts_in_room"].isChecked()
            text = (
                phase.reflow(prompt.text)
                if prompt is not None and shown
                else self._introduction(timeline.script)
            )
            self.w.feed.show_debrief(text, timed=True, heading=step.caption)
        else:
            self.w.feed.show_practice()

    def prepare_after(self, timeline: Timeline, index: int) -> None:
        """Measure, between step changes, what the room will read at the next one and at the cues to come:
        the next step's roles (or headline), its phase words and what follows it, and the cues of this step
        and the next. The step change and the cues then find their text sizes already worked out."""
        steps = timeline.steps[index : index + 2]
        following = steps[1:]
        roles = ["\n".join(phase.role_lines(step) or [phase.headline(step)]) for step in following]
        banners = [words for step in following for words in {phase.step_words(step), step.title} if words]
        nexts = [phase.next_step_text(timeline, step.index) for step in following]
        captions = [cue.text for step in steps for cue in step.cues if cue.text]
        self.w.feed.prepare(roles, captions, nexts, banners)

    def _on_a_timed_stage(self, kind: StepKind) -> bool:
        """The practice is on show at a step of ``kind`` (a purpose or an inquiry step on the clock)."""
        controller = self.w.controller
        return (
            self.w.stage is Stage.PRACTICE
            and controller is not None
            and controller.snapshot().step.kind is kind
        )

    def _refresh_practice_step(self) -> None:
        controller = self.w.controller
        if controller is not None:
            self.show_practice_step(controller.timeline, controller.snapshot().step)

    def on_reminders_in_room(self) -> None:
        if self.w.stage is Stage.PURPOSE and self.w.script is not None:
            self.show_purpose(self.w.script)
        elif self._on_a_timed_stage(StepKind.PURPOSE):
            self._refresh_practice_step()

    def _introduction(self, script: Script) -> str:
        return phase.reflow(script.debrief.introduction) or self.w.tr(
            "Share as much or as little as you like, or simply listen."
        )

    def show_debrief(self, script: Script, at: int) -> None:
        """The debrief in the room: its introduction, then (if the facilitator shows them) the prompt being
        explored, one at a time as they press PageDown; after the last, the closing that thanks the room."""
        prompts = script.debrief.prompts
        introduction = self._introduction(script)
        if at >= len(prompts):
            text = self.w.tr(
                "Thank you, all of you, for your listening and for what you shared. "
                "Take a breath before you go on with your day."
            )
        elif at >= 0 and self.w.actions_by_name["prompts_in_room"].isChecked():
            text = phase.reflow(prompts[at].text)
        else:
            text = introduction
        self.w.feed.show_debrief(text)
        self.w.debrief_page.mark_in_room(at, self.w.actions_by_name["prompts_in_room"].isChecked())

    def on_prompts_in_room(self) -> None:
        show = self.w.actions_by_name["prompts_in_room"].isChecked()
        self.w.looks.set_prefs(replace(self.w.prefs, prompts_in_room=show))
        if self.w.stage is Stage.DEBRIEF and self.w.script is not None:
            self.show_debrief(self.w.script, self.w.session.debrief_at)
        elif self._on_a_timed_stage(StepKind.INQUIRY):
            self._refresh_practice_step()

    def on_blank(self) -> None:
        self.w.feed.set_blank(self.w.actions_by_name["blank"].isChecked())

    def on_digits(self) -> None:
        show = self.w.actions_by_name["digits"].isChecked()
        self.w.looks.set_prefs(replace(self.w.prefs, show_digits=show))
        self.w.feed.set_show_digits(show)

    def something_fullscreen(self) -> bool:
        window = self.audience_window
        return self.w.isFullScreen() or (window is not None and window.isFullScreen() and window.isVisible())

    def enter_fullscreen(self) -> None:
        window = self.audience_window
        if window is not None and window.isVisible():
            window.showFullScreen()
        else:
            self._room_before_fullscreen = self.w.actions_by_name["room_view"].isChecked()
            self.w.actions_by_name["room_view"].setChecked(True)
            self.w.showFullScreen()
        self.w.update_actions()

    def leave_fullscreen(self) -> None:
        window = self.audience_window
        if window is not None and window.isFullScreen():
            window.showNormal()
        if self.w.isFullScreen():
            self.w.showNormal()
            self.w.actions_by_name["room_view"].setChecked(self._room_before_fullscreen)
        self.w.update_actions()
