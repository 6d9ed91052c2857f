"""The analogies' state models: pure Python, stepped by hand, no QApplication."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.analogies import HighwayModel, Phase, RebootModel

ROOT = Path(__file__).resolve().parent.parent
FRAME = 16.0


def step(model: HighwayModel | RebootModel, ms: float) -> None:
    """Advance ``model`` frame by frame, as the widget's timer would."""
    while ms > 0:
        model.advance(min(FRAME, ms))
        ms -= FRAME


def test_the_analogy_models_never_import_qt() -> None:
    code = ("import sys, kiosk.analogies\n"
            "m = kiosk.analogies.HighwayModel(); m.toggle(); m.advance(1000)\n"
            "r = kiosk.analogies.RebootModel(); r.restart(); r.advance(3000)\n"
            "assert not [n for n in sys.modules if n.startswith('PySide6')], 'Qt was imported'\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# -- highway ---------------------------------------------------------------------------------

def test_the_road_starts_open_with_cars_on_it() -> None:
    model = HighwayModel()
    assert not model.blocked and model.barrier == 0.0
    assert len(model.cars) >= 4
    assert all(0.0 <= car.position < 1.0 for car in model.cars)


def test_blocking_stops_every_car_before_the_roadblock_and_they_queue() -> None:
    model = HighwayModel()
    step(model, 3000)
    model.toggle()
    assert model.blocked
    already_past = {car.id for car in model.cars if car.position > model.stop_line}
    arrivals_before = model.arrivals
    for _ in range(int(12000 / FRAME)):
        model.advance(FRAME)
        for car in model.cars:
            if car.id not in already_past:
                assert car.position <= model.stop_line, f"car {car.id} passed the roadblock"
    # only the cars already past the line when it dropped reached the brain
    assert model.arrivals - arrivals_before <= len(already_past)
    assert all(car.id not in already_past for car in model.cars)
    # the rest wait nose to tail, at a standstill, from the roadblock back towards the limb
    queue = sorted((car.position for car in model.cars), reverse=True)
    assert len(queue) >= 4
    assert queue[0] == pytest.approx(model.stop_line, abs=0.01)
    gaps = [ahead - behind for ahead, behind in zip(queue, queue[1:], strict=False)]
    assert all(gap >= model.spacing - 1e-9 for gap in gaps), gaps
    assert all(gap == pytest.approx(model.spacing, abs=0.01) for gap in gaps), gaps
    assert all(car.speed < 0.001 for car in model.cars)
    assert model.barrier == 1.0


def test_unblocking_lets_the_queued_cars_through_to_the_brain() -> None:
    model = HighwayModel()
    model.toggle()
    step(model, 8000)
    queued = {car.id for car in model.cars}
    arrivals = model.arrivals
    model.toggle()
    assert not model.blocked
    step(model, 10000)
    assert not queued & {car.id for car in model.cars}, "every queued car should have reached the brain"
    assert model.arrivals - arrivals >= len(queued)
    assert model.barrier == 0.0


def test_cars_never_overlap() -> None:
    model = HighwayModel()
    for blocked_for, open_for in ((3000, 2000), (500, 4000), (6000, 300)):
        model.set_blocked(True)
        for _ in range(int(blocked_for / FRAME)):
            model.advance(FRAME)
            positions = sorted(car.position for car in model.cars)
            assert all(b - a >= model.spacing - 1e-9 for a, b in zip(positions, positions[1:], strict=False))
        model.set_blocked(False)
        step(model, open_for)


def test_the_brain_glows_while_traffic_flows_and_calms_behind_the_roadblock() -> None:
    open_road, blocked_road = HighwayModel(), HighwayModel()
    blocked_road.toggle()
    step(open_road, 6000)
    step(blocked_road, 6000)
    open_glow: list[float] = []
    blocked_glow: list[float] = []
    for _ in range(int(4000 / FRAME)):
        open_road.advance(FRAME)
        blocked_road.advance(FRAME)
        open_glow.append(open_road.brain_glow)
        blocked_glow.append(blocked_road.brain_glow)
    assert max(blocked_glow) < 0.05
    assert sum(open_glow) / len(open_glow) > 0.25
    assert min(open_glow) > max(blocked_glow)


def test_the_highway_is_deterministic() -> None:
    first, second = HighwayModel(), HighwayModel()
    for model in (first, second):
        step(model, 2500)
        model.toggle()
        step(model, 1700)
    assert [(c.id, c.position) for c in first.cars] == [(c.id, c.position) for c in second.cars]


def test_settling_jumps_to_the_end_state() -> None:
    model = HighwayModel()
    model.set_blocked(True)
    model.settle()
    assert model.barrier == 1.0 and model.brain_glow == 0.0
    assert len(model.cars) >= 4
    assert all(car.position <= model.stop_line for car in model.cars)
    model.set_blocked(False)
    model.settle()
    assert model.barrier == 0.0 and model.brain_glow > 0.2
    assert max(car.position for car in model.cars) > model.roadblock_at


def test_reset_opens_the_road_again() -> None:
    model = HighwayModel()
    model.toggle()
    step(model, 5000)
    model.reset()
    assert not model.blocked and model.barrier == 0.0 and model.arrivals == 0


# -- reboot ----------------------------------------------------------------------------------

def test_reboot_phases_go_excited_restarting_calm_in_order() -> None:
    model = RebootModel()
    assert model.phase is Phase.EXCITED and model.progress == 0.0
    assert model.restart()
    seen = [model.phase]
    progress = [model.progress]
    for _ in range(int(3000 / 100)):
        model.advance(100)
        if model.phase is not seen[-1]:
            seen.append(model.phase)
        progress.append(model.progress)
    assert seen == [Phase.RESTARTING, Phase.CALM]
    assert progress == sorted(progress) and progress[-1] == 1.0
    assert model.start_again()
    assert model.phase is Phase.EXCITED


def test_the_restart_takes_its_time() -> None:
    model = RebootModel(restart_ms=2500)
    model.restart()
    step(model, 2400)
    assert model.phase is Phase.RESTARTING and 0.9 < model.progress < 1.0
    step(model, 200)
    assert model.phase is Phase.CALM


def test_phases_never_skip_or_go_backwards() -> None:
    model = RebootModel()
    assert not model.start_again(), "an excited pathway cannot 'start again'"
    model.restart()
    assert not model.restart() and not model.start_again(), "nothing interrupts a restart"
    step(model, 3000)
    assert not model.restart(), "a calm pathway is not restarted again"
    assert model.phase is Phase.CALM


def test_a_poke_after_the_restart_sets_off_a_much_smaller_flash() -> None:
    model = RebootModel()
    before = model.poke()
    assert model.response == before
    step(model, 3000)
    assert model.response < 0.01, "a flash fades"
    model.restart()
    assert model.poke() == 0.0 and model.response == 0.0, "a restarting pathway does not react"
    step(model, 3000)
    after = model.poke()
    assert model.phase is Phase.CALM
    assert after < before / 3
    assert model.response == after


def test_the_pathway_is_jittery_when_excited_and_steady_when_calm() -> None:
    model = RebootModel()
    excited = model.jitter
    model.restart()
    step(model, 1250)
    halfway = model.jitter
    step(model, 2000)
    assert excited > halfway > model.jitter
    assert model.jitter < excited / 5


def test_settling_finishes_a_restart_at_once() -> None:
    model = RebootModel()
    model.restart()
    model.settle()
    assert model.phase is Phase.CALM and model.progress == 1.0
