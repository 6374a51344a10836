"""A property over the script reader: whatever the bytes, only two outcomes (issue 15).

Either a valid script, which compiles to a timeline and a plan that can be printed as JSON; or
:class:`ScriptProblems` whose every line names the file, on one line, with nothing that could steer a
terminal.
The inputs are the corpus generator's (tools/script_corpus.py: mutations of the built-ins, random bytes, huge
and deep inputs), driven by hypothesis so a failure shrinks to a short list of changes. A few hundred cases
here keep the suite fast; benchmarks/fuzz_reader.py runs ten thousand and measures the time per file. Nothing
is timed here.
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mindful_listening.core.characters import printable
from mindful_listening.core.loading import Problem, ScriptProblems, check_script
from mindful_listening.core.timeline import compile_script

ROOT = Path(__file__).resolve().parents[2]
SOURCE = "fuzz case.toml"
FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)


def _corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("script_corpus", ROOT / "tools" / "script_corpus.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CORPUS = _corpus()


def only_two_outcomes(data: bytes) -> str:
    """Read ``data``; assert it gave a usable script or problems naming the file. Returns which."""
    refused: list[Problem] | None = None
    try:
        checked = check_script(data, SOURCE)
    except ScriptProblems as exc:
        refused = exc.problems
    if refused is not None:
        assert refused
        for problem in refused:
            shown = str(problem)
            assert shown.startswith(SOURCE), shown
            assert shown == printable(shown), f"raw control or invisible characters in {shown!r}"
        return "problems"
    timeline = compile_script(checked.script)
    json.dumps(timeline.to_plan(), ensure_ascii=False)
    assert timeline.total_ms == sum(step.span_ms for step in timeline.steps)
    for warning in checked.warnings:
        assert str(warning).startswith(f"{SOURCE}:")
        assert ": warning: " in str(warning)
    return "script"


@settings(FUZZ, max_examples=200)
@given(st.randoms(use_true_random=False))
def test_mutations_of_the_built_ins(rng: random.Random) -> None:
    _, data = CORPUS.mutation(rng)
    only_two_outcomes(data)


@settings(FUZZ, max_examples=100)
@given(st.binary(max_size=3000))
def test_random_bytes(data: bytes) -> None:
    only_two_outcomes(data)


@settings(FUZZ, max_examples=30)
@given(st.randoms(use_true_random=False))
def test_huge_and_deep_inputs(rng: random.Random) -> None:
    _, data = CORPUS.huge(rng, sizes=(1_000, 30_000))
    only_two_outcomes(data)


@settings(FUZZ, max_examples=50)
@given(st.text(max_size=400))
def test_any_text_in_any_field(text: str) -> None:
    """Any string, through a TOML escape where it must be, as a title, a cue, a role, a duration."""
    escaped = json.dumps(text)  # a JSON string is a valid TOML basic string (\\uXXXX escapes included)
    if "\\ud8" in escaped or "\\udc" in escaped or "\\udb" in escaped:  # lone surrogates: not TOML
        escaped = '"x"'
    base = CORPUS.builtins()[0].decode()
    for old in ('title = "', 'text = "', 'speaker = "', 'duration = "'):
        at = base.find(old)
        end = base.find("\n", at)
        only_two_outcomes((base[:at] + old.split(" = ")[0] + " = " + escaped + base[end:]).encode())


def test_validate_exits_2_naming_each_file_for_a_few_hostile_files(tmp_path: Path) -> None:
    paths = []
    for number, (_, data) in enumerate(CORPUS.corpus(seed=15, count=12, huge_share=0.2)):
        path = tmp_path / f"case-{number}.toml"
        path.write_bytes(data)
        if only_two_outcomes(data) == "problems":
            paths.append(path)
    assert len(paths) >= 6
    result = subprocess.run(
        [sys.executable, "-m", "mindful_listening", "validate", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={**os.environ, "PYTHONWARNINGS": ""},
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    for path in paths:
        assert f"{path}" in result.stdout
