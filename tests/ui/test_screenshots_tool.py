"""tools/screenshots.py keeps working: it writes every picture, each 1920×1080 (the laptop's at 1366×768)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

TOOL = Path(__file__).resolve().parents[2] / "tools" / "screenshots.py"
EXPECTED = {
    "library",
    "library-rehearse",
    "script-editor",
    "purpose-room",
    "purpose-presenter",
    "purpose-reminders-room",
    "practice-grounding-room",
    "practice-grounding-presenter",
    "practice-speaking-room",
    "practice-presenter",
    "practice-presenter-assessment",
    "practice-sound-lost-presenter",
    "practice-silent-pause-room",
    "practice-past-zero-room",
    "shortcut-help",
    "preferences",
    "debrief-presenter",
    "debrief-gibbs-presenter",
    "debrief-room",
    "debrief-prompt-room",
    "closing-room",
    "practice-triads-high-contrast-room",
    "whole-lesson-purpose-room",
    "whole-lesson-purpose-presenter",
    "whole-lesson-inquiry-room",
    "whole-lesson-inquiry-presenter",
}
LAPTOP = {
    "laptop-1366x768-practice-presenter",
    "laptop-1366x768-practice-assessment",
    "laptop-1366x768-history",  # the history opens no bigger than the laptop's screen either
    "laptop-1366x768-diary",
    "laptop-1366x768-course",
}


def test_the_screenshot_tool_draws_every_stage_at_full_hd(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, str(TOOL), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    made = {path.stem for path in tmp_path.glob("*.png")}
    assert made == EXPECTED | LAPTOP
    for path in tmp_path.glob("*.png"):
        image = QImage(str(path))
        # The laptop's pictures are the window on a 1366×768 screen, less the window manager's frame.
        size = (1366 - 16, 768 - 48) if path.stem in LAPTOP else (1920, 1080)
        assert (image.width(), image.height()) == size, path.name
