"""A projector attached: the room view opens on it, full screen (two offscreen screens, in a subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import json, sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from mindful_listening.core.record import MemorySink
from mindful_listening.preferences import Preferences
from mindful_listening.speech.api import FakeSpeaker
from mindful_listening.ui.window import MainWindow

window = MainWindow(Preferences(audience_screen=sys.argv[1]), FakeSpeaker(), MemorySink())
window.show_initial_views()
for _ in range(5):
    app.processEvents()
room = window.audience_window
report = {
    "screens": [s.name() for s in app.screens()],
    "menu": [a.text() for a in window.screen_menu.actions()],
    "checked": [a.isChecked() for a in window.screen_menu.actions()],
    "room": None if room is None else {
        "visible": room.isVisible(),
        "screen": room.screen().name(),
        "fullscreen": room.isFullScreen(),
        "page": room.view.page_name,
    },
}
window.close()
print(json.dumps(report))
"""


def _probe(tmp_path: Path, preferred: str) -> dict[str, object]:
    config = tmp_path / "screens.json"
    screen = {"y": 0, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {"name": "laptop", "x": 0, "width": 1366, "height": 768, **screen},
                    {"name": "projector", "x": 1366, "width": 1920, "height": 1080, **screen},
                ]
            }
        ),
        encoding="utf-8",
    )
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    done = subprocess.run(
        [sys.executable, "-c", PROBE, preferred],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    if report["screens"] != ["laptop", "projector"]:
        pytest.skip(f"this Qt's offscreen plugin ignored the screen layout: {report['screens']}")
    return report


def test_the_room_view_opens_full_screen_on_the_second_screen(tmp_path: Path) -> None:
    report = _probe(tmp_path, "")
    assert report["room"] == {"visible": True, "screen": "projector", "fullscreen": True, "page": "welcome"}
    menu = report["menu"]
    assert isinstance(menu, list)
    assert [m.split(":")[0] for m in menu] == ["Screen 1", "Screen 2"]
    assert report["checked"] == [False, True]


def test_a_chosen_screen_is_used_again(tmp_path: Path) -> None:
    report = _probe(tmp_path, "laptop")
    room = report["room"]
    assert isinstance(room, dict)
    assert room["screen"] == "laptop"
    assert room["fullscreen"] is False, "on the facilitator's own screen it opens as a window"
    assert report["checked"] == [True, False]
