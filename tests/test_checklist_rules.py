"""Checklist rules and the checklist file, tested with no QApplication."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk import paths
from kiosk.content.checklist import questions_as_text, suggested_questions
from kiosk.content.checklist_file import parse_checklist
from kiosk.content.loader import load_content
from kiosk.content.model import Checklist, ChecklistGroup, ChecklistItem, Question, Severity

CHECKLIST = Checklist(
    title="Questions", intro="Tick", disclaimer="Not a diagnosis",
    groups=(
        ChecklistGroup("g1", "Pain", (ChecklistItem("a", "A", ("q2", "q1")), ChecklistItem("b", "B", ("q1",)))),
        ChecklistGroup("g2", "Skin", (ChecklistItem("c", "C", ("q3",)), ChecklistItem("d", "D", ()))),
    ),
    questions=(Question("q1", "One?"), Question("q2", "Two?"), Question("always", "Always?", always=True),
               Question("q3", "Three?")),
)


def ids(questions: list[Question]) -> list[str]:
    return [q.id for q in questions]


def test_ticking_nothing_still_gives_the_always_questions() -> None:
    assert ids(suggested_questions(CHECKLIST, [])) == ["always"]


def test_questions_follow_the_checklist_order_not_the_tick_order() -> None:
    assert ids(suggested_questions(CHECKLIST, ["c", "a"])) == ["q1", "q2", "always", "q3"]


def test_a_question_suggested_twice_is_listed_once() -> None:
    assert ids(suggested_questions(CHECKLIST, ["a", "b"])) == ["q1", "q2", "always"]


def test_an_item_with_no_questions_and_unknown_ids_add_nothing() -> None:
    assert ids(suggested_questions(CHECKLIST, ["d", "no-such-item"])) == ["always"]


def test_every_item_ticked() -> None:
    assert ids(suggested_questions(CHECKLIST, ["a", "b", "c", "d"])) == ["q1", "q2", "always", "q3"]


def test_the_list_as_text_is_numbered_under_its_title() -> None:
    text = questions_as_text("Questions", suggested_questions(CHECKLIST, ["c"]))
    assert text == "Questions\n\n1. Always?\n2. Three?"


def test_the_list_as_text_ends_with_its_notes_each_a_paragraph() -> None:
    text = questions_as_text("Questions", suggested_questions(CHECKLIST, []),
                             ["Not a  diagnosis.\nAsk.", "", "If you feel unwell, call your clinic."])
    assert text == "Questions\n\n1. Always?\n\nNot a diagnosis. Ask.\n\nIf you feel unwell, call your clinic."


def test_the_bundled_checklist_covers_the_four_categories_and_the_context() -> None:
    checklist = load_content(paths.bundled_content_dir()).languages["en"].checklist
    assert checklist is not None
    assert [g.id for g in checklist.groups] == ["sensory", "vasomotor", "sudomotor", "motor", "context"]
    words = " ".join(item.text for item in checklist.items).lower()
    for symptom in ("burns", "stabs", "grinds", "throbs", "light touch", "cold", "warmer or cooler",
                    "white", "blotchy", "red", "blue", "swells", "sweats", "stiff", "weak",
                    "hair, nails or skin", "broken bone", "surgery", "long time", "not helped"):
        assert symptom in words, symptom
    always = [q.text for q in checklist.questions if q.always]
    assert always, "some questions come even when nothing is ticked"
    texts = " ".join(q.text for q in checklist.questions).lower()
    for topic in ("could my symptoms be crps", "ketamine infusions", "side effects", "how many infusions",
                  "move the affected arm or leg", "pregnant or breastfeeding", "get home after an infusion"):
        assert topic in texts, topic


@pytest.mark.parametrize("code", ["en", "es"])
def test_only_other_treatments_not_helping_suggests_the_ketamine_questions(code: str) -> None:
    checklist = load_content(paths.bundled_content_dir()).languages[code].checklist
    assert checklist is not None
    ketamine = {"ketamine-option", "ketamine-safe", "infusion-plan", "getting-home"}
    suggesting = {item.id for item in checklist.items if ketamine & set(item.questions)}
    assert suggesting == {"not-helped"}
    for item in checklist.items:
        got = ids(suggested_questions(checklist, [item.id]))
        assert ("ketamine-option" in got) == (item.id == "not-helped"), item.id
    everything_but = [item.id for item in checklist.items if item.id != "not-helped"]
    assert "ketamine-option" not in ids(suggested_questions(checklist, everything_but))


@pytest.mark.parametrize("code", ["en", "es"])
def test_the_crps_timing_question_does_not_assume_crps(code: str) -> None:
    checklist = load_content(paths.bundled_content_dir()).languages[code].checklist
    assert checklist is not None
    start_early = next(q.text for q in checklist.questions if q.id == "start-early")
    assert start_early.startswith({"en": "If this is CRPS,", "es": "Si esto es SDRC,"}[code])


def test_the_english_checklist_says_arm_or_leg_and_check_not_limb_or_tick() -> None:
    checklist = load_content(paths.bundled_content_dir()).languages["en"].checklist
    assert checklist is not None
    words = " ".join([checklist.intro, *(q.text for q in checklist.questions),
                      *(i.text for i in checklist.items), *(g.heading for g in checklist.groups)]).lower()
    for word in ("limb", "tick", "other side", "colour"):
        assert word not in words, word
    headings = [g.heading for g in checklist.groups]
    assert "How it started and how long it has lasted" in headings
    assert "Movement, strength, hair and nails" in headings


def test_the_checklist_never_scores_or_concludes() -> None:
    text = (paths.bundled_content_dir() / "en" / "checklist.yaml").read_text(encoding="utf-8").lower()
    for verdict in ("you have crps", "you may have crps", "score", "likely", "diagnosis:", "points"):
        assert verdict not in text
    assert "not a diagnosis" in text and "only a clinician can diagnose crps" in text


def problems_of(text: str) -> list[tuple[int | None, str, Severity]]:
    found: list[tuple[int | None, str, Severity]] = []
    parse_checklist(text, lambda line, message, severity: found.append((line, message, severity)))
    return found


GOOD = """title: T
intro: I
disclaimer: D
questions:
  - id: q1
    text: One?
  - id: q2
    text: Two?
    always: true
