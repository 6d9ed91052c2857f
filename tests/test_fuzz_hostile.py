"""Fuzzing the rest of the folder (hypothesis): interface words, the checklist, pictures
(SVG and PNG headers) and kiosk.toml. Whatever is generated either loads or gives
problems (a :class:`ConfigError` for the config), within a time limit, and what loads
keeps the rules: no placeholder runs Python formatting, no picture that reaches outside
itself or claims more than 4096 pixels a side gets through.

Pure Python: no QApplication. Examples are derandomized and bounded, to keep CI fast.
"""

from __future__ import annotations

import re
import struct
import tempfile
import time
import zlib
from datetime import timedelta
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import OPEN_RECORDER
from kiosk import paths
from kiosk.config import ConfigError, load_config
from kiosk.content.loader import load_content
from kiosk.content.model import ContentBundle
from kiosk.content.pictures import MAX_SIDE, PictureRefused, vet_picture_bytes
from kiosk.content.strings import UI_PLACEHOLDERS, UI_STRINGS

LIMIT_S = 3.0
FUZZ = settings(deadline=timedelta(seconds=LIMIT_S), derandomize=True, database=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
BUNDLED_EN = paths.bundled_content_dir() / "en"

HOSTILE_WORDS = [
    "<img src='/dev/zero'>", "<b>bold</b>", "<a href='file:///etc/passwd'>x</a>", "<qt>rich</qt>", "&amp; &lt;",
    "{title}", "{number:>20000000}", "{}", "{0}", "{seconds!r}", "{total.__class__}", "{{", "}}", "{", "}",
    "Q&A", "&&", "\u202eevil", "\x00", "\t", "line\nbreak", "%s %d", "$(rm -rf /)", "'; DROP TABLE", "🙂" * 3,
    "x" * 300,
]
WORDS = st.one_of(st.sampled_from(HOSTILE_WORDS), st.text(max_size=30))
STRING_VALUES = st.lists(WORDS, min_size=1, max_size=3).map(" ".join)
FILL_VALUES = {"title": "{number:>99999999}", "number": 3, "total": 12, "seconds": 20}


def run_within(seconds: float, job):  # type: ignore[no-untyped-def]
    started = time.monotonic()
    result = job()
    assert time.monotonic() - started < seconds, "took too long"
    return result


def folder_with(ui: str, checklist: str) -> tuple[tempfile.TemporaryDirectory[str], Path]:
    tmp = tempfile.TemporaryDirectory(prefix="kiosk-fuzz-")
    root = Path(tmp.name) / "content"
    (root / "en").mkdir(parents=True)
    (root / "en" / "01-first.md").write_text("---\ntitle: First {title}\n---\nCall {clinic_phone}. Ask "
                                             "{ask_in_person} at {clinic_name}.\n", encoding="utf-8")
    (root / "en" / "ui.yaml").write_text(ui, encoding="utf-8")
    (root / "en" / "checklist.yaml").write_text(checklist, encoding="utf-8")
    return tmp, root


def check_bundle(bundle: ContentBundle) -> None:
    for problem in bundle.problems:
        assert problem.message and "Traceback" not in problem.message
        assert problem.line is None or problem.line >= 1
    for language in bundle.languages.values():
        for key in language.strings:
            template = language.strings[key]
            shown = language.text(key, **FILL_VALUES)
            # filling in adds the values and takes away braces, never more: no format spec ran
            assert len(shown) <= len(template) + sum(len(str(v)) for v in FILL_VALUES.values()), key


@settings(FUZZ, max_examples=60)
@given(values=st.dictionaries(st.sampled_from(sorted(UI_STRINGS) + ["unknown"]), STRING_VALUES, max_size=12))
def test_any_interface_words_load_or_give_problems_within_the_limit(values: dict[str, str]) -> None:
    english = yaml.safe_load((BUNDLED_EN / "ui.yaml").read_text(encoding="utf-8"))
    ui = yaml.safe_dump(english | values, allow_unicode=True)
    tmp, root = folder_with(ui, (BUNDLED_EN / "checklist.yaml").read_text(encoding="utf-8"))
    with tmp:
        bundle = run_within(LIMIT_S, lambda: load_content(root))
        check_bundle(bundle)
        for key, value in values.items():
            if key in UI_PLACEHOLDERS and re.search(r"\{(?!\{)(?![a-z_]+\})", value.replace("{{", "")):
                assert not bundle.usable, f"{key}: {value!r} should be refused"


CHECKLIST_TEXT_KEYS = ("title", "intro", "disclaimer")


@settings(FUZZ, max_examples=40)
@given(texts=st.dictionaries(st.sampled_from(CHECKLIST_TEXT_KEYS), STRING_VALUES, max_size=3),
       item=STRING_VALUES, question=STRING_VALUES)
def test_any_checklist_words_load_or_give_problems_within_the_limit(texts: dict[str, str], item: str,
                                                                    question: str) -> None:
    checklist = yaml.safe_load((BUNDLED_EN / "checklist.yaml").read_text(encoding="utf-8"))
    checklist.update(texts)
    checklist["groups"][0]["items"][0]["text"] = item
    checklist["questions"][0]["text"] = question
    tmp, root = folder_with((BUNDLED_EN / "ui.yaml").read_text(encoding="utf-8"),
                            yaml.safe_dump(checklist, allow_unicode=True))
    with tmp:
        check_bundle(run_within(LIMIT_S, lambda: load_content(root)))


# -- SVG ------------------------------------------------------------------------------

SVG_PARTS = [
    '<rect id="r" width="10" height="10" fill="#0A5A5F"/>', '<g id="g"><use href="#r"/><use href="#r"/></g>',
    '<use xlink:href="#g"/>', '<use href="#missing"/>', '<circle r="5" fill="url(#grad)"/>',
    '<linearGradient id="grad"><stop offset="0"/></linearGradient>', '<image href="x.png"/>',
    '<image xlink:href="data:image/png;base64,AAAA"/>', '<use href="other.svg#r"/>', '<a href="http://e.example/">',
    "</a>", '<rect style="fill:url(/etc/passwd)"/>', "<style>rect{fill:url(#grad)}</style>",
    "<style>@import url(a.css);</style>", '<rect width="1e308" height="1"/>', "<script>x()</script>",
    "<foreignObject/>", "<g>", "</g>", "<text>&amp;</text>", "&bogus;", "<style><![CDATA[ rect{fill:url(x)} ]]></style>", "<!-- c -->",
    '<feImage href="#r"/>', '<rect width="-5" height="nan"/>',
]
EXTERNAL = re.compile(r"<image|<feImage|<script|<foreignObject|@import|href=\"(?!#)|url\((?!#)", re.IGNORECASE)


@settings(FUZZ, max_examples=200)
@given(parts=st.lists(st.one_of(st.sampled_from(SVG_PARTS), st.text(max_size=12)), max_size=12),
       size=st.sampled_from(['width="100" height="80"', 'viewBox="0 0 40 30"', 'width="999999999"',
                             'viewBox="0 0 0 0"', ""]),
       doctype=st.sampled_from(["", "<!DOCTYPE svg>", '<!DOCTYPE svg [<!ENTITY a "b">]>']))
def test_any_svg_is_vetted_within_the_limit(parts: list[str], size: str, doctype: str) -> None:
    svg = (f'{doctype}<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" {size}>'
           + "".join(parts) + "</svg>")
    try:
        info = run_within(LIMIT_S, lambda: vet_picture_bytes(svg.encode(), "SVG"))
    except PictureRefused as refused:
        assert refused.message
        return
    assert not EXTERNAL.search(svg), "an SVG that reaches outside itself was accepted"
    assert "ENTITY" not in doctype
    assert 0 < info.width <= 16384 and 0 < info.height <= 16384


def use_bombs() -> st.SearchStrategy[str]:
    def bomb(levels: int, width: int) -> str:
        groups = ['<g id="l0"><rect width="1" height="1"/></g>'] + [
            f'<g id="l{n}">' + f'<use href="#l{n - 1}"/>' * width + "</g>" for n in range(1, levels + 1)]
        return f'<svg xmlns="http://www.w3.org/2000/svg">{"".join(groups)}<use href="#l{levels}"/></svg>'

    return st.builds(bomb, st.integers(1, 30), st.integers(1, 60))


@settings(FUZZ, max_examples=60)
@given(svg=use_bombs())
def test_use_nesting_is_bounded(svg: str) -> None:
    try:
        run_within(LIMIT_S, lambda: vet_picture_bytes(svg.encode(), "SVG"))
    except PictureRefused:
        return
    levels = svg.count('<g id="l') - 1
    width = svg.count('<use href="#l0"/>')
    assert levels < 4 and width ** levels <= 50_000


# -- PNG headers ----------------------------------------------------------------------


def png(width: int, height: int, depth: int, color: int, interlace: int, pixels: bytes) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, depth, color, 0, 0, interlace)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(pixels)) + chunk(b"IEND", b"")


