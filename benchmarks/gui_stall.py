"""GUI stalls on the real facilitator's window and room view, through a whole built-in script with speech.

Run (from the repository root):
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/gui_stall.py
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/gui_stall.py --script classic-pairs --scale 5
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/gui_stall.py --cues 100 --scale 20  # 100 cues
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/gui_stall.py --script timed-pair-share --paints

``--events`` times every event delivered, by type and receiver; ``--paints`` every paint event, and names the
widgets each repaint over 4 ms drew (their regions and costs); ``--profile`` runs cProfile over the session;
``--gaps-json PATH`` keeps the gaps over a frame for ``benchmarks/perf_gaps.py`` (what Qt itself did in them).
Each adds its own cost.

``--cues N`` runs a script made from the built-in one (``--script``) with at least N cues: its first and last
steps once, every step between them over again as many times as it takes, each repetition's rounds numbered on
from the last (so "repeat the round" still means one round); its id gains ``-xK`` (K repetitions). The cue
texts repeat with the steps, as a script's own repeated rounds do. ``--write-script PATH`` keeps the file
made.

One process, as the app builds it: the real ``MainWindow`` (``app_wide_theme=True``, as ``ui.main``
makes it) with the real ``SpeechService`` (render worker, sound player) and the real ``RecordKeeper`` (a
records folder in a temporary home), on a ``ScaledClock`` (``--scale``, as ``play --scale`` rehearses),
the room view open (``audience_window``). A 5 ms ``PreciseTimer`` probe measures the gaps between its
wake-ups:

1. *idle*: the window shown, the script chosen, nothing running, for ``--idle-s`` (this machine's own floor);
2. *session*: the practice started (Space, as the facilitator does) and run to its end.

A gap is the time between two probe wake-ups; a *stall* is a gap less the 5 ms asked for. Frames lost: for
each gap longer than a 60 Hz frame (16.7 ms), the frames it covered beyond the first
(``ceil(gap / 16.7) - 1``), summed. Each gap over a frame is named by what started inside it: a step change
(``stepStarted``, with the step), a cue said (``say``), the sound player's report that a cue began, a tick, or
nothing seen. Targets (issue 16): worst stall ≤ 16 ms and 0 frames lost over the script, on a quiet machine,
the idle baseline beside it. Prints figures and ratios; not a test.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import math
import os
import pstats
import statistics
import sys
import tempfile
import time
import tomllib
from pathlib import Path
from typing import Any

HOME = Path(tempfile.mkdtemp(prefix="ml-stall-"))
for name, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache")):
    os.environ[name] = str(HOME / sub)
os.environ["MINDFUL_LISTENING_DATA_DIR"] = str(HOME / "records")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import (  # noqa: E402
    QCoreApplication,
    QEvent,
    QEventLoop,
    QLoggingCategory,
    QObject,
    QSettings,
    Qt,
    QTimer,
)
from PySide6.QtGui import QPaintEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

QLoggingCategory.setFilterRules("qt.multimedia.*=false")

from mindful_listening.controller import SessionController  # noqa: E402
from mindful_listening.core.clock import ScaledClock  # noqa: E402
from mindful_listening.core.flow import Stage  # noqa: E402
from mindful_listening.core.library import find_script, resource  # noqa: E402
from mindful_listening.core.loading import parse_script  # noqa: E402
from mindful_listening.preferences import Preferences  # noqa: E402
from mindful_listening.session import PracticeSession  # noqa: E402
from mindful_listening.speech.renderer import RenderClient  # noqa: E402
from mindful_listening.speech.service import SpeechService  # noqa: E402
from mindful_listening.speech.sound_client import RemoteSoundOutput  # noqa: E402
from mindful_listening.storage.keeper import RecordKeeper  # noqa: E402
from mindful_listening.ui.keys import KeyRouter  # noqa: E402
from mindful_listening.ui.presenter import PracticePage  # noqa: E402
from mindful_listening.ui.room import AudienceView, RoomFeed  # noqa: E402
from mindful_listening.ui.window import MainWindow  # noqa: E402

FRAME_MS = 1000 / 60
TARGET_STALL_MS = 16.0
HANDLED: dict[str, list[tuple[float, float]]] = {}  # timed handlers, "Class.method": (start, ms) of each call


def _timed_handler(owner: type, name: str) -> None:
    """Time one method of ``owner`` on every call (patched on the class before any is made)."""
    real = getattr(owner, name)
    key = f"{owner.__name__}.{name}"

    def handler(self: object, *args: Any, **kwargs: Any) -> Any:
        start = now_ms()
        try:
            return real(self, *args, **kwargs)
        finally:
            HANDLED.setdefault(key, []).append((start, now_ms() - start))

    setattr(owner, name, handler)


# What runs on the GUI thread around a step change, a cue and a tick: each big gap is itemised by these.
TIMED: list[tuple[type, tuple[str, ...]]] = [
    (MainWindow, ("_on_step", "_on_tick", "_on_caption", "set_stage", "update_actions")),
    (PracticePage, ("show_step", "show_step_lines", "show_tick")),
    (RoomFeed, ("set_roles", "set_tick", "set_caption", "show_practice", "show_debrief", "show_purpose")),
    # A step change's texts are fitted to each room view when the controller's ``changing`` lets go: inside
    # SessionController.poll, but in none of the window's handlers.
    (RoomFeed, ("hold", "_catch_up")),
    (AudienceView, ("_fit",)),
    (PracticeSession, ("_on_step", "absorb_log")),
    (SessionController, ("poll",)),
    (
        SpeechService,
        (
            *("_on_rendered", "_pump", "_start_voice", "_start_bell"),
            *("_on_sound_began", "_on_sound_ended", "_end"),
        ),
    ),
    (RemoteSoundOutput, ("_on_stdout", "_on_stderr", "play", "stop")),
    (RenderClient, ("_on_stdout", "_on_stderr", "_pump")),
    # The keys' router is a Python event filter: every event it is offered crosses into Python.
    (KeyRouter, ("eventFilter",)),
]
for _owner, _names in TIMED:
    for _name in _names:
        _timed_handler(_owner, _name)

_GC_START: dict[int, float] = {}


def _gc_timed(phase: str, info: dict[str, int]) -> None:
    """Python's cyclic garbage collection runs on whichever thread allocates: time each run by generation."""
    if phase == "start":
        _GC_START[info["generation"]] = now_ms()
    elif (began := _GC_START.pop(info["generation"], None)) is not None:
        HANDLED.setdefault(f"garbage collection, generation {info['generation']}", []).append(
            (began, now_ms() - began)
        )


