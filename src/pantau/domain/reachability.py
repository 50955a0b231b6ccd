"""Reachability from where the prober stands: the vantage site, the graph of sites, and which sites are cut off.

The computer that probes sits in one site, the *vantage* (`[monitoring] vantage`, by default the site of the
central server). Sites are joined by their links (a link's two ends; `internet` is one more node, so two sites
with internet lines reach each other through it) and by `parent` (the site a site reaches the network through).
The same file is therefore right for a prober at the data centre and for one at a kecamatan office: only the
vantage changes.

The rules the engine and the alert planner follow:

- A site *answers* when any of its targets' hosts answer (an echo reply, a refused or accepted connection, an HTTP
  answer of any status). A site is *silent* (DOWN by reachability) when it has probed hosts and every one of them
  is DOWN without a word. Service checks (`dns:`, and HTTP checks of another host) prove nothing either way.
- A site is UNREACHABLE only when it does not answer and every path to it from the vantage passes through a silent
  site. A site that answers is never UNREACHABLE; a site that is only DOWN for a failing service blocks nothing.
- Any answer from beyond a silent site proves that it passes traffic (a router that ignores ping), so it blocks
  nothing either.
- Sites with no path from the vantage at all are judged on their own (their silence is shown as DOWN): without a
  path there is no evidence that anything else is at fault.

`tree_parent` is the vantage's view of "the way in" to each site: the previous site on the cheapest path from the
vantage, where backup lines and the internet cost more than parents and primary links, so an office hangs under
its primary uplink. Alerts count the offices behind a DOWN site along this tree; reasons name the silent site
nearest the vantage.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass

from pantau.domain.inventory import INTERNET, LinkRole, MethodKind, Network, ProbeMethod, SiteKind, Target, TargetRole

# Path costs for the tree of "ways in": a backup line or a detour through the internet is used only when the
# primary path does not exist.
_PRIMARY_COST = 1
_INTERNET_COST = 10
_BACKUP_COST = 100


def proves_reachability(target: Target, method: ProbeMethod) -> bool:
    """Whether a check's answers (or silence) say whether the target's host is reachable: ICMP and TCP always; an
    HTTP check only when it connects to the target's own address; a `dns:` check never (it asks a resolver about a
    name)."""
    if method.kind in (MethodKind.ICMP, MethodKind.TCP):
        return True
    if method.kind is MethodKind.HTTP:
        return (method.host or "").strip("[]").lower() == target.address.strip("[]").lower()
    return False


def vantage_of(network: Network) -> str | None:
    """The site the prober sits in: `[monitoring] vantage`, else the site of the first server, else of the first
    LAN gateway, else the first data centre, else the first site (None for a network without sites)."""
    site_ids = {site.id for site in network.sites}
    configured = network.monitoring.vantage
    if configured and configured in site_ids:
        return configured
    for role in (TargetRole.SERVER, TargetRole.LAN_GATEWAY):
        target = next((t for t in network.targets if t.role is role and t.site in site_ids), None)
        if target is not None:
            return target.site
    datacenter = next((site.id for site in network.sites if site.kind is SiteKind.DATACENTER), None)
    if datacenter is not None:
        return datacenter
    return network.sites[0].id if network.sites else None


@dataclass(frozen=True)
class SiteGraph:
    """The sites (and `internet`) with their neighbours, and the cheapest-path tree from the vantage."""

    vantage: str | None
    neighbours: Mapping[str, tuple[str, ...]]
    tree_parent: Mapping[str, str | None]

    def connected(self, site_id: str) -> bool:
        """Whether any path joins the site to the vantage (the vantage itself included)."""
        return site_id == self.vantage or self.tree_parent.get(site_id) is not None

    def way_in(self, site_id: str) -> list[str]:
        """The sites between the vantage and `site_id` on the tree, nearest to the site first, `internet`
        and the vantage included, the site itself not."""
        chain: list[str] = []
        current = self.tree_parent.get(site_id)
        while current is not None and current not in chain and current != site_id:
            chain.append(current)
            current = self.tree_parent.get(current)
        return chain

    def site_parents(self) -> dict[str, str | None]:
        """Each site's way in as a site id (None for the vantage, unconnected sites and sites reached through
        the internet): the parent map the alert planner and the diagnosis walk."""
        return {site: (parent if parent != INTERNET else None) for site, parent in self.tree_parent.items()
                if site != INTERNET}


def build_site_graph(network: Network) -> SiteGraph:
    """The graph of `network` seen from its vantage."""
    site_ids = {site.id for site in network.sites}
    costs: dict[str, dict[str, int]] = {site_id: {} for site_id in site_ids}
    costs[INTERNET] = {}

    def join(a: str, b: str, cost: int) -> None:
        if a == b or a not in costs or b not in costs:
            return
        costs[a][b] = min(cost, costs[a].get(b, cost))
        costs[b][a] = min(cost, costs[b].get(a, cost))

    for site in network.sites:
        if site.parent is not None:
            join(site.id, site.parent, _PRIMARY_COST)
    for link in network.links:
        if INTERNET in (link.a, link.b):
            cost = _INTERNET_COST if link.role is LinkRole.PRIMARY else _BACKUP_COST
        else:
            cost = _PRIMARY_COST if link.role is LinkRole.PRIMARY else _BACKUP_COST
        join(link.a, link.b, cost)

    vantage = vantage_of(network)
    order = {site.id: index for index, site in enumerate(network.sites)}
    order[INTERNET] = len(order)
    neighbours = {node: tuple(sorted(edges, key=order.__getitem__)) for node, edges in costs.items()}
    tree_parent: dict[str, str | None] = dict.fromkeys(costs)
    if vantage is not None:
        best = {vantage: 0}
        heap: list[tuple[int, int, str]] = [(0, order[vantage], vantage)]
        while heap:
            distance, _, node = heapq.heappop(heap)
            if distance > best[node]:
                continue
            for other in neighbours[node]:
                candidate = distance + costs[node][other]
                if candidate < best.get(other, candidate + 1):
                    best[other] = candidate
                    tree_parent[other] = node
                    heapq.heappush(heap, (candidate, order[other], other))
    return SiteGraph(vantage, neighbours, tree_parent)


@dataclass(frozen=True)
class CutOff:
    """The sites no path from the vantage reaches, each with the silent site that blocks its way in."""

    blocked_by: Mapping[str, str]
    # Silent sites that an answer from beyond them proves to pass traffic.
    passing: frozenset[str]


def cut_off_sites(graph: SiteGraph, answering: Set[str], silent: Set[str]) -> CutOff:
    """Which sites are cut off from the vantage, given the sites that answer and the silent ones.

    A site that answers is never cut off. A silent site with an answering site beyond it (reachable from it
    without going back through the part of the network the vantage still reaches) passes traffic and blocks
    nothing. See the module docstring.
    """
    if graph.vantage is None:
        return CutOff({}, frozenset())
    blocking = set(silent) - set(answering)
    passing: set[str] = set()
    while True:
        open_region = _spread(graph, [graph.vantage], blocking)
        witnesses = [site for site in answering if site not in open_region and graph.connected(site)]
        # Everything reached from an answering site without entering the open region lies on its way in.
        beyond = _spread(graph, witnesses, blocked=set(), avoid=open_region)
        proven = (blocking & beyond) | {site for site in blocking if site in open_region
                                        and any(n in beyond for n in graph.neighbours[site])}
        if not proven:
            break
        passing |= proven
        blocking -= proven
    blocked_by: dict[str, str] = {}
    for site in graph.tree_parent:
        if site == INTERNET or site in answering or not graph.connected(site) or site in open_region:
            continue
        blocked_by[site] = _nearest_blocker(graph, site, blocking)
    return CutOff(blocked_by, frozenset(passing))


def _spread(graph: SiteGraph, starts: Iterable[str], blocked: Set[str], avoid: Set[str] = frozenset()) -> set[str]:
    """The nodes reached from `starts`, entering blocked nodes but not going on from them, never entering
    `avoid`. A blocked start is reached but not spread from, so a silent vantage reaches only itself."""
    reached = {start for start in starts if start not in avoid}
    queue = deque(start for start in reached if start not in blocked)
    while queue:
        node = queue.popleft()
        for other in graph.neighbours.get(node, ()):
            if other in reached or other in avoid:
                continue
            reached.add(other)
            if other not in blocked:
                queue.append(other)
    return reached


def _nearest_blocker(graph: SiteGraph, site: str, blocking: Set[str]) -> str:
    """The blocking site nearest the vantage on the site's way in (any blocking site when the tree path has none,
    as when only a backup path is left)."""
    on_path = [node for node in graph.way_in(site) if node in blocking]
    if on_path:
        return on_path[-1]
    return min(blocking, default="", key=lambda node: len(graph.way_in(node)))
