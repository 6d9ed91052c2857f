"""Styling is data: tokens (``assets/style/tokens.toml``) fill the stylesheet templates.

:class:`Theme` turns tokens into the Qt stylesheet, the page-text CSS, colours and
tinted SVG icons, at the scale of the screen the kiosk is on.
"""

from __future__ import annotations

import logging
import string
import tomllib
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontDatabase, QIcon, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from kiosk import paths
from kiosk.content.files import FileRefused, read_regular

log = logging.getLogger(__name__)

REFERENCE_SIDE = 1080  # sizes in tokens.toml are for a screen whose short side is 1080 px
MIN_SCALE = 0.6
MAX_SCALE = 3.0
FONT_FAMILY = "Atkinson Hyperlegible"
MAX_FONT_BYTES = 20_000_000


def load_fonts(folder: Path | None = None) -> list[str]:
    """Register the bundled fonts with Qt; returns the families found."""
    families: set[str] = set()
    for path in sorted((folder or paths.fonts_dir()).glob("*.ttf")):
        try:  # an ordinary file only, read without blocking (as every file the kiosk opens)
            data = read_regular(path, MAX_FONT_BYTES)
        except FileRefused as error:
            log.warning("font %s could not be loaded: %s", path.name, error)
            continue
        font_id = QFontDatabase.addApplicationFontFromData(QByteArray(data))
        if font_id < 0:
            log.warning("font %s could not be loaded", path.name)
            continue
        families.update(QFontDatabase.applicationFontFamilies(font_id))
    return sorted(families)


def _pixel_ratio() -> float:
    """Device pixels per logical pixel on the densest screen (1.0 before the application
    exists). An icon drawn for more pixels than the screen has costs memory, and Qt scales it
    down again, and keeps the scaled copy, every time it is painted at a new size."""
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        return 1.0
    return max((screen.devicePixelRatio() for screen in QGuiApplication.screens()), default=1.0)


def scale_for(size: QSize) -> float:
    """How much bigger than the 1080p design the screen of ``size`` is."""
    short = min(size.width(), size.height())
    if short <= 0:
        return 1.0
    return max(MIN_SCALE, min(MAX_SCALE, short / REFERENCE_SIDE))


@dataclass(frozen=True)
class Tokens:
    sizes: dict[str, int]
    themes: dict[str, dict[str, str | int]]
    contrast_pairs: list[tuple[str, str]]
    text_limits: dict[str, float]

    @classmethod
    def load(cls, path: Path | None = None) -> Tokens:
        data = tomllib.loads((path or paths.style_dir() / "tokens.toml").read_text(encoding="utf-8"))
        pairs = [(a, b) for a, b in data["contrast"]["pairs"]]
        return cls(sizes=dict(data["sizes"]), themes=dict(data["themes"]), contrast_pairs=pairs,
                   text_limits=dict(data.get("text_limits", {})))


class Theme:
    """Colours and sizes for one theme at one screen scale."""

    def __init__(self, tokens: Tokens | None = None, name: str = "default", scale: float = 1.0,
                 text_scale: float = 1.0) -> None:
        self.tokens = tokens or Tokens.load()
        self.name = name
        self.scale = scale
        self.text_scale = text_scale
        style = paths.style_dir()
        self._qss = string.Template((style / "kiosk.qss").read_text(encoding="utf-8"))
        self._css = string.Template((style / "page.css").read_text(encoding="utf-8"))
        self._icons: dict[tuple[str, str, int], QIcon] = {}
        self._svg_sources: dict[str, str] = {}

    def with_scale(self, scale: float) -> Theme:
        return self.changed(scale=scale)

    def changed(self, scale: float | None = None, name: str | None = None,
                text_scale: float | None = None) -> Theme:
        """A copy with a different screen scale, theme or text size."""
        theme = Theme(self.tokens, name or self.name, self.scale if scale is None else scale,
                      self.text_scale if text_scale is None else text_scale)
        theme._svg_sources = self._svg_sources
        return theme

    # -- values ---------------------------------------------------------------------
    def px(self, size_name: str) -> int:
        """A size token in device-independent pixels at this theme's scale (text sizes
        also grow with the visitor's text size)."""
        grow = 1.0
        if size_name.startswith("text_"):
            grow = min(self.text_scale, self.tokens.text_limits.get(size_name, self.text_scale))
        factor = self.scale * grow
        return max(1, round(self.tokens.sizes[size_name] * factor))

    def color(self, name: str) -> QColor:
        return QColor(str(self.tokens.themes[self.name][name]))

    def _values(self) -> dict[str, str]:
        values = {key: str(self.px(key)) for key in self.tokens.sizes}
        for key, value in self.tokens.themes[self.name].items():
            values[key] = str(max(1, round(value * self.scale))) if isinstance(value, int) else value
        return values

    def stylesheet(self) -> str:
        return self._qss.substitute(self._values())

    def page_css(self) -> str:
        return self._css.substitute(self._values())

    # -- icons ----------------------------------------------------------------------
    def icon(self, name: str, color_name: str = "on_action", size: int | None = None) -> QIcon:
        """An icon from ``assets/icons`` drawn in the theme colour ``color_name``."""
        pixels = size or self.px("icon")
        key = (name, color_name, pixels)
        if key not in self._icons:
            self._icons[key] = QIcon(self._render_icon(name, self.color(color_name), pixels))
        return self._icons[key]

    def _render_icon(self, name: str, color: QColor, pixels: int) -> QPixmap:
        source = self._svg_sources.get(name)
        if source is None:
            path = paths.icons_dir() / f"{name}.svg"
            try:
                source = read_regular(path).decode("utf-8")
            except (FileRefused, UnicodeDecodeError) as error:
                log.warning("icon %s cannot be used: %s", path, error)
                source = ""
            self._svg_sources[name] = source
        renderer = QSvgRenderer(QByteArray(source.replace("currentColor", color.name()).encode()))
        ratio = _pixel_ratio()  # drawn for the screen's pixels: crisp, and never scaled at paint
        side = round(pixels * ratio)
        image = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        if renderer.isValid():
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            renderer.render(painter, QRectF(0, 0, image.width(), image.height()))
            painter.end()
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(ratio)
        return pixmap
