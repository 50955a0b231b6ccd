"""The diagnosis runner: performs the planned checks in parallel, live, inside one time bound.

`domain.diagnosis` decides what to check and what the outcomes mean; this module only does the I/O:
1. the route check: for every address in the plan, ask the kernel for a route (a UDP `connect`, which sends
   nothing), so "this computer has no usable network" is told apart from "nothing answers";
2. every planned check at once: ICMP through the multiplexed pinger (a few spaced echoes), the others on a small
   pool, each with a timeout that also fits the run's remaining time;
3. a confirm round for every target whose echoes all went unanswered, started as soon as that is known: more
   echoes, spaced, each given longer to answer, so a congested or lossy line is not taken for a cut one;
4. a path probe toward the first target still silent (or, when none is, toward the slow target farthest along):
   TTL-limited echoes, all hops at once, every hop kept with its RTT and loss.
Each outcome is handed to `on_outcome` as soon as it is final (from a worker thread), so the GUI and the CLI can
show the run live. The whole run stays within `budget_s` even when everything times out.
"""

from __future__ import annotations

import queue
import socket
import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from pantau.domain.addresses import is_ip_literal
from pantau.domain.diagnosis import (
    CheckOutcome,
    DiagnosisPlan,
    DiagnosisReport,
    Hop,
    Layer,
    LiveView,
    PlannedCheck,
    VantageEvidence,
    build_report,
    far_above,
    outcome_from_round,
)
from pantau.domain.inventory import (
    LinkRole,
    MethodKind,
    MonitoringSettings,
    Network,
    Target,
    parse_method,
)
from pantau.domain.links import site_links
from pantau.domain.results import ProbeResult, failed
from pantau.domain.samples import ErrorKind
from pantau.domain.timezones import local_date
from pantau.probing.dns import probe_dns
from pantau.probing.http import probe_http, tls_trust_of
from pantau.probing.icmp import IcmpPinger, IcmpRound
from pantau.probing.resolve import resolve_address
from pantau.probing.tcp import probe_tcp

OutcomeListener = Callable[[CheckOutcome], None]

_REPORT_TIME_S = 0.1
# A confirm round gets at least this long to wait for its last echo, or it is not worth starting.
_MIN_CONFIRM_TIMEOUT_S = 0.3


@dataclass(frozen=True)
class DiagnoseSettings:
    """`budget_s` bounds the whole run, report included; each probe's timeout is also cut to what is left of it.

    ICMP: `icmp_count` echoes `icmp_interval_s` apart (spaced, so one burst of loss does not take them all); a target
    that answers none of them gets a confirm round of `confirm_count` echoes `confirm_spacing_s` apart, waiting up to
    `confirm_timeout_s` for the last, before it can be called silent. The path probe sends `hop_count` echoes per
    TTL, up to `max_hops`."""

    budget_s: float = 15.0
    icmp_count: int = 5
    icmp_interval_s: float = 0.1
    icmp_timeout_s: float = 1.0
    confirm_count: int = 8
    confirm_spacing_s: float = 0.25
    confirm_timeout_s: float = 2.0
    tcp_timeout_s: float = 3.0
    http_timeout_s: float = 5.0
    dns_timeout_s: float = 3.0
    max_hops: int = 8
    hop_count: int = 3
    hop_spacing_s: float = 0.05
    hop_timeout_s: float = 1.0
    workers: int = 8


