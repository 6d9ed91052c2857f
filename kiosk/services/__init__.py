"""Services: long-lived objects that are not widgets (content loading and watching).

They may use QtCore (signals, timers, file watching) but never widgets or painting:
the window and screens in :mod:`kiosk.ui` react to their signals.
"""
