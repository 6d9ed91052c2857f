"""Read aloud through QtTextToSpeech: the engine for Windows (and ``mock`` in tests).

Used by :class:`kiosk.ui.speech.ReadAloud` for every engine but speech-dispatcher. The
engine is made just after the page shows (Qt's engines load on the UI thread); "Pause" is
offered only when the engine says it can pause and resume; the state reported is the one
the engine reports.
"""

from __future__ import annotations

import logging
from collections.abc import MutableMapping
from typing import Any

from PySide6.QtCore import QLocale, QObject, QTimer, Signal, Slot

log = logging.getLogger(__name__)


class QtSpeech(QObject):
    """Signals:
        ready(bool): the engine works; True when it can pause and carry on.
        failed(str): why there is no engine (read-aloud is then hidden).
        state_changed(str): ``idle``, ``speaking`` or ``paused``, as the engine reports it.
    """

    ready = Signal(bool)
    failed = Signal(str)
    state_changed = Signal(str)

    def __init__(self, engine: str, voices_wanted: dict[str, str], voices_used: MutableMapping[str, str],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine = engine
        self._wanted = voices_wanted
        self._used = voices_used
        self._speech: Any = None
        self._states: Any = None
        QTimer.singleShot(0, self._start)

    @Slot()
    def _start(self) -> None:
        engine = self._engine
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech
        except ImportError as error:
            self.failed.emit(f"the Qt speech module cannot load ({error})")
            return
        engines = QTextToSpeech.availableEngines()
        if engine and engine not in engines:
            found = ", ".join(engines) or "none"
            self.failed.emit(f"speech engine '{engine}' is not installed (found: {found})")
            return
        if not engines:
            self.failed.emit("no speech engine is installed")
            return
        speech = QTextToSpeech(engine, self) if engine else QTextToSpeech(self)
        if speech.state() == QTextToSpeech.State.Error:
            self.failed.emit(f"the speech engine '{speech.engine()}' reported an error: "
                             f"{speech.errorString()}")
            return
        self._speech, self._states = speech, QTextToSpeech.State
        capabilities = getattr(speech, "engineCapabilities", None)
        can_pause = capabilities is None or bool(capabilities() & QTextToSpeech.Capability.PauseResume)
        speech.stateChanged.connect(self._on_state)
        log.info("read-aloud uses the speech engine '%s'%s", speech.engine(),
                 "" if can_pause else " (it cannot pause: only Stop is offered)")
        self.ready.emit(can_pause)

    def speak(self, text: str, language: str) -> None:
        """Say ``text`` with the voice for ``language``: the one the settings name, else the
        first by locale and name (the same on every run)."""
        speech = self._speech
        wanted = self._wanted.get(language, "").lower()
        code = QLocale(language).language()
        voices = sorted((v for v in speech.availableVoices() if v.locale().language() == code),
                        key=lambda v: (v.locale().name(), v.name()))
        if not voices:
            locales = sorted((loc for loc in speech.availableLocales() if loc.language() == code),
                             key=lambda loc: loc.name())
            if locales:
                speech.setLocale(locales[0])
                voices = sorted(speech.availableVoices(), key=lambda v: (v.locale().name(), v.name()))
        named = [v for v in voices if wanted and wanted in (v.name().lower(), v.locale().bcp47Name().lower())]
        chosen = (named or voices or [None])[0]
        if chosen is not None:
            speech.setVoice(chosen)
            described = f"{chosen.name()} ({chosen.locale().bcp47Name()})"
            if self._used.get(language) != described:
                self._used[language] = described
                log.info("read-aloud voice for %s: %s", language, described)
        speech.say(text)
        self.state_changed.emit("speaking")

    def pause(self) -> None:
        self._speech.pause()  # the state follows what the engine reports

    def resume(self) -> None:
        self._speech.resume()

    def stop(self) -> None:
        self._speech.stop()

    @Slot(object)
    def _on_state(self, state: object) -> None:
        states = self._states
        if state == states.Paused:
            self.state_changed.emit("paused")
        elif state == states.Speaking:
            self.state_changed.emit("speaking")
        elif state in (states.Ready, states.Error):
            self.state_changed.emit("idle")
