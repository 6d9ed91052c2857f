"""The frozen build's start against the source's: the smoke test's own first-frame line
(``first frame N ms after the process started (CPU M ms)``), the two started in turn.

    python benchmarks/frozen_start.py [--runs N] [--frozen dist/crps-kiosk/crps-kiosk]

Both run offscreen on the bundled content with the same settings (read aloud through the
kiosk's speech-dispatcher client and a stand-in daemon, see ``common``); the source from
compiled bytecode (see ``common.with_bytecode``), each started once, untimed, first (the
content cache and the bytecode are made then). Build the frozen program first:
``python3 dev.py build``.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BENCH_SPEECH_ENGINE, ROOT, emit, percentile, start_speech_stand_in, with_bytecode  # noqa: E402

FROZEN = ROOT / "dist" / "crps-kiosk" / ("crps-kiosk.exe" if os.name == "nt" else "crps-kiosk")
LINE = re.compile(r"first frame (\d+) ms after the process started \(CPU (\d+) ms\)")


def smoke(command: list[str], config: Path) -> tuple[float, float]:
    """(wall ms, CPU ms) to the first frame of one smoke test."""
    env = with_bytecode(dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    env.pop("KIOSK_CONFIG", None)
    done = subprocess.run([*command, "--config", str(config), "--smoke-test"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    found = LINE.search(done.stdout)
    if done.returncode != 0 or not found:
        raise RuntimeError(f"{command} failed:\n{done.stdout[-1000:]}\n{done.stderr[-2000:]}")
    return float(found.group(1)), float(found.group(2))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--frozen", type=Path, default=FROZEN)
    args = parser.parse_args(argv)
    if not args.frozen.exists():
        print(f"no frozen build at {args.frozen} (python3 dev.py build)", file=sys.stderr)
        return 1
    start_speech_stand_in()
    programs = {"source": [sys.executable, "-m", "kiosk"], "frozen": [str(args.frozen)]}
    found: dict[str, list[tuple[float, float]]] = {name: [] for name in programs}
    with tempfile.TemporaryDirectory(prefix="kiosk-frozen-start-") as tmp:
        config = Path(tmp) / "kiosk.toml"
        config.write_text(f'log_dir = "{(Path(tmp) / "logs").as_posix()}"\n'
                          f'speech_engine = "{BENCH_SPEECH_ENGINE}"\n', encoding="utf-8")
        for command in programs.values():
            smoke(command, config)
        names = list(programs)
        for run in range(args.runs):
            for name in (names if run % 2 == 0 else names[::-1]):
                found[name].append(smoke(programs[name], config))
    print(f"smoke test's first frame, {args.runs} runs each, medians (min-max)")
    for name, values in found.items():
        wall, cpu = [v[0] for v in values], [v[1] for v in values]
        print(f"{name:<7} wall {percentile(wall, 0.5):6.0f} ms ({min(wall):.0f}-{max(wall):.0f})   "
              f"CPU {percentile(cpu, 0.5):6.0f} ms ({min(cpu):.0f}-{max(cpu):.0f})")
    emit({name: values for name, values in found.items()})
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
