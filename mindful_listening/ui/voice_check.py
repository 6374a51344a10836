"""The Sound & voice check dialog: can spoken cues work on this machine, and how do they sound?

Non-modal: the window opens it with ``show()`` (never ``exec()``). Showing it runs the check once; "Check
again" runs it again. It rings the bell and speaks a test phrase (unless made quiet) in the voice, at the rate
and at the volumes of the facilitator's preferences, then shows the engine, the voice, how the test phrase
measured, where sound would go, and anything missing in plain words with how to fix it.
A voice can be picked here from those the engine lists (``voiceChosen``: the window saves it, and the next
check speaks in it), and "Preferences…" opens the rest (``preferencesRequested``); ``set_prefs`` keeps the
dialog up to date with preferences changed elsewhere.
Opened while a practice is running (or the session's voice is sounding), it measures without ringing or
speaking, and says why: one voice speaks to the room at a time.
The work is :class:`~mindful_listening.speech.check.VoiceCheck`; this widget only shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QHideEvent, QShowEvent
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
from mindful_listening.speech.renderer import EngineInfo
from mindful_listening.ui.voice_box import VoiceBox


class VoiceCheckDialog(QDialog):
    checkFinished = Signal(object)  # the report (see speech.check.empty_report)
    voiceChosen = Signal(str)  # the facilitator picked this voice ("" the engine's default) to keep
    preferencesRequested = Signal()

    def __init__(
        self,
        prefs: Preferences | None = None,
        parent: QWidget | None = None,
        *,
        play: bool = True,
        renderer_command: list[str] | None = None,
        busy: Callable[[], str] | None = None,
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
        # Why the check must not sound now (a practice running, the session's voice speaking), or "": then
        # it measures without ringing or speaking, and says so.
        self._busy: Callable[[], str] = busy or (lambda: "")
        self._held = ""

        self.status = QLabel(self.tr("Ready to check."))
        self.status.setWordWrap(True)
        self.engine = QLabel("—")
        self.voice_choice = VoiceBox(self.prefs.voice)
        self.voice_choice.setAccessibleName(self.tr("Voice to use"))
        self.voice_choice.voiceChosen.connect(self._on_voice_chosen)
        self.voice = QLabel("—")
        self.volumes = QLabel("")
        self.volumes.setObjectName("voiceCheckVolumes")
        self.volumes.setWordWrap(True)
        self.phrase = QLabel("—")
        self.outputs = QLabel("—")
        self.outputs.setWordWrap(True)
        self.problems = QLabel("")
        self.problems.setWordWrap(True)
        self.problems.setObjectName("voiceCheckProblems")
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.tr("Speech engine"), self.engine)
        choose = QLabel(self.tr("&Voice to use"))
        choose.setBuddy(self.voice_choice)
        form.addRow(choose, self.voice_choice)
        form.addRow(self.tr("Speaking now"), self.voice)
        form.addRow(self.tr("Volumes"), self.volumes)
        form.addRow(self.tr("Test phrase"), self.phrase)
        form.addRow(self.tr("Sound output"), self.outputs)

        self.again = QPushButton(self.tr("Check &again"))
        self.again.setAccessibleName(self.tr("Check again: ring the bell and speak the test phrase"))
        self.again.clicked.connect(self.start_check)
        self.open_preferences = QPushButton(self.tr("&Preferences…"))
        self.open_preferences.setObjectName("openPreferences")
        self.open_preferences.setAccessibleName(self.tr("Preferences: rate, volumes, bells"))
        self.open_preferences.setAutoDefault(False)
        self.open_preferences.clicked.connect(self.preferencesRequested)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.open_preferences, QDialogButtonBox.ButtonRole.ActionRole)
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
        self._show_volumes()

    # ----------------------------------------------------------------- preferences
    def set_prefs(self, prefs: Preferences) -> None:
        """The facilitator's preferences changed: the next check sounds with these."""
        self.prefs = prefs
        self.voice_choice.set_voice(prefs.voice)
        self._show_volumes()

    def _show_volumes(self) -> None:
        words = self.tr("cues %1 %, bell %2 %")
        words = words.replace("%1", str(round(self.prefs.voice_volume * 100)))
        words = words.replace("%2", str(round(self.prefs.bell_volume * 100)))
        if self.prefs.bells == "none":
            words += " " + self.tr("(you ring your own bowl: the check rings the bell anyway)")
        self.volumes.setText(words)

    def _on_voice_chosen(self, voice: str) -> None:
        self.prefs = replace(self.prefs, voice=voice)
        self.status.setText(self.tr("Voice chosen. Check again to hear it."))
        self.voiceChosen.emit(voice)

    def _on_engine(self, info: EngineInfo) -> None:
        self.voice_choice.set_voices(info.voices, info.default_voice)

    # ----------------------------------------------------------------- intent
    def start_check(self) -> None:
        if self._check is not None and not self._check.done:
            return
        self._ran = True
        self.again.setEnabled(False)
        self.problems.setText("")
        self._held = self._busy() if self.play else ""
        play = self.play and not self._held
        check = VoiceCheck(self.prefs, play=play, renderer_command=self._command, parent=self)
        check.stage.connect(self.status.setText)
        check.engineKnown.connect(self._on_engine)
        check.finished.connect(self._show_report)
        self._check = check
        check.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._ran:
            self.start_check()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._cancel()
        super().closeEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        if not event.spontaneous():  # Esc hides a dialog without closing it (minimising it is no end)
            self._cancel()
        super().hideEvent(event)

    def _cancel(self) -> None:
        if self._check is not None and not self._check.done:
            self._check.cancel()
            self.again.setEnabled(True)

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
        if self._held:
            self.status.setText(
                self.tr("%1 The check measured without ringing or speaking; check again to hear it.").replace(
                    "%1", self._held
                )
            )
        self.checkFinished.emit(report)
