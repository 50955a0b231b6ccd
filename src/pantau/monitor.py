"""`pantau monitor`: the probe engine without a window, printing state changes as they happen.

Meant for an on-call box or a server. When the network file configures an alert channel (Telegram, e-mail),
alerts go out with the rules stored in the workspace (the GUI's alert settings; the defaults until saved) and are
printed too. When a site or the server or the ISP gateway goes DOWN, a diagnosis runs in the background and is
saved in the workspace as the outage's evidence (`reporting.evidence`); its verdict is printed and named in the
DOWN alert. A channel whose secret cannot be read refuses the start (exit 2) unless the user says otherwise
(`--no-alerts`, `--alerts-without-secrets`), and every channel that stops delivering is said on stderr, once per
kind of failure, and again when it delivers again. When the workspace cannot be written (a full disk), monitoring
and alerting go on: that is said once, the writer keeps what it can in memory and retries, and what was lost is
said when writing works again or monitoring ends.

SIGINT and SIGTERM stop it cleanly: the engine records every subject as UNKNOWN ("monitoring stopped") and the
workspace writer flushes before the command returns. The caller holds the workspace's lock (storage/lock.py).
"""

from __future__ import annotations

import json
import queue
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from enum import StrEnum
from types import FrameType
from typing import TextIO

from pantau.alerts.delivery import DeliveryProblem
from pantau.alerts.readiness import missing_secrets
from pantau.alerts.service import AlertService
from pantau.alerts.settings import AlertRulesError, build_alert_service
from pantau.domain.alerts import Alert
from pantau.domain.inventory import Network
from pantau.domain.states import StateChange
from pantau.domain.text import printable
from pantau.domain.timezones import iso_time
from pantau.domain.traffic import FULL_PERCENT
from pantau.probing.engine import SUBJECT_SITE, EngineEvent, EngineFailed, ProbeEngine, StateChanges
from pantau.probing.link_poller import LinkPoller, LinkUse
from pantau.reporting.alert_text import ALERT_SENTENCES, alert_text
from pantau.reporting.diagnosis_report import render_json
from pantau.reporting.evidence import CapturedEvidence, EvidenceCollector
from pantau.resources import snmp_secret_lookup, start_sample_agent
from pantau.storage.backlog import WriteHealth
from pantau.storage.retention import RetentionKeeper
from pantau.storage.workspace import Workspace, WorkspaceError


class AlertsMode(StrEnum):
    REQUIRE_SECRETS = "require-secrets"
    WITHOUT_SECRETS = "without-secrets"
    OFF = "off"


