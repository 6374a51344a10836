"""The voices to choose from, as the speech engine lists them: one box for the Preferences dialog and the
Sound & voice check.

Until the engine has said which voices it has, the box holds the engine's default and the chosen voice
alone; a saved voice this machine does not have stays in the list, marked, so a choice is never silently
changed (the engine speaks in its default voice meanwhile).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QSizePolicy, QWidget


class VoiceBox(QComboBox):
    """``voiceChosen(voice id)`` when the facilitator picks a voice ("" for the engine's default)."""

    voiceChosen = Signal(str)

    def __init__(self, voice: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("voiceBox")
        self.setAccessibleName(self.tr("Voice"))
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(18)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._voices: list[dict[str, str]] = []
        self._default = ""
        self._listed = False
        self._fill(voice)
        self.currentIndexChanged.connect(lambda _index: self.voiceChosen.emit(self.voice()))

    @property
    def listed(self) -> bool:
        """Whether the engine has said which voices it has."""
        return self._listed

    def voice(self) -> str:
        data = self.currentData()
        return data if isinstance(data, str) else ""

    def set_voice(self, voice: str) -> None:
        """Show ``voice`` as the one chosen (no ``voiceChosen``: it was chosen elsewhere)."""
        if voice != self.voice():
            self._fill(voice)

    def set_voices(self, voices: Sequence[dict[str, str]], default_voice: str = "") -> None:
        """The engine's voices (each with ``id``, ``name``, ``language``), and which it speaks by default."""
        self._voices = [dict(v) for v in voices if str(v.get("id", ""))]
        self._default = default_voice
        self._listed = True
        self._fill(self.voice())

    def _name_of(self, voice: dict[str, str], twice: Counter[str]) -> str:
        name = str(voice.get("name") or voice.get("id"))
        return f"{name} ({voice['id']})" if twice[name] > 1 else name

    def _fill(self, chosen: str) -> None:
        was = self.blockSignals(True)  # filled from what was chosen: no choice is made here
        self.clear()
        twice = Counter(str(v.get("name") or v.get("id")) for v in self._voices)
        named = {v["id"]: self._name_of(v, twice) for v in self._voices}
        default = named.get(self._default)
        self.addItem(
            self.tr("The engine's default voice (%1)").replace("%1", default)
            if default
            else self.tr("The engine's default voice"),
            "",
        )
        for ident, name in sorted(named.items(), key=lambda item: item[1].casefold()):
            self.addItem(name, ident)
        if chosen and chosen not in named:
            words = self.tr("%1 (not installed here)").replace("%1", chosen) if self._listed else chosen
            self.addItem(words, chosen)
        self.setCurrentIndex(max(0, self.findData(chosen)))
        self.blockSignals(was)
