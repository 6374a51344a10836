"""Regenerate docs/screenshots/one-to-one-*.png offscreen, from a simulated session on a manual clock.

    QT_QPA_PLATFORM=offscreen python tools/one_to_one_screenshots.py [OUTPUT_FOLDER]

The built-in one-to-one scripts are used when they are installed; otherwise small stand-ins written here.
Nothing waits on real time: the clock is moved by hand and the window's timers are fired when they fall due.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QApplication

from mindful_listening.core.clock import ManualClock
from mindful_listening.core.loading import parse_script
from mindful_listening.core.record import MemorySink
from mindful_listening.core.script import Script
from mindful_listening.speech.api import FakeSpeaker
from mindful_listening.timers import HandTimers
from mindful_listening.ui.one_to_one import OneToOneWindow, one_to_one_scripts

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"

STAND_INS = [
    b"""
id = "soothing-rhythm-breathing"
title = "Soothing rhythm breathing"
mode = "one-to-one"
summary = "Slowing the breath to a gentle, even rhythm, with a circle to follow if that helps."
purpose = "A few minutes of slower, softer breathing."
[[steps]]
kind = "settle"
title = "Arriving"
duration = "30s"
[[steps.cues]]
text = "Finding a comfortable way to sit, letting the body be supported."
[[steps]]
kind = "breathe"
title = "Soothing rhythm"
duration = "3m"
open_ended = true
breathing = { inhale = "5s", exhale = "5s" }
[[steps.cues]]
text = "If it feels right, let the breath slow a little, following the circle."
""",
    b"""
id = "rain"
title = "RAIN: a kind way with difficult feelings"
mode = "one-to-one"
summary = "Recognise, Allow, Investigate with kindness, Nurture, each step at the client's own pace."
purpose = "Meeting something difficult with kindness."
[[steps]]
kind = "exercise"
title = "Recognise"
caption = "What is here right now?"
duration = "1m"
open_ended = true
[[steps.cues]]
text = "Gently noticing what is here: a feeling, a thought, a sensation. Naming it softly, if you like."
[[steps]]
kind = "exercise"
title = "Allow"
caption = "Letting it be here"
duration = "1m"
open_ended = true
[[steps]]
kind = "exercise"
title = "Investigate with kindness"
duration = "2m"
open_ended = true
[[steps]]
kind = "exercise"
title = "Nurture"
duration = "2m"
open_ended = true
""",
    b"""
id = "mindful-pause"
title = "A mindful pause"
mode = "one-to-one"
summary = "Three short breaths of attention: the breath, the body, the room."
purpose = "A short pause."
[[steps]]
kind = "exercise"
title = "Pausing"
duration = "1m"
""",
]


def Simulation() -> HandTimers:
    """The therapy room on a manual clock from 0: the tool advances it to pose each picture."""
    return HandTimers(ManualClock(0))


def _scripts() -> list[Script]:
    found = {script.id: script for script in one_to_one_scripts()}
    for text in STAND_INS:
        stand_in = parse_script(text, "stand-in")
        found.setdefault(stand_in.id, stand_in)
    order = ["soothing-rhythm-breathing", "rain", "mindful-pause"]
    return sorted(found.values(), key=lambda s: (order.index(s.id) if s.id in order else 99, s.id))


def _window(sim: HandTimers) -> OneToOneWindow:
    window = OneToOneWindow(
        FakeSpeaker(), MemorySink(), clock=sim.clock, timer_factory=sim.factory, scripts=_scripts()
    )
    window.move(200, 200)
    QCursor.setPos(0, 0)  # keep the pointer off the window, so no button is drawn hovered
    window.show()
    return window


def _save(app: QApplication, window: OneToOneWindow, out: Path, name: str) -> Path:
    app.processEvents()
    path = out / f"one-to-one-{name}.png"
    if not window.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(path)
    return path


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else OUT
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(["one-to-one-screenshots"])
    assert isinstance(app, QApplication)

    # 1. The chooser.
    sim = Simulation()
    window = _window(sim)
    window.choosing.set_settle_seconds(30)
    _save(app, window, out, "chooser")

    # 2. Before you begin: what the script says for the client's care, then the breathing pacer, part-way
    # through an in-breath.
    window.select_exercise("soothing-rhythm-breathing")
    window.choosing.set_settle_seconds(0)
    window.prepare()
    _save(app, window, out, "before-you-begin")
    window.begin()
    assert window.controller is not None
    steps = window.controller.timeline.steps
    breathe = next(i for i, step in enumerate(steps) if step.breathing is not None)
    for _ in range(breathe):
        window.next_step()
    rhythm = window.current_rhythm()
    assert rhythm is not None
    sim.advance(2 * rhythm.cycle_ms + rhythm.inhale_ms * 3 // 5)
    _save(app, window, out, "breathing")
    window.close()

    # 3. RAIN: an open-ended step counting up past its guide.
    sim = Simulation()
    window = _window(sim)
    window.select_exercise("rain")
    window.choosing.set_settle_seconds(0)
    window.begin()
    assert window.controller is not None
    steps = window.controller.timeline.steps
    waiting = next(i for i, step in enumerate(steps) if step.open_ended)
    for _ in range(waiting):
        window.next_step()
    sim.advance(steps[waiting].duration_ms + 80_000)
    _save(app, window, out, "rain-open-ended")
    # ... and paused to ground (G): an outward anchor offered, the clock waiting.
    window.ground()
    _save(app, window, out, "grounding")
    window._toggle()

    # 4. The notes, with a client code.
    window.tabs.setCurrentIndex(1)
    window.client_code_edit.setText("C-12")
    window.notes_edit.setPlainText(
        "Settled quickly today. Found 'Allow' hard at first; softened with a hand on the chest.\n"
        "Would like to try the breathing at home, 5 minutes in the morning."
    )
    _save(app, window, out, "notes")

    # 5. The settling delay, counting down quietly.
    window.tabs.setCurrentIndex(0)
    window.end_session()
    window.pages.setCurrentIndex(window.PAGE_CHOOSER)
    window.choosing.set_settle_seconds(30)
    window.begin()
    sim.advance(7_000)
    _save(app, window, out, "settling")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
