"""Where session records live, and the private permissions every file there gets.

One function, :func:`data_dir`, decides the folder. ``MINDFUL_LISTENING_DATA_DIR`` overrides it (portable use
on a USB stick, tests). Otherwise it is the per-user application data folder Qt calls
``AppLocalDataLocation``, computed here without Qt so the command line starts fast; with the application name
"mindful-listening" and no organisation name, Qt's own answer is the same folder.

The folder is made ``0700`` and every file in it ``0600``: notes can be special-category data.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from pathlib import Path

from mindful_listening.core.files import PRIVATE_FILE as PRIVATE_FILE  # one definition, beside its writer

ENV_DATA_DIR = "MINDFUL_LISTENING_DATA_DIR"
APP_DIR_NAME = "mindful-listening"
DATABASE_NAME = "records.db"
LOCK_NAME = "records.lock"

PRIVATE_DIR = 0o700


def data_dir() -> Path:
    """The folder holding the records database (not created here)."""
    override = os.environ.get(ENV_DATA_DIR, "").strip()
    if override:
        return Path(override).expanduser().absolute()
    home = Path.home()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA", "").strip()
        return (Path(base) if base else home / "AppData" / "Local") / APP_DIR_NAME
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / APP_DIR_NAME
    xdg = os.environ.get("XDG_DATA_HOME", "").strip()
    base_dir = Path(xdg) if xdg and Path(xdg).is_absolute() else home / ".local" / "share"
    return base_dir / APP_DIR_NAME


def database_path(directory: Path | None = None) -> Path:
    return (directory or data_dir()) / DATABASE_NAME


def ensure_private_dir(directory: Path) -> None:
    """Create the folder ``0700`` (parents as needed); an existing one loses any group or other access.

    Existing folders are never given *more* access: a folder the user made read-only stays read-only.
    """
    if not directory.exists():
        directory.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
        os.chmod(directory, PRIVATE_DIR)
        return
    mode = stat.S_IMODE(directory.stat().st_mode)
    if mode & 0o077:
        # Best effort (a FAT stick cannot hold modes); never fatal.
        with contextlib.suppress(OSError):
            os.chmod(directory, mode & 0o700)


def create_private_file(path: Path) -> None:
    """Make sure ``path`` exists with mode ``0600`` before anything (SQLite included) writes to it.

    SQLite gives its ``-wal`` and ``-shm`` files the mode of the database file, so creating the database
    file first with ``0600`` keeps those private too, whatever the umask.
    """
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), PRIVATE_FILE)
    os.close(fd)
    tighten(path)


def tighten(path: Path) -> None:
    """Remove group and other access from one file (missing files are fine)."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return
    if mode & 0o077:
        with contextlib.suppress(OSError):
            os.chmod(path, mode & 0o700)


def tighten_database_files(database: Path) -> None:
    """The database and its companions (``-wal``, ``-shm``, ``-journal``): owner-only."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        tighten(database.with_name(database.name + suffix))
