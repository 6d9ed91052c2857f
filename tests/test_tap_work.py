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


class Events(QObject):
    """Counts the events of the given types each watched widget gets."""

    def __init__(self, kinds: set[QEvent.Type], *widgets: QWidget) -> None:
        super().__init__()
        self.kinds = kinds
        self.seen: list[tuple[QWidget, QEvent.Type]] = []
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() in self.kinds and isinstance(watched, QWidget):
            self.seen.append((watched, event.type()))
        return False


def test_a_page_turn_keeps_the_texts_scroll_bar_when_both_pages_scroll(qtbot, kiosk) -> None:
    """Qt empties the text before it shows the next page's: its scroll bar went, the words were
    laid out wider, and the bar came back with the new words (laid out again)."""
    page, sections = kiosk.page, kiosk.language.sections
    bar = page.text.verticalScrollBar()

    def scrolls(index: int) -> bool:
        kiosk.show_section(sections[index].slug)
        qtbot.wait(1)
        return bar.isVisibleTo(page.text)

    index = next(i for i in range(len(sections) - 1) if scrolls(i) and scrolls(i + 1))
    kiosk.show_section(sections[index].slug)
    qtbot.wait(1)
    events = Events({QEvent.Type.Show, QEvent.Type.Hide}, bar)
    QTest.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    assert kiosk.session.page == sections[index + 1].slug and bar.isVisibleTo(page.text)
    assert events.seen == [], "the scroll bar went and came back during the page turn"


def test_a_page_turn_leaves_the_page_end_and_the_tools_where_they_are(qtbot, kiosk) -> None:
    """On "Next" only the title, the picture, the text and "Next" itself change: the page's end
    ("helpful?", its sources button), the read-aloud tools and the other footer buttons are not
    laid out or drawn again."""
    page, sections = kiosk.page, kiosk.language.sections
    index = next(i for i in range(1, len(sections) - 1)
                 if sections[i].analogy is None and sections[i + 1].analogy is None)
    kiosk.show_section(sections[index].slug)
    qtbot.waitUntil(lambda: page.read_button.isVisible())  # the read-aloud service is ready
    qtbot.wait(50)
    still = (page.trust.yes_button, page.trust.no_button, page.trust.sources_button, page.home_button,
             page.previous_button, page.care_note)
    events = Events({QEvent.Type.Paint, QEvent.Type.Move, QEvent.Type.Resize}, *still)
    tools = Events({QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.Hide}, *page.tools.buttons)
    QTest.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    qtbot.wait(20)
    assert kiosk.session.page == sections[index + 1].slug
    assert page.title.text() == sections[index + 1].title
    assert [(w.text(), kind.name) for w, kind in events.seen] == []  # type: ignore[attr-defined]
    assert [(w.text(), kind.name) for w, kind in tools.seen] == []  # type: ignore[attr-defined]


def test_a_page_turn_to_a_narrower_text_draws_the_page_end_once(qtbot, kiosk) -> None:
    """"Next" onto a page with a moving picture narrows the text's column: the page's end
    ("helpful?", Yes, No, its sources button) is resized with it and drawn once, in the frame
    of the new page; not laid out again and redrawn a frame later (which made the tap's answer
    on screen a frame late)."""
    from PySide6.QtWidgets import QApplication

    page, sections = kiosk.page, kiosk.language.sections
    index = next(i for i in range(1, len(sections)) if sections[i].analogy and not sections[i - 1].analogy)
    kiosk.show_section(sections[index - 1].slug)
    qtbot.waitUntil(lambda: page.read_button.isVisible())  # the read-aloud service is ready
    for _ in range(3):
        QApplication.processEvents()
    width = page.trust.width()
    ends = {name: Paints(button) for name, button in (("yes", page.trust.yes_button), ("no", page.trust.no_button),
                                                     ("sources", page.trust.sources_button))}
    QTest.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    for _ in range(5):
        QApplication.processEvents()
    assert kiosk.session.page == sections[index].slug and page.trust.width() < width  # narrower
    assert {name: paints.count for name, paints in ends.items()} == {"yes": 1, "no": 1, "sources": 1}


