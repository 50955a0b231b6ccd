"""Usual round-trip times from the workspace's history: what the diagnosis calls "far above usual".

A target's baseline is the median of its ICMP RTT over the last `BASELINE_DAYS` days, one value per complete hour
(the hourly rollups), so a congested afternoon shifts it little. A young workspace with fewer than `MIN_BUCKETS`
such hours uses its 1-minute rollups instead, leaving out the last `RECENT_S` seconds so that a congestion under way
does not become its own baseline. Targets with no answered round in that time have no baseline.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable

from pantau.storage.workspace import RollupRow, Workspace

BASELINE_DAYS = 7
MIN_BUCKETS = 3
RECENT_S = 600.0
_HOUR = 3600
_DAY = 86_400


def _usual(rows: Iterable[RollupRow]) -> list[float]:
    return [row.rtt_avg for row in rows if row.rtt_avg is not None and row.count > row.failures]


def rtt_baselines(workspace: Workspace, target_ids: Iterable[str], now: float,
                  days: float = BASELINE_DAYS) -> dict[str, float]:
    """Each target's usual ICMP RTT in ms (see the module docstring); targets without history are left out."""
    start = now - days * _DAY
    this_hour = now // _HOUR * _HOUR
    baselines: dict[str, float] = {}
    for target_id in target_ids:
        values = _usual(workspace.rollups(target_id, "icmp", "1h", start, this_hour))
        if len(values) < MIN_BUCKETS:
            values = _usual(workspace.rollups(target_id, "icmp", "1m", start, now - RECENT_S))
        if values:
            baselines[target_id] = statistics.median(values)
    return baselines
