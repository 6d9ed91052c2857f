"""The benchmark scripts drive the kiosk's own classes; this keeps them in step with the
code (one quick run each, no timing asserted: speed is reported by the scripts)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("args", [
    ["reload.py", "10", "--runs", "1"],
    ["page_switch.py", "kiosk", "--rounds", "1"],
    ["first_page.py", "--runs", "1", "--modes", "none"],
    ["memory.py", "kiosk"],
    ["analogy_frames.py", "--frames", "20", "--width", "640", "--height", "360"],
    ["usage_counts.py", "--visits", "20", "--days", "5"],
    ["tap_phases.py", "--rounds", "1", "--topics", "1"],
])
def test_each_benchmark_runs_and_reports(args: list[str]) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / args[0]), *args[1:]], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip(), "the benchmark printed its numbers"


@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed (Debian: apt-get install xvfb)")
def test_real_display_benchmark_sees_both_programs_full_screen_and_answering_taps() -> None:
    """One short run of the real-display mode: the kiosk and the floor each start under
    Xvfb, cover the screen, and every tap changes the pixels the X server holds (the
    script stops with an error otherwise)."""
    pytest.importorskip("Xlib", reason="python-xlib is in the 'test' extra")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "xdisplay.py"), "--runs", "1",
                           "--taps-per-run", "6", "--no-slow"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(next(line for line in done.stdout.splitlines()
                             if line.startswith("BENCH-RESULT "))[len("BENCH-RESULT "):])
    for who in ("kiosk", "floor"):
        run = result[who][0]
        assert 0 < run["first_pixels_ms"] <= run["first_frame_ms"], run
        assert run["pss_mb"] > 10, run
        assert run["taps"] and all(tap["ms"] > 0 for tap in run["taps"]), run
    kinds = [tap["kind"] for tap in result["kiosk"][0]["taps"]]
    assert kinds == ["tile", "next", "home"] * 2, kinds  # one topic, first visit and again
    assert {tap["visit"] for tap in result["kiosk"][0]["taps"]} == {"first", "again"}
