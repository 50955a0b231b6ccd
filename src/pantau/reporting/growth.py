"""How fast a network's workspace grows, from its checks, their intervals and the retention settings.

Bytes per row are measured (benchmarks/bench_workspace_growth.py, dbstat over days of history): a raw round takes
about 25 bytes, an hour of a check's 1-minute rollups (one packed row, storage/minute_pack.py) 580-630 for a line
whose rtt varies as a real one does (a steadier line packs smaller), a 1-hour rollup row about 34. Raw rounds and
minute rollups are kept for their retention, so the file grows by their daily amount until the retention is full,
and from then on only by the hourly rollups, which are kept forever. Rounds repeated after a failure, error
messages and the event log add a little; the estimate leaves them out and says "about".
"""

from __future__ import annotations

from dataclasses import dataclass

from pantau.domain.inventory import Network

DAY = 86_400
RAW_ROUND_BYTES = 25
MINUTE_HOUR_BYTES = 630
ROLLUP_ROW_BYTES = 34
MB = 1_000_000


@dataclass(frozen=True)
class GrowthEstimate:
    checks: int
    raw_bytes_per_day: float
    minute_bytes_per_day: float
    hour_bytes_per_day: float
    raw_days: float
    minute_days: float

    @property
    def bytes_per_day(self) -> float:
        """While the retention fills: everything written in a day."""
        return self.raw_bytes_per_day + self.minute_bytes_per_day + self.hour_bytes_per_day

    @property
    def steady_bytes(self) -> float:
        """The raw rounds and minute rollups the retention keeps, once it is full."""
        return self.raw_days * self.raw_bytes_per_day + self.minute_days * self.minute_bytes_per_day

    def text(self) -> str:
        return (f"about {self.bytes_per_day / MB:.1f} MB a day for {self.checks} checks while the retention fills "
                f"({self.raw_days:g} days of raw rounds, {self.minute_days:g} of minute rollups), then about "
                f"{self.steady_bytes / MB:.0f} MB growing {self.hour_bytes_per_day / MB:.2f} MB a day "
                f"(hourly rollups, kept for good)")


def estimate_growth(network: Network) -> GrowthEstimate:
    """The daily growth of `network`'s history at its settings (enabled targets, each check at its interval)."""
    checks = rounds = 0.0
    for target in network.targets:
        if target.enabled:
            count = len(target.checks)
            checks += count
            rounds += count * DAY / target.effective_interval_s
    settings = network.monitoring
    return GrowthEstimate(
        checks=int(checks),
        raw_bytes_per_day=rounds * RAW_ROUND_BYTES,
        minute_bytes_per_day=checks * 24 * MINUTE_HOUR_BYTES,
        hour_bytes_per_day=checks * 24 * ROLLUP_ROW_BYTES,
        raw_days=settings.raw_retention_days,
        minute_days=settings.minute_rollup_retention_days,
    )
