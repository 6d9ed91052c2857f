"""What keeps a curious visitor in the kiosk, and notices that someone is there.

:class:`WindowGuard` filters the events of the kiosk's top-level window: it eats the
keys that would leave or change the program, zoom gestures and context menus; it
reports every touch or key as activity; and it notices staff holding a corner.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QWidget

from kiosk.ui.factories import TimerFactory

ACTIVITY_EVENTS = {
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate, QEvent.Type.KeyPress, QEvent.Type.Wheel,
}
_CTRL = Qt.KeyboardModifier.ControlModifier
_ALT = Qt.KeyboardModifier.AltModifier
# (key, modifier that must be held) pairs that would leave, close or reshape the program.
BLOCKED_KEYS: tuple[tuple[Qt.Key, Qt.KeyboardModifier | None], ...] = (
    (Qt.Key.Key_Escape, None), (Qt.Key.Key_F11, None), (Qt.Key.Key_F4, _ALT), (Qt.Key.Key_Q, _CTRL),
    (Qt.Key.Key_W, _CTRL), (Qt.Key.Key_Plus, _CTRL), (Qt.Key.Key_Minus, _CTRL), (Qt.Key.Key_Equal, _CTRL),
    (Qt.Key.Key_Menu, None), (Qt.Key.Key_Close, None), (Qt.Key.Key_Exit, None),
)


def is_blocked_key(event: QKeyEvent) -> bool:
    key = event.key()
    modifiers = event.modifiers()
    for blocked, modifier in BLOCKED_KEYS:
        if key == blocked and (modifier is None or modifiers & modifier):
            return True
    return False


class WindowGuard(QObject):
    """Install on the window handle: ``window.windowHandle().installEventFilter(guard)``.

    Signals:
        touched(): a touch, click, key or wheel: someone is using the kiosk.
        staff_hold_completed(): the staff corner was held long enough.
    """

    touched = Signal()
    staff_hold_completed = Signal()

    def __init__(self, window: QWidget, corner: str = "top-left", hold_seconds: float = 3.0,
                 timer_factory: TimerFactory = QTimer, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.corner = corner
        self.corner_size = 120
        self.locked = True
        self._hold = timer_factory(self)
        self._hold.setSingleShot(True)
        self._hold.setInterval(round(hold_seconds * 1000))
        self._hold.timeout.connect(self.staff_hold_completed)

    def corner_rect(self) -> QRectF:
        size = self.corner_size
        width, height = self.window.width(), self.window.height()
        x = 0 if "left" in self.corner else width - size
        y = 0 if "top" in self.corner else height - size
        return QRectF(x, y, size, size)

    @property
    def holding(self) -> bool:
        return bool(self._hold.isActive())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if kind in ACTIVITY_EVENTS:
            self.touched.emit()
        if kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride, QEvent.Type.KeyRelease):
            return self.locked and isinstance(event, QKeyEvent) and is_blocked_key(event)
        if kind == QEvent.Type.Wheel and isinstance(event, QWheelEvent):
            return bool(event.modifiers() & _CTRL)  # no zooming
        if kind == QEvent.Type.ContextMenu:
            return True
        if kind == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            self._on_press(event.position())
        elif kind == QEvent.Type.MouseMove and isinstance(event, QMouseEvent):
            if self._hold.isActive() and not self.corner_rect().contains(event.position()):
                self._hold.stop()
        elif kind == QEvent.Type.MouseButtonRelease:
            self._hold.stop()
        return False

    def _on_press(self, position: QPointF) -> None:
        if self.corner_rect().contains(position):
            self._hold.start()
