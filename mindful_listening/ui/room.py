"""The audience view: only what the room should see, sized to be read from the back.

It shows the purpose statement, the roles, the disc and digits, the phase in words (on a coloured band), the
current cue as a caption and what comes next. A purpose or inquiry step on the clock keeps its own page (the
purpose, a debrief prompt) with the time small under it: the digits, a thin time line and the caption. It has
no way to show notes, facilitator notes, reminders, participant codes or assessment: no method takes them and
no widget here can hold them. Text sizes follow the view's height (roles are at least 8 % of it) and the
facilitator's font scale.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

import shiboken6
from PySide6.QtCore import QEvent, QMargins, QRect, Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QFontMetrics, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from mindful_listening.timers import make_timer
from mindful_listening.ui.disc import CountdownDisc
from mindful_listening.ui.layout_fence import LayoutFence, SteadyFence
from mindful_listening.ui.phase import PhaseLook
from mindful_listening.ui.theme import DARK, Palette, Tone
from mindful_listening.ui.time_line import TimeLine
from mindful_listening.ui.widgets import ShownPageStack

ROLE_SHARE = 0.09  # roles aim for 9 % of the view's height (times the font scale)
ROLE_MIN_SHARE = 0.08  # and never fall below 8 %, whatever the scale
CAPTION_SHARE = 0.13  # the caption's band under the practice page: 13 % of the view's height, always
BLANK = "#000000"


def fit_pixel_size(
    text: str,
    base: QFont,
    max_px: int,
    min_px: int,
    width: int,
    height: int | None = None,
    shape: str | None = None,
) -> int:
    """The largest pixel size from ``max_px`` down to ``min_px`` at which ``text`` fits the box.

    With ``height`` the text may wrap at word boundaries inside ``width``; without it each line must fit on
    one line. Answers are kept (the three room views ask again for the same text at every step change, and
    measuring a wrapped text takes up to 20 tries of about 0.1 ms each). ``shape`` is :func:`font_shape` of
    ``base``, for a caller that keeps it (making it is most of the cost of an answer already kept).
    """
    key = (text, shape if shape is not None else font_shape(base), max_px, min_px, width, height)
    known = _FITTED.get(key)
    if known is not None:
        return known
    if len(_FITTED) >= _FITTED_KEPT:
        _FITTED.clear()
    px = _fit_pixel_size(text, base, max_px, min_px, width, height)
    _FITTED[key] = px
    return px


_FITTED: dict[tuple[str, str, int, int, int, int | None], int] = {}
_FITTED_KEPT = 4096


def font_shape(font: QFont) -> str:
    """What of ``font`` decides how its text is measured, less its size (every try of a fit sets its own)."""
    shape = QFont(font)
    shape.setPixelSize(100)
    return shape.key()


def _fit_pixel_size(text: str, base: QFont, max_px: int, min_px: int, width: int, height: int | None) -> int:
    px = max(max_px, min_px)
    while True:
        font = QFont(base)
        font.setPixelSize(px)
        metrics = QFontMetrics(font)
        if height is None:
            fits = all(metrics.horizontalAdvance(line) <= width for line in text.splitlines() or [""])
        else:
            box = metrics.boundingRect(QRect(0, 0, max(1, width), 100_000), Qt.TextFlag.TextWordWrap, text)
            fits = box.width() <= width and box.height() <= height
        if fits or px <= min_px:
            return px
        px = max(min_px, math.floor(px * 0.93))


class TimedStrip(QWidget):
    """The step's time, small, under a page the room reads (the purpose or a debrief prompt on the clock):
    the digits, what the clock is doing when it is not simply running, a thin time line, and the caption."""

    def __init__(self, prefix: str, label: Callable[..., QLabel], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{prefix}Clock")
        self.digits = label(f"{prefix}Digits", bold=True)
        self.words = label(f"{prefix}ClockWords", muted=True)
        self.line = TimeLine()
        self.caption = label(f"{prefix}Caption")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch(1)
        row.addWidget(self.digits)
        row.addWidget(self.words)
        row.addStretch(1)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(row)
        box.addWidget(self.line)
        box.addWidget(self.caption)
        self.words.hide()

    def set_tick(self, phase: PhaseLook, fraction: float, past_zero: bool, digits: str) -> None:
        self.digits.setText(digits)
        self.digits.setAccessibleName(self.tr("Time left: %1").replace("%1", digits))
        # Running, the page says what it is; ready, paused or past zero, the clock says so in words too.
        quiet = phase.tone not in (Tone.READY, Tone.PAUSED, Tone.OVERTIME)
        self.words.setText("" if quiet else f"· {phase.words}")
        self.words.setVisible(not quiet)
        self.line.set_state(fraction, phase.tone, past_zero)


class AudienceView(SteadyFence):
    """Draws one of: welcome, purpose, practice, debrief, or nothing at all (blanked). The purpose and the
    debrief can carry the time small, for a purpose or an inquiry step on the clock.

    The view is a :class:`~mindful_listening.ui.layout_fence.SteadyFence` around its pages: the digits and
    the disc change every second and the caption at every cue, and the window around the view (the
    presenter's mirror) is relaid out only when the view asks for more room than it has asked for before
    (its text is fitted to the room it is given in any case); a new script or text size starts afresh."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, fill=True)
        self.setObjectName("audienceView")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName(self.tr("Room view"))
        self._palette: Palette = DARK
        self._scale = 1.0
        self._tone = Tone.READY
        self._blank = False
        self._show_digits = True
        self._px: dict[str, int] = {}
        # Each label's font to measure with, and its shape (font_shape), kept until the looks change.
        self._bases: dict[str, tuple[QFont, str]] = {}
        self._held = 0  # fits asked for while held (RoomFeed.batch) are done once, when let go
        self._fit_due = False

        self._stack = ShownPageStack()  # it asks for the room of the page on show, not of its largest
        self.fence_in(self._stack)

        # Welcome
        self._welcome = QWidget()
        self.welcome_title = self._label("welcomeTitle", bold=True)
        self.welcome_line = self._label("welcomeLine", muted=True)
        self.welcome_line.setText(self.tr("We'll begin in a moment."))
        box = QVBoxLayout(self._welcome)
        box.addStretch(2)
        box.addWidget(self.welcome_title)
        box.addWidget(self.welcome_line)
        box.addStretch(3)

        # Purpose
        self._purpose = QWidget()
        self.purpose_heading = self._label("purposeHeading", muted=True)
        self.purpose_heading.setText(self.tr("Why we are practising"))
        self.purpose_text = self._label("purposeText")
        # The reminders (invitation, confidentiality and its limits), when the facilitator shows them: a calm
        # panel under the purpose.
        self.reminders_text = self._label("remindersText", muted=True)
        self.reminders_text.hide()
        # A purpose step on the clock: its time, small, under the purpose.
        self.purpose_clock = TimedStrip("purpose", self._label)
        self.purpose_clock.hide()
        box = QVBoxLayout(self._purpose)
        box.addStretch(2)
        box.addWidget(self.purpose_heading)
        box.addWidget(self.purpose_text)
        box.addSpacing(12)
        box.addWidget(self.reminders_text)
        box.addStretch(3)
        box.addWidget(self.purpose_clock)

        # Practice
        self._practice = QWidget()
        self.phase_banner = self._label("phaseBanner", bold=True)
        self.disc = CountdownDisc()
        self.digits = self._label("digits", bold=True)
        self.roles = QWidget()
        self.roles.setObjectName("roles")
        self._roles_box = QVBoxLayout(self.roles)
        self._roles_box.setContentsMargins(0, 0, 0, 0)
        self._roles_box.addStretch(1)
        self._roles_box.addStretch(1)
        self.role_labels: list[QLabel] = []
        self.caption = self._label("caption")
        self.next_label = self._label("next", muted=True)
        left = QVBoxLayout()
        left.addWidget(self.disc, 5)
        # The digits change every second: fenced, so that the page around them is not relaid out for it.
        self._digits_fence = LayoutFence()
        self._digits_fence.setSizePolicy(self.digits.sizePolicy())
        self._digits_fence.fence_in(self.digits)
        left.addWidget(self._digits_fence, 0)
        middle = QHBoxLayout()
        middle.addLayout(left, 42)
        middle.addWidget(self.roles, 58)
        box = QVBoxLayout(self._practice)
        box.addWidget(self.phase_banner)
        box.addLayout(middle, 1)
        box.addWidget(self.caption)
        box.addWidget(self.next_label)

        # Debrief
        self._debrief = QWidget()
        self.debrief_heading = self._label("debriefHeading", bold=True)
        self.debrief_heading.setText(self.tr("Reflecting together"))
        self.debrief_text = self._label("debriefText")
        # An inquiry step on the clock: its time, small, under the prompt.
        self.debrief_clock = TimedStrip("debrief", self._label)
        self.debrief_clock.hide()
        box = QVBoxLayout(self._debrief)
        box.addStretch(2)
        box.addWidget(self.debrief_heading)
        box.addWidget(self.debrief_text)
        box.addStretch(3)
        box.addWidget(self.debrief_clock)

        # Blank
        self._blank_page = QWidget()
        self._blank_page.setObjectName("blankPage")
        self._blank_page.setAccessibleName(self.tr("Room view blanked"))

        for page, name in (
            (self._welcome, "welcome"),
            (self._purpose, "purpose"),
            (self._practice, "practice"),
            (self._debrief, "debrief"),
        ):
            page.setObjectName(name)
        for page in (self._welcome, self._purpose, self._practice, self._debrief, self._blank_page):
            page.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
            self._stack.addWidget(page)
        self._page: QWidget = self._welcome
        # Three role lines (speaker, listener, observer) are made now rather than at the first step change.
        self._roles_shown: list[str] | None = None
        for _ in range(3):
            self._add_role_label()
        self.set_roles([], "")
        self._apply_style()

    def _label(self, name: str, bold: bool = False, muted: bool = False) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setProperty("muted", muted)
        label.setProperty("bold", bold)
        return label

    def _base(self, label: QLabel) -> QFont:
        """The font to measure ``label``'s text with (its size comes from the style sheet)."""
        return self._base_and_shape(label)[0]

    def _base_and_shape(self, label: QLabel) -> tuple[QFont, str]:
        name = label.objectName()
        kept = self._bases.get(name)
        if kept is None:
            font = QFont(label.font())
            font.setBold(bool(label.property("bold")))
            kept = self._bases[name] = (font, font_shape(font))
        return kept

    def _fit_size(
        self, label: QLabel, text: str, max_px: int, min_px: int, width: int, height: int | None = None
    ) -> int:
        """:func:`fit_pixel_size` for ``text`` in ``label``'s font."""
        base, shape = self._base_and_shape(label)
        return fit_pixel_size(text, base, max_px, min_px, width, height, shape)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._bases.clear()  # the window's looks changed: the labels' fonts may have
        super().changeEvent(event)

    def hold_fits(self) -> None:
        """Until :meth:`let_go`, fits asked for are done once, at the end (a step change sets the roles,
        shows its page and its first caption in one go: one fit, not three)."""
        self._held += 1

    def let_go(self) -> None:
        self._held = max(0, self._held - 1)
        if not self._held and self._fit_due:
            self._fit()

    # ----------------------------------------------------------------- stages
    @property
    def page_name(self) -> str:
        """``welcome``, ``purpose``, ``practice``, ``debrief`` or ``blank``."""
        return "blank" if self._blank else self._page.objectName()

    def _show(self, page: QWidget) -> None:
        changed = page is not self._page
        self._page = page
        if not self._blank:
            self._stack.setCurrentWidget(page)
        self._fit()
        if changed:
            self.start_afresh()  # another page: the room it asks for starts from what this one needs

    def show_welcome(self, title: str) -> None:
        self.welcome_title.setText(title)
        self._show(self._welcome)

    def show_purpose(self, purpose: str, reminders: Sequence[str] = (), timed: bool = False) -> None:
        """The purpose, the reminders under it when given, and with ``timed`` the step's time under both."""
        self.purpose_text.setText(purpose)
        self.reminders_text.setText("\n".join(reminders))
        self.reminders_text.setVisible(bool(reminders))
        self.purpose_clock.setVisible(timed)
        self._show(self._purpose)

    def show_practice(self) -> None:
        self._show(self._practice)

    def show_debrief(self, introduction: str, timed: bool = False, heading: str = "") -> None:
        """The debrief's words (its introduction, a prompt, the closing); with ``timed`` the step's time under
        them, and ``heading`` in place of "Reflecting together" when given."""
        self.debrief_heading.setText(heading or self.tr("Reflecting together"))
        self.debrief_text.setText(introduction)
        self.debrief_clock.setVisible(timed)
        self._show(self._debrief)

    @property
    def clock_shown(self) -> bool:
        """The time is on the page the room sees: the disc, or the small clock of a purpose or prompt."""
        if self._page is self._practice:
            return True
        clock = {self._purpose: self.purpose_clock, self._debrief: self.debrief_clock}.get(self._page)
        return clock is not None and not clock.isHidden()

    def set_blank(self, blank: bool) -> None:
        self._blank = blank
        self._stack.setCurrentWidget(self._blank_page if blank else self._page)

    @property
    def blank(self) -> bool:
        return self._blank

    # ----------------------------------------------------------------- practice content
    def _add_role_label(self) -> None:
        label = self._label(f"role{len(self.role_labels)}", bold=True)
        label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        label.hide()
        self._roles_box.insertWidget(1 + len(self.role_labels), label)
        self.role_labels.append(label)

    def set_roles(self, lines: list[str], headline: str) -> None:
        """The roles, one per line; a step without roles shows its headline in their place."""
        shown = lines or ([headline] if headline else [])
        if shown == self._roles_shown:
            return  # the same roles as the step before (a turn, then its reflection): nothing to redo
        self._roles_shown = list(shown)
        while len(self.role_labels) < len(shown):
            self._add_role_label()
        for i, label in enumerate(self.role_labels):
            label.setVisible(i < len(shown))
            label.setText(shown[i] if i < len(shown) else "")
        self.roles.setAccessibleName(" · ".join(shown))
        self._fit()

    def set_tick(
        self, phase: PhaseLook, fraction: float, past_zero: bool, digits: str, next_text: str
    ) -> None:
        if self.phase_banner.text() != phase.words:
            self.phase_banner.setText(phase.words)
            self._fit_banner()
        if phase.tone is not self._tone:
            self._tone = phase.tone
            self._style_banner()
        self.disc.set_state(fraction, phase.tone, past_zero)
        self.digits.setText(digits)
        self.digits.setAccessibleName(self.tr("Time left: %1").replace("%1", digits))
        for clock in (self.purpose_clock, self.debrief_clock):
            clock.set_tick(phase, fraction, past_zero, digits)
        if self.next_label.text() != next_text:
            self.next_label.setText(next_text)
            self._fit()

    def set_caption(self, text: str) -> None:
        self.caption.setText(text)
        for clock in (self.purpose_clock, self.debrief_clock):
            clock.caption.setText(text)
        self._fit()

    def set_show_digits(self, show: bool) -> None:
        self._show_digits = show
        self.digits.setVisible(show)
        self._digits_fence.setVisible(show)
        for clock in (self.purpose_clock, self.debrief_clock):
            clock.digits.setVisible(show)  # the thin line stays: the room still sees time passing

    # ----------------------------------------------------------------- looks
    def set_palette(self, palette: Palette) -> None:
        self._palette = palette
        self._bases.clear()
        self.disc.set_palette(palette)
        for clock in (self.purpose_clock, self.debrief_clock):
            clock.line.set_palette(palette)
        self._apply_style()

    def set_font_scale(self, scale: float) -> None:
        self._scale = scale
        self._bases.clear()
        self._fit()
        self.start_afresh()

    def _apply_style(self) -> None:
        """The view's colours in a style sheet of its own, set again only when the palette changes.

        A label's size is in a style sheet of the label's own (``_sized``), and the phase band's tone in the
        band's (``_style_banner``): setting the view's sheet again restyles every label of the view (about
        19 ms on a loaded 2-core machine, ``benchmarks/gui_stall.py --profile``), a label's own restyles that
        label alone. Sizes cannot be set with ``setFont``: the window's style sheet (the presenter's looks)
        resets a label's font whenever the label is styled again.
        """
        p = self._palette
        sheet = f"""
AudienceView, AudienceView QWidget {{ background-color: {p.background}; }}
AudienceView QWidget#blankPage {{ background-color: {BLANK}; }}
AudienceView QLabel {{ color: {p.text}; background-color: transparent; font-weight: normal; }}
AudienceView QLabel[muted="true"] {{ color: {p.muted}; }}
AudienceView QLabel[bold="true"] {{ font-weight: bold; }}
"""
        if sheet != self.styleSheet():
            self.setStyleSheet(sheet)
        self._style_banner()

    def _style_banner(self) -> None:
        """The phase band: its tone, its rounding and padding (which follow the view's height), its size."""
        p = self._palette
        radius = max(6, self.height() // 80)
        px = self._px.get(self.phase_banner.objectName())
        sheet = (
            f"background-color: {p.tone(self._tone)}; color: {p.on_tone}; "
            f"border-radius: {radius}px; padding: {radius}px;" + (f" font-size: {px}px;" if px else "")
        )
        if sheet != self.phase_banner.styleSheet():
            self.phase_banner.setStyleSheet(sheet)

    def role_pixel_floor(self) -> int:
        return math.ceil(self.height() * ROLE_MIN_SHARE)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._fit_due:
            self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()
        # The text was fitted to the new size: the room it asks for starts afresh (a projector window made
        # larger, then smaller again, must not keep the larger text's wishes).
        self.start_afresh()

    def _sized(self, label: QLabel, px: int) -> None:
        """Give ``label`` its pixel size, restyling it only when the size is new."""
        name = label.objectName()
        if self._px.get(name) == px:
            return
        self._px[name] = px
        if label is self.phase_banner:
            self._style_banner()
        else:
            label.setStyleSheet(f"font-size: {px}px;")

    def _fit(self) -> None:
        """Size the text of the page on show to the view; another page is sized when it is shown.

        Margins and spacing are set only when they change: setting a layout's spacing relays its page out
        even when the value is the same. While held (:meth:`hold_fits`) it is done once, when let go.
        """
        if self._held or not self.isVisible():
            # Held: done once, when let go. Hidden (the room view inside the facilitator's window while the
            # console shows, the mirror before the practice, a closed projector window): when shown. Fitting
            # a hidden view restyled its labels at every step change for nobody (a third of the fitting).
            self._fit_due = True
            return
        self._fit_due = False
        h = max(1, self.height())
        margin, spacing = round(h * 0.03), round(h * 0.015)
        margins = QMargins(margin, margin, margin, margin)
        for page in (self._welcome, self._purpose, self._practice, self._debrief):
            layout = page.layout()
            if layout is not None:
                if layout.contentsMargins() != margins:
                    layout.setContentsMargins(margins)
                if layout.spacing() != spacing:
                    layout.setSpacing(spacing)
        fit = {
            self._welcome: self._fit_welcome,
            self._purpose: self._fit_purpose,
            self._practice: self._fit_practice,
            self._debrief: self._fit_debrief,
        }[self._page]
        fit(h, max(1, self.width()) - 2 * margin, margin)

    def _fit_welcome(self, h: int, inner: int, _margin: int) -> None:
        s = self._scale
        self._sized(
            self.welcome_title,
            self._fit_size(self.welcome_title, self.welcome_title.text(), round(h * 0.08 * s), 18, inner),
        )
        self._sized(self.welcome_line, round(h * 0.04 * s))

    def _fit_purpose(self, h: int, inner: int, _margin: int) -> None:
        s = self._scale
        self._sized(self.purpose_heading, round(h * 0.035 * s))
        reminders = bool(self.reminders_text.text())
        # The small clock of a purpose step on the clock takes about a sixth of the height from the text.
        timed = 0.0 if self.purpose_clock.isHidden() else 0.17
        self._sized(
            self.purpose_text,
            self._fit_size(
                self.purpose_text,
                self.purpose_text.text(),
                round(h * 0.06 * s),
                max(12, round(h * 0.025)),
                round(inner * 0.96),
                round(h * ((0.46 if reminders else 0.72) - timed * (0.6 if reminders else 1))),
            ),
        )
        self._sized(
            self.reminders_text,
            self._fit_size(
                self.reminders_text,
                self.reminders_text.text(),
                round(h * 0.04 * s),
                max(12, round(h * 0.022)),
                round(inner * 0.9),
                round(h * (0.26 - timed * 0.4)),
            ),
        )
        self._fit_clock(self.purpose_clock, h, inner)

    def _fit_debrief(self, h: int, inner: int, _margin: int) -> None:
        s = self._scale
        self._sized(
            self.debrief_heading,
            self._fit_size(self.debrief_heading, self.debrief_heading.text(), round(h * 0.08 * s), 18, inner),
        )
        self._sized(
            self.debrief_text,
            self._fit_size(
                self.debrief_text,
                self.debrief_text.text(),
                round(h * 0.05 * s),
                max(12, round(h * 0.025)),
                round(inner * 0.96),
                round(h * (0.6 if self.debrief_clock.isHidden() else 0.45)),
            ),
        )
        self._fit_clock(self.debrief_clock, h, inner)

    def _fit_clock(self, clock: TimedStrip, h: int, inner: int) -> None:
        s = self._scale
        self._sized(clock.digits, round(h * 0.05 * s))
        self._sized(clock.words, round(h * 0.03 * s))
        clock.line.set_thickness(round(h * 0.008))
        self._sized(
            clock.caption,
            self._fit_size(
                clock.caption,
                clock.caption.text(),
                round(h * 0.035 * s),
                max(12, round(h * 0.025)),
                inner,
                round(h * 0.09),
            ),
        )

    def _fit_practice(self, h: int, inner: int, margin: int) -> None:
        del h, inner, margin  # the practice page's sizes come from _practice_box
        # Roles: 9 % of the height (times the scale), never under 8 %; narrowed only to fit their column.
        shown = "\n".join(label.text() for label in self.role_labels if label.isVisibleTo(self.roles))
        if shown and self.role_labels:
            px = self._roles_px(shown)
            for label in self.role_labels:
                self._sized(label, px)
        h, inner, margin, floor = self._practice_box()
        self._sized(self.caption, self._caption_px(self.caption.text()))
        self._sized(self.next_label, self._next_px(self.next_label.text()))
        # The caption and the next step's line keep the same room whatever they say, empty included: a cue
        # coming and going neither moves the disc and the roles above them in the room nor asks the window
        # around the view for more room (the practice's start relaid out the whole console for its first cue).
        self._keep_height(self.caption, round(h * CAPTION_SHARE))
        self._keep_height(
            self.next_label, self._line_height(self.next_label, max(12, round(h * 0.035 * self._scale)))
        )
        self._fit_banner()
        # Digits: as large as the roles at least, narrowed to fit under the disc ("+1:02:03" at worst) and,
        # in a short view (the console's mirror with large text), to the height left for their line.
        self._sized(
            self.digits,
            self._fit_size(
                self.digits,
                max(self.digits.text(), "88:88", key=len),
                max(floor, round(h * 0.13 * self._scale)),
                min(floor, max(1, self._digits_room(h))),
                round(inner * 0.42) - margin,
                self._digits_room(h),
            ),
        )
        # Never squeezed under their line: the disc above gives way first (a short view shared out the lack of
        # room between the two, and the digits' line was cut).
        line = self.digits.sizeHint().height()
        if self._digits_fence.minimumHeight() != line:
            self._digits_fence.setMinimumHeight(line)

    def _digits_room(self, h: int) -> int:
        """The height the digits' line may have: the view's height less the practice page's margins and
        spacing, the phase band, the caption's band, the next step's line and the disc at its least. At
        1366x768 with text 1.8 the mirror is 180 px high and the digits' line, fitted to its width alone,
        needed 49 px where it had 42: it was cut."""
        spacing = round(h * 0.015)
        margin = round(h * 0.03)
        taken = (
            2 * margin
            + 4 * spacing  # between the band, the disc's row, the caption and the next line; disc and digits
            + self.phase_banner.heightForWidth(max(1, self.width() - 2 * margin))
            + round(h * CAPTION_SHARE)
            + self.next_label.maximumHeight()
            + self.disc.minimumHeight()
            + 2  # rounding
        )
        return max(1, h - taken)

    @staticmethod
    def _keep_height(label: QLabel, height: int) -> None:
        if label.minimumHeight() != height or label.maximumHeight() != height:
            label.setFixedHeight(height)

    def _line_height(self, label: QLabel, px: int) -> int:
        font = QFont(self._base(label))
        font.setPixelSize(max(1, px))
        return QFontMetrics(font).lineSpacing() + 2

    def _practice_box(self) -> tuple[int, int, int, int]:
        """The practice page's measures: the view's height, the width inside the margins, the margin, and the
        least pixel size of the roles and digits."""
        h, w = max(1, self.height()), max(1, self.width())
        margin = round(h * 0.03)
        floor = self.role_pixel_floor()
        if w < h * 1.2:
            # Taller than any projector (the presenter's preview beside an open assessment panel): the 8 %
            # floor would spill the roles out of their column, so they shrink to fit it instead.
            floor = max(12, round(h * 0.03))
        return h, w - 2 * margin, margin, floor

    def _roles_px(self, shown: str) -> int:
        h, inner, margin, floor = self._practice_box()
        column = round(inner * 0.58) - margin
        top = max(floor, round(h * ROLE_SHARE * self._scale))
        return self._fit_size(self.role_labels[0], shown, top, floor, column)

    def _caption_px(self, text: str) -> int:
        h, inner, _margin, _floor = self._practice_box()
        top, least = round(h * 0.045 * self._scale), max(12, round(h * 0.03))
        return self._fit_size(self.caption, text, top, least, inner, round(h * CAPTION_SHARE))

    def _next_px(self, text: str) -> int:
        h, inner, _margin, _floor = self._practice_box()
        return self._fit_size(self.next_label, text, round(h * 0.035 * self._scale), 12, inner)

    def _banner_px(self, text: str) -> int:
        h, w = max(1, self.height()), max(1, self.width())
        top, least = round(h * 0.06 * self._scale), max(12, round(h * 0.035))
        return self._fit_size(self.phase_banner, text, top, least, round(w * 0.9))

    def _fit_banner(self) -> None:
        self._sized(self.phase_banner, self._banner_px(self.phase_banner.text()))
        self._style_banner()  # its rounding follows the view's height

    def prepare(
        self, roles: Sequence[str], captions: Sequence[str], nexts: Sequence[str], banners: Sequence[str]
    ) -> None:
        """Measure texts the practice page will show soon (the next step's roles, what follows it, its phase
        words, the cues to come), at the view's size now, so that the step change itself only looks them up.
        Nothing is shown or changed. A hidden view is measured when it is shown."""
        if not self.isVisible():
            return
        for text in roles:
            self._roles_px(text)
        for text in captions:
            self._caption_px(text)
        for text in nexts:
            self._next_px(text)
        for text in banners:
            self._banner_px(text)


class AudienceWindow(QWidget):
    """The room view in a window of its own, for the projector or a second screen."""

    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("audienceWindow")
        self.setWindowTitle(self.tr("Room view"))  # Qt adds " — Mindful Listening"
        self.setAccessibleName(self.tr("Room view window"))
        self.view = AudienceView(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed.emit()
        super().closeEvent(event)


class RoomFeed:
    """Keeps what the room should be seeing and paints it on every attached view, late joiners included.

    The window talks to this one object; the full-size view in the main window, the mirror on the presenter
    console and the projector window all show the same thing.
    """

    def __init__(self) -> None:
        self.views: list[AudienceView] = []
        self._page: tuple[str, str] = ("welcome", "")
        self._timed = False  # the purpose or the debrief page carries a step's time
        self._heading = ""  # the debrief page's heading, when a timed inquiry step has its own
        self._roles: tuple[list[str], str] = ([], "")
        self._tick: tuple[PhaseLook, float, bool, str, str] | None = None
        self._caption = ""
        self._blank = False
        self._digits = True
        self._palette: Palette = DARK
        self._scale = 1.0
        self._reminders: list[str] = []
        self._held: list[list[AudienceView]] = []  # the views held by each open batch
        # Views that may take a held batch's changes (a step change's) in the event loop's next turn, while
        # ``followers_wait`` is set (the window sets it while the practice runs): the console's mirror, so
        # that the room's own view changes first and the two are not one long frame. What they still owe.
        self.followers: list[AudienceView] = []
        self.followers_wait = False
        self._owed: list[AudienceView] = []
        self._catching_up: list[AudienceView] = []

    @property
    def blank(self) -> bool:
        return self._blank

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Changes made inside are fitted to each view once, at the end (:meth:`AudienceView.hold_fits`)."""
        self.hold(True)
        try:
            yield
        finally:
            self.hold(False)

    def hold(self, holding: bool) -> None:
        """:meth:`batch` in two calls (``True``, then ``False``), as a controller's ``changing`` signals it;
        the holds nest."""
        if holding:
            self._held.append(list(self.views))
            for view in self._held[-1]:
                view.hold_fits()
        elif self._held:
            for view in self._held.pop():
                if shiboken6.isValid(view):
                    view.let_go()
            if not self._held and self._owed:
                owed, self._owed = self._owed, []
                for view in owed:
                    if shiboken6.isValid(view) and view not in self._catching_up:
                        self._catching_up.append(view)  # one catch-up, however many batches it owes
                        later = make_timer(view)
                        later.timeout.connect(lambda view=view: self._catch_up(view))
                        later.timeout.connect(later.deleteLater)
                        later.start(0)

    def _now(self) -> list[AudienceView]:
        """The views a change is made on now: all of them, but for the followers inside a held batch while
        they wait (they are owed it, and take it in the next turn of the event loop)."""
        if not (self._held and self.followers_wait and self.followers):
            return self.views
        waiting = [view for view in self.followers if view in self.views]
        self._owed += [view for view in waiting if view not in self._owed]
        return [view for view in self.views if view not in waiting]

    def _catch_up(self, view: AudienceView) -> None:
        """What the batches changed, on a follower that waited: fitted once."""
        if view in self._catching_up:
            self._catching_up.remove(view)
        if not shiboken6.isValid(view) or view not in self.views:
            return
        view.hold_fits()
        try:
            self._show_state(view)
        finally:
            view.let_go()

    def attach(self, view: AudienceView, follows: bool = False) -> None:
        """Paint ``view`` with what the room sees now, and every change from now on; with ``follows`` it may
        take a step change's a turn later (:attr:`followers`)."""
        if follows and view not in self.followers:
            self.followers.append(view)
        if view in self.views:
            return
        self.views.append(view)
        self._paint(view)

    def detach(self, view: AudienceView) -> None:
        if view in self.views:
            self.views.remove(view)

    def _paint(self, view: AudienceView) -> None:
        view.set_palette(self._palette)
        view.set_font_scale(self._scale)
        view.set_show_digits(self._digits)
        self._show_state(view)

    def _show_state(self, view: AudienceView) -> None:
        """The roles, the time, the caption, the page and the blanking as they stand now, on ``view``."""
        view.set_roles(*self._roles)
        if self._tick is not None:
            view.set_tick(*self._tick)
        view.set_caption(self._caption)
        self._show_page(view)
        view.set_blank(self._blank)

    def _show_page(self, view: AudienceView) -> None:
        page, text = self._page
        if page == "welcome":
            view.show_welcome(text)
        elif page == "purpose":
            view.show_purpose(text, self._reminders, self._timed)
        elif page == "debrief":
            view.show_debrief(text, self._timed, self._heading)
        else:
            view.show_practice()

    def show_welcome(self, title: str) -> None:
        self._page = ("welcome", title)
        for view in self._now():
            view.show_welcome(title)

    def show_purpose(self, purpose: str, reminders: Sequence[str] = (), timed: bool = False) -> None:
        self._page = ("purpose", purpose)
        self._reminders = list(reminders)
        self._timed = timed
        for view in self._now():
            view.show_purpose(purpose, reminders, timed)

    def show_practice(self) -> None:
        self._page = ("practice", "")
        for view in self._now():
            view.show_practice()

    def show_debrief(self, introduction: str, timed: bool = False, heading: str = "") -> None:
        self._page = ("debrief", introduction)
        self._timed = timed
        self._heading = heading
        for view in self._now():
            view.show_debrief(introduction, timed, heading)

    def set_roles(self, lines: list[str], headline: str) -> None:
        self._roles = (list(lines), headline)
        for view in self._now():
            view.set_roles(lines, headline)

    def set_tick(
        self, phase: PhaseLook, fraction: float, past_zero: bool, digits: str, next_text: str
    ) -> None:
        self._tick = (phase, fraction, past_zero, digits, next_text)
        for view in self._now():
            view.set_tick(phase, fraction, past_zero, digits, next_text)

    def set_caption(self, text: str) -> None:
        self._caption = text
        for view in self._now():
            view.set_caption(text)

    def prepare(
        self, roles: Sequence[str], captions: Sequence[str], nexts: Sequence[str], banners: Sequence[str]
    ) -> None:
        """Have every view measure texts it will show soon (see :meth:`AudienceView.prepare`)."""
        for view in self.views:
            view.prepare(roles, captions, nexts, banners)

    def set_blank(self, blank: bool) -> None:
        self._blank = blank
        for view in self._now():
            view.set_blank(blank)

    def set_show_digits(self, show: bool) -> None:
        self._digits = show
        for view in self.views:
            view.set_show_digits(show)

    def set_palette(self, palette: Palette) -> None:
        self._palette = palette
        for view in self.views:
            view.set_palette(palette)

    def set_font_scale(self, scale: float) -> None:
        self._scale = scale
        for view in self.views:
            view.set_font_scale(scale)
