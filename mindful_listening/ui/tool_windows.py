"""The windows the main window's menus open beside it: the F1 list, the sound and voice check, the history.

Each is made the first time it is asked for and brought back (not made again) after that. The voice check and
the history are imported only then: neither is needed to run a session, and start-up stays quick.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from mindful_listening.core.record import RecordSink
from mindful_listening.preferences import Preferences
from mindful_listening.ui.shortcut_help import ShortcutHelp

VOICE_CHECK = "voice_check"
HISTORY = "history"


class ToolWindows:
    def __init__(
        self,
        owner: QWidget,
        sink: RecordSink,
        prefs: Callable[[], Preferences],
        dress: Callable[[QWidget], None],
    ) -> None:
        self._owner = owner
        self._sink = sink
        self._prefs = prefs
        self._dress = dress
        self.help_panel: ShortcutHelp | None = None
        self._tools: dict[str, QWidget] = {}

    def get(self, key: str) -> QWidget | None:
        return self._tools.get(key)

    def windows(self) -> list[QWidget]:
        """Every window made so far (the F1 list first)."""
        return [w for w in (self.help_panel, *self._tools.values()) if w is not None]

    def show_shortcuts(
        self,
        groups: Sequence[tuple[str, list[QAction]]],
        actions: list[QAction],
        extra: list[tuple[str, str]],
    ) -> None:
        """The F1 list, filled from the menus as they are now; it carries the owner's actions (keys work)."""
        if self.help_panel is None:
            self.help_panel = ShortcutHelp(self._owner)
            self.help_panel.addActions(actions)
            self._dress(self.help_panel)
        self.help_panel.fill(groups, extra)
        if self.help_panel.isVisible():
            self.help_panel.activateWindow()
        self.help_panel.show()

    def open(self, key: str) -> QWidget:
        """Open (or bring back) the voice check or the history window."""
        widget = self._tools.get(key)
        if widget is None:
            widget = self._make(key)
            widget.setWindowFlag(Qt.WindowType.Window, True)
            self._tools[key] = widget
        widget.show()
        widget.activateWindow()
        return widget

    def open_session(self, session_id: str) -> None:
        """The history window, on one session."""
        from mindful_listening.ui.history import HistoryWidget

        history = self.open(HISTORY)
        if isinstance(history, HistoryWidget) and session_id:
            history.open_session(session_id)

    def _make(self, key: str) -> QWidget:
        if key == VOICE_CHECK:
            from mindful_listening.ui.voice_check import VoiceCheckDialog

            return VoiceCheckDialog(self._prefs(), parent=self._owner)
        if key == HISTORY:
            from mindful_listening.ui.history import HistoryWidget

            return HistoryWidget(self._sink, parent=self._owner)
        raise ValueError(f"no such tool: {key}")

    def close_all(self) -> None:
        for window in self.windows():
            window.close()
