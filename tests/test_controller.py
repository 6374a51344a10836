"""The thin controller on a real event loop with a real clock: cues arrive on time, once, as captions."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from mindful_listening.controller import SessionController
from mindful_listening.core.clock import ManualClock, ScaledClock
from mindful_listening.core.loading import parse_script
from mindful_listening.core.runner import State
from mindful_listening.core.timeline import compile_script
from mindful_listening.speech.api import FakeSpeaker

SCRIPT = b"""
id = "quick"
title = "Quick"
mode = "group-pairs"
purpose = "To test."
[[steps]]
kind = "turn"
title = "A speaks"
duration = "2s"
roles = { speaker = "A", listener = "B" }
[[steps.cues]]
at = "start"
text = "Speaker, you might begin."
[[steps.cues]]
at = "-1s"
text = "One second left."
[[steps]]
kind = "pause"
title = "Pause"
duration = "1s"
bell = "double"
"""


def test_a_scaled_session_runs_to_the_end_with_captions_and_speech(qtbot: QtBot) -> None:
    speaker = FakeSpeaker()
    controller = SessionController(compile_script(parse_script(SCRIPT)), speaker, clock=ScaledClock(10))
    captions: list[str] = []
    controller.caption.connect(captions.append)
    with qtbot.wait_signal(controller.finished, timeout=5_000):
        controller.start()
    assert [c for c in captions if c] == ["Speaker, you might begin.", "One second left."]
    assert speaker.said == [
        ("Speaker, you might begin.", "none"),
        ("One second left.", "none"),
        ("", "double"),
    ]
    assert controller.state is State.FINISHED
    log = controller.runner.log
    assert [r.actual_ms for r in log.steps] == [2_000, 1_000]
    for cue in log.cues:
        assert cue.at_ms == cue.planned_ms


def test_pause_cuts_speech_and_tick_only_emits_on_change(qtbot: QtBot) -> None:
    speaker = FakeSpeaker()
    clock = ManualClock()
    controller = SessionController(compile_script(parse_script(SCRIPT)), speaker, clock=clock)
    ticks: list[object] = []
    controller.tick.connect(ticks.append)
    controller.start()
    assert len(ticks) == 1
    controller.poll()
    assert len(ticks) == 1, "nothing changed, nothing emitted"
    clock.advance(1_000)
    controller.poll()
    assert len(ticks) == 2
    with qtbot.wait_signal(controller.stateChanged) as blocker:
        controller.toggle()
    assert blocker.args == ["paused"]
    assert speaker.stops == 1
    controller.shutdown()
    assert speaker.closed


TWO_AT_ONCE = b"""
id = "two-at-once"
title = "Two at once"
mode = "group-pairs"
purpose = "To test."
[[steps]]
kind = "settle"
title = "Arriving"
duration = "10s"
[[steps.cues]]
text = "Welcome."
[[steps.cues]]
text = "Let your eyes rest, if you like."
"""


def test_cues_due_together_are_each_told_what_the_room_heard_of_them(qtbot: QtBot) -> None:
    from collections.abc import Sequence

    from mindful_listening.core.runner import CAPTIONED, SPOKEN, CueDue
    from mindful_listening.speech.api import Bell
    from mindful_listening.speech.qtspeaker import QtSpeaker

    class Recording(QtSpeaker):
        """Sounds nothing by itself: the test says which ticket the room heard."""

        def prepare(self, cues: Sequence[tuple[str, Bell]]) -> None:
            del cues

        def say(self, text: str, bell: Bell = "none") -> None:
            self._ticket()

        def stop(self) -> None:
            pass

        def shutdown(self) -> None:
            pass

    speaker = Recording()
    controller = SessionController(compile_script(parse_script(TWO_AT_ONCE)), speaker, clock=ManualClock())
    fired: list[CueDue] = []
    controller.cueFired.connect(fired.append)
    controller.start()  # both cues at once: tickets 1 and 2, in one batch
    assert [due.log_index for due in fired] == [0, 1], "each keeps its own place in the log"
    speaker.cueVoiced.emit(1, 0.0)  # the room heard the first cue's words
    log = controller.runner.log
    assert log.heard[0] == SPOKEN, "the first cue's words were heard"
    assert log.heard[1] == CAPTIONED, "the second's were not"
    controller.shutdown()
