"""Memory over a whole session: peak RSS of the app's own process through a 60-minute script with speech.

Run (from the repository root):
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/session_memory.py      # 60 min at 60×: ~1.5 min
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/session_memory.py --rounds 3

Two processes a round, bare first then the app (each a fresh interpreter, a temporary home of the run's own):

- *bare*: ``import PySide6.QtWidgets``, a ``QApplication``, an empty 1024×640 ``QMainWindow`` shown, kept
  for as long as the app's session ran in the round before (the first round: 5 s); its peak RSS.
- *session*: the facilitator's window as ``ui.main`` builds it (``app_wide_theme``, the real speech service
  with its render worker and sound player, the real records keeper), on a ``ScaledClock`` (``--scale``, as
  ``play --scale`` rehearses). The script is ``whole-lesson-pairs`` with every step's duration stretched so
  the whole is 60 minutes (``--minutes``); it is chosen, the cues are prepared (the speech service's
  ``ready``), the practice started (Space) and run to its end, then the debrief shown. The window's process
  reports its RSS every second (``VmRSS``), its peak (``ru_maxrss``) at first paint, before the start and at
  the end; and each second the high-water mark (``VmHWM``) of each of its child processes, the render worker
  and the sound player, read from ``/proc`` while they run. (Until 2 December the helpers' figure was
  ``RUSAGE_CHILDREN`` once they had ended: a child's peak there counts the window's pages it shared between
  ``fork`` and ``exec``, so it read as large as the window's process, 88-94 MiB.)

``--where`` (no session): where the RSS at first paint comes from, by mapping, in three fresh processes to
their first paint (the bare window, the facilitator's window and ``--one-to-one``, each started through
``mindful_listening.cli.main`` as the command starts it): ``/proc/self/smaps`` grouped by kind (anonymous
memory and the heap, which hold Python's objects and Qt's own allocations; each group of shared libraries;
fonts), the mappings that differ most from the bare window's, the Python objects ``tracemalloc`` sees with
``--tracemalloc`` (which slows the start and adds its own memory: read those apart), and the source lines
``linecache`` holds (PySide6's import hook reads every module imported after it, and ``linecache`` keeps
what it read). Peak RSS counts pages touched: a library merely mapped costs little, one initialised more.

Target (issue 16): peak RSS over the session ≤ 2× bare's. Prints figures and ratios; not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TARGET_RATIO = 2.0
HERE = Path(__file__).resolve()


def _rss_now_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _children_hwm_kib() -> dict[int, tuple[str, int]]:
    """Each live child process of this one: its command's name and its RSS high-water mark (KiB)."""
    found: dict[int, tuple[str, int]] = {}
    me = str(os.getpid())
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if fields[1] != me:  # the parent's pid
                continue
            command = (entry / "cmdline").read_bytes().split(b"\0")
            hwm = next(
                int(line.split()[1])
                for line in (entry / "status").read_text().splitlines()
                if line.startswith("VmHWM:")
            )
        except (OSError, IndexError, StopIteration, ValueError):
            continue
        name = next((part.decode(errors="replace") for part in command if b"mindful_listening" in part), "")
        found[int(entry.name)] = (name or command[0].decode(errors="replace"), hwm)
    return found


def child_bare(hold_s: float) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([sys.argv[0]])
    window = QMainWindow()
    window.setWindowTitle("Bare")
    window.resize(1024, 640)
    window.show()
    QTimer.singleShot(round(hold_s * 1000), app.quit)
    app.exec()
    print(json.dumps({"peak_mib": _peak_mib(), "rss_end_mib": _rss_now_mib()}), flush=True)
    return 0


def stretched_script(minutes: float) -> Any:
    """``whole-lesson-pairs`` with its steps stretched to ``minutes`` in all (landings as they are)."""
    from mindful_listening.core.library import find_script
    from mindful_listening.core.timeline import compile_script

    script = find_script("whole-lesson-pairs")
    landings = sum(step.landing for step in script.steps)
    durations = sum(step.duration for step in script.steps)
    factor = (minutes * 60_000 - landings) / durations
    steps = [
        step.model_copy(update={"duration": max(1000, round(step.duration * factor / 1000) * 1000)})
        for step in script.steps
    ]
    longer = script.model_copy(update={"steps": steps})
    return longer, compile_script(longer).total_ms


