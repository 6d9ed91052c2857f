"""Hand a finished PDF to CUPS and know whether it was accepted (pure Python, no Qt).

The kiosk prints through CUPS's own client library (libcups, which the packaged program
carries for Qt's print support), with the IPP calls a print dialog makes: create a job,
send the document, finish it. Printing has worked only when CUPS answered with a job id
and accepted the whole document; every other answer is a :class:`PrintError` that says
why. The document goes straight from memory to CUPS: nothing is written to disk here.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import sys
from pathlib import Path

log = logging.getLogger(__name__)

HTTP_STATUS_CONTINUE = 100
IPP_STATUS_OK_MAX = 0x00FF  # "successful-ok" and its variants
FORMAT_PDF = b"application/pdf"
# The document's own name inside the job (the job carries the title). A plain file name: the
# cupsd of Debian 12 (CUPS 2.4.2) crashes on a document name with spaces (seen in CI).
DOCUMENT_NAME = b"questions.pdf"


class PrintError(RuntimeError):
    """The printout was not accepted (the message says why, never what it held)."""


def load_libcups() -> ctypes.CDLL | None:
    """CUPS's client library: the one bundled with the program, else the system's."""
    candidates: list[str] = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates += [str(path) for path in sorted(Path(bundle).glob("libcups.so*"))]
    found = ctypes.util.find_library("cups")
    if found:
        candidates.append(found)
    candidates.append("libcups.so.2")
    for candidate in candidates:
        try:
            library = ctypes.CDLL(candidate)
        except OSError:
            continue
        _declare(library)
        return library
    return None


def _declare(lib: ctypes.CDLL) -> None:
    lib.cupsGetDefault.restype = ctypes.c_char_p
    lib.cupsGetDefault.argtypes = []
    lib.cupsLastErrorString.restype = ctypes.c_char_p
    lib.cupsLastErrorString.argtypes = []
    lib.cupsCreateJob.restype = ctypes.c_int
    lib.cupsCreateJob.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int,
                                  ctypes.c_void_p]
    lib.cupsStartDocument.restype = ctypes.c_int
    lib.cupsStartDocument.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                                      ctypes.c_char_p, ctypes.c_int]
    lib.cupsWriteRequestData.restype = ctypes.c_int
    lib.cupsWriteRequestData.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t]
    lib.cupsFinishDocument.restype = ctypes.c_int
    lib.cupsFinishDocument.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    lib.cupsCancelJob2.restype = ctypes.c_int
    lib.cupsCancelJob2.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_int]


class CupsPrinter:
    """A CUPS queue by name, or ``default`` for CUPS's default queue."""

    threaded = True  # submit() waits on CUPS: run it off the UI thread

    def __init__(self, name: str, library: ctypes.CDLL | None = None) -> None:
        self.name = name
        self._lib = library

    def _library(self) -> ctypes.CDLL:
        if self._lib is None:
            self._lib = load_libcups()
            if self._lib is None:
                raise PrintError("the CUPS client library (libcups2) is not installed")
        return self._lib

    def _error(self, lib: ctypes.CDLL) -> str:
        text = lib.cupsLastErrorString()
        return text.decode("utf-8", "replace") if text else "no reason given"

    def queue(self) -> str:
        """The queue the job goes to (``default`` resolved by asking CUPS)."""
        lib = self._library()
        if self.name and self.name != "default":
            return self.name
        default = lib.cupsGetDefault()
        if not default:
            raise PrintError(f"CUPS has no default printer ({self._error(lib)})")
        return str(default.decode("utf-8", "replace"))

    def submit(self, pdf: bytes, title: str, page_html: str = "") -> str:
        """Send ``pdf`` as one job titled ``title``; the job's id (``queue-N``) once CUPS
        accepted all of it. Blocks while CUPS answers: call it off the UI thread.
        (``page_html`` is for printers that lay the page out themselves; CUPS takes the PDF.)"""
        del page_html
        lib = self._library()
        queue = self.queue()
        name = queue.encode("utf-8")
        job = lib.cupsCreateJob(None, name, title.encode("utf-8"), 0, None)
        if job <= 0:
            raise PrintError(f"CUPS did not accept a job for '{queue}' ({self._error(lib)})")
        try:
            status = lib.cupsStartDocument(None, name, job, DOCUMENT_NAME, FORMAT_PDF, 1)
            if status != HTTP_STATUS_CONTINUE:
                raise PrintError(f"CUPS refused the document for job {job} ({self._error(lib)})")
            if lib.cupsWriteRequestData(None, pdf, len(pdf)) != HTTP_STATUS_CONTINUE:
                raise PrintError(f"sending job {job} to CUPS failed ({self._error(lib)})")
            finished = lib.cupsFinishDocument(None, name)
            if finished > IPP_STATUS_OK_MAX:
                raise PrintError(f"CUPS did not accept job {job} ({self._error(lib)})")
        except PrintError:
            lib.cupsCancelJob2(None, name, job, 1)
            raise
        return f"{queue}-{job}"
