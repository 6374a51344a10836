"""The sound player, run as a child process: ``python -m mindful_listening.speech.sound_worker``.

Why a separate process (decision 0009): Qt Multimedia's audio threads live here, never in the app. Two
measured faults made that the only safe place for them:

- a Qt warning from an audio thread goes through PySide's Python message handler, and a handler swapped at
  that moment crashed the app (a NULL handler called; the CI segfault). This process installs no Python
  message handler at all: Qt writes its messages to stderr, which the app reads and keeps quiet;
- when the sound server dies and does not come back within Qt's one reconnection attempt (about 3 s later),
  Qt 6.11 keeps no PulseAudio context, and the next sink started aborts the process inside libpulse. Here that
  ends a process the app restarts; the room does not notice.

Protocol: one JSON object per line. Requests on stdin::

    {"op": "play", "channel": "voice" | "bell", "path": "/a.wav", "tag": 7}
    {"op": "stop", "channel": "voice" | "bell" | null}
    {"op": "volume", "channel": "voice" | "bell", "volume": 0.8}
    {"op": "load", "path": "/bell.wav"}   (read it now, so its first play reads nothing: the bells, at start)

Reports on stdout: ``{"type": "running", "outputs": [...], "default": "...", "volumes": {...}}`` once the
output took its first moment of silence, ``{"type": "absent", "outputs": [...]}`` (no output at all: the
worker then exits with status 3), ``{"type": "lost"}`` (the output stopped taking sound: exits with status 4),
``{"type": "volume", "channel": ..., "volume": ...}`` after each volume request (what the channel plays at
now), and per sound ``began`` (with ``at_ns``, on the system's monotonic clock, which the app shares),
``ended`` and ``refused`` (with ``why``). Exits when stdin closes; ignores Ctrl+C.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path
from typing import Any

EXIT_ABSENT = 3
EXIT_LOST = 4


def main() -> int:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    voice_volume = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    bell_volume = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)  # anything a library prints goes to stderr, never into the protocol

    from PySide6.QtCore import QCoreApplication, QLoggingCategory, QSocketNotifier
    from PySide6.QtMultimedia import QMediaDevices

    from mindful_listening.speech.output import SoundOutput, read_pcm

    QLoggingCategory.setFilterRules(
        "qt.multimedia.*.info=false\nqt.multimedia.*.debug=false\nqt.multimedia.symbolsresolver.warning=false"
    )
    app = QCoreApplication([])
    output = SoundOutput(voice_volume, bell_volume, app)
    sounds: dict[str, bytes] = {}
    exit_code = [0]

    def send(message: dict[str, Any]) -> None:
        protocol.write(json.dumps(message) + "\n")
        protocol.flush()

    def leave(code: int) -> None:
        exit_code[0] = code
        output.close()
        app.exit(code)

    def outputs() -> dict[str, Any]:
        default = QMediaDevices.defaultAudioOutput()
        return {
            "outputs": [device.description() for device in QMediaDevices.audioOutputs()],
            "default": None if default.isNull() else default.description(),
        }

    def on_lost(how: str) -> None:
        send({"type": "absent", **outputs()} if how == "absent" else {"type": "lost"})
        leave(EXIT_ABSENT if how == "absent" else EXIT_LOST)

    def volumes() -> dict[str, float]:
        return {channel: output.volume(channel) for channel in ("voice", "bell")}

    output.running.connect(lambda: send({"type": "running", **outputs(), "volumes": volumes()}))
    output.lost.connect(on_lost)
    output.began.connect(lambda tag, at_ms: send({"type": "began", "tag": tag, "at_ns": int(at_ms * 1e6)}))
    output.ended.connect(lambda tag: send({"type": "ended", "tag": tag}))
    output.refused.connect(lambda tag, why: send({"type": "refused", "tag": tag, "why": why}))

    def loaded(path: str) -> bytes | None:
        pcm = sounds.get(path)
        if pcm is None:
            pcm = read_pcm(Path(path))
            if pcm is not None:
                sounds[path] = pcm
        return pcm

    def handle(request: dict[str, Any]) -> None:
        op = request.get("op")
        channel = request.get("channel")
        if op == "play" and channel in ("voice", "bell"):
            tag = int(request.get("tag", 0))
            pcm = loaded(str(request.get("path", "")))
            if pcm is None:
                send({"type": "refused", "tag": tag, "why": "unreadable"})
                return
            output.play(channel, pcm, tag)
        elif op == "load":
            loaded(str(request.get("path", "")))  # one that cannot be read is refused when it is played
        elif op == "stop":
            output.stop(channel if channel in ("voice", "bell") else None)
        elif op == "volume" and channel in ("voice", "bell"):
            output.set_volume(channel, float(request.get("volume", 1.0)))
            send({"type": "volume", "channel": channel, "volume": output.volume(channel)})

    pending = [b""]

    def on_input() -> None:
        try:
            chunk = os.read(0, 65_536)
        except OSError:
            chunk = b""
        if not chunk:
            notifier.setEnabled(False)
            leave(0)
            return
        pending[0] += chunk
        while b"\n" in pending[0]:
            line, pending[0] = pending[0].split(b"\n", 1)
            try:
                request = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(request, dict):
                handle(request)

    notifier = QSocketNotifier(0, QSocketNotifier.Type.Read, app)
    notifier.activated.connect(on_input)
    output.open()
    if exit_code[0] == 0:
        app.exec()
    return exit_code[0]


if __name__ == "__main__":
    raise SystemExit(main())
