"""The facilitator's own scripts: the folder they live in, and the TOML the script editor writes.

The folder is ``scripts/`` inside the app's data folder (``storage/paths.data_dir``, which
``MINDFUL_LISTENING_DATA_DIR`` overrides); the caller passes it in, so this module stays plain Python.

The editor holds a script as a *document*: the plain TOML-shaped dictionary the file would hold, durations
written the way facilitators write them (``"4m"``, ``"1m 30s"``). :func:`document_of` makes one from a
:class:`Script`, :func:`toml_text` writes one, and :func:`check_document` reads that text back through the
same reader as ``mindful-listening validate``, so the editor's messages are the validator's. A document that
does not validate can still be written (a draft); it cannot be used.

Files are written afresh: a hand-written file's comments are not kept (docs/script-format.md says so).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mindful_listening.core.files import write_private
from mindful_listening.core.loading import Checked, Problem, ScriptProblems, check_script, read_capped
from mindful_listening.core.script import Script

if TYPE_CHECKING:
    from tomlkit.items import AoT, InlineTable, Table

FOLDER_NAME = "scripts"
SUFFIX = ".toml"
Document = dict[str, Any]
# The fields read as durations: written back as "4m", "1m 30s".
_STEP_DURATIONS = ("duration", "landing")
_ID_CHARS = re.compile(r"[^a-z0-9-]+")


def scripts_folder(data_dir: Path) -> Path:
    """Where the facilitator's own scripts are kept, inside the app's data folder."""
    return data_dir / FOLDER_NAME


def duration_text(ms: int) -> str:
    """Milliseconds as a facilitator writes them: ``"4m"``, ``"1m 30s"``, ``"1h 5m"``, ``"0s"``."""
    parts: list[str] = []
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    for amount, unit in ((hours, "h"), (minutes, "m"), (seconds, "s"), (millis, "ms")):
        if amount:
            parts.append(f"{amount}{unit}")
    return " ".join(parts) or "0s"


def document_of(script: Script) -> Document:
    """The script as the file holds it: only what differs from the defaults, durations in words."""
    doc: Document = {"format": 1}
    doc.update(script.model_dump(mode="json", exclude_defaults=True))
    doc["format"] = 1
    for step in doc.get("steps", []):
        for key in _STEP_DURATIONS:
            if isinstance(step.get(key), int):
                step[key] = duration_text(step[key])
        breathing = step.get("breathing")
        if isinstance(breathing, dict):
            for key in ("inhale", "exhale"):
                if isinstance(breathing.get(key), int):
                    breathing[key] = duration_text(breathing[key])
    debrief = doc.get("debrief")
    if isinstance(debrief, dict) and isinstance(debrief.get("planned"), int):
        debrief["planned"] = duration_text(debrief["planned"])
    return doc


def blank_document(script_id: str = "my-script") -> Document:
    """A new script: one settling step and one turn, ready to be made into the facilitator's own."""
    return {
        "format": 1,
        "id": script_id,
        "title": "My practice",
        "mode": "group-pairs",
        "purpose": "A chance to be heard, and to hear someone else.",
        "steps": [
            {"kind": "settle", "title": "Arriving", "duration": "30s", "bell": "single"},
            {
                "kind": "turn",
                "title": "A speaks, B listens",
                "duration": "3m",
                "roles": {"speaker": "A", "listener": "B"},
                "round": 1,
            },
        ],
    }


# tomlkit (15-18 ms to import) is loaded when a file is first written, or a draft read: the library lists
# the facilitator's valid scripts without it, before the first paint.


def _value(value: Any) -> Any:
    import tomlkit

    if isinstance(value, str) and "\n" in value:
        return tomlkit.string(value, multiline=True)
    return value


def _table(values: dict[str, Any], inline: frozenset[str] = frozenset()) -> Table:
    import tomlkit

    table = tomlkit.table()
    for key, value in values.items():
        if key in inline and isinstance(value, dict):
            small: InlineTable = tomlkit.inline_table()
            small.update(value)
            table.add(key, small)
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            table.add(key, _array_of_tables(value))
        elif isinstance(value, dict):
            table.add(key, _table(value))
        else:
            table.add(key, _value(value))
    return table


def _array_of_tables(items: list[dict[str, Any]]) -> AoT:
    import tomlkit

    array = tomlkit.aot()
    for item in items:
        array.append(_table(item, frozenset({"roles", "breathing"})))
    return array


def toml_text(doc: Document) -> str:
    """The document as TOML: the settings first, then each ``[[steps]]`` with its cues, then the debrief."""
    import tomlkit

    out = tomlkit.document()
    later = ("steps", "debrief")
    for key, value in doc.items():
        if key not in later:
            out.add(key, _value(value) if not isinstance(value, list) else value)
    steps = doc.get("steps")
    if isinstance(steps, list) and steps and all(isinstance(s, dict) for s in steps):
        out.add(tomlkit.nl())
        out.add("steps", _array_of_tables(steps))
    elif steps is not None:
        out.add("steps", steps)
    debrief = doc.get("debrief")
    if isinstance(debrief, dict) and debrief:
        out.add("debrief", _table(debrief))
    return tomlkit.dumps(out)


def check_document(doc: Document, source: str = "<script>") -> Checked:
    """Read the document back exactly as its file would be read: the script, or :class:`ScriptProblems`."""
    return check_script(toml_text(doc).encode("utf-8"), source)


def free_id(wanted: str, taken: set[str]) -> str:
    """An id like ``wanted`` (made of the allowed characters) that no script in ``taken`` has."""
    base = _ID_CHARS.sub("-", wanted.lower()).strip("-")[:56] or "my-script"
    if len(base) < 2:
        base = f"{base}-script"
    candidate = base
    number = 2
    while candidate in taken:
        candidate = f"{base}-{number}"
        number += 1
    return candidate


@dataclass
class Found:
    """One file in the folder: its script, or (a draft) the problems that keep it from being used."""

    path: Path
    script: Script | None
    problems: list[Problem] = field(default_factory=list)
    document: Document | None = None


def read_file(path: Path) -> Found:
    """One of the facilitator's files: its script, or its problems (and its document, when it is TOML)."""
    try:
        data, size = read_capped(path)
        checked = check_script(data, path.name, size)
    except ScriptProblems as problems:
        import tomlkit

        doc: Document | None = None
        try:
            doc = dict(tomlkit.parse(path.read_text(encoding="utf-8")).unwrap())
        except (OSError, ValueError, tomlkit.exceptions.TOMLKitError):
            doc = None
        return Found(path, None, problems.problems, doc)
    return Found(path, checked.script, [], document_of(checked.script))


def list_folder(folder: Path) -> list[Found]:
    """Every ``.toml`` in the folder, by file name; none when there is no folder yet."""
    if not folder.is_dir():
        return []
    return [read_file(p) for p in sorted(folder.glob(f"*{SUFFIX}")) if p.is_file()]


def write_document(path: Path, doc: Document) -> None:
    """Write the document (valid or a draft) as TOML, replacing the file whole (never half-written)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_private(path, toml_text(doc).encode("utf-8"))


def path_for(folder: Path, script_id: str, taken: set[Path]) -> Path:
    """A file in the folder named after the id, beside no other file the editor knows of."""
    name = free_id(script_id, set())
    path = folder / f"{name}{SUFFIX}"
    number = 2
    while path in taken or path.exists():
        path = folder / f"{name}-{number}{SUFFIX}"
        number += 1
    return path


def copy_document(doc: Document) -> Document:
    return copy.deepcopy(doc)
