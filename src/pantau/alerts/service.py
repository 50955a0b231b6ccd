"""The alert service: engine events in, alerts planned, queued in the workspace and delivered, on one thread.

The engine's listener (`on_event`) only hands the state changes over, so the engine never waits on a slow SMTP
server. The service thread feeds the planner, ticks it about every `tick_s` for the delayed rules, queues what is
due and lets the outbox deliver. Listeners added with `subscribe` see every alert raised (the tray shows them);
they run on the service thread and must return quickly. `set_rules` swaps the rules from any thread; the service
thread takes them before its next step, so the planner only ever runs on one thread. Changed channels need a new
service (stop this one, build another); when it starts, alerts still queued for a channel that no longer exists
are dropped, with a `dropped` row in the alert log, since nothing could send them. Listeners added with
`subscribe_problems` hear when a channel starts failing (once per kind of failure) and when it delivers again.

Every alert raised is written to the alert record (`record.py`) before it is queued or heard, channels or not, and
so is every DOWN a rule kept back. A contract's warning is raised at most once per local day: one already raised
today (by this service or an earlier run on the same workspace) goes on record as suppressed ("shown-today")
instead of reaching the tray and the channels again at every launch.
"""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from datetime import time as day_time
from zoneinfo import ZoneInfo

from pantau.alerts.channel import AlertSender
from pantau.alerts.delivery import AlertDelivery, DeliveryProblem, ProblemListener
from pantau.alerts.email import EmailSender
from pantau.alerts.record import SUPPRESSED, contracts_raised_since, record_alerts
from pantau.alerts.telegram import TelegramSender
from pantau.alerts.wording import AlertWording
from pantau.domain.agent_alerts import SILENT_AFTER_S, AgentWatchPlanner
from pantau.domain.alerts import Alert, AlertKind, AlertPlanner, AlertRules
from pantau.domain.inventory import AlertChannels, Network
from pantau.domain.link_alerts import LinkAlertPlanner
from pantau.domain.states import StateChange
from pantau.domain.traffic import LineLoad
from pantau.domain.vantages import VantageView
from pantau.probing.engine import EngineEvent, ProbeEngine, StateChanges
from pantau.storage.workspace import Workspace, WorkspaceError

log = logging.getLogger(__name__)

AlertListener = Callable[[Alert], None]


def senders_for(channels: AlertChannels) -> list[AlertSender]:
    """The senders of the configured channels: one per Telegram chat (so a retry reaches only the chats that
    missed the alert), then email."""
    senders: list[AlertSender] = []
    if channels.telegram is not None:
        senders += TelegramSender.for_each_chat(channels.telegram)
    if channels.email is not None:
        senders.append(EmailSender(channels.email))
    return senders


