"""What a Python event filter costs each event it is offered, by where it is installed.

Run (from the repository root):
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/event_filter_cost.py
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/event_filter_cost.py --rounds 40 --labels 600

A bare PySide6 window of ``--labels`` labels and one line edit (which has the keyboard) is repainted whole
(``repaint()``: one paint event per widget, sent from C++) with:

* nothing installed (the bare baseline);
* an app-wide Python filter that returns ``False`` at once (the least any app-wide Python filter costs);
* the app's ``KeyRouter`` installed app-wide (how the window's keys were routed until 2 December);
* the ``KeyRouter`` on the widgets a key can reach only (the line edit, each widget above it, the window:
  how ``WindowKeys`` installs it now).

The options are interleaved round by round; each figure is the median of ``--rounds``. Per event: the
difference from the bare repaint, divided by the events the repaint delivered (counted once with an app-wide
counter). Prints figures; not a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QGridLayout, QLabel, QLineEdit, QWidget

from mindful_listening.ui.keys import KeyRouter, key_receivers


class Counter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.seen = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        self.seen += 1
        return False


class Nothing(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--labels", type=int, default=300)
    args = parser.parse_args()
    app = QApplication([])
    top = QWidget()
    grid = QGridLayout(top)
    labels = [QLabel(f"label {n}") for n in range(args.labels)]
    for n, label in enumerate(labels):
        grid.addWidget(label, n // 15, n % 15)
    edit = QLineEdit()
    grid.addWidget(edit, args.labels // 15 + 1, 0)
    top.resize(1400, 900)
    top.show()
    app.processEvents()
    edit.setFocus()
    app.processEvents()

    counter = Counter()
    app.installEventFilter(counter)
    top.repaint()
    counter.seen = 0
    top.repaint()
    events = counter.seen
    app.removeEventFilter(counter)

    router = KeyRouter(lambda _widget: True, lambda: None, lambda _widget: None)
    nothing = Nothing()
    receivers = key_receivers(edit, [top])
    options: dict[str, tuple[list[QObject], QObject | None]] = {
        "bare: no filter": ([], None),
        "app-wide, returns False at once": ([app], nothing),
        "app-wide KeyRouter (until now)": ([app], router),
        f"KeyRouter on the {len(receivers)} widgets a key can reach (now)": (list(receivers), router),
    }
    times: dict[str, list[float]] = {name: [] for name in options}
    for _round in range(args.rounds):
        for name, (where, watcher) in options.items():
            for target in where:
                assert watcher is not None
                target.installEventFilter(watcher)
            start = time.perf_counter_ns()
            top.repaint()
            times[name].append((time.perf_counter_ns() - start) / 1e6)
            for target in where:
                assert watcher is not None
                target.removeEventFilter(watcher)
    bare = statistics.median(times["bare: no filter"])
    print(f"one repaint of {args.labels} labels and a line edit: {events} events delivered")
    for name, spans in times.items():
        median = statistics.median(spans)
        print(
            f"  {name:<50} median {median:7.2f} ms  ({median / bare:4.2f}× bare), "
            f"{(median - bare) / events * 1000:+6.2f} µs per event delivered"
        )
    top.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
