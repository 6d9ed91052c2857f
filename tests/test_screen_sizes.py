"""Every common kiosk screen, and a bar that does not rebuild itself for nothing.

The layout never cuts a word and never needs sideways scrolling from the Raspberry Pi
Touch Display (800x480) to 4K, in landscape and portrait, at every text size; touch
targets are at least 72 px at 1080p and never below 44 px on the smallest screens.
"""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtWidgets import QAbstractButton

from helpers import tap


def test_pressing_the_language_already_shown_changes_nothing(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    bar = kiosk.access_bar
    buttons = list(bar.language_buttons)
    by_code = {b.property("language"): b for b in buttons}
    tiles = kiosk.home.findChildren(QAbstractButton)
    tap(qtbot, by_code["en"])
    # The same widgets, all alive and shown: a screen reader's view of the bar never blinks.
    assert bar.language_buttons == buttons
    assert all(shiboken6.isValid(b) and b.isVisible() for b in buttons)
    assert kiosk.home.findChildren(QAbstractButton) == tiles
    assert kiosk.session.language == "en"

    # Another language changes the words; the bar keeps its buttons and moves the highlight.
    tap(qtbot, by_code["es"])
    assert kiosk.session.language == "es"
    assert bar.language_buttons == buttons
    assert by_code["es"].property("role") == "primary" and by_code["en"].property("role") == "secondary"


# -- every common kiosk screen -------------------------------------------------------------
SCREENS = [(800, 480), (1024, 600), (1024, 768), (1280, 800), (1366, 768), (1920, 1080), (2560, 1440),
           (3840, 2160)]
SIZES = [size for width, height in SCREENS for size in ((width, height), (height, width))]


def min_target(width: int, height: int) -> int:
    """72 px at 1080p, growing with the screen; never under 44 px on the smallest."""
    from PySide6.QtCore import QSize

    from kiosk.ui.theme import scale_for

    return max(44, round(72 * scale_for(QSize(width, height))))


def each_look(kiosk, sizes=SIZES, languages=("es", "en")):  # type: ignore[no-untyped-def]
    """Set the kiosk to every one of ``sizes``, ``languages`` (Spanish has the longer words)
    and the smallest and largest text in turn; yields what to call the look in a problem
    (``800x480/es/x1.6``), the size, and the text step."""
    from kiosk.session import TEXT_SCALES

    for size in sizes:
        kiosk.resize(*size)
        for code in languages:
            kiosk.set_language(code)
            for step in (0, len(TEXT_SCALES) - 1):
                kiosk.session.text_step = step
                kiosk.look.apply()
                yield f"{size[0]}x{size[1]}/{code}/x{TEXT_SCALES[step]}", size, step


def views(kiosk):  # type: ignore[no-untyped-def]
    """Home, the checklist, the question list, and pages with each kind of layout: the first
    page, both moving pictures, the last page. (tests/test_accessibility.py walks every page
    at 1920x1080 in both orientations.)"""
    sections = kiosk.language.sections
    chosen = [sections[0], *[s for s in sections if s.analogy], sections[-1]]
    shown = [("home", kiosk.show_home), ("checklist", kiosk.show_checklist), ("questions", kiosk.show_questions)]
    return shown + [(s.slug, lambda slug=s.slug: kiosk.show_section(slug)) for s in chosen]


_AUDITED: dict[tuple[int, int], list[str]] = {}


def audited(request: pytest.FixtureRequest, size: tuple[int, int]) -> list[str]:
    """What the audit finds on every view at ``size``: English and Spanish, the smallest and the
    largest text. Walked once per size and run (the tests below read the same walk); each
    problem starts with ``<size>/<language>/x<text scale>/<view>:``."""
    if size in _AUDITED:
        return _AUDITED[size]
    from PySide6.QtWidgets import QApplication

    from helpers import audit

    kiosk = request.getfixturevalue("kiosk")
    for row in kiosk.checklist.rows:
        kiosk.session.set_ticked(row.item.id, True)  # the longest question list
    problems: list[str] = []
    for look, _, _ in each_look(kiosk, sizes=[size]):
        for view, show in views(kiosk):
            show()
            for _ in range(3):  # the screen settles (re-flow after the first layout)
                QApplication.processEvents()
            audit(kiosk, f"{look}/{view}", problems, min_target(*size), whole_words=True)
    _AUDITED[size] = problems
    return problems


def summary(problems: list[str]) -> str:
    kinds: dict[str, int] = {}
    for problem in problems:
        key = problem.split(": ", 1)[1][:70]
        kinds[key] = kinds.get(key, 0) + 1
    return f"{len(problems)} problems:\n" + "\n".join(
        f"{n} x {k}" for k, n in sorted(kinds.items(), key=lambda kv: -kv[1])[:30])


@pytest.mark.parametrize("size", [pytest.param(size, id=f"{size[0]}x{size[1]}") for size in SIZES])
def test_no_word_cut_no_sideways_scrolling_big_enough_targets(request: pytest.FixtureRequest,
                                                             size: tuple[int, int]) -> None:
    problems = audited(request, size)
    assert problems == [], summary(problems)


@pytest.mark.parametrize("size", [pytest.param(size, id=f"{size[0]}x{size[1]}") for size in SIZES])
def test_every_screen_but_home_fits_at_every_size(request: pytest.FixtureRequest, size: tuple[int, int]) -> None:
    """The top bar, the pages (both moving pictures among them), the checklist and the question
    list: no word cut, no sideways scrolling, targets big enough, at every common screen size
    (the home screen's own test is test_the_home_screen_fits_every_common_screen_in_an_even_grid)."""
    problems = [p for p in audited(request, size) if not p.split(": ", 1)[0].endswith("/home")]
    assert problems == [], summary(problems)


def test_the_home_screen_fits_every_common_screen_in_an_even_grid(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    """The home screen alone (the top bar and the other screens are checked above): no tile
    word cut, no sideways scrolling, big enough targets, at every size, language and text
    size; the tiles stay an even grid (one size, aligned columns) with their pictures shown."""
    from types import SimpleNamespace

    from PySide6.QtWidgets import QApplication, QWidget

    from helpers import audit

    home = kiosk.home
    no_bar = QWidget()
    qtbot.addWidget(no_bar)
    just_home = SimpleNamespace(stack=kiosk.stack, access_bar=no_bar)
    problems: list[str] = []
    for name, size, _ in each_look(kiosk):
        kiosk.show_home()
        for _ in range(3):
            QApplication.processEvents()
        audit(just_home, name, problems, min_target(*size), whole_words=True)
        tiles = home.tiles
        widths = [tile.width() for tile in tiles]
        assert max(widths) - min(widths) <= 1 and len({tile.height() for tile in tiles}) == 1, \
            f"{name}: uneven tiles"
        columns = len({tile.x() for tile in tiles})
        assert 1 <= columns <= (2 if size[1] > size[0] else 4), f"{name}: {columns} columns"
        assert len({tile.y() for tile in tiles}) == -(-len(tiles) // columns), f"{name}: ragged rows"
        right = max(tile.geometry().right() for tile in tiles)
        assert right < home._scroll.viewport().width(), f"{name}: tiles go past the right edge"
        pictures = {tile.picture.width() for tile in tiles}
        assert len(pictures) == 1 and min(pictures) >= home.checklist_tile.picture.width() * 0.5, \
            f"{name}: pictures {pictures} beside {home.checklist_tile.picture.width()}"
    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(problems[:30])


def test_the_staff_panel_fits_every_common_screen(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    """Staff use the panel on the kiosk's own screen, whatever its size: at every size and at
    the smallest and largest text, with its charts shown, no button is squeezed under a touch
    target or over another, no word is cut, and "Close staff panel" stays on screen."""
    from datetime import date, timedelta

    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QApplication, QPushButton

    from helpers import audit
    from kiosk.report import PageFigures

    today = date(2026, 12, 2)
    visits = [(today - timedelta(days=29 - n), n % 7) for n in range(30)]
    pages = [(s.title, PageFigures(page=s.slug, opens=9, yes=3, no=1)) for s in kiosk.language.sections[:4]]
    panel = kiosk.staff_panel
    problems: list[str] = []
    for look, size, _ in each_look(kiosk, languages=("en",)):  # staff words are English
        kiosk.show_staff_panel()
        panel.show_trust(kiosk.content.status, visits, pages, True)
        for _ in range(3):
            QApplication.processEvents()
        name = f"{look}/staff"
        audit(kiosk, name, problems, min_target(*size), whole_words=True)
        shown = [b for b in panel.findChildren(QPushButton) if b.isVisible()]
        # what does not scroll: the buttons outside the details area, in window coordinates
        fixed = [b for b in shown if not panel.details.isAncestorOf(b)]
        problems += [f"{name}: {text!r} overlaps another button" for text in overlapping(kiosk, fixed)]
        close = QRect(panel.close_button.mapTo(kiosk, QPoint(0, 0)), panel.close_button.size())
        if not kiosk.rect().contains(close):
            problems.append(f"{name}: 'Close staff panel' is off the screen")
        if panel.details.viewport().height() < min_target(*size):
            problems.append(f"{name}: the details have {panel.details.viewport().height()} px to scroll in")
    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(problems[:40])


def test_the_overlays_fit_every_common_screen(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    """"Still there?" and the staff keypad (after a wrong PIN, its longest state) at every size,
    language and the smallest and largest text: the card on screen, no word cut, every key a
    whole touch target apart from the others."""
    from PySide6.QtWidgets import QApplication

    supervisor = kiosk.supervisor
    problems: list[str] = []
    for look, size, _ in each_look(kiosk):
        kiosk.show_home()
        supervisor.idle.warn_now()
        keypad = supervisor.keypad
        for overlay in (supervisor.idle_overlay, keypad):
            if overlay is keypad:
                supervisor.idle.activity()
                keypad.open()
                keypad.enter("9")
                assert keypad.message.text(), "a wrong PIN says so"
            for _ in range(3):
                QApplication.processEvents()
            name = f"{look}/{overlay.objectName()}"
            overlay_problems(kiosk, overlay, name, min_target(*size), problems)
            overlay.hide()
    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(problems[:40])


def overlay_problems(kiosk, overlay, name: str, target: int, problems: list[str]) -> None:  # type: ignore[no-untyped-def]
    """What is wrong with ``overlay`` as shown: its card off the screen, a word cut, a key
    under ``target`` px or over another."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QLabel, QPushButton, QWidget

    from helpers import label_clipped

    shown = overlay.findChild(QWidget, "OverlayCard")
    card = QRect(shown.mapTo(kiosk, QPoint(0, 0)), shown.size())
    if not kiosk.rect().contains(card):
        problems.append(f"{name}: the card {card} is off the screen")
    for label in overlay.findChildren(QLabel):
        if label_clipped(label, whole_words=True):
            problems.append(f"{name}: text cut: {label.text()[:40]!r}")
    buttons = [b for b in overlay.findChildren(QPushButton) if b.isVisible()]
    problems += [f"{name}: {b.accessibleName()!r} is {b.size()}" for b in buttons
                 if min(b.width(), b.height()) < target]
    problems += [f"{name}: {text!r} overlaps a key" for text in overlapping(kiosk, buttons)]


def overlapping(kiosk, buttons) -> list[str]:  # type: ignore[no-untyped-def]
    """The accessible names of those of ``buttons`` drawn over a later one (in ``kiosk``'s
    coordinates)."""
    from PySide6.QtCore import QPoint, QRect

    boxes = [QRect(b.mapTo(kiosk, QPoint(0, 0)), b.size()) for b in buttons]
    return [buttons[index].accessibleName() for index, box in enumerate(boxes)
            if any(box.intersects(other) for other in boxes[index + 1:])]


def test_the_sources_about_and_waiting_screens_fit_every_common_screen(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    """A page's sources and "About this kiosk" at every size, language and text extreme, and the
    waiting screen (always shown at the normal text size: a visit's end resets it): no word
    cut, no sideways scrolling, targets big enough."""
    from PySide6.QtWidgets import QApplication

    from helpers import audit
    from kiosk.ui.trust_wiring import TrustWiring

    wiring = kiosk.findChild(TrustWiring)

    def show_sources() -> None:
        kiosk.show_section(kiosk.language.sections[1].slug)
        wiring.show_sources()

    problems: list[str] = []
    for look, size, step in each_look(kiosk):
        views = [("about", wiring.show_about), ("sources", show_sources)]
        views += [("waiting", kiosk.show_attract)] if step == 0 else []
        for view, show in views:
            show()
            for _ in range(3):
                QApplication.processEvents()
            name = f"{look}/{view}"
            audit(kiosk, name, problems, min_target(*size), whole_words=True)
    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(problems[:40])
