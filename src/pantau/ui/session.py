"""The monitoring session under the window: one object owns the network, the workspace, the engine, the bridge, the
alert service and the evidence capture, and what the views show is computed here once.

Widgets never receive the network by hand and never read data out of another widget's model: they subscribe to the
session's typed signals. Every change of the network goes through one of two paths: `apply_edit()` for an edit that
keeps the sites and targets (a contract renewed, an alert channel changed: monitoring goes on untouched) and
`import_network()` for a new network file (the engine, the alert service and the evidence capture are replaced),
which an office list merged in (`read_office_list()`, then `save_office_list()` once confirmed) also takes; both
are saved to `network_sink`: the workspace, or the shared store (ui/store_edits.py).

What the session works out for the views: each site's state, figures (RTT, loss), since when it is in its state and
its 24 h uptime; each site's contract risk on the network's calendar; the date there. Sources of states: the
engine (through `EngineBridge`, coalesced to at most four updates a second), the workspace (the last known states
at start, read on a worker thread), or, when another Pantau monitors the workspace, what that one records
(`show_recorded`, from ui/watch.py). Live states win over the workspace's older view.

Threads: nothing here waits on the network or the disk on the GUI thread: the workspace is read, the alert service
built, an import validated and an engine stopped on `TaskRunner` threads. Only `shutdown()` blocks, once the window
is gone. The session needs no widget, so it is tested without a window (tests/gui/test_session.py).
"""

from __future__ import annotations

import copy
import logging
import time
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from pantau.alerts.service import senders_for
from pantau.domain.alerts import AlertRules
from pantau.domain.contract_risk import SiteContractRisk, site_contract_risks
from pantau.domain.diagnosis import DiagnosisReport, LiveView
from pantau.domain.inventory import Network
from pantau.domain.states import HealthState
from pantau.domain.timezones import local_date
from pantau.reporting.history import LiveBuffer
from pantau.storage.csvimport import import_sites_csv
from pantau.storage.networkfile import load_network_file
from pantau.storage.site_rows import SiteMerge
from pantau.storage.workspace import WorkspaceError
from pantau.storage.xlsximport import import_sites_xlsx
from pantau.ui.bridge import EngineBridge, WorkspaceView, read_workspace_view, site_uptime
from pantau.ui.evidence import EvidenceRelay
from pantau.ui.site_model import SiteMetrics
from pantau.ui.site_use import SiteUseTracker
from pantau.ui.workers import Progress, TaskRunner

if TYPE_CHECKING:
    from pantau.alerts.service import AlertService
    from pantau.probing.engine import ProbeEngine
    from pantau.storage.store import NetworkSink
    from pantau.storage.workspace import Workspace

log = logging.getLogger(__name__)

EngineFactory = Callable[[Network], "ProbeEngine"]
AlertFactory = Callable[[Network], "AlertService | None"]

UPTIME_REFRESH_MS = 5 * 60 * 1000
_DATE_CHECK_MS = 10 * 60 * 1000
# shutdown() waits this long for workspace reads and an import still running.
_TASKS_SHUTDOWN_S = 10.0


