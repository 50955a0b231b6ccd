"""Each office's uptime over the last 24 hours as the shared store's vantages saw it together: the window on the
store's "Uptime 24 h" column.

What the figure means (docs/store.md): the share of the *monitored* time in which the office answered.
- Each vantage's view of the office at any moment is what `reporting.availability` says of that vantage alone:
  its site events laid over the coverage of its own rounds of the office's line check (`line_check`, as the graphs
  draw it). A vantage without rounds at that moment (its agent stopped, or cut off and never back-filled) has no
  view then: it counts neither way, like a view gone stale in the live window.
- The views of each moment combine by the live rule (`domain.vantages.combine_views`): the office is down only
  while it is DOWN (or cut off) from every vantage that had a view; answering one vantage while silent from another
  is a broken path, and the office counts as answering (a cut WAN at one kecamatan is not the office's downtime).
- Only moments some vantage monitored count; an office no vantage measured has no figure ("—"), never 100 %.

The arithmetic is `availability`'s own: the combined moments become one event log and one coverage and go through
it again, so answered and measured time are counted exactly as for a workspace. Reading is two set-based queries
for the whole network (every vantage's site events, and the headers of every vantage's packed minutes of the
offices' checks), whatever the number of offices.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Mapping, Sequence
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from pantau.domain.inventory import Network
from pantau.domain.states import HealthState
from pantau.domain.vantages import CombinedState, VantageView, combine_views
from pantau.reporting.availability import UPTIME_WINDOW_S, Availability, availability, measured_coverage
from pantau.reporting.history import MINUTE
from pantau.reporting.site_service import line_check
from pantau.storage.pg_store import PgStore
from pantau.storage.workspace import EventRow

__all__ = ["combined_availability", "read_store_uptime", "site_uptimes"]


# A broken path: the office answered a vantage, so for its uptime it was up (which vantage's path broke is the
# live view's business, not the office's).
_OFFICE_STATE = {combined: HealthState.UP if combined is CombinedState.PATH_BROKEN else HealthState(combined.value)
                 for combined in CombinedState}


def combined_availability(site_id: str, seen: Mapping[str, Availability], start: float, end: float
                          ) -> Availability:
    """The site over [start, end) from every vantage's own availability in `seen` (each over the same range):
    at each moment the vantages that monitored it combine by `combine_views`; moments none monitored are not
    monitored."""
    cuts = sorted({start, end, *(span.start for seen_from in seen.values() for span in seen_from.spans)})
    starts = {vantage: [span.start for span in seen_from.spans] for vantage, seen_from in seen.items()}
    events: list[EventRow] = []
    covered: list[tuple[float, float]] = []
    for first, last in pairwise(cuts):
        views: dict[str, VantageView] = {}
        for vantage, seen_from in seen.items():
            at = bisect.bisect_right(starts[vantage], first) - 1
            state = seen_from.spans[at].state if at >= 0 else None
            if state is not None:
                views[vantage] = VantageView(state, first)
        if not views:
            continue
        # Each view is "fresh" here by construction (its vantage measured at this moment), hence now = first.
        state = _OFFICE_STATE[combine_views(site_id, views, first).state]
        covered.append((first, last))
        events.append(EventRow(site_id, "site", state, state, first, last, "", "", 0))
    return availability(events, site_id, covered, start, end)


def site_uptimes(network: Network, events: Mapping[str, Sequence[EventRow]],
                 measured: Mapping[tuple[str, str, str], npt.NDArray[np.float64]], start: float, end: float
                 ) -> dict[str, Availability]:
    """Every site of `network` over [start, end), its vantages combined: `events` are each vantage's site events,
    `measured` the minutes each (vantage, target, method) had a round. Sites no vantage has an event and a
    measured minute of are left out (no figure)."""
    by_site: dict[str, dict[str, list[EventRow]]] = defaultdict(lambda: defaultdict(list))
    for vantage, rows in events.items():
        for event in rows:
            if event.subject_kind == "site":
                by_site[event.subject][vantage].append(event)
    found: dict[str, Availability] = {}
    for site in network.sites:
        check = line_check(network, site.id)
        if check is None or site.id not in by_site:
            continue
        seen = {vantage: availability(rows, site.id, measured_coverage(minutes, MINUTE, start, end), start, end)
                for vantage, rows in by_site[site.id].items()
                if (minutes := measured.get((vantage, *check))) is not None}
        if seen:
            found[site.id] = combined_availability(site.id, seen, start, end)
    return found


def read_store_uptime(store: PgStore, network: Network, now: float, window_s: float = UPTIME_WINDOW_S
                      ) -> dict[str, Availability]:
    """Every site's availability over the `window_s` before `now` as the store's vantages saw it together (see
    the module docstring). Two queries on the network; call from a worker thread."""
    start = now - window_s
    checks = sorted({check for site in network.sites if (check := line_check(network, site.id)) is not None})
    events = store.site_events(since=start)
    measured = store.measured_minutes(checks, start, now) if checks else {}
    return site_uptimes(network, events, measured, start, now)
