"""The trainee's progress on real widgets and a real records file: the window, its chart (keys and clicks),
its table and comments, the panel's way in and its report option; and the command line."""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from mindful_listening.assessment.progress_chart import (
    DEVELOPMENT_ON_DARK,
    DEVELOPMENT_ON_LIGHT,
    SERIES_ON_DARK,
    SERIES_ON_LIGHT,
    STRENGTH_ON_DARK,
    STRENGTH_ON_LIGHT,
    ChartStyle,
)
from mindful_listening.assessment.progress_words import COUNTS, LEVELS
from mindful_listening.assessment.sample import build_progress_records, build_sample_record
from mindful_listening.core.record import SessionRecord
from mindful_listening.storage.store import RecordStore
from mindful_listening.ui.assessment_panel import AssessmentPanel
from mindful_listening.ui.progress import ProgressWindow, open_progress
from mindful_listening.ui.theme import PALETTES, contrast_ratio

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")

PdfText = Callable[[Path], str]


@pytest.fixture
def records_dir() -> Path:
    """The suite's private data folder, holding T-07's course of assessments and one of T-08."""
    directory = Path(os.environ["MINDFUL_LISTENING_DATA_DIR"])
    store = RecordStore.open(directory)
    records = build_progress_records()
    for record in records:
        store.save(record)
    single = SessionRecord.from_dict(records[0].to_dict())
    single.id = "e" * 32
    assessment = dict(single.assessment or {})
    assessment["trainee_code"] = "T-08"
    single.assessment = assessment
    store.save(single)
    store.close()
    return directory


