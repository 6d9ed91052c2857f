"""Where a tap's time goes, inside the kiosk: the taps of ``xdisplay.py``, timed by phase.

Usage: python benchmarks/tap_phases.py [--rounds 2] [--topics 4] [--verbose]

Run it on a display (``QT_QPA_PLATFORM=xcb`` under Xvfb, as ``xdisplay.py`` measures) or
offscreen. The window covers the screen, with the settings of ``xdisplay.py`` (still
pictures, read aloud through a stand-in speech-dispatcher), and taps after the kiosk has
been idle for a second.
Each tap goes through the window handle: the pointer moves onto the button (its hover is
drawn, not timed), then the press and the release, then the event loop runs until it is
idle. For each tap it prints the UI thread's CPU time (``time.thread_time``: it moves
much less than wall time on a busy machine) in three phases:

* ``press``: the press, with the pressed look drawn
* ``release``: the release: the button's handler (the screen switch), and what Qt's test
  functions let run with it
* ``paint``: what the event loop does after it until it is idle (the new screen painted
  and flushed to the display, pictures arriving from the background)

and, with ``--verbose``, each paint of the window (milliseconds after the press, and the
bounding box of what was painted), and how many pictures were drawn meanwhile. Then a
median per kind (tile, next, home; a screen seen for the first time or again).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BENCH_SPEECH_ENGINE, start_speech_stand_in  # noqa: E402

Phases = dict[str, float]


def start_kiosk() -> object:
    from PySide6.QtWidgets import QApplication

    from kiosk.app import create_kiosk
    from kiosk.config import Config

    folder = Path(tempfile.mkdtemp())
    config = Config(fullscreen=False, reduce_motion=True, idle_seconds=3600,
                    speech_engine=BENCH_SPEECH_ENGINE, log_dir=folder / "logs", state_dir=folder / "state")
    window = create_kiosk(config, watch_content=False)
    window.setGeometry(QApplication.primaryScreen().geometry())
    window.show()
    return window


def run_until_idle(quiet_s: float, phases: Phases | None = None, name: str = "") -> None:
    """Run the event loop until a pass finds nothing to do for ``quiet_s``; add the UI
    thread's CPU time of the passes that did something to ``phases[name]``."""
    from PySide6.QtCore import QCoreApplication

    deadline = time.perf_counter() + 10
    quiet_since: float | None = None
    while time.perf_counter() < deadline:
        wall, cpu = time.perf_counter(), time.thread_time()
        QCoreApplication.processEvents()
        if time.perf_counter() - wall > 0.0003:
            if phases is not None:
                phases[name] = phases.get(name, 0.0) + time.thread_time() - cpu
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.perf_counter()
        elif time.perf_counter() - quiet_since > quiet_s:
            return
        else:
            time.sleep(0.0005)


class WindowPaints:
    """Records each paint of ``window`` (ms after :attr:`start`, bounding box)."""

    def __init__(self, window: object) -> None:
        from PySide6.QtCore import QEvent, QObject

        self.start = 0.0
        self.seen: list[str] = []
        outer = self

        class Filter(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
                if watched is window and event.type() == QEvent.Type.Paint:
                    box = event.region().boundingRect()  # type: ignore[attr-defined]
                    outer.seen.append(f"{(time.perf_counter() - outer.start) * 1000:.1f} ms: "
                                      f"{box.width()}x{box.height()} at {box.x()},{box.y()}")
                return False

        self._filter = Filter()
        window.installEventFilter(self._filter)  # type: ignore[attr-defined]


def tap(window: object, button: object) -> Phases:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    handle = window.windowHandle()  # type: ignore[attr-defined]
    point = button.mapTo(window, button.rect().center())  # type: ignore[attr-defined]
    QTest.mouseMove(handle, point)
    run_until_idle(0.1)
    phases: Phases = {}
    none = Qt.KeyboardModifier.NoModifier
    cpu = time.thread_time()
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, none, point)
    phases["press"] = time.thread_time() - cpu
    run_until_idle(0.002, phases, "press")
    cpu = time.thread_time()
    QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, none, point)
    phases["release"] = time.thread_time() - cpu
    run_until_idle(0.05, phases, "paint")
    return phases


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--topics", type=int, default=4)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    start_speech_stand_in()
    from PySide6.QtWidgets import QAbstractButton

    from kiosk.ui.pictures import picture_store

    window = start_kiosk()
    run_until_idle(1.0)
    paints = WindowPaints(window)

    def find(icon: str) -> object:
        for button in window.findChildren(QAbstractButton):  # type: ignore[attr-defined]
            if button.isVisible() and button.property("icon_name") == icon:
                return button
        raise RuntimeError(f"no {icon} button on screen")

    tiles = [b for b in window.findChildren(QAbstractButton)  # type: ignore[attr-defined]
             if type(b).__name__ == "Tile" and b.objectName() != "ChecklistTile" and b.isVisible()]
    seen, rows = {"home"}, []
    for _ in range(args.rounds):
        for tile in tiles[: args.topics]:
            for kind in ("tile", "next", "home"):
                button = tile if kind == "tile" else find("arrow-right" if kind == "next" else "home")
                drawn = picture_store().decoded
                paints.seen.clear()
                paints.start = time.perf_counter()
                phases = tap(window, button)
                where = window.session.screen  # type: ignore[attr-defined]
                label = f"{kind}:{'again' if where in seen else 'first'}"
                seen.add(where)
                total = sum(phases.values()) * 1000
                rows.append((label, total))
                print(f"{label:12} {where:30} cpu {total:6.1f} ms  "
                      + "  ".join(f"{k} {v * 1000:5.1f}" for k, v in phases.items())
                      + f"  pictures drawn {picture_store().decoded - drawn}")
                if args.verbose:
                    print("    window paints:", "; ".join(paints.seen))
    print()
    for label in sorted({row[0] for row in rows}):
        totals = [row[1] for row in rows if row[0] == label]
        print(f"{label:12} n={len(totals):2}  UI-thread CPU median {statistics.median(totals):6.1f} ms, "
              f"max {max(totals):6.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
