"""The main window's docked views: the office table on the left, and the graphs, the diagnosis, the contracts, the
bandwidth of the measured lines and the alert log as tabs of the bottom area (the graphs raised, as they follow the
selection; the other tabs are opened for a task). Each builder returns the view and its dock; the window keeps both
and titles the docks in `retranslate_ui()`. Their sizes and the layout kept between runs are ui/window_layout.py's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from pantau.ui.alert_log import AlertLogView
from pantau.ui.contracts_panel import ContractsPanel
from pantau.ui.diagnostics_panel import DiagnosticsPanel
from pantau.ui.graphs import SiteGraphs
from pantau.ui.site_table import SiteTable
from pantau.ui.traffic_panel import TrafficPanel

if TYPE_CHECKING:
    from pantau.probing.icmp import IcmpPinger
    from pantau.storage.workspace import Workspace
    from pantau.ui.main_window import MainWindow


def bottom_dock(window: QMainWindow, widget: QWidget, name: str) -> QDockWidget:
    """A dock in the bottom area, a tab beside the docks already there."""
    dock = QDockWidget(window)
    dock.setObjectName(name)
    dock.setWidget(widget)
    existing = [d for d in window.findChildren(QDockWidget)
                if d is not dock and window.dockWidgetArea(d) == Qt.DockWidgetArea.BottomDockWidgetArea]
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    if existing:
        window.tabifyDockWidget(existing[-1], dock)
    return dock


def site_table(window: MainWindow) -> tuple[SiteTable, QDockWidget]:
    table = SiteTable(window.network, window)
    table.model.set_today(window.session.today)
    dock = QDockWidget(window)
    dock.setObjectName("siteTableDock")
    dock.setWidget(table)
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
    return table, dock


def diagnostics(window: MainWindow, pinger: IcmpPinger) -> tuple[DiagnosticsPanel, QDockWidget]:
    panel = DiagnosticsPanel(window.network, window.workspace, pinger, parent=window)
    # A scoped run sees what the engine knows of everything else (the live view is a copy of its states).
    panel.set_live_source(window.session.live_view)
    panel.setObjectName("diagnosticsPanel")
    panel.set_language(window.language())
    panel.runStarted.connect(lambda _description: window.window_actions.update())
    return panel, bottom_dock(window, panel, "diagnosticsDock")


def graphs(window: MainWindow) -> tuple[SiteGraphs, QDockWidget]:
    view = SiteGraphs(window.network, window.workspace, live=window.session.live, parent=window)
    view.setObjectName("siteGraphs")
    dock = bottom_dock(window, view, "graphsDock")
    dock.raise_()
    return view, dock


def contracts(window: MainWindow, graphs_dock: QDockWidget) -> tuple[ContractsPanel, QDockWidget]:
    panel = ContractsPanel(window.workspace, today=window.network_today, lang=window.language(), parent=window)
    panel.setObjectName("contractsPanel")
    panel.set_network(window.network)
    dock = bottom_dock(window, panel, "contractsDock")
    graphs_dock.raise_()
    return panel, dock


def traffic(window: MainWindow, graphs_dock: QDockWidget) -> tuple[TrafficPanel, QDockWidget]:
    panel = TrafficPanel(window.network, window.workspace, parent=window)
    panel.setObjectName("trafficPanel")
    dock = bottom_dock(window, panel, "trafficDock")
    graphs_dock.raise_()
    return panel, dock


def alert_log(window: MainWindow, workspace: Workspace, graphs_dock: QDockWidget) -> tuple[AlertLogView, QDockWidget]:
    view = AlertLogView(workspace, timezone=window.network.timezone, lang=window.language(), parent=window)
    view.setObjectName("alertLog")
    dock = bottom_dock(window, view, "alertsDock")
    graphs_dock.raise_()
    return view, dock
