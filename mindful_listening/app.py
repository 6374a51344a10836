"""The desktop app's entry point (``mindful-listening-gui``, and ``mindful-listening`` with no command)."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from mindful_listening.ui.main import run

    # As a gui-script the entry point is called with no arguments: read them from the command line then,
    # so `mindful-listening-gui --one-to-one` opens the one-to-one timer, as `mindful-listening` does.
    return int(run(list(sys.argv[1:] if argv is None else argv)))
