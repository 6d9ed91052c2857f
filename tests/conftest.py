"""Shared test set-up: Qt offscreen, the real default content, strict checks.

Every test must leave Qt as it found it: no top-level widget still alive and no timer
still running (:func:`no_leftovers`), and no Qt warning (``qt_log_level_fail`` in
pyproject.toml).
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import OPEN_RECORDER

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.pop("KIOSK_CONFIG", None)
# What the kiosk keeps between runs (usage counts, logs, the content cache) goes to a folder
# of the test run, never the tester's own state folder.
_STATE = tempfile.mkdtemp(prefix="kiosk-test-state-")
os.environ["XDG_STATE_HOME"] = _STATE
atexit.register(shutil.rmtree, _STATE, True)

ROOT = Path(__file__).resolve().parent.parent
pytest_plugins = ["pytester"]  # tests/test_test_guards.py runs a small test session of its own

sys.addaudithook(OPEN_RECORDER.hook)


def _qt_alive() -> tuple[set[object], set[object]]:
    """The top-level widgets that exist and the timers that are running (when Qt is up)."""
    if "PySide6.QtWidgets" not in sys.modules:
        return set(), set()
    from PySide6.QtCore import QCoreApplication, QEvent, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return set(), set()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    widgets = set(QApplication.topLevelWidgets())
    timers = {timer for root in (app, *widgets) for timer in root.findChildren(QTimer) if timer.isActive()}
    return widgets, timers


def _describe(objects: set[object]) -> str:
    return ", ".join(sorted(f"{type(o).__name__}({o.objectName()!r})" for o in objects))  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def no_leftovers() -> Iterator[None]:
    """Fail a test that leaves a top-level widget alive or a timer running (after pytest-qt
    has closed and deleted the widgets given to ``qtbot.addWidget``)."""
    widgets, timers = _qt_alive()
    yield
    widgets_after, timers_after = _qt_alive()
    left = widgets_after - widgets
    running = timers_after - timers
    assert not left, f"the test left top-level widgets alive: {_describe(left)}"
    assert not running, f"the test left timers running: {_describe(running)}"


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
    # As a kiosk is when a visitor walks up: the screens made after the first frame are made.
    from kiosk.ui.screens import ORDER

    qtbot.waitUntil(lambda: all(window.screen_set.made(name) is not None for name in ORDER))
    yield window


@pytest.fixture(autouse=True)
def no_system_speech_or_printing(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch,
                                 tmp_path_factory: pytest.TempPathFactory) -> None:
    """Outside the integration suite (marked ``services``), tests never reach the machine's own
    speech-dispatcher or CUPS: both addresses point at sockets nobody listens on."""
    if request.node.get_closest_marker("services") is None:
        nowhere = tmp_path_factory.getbasetemp() / "no-such-service"
        monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{nowhere / 'speechd.sock'}")
        monkeypatch.setenv("CUPS_SERVER", str(nowhere / "cups.sock"))
