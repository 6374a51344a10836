"""Pages made ready before they are needed, so that the moment they are shown costs the room no frame.

A page's first showing is its dearest: the style sheet's rules are matched to each of its widgets, its wrapped
labels lay out their words, the glyphs of its text at each size are drawn for the first time. Moving from the
practice to the debrief paid all of that inside one frame, at the very moment the room's attention is on the
change. :func:`warm_page` pays it earlier, when nothing on screen is moving: the page is given the size it
will have and painted once, band by band, into a picture no one sees. Nothing visible changes, and no focus
moves.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QPixmap, QRegion
from PySide6.QtWidgets import QStackedWidget, QWidget

BAND = 64  # painted a band of this many pixels at a time: a whole page's picture (6.6 MiB at full HD) would
# raise the session's peak memory for a moment, a band's (0.5 MiB) does not


def warm_page(stack: QStackedWidget, page: QWidget) -> bool:
    """Lay out and paint ``page`` of ``stack`` off screen, at the size the stack shows its pages; say whether
    it was done (not for the page on show, nor while the stack has no size yet)."""
    shown = stack.currentWidget()
    if page is shown or shown is None or stack.indexOf(page) < 0:
        return False
    area = shown.geometry()
    if area.isEmpty():
        return False
    if page.geometry() != area:
        page.setGeometry(area)
    layout = page.layout()
    if layout is not None:
        layout.activate()
    picture = QPixmap(area.width(), min(BAND, area.height()))
    for top in range(0, area.height(), BAND):
        page.render(picture, QPoint(0, 0), QRegion(0, top, area.width(), BAND))
    return True
