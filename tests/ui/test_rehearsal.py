"""Rehearse at 20× from the script editor, on the real window, editor and room view: the script as edited
runs step by step in a room view of its own, says it is a rehearsal at 20×, keeps no record (a real SQLite
store stays empty), stops with Esc or Stop, and is refused, at the problem, for a script that does not
validate."""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from mindful_listening.core.clock import ManualClock
from mindful_listening.core.library import find_script
from mindful_listening.core.runner import Outcome, State
from mindful_listening.core.script import StepKind
from mindful_listening.storage.keeper import RecordKeeper
from mindful_listening.storage.store import RecordStore
from mindful_listening.timers import HandTimers
from mindful_listening.ui import phase
from mindful_listening.ui.rehearsal import SPEED, Rehearsal
from mindful_listening.ui.script_editor import DEBOUNCE_MS, ScriptEditor
from mindful_listening.ui.window import MainWindow

from .conftest import MakeWindow

MBSR = "speak-reflect-respond"


@pytest.fixture
def keeper() -> Iterator[RecordKeeper]:
    made = RecordKeeper(Path(os.environ["MINDFUL_LISTENING_DATA_DIR"]), debounce_ms=20)
    yield made
    made.close()


def _stored() -> int:
    with RecordStore.open(Path(os.environ["MINDFUL_LISTENING_DATA_DIR"])) as store:
        return store.count()


def _open_copy(qtbot: QtBot, window: MainWindow) -> ScriptEditor:
    scripts = window.library_page._scripts
    window.library_page.list.setCurrentRow(next(i for i, s in enumerate(scripts) if s.id == MBSR))
    window.actions_by_name["duplicate_script"].trigger()
    editor = window.shelf.editors[-1]
    editor.activateWindow()
    qtbot.wait_until(editor.isActiveWindow)
    return editor


def _type(field: object, text: str) -> None:
    assert isinstance(field, QLineEdit)
    field.setFocus()
    field.selectAll()
    QTest.keyClick(field, Qt.Key.Key_Delete)
    QTest.keyClicks(field, text)


def _rehearse(qtbot: QtBot, editor: ScriptEditor) -> Rehearsal:
    QTest.mouseClick(editor.rehearse_button, Qt.MouseButton.LeftButton)
    rehearsal = editor.rehearsal
    assert rehearsal is not None
    qtbot.wait_exposed(rehearsal)
    rehearsal.activateWindow()
    qtbot.wait_until(rehearsal.isActiveWindow)
    return rehearsal


def test_rehearse_runs_the_edited_script_step_by_step_in_a_room_view_at_20x_and_keeps_no_record(
    qtbot: QtBot, make_window: MakeWindow, keeper: RecordKeeper, advance: Callable[[int], None]
) -> None:
    window = make_window(sink=keeper)
    editor = _open_copy(qtbot, window)
    editor.step_list.setCurrentRow(1)
    _type(editor.step_fields["title"], "Arriving, slowly")  # the script as edited, not as saved
    rehearsal = _rehearse(qtbot, editor)
    banner = rehearsal.banner.text()
    assert f"{SPEED}×" in banner
    assert "no record" in banner
    assert f"{SPEED}×" in rehearsal.windowTitle()
    assert rehearsal.running
    assert rehearsal.controller.clock.scale == SPEED

    timeline = rehearsal.timeline
    assert timeline.steps[1].title == "Arriving, slowly"
    real = 0
    for step in timeline.steps:
        at = math.ceil((step.start_ms + 500) / SPEED)  # half a second (of the script) into the step
        advance(at - real)
        real = at
        assert rehearsal.controller.snapshot().index == step.index, step.title
        assert f"Step {step.index + 1} of {len(timeline.steps)}" in rehearsal.where.text()
        shown = phase.role_lines(step) or [phase.headline(step)]
        view = rehearsal.view
        assert [label.text() for label in view.role_labels if not label.isHidden()] == shown
        expected_page = {StepKind.PURPOSE: "purpose", StepKind.INQUIRY: "debrief"}.get(step.kind, "practice")
        assert view.page_name == expected_page
        spoken_at_start = [c for c in step.cues if c.text and c.offset_ms(step.duration_ms) == 0]
        if spoken_at_start:
            assert view.caption.text() == spoken_at_start[-1].text, "each cue shows as its caption"
    # The whole script passes in a twentieth of its time, and the window says it is over.
    with qtbot.wait_signal(rehearsal.ended, timeout=1000):
        advance(math.ceil(timeline.total_ms / SPEED) - real + 1)
    assert rehearsal.controller.state is State.FINISHED
    assert "Nothing was recorded" in rehearsal.where.text()
    assert window.session.script is None, "the main window's session is untouched"

    assert keeper.flush()
    assert _stored() == 0, "no record in the store"
    QTest.keyClick(rehearsal, Qt.Key.Key_Escape)  # over: Esc closes its window
    qtbot.wait_until(lambda: editor.rehearsal is None)


