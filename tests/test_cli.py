"""The command line as IT and developers use it (run in a separate process)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def kiosk(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("KIOSK_CONFIG", None)
    return subprocess.run([sys.executable, "-m", "kiosk", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=180)


def bundled():  # type: ignore[no-untyped-def]
    from kiosk.content.loader import load_content

    return load_content(ROOT / "content")


def test_smoke_test_renders_every_screen_and_exits_0() -> None:
    result = kiosk("--smoke-test")
    assert result.returncode == 0, result.stderr
    bundle = bundled()
    pages = sum(len(language.sections) for language in bundle.languages.values())
    match = re.search(r"smoke test ok: (\d+) languages, (\d+) pages, (\d+) screens rendered, "
                      r"(\d+) content problems", result.stdout)
    assert match, result.stdout
    assert (int(match[1]), int(match[2]), int(match[4])) == (len(bundle.languages), pages, 0)
    per_orientation = pages + 3 * len(bundle.languages)  # every page, home, checklist, questions
    assert int(match[3]) >= 2 * per_orientation
    assert "Traceback" not in result.stderr


def test_smoke_test_with_broken_content_falls_back_and_still_exits_0(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "01-broken.md").write_text("---\ntitle: [oops\n---\nWords\n", encoding="utf-8")
    result = kiosk("--smoke-test", "--content", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"SMOKE TEST DREW THE BUNDLED CONTENT, NOT {tmp_path}: that folder has 3 errors")
    assert "en/01-broken.md:2" in result.stderr


def test_a_broken_config_exits_2_with_one_line(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    for text, words in (("idle_secs = 90\n", "unknown setting 'idle_secs'"),
                        ("idle_seconds = 'soon'\n", "'idle_seconds' must be a whole number"),
                        ("idle_seconds = 5\n", "'idle_seconds' must be at least 15")):
        config.write_text(text, encoding="utf-8")
        result = kiosk("--config", str(config), "--smoke-test")
        assert result.returncode == 2
        assert result.stderr.strip().count("\n") == 0, result.stderr
        assert words in result.stderr and str(config) in result.stderr


def test_version() -> None:
    from kiosk import __version__

    result = kiosk("--version")
    assert result.returncode == 0 and __version__ in result.stdout


def test_screenshots_writes_every_screen_in_both_orientations(tmp_path: Path) -> None:
    result = kiosk("screenshots", str(tmp_path))
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in tmp_path.glob("*.png"))
    for code, language in bundled().languages.items():
        for orientation in ("landscape", "portrait"):
            first = Path(language.sections[0].file_name).stem
            for screen in ("home", "about", "checklist", "questions", f"{first}-sources",
                           *(Path(s.file_name).stem for s in language.sections)):
                assert f"{code}-{orientation}-{screen}.png" in names
            for state in ("highway-open", "highway-blocked", "reboot-excited", "reboot-calm"):
                assert f"{code}-{orientation}-{state}.png" in names
    # the attract screen shows every language at once: one picture per orientation
    assert "en-landscape-attract.png" in names and "en-portrait-attract.png" in names

    from PySide6.QtGui import QImage

    image = QImage(str(tmp_path / "en-portrait-home.png"))
    assert (image.width(), image.height()) == (1080, 1920)


def test_config_without_a_flag_says_which_file_is_read_and_how_to_see_every_setting(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text("idle_seconds = 120\n", encoding="utf-8")
    result = kiosk("--config", str(path), "config")
    assert result.returncode == 0, result.stderr
    assert f"Settings file: {path} (found)." in result.stdout
    assert "idle_seconds=120" in result.stdout and "staff_pin=not set" in result.stdout
    assert "config --print-defaults" in result.stdout


def test_the_readme_shows_exactly_what_print_defaults_prints() -> None:
    printed = kiosk("config", "--print-defaults")
    assert printed.returncode == 0, printed.stderr
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("config --print-defaults`\n  prints this commented file:\n\n```toml\n", 1)[1].split("```", 1)[0]
    assert block.strip() == printed.stdout.strip()


@pytest.mark.parametrize("argv", [
    [], ["--windowed"], ["--config", "a.toml"], ["--config=a.toml", "--windowed"], ["run", "--content", "dir"],
    ["--smoke-test", "--config", "k.toml"], ["--config", "a", "--config", "b"], ["run"],
])
def test_a_plain_start_is_read_as_the_full_parser_reads_it(argv: list[str]) -> None:
    """A start with run options only is read without making every command's parser (a few
    ms at every start), into exactly what that parser makes of it."""
    from kiosk.cli_args import full_parser, run_arguments

    quick = run_arguments(argv)
    full, extra = full_parser().parse_known_args(argv)
    assert quick is not None and extra == [] and vars(quick) == vars(full)


@pytest.mark.parametrize("argv", [
    ["--conf", "a.toml"], ["--config"], ["--config", "--windowed"], ["--config="], ["--windowed=1"],
    ["screenshots", "out"], ["--help"], ["--version"], ["--smoke-test", "run"], ["run", "run"], ["check"],
    ["--windowed", "extra"], ["-h"],
])
def test_anything_else_is_left_to_the_full_parser(argv: list[str]) -> None:
    from kiosk.cli_args import run_arguments

    assert run_arguments(argv) is None
