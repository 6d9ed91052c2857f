"""Small building blocks shared by the screens."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPaintDevice, QPainter, QPaintEvent, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QScrollerProperties,
    QWidget,
)

from kiosk.ui.theme import Theme


def _file_stamp(path: Path | None) -> tuple[int, int] | None:
    """(modified time, size) of ``path``: tells when a picture file was replaced."""
    try:
        stat = path.stat() if path is not None else None
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size) if stat is not None else None


class Picture(QWidget):
    """An illustration (SVG, PNG or JPEG) drawn as large as fits, keeping its shape.

    The file is read the first time the picture is painted or asked about, so a tile
    that is never scrolled into view (in a content folder of hundreds of pages) costs
    nothing; setting the same unchanged file again is free. Unless ``keep_drawing`` is
    False (a picture that changes with every page), it is drawn into a pixmap once per
    size: a repaint (a tap pressing a tile, the home screen shown again) only copies it.
    """

    def __init__(self, parent: QWidget | None = None, *, keep_drawing: bool = True) -> None:
        super().__init__(parent)
        self._keep_drawing = keep_drawing
        self._renderer: QSvgRenderer | None = None
        self._pixmap: QPixmap | None = None
        self._path: Path | None = None
        self._stamp: tuple[int, int] | None = None
        self._loaded = True
        self._drawn: QPixmap | None = None  # the picture drawn at _drawn_for (width, height, pixel ratio)
        self._drawn_for: tuple[int, int, float] | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def set_picture(self, path: Path | None, description: str = "") -> None:
        stamp = _file_stamp(path)
        if path == self._path and stamp == self._stamp:
            self.setAccessibleName(description)
            return
        self._path = path
        self._stamp = stamp
        self._renderer = None
        self._pixmap = None
        self._drawn = None
        self._loaded = path is None
        self.setAccessibleName(description)
        self.update()

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        path = self._path
        if path is not None and path.suffix.lower() == ".svg":
            renderer = QSvgRenderer(str(path))
            self._renderer = renderer if renderer.isValid() else None
        elif path is not None:
            pixmap = QPixmap(str(path))
            self._pixmap = None if pixmap.isNull() else pixmap

    @property
    def path(self) -> Path | None:
        return self._path

    def has_picture(self) -> bool:
        self._load()
        return self._renderer is not None or self._pixmap is not None

    def _natural_size(self) -> QSize:
        if self._renderer is not None:
            return self._renderer.defaultSize()
        if self._pixmap is not None:
            return self._pixmap.size()
        return QSize(4, 3)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(320, 240)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        if not self.has_picture() or self._natural_size().isEmpty() or self.size().isEmpty():
            return
        if not self._keep_drawing:
            self._draw_on(self)
            return
        ratio = self.devicePixelRatioF()
        wanted = (self.width(), self.height(), ratio)
        if self._drawn is None or self._drawn_for != wanted:
            self._drawn, self._drawn_for = self._draw(ratio), wanted
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._drawn)
        painter.end()

    def forget_drawing(self) -> None:
        """Let go of the drawn pixmap (it is drawn again when next painted)."""
        self._drawn = None

    def _draw(self, ratio: float) -> QPixmap:
        """The picture drawn over the whole widget, kept for the next paint."""
        drawn = QPixmap(self.size() * ratio)
        drawn.setDevicePixelRatio(ratio)
        drawn.fill(Qt.GlobalColor.transparent)
        self._draw_on(drawn)
        return drawn

    def _draw_on(self, device: QPaintDevice) -> None:
        """The picture drawn on ``device`` (this widget, or a pixmap of its size), centred,
        as large as fits."""
        natural = self._natural_size()
        scaled = natural.scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        target = QRectF(
            (self.width() - scaled.width()) / 2, (self.height() - scaled.height()) / 2,
            scaled.width(), scaled.height(),
        )
        painter = QPainter(device)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        if self._renderer is not None:
            self._renderer.render(painter, target)
        elif self._pixmap is not None:
            painter.drawPixmap(target, self._pixmap, QRectF(self._pixmap.rect()))
        painter.end()


def make_label(text: str, name: str, wrap: bool = True) -> QLabel:
    """Words on screen: plain text (never HTML), styled by ``name``, wrapping by default."""
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def make_button(text: str, role: str = "primary", icon: str | None = None,
                theme: Theme | None = None, icon_after: bool = False,
                parent: QWidget | None = None) -> QPushButton:
    """A big touch button whose accessible name is exactly what it says."""
    button = QPushButton(parent)
    button.setProperty("role", role)
    button.setProperty("icon_name", icon or "")
    button.setProperty("icon_after", icon_after)
    set_button_text(button, text)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    button.setAutoDefault(False)
    if icon_after:
        button.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    if theme is not None:
        style_button_icon(button, theme)
    return button


_ICON_GAP = "\u2002"  # an en space between a button's icon and its words


def set_button_text(button: QPushButton, text: str) -> None:
    """Set what a button says; its accessible name is exactly those words."""
    if button.property("icon_name"):
        text_shown = text + _ICON_GAP if button.property("icon_after") else _ICON_GAP + text
    else:
        text_shown = text
    button.setText(text_shown)
    button.setAccessibleName(text)


def style_button_icon(button: QPushButton, theme: Theme) -> None:
    """(Re)draw a button's icon in the colour its role uses in ``theme``."""
    name = button.property("icon_name")
    if not name:
        return
    filled = button.property("role") == "primary" or (button.isCheckable() and button.isChecked())
    color = "on_action" if filled else "action"
    size = theme.px("icon")
    button.setIcon(theme.icon(name, color, size))
    button.setIconSize(QSize(size, size))