@pytest.fixture
def owner(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.add_widget(widget)
    return widget


def opened(qtbot: QtBot, owner: QWidget, code: str, directory: Path) -> ProgressWindow:
    window = owner.findChild(ProgressWindow)
    if window is None:
        window = ProgressWindow(directory, owner)
    with qtbot.wait_signal(window.loaded, timeout=20_000):
        assert open_progress(owner, code, directory) is window
    return window


def comments_text(window: ProgressWindow) -> str:
    return window.comments.toPlainText()


def test_the_window_shows_each_set_apart_with_its_chart_table_and_comments(
    qtbot: QtBot, owner: QWidget, records_dir: Path
) -> None:
    window = opened(qtbot, owner, "t-07", records_dir)
    assert window.windowTitle() == "Trainee progress", "fixed words: never a code in a title"
    assert window.status.text().startswith("5 assessments of T-07: 3 against Observed practice")
    assert [window.set_combo.itemText(i) for i in range(window.set_combo.count())] == [
        "Observed practice: teaching mindful listening (3 assessments)",
        "MBI:TAC: six domains, six competence levels (2 assessments)",
    ]
    # The observed-practice set opens on the notes counted per criterion; the latest assessment is chosen.
    assert window.view_combo.currentData() == COUNTS
    assert window.chart.view == COUNTS
    assert window.table.rowCount() == 7
    assert window.table.columnCount() == 3
    header, cell = window.table.horizontalHeaderItem(0), window.table.item(3, 0)
    assert header is not None
    assert cell is not None
    assert header.text() == "2026-09-25"
    assert cell.text() == "Not yet shown (1 of 4) · no strengths, 2 to develop"
    assert "Criterion\nStates the purpose" in comments_text(window)
    assert "2026-11-20, by A. Tutor" in comments_text(window)
    assert "#1 Purpose +0:20" in comments_text(window), "the note's time on the report's clock"

    # The keyboard: Down to 'Keeps structure and time', Home to the first assessment.
    window.chart.setFocus()
    qtbot.wait_until(window.chart.hasFocus)
    for _ in range(3):
        QTest.keyClick(window.chart, Qt.Key.Key_Down)
    QTest.keyClick(window.chart, Qt.Key.Key_Home)
    assert window.chart.selected == (3, 0)
    assert window.chart.accessibleName() == (
        "Progress chart: Keeps structure and time, 2026-09-25: "
        "Not yet shown (1 of 4) · no strengths, 2 to develop"
    ), "a screen reader hears the point the keys moved to"
    text = comments_text(window)
    assert "Keeps structure and time" in text
    assert "2026-09-25" in text
    assert "To develop: The swap came a minute late." in text
    assert "To develop: No time was left for the closing." in text
    assert (window.table.currentRow(), window.table.currentColumn()) == (3, 0), "the table follows"
    QTest.keyClick(window.chart, Qt.Key.Key_Left)
    assert window.chart.selected == (3, 0), "the first assessment is as far as Left goes"

    # The other set: levels by date, and a click on a point shows what was written.
    window.set_combo.setCurrentIndex(1)
    assert window.view_combo.currentData() == LEVELS
    window.chart.repaint()
    qtbot.wait_until(lambda: bool(window.chart.marks))
    target = next(m for m in window.chart.marks if (m.criterion, m.occasion) == (1, 0))
    QTest.mouseClick(window.chart, Qt.MouseButton.LeftButton, pos=target.rect.center().toPoint())
    assert window.chart.selected is not None
    criterion, occasion = window.chart.selected
    assert occasion == 0
    name = window.current_set().criteria[criterion][1]  # type: ignore[union-attr]
    assert name in comments_text(window)
    assert "2026-10-09, by B. Tutor" in comments_text(window)

    # The table is the chart's text alternative: picking a cell picks the point.
    window.table.setCurrentCell(5, 1)
    assert window.chart.selected == (5, 1)
    assert "Worked with a difficult moment calmly." in comments_text(window)
    description = window.chart.accessibleDescription()
    assert description.startswith("Levels by date for MBI:TAC")
    assert "Relational skills: 2026-10-09: Advanced beginner (3 of 6); 2026-12-04: Competent (4 of 6)." in (
        description
    )
    window.close()


def test_the_records_are_read_off_the_gui_thread(
    qtbot: QtBot, owner: QWidget, records_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[int] = []
    real = RecordStore.assessments_of

    def spy(store: RecordStore, code: str) -> list[Any]:
        threads.append(threading.get_ident())
        return real(store, code)

    monkeypatch.setattr(RecordStore, "assessments_of", spy)
    window = opened(qtbot, owner, "T-07", records_dir)
    assert threads
    assert threading.get_ident() not in threads
    window.close()


def test_a_trainee_with_one_assessment_an_unknown_code_and_a_name(
    qtbot: QtBot, owner: QWidget, records_dir: Path
) -> None:
    window = opened(qtbot, owner, "T-08", records_dir)
    assert window.status.text().startswith("1 assessment of T-08: 1 against Observed practice")
    assert window.table.columnCount() == 1
    assert not window.set_combo.isEnabled(), "one set: nothing to choose"
    assert window.chart.selected == (0, 0)

    with qtbot.wait_signal(window.loaded, timeout=20_000):
        window.show_trainee("T-99")
    assert window.status.text() == "No assessments of T-99 are kept on this computer."
    assert window.table.rowCount() == 0
    assert window.set_combo.count() == 0
    assert window.chart.set_progress is None
    assert window.comments.toPlainText() == ""

    with qtbot.wait_signal(window.failed, timeout=5_000) as failed:
        window.show_trainee("Jonathan")
    assert "looks like a name" in failed.args[0]
    assert "looks like a name" in window.status.text()
    window.close()


def test_the_codes_list_and_enter_shows_the_typed_code(
    qtbot: QtBot, owner: QWidget, records_dir: Path
) -> None:
    window = ProgressWindow(records_dir, owner)
    window.show()
    window.refresh_codes()
    qtbot.wait_until(lambda: window.code_combo.count() == 2, timeout=20_000)
    assert [window.code_combo.itemText(i) for i in range(2)] == ["T-07", "T-08"]
    line = window.code_combo.lineEdit()
    assert line is not None
    line.setFocus()
    line.setText("T-07")
    with qtbot.wait_signal(window.loaded, timeout=20_000):
        QTest.keyClick(line, Qt.Key.Key_Return)
    assert window.progress is not None
    assert window.progress.assessment_count == 5
    window.close()


def test_every_colour_stands_out_from_every_theme_and_not_by_colour_alone() -> None:
    from mindful_listening.assessment.progress_chart import DASHES, SHAPES

    for palette in PALETTES.values():
        style = ChartStyle.for_background(
            QColor(palette.surface),
            QColor(palette.text),
            QColor(palette.muted),
            QColor(palette.accent),
            QWidget().font(),
        )
        for colour in (*style.series, style.strength, style.development):
            ratio = contrast_ratio(colour.name(), palette.surface)
            assert ratio >= 3.0, f"{colour.name()} on {palette.name} ({palette.surface}): {ratio:.2f}"
    for colours, background in ((SERIES_ON_LIGHT, "#FFFFFF"), (SERIES_ON_DARK, "#000000")):
        assert all(contrast_ratio(c, background) >= 3.0 for c in colours)
    assert contrast_ratio(STRENGTH_ON_LIGHT, "#FFFFFF") >= 3.0
    assert contrast_ratio(DEVELOPMENT_ON_LIGHT, "#FFFFFF") >= 3.0
    assert contrast_ratio(STRENGTH_ON_DARK, "#000000") >= 3.0
    assert contrast_ratio(DEVELOPMENT_ON_DARK, "#000000") >= 3.0
    # Seven criteria (the observed-practice set): seven markers and seven colours, each its own.
    assert len(set(SHAPES)) == 7
    assert len(set(SERIES_ON_LIGHT)) == 7
    assert len(DASHES) == 7


def test_the_panel_opens_the_progress_and_adds_it_to_the_report(
    qtbot: QtBot, owner: QWidget, records_dir: Path, tmp_path: Path, pdf_text: PdfText
) -> None:
    panel = AssessmentPanel(shortcut=False, parent=owner)
    panel.records_directory = records_dir
    record = build_sample_record()
    panel.load(record.assessment)
    owner.show()
    QTest.mouseClick(panel.progress_button, Qt.MouseButton.LeftButton)
    window = owner.findChild(ProgressWindow)
    assert window is not None
    qtbot.wait_until(lambda: window.progress is not None, timeout=20_000)
    assert window.progress is not None
    assert window.progress.trainee_code == "T-07"
    window.close()

    plain, with_progress = tmp_path / "plain.pdf", tmp_path / "progress.pdf"
    with qtbot.wait_signal(panel.reportSaved, timeout=60_000) as saved:
        panel.export_report(plain, record)
    plain_pages = saved.args[1]
    QTest.mouseClick(panel.progress_check, Qt.MouseButton.LeftButton)
    assert panel.progress_check.isChecked()
    with qtbot.wait_signal(panel.reportSaved, timeout=60_000) as saved:
        panel.export_report(with_progress, record)
    assert saved.args[1] > plain_pages
    text = " ".join(pdf_text(with_progress).split())
    assert "Progress of trainee T-07 across assessments" in text
    assert (
        "5 assessments of T-07: 3 against Observed practice: teaching mindful listening; 2 against MBI:TAC"
        in text
    )
    assert "Levels by date" in text
    assert "Strengths and developments logged, per criterion" in text
    assert "Not yet shown (1 of 4)" in text
    assert "Progress of trainee" not in pdf_text(plain)

    unreadable = tmp_path / "not-a-folder"
    unreadable.write_text("a file", encoding="utf-8")
    panel.records_directory = unreadable
    with qtbot.wait_signal(panel.reportFailed, timeout=60_000) as failed:
        panel.export_report(tmp_path / "never.pdf", record)
    assert "the trainee's progress could not be read" in failed.args[0]
    assert "is a file, not a folder" in failed.args[0]
    assert "could not be read" in panel.report_status.text()
    assert not (tmp_path / "never.pdf").exists()
    assert panel.report_button.isEnabled(), "the tutor can try again"
    panel.wait_for_reports()


# ------------------------------------------------------------------------------------------------ the CLI
def test_the_command_line_lists_and_reports_progress(
    records_dir: Path, tmp_path: Path, run_cli: Any, pdf_text: PdfText
) -> None:
    listed = run_cli("progress", "t-07")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0].startswith("5 assessments of T-07")
    assert "  Keeps structure and time" in lines
    assert "    2026-09-25  Not yet shown (1 of 4) · no strengths, 2 to develop" in lines
    as_json = run_cli("progress", "T-07", "--json")
    data = json.loads(as_json.stdout)
    assert [s["criteria_id"] for s in data["sets"]] == ["observed-mindful-listening", "mbi-tac"]
    first = data["sets"][0]["assessments"][0]["criteria"]["structure-and-time"]
    assert (first["rank"], first["strengths"], first["developments"]) == (1, 0, 2)

    unknown = run_cli("progress", "T-99")
    assert unknown.returncode == 1
    assert unknown.stdout.strip() == "No assessments of T-99 are kept on this computer."
    named = run_cli("progress", "Jonathan")
    assert named.returncode == 2
    assert "looks like a name" in named.stderr

    record_file = tmp_path / "record.json"
    record_file.write_text(json.dumps(build_sample_record().to_dict()), encoding="utf-8")
    out = tmp_path / "report.pdf"
    made = run_cli("assessment-report", str(record_file), "-o", str(out), "--progress")
    assert made.returncode == 0, made.stderr
    assert re.fullmatch(
        r"Wrote .*report\.pdf \(\d+ pages\), with the progress of T-07 across 5 assessments\.\n", made.stdout
    )
    assert "Progress of trainee T-07 across assessments" in pdf_text(out)


def test_report_progress_with_no_records_kept_shows_the_one_assessment(
    tmp_path: Path, run_cli: Any, pdf_text: PdfText
) -> None:
    record_file = tmp_path / "record.json"
    record_file.write_text(json.dumps(build_sample_record().to_dict()), encoding="utf-8")
    out = tmp_path / "report.pdf"
    made = run_cli("assessment-report", str(record_file), "-o", str(out), "--progress")
    assert made.returncode == 0, made.stderr
    assert "with the progress of T-07 across 1 assessment." in made.stdout
    text = " ".join(pdf_text(out).split())
    assert "1 assessment of T-07: 1 against Observed practice" in text


def test_report_progress_when_the_records_cannot_be_read_says_so_and_writes_nothing(tmp_path: Path) -> None:
    import subprocess
    import sys

    record_file = tmp_path / "record.json"
    record_file.write_text(json.dumps(build_sample_record().to_dict()), encoding="utf-8")
    not_a_folder = tmp_path / "records"
    not_a_folder.write_text("not a folder", encoding="utf-8")
    out = tmp_path / "report.pdf"
    env = {**os.environ, "MINDFUL_LISTENING_DATA_DIR": str(not_a_folder)}
    made = subprocess.run(
        [
            sys.executable,
            "-m",
            "mindful_listening",
            "assessment-report",
            str(record_file),
            "-o",
            str(out),
            "--progress",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert made.returncode == 2
    assert "the trainee's progress could not be read" in made.stderr
    assert "is a file, not a folder" in made.stderr
    assert not out.exists(), "nothing half made"
    listed = subprocess.run(
        [sys.executable, "-m", "mindful_listening", "progress", "T-07"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert listed.returncode == 2
    assert "is a file, not a folder" in listed.stderr


def test_both_charts_draw_the_awkward_cases(qapp: Any) -> None:
    """One assessment, a set without a scale, a criterion missing from an older assessment, 40 criteria."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QFont, QImage, QPainter

    from mindful_listening.assessment import progress_chart
    from mindful_listening.core.assessment import Assessment, Emphasis, Moment, Stage
    from mindful_listening.core.criteria import CriteriaSet
    from mindful_listening.core.progress import AssessedSession, collect_progress

    def criteria_set(count: int, levels: list[str]) -> CriteriaSet:
        return CriteriaSet.model_validate(
            {
                "kind": "criteria",
                "id": f"set-{count}",
                "title": f"A set of {count}",
                "levels": levels,
                "criteria": [
                    {"id": f"c{i}", "name": f"Criterion number {i} with a long name"} for i in range(count)
                ],
            }
        )

    def session(set_: CriteriaSet, day: str, rate: bool) -> AssessedSession:
        assessment = Assessment.start(set_, "T-07", "A. Tutor", day)
        if rate and set_.levels:
            assessment.rate("c0", set_.level_names[-1])
        assessment.log(Moment(Stage.PRACTICE, 1000, 1000), "c0", Emphasis.STRENGTH, "")
        return AssessedSession(day, f"{day}T10:00:00+00:00", assessment.to_dict())

    many = criteria_set(40, ["Low", "High"])
    fewer = CriteriaSet.model_validate({**many.model_dump(), "criteria": many.model_dump()["criteria"][:3]})
    no_scale = criteria_set(2, [])
    cases = [
        collect_progress("T-07", [session(many, "2026-01-01", True)]).sets[0],
        collect_progress(
            "T-07", [session(fewer, "2026-01-01", True), session(many, "2026-02-01", False)]
        ).sets[0],
        collect_progress("T-07", [session(no_scale, "2026-01-01", False)]).sets[0],
    ]
    image = QImage(900, 700, QImage.Format.Format_ARGB32)
    font = QFont("DejaVu Sans")
    font.setPointSizeF(9)
    for set_progress in cases:
        for view in (LEVELS, COUNTS):
            image.fill(QColor("white"))
            painter = QPainter(image)
            style = ChartStyle.for_background(
                QColor("white"), QColor("black"), QColor("gray"), QColor("blue"), font
            )
            marks = progress_chart.paint(painter, QRectF(0, 0, 900, 700), style, set_progress, view, (0, 0))
            painter.end()
            rated = sum(r is not None for cid, _n in set_progress.criteria for r in set_progress.ranks(cid))
            expected = rated if view == LEVELS else len(set_progress.criteria) * len(set_progress.occasions)
            assert len(marks) == expected, (set_progress.title, view)
    older, _newer = cases[1].occasions
    assert "c39" not in older.results
    assert cell_words_for(cases[1], older, "c39") == "not in this assessment"


def cell_words_for(set_progress: Any, occasion: Any, criterion_id: str) -> str:
    from mindful_listening.assessment.progress_words import cell_words

    return cell_words(set_progress, occasion, criterion_id)
