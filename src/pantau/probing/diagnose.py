"""The diagnosis runner: performs the planned checks in parallel, live, inside one time bound.

`domain.diagnosis` decides what to check and what the outcomes mean; this module only does the I/O:
1. the route check: for every address in the plan, ask the kernel for a route (a UDP `connect`, which sends
   nothing), so "this computer has no usable network" is told apart from "nothing answers";
2. every planned check at once: ICMP through the multiplexed pinger, the others on a small pool, each with a
   timeout that also fits the run's remaining time;
3. a path probe toward the first silent target (TTL-limited echoes, all hops at once), naming the last hop that
   answers.
Each outcome is handed to `on_outcome` as soon as it is known (from a worker thread), so the GUI and the CLI can
show the run live. The whole run stays within `budget_s` even when everything times out.
"""

from __future__ import annotations

import queue
import socket
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from pantau.domain.diagnosis import (
    CheckOutcome,
    DiagnosisPlan,
    DiagnosisReport,
    Layer,
    PlannedCheck,
    build_report,
    outcome_from_round,
)
from pantau.domain.inventory import INTERNET, LinkRole, MethodKind, Network, is_ip_literal, parse_method
from pantau.domain.samples import ErrorKind
from pantau.probing.base import ProbeResult, failed, resolve_address
from pantau.probing.dns import probe_dns
from pantau.probing.http import probe_http
from pantau.probing.icmp import IcmpPinger, IcmpRound
from pantau.probing.tcp import probe_tcp
from pantau.reporting.timezones import local_date

OutcomeListener = Callable[[CheckOutcome], None]

_REPORT_TIME_S = 0.1


@dataclass(frozen=True)
class DiagnoseSettings:
    """`budget_s` bounds the whole run, report included; each probe's timeout is also cut to what is left of it."""

    budget_s: float = 15.0
    icmp_count: int = 3
    icmp_timeout_s: float = 1.0
    tcp_timeout_s: float = 3.0
    http_timeout_s: float = 5.0
    dns_timeout_s: float = 3.0
    max_hops: int = 8
    hop_timeout_s: float = 1.0
    workers: int = 8


def run_diagnosis(network: Network, plan: DiagnosisPlan, pinger: IcmpPinger,
                  settings: DiagnoseSettings | None = None,
                  on_outcome: OutcomeListener | None = None) -> DiagnosisReport:
    """Run `plan` and return the report. `pinger` must be started; the caller owns it."""
    settings = settings or DiagnoseSettings()
    if not settings.budget_s > 0:
        raise ValueError(f"the time budget must be positive, not {settings.budget_s} s")
    notify = on_outcome or (lambda outcome: None)
    started = time.time()
    # The probes end a little before the bound, so that building the report fits inside it too.
    deadline = time.monotonic() + settings.budget_s - min(_REPORT_TIME_S, settings.budget_s / 20)
    # Leave room at the end for the path probe, so a run where everything times out still names the last hop; a
    # share of the budget at most, or a short budget would end before the checks had any time at all.
    reserve = min(settings.hop_timeout_s + 0.5, settings.budget_s / 4)
    checks_deadline = deadline - reserve

    local = _route_check(plan.checks)
    notify(local)
    outcomes: list[CheckOutcome] = [local]
    if local.ok:
        checked = _run_checks(plan.checks, pinger, settings, checks_deadline, checks_deadline + reserve / 2,
                              notify)
        outcomes += checked
        path = _path_probe(plan.checks, checked, pinger, settings, deadline)
        if path is not None:
            notify(path)
            outcomes.append(path)
    finished = time.time()
    return build_report(network, plan, outcomes, local_ok=local.ok, started=started, finished=finished,
                        today=local_date(finished, network.timezone),
                        backup_reachable=_backup_reachability(network, outcomes))


def _route_check(checks: Sequence[PlannedCheck]) -> CheckOutcome:
    """Whether the kernel has a route to the plan's addresses. Connecting a UDP socket sends no packet."""
    addresses = sorted({c.address for c in checks if is_ip_literal(c.address)})
    started = time.perf_counter()
    unroutable: list[str] = []
    for address in addresses:
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        with socket.socket(family, socket.SOCK_DGRAM) as sock:
            try:
                sock.connect((address, 9))
            except OSError as error:
                unroutable.append(f"{address} ({error.strerror})")
    ok = not addresses or len(unroutable) < len(addresses)
    message = "no route to " + ", ".join(unroutable) if unroutable else "routes exist to every address checked"
    return CheckOutcome(layer=Layer.LOCAL, target_id=None, target_name="this computer", address="",
                        method="route", ok=ok, rtt_ms=None, loss_percent=None,
                        error=None if ok else ErrorKind.UNREACHABLE, message=message,
                        duration_ms=(time.perf_counter() - started) * 1000)


