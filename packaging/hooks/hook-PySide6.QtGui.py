# Replaces PyInstaller's hook for PySide6.QtGui: only the Qt plugins in build.spec's QT_PLUGINS.
from kiosk_qt_hooks import qt_hook

hiddenimports, datas, hook = qt_hook(__file__)
