"""Read aloud and printing against the real Debian services a clinic's kiosk uses.

speech-dispatcher with espeak-ng plays into a PulseAudio null sink whose monitor is
recorded (parec): what a visitor would hear is measured from the recording. CUPS with a
cups-pdf queue turns each job into a PDF, read back with pypdf. The services are started
by scripts/ci_services.sh (each on private sockets, with no systemd); these tests start
them themselves when the programs are installed and we may (root, for cups-pdf), or use
the ones named by KIOSK_TEST_SERVICES_DIR; otherwise they are skipped with the reason.
"""

from __future__ import annotations

import array
import logging
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import find_button, tap

pytestmark = pytest.mark.services

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "ci_services.sh"
PROGRAMS = ("pulseaudio", "parec", "speech-dispatcher", "spd-say", "cupsd", "lpadmin", "lpstat")
RATE = 22050  # the null sink's rate (mono, 16 bit)
LOUD = 600  # a sample louder than this is sound (the null sink's silence is exact zeros)


def read_env(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text().splitlines():
        if line.startswith("export ") and "=" in line:
            key, _, value = line[len("export "):].partition("=")
            values[key] = value
    return values


def why_not_here() -> str:
    missing = [name for name in PROGRAMS if shutil.which(name) is None]
    if not Path("/usr/lib/cups/backend/cups-pdf").exists():
        missing.append("cups-pdf")
    if missing:
        return ("the real services are not installed (missing: " + ", ".join(missing)
                + "); install them with: sudo scripts/ci_services.sh install")
    if os.geteuid() != 0:
        return "CUPS with cups-pdf must be started as root (or start them yourself and set KIOSK_TEST_SERVICES_DIR)"
    return ""


@pytest.fixture(scope="session")
def services() -> Iterator[dict[str, str]]:
    given = os.environ.get("KIOSK_TEST_SERVICES_DIR")
    if given:
        yield read_env(Path(given) / "env")
        return
    reason = why_not_here()
    if reason:
        pytest.skip(reason)
    # Not under pytest's own temporary folder: that one is private to us, and PulseAudio and
    # speech-dispatcher run as another user (nobody) when we are root.
    folder = Path(tempfile.mkdtemp(prefix="kiosk-services-"))
    started = subprocess.run(["bash", str(SCRIPT), "start", str(folder)], capture_output=True, text=True,
                             timeout=120)
    if started.returncode != 0:
        subprocess.run(["bash", str(SCRIPT), "stop", str(folder)], timeout=60)
        pytest.fail("the services did not start:\n" + started.stdout + started.stderr)
    try:
        yield read_env(folder / "env")
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop", str(folder)], timeout=60)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def service_env(services: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    for key in ("PULSE_SERVER", "SPEECHD_ADDRESS", "CUPS_SERVER"):
        monkeypatch.setenv(key, services[key])
    return services


def service_logs(env: dict[str, str], lines: int = 15) -> str:
    """The end of each daemon's log, for a failure message."""
    folder = Path(env["KIOSK_TEST_SERVICES_DIR"])
    parts = []
    for log_file in [*sorted(folder.glob("*.log")), *sorted((folder / "user" / "speechd").glob("*.log"))]:
        try:
            tail = log_file.read_text(errors="replace").splitlines()[-lines:]
        except OSError:
            continue
        parts.append(f"--- {log_file.name}\n" + "\n".join(tail))
    return "\n".join(parts)


class Recorder:
    """Records the null sink's monitor; positions are sample counts since it started.

    The sink plays in real time, so a moment maps to a sample by the clock: sample = RATE x
    (time - start), with ``start`` taken from the read that lagged least. A mark taken so is
    not late when the reader thread is (a busy machine), which would count sound played
    before a tap as played after it.
    """

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.samples = array.array("h")
        self._start = float("inf")  # the monotonic time of sample 0
        self._lock = threading.Lock()
        self._process = subprocess.Popen(
            ["parec", f"--device={env['KIOSK_TEST_MONITOR']}", "--format=s16le", f"--rate={RATE}",
             "--channels=1", "--latency-msec=10", "--raw"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env={**os.environ, "PULSE_SERVER": env["PULSE_SERVER"]})
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        assert self._process.stdout is not None
        pending = b""
        while True:
            chunk = self._process.stdout.read1(4096)  # type: ignore[union-attr]
            if not chunk:
                return
            pending += chunk
            whole = len(pending) - len(pending) % 2
            now = time.monotonic()
            with self._lock:
                self.samples.frombytes(pending[:whole])
                self._start = min(self._start, now - len(self.samples) / RATE)
            pending = pending[whole:]

    def close(self) -> None:
        self._process.terminate()
        self._process.wait(10)
        self._thread.join(5)
        if self._process.stdout is not None:
            self._process.stdout.close()

    def position(self) -> int:
        """The sample being played now (by the clock; see the class)."""
        with self._lock:
            if self._start == float("inf"):
                return len(self.samples)
            return max(0, int((time.monotonic() - self._start) * RATE))

    def received(self) -> int:
        with self._lock:
            return len(self.samples)

    def seconds(self, samples: int) -> float:
        return samples / RATE

    def first_sound(self, start: int) -> int | None:
        with self._lock:
            for index in range(start, len(self.samples)):
                if abs(self.samples[index]) > LOUD:
                    return index
        return None

    def last_sound(self, start: int, end: int) -> int | None:
        with self._lock:
            for index in range(min(end, len(self.samples)) - 1, start - 1, -1):
                if abs(self.samples[index]) > LOUD:
                    return index
        return None

    def heard_after(self, qtbot, start: int, within: float = 3.0) -> float:  # type: ignore[no-untyped-def]
        """Seconds from ``start`` to the first sound (waiting for it, up to ``within`` s)."""
        try:
            qtbot.waitUntil(lambda: self.first_sound(start) is not None, timeout=int(within * 1000))
        except qtbot.TimeoutError:
            pytest.fail(f"nothing was heard within {within} s\n{service_logs(self.env)}")
        onset = self.first_sound(start)
        assert onset is not None
        return self.seconds(onset - start)

    def silent_from(self, qtbot, start: int, listen: float = 0.6) -> float:  # type: ignore[no-untyped-def]
        """Seconds from ``start`` to the last sound in the ``listen`` seconds that follow."""
        end = start + int(listen * RATE)
        qtbot.waitUntil(lambda: self.received() >= end, timeout=int(listen * 1000) + 3000)
        last = self.last_sound(start, end)
        return 0.0 if last is None else self.seconds(last - start)


@pytest.fixture
def recorder(service_env: dict[str, str]) -> Iterator[Recorder]:
    recording = Recorder(service_env)
    yield recording
    recording.close()


@pytest.fixture
def kiosk_on_services(qtbot, service_env: dict[str, str], default_content_dir: Path):  # type: ignore[no-untyped-def]
    from kiosk.app import create_kiosk
    from kiosk.config import Config

    window = create_kiosk(Config(content_dir=default_content_dir, fullscreen=False, printer="default"),
                          watch_content=False)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    yield window
    if window.speech is not None:
        window.speech.close()


def open_page_ready_to_read(qtbot, window, slug: str) -> None:  # type: ignore[no-untyped-def]
    window.show_section(slug)
    qtbot.waitUntil(lambda: window.speech is not None and (window.speech.available or bool(window.speech.reason)),
                    timeout=15000)
    assert window.speech.available, window.speech.reason


def another_program_speaks(qtbot, recorder: Recorder, env: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    start = recorder.position()
    said = subprocess.run(["spd-say", "-w", "-l", "en", "Another program is speaking."],
                          env={**os.environ, "SPEECHD_ADDRESS": env["SPEECHD_ADDRESS"]},
                          capture_output=True, text=True, timeout=20)
    assert said.returncode == 0, said.stderr
    assert recorder.heard_after(qtbot, start) < 2.0, "spd-say is heard: the kiosk silenced nobody"


CUT = 0.2  # Pause and Stop silence within this many seconds
TRIES = 3  # a cut is tried up to this often: a shared CI machine can stall any one of them


def cut(qtbot, window, recorder: Recorder, button: str, again: str) -> list[float]:  # type: ignore[no-untyped-def]
    """Tap ``button`` (Pause or Stop) and measure how long sound goes on; if longer than
    :data:`CUT`, tap ``again`` (Continue, Read aloud), wait for sound and try once more.
    The times measured, the last one within :data:`CUT` (else the test fails with them all)."""
    times: list[float] = []
    for _ in range(TRIES):
        at = recorder.position()
        tap(qtbot, find_button(window.page, button))
        times.append(recorder.silent_from(qtbot, at, 0.8))
        if times[-1] < CUT:
            return times
        restart = recorder.position()
        tap(qtbot, find_button(window.page, again))
        recorder.heard_after(qtbot, restart)
        qtbot.waitUntil(lambda: recorder.received() > restart + int(0.7 * RATE), timeout=5000)  # noqa: B023
    pytest.fail(f"sound went on after {button}: {', '.join(f'{t:.2f} s' for t in times)}")


def test_read_aloud_is_heard_in_english_and_spanish_pauses_carries_on_and_stops(
        qtbot, kiosk_on_services, recorder: Recorder, service_env: dict[str, str]) -> None:
    window = kiosk_on_services
    open_page_ready_to_read(qtbot, window, "what-is-crps")
    speech = window.speech
    assert recorder.silent_from(qtbot, recorder.position(), 0.3) == 0.0, "nothing plays before the tap"

    tap_at = recorder.position()
    tap(qtbot, find_button(window.page, "Read aloud"))
    english = recorder.heard_after(qtbot, tap_at)
    assert english < 0.5, f"English was heard {english:.2f} s after the tap"
    assert find_button(window.page, "Pause") and find_button(window.page, "Stop")

    qtbot.waitUntil(lambda: speech._position >= 1, timeout=10000)  # the engine says: sentence 2 began
    reached = speech._position
    paused = cut(qtbot, window, recorder, "Pause", "Continue")
    assert speech.state == "paused"
    assert find_button(window.page, "Continue")

    another_program_speaks(qtbot, recorder, service_env)  # while the kiosk is paused

    resume_at = recorder.position()
    tap(qtbot, find_button(window.page, "Continue"))
    resumed = recorder.heard_after(qtbot, resume_at)
    assert resumed < 0.5, f"Continue was heard {resumed:.2f} s after the tap"
    assert speech.state == "speaking"
    assert speech._position >= reached, "carrying on goes on from the sentence that was playing"

    qtbot.waitUntil(lambda: recorder.received() > resume_at + int(1.0 * RATE), timeout=5000)
    stopped = cut(qtbot, window, recorder, "Stop", "Read aloud")
    assert find_button(window.page, "Read aloud")

    window.set_language("es")
    tap_at = recorder.position()
    tap(qtbot, find_button(window.page, "Leer en voz alta"))
    spanish = recorder.heard_after(qtbot, tap_at)
    assert spanish < 0.5, f"Spanish was heard {spanish:.2f} s after the tap"
    assert speech.voices_used["es"] == "Spanish (Latin America) (es-419)"
    stopped += cut(qtbot, window, recorder, "Detener", "Leer en voz alta")

    another_program_speaks(qtbot, recorder, service_env)  # and after the kiosk is done
    print(f"\nheard after the tap: English {english:.3f} s, Spanish {spanish:.3f} s, carry on {resumed:.3f} s; "
          f"silent after: pause {', '.join(f'{t:.3f}' for t in paused)} s, "
          f"stop {', '.join(f'{t:.3f}' for t in stopped)} s")


def test_a_reading_that_ends_gives_the_read_aloud_button_back(qtbot, kiosk_on_services, recorder: Recorder) -> None:
    window = kiosk_on_services
    open_page_ready_to_read(qtbot, window, "what-is-crps")
    window.speech.speak("Short.", "en")
    try:
        qtbot.waitUntil(lambda: window.speech.state == "idle", timeout=15000)
    except qtbot.TimeoutError:
        pytest.fail(f"the reading did not end\n{service_logs(recorder.env)}")
    assert window.page.read_button.isVisible() and not window.page.tools.stop_button.isVisible()


# -- printing ----------------------------------------------------------------------------

def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(str(path)).pages)


def rendered(pdf: Path, folder: Path) -> list[object]:
    """Each page of ``pdf`` drawn at 40 dpi in grey (poppler's pdftoppm), as QImages."""
    from PySide6.QtGui import QImage

    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "40", "-gray", str(pdf), str(folder / "page")], check=True,
                   capture_output=True, timeout=60)
    return [QImage(str(page)) for page in sorted(folder.glob("page*.pgm"))]


