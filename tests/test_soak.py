"""A short soak: the seeded monkey of ``tests/monkey.py`` drives the real window for
500 random interactions. Nothing may raise, no Qt warning may appear, an idle reset must
forget the visitor, and nothing may pile up (widgets, Qt objects, running timers).

The full 10,000-interaction soak, with memory, is ``python benchmarks/soak.py``.
"""

from __future__ import annotations

import pytest

import monkey
from helpers import make_fake_timer_class

# Said by Qt's multimedia plugin on a machine without PipeWire when the speech module loads.
ENVIRONMENT_WARNINGS = ("pipewire",)


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> list[object]:
    return monkey.reload_bundles(tmp_path_factory.mktemp("soak"))


@pytest.mark.parametrize("seed", [1, 2])
def test_monkey_finds_nothing_wrong(qtbot, bundles, seed: int) -> None:  # type: ignore[no-untyped-def]
    timer_class = make_fake_timer_class()
    window = monkey.make_window(timer_class)
    qtbot.addWidget(window)
    qtbot.waitExposed(window)

    report = monkey.run_soak(window, timer_class, bundles, interactions=250, seed=seed, warmup=50)

    assert report.exceptions == []
    assert [w for w in report.qt_warnings if not any(e in w.lower() for e in ENVIRONMENT_WARNINGS)] == []
    assert report.broken_promises == []
    assert set(report.actions) >= {"tap-anywhere", "tap-button", "drag", "swipe", "language", "tick",
                                   "questions", "idle", "reload", "staff"}, "every kind of interaction ran"
    for name, after_warmup in report.counts_after_warmup.items():
        assert report.counts_end[name] <= after_warmup, f"{name} grew: {report.grown()}"
    assert report.grown() == {}
    assert window.session.screen == "home" and window.isVisible(), "the kiosk is still up and at home"
