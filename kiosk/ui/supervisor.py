"""Watching over the window: the idle time-out ("Still there?") and the staff corner
with its PIN keypad. The window shows screens; this decides when a visit is over and
when staff may come in."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.config import Config
from kiosk.content.model import Language
from kiosk.staff import StaffGate
from kiosk.ui.factories import TimerFactory
from kiosk.ui.idle import IdleMonitor, IdleOverlay
from kiosk.ui.lockdown import WindowGuard
from kiosk.ui.staff import PinKeypad
from kiosk.ui.theme import Theme

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
        self.idle_overlay = IdleOverlay(language, theme, window)
        self.keypad = PinKeypad(self.gate, theme, window)
        self.idle = IdleMonitor(config.idle_seconds, config.warning_seconds, timer_factory, window)
        self.guard = WindowGuard(window, config.staff_corner, config.staff_hold_seconds, timer_factory,
                                 window)
        self.guard.locked = config.fullscreen
        self.guard.touched.connect(self._on_touched)
        self.guard.staff_hold_completed.connect(self._on_staff_hold_completed)
        self.idle.warning_started.connect(self._on_idle_warning)
        self.idle.countdown_changed.connect(self.idle_overlay.show_seconds)
        self.idle.warning_dismissed.connect(self.idle_overlay.hide)
        self.idle.idle_timed_out.connect(self.timed_out)
        self.idle_overlay.still_here.connect(self.idle.activity)
        self.keypad.unlocked.connect(self.staff_unlocked)

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
        self.idle_overlay.set_language(language)

    def apply_theme(self, theme: Theme) -> None:
        self.idle_overlay.apply_theme(theme)
        self.keypad.apply_theme(theme)

    def fit(self) -> None:
        """Cover the whole window again (after it changed size)."""
        for overlay in (self.idle_overlay, self.keypad):
            overlay.setGeometry(self._window.rect())

    def new_visit(self) -> None:
        """Close the overlays and start watching for a quiet kiosk again."""
        self.idle_overlay.hide()
        self.keypad.hide()

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
