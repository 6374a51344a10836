"""Wiring for the desktop app (filled in by the window issue)."""

from __future__ import annotations

from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from mindful_listening.ui.main import run

    return int(run(list(argv or [])))
