"""The interactive analogies shown on content pages whose front matter names one.

Each is a widget that holds a pure model from :mod:`kiosk.analogies` and draws it in
the illustration style. The illustration palette lives in :mod:`.drawing` (``PALETTE``).
"""

from __future__ import annotations

from collections.abc import Callable

from kiosk.content.model import AnalogyName, Language
from kiosk.ui.analogies.base import AnalogyWidget
from kiosk.ui.analogies.canvas import Clock
from kiosk.ui.analogies.drawing import PALETTE, Palette
from kiosk.ui.analogies.highway import HighwayAnalogy
from kiosk.ui.analogies.reboot import RebootAnalogy
from kiosk.ui.theme import Theme

AnalogyFactory = Callable[[Language, Theme], AnalogyWidget]

ANALOGY_WIDGETS: dict[str, AnalogyFactory] = {
    AnalogyName.HIGHWAY: HighwayAnalogy,
    AnalogyName.REBOOT: RebootAnalogy,
}
"""The widget for each :class:`AnalogyName` a page's front matter may name."""

__all__ = ["ANALOGY_WIDGETS", "PALETTE", "AnalogyWidget", "Clock", "HighwayAnalogy", "Palette",
           "RebootAnalogy"]
