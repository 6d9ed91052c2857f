"""What the benchmark scripts share: an offscreen 1920x1080 screen, statistics, memory.

Each benchmark is a script that prints numbers; ``run_all.py`` runs them in fresh
processes and prints one table. Nothing here is a test: speed is never asserted.
"""

from __future__ import annotations

import atexit
import json
import os
import platform
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCREEN = (1920, 1080)
RESULT_PREFIX = "BENCH-RESULT "  # a line a script prints for run_all.py to read
# Read aloud as in a Linux clinic: the kiosk's own speech-dispatcher client, talking to a
# stand-in daemon (tests/fake_speechd.py, a process of its own: see start_speech_stand_in),
# so that no figure depends on a real daemon's state. Qt's speech module, which the kiosk
# loads only for other engines (Windows; "mock" in tests), is measured by its own memory
# row (QT_SPEECH_ENGINE).
BENCH_SPEECH_ENGINE = "speechd"
QT_SPEECH_ENGINE = "mock"
_STAND_IN = "KIOSK_BENCH_SPEECH_STAND_IN"  # set once a stand-in runs for this process tree


def offscreen_platform(width: int = SCREEN[0], height: int = SCREEN[1]) -> str:
    """The QT_QPA_PLATFORM value for an offscreen screen of ``width`` x ``height``
    (Qt's offscreen plugin reads its screens from a JSON file)."""
    path = Path(tempfile.gettempdir()) / f"kiosk-bench-screen-{width}x{height}.json"
    screen = {"name": "bench", "x": 0, "y": 0, "width": width, "height": height,
              "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
    text = json.dumps({"screens": [screen]})
    if not path.exists() or path.read_text() != text:
        path.write_text(text)
    return f"offscreen:configfile={path}"


BYTECODE_CACHE = Path(tempfile.gettempdir()) / "kiosk-bench-pycache"


def with_bytecode(env: dict[str, str]) -> dict[str, str]:
    """``env`` for a started program that runs from compiled bytecode, as an installed kiosk
    does (pip compiles it at install, the frozen build carries it, a source tree writes it
    on its first run). A shell with ``PYTHONDONTWRITEBYTECODE`` set (as on the machine these
    figures were taken on) would otherwise make every start compile every module of the
    kiosk from source, about 80 ms of CPU, and none of the floor's (Markdown is installed
    compiled). The bytecode goes to one folder outside the source trees (so an A/B run
    writes nothing into the other copy's folder); the first start of each program fills it:
    start each once, untimed, before timing."""
    env = dict(env)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(BYTECODE_CACHE)
    return env


def start_speech_stand_in() -> None:
    """Make sure a stand-in speech-dispatcher serves the kiosks this script starts or makes
    (``SPEECHD_ADDRESS`` points them at it), as a separate process, so that neither its
    memory nor its CPU time is counted as the kiosk's. Started once per benchmark run (a
    script started by another uses its parent's) and stopped when the script ends."""
    if os.environ.get(_STAND_IN):
        return
    folder = Path(tempfile.mkdtemp(prefix="kiosk-bench-speechd-"))
    socket_path = folder / "speechd.sock"
    daemon = subprocess.Popen([sys.executable, str(tests_dir() / "fake_speechd.py"), str(socket_path)],
                              stdout=subprocess.PIPE, text=True)

    def stop() -> None:
        daemon.terminate()
        try:
            daemon.wait(10)
        except subprocess.TimeoutExpired:
            daemon.kill()
        shutil.rmtree(folder, ignore_errors=True)

    atexit.register(stop)
    assert daemon.stdout is not None
    said, _, _ = select.select([daemon.stdout], [], [], 30)  # it says "ready" once it listens
    if not said or daemon.stdout.readline().strip() != "ready":
        raise RuntimeError("the stand-in speech-dispatcher (tests/fake_speechd.py) did not start")
    os.environ["SPEECHD_ADDRESS"] = f"unix_socket:{socket_path}"
    os.environ[_STAND_IN] = str(socket_path)


def use_offscreen_screen() -> None:
    """Call before PySide6 makes the QApplication."""
    os.environ["QT_QPA_PLATFORM"] = offscreen_platform()


def emit(result: dict[str, object]) -> None:
    """Print one machine-readable result line (and flush: the process may exit at once)."""
    print(RESULT_PREFIX + json.dumps(result), flush=True)


def read_results(output: str) -> list[dict[str, object]]:
    return [json.loads(line[len(RESULT_PREFIX):]) for line in output.splitlines()
            if line.startswith(RESULT_PREFIX)]


def percentile(values: Sequence[float], share: float) -> float:
    """The ``share`` (0..1) percentile by the nearest-rank method."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def summary(values: Sequence[float]) -> tuple[float, float, float]:
    """(median, min, max)."""
    return statistics.median(values), min(values), max(values)


def memory_mb() -> dict[str, float]:
    """This process's memory now, in MB: rss, pss (Linux) and peak_rss (the high-water mark)."""
    result: dict[str, float] = {}
    try:
        import psutil

        info = psutil.Process().memory_full_info()
        result["rss"] = info.rss / 2**20
        if getattr(info, "pss", None) is not None:
            result["pss"] = info.pss / 2**20
    except ImportError:  # psutil is in the 'test' extra; fall back to /proc on Linux
        status = Path("/proc/self/status")
        if status.exists():
            for line in status.read_text().splitlines():
                if line.startswith("VmRSS:"):
                    result["rss"] = int(line.split()[1]) / 1024
    try:
        import resource

        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        result["peak_rss"] = peak_kb / (2**20 if sys.platform == "darwin" else 1024)
    except ImportError:  # Windows
        try:
            import psutil

            result["peak_rss"] = psutil.Process().memory_info().peak_wset / 2**20
        except (ImportError, AttributeError):
            pass
    return result


def machine() -> dict[str, str]:
    """CPU model and count, OS, Python and Qt versions."""
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    import PySide6
    from PySide6 import QtCore

    return {
        "cpu": f"{cpu} x {os.cpu_count()}",
        "os": platform.platform(terse=True),
        "python": platform.python_version(),
        "pyside": PySide6.__version__,
        "qt": QtCore.qVersion(),
    }


def tests_dir() -> Path:
    """``tests/`` (for its helpers: taps through the window, the fake timer)."""
    return ROOT / "tests"


class PaintProbe:
    """Notes when ``widget`` is painted; :meth:`wait` runs the event loop until it is."""

    def __init__(self, widget: object) -> None:
        from PySide6.QtCore import QEvent, QObject

        probe = self

        class Filter(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
                if event.type() == QEvent.Type.Paint:
                    probe.painted = True
                return False

        self.painted = False
        self._filter = Filter()
        widget.installEventFilter(self._filter)  # type: ignore[attr-defined]

    def wait(self, limit_s: float = 5.0) -> bool:
        """Process events until the widget was painted (True) or ``limit_s`` passed (False)."""
        import time

        from PySide6.QtWidgets import QApplication

        deadline = time.perf_counter() + limit_s
        while not self.painted and time.perf_counter() < deadline:
            QApplication.processEvents()
        painted, self.painted = self.painted, False
        return painted
