"""Diagnosis: which checks answer a question, what their outcomes say, the probable cause and what to do next.

Pure: the runner performs the checks and hands over `CheckOutcome`s (built with `outcome_from_round`, so this module
never sees a probe class); `today` and the clock readings are passed in.

Where Pantau runs. The computer that runs a diagnosis sits in the data centre, the site of the `server` and
`lan-gateway` targets. Seen from there the network is a small tree, and the layers follow it:

    this computer (local) → LAN gateway (lan) ─┬─ central server (server: the host, then each service check)
                                               ├─ offices, through their intranet links and parent chain (site)
                                               └─ ISP gateway (isp) → upstream anchors (upstream) → names (dns)

`Layer.SITE` sits between `server` and `isp`: a branch office is reached from the data centre over its own link
and the links of its parent chain, which hang off the data centre's LAN, not off the ISP gateway. So an office
depends on `local` and `lan` only, while upstream anchors depend on the ISP gateway too. The `path` layer holds
the runner's TTL-limited probes toward the failing target; it never decides a verdict, it only names the last hop
that answers (`detail["last_hop"]`).

Roles and methods map onto layers: `lan-gateway` → lan, `server` → server, `isp-gateway` → isp, `upstream` →
upstream, `office-router` and `service` → site, and every `dns:` check → dns whatever its target's role. A check is
a *service* check when it is not ICMP or its target has the `service` role: the host can answer while it fails.

Verdict rules, first match in layer order (`decide_verdict`):

- local: this computer has no usable route (`local_ok` false, or a local check failed); also when no check at all
  could run because ICMP needs a privilege this computer lacks.
- lan: a LAN gateway is silent (every check of it failed).
- server: a server is silent; server-service: a server answers (any check) but one of its service checks fails.
- isp-link for an office: every site-layer target of an office is silent. Only the office nearest the data centre
  is named: the offices behind it are silent because of it. An office that answers while one of its service
  checks fails is server-service.
- isp-link: an ISP gateway is silent.
- isp-upstream: every upstream anchor is silent (the ISP gateway answers, or is not configured).
- dns: a `dns:` check fails while its target answers its other checks (or has none).
- degraded: everything above holds, but an answering check has loss ≥ `degraded_loss_percent` or rtt ≥
  `degraded_rtt_ms`, or some (not all) upstream anchors are silent, or a target ignores ICMP while its services
  answer. The degradations name where.
- ok: none of the above.

A layer with no checks is "not checked", never failing. A check that could not run (`ErrorKind.NO_PRIVILEGE`) says
nothing about the network: it counts neither way. Faults in other layers that do not depend on the first one are
kept as `also` (a server down and an office down at the same time); faults that follow from it are left out.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from pantau.domain.contracts import (
    PAYMENT_GRACE_DAYS,
    ContractStatus,
    contract_status,
    contracts_for_link,
    days_left,
    unpaid_periods,
)
from pantau.domain.inventory import (
    INTERNET,
    BudgetStatus,
    Link,
    LinkMedium,
    LinkRole,
    MethodError,
    MethodKind,
    MonitoringSettings,
    Network,
    SiteKind,
    Target,
    TargetRole,
    ancestors,
    parent_chain,
    parse_method,
)
from pantau.domain.samples import ErrorKind

# The most next steps a report lists: a chat message, not a manual.
MAX_NEXT_STEPS = 4


class Layer(StrEnum):
    LOCAL = "local"
    LAN = "lan"
    SERVER = "server"
    SITE = "site"
    ISP = "isp"
    UPSTREAM = "upstream"
    DNS = "dns"
    PATH = "path"


LAYER_ORDER: tuple[Layer, ...] = tuple(Layer)

# What each layer needs working before its own checks mean anything; a failure there makes this layer's failures
# consequences rather than findings of their own.
_DEPENDS_ON: dict[Layer, frozenset[Layer]] = {
    Layer.LOCAL: frozenset(),
    Layer.LAN: frozenset({Layer.LOCAL}),
    Layer.SERVER: frozenset({Layer.LOCAL, Layer.LAN}),
    Layer.SITE: frozenset({Layer.LOCAL, Layer.LAN}),
    Layer.ISP: frozenset({Layer.LOCAL, Layer.LAN}),
    Layer.UPSTREAM: frozenset({Layer.LOCAL, Layer.LAN, Layer.ISP}),
    Layer.DNS: frozenset({Layer.LOCAL, Layer.LAN, Layer.ISP, Layer.UPSTREAM}),
    Layer.PATH: frozenset(),
}


class Verdict(StrEnum):
    OK = "ok"
    LOCAL = "local"
    LAN = "lan"
    SERVER = "server"
    SERVER_SERVICE = "server-service"
    ISP_LINK = "isp-link"
    ISP_UPSTREAM = "isp-upstream"
    DNS = "dns"
    DEGRADED = "degraded"


class Scope(StrEnum):
    SERVER = "server"
    ISP = "isp"
    SITE = "site"
    ALL = "all"


class LayerStatus(StrEnum):
    OK = "ok"
    FAILED = "failed"
    DEGRADED = "degraded"
    NOT_CHECKED = "not-checked"
    NOT_RUN = "not-run"


class DiagnosisError(ValueError):
    """A diagnosis that cannot be planned: an unknown scope or site. The message is fit for the user."""


_ROLE_LAYER: dict[TargetRole, Layer] = {
    TargetRole.LAN_GATEWAY: Layer.LAN,
    TargetRole.SERVER: Layer.SERVER,
    TargetRole.ISP_GATEWAY: Layer.ISP,
    TargetRole.UPSTREAM: Layer.UPSTREAM,
    TargetRole.OFFICE_ROUTER: Layer.SITE,
    TargetRole.SERVICE: Layer.SITE,
}
_SCOPE_ROLES: dict[Scope, frozenset[TargetRole]] = {
    Scope.SERVER: frozenset({TargetRole.LAN_GATEWAY, TargetRole.SERVER}),
    Scope.ISP: frozenset({TargetRole.LAN_GATEWAY, TargetRole.SERVER, TargetRole.ISP_GATEWAY, TargetRole.UPSTREAM}),
    Scope.SITE: frozenset({TargetRole.LAN_GATEWAY, TargetRole.SERVER, TargetRole.ISP_GATEWAY, TargetRole.UPSTREAM}),
    Scope.ALL: frozenset(TargetRole),
}


# ---- The plan ----


@dataclass(frozen=True)
class PlannedCheck:
    """One check the runner performs: one method of one target, placed in a layer."""

    layer: Layer
    target_id: str
    target_name: str
    site_id: str
    address: str
    method: str
    service: bool
    role: TargetRole


@dataclass(frozen=True)
class DiagnosisPlan:
    """The checks for one scope, in layer order (offices nearest the data centre first within the site layer).

    `chain` is the site and its ancestors, nearest first (site scope only). `site_parents` and `site_names` cover
    every site of the network: the verdict needs the parents to tell a failing office from the offices behind it.
    """

    scope: Scope
    site_id: str | None
    checks: tuple[PlannedCheck, ...]
    chain: tuple[str, ...] = ()
    site_parents: Mapping[str, str | None] = field(default_factory=dict)
    site_names: Mapping[str, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.checks

    def layers(self) -> tuple[Layer, ...]:
        present = {check.layer for check in self.checks}
        return tuple(layer for layer in LAYER_ORDER if layer in present)

    def checks_in(self, layer: Layer) -> tuple[PlannedCheck, ...]:
        return tuple(check for check in self.checks if check.layer is layer)


def layer_of(target: Target, method_kind: MethodKind) -> Layer:
    return Layer.DNS if method_kind is MethodKind.DNS else _ROLE_LAYER[target.role]


def plan_diagnosis(network: Network, scope: Scope | str, site_id: str | None = None) -> DiagnosisPlan:
    """The checks that answer `scope` on this network; `DiagnosisError` for an unknown scope or site.

    - server: LAN gateways and servers, every check of each.
    - isp: LAN gateways, servers, ISP gateways and upstream anchors, with their `dns:` checks.
    - site: the isp set, plus every target of the site and of each site in its parent chain.
    - all: every enabled target.
    Disabled targets are never planned.
    """
    try:
        scope = Scope(scope)
    except ValueError:
        raise DiagnosisError(f"unknown scope {scope!r}: use {', '.join(s.value for s in Scope)}") from None
    chain: tuple[str, ...] = ()
    if scope is Scope.SITE:
        if not site_id:
            raise DiagnosisError("the site scope needs a site id")
        if network.site(site_id) is None:
            raise DiagnosisError(f"{site_id!r} is not a site in this network")
        chain = (site_id, *ancestors(network, site_id))
    elif site_id is not None:
        raise DiagnosisError(f"the {scope.value} scope takes no site id")
    roles = _SCOPE_ROLES[scope]
    depth = {site.id: len(ancestors(network, site.id)) for site in network.sites}
    checks: list[PlannedCheck] = []
    for target in network.targets:
        if not target.enabled or not (target.role in roles or target.site in chain):
            continue
        for spec in target.checks:
            try:
                method = parse_method(spec)
            except MethodError as error:
                raise DiagnosisError(f"target {target.id!r}: {error}") from None
            service = method.kind is not MethodKind.ICMP or target.role is TargetRole.SERVICE
            checks.append(PlannedCheck(layer_of(target, method.kind), target.id, target.name or target.id,
                                       target.site, target.address, method.spec, service, target.role))
    checks.sort(key=lambda c: (LAYER_ORDER.index(c.layer), depth.get(c.site_id, 0) if c.layer is Layer.SITE else 0))
    return DiagnosisPlan(scope, site_id, tuple(checks), chain,
                         {site.id: site.parent for site in network.sites},
                         {site.id: site.name for site in network.sites})


# ---- Outcomes ----


@dataclass(frozen=True)
class CheckOutcome:
    """What one check found. `error` is set exactly when `ok` is false; `detail` carries method facts such as
    `redirected_to_host` (http) or `last_hop` (path). `service` and `site_id` come from the planned check."""

    layer: Layer
    target_id: str | None
    target_name: str
    address: str
    method: str
    ok: bool
    rtt_ms: float | None
    loss_percent: float | None
    error: ErrorKind | None
    message: str = ""
    detail: Mapping[str, str] = field(default_factory=dict)
    duration_ms: float = 0.0
    service: bool = False
    site_id: str | None = None

    @property
    def ran(self) -> bool:
        """False when the check could not run on this computer, so it says nothing about the network."""
        return self.error is not ErrorKind.NO_PRIVILEGE


def outcome_from_round(check: PlannedCheck, *, sent: int, received: int, rtts_ms: Sequence[float],
                       error: ErrorKind | None, message: str = "", detail: Mapping[str, str] | None = None,
                       duration_ms: float = 0.0) -> CheckOutcome:
    """The outcome of one probe round of a planned check, from the round's plain fields."""
    ok = error is None and received > 0
    return CheckOutcome(
        layer=check.layer, target_id=check.target_id, target_name=check.target_name, address=check.address,
        method=check.method, ok=ok,
        rtt_ms=statistics.fmean(rtts_ms) if ok and rtts_ms else None,
        loss_percent=100.0 * (sent - received) / sent if sent else None,
        error=None if ok else (error or ErrorKind.OTHER), message=message, detail=dict(detail or {}),
        duration_ms=duration_ms, service=check.service, site_id=check.site_id)