gc.callbacks.append(_gc_timed)


def now_ms() -> float:
    return time.monotonic_ns() / 1e6


class Probe:
    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.last = now_ms()
        self.last_cpu = time.thread_time_ns()
        self.gaps: list[tuple[float, float]] = []  # (start, end) of each gap
        # The GUI thread's own CPU time in each gap, by the gap's start: a long gap in which the thread ran
        # for much less than its length was spent waiting (another process had the core, or a lock).
        self.cpu_ms: dict[float, float] = {}

    def _tick(self) -> None:
        t, cpu = now_ms(), time.thread_time_ns()
        self.gaps.append((self.last, t))
        self.cpu_ms[self.last] = (cpu - self.last_cpu) / 1e6
        self.last, self.last_cpu = t, cpu

    def start(self) -> None:
        self.last, self.last_cpu = now_ms(), time.thread_time_ns()
        self.gaps = []
        self.cpu_ms = {}
        self.timer.start()


class RepaintTimer(QObject):
    """Times what a top-level window's UpdateRequest costs (the repaint of all it has dirty: its paint events,
    and the polish and layout they need) by delivering the event itself."""

    def __init__(self, window: QWidget, name: str) -> None:
        super().__init__(window)
        self.name = name
        self._inside = False
        self.calls: list[tuple[float, float]] = []
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.UpdateRequest or self._inside:
            return False
        self._inside = True
        start = now_ms()
        try:
            QCoreApplication.sendEvent(watched, event)
        finally:
            self._inside = False
        self.calls.append((start, now_ms() - start))
        HANDLED.setdefault(f"repaint of {self.name}", []).append(self.calls[-1])
        return True


