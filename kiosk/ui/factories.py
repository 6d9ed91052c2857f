"""What the window makes through injected factories, so that tests and benchmarks can
hand it stand-ins: timers that tests fire by hand, a printer, a speech engine."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer

if TYPE_CHECKING:
    from kiosk.ui.speech import ReadAloud

TimerFactory = Callable[[QObject], Any]
"""Makes a QTimer-like object (``QTimer`` in the kiosk, a hand-fired fake in tests)."""

PrinterFactory = Callable[[], Any]
"""Returns the printer the settings name (:class:`kiosk.ui.printing.Printer`: ``submit`` a PDF,
get a job id or an error), or None when there is no printer."""

SpeechFactory = Callable[[str, QObject, Mapping[str, str]], "ReadAloud"]
"""Makes the read-aloud service for an engine name (``speech_engine`` in the settings) and the
voice wanted per language (``voices``)."""


def read_aloud(engine: str, parent: QObject, voices: Mapping[str, str]) -> ReadAloud:
    """The real read-aloud service (its module, and the speech engines', imported on the
    first page that reads aloud, not before the first frame)."""
    from kiosk.ui.speech import ReadAloud

    return ReadAloud(engine, parent, voices)


@dataclass(frozen=True)
class Factories:
    """The window's factories; the defaults are the real things."""

    timer: TimerFactory = QTimer
    printer: PrinterFactory | None = None  # None: no printer, no Print button
    speech: SpeechFactory = read_aloud
