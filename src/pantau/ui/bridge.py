"""The bridge from the probe engine and the workspace to the widgets: typed Qt signals, coalesced, on the GUI thread.

`EngineBridge` subscribes to a `ProbeEngine`. The engine calls its listener on the engine thread, which only appends
the event to a lock-protected buffer and returns. A timer on the GUI thread drains the buffer at most
`1000 / DRAIN_INTERVAL_MS` times a second and turns what arrived into signals: new site states, site figures (RTT of
the latest round, worked out here from the results, and the loss the site's state rests on, which the engine sends
with the results: the table never shows "Up" beside a loss taken over an outage's rounds, nor "Down" beside one
diluted by the rounds before it), when each state began, which sites went down or recovered, and the time of the
update. However many samples arrive,
each signal fires at most once per drain, so the widgets redraw at most four times a second.

Down and recovered follow what someone on call needs to hear: a site is announced down once when it enters DOWN,
and recovered once when it answers again (UP or DEGRADED) after that. UNREACHABLE (its parent is down, so the fault
is elsewhere) and UNKNOWN (paused, stopped, no data) announce nothing.

With a `LiveBuffer`, the engine-thread listener also appends every result to it (the graphs' live view reads it; it
has its own lock). The alert service's listener (`alert_listener`) hands alerts over the same way.

`read_workspace_view` and `site_uptime` are the window's reads of the workspace (the last known states, figures and
24 h uptime over the monitored time, as the graphs count it); they block on the disk, so the window runs them on
worker threads.
"""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from pantau.domain.alerts import Alert
from pantau.domain.inventory import Network
from pantau.domain.results import ProbeResult
from pantau.domain.states import HealthState, StateChange
from pantau.probing.engine import SUBJECT_SITE, EngineEvent, EngineFailed, ProbeEngine, SampleBatch, StateChanges
from pantau.probing.link_poller import LinkUse
from pantau.reporting.availability import UPTIME_WINDOW_S, availability, coverage
from pantau.reporting.history import LiveBuffer, load_series
from pantau.storage.workspace import EventRow, Workspace
from pantau.ui.graph_data import site_spec
from pantau.ui.site_model import SiteMetrics

DRAIN_INTERVAL_MS = 250

_ANSWERING = frozenset({HealthState.UP, HealthState.DEGRADED})


@dataclass
class _Buffer:
    """What the engine thread hands over; swapped out whole by the GUI thread."""

    results: list[ProbeResult] = field(default_factory=list)
    site_loss: dict[str, float | None] = field(default_factory=dict)
    changes: list[StateChange] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    link_uses: dict[str, LinkUse] = field(default_factory=dict)
    snapshot: Mapping[str, HealthState] | None = None
    published: float | None = None
    failure: EngineFailed | None = None


