"""The highway and reboot analogies and the attract screen, as a visitor uses them.

Time is stepped by hand (``advance``) or through a fake clock; nothing sleeps.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QColor

from helpers import find_button, tap

ROOT = Path(__file__).resolve().parent.parent


class FakeClock:
    """A clock the test moves by hand (milliseconds)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def bundle():  # type: ignore[no-untyped-def]
    from kiosk.content.loader import load_content

    return load_content(ROOT / "content")


@pytest.fixture
def english(bundle):  # type: ignore[no-untyped-def]
    return bundle.language("en")


@pytest.fixture
def theme(qapp):  # type: ignore[no-untyped-def]
    from kiosk.app import ensure_application
    from kiosk.ui.theme import Theme

    ensure_application()
    return Theme()


def shown(qtbot, widget, theme, size=(900, 800)):  # type: ignore[no-untyped-def]
    widget.setStyleSheet(theme.stylesheet())
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def highway(qtbot, english, theme):  # type: ignore[no-untyped-def]
    from kiosk.ui.analogies import HighwayAnalogy

    return shown(qtbot, HighwayAnalogy(english, theme, clock=FakeClock()), theme)


@pytest.fixture
def reboot(qtbot, english, theme):  # type: ignore[no-untyped-def]
    from kiosk.ui.analogies import RebootAnalogy

    return shown(qtbot, RebootAnalogy(english, theme, clock=FakeClock()), theme)


def step(widget, ms: float) -> None:  # type: ignore[no-untyped-def]
    """Let ``ms`` pass in frames of 16 ms, as the frame timer would."""
    while ms > 0:
        widget.advance(min(16.0, ms))
        ms -= 16.0


def screen_point(widget, scene_point: QPointF) -> QPoint:  # type: ignore[no-untyped-def]
    return widget.canvas.from_scene(scene_point).toPoint()


def pixel(widget, scene_point: QPointF) -> QColor:  # type: ignore[no-untyped-def]
    image = widget.canvas.grab().toImage()
    ratio = image.devicePixelRatio()
    point = widget.canvas.from_scene(scene_point) * ratio
    return image.pixelColor(point.toPoint())


def close_to(color: QColor, hex_code: str, tolerance: int = 12) -> bool:
    want = QColor(hex_code)
    return all(abs(a - b) <= tolerance for a, b in ((color.red(), want.red()), (color.green(), want.green()),
                                                     (color.blue(), want.blue())))


# -- highway ---------------------------------------------------------------------------------

def test_the_button_puts_the_roadblock_down_and_the_cars_stop_before_it(qtbot, highway) -> None:
    model = highway.model
    step(highway, 2000)
    assert highway.button.accessibleName() == "Show the roadblock"
    assert "Show the roadblock" in highway.button.text()
    assert highway.hint.text() == "Tap the button, or tap the road."
    assert "picture of the idea" in highway.caption.text()
    tap(qtbot, find_button(highway, "Show the roadblock"))
    assert model.blocked
    assert highway.button.accessibleName() == "Remove the roadblock"
    already_past = {car.id for car in model.cars if car.position > model.stop_line}
    for _ in range(400):
        highway.advance(16)
        assert all(car.position <= model.stop_line for car in model.cars if car.id not in already_past)
    assert len(model.cars_before_block()) >= 4, "the cars queue behind the roadblock"
    tap(qtbot, find_button(highway, "Remove the roadblock"))
    assert not model.blocked and highway.button.accessibleName() == "Show the roadblock"
    queued = {car.id for car in model.cars}
    step(highway, 10000)
    assert not queued & {car.id for car in model.cars}, "the queued cars reached the brain"


def test_the_roadblock_is_drawn_where_the_road_was_clear(highway) -> None:
    from kiosk.ui.analogies import PALETTE

    board = highway.scene.barrier_anchor() + QPointF(-80, -60)  # left end of the striped board
    assert close_to(pixel(highway, board), PALETTE.pale_sand), "no barrier on an open road"
    highway.toggle()
    step(highway, 1000)
    assert close_to(pixel(highway, board), PALETTE.deep_teal), "the barrier stands across the road"


