"""What the office table and the map say of a site's line: its use now and its busiest interval of the last hour.

`RecentPeaks` keeps each link's intervals of the last hour in memory (120 at the 30 s default), so the table's
"Use %" never reads the disk on an update; the window seeds it from the workspace once. `site_uses` maps each site
to the line that serves it (`domain.links`): a site whose line has no SNMP interface is left out ("not measured",
never 0 %); a measured line with no figure yet, or whose poll fails, is there with `problem` set.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from pantau.domain.inventory import Network
from pantau.domain.links import site_links
from pantau.domain.traffic import FULL_PERCENT, LineLoad, utilisation_percent

HOUR_S = 3600.0


class RecentPeaks:
    """Each link's intervals of the last `window_s` seconds: (end, fuller direction's rate)."""

    def __init__(self, window_s: float = HOUR_S) -> None:
        self._window_s = window_s
        self._by_link: dict[str, list[tuple[float, float]]] = {}

    def add(self, link: str, end: float, peak_bps: float) -> None:
        """Keep an interval, in time order whenever it arrives (the workspace's seed may come after the live
        feed); one ending at the same moment as a kept one is the same interval."""
        intervals = self._by_link.setdefault(link, [])
        at = bisect.bisect_left(intervals, (end, float("-inf")))
        if at < len(intervals) and intervals[at][0] == end:
            return
        intervals.insert(at, (end, peak_bps))
        self._trim(intervals, intervals[-1][0])

    def peak_bps(self, link: str, now: float) -> float | None:
        """The busiest interval of the window ending `now`; None when none ended in it."""
        intervals = self._by_link.get(link)
        if not intervals:
            return None
        self._trim(intervals, now)
        return max((bps for _, bps in intervals), default=None)

    def _trim(self, intervals: list[tuple[float, float]], now: float) -> None:
        cut = bisect.bisect_left(intervals, (now - self._window_s, float("-inf")))
        del intervals[:cut]


@dataclass(frozen=True)
class SiteUse:
    """A site's line as measured: `now_percent` the newest interval, `peak_percent` the busiest of the last hour
    (None: no figure); `problem` why the newest poll gave none; `interface_down` the router says the port is down."""

    link_id: str
    committed_kbps: int
    now_percent: float | None
    peak_percent: float | None
    problem: str | None
    interface_down: bool

    @property
    def full(self) -> bool:
        return self.peak_percent is not None and self.peak_percent >= FULL_PERCENT


def site_uses(network: Network, today: date, loads: Mapping[str, LineLoad], problems: Mapping[str, str | None],
              peaks: RecentPeaks, now: float) -> dict[str, SiteUse]:
    """Each site whose serving line has an SNMP interface, with that line's use."""
    uses: dict[str, SiteUse] = {}
    for site_id, link in site_links(network).serving_all(today).items():
        if link.snmp is None:
            continue
        load = loads.get(link.id)
        # An old reading says nothing about now (the poller stopped, the window was paused): no "now" figure.
        fresh = load is not None and load.fresh(now)
        peak = peaks.peak_bps(link.id, now)
        uses[site_id] = SiteUse(
            link_id=link.id,
            committed_kbps=link.bandwidth_kbps,
            now_percent=load.use_percent if load is not None and fresh else None,
            peak_percent=None if peak is None else utilisation_percent(peak, link.bandwidth_kbps),
            problem=problems.get(link.id) if load is not None else "no reading yet",
            interface_down=load.interface_down if load is not None else False,
        )
    return uses
