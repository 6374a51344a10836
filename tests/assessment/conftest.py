"""Fixtures for the assessment tests: the synthetic observed session, PDF text, a widget-text walker."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QWidget,
)

from mindful_listening.assessment.sample import build_sample_record
from mindful_listening.core.record import SessionRecord


@pytest.fixture
def sample_record() -> SessionRecord:
    return build_sample_record()


@pytest.fixture
def pdf_text() -> Callable[[Path], str]:
    """The text of a PDF as pdftotext reads it (poppler-utils), in reading order."""
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")

    def read(path: Path) -> str:
        return subprocess.run(
            [tool, str(path), "-"], capture_output=True, text=True, check=True, timeout=60
        ).stdout

    return read


@pytest.fixture
def pdf_pages() -> Callable[[Path], int]:
    """The page count pdfinfo reads from a PDF."""
    tool = shutil.which("pdfinfo")
    if tool is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed")

    def count(path: Path) -> int:
        info = subprocess.run(
            [tool, str(path)], capture_output=True, text=True, check=True, timeout=60
        ).stdout
        return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))

    return count


CliRunner = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run_cli(tmp_path: Path) -> CliRunner:
    """Run ``python -m mindful_listening ARGS`` in a fresh process, from a temporary directory."""

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "mindful_listening", *args],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=tmp_path,
        )

    return run


@pytest.fixture
def texts_of() -> Callable[[QWidget], list[str]]:
    return widget_texts


def widget_texts(root: QWidget) -> list[str]:
    """Every piece of text a widget tree can show: titles, labels, fields, lists, tooltips.

    For privacy checks on any view (use it on the audience view: no observation text may appear there).
    """
    texts = [root.windowTitle(), root.toolTip()]
    for widget in [root, *root.findChildren(QWidget)]:
        texts.append(widget.toolTip())
        if isinstance(widget, QLabel | QLineEdit | QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QPlainTextEdit):
            texts.append(widget.toPlainText())
        elif isinstance(widget, QComboBox):
            texts.extend(widget.itemText(i) for i in range(widget.count()))
        elif isinstance(widget, QListWidget):
            texts.extend(widget.item(i).text() for i in range(widget.count()))
    return [t for t in texts if t]
