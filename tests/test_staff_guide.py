"""The staff guide's commands stay runnable: each command in a command block of
content/README.md runs here, as typed, against a copy of the bundled content."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from kiosk import paths

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "content" / "README.md"
PREFIX = "python -m kiosk "


def guide_commands() -> list[str]:
    """Every line of a fenced block in the guide that is a kiosk command."""
    blocks = re.findall(r"^```[^\n]*\n(.*?)^```", GUIDE.read_text(encoding="utf-8"), re.MULTILINE | re.DOTALL)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip().startswith(PREFIX)]


def test_the_guide_has_the_check_and_preview_commands() -> None:
    commands = guide_commands()
    assert "python -m kiosk check path/to/content" in commands
    assert "python -m kiosk preview path/to/content" in commands
    text = GUIDE.read_text(encoding="utf-8")
    assert "## Check and preview your changes" in text
    for picture in ("en-landscape-home.png", "en-landscape-home-scrolled.png", "en-landscape-questions-all.png",
                    "en-landscape-largest-text-home.png", "en-landscape-high-contrast-home.png"):
        assert picture in text, picture
    assert "front matter" not in text.lower(), "the guide says 'the settings block at the top of the page'"


def test_each_command_in_the_guide_runs_against_a_copy_of_the_content(tmp_path: Path) -> None:
    shutil.copytree(paths.bundled_content_dir(), tmp_path / "path" / "to" / "content")
    settings = tmp_path / "kiosk.toml"
    settings.write_text('speech_engine = "mock"\n', encoding="utf-8")  # never wait for a speech service
    commands = guide_commands()
    assert commands
    for command in commands:
        words = shlex.split(command)[3:]
        result = subprocess.run([sys.executable, "-m", "kiosk", *words, "--config", str(settings)], cwd=tmp_path,
                                capture_output=True, text=True, timeout=300,
                                env={"PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen",
                                     "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
        assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
        assert "Traceback" not in result.stderr, command
        if words[0] == "check":
            assert result.stdout.strip().endswith("ready to use."), result.stdout
        if words[0] == "preview":
            pictures = {path.name for path in (tmp_path / "kiosk-preview").glob("*.png")}
            for named in re.findall(r"`((?:en|es)-[a-z0-9-]+\.png)`", GUIDE.read_text(encoding="utf-8")):
                assert named in pictures, f"the guide names {named}, which preview did not write"