def child_session(scale: float, minutes: float) -> int:
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from mindful_listening import preferences as prefs_io
    from mindful_listening.core.clock import ScaledClock
    from mindful_listening.core.flow import Stage
    from mindful_listening.speech.qtspeaker import QtSpeaker
    from mindful_listening.ui import main as ui_main
    from mindful_listening.ui.window import MainWindow

    app = QApplication([sys.argv[0]])
    settings = QSettings(str(Path(os.environ["HOME"]) / "settings.ini"), QSettings.Format.IniFormat)
    prefs = prefs_io.load(settings)
    speaker = ui_main.make_speaker(prefs, app)
    assert isinstance(speaker, QtSpeaker), "the speech service could not start"
    sink = ui_main.make_sink(app)
    window = MainWindow(
        prefs, speaker, sink, settings=settings, clock=ScaledClock(scale), app_wide_theme=True
    )
    window.show_initial_views()
    samples: list[tuple[float, float]] = []
    helpers_hwm: dict[int, tuple[str, int]] = {}
    started = time.monotonic()

    def sample() -> None:
        samples.append((time.monotonic() - started, _rss_now_mib()))
        for pid, (name, hwm) in _children_hwm_kib().items():
            helpers_hwm[pid] = (name, max(hwm, helpers_hwm.get(pid, (name, 0))[1]))

    sampler = QTimer()
    sampler.setInterval(1000)
    sampler.timeout.connect(sample)
    sampler.start()
    first_paint = QEventLoop()
    QTimer.singleShot(0, first_paint.quit)
    first_paint.exec()
    at_first_screen = _peak_mib()

    script, total_ms = stretched_script(minutes)
    ready = QEventLoop()
    speaker.ready.connect(ready.quit)
    QTimer.singleShot(120_000, ready.quit)
    window.use_script(script)
    window.set_stage(Stage.PRACTICE)
    ready.exec()
    before_start = _peak_mib()

    done = QEventLoop()
    window.session.finished.connect(lambda _log: done.quit())
    QTimer.singleShot(round(total_ms / scale) + 60_000, done.quit)
    ran_from = time.monotonic()
    window.toggle()  # Space: the practice starts
    done.exec()
    ran_s = time.monotonic() - ran_from
    settle = QEventLoop()
    QTimer.singleShot(1000, settle.quit)  # the debrief shown, the last record written
    settle.exec()
    at_end = _peak_mib()
    rss_end = _rss_now_mib()
    sampler.stop()
    finished = getattr(window.session.state, "value", "none")
    window.close()
    speaker.shutdown()
    close = getattr(sink, "close", None)
    if callable(close):
        close()
    app.processEvents()
    helpers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    by_helper: dict[str, float] = {}
    for name, hwm in helpers_hwm.values():
        short = name.rsplit(".", 1)[-1] or "?"
        by_helper[short] = max(by_helper.get(short, 0.0), hwm / 1024)
    print(
        json.dumps(
            {
                "script_ms": total_ms,
                "ran_s": ran_s,
                "state": finished,
                "peak_first_screen_mib": at_first_screen,
                "peak_before_start_mib": before_start,
                "peak_mib": at_end,
                "rss_end_mib": rss_end,
                "rss_samples": samples,
                "helpers_peak_mib": helpers,
                "helpers_hwm_mib": by_helper,
                "sound_outputs": list(getattr(getattr(speaker, "output", None), "outputs", []) or []),
            }
        ),
        flush=True,
    )
    return 0


# ------------------------------------------------------------------------------------ --where: by mapping
KINDS = (  # (kind, how a mapping's file name begins); the first that matches; anonymous memory apart
    ("Qt Multimedia (+ PulseAudio, codecs)", ("libQt6Multimedia", "QtMultimedia.", "libpulse", "libsndfile")),
    ("Qt Network (+ Kerberos)", ("libQt6Network", "QtNetwork.", "libkrb5", "libgssapi", "libk5crypto")),
    ("OpenSSL (libcrypto, libssl)", ("libcrypto", "libssl")),
    ("Qt Core, Gui, Widgets and their bindings", ("libQt6Core", "libQt6Gui", "libQt6Widgets", "Qt")),
    ("platform plugin and its libraries", ("libqoffscreen", "libqxcb", "libQt6XcbQpa", "libxcb", "libX")),
    ("PySide6 and shiboken", ("libpyside6", "libshiboken6", "Shiboken")),
    ("SQLite", ("libsqlite3", "_sqlite3")),
    ("fonts and font caches", ("DejaVu", "libfreetype", "libfontconfig", "libharfbuzz")),
    ("Python's own C modules", ("_", "unicodedata", "array", "math", "select", "fcntl", "zlib")),
)


def _kind(name: str) -> str:
    if name in ("[anon]", "[heap]"):
        return "anonymous and heap (Python's objects, Qt's allocations)"
    if name.startswith("["):
        return "stack and the kernel's"
    if name.endswith((".ttf", ".otf", ".cache-8", ".cache-9")):
        return "fonts and font caches"
    for kind, starts in KINDS:
        if name.startswith(starts):
            return kind
    if name.startswith(("python", "libpython")):
        return "the Python interpreter"
    return "other shared libraries (libc, libstdc++, ICU, glib, …)"


