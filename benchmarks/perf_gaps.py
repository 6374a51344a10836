"""What Qt itself did inside the GUI thread's longest gaps: ``gui_stall.py`` under Linux ``perf``.

``gui_stall.py`` names the Python handlers that ran in a gap and the repaints' times, but not the C++ work
between them: layouts asking labels for their height at a width, text shaped again, widgets painted. This
runs ``gui_stall.py`` (its arguments after ``--``) under ``perf record`` with DWARF call graphs at 1 kHz,
stamped with CLOCK_MONOTONIC like the benchmark's own gaps, and for the worst gaps (and all the gaps over a
frame together) prints how many samples (1 ms each) fell in each kind of work.

Run (from the repository root; needs ``perf``, e.g. Debian's ``linux-perf``):
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/perf_gaps.py -- --script timed-pair-share --scale 20
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/perf_gaps.py --worst 3 -- --cues 100 --scale 20

Sampling adds its own cost (about a tenth here), so the gaps are a little longer than in a plain run: read
the shares, not the milliseconds. Not a test.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Kinds of work, by frames that mark them (the first kind with a frame in a sample's stack names it). A deep
# stack is cut at 16 kB, so painting is known by its inner frames too.
KINDS: list[tuple[str, tuple[str, ...]]] = [
    ("a label's height at a width (text laid out)", ("QLabel::heightForWidth",)),
    ("a label's size hint (text laid out)", ("QLabel::sizeHint", "QLabel::minimumSizeHint")),
    (
        "painting widgets",
        ("QWidgetRepaintManager::paintAndFlush", "QWidgetPrivate::drawWidget",
         "QWidgetPrivate::paintSiblings", "QRasterPaintEngine", "QPainter::", "QTextLine::draw",
         "QTextLayout::draw", "QStyleSheetStyle::draw"),
    ),
    ("a page shown or hidden", ("QStackedLayout::setCurrentIndex",)),
    ("a scroll area relaid out", ("QScrollArea::event",)),
    ("a splitter relaid out", ("QSplitter::event",)),
    ("a layout set in place", ("QLayout::activate",)),
    ("a style sheet matched", ("QStyleSheetStyle", "QCss::")),
    ("a font changed", ("QWidget::setFont",)),
    ("text measured", ("QFontMetrics::", "QTextEngine::shape")),
    ("JSON encoded", ("encoder_",)),
    ("garbage collected", ("gc_collect",)),
]  # fmt: skip

# Frames of the interpreter, the bindings and the event loop: skipped when a sample's own work is named.
PLUMBING = re.compile(
    r"^(_Py|Py|method_vectorcall|cfunction|slot_|call_|vectorcall|object_vacall|builtin_|Shiboken|sbk|Sbk|"
    r"\[unknown\]|QMetaObject|QMetaMethod|doActivate|QtPrivate|qt_static_metacall|QSlotObject|"
    r"QCallableObject|PySide|_start|__libc|main$|pymain|run_|_dl|do_call_core|pyrun_file|"
    r"QCoreApplication|QApplicationPrivate::notify_helper|QApplication::notify|QEventDispatcher|g_main|"
    r"postEventSourceDispatch|idleTimerSourceDispatch|timerSourceDispatch|QEventLoop::exec|QWidget::event|"
    r"QFrame::event|QObject::event|QTimerInfoList|QTimer|QSingleShotTimer)"
)

Sample = tuple[float, int, list[str]]


def record(stall_args: list[str], out: Path, gaps: Path) -> None:
    command = [
        "perf", "record", "-q", "-k", "CLOCK_MONOTONIC", "-F", "1000", "--call-graph", "dwarf,16384",
        "-o", str(out), "--", sys.executable, str(HERE / "gui_stall.py"), *stall_args,
        "--gaps-json", str(gaps),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    for line in done.stdout.splitlines()[:8]:
        print(line)
    if done.returncode != 0:
        sys.exit(f"gui_stall.py under perf failed ({done.returncode}):\n{done.stderr[-2000:]}")


def samples(data: Path) -> list[Sample]:
    text = subprocess.run(
        ["perf", "script", "-i", str(data), "-F", "tid,time,ip,sym"],
        capture_output=True, text=True, check=True, errors="replace",
    ).stdout  # fmt: skip
    found: list[Sample] = []
    frames: list[str] = []
    for line in text.splitlines():
        if line.startswith("\t"):
            parts = line.strip().split(None, 1)
            if len(parts) == 2:
                frames.append(parts[1].split(" (")[0])
            continue
        head = re.match(r"\s*(\d+)\s+([\d.]+):", line)
        if head:
            frames = []
            found.append((float(head.group(2)) * 1000, int(head.group(1)), frames))
    return found


def kind_of(frames: list[str]) -> str:
    stack = " ".join(frames)
    for name, marks in KINDS:
        if any(mark in stack for mark in marks):
            return name
    own = [frame for frame in reversed(frames) if not PLUMBING.match(frame) and not frame.startswith("0x")]
    return "Python, or the event loop itself" if not own else f"other: {own[0]}"


def report(title: str, inside: list[Sample]) -> None:
    print(title)
    kinds = collections.Counter(kind_of(frames) for _, _, frames in inside)
    for name, count in kinds.most_common(10):
        print(f"    {count:4d}  {100 * count / max(1, len(inside)):3.0f} %  {name}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worst", type=int, default=5, help="how many of the worst gaps to break down")
    parser.add_argument("stall_args", nargs=argparse.REMAINDER, help="-- then gui_stall.py's arguments")
    args = parser.parse_args()
    if shutil.which("perf") is None:
        print("perf is not installed (Debian: apt-get install linux-perf): nothing measured")
        return 1
    stall_args = [a for a in args.stall_args if a != "--"]
    with tempfile.TemporaryDirectory(prefix="ml-perf-") as tmp:
        data, gaps_file = Path(tmp) / "perf.data", Path(tmp) / "gaps.json"
        record(stall_args, data, gaps_file)
        gaps = json.loads(gaps_file.read_text())
        every = samples(data)
    if not every:
        print("perf recorded no samples")
        return 1
    gui = collections.Counter(tid for _, tid, _ in every).most_common(1)[0][0]  # the busiest: the GUI's
    started = gaps["started"]
    spans = [(start, end) for start, end in gaps["gaps"]]
    in_gaps = [s for s in every if s[1] == gui and any(a <= s[0] <= b for a, b in spans)]
    print(f"\n{len(spans)} gaps over a frame; {len(in_gaps)} GUI-thread samples (1 ms each) inside them")
    report("all the gaps over a frame together:", in_gaps)
    for start, end in sorted(spans, key=lambda g: g[0] - g[1])[: args.worst]:
        marks = [what for at, what in gaps["marks"] if start <= at <= end] or ["nothing seen"]
        inside = [s for s in in_gaps if start <= s[0] <= end]
        report(f"\n{end - start:.1f} ms at {(start - started) / 1000:.2f} s ({'; '.join(marks)}):", inside)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
