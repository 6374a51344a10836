"""The one-to-one timer opened on its own (``mindful-listening --one-to-one``) shows the text size chosen in
Preferences, as the facilitator's window does: started in a process of its own, as the command starts it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CHILD = """
import json, os, sys
from mindful_listening import preferences as prefs_io
from mindful_listening.ui import main as ui_main
from mindful_listening import cli

scale = float(sys.argv[1])
prefs_io.save(prefs_io.app_settings(), prefs_io.Preferences(font_scale=scale))

def at_first_screen(app):
    shown = [w for w in app.topLevelWidgets() if w.isVisible()]
    print(json.dumps({"shown": [type(w).__name__ for w in shown],
                      "points": [w.font().pointSizeF() for w in shown]}), flush=True)
    os._exit(0)

ui_main._exec = at_first_screen
cli.main(["--one-to-one"])
"""


def _points(tmp_path: Path, scale: float) -> dict[str, list]:  # type: ignore[type-arg]
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "MINDFUL_LISTENING_DATA_DIR": str(tmp_path / "records"),
    }
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(scale)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        start_new_session=True,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert lines, f"the timer never reached its first screen:\n{done.stderr[-3000:]}"
    found: dict[str, list] = json.loads(lines[-1])  # type: ignore[type-arg]
    return found


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_the_timer_on_its_own_shows_the_chosen_text_size(tmp_path: Path, scale: float) -> None:
    from mindful_listening.ui.theme import BASE_POINT_SIZE

    found = _points(tmp_path, scale)
    assert found["shown"] == ["OneToOneWindow"]
    assert found["points"] == [pytest.approx(BASE_POINT_SIZE * scale)]
