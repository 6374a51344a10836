"""Every window is keyboard-complete: Tab and Shift+Tab reach every control and leave every widget.

For each window the app shows (the console on each page, with assessment mode on, the history, the F1 list,
the sound and voice check, the one-to-one timer on each of its pages, and the questions it asks) the Tab order
is walked with real key presses on the real widgets, and a trap fails the test: a widget a Tab press does not
leave, a walk that never comes back to where it began, focus that wanders out of the window, or a control that
is shown, enabled and takes the keyboard by Tab but that Tab never reaches. Shift+Tab must walk the same
stops back. Then every widget that can hold the keyboard at all (by a click too) must let Tab and Shift+Tab
take it on.

The keys that move *within* a widget are checked beside it: the library's tabs keep Left and Right, the
history's list keeps its arrows, the date fields never change unasked, and every menu's access keys are its
own.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QAction, QKeyEvent, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QMenu,
    QMenuBar,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSlider,
    QTabBar,
    QTableView,
    QToolBar,
    QToolButton,
    QTreeWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from mindful_listening.core.clock import ManualClock
from mindful_listening.core.flow import Stage
from mindful_listening.core.library import find_script
from mindful_listening.core.record import MemorySink, Note, SessionRecord
from mindful_listening.core.runner import State
from mindful_listening.preferences import Preferences
from mindful_listening.speech.api import FakeSpeaker
from mindful_listening.storage.keeper import RecordKeeper
from mindful_listening.storage.store import RecordStore
from mindful_listening.timers import HandTimers
from mindful_listening.ui.history import (
    HistoryWidget,
)
from mindful_listening.ui.keys import uses_arrows
from mindful_listening.ui.one_to_one import OneToOneWindow, one_to_one_scripts
from mindful_listening.ui.voice_check import VoiceCheckDialog
from mindful_listening.ui.window import MainWindow

MakeWindow = Callable[..., MainWindow]
Key = Qt.Key
SECRET = "Marmalade-coloured silence"


# ===================================================================== the walk
def stage_of(window: MainWindow) -> Stage:
    """Read afresh (so the type checker does not carry an earlier assert's narrowing over)."""
    return window.stage


def name_of(widget: QWidget | None) -> str:
    if widget is None:
        return "nothing"
    text = widget.text() if isinstance(widget, QAbstractButton | QLabel | QLineEdit) else ""
    label = widget.accessibleName() or widget.objectName() or text
    return f"{type(widget).__name__} {label!r}" if label else type(widget).__name__


def _end_of_proxies(widget: QWidget) -> QWidget:
    while (proxy := widget.focusProxy()) is not None:
        widget = proxy
    return widget


def holds_keys(widget: QWidget, top: QWidget, policy: Qt.FocusPolicy) -> bool:
    """Shown in ``top``, enabled, and taking the keyboard in the ``policy`` way (Tab, or any way at all)."""
    return (
        widget.window() is top
        and widget.isVisible()
        and widget.isEnabled()
        and widget.focusPolicy().value & policy.value == policy.value
    )


def tab_stops(top: QWidget) -> list[QWidget]:
    """Every control in ``top`` that Tab should reach: shown, enabled and taking the keyboard by Tab (the
    widget its focus proxy hands the keyboard to, once each)."""
    stops: list[QWidget] = []
    for widget in top.findChildren(QWidget):
        if holds_keys(widget, top, Qt.FocusPolicy.TabFocus):
            stop = _end_of_proxies(widget)
            if stop not in stops:
                stops.append(stop)
    return stops


def walk(qtbot: QtBot, top: QWidget, backwards: bool = False) -> tuple[list[QWidget], list[str]]:
    """Press Tab (or Shift+Tab) from where the keyboard is in ``top`` until the walk is back there.

    Returns the stops in the order reached and the traps found on the way."""
    start = QApplication.focusWidget()
    if start is None or start.window() is not top:
        stops = tab_stops(top)
        assert stops, f"{name_of(top)}: nothing in it takes the keyboard"
        stops[0].setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.wait_until(stops[0].hasFocus)
        start = stops[0]
    key = Key.Key_Backtab if backwards else Key.Key_Tab
    press = "Shift+Tab" if backwards else "Tab"
    reached: list[QWidget] = [start]
    limit = 2 * len(tab_stops(top)) + 4
    for _ in range(limit):
        here = QApplication.focusWidget()
        assert here is not None
        QTest.keyClick(here, key)
        now = QApplication.focusWidget()
        if now is here:
            return reached, [f"{press} does not leave {name_of(here)}"]
        if now is None or now.window() is not top:
            return reached, [f"{press} from {name_of(here)} leaves the window for {name_of(now)}"]
        if now is start:
            break
        if now in reached:
            loop = " → ".join(name_of(w) for w in reached[reached.index(now) :])
            return reached, [f"{press} loops ({loop}) and never comes back to {name_of(start)}"]
        reached.append(now)
    else:
        return reached, [f"{press} did not come back to {name_of(start)} in {limit} presses"]
    never = [w for w in tab_stops(top) if w not in reached]
    return reached, [f"{press} never reaches {name_of(w)}" for w in never]


def leaves(qtbot: QtBot, top: QWidget, exempt: Sequence[QWidget] = ()) -> list[str]:
    """Every widget that can hold the keyboard in ``top`` (by Tab or by a click) lets Tab and Shift+Tab take
    it on to another."""
    problems: list[str] = []
    holders = [w for w in top.findChildren(QWidget) if holds_keys(w, top, Qt.FocusPolicy.ClickFocus)]
    for widget in holders:
        target = _end_of_proxies(widget)
        if target in exempt:
            continue
        for key, press in ((Key.Key_Tab, "Tab"), (Key.Key_Backtab, "Shift+Tab")):
            target.setFocus(Qt.FocusReason.MouseFocusReason)
            if not target.hasFocus():
                continue  # it hands the keyboard on to another as it is given it (a window's own widget)
            QTest.keyClick(target, key)
            if QApplication.focusWidget() is target:
                problems.append(f"{press} does not leave {name_of(target)}")
    return problems


def assert_keyboard_complete(
    qtbot: QtBot, top: QWidget, where: str, exempt: Sequence[QWidget] = ()
) -> list[QWidget]:
    """Walk ``top`` both ways, then try to leave each of its widgets; returns the stops Tab reached."""
    forwards, traps = walk(qtbot, top)
    assert traps == [], f"{where}: {traps}"
    start = forwards[0]
    backwards, traps = walk(qtbot, top, backwards=True)
    assert traps == [], f"{where}: {traps}"
    assert backwards == [start, *reversed(forwards[1:])], f"{where}: Shift+Tab walks another way back"
    assert leaves(qtbot, top, exempt) == [], where
    start.setFocus(Qt.FocusReason.TabFocusReason)
    return forwards


def activate(qtbot: QtBot, window: QWidget) -> None:
    window.show()
    qtbot.wait_exposed(window)
    window.activateWindow()
    qtbot.wait_until(window.isActiveWindow)


# ===================================================================== the walk itself can fail
class _Trap(QWidget):
    """Two fields and a button, where the middle field swallows Tab as a QDateEdit's parts or a table did."""

    def __init__(self, trap: bool) -> None:
        super().__init__()
        self.first = QLineEdit(self)
        self.first.setObjectName("first")
        self.middle = _SwallowsTab(self) if trap else QLineEdit(self)
        self.middle.setObjectName("middle")
        self.last = QPushButton("Last", self)


class _SwallowsTab(QLineEdit):
    def event(self, event: QEvent) -> bool:
        if isinstance(event, QKeyEvent) and event.key() in (Key.Key_Tab, Key.Key_Backtab):
            return True  # kept, as Qt's date field kept Tab for its parts
        return super().event(event)


def test_the_walk_finds_a_trap_and_a_control_it_never_reaches(qtbot: QtBot) -> None:
    trapped = _Trap(trap=True)
    qtbot.add_widget(trapped)
    activate(qtbot, trapped)
    trapped.first.setFocus()
    _, traps = walk(qtbot, trapped)
    assert traps == ["Tab does not leave _SwallowsTab 'middle'"]
    assert leaves(qtbot, trapped) == [
        "Tab does not leave _SwallowsTab 'middle'",
        "Shift+Tab does not leave _SwallowsTab 'middle'",
    ]
    fine = _Trap(trap=False)
    qtbot.add_widget(fine)
    activate(qtbot, fine)
    fine.first.setFocus()
    stops, traps = walk(qtbot, fine)
    assert traps == []
    assert stops == [fine.first, fine.middle, fine.last]
    extra = QPushButton("Extra", fine)
    extra.show()
    QWidget.setTabOrder(fine.middle, fine.last)  # the chain skips ``extra``: it is not in it
    extra.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # clickable only ...
    assert walk(qtbot, fine)[1] == []
    extra.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # ... but a Tab stop must be reached, and is
    stops, traps = walk(qtbot, fine)
    assert traps == []
    assert extra in stops


# ===================================================================== the console, page by page
def _stored_session(data_dir: Path) -> SessionRecord:
    made = SessionRecord.begin(find_script("speak-reflect-respond"), 60_000)
    made.started_at = "2026-03-10T10:00:00+00:00"
    made.ended_at = made.started_at
    made.participants = ["P1", "P2", "P3", "P4", "P5", "P6"]
    made.notes = [Note(prompt="What did you notice?", text=f"{SECRET} after the bell.", layer="noticing")]
    made.free_notes = "A calm group."
    with RecordStore.open(data_dir) as store:
        store.save(made)
        second = SessionRecord.begin(find_script("classic-pairs"), 60_000)
        second.started_at = "2026-03-09T10:00:00+00:00"
        store.save(second)
    return made


def test_every_page_of_the_console_is_keyboard_complete(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    library = window.library_page
    stops = assert_keyboard_complete(qtbot, window, "library")
    assert library.list in stops
    assert library.use_button in stops
    assert library.tabs.tabBar() in stops
    library.tabs.setCurrentIndex(1)
    stops = assert_keyboard_complete(qtbot, window, "library, Rehearse tab")
    assert library.plan in stops
    library.tabs.setCurrentIndex(0)

    window.use_selected_script()
    assert window.stage is Stage.PURPOSE
    stops = assert_keyboard_complete(qtbot, window, "purpose")
    assert window.purpose_page.read_button in stops

    window.set_stage(Stage.PRACTICE)
    stops = assert_keyboard_complete(qtbot, window, "practice, ready")
    assert window.practice_page.notes in stops
    window.toggle()  # running: more of the buttons can be used now
    assert window.controller is not None
    assert window.controller.state is State.RUNNING
    stops = assert_keyboard_complete(qtbot, window, "practice, running")
    assert all(button in stops for button in window.practice_page.buttons)
    window.toggle()

    window.session.finish()
    assert stage_of(window) is Stage.DEBRIEF
    stops = assert_keyboard_complete(qtbot, window, "debrief")
    page = window.debrief_page
    reflecting = [page.reflection_form.choice, page.reflection]  # the free box shown: the stages hidden
    assert [page.participants, *page.prompt_fields, page.free_notes, *reflecting, page.save_button] == [
        w for w in stops if w.window() is window and page.isAncestorOf(w)
    ], "the debrief reads top to bottom"
    scrolls = [w for w in stops if type(w).__name__ == "QScrollArea"]
    assert scrolls == [], "a scroll area is no stop of its own: Tab goes to what is in it"


def test_the_console_with_assessment_mode_on_is_keyboard_complete(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    window.use_selected_script()
    window.actions_by_name["assessment"].trigger()
    panel = window.assessment_panel
    for stage in (Stage.PURPOSE, Stage.PRACTICE, Stage.DEBRIEF, Stage.LIBRARY):
        window.set_stage(stage)
        stops = assert_keyboard_complete(qtbot, window, f"assessment form, {stage.value}")
        form = [panel.code_edit, panel.assessor_edit, panel.date_edit, panel.course_edit, panel.set_combo]
        assert [w for w in stops if w in form] == form, "the form reads top to bottom"
        assert panel.start_button in stops
    window.set_stage(Stage.PRACTICE)
    panel.code_edit.setText("T-07")
    panel.assessor_edit.setText("A. Tutor")
    with qtbot.wait_signal(panel.started):
        panel.start_button.click()
    for tab in range(panel.tabs.count()):
        panel.tabs.setCurrentIndex(tab)
        # The note field is entered by O and left by Enter (logs) or Esc (cancels): in it, Tab flips
        # strength and development (decision 0006). It is not a trap, since its hint says how to leave.
        stops = assert_keyboard_complete(qtbot, window, f"assessing, tab {tab}", exempt=[panel.note_edit])
        # A tutor working by keyboard alone reaches the tabs, the levels and the report.
        assert panel.report_button in stops, f"tab {tab}: Save report is reached by Tab"
        assert panel.tabs.tabBar() in stops
    panel.tabs.setCurrentIndex(1)
    stops, _traps = walk(qtbot, window)
    assert [panel.strengths_edit, panel.developments_edit, panel.summary_edit] == [
        w for w in stops if w in (panel.strengths_edit, panel.developments_edit, panel.summary_edit)
    ], "the summary boxes, in reading order"
    panel.report_button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.wait_until(panel.report_button.hasFocus)
    QTest.keyClick(panel.report_button, Key.Key_Return)  # Enter presses the button the keyboard is on
    qtbot.wait_until(lambda: any(d.isVisible() for d in panel.findChildren(QFileDialog)))
    for dialog in panel.findChildren(QFileDialog):
        dialog.reject()
    panel.tabs.setCurrentIndex(0)
    window.practice_page.buttons[0].setFocus()
    QTest.keyClick(window.practice_page.buttons[0], Key.Key_O)
    assert panel.note_edit.hasFocus()
    QTest.keyClick(panel.note_edit, Key.Key_Escape)
    assert window.practice_page.buttons[0].hasFocus(), "Esc gives the keyboard back from the note field"


# ===================================================================== the windows beside it
@pytest.fixture
def keeper() -> Iterator[RecordKeeper]:
    made = RecordKeeper(Path(os.environ["MINDFUL_LISTENING_DATA_DIR"]), debounce_ms=20)
    yield made
    made.close()


@pytest.fixture
def history(qtbot: QtBot, keeper: RecordKeeper, make_window: MakeWindow) -> HistoryWidget:
    _stored_session(Path(os.environ["MINDFUL_LISTENING_DATA_DIR"]))
    window = make_window(sink=keeper)
    widget = window.tools.open("history")
    assert isinstance(widget, HistoryWidget)
    qtbot.wait_until(widget.isActiveWindow)
    qtbot.wait_until(lambda: len(widget.model.rows) == 2, timeout=5_000)
    return widget


def test_the_history_is_keyboard_complete_and_its_list_lets_tab_out(
    qtbot: QtBot, history: HistoryWidget
) -> None:
    history.table.selectRow(0)
    history.table.setFocus()
    qtbot.wait_until(history.table.hasFocus)
    first, second = (row.id for row in history.model.rows)
    QTest.keyClick(history.table, Key.Key_Down)  # the arrows choose a session ...
    qtbot.wait_until(lambda: history.current_id() == second, timeout=5_000)
    QTest.keyClick(history.table, Key.Key_Up)
    qtbot.wait_until(lambda: history.current_id() == first, timeout=5_000)
    history.table.setFocus()
    QTest.keyClick(history.table, Key.Key_Tab)  # ... and Tab goes on, to its notes
    assert QApplication.focusWidget() is history.editor.note_edits[0]
    history.date_from.setDate(QDate(2026, 1, 1))  # the date fields, too
    history.date_to.setDate(QDate(2026, 12, 31))
    history.dates.setChecked(True)
    qtbot.wait_until(lambda: history.editor.record is None)
    qtbot.wait_until(lambda: len(history.model.rows) == 2, timeout=5_000)
    history.table.selectRow(0)
    qtbot.wait_until(lambda: history.editor.record is not None, timeout=5_000)
    stops = assert_keyboard_complete(qtbot, history, "history")
    editor = history.editor
    after_table = stops[stops.index(history.table) :]
    assert after_table[: len(editor.note_edits) + 6] == [
        history.table,
        *editor.note_edits,
        editor.free_notes,
        editor.reflection,
        history.export_button,
        history.delete_button,
        history.import_button,
    ], "from the list, Tab goes through the session's notes to its buttons, then to the history's own"
    assert history.delete_button in stops
    assert history.date_from in stops
    assert history.date_to in stops


def test_the_shortcut_list_and_the_voice_check_are_keyboard_complete(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    window.show_shortcuts()
    panel = window.help_panel
    assert panel is not None
    activate(qtbot, panel)
    stops = assert_keyboard_complete(qtbot, panel, "F1 list")
    assert panel.tree in stops
    assert panel.findChild(QPushButton, "closeShortcuts") in stops

    dialog = VoiceCheckDialog(Preferences(), parent=window, play=False)
    qtbot.add_widget(dialog)
    with qtbot.wait_signal(dialog.checkFinished, timeout=30_000):
        activate(qtbot, dialog)
    stops = assert_keyboard_complete(qtbot, dialog, "voice check")
    assert dialog.again in stops
    assert dialog.voice_choice in stops
    assert dialog.open_preferences in stops
    dialog.close()


def test_the_preferences_are_keyboard_complete_and_esc_closes_them(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    window.actions_by_name["preferences"].trigger()
    dialog = window.tools.get("preferences")
    assert dialog is not None
    activate(qtbot, dialog)
    stops = assert_keyboard_complete(qtbot, dialog, "preferences")
    named = {w.objectName() for w in stops}
    assert {
        "voiceBox",
        "previewVoice",
        "rate",
        "voiceVolume",
        "bellVolume",
        "hearBell",
        "bells",
        "warnings",
        "theme",
        "textSize",
        "roomScreen",
        "digits",
        "resetPreferences",
    } <= named, "Tab reaches every choice"
    QTest.keyClick(QApplication.focusWidget() or dialog, Key.Key_Escape)
    assert not dialog.isVisible()


def test_the_one_to_one_timer_is_keyboard_complete_on_every_page(
    qtbot: QtBot, clock: ManualClock, timers: HandTimers
) -> None:
    window = OneToOneWindow(
        FakeSpeaker(), MemorySink(), clock=clock, timer_factory=timers, scripts=one_to_one_scripts()
    )
    qtbot.add_widget(window)
    activate(qtbot, window)
    stops = assert_keyboard_complete(qtbot, window, "one-to-one, choosing")
    assert window.exercise_list in stops
    assert window.begin_button in stops
    bar = window.findChild(QToolBar, "oneToOneBar")
    assert isinstance(bar, QToolBar)
    for action in (window.on_top_action, window.hide_digits_action):
        assert bar.widgetForAction(action) in stops, f"{action.text()}: only a mouse could reach it"
    window.tabs.setCurrentIndex(1)
    window.client_code_edit.setFocus()
    stops = assert_keyboard_complete(qtbot, window, "one-to-one, notes")
    assert window.notes_edit in stops, "Tab reaches the notes and leaves them"
    window.tabs.setCurrentIndex(0)

    window.select_exercise("soothing-rhythm-breathing")
    window.choosing.set_settle_seconds(30)
    window.prepare()
    assert window.pages.currentIndex() == window.PAGE_BEFORE
    stops = assert_keyboard_complete(qtbot, window, "one-to-one, before you begin")
    assert window.before_page.begin_button in stops
    assert window.before_page.back_button in stops
    QTest.keyClick(window.before_page.begin_button, Key.Key_Return)  # Enter begins from the care page
    assert window.pages.currentIndex() == window.PAGE_SETTLING
    stops = assert_keyboard_complete(qtbot, window, "one-to-one, settling")
    assert window.begin_now_button in stops
    window.begin_now()
    assert window.pages.currentIndex() == window.PAGE_SESSION
    stops = assert_keyboard_complete(qtbot, window, "one-to-one, settling step")
    assert window.end_button in stops
    window.next_step()
    assert window.rhythm_row.isVisible()
    stops = assert_keyboard_complete(qtbot, window, "one-to-one, breathing")
    assert window.inhale_spin in stops
    assert window.exhale_spin in stops
    window.end_session()
    assert window.pages.currentIndex() == window.PAGE_ENDED
    assert_keyboard_complete(qtbot, window, "one-to-one, ended")
    window.close()


def _open_box(qtbot: QtBot, name: str) -> QMessageBox:
    def find() -> QMessageBox | None:
        return next(
            (
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, QMessageBox) and w.objectName() == name and w.isVisible()
            ),
            None,
        )

    qtbot.wait_until(lambda: find() is not None)
    box = find()
    assert box is not None
    qtbot.wait_until(box.isActiveWindow)
    return box


def test_the_questions_the_app_asks_are_keyboard_complete(
    qtbot: QtBot, make_window: MakeWindow, history: HistoryWidget
) -> None:
    window = make_window()
    window.use_selected_script()
    window.set_stage(Stage.PRACTICE)
    window.toggle()
    window.actions_by_name["finish"].trigger()  # End mid-practice: it asks first
    box = _open_box(qtbot, "endPracticeQuestion")
    stops = assert_keyboard_complete(qtbot, box, "End the practice?")
    assert all(button in stops for button in box.buttons())
    QTest.keyClick(QApplication.focusWidget() or box, Key.Key_Escape)
    qtbot.wait_until(lambda: not box.isVisible())

    history.activateWindow()
    qtbot.wait_until(history.isActiveWindow)
    history.table.selectRow(0)
    qtbot.wait_until(lambda: history.editor.record is not None, timeout=5_000)
    asked = history.ask_to_delete()
    assert asked is not None
    asked.setObjectName("deleteQuestion")
    box = _open_box(qtbot, "deleteQuestion")
    stops = assert_keyboard_complete(qtbot, box, "Delete this session?")
    assert all(button in stops for button in box.buttons())
    box.reject()


# ===================================================================== keys that move within a widget
def test_right_on_the_library_tabs_shows_the_next_tab_not_the_next_stage(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    tabs = window.library_page.tabs
    bar = tabs.tabBar()
    bar.setFocus()
    qtbot.wait_until(bar.hasFocus)
    QTest.keyClick(bar, Key.Key_Right)
    assert tabs.currentIndex() == 1, "Right shows the Rehearse tab"
    assert window.stage is Stage.LIBRARY, "... and does not jump to the purpose"
    QTest.keyClick(bar, Key.Key_Left)
    assert tabs.currentIndex() == 0
    assert window.stage is Stage.LIBRARY
    window.library_page.list.setFocus()  # a plain list moves by Up and Down: Right still goes on from it
    QTest.keyClick(window.library_page.list, Key.Key_Right)
    assert stage_of(window) is Stage.PURPOSE


def test_the_widgets_that_move_by_the_arrows_keep_them(qtbot: QtBot) -> None:
    row = QListWidget()
    row.setFlow(QListView.Flow.LeftToRight)
    keeps: list[QWidget] = [QTabBar(), QTreeWidget(), QTableView(), QSlider(), row, QRadioButton()]
    plain: list[QWidget] = [QListWidget(), QComboBox(), QToolButton(), QPushButton(), QLabel()]
    for widget in keeps + plain:
        qtbot.add_widget(widget)
    assert [uses_arrows(w) for w in keeps] == [True] * len(keeps)
    assert [uses_arrows(w) for w in plain] == [False] * len(plain)


def _wheel(widget: QWidget) -> None:
    inside = QPointF(5, 5)
    QApplication.sendEvent(
        widget,
        QWheelEvent(
            inside,
            QPointF(widget.mapToGlobal(QPoint(5, 5))),
            QPoint(0, 0),
            QPoint(0, 120),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        ),
    )


def test_tab_leaves_the_assessment_date_and_it_never_changes_unasked(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    window.use_selected_script()
    window.actions_by_name["assessment"].trigger()
    panel = window.assessment_panel
    date = panel.date_edit
    date.setDate(QDate(2026, 12, 1))
    panel.assessor_edit.setFocus()
    QTest.keyClick(panel.assessor_edit, Key.Key_Tab)
    assert QApplication.focusWidget() is date
    QTest.keyClick(date, Key.Key_Tab)
    assert QApplication.focusWidget() is panel.course_edit, "one Tab leaves the date, not its year"
    QTest.keyClicks(panel.course_edit, "Level 4")
    assert panel.course_edit.text() == "Level 4"
    assert date.date() == QDate(2026, 12, 1), "what was meant for the next field never reaches the date"
    QTest.keyClick(panel.course_edit, Key.Key_Backtab)
    assert QApplication.focusWidget() is date
    QTest.keyClick(date, Key.Key_Backtab)
    assert QApplication.focusWidget() is panel.assessor_edit
    _wheel(date)  # the wheel over a date not being edited: nothing changes
    assert date.date() == QDate(2026, 12, 1)
    date.setFocus()
    qtbot.wait_until(date.hasFocus)
    _wheel(date)  # ... while editing it, the wheel turns it, as do the arrows
    assert date.date() != QDate(2026, 12, 1)
    changed = date.date()
    QTest.keyClick(date, Key.Key_Down)
    assert date.date() != changed


# ===================================================================== access keys
def access_key(text: str) -> str | None:
    """The letter after a single "&" in a menu text ("&&" is an ampersand), lower case; None without one."""
    at = 0
    while (at := text.find("&", at)) != -1 and at + 1 < len(text):
        if text[at + 1] != "&":
            return text[at + 1].lower()
        at += 2
    return None


def clashes(actions: Sequence[QAction], where: str) -> list[str]:
    """Access keys used twice among ``actions`` (one menu, or the menu bar), and in each submenu."""
    found: list[str] = []
    by_key: dict[str, list[str]] = {}
    for action in actions:
        if action.isSeparator() or not action.isVisible():
            continue
        key = access_key(action.text())
        if key is not None:
            by_key.setdefault(key, []).append(action.text())
        menu = action.menu()
        if isinstance(menu, QMenu):
            found += clashes(menu.actions(), f"{where} ▸ {menu.title().replace('&', '')}")
    found += [f"{where}: {key.upper()} in {texts}" for key, texts in by_key.items() if len(texts) > 1]
    return found


def test_access_key_reading() -> None:
    assert access_key("Sound && &voice check…") == "v"
    assert access_key("Sound && voice") is None
    assert access_key("S&ession") == "e"
    menu = QMenu()
    menu.addAction("&Larger text")
    menu.addAction("&Leave full screen")
    menu.addAction("Room && &screen")
    assert clashes(menu.actions(), "View") == ["View: L in ['&Larger text', '&Leave full screen']"]


def test_every_menu_has_access_keys_of_its_own(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    bar = window.menuBar()
    assert isinstance(bar, QMenuBar)
    assert clashes(bar.actions(), "menu bar") == []
    window.use_selected_script()
    window.set_stage(Stage.PRACTICE)
    controller = window.controller
    assert controller is not None
    seen = set()
    # The start action's words change (Start, Pause, Resume), and with them its access key.
    for state in (State.READY, State.RUNNING, State.PAUSED):
        if controller.state is not state:
            window.toggle()
        assert controller.state is state
        seen.add(window.actions_by_name["toggle"].text())
        assert clashes(bar.actions(), "menu bar") == [], state
    assert seen == {"&Start", "&Pause", "&Resume"}
    window.toggle()
