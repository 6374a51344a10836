"""The PDF report: real A4 pages whose text carries the criteria, comments and the moment of every note."""

from __future__ import annotations

import json
import stat
import threading
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from mindful_listening.assessment import report as report_module
from mindful_listening.assessment.report import ReportData, ReportError, ReportExporter, render_report
from mindful_listening.assessment.sample import build_paced_record
from mindful_listening.cli import main as cli_main
from mindful_listening.core.assessment import Assessment
from mindful_listening.core.progress import Progress
from mindful_listening.core.record import SessionRecord

PdfText = Callable[[Path], str]
PageCount = Callable[[Path], int]


MINIMAL = json.dumps(
    {
        "id": "s1",
        "script_id": "x",
        "script_title": "X",
        "mode": "group-pairs",
        "script_snapshot": {},
        "started_at": "2026-11-20T10:00:00+00:00",
        "assessment": {"trainee_code": "T-1", "date": "2026-11-20", "criteria": []},
    }
)


def flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


@pytest.fixture
def report_text(
    qapp: Any,
    sample_record: SessionRecord,
    tmp_path: Path,
    pdf_text: PdfText,
    pdf_pages: Callable[[Path], int],
) -> str:
    out = tmp_path / "report.pdf"
    pages = render_report(sample_record, out)
    assert pages >= 1
    assert pdf_pages(out) == pages
    assert out.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600, "assessment notes are readable by their owner only"
    return flat(pdf_text(out))


def test_the_report_names_every_criterion_with_its_level_and_comment(
    report_text: str, sample_record: SessionRecord
) -> None:
    assert sample_record.assessment is not None
    assessment = Assessment.from_dict(sample_record.assessment)
    for criterion in assessment.criteria:
        assert criterion["name"] in report_text
        rating = assessment.rating(criterion["id"])
        assert rating.comment in report_text
        assert rating.level in report_text
    assert "Secure (3 of 4)" in report_text


def test_the_report_ties_each_observation_to_its_moment(
    report_text: str, sample_record: SessionRecord
) -> None:
    assert sample_record.assessment is not None
    assessment = Assessment.from_dict(sample_record.assessment)
    for observation in assessment.observations:
        assert observation.text in report_text
    # Purpose-stage notes, practice notes (session clock and step) and debrief notes, each with its time.
    assert "#1 Purpose +0:20" in report_text
    assert "#4 1:50 A speaks, B listens (step 2), 0:50 in" in report_text
    assert "#9 11:29 Inquiry in pairs (step 7), 1:50 in" in report_text
    assert "#10 Inquiry +2:30 after the practice" in report_text
    assert "Observations: #6 5:05, #7 7:39" in report_text, "the comment lists the notes behind it"


def test_the_report_shows_the_evidence_summary_and_signatures(report_text: str) -> None:
    assert "A purpose stage ran for 1 min 35 s before the practice." in report_text
    assert (
        "4 min planned as inquiry steps; 5 min planned for the debrief; 2 min 50 s taken in inquiry steps; "
        "4 min in the debrief after the practice. In all: 6 min 50 s of reflective inquiry, 9 min planned."
        in report_text
    )
    assert "Added once, on purpose: step 5 “B speaks, A listens”, 30 s at 7:39." in report_text
    assert "No step ran over its plan: the extra time was added on purpose." in report_text
    assert "Paused once, for 40 s." in report_text
    assert "(s)" not in report_text, "counts read as plain words: once, 2 times"
    assert "Skipped step 3 “Silent pause” after 10 s, step 4 “Swap roles” after 4 s" in report_text
    assert "What went well What to develop next" in report_text, "strengths and developments side by side"
    assert "A well-held first observed practice" in report_text
    assert "Assessor signature (A. Tutor)" in report_text
    assert "Trainee signature (T-07)" in report_text
    assert "Page 1 of" in report_text


def test_the_report_tells_time_added_and_a_step_held_at_the_clients_pace_from_running_over(
    qapp: Any, tmp_path: Path, pdf_text: PdfText
) -> None:
    out = tmp_path / "paced.pdf"
    render_report(build_paced_record(), out)
    text = flat(pdf_text(out))
    assert (
        "Time added on purpose Added once, on purpose: step 2 “Recognise”, 1 min at 2:00, 10 s of it used "
        "before moving on. Adding time on purpose is a teaching decision; it is not counted as running over "
        "the plan." in text
    )
    assert (
        "At the client's pace Step 3 “Investigate with kindness” was held 1 min 10 s beyond its 2 min guide; "
        "step 4 “Nurture” was held 45 s beyond its 2 min guide. An open-ended step waits for the person: its "
        "time is a guide, and staying with the client's pace is good practice." in text
    )
    assert (
        "Over the plan No step ran over its plan: the extra time was added on purpose or held at the "
        "client's pace." in text
    )
    assert (
        "Reflective inquiry 10 min planned for the debrief; 12 min in the debrief after the practice. "
        "In all: 12 min of reflective inquiry, 10 min planned." in text
    )
    assert "Every step ran in order; none skipped." in text, "moving on from an open-ended step is no skip"
    # The chart's legend names each kind of extra time.
    for words in ("time added on purpose", "held at the person's pace", "ran over the plan"):
        assert words in text
    for words in ("Ran past the plan", "No inquiry steps were planned", "Skipped", "Overruns"):
        assert words not in text