def test_the_brain_warms_as_cars_arrive_and_calms_behind_the_roadblock(highway) -> None:
    from kiosk.ui.analogies import PALETTE

    spot = QPointF(600, 112)  # on the brain, between its folds
    arrivals = highway.model.arrivals
    while highway.model.arrivals == arrivals:
        highway.advance(16)
    warm = pixel(highway, spot)
    assert warm.red() > warm.green() + 4, f"a brain receiving pain signals looks warm, not {warm.name()}"
    highway.toggle()
    step(highway, 9000)
    assert close_to(pixel(highway, spot), PALETTE.pale_teal), "behind the roadblock the brain is calm"


def test_tapping_the_road_toggles_the_roadblock(qtbot, highway) -> None:
    road = screen_point(highway, highway.scene.at(0.25)[0])
    qtbot.mouseClick(highway.canvas, Qt.MouseButton.LeftButton, pos=road)
    assert highway.model.blocked and highway.button.accessibleName() == "Remove the roadblock"
    qtbot.mouseClick(highway.canvas, Qt.MouseButton.LeftButton, pos=road)
    assert not highway.model.blocked and highway.button.accessibleName() == "Show the roadblock"
    qtbot.mouseClick(highway.canvas, Qt.MouseButton.LeftButton, pos=screen_point(highway, QPointF(60, 60)))
    assert not highway.model.blocked, "a tap away from the road changes nothing"


