"""The one-to-one session without its window: settling, the breathing guide and the interval bell on a manual
clock, and the client's record, all from the session object alone."""

from __future__ import annotations

from mindful_listening.core.record import MemorySink
from mindful_listening.core.runner import State
from mindful_listening.core.script import Script
from mindful_listening.one_to_one_session import OneToOneSession
from mindful_listening.preferences import GuideSound, OneToOneChoices
from mindful_listening.speech.api import FakeSpeaker
from mindful_listening.timers import HandTimers as Room


def test_a_session_settles_then_guides_each_breath_and_rings_the_interval_bell_with_no_window(
    room: Room, breathing_script: Script
) -> None:
    speaker, sink = FakeSpeaker(), MemorySink()
    choices = OneToOneChoices(settle_s=10, guide_sound=GuideSound.WORDS, interval_min=1)
    session = OneToOneSession(speaker, sink, choices, clock=room.clock, timer_factory=room.factory)
    left: list[int] = []
    session.settling.connect(left.append)
    session.set_notes("C7", "calm today")
    session.begin(breathing_script)
    assert session.settling_now
    room.advance(10_000)
    assert left[0] == 10_000
    assert left[-1] == 1_000, "the countdown shows each whole second down to the last"
    assert session.controller is not None
    assert session.controller.state is State.RUNNING
    said_before = len(speaker.said)
    session.next_step()  # on to the breathing step (4 s in, 6 s out): "in" at once
    room.advance(10_000)  # one whole breath
    words = [text for text, _bell in speaker.said[said_before:] if text]
    assert words[:3] == ["Breathing in", "Breathing out", "Breathing in"]
    room.advance(60_000)
    assert ("", "single") in speaker.said, "an interval bell after a minute of running time"
    session.end()
    record = sink.records[session.record.id] if session.record else None
    assert record is not None
    assert record.participants == ["C7"]
    assert record.free_notes == "calm today"
    assert record.ended_at is not None