@settings(FUZZ, max_examples=200)
@given(width=st.integers(0, 70000), height=st.integers(0, 70000), depth=st.sampled_from([1, 2, 4, 8, 16, 3]),
       color=st.sampled_from([0, 2, 3, 4, 6, 5]), interlace=st.sampled_from([0, 1, 2]),
       pixels=st.binary(max_size=300), cut=st.integers(0, 400), flip=st.integers(0, 400))
def test_any_png_header_is_vetted_within_the_limit(width: int, height: int, depth: int, color: int,
                                                   interlace: int, pixels: bytes, cut: int, flip: int) -> None:
    data = bytearray(png(width, height, depth, color, interlace, pixels))
    if flip < len(data):
        data[flip] ^= 0x55
    data = data[: len(data) - cut] if cut < 100 else data
    try:
        info = run_within(LIMIT_S, lambda: vet_picture_bytes(bytes(data), "PNG"))
    except PictureRefused as refused:
        assert refused.message
        return
    assert 0 < info.width <= MAX_SIDE and 0 < info.height <= MAX_SIDE


@settings(FUZZ, max_examples=40)
@given(side=st.integers(1, 64), interlace=st.sampled_from([0, 1]), color=st.sampled_from([0, 2, 6]))
def test_real_pngs_pass(side: int, interlace: int, color: int) -> None:
    channels = {0: 1, 2: 3, 6: 4}[color]
    if interlace:
        passes = [((side - x0 + dx - 1) // dx, (side - y0 + dy - 1) // dy)
                  for x0, y0, dx, dy in ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4),
                                         (1, 0, 2, 2), (0, 1, 1, 2)) if side > x0 and side > y0]
        pixels = b"".join((b"\0" + b"\x7f" * w * channels) * h for w, h in passes)
    else:
        pixels = (b"\0" + b"\x7f" * side * channels) * side
    info = vet_picture_bytes(png(side, side, 8, color, interlace, pixels), "PNG")
    assert (info.width, info.height) == (side, side)


