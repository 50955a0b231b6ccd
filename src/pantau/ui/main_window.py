"""The main window: the live map in the centre, the office table docked left, and the graphs, the diagnosis, the
contracts and the alert log as tabs of the bottom dock area; a toolbar, a status bar with the state summary (and
the alerts waiting to be sent), and the tray icon.

It owns the wiring: the engine's events reach it through `EngineBridge` (coalesced signals, at most four updates a
second) and it hands states and figures to the map, the table and the tray; selecting a site on the map selects it
in the table and graphs it, Ctrl/Shift-selecting offices in the table compares them on the graphs; the contracts
panel's edits recolour the table's contract column and the map's contract layer; the toolbar starts diagnoses,
pauses monitoring and imports a network file; Monitoring ▸ Alert settings edits channels and rules, applied to the
running alert service at once.

Threads: the window never waits on the network or the disk. The engine runs on its own threads; every workspace
read (the last known states and the 24 h uptime at start, the uptime again every few minutes) and the import of a
network file run on `TaskRunner` threads; replacing the engine after an import stops the old one on a thread too.
Only `shutdown()` blocks, and it is called once the window is gone from the screen.

Persistence (QSettings "Pantau"/"Pantau"): geometry, dock layout, the table's columns, the last selected site, the
map's zoom, centre and colouring (live state or contract risk), the graphs' pinned reference lines, the "keep
running in the tray" choice and the interface language (View ▸ Language, see `ui.i18n`).

Language: the window installs the chosen language before it builds anything and switches it live from the menu.
Every text it owns is set in `retranslate_ui()`, which runs again on Qt's LanguageChange event; the map, the table
and the diagnostics panel retranslate themselves on the same event, and the diagnosis report follows the interface
language.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pantau.alerts.service import senders_for
from pantau.domain.alerts import Alert, AlertKind, AlertRules
from pantau.domain.contract_risk import RiskLevel
from pantau.domain.diagnosis import DiagnosisReport
from pantau.domain.inventory import Network, TargetRole
from pantau.domain.states import HealthState
from pantau.reporting.diagnosis_report import render_json
from pantau.reporting.evidence import CapturedEvidence
from pantau.reporting.history import LiveBuffer
from pantau.reporting.timezones import local_date
from pantau.storage.networkfile import NetworkFileError, load_network_file
from pantau.storage.schema import WorkspaceError
from pantau.ui.alert_log import AlertLogView
from pantau.ui.alert_settings import AlertSettingsDialog
from pantau.ui.bridge import EngineBridge, WorkspaceView, read_workspace_view, site_uptime
from pantau.ui.contracts_panel import ContractsPanel
from pantau.ui.diagnostics_panel import DiagnosticsPanel
from pantau.ui.evidence import EvidenceRelay
from pantau.ui.graphs import SiteGraphs, specs_for_sites
from pantau.ui.i18n import (
    LANGUAGE_CHOICES,
    NATIVE_NAMES,
    SYSTEM,
    install_translator,
    language_setting,
    resolve_language,
    store_language_setting,
    system_language,
)
from pantau.ui.map_view import COLOR_MODE_CONTRACT, COLOR_MODE_STATE, MapView
from pantau.ui.site_table import SiteMetrics, SiteTable, format_time, site_uplinks
from pantau.ui.state_style import DISPLAY_ORDER
from pantau.ui.tray import StateTray
from pantau.ui.workers import Progress, TaskRunner
from pantau.ui.workspace_banner import WorkspaceBanner

if TYPE_CHECKING:
    from pantau.alerts.service import AlertService
    from pantau.probing.engine import ProbeEngine
    from pantau.probing.icmp import IcmpPinger
    from pantau.storage.workspace import Workspace

log = logging.getLogger(__name__)

EngineFactory = Callable[[Network], "ProbeEngine"]
# Builds the alert service of a network (None: alerts are off); called on a worker thread (it reads the workspace).
AlertFactory = Callable[[Network], "AlertService | None"]

SETTINGS_ORGANIZATION = "Pantau"
SETTINGS_APPLICATION = "Pantau"
_KEY_GEOMETRY = "mainWindow/geometry"
_KEY_STATE = "mainWindow/state"
# Versioned: a header saved with fewer columns would restore them hidden.
_KEY_TABLE_HEADER = "mainWindow/siteTableHeader/v2"
_KEY_SELECTED = "mainWindow/selectedSite"
_KEY_MAP_VIEW = "map/view"
_KEY_KEEP_IN_TRAY = "tray/keepRunning"
_KEY_GRAPH_REFERENCES = "graphs/references"
_KEY_MAP_COLOURS = "map/colorMode"
# Bumped when docks or toolbars change in a way an old saved layout would restore wrongly.
_LAYOUT_VERSION = 3
# The table's first width: all its columns, but at most this share of the window. The regency is taller than wide,
# so the map shows all of it in the rest. Sized so that the Indonesian columns (longer words) fit at 1600 px too.
_MAX_INITIAL_TABLE_SHARE = 0.68
# The bottom tabs' (graphs, diagnosis, contracts, alerts) first share of the window's height.
_INITIAL_BOTTOM_SHARE = 0.42
UPTIME_REFRESH_MS = 5 * 60 * 1000
_DATE_CHECK_MS = 10 * 60 * 1000
# shutdown() waits this long for workspace reads and an import still running.
_TASKS_SHUTDOWN_S = 10.0
# The graphs compare at most this many selected offices (more lines say nothing on one plot).
MAX_COMPARED_SITES = 8
_SEVERE_ALERTS = frozenset({AlertKind.DOWN, AlertKind.FLAPPING})


def settings() -> QSettings:
    return QSettings(SETTINGS_ORGANIZATION, SETTINGS_APPLICATION)


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
    """Pantau's main window over one network.

    `workspace` may be None (selftest, tests): every site starts UNKNOWN. With `engine_factory` the window can
    monitor (`start_monitoring()`); with `pinger` it has a diagnostics panel. `tray`: None makes a tray icon when the
    desktop has a system tray, False never. `finished` is emitted when the window has closed for good (not when it
    only hides to the tray); the owner then calls `shutdown()`.
    """

    finished = Signal()
    importFinished = Signal(bool)

    def __init__(self, network: Network, workspace: Workspace | None = None, sample_notice: bool = False,
                 parent: QWidget | None = None, *, engine_factory: EngineFactory | None = None,
                 pinger: IcmpPinger | None = None, tray: bool | None = None,
                 alert_factory: AlertFactory | None = None) -> None:
        super().__init__(parent)
        self.network = network
        self.workspace = workspace
        self._engine_factory = engine_factory
        self._engine: ProbeEngine | None = None
        self._alert_factory = alert_factory
        self._alerts: AlertService | None = None
        self._alerts_unsubscribe: Callable[[], None] | None = None
        # Bumped whenever the alert service is replaced: a service built for an older engine is stopped unused.
        self._alerts_generation = 0
        self._pinger = pinger
        self._paused = False
        self._quitting = False
        self._shut_down = False
        self._closed = False
        self._importing = False
        self._uptime_pending = False
        self._told_about_tray = False
        self._docks_unsized = False
        self._states: dict[str, HealthState] = {site.id: HealthState.UNKNOWN for site in network.sites}
        # Sites the live engine has spoken about: the workspace's older view must not overwrite them.
        self._live_states: set[str] = set()
        self._live_metrics: set[str] = set()
        self._tasks = TaskRunner(self)
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
        self._watching = False
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        if self.banner is not None:
            layout.addWidget(self.banner)
        layout.addWidget(self.workspace_banner)
        layout.addWidget(self.map_view, 1)
        self.setCentralWidget(central)

        self.site_table = SiteTable(network, self)
        self.site_table.model.set_today(self.network_today())
        self.table_dock = QDockWidget(self)
        self.table_dock.setObjectName("siteTableDock")
        self.table_dock.setWidget(self.site_table)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.table_dock)

        if pinger is not None:
            self._make_diagnostics(pinger)
        # The engine thread appends every result here (through the bridge); the graphs' live view reads it.
        self.live = LiveBuffer()
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
        # Evidence of an outage is captured in the background the moment it starts (with a workspace to keep it).
        self.evidence = EvidenceRelay(workspace, lambda: self._alerts, self) if workspace is not None else None
        if self.evidence is not None:
            self.evidence.set_language("en" if self._language == "en" else "id")
            self.evidence.captured.connect(self._on_evidence_captured)

        self.bridge = EngineBridge(network, live=self.live, parent=self)
        self._make_actions()
        self._make_status_bar()
        want_tray = StateTray.available() if tray is None else tray
        self.tray = StateTray([self.pause_action], self) if want_tray else None
        if self.tray is not None:
            self.tray.showRequested.connect(self.show_from_tray)
            self.tray.quitRequested.connect(self.request_quit)
            self.tray.show()
        self.keep_in_tray_action.setEnabled(self.tray is not None)
        self.keep_in_tray_action.setChecked(self.tray is not None and self._stored_keep_in_tray())

        self.map_view.siteSelected.connect(self._on_site_selected)
        self.site_table.siteSelected.connect(self._on_table_current)
        self.site_table.sitesSelected.connect(self._on_table_selection)
        self.bridge.alertsRaised.connect(self._on_alerts)
        self.bridge.statesChanged.connect(self._on_live_states)
        self.bridge.metricsChanged.connect(self._on_live_metrics)
        self.bridge.sinceChanged.connect(self.map_view.set_site_since)
        self.bridge.siteWentDown.connect(self._on_site_down)
        self.bridge.siteRecovered.connect(self._on_site_recovered)
        self.bridge.updated.connect(self._on_updated)

        self._uptime_timer = QTimer(self)
        self._uptime_timer.setInterval(UPTIME_REFRESH_MS)
        self._uptime_timer.timeout.connect(self.refresh_uptime)
        self._date_timer = QTimer(self)
        self._date_timer.setInterval(_DATE_CHECK_MS)
        self._date_timer.timeout.connect(self._check_date)
        self._date_timer.start()

        self.retranslate_ui()
        self.resize(1280, 800)
        self._restore_layout()
        self.set_site_states(self._states)
        self._update_actions()
        if not self._graph_sites:
            self.show_graphs(self._default_graph_sites())
        if workspace is not None:
            self._load_from_workspace(workspace)
            self._uptime_timer.start()

    # --- public API ----------------------------------------------------------------------------------------

    def site_states(self) -> dict[str, HealthState]:
        return dict(self._states)

    def set_site_states(self, states: Mapping[str, HealthState]) -> None:
        """Show new states for the given sites on the map, in the table, in the summary and in the tray."""
        known = {sid: state for sid, state in states.items() if sid in self._states}
        self._states.update(known)
        self.map_view.set_site_states(known)
        self.site_table.model.set_site_states(known)
        self._refresh_summary()

    def set_site_metrics(self, metrics: Mapping[str, SiteMetrics]) -> None:
        self.site_table.model.set_site_metrics(metrics)
        self.map_view.set_site_metrics(metrics)

    def summary_text(self) -> str:
        """E.g. "52 up · 3 degraded · 1 down": every state that at least one site is in, in display order."""
        counts = Counter(self._states.values())
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
        Every view switches at once; the diagnosis report follows."""
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
        self._retranslate_actions()
        if self._banner_text is not None and self._banner_close is not None:
            self._banner_text.setText(self.tr(
                "This is the bundled SAMPLE network (loopback addresses only). "
                "Load your own network with File ▸ Open network file, or: pantau import FILE"))
            self._banner_close.setText(self.tr("Dismiss"))
            self._banner_close.setToolTip(self.tr("Hide this notice"))
        self._refresh_summary()
        self._refresh_contract_risks()
        self._updated_label.setText(self._updated_text())
        if self._icmp_mode is not None:
            self._show_icmp_mode(self._icmp_mode, announce=False)
        self._show_unplaced()
        if self.tray is not None:
            self.tray.retranslate_ui()
        self._update_actions()
        # After the table has retranslated (it hears of the change after this window) and perhaps grown.
        QTimer.singleShot(0, self, self._widen_table_dock)

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
        self._update_actions()

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
        return self._alerts

    def selected_site(self) -> str | None:
        return self.map_view.selected_site() or self.site_table.selected_site()

    def engine(self) -> ProbeEngine | None:
        return self._engine

    def is_paused(self) -> bool:
        return self._paused

    def set_network(self, network: Network) -> None:
        """Show `network` instead: every view, the bridge and the diagnostics panel. States start UNKNOWN."""
        self.network = network
        self._states = {site.id: HealthState.UNKNOWN for site in network.sites}
        self._live_states = set()
        self._live_metrics = set()
        self.bridge.set_network(network)
        self.map_view.set_network(network)
        self.site_table.model.set_network(network)
        if self.diagnostics is not None:
            self.diagnostics.set_network(network)
        self.contracts.set_network(network)
        self.graphs.set_network(network)
        self._refresh_contract_risks()
        self._graph_sites = []
        self.show_graphs(self._default_graph_sites())
        if self.alert_log is not None:
            self.alert_log.set_timezone(network.timezone)
        if self.banner is not None and not network.sample:
            self.banner.hide()
        self._update_title()
        self._show_unplaced()
        self.set_site_states(self._states)
        self._update_actions()
        self.refresh_uptime()

    # --- monitoring ------------------------------------------------------------------------------------------

    def start_monitoring(self) -> bool:
        """Start an engine on the current network (needs `engine_factory`); False when there is none or one runs."""
        if self._engine_factory is None or self._engine is not None or self._shut_down:
            return False
        engine = self._engine_factory(self.network)
        self.bridge.attach(engine)
        engine.start()
        if self.evidence is not None:
            self.evidence.attach(self.network, engine)
        self._engine = engine
        self._paused = False
        self._show_icmp_mode(engine.icmp_mode)
        self._start_alerts(engine)
        self._update_actions()
        return True

    def set_watching(self, watching: bool) -> None:
        """Only show what another Pantau records (ui/watch.py): no network file may be imported meanwhile."""
        self._watching = watching
        self._update_actions()

    def restart_alerts(self) -> None:
        """Build the alert service again (its channels changed); the old one stops on a worker thread first, and
        what it had queued stays in the workspace for the new one."""
        old = self._detach_alerts()
        engine = self._engine

        def stop(_progress: Progress) -> None:
            if old is not None:
                old.stop(timeout_s=None)

        def stopped(_result: None) -> None:
            if not self._shut_down and engine is not None and engine is self._engine:
                self._start_alerts(engine)

        self._tasks.submit(stop, stopped, on_error=lambda error: log.error("stopping the alerts: %s", error),
                           name="pantau-alerts-stop")

    def open_alert_settings(self) -> AlertSettingsDialog | None:
        """Open the alert settings (channels, rules, maintenance windows) for the current network; None without a
        workspace. Saving applies them at once: new rules to the running service, new channels by a new one."""
        if self.workspace is None or self._shut_down:
            return None
        dialog = self.alert_settings_dialog
        if dialog is not None and dialog.isVisible():
            dialog.raise_()
            dialog.activateWindow()
            return dialog
        self._retire_alert_dialog()
        rules = self._alerts.rules if self._alerts is not None else None
        dialog = AlertSettingsDialog(self.network, self.workspace, rules=rules, lang=self._language, parent=self)
        dialog.setObjectName("alertSettingsDialog")
        dialog.applied.connect(self._on_alert_settings_applied)
        self.alert_settings_dialog = dialog
        dialog.open()
        return dialog

    def _retire_alert_dialog(self) -> None:
        """Keep the last closed dialog until its background work ends (a test message may take seconds)."""
        if self.alert_settings_dialog is not None:
            self._old_alert_dialogs.append(self.alert_settings_dialog)
            self.alert_settings_dialog = None
        idle = [dialog for dialog in self._old_alert_dialogs if not dialog.busy()]
        for dialog in idle:
            self._old_alert_dialogs.remove(dialog)
            dialog.deleteLater()

    def _on_alert_settings_applied(self, network: Network, rules: AlertRules) -> None:
        """Saved in the workspace by the dialog: the window and the contracts panel go on with the new channels
        (the panel saves the whole network with each edit, so it must not keep the old ones), and the running
        alert service takes rules and channels over without forgetting the outages in progress."""
        if self._shut_down:
            return
        channels_changed = network.alerts != self.network.alerts
        self._adopt_edited_network(replace(self.network, alerts=network.alerts))
        self.contracts.set_network(self.network)
        if self._alerts is not None:
            self._alerts.set_rules(rules)
            if channels_changed:
                self._alerts.set_senders(senders_for(self.network.alerts))
        elif self._engine is not None:
            # None ran (its stored rules were bad, or it was still being built): build it with what was saved.
            self.restart_alerts()
        self.statusBar().showMessage(self.tr("Alert settings saved"), 5000)

    def _show_queued_alerts(self, count: int) -> None:
        self._queued_alerts = count
        self._queued_label.setVisible(count > 0)
        if count == 1:
            self._queued_label.setText(self.tr("1 alert waiting to be sent"))
        else:
            self._queued_label.setText(self.tr("%n alerts waiting to be sent", "", count))
        self._queued_label.setToolTip(self.tr("The line out is down or a channel fails: queued alerts are sent, "
                                              "in order and marked as delayed, when it is back (see View ▸ Alerts)"))

    def _start_alerts(self, engine: ProbeEngine) -> None:
        """Build the alert service on a worker thread (it reads its rules from the workspace), then let it hear
        the engine."""
        factory = self._alert_factory
        if factory is None:
            return
        self._alerts_generation += 1
        generation = self._alerts_generation
        network = self.network

        def build(_progress: Progress) -> AlertService | None:
            return factory(network)

        def built(service: AlertService | None) -> None:
            if service is None or generation != self._alerts_generation or self._shut_down \
                    or engine is not self._engine:
                return
            service.subscribe(self.bridge.alert_listener)
            if self.evidence is not None:
                service.expect_evidence()
            self._alerts_unsubscribe = engine.subscribe(service.on_event)
            service.start()
            self._alerts = service

        self._tasks.submit(build, built, on_error=self._alerts_failed, name="pantau-alerts-build")

    def _detach_alerts(self) -> AlertService | None:
        """Stop feeding the alert service and forget it; the caller stops it (it may wait on a send)."""
        self._alerts_generation += 1
        if self._alerts_unsubscribe is not None:
            self._alerts_unsubscribe()
            self._alerts_unsubscribe = None
        service, self._alerts = self._alerts, None
        return service

    def _alerts_failed(self, error: Exception) -> None:
        log.error("the alert service could not start: %s", error)
        if not self._shut_down:
            self.statusBar().showMessage(self.tr("Alerts are off: {error}").format(error=error), 30_000)

    def set_paused(self, paused: bool) -> None:
        """Pause (every site goes UNKNOWN, history is kept) or resume monitoring."""
        if self._engine is None or paused == self._paused:
            self._update_actions()
            return
        self._paused = paused
        if paused:
            self._engine.pause()
        else:
            self._engine.resume()
        self._set_updated_text(lambda: self.tr("Monitoring paused") if paused else self.tr("Monitoring resumed"))
        self._update_actions()

    def refresh_uptime(self) -> None:
        """Read the 24 h uptime again, on a worker thread."""
        workspace = self.workspace
        if workspace is None or self._uptime_pending or self._shut_down:
            return
        self._uptime_pending = True
        network = self.network

        def work(_progress: Progress) -> dict[str, float]:
            return site_uptime(network, workspace)

        def done(uptime: dict[str, float]) -> None:
            self._uptime_pending = False
            if not self._shut_down and network is self.network:
                self.site_table.model.set_site_uptime(uptime)

        self._tasks.submit(work, done, on_error=self._uptime_failed, name="pantau-uptime")

    def shutdown(self) -> None:
        """Stop monitoring, wait for background work, flush the workspace. Blocks for up to a few seconds (a probe
        in flight must time out), so call it once the window is off the screen. Safe to call twice."""
        if self._shut_down:
            return
        self._shut_down = True
        self._uptime_timer.stop()
        self._date_timer.stop()
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
        alerts = self._detach_alerts()
        engine, self._engine = self._engine, None
        self.bridge.detach()
        collector = self.evidence.detach() if self.evidence is not None else None
        if collector is not None:
            collector.stop()
        if engine is not None:
            engine.stop()
        if alerts is not None:
            alerts.stop()
        self._tasks.wait(_TASKS_SHUTDOWN_S)
        self.workspace_banner.stop()
        if self.workspace is not None:
            try:
                self.workspace.flush()
            except WorkspaceError as error:
                log.error("%s", error)

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
        """Ask for a network file, then import it (see `import_network_file`)."""
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open network file"), "",
                                              self.tr("Network files (*.toml);;All files (*)"))
        if path:
            self.import_network_file(Path(path))

    def import_network_file(self, path: Path) -> bool:
        """Read and validate `path` on a worker thread; on success replace the workspace's inventory with it and
        monitor the new network, on failure show every problem and change nothing. `importFinished(ok)` tells the
        end. False when an import is already running."""
        if self._importing or self._shut_down:
            return False
        self._importing = True
        self._update_actions()
        self.statusBar().showMessage(self.tr("Reading {file} …").format(file=path.name))
        workspace = self.workspace

        def work(_progress: Progress) -> Network:
            network = load_network_file(path)
            # Validation happened above: a bad file never reaches the workspace, which then stays as it was.
            if workspace is not None:
                workspace.replace_network(network)
            return network

        self._tasks.submit(work, lambda network: self._imported(path, network),
                           on_error=lambda error: self._import_failed(path, error), name="pantau-import")
        return True

    def _imported(self, path: Path, network: Network) -> None:
        self._importing = False
        if self._shut_down:
            return
        self.set_network(network)
        self._replace_engine()
        self.statusBar().showMessage(self.tr("Loaded {file}: {count} sites").format(
            file=path.name, count=len(network.sites)), 8000)
        self.importFinished.emit(True)

    def _import_failed(self, path: Path, error: Exception) -> None:
        self._importing = False
        self._update_actions()
        if self._shut_down:
            return
        problems = [str(problem) for problem in error.problems] if isinstance(error, NetworkFileError) \
            else [str(error)]
        self.statusBar().clearMessage()
        headline = self.tr("{file} was not imported: %n problem(s). Nothing was changed.", "",
                           len(problems)).format(file=path.name)
        self.import_dialog = ProblemsDialog(self.tr("Network file not imported"), headline, problems, self)
        self.import_dialog.open()
        self.importFinished.emit(False)

    def _replace_engine(self) -> None:
        """Monitor the current network with a new engine; the old one stops on a worker thread (a probe in flight
        may take seconds to time out) and the new one starts once it has."""
        old, self._engine = self._engine, None
        old_alerts = self._detach_alerts()
        self.bridge.detach()
        old_evidence = self.evidence.detach() if self.evidence is not None else None
        if old is None and old_alerts is None:
            self.start_monitoring()
            return

        def stop(_progress: Progress) -> None:
            if old_evidence is not None:
                old_evidence.stop()
            if old is not None:
                old.stop()
            if old_alerts is not None:
                old_alerts.stop(timeout_s=None)

        def stopped(_result: None) -> None:
            if not self._shut_down:
                self.start_monitoring()

        self._tasks.submit(stop, stopped, on_error=lambda error: log.error("stopping the engine: %s", error),
                           name="pantau-engine-stop")

    # --- tray and closing ----------------------------------------------------------------------------------------

    def keep_in_tray(self) -> bool:
        """Whether closing the window leaves Pantau monitoring in the tray."""
        return self.tray is not None and self.keep_in_tray_action.isChecked()

    def show_from_tray(self) -> None:
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
        self.diagnostics.set_live_source(lambda: self._engine.live_view() if self._engine is not None else None)
        self.diagnostics.setObjectName("diagnosticsPanel")
        self.diagnostics.set_language(self._language)
        self.diagnostics_dock = self._bottom_dock(self.diagnostics, "diagnosticsDock")
        self.diagnostics.runStarted.connect(lambda _description: self._update_actions())
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
        self.graphs = SiteGraphs(self.network, self.workspace, live=self.live, parent=self)
        self.graphs.setObjectName("siteGraphs")
        self.graphs_dock = self._bottom_dock(self.graphs, "graphsDock")
        # The graphs first: they follow the selection, the other tabs are opened for a task.
        self.graphs_dock.raise_()

    def _make_contracts(self) -> None:
        self.contracts = ContractsPanel(self.workspace, today=self.network_today, lang=self._language, parent=self)
        self.contracts.setObjectName("contractsPanel")
        self.contracts.set_network(self.network)
        self.contracts.network_changed.connect(self._on_contracts_edited)
        self.contracts.save_failed.connect(self._on_contract_save_failed)
        self.contracts_dock = self._bottom_dock(self.contracts, "contractsDock")
        self.graphs_dock.raise_()

    def _make_alert_log(self, workspace: Workspace) -> None:
        self.alert_log = AlertLogView(workspace, timezone=self.network.timezone, parent=self)
        self.alert_log.setObjectName("alertLog")
        self.alert_log.queued_changed.connect(self._show_queued_alerts)
        self.alerts_dock = self._bottom_dock(self.alert_log, "alertsDock")
        self.graphs_dock.raise_()

    def _action(self, shortcuts: list[QKeySequence | QKeySequence.StandardKey], slot: Callable[[], object],
                name: str) -> QAction:
        action = QAction(self)
        action.setObjectName(name)
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.triggered.connect(lambda _checked=False: slot())
        return action

    @staticmethod
    def _describe(action: QAction, text: str, tip: str) -> None:
        """An action's text, and its tip with its shortcuts (shown by the toolbar, the menus and the status bar)."""
        action.setText(text)
        keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts())
        action.setToolTip(f"{tip} ({keys})" if keys else tip)
        action.setStatusTip(tip)

    def _make_actions(self) -> None:
        key = QKeySequence
        icon = self.style().standardIcon
        self.diagnose_server_action = self._action([key("Ctrl+Shift+S")], lambda: self.diagnose("server"),
                                                   "diagnoseServerAction")
        self.diagnose_isp_action = self._action([key("Ctrl+Shift+I")], lambda: self.diagnose("isp"),
                                                "diagnoseIspAction")
        self.diagnose_site_action = self._action([key("Ctrl+D")], self.diagnose_selected, "diagnoseSiteAction")
        self.diagnose_all_action = self._action([key("Ctrl+Shift+E")], lambda: self.diagnose("all"),
                                                "diagnoseAllAction")
        self.pause_action = self._action([key("Ctrl+P")], lambda: self.set_paused(not self._paused), "pauseAction")
        self.pause_action.setCheckable(True)
        self.pause_action.setIcon(icon(QStyle.StandardPixmap.SP_MediaPause))
        self.open_action = self._action([key(QKeySequence.StandardKey.Open)], self.open_network_file,
                                        "openNetworkAction")
        self.open_action.setIcon(icon(QStyle.StandardPixmap.SP_DialogOpenButton))
        self.fit_action = self._action([key("F"), key("Ctrl+0")], self.map_view.fit_all, "fitMapAction")
        self.find_action = self._action([key(QKeySequence.StandardKey.Find)], self._focus_filter, "findAction")
        self.quit_action = self._action([key(QKeySequence.StandardKey.Quit)], self.request_quit, "quitAction")
        self.alert_settings_action = self._action([key("Ctrl+Shift+A")], self.open_alert_settings,
                                                  "alertSettingsAction")
        self.keep_in_tray_action = QAction(self)
        self.keep_in_tray_action.setObjectName("keepInTrayAction")
        self.keep_in_tray_action.setCheckable(True)
        self.keep_in_tray_action.toggled.connect(self._store_keep_in_tray)
        self.language_actions: dict[str, QAction] = {}
        self._language_group = QActionGroup(self)
        self._language_group.setExclusive(True)
        choice = language_setting(settings())
        for option in LANGUAGE_CHOICES:
            action = QAction(self)
            action.setObjectName(f"language{option.capitalize()}Action")
            action.setCheckable(True)
            action.setChecked(option == choice)
            action.setData(option)
            action.triggered.connect(lambda _checked=False, option=option: self.set_language(option))
            self._language_group.addAction(action)
            self.language_actions[option] = action

        self.toolbar = self.addToolBar("")
        self.toolbar.setObjectName("mainToolBar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in (self.diagnose_server_action, self.diagnose_isp_action, self.diagnose_site_action,
                       self.diagnose_all_action):
            self.toolbar.addAction(action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.pause_action)
        self.toolbar.addAction(self.open_action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.fit_action)

        self.file_menu = self.menuBar().addMenu("")
        self.file_menu.addAction(self.open_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.monitor_menu = self.menuBar().addMenu("")
        self.monitor_menu.addAction(self.pause_action)
        self.monitor_menu.addSeparator()
        for action in (self.diagnose_server_action, self.diagnose_isp_action, self.diagnose_site_action,
                       self.diagnose_all_action):
            self.monitor_menu.addAction(action)
        self.monitor_menu.addSeparator()
        self.monitor_menu.addAction(self.alert_settings_action)
        self.view_menu = self.menuBar().addMenu("")
        self.view_menu.addAction(self.fit_action)
        self.view_menu.addAction(self.find_action)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.table_dock.toggleViewAction())
        self.view_menu.addAction(self.graphs_dock.toggleViewAction())
        if self.diagnostics_dock is not None:
            self.view_menu.addAction(self.diagnostics_dock.toggleViewAction())
        self.view_menu.addAction(self.contracts_dock.toggleViewAction())
        if self.alerts_dock is not None:
            self.view_menu.addAction(self.alerts_dock.toggleViewAction())
        self.view_menu.addAction(self.toolbar.toggleViewAction())
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.keep_in_tray_action)
        self.view_menu.addSeparator()
        self.language_menu = QMenu(self.view_menu)
        self.language_menu.setObjectName("languageMenu")
        self.language_menu.addActions(list(self.language_actions.values()))
        self.view_menu.addMenu(self.language_menu)
        for menu in (self.file_menu, self.monitor_menu, self.view_menu, self.language_menu):
            menu.setToolTipsVisible(True)

    def _retranslate_actions(self) -> None:
        describe = self._describe
        describe(self.diagnose_server_action, self.tr("Diagnose server"),
                 self.tr("Check the path from this computer to the central server"))
        describe(self.diagnose_isp_action, self.tr("Diagnose ISP gateway"),
                 self.tr("Check the internet link: ISP gateway, upstream, DNS"))
        describe(self.diagnose_site_action, self.tr("Diagnose selected office"),
                 self.tr("Check the path to the office selected on the map or in the table"))
        describe(self.diagnose_all_action, self.tr("Diagnose everything"),
                 self.tr("Check the whole network at once: data centre, ISP, every office"))
        describe(self.open_action, self.tr("Open network file…"),
                 self.tr("Replace the network with a network file (.toml)"))
        describe(self.fit_action, self.tr("Fit map"), self.tr("Show the whole regency on the map"))
        describe(self.find_action, self.tr("Find office"), self.tr("Filter the office table by name or kecamatan"))
        describe(self.quit_action, self.tr("Quit"), self.tr("Stop monitoring and close Pantau"))
        describe(self.alert_settings_action, self.tr("Alert settings…"),
                 self.tr("Telegram and e-mail channels, alert rules and maintenance windows"))
        self.keep_in_tray_action.setText(self.tr("Keep running in the tray"))
        self.keep_in_tray_action.setStatusTip(self.tr("Closing the window keeps monitoring, with an icon in the tray"))
        self.language_actions[SYSTEM].setText(self.tr("System ({language})").format(
            language=NATIVE_NAMES[system_language()]))
        self.language_actions[SYSTEM].setStatusTip(self.tr("Follow the language of this computer"))
        for lang, name in NATIVE_NAMES.items():
            self.language_actions[lang].setText(name)
        self.toolbar.setWindowTitle(self.tr("Main"))
        self.file_menu.setTitle(self.tr("&File"))
        self.monitor_menu.setTitle(self.tr("&Monitoring"))
        self.view_menu.setTitle(self.tr("&View"))
        self.language_menu.setTitle(self.tr("&Language"))

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
        self._set_updated_text(lambda: self.tr("Not monitoring") if self._engine_factory is None else "")

    def _set_updated_text(self, text: Callable[[], str]) -> None:
        self._updated_text = text
        self._updated_label.setText(text())

    def _refresh_summary(self) -> None:
        summary = self.summary_text()
        self._summary.setText(summary)
        if self.tray is not None:
            self.tray.set_states(self._states.values(), summary)

    def _apply_language(self, lang: str) -> None:
        app = QCoreApplication.instance()
        if app is not None:
            install_translator(app, lang)
        self._language = lang
        if self.diagnostics is not None:
            self.diagnostics.set_language(lang)
        evidence: EvidenceRelay | None = getattr(self, "evidence", None)
        if evidence is not None:
            evidence.set_language("en" if lang == "en" else "id")
        # Telegram and e-mail speak the interface's language, like the tray.
        if self._alerts is not None:
            self._alerts.set_language(lang)
        # Absent while the window is being built: it is made in this language.
        contracts: ContractsPanel | None = getattr(self, "contracts", None)
        if contracts is not None:
            contracts.set_language(lang)

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

    def _update_actions(self) -> None:
        has_panel = self.diagnostics is not None
        running = self.diagnostics is not None and self.diagnostics.is_running()
        for action in (self.diagnose_server_action, self.diagnose_isp_action, self.diagnose_all_action):
            action.setEnabled(has_panel and not running)
        self.diagnose_site_action.setEnabled(has_panel and not running and self.selected_site() is not None)
        monitoring = self._engine is not None
        self.pause_action.setEnabled(monitoring)
        self.pause_action.setChecked(self._paused)
        if self._paused:
            self._describe(self.pause_action, self.tr("Resume monitoring"), self.tr("Probe every office again"))
        else:
            self._describe(self.pause_action, self.tr("Pause monitoring"),
                           self.tr("Stop probing for now (every office shows Unknown); history is kept"))
        self.pause_action.setIcon(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MediaPlay if self._paused else QStyle.StandardPixmap.SP_MediaPause))
        self.open_action.setEnabled(not self._importing and not self._watching)
        # An import replaces the whole network: an edit saved meanwhile would bring the old one back.
        self.alert_settings_action.setEnabled(self.workspace is not None and not self._importing
                                              and not self.workspace.read_only)
        self.contracts.setEnabled(not self._importing)

    def _focus_filter(self) -> None:
        self.table_dock.show()
        self.site_table.filter_edit.setFocus()
        self.site_table.filter_edit.selectAll()

    # --- live updates ----------------------------------------------------------------------------------------

    def _on_site_selected(self, site_id: str) -> None:
        self.select_site(site_id)

    def _on_table_current(self, site_id: str) -> None:
        # Not select_site(): that would select the one row again and drop the rest of a Ctrl/Shift selection.
        self.map_view.select_site(site_id)
        self._show_contract_of(site_id)
        self._update_actions()

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
        link = site_uplinks(self.network).get(site_id)
        if link is not None and link.contracts:
            self.contracts.show_link(link.id)

    def _on_contracts_edited(self, network: Network) -> None:
        """A contract edit (or its undo) in the panel: the same sites and targets, new contracts. The views that
        show contracts follow; monitoring goes on untouched."""
        self._adopt_edited_network(network)

    def _adopt_edited_network(self, network: Network) -> None:
        """An edit of the network that keeps its sites and targets (contracts, alert channels): every view that
        judges with the network takes it from here, so none goes on with the old one. The contracts panel, where
        edits start, is told by the caller when it did not make the edit itself."""
        self.network = network
        self.site_table.model.set_network(network)
        if self.diagnostics is not None:
            self.diagnostics.set_network(network)
        self.graphs.set_network(network)
        if self.evidence is not None:
            self.evidence.set_network(network)
        self._refresh_contract_risks()
        if self._alerts is not None:
            self._alerts.set_network(network)

    def _check_date(self) -> None:
        self.set_today(self.network_today())

    def network_today(self) -> date:
        """Today in the network's time zone: contracts are judged on the regency's calendar, not this computer's."""
        return local_date(time.time(), self.network.timezone)

    def set_today(self, today: date) -> None:
        """Count contract days and risks from `today` (a timer calls this as the date turns)."""
        self.site_table.model.set_today(today)
        self._refresh_contract_risks()

    def _refresh_contract_risks(self) -> None:
        """The map's contract colouring and the tray's contract line, from the risks the table works out."""
        risks = self.site_table.model.contract_risks()
        self.map_view.set_contract_risks(risks, self._language)
        if self.tray is not None:
            at_risk = sum(1 for risk in risks.values() if risk.level >= RiskLevel.AT_RISK)
            if at_risk == 0:
                note = ""
            elif at_risk == 1:
                note = self.tr("Contracts: 1 office lapsed or at risk")
            else:
                note = self.tr("Contracts: %n offices lapsed or at risk", "", at_risk)
            self.tray.set_contract_note(note)

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
        names = ", ".join(self._site_name(site_id) for site_id in evidence.request.sites)
        headline = render_json(evidence.report, "en" if self._language == "en" else "id")["headline"]
        self.statusBar().showMessage(self.tr("Evidence saved for {sites}: {headline}").format(
            sites=names, headline=headline), 30_000)

    def _on_diagnosis_finished(self, report: DiagnosisReport | None) -> None:
        """A site's verdict goes into that site's next alerts ("diagnosis: provider gateway silent")."""
        self._update_actions()
        if report is not None and report.site_id is not None and self._alerts is not None:
            self._alerts.note_diagnosis(report.site_id, report.result.verdict.value, report.finished)

    def _on_alerts(self, alerts: list[Alert]) -> None:
        """Alerts raised by the alert service: one tray message for those of one update (the service has already
        summarised storms and damped flapping)."""
        if self.tray is None:
            return
        texts = [alert.text(self._language) for alert in alerts]
        self.tray.show_alerts(texts, severe=any(alert.kind in _SEVERE_ALERTS for alert in alerts))

    def _on_live_states(self, states: dict[str, HealthState]) -> None:
        self._live_states.update(states)
        self.set_site_states(states)
        if self.diagnostics is not None:
            self.diagnostics.set_live_states(states)

    def _on_live_metrics(self, metrics: dict[str, SiteMetrics]) -> None:
        self._live_metrics.update(metrics)
        self.set_site_metrics(metrics)

    def _on_site_down(self, site_id: str) -> None:
        self.map_view.pulse_site(site_id)
        # With an alert service the tray shows its alerts instead (storms summarised, the rules followed).
        if self.tray is not None and self._alerts is None:
            self.tray.site_went_down(self._site_name(site_id))

    def _on_site_recovered(self, site_id: str) -> None:
        if self.tray is not None and self._alerts is None:
            self.tray.site_recovered(self._site_name(site_id))

    def _on_updated(self, when: float) -> None:
        if not self._paused:
            zone = self.network.timezone
            self._set_updated_text(lambda: self.tr("Updated {time}").format(
                time=format_time(when, zone, with_date=False)))
        if self.tray is not None:
            self.tray.flush()

    def _site_name(self, site_id: str) -> str:
        site = self.network.site(site_id)
        return site.name if site is not None else site_id

    def _load_from_workspace(self, workspace: Workspace) -> None:
        network = self.network

        def work(_progress: Progress) -> WorkspaceView:
            return read_workspace_view(network, workspace, time.time())

        self._uptime_pending = True
        self._tasks.submit(work, lambda view: self._apply_workspace_view(network, view),
                           on_error=self._uptime_failed, name="pantau-workspace-read")

    def _apply_workspace_view(self, network: Network, view: WorkspaceView) -> None:
        self._uptime_pending = False
        if self._shut_down or network is not self.network:
            return
        self.set_site_states({sid: state for sid, state in view.states.items() if sid not in self._live_states})
        self.map_view.set_site_since({sid: ts for sid, ts in view.since.items() if sid not in self._live_states})
        self.set_site_metrics({sid: m for sid, m in view.metrics.items() if sid not in self._live_metrics})
        self.site_table.model.set_site_uptime(view.uptime)

    def _uptime_failed(self, error: Exception) -> None:
        self._uptime_pending = False
        log.warning("could not read the workspace: %s", error)
        if not self._shut_down:
            self.statusBar().showMessage(self.tr("Could not read the history: {error}").format(error=error), 10_000)

    # --- layout persistence --------------------------------------------------------------------------------

    def _stored_keep_in_tray(self) -> bool:
        value = settings().value(_KEY_KEEP_IN_TRAY)
        return True if value is None else str(value).lower() in ("true", "1")

    def _store_keep_in_tray(self, keep: bool) -> None:
        if self.tray is not None:
            settings().setValue(_KEY_KEEP_IN_TRAY, keep)

    def _restore_layout(self) -> None:
        store = settings()
        geometry = store.value(_KEY_GEOMETRY)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = store.value(_KEY_STATE)
        if not (isinstance(state, QByteArray) and not state.isEmpty() and self.restoreState(state, _LAYOUT_VERSION)):
            self._size_docks()
            # Again once shown: the window manager may have given the window another size (maximised, say).
            self._docks_unsized = True
        header = store.value(_KEY_TABLE_HEADER)
        if isinstance(header, QByteArray) and not header.isEmpty():
            self.site_table.restore_header_state(header)
        colours = store.value(_KEY_MAP_COLOURS)
        if colours in (COLOR_MODE_STATE, COLOR_MODE_CONTRACT):
            self.map_view.set_color_mode(str(colours))
        references = store.value(_KEY_GRAPH_REFERENCES)
        if isinstance(references, list) and len(references) == 2:
            self.graphs.set_references(*(str(value).lower() == "true" for value in references))
        selected = store.value(_KEY_SELECTED)
        if isinstance(selected, str) and selected in self._states:
            self.select_site(selected)
        # After the selection, which would otherwise scroll the map to the selected site.
        view = store.value(_KEY_MAP_VIEW)
        if isinstance(view, list) and len(view) == 3:
            try:
                scale, lon, lat = (float(v) for v in view)
            except (TypeError, ValueError):
                pass
            else:
                self.map_view.restore_view_state(scale, lon, lat)

    def _size_docks(self) -> None:
        width = min(self.site_table.preferred_width() + 8, round(self.width() * _MAX_INITIAL_TABLE_SHARE))
        self.resizeDocks([self.table_dock], [width], Qt.Orientation.Horizontal)
        self.resizeDocks([self.graphs_dock], [round(self.height() * _INITIAL_BOTTOM_SHARE)], Qt.Orientation.Vertical)

    def _widen_table_dock(self) -> None:
        """Widen the office table's dock when its columns no longer fit (longer words after a language change),
        within the share of the window it may take at first; never narrow it."""
        if not self.isVisible() or self.table_dock.isFloating() or not self.table_dock.isVisible():
            return
        wanted = min(self.site_table.preferred_width() + 8, round(self.width() * _MAX_INITIAL_TABLE_SHARE))
        if self.table_dock.width() < wanted:
            self.resizeDocks([self.table_dock], [wanted], Qt.Orientation.Horizontal)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._docks_unsized:
            self._docks_unsized = False
            QTimer.singleShot(0, self._size_docks)

    def save_layout(self) -> None:
        store = settings()
        store.setValue(_KEY_GEOMETRY, self.saveGeometry())
        store.setValue(_KEY_STATE, self.saveState(_LAYOUT_VERSION))
        store.setValue(_KEY_TABLE_HEADER, self.site_table.save_header_state())
        view = self.map_view.view_state()
        if view is None:
            store.remove(_KEY_MAP_VIEW)
        else:
            store.setValue(_KEY_MAP_VIEW, [repr(value) for value in view])
        store.setValue(_KEY_GRAPH_REFERENCES, [str(pinned).lower() for pinned in self.graphs.references()])
        store.setValue(_KEY_MAP_COLOURS, self.map_view.color_mode())
        selected = self.selected_site()
        if selected is None:
            store.remove(_KEY_SELECTED)
        else:
            store.setValue(_KEY_SELECTED, selected)
        store.sync()
