"""The card in the middle of an overlay ("Still there?", the staff keypad), placed by hand.

A layout that centres a card gives it its size hint, and a wrapped label's size hint is
for a width Qt guesses, not the one it gets: on a narrow screen, or with the largest text,
the card came out too short and cut its words, or wider than the screen. :func:`place_card`
gives the card the width it asks for, never more than the screen leaves, and then the height
its words need at that width, never more than the screen's.
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QWidget


class CardOverlay(QWidget):
    """An overlay over the whole screen with a card in its middle, placed again whenever the
    overlay is shown or resized (and when its words change: subclasses call :meth:`place`,
    which they override to say how)."""

    def place(self) -> None:
        """Place the card (nothing here)."""

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.place()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.place()


def place_card(overlay: QWidget, card: QWidget, margin: int, wish: int = 0) -> None:
    """Centre ``card`` in ``overlay``, ``margin`` pixels clear of its edges at least, ``wish``
    pixels wide (or as wide as it asks, if more) where the screen leaves that much."""
    room = overlay.rect().adjusted(margin, margin, -margin, -margin)
    if room.width() <= 0 or room.height() <= 0:
        return
    width = min(room.width(), max(wish, card.sizeHint().width()))
    height = min(room.height(), needed_height(card, width))
    card.setGeometry(QRect(room.x() + (room.width() - width) // 2, room.y() + (room.height() - height) // 2,
                           width, height))


def needed_height(card: QWidget, width: int) -> int:
    """The height ``card``'s layout wants at ``width`` (its words wrapped to that width)."""
    layout = card.layout()
    if layout is not None and layout.hasHeightForWidth():
        return layout.totalHeightForWidth(width)
    return card.sizeHint().height() if layout is None else layout.totalSizeHint().height()