def difference(a: object, b: object) -> float:
    """Mean difference of two grey pages seen from afar (an eighth of 40 dpi, so that how
    each program draws the letters does not count), 0 (same) to 1 (black against white)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    assert isinstance(a, QImage) and isinstance(b, QImage)
    assert a.size() == b.size(), (a.size(), b.size())

    def afar(image: QImage) -> QImage:
        return image.scaled(image.width() // 8, image.height() // 8, Qt.AspectRatioMode.IgnoreAspectRatio,
                            Qt.TransformationMode.SmoothTransformation).convertToFormat(QImage.Format.Format_Grayscale8)

    first, second = afar(a), afar(b)
    width, height = first.width(), first.height()
    total = 0
    for y in range(height):
        row_a = bytes(first.constScanLine(y))[:width]  # type: ignore[call-overload]
        row_b = bytes(second.constScanLine(y))[:width]  # type: ignore[call-overload]
        total += sum(abs(p - q) for p, q in zip(row_a, row_b, strict=True))
    return total / (255 * width * height)


def completed_jobs(env: dict[str, str]) -> str:
    return subprocess.run(["lpstat", "-W", "completed", "-o"], capture_output=True, text=True, timeout=20,
                          env={**os.environ, "CUPS_SERVER": env["CUPS_SERVER"]}).stdout


def test_print_gives_one_pdf_with_the_questions_and_leaves_no_copy_in_the_spool(
        qtbot, kiosk_on_services, service_env: dict[str, str], caplog, tmp_path: Path) -> None:
    caplog.set_level(logging.INFO)
    window = kiosk_on_services
    cups = Path(service_env["KIOSK_TEST_CUPS_DIR"])
    factory = window.questions._printer_factory
    submitted: list[bytes] = []

    class Spy:
        """The kiosk's own CUPS printer, keeping a copy of what it sends (for this test only)."""

        threaded = True

        def submit(self, pdf: bytes, title: str, page_html: str = "") -> str:
            submitted.append(pdf)
            return str(factory().submit(pdf, title, page_html))

    window.questions._printer_factory = Spy
    before = set((cups / "pdf").glob("*.pdf"))
    for row in window.checklist.rows[:4]:
        window.session.set_ticked(row.item.id, True)
    window.show_questions()
    with qtbot.waitSignal(window.questions.print_control.finished, timeout=20000) as finished:
        tap(qtbot, find_button(window.questions, "Print my questions"))
    assert finished.args == [True]
    assert window.questions.print_status.text().startswith("Your page is printing")
    job = re.search(r"as job (kiosk-pdf-\d+)", caplog.text)
    assert job, caplog.text
    qtbot.waitUntil(lambda: job.group(1) in completed_jobs(service_env), timeout=30000)
    qtbot.waitUntil(lambda: len(set((cups / "pdf").glob("*.pdf")) - before) == 1, timeout=10000)
    [pdf] = set((cups / "pdf").glob("*.pdf")) - before
    [sent] = submitted
    (tmp_path / "sent.pdf").write_bytes(sent)
    text = pdf_text(tmp_path / "sent.pdf")
    shown = window.questions.shown_questions()
    assert shown
    for question in shown:
        assert " ".join(question.split()) in text
    assert "not a diagnosis" in text
    # What CUPS printed is that page: cups-pdf goes through PostScript and Ghostscript, which
    # keeps the look but not the text, so the pages are compared as pictures.
    printed, expected = rendered(pdf, tmp_path / "printed"), rendered(tmp_path / "sent.pdf", tmp_path / "sent")
    assert len(printed) == len(expected) >= 1
    for got, want in zip(printed, expected, strict=True):
        blank = want.copy()  # what "different" means: the same page without any print on it
        blank.fill(255)
        assert difference(want, blank) > 0.01, "the page has print on it"
        assert difference(got, want) < 0.35 * difference(want, blank)
    from pypdf import PdfReader

    title = str(PdfReader(str(pdf)).metadata.get("/Title"))
    assert title.strip("()") == "Questions for your doctor", title  # cups-pdf adds PostScript's brackets
    number = int(job.group(1).rsplit("-", 1)[1])
    spool = sorted(p.name for p in (cups / "spool").iterdir() if p.is_file())
    assert f"d{number:05d}-001" not in spool, "PreserveJobFiles No: CUPS keeps no copy of the list"
    assert not [name for name in spool if name.startswith("d")], spool


