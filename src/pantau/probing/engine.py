"""The probe engine: schedules every check of every target, turns results into states, events and history.

Threads, and why each exists:
- one *engine thread* owns all health state. It starts due checks, takes finished results from a queue, feeds the
  state machines, and hands samples and state changes to the workspace writer and to subscribers. Because it is
  the only thread that touches health state, no lock guards it.
- ICMP goes to the multiplexed `IcmpPinger` (one socket, one receiver thread), which answers through a callback:
  an ICMP round never occupies a worker, so a total outage costs no thread at all.
- TCP, HTTP and DNS checks (and resolving a target given by hostname) run on a bounded worker pool. Every one has
  a hard timeout, so a total outage holds each worker for at most that long, and the pool never grows.
- the links' SNMP counters, when the network has any, are read by a `LinkPoller` given to the engine: one thread
  with one asyncio loop for every link, started and stopped with the engine; its latest loads are in `live_view`.

A check (one method of one target) is never started while its previous round is still running: the round is
counted as late instead. A failed ICMP round is confirmed at once by a *confirm round*: more packets, spaced out,
with a longer timeout (`confirm_*` settings). When that gets no answer either, the target is DOWN (the two rounds
are the `down_after` failures' worth of evidence); when it gets any, the failure was loss, which the window counts.
So a cut shows within seconds, while a congested line whose packets are late or partly lost stays DEGRADED. Other
methods are probed again `retry_interval_s` after a failed round started (at once when it took longer, as a
timeout does) and go DOWN after `down_after` failed rounds.

A target is as bad as its worst check and a site as bad as its worst target. Which sites are cut off is worked out
from the vantage (`domain.reachability`): a site becomes UNREACHABLE only when it does not answer and every path to
it passes a silent site; a failing service suppresses nothing. Target states change as results arrive; site states
are worked out again once per publish, just before subscribers are told, because the reachability pass costs time
in proportion to the whole network: done per target change, a start-up or a total outage of a few thousand targets
held the engine thread for minutes.
"""

from __future__ import annotations

import heapq
import logging
import queue
import random
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

from pantau.domain.addresses import is_ip_literal
from pantau.domain.diagnosis import LiveView
from pantau.domain.health import TargetHealth, site_state
from pantau.domain.inventory import INTERNET, MethodKind, Network, ProbeMethod, Target, TargetRole
from pantau.domain.reachability import CutOff, build_site_graph, cut_off_sites, proves_reachability
from pantau.domain.results import ProbeResult, failed
from pantau.domain.samples import ErrorKind, Sample
from pantau.domain.states import HealthState, StateChange, worst
from pantau.probing.dns import probe_dns
from pantau.probing.http import probe_http, tls_trust_of
from pantau.probing.icmp import IcmpPinger, IcmpRound
from pantau.probing.link_poller import LinkPoller
from pantau.probing.resolve import resolve_address
from pantau.probing.tcp import probe_tcp

log = logging.getLogger(__name__)

# Rounds due within this much of each other start together: the engine and the ICMP thread then wake once for a
# batch of rounds (and send their packets together) instead of once per round, which is most of their CPU time at
# a few hundred targets. A round starts at most this early, against intervals of a second or more.
_START_BATCH_S = 0.02

SUBJECT_TARGET = "target"
SUBJECT_SITE = "site"

# The longest an office's DOWN waits for its failing parent to settle (DOWN, or answering again).
DOWN_HOLD_LIMIT_S = 10.0


@dataclass(frozen=True)
class EngineSettings:
    workers: int = 16
    icmp_count: int = 3
    icmp_timeout_s: float = 1.0
    icmp_packet_interval_s: float = 0.02
    tcp_timeout_s: float = 2.0
    http_timeout_s: float = 5.0
    dns_timeout_s: float = 2.0
    retry_interval_s: float = 1.0
    # The confirm round after a failed ICMP round: spaced packets, so a burst of loss on a congested line does not
    # take them all, and a timeout of at least `confirm_timeout_s` and 2.5 × the recent p95 RTT (at most
    # `confirm_timeout_max_s`) after each, so late answers still count.
    confirm_count: int = 8
    confirm_spacing_s: float = 0.15
    confirm_timeout_s: float = 0.8
    confirm_timeout_max_s: float = 3.0
    # Each round starts up to this fraction of the interval late, so rounds that drifted together drift apart
    # again (the first rounds are spread over the first second); kept small because it delays detection.
    jitter_fraction: float = 0.02
    publish_interval_s: float = 0.25
    resolve_cache_s: float = 60.0