# ---- The verdict ----


@dataclass(frozen=True)
class Finding:
    """One fault (or the degradations) in one layer: the checks behind it and the targets to name."""

    verdict: Verdict
    layer: Layer
    outcomes: tuple[CheckOutcome, ...]
    where: tuple[str, ...]
    sites: tuple[str, ...] = ()


@dataclass(frozen=True)
class Degradation:
    """An answering check past a threshold, or a partial silence (`silent`: some anchors, or ICMP only)."""

    outcome: CheckOutcome
    loss_high: bool = False
    rtt_high: bool = False
    silent: bool = False


@dataclass(frozen=True)
class VerdictResult:
    verdict: Verdict
    failing_layer: Layer | None
    summary: str
    finding: Finding | None
    also: tuple[Finding, ...]
    layers: Mapping[Layer, LayerStatus]
    degradations: tuple[Degradation, ...]
    unrun: tuple[CheckOutcome, ...]
    checked: int
    no_privilege: bool = False
    last_hop: str | None = None
    path_toward: str | None = None

    @property
    def failing_sites(self) -> tuple[str, ...]:
        return self.finding.sites if self.finding else ()

    def fine_layers(self) -> tuple[Layer, ...]:
        """The checked layers before the failing one that are fine: "LAN and server are fine; …"."""
        before = LAYER_ORDER[:LAYER_ORDER.index(self.failing_layer)] if self.failing_layer else LAYER_ORDER
        return tuple(layer for layer in before if layer is not Layer.LOCAL
                     and self.layers.get(layer) in (LayerStatus.OK, LayerStatus.DEGRADED))


