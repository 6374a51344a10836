"""What every export shares, without the exports: the formats, the outline's blocks, writing the file.

And the words the lists share with the exports (a time, a rehearsal's speed).

Light on purpose: the first screen (the notices, the records store, the diary and course rows) imports these,
and :mod:`mindful_listening.storage.export`, with its Markdown, PDF and assessment words, loads only at the
first export (docs/decisions/0015-exports-load-at-the-first-export.md). Everything here is also reachable as
``mindful_listening.storage.export.<name>``. Qt-free.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from mindful_listening.core.files import write_private
from mindful_listening.storage.text import QT_TRANSLATE_NOOP, tr

Format = Literal["md", "pdf", "json"]


@dataclass(frozen=True)
class ExportFormat:
    """One kind of export file. A new format is its key in ``Format``, an entry in :data:`EXPORT_FORMATS`
    and a branch in :func:`mindful_listening.storage.export.render`: the command line, the history window
    and the exporter all take their formats from here."""

    key: Format
    suffixes: tuple[str, ...]  # the first is the one a new file gets
    menu_label: str  # in the history window's Export menu (translated where it is shown)
    file_filter: str  # for a save dialog
    paged: bool = False  # laid out on pages (the PDF): a QGuiApplication must exist, and pages are counted
    binary: bool = False  # bytes that are not text (the PDF): never written to a terminal


EXPORT_FORMATS: dict[Format, ExportFormat] = {
    "md": ExportFormat(
        "md", ("md", "markdown", "txt"), QT_TRANSLATE_NOOP("Records", "Markdown (.md)…"), "Markdown (*.md)"
    ),
    "pdf": ExportFormat(
        "pdf",
        ("pdf",),
        QT_TRANSLATE_NOOP("Records", "PDF (.pdf)…"),
        "PDF (*.pdf)",
        paged=True,
        binary=True,
    ),
    "json": ExportFormat(
        "json",
        ("json",),
        QT_TRANSLATE_NOOP("Records", "JSON, to import elsewhere (.json)…"),
        "JSON (*.json)",
    ),
}
FORMATS: tuple[Format, ...] = tuple(EXPORT_FORMATS)


class ExportError(Exception):
    """The export could not be written; ``str()`` says why."""


# ---------------------------------------------------------------------------------------------- outline
@dataclass(frozen=True)
class Block:
    """One piece of the outline: a heading, a paragraph, label/value details, or a table."""

    kind: Literal["title", "heading", "subheading", "para", "details", "table", "note", "break"]
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()


def format_when(value: str | None, short: bool = False) -> str:
    """An ISO 8601 time as the facilitator reads it, in local time: "Monday 2 March 2026, 09:30 (UTC)",
    or with ``short`` (for lists) "Mon 2 Mar 2026, 09:30"."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    if short:
        return f"{moment.strftime('%a')} {moment.day} {moment.strftime('%b %Y, %H:%M')}"
    offset = moment.strftime("%z")
    zone = "UTC" if offset in ("+0000", "") else f"UTC{offset[:3]}:{offset[3:]}"
    return f"{moment.strftime('%A')} {moment.day} {moment.strftime('%B %Y, %H:%M')} ({zone})"


def speed_words(speed: float) -> str:
    """``30×``, ``2.5×``: how many times faster than real time a rehearsal ran."""
    return f"{speed:g}×"


def write_file(path: str | Path, data: bytes) -> None:
    """Write an export's bytes to ``path``, owner-only and atomically; :class:`ExportError` says why not."""
    try:
        write_private(path, data)
    except OSError as exc:
        raise ExportError(
            tr("Could not write {path}: {reason}.").format(path=path, reason=exc.strerror or exc)
        ) from None


def guess_format(path: str | Path) -> Format | None:
    """The format a file name asks for (``notes.pdf``: pdf), or None when it does not tell."""
    suffix = Path(path).suffix.lower().lstrip(".")
    for fmt in EXPORT_FORMATS.values():
        if suffix in fmt.suffixes:
            return fmt.key
    return None
