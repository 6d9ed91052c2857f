"""Printing tells the truth: "Your page is printing" only once a printer accepted the job.

The printers here are stand-ins with the real printer's contract (``submit(pdf, title,
page_html)`` returns a job id or raises), plus the real CUPS client library talking to a
CUPS that is not there. The same flow against a real CUPS with a cups-pdf queue is in
tests/test_services.py.
"""

from __future__ import annotations

import io
import logging
import threading
from pathlib import Path

import pytest

from helpers import OPEN_RECORDER, find_button, tap
from kiosk.cups import CupsPrinter, PrintError, load_libcups


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(data)).pages)


def pdf_title(data: bytes) -> str:
    from pypdf import PdfReader

    return str((PdfReader(io.BytesIO(data)).metadata or {}).get("/Title", ""))


class FakePrinter:
    """Takes the job in memory, as CUPS would, and answers with a job id (or an error)."""

    threaded = True

    def __init__(self, error: Exception | None = None, gate: threading.Event | None = None) -> None:
        self.jobs: list[tuple[bytes, str]] = []
        self.error = error
        self.gate = gate

    def submit(self, pdf: bytes, title: str, page_html: str = "") -> str:
        if self.gate is not None:
            assert self.gate.wait(10)
        if self.error is not None:
            raise self.error
        self.jobs.append((pdf, title))
        return f"kiosk-{len(self.jobs)}"


def print_screen(qtbot, kiosk, printer: object, language: str = "en") -> None:  # type: ignore[no-untyped-def]
    kiosk.questions._printer_factory = lambda: printer
    kiosk.questions.print_button.setVisible(True)
    kiosk.set_language(language)
    for row in kiosk.checklist.rows:
        kiosk.session.set_ticked(row.item.id, True)
    kiosk.show_questions()


def test_the_printout_holds_every_question_and_the_disclaimer_and_has_a_title(qtbot, kiosk, caplog) -> None:
    caplog.set_level(logging.INFO)
    printer = FakePrinter()
    print_screen(qtbot, kiosk, printer)
    with OPEN_RECORDER.recording() as writes:
        with qtbot.waitSignal(kiosk.questions.print_control.finished, timeout=10000) as finished:
            tap(qtbot, find_button(kiosk.questions, "Print my questions"))
    assert finished.args == [True]
    assert kiosk.questions.print_status.text().startswith("Your page is printing")
    [(pdf, title)] = printer.jobs
    assert title == "Questions for your doctor"
    assert pdf_title(pdf) == "Questions for your doctor"
    text = pdf_text(pdf)
    for question in kiosk.questions.shown_questions():
        assert " ".join(question.split()) in text
    assert "not a diagnosis" in text
    assert " ".join(kiosk.questions.unwell.text().split()) in text, "and what to do if you feel unwell"
    assert writes == [], "the printout is made in memory, never written to a file"
    assert "accepted by the printer as job kiosk-1" in caplog.text
    for question in kiosk.questions.shown_questions():
        assert question not in caplog.text, "the log holds the job id, never the questions"