def run_diagnosis(network: Network, plan: DiagnosisPlan, pinger: IcmpPinger,
                  settings: DiagnoseSettings | None = None,
                  on_outcome: OutcomeListener | None = None, *, live: LiveView | None = None,
                  baselines: Mapping[str, float] | None = None,
                  vantages: VantageEvidence | None = None) -> DiagnosisReport:
    """Run `plan` and return the report. `pinger` must be started; the caller owns it.

    `live`: the engine's view of the network, for every target the plan does not probe (the window passes the
    running engine's; `pantau diagnose` the workspace's latest recorded states when they are fresh). `baselines`:
    each target's usual RTT in ms (`storage.baselines`), so an RTT far above it counts as congestion. `vantages`: the
    shared store's views of the sites, read beforehand (`domain.diagnosis.triangulate`).
    """
    settings = settings or DiagnoseSettings()
    if not settings.budget_s > 0:
        raise ValueError(f"the time budget must be positive, not {settings.budget_s} s")
    notify = on_outcome or (lambda outcome: None)
    usual = dict(baselines or {})
    started = time.time()
    # The probes end a little before the bound, so that building the report fits inside it too.
    deadline = time.monotonic() + settings.budget_s - min(_REPORT_TIME_S, settings.budget_s / 20)
    # Leave room at the end for the path probe, so a run where everything times out still names the last hop; a
    # share of the budget at most, or a short budget would end before the checks had any time at all.
    path_time = settings.hop_timeout_s + (settings.hop_count - 1) * settings.hop_spacing_s
    reserve = min(path_time + 0.5, settings.budget_s / 4)
    checks_deadline = deadline - reserve

    local = _route_check(plan.checks)
    notify(local)
    outcomes: list[CheckOutcome] = [local]
    if local.ok:
        targets = {target.id: target for target in network.targets}
        checked = _run_checks(plan.checks, targets, pinger, settings, checks_deadline,
                              checks_deadline + reserve / 2, notify)
        outcomes += checked
        path = _path_probe(checked, pinger, settings, deadline, network.monitoring, usual)
        if path is not None:
            notify(path)
            outcomes.append(path)
    finished = time.time()
    return build_report(network, plan, outcomes, local_ok=local.ok, started=started, finished=finished,
                        today=local_date(finished, network.timezone),
                        backup_reachable=_backup_reachability(network, outcomes), live=live, baselines=usual,
                        vantages=vantages)


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


def _run_checks(checks: Sequence[PlannedCheck], targets: Mapping[str, Target], pinger: IcmpPinger,
                settings: DiagnoseSettings, deadline: float, collect_until: float,
                notify: OutcomeListener) -> list[CheckOutcome]:
    """Every check at once, probe timeouts fitted to `deadline`; outcomes in plan order (the report's order), each
    notified once final. An ICMP check that got no echo back is confirmed with a spaced round first. A check with no
    outcome by `collect_until` is reported as a timeout (or as its first round, when only its confirm is late)."""
    done: queue.SimpleQueue[tuple[int, ProbeResult, float, bool]] = queue.SimpleQueue()
    remaining = {id(check): check for check in checks}
    order = {id(check): index for index, check in enumerate(checks)}
    arrived: dict[int, CheckOutcome] = {}
    first_rounds: dict[int, ProbeResult] = {}

    def finish(check: PlannedCheck, result: ProbeResult, began: float, confirm: bool = False) -> None:
        done.put((id(check), result, began, confirm))

    def confirmed(check: PlannedCheck, began: float) -> Callable[[IcmpRound], None]:
        return lambda icmp_round: finish(check, icmp_round.to_result(check.target_id, check.method), began, True)

    def outcome(check: PlannedCheck, result: ProbeResult, began: float) -> CheckOutcome:
        return outcome_from_round(check, sent=result.sent, received=result.received, rtts_ms=result.rtts_ms,
                                  error=result.error, message=result.message, detail=result.detail,
                                  duration_ms=(time.perf_counter() - began) * 1000)

    with ThreadPoolExecutor(settings.workers, thread_name_prefix="pantau-diagnose") as pool:
        for check in checks:
            _start_check(check, targets.get(check.target_id), pinger, settings, deadline, pool, finish)
        while remaining:
            try:
                key, result, began, confirm = done.get(timeout=max(0.0, collect_until - time.monotonic()))
            except queue.Empty:
                break
            check = remaining[key]
            if not confirm and _unanswered_echoes(check, result):
                fitted = _confirm_fit(settings, deadline)
                address = result.detail.get("address", check.address)
                if fitted is not None and is_ip_literal(address):
                    first_rounds[key] = result
                    count, timeout = fitted
                    pinger.start_round(address, count, timeout, settings.confirm_spacing_s,
                                       confirmed(check, began))
                    continue
            if confirm:
                result = _merge_confirm(first_rounds.pop(key), result)
            del remaining[key]
            arrived[key] = outcome(check, result, began)
            notify(arrived[key])
        pool.shutdown(wait=False, cancel_futures=True)
    for key, check in remaining.items():
        first = first_rounds.get(key)
        late = (outcome_from_round(check, sent=first.sent, received=0, rtts_ms=(), error=first.error,
                                   message=f"{first.message}; the confirm round did not finish within the diagnosis "
                                           "time bound", detail=first.detail) if first is not None
                else outcome_from_round(check, sent=1, received=0, rtts_ms=(), error=ErrorKind.TIMEOUT,
                                        message="no answer within the diagnosis time bound"))
        arrived[key] = late
        notify(late)
    return [arrived[key] for key in sorted(arrived, key=order.__getitem__)]


