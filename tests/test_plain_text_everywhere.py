"""Every word from the content folder reaches the screen as plain text (issue 13, problem 1).

The rule, not a list of labels: hostile words are put into every key of every ui.yaml
and checklist.yaml (and every page's title, tile and picture description), then every
screen of the kiosk is visited in every language, and every widget on it is looked at.
A label whose text format is not plain, a button that would turn '&' into a shortcut, a
tooltip Qt would read as rich text, or a text view other than the page body, fails.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
# Rich text would draw these as a picture, a link and bold words; plain text shows them as typed.
# (The picture is a harmless name: if a label ever did read it as HTML, nothing is opened.)
HOSTILE = '<img src="probe-13.png"><a href="file:///etc/passwd">link</a><b>Q&A</b> '
TEXT_KEYS = {"title", "intro", "disclaimer", "heading", "text"}


def poisoned(value: str) -> str:
    return HOSTILE + value


def poison_checklist(data: object) -> object:
    if isinstance(data, dict):
        return {key: poisoned(value) if key in TEXT_KEYS and isinstance(value, str) else poison_checklist(value)
                for key, value in data.items()}
    if isinstance(data, list):
        return [poison_checklist(item) for item in data]
    return data


def hostile_content(folder: Path) -> Path:
    root = folder / "content"
    shutil.copytree(ROOT / "content", root)
    for language in (p for p in root.iterdir() if p.is_dir()):
        ui = yaml.safe_load((language / "ui.yaml").read_text(encoding="utf-8"))
        ui = {key: poisoned(value) for key, value in ui.items()}
        (language / "ui.yaml").write_text(yaml.safe_dump(ui, allow_unicode=True), encoding="utf-8")
        checklist = yaml.safe_load((language / "checklist.yaml").read_text(encoding="utf-8"))
        (language / "checklist.yaml").write_text(yaml.safe_dump(poison_checklist(checklist), allow_unicode=True),
                                                 encoding="utf-8")
        for page in language.glob("*.md"):
            text = page.read_text(encoding="utf-8")
            text = re.sub(r"^(title|tile|alt): (.*)$", lambda m: f"{m[1]}: {json.dumps(poisoned(m[2]), ensure_ascii=False)}",
                          text, count=3, flags=re.MULTILINE)
            page.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def content_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile_content(tmp_path_factory.mktemp("plain"))


@pytest.fixture
def window(qtbot, content_dir: Path) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from kiosk.app import create_kiosk, startup_content
    from kiosk.config import Config

    config = Config(content_dir=content_dir, fullscreen=False, speech_engine="mock", staff_pin_hash="")
    content = startup_content(config)
    assert not content.status.fell_back, [str(p) for p in content.status.problems if p.severity.value == "error"]
    made = create_kiosk(config, content, watch_content=False)
    qtbot.addWidget(made)
    made.resize(1280, 800)
    made.show()
    qtbot.waitExposed(made)
    yield made


def violations(root) -> list[str]:  # type: ignore[no-untyped-def]
    """What on ``root`` (and every widget inside it) could show content words as anything but plain text."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractButton, QLabel, QTextEdit, QWidget

    from kiosk.ui.section import PageText

    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        name = f"{type(widget).__name__}({widget.objectName() or '-'})"
        if isinstance(widget, QLabel) and widget.textFormat() != Qt.TextFormat.PlainText:
            found.append(f"{name} lets Qt guess rich text: {widget.text()[:60]!r}")
        if isinstance(widget, QAbstractButton) and "&" in widget.text().replace("&&", ""):
            found.append(f"{name} turns '&' into a shortcut: {widget.text()[:60]!r}")
        if isinstance(widget, QTextEdit) and not isinstance(widget, PageText):
            found.append(f"{name} is a rich-text view that is not the page body")
        tip = widget.toolTip()
        if tip and Qt.mightBeRichText(tip):
            found.append(f"{name} has a tooltip Qt would read as rich text: {tip[:60]!r}")
    return found


def hostile_words_shown(root) -> int:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

    return sum(1 for w in root.findChildren(QWidget) if isinstance(w, (QLabel, QAbstractButton))
               and w.isVisible() and "<img" in w.text())


def test_hostile_words_load_without_problems(content_dir: Path) -> None:
    from kiosk.content.loader import load_content

    bundle = load_content(content_dir)
    assert bundle.usable, [str(p) for p in bundle.errors]
    english = bundle.languages["en"]
    assert english.text("home_title").startswith("<img")
    assert english.sections[0].title.startswith("<img")


def test_every_label_and_button_of_every_screen_is_plain_text(window) -> None:  # type: ignore[no-untyped-def]
    from kiosk.ui.tour import tour

    problems: dict[str, list[str]] = {}
    seen_words = 0
    for screen in tour(window):
        found = violations(window)
        if found:
            problems[screen] = found
        seen_words += hostile_words_shown(window)
    for screen, extra in extra_screens(window):
        found = violations(window) + [v for widget in extra for v in violations(widget)]
        if found:
            problems[screen] = found
    assert seen_words > 100, "the hostile words did not reach the screen; the test tests nothing"
    assert not problems, "\n".join(f"{screen}: {found[:5]}" for screen, found in problems.items())


def extra_screens(window) -> Iterator[tuple[str, list[object]]]:  # type: ignore[no-untyped-def]
    """The screens the tour does not visit: the idle overlay, the waiting screen, the staff
    keypad and panel (which lists content problems, in words staff wrote)."""
    for code in list(window.bundle.languages):
        window.set_language(code)
        window.show_home()
        window.idle.warn_now()
        yield f"{code}-idle", [window.idle_overlay]
        window.idle_overlay.hide()
        window.show_attract()
        yield f"{code}-attract", [window.attract]
        window.show_home()
    window.keypad.open()
    yield "keypad", [window.keypad]
    window.keypad.hide()
    window.show_staff_panel()
    yield "staff", [window.staff_panel]


def test_labels_are_made_in_one_place_only() -> None:
    """The factory is the one way to make a label, so a new screen cannot forget the rule:
    no module of kiosk/ui/ but widgets.py makes a QLabel or sets a text format, and only
    the page body is a rich-text view."""
    allowed = {"QLabel(": {"widgets.py"}, "setTextFormat(": {"widgets.py"}, "QTextBrowser(": set(),
               "QTextEdit(": set(), "setToolTip(": set(),
               # the page body (safe Markdown renderer) and the printout (every word html.escape'd)
               "setHtml(": {"page_text.py", "printing.py"}}
    found = []
    for path in sorted((ROOT / "kiosk" / "ui").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for needle, files in allowed.items():
            for line_number, line in enumerate(source.splitlines(), start=1):
                if needle in line and path.name not in files and not line.lstrip().startswith(("class ", "#")):
                    found.append(f"{path.relative_to(ROOT)}:{line_number}: {line.strip()}")
    assert not found, "\n".join(found)
