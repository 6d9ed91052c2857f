"""The page's tools: "Read aloud", "Pause"/"Carry on" and "Stop", wired straight to the
speech service, and "Stop movement" for the moving pictures."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

from kiosk.content.model import Language
from kiosk.ui.speech import ReadAloud, ReadingState
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import flow_buttons, make_button, set_button_text, style_button_icon

TOOL_SPACING = 12

# What "Read aloud" says, and in which language (a code such as ``es``).
SpokenText = Callable[[], tuple[str, str]]


class ReadAloudBar(QWidget):
    """The read-aloud buttons offered for the reading state, and "Stop movement".

    The read-aloud buttons show only once a speech service is attached
    (:meth:`attach_speech`) and its engine is ready (it starts in the background and says
    so through ``state_changed``); they drive it directly, and follow the state the engine
    reports. "Pause" is offered only by an engine that can carry on afterwards.

    Signals:
        still_pictures_toggled(bool): "Stop movement" was switched on (True) or off.
        buttons_changed(): which buttons show changed (the page then fits them to its width).
    """

    still_pictures_toggled = Signal(bool)
    buttons_changed = Signal()

    def __init__(self, language: Language, theme: Theme, spoken_text: SpokenText,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._language = language
        self._theme = theme
        self._spoken_text = spoken_text
        self._speech: ReadAloud | None = None
        self._reading = ReadingState.IDLE
        self._announced: tuple[tuple[bool, str], ...] | None = None
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(TOOL_SPACING)
        self.read_button = make_button("", "secondary", "speaker")
        self.pause_button = make_button("", "secondary", "pause")
        self.stop_button = make_button("", "secondary", "stop")
        self.still_button = make_button("", "secondary", "pause")
        self.still_button.setCheckable(True)
        self.read_button.clicked.connect(self._on_read_clicked)
        self.pause_button.clicked.connect(self._on_pause_clicked)
        self.stop_button.clicked.connect(self._on_stop_clicked)
        self.still_button.toggled.connect(self.still_pictures_toggled)
        self.still_button.toggled.connect(self._on_still_toggled)
        for button in self.buttons:
            button.hide()

    @property
    def buttons(self) -> list[QPushButton]:
        """In the order they show."""
        return [self.read_button, self.pause_button, self.stop_button, self.still_button]

    @property
    def speech_available(self) -> bool:
        return self._speech is not None and self._speech.available

    def attach_speech(self, speech: ReadAloud) -> None:
        """Drive ``speech`` from the buttons and show its state."""
        self._speech = speech
        speech.state_changed.connect(self.show_reading_state)
        self.show_reading_state(ReadingState.IDLE)

    def set_language(self, language: Language) -> None:
        self._language = language
        set_button_text(self.read_button, language.text("read_aloud"))
        set_button_text(self.stop_button, language.text("read_stop"))
        set_button_text(self.still_button, language.text("still_pictures"))

    def apply_theme(self, theme: Theme) -> None:
        self._theme = theme
        for button in self.buttons:
            style_button_icon(button, theme)

    @Slot(object)
    def show_reading_state(self, state: ReadingState) -> None:
        """Offer "Read aloud" when idle, else "Pause" (or "Carry on") and "Stop"."""
        self._reading = state
        paused = state is ReadingState.PAUSED
        set_button_text(self.pause_button, self._language.text("read_resume" if paused else "read_pause"))
        self.pause_button.setProperty("icon_name", "play" if paused else "pause")
        style_button_icon(self.pause_button, self._theme)
        idle = state is ReadingState.IDLE
        self.read_button.setVisible(self.speech_available and idle)
        can_pause = self._speech is not None and self._speech.can_pause  # else Stop, then Read aloud again
        self.pause_button.setVisible(self.speech_available and can_pause and not idle)
        self.stop_button.setVisible(self.speech_available and not idle)
        self._announce()

    def _announce(self) -> bool:
        """Say ``buttons_changed`` when what the buttons show differs from the last time (a new
        page in the same reading state changes nothing: it is not laid out again); True if said."""
        shown = tuple((button.isHidden(), button.text()) for button in self.buttons)
        if shown == self._announced:
            return False
        self._announced = shown
        self.buttons_changed.emit()
        return True

    def refresh(self) -> bool:
        """Show the buttons again for the current reading state (a new page, say); True when
        which buttons show changed (``buttons_changed`` was said)."""
        announced = self._announced
        self.show_reading_state(self._reading)
        return self._announced is not announced

    def flow(self, room: int) -> None:
        """Side by side when they fit in ``room`` pixels, else one per row; hidden when none shows."""
        flow_buttons(self._grid, self.buttons, room, TOOL_SPACING)
        self.setVisible(any(not b.isHidden() for b in self.buttons))

    def size_for(self, room: int) -> tuple[int, int]:
        """How wide and tall :meth:`flow` makes the bar in ``room`` pixels (nothing is moved)."""
        shown = [b.sizeHint() for b in self.buttons if not b.isHidden()]
        if not shown:
            return 0, 0
        spacing = TOOL_SPACING * (len(shown) - 1)
        width = sum(hint.width() for hint in shown) + spacing
        if width <= room:
            return width, max(hint.height() for hint in shown)
        return max(hint.width() for hint in shown), sum(hint.height() for hint in shown) + spacing

    def set_still_offered(self, offered: bool) -> None:
        """Offer "Stop movement" (only a page with a moving picture does)."""
        self.still_button.setVisible(offered)

    def show_still_pictures(self, still: bool) -> None:
        self.still_button.blockSignals(True)
        self.still_button.setChecked(still)
        self.still_button.blockSignals(False)
        style_button_icon(self.still_button, self._theme)

    @Slot(bool)
    def _on_still_toggled(self, still: bool) -> None:
        del still
        style_button_icon(self.still_button, self._theme)

    @Slot()
    def _on_read_clicked(self) -> None:
        if self._speech is not None:
            self._speech.speak(*self._spoken_text())

    @Slot()
    def _on_pause_clicked(self) -> None:
        if self._speech is None:
            return
        if self._reading is ReadingState.PAUSED:
            self._speech.resume()
        else:
            self._speech.pause()

    @Slot()
    def _on_stop_clicked(self) -> None:
        if self._speech is not None:
            self._speech.stop()