def _names(outcomes: Sequence[CheckOutcome]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(o.target_name for o in outcomes))


def _by_target(outcomes: Sequence[CheckOutcome]) -> dict[str, list[CheckOutcome]]:
    grouped: dict[str, list[CheckOutcome]] = {}
    for outcome in outcomes:
        grouped.setdefault(outcome.target_id or outcome.target_name, []).append(outcome)
    return grouped


def _silent(outcomes: Sequence[CheckOutcome]) -> bool:
    return bool(outcomes) and not any(o.ok for o in outcomes)


def decide_verdict(outcomes: Sequence[CheckOutcome], thresholds: MonitoringSettings, local_ok: bool,
                   site_parents: Mapping[str, str | None] | None = None) -> VerdictResult:
    """The verdict for a run's outcomes, by the rules in the module docstring.

    `site_parents` (`DiagnosisPlan.site_parents`) lets an office failure name only the office nearest the data
    centre; without it every silent office is named.
    """
    path = [o for o in outcomes if o.layer is Layer.PATH]
    checks = [o for o in outcomes if o.layer is not Layer.PATH]
    ran = [o for o in checks if o.ran]
    unrun = tuple(o for o in checks if not o.ran)
    no_privilege = local_ok and not ran and bool(unrun)
    in_layer = {layer: [o for o in ran if o.layer is layer] for layer in LAYER_ORDER}
    # A target answers when any check of it answers; dns checks are judged on their own, after the rest.
    address_checks = _by_target([o for o in ran if o.layer not in (Layer.DNS, Layer.LOCAL)])
    silent_targets = {tid for tid, group in address_checks.items() if _silent(group)}

    findings: list[Finding] = []
    partial: list[Degradation] = []
    local_failed = [o for o in in_layer[Layer.LOCAL] if not o.ok]
    if not local_ok or local_failed or no_privilege:
        findings.append(Finding(Verdict.LOCAL, Layer.LOCAL, tuple(local_failed), ()))
    findings += _host_findings(Layer.LAN, Verdict.LAN, in_layer[Layer.LAN], silent_targets, partial)
    findings += _host_findings(Layer.SERVER, Verdict.SERVER, in_layer[Layer.SERVER], silent_targets, partial)
    findings += _site_findings(in_layer[Layer.SITE], silent_targets, site_parents or {}, partial)
    findings += _host_findings(Layer.ISP, Verdict.ISP_LINK, in_layer[Layer.ISP], silent_targets, partial)
    findings += _upstream_findings(in_layer[Layer.UPSTREAM], silent_targets, partial)
    dns_failed = [o for o in in_layer[Layer.DNS] if not o.ok and o.target_id not in silent_targets]
    if dns_failed:
        findings.append(Finding(Verdict.DNS, Layer.DNS, tuple(dns_failed), _names(dns_failed)))

    degradations = partial + [
        Degradation(o, loss_high=(o.loss_percent or 0.0) >= thresholds.degraded_loss_percent,
                    rtt_high=(o.rtt_ms or 0.0) >= thresholds.degraded_rtt_ms)
        for o in ran if o.ok and o.layer is not Layer.LOCAL
        and ((o.loss_percent or 0.0) >= thresholds.degraded_loss_percent
             or (o.rtt_ms or 0.0) >= thresholds.degraded_rtt_ms)]
    degradations.sort(key=lambda d: LAYER_ORDER.index(d.outcome.layer))
    if degradations:
        degraded = tuple(d.outcome for d in degradations)
        findings.append(Finding(Verdict.DEGRADED, degradations[0].outcome.layer, degraded, _names(degraded)))

    primary = next((f for f in findings if f.verdict is not Verdict.DEGRADED), findings[0] if findings else None)
    also: list[Finding] = []
    faulty = {primary.layer} if primary and primary.verdict is not Verdict.DEGRADED else set()
    for finding in findings:
        if finding is primary or _DEPENDS_ON[finding.layer] & faulty:
            continue
        also.append(finding)
        if finding.verdict is not Verdict.DEGRADED:
            faulty.add(finding.layer)
    if primary and primary.layer is Layer.LOCAL:
        also = []

    statuses = _layer_statuses(checks, findings, local_ok)
    verdict = primary.verdict if primary else Verdict.OK
    last_hop = next((o.detail["last_hop"] for o in path if o.detail.get("last_hop")), None)
    return VerdictResult(
        verdict=verdict, failing_layer=primary.layer if primary else None,
        summary=_summary(verdict, primary, statuses, len(ran), no_privilege, degradations),
        finding=primary, also=tuple(also), layers=statuses, degradations=tuple(degradations), unrun=unrun,
        checked=len(ran), no_privilege=no_privilege, last_hop=last_hop,
        path_toward=path[0].target_name if path else None)


