"""Moves a facilitator makes in front of the room that must never surprise it.

Leaving a practice under way (another stage, End, Ctrl+Q, the window's close button) holds the clock and asks
once, without blocking: End again ends it, Esc or Enter carries on, and a practice that was running resumes
where it was held. The room never shows a stage the clock is not in (``core/flow.must_end_practice_first``).
A practice the app stopped part-way can be taken up where it stopped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from mindful_listening.core import flow
from mindful_listening.core.flow import Stage
from mindful_listening.core.record import SessionRecord
from mindful_listening.core.runner import State

if TYPE_CHECKING:
    from mindful_listening.ui.window import MainWindow


CONFIRM_FOR_MS = 6_000  # how long the status bar says what a key did


class SafeMoves:
    def __init__(self, window: MainWindow) -> None:
        self.w = window

    def request_stage(self, stage: Stage) -> None:
        """The facilitator asks for a stage; a practice under way is held and ended first, if they agree."""
        w = self.w
        if not flow.must_end_practice_first(stage, w.session.state):
            w.set_stage(stage)
            return
        where = {
            Stage.LIBRARY: w.tr("go back to the script library"),
            Stage.PURPOSE: w.tr("go back to the purpose"),
            Stage.DEBRIEF: w.tr("go on to the debrief"),
        }[stage]
        self._end_practice_if_agreed(
            w.tr("The practice is paused. End it now and %1?").replace("%1", where),
            lambda: w.set_stage(stage),
        )

    def request_finish(self) -> None:
        """End (the key or the button): a practice under way is held, and ended if the facilitator agrees."""
        w = self.w
        if w.stage is Stage.PRACTICE and flow.under_way(w.session.state):
            self._end_practice_if_agreed(
                w.tr("The practice is paused. End it now? The debrief follows."), lambda: None
            )

    def _end_practice_if_agreed(self, question: str, then: Callable[[], object]) -> None:
        w = self.w
        was_running = w.session.hold()

        def answered(end: bool) -> None:
            if end:
                w.session.finish()  # its record is stamped; the debrief follows
                then()
            elif was_running:
                w.session.release()

        w.notices.ask_to_end_practice(question, answered)

    def take_up(self, record: SessionRecord) -> None:
        """An unfinished practice, taken up where it stopped: paused there, its notes back in their fields."""
        w = self.w
        script = w.library_page.script_with_id(record.script_id)
        if script is None or not w.session.take_up(record, script):
            w.statusBar().showMessage(
                w.tr("That session cannot be taken up here; it is in the history."), 8000
            )
            return
        notebook = w.notebook
        assert notebook is not None
        for index, field in enumerate(w.debrief_page.prompt_fields):
            field.setPlainText(notebook.note(index))
        w.debrief_page.participants.setText(", ".join(record.participants))
        w.debrief_page.reflection.setPlainText(record.reflection)
        w.debrief_page.reflection_form.show_record(record)
        w.set_stage(Stage.PRACTICE)
        w.statusBar().showMessage(
            w.tr(
                "Taken up where it stopped, paused: press Space, or the clicker's Next, when the room is "
                "ready."
            ),
            10000,
        )

    def use_suggested(self, script_id: str) -> None:
        """The shape suggested for the room (a mixed group): used instead, unless a practice is under way."""
        w = self.w
        script = w.library_page.script_with_id(script_id)
        if script is None:
            return
        if not flow.can_change_script(w.session.state):
            w.statusBar().showMessage(
                w.tr("A practice is under way: finish it (End) before choosing another script."), 8000
            )
            return
        w.use_script(script)
        w.set_stage(Stage.PURPOSE)
        w.statusBar().showMessage(w.tr("Now using “%1”").replace("%1", script.title), CONFIRM_FOR_MS)

    def request_quit(self) -> None:
        """Ctrl+Q, or the window's close button: a practice under way is held, and ended if agreed."""
        w = self.w
        if flow.under_way(w.session.state):
            self._end_practice_if_agreed(
                w.tr("The practice is paused. End it and close Mindful Listening? Its notes are kept."),
                w.close,
            )
            return
        w.close()

    def confirmed(self, slot: Callable[[], object], words: str) -> Callable[[], None]:
        """``slot``, and then ``words`` on the laptop's status bar, when it changed something."""

        def marks() -> tuple[int, int] | None:
            # A step begun again, or time added, shows in the clock's log.
            controller = self.w.controller
            return (
                None
                if controller is None
                else (len(controller.runner.log.steps), len(controller.runner.log.extensions))
            )

        def act() -> None:
            w = self.w
            before = marks()
            slot()
            after = marks()
            if after is not None and after != before:
                w.statusBar().showMessage(words, CONFIRM_FOR_MS)
                w.update_actions()

        return act

    def told(self, slot: Callable[[], object], words: Callable[[], str | None]) -> Callable[[], None]:
        """``slot``, and then what ``words`` says it did on the laptop's status bar (None: nothing to say)."""

        def act() -> None:
            slot()
            said = words()
            if said:
                self.w.statusBar().showMessage(said, CONFIRM_FOR_MS)

        return act

    def said_blank(self) -> str:
        w = self.w
        if w.actions_by_name["blank"].isChecked():
            return w.tr("Room view blanked (the timer runs on) · B or . brings it back")
        return w.tr("Room view back")

    def said_digits(self) -> str:
        w = self.w
        if w.actions_by_name["digits"].isChecked():
            return w.tr("Digits shown in the room · D hides them")
        return w.tr("Digits hidden in the room · D shows them")

    def toggled(self) -> None:
        """Space (or the clicker's Next on a held practice): start, pause or carry on, said on the laptop."""
        w = self.w
        before = w.session.state
        if before in (State.READY, State.PAUSED):
            w.reading.stop()  # a reading still sounding would hold the first cue back
        w.session.toggle()
        after = w.session.state
        if after is before:
            return
        words = (
            {
                State.PAUSED: w.tr("Paused · Space or the clicker's Next carries on"),
                State.RUNNING: w.tr("Started") if before is State.READY else w.tr("Carrying on"),
            }.get(after)
            if after is not None
            else None
        )
        if words:
            w.statusBar().showMessage(words, CONFIRM_FOR_MS)

    def undo(self) -> None:
        """Ctrl+Z: take back a step back or a repeat pressed by mistake (for a few seconds after)."""
        w = self.w
        if w.session.undo() is not None:
            w.statusBar().showMessage(w.tr("Undone: carrying on where it was"), CONFIRM_FOR_MS)
        w.update_actions()
