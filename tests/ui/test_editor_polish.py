"""The script editor and its rehearsal on a facilitator's laptop: the whole form without a sideways scroll bar
at 1366×768 (and 1920×1080) at every text size, the rehearsal's controls in sight, the rehearsal's room view
following the theme and text size changed while it runs, and "Hear this cue" waiting, and saying why, while a
practice runs or the session's voice is speaking in a pause."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QAbstractScrollArea, QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from mindful_listening.core.flow import Stage
from mindful_listening.core.library import find_script
from mindful_listening.core.runner import State
from mindful_listening.core.script import StepKind
from mindful_listening.preferences import Preferences
from mindful_listening.speech.service import SpeechService
from mindful_listening.ui import theme
from mindful_listening.ui.script_editor import DEBOUNCE_MS, ScriptEditor, problem_colour
from mindful_listening.ui.widgets import WINDOW_FRAME
from mindful_listening.ui.window import MainWindow

from .conftest import MakeWindow
from .test_laptop_screens import CONTROLS, clipped

MBSR = "speak-reflect-respond"
SCREENS = [QSize(1366, 768), QSize(1920, 1080)]
SCALES = [0.6, 1.0, 1.6, 2.5]


def _open_copy(qtbot: QtBot, window: MainWindow, script_id: str = MBSR) -> ScriptEditor:
    scripts = window.library_page._scripts
    window.library_page.list.setCurrentRow(next(i for i, s in enumerate(scripts) if s.id == script_id))
    window.actions_by_name["duplicate_script"].trigger()
    editor = window.shelf.editors[-1]
    editor.activateWindow()
    qtbot.wait_until(editor.isActiveWindow)
    return editor


def _cut_off(window: QWidget) -> list[str]:
    return [
        why
        for control in window.findChildren(QWidget)
        if isinstance(control, CONTROLS) and control.isVisibleTo(window) and control.window() is window
        if (why := clipped(control, window))
    ]


@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: f"{s.width()}x{s.height()}")
@pytest.mark.parametrize("scale", SCALES, ids=[f"text-{s}" for s in SCALES])
def test_the_editor_shows_its_whole_form_without_a_sideways_scroll_bar_on_a_laptop(
    qtbot: QtBot, make_window: MakeWindow, screen: QSize, scale: float
) -> None:
    window = make_window(prefs=Preferences(theme="dark", font_scale=scale))
    editor = _open_copy(qtbot, window)
    # A turn: every field of the step's form is filled (roles, cues), the widest it gets.
    turn = next(i for i, s in enumerate(editor.document["steps"]) if s["kind"] == StepKind.TURN.value)
    editor.step_list.setCurrentRow(turn)
    room = screen - WINDOW_FRAME
    editor.resize(room)  # as fit_to_screen opens it on that screen (it asks for 1200×760 at most)
    QApplication.processEvents()
    assert editor.width() <= room.width(), "the form never pushes the window wider than the screen"
    area = editor.findChild(QAbstractScrollArea, "editorForm")
    assert area is not None

    def fits() -> None:
        assert not area.horizontalScrollBar().isVisible(), "fields wrap or shrink: never a sideways scroll"
        content = area.viewport().findChild(QWidget)
        assert content is not None
        assert content.width() <= area.viewport().width()
        assert _cut_off(editor) == []

    qtbot.wait_until(fits, timeout=2_000)
    assert not editor.step_list.horizontalScrollBar().isVisible(), "a long step title wraps"
    # The text fields show three lines of their own text at every size (a fixed height showed one and a half).
    purpose = editor.fields["purpose"]
    assert purpose.height() >= 3 * purpose.fontMetrics().lineSpacing()
    for button in (editor.save_button, editor.rehearse_button):
        assert clipped(button, editor) is None, "Save and Rehearse stay in sight beside the form"


@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: f"{s.width()}x{s.height()}")
@pytest.mark.parametrize("scale", SCALES, ids=[f"text-{s}" for s in SCALES])
def test_the_rehearsal_fits_a_laptop_screen_at_every_text_size(
    qtbot: QtBot, make_window: MakeWindow, screen: QSize, scale: float
) -> None:
    window = make_window(prefs=Preferences(theme="dark", font_scale=scale))
    editor = _open_copy(qtbot, window)
    rehearsal = editor.rehearse()
    assert rehearsal is not None
    room = screen - WINDOW_FRAME
    rehearsal.resize(room)
    QApplication.processEvents()
    assert rehearsal.width() <= room.width()
    assert rehearsal.height() <= room.height()
    assert rehearsal.minimumSizeHint().width() <= room.width(), "nothing in it asks for more than the screen"

    def fits() -> None:
        assert _cut_off(rehearsal) == []
        for label in (rehearsal.banner, rehearsal.where):
            assert label.geometry().bottom() < rehearsal.height()
            assert label.height() >= label.heightForWidth(label.width()), "its words are not cut off"

    qtbot.wait_until(fits, timeout=2_000)
    rehearsal.stop()


def _background(widget: QWidget) -> QColor:
    picture = widget.grab().toImage()
    return picture.pixelColor(2, picture.height() - 3)


def test_a_rehearsal_follows_the_theme_and_text_size_changed_while_it_runs(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window(prefs=Preferences(theme="dark", font_scale=1.0))
    editor = _open_copy(qtbot, window)
    rehearsal = editor.rehearse()
    assert rehearsal is not None
    qtbot.wait_exposed(rehearsal)
    assert _background(rehearsal.view) == QColor(theme.DARK.background)
    label: QLabel = rehearsal.view.next_label
    before = label.fontInfo().pixelSize()

    window.actions_by_name["theme_light"].trigger()  # View ▸ Theme ▸ Light, while it runs
    assert rehearsal.running
    qtbot.wait_until(lambda: _background(rehearsal.view) == QColor(theme.LIGHT.background))
    window.looks.set_font_scale(1.6)  # as Ctrl++ or the Preferences' text size would
    qtbot.wait_until(lambda: label.fontInfo().pixelSize() > before)
    assert window.feed is not rehearsal.feed, "the rehearsal keeps its own room view"

    rehearsal.stop()
    qtbot.wait_until(lambda: editor.rehearsal is None)  # closed and deleted
    window.actions_by_name["theme_dark"].trigger()  # nothing is left connected to it
    assert window.prefs.theme == "dark"


def _state(window: MainWindow) -> State | None:
    return window.session.state


def test_hear_this_cue_waits_while_a_practice_runs_or_the_voice_speaks_in_a_pause_and_says_why(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    service = SpeechService(Preferences(theme="dark"))  # espeak-ng and the player, for real
    window = make_window(speaker=service)
    window.use_script(find_script("classic-pairs"))
    window.set_stage(Stage.PRACTICE)
    editor = _open_copy(qtbot, window)
    turn = next(i for i, s in enumerate(editor.document["steps"]) if s["kind"] == StepKind.TURN.value)
    editor.step_list.setCurrentRow(turn)
    editor.cues.setCurrentCell(0, 1)
    words = str(editor.document["steps"][turn]["cues"][0]["text"])
    editor.form_area.verticalScrollBar().setValue(0)  # the form at its top, as it opens

    def space_in_the_main_window() -> None:
        window.activateWindow()
        qtbot.wait_until(window.isActiveWindow)
        QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Space)

    space_in_the_main_window()
    assert _state(window) is State.RUNNING
    qtbot.wait_until(lambda: not service.is_sounding, timeout=30_000)  # the step's own first cue
    QTest.mouseClick(editor.hear_button, Qt.MouseButton.LeftButton)
    assert editor.hear_message.isVisibleTo(editor)
    assert editor.hear_message.text().startswith("Not while a practice is running")

    def said_in_sight() -> None:  # also when Alt+H pressed it from the top of a long form
        message = editor.hear_message
        top_left = message.mapTo(editor.form_area.viewport(), message.rect().topLeft())
        assert editor.form_area.viewport().rect().contains(QRect(top_left, message.size()))

    qtbot.wait_until(said_in_sight, timeout=2_000)
    assert service.path_for(words) is None, "nothing was sent to the voice"

    space_in_the_main_window()
    assert _state(window) is State.PAUSED
    # In the pause the session's voice goes on speaking (a cue under way, the purpose read aloud).
    service.say(
        "Take a moment, if you would like to, to notice how you are sitting and how you are breathing.",
        "none",
    )
    qtbot.wait_until(lambda: service.is_sounding, timeout=30_000)
    QTest.mouseClick(editor.hear_button, Qt.MouseButton.LeftButton)
    assert editor.hear_message.text() == (
        "The session's voice is speaking: listen here once it has finished."
    ), "the same words as the voice preview's, beside the button"
    qtbot.wait_until(lambda: not service.is_sounding, timeout=30_000)
    assert service.path_for(words) is None, "it did not speak over the voice, nor later on its own"

    with qtbot.wait_signal(service.cueVoiced, timeout=30_000):
        QTest.mouseClick(editor.hear_button, Qt.MouseButton.LeftButton)  # the voice is quiet now
    assert not editor.hear_message.isVisibleTo(editor), "said once it is heard"
    assert service.path_for(words) is not None
    qtbot.wait_until(lambda: not service.is_sounding, timeout=30_000)


def test_tab_into_a_table_shows_where_the_keyboard_is_in_either_theme(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window(prefs=Preferences(theme="dark"))
    editor = _open_copy(qtbot, window)
    turn = next(i for i, s in enumerate(editor.document["steps"]) if s["kind"] == StepKind.TURN.value)
    editor.step_list.setCurrentRow(turn)
    editor.step_open.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(editor.step_open, Qt.Key.Key_Tab)  # the next stop after Open-ended: the cue table
    assert QApplication.focusWidget() is editor.cues

    def ring(table: QWidget) -> QColor:
        picture = table.grab().toImage()
        return picture.pixelColor(0, picture.height() // 2)

    qtbot.wait_until(lambda: ring(editor.cues) == QColor(theme.DARK.accent))
    window.actions_by_name["theme_light"].trigger()
    qtbot.wait_until(lambda: ring(editor.cues) == QColor(theme.LIGHT.accent))
    editor.prompts.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.wait_until(lambda: ring(editor.prompts) == QColor(theme.LIGHT.accent))
    assert ring(editor.cues) != QColor(theme.LIGHT.accent), "only the table with the keyboard has the ring"


def test_the_steps_and_cues_stay_readable_after_the_theme_changes_and_a_problem_stays_red(
    qtbot: QtBot, make_window: MakeWindow, advance: Callable[[int], None]
) -> None:
    window = make_window(prefs=Preferences(theme="light"))
    editor = _open_copy(qtbot, window)
    turn = next(i for i, s in enumerate(editor.document["steps"]) if s["kind"] == StepKind.TURN.value)
    editor.step_list.setCurrentRow(turn)
    window.actions_by_name["theme_dark"].trigger()

    def lightest(table_or_list: QAbstractItemView, rect: QRect) -> int:
        picture = table_or_list.viewport().grab(rect).toImage()
        return max(
            picture.pixelColor(x, y).lightness()
            for x in range(picture.width())
            for y in range(picture.height())
        )

    first = editor.cues.item(0, 0)
    assert first is not None
    where = editor.cues.visualItemRect(first)
    qtbot.wait_until(lambda: lightest(editor.cues, where) > 180)
    item = editor.step_list.item(0)
    assert lightest(editor.step_list, editor.step_list.visualItemRect(item)) > 180, "light text on dark"

    first.setText("99m")  # a cue long after its step's end: marked in red, in the dark theme too
    advance(DEBOUNCE_MS)
    red = QColor(problem_colour(theme.DARK))
    cell = editor.cues.item(0, 0)
    assert cell is not None
    assert cell.foreground().color() == red
    assert editor.step_list.item(turn).foreground().color() == red
    message = editor._messages["step.cues"]
    assert message.isVisibleTo(editor)
    assert message.palette().windowText().color() == red, "the message in the same red"
    window.actions_by_name["theme_light"].trigger()
    red = QColor(problem_colour(theme.LIGHT))
    qtbot.wait_until(lambda: message.palette().windowText().color() == red)
    assert editor.step_list.item(turn).foreground().color() == red


@pytest.mark.parametrize("palette", [theme.LIGHT, theme.DARK, theme.HIGH_CONTRAST], ids=lambda p: p.name)
def test_a_problem_s_red_reads_at_4_5_to_1_on_every_theme(palette: theme.Palette) -> None:
    for ground in (palette.background, palette.surface):
        assert theme.contrast_ratio(problem_colour(palette), ground) >= 4.5


@pytest.mark.parametrize("scale", [1.0, 2.5], ids=["text-1.0", "text-2.5"])
def test_a_problem_typed_at_the_bottom_of_a_laptop_screen_comes_into_sight_under_its_field(
    qtbot: QtBot, make_window: MakeWindow, advance: Callable[[int], None], scale: float
) -> None:
    window = make_window(prefs=Preferences(theme="dark", font_scale=scale))
    editor = _open_copy(qtbot, window)
    editor.resize(QSize(1366, 768) - WINDOW_FRAME)
    turn = next(i for i, s in enumerate(editor.document["steps"]) if s["kind"] == StepKind.TURN.value)
    editor.step_list.setCurrentRow(turn)
    area = editor.form_area
    field = editor.step_fields["duration"]
    field.setFocus()
    area.ensureWidgetVisible(field, 0, 0)  # Tab brings the field just into sight, at the bottom edge
    QApplication.processEvents()
    field.selectAll()
    QTest.keyClicks(field, "-1m")
    advance(DEBOUNCE_MS)
    message = editor._messages["step.duration"]
    assert "negative" in message.text()

    def in_sight() -> None:
        top_left = message.mapTo(area.viewport(), message.rect().topLeft())
        shown = area.viewport().rect()
        assert shown.contains(QRect(top_left, message.size())), "the whole message can be read"
        assert field.hasFocus(), "and the keyboard stays in the field"

    qtbot.wait_until(in_sight, timeout=2_000)
    assert field.text() == "-1m", "nothing typed is lost"
