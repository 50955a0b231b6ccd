"""What a contract delivered and what it paid for: measured availability of its links per contract period against
its SLA, downtime hours, an SLA credit estimate, and the share of a year covered by paid contract.

Pure: the down intervals are passed in (epoch seconds, from the outage log of whatever subject stands for a link),
so nothing here reads the workspace. A contract period is its inclusive days from 00:00 of `start` to 24:00 of
`end` in the network's time zone. Only the part of the period that monitoring watched counts: the period is cut to
`[watched_since, now]`, so a contract from 2016 is not called 100 % available because nobody was looking.

The network file states no SLA credit rule, so the credit estimate takes a `CreditRule` as a parameter: a percent
of the contract value per whole hour of downtime beyond what the SLA allows, capped.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from pantau.domain.contracts import DateSpan
from pantau.domain.inventory import Contract, Network
from pantau.domain.states import HealthState

_ONE_DAY = timedelta(days=1)
# States in which a link is not delivering service. UNREACHABLE means a parent is down: not this link's fault.
DOWN_STATES = frozenset({HealthState.DOWN})


@dataclass(frozen=True)
class Interval:
    """A half-open span of epoch seconds [start, end)."""

    start: float
    end: float

    @property
    def seconds(self) -> float:
        return max(0.0, self.end - self.start)


@dataclass(frozen=True)
class CreditRule:
    """`percent_per_hour` of the contract value is credited per whole hour of downtime beyond the SLA allowance,
    up to `cap_percent`."""

    percent_per_hour: float
    cap_percent: float = 100.0


@dataclass(frozen=True)
class LinkService:
    """One link over the watched part of one contract period."""

    link_id: str
    watched_s: float
    down_s: float

    @property
    def downtime_hours(self) -> float:
        return self.down_s / 3600

    @property
    def availability_percent(self) -> float | None:
        """None when nothing of the period was watched."""
        if self.watched_s <= 0:
            return None
        return 100.0 * (1 - self.down_s / self.watched_s)


@dataclass(frozen=True)
class ContractService:
    """A contract's measured service: per link, and judged against its SLA."""

    contract_id: str
    sla_percent: float | None
    links: tuple[LinkService, ...]
    credit_idr: float | None

    @property
    def worst_availability_percent(self) -> float | None:
        values = [link.availability_percent for link in self.links if link.availability_percent is not None]
        return min(values, default=None)

    @property
    def downtime_hours(self) -> float:
        """The most downtime of any one covered link: the SLA is per link, so hours are not summed."""
        return max((link.downtime_hours for link in self.links), default=0.0)

    @property
    def meets_sla(self) -> bool | None:
        """None when the contract states no SLA or nothing was watched."""
        worst = self.worst_availability_percent
        if self.sla_percent is None or worst is None:
            return None
        return worst >= self.sla_percent


def merge_intervals(intervals: Iterable[Interval]) -> list[Interval]:
    """Overlapping or touching intervals merged, sorted; empty ones dropped."""
    merged: list[Interval] = []
    for interval in sorted((i for i in intervals if i.end > i.start), key=lambda i: i.start):
        if merged and interval.start <= merged[-1].end:
            if interval.end > merged[-1].end:
                merged[-1] = Interval(merged[-1].start, interval.end)
        else:
            merged.append(interval)
    return merged


def down_intervals(events: Iterable[tuple[HealthState, float, float | None]], now: float) -> list[Interval]:
    """The down time of an outage log given as (state, started, ended) rows; a running event ends `now`."""
    return merge_intervals(Interval(started, now if ended is None else ended)
                           for state, started, ended in events if state in DOWN_STATES)


def period_interval(span: DateSpan, tz: tzinfo) -> Interval:
    """An inclusive day span as epoch seconds: 00:00 of the first day to 00:00 after the last, in `tz`."""
    start = datetime.combine(span.start, time(), tz).timestamp()
    end = datetime.combine(span.end + _ONE_DAY, time(), tz).timestamp()
    return Interval(start, end)


def _clip(intervals: Iterable[Interval], window: Interval) -> float:
    return sum(Interval(max(i.start, window.start), min(i.end, window.end)).seconds
               for i in merge_intervals(intervals))


def measure_link(link_id: str, period: Interval, watched: Interval, down: Sequence[Interval]) -> LinkService:
    """Downtime of one link within the part of `period` that `watched` covers."""
    window = Interval(max(period.start, watched.start), min(period.end, watched.end))
    if window.seconds <= 0:
        return LinkService(link_id, 0.0, 0.0)
    return LinkService(link_id, window.seconds, _clip(down, window))


def sla_credit_idr(contract: Contract, service_hours: float, downtime_hours: float, rule: CreditRule) -> float:
    """The credit `rule` gives for `downtime_hours` out of `service_hours` watched, in rupiah. No SLA, no credit;
    downtime within the SLA's allowance earns nothing."""
    if contract.sla_percent is None or service_hours <= 0:
        return 0.0
    allowed = service_hours * (1 - contract.sla_percent / 100)
    excess_hours = int(max(0.0, downtime_hours - allowed))
    percent = min(rule.cap_percent, excess_hours * rule.percent_per_hour)
    return contract.value_idr * percent / 100


def contract_service(network: Network, contract: Contract, down_by_link: Mapping[str, Sequence[Interval]],
                     watched: Interval, rule: CreditRule | None = None) -> ContractService:
    """The measured service of `contract` on every link that lists it.

    `down_by_link` maps a link id to its down intervals (a link with none was up throughout); `watched` is the
    span monitoring covered (first sample to now). With a `rule`, the credit is estimated for the worst link.
    """
    tz = ZoneInfo(network.timezone)
    period = period_interval(DateSpan(contract.start, contract.end), tz)
    links = tuple(measure_link(link.id, period, watched, down_by_link.get(link.id, ()))
                  for link in network.links if contract.id in link.contracts)
    credit = None
    if rule is not None and links:
        worst = max(links, key=lambda link: link.down_s)
        credit = sla_credit_idr(contract, worst.watched_s / 3600, worst.downtime_hours, rule)
    return ContractService(contract.id, contract.sla_percent, links, credit)


def paid_days(contract: Contract) -> list[DateSpan]:
    """The days of the contract its payments settle (payment periods cut to the contract, merged)."""
    spans = sorted((DateSpan(max(p.period_start, contract.start), min(p.period_end, contract.end))
                    for p in contract.payments), key=lambda s: s.start)
    merged: list[DateSpan] = []
    for span in spans:
        if span.end < span.start:
            continue
        if merged and span.start <= merged[-1].end + _ONE_DAY:
            merged[-1] = DateSpan(merged[-1].start, max(merged[-1].end, span.end))
        else:
            merged.append(span)
    return merged


def paid_share_of_year(contracts: Iterable[Contract], year: int) -> float:
    """The fraction (0..1) of the days of `year` on which some contract was in force and paid for. Overlapping
    contracts count a day once; 366 days in a leap year."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    days: set[int] = set()
    for contract in contracts:
        for span in paid_days(contract):
            start, end = max(span.start, first), min(span.end, last)
            days.update(range(start.toordinal(), end.toordinal() + 1))
    return len(days) / (366 if calendar.isleap(year) else 365)
