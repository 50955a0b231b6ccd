"""What the shared store says of the network now, for `pantau --store URL status`: each site's state as every
vantage's view combines (`domain.vantages`), with the vantages on each side, and each agent's last word.

The officer on call at home has no window at the data centre: this is his view of the team's network. Pure: the
store's answers and the time are passed in, so the rules are tested without a database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pantau.domain.inventory import Network
from pantau.domain.vantages import DEFAULT_STALE_AFTER_S, CombinedState, SiteViews, VantageView, combine_views
from pantau.reporting.catalogue import Lang
from pantau.reporting.vantage_text import views_text


@dataclass(frozen=True)
class AgentStatus:
    """One vantage's agent: when the store last heard from it and how far behind its shipping was then."""

    vantage: str
    name: str
    last_seen: float
    behind_s: float
    silent: bool

    def as_json(self, now: float) -> dict[str, Any]:
        return {"vantage": self.vantage, "name": self.name, "last_seen": self.last_seen,
                "age_s": round(now - self.last_seen, 1), "behind_s": round(self.behind_s, 1), "silent": self.silent}


@dataclass(frozen=True)
class StoreSiteRow:
    site_id: str
    name: str
    views: SiteViews
    sentence: str

    @property
    def state(self) -> CombinedState:
        return self.views.state

    def as_json(self) -> dict[str, Any]:
        views = self.views
        return {"site": self.site_id, "name": self.name, "state": views.state.value,
                "heard_from": list(views.heard_from), "silent_from": list(views.silent_from),
                "stale": list(views.stale), "undecided": list(views.undecided), "text": self.sentence}


@dataclass(frozen=True)
class StoreStatus:
    sites: list[StoreSiteRow]
    agents: list[AgentStatus]

    def as_json(self, now: float) -> dict[str, Any]:
        return {"sites": [row.as_json() for row in self.sites], "agents": [a.as_json(now) for a in self.agents]}


def store_status(network: Network, views: Mapping[str, Mapping[str, VantageView]],
                 agents: Mapping[str, tuple[float, float]], now: float, lang: Lang = "en",
                 stale_after_s: float = DEFAULT_STALE_AFTER_S) -> StoreStatus:
    """Every site of `network` in its order (a site no vantage has judged is UNKNOWN), and every agent by name."""
    rows = []
    for site in network.sites:
        combined = combine_views(site.id, views.get(site.id, {}), now, stale_after_s)
        rows.append(StoreSiteRow(site.id, site.name, combined, views_text(network, combined, lang, stale_after_s)))
    agent_rows = []
    for vantage, (last_seen, behind_s) in sorted(agents.items()):
        home = network.site(vantage)
        agent_rows.append(AgentStatus(vantage, home.name if home is not None else vantage, last_seen, behind_s,
                                      silent=now - last_seen > stale_after_s))
    return StoreStatus(rows, agent_rows)
