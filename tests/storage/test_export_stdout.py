"""``sessions export ID -o -``: the export, and only the export, on standard output, ready to pipe on.

Markdown and JSON are text; a PDF goes to a pipe or a file, never to a terminal, where it would show as
garbage (the command says so, writes nothing and exits 2)."""

from __future__ import annotations

import io
import json
import os
import pty
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

import pytest

from mindful_listening.cli import main
from mindful_listening.core.record import SessionRecord
from mindful_listening.storage.store import RecordStore

RecordFactory = Callable[..., SessionRecord]


@pytest.fixture(autouse=True)
def _in_a_scratch_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in a folder of the test's own: were '-' ever taken for a file name again, it would land here."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def stored(data_dir: Path, make_record: RecordFactory) -> SessionRecord:
    record = make_record(["Heard without hurrying."], reflection="Leave more silence.")
    with RecordStore.open(data_dir) as store:
        store.save(record)
    return record


def export(*argv: str, out: TextIO | None = None) -> tuple[int, str]:
    """Run the command in this process; returns its exit code and what it wrote to a text ``out``."""
    stream = out or io.StringIO()
    code = main(["sessions", "export", *argv], stream)
    return code, stream.getvalue() if isinstance(stream, io.StringIO) else ""


def run_cli(*argv: str, stdout: int = subprocess.PIPE) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "mindful_listening", *argv],
        stdout=stdout,
        stderr=subprocess.PIPE,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=60,
        check=False,
    )


def test_markdown_goes_to_standard_output_by_default(stored: SessionRecord, tmp_path: Path) -> None:
    code, text = export(stored.id, "-o", "-")
    assert code == 0
    assert text.startswith(f"# {stored.script_title}\n")
    assert "Heard without hurrying." in text
    assert "Wrote" not in text, "nothing but the export itself, so it can be piped on"
    assert "keep this file private" in text
    assert not (tmp_path / "-").exists(), "no file called '-' was made"


def test_json_goes_to_standard_output_and_reads_back(stored: SessionRecord) -> None:
    code, text = export(stored.id, "--format", "json", "--output", "-")
    assert code == 0
    document = json.loads(text)
    assert document["id"] == stored.id
    assert document["reflection"] == "Leave more silence."


def test_a_pdf_goes_to_a_pipe_as_bytes(stored: SessionRecord) -> None:
    result = run_cli("sessions", "export", stored.id, "--format", "pdf", "-o", "-")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"%PDF")
    assert result.stdout.rstrip().endswith(b"%%EOF")
    assert b"Wrote" not in result.stdout


def test_a_pdf_goes_to_a_binary_standard_output_in_process(stored: SessionRecord, qapp: object) -> None:
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8")
    code, _ = export(stored.id, "--format", "pdf", "-o", "-", out=out)
    assert code == 0
    assert raw.getvalue().startswith(b"%PDF")


def test_a_pdf_is_never_written_to_a_terminal(stored: SessionRecord) -> None:
    controller, terminal = pty.openpty()
    try:
        result = run_cli("sessions", "export", stored.id, "--format", "pdf", "-o", "-", stdout=terminal)
    finally:
        os.close(terminal)
        os.close(controller)
    assert result.returncode == 2
    message = result.stderr.decode()
    assert "a PDF is not text, so it is not written to the terminal (nothing was written)" in message
    assert "-o session.pdf" in message
    assert "Traceback" not in message


def test_a_pdf_to_a_text_only_output_is_refused_clearly(
    stored: SessionRecord, capsys: pytest.CaptureFixture[str]
) -> None:
    code, text = export(stored.id, "--format", "pdf", "-o", "-")
    assert (code, text) == (2, "")
    assert "a PDF cannot be written to it" in capsys.readouterr().err


def test_an_unknown_session_writes_nothing_to_standard_output(
    stored: SessionRecord, capsys: pytest.CaptureFixture[str]
) -> None:
    code, text = export("no-such-session", "-o", "-")
    assert (code, text) == (2, "")
    assert "There is no session with the id no-such-session." in capsys.readouterr().err


def test_a_file_is_still_written_and_confirmed(stored: SessionRecord, tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    code, text = export(stored.id, "-o", str(path))
    assert code == 0
    assert text == f"Wrote {path}. It holds the session's notes: keep it private.\n"
    assert "Heard without hurrying." in path.read_text(encoding="utf-8")
