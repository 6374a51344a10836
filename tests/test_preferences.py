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


def test_the_time_warnings_default_is_kept_and_read_as_the_sittings_style(tmp_path: Path) -> None:
    s = settings_in(tmp_path)
    assert Preferences().warnings == "script", "by default each script says how its warnings sound"
    assert preferences.warning_style(Preferences()) is None
    preferences.save(s, Preferences(warnings="caption"))
    kept = preferences.load(settings_in(tmp_path))
    assert kept.warnings == "caption"
    assert preferences.warning_style(kept) == "caption"


def test_every_bad_stored_value_falls_back_to_its_default(tmp_path: Path) -> None:
    s = settings_in(tmp_path)
    for name, value in (
        ("warnings", "shouted"),
        ("bells", "cowbell"),
        ("voice_volume", "loud"),
        ("bell_volume", "7"),
        ("show_digits", "maybe"),
        ("speech_enabled", "perhaps"),
        ("rate", "9999"),
    ):
        s.setValue(f"preferences/{name}", value)
    prefs = preferences.load(s)
    assert prefs.warnings == "script"
    assert prefs.bells == "script"
    assert prefs.voice_volume == Preferences().voice_volume, "unreadable: the default"
    assert prefs.bell_volume == 1.0, "out of range: held at the nearest end"
    assert prefs.show_digits is True, "a hand-edited 'maybe' is not a 'no'"
    assert prefs.speech_enabled is True
    assert prefs.rate == 300
    s.setValue("preferences/show_digits", "false")
    assert preferences.load(s).show_digits is False
