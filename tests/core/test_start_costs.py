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
