"""The network-wide availability report's facts for a month, a quarter or a budget year: availability per office, per
link and per kecamatan, the outages with their causes, what a paid and a used Mbps cost, the SLA credits, and the
contract calendar of the next budget year. No wording and no Qt: `availability_report_html` and `availability_xlsx`
say it.

Rules the figures follow:
- an office's availability is over its *monitored* time only (`reporting.availability`): answered time over
  measured time, as a fraction. An office with no enabled check, or never measured in the range, has no figure
  (`NoData` says why), never 100 %. Time after `now` is not part of the range;
- a link's figure is the figure of the office it serves (`domain.links`): its office's check measures the line;
- a kecamatan's figure is time-weighted: the answered time of its offices over their measured time together, so an
  office watched for a week weighs a week, not as much as one watched all year;
- cost per paid Mbps is the contract's monthly cost over its committed rate; per *used* Mbps, a line's share of that
  monthly cost over the mean rate it carried in the range (its hourly SNMP rollups). A line without SNMP, or with
  no traffic recorded in the range, has no used figure and says why;
- the contract calendar lists the contracts that lapse by the end of the next budget year (the Indonesian budget
  year is the calendar year; "next" is the year after the report's last day; a contract lapses the day after its
  last, so one ending on 31 December is listed) and those that already lapsed with no successor (a contract is
  left out once a later one on each of its links follows it: `domain.contracts.superseded`),
  each with its yearly cost at today's rate, the budget request for the year that follows it, and the dates the
  notice and the procurement are due (`domain.contracts.notice_date`, `procurement_date`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from pantau.domain.contract_traffic import contract_traffic
from pantau.domain.contracts import (
    contracts_for_link,
    cost_per_mbps_month_idr,
    monthly_cost_idr,
    notice_date,
    procurement_date,
    superseded,
)
from pantau.domain.inventory import BudgetRequest, Contract, Network
from pantau.domain.links import site_links
from pantau.domain.sla import SlaService
from pantau.domain.timezones import zone
from pantau.reporting.availability import Availability
from pantau.reporting.history import Outage
from pantau.reporting.site_service import line_check, read_site_record, read_sla_service
from pantau.storage.workspace import Workspace

__all__ = [
    "AvailabilityReport",
    "CalendarRow",
    "CostRow",
    "DistrictRow",
    "LinkRow",
    "NoData",
    "OfficeRow",
    "OutageRow",
    "PeriodError",
    "SlaRow",
    "UseGap",
    "build_availability_report",
    "period_days",
]

_ONE_DAY = timedelta(days=1)
# Diagnoses read to find the outages' causes: a year's worth of saved diagnoses for a regency fits easily.
DIAGNOSES_READ = 5_000


class PeriodError(ValueError):
    """A period the user typed that names no month, quarter or year; the message says what was expected."""


def period_days(kind: str, text: str) -> tuple[date, date]:
    """The first and last day of `--month 2026-11`, `--quarter 2026Q3` or `--year 2026`."""
    text = text.strip()
    if kind == "month":
        match = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
        if match is None or not 1 <= int(match[2]) <= 12:
            raise PeriodError(f"--month {text!r}: write a month as YYYY-MM, like 2026-11")
        first = date(int(match[1]), int(match[2]), 1)
        return first, _month_after(first) - _ONE_DAY
    if kind == "quarter":
        match = re.fullmatch(r"(\d{4})[Qq]([1-4])", text)
        if match is None:
            raise PeriodError(f"--quarter {text!r}: write a quarter as YYYYQn with n from 1 to 4, like 2026Q3")
        first = date(int(match[1]), 3 * int(match[2]) - 2, 1)
        return first, _month_after(_month_after(_month_after(first))) - _ONE_DAY
    if kind == "year":
        if re.fullmatch(r"\d{4}", text) is None:
            raise PeriodError(f"--year {text!r}: write a year as YYYY, like 2026")
        return date(int(text), 1, 1), date(int(text), 12, 31)
    raise PeriodError(f"unknown period kind {kind!r}: month, quarter or year")


def _month_after(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


class NoData(StrEnum):
    """Why an office (or a link, a kecamatan) has no availability figure."""

    NO_CHECK = "no-check"  # no enabled check measures the office
    NOT_MONITORED = "not-monitored"  # nothing was measured in the range
    NO_STATE = "no-state"  # measured, but the event log holds no state for that time (pruned)


class UseGap(StrEnum):
    """Why a line has no cost per used Mbps."""

    NO_SNMP = "no-snmp"  # the line has no SNMP interface set up
    NO_TRAFFIC = "no-traffic"  # set up, but no traffic was recorded in the range
    NO_BANDWIDTH = "no-bandwidth"  # the contract states no bandwidth (or covers no time): no cost per Mbps


@dataclass(frozen=True)
class OfficeRow:
    """One office over the range. `availability` a fraction 0..1; None with `no_data` saying why."""

    site_id: str
    name: str
    kecamatan: str
    range_s: float
    monitored_s: float
    measured_s: float
    answered_s: float
    outages: int
    no_data: NoData | None

    @property
    def availability(self) -> float | None:
        return self.answered_s / self.measured_s if self.no_data is None and self.measured_s > 0 else None

    @property
    def monitored_share(self) -> float:
        return self.monitored_s / self.range_s if self.range_s > 0 else 0.0

    @property
    def down_s(self) -> float:
        """Measured time in which the office did not answer (DOWN)."""
        return self.measured_s - self.answered_s


@dataclass(frozen=True)
class LinkRow:
    """A link and the office it serves, with that office's figures."""

    link_id: str
    provider: str
    role: str
    bandwidth_kbps: int
    contract_id: str | None  # the contract in force on the range's last day; None: none in force
    office: OfficeRow