def run_monitor(network: Network, workspace: Workspace, *, as_json: bool, include_targets: bool,
                duration_s: float | None, lang: str = "id", alerts_mode: AlertsMode = AlertsMode.REQUIRE_SECRETS,
                out: TextIO | None = None, err: TextIO | None = None,
                listeners: Sequence[Callable[[EngineEvent], None]] = (),
                link_listeners: Sequence[Callable[[LinkUse], None]] = (),
                prepare_alerts: Callable[[AlertService], None] | None = None,
                stop: threading.Event | None = None) -> int:
    """Probe until stopped (SIGINT, SIGTERM, `duration_s`); `listeners` and `link_listeners` hear the engine's
    events and the links' news too (the agent's metrics); `prepare_alerts` is handed the alert service before it
    starts (the agent has it watch the other agents). With `stop` the caller decides when to stop (and handles the
    signals itself: the agent stops to follow a new network and starts again)."""
    stream = out or sys.stdout
    errors = err or sys.stderr
    stopping = stop if stop is not None else threading.Event()

    def warn(text: str) -> None:
        print(printable(f"pantau monitor: {text}", keep_newlines=True), file=errors, flush=True)

    missing = missing_secrets(network.alerts) if alerts_mode is not AlertsMode.OFF else []
    if missing and alerts_mode is AlertsMode.WITHOUT_SECRETS:
        warn("starting although alerts cannot be sent yet; they wait in the queue until the secret is stored:\n" +
             "".join(f"  {m.describe()}\n" for m in missing).rstrip("\n"))
    if missing and alerts_mode is AlertsMode.REQUIRE_SECRETS:
        keys = " ".join(dict.fromkeys(m.key for m in missing))
        warn("alerts are configured but cannot be sent:\n" +
             "".join(f"  {m.describe()}\n" for m in missing) +
             f"Store the secret with `pantau secret set {keys}`, or start with --no-alerts (state changes "
             "are only printed here) or --alerts-without-secrets (alerts are queued, and sent once the secret "
             "is stored).")
        return 2
    try:
        alerts = None if alerts_mode is AlertsMode.OFF else build_alert_service(network, workspace,
                                                                                wording=ALERT_SENTENCES, lang=lang)
    except AlertRulesError as error:
        warn(str(error))
        return 2
    changes: queue.SimpleQueue[StateChange | LinkUse] = queue.SimpleQueue()

    failures: list[EngineFailed] = []

    def on_event(event: EngineEvent) -> None:
        if isinstance(event, StateChanges):
            for change in event.changes:
                if include_targets or change.subject_kind == SUBJECT_SITE:
                    changes.put(change)
        elif isinstance(event, EngineFailed):
            failures.append(event)
            stopping.set()

    def on_health(health: WriteHealth) -> None:
        if not health.failing:
            warn(health.resumed_text(workspace.path))
        elif health.lost_samples or health.lost_changes:
            warn(f"still cannot write to the workspace ({health.reason}); memory is full, so the oldest unsaved "
                 f"samples are now being dropped")
        else:
            warn(health.started_text(workspace.path, workspace.writer.held_limit))

    def on_problem(problem: DeliveryProblem) -> None:
        if problem.resolved:
            warn(f"alerts to {problem.channel} are delivered again.")
        else:
            warn(f"alerts to {problem.channel} are NOT delivered ({problem.kind}: {problem.message}); they stay "
                 f"queued and are retried.")

    previous = install_stop_handlers(stopping) if stop is None else {}
    workspace.writer.on_health = on_health
    links = LinkPoller(network, workspace.record_traffic, snmp_secret_lookup(network)) \
        if any(link.snmp for link in network.links) else None
    sample_agent = start_sample_agent(network)
    if links is not None:
        link_conditions: dict[str, str] = {}

        def on_link_use(use: LinkUse) -> None:
            condition = link_condition(use)
            if link_conditions.get(use.link) != condition:
                link_conditions[use.link] = condition
                changes.put(use)

        links.subscribe(on_link_use)
        for link_listener in link_listeners:
            links.subscribe(link_listener)
    engine = ProbeEngine(network, sink=workspace, links=links)
    engine.subscribe(on_event)
    for listener in listeners:
        engine.subscribe(listener)
    retention = RetentionKeeper(workspace, network.monitoring)
    evidence = EvidenceCollector(network, engine, workspace, lang="en" if lang == "en" else "id")
    evidence.subscribe(captured=lambda captured: _print_evidence(captured, lang, stream, as_json))
    if alerts is not None:
        if prepare_alerts is not None:
            prepare_alerts(alerts)
        alerts.listen_to(engine)
        alerts.subscribe(lambda alert: _print_alert(alert, lang, stream, as_json))
        alerts.subscribe_problems(on_problem)
        alerts.expect_evidence()
        evidence.subscribe(started=alerts.note_evidence_pending,
                           captured=lambda captured: _note_evidence(alerts, captured))
    try:
        retention.start()
        if alerts is not None:
            alerts.start()
        engine.start()
        evidence.start()
        _announce(engine, network, stream, as_json)
        deadline = time.monotonic() + duration_s if duration_s is not None else None
        while not stopping.is_set() and (deadline is None or time.monotonic() < deadline):
            try:
                _print_item(changes.get(timeout=0.2), network.timezone, stream, as_json)
            except queue.Empty:
                continue
    finally:
        evidence.stop()
        engine.stop()
        if sample_agent is not None:
            sample_agent.stop()
        if alerts is not None:
            alerts.stop()
        retention.stop()
        while not changes.empty():
            _print_item(changes.get_nowait(), network.timezone, stream, as_json)
        restore_handlers(previous)
    for failure in failures:
        warn(f"monitoring stopped on an error: {failure.reason}")
    try:
        workspace.flush()
    except WorkspaceError as error:
        failing = workspace.writer.health().failing
        workspace.writer.on_health = None
        # Stopping the writer tries once more, then counts what it still holds as lost.
        workspace.close()
        warn(workspace.writer.health().final_text(workspace.path) if failing else str(error))
        return 1
    return 1 if failures else 0


def _print_alert(alert: Alert, lang: str, stream: TextIO, as_json: bool) -> None:
    if as_json:
        print(json.dumps({"event": "alert", "kind": alert.kind.value, "subject": alert.subject,
                          "text": alert_text(alert, lang)}, ensure_ascii=False), file=stream, flush=True)
    else:
        print(printable(f"ALERT  {alert_text(alert, lang)}"), file=stream, flush=True)