def _host_findings(layer: Layer, verdict: Verdict, outcomes: list[CheckOutcome], silent: set[str],
                   partial: list[Degradation]) -> list[Finding]:
    """Silent targets of a layer; and, for the server layer, failing services of targets that answer."""
    findings = []
    dead = [o for o in outcomes if o.target_id in silent]
    if dead:
        findings.append(Finding(verdict, layer, tuple(dead), _names(dead)))
    alive = [o for o in outcomes if o.target_id not in silent and not o.ok]
    services = [o for o in alive if o.service]
    if services and layer is Layer.SERVER:
        findings.append(Finding(Verdict.SERVER_SERVICE, layer, tuple(services), _names(services)))
    partial.extend(Degradation(o, silent=True) for o in alive if layer is not Layer.SERVER or not o.service)
    return findings


def _site_findings(outcomes: list[CheckOutcome], silent: set[str], parents: Mapping[str, str | None],
                   partial: list[Degradation]) -> list[Finding]:
    by_site: dict[str, list[CheckOutcome]] = {}
    for outcome in outcomes:
        by_site.setdefault(outcome.site_id or "", []).append(outcome)
    down = {site for site, group in by_site.items() if all(o.target_id in silent for o in group)}

    roots = [site for site in by_site if site in down
             and not any(parent in down for parent in parent_chain(parents, site))]
    findings = []
    if roots:
        dead = [o for site in roots for o in by_site[site]]
        findings.append(Finding(Verdict.ISP_LINK, Layer.SITE, tuple(dead), _names(dead), tuple(roots)))
    # At an office that answers, a failing service is a fault; a silent router beside an answering service target,
    # or ICMP ignored while services answer, is only a degradation.
    failing = [o for site, group in by_site.items() if site not in down for o in group if not o.ok]
    services = [o for o in failing if o.service]
    if services:
        findings.append(Finding(Verdict.SERVER_SERVICE, Layer.SITE, tuple(services), _names(services)))
    partial.extend(Degradation(o, silent=True) for o in failing if not o.service)
    return findings


def _upstream_findings(outcomes: list[CheckOutcome], silent: set[str],
                       partial: list[Degradation]) -> list[Finding]:
    targets = {o.target_id for o in outcomes}
    if targets and targets <= silent:
        return [Finding(Verdict.ISP_UPSTREAM, Layer.UPSTREAM, tuple(outcomes), _names(outcomes))]
    partial.extend(Degradation(o, silent=True) for o in outcomes if not o.ok)
    return []


def _layer_statuses(checks: Sequence[CheckOutcome], findings: Sequence[Finding],
                    local_ok: bool) -> dict[Layer, LayerStatus]:
    failed = {f.layer for f in findings if f.verdict is not Verdict.DEGRADED}
    degraded = {o.layer for f in findings if f.verdict is Verdict.DEGRADED for o in f.outcomes}
    statuses: dict[Layer, LayerStatus] = {}
    for layer in LAYER_ORDER:
        if layer is Layer.PATH:
            continue
        present = [o for o in checks if o.layer is layer]
        if layer is Layer.LOCAL:
            statuses[layer] = LayerStatus.OK if local_ok and Layer.LOCAL not in failed else LayerStatus.FAILED
        elif not present:
            statuses[layer] = LayerStatus.NOT_CHECKED
        elif not any(o.ran for o in present):
            statuses[layer] = LayerStatus.NOT_RUN
        elif layer in failed:
            statuses[layer] = LayerStatus.FAILED
        elif layer in degraded:
            statuses[layer] = LayerStatus.DEGRADED
        else:
            statuses[layer] = LayerStatus.OK
    return statuses


def _summary(verdict: Verdict, finding: Finding | None, statuses: Mapping[Layer, LayerStatus], ran: int,
             no_privilege: bool, degradations: Sequence[Degradation]) -> str:
    where = ", ".join(finding.where) if finding else ""
    if verdict is Verdict.OK:
        return f"ok: {ran} checks answered"
    if verdict is Verdict.LOCAL:
        if no_privilege:
            return "local: this computer may not send ICMP, so no check could run"
        return "local: this computer has no usable route"
    if verdict is Verdict.LAN:
        return f"lan: LAN gateway silent: {where}"
    if verdict is Verdict.SERVER:
        return f"server: server silent: {where}"
    assert finding is not None
    if verdict is Verdict.SERVER_SERVICE:
        failing = ", ".join(f"{o.target_name} {o.method}" for o in finding.outcomes)
        return f"server-service: the host answers but a service fails: {failing}"
    if verdict is Verdict.ISP_LINK and finding.layer is Layer.SITE:
        return f"isp-link: office link down, silent: {where}"
    if verdict is Verdict.ISP_LINK:
        return f"isp-link: ISP gateway silent: {where}"
    if verdict is Verdict.ISP_UPSTREAM:
        gateway = {LayerStatus.OK: "ISP gateway answers", LayerStatus.DEGRADED: "ISP gateway answers"}.get(
            statuses.get(Layer.ISP, LayerStatus.NOT_CHECKED), "ISP gateway not checked")
        return f"isp-upstream: {gateway}; all {len(finding.where)} upstream anchors silent"
    if verdict is Verdict.DNS:
        failing = ", ".join(f"{o.target_name} {o.method}" for o in finding.outcomes)
        return f"dns: addresses answer but DNS checks fail: {failing}"
    return "degraded: " + "; ".join(f"{_degradation_text(d)} at {d.outcome.target_name} ({d.outcome.method})"
                                    for d in degradations)