def test_a_long_comment_flows_onto_further_pages(
    qapp: Any, sample_record: SessionRecord, tmp_path: Path, pdf_text: PdfText
) -> None:
    assert sample_record.assessment is not None
    assessment = Assessment.from_dict(sample_record.assessment)
    long_comment = " ".join(f"word{i}" for i in range(450)) + " THE-END"
    assessment.rate("purpose", comment=long_comment)
    sample_record.assessment = assessment.to_dict()
    short = render_report(build_copy(sample_record, comment=""), tmp_path / "short.pdf")
    pages = render_report(sample_record, tmp_path / "long.pdf")
    assert pages > short
    text = flat(pdf_text(tmp_path / "long.pdf"))
    assert "word0 word1" in text
    assert "THE-END" in text


def build_copy(record: SessionRecord, comment: str) -> SessionRecord:
    copy = SessionRecord.from_dict(record.to_dict())
    assert copy.assessment is not None
    assessment = Assessment.from_dict(copy.assessment)
    assessment.rate("purpose", comment=comment)
    copy.assessment = assessment.to_dict()
    return copy


def test_a_record_without_an_assessment_is_refused_clearly(qapp: Any, sample_record: SessionRecord) -> None:
    sample_record.assessment = None
    with pytest.raises(ReportError, match="no assessment"):
        ReportData.from_record(sample_record)


def test_an_unwritable_target_is_a_clear_error(
    qapp: Any, sample_record: SessionRecord, tmp_path: Path
) -> None:
    with pytest.raises(ReportError, match="cannot write"):
        render_report(sample_record, tmp_path / "no-such-folder" / "r.pdf")


def test_the_exporter_works_off_the_gui_thread(
    qtbot: QtBot, sample_record: SessionRecord, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[int] = []
    real = report_module.render_report

    def spy(record: SessionRecord, path: str | Path, progress: Progress | None = None) -> int:
        threads.append(threading.get_ident())
        return real(record, path, progress)

    monkeypatch.setattr(report_module, "render_report", spy)
    exporter = ReportExporter()
    out = tmp_path / "async.pdf"
    with qtbot.wait_signal(exporter.done, timeout=30_000) as blocker:
        exporter.export(sample_record, out)
    assert blocker.args == [str(out), 3]
    assert threads
    assert threads[0] != threading.get_ident(), "the PDF is drawn on a worker thread"
    assert out.exists()
    with qtbot.wait_signal(exporter.failed, timeout=30_000) as failure:
        exporter.export(sample_record, tmp_path / "missing" / "x.pdf")
    assert "cannot write" in str(failure.args[0])
    assert exporter.wait(5_000)


def test_assessment_report_command(
    qapp: Any, sample_record: SessionRecord, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record_path = tmp_path / "record.json"
    record_path.write_text(json.dumps(sample_record.to_dict()), encoding="utf-8")
    out = tmp_path / "out.pdf"
    assert cli_main(["assessment-report", str(record_path), "-o", str(out)]) == 0
    assert "Wrote" in capsys.readouterr().out
    assert out.read_bytes().startswith(b"%PDF")

    # Several records in one export: the one with an assessment is chosen, or named with --session.
    other = SessionRecord.from_dict(sample_record.to_dict())
    other.id, other.assessment = "plain", None
    several = tmp_path / "several.json"
    several.write_text(json.dumps({"records": [other.to_dict(), sample_record.to_dict()]}), encoding="utf-8")
    assert cli_main(["assessment-report", str(several), "-o", str(tmp_path / "b.pdf")]) == 0
    assert (
        cli_main(["assessment-report", str(several), "--session", "plain", "-o", str(tmp_path / "c.pdf")])
        == 2
    )
    assert "has no assessment" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{\n  "id": 1,,\n}', ":2: this is not valid JSON"),
        ("[]", "no session record found"),
        ('{"script_id": "x", "assessment": null}', "has no assessment"),
        ('{"script_id": "x", "assessment": {"trainee_code": "T-1"}}', "the record lacks id, script_title"),
        (MINIMAL.replace('"date": "2026-11-20"', '"date": "soon"'), "assessment.date: 'soon' is not a date"),
    ],
)
def test_assessment_report_command_rejects_bad_records(
    run_cli: Callable[..., Any], tmp_path: Path, content: str, message: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    result = run_cli("assessment-report", str(bad), "-o", str(tmp_path / "x.pdf"))
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_assessment_report_command_in_a_fresh_process(
    run_cli: Callable[..., Any], sample_record: SessionRecord, tmp_path: Path, pdf_text: PdfText
) -> None:
    record_path = tmp_path / "record.json"
    record_path.write_text(json.dumps(sample_record.to_dict()), encoding="utf-8")
    result = run_cli("assessment-report", str(record_path), "-o", str(tmp_path / "cli.pdf"))
    assert result.returncode == 0, result.stderr
    assert "Relational" not in flat(pdf_text(tmp_path / "cli.pdf")), "the record's own criteria set is used"
    assert "Keeps structure and time" in flat(pdf_text(tmp_path / "cli.pdf"))
