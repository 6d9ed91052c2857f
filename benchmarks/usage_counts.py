"""How long one usage count takes to write (one SQLite transaction in WAL mode, on the
UI thread), how long the end of a visit takes (the write-ahead log folded in and
emptied), and how big the database grows over a year of visits.

Usage: python benchmarks/usage_counts.py [--visits 2000] [--days 365]

Prints the figures; asserts nothing. A "visit" here opens 6 pages, answers "helpful?"
on 3, shows the questions and the QR code, and changes the text size: 12 counts.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.usage import FILE_NAME, UsageCounter, UsageStore  # noqa: E402

PAGES = ["what-is-crps", "signs-and-symptoms", "causes-and-outlook", "what-is-ketamine",
         "blocks-pain-signals", "resets-pain-pathways", "inflammation-and-movement", "treatment-process",
         "possible-benefits", "what-research-says", "safety-and-side-effects", "your-care-team"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--visits", type=int, default=2000)
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args()
    rng = random.Random(16)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / FILE_NAME
        day = [date(2026, 1, 1)]
        counter = UsageCounter(UsageStore(path), lambda: day[0])
        writes: list[float] = []
        ends: list[float] = []
        for visit in range(args.visits):
            day[0] = date(2026, 1, 1) + timedelta(days=visit * args.days // args.visits)
            steps = [lambda p=p: counter.page_opened(p) for p in rng.sample(PAGES, 6)]
            steps += [lambda p=p: counter.helpful(p, rng.random() < 0.8) for p in rng.sample(PAGES, 3)]
            steps += [counter.questions_shown, counter.qr_shown, counter.larger_text]
            for step in steps:
                started = time.perf_counter()
                step()
                writes.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            counter.end_visit()
            ends.append((time.perf_counter() - started) * 1000)
        counter.close()
        size = path.stat().st_size
        rows = len(UsageStore(path, create=False).rows())
    writes.sort()
    print(f"usage counts: {args.visits} visits over {args.days} days, {len(writes)} counts written")
    print(f"one count (one transaction): median {statistics.median(writes):.3f} ms, "
          f"95th percentile {writes[int(len(writes) * 0.95)]:.3f} ms, max {writes[-1]:.3f} ms")
    print(f"end of a visit (WAL folded in and emptied): median {statistics.median(ends):.3f} ms, "
          f"max {max(ends):.3f} ms")
    print(f"database after a year: {size / 1024:.0f} KB, {rows} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
