"""The contracts behind a verdict: the line that matters, its current contract, the lines on an office's way in,
its backup lines, and for a provider-wide fault the lines of every silent office."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from pantau.domain.contracts import (
    PAYMENT_GRACE_DAYS,
    ContractStatus,
    contract_status,
    contracts_for_link,
    days_left,
    unpaid_periods,
)
from pantau.domain.diagnosis.model import Layer, Scope, Verdict
from pantau.domain.diagnosis.plan import DiagnosisPlan
from pantau.domain.diagnosis.verdict import VerdictResult
from pantau.domain.inventory import (
    INTERNET,
    BudgetStatus,
    Link,
    LinkMedium,
    LinkRole,
    Network,
    SiteKind,
    TargetRole,
)
from pantau.domain.links import SiteLinks, site_links
from pantau.domain.reachability import vantage_of


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
    """The link that matters for the verdict, the other links on the site's way in (site scope), the backup lines
    of the same site, and for the provider's access network (isp-access) the primary line of every silent office."""

    link: LinkFacts
    chain: tuple[LinkFacts, ...] = ()
    backups: tuple[LinkFacts, ...] = ()
    office_lines: tuple[LinkFacts, ...] = ()

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


def _link_facts(network: Network, links: SiteLinks, link: Link, today: date,
                reachable: Mapping[str, bool]) -> LinkFacts:
    site_id = links.subject(link)
    far_end = link.b if site_id == link.a else link.a
    return LinkFacts(link.id, site_id, far_end, link.provider, link.circuit_id, link.medium, link.role,
                     contract_facts(network, link, today), reachable.get(link.id))


def centre_site(network: Network) -> str | None:
    """The data centre: the site of the first server (or LAN gateway), else the first datacenter site."""
    for role in (TargetRole.SERVER, TargetRole.LAN_GATEWAY):
        target = next((t for t in network.targets if t.role is role), None)
        if target is not None:
            return target.site
    return next((s.id for s in network.sites if s.kind is SiteKind.DATACENTER), None)


def _internet_link(network: Network, links: SiteLinks, today: date) -> Link | None:
    """The vantage's internet line (the one that serves it today first), else any internet line, ranked alike."""
    centre = vantage_of(network)
    lines = sorted((link for link in network.links if INTERNET in (link.a, link.b)),
                   key=lambda link: (links.subject(link) != centre, links.rank(link, today)))
    return lines[0] if lines else None


def contract_context(network: Network, plan: DiagnosisPlan, result: VerdictResult, today: date,
                     backup_reachable: Mapping[str, bool] | None = None) -> ContractContext | None:
    """The links behind the verdict, with their current contracts; None when no link matters.

    The link chosen: for an office fault, the uplink of the office named (nearest the vantage); for an ISP fault
    or degradation, the vantage's internet link; otherwise the site's own uplink (site scope; the nearest one on
    its way in when the site has none) or the internet link (isp and all scopes). The server scope looks at no link
    unless the verdict points at one. For the provider's access network (isp-access) the line that serves each silent
    office is listed too, and no backup line is offered. Which line serves a site is `domain.links`' rule.
    """
    links = site_links(network)
    reachable = backup_reachable or {}
    layer = result.failing_layer
    focus: Link | None = None
    if layer is Layer.SITE and result.finding:
        office = (result.failing_sites or tuple(o.site_id for o in result.finding.outcomes if o.site_id))[:1]
        focus = next((link for site in office for link in links.links_of(site, today)), None)
    elif layer in (Layer.ISP, Layer.UPSTREAM):
        focus = _internet_link(network, links, today)
    if focus is None and plan.scope is Scope.SITE:
        focus = next((link for site in plan.chain for link in links.links_of(site, today)), None)
    if focus is None and plan.scope in (Scope.ISP, Scope.ALL):
        focus = _internet_link(network, links, today)
    if focus is None:
        return None
    facts = _link_facts(network, links, focus, today, reachable)
    chain = tuple(_link_facts(network, links, serving, today, reachable) for site in plan.chain
                  if (serving := links.serving(site, today)) is not None and serving.id != focus.id)
    if result.verdict is Verdict.ISP_ACCESS:
        lines = tuple(_link_facts(network, links, serving, today, reachable) for site in result.failing_sites
                      if (serving := links.serving(site, today)) is not None)
        return ContractContext(facts, chain, (), lines)
    backups = tuple(_link_facts(network, links, link, today, reachable)
                    for link in links.links_of(facts.site_id, today)
                    if link.role is LinkRole.BACKUP and link.id != focus.id)
    return ContractContext(facts, chain, backups)
