"""Compare two folders of screenshots (``python -m kiosk screenshots DIR``) pixel by pixel.

Usage: python scripts/compare_screenshots.py BEFORE_DIR AFTER_DIR [--tolerance N]

For each PNG in BEFORE_DIR: identical, or how many pixels differ, by how much at most
(0-255 per channel) and where (the bounding box). Exit 1 when a picture is missing or
differs by more than ``--tolerance`` in some channel (default 0: any difference).
Screens with moving pictures (the analogies) differ from run to run by themselves: run
the same code twice to see how much.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def compare(before: Path, after: Path) -> tuple[int, int, tuple[int, int, int, int] | None] | None:
    """(pixels that differ, largest channel difference, bounding box) or None when the
    sizes differ."""
    from PySide6.QtGui import QImage

    a = QImage(str(before)).convertToFormat(QImage.Format.Format_ARGB32)
    b = QImage(str(after)).convertToFormat(QImage.Format.Format_ARGB32)
    if a.size() != b.size():
        return None
    width, stride = a.width(), a.bytesPerLine()
    da, db = bytes(a.constBits()), bytes(b.constBits())
    count = largest = 0
    box = [width, a.height(), -1, -1]
    for y in range(a.height()):
        row_a, row_b = da[y * stride:y * stride + width * 4], db[y * stride:y * stride + width * 4]
        if row_a == row_b:
            continue
        for x in range(width):
            pa, pb = row_a[x * 4:x * 4 + 4], row_b[x * 4:x * 4 + 4]
            if pa != pb:
                count += 1
                largest = max(largest, *(abs(p - q) for p, q in zip(pa, pb, strict=True)))
                box = [min(box[0], x), min(box[1], y), max(box[2], x), max(box[3], y)]
    return count, largest, (tuple(box) if count else None)  # type: ignore[return-value]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--tolerance", type=int, default=0, help="largest channel difference allowed")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - QImage needs it for PNG
    failed = identical = 0
    names = sorted(p.name for p in args.before.glob("*.png"))
    for name in names:
        other = args.after / name
        if not other.exists():
            print(f"{name}: missing after")
            failed += 1
            continue
        found = compare(args.before / name, other)
        if found is None:
            print(f"{name}: a different size")
            failed += 1
        elif found[0] == 0:
            identical += 1
        else:
            count, largest, box = found
            over = largest > args.tolerance
            failed += over
            print(f"{name}: {count} pixels differ, by at most {largest}/255, within {box}"
                  + ("" if over else " (within tolerance)"))
    print(f"{len(names)} screenshots: {identical} identical, {failed} beyond a difference of "
          f"{args.tolerance}/255")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
