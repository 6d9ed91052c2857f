"""The command line as IT and developers use it (run in a separate process)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def kiosk(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("KIOSK_CONFIG", None)
    return subprocess.run([sys.executable, "-m", "kiosk", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=180)


def test_smoke_test_renders_every_screen_and_exits_0() -> None:
    result = kiosk("--smoke-test")
    assert result.returncode == 0, result.stderr
    assert "smoke test ok: 1 languages, 12 pages, 28 screens rendered, 0 content problems" in result.stdout
    assert "Traceback" not in result.stderr


def test_smoke_test_with_broken_content_falls_back_and_still_exits_0(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "01-broken.md").write_text("---\ntitle: [oops\n---\nWords\n", encoding="utf-8")
    result = kiosk("--smoke-test", "--content", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "fell back to the bundled content" in result.stdout
    assert "en/01-broken.md:2" in result.stderr


def test_a_broken_config_exits_2_with_one_line(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text("idle_seconds = 'soon'\n", encoding="utf-8")
    result = kiosk("--config", str(config), "--smoke-test")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "unknown setting 'idle_seconds'" in result.stderr and str(config) in result.stderr


def test_version() -> None:
    from kiosk import __version__

    result = kiosk("--version")
    assert result.returncode == 0 and __version__ in result.stdout


def test_screenshots_writes_every_screen_in_both_orientations(tmp_path: Path) -> None:
    result = kiosk("screenshots", str(tmp_path))
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in tmp_path.glob("*.png"))
    assert len(names) == 28
    for orientation in ("landscape", "portrait"):
        assert f"en-{orientation}-home.png" in names
        assert f"en-{orientation}-01-what-is-crps.png" in names
        assert f"en-{orientation}-checklist.png" in names

    from PySide6.QtGui import QImage

    image = QImage(str(tmp_path / "en-portrait-home.png"))
    assert (image.width(), image.height()) == (1080, 1920)
