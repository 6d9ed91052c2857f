"""What a tap leaves to the frame it draws, and what is ready before the tap: the read-aloud
service, the analogies and the first page are made while the kiosk is idle after its first
frame; the next page's picture is drawn in the background; a tapped button is drawn released
in the same frame as the screen it opens; a picture repaints only when its own image comes.
(The times these save are measured by benchmarks/xdisplay.py, not here.)"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from helpers import find_button
from kiosk.ui.analogies import ANALOGY_WIDGETS
from kiosk.ui.pictures import picture_store
from kiosk.ui.widgets import Picture


class Paints(QObject):
    """Counts the paint events ``widgets`` get."""

    def __init__(self, *widgets: QWidget) -> None:
        super().__init__()
        self.count = 0
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def _shown_key(picture: Picture) -> tuple[object, ...]:
    """The store's key of the image ``picture`` shows now (file, version, size in pixels)."""
    from kiosk.ui.pictures import file_stamp

    target = picture.target_rect()
    assert picture.path is not None and target is not None
    return (picture.path, file_stamp(picture.path), target.width(), target.height())


def _warmed_up(window) -> bool:  # type: ignore[no-untyped-def]
    page = window.screen_set.made("page")
    return (window.speech is not None and page is not None and page.section is not None
            and set(page.picture_panel._analogies) == set(ANALOGY_WIDGETS))  # noqa: SLF001


def test_the_first_tap_finds_speech_analogies_and_the_first_page_ready(qtbot, kiosk) -> None:
    qtbot.waitUntil(lambda: _warmed_up(kiosk))
    assert kiosk.session.screen == "home" and kiosk.stack.currentWidget() is kiosk.home  # nothing shown
    page = kiosk.page
    assert not page.isVisible() and all(not analogy.isVisible() for analogy in page.picture_panel._analogies.values())  # noqa: SLF001
    first = kiosk.language.sections[0]
    picture_store().wait_idle()  # its picture is drawn on the worker thread
    drawn = set(picture_store()._images)  # noqa: SLF001
    made = picture_store().decoded
    QTest.mouseClick(kiosk.windowHandle(), Qt.MouseButton.LeftButton,
                     pos=find_button(kiosk.home, first.tile).mapTo(kiosk, QPoint(20, 20)))
    assert kiosk.session.page == first.slug and page.title.text() == first.title
    qtbot.waitUntil(lambda: page.picture.target_rect() is not None)
    assert _shown_key(page.picture) in drawn, "the first page's picture was drawn before the tap, at its size"
    assert picture_store().decoded == made, "the tap drew no picture of its own"


def test_the_next_pages_picture_is_drawn_before_next_is_tapped(qtbot, kiosk) -> None:
    sections = [s for s in kiosk.language.sections if s.analogy is None and s.illustration is not None]
    current, following = next((a, b) for a, b in zip(sections, sections[1:], strict=False)
                              if kiosk.language.next_section(a.slug) is b)
    store = picture_store()
    store.clear()  # the store is the process's: nothing drawn by an earlier test counts

    def drawn(path) -> bool:  # type: ignore[no-untyped-def]
        return any(key[0] == path for key in store._images)  # noqa: SLF001

    kiosk.show_section(current.slug)
    qtbot.waitUntil(lambda: drawn(current.illustration) and drawn(following.illustration) and not store.drawing())
    before = set(store._images)  # noqa: SLF001
    kiosk.show_section(following.slug)
    qtbot.waitUntil(lambda: kiosk.page.picture.target_rect() is not None)
    assert _shown_key(kiosk.page.picture) in before, "the next page's picture was drawn at the size it shows at"


def test_a_tapped_tile_is_not_drawn_released_on_its_own_before_its_page(qtbot, kiosk) -> None:
    """Qt repaints a released button at once, in a frame of its own; the kiosk's buttons are
    drawn released with what their tap did."""
    section = kiosk.language.sections[1]
    tile = find_button(kiosk.home, section.tile)
    paints = Paints(tile)
    point = tile.mapTo(kiosk, QPoint(20, 20))
    QTest.mousePress(kiosk.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    qtbot.wait(1)
    paints.count = 0
    QTest.mouseRelease(kiosk.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    assert kiosk.session.page == section.slug
    assert paints.count == 0, "the release painted the tile by itself, in a frame of its own"
    assert not tile.isVisible() and kiosk.page.isVisible()


def test_a_picture_repaints_only_when_its_own_image_arrives(qtbot, kiosk) -> None:
    from kiosk.ui.home import Tile

    picture_store().wait_idle()
    shown = [tile.picture for tile in kiosk.home.findChildren(Tile) if tile.picture.isVisible()
             and tile.picture.path is not None]
    assert len(shown) > 3
    paints = Paints(*shown)
    picture_store().ready.emit()  # as when another picture was drawn in the background
    qtbot.wait(20)
    assert paints.count == 0
    waiting = shown[0]
    waiting.set_picture(kiosk.home._welcome.path)  # noqa: SLF001 - a picture not drawn at this size yet
    qtbot.waitUntil(lambda: _shown_key(waiting) in picture_store()._images)  # noqa: SLF001
    qtbot.waitUntil(lambda: paints.count >= 2)  # painted without it, then with it
    assert paints.count == 2, "only the picture that waited painted again"