def _degradation_text(degradation: Degradation) -> str:
    outcome = degradation.outcome
    if degradation.silent:
        return "no answer"
    parts = []
    if degradation.loss_high:
        parts.append(f"loss {outcome.loss_percent:.0f}%")
    if degradation.rtt_high:
        parts.append(f"rtt {outcome.rtt_ms:.0f} ms")
    return ", ".join(parts)


# ---- Contract context ----


@dataclass(frozen=True)
class ContractFacts:
    """The contract that matters today for a link: the one covering today, else the one that ended last (a
    coverage gap or a lapse), else the next one. `budget_cut`: a budget request for `budget_year` (the year of the
    day after the end, the year whose budget renews it) was cut and none approved, on it or a later contract."""

    contract_id: str
    provider: str
    number: str
    service: str
    start: date
    end: date
    status: ContractStatus
    days_left: int
    payment_overdue_days: int | None
    unpaid_periods: int
    budget_cut: bool
    budget_year: int
    next_start: date | None = None


@dataclass(frozen=True)
class LinkFacts:
    """A link as the report names it. `site_id` is the end the link serves, `far_end` its way in (a site or
    `internet`). `reachable` is what the runner found for a backup line, None when it did not probe it."""

    link_id: str
    site_id: str
    far_end: str
    provider: str
    circuit_id: str
    medium: LinkMedium
    role: LinkRole
    contract: ContractFacts | None
    reachable: bool | None = None


@dataclass(frozen=True)
class ContractContext:
    """The link that matters for the verdict, the other links of the site's parent chain (site scope) and the
    backup lines of the same site."""

    link: LinkFacts
    chain: tuple[LinkFacts, ...] = ()
    backups: tuple[LinkFacts, ...] = ()

    @property
    def backup(self) -> LinkFacts | None:
        """The backup line to suggest: one found answering first, then one not probed, then any."""
        rank = {True: 0, None: 1, False: 2}
        return min(self.backups, key=lambda b: rank[b.reachable], default=None)


def contract_facts(network: Network, link: Link, today: date) -> ContractFacts | None:
    contracts = contracts_for_link(network, link)
    covering = [c for c in contracts if c.start <= today <= c.end]
    ended = [c for c in contracts if c.end < today]
    upcoming = [c for c in contracts if c.start > today]
    next_start: date | None = None
    if covering:
        current = max(covering, key=lambda c: (c.end, c.start))
    elif ended:
        current = max(ended, key=lambda c: (c.end, c.start))
        next_start = min((c.start for c in upcoming), default=None)
    elif upcoming:
        current = min(upcoming, key=lambda c: c.start)
    else:
        return None
    unpaid = unpaid_periods(current, today)
    overdue = (today - unpaid[0].start).days - PAYMENT_GRACE_DAYS if unpaid else None
    year = (current.end + timedelta(days=1)).year
    requests = [r for c in contracts if c.end >= current.end for r in c.budget_requests if r.year == year]
    cut = any(r.status is BudgetStatus.CUT for r in requests) and not any(
        r.status is BudgetStatus.APPROVED for r in requests)
    return ContractFacts(current.id, current.provider, current.number, current.service, current.start, current.end,
                         contract_status(current, today), days_left(current, today), overdue, len(unpaid), cut,
                         year, next_start)


def _serving_end(link: Link, parents: Mapping[str, str | None]) -> tuple[str, str]:
    """(the site a link serves, its far end): the child of a parent/child pair, else `a` as the file writes it."""
    if link.a == INTERNET:
        return link.b, link.a
    if link.b != INTERNET and parents.get(link.b) == link.a:
        return link.b, link.a
    return link.a, link.b


def _link_facts(network: Network, link: Link, today: date, parents: Mapping[str, str | None],
                reachable: Mapping[str, bool]) -> LinkFacts:
    site_id, far_end = _serving_end(link, parents)
    return LinkFacts(link.id, site_id, far_end, link.provider, link.circuit_id, link.medium, link.role,
                     contract_facts(network, link, today), reachable.get(link.id))


def _uplinks(network: Network, site_id: str, parents: Mapping[str, str | None]) -> list[Link]:
    """The links that serve a site (primary first): the ones it reaches its parent or the internet through."""
    links = [link for link in network.links if _serving_end(link, parents)[0] == site_id]
    return sorted(links, key=lambda link: link.role is not LinkRole.PRIMARY)


def centre_site(network: Network) -> str | None:
    """The data centre: the site of the first server (or LAN gateway), else the first datacenter site."""
    for role in (TargetRole.SERVER, TargetRole.LAN_GATEWAY):
        target = next((t for t in network.targets if t.role is role), None)
        if target is not None:
            return target.site
    return next((s.id for s in network.sites if s.kind is SiteKind.DATACENTER), None)


