"""Config, session and paths: pure Python, tested with no QApplication."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import paths
from kiosk.config import SETTINGS, Config, ConfigError, load_config
from kiosk.session import Session

ROOT = Path(__file__).resolve().parent.parent


def test_the_pure_modules_never_import_qt() -> None:
    code = ("import sys, kiosk.content.loader, kiosk.content.render, kiosk.session, kiosk.config, kiosk.paths\n"
            "from pathlib import Path\n"
            "kiosk.content.loader.load_content(Path('content'))\n"
            "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt was imported'\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_a_missing_config_file_means_all_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path / "kiosk.toml")
    assert config == Config()
    for setting in SETTINGS:
        value = getattr(config, setting.key)
        if setting.key in ("content_dir", "log_dir", "metrics_dir"):
            assert value is None and setting.default == ""
        else:
            assert value == setting.default, setting.key


def test_settings_are_read_and_content_dir_is_relative_to_the_file(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text('content_dir = "shared/content"\nlanguage = "es"\nfullscreen = false\n', encoding="utf-8")
    config = load_config(path)
    assert config.content_dir == (tmp_path / "shared" / "content").resolve()
    assert (config.language, config.fullscreen) == ("es", False)


@pytest.mark.parametrize(("text", "expected"), [
    ('langauge = "en"\n', "unknown setting 'langauge'"),
    ('fullscreen = "yes"\n', "'fullscreen' must be true or false"),
    ("language = 3\n", "'language' must be text in quotes"),
    ("language = \n", "not valid TOML"),
])
def test_a_bad_config_is_one_clear_line_naming_file_and_key(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert expected in message and str(path) in message
    assert "\n" not in message


def test_a_session_reset_forgets_the_visitor() -> None:
    session = Session(default_language="en")
    session.language = "es"
    session.open_page("what-is-crps")
    assert session.page == "what-is-crps"
    session.reset()
    assert (session.language, session.screen, session.page) == ("en", "home", None)


@pytest.mark.parametrize("bad", ["../secret.svg", "/etc/passwd", "a/../../b.svg", "C:\\x.svg", "http://x/y.svg",
                                 "file:///etc/passwd", "a\\b.svg", ""])
def test_content_paths_cannot_leave_their_folder(tmp_path: Path, bad: str) -> None:
    with pytest.raises(paths.UnsafePath):
        paths.safe_join(tmp_path, bad)


def test_a_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "inside").mkdir()
    (tmp_path / "secret.svg").write_text("<svg/>", encoding="utf-8")
    (tmp_path / "inside" / "link.svg").symlink_to(tmp_path / "secret.svg")
    with pytest.raises(paths.UnsafePath):
        paths.safe_join(tmp_path / "inside", "link.svg")
    assert paths.safe_join(tmp_path, "inside/link.svg").name == "secret.svg"


def test_source_checkout_paths() -> None:
    assert not paths.is_frozen()
    assert paths.resource_root() == ROOT
    assert (paths.assets_dir() / "style" / "kiosk.qss").is_file()