def test_esc_or_stop_ends_a_rehearsal_at_once(
    qtbot: QtBot, make_window: MakeWindow, keeper: RecordKeeper, advance: Callable[[int], None]
) -> None:
    window = make_window(sink=keeper)
    editor = _open_copy(qtbot, window)
    rehearsal = _rehearse(qtbot, editor)
    advance(round(rehearsal.timeline.steps[2].start_ms / SPEED) + 10)
    controller = rehearsal.controller
    assert controller.snapshot().index == 2
    QTest.keyClick(QApplication.focusWidget() or rehearsal, Qt.Key.Key_Escape)
    qtbot.wait_until(lambda: editor.rehearsal is None)
    assert controller.state is State.FINISHED, "stopped, not left running behind a closed window"
    assert editor.isVisible(), "Esc in the rehearsal closes the rehearsal alone"

    again = _rehearse(qtbot, editor)
    assert again.stop_button.hasFocus()
    QTest.mouseClick(again.stop_button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: editor.rehearsal is None)
    assert keeper.flush()
    assert _stored() == 0


def test_a_script_that_does_not_validate_is_not_rehearsed_and_the_keyboard_goes_to_the_problem(
    qtbot: QtBot, make_window: MakeWindow, advance: Callable[[int], None]
) -> None:
    window = make_window()
    editor = _open_copy(qtbot, window)
    editor.step_list.setCurrentRow(2)
    _type(editor.step_fields["duration"], "-3m")
    advance(DEBOUNCE_MS)
    editor.step_list.setCurrentRow(0)  # elsewhere when asking to rehearse
    QTest.keyClick(editor, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert editor.rehearsal is None
    assert editor.rehearse_message.isVisible()
    assert "Not rehearsed: 1 problem to fix first" in editor.rehearse_message.text()
    assert editor.current_step() == 2, "the step with the problem is selected"
    assert editor.step_fields["duration"].hasFocus(), "and the keyboard is in its field"
    assert "step.duration" in editor.messages(), "where the validator's words are shown"
    assert editor.document["steps"][2]["duration"] == "-3m", "nothing typed is lost"

    _type(editor.step_fields["duration"], "3m")
    advance(DEBOUNCE_MS)
    assert not editor.rehearse_message.isVisible()
    rehearsal = _rehearse(qtbot, editor)
    assert rehearsal.timeline.steps[2].duration_ms == 180_000
    rehearsal.close()


def test_an_open_ended_step_ends_after_its_guide_duration_in_a_rehearsal(
    qtbot: QtBot, clock: ManualClock, timers: HandTimers
) -> None:
    script = find_script("rain")
    assert any(step.open_ended for step in script.steps), "the script waits for the practitioner somewhere"
    rehearsal = Rehearsal(script, clock, timers)
    qtbot.add_widget(rehearsal)
    rehearsal.show()
    rehearsal.start()
    with qtbot.wait_signal(rehearsal.ended, timeout=1000):
        timers.advance(math.ceil(rehearsal.timeline.total_ms / SPEED) + 1)  # nobody pressed a key
    assert rehearsal.controller.state is State.FINISHED
    outcomes = [step.outcome for step in rehearsal.controller.runner.log.steps]
    assert outcomes == [Outcome.COMPLETED] * len(rehearsal.timeline.steps), (
        "every step ran its time, none waited"
    )
    rehearsal.close()
