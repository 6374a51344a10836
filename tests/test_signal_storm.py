"""Guards the PySide6 6.12.0-on-Python-3.11 abort (PLATFORM-NOTES): thousands of emits must exit cleanly."""

from __future__ import annotations

import subprocess
import sys

CODE = """
from PySide6.QtCore import QCoreApplication, QObject, Signal

class Ticker(QObject):
    tick = Signal(int)

app = QCoreApplication([])
ticker = Ticker()
seen = []
ticker.tick.connect(lambda value: seen.append(value))
for i in range(6000):
    ticker.tick.emit(i)
assert len(seen) == 6000
print("emitted", len(seen))
"""


def test_six_thousand_signal_emits_exit_cleanly() -> None:
    result = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "emitted 6000" in result.stdout
    assert "Fatal Python error" not in result.stderr
