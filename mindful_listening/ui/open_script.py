"""A script file the facilitator or practitioner chose, read and checked off the GUI thread.

Reading is disk work, and a path can name something that never ends (a FIFO made with ``mkfifo``, a device):
read on the GUI thread, such a file froze the window. Here the file is read on a worker thread, and anything
that is not a regular file is turned down before it is opened, with a message that says why.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from mindful_listening.background import Background
from mindful_listening.core.loading import Checked, Problem, ScriptProblems, check_script_file


def read_chosen_script(path: str | Path) -> Checked:
    """Read and check the script at ``path``, a file someone chose in a window (runs on a worker thread):
    the script, with what in it works but is probably not meant (its warnings)."""
    chosen = Path(path)
    if chosen.exists() and not chosen.is_file() and not chosen.is_dir():
        raise ScriptProblems(
            [
                Problem(
                    str(chosen),
                    None,
                    "",
                    "this is not a regular file (a pipe or a device?): choose a .toml file",
                )
            ]
        )
    return check_script_file(chosen)


class ScriptFileReader(QObject):
    """Reads one chosen script file at a time, in the order asked, on a worker thread of its own.

    ``read(path, checked)`` when the file holds a script that can be used (a ``Checked``: the script and
    its warnings), ``refused(path, problems)`` when it does not (each a ``Problem``); both on the GUI thread.
    """

    read = Signal(str, object)  # the path, a Checked (the script, its warnings)
    refused = Signal(str, list)  # the path, list[Problem]

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._background = Background(self)

    def read_file(self, path: str | Path) -> None:
        name = str(path)
        self._background.run(
            lambda: read_chosen_script(name),
            lambda checked: self.read.emit(name, checked),
            lambda error: self.refused.emit(name, _problems(name, error)),
        )


def _problems(name: str, error: BaseException) -> list[Problem]:
    if isinstance(error, ScriptProblems):
        return error.problems
    return [Problem(name, None, "", f"cannot be read: {error}")]
