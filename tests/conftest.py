"""Suite-wide set-up: headless Qt before any QApplication exists, and hygiene checks."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from mindful_listening import preferences as prefs_io
from mindful_listening.preferences import Preferences

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# A private PulseAudio sound server with a null sink, so tests play through a real sound output. Started once
# per run when pulseaudio is installed; every process the tests start inherits PULSE_SERVER and plays into
# it, never into the machine's speakers. parec on "<sink>.monitor" hears what was played; killing a daemon is
# how a test makes the output die mid-session.
SINK = "room"


@dataclass
class SoundServer:
    folder: Path
    pid: int
    keeper: subprocess.Popen[bytes] | None = None

    @property
    def address(self) -> str:
        return f"unix:{self.folder / 'native'}"

    @property
    def env(self) -> dict[str, str]:
        return {"PULSE_SERVER": self.address, "PULSE_RUNTIME_PATH": str(self.folder)}

    def stop(self) -> None:
        if self.keeper is not None:
            self.keeper.kill()
            self.keeper.wait()
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)


def start_sound_server(folder: Path | None = None) -> SoundServer | None:
    """A new daemon in its own folder; None when pulseaudio is not installed or will not start."""
    binary = shutil.which("pulseaudio")
    if binary is None:
        return None
    here = folder or Path(tempfile.mkdtemp(prefix="ml-pulse-"))
    here.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PULSE_RUNTIME_PATH": str(here), "HOME": str(here)}
    env.pop("PULSE_SERVER", None)
    command = [
        binary,
        "-n",  # no default configuration: only what is loaded here
        "--daemonize=yes",  # returns once the daemon is ready (its socket exists)
        "--exit-idle-time=-1",
        "--use-pid-file=yes",
        "--log-target=file:" + str(here / "log"),
        "-L",
        f"module-null-sink sink_name={SINK}",
        "-L",
        f"module-native-protocol-unix socket={here / 'native'} auth-anonymous=1",
    ]
    done = subprocess.run(command, env=env, capture_output=True, timeout=30, check=False)
    pid_file = here / "pid"
    if done.returncode != 0 or not pid_file.exists():
        return None
    server = SoundServer(here, int(pid_file.read_text().split()[0]))
    # An idle null sink sleeps in 2-second blocks, so a stream opened while nothing else plays waited up to
    # 2 s for its first sample (measured 1,989-1,991 ms; 11-32 ms with another stream playing). A real
    # device starts a new stream at once. One silent low-latency stream keeps the null sink awake like one.
    pacat = shutil.which("pacat")
    if pacat is not None:
        server.keeper = subprocess.Popen(
            [
                pacat,
                "--playback",
                "--raw",
                "--format=s16le",
                "--rate=22050",
                "--channels=1",
                "--latency-msec=20",
                "--volume=0",
                "--client-name=keep-awake",
                "/dev/zero",
            ],
            env={**os.environ, **server.env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    return server


_SERVER: SoundServer | None = None


def pytest_configure(config: pytest.Config) -> None:
    """Give the whole run a real sound output (a private PulseAudio null sink), before Qt Multimedia loads.

    Set ``MINDFUL_LISTENING_TEST_SOUND=off`` to run as on a machine with no sound at all.
    """
    del config
    global _SERVER
    if os.environ.get("MINDFUL_LISTENING_TEST_SOUND") == "off":
        os.environ["PULSE_SERVER"] = "unix:/nonexistent/mindful-listening-no-sound"
        return
    _SERVER = start_sound_server()
    if _SERVER is not None:
        os.environ.update(_SERVER.env)


def pytest_unconfigure(config: pytest.Config) -> None:
    del config
    if _SERVER is not None:
        _SERVER.stop()


@pytest.fixture
def sound_server() -> SoundServer:
    """The run's sound server; tests that need one skip, saying why, where pulseaudio is not installed."""
    if _SERVER is None:
        pytest.skip("no sound server here (sudo apt-get install pulseaudio)")
    return _SERVER


@pytest.fixture(autouse=True)
def _no_leaked_threads(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test that leaves a thread running fails: leaked workers cause hangs and crashes at exit."""
    before = set(threading.enumerate())
    yield
    leaked = [t for t in threading.enumerate() if t not in before and t.is_alive() and not t.daemon]
    for thread in leaked:
        thread.join(timeout=5)
    still = [t.name for t in leaked if t.is_alive()]
    assert not still, f"{request.node.name} left threads running: {still}"


@pytest.fixture(autouse=True)
def _app_font_as_it_was() -> Iterator[None]:
    """A window that sets the application's font (the app-wide text size) leaves it as it found it, so no
    test's layout depends on which tests ran before it."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    before = app.font() if isinstance(app, QApplication) else None
    yield
    if isinstance(app, QApplication) and before is not None and app.font() != before:
        app.setFont(before)


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test writes its records and caches into its own folder, never the developer's real ones."""
    root = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("MINDFUL_LISTENING_DATA_DIR", str(root / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(root / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(root / "config"))
    return root


@pytest.fixture
def save_preferences(_private_data_dir: Path) -> Callable[[Preferences], None]:
    """Save preferences where the app keeps them on Linux, in the config folder this test was given."""

    def save(prefs: Preferences) -> None:
        folder = Path(os.environ["XDG_CONFIG_HOME"]) / prefs_io.ORG_NAME
        settings = QSettings(str(folder / f"{prefs_io.APP_NAME}.conf"), QSettings.Format.IniFormat)
        prefs_io.save(settings, prefs)

    return save


@pytest.fixture
def own_sound_server(tmp_path: Path) -> Iterator[Callable[[], SoundServer]]:
    """Start (and restart, by calling again) a sound server of this test's own, to kill at will."""
    if shutil.which("pulseaudio") is None:
        pytest.skip("no sound server here (sudo apt-get install pulseaudio)")
    started: list[SoundServer] = []

    def start() -> SoundServer:
        server = start_sound_server(tmp_path / "pulse")
        if server is None:
            pytest.fail("pulseaudio is installed but would not start")
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
