"""Pure content layer: content folder -> :class:`~kiosk.content.model.ContentBundle`.

Nothing in this package imports PySide6; its tests run without a QApplication.
"""
