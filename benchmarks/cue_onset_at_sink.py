"""Cue sound at the sink: how long after ``say()`` the sound output takes the first sample, app vs bare.

Run (from the repository root):
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/cue_onset_at_sink.py              # 20 + 20 cues
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/cue_onset_at_sink.py --cues 40

A private PulseAudio server with a null sink is started here (with one silent stream keeping the sink awake,
as a real device is; see tests/conftest.py), and ``parec`` records the sink's monitor for the whole run in a
separate recorder process. Cues alternate, one every ``--gap-s``: *app*, the real ``SpeechService``
(render worker, sound player process, its long-lived sinks), ``say()`` on the prepared phrase; *bare*,
one ``QAudioSink`` opened once in this process (120 ms buffer, primed with silence, as the app's are), fed
the same preloaded PCM from the same WAV file. Skipped, saying why, where pulseaudio or parec is missing or
the server will not start.

How the onset is found (and why the first version of this benchmark gave unreliable figures). That version
stamped each 10 ms block with the time Python *read* it from parec's pipe, in a thread of the Qt process, and
called a cue heard at the first loud block after a silent one. Three things were wrong: (1) the null sink
hands its monitor whole blocks (20 ms with the keep-awake stream, up to 2 s when idle), so many blocks arrived
in one read and shared one late time stamp; (2) that reader thread competed for the interpreter with the Qt
thread it was timing; (3) cues 1.5 s apart for a 1.48 s phrase left no silence between one sound and the
next, so an onset was often missed and the *following* cue's onset counted instead (hundreds of ms). Now the
recorder keeps every sample and the time of each read; since a sample can only be read after the sink took
it, the sample clock's offset from the monotonic clock is the *least* (read time - samples so far / rate)
over the reads within 5 s of the cue (the null sink's clock drifts from the monotonic one by some ms a
minute), and a cue's onset is the index of its first non-silent sample, placed on that clock: exact to a
sample, whatever the pipe's buffering. Each cue is checked to start in silence (``--gap-s`` 2.5 s by default
for the 1.48 s phrase). The recorder's read delays and the clock's drift over the run are printed too.

Target (issue 16): app onset at the sink p99 ≤ 50 ms, and within the bare player's own latency. Prints
figures and ratios; not a test.
"""

from __future__ import annotations

import argparse
import array
import bisect
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RATE = 22_050
THRESHOLD = 64  # |sample| above this is sound (the null sink's silence is exactly 0)
TEXT = "Thirty seconds remaining."
TARGET_P99_MS = 50.0
BUFFER_MS = (
    120  # the bare sink's buffer and its primer, as the app's sound output has them (speech/output.py)
)
PRIME_MS = 30


# ------------------------------------------------------------------------------ the recorder process
def record(folder: Path) -> int:
    """parec on the null sink's monitor: every sample to pcm.raw, and per read 'monotonic_ns samples'."""
    parec = subprocess.Popen(
        ["parec", "-d", "room.monitor", "--format=s16le", f"--rate={RATE}", "--channels=1", "--raw",
         "--latency-msec=10"],
        stdout=subprocess.PIPE,
    )  # fmt: skip
    assert parec.stdout is not None
    stop = [False]
    signal.signal(signal.SIGTERM, lambda *_: stop.__setitem__(0, True))
    total = 0
    fd = parec.stdout.fileno()
    with (folder / "pcm.raw").open("wb") as pcm, (folder / "anchors.txt").open("w") as anchors:
        while not stop[0]:
            try:
                chunk = os.read(fd, 1 << 16)
            except InterruptedError:
                continue
            now = time.monotonic_ns()
            if not chunk:
                break
            pcm.write(chunk)
            total += len(chunk)
            anchors.write(f"{now} {total // 2}\n")
            anchors.flush()
    parec.kill()
    return 0


# ------------------------------------------------------------------------------ the sound server
def start_server(folder: Path) -> tuple[int, dict[str, str]] | str:
    """A private pulseaudio with a null sink 'room'; (pid, env) or why it could not start."""
    for tool in ("pulseaudio", "parec", "pacat"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (sudo apt-get install pulseaudio pulseaudio-utils)"
    env = {**os.environ, "PULSE_RUNTIME_PATH": str(folder), "HOME": str(folder)}
    env.pop("PULSE_SERVER", None)
    command = [
        "pulseaudio", "-n", "--daemonize=yes", "--exit-idle-time=-1", "--use-pid-file=yes",
        f"--log-target=file:{folder / 'log'}",
        "-L", "module-null-sink sink_name=room",
        "-L", f"module-native-protocol-unix socket={folder / 'native'} auth-anonymous=1",
    ]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, timeout=30, check=False)
    if done.returncode != 0 or not (folder / "pid").exists():
        return f"pulseaudio would not start: {done.stderr.decode(errors='replace').strip()[:200]}"
    pid = int((folder / "pid").read_text().split()[0])
    return pid, {"PULSE_SERVER": f"unix:{folder / 'native'}", "PULSE_RUNTIME_PATH": str(folder)}


