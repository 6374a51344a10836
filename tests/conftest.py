"""Suite-wide set-up: headless Qt before any QApplication exists, and hygiene checks."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
