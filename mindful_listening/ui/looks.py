"""The facilitator's looks and saved choices: theme and text size, for the console and every window beside it.

One :class:`Looks` holds the preferences of the main window. Each change is saved at once (to the window's
``QSettings``) and applied to the window, to the windows it names, and (by ``changed``) to the room view. A
theme that follows the system follows it live.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from mindful_listening import preferences as prefs_io
from mindful_listening.preferences import Preferences, ThemeChoice
from mindful_listening.ui import theme


class Looks(QObject):
    """``changed(palette, font scale)`` after each change, for what is drawn rather than styled (the room);
    ``saved(Preferences)`` each time the preferences really change (from a menu, a key or the Preferences
    dialog), so the windows that show them follow."""

    changed = Signal(object, float)
    saved = Signal(object)  # Preferences

    def __init__(
        self,
        window: QWidget,
        prefs: Preferences,
        settings: QSettings | None,
        others: Callable[[], Iterable[QWidget | None]],
        app_wide: bool = False,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._others = others
        self._app_wide = app_wide
        self.prefs = prefs.clamped()
        self.palette_now = theme.resolve(self.prefs.theme)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_system_scheme)

    def apply(self) -> None:
        self.palette_now = theme.resolve(self.prefs.theme)
        palette = theme.qt_palette(self.palette_now)
        sheet = theme.style_sheet(self.palette_now, self.prefs.font_scale)
        font = self._window.font()
        font.setPointSizeF(theme.BASE_POINT_SIZE * self.prefs.font_scale)
        app = QApplication.instance()
        if self._app_wide and isinstance(app, QApplication):
            app.setPalette(palette)
            app.setFont(font)
        for window in (self._window, *self._others()):
            if window is not None:
                window.setPalette(palette)
                window.setStyleSheet(sheet)
                window.setFont(font)
        self.changed.emit(self.palette_now, self.prefs.font_scale)

    def dress(self, widget: QWidget) -> None:
        """A new window beside the main one, in the main one's looks."""
        widget.setPalette(self._window.palette())
        widget.setStyleSheet(self._window.styleSheet())
        widget.setFont(self._window.font())

    def set_prefs(self, prefs: Preferences) -> None:
        """Keep (and save) new preferences; the caller applies what they change."""
        clamped = prefs.clamped()
        if clamped == self.prefs:
            return
        self.prefs = clamped
        if self._settings is not None:
            prefs_io.save(self._settings, self.prefs)
        self.saved.emit(self.prefs)

    def reset_prefs(self) -> None:
        """Every preference back to its default, and none left saved (for a shared classroom machine); the
        caller applies what that changes."""
        if self._settings is not None:
            prefs_io.reset(self._settings)
        if self.prefs != Preferences():
            self.prefs = Preferences()
            self.saved.emit(self.prefs)

    def set_theme(self, choice: ThemeChoice) -> None:
        self.set_prefs(replace(self.prefs, theme=choice))
        self.apply()

    def change_font_scale(self, delta: float) -> None:
        self.set_font_scale(round(self.prefs.font_scale + delta, 2))

    def set_font_scale(self, scale: float) -> None:
        self.set_prefs(replace(self.prefs, font_scale=scale))
        self.apply()

    def _on_system_scheme(self, _scheme: Qt.ColorScheme) -> None:
        if self.prefs.theme == "system":
            self.apply()

    def close(self) -> None:
        QGuiApplication.styleHints().colorSchemeChanged.disconnect(self._on_system_scheme)
