"""Preferences: the one place that reads and writes QSettings, with typed defaults.

Only preferences live here (voice, volumes, display choices). Session data never does: it lives in the
records database. ``reset`` restores every default, for shared classroom machines.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any, Literal

from PySide6.QtCore import QSettings

APP_NAME = "Mindful Listening"
ORG_NAME = "Mindful Listening"

BellChoice = Literal["script", "none"]
ThemeChoice = Literal["system", "light", "dark", "high-contrast"]


@dataclass(frozen=True)
class Preferences:
    speech_enabled: bool = True
    voice: str = ""  # engine voice id; "" = the engine's default
    rate: int = 150  # words per minute
    voice_volume: float = 0.9  # 0..1
    bell_volume: float = 0.6  # 0..1
    bells: BellChoice = "script"  # "none": the facilitator rings a real bowl
    theme: ThemeChoice = "system"
    font_scale: float = 1.0
    show_digits: bool = True
    audience_screen: str = ""  # screen name; "" = pick the second screen when there is one

    def clamped(self) -> Preferences:
        return replace(
            self,
            rate=min(300, max(80, self.rate)),
            voice_volume=min(1.0, max(0.0, self.voice_volume)),
            bell_volume=min(1.0, max(0.0, self.bell_volume)),
            font_scale=min(2.5, max(0.6, self.font_scale)),
        )


_DEFAULTS = Preferences()


def _read(settings: QSettings, name: str, default: Any) -> Any:
    raw = settings.value(name, default)
    try:
        if isinstance(default, bool):
            return raw if isinstance(raw, bool) else str(raw).lower() in ("1", "true", "yes")
        if isinstance(default, int):
            return int(str(raw))
        if isinstance(default, float):
            return float(str(raw))
        return str(raw)
    except (TypeError, ValueError):
        return default


def app_settings() -> QSettings:
    """The facilitator's settings, the same file for the window, the one-to-one timer and every command."""
    return QSettings(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, ORG_NAME, APP_NAME)


def saved() -> Preferences:
    """The preferences the facilitator saved on this machine (the defaults where nothing was saved)."""
    return load(app_settings())


def load(settings: QSettings) -> Preferences:
    """Read preferences; anything missing or unreadable falls back to its default."""
    values = {
        f.name: _read(settings, f"preferences/{f.name}", getattr(_DEFAULTS, f.name))
        for f in fields(Preferences)
    }
    prefs = Preferences(**values).clamped()
    if prefs.bells not in ("script", "none"):
        prefs = replace(prefs, bells="script")
    if prefs.theme not in ("system", "light", "dark", "high-contrast"):
        prefs = replace(prefs, theme="system")
    return prefs


def save(settings: QSettings, prefs: Preferences) -> None:
    for name, value in asdict(prefs.clamped()).items():
        settings.setValue(f"preferences/{name}", value)
    settings.sync()


def reset(settings: QSettings) -> Preferences:
    settings.remove("preferences")
    settings.sync()
    return Preferences()
