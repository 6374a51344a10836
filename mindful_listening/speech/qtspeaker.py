"""What every speaker built here offers on top of the plain ``Speaker`` interface: Qt signals (QtCore only).

Kept apart from the speech service so the session controller can listen to a speaker's reports without
importing Qt Multimedia or the workers.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal

from mindful_listening.preferences import Preferences
from mindful_listening.speech.api import Bell
from mindful_listening.timers import after_first_paint, soon

log = logging.getLogger(__name__)


class QtSpeaker(QObject):
    """What every speaker built here offers on top of :class:`~mindful_listening.speech.api.Speaker`."""

    progress = Signal(int, int)  # done, total: cues of the script made ready so far
    ready = Signal()  # everything that can be prepared is; start when you like
    problem = Signal(str)  # a plain sentence for the facilitator; each cause is told once
    cueStarted = Signal(
        int, float
    )  # ticket, monotonic ms at which the cue's first sound (bell or voice) began
    cueVoiced = Signal(int, float)  # ticket, monotonic ms at which its words began (after the bell, if any)
    cueSilent = Signal(int, str)  # ticket, why it was not sounded ("speech-off", "not-rendered", "late", …)
    cueFinished = Signal(int)  # ticket: its sound ended (or it was cut)
    # Whether the room can hear anything changed mid-session: (False, why) when the output is lost,
    # (True, message) when it is back. One of each per change; a start with no output is a ``problem``.
    outputChanged = Signal(bool, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.last_ticket = 0
        self.problems: list[str] = []
        self._told: set[str] = set()

    def _tell(self, key: str, message: str) -> None:
        if key in self._told:
            return
        self._told.add(key)
        self.problems.append(message)
        log.info("Speech problem told to the facilitator: %s", key)
        self.problem.emit(message)

    def _ticket(self) -> int:
        self.last_ticket += 1
        return self.last_ticket

    @property
    def is_sounding(self) -> bool:
        return False

    def set_prefs(self, prefs: Preferences) -> None:
        """Sound with these preferences (voice, rate, volumes, bells) from the next cue on. A speaker that
        sounds nothing has nothing to change."""
        del prefs

    def warm_up(self) -> None:
        """Start what sounding needs now, before any cue. A speaker that sounds nothing has none."""

    def warm_up_after_paint(self, window: QObject) -> None:
        """:meth:`warm_up` once ``window`` has painted for the first time (never before: it must not delay
        that paint). For the window that opens the app; tests and tools that build windows call nothing."""
        after_first_paint(window, lambda: soon(self, self.warm_up))

    # The Speaker interface (speech.api.Speaker); each subclass gives its own.
    def prepare(self, cues: Sequence[tuple[str, Bell]]) -> None:
        raise NotImplementedError

    def say(self, text: str, bell: Bell = "none") -> None:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def shutdown(self) -> None:
        raise NotImplementedError
