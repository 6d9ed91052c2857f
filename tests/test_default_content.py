"""The bundled English content: loads cleanly, covers the source, reads easily.

Pure Python: no QApplication.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import textstat

from helpers import contrast
from kiosk import paths
from kiosk.content.loader import load_content

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def english():  # type: ignore[no-untyped-def]
    bundle = load_content(ROOT / "content")
    assert bundle.problems == (), "\n".join(map(str, bundle.problems))
    return bundle.languages["en"]


def test_the_bundled_content_is_the_source_folder() -> None:
    assert paths.bundled_content_dir() == ROOT / "content"


def test_every_page_has_a_title_tile_picture_and_description(english) -> None:  # type: ignore[no-untyped-def]
    assert len(english.sections) == 13
    for section in english.sections:
        assert section.title and section.tile and len(section.tile) <= 24
        assert section.illustration is not None and section.illustration.is_file()
        assert section.illustration.parent == paths.illustrations_dir()
        assert len(section.illustration_alt.split()) >= 5
    pictures = [s.illustration for s in english.sections]
    assert len(set(pictures)) == len(pictures), "each page has its own picture"


def test_the_two_analogy_pages_name_their_analogy(english) -> None:  # type: ignore[no-untyped-def]
    analogies = {s.slug: s.analogy for s in english.sections if s.analogy}
    assert analogies == {"blocks-pain-signals": "highway", "resets-pain-pathways": "reboot"}


# Every part of ../shared/seed/ketamine-for-crps.txt, and words that show it is covered.
SOURCE_PARTS = {
    "ketamine was an anesthetic, lower doses manage pain": ["anesthetic", "lower dose"],
    "blocks pain signals: the highway roadblock": ["highway", "roadblock"],
    "resets pain pathways: rebooting a computer": ["overexcited", "restart"],
    "reduces inflammation": ["inflammation"],
    "improves mobility": ["move"],
    "treatment: a series of infusions, tailored": ["series of", "vein", "tailored"],
    "rapid relief within hours to days": ["hours to days"],
    "reduced intensity, sometimes lasting weeks or months": ["weeks or months"],
    "quality of life: sleep, mood, mobility": ["sleep", "mood", "quality of life"],
    "possible long-term relief, emerging evidence": ["long-term", "emerging"],
    "case studies and clinical trials": ["case stud", "clinical trial"],
    "not a universal solution": ["not a universal solution"],
    "side effects": ["dizziness", "nausea", "dissociation"],
    "monitored during treatment": ["watch"],
    "CRPS: one limb after injury or surgery": ["one arm, leg, hand or foot", "injury", "surgery"],
    "types CRPS-I and CRPS-II": ["CRPS-I:", "CRPS-II:", "no confirmed nerve injury"],
    "causes: nervous system, inflammation, immune system": ["nervous system", "immune"],
    "after fracture, surgery or minor procedures": ["broken bone", "small medical procedure"],
    "symptoms": ["burning", "stabbing", "grinding", "throbbing", "swelling", "cold", "blotchy", "red, or blue"],
    "numbers: 20 in 100,000 a year; ages 40 to 60; more women": ["20 in every 100,000", "40 to 60", "women"],
    "under-diagnosed and misdiagnosed": ["missed"],
    "duration, early treatment, remission, chronic for many": ["remission", "early", "years"],
    "work with your care team, seek medical advice, hope": ["care team", "hope"],
}


@pytest.mark.parametrize("part", sorted(SOURCE_PARTS))
def test_every_part_of_the_source_is_covered(english, part: str) -> None:  # type: ignore[no-untyped-def]
    words = "\n".join(s.title + "\n" + s.text for s in english.sections).lower()
    for needle in SOURCE_PARTS[part]:
        assert needle.lower() in words, f"{part!r}: {needle!r} is not in the pages"


def test_pages_never_diagnose_and_send_people_to_their_care_team(english) -> None:  # type: ignore[no-untyped-def]
    words = "\n".join(s.text for s in english.sections).lower()
    for verdict in ("you have crps", "you have complex", "you are diagnosed", "cure for crps", "guaranteed"):
        assert verdict not in words
    care = [s.slug for s in english.sections if "care team" in s.text.lower()]
    assert len(care) >= 6, f"only {care} mention the care team"


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("index", range(13))
def test_each_page_reads_at_grade_8_or_lower(english, index: int) -> None:  # type: ignore[no-untyped-def]
    section = english.sections[index]
    grade = textstat.flesch_kincaid_grade(_plain(section.text))
    assert grade <= 8.0, f"{section.file_name} reads at grade {grade}"


def test_contrast_helper_matches_known_values() -> None:
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


def test_every_text_colour_has_7_to_1_contrast_in_both_themes() -> None:
    tokens = tomllib.loads((paths.style_dir() / "tokens.toml").read_text(encoding="utf-8"))
    assert set(tokens["themes"]) == {"default", "high_contrast"}
    for theme, colours in tokens["themes"].items():
        for text, background in tokens["contrast"]["pairs"]:
            ratio = contrast(colours[text], colours[background])
            assert ratio >= 7.0, f"{theme}: {text} on {background} is only {ratio:.2f}:1"


def test_text_and_touch_sizes_meet_the_kiosk_minimums() -> None:
    sizes = tomllib.loads((paths.style_dir() / "tokens.toml").read_text(encoding="utf-8"))["sizes"]
    assert min(v for k, v in sizes.items() if k.startswith("text_")) >= 24
    assert sizes["touch"] >= 72


def test_the_font_ships_with_its_licence() -> None:
    fonts = sorted(p.name for p in paths.fonts_dir().glob("*.ttf"))
    assert len(fonts) == 4 and all(name.startswith("AtkinsonHyperlegible") for name in fonts)
    assert "SIL OPEN FONT LICENSE" in (paths.fonts_dir() / "OFL.txt").read_text(encoding="utf-8")


def _all_words(language) -> str:  # type: ignore[no-untyped-def]
    checklist = language.checklist
    parts = [s.title + "\n" + s.tile + "\n" + s.illustration_alt + "\n" + s.text for s in language.sections]
    parts += list(language.strings.values())
    parts += [checklist.title, checklist.intro, checklist.disclaimer]
    parts += [q.text for q in checklist.questions] + [i.text for i in checklist.items]
    parts += [g.heading for g in checklist.groups]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def spanish():  # type: ignore[no-untyped-def]
    return load_content(ROOT / "content").languages["es"]


def test_english_follows_the_house_style(english) -> None:  # type: ignore[no-untyped-def]
    words = _all_words(english)
    for british in ("colour", "defence", "centre", "behaviour", "tick", "Carry on", "limb"):
        assert not re.search(rf"\b{british}", words, re.IGNORECASE), british
    for promise in ("cure for everyone", "promise of a cure", "right away", "often say their pain feels less", "experts see",
                    "Add ketamine", "Take it away", "guaranteed", "proven"):
        assert promise.lower() not in words.lower(), promise
    for cure in re.finditer(r"[^.]*\bcure\b[^.]*", words):
        assert "not a cure" in cure.group(0), f"'cure' only to say it is not one: {cure.group(0)!r}"


def test_spanish_reads_naturally_and_keeps_usted(spanish) -> None:  # type: ignore[no-untyped-def]
    words = _all_words(spanish)
    for calque in ("autopista", "estudios de caso", "sujetapapeles", "Trabajen",
                   "Busque consejo médico", "cabeza ligera", "Casi siempre", "todavía están creciendo", "muele o tritura",
                   "Agregar ketamina", "promesa de curación"):
        assert calque.lower() not in words.lower(), calque
    checklist = spanish.checklist
    for text in [q.text for q in checklist.questions] + [i.text for i in checklist.items]:
        assert ", y " not in text, f"no English-style comma before 'y': {text!r}"


@pytest.mark.parametrize("code", ["en", "es"])
def test_the_signs_page_explains_every_sign_the_checklist_asks_about(code: str) -> None:
    language = load_content(ROOT / "content").languages[code]
    page = (language.section("signs-and-symptoms").text).lower()  # type: ignore[union-attr]
    signs = {"en": ["burning", "stabbing", "grinding", "throbbing", "warmer or cooler", "color", "swelling",
                    "sweats", "touch or cold", "stiff", "weaker", "hair, nails and skin"],
             "es": ["ardor", "puñaladas", "moliera", "latidos", "más caliente o más fría", "color", "hinchazón",
                    "suda", "el roce o el frío", "rigidez", "débiles", "vello, uñas y piel"]}[code]
    for sign in signs:
        assert sign in page, sign


def test_the_day_of_an_infusion_page_names_the_standard_cautions(english, spanish) -> None:  # type: ignore[no-untyped-def]
    en = english.section("before-and-after-your-infusion")
    es = spanish.section("before-and-after-your-infusion")
    assert en is not None and es is not None
    for needle in ("list of all the medicines", "eat or drink", "adult to take you home",
                   "Do not drive until your clinic says it is safe", "call your clinic",
                   "In an emergency, call your local emergency number."):
        assert needle in en.text, needle
    for needle in ("lista de todos los medicamentos", "comer o beber", "regresar a casa con un adulto",
                   "No maneje hasta que su clínica le diga que es seguro", "comuníquese con su clínica",
                   "En una emergencia, llame al número de emergencias de su zona."):
        assert needle in es.text, needle
    assert en.illustration is not None and en.illustration.name == "infusion-day.svg"