def _smaps_by_mapping() -> dict[str, int]:
    """RSS (KiB) of this process by mapping: each file by its name, anonymous memory as ``[anon]``."""
    rss: dict[str, int] = {}
    name = "[anon]"
    for line in Path("/proc/self/smaps").read_text().splitlines():
        head = line.split(None, 5)
        if head and "-" in head[0] and len(head) >= 5 and ":" in head[3]:  # a mapping's first line
            path = head[5].strip() if len(head) > 5 else ""
            name = "[anon]" if not path else path if path.startswith("[") else Path(path).name
        elif line.startswith("Rss:"):
            rss[name] = rss.get(name, 0) + int(line.split()[1])
    return rss


def _linecache_kib(cache: dict[str, Any]) -> float:
    """The size of the source lines ``linecache`` holds (entries it has read: size, mtime, lines, name)."""
    held = (entry[2] for entry in cache.values() if len(entry) == 4)
    return sum(sys.getsizeof(line) for lines in held for line in lines) / 1024


def child_where(kind: str, traced: bool) -> int:
    """To the first paint of ``kind`` (``bare``, ``main``, ``one-to-one``); then its mappings, printed."""
    if traced:
        import tracemalloc

        tracemalloc.start()
    from PySide6.QtCore import QCoreApplication, QEvent, QObject

    kept: list[QObject] = []

    class FirstPaint(QObject):
        inside = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() != QEvent.Type.Paint or self.inside:
                return False
            self.inside = True
            QCoreApplication.sendEvent(watched, event)  # the paint itself, then the figures
            import linecache

            report: dict[str, Any] = {
                "peak_mib": _peak_mib(),
                "mappings": _smaps_by_mapping(),
                "modules": len(sys.modules),
                "linecache_kib": _linecache_kib(linecache.cache),
            }
            if traced:
                snapshot = tracemalloc.take_snapshot()
                report["traced_kib"] = sum(stat.size for stat in snapshot.statistics("filename")) / 1024
                report["traced_top"] = [
                    (str(stat.traceback[0].filename), stat.size / 1024)
                    for stat in snapshot.statistics("filename")[:8]
                ]
            print(json.dumps(report), flush=True)
            os._exit(0)

    def watch() -> None:
        watcher = FirstPaint()
        kept.append(watcher)
        app = QCoreApplication.instance()
        assert app is not None
        app.installEventFilter(watcher)

    if kind == "bare":
        from PySide6.QtWidgets import QApplication, QMainWindow

        app = QApplication([sys.argv[0]])
        window = QMainWindow()
        window.setWindowTitle("Bare")
        window.resize(1024, 640)
        window.show()
        watch()
        return app.exec()
    from mindful_listening import cli
    from mindful_listening.ui import main as ui_main

    real_exec = ui_main._exec

    def exec_and_watch(app: Any) -> int:
        watch()
        return int(real_exec(app))

    ui_main._exec = exec_and_watch
    return cli.main(["--one-to-one"] if kind == "one-to-one" else [])


def where(env: dict[str, str], rounds: int, traced: bool) -> None:
    kinds = ("bare", "main", "one-to-one")
    found: dict[str, list[dict[str, Any]]] = {kind: [] for kind in kinds}
    extra = ["--tracemalloc"] if traced else []
    for _ in range(rounds):
        for kind in kinds:
            found[kind].append(launch(["--child", f"where-{kind}", *extra], env, 60))

    def median_of(kind: str, pick: Any) -> float:
        return float(statistics.median(pick(report) for report in found[kind]))

    def group_mib(kind: str, group: str) -> float:
        return median_of(kind, lambda r: _group_kib(r, group)) / 1024

    def mapping_mib(kind: str, name: str) -> float:
        return median_of(kind, lambda r: r["mappings"].get(name, 0)) / 1024

    print(f"RSS at first paint by mapping, median of {rounds} fresh process(es) each (MiB)")
    print(f"{'':58} {'bare':>7} {'main':>7} {'1-to-1':>7}")
    print(
        f"{'peak RSS (ru_maxrss)':58} "
        + " ".join(f"{median_of(kind, lambda r: r['peak_mib']):7.1f}" for kind in kinds)
    )
    groups = sorted(
        {_kind(name) for kind in kinds for report in found[kind] for name in report["mappings"]},
        key=lambda group: -group_mib("main", group),
    )
    for group in groups:
        print(f"  {group[:56]:56} " + " ".join(f"{group_mib(kind, group):7.1f}" for kind in kinds))
    names = {name for kind in kinds for report in found[kind] for name in report["mappings"]}
    grown = sorted(names, key=lambda name: mapping_mib("bare", name) - mapping_mib("main", name))
    print("the mappings that grew most over the bare window's:")
    for name in grown[:14]:
        print(f"  {name[:56]:56} " + " ".join(f"{mapping_mib(kind, name):7.2f}" for kind in kinds))
    print(
        f"{'modules imported':58} "
        + " ".join(f"{median_of(kind, lambda r: r['modules']):7.0f}" for kind in kinds)
    )
    print(
        f"{'source lines held by linecache (its strings, MiB)':58} "
        + " ".join(f"{median_of(kind, lambda r: r['linecache_kib']) / 1024:7.2f}" for kind in kinds)
    )
    if traced:
        print(
            f"{'Python objects traced (tracemalloc, MiB)':58} "
            + " ".join(f"{median_of(kind, lambda r: r['traced_kib']) / 1024:7.2f}" for kind in kinds)
        )
        for filename, kib in found["main"][0]["traced_top"]:
            print(f"    main, allocated in {filename[-60:]}: {kib / 1024:.2f} MiB")


