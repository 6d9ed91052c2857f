"""The clinic's details and the "if you feel unwell" words, as a patient meets them:
on every screen, on the phone (QR code read back from its pixels) and on paper (the
printout read back from the PDF)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QTextBrowser

from helpers import decode_qr, find_button, pdf_text, tap
from kiosk import paths
from kiosk.content.checklist import questions_as_text

FILLED = """clinic_name: Riverside Pain Clinic
clinic_phone: 555-0100
after_hours_phone: 555-0199
emergency_number: 911
ask_in_person:
  en: the front desk
  es: el personal de recepción
"""
# A word, then a blank where a value should have been: "call .", "( )", two spaces.
BLANK = re.compile(r"\w\s+[.,;:!?)]|\(\s*\)|\S {2,}\S")


def visible_texts(widget) -> list[str]:  # type: ignore[no-untyped-def]
    texts = [label.text() for label in widget.findChildren(QLabel) if label.isVisible() and label.text().strip()]
    texts += [b.accessibleName() for b in widget.findChildren(QAbstractButton) if b.isVisible()]
    for browser in widget.findChildren(QTextBrowser):
        if browser.isVisible():
            texts += [line for line in browser.toPlainText().splitlines() if line.strip()]
    return texts


def every_screen(window, qtbot) -> Iterator[tuple[str, object]]:  # type: ignore[no-untyped-def]
    """Show each screen a patient can reach, in each language, orientation and at the
    default and the largest text size; yield a name and the widget on screen."""
    for code in window.bundle.languages:
        for size in ((1920, 1080), (1080, 1920)):
            for largest in (False, True):
                window.set_language(code)
                language = window.language
                window.resize(*size)
                if largest:
                    larger = find_button(window.access_bar, language.text("text_larger"))
                    while larger.isEnabled():
                        tap(qtbot, larger)
                where = f"{code} {size} {'largest' if largest else 'default'} text"
                window.show_home()
                yield f"{where}: home", window.stack.currentWidget()
                for section in language.sections:
                    window.show_section(section.slug)
                    yield f"{where}: {section.file_name}", window.stack.currentWidget()
                window.show_checklist()
                yield f"{where}: checklist", window.stack.currentWidget()
                for row in window.checklist.rows:
                    window.session.set_ticked(row.item.id, True)
                window.show_questions()
                yield f"{where}: questions", window.stack.currentWidget()
                window.idle.warn_now()
                yield f"{where}: still there?", window.idle_overlay
                window.idle.activity()
                window.show_attract()
                yield f"{where}: waiting screen", window.stack.currentWidget()
                window.reset_session()


def test_with_the_clinic_file_empty_no_screen_shows_a_placeholder_or_a_blank(qtbot, kiosk) -> None:
    assert dict(kiosk.bundle.clinic.values) == {}, "the bundled clinic file ships empty"
    seen = 0
    for name, widget in every_screen(kiosk, qtbot):
        texts = visible_texts(widget)
        assert texts, name
        if widget is kiosk.questions:
            texts.append(decode_qr(kiosk.questions))
        for text in texts:
            assert "{" not in text and "}" not in text, f"{name}: {text!r}"
            assert not BLANK.search(text), f"{name}: {text!r}"
            seen += 1
    assert seen > 1000


@pytest.mark.parametrize(("code", "unwell"), [
    ("en", "If you feel unwell while you are here, tell a staff member now. At home, call your clinic. "
           "In an emergency, call your local emergency number."),
    ("es", "Si se siente mal mientras está aquí, hable ahora con alguien del personal. En casa, comuníquese "
           "con su clínica. En una emergencia, llame al número de emergencias de su zona."),
])
def test_the_questions_carry_what_to_do_if_you_feel_unwell(qtbot, kiosk, code: str, unwell: str) -> None:
    kiosk.set_language(code)
    kiosk.show_questions()
    screen = kiosk.questions
    assert screen.unwell.isVisible() and screen.unwell.text() == unwell
    checklist = kiosk.language.checklist
    scanned = decode_qr(screen)
    assert scanned == questions_as_text(checklist.title, screen.questions, [checklist.disclaimer, unwell])
    assert scanned.endswith("\n\n" + " ".join(checklist.disclaimer.split()) + "\n\n" + unwell)


@pytest.fixture
def filled_content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(paths.bundled_content_dir(), root)
    (root / "clinic.yaml").write_text(FILLED, encoding="utf-8")
    return root


@pytest.fixture
def clinic_kiosk(qtbot, filled_content: Path):  # type: ignore[no-untyped-def]
    from kiosk.app import create_kiosk
    from kiosk.config import Config

    window = create_kiosk(Config(content_dir=filled_content, fullscreen=False, speech_engine="mock"),
                          watch_content=False)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    return window


def test_the_clinic_phone_and_the_disclaimer_reach_the_phone_by_qr(qtbot, clinic_kiosk) -> None:
    window = clinic_kiosk
    tap(qtbot, find_button(window.home, "Questions for your doctor"))
    tap(qtbot, find_button(window.checklist, "Other treatments have not helped enough."))
    tap(qtbot, find_button(window.checklist, "Show my questions"))
    scanned = decode_qr(window.questions)
    assert "Would ketamine infusions be an option for me?" in scanned
    assert "This list is not a diagnosis. Only a clinician can diagnose CRPS." in scanned
    assert ("If you feel unwell while you are here, tell the front desk now. At home, call the clinic at "
            "555-0100. In an emergency, call 911.") in scanned
    assert "555-0100" in window.questions.unwell.text()


def test_the_spanish_qr_carries_the_spanish_words_around_the_same_numbers(qtbot, clinic_kiosk) -> None:
    window = clinic_kiosk
    window.set_language("es")
    window.show_questions()
    scanned = decode_qr(window.questions)
    assert "Esta lista no es un diagnóstico." in scanned
    assert ("Si se siente mal mientras está aquí, hable ahora con el personal de recepción. En casa, "
            "comuníquese con la clínica al 555-0100. En una emergencia, llame al 911.") in scanned


def test_the_printout_carries_the_disclaimer_and_the_clinic_phone(qtbot, clinic_kiosk, tmp_path: Path) -> None:
    out = tmp_path / "questions.pdf"

    class PdfPrinter:
        """Keeps the PDF the kiosk would send to CUPS."""

        threaded = True

        def submit(self, pdf: bytes, title: str, page_html: str = "") -> str:
            out.write_bytes(pdf)
            return "test-1"

    window = clinic_kiosk
    window.questions._printer_factory = PdfPrinter
    window.questions.print_button.setVisible(True)
    window.session.set_ticked("not-helped", True)
    window.show_questions()
    with qtbot.waitSignal(window.questions.print_control.finished, timeout=10000):
        tap(qtbot, find_button(window.questions, "Print my questions"))
    text = pdf_text(out)
    assert "Would ketamine infusions be an option for me?" in text
    assert "This list is not a diagnosis. Only a clinician can diagnose CRPS." in text
    assert ("If you feel unwell while you are here, tell the front desk now. At home, call the clinic at "
            "555-0100. In an emergency, call 911.") in text


def test_the_waiting_screen_says_what_the_kiosk_is_about_in_each_language(qtbot, kiosk) -> None:
    kiosk.show_attract()
    assert kiosk.attract.topic_texts() == ["Learn about CRPS and ketamine infusions",
                                           "Aprenda sobre el SDRC y las infusiones de ketamina"]
    assert kiosk.attract.texts() == ["Touch anywhere to start", "Toque la pantalla para empezar"]
    assert all(label.isVisible() for label in kiosk.attract.labels + kiosk.attract.topic_labels)


@pytest.mark.parametrize("code", ["en", "es"])
def test_the_end_of_the_safety_page_can_be_read_at_the_largest_text_in_both_orientations(
        qtbot, kiosk, code: str) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QScrollArea

    kiosk.set_language(code)
    larger = kiosk.access_bar.larger
    while larger.isEnabled():
        tap(qtbot, larger)
    for size in ((1920, 1080), (1080, 1920), (1920, 1080)):  # the screen turned, and back
        kiosk.resize(*size)
        kiosk.show_home()
        kiosk.show_section("safety-and-side-effects")
        column = kiosk.page.findChild(QScrollArea, "PageColumn")
        assert column is not None and column.isVisible(), "large text flows in one scrolling column"
        text = kiosk.page.text
        words = text.document().size().height()
        assert words <= text.height() <= words + 40, f"{size}: the text is as tall as its words"
        bar = column.verticalScrollBar()
        bar.setValue(bar.maximum())
        bottom = text.mapTo(column.viewport(), text.rect().bottomLeft()).y()
        assert bottom <= column.viewport().height(), f"{size}: the last words scroll into view"
        last = text.toPlainText().strip().splitlines()[-1]
        assert last.endswith({"en": "call your local emergency number.",
                              "es": "llame al número de emergencias de su zona."}[code])
