"""Finding scripts: the built-ins shipped inside the package, or a file the facilitator names.

Resources are reached only through :mod:`importlib.resources`, never paths relative to the working directory,
so they are found after a plain ``pip install .`` from anywhere.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import tempfile
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from mindful_listening.core.digest import sha256_hex
from mindful_listening.core.loading import (
    STDIN,
    Problem,
    ScriptProblems,
    check_parsed,
    load_script,
    parse_script,
    read_toml,
)
from mindful_listening.core.script import Mode, Script

log = logging.getLogger(__name__)
_PACKAGE = "mindful_listening.resources"
# The built-ins' parsed TOML, kept between runs by the app (docs/decisions/0013-built-ins-parse-cache.md).
_parse_cache: Path | None = None
_CACHE_FORMAT = 1


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


def use_parse_cache(path: Path | None) -> None:
    """Keep the built-ins' parsed TOML in ``path`` between runs (the app sets it, before the built-ins are
    first read). Reading and scanning the TOML was 50–87 ms of start-up for the 11 built-ins; the kept
    parse, found by each file's SHA-256, takes under 1 ms. Every start still validates each script in full,
    so a change to the rules applies at once; only the TOML reading of unchanged bytes is skipped."""
    global _parse_cache
    _parse_cache = path


@cache
def builtin_scripts() -> tuple[Script, ...]:
    """Every shipped script, validated, in a stable order (by file name)."""
    return _builtins(None)


@cache
def builtin_scripts_for(mode: Mode) -> tuple[Script, ...]:
    """The shipped scripts for ``mode``, in the same order as :func:`builtin_scripts`, validating only those:
    each file's ``mode`` is read from its parse first (a script's mode is exactly one of the words, so the
    word decides). The one-to-one timer shows 3 of the 11 built-ins, and validating the other 8 was ~8 ms of
    its start (2 December). Picked from every built-in once those are validated anyway."""
    if builtin_scripts.cache_info().currsize:
        return tuple(script for script in builtin_scripts() if script.mode is mode)
    return _builtins(mode.value)


def _builtins(mode: str | None) -> tuple[Script, ...]:
    """The shipped scripts, validated: every one, or (``mode``) those whose parse names that mode."""
    folder = resource("scripts")
    entries = sorted((e for e in folder.iterdir() if e.name.endswith(".toml")), key=lambda e: e.name)
    files = [(entry.name, entry.read_bytes()) for entry in entries]
    if _parse_cache is None:
        if mode is None:
            return tuple(parse_script(data, f"built-in {name}") for name, data in files)
        read = [(read_toml(data, f"built-in {name}"), f"built-in {name}") for name, data in files]
        return tuple(
            check_parsed(parsed, text, source).script
            for (parsed, text), source in read
            if parsed.get("mode") == mode
        )
    kept = _read_cache(_parse_cache)
    fresh: dict[str, Any] = {}
    scripts: list[Script] = []
    for name, data in files:
        digest = sha256_hex(data)
        source = f"built-in {name}"
        entry = kept.get(name)
        if isinstance(entry, dict) and entry.get("sha256") == digest and isinstance(entry.get("toml"), dict):
            if mode is not None and entry["toml"].get("mode") != mode:
                fresh[name] = entry  # not wanted now: kept as it is, validated when it is wanted
                continue
            # Validated as every start validates; a kept parse that fails is read from the file again.
            with contextlib.suppress(ScriptProblems, UnicodeDecodeError):
                scripts.append(check_parsed(entry["toml"], data.decode("utf-8-sig"), source).script)
                fresh[name] = entry
                continue
        parsed, text = read_toml(data, source)
        fresh[name] = {"sha256": digest, "toml": parsed}
        if mode is None or parsed.get("mode") == mode:
            scripts.append(check_parsed(parsed, text, source).script)
    if fresh != kept:
        _write_cache(_parse_cache, fresh)
    return tuple(scripts)


def _cache_stamp() -> str:
    return f"{_CACHE_FORMAT} python {sys.version_info[0]}.{sys.version_info[1]}"


def _read_cache(path: Path) -> dict[str, Any]:
    """The kept parses by file name; nothing when the file is missing, unreadable or of another format."""
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(kept, dict) or kept.get("format") != _cache_stamp():
        return {}
    entries = kept.get("scripts")
    return entries if isinstance(entries, dict) else {}


def _write_cache(path: Path, entries: dict[str, Any]) -> None:
    """Write the kept parses whole or not at all (a temporary file moved into place); a failure only costs
    the next start the TOML reading again."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"format": _cache_stamp(), "scripts": entries}, ensure_ascii=False)
        fd, temporary = tempfile.mkstemp(prefix=".builtins-", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except (OSError, TypeError, ValueError) as exc:  # TypeError/ValueError: a value JSON cannot hold
        log.info("The built-ins' parse cache was not written (%s): the next start reads them again", exc)


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
