"""Run every benchmark and print one table: median, min and max of several runs, each
figure's floor (the same work done by a bare Qt program, measured in the same run) and
the ratio to it, and the issue's target.

Usage: python benchmarks/run_all.py [--runs 5] [--sizes 10,100,1000] [--skip NAME ...]

Two modes, one table:

* offscreen (``QT_QPA_PLATFORM=offscreen``, a 1920x1080 screen): ``startup.py``,
  ``memory.py``, ``page_switch.py``, ``reload.py``, ``analogy_frames.py``,
  ``frame_floor.py``, each in fresh processes, timed from inside;
* real display (``xdisplay.py``): Xvfb at 1920x1080 with no window manager, each window
  forced to and checked for full screen, timed from outside by what the X server draws:
  launch to first frame, the same held to a quarter of one core ("slow PC"), tap to
  changed pixels, memory after the taps. Without Xvfb or python-xlib these rows say why
  they are missing.

Kiosk and floor runs alternate so that a busy machine hurts both alike; the machine's
load (``uptime``) is printed before and after. Nothing here asserts: the verdict column
only compares with the targets. The soak is its own command: ``python benchmarks/soak.py``.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import (  # noqa: E402
    BENCH_SPEECH_ENGINE,
    QT_SPEECH_ENGINE,
    ROOT,
    machine,
    offscreen_platform,
    percentile,
    read_results,
    start_speech_stand_in,
    summary,
    with_bytecode,
)

PYTHON = sys.executable
FROZEN = ROOT / "dist" / "crps-kiosk" / ("crps-kiosk.exe" if os.name == "nt" else "crps-kiosk")
STEPS = ("startup", "memory", "switch", "reload", "frames", "display")
START_TARGET = 1.5  # first frame within 1.5x the floor


@dataclass
class Row:
    figure: str
    unit: str
    values: Sequence[float]
    floor: Sequence[float] | None = None
    target: str = ""
    verdict: str = ""


def run_script(args: list[str], env: dict[str, str] | None = None,
               timeout: float = 600) -> list[dict[str, object]]:
    """Run a benchmark script; its ``BENCH-RESULT`` lines."""
    done = subprocess.run([PYTHON, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                          env=env or bench_env())
    results = read_results(done.stdout)
    if done.returncode != 0 or not results:
        raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout[-2000:]}\n"
                           f"{done.stderr[-3000:]}")
    return results


def bench_env() -> dict[str, str]:
    env = with_bytecode(dict(os.environ, QT_QPA_PLATFORM=offscreen_platform()))
    env.pop("KIOSK_CONFIG", None)
    return env


def timed_start(command: list[str], env: dict[str, str]) -> dict[str, object]:
    """Start ``command`` and read its milestones, counted from just before it started."""
    env = dict(env)
    env["KIOSK_BENCH_T0"] = repr(time.time())
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)
    results = read_results(done.stdout)
    if not results:
        raise RuntimeError(f"{' '.join(command)} printed no result:\n{done.stdout[-1000:]}\n"
                           f"{done.stderr[-2000:]}")
    return results[0]


def smoke_first_frame(command: list[str]) -> float:
    """The 'first frame N ms after the process started' line of a smoke test."""
    env = with_bytecode(dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    env.pop("KIOSK_CONFIG", None)
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)
    found = re.search(r"first frame (\d+) ms", done.stdout)
    if done.returncode != 0 or not found:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout[-1000:]}\n{done.stderr[-2000:]}")
    return float(found.group(1))


@dataclass
class Prepared:
    config: Path  # a kiosk.toml that logs into the temporary folder
    page_md: Path  # the first bundled English page (Markdown with front matter)
    page_html: Path  # its HTML as the kiosk renders it
    pages: Path  # every English page's HTML, as 000.html, 001.html, ...


def prepare(folder: Path) -> Prepared:
    from kiosk import paths
    from kiosk.content.loader import load_content

    config = folder / "kiosk.toml"
    config.write_text(f'log_dir = "{(folder / "logs").as_posix()}"\n'
                      f'speech_engine = "{BENCH_SPEECH_ENGINE}"\n', encoding="utf-8")
    sections = load_content(paths.bundled_content_dir()).language("en").sections
    first = folder / "page.html"
    first.write_text(sections[0].html, encoding="utf-8")
    pages = folder / "pages"
    pages.mkdir()
    for index, section in enumerate(sections):
        (pages / f"{index:03d}.html").write_text(section.html, encoding="utf-8")
    page_md = sorted((paths.bundled_content_dir() / "en").glob("*.md"))[0]
    return Prepared(config, page_md, first, pages)


def startup_rows(runs: int, config: Path, page: Path) -> list[Row]:
    env = bench_env()
    kiosk: list[dict[str, object]] = []
    floor: list[dict[str, object]] = []
    # once each, untimed: the bytecode and content caches are filled (see with_bytecode)
    timed_start([PYTHON, str(HERE / "startup.py"), "floor", str(page)], env)
    timed_start([PYTHON, str(HERE / "startup.py"), "kiosk", str(config)], env)
    for _ in range(runs):
        floor.append(timed_start([PYTHON, str(HERE / "startup.py"), "floor", str(page)], env))
        kiosk.append(timed_start([PYTHON, str(HERE / "startup.py"), "kiosk", str(config)], env))
    floor_ms = [float(r["painted"]) for r in floor]  # type: ignore[arg-type]
    first = [float(r["painted"]) for r in kiosk]  # type: ignore[arg-type]
    rows = [
        Row("start to first frame: python -m kiosk", "ms", first, floor_ms, f"<= {START_TARGET}x floor",
            verdict_ratio(first, floor_ms, START_TARGET)),
        Row("  of which imports, settings, QApplication", "ms",
            [float(r["imports_done"]) for r in kiosk]),  # type: ignore[arg-type]
        Row("  of which content loaded, window built", "ms",
            [float(r["window_built"]) - float(r["imports_done"]) for r in kiosk]),  # type: ignore[arg-type]
        Row("  of which shown and painted", "ms",
            [float(r["painted"]) - float(r["window_built"]) for r in kiosk]),  # type: ignore[arg-type]
    ]
    smoke = [smoke_first_frame([PYTHON, "-m", "kiosk", "--config", str(config), "--smoke-test"])
             for _ in range(runs)]
    rows.append(Row("smoke test's own first-frame line (source)", "ms", smoke, floor_ms,
                    f"<= {START_TARGET}x floor", verdict_ratio(smoke, floor_ms, START_TARGET)))
    if FROZEN.exists():
        frozen = [smoke_first_frame([str(FROZEN), "--config", str(config), "--smoke-test"])
                  for _ in range(runs)]
        rows.append(Row("smoke test's first-frame line (frozen build)", "ms", frozen, floor_ms,
                        f"<= {START_TARGET}x floor", verdict_ratio(frozen, floor_ms, START_TARGET)))
    else:
        rows.append(Row("frozen build: not built (python3 dev.py build)", "", []))
    return rows


def memory_rows(runs: int, page: Path) -> list[Row]:
    kiosk: list[dict[str, object]] = []
    floor: list[dict[str, object]] = []
    qt_speech: list[dict[str, object]] = []  # read aloud through Qt's speech module, as on Windows
    for _ in range(runs):
        floor += run_script([str(HERE / "memory.py"), "floor", str(page)])
        kiosk += run_script([str(HERE / "memory.py"), "kiosk"])
        qt_speech += run_script([str(HERE / "memory.py"), "kiosk", QT_SPEECH_ENGINE])

    def values(results: list[dict[str, object]], key: str) -> list[float]:
        return [float(r[key]) for r in results if r.get(key) is not None]  # type: ignore[arg-type]

    rows = []
    for key, label in (("peak_rss", "memory: peak RSS"),
                       ("steady_rss", "memory: steady RSS, every screen seen"),
                       ("steady_pss", "memory: steady PSS, every screen seen"),
                       ("visit_over_pss", "memory: PSS once the visit ended (idle time-out)"),
                       ("first_pss", "memory: PSS at the first frame")):
        mine, bare = values(kiosk, key), values(floor, key)
        if mine and bare:
            target = "<= 1.5x floor" if key != "first_pss" else ""
            verdict = verdict_ratio(mine, bare, 1.5) if target else ""
            rows.append(Row(label, "MB", mine, bare, target, verdict))
    mine, bare = values(qt_speech, "steady_pss"), values(floor, "steady_pss")
    if mine and bare:  # not a target: no Linux clinic loads Qt's speech module
        rows.append(Row("  the same with Qt's speech module (Windows engines)", "MB", mine, bare))
    return rows


def switch_rows(runs: int, pages: Path) -> list[Row]:
    medians, p95s, floor_medians, floor_p95s = [], [], [], []
    for _ in range(runs):
        bare = run_script([str(HERE / "page_switch.py"), "floor", str(pages)])[0]["switch_ms"]
        mine = run_script([str(HERE / "page_switch.py"), "kiosk"])[0]["switch_ms"]
        floor_medians.append(percentile(bare, 0.5))  # type: ignore[arg-type]
        floor_p95s.append(percentile(bare, 0.95))  # type: ignore[arg-type]
        medians.append(percentile(mine, 0.5))  # type: ignore[arg-type]
        p95s.append(percentile(mine, 0.95))  # type: ignore[arg-type]
    return [
        Row("page switch: tap to next page painted, median", "ms", medians, floor_medians, "< 8 ms",
            verdict_below(medians, 8.0)),
        Row("page switch: 95th percentile", "ms", p95s, floor_p95s, "< 16 ms", verdict_below(p95s, 16.0)),
    ]


def reload_rows(runs: int, sizes: list[int]) -> list[Row]:
    rows: list[Row] = []
    loads: dict[int, float] = {}
    for size in sizes:
        result = run_script([str(HERE / "reload.py"), str(size), "--runs", str(runs)], timeout=1800)[0]

        def get(key: str, result: dict[str, object] = result) -> list[float]:
            return [float(v) for v in result[key]]  # type: ignore[attr-defined]

        loads[size] = summary(get("load_ms"))[0]
        rows += [
            Row(f"reload {size} pages: load + validate", "ms", get("load_ms"), get("floor_load_ms"),
                "linear in pages"),
            Row(f"reload {size} pages: swap on the UI thread", "ms", get("swap_settled_ms"),
                get("floor_swap_ms")),
            Row(f"reload {size} pages: re-watch the files (UI thread)", "ms", get("arm_ms")),
            Row(f"reload {size} pages: edit to swap, live", "ms", get("live_ms"), None, "",
                "(1 s of it is the debounce)"),
            Row(f"reload {size} pages: longest UI stall, live", "ms", get("stall_ms"), get("floor_stall_ms"),
                "<= 50 ms", verdict_below(get("stall_ms"), 50.0, use_max=True)),
        ]
    if len(loads) >= 2:
        small, large = min(loads), max(loads)
        per_page = (loads[large] - loads[small]) / (large - small)
        ratios = ", ".join(f"{size}: {loads[size] / size:.2f}" for size in sorted(loads))
        rows.append(Row(f"reload: cost per page ({small} to {large} pages)", "ms", [per_page], None,
                        "linear", f"ms per page at each size: {ratios}"))
    return rows


def frame_rows(runs: int) -> list[Row]:
    script = HERE / "analogy_frames.py"
    if not script.exists():
        return [Row("analogy frames: benchmarks/analogy_frames.py is not there yet", "", [])]
    found: dict[str, list[float]] = {}
    floor = []
    for _ in range(runs):
        floor.append(float(run_script([str(HERE / "frame_floor.py")])[0]["frame_ms"]))  # type: ignore[arg-type]
        done = subprocess.run([PYTHON, str(script), "--frames", "200"], cwd=ROOT, capture_output=True,
                              text=True,
                              timeout=600, env=bench_env())
        if done.returncode != 0:
            raise RuntimeError(f"analogy_frames.py failed:\n{done.stderr[-2000:]}")
        for line in done.stdout.splitlines():
            parts = line.split()
            if len(parts) == 5 and parts[1] in ("drawing", "widget"):
                found.setdefault(f"{parts[0]} {parts[1]}", []).append(float(parts[2]))
                found.setdefault(f"{parts[0]} {parts[1]} p99", []).append(float(parts[3]))
    rows = []
    for name, values in found.items():
        median_row = not name.endswith("p99")
        target = "< 4 ms" if median_row and "drawing" in name else ""
        rows.append(Row(f"analogy frame ({'median' if median_row else 'p99'} per run): "
                        f"{name.removesuffix(' p99')}", "ms", values, floor, target,
                        verdict_below(values, 4.0) if target else ""))
    return rows


TAP_MEDIAN_MS = 10.0
TAP_P95_MS = 16.7  # one frame at 60 Hz


def display_rows(runs: int) -> list[Row]:
    """The real-display mode (``xdisplay.py``): what the X server shows, kiosk against floor."""
    result = run_script([str(HERE / "xdisplay.py"), "--runs", str(runs)], timeout=3600)[0]
    if "unavailable" in result:
        return [Row(f"real display: not measured ({result['unavailable']})", "", [])]
    kiosk, floor = result["kiosk"], result["floor"]

    def each(runs_: object, key: str) -> list[float]:
        return [float(r[key]) for r in runs_]  # type: ignore[attr-defined, index]

    def taps(runs_: object, share: float, kind: str | None = None, visit: str | None = None) -> list[float]:
        found = []
        for run in runs_:  # type: ignore[attr-defined]
            times = [t["ms"] for t in run["taps"] if (kind is None or t["kind"] == kind)
                     and (visit is None or t["visit"] == visit)]
            if times:
                found.append(percentile(times, share))
        return found

    first, bare = each(kiosk, "first_frame_ms"), each(floor, "first_frame_ms")
    medians, p95s = taps(kiosk, 0.5), taps(kiosk, 0.95)
    pooled = [t["ms"] for run in kiosk for t in run["taps"]]  # type: ignore[attr-defined, index]
    pooled_floor = [t["ms"] for run in floor for t in run["taps"]]  # type: ignore[attr-defined, index]
    rows = [
        Row("REAL DISPLAY (Xvfb 1920x1080, full screen, no WM)", "", []),
        Row("launch to first frame on the X server", "ms", first, bare, f"<= {START_TARGET}x floor",
            verdict_ratio(first, bare, START_TARGET)),
        Row("  first pixels drawn", "ms", each(kiosk, "first_pixels_ms"), each(floor, "first_pixels_ms")),
        Row("  CPU time used by then (all threads)", "ms", each(kiosk, "cpu_ms"), each(floor, "cpu_ms")),
    ]
    if result.get("slow_kiosk"):
        slow = each(result["slow_kiosk"], "first_frame_ms")
        slow_floor = each(result["slow_floor"], "first_frame_ms")
        rows.append(Row("slow PC (1/4 core): launch to first frame", "ms", slow, slow_floor,
                        f"<= {START_TARGET}x floor", verdict_ratio(slow, slow_floor, START_TARGET)))
        rows.append(Row("  CPU time used by then", "ms", each(result["slow_kiosk"], "cpu_ms"),
                        each(result["slow_floor"], "cpu_ms")))
    rows.append(Row(f"slow PC: {result.get('slow_how')}", "", []))
    rows += [
        Row("tap to changed pixels, median per run", "ms", medians, taps(floor, 0.5),
            f"<= {TAP_MEDIAN_MS:g} ms", verdict_below(medians, TAP_MEDIAN_MS)),
        Row("tap to changed pixels, p95 per run", "ms", p95s, taps(floor, 0.95), f"< {TAP_P95_MS} ms",
            verdict_below(p95s, TAP_P95_MS)),
        Row(f"tap to changed pixels, p95 of all {len(pooled)} taps", "ms", [percentile(pooled, 0.95)],
            [percentile(pooled_floor, 0.95)], f"< {TAP_P95_MS} ms",
            verdict_below([percentile(pooled, 0.95)], TAP_P95_MS)),
        Row("  topic tile to its page (median)", "ms", taps(kiosk, 0.5, "tile"), taps(floor, 0.5)),
        Row("  Next to the next page (median)", "ms", taps(kiosk, 0.5, "next"), taps(floor, 0.5)),
        Row("  Back to topics (median)", "ms", taps(kiosk, 0.5, "home"), taps(floor, 0.5)),
        Row("  screens seen before (median)", "ms", taps(kiosk, 0.5, visit="again"), taps(floor, 0.5)),
        Row("  first press drawn (median)", "ms",
            [percentile([t["first_ms"] for t in run["taps"]], 0.5) for run in kiosk],  # type: ignore[index]
            [percentile([t["first_ms"] for t in run["taps"]], 0.5) for run in floor]),  # type: ignore[index]
        Row("PSS after the taps", "MB", each(kiosk, "pss_mb"), each(floor, "pss_mb")),
        Row(f"taps that changed nothing (tapped again): {result.get('missed_taps') or 'none'}", "", []),
        Row(f"load average during the real-display runs: {result['load_before'][0]:.2f} -> "
            f"{result['load_after'][0]:.2f}", "", []),
    ]
    return rows


def verdict_ratio(values: Sequence[float], floor: Sequence[float], limit: float) -> str:
    ratio = summary(values)[0] / summary(floor)[0]
    return "meets" if ratio <= limit else f"MISSES by {ratio / limit:.2f}x"


def verdict_below(values: Sequence[float], limit: float, use_max: bool = False) -> str:
    value = max(values) if use_max else summary(values)[0]
    return "meets" if value <= limit else f"MISSES by {value - limit:.1f} ms"


def print_table(rows: list[Row], runs: int) -> None:
    info = machine()
    print(f"\nCRPS kiosk benchmarks: {runs} runs each; 1920x1080, offscreen (QT_QPA_PLATFORM=offscreen) "
          f"unless under REAL DISPLAY (Xvfb)")
    print(f"CPU {info['cpu']}; {info['os']}; Python {info['python']}; PySide6 {info['pyside']}, "
          f"Qt {info['qt']}")
    header = f"{'figure':<52} {'unit':<4} {'median':>8} {'min':>8} {'max':>8} {'floor':>8} {'ratio':>6}  " \
             f"{'target':<16} verdict"
    print(header)
    print("-" * len(header))
    for row in rows:
        if not row.values:
            print(f"{row.figure}")
            continue
        median, low, high = summary(row.values)
        floor = f"{summary(row.floor)[0]:8.1f}" if row.floor else f"{'':>8}"
        ratio = f"{median / summary(row.floor)[0]:5.1f}x" if row.floor and summary(row.floor)[0] > 0 else ""
        print(f"{row.figure:<52} {row.unit:<4} {median:8.1f} {low:8.1f} {high:8.1f} {floor} {ratio:>6}  "
              f"{row.target:<16} {row.verdict}")
    print("\nfloor: the same work by a bare PySide6 program in the same run (start-up: importing QtWidgets"
          " and Python-Markdown, rendering the first page's Markdown and showing it in a QTextBrowser;"
          " memory, page switch, taps: one QTextBrowser with the same pages; reload: reading the files /"
          " retitling as many plain buttons / an idle timer; frames: painting a plain widget of the same"
          " size).")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5,
                        help="runs of each measurement (at least 5 for the table)")
    parser.add_argument("--sizes", default="10,100,1000", help="content reload sizes, in pages")
    parser.add_argument("--skip", nargs="*", default=[], choices=STEPS, help="measurements to leave out")
    args = parser.parse_args(argv)
    start_speech_stand_in()
    sizes = [int(size) for size in args.sizes.split(",") if size]
    rows: list[Row] = []
    started = time.monotonic()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-") as tmp:
        ready = prepare(Path(tmp))
        steps = {
            "startup": lambda: startup_rows(args.runs, ready.config, ready.page_md),
            "memory": lambda: memory_rows(args.runs, ready.page_html),
            "switch": lambda: switch_rows(args.runs, ready.pages),
            "reload": lambda: reload_rows(args.runs, sizes),
            "frames": lambda: frame_rows(args.runs),
            "display": lambda: display_rows(args.runs),
        }
        for name, step in steps.items():
            if name in args.skip:
                continue
            print(f"measuring {name}...", file=sys.stderr, flush=True)
            rows += step()
    print_table(rows, args.runs)
    load_after = os.getloadavg()
    print(f"load average (1, 5, 15 min) before: {', '.join(f'{v:.2f}' for v in load_before)}; "
          f"after: {', '.join(f'{v:.2f}' for v in load_after)}; {os.cpu_count()} cores")
    print(f"({time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