class EngineBridge(QObject):
    """Turns one engine's events into coalesced signals on the GUI thread.

    Signals (each at most once per drain, only when there is something to say):
    `statesChanged(dict[str, HealthState])` the sites whose state differs from the last one emitted;
    `metricsChanged(dict[str, SiteMetrics])` the sites that got new results; `sinceChanged(dict[str, float])` when
    the given sites entered their current state; `siteWentDown(str)`, `siteRecovered(str)` (see the module
    docstring); `alertsRaised(list[Alert])` what the alert service raised (see `alert_listener`);
    `updated(float)` the epoch time of the newest engine event in the drain; `engineFailed(str)` why the engine
    stopped by itself (its sites arrive UNKNOWN in the same drain), after `updated`; `linkUseChanged(dict[str,
    LinkUse])` the links whose SNMP poll said something new (the engine's link poller, when it has one).
    """

    # Declared as object, not dict: PySide turns a dict into a QVariantMap on the way, and its HealthState values
    # would arrive as plain str.
    statesChanged = Signal(object)
    metricsChanged = Signal(object)
    sinceChanged = Signal(object)
    siteWentDown = Signal(str)
    siteRecovered = Signal(str)
    alertsRaised = Signal(object)
    updated = Signal(float)
    engineFailed = Signal(str)
    linkUseChanged = Signal(object)

    def __init__(self, network: Network, interval_ms: int = DRAIN_INTERVAL_MS, live: LiveBuffer | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.live = live
        self._lock = threading.Lock()
        self._buffer = _Buffer()
        # Bumped by every (re)attach: an event from an engine being replaced is dropped, not shown as the new one's.
        self._generation = 0
        self._unsubscribe: Callable[[], None] | None = None
        self._network = network
        self._shown: dict[str, HealthState] = {}
        self._alerted: set[str] = set()
        self._site_of_target: dict[str, str] = {}
        self._targets_of_site: dict[str, set[str]] = {}
        self._loss: dict[str, float | None] = {}
        self._latest_rtt: dict[str, float | None] = {}
        self._last_update: float | None = None
        self.set_network(network)
        self._timer = QTimer(self)
        # Precise: a coarse timer may fire up to 5 % early, which would let more than four drains into a second.
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.drain)
        self._timer.start()

    # --- wiring ------------------------------------------------------------------------------------------------

    def set_network(self, network: Network) -> None:
        """Start afresh for `network`: forget states, figures and pending events (call before attaching its
        engine)."""
        with self._lock:
            self._generation += 1
            # Alerts do not come from the engine being dropped: they stay until the next drain.
            self._buffer = _Buffer(alerts=self._buffer.alerts)
        self._network = network
        self._shown = {}
        self._alerted = set()
        self._site_of_target = {target.id: target.site for target in network.targets}
        self._targets_of_site = {}
        self._loss = {}
        self._latest_rtt = {}

    def attach(self, engine: ProbeEngine) -> None:
        """Listen to `engine` (and no longer to the engine attached before)."""
        self.detach()
        with self._lock:
            self._generation += 1
            generation = self._generation
        unsubscribe_engine = engine.subscribe(lambda event: self._receive(generation, event))
        links = engine.links
        if links is None:
            self._unsubscribe = unsubscribe_engine
            return
        unsubscribe_links = links.subscribe(lambda use: self._receive_link(generation, use))

        def unsubscribe() -> None:
            unsubscribe_engine()
            unsubscribe_links()

        self._unsubscribe = unsubscribe

    def detach(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        with self._lock:
            self._generation += 1
            # Alerts do not come from the engine being dropped: they stay until the next drain.
            self._buffer = _Buffer(alerts=self._buffer.alerts)

    def listener(self, event: EngineEvent) -> None:
        """The engine listener for the current engine: callable from any thread, returns at once."""
        with self._lock:
            generation = self._generation
        self._receive(generation, event)

    def alert_listener(self, alert: Alert) -> None:
        """The alert service's listener: callable from its thread, returns at once; `alertsRaised` carries the
        alerts to the GUI thread at the next drain."""
        with self._lock:
            self._buffer.alerts.append(alert)

    def _receive_link(self, generation: int, use: LinkUse) -> None:
        with self._lock:
            if generation == self._generation:
                self._buffer.link_uses[use.link] = use

    def last_update(self) -> float | None:
        return self._last_update

    def _receive(self, generation: int, event: EngineEvent) -> None:
        now = time.time()
        with self._lock:
            if generation != self._generation:
                return
            if isinstance(event, SampleBatch) and self.live is not None:
                self.live.add(event.results)
            buffer = self._buffer
            if isinstance(event, SampleBatch):
                buffer.results.extend(event.results)
                buffer.site_loss.update(event.site_loss)
            elif isinstance(event, StateChanges):
                buffer.changes.extend(event.changes)
                buffer.snapshot = event.site_states
            else:
                buffer.failure = event
            buffer.published = now

    # --- the GUI thread ----------------------------------------------------------------------------------------

    def drain(self) -> bool:
        """Turn everything buffered into signals now; False when there was nothing. The timer calls this."""
        with self._lock:
            buffer, self._buffer = self._buffer, _Buffer()
        if buffer.alerts:
            self.alertsRaised.emit(buffer.alerts)
        if buffer.link_uses:
            self.linkUseChanged.emit(buffer.link_uses)
        if buffer.published is None:
            return bool(buffer.alerts or buffer.link_uses)
        self._loss.update(buffer.site_loss)
        metrics = self._take_results(buffer.results)
        since = {change.subject: change.ts for change in buffer.changes if change.subject_kind == SUBJECT_SITE}
        states: dict[str, HealthState] = {}
        if buffer.snapshot is not None:
            states = {site_id: state for site_id, state in buffer.snapshot.items()
                      if self._shown.get(site_id) is not state}
            self._shown.update(states)
        if states:
            self.statesChanged.emit(states)
        if since:
            self.sinceChanged.emit(since)
        if metrics:
            self.metricsChanged.emit(metrics)
        for site_id, state in states.items():
            if state is HealthState.DOWN and site_id not in self._alerted:
                self._alerted.add(site_id)
                self.siteWentDown.emit(site_id)
            elif state in _ANSWERING and site_id in self._alerted:
                self._alerted.discard(site_id)
                self.siteRecovered.emit(site_id)
        self._last_update = buffer.published
        self.updated.emit(buffer.published)
        if buffer.failure is not None:
            self.engineFailed.emit(buffer.failure.reason)
        return True

    def _take_results(self, results: Iterable[ProbeResult]) -> dict[str, SiteMetrics]:
        touched: set[str] = set()
        for result in results:
            site_id = self._site_of_target.get(result.target)
            if site_id is None:
                continue
            self._targets_of_site.setdefault(site_id, set()).add(result.target)
            # The latest round of any of the target's checks, as `pantau status` reads the latest sample.
            self._latest_rtt[result.target] = statistics.fmean(result.rtts_ms) if result.rtts_ms else None
            touched.add(site_id)
        return {site_id: self._site_metrics(site_id) for site_id in touched}

    def _site_metrics(self, site_id: str) -> SiteMetrics:
        """RTT: the slowest of the site's targets in their latest rounds; loss: what the engine last said the
        site's state rests on (`ProbeEngine.site_loss`)."""
        rtts = [rtt for target in self._targets_of_site.get(site_id, ())
                if (rtt := self._latest_rtt.get(target)) is not None]
        return SiteMetrics(rtt_ms=max(rtts) if rtts else None, loss_percent=self._loss.get(site_id))


# --- workspace reads (worker threads) ----------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkspaceView:
    """What the workspace last recorded, for the window to show before live data arrives."""

    states: dict[str, HealthState]
    since: dict[str, float]
    metrics: dict[str, SiteMetrics]
    uptime: dict[str, float]


def site_uptime(network: Network, workspace: Workspace, now: float | None = None) -> dict[str, float]:
    """24 h uptime of every site of `network` that was measured in the last 24 h, over the time it was monitored:
    the minutes its graphed check has rounds in (`reporting.availability`), so hours when Pantau was not running
    count neither as up nor as down, even under an UP event a killed Pantau left open. Reads the disk."""
    now = time.time() if now is None else now
    start = now - UPTIME_WINDOW_S
    # Site and target ids live in separate namespaces: only site events speak of a site's uptime.
    events: dict[str, list[EventRow]] = {}
    for event in workspace.events(since=start):
        if event.subject_kind == SUBJECT_SITE:
            events.setdefault(event.subject, []).append(event)
    uptime: dict[str, float] = {}
    for site in network.sites:
        spec = site_spec(network, site.id)
        if spec is None or site.id not in events:
            continue
        series = load_series(workspace, spec.target, spec.method, start, now, source="1m")
        value = availability(events[site.id], site.id, coverage(series, start, now), start, now).uptime
        if value is not None:
            uptime[site.id] = value
    return uptime


def read_workspace_view(network: Network, workspace: Workspace, now: float | None = None) -> WorkspaceView:
    """The last recorded state of each site (and since when), its latest RTT, and its 24 h uptime. Reads the disk.

    Loss needs a window of rounds, which only the live engine supplies; one latest sample cannot tell it.
    """
    now = time.time() if now is None else now
    states: dict[str, HealthState] = {}
    since: dict[str, float] = {}
    sites = {site.id for site in network.sites}
    for event in workspace.open_events(subject_kind=SUBJECT_SITE).values():
        if event.subject in sites:
            states[event.subject] = HealthState(event.state)
            since[event.subject] = event.started
    latest = workspace.latest_sample_per_target()
    metrics: dict[str, SiteMetrics] = {}
    for site in network.sites:
        rtts = [sample.rtt_ms for target in network.targets_of(site.id)
                if (sample := latest.get(target.id)) is not None and sample.rtt_ms is not None]
        if rtts:
            metrics[site.id] = SiteMetrics(rtt_ms=max(rtts))
    return WorkspaceView(states, since, metrics, site_uptime(network, workspace, now))