def _note_evidence(alerts: AlertService, captured: CapturedEvidence) -> None:
    for site_id in captured.request.sites:
        alerts.note_diagnosis(site_id, captured.report.result.verdict.value, captured.report.finished)


def _print_evidence(captured: CapturedEvidence, lang: str, stream: TextIO, as_json: bool) -> None:
    headline = render_json(captured.report, "en" if lang == "en" else "id")["headline"]
    sites = ", ".join(captured.request.sites)
    if as_json:
        print(json.dumps({"event": "evidence", "sites": list(captured.request.sites), "id": captured.saved_id,
                          "verdict": captured.report.result.verdict.value, "headline": headline},
                         ensure_ascii=False), file=stream, flush=True)
    else:
        print(printable(f"EVIDENCE  {sites}: {headline} (saved as diagnosis {captured.saved_id})"), file=stream,
              flush=True)


def _announce(engine: ProbeEngine, network: Network, stream: TextIO, as_json: bool) -> None:
    mode = engine.icmp_mode
    if as_json:
        print(json.dumps({"event": "started", "network": network.name, "icmp_mode": mode,
                          "checks": engine.stats().checks}), file=stream, flush=True)
    else:
        print(printable(f"Monitoring {network.name}: {engine.stats().checks} checks, ICMP mode {mode}. "
                        "Ctrl-C stops."), file=stream, flush=True)


def _print_item(item: StateChange | LinkUse, zone_name: str, stream: TextIO, as_json: bool) -> None:
    if isinstance(item, LinkUse):
        _print_link(item, zone_name, stream, as_json)
    else:
        _print_change(item, zone_name, stream, as_json)


def link_condition(use: LinkUse) -> str:
    """What is worth a line when it changes: a link's traffic measured, its line full, its interface down, or its
    readings failing (with the reason). Each rate or percentage of a measured link is not."""
    if use.problem:
        return f"failing: {use.problem}"
    if use.oper_status is not None and use.oper_status.is_down:
        return f"interface {use.oper_status.value}"
    if use.interval is None:
        return "waiting for a second reading"
    percent = use.utilisation_percent
    return "line full" if percent is not None and percent >= FULL_PERCENT else "measured"


def _print_link(use: LinkUse, zone_name: str, stream: TextIO, as_json: bool) -> None:
    when = iso_time(use.at, zone_name)
    condition = link_condition(use)
    percent = use.utilisation_percent
    if as_json:
        print(json.dumps({"event": "link", "time": when, "ts": use.at, "link": use.link, "condition": condition,
                          "use_percent": percent, "problem": use.problem}, ensure_ascii=False),
              file=stream, flush=True)
    else:
        figure = f" ({percent:.0f} % of {use.committed_kbps} kbit/s)" if percent is not None else ""
        print(printable(f"{when}  link   {use.link:<28} {condition}{figure}"), file=stream, flush=True)


def _print_change(change: StateChange, zone_name: str, stream: TextIO, as_json: bool) -> None:
    when = iso_time(change.ts, zone_name)
    if as_json:
        print(json.dumps({"event": "state", "time": when, "ts": change.ts, "kind": change.subject_kind,
                          "subject": change.subject, "from": change.previous.value, "to": change.current.value,
                          "reason": change.reason}, ensure_ascii=False), file=stream, flush=True)
    else:
        print(printable(f"{when}  {change.subject_kind:<6} {change.subject:<28} {change.previous.value:>11} → "
                        f"{change.current.value:<11} {change.reason}"), file=stream, flush=True)


_Handler = signal.Handlers | int | None | object


def install_stop_handlers(*stops: threading.Event) -> dict[int, _Handler]:
    """SIGINT/SIGTERM set every event of `stops` (only possible from the main thread; elsewhere the caller stops
    by duration)."""
    if threading.current_thread() is not threading.main_thread():
        return {}

    def handler(signum: int, frame: FrameType | None) -> None:
        for stop in stops:
            stop.set()

    previous: dict[int, _Handler] = {}
    for signum in (signal.SIGINT, signal.SIGTERM):
        previous[signum] = signal.signal(signum, handler)
    return previous


def restore_handlers(previous: dict[int, _Handler]) -> None:
    for signum, handler in previous.items():
        signal.signal(signum, handler)  # type: ignore[arg-type]
