"""What the analogies share: the illustration palette, shapes from the illustrations,
a canvas that draws a logical 800x600 scene at any size, and a frame driver.

The colours here are the illustration palette (``docs/illustration-style.md``), the one
place in Python where colours are named: the drawings must match the SVG pictures,
whatever the interface theme.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QPointF, QRectF, QSize, QSizeF, Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPaintEvent,
    QPen,
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


@dataclass(frozen=True)
class Palette:
    """The illustration palette, by name (see docs/illustration-style.md)."""

    deep_teal: str = "#0A5A5F"
    soft_teal: str = "#7FB8B3"
    pale_teal: str = "#CFE5E1"
    sand: str = "#E8C9A0"
    pale_sand: str = "#E9E1D3"
    cream: str = "#FBF8F2"
    terracotta: str = "#C8643B"
    rust: str = "#8A3B12"
    ink: str = "#1B2A38"
    skin_warm: str = "#C68642"
    skin_light: str = "#E0AC69"
    skin_deep: str = "#8D5524"


PALETTE = Palette()


def colour(hex_code: str, alpha: float = 1.0) -> QColor:
    color = QColor(hex_code)
    if alpha < 1.0:
        color.setAlphaF(max(0.0, alpha))
    return color


def mix(first: str, second: str, amount: float, alpha: float = 1.0) -> QColor:
    """The colour ``amount`` (0..1) of the way from ``first`` to ``second``."""
    a, b = QColor(first), QColor(second)
    t = max(0.0, min(1.0, amount))
    return QColor.fromRgbF(a.redF() + (b.redF() - a.redF()) * t, a.greenF() + (b.greenF() - a.greenF()) * t,
                           a.blueF() + (b.blueF() - a.blueF()) * t, max(0.0, min(1.0, alpha)))


def mix3(first: str, middle: str, last: str, amount: float) -> QColor:
    """A colour along ``first`` -> ``middle`` -> ``last`` (avoids the grey halfway
    between two opposite colours)."""
    if amount <= 0.5:
        return mix(first, middle, amount * 2)
    return mix(middle, last, amount * 2 - 1)


def ease_out(t: float) -> float:
    t = max(0.0, min(1.0, t))
    return 1.0 - (1.0 - t) ** 3


def ease_in_out(t: float) -> float:
    t = max(0.0, min(1.0, t))
    return t * t * (3.0 - 2.0 * t)


_TOKEN = re.compile(r"[MLHVCZ]|-?\d+(?:\.\d+)?")


def svg_path(data: str) -> QPainterPath:
    """A path from absolute SVG path data (M, L, H, V, C, Z), as the illustrations use."""
    tokens = _TOKEN.findall(data)
    path = QPainterPath()
    index = 0
    command = ""
    current = QPointF()

    def number() -> float:
        nonlocal index
        value = float(tokens[index])
        index += 1
        return value

    while index < len(tokens):
        if tokens[index].isalpha():
            command = tokens[index]
            index += 1
        if command == "M":
            current = QPointF(number(), number())
            path.moveTo(current)
            command = "L"
        elif command == "L":
            current = QPointF(number(), number())
            path.lineTo(current)
        elif command == "H":
            current = QPointF(number(), current.y())
            path.lineTo(current)
        elif command == "V":
            current = QPointF(current.x(), number())
            path.lineTo(current)
        elif command == "C":
            c1 = QPointF(number(), number())
            c2 = QPointF(number(), number())
            current = QPointF(number(), number())
            path.cubicTo(c1, c2, current)
        elif command == "Z":
            path.closeSubpath()
        else:
            raise ValueError(f"unsupported path command {command!r}")
    return path


def round_pen(hex_or_colour: str | QColor, width: float) -> QPen:
    pen = QPen(QColor(hex_or_colour) if isinstance(hex_or_colour, str) else hex_or_colour, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


# -- shapes taken from the illustrations ---------------------------------------------------

def _hand_path() -> QPainterPath:
    """The raised hand of ``highway-roadblock.svg`` (palm about 86..176, 370..506)."""
    hand = QPainterPath()
    hand.addRoundedRect(QRectF(106, 480, 52, 60), 18, 18)
    thumb = QPainterPath()
    thumb.addRoundedRect(QRectF(87, 418, 22, 64), 11, 11)
    turn = QTransform().translate(98, 476).rotate(-35).translate(-98, -476)
    hand = hand.united(turn.map(thumb))
    for rect, radius in (((86, 420, 90, 86), 32), ((88, 386, 20, 62), 10), ((110, 370, 20, 72), 10),
                         ((132, 374, 20, 68), 10), ((154, 392, 19, 56), 9.5)):
        part = QPainterPath()
        part.addRoundedRect(QRectF(*rect), radius, radius)
        hand = hand.united(part)
    return hand.simplified()


def _brain_path() -> QPainterPath:
    return svg_path(
        "M 574 208 C 548 200 540 170 556 152 C 548 124 568 100 594 100 C 606 80 640 76 658 88 "
        "C 678 74 714 84 718 106 C 742 116 746 152 730 168 C 736 190 716 210 692 204 "
        "C 678 218 654 220 642 208 C 626 220 596 220 586 208 C 582 210 578 210 574 208 Z")


_BRAIN_FOLDS = (
    "M 652 96 C 640 118 664 134 650 156 C 640 172 652 188 648 202",
    "M 574 136 C 590 128 604 144 620 138",
    "M 578 178 C 594 170 606 186 622 180",
    "M 684 110 C 694 124 708 118 716 130",
    "M 676 166 C 690 156 702 168 716 162",
)


BRAIN_STEPS = 12  # how many warmths of the brain are drawn (and kept) as pixmaps


class Shapes:
    """Paths built once and shared by every scene (logical 800x600 coordinates)."""

    def __init__(self) -> None:
        self.hand = _hand_path()
        self.cuff = QPainterPath()
        self.cuff.addRoundedRect(QRectF(98, 518, 68, 36), 14, 14)
        self.brain = _brain_path()
        folds = QPainterPath()
        for fold in _BRAIN_FOLDS:
            folds.addPath(svg_path(fold))
        stroker = QPainterPathStroker()  # outlined once: filling is faster than stroking
        stroker.setWidth(5)
        stroker.setCapStyle(Qt.PenCapStyle.RoundCap)
        stroker.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        self.brain_folds = stroker.createStroke(folds).simplified()
        self.brain_stem = QPainterPath()
        stem = QPainterPath()
        stem.addRoundedRect(QRectF(638, 192, 32, 44), 16, 16)
        self.brain_stem.addPath(QTransform().translate(654, 200).rotate(-10).translate(-654, -200).map(stem))
        self.brain_stem.addEllipse(QPointF(692, 206), 32, 22)

        self.brain_bounds = self.brain.boundingRect().united(self.brain_stem.boundingRect())

    def draw_hand(self, painter: QPainter, skin: str, sleeve: str) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(skin))
        painter.drawPath(self.hand)
        painter.setBrush(QColor(sleeve))
        painter.drawPath(self.cuff)

    def draw_brain(self, painter: QPainter, heat: float) -> None:
        """The brain of the illustrations; ``heat`` 0..1 warms it from calm teal to sand."""
        painter.setPen(Qt.PenStyle.NoPen)
        heat = ease_in_out(heat)
        painter.setBrush(mix3(PALETTE.soft_teal, PALETTE.sand, PALETTE.terracotta, heat))
        painter.drawPath(self.brain_stem)
        painter.setBrush(mix3(PALETTE.pale_teal, PALETTE.cream, PALETTE.sand, heat))
        painter.drawPath(self.brain)
        painter.setBrush(mix3(PALETTE.soft_teal, PALETTE.sand, PALETTE.terracotta, heat))
        painter.drawPath(self.brain_folds)

    def draw_brain_from(self, layers: LayerCache, painter: QPainter, heat: float) -> None:
        """:meth:`draw_brain` through ``layers``, at one of BRAIN_STEPS warmths."""
        level = round(max(0.0, min(1.0, heat)) * BRAIN_STEPS)
        layers.draw(painter, ("brain", level), self.brain_bounds,
                    lambda layer: self.draw_brain(layer, level / BRAIN_STEPS))


def draw_rays(painter: QPainter, centre: QPointF, angles: tuple[float, ...], inner: float, length: float,
              colour_: QColor, width: float = 5.0, squash: float = 1.0) -> None:
    """Short radiating lines (how the illustrations show pain or a strong reaction).

    They start on an ellipse ``inner`` wide and ``inner * squash`` high round ``centre``.
    """
    if length <= 0.5 or colour_.alphaF() <= 0.01:
        return
    painter.setPen(round_pen(colour_, width))
    for degrees in angles:
        radians = math.radians(degrees)
        direction = QPointF(math.cos(radians), -math.sin(radians))
        start = centre + QPointF(direction.x() * inner, direction.y() * inner * squash)
        painter.drawLine(start, start + direction * length)


def filled(path: QPainterPath, color: QColor) -> Callable[[QPainter], None]:
    """A drawing step that fills ``path`` with ``color`` (for :class:`LayerCache`)."""

    def paint(painter: QPainter) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawPath(path)

    return paint


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
    whenever ``still_key`` returns something new, into a cached pixmap; ``paint`` draws
    the rest each frame. Both callbacks draw in logical coordinates.

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
            pixmap = QPixmap(max(1, round(self.width() * ratio)), max(1, round(self.height() * ratio)))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setTransform(self.scene_transform())
            self._paint_still(painter)
            painter.end()
            self._still = pixmap
            self._still_drawn_for = key
        return self._still

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        still = self._still_layer()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if still is not None:
            painter.drawPixmap(0, 0, still)
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
