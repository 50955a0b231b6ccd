"""Per-site status as the workspace last recorded it: state, rtt, loss, last change (`pantau status`)."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from typing import Any

from pantau.domain.inventory import Network
from pantau.domain.states import HealthState
from pantau.storage.workspace import Workspace

# Loss is reported over the last few minutes of rollups: long enough to mean something, short enough to be "now".
LOSS_WINDOW_S = 300


@dataclass(frozen=True)
class SiteStatusRow:
    site_id: str
    name: str
    state: HealthState
    rtt_ms: float | None
    loss_percent: float | None
    since: float | None
    reason: str

    def as_json(self) -> dict[str, Any]:
        return {
            "site": self.site_id,
            "name": self.name,
            "state": self.state.value,
            "rtt_ms": self.rtt_ms,
            "loss_percent": self.loss_percent,
            "since": self.since,
            "reason": self.reason,
        }


def site_status_rows(network: Network, workspace: Workspace, now: float | None = None) -> list[SiteStatusRow]:
    now = time.time() if now is None else now
    events = workspace.open_events(subject_kind="site")
    latest = workspace.latest_sample_per_target()
    rows = []
    for site in network.sites:
        targets = network.targets_of(site.id)
        rtts = [s.rtt_ms for t in targets if (s := latest.get(t.id)) is not None and s.rtt_ms is not None]
        count = failures = 0
        for target in targets:
            for check in target.checks:
                for bucket in workspace.rollups(target.id, check, "1m", now - LOSS_WINDOW_S, now):
                    count += bucket.count
                    failures += bucket.failures
        event = events.get(site.id)
        rows.append(SiteStatusRow(
            site_id=site.id,
            name=site.name,
            state=event.state if event else HealthState.UNKNOWN,
            rtt_ms=statistics.median(rtts) if rtts else None,
            loss_percent=100.0 * failures / count if count else None,
            since=event.started if event else None,
            reason=event.reason if event else "never probed",
        ))
    return rows
