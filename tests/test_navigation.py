"""A visitor taps, swipes and scrolls through the real default content."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QAbstractButton, QApplication

from helpers import find_button, finger_drag, tap


def test_home_shows_a_tile_for_every_topic_and_the_checklist(kiosk) -> None:
    language = kiosk.language
    names = [tile.accessibleName() for tile in kiosk.home.tiles]
    assert names == [section.tile for section in language.sections]
    assert len(names) == 13
    assert kiosk.home.checklist_tile.isVisible()
    assert kiosk.home.checklist_tile.accessibleName() == "Questions for your doctor"
    assert all(tile.isVisible() for tile in kiosk.home.tiles)


def test_tap_every_topic_from_home_and_come_back(qtbot, kiosk) -> None:
    for section in kiosk.language.sections:
        tap(qtbot, find_button(kiosk.home, section.tile))
        assert kiosk.stack.currentWidget() is kiosk.page
        assert kiosk.page.title.text() == section.title
        first_words = section.text.splitlines()[0][:40]
        assert first_words in kiosk.page.text.toPlainText()
        assert kiosk.page.picture.has_picture(), f"{section.file_name} shows no picture"
        tap(qtbot, find_button(kiosk.page, "Back to topics"))
        assert kiosk.stack.currentWidget() is kiosk.home
        assert kiosk.session.screen == "home"


def test_next_walks_every_page_in_order_then_offers_the_checklist(qtbot, kiosk) -> None:
    sections = kiosk.language.sections
    tap(qtbot, kiosk.home.tiles[0])
    assert not kiosk.page.previous_button.isEnabled()
    for index, section in enumerate(sections):
        assert kiosk.page.title.text() == section.title
        assert kiosk.page.position.text() == f"Page {index + 1} of {len(sections)}"
        following = sections[index + 1].title if index + 1 < len(sections) else "Questions for your doctor"
        tap(qtbot, find_button(kiosk.page, f"Next: {following}"))
    assert kiosk.stack.currentWidget() is kiosk.checklist
    tap(qtbot, find_button(kiosk.checklist, "Back to topics"))
    assert kiosk.stack.currentWidget() is kiosk.home


def test_previous_goes_back_one_page(qtbot, kiosk) -> None:
    sections = kiosk.language.sections
    kiosk.show_section(sections[3].slug)
    tap(qtbot, find_button(kiosk.page, "Previous"))
    assert kiosk.page.title.text() == sections[2].title


# Qt looks for the gesture's target with QApplication.topLevelAt(), which finds no window
# on the offscreen platform the tests use; the flick itself is what this test checks.
@pytest.mark.qt_log_ignore("QGestureManager::deliverEvents: could not find the target for gesture")
def test_a_finger_flick_scrolls_a_long_page(qtbot, kiosk) -> None:
    kiosk.show_section("signs-and-symptoms")
    bar = kiosk.page.text.verticalScrollBar()
    assert bar.maximum() > 0, "the longest page should need scrolling at 1920x1080"
    assert bar.value() == 0
    viewport = kiosk.page.text.viewport()
    x = viewport.width() // 2
    finger_drag(qtbot, viewport, QPoint(x, viewport.height() - 60), QPoint(x, 60))
    qtbot.waitUntil(lambda: bar.value() > 100)
    assert kiosk.page.title.text() == "Signs and symptoms", "a vertical drag must not change page"


def test_swipe_left_goes_forward_and_right_goes_back(qtbot, kiosk) -> None:
    sections = kiosk.language.sections
    kiosk.show_section(sections[4].slug)
    viewport = kiosk.page.text.viewport()
    y = viewport.height() // 2
    finger_drag(qtbot, viewport, QPoint(viewport.width() - 40, y), QPoint(40, y + 20))
    assert kiosk.page.title.text() == sections[5].title
    finger_drag(qtbot, kiosk.page.picture_panel, QPoint(40, 200), QPoint(kiosk.page.picture_panel.width() - 40, 210))
    assert kiosk.page.title.text() == sections[4].title


def test_a_short_sideways_wobble_is_not_a_swipe(qtbot, kiosk) -> None:
    kiosk.show_section("what-is-ketamine")
    viewport = kiosk.page.text.viewport()
    finger_drag(qtbot, viewport, QPoint(500, 300), QPoint(440, 300))
    assert kiosk.session.page == "what-is-ketamine"


def _link_point(browser, href: str) -> QPoint:
    document = browser.document()
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.charFormat().anchorHref() == href:
                cursor = QTextCursor(document)
                cursor.setPosition(fragment.position() + 1)
                return browser.cursorRect(cursor).center()
            iterator += 1
        block = block.next()
    raise AssertionError(f"no link to {href} on this page")


def test_tapping_a_link_to_another_page_opens_it_inside_the_kiosk(qtbot, kiosk) -> None:
    kiosk.show_section("blocks-pain-signals")
    browser = kiosk.page.text
    browser.verticalScrollBar().setValue(browser.verticalScrollBar().maximum())
    point = _link_point(browser, "page:resets-pain-pathways")
    assert browser.viewport().rect().contains(point)
    qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: kiosk.session.page == "resets-pain-pathways")
    assert kiosk.page.title.text() == kiosk.language.section("resets-pain-pathways").title


def scroll_into_view(widget) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QScrollArea

    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(widget, 0, 0)
        parent = parent.parentWidget()


def test_every_button_says_what_it_does_and_is_big_enough(qtbot, kiosk) -> None:
    screens = [("home", kiosk.show_home)]
    screens += [(s.slug, lambda slug=s.slug: kiosk.show_section(slug)) for s in kiosk.language.sections]
    screens.append(("checklist", kiosk.show_checklist))
    for size in ((1920, 1080), (1080, 1920)):
        kiosk.resize(*size)
        for name, show in screens:
            show()
            qtbot.waitUntil(lambda: kiosk.stack.currentWidget().isVisible())
            screen = kiosk.stack.currentWidget()
            buttons = [b for b in [*screen.findChildren(QAbstractButton), *kiosk.access_bar.findChildren(QAbstractButton)]
                       if b.isVisible()]
            assert buttons, name
            for button in buttons:
                scroll_into_view(button)
                label = button.accessibleName()
                assert label, f"{name}: a button has no accessible name"
                if button.text():
                    assert button.text().strip("\u2002") == label
                assert button.height() >= 72 and button.width() >= 72, f"{name}: {label!r} is too small"
                top_left = button.mapTo(kiosk, QPoint(0, 0))
                assert kiosk.rect().contains(top_left), f"{name}: {label!r} is off screen at {size}"
                bottom_right = button.mapTo(kiosk, QPoint(button.width() - 1, button.height() - 1))
                assert kiosk.rect().contains(bottom_right), f"{name}: {label!r} is off screen at {size}"


def test_portrait_puts_the_picture_above_the_text_and_next_at_the_bottom(qtbot, kiosk) -> None:
    kiosk.resize(1080, 1920)
    kiosk.show_section("what-is-crps")
    qtbot.waitUntil(lambda: kiosk.page.picture_panel.height() > 0)
    panel = kiosk.page.picture_panel.mapTo(kiosk, QPoint(0, 0))
    text = kiosk.page.text.mapTo(kiosk, QPoint(0, 0))
    assert panel.y() < text.y()
    next_top = kiosk.page.next_button.mapTo(kiosk, QPoint(0, 0)).y()
    home_top = kiosk.page.home_button.mapTo(kiosk, QPoint(0, 0)).y()
    assert next_top > home_top
    kiosk.resize(1920, 1080)
    qtbot.waitUntil(lambda: kiosk.page.picture_panel.mapTo(kiosk, QPoint(0, 0)).x()
                    < kiosk.page.text.mapTo(kiosk, QPoint(0, 0)).x())


def test_page_text_is_large_and_cannot_be_selected(kiosk) -> None:
    kiosk.show_section("what-is-crps")
    css = kiosk.page.text.document().defaultStyleSheet()
    assert "font-size: 28px" in css
    flags = kiosk.page.text.textInteractionFlags()
    assert not flags & Qt.TextInteractionFlag.TextSelectableByMouse
    assert kiosk.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu


def test_a_page_with_raw_html_shows_it_as_text_and_loads_nothing_from_outside(qtbot, tmp_path) -> None:
    from helpers import OPEN_RECORDER
    from kiosk import paths
    from kiosk.content.loader import load_content
    from kiosk.services.content import ContentService
    from kiosk.session import Session
    from kiosk.ui.theme import Theme
    from kiosk.ui.window import KioskWindow

    root = tmp_path / "content"
    (root / "en").mkdir(parents=True)
    (root / "en" / "ui.yaml").write_text((paths.bundled_content_dir() / "en" / "ui.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "secret.png").write_bytes(b"\x89PNG not really")
    (root / "en" / "01-tricks.md").write_text(
        "---\ntitle: Tricks\n---\n<script>alert('hi')</script>\n\n![x](../secret.png) ![y](https://evil.example/y.png)\n\n"
        "[web](https://example.org)\n", encoding="utf-8")
    bundle = load_content(root)
    window = KioskWindow(ContentService(root, bundle), Session(), Theme())
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    with OPEN_RECORDER.recording() as opened:
        window.show_section("tricks")
        qtbot.waitUntil(lambda: window.page.text.isVisible())
        window.page.text.viewport().repaint()
    text = window.page.text.toPlainText()
    assert "<script>alert('hi')</script>" in text
    assert "example.org" in text
    assert not [p for p in opened if "secret" in str(p)]
    assert not window.page.picture_panel.isVisible(), "a page without a picture gives its text the room"


@pytest.mark.parametrize("first", ["home", "what-is-crps", "blocks-pain-signals"])
def test_a_flowing_page_shows_all_its_words_and_no_more_after_turning_the_screen(qtbot, kiosk, first: str) -> None:
    if first == "home":
        kiosk.show_home()
    else:
        kiosk.show_section(first)
    kiosk.resize(1080, 1920)
    kiosk.show_section("blocks-pain-signals")  # a moving picture on a tall screen: one scrolling column
    QApplication.processEvents()
    page = kiosk.page
    assert page.column.isVisible() and page.text.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    words = round(page.text.document().size().height()) + 2 * page.text.frameWidth()
    assert page.text.document().textWidth() == page.column.viewport().width() - 2 * page.text.frameWidth()
    assert words <= page.text.height() <= words + 8, "the text is exactly as tall as its words"
