"""The loader turns a folder into pages plus plain-words problems, and never raises.

These tests use no QApplication: the content layer is pure Python.
"""

from __future__ import annotations

import os
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers import OPEN_RECORDER
from kiosk import paths
from kiosk.content.loader import load_content
from kiosk.content.model import Severity

UI = "language_name: English\nback_to_topics: Back to topics\n"
GOOD_PAGE = "---\ntitle: {title}\nillustration: crps-limb.svg\nalt: A person.\n---\nSome words about {title}.\n"


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def live_tags(html: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The real tags (not escaped text) in ``html``, with their attributes."""
    found: list[tuple[str, list[tuple[str, str]]]] = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, [(k, v or "") for k, v in attrs]))

    Parser().feed(html)
    return found


def messages_for(bundle, file: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.message for p in bundle.problems if p.file == file]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    for name in ("ui.yaml", "checklist.yaml"):
        write(root, f"en/{name}", (paths.bundled_content_dir() / "en" / name).read_text(encoding="utf-8"))
    return root


def test_pages_are_ordered_by_the_number_in_their_file_name(content: Path) -> None:
    for name in ("10-last.md", "2-second.md", "01-first.md"):
        write(content, f"en/{name}", GOOD_PAGE.format(title=name))
    bundle = load_content(content)
    assert [s.slug for s in bundle.languages["en"].sections] == ["first", "second", "last"]
    assert bundle.problems == ()
    assert bundle.usable


def test_tile_label_falls_back_to_the_title(content: Path) -> None:
    write(content, "en/01-a.md", GOOD_PAGE.format(title="What is CRPS?"))
    section = load_content(content).languages["en"].sections[0]
    assert section.tile == "What is CRPS?"
    assert section.illustration == paths.illustrations_dir() / "crps-limb.svg"


def test_a_missing_title_is_an_error_with_file_and_line(content: Path) -> None:
    write(content, "en/01-a.md", "---\ntile: A\n---\nWords.\n")
    bundle = load_content(content)
    [problem] = bundle.errors
    assert (problem.file, problem.line) == ("en/01-a.md", 2)
    assert "no title" in problem.message
    assert not bundle.usable


def test_broken_yaml_points_at_its_line(content: Path) -> None:
    write(content, "en/01-a.md", "---\ntitle: Fine\ntile: [not closed\nalt: x\n---\nWords.\n")
    [problem] = load_content(content).errors
    assert problem.file == "en/01-a.md"
    assert problem.line in (3, 4)
    assert "the [ that starts a list here is never closed" in problem.message


def test_text_that_is_not_utf8_names_the_line(content: Path) -> None:
    write(content, "en/01-a.md", "---\ntitle: Caf\u00e9\n---\nLine one.\nPain is na\u00efve.\n".encode("latin-1"))
    [problem] = load_content(content).errors
    assert problem.line == 2
    assert "UTF-8" in problem.message


def test_an_unknown_field_is_a_warning_and_the_page_still_loads(content: Path) -> None:
    write(content, "en/01-a.md", "---\ntitle: A\ntitel: B\nillustration: crps-limb.svg\nalt: x\n---\nWords.\n")
    bundle = load_content(content)
    assert bundle.usable
    [problem] = bundle.warnings
    assert problem.line == 3 and "titel" in problem.message


def test_a_missing_picture_is_an_error(content: Path) -> None:
    write(content, "en/01-a.md", "---\ntitle: A\nillustration: nowhere.svg\n---\nWords.\n")
    [problem] = load_content(content).errors
    assert "nowhere.svg" in problem.message and problem.line == 3


def test_a_broken_svg_picture_is_an_error(content: Path) -> None:
    write(content, "pictures/broken.svg", "<svg><g></svg>")
    write(content, "en/01-a.md", "---\ntitle: A\nillustration: broken.svg\nalt: x\n---\nWords.\n")
    [problem] = load_content(content).errors
    assert "broken" in problem.message


def test_staff_pictures_come_from_the_content_folder(content: Path) -> None:
    svg = (paths.illustrations_dir() / "crps-limb.svg").read_text(encoding="utf-8")
    write(content, "pictures/clinic.svg", svg)
    write(content, "en/01-a.md", "---\ntitle: A\nillustration: clinic.svg\nalt: x\n---\n![Our clinic](clinic.svg)\n")
    bundle = load_content(content)
    section = bundle.languages["en"].sections[0]
    assert bundle.problems == ()
    assert section.illustration == content.resolve() / "pictures" / "clinic.svg"
    assert list(section.images.values()) == [content.resolve() / "pictures" / "clinic.svg"]


def test_unknown_analogy_is_an_error(content: Path) -> None:
    write(content, "en/01-a.md", "---\ntitle: A\nanalogy: rocket\n---\nWords.\n")
    [problem] = load_content(content).errors
    assert "rocket" in problem.message


def test_two_pages_with_the_same_name_are_an_error(content: Path) -> None:
    write(content, "en/01-same.md", GOOD_PAGE.format(title="A"))
    write(content, "en/02-same.md", GOOD_PAGE.format(title="B"))
    bundle = load_content(content)
    assert any("same name" in p.message for p in bundle.errors)


def test_a_missing_interface_string_in_english_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "en/ui.yaml", UI)
    write(tmp_path, "en/01-a.md", GOOD_PAGE.format(title="A"))
    bundle = load_content(tmp_path)
    assert any("'next_page' is missing" in p.message and p.file == "en/ui.yaml" for p in bundle.errors)


def test_a_placeholder_the_kiosk_does_not_fill_is_an_error(content: Path) -> None:
    text = (content / "en/ui.yaml").read_text(encoding="utf-8").replace("Next: {title}", "Next: {titel}")
    write(content, "en/ui.yaml", text)
    write(content, "en/01-a.md", GOOD_PAGE.format(title="A"))
    assert any("{titel}" in p.message for p in load_content(content).errors)


def test_a_second_language_missing_a_page_or_words_is_reported(content: Path) -> None:
    write(content, "en/01-a.md", GOOD_PAGE.format(title="A"))
    write(content, "en/02-b.md", GOOD_PAGE.format(title="B"))
    write(content, "xx/ui.yaml", "language_name: Xish\nback_to_topics: Xback\n")
    write(content, "xx/01-a.md", GOOD_PAGE.format(title="XA"))
    bundle = load_content(content)
    assert any(p.file == "xx/02-b.md" and "this page is missing: en/02-b.md" in p.message for p in bundle.errors)
    assert any(p.file == "xx/ui.yaml" and p.severity is Severity.WARNING for p in bundle.problems)
    xx = bundle.languages["xx"]
    assert xx.name == "Xish"
    assert xx.text("back_to_topics") == "Xback"
    assert xx.text("previous_page") == "Previous", "a missing string falls back to English"


def test_a_folder_that_does_not_exist_is_one_problem(tmp_path: Path) -> None:
    bundle = load_content(tmp_path / "nope")
    assert not bundle.usable
    assert len(bundle.problems) == 1


def test_hostile_content_loads_lists_each_problem_and_reads_nothing_outside(tmp_path: Path) -> None:
    root = tmp_path / "content"
    decoy = write(tmp_path, "secret.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>")
    write(tmp_path, "outside.md", "---\ntitle: Secret\n---\nSecret words.\n")
    for name in ("ui.yaml", "checklist.yaml"):
        write(root, f"en/{name}", (paths.bundled_content_dir() / "en" / name).read_text(encoding="utf-8"))
    write(root, "en/01-fine.md", GOOD_PAGE.format(title="Fine"))
    write(root, "en/02-script.md", (
        "---\ntitle: Tricks\nillustration: crps-limb.svg\nalt: x\n---\n"
        "<script>alert('hi')</script>\n\n"
        "<iframe src='https://evil.example'></iframe>\n\n"
        "Hello <img src=x onerror=alert(1)> and <a href='javascript:alert(2)'>raw link</a>.\n\n"
        "[click me](javascript:alert(3)) and [a file](file:///etc/passwd)\n\n"
        "![remote](https://evil.example/track.png)\n\n"
        "![up](../secret.svg)\n\n"
        "![absolute](" + str(decoy) + ")\n\n"
        "![data](data:image/png;base64,AAAA)\n\n"
        "[outside](../outside.md)\n"
    ))
    write(root, "en/03-broken-yaml.md", "---\ntitle: [oops\n---\nWords.\n")
    write(root, "en/04-latin1.md", "---\ntitle: Caf\u00e9\n---\nWords.\n".encode("latin-1"))
    write(root, "en/05-empty.md", "")
    write(root, "en/06-no-front-matter.md", "Just words, no fields.\n")
    write(root, "en/07-alias-bomb.md", "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a]\n"
                                        "title: *b\n---\nWords.\n")
    write(root, "en/08-python-tag.md", "---\ntitle: !!python/object/apply:os.system ['echo pwned']\n---\nW\n")
    write(root, "en/09-deep.md", "---\ntitle: " + "[" * 200 + "]" * 200 + "\n---\nWords.\n")
    os.symlink(tmp_path / "outside.md", root / "en" / "10-link-out.md")
    write(root, "en/11-huge.md", "---\ntitle: Big\n---\n" + "word " * 300_000)

    with OPEN_RECORDER.recording() as opened:
        bundle = load_content(root)

    allowed = (root.resolve(), paths.assets_dir().resolve())
    outside = [p for p in opened if p.is_absolute() and not p.resolve().is_relative_to(allowed[0])
               and not p.resolve().is_relative_to(allowed[1]) and p.suffix in (".md", ".svg", ".yaml")]
    assert outside == [], f"files outside the content folder were opened: {outside}"

    files_with_problems = {p.file for p in bundle.errors}
    for name in ("02-script", "03-broken-yaml", "04-latin1", "05-empty", "06-no-front-matter",
                 "07-alias-bomb", "08-python-tag", "09-deep", "10-link-out", "11-huge"):
        assert f"en/{name}.md" in files_with_problems, f"{name} has no problem listed"
    assert "en/01-fine.md" not in files_with_problems
    assert not bundle.usable

    tricks = bundle.languages["en"].section("script")
    assert tricks is not None
    tags = live_tags(tricks.html)
    assert {tag for tag, _ in tags} <= {"p", "span", "a", "img", "em", "strong", "h2", "ul", "li"}
    for tag, attributes in tags:
        for name, value in attributes:
            assert not name.startswith("on"), f"event handler {name} on <{tag}>"
            if name == "href":
                assert value.startswith("page:"), f"link to {value} survived"
            if name == "src":
                assert value.startswith("img:"), f"picture from {value} survived"
    assert "&lt;script&gt;" in tricks.html, "raw HTML is shown as text"
    assert list(tricks.images) == [], "no picture from outside the folder is kept"
    script_messages = messages_for(bundle, "en/02-script.md")
    assert any("'javascript:' links are not allowed" in m for m in script_messages)
    assert any("never loaded" in m for m in script_messages)
    assert any("outside the content folder" in m for m in script_messages)
