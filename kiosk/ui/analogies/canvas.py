"""Where the analogies draw: a canvas that draws a logical 800x600 scene at any size,
a cache of translucent layers, and a frame driver that moves the scene on."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QPointF, QRectF, QSize, QSizeF, Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
    QResizeEvent,
    QTransform,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

Clock = Callable[[], float]
"""Returns the time in milliseconds; only differences between calls matter."""

SCENE = QSizeF(800.0, 600.0)
FRAME_MS = 16  # about 60 frames a second
MAX_FRAME_MS = 100.0  # a late frame never jumps the scene further than this


def monotonic_ms() -> float:
    return time.monotonic() * 1000.0


class LayerCache:
    """Big translucent shapes (glows), drawn once into pixmaps at the screen's resolution
    and then copied with any opacity each frame.

    Qt's raster painter fills a large translucent shape several times slower than it
    copies a pixmap, so this keeps a frame within budget. The pixmaps are dropped when the
    drawing's scale changes and on :meth:`clear` (when the picture goes off screen).
    """

    def __init__(self) -> None:
        self._layers: dict[object, tuple[QPointF, QPixmap]] = {}
        self._placement: tuple[float, ...] = ()

    def clear(self) -> None:
        self._layers.clear()

    def draw(self, painter: QPainter, key: object, bounds: QRectF, paint: Callable[[QPainter], None],
             opacity: float = 1.0) -> None:
        """Copy the layer ``key`` (``paint`` draws it, within ``bounds``, in scene coordinates)."""
        if opacity <= 0.004:
            return
        transform = painter.transform()
        device = painter.device()
        ratio = device.devicePixelRatioF() if device is not None else 1.0
        placement = (transform.m11(), transform.m22(), transform.dx(), transform.dy(), ratio)
        if placement != self._placement:
            self._layers.clear()
            self._placement = placement
        layer = self._layers.get(key)
        if layer is None:
            box = transform.mapRect(bounds).toAlignedRect().adjusted(-2, -2, 2, 2)
            pixmap = QPixmap(max(1, round(box.width() * ratio)), max(1, round(box.height() * ratio)))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            layer_painter = QPainter(pixmap)
            layer_painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            layer_painter.translate(-box.x(), -box.y())
            layer_painter.setTransform(transform, True)
            paint(layer_painter)
            layer_painter.end()
            layer = (QPointF(box.topLeft()), pixmap)
            self._layers[key] = layer
        painter.save()
        painter.resetTransform()
        painter.setOpacity(painter.opacity() * min(1.0, opacity))
        painter.drawPixmap(layer[0], layer[1])
        painter.restore()


# -- the canvas and the clock ----------------------------------------------------------------

class SceneCanvas(QWidget):
    """Draws a scene in a logical 800x600 space, as large as fits and centred.

    The part that does not move (``paint_still``) is drawn once per size, and again
    whenever ``still_key`` returns something new, into a cached pixmap the size of the
    scene on screen (not of the whole canvas: on a wide or tall screen the margins beside
    the scene would double the pixmap and the copy made each frame); ``paint`` draws the
    rest each frame. Both callbacks draw in logical coordinates, within the scene.

    Signals:
        pressed(QPointF): a finger (or mouse) went down on the scene; logical coordinates.
        tapped(QPointF): a finger went down and up without moving far; logical coordinates.
    """

    pressed = Signal(QPointF)
    tapped = Signal(QPointF)

    TAP_SLOP = 24.0  # how far (device-independent pixels) a tap may wander

    def __init__(self, paint: Callable[[QPainter], None],
                 paint_still: Callable[[QPainter], None] | None = None,
                 still_key: Callable[[], object] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._paint = paint
        self._paint_still = paint_still
        self._still_key = still_key or (lambda: None)
        self._still: QPixmap | None = None
        self._still_at = QPointF()  # where the still layer's top left goes on the canvas
        self._still_drawn_for: object = None
        self._press: QPointF | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(240, 180)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(640, 480)

    def scene_transform(self) -> QTransform:
        scale = min(self.width() / SCENE.width(), self.height() / SCENE.height())
        dx = (self.width() - SCENE.width() * scale) / 2
        dy = (self.height() - SCENE.height() * scale) / 2
        return QTransform(scale, 0, 0, scale, dx, dy)

    def to_scene(self, point: QPointF) -> QPointF:
        inverted, _ = self.scene_transform().inverted()
        return inverted.map(point)

    def from_scene(self, point: QPointF) -> QPointF:
        return self.scene_transform().map(point)

    def invalidate_still(self) -> None:
        self._still = None
        self.update()

    def release(self) -> None:
        """Forget the pre-drawn still layer (it is drawn again when next shown)."""
        self._still = None

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._still = None

    def _still_layer(self) -> QPixmap | None:
        if self._paint_still is None:
            return None
        ratio = self.devicePixelRatioF()
        key = self._still_key()
        if self._still is None or self._still.devicePixelRatio() != ratio or key != self._still_drawn_for:
            transform = self.scene_transform()
            # Whole pixels round the scene, so that the layer lands on the pixel grid
            # exactly as if it were drawn straight onto the canvas.
            box = transform.mapRect(QRectF(QPointF(), SCENE)).toAlignedRect().intersected(self.rect())
            pixmap = QPixmap(max(1, round(box.width() * ratio)), max(1, round(box.height() * ratio)))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.translate(-box.x(), -box.y())
            painter.setTransform(transform, True)
            self._paint_still(painter)
            painter.end()
            self._still = pixmap
            self._still_at = QPointF(box.topLeft())
            self._still_drawn_for = key
        return self._still

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        still = self._still_layer()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if still is not None:
            painter.drawPixmap(self._still_at, still)
        painter.setTransform(self.scene_transform())
        self._paint(painter)
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if event.button() != Qt.MouseButton.LeftButton:
            return
        self._press = event.position()
        self.pressed.emit(self.to_scene(event.position()))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        start, self._press = self._press, None
        if start is None or event.button() != Qt.MouseButton.LeftButton:
            return
        moved = event.position() - start
        if math.hypot(moved.x(), moved.y()) <= self.TAP_SLOP:
            self.tapped.emit(self.to_scene(event.position()))


class FrameDriver(QObject):
    """About 60 times a second, says how much time passed on an injected clock.

    It runs only between :meth:`start` and :meth:`stop`; its owner starts it when shown
    and stops it when hidden, so nothing ticks off screen.

    Signals:
        frame_elapsed(float): milliseconds since the previous frame (at most MAX_FRAME_MS).
    """

    frame_elapsed = Signal(float)

    def __init__(self, clock: Clock | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clock: Clock = clock or monotonic_ms
        self._last = 0.0
        self.timer = QTimer(self)
        self.timer.setInterval(FRAME_MS)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._on_timeout)

    @property
    def running(self) -> bool:
        return self.timer.isActive()

    def start(self) -> None:
        if not self.timer.isActive():
            self._last = self.clock()
            self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def tick(self) -> float:
        """Read the clock now, as a frame would; returns (and signals) the time passed."""
        now = self.clock()
        elapsed = max(0.0, min(MAX_FRAME_MS, now - self._last))
        self._last = now
        self.frame_elapsed.emit(elapsed)
        return elapsed

    @Slot()
    def _on_timeout(self) -> None:
        self.tick()
