"""The floor for an analogy frame: painting a plain widget of the same size, offscreen.

Usage: python benchmarks/frame_floor.py [--frames 200] [--width 1920 --height 1080]

A QWidget with only a styled background is rendered into a QImage, as
``analogy_frames.py`` renders the analogy drawing: what any frame of that size costs
before anything is drawn. Prints one ``BENCH-RESULT`` line with the median.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import emit, use_offscreen_screen  # noqa: E402


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--frames", type=int, default=200)
    parser.add_argument("--width", type=int, default=1920)
    parser.add_argument("--height", type=int, default=1080)
    args = parser.parse_args(argv)
    use_offscreen_screen()
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication, QWidget

    QApplication(sys.argv[:1])
    widget = QWidget()
    widget.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
    widget.setStyleSheet("background: #F4F1EA;")
    widget.resize(args.width, args.height)
    image = QImage(widget.size(), QImage.Format.Format_ARGB32_Premultiplied)
    widget.render(image)
    times = []
    for _ in range(args.frames):
        image.fill(Qt.GlobalColor.transparent)
        start = time.perf_counter()
        widget.render(image)
        times.append((time.perf_counter() - start) * 1000)
    median = statistics.median(times)
    print(f"plain {args.width}x{args.height} frame: median {median:.2f} ms")
    emit({"frame_ms": median})
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
