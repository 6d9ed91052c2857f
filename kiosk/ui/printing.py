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
from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF
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

from kiosk.content.model import Question
from kiosk.cups import CupsPrinter, PrintError, load_libcups

log = logging.getLogger(__name__)

__all__ = ["CupsPrinter", "Printer", "PrintError", "SpoolerPrinter", "printer_for", "printout_html",
           "printout_pdf"]


class Printer(Protocol):
    """Takes one printout; returns the job's id, or raises :class:`PrintError` (or OSError)."""

    threaded: bool  # True: submit() may block on the network, so it runs off the UI thread

    def submit(self, pdf: bytes, title: str, page_html: str = "") -> str: ...


def printout_html(title: str, intro: str, questions: Sequence[Question], disclaimer: str) -> str:
    items = "".join(f"<li>{html.escape(q.text)}</li>" for q in questions)
    return (f"<h1>{html.escape(title)}</h1><p>{html.escape(intro)}</p>"
            f"<ol>{items}</ol><p><i>{html.escape(disclaimer)}</i></p>")


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
                 document_title: str) -> bytes:
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
    paint_pages(_document(printout_html(title, intro, questions, disclaimer), document_title), writer)
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
