"""Read aloud against a stand-in speech-dispatcher that speaks SSIP and records every command.

What the real daemon does with those commands (audio, other clients) is proven in
tests/test_services.py; here: the kiosk never sends a command that acts on other
programs' speech, never waits on the daemon in the UI thread, chooses the same voice
whatever order the daemon lists them in, and its buttons follow what the daemon reports.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_speechd import VOICES, FakeSpeechd

from helpers import find_button, tap
from kiosk.speechd import Voice, choose_voice, sentences
from kiosk.ui.speech import ReadAloud


@pytest.fixture
def speechd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSpeechd]:
    path = tmp_path / "speechd.sock"
    monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{path}")
    server = FakeSpeechd(path, VOICES)
    yield server
    server.close()


def ready(qtbot, speech: ReadAloud) -> ReadAloud:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: speech.available or bool(speech.reason), timeout=10000)
    assert speech.available, speech.reason
    return speech


def test_a_page_is_read_one_sentence_at_a_time() -> None:
    parts = sentences("What is ketamine? It is a medicine.\nDoctors use it: in a clinic. <b>&")
    assert parts == ["What is ketamine?", "It is a medicine.", "Doctors use it:", "in a clinic.", "<b>&"]


def test_the_voice_is_the_same_whatever_order_the_engine_lists_them_in() -> None:
    for order in (VOICES, list(reversed(VOICES)), VOICES[3:] + VOICES[:3]):
        assert choose_voice(order, "en") == Voice("English (America)", "en-US")
        assert choose_voice(order, "es") == Voice("Spanish (Latin America)", "es-419")
        assert choose_voice(order, "fr") == Voice("French (France)", "fr-FR")
        assert choose_voice(order, "de") is None
        assert choose_voice(order, "es", "Spanish (Spain)") == Voice("Spanish (Spain)", "es")
        assert choose_voice(order, "en", "en-gb") == Voice("English (Great Britain)", "en-GB")
        assert choose_voice(order, "en", "no such voice") == Voice("English (America)", "en-US")


def test_the_engine_starts_in_the_background_and_the_button_appears_when_it_is_ready(
        qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, default_content_dir: Path) -> None:
    path = tmp_path / "slow.sock"
    monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{path}")
    gate = threading.Event()
    server = FakeSpeechd(path, VOICES, gate)
    window = speechd_kiosk(qtbot, default_content_dir)
    window.show_section("what-is-crps")  # while the daemon has not answered yet
    assert window.session.page == "what-is-crps"
    assert window.speech is not None and not window.speech.available
    assert not window.page.read_button.isVisible(), "no button that would do nothing"
    tap(qtbot, find_button(window.page, "Next: Signs and symptoms"))  # the screen answers meanwhile
    assert window.session.page == "signs-and-symptoms"
    gate.set()
    qtbot.waitUntil(window.page.read_button.isVisible, timeout=10000)
    window.speech.close()
    server.close()


def test_pause_carry_on_and_stop_act_only_on_the_kiosks_own_speech(qtbot, speechd: FakeSpeechd) -> None:
    speech = ready(qtbot, ReadAloud("speechd"))
    speech.speak("First sentence. Second sentence. Third sentence. Fourth one.", "en")
    qtbot.waitUntil(lambda: len(speechd.spoken) == 4)
    assert speechd.spoken == ["First sentence.", "Second sentence.", "Third sentence.", "Fourth one."]
    speechd.event(701, "BEGIN", 3)  # the engine has started the third sentence
    qtbot.waitUntil(lambda: speech._position == 2)
    speech.pause()
    assert speech.state == "paused"
    qtbot.waitUntil(lambda: "CANCEL SELF" in speechd.commands)
    speech.resume()
    assert speech.state == "speaking"
    qtbot.waitUntil(lambda: len(speechd.spoken) == 6)
    assert speechd.spoken[4:] == ["Third sentence.", "Fourth one."], \
        "carrying on reads again from the sentence that was playing"
    speech.stop()
    assert speech.state == "idle"
    qtbot.waitUntil(lambda: speechd.commands.count("CANCEL SELF") == 2)
    assert not [c for c in speechd.commands if c.split()[0] in ("PAUSE", "RESUME", "CANCEL", "STOP")
                and c.split()[1:2] != ["SELF"]], "never PAUSE ALL / CANCEL ALL: other programs keep speaking"
    assert "SET SELF PRIORITY message" in speechd.commands
    speech.close()


def speechd_kiosk(qtbot, content: Path):  # type: ignore[no-untyped-def]
    from kiosk.app import create_kiosk
    from kiosk.config import Config

    window = create_kiosk(Config(content_dir=content, fullscreen=False, speech_engine="speechd"),
                          watch_content=False)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    return window


def test_the_buttons_follow_what_the_engine_reports(qtbot, speechd: FakeSpeechd, default_content_dir: Path) -> None:
    kiosk = speechd_kiosk(qtbot, default_content_dir)
    kiosk.show_section("what-is-crps")
    assert kiosk.speech is not None
    speech = ready(qtbot, kiosk.speech)
    tap(qtbot, find_button(kiosk.page, "Read aloud"))
    count = len(speech._parts)
    assert count > 3
    qtbot.waitUntil(lambda: len(speechd.spoken) == count)
    assert kiosk.page.tools.stop_button.isVisible() and kiosk.page.tools.pause_button.isVisible()
    speechd.event(702, "END", count - 1)  # the next-to-last sentence ended: still reading
    speechd.event(702, "END")  # the last one: the page has been read to the end
    qtbot.waitUntil(kiosk.page.read_button.isVisible)
    assert speech.state == "idle" and not kiosk.page.tools.stop_button.isVisible()
    tap(qtbot, find_button(kiosk.page, "Read aloud"))
    qtbot.waitUntil(lambda: len(speechd.spoken) == 2 * count)
    speechd.event(703, "CANCELED")  # something else cancelled it (not us)
    qtbot.waitUntil(kiosk.page.read_button.isVisible)
    assert speech.state == "idle"
    speech.close()


def test_nothing_of_a_stopped_reading_is_sent_after_it_was_stopped(qtbot, speechd: FakeSpeechd) -> None:
    speech = ready(qtbot, ReadAloud("speechd"))
    speech.speak(" ".join(f"Sentence {n}." for n in range(200)), "en")
    qtbot.waitUntil(lambda: len(speechd.spoken) >= 2)
    speech.stop()
    speech.speak("Uno.", "es")
    qtbot.waitUntil(lambda: "Uno." in speechd.spoken)
    said = [entry for entry in speechd.log if entry.startswith("said ") or entry == "CANCEL SELF"]
    assert said[-2:] == ["CANCEL SELF", "said Uno."], "the stop came straight after the sentences already sent"
    assert "said Sentence 199." not in said
    speech.close()


def test_events_about_a_stopped_reading_do_not_change_the_new_one(qtbot, speechd: FakeSpeechd) -> None:
    speech = ready(qtbot, ReadAloud("speechd"))
    speech.speak("One. Two.", "en")
    qtbot.waitUntil(lambda: len(speechd.spoken) == 2)
    speech.speak("Uno. Dos.", "es")
    qtbot.waitUntil(lambda: len(speechd.spoken) == 4)
    speechd.event(702, "END", 2)  # the end of the first, stopped reading
    speechd.event(703, "CANCELED", 1)
    speechd.event(701, "BEGIN", 4)
    qtbot.waitUntil(lambda: speech._position == 1)
    assert speech.state == "speaking"
    speech.close()


def test_each_language_gets_its_voice_and_the_choice_is_logged(qtbot, speechd: FakeSpeechd, caplog) -> None:
    caplog.set_level(logging.INFO)
    speech = ready(qtbot, ReadAloud("speechd", voices={"en": "English (Great Britain)", "fr": "Nope"}))
    for count, (text, language) in enumerate((("Hola.", "es"), ("Hello.", "en"), ("Bonjour.", "fr")), 1):
        speech.speak(text, language)
        qtbot.waitUntil(lambda: len(speechd.spoken) == count)  # noqa: B023 - waited for at once
    sets = [c for c in speechd.commands if c.startswith("SET SELF LANGUAGE") or c.startswith("SET SELF SYNTHESIS")]
    assert sets == ["SET SELF LANGUAGE es-419", "SET SELF SYNTHESIS_VOICE Spanish (Latin America)",
                    "SET SELF LANGUAGE en-GB", "SET SELF SYNTHESIS_VOICE English (Great Britain)",
                    "SET SELF LANGUAGE fr-FR", "SET SELF SYNTHESIS_VOICE French (France)"]
    assert "read-aloud voice for es: Spanish (Latin America) (es-419)" in caplog.text
    assert "the voice 'Nope' set for fr is not installed; using French (France) (fr-FR)" in caplog.text
    speech.close()


def test_no_daemon_means_no_button_and_a_logged_reason(qtbot, caplog) -> None:
    # conftest points SPEECHD_ADDRESS at a socket nobody listens on
    speech = ReadAloud("speechd")
    qtbot.waitUntil(lambda: bool(speech.reason), timeout=10000)
    assert not speech.available
    assert "speech-dispatcher is not running" in caplog.text and "read-aloud is hidden" in caplog.text


def test_a_daemon_that_goes_away_is_reconnected_in_the_background(qtbot, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "speechd.sock"
    monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{path}")
    first = FakeSpeechd(path, VOICES)
    speech = ready(qtbot, ReadAloud("speechd"))
    speech.speak("One. Two.", "en")
    qtbot.waitUntil(lambda: len(first.spoken) == 2)
    path.unlink()
    second = FakeSpeechd(path, VOICES)
    first.close()  # the daemon restarts
    qtbot.waitUntil(lambda: speech.state == "idle" and speech.available, timeout=10000)
    speech.speak("Three.", "en")
    qtbot.waitUntil(lambda: len(second.spoken) == 1)
    speech.close()
    second.close()


def test_a_pause_from_outside_shows_as_paused_and_carry_on_reads_again(qtbot, speechd: FakeSpeechd) -> None:
    speech = ready(qtbot, ReadAloud("speechd"))
    speech.speak("One. Two. Three.", "en")
    qtbot.waitUntil(lambda: len(speechd.spoken) == 3)
    speechd.event(701, "BEGIN", 2)
    speechd.event(704, "PAUSED", 2)  # another program sent PAUSE ALL
    qtbot.waitUntil(lambda: speech.state == "paused")
    speech.resume()
    qtbot.waitUntil(lambda: len(speechd.spoken) == 5)
    assert speechd.spoken[3:] == ["Two.", "Three."]
    assert speechd.commands.count("CANCEL SELF") == 1
    assert speech.state == "speaking"
    speech.close()


def test_the_voices_setting_is_read_and_checked(tmp_path: Path) -> None:
    from kiosk.config import ConfigError, load_config, voice_choices

    settings = tmp_path / "kiosk.toml"
    settings.write_text('voices = ["es=Spanish (Spain)", " en = en-gb "]\n', encoding="utf-8")
    assert voice_choices(load_config(settings)) == {"es": "Spanish (Spain)", "en": "en-gb"}
    settings.write_text('voices = ["Spanish (Spain)"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match='entries are "language=voice"'):
        load_config(settings)


def test_an_engine_that_cannot_pause_offers_stop_only(qtbot, kiosk) -> None:
    kiosk.show_section("what-is-crps")
    speech = kiosk.speech
    assert speech is not None
    qtbot.waitUntil(lambda: speech.available or bool(speech.reason))
    speech.can_pause = False  # as Qt reports for an engine without PauseResume
    tap(qtbot, find_button(kiosk.page, "Read aloud"))
    qtbot.waitUntil(kiosk.page.tools.stop_button.isVisible)
    assert not kiosk.page.tools.pause_button.isVisible(), "no Pause that could not carry on"
    tap(qtbot, find_button(kiosk.page, "Stop"))
    qtbot.waitUntil(kiosk.page.read_button.isVisible)  # then "Read aloud" reads from the start
