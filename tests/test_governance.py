"""Trusted information, the pure part: sources and review notes on pages, sign-off that
the kiosk verifies (``kiosk approve`` / ``kiosk check``), and holding back what is not
approved. No Qt here."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from kiosk import cli, cli_trust, paths
from kiosk.content import approvals, governance
from kiosk.content.governance import Status
from kiosk.content.loader import load_content
from kiosk.content.model import Severity, SignOff

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 3, 3)
DR = "Dr A. Name, pain medicine"
PAGE = "en/01-what-is-crps.md"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(paths.bundled_content_dir(), root)
    return root


def approve(content: Path, *pages: str, by: str = DR, on: date = TODAY) -> int:
    return cli_trust.approve(content, by, list(pages), today=lambda: on)


def check(content: Path, capsys: pytest.CaptureFixture[str], months: int = 12, on: date = TODAY) -> dict[str, str]:
    """``kiosk check``'s sign-off line for each file, and the summary under ``summary``."""
    bundle = load_content(content)
    _, lines, _, summary = cli_trust.check_sign_off(bundle, months, today=lambda: on)
    found = dict(line.split(": ", 1) for line in lines)
    found["summary"] = summary
    return found


def reviews(content: Path, on: date = TODAY, months: int = 12) -> dict[str, governance.FileReview]:
    return {r.path: r for r in governance.review_files(load_content(content), on, months)}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_pure_trust_modules_never_import_qt() -> None:
    code = ("import sys, kiosk.content.approvals, kiosk.content.governance, kiosk.usage, kiosk.report, "
            "kiosk.cli_trust\n"
            "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt was imported'\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_every_bundled_page_cites_its_source_and_claims_no_clinic_sign_off() -> None:
    bundle = load_content(paths.bundled_content_dir())
    for code, language in bundle.languages.items():
        assert not (bundle.root / code / approvals.FILE_NAME).exists()
        for section in language.sections:
            assert section.sources, f"{code}/{section.file_name} names no source"
            assert any("How Does Ketamine Help CRPS?" in source for source in section.sources)
            assert (section.reviewed_by, section.reviewed_on) == ("", None)
    governed = governance.govern(bundle, TODAY)
    assert all(s.sign_off is None for lang in governed.bundle.languages.values() for s in lang.sections)
    assert {r.status for r in governed.reviews} == {Status.NEVER}


def test_approving_then_editing_a_page_makes_check_say_changed_since_approved(
        content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert approve(content, "01-what-is-crps.md") == 0
    out = capsys.readouterr().out
    assert "approved en/01-what-is-crps.md" in out and "approved es/01-what-is-crps.md" in out
    record = (content / "en" / "approvals.yaml").read_text(encoding="utf-8")
    assert DR in record and "2026-03-03" in record and re.search(r"sha256:[0-9a-f]{64}", record)
    lines = check(content, capsys)
    assert lines[PAGE] == f"approved on 2026-03-03 by {DR}; next review due on 2027-03-03"
    assert lines["en/02-signs-and-symptoms.md"] == "warning: never approved"

    edit(content / PAGE, "CRPS is a chronic condition.", "It is a long-lasting condition.")
    lines = check(content, capsys)
    assert lines[PAGE].startswith(f"warning: changed since it was approved on 2026-03-03 by {DR}; "
                                  "the file was saved on ")
    assert lines[PAGE].endswith(": approve it again")
    assert lines["es/01-what-is-crps.md"].startswith("approved on 2026-03-03")
    assert lines["summary"] == "sign-off: 1 approved, 1 changed since approved, 26 never approved"


def test_saving_the_same_words_from_another_editor_is_not_a_change(content: Path) -> None:
    approve(content, PAGE)
    path = content / PAGE
    text = path.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "  \r\n").encode("utf-8") + b"\r\n\r\n")
    assert reviews(content)[PAGE].status is Status.APPROVED


