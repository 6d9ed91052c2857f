"""Putting the kiosk together: content, theme, session and window."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QPixmapCache
from PySide6.QtWidgets import QApplication

from kiosk import APP_NAME, DISPLAY_NAME, __version__, paths
from kiosk.config import Config
from kiosk.content.model import ContentBundle
from kiosk.memory import keep_heap_small
from kiosk.services.content import ContentService, governor
from kiosk.session import Session
from kiosk.ui.factories import Factories, PrinterFactory, TimerFactory
from kiosk.ui.theme import FONT_FAMILY, Theme, load_fonts
from kiosk.ui.trust_wiring import TrustWiring
from kiosk.ui.window import KioskWindow

if TYPE_CHECKING:
    from kiosk.services.health import Health
    from kiosk.usage import UsageCounter

log = logging.getLogger(__name__)

PIXMAP_CACHE_KB = 2048


def startup_content(config: Config) -> ContentService:
    """The content service for ``config``'s folder, with the folder loaded (or, when it
    cannot be shown, the bundled content)."""
    content = ContentService(config.content_dir or paths.default_content_dir(),
                             cache_dir=paths.content_cache_dir(),
                             governed_by=governor(config.review_months, config.require_approval))
    content.load_startup()
    return content


def preview_content(bundle: ContentBundle) -> ContentService:
    """A folder's own content for staff to look at (never the bundled copy instead):
    drafts and languages with errors included, pages with a problem marked."""
    from kiosk.content.preview import preview_bundle

    return ContentService(bundle.root, preview_bundle(bundle))


def ensure_application() -> QApplication:
    """The QApplication, created once, with the kiosk's fonts registered. It calls itself
    ``crps-kiosk``: the X11 window class (instance and class), the Wayland app id and the
    desktop file name, whatever the program file or script is called."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        keep_heap_small()  # before Qt allocates: large blocks go back to the system when freed
        QApplication.setApplicationName(APP_NAME)
        QApplication.setApplicationDisplayName(DISPLAY_NAME)
        QApplication.setApplicationVersion(__version__)
        QApplication.setDesktopFileName(APP_NAME)
        app = QApplication([APP_NAME])  # argv[0] names the X11 instance (WM_CLASS)
        # Qt's cache of drawn style parts and icons: one screen uses under 1 MB of it; at
        # Qt's 10 MB it kept ~6 MB of screens long left (other orientations, languages).
        QPixmapCache.setCacheLimit(PIXMAP_CACHE_KB)
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
        from kiosk.ui.printing import printer_for

        return printer_for(name)

    return make


def create_kiosk(config: Config, content: ContentService | None = None,
                 timer_factory: TimerFactory | None = None, watch_content: bool = True) -> KioskWindow:
    """Build the main window (not shown) from ``config``; ``timer_factory`` replaces QTimer
    (tests fire their timers by hand)."""
    ensure_application()
    content = content or startup_content(config)
    if watch_content:
        content.watch(poll_seconds=config.content_poll_seconds)
    if not config.staff_pin_hash:
        log.info("no staff PIN is set: staff mode is off (set one with '%s set-pin')", paths.command_name())
    default = config.language if config.language in content.bundle.languages else "en"
    session = Session(default_language=default, default_reduce_motion=config.reduce_motion)
    factories = Factories(timer=timer_factory or QTimer, printer=printer_factory(config.printer))
    window = KioskWindow(content, session, Theme(), config, factories)
    state = config.state_dir or paths.default_state_dir()

    def open_usage() -> UsageCounter:
        from kiosk.usage import open_counter  # SQLite: after the first frame, which counts nothing

        return open_counter(config.usage_counts, state)

    wiring = TrustWiring(window, open_usage)
    window.screen_set.first_frame.connect(wiring.open_usage)  # ready long before a first tap
    return window


def start_health(config: Config, window: KioskWindow, started_at: float | None = None) -> Health:
    """Tell systemd and the metrics file how the kiosk is, from now until :meth:`Health.stop`
    (READY=1 once the window's first frame is painted, at once if it has been already)."""
    from kiosk.services.health import Health

    wiring = window.findChild(TrustWiring)
    visits = wiring.usage.visits_yesterday if wiring is not None else (lambda: None)
    return Health(config, window.content, window, started_at=started_at, visits_yesterday=visits).start(
        painted=window.screen_set.first_frame_painted)


def health_after_first_frame(config: Config, window: KioskWindow, app: QApplication) -> Callable[[], None]:
    """Start, once the window's first frame is painted, what tells the machine how the kiosk
    is: READY=1 to systemd (at once then), the watchdog, the metrics file, and a clean exit on
    SIGTERM. None of it is needed to draw the first frame, so none of it (nor its modules)
    delays it. Returns what stops them all at exit."""
    started_at = time.time()
    stops: list[Callable[[], None]] = []

    def start() -> None:
        from kiosk.services.health import quit_on_terminate

        stops.append(start_health(config, window, started_at).stop)
        terminate = quit_on_terminate(app)
        if terminate is not None:
            stops.append(terminate.close)

    window.screen_set.first_frame.connect(start)

    def stop() -> None:
        for step in stops:
            step()

    return stop