def test_buttons_draw_nothing_when_the_pointer_comes_or_goes(qtbot, kiosk) -> None:
    """The kiosk's buttons have no hover look: the pointer arriving with a finger draws nothing
    before the pressed look."""
    from kiosk.ui.home import Tile

    tiles = [tile for tile in kiosk.home.findChildren(Tile) if tile.isVisible()][:2]
    handle = kiosk.windowHandle()
    QTest.mouseMove(handle, QPoint(2, 1070))
    qtbot.wait(20)
    paints = Paints(*tiles)
    for tile in tiles:
        QTest.mouseMove(handle, tile.mapTo(kiosk, tile.rect().center()))
        qtbot.wait(20)
    assert paints.count == 0
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     tiles[-1].mapTo(kiosk, tiles[-1].rect().center()))
    assert tiles[-1].isDown() and paints.count >= 1, "the pressed look is drawn at once"
    QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       tiles[-1].mapTo(kiosk, tiles[-1].rect().center()))


def test_the_screen_stack_takes_the_room_the_window_leaves_whatever_its_screens_want(qtbot, kiosk) -> None:
    """The window never measures the screens to place the stack (it measured every screen,
    hidden ones too, each time the page shown changed): the stack has the room under the
    access bar, and each screen fits itself into it."""
    stack = kiosk.stack
    assert stack.sizeHint().isEmpty() and not stack.hasHeightForWidth()
    long_title = " ".join(["Understanding"] * 40)
    page = kiosk.page
    kiosk.show_section(kiosk.language.sections[0].slug)
    page.title.setText(long_title)
    qtbot.wait(10)
    assert stack.geometry() == kiosk.rect().adjusted(0, kiosk.access_bar.height(), 0, 0)
    assert page.geometry() == stack.rect()


def test_a_picture_changed_on_disk_is_drawn_anew(qtbot, tmp_path) -> None:
    """A picture repainted at the same size draws the image it holds, unless its file changed."""
    from PySide6.QtGui import QColor, QImage

    path = tmp_path / "picture.png"

    def save(color: str) -> None:
        image = QImage(40, 30, QImage.Format.Format_RGB32)
        image.fill(QColor(color))
        assert image.save(str(path))

    save("#c00000")
    picture = Picture()
    qtbot.addWidget(picture)
    picture.resize(80, 60)
    picture.set_picture(path)
    picture.show()
    qtbot.waitExposed(picture)

    def centre() -> str:
        return picture.grab().toImage().pixelColor(40, 30).name()

    qtbot.waitUntil(lambda: centre() == "#c00000")
    assert centre() == "#c00000"  # painted again at the same size: the held image
    save("#0000c0")
    qtbot.waitUntil(lambda: centre() == "#0000c0")


def test_the_screen_stack_draws_nothing_of_its_own_over_the_windows_colour(qtbot, kiosk) -> None:
    """The window fills the whole screen with its colour once; the stack of screens over it
    does not fill it again at every tap (what a visitor sees between the tiles is the same)."""
    from PySide6.QtGui import QImage, QPainter, QRegion

    def own_paint(widget: QWidget) -> QImage:
        image = QImage(widget.size(), QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        widget.render(painter, QPoint(), QRegion(), QWidget.RenderFlag(0))  # itself, not its children
        painter.end()
        return image

    stack = kiosk.stack
    centre = QPoint(stack.width() // 2, stack.height() // 2)
    assert own_paint(stack).pixelColor(centre).alpha() == 0, "the stack filled its background"
    assert own_paint(kiosk).pixelColor(stack.mapTo(kiosk, centre)).name() == kiosk.theme.color("bg").name()
    tiles = kiosk.home.tiles
    between = tiles[0].mapTo(kiosk, QPoint(tiles[0].width() + 2, tiles[0].height() // 2))  # the gap to the next
    assert tiles[1].mapTo(kiosk, QPoint(0, 0)).x() > between.x()
    assert kiosk.grab().toImage().pixelColor(between).name() == kiosk.theme.color("bg").name()
