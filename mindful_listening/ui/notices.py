"""The laptop's notices: what stops the cues being spoken, and what to do when the records cannot be written.

Each is told once, plainly, on the presenter console only (never in the room view), with the way out beside
it: export the notes kept in memory, keep a damaged records file aside and start new records, or open an
unfinished session in the history. The session (:class:`~mindful_listening.session.PracticeSession`) decides
what is saved; these widgets only say what it reports and ask the facilitator's choice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from mindful_listening.core.record import SessionRecord
from mindful_listening.session import PracticeSession
from mindful_listening.speech.api import Speaker
from mindful_listening.speech.qtspeaker import QtSpeaker
from mindful_listening.speech.service import problem_message
from mindful_listening.storage.exporter import Exporter
from mindful_listening.storage.formats import format_when
from mindful_listening.storage.store import SessionSummary

if TYPE_CHECKING:
    from mindful_listening.ui.window import MainWindow


class _PressOnKey(QObject):
    """A key that presses one button of a question, whichever of its buttons has the focus."""

    def __init__(self, key: Qt.Key, button: QPushButton, parent: QObject) -> None:
        super().__init__(parent)
        self._key = key
        self._button = button

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress and event.key() == self._key:
            self._button.click()
            return True
        return False


class Notices(QWidget):
    """The speech and records notices above the stages, and the speech status for the status bar.

    ``status(text, ms)``: a passing line for the status bar; ``savingChanged(text)``: what the debrief may
    say about saving now; ``openSessionRequested(id)``: the facilitator chose to open an unfinished session.
    """

    status = Signal(str, int)
    savingChanged = Signal(str)
    openSessionRequested = Signal(str)
    resumeRequested = Signal(object)  # the SessionRecord of a practice to take up where it stopped

    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.speech_problems: list[str] = []
        self._progress: tuple[int, int] | None = None  # the speaker's last report of cues made ready
        self._file_dialog: QFileDialog | None = None
        self.unfinished_offer: QMessageBox | None = None
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        # Told once, plainly, on the laptop only: what stops the cues being spoken and how to fix it.
        self.speech_banner = QLabel()
        self.speech_banner.setObjectName("speechBanner")
        self.speech_banner.setProperty("role", "notice")
        self.speech_banner.setWordWrap(True)
        self.speech_banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.speech_banner.hide()
        box.addWidget(self.speech_banner)
        # When the records cannot be written: say so, keep the notes in memory, offer them as a file.
        self.records_banner = QWidget()
        self.records_banner.setObjectName("recordsBanner")
        row = QHBoxLayout(self.records_banner)
        row.setContentsMargins(0, 0, 0, 0)
        self.records_problem = QLabel()
        self.records_problem.setObjectName("recordsProblem")
        self.records_problem.setProperty("role", "notice")
        self.records_problem.setWordWrap(True)
        row.addWidget(self.records_problem, 1)
        self.export_notes_button = QPushButton(self.tr("Export the notes…"))
        self.export_notes_button.setAccessibleName(self.tr("Export the notes kept in memory to a file"))
        self.export_notes_button.clicked.connect(self.offer_notes_export)
        row.addWidget(self.export_notes_button)
        self.set_aside_button = QPushButton(self.tr("Keep it aside, start new records…"))
        self.set_aside_button.setObjectName("setAsideButton")
        self.set_aside_button.setAccessibleName(
            self.tr("Keep the damaged records file aside, renamed, and start new records")
        )
        self.set_aside_button.clicked.connect(self.offer_set_aside)
        self.set_aside_button.hide()
        row.addWidget(self.set_aside_button)
        self.records_banner.hide()
        box.addWidget(self.records_banner)
        self.exporter = Exporter(self)
        self.exporter.finished.connect(self._notes_exported)
        self.exporter.failed.connect(lambda message: self.status.emit(message, 10_000))
        self.speech_status = QLabel()  # the window puts it in its status bar
        self.speech_status.setObjectName("speechStatus")
        session.records.failed.connect(self.records_failed)
        session.records.saved.connect(self.records_saved)
        # Shown only while a notice is: an empty strip would still take the layout's spacing.
        for banner in (self.speech_banner, self.records_banner):
            banner.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.ShowToParent, QEvent.Type.HideToParent):
            self.setVisible(not (self.speech_banner.isHidden() and self.records_banner.isHidden()))
        return super().eventFilter(watched, event)

    def join(self, w: MainWindow) -> None:
        """Speak through the facilitator's window: its status line, its debrief page's saving line and stage
        bar, its history and its safe moves; then tell what the speech and the records have said so far."""
        self.status.connect(lambda text, ms: w.statusBar().showMessage(text, ms))
        self.savingChanged.connect(lambda _text: w.mark_stage())
        self.openSessionRequested.connect(w.tools.open_session)
        self.resumeRequested.connect(w.moves.take_up)
        self.watch_speaker(w.speaker)
        self.start()

    def save_asked(self, w: MainWindow) -> None:
        """Ctrl+S: the session saves now, and the facilitator is told whether it was confirmed."""
        self.session.save_now()
        if self.records_failing:
            # The records are failing: the save was asked for, not confirmed. The banner says why.
            w.statusBar().showMessage(self.tr("Trying to save; the notice above says what is wrong."), 4000)
            return
        w.debrief_page.set_saved(self.tr("Saved."))
        w.statusBar().showMessage(self.tr("Notes saved."), 4000)

    def start(self) -> None:
        """Tell what the records reported before anyone was listening (a file already in use, say)."""
        if self.session.records.problem:
            self.records_failed(self.session.records.problem)

    @property
    def records_failing(self) -> bool:
        return not self.records_banner.isHidden()

    # ----------------------------------------------------------------- speech
    def watch_speaker(self, speaker: Speaker) -> None:
        """Show what the speech service tells (once per cause) and how far cue preparation has got."""
        if not isinstance(speaker, QtSpeaker):
            return  # a plain speaker (a test's, a silent room's) has nothing to tell
        for message in speaker.problems:
            self.speech_problem(message)
        speaker.problem.connect(self.speech_problem)
        speaker.progress.connect(self.speech_progress)
        speaker.outputChanged.connect(self.sound_output)

    def speech_problem(self, message: str) -> None:
        if message in self.speech_problems:
            return
        self.speech_problems.append(message)
        self.speech_banner.setText("\n".join(self.speech_problems))
        self.speech_banner.show()
        if self._progress is not None:
            self.speech_progress(*self._progress)  # never "Spoken cues ready" beside a notice that says not

    def sound_output(self, heard: bool, message: str) -> None:
        """The sound output was lost mid-session (told in the notice) or came back (the notice goes)."""
        if not heard:
            self.speech_problem(message)
            if self.speech_status.text():
                self.speech_status.setText(self.tr("Cues as captions only (see the notice above)"))
            return
        if self.speech_status.text():
            self.speech_status.setText(self.tr("Spoken cues ready"))
        gone = {problem_message("output-lost"), problem_message("no-output")}
        self.speech_problems = [p for p in self.speech_problems if p not in gone]
        self.speech_banner.setText("\n".join(self.speech_problems))
        self.speech_banner.setVisible(bool(self.speech_problems))
        self.status.emit(message, 8000)

    def speech_progress(self, done: int, total: int) -> None:
        self._progress = (done, total)
        if total <= 0 or done >= total:
            captions_only = bool(self.speech_problems)
            ready = (
                self.tr("Cues ready (see the notice above)")
                if captions_only
                else self.tr("Spoken cues ready")
            )
            self.speech_status.setText(ready if total > 0 else "")
        else:
            self.speech_status.setText(
                self.tr("Preparing spoken cues: {done} of {total}").format(done=done, total=total)
            )

    # ----------------------------------------------------------------- records trouble
    def records_failed(self, message: str) -> None:
        self.records_problem.setText(
            message + " " + self.tr("Your notes are safe in memory while the app is open.")
        )
        self.records_banner.show()
        self.set_aside_button.setVisible(self.session.records.problem_kind == "damaged")
        # Nothing on the debrief may say the notes are being kept on disk while they are not.
        self.savingChanged.emit(self.tr("Not saved to disk: notes are in memory only (see the notice)."))

    def _message_box(self, name: str, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
        """A question for the facilitator on the laptop (its words never hold note text)."""
        box = QMessageBox(self.window())
        box.setObjectName(name)
        box.setIcon(icon)
        box.setWindowTitle(title)
        box.setText(text)
        return box

    def leave_unsaved_confirmed(self) -> bool:
        """Closing while the records are failing: export first (the default), or close anyway."""
        box = self._message_box(
            "unsavedOnClose",
            QMessageBox.Icon.Warning,
            self.tr("Notes not yet saved"),
            self.tr(
                "Some notes could not be written to the records. Export them to a file before closing? "
                "Closing without exporting loses them."
            ),
        )
        export = box.addButton(self.tr("Export first"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Close and lose them"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(export)
        box.exec()  # modal on purpose: the window is about to go
        return box.clickedButton() is not export

    def ask_to_end_practice(self, question: str, answer: Callable[[bool], None]) -> None:
        """Ask (without blocking) whether to end the practice under way; staying is the default (Enter)."""
        box = self._message_box(
            "endPracticeQuestion", QMessageBox.Icon.Question, self.tr("End the practice?"), question
        )
        end = box.addButton(self.tr("End the practice"), QMessageBox.ButtonRole.AcceptRole)
        stay = box.addButton(self.tr("Stay with the practice"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        box.installEventFilter(_PressOnKey(Qt.Key.Key_End, end, box))  # End, End: ended; Esc or Enter: stay
        box.setInformativeText(self.tr("Press End again to end it, or Esc to stay."))
        box.finished.connect(lambda _result: answer(box.clickedButton() is end))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def offer_set_aside(self) -> None:
        """Ask (without blocking) whether to keep the damaged file aside and start new records."""
        box = self._message_box(
            "setAsideQuestion",
            QMessageBox.Icon.Question,
            self.tr("Start new records?"),
            self.tr(
                "The damaged records file will be kept, renamed, beside the new one (nothing is deleted), "
                "and the notes kept in memory will be saved into new records."
            ),
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Keep it aside and start new records"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(
            lambda result: self.set_aside_damaged() if result == QMessageBox.StandardButton.Yes else None
        )
        box.open()

    def set_aside_damaged(self) -> None:
        self.set_aside_button.setEnabled(False)
        self.session.records.set_aside_damaged(self._on_set_aside, self._on_set_aside_failed)

    def _on_set_aside(self, kept: str) -> None:
        self.set_aside_button.hide()
        self.set_aside_button.setEnabled(True)
        self.records_problem.setText(
            self.tr("The damaged records file was kept aside as {path}. New records have started.").format(
                path=kept
            )
        )

    def _on_set_aside_failed(self, message: str) -> None:
        self.set_aside_button.setEnabled(True)
        self.records_problem.setText(message)

    def records_saved(self, _session_id: str) -> None:
        if self.records_banner.isVisible() and not self.session.has_unsaved():
            self.records_banner.hide()  # the records work again and hold everything
            self.savingChanged.emit(self.tr("Notes are kept as you type."))
            self.status.emit(self.tr("The records are working again; notes saved."), 6000)

    def offer_notes_export(self) -> None:
        """Save what the records could not keep as a JSON file (it imports back with `sessions import`)."""
        records = self.session.unsaved()
        if not records:
            self.status.emit(self.tr("There are no unsaved notes to export."), 6000)
            return
        dialog = QFileDialog(self.window(), self.tr("Export the notes"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(self.tr("Session records (*.json)"))
        dialog.setDefaultSuffix("json")
        dialog.selectFile("mindful-listening-notes.json")
        dialog.fileSelected.connect(lambda path: self.export_notes_to(path, records))
        self._file_dialog = dialog
        dialog.open()

    def export_notes_to(self, path: str, records: Sequence[SessionRecord]) -> None:
        self.exporter.export(list(records), path, "json")

    def _notes_exported(self, path: str, _pages: int) -> None:
        self.status.emit(
            self.tr(
                "Notes exported to {name}. Import them later with 'mindful-listening sessions import'."
            ).format(name=Path(path).name),
            10_000,
        )

    # ----------------------------------------------------------------- unfinished sessions
    def offer_unfinished(self) -> None:
        """Ask the records for sessions the app stopped in the middle of, and offer to open the latest."""
        self.session.find_unfinished(self._on_unfinished_found)

    def _on_unfinished_found(self, found: Sequence[SessionSummary]) -> None:
        if not found:
            return
        latest = found[0]
        # The whole record says whether its practice stopped part-way (then it can be taken up there).
        self.session.records.submit(
            lambda store: store.get(latest.id),
            lambda record: self._offer_unfinished(latest, record),
            lambda _message: self._offer_unfinished(latest, None),
        )

    def _offer_unfinished(self, latest: SessionSummary, record: SessionRecord | None) -> None:
        session_id = latest.id
        where = record.stopped_at() if record is not None else None
        text = self.tr(
            "A session was not finished ({script}, {when}): the app closed before its end. "
            "Its notes were kept. Open it in the history to read or complete them?"
        )
        if where is not None:
            text = self.tr(
                "A session was not finished ({script}, {when}): the app closed during its practice. "
                "Its notes were kept. Take it up where it stopped, paused at step {step}, or open it in the "
                "history?"
            )
        box = self._message_box(
            "unfinishedOffer",
            QMessageBox.Icon.Question,
            self.tr("An unfinished session"),
            text.format(
                script=latest.script_title,
                when=format_when(latest.started_at, short=True),
                step=(where[0] + 1) if where is not None else 0,
            ),
        )
        box.setStandardButtons(QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close)
        # "Mark as finished": never offered again. Close: asked again at the next start.
        done = box.addButton(self.tr("Mark as finished"), QMessageBox.ButtonRole.DestructiveRole)
        done.clicked.connect(lambda: self.session.mark_finished(session_id, latest.updated_at))
        box.setDefaultButton(QMessageBox.StandardButton.Open)
        if record is not None and where is not None:
            resume = box.addButton(self.tr("Take it up where it stopped"), QMessageBox.ButtonRole.AcceptRole)
            resume.setObjectName("resumeUnfinished")
            resume.clicked.connect(lambda: self.resumeRequested.emit(record))
            box.setDefaultButton(resume)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        box.finished.connect(
            lambda result: (
                self.openSessionRequested.emit(session_id)
                if result == QMessageBox.StandardButton.Open
                else None
            )
        )
        self.unfinished_offer = box
        box.open()
