"""Staff read what is wrong in plain words, at the line to change (no Qt here).

Each test is one of the mistakes a nurse educator made while following the staff
guide; before these messages, each got parser jargon, a wrong line, or nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk import paths
from kiosk.content.loader import load_content
from kiosk.content.model import ContentProblem, Severity
from kiosk.content.report import check_report


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(paths.bundled_content_dir(), root)
    return root


def replace_line(path: Path, old: str, new: str) -> int:
    """Replace the line that contains ``old`` (once); returns its 1-based number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    [index] = [i for i, line in enumerate(lines) if old in line]
    lines[index] = lines[index].replace(old, new)
    path.write_text("\n".join(lines), encoding="utf-8")
    return index + 1


def only_error(root: Path, file: str) -> ContentProblem:
    bundle = load_content(root)
    found = [p for p in bundle.errors if p.file == file]
    assert len(found) == 1, [str(p) for p in bundle.problems]
    return found[0]


def test_a_tab_inside_the_checklist_is_named_on_its_own_line(content: Path) -> None:
    path = content / "en" / "checklist.yaml"
    line = replace_line(path, "        text: The painful area swells.", "\ttext: The painful area swells.")
    problem = only_error(content, "en/checklist.yaml")
    assert problem.line == line
    assert f"line {line} starts with a tab" in problem.message and "spaces" in problem.message
    assert "scanning" not in problem.message and "indentation" not in problem.message


def test_a_tab_at_the_start_of_a_line_says_tab(content: Path) -> None:
    path = content / "en" / "ui.yaml"
    line = replace_line(path, "previous_page: Previous", "\tprevious_page: Previous")
    problem = only_error(content, "en/ui.yaml")
    assert problem.line == line and "tab" in problem.message
    assert "cannot start any token" not in problem.message


def test_a_line_out_of_step_is_reported_where_it_is_with_the_line_to_match(content: Path) -> None:
    path = content / "en" / "checklist.yaml"
    text = path.read_text(encoding="utf-8").split("\n")
    index = text.index("        questions: [could-be-crps, swelling]")
    text[index] = "       questions: [could-be-crps, swelling]"  # one space short
    path.write_text("\n".join(text), encoding="utf-8")
    problem = only_error(content, "en/checklist.yaml")
    assert problem.line == index + 1
    assert f"line {index + 1} is not lined up" in problem.message
    assert f"under the first word on line {index}" in problem.message
    assert "8 spaces from the left; now 7 spaces" in problem.message
    assert "indicator" not in problem.message and "block" not in problem.message


def test_a_colon_in_a_title_says_to_put_it_in_quotes_and_shows_how(content: Path) -> None:
    page = content / "en" / "04-what-is-ketamine.md"
    replace_line(page, "title: What is ketamine?", "title: Ketamine: what is it?")
    problem = only_error(content, "en/04-what-is-ketamine.md")
    assert problem.line == 2
    assert "this title has a colon (:) in it" in problem.message
    assert 'title: "Ketamine: what is it?"' in problem.message
    assert "mapping values" not in problem.message


def test_a_settings_block_left_open_says_where_the_dashes_are_missing(content: Path) -> None:
    page = content / "en" / "04-what-is-ketamine.md"
    lines = page.read_text(encoding="utf-8").split("\n")
    closing = lines.index("---", 1)
    del lines[closing]
    page.write_text("\n".join(lines), encoding="utf-8")
    problem = only_error(content, "en/04-what-is-ketamine.md")
    assert problem.line == closing + 1, "reported where the --- is missing, not at line 1"
    assert "the settings block at the top of the page" in problem.message
    assert f"add a line with just --- as line {closing + 1}" in problem.message
    assert "front matter" not in problem.message


def test_unknown_names_suggest_the_one_meant(content: Path) -> None:
    replace_line(content / "en" / "04-what-is-ketamine.md", "tile: ", "tiel: ")
    line = replace_line(content / "es" / "ui.yaml", "home_title:", "home_titel:")
    warnings = load_content(content).warnings
    [page] = [p for p in warnings if p.file == "en/04-what-is-ketamine.md"]
    assert "'tiel' is not a name the kiosk knows" in page.message and "Did you mean 'tile'?" in page.message
    assert page.line == 3
    [ui] = [p for p in warnings if p.file == "es/ui.yaml" and "home_titel" in p.message]
    assert "Did you mean 'home_title'?" in ui.message
    assert ui.line == line


