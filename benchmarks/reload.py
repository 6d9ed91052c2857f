"""Content reload: a generated folder of N pages; load + validate, swap, and UI stalls.

Usage: python benchmarks/reload.py PAGES [--runs 5]

The folder has one language with PAGES generated pages (about 250 words each, a
heading, a list, a link to the page before and a picture), plus the bundled English
``ui.yaml`` and ``checklist.yaml``. Measured, ``--runs`` times each:

* load: ``load_content`` of the folder (read, parse, validate, render Markdown);
* swap: one page is edited, the folder loaded, then ``ContentService.offer`` (on
  the UI thread) timed alone and with the layout and repaint it posts (``swap_settled``);
* arm: the watcher brought up to date with the files listed (on the UI thread after each load);
* live: one page is edited and the kiosk's ``ContentWatcher`` notices it, waits its
  1 s debounce, loads the folder in its worker thread and hands the bundle to
  ``offer`` on the UI thread; ``live`` is edit to swap. Meanwhile a 5 ms timer on
  the UI thread records how late each of its ticks is: the longest lateness (``stall``)
  is the longest a visitor's touch would wait.

Floors, in the same process: reading the folder's files (for load), new words on as
many plain buttons in a shown grid (for swap), the same timer's lateness in an idle
event loop (for stall).

Prints one ``BENCH-RESULT`` line with every time in milliseconds.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    BENCH_SPEECH_ENGINE,
    ROOT,
    PaintProbe,
    emit,
    start_speech_stand_in,
    tests_dir,
    use_offscreen_screen,
)

WORDS = ("pain signals nerves body brain care team infusion ketamine treatment doctor nurse "
         "rest water movement gentle skin warm cold swelling hand foot arm leg help slowly "
         "question answer week day hour plan safe feel better change").split()
PICTURES = ("crps-limb.svg", "crps-symptoms.svg", "highway-roadblock.svg", "care-team.svg", "infusion.svg")


def _sentence(seed: int, length: int) -> str:
    words = [WORDS[(seed * 7 + i * 13) % len(WORDS)] for i in range(length)]
    return " ".join(words).capitalize() + "."


def _page(number: int) -> str:
    picture = PICTURES[number % len(PICTURES)]
    paragraphs = [" ".join(_sentence(number + p * 5 + s, 8 + (s % 5)) for s in range(6)) for p in range(4)]
    items = "\n".join(f"- {_sentence(number + i, 6)}" for i in range(4))
    link = f"See also [the page before](page-{number - 1}).\n" if number > 1 else ""
    return (f"---\ntitle: Generated page {number}\ntile: Page {number}\nillustration: {picture}\n"
            f"alt: A simple picture for page {number}.\n---\n\n{paragraphs[0]}\n\n## What to know\n\n"
            f"{paragraphs[1]}\n\n{items}\n\n{paragraphs[2]}\n\n{link}\n{paragraphs[3]}\n")


def make_folder(pages: int, into: Path) -> Path:
    """A content folder of ``pages`` generated English pages under ``into``."""
    root = into / f"content-{pages}"
    language = root / "en"
    language.mkdir(parents=True)
    for name in ("ui.yaml", "checklist.yaml"):
        shutil.copy(ROOT / "content" / "en" / name, language / name)
    width = max(2, len(str(pages)))
    for number in range(1, pages + 1):
        (language / f"{number:0{width}d}-page-{number}.md").write_text(_page(number), encoding="utf-8")
    return root


class LatenessProbe:
    """A timer on the UI thread that records how late each tick arrives."""

    def __init__(self, interval_ms: int = 5) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.interval_ms = interval_ms
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)
        self.worst = 0.0
        self._last = 0.0

    def start(self) -> None:
        self.worst = 0.0
        self._last = time.perf_counter()
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, (now - self._last) * 1000 - self.interval_ms)
        self._last = now

    def stop(self) -> float:
        self._tick()
        self.timer.stop()
        return self.worst


def edit_page(folder: Path, pages: int, run: int) -> None:
    """Change one page's words, as staff would (so a reload has something new to show)."""
    width = max(2, len(str(pages)))
    number = 1 + (run * 37) % pages
    path = folder / "en" / f"{number:0{width}d}-page-{number}.md"
    path.write_text(_page(number) + f"\nEdited for run {run}.\n", encoding="utf-8")


