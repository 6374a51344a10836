"""The assessment parts load no Qt where they must not, and the sample generator still works."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]


def test_the_cli_commands_and_the_models_load_no_qt() -> None:
    code = (
        "import sys\n"
        "import mindful_listening.core.assessment, mindful_listening.core.criteria\n"
        "import mindful_listening.assessment.commands, mindful_listening.assessment.sample\n"
        "import mindful_listening.cli\n"
        "mindful_listening.cli.build_parser().parse_args(['criteria'])\n"
        "print(','.join(sorted(n for n in sys.modules if n.split('.')[0] in ('PySide6', 'shiboken6'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == ""


def test_the_cli_registers_the_assessment_commands() -> None:
    from mindful_listening.cli import COMMAND_MODULES, build_parser

    assert "mindful_listening.assessment.commands" in COMMAND_MODULES
    args = build_parser().parse_args(["assessment-report", "r.json", "-o", "r.pdf"])
    assert (args.record, args.output) == ("r.json", "r.pdf")


@pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")  # offscreen: no WM hints
def test_the_sample_generator_writes_a_report_and_screenshots(qapp: Any, tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "make_assessment_samples", REPO / "tools" / "make_assessment_samples.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written = module.make_samples(tmp_path)
    names = sorted(p.name for p in written)
    assert names == [
        "assessment-panel-summary.png",
        "assessment-panel.png",
        "observed-practice-assessment-with-progress.pdf",
        "observed-practice-assessment.pdf",
        "trainee-progress-levels.png",
        "trainee-progress.png",
    ]
    for path in written:
        assert path.stat().st_size > 10_000
    assert (tmp_path / "samples" / "observed-practice-assessment.pdf").read_bytes().startswith(b"%PDF")
    assert (REPO / "docs" / "samples" / "observed-practice-assessment.pdf").exists(), "the committed sample"
