"""Trusted information as a patient and staff see it: who checked a page, its sources, the
About note, "Was this page helpful?", pages held back for want of sign-off, and the
anonymous counts a scripted visit leaves behind (and nothing else)."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from helpers import OPEN_RECORDER, find_button, tap
from kiosk import cli, cli_trust, paths
from kiosk.app import create_kiosk
from kiosk.config import Config
from kiosk.content.loader import load_content

DR = "Dr A. Name, pain medicine"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(paths.bundled_content_dir(), root)
    return root


def make_kiosk(qtbot, **settings):  # type: ignore[no-untyped-def]
    settings.setdefault("speech_engine", "mock")
    window = create_kiosk(Config(fullscreen=False, **settings), watch_content=False)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    qtbot.waitExposed(window)
    return window


def texts(widget) -> list[str]:  # type: ignore[no-untyped-def]
    return [label.text() for label in widget.findChildren(QLabel) if label.isVisible()]


def test_every_bundled_page_ends_honestly_and_shows_its_sources(qtbot, tmp_path: Path) -> None:
    window = make_kiosk(qtbot, state_dir=tmp_path)
    for section in window.language.sections:
        window.show_section(section.slug)
        assert window.page.trust.checked.text() == "Not yet checked by this clinic."
    window.show_section("what-is-crps")
    tap(qtbot, find_button(window.page, "Where this information comes from"))
    assert window.session.screen == "sources"
    shown = texts(window.screen_set.get("sources"))
    assert "This page was written from:" in shown
    assert any("How Does Ketamine Help CRPS?" in text and "Important Facts About CRPS" in text for text in shown)
    tap(qtbot, find_button(window.screen_set.get("sources"), "Back to the page"))
    assert window.session.page == "what-is-crps"


def test_an_approved_page_says_who_checked_it_and_when_in_both_languages(qtbot, content: Path, tmp_path: Path) -> None:
    today = date.today()
    cli_trust.approve(content, DR, ["01-what-is-crps.md"], today=lambda: today)
    window = make_kiosk(qtbot, content_dir=content, state_dir=tmp_path)
    window.show_section("what-is-crps")
    month = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"][today.month - 1]
    assert window.page.trust.checked.text() == f"Checked by {DR}, on {today.day} {month} {today.year}."
    window.set_language("es")
    assert window.page.trust.checked.text().startswith(f"Revisado por {DR}, el {today.day} de ")
    window.show_section("signs-and-symptoms")
    assert window.page.trust.checked.text() == "Esta clínica aún no ha revisado esta página."


def test_with_require_approval_an_edited_page_is_not_shown_and_the_staff_panel_says_why(
        qtbot, content: Path, tmp_path: Path) -> None:
    cli_trust.approve(content, DR, [])
    page = content / "en" / "01-what-is-crps.md"
    page.write_text(page.read_text(encoding="utf-8").replace("CRPS is a chronic condition.",
                                                             "CRPS is a long-lasting condition."), encoding="utf-8")
    window = make_kiosk(qtbot, content_dir=content, state_dir=tmp_path, require_approval=True)
    tiles = [tile.accessibleName() for tile in window.home.tiles]
    assert "What is CRPS?" not in tiles and "Signs and symptoms" in tiles
    window.show_section("what-is-crps")
    assert window.session.screen == "home", "a held-back page cannot be opened"
    window.set_language("es")
    assert "¿Qué es el SDRC?" in [tile.accessibleName() for tile in window.home.tiles], "Spanish is unchanged"
    window.show_staff_panel()
    said = window.staff_panel.sign_off.text()
    assert "1 held back from patients (require_approval is on):" in said
    assert (f"en/01-what-is-crps.md (What is CRPS?): changed since it was approved on {date.today().isoformat()} "
            f"by {DR}: approve it again") in said
    assert said.startswith("Sign-off: ") and "1 changed since approved" in said


def test_helpful_is_one_tap_thanked_once_per_page_and_forgotten_with_the_visit(qtbot, tmp_path: Path) -> None:
    window = make_kiosk(qtbot, state_dir=tmp_path)
    window.show_section("what-is-crps")
    assert window.page.trust.question.text() == "Was this page helpful?"
    tap(qtbot, find_button(window.page, "Yes"))
    assert "Thank you for telling us." in texts(window.page)
    assert "Yes" not in [b.accessibleName() for b in window.page.findChildren(type(window.page.trust.yes_button))
                         if b.isVisible()]
    tap(qtbot, find_button(window.page, "Next: Signs and symptoms"))
    assert window.page.trust.question.isVisible(), "another page asks again"
    window.show_section("what-is-crps")
    assert window.page.trust.thanks.isVisible(), "the same page in the same visit stays answered"
    window.set_language("es")
    assert window.page.trust.thanks.text() == "Gracias por decírnoslo." and window.page.trust.thanks.isVisible()
    assert window.session.helpful == {"what-is-crps": True}
    window.reset_session()
    assert window.session.helpful == {}
    window.show_section("what-is-crps")
    assert window.page.trust.question.isVisible() and not window.page.trust.thanks.isVisible()


def test_the_about_note_says_what_is_kept_and_never_kept_in_both_languages(qtbot, tmp_path: Path) -> None:
    window = make_kiosk(qtbot, state_dir=tmp_path)
    tap(qtbot, find_button(window.home, "About this kiosk"))
    assert window.session.screen == "about"
    shown = "\n".join(texts(window.screen_set.get("about")))
    assert "What it keeps: only counts for each day, with no names." in shown
    assert "What it never keeps: your name, what you mark on the checklist, your questions" in shown
    window.set_language("es")
    shown = "\n".join(texts(window.screen_set.get("about")))
    assert "Lo que guarda: solo cuentas de cada día, sin nombres." in shown
    assert "Lo que nunca guarda" in shown
    tap(qtbot, find_button(window.screen_set.get("about"), "Volver a los temas"))
    assert window.session.screen == "home"
    off = make_kiosk(qtbot, state_dir=tmp_path / "off", usage_counts=False)
    off.home.about_button.click()
    assert "What it keeps: nothing. This kiosk does not count or store anything you do." in texts(off.screen_set.get("about"))
    assert not (tmp_path / "off").exists(), "with counting off nothing is written"


def report_today(state: Path, capsys: pytest.CaptureFixture[str]) -> dict[tuple[str, str], int]:
    capsys.readouterr()
    assert cli.main(["report", "--format", "csv", "--database", str(state / "usage.sqlite3")]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    today = date.today().isoformat()
    assert {row["date"] for row in rows} <= {today}
    return {(row["measure"], row["subject"]): int(row["count"]) for row in rows}


def visit(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """A visitor: touches the waiting screen, reads two pages (one twice), answers "helpful?",
    makes the text larger, ticks symptoms, shows the questions (and their QR code)."""
    window.show_attract()
    tap(qtbot, window.attract)
    tap(qtbot, find_button(window.home, "What is CRPS?"))
    tap(qtbot, find_button(window.page, "Yes"))
    tap(qtbot, find_button(window.page, "Next: Signs and symptoms"))
    tap(qtbot, find_button(window.page, "No"))
    tap(qtbot, find_button(window.page, "Previous"))
    tap(qtbot, find_button(window.access_bar, "Larger text"))
    window.show_checklist()
    for row in window.checklist.rows[:3]:
        row.click()
    window.checklist.show_button.click()
    assert window.session.screen == "questions"


def test_a_scripted_visit_is_counted_exactly_and_nothing_on_disk_names_a_checklist_item(
        qtbot, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    state = tmp_path / "state"
    window = make_kiosk(qtbot, state_dir=state)
    ticked_words: set[str] = set()
    with OPEN_RECORDER.recording():
        visit(qtbot, window)
        checklist = window.language.checklist
        ticked = {row.item.id for row in window.checklist.rows[:3]}
        assert window.session.ticked == ticked
        ticked_words = {item.text for item in checklist.items} | {item.id for item in checklist.items}
        ticked_words |= {q.text for q in checklist.questions} | {q.id for q in checklist.questions}
        window._on_idle_timed_out()  # the visitor walks away
        written = [path for path in OPEN_RECORDER.writes if path.exists()]
    first = {
        ("visits", ""): 1, ("page_opens", "what-is-crps"): 1, ("page_opens", "signs-and-symptoms"): 1,
        ("helpful_yes", "what-is-crps"): 1, ("helpful_no", "signs-and-symptoms"): 1, ("larger_text", ""): 1,
        ("questions_shown", ""): 1, ("qr_shown", ""): 1,
    }
    assert report_today(state, capsys) == first
    # Every file the visit wrote (the database, its write-ahead log and index, anything else):
    files = {path.resolve() for path in (*state.iterdir(), *written) if path.is_file()}
    assert {p.name for p in files if p.parent == state.resolve()} >= {"usage.sqlite3"}
    for path in files:
        data = path.read_bytes()
        for word in ticked_words:
            for encoding in ("utf-8", "utf-16-le"):
                assert word.encode(encoding) not in data, f"{path.name} names {word!r}"
    assert (state / "usage.sqlite3-wal").stat().st_size == 0, "the order of the visit's steps is gone"

    visit(qtbot, window)
    window.reset_session()
    second = report_today(state, capsys)
    assert second == {key: 2 * count for key, count in first.items()}


def test_the_staff_panel_charts_the_last_30_days(qtbot, tmp_path: Path) -> None:
    window = make_kiosk(qtbot, state_dir=tmp_path)
    visit(qtbot, window)
    window.reset_session()
    window.show_staff_panel()
    charts = window.staff_panel.charts
    assert charts.isVisible()
    bars = [count for _, count in charts.visits_view.drawing().bars]
    assert bars == [0] * 29 + [1]
    assert charts.visits_text.text().startswith("1 visits from ")
    pages = charts.pages_view.drawing().texts()
    assert "What is CRPS? \u2013 100% helpful (1 answer)" in pages
    assert "Signs and symptoms \u2013 0% helpful (1 answer)" in pages
    assert charts.pages_text.text() == "2 page opens in all; 50% of 2 answers said helpful."
    assert load_content(paths.bundled_content_dir()).usable


class AcceptingPrinter:
    """Takes the job in memory and answers with a job id, as CUPS would."""

    threaded = True

    def submit(self, pdf: bytes, title: str, page_html: str = "") -> str:
        del pdf, title, page_html
        return "kiosk-1"


class RefusingPrinter(AcceptingPrinter):
    def submit(self, pdf: bytes, title: str, page_html: str = "") -> str:
        raise RuntimeError("out of paper")


def test_a_print_is_counted_only_when_the_printer_took_the_job(qtbot, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    window = make_kiosk(qtbot, state_dir=tmp_path)
    for printer in (RefusingPrinter(), AcceptingPrinter(), AcceptingPrinter()):
        window.questions._printer_factory = lambda printer=printer: printer
        window.questions.print_button.setVisible(True)
        window.show_questions()
        with qtbot.waitSignal(window.questions.print_control.finished, timeout=10000):
            tap(qtbot, find_button(window.questions, "Print my questions"))
    counts = report_today(tmp_path, capsys)
    assert counts[("prints", "")] == 1, "one visit that printed (a refused job is not a print)"
    window.reset_session()
