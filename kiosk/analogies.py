"""The two interactive analogies as plain state: pure Python, never imports PySide6.

:class:`HighwayModel` is pain signals as cars on a road from a sore limb to the brain,
with a roadblock that can be put down and lifted. :class:`RebootModel` is an
over-excited nerve pathway that can be restarted into a calm one.

Both are driven only by :meth:`advance` (milliseconds), so whoever owns them decides
where time comes from: a widget's frame timer, or a test stepping by hand. Both are
deterministic: the same calls give the same state.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

# Longest step simulated at once; bigger advances are split so the motion stays smooth.
_STEP_MS = 16.0


def _decay(value: float, ms: float, time_constant_ms: float) -> float:
    """``value`` after ``ms`` of exponential decay."""
    return value * math.exp(-ms / time_constant_ms)


def _approach(value: float, target: float, ms: float, duration_ms: float) -> float:
    """Move ``value`` linearly towards ``target``, covering 0..1 in ``duration_ms``."""
    step = ms / duration_ms
    if value < target:
        return min(target, value + step)
    return max(target, value - step)


# -- highway -----------------------------------------------------------------------------

@dataclass
class Car:
    """One pain signal on the road. ``position`` runs from 0 (the limb) to 1 (the brain)."""

    id: int
    position: float
    speed: float = 0.0  # road lengths per second


class HighwayModel:
    """Pain signals as cars driving from the limb (0.0) to the brain (1.0).

    While :attr:`blocked`, cars slow down and queue, nose to tail, before
    :attr:`stop_line`; cars already past it drive on. Every car that reaches the brain
    raises :attr:`brain_glow`, which fades again over time, so the brain glows while
    traffic flows and calms down behind a roadblock.
    """

    def __init__(
        self,
        roadblock_at: float = 0.55,
        speed: float = 0.19,
        spacing: float = 0.105,
        spawn_intervals_ms: Sequence[float] = (700.0, 1050.0, 820.0, 1250.0, 900.0, 760.0),
        glow_per_arrival: float = 0.24,
        glow_decay_ms: float = 1400.0,
        barrier_ms: float = 350.0,
        braking: float = 3.0,
    ) -> None:
        if not 0.0 < roadblock_at < 1.0:
            raise ValueError("roadblock_at must lie between 0 and 1")
        if not spawn_intervals_ms or min(spawn_intervals_ms) <= 0:
            raise ValueError("spawn_intervals_ms needs positive intervals")
        self.roadblock_at = roadblock_at
        self.speed = speed
        self.spacing = spacing
        self.spawn_intervals_ms = tuple(spawn_intervals_ms)
        self.glow_per_arrival = glow_per_arrival
        self.glow_decay_ms = glow_decay_ms
        self.barrier_ms = barrier_ms
        self.braking = braking
        self.cars: list[Car] = []
        self.blocked = False
        self.barrier = 0.0  # 0 = lifted away, 1 = standing on the road
        self.brain_glow = 0.0
        self.arrivals = 0
        self.elapsed_ms = 0.0
        self._next_id = 0
        self._spawn_index = 0
        self._until_spawn = 0.0
        self.reset()

    # -- reading ------------------------------------------------------------------
    @property
    def stop_line(self) -> float:
        """The line, just before the roadblock, that no waiting car's position passes."""
        return self.roadblock_at - self.spacing * 0.45

    def cars_before_block(self) -> list[Car]:
        return [car for car in self.cars if car.position <= self.stop_line]

    # -- changing -----------------------------------------------------------------
    def reset(self) -> None:
        """Open road with traffic already flowing: how the picture first appears."""
        self.cars = []
        self.blocked = False
        self.barrier = 0.0
        self.arrivals = 0
        self.elapsed_ms = 0.0
        self._next_id = 0
        self._spawn_index = 0
        self._until_spawn = self.spawn_intervals_ms[0]
        self.settle()

    def toggle(self) -> None:
        self.set_blocked(not self.blocked)

    def set_blocked(self, blocked: bool) -> None:
        self.blocked = blocked

    def settle(self) -> None:
        """Jump to the end state of the current setting (for "reduce motion").

        Blocked: the roadblock stands, a queue waits behind it, the brain is calm.
        Open: cars spread along the whole road and the brain glows steadily.
        """
        self.barrier = 1.0 if self.blocked else 0.0
        if self.blocked:
            count = int(self.stop_line / self.spacing) + 1
            positions = [self.stop_line - index * self.spacing for index in range(count)]
            self.brain_glow = 0.0
        else:
            gap = self.speed * sum(self.spawn_intervals_ms) / len(self.spawn_intervals_ms) / 1000
            gap = max(gap, self.spacing)
            positions = []
            position = 1.0 - gap / 2
            while position > 0.0:
                positions.append(position)
                position -= gap
            self.brain_glow = self.steady_glow()
        self.cars = []
        for position in positions:
            self._add_car(position, 0.0 if self.blocked else self.speed)

    def steady_glow(self) -> float:
        """About how brightly the brain glows while traffic flows freely."""
        mean_interval = sum(self.spawn_intervals_ms) / len(self.spawn_intervals_ms)
        peak = self.glow_per_arrival / (1.0 - math.exp(-mean_interval / self.glow_decay_ms))
        return min(1.0, peak * 0.8)

    def advance(self, ms: float) -> None:
        """Let ``ms`` milliseconds of traffic happen."""
        remaining = max(0.0, ms)
        while remaining > 0.0:
            step = min(_STEP_MS, remaining)
            self._step(step)
            remaining -= step

    # -- simulation ---------------------------------------------------------------
    def _add_car(self, position: float, speed: float) -> None:
        self.cars.append(Car(self._next_id, position, speed))
        self._next_id += 1
        self.cars.sort(key=lambda car: -car.position)  # the car nearest the brain first

    def _step(self, ms: float) -> None:
        seconds = ms / 1000.0
        self.elapsed_ms += ms
        self.barrier = _approach(self.barrier, 1.0 if self.blocked else 0.0, ms, self.barrier_ms)
        self.brain_glow = _decay(self.brain_glow, ms, self.glow_decay_ms)
        stop = self.stop_line
        ahead: Car | None = None
        arrived: list[Car] = []
        for car in self.cars:  # front to back, so each car sees the one ahead already moved
            limit = self.speed
            target = math.inf
            if ahead is not None:
                target = ahead.position - self.spacing
                limit = min(limit, ahead.speed + (target - car.position) * self.braking)
            if self.blocked and car.position <= stop:
                target = min(target, stop)
                limit = min(limit, (stop - car.position) * self.braking)
            car.speed = max(0.0, limit)
            car.position = min(car.position + car.speed * seconds, max(car.position, target))
            if car.position >= 1.0:
                arrived.append(car)
            ahead = car
        for car in arrived:
            self.cars.remove(car)
            self.arrivals += 1
            self.brain_glow = min(1.0, self.brain_glow + self.glow_per_arrival)
        self._until_spawn -= ms
        if self._until_spawn <= 0.0:
            last = self.cars[-1] if self.cars else None
            if last is None or last.position >= self.spacing:
                self._add_car(0.0, min(self.speed, last.speed) if last else self.speed)
                self._spawn_index = (self._spawn_index + 1) % len(self.spawn_intervals_ms)
                self._until_spawn += self.spawn_intervals_ms[self._spawn_index]
            else:
                self._until_spawn = 0.0  # the queue reaches the limb: wait for room