def _group_kib(report: dict[str, Any], group: str) -> float:
    return float(sum(kib for name, kib in report["mappings"].items() if _kind(name) == group))


def launch(args: list[str], env: dict[str, str], timeout_s: float) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, str(HERE), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout_s,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"{args[:2]} reported nothing:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=60.0)
    parser.add_argument("--minutes", type=float, default=60.0, help="the script's length in script time")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument(
        "--where", action="store_true", help="no session: RSS at first paint by mapping (bare, main, 1-to-1)"
    )
    parser.add_argument("--tracemalloc", action="store_true", help="with --where: Python's objects too")
    parser.add_argument(
        "--child",
        choices=("bare", "session", "where-bare", "where-main", "where-one-to-one"),
        help=argparse.SUPPRESS,
    )
    parser.add_argument("--hold-s", type=float, default=5.0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "bare":
        return child_bare(args.hold_s)
    if args.child == "session":
        return child_session(args.scale, args.minutes)
    if args.child and args.child.startswith("where-"):
        return child_where(args.child.removeprefix("where-"), args.tracemalloc)

    home = Path(tempfile.mkdtemp(prefix="ml-memory-"))
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "MINDFUL_LISTENING_DATA_DIR": str(home / "records"),
    }
    if args.where:
        where(env, args.rounds, args.tracemalloc)
        return 0
    limit = args.minutes * 60 / args.scale + 240
    bare: list[dict[str, Any]] = []
    sessions: list[dict[str, Any]] = []
    hold = 5.0
    for _ in range(args.rounds):
        bare.append(launch(["--child", "bare", "--hold-s", f"{hold:.1f}"], env, limit))
        found = launch(
            ["--child", "session", "--scale", str(args.scale), "--minutes", str(args.minutes)], env, limit
        )
        sessions.append(found)
        hold = found["ran_s"]
    bare_peak = statistics.median(b["peak_mib"] for b in bare)
    print(
        f"a {sessions[0]['script_ms'] / 60_000:.1f}-minute script (whole-lesson-pairs stretched) at "
        f"{args.scale:g}×, speech on, {args.rounds} round(s); ({os.environ.get('QT_QPA_PLATFORM')})"
    )
    print(f"bare window      peak RSS {bare_peak:6.1f} MiB (held as long as the session ran)")
    for i, s in enumerate(sessions, 1):
        rss = [mib for _, mib in s["rss_samples"]]
        ratio = s["peak_mib"] / bare_peak
        print(
            f"session {i}: ran {s['ran_s']:.1f} s, ended {s['state']!r}; peak RSS at first screen "
            f"{s['peak_first_screen_mib']:.1f}, cues ready {s['peak_before_start_mib']:.1f}, "
            f"over the session "
            f"{s['peak_mib']:.1f} MiB ({ratio:.2f}× bare; target ≤ {TARGET_RATIO}, ratio "
            f"{ratio / TARGET_RATIO:.2f}); RSS now and then: first {rss[0] if rss else 0:.1f}, "
            f"max {max(rss, default=0):.1f}, end {s['rss_end_mib']:.1f} MiB; sound outputs: "
            f"{s['sound_outputs'] or 'none'}"
        )
        helpers = ", ".join(f"{name} {mib:.1f}" for name, mib in sorted(s["helpers_hwm_mib"].items()))
        print(
            f"  its helper processes' own peaks (VmHWM while they ran): {helpers or 'none seen'} MiB "
            f"(RUSAGE_CHILDREN, which counts pages shared before exec: {s['helpers_peak_mib']:.1f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
