"""Every patient: larger text, high contrast, read-aloud, still pictures, and an audit of
every screen in every language, theme, text size and orientation."""

from __future__ import annotations

import logging
import tomllib

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication

from helpers import audit, contrast, find_button, tap
from kiosk import paths
from kiosk.session import TEXT_SCALES
from kiosk.ui.speech import ReadAloud, ReadingState


def test_larger_text_goes_up_to_1_6_times_in_steps_and_resets(qtbot, kiosk) -> None:
    kiosk.show_section("what-is-crps")
    larger = find_button(kiosk.access_bar, "Larger text")
    smaller = find_button(kiosk.access_bar, "Smaller text")
    assert not smaller.isEnabled()
    sizes = []
    for _ in range(len(TEXT_SCALES) - 1):
        tap(qtbot, larger)
        sizes.append(kiosk.page.title.font().pixelSize())
    assert sizes == sorted(sizes) and len(set(sizes)) == 3
    assert not larger.isEnabled() and kiosk.session.text_scale == pytest.approx(1.6)
    assert "font-size: 45px" in kiosk.page.text.document().defaultStyleSheet()
    tap(qtbot, smaller)
    assert kiosk.session.text_step == 2
    kiosk.reset_session()
    assert kiosk.session.text_step == 0
    assert "font-size: 28px" in kiosk.page.text.document().defaultStyleSheet()


