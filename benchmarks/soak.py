"""Soak: the seeded "monkey" of ``tests/monkey.py`` drives the real kiosk window for many
random interactions, and the memory is measured as it goes.

Usage: python benchmarks/soak.py [--interactions 10000] [--seed 1] [--warmup 1000]

What the monkey does and what is reported: see ``tests/monkey.py``. Exit code 1 when
there was an exception or a broken promise. ``tests/test_soak.py`` runs a short one.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import memory_mb, tests_dir  # noqa: E402

sys.path.insert(0, str(tests_dir()))  # the monkey and the fake timer live with the tests


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--interactions", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--warmup", type=int, default=1000)
    args = parser.parse_args(argv)
    from common import use_offscreen_screen

    use_offscreen_screen()
    logging.disable(logging.CRITICAL)  # the kiosk logs every refused reload; the report counts what matters
    from helpers import make_fake_timer_class
    from kiosk.app import ensure_application
    from monkey import make_window, reload_bundles, run_soak

    ensure_application()
    timer_class = make_fake_timer_class()
    window = make_window(timer_class)

    def progress(number: int) -> None:
        if number % 1000 == 0:
            rss = memory_mb().get("rss", 0)
            print(f"  {number} interactions, RSS {rss:.1f} MB", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="kiosk-soak-") as tmp:
        bundles = reload_bundles(Path(tmp))
        report = run_soak(window, timer_class, bundles, args.interactions, args.seed,
                          min(args.warmup, args.interactions), progress, lambda: memory_mb().get("rss", 0.0))
    print(f"soak, seed {args.seed}:")
    print("\n".join(report.lines()))
    window.close()
    return 1 if report.exceptions or report.broken_promises else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
