"""The usage counts as figures people read: a table, a CSV for a spreadsheet, and the
series the staff panel charts. Pure Python: no Qt.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from kiosk.usage import Measure, Row

__all__ = ["CSV_HEADER", "DAILY_COLUMNS", "PageFigures", "Row", "daily", "page_figures", "to_csv", "to_table"]

# Per-day columns of the table, in order, with their headings.
DAILY_COLUMNS: tuple[tuple[Measure, str], ...] = (
    (Measure.VISITS, "visits"),
    (Measure.QUESTIONS_SHOWN, "questions shown"),
    (Measure.QR_SHOWN, "QR shown"),
    (Measure.PRINTS, "prints"),
    (Measure.LARGER_TEXT, "larger text"),
    (Measure.HIGH_CONTRAST, "high contrast"),
    (Measure.READ_ALOUD, "read aloud"),
)
CSV_HEADER = ("date", "measure", "subject", "count")


@dataclass(frozen=True)
class PageFigures:
    """One page over the whole period: visits that opened it and 'helpful?' answers."""

    page: str
    opens: int
    yes: int
    no: int

    @property
    def answers(self) -> int:
        return self.yes + self.no

    @property
    def helpful_share(self) -> float | None:
        """Share of 'yes' among the answers (None when nobody answered)."""
        return self.yes / self.answers if self.answers else None


def page_figures(rows: Iterable[Row], order: Iterable[str] = ()) -> list[PageFigures]:
    """Per page, summed over the rows; pages in ``order`` first (in that order), then the rest."""
    totals: dict[str, dict[Measure, int]] = {}
    for row in rows:
        if row.measure in (Measure.PAGE_OPENS, Measure.HELPFUL_YES, Measure.HELPFUL_NO):
            page = totals.setdefault(row.subject, {})
            page[row.measure] = page.get(row.measure, 0) + row.count
    known = [page for page in order if page in totals]
    rest = sorted(page for page in totals if page not in known)
    return [PageFigures(page, totals[page].get(Measure.PAGE_OPENS, 0),
                        totals[page].get(Measure.HELPFUL_YES, 0), totals[page].get(Measure.HELPFUL_NO, 0))
            for page in [*known, *rest]]


def daily(rows: Iterable[Row], measure: Measure, until: date, days: int = 30) -> list[tuple[date, int]]:
    """``measure`` on each of the ``days`` days up to ``until``, with 0 for days without any."""
    by_day: dict[date, int] = {}
    for row in rows:
        if row.measure is measure:
            by_day[row.day] = by_day.get(row.day, 0) + row.count
    first = until - timedelta(days=days - 1)
    return [(first + timedelta(days=n), by_day.get(first + timedelta(days=n), 0)) for n in range(days)]


def to_csv(rows: Iterable[Row]) -> str:
    """One line per count: ``date,measure,subject,count`` (subject: a page or language, or empty).
    CSVs of several kiosks can be pasted one under the other and summed in a pivot table."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow((row.day.isoformat(), row.measure.value, row.subject, row.count))
    return out.getvalue()


def _percent(share: float | None) -> str:
    return "-" if share is None else f"{round(share * 100)}%"


def to_table(rows: list[Row], since: date, until: date, titles: Mapping[str, str] | None = None) -> str:
    """The figures as two plain-text tables: per day, then per page."""
    lines = [f"Anonymous usage counts from {since.isoformat()} to {until.isoformat()}", ""]
    per_day: dict[date, dict[Measure, int]] = {}
    languages: dict[date, dict[str, int]] = {}
    for row in rows:
        if row.measure is Measure.LANGUAGE:
            languages.setdefault(row.day, {})[row.subject] = row.count
        elif not row.subject:
            per_day.setdefault(row.day, {})[row.measure] = row.count
    headings = ["day", *(heading for _, heading in DAILY_COLUMNS), "languages chosen"]
    table = [headings]
    for day in sorted(set(per_day) | set(languages)):
        counts = per_day.get(day, {})
        chosen = ", ".join(f"{code} {n}" for code, n in sorted(languages.get(day, {}).items()))
        table.append([day.isoformat(), *(str(counts.get(m, 0)) for m, _ in DAILY_COLUMNS), chosen or "-"])
    totals = [sum(per_day.get(day, {}).get(m, 0) for day in per_day) for m, _ in DAILY_COLUMNS]
    table.append(["total", *map(str, totals), ""])
    lines += _aligned(table)
    lines.append("")
    pages = page_figures(rows, titles or ())
    table = [["page", "visits that opened it", "helpful: yes", "no", "share yes"]]
    for figures in pages:
        name = (titles or {}).get(figures.page, figures.page)
        table.append([name, str(figures.opens), str(figures.yes), str(figures.no),
                      _percent(figures.helpful_share)])
    lines += _aligned(table) if pages else ["No page was opened in this period."]
    return "\n".join(lines) + "\n"


def _aligned(table: list[list[str]]) -> list[str]:
    widths = [max(len(row[column]) for row in table) for column in range(len(table[0]))]
    out = []
    for row in table:
        rest = (cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True))
        cells = [row[0].ljust(widths[0]), *rest]
        out.append("  ".join(cells).rstrip())
    return out
