"""`pantau monitor`: the probe engine without a window, printing state changes as they happen.

Meant for an on-call box or a server. When the network file configures an alert channel (Telegram, e-mail),
alerts go out with the rules stored in the workspace (the GUI's alert settings; the defaults until saved) and are
printed too. When a site or the server or the ISP gateway goes DOWN, a diagnosis runs in the background and is
saved in the workspace as the outage's evidence (`reporting.evidence`); its verdict is printed and named in the
DOWN alert. SIGINT and SIGTERM stop it cleanly: the engine records every subject as UNKNOWN ("monitoring
stopped") and the workspace writer flushes before the command returns.
"""

from __future__ import annotations

import json
import queue
import signal
import sys
import threading
import time
from types import FrameType
from typing import TextIO

from pantau.alerts.service import AlertService
from pantau.alerts.settings import AlertRulesError, build_alert_service
from pantau.domain.alerts import Alert
from pantau.domain.inventory import Network
from pantau.domain.states import StateChange
from pantau.domain.text import printable
from pantau.probing.engine import SUBJECT_SITE, EngineEvent, ProbeEngine, StateChanges
from pantau.reporting.diagnosis_report import render_json
from pantau.reporting.evidence import CapturedEvidence, EvidenceCollector
from pantau.reporting.timezones import iso_time
from pantau.storage.retention import RetentionKeeper
from pantau.storage.workspace import Workspace


def run_monitor(network: Network, workspace: Workspace, *, as_json: bool, include_targets: bool,
                duration_s: float | None, lang: str = "id", out: TextIO | None = None) -> int:
    stream = out or sys.stdout
    try:
        alerts = build_alert_service(network, workspace, lang=lang)
    except AlertRulesError as error:
        print(printable(f"pantau monitor: {error}"), file=sys.stderr)
        return 2
    changes: queue.SimpleQueue[StateChange] = queue.SimpleQueue()

    def on_event(event: EngineEvent) -> None:
        if isinstance(event, StateChanges):
            for change in event.changes:
                if include_targets or change.subject_kind == SUBJECT_SITE:
                    changes.put(change)

    stop = threading.Event()
    previous = _install_stop_handlers(stop)
    engine = ProbeEngine(network, sink=workspace)
    engine.subscribe(on_event)
    retention = RetentionKeeper(workspace, network.monitoring)
    evidence = EvidenceCollector(network, engine, workspace, lang="en" if lang == "en" else "id")
    evidence.subscribe(captured=lambda captured: _print_evidence(captured, lang, stream, as_json))
    if alerts is not None:
        engine.subscribe(alerts.on_event)
        alerts.subscribe(lambda alert: _print_alert(alert, lang, stream, as_json))
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
        while not stop.is_set() and (deadline is None or time.monotonic() < deadline):
            try:
                _print_change(changes.get(timeout=0.2), network.timezone, stream, as_json)
            except queue.Empty:
                continue
    finally:
        evidence.stop()
        engine.stop()
        if alerts is not None:
            alerts.stop()
        retention.stop()
        while not changes.empty():
            _print_change(changes.get_nowait(), network.timezone, stream, as_json)
        workspace.flush()
        _restore_handlers(previous)
    return 0


def _print_alert(alert: Alert, lang: str, stream: TextIO, as_json: bool) -> None:
    if as_json:
        print(json.dumps({"event": "alert", "kind": alert.kind.value, "subject": alert.subject,
                          "text": alert.text(lang)}, ensure_ascii=False), file=stream, flush=True)
    else:
        print(printable(f"ALERT  {alert.text(lang)}"), file=stream, flush=True)


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


def _install_stop_handlers(stop: threading.Event) -> dict[int, _Handler]:
    """SIGINT/SIGTERM set `stop` (only possible from the main thread; elsewhere the caller stops by duration)."""
    if threading.current_thread() is not threading.main_thread():
        return {}

    def handler(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous: dict[int, _Handler] = {}
    for signum in (signal.SIGINT, signal.SIGTERM):
        previous[signum] = signal.signal(signum, handler)
    return previous


def _restore_handlers(previous: dict[int, _Handler]) -> None:
    for signum, handler in previous.items():
        signal.signal(signum, handler)  # type: ignore[arg-type]
