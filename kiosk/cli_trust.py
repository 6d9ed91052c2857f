"""The commands for clinical sign-off and usage figures: ``approve``, ``report``, and the
sign-off part of ``check``. Pure Python: no Qt.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

from kiosk.config import Config, languages_wrong
from kiosk.content import approvals, governance
from kiosk.content.model import ContentBundle, ContentProblem, Severity

Today = Callable[[], date]


def add_parsers(sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    approve = sub.add_parser(
        "approve", help="record that pages were checked and approved (approvals.yaml in each language)",
        description="Record who approved pages, on which day, and a fingerprint of their words, in "
        "approvals.yaml in each language folder. With no PAGE, every page and checklist is approved.",
        parents=parents)
    approve.add_argument("folder", type=Path, nargs="?", help="content folder (default: the configured one)")
    approve.add_argument("--by", required=True,
                         help='who approves, with their role: "Dr A. Name, pain medicine"')
    approve.add_argument("pages", nargs="*", metavar="PAGE",
                         help="pages to approve: en/01-what-is-crps.md, 01-what-is-crps.md (every "
                         "language), or checklist.yaml")
    report = sub.add_parser("report", help="print the anonymous usage counts (table or CSV)", parents=parents)
    report.add_argument("--since", type=_day, help="first day, YYYY-MM-DD (default: 30 days before --until)")
    report.add_argument("--until", type=_day, help="last day, YYYY-MM-DD (default: today)")
    report.add_argument("--format", choices=("table", "csv"), default="table")
    report.add_argument("--database", type=Path, action="append",
                        help="a usage.sqlite3 file to read (repeat to add up several kiosks; default: this "
                        "kiosk's own)")


def _day(text: str) -> date:
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written as YYYY-MM-DD") from None


# -- check ------------------------------------------------------------------------
def check(folder: Path, config: Config | None = None) -> int:
    """Print every problem as ``file:line: message``, each file's sign-off, and a summary; 1
    when there are errors (2 when the settings name a language the folder does not have)."""
    from kiosk.content.checks import staff_warnings
    from kiosk.content.loader import load_content
    from kiosk.content.report import check_report

    bundle = load_content(folder)
    if config is not None and languages_wrong(config, bundle):
        return 2
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # pictures are drawn once to be sure Qt can
    from kiosk.ui.pictures import undrawable_pictures

    bundle = replace(bundle, problems=(*bundle.problems, *undrawable_pictures(bundle)))
    months = config.review_months if config is not None else 12
    sign_off_problems, approved, sign_off_summary = sign_off_for_check(bundle, months)
    problems = [*bundle.problems, *staff_warnings(bundle), *sign_off_problems]
    report = check_report(bundle, problems, str(folder))
    *lines, summary = report.lines
    for line in [*lines, *approved]:
        print(line)
    print(f"{summary.rstrip('.')}; {sign_off_summary}.")
    return 0 if report.ready else 1



def check_sign_off(bundle: ContentBundle, review_months: int, today: Today = date.today
                   ) -> tuple[list[ContentProblem], list[str], int, str]:
    """(problems with sources and review notes, one sign-off line per file, how many of those
    lines are warnings, the sign-off summary) for ``kiosk check``."""
    day = today()
    reviews = governance.review_files(bundle, day, review_months)
    saved = {review.path: _saved_on(bundle.root / review.path) for review in reviews
             if review.status is governance.Status.CHANGED}
    lines, warnings = governance.sign_off_lines(reviews, {k: v for k, v in saved.items() if v})
    return governance.review_problems(bundle, day), lines, warnings, governance.summary(reviews)


def sign_off_for_check(bundle: ContentBundle, review_months: int, today: Today = date.today
                       ) -> tuple[list[ContentProblem], list[str], str]:
    """For ``kiosk check``: every sign-off warning as a problem (sources, review notes, pages
    not approved as they stand), the lines of the approved files, and the summary."""
    problems, lines, _, summary = check_sign_off(bundle, review_months, today)
    approved = [line for line in lines if ": warning: " not in line]
    problems += [ContentProblem(path, None, message, Severity.WARNING) for path, _, message in
                 (line.partition(": warning: ") for line in lines if ": warning: " in line)]
    return problems, approved, summary


def _saved_on(path: Path) -> date | None:
    try:
        return date.fromtimestamp(path.stat().st_mtime)
    except OSError:
        return None


# -- approve ----------------------------------------------------------------------
def approve(folder: Path, by: str, pages: list[str], today: Today = date.today) -> int:
    """Approve ``pages`` (all when empty) in ``folder``; 0 when done, 1 when nothing was changed."""
    from kiosk.content.loader import load_content

    problem = approvals.check_approver(by)
    if problem:
        print(f"Nothing was approved: {problem}.", file=sys.stderr)
        return 1
    bundle = load_content(folder)
    if bundle.errors:
        for error in bundle.errors:
            print(error, file=sys.stderr)
        print(f"Nothing was approved: {folder} has {len(bundle.errors)} errors. Fix them first "
              f"('check' lists them); a page the kiosk cannot show cannot be approved.", file=sys.stderr)
        return 1
    available = _approvable(bundle)
    chosen, unknown = _choose(available, pages)
    if unknown:
        names = ", ".join(sorted({f"{code}/{file}" for code, files in available.items() for file in files}))
        print(f"Nothing was approved: no such page: {', '.join(unknown)} (pages here: {names}).",
              file=sys.stderr)
        return 1
    day = today()
    for code, files in chosen.items():
        if not files:
            continue
        keep = frozenset(available[code])
        try:
            approvals.record_approvals(bundle.root / code, files, by.strip(), day, keep=keep)
        except OSError as error:
            print(f"Cannot write {bundle.root / code / approvals.FILE_NAME}: {error.strerror}. "
                  "Nothing more was approved.", file=sys.stderr)
            return 1
        for file in files:
            print(f"approved {code}/{file} (by {by.strip()} on {day.isoformat()})")
    total = sum(len(files) for files in chosen.values())
    print(f"{total} files approved; the record is in approvals.yaml in each language folder.")
    return 0


def _approvable(bundle: ContentBundle) -> dict[str, dict[str, str]]:
    """Per language: file name -> fingerprint of its words, for every page and own checklist."""
    found: dict[str, dict[str, str]] = {}
    for code, language in bundle.languages.items():
        files = {section.file_name: section.words_hash for section in language.sections}
        if language.checklist is not None and language.checklist_hash:
            files[approvals.CHECKLIST_FILE] = language.checklist_hash
        found[code] = files
    return found


def _choose(available: dict[str, dict[str, str]], pages: list[str]
            ) -> tuple[dict[str, dict[str, str]], list[str]]:
    """The files named by ``pages`` (every one when empty), and the names that match nothing."""
    if not pages:
        return available, []
    chosen: dict[str, dict[str, str]] = {code: {} for code in available}
    unknown = []
    for name in pages:
        text = name.replace("\\", "/").strip().strip("/")
        code, _, file = text.rpartition("/")
        hits = [(c, f) for c, files in available.items() for f in files
                if (not code or c == code) and (f == file or f.split("-", 1)[-1] == f"{file}.md")]
        if not hits:
            unknown.append(name)
        for c, f in hits:
            chosen[c][f] = available[c][f]
    return chosen, unknown


# -- report -----------------------------------------------------------------------
def report(config: Config, since: date | None, until: date | None, form: str,
           databases: list[Path] | None, today: Today = date.today) -> int:
    from kiosk import paths
    from kiosk.report import to_csv, to_table
    from kiosk.usage import FILE_NAME, UsageError, read_rows

    until = until or today()
    since = since or until - timedelta(days=29)
    if since > until:
        print(f"--since {since.isoformat()} is after --until {until.isoformat()}", file=sys.stderr)
        return 2
    files = databases or [(config.state_dir or paths.default_state_dir()) / FILE_NAME]
    if not databases and not files[0].exists():
        off = " (usage_counts is false in the settings)" if not config.usage_counts else ""
        print(f"No usage counts yet: {files[0]} does not exist{off}.")
        return 0
    try:
        rows = read_rows(files, since, until)
    except UsageError as error:
        note = "" if config.usage_counts else " (usage_counts is false in the settings)"
        print(f"{error}{note}", file=sys.stderr)
        return 1
    sys.stdout.write(to_csv(rows) if form == "csv" else to_table(rows, since, until))
    return 0
