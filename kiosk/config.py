"""Settings: declared once (the fields of :class:`Config`), read from ``kiosk.toml`` with :mod:`tomllib`.

Every setting has a type, a default, bounds or choices where they make sense, and a
one-line description. An unknown key or a bad value is a :class:`ConfigError` whose
message is one line naming the file and the key and saying what is allowed.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.content.files import FileRefused, read_regular


class ConfigError(ValueError):
    """A config file that cannot be used; the message is one line for IT."""


# A language is named like its folder in the content folder: 'en', 'es', 'pt-br'.
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})?$")
MAX_CONFIG_BYTES = 256_000
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class Setting:
    """One line of ``kiosk.toml``: its key, kind and default as written in the file."""

    key: str
    kind: type
    default: Any
    description: str
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[str, ...] = ()


CORNERS = ("top-left", "top-right", "bottom-left", "bottom-right")


def _setting(default: Any, description: str, minimum: int | None = None, maximum: int | None = None,
             choices: tuple[str, ...] = (), *, folder: bool = False, secret: bool = False) -> Any:
    """A :class:`Config` field declared as a setting. ``default`` is as written in the file;
    a ``folder`` setting is a :class:`Path` in the config (``""`` in the file = ``None``)."""
    schema = {"default": default, "description": description, "minimum": minimum, "maximum": maximum,
              "choices": choices}
    if folder:
        return field(default=None, metadata=schema)
    if isinstance(default, list):
        return field(default_factory=lambda: list(default), metadata=schema)
    return field(default=default, repr=not secret, metadata=schema)


@dataclass
class Config:
    """The kiosk's settings, each declared once here with its default, bounds and
    description (:data:`SETTINGS` is read from these fields). Build one in code (tests)
    or with :func:`load_config`."""

    content_dir: Path | None = _setting(
        "", "Content folder to show (relative to this file, or absolute); empty = a 'content' folder next "
        "to the program, else the bundled content.", folder=True)
    language: str = _setting("en", "Language each new visitor sees first (a language folder name).")
    languages: list[str] = _setting([], "Languages offered to visitors, in this order; empty = every "
                                    "language in the content folder.")
    fullscreen: bool = _setting(True, "Full screen, frameless and locked; false = an ordinary window.")
    screen: str = _setting("", "Screen to fill on a PC with more than one: its name (such as 'HDMI-1') or "
                           "its number (0 = the first); empty = the primary screen.")
    idle_seconds: int = _setting(90, "Seconds without a touch before 'Still there?' appears.", 15, 3600)
    warning_seconds: int = _setting(20, "Seconds the 'Still there?' countdown gives before the kiosk "
                                    "starts over for the next visitor.", 20, 300)
    content_poll_seconds: int = _setting(10, "Also look for changed content files this often, for folders "
                                         "on a network share that change notifications miss; 0 = never.",
                                         0, 3600)
    reduce_motion: bool = _setting(False, "Start every visit with animations turned off.")
    speech_engine: str = _setting("", "Speech engine for 'Read aloud': empty = the system's own "
                                  "(speech-dispatcher on Linux, built in on Windows), 'none' = no "
                                  "read-aloud, or an engine name ('speechd' = speech-dispatcher).")
    voices: list[str] = _setting([], "Voice for 'Read aloud' per language, as \"language=voice\" with a "
                                 "voice's name or tag, like [\"es=es-419\", \"en=English (Great Britain)\"]; "
                                 "empty = a fixed choice per language (the log names it).")
    printer: str = _setting("", "Printer for the question list: empty = no Print button, 'default' = the "
                            "system's default printer, or a printer's name.")
    staff_pin_hash: str = _setting("", "The staff PIN as a salted scrypt hash: set it with "
                                   "'python -m kiosk set-pin'; empty = staff mode is off.", secret=True)
    staff_corner: str = _setting("top-left", "Corner that staff press and hold to open the PIN keypad.",
                                 choices=CORNERS)
    staff_hold_seconds: int = _setting(3, "How long staff hold the corner.", 2, 10)
    pin_tries: int = _setting(5, "Wrong PINs allowed before the keypad locks.", 1, 20)
    pin_lockout_minutes: int = _setting(5, "Minutes the keypad stays locked after too many wrong PINs.",
                                        1, 1440)
    log_dir: Path | None = _setting(
        "", "Folder for the log files; empty = the user's local state folder (Linux "
        "~/.local/state/crps-kiosk, Windows %LOCALAPPDATA%\\crps-kiosk\\logs).", folder=True)
    log_max_kb: int = _setting(1024, "Size of one log file before it rolls over, in KB.", 16, 102400)
    log_backups: int = _setting(5, "How many old log files to keep.", 1, 50)
    metrics_dir: Path | None = _setting(
        "", "Folder for a Prometheus metrics file (crps_kiosk.prom, for node_exporter's textfile "
        "collector), written every minute; empty = none.", folder=True)
    source: Path | None = field(default=None, compare=False)

    def describe(self) -> str:
        """The settings in use, for the log (never the PIN hash)."""
        shown = {s.key: getattr(self, s.key) for s in SETTINGS if s.key != "staff_pin_hash"}
        shown["staff_pin"] = "set" if self.staff_pin_hash else "not set"
        return ", ".join(f"{key}={value}" for key, value in shown.items())


SETTINGS: tuple[Setting, ...] = tuple(
    Setting(f.name, type(f.metadata["default"]), f.metadata["default"], f.metadata["description"],
            f.metadata["minimum"], f.metadata["maximum"], f.metadata["choices"])
    for f in dataclasses.fields(Config) if "description" in f.metadata)
"""Every setting of ``kiosk.toml``, in the order of :class:`Config`'s fields."""
_BY_KEY = {setting.key: setting for setting in SETTINGS}
FOLDER_KEYS = tuple(f.name for f in dataclasses.fields(Config)
                    if "description" in f.metadata and f.default is None)


