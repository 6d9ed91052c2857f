"""Where the program looks for things, run from source and frozen by PyInstaller.

Frozen is simulated as PyInstaller does it: ``sys.frozen`` is set, ``sys._MEIPASS`` is
the bundle's ``_internal`` folder (assets and the bundled content), and
``sys.executable`` is the program in the folder IT copied to the kiosk.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

from kiosk import cli, paths
from kiosk.config import Config

ROOT = Path(__file__).resolve().parent.parent


def freeze(monkeypatch: pytest.MonkeyPatch, program_dir: Path, bundle: Path) -> Path:
    """Pretend to run as ``program_dir/crps-kiosk`` with its bundle in ``bundle``."""
    program_dir.mkdir(parents=True, exist_ok=True)
    executable = program_dir / "crps-kiosk"
    executable.write_bytes(b"")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    monkeypatch.setattr(sys, "executable", str(executable))
    return executable


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    """A minimal ``_internal`` folder: bundled content and assets, as the build lays them out."""
    internal = tmp_path / "kiosk" / "_internal"
    (internal / "content" / "en").mkdir(parents=True)
    (internal / "assets" / "icons").mkdir(parents=True)
    return internal


def test_from_source_everything_is_in_the_project_folder() -> None:
    assert not paths.is_frozen()
    assert paths.resource_root() == ROOT
    assert paths.program_dir() == ROOT
    assert paths.bundled_content_dir() == ROOT / "content"
    assert paths.default_content_dir() == ROOT / "content"
    assert paths.default_config_file() == ROOT / "kiosk.toml"
    assert paths.icons_dir() == ROOT / "assets" / "icons"
    assert paths.command_name() == "python -m kiosk"


def test_frozen_reads_assets_and_bundled_content_from_the_bundle(
        monkeypatch: pytest.MonkeyPatch, bundle: Path) -> None:
    freeze(monkeypatch, bundle.parent, bundle)
    assert paths.is_frozen()
    assert paths.resource_root() == bundle
    assert paths.assets_dir() == bundle / "assets"
    assert paths.icons_dir() == bundle / "assets" / "icons"
    assert paths.bundled_content_dir() == bundle / "content"


def test_frozen_config_and_content_are_looked_for_next_to_the_executable(
        monkeypatch: pytest.MonkeyPatch, bundle: Path) -> None:
    freeze(monkeypatch, bundle.parent, bundle)
    program = bundle.parent
    assert paths.program_dir() == program
    assert paths.default_config_file() == program / "kiosk.toml"
    assert paths.command_name() == "crps-kiosk"
    # No content folder beside the program: the bundled copy.
    assert paths.default_content_dir() == bundle / "content"
    # A file that happens to be called "content" is not a content folder.
    (program / "content").write_text("not a folder", encoding="utf-8")
    assert paths.default_content_dir() == bundle / "content"
    (program / "content").unlink()
    (program / "content").mkdir()
    assert paths.default_content_dir() == program / "content"


def test_frozen_program_dir_follows_a_symlink_to_the_real_folder(
        monkeypatch: pytest.MonkeyPatch, bundle: Path, tmp_path: Path) -> None:
    executable = freeze(monkeypatch, bundle.parent, bundle)
    link = tmp_path / "bin" / "crps-kiosk"
    link.parent.mkdir()
    link.symlink_to(executable)
    monkeypatch.setattr(sys, "executable", str(link))
    assert paths.program_dir() == bundle.parent.resolve()


def test_frozen_by_something_other_than_pyinstaller_counts_as_source(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    assert not paths.is_frozen()
    assert paths.resource_root() == ROOT


def test_frozen_program_shows_a_content_folder_put_next_to_it(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from kiosk.app import startup_content

    program = tmp_path / "kiosk"
    shutil.copytree(ROOT / "content", program / "content")
    page = sorted((program / "content" / "en").glob("01-*.md"))[0]
    text = page.read_text(encoding="utf-8")
    page.write_text(re.sub(r"(?m)^title: .*$", "title: Only on this kiosk", text, count=1), encoding="utf-8")
    freeze(monkeypatch, program, bundle=ROOT)

    loaded = startup_content(Config())

    assert loaded.folder == program / "content"
    assert not loaded.status.fell_back
    titles = [section.title for section in loaded.bundle.languages["en"].sections]
    assert "Only on this kiosk" in titles


def test_frozen_program_falls_back_to_the_bundle_when_the_folder_next_to_it_is_broken(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from kiosk.app import startup_content

    program = tmp_path / "kiosk"
    (program / "content" / "en").mkdir(parents=True)
    (program / "content" / "en" / "01-broken.md").write_text("---\ntitle: [oops\n---\nWords\n",
                                                             encoding="utf-8")
    freeze(monkeypatch, program, bundle=ROOT)

    loaded = startup_content(Config())

    assert loaded.folder == program / "content"
    assert loaded.status.fell_back
    assert any(p.file.endswith("01-broken.md") and p.line == 2 for p in loaded.status.problems)
    assert loaded.bundle.root == ROOT / "content"


def test_frozen_program_reads_kiosk_toml_next_to_it(
        monkeypatch: pytest.MonkeyPatch, bundle: Path, capsys: pytest.CaptureFixture[str]) -> None:
    freeze(monkeypatch, bundle.parent, bundle)
    config = bundle.parent / "kiosk.toml"
    config.write_text("idle_seconds = 'soon'\n", encoding="utf-8")

    assert cli.main(["--smoke-test"]) == 2

    error = capsys.readouterr().err.strip()
    assert error.count("\n") == 0
    assert str(config) in error and "'idle_seconds'" in error
