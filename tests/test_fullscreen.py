"""Full screen whoever draws the screen: the window covers its screen and stays so.

The real display stacks (X without a window manager, weston's kiosk shell, cage) are checked on
the frozen build by scripts/display_stacks.py in CI; here, offscreen, the rules."""

from __future__ import annotations

import pytest

from kiosk.ui.fullscreen import FullScreenKeeper, choose_screen, places_own_windows


@pytest.mark.parametrize(("wanted", "expected"), [
    ("", (1, "")),  # the primary screen
    ("HDMI-1", (0, "")),
    ("hdmi-1", (0, "")),
    ("2", (2, "")),
    ("0", (0, "")),
])
def test_the_screen_setting_picks_by_name_or_number(wanted: str, expected: tuple[int, str]) -> None:
    assert choose_screen(["HDMI-1", "DP-1", "DP-2"], primary=1, wanted=wanted) == expected


def test_a_screen_that_is_not_there_falls_back_to_the_primary_and_says_which_exist() -> None:
    index, problem = choose_screen(["HDMI-1", "DP-1"], primary=1, wanted="HDMI-2")
    assert index == 1
    assert problem == "no screen is called 'HDMI-2' (screens: 0: HDMI-1, 1: DP-1); using the primary screen"
    index, problem = choose_screen(["HDMI-1"], primary=0, wanted="3")
    assert index == 0 and "screen 3 does not exist (there are 1, counted from 0)" in problem


def test_only_wayland_keeps_programs_from_placing_their_windows() -> None:
    assert places_own_windows("xcb") and places_own_windows("windows") and places_own_windows("offscreen")
    assert not places_own_windows("wayland") and not places_own_windows("wayland-egl")


def test_the_kiosk_covers_its_screen_and_is_put_back_when_something_shrinks_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWidget

    window = QWidget()
    qtbot.addWidget(window)
    window.resize(895, 720)  # where the kiosk stood under bare X before (issue 15)
    keeper = FullScreenKeeper(window, "")
    screen = keeper.pick_screen()
    assert screen is not None
    with qtbot.waitSignal(keeper.settled, timeout=5000) as settled:
        keeper.show()
    assert window.geometry() == screen.geometry()
    assert settled.args[0].startswith("window covers the screen: full screen, ")
    assert f"{screen.geometry().width()}x{screen.geometry().height()}" in settled.args[0]

    # No window manager keeps it there, so the kiosk does: a program (or xrandr) shrinks it.
    window.setGeometry(0, 0, 400, 300)
    qtbot.waitUntil(lambda: window.geometry() == screen.geometry(), timeout=5000)
    assert window.isFullScreen()
    keeper.release()


def test_it_stops_fighting_a_compositor_that_insists_on_another_size(qtbot, caplog) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QWidget

    window = QWidget()
    qtbot.addWidget(window)
    keeper = FullScreenKeeper(window, "")
    keeper.show()
    qtbot.waitUntil(lambda: keeper.covers_screen(), timeout=5000)

    class Insist(QObject):  # every resize is answered by shrinking it again
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Resize and window.width() != 500:
                window.setGeometry(0, 0, 500, 400)
            return False

    insist = Insist()
    window.installEventFilter(insist)
    window.setGeometry(0, 0, 500, 400)
    qtbot.waitUntil(lambda: any("keeps being resized" in r.getMessage() for r in caplog.records), timeout=10000)
    assert keeper.corrections > 5
    window.removeEventFilter(insist)
    keeper.release()
