#!/usr/bin/env python3
"""Set up and run the kiosk from a fresh clone, needing only Python 3.11+.

    python3 dev.py run  [kiosk options]    set up .venv, then run the kiosk in a window
    python3 dev.py test [pytest options]   set up .venv with test tools, lint, run the tests
    python3 dev.py build                   set up .venv with PyInstaller, build dist/crps-kiosk/,
                                           check the frozen program and the folder's size
    python3 dev.py bench [options]         set up .venv with test tools, run benchmarks/run_all.py
                                           (the table of timings and memory against a bare Qt floor)

The first run creates ``.venv`` and installs the project into it; later runs reuse it
(and reinstall only when ``pyproject.toml`` changes). On Debian/Ubuntu it also checks
the system libraries Qt needs and installs them when run as root (or says the command).
"""

from __future__ import annotations

import ctypes.util
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
# Qt's offscreen and xcb platforms load these at run time; a minimal Debian lacks them.
QT_LIBRARIES = {
    "EGL": "libegl1", "GL": "libgl1", "X11": "libx11-6", "brotlidec": "libbrotli1",
    "dbus-1": "libdbus-1-3", "fontconfig": "libfontconfig1", "freetype": "libfreetype6",
    "glib-2.0": "libglib2.0-0", "xkbcommon": "libxkbcommon0",
    "pulse": "libpulse0",  # QtTextToSpeech (read-aloud) loads Qt Multimedia, which needs it
    # Read-aloud's speech-dispatcher plugin: without its client library the plugin fails to
    # load with a Qt critical message, which fails every test that makes the kiosk.
    "speechd": "libspeechd2",
}
# Qt's xcb platform (a real X server: the real-display benchmark and its test run the kiosk
# under Xvfb) loads these too; needed only where Xvfb is installed.
XCB_LIBRARIES = {
    "X11-xcb": "libx11-xcb1", "xkbcommon-x11": "libxkbcommon-x11-0", "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4", "xcb-image": "libxcb-image0", "xcb-keysyms": "libxcb-keysyms1",
    "xcb-randr": "libxcb-randr0", "xcb-render-util": "libxcb-render-util0", "xcb-render": "libxcb-render0",
    "xcb-shape": "libxcb-shape0", "xcb-shm": "libxcb-shm0", "xcb-sync": "libxcb-sync1",
    "xcb-util": "libxcb-util1", "xcb-xfixes": "libxcb-xfixes0", "xcb-xkb": "libxcb-xkb1",
}
# The build also needs PyInstaller's tools (objdump, strip) and every library the bundled Qt
# plugins link to (X11/xcb, CUPS for printing, speech-dispatcher's client for read-aloud), so
# that the folder carries them and a kiosk needs only its graphics stack (see
# scripts/check_frozen.py and docs/deploy.md).
BUILD_PACKAGES = (
    "binutils", "libx11-xcb1", "libxkbcommon-x11-0", "libcups2", "libspeechd2",
    "libxcb-cursor0", "libxcb-glx0", "libxcb-icccm4", "libxcb-image0", "libxcb-keysyms1",
    "libxcb-randr0", "libxcb-render-util0", "libxcb-render0", "libxcb-shape0", "libxcb-shm0",
    "libxcb-sync1", "libxcb-util1", "libxcb-xfixes0", "libxcb-xkb1",
)
DIST = ROOT / "dist" / "crps-kiosk"
SIZE_BUDGET_MB = 150  # the unpacked folder, on Linux


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def run(command: list[str], **kwargs: object) -> None:
    print("+", " ".join(command), flush=True)
    subprocess.run(command, check=True, cwd=ROOT, **kwargs)  # type: ignore[call-overload]


def ensure_system_libraries() -> None:
    if not sys.platform.startswith("linux"):
        return
    wanted = dict(QT_LIBRARIES) | (XCB_LIBRARIES if shutil.which("Xvfb") else {})
    missing = sorted({package for name, package in wanted.items() if not ctypes.util.find_library(name)})
    install_packages(missing, "Qt needs these system libraries")