def test_check_output_counts_sign_off_warnings(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    approve(content)
    capsys.readouterr()
    assert cli.main(["check", str(content)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    files = sum(len(language.sections) + 1 for language in load_content(content).languages.values())
    clinic = sum(line.startswith("clinic.yaml:") for line in lines)  # the bundled clinic.yaml is empty
    assert lines[-1].endswith(f"0 errors, {clinic} warnings; ready to use; sign-off: {files} approved.")
    assert sum(": approved on " in line for line in lines) == files


@pytest.mark.parametrize("forge", ["fingerprint", "name", "date"])
def test_an_approval_edited_by_hand_is_not_trusted(content: Path, forge: str) -> None:
    approve(content, PAGE)
    record = content / "en" / "approvals.yaml"
    edit(content / PAGE, "CRPS is a chronic condition.", "It cures everything.")
    if forge == "fingerprint":  # paste the fingerprint of the edited words
        edit(record, reviews(content)[PAGE].approval.words, load_content(content).languages["en"].sections[0].words_hash)
    elif forge == "name":
        edit(record, DR, "Dr B. Other, pain medicine")
    else:
        edit(record, "2026-03-03", "2026-03-04")
    review = reviews(content)[PAGE]
    assert review.status is Status.HAND_EDITED
    assert review.sign_off is None
    assert "was changed by hand, so it is not trusted" in review.describe()
    governed = governance.govern(load_content(content), TODAY, require_approval=True)
    assert "01-what-is-crps.md" not in [s.file_name for s in governed.bundle.languages["en"].sections]
    assert [h.reason for h in governed.held_back if h.path == PAGE] == [review.describe()]


def test_a_malformed_fingerprint_is_caught(content: Path) -> None:
    approve(content, PAGE)
    edit(content / "en" / "approvals.yaml", "sha256:", "sha256:0")
    assert reviews(content)[PAGE].status is Status.HAND_EDITED


def test_approving_again_never_seals_an_entry_edited_by_hand(content: Path) -> None:
    approve(content, PAGE, "en/02-signs-and-symptoms.md")
    edit(content / "en" / "approvals.yaml", DR, "Dr Forged, surgeon")  # the first entry
    approve(content, "en/03-causes-and-outlook.md", by="Dr C. Third, pain medicine")
    found = reviews(content)
    assert found[PAGE].status is Status.NEVER  # dropped, not laundered
    assert found["en/02-signs-and-symptoms.md"].status is Status.APPROVED
    assert "Dr Forged" not in (content / "en" / "approvals.yaml").read_text(encoding="utf-8")


def test_an_overdue_review_warns(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    approve(content, PAGE, on=date(2024, 1, 31))
    lines = check(content, capsys, months=12, on=date(2025, 2, 1))
    assert lines[PAGE] == (f"warning: review overdue: last checked on 2024-01-31 by {DR}, due on 2025-01-31 "
                           f"(approved on 2024-01-31 by {DR})")
    assert lines["summary"].endswith("1 review overdue")
    lines = check(content, capsys, months=24, on=date(2025, 2, 1))
    assert lines[PAGE] == f"approved on 2024-01-31 by {DR}; next review due on 2026-01-31"


def test_a_review_falls_due_on_its_day_without_a_reload(content: Path) -> None:
    """A kiosk runs for months: what was checked when the content loaded is asked again
    each day (the fleet's metrics count overdue pages this way)."""
    approve(content, PAGE, on=date(2024, 1, 31))
    review = reviews(content, on=date(2025, 1, 1))[PAGE]
    assert not review.overdue and review.due == date(2025, 1, 31)
    assert not review.overdue_on(date(2025, 1, 31))  # due that day, not yet past it
    assert review.overdue_on(date(2025, 2, 1))
    assert review.overdue_on(date(2025, 2, 1)) == reviews(content, on=date(2025, 2, 1))[PAGE].overdue
    never_checked = reviews(content, on=date(2025, 1, 1))["en/02-signs-and-symptoms.md"]
    assert never_checked.due is None and not never_checked.overdue_on(date(2099, 1, 1))


def test_approve_refuses_an_unnamed_approver_unknown_pages_and_broken_content(
        content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert approve(content, by="Dr Name") == 1
    assert "add the approver's role after a comma" in capsys.readouterr().err
    assert approve(content, "99-nope.md") == 1
    assert "no such page: 99-nope.md" in capsys.readouterr().err
    edit(content / "en" / "02-signs-and-symptoms.md", "title: Signs and symptoms", "title: [oops")
    assert approve(content) == 1
    assert "Fix them first" in capsys.readouterr().err
    assert not (content / "en" / "approvals.yaml").exists()


def test_approve_command_line_takes_pages_after_by(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["approve", str(content), "--by", DR, "en/01-what-is-crps.md", "checklist.yaml"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == "3 files approved; the record is in approvals.yaml in each language folder."
    found = reviews(content)
    assert {path for path, r in found.items() if r.status is Status.APPROVED} == {
        PAGE, "en/checklist.yaml", "es/checklist.yaml"}


def test_require_approval_shows_only_approved_unchanged_pages_and_says_why(content: Path) -> None:
    approve(content)
    edit(content / PAGE, "CRPS is a chronic condition.", "It is a long-lasting condition.")
    edit(content / "es" / "checklist.yaml", "title:", "title: ¡")
    bundle = load_content(content)
    assert bundle.usable
    relaxed = governance.govern(bundle, TODAY)
    assert len(relaxed.bundle.languages["en"].sections) == len(bundle.languages["en"].sections) and not relaxed.held_back
    strict = governance.govern(bundle, TODAY, require_approval=True)
    english = strict.bundle.languages["en"]
    assert [s.file_name for s in english.sections][:2] == ["02-signs-and-symptoms.md", "03-causes-and-outlook.md"]
    assert english.checklist is not None and strict.bundle.languages["es"].checklist is None
    reason = f"changed since it was approved on 2026-03-03 by {DR}: approve it again"
    assert [(h.path, h.reason) for h in strict.held_back] == [(PAGE, reason), ("es/checklist.yaml", reason)]
    assert english.sections[0].sign_off == SignOff(DR, TODAY)


def test_a_language_using_the_english_checklist_follows_its_approval(content: Path) -> None:
    (content / "es" / "checklist.yaml").unlink()
    strict = governance.govern(load_content(content), TODAY, require_approval=True)
    assert [h.reason for h in strict.held_back if h.path.endswith("checklist.yaml")] == [
        "never approved", "it uses the English checklist, which is never approved"]


def test_the_page_says_who_checked_it_only_while_that_is_true(content: Path) -> None:
    edit(content / PAGE, "sources:", "reviewed_on: 2025-06-01\nreviewed_by: Dr P. Paper, nurse lead\nsources:")
    bundle = load_content(content)
    assert bundle.problems == ()
    page = governance.govern(bundle, TODAY).bundle.languages["en"].sections[0]
    assert page.sign_off == SignOff("Dr P. Paper, nurse lead", date(2025, 6, 1))  # a clinic's paper sign-off
    approve(content, PAGE)
    page = governance.govern(load_content(content), TODAY).bundle.languages["en"].sections[0]
    assert page.sign_off == SignOff(DR, TODAY)  # the most recent check
    edit(content / PAGE, "CRPS is a chronic condition.", "It is a long-lasting condition.")
    page = governance.govern(load_content(content), TODAY).bundle.languages["en"].sections[0]
    assert page.sign_off is None  # edited after the check: not told to patients as checked


@pytest.mark.parametrize(("front", "message"), [
    ("reviewed_on: 3 March 2026", "'reviewed_on' must be a date written as YYYY-MM-DD"),
    ("reviewed_on: 2026-02-30", "'reviewed_on' must be a date written as YYYY-MM-DD"),
    ("reviewed_by: [a, b]", "'reviewed_by' must be one line of plain text"),
    ("sources: {a: b}", "'sources' must be a list of plain-text lines"),
    ("sources:\n  - \n  - Real", "'sources' must be a list of plain-text lines"),
])
def test_a_bad_review_field_is_a_warning_and_the_page_still_shows(content: Path, front: str, message: str) -> None:
    path = content / PAGE
    text = path.read_text(encoding="utf-8")
    start = text.index("sources:")
    end = text.index("\n---", start)
    path.write_text(text[:start] + front + text[end:], encoding="utf-8")
    bundle = load_content(content)
    assert bundle.usable
    found = [(p.file, p.severity) for p in bundle.problems if message in p.message]
    assert found == [(PAGE, Severity.WARNING)], bundle.problems
    assert bundle.languages["en"].sections[0].title == "What is CRPS?"


def test_review_notes_that_cannot_be_shown_are_warned_about(content: Path) -> None:
    edit(content / PAGE, "sources:", "reviewed_on: 2027-01-01\nreviewed_by: Dr F. Future, pain medicine\nsources:")
    edit(content / "en" / "02-signs-and-symptoms.md", "sources:", "reviewed_by: Dr N. Date, nurse\nsources:")
    text = (content / "en" / "03-causes-and-outlook.md").read_text(encoding="utf-8")
    (content / "en" / "03-causes-and-outlook.md").write_text(re.sub(r"sources:\n  - .*\n", "", text), encoding="utf-8")
    messages = {(p.file, p.message.split(";")[0].split(" (")[0]) for p in governance.review_problems(load_content(content), TODAY)}
    assert messages == {
        (PAGE, "'reviewed_on' 2027-01-01 is in the future"),
        ("en/02-signs-and-symptoms.md", "'reviewed_by' and 'reviewed_on' go together: the page is not shown as checked until it has both"),
        ("en/03-causes-and-outlook.md", "the page does not say where its information comes from"),
    }
    page = governance.govern(load_content(content), TODAY).bundle.languages["en"].sections[0]
    assert page.sign_off is None


def test_a_broken_approvals_file_is_a_warning_not_a_stop(content: Path) -> None:
    approve(content, PAGE)
    (content / "en" / "approvals.yaml").write_text("'01-what-is-crps.md': [unclosed\n", encoding="utf-8")
    bundle = load_content(content)
    assert bundle.usable
    assert [(p.file, p.severity) for p in bundle.problems] == [("en/approvals.yaml", Severity.WARNING)]
    assert "no page counts as approved" in bundle.problems[0].message
    assert reviews(content)[PAGE].status is Status.NEVER


def test_an_approval_for_a_page_that_is_gone_is_reported(content: Path) -> None:
    approve(content, "en/13-your-care-team.md")
    shutil.move(content / "en" / "13-your-care-team.md", content / "en" / "14-your-care-team.md")
    problems = governance.review_problems(load_content(content), TODAY)
    assert [(p.file, p.message) for p in problems if "approvals" in p.file] == [
        ("en/approvals.yaml", "approves '13-your-care-team.md', which is not a page in this folder")]


@pytest.mark.parametrize(("start", "months", "due"), [
    (date(2024, 1, 31), 1, date(2024, 2, 29)), (date(2025, 1, 31), 1, date(2025, 2, 28)),
    (date(2025, 11, 15), 3, date(2026, 2, 15)), (date(2025, 6, 1), 12, date(2026, 6, 1)),
    (date(2025, 6, 1), 60, date(2030, 6, 1)),
])
def test_review_due_dates_add_calendar_months(start: date, months: int, due: date) -> None:
    assert governance.add_months(start, months) == due
