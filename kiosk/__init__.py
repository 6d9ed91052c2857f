"""CRPS care kiosk: a touchscreen program that teaches patients about CRPS and ketamine."""

APP_NAME = "crps-kiosk"
DISPLAY_NAME = "CRPS care kiosk"
__version__ = "0.1.0"
