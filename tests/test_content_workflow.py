"""Staff keep the content true: live reload, ``kiosk check``, and more languages."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QTextBrowser

from helpers import find_button, tap
from kiosk import paths
from kiosk.app import create_kiosk
from kiosk.config import Config
from kiosk.content.loader import load_content

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(paths.bundled_content_dir(), root)
    return root


@pytest.fixture
def live_kiosk(qtbot, content: Path):  # type: ignore[no-untyped-def]
    window = create_kiosk(Config(content_dir=content, fullscreen=False), watch_content=True)
    assert window.content.watcher is not None
    window.content.watcher._debounce.setInterval(50)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    return window


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_an_edited_page_shows_its_new_words(qtbot, live_kiosk, content: Path) -> None:
    window = live_kiosk
    window.show_section("what-is-ketamine")
    with qtbot.waitSignal(window.content_changed, timeout=10_000) as changed:
        edit(content / "en" / "04-what-is-ketamine.md", "title: What is ketamine?", "title: About ketamine")
    assert changed.args == [True]
    assert window.page.title.text() == "About ketamine", "the reader stays on the updated page"
    assert window.session.page == "what-is-ketamine"


def test_a_broken_file_keeps_the_old_words_and_lists_the_problem(qtbot, live_kiosk, content: Path) -> None:
    window = live_kiosk
    with qtbot.waitSignal(window.content_changed, timeout=10_000) as changed:
        edit(content / "en" / "01-what-is-crps.md", "title: What is CRPS?", "title: [What is CRPS?")
    assert changed.args == [False]
    assert window.home.tiles[0].accessibleName() == "What is CRPS?"
    problems = [str(p) for p in window.content.status.problems]
    assert any(p.startswith("en/01-what-is-crps.md:2") for p in problems), problems
    window.show_staff_panel()
    assert "en/01-what-is-crps.md:2" in window.staff_panel.problems.text()
    with qtbot.waitSignal(window.content_changed, timeout=10_000) as fixed:
        edit(content / "en" / "01-what-is-crps.md", "title: [What is CRPS?", "title: CRPS explained")
    assert fixed.args == [True]
    assert window.home.tiles[0].accessibleName() == "What is CRPS?", "the tile label did not change"
    window.show_section("what-is-crps")
    assert window.page.title.text() == "CRPS explained"


def test_a_rename_save_is_picked_up(qtbot, live_kiosk, content: Path) -> None:
    window = live_kiosk
    target = content / "en" / "ui.yaml"
    temporary = content / "en" / ".ui.yaml.swp"
    temporary.write_text(target.read_text(encoding="utf-8").replace(
        "home_title: Learn about CRPS and ketamine", "home_title: Welcome to our clinic"), encoding="utf-8")
    with qtbot.waitSignal(window.content_changed, timeout=10_000):
        os.replace(temporary, target)
    assert window.home._title.text() == "Welcome to our clinic"
    with qtbot.waitSignal(window.content_changed, timeout=10_000):
        edit(target, "Welcome to our clinic", "Welcome again")
    assert window.home._title.text() == "Welcome again", "the watcher was re-armed after the rename"


def test_deleting_the_page_being_read_takes_the_visitor_home(qtbot, live_kiosk, content: Path) -> None:
    window = live_kiosk
    window.show_section("what-research-says")
    with qtbot.waitSignal(window.content_changed, timeout=10_000) as changed:
        (content / "es" / "10-what-research-says.md").unlink()
        (content / "en" / "10-what-research-says.md").unlink()
    assert changed.args == [True]
    assert window.stack.currentWidget() is window.home
    assert "What research says" not in [tile.accessibleName() for tile in window.home.tiles]


def test_a_new_language_folder_appears_without_code_changes(qtbot, live_kiosk, content: Path) -> None:
    window = live_kiosk
    with qtbot.waitSignal(window.content_changed, timeout=10_000):
        folder = content / "fr"
        folder.mkdir()
        # (the Spanish words stand in for a translation: English words would be reported untranslated)
        for name in ("ui.yaml", "checklist.yaml", *(p.name for p in (content / "es").glob("*.md"))):
            shutil.copy(content / "es" / name, folder / name)
        edit(folder / "ui.yaml", "language_name: Español", "language_name: Français")
    qtbot.waitUntil(lambda: "fr" in window.bundle.languages, timeout=10_000)
    tap(qtbot, find_button(window.access_bar, "Français"))
    assert window.session.language == "fr"


def visible_texts(widget) -> list[str]:  # type: ignore[no-untyped-def]
    texts = []
    for label in widget.findChildren(QLabel):
        if label.isVisible() and label.text().strip():
            texts.append(label.text().strip())
    for button in widget.findChildren(QAbstractButton):
        if button.isVisible() and button.accessibleName():
            texts.append(button.accessibleName())
    for browser in widget.findChildren(QTextBrowser):
        if browser.isVisible():
            texts.extend(line.strip() for line in browser.toPlainText().splitlines() if line.strip())
    return texts


def test_every_spanish_screen_has_no_english_left(qtbot, kiosk) -> None:
    bundle = kiosk.bundle
    english = bundle.languages["en"]
    english_words = set(english.strings.values()) | {s.title for s in english.sections} | {
        s.tile for s in english.sections} | {line for s in english.sections for line in s.text.splitlines()}
    checklist = english.checklist
    english_words |= {item.text for item in checklist.items} | {q.text for q in checklist.questions}
    english_words |= {checklist.title, checklist.intro, checklist.disclaimer}
    names = {language.name for language in bundle.languages.values()}
    kiosk.set_language("es")
    screens = [kiosk.show_home, kiosk.show_checklist, kiosk.show_questions]
    screens += [lambda slug=s.slug: kiosk.show_section(slug) for s in bundle.languages["es"].sections]
    for show in screens:
        show()
        leftovers = [text for text in visible_texts(kiosk.stack.currentWidget())
                     if text in english_words and text not in names]
        assert leftovers == [], f"{kiosk.session.screen}: English left: {leftovers}"


def run_check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk", "check", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


CLINIC_DETAILS = ("clinic_name", "clinic_phone", "after_hours_phone", "emergency_number", "ask_in_person")


def test_check_on_the_bundled_content_only_asks_for_the_clinic_details() -> None:
    result = run_check()
    assert result.returncode == 0, result.stdout
    *warnings, summary = result.stdout.strip().splitlines()
    assert "0 errors, 5 warnings; ready to use" in summary
    assert "English (en), Español (es)" in summary
    clinic_file = (ROOT / "content" / "clinic.yaml").read_text(encoding="utf-8").splitlines()
    for name, warning in zip(CLINIC_DETAILS, warnings, strict=True):
        where, _, message = warning.partition(": warning, does not stop the update: ")
        assert where.startswith("clinic.yaml:")
        assert clinic_file[int(where.split(":")[1]) - 1] == f"{name}:", "the line is the empty detail"
        assert message.startswith(f"{name} (") and "is empty, so patients read" in message
    assert 'clinic_phone (the phone number patients call with questions) is empty, so patients read ' \
           '"your clinic" instead' in result.stdout
    assert '"your local emergency number"' in result.stdout


def test_check_is_clean_once_the_clinic_fills_in_its_details(content: Path) -> None:
    (content / "clinic.yaml").write_text(
        "clinic_name: Riverside Pain Clinic\nclinic_phone: 555-0100\nafter_hours_phone: 555-0199\n"
        "emergency_number: 911\nask_in_person:\n  en: the front desk\n  es: el personal de recepción\n",
        encoding="utf-8")
    result = run_check(str(content))
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().splitlines() == [result.stdout.strip()], result.stdout
    assert "0 errors, 0 warnings; ready to use" in result.stdout


def test_check_names_the_language_a_clinic_detail_is_missing_in(content: Path) -> None:
    (content / "clinic.yaml").write_text(
        "clinic_name: Riverside Pain Clinic\nclinic_phone: 555-0100\nafter_hours_phone: 555-0199\n"
        "emergency_number: 911\nask_in_person:\n  en: the front desk\n", encoding="utf-8")
    result = run_check(str(content))
    assert result.returncode == 0
    assert ('clinic.yaml:5: warning, does not stop the update: ask_in_person has no words for Español (es): those patients read '
            '"alguien del personal" instead') in result.stdout


def test_check_lists_each_problem_with_file_and_line(content: Path) -> None:
    edit(content / "en" / "03-causes-and-outlook.md", "title: Causes and outlook", "title: [Causes")
    edit(content / "es" / "02-signs-and-symptoms.md", "illustration: crps-symptoms.svg", "illustration: nope.svg")
    (content / "es" / "05-blocks-pain-signals.md").unlink()
    page = content / "en" / "09-possible-benefits.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nRead more at https://example.org.\n\n"
                    + "Notwithstanding considerable methodological heterogeneity, investigators "
                    "characterized multidimensional improvements comprehensively. " * 60, encoding="utf-8")
    result = run_check(str(content))
    assert result.returncode == 1
    out = result.stdout
    assert "en/03-causes-and-outlook.md:2: error, stops the update: line 2: the [ that starts a list" in out
    assert "es/02-signs-and-symptoms.md:4: error, holds back Español only: picture 'nope.svg' cannot be shown" in out
    assert ("es/05-blocks-pain-signals.md: error, holds back Español only: this page is missing: "
            "en/05-blocks-pain-signals.md has no Español version") in out
    assert "en/09-possible-benefits.md" in out and "warning, does not stop the update: outside web address" in out
    assert "does not stop the update: reads at grade" in out and "does not stop the update: the page is long" in out
    assert ("es/06-resets-pain-pathways.md:24: error, holds back Español only: the link to "
            "'05-blocks-pain-signals.md' goes to no page in this language, so its words show without a link: "
            "that page is in en/ but not in this folder yet") in out
    assert "5 errors, 8 warnings" in out.splitlines()[-1]  # 3 + the 5 empty clinic details
    assert "NOT ready" in out.splitlines()[-1]


def test_check_says_when_a_file_is_not_utf8(content: Path) -> None:
    (content / "en" / "ui.yaml").write_bytes("home_title: Caf\u00e9\n".encode("latin-1"))
    result = run_check(str(content))
    assert result.returncode == 1
    assert "en/ui.yaml:1: error, stops the update: the file is not saved as UTF-8 text" in result.stdout


def test_a_missing_spanish_string_falls_back_to_english_and_check_reports_it(content: Path) -> None:
    path = content / "es" / "ui.yaml"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("previous_page:")]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    bundle = load_content(content)
    assert bundle.usable
    assert bundle.languages["es"].text("previous_page") == "Previous"
    result = run_check(str(content))
    assert result.returncode == 0
    assert ("es/ui.yaml: warning, does not stop the update: 1 line is not translated yet and shows in English: "
            "previous_page") in result.stdout


def test_changes_a_watcher_cannot_see_are_found_by_polling(qtbot, content: Path) -> None:
    from kiosk.services.watcher import ContentWatcher

    watcher = ContentWatcher(content, debounce_ms=10, poll_seconds=0)
    with qtbot.waitSignal(watcher._polled, timeout=10_000):
        watcher._on_poll_timeout()  # the first look remembers the folder as it is
    watcher._watcher.removePaths(watcher.watched)  # as on a network share: no change notices
    edit(content / "en" / "01-what-is-crps.md", "title: What is CRPS?", "title: CRPS, the basics")
    with qtbot.waitSignal(watcher.content_loaded, timeout=10_000) as loaded:
        watcher._on_poll_timeout()
    assert loaded.args[0].languages["en"].sections[0].title == "CRPS, the basics"
    watcher.deleteLater()
