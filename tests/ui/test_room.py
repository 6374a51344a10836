"""The room view at projector size: big enough to read from the back, nothing clipped, blanking and digits."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from mindful_listening.ui.disc import CountdownDisc
from mindful_listening.ui.phase import PhaseLook
from mindful_listening.ui.room import AudienceView, AudienceWindow, RoomFeed, fit_pixel_size
from mindful_listening.ui.theme import DARK, HIGH_CONTRAST, LIGHT, Palette, Tone

FULL_HD = (1920, 1080)
LONGEST_PHASE = PhaseLook("Counting past zero — let your last words land", Tone.OVERTIME)


def _room(qtbot: QtBot, scale: float = 1.0) -> AudienceView:
    view = AudienceView()
    qtbot.add_widget(view)
    view.resize(*FULL_HD)
    view.set_font_scale(scale)
    view.show()
    qtbot.wait_exposed(view)
    return view


def _fits(label: QLabel) -> bool:
    metrics = QFontMetrics(label.font())
    return all(metrics.horizontalAdvance(line) <= label.width() for line in label.text().splitlines())


@pytest.mark.parametrize("scale", [0.6, 1.0, 1.5, 2.5])
@pytest.mark.parametrize(
    "roles",
    [["Speaking: A", "Listening: B"], ["Speaking: A", "Listening: B", "Observing: C"]],
    ids=["pairs", "triads"],
)
def test_role_text_is_at_least_eight_percent_of_a_1080p_screen(
    qtbot: QtBot, roles: list[str], scale: float
) -> None:
    view = _room(qtbot, scale)
    view.show_practice()
    view.set_roles(roles, "")
    view.set_tick(LONGEST_PHASE, 0.5, False, "12:34", "Next: Silent pause · 30 s")
    qtbot.wait_until(lambda: view.role_labels[0].width() > 0)
    shown = [label for label in view.role_labels if label.isVisible()]
    assert [label.text() for label in shown] == roles
    for label in shown:
        size = label.font().pixelSize()
        assert size >= 86, f"{label.text()!r} is {size}px on a 1080-pixel screen"
        assert QFontMetrics(label.font()).capHeight() >= 0.55 * 86
        assert _fits(label), f"{label.text()!r} is clipped at {size}px in {label.width()}px"
    assert view.roles.accessibleName() == " · ".join(roles)
    assert _fits(view.phase_banner)
    assert view.digits.font().pixelSize() >= 86


def test_a_step_without_roles_shows_its_headline_just_as_large(qtbot: QtBot) -> None:
    view = _room(qtbot)
    view.show_practice()
    view.set_roles(["Speaking: A", "Listening: B", "Observing: C"], "")
    view.set_roles([], "Silent pause")
    visible = [label.text() for label in view.role_labels if label.isVisibleTo(view)]
    assert visible == ["Silent pause"]
    assert view.role_labels[0].font().pixelSize() >= 86


def test_purpose_fills_the_screen_and_long_purposes_still_fit(qtbot: QtBot) -> None:
    view = _room(qtbot)
    view.show_purpose("A short purpose.")
    short = view.purpose_text.font().pixelSize()
    assert short >= 60
    long_text = " ".join(["This practice invites careful, kind attention to another person."] * 30)
    view.show_purpose(long_text)
    qtbot.wait_until(lambda: view.purpose_text.font().pixelSize() < short)
    metrics = QFontMetrics(view.purpose_text.font())
    needed = metrics.boundingRect(0, 0, view.purpose_text.width(), 100_000, 0x1000, long_text).height()
    assert needed <= view.height()
    assert view.page_name == "purpose"


def test_blanking_hides_everything_and_returns_to_the_same_page(qtbot: QtBot) -> None:
    view = _room(qtbot)
    view.show_practice()
    view.set_roles(["Speaking: A", "Listening: B"], "")
    view.set_blank(True)
    assert view.page_name == "blank"
    assert not view.role_labels[0].isVisible()
    image = view.grab().toImage()
    colours = {image.pixelColor(x, y).name() for x in range(0, 1920, 97) for y in range(0, 1080, 89)}
    assert colours == {"#000000"}
    view.show_debrief("Share if you like.")  # the stage moves on underneath while blank
    assert view.page_name == "blank"
    view.set_blank(False)
    assert view.page_name == "debrief"


def test_digits_can_be_hidden(qtbot: QtBot) -> None:
    view = _room(qtbot)
    view.show_practice()
    view.set_tick(PhaseLook("Speaking", Tone.SPEAK), 0.5, False, "1:30", "Next: Swap roles · 10 s")
    assert view.digits.isVisible()
    assert view.digits.accessibleName() == "Time left: 1:30"
    view.set_show_digits(False)
    assert not view.digits.isVisible()
    assert view.disc.isVisible()


def test_the_disc_draws_the_share_of_time_left(qtbot: QtBot) -> None:
    disc = CountdownDisc()
    qtbot.add_widget(disc)
    disc.resize(400, 400)
    disc.set_palette(DARK)
    tone = QColor(DARK.tone(Tone.SPEAK))

    def tone_at(x: int, y: int) -> bool:
        return disc.grab().toImage().pixelColor(x, y) == tone

    disc.set_state(1.0, Tone.SPEAK, False)
    assert tone_at(300, 200)  # full: both halves
    assert tone_at(100, 200)
    disc.set_state(0.5, Tone.SPEAK, False)
    # Half gone: the hand has swept clockwise from twelve to six, so the right half is empty.
    assert not tone_at(300, 200)
    assert tone_at(100, 200)
    assert disc.accessibleDescription() == "50 percent left"
    disc.set_state(0.0, Tone.OVERTIME, True)
    assert not tone_at(100, 200)
    assert disc.past_zero
    assert disc.accessibleDescription() == "Counting past zero"
    disc.set_state(2.0, Tone.SPEAK, False)
    assert disc.fraction == 1.0


@pytest.mark.parametrize("palette", [LIGHT, DARK, HIGH_CONTRAST], ids=lambda p: p.name)
def test_the_room_view_paints_in_the_chosen_palette(qtbot: QtBot, palette: Palette) -> None:
    view = _room(qtbot)
    view.set_palette(palette)
    view.show_welcome("Listening in pairs")
    image = view.grab().toImage()
    assert image.pixelColor(5, 5).name().upper() == palette.background.upper()


def test_fit_pixel_size_shrinks_until_the_text_fits(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.add_widget(label)
    text = "Counting past zero — let your last words land"
    px = fit_pixel_size(text, label.font(), 200, 10, 800)
    font = label.font()
    font.setPixelSize(px)
    assert QFontMetrics(font).horizontalAdvance(text) <= 800
    assert px < 200
    assert fit_pixel_size(text, label.font(), 200, 150, 800) == 150  # never under the floor
    assert fit_pixel_size("A", label.font(), 40, 10, 800) == 40


def test_a_late_view_is_brought_up_to_date_by_the_feed(qtbot: QtBot) -> None:
    feed = RoomFeed()
    feed.show_practice()
    feed.set_roles(["Speaking: B", "Listening: A"], "")
    feed.set_tick(PhaseLook("Speaking", Tone.SPEAK), 0.25, False, "0:45", "Next: Closing · 45 s")
    feed.set_caption("About one minute left.")
    feed.set_blank(True)
    window = AudienceWindow()
    qtbot.add_widget(window)
    feed.attach(window.view)
    view = window.view
    assert view.page_name == "blank"
    feed.set_blank(False)
    assert view.page_name == "practice"
    assert [label.text() for label in view.role_labels[:2]] == ["Speaking: B", "Listening: A"]
    assert view.digits.text() == "0:45"
    assert view.caption.text() == "About one minute left."
    assert view.disc.fraction == 0.25
    with qtbot.wait_signal(window.closed):
        window.close()
    feed.detach(view)
    feed.set_caption("later")
    assert view.caption.text() == "About one minute left."
