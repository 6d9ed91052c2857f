"""Guards against a broken Qt binding: the kiosk makes millions of Qt calls a day.

PySide6 6.12.0 on Python 3.11 drops a reference to ``None`` on every call of a method
that returns nothing; after a few thousand calls Python aborts ("deallocating None").
pyproject.toml excludes it; this test fails if such a binding is ever installed.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPainter


def test_calls_that_return_nothing_leave_none_alone() -> None:
    image = QImage(64, 64, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    color = QColor("#0A5A5F")
    before = sys.getrefcount(None)
    for _ in range(2000):
        painter.setPen(color)
        painter.drawRect(QRect(1, 1, 8, 8))
    after = sys.getrefcount(None)
    painter.end()
    assert after >= before - 50, f"the Qt binding lost {before - after} references to None in 4000 calls"
