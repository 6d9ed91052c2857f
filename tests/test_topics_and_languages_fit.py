"""Every topic can be found and every language button read: a clear "more topics below"
button when the topics scroll, a language bar that wraps instead of colliding or
dropping "Text size", and a staff panel that shows drafts and each language's state."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QWidget

from helpers import tap
from kiosk import paths
from kiosk.app import create_kiosk
from kiosk.config import Config

NAMES = {"fr": "Français", "pt": "Português", "vi": "Tiếng Việt"}


def five_languages_thirteen_pages(root: Path, draft: str | None = None) -> Path:
    shutil.copytree(paths.bundled_content_dir(), root)
    for code in ("en", "es"):
        last = sorted((root / code).glob("*.md"))[-1]
        text = last.read_text(encoding="utf-8")
        (root / code / "99-getting-ready.md").write_text(
            text.replace("title: ", "title: Ready ", 1).replace("tile: ", "tile: Ready ", 1), encoding="utf-8")
    for code, name in NAMES.items():  # the Spanish words stand in for each translation
        shutil.copytree(root / "es", root / code)
        ui = root / code / "ui.yaml"
        ui.write_text(ui.read_text(encoding="utf-8").replace("language_name: Español", f"language_name: {name}"),
                      encoding="utf-8")
    if draft is not None:
        (root / draft / "DRAFT.txt").write_text("", encoding="utf-8")
    return root


@pytest.fixture
def window(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    root = five_languages_thirteen_pages(tmp_path / "content", draft="vi")
    (root / "vi" / "DRAFT.txt").unlink()
    kiosk = create_kiosk(Config(content_dir=root, fullscreen=False, speech_engine="mock"), watch_content=False)
    qtbot.addWidget(kiosk)
    kiosk.show()
    return kiosk


def settle(window, width: int, height: int) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    window.resize(width, height)
    for _ in range(3):
        QApplication.processEvents()


def test_thirteen_topics_in_landscape_show_a_clear_more_below_button(qtbot, window) -> None:
    settle(window, 1920, 1080)
    home = window.home
    assert len(home.tiles) >= 13
    last = home.tiles[-1]
    assert not home._scroll.viewport().rect().contains(last.mapTo(home._scroll.viewport(), last.rect().center()))
    assert home.more.isVisible() and home.more.accessibleName() == "More topics below"
    assert home.more.height() >= window.theme.px("touch") * 0.9
    for _ in range(10):
        if not home.more_below:
            break
        tap(qtbot, home.more)
    assert not home.more_below, "tapping the button reaches the last topics"
    viewport = home._scroll.viewport()
    assert viewport.rect().contains(last.mapTo(viewport, last.rect().center()))
    assert home.more.accessibleName() == "Back to the first topics"
    tap(qtbot, home.more)
    assert home._scroll.verticalScrollBar().value() == 0
    window.set_language("es")
    assert home.more.accessibleName() == "Hay más temas abajo"


def test_topics_that_all_fit_show_no_more_button(qtbot, tmp_path: Path) -> None:
    root = tmp_path / "content"
    (root / "en").mkdir(parents=True)
    for name in ("ui.yaml", "checklist.yaml"):
        shutil.copy(paths.bundled_content_dir() / "en" / name, root / "en" / name)
    for number, title in enumerate(("What is CRPS?", "Your care team", "Getting ready"), start=1):
        (root / "en" / f"0{number}-page-{number}.md").write_text(
            f"---\ntitle: {title}\nillustration: care-team.svg\nalt: Two people talk.\n---\nShort words.\n",
            encoding="utf-8")
    kiosk = create_kiosk(Config(content_dir=root, fullscreen=False, speech_engine="mock"), watch_content=False)
    qtbot.addWidget(kiosk)
    kiosk.show()
    settle(kiosk, 1920, 1080)
    home = kiosk.home
    assert len(home.tiles) == 3
    assert home._scroll.verticalScrollBar().maximum() == 0
    assert not home.more.isVisible()


def _rect(widget: QWidget, within: QWidget) -> QRect:
    return QRect(widget.mapTo(within, widget.rect().topLeft()), widget.size())


@pytest.mark.parametrize(("width", "height"), [(1080, 1920), (1920, 1080), (768, 1366), (1366, 768)])
@pytest.mark.parametrize("code", ["en", "es"])
def test_five_languages_never_collide_with_the_tools_or_drop_text_size(window, width: int, height: int,
                                                                       code: str) -> None:
    window.set_language(code)
    settle(window, width, height)
    bar = window.access_bar
    assert len(bar.language_buttons) == 5
    assert bar.size_label.isVisible() and bar.size_label.text() == window.language.text("text_size")
    assert bar.size_label.width() >= bar.size_label.sizeHint().width()
    parts = [*bar.language_buttons, bar.smaller, bar.size_label, bar.larger, bar.contrast]
    rects = [_rect(part, bar) for part in parts]
    for part, rect in zip(parts, rects, strict=True):
        assert part.isVisible()
        assert bar.rect().contains(rect), f"{part.objectName() or part.text()} is outside the bar"
        if part not in (bar.size_label, bar.smaller, bar.larger):  # those two are icons of a fixed size
            assert part.width() >= part.sizeHint().width(), f"'{part.text()}' is squeezed"
    for index, one in enumerate(rects):
        for other in rects[index + 1:]:
            assert not one.intersects(other), "two parts of the bar overlap"


def test_the_staff_panel_shows_drafts_and_each_languages_state_and_previews_a_draft(qtbot, tmp_path: Path) -> None:
    root = five_languages_thirteen_pages(tmp_path / "content", draft="vi")
    ui = root / "pt" / "ui.yaml"
    ui.write_text(ui.read_text(encoding="utf-8").replace("{title}", "{titulo}"), encoding="utf-8")
    kiosk = create_kiosk(Config(content_dir=root, fullscreen=False, speech_engine="mock"), watch_content=False)
    qtbot.addWidget(kiosk)
    kiosk.show()
    assert [b.property("language") for b in kiosk.access_bar.language_buttons] == ["en", "es", "fr"]
    kiosk.show_staff_panel()
    status = kiosk.staff_panel.status.text()
    assert "English (en): shown to patients, up to date" in status
    assert "Português (pt) has 1 error: it is not offered to patients until they are fixed" in status
    assert "Tiếng Việt (vi): draft, staff only (never offered to patients)" in status
    preview = [b for b in kiosk.staff_panel.findChildren(QWidget)
               if b.property("language") == "vi" and b.isVisible()]
    assert [b.accessibleName() for b in preview] == ["Preview Tiếng Việt (draft)"]
    tap(qtbot, preview[0])
    assert kiosk.language.code == "vi" and kiosk.language.draft
    kiosk.reset_session()
    assert kiosk.language.code == "en", "a reset never leaves a draft on screen"