class AlertService:
    def __init__(self, network: Network, workspace: Workspace, rules: AlertRules, senders: Sequence[AlertSender],
                 *, wording: AlertWording, lang: str = "id", tick_s: float = 1.0,
                 clock: Callable[[], float] = time.time, base_backoff_s: float = 5.0,
                 max_backoff_s: float = 600.0) -> None:
        self.planner = AlertPlanner(network, rules)
        self.link_planner = LinkAlertPlanner(network, rules)
        self.wording = wording
        self.delivery = AlertDelivery(workspace, senders, wording=wording, lang=lang, timezone=network.timezone,
                                      base_backoff_s=base_backoff_s, max_backoff_s=max_backoff_s, clock=clock)
        self.tick_s = tick_s
        self.clock = clock
        self._inbox: queue.Queue[tuple[StateChange, ...] | None] = queue.Queue()
        self._listeners: list[AlertListener] = []
        self._problem_listeners: list[ProblemListener] = []
        self.delivery.on_problem = self._on_problem
        self._thread: threading.Thread | None = None
        # New rules, network or channels from other threads, taken over by the service thread at its next step.
        self._rules_lock = threading.Lock()
        self._pending_rules: AlertRules | None = None
        self._pending_network: Network | None = None
        self._pending_senders: Sequence[AlertSender] | None = None
        self._pending_lang: str | None = None
        self.workspace = workspace
        # The contracts warned of on `_contracts_day` (local), read from the record when the day is new.
        self._contracts_day: date | None = None
        self._contracts_warned: set[str] = set()
        # The measured lines' newest loads since the last step, by link (the link poller's thread adds to it).
        self._loads_lock = threading.Lock()
        self._loads: dict[str, LineLoad] = {}
        # The shared store's agents (`watch_agents`): their newest heartbeats since the last step, by vantage.
        self.agent_planner: AgentWatchPlanner | None = None
        self._heartbeats: dict[str, float] = {}
        # The store's views of the sites (`on_views`), newest first taken at the next step: (own vantage, views).
        self._views: tuple[str, Mapping[str, Mapping[str, VantageView]]] | None = None
        self._network = network

    @property
    def rules(self) -> AlertRules:
        with self._rules_lock:
            return self._pending_rules if self._pending_rules is not None else self.planner.rules

    def set_rules(self, rules: AlertRules) -> None:
        """Follow new rules from the next step on (any thread). A site whose outage was already alerted keeps
        its recovery alert; one now silenced (maintenance, a longer delay) is simply not alerted again."""
        with self._rules_lock:
            self._pending_rules = rules

    def set_network(self, network: Network) -> None:
        """Follow an edited network of the same sites (renewed contracts) from the next step on (any thread); the
        sites' states and what was alerted are kept."""
        with self._rules_lock:
            self._pending_network = network

    def set_senders(self, senders: Sequence[AlertSender]) -> None:
        """Deliver through these channels from the next step on (any thread), without forgetting the outages in
        progress (a new service would: its planner starts with every site unknown). Alerts queued for a channel
        that is gone are retired with a `dropped` log row."""
        with self._rules_lock:
            self._pending_senders = list(senders)

    def set_language(self, lang: str) -> None:
        """Word the alerts queued from the next step on in `lang` ("id" or "en"; any thread)."""
        with self._rules_lock:
            self._pending_lang = lang

    def subscribe(self, listener: AlertListener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def subscribe_problems(self, listener: ProblemListener) -> Callable[[], None]:
        """Hear of undeliverable alerts (see the module docstring); called on the service thread."""
        self._problem_listeners.append(listener)
        return lambda: self._problem_listeners.remove(listener)

    def _on_problem(self, problem: DeliveryProblem) -> None:
        for listener in list(self._problem_listeners):
            try:
                listener(problem)
            except Exception:
                log.exception("a delivery problem listener failed")

    def note_diagnosis(self, site_id: str, verdict: str, ts: float) -> None:
        """Name a diagnosis verdict in the site's next alerts; any thread (the planner stores one dict item)."""
        self.planner.note_diagnosis(site_id, verdict, ts)

    def expect_evidence(self, grace_s: float = 2.0) -> None:
        """An evidence collector hears the same engine: give it `grace_s` to say it diagnoses a DOWN before the
        DOWN alert goes (call before `start`)."""
        self.planner.evidence_grace_s = grace_s

    def note_evidence_pending(self, site_ids: Sequence[str], until: float) -> None:
        """Hold these sites' DOWN alerts for an automatic diagnosis in progress, until `until` at the latest (any
        thread: one dict item per site)."""
        self.planner.note_evidence_pending(site_ids, until)

    def listen_to(self, engine: ProbeEngine) -> Callable[[], None]:
        """Hear `engine`'s state changes and, when it polls links, their loads; returns how to stop hearing."""
        stop_events = engine.subscribe(self.on_event)
        links = engine.links
        if links is None:
            return stop_events
        stop_links = links.subscribe(lambda use: self.on_line_load(use.load))

        def stop() -> None:
            stop_events()
            stop_links()

        return stop

    def watch_agents(self, own_vantage: str, silent_after_s: float = SILENT_AFTER_S) -> None:
        """Alert when another agent of the shared store falls silent, and when it reports again (call before
        `start`; `on_heartbeats` feeds it)."""
        self.agent_planner = AgentWatchPlanner(self._network, self.planner.rules, own_vantage, silent_after_s)

    def on_heartbeats(self, heartbeats: Mapping[str, float]) -> None:
        """The agents' last heartbeats, as the store holds them (any thread): returns at once."""
        with self._loads_lock:
            self._heartbeats = dict(heartbeats)
        self._inbox.put(())

    def expect_views(self, own_vantage: str, grace_s: float = 10.0) -> None:
        """Views of the store are coming (`on_views`): DOWN alerts wait up to `grace_s` for the first (call before
        `start`)."""
        self.planner.expect_views(own_vantage, self.clock() + grace_s)

    def on_views(self, own_vantage: str, views: Mapping[str, Mapping[str, VantageView]]) -> None:
        """The store's views of every site, `views[site][vantage]`, as last read (any thread): returns at once.
        From the next step on a site DOWN from `own_vantage` that another fresh vantage hears alerts as a broken
        path (`domain.path_alerts`)."""
        with self._loads_lock:
            self._views = (own_vantage, views)
        self._inbox.put(())

    def on_line_load(self, load: LineLoad) -> None:
        """A measured line's newest load (any thread): returns at once, weighed at the next step."""
        with self._loads_lock:
            self._loads[load.link_id] = load
        self._inbox.put(())

    def on_event(self, event: EngineEvent) -> None:
        """The engine listener: returns at once."""
        if isinstance(event, StateChanges):
            self._inbox.put(event.changes)

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("the alert service is already running")
        self._thread = threading.Thread(target=self._run, name="pantau-alerts")
        self._thread.start()

    def stop(self, timeout_s: float | None = 30.0) -> None:
        """Stop after the step in progress (a send may take up to its channel's timeout; None waits for it
        whatever it takes, as a replacement service must: two would deliver the same queue). Queued alerts stay in
        the workspace for the next start."""
        if self._thread is None:
            return
        self._inbox.put(None)
        self._thread.join(timeout_s)
        self._thread = None

    def _run(self) -> None:
        try:
            dropped = self.delivery.retire_unconfigured()
        except (sqlite3.Error, WorkspaceError) as error:
            # A full disk: the queue is tidied at the next start; alerting goes on meanwhile.
            log.info("the alert service could not tidy the queue: %s", error)
        except Exception:
            log.exception("the alert service could not tidy the queue")
        else:
            if dropped:
                log.warning("dropped %d queued alerts of channels no longer configured", dropped)
        while True:
            try:
                item = self._inbox.get(timeout=self.tick_s)
            except queue.Empty:
                item = ()
            if item is None:
                return
            try:
                self._step(item)
            except Exception:
                # A full disk or a bug in one step must not end alerting for the rest of the session.
                log.exception("the alert service failed a step")

    def _step(self, changes: Sequence[StateChange]) -> None:
        with self._rules_lock:
            rules, self._pending_rules = self._pending_rules, None
            network, self._pending_network = self._pending_network, None
            senders, self._pending_senders = self._pending_senders, None
            lang, self._pending_lang = self._pending_lang, None
        if lang is not None:
            self.delivery.lang = lang
        if rules is not None:
            self.planner.rules = rules
            self.link_planner.rules = rules
            if self.agent_planner is not None:
                self.agent_planner.rules = rules
        if network is not None:
            self.planner.update_network(network)
            self.link_planner.update_network(network)
            if self.agent_planner is not None:
                self.agent_planner.network = network
        if senders is not None:
            self.delivery.set_senders(senders)
            try:
                dropped = self.delivery.retire_unconfigured()
            except (sqlite3.Error, WorkspaceError) as error:
                log.info("the alert service could not tidy the queue: %s", error)
                dropped = 0
            if dropped:
                log.warning("dropped %d queued alerts of channels no longer configured", dropped)
        now = self.clock()
        with self._loads_lock:
            views, self._views = self._views, None
        if views is not None:
            self.planner.set_views(*views)
        alerts = self.planner.feed(changes, now) if changes else self.planner.tick(now)
        with self._loads_lock:
            loads, self._loads = self._loads, {}
            heartbeats, self._heartbeats = self._heartbeats, {}
        alerts += self.link_planner.feed(loads, now) if loads else self.link_planner.tick(now)
        if self.agent_planner is not None and heartbeats:
            alerts += self.agent_planner.feed(heartbeats, now)
        for alert, reason in self.planner.take_suppressed():
            self._record([alert], SUPPRESSED, reason)
        alerts = self._once_a_day(alerts, now)
        if alerts:
            self._record(alerts)
            self.delivery.enqueue(alerts)
            for alert in alerts:
                for listener in list(self._listeners):
                    try:
                        listener(alert)
                    except Exception:
                        log.exception("an alert listener failed")
        self.delivery.deliver_due()

    def _record(self, alerts: Sequence[Alert], outcome: str = "raised", reason: str = "") -> None:
        try:
            record_alerts(self.workspace, alerts, self.wording, outcome, reason)
        except (sqlite3.Error, WorkspaceError) as error:
            # A full disk: the alert still reaches the tray and the channels (the outbox keeps it in memory).
            log.info("an alert could not be put on record: %s", error)

    def _once_a_day(self, alerts: list[Alert], now: float) -> list[Alert]:
        """The alerts without contract warnings already raised today; those go on record as suppressed. Warnings
        of one contract raised together (expiring and unpaid) stay together."""
        contracts = [alert for alert in alerts if alert.kind is AlertKind.CONTRACT]
        if not contracts:
            return alerts
        zone = ZoneInfo(self.planner.network.timezone)
        today = datetime.fromtimestamp(now, zone).date()
        if today != self._contracts_day:
            midnight = datetime.combine(today, day_time(0), zone).timestamp()
            try:
                self._contracts_warned = contracts_raised_since(self.workspace, midnight)
            except (sqlite3.Error, WorkspaceError) as error:
                log.info("the contracts warned of today could not be read: %s", error)
                self._contracts_warned = set()
            self._contracts_day = today
        repeats = [alert for alert in contracts if alert.subject in self._contracts_warned]
        if repeats:
            self._record(repeats, SUPPRESSED, "shown-today")
        self._contracts_warned |= {alert.subject for alert in contracts}
        return [alert for alert in alerts if alert not in repeats]
