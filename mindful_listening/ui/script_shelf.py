"""The facilitator's own scripts in the library: listed beside the built-ins as "yours", and the Script menu's
New, Duplicate, Edit, Import, Export and Delete.

The files are in ``core/script_files.scripts_folder`` (inside the records' data folder, which
``MINDFUL_LISTENING_DATA_DIR`` overrides). Built-in scripts are read-only: they can be duplicated and
exported, never edited or deleted. Each editor window (``ui/script_editor.py``) asks to be saved through
``saveRequested``; the shelf writes the file and shows the new version in the library.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from mindful_listening.core import script_files
from mindful_listening.core.clock import Clock
from mindful_listening.core.files import write_private
from mindful_listening.core.loading import ScriptProblems
from mindful_listening.core.script import Bell, Script
from mindful_listening.timers import TimerFactory, make_timer
from mindful_listening.ui.library_page import LibraryPage
from mindful_listening.ui.looks import Looks
from mindful_listening.ui.widgets import short_action_button

if TYPE_CHECKING:
    from mindful_listening.ui.script_editor import ScriptEditor


class ScriptShelf(QObject):
    """The user's scripts folder, shown in the library, and the editor windows open over its files."""

    editorOpened = Signal(object)  # the ScriptEditor (imported when the first editor opens, not at start-up)

    def __init__(
        self,
        library: LibraryPage,
        folder: Path,
        status: Callable[[str], None],
        window: QWidget,
        timer_factory: TimerFactory = make_timer,
        hear: Callable[[str, Bell], str] | None = None,
        actions: dict[str, QAction] | None = None,
        clock: Clock | None = None,
        looks: Looks | None = None,
    ) -> None:
        super().__init__(window)
        self._hear = hear  # speaks a cue, or says why it must wait ("" when it speaks)
        self._clock = clock  # the app's clock: a rehearsal at 20× runs on it, scaled
        self._looks = looks  # the room's theme and text size, which a rehearsal's room view follows
        self.library = library
        self.folder = folder
        self._status = status
        self._window = window
        self._timers = timer_factory
        self.paths: dict[str, Path] = {}  # the id of each of the user's scripts in the library → its file
        self.drafts: list[Path] = []  # the user's files with problems: kept, not listed, open to finish
        self.editors: list[ScriptEditor] = []
        self._targets: dict[
            int, tuple[Path | None, str | None]
        ] = {}  # editor → (its file, its id in the library)
        self._dialog: QFileDialog | QMessageBox | None = None
        self.yours = self.tr("yours")
        self.load()
        self._actions = actions
        if actions is not None:
            self._buttons(actions)
            library.selectionChanged.connect(lambda: self.enable(actions))
            self.enable(actions)

    def _buttons(self, actions: dict[str, QAction]) -> None:
        """New, Duplicate and Edit under the library's list, after "Open a script file" in the Tab order."""
        previous: QWidget = self.library.open_button
        for name, words in (
            ("new_script", self.tr("New")),
            ("duplicate_script", self.tr("Duplicate")),
            ("edit_script", self.tr("Edit")),
        ):
            button = short_action_button(actions[name], words)
            self.library.script_buttons.addWidget(button)
            QWidget.setTabOrder(previous, button)
            previous = button
        QWidget.setTabOrder(previous, self.library.tabs)

    # ================================================================ the folder
    def load(self) -> None:
        """List the folder's scripts in the library; drafts (files with problems) are named, with them."""
        drafts = []
        for found in script_files.list_folder(self.folder):
            if found.script is None:
                drafts.extend(found.problems)
                if found.document is not None:
                    self.drafts.append(found.path)
                continue
            if self.library.script_with_id(found.script.id) is not None:
                continue  # a second file with an id already listed: the first one wins
            self.library.add_script(found.script, self.yours, select=False)
            self.paths[found.script.id] = found.path
        if drafts:
            self.library.show_problems(drafts)

    def is_yours(self, script: Script | None) -> bool:
        return script is not None and script.id in self.paths

    def _taken_ids(self) -> set[str]:
        ids = {s.id for s in self.library._scripts}
        ids.update(str(e.document.get("id", "")) for e in self.editors)
        return ids

    # ================================================================ the menu's moves
    def new(self) -> ScriptEditor:
        doc = script_files.blank_document(script_files.free_id("my-script", self._taken_ids()))
        return self._open(doc, None, None, self.tr("a new script"))

    def duplicate(self) -> ScriptEditor | None:
        script = self.library.current_script()
        if script is None:
            return None
        doc = script_files.document_of(script)
        doc["id"] = script_files.free_id(f"{script.id}-mine", self._taken_ids())
        doc["title"] = self.tr("%1 (my copy)").replace("%1", script.title)[:200]
        return self._open(doc, None, None, str(doc["title"]))

    def edit(self) -> ScriptEditor | None:
        script = self.library.current_script()
        if script is None:
            return None
        if not self.is_yours(script):
            self._status(
                self.tr("Built-in scripts cannot be changed: duplicate it (Ctrl+D) to make your own.")
            )
            return None
        path = self.paths[script.id]
        for editor in self.editors:
            if self._targets[id(editor)][0] == path:
                editor.raise_()
                editor.activateWindow()
                return editor
        found = script_files.read_file(path)
        doc = found.document if found.document is not None else script_files.document_of(script)
        editor = self._open(doc, path, script.id, script.title)
        if _has_comments(path):
            editor.set_status(
                self.tr("Saving writes this file afresh: the comments written in it by hand are not kept.")
            )
        return editor

    def open_draft(self, path: Path) -> ScriptEditor | None:
        """Open a draft (a file of yours with problems) in the editor, to finish it."""
        found = script_files.read_file(path)
        if found.document is None:
            self.library.show_problems(found.problems)
            return None
        return self._open(found.document, path, None, path.stem)

    def ask_draft(self) -> None:
        """Open the one draft, or choose among them (the dialog opens in the scripts folder)."""
        if len(self.drafts) == 1:
            self.open_draft(self.drafts[0])
            return
        self._choose_file(self.tr("Open a draft"), self.folder, "openDraftDialog", self.open_draft)

    def _open(
        self, doc: script_files.Document, path: Path | None, listed: str | None, name: str
    ) -> ScriptEditor:
        from mindful_listening.ui.script_editor import ScriptEditor

        editor = ScriptEditor(
            doc,
            name,
            self._timers,
            self._window,
            path.name if path is not None else "",
            clock=self._clock,
            looks=self._looks,
            hear=self.hear,
        )
        self._targets[id(editor)] = (path, listed)
        self.editors.append(editor)
        editor.saveRequested.connect(lambda e=editor: self.save(e))
        editor.closed.connect(lambda e=editor: self._forget(e))
        editor.show()
        editor.fields["title"].setFocus()
        self.editorOpened.emit(editor)
        return editor

    def hear(self, text: str, bell: str) -> str:
        """Speak one cue as the room would hear it (the window's speaker, with the chosen voice), or say why
        it must wait ("" when it speaks)."""
        if self._hear is None or not text.strip():
            return ""
        rings: dict[str, Bell] = {"single": "single", "double": "double", "soft": "soft"}
        return self._hear(text, rings.get(bell, "none"))

    def _forget(self, editor: ScriptEditor) -> None:
        if editor in self.editors:
            self.editors.remove(editor)
            self._targets.pop(id(editor), None)
            editor.deleteLater()

    def save(self, editor: ScriptEditor) -> bool:
        """Write the editor's document; a document with problems is written as a draft, not listed."""
        editor.validate_now()
        doc = editor.document
        path, listed = self._targets[id(editor)]
        new_id = str(doc.get("id", ""))
        other = self.library.script_with_id(new_id)
        if other is not None and new_id != listed:
            editor.set_status(
                self.tr(
                    "Not saved: another script in the library has the short name “%1”: choose another."
                ).replace("%1", new_id)
            )
            return False
        if path is None:
            path = script_files.path_for(self.folder, new_id or "my-script", set(self.paths.values()))
        try:
            script_files.write_document(path, doc)
        except OSError as exc:
            editor.set_status(self.tr("Not saved: %1").replace("%1", exc.strerror or str(exc)))
            return False
        editor.file_name = path.name
        script = editor.script
        if listed is not None:
            self.paths.pop(listed, None)
        if script is not None:
            self.paths[script.id] = path  # before the library shows it: Edit and Delete follow the selection
            if path in self.drafts:
                self.drafts.remove(path)
                if not self.drafts:
                    self.library.clear_problems()  # the drafts named at start are all finished
            if listed is not None:
                self.library.replace_script(listed, script, self.yours)
            else:
                self.library.add_script(script, self.yours)
            self._targets[id(editor)] = (path, script.id)
            editor.set_status(self.tr("Saved in your scripts, and listed in the library."))
        else:
            if listed is not None:
                self.library.remove_script(listed)
            if path not in self.drafts:
                self.drafts.append(path)
            self._targets[id(editor)] = (path, None)
            count = len(editor.problems)
            editor.set_status(
                self.tr("Saved as a draft: it cannot be used until its %1 fixed.").replace(
                    "%1",
                    self.tr("problem is")
                    if count == 1
                    else self.tr("%1 problems are").replace("%1", str(count)),
                )
            )
        editor.undo_stack.setClean()
        self._status(editor.status.text())
        self._refresh()
        return True

    def import_file(self, source: Path) -> bool:
        """Copy a script file into the folder and list it (a file with problems is kept as a draft)."""
        found = script_files.read_file(source)
        if found.document is None:
            self.library.show_problems(found.problems)
            return False
        target = script_files.path_for(self.folder, str(found.document.get("id", source.stem)), set())
        doc = found.document
        if found.script is not None and self.library.script_with_id(found.script.id) is not None:
            doc = script_files.copy_document(doc)
            doc["id"] = script_files.free_id(found.script.id, self._taken_ids())
        if found.script is not None and doc is found.document:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_private(target, source.read_bytes())  # as written, comments and all
        else:
            script_files.write_document(target, doc)
        try:
            checked = script_files.check_document(doc, target.name)
        except ScriptProblems as problems:
            self.library.show_problems(problems.problems)
            self.drafts.append(target)
            self._refresh()
            self._status(self.tr("Imported as a draft: fix its problems to use it (Script ▸ Open a draft)."))
            return True
        self.library.clear_problems()
        self.paths[checked.script.id] = target
        self.library.add_script(checked.script, self.yours)
        self._status(self.tr("Imported into your scripts."))
        self._refresh()
        return True

    def export_to(self, target: Path) -> bool:
        """Save a copy of the selected script anywhere: yours as written, a built-in as the editor would."""
        script = self.library.current_script()
        if script is None:
            return False
        try:
            if self.is_yours(script):
                write_private(target, self.paths[script.id].read_bytes())
            else:
                script_files.write_document(target, script_files.document_of(script))
        except OSError as exc:
            self._status(self.tr("Not exported: %1").replace("%1", exc.strerror or str(exc)))
            return False
        self._status(self.tr("Exported a copy to %1").replace("%1", str(target)))
        return True

    def delete(self) -> QMessageBox | None:
        """Ask, then delete the selected script of yours; built-ins cannot be deleted."""
        script = self.library.current_script()
        if script is None:
            return None
        if not self.is_yours(script):
            self._status(self.tr("Built-in scripts cannot be deleted."))
            return None
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Delete this script?"),
            self.tr("Delete “%1” from your scripts? This cannot be undone.").replace("%1", script.title),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self._window,
        )
        box.setObjectName("deleteScript")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(
            lambda result, s=script: self._delete(s) if result == QMessageBox.StandardButton.Yes else None
        )
        self._dialog = box
        box.open()
        return box

    def _delete(self, script: Script) -> None:
        path = self.paths.pop(script.id)
        path.unlink(missing_ok=True)
        self.library.remove_script(script.id)
        self._status(self.tr("Deleted “%1”.").replace("%1", script.title))

    # ================================================================ file dialogs (never exec)
    def ask_import(self) -> None:
        self._choose_file(self.tr("Import a script"), Path.home(), "importScriptDialog", self.import_file)

    def _choose_file(self, title: str, start: Path, name: str, then: Callable[[Path], object]) -> None:
        """A script file chosen in a dialog that never blocks the window; ``then`` takes the one chosen."""
        dialog = QFileDialog(self._window, title, str(start), self.tr("Scripts (*.toml)"))
        dialog.setObjectName(name)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(lambda p: then(Path(p)))
        dialog.finished.connect(dialog.deleteLater)
        self._dialog = dialog
        dialog.open()

    def ask_export(self) -> None:
        script = self.library.current_script()
        if script is None:
            return
        start = str(Path.home() / f"{script.id}.toml")
        dialog = QFileDialog(self._window, self.tr("Export a copy"), start, self.tr("Scripts (*.toml)"))
        dialog.setObjectName("exportScriptDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("toml")
        dialog.fileSelected.connect(lambda p: self.export_to(Path(p)))
        dialog.finished.connect(dialog.deleteLater)
        self._dialog = dialog
        dialog.open()

    def _refresh(self) -> None:
        if self._actions is not None:
            self.enable(self._actions)

    def enable(self, actions: dict[str, QAction]) -> None:
        """Edit and Delete for the user's own scripts only; Duplicate and Export for any selected one."""
        script = self.library.current_script()
        actions["edit_script"].setEnabled(self.is_yours(script))
        actions["delete_script"].setEnabled(self.is_yours(script))
        actions["duplicate_script"].setEnabled(script is not None)
        actions["export_script"].setEnabled(script is not None)
        actions["open_draft"].setEnabled(bool(self.drafts))


def _has_comments(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return any(line.lstrip().startswith("#") for line in text.splitlines())
