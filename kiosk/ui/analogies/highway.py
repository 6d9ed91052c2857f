"""The highway analogy: pain signals are cars driving from a sore hand to the brain;
ketamine is a roadblock that stops them (a picture of the idea, not how it works)."""

from __future__ import annotations

import functools
import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPainterPathStroker, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from kiosk.analogies import HighwayModel
from kiosk.content.model import Language
from kiosk.ui.analogies.base import AnalogyWidget
from kiosk.ui.analogies.canvas import Clock, LayerCache
from kiosk.ui.analogies.drawing import (
    PALETTE,
    Shapes,
    colour,
    draw_rays,
    ease_out,
    round_pen,
    svg_path,
)
from kiosk.ui.theme import Theme

ROAD = "M 120 478 H 330 C 400 478 430 450 430 390 V 262 C 430 200 470 170 540 170 H 600"
GROUND = ("M 110 530 C 40 480 50 370 130 330 C 210 290 240 190 330 140 C 420 90 560 55 670 80 "
          "C 760 100 770 220 740 320 C 710 420 700 510 610 535 C 470 575 200 580 110 530 Z")
ROAD_EDGE = 110.0
ROAD_SURFACE = 90.0
LANE = 22.0  # cars keep to the right-hand lane
BRAIN_CENTRE = QPointF(645, 150)
HAND_CENTRE = QPointF(132, 446)


def _car_paths() -> tuple[QPainterPath, QPainterPath, QPainterPath]:
    """Wheels, body and windows of the illustration's car, facing +x, centred on 0,0."""
    scale = 0.88

    def rounded(x: float, y: float, w: float, h: float, r: float) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(QRectF(x * scale, y * scale, w * scale, h * scale), r * scale, r * scale)
        return path

    wheels = rounded(-30, -19, 14, 38, 6)
    wheels.addPath(rounded(14, -19, 14, 38, 6))
    body = rounded(-32, -15, 64, 30, 13)
    windows = rounded(6, -10, 12, 20, 5)
    windows.addPath(rounded(-22, -9, 8, 18, 4))
    return wheels, body, windows


@functools.cache
def _road_samples(samples: int) -> tuple[tuple[float, float, float], ...]:
    """(x, y, heading) at ``samples`` + 1 evenly spaced spots along the road. Measured the
    first time a car needs them, once for every scene: the kiosk's start-up makes the
    attract screen's scene but need not pay for this until it plays."""
    road = svg_path(ROAD)
    length = road.length()
    points = []
    for spot in range(samples + 1):
        percent = road.percentAtLength(length * spot / samples)
        point = road.pointAtPercent(percent)
        points.append((point.x(), point.y(), -road.angleAtPercent(percent)))
    return tuple(points)


