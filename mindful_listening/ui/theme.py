"""Colours and type for a room: a projection palette with text at 7:1 contrast or better.

Each phase of the practice has a *tone*: a light tint chosen to stay distinct for colour-blind viewers, and
every tone is always paired with words (colour is never the only signal). Phase words sit in black on the
tone, which keeps them at 7:1 or better on every palette; the disc is outlined in the text colour so it
stands out on a light background too. ``contrast_ratio`` is the WCAG 2 formula; the tests hold every pair
to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from mindful_listening.preferences import ThemeChoice

MIN_TEXT_CONTRAST = 7.0  # WCAG AAA for text: projectors wash colours out, so aim high
BASE_POINT_SIZE = 12.0  # the presenter console's body text at font scale 1.0


class Tone(StrEnum):
    READY = "ready"
    SPEAK = "speak"
    QUIET = "quiet"
    SWAP = "swap"
    REFLECT = "reflect"
    OVERTIME = "overtime"
    PAUSED = "paused"


# Light tints around the Okabe–Ito hues, picked so that phases which follow each other stay apart under
# simulated protanopia, deuteranopia and tritanopia (tests/ui/test_theme.py measures it), and so that black
# words on each are 7:1 or better.
TONES: dict[Tone, str] = {
    Tone.READY: "#B8C2CC",
    Tone.SPEAK: "#7FB2FF",
    Tone.QUIET: "#8CD17D",
    Tone.SWAP: "#E69F00",
    Tone.REFLECT: "#F4A6A6",
    Tone.OVERTIME: "#F0E442",
    Tone.PAUSED: "#E8E8E8",
}


@dataclass(frozen=True)
class Palette:
    """The colours of one theme."""

    name: str
    dark: bool
    background: str
    surface: str  # panels and fields on the presenter console
    text: str
    muted: str  # secondary text: still 7:1 on both background and surface
    accent: str  # focus rings, selection
    on_accent: str
    on_tone: str  # phase words written on a tone
    track: str  # the empty part of the disc: every tone stands out from it at 3:1 or better
    outline_px: int = 3
    tones: tuple[tuple[Tone, str], ...] = tuple(TONES.items())

    def tone(self, tone: Tone) -> str:
        return dict(self.tones)[tone]


LIGHT = Palette(
    name="light",
    dark=False,
    background="#FBFAF7",
    surface="#FFFFFF",
    text="#1A1A1A",
    muted="#44494F",
    accent="#0B4F8A",
    on_accent="#FFFFFF",
    on_tone="#000000",
    # Dark enough that every tone's wedge stands out from it at 3:1 or better, paused and past-zero
    # yellow included (a light track left the paused wedge at 1.07:1 and the overtime one at 1.01:1).
    track="#555555",
)

DARK = Palette(
    name="dark",
    dark=True,
    background="#0B0F14",
    surface="#161C23",
    text="#E8ECEF",
    muted="#B4BEC8",
    accent="#9CCBF0",
    on_accent="#000000",
    on_tone="#000000",
    track="#242C35",
)

HIGH_CONTRAST = Palette(
    name="high-contrast",
    dark=True,
    background="#000000",
    surface="#000000",
    text="#FFFFFF",
    muted="#FFFFFF",
    accent="#FFFF00",
    on_accent="#000000",
    on_tone="#000000",
    track="#3A3A3A",
    outline_px=5,
)

PALETTES: dict[str, Palette] = {p.name: p for p in (LIGHT, DARK, HIGH_CONTRAST)}


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of an ``#RRGGBB`` colour, 0 (black) … 1 (white)."""
    value = colour.lstrip("#")
    if len(value) != 6:
        raise ValueError(f"expected #RRGGBB, got {colour!r}")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio between two colours: 1 (none) … 21 (black on white)."""
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def resolve(choice: ThemeChoice, scheme: Qt.ColorScheme | None = None) -> Palette:
    """The palette for a preference; ``system`` follows the desktop's light or dark setting."""
    if choice == "high-contrast":
        return HIGH_CONTRAST
    if choice == "dark":
        return DARK
    if choice == "light":
        return LIGHT
    if scheme is None:
        scheme = QGuiApplication.styleHints().colorScheme()
    return DARK if scheme == Qt.ColorScheme.Dark else LIGHT


