"""What a contract's line carried over the contract's period, against what the contract pays for.

From the link's hourly rollups (kept for good): the mean over the measured time, the highest peak, the 95th
percentile of the hourly means, the hours whose mean reached 90 % of the committed rate, and what a megabit cost:
per paid Mbps (the contract's value over its committed rate) beside per *used* Mbps (over the mean measured rate).
A line that sat full in office hours on most working days gets a warning, with the counts ("full 9–16 on 18 of 22
working days"). Every figure says how much of the period was measured: a month of readings in a year's contract is
a month's evidence, not a year's.

Office hours and working days are the network's local time, Monday to Friday; public holidays are not known here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from pantau.domain.inventory import Contract
from pantau.domain.traffic import FULL_PERCENT, TrafficRollup, percentile, utilisation_percent

OFFICE_START_HOUR = 9
OFFICE_END_HOUR = 16
# A working day is full when most of its measured office hours were full; the warning needs this many measured
# working days before it speaks, so a single busy morning is not a trend.
MIN_WORKING_DAYS = 5


@dataclass(frozen=True)
class ContractTraffic:
    """A contract period's measured use. Rates in bits per second; None when nothing was measured."""

    contract_id: str
    committed_kbps: int
    period_s: float
    measured_s: float
    mean_bps: float | None
    peak_bps: float | None
    p95_bps: float | None
    hours_full: int
    working_days_measured: int
    working_days_full: int
    cost_per_paid_mbps_idr: float
    cost_per_used_mbps_idr: float | None

    @property
    def measured_share(self) -> float:
        return self.measured_s / self.period_s if self.period_s > 0 else 0.0

    def percent(self, bps: float | None) -> float | None:
        return None if bps is None else utilisation_percent(bps, self.committed_kbps)

    @property
    def full_in_office_hours(self) -> bool:
        """The warning: full in office hours on most of at least `MIN_WORKING_DAYS` measured working days."""
        return (self.working_days_measured >= MIN_WORKING_DAYS
                and self.working_days_full * 2 > self.working_days_measured)


def period_bounds(contract: Contract, zone: tzinfo) -> tuple[float, float]:
    """The contract's period in epoch seconds: from its first day's midnight to the midnight after its last."""
    start = datetime.combine(contract.start, time(), zone)
    end = datetime.combine(contract.end + timedelta(days=1), time(), zone)
    return start.timestamp(), end.timestamp()


def contract_traffic(contract: Contract, hours: list[TrafficRollup], zone: tzinfo) -> ContractTraffic:
    """The contract's measured use from its link's hourly rollups (those outside the period are ignored)."""
    start, end = period_bounds(contract, zone)
    inside = [hour for hour in hours if start <= hour.start < end]
    measured = sum(hour.measured_s for hour in inside)
    committed_bps = contract.bandwidth_kbps * 1000
    mean = sum(hour.mean_bps * hour.measured_s for hour in inside) / measured if measured else None
    full_threshold = committed_bps * FULL_PERCENT / 100
    days_measured, days_full = _working_days(inside, zone, full_threshold)
    paid_mbps = contract.bandwidth_kbps / 1000
    return ContractTraffic(
        contract_id=contract.id,
        committed_kbps=contract.bandwidth_kbps,
        period_s=end - start,
        measured_s=measured,
        mean_bps=mean,
        peak_bps=max((hour.peak_bps for hour in inside), default=None),
        p95_bps=percentile([hour.mean_bps for hour in inside], 0.95) if inside else None,
        hours_full=sum(1 for hour in inside if hour.mean_bps >= full_threshold),
        working_days_measured=days_measured,
        working_days_full=days_full,
        cost_per_paid_mbps_idr=contract.value_idr / paid_mbps,
        cost_per_used_mbps_idr=contract.value_idr / (mean / 1e6) if mean else None,
    )


def _working_days(hours: list[TrafficRollup], zone: tzinfo, full_threshold: float) -> tuple[int, int]:
    office: dict[date, list[bool]] = defaultdict(list)
    for hour in hours:
        local = datetime.fromtimestamp(hour.start, zone)
        if local.weekday() < 5 and OFFICE_START_HOUR <= local.hour < OFFICE_END_HOUR:
            office[local.date()].append(hour.mean_bps >= full_threshold)
    full = sum(1 for flags in office.values() if sum(flags) * 2 > len(flags))
    return len(office), full
