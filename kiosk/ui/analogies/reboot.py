"""The reboot analogy: an over-excited nerve pathway from a hand to the brain that a
restart leaves calm (a picture of the idea; it may help, it is not a promise)."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPainterPathStroker, QPolygonF
from PySide6.QtWidgets import QWidget

from kiosk.analogies import Phase, RebootModel
from kiosk.content.model import Language
from kiosk.ui.analogies.base import AnalogyWidget
from kiosk.ui.analogies.canvas import Clock, LayerCache
from kiosk.ui.analogies.drawing import (
    PALETTE,
    Shapes,
    colour,
    draw_rays,
    ease_in_out,
    filled,
    mix,
    round_pen,
    svg_path,
)
from kiosk.ui.analogies.highway import BRAIN_CENTRE, GROUND
from kiosk.ui.theme import Theme

# The pathway runs from the hand (bottom left) to the brain (top right), where the
# highway picture has its road: both analogies are the same body, seen two ways.
PATHWAY = "M 182 452 C 330 462 440 446 492 364 C 532 300 528 240 570 206"
HAND_CENTRE = QPointF(132, 446)
ZIGS = 14  # straight pieces of the jagged (over-excited) line
SAMPLES_PER_ZIG = 6
ZIG_HEIGHT = 28.0
WAVE_HEIGHT = 22.0
WAVES = 3.5
POKE_RAYS = tuple(float(angle) for angle in range(0, 360, 45))
HOT_GLOW = (PALETTE.terracotta, 0.16)  # colour and opacity of the glow round the pathway
CALM_GLOW = (PALETTE.soft_teal, 0.22)
FLASH_ALPHA = 0.3  # opacity of the bigger glow a poke sets off
NODES = (3.5, 7.5, 10.5)  # where the small round nodes sit on the line (corners of the zigzag)


class RebootScene:
    """Draws a :class:`RebootModel` in the illustration style (logical 800x600).

    The widget tells it where the last poke landed (:attr:`poke_at`).
    """

    def __init__(self, model: RebootModel) -> None:
        self.model = model
        self.shapes = Shapes()
        self.ground = svg_path(GROUND)
        base = svg_path(PATHWAY)
        self._base_path = base
        count = ZIGS * SAMPLES_PER_ZIG
        length = base.length()
        self._base: list[tuple[QPointF, QPointF]] = []  # point and left-hand normal
        for index in range(count + 1):
            percent = base.percentAtLength(length * index / count)
            radians = math.radians(base.angleAtPercent(percent))
            normal = QPointF(-math.sin(radians), -math.cos(radians))
            self._base.append((base.pointAtPercent(percent), normal))
        self.ring_centre = self._base[count // 2][0] + QPointF(-70, -70)
        self.layers = LayerCache()
        self._glows = {swell: self._glow_shape(swell) for swell in (0.0, 1.0)}
        self.poke_at = self._base[count // 3][0]

    # -- geometry -----------------------------------------------------------------------
    def calmness(self) -> float:
        """0 = over-excited shape and colour, 1 = calm."""
        model = self.model
        if model.phase is Phase.EXCITED:
            return 0.0
        if model.phase is Phase.CALM:
            return 1.0
        return ease_in_out((model.progress - 0.3) / 0.5)

    def dimmed(self) -> float:
        """How far the picture is dimmed for the restart (0..1)."""
        if self.model.phase is not Phase.RESTARTING:
            return 0.0
        progress = self.model.progress
        return min(1.0, progress / 0.12, (1.0 - progress) / 0.15)

    def _jagged_knots(self) -> list[tuple[float, float]]:
        """The over-excited line's corners as (u, offset); u runs 0..ZIGS along the
        pathway. The corners shake by the model's jitter; the two ends stay put."""
        t = self.model.elapsed_ms
        shake = self.model.jitter * 8.0
        knots = [(0.0, 0.0)]
        for corner in range(ZIGS):
            wobble = shake * math.sin(t * 0.037 + corner * 1.9) * math.sin(t * 0.011 + corner * 2.7)
            knots.append((corner + 0.5, (ZIG_HEIGHT if corner % 2 == 0 else -ZIG_HEIGHT) + wobble))
        knots.append((float(ZIGS), 0.0))
        return knots

    def _offset(self, u: float, knots: list[tuple[float, float]], calm: float) -> float:
        """How far the line lies from the pathway's middle at ``u``."""
        jagged = 0.0
        if calm < 1.0:
            index = min(len(knots) - 2, max(0, math.floor(u + 0.5)))
            (u0, y0), (u1, y1) = knots[index], knots[index + 1]
            jagged = y0 + (y1 - y0) * (u - u0) / (u1 - u0)
        smooth = 0.0
        if calm > 0.0:
            along = u / ZIGS
            ends = math.sin(math.pi * along) ** 0.5  # the wave eases into both ends
            drift = self.model.elapsed_ms * 0.0012  # the calm wave flows slowly towards the brain
            smooth = math.sin(along * math.pi * 2 * WAVES - drift) * WAVE_HEIGHT * ends
        return jagged * (1.0 - calm) + smooth * calm

    def point_at(self, u: float, knots: list[tuple[float, float]], calm: float) -> QPointF:
        index = round(u * SAMPLES_PER_ZIG)
        point, normal = self._base[max(0, min(len(self._base) - 1, index))]
        return point + normal * self._offset(u, knots, calm)

    def line(self) -> QPainterPath:
        """The pathway: jagged and shaking when excited, a smooth slow wave when calm.

        The jagged line is just its corners; a calm or changing one is sampled finely.
        """
        calm = self.calmness()
        knots = self._jagged_knots()
        if calm == 0.0:
            spots = [u for u, _ in knots]
        else:
            spots = [index / SAMPLES_PER_ZIG for index in range(ZIGS * SAMPLES_PER_ZIG + 1)]
        path = QPainterPath(self.point_at(spots[0], knots, calm))
        for u in spots[1:]:
            path.lineTo(self.point_at(u, knots, calm))
        return path

    def nearest_on_line(self, point: QPointF) -> QPointF:
        """The middle of the pathway nearest to ``point`` (ends left out)."""
        inner = self._base[6:-6]
        best = min(inner, key=lambda item: (item[0].x() - point.x()) ** 2 + (item[0].y() - point.y()) ** 2)
        return best[0]

    def _glow_shape(self, swell: float) -> QPainterPath:
        """One soft shape round the hand, the pathway and the brain; bigger for a flash."""
        stroker = QPainterPathStroker()
        stroker.setWidth(70 + 120 * swell)
        stroker.setCapStyle(Qt.PenCapStyle.RoundCap)
        stroker.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        shape = stroker.createStroke(self._base_path)
        hand = QPainterPath()
        hand.addEllipse(HAND_CENTRE, 80 + 24 * swell, 80 + 24 * swell)
        brain = QPainterPath()
        brain.addEllipse(BRAIN_CENTRE, 116 + 40 * swell, 96 + 36 * swell)
        return shape.united(hand).united(brain).simplified()

    def _paint_glow(self, painter: QPainter, calm: float, response: float) -> None:
        """Warm round an over-excited pathway, cool round a calm one; a poke flares it.

        Outside a restart the steady glow is part of the still layer (:meth:`still_key`).
        """
        restarting = self.model.phase is Phase.RESTARTING
        for name, (hex_code, alpha), weight in (("hot", HOT_GLOW, 1.0 - calm), ("calm", CALM_GLOW, calm)):
            for swell, opacity, strength in ((0.0, weight if restarting else 0.0, alpha),
                                             (1.0, weight * response, FLASH_ALPHA)):
                shape = self._glows[swell]
                self.layers.draw(painter, (name, swell), shape.boundingRect(),
                                 filled(shape, colour(hex_code, strength)), opacity)

    def still_key(self) -> Phase:
        return self.model.phase

    # -- drawing ------------------------------------------------------------------------
    def paint_still(self, painter: QPainter) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(PALETTE.pale_sand))
        painter.drawPath(self.ground)
        if self.model.phase is not Phase.RESTARTING:
            hex_code, alpha = CALM_GLOW if self.model.phase is Phase.CALM else HOT_GLOW
            painter.setBrush(colour(hex_code, alpha))
            painter.drawPath(self._glows[0.0])

    def paint(self, painter: QPainter) -> None:
        model = self.model
        calm = self.calmness()
        response = model.response
        hot = mix(PALETTE.terracotta, PALETTE.deep_teal, calm)
        line = self.line()
        painter.setOpacity(1.0 - 0.72 * self.dimmed())
        self._paint_glow(painter, calm, response)
        self._paint_brain(painter, calm, response)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        pen = round_pen(hot, 10)
        if calm > 0.0:  # gentle bends need no round joins, which are slow to draw
            pen.setJoinStyle(Qt.PenJoinStyle.BevelJoin)
        painter.setPen(pen)
        painter.drawPath(line)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(hot)
        first = line.elementAt(0)
        painter.drawEllipse(QPointF(first.x, first.y), 14, 14)
        painter.drawEllipse(line.currentPosition(), 12, 12)
        knots = self._jagged_knots()
        for u in NODES:
            painter.drawEllipse(self.point_at(u, knots, calm), 9 + 5 * response, 9 + 5 * response)
        self.shapes.draw_hand(painter, PALETTE.skin_light, PALETTE.soft_teal)
        if calm < 0.5:
            draw_rays(painter, QPointF(130, 420), (135.0, 90.0, 45.0), 60, 16,
                      colour(PALETTE.terracotta, 1.0 - calm * 2))
        self._paint_poke(painter, calm, response)
        painter.setOpacity(1.0)
        self._paint_restart(painter)

    def _paint_brain(self, painter: QPainter, calm: float, response: float) -> None:
        heat = (0.8 + response) * (1.0 - calm) + 0.5 * response * calm
        self.shapes.draw_brain_from(self.layers, painter, heat)
        if response > 0.3 and calm < 0.5:
            strength = min(1.0, (response - 0.3) / 0.4)
            draw_rays(painter, BRAIN_CENTRE, (165.0, 128.0, 90.0, 52.0, 15.0, -22.0, -60.0),
                      124 + 40 * response, 10 + 24 * strength, colour(PALETTE.terracotta, strength),
                      squash=0.8)

    def _paint_poke(self, painter: QPainter, calm: float, response: float) -> None:
        """Where the finger touched: rings spreading out, big or small."""
        peak = self.model.last_peak
        if response <= 0.01 or peak <= 0.0:
            return
        age = 1.0 - response / peak
        colour_ = mix(PALETTE.rust, PALETTE.deep_teal, calm)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        width = 1.0 + 4.0 * (0.4 + 0.6 * peak) * min(1.0, response / peak * 1.3)  # thins as it spreads
        painter.setPen(round_pen(colour_, width))
        radius = 16 + age * (30 + 110 * peak)
        painter.drawEllipse(self.poke_at, radius, radius)
        if peak > 0.5:
            painter.drawEllipse(self.poke_at, radius * 0.55, radius * 0.55)
            draw_rays(painter, self.poke_at, POKE_RAYS, radius + 8, 12 + 24 * response, colour_, width)

    def _paint_restart(self, painter: QPainter) -> None:
        """The restart: the picture dims and a ring fills up, like a restart symbol."""
        dim = self.dimmed()
        if dim <= 0.0:
            return
        progress = self.model.progress
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setOpacity(dim)
        painter.setBrush(QColor(PALETTE.pale_teal))
        painter.drawEllipse(self.ring_centre, 84, 84)
        ring = QRectF(self.ring_centre.x() - 56, self.ring_centre.y() - 56, 112, 112)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(round_pen(PALETTE.cream, 20))
        painter.drawEllipse(ring)
        painter.setPen(round_pen(PALETTE.deep_teal, 20))
        span = max(0.02, progress) * 360.0
        painter.drawArc(ring, 90 * 16, round(-span * 16))
        # an arrowhead at the tip of the arc, pointing the way it grows
        radians = math.radians(90.0 - span)
        tip = self.ring_centre + QPointF(math.cos(radians), -math.sin(radians)) * 56
        forward = QPointF(math.sin(radians), math.cos(radians))
        outward = QPointF(math.cos(radians), -math.sin(radians))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(PALETTE.deep_teal))
        painter.drawPolygon(QPolygonF([tip + forward * 22, tip + outward * 22 - forward * 4,
                                       tip - outward * 22 - forward * 4]))
        painter.setOpacity(1.0)


