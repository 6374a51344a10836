"""A whole lesson on the clock, in the real windows: the purpose and the inquiry as timed steps.

During a purpose step the room sees the purpose (and the reminders, when the facilitator shows them) with the
time small; the laptop's "For this step" holds the purpose, the notes for guiding and the reminders. During an
inquiry step that names a prompt the room sees that prompt, and a note typed on the laptop there is the
debrief's note for it: on the debrief page, and in the record.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from mindful_listening.core.flow import Stage
from mindful_listening.core.library import find_script
from mindful_listening.core.loading import parse_script
from mindful_listening.core.record import MemorySink
from mindful_listening.core.runner import State
from mindful_listening.core.script import StepKind
from mindful_listening.ui import phase
from mindful_listening.ui.window import MainWindow

MakeWindow = Callable[..., MainWindow]
LESSON = "whole-lesson-pairs"


def visible_on(view: QWidget, widget: QWidget) -> bool:
    return widget.isVisibleTo(view)


def first_inquiry(window: MainWindow) -> int:
    assert window.controller is not None
    return next(s.index for s in window.controller.timeline.steps if s.kind is StepKind.INQUIRY)


def to_step(window: MainWindow, index: int) -> None:
    assert window.controller is not None
    while window.controller.snapshot().index < index:
        window.session.skip()


def test_the_room_sees_the_purpose_with_the_time_small_during_a_purpose_step(
    qtbot: QtBot, make_window: MakeWindow, advance: Callable[[int], None]
) -> None:
    script = find_script(LESSON)
    window = make_window(scripts=[script])
    window.use_selected_script()
    purpose_page = window.purpose_page
    assert purpose_page.timed_note.isVisibleTo(window), (
        "the Purpose stage says the purpose is on the clock too"
    )
    assert "“Why we are here” (3 min)" in purpose_page.timed_note.text()
    room = window.room
    assert room.page_name == "purpose"
    assert not room.clock_shown, "the Purpose stage is the preparation: no clock yet"

    window.set_stage(Stage.PRACTICE)
    assert room.page_name == "purpose", "the purpose step: the purpose stays in the room"
    assert room.purpose_text.text() == phase.reflow(script.purpose)
    assert room.clock_shown
    assert room.purpose_clock.digits.text() == "3:00"
    assert "Ready when you are" in room.purpose_clock.words.text()
    assert window.practice_page.mirror.page_name == "purpose", "the laptop's mirror shows the same"
    QTest.keyClick(window.practice_page.buttons[0], Qt.Key.Key_Space)
    assert window.controller is not None
    assert window.controller.state is State.RUNNING
    advance(10_000)
    assert room.purpose_clock.digits.text() == "2:50"
    assert not room.purpose_clock.words.isVisibleTo(room), "running: the page says what it is"
    assert room.purpose_clock.line.fraction < 1
    assert not visible_on(room, room.reminders_text), "the reminders stay on the laptop until shown"

    page = window.practice_page
    assert page.stage_box.isVisibleTo(window)
    assert page.stage_text.text() == phase.reflow(script.purpose)
    assert page.guiding.text() == phase.reflow(script.facilitator_notes)
    assert page.reminders.text() == "\n".join(f"• {line}" for line in phase.reminders(script))
    assert not page.prompt_notes.isVisibleTo(window)

    window.actions_by_name["reminders_in_room"].trigger()
    assert visible_on(room, room.reminders_text), "shown in the room during the step, as on the Purpose stage"
    assert room.reminders_text.text() == "\n".join(phase.reminders(script))
    assert room.clock_shown

    advance(170_000)  # the purpose's three minutes are over: arriving
    assert window.controller.snapshot().step.kind is StepKind.SETTLE
    assert room.page_name == "practice"
    assert not page.stage_box.isVisibleTo(window)


def test_an_inquiry_step_shows_its_prompt_and_its_note_is_the_debriefs_and_the_records(
    qtbot: QtBot, make_window: MakeWindow, advance: Callable[[int], None]
) -> None:
    sink = MemorySink()
    script = find_script(LESSON)
    window = make_window(sink=sink, scripts=[script])
    window.use_selected_script()
    window.set_stage(Stage.PRACTICE)
    QTest.keyClick(window.practice_page.buttons[0], Qt.Key.Key_Space)
    inquiry = first_inquiry(window)
    to_step(window, inquiry)
    prompts = [p.text for p in script.debrief.prompts]
    room = window.room
    assert room.page_name == "debrief"
    assert room.debrief_text.text() == phase.reflow(prompts[0])
    assert room.debrief_heading.text() == "Reflecting together"
    assert room.clock_shown
    assert room.debrief_clock.digits.text() == "4:00"
    advance(30_000)
    assert room.debrief_clock.digits.text() == "3:30"

    page = window.practice_page
    assert page.stage_text.text() == prompts[0]
    assert page.stage_heading.text() == f"Prompt 1 of {len(prompts)}, being explored"
    assert page.prompt_notes.isVisibleTo(window)
    assert page.prompt_notes.accessibleName() == f"Notes: {prompts[0]}"
    QTest.keyClicks(page.prompt_notes, "slow to start")
    assert window.debrief_page.prompt_fields[0].toPlainText() == "slow to start"
    (record,) = sink.records.values()
    assert [(n.prompt, n.text) for n in record.notes] == [(prompts[0], "slow to start")]

    window.actions_by_name["prompts_in_room"].trigger()  # the facilitator prefers a calm screen
    assert room.debrief_text.text() == phase.reflow(script.debrief.introduction)
    window.actions_by_name["prompts_in_room"].trigger()
    assert room.debrief_text.text() == phase.reflow(prompts[0])

    advance(210_000)  # the next prompt has its own share of the time
    assert window.controller is not None
    assert window.controller.snapshot().index == inquiry + 1
    assert room.debrief_text.text() == phase.reflow(prompts[1])
    assert page.prompt_notes.toPlainText() == "", "prompt 2's own notes"
    QTest.keyClicks(page.prompt_notes, "heard at last")

    window.session.finish()
    assert window.stage is Stage.DEBRIEF
    fields = window.debrief_page.prompt_fields
    assert [f.toPlainText() for f in fields[:3]] == ["slow to start", "heard at last", ""]
    QTest.keyClicks(fields[0], ", then easy")
    saved = sink.records[record.id]
    assert [(n.prompt, n.text) for n in saved.notes] == [
        (prompts[0], "slow to start, then easy"),
        (prompts[1], "heard at last"),
    ]
    assert saved.steps[-1].kind == "inquiry"
    window.set_stage(Stage.PRACTICE)  # back to the finished practice: the same note, never two
    assert page.prompt_notes.toPlainText() == "heard at last"
    window.set_stage(Stage.DEBRIEF)
    for _ in prompts:
        QTest.keyClick(window.debrief_page.participants, Qt.Key.Key_PageDown)
    QTest.keyClick(window.debrief_page.participants, Qt.Key.Key_PageDown)
    assert "Thank you" in room.debrief_text.text(), "the Debrief stage still follows, to its closing"
    assert sink.records[record.id].ended_at is not None


INTRODUCTION_ONLY = b"""
id = "inquiry-intro"
title = "An inquiry without a prompt"
mode = "group-pairs"
purpose = "To test."
[[steps]]
kind = "turn"
title = "A speaks"
duration = "1m"
roles = { speaker = "A", listener = "B" }
[[steps]]
kind = "inquiry"
title = "Talking it over"
duration = "2m"
caption = "Talking it over in pairs"
[debrief]
introduction = "Share only what you wish."
[[debrief.prompts]]
layer = "noticing"
text = "What did you notice?"
"""


def test_an_inquiry_step_without_a_prompt_shows_the_introduction_and_its_own_caption(
    make_window: MakeWindow,
) -> None:
    window = make_window(scripts=[parse_script(INTRODUCTION_ONLY)])
    window.use_selected_script()
    window.set_stage(Stage.PRACTICE)
    room = window.room
    assert room.page_name == "practice", "an ordinary step: the practice page, disc and roles"
    window.session.skip()  # not started: choose where to begin
    assert room.page_name == "debrief"
    assert room.debrief_text.text() == "Share only what you wish."
    assert room.debrief_heading.text() == "Talking it over in pairs"
    assert room.clock_shown
    page = window.practice_page
    assert page.stage_heading.text() == "The debrief's introduction"
    assert not page.prompt_notes.isVisibleTo(window), "no prompt: no prompt's notes"


def test_the_rehearse_tab_says_what_the_room_sees_in_each_timed_stage(make_window: MakeWindow) -> None:
    script = find_script(LESSON)
    window = make_window(scripts=[script])
    plan = window.library_page.plan
    rows = [plan.topLevelItem(i) for i in range(plan.topLevelItemCount())]
    first = rows[0]
    assert first is not None
    assert first.text(1) == "Why we are here  [Why we are practising]"
    assert first.child(0).text(1) == "In the room: the purpose, with the time"  # type: ignore[union-attr]
    shown = [
        row.child(0).text(1)  # type: ignore[union-attr]
        for row in rows
        if row is not None and row.childCount() and row.text(1).startswith("Inquiry")
    ]
    assert shown == [f"In the room: prompt {n}, “{p.text}”" for n, p in enumerate(script.debrief.prompts, 1)]
    last = rows[-1]
    assert last is not None
    assert (last.text(0), last.text(1)) == ("45:00", "End")


def test_a_script_without_timed_stages_looks_as_it_did(make_window: MakeWindow) -> None:
    window = make_window(scripts=[find_script("classic-pairs")])
    window.use_selected_script()
    assert not window.purpose_page.timed_note.isVisibleTo(window)
    window.set_stage(Stage.PRACTICE)
    assert window.room.page_name == "practice"
    assert not window.practice_page.stage_box.isVisibleTo(window)
