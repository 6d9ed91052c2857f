"""Render SVG files to PNG so they can be looked at (development aid).

Usage: python scripts/render_svg.py OUT_DIR FILE.svg [FILE.svg ...] [--width 800] [--bg #F4F1EA]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF  # noqa: E402
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--width", type=int, default=800)
    parser.add_argument("--bg", default="#F4F1EA")
    args = parser.parse_args(argv)
    QGuiApplication([])
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for svg in args.files:
        renderer = QSvgRenderer(str(svg))
        if not renderer.isValid():
            print(f"{svg}: NOT A VALID SVG for Qt")
            continue
        size = renderer.defaultSize()
        height = round(args.width * size.height() / max(1, size.width()))
        image = QImage(args.width, height, QImage.Format.Format_ARGB32)
        image.fill(QColor(args.bg))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, args.width, height))
        painter.end()
        out = args.out_dir / (svg.stem + ".png")
        image.save(str(out))
        print(f"{svg} -> {out} ({args.width}x{height})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
