"""Writing a private file: owner-only (``0600``) and atomic, for everything that holds notes.

Every export, report and records copy is written this one way: a temporary file beside the target,
written and flushed to disk, renamed over the target, then the folder flushed. An interrupted write never
leaves half a file where a good one was, and no other user of the machine can read the notes in it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

PRIVATE_FILE = 0o600  # owner read/write only


def write_private(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` owner-only and atomically: a temporary file, fsync, rename, fsync."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, PRIVATE_FILE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    """Flush the rename to disk where the file system allows it (some network and FUSE mounts refuse a
    folder flush: the file is written by then, so that refusal must not turn into "could not write")."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