# -- kiosk.toml -----------------------------------------------------------------------

TOML_PIECES = st.sampled_from([
    "idle_seconds = 30", 'language = "es"', 'languages = ["en", "es"]', 'languages = ["../etc"]',
    'content_dir = "\\u0000"', 'content_dir = "content"', "fullscreen = maybe", "[table]", "a = [" * 50,
    "idle_seconds = 99999999999999999999", 'printer = "default"', 'staff_corner = "middle"', "\ufeff",
    'log_dir = "\\u0007"', "unknown = 1", "= 3", '"""', "pin_tries = -1", "# comment",
])


@settings(FUZZ, max_examples=150)
@given(lines=st.lists(st.one_of(TOML_PIECES, st.text(max_size=20)), max_size=6), raw=st.binary(max_size=60))
def test_any_config_loads_or_gives_a_one_line_error(lines: list[str], raw: bytes) -> None:
    with tempfile.TemporaryDirectory(prefix="kiosk-toml-") as tmp:
        path = Path(tmp) / "kiosk.toml"
        for data in ("\n".join(lines).encode("utf-8", "surrogatepass"), raw):
            path.write_bytes(data)
            with OPEN_RECORDER.recording():
                try:
                    run_within(LIMIT_S, lambda: load_config(path))
                except ConfigError as error:
                    assert "\n" not in str(error) and str(error).startswith(str(path))


# -- clinic.yaml ----------------------------------------------------------------------

CLINIC_NAMES = ["clinic_name", "clinic_phone", "after_hours_phone", "emergency_number", "ask_in_person", "other"]


@settings(FUZZ, max_examples=40)
@given(details=st.dictionaries(st.sampled_from(CLINIC_NAMES),
                               st.one_of(STRING_VALUES, st.dictionaries(st.sampled_from(["en", "es", "xx", "../"]),
                                                                        STRING_VALUES, max_size=3),
                                         st.integers(), st.none()), max_size=6),
       raw=st.one_of(st.none(), st.lists(st.one_of(st.sampled_from(HOSTILE_WORDS), st.text(max_size=20)),
                                         max_size=5).map("\n".join)))
def test_any_clinic_file_loads_or_gives_problems_within_the_limit(details: dict[str, object],
                                                                  raw: str | None) -> None:
    tmp, root = folder_with((BUNDLED_EN / "ui.yaml").read_text(encoding="utf-8"),
                            (BUNDLED_EN / "checklist.yaml").read_text(encoding="utf-8"))
    with tmp:
        text = raw if raw is not None else yaml.safe_dump(details, allow_unicode=True)
        (root / "clinic.yaml").write_text(text, encoding="utf-8")
        bundle = run_within(LIMIT_S, lambda: load_content(root))
        check_bundle(bundle)
        for language in bundle.languages.values():
            for section in language.sections:  # a clinic detail never becomes markup in a page
                assert "<script" not in section.html.lower() and "<img" not in section.html.lower()
