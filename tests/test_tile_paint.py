"""The home tiles' cards are drawn from one image shared by every topic tile (the style
sheet's rounded corners are slow to draw 13 times at each "Back to topics"): what a visitor
sees is the same, pixel for pixel, in every look, size, text size and state, and a changed
look is never drawn from an old image. (The time this saves is measured by
benchmarks/tap_phases.py, not here.)"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from kiosk.session import TEXT_SCALES
from kiosk.ui.home_tiles import CHROME_SIZES, Tile
from kiosk.ui.pictures import picture_store


def _home(kiosk) -> QImage:  # type: ignore[no-untyped-def]
    QApplication.processEvents()
    picture_store().wait_idle()  # every picture drawn (on the worker thread) and shown
    QApplication.processEvents()
    return kiosk.home.grab().toImage().convertToFormat(QImage.Format.Format_ARGB32)


def _drawn_by_the_style(kiosk) -> QImage:  # type: ignore[no-untyped-def]
    """The home screen with every tile's card drawn by the style sheet, as before."""
    backdrop = kiosk.theme.color("bg")
    kiosk.home.topics.set_backdrop(None)
    try:
        return _home(kiosk)
    finally:
        kiosk.home.topics.set_backdrop(backdrop)


def _differ(a: QImage, b: QImage) -> int:
    assert a.size() == b.size()
    return sum(1 for y in range(a.height()) if a.scanLine(y).tobytes() != b.scanLine(y).tobytes())


@pytest.mark.parametrize(("size", "high_contrast", "step"), [
    ((1920, 1080), False, 0), ((1920, 1080), True, 0), ((800, 480), False, 0),
    ((1080, 1920), False, -1), ((1920, 1080), True, -1),
])
def test_the_shared_card_looks_as_the_style_draws_it(qtbot, kiosk, size, high_contrast, step) -> None:
    kiosk.resize(*size)
    kiosk.session.high_contrast = high_contrast
    kiosk.session.text_step = range(len(TEXT_SCALES))[step]
    kiosk.look.apply()
    kiosk.show_home()
    shared = _home(kiosk)
    assert Tile._chrome, "the topic tiles were drawn from their shared card"  # noqa: SLF001
    assert _differ(shared, _drawn_by_the_style(kiosk)) == 0, "rows of pixels differ from the style's drawing"


def test_one_card_image_serves_every_topic_tile(qtbot, kiosk) -> None:
    kiosk.show_home()
    _home(kiosk)
    tiles = kiosk.home.tiles
    cards = Tile._chrome  # noqa: SLF001
    sizes = {(tile.width(), tile.height()) for tile in tiles}
    assert len(tiles) > 5 and 1 <= len(cards) == len(sizes) <= CHROME_SIZES  # ~0.3 MB each at 1080p
    assert {(image.width(), image.height()) for image in cards.values()} == sizes


def test_a_new_look_is_never_drawn_from_the_old_card(qtbot, kiosk) -> None:
    kiosk.show_home()
    tile = kiosk.home.topics.tiles[0]
    edge = QPoint(tile.width() // 2, 1)  # on the card's border, away from its picture and words

    def border() -> str:
        return _home(kiosk).pixelColor(tile.mapTo(kiosk.home, edge)).name()

    plain = border()
    kiosk.session.high_contrast = True
    kiosk.look.apply()
    assert border() != plain
    assert _differ(_home(kiosk), _drawn_by_the_style(kiosk)) == 0
    kiosk.session.high_contrast = False
    kiosk.look.apply()
    assert border() == plain


def test_a_pressed_or_focused_tile_shows_its_own_look(qtbot, kiosk) -> None:
    kiosk.show_home()
    tile = kiosk.home.topics.tiles[2]
    before = _home(kiosk)
    tile.setDown(True)
    pressed = _home(kiosk)
    assert _differ(before, pressed) > 0, "the press is seen"
    assert _differ(pressed, _drawn_by_the_style(kiosk)) == 0
    tile.setDown(False)
    assert _differ(_home(kiosk), before) == 0
    tile.setFocus(Qt.FocusReason.TabFocusReason)
    focused = _home(kiosk)
    assert tile.hasFocus() and _differ(before, focused) > 0
    assert _differ(focused, _drawn_by_the_style(kiosk)) == 0
    tile.clearFocus()
    assert _differ(_home(kiosk), before) == 0
