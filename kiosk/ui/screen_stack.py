"""The stack that holds the window's screens (see :mod:`kiosk.ui.screens`)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QStackedWidget


class ScreenStack(QStackedWidget):
    """The window's screens, one shown at a time, filling the room under the access bar.

    A :class:`QStackedWidget` reports the largest size (and height for width) of all its
    screens, hidden ones included, and the window's layout asks for them whenever a screen
    changes anything (a new page's title or text): each time, the screen shown measured
    every label again, and the window laid out twice per tap. The screens fit themselves
    to the room they are given (and scroll), never the other way round, so the stack asks
    nothing of them: it takes whatever room the window leaves it."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(0, 0)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(0, 0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return False
