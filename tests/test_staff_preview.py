"""Staff see their own folder: `preview`, `screenshots --content`, and a smoke test that
never passes the bundled content off as theirs."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from kiosk import paths
from kiosk.cli_args import full_parser
from kiosk.content.loader import load_content
from kiosk.content.preview import PROBLEM_MARK, preview_bundle

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """A one-language folder with two pages: one with a bad link, one that cannot be read."""
    root = tmp_path / "mine"
    (root / "en").mkdir(parents=True)
    bundled = paths.bundled_content_dir() / "en"
    for name in ("ui.yaml", "checklist.yaml", "01-what-is-crps.md", "02-signs-and-symptoms.md"):
        shutil.copy(bundled / name, root / "en" / name)
    page = root / "en" / "01-what-is-crps.md"
    page.write_text(page.read_text(encoding="utf-8").replace("title: What is CRPS?", "title: Our CRPS page")
                    + "\nSee [signs](signs-and-symtoms.md).\n", encoding="utf-8")
    broken = root / "en" / "02-signs-and-symptoms.md"
    broken.write_text(broken.read_text(encoding="utf-8").replace("title: Signs and symptoms",
                                                                 "title: Signs: what to look for"),
                      encoding="utf-8")
    return root


def test_options_work_before_and_after_the_command() -> None:
    parse = full_parser().parse_args
    assert parse(["screenshots", "out", "--content", "mine"]).content == Path("mine")
    assert parse(["--content", "mine", "screenshots", "out"]).content == Path("mine")
    assert parse(["check", "--config", "k.toml"]).config == Path("k.toml")
    after = parse(["preview", "mine", "--out", "pics", "--config", "k.toml"])
    assert (after.folder, after.out, after.config) == (Path("mine"), Path("pics"), Path("k.toml"))
    assert getattr(parse(["run", "--smoke-test"]), "smoke_test", False)


def test_the_preview_bundle_marks_broken_pages_and_keeps_the_folders_own_words(small: Path) -> None:
    bundle = load_content(small)
    assert not bundle.usable
    preview = preview_bundle(bundle)
    first, second = preview.languages["en"].sections
    assert first.title == PROBLEM_MARK + "Our CRPS page", "the folder's own words, marked"
    assert "signs-and-symtoms.md" in first.html and "Did you mean 02-signs-and-symptoms.md?" in first.html
    assert second.title == PROBLEM_MARK + "02-signs-and-symptoms.md"
    assert "this title has a colon" in second.html


def test_preview_of_a_broken_folder_says_so_first_and_draws_that_folder(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "pictures"
    result = subprocess.run([sys.executable, "-m", "kiosk", "preview", str(small), "--out", str(out)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"THIS FOLDER HAS 2 ERRORS: {small}"
    assert "Open these first: " in lines[-1] and "en-landscape-home.png" in lines[-1]
    names = {path.name for path in out.glob("*.png")}
    assert {"en-landscape-home.png", "en-landscape-home-scrolled.png", "en-portrait-01-what-is-crps.png",
            "en-landscape-02-signs-and-symptoms.png", "en-landscape-questions-all.png",
            "en-landscape-largest-text-home.png", "en-landscape-high-contrast-home.png"} <= names
    assert not any("03-causes" in name for name in names), "the bundled pages are never drawn instead"
    assert not any(name.startswith("es-") for name in names)
    image = QImage(str(out / "en-landscape-home.png"))
    assert (image.width(), image.height()) == (1920, 1080)


def test_smoke_test_on_a_folder_with_problems_says_on_its_first_line_it_drew_the_bundled_content(
        small: Path, tmp_path: Path) -> None:
    settings = tmp_path / "kiosk.toml"
    settings.write_text('speech_engine = "mock"\n', encoding="utf-8")  # never wait for a speech service
    result = subprocess.run([sys.executable, "-m", "kiosk", "--smoke-test", "--content", str(small),
                             "--config", str(settings)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"SMOKE TEST DREW THE BUNDLED CONTENT, NOT {small}: that folder has 2 errors")