@dataclass(frozen=True)
class SampleBatch:
    """Results that arrived since the last batch, oldest first, and for each site they concern the loss its state
    rests on (`site_loss`, see `ProbeEngine.site_loss`), so a figure shown beside a state agrees with it."""

    results: tuple[ProbeResult, ...]
    site_loss: Mapping[str, float | None] = field(default_factory=dict)


@dataclass(frozen=True)
class StateChanges:
    """Changes of target and site states, with a snapshot of every site's effective state after them."""

    changes: tuple[StateChange, ...]
    site_states: Mapping[str, HealthState]


@dataclass(frozen=True)
class EngineFailed:
    """The engine stopped on an unexpected error: every subject is UNKNOWN from `ts` on and nothing is probed until
    a new engine starts. `reason` is the error, for the user to read and report."""

    reason: str
    ts: float


EngineEvent = SampleBatch | StateChanges | EngineFailed
Listener = Callable[[EngineEvent], None]


class HistorySink(Protocol):
    """Where the engine records history: the workspace (its writer thread never blocks the caller)."""

    def submit(self, samples: Sequence[Sample]) -> None: ...

    def record_state_change(self, change: StateChange, first_error: str = "") -> None: ...


@dataclass(frozen=True)
class EngineStats:
    rounds: int
    late_rounds: int
    in_flight: int
    checks: int


@dataclass
class _Check:
    key: tuple[str, str]
    target: Target
    method: ProbeMethod
    interval_s: float
    health: TargetHealth
    # Whether this check's answers say anything about the host being reachable (not a `dns:` check).
    reach: bool = True
    in_flight: bool = False
    confirming: bool = False  # the round in flight is a confirm round
    owed: bool = False  # a round fell due while this one was still out: it starts as soon as this one ends
    host_answered: bool = False  # the host answered the latest round, even if the check failed
    seen: bool = False
    first_error: str = ""
    # The heap may hold stale entries for a check (after a sooner retry); only the one at `next_due` counts.
    next_due: float = 0.0
    started_at: float = 0.0  # monotonic start of the latest round


class _Due(NamedTuple):
    """A heap entry: compared as a tuple, in C (a dataclass's generated ordering cost a tenth of the engine's
    CPU at 500 checks a second); `order` is unique, so `key` is never compared."""

    at: float
    order: int
    key: tuple[str, str]


