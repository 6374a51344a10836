"""The practice page's steps list shows each step whole on as many lines as it needs, the current one (in
bold, so wider) too. Qt measured a wrapped row at a width that leaves out the style sheet's item padding, so
a bold row whose words only just fit was measured one line tall and painted cut short with "…" (seen under
Xvfb at the 1280 px window a full HD screen opens: "▶ 4:15  Silent pause · 3…")."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QListWidget, QListWidgetItem
from pytestqt.qtbot import QtBot

from mindful_listening.ui.widgets import WholeWordsDelegate
from tests.ui.conftest import MakeWindow

WORDS = "▶ 4:15  Silent pause · 30 s"


def _list(qtbot: QtBot, whole: bool) -> tuple[QListWidget, QListWidgetItem]:
    steps = QListWidget()
    qtbot.add_widget(steps)
    steps.setStyleSheet("QListWidget::item { padding: 4px; }")  # as the app's theme pads them
    steps.setWordWrap(True)
    if whole:
        steps.setItemDelegate(WholeWordsDelegate(steps, lambda _index: steps.viewport().width()))
    item = QListWidgetItem(WORDS)
    font = QFont(item.font())
    font.setBold(True)
    item.setFont(font)
    steps.addItem(item)
    # Just wide enough for the bold words on one line, not with the padding around them as well.
    advance = QFontMetrics(font).horizontalAdvance(WORDS)
    steps.setFixedWidth(advance + 9 + 2 * steps.frameWidth())
    steps.show()
    qtbot.wait_exposed(steps)
    steps.doItemsLayout()
    return steps, item


def test_a_row_whose_bold_words_only_just_fit_is_two_lines_tall_not_cut(qtbot: QtBot) -> None:
    steps, item = _list(qtbot, whole=True)
    line = QFontMetrics(item.font()).lineSpacing()
    assert steps.visualItemRect(item).height() >= 2 * line
    assert steps.visualItemRect(item).width() <= steps.viewport().width()
    plain, plain_item = _list(qtbot, whole=False)
    assert plain.visualItemRect(plain_item).height() < 2 * line, "Qt's own measure: one line (and cut)"


def test_the_practice_page_s_steps_are_measured_whole(make_window: MakeWindow) -> None:
    window = make_window()
    assert isinstance(window.practice_page.steps.itemDelegate(), WholeWordsDelegate)
