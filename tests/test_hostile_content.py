"""A content folder and a config saved by a careless or hostile editor (issue 13).

Each class of attack has a rule and a test of the rule: only ordinary files are opened
(never blocking), pictures are vetted before Qt sees them, placeholders are only
``{name}``, the config gives one line and exit 2, and only one kiosk runs at a time.
`kiosk check` reports every case with file:line and exit 1, within seconds.

Pure Python except where a test runs the command line in a separate process.
"""

from __future__ import annotations

import os
import signal
import struct
import subprocess
import sys
import threading
import time
import zlib
from pathlib import Path

import pytest

from helpers import OPEN_RECORDER
from kiosk import paths
from kiosk.config import ConfigError, load_config
from kiosk.content.loader import load_content
from kiosk.content.model import ContentBundle

# The modules this issue added are imported inside the tests that use them, so that this
# file also runs against the code before them (each of those tests then fails, as it should).

ROOT = Path(__file__).resolve().parent.parent
PAGE = "---\ntitle: {title}\nillustration: {picture}\nalt: A person.\n---\nSome words about {title}.\n"
SVG_HEAD = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            'width="100" height="100" viewBox="0 0 100 100">\n')
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")


def write(folder: Path, name: str, data: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A small good folder: English ui.yaml and checklist.yaml from the bundle, one page."""
    root = tmp_path / "content"
    for name in ("ui.yaml", "checklist.yaml"):
        write(root, f"en/{name}", (paths.bundled_content_dir() / "en" / name).read_text(encoding="utf-8"))
    write(root, "en/01-a.md", PAGE.format(title="A", picture="crps-limb.svg"))
    return root


def unblock(fifos: list[Path]) -> None:
    """Let a reader that is stuck opening one of ``fifos`` go (only the old code gets stuck)."""
    for fifo in fifos:
        try:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass


def load_within(root: Path, seconds: float = 10.0, fifos: list[Path] | None = None) -> ContentBundle:
    """Load ``root`` in a thread; fail (instead of hanging the suite) when it takes too long."""
    done: list[ContentBundle] = []
    worker = threading.Thread(target=lambda: done.append(load_content(root)), daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        deadline = time.monotonic() + 5
        while worker.is_alive() and time.monotonic() < deadline:
            unblock(fifos or [])
            worker.join(0.05)
        pytest.fail(f"loading the folder did not finish within {seconds} s")
    return done[0]


def kiosk_cli(*args: str, timeout: float = 60, env: dict[str, str] | None = None,
              ) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", **(env or {}))
    environment.pop("KIOSK_CONFIG", None)
    return subprocess.run([sys.executable, "-m", "kiosk", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=timeout)


def errors_in(bundle: ContentBundle, file: str) -> list[str]:
    return [f"{p.line}: {p.message}" for p in bundle.errors if p.file == file]


# --------------------------------------------------------------- problem 2: regular files only


def pipe_in(content: Path, name: str) -> Path:
    """A named pipe at ``content/name`` (instead of the file there), with a page showing it
    when it stands for a picture."""
    target = content / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    os.mkfifo(target)
    if name.startswith("pictures/"):
        write(content, "en/01-a.md", PAGE.format(title="A", picture="pipe.svg"))
    return target


@needs_fifo
@pytest.mark.parametrize("name", ["en/ui.yaml", "en/checklist.yaml", "en/02-pipe.md", "pictures/pipe.svg",
                                  "clinic.yaml"])
def test_a_named_pipe_anywhere_in_the_folder_is_an_error_not_a_hang(content: Path, name: str) -> None:
    target = pipe_in(content, name)
    with OPEN_RECORDER.recording() as opened:
        bundle = load_within(content, fifos=[target])
    assert target.resolve() not in [p.resolve() for p in opened if p.exists()], "the pipe was opened"
    assert not bundle.usable
    messages = [p.message for p in bundle.errors]
    assert any("named pipe" in message for message in messages), messages


@needs_fifo
def test_read_regular_refuses_pipes_and_devices_without_opening_them(tmp_path: Path) -> None:
    from kiosk.content.files import FileRefused, read_regular

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for path, words in ((fifo, "named pipe"), (Path("/dev/zero"), "device"), (tmp_path, "folder")):
        with pytest.raises(FileRefused, match=words):
            read_regular(path)
    big = write(tmp_path, "big.md", b"x" * 2000)
    with pytest.raises(FileRefused, match="too big"):
        read_regular(big, limit=1000)
    assert read_regular(big, limit=2000) == b"x" * 2000


@needs_fifo
@pytest.mark.parametrize("name", ["en/ui.yaml", "en/checklist.yaml", "en/02-pipe.md", "pictures/pipe.svg",
                                  "clinic.yaml"])
def test_kiosk_check_reports_a_named_pipe_and_exits_1_within_seconds(content: Path, name: str) -> None:
    target = pipe_in(content, name)
    try:
        result = kiosk_cli("check", str(content), timeout=20)
    except subprocess.TimeoutExpired:
        unblock([target])
        pytest.fail("kiosk check hung on a named pipe")
    assert result.returncode == 1, result.stdout + result.stderr
    shown = "en/01-a.md:3:" if name.startswith("pictures/") else f"{name}:"
    line = next(line for line in result.stdout.splitlines() if "named pipe" in line)
    assert line.startswith(shown), result.stdout
    assert "Traceback" not in result.stderr


# --------------------------------------------------------------- problem 3: SVG vetting

HOSTILE_SVGS = {
    "image": SVG_HEAD + '<image href="/etc/hostname" width="10" height="10"/>\n</svg>',
    "xlink image": SVG_HEAD + '<g>\n<image xlink:href="file:///etc/passwd"/></g>\n</svg>',
    "use of another file": SVG_HEAD + '<use xlink:href="other.svg#shape"/>\n</svg>',
    "external href": SVG_HEAD + '<a href="https://example.org/"><rect width="5" height="5"/></a>\n</svg>',
    "css url": SVG_HEAD + '<rect width="5" height="5" style="fill: url(/etc/passwd)"/>\n</svg>',
    "fill url": SVG_HEAD + '<rect width="5" height="5" fill="url(\'other.svg#g\')"/>\n</svg>',
    "style element": SVG_HEAD + "<style>\nrect { fill: url(http://example.org/x.svg#p); }\n</style>\n</svg>",
    "import": SVG_HEAD + "<style>@import 'http://example.org/a.css';</style>\n</svg>",
    "stylesheet instruction": '<?xml-stylesheet href="http://example.org/a.css"?>\n' + SVG_HEAD + "</svg>",
    "entity": '<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]>\n' + SVG_HEAD + "<text>&a;</text></svg>",
    "external entity": '<!DOCTYPE svg [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n' + SVG_HEAD + "&e;</svg>",
    "script": SVG_HEAD + "<script>alert(1)</script>\n</svg>",
    "foreign object": SVG_HEAD + "<foreignObject><p>x</p></foreignObject>\n</svg>",
    "absurd size": '<svg xmlns="http://www.w3.org/2000/svg" width="100000000" height="10"></svg>',
    "absurd shape": SVG_HEAD + '<rect width="1e30" height="5"/>\n</svg>',
    "broken viewBox": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 0 nan"></svg>',
    "self use": SVG_HEAD + '<g id="a"><use href="#a"/></g>\n</svg>',
    "not svg": '<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>',
    "broken": SVG_HEAD + "<g>\n</svg>",
}


def use_bomb(levels: int = 10, width: int = 10) -> str:
    """``levels`` groups, each drawing the one below ``width`` times: width**levels shapes."""
    groups = ['<g id="l0"><rect width="1" height="1"/></g>']
    for level in range(1, levels + 1):
        uses = "".join(f'<use xlink:href="#l{level - 1}"/>' for _ in range(width))
        groups.append(f'<g id="l{level}">{uses}</g>')
    return SVG_HEAD + "<defs>\n" + "\n".join(groups) + f'\n</defs>\n<use xlink:href="#l{levels}"/>\n</svg>'


@pytest.mark.parametrize("case", sorted(HOSTILE_SVGS))
def test_hostile_svg_pictures_are_refused_with_their_line(content: Path, case: str) -> None:
    write(content, "pictures/bad.svg", HOSTILE_SVGS[case])
    write(content, "en/01-a.md", PAGE.format(title="A", picture="bad.svg"))
    with OPEN_RECORDER.recording() as opened:
        bundle = load_within(content)
    [problem] = bundle.errors
    assert (problem.file, problem.line) == ("en/01-a.md", 3)
    assert "picture 'bad.svg' cannot be shown" in problem.message and "pictures/bad.svg" in problem.message
    assert not [p for p in opened if str(p).startswith(("/etc", "file:"))], "an outside file was opened"


def test_an_svg_refusal_names_the_line_of_the_svg() -> None:
    from kiosk.content.pictures import PictureRefused, vet_picture_bytes

    with pytest.raises(PictureRefused) as refused:
        vet_picture_bytes(HOSTILE_SVGS["xlink image"].encode(), "SVG")
    assert refused.value.line == 3 and "<image>" in refused.value.message


def test_nested_use_bomb_is_refused_at_once() -> None:
    from kiosk.content.pictures import PictureRefused, vet_picture_bytes

    started = time.monotonic()
    with pytest.raises(PictureRefused, match="<use>") as refused:
        vet_picture_bytes(use_bomb().encode(), "SVG")
    assert refused.value.line is not None and refused.value.line > 1
    assert time.monotonic() - started < 1.0
    vet_picture_bytes(use_bomb(levels=3, width=5).encode(), "SVG")  # clones of clones still work


def test_every_picture_the_kiosk_ships_passes_vetting() -> None:
    from kiosk.content.pictures import vet_picture

    pictures = sorted(paths.illustrations_dir().glob("*.svg")) + sorted(paths.icons_dir().glob("*.svg"))
    assert len(pictures) > 20
    for picture in pictures:
        info = vet_picture(picture)
        assert info.width > 0 and info.height > 0, picture


# --------------------------------------------------------------- problem 5: raster headers


def png(width: int, height: int, *, rows: bytes | None = None, crc_ok: bool = True) -> bytes:
    """A real greyscale PNG (or one with a made-up header when ``rows`` is empty)."""
    def chunk(kind: bytes, body: bytes, ok: bool = True) -> bytes:
        crc = zlib.crc32(kind + body) ^ (0 if ok else 1)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = rows if rows is not None else b"".join(b"\0" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(pixels, 9), crc_ok)
            + chunk(b"IEND", b""))


def jpeg_header(width: int, height: int) -> bytes:
    frame = struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00"
    return (b"\xff\xd8" + b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\0\1\1\0\0\1\0\1\0\0"
            + b"\xff\xc0" + struct.pack(">H", len(frame) + 2) + frame
            + b"\xff\xda" + struct.pack(">H", 8) + b"\x01\x01\x00\x00\x3f\x00" + b"\x00" * 10 + b"\xff\xd9")


def test_raster_size_is_read_from_the_header_and_huge_pictures_are_refused() -> None:
    from kiosk.content.pictures import MAX_SIDE, PictureRefused, vet_picture_bytes

    assert vet_picture_bytes(png(64, 48), "PNG").width == 64
    assert vet_picture_bytes(jpeg_header(640, 480), "JPEG").height == 480
    # 8000 x 8000 compresses to ~190 KB; 30000 x 30000 needs only a made-up header
    for width, height in ((8000, 8000), (30000, 30000), (MAX_SIDE + 1, 10)):
        with pytest.raises(PictureRefused, match=f"{width} x {height} pixels"):
            vet_picture_bytes(png(width, height, rows=b""), "PNG")
        with pytest.raises(PictureRefused, match=f"{width} x {height} pixels"):
            vet_picture_bytes(jpeg_header(width, height), "JPEG")


def test_broken_or_mislabelled_raster_pictures_are_refused() -> None:
    from kiosk.content.pictures import PictureRefused, vet_picture_bytes

    good = png(20, 20)
    cases: dict[str, tuple[bytes, str]] = {
        "cut short": (good[: len(good) // 2], "PNG"),
        "bad checksum": (png(20, 20, crc_ok=False), "PNG"),
        "too few pixels": (png(20, 20, rows=b"\0" * 30), "PNG"),
        "png named jpg": (good, "JPEG"),
        "text named png": (b"hello, world", "PNG"),
        "jpeg cut short": (jpeg_header(20, 20)[:40], "JPEG"),
    }
    for case, (data, kind) in cases.items():
        with pytest.raises(PictureRefused):
            vet_picture_bytes(data, kind)
            pytest.fail(f"{case} was accepted")


def test_a_huge_png_in_the_folder_is_an_error_in_kiosk_check(content: Path) -> None:
    write(content, "pictures/huge.png", png(8000, 8000))
    write(content, "en/01-a.md", PAGE.format(title="A", picture="huge.png"))
    result = kiosk_cli("check", str(content))
    assert result.returncode == 1
    line = next(line for line in result.stdout.splitlines() if "huge.png" in line)
    assert line.startswith("en/01-a.md:3: ") and "the picture is 8000 x 8000 pixels" in line, result.stdout


def test_a_picture_qt_cannot_draw_is_an_error_in_kiosk_check(content: Path) -> None:
    # A JPEG whose header is right but whose pixels are missing: vetting passes, drawing fails.
    write(content, "pictures/damaged.jpg", jpeg_header(20, 20))
    write(content, "en/01-a.md", PAGE.format(title="A", picture="damaged.jpg"))
    result = kiosk_cli("check", str(content))
    assert result.returncode == 1
    line = next(line for line in result.stdout.splitlines() if "damaged.jpg" in line)
    assert line.startswith("en/01-a.md: ") and "cannot be drawn: its pixels are damaged" in line, result.stdout


# --------------------------------------------------------------- problem 4: placeholders


@pytest.mark.parametrize("words", ['"Page {number:>20000000} of {total}"', '"Page {} of {total}"',
                                   '"Page {0} of {1}"', '"Page {number!r} of {total}"',
                                   '"Page {number.real} of {total}"', '"Page {number} of {total"',
                                   '"Page {seconds}"'])
def test_placeholders_are_only_the_documented_names(content: Path, words: str) -> None:
    ui = content / "en" / "ui.yaml"
    lines = ui.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, start=1) if line.startswith("page_position:"))
    lines[number - 1] = f"page_position: {words}"
    ui.write_text("\n".join(lines) + "\n", encoding="utf-8")
    bundle = load_content(content)
    assert bundle.errors, f"{words} was accepted"
    for problem in bundle.errors:  # '{0} of {1}' is two mistakes on the one line
        assert (problem.file, problem.line) == ("en/ui.yaml", number)
        assert "page_position" in problem.message


def test_filling_in_never_runs_python_formatting() -> None:
    from kiosk.content.model import Language

    language = Language("en", "English", (), {"page_position": "Page {number:>20000000} of {total}",
                                              "next_page": "Next: {title} {{title}}"}, None)
    started = time.monotonic()
    assert language.text("page_position", number=1, total=2) == "Page {number:>20000000} of 2"
    assert time.monotonic() - started < 0.5
    # a page title that looks like a placeholder is shown as it is, not filled in again
    assert language.text("next_page", title="{title:>9999999}") == "Next: {title:>9999999} {title}"


# --------------------------------------------------------------- problem 7: pictures folder, types


def test_a_pictures_folder_that_links_outside_is_not_followed(content: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    write(outside, "secret.svg", SVG_HEAD + "</svg>")
    (content / "pictures").symlink_to(outside, target_is_directory=True)
    write(content, "en/01-a.md", PAGE.format(title="A", picture="secret.svg"))
    with OPEN_RECORDER.recording() as opened:
        bundle = load_content(content)
    assert not [p for p in opened if p.resolve().is_relative_to(outside.resolve())]
    messages = [f"{p.file}:{p.line}: {p.message}" for p in bundle.errors]
    assert any(m.startswith("pictures:None: the 'pictures' folder is a link") for m in messages), messages
    assert any(m.startswith("en/01-a.md:3: picture 'secret.svg' cannot be shown") for m in messages), messages


@pytest.mark.parametrize("name", ["notes.txt", "photo.gif", "photo.webp", "crps-limb"])
def test_an_illustration_of_another_type_is_an_error(content: Path, name: str) -> None:
    write(content, f"pictures/{name}", b"GIF89a....")
    write(content, "en/01-a.md", PAGE.format(title="A", picture=name))
    [problem] = load_content(content).errors
    assert problem.line == 3 and "SVG, PNG and JPEG" in problem.message


# --------------------------------------------------------------- problem 8: kiosk.toml


def test_a_config_saved_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, "kiosk.toml", "\ufeffidle_seconds = 120\n".encode())
    assert load_config(path).idle_seconds == 120


@pytest.mark.parametrize(("text", "words"), [
    ("a = " + "[" * 100_000, "nested far too deep"),
    ('content_dir = "\\u0000"', "control character"),
    ('log_dir = "logs\\u0000x"', "control character"),
    ('languages = ["xx", "../etc"]', "'../etc' is not a language code"),
    ('language = "EN!"', "is not a language code"),
])
def test_bad_config_values_are_one_line_errors(tmp_path: Path, text: str, words: str) -> None:
    path = write(tmp_path, "kiosk.toml", text + "\n")
    with pytest.raises(ConfigError, match=words) as error:
        load_config(path)
    assert "\n" not in str(error.value)


def test_languages_the_content_does_not_have_are_errors_naming_the_allowed_ones(tmp_path: Path) -> None:
    from kiosk.config import check_languages

    config = load_config(write(tmp_path, "kiosk.toml", 'language = "zz"\n'))
    with pytest.raises(ConfigError, match=r"'language' names 'zz'.*it has: en, es"):
        check_languages(config, ["en", "es"])
    config = load_config(write(tmp_path, "kiosk.toml", 'languages = ["es", "xx"]\n'))
    with pytest.raises(ConfigError, match=r"'languages' names 'xx'"):
        check_languages(config, ["en", "es"])
    check_languages(load_config(write(tmp_path, "kiosk.toml", 'languages = ["es"]\nlanguage = "es"\n')),
                    ["en", "es"])


@pytest.mark.parametrize("text", ['language = "zz"', 'content_dir = "\\u0000"', "a = " + "[" * 100_000,
                                  'languages = ["en", "../etc"]'])
def test_the_kiosk_says_what_is_wrong_with_its_config_in_one_line_and_exits_2(tmp_path: Path,
                                                                           text: str) -> None:
    config = write(tmp_path, "kiosk.toml", text + "\n")
    result = kiosk_cli("--config", str(config), "--smoke-test")
    assert result.returncode == 2, result.stdout + result.stderr
    said = [line for line in result.stderr.splitlines() if "config error" in line]
    assert len(said) == 1 and said[0].startswith("config error: "), result.stderr
    assert "Traceback" not in result.stderr


# --------------------------------------------------------------- problem 9: one kiosk at a time


def test_a_second_lock_on_the_same_state_folder_is_refused_and_released_on_exit(tmp_path: Path) -> None:
    from kiosk.instance import AlreadyRunning, InstanceLock

    first = InstanceLock(tmp_path)
    first.acquire()
    with pytest.raises(AlreadyRunning, match=f"process {os.getpid()}"):
        InstanceLock(tmp_path).acquire()
    first.release()
    with InstanceLock(tmp_path) as again:
        assert again.held


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_crashed_kiosk_does_not_keep_the_next_one_out(tmp_path: Path) -> None:
    from kiosk.instance import AlreadyRunning, InstanceLock

    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; from kiosk.instance import "
         "InstanceLock; InstanceLock(Path(sys.argv[1])).acquire(); print('locked', flush=True); "
         "time.sleep(60)", str(tmp_path)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(AlreadyRunning):
            InstanceLock(tmp_path).acquire()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.communicate(timeout=10)
    assert (tmp_path / "kiosk.lock").exists(), "the crash left the lock file behind"
    with InstanceLock(tmp_path) as lock:
        assert lock.held


def test_a_second_kiosk_says_so_in_one_line_and_exits(tmp_path: Path) -> None:
    from kiosk.instance import InstanceLock

    config = write(tmp_path, "kiosk.toml", f'log_dir = "{tmp_path / "state"}"\nfullscreen = false\n')
    with InstanceLock(tmp_path / "state"):
        try:
            result = kiosk_cli("--config", str(config), "--windowed", timeout=30)
        except subprocess.TimeoutExpired:
            pytest.fail("a second kiosk started beside the first")
    assert result.returncode == 1
    assert result.stderr.startswith("kiosk not started: another kiosk is already running"), result.stderr
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "state" / "crps-kiosk.log").exists(), "the second kiosk wrote the log"

