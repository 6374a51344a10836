"""The console's wrapped labels remember how tall their words are at a width (issue 16: measuring unchanged
labels again was a quarter of the GUI thread's time in the practice's longest gaps), and forget it as soon as
their words or looks change, so no label is ever sized for words it no longer shows."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from mindful_listening.ui.widgets import WrappedLabel, heading, text_label

WORDS = "Notice the wish to reply as it comes, and let it pass; come back to the speaker's words."


@pytest.fixture
def measured(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The widths Qt's own label was asked to lay its words out at."""
    widths: list[int] = []
    real = QLabel.heightForWidth

    def counted(self: QLabel, width: int) -> int:
        widths.append(width)
        return real(self, width)

    monkeypatch.setattr(QLabel, "heightForWidth", counted)
    return widths


def test_the_same_width_is_measured_once(qtbot: QtBot, measured: list[int]) -> None:
    label = text_label(WORDS)
    qtbot.add_widget(label)
    first = label.heightForWidth(200)
    assert label.heightForWidth(200) == first
    assert label.heightForWidth(400) < first  # wider: fewer lines
    assert label.heightForWidth(200) == first
    assert measured == [200, 400]


def test_new_words_or_looks_are_measured_afresh(qtbot: QtBot, measured: list[int]) -> None:
    label = heading(WORDS)
    qtbot.add_widget(label)
    before = label.heightForWidth(200)
    label.setText("A few words")
    assert label.heightForWidth(200) < before
    label.setText(WORDS)
    assert label.heightForWidth(200) == before
    label.setStyleSheet("font-size: 40px")
    label.ensurePolished()
    assert label.heightForWidth(200) > before
    label.setContentsMargins(0, 30, 0, 30)
    taller = label.heightForWidth(200)
    label.setContentsMargins(0, 0, 0, 0)
    assert label.heightForWidth(200) == taller - 60
    assert len(measured) == 6


def test_it_answers_as_qt_s_own_label_does(qtbot: QtBot) -> None:
    ours, theirs = WrappedLabel(WORDS), QLabel(WORDS)
    theirs.setWordWrap(True)
    for label in (ours, theirs):
        qtbot.add_widget(label)
    for width in (80, 150, 233, 500, 1200):
        assert ours.heightForWidth(width) == theirs.heightForWidth(width)
    assert ours.wordWrap()