def run(pages: int, runs: int) -> dict[str, object]:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from kiosk.app import create_kiosk, ensure_application, startup_content
    from kiosk.config import Config
    from kiosk.content.loader import load_content

    sys.path.insert(0, str(tests_dir()))
    from helpers import make_fake_timer_class

    ensure_application()
    result: dict[str, object] = {"pages": pages}
    with tempfile.TemporaryDirectory(prefix="kiosk-reload-") as tmp:
        folder = make_folder(pages, Path(tmp))
        loads = []
        for _ in range(runs):
            start = time.perf_counter()
            bundle = load_content(folder)
            loads.append((time.perf_counter() - start) * 1000)
        if not bundle.usable:
            raise RuntimeError("the generated content has errors: " + "; ".join(map(str, bundle.errors[:3])))
        result["load_ms"] = loads
        config = Config(content_dir=folder, fullscreen=False, speech_engine=BENCH_SPEECH_ENGINE)
        start = time.perf_counter()
        window = create_kiosk(config, startup_content(config), timer_factory=make_fake_timer_class(),
                              watch_content=False)
        window.resize(1920, 1080)
        probe = PaintProbe(window.home)
        window.show()
        probe.wait()
        result["first_window_ms"] = (time.perf_counter() - start) * 1000
        swaps, settled = [], []
        for number in range(runs):
            edit_page(folder, pages, number)
            bundle = load_content(folder)
            start = time.perf_counter()
            if not window.content.offer(bundle):
                raise RuntimeError("the reloaded bundle was refused")
            swaps.append((time.perf_counter() - start) * 1000)
            for _ in range(3):  # the layout and repaint that the swap posted
                QApplication.processEvents()
            settled.append((time.perf_counter() - start) * 1000)
        result["swap_ms"] = swaps
        result["swap_settled_ms"] = settled
        # What create_kiosk does with watch_content: the content service watches the folder.
        window.content.watch(debounce_ms=1000)
        watcher = window.content.watcher
        assert watcher is not None
        arms = []
        for _ in range(runs):
            listed = watcher.paths_to_watch()  # the worker thread lists them
            start = time.perf_counter()
            watcher.arm(listed)
            arms.append((time.perf_counter() - start) * 1000)
        result["arm_ms"] = arms
        lateness = LatenessProbe()
        stalls, lives = [], []
        for number in range(runs):
            loop = QEventLoop()
            done: list[float] = []
            window.content_changed.connect(lambda ok, done=done: done.append(time.perf_counter()))
            lateness.start()
            start = time.perf_counter()
            edit_page(folder, pages, runs + number)  # the watcher notices, waits 1 s, loads, swaps
            while not done:
                loop.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
            lives.append((done[0] - start) * 1000)
            settle = QTimer()
            settle.setSingleShot(True)
            settle.timeout.connect(loop.quit)
            settle.start(100)  # the repaint after the swap counts too
            loop.exec()
            stalls.append(lateness.stop())
            window.content_changed.disconnect()
            if "Edited for run" not in (window.language.section(f"page-{1 + ((runs + number) * 37) % pages}")
                                        or window.language.sections[0]).html:
                raise RuntimeError("the live reload did not show the edit")
        result["live_ms"] = lives
        result["stall_ms"] = stalls
        window.close()
        window.deleteLater()
        result.update(floors(folder, pages, runs))
    return result


def floors(folder: Path, pages: int, runs: int) -> dict[str, object]:
    """What the same work costs at its barest: reading the folder's files (load), giving
    ``pages`` plain buttons in a shown grid new words (swap), and the lateness of the same
    5 ms timer in an idle event loop (stall)."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication, QGridLayout, QPushButton, QScrollArea, QWidget

    reads = []
    for _ in range(runs):
        start = time.perf_counter()
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                path.read_text(encoding="utf-8")
        reads.append((time.perf_counter() - start) * 1000)
    host = QWidget()
    grid = QGridLayout(host)
    buttons = [QPushButton(f"Page {n}") for n in range(pages)]
    for index, button in enumerate(buttons):
        grid.addWidget(button, index // 4, index % 4)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(host)
    scroll.resize(1920, 1080)
    scroll.show()
    QApplication.processEvents()
    retitles = []
    for run in range(runs):
        start = time.perf_counter()
        for index, button in enumerate(buttons):
            button.setText(f"Page {index} ({run})")
        for _ in range(3):
            QApplication.processEvents()
        retitles.append((time.perf_counter() - start) * 1000)
    scroll.close()
    idle = []
    lateness = LatenessProbe()
    for _ in range(runs):
        loop = QEventLoop()
        lateness.start()
        QTimer.singleShot(300, loop.quit)
        loop.exec()
        idle.append(lateness.stop())
    return {"floor_load_ms": reads, "floor_swap_ms": retitles, "floor_stall_ms": idle}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pages", type=int)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    use_offscreen_screen()
    start_speech_stand_in()
    result = run(args.pages, args.runs)
    for key, value in result.items():
        if isinstance(value, list):
            print(f"{key:>16}: " + " ".join(f"{v:8.1f}" for v in value))
        else:
            print(f"{key:>16}: {value}")
    emit(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
