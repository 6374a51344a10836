"""The records store reaches the first screen without the exports (issue 16): the app is started in a process
of its own, as ``mindful-listening`` starts it (tests/ui/test_startup_imports.py's child), and what it has
imported by then is read from ``sys.modules``. The exports load at the first export, on its background thread.
No timing is asserted (benchmarks/startup.py measures that)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ui.test_startup_imports import _start

# What only an export (or an import of an exported file, or the assessment) needs.
EXPORTS = (
    "mindful_listening.storage.export",
    "mindful_listening.wording",  # the assessment's and the exports' words
    "mindful_listening.core.assessment",
    "mindful_listening.core.criteria",
)
# The parts of the records the first screen does use: the check would pass vacuously without them.
RECORDS = (
    "mindful_listening.storage.store",
    "mindful_listening.storage.keeper",
    "mindful_listening.storage.diary",
    "mindful_listening.storage.course",
)


def _pdf_modules(loaded: set[str]) -> list[str]:
    return sorted(
        m for m in loaded if "pdf" in m.lower() or m.startswith(("PySide6.QtPdf", "PySide6.QtPrint"))
    )


@pytest.mark.parametrize("args", [(), ("--one-to-one",)], ids=["facilitator", "one-to-one"])
def test_the_first_screen_opens_the_records_without_the_exports(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    found = _start(tmp_path, *args)
    assert found["shown"] == (["OneToOneWindow"] if args else ["MainWindow"])
    loaded = set(found["modules"])
    assert sorted(set(RECORDS) - loaded) == []
    assert sorted(loaded & set(EXPORTS)) == []
    assert _pdf_modules(loaded) == []


# Imports the package and one part of it, as a window would, in a fresh process; prints what came with them.
PACKAGE_CHILD = """
import json, sys
import mindful_listening.storage as storage
from mindful_listening.storage import diary, course, keeper
names = {name: type(getattr(storage, name)).__name__ for name in ("RecordStore", "open_store", "Query")}
print(json.dumps({"names": names, "modules": sorted(sys.modules)}), flush=True)
"""


def test_the_records_package_loads_the_exports_only_when_they_are_asked_for() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PACKAGE_CHILD],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    found = json.loads(done.stdout.splitlines()[-1])
    assert found["names"] == {"RecordStore": "type", "open_store": "function", "Query": "type"}
    assert sorted(set(found["modules"]) & set(EXPORTS)) == []

    import mindful_listening.storage as storage
    from mindful_listening.storage import export

    # The package's names are the same objects as their modules' (an ``except ExportError`` catches either).
    assert storage.write_export is export.write_export
    assert storage.ExportError is export.ExportError
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        storage.nothing_here  # noqa: B018


# A fresh process's first export, through the app's Exporter; the thread the exports are imported on is noted.
EXPORTER_CHILD = """
import json, sys, threading

class Watch:
    thread = None

    def find_spec(self, name, path, target=None):
        if name == "mindful_listening.storage.export" and Watch.thread is None:
            Watch.thread = threading.current_thread().name
        return None

sys.meta_path.insert(0, Watch())
from PySide6.QtCore import QCoreApplication, QEventLoop
from mindful_listening.core.record import SessionRecord
from mindful_listening.storage.exporter import Exporter

app = QCoreApplication([])
before = "mindful_listening.storage.export" in sys.modules
record = SessionRecord(
    id="s1", script_id="classic-pairs", script_title="Classic pairs", mode="group-pairs",
    script_snapshot={}, started_at="2026-03-02T09:30:00Z",
)
exporter = Exporter()
loop = QEventLoop()
answers = []
exporter.finished.connect(lambda path, pages: (answers.append(["finished", path, pages]), loop.quit()))
exporter.failed.connect(lambda message: (answers.append(["failed", message]), loop.quit()))
exporter.export([record], sys.argv[1], "md")
loop.exec()
exporter.wait()
print(json.dumps({"before": before, "thread": Watch.thread, "main": threading.main_thread().name,
                  "answers": answers}), flush=True)
"""


def test_the_first_export_loads_the_exports_on_its_background_thread(tmp_path: Path) -> None:
    target = tmp_path / "notes.md"
    done = subprocess.run(
        [sys.executable, "-c", EXPORTER_CHILD, str(target)],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    found = json.loads(done.stdout.splitlines()[-1])
    assert found["answers"] == [["finished", str(target), 1]]
    assert found["before"] is False  # the Exporter itself brought no exports
    assert found["thread"] is not None
    assert found["thread"] != found["main"]
    assert "Classic pairs" in target.read_text("utf-8")


QT_FREE_CHILD = """
import json, sys
from mindful_listening import app
app.import_qt_free_first()
print(json.dumps(sorted(sys.modules)), flush=True)
"""


def test_the_records_store_is_among_the_parts_imported_before_qt() -> None:
    """The entry point imports the Qt-free parts before PySide6 (whose import hook reads each later module's
    source): the store and its rows are among them, the exports are not."""
    done = subprocess.run(
        [sys.executable, "-c", QT_FREE_CHILD], capture_output=True, text=True, timeout=60, check=True
    )
    loaded = set(json.loads(done.stdout.splitlines()[-1]))
    assert sorted({*RECORDS, "mindful_listening.storage.exchange"} - loaded) == [
        "mindful_listening.storage.keeper"  # the keeper is a QObject: it comes with Qt
    ]
    assert sorted(loaded & set(EXPORTS)) == []
    assert "PySide6" not in loaded


LIST_CHILD = """
import json, sys
from mindful_listening.core.record import SessionRecord
from mindful_listening.storage.store import RecordStore
from mindful_listening import cli

store = RecordStore.open(None)
store.save(SessionRecord(
    id="s1", script_id="classic-pairs", script_title="Classic pairs", mode="group-pairs",
    script_snapshot={}, started_at="2026-03-02T09:30:00Z", speed=30.0,
))
store.close()
code = cli.main(["sessions", "list"])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), flush=True)
"""


def test_listing_the_sessions_on_the_command_line_loads_no_exports(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", LIST_CHILD],
        env={**os.environ, "MINDFUL_LISTENING_DATA_DIR": str(tmp_path / "records")},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "Classic pairs" in done.stdout
    assert "(rehearsal at 30×, unfinished)" in done.stdout
    found = json.loads(done.stdout.splitlines()[-1])
    assert found["code"] == 0
    # (The command line's parser brings the assessment's model with the assessment commands; not the exports.)
    exports = {"mindful_listening.storage.export", "mindful_listening.wording"}
    assert sorted(set(found["modules"]) & exports) == []
