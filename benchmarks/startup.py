"""Start-up as the facilitator sees it: launch to the first paint of the real window, beside bare PySide6.

Run (from the repository root):
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/startup.py              # 12 interleaved rounds
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/startup.py --runs 20 --trace

Each round starts three processes in turn, in a new order each round: *bare* (``import PySide6.QtWidgets``,
a ``QApplication``, an empty 1024×640 ``QMainWindow`` shown), *main* (``mindful-listening`` with no command,
through ``mindful_listening.cli.main``: the facilitator's window) and *one-to-one*
(``mindful-listening --one-to-one``).
Each is timed from the parent's ``time.monotonic_ns()`` just before it is started to the end of its first
paint event on any window (CLOCK_MONOTONIC is one clock for every process), and reports its own peak RSS
(``ru_maxrss``) at that moment, then ends at once with ``os._exit`` (its helper processes, the render worker
and the sound player, are ended with its process group). A warm-up round comes first; all runs share one
records folder and one settings file in a temporary home, so every counted launch is a second launch.

The app's bytecode is written first, as ``pip install .`` (the README's install) writes it: an editable
checkout run under ``PYTHONDONTWRITEBYTECODE=1`` would otherwise compile every module of the app at each start
(150-250 ms a launch here), which no installed copy does.

The paint is caught by an application-wide event filter installed when the event loop starts (the app's own
``ui.main._exec``, patched in the child; the bare child installs it just before ``exec`` too), so no filter
sees the events of the window's construction.

``--trace`` itemises one more launch of each app kind: ``python -X importtime`` (the cumulative import time of
the biggest imports, grouped), and a profile of the window's construction (``MainWindow.__init__``'s direct
callees by cumulative time, and what ``build_window`` / ``_run_one_to_one`` spend around it).

Targets (issue 16): first paint ≤ 1.5× bare for the main window and ``--one-to-one`` (1.25× the aim), peak RSS
at first paint ≤ 1.6× bare. Prints figures and ratios; not a test.
"""

from __future__ import annotations

import gc
import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

# The child imports only what it needs (json, resource: it reports by them) beside what PySide6 imports anyway
# (pathlib, typing, ...); the parent's own modules (statistics, subprocess, ...) are imported where the parent
# uses them, so the bare window's baseline is a bare PySide6 program's (statistics alone was ~5 ms of it).

TARGET_PAINT = 1.5
AIM_PAINT = 1.25
TARGET_RSS = 1.6
KINDS = ("bare", "main", "one-to-one")
HERE = Path(__file__).resolve()
_KEPT: list[Any] = []  # the event filters, alive until the process ends


