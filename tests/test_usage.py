"""Anonymous daily usage counts (pure part): SQLite store, once-per-visit counting, the
report, and what a kill during a write does. No Qt here."""

from __future__ import annotations

import csv
import io
import os
import signal
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from kiosk import cli
from kiosk.report import daily, page_figures, to_csv, to_table
from kiosk.usage import FILE_NAME, Measure, Row, UsageCounter, UsageError, UsageStore, open_counter, read_rows

ROOT = Path(__file__).resolve().parent.parent
DAY = date(2026, 12, 1)


class Clock:
    def __init__(self, day: date = DAY) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day


def counts(path: Path) -> dict[tuple[str, str, str], int]:
    with sqlite3.connect(path) as db:
        return {(d, m, s): n for d, m, s, n in db.execute("SELECT day, measure, subject, n FROM counts")}


def test_each_thing_counts_once_per_visit_and_a_visit_with_its_first_step(tmp_path: Path) -> None:
    clock = Clock()
    counter = UsageCounter(UsageStore(tmp_path / FILE_NAME), clock)
    counter.end_visit()  # an idle reset with nobody there
    assert counts(tmp_path / FILE_NAME) == {}
    for _ in range(2):
        counter.page_opened("what-is-crps")
        counter.helpful("what-is-crps", True)
        counter.helpful("what-is-crps", False)  # a second answer to the same page is not counted
        counter.larger_text()
        counter.language_chosen("es")
    counter.page_opened("signs-and-symptoms")
    counter.end_visit()
    clock.day = date(2026, 12, 2)
    counter.visit_started()
    counter.page_opened("what-is-crps")
    counter.helpful("what-is-crps", False)
    counter.end_visit()
    assert counts(tmp_path / FILE_NAME) == {
        ("2026-12-01", "visits", ""): 1, ("2026-12-01", "page_opens", "what-is-crps"): 1,
        ("2026-12-01", "page_opens", "signs-and-symptoms"): 1, ("2026-12-01", "helpful_yes", "what-is-crps"): 1,
        ("2026-12-01", "larger_text", ""): 1, ("2026-12-01", "language", "es"): 1,
        ("2026-12-02", "visits", ""): 1, ("2026-12-02", "page_opens", "what-is-crps"): 1,
        ("2026-12-02", "helpful_no", "what-is-crps"): 1,
    }


@pytest.mark.parametrize("subject", ["Burning pain", "pain-kind x", "../x", "", "a" * 65])
def test_only_page_and_language_names_can_be_counted(tmp_path: Path, subject: str) -> None:
    counter = UsageCounter(UsageStore(tmp_path / FILE_NAME), Clock())
    with pytest.raises(ValueError):
        counter.page_opened(subject)
    with pytest.raises(ValueError):
        UsageStore(tmp_path / FILE_NAME).add(DAY, Measure.QUESTIONS_SHOWN, "pain-kind")


def test_nothing_is_counted_when_counting_is_off(tmp_path: Path) -> None:
    counter = open_counter(False, tmp_path)
    counter.page_opened("what-is-crps")
    counter.end_visit()
    assert not counter.enabled and list(tmp_path.iterdir()) == []


def test_the_end_of_a_visit_empties_the_write_ahead_log(tmp_path: Path) -> None:
    counter = UsageCounter(UsageStore(tmp_path / FILE_NAME), Clock())
    counter.page_opened("what-is-crps")
    counter.page_opened("signs-and-symptoms")
    wal = tmp_path / f"{FILE_NAME}-wal"
    assert wal.stat().st_size > 0  # while the visit goes on, its steps sit in the log in order
    counter.end_visit()
    assert wal.stat().st_size == 0


def test_a_database_that_cannot_be_written_turns_counting_off_without_stopping(tmp_path: Path,
                                                                             caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / FILE_NAME).write_bytes(b"this is not a database, it is a text file" * 100)
    counter = open_counter(True, tmp_path)
    assert not counter.enabled
    counter.page_opened("what-is-crps")
    assert "counting is off" in caplog.text
    store = UsageStore(tmp_path / "ok" / FILE_NAME)
    counter = UsageCounter(store, Clock())
    store._db.execute("PRAGMA query_only=ON")  # as a full or read-only disk would refuse the write
    counter.page_opened("what-is-crps")
    assert not counter.enabled
    assert "counting is off until the kiosk restarts" in caplog.text


