"""Anonymous daily usage counts, kept in SQLite (the standard library's ``sqlite3``).

What is kept: for each day, how many visits; per page, how many visits opened it and
how many answered "helpful?" yes or no; how many visits reached their questions, showed
the QR code, printed, chose each language, made text larger, turned on high contrast or
used read-aloud. Nothing else: never a time finer than the day, never the order of one
visit's steps, never a checklist tick or a question. Subjects are page names and
language codes only (checked here, so a caller cannot slip anything else in).

Each change is its own transaction in a WAL-mode database, so a crash or a kill loses
at most the change being written and the file always opens cleanly. While a visit goes
on, its changes sit in the write-ahead log in the order they happened; when the visit
ends the log is folded into the database and emptied (``wal_checkpoint(TRUNCATE)``),
and ``secure_delete`` overwrites old values, so no order survives the visit.

Pure Python: no Qt. A database that cannot be opened or written turns counting off
(logged once); the kiosk carries on.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from pathlib import Path

log = logging.getLogger(__name__)

FILE_NAME = "usage.sqlite3"
SCHEMA_VERSION = 1
_SUBJECT = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Measure(str, Enum):
    """What is counted (the value is the name used in the database and the report)."""

    VISITS = "visits"
    PAGE_OPENS = "page_opens"
    HELPFUL_YES = "helpful_yes"
    HELPFUL_NO = "helpful_no"
    QUESTIONS_SHOWN = "questions_shown"
    QR_SHOWN = "qr_shown"
    PRINTS = "prints"
    LANGUAGE = "language"
    LARGER_TEXT = "larger_text"
    HIGH_CONTRAST = "high_contrast"
    READ_ALOUD = "read_aloud"


# Measures counted per page (subject: the page's name) or per language (subject: its code).
PER_PAGE = frozenset({Measure.PAGE_OPENS, Measure.HELPFUL_YES, Measure.HELPFUL_NO})
PER_SUBJECT = PER_PAGE | {Measure.LANGUAGE}


class UsageError(Exception):
    """The usage database cannot be used; the message says why, for the log or IT."""


@dataclass(frozen=True)
class Row:
    day: date
    measure: Measure
    subject: str
    count: int


def _check(measure: Measure, subject: str) -> None:
    if measure in PER_SUBJECT:
        if not _SUBJECT.match(subject) or len(subject) > 64:
            raise ValueError(f"{measure.value} is counted per page or language name, not {subject!r}")
    elif subject:
        raise ValueError(f"{measure.value} is counted without a subject")


class UsageStore:
    """The counts database at ``path`` (created with its folder when missing)."""

    def __init__(self, path: Path, *, create: bool = True) -> None:
        self.path = path
        if not create and not path.is_file():
            raise UsageError(f"{path}: there are no usage counts here (the file does not exist)")
        try:
            if create:
                path.parent.mkdir(parents=True, exist_ok=True)
            if create:
                self._db = sqlite3.connect(path, isolation_level=None, timeout=2.0)
            else:  # a report only reads
                self._db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                           isolation_level=None, timeout=2.0)
        except (OSError, sqlite3.Error) as error:
            raise UsageError(f"{path}: cannot open the usage counts ({error})") from None
        try:
            self._prepare(create)
        except sqlite3.Error as error:
            self._db.close()
            raise UsageError(f"{path}: the usage counts cannot be read ({error})") from None

    def _prepare(self, create: bool) -> None:
        db = self._db
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise sqlite3.DatabaseError(f"it was written by a newer version of the kiosk ({version})")
        if not create:  # reading a copy for a report: change nothing
            if version < SCHEMA_VERSION:
                raise sqlite3.DatabaseError("it is not a kiosk's usage counts file")
            return
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")  # a kill loses nothing committed; see the module note
        db.execute("PRAGMA secure_delete=ON")
        if version < SCHEMA_VERSION:
            db.execute("BEGIN IMMEDIATE")
            db.execute("CREATE TABLE IF NOT EXISTS counts (day TEXT NOT NULL, measure TEXT NOT NULL, "
                       "subject TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (day, measure, subject)) "
                       "WITHOUT ROWID")
            db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            db.execute("COMMIT")

    def add(self, day: date, measure: Measure, subject: str = "", n: int = 1) -> None:
        """Add ``n`` to one count, in one transaction of its own."""
        _check(measure, subject)
        self._db.execute(
            "INSERT INTO counts (day, measure, subject, n) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (day, measure, subject) DO UPDATE SET n = n + excluded.n",
            (day.isoformat(), measure.value, subject, n))  # autocommit: one transaction

    def count(self, day: date, measure: Measure, subject: str = "") -> int:
        """One count of one day (0 when nothing was counted)."""
        row = self._db.execute("SELECT n FROM counts WHERE day = ? AND measure = ? AND subject = ?",
                               (day.isoformat(), measure.value, subject)).fetchone()
        return int(row[0]) if row else 0

    def forget_order(self) -> None:
        """Fold the write-ahead log into the database and empty it (end of a visit)."""
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def rows(self, since: date | None = None, until: date | None = None) -> list[Row]:
        """Every count from ``since`` to ``until`` (both included), by day, measure, subject."""
        query = "SELECT day, measure, subject, n FROM counts WHERE day >= ? AND day <= ? ORDER BY 1, 2, 3"
        low = since.isoformat() if since else "0000-00-00"
        high = until.isoformat() if until else "9999-99-99"
        try:
            found = self._db.execute(query, (low, high)).fetchall()
        except sqlite3.Error as error:
            raise UsageError(f"{self.path}: the usage counts cannot be read ({error})") from None
        rows = []
        for day, measure, subject, n in found:
            try:
                rows.append(Row(date.fromisoformat(day), Measure(measure), subject, int(n)))
            except ValueError:
                log.warning("%s: a count that this version does not know is skipped (%s, %s)",
                            self.path, day, measure)
        return rows

    def integrity(self) -> str:
        return str(self._db.execute("PRAGMA integrity_check").fetchone()[0])

    def close(self, forget_order: bool = True) -> None:
        if forget_order:
            try:
                self.forget_order()
            except sqlite3.Error:
                pass
        self._db.close()


class UsageCounter:
    """Counts what visitors do, each thing at most once per visit (a second look at the
    same page in one visit is not a second open). A visit is counted with its first
    counted step, so an idle reset with nobody there counts nothing.

    ``store`` None: counting is off. ``today``: the clock (injected in tests).
    """

    def __init__(self, store: UsageStore | None, today: Callable[[], date] = date.today) -> None:
        self.store = store
        self._today = today
        self._seen: set[tuple[Measure, str]] = set()

    @property
    def enabled(self) -> bool:
        return self.store is not None

    def _once(self, measure: Measure, subject: str = "") -> None:
        if self.store is None or (measure, subject) in self._seen:
            return
        _check(measure, subject)
        first = not self._seen
        self._seen.add((measure, subject))
        try:
            day = self._today()
            if first:
                self.store.add(day, Measure.VISITS)
            self.store.add(day, measure, subject)
        except sqlite3.Error as error:
            self._give_up(error)

    def _give_up(self, error: Exception) -> None:
        log.error("usage counts cannot be written to %s (%s); counting is off until the kiosk restarts",
                  self.store.path if self.store else "?", error)
        if self.store is not None:
            try:
                self.store.close()
            except sqlite3.Error:
                pass
        self.store = None

    def visit_started(self) -> None:
        """Someone touched the waiting screen: a visit, even if they do nothing else."""
        if self.store is None or self._seen:
            return
        self._seen.add((Measure.VISITS, ""))
        try:
            self.store.add(self._today(), Measure.VISITS)
        except sqlite3.Error as error:
            self._give_up(error)

    def page_opened(self, page: str) -> None:
        self._once(Measure.PAGE_OPENS, page)

    def helpful(self, page: str, yes: bool) -> None:
        """One answer per page per visit (the first one counts)."""
        if any((m, page) in self._seen for m in (Measure.HELPFUL_YES, Measure.HELPFUL_NO)):
            return
        self._once(Measure.HELPFUL_YES if yes else Measure.HELPFUL_NO, page)

    def questions_shown(self) -> None:
        self._once(Measure.QUESTIONS_SHOWN)

    def qr_shown(self) -> None:
        self._once(Measure.QR_SHOWN)

    def printed(self) -> None:
        self._once(Measure.PRINTS)

    def language_chosen(self, code: str) -> None:
        self._once(Measure.LANGUAGE, code)

    def larger_text(self) -> None:
        self._once(Measure.LARGER_TEXT)

    def high_contrast(self) -> None:
        self._once(Measure.HIGH_CONTRAST)

    def read_aloud(self) -> None:
        self._once(Measure.READ_ALOUD)

    def visits_yesterday(self) -> int | None:
        """The visits of the last whole day, for the fleet's metrics; None when counting is off
        or the counts cannot be read. Never today's: a figure that grows with each visit,
        read every minute, would tell a monitoring server when each visit happened, and no
        count may be finer than the day."""
        if self.store is None:
            return None
        try:
            return self.store.count(self._today() - timedelta(days=1), Measure.VISITS)
        except sqlite3.Error as error:
            log.warning("usage counts: the day's visits cannot be read (%s)", error)
            return None

    def end_visit(self) -> None:
        """The visitor is forgotten: nothing of this visit stays in memory, and the order of
        its steps leaves the write-ahead log."""
        self._seen = set()
        if self.store is None:
            return
        try:
            self.store.forget_order()
        except sqlite3.Error as error:
            log.warning("usage counts: the write-ahead log could not be emptied (%s)", error)

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None


def open_counter(enabled: bool, folder: Path, today: Callable[[], date] = date.today) -> UsageCounter:
    """The kiosk's counter: off when ``enabled`` is false or the database cannot be used
    (then logged, never raised)."""
    if not enabled:
        log.info("usage counts are off (usage_counts = false)")
        return UsageCounter(None, today)
    try:
        store = UsageStore(folder / FILE_NAME)
    except UsageError as error:
        log.error("%s; counting is off", error)
        return UsageCounter(None, today)
    log.info("anonymous daily usage counts go to %s", store.path)
    return UsageCounter(store, today)


def read_rows(files: Iterable[Path], since: date | None, until: date | None) -> list[Row]:
    """The counts of one or more databases (several kiosks) summed by day, measure, subject."""
    totals: dict[tuple[date, Measure, str], int] = {}
    for path in files:
        store = UsageStore(path, create=False)
        try:
            for row in store.rows(since, until):
                key = (row.day, row.measure, row.subject)
                totals[key] = totals.get(key, 0) + row.count
        finally:
            store.close(forget_order=False)
    return [Row(day, measure, subject, n) for (day, measure, subject), n in sorted(totals.items())]