def enable_flick_scrolling(area: QAbstractScrollArea) -> QScroller:
    """Finger-flick (kinetic) scrolling on ``area``, driven by touch or a held mouse button."""
    viewport = area.viewport()
    QScroller.grabGesture(viewport, QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    scroller = QScroller.scroller(viewport)
    properties = scroller.scrollerProperties()
    off = QScrollerProperties.OvershootPolicy.OvershootAlwaysOff
    properties.setScrollMetric(QScrollerProperties.ScrollMetric.HorizontalOvershootPolicy, off)
    properties.setScrollMetric(QScrollerProperties.ScrollMetric.VerticalOvershootPolicy, off)
    properties.setScrollMetric(QScrollerProperties.ScrollMetric.DragStartDistance, 0.004)
    # Taps reach what is under the finger at once (instant feedback); a drag that
    # follows cancels that press, so scrolling over a tile never opens it.
    properties.setScrollMetric(QScrollerProperties.ScrollMetric.MousePressEventDelay, 0.0)
    scroller.setScrollerProperties(properties)
    return scroller


def make_scroll_area(content: QWidget) -> QScrollArea:
    """A frameless area that scrolls ``content`` up and down with a finger flick."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(content)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    enable_flick_scrolling(area)
    return area


class SwipeDetector(QObject):
    """Tells when a finger (or held mouse) moved mostly sideways across watched areas.

    It filters the events of the top-level *window* (install it with
    ``window.windowHandle().installEventFilter(detector)``): touches reach the window
    before a :class:`QScroller` in those areas takes them for scrolling.

    Signals:
        swiped(int): +1 for a swipe to the left (go forward), -1 to the right (go back).
    """

    swiped = Signal(int)

    def __init__(self, parent: QObject, threshold: float = 160.0) -> None:
        super().__init__(parent)
        self.threshold = threshold
        self._areas: list[QWidget] = []
        self._start: QPointF | None = None

    def watch(self, widget: QWidget) -> None:
        self._areas.append(widget)

    def _in_area(self, global_pos: QPointF) -> bool:
        point = global_pos.toPoint()
        return any(area.isVisible() and area.rect().contains(area.mapFromGlobal(point))
                   for area in self._areas)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            self._start = event.globalPosition() if self._in_area(event.globalPosition()) else None
        elif kind == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            start, self._start = self._start, None
            if start is not None:
                moved = event.globalPosition() - start
                if abs(moved.x()) >= self.threshold and abs(moved.x()) > 1.5 * abs(moved.y()):
                    self.swiped.emit(1 if moved.x() < 0 else -1)
        return False


def flow_buttons(grid: QGridLayout, buttons: list[QPushButton], room: int, gap: int) -> bool:
    """Lay ``buttons`` out in one row (the last one pushed to the right) when they fit in
    ``room`` pixels, else one per row at full width, so that no button's words are cut.
    Returns True for one row."""
    for button in buttons:
        grid.removeWidget(button)
    shown = [b for b in buttons if not b.isHidden()]
    one_row = sum(b.sizeHint().width() for b in shown) + gap * max(0, len(shown) - 1) <= room
    spacer = len(buttons) - 1  # the empty column before the last button
    for column in range(len(buttons) + 1):
        grid.setColumnStretch(column, 0)
    if one_row:
        for column, button in enumerate(buttons):
            grid.addWidget(button, 0, column if button is not buttons[-1] else spacer + 1)
        grid.setColumnStretch(spacer, 1)
    else:
        for row, button in enumerate(buttons):
            grid.addWidget(button, row, 0, 1, len(buttons) + 1)
        grid.setColumnStretch(0, 1)
    return one_row