@dataclass(frozen=True)
class DistrictRow:
    """A kecamatan: its offices' time together (see the module)."""

    kecamatan: str
    offices: int
    offices_with_data: int
    measured_s: float
    answered_s: float
    outages: int

    @property
    def availability(self) -> float | None:
        return self.answered_s / self.measured_s if self.measured_s > 0 else None


@dataclass(frozen=True)
class OutageRow:
    """An outage of an office within the range, with its cause when a saved diagnosis gives one."""

    site_id: str
    name: str
    kecamatan: str
    outage: Outage


@dataclass(frozen=True)
class CostRow:
    """A line of a contract in force during the range: what a paid Mbps and, when measured, a used Mbps cost a
    month. `line_fee_idr` is the line's share of the contract's monthly cost."""

    contract_id: str
    provider: str
    number: str
    link_id: str
    bandwidth_kbps: int
    line_fee_idr: float | None
    paid_per_mbps_idr: float | None
    mean_bps: float | None
    p95_bps: float | None
    measured_share: float | None  # None: the line has no SNMP interface (not measured, not 0 %)
    used_gap: UseGap | None

    @property
    def used_per_mbps_idr(self) -> float | None:
        if self.used_gap is not None or self.line_fee_idr is None or not self.mean_bps:
            return None
        return self.line_fee_idr / (self.mean_bps / 1e6)


@dataclass(frozen=True)
class SlaRow:
    """A contract in force during the range and its SLA service (`domain.sla`); `service.gap` says why no credit
    can be computed."""

    contract_id: str
    provider: str
    number: str
    service: SlaService

    @property
    def watched_share(self) -> float:
        windows = self.service.windows
        return sum(w.watched_share for w in windows) / len(windows) if windows else 0.0

    @property
    def worst_percent(self) -> float | None:
        found = [p for w in self.service.windows if (p := w.availability_percent) is not None]
        return min(found) if found else None

    @property
    def excess_hours(self) -> int:
        return sum(w.excess_hours for w in self.service.windows)


@dataclass(frozen=True)
class CalendarRow:
    """A contract ending in the next budget year, or lapsed with no successor: the budget line and the dates."""

    contract_id: str
    provider: str
    number: str
    link_ids: tuple[str, ...]
    end: date
    lapsed: bool
    notice_on: date
    procurement_on: date
    budget_year: int
    yearly_cost_idr: int | None
    request: BudgetRequest | None


