"""The windows the main window's menus open beside it: the F1 list, the sound and voice check, the history,
the preferences.

Each is made the first time it is asked for and brought back (not made again) after that. The voice check, the
history and the preferences are imported only then: none is needed to run a session, and start-up stays
quick. The preferences and the voice check show the preferences as they are now (``Looks.saved``), and send
the facilitator's choices to the window's :class:`PreferenceTaker`, which saves and applies them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from mindful_listening.core.record import RecordSink
from mindful_listening.preferences import Preferences
from mindful_listening.speech.api import Speaker
from mindful_listening.ui.looks import Looks
from mindful_listening.ui.shortcut_help import ShortcutHelp

if TYPE_CHECKING:
    from mindful_listening.ui.one_to_one import OneToOneWindow

VOICE_CHECK = "voice_check"
HISTORY = "history"
DIARY = "diary"
COURSES = "courses"
PREFERENCES = "preferences"


class PreferenceTaker(Protocol):
    """Where the facilitator's choices go: saved and applied (``ui/preference_effects.PreferenceEffects``)."""

    def take(self, prefs: Preferences) -> None: ...
    def reset(self) -> None: ...
    def busy(self) -> str: ...  # why a preview must not sound now ("" when it may)


class ToolWindows:
    def __init__(
        self,
        owner: QWidget,
        sink: RecordSink,
        looks: Looks,
        preferences: PreferenceTaker,
    ) -> None:
        self._owner = owner
        self._sink = sink
        self._looks = looks
        self._preferences = preferences
        self.help_panel: ShortcutHelp | None = None
        self.one_to_one: OneToOneWindow | None = None
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
            self._looks.dress(self.help_panel)
        self.help_panel.fill(groups, extra)
        if self.help_panel.isVisible():
            self.help_panel.activateWindow()
        self.help_panel.show()

    def open(self, key: str) -> QWidget:
        """Open (or bring back) the voice check, the history window or the preferences."""
        widget = self._tools.get(key)
        if widget is None:
            widget = self._make(key)
            widget.setWindowFlag(Qt.WindowType.Window, True)
            self._tools[key] = widget
        widget.show()
        widget.activateWindow()
        return widget

    def open_one_to_one(
        self, speaker: Speaker, settings: QSettings | None, before: Callable[[], None]
    ) -> None:
        """The compact one-to-one timer, sharing the owner's speech and records (``before`` runs first when it
        is made: the group session waits, one voice at a time). Imported when first opened; each opening
        after a close starts afresh."""
        if self.one_to_one is not None:
            self.one_to_one.show()
            self.one_to_one.activateWindow()
            return
        from mindful_listening.ui.one_to_one import open_one_to_one

        before()
        window = open_one_to_one(self._sink, speaker, settings=settings, parent=self._owner)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        window.destroyed.connect(self._one_to_one_gone)
        self.one_to_one = window

    def _one_to_one_gone(self) -> None:
        self.one_to_one = None

    def open_session(self, session_id: str) -> None:
        """The history window, on one session."""
        from mindful_listening.ui.history import HistoryWidget

        history = self.open(HISTORY)
        if isinstance(history, HistoryWidget) and session_id:
            history.open_session(session_id)

    def open_diary_on(self, words: str) -> None:
        """The practice diary, searched for ``words`` (from the history's search)."""
        from mindful_listening.ui.diary import DiaryWindow

        diary = self.open(DIARY)
        if isinstance(diary, DiaryWindow):
            diary.search.setText(words)

    def _make(self, key: str) -> QWidget:
        looks = self._looks
        if key == VOICE_CHECK:
            from mindful_listening.ui.voice_check import VoiceCheckDialog

            check = VoiceCheckDialog(looks.prefs, parent=self._owner, busy=self._preferences.busy)
            looks.saved.connect(check.set_prefs)
            check.voiceChosen.connect(lambda voice: self._preferences.take(replace(looks.prefs, voice=voice)))
            check.preferencesRequested.connect(lambda: self.open(PREFERENCES))
            return check
        if key == HISTORY:
            from mindful_listening.ui.history import HistoryWidget

            history = HistoryWidget(self._sink, parent=self._owner)
            history.diaryWanted.connect(self.open_diary_on)
            return history
        if key == DIARY:
            from mindful_listening.ui.diary import DiaryWindow

            diary = DiaryWindow(self._sink, parent=self._owner)
            looks.dress(diary)
            return diary
        if key == COURSES:
            from mindful_listening.ui.course import CourseWindow

            courses = CourseWindow(self._sink, parent=self._owner)
            looks.dress(courses)
            return courses
        if key == PREFERENCES:
            from mindful_listening.ui.preferences_dialog import PreferencesDialog

            dialog = PreferencesDialog(looks.prefs, parent=self._owner, busy=self._preferences.busy)
            looks.saved.connect(dialog.show_prefs)
            dialog.changed.connect(self._preferences.take)
            dialog.resetRequested.connect(self._preferences.reset)
            looks.dress(dialog)
            return dialog
        raise ValueError(f"no such tool: {key}")

    def close_all(self) -> None:
        for window in self.windows():
            window.close()