class HighwayScene:
    """Draws a :class:`HighwayModel` in the illustration style (logical 800x600)."""

    SAMPLES = 600

    def __init__(self, model: HighwayModel) -> None:
        self.model = model
        self.shapes = Shapes()
        self.road = svg_path(ROAD)
        self.ground = svg_path(GROUND)
        self.wheels, self.body, self.windows = _car_paths()
        stroker = QPainterPathStroker()
        stroker.setWidth(ROAD_EDGE + 60)
        stroker.setCapStyle(Qt.PenCapStyle.RoundCap)
        self._touch_area = stroker.createStroke(self.road)
        self._halo = QPainterPath()
        self._halo.addEllipse(BRAIN_CENTRE, 160, 136)
        self.layers = LayerCache()

    # -- geometry -----------------------------------------------------------------------
    def at(self, position: float) -> tuple[QPointF, float]:
        """The road's middle at ``position`` (0..1) and its heading in degrees (clockwise)."""
        spot = max(0.0, min(1.0, position)) * self.SAMPLES
        index = min(int(spot), self.SAMPLES - 1)
        t = spot - index
        points = _road_samples(self.SAMPLES)
        x0, y0, a0 = points[index]
        x1, y1, a1 = points[index + 1]
        turn = (a1 - a0 + 180.0) % 360.0 - 180.0
        return QPointF(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t), a0 + turn * t

    def car_centre(self, position: float) -> QPointF:
        point, heading = self.at(position)
        radians = math.radians(heading)
        return point + QPointF(-math.sin(radians), math.cos(radians)) * LANE

    def barrier_anchor(self) -> QPointF:
        point, _ = self.at(self.model.roadblock_at)
        return point

    def barrier_rect(self) -> QRectF:
        anchor = self.barrier_anchor()
        return QRectF(anchor.x() - 100, anchor.y() - 110, 200, 120)

    def hits_road(self, point: QPointF) -> bool:
        return self._touch_area.contains(point) or self.barrier_rect().contains(point)

    # -- drawing ------------------------------------------------------------------------
    def paint_still(self, painter: QPainter) -> None:
        """Ground, trees, the pain glow round the hand and the road."""
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(PALETTE.pale_sand))
        painter.drawPath(self.ground)
        for x, y, height, radius in ((245, 300, 44, 30), (629, 392, 48, 36)):
            painter.setBrush(QColor(PALETTE.deep_teal))
            painter.drawRoundedRect(QRectF(x, y, 12, height), 6, 6)
            painter.setBrush(QColor(PALETTE.soft_teal))
            painter.drawEllipse(QPointF(x + 6, y - radius * 0.33), radius, radius)
        painter.setBrush(colour(PALETTE.terracotta, 0.18))
        painter.drawEllipse(HAND_CENTRE, 80, 80)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        end = self.road.currentPosition()
        for hex_code, width in ((PALETTE.deep_teal, ROAD_EDGE), (PALETTE.soft_teal, ROAD_SURFACE)):
            pen = round_pen(hex_code, width)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)  # the start hides under the hand
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(self.road)
            painter.setPen(Qt.PenStyle.NoPen)  # the end, under the brain, is rounded
            painter.setBrush(QColor(hex_code))
            painter.drawEllipse(end, width / 2, width / 2)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        dashes = QPen(QColor(PALETTE.cream), 10)
        dashes.setCapStyle(Qt.PenCapStyle.RoundCap)
        dashes.setDashPattern([1.8, 2.6])
        painter.setPen(dashes)
        painter.drawPath(self.road)
        draw_rays(painter, QPointF(130, 420), (135.0, 90.0, 45.0), 60, 16, QColor(PALETTE.terracotta))

    def paint(self, painter: QPainter) -> None:
        """Cars, the roadblock, the hand (over the cars setting off) and the brain."""
        self._paint_cars(painter)
        self._paint_barrier(painter)
        self.shapes.draw_hand(painter, PALETTE.skin_warm, PALETTE.deep_teal)
        self._paint_brain(painter)

    def _paint_cars(self, painter: QPainter) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        for car in self.model.cars:
            centre = self.car_centre(car.position)
            _, heading = self.at(car.position)
            painter.save()
            painter.translate(centre)
            painter.rotate(heading)
            painter.setOpacity(min(1.0, car.position / 0.04))
            painter.setBrush(QColor(PALETTE.rust))
            painter.drawPath(self.wheels)
            painter.setBrush(QColor(PALETTE.terracotta))
            painter.drawPath(self.body)
            painter.setBrush(QColor(PALETTE.cream))
            painter.drawPath(self.windows)
            painter.restore()

    def _paint_barrier(self, painter: QPainter) -> None:
        drop = self.model.barrier
        if drop <= 0.0:
            return
        anchor = self.barrier_anchor()
        painter.save()
        painter.translate(anchor.x(), anchor.y() - (1.0 - ease_out(drop)) * 120.0)
        painter.setOpacity(min(1.0, drop * 2.0))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(PALETTE.deep_teal))
        for x in (-68.0, 54.0):
            painter.drawRoundedRect(QRectF(x, -58, 14, 58), 7, 7)
        for x in (-84.0, 38.0):
            painter.drawRoundedRect(QRectF(x, -8, 46, 14), 7, 7)
        painter.drawRoundedRect(QRectF(-94, -80, 188, 46), 14, 14)
        for x in (-80.0, 70.0):
            painter.drawRoundedRect(QRectF(x, -92, 10, 14), 3, 3)
        painter.setBrush(QColor(PALETTE.cream))
        for left in (-54.0, -6.0, 42.0):
            painter.drawPolygon(QPolygonF([QPointF(left, -80), QPointF(left + 24, -80),
                                           QPointF(left, -34), QPointF(left - 24, -34)]))
        painter.setBrush(QColor(PALETTE.sand))
        painter.drawEllipse(QPointF(-75, -96), 11, 11)
        painter.drawEllipse(QPointF(75, -96), 11, 11)
        painter.restore()

    def _paint_halo(self, painter: QPainter) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour(PALETTE.terracotta, 0.16))
        painter.drawPath(self._halo)
        painter.setBrush(colour(PALETTE.terracotta, 0.2))
        painter.drawEllipse(BRAIN_CENTRE, 122, 100)

    def _paint_brain(self, painter: QPainter) -> None:
        glow = self.model.brain_glow
        self.layers.draw(painter, "brain-glow", self._halo.boundingRect(), self._paint_halo, glow)
        self.shapes.draw_brain_from(self.layers, painter, glow / 0.45)
        if glow > 0.12:
            strength = min(1.0, (glow - 0.12) / 0.4)
            draw_rays(painter, BRAIN_CENTRE, (128.0, 90.0, 52.0, 15.0, -22.0),
                      122, 8 + 16 * strength, colour(PALETTE.terracotta, strength), squash=0.78)


class HighwayAnalogy(AnalogyWidget):
    """Cars (pain signals) drive to the brain; the button or a tap on the road puts a
    roadblock down (ketamine) or lifts it."""

    model: HighwayModel
    scene: HighwayScene

    def __init__(self, language: Language, theme: Theme, clock: Clock | None = None,
                 parent: QWidget | None = None) -> None:
        self.model = HighwayModel()
        self.scene = HighwayScene(self.model)
        super().__init__(language, theme, clock, parent)
        self.setObjectName("HighwayAnalogy")
        self.refresh_words()
        self.apply_theme(theme)

    @property
    def blocked(self) -> bool:
        return self.model.blocked

    def toggle(self) -> None:
        """Put the roadblock down, or lift it."""
        self.model.toggle()
        self.state_changed()

    # -- AnalogyWidget ------------------------------------------------------------------
    def button_icon(self) -> str:
        return "road-block"

    def prepare(self) -> None:
        _road_samples(self.scene.SAMPLES)  # tens of ms, once per program

    def state_key(self) -> object:
        return self.model.blocked

    def on_tap(self, point: QPointF) -> None:
        if self.scene.hits_road(point):
            self.toggle()

    def on_button(self) -> None:
        self.toggle()

    def button_texts(self) -> list[str]:
        return [self.text(key) for key in ("highway_block", "highway_unblock")]

    def refresh_words(self) -> None:
        blocked = self.model.blocked
        self.set_button(self.text("highway_unblock" if blocked else "highway_block"),
                        "close" if blocked else "road-block")
        self.hint.setText(self.text("highway_hint"))
        caption = self.text("highway_caption")
        self.caption.setText(caption)
        state = "highway_blocked_alt" if blocked else "highway_open_alt"
        self.canvas.setAccessibleName(self.optional_text(state, caption))
        self.canvas.setAccessibleDescription(caption)
