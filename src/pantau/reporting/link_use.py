"""What each link carries, as the workspace last recorded it (`pantau links`): now, and over the last hour.

A link without an `snmp` block, or whose traffic was never recorded, is "not measured", never 0 %. A gap (a failed
poll, an agent restart) says why. A newest interval older than three poll intervals says how old it is: whoever
wrote it (`pantau monitor`, the window) may have stopped.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pantau.domain.inventory import Network
from pantau.domain.traffic import (
    FULL_PERCENT,
    OperStatus,
    TrafficInterval,
    TrafficRollup,
    percentile,
    utilisation_percent,
)
from pantau.storage.workspace import Workspace

RECENT_WINDOW_S = 3600
STALE_AFTER_INTERVALS = 3


class UseState(StrEnum):
    MEASURED = "measured"
    GAP = "gap"  # the newest interval is a gap: the poll failed or the counters could not be read as a rate
    STALE = "stale"  # the newest interval is old: nobody is polling now
    NOT_MEASURED = "not-measured"  # no snmp block, or nothing recorded yet


@dataclass(frozen=True)
class LinkUseRow:
    link_id: str
    provider: str
    committed_kbps: int
    state: UseState
    at: float | None  # end of the newest interval
    in_bps: float | None
    out_bps: float | None
    oper_status: OperStatus | None
    problem: str | None
    hour: TrafficRollup | None  # the last hour's minutes merged: mean, peak, p95 of the minute means

    @property
    def use_percent(self) -> float | None:
        if self.in_bps is None or self.out_bps is None:
            return None
        return utilisation_percent(max(self.in_bps, self.out_bps), self.committed_kbps)

    @property
    def is_full(self) -> bool:
        return self.state is UseState.MEASURED and (self.use_percent or 0.0) >= FULL_PERCENT

    def as_json(self) -> dict[str, Any]:
        hour = self.hour
        return {
            "link": self.link_id,
            "provider": self.provider,
            "committed_kbps": self.committed_kbps,
            "state": self.state.value,
            "at": self.at,
            "in_bps": self.in_bps,
            "out_bps": self.out_bps,
            "use_percent": self.use_percent,
            "oper_status": None if self.oper_status is None else self.oper_status.value,
            "problem": self.problem,
            "last_hour": None if hour is None else {
                "measured_s": hour.measured_s,
                "mean_percent": utilisation_percent(hour.mean_bps, self.committed_kbps),
                "peak_percent": utilisation_percent(hour.peak_bps, self.committed_kbps),
                "p95_percent": utilisation_percent(hour.p95_bps, self.committed_kbps),
            },
        }


def link_use_rows(network: Network, workspace: Workspace, now: float | None = None) -> list[LinkUseRow]:
    """One row per link, in the network's order."""
    now = time.time() if now is None else now
    measured = [link.id for link in network.links if link.snmp is not None]
    latest = workspace.latest_traffic(measured)
    rows = []
    for link in network.links:
        newest = latest.get(link.id)
        if link.snmp is None or newest is None:
            rows.append(LinkUseRow(link.id, link.provider, link.bandwidth_kbps, UseState.NOT_MEASURED, None, None,
                                   None, None, None if link.snmp is None else "nothing recorded yet", None))
            continue
        minutes = workspace.traffic_rollups(link.id, "1m", now - RECENT_WINDOW_S, now)
        state = _state_of(newest, link.snmp.interval_s, now)
        rows.append(LinkUseRow(link.id, link.provider, link.bandwidth_kbps, state, newest.end, newest.in_bps,
                               newest.out_bps, newest.oper_status, newest.problem, merge_rollups(minutes)))
    return rows


def _state_of(newest: TrafficInterval, interval_s: float, now: float) -> UseState:
    if now - newest.end > STALE_AFTER_INTERVALS * interval_s:
        return UseState.STALE
    return UseState.GAP if newest.is_gap else UseState.MEASURED


def merge_rollups(parts: list[TrafficRollup]) -> TrafficRollup | None:
    """Several buckets as one: means weighted by measured seconds, the highest peak, and the 95th percentile of
    the buckets' means (minute means: the usual "95th percentile of 1-minute averages"). None for no buckets."""
    if not parts:
        return None
    measured = sum(part.measured_s for part in parts)
    return TrafficRollup(
        start=parts[0].start,
        end=parts[-1].end,
        measured_s=measured,
        in_mean_bps=sum(part.in_mean_bps * part.measured_s for part in parts) / measured,
        out_mean_bps=sum(part.out_mean_bps * part.measured_s for part in parts) / measured,
        in_max_bps=max(part.in_max_bps for part in parts),
        out_max_bps=max(part.out_max_bps for part in parts),
        in_p95_bps=percentile([part.in_mean_bps for part in parts], 0.95),
        out_p95_bps=percentile([part.out_mean_bps for part in parts], 0.95),
    )


def format_bps(bps: float) -> str:
    """A rate for people: "820 bit/s", "82.1 kbit/s", "1.20 Mbit/s", "2.5 Gbit/s"."""
    for unit, size in (("Gbit/s", 1e9), ("Mbit/s", 1e6), ("kbit/s", 1e3)):
        if bps >= size:
            value = bps / size
            return f"{value:.3g} {unit}" if value < 100 else f"{value:.0f} {unit}"
    return f"{bps:.0f} bit/s"


def format_age(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s ago"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min ago"
    return f"{seconds / 3600:.1f} h ago"


def format_link_use(rows: list[LinkUseRow], now: float | None = None) -> str:
    """The plain-text table of `pantau links`."""
    now = time.time() if now is None else now
    lines = [f"{'LINK':<24} {'CONTRACT':>12}  {'IN / OUT NOW':<26} {'USE':>5}  {'LAST HOUR MEAN/P95/PEAK':<24}  STATE"]
    for row in rows:
        committed = format_bps(row.committed_kbps * 1000)
        if row.state is UseState.NOT_MEASURED:
            why = "no SNMP interface set up" if row.problem is None else row.problem
            lines.append(f"{row.link_id:<24} {committed:>12}  not measured: {why}")
            continue
        now_text = "-" if row.in_bps is None or row.out_bps is None else \
            f"{format_bps(row.in_bps)} / {format_bps(row.out_bps)}"
        use = "-" if row.use_percent is None else f"{row.use_percent:.0f} %"
        hour = "-"
        if row.hour is not None:
            shares = [utilisation_percent(v, row.committed_kbps)
                      for v in (row.hour.mean_bps, row.hour.p95_bps, row.hour.peak_bps)]
            hour = " / ".join(f"{share:.0f}" for share in shares) + " %"
        age = format_age(now - row.at) if row.at is not None else ""
        state = {UseState.MEASURED: f"measured {age}", UseState.STALE: f"OLD: newest reading {age}",
                 UseState.GAP: f"gap {age}: {row.problem}"}.get(row.state, row.state.value)
        if row.state is UseState.MEASURED and row.oper_status is not None and row.oper_status.is_down:
            state += f"; interface {row.oper_status.value}"
        elif row.is_full:
            state += "; line full"
        lines.append(f"{row.link_id:<24} {committed:>12}  {now_text:<26} {use:>5}  {hour:<24}  {state}")
    return "\n".join(lines)
