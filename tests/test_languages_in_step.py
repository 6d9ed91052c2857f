"""Languages kept in step with English, drafts, and one language never holding back another."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk import paths
from kiosk.app import create_kiosk
from kiosk.config import Config
from kiosk.content.languages import live_bundle
from kiosk.content.loader import load_content
from kiosk.content.preview import preview_bundle
from kiosk.content.report import check_report


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(paths.bundled_content_dir(), root)
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_french(root: Path, pages: int = 2, draft: bool = False) -> Path:
    """French as staff start it: its interface words and checklist translated (here the
    Spanish ones stand in for them), and ``pages`` pages."""
    folder = root / "fr"
    folder.mkdir()
    for name in ("ui.yaml", "checklist.yaml"):
        shutil.copy(root / "es" / name, folder / name)
    edit(folder / "ui.yaml", "language_name: Español", "language_name: Français")
    for page in sorted((root / "en").glob("*.md"))[:pages]:
        text = page.read_text(encoding="utf-8")
        body = text.split("---\n", 2)[2]
        (folder / page.name).write_text(text.replace(body, "Ce texte est en français, pour les patients. "
                                                     f"Page {page.stem}.\n"), encoding="utf-8")
    if draft:
        (folder / "DRAFT.txt").write_text("French: two pages done\n", encoding="utf-8")
    return folder


def offered(window) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(button.property("language")) for button in window.access_bar.language_buttons]


@pytest.fixture
def window(qtbot, content: Path):  # type: ignore[no-untyped-def]
    kiosk = create_kiosk(Config(content_dir=content, fullscreen=False, speech_engine="mock"), watch_content=False)
    qtbot.addWidget(kiosk)
    kiosk.resize(1920, 1080)
    kiosk.show()
    return kiosk


def test_a_draft_french_with_two_pages_lets_english_and_spanish_go_live(qtbot, window, content: Path) -> None:
    add_french(content, pages=2, draft=True)
    edit(content / "en" / "01-what-is-crps.md", "title: What is CRPS?", "title: CRPS explained")
    edit(content / "es" / "ui.yaml", "home_title: Aprenda sobre el SDRC y la ketamina",
         "home_title: Bienvenido a la clínica")
    bundle = load_content(content)
    assert "fr" not in bundle.languages and list(bundle.drafts) == ["fr"]
    assert bundle.usable and bundle.blocked == ()
    report = check_report(bundle, bundle.problems, "content")
    assert report.ready
    assert "ready to use. Français (fr) is a draft: staff can preview it, patients are never offered it" \
        in report.lines[-1]
    assert any(line.startswith("fr/03-causes-and-outlook.md: draft, fix before it goes live: this page is missing")
               for line in report.lines)

    assert window.content.offer(bundle)
    assert offered(window) == ["en", "es"], "a draft is offered to no patient"
    window.show_section("what-is-crps")
    assert window.page.title.text() == "CRPS explained"
    window.set_language("es")
    assert window.home._title.text() == "Bienvenido a la clínica"
    window.set_language("fr")
    assert window.language.code == "en", "asking for a draft language gives the default one"

    preview = preview_bundle(bundle)
    assert preview.languages["fr"].name == "Français (draft)"
    assert [s.file_name for s in preview.languages["fr"].sections] == ["01-what-is-crps.md",
                                                                       "02-signs-and-symptoms.md"]


def test_french_not_marked_draft_reports_each_untranslated_page_and_file(content: Path) -> None:
    folder = content / "fr"
    shutil.copytree(content / "en", folder)
    edit(folder / "ui.yaml", "language_name: English", "language_name: Français")
    edit(folder / "01-what-is-crps.md", "CRPS is a pain condition", "Le SDRC est une douleur")
    bundle = load_content(content)
    untranslated = {p.file for p in bundle.errors if "not translated yet" in p.message}
    expected = {f"fr/{page.name}" for page in (content / "en").glob("*.md")} - {"fr/01-what-is-crps.md"}
    assert untranslated == expected | {"fr/ui.yaml", "fr/checklist.yaml"}
    assert all(p.line is not None for p in bundle.errors if p.file in untranslated)
    assert bundle.blocked == ("fr",) and bundle.usable, "French holds back only itself"
    summary = check_report(bundle, bundle.problems, "content").lines[-1]
    assert "English (en), Español (es) ready to use; NOT ready: Français (fr)" in summary


def test_a_checklist_item_added_in_one_language_only_is_reported(content: Path) -> None:
    checklist = content / "en" / "checklist.yaml"
    edit(checklist, "      - id: sweating\n", "      - id: night-pain\n        text: The pain wakes me at night.\n"
         "        questions: [could-be-crps]\n      - id: sweating\n")
    edit(checklist, "  - id: next-step\n", "  - id: bring-someone\n    text: Can I bring someone with me?\n"
         "    always: true\n  - id: next-step\n")
    line = checklist.read_text(encoding="utf-8").split("\n").index("      - id: night-pain") + 1
    bundle = load_content(content)
    found = {p.message for p in bundle.errors if p.file == "es/checklist.yaml"}
    assert f"the item 'night-pain' is in en/checklist.yaml (line {line}) but not here, so Español patients " \
           "never see it. Add it here too, with the same id" in found
    assert any("the question 'bring-someone' is in en/checklist.yaml" in m for m in found)
    assert bundle.blocked == ("es",)


def test_a_spanish_only_checklist_item_is_a_warning_with_its_line(content: Path) -> None:
    checklist = content / "es" / "checklist.yaml"
    edit(checklist, "      - id: sweating\n", "      - id: solo-aqui\n        text: Me duele de noche.\n"
         "        questions: [could-be-crps]\n      - id: sweating\n")
    line = checklist.read_text(encoding="utf-8").split("\n").index("      - id: solo-aqui") + 1
    [problem] = [p for p in load_content(content).warnings if "solo-aqui" in p.message]
    assert (problem.file, problem.line) == ("es/checklist.yaml", line)


def test_a_missing_language_name_never_makes_the_button_read_english(content: Path) -> None:
    folder = add_french(content, pages=100)
    edit(folder / "ui.yaml", "language_name: Français\n", "")
    bundle = load_content(content)
    assert bundle.languages["fr"].name == "fr"
    [problem] = [p for p in bundle.errors if "language_name" in p.message]
    assert problem.file == "fr/ui.yaml" and "is missing" in problem.message


def test_two_languages_with_the_same_name_are_reported_at_the_line(content: Path) -> None:
    edit(content / "es" / "ui.yaml", "language_name: Español", "language_name: English")
    [problem] = [p for p in load_content(content).errors if "language_name" in p.message]
    assert problem.file == "es/ui.yaml" and problem.line is not None
    assert "the same as the en folder's" in problem.message


def test_a_broken_language_never_holds_back_a_fix_to_the_others(qtbot, window, content: Path) -> None:
    add_french(content, pages=100)
    first = load_content(content)
    assert first.blocked == ()
    assert window.content.offer(first)
    assert offered(window) == ["en", "es", "fr"]
    french_before = window.bundle.languages["fr"]

    edit(content / "fr" / "ui.yaml", "{title}", "{titre}")
    edit(content / "en" / "01-what-is-crps.md", "title: What is CRPS?", "title: CRPS explained")
    second = load_content(content)
    assert second.blocked == ("fr",)
    assert window.content.offer(second), "English goes live although French has an error"
    window.show_section("what-is-crps")
    assert window.page.title.text() == "CRPS explained"
    assert window.bundle.languages["fr"] is french_before, "French keeps its last good version"
    assert offered(window) == ["en", "es", "fr"]


def test_a_language_broken_from_the_start_is_left_out_and_the_rest_shows(content: Path) -> None:
    add_french(content, pages=1)
    bundle = load_content(content)
    assert bundle.usable and bundle.blocked == ("fr",)
    assert list(live_bundle(bundle, None).languages) == ["en", "es"]


def test_english_with_an_error_stops_every_language(content: Path) -> None:
    edit(content / "en" / "01-what-is-crps.md", "title: What is CRPS?", "title: [What is CRPS?")
    bundle = load_content(content)
    assert not bundle.usable
    assert "NOT ready: the kiosk keeps showing its last good content (every language)" in \
        check_report(bundle, bundle.problems, "content").lines[-1]
