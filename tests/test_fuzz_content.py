"""Fuzzing the content folder (hypothesis): whatever staff put in it, the loader and the
renderer only ever return pages and problems, the HTML they make has nothing live in it
(no script, frame, event handler, ``javascript:`` link or outside resource), and no file
outside the content folder is ever opened. YAML's dangerous cases (object tags, alias
bombs, deep nesting) and huge files each get a clear problem, in bounded memory.

Pure Python: no QApplication. Examples are derandomized, so CI runs the same ones each time.
"""

from __future__ import annotations

import os
import string
import tempfile
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import OPEN_RECORDER
from kiosk import paths
from kiosk.content.loader import load_content
from kiosk.content.model import ContentBundle, ContentProblem, Severity
from kiosk.content.render import IMAGE_SCHEME, PAGE_SCHEME, render_markdown

FUZZ = settings(deadline=None, derandomize=True, database=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
BUNDLED_EN = paths.bundled_content_dir() / "en"

# Tags Python-Markdown makes from the kiosk's Markdown (tables and lists included); anything
# else in the HTML would be raw HTML that got through.
ALLOWED_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "code",
                "em", "strong", "a", "img", "span", "hr", "br", "table", "thead", "tbody", "tr", "th", "td"}
ALLOWED_ATTRIBUTES = {"href", "src", "alt", "class", "align", "width"}

DANGEROUS = [
    "<script>alert(1)</script>", "<SCRIPT SRC=http://evil.example/x.js></SCRIPT>", "<iframe src='https://evil.example'>",
    "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>", "<style>body{background:url(http://evil.example)}</style>",
    "<object data='x.swf'></object>", "<embed src='x'>", "<link rel=stylesheet href='http://evil.example/a.css'>",
    "<meta http-equiv=refresh content='0;url=http://evil.example'>", "<base href='http://evil.example/'>",
    "<form action='http://evil.example'><input name=a></form>", "<a href='javascript:alert(1)'>x</a>",
    "<div onclick='alert(1)'>*md inside*</div>", "<!-- comment -->", "<![CDATA[x]]>", "<p style='x:expression(1)'>",
    "[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x]( javascript:alert(1) )", "[x](java\tscript:1)",
    "[x](&#106;avascript:alert(1))", "[x](java&#x73;cript:alert(1))", "[x](vbscript:msgbox(1))",
    "[x](data:text/html,<script>alert(1)</script>)", "[x](file:///etc/passwd)", "[x](//evil.example/a)",
    "[x](http://evil.example)", "[x](https://evil.example 'title')", "<http://evil.example>", "<javascript:alert(1)>",
    "<mailto:someone@example.org>", "<someone@example.org>", "[x][r]\n\n[r]: javascript:alert(1)",
    "[x][r]\n\n[r]: http://evil.example", "![a](http://evil.example/x.png)", "![a](//evil.example/x.png)",
    "![a](../../decoy/secret.png)", "![a](../decoy/secret.svg)", "![a](/etc/passwd.png)", "![a](C:\\\\x.png)",
    "![a](data:image/png;base64,iVBORw0KGgo=)", "![a](file:///tmp/x.svg)", "![a](secret-link.svg)",
    "![a](crps-limb.svg)", "![](crps-limb.svg)", "![a](pictures/../../decoy/secret.svg)", "![a][p]\n\n[p]: http://e/x.png",
    "[![a](http://evil.example/x.png)](javascript:alert(1))", "[page](01-first.md)", "[page](first)",
    "[page](first#part)", "[missing](99-missing.md)", "{: onclick=alert(1)}", "x{@onclick=alert(1)}",
    "&lt;script&gt;", "&#60;script&#62;alert(1)&#60;/script&#62;", "\\<script>", "`<script>`",
    "```html\n<script>alert(1)</script>\n```", "    <iframe src=x>",
]
STRUCTURE = [
    "# Title", "## Part", "- item", "1. item", "  - nested", "> quote", "> > deeper", "---", "***", "| a | b |",
    "|---|---|", "| 1 | 2 |", "*em*", "**strong**", "`code`", "```", "    code", "", "", "text with words",
]


