"""Read aloud: speak a page in its own language with QtTextToSpeech.

Speech is optional: when the Qt module or an engine is missing (a Linux kiosk without
speech-dispatcher, say), :attr:`ReadAloud.available` is False, the reason is logged, and
the kiosk hides its read-aloud button. The engine is chosen by name (``mock`` in tests).
"""

from __future__ import annotations

import enum
import logging
from typing import Any

from PySide6.QtCore import QLocale, QObject, Signal, Slot

log = logging.getLogger(__name__)


class ReadingState(enum.Enum):
    """Where the reading of a page is."""

    IDLE = "idle"
    SPEAKING = "speaking"
    PAUSED = "paused"


IDLE, SPEAKING, PAUSED = ReadingState.IDLE, ReadingState.SPEAKING, ReadingState.PAUSED


class ReadAloud(QObject):
    """Signals:
        state_changed(ReadingState): reading started, paused, carried on or stopped.
    """

    state_changed = Signal(object)

    def __init__(self, engine: str = "", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.available = False
        self.reason = ""
        self._speech: Any = None
        self._state = IDLE
        if engine == "none":
            self.reason = "read-aloud is turned off in the settings (speech_engine = \"none\")"
            log.info(self.reason)
            return
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech
        except ImportError as error:
            self.reason = f"the Qt speech module cannot load ({error}); read-aloud is hidden"
            log.warning(self.reason)
            return
        engines = QTextToSpeech.availableEngines()
        if engine and engine not in engines:
            self.reason = f"speech engine '{engine}' is not installed (found: {', '.join(engines) or 'none'})"
            log.warning("%s; read-aloud is hidden", self.reason)
            return
        if not engines:
            self.reason = "no speech engine is installed (on Linux: speech-dispatcher with espeak-ng)"
            log.warning("%s; read-aloud is hidden", self.reason)
            return
        speech = QTextToSpeech(engine, self) if engine else QTextToSpeech(self)
        if speech.state() == QTextToSpeech.State.Error:
            self.reason = f"the speech engine '{speech.engine()}' reported an error: {speech.errorString()}"
            log.warning("%s; read-aloud is hidden", self.reason)
            return
        self._speech = speech
        self._ready_state = QTextToSpeech.State.Ready
        speech.stateChanged.connect(self._on_engine_state)
        self.available = True
        log.info("read-aloud uses the speech engine '%s'", speech.engine())

    @property
    def state(self) -> ReadingState:
        return self._state

    def speak(self, text: str, language: str) -> None:
        """Read ``text`` aloud in ``language`` (a language code such as ``es``)."""
        if not self.available:
            return
        self.stop()
        wanted = QLocale(language).language()
        matching = [loc for loc in self._speech.availableLocales() if loc.language() == wanted]
        if matching:
            self._speech.setLocale(matching[0])
        self._speech.say(text)
        self._set_state(SPEAKING)

    def pause(self) -> None:
        if self.available and self._state == SPEAKING:
            self._speech.pause()
            self._set_state(PAUSED)

    def resume(self) -> None:
        if self.available and self._state == PAUSED:
            self._speech.resume()
            self._set_state(SPEAKING)

    def stop(self) -> None:
        """Stop at once (page changed, session reset, or the Stop button)."""
        if self.available and self._state != IDLE:
            self._speech.stop()
            self._set_state(IDLE)

    def _set_state(self, state: ReadingState) -> None:
        if state != self._state:
            self._state = state
            self.state_changed.emit(state)

    @Slot(object)
    def _on_engine_state(self, state: object) -> None:
        if state == self._ready_state and self._state == SPEAKING:
            self._set_state(IDLE)  # finished the text
