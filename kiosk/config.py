"""Settings: one declared schema, read from ``kiosk.toml`` with :mod:`tomllib`.

Every setting has a type, a default, bounds where they make sense, and a one-line
description. An unknown key or a bad value is a :class:`ConfigError` whose message
names the file and the key and says what is allowed.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class ConfigError(ValueError):
    """A config file that cannot be used; the message is one line for IT."""


@dataclass(frozen=True)
class Setting:
    key: str
    kind: type
    default: Any
    description: str
    minimum: int | None = None
    maximum: int | None = None


SETTINGS: tuple[Setting, ...] = (
    Setting("content_dir", str, "", "Content folder to show; empty = the bundled default content."),
    Setting("language", str, "en", "Language shown to each new visitor (a folder name in the content)."),
    Setting("fullscreen", bool, True, "Full screen and frameless; false = an ordinary window."),
    Setting("printer", str, "", "Printer for the question list: empty = no Print button, "
            "'default' = the system's default printer, or a printer's name."),
)
_BY_KEY = {setting.key: setting for setting in SETTINGS}


@dataclass
class Config:
    """The kiosk's settings. Build one in code (tests) or with :func:`load_config`."""

    content_dir: Path | None = None
    language: str = "en"
    fullscreen: bool = True
    printer: str = ""
    source: Path | None = field(default=None, compare=False)


def _check_value(file: str, setting: Setting, value: Any) -> Any:
    kind = setting.kind
    type_ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
    if not type_ok:
        raise ConfigError(
            f"{file}: '{setting.key}' must be {_kind_name(kind)}, not {value!r} ({setting.description})"
        )
    if setting.minimum is not None and value < setting.minimum:
        raise ConfigError(f"{file}: '{setting.key}' must be at least {setting.minimum}, not {value!r}")
    if setting.maximum is not None and value > setting.maximum:
        raise ConfigError(f"{file}: '{setting.key}' must be at most {setting.maximum}, not {value!r}")
    return value


def _kind_name(kind: type) -> str:
    return {str: "text in quotes", bool: "true or false", int: "a whole number"}.get(kind, kind.__name__)


def load_config(path: Path | None) -> Config:
    """Read ``path`` (``None`` or a missing file gives all defaults)."""
    config = Config()
    if path is None or not path.exists():
        return config
    name = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{name}: the file is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{name}: not valid TOML: {error}") from None
    except OSError as error:
        raise ConfigError(f"{name}: cannot be read: {error.strerror}") from None
    values: dict[str, Any] = {}
    for key, value in data.items():
        setting = _BY_KEY.get(key)
        if setting is None:
            known = ", ".join(sorted(_BY_KEY))
            raise ConfigError(f"{name}: unknown setting '{key}' (known settings: {known})")
        values[key] = _check_value(name, setting, value)
    if "content_dir" in values:
        text = values.pop("content_dir")
        values["content_dir"] = (path.parent / text).resolve() if text else None
    return dataclasses.replace(config, source=path, **values)
