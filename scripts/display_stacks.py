"""The frozen kiosk on each Linux display stack, as a kiosk PC runs it (scripts/check_frozen.py).

  X11 without a window manager   Xvfb at 1920x1080 stands in for the bare Xorg of
                                 deploy/linux/crps-kiosk-x11.service. The window's geometry,
                                 read from the X server (xwininfo), must equal the screen's;
                                 its class must be crps-kiosk; the screen, read back from
                                 Xvfb's frame buffer, must not be black anywhere. Also:
                                 systemd's notify socket gets READY=1 and WATCHDOG=1, the
                                 metrics file is written, and SIGTERM (systemctl stop) ends
                                 it cleanly with STOPPING=1 and ``up 0``.
  Wayland, weston               weston's kiosk shell, headless at 1920x1080, run with the
                                 kiosk as an unprivileged user (as a real kiosk runs). A
                                 program cannot see its place under Wayland and weston's
                                 screenshots come back black here, so the check reads what
                                 the kiosk knows: its log line with the window state, size
                                 and screen once the compositor has configured it.
  Wayland, cage                  cage (the compositor docs/deploy.md recommends) on wlroots'
                                 headless back end, started as its unit starts it
                                 (``cage -- crps-kiosk``), as the same unprivileged user; its
                                 output is wlroots' fixed 1280x720. cage 0.1.4's screenshots
                                 show only a client's first buffer, so here too the check
                                 reads the kiosk's own report.
  offscreen                      the smoke test (check_frozen.py).

A stack whose tools are missing is a failure that names the Debian packages to install,
never a silent pass. Not run on Windows or macOS (their display is the desktop itself).
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import signal
import socket
import struct
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

WIDTH, HEIGHT = 1920, 1080
WAIT_SECONDS = 40.0  # for the kiosk to start and settle, on a slow shared CI machine
CHECK_USER = os.environ.get("KIOSK_CHECK_USER", "kioskci")  # the unprivileged account (root only)
LOG_LINE = re.compile(
    r"window (?P<covers>covers the screen|does NOT cover the screen): "
    r"(?P<state>full screen|not full screen), "
    r"(?P<w>\d+)x(?P<h>\d+)\+(?P<x>-?\d+)\+(?P<y>-?\d+) on screen '(?P<screen>[^']*)' "
    r"(?P<sw>\d+)x(?P<sh>\d+)\+(?P<sx>-?\d+)\+(?P<sy>-?\d+), platform (?P<platform>\S+)")
XWININFO = re.compile(r'^\s*0x[0-9a-f]+ "(?P<title>.*)": \("(?P<instance>[^"]*)" "(?P<klass>[^"]*)"\)\s+'
                      r"(?P<w>\d+)x(?P<h>\d+)\+(?P<x>-?\d+)\+(?P<y>-?\d+)", re.MULTILINE)

Check = Callable[..., bool]


def wait_for(condition: Callable[[], Any], seconds: float, step: float = 0.2) -> Any:
    """Poll ``condition`` until it returns something true or ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(step)


def stop(process: subprocess.Popen[Any] | None, sig: int = signal.SIGTERM) -> int | None:
    if process is None or process.poll() is not None:
        return None if process is None else process.returncode
    process.send_signal(sig)
    try:
        return process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return None


def free_display() -> int:
    for number in range(90, 200):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            return number
    raise RuntimeError("no free X display number")


def missing_tools(*names: str) -> list[str]:
    return [name for name in names if shutil.which(name) is None]


# -- the X frame buffer, read back ------------------------------------------------------

def read_xwd(path: Path) -> tuple[int, int, bytes, int]:
    """Width, height, pixels (32-bit BGRX rows) and bytes per row of Xvfb's screen file."""
    data = path.read_bytes()
    header = struct.unpack(">25I", data[:100])
    header_size, width, height = header[0], header[4], header[5]
    bits_per_pixel, bytes_per_line, colours = header[11], header[12], header[19]
    if bits_per_pixel != 32:
        raise ValueError(f"expected 32 bits per pixel, got {bits_per_pixel}")
    start = header_size + colours * 12
    return width, height, data[start:start + bytes_per_line * height], bytes_per_line


