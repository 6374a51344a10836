"""Cue sound at the sink: how long after ``say()`` the room's speaker gets the first sample, app vs bare Qt.

Both run in the same process and against the same private PulseAudio null sink (started here; ``parec`` on its
monitor hears it). *App*: the real ``SpeechService`` (render worker, sound player process, two long-lived
sinks), cues said one at a time, 1.5 s apart. *Bare*: one ``QAudioSink`` opened in this process, fed the same
WAV the same way. Also prints how far the service's own ``cueStarted`` report is from the sound.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/cue_onset_at_sink.py --cues 30

Needs pulseaudio and pulseaudio-utils (parec, pacat). Prints median, p90, max and the ratio app / bare.
"""

from __future__ import annotations

import argparse
import array
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import wave
from pathlib import Path

LOUD = 300  # a 10 ms block whose peak is above this is sound (silence here is 0)


def start_server() -> tuple[subprocess.Popen[bytes], Path]:
    folder = Path(tempfile.mkdtemp(prefix="onset-pulse-"))
    env = {**os.environ, "PULSE_RUNTIME_PATH": str(folder), "HOME": str(folder)}
    command = [
        "pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1",
        "-L", "module-null-sink sink_name=room",
        "-L", f"module-native-protocol-unix socket={folder / 'native'} auth-anonymous=1",
    ]  # fmt: skip
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while not (folder / "native").exists() and time.monotonic() < deadline:
        threading.Event().wait(0.05)
    os.environ["PULSE_SERVER"] = f"unix:{folder / 'native'}"
    os.environ["PULSE_RUNTIME_PATH"] = str(folder)
    return server, folder


class Ear:
    """parec on the null sink's monitor; the monotonic instant each burst of sound began."""

    def __init__(self) -> None:
        self.onsets: list[float] = []
        self._rec = subprocess.Popen(
            ["parec", "-d", "room.monitor", "--format=s16le", "--rate=22050", "--channels=1", "--raw",
             "--latency-msec=5"],
            stdout=subprocess.PIPE,
        )  # fmt: skip
        threading.Thread(target=self._listen, daemon=True).start()

    def _listen(self) -> None:
        assert self._rec.stdout is not None
        loud = False
        while True:
            block = self._rec.stdout.read(440)
            if not block:
                return
            peak = max((abs(x) for x in array.array("h", block)), default=0)
            if peak > LOUD and not loud:
                self.onsets.append(time.monotonic() * 1000)
            loud = peak > LOUD // 10

    def first_after(self, at_ms: float) -> float | None:
        later = [t for t in self.onsets if t >= at_ms - 5]
        return later[0] - at_ms if later else None

    def close(self) -> None:
        self._rec.kill()


def summary(name: str, values: list[float]) -> str:
    if not values:
        return f"{name}: nothing heard"
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
    median = ordered[len(ordered) // 2]
    return f"{name}: median {median:.1f} ms, p90 {p90:.1f} ms, max {ordered[-1]:.1f} ms ({len(values)} heard)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cues", type=int, default=30)
    args = parser.parse_args()
    if shutil.which("pulseaudio") is None or shutil.which("parec") is None:
        print("needs pulseaudio and parec (sudo apt-get install pulseaudio)")
        return 2
    server, _ = start_server()
    keeper = subprocess.Popen(
        [
            "pacat",
            "--playback",
            "--raw",
            "--format=s16le",
            "--rate=22050",
            "--channels=1",
            "--latency-msec=20",
            "--volume=0",
            "/dev/zero",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip  (keeps the idle null sink awake, as a real device is: see tests/conftest.py)
    ear = Ear()
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtMultimedia import QAudioFormat, QAudioSink, QMediaDevices
    from PySide6.QtWidgets import QApplication

    from mindful_listening.preferences import Preferences
    from mindful_listening.speech.service import SpeechService

    app = QApplication([])

    def wait(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    text = "Thirty seconds remaining."
    service = SpeechService(Preferences(bells="none"))
    ready = QEventLoop()
    service.ready.connect(ready.quit)
    service.prepare([(text, "none")])
    ready.exec()
    reported: dict[int, float] = {}
    service.cueStarted.connect(lambda ticket, at: reported.__setitem__(ticket, at))
    app_onsets: list[float] = []
    report_gaps: list[float] = []
    for _ in range(args.cues):
        said = time.monotonic() * 1000
        service.say(text, "none")
        ticket = service.last_ticket
        wait(1500)
        heard = ear.first_after(said)
        if heard is not None:
            app_onsets.append(heard)
            if ticket in reported:
                report_gaps.append(said + heard - reported[ticket])
    path = service.path_for(text)
    service.shutdown()
    assert path is not None
    with wave.open(str(path), "rb") as sound:
        pcm = sound.readframes(sound.getnframes())
    fmt = QAudioFormat()
    fmt.setSampleRate(22_050)
    fmt.setChannelCount(1)
    fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
    sink = QAudioSink(QMediaDevices.defaultAudioOutput(), fmt)
    sink.setBufferSize(5292)
    io = sink.start()
    wait(1500)
    bare_onsets: list[float] = []
    for _ in range(args.cues):
        said = time.monotonic() * 1000
        position = 0
        while position < len(pcm):
            free = sink.bytesFree() // 2 * 2
            if free:
                position += max(0, int(io.write(pcm[position : position + free])))
            loop = QEventLoop()
            QTimer.singleShot(10, loop.quit)
            loop.exec()
            if time.monotonic() * 1000 - said > 1400:
                break
        wait(max(0, int(1500 - (time.monotonic() * 1000 - said))))
        heard = ear.first_after(said)
        if heard is not None:
            bare_onsets.append(heard)
    sink.stop()
    ear.close()
    keeper.kill()
    server.send_signal(signal.SIGTERM)
    server.wait()
    print(summary("app  (say -> first sample at the sink)", app_onsets))
    print(summary("bare (write -> first sample at the sink)", bare_onsets))
    print(summary("app's own 'started' report, earlier than the sound by", report_gaps))
    if app_onsets and bare_onsets:
        ratio = sorted(app_onsets)[len(app_onsets) // 2] / max(
            0.1, sorted(bare_onsets)[len(bare_onsets) // 2]
        )
        print(f"median ratio app / bare: {ratio:.2f}")
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
