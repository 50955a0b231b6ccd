"""The SLA credit a contract's lines earned: availability per measurement window against the target, the downtime
beyond the allowance, and the credit the contract's rule gives for it (see `domain.sla_terms`).

Pure: down intervals and the monitored time come in as epoch-second intervals, so nothing here reads the workspace.
Only monitored time counts: a window the monitor watched for ten days is judged on those ten days (its allowance too)
and says so (`watched_s` against `window_s`); a window nobody watched has no availability and no credit, never 100 %.
Announced maintenance (`SlaExclusion`) leaves both the downtime and the measured time.

Windows are calendar months, quarters or years of the network's zone, cut to the contract's days. A line's fee is
its share of the contract's monthly cost (the contract split evenly over the lines that list it); a window's fee is
that monthly fee times the share of each calendar month the window holds.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo
from enum import StrEnum

from pantau.domain.contract_service import Interval, merge_intervals, period_interval
from pantau.domain.contracts import DateSpan, monthly_cost_idr
from pantau.domain.inventory import Contract, Network
from pantau.domain.sla_terms import SlaTerms, SlaWindow

_ONE_DAY = timedelta(days=1)
_WINDOW_MONTHS = {SlaWindow.MONTH: 1, SlaWindow.QUARTER: 3, SlaWindow.YEAR: 12}


class SlaGap(StrEnum):
    """Why a contract's credit cannot be computed; the report says it rather than inventing a figure."""

    NO_TARGET = "no-target"
    NO_CREDIT_RULE = "no-credit-rule"
    NO_LINES = "no-lines"