groups:
  - id: g
    heading: H
    items:
      - id: a
        text: A
        questions: [q1]
"""


def test_a_good_checklist_has_no_problems() -> None:
    assert problems_of(GOOD) == []
    checklist = parse_checklist(GOOD, lambda *args: None)
    assert checklist is not None and ids(suggested_questions(checklist, ["a"])) == ["q1", "q2"]


@pytest.mark.parametrize(("change", "line", "words"), [
    (("questions: [q1]", "questions: [q1, q9]"), 16, "suggests the question 'q9', which is not in 'questions:'"),
    (("id: q2", "id: q1"), 7, "the id 'q1' is used twice (also on line 5)"),
    (("        text: A\n", ""), 14, "the item 'a' has no 'text'"),
    (("title: T\n", ""), 1, "the checklist has no 'title'"),
    (("always: true", "always: maybe"), 7, "'always' of the question 'q2' must be true or false"),
    (("id: a", "id: A B"), None, "needs an 'id' of small letters"),
    (("    items:\n      - id: a\n        text: A\n        questions: [q1]\n", "    items: []\n"), 11,
     "the group 'g' has no items"),
    (("questions: [q1]", "questions: q1"), 14, "must be a list of question ids"),
])
def test_mistakes_are_errors_with_their_line(change: tuple[str, str], line: int | None, words: str) -> None:
    text = GOOD.replace(*change)
    assert text != GOOD
    problems = problems_of(text)
    errors = [(ln, message) for ln, message, severity in problems if severity is Severity.ERROR]
    assert any(words in message for _, message in errors), errors
    if line is not None:
        assert any(words in message and ln == line for ln, message in errors), errors
    assert parse_checklist(text, lambda *args: None) is None, "a checklist with an error is not used"


def test_broken_yaml_and_unknown_keys() -> None:
    [(line, message, severity)] = problems_of("title: [oops\n")
    assert severity is Severity.ERROR and "the [ that starts a list here is never closed" in message and line == 1
    warnings = problems_of(GOOD + "colour: red\n")
    assert [(m, s) for _, m, s in warnings] == [("'colour' is not a name the kiosk knows, so this line is ignored. "
                                                 "The names checklist.yaml can have: title, intro, disclaimer, "
                                                 "questions, groups.", Severity.WARNING)]


def test_a_question_nobody_can_reach_is_a_warning() -> None:
    text = GOOD.replace("    always: true\n", "")
    assert any("never shown" in m and s is Severity.WARNING for _, m, s in problems_of(text))


def test_a_broken_checklist_makes_the_folder_unusable_with_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "ui.yaml").write_text((paths.bundled_content_dir() / "en" / "ui.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "en" / "01-a.md").write_text("---\ntitle: A\nillustration: crps-limb.svg\nalt: x\n---\nWords.\n", encoding="utf-8")
    (tmp_path / "en" / "checklist.yaml").write_text(GOOD.replace("[q1]", "[nope]"), encoding="utf-8")
    bundle = load_content(tmp_path)
    assert not bundle.usable
    [problem] = bundle.errors
    assert (problem.file, problem.line) == ("en/checklist.yaml", 16), [str(p) for p in bundle.errors]
