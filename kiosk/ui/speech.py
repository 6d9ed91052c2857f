"""Read aloud: speak a page in its own language, without ever freezing the screen and
without touching anyone else's speech.

Two engines:

- **speech-dispatcher** (Linux; the default there, or ``speech_engine = "speechd"``), through
  our own SSIP client (:mod:`kiosk.speechd`), which connects on its own threads: the page
  opens at once and "Read aloud" appears when the engine is ready. It only ever stops its
  own speech (never ``PAUSE ALL`` / ``CANCEL ALL``, which Qt's plugin sends and which
  silence a screen reader on the same machine). "Pause" stops at once; "Carry on" reads
  again from the start of the sentence that was playing (speech-dispatcher reports each
  sentence as it starts it).
- **QtTextToSpeech** for every other engine (built in on Windows; ``mock`` in tests), made
  just after the page shows rather than before it. "Pause" is offered only when the engine
  says it can pause and resume, and the buttons follow the state the engine reports.

Speech is optional: when no engine can start, :attr:`ReadAloud.available` stays False, the
reason is logged, and the kiosk hides its read-aloud buttons. The voice for a language is
the one the ``voices`` setting names, else a fixed rule (:func:`kiosk.speechd.choose_voice`),
and the choice is logged, so the kiosk sounds the same on every run.
"""

from __future__ import annotations

import enum
import logging
import sys
from collections.abc import Mapping

from PySide6.QtCore import QObject, Signal, Slot

from kiosk.speechd import Event, SpeechdClient, Voice, choose_voice, sentences
from kiosk.ui.speech_qt import QtSpeech

log = logging.getLogger(__name__)


class ReadingState(str, enum.Enum):
    """Where the reading of a page is (compares equal to its value: ``"idle"``...)."""

    IDLE = "idle"
    SPEAKING = "speaking"
    PAUSED = "paused"


IDLE, SPEAKING, PAUSED = ReadingState.IDLE, ReadingState.SPEAKING, ReadingState.PAUSED


def uses_speech_dispatcher(engine: str) -> bool:
    """Whether ``engine`` (the ``speech_engine`` setting) means our speech-dispatcher client."""
    return engine == "speechd" or (engine == "" and sys.platform.startswith("linux"))


class _EngineRelay(QObject):
    """Carries the speech-dispatcher client's callbacks from its threads to the UI thread."""

    happened = Signal(object)
    ready = Signal(object)
    failed = Signal(str)