def _kind_name(kind: type) -> str:
    return {str: "text in quotes", bool: "true or false", int: "a whole number",
            list: "a list of texts in quotes, like [\"en\", \"es\"]"}.get(kind, kind.__name__)


def _check_texts(file: str, setting: Setting, value: Any) -> None:
    """Text values hold no control characters (a NUL cannot be a path or a name), and
    languages are language codes."""
    texts = value if setting.kind is list else [value] if setting.kind is str else []
    for text in texts:
        if _CONTROL.search(text):
            raise ConfigError(f"{file}: '{setting.key}' holds a control character (such as \\u0000); "
                              "write it again as ordinary text")
        if setting.key in ("language", "languages") and not LANGUAGE_CODE.match(text):
            raise ConfigError(f"{file}: '{setting.key}': {_shown(text)} is not a language code; a "
                              "language is named like its folder in the content folder, such as "
                              "\"en\" or \"es\"")


def _check_value(file: str, setting: Setting, value: Any) -> Any:
    kind = setting.kind
    type_ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
    if kind is list and type_ok:
        type_ok = all(isinstance(item, str) for item in value)
    if not type_ok:
        raise ConfigError(f"{file}: '{setting.key}' must be {_kind_name(kind)}, not {_shown(value)} "
                          f"({setting.description})")
    _check_texts(file, setting, value)
    if setting.minimum is not None and value < setting.minimum:
        raise ConfigError(f"{file}: '{setting.key}' must be at least {setting.minimum}, not {value!r}")
    if setting.maximum is not None and value > setting.maximum:
        raise ConfigError(f"{file}: '{setting.key}' must be at most {setting.maximum}, not {value!r}")
    if setting.key == "voices":
        for item in value:
            language, _, voice = item.partition("=")
            if not language.strip() or not voice.strip():
                raise ConfigError(f"{file}: 'voices' entries are \"language=voice\", like \"es=es-419\", "
                                  f"not {item!r}")
    if setting.choices and value not in setting.choices:
        allowed = ", ".join(setting.choices)
        raise ConfigError(f"{file}: '{setting.key}' must be one of {allowed}, not {value!r}")
    return value


