"""The main window: the live map in the centre, the office table docked left, and the graphs, the diagnosis, the
contracts and the alert log as tabs of the bottom dock area; a toolbar, a status bar with the state summary (and
the alerts waiting to be sent), and the tray icon.

It is the views and their wiring only. What is monitored and what the views show belongs to the `MonitorSession`
under it (ui/session.py): the network, the engine, the alert service, the evidence capture, the site states and
figures, the contract risks. Every view subscribes to the session's signals; none receives the network by hand and
none reads another view's model. Edits go back through the session: a contract edit or new alert settings through
`apply_edit`, a network file through `import_network`. This module builds the window and keeps its public API;
beside it: the docked views built in ui/window_docks.py, the session wired to the views in ui/window_session.py,
the status bar in ui/window_status.py, the tray in ui/window_tray.py, the actions and menus in
ui/window_actions.py, the size and the layout kept between runs in ui/window_layout.py.

Selecting a site on the map selects it in the table and graphs it; Ctrl/Shift-selecting offices in the table
compares them on the graphs; the selection moves the contracts panel to the office's link.

Threads: the window never waits on the network or the disk; the session does that work on worker threads. Only
`shutdown()` blocks, and it is called once the window is gone from the screen.

Language: the window installs the chosen language before it builds anything and switches it live from the menu.
Every text it owns is set in `retranslate_ui()`, which runs again on Qt's LanguageChange event; the views
retranslate themselves on the same event, and the diagnosis report and the alerts follow the interface language.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import QDockWidget, QMainWindow, QVBoxLayout, QWidget

from pantau.domain.inventory import Network, TargetRole
from pantau.domain.links import serving_link
from pantau.domain.states import HealthState
from pantau.reporting.history import LiveBuffer
from pantau.ui import window_docks, window_layout
from pantau.ui.alert_log import AlertLogView
from pantau.ui.alert_settings import AlertSettingsDialog
from pantau.ui.availability_dialog import AvailabilityReportDialog, AvailabilityReports
from pantau.ui.bridge import EngineBridge
from pantau.ui.contracts_panel import ContractsPanel
from pantau.ui.diagnostics_panel import DiagnosticsPanel
from pantau.ui.failure_banner import MonitoringFailedBanner
from pantau.ui.file_dialogs import ask_open_path
from pantau.ui.graphs import specs_for_sites
from pantau.ui.i18n import install_translator, language_setting, resolve_language, store_language_setting
from pantau.ui.map import MapView
from pantau.ui.office_lists import OFFICE_LIST_SUFFIXES, OfficeLists
from pantau.ui.problems_dialog import ProblemsDialog
from pantau.ui.sample_banner import SampleBanner
from pantau.ui.session import AlertFactory, EngineFactory, MonitorSession
from pantau.ui.site_model import SiteMetrics
from pantau.ui.state_style import DISPLAY_ORDER
from pantau.ui.tray import StateTray
from pantau.ui.window_actions import WindowActions
from pantau.ui.window_layout import SETTINGS_APPLICATION, SETTINGS_ORGANIZATION, settings
from pantau.ui.window_session import SessionWiring
from pantau.ui.window_status import WindowStatusBar
from pantau.ui.window_tray import WindowTray
from pantau.ui.workspace_banner import WorkspaceBanner

if TYPE_CHECKING:
    from pantau.alerts.service import AlertService
    from pantau.probing.engine import ProbeEngine
    from pantau.probing.icmp import IcmpPinger
    from pantau.storage.workspace import Workspace
    from pantau.ui.store_edits import StoreEdits

__all__ = ["SETTINGS_APPLICATION", "SETTINGS_ORGANIZATION", "AlertFactory", "EngineFactory", "MainWindow", "settings"]

# The graphs compare at most this many selected offices (more lines say nothing on one plot).
MAX_COMPARED_SITES = 8


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
        self._quitting = False
        self._shut_down = False
        self._closed = False
        self._maximized_before_tray = False
        self.docks_unsized = False
        self.import_dialog: ProblemsDialog | None = None
        # The window on the shared store edits the store's network (ui/store_edits.py sets it).
        self.store_edits: StoreEdits | None = None
        self._language = ""
        self.diagnostics: DiagnosticsPanel | None = None
        self.diagnostics_dock: QDockWidget | None = None
        # Before any widget exists, so that everything is built in the chosen language.
        self._apply_language(resolve_language(language_setting(settings())))

        self.map_view = MapView(network, self)
        self.map_view.setObjectName("mapView")
        self.banner = SampleBanner(self) if sample_notice else None
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

        self.site_table, self.table_dock = window_docks.site_table(self)
        if pinger is not None:
            self.diagnostics, self.diagnostics_dock = window_docks.diagnostics(self, pinger)
        self._graph_sites: list[str] = []
        self.graphs, self.graphs_dock = window_docks.graphs(self)
        self.contracts, self.contracts_dock = window_docks.contracts(self, self.graphs_dock)
        self.traffic, self.traffic_dock = window_docks.traffic(self, self.graphs_dock)
        self.alert_log: AlertLogView | None = None
        self.alerts_dock: QDockWidget | None = None
        if workspace is not None:
            self.alert_log, self.alerts_dock = window_docks.alert_log(self, workspace, self.graphs_dock)

        self.window_actions = WindowActions(self)
        self._alias_actions()
        self.status = WindowStatusBar(self, pinger.privilege_hint if pinger is not None else None)
        self.status.set_updated_text(lambda: "" if self.session.can_monitor else self.tr("Not monitoring"))
        if self.alert_log is not None:
            self.alert_log.queued_changed.connect(self.status.show_queued_alerts)
        want_tray = StateTray.available() if tray is None else tray
        self.tray = StateTray([self.pause_action], self) if want_tray else None
        self._tray_link = WindowTray(self, self.tray) if self.tray is not None else None
        if self.tray is not None:
            self.tray.show()
        self.keep_in_tray_action.setEnabled(self.tray is not None)
        self.keep_in_tray_action.setChecked(self.tray is not None and window_layout.stored_keep_in_tray())

        self.map_view.siteSelected.connect(self.select_site)
        self.site_table.siteSelected.connect(self._on_table_current)
        self.site_table.sitesSelected.connect(self._on_table_selection)
        self._wiring = SessionWiring(self)
        self.office_lists = OfficeLists(self)
        self.availability_reports = AvailabilityReports(self, lambda: self.workspace, lambda: self.network,
                                                        self.network_today, self.language)

        self.retranslate_ui()
        window_layout.restore(self)
        self._wiring.show_states(self.session.states)
        self._wiring.show_contract_risks(self.session.contract_risks)
        self.window_actions.update()
        if not self._graph_sites:
            self.show_default_graphs()
        self.session.load_from_workspace()

    def _alias_actions(self) -> None:
        """The actions under the names tests and the tray have always used."""
        actions = self.window_actions
        self.diagnose_server_action = actions.diagnose_server
        self.diagnose_isp_action = actions.diagnose_isp
        self.diagnose_site_action = actions.diagnose_site
        self.diagnose_all_action = actions.diagnose_all
        self.pause_action = actions.pause
        self.open_action = actions.open
        self.save_template_action = actions.save_template
        self.fit_action = actions.fit
        self.find_action = actions.find
        self.quit_action = actions.quit
        self.alert_settings_action = actions.alert_settings
        self.availability_report_action = actions.availability_report
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
        docks = [self.table_dock, self.graphs_dock, self.diagnostics_dock, self.contracts_dock, self.traffic_dock,
                 self.alerts_dock]
        return [dock for dock in docks if dock is not None]

    def link_use(self) -> dict[str, float]:
        """Each measured line's busiest interval of the last hour, in percent of its contract, by link id."""
        uses = self.session.line_use.uses().values()
        return {use.link_id: use.peak_percent for use in uses if use.peak_percent is not None}

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
            HealthState.PATH_BROKEN: lambda n: self.tr("%n path broken", "", n),
            HealthState.DOWN: lambda n: self.tr("%n down", "", n),
            HealthState.UNREACHABLE: lambda n: self.tr("%n unreachable", "", n),
            HealthState.UNKNOWN: lambda n: self.tr("%n unknown", "", n),
        }
        parts = [words[state](counts[state]) for state in DISPLAY_ORDER if counts[state]]
        return " · ".join(parts) if parts else self.tr("No sites")

    def refresh_summary(self) -> None:
        """Say the state summary again in the status bar and the tray (states or language changed)."""
        summary = self.summary_text()
        self.status.set_summary(summary)
        if self._tray_link is not None:
            self._tray_link.show_states(summary)

    def show_unplaced(self) -> None:
        """The offices the map cannot place, in the status bar."""
        missing = set(self.map_view.sites_without_position())
        names = [site.name for site in self.network.sites if site.id in missing]
        self.status.show_unplaced(names, self.map_view.map_problems())

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
        self.update_title()
        self.table_dock.setWindowTitle(self.tr("Offices"))
        if self.diagnostics_dock is not None:
            self.diagnostics_dock.setWindowTitle(self.tr("Diagnosis"))
        self.graphs_dock.setWindowTitle(self.tr("Graphs"))
        self.contracts_dock.setWindowTitle(self.tr("Contracts"))
        self.traffic_dock.setWindowTitle(self.tr("Bandwidth"))
        if self.alerts_dock is not None:
            self.alerts_dock.setWindowTitle(self.tr("Alerts"))
        self.window_actions.retranslate()
        self.refresh_summary()
        self.map_view.set_contract_risks(dict(self.session.contract_risks), self._language)
        self.status.retranslate()
        self.show_unplaced()
        if self._tray_link is not None:
            self._tray_link.retranslate()
        # After the table has retranslated (it hears of the change after this window) and perhaps grown.
        QTimer.singleShot(0, self, lambda: window_layout.widen_table_dock(self))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def update_title(self) -> None:
        self.setWindowTitle(self.tr("Pantau — {name}").format(name=self.network.name))

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

    def show_default_graphs(self) -> None:
        """What the graphs show before anything is selected: the central server's site, else the first site."""
        self._graph_sites = []
        for target in self.network.targets:
            if target.role is TargetRole.SERVER and target.enabled:
                self.show_graphs([target.site])
                return
        self.show_graphs([self.network.sites[0].id] if self.network.sites else [])

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

    def is_shut_down(self) -> bool:
        return self._shut_down

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
            self.status.set_updated_text(
                lambda: self.tr("Monitoring paused") if paused else self.tr("Monitoring resumed"))
        self.window_actions.update()

    def restart_alerts(self) -> None:
        self.session.restart_alerts()

    def open_alert_settings(self) -> AlertSettingsDialog | None:
        """Open the alert settings (channels, rules, maintenance windows) for the current network; None without a
        workspace. Saving applies them at once: new rules to the running service, new channels too."""
        return None if self._shut_down else self._wiring.open_alert_settings()

    def open_availability_report(self) -> AvailabilityReportDialog | None:
        """File ▸ Availability report…: the period and files, then the writing in the background (the status bar
        says how far it got); None without a workspace or while one is being written."""
        return None if self._shut_down else self.availability_reports.open()

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
        self._wiring.shutdown_dialogs()
        self.office_lists.shutdown()
        self.availability_reports.shutdown()
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
        """Ask for a network file or an office list (starting where the last file was chosen, else in the user's
        documents: see ui/file_dialogs.py): a network file replaces the network (see `import_network_file`; on the
        shared store after a confirmation), an office list (.csv, .xlsx) is merged into it after a confirmation (see
        ui/office_lists.py)."""
        path = ask_open_path(self, self.tr("Open network file"),
                             self.tr("Network files (*.toml);;Office lists (*.xlsx *.csv);;All files (*)"))
        if path is None:
            return
        if path.suffix.lower() in OFFICE_LIST_SUFFIXES:
            self.office_lists.merge(path)
        elif self.store_edits is not None:
            self.store_edits.confirm_import(path)
        else:
            self.import_network_file(path)

    def save_office_template(self) -> bool:
        """File ▸ Save office template…: the bundled workbook copied where the user chooses."""
        return self.office_lists.save_template()

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
            if self._tray_link is not None:
                self._tray_link.tell_still_monitoring()
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

    # --- selection -------------------------------------------------------------------------------------------

    def _on_table_current(self, site_id: str) -> None:
        # Not select_site(): that would select the one row again and drop the rest of a Ctrl/Shift selection.
        self.map_view.select_site(site_id)
        self._show_contract_of(site_id)
        self.window_actions.update()

    def _on_table_selection(self, site_ids: list[str]) -> None:
        if site_ids:
            self.show_graphs(site_ids)

    def _show_contract_of(self, site_id: str) -> None:
        link = serving_link(self.network, site_id, self.session.today)
        if link is not None and link.contracts:
            self.contracts.show_link(link.id)
