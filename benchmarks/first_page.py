"""First page: tap a topic on the home screen to the page painted, with and without read-aloud.

Usage: python benchmarks/first_page.py [--runs 3] [--modes none,speechd,qt-plugin]

The first page is where the speech engine starts. Each run is a fresh process:

- ``none``: ``speech_engine = "none"`` (no read-aloud);
- ``speechd``: the kiosk's own speech-dispatcher client (the Linux default), which starts
  in the background; also timed: the engine ready (the "Read aloud" button appears) and a
  second tap ("Next") right after the first page;
- ``qt-plugin``: for comparison, how long Qt's speech-dispatcher plugin takes to create on
  the UI thread (what the kiosk did before: the whole time the screen was frozen).

speech-dispatcher must be reachable (``SPEECHD_ADDRESS`` or the user's own daemon, which
is started on demand). Prints one line per mode and a ``BENCH-RESULT`` line.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PaintProbe, emit, summary, tests_dir, use_offscreen_screen  # noqa: E402

MODES = ("none", "speechd", "qt-plugin")


def tap_through_window(button: object) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    window = button.window()  # type: ignore[attr-defined]
    point = button.mapTo(window, button.rect().center())  # type: ignore[attr-defined]
    QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton, pos=point)


def child(mode: str) -> dict[str, float]:
    use_offscreen_screen()
    from kiosk.app import create_kiosk, ensure_application
    from kiosk.config import Config

    app = ensure_application()
    if mode == "qt-plugin":
        from PySide6.QtTextToSpeech import QTextToSpeech

        start = time.perf_counter()
        speech = QTextToSpeech("speechd")
        speech.availableLocales()
        return {"blocked_ms": (time.perf_counter() - start) * 1000}
    sys.path.insert(0, str(tests_dir()))
    from helpers import make_fake_timer_class

    window = create_kiosk(Config(fullscreen=False, speech_engine=mode), timer_factory=make_fake_timer_class(),
                          watch_content=False)
    window.resize(1920, 1080)
    window.show()
    home = PaintProbe(window.home)
    home.wait()
    probe = PaintProbe(window.page.text.viewport())
    start = time.perf_counter()
    tap_through_window(window.home.tiles[0])
    if not probe.wait():
        raise RuntimeError("the page was not painted")
    result = {"tap_to_page_ms": (time.perf_counter() - start) * 1000}
    probe.painted = False
    start = time.perf_counter()
    tap_through_window(window.page.next_button)
    if not probe.wait():
        raise RuntimeError("the next page was not painted")
    result["next_tap_ms"] = (time.perf_counter() - start) * 1000
    speech = window.speech
    if mode == "speechd" and speech is not None:
        deadline = time.perf_counter() + 15
        while not (speech.available or speech.reason) and time.perf_counter() < deadline:
            app.processEvents()
            time.sleep(0.005)
        if not speech.available:
            raise RuntimeError(f"speech did not start: {speech.reason}")
        result["engine_ready_ms"] = (time.perf_counter() - start) * 1000 + result["next_tap_ms"]
        speech.close()
    return result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--child", choices=MODES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child)), flush=True)
        return 0
    results: dict[str, dict[str, list[float]]] = {}
    for mode in args.modes.split(","):
        for _ in range(args.runs):
            done = subprocess.run([sys.executable, __file__, "--child", mode], capture_output=True, text=True,
                                  timeout=120, env=dict(os.environ))
            if done.returncode != 0:
                print(f"{mode}: failed: {done.stderr.strip().splitlines()[-1:]}")
                break
            for key, value in json.loads(done.stdout.strip().splitlines()[-1]).items():
                results.setdefault(mode, {}).setdefault(key, []).append(round(value, 2))
        for key, values in results.get(mode, {}).items():
            median, low, high = summary(values)
            print(f"{mode:10s} {key:16s} median {median:8.1f} ms  "
                  f"(min {low:.1f}, max {high:.1f}, {len(values)} runs)")
    emit({"first_page": results})
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
