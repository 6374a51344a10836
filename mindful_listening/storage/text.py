"""User-visible words of the storage layer, through Qt's translator when Qt is loaded.

The command line lists sessions without loading Qt, and no translation can be installed without a
``QCoreApplication``; so when Qt is not loaded the English text is used as it is.
"""

from __future__ import annotations

import sys

CONTEXT = "Records"


def tr(text: str) -> str:
    if "PySide6.QtCore" in sys.modules:
        from PySide6.QtCore import QCoreApplication

        return QCoreApplication.translate(CONTEXT, text)
    return text


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark a constant for translation where it is defined; translate it with :func:`tr` where it is shown."""
    del context
    return text


def count(n: int, none: str, one: str, many: str, **values: object) -> str:
    """``n`` things in plain words: ``none`` for 0, ``one`` for 1, else ``many`` (with ``{n}`` in it).

    Pass each of the three through :func:`tr` where they are written, so lupdate sees them all:
    ``count(n, tr("no pauses"), tr("1 pause"), tr("{n} pauses"))``. (Qt's ``%n`` plurals read "pause(s)"
    until a translation is installed, and the app ships none for English.) ``values`` fill any other
    ``{name}`` in the chosen words.
    """
    words = none if n == 0 else one if n == 1 else many
    return words.format(n=n, **values)