def test_a_drag_across_the_road_is_not_a_tap(qtbot, highway) -> None:
    start = screen_point(highway, highway.scene.at(0.25)[0])
    qtbot.mousePress(highway.canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(highway.canvas, start + QPoint(120, 0))
    qtbot.mouseRelease(highway.canvas, Qt.MouseButton.LeftButton, pos=start + QPoint(240, 0))
    assert not highway.model.blocked


def test_the_picture_describes_what_it_shows(english, highway) -> None:
    from kiosk.ui.analogies import HighwayAnalogy

    canvas = highway.canvas
    assert canvas.accessibleDescription() == english.text("highway_caption")
    assert canvas.accessibleName()
    described = dataclasses.replace(english, strings={
        **english.strings, "highway_open_alt": "Cars drive to the brain.",
        "highway_blocked_alt": "Cars wait at a roadblock."})
    highway.set_language(described)
    assert canvas.accessibleName() == "Cars drive to the brain."
    highway.toggle()
    assert canvas.accessibleName() == "Cars wait at a roadblock."
    assert isinstance(highway, HighwayAnalogy)


def test_a_new_language_changes_the_words(english, highway) -> None:
    spanish = dataclasses.replace(english, code="xx", strings={
        **english.strings, "highway_block": "Poner ketamina", "highway_unblock": "Quitarla",
        "highway_hint": "Toque el botón."})
    highway.set_language(spanish)
    assert highway.button.accessibleName() == "Poner ketamina"
    assert highway.hint.text() == "Toque el botón."
    highway.toggle()
    assert highway.button.accessibleName() == "Quitarla"


# -- reboot ----------------------------------------------------------------------------------

def test_restart_is_disabled_while_restarting_then_offers_start_again(qtbot, reboot) -> None:
    from kiosk.analogies import Phase

    assert reboot.phase is Phase.EXCITED
    assert reboot.hint.text() == "Touch the pathway to see how strongly it reacts."
    assert "not a cure" in reboot.caption.text()
    tap(qtbot, find_button(reboot, "Restart"))
    assert reboot.phase is Phase.RESTARTING
    assert reboot.button.accessibleName() == "Restarting"
    assert not reboot.button.isEnabled()
    qtbot.mouseClick(reboot.button, Qt.MouseButton.LeftButton)
    step(reboot, 1200)
    assert reboot.phase is Phase.RESTARTING and not reboot.button.isEnabled()
    step(reboot, 1500)
    assert reboot.phase is Phase.CALM
    tap(qtbot, find_button(reboot, "Start again"))
    assert reboot.phase is Phase.EXCITED
    assert reboot.button.accessibleName() == "Restart" and reboot.button.isEnabled()


def test_touching_the_pathway_flashes_big_before_and_small_after_the_restart(qtbot, reboot) -> None:
    on_pathway = screen_point(reboot, reboot.scene.nearest_on_line(QPointF(330, 440)))
    qtbot.mousePress(reboot.canvas, Qt.MouseButton.LeftButton, pos=on_pathway)
    qtbot.mouseRelease(reboot.canvas, Qt.MouseButton.LeftButton, pos=on_pathway)
    before = reboot.model.response
    assert before > 0.5
    step(reboot, 2000)
    assert reboot.model.response < 0.01
    reboot.restart()
    step(reboot, 2600)
    qtbot.mousePress(reboot.canvas, Qt.MouseButton.LeftButton, pos=on_pathway)
    qtbot.mouseRelease(reboot.canvas, Qt.MouseButton.LeftButton, pos=on_pathway)
    after = reboot.model.response
    assert 0 < after < before / 3


def test_the_pathway_turns_from_hot_to_calm_teal(reboot) -> None:
    from kiosk.ui.analogies import PALETTE

    start_node = QPointF(192, 452)
    assert close_to(pixel(reboot, start_node), PALETTE.terracotta)
    reboot.restart()
    step(reboot, 2600)
    assert close_to(pixel(reboot, start_node), PALETTE.deep_teal)


# -- time, visibility and reduce motion -------------------------------------------------------

def test_frames_come_from_the_injected_clock(highway) -> None:
    clock = highway.driver.clock
    assert highway.animating
    before = highway.model.elapsed_ms
    clock.now += 48
    highway.tick()
    assert highway.model.elapsed_ms == pytest.approx(before + 48)
    clock.now += 5000  # a stalled frame never jumps the picture far
    highway.tick()
    assert highway.model.elapsed_ms == pytest.approx(before + 148)


def test_a_hidden_analogy_runs_no_timer_and_starts_fresh(qtbot, highway) -> None:
    assert highway.driver.timer.isActive()
    highway.toggle()
    highway.hide()
    assert not [timer for timer in highway.findChildren(QTimer) if timer.isActive()]
    assert not highway.model.blocked, "the next visitor finds the road open"
    highway.show()
    assert highway.driver.timer.isActive()


def test_reduce_motion_stops_the_timer_and_shows_end_states(qtbot, highway, reboot) -> None:
    from kiosk.analogies import Phase

    for widget in (highway, reboot):
        widget.set_reduce_motion(True)
        assert not [timer for timer in widget.findChildren(QTimer) if timer.isActive()]
    tap(qtbot, find_button(highway, "Show the roadblock"))
    model = highway.model
    assert model.barrier == 1.0 and model.brain_glow == 0.0
    assert len(model.cars) >= 4 and all(car.position <= model.stop_line for car in model.cars)
    tap(qtbot, find_button(reboot, "Restart"))
    assert reboot.phase is Phase.CALM
    assert reboot.button.accessibleName() == "Start again" and reboot.button.isEnabled()
    assert not highway.animating and not reboot.animating
    highway.set_reduce_motion(False)
    assert highway.animating


def test_only_the_analogy_on_screen_runs_a_timer(qtbot, kiosk) -> None:
    from kiosk.ui.analogies import HighwayAnalogy, RebootAnalogy

    def running() -> list[QTimer]:
        return [timer for timer in kiosk.page.findChildren(QTimer) if timer.isActive()]

    section = kiosk.language.section("blocks-pain-signals")
    tap(qtbot, find_button(kiosk.home, section.tile))
    highway = kiosk.page.analogy
    assert isinstance(highway, HighwayAnalogy) and highway.isVisible()
    assert not kiosk.page.picture.isVisible(), "the analogy takes the static picture's place"
    assert running() == [highway.driver.timer]
    assert find_button(kiosk.page, "Show the roadblock")

    tap(qtbot, find_button(kiosk.page, f"Next: {kiosk.language.next_section(section.slug).title}"))
    reboot = kiosk.page.analogy
    assert isinstance(reboot, RebootAnalogy) and reboot.isVisible() and not highway.isVisible()
    assert running() == [reboot.driver.timer]

    tap(qtbot, find_button(kiosk.page, "Back to topics"))
    assert kiosk.stack.currentWidget() is kiosk.home
    assert running() == []

    kiosk.show_section("what-is-ketamine")
    assert kiosk.page.analogy is None and kiosk.page.picture.isVisible()
    assert running() == []


def test_tapping_the_road_on_the_page_does_not_turn_the_page(qtbot, kiosk) -> None:
    kiosk.show_section("blocks-pain-signals")
    highway = kiosk.page.analogy
    road = screen_point(highway, highway.scene.at(0.3)[0])
    qtbot.mouseClick(highway.canvas, Qt.MouseButton.LeftButton, pos=road)
    assert kiosk.session.page == "blocks-pain-signals"
    assert highway.model.blocked
    kiosk.show_home()
    kiosk.show_section("blocks-pain-signals")
    assert find_button(kiosk.page, "Show the roadblock"), "coming back, the road is open again"


# -- attract screen ------------------------------------------------------------------------

@pytest.fixture
def attract(qtbot, bundle, theme):  # type: ignore[no-untyped-def]
    from kiosk.ui.attract import AttractScreen

    return shown(qtbot, AttractScreen(bundle.languages, theme, clock=FakeClock()), theme, (1920, 1080))


def test_the_attract_screen_invites_a_touch_in_every_language(bundle, attract) -> None:
    from PySide6.QtWidgets import QLabel

    wanted = list(dict.fromkeys(language.text("attract_touch") for language in bundle.languages.values()))
    topics = list(dict.fromkeys(language.text("attract_topic") for language in bundle.languages.values()))
    assert "Touch anywhere to start" in wanted
    assert "Learn about CRPS and ketamine infusions" in topics
    shown_words = [label.text() for label in attract.findChildren(QLabel) if label.isVisible()]
    assert sorted(shown_words) == sorted(topics + wanted)
    assert attract.texts() == wanted and attract.topic_texts() == topics


def test_the_same_words_are_not_shown_twice(qtbot, english, theme) -> None:
    from kiosk.ui.attract import AttractScreen

    twin = dataclasses.replace(english, code="en-GB")
    screen = shown(qtbot, AttractScreen([english, twin], theme), theme)
    assert screen.texts() == ["Touch anywhere to start"]


def test_a_touch_anywhere_on_the_attract_screen_is_reported(qtbot, attract) -> None:
    for widget in (attract, attract.canvas, *attract.labels, *attract.topic_labels):
        for where in (widget.rect().center(), QPoint(5, 5)):
            with qtbot.waitSignal(attract.touched, timeout=100):
                qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=where)