class RebootAnalogy(AnalogyWidget):
    """An over-excited pathway that flashes big at a touch; "Restart" leaves it calm,
    reacting only a little; "Start again" makes it over-excited again."""

    model: RebootModel
    scene: RebootScene

    def __init__(self, language: Language, theme: Theme, clock: Clock | None = None,
                 parent: QWidget | None = None) -> None:
        self.model = RebootModel()
        self.scene = RebootScene(self.model)
        super().__init__(language, theme, clock, parent)
        self.setObjectName("RebootAnalogy")
        self.refresh_words()
        self.apply_theme(theme)

    @property
    def phase(self) -> Phase:
        return self.model.phase

    def poke(self, point: QPointF | None = None) -> float:
        """Touch the pathway (at ``point``, logical coordinates); returns the flash size."""
        if point is not None:
            self.scene.poke_at = self.scene.nearest_on_line(point)
        peak = self.model.poke()
        self.canvas.update()
        return peak

    def restart(self) -> None:
        if self.model.restart():
            self.state_changed()

    def start_again(self) -> None:
        if self.model.start_again():
            self.state_changed()

    # -- AnalogyWidget ------------------------------------------------------------------
    def still_key(self) -> object:
        return self.scene.still_key()

    def button_icon(self) -> str:
        return "restart"

    def state_key(self) -> object:
        return self.model.phase

    def on_press(self, point: QPointF) -> None:
        self.poke(point)

    def on_button(self) -> None:
        if self.model.phase is Phase.EXCITED:
            self.restart()
        elif self.model.phase is Phase.CALM:
            self.start_again()

    def button_texts(self) -> list[str]:
        return [self.text(key) for key in ("reboot_restart", "reboot_restarting", "reboot_again")]

    def refresh_words(self) -> None:
        phase = self.model.phase
        if phase is Phase.EXCITED:
            self.set_button(self.text("reboot_restart"), "restart")
        elif phase is Phase.RESTARTING:
            self.set_button(self.text("reboot_restarting"), "restart", enabled=False)
        else:
            self.set_button(self.text("reboot_again"), "reload")
        self.hint.setText(self.text("reboot_hint"))
        caption = self.text("reboot_caption")
        self.caption.setText(caption)
        self.canvas.setAccessibleName(self.optional_text(f"reboot_{phase.value}_alt", caption))
        self.canvas.setAccessibleDescription(caption)