# ------------------------------------------------------------------------------------------ the child
def _watch_first_frame(on_frame: Any) -> Any:
    """Call ``on_frame(painted)`` once the first frame of a shown top-level window is painted and flushed:
    every widget of it painted (``painted``: the class of the first one), not only the window's own
    background. Watches only the shown top-level widgets and their ``QWindow``: an application-wide Python
    event filter (this benchmark's before 2 December, 01:40) makes PySide6 wrap every object an event reaches,
    Qt's own private ones too, and meeting the app's ``QAnimationTimer`` it made ~85 enum types for its
    search, 22-30 ms of every app launch that no user's launch pays (the bare window has no animation timer;
    neither app installs an application-wide filter)."""
    from PySide6.QtCore import QCoreApplication, QEvent, QObject
    from PySide6.QtWidgets import QApplication

    class FirstFrame(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.painted = ""
            self.via = ""
            self.inside = False
            self.done = False

        def _finish(self) -> None:
            if not self.done:
                self.done = True
                on_frame(f"{self.painted} (by {self.via})")

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            kind = event.type()
            if self.done or self.inside:
                if kind == QEvent.Type.Paint and not self.painted:
                    self.painted = type(watched).__name__
                return False
            if kind not in (QEvent.Type.Paint, QEvent.Type.Expose, QEvent.Type.UpdateRequest):
                return False
            self.inside = True
            try:
                # The window's repaint (an expose or update request: every dirty widget painted, then
                # flushed), or a widget's own paint outside one.
                QCoreApplication.sendEvent(watched, event)
            finally:
                self.inside = False
            if kind == QEvent.Type.Paint and not self.painted:
                self.painted = type(watched).__name__
            if self.painted:
                self.via = kind.name
                self._finish()
            return True

    watcher = FirstFrame()
    app = QCoreApplication.instance()
    assert isinstance(app, QApplication)
    for widget in app.topLevelWidgets():
        if widget.isVisible():
            widget.installEventFilter(watcher)
            if widget.windowHandle() is not None:
                widget.windowHandle().installEventFilter(watcher)
    return watcher


def _report_first_paint(started_ns: int) -> Any:
    """Report the first frame's end and the peak RSS, then exit."""

    def report(painted: str) -> None:
        done_ns = time.monotonic_ns()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        sys.stdout.write(
            json.dumps(
                {
                    "first_paint_ms": (done_ns - started_ns) / 1e6,
                    "rss_mib": usage.ru_maxrss / 1024,
                    # CPU time of this process to the first paint: steadier than the wall clock when
                    # other work shares the cores (its helper processes are not counted).
                    "cpu_ms": (usage.ru_utime + usage.ru_stime) * 1000,
                    "painted": painted,
                }
            )
            + "\n"
        )
        sys.stdout.flush()
        os._exit(0)

    return _watch_first_frame(report)


def child(kind: str) -> int:
    started_ns = int(os.environ.get("STARTUP_T0_NS", "0")) or time.monotonic_ns()
    if kind == "bare":
        from PySide6.QtWidgets import QApplication, QMainWindow

        app = QApplication([sys.argv[0]])
        window = QMainWindow()
        window.setWindowTitle("Bare")
        window.resize(1024, 640)
        window.show()
        _KEPT.append(_report_first_paint(started_ns))
        return app.exec()
    from mindful_listening import app as entry
    from mindful_listening import cli

    # As the app's entry point does (its garbage collector held from the start), before ui.main is
    # imported here to patch it; cli.main then holds it again, as a launch does.
    gc.disable()
    entry.import_qt_free_first(one_to_one=kind == "one-to-one")
    getattr(entry, "spare_pyside_the_sources", lambda: None)()  # (absent from a tree before 2 December)
    from mindful_listening.ui import main as ui_main

    gc.enable()

    real_exec = ui_main._exec

    def exec_and_watch(app: Any) -> int:
        _KEPT.append(_report_first_paint(started_ns))
        return int(real_exec(app))

    ui_main._exec = exec_and_watch
    return cli.main(["--one-to-one"] if kind == "one-to-one" else [])


def child_trace(kind: str) -> int:
    """The window's construction, profiled: MainWindow.__init__'s callees, and the steps around it."""
    import cProfile
    import pstats

    from mindful_listening import app as entry

    gc.disable()  # as child() does
    entry.import_qt_free_first(one_to_one=kind == "one-to-one")
    getattr(entry, "spare_pyside_the_sources", lambda: None)()  # (absent from a tree before 2 December)
    from mindful_listening.ui import main as ui_main

    gc.enable()
    steps: dict[str, float] = {}

    def timed(name: str, function: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            t = time.perf_counter_ns()
            try:
                return function(*args, **kwargs)
            finally:
                steps[name] = steps.get(name, 0.0) + (time.perf_counter_ns() - t) / 1e6

        return wrapper

    profile = cProfile.Profile()
    if kind == "main":
        from mindful_listening.ui import window as window_module

        real_init = window_module.MainWindow.__init__

        def init(self: Any, *args: Any, **kwargs: Any) -> None:
            profile.enable()
            try:
                real_init(self, *args, **kwargs)
            finally:
                profile.disable()

        window_module.MainWindow.__init__ = timed("MainWindow.__init__", init)  # type: ignore[method-assign]
        for name in ("make_speaker", "make_sink", "build_window"):
            setattr(ui_main, name, timed(name, getattr(ui_main, name)))
        real_show = window_module.MainWindow.show_initial_views
        window_module.MainWindow.show_initial_views = timed("show_initial_views", real_show)  # type: ignore[method-assign]
        real_offer = window_module.MainWindow.offer_unfinished
        window_module.MainWindow.offer_unfinished = timed("offer_unfinished", real_offer)  # type: ignore[method-assign]
    else:
        from mindful_listening.ui import one_to_one

        real_open = one_to_one.open_one_to_one

        def open_profiled(*args: Any, **kwargs: Any) -> Any:
            profile.enable()
            try:
                return real_open(*args, **kwargs)
            finally:
                profile.disable()

        one_to_one.open_one_to_one = timed("open_one_to_one", open_profiled)
        for name in ("make_speaker", "make_sink"):
            setattr(ui_main, name, timed(name, getattr(ui_main, name)))

    def exec_and_report(app: Any) -> int:
        t_exec = time.perf_counter_ns()

        def report(_painted: str) -> None:
            steps["event loop start to the first frame (polish, layout, paint)"] = (
                time.perf_counter_ns() - t_exec
            ) / 1e6
            stats = pstats.Stats(profile)
            where = "window.py" if kind == "main" else "one_to_one.py"
            callees = _callees(stats, "__init__", where)
            sys.stdout.write(json.dumps({"steps": steps, "callees": callees}) + "\n")
            sys.stdout.flush()
            os._exit(0)

        _KEPT.append(_watch_first_frame(report))
        return int(app.exec())

    ui_main._exec = exec_and_report
    from mindful_listening import cli

    return cli.main(["--one-to-one"] if kind == "one-to-one" else [])


def _callees(stats: Any, function: str, where: str) -> list[tuple[str, float]]:
    """The direct callees of the profiled constructor, by cumulative ms (the profile's overhead included)."""
    roots = [key for key in stats.stats if key[2] == function and key[0].endswith(f"/{where}")]
    found: dict[str, float] = {}
    for key, (_cc, _nc, _tt, _ct, callers) in stats.stats.items():
        for root in roots:
            if root in callers:
                name = f"{Path(key[0]).name}:{key[2]}" if key[0] != "~" else key[2]
                found[name] = found.get(name, 0.0) + callers[root][3] * 1000
    return sorted(found.items(), key=lambda item: -item[1])[:14]


# ------------------------------------------------------------------------------------------ the parent
def launch(kind: str, env: dict[str, str], trace: str = "") -> dict[str, Any]:
    import contextlib
    import signal
    import subprocess

    command = [sys.executable]
    if trace == "imports":
        command += ["-X", "importtime"]
    command += [str(HERE), "--child-trace" if trace == "profile" else "--child", kind]
    started = time.monotonic_ns()
    process = subprocess.Popen(
        command,
        env={**env, "STARTUP_T0_NS": str(started)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its helper processes are ended with it
    )
    try:
        out, err = process.communicate(timeout=60)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    lines = [line for line in out.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"{kind} never painted:\n{err[-2000:]}")
    result: dict[str, Any] = json.loads(lines[-1])
    if trace == "imports":
        result["importtime"] = err
    return result


def imports_summary(text: str) -> list[tuple[str, float]]:
    """The heaviest imports by cumulative ms, at the top level and one level into mindful_listening."""
    rows: list[tuple[int, str, float]] = []
    for line in text.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _self, cumulative, name = line.split(":", 1)[1].split("|")
        depth = (len(name) - len(name.lstrip(" "))) // 2
        rows.append((depth, name.strip(), int(cumulative) / 1000))
    picked: dict[str, float] = {}
    for depth, name, ms in rows:
        top = name.split(".")[0]
        if (
            depth == 0
            or (top in ("pydantic", "PySide6") and name not in picked and depth <= 3)
            or (name.startswith("mindful_listening.") and depth <= 3)
        ):
            picked[name] = max(picked.get(name, 0.0), ms)
    return sorted(((n, v) for n, v in picked.items() if v >= 8), key=lambda item: -item[1])[:22]


def compile_bytecode() -> int:
    """Write the app's bytecode beside its sources, as ``pip install .`` does for the user (the README's
    install), and return how many modules were compiled. Without it an editable checkout under
    ``PYTHONDONTWRITEBYTECODE=1`` (this machine's environment) compiles every module of the app from source at
    each start: measured 150-250 ms of each launch (~77 modules) that no installed copy pays, while the bare
    window's PySide6 always came with its bytecode."""
    import compileall

    package = HERE.parent.parent / "mindful_listening"
    before = sum(1 for _ in package.rglob("__pycache__/*.pyc"))
    compileall.compile_dir(str(package), quiet=1, force=False)
    return sum(1 for _ in package.rglob("__pycache__/*.pyc")) - before


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] in ("--child", "--child-trace"):
        # Before argparse is imported: the child imports as little of the benchmark's own as it can.
        return (child if sys.argv[1] == "--child" else child_trace)(sys.argv[2])
    import argparse
    import random
    import statistics
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=12, help="interleaved rounds counted (after one warm-up)")
    parser.add_argument("--trace", action="store_true", help="also itemise imports and window construction")
    parser.add_argument("--child", choices=KINDS, help=argparse.SUPPRESS)
    parser.add_argument("--child-trace", choices=KINDS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child)
    if args.child_trace:
        return child_trace(args.child_trace)

    home = Path(tempfile.mkdtemp(prefix="ml-startup-"))
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "MINDFUL_LISTENING_DATA_DIR": str(home / "records"),
    }
    compiled = compile_bytecode()
    rng = random.Random(16)
    results: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KINDS}
    for round_ in range(args.runs + 1):
        order = list(KINDS)
        rng.shuffle(order)
        for kind in order:
            found = launch(kind, env)
            if round_:
                results[kind].append(found)
    print(
        f"launch to first paint, {args.runs} interleaved rounds after a warm-up "
        f"({os.environ.get('QT_QPA_PLATFORM')}; the app's bytecode written first, as an install has it: "
        f"{compiled} modules compiled now)"
    )
    bare = results["bare"]
    for kind in KINDS:
        paint = [r["first_paint_ms"] for r in results[kind]]
        rss = [r["rss_mib"] for r in results[kind]]
        cpu = [r["cpu_ms"] for r in results[kind]]
        line = (
            f"{kind:<11} first paint median {statistics.median(paint):7.1f} ms "
            f"(min {min(paint):.1f}, max {max(paint):.1f}); CPU to first paint median "
            f"{statistics.median(cpu):6.1f} ms; peak RSS at first paint median "
            f"{statistics.median(rss):6.1f} MiB"
        )
        if kind != "bare":
            ratios = [
                r["first_paint_ms"] / b["first_paint_ms"] for r, b in zip(results[kind], bare, strict=True)
            ]
            rss_ratio = statistics.median(rss) / statistics.median([b["rss_mib"] for b in bare])
            cpu_ratios = [r["cpu_ms"] / b["cpu_ms"] for r, b in zip(results[kind], bare, strict=True)]
            median = statistics.median(ratios)
            to_go = statistics.median(paint) - AIM_PAINT * statistics.median(
                [b["first_paint_ms"] for b in bare]
            )
            line += (
                f"\n{'':<11} ratio to bare, round by round: median {median:.2f} (min {min(ratios):.2f}, "
                f"max {max(ratios):.2f}; target ≤ {TARGET_PAINT}, ratio {median / TARGET_PAINT:.2f}; aim "
                f"{AIM_PAINT}: {to_go:+.0f} ms to go); "
                f"CPU time {statistics.median(cpu_ratios):.2f}× round by round; "
                f"RSS {rss_ratio:.2f}× (target ≤ {TARGET_RSS}, ratio {rss_ratio / TARGET_RSS:.2f})"
            )
        print(line)
    print(f"painted first: {sorted({r['painted'] for kind in KINDS for r in results[kind]})}")

    if args.trace:
        for kind in ("main", "one-to-one"):
            imports = launch(kind, env, trace="imports")
            print(f"\n{kind}: imports (python -X importtime, cumulative ms; this launch painted at "
                  f"{imports['first_paint_ms']:.0f} ms, slowed by the tracing)")  # fmt: skip
            for name, ms in imports_summary(imports["importtime"]):
                print(f"  {ms:7.1f}  {name}")
            profiled = launch(kind, env, trace="profile")
            print(f"{kind}: construction (ms; the profile slows what it profiles)")
            for name, ms in profiled["steps"].items():
                print(f"  {ms:7.1f}  {name}")
            print("  of which the window's constructor calls (cumulative, profiled):")
            for name, ms in profiled["callees"]:
                print(f"  {ms:7.1f}    {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
