"""Keeping the speech cache tidy: renderings nobody has used for a long while are removed.

The cache (``renderer.cache_dir()``) holds one WAV per text, voice and rate. A facilitator who tries voices
and rates, or edits scripts over months, would otherwise collect renderings forever. The app marks a
rendering as used (its modification time) whenever a session picks it from the cache; the render worker,
off the GUI process, prunes once each time it starts:

- renderings not used for ``KEEP_DAYS`` days;
- leftovers of renders that were cut off (``*.tmp``) older than a day;
- then, while the folder is still over ``MAX_BYTES``, the least recently used renderings.

Only files named the way the cache names them are touched, and only in a folder named like the cache, so a
mistaken path can never cost anyone their own files. Qt-free, so the worker can use it.
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

KEEP_DAYS = 90
MAX_BYTES = 200 * 1024 * 1024  # about 2,000 cues at the worker's 22 kHz mono
TMP_GRACE_S = 24 * 3600

_RENDERING = re.compile(r"[0-9a-f]{40}\.wav")
_LEFTOVER = re.compile(r"(?:[0-9a-f]{40}|voice-check)\.\d+\.tmp")


@dataclass(frozen=True)
class Pruned:
    removed: int = 0
    freed_bytes: int = 0
    kept: int = 0


def is_cache_folder(folder: Path) -> bool:
    """True for ``…/mindful-listening/speech``, the only kind of folder :func:`prune` will touch."""
    return folder.name == "speech" and folder.parent.name == "mindful-listening"


def mark_used(path: Path) -> None:
    """Tell the pruner this rendering was just used (best effort: a read-only cache simply ages)."""
    with contextlib.suppress(OSError):
        os.utime(path)


def prune(
    folder: Path,
    now: float,
    *,
    keep_s: float = KEEP_DAYS * 86_400,
    max_bytes: int = MAX_BYTES,
    tmp_grace_s: float = TMP_GRACE_S,
) -> Pruned:
    """Remove stale renderings and leftovers from ``folder`` (see the module notes). Never raises OSError."""
    if not is_cache_folder(folder):
        return Pruned()
    renderings: list[tuple[float, int, Path]] = []  # (last used, size, path)
    removed = freed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return Pruned()
    for entry in entries:
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        path = Path(entry.path)
        age = now - info.st_mtime
        stale = (_RENDERING.fullmatch(entry.name) is not None and age > keep_s) or (
            _LEFTOVER.fullmatch(entry.name) is not None and age > tmp_grace_s
        )
        if stale:
            if _remove(path):
                removed += 1
                freed += info.st_size
        elif _RENDERING.fullmatch(entry.name):
            renderings.append((info.st_mtime, info.st_size, path))
    total = sum(size for _, size, _ in renderings)
    renderings.sort()  # least recently used first
    kept = len(renderings)
    for _, size, path in renderings:
        if total <= max_bytes:
            break
        if _remove(path):
            removed += 1
            freed += size
            kept -= 1
        total -= size
    return Pruned(removed, freed, kept)


def _remove(path: Path) -> bool:
    try:
        path.unlink()
    except OSError:  # gone already (another instance pruned it) or not ours to remove
        return False
    return True
