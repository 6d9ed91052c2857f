"""What a patient sees on a real display: the kiosk and the floor under Xvfb at 1920x1080.

Usage: python benchmarks/xdisplay.py [--runs 5] [--taps-per-run N] [--no-slow]

Starts its own X server (Xvfb, 1920x1080, 24-bit, no window manager, no cursor, black
root, its framebuffer in a file), then, kiosk and floor alternating in fresh processes
(``xclient.py``):

* **launch to first content pixels**: from just before the process is started until the
  X server has the program's first complete frame. The X server reports every drawing
  into the screen (the DAMAGE extension, watched on the root window, so every window's
  drawing counts); the first frame is complete at the last drawing before the screen stays
  still for a second, and the pixels are then read back (the framebuffer, checked against
  a ``GetImage`` of the same pixels) to make sure the window covers the whole screen and
  shows something.
* **slow PC**: the same, with the program held to a quarter of one core by a CPU quota
  (a cgroup v2 ``cpu.max`` where this machine offers one, else cgroup v1
  ``cpu.cfs_quota_us``; 2.5 ms of CPU every 10 ms over all its threads; the X server is
  not limited). Needs root; otherwise the row says why it is missing.
* **tap to changed pixels**: XTest moves the pointer onto a button, waits until the screen
  is still, then presses and releases it; the time runs from just before the press until
  the last drawing of the answer (the screen then still for 250 ms); the pixels read back
  must differ from those before the tap, and the program must say it is on the expected
  screen. The kiosk: a topic tile (home to page), "Next" (page to page), "Back to topics"
  (page to home), for the first topics on the home screen, twice (first visits, then
  pages seen before). The floor: its "Next" button, which puts the next page's HTML in its
  QTextBrowser (as many taps).
* **PSS** of the program after its taps.

Each program's window is verified to cover the screen (its X geometry). Prints a table
and one ``BENCH-RESULT`` line for ``run_all.py``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import mmap
import os
import select
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    BENCH_SPEECH_ENGINE,
    ROOT,
    SCREEN,
    emit,
    percentile,
    start_speech_stand_in,
    with_bytecode,
)

HERE = Path(__file__).resolve().parent
CLIENT = HERE / "xclient.py"
QUIET_LAUNCH_S = 1.0
QUIET_TAP_S = 0.25
QUIET_HOVER_S = 0.12
SLOW_SHARE = 0.25  # a quarter of one core
SLOW_PERIOD_US = 10_000


class Unavailable(RuntimeError):
    """What the real-display mode needs is missing (said in the table, not a crash)."""


# -- the X server -----------------------------------------------------------------------


class XServer:
    """Xvfb on a free display number, its framebuffer mapped into this process."""

    def __init__(self, width: int = SCREEN[0], height: int = SCREEN[1]) -> None:
        if shutil.which("Xvfb") is None:
            raise Unavailable("Xvfb is not installed (Debian: apt-get install xvfb)")
        self.width, self.height = width, height
        self._dir = tempfile.TemporaryDirectory(prefix="kiosk-xvfb-")
        read_end, write_end = os.pipe()
        self.process = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_end), "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp",
             "-nocursor", "-br", "-fbdir", self._dir.name],
            pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write_end)
        number = b""
        deadline = time.monotonic() + 20
        while not number.endswith(b"\n"):
            ready, _, _ = select.select([read_end], [], [], max(0.0, deadline - time.monotonic()))
            chunk = os.read(read_end, 16) if ready else b""
            if not chunk:
                self.close()
                raise Unavailable("Xvfb did not start")
            number += chunk
        os.close(read_end)
        self.name = f":{number.decode().strip()}"
        self._file = open(Path(self._dir.name) / "Xvfb_screen0", "rb")  # noqa: SIM115 - kept open
        self._map = mmap.mmap(self._file.fileno(), 0, access=mmap.ACCESS_READ)
        header = struct.unpack(">25I", self._map[:100])
        header_size, ncolors, self.stride, bits = header[0], header[19], header[12], header[11]
        if bits != 32 or header[4] != width or header[5] != height:
            raise Unavailable(f"unexpected Xvfb framebuffer ({bits} bits per pixel, {header[4]}x{header[5]})")
        start = header_size + ncolors * 12
        self.pixels = memoryview(self._map)[start:start + self.stride * height]

    def snapshot(self) -> bytes:
        return bytes(self.pixels)

    def pixel_rows(self, top: int, rows: int, left: int, width: int) -> bytes:
        """The framebuffer's 32-bit pixels of a rectangle, row after row."""
        return b"".join(bytes(self.pixels[(top + r) * self.stride + left * 4:
                                          (top + r) * self.stride + (left + width) * 4]) for r in range(rows))

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.pixels.release()
            self._map.close()
            self._file.close()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self._dir.cleanup()


