from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from mindful_listening import preferences
from mindful_listening.preferences import Preferences


def settings_in(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)


def test_round_trip_and_reset(tmp_path: Path) -> None:
    s = settings_in(tmp_path)
    chosen = Preferences(rate=180, bells="none", theme="high-contrast", font_scale=1.5, show_digits=False)
    preferences.save(s, chosen)
    assert preferences.load(settings_in(tmp_path)) == chosen
    assert preferences.reset(s) == Preferences()
    assert preferences.load(settings_in(tmp_path)) == Preferences()


def test_garbage_falls_back_to_defaults(tmp_path: Path) -> None:
    s = settings_in(tmp_path)
    s.setValue("preferences/rate", "fast")
    s.setValue("preferences/font_scale", "99")
    s.setValue("preferences/theme", "neon")
    prefs = preferences.load(s)
    assert prefs.rate == 150
    assert prefs.font_scale == 2.5
    assert prefs.theme == "system"
