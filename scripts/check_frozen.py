#!/usr/bin/env python3
"""Check the frozen kiosk folder as IT receives it.

    .venv/bin/python scripts/check_frozen.py [dist/crps-kiosk] [--budget-mb 150]

Run it with the project's .venv Python after ``python3 dev.py build`` (it reads the
bundle with PyInstaller's archive reader and compares pictures with PySide6).

What the folder must hold: the fonts and their licence, icons, illustrations, style,
the bundled content, the Qt plugins the kiosk draws with (SVG and JPEG pictures, SVG
icons, the offscreen/xcb/wayland platforms, printing), the modules imported lazily
(segno, QtPrintSupport, the Markdown extensions and their metadata); what it must not
(QtNetwork, QML, WebEngine, QtTest, Qt's translations, platform themes); on Linux, that
every library it links to is in the folder or part of the kiosk's graphics stack; and
its size against the budget, with what takes the space.

How it must behave, run from a copy of the folder in a temporary directory with a
clean environment (no Python, no project on any path):
  --version                          prints the version
  --smoke-test                       exits 0 on the bundled content (3 runs: time to first frame)
  content/ next to the program       is shown instead of the bundled copy, and draws exactly
                                     as the same folder does from source (screenshots compared;
                                     a page with an SVG and a JPEG picture proves the plugins)
  broken content/ next to it         problems reported, the first line says the bundled content
                                     was drawn instead, exit 0
  broken kiosk.toml next to it       exit 2 with one line naming the file
  each Linux display stack           full screen under X without a window manager (Xvfb) and
                                     under Wayland (weston's kiosk shell and cage, as an
                                     unprivileged user), with systemd's notify socket and the metrics file
                                     (scripts/display_stacks.py); offscreen is the smoke test
  approve, check, report             sign a copied content folder off, see check say so,
                                     and read usage counts as CSV (SQLite in the bundle)

Prints one line per check and ends with ``frozen: N passed, N failed``; exit 1 on any failure.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

import kiosk  # noqa: E402 - the project, from this checkout

EXE = kiosk.APP_NAME + (".exe" if os.name == "nt" else "")
MB = 1024 * 1024

# Libraries a Linux kiosk provides itself: the C library, its graphics driver stack
# (libgl1, libegl1 and what they bring: libdrm, libxcb) and, under Wayland, the
# compositor's client libraries. PyInstaller leaves these out on purpose; everything
# else the folder links to must be inside it.
TARGET_PROVIDES = re.compile(
    r"^(ld-linux.*|lib(c|m|dl|pthread|rt|resolv|util|crypt|anl)\.so.*"
    r"|libE?(Open)?GLX?(ESv1_CM|ESv2)?(dispatch)?\.so.*|libdrm\.so.*|libxcb\.so.*"
    r"|libwayland-(client|cursor|egl)\.so.*)$"
)

if sys.platform.startswith("linux"):
    PLATFORMS, PRINTING = ["qoffscreen", "qxcb", "qwayland"], "cupsprintersupport"
elif sys.platform == "win32":
    PLATFORMS, PRINTING = ["qoffscreen", "qwindows"], "windowsprintersupport"
else:
    PLATFORMS, PRINTING = ["qoffscreen", "qcocoa"], "cocoaprintersupport"
REQUIRED_PLUGINS = {
    "platforms": PLATFORMS,
    "imageformats": ["qsvg", "qjpeg"],
    "iconengines": ["qsvgicon"],
    "printsupport": [PRINTING],
}
REQUIRED_MODULES = [
    "kiosk.cli", "kiosk.ui.qr", "segno", "segno.encoder", "markdown", "markdown.extensions.tables",
    "markdown.extensions.sane_lists", "yaml", "sqlite3", "kiosk.usage", "kiosk.ui.usage_chart",
]
REQUIRED_EXTENSIONS = ["QtCore", "QtGui", "QtWidgets", "QtSvg", "QtPrintSupport"]
if importlib.util.find_spec("PySide6.QtTextToSpeech") is not None:  # read-aloud (PySide6-Addons)
    REQUIRED_EXTENSIONS.append("QtTextToSpeech")
    SPEECH = {"linux": "qtexttospeech_speechd", "win32": "qtexttospeech_sapi"}
    REQUIRED_PLUGINS["texttospeech"] = [SPEECH.get(sys.platform, "qtexttospeech_darwin")]
# (The QtNetwork and QtMultimedia libraries are there for QtTextToSpeech; their Python
# modules and QtMultimedia's FFmpeg backend are not.)
UNWANTED_FILES = re.compile(
    r"Qt6?(Qml|Quick|WebEngine|Pdf|Test|Designer|3D|Charts)|/translations/|/plugins/multimedia/|libav(codec|format)"
    r"|/platformthemes/|/generic/|/egldeviceintegrations/|qtexttospeech_mock|_tkinter", re.IGNORECASE,
)
UNWANTED_MODULES = ["PySide6.QtNetwork", "PySide6.QtMultimedia", "PySide6.QtQml", "PySide6.QtTest",
                    "unittest", "tkinter"]


class Report:
    def __init__(self) -> None:
        self.passed = 0
        self.failed: list[str] = []

    def check(self, ok: bool, what: str, detail: str = "") -> bool:
        print(f"{'ok  ' if ok else 'FAIL'}  {what}" + (f": {detail}" if detail else ""), flush=True)
        if ok:
            self.passed += 1
        else:
            self.failed.append(what)
        return ok


# -- what is in the folder ------------------------------------------------------------

def files_in(folder: Path) -> Iterator[tuple[Path, int]]:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path, path.stat().st_size


PARTS = [  # (pattern on the path inside the folder, part of the program), first match wins
    (r"/Qt/lib/(lib)?icu|/icu\w*\.dll$", "ICU (Unicode tables for QtCore)"),
    (r"/Qt/lib/|/Qt6\w+\.dll$", "Qt libraries"),
    (r"/plugins/", "Qt plugins"),
    (r"^_internal/(PySide6|shiboken6)/", "PySide6 and shiboken6 bindings"),
    (r"^[^/]+$|^_internal/(lib)?python\d|^_internal/base_library\.zip$",
     "Python: interpreter, standard library, the program's code"),
    (r"^_internal/assets/", "assets (fonts, icons, illustrations, style)"),
    (r"^_internal/content/", "bundled content"),
    (r"^_internal/[^/]+\.(so[.\d]*|dll)$", "system libraries (X11/xcb, CUPS, fontconfig, OpenSSL, ...)"),
]


def part_of(relative: str) -> str:
    """Which part of the program a file belongs to, for the size report."""
    for pattern, part in PARTS:
        if re.search(pattern, relative):
            return part
    return "other Python packages (yaml, segno, markdown, ...)"


def check_size(report: Report, folder: Path, budget_mb: float) -> None:
    parts: Counter[str] = Counter()
    biggest: list[tuple[int, str]] = []
    total = 0
    for path, size in files_in(folder):
        relative = path.relative_to(folder).as_posix()
        parts[part_of(relative)] += size
        biggest.append((size, relative))
        total += size
    print(f"\n{folder.name}/ holds {total / MB:.1f} MB unpacked in {len(biggest)} files:")
    for part, size in parts.most_common():
        print(f"  {size / MB:7.1f} MB  {part}")
    print("  largest files:")
    for size, relative in sorted(biggest, reverse=True)[:8]:
        print(f"  {size / MB:7.1f} MB  {relative}")
    print()
    report.check(total <= budget_mb * MB, f"size {total / MB:.1f} MB within the budget of {budget_mb:g} MB")


def plugin_names(folder: Path, plugin_type: str) -> set[str]:
    names = set()
    for path in folder.glob(f"_internal/PySide6/Qt/plugins/{plugin_type}/*"):
        stem = path.name.split(".")[0]
        names.add(stem[3:] if stem.startswith("lib") else stem)
    return names


def archive_modules(executable: Path) -> set[str]:
    from PyInstaller.archive.readers import CArchiveReader

    reader = CArchiveReader(str(executable))
    return set(reader.open_embedded_archive("PYZ.pyz").toc)


def check_contents(report: Report, folder: Path) -> None:
    internal = folder / "_internal"
    report.check((folder / EXE).is_file(), f"the program {EXE} is there")
    fonts = sorted(p.name for p in (internal / "assets" / "fonts").glob("*.ttf"))
    report.check(bool(fonts) and (internal / "assets" / "fonts" / "OFL.txt").is_file(),
                 "fonts with their licence (OFL.txt)", ", ".join(fonts))
    for sub in ("icons", "illustrations"):
        count = len(list((internal / "assets" / sub).glob("*.svg")))
        source = len(list((ROOT / "assets" / sub).glob("*.svg")))
        report.check(count == source > 0, f"all {source} {sub}", f"{count} bundled")
    report.check((internal / "assets" / "style" / "kiosk.qss").is_file(), "the stylesheet")
    languages = sorted(p.parent.name for p in (internal / "content").glob("*/ui.yaml"))
    report.check("en" in languages, "the bundled content", ", ".join(languages))
    for plugin_type, wanted in REQUIRED_PLUGINS.items():
        found = plugin_names(folder, plugin_type)
        missing = [name for name in wanted if name not in found]
        report.check(not missing, f"Qt {plugin_type} plugins {', '.join(wanted)}",
                     f"missing {', '.join(missing)}" if missing else "")
    extensions = {p.name.split(".")[0] for p in (internal / "PySide6").glob("Qt*.*")}
    missing = [name for name in REQUIRED_EXTENSIONS if name not in extensions]
    report.check(not missing, "PySide6 modules " + ", ".join(REQUIRED_EXTENSIONS),
                 f"missing {', '.join(missing)}" if missing else "")
    modules = archive_modules(folder / EXE)
    missing = [name for name in REQUIRED_MODULES if name not in modules]
    metadata = [p.name for p in internal.glob("*.dist-info") if p.name.lower().startswith("markdown-")]
    report.check(not missing and bool(metadata), "lazily imported modules and Markdown's metadata",
                 f"missing {', '.join(missing) or 'Markdown metadata'}" if missing or not metadata else "")
    unwanted = [p.relative_to(folder).as_posix() for p, _ in files_in(folder)
                if UNWANTED_FILES.search("/" + p.relative_to(folder).as_posix())]
    unwanted += [name for name in UNWANTED_MODULES if name in modules]
    report.check(not unwanted, "nothing the kiosk does not use (QtNetwork, QML, translations, ...)",
                 ", ".join(unwanted[:8]))


def check_linked_libraries(report: Report, folder: Path) -> None:
    """Every library the folder's binaries need is in it, or on any kiosk (TARGET_PROVIDES)."""
    if not sys.platform.startswith("linux"):
        return
    if not shutil.which("objdump"):
        report.check(False, "libraries the folder links to", "objdump is missing (install binutils)")
        return
    bundled: set[str] = set()
    needed: dict[str, str] = {}
    for path, _ in files_in(folder):
        with path.open("rb") as file:
            if file.read(4) != b"\x7fELF":
                continue
        bundled.add(path.name)
        dump = subprocess.run(["objdump", "-p", str(path)], capture_output=True, text=True).stdout
        for library in re.findall(r"^\s+NEEDED\s+(\S+)", dump, re.MULTILINE):
            needed.setdefault(library, path.relative_to(folder).as_posix())
    missing = sorted(f"{library} (for {user})" for library, user in needed.items()
                     if library not in bundled and not TARGET_PROVIDES.match(library))
    hint = " - install them on the build machine and build again" if missing else ""
    report.check(not missing, "every library the folder links to is in it or part of the graphics stack",
                 "; ".join(missing) + hint)