def _internet_link(network: Network, parents: Mapping[str, str | None]) -> Link | None:
    centre = centre_site(network)
    links = [link for link in network.links if INTERNET in (link.a, link.b)]
    links.sort(key=lambda link: (_serving_end(link, parents)[0] != centre, link.role is not LinkRole.PRIMARY))
    return links[0] if links else None


def contract_context(network: Network, plan: DiagnosisPlan, result: VerdictResult, today: date,
                     backup_reachable: Mapping[str, bool] | None = None) -> ContractContext | None:
    """The links behind the verdict, with their current contracts; None when no link matters.

    The link chosen: for an office fault, the uplink of the office named (nearest the data centre); for an ISP
    fault or degradation, the data centre's internet link; otherwise the site's own uplink (site scope; the
    nearest ancestor's when the site has none) or the internet link (isp and all scopes). The server scope looks at
    no link unless the verdict points at one.
    """
    parents = plan.site_parents or {s.id: s.parent for s in network.sites}
    reachable = backup_reachable or {}
    layer = result.failing_layer
    focus: Link | None = None
    if layer is Layer.SITE and result.finding:
        office = (result.failing_sites or tuple(o.site_id for o in result.finding.outcomes if o.site_id))[:1]
        focus = next((link for site in office for link in _uplinks(network, site, parents)), None)
    elif layer in (Layer.ISP, Layer.UPSTREAM):
        focus = _internet_link(network, parents)
    if focus is None and plan.scope is Scope.SITE:
        focus = next((link for site in plan.chain for link in _uplinks(network, site, parents)), None)
    if focus is None and plan.scope in (Scope.ISP, Scope.ALL):
        focus = _internet_link(network, parents)
    if focus is None:
        return None
    facts = _link_facts(network, focus, today, parents, reachable)
    chain = tuple(_link_facts(network, uplinks[0], today, parents, reachable) for site in plan.chain
                  if (uplinks := _uplinks(network, site, parents)) and uplinks[0].id != focus.id)
    backups = tuple(_link_facts(network, link, today, parents, reachable)
                    for link in _uplinks(network, facts.site_id, parents)
                    if link.role is LinkRole.BACKUP and link.id != focus.id)
    return ContractContext(facts, chain, backups)


# ---- Probable cause ----


class CauseKind(StrEnum):
    NONE = "none"
    CONTRACT_EXPIRED = "contract-expired"
    BUDGET_CUT = "budget-cut"
    PAYMENT_OVERDUE = "payment-overdue"
    CONTRACT_EXPIRING = "contract-expiring"
    PROVIDER_PORTAL = "provider-portal-redirect"
    LINE_FAULT = "line-fault"
    DEVICE_DOWN = "device-down"
    SERVICE_DOWN = "service-down"
    DNS_FAILURE = "dns-failure"
    CONGESTION = "congestion"
    NO_ROUTE = "no-route"
    NO_PRIVILEGE = "no-privilege"
    UNKNOWN = "unknown"


_CONTRACT_CAUSES = frozenset({CauseKind.CONTRACT_EXPIRED, CauseKind.BUDGET_CUT, CauseKind.PAYMENT_OVERDUE,
                              CauseKind.CONTRACT_EXPIRING})


@dataclass(frozen=True)
class Cause:
    """The probable cause, with its facts as fields; `summary` is short English machine text.

    `explains_fault` is false for a note on a healthy run (a contract that ended while the line still works, one
    about to end, a bill overdue): worth saying, not the reason for a fault. `days`: days since the end
    (expired, budget-cut), days left (expiring), days overdue (payment-overdue). `portal_host`: an HTTP check was
    redirected to this host while the provider's side failed.
    """

    kind: CauseKind
    explains_fault: bool
    summary: str
    link: LinkFacts | None = None
    days: int | None = None
    portal_host: str | None = None
    targets: tuple[str, ...] = ()

    @property
    def contract(self) -> ContractFacts | None:
        return self.link.contract if self.link else None

    @property
    def is_contract(self) -> bool:
        return self.kind in _CONTRACT_CAUSES


def _portal_host(result: VerdictResult, outcomes: Sequence[CheckOutcome]) -> str | None:
    if result.verdict not in (Verdict.ISP_LINK, Verdict.ISP_UPSTREAM):
        return None
    return next((o.detail["redirected_to_host"] for o in outcomes
                 if not o.ok and o.detail.get("redirected_to_host")), None)


def _contract_risk(link: LinkFacts, fault: bool) -> Cause | None:
    """The contract reason a line is down (`fault`), or the contract risk worth a note on a healthy run."""
    facts = link.contract
    if facts is None:
        return None
    ref = f"contract {facts.number} ({facts.provider}, circuit {link.circuit_id or '-'})"
    if facts.status is ContractStatus.EXPIRED:
        ago = -facts.days_left
        if facts.budget_cut:
            return Cause(CauseKind.BUDGET_CUT, fault, f"budget-cut: {ref} ended {facts.end.isoformat()} "
                         f"({ago} days ago); the {facts.budget_year} budget to renew it was cut", link, ago)
        return Cause(CauseKind.CONTRACT_EXPIRED, fault,
                     f"contract-expired: {ref} ended {facts.end.isoformat()} ({ago} days ago)", link, ago)
    if facts.payment_overdue_days is not None:
        return Cause(CauseKind.PAYMENT_OVERDUE, fault,
                     f"payment-overdue: a bill of {ref} is {facts.payment_overdue_days} days overdue", link,
                     facts.payment_overdue_days)
    if fault:
        return None
    if facts.budget_cut:
        return Cause(CauseKind.BUDGET_CUT, False, f"budget-cut: the {facts.budget_year} budget to continue {ref} "
                     f"was cut; it ends {facts.end.isoformat()}", link, facts.days_left)
    if facts.status is ContractStatus.EXPIRING:
        return Cause(CauseKind.CONTRACT_EXPIRING, False, f"contract-expiring: {ref} ends {facts.end.isoformat()} "
                     f"(in {facts.days_left} days)", link, facts.days_left)
    return None


