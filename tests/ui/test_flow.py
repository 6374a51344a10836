"""The Qt-free rules the window follows: stages, the nudge, the notebook, and the words for each phase."""

from __future__ import annotations

import pytest

from mindful_listening.core import flow
from mindful_listening.core.clock import ManualClock
from mindful_listening.core.flow import Move, Stage
from mindful_listening.core.library import find_script
from mindful_listening.core.record import MemorySink, SessionRecord
from mindful_listening.core.runner import SessionRunner, State
from mindful_listening.core.timeline import compile_script
from mindful_listening.ui import phase
from mindful_listening.ui.theme import Tone


def test_next_moves_through_the_stages_and_skips_steps_during_practice() -> None:
    assert flow.next_move(Stage.LIBRARY, None) == Move()
    assert flow.next_move(Stage.LIBRARY, State.READY) == Move(stage=Stage.PURPOSE)
    assert flow.next_move(Stage.PURPOSE, State.READY) == Move(stage=Stage.PRACTICE)
    assert flow.next_move(Stage.PRACTICE, State.READY, clicker=True) == Move(session="start"), (
        "no Space on it"
    )
    assert flow.next_move(Stage.PRACTICE, State.PAUSED, clicker=True) == Move(session="start"), (
        "a held practice carries on; it never skips a step the room has not had"
    )
    assert flow.next_move(Stage.PRACTICE, State.RUNNING, clicker=True) == Move(session="skip")
    for state in (State.READY, State.RUNNING, State.PAUSED):
        assert flow.next_move(Stage.PRACTICE, state) == Move(session="skip")
    assert flow.next_move(Stage.PRACTICE, State.FINISHED) == Move(stage=Stage.DEBRIEF)
    assert flow.next_move(Stage.DEBRIEF, State.FINISHED) == Move()


def test_back_steps_back_within_practice_then_returns_to_the_purpose() -> None:
    assert flow.back_move(Stage.LIBRARY, State.READY, 0) == Move()
    assert flow.back_move(Stage.PURPOSE, State.READY, 0) == Move(stage=Stage.LIBRARY)
    assert flow.back_move(Stage.PRACTICE, State.READY, 0) == Move(stage=Stage.PURPOSE)
    assert flow.back_move(Stage.PRACTICE, State.READY, 2) == Move(session="back")
    assert flow.back_move(Stage.PRACTICE, State.RUNNING, 0) == Move(session="back")
    assert flow.back_move(Stage.PRACTICE, State.PAUSED, 3) == Move(session="back")
    assert flow.back_move(Stage.PRACTICE, State.FINISHED, 3) == Move()
    assert flow.back_move(Stage.DEBRIEF, State.FINISHED, 5) == Move(stage=Stage.PRACTICE)


def test_the_nudge_and_script_changes_follow_the_session_state() -> None:
    assert flow.should_nudge(Stage.PRACTICE, State.READY)
    assert not flow.should_nudge(Stage.PRACTICE, State.RUNNING)
    assert not flow.should_nudge(Stage.PURPOSE, State.READY)
    assert flow.NUDGE_AFTER_MS == 45_000
    assert flow.can_change_script(None)
    assert flow.can_change_script(State.READY)
    assert flow.can_change_script(State.FINISHED)
    assert not flow.can_change_script(State.RUNNING)
    assert not flow.can_change_script(State.PAUSED)
    assert flow.stage_after_finish() is Stage.DEBRIEF


def test_the_room_screen_goes_to_the_second_screen_or_the_one_chosen() -> None:
    assert flow.pick_audience_screen(["laptop"], "") is None
    assert flow.pick_audience_screen(["laptop"], "laptop") is None
    assert flow.pick_audience_screen(["laptop", "projector"], "") == 1
    assert flow.pick_audience_screen(["laptop", "projector", "tv"], "tv") == 2
    assert flow.pick_audience_screen(["laptop", "projector"], "gone") == 1


