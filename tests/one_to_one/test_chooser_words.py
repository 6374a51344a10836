"""The chooser's words are plain English: "Every minute", "Every 2 minutes", never "minute(s)"."""

from __future__ import annotations

from mindful_listening.preferences import INTERVAL_CHOICES_MIN
from mindful_listening.ui.one_to_one import OneToOneWindow


def test_the_interval_bell_choices_say_each_interval_in_proper_words(window: OneToOneWindow) -> None:
    combo = window.interval_combo
    offered = {combo.itemData(i): combo.itemText(i) for i in range(combo.count())}
    assert set(offered) == set(INTERVAL_CHOICES_MIN)
    assert offered[0] == "None"
    assert offered[1] == "Every minute"
    assert offered[2] == "Every 2 minutes"
    assert offered[10] == "Every 10 minutes"
    assert not [words for words in offered.values() if "(s)" in words]
