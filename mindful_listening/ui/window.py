"""The facilitator's window: the presenter console, the room view, menus and shortcuts.

The window wires things together and decides nothing about timing: every session intent goes through the
:class:`~mindful_listening.controller.SessionController`, stage changes follow the rules in
:mod:`mindful_listening.core.flow`, and notes go to the record sink through a
:class:`~mindful_listening.core.flow.Notebook`.
What the room sees goes through one :class:`~mindful_listening.ui.room.RoomFeed`, which has no way to carry
notes, facilitator notes, reminders, participant codes or assessment.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QSize, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QWidget,
)

from mindful_listening.controller import SessionController
from mindful_listening.core import flow
from mindful_listening.core.clock import Clock, MonotonicClock
from mindful_listening.core.flow import Stage
from mindful_listening.core.library import builtin_scripts
from mindful_listening.core.loading import Checked, Problem
from mindful_listening.core.record import RecordSink
from mindful_listening.core.runner import Snapshot, State
from mindful_listening.core.script import Bell, Script
from mindful_listening.core.script_files import scripts_folder
from mindful_listening.core.timeline import Step
from mindful_listening.preferences import Preferences
from mindful_listening.session import PracticeSession
from mindful_listening.speech.api import Speaker
from mindful_listening.storage.keeper import RecordKeeper
from mindful_listening.storage.paths import data_dir
from mindful_listening.timers import TimerFactory, after_first_paint, make_timer, soon
from mindful_listening.ui import console, menus, phase, theme
from mindful_listening.ui.assessment_mode import AssessmentMode
from mindful_listening.ui.keys import WindowKeys
from mindful_listening.ui.library_page import LibraryPage
from mindful_listening.ui.looks import Looks
from mindful_listening.ui.notices import Notices
from mindful_listening.ui.preference_effects import PreferenceEffects
from mindful_listening.ui.read_aloud import ReadAloud
from mindful_listening.ui.room import AudienceView, AudienceWindow, RoomFeed
from mindful_listening.ui.room_views import RoomViews
from mindful_listening.ui.safe_moves import SafeMoves
from mindful_listening.ui.script_shelf import ScriptShelf
from mindful_listening.ui.shortcut_help import ShortcutHelp
from mindful_listening.ui.tool_windows import ToolWindows
from mindful_listening.ui.warm_up import warm_page
from mindful_listening.ui.widgets import fit_to_screen

if TYPE_CHECKING:
    from mindful_listening.ui.assessment_panel import AssessmentPanel
    from mindful_listening.ui.one_to_one import OneToOneWindow
    from mindful_listening.ui.open_script import ScriptFileReader
    from mindful_listening.ui.presenter import DebriefPage, PracticePage, PurposePage  # after the first paint

log = logging.getLogger(__name__)
PREPARE_AFTER_MS = 400  # after a step change, when the room's texts for the next one are measured
WARM_AFTER_MS = 300  # after the practice page is shown, when the debrief page is made ready (ui/warm_up.py)


class MainWindow(QMainWindow):
    stageChanged = Signal(str)
    scriptFileRead = Signal(bool)  # a chosen script file was read: added (True) or turned down (False)
    # Made by ui/menus.py: the menus' groups (for the F1 list), the room screen menu and the choice groups.
    menu_groups: list[tuple[str, list[QAction]]]
    screen_menu: QMenu
    screen_group: QActionGroup
    theme_group: QActionGroup
    # Made by ui/console.py (the presenter console and the room view beside it):
    feed: RoomFeed
    library_page: LibraryPage
    pages: QStackedWidget
    stage_buttons: dict[Stage, QToolButton]
    stage_hint: QLabel
    notices: Notices
    speech_banner: QLabel
    records_banner: QWidget
    records_problem: QLabel
    set_aside_button: QPushButton
    speech_status: QLabel
    presenter_split: QSplitter
    presenter: QWidget
    views: QStackedWidget
    _actions_key: tuple[object, ...] | None = None  # what a tick last brought the actions up to date for

    def __init__(
        self,
        prefs: Preferences,
        speaker: Speaker,
        sink: RecordSink,
        settings: QSettings | None = None,
        clock: Clock | None = None,
        timer_factory: TimerFactory = make_timer,
        scripts: Sequence[Script] | None = None,
        app_wide_theme: bool = False,
        stages_after_first_paint: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        """``stages_after_first_paint``: the window that opens the app shows the library first, and makes the
        other stages' pages and the room view just after that first paint (or at once, the moment anything
        asks for them); otherwise they are made here."""
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.speaker = speaker
        self.sink = sink
        self._settings = settings
        self.clock: Clock = clock or MonotonicClock()
        self.looks = Looks(self, prefs, settings, lambda: self.tools.windows(), app_wide=app_wide_theme)
        self.tools = ToolWindows(self, sink, self.looks, PreferenceEffects(self))
        # The session decides timing, saving and recovery; this window renders it and forwards intent.
        self.session = PracticeSession(
            speaker, sink, clock=self.clock, timer_factory=timer_factory, parent=self
        )
        self.stage = Stage.LIBRARY
        self._file_dialog: QFileDialog | None = None
        self._closed = False
        self._shown_step: int | None = None
        self._stages: console.StagePages | None = None
        self._script_reader: ScriptFileReader | None = None
        self._saving_line = ""

        self.actions_by_name: dict[str, QAction] = {}
        self.room_views = RoomViews(self)
        self.moves = SafeMoves(self)
        # The tutor's panel is made when assessment mode is first switched on (the first screen has none).
        self.assessment = AssessmentMode(self, timer_factory)
        self.session.assessment = self.assessment
        menus.build_actions(self)
        self.reading = ReadAloud(speaker, self.actions_by_name["read_aloud"], self)

        console.build(self)
        self.looks.changed.connect(self._on_looks)

        menus.build_menus(self)
        session = self.session
        session.scriptChanged.connect(self._on_script)
        session.scriptChanged.connect(self.reading.stop)
        session.stepStarted.connect(self._on_step)
        session.tick.connect(self._on_tick)
        session.caption.connect(self._on_caption)
        session.stateChanged.connect(self._on_state)
        session.debriefDue.connect(lambda: self.set_stage(flow.stage_after_finish()))
        session.message.connect(lambda text: self.statusBar().showMessage(text, 8000))

        self.library_page.useRequested.connect(self.use_selected_script)
        self.library_page.selectionChanged.connect(self.update_actions)
        self.notices.savingChanged.connect(self._on_saving_line)
        self.notices.join(self)
        all_scripts = list(scripts) if scripts is not None else list(builtin_scripts())
        self.library_page.set_scripts(all_scripts, [self.tr("built in")] * len(all_scripts))
        # The facilitator's own scripts, beside the built-ins (the Script menu's New, Edit, Import…).
        self.shelf = ScriptShelf(
            self.library_page,
            scripts_folder(data_dir()),
            lambda text: self.statusBar().showMessage(text, 8000),
            self,
            timer_factory,
            hear=self._hear_cue,
            actions=self.actions_by_name,
            clock=self.clock,
            looks=self.looks,
        )
        self.looks.apply()
        self.setWindowTitle(self.tr("Mindful Listening"))
        # On a laptop (a 1366 px screen, say) the console takes the whole width: every pixel of it is needed.
        fit_to_screen(self, QSize(1280, 800), fill_width_below=1600)
        self.set_stage(Stage.LIBRARY)
        self.library_page.list.setFocus()
        if stages_after_first_paint:
            after_first_paint(self, self.build_stages)
        else:
            self.build_stages()
        # Last: its app-wide filter sees every event in Python, and the ~4,400 events of building the window
        # (measured) carry no key for it.
        self.keys = WindowKeys(self)

    # ================================================================= the stages after the library
    def build_stages(self) -> console.StagePages:
        """The purpose, practice and debrief pages and the room view, made and connected once (the first call
        makes them; any later one returns them)."""
        if self._stages is not None:
            return self._stages
        stages = self._stages = console.build_stages(self)
        session = self.session
        stages.purpose.group_size.scriptSuggested.connect(self.moves.use_suggested)
        self.reading.readingChanged.connect(stages.purpose.show_reading)
        session.nudgeChanged.connect(stages.practice.set_nudge)
        stages.practice.notesEdited.connect(session.set_free_notes)
        # A prompt's notes are one note, whether typed during its inquiry step or in the debrief.
        stages.practice.promptNoteEdited.connect(session.set_note)
        stages.practice.promptNoteEdited.connect(stages.debrief.set_note)
        stages.debrief.noteEdited.connect(session.set_note)
        stages.debrief.noteEdited.connect(stages.practice.set_prompt_note)
        stages.debrief.freeNotesEdited.connect(session.set_free_notes)
        stages.debrief.reflectionEdited.connect(session.set_reflection)
        stages.debrief.reflection_form.wire(session, self.looks)
        stages.debrief.participantsEdited.connect(session.set_participants)
        if self._saving_line:
            stages.debrief.set_saved(self._saving_line)
        return stages

    @property
    def stages_built(self) -> bool:
        return self._stages is not None

    @property
    def purpose_page(self) -> PurposePage:
        return self.build_stages().purpose

    @property
    def practice_page(self) -> PracticePage:
        return self.build_stages().practice

    @property
    def debrief_page(self) -> DebriefPage:
        return self.build_stages().debrief

    @property
    def room(self) -> AudienceView:
        """The room view shown in this window instead of the console (View ▸ Room view)."""
        return self.build_stages().room

    def _on_saving_line(self, text: str) -> None:
        self._saving_line = text
        if self._stages is not None:
            self._stages.debrief.set_saved(text)

    @property
    def controller(self) -> SessionController | None:
        return self.session.controller

    @property
    def prefs(self) -> Preferences:
        return self.looks.prefs

    @property
    def palette_now(self) -> theme.Palette:
        return self.looks.palette_now

    @property
    def help_panel(self) -> ShortcutHelp | None:
        return self.tools.help_panel

    @property
    def notebook(self) -> flow.Notebook | None:
        return self.session.notebook

    @property
    def script(self) -> Script | None:
        return self.session.script

    # ================================================================= stages
    def set_stage(self, stage: Stage) -> None:
        if stage is not Stage.LIBRARY and self.script is None:
            stage = Stage.LIBRARY
        if self.notebook is not None:
            self.notebook.save(immediate=True)
        if stage is not Stage.LIBRARY:
            self.build_stages()
        self.stage = stage
        self.pages.setCurrentIndex(flow.STAGE_ORDER.index(stage))
        script = self.script
        if stage is Stage.LIBRARY:
            self.feed.show_welcome(script.title if script else self.tr("Mindful Listening"))
        elif stage is Stage.PURPOSE and script is not None:
            self.room_views.show_purpose(script)
        elif stage is Stage.PRACTICE:
            self.feed.show_practice()  # or the purpose, or a prompt, for a step on the clock (_on_step)
            self.practice_page.set_notes(self.notebook.free_notes if self.notebook else "")
            self._refresh_practice()
            soon(self, self._warm_debrief, WARM_AFTER_MS)
        elif stage is Stage.DEBRIEF and script is not None:
            self.room_views.show_debrief(script, self.session.debrief_at)
            self.debrief_page.set_free_notes(self.notebook.free_notes if self.notebook else "")
        self.session.set_stage(stage)
        self.update_actions()
        self.mark_stage()
        self._focus_for(stage)
        self.assessment.set_stage(stage)
        self.stageChanged.emit(stage.value)

    def _warm_debrief(self) -> None:
        """The debrief page laid out and painted off screen while the practice waits to start, so that the
        move to it when the practice ends costs the room no frame (ui/warm_up.py)."""
        running = self.controller is not None and self.controller.state is State.RUNNING
        if self.stage is Stage.PRACTICE and not running:
            warm_page(self.pages, self.debrief_page)

    def focus_for_stage(self) -> None:
        self._focus_for(self.stage)

    def _focus_for(self, stage: Stage) -> None:
        """Keyboard focus where the stage's work is, never left behind on a page that is now hidden."""
        target: QWidget
        if stage is Stage.LIBRARY:
            target = self.library_page.list
        elif stage is Stage.PURPOSE:
            target = self.purpose_page.next_button
        elif stage is Stage.PRACTICE:
            target = self.practice_page.buttons[0]
        else:
            target = self.debrief_page.participants
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def go_next(self, clicker: bool = False) -> None:
        if self.stage is Stage.DEBRIEF and self.session.step_debrief(forward=True):
            self.set_stage(Stage.DEBRIEF)  # the next prompt (or the closing) in the room
            return
        move = flow.next_move(self.stage, self._state_for_flow(), clicker)
        self._do_move(move)

    def go_back(self) -> None:
        if self.stage is Stage.DEBRIEF and self.session.step_debrief(forward=False):
            self.set_stage(Stage.DEBRIEF)
            return
        index = self.controller.snapshot().index if self.controller else 0
        move = flow.back_move(self.stage, self._state_for_flow(), index)
        self._do_move(move)

    def _state_for_flow(self) -> State | None:
        if self.stage is Stage.LIBRARY:
            return State.READY if self.library_page.current_script() is not None else None
        return self.controller.state if self.controller else None

    def _do_move(self, move: flow.Move) -> None:
        if move.stage is Stage.PURPOSE and self.stage is Stage.LIBRARY:
            self.use_selected_script()
        elif move.stage is not None:
            self.moves.request_stage(move.stage)
        elif move.session == "start":
            self.moves.toggled()
        elif move.session == "skip":
            self.session.skip()
        elif move.session == "back":
            self.session.back()

    # ================================================================= scripts
    def open_script_file(self) -> None:
        """Ask for a file without blocking: the dialog reports back through its signal."""
        dialog = QFileDialog(self, self.tr("Open a script"), str(Path.home()), self.tr("Scripts (*.toml)"))
        dialog.setObjectName("openScriptDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.load_script_file)
        dialog.finished.connect(dialog.deleteLater)
        self._file_dialog = dialog
        dialog.open()

    def load_script_file(self, path: str) -> None:
        """Add a script file to the library, read off the GUI thread; a file with problems shows them and
        changes nothing else. ``scriptFileRead(True or False)`` follows."""
        if self._script_reader is None:
            from mindful_listening.ui.open_script import ScriptFileReader

            self._script_reader = ScriptFileReader(self)
            self._script_reader.read.connect(self._script_file_read)
            self._script_reader.refused.connect(self._script_file_refused)
        self._script_reader.read_file(path)

    def _script_file_read(self, path: str, checked: Checked) -> None:
        if checked.warnings:
            # It can be used; what in it is probably not meant (a bell that will not ring, two cues at once)
            # is said here, where the facilitator chose it, not only by the command line's validate.
            self.library_page.show_problems(
                checked.warnings, self.tr("Added — worth a look before you use it with a group")
            )
        else:
            self.library_page.clear_problems()
        self.library_page.add_script(checked.script, Path(path).name)
        self.set_stage(Stage.LIBRARY)
        self.scriptFileRead.emit(True)

    def _script_file_refused(self, _path: str, problems: list[Problem]) -> None:
        self.library_page.show_problems(problems)
        self.set_stage(Stage.LIBRARY)
        self.scriptFileRead.emit(False)

    def _hear_cue(self, text: str, bell: Bell) -> str:
        """The script editor's "Hear this cue", or why it waits (one voice speaks: as the previews')."""
        why = PreferenceEffects(self).busy()
        if not why:
            self.speaker.say(text, bell)
        return why

    def use_selected_script(self) -> None:
        script = self.library_page.current_script()
        if script is None:
            return
        if script is self.script:
            self.set_stage(Stage.PURPOSE)
            return
        if not self.session.can_change_script():
            self.statusBar().showMessage(
                self.tr("A practice is under way: finish it (End) before choosing another script."), 8000
            )
            return
        self.use_script(script)

    def use_script(self, script: Script) -> None:
        self.session.use(script)

    def _on_script(self, script: Script) -> None:
        timeline = self.session.timeline
        controller = self.session.controller
        assert timeline is not None
        assert controller is not None
        # A step change's caption, step, first cue and tick are fitted to each room view once, at the end.
        controller.changing.connect(self.feed.hold)
        self.purpose_page.load(script)
        self.practice_page.load(timeline)
        self.debrief_page.load(script)
        self.feed.set_caption("")
        self._on_step(timeline.steps[0])
        self._on_tick(controller.snapshot())
        # Qt adds " — Mindful Listening" (the application's display name) to every window title.
        self.setWindowTitle(script.title)
        self.set_stage(Stage.PURPOSE)

    # ================================================================= session intents (via the controller)
    def toggle(self) -> None:
        self.moves.toggled()

    # ================================================================= controller signals
    def _on_step(self, step: Step) -> None:
        self._shown_step = step.index
        # While the practice runs, the room's change comes first: the console's own lines for the step (the
        # list's marker, the step's line and notes, what follows) are drawn in the event loop's next turn,
        # after the room's, so the two are not one long frame (a step change held the loop 14-23 ms).
        running = self.controller is not None and self.controller.state is State.RUNNING
        self.practice_page.show_step(step, lines=not running)
        if running:
            later = make_timer(self)
            later.timeout.connect(self._show_step_lines)
            later.timeout.connect(later.deleteLater)
            later.start(0)
        if step.prompt_index is not None and self.notebook is not None:
            self.practice_page.set_prompt_note(step.prompt_index, self.notebook.note(step.prompt_index))
        with self.feed.batch():  # the roles and the page fitted to each room view once
            self.feed.set_roles(phase.role_lines(step), phase.headline(step))
            if self.stage is Stage.PRACTICE and self.controller is not None:
                self.room_views.show_practice_step(self.controller.timeline, step)
        # Once this step change has been painted, the room's texts for the next one are measured.
        soon(self, lambda: self._prepare_after(step.index), PREPARE_AFTER_MS)

    def _show_step_lines(self) -> None:
        if self.controller is not None:
            self.practice_page.show_step_lines(self.controller.snapshot().step)

    def _prepare_after(self, index: int) -> None:
        if self.controller is not None and self.stage is Stage.PRACTICE:
            self.room_views.prepare_after(self.controller.timeline, index)

    def _on_tick(self, snapshot: Snapshot) -> None:
        if self.controller is None:
            return
        if snapshot.index != self._shown_step:
            # Before the start, skip and back move the step without starting it: no stepStarted comes.
            self._on_step(snapshot.step)
        look = phase.phase_of(snapshot)
        self.feed.set_tick(
            look,
            snapshot.fraction_left,
            snapshot.past_zero,
            phase.digits(snapshot),
            phase.next_step_text(self.controller.timeline, snapshot.index),
        )
        self.practice_page.show_tick(snapshot)
        # The actions follow the state, the step and whether Ctrl+Z can still undo, not the seconds: they are
        # brought up to date when one of those changes (on every tick: 0.2-1.6 ms each, gui_stall.py).
        key = (snapshot.state, snapshot.index, self.session.can_undo() is not None)
        if key != self._actions_key:
            self._actions_key = key
            self.update_actions()

    def _on_caption(self, text: str) -> None:
        self.feed.set_caption(text)

    def _on_state(self, value: str) -> None:
        # While the practice runs, the console's mirror takes a step change a turn after the room (RoomFeed).
        self.feed.followers_wait = value == State.RUNNING.value
        self.update_actions()

    def _refresh_practice(self) -> None:
        if self.controller is None:
            return
        snapshot = self.controller.snapshot()
        self._on_step(snapshot.step)
        self._on_tick(snapshot)

    # ================================================================= notes
    def save_now(self) -> None:
        if self.notebook is not None:
            self.notices.save_asked(self)

    # ================================================================= nudge
    @property
    def nudge_visible(self) -> bool:
        return not self.practice_page.nudge.isHidden()

    # ================================================================= actions' state
    def update_actions(self) -> None:
        menus.update_actions(self)

    def mark_stage(self) -> None:
        console.mark_stage(self, self.stage, records_failing=not self.records_banner.isHidden())

    # ================================================================= view
    @property
    def audience_window(self) -> AudienceWindow | None:
        return self.room_views.audience_window

    def audience_screen_index(self) -> int | None:
        return self.room_views.audience_screen_index()

    def choose_audience_screen(self, index: int) -> None:
        self.room_views.choose_audience_screen(index)

    def show_initial_views(self) -> None:
        """After start-up: with a second screen, the room view opens there full screen."""
        self.room_views.show_initial_views()

    def _on_looks(self, palette: theme.Palette, font_scale: float) -> None:
        self.feed.set_palette(palette)
        self.feed.set_font_scale(font_scale)

    # ================================================================= help and tools
    def show_shortcuts(self) -> None:
        self.keys.show_list()

    # ================================================================= assessment
    @property
    def assessment_panel(self) -> AssessmentPanel:
        """The tutor's panel beside the stages (made the first time it is asked for)."""
        return self.assessment.panel

    def observe(self) -> None:
        """The O key (assessment mode only): pin this moment for an observation."""
        self.assessment.observe()

    # ================================================================= one-to-one
    @property
    def one_to_one(self) -> OneToOneWindow | None:
        return self.tools.one_to_one

    def open_one_to_one(self) -> None:
        """The compact one-to-one timer, sharing this window's speech and records."""
        self.tools.open_one_to_one(self.speaker, self._settings, self._pause_for_one_to_one)

    def _pause_for_one_to_one(self) -> None:
        if self.controller is not None and self.controller.state is State.RUNNING:
            self.controller.pause()  # one voice at a time: the group session waits

    # ================================================================= notices
    def offer_unfinished(self) -> None:
        if not self._closed:
            self.notices.offer_unfinished()

    # ================================================================= closing
    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closed:
            super().closeEvent(event)
            return
        if event.spontaneous() and flow.under_way(self.session.state):
            # The window manager's close button; a close from the code (Ctrl+C, the app ending) never asks.
            event.ignore()
            self.moves.request_quit()
            return
        if (
            self.records_banner.isVisible()
            and self.session.has_unsaved()
            and not self.notices.leave_unsaved_confirmed()
        ):
            event.ignore()
            self.notices.offer_notes_export()
            return
        # The tool windows close while the records are still open: what one still holds (a diary entry typed
        # a moment ago, not yet handed over) is handed to the records and written now.
        self.tools.close_all()
        if isinstance(self.sink, RecordKeeper):
            self.sink.flush()
        if any(tool.isVisible() for tool in self.tools.windows()):
            # One could not keep what it holds and came back with it, saying why: nothing closes.
            event.ignore()
            self.statusBar().showMessage(
                self.tr("Not closed: a window could not keep what was written in it (it says why)."), 8000
            )
            return
        self._closed = True
        # Whatever still saves goes first (the one-to-one window, typed assessment); the records close after.
        if self.one_to_one is not None:
            self.one_to_one.close()
        self.session.close()  # notes and assessment saved, the records written, then the speech released
        self.keys.close()
        self.looks.close()
        if self.audience_window is not None:
            self.audience_window.close()
        super().closeEvent(event)
