"""The time arithmetic a contract's service is measured with, and what it paid for: half-open epoch intervals, the
down time of an outage log, a contract period as epoch seconds, and the share of a year covered by paid contract.

Pure: the outage log is passed in, so nothing here reads the workspace. A contract period is its inclusive days
from 00:00 of `start` to 24:00 of `end` in the network's time zone. The availability of its lines per SLA window
and the credit due are `domain.sla`'s.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from pantau.domain.contracts import DateSpan
from pantau.domain.inventory import Contract
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
