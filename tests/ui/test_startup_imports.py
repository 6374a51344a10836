"""Nothing loads that the first screen does not show (issue 16): the app is started in a process of its own,
as ``mindful-listening`` starts it, to its first screen, and what it has imported by then is read from
``sys.modules``. No timing is asserted (benchmarks/startup.py measures that)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.fresh_process import run_child

# Started as the command starts it; stopped by the event loop's start, once the window is shown.
CHILD = """
import json, linecache, os, sys
from mindful_listening.ui import main as ui_main
from mindful_listening import cli

def at_first_screen(app):
    shown = sorted(type(w).__name__ for w in app.topLevelWidgets() if w.isVisible())
    found = {"shown": shown, "modules": sorted(sys.modules), "sources": sorted(linecache.cache)}
    print(json.dumps(found), flush=True)
    os._exit(0)

ui_main._exec = at_first_screen
cli.main(sys.argv[1:])
"""

# Windows and panels opened from a menu, each loaded when it is first opened.
OPENED_LATER = (
    "mindful_listening.ui.assessment_panel",  # assessment mode
    "mindful_listening.assessment.report",  # its PDF report
    "mindful_listening.ui.history",
    "mindful_listening.ui.preferences_dialog",
    "mindful_listening.ui.voice_check",
    "mindful_listening.ui.progress",
    "mindful_listening.ui.script_editor",  # Script ▸ New, Duplicate, Edit, a draft
    "mindful_listening.ui.rehearsal",  # the editor's Rehearse
)
# The command line's other commands: opening the app builds no parser for them.
COMMANDS = (
    "mindful_listening.assessment.commands",
    "mindful_listening.headless.commands",
    "mindful_listening.storage.commands",
)


def _start(tmp_path: Path, *args: str) -> dict[str, list[str]]:
    """The app started as the command starts it, to its first screen: what it shows and has loaded."""
    return run_child(CHILD, tmp_path, *args)


def test_the_facilitators_first_screen_loads_no_window_panel_or_command_it_does_not_show(
    tmp_path: Path,
) -> None:
    found = _start(tmp_path)
    assert found["shown"] == ["MainWindow"]
    loaded = set(found["modules"])
    assert "mindful_listening.ui.window" in loaded  # the check itself sees what is loaded
    assert sorted(loaded & {*OPENED_LATER, "mindful_listening.ui.one_to_one", *COMMANDS}) == []


def test_the_one_to_one_timer_starts_without_the_facilitators_window(tmp_path: Path) -> None:
    found = _start(tmp_path, "--one-to-one")
    assert found["shown"] == ["OneToOneWindow"]
    loaded = set(found["modules"])
    facilitator = {
        "mindful_listening.ui.window",
        "mindful_listening.ui.console",
        "mindful_listening.ui.presenter",
        "mindful_listening.ui.room",
        "mindful_listening.ui.menus",
    }
    assert sorted(loaded & {*facilitator, *OPENED_LATER, *COMMANDS}) == []


@pytest.mark.parametrize("args", [(), ("--one-to-one",)])
def test_the_built_ins_parse_is_kept_for_the_next_start(tmp_path: Path, args: tuple[str, ...]) -> None:
    _start(tmp_path, *args)
    kept = json.loads((tmp_path / "cache" / "mindful-listening" / "builtin-scripts.json").read_text("utf-8"))
    assert "classic-pairs.toml" in kept["scripts"]


@pytest.mark.parametrize("args", [(), ("--one-to-one",)])
def test_neither_first_screen_loads_openssl(tmp_path: Path, args: tuple[str, ...]) -> None:
    """The built-ins' kept parse and the speech cache's names take CPython's own SHA-256 (core.digest):
    OpenSSL's libcrypto, through hashlib, was 3.3-3.5 MiB of the first screen's memory."""
    loaded = set(_start(tmp_path, *args)["modules"])
    assert "mindful_listening.core.digest" in loaded  # the check itself sees the digest being used
    assert sorted(loaded & {"hashlib", "_hashlib", "ssl", "_ssl"}) == []


@pytest.mark.parametrize(("args", "window"), [((), "window.py"), (("--one-to-one",), "one_to_one.py")])
def test_the_source_text_read_while_importing_is_not_kept(
    tmp_path: Path, args: tuple[str, ...], window: str
) -> None:
    """PySide6's import hook reads each module's source through linecache, which kept it all (4.8 MiB)."""
    kept = _start(tmp_path, *args)["sources"]
    ours = [name for name in kept if "mindful_listening" in name]
    assert not [name for name in ours if name.endswith(f"ui/{window}")], ours
