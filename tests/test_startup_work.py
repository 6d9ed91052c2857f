"""What the kiosk does before its first frame, and what it leaves for later: only the
home screen is made at start; the other screens are made after the first frame (or on
first use) and look exactly as if they had been made at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from helpers import find_button, tap
from kiosk import paths
from kiosk.ui.pictures import picture_store
from kiosk.ui.screens import ORDER

LATER = [name for name in ORDER if name != "home"]


@pytest.fixture
def unshown_kiosk(qtbot, default_content_dir: Path):  # type: ignore[no-untyped-def]
    from kiosk.app import create_kiosk
    from kiosk.config import Config

    window = create_kiosk(Config(content_dir=default_content_dir, fullscreen=False, speech_engine="mock"),
                          watch_content=False)
    qtbot.addWidget(window)
    return window


def test_only_the_home_screen_is_made_before_the_first_frame(qtbot, unshown_kiosk) -> None:
    window = unshown_kiosk
    assert window.stack.count() == 1 and window.stack.currentWidget() is window.home
    assert [name for name in ORDER if window.screen_set.made(name) is not None] == ["home"]
    window.resize(1920, 1080)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: all(window.screen_set.made(name) is not None for name in LATER))
    assert window.stack.count() == len(ORDER)
    assert window.stack.currentWidget() is window.home  # made in the background, never shown


def test_a_screen_made_late_takes_the_visit_as_it_is(qtbot, unshown_kiosk) -> None:
    """Language, text size and contrast chosen on the home screen before the page exists."""
    window = unshown_kiosk
    window.resize(1920, 1080)
    window.set_language("es")
    window.session.change_text_size(+1)
    window.session.high_contrast = True
    window.look.apply()
    assert window.screen_set.made("page") is None
    window.show_section(window.language.sections[0].slug)
    page = window.page
    spanish = window.bundle.language("es")
    assert page.title.text() == spanish.sections[0].title
    assert page.home_button.accessibleName() == spanish.text("back_to_topics")
    assert page._theme == window.theme  # noqa: SLF001 - the look it was made with
    assert window.theme.name == "high_contrast" and window.theme.text_scale > 1


def test_a_late_screen_looks_the_same_as_one_made_at_once(qtbot, kiosk) -> None:
    """The same page, first with a page screen made after a text size and language change,
    then in a window whose page screen was made at start: the same pixels."""
    from kiosk.app import create_kiosk
    from kiosk.config import Config

    def page_pixels(window) -> QImage:  # type: ignore[no-untyped-def]
        window.set_language("es")
        window.show_section(window.language.sections[1].slug)
        qtbot.wait(1)
        picture_store().wait_idle()  # pictures are drawn on a worker thread
        qtbot.wait(1)
        return window.grab().toImage()

    made_late = page_pixels(kiosk)
    early = create_kiosk(Config(content_dir=paths.bundled_content_dir(), fullscreen=False, speech_engine="mock"),
                         watch_content=False)
    qtbot.addWidget(early)
    early.page  # noqa: B018 - made before the window is sized or shown
    early.resize(1920, 1080)
    early.show()
    qtbot.waitExposed(early)
    assert page_pixels(early) == made_late


def test_a_tap_finds_the_page_ready_and_the_window_wired(qtbot, kiosk) -> None:
    section = kiosk.language.sections[2]
    tap(qtbot, find_button(kiosk.home, section.tile))
    assert kiosk.session.page == section.slug and kiosk.page.title.text() == section.title
    tap(qtbot, find_button(kiosk.page, "Back to topics"))
    assert kiosk.session.screen == "home"


def test_the_overlays_are_made_after_the_first_frame(qtbot, unshown_kiosk) -> None:
    """"Still there?" and the staff keypad are made once the window is idle after its first
    frame (or when first needed), in the visit's language and look."""
    from kiosk.ui.idle import IdleOverlay
    from kiosk.ui.staff import PinKeypad

    window = unshown_kiosk
    assert window.findChildren(IdleOverlay) == [] and window.findChildren(PinKeypad) == []
    window.set_language("es")
    window.resize(1920, 1080)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: len(window.findChildren(IdleOverlay)) == len(window.findChildren(PinKeypad)) == 1)
    overlay = window.idle_overlay
    assert overlay is window.findChildren(IdleOverlay)[0] and not overlay.isVisible()
    assert overlay.title.text() == window.bundle.language("es").text("idle_title")
    assert overlay.geometry() == window.rect() and not window.keypad.isVisible()


