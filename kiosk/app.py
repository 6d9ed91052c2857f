"""Putting the kiosk together: content, theme, session and window."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from kiosk import paths
from kiosk.config import Config
from kiosk.content.languages import held_back, live_bundle
from kiosk.content.loader import load_content
from kiosk.content.model import ContentBundle, ContentProblem
from kiosk.session import Session
from kiosk.staff import StaffGate
from kiosk.ui.idle import TimerFactory
from kiosk.ui.questions import PrinterFactory
from kiosk.ui.theme import FONT_FAMILY, Theme, load_fonts
from kiosk.ui.window import ContentStatus, KioskWindow, WindowOptions

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoadedContent:
    """The bundle on screen, and the problems of the folder that was asked for
    (which may differ when that folder was broken and the bundled content is shown)."""

    bundle: ContentBundle
    requested: Path
    problems: tuple[ContentProblem, ...]
    fell_back: bool


def load_startup_content(config: Config) -> LoadedContent:
    """Load the configured folder; if it cannot be shown, fall back to the bundled content."""
    requested = config.content_dir or paths.default_content_dir()
    bundle = load_content(requested)
    for problem in bundle.problems:
        log.warning("content: %s", problem)
    if bundle.usable:
        for note in held_back(bundle, None).values():
            log.error("content: %s", note)
        return LoadedContent(live_bundle(bundle, None), requested, bundle.problems, fell_back=False)
    log.error("content in %s has %d errors; showing the bundled content instead",
              requested, len(bundle.errors))
    fallback = load_content(paths.bundled_content_dir())
    if not fallback.usable:
        # Last resort: show what the bundled content has rather than nothing at all.
        if not any(language.sections for language in fallback.languages.values()):
            raise RuntimeError("the bundled content has no pages: "
                               + "; ".join(str(p) for p in fallback.errors[:3]))
        log.error("the bundled content has problems too: %s", "; ".join(map(str, fallback.errors)))
    return LoadedContent(fallback, requested, bundle.problems, fell_back=True)


def preview_content(bundle: ContentBundle) -> LoadedContent:
    """A folder's own content for staff to look at (never the bundled copy instead):
    drafts and languages with errors included, pages with a problem marked."""
    from kiosk.content.preview import preview_bundle

    return LoadedContent(preview_bundle(bundle), bundle.root, bundle.problems, fell_back=False)


def ensure_application() -> QApplication:
    """The QApplication, created once, with the kiosk's fonts registered."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication([])
    if app.property("kiosk_fonts_loaded") is None:
        families = load_fonts()
        app.setProperty("kiosk_fonts_loaded", True)
        if FONT_FAMILY not in families:
            log.warning("the kiosk font %s was not found; using the system font", FONT_FAMILY)
        font = QFont(FONT_FAMILY)
        font.setPixelSize(28)
        app.setFont(font)
    return app


def printer_factory(name: str) -> PrinterFactory | None:
    """What makes the printer for the question list; None when no printer is set up."""
    if not name:
        return None

    def make() -> object:
        from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if name != "default":
            if name not in QPrinterInfo.availablePrinterNames():
                raise RuntimeError(f"printer '{name}' is not available")
            printer.setPrinterName(name)
        if not printer.isValid():
            raise RuntimeError(f"printer '{name}' is not usable")
        return printer

    return make


def window_options(
    config: Config, loaded: LoadedContent, timer_factory: TimerFactory = QTimer, watch_content: bool = True
) -> WindowOptions:
    """The window's settings from ``config``."""
    gate = StaffGate(config.staff_pin_hash, tries=config.pin_tries,
                     lockout_seconds=config.pin_lockout_minutes * 60.0)
    if not gate.enabled:
        log.info("no staff PIN is set: staff mode is off (set one with '%s set-pin')", paths.command_name())
    return WindowOptions(
        locked=config.fullscreen,
        idle_seconds=config.idle_seconds,
        warning_seconds=config.warning_seconds,
        staff_gate=gate,
        staff_corner=config.staff_corner,
        staff_hold_seconds=config.staff_hold_seconds,
        printer_factory=printer_factory(config.printer),
        timer_factory=timer_factory,
        content_status=ContentStatus(loaded.requested, loaded.problems, loaded.fell_back),
        watch_content=watch_content,
        languages=list(config.languages),
        speech_engine=config.speech_engine,
        content_poll_seconds=config.content_poll_seconds,
    )


def create_kiosk(config: Config, content: LoadedContent | None = None,
                 timer_factory: TimerFactory = QTimer, watch_content: bool = True) -> KioskWindow:
    """Build the main window (not shown) from ``config``."""
    ensure_application()
    loaded = content or load_startup_content(config)
    default = config.language if config.language in loaded.bundle.languages else "en"
    session = Session(default_language=default, default_reduce_motion=config.reduce_motion)
    options = window_options(config, loaded, timer_factory, watch_content)
    return KioskWindow(loaded.bundle, session, Theme(), options)
