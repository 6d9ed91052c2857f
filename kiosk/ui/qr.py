"""QR codes drawn crisply: whole pixels per module, with the standard quiet zone."""

from __future__ import annotations

import functools

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPainter

QUIET_MODULES = 4


@functools.lru_cache(maxsize=8)
def qr_modules(text: str) -> int:
    """Modules along one side of the QR code for ``text``, quiet zone included."""
    import segno

    code = segno.make(text, error="l", boost_error=True, encoding="utf-8", micro=False)
    return len(code.matrix) + 2 * QUIET_MODULES


def qr_image(text: str, side: int, dark: QColor | None = None, light: QColor | None = None) -> QImage:
    """A QR code carrying ``text`` (UTF-8), as large as fits in ``side`` pixels using a
    whole number of pixels per module. The quiet zone is always ``light`` (white by default),
    so phones read it in any theme."""
    import segno  # imported on first use: keeps start-up light

    code = segno.make(text, error="l", boost_error=True, encoding="utf-8", micro=False)
    matrix = code.matrix
    modules = len(matrix) + 2 * QUIET_MODULES
    module_px = max(1, side // modules)
    size = modules * module_px
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(light or QColor("#FFFFFF"))
    painter = QPainter(image)
    ink = dark or QColor("#000000")
    for row_index, row in enumerate(matrix):
        for column_index, value in enumerate(row):
            if value:
                painter.fillRect(QRect((column_index + QUIET_MODULES) * module_px,
                                       (row_index + QUIET_MODULES) * module_px, module_px, module_px), ink)
    painter.end()
    return image