# -- reboot ------------------------------------------------------------------------------

class Phase(str, Enum):
    EXCITED = "excited"
    RESTARTING = "restarting"
    CALM = "calm"


class RebootModel:
    """A nerve pathway that is over-excited until restarted, then calm.

    Phases go only ``excited -> restarting -> calm``, and :meth:`start_again` goes
    back from ``calm`` to ``excited``. :meth:`poke` sets off a flash
    (:attr:`response`) whose size shows how sensitive the pathway is: big when
    excited, small when calm, none while restarting.
    """

    def __init__(
        self,
        restart_ms: float = 2500.0,
        excited_response: float = 1.0,
        calm_response: float = 0.22,
        response_decay_ms: float = 420.0,
        excited_jitter: float = 1.0,
        calm_jitter: float = 0.08,
    ) -> None:
        self.restart_ms = restart_ms
        self.excited_response = excited_response
        self.calm_response = calm_response
        self.response_decay_ms = response_decay_ms
        self.excited_jitter = excited_jitter
        self.calm_jitter = calm_jitter
        self.phase = Phase.EXCITED
        self.progress = 0.0
        self.response = 0.0
        self.last_peak = 0.0
        self.pokes = 0
        self.elapsed_ms = 0.0

    @property
    def jitter(self) -> float:
        """How restless the pathway is: high when excited, low when calm."""
        if self.phase is Phase.EXCITED:
            return self.excited_jitter
        if self.phase is Phase.CALM:
            return self.calm_jitter
        eased = self.progress * self.progress * (3 - 2 * self.progress)
        return self.excited_jitter + (self.calm_jitter - self.excited_jitter) * eased

    def reset(self) -> None:
        self.phase = Phase.EXCITED
        self.progress = 0.0
        self.response = 0.0
        self.last_peak = 0.0
        self.pokes = 0
        self.elapsed_ms = 0.0

    def restart(self) -> bool:
        """Begin the restart; only an excited pathway can be restarted."""
        if self.phase is not Phase.EXCITED:
            return False
        self.phase = Phase.RESTARTING
        self.progress = 0.0
        self.response = 0.0
        return True

    def start_again(self) -> bool:
        """Back to over-excited; only from calm."""
        if self.phase is not Phase.CALM:
            return False
        self.phase = Phase.EXCITED
        self.progress = 0.0
        self.response = 0.0
        return True

    def settle(self) -> None:
        """Jump to the end state (for "reduce motion"): a restart finishes at once."""
        if self.phase is Phase.RESTARTING:
            self.phase = Phase.CALM
            self.progress = 1.0

    def poke(self) -> float:
        """A light touch on the pathway; returns the size of the flash it sets off."""
        if self.phase is Phase.EXCITED:
            peak = self.excited_response
        elif self.phase is Phase.CALM:
            peak = self.calm_response
        else:
            return 0.0
        self.response = max(self.response, peak)
        self.last_peak = peak
        self.pokes += 1
        return peak

    def advance(self, ms: float) -> None:
        ms = max(0.0, ms)
        self.elapsed_ms += ms
        self.response = _decay(self.response, ms, self.response_decay_ms)
        if self.response < 0.002:
            self.response = 0.0
        if self.phase is Phase.RESTARTING:
            self.progress = min(1.0, self.progress + ms / self.restart_ms)
            if self.progress >= 1.0:
                self.phase = Phase.CALM
