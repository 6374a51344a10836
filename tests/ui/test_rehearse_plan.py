"""The Rehearse tab's timeline at any text size: every step's and cue's words whole on as many lines as they
need (they were cut short with "…"), and never squeezed to less than a few lines under the script's title
(at 250 % on a laptop it was less than one row)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QTreeWidgetItem, QTreeWidgetItemIterator
from pytestqt.qtbot import QtBot

from mindful_listening.preferences import Preferences
from mindful_listening.ui.widgets import WINDOW_FRAME
from tests.ui.conftest import MakeWindow


def _items(tree: object) -> list[QTreeWidgetItem]:
    found = []
    walker = QTreeWidgetItemIterator(tree)  # type: ignore[call-overload]
    while (item := walker.value()) is not None:
        found.append(item)
        walker += 1
    return found


@pytest.mark.parametrize(("scale", "screen"), [(1.0, QSize(1366, 768)), (2.5, QSize(1366, 768))])
def test_what_happens_is_whole_on_its_lines_and_the_timeline_keeps_a_few_lines(
    qtbot: QtBot, make_window: MakeWindow, scale: float, screen: QSize
) -> None:
    window = make_window(prefs=Preferences(font_scale=scale))
    window.resize(screen - WINDOW_FRAME)
    page = window.library_page
    page.tabs.setCurrentIndex(1)
    plan = page.plan
    least = plan.header().sizeHint().height() + 6 * plan.fontMetrics().lineSpacing()
    qtbot.wait_until(lambda: plan.isVisible() and plan.height() >= least)  # once the layouts above settle
    width = plan.columnWidth(1)
    cut = []
    for item in _items(plan):
        metrics = QFontMetrics(item.font(1))
        words = metrics.boundingRect(
            QRect(0, 0, width - 4, 100_000), int(Qt.TextFlag.TextWordWrap), item.text(1)
        )
        row = plan.visualItemRect(item)
        if row.height() < words.height():
            cut.append(item.text(1))
    assert cut == [], f"cut short at {scale:g}×: {cut}"