def probable_cause(result: VerdictResult, context: ContractContext | None,
                   outcomes: Sequence[CheckOutcome]) -> Cause:
    """The probable cause of the verdict.

    A link fault (isp-link, isp-upstream) is explained first by the link's contract: ended with its renewal
    budget cut (budget-cut), ended (contract-expired), a bill overdue (payment-overdue); then by an HTTP check
    redirected to another host (provider-portal-redirect, likely the provider's billing or suspension page); else
    it is a line fault. The portal host is kept as supporting evidence on a contract cause. A healthy run carries
    the link's contract risk as a note, if it has one.
    """
    finding = result.finding
    targets = finding.where if finding else ()
    link = context.link if context else None
    verdict = result.verdict
    if verdict is Verdict.OK:
        note = _contract_risk(link, fault=False) if link else None
        return note or Cause(CauseKind.NONE, False, "none")
    if verdict is Verdict.LOCAL:
        if result.no_privilege:
            return Cause(CauseKind.NO_PRIVILEGE, True, "no-privilege: this computer may not send ICMP")
        return Cause(CauseKind.NO_ROUTE, True, "no-route: no usable route on this computer")
    if verdict in (Verdict.LAN, Verdict.SERVER):
        return Cause(CauseKind.DEVICE_DOWN, True, f"device-down: {', '.join(targets)}", targets=targets)
    if verdict is Verdict.SERVER_SERVICE:
        return Cause(CauseKind.SERVICE_DOWN, True, f"service-down: {', '.join(targets)}", targets=targets)
    if verdict is Verdict.DNS:
        return Cause(CauseKind.DNS_FAILURE, True, f"dns-failure: {', '.join(targets)}", targets=targets)
    if verdict is Verdict.DEGRADED:
        return Cause(CauseKind.CONGESTION, True, f"congestion: {', '.join(targets)}", link=link, targets=targets)
    portal = _portal_host(result, outcomes)
    contract_cause = _contract_risk(link, fault=True) if link else None
    if contract_cause:
        summary = contract_cause.summary + (f"; web checks redirected to {portal}" if portal else "")
        return Cause(contract_cause.kind, True, summary, link, contract_cause.days, portal, targets)
    if portal:
        return Cause(CauseKind.PROVIDER_PORTAL, True,
                     f"provider-portal-redirect: web checks redirected to {portal}", link, None, portal, targets)
    return Cause(CauseKind.LINE_FAULT, True, f"line-fault: {', '.join(targets)}", link, targets=targets)


# ---- Next steps ----


class StepKind(StrEnum):
    CALL_PROVIDER = "call-provider"
    CHECK_DEVICE = "check-device"
    ASK_OFFICE = "ask-office"
    RESTART_SERVICE = "restart-service"
    USE_BACKUP = "use-backup"
    ASK_PAYMENT = "ask-payment"
    ASK_BUDGET = "ask-budget"
    RENEW_CONTRACT = "renew-contract"
    OPEN_PORTAL = "open-portal"
    CHECK_LOCAL = "check-local"
    GRANT_PRIVILEGE = "grant-privilege"
    CHECK_DNS = "check-dns"
    WATCH = "watch"


class CallPurpose(StrEnum):
    REPORT_FAULT = "report-fault"
    CONFIRM_CUT = "confirm-cut"
    RESTORE = "restore"
    REPORT_QUALITY = "report-quality"


@dataclass(frozen=True)
class NextStep:
    """One concrete thing to do, with the facts the sentence needs; `summary` is short English machine text."""

    kind: StepKind
    summary: str
    target: str | None = None
    site: str | None = None
    method: str | None = None
    link: LinkFacts | None = None
    host: str | None = None
    purpose: CallPurpose | None = None


def _call(link: LinkFacts | None, purpose: CallPurpose) -> list[NextStep]:
    if link is None:
        return []
    number = link.contract.number if link.contract else "-"
    return [NextStep(StepKind.CALL_PROVIDER, f"call {link.provider}: circuit {link.circuit_id or '-'}, "
                     f"contract {number} ({purpose.value})", link=link, purpose=purpose)]


def _backup_step(context: ContractContext | None) -> list[NextStep]:
    backup = context.backup if context else None
    if backup is None or backup.reachable is False:
        return []
    return [NextStep(StepKind.USE_BACKUP, f"use backup line {backup.link_id} ({backup.provider}, "
                     f"circuit {backup.circuit_id or '-'})", link=backup)]


