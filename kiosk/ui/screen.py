"""What every screen is: the base of the home, page, checklist, questions, staff and
waiting screens.

A screen shows words in a language (:meth:`Screen.set_language`), sizes itself for a
theme (:meth:`Screen.apply_theme`) and lays itself out for the screen's orientation
(:meth:`Screen.set_portrait`). The window holds its screens in a list and calls these
three on each; a screen overrides only the hooks it needs:

* ``set_language(language)``: its words (the default shows none: staff words are English).
* ``apply_theme(theme)``: sizes a stylesheet cannot set; call ``super().apply_theme``
  first, which keeps the theme and sets the screen's margins.
* ``_orientation_changed()``: re-arrange after :meth:`set_portrait` changed ``portrait``.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QBoxLayout, QVBoxLayout, QWidget

from kiosk.content.model import Language
from kiosk.ui.theme import Theme

UNLIMITED = 1 << 20
"""The room a screen reports before it has a size (every row then fits)."""
SHORT_SHARE = 0.5
"""A screen is short when what stays put would leave less than this share of it to what scrolls."""


class WindowPart(Protocol):
    """What the window tells each of its parts (screens, overlays, the access bar)."""

    def set_language(self, language: Language) -> None: ...

    def apply_theme(self, theme: Theme) -> None: ...


class Screen(QWidget):
    """One screen of the kiosk. ``outer`` is its top-level column; its margins are the
    same on every screen (a little less above, for the title, and more below, for the
    buttons), unless :meth:`screen_margins` says otherwise."""

    def __init__(self, theme: Theme, parent: QWidget | None = None, *, object_name: str = "Screen") -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self._theme = theme
        self._portrait = False
        self.outer = QVBoxLayout(self)
        self._short_part: tuple[QWidget, QBoxLayout] | None = None
        self.short = False

    @property
    def portrait(self) -> bool:
        return self._portrait

    def set_language(self, language: Language) -> None:
        """Show every word in ``language``."""
        del language

    def apply_theme(self, theme: Theme) -> None:
        """Size the screen for ``theme`` (its scale and text size)."""
        self._theme = theme
        self.outer.setContentsMargins(*self.screen_margins(theme))

    def screen_margins(self, theme: Theme) -> tuple[int, int, int, int]:
        """Left, top, right and bottom margins of the screen for ``theme``."""
        margin = theme.px("margin")
        return margin, round(margin * 0.5), margin, round(margin * 0.75)

    def set_portrait(self, portrait: bool) -> None:
        """Lay the screen out for a tall (True) or wide screen."""
        if portrait != self._portrait:
            self._portrait = portrait
            self._orientation_changed()

    def _orientation_changed(self) -> None:
        """Re-arrange for :attr:`portrait`; most screens reflow by themselves."""

    def room(self) -> int:
        """The width inside the screen's side margins (very wide before the first resize)."""
        return self.width() - 2 * self._theme.px("margin") if self.width() > 0 else UNLIMITED

    # -- short screens ----------------------------------------------------------------
    def scroll_when_short(self, widget: QWidget, scrolled: QBoxLayout) -> None:
        """On a short screen (what stays put, :meth:`fixed_height` pixels tall with ``widget``
        among it, would leave less than SHORT_SHARE of the height to what scrolls), ``widget``
        (a part of :attr:`outer`) moves to the top of ``scrolled`` and scrolls too. A screen
        calls :meth:`fit_height` when its parts may have changed height (after a resize)."""
        self._short_part = (widget, scrolled)

    def fixed_height(self) -> int:
        """The height of what does not scroll: the parts of :attr:`outer` with no stretch, as
        when none has moved (the same answer either way, so nothing flips back and forth)."""
        room, outer = self.room(), self.outer
        total = 0
        for index in range(outer.count()):
            item = outer.itemAt(index)
            widget = item.widget() if item is not None else None
            if item is None or outer.stretch(index) > 0 or widget is not None and widget.isHidden():
                continue
            total += item.heightForWidth(room) if item.hasHeightForWidth() else item.sizeHint().height()
            total += outer.spacing()
        if self.short and self._short_part is not None:
            total += self._short_part[0].heightForWidth(room) + outer.spacing()
        return total

    def fit_height(self) -> None:
        """Move the part :meth:`scroll_when_short` names where the screen's height wants it;
        measured only when shown (before, its size may not be its screen's yet)."""
        if self._short_part is None or not self.isVisible():
            return
        widget, scrolled = self._short_part
        margins = self.outer.contentsMargins()
        available = self.height() - margins.top() - margins.bottom()
        short = available - self.fixed_height() < SHORT_SHARE * available
        if short == self.short:
            return
        self.short = short
        if short:
            self._outer_index = self.outer.indexOf(widget)
            self.outer.removeWidget(widget)
            scrolled.insertWidget(0, widget)
        else:
            scrolled.removeWidget(widget)
            self.outer.insertWidget(self._outer_index, widget)
        widget.show()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.fit_height()
