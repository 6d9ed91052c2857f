"""Full screen whoever draws the screen: a Wayland compositor, X with or without a window
manager, Windows.

Asking Qt for full screen is a request to the window manager. Under a Wayland kiosk
compositor (cage, weston's kiosk shell) and on Windows it is honoured; under a bare X
server (xinit, no window manager) nobody honours it and the window stays at its first
size in a corner. :class:`FullScreenKeeper` therefore also sets the window's geometry
to the screen's itself, wherever the platform lets a program place its window, keeps it
there when something changes it, and follows the screen when it is rotated, resized,
plugged or unplugged. It logs one line with the window's state, size and screen each
time that settles ("window covers the screen: ..."), which is what CI reads under
Wayland, where a program cannot place itself and only the compositor knows.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)
KIOSK_WINDOW_FLAGS = Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
"""A full-screen kiosk's window: no frame, above every other window. Given to the window
before its widgets and style sheet (:class:`kiosk.ui.window.KioskWindow`): given after, Qt
polishes every widget of the window again (~6 ms of CPU at start)."""
MAX_CORRECTIONS = 5  # in a row without success: someone else decides the size; stop fighting
SETTLE_MS = 200  # after placing the window, look again this long after (if no event came)


def choose_screen(names: Sequence[str], primary: int, wanted: str) -> tuple[int, str]:
    """Which of the screens called ``names`` to fill for the ``screen`` setting ``wanted``
    (a name, or a number counted from 0; empty = ``primary``), and a problem to log."""
    wanted = wanted.strip()
    if not wanted:
        return primary, ""
    if wanted in names:
        return list(names).index(wanted), ""
    if wanted.isdigit():
        if int(wanted) < len(names):
            return int(wanted), ""
        return primary, (f"screen {wanted} does not exist (there are {len(names)}, counted from 0); "
                         "using the primary screen")
    folded = [name.casefold() for name in names]
    if wanted.casefold() in folded:
        return folded.index(wanted.casefold()), ""
    listed = ", ".join(f"{index}: {name or '(no name)'}" for index, name in enumerate(names))
    return primary, f"no screen is called '{wanted}' (screens: {listed}); using the primary screen"


def places_own_windows(platform: str) -> bool:
    """Whether a program may set its own window's position and size on ``platform``
    (not under Wayland, where the compositor alone decides)."""
    return not platform.startswith("wayland")


class FullScreenKeeper(QObject):
    """Keeps the top-level ``window`` covering the whole of one screen.

    Signals:
        settled(str): the window's state, size and screen after a change (also logged).
    """

    settled = Signal(str)

    def __init__(self, window: QWidget, wanted_screen: str = "", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.wanted_screen = wanted_screen
        self.platform = QGuiApplication.platformName()
        self.target: QScreen | None = None
        self.corrections = 0
        self.last_report = ""
        self._active = False
        self._check = QTimer(self)  # events come in bursts; look once they have settled
        self._check.setSingleShot(True)
        self._check.timeout.connect(self.enforce)
        self._app = QGuiApplication.instance()

    def show(self) -> None:
        """Show the window full screen on the chosen screen, and keep it so."""
        if self._active:
            return
        self._active = True
        if isinstance(self._app, QGuiApplication):
            self._app.screenAdded.connect(self._on_screens_changed)
            self._app.screenRemoved.connect(self._on_screens_changed)
            self._app.primaryScreenChanged.connect(self._on_screens_changed)
            # Qt removes its screens while it shuts down: let go before that.
            self._app.aboutToQuit.connect(self.release)
        self._retarget()
        self.window.installEventFilter(self)
        if self.target is not None:
            self.window.setGeometry(self.target.geometry())
        self.window.showFullScreen()
        handle = self.window.windowHandle()
        if handle is not None:  # Expose (the compositor has configured the window) goes to it
            handle.installEventFilter(self)
        self._check.start(0)

    @Slot()
    def release(self) -> None:
        """Stop keeping the window (the program is ending)."""
        if not self._active:
            return
        self._active = False
        self._check.stop()
        if isinstance(self._app, QGuiApplication):
            for signal in (self._app.screenAdded, self._app.screenRemoved, self._app.primaryScreenChanged):
                signal.disconnect(self._on_screens_changed)
            self._app.aboutToQuit.disconnect(self.release)
        if self.target is not None and shiboken6.isValid(self.target):
            self.target.geometryChanged.disconnect(self._on_geometry_changed)
        self.target = None
        self.window.removeEventFilter(self)
        handle = self.window.windowHandle()
        if handle is not None:
            handle.removeEventFilter(self)

    def pick_screen(self) -> QScreen | None:
        screens = QGuiApplication.screens()
        if not screens:
            return None
        primary = QGuiApplication.primaryScreen()
        first = screens.index(primary) if primary in screens else 0
        index, problem = choose_screen([s.name() for s in screens], first, self.wanted_screen)
        if problem:
            log.warning("screen setting: %s", problem)
        return screens[index]

    def _retarget(self) -> None:
        screen = self.pick_screen()
        if screen is self.target:
            return
        if self.target is not None and shiboken6.isValid(self.target):
            self.target.geometryChanged.disconnect(self._on_geometry_changed)
        self.target = screen
        self.corrections = 0
        if screen is not None:
            screen.geometryChanged.connect(self._on_geometry_changed)
            self.window.winId()  # the native window, so that its handle exists
            handle = self.window.windowHandle()
            if handle is not None and handle.screen() is not screen:
                handle.setScreen(screen)

    @Slot()
    def _on_screens_changed(self) -> None:
        if self._active:
            self._retarget()
            self.corrections = 0
            self._check.start(0)

    @Slot(QRect)
    def _on_geometry_changed(self, _geometry: QRect) -> None:  # rotated or resized
        self.corrections = 0
        self._check.start(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched in (self.window, self.window.windowHandle()) and event.type() in (
                QEvent.Type.Resize, QEvent.Type.Move, QEvent.Type.WindowStateChange, QEvent.Type.Show,
                QEvent.Type.Expose, QEvent.Type.ScreenChangeInternal):
            self._check.start(0)
        return False

    def covers_screen(self) -> bool:
        if self.target is None or not shiboken6.isValid(self.target):
            return False
        window, screen = self.window.geometry(), self.target.geometry()
        if places_own_windows(self.platform):
            return window == screen
        return window.size() == screen.size()  # Wayland: positions are the compositor's own

    @Slot()
    def enforce(self) -> None:
        """Put the window back over its whole screen if it is not; report how it is."""
        if not self._active or not self.window.isVisible():
            return
        if self.target is None or not shiboken6.isValid(self.target):
            self._retarget()  # its screen went away under us (unplugged)
        if self.target is None:
            return
        if not self.window.windowState() & Qt.WindowState.WindowFullScreen:
            self.window.setWindowState(self.window.windowState() | Qt.WindowState.WindowFullScreen)
        if not self.covers_screen() and places_own_windows(self.platform):
            if self.corrections < MAX_CORRECTIONS:
                # No window manager did it (bare X): place the window ourselves, then look
                # again once the window system has answered.
                self.corrections += 1
                self.window.setGeometry(self.target.geometry())
                self._check.start(SETTLE_MS)
                return
            if self.corrections == MAX_CORRECTIONS:
                self.corrections += 1
                log.warning("the window keeps being resized to %s; leaving it so",
                            _rect(self.window.geometry()))
        elif self.covers_screen():
            self.corrections = 0
        self._report()

    def describe(self) -> str:
        window = self.window.geometry()
        valid = self.target is not None and shiboken6.isValid(self.target)
        screen = self.target.geometry() if valid and self.target is not None else QRect()
        name = self.target.name() if valid and self.target is not None else ""
        state = "full screen" if self.window.isFullScreen() else "not full screen"
        covers = "covers the screen" if self.covers_screen() else "does NOT cover the screen"
        return (f"window {covers}: {state}, {_rect(window)} on screen '{name}' {_rect(screen)}, "
                f"platform {self.platform}")

    def _report(self) -> None:
        handle = self.window.windowHandle()
        if handle is None or not handle.isExposed():
            return  # not configured by the compositor yet
        report = self.describe()
        if report != self.last_report:
            self.last_report = report
            log.info("%s", report)
            self.settled.emit(report)


def show_window(window: QWidget, fullscreen: bool, screen: str = "") -> None:
    """Show the kiosk: full screen, frameless and on top, kept so (:class:`FullScreenKeeper`);
    or, for a desktop, an ordinary window."""
    if not fullscreen:
        window.resize(1280, 720)
        window.show()
        return
    if window.windowFlags() & KIOSK_WINDOW_FLAGS != KIOSK_WINDOW_FLAGS:  # (the kiosk's window has them)
        window.setWindowFlags(KIOSK_WINDOW_FLAGS)
    FullScreenKeeper(window, screen, window).show()


def _rect(rect: QRect) -> str:
    return f"{rect.width()}x{rect.height()}+{rect.x()}+{rect.y()}"
