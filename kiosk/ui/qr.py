"""QR codes drawn crisply: whole pixels per module, with the standard quiet zone.

The modules come from segno's encoder alone. ``import segno`` also imports its writers
(SVG, PNG, PDF, ...), and with them ``xml.sax.saxutils``, which imports ``urllib.request``
and so ``http.client``, ``email``, ``ssl`` (with libssl) and ~45 modules in all: ~4 MB
of memory (measured after every screen, benchmarks/memory.py) that a kiosk painting the
matrix into a QImage never needs. :func:`_encoder` loads ``segno.encoder`` (and the
``segno.consts`` it uses) without running segno's ``__init__``.
"""

from __future__ import annotations

import functools
import importlib.util
import sys
from types import ModuleType
from typing import Any

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPainter

QUIET_MODULES = 4

_ENCODER: ModuleType | None = None


def _encoder() -> ModuleType:
    """segno's ``encoder`` module, loaded once without segno's ``__init__`` (see above).

    For the import, the package is entered into ``sys.modules`` as an empty module made
    from its spec (never run); afterwards it and the modules loaded under it are taken out
    again, so that a later ``import segno`` anywhere gets the whole package, as usual. The
    kiosk keeps its own reference to the encoder."""
    global _ENCODER
    if _ENCODER is not None:
        return _ENCODER
    names = ("segno", "segno.encoder", "segno.consts")
    if any(name in sys.modules for name in names):  # already imported: use that one
        import segno.encoder

        _ENCODER = segno.encoder
        return _ENCODER
    spec = importlib.util.find_spec("segno")  # finds the package without running it
    if spec is None or spec.submodule_search_locations is None:
        raise ImportError("the QR code library (segno) is not installed")
    sys.modules["segno"] = importlib.util.module_from_spec(spec)
    try:
        import segno.encoder  # (PyInstaller sees this line: it bundles the encoder)

        _ENCODER = segno.encoder
    finally:
        for name in names:
            sys.modules.pop(name, None)
    return _ENCODER


def _matrix(text: str) -> Any:
    """The QR code's rows of modules (1 dark, 0 light), quiet zone not included: the
    smallest version that holds ``text`` as UTF-8 at level L or better."""
    code = _encoder().encode(text, error="l", boost_error=True, encoding="utf-8", micro=False)
    return code.matrix


@functools.lru_cache(maxsize=8)
def qr_modules(text: str) -> int:
    """Modules along one side of the QR code for ``text``, quiet zone included."""
    return len(_matrix(text)) + 2 * QUIET_MODULES


def qr_image(text: str, side: int, dark: QColor | None = None, light: QColor | None = None) -> QImage:
    """A QR code carrying ``text`` (UTF-8), as large as fits in ``side`` pixels using a
    whole number of pixels per module. The quiet zone is always ``light`` (white by default),
    so phones read it in any theme."""
    matrix = _matrix(text)
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