def test_what_the_first_frame_does_not_need_is_not_imported_before_it(tmp_path: Path) -> None:
    """The kiosk as `python -m kiosk` builds it (content from the cache, the log file, the
    window made), before its first frame: none of these modules is loaded yet."""
    import os
    import subprocess
    import sys

    later = ["yaml", "markdown", "PySide6.QtCharts", "PySide6.QtTextToSpeech", "kiosk.ui.speech",
             "kiosk.ui.staff", "kiosk.ui.trust", "kiosk.report", "kiosk.services.health", "kiosk.content.svg",
             "kiosk.ui.section", "kiosk.ui.checklist", "kiosk.ui.questions", "kiosk.ui.attract",
             # OpenSSL (a PIN, an approval), the log's other handlers, ldconfig, near-name suggestions
             "hashlib", "_hashlib", "hmac", "logging.handlers", "socket", "pickle", "ctypes.util", "subprocess",
             "difflib", "sqlite3", "kiosk.usage"]
    code = (
        "import sys\n"
        "from kiosk.app import create_kiosk, ensure_application, startup_content\n"
        "from kiosk.config import Config\n"
        "from kiosk.logs import setup_logging\n"
        "from kiosk.memory import keep_heap_small\n"
        "config = Config(speech_engine='mock', log_dir=__import__('pathlib').Path(sys.argv[2]))\n"
        "content = startup_content(config)\n"
        "if sys.argv[1] == 'check':\n"
        "    setup_logging(config)\n"
        "    keep_heap_small()\n"
        "    ensure_application()\n"
        "    window = create_kiosk(config, content)\n"
        "    print('LOADED', [m for m in sys.argv[3:] if m in sys.modules])\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_STATE_HOME=str(tmp_path))
    env.pop("KIOSK_CONFIG", None)
    logs = str(tmp_path / "logs")
    subprocess.run([sys.executable, "-c", code, "fill", logs], env=env, check=True, timeout=120)  # the cache
    done = subprocess.run([sys.executable, "-c", code, "check", logs, *later], env=env, capture_output=True,
                          text=True, timeout=120)
    assert "LOADED []" in done.stdout, done.stdout + done.stderr


def test_the_other_screens_wait_for_the_first_frames_pictures(qtbot, unshown_kiosk) -> None:
    """The home screen's pictures are drawn (on the picture thread) and shown before any
    screen the visitor does not see is made."""
    window = unshown_kiosk
    picture_store().clear()  # as at a start: no picture drawn yet
    drawing_when_made: list[bool] = []
    window.screen_set.screen_made.connect(lambda name, screen: drawing_when_made.append(picture_store().drawing()))
    window.resize(1920, 1080)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: all(window.screen_set.made(name) is not None for name in LATER))
    assert drawing_when_made == [False] * len(LATER)
    tile = window.home.tiles[0].picture
    assert tile.target_rect() is not None and picture_store().cached_bytes() > 0


