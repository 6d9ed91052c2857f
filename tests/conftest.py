"""Shared test set-up: Qt offscreen, the real default content, strict checks."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.pop("KIOSK_CONFIG", None)
# What the kiosk keeps between runs (the usage counts) goes to a folder of the test run,
# never the user's own state folder.
os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="kiosk-tests-state-")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import OPEN_RECORDER  # noqa: E402

sys.addaudithook(OPEN_RECORDER.hook)


@pytest.fixture(scope="session")
def default_content_dir() -> Path:
    return ROOT / "content"


@pytest.fixture
def kiosk(qtbot, default_content_dir: Path) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """The real kiosk window on the default content, shown offscreen at 1920x1080."""
    from kiosk.app import create_kiosk
    from kiosk.config import Config

    window = create_kiosk(Config(content_dir=default_content_dir, fullscreen=False, speech_engine="mock"))
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    qtbot.waitExposed(window)
    yield window