@dataclass
class Drawing:
    """The X server's drawings into the screen after a moment (ms from it)."""

    times_ms: list[float] = field(default_factory=list)
    areas: list[int] = field(default_factory=list)
    samples: list[float] = field(default_factory=list)  # what ``sample()`` said at each drawing
    still: bool = True  # False when the screen never stayed still before the limit

    @property
    def first_ms(self) -> float:
        return self.times_ms[0] if self.times_ms else float("nan")

    @property
    def last_ms(self) -> float:
        return self.times_ms[-1] if self.times_ms else float("nan")


class Screen:
    """A connection to the X server that sees every drawing (DAMAGE on the root window)
    and can tap (XTest)."""

    def __init__(self, server: XServer) -> None:
        try:
            from Xlib import X, display
            from Xlib.ext import damage
        except ImportError as error:
            raise Unavailable("python-xlib is not installed (it is in the 'test' extra)") from error
        self.server = server
        self._X = X
        self.display = display.Display(server.name)
        for name in ("DAMAGE", "XTEST"):
            if not self.display.has_extension(name):
                raise Unavailable(f"the X server lacks the {name} extension")
        self.display.damage_query_version()
        self.root = self.display.screen().root
        self.root.damage_create(damage.DamageReportRawRectangles)
        self.display.sync()
        self._damage_event = self.display.extension_event.DamageNotify

    def _drain(self) -> int:
        """Read every event that has arrived; the damaged area in pixels (0: none)."""
        area = 0
        while self.display.pending_events():
            event = self.display.next_event()
            if event.type == self._damage_event:
                area += max(1, event.area.width * event.area.height)
        return area

    def _wait(self, timeout: float) -> bool:
        if self.display.pending_events():
            return True
        ready, _, _ = select.select([self.display.fileno()], [], [], max(0.0, timeout))
        return bool(ready)

    def settle(self, quiet_s: float, limit_s: float = 10.0) -> bool:
        """Wait until nothing has been drawn for ``quiet_s`` (False if not within ``limit_s``)."""
        return self.record(time.perf_counter(), quiet_s, limit_s, wait_for_drawing=False).still

    def record(self, started: float, quiet_s: float, limit_s: float,
               alive: subprocess.Popen[str] | None = None,
               sample: Callable[[], float] | None = None, wait_for_drawing: bool = True) -> Drawing:
        """Note every drawing from ``started`` until the screen is still for ``quiet_s``
        (after at least one drawing, unless not ``wait_for_drawing``) or ``limit_s`` passed;
        ``sample`` is called at each drawing."""
        drawing = Drawing()
        last: float | None = None if wait_for_drawing else started
        deadline = started + limit_s
        while True:
            now = time.perf_counter()
            if (last is not None and now - last >= quiet_s) or now >= deadline:
                break
            if alive is not None and alive.poll() is not None:
                raise RuntimeError(f"the program exited ({alive.returncode}) before it had settled")
            until = deadline if last is None else min(deadline, last + quiet_s)
            if self._wait(min(until - now, 0.2)):
                area = self._drain()
                if area:
                    last = time.perf_counter()
                    drawing.times_ms.append((last - started) * 1000)
                    drawing.areas.append(area)
                    if sample is not None:
                        drawing.samples.append(sample())
        drawing.still = last is not None and time.perf_counter() - last >= quiet_s
        return drawing

    def move(self, x: int, y: int) -> None:
        from Xlib.ext import xtest

        xtest.fake_input(self.display, self._X.MotionNotify, x=x, y=y)
        self.display.sync()

    def tap(self) -> float:
        """Press and release the left button where the pointer is; when the press was sent."""
        from Xlib.ext import xtest

        started = time.perf_counter()
        xtest.fake_input(self.display, self._X.ButtonPress, 1)
        xtest.fake_input(self.display, self._X.ButtonRelease, 1)
        self.display.flush()
        return started

    def windows(self) -> list[tuple[int, int, int, int]]:
        """(x, y, width, height) of every mapped top-level window, bottom to top."""
        found = []
        for window in self.root.query_tree().children:
            attributes = window.get_attributes()
            if attributes.map_state != self._X.IsViewable:
                continue
            geometry = window.get_geometry()
            found.append((geometry.x, geometry.y, geometry.width, geometry.height))
        return found

    def read_back_matches_framebuffer(self) -> bool:
        """A GetImage of a strip across the middle equals the framebuffer's pixels there."""
        width, rows, top = self.server.width, 4, self.server.height // 2
        image = self.root.get_image(0, top, width, rows, self._X.ZPixmap, 0xFFFFFFFF)
        data = bytes(image.data)
        framebuffer = self.server.pixel_rows(top, rows, 0, width)
        mask = bytes([0xFF, 0xFF, 0xFF, 0]) * (width * rows)  # depth 24: the 4th byte is padding
        return (bytes(a & m for a, m in zip(data, mask, strict=True))
                == bytes(a & m for a, m in zip(framebuffer, mask, strict=True)))

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.display.close()


