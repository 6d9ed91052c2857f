"""Start to first frame: from before the process starts to the home screen painted.

Usage (``run_all.py`` runs these; each prints one ``BENCH-RESULT`` line):

    python benchmarks/startup.py kiosk CONFIG     the real ``python -m kiosk`` start-up path
    python benchmarks/startup.py floor PAGE.md    the floor: a bare QTextBrowser showing that page,
                                                  its Markdown rendered by Python-Markdown
    python benchmarks/startup.py ab [--runs N] [--also NAME=FOLDER ...]
                                                  kiosk, floor (and the kiosks whose code is in
                                                  each FOLDER) started in turn, N rounds; prints
                                                  the medians, wall and CPU time, per milestone

The parent passes the wall-clock time it had just before starting the process in
``KIOSK_BENCH_T0`` (so interpreter start-up counts); without it, the process's own
creation time is used. The first frame is the first paint of the top-level window
plus everything painted in the same pass (a zero-timer fires after the paint and the
flush to the offscreen backing store). Both run full screen on a 1920x1080 offscreen
screen. The kiosk run also records milestones: imports done and window built. Each
milestone also has its CPU time (``cpu_...``: the process's CPU time, all threads, since it
started, interpreter start-up included), which moves much less than wall time when other
work shares the machine.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

_STARTED = time.time()
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    BENCH_SPEECH_ENGINE,
    emit,
    percentile,
    read_results,
    start_speech_stand_in,
    use_offscreen_screen,
    with_bytecode,
)

CPU_MARKS: dict[str, float] = {}
ROOT = Path(__file__).resolve().parent.parent


def _t0() -> float:
    given = os.environ.get("KIOSK_BENCH_T0")
    if given:
        return float(given)
    try:
        import psutil

        return float(psutil.Process().create_time())
    except ImportError:
        return _STARTED


def _cpu_ms() -> float:
    """The CPU time this process has used since it started (all threads), in ms."""
    return time.process_time() * 1000


def _watch_first_paint(widget: object, marks: dict[str, float]) -> object:
    """An event filter on ``widget`` that reports and exits once its first frame is painted
    (``marks``: wall-clock milestones; ``cpu_...`` milestones go into ``CPU_MARKS``)."""
    cpu = CPU_MARKS
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
            if event.type() == QEvent.Type.Paint and not self.seen:
                self.seen = True
                QTimer.singleShot(0, self.done)
            return False

        def done(self) -> None:
            marks["painted"] = time.time()
            cpu["cpu_painted"] = _cpu_ms()
            t0 = _t0()
            emit({**{name: round((value - t0) * 1000, 1) for name, value in marks.items()},
                  **{name: round(value, 1) for name, value in cpu.items()}})
            os._exit(0)  # teardown is not part of start-up

    watcher = FirstPaint()
    widget.installEventFilter(watcher)  # type: ignore[attr-defined]
    return watcher


def run_kiosk(config: Path) -> None:
    """``python -m kiosk --config CONFIG``, watched for its first frame. The kiosk's modules
    are imported when and in the order ``python -m kiosk`` imports them (the command line
    first, the window's modules once the kiosk runs): the order decides what Python and
    PySide6 do at each import, so importing ``kiosk.app`` up front would time another start."""
    marks: dict[str, float] = {}
    keep: list[object] = []

    def watch(app: Any) -> None:
        original = app.create_kiosk

        def create_and_watch(*args: object, **kwargs: object) -> object:
            marks["imports_done"] = time.time()
            CPU_MARKS["cpu_imports_done"] = _cpu_ms()
            window = original(*args, **kwargs)
            marks["window_built"] = time.time()
            CPU_MARKS["cpu_window_built"] = _cpu_ms()
            keep.append(_watch_first_paint(window, marks))
            return window

        app.create_kiosk = create_and_watch

    from xclient import when_imported  # (the floor's run imports xclient too)

    when_imported("kiosk.app", watch)
    from kiosk.cli import main

    sys.exit(main(["--config", str(config)]))


def run_floor(page: Path) -> None:
    """The floor: the least a kiosk must do. A bare PySide6 program that imports QtWidgets
    and Python-Markdown, renders one page's Markdown to HTML and shows it full screen in a
    QTextBrowser."""
    import markdown
    from PySide6.QtWidgets import QApplication, QTextBrowser
    from xclient import markdown_body

    app = QApplication(sys.argv[:1])
    browser = QTextBrowser()
    browser.setHtml(markdown.markdown(markdown_body(page)))
    marks: dict[str, float] = {"window_built": time.time()}
    CPU_MARKS["cpu_window_built"] = _cpu_ms()
    keep = _watch_first_paint(browser, marks)
    browser.showFullScreen()
    app.exec()
    del keep


def _start(args: list[str], source: Path | None, config: Path) -> dict[str, object]:
    """One start of ``startup.py ARGS`` in a fresh process (``source``: another kiosk's
    code, put first on the path), its milestones timed from just before it started."""
    import subprocess

    env = with_bytecode(dict(os.environ))
    env.pop("KIOSK_CONFIG", None)
    if source is not None:
        env["PYTHONPATH"] = str(source)
    env["KIOSK_BENCH_T0"] = repr(time.time())
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    results = read_results(done.stdout)
    if not results:
        raise RuntimeError(f"{args} printed no result:\n{done.stdout[-1000:]}\n{done.stderr[-2000:]}")
    return results[0]


def run_ab(argv: list[str]) -> None:
    """Kiosk, floor and other kiosk source trees, started in turn (the order turned round
    every other round, so that a busy machine slows each alike); medians per milestone."""
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(prog="startup.py ab")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--also", action="append", default=[], metavar="NAME=FOLDER")
    args = parser.parse_args(argv)
    sources: dict[str, Path | None] = {"kiosk": None}
    for item in args.also:
        name, _, folder = item.partition("=")
        if not folder or name in ("kiosk", "floor"):
            parser.error("--also NAME=FOLDER, with a NAME other than kiosk or floor")
        sources[name] = Path(folder).resolve()
    sys.path.insert(0, str(ROOT))
    from kiosk import paths

    page = sorted((paths.bundled_content_dir() / "en").glob("*.md"))[0]
    who = ["floor", *sources]
    results: dict[str, list[dict[str, object]]] = {name: [] for name in who}
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="kiosk-startup-ab-") as tmp:
        config = Path(tmp) / "kiosk.toml"
        logs = (Path(tmp) / "logs").as_posix()
        config.write_text(f'log_dir = "{logs}"\nspeech_engine = "{BENCH_SPEECH_ENGINE}"\n', encoding="utf-8")
        _start(["floor", str(page)], None, config)  # once each first, untimed: the content
        for source in sources.values():  # cache and the bytecode cache are filled
            _start(["kiosk", str(config)], source, config)
        for run in range(args.runs):
            for name in (who if run % 2 == 0 else who[::-1]):
                command = ["floor", str(page)] if name == "floor" else ["kiosk", str(config)]
                results[name].append(_start(command, sources.get(name), config))
    keys = ("imports_done", "window_built", "painted")
    print(f"offscreen start, {args.runs} rounds, medians in ms (wall from launch | CPU time, all threads)")
    print(f"{'program':<10}" + "".join(f"{key:>14}" for key in keys)
          + "".join(f"{'cpu ' + key:>18}" for key in keys))
    for name in who:
        line = f"{name:<10}"
        for key in (*keys, *(f"cpu_{key}" for key in keys)):
            values = [float(r[key]) for r in results[name] if key in r]  # type: ignore[arg-type]
            width = 18 if key.startswith("cpu_") else 14
            line += f"{percentile(values, 0.5):>{width}.1f}" if values else f"{'-':>{width}}"
        print(line)
    print(f"load average {load_before} -> {os.getloadavg()}")
    emit({"ab": results})


def main(argv: list[str]) -> None:
    if argv[:1] == ["ab"]:
        start_speech_stand_in()
        run_ab(argv[1:])
        return
    use_offscreen_screen()
    if argv[:1] == ["kiosk"] and len(argv) == 2:
        run_kiosk(Path(argv[1]))
    elif argv[:1] == ["floor"] and len(argv) == 2:
        run_floor(Path(argv[1]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
