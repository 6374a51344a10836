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
