"""The app's own process never loads Qt Multimedia (issue 16): sound is played in the sound player's process.

Qt Multimedia, with the Qt Network it brings, was 5.8 MiB of every start's peak RSS in the window's process,
loaded there only for one volume curve and as ``qtlog.route_qt_messages``' guard against the loader deadlock
(decision 0008). A process that never loads it cannot meet that deadlock; these tests hold the app to that:
its two first screens, a cue rendered and sounded through the real speech service, and the ``play`` command.
Each runs in a fresh process, as the user starts it. Nothing here times anything (benchmarks/startup.py and
benchmarks/session_memory.py measure the memory).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtMultimedia import QtAudio

from mindful_listening.speech import renderer
from mindful_listening.speech.service import perceived_to_linear
from tests.fresh_process import app_env, run_child
from tests.ui.test_startup_imports import _start

# What the window's process must not load: Qt Multimedia and what came only with it.
NOT_IN_THE_APP = ("PySide6.QtMultimedia", "PySide6.QtNetwork")


def _env(tmp_path: Path) -> dict[str, str]:
    return app_env(tmp_path)


@pytest.mark.parametrize("args", [(), ("--one-to-one",)], ids=["facilitator", "one-to-one"])
def test_the_first_screen_loads_no_qt_multimedia_and_no_socket_module(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    found = _start(tmp_path, *args)
    loaded = set(found["modules"])
    assert "mindful_listening.speech.service" in loaded  # the speech service is there: not a vacuous check
    assert "mindful_listening.interrupts" in loaded  # and so is Ctrl+C's bridge
    assert sorted(loaded & set(NOT_IN_THE_APP)) == []
    assert "socket" not in loaded, "the bridge's wake-up pipe and the sound client need no socket module"


# A cue prepared (rendered by the real engine) and said through the real speech service, its messages routed
# as the app routes them; the modules loaded by then, and what the service reported.
CUE_CHILD = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from mindful_listening.preferences import Preferences
from mindful_listening.qtlog import route_qt_messages
from mindful_listening.speech.service import make_speaker

app = QApplication([])
route_qt_messages()
speaker = make_speaker(Preferences(), app)
seen = []
def ready():
    seen.append("ready")
    speaker.say("Welcome, everyone.", "single")
def ended(what):
    seen.append(what)
    QTimer.singleShot(200, app.quit)
speaker.ready.connect(ready)
speaker.cueStarted.connect(lambda ticket, ms: seen.append("started"))
speaker.cueSilent.connect(lambda ticket, why: ended("silent: " + why))
speaker.cueFinished.connect(lambda ticket: ended("finished"))
QTimer.singleShot(60_000, app.quit)
speaker.prepare([("Welcome, everyone.", "single")])
app.exec()
speaker.shutdown()
app.processEvents()
print(json.dumps({"seen": seen, "modules": sorted(sys.modules)}), flush=True)
"""


@pytest.mark.speech
def test_a_cue_rendered_and_sounded_loads_no_qt_multimedia_in_the_apps_process(
    tmp_path: Path, espeak: None
) -> None:
    found = run_child(CUE_CHILD, tmp_path, timeout=90)
    assert found["seen"][0] == "ready", found["seen"]
    # With a sound output the cue is heard; without one (as on CI) it is reported silent: either way it ran
    # through the sound player's process.
    assert found["seen"][-1] == "finished" or found["seen"][-1].startswith("silent"), found["seen"]
    assert sorted(set(found["modules"]) & set(NOT_IN_THE_APP)) == []
    assert list((tmp_path / "cache").rglob("*.wav")), "the cue was rendered to the speech cache"


def test_the_play_command_loads_no_qt_multimedia(tmp_path: Path) -> None:
    """``play`` (with speech) routes Qt's messages as the app does; ``-X importtime`` lists every module it
    imported."""
    done = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "mindful_listening",
            "play",
            "mindful-pause",
            "--scale",
            "600",
            "--no-record",
        ],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import")}
    assert "mindful_listening.speech.service" in imported  # the check is not vacuous
    assert sorted(imported & set(NOT_IN_THE_APP)) == []


def test_the_volume_curve_is_qt_multimedias_own() -> None:
    """The preferences' slider position to the output's amplitude, as ``QtAudio.convertVolume`` gives it."""
    for step in range(1001):
        position = step / 1000
        qt = QtAudio.convertVolume(
            position, QtAudio.VolumeScale.LogarithmicVolumeScale, QtAudio.VolumeScale.LinearVolumeScale
        )
        assert perceived_to_linear(position) == pytest.approx(qt, abs=1e-5), position
    assert perceived_to_linear(-0.5) == 0.0
    assert perceived_to_linear(1.7) == 1.0
    assert perceived_to_linear(0.5) == pytest.approx(0.1505, abs=1e-4)  # half way feels half as loud


def test_the_speech_cache_keys_are_unchanged_without_hashlib() -> None:
    """The render cache names files by SHA-256 of the text, voice and rate: CPython's own SHA-256 names them
    as hashlib's did, so no cue kept from an earlier version is rendered again."""
    raw = json.dumps([renderer.CACHE_FORMAT, "Thirty seconds remaining.", "en", 150], ensure_ascii=False)
    assert (
        renderer.cache_key("Thirty seconds remaining.", "en", 150)
        == (hashlib.sha256(raw.encode("utf-8")).hexdigest()[:40])
    )
    assert renderer.cache_key("Noticing the breath — the pause.", "", 80) != renderer.cache_key(
        "Noticing the breath — the pause.", "", 81
    )


IMPORT_RENDERER = "import sys, mindful_listening.speech.renderer; print('hashlib' in sys.modules)"


def test_the_renderer_loads_no_openssl() -> None:
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_RENDERER], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "False"