def _unanswered_echoes(check: PlannedCheck, result: ProbeResult) -> bool:
    """An ICMP round that timed out without a single reply: worth a confirm round. An unreachable network or a
    missing privilege is not: asking again changes nothing."""
    return check.method == "icmp" and result.received == 0 and result.error is ErrorKind.TIMEOUT


def _confirm_fit(settings: DiagnoseSettings, deadline: float) -> tuple[int, float] | None:
    """(echoes, timeout) of a confirm round that ends by `deadline`, or None when too little time is left."""
    if settings.confirm_count < 1:
        return None
    spacing = settings.confirm_spacing_s
    available = deadline - time.monotonic()
    timeout = min(settings.confirm_timeout_s,
                  max(_MIN_CONFIRM_TIMEOUT_S, available - (settings.confirm_count - 1) * spacing))
    count = min(settings.confirm_count, 1 + int(max(0.0, available - timeout) / spacing) if spacing > 0 else
                settings.confirm_count)
    if available < timeout or count < 2:
        return None
    return count, timeout


def _merge_confirm(first: ProbeResult, confirm: ProbeResult) -> ProbeResult:
    """The first round and its confirm round as one round: every echo counted, each round noted in `detail`."""
    received = first.received + confirm.received
    detail = {**first.detail, "first_round": f"{first.received}/{first.sent}",
              "confirm_round": f"{confirm.received}/{confirm.sent}"}
    if received:
        message = (f"{confirm.received} of {confirm.sent} spaced confirm echoes answered after {first.sent} "
                   "unanswered")
        return ProbeResult(first.target, first.method, first.ts, first.sent + confirm.sent, received,
                           confirm.rtts_ms, None, message, detail)
    message = f"no reply to {first.sent} echoes, nor to {confirm.sent} spaced confirm echoes"
    if confirm.error is not ErrorKind.TIMEOUT and confirm.message:
        message += f" ({confirm.message})"
    return ProbeResult(first.target, first.method, first.ts, first.sent + confirm.sent, 0, (),
                       confirm.error or first.error, message, detail)


def _start_check(check: PlannedCheck, target: Target | None, pinger: IcmpPinger, settings: DiagnoseSettings,
                 deadline: float, pool: ThreadPoolExecutor,
                 finish: Callable[[PlannedCheck, ProbeResult, float], None]) -> None:
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
                                    check.method, trust=tls_trust_of(target) if target is not None else None)
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

    pinger.start_round(address, settings.icmp_count, fits(settings.icmp_timeout_s), settings.icmp_interval_s, done)


def _resolve_then_icmp(check: PlannedCheck, pinger: IcmpPinger, settings: DiagnoseSettings,
                       fits: Callable[[float], float], deliver: Callable[[ProbeResult], None]) -> None:
    try:
        address = resolve_address(check.address)
    except OSError as error:
        deliver(failed(check.target_id, check.method, time.time(), ErrorKind.DNS,
                       f"cannot resolve {check.address}: {error.strerror or error}"))
        return
    _start_icmp(check, address, pinger, settings, fits, deliver)