def test_the_attract_loop_moves_only_while_shown(qtbot, attract) -> None:
    assert attract.animating
    clock = attract.driver.clock
    before = attract.model.elapsed_ms
    clock.now += 40
    attract.tick()
    assert attract.model.elapsed_ms == pytest.approx(before + 40)
    attract.hide()
    assert not [timer for timer in attract.findChildren(QTimer) if timer.isActive()]
    attract.show()
    attract.set_reduce_motion(True)
    assert not attract.animating


def test_the_attract_loop_blocks_and_reopens_the_road(attract) -> None:
    assert not attract.model.blocked
    step(attract, attract.CYCLE_MS + 50)
    assert attract.model.blocked
    step(attract, attract.CYCLE_MS)
    assert not attract.model.blocked


def test_every_analogy_a_page_can_name_has_a_widget_and_every_widget_can_be_named(qtbot, theme, english,
                                                                                    tmp_path: Path) -> None:
    from kiosk.content.loader import load_content
    from kiosk.content.model import AnalogyName
    from kiosk.ui.analogies import ANALOGY_WIDGETS, AnalogyWidget

    assert set(ANALOGY_WIDGETS) == set(AnalogyName)
    root = tmp_path / "content" / "en"
    root.mkdir(parents=True)
    for number, name in enumerate(AnalogyName, start=1):
        (root / f"{number:02d}-{name}.md").write_text(f"---\ntitle: Page {number}\nanalogy: {name}\n---\nWords.\n",
                                                     encoding="utf-8")
    (root / "99-other.md").write_text("---\ntitle: Other\nanalogy: rollercoaster\n---\nWords.\n", encoding="utf-8")
    bundle = load_content(tmp_path / "content")
    named = [section.analogy for section in bundle.languages["en"].sections if section.analogy]
    assert set(named) == set(AnalogyName), "the loader takes every name the registry has"
    assert any("unknown analogy 'rollercoaster'" in str(p) for p in bundle.problems)
    for name in named:
        widget = ANALOGY_WIDGETS[name](english, theme)
        qtbot.addWidget(widget)
        assert isinstance(widget, AnalogyWidget), name
