"""The benchmark scripts drive the kiosk's own classes; this keeps them in step with the
code (one quick run each, no timing asserted: speed is reported by the scripts)."""

from __future__ import annotations

import os
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
])
def test_each_benchmark_runs_and_reports(args: list[str]) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / args[0]), *args[1:]], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip(), "the benchmark printed its numbers"
