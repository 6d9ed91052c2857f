"""Start to first frame: from before the process starts to the home screen painted.

Usage (``run_all.py`` runs these; each prints one ``BENCH-RESULT`` line):

    python benchmarks/startup.py kiosk          the real ``python -m kiosk`` start-up path
    python benchmarks/startup.py floor PAGE.md    the floor: a bare QTextBrowser showing that page,
                                                  its Markdown rendered by Python-Markdown

The parent passes the wall-clock time it had just before starting the process in
``KIOSK_BENCH_T0`` (so interpreter start-up counts); without it, the process's own
creation time is used. The first frame is the first paint of the top-level window
plus everything painted in the same pass (a zero-timer fires after the paint and the
flush to the offscreen backing store). Both run full screen on a 1920x1080 offscreen
screen. The kiosk run also records milestones: imports done and window built.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

_STARTED = time.time()
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import emit, use_offscreen_screen  # noqa: E402


def _t0() -> float:
    given = os.environ.get("KIOSK_BENCH_T0")
    if given:
        return float(given)
    try:
        import psutil

        return float(psutil.Process().create_time())
    except ImportError:
        return _STARTED


def _watch_first_paint(widget: object, marks: dict[str, float]) -> object:
    """An event filter on ``widget`` that reports and exits once its first frame is painted."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
            if event.type() == QEvent.Type.Paint and not self.seen:
                self.seen = True
                QTimer.singleShot(0, self.done)
            return False

        def done(self) -> None:
            marks["painted"] = time.time()
            t0 = _t0()
            emit({name: round((value - t0) * 1000, 1) for name, value in marks.items()})
            os._exit(0)  # teardown is not part of start-up

    watcher = FirstPaint()
    widget.installEventFilter(watcher)  # type: ignore[attr-defined]
    return watcher


def run_kiosk(config: Path) -> None:
    """``python -m kiosk --config CONFIG``, watched for its first frame."""
    marks: dict[str, float] = {}
    keep: list[object] = []
    import kiosk.app

    original = kiosk.app.create_kiosk

    def create_and_watch(*args: object, **kwargs: object) -> object:
        marks["imports_done"] = time.time()
        window = original(*args, **kwargs)  # type: ignore[arg-type]
        marks["window_built"] = time.time()
        keep.append(_watch_first_paint(window, marks))
        return window

    kiosk.app.create_kiosk = create_and_watch  # type: ignore[assignment]
    from kiosk.cli import main

    sys.exit(main(["--config", str(config)]))


def run_floor(page: Path) -> None:
    """The floor: the least a kiosk must do. A bare PySide6 program that imports QtWidgets
    and Python-Markdown, renders one page's Markdown to HTML and shows it full screen in a
    QTextBrowser."""
    import markdown
    from PySide6.QtWidgets import QApplication, QTextBrowser
    from xclient import markdown_body

    app = QApplication(sys.argv[:1])
    browser = QTextBrowser()
    browser.setHtml(markdown.markdown(markdown_body(page)))
    marks: dict[str, float] = {"window_built": time.time()}
    keep = _watch_first_paint(browser, marks)
    browser.showFullScreen()
    app.exec()
    del keep


def main(argv: list[str]) -> None:
    use_offscreen_screen()
    if argv[:1] == ["kiosk"] and len(argv) == 2:
        run_kiosk(Path(argv[1]))
    elif argv[:1] == ["floor"] and len(argv) == 2:
        run_floor(Path(argv[1]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
