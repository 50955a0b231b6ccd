"""The Qt application a `pantau report …` command renders its PDF with: the running one, else a headless one.

A server has no display, so without an application of its own the command starts Qt's offscreen platform
(QTextDocument and QPdfWriter need a QGuiApplication for fonts, nothing on screen).
"""

from __future__ import annotations

import os

from PySide6.QtGui import QGuiApplication


def headless_application() -> QGuiApplication:
    """The QGuiApplication of this process, made offscreen when there is none yet."""
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    # Offscreen even where a display is set: the command shows nothing, and xcb without a display aborts.
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    return QGuiApplication(["pantau"])
