"""A visitor ticks symptoms, gets questions, scans them with a phone, or prints them."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from helpers import OPEN_RECORDER, decode_qr, find_button, tap
from kiosk import paths
from kiosk.content.checklist import questions_as_text, suggested_questions


def open_checklist(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    tap(qtbot, find_button(kiosk.home, "Questions for your doctor"))
    assert kiosk.stack.currentWidget() is kiosk.checklist


def test_tick_a_few_symptoms_and_take_the_questions_away_by_qr(qtbot, kiosk) -> None:
    open_checklist(qtbot, kiosk)
    checklist = kiosk.language.checklist
    for text in ("The painful area swells.", "Other treatments have not helped enough."):
        row = find_button(kiosk.checklist, text)
        tap(qtbot, row)
        assert row.isChecked()
    assert kiosk.session.ticked == {"swelling", "not-helped"}
    tap(qtbot, find_button(kiosk.checklist, "Show my questions"))
    assert kiosk.stack.currentWidget() is kiosk.questions

    shown = kiosk.questions.shown_questions()
    expected = [q.text for q in suggested_questions(checklist, {"swelling", "not-helped"})]
    assert shown == expected
    assert "What can help with the swelling and inflammation?" in shown
    assert "Would ketamine infusions be an option for me?" in shown
    assert "What is the next step in my care?" in shown, "the always-suggested questions come too"
    assert len(shown) == len(set(shown))

    scanned = decode_qr(kiosk.questions)
    lines = scanned.splitlines()
    assert lines[0] == "Questions for your doctor"
    assert [line.split(". ", 1)[1] for line in lines[2:2 + len(shown)]] == shown
    assert lines[2 + len(shown):] == ["", " ".join(checklist.disclaimer.split()), "",
                                      kiosk.questions.unwell.text()], "then the disclaimer and what to do if unwell"
    assert "http" not in scanned, "the QR code carries the text itself, not a web address"
    assert "not a diagnosis" in kiosk.questions.disclaimer.text()
    assert "Only a clinician can diagnose CRPS" in kiosk.questions.disclaimer.text()


def test_ticking_nothing_still_gives_questions(qtbot, kiosk) -> None:
    open_checklist(qtbot, kiosk)
    tap(qtbot, find_button(kiosk.checklist, "Show my questions"))
    shown = kiosk.questions.shown_questions()
    assert shown == [q.text for q in kiosk.language.checklist.questions if q.always]
    checklist = kiosk.language.checklist
    assert decode_qr(kiosk.questions) == questions_as_text(
        "Questions for your doctor", [q for q in checklist.questions if q.always],
        [checklist.disclaimer, kiosk.language.text("unwell_note")])


def test_every_item_ticked_gives_a_long_list_that_still_scans(qtbot, kiosk) -> None:
    kiosk.resize(1080, 1920)
    open_checklist(qtbot, kiosk)
    for row in kiosk.checklist.rows:
        kiosk.checklist.items_scroll.ensureWidgetVisible(row)
        tap(qtbot, row)
    assert kiosk.session.ticked == {item.id for item in kiosk.language.checklist.items}
    tap(qtbot, find_button(kiosk.checklist, "Show my questions"))
    shown = kiosk.questions.shown_questions()
    assert shown == [q.text for q in kiosk.language.checklist.questions]
    scanned = decode_qr(kiosk.questions)
    checklist = kiosk.language.checklist
    assert scanned == questions_as_text("Questions for your doctor", checklist.questions,
                                        [checklist.disclaimer, kiosk.language.text("unwell_note")])


def test_unticking_removes_its_questions(qtbot, kiosk) -> None:
    open_checklist(qtbot, kiosk)
    row = find_button(kiosk.checklist, "The arm or leg feels weak.")
    tap(qtbot, row)
    tap(qtbot, row)
    assert not row.isChecked() and kiosk.session.ticked == set()
    tap(qtbot, find_button(kiosk.checklist, "Show my questions"))
    assert "What else could help me move the affected arm or leg?" not in kiosk.questions.shown_questions()


def test_change_my_ticks_keeps_them_and_start_over_forgets_them(qtbot, kiosk) -> None:
    open_checklist(qtbot, kiosk)
    tap(qtbot, find_button(kiosk.checklist, "The arm or leg feels weak."))
    tap(qtbot, find_button(kiosk.checklist, "Show my questions"))
    tap(qtbot, find_button(kiosk.questions, "Change my answers"))
    assert find_button(kiosk.checklist, "The arm or leg feels weak.").isChecked()
    tap(qtbot, find_button(kiosk.checklist, "Show my questions"))
    tap(qtbot, find_button(kiosk.questions, "Start over"))
    assert kiosk.stack.currentWidget() is kiosk.home
    assert kiosk.session.ticked == set()
    open_checklist(qtbot, kiosk)
    assert not any(row.isChecked() for row in kiosk.checklist.rows)
    assert kiosk.checklist.items_scroll.verticalScrollBar().value() == 0


def test_a_session_reset_wipes_the_answers(qtbot, kiosk) -> None:
    open_checklist(qtbot, kiosk)
    tap(qtbot, find_button(kiosk.checklist, "The painful area swells."))
    kiosk.reset_session()
    assert kiosk.session.ticked == set() and kiosk.session.screen == "home"
    kiosk.show_checklist()
    assert not any(row.isChecked() for row in kiosk.checklist.rows)


def test_answers_are_never_written_or_logged(qtbot, kiosk, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    with OPEN_RECORDER.recording():
        open_checklist(qtbot, kiosk)
        for row in kiosk.checklist.rows[:5]:
            tap(qtbot, row)
        tap(qtbot, find_button(kiosk.checklist, "Show my questions"))
        decode_qr(kiosk.questions)
        writes = list(OPEN_RECORDER.writes)
    assert writes == []
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for row in kiosk.checklist.rows[:5]:
        assert row.item.text not in logged and row.item.id not in logged
    for question in kiosk.questions.shown_questions():
        assert question not in logged


def test_there_is_no_print_button_without_a_printer(qtbot, kiosk) -> None:
    open_checklist(qtbot, kiosk)
    tap(qtbot, find_button(kiosk.checklist, "Show my questions"))
    assert "Print my questions" not in [b.accessibleName() for b in kiosk.questions.findChildren(type(kiosk.questions.print_button)) if b.isVisible()]


@pytest.fixture
def content_with_a_second_language(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(paths.bundled_content_dir(), root)
    spanish = root / "es"
    other = root / "xx"
    other.mkdir()
    # A language of its own words (English ones would be reported as not translated yet
    # and held back): the Spanish pages and checklist stand in for them.
    for page in spanish.glob("*.md"):
        shutil.copy(page, other / page.name)
    (other / "ui.yaml").write_text("language_name: Ñandú\nchecklist_tile: Preguntas para su médico\n"
                                   "checklist_show: Ver mis preguntas\n", encoding="utf-8")
    shutil.copy(spanish / "checklist.yaml", other / "checklist.yaml")
    return root


def test_another_language_scans_with_its_accents_intact(qtbot, content_with_a_second_language: Path) -> None:
    from kiosk.app import create_kiosk
    from kiosk.config import Config

    window = create_kiosk(Config(content_dir=content_with_a_second_language, fullscreen=False,
                                 speech_engine="mock"))
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    window.set_language("xx")
    tap(qtbot, find_button(window.home, "Preguntas para su médico"))
    tap(qtbot, find_button(window.checklist, "La zona que duele se hincha."))
    tap(qtbot, find_button(window.checklist, "Ver mis preguntas"))
    shown = window.questions.shown_questions()
    assert "¿Podrían mis síntomas ser SDRC y cómo lo sabríamos?" in shown
    scanned = decode_qr(window.questions)
    assert scanned.splitlines()[0] == "Preguntas para su médico"
    assert "¿Podrían mis síntomas ser SDRC y cómo lo sabríamos?" in scanned