def inked_height(pdf: bytes) -> float:
    """The share of the first page's height that has print on it (drawn by QtPdf)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
    from PySide6.QtGui import QImage
    from PySide6.QtPdf import QPdfDocument

    data = QByteArray(pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    image = document.render(0, QSize(425, 550)).convertToFormat(QImage.Format.Format_Grayscale8)
    rows = [y for y in range(image.height())
            if min(bytes(image.constScanLine(y))[:image.width()]) < 128]  # type: ignore[call-overload]
    return (rows[-1] - rows[0]) / image.height() if rows else 0.0


def test_the_printout_is_in_large_print(qtbot, kiosk) -> None:
    """Six questions, the intro and the disclaimer fill a good part of a Letter page (the
    page was once laid out at a third of its size)."""
    printer = FakePrinter()
    print_screen(qtbot, kiosk, printer)
    with qtbot.waitSignal(kiosk.questions.print_control.finished, timeout=10000):
        tap(qtbot, find_button(kiosk.questions, "Print my questions"))
    [(pdf, _)] = printer.jobs
    assert len(kiosk.questions.shown_questions()) >= 6
    assert inked_height(pdf) > 0.4


def test_the_printout_is_titled_in_the_visitors_language(qtbot, kiosk) -> None:
    printer = FakePrinter()
    print_screen(qtbot, kiosk, printer, "es")
    with qtbot.waitSignal(kiosk.questions.print_control.finished, timeout=10000):
        tap(qtbot, find_button(kiosk.questions, "Imprimir mis preguntas"))
    [(pdf, title)] = printer.jobs
    assert title == "Preguntas para su médico" == pdf_title(pdf)
    assert kiosk.questions.print_status.text().startswith("Su hoja se está imprimiendo")


@pytest.mark.parametrize("error", [PrintError("CUPS did not accept a job for 'desk' (Printer is stopped)"),
                                   OSError("connection refused"), RuntimeError("driver crashed")])
def test_a_printer_that_refuses_the_job_gives_the_failure_message_and_the_log_says_why(
        qtbot, kiosk, caplog, error: Exception) -> None:
    print_screen(qtbot, kiosk, FakePrinter(error=error))
    with qtbot.waitSignal(kiosk.questions.print_control.finished, timeout=10000) as finished:
        tap(qtbot, find_button(kiosk.questions, "Print my questions"))
    assert finished.args == [False]
    assert kiosk.questions.print_status.text().startswith("The printer did not work")
    assert str(error) in caplog.text and "printing failed" in caplog.text


def test_a_printer_factory_that_fails_or_finds_nothing_gives_the_failure_message(qtbot, kiosk) -> None:
    def broken() -> object:
        raise RuntimeError("paper jam")

    for factory in (broken, lambda: None):
        print_screen(qtbot, kiosk, None)
        kiosk.questions._printer_factory = factory
        with qtbot.waitSignal(kiosk.questions.print_control.finished, timeout=10000) as finished:
            tap(qtbot, find_button(kiosk.questions, "Print my questions"))
        assert finished.args == [False]
        assert kiosk.questions.print_status.text().startswith("The printer did not work")
        assert kiosk.questions.isVisible()


def test_a_printer_that_gives_no_job_id_has_not_printed(qtbot, kiosk) -> None:
    class Silent(FakePrinter):
        def submit(self, pdf: bytes, title: str, page_html: str = "") -> str:
            return ""

    print_screen(qtbot, kiosk, Silent())
    with qtbot.waitSignal(kiosk.questions.print_control.finished, timeout=10000) as finished:
        tap(qtbot, find_button(kiosk.questions, "Print my questions"))
    assert finished.args == [False]


def test_a_slow_printer_never_freezes_the_screen_and_one_tap_makes_one_job(qtbot, kiosk) -> None:
    gate = threading.Event()
    printer = FakePrinter(gate=gate)
    print_screen(qtbot, kiosk, printer)
    button = find_button(kiosk.questions, "Print my questions")
    tap(qtbot, button)  # returns while the printer is still thinking
    assert kiosk.questions.print_control.printing and not kiosk.questions.print_status.isVisible()
    assert not button.isEnabled(), "a second tap cannot send a second copy"
    kiosk.questions._on_print_clicked()  # even a tap that got through sends nothing more
    with qtbot.waitSignal(kiosk.questions.print_control.finished, timeout=10000):
        gate.set()
    assert len(printer.jobs) == 1
    assert button.isEnabled() and kiosk.questions.print_status.isVisible()


def test_a_late_answer_is_not_shown_to_the_next_visitor(qtbot, kiosk) -> None:
    gate = threading.Event()
    print_screen(qtbot, kiosk, FakePrinter(gate=gate))
    tap(qtbot, find_button(kiosk.questions, "Print my questions"))
    kiosk.reset_session()
    kiosk.show_questions()  # the next visitor's list
    told: list[bool] = []
    kiosk.questions.print_control.finished.connect(told.append)
    gate.set()
    qtbot.waitUntil(lambda: not kiosk.questions.print_control.printing)  # the answer came back
    assert told == [] and not kiosk.questions.print_status.isVisible()


needs_libcups = pytest.mark.skipif(load_libcups() is None, reason="the CUPS client library (libcups2) is not installed")


@needs_libcups
def test_cups_that_is_not_running_refuses_with_a_reason(tmp_path: Path) -> None:
    # conftest points CUPS_SERVER at a socket nobody listens on
    for name in ("default", "kiosk-pdf"):
        with pytest.raises(PrintError, match="CUPS"):
            CupsPrinter(name).submit(b"%PDF-1.4\n", "Questions for your doctor")


@needs_libcups
def test_the_printer_setting_with_cups_down_gives_the_failure_message(qtbot, default_content_dir) -> None:
    """With ``printer = "default"`` and CUPS not answering, the kiosk used to say "Your page is
    printing" (QTextDocument.print_ does not report QPainter::begin() failing)."""
    from kiosk.app import create_kiosk
    from kiosk.config import Config

    window = create_kiosk(Config(content_dir=default_content_dir, fullscreen=False, printer="default",
                                 speech_engine="none"), watch_content=False)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    window.show_questions()
    with qtbot.waitSignal(window.questions.print_control.finished, timeout=10000) as finished:
        tap(qtbot, find_button(window.questions, "Print my questions"))
    assert finished.args == [False]
    assert window.questions.print_status.text().startswith("The printer did not work")


