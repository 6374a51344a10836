"""The assessment report speaks in words: no raw mode names or "time(s)", and a rehearsal says it was one."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from mindful_listening.assessment.report import render_report
from mindful_listening.core.assessment import evidence_from_record
from mindful_listening.core.record import SessionRecord
from mindful_listening.wording import evidence_lines, mode_label

PdfText = Callable[[Path], str]


def report(record: SessionRecord, tmp_path: Path, pdf_text: PdfText) -> str:
    out = tmp_path / "report.pdf"
    render_report(record, out)
    return " ".join(unicodedata.normalize("NFKC", pdf_text(out)).split())


def test_the_session_line_names_the_mode_in_words(
    qapp: Any, sample_record: SessionRecord, tmp_path: Path, pdf_text: PdfText
) -> None:
    text = report(sample_record, tmp_path, pdf_text)
    assert f"{sample_record.script_title} (pairs), started" in text
    assert "group-pairs" not in text
    assert "(s)" not in text
    assert "rehearsal" not in text


def test_a_rehearsal_is_named_as_one_in_the_report(
    qapp: Any, sample_record: SessionRecord, tmp_path: Path, pdf_text: PdfText
) -> None:
    sample_record.speed = 20
    text = report(sample_record, tmp_path, pdf_text)
    assert "a rehearsal at 20× speed, step times in script time" in text


def test_every_mode_has_words() -> None:
    assert [mode_label(m) for m in ("group-pairs", "group-triads", "one-to-one")] == [
        "pairs",
        "triads",
        "one to one",
    ]


@pytest.mark.parametrize(
    ("pauses", "extensions", "revisited", "said"),
    [
        (0, 0, 0, ["Not paused."]),
        (
            1,
            1,
            1,
            ["Paused once, for 40 s.", "Added once, on purpose:", "Went back or repeated a round once."],
        ),
        (
            3,
            2,
            4,
            ["Paused 3 times, 40 s in all.", "Added 2 times, on purpose, 30 s in all:", "a round 4 times."],
        ),
    ],
)
def test_evidence_counts_read_as_once_or_n_times(
    sample_record: SessionRecord, pauses: int, extensions: int, revisited: int, said: list[str]
) -> None:
    changed = replace(
        evidence_from_record(sample_record),
        pause_count=pauses,
        paused_ms=40_000 if pauses else 0,
        extension_count=extensions,
        extended_ms=30_000 if extensions else 0,
        revisited=revisited,
        skipped=(),
        not_reached=(),
        finished_early=False,
    )
    sentences = " ".join(sentence for _, sentence in evidence_lines(changed))
    for words in said:
        assert words in sentences
    assert "(s)" not in sentences