def test_high_contrast_turns_every_screen_white_and_yellow_on_black(qtbot, kiosk) -> None:
    tap(qtbot, find_button(kiosk.access_bar, "High contrast"))
    assert kiosk.session.high_contrast and kiosk.theme.name == "high_contrast"
    kiosk.show_section("what-is-crps")
    QApplication.processEvents()
    image = kiosk.grab().toImage()
    corner = image.pixelColor(image.width() - 5, image.height() // 2)
    assert corner.name() == "#000000"
    assert "color: #FFFFFF" in kiosk.page.text.document().defaultStyleSheet()
    kiosk.show_questions()
    qr = kiosk.questions.qr.pixmap().toImage()
    assert qr.pixelColor(2, 2).name() == "#ffffff", "the QR code keeps its white quiet zone"
    kiosk.reset_session()
    assert kiosk.theme.name == "default" and not kiosk.access_bar.contrast.isChecked()


def test_read_aloud_speaks_the_page_in_its_language_and_stops_when_the_page_changes(
        qtbot, kiosk, monkeypatch: pytest.MonkeyPatch) -> None:
    kiosk.show_section("what-is-ketamine")
    speech = kiosk.speech
    assert speech is not None
    assert not kiosk.page.tools.read_button.isVisible(), "no button before the engine is ready"
    qtbot.waitUntil(lambda: speech.available or bool(speech.reason))
    assert speech.available, speech.reason
    spoken: list[tuple[str, str]] = []  # what the read-aloud bar asked the engine to say
    speak = speech.speak

    def recording_speak(text: str, language: str) -> None:
        spoken.append((text, language))
        speak(text, language)

    monkeypatch.setattr(speech, "speak", recording_speak)
    tap(qtbot, find_button(kiosk.page, "Read aloud"))
    said, language = spoken[-1]
    assert said.startswith("What is ketamine?") and "anesthetic" in said and language == "en"
    assert speech.state is ReadingState.SPEAKING
    tap(qtbot, find_button(kiosk.page, "Pause"))
    qtbot.waitUntil(lambda: speech.state is ReadingState.PAUSED)  # the button follows what the engine reports
    tap(qtbot, find_button(kiosk.page, "Continue"))
    qtbot.waitUntil(lambda: speech.state is ReadingState.SPEAKING)
    tap(qtbot, find_button(kiosk.page, "Next: Blocking pain signals"))
    assert speech.state is ReadingState.IDLE, "changing page stops the reading"
    assert find_button(kiosk.page, "Read aloud")
    tap(qtbot, find_button(kiosk.page, "Read aloud"))
    tap(qtbot, find_button(kiosk.page, "Stop"))
    assert speech.state is ReadingState.IDLE
    kiosk.set_language("es")
    tap(qtbot, find_button(kiosk.page, "Leer en voz alta"))
    said, language = spoken[-1]
    assert ("Bloquear" in said or "señales" in said) and language == "es"
    kiosk.reset_session()
    assert speech.state is ReadingState.IDLE, "a reset stops the reading"


def test_without_a_speech_engine_the_button_is_hidden_and_the_log_says_why(qtbot, caplog) -> None:
    from kiosk.app import create_kiosk
    from kiosk.config import Config

    caplog.set_level(logging.INFO)
    missing = ReadAloud("no-such-engine")
    qtbot.waitUntil(lambda: bool(missing.reason))
    assert not missing.available
    assert "speech engine 'no-such-engine' is not installed" in caplog.text
    window = create_kiosk(Config(fullscreen=False, speech_engine="none"), watch_content=False)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    window.show_section("what-is-crps")
    assert not window.page.read_button.isVisible()
    assert "read-aloud is turned off" in caplog.text
    tap(qtbot, find_button(window.page, "Next: Signs and symptoms"))
    assert window.session.page == "signs-and-symptoms", "everything else works"


def test_stop_movement_stops_the_analogy_and_resets_with_the_session(qtbot, kiosk) -> None:
    from PySide6.QtCore import QTimer

    kiosk.show_section("blocks-pain-signals")
    analogy = kiosk.page.analogy
    assert analogy is not None
    assert any(t.isActive() for t in analogy.findChildren(QTimer))
    tap(qtbot, find_button(kiosk.page, "Stop movement"))
    assert kiosk.session.reduce_motion
    assert not any(t.isActive() for t in analogy.findChildren(QTimer))
    kiosk.reset_session()
    assert not kiosk.session.reduce_motion


def test_the_reduce_motion_setting_is_the_default_for_every_visit(qtbot) -> None:
    from kiosk.app import create_kiosk
    from kiosk.config import Config

    window = create_kiosk(Config(fullscreen=False, reduce_motion=True), watch_content=False)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    window.show_section("resets-pain-pathways")
    assert window.page.still_button.isChecked()
    window.reset_session()
    assert window.session.reduce_motion


def test_the_keyboard_reaches_every_control_in_visual_order(qtbot, kiosk) -> None:
    from PySide6.QtCore import QPoint

    kiosk.show_section("what-is-crps")
    kiosk.access_bar.language_buttons[0].setFocus()
    seen = []
    for _ in range(20):
        widget = QApplication.focusWidget()
        if widget is None or widget in seen:
            break
        seen.append(widget)
        widget.focusNextChild()
    names = [w.accessibleName() for w in seen if isinstance(w, QAbstractButton)]
    for expected in ("English", "Larger text", "High contrast", "Back to topics", "Next: Signs and symptoms"):
        assert expected in names, names
    positions = [w.mapTo(kiosk, QPoint(0, 0)) for w in seen if isinstance(w, QAbstractButton)]
    rows = [p.y() for p in positions]
    assert rows.index(min(rows)) < rows.index(max(rows)), "the top bar comes before the page's footer"


# -- the audit -----------------------------------------------------------------------------
def test_audit_every_screen_language_theme_text_size_and_orientation(qtbot, kiosk, capsys) -> None:
    tokens = tomllib.loads((paths.style_dir() / "tokens.toml").read_text(encoding="utf-8"))
    pairs = 0
    for colours in tokens["themes"].values():
        for text, background in tokens["contrast"]["pairs"]:
            assert contrast(colours[text], colours[background]) >= 7.0
            pairs += 1
    for row in kiosk.checklist.rows:
        kiosk.session.set_ticked(row.item.id, True)
    problems: list[str] = []
    screens = widgets = 0
    for size in ((1920, 1080), (1080, 1920)):
        kiosk.resize(*size)
        for code in kiosk.bundle.languages:
            kiosk.set_language(code)
            for high_contrast in (False, True):
                for step in range(len(TEXT_SCALES)):
                    kiosk.session.high_contrast = high_contrast
                    kiosk.session.text_step = step
                    kiosk.look.apply()
                    views = [("home", kiosk.show_home), ("checklist", kiosk.show_checklist),
                             ("questions", kiosk.show_questions)]
                    views += [(s.slug, lambda slug=s.slug: kiosk.show_section(slug)) for s in kiosk.language.sections]
                    for view, show in views:
                        show()
                        QApplication.processEvents()
                        name = f"{code}/{size[0]}x{size[1]}/{'contrast' if high_contrast else 'default'}/x{TEXT_SCALES[step]}/{view}"
                        widgets += audit(kiosk, name, problems)
                        screens += 1
    with capsys.disabled():
        print(f"\naccessibility audit: {screens} screens, {widgets} widgets, {pairs} colour pairs checked, "
              f"{len(problems)} problems")
    kinds: dict[str, int] = {}
    for problem in problems:
        key = problem.split(": ", 1)[1][:60]
        kinds[key] = kinds.get(key, 0) + 1
    assert problems == [], "\n".join(f"{n} x {k}" for k, n in sorted(kinds.items(), key=lambda kv: -kv[1])[:40])
