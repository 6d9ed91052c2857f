"""Memory after visiting every screen, against a bare QTextBrowser window.

Usage: python benchmarks/memory.py kiosk [ENGINE]
       python benchmarks/memory.py floor PAGE.html

The kiosk is shown at 1920x1080 and taken through every screen in every language and
both orientations (``kiosk.ui.tour``: home, each page and analogy state, checklist,
questions), then the attract screen, the "Still there?" overlay, the staff keypad and
panel, and home again. Printed (MB): RSS and PSS once the first frame is painted, the
peak RSS of the whole run, and RSS/PSS at the end ("steady", after garbage collection
and a second round of every screen, so caches are warm and growth would show), and PSS
once that visit has ended as it does in a clinic, by the idle time-out ("visit over": the
kiosk then gives the memory the visit freed back to the system).
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    BENCH_SPEECH_ENGINE,
    PaintProbe,
    emit,
    memory_mb,
    start_speech_stand_in,
    tests_dir,
    use_offscreen_screen,
)


def _settle() -> None:
    """Three turns of the event loop as the running kiosk has them: posted events, then the
    deferred deletions (``deleteLater``: the staff panel's old language buttons), which
    ``processEvents`` alone never runs, so that they would pile up here as they never do in
    a clinic; then Python's garbage."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    for _ in range(3):
        QApplication.processEvents()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    gc.collect()


def visit_everything(window: object) -> int:
    """Every screen once; returns how many were shown."""
    from kiosk.ui.tour import tour

    shown = sum(1 for _ in tour(window))  # type: ignore[arg-type]
    window.resize(1920, 1080)  # type: ignore[attr-defined]
    for show in (window.show_attract, window.reset_session, window.idle.warn_now,  # type: ignore[attr-defined]
                 window.reset_session, window.show_staff_panel, window.reset_session):  # type: ignore[attr-defined]
        show()
        _settle()
        shown += 1
    window.keypad.open()  # type: ignore[attr-defined]
    _settle()
    window.keypad.hide()  # type: ignore[attr-defined]
    return shown + 1


def kiosk(engine: str = BENCH_SPEECH_ENGINE) -> dict[str, object]:
    from kiosk.app import create_kiosk
    from kiosk.config import Config

    sys.path.insert(0, str(tests_dir()))
    from helpers import make_fake_timer_class

    window = create_kiosk(Config(fullscreen=False, speech_engine=engine),
                          timer_factory=make_fake_timer_class(), watch_content=False)
    window.resize(1920, 1080)
    probe = PaintProbe(window)
    window.show()
    probe.wait()
    first = memory_mb()
    screens = visit_everything(window)
    _settle()
    screens += visit_everything(window)
    _settle()
    end = memory_mb()
    window.supervisor.timed_out.emit()  # the visit ends as in a clinic: nobody touched for a while
    _settle()
    after = memory_mb()
    return {"first_rss": first.get("rss"), "first_pss": first.get("pss"), "steady_rss": end.get("rss"),
            "steady_pss": end.get("pss"), "peak_rss": end.get("peak_rss"), "screens": screens,
            "visit_over_pss": after.get("pss"), "read_aloud": _read_aloud(window)}


def _read_aloud(window: object) -> str:
    """Whether the kiosk's read-aloud was ready (its buttons shown), or why not."""
    speech = getattr(window, "speech", None)
    if speech is None:
        return "never started"
    return f"ready ({speech.engine or 'default engine'})" if speech.available else speech.reason or "starting"


def floor(html_file: Path) -> dict[str, object]:
    from PySide6.QtWidgets import QApplication, QTextBrowser

    QApplication(sys.argv[:1])
    browser = QTextBrowser()
    browser.setHtml(html_file.read_text(encoding="utf-8"))
    browser.resize(1920, 1080)
    probe = PaintProbe(browser)
    browser.show()
    probe.wait()
    _settle()
    end = memory_mb()
    return {"first_rss": end.get("rss"), "first_pss": end.get("pss"), "steady_rss": end.get("rss"),
            "steady_pss": end.get("pss"), "peak_rss": end.get("peak_rss"), "screens": 1,
            "visit_over_pss": end.get("pss")}


def main(argv: list[str]) -> int:
    use_offscreen_screen()
    start_speech_stand_in()  # for the floor too: the same processes share its libraries
    if argv[:1] == ["kiosk"] and len(argv) <= 2:
        from kiosk.app import ensure_application

        ensure_application()
        result = kiosk(*argv[1:])
    elif argv[:1] == ["floor"] and len(argv) == 2:
        result = floor(Path(argv[1]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    print(", ".join(f"{k} {v:.1f}" if isinstance(v, float) else f"{k} {v}" for k, v in result.items()))
    emit(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
