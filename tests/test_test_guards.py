"""The suite's own guards fail a test that leaves Qt untidy: a window still alive, a
timer still running, or a Qt warning. Checked by running a small session of such tests
with this suite's conftest."""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent


def test_a_test_leaving_a_window_a_running_timer_or_a_qt_warning_fails(pytester: pytest.Pytester) -> None:
    pytester.makeconftest((TESTS / "conftest.py").read_text(encoding="utf-8"))
    pytester.makepyfile(helpers=(TESTS / "helpers.py").read_text(encoding="utf-8"))
    settings = (ROOT / "pyproject.toml").read_text(encoding="utf-8").split("[tool.pytest.ini_options]")[1]
    settings = settings.split("\n[")[0].replace('testpaths = ["tests"]', "").replace('pythonpath = ["tests"]',
                                                                                      'pythonpath = ["."]')
    pytester.makepyprojecttoml("[tool.pytest.ini_options]" + settings)
    pytester.makepyfile(test_untidy='''
        from PySide6.QtCore import QTimer, qWarning
        from PySide6.QtWidgets import QWidget

        kept = []

        def test_leaves_a_window_open(qapp):
            window = QWidget()
            window.setObjectName("Forgotten")
            window.show()
            kept.append(window)

        def test_leaves_a_timer_running(qapp):
            timer = QTimer(qapp)
            timer.setObjectName("Ticking")
            timer.start(60_000)

        def test_says_a_qt_warning(qapp):
            qWarning("something is wrong")

        def test_tidy(qtbot):
            window = QWidget()
            qtbot.addWidget(window)
            window.show()
            timer = QTimer(window)
            timer.start(60_000)
    ''')

    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")

    result.assert_outcomes(passed=3, failed=1, errors=2)
    result.stdout.fnmatch_lines([
        "*ERROR at teardown of test_leaves_a_window_open*",
        "*the test left top-level widgets alive: QWidget('Forgotten')*",
        "*ERROR at teardown of test_leaves_a_timer_running*",
        "*the test left timers running: QTimer('Ticking')*",
        "*FAILED test_untidy.py::test_says_a_qt_warning*",
    ])
