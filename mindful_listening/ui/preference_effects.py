"""The facilitator's preferences taken at once: saved (through ``ui/looks.Looks`` and the one preferences
module), then each applied where it shows or sounds.

At once: the theme and text size (every window), the digits, the room screen (the room's own window moves
there), the sitting's time warnings (through Session ▸ Time warnings, whose choice it is for this sitting).
From the next cue: the voice, rate, volumes and bells (``QtSpeaker.set_prefs``; the one-to-one timer shares
the speaker). Each that has a menu action goes through that action, so the menus show the choice and there is
one way to make it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mindful_listening.preferences import Preferences
from mindful_listening.speech.qtspeaker import QtSpeaker

if TYPE_CHECKING:
    from mindful_listening.ui.window import MainWindow


class PreferenceEffects:
    def __init__(self, window: MainWindow) -> None:
        self.w = window

    def take(self, prefs: Preferences) -> None:
        """Save ``prefs`` and apply what they change."""
        old = self.w.prefs
        self.w.looks.set_prefs(prefs)
        self._apply(old, self.w.prefs)

    def reset(self) -> None:
        """Every preference back to its default, none left saved, and applied (a shared classroom machine)."""
        old = self.w.prefs
        self.w.looks.reset_prefs()
        self._apply(old, self.w.prefs)

    def _apply(self, old: Preferences, new: Preferences) -> None:
        w = self.w
        actions = w.actions_by_name
        if isinstance(w.speaker, QtSpeaker):
            w.speaker.set_prefs(new)
        if new.theme != old.theme:
            actions[f"theme_{new.theme}"].trigger()  # applies the looks (the text size too)
        elif new.font_scale != old.font_scale:
            w.looks.apply()
        for name, on in (("digits", new.show_digits), ("prompts_in_room", new.prompts_in_room)):
            if actions[name].isChecked() != on:
                actions[name].setChecked(on)
        if new.warnings != old.warnings:
            actions[f"warnings_{new.warnings}"].trigger()  # the sitting's choice from now, as the menu's
        if new.audience_screen != old.audience_screen:
            w.room_views.fill_screen_menu()
            index = w.audience_screen_index()
            window = w.audience_window
            if index is not None and window is not None and window.isVisible():
                w.room_views.place_audience_window(w.room_views.screens()[index])
