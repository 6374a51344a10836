"""The script reader against thousands of odd and hostile files: crashes, hangs and the worst time per file.

Each case from tools/script_corpus.py (mutations of the built-ins, random bytes, huge and deep inputs) goes
through ``check_script`` (what ``validate``, ``rehearse`` and ``play`` run), and, as a baseline in the same
run, through ``tomllib.loads`` of the same text alone. The only two outcomes allowed are a script or a
``ScriptProblems`` whose every line names the file; anything else is a crash, printed with its case. A case
that runs past ``--bound`` seconds is stopped (SIGALRM) and counted as a hang: measured, never asserted.

    .venv/bin/python benchmarks/fuzz_reader.py --cases 10000 --seed 15

Prints the outcomes, crashes and hangs, then the reader's time per file (median, p99, worst, and the worst
case's name and size) beside the baseline's, in all and per family. docs/performance.md records a run.
"""

from __future__ import annotations

import argparse
import importlib.util
import signal
import statistics
import sys
import time
import tomllib
import traceback
from collections import Counter, defaultdict
from pathlib import Path
from types import FrameType, ModuleType

from mindful_listening.core.loading import ScriptProblems, check_script

ROOT = Path(__file__).resolve().parents[1]
SOURCE = "fuzz.toml"


def corpus_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("script_corpus", ROOT / "tools" / "script_corpus.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Hang(Exception):
    """A case ran past the bound."""


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise Hang


def timed(action: str, data: bytes, bound: float) -> tuple[str, float, str]:
    """Run ``action`` on ``data`` with a wall-clock bound: (outcome, seconds, detail)."""
    signal.setitimer(signal.ITIMER_REAL, bound)
    start = time.perf_counter()
    detail = ""
    try:
        if action == "reader":
            check_script(data, SOURCE)
            outcome = "script"
        else:
            tomllib.loads(data.decode("utf-8-sig"))
            outcome = "parsed"
    except Hang:
        outcome = "hang"
    except ScriptProblems as exc:
        outcome = "problems"
        unnamed = [str(p) for p in exc.problems if not str(p).startswith(SOURCE)]
        if unnamed or not exc.problems:
            outcome, detail = "crash", f"a problem that does not name the file: {unnamed[:1]}"
    except Exception as exc:
        if action == "reader":
            outcome, detail = "crash", "".join(traceback.format_exception(exc)[-3:])
        else:
            outcome = "refused"  # the baseline refusing a file is its answer, not a crash
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return outcome, time.perf_counter() - start, detail


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return (
        f"median {statistics.median(ordered) * 1000:8.3f} ms  p99 {p99 * 1000:8.2f} ms  "
        f"worst {ordered[-1] * 1000:8.1f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--bound", type=float, default=10.0, help="seconds after which a case is a hang")
    parser.add_argument("--huge-share", type=float, default=0.04, help="share of huge and deep cases")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGALRM, _alarm)
    corpus = corpus_module()
    outcomes: Counter[str] = Counter()
    baseline_outcomes: Counter[str] = Counter()
    reader: dict[str, list[float]] = defaultdict(list)
    baseline: dict[str, list[float]] = defaultdict(list)
    worst: tuple[float, str, int] = (0.0, "", 0)
    worst_baseline: tuple[float, str, int] = (0.0, "", 0)
    crashes: list[tuple[str, str]] = []
    hangs: list[str] = []
    began = time.perf_counter()
    for name, data in corpus.corpus(args.seed, args.cases, args.huge_share):
        family = name.split(":", 1)[0]
        outcome, seconds, detail = timed("reader", data, args.bound)
        outcomes[outcome] += 1
        reader[family].append(seconds)
        if outcome == "crash":
            crashes.append((name, detail))
        if outcome == "hang":
            hangs.append(name)
        worst = max(worst, (seconds, name, len(data)))
        base_outcome, base_seconds, _ = timed("baseline", data, args.bound)
        baseline_outcomes[base_outcome] += 1
        baseline[family].append(base_seconds)
        worst_baseline = max(worst_baseline, (base_seconds, name, len(data)))
    took = time.perf_counter() - began

    print(f"{args.cases} cases (seed {args.seed}, bound {args.bound:g} s per case) in {took:.1f} s")
    print(f"reader outcomes: {dict(sorted(outcomes.items()))}")
    print(f"baseline (tomllib.loads alone) outcomes: {dict(sorted(baseline_outcomes.items()))}")
    print(f"crashes: {len(crashes)}   hangs (past {args.bound:g} s): {len(hangs)}")
    for name, detail in crashes[:20]:
        print(f"  CRASH {name}\n    {detail.strip()}")
    for name in hangs[:20]:
        print(f"  HANG {name}")
    print()
    print(f"{'':12} {'reader (check_script)':>58}   |   baseline (tomllib.loads)")
    for family in sorted(reader):
        times = reader[family]
        print(f"{family:12} n={len(times):5}  {summary(times)}   |   {summary(baseline[family])}")
    every = [t for times in reader.values() for t in times]
    every_baseline = [t for times in baseline.values() for t in times]
    print(f"{'all':12} n={len(every):5}  {summary(every)}   |   {summary(every_baseline)}")
    print(f"worst reader case:   {worst[0] * 1000:.1f} ms, {worst[1]} ({worst[2]:,} bytes)")
    seconds, name, size = worst_baseline
    print(f"worst baseline case: {seconds * 1000:.1f} ms, {name} ({size:,} bytes)")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