# ------------------------------------------------------------------------------ analysis
def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round((len(ordered) - 1) * q))]


def summary(name: str, values: list[float]) -> str:
    if not values:
        return f"{name}: nothing heard"
    return (
        f"{name}: median {statistics.median(values):.1f} ms, p90 {percentile(values, 0.9):.1f} ms, "
        f"p99 {percentile(values, 0.99):.1f} ms, max {max(values):.1f} ms ({len(values)} heard)"
    )


class Recording:
    def __init__(self, folder: Path) -> None:
        data = (folder / "pcm.raw").read_bytes()
        self.samples = array.array("h", data[: len(data) // 2 * 2])
        anchors = [line.split() for line in (folder / "anchors.txt").read_text().splitlines()]
        self.anchors = [(int(t) / 1e6, int(n)) for t, n in anchors]
        # A sample is read only after the sink took it: the least read delay places the sample clock.
        self.times = [t for t, _ in self.anchors]
        self.late = [t - n * 1000 / RATE for t, n in self.anchors]
        self.read_delays = [
            value - self.offset_near(t) for t, value in zip(self.times, self.late, strict=True)
        ]
        half = len(self.late) // 2
        self.drift_ms = min(self.late[half:]) - min(self.late[:half]) if half else 0.0

    def offset_near(self, t_ms: float, window_ms: float = 5000) -> float:
        """The sample clock's offset from the monotonic clock around ``t_ms``: the least read delay nearby."""
        low = bisect.bisect_left(self.times, t_ms - window_ms)
        high = bisect.bisect_right(self.times, t_ms + window_ms)
        return min(self.late[low:high] or self.late)

    def onset_after(self, said_ms: float, within_ms: float = 1000) -> tuple[float | None, bool]:
        """ms from ``said_ms`` to the first sound, and whether it was silent just before."""
        start = round((said_ms - self.offset_near(said_ms)) * RATE / 1000)
        quiet = all(abs(x) <= THRESHOLD for x in self.samples[max(0, start - RATE // 10) : start])
        end = min(len(self.samples), start + round(within_ms * RATE / 1000))
        for index in range(max(0, start), end):
            if abs(self.samples[index]) > THRESHOLD:
                return (index - start) * 1000 / RATE, quiet
        return None, quiet


# ------------------------------------------------------------------------------ main
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cues", type=int, default=20, help="cues of each kind (app, bare), alternating")
    parser.add_argument("--gap-s", type=float, default=2.5, help="from one cue to the next")
    parser.add_argument("--record", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.record:
        return record(args.record)

    folder = Path(tempfile.mkdtemp(prefix="onset-pulse-"))
    started = start_server(folder)
    if isinstance(started, str):
        print(f"skipped: {started}")
        return 0
    server_pid, pulse_env = started
    os.environ.update(pulse_env)  # before Qt Multimedia loads, in this process and every child
    keeper = subprocess.Popen(
        ["pacat", "--playback", "--raw", "--format=s16le", f"--rate={RATE}", "--channels=1",
         "--latency-msec=20", "--volume=0", "--client-name=keep-awake", "/dev/zero"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    recorder = subprocess.Popen([sys.executable, __file__, "--record", str(folder)])
    try:
        return run(args, folder, recorder)
    finally:
        for process in (recorder, keeper):
            if process.poll() is None:
                process.terminate()
                process.wait(10)
        os.kill(server_pid, signal.SIGTERM)


def run(args: argparse.Namespace, folder: Path, recorder: subprocess.Popen[bytes]) -> int:
    from PySide6.QtCore import QCoreApplication, QEventLoop, QLoggingCategory, QTimer
    from PySide6.QtMultimedia import QAudioFormat, QAudioSink, QMediaDevices

    from mindful_listening.preferences import Preferences
    from mindful_listening.speech.output import read_pcm
    from mindful_listening.speech.service import SpeechService

    QLoggingCategory.setFilterRules("qt.multimedia.*=false")
    app = QCoreApplication([sys.argv[0]])
    os.environ["XDG_CACHE_HOME"] = str(folder / "cache")

    def wait(ms: float) -> None:
        loop = QEventLoop()
        QTimer.singleShot(max(0, round(ms)), loop.quit)
        loop.exec()

    deadline = time.monotonic() + 10
    while not (folder / "anchors.txt").exists() or (folder / "anchors.txt").stat().st_size < 100:
        if time.monotonic() > deadline:
            print("skipped: parec recorded nothing from the null sink's monitor")
            return 0
        wait(50)

    service = SpeechService(Preferences(bells="none"))
    ready = QEventLoop()
    service.ready.connect(ready.quit)
    QTimer.singleShot(30_000, ready.quit)
    service.prepare([(TEXT, "none")])
    ready.exec()
    reported: dict[int, float] = {}
    service.cueStarted.connect(lambda ticket, at: reported.__setitem__(ticket, at))
    path = service.path_for(TEXT)
    assert path is not None, "the phrase was not rendered"
    pcm = read_pcm(path)
    assert pcm is not None
    sound_ms = len(pcm) / 2 * 1000 / RATE

    fmt = QAudioFormat()
    fmt.setSampleRate(RATE)
    fmt.setChannelCount(1)
    fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
    sink = QAudioSink(QMediaDevices.defaultAudioOutput(), fmt)
    sink.setBufferSize(int(BUFFER_MS * RATE * 2 / 1000) // 2 * 2)
    io = sink.start()
    assert io is not None
    io.write(bytes(int(PRIME_MS * RATE * 2 / 1000) // 2 * 2))
    wait(1500)

    app_said: list[tuple[float, int]] = []
    bare_said: list[float] = []
    for _ in range(args.cues):
        at = time.monotonic_ns() / 1e6
        service.say(TEXT, "none")
        app_said.append((at, service.last_ticket))
        wait(args.gap_s * 1000 - (time.monotonic_ns() / 1e6 - at))
        at = time.monotonic_ns() / 1e6
        bare_said.append(at)
        position = 0
        while position < len(pcm):
            free = sink.bytesFree() // 2 * 2
            if free:
                position += max(0, int(io.write(pcm[position : position + free])))
            wait(10)
        wait(args.gap_s * 1000 - (time.monotonic_ns() / 1e6 - at))
    wait(300)
    sink.stop()
    service.shutdown()
    recorder.terminate()
    recorder.wait(10)
    app.processEvents()

    heard = Recording(folder)
    app_onsets: list[float] = []
    bare_onsets: list[float] = []
    report_early: list[float] = []
    overlapped = 0
    for said, ticket in app_said:
        onset, quiet = heard.onset_after(said)
        overlapped += not quiet
        if onset is not None and quiet:
            app_onsets.append(onset)
            if ticket in reported:
                report_early.append(said + onset - reported[ticket])
    for said in bare_said:
        onset, quiet = heard.onset_after(said)
        overlapped += not quiet
        if onset is not None and quiet:
            bare_onsets.append(onset)
    delays = heard.read_delays
    print(
        f"{args.cues} app and {args.cues} bare cues, {args.gap_s:g} s apart, phrase {sound_ms:.0f} ms; "
        f"recorded {len(heard.samples) / RATE:.1f} s from the null sink's monitor"
    )
    print(
        f"recorder: a read came {statistics.median(delays):.1f} ms (median), "
        f"{percentile(delays, 0.99):.1f} ms (p99), {max(delays):.1f} ms (max) after the sink took its last "
        "sample: the error a read-time stamp carries; "
        f"the sample clock's drift over the run {heard.drift_ms:+.2f} ms"
    )
    if overlapped:
        print(f"cues that did not start in silence (left out): {overlapped}")
    print(summary("app  (say -> first sample at the sink)", app_onsets))
    print(summary("bare (first write -> first sample at the sink)", bare_onsets))
    print(summary("the app's own 'started' report came before the sound by", report_early))
    if app_onsets and bare_onsets:
        ratio = statistics.median(app_onsets) / max(0.1, statistics.median(bare_onsets))
        p99 = percentile(app_onsets, 0.99)
        print(
            f"median ratio app / bare: {ratio:.2f}; app p99 {p99:.1f} ms (target ≤ {TARGET_P99_MS:g}, "
            f"ratio {p99 / TARGET_P99_MS:.2f}); app p99 - bare p99: "
            f"{p99 - percentile(bare_onsets, 0.99):+.1f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