def install_packages(missing: list[str], why: str) -> None:
    """Install Debian packages when root, else say the one command to run and stop."""
    if not missing:
        return
    command = ["apt-get", "install", "-y", "--no-install-recommends", *missing]
    if os.geteuid() == 0 and shutil.which("apt-get"):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        run(["apt-get", "update", "-q"], env=env)
        run(command, env=env)
        return
    sys.exit(f"{why}: " + " ".join(missing) + "\nInstall them with:  sudo "
             + " ".join(command) + "\n(or the same packages from your distribution), then run this again.")


def ensure_build_packages() -> None:
    """On Debian/Ubuntu: what PyInstaller needs to make a complete folder (see BUILD_PACKAGES)."""
    if not sys.platform.startswith("linux") or not shutil.which("dpkg-query"):
        return
    wanted = list(BUILD_PACKAGES)
    if sys.base_prefix == "/usr":
        # Debian's python3 has libpython built in; PyInstaller bundles the shared one, which
        # is a package of its own.
        wanted.append(f"libpython{sys.version_info.major}.{sys.version_info.minor}")
    listed = subprocess.run(["dpkg-query", "-W", "-f=${db:Status-Abbrev} ${Package}\n", *wanted],
                            capture_output=True, text=True).stdout
    installed = {line.split()[1].split(":")[0] for line in listed.splitlines() if line.startswith("ii")}
    install_packages([p for p in wanted if p not in installed], "The build needs these packages")


def ensure_venv(extras: str) -> Path:
    if not venv_python().exists():
        run([sys.executable, "-m", "venv", str(VENV)])
    stamp = VENV / f".kiosk-installed{extras}"  # one per extra: test and build do not undo each other
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    if not stamp.exists() or stamp.read_text() != wanted:
        python = str(venv_python())
        run([python, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
        run([python, "-m", "pip", "install", "--quiet", "-e", f".{extras}"])
        stamp.write_text(wanted)
    return venv_python()


def build() -> int:
    """Build the one-folder program, then check it as IT would receive it."""
    ensure_build_packages()
    python = str(ensure_venv("[build]"))
    started = time.monotonic()
    code = subprocess.call([python, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                            "build.spec"], cwd=ROOT)
    if code != 0:
        return code
    print(f"built {DIST.relative_to(ROOT)} in {time.monotonic() - started:.0f} s", flush=True)
    return subprocess.call([python, "scripts/check_frozen.py", str(DIST), "--budget-mb", str(SIZE_BUDGET_MB)],
                           cwd=ROOT)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test", "build", "bench"):
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    ensure_system_libraries()
    if command == "build":
        return build()
    if command == "bench":
        if sys.platform.startswith("linux") and not shutil.which("Xvfb"):
            # the real-display rows run the kiosk under Xvfb (without it they say so and are skipped)
            if os.geteuid() == 0 and shutil.which("apt-get"):
                install_packages(["xvfb"], "The real-display benchmarks need an X server")
            else:
                print("Xvfb is not installed: the real-display rows are skipped "
                      "(Debian: sudo apt-get install xvfb)", flush=True)
        return subprocess.call([str(ensure_venv("[test]")), "benchmarks/run_all.py", *rest], cwd=ROOT)
    if command == "run":
        python = ensure_venv("")
        args = rest if any(a in rest for a in ("--smoke-test", "--fullscreen")) else ["--windowed", *rest]
        args = [a for a in args if a != "--fullscreen"]
        return subprocess.call([str(python), "-m", "kiosk", *args], cwd=ROOT)
    python = ensure_venv("[test]")
    for check in (["ruff", "check", "kiosk", "tests", "dev.py", "scripts", "benchmarks"], ["mypy", "kiosk"]):
        code = subprocess.call([str(python), "-m", *check], cwd=ROOT)
        if code != 0:
            return code
    return subprocess.call([str(python), "-m", "pytest", *rest], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
