"""The 100-cue script that ``benchmarks/gui_stall.py --cues`` makes from a built-in one (issue 16's measure).

The benchmark sets up its own home and Qt at import, so it is imported in a child process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("gui_stall", "benchmarks/gui_stall.py")
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
import shutil
shutil.rmtree(module.HOME, ignore_errors=True)  # the benchmark's own temporary home, unused here
from mindful_listening.core.loading import parse_script
from mindful_listening.core.library import find_script
made = parse_script(module.repeated_script(sys.argv[1], int(sys.argv[2])).encode(), "made")
original = find_script(sys.argv[1])
print(json.dumps({
    "id": made.id,
    "cues": sum(len(step.cues) for step in made.steps),
    "kinds": sorted({step.kind.value for step in made.steps}),
    "original_kinds": sorted({step.kind.value for step in original.steps}),
    "steps": [step.title for step in made.steps],
    "original_steps": [step.title for step in original.steps],
    "rounds": [step.round for step in made.steps],
}))
"""


def _made(script_id: str, cues: int) -> dict[str, object]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, script_id, str(cues)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_a_hundred_cues_from_a_built_in_keep_its_steps_and_number_each_round_anew() -> None:
    made = _made("speak-reflect-respond", 100)
    assert made["id"] == "speak-reflect-respond-x5"
    assert isinstance(made["cues"], int)
    assert made["cues"] >= 100
    assert made["kinds"] == made["original_kinds"], "every kind of step the built-in has"
    steps, original = made["steps"], made["original_steps"]
    assert isinstance(steps, list)
    assert isinstance(original, list)
    assert steps[0] == original[0]
    assert steps[-1] == original[-1]
    assert steps[1:-1] == original[1:-1] * 5
    numbers = made["rounds"]
    assert isinstance(numbers, list)
    rounds = [r for r in numbers if r is not None]
    assert rounds == sorted(rounds), "each repetition's rounds come after the last one's"
    assert len(set(rounds)) == 5 * len(set(rounds[: len(rounds) // 5]))
