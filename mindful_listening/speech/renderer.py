"""Talking to the render worker child process through QProcess, and where rendered cues are cached.

Everything here runs on the thread that owns the objects (the GUI thread) without ever blocking it: QProcess
starts the worker and delivers its answers through the event loop, and every wait has a timer. A worker that
fails to start, says it has no engine, crashes or stops answering is reported once through ``failed`` and is
killed; the caller decides what to do next (the speech service falls back to captions).
"""

from __future__ import annotations

import json
import logging
import os
import shlex
import sys
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QObject,
    QProcess,
    QProcessEnvironment,
    QStandardPaths,
    Signal,
)

from mindful_listening.core.digest import sha256_hex
from mindful_listening.timers import make_timer

log = logging.getLogger(__name__)

CACHE_FORMAT = 2  # bump when the rendering changes in a way old files must not be reused (2: silence trimmed)
RENDERER_ENV = "MINDFUL_LISTENING_RENDERER"  # a command line that replaces the worker (tests, diagnosis)
START_TIMEOUT_MS = 10_000
RENDER_TIMEOUT_MS = 5_000
_STDERR_KEEP = 4_000


def cache_dir() -> Path:
    """Where rendered cues are kept: ``$XDG_CACHE_HOME/mindful-listening/speech`` or the platform's cache."""
    base = os.environ.get("XDG_CACHE_HOME") or QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.GenericCacheLocation
    )
    root = Path(base) if base else Path.home() / ".cache"
    return root / "mindful-listening" / "speech"


class JsonLines:
    """A worker's answers as they arrive: bytes in, one dict out per complete JSON line (both workers)."""

    def __init__(self) -> None:
        self._buffer = b""
        self.unreadable = 0  # lines that were not a JSON object (a worker must never write them)

    def feed(self, data: bytes) -> list[dict[str, Any]]:
        self._buffer += data
        messages: list[dict[str, Any]] = []
        while b"\n" in self._buffer:
            line, self._buffer = self._buffer.split(b"\n", 1)
            if not line.strip():
                continue
            try:
                message = json.loads(line)
            except json.JSONDecodeError:
                message = None
            if isinstance(message, dict):
                messages.append(message)
            else:
                self.unreadable += 1
        return messages

    def clear(self) -> None:
        """Forget a half line (the worker that wrote it is gone)."""
        self._buffer = b""


def cache_key(text: str, voice: str, rate: int) -> str:
    """A file-name-safe key for one rendering: the same text, voice and rate always give the same key."""
    raw = json.dumps([CACHE_FORMAT, text, voice, int(rate)], ensure_ascii=False).encode("utf-8")
    return sha256_hex(raw)[:40]


def default_command() -> list[str]:
    override = os.environ.get(RENDERER_ENV, "").strip()
    if override:
        return shlex.split(override)
    return [sys.executable, "-m", "mindful_listening.speech.render_worker"]


def _package_root() -> str:
    """The folder that holds the ``mindful_listening`` package, so the worker imports this very copy."""
    return str(Path(__file__).resolve().parents[2])


def worker_process(
    parent: QObject,
    on_stdout: Callable[[], None],
    on_stderr: Callable[[], None],
    on_finished: Callable[[int, QProcess.ExitStatus], None],
    on_error: Callable[[QProcess.ProcessError], None],
) -> QProcess:
    """A QProcess for one of the app's worker programs, set up to import this very copy of the package,
    with its reports wired to the four handlers (:func:`end_worker` undoes that)."""
    process = QProcess(parent)
    process.readyReadStandardOutput.connect(on_stdout)
    process.readyReadStandardError.connect(on_stderr)
    process.finished.connect(on_finished)
    process.errorOccurred.connect(on_error)
    env = QProcessEnvironment.systemEnvironment()
    # The caller's PYTHONPATH keeps its precedence, as in this process; our own folder goes last.
    # (Put first, it would rank site-packages above PYTHONPATH after a non-editable install.)
    paths = [env.value("PYTHONPATH", ""), _package_root()]
    env.insert("PYTHONPATH", os.pathsep.join(p for p in paths if p))
    env.insert("PYTHONUNBUFFERED", "1")
    process.setProcessEnvironment(env)
    return process