def test_participants_are_split_into_codes() -> None:
    assert flow.parse_participants("AB, CD;  P3\nx7 ,, ") == ["AB", "CD", "P3", "x7"]
    assert flow.parse_participants("   ") == []


class CountingSink(MemorySink):
    def __init__(self) -> None:
        super().__init__()
        self.immediate = 0

    def save(self, record: SessionRecord, immediate: bool = False) -> None:
        super().save(record)
        self.immediate += immediate


def test_the_notebook_keeps_every_note_and_saves_on_each_edit() -> None:
    script = find_script("classic-pairs")
    timeline = compile_script(script)
    sink = MemorySink()
    book = flow.Notebook(script, timeline.total_ms, sink)
    assert book.record is None
    book.set_note(1, "Felt heard")
    assert sink.saves == 1
    book.set_note(1, "Felt heard")  # no change: nothing to save
    assert sink.saves == 1
    book.set_note(0, "Warm hands")
    book.set_free_notes("free")
    book.set_reflection("mine")
    book.set_participants("AB, CD")
    assert sink.saves == 5
    assert book.record is not None
    saved = sink.records[book.record.id]
    assert [(n.prompt, n.text, n.layer, n.role) for n in saved.notes] == [
        (script.debrief.prompts[0].text, "Warm hands", "noticing", "everyone"),
        (script.debrief.prompts[1].text, "Felt heard", "noticing", "speaker"),
    ]
    assert (saved.free_notes, saved.reflection, saved.participants) == ("free", "mine", ["AB", "CD"])
    assert saved.planned_total_ms == timeline.total_ms
    book.set_note(0, "")
    assert [n.text for n in sink.records[book.record.id].notes] == ["Felt heard"]
    with pytest.raises(IndexError):
        book.set_note(99, "x")


def test_the_notebook_absorbs_the_clock_and_hurries_a_keeper_that_can() -> None:
    script = find_script("classic-pairs")
    timeline = compile_script(script)
    clock = ManualClock()
    runner = SessionRunner(timeline, clock)
    sink = CountingSink()
    book = flow.Notebook(script, timeline.total_ms, sink)
    book.absorb(runner.log, ended=False)
    assert book.record is None, "nothing started, nothing written"
    runner.start()
    clock.advance(20_000)
    runner.finish()
    book.absorb(runner.log, ended=True)
    assert book.record is not None
    assert book.record.ended_at is not None
    assert [s.outcome for s in book.record.steps] == ["finished-early"]
    assert sink.immediate == 1


def test_phase_words_and_tones() -> None:
    script = find_script("classic-pairs")
    timeline = compile_script(script)
    clock = ManualClock()
    runner = SessionRunner(timeline, clock)
    assert phase.phase_of(runner.snapshot()).tone is Tone.READY
    runner.start()
    assert phase.phase_of(runner.snapshot()).words == "Arriving"
    runner.skip()
    look = phase.phase_of(runner.snapshot())
    assert (look.words, look.tone) == ("Speaking", Tone.SPEAK)
    runner.pause()
    assert phase.phase_of(runner.snapshot()) == phase.PhaseLook("Paused · Speaking", Tone.PAUSED)
    runner.resume()
    clock.advance(181_000)
    runner.poll()
    look = phase.phase_of(runner.snapshot())
    assert look.words == "Counting past zero — let your last words land"
    assert look.tone is Tone.OVERTIME
    assert phase.digits(runner.snapshot()) == "+0:01"
    clock.advance(20_000)
    runner.poll()
    assert phase.phase_of(runner.snapshot()).words == "Silent pause"
    runner.skip()
    assert phase.phase_of(runner.snapshot()).words == "Swap roles"
    runner.finish()
    assert phase.phase_of(runner.snapshot()).words == "Practice complete"


