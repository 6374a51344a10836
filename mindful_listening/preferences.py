"""Preferences: the one place that reads and writes QSettings, with typed defaults (the facilitator's, and
the one-to-one window's choices).

Only preferences live here (voice, volumes, display choices). Session data never does: it lives in the
records database. ``reset`` restores every default, for shared classroom machines.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal

from PySide6.QtCore import QSettings

if TYPE_CHECKING:  # for the type alone: the scripts' module loads pydantic, which voice-check never needs
    from mindful_listening.core.script import WarningStyle

APP_NAME = "Mindful Listening"
ORG_NAME = "Mindful Listening"

BellChoice = Literal["script", "none"]
ThemeChoice = Literal["system", "light", "dark", "high-contrast"]
# How time warnings reach the room by default, for each sitting: as each script says, or one style for all.
# Session ▸ Time warnings still overrides it for one sitting.
WarningChoice = Literal["script", "spoken", "bell", "caption"]
BELL_CHOICES: tuple[BellChoice, ...] = ("script", "none")
THEME_CHOICES: tuple[ThemeChoice, ...] = ("system", "light", "dark", "high-contrast")
WARNING_CHOICES: tuple[WarningChoice, ...] = ("script", "spoken", "bell", "caption")


@dataclass(frozen=True)
class Preferences:
    """The facilitator's saved choices: voice, volumes, bells, warnings, looks and the like."""

    speech_enabled: bool = True
    voice: str = ""  # engine voice id; "" = the engine's default
    rate: int = 150  # words per minute
    voice_volume: float = 0.9  # 0..1
    bell_volume: float = 0.6  # 0..1
    bells: BellChoice = "script"  # "none": the facilitator rings a real bowl
    warnings: WarningChoice = "script"  # the sitting's time warnings until the Session menu says otherwise
    theme: ThemeChoice = "system"
    font_scale: float = 1.0
    show_digits: bool = True
    prompts_in_room: bool = True  # the debrief prompt being explored on the room screen (else a calm screen)
    audience_screen: str = ""  # screen name; "" = pick the second screen when there is one
    reflection_framework: str = "free"  # the own reflection starts as "free", "gibbs" or "kolb"

    def clamped(self) -> Preferences:
        return replace(
            self,
            rate=min(300, max(80, self.rate)),
            voice_volume=min(1.0, max(0.0, self.voice_volume)),
            bell_volume=min(1.0, max(0.0, self.bell_volume)),
            font_scale=min(2.5, max(0.6, self.font_scale)),
        )


_DEFAULTS = Preferences()


def warning_style(prefs: Preferences) -> WarningStyle | None:
    """The sitting's time warnings by these preferences: one style for all scripts, or None (each its own)."""
    return None if prefs.warnings == "script" else prefs.warnings


def _as_bool(raw: object, default: bool) -> bool:
    """A stored yes or no; anything else (a hand-edited "maybe") is the default, not a silent "no"."""
    if isinstance(raw, bool):
        return raw
    word = str(raw).strip().lower()
    if word in ("1", "true", "yes", "on"):
        return True
    if word in ("0", "false", "no", "off"):
        return False
    return default


def _read(settings: QSettings, name: str, default: Any) -> Any:
    raw = settings.value(name, default)
    try:
        if isinstance(default, bool):
            return _as_bool(raw, default)
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
    if prefs.bells not in BELL_CHOICES:
        prefs = replace(prefs, bells=_DEFAULTS.bells)
    if prefs.theme not in THEME_CHOICES:
        prefs = replace(prefs, theme=_DEFAULTS.theme)
    if prefs.warnings not in WARNING_CHOICES:
        prefs = replace(prefs, warnings=_DEFAULTS.warnings)
    if prefs.reflection_framework not in ("free", "gibbs", "kolb"):  # core.reflection.FRAMEWORK_CHOICES
        prefs = replace(prefs, reflection_framework=_DEFAULTS.reflection_framework)
    return prefs


def save(settings: QSettings, prefs: Preferences) -> None:
    for name, value in asdict(prefs.clamped()).items():
        settings.setValue(f"preferences/{name}", value)
    settings.sync()


