"""The app's side of the sound player process (``speech/sound_worker.py``): play, stop, and what was heard.

It offers the speech service what :class:`mindful_listening.speech.output.SoundOutput` offers inside the
worker (the same signals and commands), but every sound plays in the child process, so no audio thread ever
runs in the app (decision 0009). A worker that exits because the output was lost, or that crashes, is
replaced once the sound server answers again; the first sound the new one takes says the output is back.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QObject, QProcess, Signal

from mindful_listening.speech.renderer import JsonLines, end_worker, worker_process
from mindful_listening.timers import TimerFactory, make_timer

log = logging.getLogger(__name__)

RESPAWN_MS = 2_000  # while the output is gone, look for the sound server this often
RESPAWN_MAX_MS = 30_000  # a player that keeps finding no output is started less and less often, up to this
START_LIMIT_MS = 8_000  # a worker that has not said "running" or "absent" by then is given up on
_STDERR_KEEP = 4_000


def sound_server_answers() -> bool | None:
    """Whether the PulseAudio (or PipeWire-Pulse) server accepts a connection; None if its address is unknown.

    Asked without Qt (a socket connect), so no player process is started while there is nothing to play to.
    """
    address = os.environ.get("PULSE_SERVER", "").strip()
    if address.startswith("unix:"):
        path = address[5:]
    elif address.startswith("/"):
        path = address
    elif address:
        return None  # a network server: not checked here
    else:
        runtime = os.environ.get("PULSE_RUNTIME_PATH") or os.path.join(
            os.environ.get("XDG_RUNTIME_DIR", f"/run/user/{os.getuid()}"), "pulse"
        )
        path = os.path.join(runtime, "native")
    import socket  # only when the output is gone: nothing else in the app's process needs it (0.8 MiB)

    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.settimeout(0.05)
        probe.connect(path)
    except OSError:
        return False
    finally:
        probe.close()
    return True


def worker_command() -> list[str]:
    return [sys.executable, "-m", "mindful_listening.speech.sound_worker"]


class RemoteSoundOutput(QObject):
    """Voice and bell channels in a child process. See ``SoundOutput`` for the meaning of each signal."""

    began = Signal(int, float)  # tag, monotonic ms when its first sample was taken
    ended = Signal(int)
    refused = Signal(int, str)  # tag, why: "no-output" | "lost" | "unreadable"
    lost = Signal(str)  # "absent" (none when first opened) | "lost" (gone since)
    restored = Signal()
    running = Signal()

    def __init__(
        self,
        voice_volume: float,
        bell_volume: float,
        parent: QObject | None = None,
        *,
        command: list[str] | None = None,
        now_ns: Callable[[], int] = time.monotonic_ns,
        timer_factory: TimerFactory = make_timer,
    ) -> None:
        super().__init__(parent)
        self._volumes = {"voice": voice_volume, "bell": bell_volume}
        self._command = command or worker_command()
        self._now_ns = now_ns
        self.healthy = False
        self.settled = False  # running, or known to be absent
        self.outputs: list[str] = []  # the sound outputs the player saw (descriptions), once it has said
        # The volumes the player says each channel plays at (linear), once it has said: at its start, and
        # after each change asked for.
        self.player_volumes: dict[str, float] = {}
        self.default_output: str | None = None
        self._ever_ran = False
        self._told_absent = False
        self._closed = False
        self._opened = False
        self._process: QProcess | None = None
        self._lines = JsonLines()
        self._stderr_tail = b""
        self._playing: dict[str, int] = {}  # channel -> tag of the sound not yet ended
        self._begun: set[int] = set()
        self._waiting: dict[str, dict[str, Any]] = {}  # channel -> a play asked for while the player started
        self._preloads: list[str] = []  # files every player reads as it starts (the bells)
        self._spawned_ns = 0
        self._spawn_gap_ms = RESPAWN_MS
        self._respawn = timer_factory(self)
        self._respawn.setSingleShot(False)
        self._respawn.setInterval(RESPAWN_MS)
        self._respawn.timeout.connect(self._look_for_output)
        self._start_limit = timer_factory(self)
        self._start_limit.timeout.connect(self._on_start_limit)

    # ----------------------------------------------------------------- reading
    @property
    def is_playing(self) -> bool:
        return bool(self._playing)

    def channel_playing(self, channel: str) -> bool:
        return channel in self._playing

    @property
    def worker_pid(self) -> int:
        return int(self._process.processId()) if self._process is not None else 0

    @property
    def stderr_tail(self) -> str:
        return self._stderr_tail.decode("utf-8", "replace").strip()

    # ----------------------------------------------------------------- commands
    def open(self) -> bool:
        """Start the player (once); its answer arrives as ``running`` or ``lost("absent")``."""
        if not self._opened and not self._closed:
            self._opened = True
            self._spawn()
        return self.healthy

    def play(self, channel: str, path: Path, tag: int) -> None:
        if self._closed:
            return
        self.open()
        if self._process is None or (self.settled and not self.healthy):
            self.refused.emit(tag, "lost" if self._ever_ran else "no-output")
            return
        self._playing[channel] = tag
        request = {"op": "play", "channel": channel, "path": str(path), "tag": tag}
        if self.healthy:
            self._send(request)
        else:
            self._waiting[channel] = request  # the player is starting: sent once its output runs

    def preload(self, path: Path) -> None:
        """Have the player read ``path`` now (and any player started later, as it starts), so the first time
        it is played nothing is read from disk."""
        if str(path) in self._preloads:
            return
        self._preloads.append(str(path))
        if self._process is not None:
            self._send({"op": "load", "path": str(path)})

    def stop(self, channel: str | None = None) -> None:
        for name in list(self._playing):
            if channel in (None, name):
                del self._playing[name]
                self._waiting.pop(name, None)
        if self._process is not None:
            self._send({"op": "stop", "channel": channel})

    def volume(self, channel: str) -> float:
        """The volume asked of ``channel`` (linear, 0..1): what the player plays at, or will once it runs."""
        return self._volumes[channel]

    def set_volume(self, channel: str, volume: float) -> None:
        self._volumes[channel] = volume
        if self._process is not None:
            self._send({"op": "volume", "channel": channel, "volume": volume})

    def close(self) -> None:
        """End the player now (at most a moment's wait for it to go); safe to call twice."""
        self._closed = True
        self._respawn.stop()
        self._start_limit.stop()
        self._playing.clear()
        self._waiting.clear()
        self._end_process(wait_ms=500)

    # ----------------------------------------------------------------- inner
    def _spawn(self) -> None:
        process = worker_process(self, self._on_stdout, self._on_stderr, self._on_finished, self._on_error)
        self._process = process
        self._lines.clear()
        self._spawned_ns = self._now_ns()
        self._start_limit.start(START_LIMIT_MS)
        arguments = [*self._command[1:], str(self._volumes["voice"]), str(self._volumes["bell"])]
        process.start(self._command[0], arguments)
        for path in self._preloads:
            self._send({"op": "load", "path": path})

    def _send(self, message: dict[str, Any]) -> None:
        if self._process is not None:
            self._process.write(QByteArray((json.dumps(message) + "\n").encode("utf-8")))

    def _on_stdout(self) -> None:
        if self._process is None:
            return
        process = self._process
        for message in self._lines.feed(bytes(process.readAllStandardOutput().data())):
            if self._process is not process:
                break  # nothing more from a player gone
            self._on_message(message)

    def _on_message(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        tag = int(message.get("tag", 0))
        if kind in ("running", "absent"):
            self.outputs = [str(name) for name in message.get("outputs", [])]
            default = message.get("default")
            self.default_output = str(default) if default else None
        if kind == "running":
            self.player_volumes.update(
                {str(k): float(v) for k, v in dict(message.get("volumes") or {}).items()}
            )
            self._start_limit.stop()
            self._respawn.stop()
            first = not self._ever_ran and not self._told_absent
            self._ever_ran = True
            self.healthy = True
            self._spawn_gap_ms = RESPAWN_MS
            waiting, self._waiting = list(self._waiting.values()), {}
            for request in waiting:
                self._send(request)
            if not self.settled:
                self.settled = True
                self.running.emit()
            if not first:
                log.info("Sound output is back")
                self.restored.emit()
        elif kind in ("absent", "lost"):
            # A player that lost its output before it ever ran (a stalled start) found none, as far as the
            # room is concerned: that is told as "absent", so ready is not held back and the notice is given.
            self._went_away("lost" if self._ever_ran else "absent")
        elif kind == "volume":
            self.player_volumes[str(message.get("channel"))] = float(message.get("volume", 0.0))
        elif kind == "began":
            self._begun.add(tag)
            self.began.emit(tag, int(message.get("at_ns", self._now_ns())) / 1e6)
        elif kind == "ended":
            self._forget(tag)
            self.ended.emit(tag)
        elif kind == "refused":
            self._forget(tag)
            self.refused.emit(tag, str(message.get("why", "lost")))

    def _forget(self, tag: int) -> None:
        self._begun.discard(tag)
        for channel, playing in list(self._playing.items()):
            if playing == tag:
                del self._playing[channel]

    def _went_away(self, how: str) -> None:
        """The output is gone (or was never there): say so once, settle what was playing, look again later."""
        self._start_limit.stop()
        was_healthy = self.healthy
        self.healthy = False
        self._end_process(wait_ms=0)
        outstanding = list(self._playing.values())
        self._playing.clear()
        self._waiting.clear()
        for tag in outstanding:
            if tag in self._begun:
                self._begun.discard(tag)
                self.ended.emit(tag)  # heard in part
            else:
                self.refused.emit(tag, "lost" if self._ever_ran else "no-output")
        first_news = not self.settled
        self.settled = True
        if how == "absent" and not self._told_absent and first_news:
            self._told_absent = True
            log.info("No sound output could be opened")
            self.lost.emit("absent")
        elif was_healthy:
            log.info("Sound output lost")
            self.lost.emit("lost")
        if not self._closed and not self._respawn.isActive():
            self._respawn.start()

    def _look_for_output(self) -> None:
        if self._closed or self._process is not None:
            return
        answers = sound_server_answers()
        if answers is False:
            return  # nothing to connect to yet: no process is started for nothing
        if (self._now_ns() - self._spawned_ns) // 1_000_000 < self._spawn_gap_ms:
            return
        self._spawn_gap_ms = min(RESPAWN_MAX_MS, self._spawn_gap_ms * 2)
        self._spawn()

    def _on_start_limit(self) -> None:
        log.info("The sound player did not start in time")
        self._went_away("absent" if not self._ever_ran else "lost")

    def _on_stderr(self) -> None:
        if self._process is None:
            return
        chunk = bytes(self._process.readAllStandardError().data())
        self._stderr_tail = (self._stderr_tail + chunk)[-_STDERR_KEEP:]

    def _on_finished(self, exit_code: int, status: QProcess.ExitStatus) -> None:
        del status
        if self._process is None or self._closed:
            return
        self._on_stdout()  # its last reports first
        if self._process is None:
            return  # they said why it ended
        log.info("The sound player ended (status %d)", exit_code)
        self._went_away("absent" if not self._ever_ran else "lost")

    def _on_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart and self._process is not None:
            log.warning("The sound player could not be started")
            self._went_away("absent" if not self._ever_ran else "lost")

    def _end_process(self, wait_ms: int) -> None:
        process, self._process = self._process, None
        if process is not None:
            end_worker(process, wait_ms)
