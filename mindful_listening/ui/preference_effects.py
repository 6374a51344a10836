"""The facilitator's preferences taken at once: saved (through ``ui/looks.Looks`` and the one preferences
module), then each applied where it shows or sounds.

At once: the theme and text size (every window), the digits, the room screen (the room's own window moves
there), the sitting's time warnings (through Session ▸ Time warnings, whose choice it is for this sitting).
From the next cue: the voice, rate, volumes and bells (``QtSpeaker.set_prefs``; the one-to-one timer shares
the speaker), also bells or speech turned on when both were off at the start (the window's speaker is the
speech service then too, sounding nothing until asked). Each that has a menu action goes through that action,
so the menus show the choice and there is one way to make it.

Reset to defaults puts the one-to-one timer's own choices back too (a shared classroom computer keeps
nothing of the last person's), in an open one-to-one window as well.

:meth:`busy` says why a preview must not sound now: one voice speaks to the room at a time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from mindful_listening.core.runner import State
from mindful_listening.preferences import Preferences
from mindful_listening.speech.qtspeaker import QtSpeaker

if TYPE_CHECKING:
    from mindful_listening.ui.window import MainWindow


def _tr(text: str) -> str:
    return QCoreApplication.translate("PreferenceEffects", text)


class PreferenceEffects:
    def __init__(self, window: MainWindow) -> None:
        self.w = window

    def take(self, prefs: Preferences) -> None:
        """Save ``prefs`` and apply what they change."""
        old = self.w.prefs
        self.w.looks.set_prefs(prefs)
        self._apply(old, self.w.prefs)

    def reset(self) -> None:
        """Every preference back to its default, none left saved, and applied (a shared classroom machine);
        the one-to-one timer's choices too (``preferences.reset`` forgets them)."""
        old = self.w.prefs
        self.w.looks.reset_prefs()
        self._apply(old, self.w.prefs)
        if self.w.one_to_one is not None:
            self.w.one_to_one.choosing.reset()

    def busy(self) -> str:
        """Why a preview or a sample bell must wait now ("" when it need not): a practice is running here or
        in the one-to-one timer, or the session's voice is sounding."""
        w = self.w
        controller = w.controller
        one = w.one_to_one
        if (controller is not None and controller.state is State.RUNNING) or (
            one is not None and one.session.busy()
        ):
            return _tr("Not while a practice is running: pause it first, then listen here.")
        if isinstance(w.speaker, QtSpeaker) and w.speaker.is_sounding:
            return _tr("The session's voice is speaking: listen here once it has finished.")
        return ""

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
