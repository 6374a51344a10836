"""The Sound & voice check dialog: can spoken cues work on this machine, and how do they sound?

Non-modal: the window opens it with ``show()`` (never ``exec()``). Showing it runs the check once; "Check
again" runs it again. It rings the bell and speaks a test phrase (unless made quiet), then shows the engine,
the voice, how the test phrase measured, where sound would go, and anything missing in plain words with how
to fix it.
The work is :class:`~mindful_listening.speech.check.VoiceCheck`; this widget only shows it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mindful_listening.preferences import Preferences
from mindful_listening.speech.check import VoiceCheck


class VoiceCheckDialog(QDialog):
    checkFinished = Signal(object)  # the report (see speech.check.empty_report)

    def __init__(
        self,
        prefs: Preferences | None = None,
        parent: QWidget | None = None,
        *,
        play: bool = True,
        renderer_command: list[str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("voiceCheck")
        self.setWindowTitle(self.tr("Sound & voice check"))
        self.setModal(False)
        self.prefs = prefs or Preferences()
        self.play = play
        self.report: dict[str, Any] | None = None
        self._command = renderer_command
        self._check: VoiceCheck | None = None
        self._ran = False

        self.status = QLabel(self.tr("Ready to check."))
        self.status.setWordWrap(True)
        self.engine = QLabel("—")
        self.voice = QLabel("—")
        self.phrase = QLabel("—")
        self.outputs = QLabel("—")
        self.outputs.setWordWrap(True)
        self.problems = QLabel("")
        self.problems.setWordWrap(True)
        self.problems.setObjectName("voiceCheckProblems")
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        form = QFormLayout()
        form.addRow(self.tr("Speech engine"), self.engine)
        form.addRow(self.tr("Voice"), self.voice)
        form.addRow(self.tr("Test phrase"), self.phrase)
        form.addRow(self.tr("Sound output"), self.outputs)

        self.again = QPushButton(self.tr("Check again"))
        self.again.clicked.connect(self.start_check)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.again, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)

        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr("This rings the bell and speaks a short phrase, so you can hear how cues will sound.")
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)

    # ----------------------------------------------------------------- intent
    def start_check(self) -> None:
        if self._check is not None and not self._check.done:
            return
        self._ran = True
        self.again.setEnabled(False)
        self.problems.setText("")
        check = VoiceCheck(self.prefs, play=self.play, renderer_command=self._command, parent=self)
        check.stage.connect(self.status.setText)
        check.finished.connect(self._show_report)
        self._check = check
        check.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._ran:
            self.start_check()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._check is not None and not self._check.done:
            self._check.cancel()
            self.again.setEnabled(True)
        super().closeEvent(event)

    # ----------------------------------------------------------------- drawing
    def _show_report(self, report: dict[str, Any]) -> None:
        self.report = report
        self.again.setEnabled(True)
        if report["engine_available"]:
            self.engine.setText(str(report["engine"]))
            self.voice.setText(
                self.tr("%1 (%2 voices installed)")
                .replace("%1", str(report["voice"]))
                .replace("%2", str(report["voices"]))
            )
            self.phrase.setText(
                self.tr("%1 s long, rendered in %2 ms")
                .replace("%1", f"{report['test_phrase_seconds']:.1f}")
                .replace("%2", f"{report['render_ms']:.0f}")
            )
        else:
            self.engine.setText(self.tr("Not available"))
            self.voice.setText("—")
            self.phrase.setText("—")
        outputs = report["audio_outputs"]
        if outputs:
            default = report["default_output"] or outputs[0]
            self.outputs.setText(
                self.tr("%1 (of %2 found)").replace("%1", default).replace("%2", str(len(outputs)))
            )
        else:
            self.outputs.setText(self.tr("None found"))
        if report["problems"]:
            self.status.setText(self.tr("Some things need attention:"))
            self.problems.setText("\n\n".join(report["problems"]))
        else:
            self.status.setText(self.tr("All good: spoken cues and bells are ready."))
        self.checkFinished.emit(report)