def test_a_translated_placeholder_names_its_line_and_the_right_name(content: Path) -> None:
    line = replace_line(content / "es" / "ui.yaml", "{title}", "{titulo}")
    problem = only_error(content, "es/ui.yaml")
    assert problem.line == line
    assert "'next_page' uses {titulo}, which the kiosk does not fill in. Did you mean {title}?" in problem.message


@pytest.mark.parametrize(("template", "words"), [
    ("Página {number:>9} de {total}", "write {number} with nothing else inside"),
    ("Página {} de {total}", "empty curly brackets"),
    ("Página {number de {total}", "without its partner"),
])
def test_other_placeholder_mistakes_say_what_to_type(content: Path, template: str, words: str) -> None:
    line = replace_line(content / "es" / "ui.yaml", 'page_position: "Página {number} de {total}"',
                        f'page_position: "{template}"')
    problem = only_error(content, "es/ui.yaml")
    assert problem.line == line and words in problem.message


def test_a_mistyped_link_names_its_target_the_page_meant_and_that_it_stops_the_update(content: Path) -> None:
    page = content / "en" / "08-treatment-process.md"
    line = replace_line(page, "(11-safety-and-side-effects.md)", "(side-efects.md)")
    bundle = load_content(content)
    [problem] = bundle.errors
    assert (problem.file, problem.line) == ("en/08-treatment-process.md", line)
    assert "'side-efects.md'" in problem.message
    assert "Did you mean 11-safety-and-side-effects.md?" in problem.message
    report = check_report(bundle, bundle.problems, "content")
    assert report.lines[0].startswith(f"en/08-treatment-process.md:{line}: error, stops the update: ")
    assert not report.ready


def test_summaries_count_in_plain_grammar(content: Path) -> None:
    replace_line(content / "en" / "04-what-is-ketamine.md", "tile: ", "tiel: ")
    replace_line(content / "en" / "08-treatment-process.md", "(11-safety-and-side-effects.md)", "(nope.md)")
    bundle = load_content(content)
    summary = check_report(bundle, bundle.problems, "content").lines[-1]
    assert "1 error, 1 warning;" in summary
    assert "26 pages in 2 languages" in summary


def test_every_message_says_what_it_does_to_the_update(content: Path) -> None:
    replace_line(content / "en" / "04-what-is-ketamine.md", "tile: ", "tiel: ")
    replace_line(content / "es" / "ui.yaml", "{title}", "{titulo}")
    bundle = load_content(content)
    lines = check_report(bundle, bundle.problems, "content").lines
    assert any(line.startswith("en/04-what-is-ketamine.md:3: warning, does not stop the update: ")
               for line in lines)
    assert any(line.startswith("es/ui.yaml:") and ": error, holds back Español only: " in line for line in lines)
    assert lines[-1].endswith("until the errors are fixed.") and "English (en) ready to use" in lines[-1]


def test_messages_never_use_parser_words_for_the_common_mistakes(content: Path) -> None:
    broken = {
        "en/01-what-is-crps.md": ("title: What is CRPS?", "title: CRPS: what is it"),
        "en/ui.yaml": ("back_to_topics: Back to topics", "back_to_topics: Back: topics"),
        "es/checklist.yaml": ("  - id: sensory", "\t- id: sensory"),
    }
    for file, (old, new) in broken.items():
        replace_line(content / file, old, new)
    bundle = load_content(content)
    assert {p.file for p in bundle.errors} >= set(broken)
    jargon = ("scalar", "mapping values", "token", "indicator", "block end", "front matter")
    for problem in bundle.errors:
        assert not any(word in problem.message for word in jargon), str(problem)
        assert problem.line is not None, str(problem)
    assert all(p.severity is Severity.ERROR for p in bundle.errors)


def test_a_mistyped_clinic_detail_in_a_page_names_its_line_and_the_right_name(content: Path) -> None:
    page = content / "en" / "11-safety-and-side-effects.md"
    line = replace_line(page, "{clinic_phone}", "{clinic_phon}")
    problem = only_error(content, "en/11-safety-and-side-effects.md")
    assert problem.line == line
    assert "'{clinic_phon}' is not a name the kiosk fills in. Did you mean {clinic_phone}?" in problem.message
