"""Clinical sign-off of the content: approved, changed since approved, never approved,
review overdue; which pages the patient may see; what each page says about who checked it.

Pure Python: no Qt, no clock of its own (``today`` is always handed in), no file reads.
"""

from __future__ import annotations

import calendar
import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import Enum

from kiosk.content.approvals import CHECKLIST_FILE
from kiosk.content.approvals import FILE_NAME as APPROVALS_FILE
from kiosk.content.model import (
    Approval,
    ContentBundle,
    ContentProblem,
    Language,
    Section,
    Severity,
    SignOff,
)
from kiosk.content.strings import month_names_problem


class Status(str, Enum):
    """Where one file stands with its sign-off."""

    APPROVED = "approved"
    CHANGED = "changed since approved"
    NEVER = "never approved"
    HAND_EDITED = "approval edited by hand"


@dataclass(frozen=True)
class FileReview:
    """The sign-off of one page or checklist of one language."""

    language: str
    file: str  # the file's name in its language folder
    title: str
    status: Status
    approval: Approval | None
    sign_off: SignOff | None  # the check the patient is told about (None: not checked)
    due: date | None  # when the next review falls due
    overdue: bool

    @property
    def path(self) -> str:
        return f"{self.language}/{self.file}"

    def describe(self, saved_on: date | None = None) -> str:
        """The status in plain words for staff. ``saved_on``: when the file was last saved."""
        approval = self.approval
        if self.status is Status.CHANGED and approval is not None:
            saved = f"; the file was saved on {saved_on.isoformat()}" if saved_on else ""
            return (f"changed since it was approved on {approval.approved_on.isoformat()} by "
                    f"{approval.approved_by}{saved}: approve it again")
        if self.status is Status.HAND_EDITED:
            return (f"its entry in {APPROVALS_FILE} was changed by hand, so it is not trusted: "
                    "approve the page again")
        if self.status is Status.NEVER:
            return "never approved"
        assert approval is not None
        return f"approved on {approval.approved_on.isoformat()} by {approval.approved_by}"

    def overdue_on(self, today: date) -> bool:
        """Whether the review is past due on ``today`` (a kiosk that runs for months sees a
        page fall due without any reload)."""
        return _past_due(self.due, today)

    def review_note(self) -> str:
        """When the next review falls due, or that it is overdue."""
        if self.due is None or self.sign_off is None:
            return ""
        if self.overdue:
            return (f"review overdue: last checked on {self.sign_off.on.isoformat()} by {self.sign_off.by}, "
                    f"due on {self.due.isoformat()}")
        return f"next review due on {self.due.isoformat()}"


@dataclass(frozen=True)
class HeldBack:
    """A page or checklist that ``require_approval`` keeps from patients, and why."""

    path: str
    title: str
    reason: str


@dataclass(frozen=True)
class Governed:
    """A bundle made ready for patients: each page carries what it says about its check, and
    with ``require_approval`` only approved, unchanged pages and checklists remain."""

    bundle: ContentBundle
    reviews: tuple[FileReview, ...]
    held_back: tuple[HeldBack, ...]

    def counts(self) -> dict[Status, int]:
        totals = dict.fromkeys(Status, 0)
        for review in self.reviews:
            totals[review.status] += 1
        return totals

    @property
    def overdue(self) -> tuple[FileReview, ...]:
        return tuple(review for review in self.reviews if review.overdue)