def _run_checks(checks: Sequence[PlannedCheck], pinger: IcmpPinger, settings: DiagnoseSettings,
                deadline: float, collect_until: float, notify: OutcomeListener) -> list[CheckOutcome]:
    """Every check at once, probe timeouts fitted to `deadline`; outcomes in plan order (the report's order), each
    notified as it arrives. A check with no outcome by `collect_until` is reported as a timeout."""
    done: queue.SimpleQueue[tuple[int, CheckOutcome]] = queue.SimpleQueue()
    remaining = {id(check): check for check in checks}
    order = {id(check): index for index, check in enumerate(checks)}
    arrived: dict[int, CheckOutcome] = {}

    def finish(check: PlannedCheck, result: ProbeResult, began: float) -> None:
        outcome = outcome_from_round(check, sent=result.sent, received=result.received, rtts_ms=result.rtts_ms,
                                     error=result.error, message=result.message, detail=result.detail,
                                     duration_ms=(time.perf_counter() - began) * 1000)
        done.put((id(check), outcome))

    with ThreadPoolExecutor(settings.workers, thread_name_prefix="pantau-diagnose") as pool:
        for check in checks:
            _start_check(check, pinger, settings, deadline, pool, finish)
        while remaining:
            try:
                key, outcome = done.get(timeout=max(0.0, collect_until - time.monotonic()))
            except queue.Empty:
                break
            del remaining[key]
            arrived[key] = outcome
            notify(outcome)
        pool.shutdown(wait=False, cancel_futures=True)
    for key, check in remaining.items():
        late = outcome_from_round(check, sent=1, received=0, rtts_ms=(), error=ErrorKind.TIMEOUT,
                                  message="no answer within the diagnosis time bound")
        arrived[key] = late
        notify(late)
    return [arrived[key] for key in sorted(arrived, key=order.__getitem__)]


def _start_check(check: PlannedCheck, pinger: IcmpPinger, settings: DiagnoseSettings, deadline: float,
                 pool: ThreadPoolExecutor, finish: Callable[[PlannedCheck, ProbeResult, float], None]) -> None:
    method = parse_method(check.method)
    began = time.perf_counter()

    def fits(timeout_s: float) -> float:
        return max(0.2, min(timeout_s, deadline - time.monotonic()))

    if method.kind is MethodKind.ICMP:
        if is_ip_literal(check.address):
            _start_icmp(check, check.address, pinger, settings, fits, lambda r: finish(check, r, began))
        else:
            pool.submit(_resolve_then_icmp, check, pinger, settings, fits, lambda r: finish(check, r, began))
        return

    def blocking() -> None:
        # Timed from here, not from submission: waiting for a free worker is not the check's own time.
        running = time.perf_counter()
        ts = time.time()
        try:
            if method.kind is MethodKind.TCP:
                result = probe_tcp(check.target_id, resolve_address(check.address), method.port or 0,
                                   fits(settings.tcp_timeout_s), check.method)
            elif method.kind is MethodKind.HTTP:
                result = probe_http(check.target_id, method.url or check.method, fits(settings.http_timeout_s),
                                    check.method)
            else:
                result = probe_dns(check.target_id, method.dns_name or "", method.dns_server, method.port,
                                   fits(settings.dns_timeout_s), check.method)
        except OSError as error:
            result = failed(check.target_id, check.method, ts, ErrorKind.DNS,
                            f"cannot resolve {check.address}: {error.strerror or error}")
        except ValueError as error:
            result = failed(check.target_id, check.method, ts, ErrorKind.OTHER, str(error))
        except Exception as error:
            # A probe's own bug must cost one check, not leave it unanswered until the end of the time bound.
            result = failed(check.target_id, check.method, ts, ErrorKind.OTHER,
                            f"the probe failed: {type(error).__name__}: {error}")
        finish(check, result, running)

    pool.submit(blocking)


def _start_icmp(check: PlannedCheck, address: str, pinger: IcmpPinger, settings: DiagnoseSettings,
                fits: Callable[[float], float], deliver: Callable[[ProbeResult], None]) -> None:
    def done(icmp_round: IcmpRound) -> None:
        deliver(icmp_round.to_result(check.target_id, check.method))

    pinger.start_round(address, settings.icmp_count, fits(settings.icmp_timeout_s), 0.0, done)


