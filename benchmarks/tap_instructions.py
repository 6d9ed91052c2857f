"""Instructions each tap costs the UI thread, counted exactly by valgrind's callgrind.

Usage: python benchmarks/tap_instructions.py [--idle-ms 20000]

The taps of ``xdisplay.py`` (a topic tile, "Next", "Back to topics", for four topics, then
the same again), offscreen, in one kiosk started with the settings of ``tap_phases.py``.
Where CPU times move by a millisecond from run to run, these counts are the same every run,
so a change of a few percent shows (A/B: run it on each copy of the code). Each tap's count
runs from just before the press to the end of the event loop's work for it; threads other
than the UI thread (pictures drawn in the background) are left out.

Needs valgrind, its header ``valgrind/callgrind.h`` and a C compiler (Debian: ``valgrind``,
``gcc``): a two-line helper is compiled to mark where each tap starts and ends. Under
valgrind the kiosk runs about 50 times slower: about a minute in all.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import emit, start_speech_stand_in, use_offscreen_screen  # noqa: E402

HELPER = """#include <valgrind/callgrind.h>
void tap_starts(void) { CALLGRIND_ZERO_STATS; }
void tap_ends(const char *name) { CALLGRIND_DUMP_STATS_AT(name); }
"""


def inside(helper: Path, idle_ms: int) -> None:
    """Run in the kiosk's process, under callgrind: the taps, each counted on its own."""
    marks = ctypes.CDLL(str(helper))
    use_offscreen_screen()
    from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QAbstractButton
    from tap_phases import start_kiosk

    window: Any = start_kiosk()  # the settings of tap_phases.py, the window covering the screen

    def wait(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def settle() -> None:
        for _ in range(4):
            QCoreApplication.processEvents()

    def tap(button: QAbstractButton, name: str) -> None:
        handle = window.windowHandle()
        point = button.mapTo(window, button.rect().center())
        QTest.mouseMove(handle, point)  # the hover, not counted
        settle()
        marks.tap_starts()
        QTest.mousePress(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
        settle()
        QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
        settle()
        marks.tap_ends(name.encode())
        wait(400)  # what a tap leaves for later (the next page's picture drawn ahead)

    wait(idle_ms)  # the kiosk makes its other screens while idle after the start
    tiles = [b for b in window.home.findChildren(QAbstractButton) if b.objectName() == "TopicTile"]
    for visit in ("first", "again"):
        for number, tile in enumerate(tiles[:4]):
            tap(tile, f"tile {visit} {number}")
            tap(window.page.next_button, f"next {visit} {number}")
            tap(window.page.home_button, f"home {visit} {number}")
    os._exit(0)  # teardown is not counted


def counts(folder: Path) -> list[tuple[str, int]]:
    """(tap, UI-thread instructions) from callgrind's dumps, in the order of the taps."""
    found = []
    for path in folder.glob("cg.*-01"):  # thread 1: the UI thread
        text = path.read_text(errors="replace")
        name = re.search(r"^desc: Trigger: Client Request: (.+)$", text, re.M)
        total = re.search(r"^summary: (\d+)", text, re.M)  # the events of this part alone
        part = re.search(r"^part: (\d+)", text, re.M)
        if name and total and part:
            found.append((int(part.group(1)), name.group(1), int(total.group(1))))
    return [(name, total) for _, name, total in sorted(found)]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--idle-ms", type=int, default=20000,
                        help="idle time after the start, under valgrind")
    parser.add_argument("--inside", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.inside is not None:
        inside(args.inside, args.idle_ms)
        return 0
    compiler = shutil.which("cc") or shutil.which("gcc")
    header = Path("/usr/include/valgrind/callgrind.h")
    if shutil.which("valgrind") is None or compiler is None or not header.exists():
        print("needs valgrind, valgrind/callgrind.h and a C compiler (Debian: apt-get install valgrind gcc)",
              file=sys.stderr)
        return 1
    start_speech_stand_in()
    with tempfile.TemporaryDirectory(prefix="kiosk-tap-instructions-") as tmp:
        folder = Path(tmp)
        (folder / "marks.c").write_text(HELPER)
        helper = folder / "libmarks.so"
        subprocess.run([compiler, "-O1", "-shared", "-fPIC", "-o", str(helper), str(folder / "marks.c")],
                       check=True)
        done = subprocess.run(["valgrind", "--tool=callgrind", "--separate-threads=yes",
                               f"--callgrind-out-file={folder / 'cg.%p'}", sys.executable, __file__,
                               "--inside", str(helper), "--idle-ms", str(args.idle_ms)],
                              capture_output=True, text=True, timeout=1800)
        taps = counts(folder)
    if not taps:
        print(done.stderr[-2000:], file=sys.stderr)
        return 1
    kinds: dict[str, list[int]] = defaultdict(list)
    for name, total in taps:
        print(f"{name:<16} {total / 1e6:8.2f}M instructions")
        kinds[" ".join(name.split()[:2])].append(total)
    print()
    for kind, values in kinds.items():
        print(f"{kind:<16} median {statistics.median(values) / 1e6:8.2f}M  (n={len(values)})")
    print(f"all {len(taps)} taps {sum(total for _, total in taps) / 1e6:.1f}M")
    emit({"taps": dict(taps)})
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
