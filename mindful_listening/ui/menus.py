"""The main window's actions (each with its keys) and its menus, made from one table of names.

The window looks its actions up by name (``actions_by_name``); the F1 list is made from the same menus, so
a key shown there is always the key that works.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMenu

from mindful_listening.core import flow
from mindful_listening.core.flow import Stage
from mindful_listening.core.runner import EXTEND_LONG_MS, EXTEND_SHORT_MS, State
from mindful_listening.core.script import WarningStyle
from mindful_listening.preferences import ThemeChoice
from mindful_listening.ui import phase
from mindful_listening.ui.tool_windows import COURSES, DIARY, HISTORY, PREFERENCES, VOICE_CHECK

if TYPE_CHECKING:
    from mindful_listening.ui.window import MainWindow

FONT_STEP = 0.1
THEMES: tuple[tuple[ThemeChoice, str], ...] = (
    ("system", "Follow the system (light or dark)"),
    ("light", "Light"),
    ("dark", "Dark"),
    ("high-contrast", "High contrast"),
)


def add_action(
    w: MainWindow,
    name: str,
    text: str,
    slot: Callable[[], object] | None = None,
    keys: Sequence[str | QKeySequence.StandardKey] = (),
    checkable: bool = False,
    tip: str = "",
) -> QAction:
    action = QAction(text, w)
    action.setObjectName(f"action_{name}")
    sequences = [QKeySequence(k) for k in keys]
    if sequences:
        action.setShortcuts(sequences)
    # Window-wide, and the room window and the help panel carry the same actions, so the keys work while
    # either has the focus, yet never reach the one-to-one, history or voice-check windows (whose own
    # keys, Space among them, would otherwise be ambiguous and do nothing).
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.setCheckable(checkable)
    if tip:
        action.setToolTip(tip)
        action.setStatusTip(tip)
    if slot is not None:
        if checkable:
            action.toggled.connect(lambda _on, s=slot: s())
        else:
            action.triggered.connect(lambda _checked=False, s=slot: s())
    w.addAction(action)
    w.actions_by_name[name] = action
    return action


def build_actions(w: MainWindow) -> None:
    """Every action of the window, with its keys; the menus and the F1 list are made from them."""
    a = functools.partial(add_action, w)
    # Script
    a("library", w.tr("Script &library"), lambda: w.moves.request_stage(Stage.LIBRARY), ["Ctrl+L"])
    a("open", w.tr("&Open a script file…"), w.open_script_file, ["Ctrl+O"])
    a("use", w.tr("&Use this script"), w.use_selected_script, ["Ctrl+Return"])
    a("new_script", w.tr("&New script…"), lambda: w.shelf.new(), ["Ctrl+N"])
    a("duplicate_script", w.tr("&Duplicate this script…"), lambda: w.shelf.duplicate(), ["Ctrl+D"])
    a("edit_script", w.tr("&Edit this script…"), lambda: w.shelf.edit(), ["Ctrl+E"])
    a("open_draft", w.tr("Open a dra&ft…"), lambda: w.shelf.ask_draft())
    a("import_script", w.tr("&Import a script…"), lambda: w.shelf.ask_import())
    a("export_script", w.tr("E&xport a copy…"), lambda: w.shelf.ask_export())
    a("delete_script", w.tr("Delete this script…"), lambda: w.shelf.delete())
    a("read_aloud", w.tr("&Read the purpose aloud"), functools.partial(read_purpose_aloud, w), ["Ctrl+R"])
    a("read_reminders", w.tr("Read the re&minders aloud"), functools.partial(read_reminders_aloud, w))
    a("save", w.tr("&Save the notes now"), w.save_now, ["Ctrl+S"])
    a("quit", w.tr("&Quit"), w.moves.request_quit, ["Ctrl+Q"])
    # Session
    a("toggle", w.tr("&Start"), w.toggle, ["Space"])
    w.actions_by_name["toggle"].setProperty("helpText", w.tr("Start, pause or resume"))
    # Its button keeps the room of the widest of its words: the practice's start relays out nothing else.
    w.actions_by_name["toggle"].setProperty("steadyWords", list(_toggle_words(w).values()))
    a(
        "ground",
        w.tr("Pause and &ground"),
        w.moves.told(
            w.session.ground,
            lambda: (
                w.tr("Paused to ground · Space or the clicker's Next carries on")
                if w.session.state is State.PAUSED
                else None
            ),
        ),
        ["G"],
    )
    w.actions_by_name["ground"].setProperty(
        "helpText", w.tr("Pause and ground: hold the practice, offer an outward anchor, and wait")
    )
    a("next", w.tr("&Next"), lambda: w.go_next(clicker=True), ["PgDown"])
    w.actions_by_name["next"].setProperty(
        "helpText", w.tr("Next (before the practice, or paused: start or carry on)")
    )
    a("next_key", w.tr("Next s&tep"), w.go_next, ["Right"])
    w.actions_by_name["next_key"].setProperty("helpText", w.tr("Next (before the practice: choose the step)"))
    a("back", w.tr("&Back"), w.go_back, ["PgUp", "Left"])
    # Each of these says what it did, on the laptop: a stray key press never goes unseen.
    said = w.moves.confirmed
    a(
        "add_short",
        w.tr("Add &30 seconds"),
        said(lambda: w.session.extend(EXTEND_SHORT_MS), w.tr("+30 s added to this step")),
        ["+", "="],
    )
    a(
        "add_long",
        w.tr("Add a &minute"),
        said(lambda: w.session.extend(EXTEND_LONG_MS), w.tr("+1 min added to this step")),
        ["M"],
    )
    a("skip", w.tr("S&kip to the next step"), w.session.skip)
    a(
        "step_back",
        w.tr("Back to the pre&vious step"),
        said(w.session.back, w.tr("Back to the previous step · Ctrl+Z to undo")),
    )
    a(
        "repeat",
        w.tr("R&epeat this round"),
        said(w.session.repeat_round, w.tr("Round repeated · Ctrl+Z to undo")),
        ["R"],
    )
    a("undo", w.tr("&Undo the step back or repeat"), w.moves.undo, ["Ctrl+Z"])
    warnings = QActionGroup(w)
    for style, style_words in WARNING_CHOICES:
        action = a(f"warnings_{style or 'script'}", w.tr(style_words), None, checkable=True)
        # Triggered, not toggled: only the choice made acts, never the one it replaces.
        action.triggered.connect(lambda _checked=False, chosen=style: w.session.set_warnings(chosen))
        warnings.addAction(action)
    # The sitting begins with the facilitator's saved default (Preferences); this menu overrides it.
    w.actions_by_name[f"warnings_{w.prefs.warnings}"].trigger()
    a("finish", w.tr("&Finish the practice"), w.moves.request_finish, ["End"])
    for number, stage, text in (
        (1, Stage.LIBRARY, w.tr("1 · Choose")),
        (2, Stage.PURPOSE, w.tr("2 · Purpose")),
        (3, Stage.PRACTICE, w.tr("3 · Practice")),
        (4, Stage.DEBRIEF, w.tr("4 · Debrief")),
    ):
        a(
            f"stage_{stage.value}",
            text,
            functools.partial(w.moves.request_stage, stage),
            [f"Ctrl+{number}"],
            checkable=False,
        )
    # View
    told = w.moves.told
    a(
        "blank",
        w.tr("&Blank the room view"),
        told(w.room_views.on_blank, w.moves.said_blank),
        ["B", "."],
        checkable=True,
    )
    a("fullscreen", w.tr("Room view &full screen"), w.room_views.enter_fullscreen, ["F11", "F5"])
    a("leave_fullscreen", w.tr("L&eave full screen"), w.room_views.leave_fullscreen, ["Esc"])
    a(
        "room_view",
        w.tr("Show the room view in this &window"),
        w.room_views.on_room_view,
        ["Ctrl+Shift+R"],
        checkable=True,
    )
    a(
        "audience_window",
        w.tr("Show the room view in its &own window"),
        w.room_views.on_audience_window,
        ["Ctrl+Shift+W"],
        checkable=True,
    )
    a(
        "digits",
        w.tr("Show the &digits"),
        told(w.room_views.on_digits, w.moves.said_digits),
        ["D"],
        checkable=True,
    )
    a(
        "reminders_in_room",
        w.tr("Show the reminders in the room"),
        w.room_views.on_reminders_in_room,
        checkable=True,
    )
    a(
        "prompts_in_room",
        w.tr("Show the debrief &prompt in the room"),
        w.room_views.on_prompts_in_room,
        ["Ctrl+Shift+P"],
        checkable=True,
    )
    a("bigger", w.tr("&Larger text"), lambda: w.looks.change_font_scale(FONT_STEP), ["Ctrl+=", "Ctrl++"])
    a("smaller", w.tr("&Smaller text"), lambda: w.looks.change_font_scale(-FONT_STEP), ["Ctrl+-"])
    a("font_reset", w.tr("&Normal text size"), lambda: w.looks.set_font_scale(1.0), ["Ctrl+0"])
    group = QActionGroup(w)
    for choice, words in THEMES:
        action = a(
            f"theme_{choice}", w.tr(words), functools.partial(w.looks.set_theme, choice), checkable=True
        )
        group.addAction(action)
    w.theme_group = group
    # Help
    a("shortcuts", w.tr("&Keyboard shortcuts"), w.show_shortcuts, ["F1"])
    a("voice_check", w.tr("Sound && &voice check…"), functools.partial(w.tools.open, VOICE_CHECK))
    a("preferences", w.tr("&Preferences…"), functools.partial(w.tools.open, PREFERENCES), ["Ctrl+,"])
    a("history", w.tr("Session &history…"), functools.partial(w.tools.open, HISTORY))
    a("diary", w.tr("Practice &diary…"), functools.partial(w.tools.open, DIARY), ["Ctrl+Shift+D"])
    a("courses", w.tr("&Courses…"), functools.partial(w.tools.open, COURSES), ["Ctrl+Shift+C"])
    a(
        "assessment",
        w.tr("&Assessment mode (observed practice)"),
        w.assessment.toggled,
        ["Ctrl+Shift+A"],
        checkable=True,
    )
    a("observe", w.tr("Log an &observation"), w.observe, ["O"])
    a("progress", w.tr("&Trainee progress…"), functools.partial(open_trainee_progress, w))
    a("one_to_one", w.tr("O&ne-to-one timer…"), w.open_one_to_one, ["Ctrl+Shift+O"])

    for name, on in (("digits", w.prefs.show_digits), ("prompts_in_room", w.prefs.prompts_in_room)):
        w.actions_by_name[name].blockSignals(True)
        w.actions_by_name[name].setChecked(on)
        w.actions_by_name[name].blockSignals(False)
    theme_action = w.actions_by_name[f"theme_{w.prefs.theme}"]
    theme_action.blockSignals(True)
    theme_action.setChecked(True)
    theme_action.blockSignals(False)


# How time warnings (cues timed before a step's end) reach the room; None: as the script says.
WARNING_CHOICES: tuple[tuple[WarningStyle | None, str], ...] = (
    (None, "As the script says"),
    ("spoken", "Spoken"),
    ("bell", "A soft bell (the words as a caption)"),
    ("caption", "The caption only, in silence"),
)
WARNING_SHORT: dict[WarningStyle, str] = {
    "spoken": "spoken",
    "bell": "a soft bell",
    "caption": "caption only",
}


def read_purpose_aloud(w: MainWindow) -> None:
    """Script ▸ Read the purpose aloud (the same key again stops it)."""
    if w.script is not None:
        w.reading.toggle(phase.reflow(w.script.purpose))


def read_reminders_aloud(w: MainWindow) -> None:
    """Script ▸ Read the reminders aloud."""
    if w.script is not None:
        w.reading.toggle(" ".join(phase.reminders(w.script)), w.actions_by_name["read_reminders"])


def open_trainee_progress(w: MainWindow) -> None:
    """Tools ▸ Trainee progress: the progress window, on the trainee being assessed if there is one."""
    from mindful_listening.ui.progress import open_progress  # loaded when first asked for, not at start-up

    panel = w.assessment.built  # never made just for this: the progress needs no panel
    code = panel.assessment.trainee_code if panel is not None and panel.assessment is not None else ""
    open_progress(w, code, panel.records_directory if panel is not None else None)


def build_menus(w: MainWindow) -> None:
    """The menu bar, and the groups the F1 list shows (the same order and words)."""
    n = w.actions_by_name
    bar = w.menuBar()
    w.menu_groups = []

    def menu(title: str, names: Sequence[str | None]) -> QMenu:
        m = bar.addMenu(title)
        listed: list[QAction] = []
        for name in names:
            if name is None:
                m.addSeparator()
            else:
                m.addAction(n[name])
                listed.append(n[name])
        w.menu_groups.append((title, listed))
        return m

    menu(
        w.tr("&Script"),
        [
            "library",
            "open",
            "use",
            None,
            "new_script",
            "duplicate_script",
            "edit_script",
            "open_draft",
            "import_script",
            "export_script",
            "delete_script",
            None,
            "read_aloud",
            "read_reminders",
            "save",
            None,
            "quit",
        ],
    )
    session_menu = menu(
        w.tr("S&ession"),
        [
            "toggle",
            "ground",
            "next",
            "next_key",
            "back",
            None,
            "add_short",
            "add_long",
            "skip",
            "step_back",
            "repeat",
            "undo",
            "finish",
            None,
            "stage_library",
            "stage_purpose",
            "stage_practice",
            "stage_debrief",
        ],
    )
    session_menu.addSeparator()
    warnings_menu = session_menu.addMenu(w.tr("Time &warnings"))
    warnings_menu.setObjectName("warningsMenu")
    for style, _words in WARNING_CHOICES:
        warnings_menu.addAction(n[f"warnings_{style or 'script'}"])
    view_menu = menu(
        w.tr("&View"),
        [
            "blank",
            "fullscreen",
            "leave_fullscreen",
            "room_view",
            "audience_window",
            "digits",
            "prompts_in_room",
            "reminders_in_room",
            None,
        ],
    )
    w.screen_menu = view_menu.addMenu(w.tr("&Room screen"))
    w.screen_menu.setObjectName("screenMenu")
    w.screen_group = QActionGroup(w)
    view_menu.addSeparator()
    for name in ("bigger", "smaller", "font_reset"):
        view_menu.addAction(n[name])
        w.menu_groups[-1][1].append(n[name])
    theme_menu = view_menu.addMenu(w.tr("&Theme"))
    for choice, _words in THEMES:
        theme_menu.addAction(n[f"theme_{choice}"])
    menu(
        w.tr("&Tools"),
        [
            "assessment",
            "observe",
            "progress",
            None,
            "history",
            "diary",
            "courses",
            None,
            "one_to_one",
            None,
            "voice_check",
            "preferences",
        ],
    )
    menu(w.tr("&Help"), ["shortcuts"])
    w.room_views.fill_screen_menu()
    app = QGuiApplication.instance()
    if isinstance(app, QGuiApplication):
        app.screenAdded.connect(lambda _s: w.room_views.fill_screen_menu())
        app.screenRemoved.connect(lambda _s: w.room_views.fill_screen_menu())


def _toggle_words(w: MainWindow) -> dict[State | None, str]:
    """What Start or pause says in each state (``None``: not started)."""
    return {None: w.tr("&Start"), State.RUNNING: w.tr("&Pause"), State.PAUSED: w.tr("&Resume")}


def update_actions(w: MainWindow) -> None:
    """Which actions can be used now, and the start button's words (Start, Pause, Resume)."""
    n = w.actions_by_name
    state = w.controller.state if w.controller else None
    practising = w.stage is Stage.PRACTICE and state is not None
    if w.script is not None:  # which the script's own choice is
        words = w.tr(WARNING_SHORT[w.script.warnings])
        n["warnings_script"].setText(w.tr("As the script says (%1)").replace("%1", words))
    live = practising and state in (State.RUNNING, State.PAUSED)
    n["toggle"].setEnabled(practising and state is not State.FINISHED)
    n["ground"].setEnabled(live)
    toggle_words = _toggle_words(w)
    n["toggle"].setText(toggle_words.get(state, toggle_words[None]))
    for name in ("add_short", "add_long", "repeat"):
        n[name].setEnabled(live)
    n["skip"].setEnabled(practising and state is not State.FINISHED)
    n["step_back"].setEnabled(practising and state is not State.FINISHED)
    n["undo"].setEnabled(w.session.can_undo() is not None)
    n["finish"].setEnabled(practising and state is not State.FINISHED)
    stepping_debrief = w.stage is Stage.DEBRIEF and not w.session.debrief_closed
    n["next"].setEnabled(
        stepping_debrief or flow.next_move(w.stage, w._state_for_flow(), True) != flow.Move()
    )
    n["next_key"].setEnabled(n["next"].isEnabled())
    index = w.controller.snapshot().index if w.controller else 0
    n["back"].setEnabled(flow.back_move(w.stage, w._state_for_flow(), index) != flow.Move())
    n["use"].setEnabled(
        w.stage is Stage.LIBRARY
        and w.library_page.current_script() is not None
        and (w.library_page.current_script() is w.script or flow.can_change_script(state))
    )
    n["read_aloud"].setEnabled(w.script is not None and state is not State.RUNNING)
    n["read_reminders"].setEnabled(n["read_aloud"].isEnabled())
    n["save"].setEnabled(w.notebook is not None)
    for stage in flow.STAGE_ORDER:
        n[f"stage_{stage.value}"].setEnabled(stage is Stage.LIBRARY or w.script is not None)
    n["leave_fullscreen"].setEnabled(w.room_views.something_fullscreen())
    n["observe"].setEnabled(w.assessment.visible())
