"""The two programs measured on a real X display (``xdisplay.py`` starts them).

Usage (on a ``DISPLAY``; ``xdisplay.py`` sets it):

    python benchmarks/xclient.py kiosk CONFIG        ``python -m kiosk --config CONFIG``, full screen
    python benchmarks/xclient.py floor PAGE.md [MORE.md ...]
        the floor: a bare PySide6 program that imports QtWidgets and Python-Markdown, renders
        PAGE.md's Markdown to HTML and shows it full screen in a QTextBrowser (with one "Next"
        button under it, for the tap measurement; the other pages are rendered after the
        first frame, when the tap measurement asks for them)

Both force their window to cover the whole screen: with no window manager (as under Xvfb)
nobody honours a full-screen request, so the window's geometry is set to the screen's
before it is shown. Nothing is printed or measured inside the program before its first
frame: the driver watches the X server from outside. Once running, each reads commands on
its standard input, one a line, and answers one ``XBENCH {json}`` line:

    targets   the buttons on screen: kind (a tile's object name, or ``icon:<name>`` for a
              kiosk button with an icon), class, global x, y, width, height
    state     what is on screen (the kiosk's session screen; the floor's page number)
    quit      exit at once
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

PREFIX = "XBENCH "


def _answer(result: object) -> None:
    sys.stdout.write(PREFIX + json.dumps(result) + "\n")
    sys.stdout.flush()


def _buttons(window: object) -> list[dict[str, object]]:
    from PySide6.QtWidgets import QAbstractButton

    found = []
    top = window.geometry()  # type: ignore[attr-defined]
    for button in window.findChildren(QAbstractButton):  # type: ignore[attr-defined]
        if not button.isVisible() or button.visibleRegion().isEmpty():
            continue
        corner = button.mapToGlobal(button.rect().topLeft())
        rect = (corner.x(), corner.y(), button.width(), button.height())
        if not top.contains(corner) or not top.contains(button.mapToGlobal(button.rect().bottomRight())):
            continue  # partly scrolled out of sight: not a target
        icon = button.property("icon_name")
        kind = f"icon:{icon}" if icon else (button.objectName() or type(button).__name__)
        found.append({"kind": kind, "class": type(button).__name__, "text": button.accessibleName()
                      or button.text(), "x": rect[0], "y": rect[1], "w": rect[2], "h": rect[3]})
    return found


def _listen(on_command: dict[str, object]) -> object:
    """Answer commands on standard input from the event loop (returns what must be kept)."""
    from PySide6.QtCore import QSocketNotifier

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)

    def ready() -> None:
        line = sys.stdin.readline()
        command = line.strip()
        if not line or command == "quit":
            os._exit(0)
        handler = on_command.get(command)
        _answer(handler() if callable(handler) else {"error": f"unknown command {command!r}"})

    notifier.activated.connect(ready)
    return notifier


def _cover_screen(window: object) -> None:
    from PySide6.QtWidgets import QApplication

    screen = QApplication.primaryScreen()
    window.setGeometry(screen.geometry())  # type: ignore[attr-defined]


def run_kiosk(config: Path) -> int:
    """``python -m kiosk``, its modules imported when and in the order it imports them (the
    command line first, the window's once the kiosk runs; see startup.py's run_kiosk)."""
    keep: list[object] = []

    def watch(app: Any) -> None:
        original = app.create_kiosk

        def create(*args: object, **kwargs: object) -> object:
            return _full_screen_and_listening(original(*args, **kwargs), keep)

        app.create_kiosk = create

    when_imported("kiosk.app", watch)
    from kiosk.cli import main

    return main(["--config", str(config)])


def when_imported(name: str, then: Callable[[Any], None]) -> None:
    """Call ``then(module)`` as soon as the module ``name`` has been imported."""
    import importlib.util

    class Finder:
        @staticmethod
        def find_spec(fullname: str, path: object = None, target: object = None) -> Any:
            if fullname != name:
                return None
            sys.meta_path.remove(Finder)  # type: ignore[arg-type]
            spec = importlib.util.find_spec(fullname)
            run_module = spec.loader.exec_module  # type: ignore[union-attr]

            def run_then(module: Any) -> None:
                run_module(module)
                then(module)

            spec.loader.exec_module = run_then  # type: ignore[union-attr]
            return spec

    sys.meta_path.insert(0, Finder)  # type: ignore[arg-type]


def _full_screen_and_listening(window: Any, keep: list[object]) -> object:
    """The kiosk's window, made to cover the screen when shown, answering commands."""
    plain_show = window.showFullScreen

    def show_full_screen() -> None:
        _cover_screen(window)
        plain_show()

    window.showFullScreen = show_full_screen
    keep.append(_listen({"targets": lambda: _buttons(window),
                         "state": lambda: {"screen": window.session.screen}}))
    return window


def markdown_body(path: Path) -> str:
    """A content page's Markdown, without its front matter."""
    text = path.read_text(encoding="utf-8")
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            text = text[text.index("\n", end + 1) + 1:]
    return text


def floor_reader() -> tuple[Any, Any, Any]:
    """The floor's window, the least a page of the kiosk needs: a QTextBrowser with a
    "Next" button under it; (window, browser, button), not shown. Needs a QApplication.
    (Here, not in common.py, which this program's timed start must not import.)"""
    from PySide6.QtWidgets import QPushButton, QTextBrowser, QVBoxLayout, QWidget

    window = QWidget()
    layout = QVBoxLayout(window)
    browser = QTextBrowser()
    button = QPushButton("Next")
    button.setMinimumHeight(88)
    layout.addWidget(browser, 1)
    layout.addWidget(button)
    return window, browser, button


def run_floor(pages: list[Path]) -> int:
    import markdown
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    window, browser, button = floor_reader()
    browser.setHtml(markdown.markdown(markdown_body(pages[0])))
    rendered: list[str] = []
    state = {"index": 0}

    def next_page() -> None:
        if rendered:
            state["index"] = (state["index"] + 1) % len(rendered)
            browser.setHtml(rendered[state["index"]])

    def render_all() -> dict[str, object]:
        if not rendered:
            rendered.extend(markdown.markdown(markdown_body(page)) for page in pages)
        return {"pages": len(rendered)}

    button.clicked.connect(next_page)
    _cover_screen(window)
    window.showFullScreen()
    keep = _listen({"targets": lambda: [dict(t, kind="next") for t in _buttons(window)],
                    "state": lambda: {"screen": f"page:{state['index']}"}, "render": render_all})
    code = app.exec()
    del keep
    return code


def main(argv: list[str]) -> int:
    if argv[:1] == ["kiosk"] and len(argv) == 2:
        return run_kiosk(Path(argv[1]))
    if argv[:1] == ["floor"] and len(argv) >= 2:
        return run_floor([Path(arg) for arg in argv[1:]])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