def voice_choices(config: Config) -> dict[str, str]:
    """The ``voices`` setting as language -> voice (a name or tag)."""
    pairs = (item.partition("=") for item in config.voices)
    return {language.strip(): voice.strip() for language, _, voice in pairs}


def load_config(path: Path | None) -> Config:
    """Read ``path`` (``None`` or a missing file gives all defaults)."""
    config = Config()
    try:
        if path is None or not os.path.lexists(path):
            return config
    except (OSError, ValueError):
        raise ConfigError(f"{path!r}: not a file name the kiosk can use") from None
    name = str(path)
    try:
        # utf-8-sig: Notepad may start the file with a byte-order mark.
        data = tomllib.loads(read_regular(path, MAX_CONFIG_BYTES).decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ConfigError(f"{name}: the file is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{name}: not valid TOML: {error}") from None
    except RecursionError:
        raise ConfigError(f"{name}: not valid TOML: brackets are nested far too deep") from None
    except FileRefused as error:
        raise ConfigError(f"{name}: cannot be read: {error}") from None
    values: dict[str, Any] = {}
    for key, value in data.items():
        setting = _BY_KEY.get(key)
        if setting is None:
            known = ", ".join(sorted(_BY_KEY))
            raise ConfigError(f"{name}: unknown setting '{key}' (known settings: {known})")
        values[key] = _check_value(name, setting, value)
    for key in FOLDER_KEYS:
        if key in values:
            text = values.pop(key)
            try:
                values[key] = (path.parent / text).resolve() if text else None
            except (OSError, ValueError, RuntimeError) as error:
                raise ConfigError(f"{name}: '{key}' is not a folder path the kiosk can use "
                                  f"({error})") from None
    return dataclasses.replace(config, source=path, **values)


def check_languages(config: Config, available: list[str]) -> None:
    """Raise :class:`ConfigError` when ``language`` or ``languages`` names a language that the
    content on screen does not have (``available``, in the content folder's order)."""
    where = str(config.source) if config.source else "settings"
    allowed = ", ".join(available) or "none"
    for key, codes in (("language", [config.language]), ("languages", config.languages)):
        unknown = [code for code in codes if code not in available]
        if unknown:
            raise ConfigError(f"{where}: '{key}' names {', '.join(map(repr, unknown))}, which the content "
                              f"folder does not have (it has: {allowed})")


def languages_wrong(config: Config, bundle: Any) -> bool:
    """True (said in one line) when the settings name a language the content does not have."""
    try:
        check_languages(config, list(bundle.languages))
    except ConfigError as error:
        print(f"config error: {error}", file=sys.stderr)
        return True
    return False


def _shown(value: Any) -> str:
    """A value as IT wrote it, cut short: an error message stays one line."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def defaults_toml() -> str:
    """A commented ``kiosk.toml`` listing every setting with its default."""
    lines = ["# kiosk.toml: settings of the CRPS care kiosk. Every line is optional;",
             "# a missing setting keeps its default. Remove the '#' to change one.", ""]
    for setting in SETTINGS:
        lines.append(f"# {setting.description}")
        if setting.minimum is not None:
            lines.append(f"# Allowed: {setting.minimum} to {setting.maximum}.")
        if setting.choices:
            lines.append(f"# Allowed: {', '.join(setting.choices)}.")
        lines.append(f"# {setting.key} = {_toml_value(setting.default)}")
        lines.append("")
    return "\n".join(lines)


def write_setting(path: Path, key: str, value: str) -> None:
    """Set one text setting in the file at ``path``, keeping every other line as it is."""
    if key not in _BY_KEY:
        raise ConfigError(f"{path}: unknown setting '{key}'")
    new_line = f"{key} = {_toml_value(value)}"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    for index, line in enumerate(lines):
        if line.split("=", 1)[0].strip() == key:
            lines[index] = new_line
            break
    else:
        lines.append(new_line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
