"""The kiosk's push button, made for touch: drawn once per tap, never for hovering."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QMouseEvent, QShowEvent
from PySide6.QtWidgets import QPushButton


class TouchButton(QPushButton):
    """A push button that, when tapped, is drawn once with what its tap did.

    Qt draws a released button at once, on its own (a synchronous repaint and flush),
    before its handler runs; when the handler changes the screen, that drawing is thrown
    away a few milliseconds later and only delays the new screen. Here the released look
    is drawn with the handler's changes, in the same frame (the pressed look still shows
    at once when the finger goes down)."""

    # Qt's style draws a button again when the pointer comes onto it or leaves it (its hover
    # look); the kiosk's style gives buttons no hover look, and on a touch screen the pointer
    # comes with the finger: that drawing, just before the pressed look, changed no pixel and
    # only delayed the press. The style asks for hover events each time it (re)styles a button
    # (before it is first shown, and when the look changes): the button says no each time.
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        self.setAttribute(Qt.WidgetAttribute.WA_Hover, False)
        super().showEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.StyleChange:
            self.setAttribute(Qt.WidgetAttribute.WA_Hover, False)
        super().changeEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if not self.updatesEnabled():
            super().mouseReleaseEvent(event)
            return
        self.setUpdatesEnabled(False)
        try:
            super().mouseReleaseEvent(event)
        finally:
            try:
                self.setUpdatesEnabled(True)  # schedules the button's paint with the rest
            except RuntimeError:  # the handler deleted the button
                pass
