"""Page switch: tap "Next" to the next page painted, for every page of every language.

Usage: python benchmarks/page_switch.py kiosk [--rounds 3]
       python benchmarks/page_switch.py floor PAGES_DIR [--rounds 3]

The tap goes through the window handle (as a touchscreen delivers it); the time runs
until the event loop has painted the page text's viewport and returned (layout, the new
HTML, its pictures, the paint and the flush). The floor is a bare QTextBrowser and one
QPushButton whose tap puts the next page's HTML in the browser. Prints one
``BENCH-RESULT`` line with every switch time in milliseconds.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    BENCH_SPEECH_ENGINE,
    PaintProbe,
    emit,
    percentile,
    start_speech_stand_in,
    tests_dir,
    use_offscreen_screen,
)
from xclient import floor_reader  # noqa: E402


def tap_through_window(button: object) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    window = button.window()  # type: ignore[attr-defined]
    point = button.mapTo(window, button.rect().center())  # type: ignore[attr-defined]
    QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton, pos=point)


def kiosk_switches(rounds: int) -> list[float]:
    from kiosk.app import create_kiosk
    from kiosk.config import Config

    sys.path.insert(0, str(tests_dir()))
    from helpers import make_fake_timer_class

    window = create_kiosk(Config(fullscreen=False, speech_engine=BENCH_SPEECH_ENGINE),
                          timer_factory=make_fake_timer_class(), watch_content=False)
    window.resize(1920, 1080)
    window.show()
    probe = PaintProbe(window.page.text.viewport())
    times: list[float] = []
    for _ in range(rounds):
        for code in window.bundle.languages:
            window.set_language(code)
            sections = window.language.sections
            window.show_section(sections[0].slug)
            probe.wait()
            for following in sections[1:]:
                start = time.perf_counter()
                tap_through_window(window.page.next_button)
                if not probe.wait():
                    raise RuntimeError("the page was not painted")
                times.append((time.perf_counter() - start) * 1000)
                if window.session.page != following.slug:
                    raise RuntimeError(f"expected {following.slug}, on {window.session.screen}")
    return times


def floor_switches(pages: list[str], rounds: int) -> list[float]:
    window, browser, button = floor_reader()
    state = {"index": 0}

    def next_page() -> None:
        state["index"] = (state["index"] + 1) % len(pages)
        browser.setHtml(pages[state["index"]])

    button.clicked.connect(next_page)
    browser.setHtml(pages[0])
    window.resize(1920, 1080)
    window.show()
    probe = PaintProbe(browser.viewport())
    probe.wait()
    times: list[float] = []
    for _ in range(rounds * (len(pages) - 1)):
        start = time.perf_counter()
        tap_through_window(button)
        if not probe.wait():
            raise RuntimeError("the page was not painted")
        times.append((time.perf_counter() - start) * 1000)
    return times


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=("kiosk", "floor"))
    parser.add_argument("pages_dir", nargs="?", type=Path, help="floor: folder of NN.html pages")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    use_offscreen_screen()
    start_speech_stand_in()
    from kiosk.app import ensure_application

    if args.mode == "kiosk":
        ensure_application()
        times = kiosk_switches(args.rounds)
    else:
        from PySide6.QtWidgets import QApplication

        QApplication(sys.argv[:1])
        if args.pages_dir is None:
            parser.error("floor needs PAGES_DIR")
        pages = [p.read_text(encoding="utf-8") for p in sorted(args.pages_dir.glob("*.html"))]
        times = floor_switches(pages, args.rounds)
    print(f"{args.mode}: {len(times)} switches, median {percentile(times, 0.5):.2f} ms, "
          f"p95 {percentile(times, 0.95):.2f} ms, max {max(times):.2f} ms")
    emit({"switch_ms": [round(t, 3) for t in times]})
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