class ProbeEngine:
    """Monitors one network. `start()` and `stop()` from any thread; subscribers are called on the engine thread."""

    def __init__(self, network: Network, sink: HistorySink | None = None,
                 settings: EngineSettings | None = None, pinger: IcmpPinger | None = None,
                 executor: Executor | None = None, links: LinkPoller | None = None) -> None:
        self.network = network
        # Polls the links' SNMP counters beside the probes: started and stopped with the engine, its latest loads
        # go into `live_view` for the diagnosis.
        self.links = links
        self.settings = settings or EngineSettings()
        self._sink = sink
        self._owns_pinger = pinger is None
        self._pinger = pinger or IcmpPinger()
        self._owns_executor = executor is None
        self._executor = executor or ThreadPoolExecutor(self.settings.workers, thread_name_prefix="pantau-probe")
        self._results: queue.SimpleQueue[ProbeResult | Callable[[], None]] = queue.SimpleQueue()
        self._listeners: list[Listener] = []
        self._checks: dict[tuple[str, str], _Check] = {}
        self._due: list[_Due] = []
        self._order = 0
        self._target_states: dict[str, HealthState] = {}
        self._site_states: dict[str, HealthState] = {}
        self._checks_of_target: dict[str, list[_Check]] = {}
        self._targets_of_site: dict[str, list[Target]] = {}
        self._sites = {site.id: site for site in network.sites}
        self._graph = build_site_graph(network)
        self._cut = CutOff({}, frozenset())
        # Sites whose targets changed since the last publish, with the time of the first such change.
        self._changed_sites: dict[str, float] = {}
        self._pending_results: list[ProbeResult] = []
        self._pending_changes: list[StateChange] = []
        self._resolved: dict[str, tuple[float, str]] = {}
        self._rounds = 0
        self._late = 0
        self._published_at = time.time()
        self._paused = False
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._failure: EngineFailed | None = None
        self._build_checks()

    # ----- public API -------------------------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Add a listener; returns the function that removes it. Listeners must return quickly."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("the engine is already running")
        if self._owns_pinger:
            self._pinger.start()
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="pantau-engine")
        self._thread.start()
        if self.links is not None:
            self.links.start()

    def stop(self, timeout_s: float = 10.0) -> None:
        """Stop probing, record every subject as UNKNOWN ("monitoring stopped") and release all threads."""
        if self._thread is None:
            return
        if self.links is not None:
            self.links.stop()
        self._stopping.set()
        self._results.put(lambda: None)
        self._thread.join(timeout_s)
        self._thread = None
        if self._owns_executor:
            self._executor.shutdown(wait=True, cancel_futures=True)
        if self._owns_pinger:
            self._pinger.close()

    def pause(self) -> None:
        """Stop starting rounds; every subject goes UNKNOWN ("paused"). History is kept."""
        self._results.put(lambda: self._set_paused(True))

    def resume(self) -> None:
        self._results.put(lambda: self._set_paused(False))

    @property
    def pinger(self) -> IcmpPinger:
        """The ICMP pinger the engine sends through, running while the engine runs; a diagnosis may share it."""
        return self._pinger

    @property
    def failure(self) -> EngineFailed | None:
        """Why the engine stopped by itself, None while it runs or after a normal stop."""
        return self._failure

    @property
    def icmp_mode(self) -> str:
        return str(self._pinger.mode)

    def site_states(self) -> dict[str, HealthState]:
        return dict(self._site_states)

    def live_view(self) -> LiveView:
        """Every target's and site's state now, for a diagnosis that must see the whole picture (any thread), with
        the lines' measured load when a link poller is attached."""
        loads = self.links.line_loads() if self.links is not None else {}
        return LiveView(dict(self._target_states), dict(self._site_states), self._published_at, loads)

    def target_states(self) -> dict[str, HealthState]:
        return dict(self._target_states)

    def site_loss(self, site_id: str) -> float | None:
        """Packet loss (percent) over the rounds the site's state rests on: those of its checks in its worst
        state (`TargetHealth.evidence`): 100 % or near it for DOWN, the judged window for UP and DEGRADED. None
        when that state rests on no loss figure (UNKNOWN, or too few rounds yet). Engine thread only."""
        checks = [c for t in self._targets_of_site.get(site_id, ()) for c in self._checks_of_target.get(t.id, ())]
        if not checks:
            return None
        deciding = worst(c.health.state for c in checks)
        sent = received = 0
        for check in checks:
            evidence = check.health.evidence() if check.health.state is deciding else None
            if evidence is not None:
                sent += evidence[0]
                received += evidence[1]
        return 100.0 * (sent - received) / sent if sent else None

    def stats(self) -> EngineStats:
        in_flight = sum(1 for check in list(self._checks.values()) if check.in_flight)
        return EngineStats(self._rounds, self._late, in_flight, len(self._checks))

    # ----- setup ------------------------------------------------------------------------------------------------

    def _build_checks(self) -> None:
        now = time.monotonic()
        for target in self.network.targets:
            self._target_states[target.id] = HealthState.UNKNOWN
            self._targets_of_site.setdefault(target.site, []).append(target)
            if not target.enabled:
                continue
            for method in target.methods():
                key = (target.id, method.spec)
                self._checks[key] = _Check(key, target, method, target.effective_interval_s,
                                           TargetHealth(target.id, self.network.monitoring),
                                           reach=proves_reachability(target, method))
                self._checks_of_target.setdefault(target.id, []).append(self._checks[key])
                # The first round of each check starts within its first interval, spread out.
                self._schedule(key, now + random.uniform(0, min(target.effective_interval_s, 1.0)))
        self._site_states = {site.id: HealthState.UNKNOWN for site in self.network.sites}

    def _schedule(self, key: tuple[str, str], at: float) -> None:
        self._checks[key].next_due = at
        self._order += 1
        heapq.heappush(self._due, _Due(at, self._order, key))

    # ----- the engine thread ------------------------------------------------------------------------------------

    def _run(self) -> None:
        failure: EngineFailed | None = None
        try:
            self._loop()
        except Exception as error:
            log.exception("the probe engine stopped on an unexpected error")
            failure = EngineFailed(f"{type(error).__name__}: {error}", time.time())
        reason = f"monitoring failed: {failure.reason}" if failure else "monitoring stopped"
        try:
            self._mark_all_unknown(reason)
            self._publish()
        except Exception:
            # The sink itself may be what failed: the listeners must still see every subject UNKNOWN and hear why.
            log.exception("the probe engine could not record that it stopped")
            self._sink = None
            self._mark_all_unknown(reason)
            self._publish()
        if failure is not None:
            self._failure = failure
            self._tell(failure)

    def _loop(self) -> None:
        next_publish = time.monotonic() + self.settings.publish_interval_s
        while not self._stopping.is_set():
            now = time.monotonic()
            if not self._paused:
                self._start_due(now)
            if now >= next_publish:
                self._publish()
                next_publish = now + self.settings.publish_interval_s
            wait = next_publish - now
            if self._due and not self._paused:
                wait = min(wait, self._due[0].at - now)
            self._drain(max(0.0, wait))

    def _drain(self, wait_s: float) -> None:
        """Handle results (and queued commands) until `wait_s` has passed without one."""
        try:
            item = self._results.get(timeout=wait_s) if wait_s > 0 else self._results.get_nowait()
        except queue.Empty:
            return
        while True:
            if isinstance(item, ProbeResult):
                self._on_result(item)
            else:
                item()
            try:
                item = self._results.get_nowait()
            except queue.Empty:
                return

    def _start_due(self, now: float) -> None:
        while self._due and self._due[0].at <= now + _START_BATCH_S:
            due = heapq.heappop(self._due)
            check = self._checks[due.key]
            if due.at != check.next_due:
                continue
            jitter = random.uniform(0, check.interval_s * self.settings.jitter_fraction)
            # Keep the rhythm, but after a stall start afresh from now instead of firing a burst of catch-ups.
            base = due.at if now - due.at < check.interval_s else now
            self._schedule(check.key, base + check.interval_s + jitter)
            if check.in_flight:
                self._late += 1
                check.owed = True
                continue
            check.in_flight = True
            check.started_at = now
            self._rounds += 1
            self._launch(check)

    def _launch(self, check: _Check) -> None:
        target, method = check.target, check.method
        if method.kind is MethodKind.ICMP:
            address = self._cached_address(target.address)
            if address is not None:
                self._start_icmp(check, address)
            else:
                self._executor.submit(self._resolve_then_icmp, check)
        elif method.kind is MethodKind.TCP:
            self._executor.submit(self._guarded, check, lambda: self._probe_tcp(check))
        elif method.kind is MethodKind.HTTP:
            self._executor.submit(self._guarded, check, lambda: probe_http(
                target.id, method.url or method.spec, self.settings.http_timeout_s, method.spec,
                trust=tls_trust_of(target)))
        else:
            self._executor.submit(self._guarded, check, lambda: probe_dns(
                target.id, method.dns_name or "", method.dns_server, method.port or 53,
                self.settings.dns_timeout_s, method.spec))

    def _start_icmp(self, check: _Check, address: str, count: int | None = None, timeout_s: float | None = None,
                    spacing_s: float | None = None) -> None:
        settings = self.settings
        started = time.time()

        def done(icmp_round: IcmpRound) -> None:
            result = icmp_round.to_result(check.target.id, check.method.spec)
            self._results.put(ProbeResult(result.target, result.method, started, result.sent, result.received,
                                          result.rtts_ms, result.error, result.message, result.detail))

        try:
            self._pinger.start_round(address, count or settings.icmp_count, timeout_s or settings.icmp_timeout_s,
                                     settings.icmp_packet_interval_s if spacing_s is None else spacing_s, done)
        except Exception as error:  # a pinger fault must cost one sample, not the engine
            self._results.put(failed(check.target.id, check.method.spec, started, ErrorKind.OTHER, str(error)))

    def _resolve_then_icmp(self, check: _Check) -> None:
        started = time.time()
        try:
            address = self._resolve(check.target.address)
        except OSError as error:
            self._results.put(failed(check.target.id, check.method.spec, started, ErrorKind.DNS,
                                     f"cannot resolve {check.target.address}: {error.strerror or error}"))
            return
        self._start_icmp(check, address)

    def _probe_tcp(self, check: _Check) -> ProbeResult:
        address = self._resolve(check.target.address)
        return probe_tcp(check.target.id, address, check.method.port or 0, self.settings.tcp_timeout_s,
                         check.method.spec)

    def _guarded(self, check: _Check, probe: Callable[[], ProbeResult]) -> None:
        started = time.time()
        try:
            result = probe()
        except OSError as error:
            result = failed(check.target.id, check.method.spec, started, ErrorKind.DNS,
                            f"cannot resolve {check.target.address}: {error.strerror or error}")
        except Exception as error:  # a probe bug must cost one sample, not a worker or the engine
            log.exception("probe %s of %s failed", check.method.spec, check.target.id)
            result = failed(check.target.id, check.method.spec, started, ErrorKind.OTHER, str(error))
        self._results.put(result)

    def _cached_address(self, host: str) -> str | None:
        if is_ip_literal(host):
            return host
        cached = self._resolved.get(host)
        if cached and cached[0] > time.monotonic():
            return cached[1]
        return None

    def _resolve(self, host: str) -> str:
        cached = self._cached_address(host)
        if cached is not None:
            return cached
        address = resolve_address(host)
        self._resolved[host] = (time.monotonic() + self.settings.resolve_cache_s, address)
        return address

    # ----- results → states -------------------------------------------------------------------------------------

    def _on_result(self, result: ProbeResult) -> None:
        check = self._checks.get((result.target, result.method))
        if check is None:
            return
        check.in_flight = False
        confirm, check.confirming = check.confirming, False
        owed, check.owed = check.owed, False
        if self._paused:
            return
        if result.error is not ErrorKind.NO_PRIVILEGE:
            # A round this computer was not allowed to send measured nothing: it is no data (a gap in the graphs,
            # no loss in the table), not a round that was lost.
            self._pending_results.append(result)
        if result.ok:
            check.first_error = ""
        elif not check.first_error:
            check.first_error = f"{result.error}: {result.message}" if result.message else str(result.error)
        was_failing = check.health.consecutive_failures > 0
        answered_before = check.host_answered
        check.host_answered = result.host_answered
        change = check.health.observe_round(result.ts, result.sent, result.received, result.rtts_ms,
                                            result.error, result.message, confirm=confirm)
        suspect = not result.ok and result.error is not ErrorKind.NO_PRIVILEGE
        if suspect and check.health.state is not HealthState.DOWN:
            if check.method.kind is MethodKind.ICMP and not confirm and self._confirm(check):
                pass
            else:
                # Counted from the round's start: a round that timed out has waited long enough already, and
                # waiting again would leave a 1 s check skipping rounds (late) while its link is down.
                retry_at = max(time.monotonic(), check.started_at + self.settings.retry_interval_s)
                if retry_at < check.next_due:
                    self._schedule(check.key, retry_at)
        if owed and not check.in_flight:
            # A round that waited out its timeout overran its interval (1 s checks with a 1 s timeout do): the
            # round that fell due meanwhile goes now rather than a whole interval later, or a cut during a round
            # with one answer would show a second late.
            self._schedule(check.key, time.monotonic())
        if (not check.seen or was_failing != (check.health.consecutive_failures > 0)
                or answered_before != check.host_answered):
            # A parent becoming (un)settled can release a child whose DOWN is on hold: look at its site again.
            self._changed_sites.setdefault(check.target.site, result.ts)
        check.seen = True
        if change is not None:
            self._update_target(check.target, result.ts, change.reason, check.first_error)

    def _confirm(self, check: _Check) -> bool:
        """Start a confirm round of a failed ICMP check at once; False when its address is not at hand."""
        address = self._cached_address(check.target.address)
        if address is None:
            return False
        settings = self.settings
        p95 = check.health.stats().rtt_p95_ms or 0.0
        timeout = min(settings.confirm_timeout_max_s, max(settings.confirm_timeout_s, 2.5 * p95 / 1000.0))
        duration = (settings.confirm_count - 1) * settings.confirm_spacing_s + timeout
        now = time.monotonic()
        # The regular round waits for the confirm round instead of being counted late behind it.
        if check.next_due < now + duration:
            self._schedule(check.key, now + duration)
        check.in_flight = True
        check.confirming = True
        check.started_at = now
        self._rounds += 1
        self._start_icmp(check, address, settings.confirm_count, timeout, settings.confirm_spacing_s)
        return True

    def _update_target(self, target: Target, ts: float, reason: str, first_error: str) -> None:
        new_state = worst(c.health.state for c in self._checks_of_target[target.id])
        old_state = self._target_states[target.id]
        if new_state == old_state:
            return
        self._target_states[target.id] = new_state
        change = StateChange(target.id, SUBJECT_TARGET, old_state, new_state, ts, reason)
        self._record(change, first_error if new_state is HealthState.DOWN else "")
        self._changed_sites.setdefault(target.site, ts)

    def _update_sites(self) -> None:
        """Site states from the target states. A site's change is dated by the first change of its own targets;
        one caused by its parent (UNREACHABLE and back) by the latest target change since the last update."""
        if not self._changed_sites:
            return
        changed, self._changed_sites = self._changed_sites, {}
        latest = max(changed.values())
        own = {site.id: site_state(self._target_states[t.id] for t in self._targets_of_site.get(site.id, ())
                                   if t.enabled)
               for site in self.network.sites}
        answering, silent = self._site_evidence()
        self._cut = cut_off_sites(self._graph, answering, silent)
        now = time.time()
        for site_id, own_state in own.items():
            cut_off = site_id in self._cut.blocked_by and own_state in (HealthState.DOWN, HealthState.UNKNOWN)
            new_state = HealthState.UNREACHABLE if cut_off else own_state
            old_state = self._site_states.get(site_id, HealthState.UNKNOWN)
            if new_state == old_state:
                continue
            since = changed.get(site_id, latest)
            if new_state is HealthState.DOWN and now - since < DOWN_HOLD_LIMIT_S and self._parent_unsettled(site_id):
                # Its parent is failing too but not yet DOWN: in a moment this office is UNREACHABLE, not DOWN.
                # Holding it back keeps one cut uplink from raising a DOWN (and an alert) per office behind it.
                self._changed_sites.setdefault(site_id, since)
                continue
            self._site_states[site_id] = new_state
            self._record(StateChange(site_id, SUBJECT_SITE, old_state, new_state, changed.get(site_id, latest),
                                     self._site_reason(site_id, new_state)))

    def _site_evidence(self) -> tuple[set[str], set[str]]:
        """The sites whose hosts answer, and the silent ones (every probed host DOWN without a word); see
        `domain.reachability`. Targets in the `service` role can show that a site answers, never that it is
        silent."""
        answering: set[str] = set()
        silent: set[str] = set()
        for site_id, targets in self._targets_of_site.items():
            hosts = 0
            silent_hosts = 0
            for target in targets:
                checks = [c for c in self._checks_of_target.get(target.id, ()) if c.reach]
                if not checks:
                    continue
                if any(c.host_answered or c.health.state in (HealthState.UP, HealthState.DEGRADED) for c in checks):
                    answering.add(site_id)
                    break
                if target.role is TargetRole.SERVICE:
                    continue
                hosts += 1
                silent_hosts += all(c.health.state is HealthState.DOWN for c in checks)
            else:
                if hosts and silent_hosts == hosts:
                    silent.add(site_id)
        return answering, silent

    def _parent_unsettled(self, site_id: str) -> bool:
        """Whether a site on the way in has a check not heard from yet, or failing without being DOWN yet."""
        for way_in in self._graph.way_in(site_id):
            if way_in == INTERNET:
                continue
            for target in self._targets_of_site.get(way_in, ()):
                for check in self._checks_of_target.get(target.id, ()):
                    health = check.health
                    if not check.seen or (health.consecutive_failures > 0 and health.state is not HealthState.DOWN):
                        return True
        return False

    def _site_reason(self, site_id: str, state: HealthState) -> str:
        if state is HealthState.UNREACHABLE:
            blocker = self._cut.blocked_by.get(site_id, "")
            return (f"cut off: every way from {self._graph.vantage} passes {blocker}, which is silent" if blocker
                    else f"cut off from {self._graph.vantage}")
        targets = [t for t in self._targets_of_site.get(site_id, ()) if self._target_states.get(t.id) is state]
        if state in (HealthState.DOWN, HealthState.DEGRADED):
            described = [self._target_summary(t) for t in targets]
        else:
            described = [t.id for t in targets]
        return f"{state.value.lower()}: {'; '.join(described)}" if described else state.value.lower()

    def _target_summary(self, target: Target) -> str:
        """"srv: host up · dns:app.local DOWN", or "rtr: no answer": what a user needs to tell a dead machine
        from a failing service."""
        checks = self._checks_of_target.get(target.id, [])
        failing = [c for c in checks if c.health.state not in (HealthState.UP, HealthState.UNKNOWN)]
        host_up = any(c.reach and (c.host_answered or c.health.state in (HealthState.UP, HealthState.DEGRADED))
                      for c in checks)
        if not host_up and any(c.reach for c in checks):
            return f"{target.id}: no answer"
        parts = [f"{c.method.spec} {c.health.state.value}" for c in failing]
        return f"{target.id}: host up · {', '.join(parts)}" if host_up else f"{target.id}: {', '.join(parts)}"

    def _record(self, change: StateChange, first_error: str = "") -> None:
        self._pending_changes.append(change)
        if self._sink is not None:
            self._sink.record_state_change(change, first_error)

    def _set_paused(self, paused: bool) -> None:
        if paused == self._paused:
            return
        self._paused = paused
        if paused:
            self._mark_all_unknown("paused")
        else:
            now = time.monotonic()
            for key in self._checks:
                self._schedule(key, now + random.uniform(0, 1.0))

    def _mark_all_unknown(self, reason: str) -> None:
        self._update_sites()  # so that the last changes before this are on record
        ts = time.time()
        for check in self._checks.values():
            check.health.pause(ts, reason)
            check.first_error = ""
        for target_id, state in list(self._target_states.items()):
            if state is not HealthState.UNKNOWN:
                self._target_states[target_id] = HealthState.UNKNOWN
                self._record(StateChange(target_id, SUBJECT_TARGET, state, HealthState.UNKNOWN, ts, reason))
        for site_id, state in list(self._site_states.items()):
            if state is not HealthState.UNKNOWN:
                self._site_states[site_id] = HealthState.UNKNOWN
                self._record(StateChange(site_id, SUBJECT_SITE, state, HealthState.UNKNOWN, ts, reason))

    def _publish(self) -> None:
        self._update_sites()
        self._published_at = time.time()
        events: list[EngineEvent] = []
        if self._pending_results:
            results = tuple(self._pending_results)
            self._pending_results.clear()
            if self._sink is not None:
                self._sink.submit([r.to_sample() for r in results])
            touched = {self._checks[(r.target, r.method)].target.site for r in results
                       if (r.target, r.method) in self._checks}
            events.append(SampleBatch(results, {site_id: self.site_loss(site_id) for site_id in touched}))
        if self._pending_changes:
            events.append(StateChanges(tuple(self._pending_changes), dict(self._site_states)))
            self._pending_changes.clear()
        for event in events:
            self._tell(event)

    def _tell(self, event: EngineEvent) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:
                log.exception("an engine listener failed")