def screen_picture(path: Path, png: Path) -> tuple[float, str]:
    """Save the screen as PNG; return the share of pure black pixels and a description."""
    from PySide6.QtGui import QImage

    width, height, pixels, stride = read_xwd(path)
    image = QImage(pixels, width, height, stride, QImage.Format.Format_RGB32).copy()
    png.parent.mkdir(parents=True, exist_ok=True)
    image.save(str(png))
    black = 0
    samples = 0
    for y in range(0, height, 8):
        row = pixels[y * stride:(y + 1) * stride]
        for x in range(0, width, 8):
            samples += 1
            black += row[x * 4:x * 4 + 3] == b"\0\0\0"
    return black / samples, f"{width}x{height}"


# -- X11, no window manager ----------------------------------------------------------------

def kiosk_windows(display: str) -> list[dict[str, Any]]:
    tree = subprocess.run(["xwininfo", "-root", "-tree"], env={**os.environ, "DISPLAY": display},
                          capture_output=True, text=True, timeout=20).stdout
    return [{**m.groupdict(), "w": int(m["w"]), "h": int(m["h"]), "x": int(m["x"]), "y": int(m["y"])}
            for m in XWININFO.finditer(tree)]


def main_window(display: str, title: str) -> dict[str, Any] | None:
    candidates = [w for w in kiosk_windows(display) if w["title"] == title]
    return max(candidates, key=lambda w: w["w"] * w["h"]) if candidates else None


def notify_listener(folder: Path) -> socket.socket:
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    listener.bind(str(folder / "notify.sock"))
    listener.setblocking(False)
    return listener


def drain(listener: socket.socket, into: list[str]) -> list[str]:
    while True:
        try:
            into.append(listener.recv(4096).decode())
        except BlockingIOError:
            return into


