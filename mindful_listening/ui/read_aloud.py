"""Reading the purpose aloud: shown while it sounds, stopped by the same key, and never into the practice.

The purpose is spoken by the session's own speaker, so a reading still going when the practice starts would
hold the first cue back behind it. The reading is therefore cut the moment the practice starts (before its
first cue is asked for), and Ctrl+R, pressed again, stops it. While it sounds, the purpose page says so and
how to stop it; the action's words follow ("Stop reading aloud").
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction

from mindful_listening.speech.api import Speaker
from mindful_listening.speech.qtspeaker import QtSpeaker


class ReadAloud(QObject):
    """``readingChanged(bool)`` when a reading begins or ends (however it ends)."""

    readingChanged = Signal(bool)

    def __init__(self, speaker: Speaker, action: QAction, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.speaker = speaker
        self.action = action
        self._start_words = action.text()
        self._ticket: int | None = None
        self._reading = False
        if isinstance(speaker, QtSpeaker):
            speaker.cueFinished.connect(self._on_cue_ended)
            speaker.cueSilent.connect(self._on_cue_silent)

    @property
    def reading(self) -> bool:
        return self._reading

    def toggle(self, text: str) -> None:
        """Ctrl+R: read ``text`` aloud, or stop the reading that is sounding."""
        if self._reading:
            self.stop()
            return
        if not text.strip():
            return
        self.speaker.say(text)
        if isinstance(self.speaker, QtSpeaker):
            self._ticket = self.speaker.last_ticket
        self._set_reading(True)

    def stop(self) -> None:
        """Cut the reading at once (nothing else is sounding while the practice has not started)."""
        if not self._reading:
            return
        self._ticket = None
        self.speaker.stop()
        self._set_reading(False)

    def _on_cue_silent(self, ticket: int, _why: str) -> None:
        self._on_cue_ended(ticket)

    def _on_cue_ended(self, ticket: int) -> None:
        if self._reading and ticket == self._ticket:
            self._ticket = None
            self._set_reading(False)

    def _set_reading(self, on: bool) -> None:
        self._reading = on
        self.action.setText(self.tr("Stop &reading aloud") if on else self._start_words)
        self.readingChanged.emit(on)
