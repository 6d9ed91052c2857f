"""The printed question list: laid out once as a PDF in memory, then handed to a printer
that says whether it really took the job.

A printer here is anything with ``submit(pdf, title, page_html) -> str`` that returns the
job's id or raises: :class:`kiosk.cups.CupsPrinter` on Linux (and macOS), and
:class:`SpoolerPrinter` where there is no CUPS (Windows), which prints through Qt and
fails when Qt cannot start or finish the job. The kiosk reports success only after
``submit`` returned; it logs the job id, never what the page says.
"""

from __future__ import annotations

import html
import logging
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QObject, QRectF, QSizeF, Signal, Slot
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.content.model import Question
from kiosk.cups import CupsPrinter, PrintError, load_libcups

log = logging.getLogger(__name__)

__all__ = ["CupsPrinter", "PrintControl", "PrintError", "Printer", "Printout", "SpoolerPrinter",
           "printer_for", "printout_html", "printout_pdf"]


class Printer(Protocol):
    """Takes one printout; returns the job's id, or raises :class:`PrintError` (or OSError)."""

    threaded: bool  # True: submit() may block on the network, so it runs off the UI thread

    def submit(self, pdf: bytes, title: str, page_html: str = "") -> str: ...


def printout_html(title: str, intro: str, questions: Sequence[Question], disclaimer: str,
                  unwell: str = "") -> str:
    """The page: title, intro, the numbered questions, the disclaimer and what to do if unwell."""
    items = "".join(f"<li>{html.escape(q.text)}</li>" for q in questions)
    note = f"<p><b>{html.escape(unwell)}</b></p>" if unwell.strip() else ""
    return (f"<h1>{html.escape(title)}</h1><p>{html.escape(intro)}</p>"
            f"<ol>{items}</ol><p><i>{html.escape(disclaimer)}</i></p>{note}")


def _document(page_html: str, title: str) -> QTextDocument:
    document = QTextDocument()
    font = QFont("Atkinson Hyperlegible")
    font.setPointSize(14)
    document.setDefaultFont(font)
    document.setDefaultStyleSheet("h1 { font-size: 22pt; } li { margin-bottom: 10pt; }")
    document.setHtml(page_html)
    document.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, title)
    return document


def paint_pages(document: QTextDocument, device: QPagedPaintDevice) -> int:
    """Lay ``document`` out for ``device``'s pages and resolution and draw every page with one
    painter; the number of pages. Unlike ``QTextDocument.print_``, which carries on silently
    when the device cannot start (``QPainter::begin(): Returned false``: a printer that is
    not there), this raises :class:`PrintError`, and also when the device cannot finish."""
    painter = QPainter()
    if not painter.begin(device):
        raise PrintError("the printer cannot start a job")
    try:
        layout = document.documentLayout()
        layout.setPaintDevice(device)  # points are measured at the device's resolution
        page = QSizeF(device.width(), device.height())
        document.setPageSize(page)
        pages = document.pageCount()
        for number in range(pages):
            if number:
                if not device.newPage():
                    raise PrintError("the printer did not take the next page")
            painter.save()
            painter.translate(0, -number * page.height())
            context = QAbstractTextDocumentLayout.PaintContext()
            context.clip = QRectF(0, number * page.height(), page.width(), page.height())
            layout.draw(painter, context)
            painter.restore()
    finally:
        finished = painter.end()
    if not finished:
        raise PrintError("the printer did not finish the job")
    return pages


