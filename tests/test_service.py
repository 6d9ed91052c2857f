"""What the kiosk tells the machine it runs on: systemd's watchdog (sd_notify over a real
Unix datagram socket) and the Prometheus metrics file (parsed with prometheus_client)."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from kiosk.content.loader import load_content
from kiosk.metrics import FILE_NAME, KioskHealth, content_version, render, write_metrics
from kiosk.watchdog import SystemdNotifier, socket_address, watchdog_seconds


@pytest.fixture
def notify_socket(tmp_path: Path) -> Iterator[socket.socket]:
    """A socket where systemd would listen (a short path: Unix socket paths are limited)."""
    path = Path(f"/tmp/kiosk-notify-{os.getpid()}-{tmp_path.name[-12:]}.sock")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind(str(path))
    server.setblocking(False)
    yield server
    server.close()
    path.unlink()


def received(server: socket.socket) -> list[str]:
    """Every datagram waiting on ``server``, without waiting for more."""
    lines = []
    while True:
        try:
            lines.append(server.recv(4096).decode())
        except BlockingIOError:
            return lines


def environment(server: socket.socket, watchdog_usec: int | None = None) -> dict[str, str]:
    env = {"NOTIFY_SOCKET": server.getsockname()}
    if watchdog_usec is not None:
        env.update(WATCHDOG_USEC=str(watchdog_usec), WATCHDOG_PID=str(os.getpid()))
    return env


# -- sd_notify, pure ------------------------------------------------------------------

def test_without_notify_socket_nothing_is_sent() -> None:
    notifier = SystemdNotifier({})
    assert not notifier.enabled
    assert notifier.ready() is False and notifier.ping() is False and notifier.stopping() is False


def test_states_reach_a_real_unix_datagram_socket(notify_socket: socket.socket) -> None:
    notifier = SystemdNotifier(environment(notify_socket))
    assert notifier.ready("CRPS care kiosk 0.1.0") and notifier.ping() and notifier.stopping()
    notifier.close()
    assert received(notify_socket) == ["READY=1\nSTATUS=CRPS care kiosk 0.1.0", "WATCHDOG=1", "STOPPING=1"]


def test_abstract_socket_addresses_and_watchdog_period() -> None:
    assert socket_address("@/org/freedesktop/systemd1/notify") == "\0/org/freedesktop/systemd1/notify"
    assert socket_address("/run/systemd/notify") == "/run/systemd/notify"
    assert socket_address("vsock:2:1234") is None
    assert watchdog_seconds({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "42"}, pid=42, parent=1) == 30.0
    # Under `cage -- crps-kiosk` or xinit, systemd's main process is the kiosk's parent.
    assert watchdog_seconds({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "7"}, pid=42, parent=7) == 30.0
    assert watchdog_seconds({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "43"}, pid=42, parent=7) is None
    assert watchdog_seconds({"WATCHDOG_USEC": "0"}) is None
    assert watchdog_seconds({}) is None


def test_a_vanished_socket_is_logged_once_and_never_raises(tmp_path: Path, caplog) -> None:  # type: ignore[no-untyped-def]
    notifier = SystemdNotifier({"NOTIFY_SOCKET": str(tmp_path / "gone.sock")})
    assert [notifier.ping() for _ in range(3)] == [False, False, False]
    notifier.close()
    assert sum("cannot tell systemd" in r.getMessage() for r in caplog.records) == 1


# -- the heartbeat on the UI thread ---------------------------------------------------

def test_ready_after_the_first_frame_then_pings_stop_while_the_event_loop_is_blocked(
        qtbot, notify_socket: socket.socket) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    from kiosk.services.health import Heartbeat

    heartbeat = Heartbeat(SystemdNotifier(environment(notify_socket, watchdog_usec=200_000)))
    assert heartbeat.interval_ms == 100  # half of WatchdogSec
    window = QLabel("kiosk")
    qtbot.addWidget(window)
    heartbeat.start(window)
    assert received(notify_socket) == []  # nothing is ready before a frame is drawn
    with qtbot.waitSignal(heartbeat.ready_sent, timeout=5000):
        window.show()
    assert received(notify_socket)[0].startswith("READY=1")

    # The event loop runs: pings arrive.
    qtbot.waitUntil(lambda: "WATCHDOG=1" in received(notify_socket), timeout=5000)

    # The UI thread is stuck (as when a file read hangs): no ping may go out, even though
    # the timer's interval passes many times over. Blocking here is the point of the test.
    received(notify_socket)
    notify_socket.settimeout(1.0)  # ten watchdog intervals
    with pytest.raises(TimeoutError):
        notify_socket.recv(4096)
    notify_socket.setblocking(False)
    assert received(notify_socket) == []

    # Once the loop runs again, so do the pings; a clean exit says STOPPING=1.
    qtbot.waitUntil(lambda: "WATCHDOG=1" in received(notify_socket), timeout=5000)
    heartbeat.stop()
    assert received(notify_socket)[-1] == "STOPPING=1"


def test_no_watchdog_period_means_ready_but_no_pings(qtbot, notify_socket: socket.socket) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    from kiosk.services.health import Heartbeat

    heartbeat = Heartbeat(SystemdNotifier(environment(notify_socket)))
    window = QLabel("kiosk")
    qtbot.addWidget(window)
    heartbeat.start(window)
    with qtbot.waitSignal(heartbeat.ready_sent, timeout=5000):
        window.show()
    assert received(notify_socket) == ["READY=1"]
    assert heartbeat.interval_ms == 0
    heartbeat.stop()


# -- the metrics file -------------------------------------------------------------------

def health(**changes: object) -> KioskHealth:
    values: dict[str, object] = dict(
        version="0.1.0", started_at=1_780_000_000.0, content_version="abc123def456",
        content_dir='/srv/kiosk "main"\\content', content_errors=2, content_warnings=3,
        content_fell_back=True, pages=24, last_reload_at=1_780_000_100.5, last_reload_ok=False)
    values.update(changes)
    return KioskHealth(**values)  # type: ignore[arg-type]


def samples(text: str) -> dict[str, tuple[dict[str, str], float]]:
    """Every sample in Prometheus text ``text``, parsed by prometheus_client, by name."""
    found = {}
    for family in text_string_to_metric_families(text):
        assert family.type == "gauge", family.name
        assert family.documentation, family.name
        for sample in family.samples:
            assert sample.name not in found
            found[sample.name] = (sample.labels, sample.value)
    return found


def test_the_file_parses_as_prometheus_text_and_holds_the_figures(tmp_path: Path) -> None:
    path = write_metrics(tmp_path / "textfile", health(), now=1_780_000_160.0)
    assert path == tmp_path / "textfile" / FILE_NAME
    found = samples(path.read_text(encoding="utf-8"))
    assert found["crps_kiosk_up"] == ({}, 1.0)
    assert found["crps_kiosk_build_info"] == ({"version": "0.1.0"}, 1.0)
    assert found["crps_kiosk_start_time_seconds"][1] == 1_780_000_000.0
    assert found["crps_kiosk_uptime_seconds"][1] == 160.0
    assert found["crps_kiosk_content_info"] == (
        {"content_version": "abc123def456", "folder": '/srv/kiosk "main"\\content'}, 1.0)
    assert found["crps_kiosk_content_errors"][1] == 2
    assert found["crps_kiosk_content_warnings"][1] == 3
    assert found["crps_kiosk_content_fell_back"][1] == 1
    assert found["crps_kiosk_content_pages"][1] == 24
    assert found["crps_kiosk_last_reload_timestamp_seconds"][1] == 1_780_000_100.5
    assert found["crps_kiosk_last_reload_success"][1] == 0
    assert found["crps_kiosk_metrics_written_timestamp_seconds"][1] == 1_780_000_160.0
    assert "crps_kiosk_pages_overdue_for_review" not in found  # not counted: not claimed
    with_counts = samples(render(health(pages_overdue=4, visits_yesterday=17), now=1_780_000_160.0))
    assert with_counts["crps_kiosk_pages_overdue_for_review"][1] == 4
    assert with_counts["crps_kiosk_visits_yesterday"][1] == 17
    assert os.stat(path).st_mode & 0o777 == 0o644


def test_the_file_is_replaced_atomically_and_no_temporary_file_stays(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "textfile"
    write_metrics(folder, health(content_errors=1), now=1_780_000_160.0)
    before = (folder / FILE_NAME).read_text()
    old_inode = (folder / FILE_NAME).stat().st_ino

    def broken_replace(source: str, target: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_metrics(folder, health(content_errors=9), now=1_780_000_220.0)
    assert (folder / FILE_NAME).read_text() == before  # a reader never sees half a file
    assert sorted(p.name for p in folder.iterdir()) == [FILE_NAME]
    monkeypatch.undo()
    write_metrics(folder, health(content_errors=0), now=1_780_000_280.0)
    assert (folder / FILE_NAME).stat().st_ino != old_inode  # a new file, renamed over the old
    assert samples((folder / FILE_NAME).read_text())["crps_kiosk_content_errors"][1] == 0
    assert sorted(p.name for p in folder.iterdir()) == [FILE_NAME]


def test_content_version_changes_with_the_words_and_only_then(tmp_path: Path, default_content_dir: Path) -> None:
    import shutil

    shutil.copytree(default_content_dir, tmp_path / "content")
    first = content_version(load_content(tmp_path / "content"))
    assert first == content_version(load_content(tmp_path / "content"))
    assert len(first) == 12
    page = sorted((tmp_path / "content" / "en").glob("01-*.md"))[0]
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    assert content_version(load_content(tmp_path / "content")) != first


def test_the_running_kiosk_writes_its_health_and_rewrites_it_on_a_reload(
        qtbot, tmp_path: Path, default_content_dir: Path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    from helpers import make_fake_timer_class
    from kiosk.app import create_kiosk
    from kiosk.config import Config
    from kiosk.services.health import Health
    from kiosk.ui.trust_wiring import TrustWiring
    from kiosk.usage import Measure

    shutil.copytree(default_content_dir, tmp_path / "content")
    # One page was checked for the clinic on 2025-03-02: with the default 12 months between
    # reviews it is due on 2026-03-02, so on 2026-05-28 (the clock below) it is overdue.
    first_page = sorted((tmp_path / "content" / "en").glob("01-*.md"))[0]
    first_page.write_text(first_page.read_text(encoding="utf-8").replace(
        "---\n", "---\nreviewed_on: 2025-03-02\nreviewed_by: Dr A. Example\n", 1), encoding="utf-8")
    config = Config(content_dir=tmp_path / "content", fullscreen=False, metrics_dir=tmp_path / "metrics",
                    state_dir=tmp_path / "state")
    window = create_kiosk(config, watch_content=False)
    qtbot.addWidget(window)
    now = [1_780_000_000.0]
    timer_class = make_fake_timer_class()
    usage = window.findChild(TrustWiring).usage
    services = Health(config, window.content, window, started_at=now[0] - 30, environ={},
                      clock=lambda: now[0], timer_factory=timer_class, visits_yesterday=usage.visits_yesterday).start()
    metrics_file = tmp_path / "metrics" / FILE_NAME
    found = samples(metrics_file.read_text())
    assert found["crps_kiosk_up"][1] == 1
    assert found["crps_kiosk_uptime_seconds"][1] == 30
    assert found["crps_kiosk_content_errors"][1] == 0
    assert found["crps_kiosk_content_pages"][1] == sum(len(lang.sections) for lang in window.bundle.languages.values())
    assert found["crps_kiosk_content_info"][0]["content_version"] == content_version(window.bundle)
    assert found["crps_kiosk_pages_overdue_for_review"][1] == 1
    assert found["crps_kiosk_visits_yesterday"][1] == 0

    # Yesterday had 12 visits. A visitor reads two pages today; a minute later the timer
    # writes the file again: yesterday's whole day is there, today's visit is not (its time
    # would show in a monitoring server's history).
    usage.store.add(date.today() - timedelta(days=1), Measure.VISITS, n=12)
    window.show_section(window.language.sections[0].slug)
    window.show_section(window.language.sections[1].slug)
    assert usage.store.count(date.today(), Measure.VISITS) == 1
    now[0] += 60
    for timer in timer_class.made:
        if timer.isActive() and timer.interval() == 60_000:
            timer.fire()
    found = samples(metrics_file.read_text())
    assert found["crps_kiosk_uptime_seconds"][1] == 90
    assert found["crps_kiosk_visits_yesterday"][1] == 12

    # A staff member saves a broken page: the file says so at once.
    (tmp_path / "content" / "en" / "01-what-is-crps.md").write_text("---\ntitle: [oops\n---\n", encoding="utf-8")
    now[0] += 5
    window.content.reload()
    found = samples(metrics_file.read_text())
    assert found["crps_kiosk_last_reload_success"][1] == 0
    assert found["crps_kiosk_last_reload_timestamp_seconds"][1] == now[0]
    assert found["crps_kiosk_content_errors"][1] >= 1
    assert found["crps_kiosk_content_fell_back"][1] == 1

    services.stop()  # a clean exit
    assert samples(metrics_file.read_text())["crps_kiosk_up"][1] == 0


def test_an_unwritable_metrics_folder_is_logged_once_and_the_kiosk_goes_on(qtbot, tmp_path: Path, caplog) -> None:  # type: ignore[no-untyped-def]
    from helpers import make_fake_timer_class
    from kiosk.services.health import MetricsPublisher

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    publisher = MetricsPublisher(blocker / "metrics", health, timer_factory=make_fake_timer_class(),
                                 clock=time.time)
    assert publisher.publish() is False
    assert publisher.publish() is False
    assert sum("cannot write the metrics file" in r.getMessage() for r in caplog.records) == 1


# -- the whole program, as systemd runs it ----------------------------------------------

def test_the_program_says_ready_pings_and_stops_cleanly_on_sigterm(tmp_path: Path, notify_socket: socket.socket) -> None:
    import signal
    import subprocess
    import sys

    config = tmp_path / "kiosk.toml"
    config.write_text(f'metrics_dir = "{(tmp_path / "metrics").as_posix()}"\nlog_dir = "{tmp_path.as_posix()}"\n')
    env = {key: value for key, value in os.environ.items() if not key.startswith(("KIOSK_", "NOTIFY_", "WATCHDOG_"))}
    # As under `cage -- crps-kiosk`: systemd's main process (here, this test) is the parent.
    env.update(environment(notify_socket), WATCHDOG_USEC="400000", WATCHDOG_PID=str(os.getpid()),
               QT_QPA_PLATFORM="offscreen")
    kiosk = subprocess.Popen([sys.executable, "-m", "kiosk", "--config", str(config)], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        notify_socket.settimeout(60)  # start-up on a busy machine; the first message is READY=1
        assert notify_socket.recv(4096).decode().startswith("READY=1")
        assert notify_socket.recv(4096).decode() == "WATCHDOG=1"
        prom = tmp_path / "metrics" / FILE_NAME
        found = samples(prom.read_text())
        assert found["crps_kiosk_up"][1] == 1
        # The bundled pages carry no review dates and nobody has visited yet; counting is on.
        assert found["crps_kiosk_pages_overdue_for_review"][1] == 0
        assert found["crps_kiosk_visits_yesterday"][1] == 0
        kiosk.send_signal(signal.SIGTERM)
        output, _ = kiosk.communicate(timeout=60)
    finally:
        if kiosk.poll() is None:
            kiosk.kill()
            kiosk.communicate()
    notify_socket.setblocking(False)
    assert kiosk.returncode == 0, output
    assert received(notify_socket)[-1] == "STOPPING=1"
    assert samples(prom.read_text())["crps_kiosk_up"][1] == 0
    assert "SIGTERM received" in output and "Traceback" not in output


def test_the_application_calls_itself_crps_kiosk() -> None:
    import subprocess
    import sys

    code = ("from kiosk.app import ensure_application; app = ensure_application(); "
            "print(app.applicationName(), app.desktopFileName(), app.arguments()[0])")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    # The X11 window class is (argv[0], application name): both crps-kiosk, not "app.py".
    assert result.stdout.split() == ["crps-kiosk", "crps-kiosk", "crps-kiosk"], result.stderr


def test_every_metric_the_alert_rules_use_is_one_the_kiosk_writes() -> None:
    import re

    root = Path(__file__).resolve().parent.parent
    rules = (root / "deploy" / "prometheus" / "crps-kiosk.rules.yml").read_text()
    used = set(re.findall(r"\bcrps_kiosk_[a-z_]+", rules))
    written = set(samples(render(health(pages_overdue=1, visits_yesterday=1), now=1_780_000_160.0)))
    assert used and used <= written, used - written
