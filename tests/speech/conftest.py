"""Speech test helpers: a fake engine that fails on demand, the real-engine check, Qt Multimedia's noise."""

from __future__ import annotations

import ctypes.util
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QLoggingCategory

# With these categories on, FFmpeg prints a dump of every file it opens straight to stderr (as the commands
# also arrange, see headless.commands.quiet_qt_messages).
QLoggingCategory.setFilterRules("qt.multimedia.*.info=false\nqt.multimedia.*.debug=false")

FAKE_ENGINE = Path(__file__).resolve().parent / "fake_engine"

# Qt Multimedia on a machine without a sound card or sound server logs these as warnings: once per process
# for the optional libraries it probes, once per player that finds no device. None is a fault of ours; the
# speech service reports a missing output to the facilitator in its own words (and the tests check that).
MULTIMEDIA_NOISE = (
    r"^No audio device detected",
    r"^PulseAudioService: pa_context_connect\(\) failed",
    r"^Couldn't (load|resolve) .*(library|symbols)$",
    r"^Using Qt multimedia with FFmpeg",
    # A cue cut (pause, skip, the next cue) while its file is still being opened: FFmpeg reports the abort.
    r"^Could not open media\. FFmpeg error description: Immediate exit requested",
)


def espeak_present() -> bool:
    return ctypes.util.find_library("espeak-ng") is not None


@pytest.fixture
def espeak() -> None:
    """Request this in tests marked ``speech``: they need the real engine and skip, saying why, without it."""
    if not espeak_present():
        pytest.skip("espeak-ng is not installed here (sudo apt-get install espeak-ng)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    del config
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.qt_log_ignore(*MULTIMEDIA_NOISE))


@pytest.fixture
def fake_engine(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], dict[str, str]]:
    """Make render workers started from now on use the fake engine in ``mode``; returns the env to pass on."""

    def use(mode: str) -> dict[str, str]:
        path = os.pathsep.join(p for p in (str(FAKE_ENGINE), os.environ.get("PYTHONPATH", "")) if p)
        monkeypatch.setenv("PYTHONPATH", path)
        monkeypatch.setenv("FAKE_PYTTSX3_MODE", mode)
        return {"PYTHONPATH": path, "FAKE_PYTTSX3_MODE": mode}

    return use


@pytest.fixture
def alive() -> Callable[[int], bool]:
    return pid_alive


def pid_alive(pid: int) -> bool:
    """True if a process with this id exists and is not a zombie."""
    if pid <= 0:
        return False
    stat = Path(f"/proc/{pid}/stat")
    if stat.exists():
        try:
            return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return False
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True
