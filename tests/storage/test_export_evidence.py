"""Every export of an assessed session carries the assessment's evidence, and says what extra time was:
added on purpose, held at the client's pace in an open-ended step, and only the rest as running over the plan.
Markdown, HTML and the PDF say the same; the JSON keeps what the evidence is read from."""

from __future__ import annotations

import html
import shutil
import subprocess
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from mindful_listening.assessment.sample import build_paced_record, paced_script
from mindful_listening.core.assessment import evidence_from_record
from mindful_listening.core.clock import ManualClock
from mindful_listening.core.record import SessionRecord
from mindful_listening.core.runner import SessionRunner
from mindful_listening.core.timeline import compile_script
from mindful_listening.storage import exchange
from mindful_listening.storage.export import to_html, to_markdown, write_export

SAID = (
    "Added once, on purpose: step 2 “Recognise”, 1 min at 2:00, 10 s of it used before moving on. "
    "Adding time on purpose is a teaching decision; it is not counted as running over the plan.",
    "Step 3 “Investigate with kindness” was held 1 min 10 s beyond its 2 min guide; step 4 “Nurture” was "
    "held 45 s beyond its 2 min guide. An open-ended step waits for the person: its time is a guide, and "
    "staying with the client's pace is good practice.",
    "No step ran over its plan: the extra time was added on purpose or held at the client's pace.",
    "10 min planned for the debrief; 12 min in the debrief after the practice. In all: 12 min of reflective "
    "inquiry, 10 min planned.",
)
NEVER = ("Ran past the plan", "No inquiry steps were planned", "skipped: moved on before its end", "Skipped")


def flat(text: str) -> str:
    return " ".join(text.split())


def test_markdown_and_html_carry_the_evidence_in_its_own_words() -> None:
    record = build_paced_record()
    markdown = to_markdown([record])
    assert "### Evidence from the timeline" in markdown
    assert "- **Time added on purpose:** " in markdown
    assert "- **At the client's pace:** " in markdown
    page = flat(html.unescape(to_html([record])))
    for text in (flat(markdown), page):
        for sentence in SAID:
            assert sentence in text
        for words in NEVER:
            assert words not in text
    # The timing table: an open-ended step moved on from after its guide ended as it should.
    assert markdown.count("moved on when ready (open-ended: held at the person's pace)") == 2
    assert "| Recognise | 1 min 30 s | 1 min 40 s | 1 min |  | moved on during the time added |" in markdown


def test_the_pdf_export_carries_the_evidence(qtbot: QtBot, tmp_path: Path) -> None:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "session.pdf"
    write_export([build_paced_record()], path, "pdf")
    text = flat(subprocess.run([tool, str(path), "-"], capture_output=True, text=True, check=True).stdout)
    assert "Evidence from the timeline" in text
    for sentence in SAID:
        assert sentence in text
    for words in NEVER:
        assert words not in text


def test_the_json_keeps_what_the_evidence_is_read_from(tmp_path: Path) -> None:
    record = build_paced_record()
    path = tmp_path / "session.json"
    write_export([record], path, "json")
    [again] = exchange.read_records(path)
    evidence = evidence_from_record(again)
    assert evidence == evidence_from_record(record)
    assert [(e.step_index, e.at_ms, e.added_ms) for e in evidence.extensions] == [(1, 120_000, 60_000)]
    assert [s.title for s in evidence.paced] == ["Investigate with kindness", "Nurture"]
    assert evidence.debrief_planned_ms == 600_000
    assert evidence.overruns == ()


def test_ending_the_practice_from_a_held_step_with_steps_still_to_come_says_so() -> None:
    script = paced_script()
    timeline = compile_script(script)
    clock = ManualClock()
    runner = SessionRunner(timeline, clock)
    runner.start()
    clock.advance(60_000 + 90_000)  # Settling and Recognise run their time
    runner.poll()
    clock.advance(150_000)  # Investigate: 30 s past its guide
    runner.finish()  # Nurture and Returning never run
    record = SessionRecord.begin(script, timeline.total_ms)
    record.absorb(runner.log)
    markdown = to_markdown([record])
    assert (
        "| Investigate with kindness | 2 min | 2 min 30 s |  |  | the practice ended here, early |"
        in markdown
    )
    evidence = evidence_from_record(record)
    assert evidence.finished_early
    assert [p.title for p in evidence.not_reached] == ["Nurture", "Returning"]
    assert [(s.title, s.paced_ms) for s in evidence.paced] == [("Investigate with kindness", 30_000)]
