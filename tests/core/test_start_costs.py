"""What reading the scripts for the first screen leaves unloaded: pydantic, tomlkit, and with the built-ins'
parse kept (decision 0013) tomllib, the line scanner's pattern and difflib too (docs/performance.md).

Each check runs in a fresh process, so nothing another test imported counts.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

FIRST_SCREEN = """
import json, sys
from pathlib import Path
from mindful_listening.core import library, loading, script_files
library.use_parse_cache(Path(sys.argv[1]))
scripts = library.builtin_scripts()
found = script_files.list_folder(Path(sys.argv[2]))
print(json.dumps({
    "scripts": len(scripts),
    "own": [f.script is not None for f in found],
    "loaded": sorted(m for m in ("pydantic", "tomlkit", "tomllib", "difflib") if m in sys.modules),
    "scanner": loading._token.cache_info().currsize,
}))
"""


def first_screen(cache: Path, folder: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", FIRST_SCREEN, str(cache), str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_a_start_with_the_built_ins_kept_loads_no_toml_reader_and_no_pydantic(tmp_path: Path) -> None:
    cache = tmp_path / "builtin-scripts.json"
    folder = tmp_path / "scripts"
    folder.mkdir()
    first = first_screen(cache, folder)  # reads the files, and keeps their parse
    assert first["loaded"] == ["tomllib"]
    assert cache.exists()
    again = first_screen(cache, folder)
    assert again == {"scripts": first["scripts"], "own": [], "loaded": [], "scanner": 0}


def test_the_facilitator_s_valid_scripts_are_listed_without_tomlkit(tmp_path: Path) -> None:
    from mindful_listening.core.script_files import blank_document, toml_text

    folder = tmp_path / "scripts"
    folder.mkdir()
    (folder / "mine.toml").write_text(toml_text(blank_document("mine")), encoding="utf-8")
    (folder / "draft.toml").write_text('id = "draft"\ntitle = ""\n', encoding="utf-8")
    first_screen(tmp_path / "cache.json", folder)
    result = first_screen(tmp_path / "cache.json", folder)
    assert result["own"] == [False, True]  # by file name: the draft, then the valid one
    assert result["loaded"] == ["tomlkit", "tomllib"]  # the draft's document is read with tomlkit
    (folder / "draft.toml").unlink()
    result = first_screen(tmp_path / "cache.json", folder)
    assert result["own"] == [True]
    assert result["loaded"] == ["tomllib"]


ENTRY_ORDER = """
import json, sys
from mindful_listening import app
app.import_qt_free_first(one_to_one=sys.argv[1] == "one-to-one")
print(json.dumps({
    "qt": sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6")),
    "listed": [m in sys.modules for m in app.QT_FREE_FIRST],
    "facilitator": [m in sys.modules for m in app.QT_FREE_FIRST_FACILITATOR],
}))
"""


def test_the_parts_imported_before_qt_are_qt_free_and_the_timer_skips_the_facilitator_s() -> None:
    """PySide6's import hook reads the source of every module imported after it: the entry point imports
    these first, so each must be plain Python (else it would bring Qt in before its time)."""
    for kind, facilitator in (("main", True), ("one-to-one", False)):
        done = subprocess.run(
            [sys.executable, "-c", ENTRY_ORDER, kind], capture_output=True, text=True, timeout=60, check=True
        )
        found = json.loads(done.stdout)
        assert found["qt"] == []
        assert all(found["listed"])
        assert found["facilitator"] == [facilitator] * len(found["facilitator"])
