"""The clinic's own details (clinic.yaml): read, checked, and filled into every sentence.

Pure Python: no QApplication.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from kiosk import paths
from kiosk.content.clinic import CLINIC_FIELDS, fill_html, fill_text, parse_clinic
from kiosk.content.loader import load_content
from kiosk.content.model import ClinicDetails, Severity
from kiosk.content.strings import CLINIC_PLACEHOLDERS, UI_STRINGS

WORDS = {
    "clinic_name_set": "{value}", "clinic_name_unset": "your clinic",
    "clinic_phone_set": "the clinic at {value}", "clinic_phone_unset": "your clinic",
    "emergency_number_set": "{value}", "emergency_number_unset": "your local emergency number",
    "ask_in_person_set": "{value}", "ask_in_person_unset": "a staff member",
    "after_hours_phone_set": "{value}", "after_hours_phone_unset": "the after-hours number",
}
FILLED = """clinic_name: Riverside Pain Clinic
clinic_phone: 555-0100
after_hours_phone: 0112 555
emergency_number: 0112
ask_in_person:
  en: the front desk
  es: el personal de recepción
"""


def parse(text: str) -> tuple[ClinicDetails, list[tuple[int | None, str, Severity]]]:
    found: list[tuple[int | None, str, Severity]] = []
    details = parse_clinic(text, lambda line, message, severity: found.append((line, message, severity)))
    return details, found


def test_the_details_and_their_placeholders_are_one_list() -> None:
    assert set(CLINIC_FIELDS) == CLINIC_PLACEHOLDERS
    for name in CLINIC_FIELDS:
        assert f"{name}_set" in UI_STRINGS and f"{name}_unset" in UI_STRINGS


def test_a_filled_in_file_is_read_as_typed() -> None:
    details, problems = parse(FILLED)
    assert problems == []
    assert details.value("clinic_phone", "en") == "555-0100"
    assert details.value("emergency_number", "es") == "0112", "a number is kept as typed, not read as octal"
    assert details.value("ask_in_person", "en") == "the front desk"
    assert details.value("ask_in_person", "es") == "el personal de recepción"
    assert details.value("ask_in_person", "fr") is None
    assert details.lines["ask_in_person"] == 5


def test_an_empty_file_sets_nothing() -> None:
    details, problems = parse("# nothing yet\nclinic_phone:\n")
    assert problems == [] and details.found and details.value("clinic_phone", "en") is None


@pytest.mark.parametrize(("text", "line", "words", "severity"), [
    ("clinic_phone: [1, 2]\n", 1, "plain words or a number", Severity.ERROR),
    ("clinic_phone: '{x}'\n", 1, "curly brackets", Severity.ERROR),
    ("clinic_phone: '" + "5" * 90 + "'\n", 1, "too long", Severity.ERROR),
    ("clinic_phone: \"555\\u0007\"\n", 1, "control characters", Severity.ERROR),
    ("phone: 555\n", 1, "unknown detail 'phone'", Severity.WARNING),
    ("clinic_phone:\n  en: 555\n", 1, "the same in every language", Severity.ERROR),
    ("ask_in_person:\n  English: the desk\n", 2, "not a language code", Severity.ERROR),
    ("clinic_phone: 555\n  bad: indent\n", 2, "not valid", Severity.ERROR),
    ("- a list\n", 1, "must be lines like", Severity.ERROR),
])
def test_each_mistake_is_reported_at_its_line(text: str, line: int, words: str, severity: Severity) -> None:
    details, problems = parse(text)
    assert len(problems) == 1, problems
    assert problems[0][0] == line and words in problems[0][1] and problems[0][2] is severity
    assert details.value("clinic_phone", "en") is None


def test_unset_details_read_as_general_words_and_start_sentences_with_a_capital() -> None:
    empty = ClinicDetails(found=True)
    text = fill_text("Call {clinic_phone}. {clinic_name} will tell you. ¿{clinic_name}? {unknown}",
                     empty, "en", WORDS)
    assert text == "Call your clinic. Your clinic will tell you. ¿Your clinic? {unknown}"


def test_set_details_read_inside_their_words() -> None:
    details, _ = parse(FILLED)
    assert fill_text("At home, call {clinic_phone}. Tell {ask_in_person} now.", details, "en", WORDS) == \
        "At home, call the clinic at 555-0100. Tell the front desk now."


def test_details_in_a_page_are_escaped_never_markup() -> None:
    details, _ = parse("clinic_name: <b>Bold</b> & Co\n")
    html = fill_html("<ul>\n<li>{clinic_name} is here. Call {clinic_phone}.</li>\n</ul>",
                     details, "en", WORDS)
    assert html == "<ul>\n<li>&lt;b&gt;Bold&lt;/b&gt; &amp; Co is here. Call your clinic.</li>\n</ul>"
    assert fill_html("<p><strong>Here:</strong> tell {ask_in_person}.</p>", details, "en", WORDS) == \
        "<p><strong>Here:</strong> tell a staff member.</p>"
    assert fill_html("<p>{ask_in_person} can help.</p>", details, "en", WORDS) == "<p>A staff member can help.</p>"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(paths.bundled_content_dir(), root)
    return root


def test_the_bundled_clinic_file_ships_empty_and_every_sentence_still_reads(content: Path) -> None:
    bundle = load_content(content)
    assert bundle.problems == ()
    assert bundle.clinic.found and dict(bundle.clinic.values) == {}
    for language in bundle.languages.values():
        texts = [language.text(key) for key in UI_STRINGS if not key.endswith(("_set", "_unset"))]
        texts += [s.text for s in language.sections] + [s.html for s in language.sections]
        checklist = language.checklist
        assert checklist is not None
        texts += [checklist.disclaimer, checklist.intro, *(q.text for q in checklist.questions)]
        for text in texts:
            leftovers = [name for name in re.findall(r"\{(\w+)\}", text) if name not in ("title", "number",
                                                                                      "total", "seconds")]
            assert leftovers == [], (language.code, text)
            assert not re.search(r"\s[.,;:!?]|\s{2,}\S|\(\s*\)", text.replace("\n", " ")), (language.code, text)


def test_filled_details_reach_the_pages_and_words_of_each_language(content: Path) -> None:
    (content / "clinic.yaml").write_text(FILLED, encoding="utf-8")
    bundle = load_content(content)
    assert bundle.problems == ()
    en, es = bundle.languages["en"], bundle.languages["es"]
    safety = en.section("safety-and-side-effects")
    assert safety is not None
    assert "tell the front desk now" in safety.text
    assert "call the clinic at 555-0100. When the clinic is closed, call 0112 555." in safety.text
    assert "In an emergency: call 0112." in safety.text
    assert en.text("unwell_note") == ("If you feel unwell while you are here, tell the front desk now. At home, "
                                      "call the clinic at 555-0100. In an emergency, call 0112.")
    assert es.text("unwell_note") == ("Si se siente mal mientras está aquí, hable ahora con el personal de "
                                      "recepción. En casa, comuníquese con la clínica al 555-0100. En una "
                                      "emergencia, llame al 0112.")


def test_a_page_naming_a_detail_the_kiosk_does_not_know_is_an_error_at_its_line(content: Path) -> None:
    page = content / "en" / "12-before-and-after-your-infusion.md"
    text = page.read_text(encoding="utf-8").replace("call {clinic_phone}", "call {phone}")
    page.write_text(text, encoding="utf-8")
    bundle = load_content(content)
    line = text.split("\n").index(next(ln for ln in text.split("\n") if "{phone}" in ln)) + 1
    assert [str(p) for p in bundle.errors] == [
        f"en/12-before-and-after-your-infusion.md:{line}: '{{phone}}' is not a name the kiosk fills in "
        "(names a page can use: {after_hours_phone}, {ask_in_person}, {clinic_name}, {clinic_phone}, "
        "{emergency_number})"]


def test_a_broken_clinic_file_keeps_the_last_good_content(content: Path) -> None:
    (content / "clinic.yaml").write_text("clinic_phone: [555\n", encoding="utf-8")
    bundle = load_content(content)
    assert not bundle.usable
    assert bundle.errors[0].file == "clinic.yaml" and bundle.errors[0].line is not None


def test_a_folder_without_a_clinic_file_loads_and_check_says_so(content: Path) -> None:
    from kiosk.content.checks import staff_warnings

    (content / "clinic.yaml").unlink()
    bundle = load_content(content)
    assert bundle.problems == () and not bundle.clinic.found
    assert bundle.languages["en"].text("unwell_note").endswith("call your local emergency number.")
    warnings = [str(p) for p in staff_warnings(bundle) if p.file == "clinic.yaml"]
    assert warnings == ["clinic.yaml: warning: there is no clinic.yaml, so patients read general words instead "
                        "of your clinic's phone numbers; copy clinic.yaml from the kiosk's own content folder "
                        "and fill it in"]


def test_a_wording_with_a_clinic_placeholder_inside_is_refused(content: Path) -> None:
    ui = content / "en" / "ui.yaml"
    ui.write_text(ui.read_text(encoding="utf-8").replace('clinic_phone_set: "the clinic at {value}"',
                                                         'clinic_phone_set: "{clinic_name} at {value}"'),
                  encoding="utf-8")
    bundle = load_content(content)
    assert any("'clinic_phone_set' uses {clinic_name}" in p.message for p in bundle.errors)