def markdown_text() -> st.SearchStrategy[str]:
    piece = st.one_of(st.sampled_from(DANGEROUS), st.sampled_from(STRUCTURE),
                      st.text(alphabet=string.printable, max_size=40), st.text(max_size=20))
    line = st.lists(piece, max_size=4).map(" ".join)
    return st.lists(line, max_size=25).map("\n".join)


def live_tags(html: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The real tags of ``html`` (parsed, not string-matched) with their attributes."""
    found: list[tuple[str, list[tuple[str, str]]]] = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, [(k, v or "") for k, v in attrs]))

        handle_startendtag = handle_starttag

    parser = Parser(convert_charrefs=True)
    parser.feed(html)
    parser.close()
    return found


def assert_nothing_live(html: str, images: dict[str, Path] | None = None) -> None:
    for tag, attributes in live_tags(html):
        assert tag in ALLOWED_TAGS, f"<{tag}> got into the page: {html[:300]!r}"
        for name, value in attributes:
            assert name in ALLOWED_ATTRIBUTES and not name.startswith("on"), f"<{tag} {name}=...> in {html[:300]!r}"
            if name == "href":
                assert tag == "a" and value.startswith(PAGE_SCHEME), f"a link leads to {value!r}"
            if name == "src":
                assert tag == "img" and value.startswith(IMAGE_SCHEME), f"a picture comes from {value!r}"
                assert images is not None and value in images, f"{value!r} is not one of the page's own pictures"


def no_such_picture(name: str) -> Path:
    raise ValueError("no such picture")


# -- the renderer ----------------------------------------------------------------------


@settings(FUZZ, max_examples=400)
@given(markdown_text())
def test_rendered_markdown_has_nothing_live(source: str) -> None:
    rendered = render_markdown(source, {"first": "first", "01-first.md": "first"}.get, no_such_picture)
    assert_nothing_live(rendered.html, rendered.images)
    assert all(issue.message for issue in rendered.issues)


@settings(FUZZ, max_examples=150)
@given(st.text(max_size=2000))
def test_any_text_renders_without_raising(source: str) -> None:
    rendered = render_markdown(source, lambda target: None, no_such_picture)
    assert_nothing_live(rendered.html, rendered.images)


# -- the loader on a folder ------------------------------------------------------------


@contextmanager
def content_folder() -> Iterator[tuple[Path, Path]]:
    """A content folder with good English interface words and checklist, and beside it a
    folder of decoys that links inside the content folder point at."""
    with tempfile.TemporaryDirectory(prefix="kiosk-fuzz-") as tmp:
        base = Path(tmp)
        decoy = base / "decoy"
        decoy.mkdir()
        (decoy / "secret.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
        (decoy / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 32)
        (decoy / "99-secret.md").write_text("---\ntitle: Secret\n---\nSecret words.\n", encoding="utf-8")
        (decoy / "ui.yaml").write_text("language_name: Secret\n", encoding="utf-8")
        root = base / "content"
        english = root / "en"
        english.mkdir(parents=True)
        for name in ("ui.yaml", "checklist.yaml"):
            (english / name).write_text((BUNDLED_EN / name).read_text(encoding="utf-8"), encoding="utf-8")
        if hasattr(os, "symlink"):
            for link, target in ((english / "secret-link.svg", decoy / "secret.svg"),
                                 (english / "98-linked.md", decoy / "99-secret.md"),
                                 (root / "pictures", decoy), (root / "fr", decoy)):
                try:
                    link.symlink_to(target)
                except OSError:  # Windows without the right to make links
                    pass
        yield root, decoy


def load_and_check(root: Path, decoy: Path) -> ContentBundle:
    """Load ``root`` while recording every file opened; check what a loader must never do."""
    with OPEN_RECORDER.recording() as opened:
        bundle = load_content(root)
    # The program's own pictures, and its own English words (they stand in for words a folder lacks).
    allowed = (root.resolve(), paths.illustrations_dir().resolve(),
               (paths.bundled_content_dir() / "en" / "ui.yaml").resolve())
    for path in opened:
        resolved = Path(os.path.abspath(path)).resolve()
        assert not resolved.is_relative_to(decoy.resolve()), f"a decoy was opened: {path}"
        assert any(resolved.is_relative_to(folder) for folder in allowed), f"opened outside the content: {path}"
    assert OPEN_RECORDER.writes == [], "loading content writes nothing"
    assert isinstance(bundle, ContentBundle)
    for problem in bundle.problems:
        assert isinstance(problem, ContentProblem) and problem.message
        assert problem.line is None or problem.line >= 1
        assert not Path(problem.file).is_absolute() and ".." not in Path(problem.file).parts
    for language in bundle.languages.values():
        for section in language.sections:
            assert_nothing_live(section.html, dict(section.images))
            for picture in [*section.images.values(), *([section.illustration] if section.illustration else [])]:
                assert any(picture.resolve().is_relative_to(folder) for folder in allowed), picture
    return bundle


@pytest.fixture(scope="module", autouse=True)
def warmed_up() -> None:
    """Load once before recording, so modules that Markdown imports on first use are in."""
    load_content(paths.bundled_content_dir())


SCALARS = st.one_of(st.text(max_size=30), st.integers(), st.floats(allow_nan=True), st.booleans(), st.none())
YAML_VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                             st.dictionaries(st.text(max_size=10), inner, max_size=4)),
                           max_leaves=12)
FIELD_NAMES = st.sampled_from(["title", "tile", "illustration", "alt", "analogy", "other", "title "])
FIELD_VALUES = st.one_of(YAML_VALUES, st.sampled_from(
    ["crps-limb.svg", "../decoy/secret.svg", "/etc/passwd", "secret-link.svg", "pictures/secret.svg", "highway",
     "reboot", "nope", "C:\\x.svg", "http://evil.example/x.svg", "", "   "]))
YAML_SNIPPETS = st.sampled_from([
    "!!python/object/apply:os.system ['echo hacked']", "!!python/name:os.system", "!custom value", "&a x", "*a",
    "[unclosed", "{a: 1", "'quote", "- list", "key: value: more", "\t tab", "%YAML 1.1", "--- !!map", "? complex",
    "<<: *base", "!!binary aGVsbG8=", "!!timestamp 2001-12-14", "!!set {a, b}", "!!omap [a: 1]",
])


def front_matter() -> st.SearchStrategy[str]:
    dumped = st.dictionaries(FIELD_NAMES, FIELD_VALUES, max_size=5).map(
        lambda fields: yaml.safe_dump(fields, allow_unicode=True, default_flow_style=None))
    raw = st.lists(st.one_of(YAML_SNIPPETS, FIELD_NAMES.map(lambda name: f"{name}: "), st.text(max_size=30)),
                   max_size=6).map("\n".join)
    return st.one_of(dumped, raw, st.builds(lambda a, b: a + b, dumped, raw))


@settings(FUZZ, max_examples=200)
@given(pages=st.lists(st.tuples(st.sampled_from(["01-first.md", "02-second.md", "3-third.md", "bad name.md",
                                                 "04-UPPER.md", "05-dup.md", "5-dup.md"]),
                                front_matter(), markdown_text(), st.booleans()), max_size=4))
def test_any_pages_give_pages_and_problems(pages: list[tuple[str, str, str, bool]]) -> None:
    with content_folder() as (root, decoy):
        for name, fields, body, closed in pages:
            text = f"---\n{fields}\n---\n{body}\n" if closed else f"---\n{fields}\n{body}"
            (root / "en" / name).write_text(text, encoding="utf-8")
        bundle = load_and_check(root, decoy)
        assert "fr" not in bundle.languages, "a language folder that leads outside is ignored"


CHECKLIST_KEYS = st.sampled_from(["title", "intro", "disclaimer", "questions", "groups", "id", "text", "heading",
                                  "items", "always", "extra"])
CHECKLISTS = st.recursive(
    SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(CHECKLIST_KEYS, inner, max_size=5)),
    max_leaves=25)


@settings(FUZZ, max_examples=200)
@given(checklist=st.one_of(CHECKLISTS.map(lambda data: yaml.safe_dump(data, allow_unicode=True)),
                           st.lists(st.one_of(YAML_SNIPPETS, st.text(max_size=30)), max_size=8).map("\n".join)),
       ui=st.one_of(st.dictionaries(st.sampled_from(["language_name", "home_title", "next_page", "idle_countdown",
                                                     "unknown"]), SCALARS, max_size=4)
                    .map(lambda data: yaml.safe_dump(data, allow_unicode=True)),
                    st.lists(st.one_of(YAML_SNIPPETS, st.text(max_size=30)), max_size=6).map("\n".join)))
def test_any_checklist_and_interface_words_give_problems_not_errors(checklist: str, ui: str) -> None:
    with content_folder() as (root, decoy):
        (root / "en" / "01-first.md").write_text("---\ntitle: First\n---\nWords.\n", encoding="utf-8")
        (root / "en" / "checklist.yaml").write_text(checklist, encoding="utf-8")
        (root / "es").mkdir()
        (root / "es" / "01-first.md").write_text("---\ntitle: Primero\n---\nPalabras.\n", encoding="utf-8")
        (root / "es" / "ui.yaml").write_text(ui, encoding="utf-8")
        load_and_check(root, decoy)


@settings(FUZZ, max_examples=150)
@given(page=st.binary(max_size=600), checklist=st.binary(max_size=300), ui=st.binary(max_size=300),
       bom=st.booleans())
def test_raw_bytes_give_problems_not_errors(page: bytes, checklist: bytes, ui: bytes, bom: bool) -> None:
    prefix = b"\xef\xbb\xbf" if bom else b""
    with content_folder() as (root, decoy):
        (root / "en" / "01-bytes.md").write_bytes(prefix + page)
        (root / "en" / "02-front.md").write_bytes(b"---\ntitle: " + page[:80] + b"\n---\n" + page[80:])
        (root / "en" / "checklist.yaml").write_bytes(prefix + checklist)
        (root / "en" / "ui.yaml").write_bytes(ui)
        load_and_check(root, decoy)


# -- YAML's dangerous cases and huge files, one by one -----------------------------------

BILLION_LAUGHS = "\n".join(["a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"]
                           + [f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]"
                              for i in range(9)])
DEEP_FLOW = "x: " + "[" * 100_000 + "]" * 100_000
DEEP_BLOCK = "".join(" " * depth + f"k{depth}:\n" for depth in range(1000)) + " " * 1000 + "k: v\n"  # 0.5 MB
TAGS = {
    "python object": "title: !!python/object/apply:os.system ['touch {marker}']",
    "python name": "title: !!python/name:os.system",
    "python module": "title: !!python/module:os",
    "custom tag": "title: !kiosk/evil {{a: 1}}",
}


@contextmanager
def bounded_memory(limit_mb: float) -> Iterator[None]:
    """Fails when the code inside allocates more than ``limit_mb`` at its peak (Python objects)."""
    tracemalloc.start()
    try:
        yield
        peak = tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()
    assert peak < limit_mb, f"{peak:.0f} MB at the peak"


def problems_of(bundle: ContentBundle, file: str) -> list[ContentProblem]:
    return [p for p in bundle.problems if p.file == file and p.severity is Severity.ERROR]


@pytest.mark.parametrize("kind", sorted(TAGS))
@pytest.mark.parametrize("where", ["page", "checklist", "ui"])
def test_tags_that_would_make_objects_are_refused(kind: str, where: str) -> None:
    with content_folder() as (root, decoy):
        marker = root.parent / "hacked"
        line = TAGS[kind].format(marker=marker)
        target = {"page": "en/01-first.md", "checklist": "en/checklist.yaml", "ui": "en/ui.yaml"}[where]
        (root / "en" / "01-first.md").write_text("---\ntitle: First\n---\nWords.\n", encoding="utf-8")
        if where == "page":
            (root / target).write_text(f"---\n{line}\n---\nWords.\n", encoding="utf-8")
        else:
            (root / target).write_text(line.replace("title", "language_name") + "\n", encoding="utf-8")
        bundle = load_and_check(root, decoy)
        found = problems_of(bundle, target)
        assert found, f"no problem for {target}: {bundle.problems}"
        assert "tag" in found[0].message and found[0].line == (2 if where == "page" else 1), found[0]
        assert not marker.exists(), "the YAML ran a command"
        assert not bundle.usable


@pytest.mark.parametrize("where", ["page", "checklist", "ui"])
def test_an_alias_bomb_is_refused_at_its_first_alias(where: str) -> None:
    with content_folder() as (root, decoy):
        (root / "en" / "01-first.md").write_text("---\ntitle: First\n---\nWords.\n", encoding="utf-8")
        target = {"page": "en/01-first.md", "checklist": "en/checklist.yaml", "ui": "en/ui.yaml"}[where]
        text = f"---\ntitle: x\n{BILLION_LAUGHS}\n---\nWords.\n" if where == "page" else BILLION_LAUGHS + "\n"
        (root / target).write_text(text, encoding="utf-8")
        with bounded_memory(16):
            bundle = load_and_check(root, decoy)
        found = problems_of(bundle, target)
        assert found and "aliases" in found[0].message, bundle.problems
        first_alias = next(n for n, line in enumerate(text.split("\n"), start=1) if "*a" in line)
        assert found[0].line == first_alias


@pytest.mark.parametrize("nesting", [DEEP_FLOW, DEEP_BLOCK], ids=["flow", "block"])
@pytest.mark.parametrize("where", ["page", "checklist"])
def test_very_deep_nesting_is_refused(nesting: str, where: str) -> None:
    with content_folder() as (root, decoy):
        target = {"page": "en/01-first.md", "checklist": "en/checklist.yaml"}[where]
        text = f"---\ntitle: x\n{nesting}\n---\nWords.\n" if where == "page" else nesting
        if where == "checklist":
            (root / "en" / "01-first.md").write_text("---\ntitle: First\n---\nWords.\n", encoding="utf-8")
        (root / target).write_text(text, encoding="utf-8")
        with bounded_memory(64):
            bundle = load_and_check(root, decoy)
        found = problems_of(bundle, target)
        assert found and "nested more than" in found[0].message, bundle.problems


@pytest.mark.parametrize("name", ["01-huge.md", "checklist.yaml", "ui.yaml"])
def test_a_10_mb_file_is_not_read(name: str) -> None:
    with content_folder() as (root, decoy):
        (root / "en" / "02-small.md").write_text("---\ntitle: Small\n---\nWords.\n", encoding="utf-8")
        huge = root / "en" / name
        with huge.open("w", encoding="utf-8") as out:
            out.write("---\ntitle: Huge\n---\n")
            line = "All work and no play makes a very long page. " * 20 + "\n"
            while out.tell() < 10 * 2**20:
                out.write(line)
        with bounded_memory(8), OPEN_RECORDER.recording() as opened:
            bundle = load_content(root)
        assert huge.resolve() not in {Path(os.path.abspath(path)).resolve() for path in opened}, "it was opened"
        found = problems_of(bundle, f"en/{name}")
        assert found and "too big" in found[0].message, bundle.problems


# -- what the fuzzing found ------------------------------------------------------------


@pytest.mark.parametrize("body", [
    "".join("  " * depth + "- item\n" for depth in range(700)),  # RecursionError after seconds
    "".join("   " * depth + "1. item\n" for depth in range(400)),  # RecursionError
    "".join("> " * depth + "- item\n" for depth in range(700)),  # seconds per page
    "1. " * 2000,  # RecursionError, with no words to see
], ids=["nested-lists", "nested-numbered", "quoted-lists", "numbers-only"])
def test_markdown_nested_too_deep_is_a_problem_not_a_crash(body: str) -> None:
    with content_folder() as (root, decoy):
        (root / "en" / "01-deep.md").write_text(f"---\ntitle: Deep\n---\n{body}", encoding="utf-8")
        bundle = load_and_check(root, decoy)
        found = problems_of(bundle, "en/01-deep.md")
        assert found and ("nested too deep" in found[0].message or "cannot be read" in found[0].message), found
        assert found[0].line is not None and found[0].line >= 4


def test_thousands_of_brackets_are_a_problem_not_an_hour_of_work() -> None:
    # Python-Markdown matches '[' in quadratic time: 50,000 of them took many minutes.
    with content_folder() as (root, decoy):
        (root / "en" / "01-brackets.md").write_text("---\ntitle: B\n---\n" + "[" * 50_000 + "x", encoding="utf-8")
        bundle = load_and_check(root, decoy)
        found = problems_of(bundle, "en/01-brackets.md")
        assert found and "'[' signs" in found[0].message and found[0].line == 4


def test_a_few_links_and_ordinary_nesting_still_render() -> None:
    body = "\n".join([f"[link {n}](first) and ![a](crps-limb.svg)" for n in range(300)]
                     + ["- a", "    - b", "        - c", "> quote", "> > quote", "1. one", "    1. two"])
    rendered = render_markdown(body, {"first": "first"}.get, lambda name: paths.illustrations_dir() / name)
    assert not [issue for issue in rendered.issues if issue.severity is Severity.ERROR]
    assert rendered.html.count('href="page:first"') == 300
    assert_nothing_live(rendered.html, rendered.images)


def test_an_svg_bomb_picture_is_refused() -> None:
    entities = '<!ENTITY l0 "lol">' + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    svg = f'<?xml version="1.0"?><!DOCTYPE svg [{entities}]><svg xmlns="http://www.w3.org/2000/svg"><text>&l9;</text></svg>'
    with content_folder() as (root, decoy):
        (root / "en" / "bomb.svg").write_text(svg, encoding="utf-8")
        (root / "en" / "01-first.md").write_text("---\ntitle: First\nillustration: bomb.svg\nalt: A bomb.\n---\nWords.\n",
                                                 encoding="utf-8")
        with bounded_memory(32):
            bundle = load_and_check(root, decoy)
        found = problems_of(bundle, "en/01-first.md")
        assert found and "bomb.svg" in found[0].message, bundle.problems


@pytest.mark.parametrize("value", ["!!timestamp x", "!!int abc", "!!float abc", "!!bool maybe",
                                   "!!timestamp 2001-13-45"])
@pytest.mark.parametrize("where", ["page", "checklist", "ui"])
def test_a_typed_value_that_is_not_of_its_type_is_a_problem_not_a_crash(value: str, where: str) -> None:
    # Found by hypothesis: PyYAML raised AttributeError ('!!timestamp x'), KeyError or ValueError
    # out of the loader, which would have stopped the kiosk at start-up.
    with content_folder() as (root, decoy):
        (root / "en" / "01-first.md").write_text("---\ntitle: First\n---\nWords.\n", encoding="utf-8")
        target = {"page": "en/01-first.md", "checklist": "en/checklist.yaml", "ui": "en/ui.yaml"}[where]
        key = {"page": "title", "checklist": "title", "ui": "language_name"}[where]
        text = f"---\n{key}: {value}\n---\nWords.\n" if where == "page" else f"{key}: {value}\n"
        (root / target).write_text(text, encoding="utf-8")
        bundle = load_and_check(root, decoy)
        found = problems_of(bundle, target)
        assert found and "cannot be read" in found[0].message, bundle.problems
        assert found[0].line == (2 if where == "page" else 1)
