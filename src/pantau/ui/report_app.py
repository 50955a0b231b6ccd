"""The Qt application a `pantau report …` command needs to draw charts and write PDFs: the running one, else a new
QGuiApplication on the offscreen platform when no display is set (a server has none)."""

from __future__ import annotations

import os

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication

__all__ = ["headless_application"]


def headless_application() -> QGuiApplication:
    """The running QGuiApplication, or a new one (offscreen when there is no display)."""
    running = QCoreApplication.instance()
    if isinstance(running, QGuiApplication):
        return running
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QGuiApplication(["pantau"])