@dataclass(frozen=True)
class AvailabilityReport:
    network_name: str
    timezone: str
    first: date
    last: date
    start: float
    end: float  # the range's end, or `now` when the range runs on past it
    period_end: float  # the midnight after `last`
    made: float
    budget_year: int
    offices: list[OfficeRow]
    links: list[LinkRow]
    districts: list[DistrictRow]
    outages: list[OutageRow]
    costs: list[CostRow]
    sla: list[SlaRow]
    calendar: list[CalendarRow]

    @property
    def measured_s(self) -> float:
        return sum(row.measured_s for row in self.offices if row.no_data is None)

    @property
    def availability(self) -> float | None:
        """The network's figure: every office's answered time over their measured time together."""
        measured = self.measured_s
        answered = sum(row.answered_s for row in self.offices if row.no_data is None)
        return answered / measured if measured > 0 else None

    @property
    def offices_with_data(self) -> int:
        return sum(1 for row in self.offices if row.no_data is None)

    @property
    def down_s(self) -> float:
        return sum(row.down_s for row in self.offices if row.no_data is None)

    @property
    def credits_idr(self) -> list[float]:
        """The credit of each contract whose terms give one and whose lines were watched (an unwatched contract's
        credit is unknown, not zero)."""
        return [credit for row in self.sla
                if (credit := row.service.credit_idr) is not None and row.service.watched_s > 0]


def range_bounds(first: date, last: date, timezone_name: str) -> tuple[float, float]:
    """Midnight of `first` to the midnight after `last`, in the network's zone, as epoch seconds."""
    tz = zone(timezone_name)
    return (datetime.combine(first, time(), tz).timestamp(),
            datetime.combine(last + _ONE_DAY, time(), tz).timestamp())


def build_availability_report(workspace: Workspace, network: Network, first: date, last: date,
                              now: float) -> AvailabilityReport:
    """The report over the days [first, last] of the network's zone (reads the disk: a worker thread)."""
    if last < first:
        raise PeriodError(f"the range ends ({last.isoformat()}) before it starts ({first.isoformat()})")
    start, period_end = range_bounds(first, last, network.timezone)
    end = max(start, min(period_end, now))
    diagnoses = workspace.diagnoses(DIAGNOSES_READ)
    offices: list[OfficeRow] = []
    found: list[OutageRow] = []
    for site in network.sites:
        record = read_site_record(workspace, network, site.id, start, end, now, diagnoses=diagnoses)
        offices.append(_office_row(site.id, site.name, site.kecamatan, record.availability,
                                   len(record.outages), line_check(network, site.id) is not None))
        found += [OutageRow(site.id, site.name, site.kecamatan, outage) for outage in record.outages]
    found.sort(key=lambda row: (row.outage.start, row.name))
    by_site = {row.site_id: row for row in offices}
    links = _link_rows(network, by_site, last)
    in_force = [c for c in network.contracts if c.start <= last and c.end >= first and c.end >= c.start]
    return AvailabilityReport(
        network_name=network.name, timezone=network.timezone, first=first, last=last, start=start, end=end,
        period_end=period_end, made=now, budget_year=last.year + 1, offices=offices, links=links,
        districts=_district_rows(offices),
        outages=found, costs=_cost_rows(workspace, network, in_force, first, last),
        sla=[SlaRow(c.id, c.provider, c.number, read_sla_service(workspace, network, c, first, last, now))
             for c in in_force],
        calendar=_calendar(network, last.year + 1, datetime.fromtimestamp(now, zone(network.timezone)).date()))


def _office_row(site_id: str, name: str, kecamatan: str, found: Availability, outages: int,
                checked: bool) -> OfficeRow:
    if not checked:
        no_data: NoData | None = NoData.NO_CHECK
    elif found.monitored_s <= 0:
        no_data = NoData.NOT_MONITORED
    elif found.measured_s <= 0:
        no_data = NoData.NO_STATE
    else:
        no_data = None
    return OfficeRow(site_id, name, kecamatan, found.range_s, found.monitored_s, found.measured_s, found.answered_s,
                     outages, no_data)


