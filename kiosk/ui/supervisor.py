"""Watching over the window: the idle time-out ("Still there?") and the staff corner
with its PIN keypad. The window shows screens; this decides when a visit is over and
when staff may come in."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.config import Config
from kiosk.content.model import Language
from kiosk.staff import StaffGate
from kiosk.ui.factories import TimerFactory
from kiosk.ui.idle import IdleMonitor, IdleOverlay
from kiosk.ui.lockdown import WindowGuard
from kiosk.ui.theme import Theme

if TYPE_CHECKING:
    from kiosk.ui.staff import PinKeypad

log = logging.getLogger(__name__)


class Supervisor(QObject):
    """Owns the idle monitor, the "Still there?" overlay, the window guard and the PIN
    keypad over ``window``.

    Signals:
        timed_out(): nobody answered "Still there?": the visit is over.
        staff_unlocked(): staff entered the right PIN.
    """

    timed_out = Signal()
    staff_unlocked = Signal()

    def __init__(self, window: QWidget, language: Language, theme: Theme, config: Config,
                 timer_factory: TimerFactory) -> None:
        super().__init__(window)
        self._window = window
        self._exiting = False
        self.gate = StaffGate(config.staff_pin_hash, tries=config.pin_tries,
                              lockout_seconds=config.pin_lockout_minutes * 60.0)
        # The overlays are made on first use (or once the window is idle after its first
        # frame: see make_overlays): the first frame needs neither.
        self._language, self._theme = language, theme
        self._idle_overlay: IdleOverlay | None = None
        self._keypad: PinKeypad | None = None
        self.idle = IdleMonitor(config.idle_seconds, config.warning_seconds, timer_factory, window)
        self.guard = WindowGuard(window, config.staff_corner, config.staff_hold_seconds, timer_factory,
                                 window)
        self.guard.locked = config.fullscreen
        self.guard.touched.connect(self._on_touched)
        self.guard.staff_hold_completed.connect(self._on_staff_hold_completed)
        self.idle.warning_started.connect(self._on_idle_warning)
        self.idle.countdown_changed.connect(self._on_countdown_changed)
        self.idle.warning_dismissed.connect(self._on_warning_dismissed)
        self.idle.idle_timed_out.connect(self.timed_out)

    @property
    def idle_overlay(self) -> IdleOverlay:
        """The "Still there?" overlay (made the first time it is needed)."""
        if self._idle_overlay is None:
            overlay = IdleOverlay(self._language, self._theme, self._window)
            overlay.setGeometry(self._window.rect())
            overlay.still_here.connect(self.idle.activity)
            self._idle_overlay = overlay
        return self._idle_overlay

    @property
    def keypad(self) -> PinKeypad:
        """The staff PIN keypad (made the first time it is needed)."""
        if self._keypad is None:
            from kiosk.ui.staff import PinKeypad  # with the staff screens, not before the first frame

            keypad = PinKeypad(self.gate, self._theme, self._window)
            keypad.setGeometry(self._window.rect())
            keypad.unlocked.connect(self.staff_unlocked)
            self._keypad = keypad
        return self._keypad

    def make_overlays(self) -> None:
        """Make both overlays now (the window calls this when idle after its first frame)."""
        self.idle_overlay  # noqa: B018 - made by asking
        self.keypad  # noqa: B018

    def _made_overlays(self) -> tuple[QWidget, ...]:
        return tuple(overlay for overlay in (self._idle_overlay, self._keypad) if overlay is not None)

    @property
    def may_close(self) -> bool:
        """Whether the window may close: a locked kiosk closes only when staff exit it."""
        return not self.guard.locked or self._exiting

    @Slot()
    def exit_kiosk(self) -> None:
        """Staff's "Exit the kiosk": close the window and end the program."""
        log.info("staff closed the kiosk")
        self._exiting = True
        self._window.close()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    def set_language(self, language: Language) -> None:
        self._language = language
        if self._idle_overlay is not None:
            self._idle_overlay.set_language(language)

    def apply_theme(self, theme: Theme) -> None:
        self._theme = theme
        if self._idle_overlay is not None:
            self._idle_overlay.apply_theme(theme)
        if self._keypad is not None:
            self._keypad.apply_theme(theme)

    def fit(self) -> None:
        """Cover the whole window again (after it changed size)."""
        for overlay in self._made_overlays():
            overlay.setGeometry(self._window.rect())

    def new_visit(self) -> None:
        """Close the overlays and start watching for a quiet kiosk again."""
        for overlay in self._made_overlays():
            overlay.hide()

    @Slot(int)
    def _on_countdown_changed(self, seconds: int) -> None:
        self.idle_overlay.show_seconds(seconds)

    @Slot()
    def _on_warning_dismissed(self) -> None:
        if self._idle_overlay is not None:
            self._idle_overlay.hide()

    @Slot()
    def _on_touched(self) -> None:
        # While "Still there?" shows, the touch belongs to it (it says "I'm still here");
        # dismissing it here would let the same touch press whatever lies underneath.
        if not self.idle_overlay.isVisible():
            self.idle.activity()

    @Slot(int)
    def _on_idle_warning(self, seconds: int) -> None:
        self.idle_overlay.show_seconds(seconds)
        self.idle_overlay.setGeometry(self._window.rect())
        self.idle_overlay.show()
        self.idle_overlay.raise_()
        self.idle_overlay.button.setFocus()

    @Slot()
    def _on_staff_hold_completed(self) -> None:
        if not self.gate.enabled:
            log.info("staff corner held, but no staff PIN is set")
            return
        self.keypad.setGeometry(self._window.rect())
        self.keypad.open()


class Overlays:
    """The window's way to its supervisor's overlays, each made the first time it is asked
    for (a mix-in of :class:`kiosk.ui.window.KioskWindow`)."""

    supervisor: Supervisor

    @property
    def idle_overlay(self) -> IdleOverlay:
        """The "Still there?" overlay."""
        return self.supervisor.idle_overlay

    @property
    def keypad(self) -> PinKeypad:
        """The staff PIN keypad."""
        return self.supervisor.keypad
