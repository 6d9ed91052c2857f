"""Visit every screen of the kiosk: for the smoke test and for screenshots."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QEventLoop, QPointF, QSize, QThread
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QApplication

from kiosk.ui.analogies import HighwayAnalogy, RebootAnalogy
from kiosk.ui.attract import AttractScreen
from kiosk.ui.pictures import picture_store
from kiosk.ui.window import KioskWindow

ORIENTATIONS = {"landscape": QSize(1920, 1080), "portrait": QSize(1080, 1920)}


def tour(window: KioskWindow) -> Iterator[str]:
    """Put ``window`` on every screen in every language and orientation in turn; yields a
    name ``<lang>-<orientation>-<screen>`` while each screen is showing."""
    for code in list(window.bundle.languages):
        window.set_language(code)
        for orientation, size in ORIENTATIONS.items():
            window.resize(size)
            prefix = f"{code}-{orientation}"
            window.show_home()
            yield _settled(f"{prefix}-home")
            window.home.about_button.click()
            yield _settled(f"{prefix}-about")
            for index, section in enumerate(window.language.sections):
                window.show_section(section.slug)
                yield _settled(f"{prefix}-{Path(section.file_name).stem}")
                yield from _analogy_states(window, prefix)
                if index == 0:
                    window.page.trust.sources_button.click()
                    yield _settled(f"{prefix}-{Path(section.file_name).stem}-sources")
            window.show_checklist()
            yield _settled(f"{prefix}-checklist")
            window.show_questions()
            yield _settled(f"{prefix}-questions")
    window.set_language(window.session.default_language)
    window.show_home()


def _analogy_states(window: KioskWindow, prefix: str) -> Iterator[str]:
    """The page's analogy (if it has one) in each of its two states, with traffic on the
    road or a touch just made, so the picture shows what a visitor would see."""
    analogy = window.page.analogy
    if isinstance(analogy, HighwayAnalogy):
        analogy.reset()
        analogy.advance(1800)
        yield _settled(f"{prefix}-highway-open")
        analogy.toggle()
        analogy.advance(5000)
        yield _settled(f"{prefix}-highway-blocked")
        analogy.reset()
    elif isinstance(analogy, RebootAnalogy):
        analogy.reset()
        analogy.advance(600)
        analogy.poke(QPointF(330, 330))
        analogy.advance(140)
        yield _settled(f"{prefix}-reboot-excited")
        analogy.restart()
        analogy.advance(analogy.model.restart_ms + 500)
        analogy.poke(QPointF(330, 330))
        analogy.advance(140)
        yield _settled(f"{prefix}-reboot-calm")
        analogy.reset()


def attract_screenshot(window: KioskWindow, size: QSize) -> QPixmap:
    """The attract screen, on its own at ``size`` (with traffic on the road)."""
    screen = AttractScreen(window.bundle.languages, window.theme)
    screen.setStyleSheet(window.theme.stylesheet())
    screen.resize(size)
    screen.advance(2500)
    pixmap = screen.grab()
    screen.deleteLater()
    return pixmap


def preview_tour(window: KioskWindow) -> Iterator[str]:
    """What staff look at before content goes live, in every language of the window's
    bundle: the home screen (and scrolled to its end), every page, the checklist and the
    questions screen with every item ticked, in both orientations; then the home screen
    and the first page at the largest text size and in high contrast."""
    from kiosk.session import TEXT_SCALES

    for code in list(window.bundle.languages):
        window.set_language(code)
        language = window.language
        for orientation, size in ORIENTATIONS.items():
            window.resize(size)
            prefix = f"{code}-{orientation}"
            window.show_home()
            yield _settled(f"{prefix}-home")
            window.home.scroll_to_bottom()
            yield _settled(f"{prefix}-home-scrolled")
            for section in language.sections:
                window.show_section(section.slug)
                yield _settled(f"{prefix}-{Path(section.file_name).stem}")
            window.show_checklist()
            yield _settled(f"{prefix}-checklist")
            if language.checklist is not None:
                window.session.ticked = {item.id for item in language.checklist.items}
            window.show_questions()
            yield _settled(f"{prefix}-questions-all")
            window.session.clear_ticks()
        window.resize(ORIENTATIONS["landscape"])
        for _ in TEXT_SCALES:
            window.access_bar.text_size_changed.emit(1)
        yield from _home_and_first_page(window, f"{code}-landscape-largest-text")
        for _ in TEXT_SCALES:
            window.access_bar.text_size_changed.emit(-1)
        window.access_bar.contrast.setChecked(True)
        yield from _home_and_first_page(window, f"{code}-landscape-high-contrast")
        window.access_bar.contrast.setChecked(False)
    window.set_language(window.session.default_language)
    window.show_home()


def _home_and_first_page(window: KioskWindow, prefix: str) -> Iterator[str]:
    window.show_home()
    yield _settled(f"{prefix}-home")
    if window.language.sections:
        window.show_section(window.language.sections[0].slug)
        yield _settled(f"{prefix}-{Path(window.language.sections[0].file_name).stem}")


def save_preview(window: KioskWindow, out_dir: Path) -> list[Path]:
    """The staff preview as PNG files (see :func:`preview_tour`); the home screens first."""
    out_dir.mkdir(parents=True, exist_ok=True)
    saved = [_save(window.grab(), out_dir / f"{name}.png") for name in preview_tour(window)]
    return sorted(saved, key=lambda path: (not path.stem.endswith("-home"), saved.index(path)))


def _speech_settled(window: KioskWindow, seconds: float = 10.0) -> None:
    """A page offers "Read aloud" once its engine has started (in the background, while a
    visitor may already be reading): wait until it has started or failed, for at most
    ``seconds``, so that every page of a tour is drawn the same way whatever the timing."""
    speech = window.screen_set.ensure_speech()
    deadline = time.monotonic() + seconds
    while speech.starting and time.monotonic() < deadline:
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        QThread.msleep(10)


def _settled(name: str) -> str:
    QApplication.processEvents()
    picture_store().wait_idle()  # pictures are drawn in the background: take them in
    return name


def save_screenshots(window: KioskWindow, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    saved = []
    _speech_settled(window)
    for name in tour(window):
        saved.append(_save(window.grab(), out_dir / f"{name}.png"))
    code = window.session.default_language
    for orientation, size in ORIENTATIONS.items():
        saved.append(_save(attract_screenshot(window, size), out_dir / f"{code}-{orientation}-attract.png"))
    return saved


def _save(pixmap: QPixmap, path: Path) -> Path:
    if not pixmap.save(str(path)):
        raise OSError(f"cannot write {path}")
    return path