@dataclass(frozen=True)
class WindowService:
    """One line over one measurement window."""

    link_id: str
    days: DateSpan
    window_s: float
    watched_s: float
    excluded_s: float
    down_s: float
    target_percent: float
    fee_idr: float
    monthly_fee_idr: float
    running: bool

    @property
    def availability_percent(self) -> float | None:
        """None when nothing of the window was watched."""
        return 100.0 * (1 - self.down_s / self.watched_s) if self.watched_s > 0 else None

    @property
    def allowed_down_s(self) -> float:
        return self.watched_s * (1 - self.target_percent / 100)

    @property
    def excess_hours(self) -> int:
        """Whole hours of downtime beyond the allowance: the hours the credit rule counts."""
        return int(max(0.0, self.down_s - self.allowed_down_s) // 3600)

    @property
    def meets_target(self) -> bool | None:
        availability = self.availability_percent
        return None if availability is None else availability >= self.target_percent

    @property
    def watched_share(self) -> float:
        """The part of the window (0..1) the figures rest on, maintenance left out."""
        measurable = self.window_s - self.excluded_s
        return min(1.0, self.watched_s / measurable) if measurable > 0 else 0.0

    def credit_idr(self, terms: SlaTerms) -> float:
        percent = self.excess_hours * terms.credit_percent_per_hour
        return min(self.monthly_fee_idr * percent / 100, self.fee_idr * terms.credit_cap_percent / 100)


@dataclass(frozen=True)
class SlaService:
    """A contract's windows on every line it covers, and the credit its terms give (None: see `gap`)."""

    contract_id: str
    target_percent: float | None
    terms: SlaTerms | None
    windows: tuple[WindowService, ...]
    gap: str | None

    def credit_of(self, window: WindowService) -> float | None:
        if self.gap is not None or self.terms is None:
            return None
        return window.credit_idr(self.terms)

    @property
    def credit_idr(self) -> float | None:
        """The credit of every window and line together; None when the contract gives no way to compute it."""
        if self.gap is not None or self.terms is None:
            return None
        return sum(window.credit_idr(self.terms) for window in self.windows)

    @property
    def watched_s(self) -> float:
        return sum(window.watched_s for window in self.windows)


def window_days(contract: Contract, window: SlaWindow, first: date, last: date) -> list[DateSpan]:
    """The measurement windows of `contract` that overlap the days [first, last], each cut to the contract."""
    months = _WINDOW_MONTHS[window]
    start, end = max(first, contract.start), min(last, contract.end)
    spans: list[DateSpan] = []
    if end < start:
        return spans
    month_index = (start.year * 12 + start.month - 1) // months * months
    while True:
        year, month0 = divmod(month_index, 12)
        window_start = date(year, month0 + 1, 1)
        if window_start > end:
            return spans
        next_year, next_month0 = divmod(month_index + months, 12)
        window_end = date(next_year, next_month0 + 1, 1) - _ONE_DAY
        spans.append(DateSpan(max(window_start, contract.start), min(window_end, contract.end)))
        month_index += months


def months_in(span: DateSpan) -> float:
    """How many calendar months `span` holds, counting a part month by its share of that month's days."""
    total = 0.0
    day = span.start
    while day <= span.end:
        month_days = calendar.monthrange(day.year, day.month)[1]
        month_end = date(day.year, day.month, month_days)
        last = min(month_end, span.end)
        total += ((last - day).days + 1) / month_days
        day = last + _ONE_DAY
    return total


def _overlap(intervals: Sequence[Interval], window: Interval) -> list[Interval]:
    return [Interval(max(i.start, window.start), min(i.end, window.end))
            for i in intervals if i.end > window.start and i.start < window.end]


def _minus(intervals: Sequence[Interval], holes: Sequence[Interval]) -> list[Interval]:
    """`intervals` (merged) with the merged `holes` cut out."""
    result: list[Interval] = []
    for interval in intervals:
        pieces = [interval]
        for hole in holes:
            pieces = [piece for p in pieces for piece in
                      (Interval(p.start, min(p.end, hole.start)), Interval(max(p.start, hole.end), p.end))
                      if piece.end > piece.start]
        result.extend(pieces)
    return result


def _seconds(intervals: Sequence[Interval]) -> float:
    return sum(i.seconds for i in intervals)


def exclusion_intervals(terms: SlaTerms | None, tz: tzinfo) -> list[Interval]:
    if terms is None:
        return []
    return merge_intervals(Interval(e.start.replace(tzinfo=tz).timestamp(), e.end.replace(tzinfo=tz).timestamp())
                           for e in terms.exclusions)


def sla_service(network: Network, contract: Contract, tz: tzinfo, down_by_link: Mapping[str, Sequence[Interval]],
                watched_by_link: Mapping[str, Sequence[Interval]], now: float, first: date, last: date
                ) -> SlaService:
    """Each line of `contract` over its measurement windows overlapping the days [first, last].

    `down_by_link` holds each line's down intervals (none: up whenever watched); `watched_by_link` each line's
    monitored time (its measurements' coverage; none: never watched); time after `now` is never watched.
    """
    terms = contract.sla
    link_ids = [link.id for link in network.links if contract.id in link.contracts]
    gap: SlaGap | None = None
    if contract.sla_percent is None:
        gap = SlaGap.NO_TARGET
    elif not link_ids:
        gap = SlaGap.NO_LINES
    elif terms is None or not terms.has_credit_rule:
        gap = SlaGap.NO_CREDIT_RULE
    if contract.sla_percent is None or not link_ids:
        return SlaService(contract.id, contract.sla_percent, terms, (), gap)
    target = contract.sla_percent
    try:
        line_monthly_fee = monthly_cost_idr(contract) / len(link_ids)
    except ValueError:
        line_monthly_fee = 0.0
    excluded = exclusion_intervals(terms, tz)
    monitored = {link_id: merge_intervals(Interval(i.start, min(i.end, now)) for i in watched_by_link.get(link_id, ()))
                 for link_id in link_ids}
    windows: list[WindowService] = []
    for days in window_days(contract, terms.window if terms else SlaWindow.MONTH, first, last):
        bounds = period_interval(days, tz)
        excluded_here = _overlap(excluded, bounds)
        for link_id in link_ids:
            counted = _minus(_overlap(monitored[link_id], bounds), excluded_here)
            down = merge_intervals(_overlap(down_by_link.get(link_id, ()), bounds))
            down_counted = [piece for interval in _minus(down, excluded_here) for piece in _overlap(counted, interval)]
            windows.append(WindowService(
                link_id=link_id, days=days, window_s=bounds.seconds, watched_s=_seconds(counted),
                excluded_s=_seconds(excluded_here), down_s=_seconds(down_counted), target_percent=target,
                fee_idr=line_monthly_fee * months_in(days), monthly_fee_idr=line_monthly_fee,
                running=bounds.end > now))
    return SlaService(contract.id, target, terms, tuple(windows), gap)

