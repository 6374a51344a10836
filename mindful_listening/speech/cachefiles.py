"""Keeping the speech cache tidy: renderings nobody has used for a long while are removed.

The cache (``renderer.cache_dir()``) holds one WAV per text, voice and rate. A facilitator who tries voices
and rates, or edits scripts over months, would otherwise collect renderings forever. The app marks a
rendering as used (its modification time) whenever a session picks it from the cache; the render worker,
off the GUI process and beside its rendering, prunes once each time it starts (at most ``MAX_REMOVALS``):

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
MAX_REMOVALS = 500  # per prune: a cache grown large before pruning existed is worked down over a few starts

_RENDERING = re.compile(r"[0-9a-f]{40}\.wav")
_LEFTOVER = re.compile(r"(?:[0-9a-f]{40}|voice-check)\.\d+\.tmp")


@dataclass(frozen=True)
class Pruned:
    """What a clean-up of the speech cache removed and what it kept."""

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
    max_removals: int = MAX_REMOVALS,
) -> Pruned:
    """Remove stale renderings and leftovers from ``folder`` (see the module notes), at most ``max_removals``.

    ``kept`` counts the renderings left in use (not stale ones that could not be removed).
    Never raises OSError.
    """
    if not is_cache_folder(folder):
        return Pruned()
    renderings: list[tuple[float, int, Path]] = []  # (last used, size, path), kept so far
    stale: list[tuple[int, Path]] = []
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
        age = now - info.st_mtime
        if _RENDERING.fullmatch(entry.name):
            if age > keep_s:
                stale.append((info.st_size, Path(entry.path)))
            else:
                renderings.append((info.st_mtime, info.st_size, Path(entry.path)))
        elif _LEFTOVER.fullmatch(entry.name) and age > tmp_grace_s:
            stale.append((info.st_size, Path(entry.path)))
    removed = freed = 0
    for size, path in stale:
        if removed < max_removals and _remove(path):
            removed += 1
            freed += size
    total = sum(size for _, size, _ in renderings)
    renderings.sort()  # least recently used first
    kept = len(renderings)
    for _, size, path in renderings:
        if total <= max_bytes or removed >= max_removals:
            break
        if _remove(path):  # one that cannot be removed is skipped: the next ones bring the total down
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
