"""Running the app's code in a process of its own, as the command starts it: offscreen, with a temporary
home (settings, records, caches), its answer read from the last JSON line it prints. For the tests that look
at what a fresh start loads or shows, which no in-process test can see."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any


def app_env(home: Path) -> dict[str, str]:
    """This process's environment, offscreen, with every place the app writes under ``home``."""
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "MINDFUL_LISTENING_DATA_DIR": str(home / "records"),
    }


def run_child(code: str, home: Path, *args: str, timeout: float = 60) -> dict[str, Any]:
    """Run ``code`` (``python -c``) with ``args`` in a fresh process; the last JSON object it printed."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=app_env(home),
        capture_output=True,
        text=True,
        timeout=timeout,
        start_new_session=True,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert lines, f"the child process gave no answer:\n{done.stderr[-3000:]}"
    found: dict[str, Any] = json.loads(lines[-1])
    return found
