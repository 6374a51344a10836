"""The projection palette: WCAG contrast of 7:1 for every text pair, and tones that stay apart for
colour-blind viewers (simulated with the Machado, Oliveira & Fernandes 2009 matrices at full severity)."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import Qt

from mindful_listening.ui import theme
from mindful_listening.ui.theme import PALETTES, Palette, Tone, contrast_ratio, relative_luminance


def test_contrast_ratio_matches_the_wcag_reference_values() -> None:
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#FFFFFF", "#000000") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#777777") == pytest.approx(1.0)
    # #767676 on white is the well-known smallest grey that passes AA (4.54:1).
    assert contrast_ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)
    assert relative_luminance("#FF0000") == pytest.approx(0.2126)
    with pytest.raises(ValueError, match="RRGGBB"):
        relative_luminance("#FFF")


@pytest.mark.parametrize("palette", list(PALETTES.values()), ids=list(PALETTES))
def test_every_text_colour_reaches_seven_to_one(palette: Palette) -> None:
    pairs = {
        "text on background": (palette.text, palette.background),
        "text on surface": (palette.text, palette.surface),
        "muted on background": (palette.muted, palette.background),
        "muted on surface": (palette.muted, palette.surface),
        "selection": (palette.on_accent, palette.accent),
    }
    for tone, colour in palette.tones:
        pairs[f"phase words on {tone}"] = (palette.on_tone, colour)
    low = {name: round(contrast_ratio(*pair), 2) for name, pair in pairs.items()}
    assert all(ratio >= theme.MIN_TEXT_CONTRAST for ratio in low.values()), low


@pytest.mark.parametrize("palette", list(PALETTES.values()), ids=list(PALETTES))
def test_the_disc_outline_and_focus_ring_stand_out(palette: Palette) -> None:
    # Graphics need 3:1 (WCAG 1.4.11); the outline is drawn in the text colour, so it has far more.
    assert contrast_ratio(palette.text, palette.background) >= 7
    assert contrast_ratio(palette.accent, palette.background) >= 3


@pytest.mark.parametrize("palette", list(PALETTES.values()), ids=list(PALETTES))
def test_the_time_left_wedge_stands_out_from_the_time_used_in_every_phase(palette: Palette) -> None:
    # The wedge (time left, in the phase's tone) against the track (time used): 3:1 as graphics need,
    # running, paused and past zero alike, so the share left reads from the back of the room.
    ratios = {tone.value: round(contrast_ratio(colour, palette.track), 2) for tone, colour in palette.tones}
    assert min(ratios.values()) >= 3, ratios
    # The disc's edge against the room background: the outline, or the track itself.
    edge = max(
        contrast_ratio(palette.text, palette.background), contrast_ratio(palette.track, palette.background)
    )
    assert edge >= 3


MACHADO = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}


def _linear(colour: str) -> tuple[float, float, float]:
    c = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in c)
    return r, g, b


def _lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = (min(1.0, max(0.0, v)) for v in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def _seen_as(colour: str, matrix: tuple[tuple[float, ...], ...]) -> tuple[float, float, float]:
    lin = _linear(colour)
    r, g, b = (sum(row[j] * lin[j] for j in range(3)) for row in matrix)
    return _lab((r, g, b))


# Phases that can follow one another on the screen.
NEIGHBOURS = [
    (Tone.SPEAK, Tone.QUIET),
    (Tone.SPEAK, Tone.SWAP),
    (Tone.QUIET, Tone.SWAP),
    (Tone.SPEAK, Tone.OVERTIME),
    (Tone.SPEAK, Tone.PAUSED),
    (Tone.SPEAK, Tone.REFLECT),
    (Tone.REFLECT, Tone.QUIET),
    (Tone.QUIET, Tone.OVERTIME),
    (Tone.SWAP, Tone.OVERTIME),
    (Tone.REFLECT, Tone.OVERTIME),
    (Tone.QUIET, Tone.PAUSED),
    (Tone.REFLECT, Tone.PAUSED),
    (Tone.READY, Tone.SPEAK),
]


@pytest.mark.parametrize("vision", list(MACHADO))
def test_neighbouring_phase_tones_stay_apart_for_colour_blind_viewers(vision: str) -> None:
    tones = theme.TONES
    distances = {
        (a.value, b.value): round(
            sum(
                (p - q) ** 2
                for p, q in zip(
                    _seen_as(tones[a], MACHADO[vision]), _seen_as(tones[b], MACHADO[vision]), strict=True
                )
            )
            ** 0.5,
            1,
        )
        for a, b in NEIGHBOURS
    }
    # ΔE*ab 15 is clearly different at a glance; the words say it all anyway.
    assert min(distances.values()) >= 15, distances


def test_all_tones_differ_for_typical_vision() -> None:
    for a, b in itertools.combinations(theme.TONES.values(), 2):
        assert a != b


def test_system_theme_follows_the_colour_scheme() -> None:
    assert theme.resolve("system", Qt.ColorScheme.Dark) is theme.DARK
    assert theme.resolve("system", Qt.ColorScheme.Light) is theme.LIGHT
    assert theme.resolve("system", Qt.ColorScheme.Unknown) is theme.LIGHT
    assert theme.resolve("high-contrast", Qt.ColorScheme.Light) is theme.HIGH_CONTRAST
    assert theme.resolve("dark", Qt.ColorScheme.Light) is theme.DARK
    assert theme.resolve("light", Qt.ColorScheme.Dark) is theme.LIGHT


def test_style_sheet_scales_headings_with_the_font_scale() -> None:
    normal = theme.style_sheet(theme.DARK, 1.0)
    large = theme.style_sheet(theme.DARK, 2.0)
    assert "font-size: 14.0pt" in normal
    assert "font-size: 28.0pt" in large


@pytest.mark.parametrize("palette", list(PALETTES.values()), ids=list(PALETTES))
def test_an_unchecked_box_is_drawn_and_a_checked_one_is_filled(qtbot: object, palette: Palette) -> None:
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QCheckBox, QWidget

    def box_pixels(checked: bool) -> set[str]:
        host = QWidget()
        host.setStyleSheet(theme.style_sheet(palette, 1.0))
        box = QCheckBox("Bells", host)
        box.setChecked(checked)
        host.resize(200, 40)
        host.show()
        image = host.grab().toImage()
        host.close()
        return {QColor(image.pixel(x, y)).name().upper() for x in range(30) for y in range(image.height())}

    unchecked = box_pixels(False)
    assert palette.text.upper() in unchecked, "an unchecked box shows its square, in the text colour"
    assert palette.accent.upper() in box_pixels(True), "a checked box is filled"
    assert palette.accent.upper() not in unchecked
