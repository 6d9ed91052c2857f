#!/usr/bin/env python3
"""Set up and run the kiosk from a fresh clone, needing only Python 3.11+.

    python3 dev.py run  [kiosk options]    set up .venv, then run the kiosk in a window
    python3 dev.py test [pytest options]   set up .venv with test tools, lint, run the tests

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
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
# Qt's offscreen and xcb platforms load these at run time; a minimal Debian lacks them.
QT_LIBRARIES = {
    "EGL": "libegl1", "GL": "libgl1", "X11": "libx11-6", "brotlidec": "libbrotli1",
    "dbus-1": "libdbus-1-3", "fontconfig": "libfontconfig1", "freetype": "libfreetype6",
    "glib-2.0": "libglib2.0-0", "xkbcommon": "libxkbcommon0",
}


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def run(command: list[str], **kwargs: object) -> None:
    print("+", " ".join(command), flush=True)
    subprocess.run(command, check=True, cwd=ROOT, **kwargs)  # type: ignore[call-overload]


def ensure_system_libraries() -> None:
    if not sys.platform.startswith("linux"):
        return
    missing = sorted({package for name, package in QT_LIBRARIES.items()
                      if not ctypes.util.find_library(name)})
    if not missing:
        return
    command = ["apt-get", "install", "-y", "--no-install-recommends", *missing]
    if os.geteuid() == 0 and shutil.which("apt-get"):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        run(["apt-get", "update", "-q"], env=env)
        run(command, env=env)
        return
    sys.exit("Qt needs these system libraries: " + " ".join(missing) + "\nInstall them with:  sudo "
             + " ".join(command) + "\n(or the same packages from your distribution), then run this again.")


def ensure_venv(extras: str) -> Path:
    if not venv_python().exists():
        run([sys.executable, "-m", "venv", str(VENV)])
    stamp = VENV / ".kiosk-installed"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    if not stamp.exists() or stamp.read_text() != wanted:
        python = str(venv_python())
        run([python, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
        run([python, "-m", "pip", "install", "--quiet", "-e", f".{extras}"])
        stamp.write_text(wanted)
    return venv_python()


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test"):
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    ensure_system_libraries()
    if command == "run":
        python = ensure_venv("")
        args = rest if any(a in rest for a in ("--smoke-test", "--fullscreen")) else ["--windowed", *rest]
        args = [a for a in args if a != "--fullscreen"]
        return subprocess.call([str(python), "-m", "kiosk", *args], cwd=ROOT)
    python = ensure_venv("[test]")
    for check in (["ruff", "check", "kiosk", "tests", "dev.py"], ["mypy", "kiosk"]):
        code = subprocess.call([str(python), "-m", *check], cwd=ROOT)
        if code != 0:
            return code
    return subprocess.call([str(python), "-m", "pytest", *rest], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