def printout_pdf(title: str, intro: str, questions: Sequence[Question], disclaimer: str,
                 document_title: str, unwell: str = "") -> bytes:
    """The printout as PDF bytes (US Letter with margins that suit A4 too), titled
    ``document_title``; in memory only."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(document_title)
    writer.setCreator("CRPS care kiosk")
    writer.setResolution(300)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.Letter), QPageLayout.Orientation.Portrait,
                                     QMarginsF(20, 20, 20, 20), QPageLayout.Unit.Millimeter))
    paint_pages(_document(printout_html(title, intro, questions, disclaimer, unwell), document_title), writer)
    del writer  # finishes the PDF
    buffer.close()
    pdf = bytes(data.data())
    if not pdf.startswith(b"%PDF"):
        raise PrintError("the printout could not be laid out")
    return pdf


class SpoolerPrinter:
    """Printing through Qt where there is no CUPS (Windows): the page is drawn by Qt onto the
    named printer (``default`` = the system's default), and fails when Qt cannot start or
    finish the job."""

    threaded = False  # Qt's printing belongs to the UI thread

    def __init__(self, name: str) -> None:
        self.name = name

    def submit(self, pdf: bytes, title: str, page_html: str = "") -> str:
        from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if self.name != "default":
            if self.name not in QPrinterInfo.availablePrinterNames():
                raise PrintError(f"printer '{self.name}' is not available")
            printer.setPrinterName(self.name)
        if not printer.isValid():
            raise PrintError(f"printer '{self.name}' is not usable")
        printer.setDocName(title)
        printer.setPageMargins(QMarginsF(20, 20, 20, 20), QPageLayout.Unit.Millimeter)
        try:
            paint_pages(_document(page_html, title), printer)
        except PrintError as error:
            raise PrintError(f"{error} (printer '{printer.printerName() or self.name}')") from None
        return printer.printerName() or self.name


@dataclass(frozen=True)
class Printout:
    """What goes on the page, in the visitor's language, and the words for the outcome."""

    title: str  # also the document's and the job's name: "Questions for your doctor"
    intro: str
    questions: Sequence[Question]
    disclaimer: str
    unwell: str
    printed: str  # "Your page is printing..."
    failed: str  # "The printer did not work..."


class PrintControl(QObject):
    """The Print button's work: lay the page out, hand it to the printer (on a thread of its
    own when the printer may wait on the network, so the screen never waits), then say how
    it went in ``status``, only if the list it was for is still the one on screen.
    One job at a time: the button is disabled until the answer comes.

    Signals:
        finished(bool): the printer accepted the job (True) or not, for the list on screen.
    """

    finished = Signal(bool)
    _done = Signal(int, str, str)  # visit, job id ("" = not printed), why not

    def __init__(self, button: QWidget, status: QLabel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._button = button
        self._status = status
        self.visit = 0
        self.printing = False
        self._words = ("", "")
        self._done.connect(self._on_done)

    def new_visit(self) -> None:
        """A new list is on screen: a late answer about the last one is not shown on it."""
        self.visit += 1
        self._status.hide()

    def start(self, factory: Callable[[], Printer | None], printout: Printout) -> None:
        if self.printing:
            return
        visit = self.visit
        self._words = (printout.printed, printout.failed)
        try:
            printer = factory()
            if printer is None:
                raise PrintError("no printer is set up")
            page = printout_html(printout.title, printout.intro, printout.questions, printout.disclaimer,
                                 printout.unwell)
            pdf = printout_pdf(printout.title, printout.intro, printout.questions, printout.disclaimer,
                               printout.title, printout.unwell)
        except Exception as error:  # noqa: BLE001 - any printer trouble becomes a friendly line
            self._on_done(visit, "", f"{type(error).__name__}: {error}")
            return
        self.printing = True
        self._button.setEnabled(False)
        if getattr(printer, "threaded", True):
            threading.Thread(target=self._run, args=(printer, pdf, printout.title, page, visit),
                             name="print-job", daemon=True).start()
        else:
            self._run(printer, pdf, printout.title, page, visit)

    def _run(self, printer: Printer, pdf: bytes, title: str, page_html: str, visit: int) -> None:
        try:
            job = str(printer.submit(pdf, title, page_html))
            if not job:
                raise PrintError("the printer gave no job id")
        except Exception as error:  # noqa: BLE001 - every failure is reported, with why
            self._done.emit(visit, "", f"{type(error).__name__}: {error}")
            return
        self._done.emit(visit, job, "")

    @Slot(int, str, str)
    def _on_done(self, visit: int, job: str, why: str) -> None:
        self.printing = False
        self._button.setEnabled(True)
        if job:
            log.info("question list accepted by the printer as job %s", job)  # never its contents
        else:
            log.error("printing failed: %s", why)
        if visit != self.visit:
            return  # the visitor has moved on: say nothing on someone else's list
        self._status.setText(self._words[0] if job else self._words[1])
        self._status.show()
        self.finished.emit(bool(job))


def printer_for(name: str) -> Printer | None:
    """The printer the ``printer`` setting names; None when it is empty (no Print button)."""
    if not name:
        return None
    if sys.platform.startswith("win"):
        return SpoolerPrinter(name)
    library = load_libcups()
    if library is None:
        log.warning("printer '%s' is set, but the CUPS client library (libcups2) is missing: "
                    "printing will fail until it is installed", name)
    return CupsPrinter(name, library)
