"""Reading the purpose (or the reminders) aloud: shown while it sounds, stopped by the same key, and never
into the practice.

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
    """One reading at a time (the purpose, the reminders), each started and stopped by its own action.

    ``readingChanged(bool)`` when a reading begins or ends (however it ends)."""

    readingChanged = Signal(bool)

    def __init__(self, speaker: Speaker, action: QAction, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.speaker = speaker
        self.action = action  # the purpose's; others come with toggle()
        self._words: dict[QAction, str] = {action: action.text()}
        self._reading_by: QAction | None = None
        self._ticket: int | None = None
        if isinstance(speaker, QtSpeaker):
            speaker.cueFinished.connect(self._on_cue_ended)
            speaker.cueSilent.connect(self._on_cue_silent)

    @property
    def reading(self) -> bool:
        return self._reading_by is not None

    def toggle(self, text: str, action: QAction | None = None) -> None:
        """Read ``text`` aloud for ``action`` (the purpose's by default), or stop the reading sounding: the
        same key stops it, and another reading's key stops it too rather than queueing behind it."""
        by = action or self.action
        self._words.setdefault(by, by.text())
        if self._reading_by is not None:
            self.stop()
            return
        if not text.strip():
            return
        self.speaker.say(text)
        if isinstance(self.speaker, QtSpeaker):
            self._ticket = self.speaker.last_ticket
        self._set_reading(by)

    def stop(self) -> None:
        """Cut the reading at once (nothing else is sounding while the practice has not started)."""
        if self._reading_by is None:
            return
        self._ticket = None
        self.speaker.stop()
        self._set_reading(None)

    def _on_cue_silent(self, ticket: int, _why: str) -> None:
        self._on_cue_ended(ticket)

    def _on_cue_ended(self, ticket: int) -> None:
        if self._reading_by is not None and ticket == self._ticket:
            self._ticket = None
            self._set_reading(None)

    def _set_reading(self, by: QAction | None) -> None:
        before = self._reading_by
        self._reading_by = by
        if before is not None:
            before.setText(self._words[before])
        if by is not None:
            by.setText(self.tr("Stop &reading aloud"))
        self.readingChanged.emit(by is not None)
