"""The small interface the session controller speaks through, plus stand-ins for tests and silent rooms.

A real implementation renders cue text to audio ahead of time and plays it without blocking the GUI thread.
Captions never depend on it: the controller shows every cue as a caption whether or not it can be spoken.

The real one is :class:`mindful_listening.speech.service.SpeechService`; get a speaker for the facilitator's
preferences from :func:`mindful_listening.speech.service.make_speaker`. Both it and the caption-only speaker
add Qt signals on top of this interface: ``progress(done, total)``, ``ready()``, ``problem(str)`` (told once
per cause, in plain words) and per-cue ``cueStarted`` / ``cueVoiced`` / ``cueFinished`` / ``cueSilent``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

Bell = Literal["single", "double", "soft", "none"]

log = logging.getLogger(__name__)


class Speaker(Protocol):
    def prepare(self, cues: Sequence[tuple[str, Bell]]) -> None:
        """Get these cues ready (render and cache) in the background; returns at once."""
        ...

    def say(self, text: str, bell: Bell = "none") -> None:
        """Ring the bell (if any), then speak ``text`` (if any); returns at once, never blocks."""
        ...

    def stop(self) -> None:
        """Cut whatever is sounding, at once."""
        ...

    def shutdown(self) -> None:
        """Release audio and worker resources; safe to call twice."""
        ...


@dataclass
class FakeSpeaker:
    """Records what it was asked to do. For tests of everything above speech."""

    prepared: list[tuple[str, Bell]] = field(default_factory=list)
    said: list[tuple[str, Bell]] = field(default_factory=list)
    stops: int = 0
    closed: bool = False

    def prepare(self, cues: Sequence[tuple[str, Bell]]) -> None:
        self.prepared.extend(cues)

    def say(self, text: str, bell: Bell = "none") -> None:
        self.said.append((text, bell))

    def stop(self) -> None:
        self.stops += 1

    def shutdown(self) -> None:
        self.closed = True


class SilentSpeaker:
    """Speaks nothing: for a room that rings its own bowl, or when no speech is to be had. Logs once."""

    def __init__(self, reason: str = "speech is switched off") -> None:
        self.reason = reason
        self._told = False

    def prepare(self, cues: Sequence[tuple[str, Bell]]) -> None:
        if not self._told:
            log.info("Cues will be captions only: %s", self.reason)
            self._told = True

    def say(self, text: str, bell: Bell = "none") -> None:
        del text, bell

    def stop(self) -> None:
        pass

    def shutdown(self) -> None:
        pass