class MonitorSession(QObject):
    """One network being monitored (or watched). See the module docstring.

    Signals carry Python objects (declared `object`: PySide would turn a dict into a QVariantMap and its enum
    values into plain strings): `networkChanged(Network)` a new network (views start afresh), `networkEdited(Network)`
    the same sites edited, `statesChanged(dict[str, HealthState])` the sites whose state changed,
    `metricsChanged(dict[str, SiteMetrics])`, `sinceChanged(dict[str, float])`, `uptimeChanged(dict[str, float])`,
    `contractRisksChanged(dict[str, SiteContractRisk])`, `todayChanged(date)`, `alertsRaised(list[Alert])`,
    `siteWentDown(str)`, `siteRecovered(str)`, `updated(float)` the newest engine event's time,
    `monitoringChanged()` started, paused, resumed or stopped, `icmpModeChanged(str)`,
    `evidenceCaptured(CapturedEvidence)`, `importFinished(Path, object)` a Network, or the exception that refused the
    file, `problem(str)` something the user must hear of at once (alerts off, the history unreadable),
    `engineFailed(str)` the engine stopped on an error (the reason; every site is UNKNOWN; `restart_monitoring()`),
    `siteUseChanged(dict[str, SiteUse])` each site whose line is measured over SNMP, with its use (`line_use`),
    `notesChanged(dict[str, str])` where these sites' states come from (the shared store's vantages).
    """

    networkChanged = Signal(object)
    networkEdited = Signal(object)
    statesChanged = Signal(object)
    metricsChanged = Signal(object)
    sinceChanged = Signal(object)
    uptimeChanged = Signal(object)
    contractRisksChanged = Signal(object)
    todayChanged = Signal(object)
    alertsRaised = Signal(object)
    siteWentDown = Signal(str)
    siteRecovered = Signal(str)
    updated = Signal(float)
    monitoringChanged = Signal()
    icmpModeChanged = Signal(str)
    evidenceCaptured = Signal(object)
    importStarted = Signal(object)
    importFinished = Signal(object, object)
    officeListRead = Signal(object, object)  # path, SiteMerge: waits for save_office_list or cancel_office_list
    problem = Signal(str)
    engineFailed = Signal(str)
    siteUseChanged = Signal(object)
    notesChanged = Signal(object)

    def __init__(self, network: Network, workspace: Workspace | None = None, *,
                 engine_factory: EngineFactory | None = None, alert_factory: AlertFactory | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.network = network
        self.workspace = workspace
        self.network_sink: NetworkSink | None = workspace  # imports and merges saved here, or to the shared store
        self._engine_factory = engine_factory
        self._alert_factory = alert_factory
        self._engine: ProbeEngine | None = None
        self._alerts: AlertService | None = None
        self._alerts_unsubscribe: Callable[[], None] | None = None
        # Bumped whenever the alert service is replaced: a service built for an older engine is stopped unused.
        self._alerts_generation = 0
        self._paused = False
        self._importing = False
        self._watching = False
        self._shut_down = False
        self._uptime_pending = False
        self.lang = "id"
        self.states: dict[str, HealthState] = {site.id: HealthState.UNKNOWN for site in network.sites}
        self.metrics: dict[str, SiteMetrics] = {}
        self.uptime: dict[str, float] = {}
        # Where a site's state and figures come from, when that needs saying (the shared store's vantages).
        self.notes: dict[str, str] = {}
        # Sites the live engine has spoken about: the workspace's older view must not overwrite them.
        self._live_states: set[str] = set()
        self._live_metrics: set[str] = set()
        self.today = local_date(time.time(), network.timezone)
        self.contract_risks: dict[str, SiteContractRisk] = site_contract_risks(network, self.today)
        self._tasks = TaskRunner(self)
        # The engine thread appends every result here (through the bridge); the graphs' live view reads it.
        self.live = LiveBuffer()
        self.bridge = EngineBridge(network, live=self.live, parent=self)
        self.bridge.statesChanged.connect(self._on_live_states)
        self.bridge.metricsChanged.connect(self._on_live_metrics)
        self.bridge.sinceChanged.connect(self.sinceChanged)
        self.bridge.siteWentDown.connect(self.siteWentDown)
        self.bridge.siteRecovered.connect(self.siteRecovered)
        self.bridge.alertsRaised.connect(self.alertsRaised)
        self.bridge.updated.connect(self.updated)
        self.bridge.engineFailed.connect(self._on_engine_failed)
        self.line_use = SiteUseTracker(network, workspace, self.today, self)
        self.bridge.linkUseChanged.connect(self.line_use.on_link_uses)
        self.line_use.siteUseChanged.connect(self.siteUseChanged)
        # Why the engine stopped by itself; "" while it runs (or none was started).
        self.failure = ""
        # Evidence of an outage is captured in the background the moment it starts (with a workspace to keep it).
        self.evidence = EvidenceRelay(workspace, lambda: self._alerts, self) if workspace is not None else None
        if self.evidence is not None:
            self.evidence.captured.connect(self.evidenceCaptured)
        self._uptime_timer = QTimer(self)
        self._uptime_timer.setInterval(UPTIME_REFRESH_MS)
        self._uptime_timer.timeout.connect(self.refresh_uptime)
        self._date_timer = QTimer(self)
        self._date_timer.setInterval(_DATE_CHECK_MS)
        self._date_timer.timeout.connect(lambda: self.set_today(local_date(time.time(), self.network.timezone)))
        self._date_timer.start()

    # --- what views read ---------------------------------------------------------------------------------------

    @property
    def engine(self) -> ProbeEngine | None:
        return self._engine

    @property
    def alert_service(self) -> AlertService | None:
        return self._alerts

    @property
    def paused(self) -> bool:
        return self._paused

    @property
    def importing(self) -> bool:
        return self._importing

    @property
    def watching(self) -> bool:
        return self._watching

    @property
    def can_monitor(self) -> bool:
        return self._engine_factory is not None

    def live_view(self) -> LiveView | None:
        """The engine's view of every target and site now, for a diagnosis; None when not monitoring here."""
        return self._engine.live_view() if self._engine is not None else None

    def site_name(self, site_id: str) -> str:
        site = self.network.site(site_id)
        return site.name if site is not None else site_id

    # --- the network -------------------------------------------------------------------------------------------

    def apply_edit(self, network: Network) -> None:
        """An edit that keeps the sites and targets (contracts, alert channels): every view and service that judges
        with the network takes it from here; monitoring goes on untouched."""
        channels_changed = network.alerts != self.network.alerts
        self.network = network
        if self.evidence is not None:
            self.evidence.set_network(network)
        if self._alerts is not None:
            self._alerts.set_network(network)
            if channels_changed:
                self._alerts.set_senders(senders_for(network.alerts))
        self._recompute_risks()
        self.line_use.set_network(network, self.today)
        self.networkEdited.emit(network)

    def apply_alert_rules(self, rules: AlertRules) -> None:
        """Saved alert rules: the running service follows them at once; none ran (its stored rules were bad, or it
        was still being built): one is built with what was saved."""
        if self._alerts is not None:
            self._alerts.set_rules(rules)
        elif self._engine is not None:
            self.restart_alerts()

    def import_network(self, path: Path) -> bool:
        """Read and validate `path` on a worker thread; on success the workspace's inventory is replaced, the
        views start afresh and a new engine monitors it; a refused file changes nothing. `importFinished(path,
        network or error)` tells the end. False when an import is running or the session only watches."""
        if self._importing or self._shut_down or self._watching:
            return False
        self._importing = True
        self.importStarted.emit(path)
        sink = self.network_sink

        def work(_progress: Progress) -> Network:
            network = load_network_file(path)
            # Validation happened above: a bad file never reaches the workspace (or store), which stays as it was.
            if sink is not None:
                sink.replace_network(network)
            return network

        self._tasks.submit(work, lambda network: self._imported(path, network),
                           on_error=lambda error: self._import_failed(path, error), name="pantau-import")
        return True

    def read_office_list(self, path: Path) -> bool:
        """Read an office list (.csv, .xlsx) on a worker thread and merge it into a copy of the network;
        `officeListRead(path, merge)` then waits for `save_office_list` or `cancel_office_list`. The import runs
        until then, so no other import or edit can change the network the merge was made from. A refused file ends
        it as a refused network file does (`importFinished(path, error)`). False as for `import_network`."""
        if self._importing or self._shut_down or self._watching:
            return False
        self._importing = True
        self.importStarted.emit(path)
        base = copy.deepcopy(self.network)

        def work(_progress: Progress) -> SiteMerge:
            if path.suffix.lower() == ".csv":
                return import_sites_csv(path, base)
            return import_sites_xlsx(path, base)

        def read(merge: SiteMerge) -> None:
            if not self._shut_down:
                self.officeListRead.emit(path, merge)

        self._tasks.submit(work, read, on_error=lambda error: self._import_failed(path, error),
                           name="pantau-office-list")
        return True

    def save_office_list(self, path: Path, merge: SiteMerge) -> None:
        """Store the merged network whole (`replace_network`, on a worker thread, as every edit is stored) and
        monitor it as after an import: the views start afresh, so no undo can bring back the network before."""
        sink = self.network_sink

        def work(_progress: Progress) -> Network:
            if sink is not None:
                sink.replace_network(merge.network)
            return merge.network

        self._tasks.submit(work, lambda network: self._imported(path, network),
                           on_error=lambda error: self._import_failed(path, error), name="pantau-office-save")

    def cancel_office_list(self, path: Path) -> None:
        """The merge was not wanted: nothing was stored; `importFinished(path, None)`."""
        self._importing = False
        if not self._shut_down:
            self.importFinished.emit(path, None)

    def replace_network(self, network: Network) -> None:
        """Show `network` from now on; every site starts UNKNOWN (no engine is replaced: see `import_network`)."""
        self.network = network
        self.states = {site.id: HealthState.UNKNOWN for site in network.sites}
        self.metrics = {}
        self.uptime = {}
        self.notes = {}
        self._live_states = set()
        self._live_metrics = set()
        self.bridge.set_network(network)
        self.today = local_date(time.time(), network.timezone)
        self.contract_risks = site_contract_risks(network, self.today)
        self.line_use = self._fresh_line_use(network)
        self.networkChanged.emit(network)
        self.statesChanged.emit(dict(self.states))
        self.contractRisksChanged.emit(dict(self.contract_risks))
        self.refresh_uptime()

    def set_today(self, today: date) -> None:
        """Judge contracts on `today` (the network's calendar; a timer calls this as the date turns)."""
        if today == self.today:
            return
        self.today = today
        self.todayChanged.emit(today)
        self._recompute_risks()
        self.line_use.set_network(self.network, today)

    def _fresh_line_use(self, network: Network) -> SiteUseTracker:
        """A tracker for a new network: the old one's intervals belong to the old links."""
        self.line_use.siteUseChanged.disconnect(self.siteUseChanged)
        self.bridge.linkUseChanged.disconnect(self.line_use.on_link_uses)
        self.line_use.deleteLater()
        tracker = SiteUseTracker(network, self.workspace, self.today, self)
        self.bridge.linkUseChanged.connect(tracker.on_link_uses)
        tracker.siteUseChanged.connect(self.siteUseChanged)
        self.siteUseChanged.emit({})
        return tracker

    # --- states from elsewhere ---------------------------------------------------------------------------------

    def set_site_states(self, states: Mapping[str, HealthState]) -> None:
        """States for these sites from another source than the engine (tests, the watch of another monitor)."""
        known = {sid: state for sid, state in states.items() if sid in self.states}
        self.states.update(known)
        if known:
            self.statesChanged.emit(known)

    def set_site_metrics(self, metrics: Mapping[str, SiteMetrics]) -> None:
        self.metrics.update(metrics)
        self.metricsChanged.emit(dict(metrics))

    def set_site_notes(self, notes: Mapping[str, str]) -> None:
        """Where these sites' states and figures come from ("" says nothing); shown in the tooltips."""
        self.notes.update(notes)
        self.notesChanged.emit(dict(notes))

    def set_site_uptime(self, uptime: Mapping[str, float]) -> None:
        """Every measured site's 24 h uptime (from the workspace, or the shared store); a site not named has none."""
        self.uptime = dict(uptime)
        self.uptimeChanged.emit(dict(uptime))

    def show_recorded(self, view: WorkspaceView) -> None:
        """What another Pantau records in the workspace (ui/watch.py reads it every few seconds)."""
        self.set_site_states(view.states)
        self.sinceChanged.emit(dict(view.since))
        self.set_site_metrics(view.metrics)
        self.set_site_uptime(view.uptime)

    def set_watching(self, watching: bool) -> None:
        """Only show what another Pantau records: no engine here, and no network file may be imported meanwhile."""
        self._watching = watching
        self.monitoringChanged.emit()

    # --- monitoring --------------------------------------------------------------------------------------------

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
        if engine.links is not None:
            self.line_use.seed()
        self.icmpModeChanged.emit(engine.icmp_mode)
        self._start_alerts(engine)
        self.monitoringChanged.emit()
        return True

    def restart_monitoring(self) -> bool:
        """After the engine failed: stop what is left of it (on a worker thread) and monitor with a new one."""
        if self._engine is None or self._shut_down or self._watching:
            return False
        self.failure = ""
        self._replace_engine()
        return True

    def set_paused(self, paused: bool) -> bool:
        """Pause (every site goes UNKNOWN, history is kept) or resume; False when nothing changed."""
        if self._engine is None or paused == self._paused:
            return False
        self._paused = paused
        if paused:
            self._engine.pause()
        else:
            self._engine.resume()
        self.monitoringChanged.emit()
        return True

    def restart_alerts(self) -> None:
        """Build the alert service again; the old one stops on a worker thread first, and what it had queued
        stays in the workspace for the new one."""
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

    def set_language(self, lang: str) -> None:
        """Alerts, evidence and tray messages speak the interface's language."""
        self.lang = lang
        if self._alerts is not None:
            self._alerts.set_language(lang)
        if self.evidence is not None:
            self.evidence.set_language("en" if lang == "en" else "id")

    def note_diagnosis(self, report: DiagnosisReport) -> None:
        """A site's verdict goes into that site's next alerts ("diagnosis: provider gateway silent")."""
        if report.site_id is not None and self._alerts is not None:
            self._alerts.note_diagnosis(report.site_id, report.result.verdict.value, report.finished)

    def load_from_workspace(self) -> None:
        """Read the last known states, figures and uptime on a worker thread (live states win when they race)."""
        workspace = self.workspace
        if workspace is None:
            return
        network = self.network

        def work(_progress: Progress) -> WorkspaceView:
            return read_workspace_view(network, workspace, time.time())

        self._uptime_pending = True
        self._tasks.submit(work, lambda view: self._apply_workspace_view(network, view),
                           on_error=self._read_failed, name="pantau-workspace-read")
        self._uptime_timer.start()

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
                self.set_site_uptime(uptime)

        self._tasks.submit(work, done, on_error=self._read_failed, name="pantau-uptime")

    def shutdown(self) -> None:
        """Stop monitoring, wait for background work, flush the workspace. Blocks for up to a few seconds (a probe
        in flight must time out). Safe to call twice."""
        if self._shut_down:
            return
        self._shut_down = True
        self._uptime_timer.stop()
        self._date_timer.stop()
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
        if self.workspace is not None:
            try:
                self.workspace.flush()
            except WorkspaceError as error:
                log.error("%s", error)

    # --- inside ------------------------------------------------------------------------------------------------

    def _on_live_states(self, states: dict[str, HealthState]) -> None:
        self._live_states.update(states)
        self.set_site_states(states)

    def _on_engine_failed(self, reason: str) -> None:
        self.failure = reason
        self.engineFailed.emit(reason)
        self.monitoringChanged.emit()

    def _on_live_metrics(self, metrics: dict[str, SiteMetrics]) -> None:
        self._live_metrics.update(metrics)
        self.set_site_metrics(metrics)

    def _apply_workspace_view(self, network: Network, view: WorkspaceView) -> None:
        self._uptime_pending = False
        if self._shut_down or network is not self.network:
            return
        self.set_site_states({sid: state for sid, state in view.states.items() if sid not in self._live_states})
        self.sinceChanged.emit({sid: ts for sid, ts in view.since.items() if sid not in self._live_states})
        self.set_site_metrics({sid: m for sid, m in view.metrics.items() if sid not in self._live_metrics})
        self.set_site_uptime(view.uptime)

    def _read_failed(self, error: Exception) -> None:
        self._uptime_pending = False
        log.warning("could not read the workspace: %s", error)
        if not self._shut_down:
            self.problem.emit(self.tr("Could not read the history: {error}").format(error=error))

    def _recompute_risks(self) -> None:
        self.contract_risks = site_contract_risks(self.network, self.today)
        self.contractRisksChanged.emit(dict(self.contract_risks))

    def _imported(self, path: Path, network: Network) -> None:
        self._importing = False
        if self._shut_down:
            return
        self.replace_network(network)
        self._replace_engine()
        self.importFinished.emit(path, network)

    def _import_failed(self, path: Path, error: Exception) -> None:
        self._importing = False
        if not self._shut_down:
            self.importFinished.emit(path, error)

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

        self.monitoringChanged.emit()
        self._tasks.submit(stop, stopped, on_error=lambda error: log.error("stopping the engine: %s", error),
                           name="pantau-engine-stop")

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
            service.set_language(self.lang)
            if self.evidence is not None:
                service.expect_evidence()
            self._alerts_unsubscribe = service.listen_to(engine)
            service.start()
            self._alerts = service

        def failed(error: Exception) -> None:
            log.error("the alert service could not start: %s", error)
            if not self._shut_down:
                self.problem.emit(self.tr("Alerts are off: {error}").format(error=error))

        self._tasks.submit(build, built, on_error=failed, name="pantau-alerts-build")

    def _detach_alerts(self) -> AlertService | None:
        """Stop feeding the alert service and forget it; the caller stops it (it may wait on a send)."""
        self._alerts_generation += 1
        if self._alerts_unsubscribe is not None:
            self._alerts_unsubscribe()
            self._alerts_unsubscribe = None
        service, self._alerts = self._alerts, None
        return service