def _past_due(due: date | None, today: date) -> bool:
    return due is not None and today > due


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months (the 31st becomes the month's last day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def status_of(words: str, approval: Approval | None) -> Status:
    if approval is None:
        return Status.NEVER
    if not approval.sealed:
        return Status.HAND_EDITED
    return Status.APPROVED if approval.words == words else Status.CHANGED


def _page_note(section: Section) -> SignOff | None:
    """The page's own note of who checked it (both fields are needed)."""
    if section.reviewed_by and section.reviewed_on is not None:
        return SignOff(section.reviewed_by, section.reviewed_on)
    return None


def _review(language: Language, file: str, title: str, words: str, note: SignOff | None,
            today: date, review_months: int) -> FileReview:
    approval = language.approvals.get(file)
    status = status_of(words, approval)
    candidates: list[SignOff] = []
    if status is Status.APPROVED and approval is not None:
        candidates.append(SignOff(approval.approved_by, approval.approved_on))
    if note is not None and status in (Status.APPROVED, Status.NEVER) and note.on <= today:
        # A page changed after it was approved, or with a record edited by hand, is not
        # told to patients as checked, whatever its own note says.
        candidates.append(note)
    sign_off = max(candidates, key=lambda s: s.on) if candidates else None
    due = add_months(sign_off.on, review_months) if sign_off else None
    return FileReview(language.code, file, title, status, approval, sign_off, due,
                      overdue=_past_due(due, today))


def review_files(bundle: ContentBundle, today: date, review_months: int = 12) -> tuple[FileReview, ...]:
    """The sign-off of every page and every language's own checklist."""
    reviews: list[FileReview] = []
    for language in bundle.languages.values():
        for section in language.sections:
            reviews.append(_review(language, section.file_name, section.title, section.words_hash,
                                   _page_note(section), today, review_months))
        if language.checklist is not None and language.checklist_hash:
            reviews.append(_review(language, CHECKLIST_FILE, language.checklist.title,
                                   language.checklist_hash, None, today, review_months))
    return tuple(reviews)


def govern(bundle: ContentBundle, today: date, review_months: int = 12,
           require_approval: bool = False) -> Governed:
    """Attach each page's sign-off; with ``require_approval`` hold back every page and
    checklist that is not approved as it stands."""
    reviews = review_files(bundle, today, review_months)
    by_path = {review.path: review for review in reviews}
    held: list[HeldBack] = []
    languages: dict[str, Language] = {}
    for code, language in bundle.languages.items():
        sections = []
        for section in language.sections:
            review = by_path[f"{code}/{section.file_name}"]
            if require_approval and review.status is not Status.APPROVED:
                held.append(HeldBack(review.path, section.title, review.describe()))
                continue
            same = section.sign_off == review.sign_off
            sections.append(section if same else dataclasses.replace(section, sign_off=review.sign_off))
        checklist = language.checklist
        if require_approval and checklist is not None:
            owner = code if language.checklist_hash else "en"
            checklist_review = by_path.get(f"{owner}/{CHECKLIST_FILE}")
            if checklist_review is None or checklist_review.status is not Status.APPROVED:
                reason = checklist_review.describe() if checklist_review else "never approved"
                if owner != code:
                    reason = f"it uses the English checklist, which is {reason}"
                held.append(HeldBack(f"{code}/{CHECKLIST_FILE}", checklist.title, reason))
                checklist = None
        unchanged = checklist is language.checklist and len(sections) == len(language.sections) and all(
            new is old for new, old in zip(sections, language.sections, strict=True))
        languages[code] = language if unchanged else dataclasses.replace(
            language, sections=tuple(sections), checklist=checklist)  # the same object when nothing changed
    governed = dataclasses.replace(bundle, languages=languages)
    return Governed(governed, reviews, tuple(held))


def review_problems(bundle: ContentBundle, today: date) -> list[ContentProblem]:
    """Warnings for staff about sources and review notes (``kiosk check``)."""
    problems: list[ContentProblem] = []
    pages = {f"{code}/{s.file_name}" for code, lang in bundle.languages.items() for s in lang.sections}

    def warn(file: str, message: str) -> None:
        problems.append(ContentProblem(file, None, message, Severity.WARNING))

    for code, language in bundle.languages.items():
        months = month_names_problem(language.strings)
        if months:
            warn(f"{code}/ui.yaml", months)
        for section in language.sections:
            file = f"{code}/{section.file_name}"
            if not section.sources:
                warn(file, "the page does not say where its information comes from (add 'sources:' "
                     "with one line per source)")
            if bool(section.reviewed_by) != (section.reviewed_on is not None):
                warn(file, "'reviewed_by' and 'reviewed_on' go together: the page is not shown as "
                     "checked until it has both")
            if section.reviewed_on is not None and section.reviewed_on > today:
                warn(file, f"'reviewed_on' {section.reviewed_on.isoformat()} is in the future; it is "
                     "not shown")
        for file in language.approvals:
            if file != CHECKLIST_FILE and f"{code}/{file}" not in pages:
                warn(f"{code}/{APPROVALS_FILE}", f"approves '{file}', which is not a page in this folder")
    return problems


def sign_off_lines(reviews: Iterable[FileReview], saved_on: dict[str, date] | None = None
                   ) -> tuple[list[str], int]:
    """One line per file, ``file: status``, and how many of them are warnings."""
    lines: list[str] = []
    warnings = 0
    for review in reviews:
        words = review.describe((saved_on or {}).get(review.path))
        note = review.review_note()
        warning = review.status is not Status.APPROVED or review.overdue
        warnings += warning
        if review.overdue:
            lines.append(f"{review.path}: warning: {note} ({words})")
        else:
            label = "warning: " if warning else ""
            lines.append(f"{review.path}: {label}{words}" + (f"; {note}" if note else ""))
    return lines, warnings


def summary(reviews: Iterable[FileReview]) -> str:
    """``sign-off: 3 approved, 1 changed since approved, 22 never approved, 1 review overdue``."""
    reviews = list(reviews)
    totals = dict.fromkeys(Status, 0)
    for review in reviews:
        totals[review.status] += 1
    parts = [f"{count} {status.value}" for status, count in totals.items() if count]
    overdue = sum(1 for review in reviews if review.overdue)
    if overdue:
        parts.append(f"{overdue} review overdue")
    return "sign-off: " + (", ".join(parts) if parts else "nothing to approve")
