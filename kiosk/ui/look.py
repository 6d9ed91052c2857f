"""The look of one visit: text size, contrast and still pictures.

The session records what the visitor chose; :class:`Look` turns it into a theme and
restyles every part of the window that draws itself from the theme.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QWidget

from kiosk.session import TEXT_SCALES, Session
from kiosk.ui.access import AccessBar
from kiosk.ui.theme import Theme


class Themed(Protocol):
    """Anything sized from the theme: the screens, the overlays, the access bar."""

    def apply_theme(self, theme: Theme) -> None: ...


class Look(QObject):
    """Keeps ``window`` styled for the session's text size, contrast and motion.

    ``parts`` are restyled, in order, whenever the theme changes; ``motion`` are told
    whether pictures should stand still. Both are asked each time (the window makes some
    screens only when they are first needed).
    """

    def __init__(self, window: QWidget, session: Session, theme: Theme, access_bar: AccessBar,
                 parts: Callable[[], Sequence[Themed]],
                 motion: Callable[[], Sequence[Callable[[bool], None]]]) -> None:
        super().__init__(window)
        self._window = window
        self._session = session
        self.theme = theme
        self._access_bar = access_bar
        self._parts = parts
        self._motion = motion
        access_bar.text_size_changed.connect(self._on_text_size_changed)
        access_bar.contrast_toggled.connect(self._on_contrast_toggled)
        window.setStyleSheet(theme.stylesheet())
        self.apply_motion()
        self.show_access_state()

    def apply(self) -> None:
        """Restyle for the session's text size and contrast, if they changed."""
        name = "high_contrast" if self._session.high_contrast else "default"
        theme = self.theme.changed(name=name, text_scale=self._session.text_scale)
        if (theme.name, theme.text_scale) != (self.theme.name, self.theme.text_scale):
            self.restyle(theme)
        self.show_access_state()

    def rescale(self, scale: float) -> None:
        """Size everything for a screen of a new size (``scale`` from :func:`scale_for`)."""
        if abs(scale - self.theme.scale) > 0.01:
            self.restyle(self.theme.with_scale(scale))

    def restyle(self, theme: Theme) -> None:
        self.theme = theme
        self._window.setStyleSheet(theme.stylesheet())
        for part in self._parts():
            part.apply_theme(theme)

    def show_access_state(self) -> None:
        self._access_bar.show_state(self._session.text_step, len(TEXT_SCALES), self._session.high_contrast)

    @Slot(bool)
    def set_still_pictures(self, still: bool) -> None:
        self._session.reduce_motion = still
        self.apply_motion()

    def apply_motion(self) -> None:
        for show_still in self._motion():
            show_still(self._session.reduce_motion)

    @Slot(int)
    def _on_text_size_changed(self, steps: int) -> None:
        self._session.change_text_size(steps)
        self.apply()

    @Slot(bool)
    def _on_contrast_toggled(self, on: bool) -> None:
        self._session.high_contrast = on
        self.apply()
