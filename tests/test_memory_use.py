"""What the kiosk keeps in memory: libraries loaded only when what needs them is shown.

Fresh processes: the test run itself has imported everything long ago.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject

PROBE = """
import sys
from kiosk.app import create_kiosk, ensure_application
from kiosk.config import Config

HEAVY = sys.argv[1:]
ensure_application()
window = create_kiosk(Config(fullscreen=False, speech_engine="mock"), watch_content=False)
window.resize(1920, 1080)
window.show()
for name in ("page", "checklist", "questions", "attract", "staff_panel", "sources", "about"):
    window.screen_set.get(name)  # every screen made, as while the kiosk is idle after its start
window.show_section(window.language.sections[0].slug)
window.show_checklist()
window.show_questions()
qr = window.questions.qr.pixmap()
print("QR", qr is not None and not qr.isNull())
print("BEFORE STAFF", sorted(name for name in HEAVY if name in sys.modules))
window.show_staff_panel()
print("AFTER STAFF", sorted(name for name in HEAVY if name in sys.modules))
charts = window.staff_panel._charts
print("CHARTS", charts is not None and charts.isVisible() and len(charts.visits_view.drawing().bars))
"""


def run_probe(tmp_path: Path, *modules: str) -> str:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_STATE_HOME=str(tmp_path))
    env.pop("KIOSK_CONFIG", None)
    done = subprocess.run([sys.executable, "-c", PROBE, *modules], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_the_qr_code_and_the_screens_load_no_network_or_chart_library(tmp_path: Path) -> None:
    """The QR code on the questions screen comes from segno's encoder alone: not its writers,
    which import xml.sax and with it urllib.request, http, email and ssl (libssl, libcrypto).
    The staff panel's usage charts are drawn by the kiosk itself: Qt Charts is never loaded."""
    heavy = ["segno.writers", "xml.sax.saxutils", "urllib.request", "http.client", "email.message", "ssl",
             "PySide6.QtCharts", "PySide6.QtNetwork"]
    out = run_probe(tmp_path, *heavy)
    assert "QR True" in out, out
    assert "BEFORE STAFF []" in out, out
    assert "AFTER STAFF []" in out, out
    assert "CHARTS 30" in out, out  # the charts were drawn


def test_the_qr_encoder_gives_segnos_own_modules() -> None:
    """The encoder loaded on its own draws exactly what ``segno.make`` would."""
    import segno

    from kiosk.ui.qr import QUIET_MODULES, _matrix, qr_modules

    texts = ["", "a", "Questions for my care team", "¿Qué debo preguntar? ñ á é í ó ú" * 12, "0123456789" * 60,
             "x" * 1200]
    for text in texts:
        expected = segno.make(text, error="l", boost_error=True, encoding="utf-8", micro=False)
        assert [list(row) for row in _matrix(text)] == [list(row) for row in expected.matrix], text
        assert qr_modules(text) == len(expected.matrix) + 2 * QUIET_MODULES


