"""A trainee's progress at scale: 10,000 stored sessions, 1,000 of them assessed (50 trainees, 20 each).

Measures, on a warm read-only connection, the store's ``assessments_of`` (one trainee's assessments) and
``trainee_codes`` beside a bare full scan that reads one field of every record (what any query without an
index on the assessment must pay); ``collect_progress`` over one trainee's 20; and the progress window from
``show_trainee`` to ``loaded`` through the reader thread, beside a bare PySide6 QWidget shown and painted in
the same run. The window's figure is a round trip: the GUI thread is free while the reader works.

Run:  QT_QPA_PLATFORM=offscreen python benchmarks/bench_progress.py [--sessions 10000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication, QWidget

from mindful_listening.assessment.sample import build_progress_records
from mindful_listening.core.progress import collect_progress
from mindful_listening.storage.store import RecordStore
from mindful_listening.ui.progress import ProgressWindow

TRAINEES = 50


def build_records(count: int) -> list[Any]:
    """bench_storage.py's 10,000 realistic sessions (loaded from beside this file)."""
    spec = importlib.util.spec_from_file_location(
        "bench_storage", Path(__file__).resolve().parent / "bench_storage.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.build_records(count))


def timed(work: Any, repeat: int) -> tuple[list[float], Any]:
    result = None
    times = []
    for _ in range(repeat):
        t = time.perf_counter_ns()
        result = work()
        times.append((time.perf_counter_ns() - t) / 1e6)
    return times, result


def line(label: str, times: list[float]) -> dict[str, float]:
    figures = {"median": round(statistics.median(times), 2), "max": round(max(times), 2)}
    print(f"{label:<58} median {figures['median']:8.2f} ms   max {figures['max']:8.2f} ms")
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="build the records in this folder and keep them")
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="ml-bench-progress-")) / "data"
    app = QApplication.instance() or QApplication(sys.argv[:1])
    results: dict[str, Any] = {"sessions": args.sessions, "python": sys.version.split()[0]}

    started = time.perf_counter_ns()
    with RecordStore.open(folder) as store:
        if store.count() == 0:
            records = build_records(args.sessions)
            template = build_progress_records()
            for n, record in enumerate(records[::10]):
                assessment = dict(template[n % len(template)].assessment or {})
                assessment["trainee_code"] = f"T-{n % TRAINEES:02d}"
                assessment["date"] = record.started_at[:10]
                record.assessment = assessment
            store.import_records(records)
        results["count"] = store.count()
    results["build_s"] = round((time.perf_counter_ns() - started) / 1e9, 2)
    print(f"built {results['count']} sessions in {results['build_s']} s")

    store = RecordStore.open(folder, check_writable=False)
    try:
        store.assessments_of("T-07")  # warm the page cache
        bare, _ = timed(lambda: store._read("SELECT json_extract(record, '$.id') FROM sessions", ()), 10)
        results["bare_scan_ms"] = line("bare: one field of every record (full scan)", bare)
        times, found = timed(lambda: store.assessments_of("T-07"), 10)
        results["assessments_of_ms"] = line(f"assessments_of('T-07'): {len(found)} assessments", times)
        times, codes = timed(store.trainee_codes, 10)
        results["trainee_codes_ms"] = line(f"trainee_codes(): {len(codes)} codes", times)
        times, progress = timed(lambda: collect_progress("T-07", found), 20)
        results["collect_ms"] = line(
            f"collect_progress over {progress.assessment_count} assessments ({len(progress.sets)} sets)",
            times,
        )
    finally:
        store.close()

    # A bare PySide6 widget, shown and painted: the floor for anything drawn.
    def bare_widget() -> None:
        widget = QWidget()
        widget.resize(1180, 780)
        widget.show()
        app.processEvents()
        widget.close()
        widget.deleteLater()
        app.processEvents()

    bare_times, _ = timed(bare_widget, 5)
    results["bare_widget_ms"] = line("bare PySide6: a QWidget shown and painted", bare_times)

    window = ProgressWindow(folder)
    window.resize(1180, 780)
    window.show()
    app.processEvents()
    round_trips = []
    for _ in range(6):
        loop = QEventLoop()
        window.loaded.connect(loop.quit)
        t = time.perf_counter_ns()
        window.show_trainee("T-07")
        loop.exec()
        app.processEvents()  # the chart and table painted
        round_trips.append((time.perf_counter_ns() - t) / 1e6)
        window.loaded.disconnect(loop.quit)
    results["window_round_trip_ms"] = line("progress window: show_trainee to loaded and painted", round_trips)
    window.close()
    window.deleteLater()
    app.processEvents()
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
