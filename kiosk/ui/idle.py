"""Between visitors: after a quiet spell, ask "Still there?", count down, then reset.

Time is injected: both timers come from ``timer_factory`` (``QTimer`` in the kiosk, a
hand-fired fake in tests), so no test ever waits for real time to pass.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.content.model import Language
from kiosk.ui.factories import TimerFactory
from kiosk.ui.overlay_card import CardOverlay, place_card
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import make_button, make_label, set_button_text, style_button_icon


class IdleMonitor(QObject):
    """Watches for a quiet kiosk.

    Signals:
        warning_started(int): nobody touched for the idle time; carries the seconds left.
        countdown_changed(int): one second of the warning passed; carries the seconds left.
        warning_dismissed(): someone touched during the warning.
        idle_timed_out(): the warning ran out: time to reset for the next visitor.
    """

    warning_started = Signal(int)
    countdown_changed = Signal(int)
    warning_dismissed = Signal()
    idle_timed_out = Signal()

    def __init__(self, idle_seconds: int, warning_seconds: int,
                 timer_factory: TimerFactory = QTimer, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.idle_seconds = idle_seconds
        self.warning_seconds = warning_seconds
        self.seconds_left = 0
        self._idle = timer_factory(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(idle_seconds * 1000)
        self._idle.timeout.connect(self._on_idle_timeout)
        self._tick = timer_factory(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._on_tick)
        self.active = False

    @property
    def warning(self) -> bool:
        return self._tick.isActive()

    def start(self) -> None:
        """Start watching (a visitor may be here)."""
        self.active = True
        self._tick.stop()
        self._idle.start()

    def stop(self) -> None:
        """Stop watching (the waiting screen is showing, or staff are working)."""
        self.active = False
        self._idle.stop()
        self._tick.stop()

    def activity(self) -> None:
        """Someone touched the screen or pressed a key."""
        if not self.active:
            return
        if self._tick.isActive():
            self._tick.stop()
            self.warning_dismissed.emit()
        self._idle.start()

    def warn_now(self) -> None:
        """Show the warning at once (staff's "Test idle reset")."""
        self.active = True
        self._idle.stop()
        self._on_idle_timeout()

    @Slot()
    def _on_idle_timeout(self) -> None:
        self.seconds_left = self.warning_seconds
        self._tick.start()
        self.warning_started.emit(self.seconds_left)

    @Slot()
    def _on_tick(self) -> None:
        self.seconds_left -= 1
        if self.seconds_left > 0:
            self.countdown_changed.emit(self.seconds_left)
            return
        self._tick.stop()
        self.active = False
        self.idle_timed_out.emit()


class IdleOverlay(CardOverlay):
    """ "Still there?" over the whole screen, with a countdown and one big button.
    A touch anywhere on it counts as "I'm still here".

    Signals:
        still_here(): the visitor touched the overlay or its button.
    """

    still_here = Signal()

    def __init__(self, language: Language, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("IdleOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.card = QWidget(self)  # placed by place_card: as tall as its words need
        self.card.setObjectName("OverlayCard")
        self.card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        card = QVBoxLayout(self.card)
        self._card_layout = card
        self.title = make_label("", "OverlayTitle", wrap=False)
        self.title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.countdown = make_label("", "OverlayText")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.button = make_button("", "primary", "touch")
        self.button.clicked.connect(self.still_here)
        card.addWidget(self.title)
        card.addWidget(self.countdown)
        card.addWidget(self.button)
        self._margin = self._wish = 0
        self._language = language
        self.set_language(language)
        self.apply_theme(theme)
        self.hide()

    def set_language(self, language: Language) -> None:
        self._language = language
        self.title.setText(language.text("idle_title"))
        set_button_text(self.button, language.text("idle_button"))

    def apply_theme(self, theme: Theme) -> None:
        gap = theme.px("gap")
        self._card_layout.setContentsMargins(gap * 3, gap * 2, gap * 3, gap * 2)
        self._card_layout.setSpacing(gap)
        self._wish = round(760 * theme.scale)
        self.button.setMinimumHeight(round(theme.px("touch") * 1.3))
        style_button_icon(self.button, theme)
        self._margin = gap
        self.place()

    def show_seconds(self, seconds: int) -> None:
        self.countdown.setText(self._language.text("idle_countdown", seconds=seconds))
        self.countdown.setAccessibleName(self.countdown.text())
        self.place()

    def place(self) -> None:
        if self.isVisible():
            place_card(self, self.card, self._margin, self._wish)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        event.accept()
        self.still_here.emit()