def _link_rows(network: Network, by_site: dict[str, OfficeRow], last: date) -> list[LinkRow]:
    links = site_links(network)
    rows: list[LinkRow] = []
    for link in network.links:
        office = by_site.get(links.subject(link))
        if office is None:
            continue
        contract = next((c for c in reversed(contracts_for_link(network, link)) if c.start <= last <= c.end), None)
        rows.append(LinkRow(link.id, link.provider, link.role.value, link.bandwidth_kbps,
                            contract.id if contract else None, office))
    return rows


def _district_rows(offices: Sequence[OfficeRow]) -> list[DistrictRow]:
    grouped: dict[str, list[OfficeRow]] = {}
    for row in offices:
        grouped.setdefault(row.kecamatan, []).append(row)
    return [DistrictRow(name, len(rows), sum(1 for r in rows if r.no_data is None),
                        sum(r.measured_s for r in rows if r.no_data is None),
                        sum(r.answered_s for r in rows if r.no_data is None), sum(r.outages for r in rows))
            for name, rows in sorted(grouped.items())]


def _cost_rows(workspace: Workspace, network: Network, contracts: Sequence[Contract], first: date,
               last: date) -> list[CostRow]:
    tz = zone(network.timezone)
    rows: list[CostRow] = []
    for contract in contracts:
        lines = [link for link in network.links if contract.id in link.contracts]
        try:
            paid: float | None = cost_per_mbps_month_idr(contract)
            fee: float | None = monthly_cost_idr(contract) / max(1, len(lines))
        except ValueError:
            paid = fee = None
        # The range's days within the contract: what the line carried while this contract paid for it.
        within = replace(contract, start=max(first, contract.start), end=min(last, contract.end))
        start, end = range_bounds(within.start, within.end, network.timezone)
        for link in lines:
            gap: UseGap | None = None
            mean = p95 = share = None
            if link.snmp is None:
                gap = UseGap.NO_SNMP
            else:
                used = contract_traffic(within, workspace.traffic_rollups(link.id, "1h", start, end), tz)
                mean, p95, share = used.mean_bps, used.p95_bps, used.measured_share
                gap = UseGap.NO_TRAFFIC if not mean else None
            if paid is None and gap is None:
                gap = UseGap.NO_BANDWIDTH
            rows.append(CostRow(contract.id, contract.provider, contract.number, link.id, contract.bandwidth_kbps,
                                fee, paid, mean, p95, share, gap))
    return rows


def _calendar(network: Network, budget_year: int, today: date) -> list[CalendarRow]:
    rows: list[CalendarRow] = []
    for contract in network.contracts:
        if contract.end < contract.start or superseded(network, contract):
            continue
        # It lapses on the day after its last: a contract ending on 31 December leaves next year uncovered.
        lapsed = contract.end < today
        if not (lapsed or (contract.end + _ONE_DAY).year <= budget_year):
            continue
        links = tuple(link.id for link in network.links if contract.id in link.contracts)
        # The budget the successor needs is the year after the last day; a request for it may sit on the contract
        # itself or on a successor already written in on one of its links.
        need_year = (contract.end + _ONE_DAY).year
        later = [c for link in network.links if contract.id in link.contracts
                 for c in contracts_for_link(network, link) if c.start > contract.end]
        requests = [r for c in (contract, *later) for r in c.budget_requests if r.year == need_year]
        try:
            yearly: int | None = round(monthly_cost_idr(contract) * 12)
        except ValueError:
            yearly = None
        rows.append(CalendarRow(contract.id, contract.provider, contract.number, links, contract.end, lapsed,
                                notice_date(contract), procurement_date(contract), need_year, yearly,
                                _best_request(requests)))
    return sorted(rows, key=lambda row: (row.end, row.contract_id))


def _best_request(requests: Sequence[BudgetRequest]) -> BudgetRequest | None:
    """The request that decides the budget line: an approved one, else the latest decided or written."""
    if not requests:
        return None
    approved = [r for r in requests if r.status.value == "approved"]
    return approved[0] if approved else requests[-1]
