"""Counts in plain words: "no pauses", "1 pause", "3 pauses". Qt-free.

Apart from :mod:`mindful_listening.wording` (the assessment's and the exports' words, which need the
assessment's model) so that a screen showing a count, such as the one-to-one timer's first page, loads no
more than this.
"""

from __future__ import annotations


def count(n: int, none: str, one: str, many: str, **values: object) -> str:
    """``n`` things in plain words: ``none`` for 0, ``one`` for 1, else ``many`` (with ``{n}`` in it).

    Pass each of the three through a ``tr`` where they are written, so lupdate sees them all:
    ``count(n, tr("no pauses"), tr("1 pause"), tr("{n} pauses"))``. (Qt's ``%n`` plurals read "pause(s)"
    until a translation is installed, and the app ships none for English.) ``values`` fill any other
    ``{name}`` in the chosen words.
    """
    words = none if n == 0 else one if n == 1 else many
    return words.format(n=n, **values)