def test_loading_the_encoder_leaves_segno_importable_as_a_whole() -> None:
    """The encoder is loaded without segno's package code and then taken out of
    ``sys.modules``: a later ``import segno`` gets the whole library."""
    code = ("import sys\n"
            "from kiosk.ui.qr import _matrix\n"
            "matrix = _matrix('hello')\n"
            "print('LEFT', sorted(name for name in sys.modules if name.startswith('segno')))\n"
            "import segno\n"
            "print('WHOLE', segno.make('hello', error='l', micro=False).matrix == matrix,"
            " callable(segno.make), hasattr(segno, 'writers'))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "LEFT []" in done.stdout and "WHOLE True True True" in done.stdout, done.stdout


def test_a_staff_panel_that_shows_no_counts_makes_no_charts(qtbot) -> None:  # type: ignore[no-untyped-def]
    """With counting off the panel shows no charts, and so makes none; once it shows counts
    it makes them, under the sign-off."""
    from kiosk.services.content import ContentStatus
    from kiosk.ui.staff import StaffPanel
    from kiosk.ui.theme import Theme

    panel = StaffPanel(Theme())
    qtbot.addWidget(panel)
    panel.resize(1920, 1080)
    panel.show()
    status = ContentStatus(folder=Path("content"))
    panel.show_trust(status, [], [], counting=False)
    panel.apply_theme(Theme(scale=1.2))
    assert panel._charts is None
    panel.show_trust(status, [], [], counting=True)
    charts = panel.charts
    assert charts.isVisible() and charts.visits_text.text() == "No visits counted yet."
    assert charts.parentWidget() is panel.sign_off.parentWidget()
    assert charts.y() > panel.sign_off.y()
    panel.show_trust(status, [], [], counting=False)
    assert not charts.isVisible()


def test_the_heap_is_trimmed_after_a_screen_change_once_the_new_screen_is_painted(
        qtbot, kiosk, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """What the screen left freed goes back to the system, but only after the new screen is
    painted: the visitor's tap never waits for it. Several changes in one turn trim once."""
    import kiosk.ui.screens as screens_module

    events: list[str] = []
    monkeypatch.setattr(screens_module, "trim_heap", lambda: events.append("trim") or True)

    class Paints(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
            if event.type() == QEvent.Type.Paint:
                events.append(f"paint {type(watched).__name__}")
            return False

    paints = Paints()
    page = kiosk.page
    for screen in (kiosk.home, page):
        screen.installEventFilter(paints)
    qtbot.wait(50)
    events.clear()
    kiosk.show_section(kiosk.language.sections[1].slug)
    assert events == []  # nothing yet: the tap's own work is done first
    qtbot.waitUntil(lambda: "trim" in events)
    assert events.index("trim") > events.index("paint SectionPage"), events
    events.clear()
    kiosk.show_home()
    kiosk.show_section(kiosk.language.sections[2].slug)
    kiosk.show_home()
    qtbot.waitUntil(lambda: "trim" in events)
    qtbot.wait(50)
    assert events.count("trim") == 1 and events.index("trim") > events.index("paint HomeScreen"), events


HEAP_PROBE = """
import ctypes
from kiosk.memory import trim_heap

def rss_mb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / 2**20

libc = ctypes.CDLL("libc.so.6")
libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
libc.free.argtypes = [ctypes.c_void_p]
blocks = [libc.malloc(1000) for _ in range(20000)]  # 20 MB of small blocks, from the heap
for block in blocks:
    ctypes.memset(block, 1, 1000)
for block in blocks[:-1]:  # the last one stays: the heap cannot simply shrink from its top
    libc.free(block)
before = rss_mb()
print("TRIMMED", trim_heap(), round(before - rss_mb()))
"""


def test_trimming_the_heap_gives_its_free_pages_back() -> None:
    # A fresh process: 20 MB of small blocks freed, the last one kept, stay with the process
    # until the heap is trimmed.
    if not sys.platform.startswith("linux"):
        pytest.skip("glibc only")
    done = subprocess.run([sys.executable, "-c", HEAP_PROBE], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    trimmed, freed = done.stdout.split()[1:3]
    assert trimmed == "True" and int(freed) >= 15, done.stdout


def test_icons_are_drawn_for_the_screens_own_pixels(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    """An icon is drawn once, at the size a button shows it on this screen (the offscreen
    screen has one device pixel per pixel): not at twice the size, which Qt then scaled down,
    and kept a scaled copy of, at every paint."""
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QGuiApplication

    ratio = QGuiApplication.primaryScreen().devicePixelRatio()
    theme = kiosk.theme
    side = theme.px("icon")
    icon = theme.icon("home")
    sizes = icon.availableSizes()
    assert sizes == [QSize(round(side * ratio), round(side * ratio))]
    assert icon.pixmap(QSize(side, side)).devicePixelRatio() == ratio


@pytest.mark.parametrize("size", [(1920, 700), (700, 1500), (800, 600), (333, 251)])
def test_a_moving_pictures_still_part_is_kept_only_as_large_as_the_scene(qtbot, size) -> None:  # type: ignore[no-untyped-def]
    """The part of an analogy that does not move is drawn once into a pixmap the size of the
    scene on screen: on a wide waiting screen (or a tall page) the canvas round it is up to
    twice as large, and a pixmap of the whole canvas held that much more memory and was
    copied whole at every frame. What the canvas shows is what it showed with a still layer
    the size of the whole canvas, pixel for pixel."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter, QPixmap

    from kiosk.analogies import HighwayModel
    from kiosk.ui.analogies.canvas import SCENE, SceneCanvas
    from kiosk.ui.analogies.highway import HighwayScene

    scene = HighwayScene(HighwayModel())
    canvas = SceneCanvas(scene.paint, scene.paint_still)
    empty = SceneCanvas(lambda painter: None)
    for widget in (canvas, empty):
        qtbot.addWidget(widget)
        widget.resize(*size)
    argb = QImage.Format.Format_ARGB32_Premultiplied
    shown = canvas.grab().toImage().convertToFormat(argb)

    whole = QPixmap(*size)  # the still layer as it was: the whole canvas
    whole.fill(Qt.GlobalColor.transparent)
    painter = QPainter(whole)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setTransform(canvas.scene_transform())
    scene.paint_still(painter)
    painter.end()
    straight = empty.grab().toImage().convertToFormat(argb)  # the canvas's background
    painter = QPainter(straight)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.drawPixmap(0, 0, whole)
    painter.setTransform(canvas.scene_transform())
    scene.paint(painter)
    painter.end()
    assert shown == straight

    layer = canvas._still_layer()
    assert layer is not None
    scale = min(size[0] / SCENE.width(), size[1] / SCENE.height())
    assert layer.width() <= SCENE.width() * scale + 2
    assert layer.height() <= SCENE.height() * scale + 2
