"""The kiosk's log: a rotating file for IT, never anything a visitor tapped.

Logged: start-up and version, the settings in use (never the PIN hash), content loads
and problems, staff logins, resets, and unexpected errors with their tracebacks.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from kiosk import APP_NAME, DISPLAY_NAME, __version__, paths
from kiosk.config import Config

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
log = logging.getLogger("kiosk")


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
            handler = RotatingFileHandler(path, maxBytes=config.log_max_kb * 1024,
                                          backupCount=config.log_backups, encoding="utf-8")
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