def _path_probe(outcomes: Sequence[CheckOutcome], pinger: IcmpPinger, settings: DiagnoseSettings,
                deadline: float, thresholds: MonitoringSettings,
                baselines: Mapping[str, float]) -> CheckOutcome | None:
    """TTL-limited echoes toward the first silent target (else the slow one farthest along): every TTL at once,
    `hop_count` echoes each, every hop kept with its RTT and loss."""
    toward = _first_silent_target(outcomes) or _slowest_target(outcomes, thresholds, baselines)
    if toward is None or not is_ip_literal(toward.address):
        return None
    spread = (settings.hop_count - 1) * settings.hop_spacing_s
    timeout = min(settings.hop_timeout_s, deadline - time.monotonic() - spread)
    if timeout < 0.2:
        return None
    rounds: queue.SimpleQueue[tuple[int, IcmpRound]] = queue.SimpleQueue()
    started = time.perf_counter()

    def collector(ttl: int) -> Callable[[IcmpRound], None]:
        return lambda icmp_round: rounds.put((ttl, icmp_round))

    for ttl in range(1, settings.max_hops + 1):
        pinger.start_round(toward.address, settings.hop_count, timeout, settings.hop_spacing_s, collector(ttl),
                           ttl=ttl)
    by_ttl: dict[int, IcmpRound] = {}
    # A round still out at the deadline has had no answer: leaving it out changes nothing but the bound.
    until = min(deadline, time.monotonic() + spread + timeout + 0.5)
    while len(by_ttl) < settings.max_hops:
        try:
            ttl, icmp_round = rounds.get(timeout=max(0.0, until - time.monotonic()))
        except queue.Empty:
            break
        by_ttl[ttl] = icmp_round
    hops = _hops(toward.address, by_ttl, settings.max_hops)
    reached = any(hop.reached for hop in hops)
    answering = [hop for hop in hops if hop.address]
    last_hop = toward.address if reached else (answering[-1].address if answering else "")
    detail = {"toward": toward.address, "hops_answering": str(len([h for h in answering if not h.reached]))}
    if last_hop:
        detail["last_hop"] = last_hop
    message = (f"{toward.address} answers at TTL {hops[-1].ttl}" if reached
               else f"last hop that answers: {last_hop}" if last_hop else "no hop answers")
    return CheckOutcome(layer=Layer.PATH, target_id=toward.target_id, target_name=toward.target_name,
                        address=toward.address, method=f"path:ttl1-{settings.max_hops}", ok=reached,
                        rtt_ms=hops[-1].rtt_ms if reached else None, loss_percent=None,
                        error=None if reached else ErrorKind.TIMEOUT, message=message, detail=detail,
                        duration_ms=(time.perf_counter() - started) * 1000, site_id=toward.site_id,
                        role=toward.role, hops=hops)


def _hops(address: str, by_ttl: Mapping[int, IcmpRound], max_hops: int) -> tuple[Hop, ...]:
    """One hop per TTL up to the one where the target answers; when it never does, up to the last hop that answers
    and one silent TTL after it (where the path stops)."""
    hops: list[Hop] = []
    for ttl in range(1, max_hops + 1):
        icmp_round = by_ttl.get(ttl)
        if icmp_round is None:
            hops.append(Hop(ttl, None, None, 100.0))
            continue
        sent = icmp_round.sent or 1
        if icmp_round.received:
            hops.append(Hop(ttl, address, statistics.median(icmp_round.rtts_ms),
                            100.0 * (sent - icmp_round.received) / sent, reached=True))
            return tuple(hops)
        answers = icmp_round.hop_rtts_ms
        if icmp_round.time_exceeded_from:
            hops.append(Hop(ttl, icmp_round.time_exceeded_from, statistics.median(answers) if answers else None,
                            100.0 * (sent - len(answers)) / sent))
        else:
            hops.append(Hop(ttl, None, None, 100.0))
    last = max((index for index, hop in enumerate(hops) if hop.address), default=-1)
    return tuple(hops[:last + 2])


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


_PATH_LAYERS = (Layer.LAN, Layer.SITE, Layer.ISP, Layer.UPSTREAM)


def _slowest_target(outcomes: Sequence[CheckOutcome], thresholds: MonitoringSettings,
                    baselines: Mapping[str, float]) -> CheckOutcome | None:
    """The slow or lossy ICMP target farthest along the layers (an upstream anchor before the ISP gateway), so the
    hops show where on the way it starts."""
    slow = []
    for outcome in outcomes:
        if not outcome.ok or outcome.method != "icmp" or outcome.layer not in _PATH_LAYERS:
            continue
        usual = baselines.get(outcome.target_id or "")
        rtt = outcome.rtt_ms or 0.0
        if ((outcome.loss_percent or 0.0) >= thresholds.degraded_loss_percent or rtt >= thresholds.degraded_rtt_ms
                or (usual is not None and far_above(rtt, usual))):
            slow.append(outcome)
    return max(slow, key=lambda o: _PATH_LAYERS.index(o.layer), default=None)


def _backup_reachability(network: Network, outcomes: Sequence[CheckOutcome]) -> dict[str, bool]:
    """A backup link counts as usable when the office it serves (`domain.links`, as `LinkFacts.site_id`) still
    answers a check: it then reaches us some way. A backup written "kecamatan → desa" serves the desa."""
    answered: dict[str, bool] = {}
    for outcome in outcomes:
        if outcome.site_id is not None and outcome.ran:
            answered[outcome.site_id] = answered.get(outcome.site_id, False) or outcome.ok
    links = site_links(network)
    reachable: dict[str, bool] = {}
    for link in network.links:
        if link.role is not LinkRole.BACKUP:
            continue
        served = links.subject(link)
        if served in answered:
            reachable[link.id] = answered[served]
    return reachable