def test_screens_made_after_the_first_frame_repaint_nothing_of_the_screen_shown(qtbot, unshown_kiosk) -> None:  # type: ignore[no-untyped-def]
    """Making the screens the visitor does not see draws nothing: on a real display every
    repaint is work, and a screen still changing after it looks finished delays the start."""
    from PySide6.QtCore import QEvent, QObject, QRect
    from PySide6.QtWidgets import QApplication

    window = unshown_kiosk
    painted: list[tuple[QRect, tuple[str, ...]]] = []

    class Paints(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
            if event.type() == QEvent.Type.Paint and watched is window:
                made = tuple(name for name in ORDER if window.screen_set.made(name) is not None)
                painted.append((event.rect(), made))  # type: ignore[attr-defined]
            return False

    paints = Paints()
    window.installEventFilter(paints)
    window.resize(1920, 1080)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: all(window.screen_set.made(name) is not None for name in LATER))
    for _ in range(3):  # a paint asked for by the last screen made comes on a later turn
        QApplication.processEvents()
    window.removeEventFilter(paints)
    whole = window.rect()
    late = [(rect, made) for rect, made in painted if rect != whole]
    # The window paints whole (the first frame, then once more with its pictures); never a
    # patch where a hidden screen joined the stack (before: 640x480 at the stack's corner,
    # once per screen made).
    assert late == [], late
    assert 1 <= len(painted) <= 3


def test_the_cycle_collector_waits_for_the_start_and_is_always_turned_back_on() -> None:
    """While the kiosk starts, Python's cycle collector is off; it is on again once the
    window is shown (or the start failed), and with ``keep`` what the start made is set
    aside for good (later collections do not walk it)."""
    import gc

    from kiosk.cli import _start_up

    assert gc.isenabled()
    with _start_up(keep=False):
        assert not gc.isenabled()
    assert gc.isenabled() and gc.get_freeze_count() == 0
    with pytest.raises(RuntimeError), _start_up(keep=False):
        raise RuntimeError("the start failed")
    assert gc.isenabled()
    try:
        with _start_up(keep=True):
            made = [object() for _ in range(3)]
        assert gc.isenabled() and gc.get_freeze_count() > 0
        del made
    finally:
        gc.unfreeze()


def test_a_full_screen_kiosk_window_is_frameless_and_on_top_from_the_start(qtbot, default_content_dir: Path) -> None:  # type: ignore[no-untyped-def]
    """Given after the widgets and the style sheet, these flags made Qt polish every widget
    of the window again: the window has them when it is made (showing it full screen then
    leaves them as they are); an ordinary window never has them."""
    from PySide6.QtCore import Qt

    from kiosk.app import create_kiosk
    from kiosk.config import Config
    from kiosk.ui.fullscreen import KIOSK_WINDOW_FLAGS

    window = create_kiosk(Config(content_dir=default_content_dir, speech_engine="mock"), watch_content=False)
    qtbot.addWidget(window)
    assert window.windowFlags() & KIOSK_WINDOW_FLAGS == KIOSK_WINDOW_FLAGS
    desktop = create_kiosk(Config(content_dir=default_content_dir, fullscreen=False, speech_engine="mock"),
                           watch_content=False)
    qtbot.addWidget(desktop)
    assert not desktop.windowFlags() & Qt.WindowType.FramelessWindowHint


def test_the_usage_counts_open_just_after_the_first_frame(qtbot, default_content_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The first frame counts nothing: the counts' database is opened once it is painted,
    and the first tap is counted as before."""
    from datetime import date

    from kiosk.app import create_kiosk
    from kiosk.config import Config
    from kiosk.ui.trust_wiring import TrustWiring
    from kiosk.usage import FILE_NAME, Measure

    window = create_kiosk(Config(content_dir=default_content_dir, fullscreen=False, speech_engine="mock",
                                 state_dir=tmp_path), watch_content=False)
    qtbot.addWidget(window)
    assert not (tmp_path / FILE_NAME).exists()
    window.resize(1920, 1080)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: (tmp_path / FILE_NAME).exists())
    section = window.language.sections[0]
    tap(qtbot, find_button(window.home, section.tile))
    store = window.findChild(TrustWiring).usage.store
    assert store is not None and store.count(date.today(), Measure.PAGE_OPENS, section.slug) == 1
