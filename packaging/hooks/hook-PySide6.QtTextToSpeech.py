# Replaces PyInstaller's hook for PySide6.QtTextToSpeech: only the speech engines in
# build.spec's QT_PLUGINS (no "mock" engine, which is for the tests).
from kiosk_qt_hooks import qt_hook

hiddenimports, datas, hook = qt_hook(__file__)
