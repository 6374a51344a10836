"""The one-to-one timer opened on its own (``mindful-listening --one-to-one``) shows the text size chosen in
Preferences, as the facilitator's window does: started in a process of its own, as the command starts it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fresh_process import run_child

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


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_the_timer_on_its_own_shows_the_chosen_text_size(tmp_path: Path, scale: float) -> None:
    from mindful_listening.ui.theme import BASE_POINT_SIZE

    found = run_child(CHILD, tmp_path, str(scale))
    assert found["shown"] == ["OneToOneWindow"]
    assert found["points"] == [pytest.approx(BASE_POINT_SIZE * scale)]
