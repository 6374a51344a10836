"""Exports speak the facilitator's language: how each step ended in words, counts as "1 pause" or "8 pauses",
and a rehearsal at speed that says so, with the length the real clock saw. Markdown, the PDF and JSON."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from mindful_listening.assessment.sample import build_sample_record
from mindful_listening.core.clock import ManualClock
from mindful_listening.core.library import find_script
from mindful_listening.core.record import SessionRecord
from mindful_listening.core.runner import Outcome, SessionRunner
from mindful_listening.core.timeline import compile_script
from mindful_listening.storage import exchange
from mindful_listening.storage.export import outcome_words, to_html, to_markdown, write_export
from mindful_listening.wording import count

RecordFactory = Callable[..., SessionRecord]
RAW = re.compile(r"went-back|finished-early|\(s\)|\bgroup-pairs\b")


def every_outcome() -> SessionRecord:
    """classic-pairs on a manual clock, moved through every way a step can end."""
    script = find_script("classic-pairs")
    timeline = compile_script(script)
    clock = ManualClock()
    runner = SessionRunner(timeline, clock)
    record = SessionRecord.begin(script, timeline.total_ms)
    runner.start()
    clock.advance(timeline.steps[0].span_ms)
    runner.poll()  # Arriving ran its full time
    clock.advance(5_000)
    runner.skip()  # the first turn: moved on
    clock.advance(2_000)
    runner.back()  # the next step: went back
    clock.advance(3_000)
    runner.repeat_round()
    clock.advance(1_000)
    runner.finish()
    record.absorb(runner.log)
    record.ended_at = "2026-03-02T09:52:00+00:00"
    return record


def pdf_text(path: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return " ".join(
        subprocess.run(
            [tool, str(path), "-"], capture_output=True, text=True, check=True, timeout=60
        ).stdout.split()
    )


def test_every_outcome_has_plain_words() -> None:
    for outcome in [*Outcome, "running"]:
        words = outcome_words(str(outcome))
        assert words, outcome
        assert "-" not in words, outcome
    assert outcome_words("wandered-off") == "wandered off", "an outcome from a later version, still not code"


def test_how_each_step_ended_reads_as_words_in_markdown_and_the_pdf(qtbot: QtBot, tmp_path: Path) -> None:
    record = every_outcome()
    assert {s.outcome for s in record.steps} == {str(o) for o in Outcome}
    text = to_markdown([record])
    for words in (
        "ran its full time",
        "skipped: moved on before its end",
        "went back a step",
        "round started again",
        "the practice ended here, early",
    ):
        assert words in text
        assert words in to_html([record])
    assert not RAW.search(text), RAW.search(text)
    assert "(classic-pairs, pairs)" in text

    path = tmp_path / "steps.pdf"
    write_export([record], path, "pdf")
    shown = pdf_text(path)
    assert "went back a step" in shown
    assert "the practice ended here, early" in shown
    assert not RAW.search(shown)


@pytest.mark.parametrize(
    ("pauses", "extensions", "cues", "sentence"),
    [
        (0, 0, 0, "No pauses, no time added, no cues given."),
        (1, 1, 1, "1 pause, time added once (30 s), 1 cue given."),
        (8, 2, 12, "8 pauses, time added 2 times (1 min in all), 12 cues given."),
    ],
)
def test_counts_are_singular_or_plural_as_spoken(
    make_record: RecordFactory, pauses: int, extensions: int, cues: int, sentence: str
) -> None:
    record = make_record()
    record.pauses = [{"step_index": 0, "at_ms": 1_000 * n, "duration_ms": 500} for n in range(pauses)]
    record.extensions = [{"step_index": 0, "at_ms": 0, "added_ms": 30_000} for _ in range(extensions)]
    record.cues = [
        {"step_index": 0, "planned_ms": 0, "at_ms": 0, "text": "Welcome.", "bell": "none"}
        for _ in range(cues)
    ]
    text = to_markdown([record])
    assert sentence in text
    assert "(s)" not in text


def test_count_picks_the_words_for_none_one_and_many() -> None:
    forms = ("no pauses", "1 pause", "{n} pauses")
    assert [count(n, *forms) for n in (0, 1, 2, 8)] == ["no pauses", "1 pause", "2 pauses", "8 pauses"]


def test_notes_name_their_inquiry_layer_and_who_was_asked(make_record: RecordFactory) -> None:
    record = make_record(["Shoulders softened."])
    note = record.notes[0]
    note.layer, note.role = "noticing", "listener"
    text = to_markdown([record])
    assert "- **Inquiry layer:** noticing\n- **Asked of:** the listener" in text


def test_assessment_observations_say_stage_and_emphasis_in_words() -> None:
    text = to_markdown([build_sample_record()])
    observations = re.findall(r"^\(\d+\) .*$", text, flags=re.MULTILINE)
    assert len(observations) == 10, "the sample has ten observations"
    # The report's clock: the session clock in the practice, time into the stage before and after it.
    head = re.compile(r"^\(\d+\) (Purpose \+|Inquiry \+)?\d+:\d\d, (a strength|to develop): ")
    assert all(head.match(line) for line in observations), observations
    assert not RAW.search(text)


# ---------------------------------------------------------------------------------------------- rehearsals
def rehearsal(make_record: RecordFactory, speed: float) -> SessionRecord:
    record = make_record()
    record.source = "play"
    record.speed = speed
    return record


def test_a_rehearsal_gives_the_real_length_and_says_it_was_a_rehearsal(
    qtbot: QtBot, make_record: RecordFactory, tmp_path: Path
) -> None:
    record = rehearsal(make_record, 30)
    ran = record.ran_ms()
    assert ran == 90_000  # the fixture's session: 90 s of steps on its clock (its 5 s pause aside)
    text = to_markdown([record])
    assert "**Length:** 3 s on the clock: a rehearsal at 30× speed, so 1 min 30 s of script time" in text
    assert "**Recorded with:** audio-only play, a rehearsal at 30× speed" in text
    assert "in script time (the rehearsal ran 30× faster)" in text

    path = tmp_path / "rehearsal.pdf"
    write_export([record], path, "pdf")
    shown = pdf_text(path)
    assert "3 s on the clock: a rehearsal at 30× speed" in shown


def test_a_session_in_real_time_says_nothing_of_rehearsals(make_record: RecordFactory) -> None:
    record = make_record()
    assert record.speed == 1
    text = to_markdown([record])
    assert "**Length:** 1 min 30 s (planned" in text
    assert "rehearsal" not in text
    assert "on the clock" not in text


def test_the_speed_survives_json_and_an_old_record_is_real_time(
    make_record: RecordFactory, tmp_path: Path
) -> None:
    path = tmp_path / "rehearsal.json"
    write_export([rehearsal(make_record, 2.5)], path, "json")
    [again] = exchange.read_records(path)
    assert again.speed == 2.5
    assert again.is_rehearsal

    old = exchange.record_document(make_record())
    del old["speed"]
    [before] = exchange.parse_records(json.dumps(old).encode())
    assert before.speed == 1
    assert not before.is_rehearsal


@pytest.mark.parametrize("speed", [0, -2, "fast", True, None])
def test_a_speed_that_is_no_speed_is_refused_on_import(make_record: RecordFactory, speed: object) -> None:
    document = exchange.record_document(make_record())
    document["speed"] = speed
    with pytest.raises(exchange.ImportProblem, match=r'"speed" must be a number above 0'):
        exchange.parse_records(json.dumps(document).encode())


def test_a_record_cannot_begin_at_no_speed() -> None:
    script = find_script("rain")
    with pytest.raises(ValueError, match="positive"):
        SessionRecord.begin(script, 1_000, source="play", speed=0)
