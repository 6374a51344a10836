"""One clock for every place an observation's time is shown: the Markdown export, the PDF report and the
panel say the same time for the same numbered note; and the Evidence tab counts the step under way."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from mindful_listening.assessment.report import render_report
from mindful_listening.controller import SessionController
from mindful_listening.core.assessment import Assessment, Stage
from mindful_listening.core.clock import ManualClock
from mindful_listening.core.loading import parse_script
from mindful_listening.core.record import SessionRecord
from mindful_listening.core.timeline import compile_script
from mindful_listening.speech.api import FakeSpeaker
from mindful_listening.storage.export import to_markdown
from mindful_listening.ui.assessment_panel import AssessmentPanel
from mindful_listening.wording import moment_time

TIME = r"(?:Purpose \+|Inquiry \+)?\d+:\d\d(?::\d\d)?"


def test_markdown_pdf_and_panel_give_each_observation_the_same_time(
    qtbot: QtBot, qapp: Any, sample_record: SessionRecord, tmp_path: Path, pdf_text: Callable[[Path], str]
) -> None:
    assessment = Assessment.from_dict(sample_record.assessment or {})
    expected = {number: moment_time(o.moment) for number, o in assessment.numbered()}
    stages = {o.moment.stage for _n, o in assessment.numbered()}
    assert stages == {Stage.PURPOSE, Stage.PRACTICE, Stage.DEBRIEF}, "the sample covers all three stages"
    assert "Purpose +0:20" in expected.values(), "before the practice: time into the purpose stage"

    markdown = to_markdown([sample_record])
    in_markdown = {int(n): t for n, t in re.findall(rf"\((\d+)\) ({TIME}), ", markdown)}
    assert in_markdown == expected
    assert "purpose, 0:00" not in markdown, "the old second clock is gone"

    out = tmp_path / "report.pdf"
    render_report(sample_record, out)
    text = pdf_text(out)
    # The observations table: "#n", then the time on the next line of its cell.
    in_pdf = {int(n): t for n, t in re.findall(rf"#(\d+)\s+({TIME})\s", text)}
    assert in_pdf == expected

    panel = AssessmentPanel(shortcut=False)
    qtbot.add_widget(panel)
    panel.load(sample_record.assessment)
    items = [panel.observation_list.item(i).text() for i in range(panel.observation_list.count())]
    matches = [re.match(rf"#(\d+)  ({TIME})  ", item) for item in items]
    in_panel = {int(m.group(1)): m.group(2) for m in matches if m is not None}
    assert len(in_panel) == len(items)
    assert in_panel == expected


SCRIPT = b"""
id = "two-steps"
title = "Two steps"
mode = "group-pairs"
purpose = "To listen fully."
[[steps]]
kind = "settle"
title = "Arriving"
duration = "1m"
[[steps]]
kind = "turn"
title = "A speaks"
duration = "3m"
roles = { speaker = "A", listener = "B" }
"""


def test_the_evidence_tab_counts_the_step_under_way(qtbot: QtBot) -> None:
    clock = ManualClock(1_000_000)
    controller = SessionController(compile_script(parse_script(SCRIPT)), FakeSpeaker(), clock=clock)
    panel = AssessmentPanel(clock=clock, shortcut=False)
    qtbot.add_widget(panel)
    panel.attach(controller)
    panel.show()
    with qtbot.wait_signal(panel.started):
        panel.begin("observed-mindful-listening", "T-07", "A. Tutor", "2026-11-20")
    controller.start()
    clock.advance(45_000)  # 45 s into the first step, which is still running
    controller.poll()
    tab_bar = panel.tabs.tabBar()
    QTest.mouseClick(tab_bar, Qt.MouseButton.LeftButton, pos=tab_bar.tabRect(2).center())
    assert panel.tabs.currentWidget() is panel.evidence_view
    assert "Planned 4 min; ran 45 s (pauses excluded)" in panel.evidence_view.toPlainText()

    clock.advance(30_000)  # the first step ends at 1:00; 15 s into the second
    controller.poll()
    # The tab, still open, follows the step change by itself.
    assert "Planned 4 min; ran 1 min 15 s (pauses excluded)" in panel.evidence_view.toPlainText()
    controller.shutdown()