def qt_palette(palette: Palette) -> QPalette:
    qp = QPalette()
    roles = {
        QPalette.ColorRole.Window: palette.background,
        QPalette.ColorRole.WindowText: palette.text,
        QPalette.ColorRole.Base: palette.surface,
        QPalette.ColorRole.AlternateBase: palette.background,
        QPalette.ColorRole.Text: palette.text,
        QPalette.ColorRole.Button: palette.surface,
        QPalette.ColorRole.ButtonText: palette.text,
        QPalette.ColorRole.ToolTipBase: palette.surface,
        QPalette.ColorRole.ToolTipText: palette.text,
        QPalette.ColorRole.PlaceholderText: palette.muted,
        QPalette.ColorRole.Highlight: palette.accent,
        QPalette.ColorRole.HighlightedText: palette.on_accent,
        QPalette.ColorRole.Link: palette.accent,
        QPalette.ColorRole.BrightText: palette.text,
    }
    for role, colour in roles.items():
        qp.setColor(role, QColor(colour))
    # Disabled controls keep a readable (muted, still 7:1) colour rather than Qt's faint default.
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        qp.setColor(QPalette.ColorGroup.Disabled, role, QColor(palette.muted))
    return qp


def style_sheet(palette: Palette, font_scale: float = 1.0) -> str:
    """Focus rings that can be seen across a room, calm panels, and heading sizes that follow the scale."""
    width = palette.outline_px

    def pt(size: float) -> str:
        return f"{size * font_scale:.1f}pt"

    p = palette
    box = round(16 * font_scale)  # a check box's square, in pixels (a style sheet sizes indicators so)
    return f"""
QWidget {{ color: {p.text}; background-color: {p.background}; font-size: {pt(BASE_POINT_SIZE)}; }}
QWidget:disabled {{ color: {p.muted}; }}
QWidget:focus {{ outline: none; }}
QMenuBar, QMenu {{ background-color: {p.surface}; color: {p.text}; }}
QMenuBar::item:selected, QMenu::item:selected {{ background-color: {p.accent}; color: {p.on_accent}; }}
QMenu::item:disabled {{ color: {p.muted}; }}
QToolTip {{ background-color: {p.surface}; color: {p.text}; border: 1px solid {p.muted}; }}
QStatusBar {{ color: {p.text}; }}
QPushButton, QToolButton {{
    border: 2px solid {p.muted}; border-radius: 6px; padding: 6px 14px;
    background-color: {p.surface}; color: {p.text};
}}
QToolButton:checked {{ background-color: {p.accent}; color: {p.on_accent}; }}
QPushButton:focus, QToolButton:focus, QLineEdit:focus, QPlainTextEdit:focus, QListWidget:focus,
QTreeWidget:focus, QTabBar::tab:focus {{ border: {width}px solid {p.accent}; }}
QPushButton:disabled, QToolButton:disabled {{ color: {p.muted}; border-style: dashed; }}
QLineEdit, QPlainTextEdit, QListWidget, QTreeWidget {{
    border: 1px solid {p.muted}; border-radius: 4px;
    background-color: {p.surface}; color: {p.text}; alternate-background-color: {p.background};
    selection-background-color: {p.accent}; selection-color: {p.on_accent};
}}
QLineEdit {{ padding: 6px; }}
QListWidget::item {{ padding: 4px; }}
QListWidget::item:selected, QTreeWidget::item:selected {{
    background-color: {p.accent}; color: {p.on_accent};
}}
QHeaderView::section {{
    background-color: {p.surface}; color: {p.text}; border: none; border-bottom: 1px solid {p.muted};
    padding: 4px; font-weight: bold;
}}
QTabWidget::pane {{ border: 1px solid {p.muted}; border-radius: 4px; background-color: {p.background}; }}
QTabBar::tab {{
    background-color: {p.surface}; color: {p.text}; border: 1px solid {p.muted}; padding: 6px 16px;
    border-top-left-radius: 6px; border-top-right-radius: 6px;
}}
QTabBar::tab:selected {{ background-color: {p.accent}; color: {p.on_accent}; font-weight: bold; }}
QScrollArea, QScrollArea > QWidget > QWidget {{ background-color: {p.background}; }}
QScrollBar {{ background-color: {p.surface}; border: none; }}
QScrollBar:vertical {{ width: 14px; }}
QScrollBar:horizontal {{ height: 14px; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0px; height: 0px; }}
QScrollBar::handle {{ background-color: {p.muted}; border-radius: 4px; min-height: 24px; min-width: 24px; }}
QGroupBox {{ border: 1px solid {p.muted}; border-radius: 6px; margin-top: 1.6em; padding: 10px; }}
QGroupBox::title {{
    subcontrol-origin: margin; left: 10px; padding: 0 4px; font-weight: bold; font-size: {pt(13)};
}}
QLabel {{ background-color: transparent; }}
QCheckBox, QRadioButton {{ background-color: transparent; spacing: 8px; }}
QCheckBox::indicator, QRadioButton::indicator {{
    width: {box}px; height: {box}px; border: 2px solid {p.text}; background-color: {p.surface};
}}
QCheckBox::indicator {{ border-radius: 3px; }}
QRadioButton::indicator {{ border-radius: {box // 2 + 2}px; }}
QCheckBox::indicator:checked, QRadioButton::indicator:checked {{
    background-color: {p.accent}; border-color: {p.accent};
}}
QCheckBox::indicator:disabled, QRadioButton::indicator:disabled {{ border-color: {p.muted}; }}
QLabel[role="heading"] {{ font-weight: bold; font-size: {pt(14)}; }}
QLabel[role="subheading"] {{ font-weight: bold; font-size: {pt(12)}; }}
QLabel[role="title"] {{ font-weight: bold; font-size: {pt(18)}; }}
QLabel[role="purpose"] {{ font-size: {pt(17)}; }}
QLabel[role="digits"] {{ font-weight: bold; font-size: {pt(22)}; }}
QLabel[role="muted"] {{ color: {p.muted}; }}
QLabel[role="notice"] {{
    border: 2px solid {p.accent}; border-radius: 6px; padding: 6px 10px;
    background-color: {p.surface}; color: {p.text};
}}
QFrame[role="layer"] {{ border: 1px solid {p.muted}; border-radius: 6px; }}
QFrame[role="nudge"] {{ border: 2px dashed {p.accent}; border-radius: 6px; }}
QFrame#problems {{ border: 2px solid {p.accent}; border-radius: 6px; }}
"""