def reset(settings: QSettings) -> Preferences:
    """Forget every saved preference and the one-to-one window's choices: a shared classroom computer keeps
    nothing of the last person's."""
    settings.remove("preferences")
    settings.remove(SETTINGS_GROUP)
    settings.sync()
    return Preferences()


# ---------------------------------------------------------------------------------------------- one-to-one
# The compact one-to-one window's choices, remembered on this computer (never session data).
SETTLE_CHOICES_S = (0, 10, 30, 60)
INTERVAL_CHOICES_MIN = (0, 1, 2, 3, 5, 10)
SETTINGS_GROUP = "one-to-one"


class GuideSound(StrEnum):
    SILENT = "silent"
    WORDS = "words"  # "Breathing in" / "Breathing out" at each phase change
    BELL = "bell"  # a single quiet bell as each in-breath begins


class GuideText(StrEnum):
    WORDS = "words"  # "Breathing in" / "Breathing out"
    SECONDS = "seconds"  # "In 3…": counting up through the phase, never down
    BREATHS = "breaths"  # "Breath 4 · in"
    NONE = "none"


@dataclass(frozen=True)
class OneToOneChoices:
    """The one-to-one window's own choices (never session data): what was chosen last time here."""

    settle_s: int = 10
    spoken: bool = True
    bells: bool = True  # False: no bells at all; the practitioner rings a real bowl
    interval_min: int = 0
    guide_sound: GuideSound = GuideSound.SILENT
    guide_text: GuideText = GuideText.WORDS
    hide_digits: bool = False
    on_top: bool = False

    def checked(self) -> OneToOneChoices:
        return replace(
            self,
            settle_s=self.settle_s if self.settle_s in SETTLE_CHOICES_S else OneToOneChoices.settle_s,
            interval_min=self.interval_min if self.interval_min in INTERVAL_CHOICES_MIN else 0,
        )


def _read_bool(settings: QSettings, key: str, default: bool) -> bool:
    raw = settings.value(key, default)
    return raw if isinstance(raw, bool) else str(raw).lower() in ("1", "true", "yes")


def _read_int(settings: QSettings, key: str, default: int) -> int:
    try:
        return int(str(settings.value(key, default)))
    except (TypeError, ValueError):
        return default


def load_choices(settings: QSettings | None) -> OneToOneChoices:
    """Typed reads with defaults; anything missing or odd falls back to the default."""
    if settings is None:
        return OneToOneChoices()
    d = OneToOneChoices()
    g = SETTINGS_GROUP
    sound = str(settings.value(f"{g}/guide_sound", d.guide_sound.value))
    text = str(settings.value(f"{g}/guide_text", d.guide_text.value))
    return OneToOneChoices(
        settle_s=_read_int(settings, f"{g}/settle_s", d.settle_s),
        spoken=_read_bool(settings, f"{g}/spoken", d.spoken),
        bells=_read_bool(settings, f"{g}/bells", d.bells),
        interval_min=_read_int(settings, f"{g}/interval_min", d.interval_min),
        guide_sound=GuideSound(sound) if sound in GuideSound._value2member_map_ else d.guide_sound,
        guide_text=GuideText(text) if text in GuideText._value2member_map_ else d.guide_text,
        hide_digits=_read_bool(settings, f"{g}/hide_digits", d.hide_digits),
        on_top=_read_bool(settings, f"{g}/on_top", d.on_top),
    ).checked()


def save_choices(settings: QSettings | None, choices: OneToOneChoices) -> None:
    if settings is None:
        return
    g = SETTINGS_GROUP
    for key, value in (
        ("settle_s", choices.settle_s),
        ("spoken", choices.spoken),
        ("bells", choices.bells),
        ("interval_min", choices.interval_min),
        ("guide_sound", choices.guide_sound.value),
        ("guide_text", choices.guide_text.value),
        ("hide_digits", choices.hide_digits),
        ("on_top", choices.on_top),
    ):
        settings.setValue(f"{g}/{key}", value)