def check_x11(check: Check, exe: Path, env: dict[str, str], work: Path, pictures: Path,
              title: str, app_name: str) -> None:
    stack = f"[X11 without a window manager: Xvfb {WIDTH}x{HEIGHT}]"
    missing = missing_tools("Xvfb", "xwininfo")
    if missing:
        check(False, f"{stack} full screen", f"{', '.join(missing)} not found: install with "
              "apt-get install --no-install-recommends xvfb x11-utils")
        return
    number = free_display()
    fbdir = work / "xvfb"
    fbdir.mkdir()
    xvfb = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", f"{WIDTH}x{HEIGHT}x24", "-nolisten", "tcp",
                             "-fbdir", str(fbdir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kiosk = None
    listener = notify_listener(work)
    metrics = work / "metrics"
    config = work / "x11.toml"
    config.write_text(f'metrics_dir = "{metrics.as_posix()}"\n', encoding="utf-8")
    log = work / "x11-kiosk.log"
    try:
        if not wait_for(lambda: Path(f"/tmp/.X11-unix/X{number}").exists(), 15):
            check(False, f"{stack} full screen", "Xvfb did not start")
            return
        display = f":{number}"
        # As under systemd: the kiosk's parent (here this script) is the unit's main process.
        run_env = {**env, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
                   "NOTIFY_SOCKET": str(work / "notify.sock"),
                   "WATCHDOG_USEC": "2000000", "WATCHDOG_PID": str(os.getpid())}
        with log.open("w") as output:
            kiosk = subprocess.Popen([str(exe), "--config", str(config)], env=run_env, cwd=exe.parent.parent,
                                     stdout=output, stderr=subprocess.STDOUT)

        def full_screen() -> dict[str, Any] | None:
            window = main_window(display, title)
            if window and (window["w"], window["h"], window["x"], window["y"]) == (WIDTH, HEIGHT, 0, 0):
                return window
            return None

        placed = wait_for(lambda: full_screen() or kiosk.poll() is not None, WAIT_SECONDS)
        window = main_window(display, title)
        seen = (f"{window['w']}x{window['h']}+{window['x']}+{window['y']}, class "
                f"(\"{window['instance']}\" \"{window['klass']}\")") if window else "no kiosk window"
        output_text = log.read_text(errors="replace")
        reports = [m.group(0) for m in LOG_LINE.finditer(output_text)]
        check(placed is not None and kiosk.poll() is None and isinstance(placed, dict),
              f"{stack} the window's geometry, read from the X server, equals the screen's "
              f"({WIDTH}x{HEIGHT}+0+0)",
              f"{seen}; the kiosk says: {reports[-1] if reports else 'nothing'}"
              + ("" if kiosk.poll() is None else f"; it exited: {output_text[-800:]}"))
        check(bool(window) and window["instance"] == window["klass"] == app_name,  # type: ignore[index]
              f"{stack} the window's class (WM_CLASS) is {app_name}", seen)
        time.sleep(1.0)  # let the first frames reach the frame buffer before reading it
        black, size = screen_picture(fbdir / "Xvfb_screen0", pictures / "x11-no-window-manager.png")
        check(black < 0.01, f"{stack} the screen read back from the X server shows the kiosk everywhere",
              f"{black:.1%} of the {size} screen is black; picture: {pictures / 'x11-no-window-manager.png'}")
        messages = drain(listener, [])
        wait_for(lambda: "WATCHDOG=1" in drain(listener, messages), 10)
        check(any(m.startswith("READY=1") for m in messages) and "WATCHDOG=1" in messages,
              f"{stack} systemd's notify socket gets READY=1 after the first frame, then WATCHDOG=1",
              f"received {sorted(set(m.splitlines()[0] for m in messages))}")
        prom = metrics / "crps_kiosk.prom"
        written = prom.is_file() and "\ncrps_kiosk_up 1\n" in prom.read_text()
        check(written, f"{stack} the metrics file (metrics_dir) says the kiosk is up",
              str(prom) if written else f"{prom} missing or not 'up 1'")
        code = stop(kiosk)
        drain(listener, messages)
        text = prom.read_text() if prom.is_file() else ""
        check(code == 0 and "STOPPING=1" in messages and "\ncrps_kiosk_up 0\n" in text,
              f"{stack} SIGTERM (systemctl stop) ends it cleanly: exit 0, STOPPING=1, 'up 0' in the metrics",
              f"exit {code}, STOPPING=1 {'sent' if 'STOPPING=1' in messages else 'missing'}")
    finally:
        stop(kiosk, signal.SIGKILL)
        stop(xvfb)
        listener.close()


# -- Wayland: weston's kiosk shell and cage, headless, unprivileged ------------------------

def unprivileged_account() -> tuple[int, int, str] | str:
    """(uid, gid, home) to run the compositor and the kiosk as; an error text when root has
    no such account. Not root: the current user."""
    if os.geteuid() != 0:
        return os.getuid(), os.getgid(), str(Path.home())
    try:
        entry = pwd.getpwnam(CHECK_USER)
    except KeyError:
        return (f"the unprivileged account '{CHECK_USER}' does not exist (create it: useradd --create-home "
                f"{CHECK_USER}; or name another in KIOSK_CHECK_USER)")
    return entry.pw_uid, entry.pw_gid, entry.pw_dir


class Wayland:
    """One compositor's part of the check: how it is started, and the output it offers."""

    name = ""
    packages = ""  # what apt-get installs when it is missing
    tools: tuple[str, ...] = ()
    output = (WIDTH, HEIGHT)

    def start(self, exe: Path, run_env: dict[str, str], log: Path, as_user: dict[str, Any],
              runtime: Path) -> tuple[subprocess.Popen[Any] | None, subprocess.Popen[Any], str]:
        """Start the compositor and the kiosk in it: (compositor, kiosk, an error text)."""
        raise NotImplementedError


class Weston(Wayland):
    """weston's kiosk shell: one full-screen client, the output sized as asked."""

    name = f"weston kiosk shell, headless {WIDTH}x{HEIGHT}"
    packages = "weston"
    tools = ("weston",)

    def start(self, exe: Path, run_env: dict[str, str], log: Path, as_user: dict[str, Any],
              runtime: Path) -> tuple[subprocess.Popen[Any] | None, subprocess.Popen[Any], str]:
        socket_name = f"crps-kiosk-check-{os.getpid()}"
        weston_log = log.with_name("weston.log")
        with weston_log.open("w") as output:
            weston = subprocess.Popen(
                ["weston", "--backend=headless-backend.so", "--use-pixman", "--shell=kiosk-shell.so",
                 f"--width={WIDTH}", f"--height={HEIGHT}", f"--socket={socket_name}", "--idle-time=0"],
                env={key: run_env[key] for key in ("PATH", "XDG_RUNTIME_DIR", "HOME")},
                stdout=output, stderr=subprocess.STDOUT, **as_user)
        if not wait_for(lambda: (runtime / socket_name).exists() or weston.poll() is not None, 15) \
                or weston.poll() is not None:
            return weston, weston, "weston did not start: " + weston_log.read_text(errors="replace")[-800:]
        with log.open("w") as output:
            kiosk = subprocess.Popen([str(exe)], env=dict(run_env, WAYLAND_DISPLAY=socket_name),
                                     cwd=exe.parent, stdout=output, stderr=subprocess.STDOUT, **as_user)
        return weston, kiosk, ""


class Cage(Wayland):
    """cage, the compositor docs/deploy.md recommends, as its unit starts it (``cage --
    crps-kiosk``), on wlroots' headless back end (software rendering). Its screenshots are
    not trustworthy (only a client's first buffer shows), so, as under weston, the check
    reads the kiosk's own report. The headless output is wlroots' fixed 1280x720."""

    name = "cage, headless 1280x720"
    packages = "cage xwayland"
    tools = ("cage", "Xwayland")
    output = (1280, 720)

    def start(self, exe: Path, run_env: dict[str, str], log: Path, as_user: dict[str, Any],
              runtime: Path) -> tuple[subprocess.Popen[Any] | None, subprocess.Popen[Any], str]:
        env = dict(run_env, WLR_BACKENDS="headless", WLR_RENDERER="pixman", WLR_LIBINPUT_NO_DEVICES="1")
        with log.open("w") as output:
            cage = subprocess.Popen(["cage", "-d", "--", str(exe)], env=env, cwd=exe.parent, stdout=output,
                                    stderr=subprocess.STDOUT, start_new_session=True, **as_user)
        return None, cage, ""


def check_wayland(check: Check, exe: Path, env: dict[str, str], work: Path,
                  compositor: Wayland | None = None) -> None:
    """The frozen kiosk under a Wayland compositor (weston's kiosk shell unless told),
    compositor and kiosk run as an unprivileged user: it must report full screen at the
    output's size once the compositor has configured it."""
    compositor = compositor or Weston()
    width, height = compositor.output
    stack = f"[Wayland: {compositor.name}, unprivileged user]"
    what = f"{stack} the kiosk reports full screen at the output's size once configured"
    missing = missing_tools(*compositor.tools)
    if missing:
        check(False, what, f"{', '.join(missing)} not found: install with apt-get install "
              f"--no-install-recommends {compositor.packages}")
        return
    account = unprivileged_account()
    if isinstance(account, str):
        check(False, what, account)
        return
    uid, gid, _ = account
    # The user must reach the program folder; the runtime folder is the user's alone.
    for folder in (work, *work.parents):
        if folder == Path("/tmp") or folder == Path("/"):
            break
        os.chmod(folder, os.stat(folder).st_mode | 0o711)
    runtime = Path(tempfile.mkdtemp(prefix="xdg-runtime-", dir=work))
    os.chown(runtime, uid, gid)
    as_user: dict[str, Any] = {"user": uid, "group": gid, "extra_groups": []} if os.geteuid() == 0 else {}
    run_env = {key: value for key, value in env.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY")}
    run_env.update(PATH="/usr/bin:/bin", XDG_RUNTIME_DIR=str(runtime), HOME=str(runtime),
                   QT_QPA_PLATFORM="wayland", XDG_STATE_HOME=str(runtime / "state"))
    kiosk_log = work / f"wayland-{type(compositor).__name__.lower()}.log"
    server = kiosk = None
    try:
        server, kiosk, error = compositor.start(exe, run_env, kiosk_log, as_user, runtime)
        if error:
            check(False, what, error)
            return

        def reported() -> re.Match[str] | None:
            found = list(LOG_LINE.finditer(kiosk_log.read_text(errors="replace")))
            if found and found[-1]["covers"] == "covers the screen":
                return found[-1]
            return None

        wait_for(lambda: reported() or kiosk.poll() is not None, WAIT_SECONDS)
        text = kiosk_log.read_text(errors="replace")
        found = list(LOG_LINE.finditer(text))
        last = found[-1] if found else None
        good = (last is not None and kiosk.poll() is None and last["state"] == "full screen"
                and last["platform"].startswith("wayland")
                and (int(last["w"]), int(last["h"])) == (int(last["sw"]), int(last["sh"])) == (width, height))
        user = pwd.getpwuid(uid).pw_name
        check(good, what, f"as user {user}: " + (last.group(0) if last else "no report")
              + ("" if kiosk.poll() is None else f"; it exited: {text[-800:]}"))
    finally:
        if server is None and kiosk is not None and kiosk.poll() is None:
            os.killpg(kiosk.pid, signal.SIGTERM)  # cage and the kiosk it started
        stop(kiosk, signal.SIGKILL)
        if server is not None:
            stop(server)
