"""What the analogies draw with: the illustration palette, colours, easing, SVG paths
and the shapes from the illustrations. The canvas, layer cache and frame driver are in
:mod:`.canvas`.

The colours here are the illustration palette (``docs/illustration-style.md``), the one
place in Python where colours are named: the drawings must match the SVG pictures,
whatever the interface theme.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QTransform,
)

from kiosk.ui.analogies.canvas import LayerCache


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
