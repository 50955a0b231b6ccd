"""The main window: the live map in the centre, the office table docked left, and the graphs, the diagnosis, the
contracts and the alert log as tabs of the bottom dock area; a toolbar, a status bar with the state summary (and
the alerts waiting to be sent), and the tray icon.

It is the views and their wiring only. What is monitored and what the views show belongs to the `MonitorSession`
under it (ui/session.py): the network, the engine, the alert service, the evidence capture, the site states and
figures, the contract risks. Every view subscribes to the session's signals; none receives the network by hand and
none reads another view's model. Edits go back through the session: a contract edit or new alert settings through
`apply_edit`, a network file through `import_network`. The actions and menus are in ui/window_actions.py, the
size and the layout kept between runs in ui/window_layout.py.

Selecting a site on the map selects it in the table and graphs it; Ctrl/Shift-selecting offices in the table
compares them on the graphs; the selection moves the contracts panel to the office's link.

Threads: the window never waits on the network or the disk; the session does that work on worker threads. Only
`shutdown()` blocks, and it is called once the window is gone from the screen.

Language: the window installs the chosen language before it builds anything and switches it live from the menu.
Every text it owns is set in `retranslate_ui()`, which runs again on Qt's LanguageChange event; the views
retranslate themselves on the same event, and the diagnosis report and the alerts follow the interface language.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pantau.domain.alerts import Alert, AlertRules
from pantau.domain.contract_risk import RiskLevel, SiteContractRisk
from pantau.domain.diagnosis import DiagnosisReport
from pantau.domain.inventory import Network, TargetRole
from pantau.domain.links import serving_link
from pantau.domain.reachability import build_site_graph
from pantau.domain.states import HealthState
from pantau.reporting.diagnosis_report import render_json
from pantau.reporting.evidence import CapturedEvidence
from pantau.reporting.history import LiveBuffer
from pantau.storage.networkfile import NetworkFileError
from pantau.ui import window_layout
from pantau.ui.alert_log import AlertLogView
from pantau.ui.alert_settings import AlertSettingsDialog
from pantau.ui.bridge import EngineBridge
from pantau.ui.contracts_panel import ContractsPanel
from pantau.ui.diagnostics_panel import DiagnosticsPanel
from pantau.ui.failure_banner import MonitoringFailedBanner
from pantau.ui.file_dialogs import ask_open_path
from pantau.ui.graphs import SiteGraphs, specs_for_sites
from pantau.ui.i18n import install_translator, language_setting, resolve_language, store_language_setting
from pantau.ui.map import MapView
from pantau.ui.session import AlertFactory, EngineFactory, MonitorSession
from pantau.ui.site_table import SiteMetrics, SiteTable, format_time
from pantau.ui.state_style import DISPLAY_ORDER
from pantau.ui.tray import StateTray, worst_offices
from pantau.ui.window_actions import WindowActions
from pantau.ui.window_layout import SETTINGS_APPLICATION, SETTINGS_ORGANIZATION, settings
from pantau.ui.workspace_banner import WorkspaceBanner

if TYPE_CHECKING:
    from pantau.alerts.service import AlertService
    from pantau.probing.engine import ProbeEngine
    from pantau.probing.icmp import IcmpPinger
    from pantau.storage.workspace import Workspace

__all__ = ["SETTINGS_APPLICATION", "SETTINGS_ORGANIZATION", "AlertFactory", "EngineFactory", "MainWindow", "settings"]

log = logging.getLogger(__name__)

# The graphs compare at most this many selected offices (more lines say nothing on one plot).
MAX_COMPARED_SITES = 8


class ProblemsDialog(QDialog):
    """Every problem of a network file that could not be imported, one per line, selectable for copying."""

    def __init__(self, title: str, headline: str, problems: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importProblemsDialog")
        self.setWindowTitle(title)
        self.problems = problems
        layout = QVBoxLayout(self)
        self.headline = QLabel(headline, self)
        self.headline.setWordWrap(True)
        self.text = QPlainTextEdit("\n".join(problems), self)
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        buttons = QDialogButtonBox(self)
        # Not the standard Close button: Qt ships no Indonesian translation of its own buttons.
        buttons.addButton(self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(self.headline)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(760, 360)


class MainWindow(QMainWindow):
    """Pantau's main window over one monitoring session.

    `workspace` may be None (selftest, tests): every site starts UNKNOWN. With `engine_factory` the session can
    monitor (`start_monitoring()`); with `pinger` the window has a diagnostics panel. `tray`: None makes a tray icon
    when the desktop has a system tray, False never. `finished` is emitted when the window has closed for good (not
    when it only hides to the tray); the owner then calls `shutdown()`.
    """

    finished = Signal()
    importFinished = Signal(bool)

    def __init__(self, network: Network, workspace: Workspace | None = None, sample_notice: bool = False,
                 parent: QWidget | None = None, *, engine_factory: EngineFactory | None = None,
                 pinger: IcmpPinger | None = None, tray: bool | None = None,
                 alert_factory: AlertFactory | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.session = MonitorSession(network, workspace, engine_factory=engine_factory,
                                      alert_factory=alert_factory, parent=self)
        self._pinger = pinger
        self._quitting = False
        self._shut_down = False
        self._closed = False
        self._told_about_tray = False
        self._tree_of: Network | None = None
        self._tree: dict[str, str | None] = {}
        self._maximized_before_tray = False
        self.docks_unsized = False
        self.import_dialog: ProblemsDialog | None = None
        # What the status bar's update label says, kept as a function so that it can be said again in another
        # language; likewise the ICMP mode.
        self._updated_text: Callable[[], str] = lambda: ""
        self._icmp_mode: str | None = None
        self._banner_text: QLabel | None = None
        self._banner_close: QToolButton | None = None
        self._language = ""
        self.diagnostics: DiagnosticsPanel | None = None
        self.diagnostics_dock: QDockWidget | None = None
        # Before any widget exists, so that everything is built in the chosen language.
        self._apply_language(resolve_language(language_setting(settings())))

        self.map_view = MapView(network, self)
        self.map_view.setObjectName("mapView")
        self.banner = self._make_banner() if sample_notice else None
        # Writes failing, or watching another Pantau's workspace (ui/watch.py decides which).
        self.workspace_banner = WorkspaceBanner(self)
        self.failure_banner = MonitoringFailedBanner(self)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        if self.banner is not None:
            layout.addWidget(self.banner)
        layout.addWidget(self.failure_banner)
        layout.addWidget(self.workspace_banner)
        layout.addWidget(self.map_view, 1)
        self.setCentralWidget(central)

        self.site_table = SiteTable(network, self)
        self.site_table.model.set_today(self.session.today)
        self.table_dock = QDockWidget(self)
        self.table_dock.setObjectName("siteTableDock")
        self.table_dock.setWidget(self.site_table)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.table_dock)

        if pinger is not None:
            self._make_diagnostics(pinger)
        self._graph_sites: list[str] = []
        self._make_graphs()
        self._make_contracts()
        self.alert_log: AlertLogView | None = None
        self.alerts_dock: QDockWidget | None = None
        self.alert_settings_dialog: AlertSettingsDialog | None = None
        # Closed settings dialogs whose test message or save may still be running; shut down when idle.
        self._old_alert_dialogs: list[AlertSettingsDialog] = []
        if workspace is not None:
            self._make_alert_log(workspace)

        self.window_actions = WindowActions(self)
        self._alias_actions()
        self._make_status_bar()
        want_tray = StateTray.available() if tray is None else tray
        self.tray = StateTray([self.pause_action], self) if want_tray else None
        if self.tray is not None:
            self.tray.showRequested.connect(self.show_from_tray)
            self.tray.quitRequested.connect(self.request_quit)
            self.tray.show()
        self.keep_in_tray_action.setEnabled(self.tray is not None)
        self.keep_in_tray_action.setChecked(self.tray is not None and window_layout.stored_keep_in_tray())

        self.map_view.siteSelected.connect(self.select_site)
        self.site_table.siteSelected.connect(self._on_table_current)
        self.site_table.sitesSelected.connect(self._on_table_selection)
        self._connect_session()

        self.retranslate_ui()
        window_layout.restore(self)
        self._show_states(self.session.states)
        self._show_contract_risks(self.session.contract_risks)
        self.window_actions.update()
        if not self._graph_sites:
            self.show_graphs(self._default_graph_sites())
        self.session.load_from_workspace()

    def _connect_session(self) -> None:
        session = self.session
        session.statesChanged.connect(self._show_states)
        session.metricsChanged.connect(self._show_metrics)
        session.sinceChanged.connect(self.map_view.set_site_since)
        session.uptimeChanged.connect(self.site_table.model.set_site_uptime)
        session.contractRisksChanged.connect(self._show_contract_risks)
        session.todayChanged.connect(self._on_today)
        session.networkChanged.connect(self._on_network_changed)
        session.networkEdited.connect(self._on_network_edited)
        session.alertsRaised.connect(self._on_alerts)
        session.siteWentDown.connect(self._on_site_down)
        session.siteRecovered.connect(self._on_site_recovered)
        session.updated.connect(self._on_updated)
        session.monitoringChanged.connect(self._on_monitoring_changed)
        session.icmpModeChanged.connect(self._show_icmp_mode)
        session.evidenceCaptured.connect(self._on_evidence_captured)
        session.importStarted.connect(self._on_import_started)
        session.importFinished.connect(self._on_import_finished)
        session.problem.connect(lambda message: self.statusBar().showMessage(message, 30_000))
        session.engineFailed.connect(self._on_engine_failed)
        self.failure_banner.restartRequested.connect(self.session.restart_monitoring)

    def _alias_actions(self) -> None:
        """The actions under the names tests and the tray have always used."""
        actions = self.window_actions
        self.diagnose_server_action = actions.diagnose_server
        self.diagnose_isp_action = actions.diagnose_isp
        self.diagnose_site_action = actions.diagnose_site
        self.diagnose_all_action = actions.diagnose_all
        self.pause_action = actions.pause
        self.open_action = actions.open
        self.fit_action = actions.fit
        self.find_action = actions.find
        self.quit_action = actions.quit
        self.alert_settings_action = actions.alert_settings
        self.about_action = actions.about
        self.keep_in_tray_action = actions.keep_in_tray
        self.language_actions = actions.languages
        self.toolbar = actions.toolbar
        self.file_menu, self.monitor_menu, self.view_menu = actions.file_menu, actions.monitor_menu, actions.view_menu
        self.language_menu, self.help_menu = actions.language_menu, actions.help_menu

    # --- public API ----------------------------------------------------------------------------------------

    @property
    def network(self) -> Network:
        return self.session.network

    @property
    def bridge(self) -> EngineBridge:
        return self.session.bridge

    @property
    def live(self) -> LiveBuffer:
        return self.session.live

    def docks(self) -> list[QDockWidget]:
        """The docks in the order View lists them."""
        docks = [self.table_dock, self.graphs_dock, self.diagnostics_dock, self.contracts_dock, self.alerts_dock]
        return [dock for dock in docks if dock is not None]

    def site_states(self) -> dict[str, HealthState]:
        return dict(self.session.states)

    def set_site_states(self, states: Mapping[str, HealthState]) -> None:
        """Show new states for the given sites (as the session's other sources do)."""
        self.session.set_site_states(states)

    def set_site_metrics(self, metrics: Mapping[str, SiteMetrics]) -> None:
        self.session.set_site_metrics(metrics)

    def summary_text(self) -> str:
        """E.g. "52 up · 3 degraded · 1 down": every state that at least one site is in, in display order."""
        counts = Counter(self.session.states.values())
        words = {
            HealthState.UP: lambda n: self.tr("%n up", "", n),
            HealthState.DEGRADED: lambda n: self.tr("%n degraded", "", n),
            HealthState.DOWN: lambda n: self.tr("%n down", "", n),
            HealthState.UNREACHABLE: lambda n: self.tr("%n unreachable", "", n),
            HealthState.UNKNOWN: lambda n: self.tr("%n unknown", "", n),
        }
        parts = [words[state](counts[state]) for state in DISPLAY_ORDER if counts[state]]
        return " · ".join(parts) if parts else self.tr("No sites")

    def language(self) -> str:
        """The interface language shown: "id" or "en"."""
        return self._language

    def language_choice(self) -> str:
        """The language setting: "system", "id" or "en"."""
        return language_setting(settings())

    def set_language(self, choice: str) -> None:
        """Show the interface in `choice` ("system", "id" or "en") from now on, and remember it for the next start.
        Every view switches at once; the diagnosis report and the alerts follow."""
        store_language_setting(settings(), choice)
        self._apply_language(resolve_language(choice))
        action = self.language_actions.get(choice)
        if action is not None:
            action.setChecked(True)

    def retranslate_ui(self) -> None:
        """Set every text the window itself owns in the current language (the views set their own)."""
        self._update_title()
        self.table_dock.setWindowTitle(self.tr("Offices"))
        if self.diagnostics_dock is not None:
            self.diagnostics_dock.setWindowTitle(self.tr("Diagnosis"))
        self.graphs_dock.setWindowTitle(self.tr("Graphs"))
        self.contracts_dock.setWindowTitle(self.tr("Contracts"))
        if self.alerts_dock is not None:
            self.alerts_dock.setWindowTitle(self.tr("Alerts"))
        if self._queued_alerts:
            self._show_queued_alerts(self._queued_alerts)
        self.window_actions.retranslate()
        if self._banner_text is not None and self._banner_close is not None:
            self._banner_text.setText(self.tr(
                "This is the bundled SAMPLE network (loopback addresses only). "
                "Load your own network with File ▸ Open network file, or: pantau import FILE"))
            self._banner_close.setText(self.tr("Dismiss"))
            self._banner_close.setToolTip(self.tr("Hide this notice"))
        self._refresh_summary()
        self._show_contract_risks(self.session.contract_risks)
        self._updated_label.setText(self._updated_text())
        if self._icmp_mode is not None:
            self._show_icmp_mode(self._icmp_mode, announce=False)
        self._show_unplaced()
        if self.tray is not None:
            self.tray.retranslate_ui()
        # After the table has retranslated (it hears of the change after this window) and perhaps grown.
        QTimer.singleShot(0, self, lambda: window_layout.widen_table_dock(self))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def select_site(self, site_id: str | None) -> None:
        """Select a site in both views; the graphs show it and the contracts panel its link."""
        self.map_view.select_site(site_id)
        self.site_table.select_site(site_id)
        if site_id is not None:
            self.show_graphs([site_id])
            self._show_contract_of(site_id)
        self.window_actions.update()

    def show_graphs(self, site_ids: list[str]) -> None:
        """Graph these sites (the first is the primary), at most `MAX_COMPARED_SITES` of them; sites with no
        enabled check are left out."""
        specs = specs_for_sites(self.network, site_ids, MAX_COMPARED_SITES)
        if specs and [spec.site for spec in specs] != self._graph_sites:
            self._graph_sites = [spec.site for spec in specs]
            self.graphs.set_sites(specs)

    def graph_sites(self) -> list[str]:
        """The sites the graphs show, the primary first."""
        return list(self._graph_sites)

    def alert_service(self) -> AlertService | None:
        return self.session.alert_service

    def selected_site(self) -> str | None:
        return self.map_view.selected_site() or self.site_table.selected_site()

    def engine(self) -> ProbeEngine | None:
        return self.session.engine

    def is_paused(self) -> bool:
        return self.session.paused

    def set_network(self, network: Network) -> None:
        """Show `network` instead; every site starts UNKNOWN (the session tells every view)."""
        self.session.replace_network(network)

    def network_today(self) -> date:
        """Today in the network's time zone: contracts are judged on the regency's calendar, not this computer's."""
        return self.session.today

    def set_today(self, today: date) -> None:
        """Count contract days and risks from `today` (the session does as the date turns)."""
        self.session.set_today(today)

    def refresh_uptime(self) -> None:
        self.session.refresh_uptime()

    # --- monitoring ------------------------------------------------------------------------------------------

    def start_monitoring(self) -> bool:
        """Start an engine on the current network (needs `engine_factory`); False when there is none or one runs."""
        return False if self._shut_down else self.session.start_monitoring()

    def set_watching(self, watching: bool) -> None:
        """Only show what another Pantau records (ui/watch.py): no network file may be imported meanwhile."""
        self.session.set_watching(watching)

    def set_paused(self, paused: bool) -> None:
        """Pause (every site goes UNKNOWN, history is kept) or resume monitoring."""
        if self.session.set_paused(paused):
            self._set_updated_text(lambda: self.tr("Monitoring paused") if paused else self.tr("Monitoring resumed"))
        self.window_actions.update()

    def restart_alerts(self) -> None:
        self.session.restart_alerts()

    def open_alert_settings(self) -> AlertSettingsDialog | None:
        """Open the alert settings (channels, rules, maintenance windows) for the current network; None without a
        workspace. Saving applies them at once: new rules to the running service, new channels too."""
        if self.workspace is None or self._shut_down:
            return None
        dialog = self.alert_settings_dialog
        if dialog is not None and dialog.isVisible():
            dialog.raise_()
            dialog.activateWindow()
            return dialog
        self._retire_alert_dialog()
        service = self.session.alert_service
        rules = service.rules if service is not None else None
        dialog = AlertSettingsDialog(self.network, self.workspace, rules=rules, lang=self._language, parent=self)
        dialog.setObjectName("alertSettingsDialog")
        dialog.applied.connect(self._on_alert_settings_applied)
        self.alert_settings_dialog = dialog
        dialog.open()
        return dialog

    def shutdown(self) -> None:
        """Stop monitoring, wait for background work, flush the workspace. Blocks for up to a few seconds (a probe
        in flight must time out), so call it once the window is off the screen. Safe to call twice."""
        if self._shut_down:
            return
        self._shut_down = True
        if self.tray is not None:
            self.tray.hide()
        if self.diagnostics is not None:
            self.diagnostics.shutdown()
        self.graphs.shutdown()
        self.contracts.shutdown()
        if self.alert_log is not None:
            self.alert_log.shutdown()
        for dialog in [*self._old_alert_dialogs, self.alert_settings_dialog]:
            if dialog is not None:
                dialog.shutdown()
        self.session.shutdown()
        self.workspace_banner.stop()

    # --- diagnosis and import --------------------------------------------------------------------------------

    def diagnose(self, scope: str, site_id: str | None = None) -> bool:
        """Start a diagnosis in the panel (and show it); False when none was started."""
        if self.diagnostics is None or self.diagnostics_dock is None:
            return False
        self.diagnostics_dock.show()
        self.diagnostics_dock.raise_()
        started = bool(self.diagnostics.start(scope, site_id))
        if not started and self.diagnostics.is_running():
            self.statusBar().showMessage(self.tr("A diagnosis is already running"), 5000)
        return started

    def diagnose_selected(self) -> bool:
        site_id = self.selected_site()
        return self.diagnose("site", site_id) if site_id is not None else False

    def open_network_file(self) -> None:
        """Ask for a network file (starting where the last file was chosen, else in the user's documents: see
        ui/file_dialogs.py), then import it (see `import_network_file`)."""
        path = ask_open_path(self, self.tr("Open network file"), self.tr("Network files (*.toml);;All files (*)"))
        if path is not None:
            self.import_network_file(path)

    def import_network_file(self, path: Path) -> bool:
        """Read and validate `path` in the background; on success the session monitors the new network, on failure
        every problem is shown and nothing changes. `importFinished(ok)` tells the end. False when an import is
        already running (or another Pantau monitors this workspace)."""
        return False if self._shut_down else self.session.import_network(path)

    def focus_filter(self) -> None:
        self.table_dock.show()
        self.site_table.filter_edit.setFocus()
        self.site_table.filter_edit.selectAll()

    # --- tray and closing ----------------------------------------------------------------------------------------

    def keep_in_tray(self) -> bool:
        """Whether closing the window leaves Pantau monitoring in the tray."""
        return self.tray is not None and self.keep_in_tray_action.isChecked()

    def show_from_tray(self) -> None:
        """Back from the tray as it was: maximised if it was."""
        if self._maximized_before_tray:
            self.showMaximized()
        else:
            self.showNormal()
        self.raise_()
        self.activateWindow()

    def request_quit(self) -> None:
        """Close for good, whatever the tray setting says."""
        self._quitting = True
        if self._closed:
            return
        if self.isVisible():
            self.close()
        else:
            self._close_for_good()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._quitting and self.keep_in_tray():
            event.ignore()
            self._maximized_before_tray = self.isMaximized()
            self.hide()
            if self.tray is not None and not self._told_about_tray:
                self._told_about_tray = True
                self.tray.notify(self.tr("Pantau is still monitoring"),
                                 self.tr("Closing the window keeps Pantau in the tray. Choose Quit to stop."))
            return
        super().closeEvent(event)
        self._close_for_good()

    def _close_for_good(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.save_layout()
        if self.tray is not None:
            self.tray.hide()
        self.hide()
        self.finished.emit()

    def save_layout(self) -> None:
        window_layout.save(self)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.docks_unsized:
            self.docks_unsized = False
            QTimer.singleShot(0, lambda: window_layout.size_docks(self))

    # --- building --------------------------------------------------------------------------------------------

    def _update_title(self) -> None:
        self.setWindowTitle(self.tr("Pantau — {name}").format(name=self.network.name))

    def _make_banner(self) -> QFrame:
        banner = QFrame(self)
        banner.setObjectName("sampleBanner")
        banner.setStyleSheet("#sampleBanner { background: #fff4c2; border-bottom: 1px solid #d8b84a; }"
                             "#sampleBanner QLabel { color: #3d3000; }")
        row = QHBoxLayout(banner)
        row.setContentsMargins(10, 6, 6, 6)
        text = QLabel(banner)
        text.setObjectName("sampleBannerText")
        text.setWordWrap(True)
        close = QToolButton(banner)
        close.clicked.connect(banner.hide)
        self._banner_text, self._banner_close = text, close
        row.addWidget(text, 1)
        row.addWidget(close)
        return banner

    def _make_diagnostics(self, pinger: IcmpPinger) -> None:
        self.diagnostics = DiagnosticsPanel(self.network, self.workspace, pinger, parent=self)
        # A scoped run sees what the engine knows of everything else (the live view is a copy of its states).
        self.diagnostics.set_live_source(self.session.live_view)
        self.diagnostics.setObjectName("diagnosticsPanel")
        self.diagnostics.set_language(self._language)
        self.diagnostics_dock = self._bottom_dock(self.diagnostics, "diagnosticsDock")
        self.diagnostics.runStarted.connect(lambda _description: self.window_actions.update())
        self.diagnostics.runFinished.connect(self._on_diagnosis_finished)

    def _bottom_dock(self, widget: QWidget, name: str) -> QDockWidget:
        """A dock in the bottom area, a tab beside the docks already there."""
        dock = QDockWidget(self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        existing = [d for d in self.findChildren(QDockWidget)
                    if d is not dock and self.dockWidgetArea(d) == Qt.DockWidgetArea.BottomDockWidgetArea]
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        if existing:
            self.tabifyDockWidget(existing[-1], dock)
        return dock

    def _make_graphs(self) -> None:
        self.graphs = SiteGraphs(self.network, self.workspace, live=self.session.live, parent=self)
        self.graphs.setObjectName("siteGraphs")
        self.graphs_dock = self._bottom_dock(self.graphs, "graphsDock")
        # The graphs first: they follow the selection, the other tabs are opened for a task.
        self.graphs_dock.raise_()

    def _make_contracts(self) -> None:
        self.contracts = ContractsPanel(self.workspace, today=self.network_today, lang=self._language, parent=self)
        self.contracts.setObjectName("contractsPanel")
        self.contracts.set_network(self.network)
        self.contracts.network_changed.connect(self.session.apply_edit)
        self.contracts.save_failed.connect(self._on_contract_save_failed)
        self.contracts_dock = self._bottom_dock(self.contracts, "contractsDock")
        self.graphs_dock.raise_()

    def _make_alert_log(self, workspace: Workspace) -> None:
        self.alert_log = AlertLogView(workspace, timezone=self.network.timezone, lang=self._language, parent=self)
        self.alert_log.setObjectName("alertLog")
        self.alert_log.queued_changed.connect(self._show_queued_alerts)
        self.alerts_dock = self._bottom_dock(self.alert_log, "alertsDock")
        self.graphs_dock.raise_()

    def _make_status_bar(self) -> None:
        self._summary = QLabel(self)
        self._summary.setObjectName("stateSummary")
        self._updated_label = QLabel(self)
        self._updated_label.setObjectName("lastUpdate")
        self._icmp_label = QLabel(self)
        self._icmp_label.setObjectName("icmpMode")
        self._unplaced = QLabel(self)
        self._unplaced.setObjectName("unplacedSites")
        self._queued_label = QLabel(self)
        self._queued_label.setObjectName("queuedAlerts")
        self._queued_label.setStyleSheet("color: #8a4b00; font-weight: bold;")
        self._queued_label.hide()
        self._queued_alerts = 0
        bar = self.statusBar()
        bar.addWidget(self._unplaced)
        bar.addPermanentWidget(self._queued_label)
        bar.addPermanentWidget(self._summary)
        bar.addPermanentWidget(self._updated_label)
        bar.addPermanentWidget(self._icmp_label)
        self._set_updated_text(lambda: "" if self.session.can_monitor else self.tr("Not monitoring"))

    def _set_updated_text(self, text: Callable[[], str]) -> None:
        self._updated_text = text
        self._updated_label.setText(text())

    def _refresh_summary(self) -> None:
        summary = self.summary_text()
        self._summary.setText(summary)
        if self.tray is not None:
            network = self.network
            if self._tree_of is not network:
                # The tree is worked out once per network, not at every state update.
                self._tree_of, self._tree = network, build_site_graph(network).site_parents()
            names = {site.id: site.name for site in network.sites}
            states = self.session.states
            self.tray.set_states(states.values(), summary, worst_offices(states, names, self._tree))

    def _apply_language(self, lang: str) -> None:
        app = QCoreApplication.instance()
        if app is not None:
            install_translator(app, lang)
        self._language = lang
        self.session.set_language(lang)
        if self.diagnostics is not None:
            self.diagnostics.set_language(lang)
        # Absent while the window is being built: it is made in this language.
        contracts: ContractsPanel | None = getattr(self, "contracts", None)
        if contracts is not None:
            contracts.set_language(lang)
        alert_log: AlertLogView | None = getattr(self, "alert_log", None)
        if alert_log is not None:
            alert_log.set_language(lang)

    def _show_icmp_mode(self, mode: str, announce: bool = True) -> None:
        self._icmp_mode = mode
        if mode == "none":
            hint = self._pinger.privilege_hint() if self._pinger is not None else ""
            self._icmp_label.setText("⚠ " + self.tr("ICMP unavailable"))
            self._icmp_label.setStyleSheet("color: #8a1c1c; font-weight: bold;")
            self._icmp_label.setToolTip(hint or self.tr("This computer may not send ICMP echo requests"))
            if announce:
                self.statusBar().showMessage(self.tr("ICMP checks cannot run: {hint}").format(hint=hint), 30_000)
        else:
            self._icmp_label.setText(self.tr("ICMP: {mode}").format(mode=mode))
            self._icmp_label.setStyleSheet("")
            self._icmp_label.setToolTip(self.tr("How this computer sends ICMP echo requests (raw or datagram "
                                                "sockets)"))

    def _show_unplaced(self) -> None:
        missing = self.map_view.sites_without_position()
        problems = self.map_view.map_problems()
        if missing:
            self._unplaced.setText(self.tr("%n site(s) without coordinates are not on the map", "", len(missing)))
            names = [site.name for site in self.network.sites if site.id in set(missing)]
            self._unplaced.setToolTip("\n".join(names))
        else:
            self._unplaced.clear()
            self._unplaced.setToolTip("")
        if problems:
            # A broken installation still shows the offices; say why the map is bare instead of failing.
            self.statusBar().showMessage(self.tr("Map layers missing: {problems}").format(
                problems="; ".join(problems)))

    def _show_queued_alerts(self, count: int) -> None:
        self._queued_alerts = count
        self._queued_label.setVisible(count > 0)
        if count == 1:
            self._queued_label.setText(self.tr("1 alert waiting to be sent"))
        else:
            self._queued_label.setText(self.tr("%n alerts waiting to be sent", "", count))
        self._queued_label.setToolTip(self.tr("The line out is down or a channel fails: queued alerts are sent, "
                                              "in order and marked as delayed, when it is back (see View ▸ Alerts)"))

    def _retire_alert_dialog(self) -> None:
        """Keep the last closed dialog until its background work ends (a test message may take seconds)."""
        if self.alert_settings_dialog is not None:
            self._old_alert_dialogs.append(self.alert_settings_dialog)
            self.alert_settings_dialog = None
        idle = [dialog for dialog in self._old_alert_dialogs if not dialog.busy()]
        for dialog in idle:
            self._old_alert_dialogs.remove(dialog)
            dialog.deleteLater()

    # --- what the session says -------------------------------------------------------------------------------

    def _show_states(self, states: Mapping[str, HealthState]) -> None:
        self.map_view.set_site_states(states)
        self.site_table.model.set_site_states(states)
        self._refresh_summary()
        if self.diagnostics is not None:
            self.diagnostics.set_live_states(states)

    def _show_metrics(self, metrics: Mapping[str, SiteMetrics]) -> None:
        self.site_table.model.set_site_metrics(metrics)
        self.map_view.set_site_metrics(metrics)

    def _show_contract_risks(self, risks: Mapping[str, SiteContractRisk]) -> None:
        """The map's contract colouring and the tray's contract line, from the risks the session works out."""
        self.map_view.set_contract_risks(dict(risks), self._language)
        if self.tray is not None:
            at_risk = sum(1 for risk in risks.values() if risk.level >= RiskLevel.AT_RISK)
            if at_risk == 0:
                note = ""
            elif at_risk == 1:
                note = self.tr("Contracts: 1 office lapsed or at risk")
            else:
                note = self.tr("Contracts: %n offices lapsed or at risk", "", at_risk)
            self.tray.set_contract_note(note)

    def _on_today(self, today: date) -> None:
        self.site_table.model.set_today(today)

    def _on_network_changed(self, network: Network) -> None:
        """A new network (an import): every view starts afresh with it."""
        self.map_view.set_network(network)
        self.site_table.model.set_network(network)
        self.site_table.model.set_today(self.session.today)
        if self.diagnostics is not None:
            self.diagnostics.set_network(network)
        self.contracts.set_network(network)
        self.graphs.set_network(network)
        self._graph_sites = []
        self.show_graphs(self._default_graph_sites())
        if self.alert_log is not None:
            self.alert_log.set_timezone(network.timezone)
        if self.banner is not None and not network.sample:
            self.banner.hide()
        self._update_title()
        self._show_unplaced()
        self.window_actions.update()

    def _on_network_edited(self, network: Network) -> None:
        """The same sites edited (contracts, alert channels): every view that judges with the network follows; the
        contracts panel, where contract edits start, already shows it."""
        self.site_table.model.set_network(network)
        if self.diagnostics is not None:
            self.diagnostics.set_network(network)
        self.graphs.set_network(network)
        if self.contracts.network() is not network:
            self.contracts.set_network(network)

    def _on_monitoring_changed(self) -> None:
        self.window_actions.update()
        if not self.session.failure:
            self.failure_banner.clear()

    def _on_engine_failed(self, reason: str) -> None:
        self.failure_banner.show_failure(reason)
        if self.tray is not None:
            self.tray.notify(self.tr("Pantau stopped monitoring"), reason)

    def _on_import_started(self, path: Path) -> None:
        self.window_actions.update()
        # An import replaces the whole network: an edit saved meanwhile would bring the old one back.
        self.contracts.setEnabled(False)
        self.statusBar().showMessage(self.tr("Reading {file} …").format(file=path.name))

    def _on_import_finished(self, path: Path, outcome: object) -> None:
        self.window_actions.update()
        self.contracts.setEnabled(True)
        if isinstance(outcome, Network):
            self.statusBar().showMessage(self.tr("Loaded {file}: {count} sites").format(
                file=path.name, count=len(outcome.sites)), 8000)
            self.importFinished.emit(True)
            return
        problems = [str(problem) for problem in outcome.problems] if isinstance(outcome, NetworkFileError) \
            else [str(outcome)]
        self.statusBar().clearMessage()
        headline = self.tr("{file} was not imported: %n problem(s). Nothing was changed.", "",
                           len(problems)).format(file=path.name)
        self.import_dialog = ProblemsDialog(self.tr("Network file not imported"), headline, problems, self)
        self.import_dialog.open()
        self.importFinished.emit(False)

    def _on_alert_settings_applied(self, network: Network, rules: AlertRules) -> None:
        """Saved in the workspace by the dialog: the session goes on with the new channels and the running alert
        service with the new rules, without forgetting the outages in progress."""
        if self._shut_down:
            return
        self.session.apply_edit(replace(self.network, alerts=network.alerts))
        self.session.apply_alert_rules(rules)
        self.statusBar().showMessage(self.tr("Alert settings saved"), 5000)

    def _on_contract_save_failed(self, message: str) -> None:
        self.statusBar().showMessage(self.tr("The contract change was not saved: {error}").format(error=message),
                                     30_000)

    def _on_evidence_captured(self, evidence: CapturedEvidence) -> None:
        """A diagnosis taken by itself when sites went down: the outage list shows its cause, the saved reports
        list it, and the status bar says what it found."""
        if self._shut_down:
            return
        self.graphs.refresh()
        if self.diagnostics is not None:
            self.diagnostics.reload_saved()
        names = ", ".join(self.session.site_name(site_id) for site_id in evidence.request.sites)
        headline = render_json(evidence.report, "en" if self._language == "en" else "id")["headline"]
        self.statusBar().showMessage(self.tr("Evidence saved for {sites}: {headline}").format(
            sites=names, headline=headline), 30_000)

    def _on_diagnosis_finished(self, report: DiagnosisReport | None) -> None:
        self.window_actions.update()
        if report is not None:
            self.session.note_diagnosis(report)

    def _on_alerts(self, alerts: list[Alert]) -> None:
        """Alerts raised by the alert service: one tray message for those of one storm window (the service has
        already summarised each parent's storm and damped flapping; this gathers the offices that go down one
        check after another)."""
        if self.tray is None:
            return
        service = self.session.alert_service
        rules = service.rules if service is not None else AlertRules()
        self.tray.hold_alerts(alerts, self.session.site_name, self._language, rules.storm_settle_seconds,
                              rules.storm_settle_max_seconds)

    def _on_site_down(self, site_id: str) -> None:
        self.map_view.pulse_site(site_id)
        # With an alert service the tray shows its alerts instead (storms summarised, the rules followed).
        if self.tray is not None and self.session.alert_service is None:
            self.tray.site_went_down(self.session.site_name(site_id))

    def _on_site_recovered(self, site_id: str) -> None:
        if self.tray is not None and self.session.alert_service is None:
            self.tray.site_recovered(self.session.site_name(site_id))

    def _on_updated(self, when: float) -> None:
        if not self.session.paused:
            zone = self.network.timezone
            self._set_updated_text(lambda: self.tr("Updated {time}").format(
                time=format_time(when, zone, with_date=False)))
        if self.tray is not None:
            self.tray.flush()

    # --- selection -------------------------------------------------------------------------------------------

    def _on_table_current(self, site_id: str) -> None:
        # Not select_site(): that would select the one row again and drop the rest of a Ctrl/Shift selection.
        self.map_view.select_site(site_id)
        self._show_contract_of(site_id)
        self.window_actions.update()

    def _on_table_selection(self, site_ids: list[str]) -> None:
        if site_ids:
            self.show_graphs(site_ids)

    def _default_graph_sites(self) -> list[str]:
        """What the graphs show before anything is selected: the central server's site, else the first site."""
        for target in self.network.targets:
            if target.role is TargetRole.SERVER and target.enabled:
                return [target.site]
        return [self.network.sites[0].id] if self.network.sites else []

    def _show_contract_of(self, site_id: str) -> None:
        link = serving_link(self.network, site_id, self.session.today)
        if link is not None and link.contracts:
            self.contracts.show_link(link.id)