# -- how it behaves -------------------------------------------------------------------

def clean_environment(home: Path) -> dict[str, str]:
    """The machine's environment without anything that would let the program find Python
    or this checkout, and with a throw-away home (logs)."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("PYTHON", "KIOSK_", "QT_", "VIRTUAL_ENV", "LD_LIBRARY_PATH", "CONDA"))}
    venv_bin = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if p and p != venv_bin and ".pyenv" not in p)
    env.update(HOME=str(home), XDG_STATE_HOME=str(home / "state"), LOCALAPPDATA=str(home / "appdata"))
    return env


class Frozen:
    """The copied folder, run as IT would run it."""

    def __init__(self, folder: Path, home: Path) -> None:
        self.folder = folder
        self.env = clean_environment(home)

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(self.folder / EXE), *args], cwd=self.folder.parent, env=self.env,
                              capture_output=True, text=True, timeout=300)

    def reset(self) -> None:
        for extra in ("content", "kiosk.toml"):
            target = self.folder / extra
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()


def first_frame_ms(stdout: str) -> float | None:
    match = re.search(r"first frame (\d+) ms", stdout)
    return float(match.group(1)) if match else None


def check_version_and_smoke_test(report: Report, frozen: Frozen) -> None:
    result = frozen.run("--version")
    expected = f"{kiosk.DISPLAY_NAME} {kiosk.__version__}"
    output = (result.stdout + result.stderr).strip()
    report.check(result.returncode == 0 and expected in result.stdout, "--version", output[-300:])
    times = []
    for attempt in range(3):
        result = frozen.run("--smoke-test")
        good = (result.returncode == 0 and "smoke test ok" in result.stdout
                and "fell back" not in result.stdout and "Traceback" not in result.stderr)
        if not good:
            report.check(False, "--smoke-test on the bundled content",
                         f"exit {result.returncode}: {(result.stdout + result.stderr).strip()[-1500:]}")
            return
        if attempt == 0:
            summary = next(line for line in result.stdout.splitlines() if "smoke test ok" in line)
        ms = first_frame_ms(result.stdout)
        if ms is not None:
            times.append(ms)
    detail = summary.removeprefix("smoke test ok: ")
    if times:
        detail += f"; first frame {statistics.median(times):.0f} ms after start (median of {len(times)})"
    report.check(True, "[offscreen] --smoke-test on the bundled content", detail)


def make_local_content(target: Path) -> str:
    """A copy of the bundled content as IT might put next to the program: the first English
    page gets a new title and, at its top, an SVG and a JPEG picture. Returns the title."""
    from PySide6.QtGui import QColor, QImage

    shutil.copytree(ROOT / "content", target)
    pictures = target / "pictures"
    pictures.mkdir(exist_ok=True)
    shutil.copy(ROOT / "assets" / "illustrations" / "welcome.svg", pictures / "frozen-check.svg")
    photo = QImage(480, 200, QImage.Format.Format_RGB32)
    photo.fill(QColor("#0A5A5F"))
    for x in range(0, 480, 40):  # stripes, so a blurred or missing picture shows
        for y in range(200):
            photo.setPixelColor(x, y, QColor("#F4F1EA"))
    if not photo.save(str(pictures / "frozen-check.jpg"), "JPEG", 95):
        raise RuntimeError("could not write the JPEG test picture")
    page = sorted((target / "en").glob("01-*.md"))[0]
    title = "Checked - the content folder next to the program"
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^title: .*$", f"title: {title}", text, count=1)
    head, separator, body = text.partition("\n---\n")
    pictures_md = ("![Stripes, as JPEG](frozen-check.jpg)\n\n"
                   "![A drawing, as SVG](frozen-check.svg)\n\n")
    page.write_text(head + separator + pictures_md + body, encoding="utf-8")
    return title


def row_differences(first: Path, second: Path) -> float:
    """Share of pixel rows that differ between two PNG files (1.0 when sizes differ)."""
    from PySide6.QtGui import QImage

    a = QImage(str(first)).convertToFormat(QImage.Format.Format_RGBA8888)
    b = QImage(str(second)).convertToFormat(QImage.Format.Format_RGBA8888)
    if a.isNull() or b.isNull() or a.size() != b.size():
        return 1.0
    if a == b:
        return 0.0
    width = a.width() * 4
    rows = sum(1 for y in range(a.height())
               if bytes(a.constScanLine(y))[:width] != bytes(b.constScanLine(y))[:width])
    return rows / a.height()


def check_local_content(report: Report, frozen: Frozen, work: Path) -> None:
    frozen.reset()
    title = make_local_content(frozen.folder / "content")
    result = frozen.run("--smoke-test")
    shown = result.returncode == 0 and "smoke test ok" in result.stdout and "fell back" not in result.stdout
    report.check(shown, "content/ next to the program is shown instead of the bundled copy",
                 "" if shown else (result.stdout + result.stderr).strip()[-800:])
    empty_config = work / "empty.toml"
    empty_config.write_text("", encoding="utf-8")
    shots = {name: work / f"shots-{name}" for name in ("frozen", "source")}
    runs = [frozen.run("screenshots", str(shots["frozen"]))]
    env = {key: value for key, value in os.environ.items() if not key.startswith("KIOSK_")}
    runs.append(subprocess.run(
        [sys.executable, "-m", "kiosk", "--config", str(empty_config), "--content",
         str(frozen.folder / "content"), "screenshots", str(shots["source"])],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600))
    what = "the frozen program draws exactly as from source"
    if any(run.returncode != 0 for run in runs):
        report.check(False, what, "screenshots failed: " + " | ".join(
            f"exit {run.returncode}: {run.stderr.strip()[-600:]}" for run in runs if run.returncode))
        return
    names = sorted(p.name for p in shots["source"].glob("*.png"))
    if not names or names != sorted(p.name for p in shots["frozen"].glob("*.png")):
        report.check(False, what, "the frozen program and the source drew different sets of screens")
        return
    differences = {name: row_differences(shots["frozen"] / name, shots["source"] / name) for name in names}
    # Still screens that show fonts, icons, illustrations (SVG) and the page with the SVG and
    # JPEG pictures must match exactly. Screens with running animations (the analogies, the
    # attract screen) differ from one run to the next, so they are only counted.
    still = re.compile(r"[a-z]+-(landscape|portrait)-(home|01-[\w-]+)\.png$")
    required = [name for name in names if still.match(name)]
    problems = [f"{name} differs in {differences[name]:.0%} of rows"
                for name in required if differences[name]]
    if not any(name.startswith("en-") and "-01-" in name for name in required):
        problems.append("no screenshot of the page with the pictures")
    others = [name for name in names if name not in required]
    same = sum(1 for name in others if not differences[name])
    report.check(not problems, f"{what}: home and the page '{title}' with an SVG and a JPEG picture, "
                 f"{len(required)} screens", "; ".join(problems)
                 or f"{same} of {len(others)} other screens identical too, the rest animate")


def check_broken_content(report: Report, frozen: Frozen) -> None:
    frozen.reset()
    broken = frozen.folder / "content" / "en"
    broken.mkdir(parents=True)
    (broken / "01-broken.md").write_text("---\ntitle: [oops\n---\nWords\n", encoding="utf-8")
    result = frozen.run("--smoke-test")
    first = result.stdout.splitlines()[0] if result.stdout.strip() else ""
    good = (result.returncode == 0 and first.startswith("SMOKE TEST DREW THE BUNDLED CONTENT")
            and "en/01-broken.md:2" in result.stderr and "Traceback" not in result.stderr)
    output = (result.stdout + result.stderr).strip()
    report.check(good, "broken content/ next to the program: problem reported, bundled content shown, exit 0",
                 "" if good else f"exit {result.returncode}: {output[-800:]}")


def check_broken_config(report: Report, frozen: Frozen) -> None:
    frozen.reset()
    config = frozen.folder / "kiosk.toml"
    config.write_text("fullscreen = maybe\n", encoding="utf-8")
    result = frozen.run("--smoke-test")
    lines = result.stderr.strip().splitlines()
    good = result.returncode == 2 and len(lines) == 1 and "kiosk.toml" in lines[0]
    report.check(good, "broken kiosk.toml next to the program: exit 2 with one line",
                 lines[0] if good else f"exit {result.returncode}: {result.stderr.strip()[-800:]}")
    frozen.reset()


def check_display_stacks(report: Report, frozen: Frozen, work: Path, pictures: Path) -> None:
    """The frozen program full screen on each Linux display stack (scripts/display_stacks.py)."""
    if not sys.platform.startswith("linux"):
        print(f"(display stacks X11 and Wayland: Linux only; on {sys.platform} the smoke test is the check)")
        return
    import display_stacks

    frozen.reset()
    exe = frozen.folder / EXE
    display_stacks.check_x11(report.check, exe, frozen.env, work, pictures,
                             kiosk.DISPLAY_NAME, kiosk.APP_NAME)
    display_stacks.check_wayland(report.check, exe, frozen.env, work, display_stacks.Weston())
    frozen.reset()
    display_stacks.check_wayland(report.check, exe, frozen.env, work, display_stacks.Cage())


def check_sign_off_and_report(report: Report, frozen: Frozen, work: Path) -> None:
    from datetime import date

    from kiosk.usage import Measure, UsageStore

    frozen.reset()
    content = work / "signed-content"
    shutil.copytree(ROOT / "content", content)
    page = "en/01-what-is-crps.md"
    approved = frozen.run("approve", str(content), "--by", "Dr A. Name, pain medicine", page)
    checked = frozen.run("check", str(content))
    line = next((x for x in checked.stdout.splitlines() if x.startswith(f"{page}: approved")), "")
    output = (approved.stdout + approved.stderr + checked.stdout + checked.stderr).strip()
    report.check(approved.returncode == 0 and checked.returncode == 0 and bool(line),
                 "approve, then check says the page is approved", line or output[-800:])
    state = work / "state"
    store = UsageStore(state / "usage.sqlite3")  # written by this checkout, read by the frozen one
    store.add(date(2026, 1, 2), Measure.VISITS, n=4)
    store.close()
    (frozen.folder / "kiosk.toml").write_text(f"state_dir = {str(state)!r}\n", encoding="utf-8")
    result = frozen.run("report", "--since", "2026-01-01", "--until", "2026-01-31", "--format", "csv")
    good = result.returncode == 0 and result.stdout.splitlines()[1:] == ["2026-01-02,visits,,4"]
    output = (result.stdout + result.stderr).strip()
    report.check(good, "report --format csv reads the usage counts",
                 "" if good else f"exit {result.returncode}: {output[-800:]}")
    frozen.reset()


def check_reading_level(report: Report, frozen: Frozen, work: Path) -> None:
    """`check` measures the reading level (textstat, which imports pkg_resources when it is
    used: the build leaves out PyInstaller's run-time hook that imported it at every start)."""
    content = work / "hard-content"
    shutil.copytree(ROOT / "content", content)
    page = content / "en" / "01-what-is-crps.md"
    hard = ("Notwithstanding considerable interindividual variability, pharmacological characterisation "
            "demonstrates comprehensive neurological sensitisation phenomena accompanying dysregulated "
            "autonomic manifestations.\n")
    page.write_text(page.read_text(encoding="utf-8") + "\n\n" + hard * 10, encoding="utf-8")
    checked = frozen.run("check", str(content))
    line = next((x for x in checked.stdout.splitlines()
                 if "01-what-is-crps.md" in x and "reads at grade" in x), "")
    output = (checked.stdout + checked.stderr).strip()
    report.check(bool(line), "check measures the reading level", line or output[-800:])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, nargs="?", default=ROOT / "dist" / kiosk.APP_NAME)
    parser.add_argument("--budget-mb", type=float, default=150.0)
    parser.add_argument("--pictures", type=Path, default=ROOT / "build" / "frozen-checks",
                        help="where to save what the screen showed (X11 check)")
    args = parser.parse_args(argv)
    folder = args.folder.resolve()
    if not (folder / EXE).is_file():
        print(f"{folder / EXE} does not exist: build it first (python3 dev.py build)", file=sys.stderr)
        return 1
    report = Report()
    check_size(report, folder, args.budget_mb)
    check_contents(report, folder)
    check_linked_libraries(report, folder)
    with tempfile.TemporaryDirectory(prefix="kiosk-frozen-") as temp:
        work = Path(temp)
        copy = work / "kiosk" / folder.name  # as IT copies it: the folder, somewhere else
        shutil.copytree(folder, copy, symlinks=True)
        (work / "home").mkdir()
        frozen = Frozen(copy, work / "home")
        check_version_and_smoke_test(report, frozen)
        check_local_content(report, frozen, work)
        check_broken_content(report, frozen)
        check_broken_config(report, frozen)
        check_display_stacks(report, frozen, work, args.pictures)
        check_sign_off_and_report(report, frozen, work)
        check_reading_level(report, frozen, work)
    if report.failed:
        print("\nfailed: " + "; ".join(report.failed))
    print(f"frozen: {report.passed} passed, {len(report.failed)} failed")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