def _resolve_then_icmp(check: PlannedCheck, pinger: IcmpPinger, settings: DiagnoseSettings,
                       fits: Callable[[float], float], deliver: Callable[[ProbeResult], None]) -> None:
    try:
        address = resolve_address(check.address)
    except OSError as error:
        deliver(failed(check.target_id, check.method, time.time(), ErrorKind.DNS,
                       f"cannot resolve {check.address}: {error.strerror or error}"))
        return
    _start_icmp(check, address, pinger, settings, fits, deliver)


def _path_probe(checks: Sequence[PlannedCheck], outcomes: Sequence[CheckOutcome], pinger: IcmpPinger,
                settings: DiagnoseSettings, deadline: float) -> CheckOutcome | None:
    """TTL-limited echoes toward the first silent target: every hop at once, the last one that answers named."""
    silent = _first_silent_target(outcomes)
    if silent is None or not is_ip_literal(silent.address):
        return None
    timeout = min(settings.hop_timeout_s, deadline - time.monotonic())
    if timeout < 0.2:
        return None
    rounds: queue.SimpleQueue[tuple[int, IcmpRound]] = queue.SimpleQueue()
    started = time.perf_counter()

    def collector(ttl: int) -> Callable[[IcmpRound], None]:
        return lambda icmp_round: rounds.put((ttl, icmp_round))

    for ttl in range(1, settings.max_hops + 1):
        pinger.start_round(silent.address, 1, timeout, 0.0, collector(ttl), ttl=ttl)
    by_ttl: dict[int, IcmpRound] = {}
    # A round still out at the deadline has had no answer: leaving it out changes nothing but the bound.
    until = min(deadline, time.monotonic() + timeout + 0.5)
    while len(by_ttl) < settings.max_hops:
        try:
            ttl, icmp_round = rounds.get(timeout=max(0.0, until - time.monotonic()))
        except queue.Empty:
            break
        by_ttl[ttl] = icmp_round
    reached = any(r.received for r in by_ttl.values())
    hops = [(ttl, r.time_exceeded_from) for ttl, r in sorted(by_ttl.items()) if r.time_exceeded_from]
    last_hop = silent.address if reached else (hops[-1][1] if hops else "")
    detail = {"toward": silent.address, "hops_answering": str(len(hops))}
    if last_hop:
        detail["last_hop"] = last_hop
    message = (f"{silent.address} answers at TTL ≤ {settings.max_hops}" if reached
               else f"last hop that answers: {last_hop}" if last_hop else "no hop answers")
    return CheckOutcome(layer=Layer.PATH, target_id=silent.target_id, target_name=silent.target_name,
                        address=silent.address, method=f"path:ttl1-{settings.max_hops}", ok=reached,
                        rtt_ms=None, loss_percent=None, error=None if reached else ErrorKind.TIMEOUT,
                        message=message, detail=detail, duration_ms=(time.perf_counter() - started) * 1000)


def _first_silent_target(outcomes: Sequence[CheckOutcome]) -> CheckOutcome | None:
    """The first target (in layer order: `outcomes` are in plan order) whose ICMP checks all failed."""
    by_target: dict[str, list[CheckOutcome]] = {}
    for outcome in outcomes:
        if outcome.target_id is not None and outcome.layer is not Layer.PATH and outcome.method == "icmp":
            by_target.setdefault(outcome.target_id, []).append(outcome)
    for target_outcomes in by_target.values():
        if all(not o.ok and o.ran for o in target_outcomes):
            return target_outcomes[0]
    return None


def _backup_reachability(network: Network, outcomes: Sequence[CheckOutcome]) -> dict[str, bool]:
    """A backup link counts as usable when the office it serves still answers a check (it then reaches us some
    way). The office served is the child of a parent/child pair whichever way the file writes the link, else `a`
    (as `LinkFacts.site_id`): a backup written "kecamatan → desa" serves the desa, not the kecamatan."""
    answered: dict[str, bool] = {}
    for outcome in outcomes:
        if outcome.site_id is not None and outcome.ran:
            answered[outcome.site_id] = answered.get(outcome.site_id, False) or outcome.ok
    parents = {site.id: site.parent for site in network.sites}
    reachable: dict[str, bool] = {}
    for link in network.links:
        if link.role is not LinkRole.BACKUP:
            continue
        served = link.b if link.b != INTERNET and parents.get(link.b) == link.a else link.a
        if served in answered:
            reachable[link.id] = answered[served]
    return reachable
