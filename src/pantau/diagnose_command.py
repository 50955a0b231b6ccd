"""`pantau diagnose`: run one diagnosis from the command line, showing each check live on stderr.

The report (text in Indonesian or English, or the stable JSON document) goes to stdout, so it can be piped into a
chat message or a file while the officer watches the checks complete. Exit codes: 0 ok, 1 a fault, 2 bad input.

The run judges with what the workspace knows: each target's usual RTT from its history (`storage.baselines`), and,
when a monitor is running, its latest states for the targets the scope does not probe (`storage.live_states`).
With a shared store (`pantau --store URL diagnose …`) it also asks the store what the other vantages see of each
site (`store_views`, before the checks start): an office silent from here but heard elsewhere is a broken path
(`domain.diagnosis.triangulate`). A store that cannot be reached does not stop the run: the report says the other
vantages could not be asked.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from typing import Literal, TextIO

from pantau.domain.diagnosis import CheckOutcome, DiagnosisError, VantageEvidence, plan_diagnosis
from pantau.domain.inventory import Network
from pantau.domain.reachability import vantage_of
from pantau.domain.text import printable
from pantau.probing.diagnose import DiagnoseSettings, run_diagnosis
from pantau.probing.icmp import IcmpPinger
from pantau.reporting.diagnosis_report import render_json, render_text
from pantau.storage.baselines import rtt_baselines
from pantau.storage.live_states import FRESH_S, recorded_live_view
from pantau.storage.pg_store import PgStore, StoreError
from pantau.storage.store_url import StoreUrl
from pantau.storage.workspace import Workspace

# A diagnosis is wanted now: a store that does not answer within this is said to be unreachable.
STORE_CONNECT_TIMEOUT_S = 5


def store_views(network: Network, url: StoreUrl, password: str | None) -> VantageEvidence:
    """The store's views of every site, for a run at this computer's vantage; a store that cannot be reached gives
    evidence that says why (the run goes on from here alone)."""
    here = network.monitoring.vantage or vantage_of(network) or ""
    try:
        with PgStore.open(url, password, here, connect_timeout_s=STORE_CONNECT_TIMEOUT_S) as store:
            return VantageEvidence(here, store.site_views())
    except StoreError as error:
        return VantageEvidence(here, unavailable=str(error))


def run_diagnose_command(network: Network, workspace: Workspace, *, scope: str, site_id: str | None,
                         as_json: bool, lang: Literal["id", "en"], save: bool, budget_s: float,
                         out: TextIO | None = None, progress: TextIO | None = None,
                         vantages: VantageEvidence | None = None) -> int:
    stream = out or sys.stdout
    live = progress or sys.stderr
    if not budget_s > 0:
        raise ValueError(f"the time budget must be a positive number of seconds, not {budget_s:g}")
    try:
        plan = plan_diagnosis(network, scope, site_id if scope == "site" else None)
    except DiagnosisError as error:
        raise ValueError(str(error)) from None
    if scope != "site" and site_id is not None:
        raise ValueError(f"the {scope} scope takes no site id")
    if plan.empty:
        raise ValueError(f"nothing to check for '{scope}': the network has no targets with the roles it needs")
    lock = threading.Lock()

    def show(outcome: CheckOutcome) -> None:
        mark = "ok  " if outcome.ok else "FAIL"
        rtt = f"{outcome.rtt_ms:.1f} ms" if outcome.rtt_ms is not None else ""
        with lock:
            name, method = printable(outcome.target_name)[:32], printable(outcome.method)[:28]
            print(printable(f"  {mark} {outcome.layer.value:<8} {name:<32} {method:<28} {rtt:>10}  "
                            f"{'' if outcome.ok else outcome.message}"), file=live, flush=True)

    now = time.time()
    baselines = rtt_baselines(workspace, [t.id for t in network.targets if t.enabled and "icmp" in t.checks], now)
    recorded = recorded_live_view(workspace, now)
    with IcmpPinger() as pinger:
        if not as_json:
            print(printable(f"Diagnosing {scope}{' ' + site_id if site_id else ''}: {len(plan.checks)} checks, "
                            f"at most {budget_s:.0f} s"), file=live, flush=True)
            print(_monitor_note(recorded.age_s, recorded.view is not None, len(baselines)), file=live, flush=True)
            if vantages is not None:
                print(printable(_store_note(vantages)), file=live, flush=True)
        report = run_diagnosis(network, plan, pinger, DiagnoseSettings(budget_s=budget_s),
                               on_outcome=None if as_json else show, live=recorded.view, baselines=baselines,
                               vantages=vantages)
    text = render_text(report, lang)
    document = render_json(report, lang)
    print(json.dumps(document, indent=2, ensure_ascii=False) if as_json else text, file=stream, flush=True)
    if save:
        workspace.save_diagnosis(created=time.time(), scope=scope if scope != "site" else f"site {site_id}",
                                 verdict=report.result.verdict.value, lang=lang, report_text=text,
                                 report_json=json.dumps(document, ensure_ascii=False))
        workspace.flush()
    return 1 if report.fault else 0


def _monitor_note(age_s: float | None, used: bool, baselines: int) -> str:
    """What the run knows beyond its own checks, for the progress stream."""
    usual = f"usual RTT known for {baselines} targets"
    if age_s is None:
        return f"  no monitor history in this workspace; {usual}"
    if not used:
        return (f"  monitor states not used: the newest sample is {age_s / 60:.0f} min old (older than "
                f"{FRESH_S:.0f} s: no monitor is running); {usual}")
    return f"  monitor states from {age_s:.0f} s ago are used for targets outside this scope; {usual}"


def _store_note(vantages: VantageEvidence) -> str:
    if vantages.unavailable:
        return f"  the other vantages could not be asked: {vantages.unavailable}"
    others = {v for views in vantages.views.values() for v in views if v != vantages.here}
    return f"  the shared store has views of {len(vantages.views)} sites from {len(others)} other vantages"
