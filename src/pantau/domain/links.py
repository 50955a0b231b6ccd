"""Which site a link serves, and which link serves a site on a given day: the one rule that the office table, the
map, the contracts panel, the contract risks, the SLA measurement and the diagnosis share.

A link serves the end that reaches the network through the other end (its *subject*):

1. an internet line serves its site;
2. when one end is the other's `parent` in the file, the link serves that child, whichever end the file writes
   first;
3. otherwise the end farther from the vantage on its tree of ways in (`domain.reachability`): a desa's line to its
   kecamatan serves the desa even when the file names no parent, and so does its backup line to another kecamatan;
4. otherwise (two sites as far from the vantage, or not joined to it at all) `a`, the end the file writes first.

A site can have several links. On a given day the one that serves it is chosen in this order:

1. a primary line before a backup. A backup stands in while the primary is cut; a primary whose contract lapsed is
   still the office's line, and that lapse is what the officer must see, not the backup's good standing;
2. among lines of the same role, one with a contract in force that day, then one with no contract in force (lapsed,
   between two contracts, or the regency's own line with none on record), then one whose contracts all start later
   (ordered, not yet in service);
3. the order of the file.

Pure: the day is passed in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from pantau.domain.contracts import contracts_for_link
from pantau.domain.inventory import INTERNET, Link, LinkRole, Network
from pantau.domain.reachability import build_site_graph


def _depths(network: Network) -> dict[str, int]:
    """How many steps each site joined to the vantage lies from it along the tree of ways in (the vantage 0)."""
    graph = build_site_graph(network)
    depths: dict[str, int] = {}
    for site in network.sites:
        if graph.connected(site.id):
            depths[site.id] = len(graph.way_in(site.id))
    return depths


def _subject(link: Link, parents: Mapping[str, str | None], depths: Mapping[str, int]) -> str:
    if link.a == INTERNET:
        return link.b
    if link.b == INTERNET:
        return link.a
    if parents.get(link.b) == link.a:
        return link.b
    if parents.get(link.a) == link.b:
        return link.a
    depth_a, depth_b = depths.get(link.a), depths.get(link.b)
    if depth_a is not None and depth_b is not None and depth_b > depth_a:
        return link.b
    return link.a


@dataclass(frozen=True)
class SiteLinks:
    """A network's links by the site each serves. Build it once per network with `site_links` (it walks the site
    graph) and ask it as often as needed; it does not follow later edits of the network."""

    network: Network
    subjects: Mapping[str, str]
    by_site: Mapping[str, tuple[Link, ...]]

    def subject(self, link: Link) -> str:
        """The site `link` serves (see the module); a link this network does not hold by rules 1, 2 and 4."""
        return self.subjects.get(link.id) or _subject(link, {}, {})

    def links_of(self, site_id: str, on: date) -> list[Link]:
        """Every link that serves `site_id`, the one that serves it on `on` first (see the module)."""
        return sorted(self.by_site.get(site_id, ()), key=lambda link: self.rank(link, on))

    def serving(self, site_id: str, on: date) -> Link | None:
        """The link that serves `site_id` on `on`; None when no link does."""
        return min(self.by_site.get(site_id, ()), key=lambda link: self.rank(link, on), default=None)

    def serving_all(self, on: date) -> dict[str, Link]:
        """The link that serves each site on `on`, for every site some link serves, in the network's site order
        (sites first, then ids that name no site)."""
        order = list(dict.fromkeys([*(site.id for site in self.network.sites if site.id in self.by_site),
                                    *self.by_site]))
        return {site_id: link for site_id in order if (link := self.serving(site_id, on)) is not None}

    def rank(self, link: Link, on: date) -> tuple[int, int]:
        """How well `link` serves its site on `on`, lowest best: its role, then its contracts' standing that day
        (0 one in force, 1 none in force, 2 all start later). Links of one site sort by it in a stable sort."""
        contracts = contracts_for_link(self.network, link)
        if any(c.start <= on <= c.end for c in contracts):
            standing = 0
        elif contracts and all(c.start > on for c in contracts):
            standing = 2
        else:
            standing = 1
        return (0 if link.role is LinkRole.PRIMARY else 1, standing)


def site_links(network: Network) -> SiteLinks:
    """The links of `network` by the site each serves (see the module)."""
    parents = {site.id: site.parent for site in network.sites}
    depths = _depths(network)
    subjects: dict[str, str] = {}
    by_site: dict[str, list[Link]] = {}
    for link in network.links:
        subject = _subject(link, parents, depths)
        subjects[link.id] = subject
        by_site.setdefault(subject, []).append(link)
    return SiteLinks(network, subjects, {site_id: tuple(links) for site_id, links in by_site.items()})


def link_subject(network: Network, link: Link) -> str:
    """The site `link` serves; for many links build `site_links` once instead."""
    return site_links(network).subject(link)


def serving_link(network: Network, site_id: str, on: date) -> Link | None:
    """The link that serves `site_id` on `on` (see the module); None when no link serves it."""
    return site_links(network).serving(site_id, on)

