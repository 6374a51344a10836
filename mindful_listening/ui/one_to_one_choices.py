"""The one-to-one window's choices: shown in its controls, kept in QSettings, handed to the session.

What the practitioner picks (settling time, spoken prompts, bells and their interval, the breathing guide's
sound and words, hidden digits, staying on top) holds from one exercise and one opening to the next. Each
change is saved at once and reaches the running exercise at once (see ``OneToOneSession.set_choices``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt

from mindful_listening.one_to_one_session import OneToOneSession
from mindful_listening.preferences import (
    INTERVAL_CHOICES_MIN,
    SETTLE_CHOICES_S,
    GuideSound,
    GuideText,
    OneToOneChoices,
    load_choices,
    save_choices,
)

if TYPE_CHECKING:
    from mindful_listening.ui.one_to_one import OneToOneWindow


class ChoiceControls:
    def __init__(self, window: OneToOneWindow, settings: QSettings | None) -> None:
        self.w = window
        self._settings = settings
        self.choices: OneToOneChoices = load_choices(settings)
        self._applying = False

    @property
    def session(self) -> OneToOneSession:
        return self.w.session

    def save(self) -> None:
        save_choices(self._settings, self.choices)

    def show(self) -> None:
        c = self.choices
        self._applying = True
        self.w.settle_combo.setCurrentIndex(SETTLE_CHOICES_S.index(c.settle_s))
        self.w.spoken_check.setChecked(c.spoken)
        self.w.bells_combo.setCurrentIndex(0 if c.bells else 1)
        self.w.interval_combo.setCurrentIndex(INTERVAL_CHOICES_MIN.index(c.interval_min))
        self.w.interval_combo.setEnabled(c.bells)
        self._applying = False
        self.w.guide_sound_actions[c.guide_sound].setChecked(True)
        self.w.guide_text_actions[c.guide_text].setChecked(True)
        self.w.hide_digits_action.setChecked(c.hide_digits)
        self.w.on_top_action.setChecked(c.on_top)
        self.w.pacer.set_text_mode(c.guide_text)
        self.w.pacer.set_digits_hidden(c.hide_digits)

    def edited(self) -> None:
        if self._applying:
            return
        self._keep(
            replace(
                self.choices,
                settle_s=int(self.w.settle_combo.currentData()),
                spoken=self.w.spoken_check.isChecked(),
                bells=bool(self.w.bells_combo.currentData()),
                interval_min=int(self.w.interval_combo.currentData()),
            )
        )
        self.w.interval_combo.setEnabled(self.choices.bells)

    def reset(self) -> None:
        """Back to the defaults (Preferences ▸ Reset to defaults forgot the saved ones), shown and used."""
        self.choices = OneToOneChoices()
        self.session.set_choices(self.choices)
        self.show()

    def _keep(self, choices: OneToOneChoices) -> None:
        if choices != self.choices:
            self.choices = choices
            save_choices(self._settings, choices)
            self.session.set_choices(choices)

    def set_settle_seconds(self, seconds: int) -> None:
        self.w.settle_combo.setCurrentIndex(SETTLE_CHOICES_S.index(seconds))

    def set_spoken(self, spoken: bool) -> None:
        self.w.spoken_check.setChecked(spoken)

    def set_bells(self, bells: bool) -> None:
        self.w.bells_combo.setCurrentIndex(0 if bells else 1)

    def set_interval_minutes(self, minutes: int) -> None:
        self.w.interval_combo.setCurrentIndex(INTERVAL_CHOICES_MIN.index(minutes))

    def set_on_top(self, on: bool) -> None:
        if self.w.on_top_action.isChecked() != on:
            self.w.on_top_action.setChecked(on)  # comes back here through toggled
            return
        self._keep(replace(self.choices, on_top=on))
        if bool(self.w.windowFlags() & Qt.WindowType.WindowStaysOnTopHint) != on:
            visible = self.w.isVisible()
            self.w.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, on)
            if visible:
                self.w.show()  # changing a window flag hides the window

    def set_digits_hidden(self, hidden: bool) -> None:
        if self.w.hide_digits_action.isChecked() != hidden:
            self.w.hide_digits_action.setChecked(hidden)
            return
        self._keep(replace(self.choices, hide_digits=hidden))
        self.w.pacer.set_digits_hidden(hidden)
        self.w.clock_label.setVisible(not hidden)
        self.w.settle_label.setVisible(not hidden)
        self.w.ended_time_label.setVisible(not hidden)

    def set_guide_sound(self, sound: GuideSound) -> None:
        self.w.guide_sound_actions[sound].setChecked(True)
        if sound is self.choices.guide_sound:
            self.session.restart_guide()  # chosen again: ready it, and wait for the next turn of the breath
        self._keep(replace(self.choices, guide_sound=sound))

    def set_guide_text(self, mode: GuideText) -> None:
        self.w.guide_text_actions[mode].setChecked(True)
        self._keep(replace(self.choices, guide_text=mode))
        self.w.pacer.set_text_mode(mode)
