"""The kiosk's log: a rotating file for IT, never anything a visitor tapped.

Logged: start-up and version, the settings in use (never the PIN hash), content loads
and problems, staff logins, resets, and unexpected errors with their tracebacks.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from kiosk import APP_NAME, DISPLAY_NAME, __version__, paths
from kiosk.config import Config

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
log = logging.getLogger("kiosk")


class RollingLog(logging.FileHandler):
    """A log file that rolls over before it grows past ``max_bytes``: ``crps-kiosk.log``
    becomes ``crps-kiosk.log.1``, ``.1`` becomes ``.2`` and so on, and the oldest beyond
    ``backups`` is deleted; the line that did not fit starts the new file. (What
    ``logging.handlers.RotatingFileHandler`` does; that module imports ``socket`` and
    ``pickle`` for its other handlers, ~5 ms of CPU at every start.)"""

    def __init__(self, path: Path, max_bytes: int, backups: int) -> None:
        super().__init__(path, mode="a", encoding="utf-8")
        self.max_bytes = max_bytes
        self.backups = backups

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self._full_with(record):
                self._roll_over()
        except Exception:  # noqa: BLE001 - as every logging handler: a log problem never stops the kiosk
            self.handleError(record)
            return
        super().emit(record)

    def _full_with(self, record: logging.LogRecord) -> bool:
        if self.stream is None:  # after a roll-over that could not open the new file
            self.stream = self._open()
        line = f"{self.format(record)}{self.terminator}"
        self.stream.seek(0, os.SEEK_END)
        return self.stream.tell() > 0 and self.stream.tell() + len(line.encode("utf-8")) > self.max_bytes

    def _roll_over(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None  # (opened again by the next line, should what follows fail)
        base = self.baseFilename
        for number in range(self.backups - 1, 0, -1):
            if os.path.exists(f"{base}.{number}"):
                os.replace(f"{base}.{number}", f"{base}.{number + 1}")
        if os.path.exists(base):
            os.replace(base, f"{base}.1")
        self.stream = self._open()


def default_log_dir() -> Path:
    """The user's local state folder for the kiosk's logs."""
    return paths.state_dir() / "logs" if sys.platform == "win32" else paths.state_dir()


def setup_logging(config: Config, to_file: bool = True) -> Path | None:
    """Log to stderr and (when ``to_file``) to a rotating file; returns the file's path.
    The first line written is the program's name and version."""
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    formatter = logging.Formatter(FORMAT)
    if not root.handlers:
        console = logging.StreamHandler()
        console.setFormatter(formatter)
        root.addHandler(console)
    path = None
    if to_file:
        folder = config.log_dir or default_log_dir()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{APP_NAME}.log"
            handler = RollingLog(path, config.log_max_kb * 1024, config.log_backups)
            handler.setFormatter(formatter)
            root.addHandler(handler)
        except OSError as error:
            log.error("cannot write the log in %s (%s); logging to the screen only", folder, error.strerror)
            path = None
    log.info("%s %s starting", DISPLAY_NAME, __version__)
    log.info("settings from %s: %s", config.source or "defaults", config.describe())
    return path


def install_excepthook(recover: Callable[[], None]) -> None:
    """Log any unexpected error with its traceback, then ``recover`` (go back home).
    A visitor never sees a traceback."""

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        log.error("unexpected error; going back to the home screen", exc_info=(kind, error, trace))
        try:
            recover()
        except Exception:  # noqa: BLE001 - recovery must never raise in the hook
            log.exception("could not go back to the home screen")

    sys.excepthook = hook
