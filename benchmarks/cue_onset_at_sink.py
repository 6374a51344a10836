"""Cue sound at the sink: how long after ``say()`` the sound output takes the first sample, app vs bare.

Run (from the repository root):
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/cue_onset_at_sink.py              # 20 + 20 cues
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/cue_onset_at_sink.py --cues 40
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/cue_onset_at_sink.py --cold 5 --leads 0,1000

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

*Cold start* (``--cold N``): the first cue of a session on a speech service made just before it, as the
app makes one at launch. Each round: a new ``SpeechService`` (so a new sound player process) at t0; its
``warm_up()`` at once, as the window asks after its first paint (``--no-warm-up``: not, as before issue 16's
fix); at t0 + lead the script is prepared and its first cue (bell, then the voice 1.2 s later) said at once,
as a facilitator who starts the moment the script is chosen. Beside it, the bare player started cold the
same way: a new process at t0 that opens its two ``QAudioSink``s (primed with silence) and writes the bell at
t0 + lead (or as soon as it can) and the voice 1.2 s after. Both play the bell at a fifth of full volume
(``bell_volume=0.2``, as the test does) so the voice stands out of the bell's ring: the voice's onset is where
the recording first passes ``VOICE_LEVEL``, less how far into the voice's own samples (at its volume) that
level is first reached. Printed per lead: the bell's and the voice's onset after their planned instants, and
the spacing between them (planned: 1,200 ms).

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
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RATE = 22_050
THRESHOLD = 64  # |sample| above this is sound (the null sink's silence is exactly 0)
TEXT = "Thirty seconds remaining."
TARGET_P99_MS = 50.0
BUFFER_MS = (
    120  # the bare sink's buffer and its primer, as the app's sound output has them (speech/output.py)
)
PRIME_MS = 30
BELL_GAP_MS = 1_200  # a single bell's strike to its words (speech/service.py BELL_GAP_MS["single"])
COLD_BELL_VOLUME = 0.2  # perceived; its ring stays under VOICE_LEVEL while the voice sounds
VOICE_LEVEL = 3_000  # |sample| the voice passes and the quiet bell never reaches
ROUND_MS = 5_500  # a cold round: the 4.5 s bell has rung out before the next begins


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

    def index_of(self, t_ms: float) -> int:
        """The sample the sink took at monotonic ``t_ms``."""
        return round((t_ms - self.offset_near(t_ms)) * RATE / 1000)

    def first_above(self, start: int, level: int, within_ms: float) -> int | None:
        end = min(len(self.samples), start + round(within_ms * RATE / 1000))
        return next((i for i in range(max(0, start), end) if abs(self.samples[i]) > level), None)

    def onset_after(self, said_ms: float, within_ms: float = 1000) -> tuple[float | None, bool]:
        """ms from ``said_ms`` to the first sound, and whether it was silent just before."""
        start = round((said_ms - self.offset_near(said_ms)) * RATE / 1000)
        quiet = all(abs(x) <= THRESHOLD for x in self.samples[max(0, start - RATE // 10) : start])
        end = min(len(self.samples), start + round(within_ms * RATE / 1000))
        for index in range(max(0, start), end):
            if abs(self.samples[index]) > THRESHOLD:
                return (index - start) * 1000 / RATE, quiet
        return None, quiet


# ------------------------------------------------------------------------------ the bare player, cold
@dataclass
class _Planned:
    at_ns: int
    sink: Any  # QAudioSink (PySide6 is imported in the child only)
    io: Any  # its QIODevice
    pcm: bytes
    position: int = 0


def bare_cold(due_ns: int, bell: Path, voice: Path, bell_volume: float, voice_volume: float) -> int:
    """A new process: two primed QAudioSinks, the bell written at ``due_ns``, the voice 1.2 s after."""
    from PySide6.QtCore import QCoreApplication, QLoggingCategory, Qt, QTimer
    from PySide6.QtMultimedia import QAudioFormat, QAudioSink, QMediaDevices

    QLoggingCategory.setFilterRules("qt.multimedia.*=false")
    app = QCoreApplication([sys.argv[0]])
    fmt = QAudioFormat()
    fmt.setSampleRate(RATE)
    fmt.setChannelCount(1)
    fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
    plan: list[_Planned] = []
    bell_at_ns = due_ns
    voice_at_ns = due_ns + BELL_GAP_MS * 1_000_000
    for at_ns, path, volume in ((bell_at_ns, bell, bell_volume), (voice_at_ns, voice, voice_volume)):
        sink = QAudioSink(QMediaDevices.defaultAudioOutput(), fmt)
        sink.setBufferSize(int(BUFFER_MS * RATE * 2 / 1000) // 2 * 2)
        sink.setVolume(volume)
        io = sink.start()
        assert io is not None
        io.write(bytes(int(PRIME_MS * RATE * 2 / 1000) // 2 * 2))
        with wave.open(str(path), "rb") as read:
            pcm = read.readframes(read.getnframes())
        plan.append(_Planned(at_ns, sink, io, pcm))

    def feed() -> None:
        now = time.monotonic_ns()
        for sound in plan:
            if now >= sound.at_ns and sound.position < len(sound.pcm):
                free = sound.sink.bytesFree() // 2 * 2
                if free:
                    chunk = sound.pcm[sound.position : sound.position + free]
                    sound.position += max(0, int(sound.io.write(chunk)))
        if now > due_ns + ROUND_MS * 1_000_000:
            app.quit()

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(feed)
    timer.start(5)
    app.exec()
    for sound in plan:
        sound.sink.stop()
    return 0


def voice_level_at(pcm: bytes, volume: float) -> int:
    """How many samples into the voice (played at ``volume``) it first passes ``VOICE_LEVEL``."""
    samples = array.array("h", pcm[: len(pcm) // 2 * 2])
    return next(i for i, x in enumerate(samples) if abs(x) * volume > VOICE_LEVEL)


# ------------------------------------------------------------------------------ main
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cues", type=int, default=20, help="cues of each kind (app, bare), alternating")
    parser.add_argument("--gap-s", type=float, default=2.5, help="from one cue to the next")
    parser.add_argument("--cold", type=int, default=0, help="cold-start rounds of each kind per lead")
    parser.add_argument("--leads", default="0,1000", help="cold: ms from the service's start to the cue")
    parser.add_argument("--no-warm-up", action="store_true", help="cold: do not call warm_up()")
    parser.add_argument("--record", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--bare-cold", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.record:
        return record(args.record)
    if args.bare_cold:
        due, bell, voice, bell_volume, voice_volume = args.bare_cold
        return bare_cold(int(due), Path(bell), Path(voice), float(bell_volume), float(voice_volume))

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
        return run_cold(args, folder, recorder) if args.cold else run(args, folder, recorder)
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


def run_cold(args: argparse.Namespace, folder: Path, recorder: subprocess.Popen[bytes]) -> int:
    from PySide6.QtCore import QCoreApplication, QEventLoop, QLoggingCategory, QTimer

    from mindful_listening.core.library import resource
    from mindful_listening.preferences import Preferences
    from mindful_listening.speech.output import read_pcm
    from mindful_listening.speech.service import SpeechService, perceived_to_linear

    QLoggingCategory.setFilterRules("qt.multimedia.*=false")
    app = QCoreApplication([sys.argv[0]])
    os.environ["XDG_CACHE_HOME"] = str(folder / "cache")

    def wait(ms: float) -> None:
        loop = QEventLoop()
        QTimer.singleShot(max(0, round(ms)), loop.quit)
        loop.exec()

    def now_ms() -> float:
        return time.monotonic_ns() / 1e6

    deadline = time.monotonic() + 10
    while not (folder / "anchors.txt").exists() or (folder / "anchors.txt").stat().st_size < 100:
        if time.monotonic() > deadline:
            print("skipped: parec recorded nothing from the null sink's monitor")
            return 0
        wait(50)

    prefs = Preferences(bell_volume=COLD_BELL_VOLUME)
    # The phrase rendered once, so each cold round finds it in the cache (as a second launch does).
    service = SpeechService(prefs)
    ready = QEventLoop()
    service.ready.connect(ready.quit)
    QTimer.singleShot(30_000, ready.quit)
    service.prepare([(TEXT, "none")])
    ready.exec()
    voice_path = service.path_for(TEXT)
    assert voice_path is not None, "the phrase was not rendered"
    service.shutdown()
    wait(500)
    voice_pcm = read_pcm(voice_path)
    assert voice_pcm is not None
    bell_volume = perceived_to_linear(prefs.bell_volume)
    voice_volume = perceived_to_linear(prefs.voice_volume)
    voice_lead = voice_level_at(voice_pcm, voice_volume)

    leads = [int(x) for x in args.leads.split(",") if x.strip()]
    rounds: list[tuple[str, int, float, float | None, float | None]] = []  # kind, lead, due, began, voiced
    for _ in range(args.cold):
        for lead in leads:
            # The app: a new speech service (a new sound player) at t0, the first cue at t0 + lead.
            t0 = now_ms()
            service = SpeechService(prefs)
            if not args.no_warm_up:
                service.warm_up()
            reports: dict[str, float] = {}
            service.cueStarted.connect(lambda _t, at, got=reports: got.setdefault("began", at))
            service.cueVoiced.connect(lambda _t, at, got=reports: got.setdefault("voiced", at))
            wait(lead - (now_ms() - t0))
            service.prepare([(TEXT, "single")])
            due = now_ms()
            service.say(TEXT, "single")
            wait(ROUND_MS - (now_ms() - due))
            service.shutdown()
            service.deleteLater()
            rounds.append(("app", lead, due, reports.get("began"), reports.get("voiced")))
            wait(500)
            # The bare player, started cold the same way.
            t0 = now_ms()
            due_ns = time.monotonic_ns() + lead * 1_000_000
            bell_path = str(resource("bell.wav"))
            bare = subprocess.Popen([sys.executable, __file__, "--bare-cold", str(due_ns), bell_path,
                                     str(voice_path), str(bell_volume), str(voice_volume)])  # fmt: skip
            while bare.poll() is None:
                wait(50)
            rounds.append(("bare", lead, due_ns / 1e6, None, None))
            wait(500)
    recorder.terminate()
    recorder.wait(10)
    app.processEvents()

    heard = Recording(folder)
    results: dict[tuple[str, int], list[tuple[float, float, float, float | None, float | None]]] = {}
    unheard = 0
    for kind, lead, due, began, voiced in rounds:
        start = heard.index_of(due)
        quiet = all(abs(x) <= THRESHOLD for x in heard.samples[max(0, start - RATE // 10) : start])
        bell_at = heard.first_above(start - RATE // 10, THRESHOLD, 3_000)
        voice_at = None if bell_at is None else heard.first_above(bell_at + RATE // 20, VOICE_LEVEL, 3_500)
        if not quiet or bell_at is None or voice_at is None:
            unheard += 1
            continue
        bell_ms = (bell_at - start) * 1000 / RATE
        voice_ms = (voice_at - voice_lead - start) * 1000 / RATE
        bell_sink = due + bell_ms
        voice_sink = due + voice_ms
        results.setdefault((kind, lead), []).append(
            (bell_ms, voice_ms - BELL_GAP_MS, voice_ms - bell_ms,
             None if began is None else bell_sink - began, None if voiced is None else voice_sink - voiced)
        )  # fmt: skip
    print(
        f"cold start: {args.cold} rounds of each kind per lead, leads {leads} ms, "
        f"warm_up() {'not called' if args.no_warm_up else 'called at t0'}; "
        f"recorded {len(heard.samples) / RATE:.1f} s"
    )
    if unheard:
        print(f"rounds not heard cleanly (not starting in silence, or a sound missing; left out): {unheard}")

    def span(values: list[float]) -> str:
        return f"median {statistics.median(values):.1f}, min {min(values):.1f}, max {max(values):.1f}"

    for lead in leads:
        for kind in ("app", "bare"):
            found = results.get((kind, lead), [])
            if not found:
                print(f"lead {lead} ms, {kind}: nothing heard")
                continue
            print(f"lead {lead:>4} ms, {kind:<4} ({len(found)} rounds): first bell at the sink after its "
                  f"instant {span([r[0] for r in found])} ms; its voice after its instant (due + 1,200 ms) "
                  f"{span([r[1] for r in found])} ms; bell -> voice "
                  f"{span([r[2] for r in found])} ms")  # fmt: skip
            bell_early = [r[3] for r in found if r[3] is not None]
            voice_early = [r[4] for r in found if r[4] is not None]
            if bell_early and voice_early:
                print(f"{'':>17}the app's 'began' came before the sound at the sink by: bell "
                      f"{span(bell_early)} ms, voice {span(voice_early)} ms")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