def end_worker(process: QProcess, grace_ms: int = 0) -> None:
    """Disconnect a worker's reports and end it: its input closed, ``grace_ms`` to leave, then killed."""
    for connection in (process.readyReadStandardOutput, process.readyReadStandardError, process.finished):
        connection.disconnect()
    process.errorOccurred.disconnect()
    if process.state() != QProcess.ProcessState.NotRunning:
        process.closeWriteChannel()  # a worker leaves when its input closes
        if grace_ms <= 0 or not process.waitForFinished(grace_ms):
            process.kill()
            process.waitForFinished(1_000)
    process.deleteLater()


@dataclass
class RenderRequest:
    """One text for the render worker to speak into a file."""

    id: int
    text: str
    voice: str
    rate: int
    out: Path
    measure: bool = False


@dataclass
class EngineInfo:
    """What the speech engine said of itself when its worker started."""

    engine: str = ""
    version: str = ""
    voices: list[dict[str, str]] = field(default_factory=list)
    default_voice: str = ""
    start_ms: float = 0.0  # from asking QProcess to start to the worker's hello, as seen here


class RenderClient(QObject):
    """One worker process; renders one request at a time, in order, each with its own timeout."""

    helloReceived = Signal(object)  # EngineInfo
    rendered = Signal(object, bool, object)  # RenderRequest, ok, the worker's answer (dict)
    failed = Signal(str, str)  # reason, detail: "no-espeak", "no-pyttsx3", "engine-error", "crashed",
    # "crashed-at-start", "timeout", "start-timeout", "not-started"

    def __init__(
        self,
        command: list[str] | None = None,
        start_timeout_ms: int = START_TIMEOUT_MS,
        render_timeout_ms: int = RENDER_TIMEOUT_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.command = command or default_command()
        self.start_timeout_ms = start_timeout_ms
        self.render_timeout_ms = render_timeout_ms
        self.info: EngineInfo | None = None
        self.lost: RenderRequest | None = None  # the request being rendered when the worker failed
        self.state = "off"  # off | starting | ready | dead
        self._next_id = 0
        self._waiting: deque[RenderRequest] = deque()
        self._in_flight: RenderRequest | None = None
        self._lines = JsonLines()
        self._stderr_tail = b""
        self._started_ns = 0
        self._reported = False
        self._process: QProcess | None = None
        self._timer = make_timer(self)
        self._timer.timeout.connect(self._on_timeout)

    # ----------------------------------------------------------------- public
    def start(self) -> None:
        if self.state != "off":
            return
        process = worker_process(self, self._on_stdout, self._on_stderr, self._on_finished, self._on_error)
        self._process = process
        self.state = "starting"
        self._started_ns = time.monotonic_ns()
        self._timer.start(self.start_timeout_ms)
        process.start(self.command[0], self.command[1:])

    def render(self, text: str, voice: str, rate: int, out: Path, measure: bool = False) -> RenderRequest:
        self._next_id += 1
        request = RenderRequest(self._next_id, text, voice, rate, out, measure)
        self._waiting.append(request)
        if self.state == "off":
            self.start()
        self._pump()
        return request

    def prioritise(self, text: str) -> None:
        """Move a waiting request for ``text`` to the front (a cue is due before its turn came)."""
        for request in list(self._waiting):
            if request.text == text:
                self._waiting.remove(request)
                self._waiting.appendleft(request)
                return

    def pending(self) -> set[tuple[str, str, int]]:
        """Each rendering asked for and not yet answered, as (text, voice, rate)."""
        waiting = [*self._waiting, *([self._in_flight] if self._in_flight is not None else [])]
        return {(r.text, r.voice, r.rate) for r in waiting}

    def drop_waiting(self, keep: Callable[[RenderRequest], bool]) -> None:
        """Forget the requests not yet sent that ``keep`` refuses (the voice or rate changed since); the one
        being rendered finishes, and is answered as usual."""
        self._waiting = deque(r for r in self._waiting if keep(r))

    def close(self) -> None:
        """End the worker now. Waits at most a second for the kill to be reaped; safe to call twice."""
        self._timer.stop()
        self._waiting.clear()
        self._in_flight = None
        process, self._process = self._process, None
        if self.state != "dead":
            self.state = "dead"
            self._reported = True
        if process is None:
            return
        end_worker(process)

    @property
    def stderr_tail(self) -> str:
        return self._stderr_tail.decode("utf-8", "replace").strip()

    @property
    def pid(self) -> int:
        return int(self._process.processId()) if self._process is not None else 0

    # ----------------------------------------------------------------- inner
    def _pump(self) -> None:
        if self.state != "ready" or self._in_flight is not None or not self._waiting:
            return
        assert self._process is not None
        request = self._waiting.popleft()
        self._in_flight = request
        message = {
            "op": "render",
            "id": request.id,
            "text": request.text,
            "voice": request.voice,
            "rate": request.rate,
            "out": str(request.out),
            "measure": request.measure,
        }
        self._timer.start(self.render_timeout_ms)
        self._process.write(QByteArray((json.dumps(message, ensure_ascii=False) + "\n").encode("utf-8")))

    def _on_stdout(self) -> None:
        if self._process is None:
            return
        unreadable = self._lines.unreadable
        for message in self._lines.feed(bytes(self._process.readAllStandardOutput().data())):
            self._on_message(message)
        if self._lines.unreadable > unreadable:
            log.warning("The speech worker wrote something unreadable; ignoring it")

    def _on_message(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        if kind == "hello":
            self._on_hello(message)
        elif kind == "rendered" and self._in_flight is not None and message.get("id") == self._in_flight.id:
            request, self._in_flight = self._in_flight, None
            self._timer.stop()
            self.rendered.emit(request, bool(message.get("ok")), message)
            self._pump()

    def _on_hello(self, message: dict[str, Any]) -> None:
        self._timer.stop()
        if not message.get("ok"):
            self._fail(str(message.get("reason", "engine-error")), str(message.get("detail", "")))
            return
        self.info = EngineInfo(
            engine=str(message.get("engine", "")),
            version=str(message.get("version", "")),
            voices=list(message.get("voices", [])),
            default_voice=str(message.get("default_voice", "")),
            start_ms=(time.monotonic_ns() - self._started_ns) / 1e6,
        )
        self.state = "ready"
        self.helloReceived.emit(self.info)
        self._pump()

    def _on_stderr(self) -> None:
        if self._process is None:
            return
        self._stderr_tail = (self._stderr_tail + bytes(self._process.readAllStandardError().data()))[
            -_STDERR_KEEP:
        ]

    def _on_finished(self, exit_code: int, status: QProcess.ExitStatus) -> None:
        del status
        if self.state == "dead":
            return
        reason = "crashed-at-start" if self.state == "starting" else "crashed"
        self._fail(reason, f"the worker ended with status {exit_code}")

    def _on_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart and self.state != "dead":
            detail = self._process.errorString() if self._process is not None else ""
            self._fail("not-started", detail)

    def _on_timeout(self) -> None:
        self._fail(
            "start-timeout" if self.state == "starting" else "timeout", "no answer in time; stopped it"
        )

    def _fail(self, reason: str, detail: str) -> None:
        first = not self._reported
        self.lost = self._in_flight
        self.close()
        log.info("Speech worker unavailable (%s)", reason)
        if first:
            self.failed.emit(reason, detail)