def test_open_ended_steps_say_take_your_time() -> None:
    script = find_script("classic-pairs")
    steps = list(script.steps)
    steps[0] = steps[0].model_copy(update={"open_ended": True})
    timeline = compile_script(script.model_copy(update={"steps": steps}))
    clock = ManualClock()
    runner = SessionRunner(timeline, clock)
    runner.start()
    clock.advance(61_000)
    runner.poll()
    assert phase.phase_of(runner.snapshot()).words == "Counting past zero — take the time you need"


def test_roles_next_step_and_upcoming_cue() -> None:
    timeline = compile_script(find_script("classic-pairs"))
    turn = timeline.steps[1]
    assert phase.role_lines(turn) == ["Speaking: A", "Listening: B"]
    assert phase.role_lines(timeline.steps[2]) == []
    assert phase.headline(timeline.steps[2]) == "Silent pause"
    triads = compile_script(find_script("triads-observer"))
    observer_turn = next(s for s in triads.steps if s.roles is not None)
    assert phase.role_lines(observer_turn)[2].startswith("Observing: ")
    assert phase.next_step_text(timeline, 1) == "Next: Silent pause · 30 s"
    assert phase.next_step_text(timeline, len(timeline.steps) - 1) == "Next: reflecting together"

    clock = ManualClock()
    runner = SessionRunner(timeline, clock)
    runner.start()
    runner.skip()
    upcoming = phase.upcoming_cue(runner.snapshot())
    assert upcoming is not None
    assert upcoming[0].text == "About one minute left."
    assert upcoming[1] == 120_000
    clock.advance(170_000)
    runner.poll()
    upcoming = phase.upcoming_cue(runner.snapshot())
    assert upcoming is not None
    assert (upcoming[0].text, upcoming[1]) == ("Let your last words land.", 10_000)


def test_reflow_joins_hand_wrapped_lines() -> None:
    assert phase.reflow("  one\ntwo\n\nthree\n  four  \n") == "one two\n\nthree four"
    assert phase.reflow("") == ""


def test_every_step_kind_has_words_and_a_tone_for_the_room() -> None:
    """A new step kind takes one place in ui/phase.py; this test names the kinds that are missing there."""
    from mindful_listening.core.script import StepKind

    missing = [kind.value for kind in StepKind if kind not in phase.KIND_WORDS]
    assert missing == []
    words = [phase.KIND_WORDS[kind][0] for kind in StepKind]
    assert all(words), "every kind is named in words, never by colour alone"
    assert len(set(words)) == len(words), "two kinds would read the same on the projector"


def test_a_settle_step_reads_as_its_own_title_and_the_built_ins_share_one_word_for_each_phase() -> None:
    from mindful_listening.core.library import builtin_scripts
    from mindful_listening.core.script import StepKind

    runner = SessionRunner(compile_script(find_script("timed-pair-share")), ManualClock())
    runner.start()
    assert phase.phase_of(runner.snapshot()).words == "The topic", "not a generic 'Arriving'"
    runner.skip()
    assert phase.phase_of(runner.snapshot()).words == "Think time", "the script's own word for it"
    runner.toggle()
    assert phase.phase_of(runner.snapshot()).words == "Paused · Think time"
    for script in builtin_scripts():
        for step in script.steps:
            if step.kind is StepKind.SWAP:
                # Pairs swap; triads rotate through three roles. Never a third word for the same move.
                assert step.title in ("Swap roles", "Rotate roles"), (script.id, step.title)
            if step.kind is StepKind.THINK:
                assert step.title == "Think time", (script.id, step.title)


def test_only_a_practice_under_way_must_end_before_another_stage() -> None:
    assert flow.must_end_practice_first(Stage.DEBRIEF, State.RUNNING)
    assert flow.must_end_practice_first(Stage.LIBRARY, State.PAUSED)
    assert not flow.must_end_practice_first(Stage.PRACTICE, State.RUNNING)
    assert not flow.must_end_practice_first(Stage.DEBRIEF, State.READY)
    assert not flow.must_end_practice_first(Stage.DEBRIEF, State.FINISHED)
    assert not flow.must_end_practice_first(Stage.PURPOSE, None)