# -- a quarter of one core --------------------------------------------------------------


@dataclass
class CpuLimit:
    """A cgroup holding its processes to ``share`` of one core; ``how`` says which kind."""

    path: Path
    how: str

    def join(self) -> None:
        """Put the calling process in the cgroup (run in the child, before exec)."""
        (self.path / "cgroup.procs").write_text(str(os.getpid()))


def _cgroup_v2_root() -> Path | None:
    for line in Path("/proc/self/mounts").read_text().splitlines():
        parts = line.split()
        if len(parts) > 2 and parts[2] == "cgroup2":
            root = Path(parts[1])
            if "cpu" in (root / "cgroup.controllers").read_text().split():
                return root
    return None


def _cgroup_v1_root() -> Path | None:
    for line in Path("/proc/self/mounts").read_text().splitlines():
        parts = line.split()
        if len(parts) > 3 and parts[2] == "cgroup" and "cpu" in parts[3].split(","):
            return Path(parts[1])
    return None


@contextlib.contextmanager
def cpu_limit(share: float = SLOW_SHARE) -> Iterator[CpuLimit]:
    """A fresh cgroup limited to ``share`` of one core (raises Unavailable when impossible)."""
    if not sys.platform.startswith("linux"):
        raise Unavailable("CPU quotas need Linux cgroups")
    quota = int(SLOW_PERIOD_US * share)
    name = f"kiosk-bench-{os.getpid()}"
    path: Path | None = None
    try:
        v2 = _cgroup_v2_root()
        if v2 is not None:
            subtree = v2 / "cgroup.subtree_control"
            if "cpu" not in subtree.read_text().split():
                subtree.write_text("+cpu")
            path = v2 / name
            path.mkdir()
            (path / "cpu.max").write_text(f"{quota} {SLOW_PERIOD_US}")
            how = f"cgroup v2 cpu.max {quota} {SLOW_PERIOD_US}"
        else:
            v1 = _cgroup_v1_root()
            if v1 is None:
                raise Unavailable("no cgroup CPU controller on this machine")
            path = v1 / name
            path.mkdir()
            (path / "cpu.cfs_period_us").write_text(str(SLOW_PERIOD_US))
            (path / "cpu.cfs_quota_us").write_text(str(quota))
            how = f"cgroup v1 cpu.cfs_quota_us {quota} per {SLOW_PERIOD_US} us"
    except OSError as error:
        if path is not None and path.exists():
            with contextlib.suppress(OSError):
                path.rmdir()
        raise Unavailable(f"cannot make a CPU-limited cgroup ({error}; needs root)") from error
    try:
        yield CpuLimit(path, how)
    finally:
        for _ in range(50):
            try:
                path.rmdir()
                break
            except OSError:  # its last process is still leaving
                time.sleep(0.1)


# -- the programs -----------------------------------------------------------------------


