"""Finding scripts: the built-ins shipped inside the package, or a file the facilitator names.

Resources are reached only through :mod:`importlib.resources`, never paths relative to the working directory,
so they are found after a plain ``pip install .`` from anywhere.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from mindful_listening.core.loading import STDIN, Problem, ScriptProblems, load_script, parse_script
from mindful_listening.core.script import Script

_PACKAGE = "mindful_listening.resources"


def resource_root() -> Traversable:
    """The shipped ``resources/`` folder: inside the installed package, or beside it in a source checkout."""
    try:
        return resources.files(_PACKAGE)
    except ModuleNotFoundError:
        # Running from a source checkout without installing: resources/ sits beside the package.
        return Path(__file__).resolve().parents[2] / "resources"


def resource(*parts: str) -> Traversable:
    node = resource_root()
    for part in parts:
        node = node.joinpath(part)
    return node


@cache
def builtin_scripts() -> tuple[Script, ...]:
    """Every shipped script, validated, in a stable order (by file name)."""
    folder = resource("scripts")
    entries = sorted((e for e in folder.iterdir() if e.name.endswith(".toml")), key=lambda e: e.name)
    return tuple(parse_script(entry.read_bytes(), f"built-in {entry.name}") for entry in entries)


def builtin_ids() -> list[str]:
    return [script.id for script in builtin_scripts()]


def find_script(reference: str) -> Script:
    """A built-in by id, or a script file by path (``-``: read from standard input, a pipe or a FIFO)."""
    if reference == STDIN:
        return load_script(STDIN)
    for script in builtin_scripts():
        if script.id == reference:
            return script
    path = Path(reference).expanduser()
    if path.suffix == ".toml" or path.exists() or "/" in reference or "\\" in reference:
        return load_script(path)
    known = ", ".join(builtin_ids())
    raise ScriptProblems(
        [
            Problem(
                reference,
                None,
                "",
                f"no built-in script has this id and no such file exists (built-ins: {known})",
            )
        ]
    )