class ReadAloud(QObject):
    """The read-aloud service of the kiosk (one per window).

    Signals:
        state_changed(ReadingState): reading started, paused, carried on, stopped or ended
            (also emitted, as ``IDLE``, when the engine becomes ready or is lost, so that the
            buttons can appear or go).
    """

    state_changed = Signal(object)

    def __init__(self, engine: str = "", parent: QObject | None = None,
                 voices: Mapping[str, str] | None = None) -> None:
        """``voices``: the voice wanted per language (a name or tag), from the settings."""
        super().__init__(parent)
        self.available = False
        self.starting = False
        self.reason = ""
        self.engine = engine
        self.can_pause = True
        self.voices_wanted = dict(voices or {})
        self.voices_used: dict[str, str] = {}  # language -> the voice chosen (logged once)
        self._state = IDLE
        self._client: SpeechdClient | None = None
        self._voices: list[Voice] = []
        self._qt: QtSpeech | None = None
        # speech-dispatcher: what is being read, and where it got to
        self._token = 0
        self._messages: dict[int, int] = {}  # speech-dispatcher's message id -> sentence number
        self._parts: list[str] = []
        self._position = 0
        self._language = ""
        if engine == "none":
            self.reason = "read-aloud is turned off in the settings (speech_engine = \"none\")"
            log.info(self.reason)
            return
        self.starting = True
        if uses_speech_dispatcher(engine):
            self._start_speechd()
        else:
            # Qt's engines load in the UI thread: after the page has been drawn, not before.
            self._qt = QtSpeech(engine, self.voices_wanted, self.voices_used, self)
            self._qt.ready.connect(self._on_qt_ready)
            self._qt.failed.connect(self._on_qt_failed)
            self._qt.state_changed.connect(lambda state: self._set_state(ReadingState(state)))

    @property
    def state(self) -> ReadingState:
        return self._state

    # -- what the buttons do ------------------------------------------------------------
    def speak(self, text: str, language: str) -> None:
        """Read ``text`` aloud in ``language`` (a language code such as ``es``)."""
        if not self.available:
            return
        self.stop()
        if self._qt is not None:
            self._qt.speak(text, language)
            return
        self._parts = sentences(text)
        if not self._parts:
            return
        self._language = language
        self._position = 0
        self._speechd_say()
        self._set_state(SPEAKING)

    def pause(self) -> None:
        if not self.available or self._state != SPEAKING or not self.can_pause:
            return
        if self._qt is not None:
            self._qt.pause()  # the state follows what the engine reports
            return
        self._forget_messages()  # whatever the stopped sentences still report is stale
        assert self._client is not None
        self._client.cancel()
        self._set_state(PAUSED)

    def resume(self) -> None:
        if not self.available or self._state != PAUSED:
            return
        if self._qt is not None:
            self._qt.resume()
            return
        if self._messages and self._client is not None:
            self._forget_messages()
            self._client.cancel()  # it was paused from outside: drop it, read again from the sentence
        self._speechd_say()
        self._set_state(SPEAKING)

    def stop(self) -> None:
        """Stop at once (page changed, session reset, or the Stop button)."""
        if not self.available or self._state == IDLE:
            return
        if self._qt is not None:
            self._qt.stop()
        else:
            self._forget_messages()
            assert self._client is not None
            self._client.cancel()
        self._set_state(IDLE)

    def close(self) -> None:
        """Let go of the engine (the window is closing)."""
        self.stop()
        if self._client is not None:
            self._client.close()
            self._client = None
        self.available = False

    def voice_for(self, language: str) -> Voice | None:
        """The speech-dispatcher voice used for ``language`` (chosen once, then logged)."""
        voice = choose_voice(self._voices, language, self.voices_wanted.get(language, ""))
        described = f"{voice.name} ({voice.language})" if voice else "the engine's default"
        if self.voices_used.get(language) != described:
            self.voices_used[language] = described
            wanted = self.voices_wanted.get(language)
            found = voice is not None and wanted is not None and wanted.lower() in (voice.name.lower(),
                                                                                  voice.language.lower())
            if wanted and not found:
                log.warning("read-aloud: the voice '%s' set for %s is not installed; using %s",
                            wanted, language, described)
            else:
                log.info("read-aloud voice for %s: %s", language, described)
        return voice

    def _set_state(self, state: ReadingState) -> None:
        if state != self._state:
            self._state = state
            self.state_changed.emit(state)

    # -- speech-dispatcher ----------------------------------------------------------------
    def _start_speechd(self) -> None:
        # The client's threads emit through a relay of their own, never through this object:
        # this object may be deleted (its window closed) while a thread is about to emit, and
        # a signal emitted on a deleted QObject crashes the process. The relay has no parent,
        # so it lives as long as the client's threads hold it; when this object goes, its
        # connections to the relay go with it and the client is told to stop.
        relay = _EngineRelay()
        relay.happened.connect(self._on_speechd_event)
        relay.ready.connect(self._on_speechd_ready)
        relay.failed.connect(self._on_speechd_failed)
        client = SpeechdClient(lambda event: relay.happened.emit(event),  # the lambdas hold the relay
                               lambda voices: relay.ready.emit(voices),
                               lambda reason: relay.failed.emit(reason))
        self.destroyed.connect(lambda *_: client.close())
        self._client = client
        client.start()

    def _forget_messages(self) -> None:
        self._token += 1
        self._messages = {}

    def _speechd_say(self) -> None:
        """Send the sentences from :attr:`_position` on, one message each."""
        assert self._client is not None
        self._forget_messages()
        voice = self.voice_for(self._language)
        self._client.speak(self._token, self._parts, self._position,
                           voice.language if voice else self._language, voice.name if voice else "")

    @Slot(object)
    def _on_speechd_ready(self, voices: list[Voice]) -> None:
        self._voices = voices
        self.starting = False
        self.available = True
        log.info("read-aloud uses speech-dispatcher at %s (%d voices)",
                 self._client.address if self._client else "?", len(voices))
        self.state_changed.emit(self._state)

    @Slot(str)
    def _on_speechd_failed(self, reason: str) -> None:
        self.starting = False
        self.available = False
        self.reason = f"{reason}; read-aloud is hidden"
        log.warning("read-aloud: %s", self.reason)
        self._client = None
        self._state = IDLE
        self.state_changed.emit(IDLE)

    @Slot(object)
    def _on_speechd_event(self, event: Event) -> None:
        if event.kind == "failed":
            closed = "closed" in event.mark
            if event.token in (0, self._token) or closed:
                log.warning("read-aloud stopped: %s", event.mark)
                self._messages = {}
                self._set_state(IDLE)
            if closed and self._client is not None:
                self._client = None  # the daemon went away: connect again, in the background
                self.available = False
                self.starting = True
                self.state_changed.emit(IDLE)
                self._start_speechd()
            return
        if event.kind == "queued":
            if event.token == self._token:
                self._messages[event.message] = event.part
            return
        part = self._messages.get(event.message)
        if part is None or self._state == IDLE:
            return  # about a sentence already stopped
        if event.kind == "paused":  # paused from outside (another program's PAUSE ALL)
            self._set_state(PAUSED)
        elif event.kind == "resumed":
            self._set_state(SPEAKING)
        elif event.kind == "begin":
            self._position = part
        elif event.kind == "end" and part == len(self._parts) - 1 and self._state == SPEAKING:
            self._messages = {}
            self._position = 0
            self._set_state(IDLE)  # read to the end
        elif event.kind == "cancelled" and self._state == SPEAKING:
            self._messages = {}  # cancelled by something other than us (we forget ours first)
            self._position = 0
            self._set_state(IDLE)

    # -- QtTextToSpeech -------------------------------------------------------------------
    @Slot(bool)
    def _on_qt_ready(self, can_pause: bool) -> None:
        self.starting = False
        self.available = True
        self.can_pause = can_pause
        self.state_changed.emit(self._state)

    @Slot(str)
    def _on_qt_failed(self, reason: str) -> None:
        self.starting = False
        self.reason = reason
        log.warning("%s; read-aloud is hidden", reason)