def test_the_printer_setting_makes_the_print_button_appear() -> None:
    from kiosk.app import printer_factory

    assert printer_factory("") is None
    make = printer_factory("default")
    assert make is not None and hasattr(make(), "submit")


@pytest.mark.qt_log_ignore("QPainter::begin")
def test_a_printer_that_cannot_start_is_a_failure_not_a_silent_success(qtbot, tmp_path: Path) -> None:
    """``QTextDocument.print_`` carries on when ``QPainter::begin()`` fails (a printer that is
    not there): the kiosk then said "Your page is printing". The kiosk draws with its own
    painter and stops there."""
    from PySide6.QtPrintSupport import QPrinter

    from kiosk.ui.printing import SpoolerPrinter, _document, paint_pages

    nowhere = QPrinter(QPrinter.PrinterMode.HighResolution)
    nowhere.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    nowhere.setOutputFileName(str(tmp_path / "no-such-folder" / "out.pdf"))
    with pytest.raises(PrintError, match="cannot start a job"):
        paint_pages(_document("<p>One question</p>", "Questions for your doctor"), nowhere)
    with pytest.raises(PrintError, match="not available"):
        SpoolerPrinter("no-such-printer").submit(b"", "Questions for your doctor", "<p>x</p>")
    if load_libcups() is not None:  # Qt's CUPS printer with CUPS not answering (conftest)
        with pytest.raises(PrintError, match="cannot start a job"):
            SpoolerPrinter("default").submit(b"", "Questions for your doctor", "<p>x</p>")


def test_a_long_list_goes_onto_as_many_pages_as_it_needs(qtbot) -> None:
    from kiosk.content.model import Question
    from kiosk.ui.printing import printout_pdf

    questions = [Question(f"q{n}", f"Question {n}: what should I watch for, and when should I call?")
                 for n in range(40)]
    pdf = printout_pdf("Questions for your doctor", "Ask these.", questions, "This list is not a diagnosis.",
                       "Questions for your doctor")
    from pypdf import PdfReader

    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 2
    text = pdf_text(pdf)
    assert "Question 0:" in text and "Question 39:" in text and "not a diagnosis" in text