class Program:
    """A running ``xclient.py``: start it, talk to it, read its memory."""

    def __init__(self, server: XServer, args: list[str], limit: CpuLimit | None = None,
                 source: Path | None = None) -> None:
        env = with_bytecode(dict(os.environ, DISPLAY=server.name, QT_QPA_PLATFORM="xcb"))
        for name in ("KIOSK_CONFIG", "WAYLAND_DISPLAY", "QT_SCALE_FACTOR", "QT_SCREEN_SCALE_FACTORS"):
            env.pop(name, None)
        if source is not None:  # another copy of the kiosk's code (an A/B run)
            env["PYTHONPATH"] = str(source)
        self._log = tempfile.TemporaryFile(mode="w+")
        self.process = subprocess.Popen(
            [sys.executable, str(CLIENT), *args], cwd=ROOT, env=env, text=True, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=self._log, preexec_fn=limit.join if limit else None)

    @property
    def pid(self) -> int:
        return self.process.pid

    def ask(self, command: str, timeout: float = 20.0) -> object:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.process.stdout], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                break
            line = self.process.stdout.readline()
            if not line:
                break
            if line.startswith("XBENCH "):
                return json.loads(line[len("XBENCH "):])
        raise RuntimeError(f"no answer to {command!r}: {self.log_tail()}")

    def cpu_ms(self) -> float:
        """CPU time used so far by the program's threads that are still running (Qt's and
        Python's start-up threads stay; nan where /proc has no schedstat)."""
        total = 0
        try:
            for task in Path(f"/proc/{self.pid}/task").iterdir():
                with contextlib.suppress(OSError, ValueError, IndexError):
                    total += int((task / "schedstat").read_text().split()[0])
        except OSError:
            return float("nan")
        return total / 1e6

    def pss_mb(self) -> float:
        for line in Path(f"/proc/{self.pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def log_tail(self) -> str:
        self._log.seek(0)
        return self._log.read()[-3000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(OSError):
                assert self.process.stdin is not None
                self.process.stdin.write("quit\n")
                self.process.stdin.flush()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


def launch(screen: Screen, args: list[str], limit: CpuLimit | None = None,
           source: Path | None = None) -> tuple[Program, dict[str, float]]:
    """Start a program; milliseconds from just before the start to its first complete frame."""
    if not screen.settle(0.2):
        raise RuntimeError("the screen did not stay still before the launch")
    blank = zlib.crc32(screen.server.pixels)
    started = time.perf_counter()
    program = Program(screen.server, args, limit, source)
    try:
        drawing = screen.record(started, QUIET_LAUNCH_S, 60.0 if limit else 20.0, alive=program.process,
                                sample=program.cpu_ms)
        if not drawing.times_ms:
            raise RuntimeError("nothing was drawn")
        if not drawing.still:
            raise RuntimeError("the screen never stayed still for a second after the launch")
        if zlib.crc32(screen.server.pixels) == blank:
            raise RuntimeError("the screen is still blank")
        full = (0, 0, screen.server.width, screen.server.height)
        if full not in screen.windows():
            raise RuntimeError(f"no window covers the screen {full}: {screen.windows()}")
        if not screen.read_back_matches_framebuffer():
            raise RuntimeError("the X server's GetImage differs from its framebuffer")
    except BaseException:
        log = program.log_tail()
        program.stop()
        raise RuntimeError(f"{' '.join(args)}: {sys.exc_info()[1]}\n{log}") from None
    return program, {"first_pixels_ms": drawing.first_ms, "first_frame_ms": drawing.last_ms,
                     "frames": float(len(drawing.times_ms)), "cpu_ms": drawing.samples[-1]}


@dataclass
class Tap:
    kind: str  # what was tapped: tile, next, home
    visit: str  # first (a screen not seen before) or again
    ms: float  # to the last drawing of the answer
    first_ms: float  # to the first drawing after the tap


MISSED: list[str] = []  # taps that drew only the pressed button and changed nothing (retried once)


def tap(screen: Screen, program: Program, target: dict[str, int], expect: str | None,
        retry: bool = True) -> tuple[float, float]:
    """Tap the middle of ``target``; (ms to the answer's last drawing, ms to its first drawing)."""
    screen.move(target["x"] + target["w"] // 2, target["y"] + target["h"] // 2)
    screen.settle(QUIET_HOVER_S, 5.0)
    before = zlib.crc32(screen.server.pixels)
    started = screen.tap()
    drawing = screen.record(started, QUIET_TAP_S, 10.0)
    if not drawing.times_ms:
        raise RuntimeError(f"tapping {target.get('kind')} drew nothing")
    if not drawing.still:
        raise RuntimeError(f"the screen kept changing after tapping {target.get('kind')}")
    if zlib.crc32(screen.server.pixels) == before:
        if retry:  # counted and reported: a patient would have had to tap again
            MISSED.append(f"{target.get('kind')} on {program.ask('state')}")
            return tap(screen, program, target, expect, retry=False)
        raise RuntimeError(f"tapping {target.get('kind')} twice changed no pixel")
    state = program.ask("state")
    if expect is not None and not str(state.get("screen", "")).startswith(expect):  # type: ignore[attr-defined]
        raise RuntimeError(f"after tapping {target.get('kind')} expected {expect}, on {state}")
    return drawing.last_ms, drawing.first_ms


def _target(program: Program, kind: str) -> dict[str, int]:
    for found in program.ask("targets"):  # type: ignore[attr-defined]
        if found["kind"] == kind:
            return found  # type: ignore[no-any-return]
    raise RuntimeError(f"no {kind} button on screen")


def kiosk_taps(screen: Screen, program: Program, topics: int) -> list[Tap]:
    """Home -> topic -> next page -> home, for ``topics`` topics, twice."""
    taps: list[Tap] = []
    seen: set[str] = {"home"}  # on screen since the launch
    home = program.ask("targets")
    tiles = [t for t in home if t["class"] == "Tile" and t["kind"] != "ChecklistTile"]  # type: ignore[index]
    if not tiles:
        raise RuntimeError(f"no topic tiles on the home screen: {home}")
    for _ in range(2):
        for tile in tiles[:topics]:
            steps = [("tile", tile, "page:"), ("next", None, "page:"), ("home", None, "home")]
            for kind, target, expect in steps:
                if target is None:
                    target = _target(program, "icon:arrow-right" if kind == "next" else "icon:home")
                last, first = tap(screen, program, target, expect)
                where = str(program.ask("state")["screen"])  # type: ignore[index]
                taps.append(Tap(kind, "again" if where in seen else "first", last, first))
                seen.add(where)
    return taps


def floor_taps(screen: Screen, program: Program, count: int) -> list[Tap]:
    pages = int(program.ask("render")["pages"])  # type: ignore[index]
    button = _target(program, "next")
    taps = []
    for index in range(count):
        last, first = tap(screen, program, button, "page:")
        taps.append(Tap("next", "first" if index < pages - 1 else "again", last, first))
    return taps


# -- one run of everything ----------------------------------------------------------------


@dataclass
class Setup:
    config: Path
    pages: list[Path]
    sources: dict[str, Path] = field(default_factory=dict)  # other kiosk source trees, by name


def prepare(folder: Path) -> Setup:
    """A kiosk.toml (logs in ``folder``, stills instead of animations, so that a still screen
    means a finished answer) and the bundled English pages' Markdown files."""
    from kiosk import paths

    config = folder / "kiosk-x.toml"
    config.write_text(f'log_dir = "{(folder / "logs").as_posix()}"\nreduce_motion = true\n'
                      f"idle_seconds = 3600\nspeech_engine = \"{BENCH_SPEECH_ENGINE}\"\n", encoding="utf-8")
    pages = sorted((paths.bundled_content_dir() / "en").glob("*.md"))
    if not pages:
        raise RuntimeError("no bundled pages")
    return Setup(config, pages)


def _program(setup: Setup, who: str) -> tuple[list[str], Path | None]:
    """The command line of ``who`` (kiosk, floor, or another kiosk source tree named with
    ``--also``) and its source folder."""
    if who == "floor":
        return ["floor", *map(str, setup.pages)], None
    return ["kiosk", str(setup.config)], setup.sources.get(who)


def run_once(screen: Screen, setup: Setup, who: str, taps: int) -> dict[str, object]:
    args, source = _program(setup, who)
    program, start = launch(screen, args, source=source)
    try:
        if who == "floor":
            done = floor_taps(screen, program, taps)
        else:
            done = kiosk_taps(screen, program, max(1, taps // 6))
        pss = program.pss_mb()
    except BaseException:
        log = program.log_tail()
        program.stop()
        raise RuntimeError(f"{who}: {sys.exc_info()[1]}\n{log}") from None
    program.stop()
    return {**start, "pss_mb": pss, "taps": [tap.__dict__ for tap in done]}


def slow_start(screen: Screen, setup: Setup, who: str, limit: CpuLimit) -> dict[str, float]:
    args, source = _program(setup, who)
    program, start = launch(screen, args, limit, source)
    program.stop()
    return start


def _rounds(runs: int, who: list[str]) -> Iterator[tuple[int, str]]:
    """Each run of every program, the order turned round every other run."""
    for run in range(runs):
        for name in (who if run % 2 == 0 else who[::-1]):
            yield run, name


def measure(runs: int, taps: int, slow: bool, also: dict[str, Path] | None = None,
            log: bool = True) -> dict[str, object]:
    """Everything, ``runs`` times, the programs alternating; raw figures by name."""
    result: dict[str, object] = {"load_before": os.getloadavg()}
    server = XServer()
    screen: Screen | None = None
    who = ["kiosk", "floor", *(also or {})]
    try:
        screen = Screen(server)
        with tempfile.TemporaryDirectory(prefix="kiosk-xbench-") as tmp:
            setup = prepare(Path(tmp))
            setup.sources.update(also or {})
            for name in who:
                result[name] = []
                if log:
                    print(f"  real display: {name} started once, untimed (bytecode, content cache)",
                          file=sys.stderr, flush=True)
                args, source = _program(setup, name)
                launch(screen, args, source=source)[0].stop()
            for run, name in _rounds(runs, who):
                if log:
                    print(f"  real display run {run + 1}/{runs}: {name}", file=sys.stderr, flush=True)
                result[name].append(run_once(screen, setup, name, taps))  # type: ignore[attr-defined]
            if slow:
                try:
                    with cpu_limit() as limit:
                        result["slow_how"] = limit.how
                        for name in who:
                            result[f"slow_{name}"] = []
                        for run, name in _rounds(runs, who):
                            if log:
                                print(f"  slow PC run {run + 1}/{runs}: {name}", file=sys.stderr, flush=True)
                            result[f"slow_{name}"].append(  # type: ignore[attr-defined]
                                slow_start(screen, setup, name, limit))
                except Unavailable as error:
                    result["slow_how"] = f"not measured: {error}"
    finally:
        if screen is not None:
            screen.close()
        server.close()
    result["programs"] = who
    result["missed_taps"] = list(MISSED)
    result["load_after"] = os.getloadavg()
    return result


def describe(result: dict[str, object]) -> str:
    """A few lines per program: medians of its runs."""
    def median(values: list[float]) -> str:
        return f"{percentile(values, 0.5):7.1f}" if values else "      -"

    lines = [f"{'program':<10} {'first frame':>11} {'cpu':>7} {'slow PC':>8} {'tap med':>7} {'tap p95':>7} "
             f"{'tap max':>7} {'PSS MB':>7}"]
    for who in result.get("programs", ("kiosk", "floor")):  # type: ignore[attr-defined]
        runs = result.get(who) or []
        taps = [t["ms"] for r in runs for t in r["taps"]]  # type: ignore[index]
        slow = [r["first_frame_ms"] for r in result.get(f"slow_{who}") or []]  # type: ignore[attr-defined, index]
        lines.append(f"{who:<10} {median([r['first_frame_ms'] for r in runs]):>11} "  # type: ignore[index]
                     f"{median([r['cpu_ms'] for r in runs])} {median(slow):>8} {median(taps)} "  # type: ignore[index]
                     f"{percentile(taps, 0.95):7.1f} {max(taps):7.1f} "
                     f"{median([r['pss_mb'] for r in runs])}")  # type: ignore[index]
    lines.append(f"slow PC: {result.get('slow_how')}; load {result['load_before']} -> {result['load_after']}")
    lines.append(f"taps that changed nothing (tapped again): {result.get('missed_taps') or 'none'}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--taps-per-run", type=int, default=24,
                        help="kiosk: a sixth of this many topics, three taps each, twice; floor: this many")
    parser.add_argument("--no-slow", action="store_true", help="leave out the slow-PC launches")
    parser.add_argument("--also", action="append", default=[], metavar="NAME=FOLDER",
                        help="also measure the kiosk whose code is in FOLDER (FOLDER/kiosk), for A/B runs")
    args = parser.parse_args(argv)
    start_speech_stand_in()
    also = {}
    for item in args.also:
        name, _, folder = item.partition("=")
        if not folder or name in ("kiosk", "floor"):
            parser.error("--also NAME=FOLDER, with a NAME other than kiosk or floor")
        also[name] = Path(folder).resolve()
    try:
        result = measure(args.runs, args.taps_per_run, not args.no_slow, also)
    except Unavailable as error:
        print(f"real display: not measured: {error}", file=sys.stderr)
        emit({"unavailable": str(error)})
        return 0
    print(describe(result))
    emit(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
