"""The one place that knows where things are: frozen (PyInstaller) or run from source.

It also guards every path that content names: content may only point at files inside
its own folder (no absolute paths, no ``..``, no symlinks that lead outside).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path, PurePosixPath

from kiosk import APP_NAME


class UnsafePath(ValueError):
    """A path named by content that points outside the folder it must stay in."""


def is_frozen() -> bool:
    """True when running from a PyInstaller bundle."""
    return bool(getattr(sys, "frozen", False)) and hasattr(sys, "_MEIPASS")


def resource_root() -> Path:
    """Folder that holds ``assets/`` and the bundled ``content/``."""
    if is_frozen():
        return Path(sys._MEIPASS)  # type: ignore[attr-defined]
    return Path(__file__).resolve().parent.parent


def program_dir() -> Path:
    """Folder of the executable (frozen) or the project root (source): where IT puts
    ``kiosk.toml`` and a ``content/`` folder next to the program."""
    if is_frozen():
        return Path(sys.executable).resolve().parent
    return resource_root()


def state_dir() -> Path:
    """The kiosk's own folder for what it keeps between runs (logs, the content cache):
    Linux ``$XDG_STATE_HOME/crps-kiosk`` (``~/.local/state/crps-kiosk``), Windows
    ``%LOCALAPPDATA%\\crps-kiosk``."""
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / APP_NAME
    return Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state") / APP_NAME


def content_cache_dir() -> Path:
    """Where the checked content is kept between runs (see kiosk/content/cache.py)."""
    return state_dir() / "cache"


def command_name() -> str:
    """How a person starts the program: the executable's name (frozen), else ``python -m kiosk``."""
    if is_frozen():
        return Path(sys.executable).name
    return "python -m kiosk"


def default_config_file() -> Path:
    """``kiosk.toml`` next to the executable (frozen) or in the project root (source)."""
    return program_dir() / "kiosk.toml"


def default_content_dir() -> Path:
    """The content to show when the config names none: a ``content/`` folder next to the
    executable when IT put one there, else the bundled copy. (From source the two are
    the same folder.)"""
    beside = program_dir() / "content"
    return beside if beside.is_dir() else bundled_content_dir()


def default_state_dir(app_name: str = "crps-kiosk") -> Path:
    """The user's local state folder for what the kiosk keeps between runs (the anonymous
    usage counts): Linux ``$XDG_STATE_HOME/crps-kiosk`` (``~/.local/state/crps-kiosk``),
    Windows ``%LOCALAPPDATA%\\crps-kiosk``."""
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / app_name
    return Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state") / app_name


def assets_dir() -> Path:
    return resource_root() / "assets"


def bundled_content_dir() -> Path:
    """The default content that ships with the program."""
    return resource_root() / "content"


def illustrations_dir() -> Path:
    return assets_dir() / "illustrations"


def icons_dir() -> Path:
    return assets_dir() / "icons"


def fonts_dir() -> Path:
    return assets_dir() / "fonts"


def style_dir() -> Path:
    return assets_dir() / "style"


def safe_join(base: Path, relative: str) -> Path:
    """Join a relative path named by content onto ``base``, refusing anything that
    could reach outside ``base``: absolute paths, drive letters, ``..`` parts, URL
    schemes, backslashes, and symlinks whose target lies outside.

    The returned path is resolved; it may not exist (the caller checks)."""
    text = relative.strip()
    if not text:
        raise UnsafePath("empty path")
    if "\\" in text or "\x00" in text:
        raise UnsafePath(f"'{relative}' uses characters a content path may not contain")
    if ":" in text:
        raise UnsafePath(f"'{relative}' is not a file in the content folder")
    pure = PurePosixPath(text)
    if pure.is_absolute() or any(part == ".." for part in pure.parts):
        raise UnsafePath(f"'{relative}' points outside the content folder")
    base_resolved = base.resolve()
    candidate = (base_resolved / pure).resolve()
    if not candidate.is_relative_to(base_resolved):
        raise UnsafePath(f"'{relative}' leads outside the content folder")
    return candidate
