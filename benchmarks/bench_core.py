"""Core engine costs: loading and compiling every built-in, and a runner poll.

Run: python benchmarks/bench_core.py
Prints figures; not a test. The runner is polled at every timer wake-up on the GUI thread, so its cost bounds
how much of the event loop the timing engine can ever take.
"""

from __future__ import annotations

import statistics
import time

from mindful_listening.core.clock import ManualClock
from mindful_listening.core.library import builtin_scripts, find_script
from mindful_listening.core.runner import SessionRunner, State
from mindful_listening.core.timeline import compile_script


def main() -> None:
    builtin_scripts.cache_clear()
    t0 = time.perf_counter_ns()
    scripts = builtin_scripts()
    load_ms = (time.perf_counter_ns() - t0) / 1e6
    each = load_ms / len(scripts)
    print(f"load + validate {len(scripts)} built-ins: {load_ms:.1f} ms ({each:.2f} ms each)")

    t0 = time.perf_counter_ns()
    for _ in range(100):
        for script in scripts:
            compile_script(script)
    compile_us = (time.perf_counter_ns() - t0) / 1e3 / (100 * len(scripts))
    print(f"compile one script: {compile_us:.1f} µs")

    longest = max(scripts, key=lambda s: compile_script(s).total_ms)
    timeline = compile_script(find_script(longest.id))
    clock = ManualClock()
    runner = SessionRunner(timeline, clock)
    runner.start()
    costs = []
    while runner.state is State.RUNNING:
        clock.advance(100)
        t0 = time.perf_counter_ns()
        runner.poll()
        runner.snapshot()
        costs.append(time.perf_counter_ns() - t0)
    costs.sort()
    median = statistics.median(costs) / 1e3
    p99 = costs[int(len(costs) * 0.99)] / 1e3
    print(
        f"poll + snapshot over {longest.id} ({len(costs)} polls every 100 ms of session time): "
        f"median {median:.1f} µs, p99 {p99:.1f} µs, max {costs[-1] / 1e3:.1f} µs "
        f"(a 60 Hz frame is 16,667 µs: the engine takes {p99 / 16_667:.2%} of one at p99)"
    )


if __name__ == "__main__":
    main()