def test_report_table_and_csv(tmp_path: Path) -> None:
    store = UsageStore(tmp_path / FILE_NAME)
    for day, measure, subject, n in [(date(2026, 11, 30), Measure.VISITS, "", 3), (DAY, Measure.VISITS, "", 2),
                                     (DAY, Measure.PAGE_OPENS, "what-is-crps", 2),
                                     (DAY, Measure.HELPFUL_YES, "what-is-crps", 2),
                                     (DAY, Measure.HELPFUL_NO, "what-is-crps", 1),
                                     (DAY, Measure.LANGUAGE, "es", 1), (DAY, Measure.QR_SHOWN, "", 1)]:
        store.add(day, measure, subject, n)
    rows = store.rows(DAY, DAY)
    assert to_csv(rows) == ("date,measure,subject,count\n2026-12-01,helpful_no,what-is-crps,1\n"
                            "2026-12-01,helpful_yes,what-is-crps,2\n2026-12-01,language,es,1\n"
                            "2026-12-01,page_opens,what-is-crps,2\n2026-12-01,qr_shown,,1\n2026-12-01,visits,,2\n")
    table = to_table(store.rows(), date(2026, 11, 30), DAY, {"what-is-crps": "What is CRPS?"})
    lines = table.splitlines()
    assert lines[0] == "Anonymous usage counts from 2026-11-30 to 2026-12-01"
    assert lines[2].split() == ["day", "visits", "questions", "shown", "QR", "shown", "prints", "larger", "text",
                                "high", "contrast", "read", "aloud", "languages", "chosen"]
    assert lines[3].split() == ["2026-11-30", "3", "0", "0", "0", "0", "0", "0", "-"]
    assert lines[4].split() == ["2026-12-01", "2", "0", "1", "0", "0", "0", "0", "es", "1"]
    assert lines[5].split() == ["total", "5", "0", "1", "0", "0", "0", "0"]
    assert lines[-1].split() == ["What", "is", "CRPS?", "2", "2", "1", "67%"]
    assert [f.helpful_share for f in page_figures(rows)] == [2 / 3]
    assert daily(store.rows(), Measure.VISITS, DAY, days=3) == [
        (date(2026, 11, 29), 0), (date(2026, 11, 30), 3), (DAY, 2)]


def test_report_command_adds_up_several_kiosks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name, n in (("a", 2), ("b", 5)):
        UsageStore(tmp_path / name / FILE_NAME).add(DAY, Measure.VISITS, "", n)
    args = ["report", "--since", "2026-12-01", "--until", "2026-12-01", "--format", "csv",
            "--database", str(tmp_path / "a" / FILE_NAME), "--database", str(tmp_path / "b" / FILE_NAME)]
    assert cli.main(args) == 0
    assert list(csv.reader(io.StringIO(capsys.readouterr().out))) == [
        ["date", "measure", "subject", "count"], ["2026-12-01", "visits", "", "7"]]
    assert cli.main(["report", "--database", str(tmp_path / "none.sqlite3")]) == 1
    assert "there are no usage counts here" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["report", "--since", "1 Dec"])
    assert "'1 Dec' is not a date written as YYYY-MM-DD" in capsys.readouterr().err


def test_report_reads_the_configured_state_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "kiosk.toml").write_text('state_dir = "state"\n', encoding="utf-8")
    UsageStore(tmp_path / "state" / FILE_NAME).add(date.today(), Measure.PRINTS)
    assert cli.main(["--config", str(tmp_path / "kiosk.toml"), "report", "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == f"{date.today().isoformat()},prints,,1"


def test_a_file_that_is_not_usage_counts_is_refused_by_the_report(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE t (x)")
    with pytest.raises(UsageError, match="is not a kiosk's usage counts file"):
        read_rows([path], None, None)


WRITER = """
import sys
from datetime import date
from pathlib import Path
from kiosk.usage import Measure, UsageStore
store = UsageStore(Path(sys.argv[1]))
written = 0
while True:
    store.add(date(2026, 12, 1), Measure.PAGE_OPENS, "what-is-crps")
    written += 1
    print(written, flush=True)
"""


def test_a_kill_during_writes_loses_at_most_the_change_being_written(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], cwd=ROOT, stdout=subprocess.PIPE,
                             text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert child.stdout is not None
    while int(child.stdout.readline()) < 300:  # a steady stream of committed changes
        pass
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    confirmed = max(int(line) for line in [*child.stdout.read().split(), "300"])
    child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    store = UsageStore(path)  # opens cleanly after the kill
    assert store.integrity() == "ok"
    found = store.rows()[0].count
    assert confirmed <= found <= confirmed + 1  # committed-but-not-yet-printed is the one in flight
    store.add(DAY, Measure.PAGE_OPENS, "what-is-crps")
    assert store.rows()[0] == Row(DAY, Measure.PAGE_OPENS, "what-is-crps", found + 1)
    store.close()
