"""The command line's words: what ``python -m kiosk ...`` was asked to do (see :mod:`kiosk.cli`).

Pure Python: no Qt.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk import DISPLAY_NAME, __version__, paths


def full_parser() -> argparse.ArgumentParser:
    """The parser of every option and command."""
    # The shared options are accepted before and after the command; SUPPRESS keeps a
    # command's parser from overwriting what was given before the command.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", type=Path, default=argparse.SUPPRESS, help="settings file (kiosk.toml)")
    common.add_argument("--content", type=Path, default=argparse.SUPPRESS, help="content folder to show")
    running = argparse.ArgumentParser(add_help=False)
    running.add_argument("--windowed", action="store_true", default=argparse.SUPPRESS,
                         help="an ordinary window, not full screen")
    running.add_argument("--smoke-test", action="store_true", default=argparse.SUPPRESS,
                         help="start offscreen, render every screen once, exit 0 if the program works "
                         "(its first line says if the content folder had to be replaced)")
    parser = argparse.ArgumentParser(prog=paths.command_name(), description=DISPLAY_NAME,
                                     parents=[common, running])
    parser.add_argument("--version", action="version", version=f"{DISPLAY_NAME} {__version__}")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="run the kiosk (the default)", parents=[common, running])
    shots = sub.add_parser("screenshots", help="render every screen to PNG files", parents=[common])
    shots.add_argument("out_dir", type=Path)
    preview = sub.add_parser("preview", parents=[common],
                             help="draw a content folder's own screens to PNG files, drafts and "
                             "problems included")
    preview.add_argument("folder", type=Path, nargs="?", help="content folder (default: the configured one)")
    preview.add_argument("--out", type=Path, default=Path("kiosk-preview"),
                         help="folder for the pictures (default: kiosk-preview)")
    config = sub.add_parser("config", help="say which settings file is read and the settings in use",
                            parents=[common])
    config.add_argument("--print-defaults", action="store_true", help="print a commented kiosk.toml")
    sub.add_parser("set-pin", help="set the staff PIN in the config file", parents=[common])
    check = sub.add_parser("check", help="check a content folder and list every problem", parents=[common])
    check.add_argument("folder", type=Path, nargs="?", help="content folder (default: the configured one)")
    from kiosk import cli_trust  # (a plain start makes no parser: see run_arguments)

    cli_trust.add_parsers(sub, [common])
    return parser


_RUN_FLAGS = {"--windowed": "windowed", "--smoke-test": "smoke_test"}
_RUN_PATHS = {"--config": "config", "--content": "content"}


def run_arguments(argv: list[str]) -> argparse.Namespace | None:
    """The arguments of a plain start (run options only, written out in full, as the kiosk's
    service starts it), read as :func:`full_parser` reads them but without making the
    parser of every command (~4 ms of CPU at every start); None for anything else (help, a
    command, a shortened or unknown option, a missing value), which the full parser reads
    and explains."""
    found = argparse.Namespace(command=None)
    items = list(argv)
    if items[:1] == ["run"]:
        found.command = "run"
        del items[0]
    while items:
        option, equals, value = items.pop(0).partition("=")
        if option in _RUN_FLAGS and not equals:
            setattr(found, _RUN_FLAGS[option], True)
        elif option in _RUN_PATHS:
            if not equals:
                value = items.pop(0) if items else ""
            if not value or value.startswith("-"):
                return None
            setattr(found, _RUN_PATHS[option], Path(value))
        else:
            return None
    return found


def read_arguments(argv: list[str]) -> argparse.Namespace:
    """``argv`` read (a plain start without making every command's parser)."""
    args = run_arguments(argv)
    if args is not None:
        return args
    parser = full_parser()
    args, extra = parser.parse_known_args(argv)
    if args.command == "approve" and not any(item.startswith("-") for item in extra):
        args.pages += extra  # pages named after --by (argparse takes positionals in one run)
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    return args