def test_with_cups_stopped_the_visitor_is_told_the_printer_did_not_work(
        qtbot, kiosk_on_services, service_env: dict[str, str], caplog) -> None:
    folder = service_env["KIOSK_TEST_SERVICES_DIR"]
    window = kiosk_on_services
    window.show_questions()
    subprocess.run(["bash", str(SCRIPT), "stop-cups", folder], check=True, timeout=60)
    try:
        with qtbot.waitSignal(window.questions.print_control.finished, timeout=20000) as finished:
            tap(qtbot, find_button(window.questions, "Print my questions"))
    finally:
        subprocess.run(["bash", str(SCRIPT), "start-cups", folder], check=True, timeout=60, capture_output=True)
    assert finished.args == [False]
    assert window.questions.print_status.text().startswith("The printer did not work")
    assert "printing failed: PrintError: CUPS" in caplog.text



def test_a_missing_or_refusing_queue_gives_the_failure_message(
        qtbot, service_env: dict[str, str], default_content_dir: Path, caplog) -> None:
    from kiosk.app import create_kiosk
    from kiosk.config import Config

    env = {**os.environ, "CUPS_SERVER": service_env["CUPS_SERVER"]}
    cases = [("no-such-printer", None, None),
             ("kiosk-pdf", ["cupsreject", "kiosk-pdf"], ["cupsaccept", "kiosk-pdf"])]
    for name, before, after in cases:
        window = create_kiosk(Config(content_dir=default_content_dir, fullscreen=False, printer=name,
                                     speech_engine="none"), watch_content=False)
        qtbot.addWidget(window)
        window.show()
        window.show_questions()
        if before:
            subprocess.run(before, check=True, env=env, timeout=30)
        try:
            with qtbot.waitSignal(window.questions.print_control.finished, timeout=20000) as finished:
                tap(qtbot, find_button(window.questions, "Print my questions"))
        finally:
            if after:
                subprocess.run(after, check=True, env=env, timeout=30)
        assert finished.args == [False], name
        assert window.questions.print_status.text().startswith("The printer did not work")
    assert caplog.text.count("printing failed: PrintError") == 2
