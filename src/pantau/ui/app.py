"""Starting the GUI: the QApplication, the main window, and the window check behind `pantau --selftest`."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from pantau.domain.inventory import Network
from pantau.resources import resource_root
from pantau.ui.main_window import SETTINGS_APPLICATION, SETTINGS_ORGANIZATION, MainWindow

if TYPE_CHECKING:
    from pantau.storage.workspace import Workspace


def _application(argv: list[str]) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    if existing is not None:
        raise RuntimeError("a non-widget Qt application is already running; the GUI needs a QApplication")
    app = QApplication(argv)
    app.setApplicationName(SETTINGS_APPLICATION)
    app.setOrganizationName(SETTINGS_ORGANIZATION)
    icon_path = resource_root() / "icons" / "pantau.svg"
    if icon_path.is_file():
        app.setWindowIcon(QIcon(str(icon_path)))
    return app


def run_gui(network: Network, workspace: Workspace | None, sample_notice: bool) -> int:
    """Show the main window over `network` and run until it closes; returns the application's exit code."""
    app = _application(sys.argv)
    window = MainWindow(network, workspace, sample_notice)
    window.show()
    return app.exec()


def selftest_window(network: Network) -> str | None:
    """Build the main window off-screen and check that it shows the network; None when all is well.

    Without a display (and no platform chosen), Qt would abort the process; the offscreen platform is used instead.
    """
    if QApplication.instance() is None and "QT_QPA_PLATFORM" not in os.environ \
            and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    try:
        _application([sys.argv[0] if sys.argv else "pantau"])
    except RuntimeError as error:
        return str(error)
    if not QFontDatabase.families():
        return QCoreApplication.translate("Selftest", "no fonts found: every text would be drawn as empty boxes")
    window = MainWindow(network)
    try:
        problems: list[str] = []
        problems += window.map_view.map_problems()
        if not window.map_view.scene().items():
            problems.append(QCoreApplication.translate("Selftest", "the map has nothing to draw"))
        rows = window.site_table.model.rowCount()
        if rows != len(network.sites):
            problems.append(QCoreApplication.translate("Selftest", "the office table has {rows} rows for {sites} "
                                                                   "sites").format(rows=rows,
                                                                                   sites=len(network.sites)))
        return "; ".join(problems) or None
    finally:
        # Not closed: closing would save this invisible window's layout over the user's.
        window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
