"""The facilitator's own scripts on disk: the TOML the editor writes reads back as the same script."""

from __future__ import annotations

from pathlib import Path

import pytest

from mindful_listening.core import script_files as sf
from mindful_listening.core.library import builtin_scripts
from mindful_listening.core.loading import ScriptProblems, load_script


@pytest.mark.parametrize("script", builtin_scripts(), ids=lambda s: s.id)
def test_every_builtin_round_trips_through_the_file_the_editor_writes(script: object, tmp_path: Path) -> None:
    path = tmp_path / "copy.toml"
    sf.write_document(path, sf.document_of(script))  # type: ignore[arg-type]
    assert load_script(path) == script
    # And once more: load → save → load is stable.
    sf.write_document(path, sf.document_of(load_script(path)))
    assert load_script(path) == script


def test_durations_are_written_as_facilitators_write_them() -> None:
    assert sf.duration_text(240_000) == "4m"
    assert sf.duration_text(90_000) == "1m 30s"
    assert sf.duration_text(3_930_000) == "1h 5m 30s"
    assert sf.duration_text(0) == "0s"


def test_a_draft_is_written_and_read_back_with_its_problems(tmp_path: Path) -> None:
    doc = sf.blank_document()
    doc["steps"][1]["duration"] = "-3m"
    folder = sf.scripts_folder(tmp_path)
    sf.write_document(folder / "draft.toml", doc)
    (found,) = sf.list_folder(folder)
    assert found.script is None
    assert found.document == doc
    assert [p.field for p in found.problems] == ["steps[1].duration"]
    with pytest.raises(ScriptProblems):
        sf.check_document(doc)


def test_free_ids_avoid_the_ones_taken() -> None:
    assert sf.free_id("Speak, Reflect!", set()) == "speak-reflect"
    assert sf.free_id("classic-pairs", {"classic-pairs"}) == "classic-pairs-2"
    assert sf.free_id("", set()) == "my-script"


def test_no_folder_yet_lists_nothing(tmp_path: Path) -> None:
    assert sf.list_folder(tmp_path / "absent") == []
