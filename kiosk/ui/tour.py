"""Visit every screen of the kiosk: for the smoke test and for screenshots."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from kiosk.ui.window import KioskWindow

ORIENTATIONS = {"landscape": QSize(1920, 1080), "portrait": QSize(1080, 1920)}


def tour(window: KioskWindow) -> Iterator[str]:
    """Put ``window`` on every screen in every language and orientation in turn; yields a
    name ``<lang>-<orientation>-<screen>`` while each screen is showing."""
    for code in list(window.bundle.languages):
        window.set_language(code)
        for orientation, size in ORIENTATIONS.items():
            window.resize(size)
            prefix = f"{code}-{orientation}"
            window.show_home()
            yield _settled(f"{prefix}-home")
            for section in window.language.sections:
                window.show_section(section.slug)
                yield _settled(f"{prefix}-{Path(section.file_name).stem}")
            window.show_checklist()
            yield _settled(f"{prefix}-checklist")
    window.set_language(window.session.default_language)
    window.show_home()


def _settled(name: str) -> str:
    QApplication.processEvents()
    return name


def save_screenshots(window: KioskWindow, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    saved = []
    for name in tour(window):
        path = out_dir / f"{name}.png"
        if not window.grab().save(str(path)):
            raise OSError(f"cannot write {path}")
        saved.append(path)
    return saved
