"""Settings: one declared schema, read from ``kiosk.toml`` with :mod:`tomllib`.

Every setting has a type, a default, bounds or choices where they make sense, and a
one-line description. An unknown key or a bad value is a :class:`ConfigError` whose
message is one line naming the file and the key and saying what is allowed.
"""

from __future__ import annotations

import dataclasses
import json
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
    choices: tuple[str, ...] = ()


CORNERS = ("top-left", "top-right", "bottom-left", "bottom-right")

SETTINGS: tuple[Setting, ...] = (
    Setting("content_dir", str, "", "Content folder to show (relative to this file, or absolute); "
            "empty = a 'content' folder next to the program, else the bundled content."),
    Setting("language", str, "en", "Language each new visitor sees first (a language folder name)."),
    Setting("languages", list, [], "Languages offered to visitors, in this order; empty = every "
            "language in the content folder."),
    Setting("fullscreen", bool, True, "Full screen, frameless and locked; false = an ordinary window."),
    Setting("idle_seconds", int, 90, "Seconds without a touch before 'Still there?' appears.", 15, 3600),
    Setting("warning_seconds", int, 20, "Seconds the 'Still there?' countdown gives before the kiosk "
            "starts over for the next visitor.", 20, 300),
    Setting("content_poll_seconds", int, 10, "Also look for changed content files this often, for "
            "folders on a network share that change notifications miss; 0 = never.", 0, 3600),
    Setting("reduce_motion", bool, False, "Start every visit with animations turned off."),
    Setting("speech_engine", str, "", "Speech engine for 'Read aloud': empty = the system's own "
            "(speech-dispatcher on Linux, built in on Windows), 'none' = no read-aloud, or an engine "
            "name."),
    Setting("printer", str, "", "Printer for the question list: empty = no Print button, "
            "'default' = the system's default printer, or a printer's name."),
    Setting("staff_pin_hash", str, "", "The staff PIN as a salted scrypt hash: set it with "
            "'python -m kiosk set-pin'; empty = staff mode is off."),
    Setting("staff_corner", str, "top-left", "Corner that staff press and hold to open the PIN keypad.",
            choices=CORNERS),
    Setting("staff_hold_seconds", int, 3, "How long staff hold the corner.", 2, 10),
    Setting("pin_tries", int, 5, "Wrong PINs allowed before the keypad locks.", 1, 20),
    Setting("pin_lockout_minutes", int, 5, "Minutes the keypad stays locked after too many wrong PINs.",
            1, 1440),
    Setting("log_dir", str, "", "Folder for the log files; empty = the user's local state folder "
            "(Linux ~/.local/state/crps-kiosk, Windows %LOCALAPPDATA%\\crps-kiosk\\logs)."),
    Setting("log_max_kb", int, 1024, "Size of one log file before it rolls over, in KB.", 16, 102400),
    Setting("log_backups", int, 5, "How many old log files to keep.", 1, 50),
    Setting("review_months", int, 12, "Months after a page was last checked for the clinic before its "
            "review falls due ('kiosk check' warns after that).", 1, 60),
    Setting("require_approval", bool, False, "Show patients only pages (and checklists) approved with "
            "'kiosk approve' and unchanged since; the staff panel lists what is held back and why."),
    Setting("usage_counts", bool, True, "Keep anonymous daily counts (visits, page opens, 'helpful?' "
            "answers, questions shown, QR codes, prints, languages, text size, contrast, read-aloud) "
            "for 'kiosk report' and the staff panel; never a checklist tick or one visit's path."),
    Setting("state_dir", str, "", "Folder for the usage counts (usage.sqlite3); empty = the user's local "
            "state folder (Linux ~/.local/state/crps-kiosk, Windows %LOCALAPPDATA%\\crps-kiosk)."),
)
_BY_KEY = {setting.key: setting for setting in SETTINGS}


@dataclass
class Config:
    """The kiosk's settings. Build one in code (tests) or with :func:`load_config`."""

    content_dir: Path | None = None
    language: str = "en"
    languages: list[str] = field(default_factory=list)
    fullscreen: bool = True
    idle_seconds: int = 90
    warning_seconds: int = 20
    content_poll_seconds: int = 10
    reduce_motion: bool = False
    speech_engine: str = ""
    printer: str = ""
    staff_pin_hash: str = field(default="", repr=False)
    staff_corner: str = "top-left"
    staff_hold_seconds: int = 3
    pin_tries: int = 5
    pin_lockout_minutes: int = 5
    log_dir: Path | None = None
    log_max_kb: int = 1024
    log_backups: int = 5
    review_months: int = 12
    require_approval: bool = False
    usage_counts: bool = True
    state_dir: Path | None = None
    source: Path | None = field(default=None, compare=False)

    def describe(self) -> str:
        """The settings in use, for the log (never the PIN hash)."""
        shown = {s.key: getattr(self, s.key) for s in SETTINGS if s.key != "staff_pin_hash"}
        shown["staff_pin"] = "set" if self.staff_pin_hash else "not set"
        return ", ".join(f"{key}={value}" for key, value in shown.items())


def _kind_name(kind: type) -> str:
    return {str: "text in quotes", bool: "true or false", int: "a whole number",
            list: "a list of texts in quotes, like [\"en\", \"es\"]"}.get(kind, kind.__name__)


def _check_value(file: str, setting: Setting, value: Any) -> Any:
    kind = setting.kind
    type_ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
    if kind is list and type_ok:
        type_ok = all(isinstance(item, str) for item in value)
    if not type_ok:
        raise ConfigError(f"{file}: '{setting.key}' must be {_kind_name(kind)}, not {value!r} "
                          f"({setting.description})")
    if setting.minimum is not None and value < setting.minimum:
        raise ConfigError(f"{file}: '{setting.key}' must be at least {setting.minimum}, not {value!r}")
    if setting.maximum is not None and value > setting.maximum:
        raise ConfigError(f"{file}: '{setting.key}' must be at most {setting.maximum}, not {value!r}")
    if setting.choices and value not in setting.choices:
        allowed = ", ".join(setting.choices)
        raise ConfigError(f"{file}: '{setting.key}' must be one of {allowed}, not {value!r}")
    return value


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
    for key in ("content_dir", "log_dir", "state_dir"):
        if key in values:
            text = values.pop(key)
            values[key] = (path.parent / text).resolve() if text else None
    return dataclasses.replace(config, source=path, **values)


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
