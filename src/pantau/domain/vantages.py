"""One site seen from several vantage points: what the views together say (the shared store's agents each judge
every site from where they sit).

Rules, in order (pure; `now` is passed in):
1. Only fresh views count. A view older than `stale_after_s` (its agent went silent, or was cut off from the store)
   is set aside and named, never counted as UP or as DOWN: an old result says it is old.
2. No fresh view at all: UNKNOWN (no data is "not monitored", never up).
3. Some vantages hear the site (UP, DEGRADED) and others do not (DOWN, UNREACHABLE): the site is alive and the
   paths from the silent vantages are broken: `PATH_BROKEN`, never DOWN. Both sides are named.
4. Every fresh vantage hears it: the best of what they hear (UP if one hears it well).
5. None hears it: DOWN if one vantage has a clear path to it and finds it silent (its own DOWN), else UNREACHABLE
   (every vantage is cut off from it behind another silent site).
A vantage that says UNKNOWN (it has not probed yet) counts neither way.

A vantage is a site of the network: `vantage_problem` says why a name cannot be one (an agent's or a probing
window's `--vantage`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from pantau.domain.inventory import Network
from pantau.domain.states import HealthState

# A vantage's view older than this is set aside: several missed heartbeats of an agent shipping every second.
DEFAULT_STALE_AFTER_S = 120.0

_HEARD = (HealthState.UP, HealthState.DEGRADED)
_SILENT = (HealthState.DOWN, HealthState.UNREACHABLE)


class CombinedState(StrEnum):
    UP = "UP"
    DEGRADED = "DEGRADED"
    PATH_BROKEN = "PATH_BROKEN"
    DOWN = "DOWN"
    UNREACHABLE = "UNREACHABLE"
    UNKNOWN = "UNKNOWN"


@dataclass(frozen=True)
class VantageView:
    """What one vantage last judged of a site, and when (epoch seconds)."""

    state: HealthState
    at: float


@dataclass(frozen=True)
class SiteViews:
    """The views of one site together: the combined state and the vantages on each side (sorted by name)."""

    site: str
    state: CombinedState
    heard_from: tuple[str, ...]
    silent_from: tuple[str, ...]
    stale: tuple[str, ...]
    undecided: tuple[str, ...]


def combine_views(site: str, views: Mapping[str, VantageView], now: float,
                  stale_after_s: float = DEFAULT_STALE_AFTER_S) -> SiteViews:
    """The site's state from every vantage's view (see the module's rules)."""
    fresh = {vantage: view for vantage, view in views.items() if now - view.at <= stale_after_s}
    stale = tuple(sorted(set(views) - set(fresh)))
    heard = tuple(sorted(v for v, view in fresh.items() if view.state in _HEARD))
    silent = tuple(sorted(v for v, view in fresh.items() if view.state in _SILENT))
    undecided = tuple(sorted(v for v, view in fresh.items() if view.state not in _HEARD + _SILENT))
    if heard and silent:
        state = CombinedState.PATH_BROKEN
    elif heard:
        well = any(fresh[v].state is HealthState.UP for v in heard)
        state = CombinedState.UP if well else CombinedState.DEGRADED
    elif silent:
        own_down = any(fresh[v].state is HealthState.DOWN for v in silent)
        state = CombinedState.DOWN if own_down else CombinedState.UNREACHABLE
    else:
        state = CombinedState.UNKNOWN
    return SiteViews(site, state, heard, silent, stale, undecided)


def combine_all(views: Mapping[str, Mapping[str, VantageView]], now: float,
                stale_after_s: float = DEFAULT_STALE_AFTER_S) -> dict[str, SiteViews]:
    """`views[site][vantage]` combined for every site."""
    return {site: combine_views(site, by_vantage, now, stale_after_s) for site, by_vantage in views.items()}


def vantage_problem(network: Network, vantage: str) -> str | None:
    """Why `vantage` cannot judge `network` from where it sits (it is none of its sites, some of which are named);
    None when it can."""
    if network.site(vantage) is not None:
        return None
    sites = ", ".join(site.id for site in network.sites[:20])
    return (f"the vantage {vantage!r} is not a site of the network {network.name!r} "
            f"(sites: {sites}{' …' if len(network.sites) > 20 else ''})")
