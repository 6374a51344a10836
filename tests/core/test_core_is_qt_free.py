from __future__ import annotations

import subprocess
import sys


def test_importing_the_core_loads_no_qt() -> None:
    code = (
        "import sys, pkgutil, importlib, mindful_listening.core as core\n"
        "for m in pkgutil.walk_packages(core.__path__, 'mindful_listening.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "import mindful_listening.cli\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == ""
