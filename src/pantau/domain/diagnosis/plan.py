"""Which checks answer a diagnosis question: the plan for a scope, seen from the vantage.

The sites are ordered by the vantage's tree (`domain.reachability.build_site_graph`): an office's `chain` is its
way in from where the prober stands, and `site_parents` is that tree as a parent map, which the verdict walks to tell
a failing office from the offices behind it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from pantau.domain.diagnosis.model import LAYER_ORDER, DiagnosisError, Layer, PlannedCheck, Scope
from pantau.domain.inventory import (
    INTERNET,
    MethodError,
    MethodKind,
    Network,
    SiteKind,
    Target,
    TargetRole,
    parse_method,
)
from pantau.domain.reachability import build_site_graph, proves_reachability

ROLE_LAYER: dict[TargetRole, Layer] = {
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
_OFFICE_ROLES = frozenset({TargetRole.OFFICE_ROUTER, TargetRole.SERVICE})
_NOT_OFFICES = frozenset({SiteKind.DATACENTER, SiteKind.ISP_POP})


@dataclass(frozen=True)
class DiagnosisPlan:
    """The checks for one scope, in layer order (offices nearest the vantage first within the site layer).

    `chain` is the site and its way in from the vantage, nearest first (site scope only). `site_parents` and
    `site_names` cover every site of the network. `office_sites` are the network's offices (sites with an office
    router or service target, other than the vantage, data centres and provider POPs), probed or not: a run that
    learns about them from the engine's live view counts them against this.
    """

    scope: Scope
    site_id: str | None
    checks: tuple[PlannedCheck, ...]
    chain: tuple[str, ...] = ()
    site_parents: Mapping[str, str | None] = field(default_factory=dict)
    site_names: Mapping[str, str] = field(default_factory=dict)
    office_sites: tuple[str, ...] = ()
    vantage: str | None = None

    @property
    def empty(self) -> bool:
        return not self.checks

    def layers(self) -> tuple[Layer, ...]:
        present = {check.layer for check in self.checks}
        return tuple(layer for layer in LAYER_ORDER if layer in present)

    def checks_in(self, layer: Layer) -> tuple[PlannedCheck, ...]:
        return tuple(check for check in self.checks if check.layer is layer)


def layer_of(target: Target, method_kind: MethodKind) -> Layer:
    return Layer.DNS if method_kind is MethodKind.DNS else ROLE_LAYER[target.role]


def office_sites(network: Network, vantage: str | None) -> tuple[str, ...]:
    kinds = {site.id: site.kind for site in network.sites}
    with_offices = {t.site for t in network.targets if t.enabled and t.role in _OFFICE_ROLES}
    return tuple(site.id for site in network.sites if site.id in with_offices and site.id != vantage
                 and kinds[site.id] not in _NOT_OFFICES)


def plan_diagnosis(network: Network, scope: Scope | str, site_id: str | None = None) -> DiagnosisPlan:
    """The checks that answer `scope` on this network; `DiagnosisError` for an unknown scope or site.

    - server: LAN gateways and servers, every check of each.
    - isp: LAN gateways, servers, ISP gateways and upstream anchors, with their `dns:` checks.
    - site: the isp set, plus every target of the site and of each site on its way in from the vantage.
    - all: every enabled target.
    Disabled targets are never planned.
    """
    try:
        scope = Scope(scope)
    except ValueError:
        raise DiagnosisError(f"unknown scope {scope!r}: use {', '.join(s.value for s in Scope)}") from None
    graph = build_site_graph(network)
    chain: tuple[str, ...] = ()
    if scope is Scope.SITE:
        if not site_id:
            raise DiagnosisError("the site scope needs a site id")
        if network.site(site_id) is None:
            raise DiagnosisError(f"{site_id!r} is not a site in this network")
        chain = (site_id, *(s for s in graph.way_in(site_id) if s != INTERNET))
    elif site_id is not None:
        raise DiagnosisError(f"the {scope.value} scope takes no site id")
    roles = _SCOPE_ROLES[scope]
    depth = {site.id: len(graph.way_in(site.id)) for site in network.sites}
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
                                       target.site, target.address, method.spec, service, target.role,
                                       proves_reachability(target, method)))
    checks.sort(key=lambda c: (LAYER_ORDER.index(c.layer), depth.get(c.site_id, 0) if c.layer is Layer.SITE else 0))
    return DiagnosisPlan(scope, site_id, tuple(checks), chain, graph.site_parents(),
                         {site.id: site.name for site in network.sites}, office_sites(network, graph.vantage),
                         graph.vantage)