class PaintLog(QObject):
    """With ``--paints``: every paint event of the app, timed (an application-wide filter that delivers each
    one itself), with the size of the region it painted: which widgets a repaint drew, and at what cost."""

    def __init__(self) -> None:
        super().__init__()
        self._inside: set[int] = set()
        self.paints: list[tuple[float, float, str, int, int]] = []  # start, ms, widget, region width, height

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(event, QPaintEvent) or id(event) in self._inside:
            return False
        region = event.region().boundingRect()
        name = f"{type(watched).__name__}#{watched.objectName() or '?'}"
        self._inside.add(id(event))
        start = now_ms()
        try:
            QCoreApplication.sendEvent(watched, event)
        finally:
            self._inside.discard(id(event))
        self.paints.append((start, now_ms() - start, name, region.width(), region.height()))
        return True


class EventCosts(QObject):
    """With ``--events``: every event this process delivers, timed by type (an application-wide filter that
    delivers each event itself; it adds its own cost to every event, so read the shares, not the totals)."""

    def __init__(self) -> None:
        super().__init__()
        self._depth = 0
        self._inside: set[int] = set()
        self.costs: dict[str, list[float]] = {}
        self.by_receiver: dict[tuple[str, str], list[float]] = {}
        self.on = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.on or id(event) in self._inside:
            return False
        name = f"{type(watched).__name__}#{watched.objectName() or '?'}"  # before it may be deleted
        self._inside.add(id(event))
        self._depth += 1
        start = now_ms()
        try:
            QCoreApplication.sendEvent(watched, event)
        finally:
            self._depth -= 1
            self._inside.discard(id(event))
        spent = now_ms() - start
        kind = event.type().name
        if self._depth == 0:
            self.costs.setdefault(kind, []).append(spent)
            self.by_receiver.setdefault((kind, name), []).append(spent)
            if spent >= 1.0 and kind != "UpdateRequest":  # the repaints are timed on their own
                HANDLED.setdefault(f"{kind} to {name}", []).append((start, spent))
        return True


def thread_cpu() -> dict[str, float]:
    """CPU seconds each thread of this process has used, by its name and id (Linux /proc)."""
    found: dict[str, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for task in Path("/proc/self/task").iterdir():
        try:
            stat = (task / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        found[f"{name}/{task.name}"] = (int(fields[11]) + int(fields[12])) / tick
    return found


def frames_lost(gaps: list[float]) -> int:
    return sum(math.ceil(g / FRAME_MS) - 1 for g in gaps if g > FRAME_MS)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round((len(ordered) - 1) * q))]


def describe(name: str, gaps: list[tuple[float, float]]) -> str:
    sizes = [end - start for start, end in gaps]
    worst = max(sizes)
    return (
        f"{name}: {len(sizes)} probe wake-ups, gap median {statistics.median(sizes):.2f} ms, "
        f"p99 {percentile(sizes, 0.99):.2f} ms, worst gap {worst:.2f} ms = stall {worst - 5:.2f} ms "
        f"(target ≤ {TARGET_STALL_MS:g}, ratio {(worst - 5) / TARGET_STALL_MS:.2f}); frames lost "
        f"{frames_lost(sizes)}; gaps over a frame: {sum(1 for s in sizes if s > FRAME_MS)}"
    )


def repeated_script(script_id: str, cues: int) -> str:
    """A built-in script's TOML with its middle steps (all but the first and the last) repeated until it has
    at least ``cues`` cues, each repetition's rounds numbered on after the last one's."""
    import tomlkit  # the script shelf's TOML writer, a dependency of the app

    for entry in resource("scripts").iterdir():
        if entry.name.endswith(".toml"):
            data = tomllib.loads(entry.read_text(encoding="utf-8"))
            if data.get("id") == script_id:
                break
    else:
        raise SystemExit(f"no built-in script {script_id!r}")
    steps = data["steps"]
    first, middle, last = steps[:1], steps[1:-1], steps[-1:]

    def count(some: list[dict[str, Any]]) -> int:
        return sum(len(step.get("cues", [])) for step in some)

    times = max(1, math.ceil((cues - count(first + last)) / max(1, count(middle))))
    top = max((step.get("round", 0) for step in middle), default=0)
    data["steps"] = [
        *first,
        *(
            {**step, "round": step["round"] + n * top} if "round" in step else step
            for n in range(times)
            for step in middle
        ),
        *last,
    ]
    data["id"] = f"{script_id}-x{times}"
    data["title"] = f"{data['title']} (its middle {times} times over)"
    return tomlkit.dumps(data)


def wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--script", default="speak-reflect-respond", help="a built-in script id")
    parser.add_argument("--scale", type=float, default=10.0)
    parser.add_argument("--idle-s", type=int, default=10)
    parser.add_argument("--profile", action="store_true", help="also profile the session (slows it)")
    parser.add_argument("--events", action="store_true", help="also time every event by type (slows it)")
    parser.add_argument("--list", type=int, default=15, help="how many of the worst gaps to name")
    parser.add_argument(
        "--paints", action="store_true", help="also time every paint event, and name those of long repaints"
    )
    parser.add_argument("--cues", type=int, default=0, help="repeat the script's middle to at least N cues")
    parser.add_argument("--write-script", type=Path, help="with --cues: keep the script made in this file")
    parser.add_argument(
        "--gaps-json", type=Path, help="write the gaps over a frame and the marks here (perf_gaps.py)"
    )
    args = parser.parse_args()
    if args.cues:
        text = repeated_script(args.script, args.cues)
        script = parse_script(text.encode(), f"{args.script} repeated")
        if args.write_script is not None:
            args.write_script.write_text(text, encoding="utf-8")
    else:
        script = find_script(args.script)
    app = QApplication([sys.argv[0]])
    settings = QSettings(str(HOME / "settings.ini"), QSettings.Format.IniFormat)
    prefs = Preferences()
    speaker = SpeechService(prefs, app)
    keeper = RecordKeeper(HOME / "records", parent=app)
    window = MainWindow(
        prefs, speaker, keeper, settings=settings, clock=ScaledClock(args.scale), app_wide_theme=True
    )
    window.show()
    window.actions_by_name["audience_window"].setChecked(True)  # the room view, as in a room
    room = window.audience_window
    repaints = [RepaintTimer(window, "the facilitator's window")]
    if room is not None:
        repaints.append(RepaintTimer(room, "the room view"))

    marks: list[tuple[float, str]] = []
    session = window.session
    session.stepStarted.connect(
        lambda step: marks.append(
            (now_ms(), f"step change to {step.index + 1} '{step.title}' ({step.kind.value})")
        )
    )
    real_say = speaker.say

    def say(text: str, bell: Any = "none") -> None:
        marks.append((now_ms(), "cue said" + (f" with a {bell} bell" if bell != "none" else "")))
        real_say(text, bell)

    speaker.say = say  # type: ignore[method-assign]
    speaker.cueStarted.connect(lambda _ticket, _at: marks.append((now_ms(), "cue sound began (report)")))
    ready = QEventLoop()
    speaker.ready.connect(ready.quit)
    QTimer.singleShot(60_000, ready.quit)
    window.use_script(script)
    window.set_stage(Stage.PRACTICE)
    ready.exec()
    wait(500)

    probe = Probe()
    probe.start()
    wait(args.idle_s * 1000)
    idle = probe.gaps
    idle_cpu = dict(probe.cpu_ms)

    timeline = session.timeline
    assert timeline is not None
    done = QEventLoop()
    # The window moves to the debrief on the same signal (its handler was connected first, so it has run
    # when this mark is taken, inside the same probe gap).
    session.finished.connect(lambda _log: marks.append((now_ms(), "the practice ended: on to the debrief")))
    session.finished.connect(lambda _log: done.quit())
    limit_ms = round(timeline.total_ms / args.scale) + 30_000
    QTimer.singleShot(limit_ms, done.quit)
    costs = EventCosts()
    if args.events:
        app.installEventFilter(costs)
        costs.on = True
    paint_log = PaintLog()
    if args.paints:
        app.installEventFilter(paint_log)
    probe.start()
    cpu_before = thread_cpu()
    started = now_ms()
    profile = cProfile.Profile() if args.profile else None
    if profile is not None:
        profile.enable()
    window.toggle()  # Space: the practice starts
    done.exec()
    if profile is not None:
        profile.disable()
    ran_ms = now_ms() - started
    costs.on = False
    cpu_after = thread_cpu()
    wait(500)
    probe.timer.stop()
    during = probe.gaps

    steps = sum(1 for _, what in marks if what.startswith("step change"))
    cues = sum(1 for _, what in marks if what.startswith("cue said"))
    print(
        f"{script.id} ({timeline.total_ms / 1000:.0f} s of script) at {args.scale:g}×: "
        f"ran {ran_ms / 1000:.1f} s; "
        f"{steps} step changes, {cues} cues said, "
        f"{sum(1 for _, what in marks if what.startswith('cue sound'))} cue sounds reported; "
        f"sound outputs: {speaker.output.outputs or 'none'}"
    )
    print(describe(f"idle baseline ({args.idle_s} s, window and room view shown, nothing running)", idle))
    longest = max(idle, key=lambda g: g[1] - g[0])
    print(
        f"  its longest gap: {longest[1] - longest[0]:.1f} ms, in which the GUI thread ran "
        f"{idle_cpu.get(longest[0], 0.0):.1f} ms"
    )
    print(describe("session (the real window and room view, speech on)", during))
    ended = next((at for at, what in marks if what.startswith("the practice ended")), None)
    if ended is not None:
        practice = [g for g in during if g[1] < ended]
        print(
            describe(
                "the practice alone: every cue and step change, up to the gap the practice ends in", practice
            )
        )
        move = next((g for g in during if g[0] <= ended <= g[1]), None)
        if move is not None:
            print(
                f"the gap the practice ends in (the window moves to the debrief): {move[1] - move[0]:.1f} ms"
            )
    big = sorted((g for g in during if g[1] - g[0] > FRAME_MS), key=lambda g: g[0] - g[1])
    if args.gaps_json is not None:
        # Monotonic milliseconds, as perf's CLOCK_MONOTONIC samples are stamped (benchmarks/perf_gaps.py).
        over = [[start, end] for start, end in during if end - start > FRAME_MS]
        args.gaps_json.write_text(json.dumps({"started": started, "gaps": over, "marks": marks}))
    causes: dict[str, int] = {}
    lines: list[str] = []
    for start, end in big:
        inside = [what for at, what in marks if start <= at <= end]
        cause = inside[0] if inside else "nothing seen (tick, layout, paint, or the machine)"
        key = cause.split(" '")[0].split(" to ")[0] if cause.startswith("step change") else cause
        causes[key] = causes.get(key, 0) + 1
        busy = sorted(
            (
                (min(at + ms, end) - max(at, start), name)
                for name, calls in HANDLED.items()
                for at, ms in calls
                if at < end and at + ms > start and name != "SessionController.poll"
            ),
            reverse=True,
        )
        named = ", ".join(f"{name} {ms:.1f}" for ms, name in busy[:4] if ms >= 0.5)
        ran = probe.cpu_ms.get(start, 0.0)
        lines.append(
            f"  {end - start:6.1f} ms at {(start - started) / 1000:6.2f} s (the GUI thread ran {ran:5.1f} ms "
            f"of it): {'; '.join(inside) or cause}" + (f"\n        inside it (ms): {named}" if named else "")
        )
    if ended is not None:
        held = sorted(probe.cpu_ms.get(g[0], 0.0) for g in during if g[1] < ended)
        busiest = max((g for g in during if g[1] < ended), key=lambda g: probe.cpu_ms.get(g[0], 0.0))
        print(
            f"the GUI thread's own CPU time in one gap of the practice (what the app itself held the loop "
            f"for, whatever the machine's load): median {statistics.median(held):.2f} ms, "
            f"p99 {percentile(held, 0.99):.2f} ms, max {held[-1]:.2f} ms "
            f"(at {(busiest[0] - started) / 1000:.2f} s, in a gap of {busiest[1] - busiest[0]:.1f} ms); "
            f"gaps with more than a frame of it: {sum(1 for c in held if c > FRAME_MS)}"
        )
    waited = [g for g in big if probe.cpu_ms.get(g[0], 0.0) < (g[1] - g[0]) / 2]
    print(
        f"gaps over a frame in which the GUI thread ran for less than half the gap (it waited: another "
        f"process had the core, or a lock): {len(waited)} of {len(big)}; the longest gap in which it ran for "
        f"at least half: {max((g[1] - g[0] for g in big if g not in waited), default=0.0):.1f} ms"
    )
    print(
        f"gaps over a frame ({len(big)}) by what started inside them: "
        + (", ".join(f"{n} {k}" for k, n in sorted(causes.items(), key=lambda kv: -kv[1])) or "none")
    )
    for line in lines[: args.list]:
        print(line)
    if args.paints:
        print("repaints over 4 ms in the session: the widgets painted in each (region, ms), costliest first:")
        for repaint in repaints:
            for at, ms in sorted(repaint.calls, key=lambda call: -call[1]):
                if ms > 4 and at >= started:
                    drawn = sorted(
                        (p for p in paint_log.paints if at <= p[0] <= at + ms), key=lambda p: -p[1]
                    )
                    painting = sum(p[1] for p in drawn)
                    print(
                        f"  {repaint.name} {ms:.1f} ms at {(at - started) / 1000:.2f} s: {len(drawn)} paint "
                        f"events, {painting:.1f} ms of it: "
                        + ", ".join(f"{who} {w}x{h} {d:.1f}" for _, d, who, w, h in drawn[:6])
                    )
    step_gaps = []
    for at, what in marks:
        if what.startswith("step change"):
            gap = next((end - start for start, end in during if start <= at <= end), 0.0)
            step_gaps.append((gap, what))
    step_calls = [ms for at, ms in HANDLED.get("MainWindow._on_step", []) if at >= started]
    print("every step change, the probe gap it fell in, and MainWindow._on_step's own time (Python):")
    for n, (gap, what) in enumerate(step_gaps):
        own = f"{step_calls[n]:5.1f} ms" if n < len(step_calls) else "   —"
        print(f"  {gap:6.1f} ms  _on_step {own}  {what}")
    used = sorted(((cpu_after[k] - cpu_before.get(k, 0.0), k) for k in cpu_after), reverse=True)
    print(
        "CPU by thread of this process during the session: "
        + ", ".join(f"{name} {seconds / ran_ms * 100_000:.0f} %" for seconds, name in used[:5] if seconds > 0)
    )
    if args.events:
        ranked = sorted(costs.costs.items(), key=lambda item: -sum(item[1]))
        print("events delivered from the event loop in the session, by type, and what their delivery took:")
        for kind, spans in ranked[:8]:
            print(
                f"  {kind:<22} {len(spans):>7} events, {sum(spans) / ran_ms * 100:5.1f} % of the session, "
                f"max {max(spans):6.1f} ms"
            )
            mine = sorted(
                ((sum(v), len(v), who) for (k, who), v in costs.by_receiver.items() if k == kind),
                reverse=True,
            )
            for total, n, who in mine[:4]:
                print(f"      {who:<40} {n:>6} events, {total / ran_ms * 100:5.1f} % of the session")
    for repaint in repaints:
        spans = [ms for at, ms in repaint.calls if at >= started]
        if spans:
            print(
                f"repaint of {repaint.name} (UpdateRequest): {len(spans)} in the session, median "
                f"{statistics.median(spans):.2f} ms, p99 {percentile(spans, 0.99):.2f} ms, "
                f"max {max(spans):.2f} ms, "
                f"{sum(spans) / ran_ms * 100:.1f} % of the session's time"
            )
    for name, calls in HANDLED.items():
        spans = [ms for at, ms in calls if at >= started]
        if spans and not name.startswith("repaint"):
            print(
                f"{name}: {len(spans)} calls in the session, "
                f"median {statistics.median(spans):.2f} ms, "
                f"p99 {percentile(spans, 0.99):.2f} ms, max {max(spans):.2f} ms, "
                f"{sum(spans) / ran_ms * 100:.1f} % of the session's time"
            )
    if profile is not None:
        print("profile of the session, by own time (Python functions and the Qt calls they make):")
        stats = pstats.Stats(profile)
        stats.sort_stats("tottime").print_stats(25)
        stats.print_callers("setStyleSheet")
    window.notices.leave_unsaved_confirmed = lambda: True  # type: ignore[method-assign]
    window.close()
    speaker.shutdown()
    keeper.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
