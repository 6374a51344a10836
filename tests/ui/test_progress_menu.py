"""Tools ▸ Trainee progress on the real main window: opens the progress window (one, brought back), on the
trainee being assessed, read from the records folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from mindful_listening.assessment.sample import build_progress_records
from mindful_listening.storage.store import RecordStore
from mindful_listening.ui.progress import ProgressWindow
from tests.ui.conftest import MakeWindow

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


def test_tools_trainee_progress_opens_on_the_trainee_being_assessed(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    store = RecordStore.open(Path(os.environ["MINDFUL_LISTENING_DATA_DIR"]))
    for record in build_progress_records():
        store.save(record)
    store.close()
    window = make_window()
    action = window.actions_by_name["progress"]
    tools = next(m for m in window.menuBar().actions() if m.text() == "&Tools").menu()
    assert isinstance(tools, QMenu)
    assert action in tools.actions()

    action.trigger()
    progress = window.findChild(ProgressWindow)
    assert progress is not None
    assert progress.isVisible()
    qtbot.wait_until(lambda: progress.code_combo.count() == 1, timeout=20_000)
    assert progress.code_combo.itemText(0) == "T-07"
    assert progress.progress is None, "no trainee is being assessed: nothing is read until a code is given"
    assert window.assessment.built is None, "the assessment panel is not made just to open the progress"

    window.actions_by_name["assessment"].trigger()
    panel = window.assessment_panel
    with qtbot.wait_signal(panel.started):
        panel.begin("mbi-tac", "T-07", "B. Tutor", "2026-12-11")
    with qtbot.wait_signal(progress.loaded, timeout=20_000):
        action.trigger()
    assert window.findChildren(ProgressWindow) == [progress], "brought back, not made again"
    assert progress.status.text().startswith("5 assessments of T-07")
    progress.close()