# The one-to-one window keeps its own quiet looks, whatever the facilitator's theme: warm paper, soft sage,
# dark grey-green text (about 8:1), muted text (about 4.6:1).
QUIET_ROOM_STYLE = """
QMainWindow, QWidget#oneToOne, QStackedWidget, QWidget[page="true"] { background: #f3f0ea; color: #454b47; }
QTabWidget::pane { border: 1px solid #ddd8cf; border-radius: 6px; background: #f3f0ea; top: -1px; }
QTabBar::tab { background: #ebe7df; color: #5d635f; padding: 5px 14px; border: 1px solid #ddd8cf;
  border-bottom: none; border-top-left-radius: 6px; border-top-right-radius: 6px; margin-right: 2px; }
QTabBar::tab:selected { background: #f3f0ea; color: #3f4541; }
QToolBar { background: #ebe7df; border: none; spacing: 4px; padding: 2px; }
QToolButton { color: #454b47; background: transparent; border: 1px solid transparent; border-radius: 5px;
  padding: 3px 8px; }
QToolButton:checked { background: #dbe5de; border-color: #b9c8be; }
QToolButton:hover { border-color: #cfc9bf; }
QLabel { color: #454b47; background: transparent; }
QLabel[muted="true"] { color: #6a706c; }
QLabel#privacyNote, QLabel#nameHint, QLabel#notesStatus { color: #6a706c; }
QLabel#nameHint { color: #8a5a3c; }
QLabel#stepHeading { color: #6a706c; }
QLabel#exerciseTitle { color: #4d5a52; }
QLabel#clock { color: #5d635f; }
QPushButton { background: #e8e4dc; color: #454b47; border: 1px solid #d3cec4; border-radius: 6px;
  padding: 6px 14px; }
QPushButton:hover { background: #eeebe4; }
QPushButton:disabled { color: #a19e98; }
QPushButton[primary="true"] { background: #d7e3da; border-color: #afc2b5; }
QListWidget, QPlainTextEdit, QLineEdit, QComboBox { background: #faf8f4; color: #454b47;
  border: 1px solid #d8d3c9; border-radius: 5px; padding: 3px; }
QListWidget::item { padding: 5px 4px; }
QListWidget::item:selected { background: #dbe5de; color: #3f4541; }
QComboBox QAbstractItemView { background: #faf8f4; color: #454b47; selection-background-color: #dbe5de;
  selection-color: #3f4541; }
QCheckBox { color: #454b47; }
"""