def next_steps(result: VerdictResult, cause: Cause, context: ContractContext | None,
               site_names: Mapping[str, str] | None = None) -> tuple[NextStep, ...]:
    """At most `MAX_NEXT_STEPS` concrete steps, most useful first."""
    names = site_names or {}
    finding = result.finding
    targets = finding.where if finding else ()
    link = cause.link or (context.link if context else None)
    steps: list[NextStep] = []
    kind = cause.kind
    if kind is CauseKind.NO_PRIVILEGE:
        steps.append(NextStep(StepKind.GRANT_PRIVILEGE, "give Pantau the ICMP privilege and run again"))
    elif kind is CauseKind.NO_ROUTE:
        steps.append(NextStep(StepKind.CHECK_LOCAL, "check this computer's cable or Wi-Fi and its address"))
    elif kind is CauseKind.DEVICE_DOWN:
        steps += [NextStep(StepKind.CHECK_DEVICE, f"check power and cabling of {name}", target=name)
                  for name in targets]
    elif kind is CauseKind.SERVICE_DOWN and finding:
        steps += [NextStep(StepKind.RESTART_SERVICE, f"restart {o.method} on {o.target_name}", target=o.target_name,
                           method=o.method) for o in finding.outcomes]
    elif kind is CauseKind.DNS_FAILURE:
        steps.append(NextStep(StepKind.CHECK_DNS, f"check the resolver {', '.join(targets)}",
                              target=", ".join(targets)))
    elif kind is CauseKind.CONGESTION:
        steps.append(NextStep(StepKind.WATCH, f"watch {', '.join(targets)}", target=", ".join(targets)))
        if finding and finding.layer in (Layer.SITE, Layer.ISP, Layer.UPSTREAM):
            steps += _call(link, CallPurpose.REPORT_QUALITY)
    elif kind is CauseKind.BUDGET_CUT and cause.explains_fault:
        steps += _budget_step(cause)
        steps += _call(link, CallPurpose.RESTORE)
        steps += _backup_step(context)
    elif kind is CauseKind.CONTRACT_EXPIRED and cause.explains_fault:
        steps += _call(link, CallPurpose.CONFIRM_CUT)
        steps += _renew_step(cause)
        steps += _backup_step(context)
    elif kind is CauseKind.PAYMENT_OVERDUE and cause.explains_fault:
        steps += _payment_step(cause)
        steps += _call(link, CallPurpose.RESTORE)
        steps += _backup_step(context)
    elif kind is CauseKind.PROVIDER_PORTAL:
        steps.append(NextStep(StepKind.OPEN_PORTAL, f"open {cause.portal_host} to read the notice",
                              host=cause.portal_host))
        steps += _call(link, CallPurpose.CONFIRM_CUT)
        steps += _backup_step(context)
    elif kind is CauseKind.LINE_FAULT:
        if finding and finding.layer is Layer.SITE:
            steps += [NextStep(StepKind.ASK_OFFICE, f"ask {names.get(site, site)} to check the router's power",
                               site=names.get(site, site), target=", ".join(targets)) for site in finding.sites[:1]]
        steps += _call(link, CallPurpose.REPORT_FAULT)
        if finding and finding.layer is Layer.ISP:
            steps += [NextStep(StepKind.CHECK_DEVICE, f"check power and cabling of {name}", target=name)
                      for name in targets]
        steps += _backup_step(context)
    elif kind is CauseKind.BUDGET_CUT:
        steps += _budget_step(cause)
    elif kind is CauseKind.PAYMENT_OVERDUE:
        steps += _payment_step(cause)
    elif kind in (CauseKind.CONTRACT_EXPIRED, CauseKind.CONTRACT_EXPIRING):
        steps += _renew_step(cause)
    if cause.portal_host and kind is not CauseKind.PROVIDER_PORTAL and len(steps) < MAX_NEXT_STEPS:
        steps.append(NextStep(StepKind.OPEN_PORTAL, f"open {cause.portal_host} to read the notice",
                              host=cause.portal_host))
    return tuple(steps[:MAX_NEXT_STEPS])


def _budget_step(cause: Cause) -> list[NextStep]:
    facts = cause.contract
    if facts is None:
        return []
    return [NextStep(StepKind.ASK_BUDGET, f"ask BPKAD/TAPD about the {facts.budget_year} budget for contract "
                     f"{facts.number}", link=cause.link)]


def _renew_step(cause: Cause) -> list[NextStep]:
    facts = cause.contract
    if facts is None:
        return []
    return [NextStep(StepKind.RENEW_CONTRACT, f"renew contract {facts.number} with {facts.provider}",
                     link=cause.link)]


def _payment_step(cause: Cause) -> list[NextStep]:
    facts = cause.contract
    if facts is None:
        return []
    return [NextStep(StepKind.ASK_PAYMENT, f"ask BPKAD about the unpaid bill of contract {facts.number}",
                     link=cause.link)]


# ---- The report ----


@dataclass(frozen=True)
class DiagnosisReport:
    """Everything a rendered report says. `started` and `finished` are epoch seconds; `timezone` is the network's
    IANA zone, in which the report shows times."""

    scope: Scope
    site_id: str | None
    network_name: str
    timezone: str
    started: float
    finished: float
    outcomes: tuple[CheckOutcome, ...]
    result: VerdictResult
    cause: Cause
    context: ContractContext | None
    next_steps: tuple[NextStep, ...]
    site_names: Mapping[str, str] = field(default_factory=dict)

    @property
    def site_name(self) -> str | None:
        return self.site_names.get(self.site_id, self.site_id) if self.site_id else None

    @property
    def fault(self) -> bool:
        """True for every verdict but ok: `pantau diagnose` exits 1."""
        return self.result.verdict is not Verdict.OK


def build_report(network: Network, plan: DiagnosisPlan, outcomes: Sequence[CheckOutcome], *, local_ok: bool,
                 started: float, finished: float, today: date,
                 backup_reachable: Mapping[str, bool] | None = None) -> DiagnosisReport:
    """Verdict, contract context, cause and next steps for a finished run, in one report."""
    result = decide_verdict(outcomes, network.monitoring, local_ok, plan.site_parents)
    context = contract_context(network, plan, result, today, backup_reachable)
    cause = probable_cause(result, context, outcomes)
    steps = next_steps(result, cause, context, plan.site_names)
    return DiagnosisReport(plan.scope, plan.site_id, network.name, network.timezone, started, finished,
                           tuple(outcomes), result, cause, context, steps, dict(plan.site_names))

