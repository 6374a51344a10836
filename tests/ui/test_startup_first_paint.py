"""What each first screen does before its first paint and what it leaves until just after (issue 16), seen in
a process of its own started as the command starts it. No timing is asserted (benchmarks/startup.py
measures that); these hold the means the measured figures rest on."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fresh_process import run_child

# The app started through its entry point; at the event loop's start, and once its window has painted (and
# what the app queued for just after that paint has run), what it found is printed.
CHILD = """
import gc, json, os, sys
from mindful_listening import app as entry
from mindful_listening.ui import main as ui_main
from mindful_listening.timers import after_first_paint, soon

real_exec = ui_main._exec

def watch(app):
    window = next(w for w in app.topLevelWidgets() if w.isVisible())
    found = {"shown": type(window).__name__, "collecting_before_the_paint": gc.isenabled()}

    def after_the_app_s_own():
        found["collecting_after_it"] = gc.isenabled()
        found["modules_after_it"] = sorted(sys.modules)
        print(json.dumps(found), flush=True)
        os._exit(0)

    def painted():
        found["modules_at_first_paint"] = sorted(sys.modules)
        soon(window, after_the_app_s_own)

    after_first_paint(window, painted)
    return real_exec(app)

ui_main._exec = watch
entry.main(sys.argv[1:])
"""


@pytest.mark.parametrize("args", [(), ("--one-to-one",)])
def test_the_garbage_collector_waits_for_the_first_paint_then_runs_again(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    found = run_child(CHILD, tmp_path, *args)
    assert found["shown"] == ("OneToOneWindow" if args else "MainWindow")
    assert found["collecting_before_the_paint"] is False
    assert found["collecting_after_it"] is True


def test_the_entry_point_leaves_the_collector_as_it_found_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Called in a process that goes on (a test's), the entry point starts the collector again on its way out,
    whether the window painted or not; one that found it off leaves it off."""
    import gc

    from mindful_listening import app
    from mindful_listening.ui import main as ui_main

    seen: list[bool] = []

    def run(argv: list[str]) -> int:
        seen.append(gc.isenabled())
        return 0

    monkeypatch.setattr(ui_main, "run", run)
    assert gc.isenabled()
    try:
        assert app.main([]) == 0
        assert gc.isenabled()
        gc.disable()
        assert app.main([]) == 0
        assert not gc.isenabled()
    finally:
        gc.enable()
        ui_main.release_collection()
    assert seen == [False, False]
