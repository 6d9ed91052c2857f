"""Where a page's information comes from and who checked it: the front-matter fields
``sources``, ``reviewed_on`` and ``reviewed_by``. Pure Python: no Qt.

A value that cannot be used is reported (as a warning) and left out: it never stops a
page from showing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from kiosk.content.approvals import words_hash
from kiosk.content.model import Severity

LineOf = Callable[[str], int | None]
Warn = Callable[[int | None, str], None]

REVIEW_FIELDS = {
    "sources": "where the information comes from: a list of plain-text references",
    "reviewed_on": "the day the page was last checked for the clinic (YYYY-MM-DD)",
    "reviewed_by": "who checked it, with their role",
}
MAX_SOURCES = 20
MAX_SOURCE_CHARS = 500
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def without_review_fields(front: dict[Any, Any]) -> dict[Any, Any]:
    """The page's other fields (the review fields are read by :func:`page_fields`)."""
    return {key: value for key, value in front.items() if key not in REVIEW_FIELDS}


def page_fields(front: dict[Any, Any], text: str,
                report: Callable[[int | None, str, Severity], None]) -> dict[str, Any]:
    """The page's provenance as :class:`~kiosk.content.model.Section` fields: ``sources``,
    ``reviewed_on``, ``reviewed_by`` and ``words_hash`` (the fingerprint its approval is
    checked against), from its front matter ``front`` and its whole ``text``. Problems are
    reported as warnings."""

    def line_of(key: str) -> int | None:
        return next((n for n, line in enumerate(text.split("\n"), 1) if line.startswith(f"{key}:")), None)

    sources, reviewed_on, reviewed_by = review_fields(
        front, line_of, lambda line, message: report(line, message, Severity.WARNING))
    return {"sources": sources, "reviewed_on": reviewed_on, "reviewed_by": reviewed_by,
            "words_hash": words_hash(text)}


def review_fields(front: dict[Any, Any], line_of: LineOf,
                  warn: Warn) -> tuple[tuple[str, ...], date | None, str]:
    """(sources, reviewed_on, reviewed_by) from a page's front matter. ``line_of(key)`` says
    on which line a field is; ``warn(line, message)`` reports a value that is left out."""
    return (_sources(front.get("sources"), line_of, warn),
            _reviewed_on(front.get("reviewed_on"), line_of, warn),
            _reviewed_by(front.get("reviewed_by"), line_of, warn))


def _sources(raw: Any, line_of: LineOf,
             warn: Warn) -> tuple[str, ...]:
    if raw is None:
        return ()
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list) or not items or not all(isinstance(i, str) and i.strip() for i in items):
        colon = isinstance(items, list) and any(isinstance(i, dict) for i in items)
        hint = " (a source with a colon and a space in it must be put in quotes)" if colon else ""
        warn(line_of("sources"), "'sources' must be a list of plain-text lines, each starting with "
             f"'- '{hint}; it is ignored")
        return ()
    sources = tuple(" ".join(item.split()) for item in items[:MAX_SOURCES])
    if len(items) > MAX_SOURCES or any(len(item) > MAX_SOURCE_CHARS for item in sources):
        warn(line_of("sources"), f"'sources' is long: at most {MAX_SOURCES} sources of {MAX_SOURCE_CHARS} "
             "characters are shown")
        sources = tuple(item[:MAX_SOURCE_CHARS] for item in sources)
    return sources


def _reviewed_on(raw: Any, line_of: LineOf,
                 warn: Warn) -> date | None:
    if raw is None or raw == "":
        return None
    text = raw.isoformat() if isinstance(raw, date) else str(raw).strip()
    parsed = None
    if _DATE.match(text):
        try:
            parsed = date.fromisoformat(text)
        except ValueError:
            parsed = None
    if parsed is None:
        warn(line_of("reviewed_on"), f"'reviewed_on' must be a date written as YYYY-MM-DD, like 2026-03-03, "
             f"not '{text}'; it is ignored")
    return parsed


def _reviewed_by(raw: Any, line_of: LineOf, warn: Warn) -> str:
    if raw is None:
        return ""
    if isinstance(raw, str) and "\n" not in raw.strip():
        return " ".join(raw.split())
    warn(line_of("reviewed_by"), "'reviewed_by' must be one line of plain text (a name and role); it is "
         "ignored")
    return ""
