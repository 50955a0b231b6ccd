"""Contract arithmetic: days left, status, coverage gaps, months and cost, and the warnings a contract raises.

Pure: `today` is always passed in. Contract dates are inclusive: a contract from 2016-07-01 to 2017-06-30 covers
30 June 2017, so it has 0 days left on that day and the first uncovered day is 1 July.

Months are counted from the start date by anniversaries: 2016-07-15..2017-07-14 is exactly 12 months, and what is
left after the last whole month is a fraction of the month that follows it. A day that does not exist in a month
rolls forward to the 1st of the next one (31 January + 1 month = 1 March, 29 February 2024 + 12 months = 1 March
2025), so a contract that starts on such a day and ends the day before its anniversary is a whole number of months.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from itertools import pairwise

from pantau.domain.inventory import (
    DEFAULT_CONTRACT_WARN_DAYS,
    BillingPeriod,
    BudgetStatus,
    Contract,
    Link,
    Network,
)

DEFAULT_EXPIRY_STEPS: tuple[int, ...] = DEFAULT_CONTRACT_WARN_DAYS
# A bill is due this many days after its period starts; only then is an unpaid period overdue.
PAYMENT_GRACE_DAYS = 30
# The renewal calendar's lead times before a contract's last day. Procurement (pengadaan: e-purchasing or a tender,
# then the signed successor) takes most of a quarter in a regency, so it starts 90 days ahead; the provider is told
# of the renewal or the termination a month ahead, the notice period the sample's contracts write.
PROCUREMENT_LEAD_DAYS = 90
NOTICE_LEAD_DAYS = 30

_ONE_DAY = timedelta(days=1)
_PERIOD_MONTHS = {BillingPeriod.MONTHLY: 1, BillingPeriod.QUARTERLY: 3, BillingPeriod.YEARLY: 12}


class ContractStatus(StrEnum):
    UPCOMING = "upcoming"
    ACTIVE = "active"
    EXPIRING = "expiring"
    EXPIRED = "expired"


class WarningKind(StrEnum):
    EXPIRING = "expiring"
    EXPIRED = "expired"
    NO_APPROVED_BUDGET = "no-approved-budget"
    PAYMENT_OVERDUE = "payment-overdue"
    COVERAGE_GAP = "coverage-gap"


@dataclass(frozen=True)
class DateSpan:
    """An inclusive range of days."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class Gap(DateSpan):
    """Days on which no contract covers a link."""


@dataclass(frozen=True)
class ContractWarning:
    """Something about a contract that needs someone's attention.

    `days` depends on the kind: days left (expiring, no-approved-budget; negative once ended), days since the end
    as a negative days-left (expired), days overdue of the oldest unpaid period (payment-overdue), the length of
    the gap (coverage-gap). `step` is the expiry step reached (expiring only), so an alert can fire once per step.
    `message` is English; the UI translates.
    """

    contract_id: str
    kind: WarningKind
    days: int | None
    message: str
    link_id: str | None = None
    step: int | None = None


def days_left(contract: Contract, today: date) -> int:
    """Days from today to the last covered day: 0 on that day, -10 ten days after it."""
    return (contract.end - today).days


def contract_status(contract: Contract, today: date, expiring_within_days: int = 90) -> ContractStatus:
    if today < contract.start:
        return ContractStatus.UPCOMING
    left = days_left(contract, today)
    if left < 0:
        return ContractStatus.EXPIRED
    return ContractStatus.EXPIRING if left <= expiring_within_days else ContractStatus.ACTIVE


def _merge(spans: Iterable[DateSpan]) -> list[DateSpan]:
    """Overlapping or touching spans merged, sorted by start; empty (end before start) spans dropped."""
    merged: list[DateSpan] = []
    for span in sorted((s for s in spans if s.end >= s.start), key=lambda s: s.start):
        if merged and span.start <= merged[-1].end + _ONE_DAY:
            if span.end > merged[-1].end:
                merged[-1] = DateSpan(merged[-1].start, span.end)
        else:
            merged.append(span)
    return merged


def coverage_gaps(contracts: Iterable[Contract]) -> list[Gap]:
    """The uncovered day ranges between the first start and the last end of the contracts of one link."""
    covered = _merge(DateSpan(c.start, c.end) for c in contracts)
    return [Gap(before.end + _ONE_DAY, after.start - _ONE_DAY) for before, after in pairwise(covered)]


def contracts_for_link(network: Network, link: Link) -> list[Contract]:
    """The link's contract history in the link's order; ids that name no contract are skipped."""
    by_id = {c.id: c for c in network.contracts}
    return [by_id[cid] for cid in dict.fromkeys(link.contracts) if cid in by_id]


def gaps_for_link(network: Network, link: Link) -> list[Gap]:
    return coverage_gaps(contracts_for_link(network, link))


def superseded(network: Network, contract: Contract) -> bool:
    """True when the contract is history: it is on at least one link, and on each of its links another contract
    ends later. An ended superseded contract raises no expiry warning, and a running one no expiring warning:
    its successor is already there (a gap before the successor is a coverage-gap warning of its own)."""
    links = [link for link in network.links if contract.id in link.contracts]
    return bool(links) and all(
        any(other.end > contract.end for other in contracts_for_link(network, link)) for link in links)


def _later_contracts(network: Network, contract: Contract) -> list[Contract]:
    later: dict[str, Contract] = {}
    for link in network.links:
        if contract.id in link.contracts:
            later.update((c.id, c) for c in contracts_for_link(network, link) if c.end > contract.end)
    return list(later.values())


def _add_months(day: date, months: int) -> date:
    """`day` moved by whole months; a day the target month lacks rolls forward to the 1st of the next month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if day.day <= calendar.monthrange(year, month)[1]:
        return date(year, month, day.day)
    return date(year + month // 12, month % 12 + 1, 1)


def months_covered(contract: Contract) -> float:
    """Months from start to end inclusive (2016-07-01..2017-06-30 is 12.0); 0.0 for an end before the start."""
    if contract.end < contract.start:
        return 0.0
    after = contract.end + _ONE_DAY
    whole = (after.year - contract.start.year) * 12 + after.month - contract.start.month
    while _add_months(contract.start, whole) > after:
        whole -= 1
    while _add_months(contract.start, whole + 1) <= after:
        whole += 1
    anchor = _add_months(contract.start, whole)
    month_days = (_add_months(contract.start, whole + 1) - anchor).days
    return whole + (after - anchor).days / month_days


def monthly_cost_idr(contract: Contract) -> float:
    months = months_covered(contract)
    if months <= 0:
        raise ValueError(f"contract {contract.id!r} covers no time, so it has no monthly cost")
    return contract.value_idr / months


def cost_per_mbps_month_idr(contract: Contract) -> float:
    if contract.bandwidth_kbps <= 0:
        raise ValueError(f"contract {contract.id!r} has no bandwidth, so it has no cost per Mbps")
    return monthly_cost_idr(contract) / (contract.bandwidth_kbps / 1000)


def procurement_date(contract: Contract) -> date:
    """The day procurement of the successor should start (`PROCUREMENT_LEAD_DAYS` before the last day)."""
    return contract.end - timedelta(days=PROCUREMENT_LEAD_DAYS)


def notice_date(contract: Contract) -> date:
    """The day the provider should be told of the renewal or the end (`NOTICE_LEAD_DAYS` before the last day)."""
    return contract.end - timedelta(days=NOTICE_LEAD_DAYS)


def billing_periods(contract: Contract) -> list[DateSpan]:
    """The contract's billed periods from its start, by its billing period; the last is cut at the end."""
    step = _PERIOD_MONTHS[contract.billing_period]
    periods = []
    k = 0
    while (start := _add_months(contract.start, k * step)) <= contract.end:
        end = min(_add_months(contract.start, (k + 1) * step) - _ONE_DAY, contract.end)
        periods.append(DateSpan(start, end))
        k += 1
    return periods


def unpaid_periods(contract: Contract, today: date) -> list[DateSpan]:
    """Billed periods past their grace days that the payments (by the periods they cover, together) do not
    cover. Amounts are not compared: a payment says which period it settles."""
    paid = _merge(DateSpan(p.period_start, p.period_end) for p in contract.payments)
    return [period for period in billing_periods(contract)
            if (today - period.start).days > PAYMENT_GRACE_DAYS
            and not any(span.start <= period.start and period.end <= span.end for span in paid)]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def contract_warnings(network: Network, today: date,
                      expiry_steps: Sequence[int] | None = None) -> list[ContractWarning]:
    """Every warning of the network's contracts, contract by contract in network order, then the coverage gaps
    of each link in link order. `expiry_steps` defaults to the network's `monitoring.contract_warn_days`.

    - expiring: days left falls within a step (the smallest such step is reported); not for superseded contracts.
    - expired: only for contracts that are not superseded (the latest of a link, or on no link).
    - no-approved-budget: the contract ends within the largest step, or has ended (and is not history), and no
      APPROVED budget request for the year of its end + 1 day exists on it or on a later contract of its links.
    - payment-overdue: billed periods more than `PAYMENT_GRACE_DAYS` old that no payment covers.
    - coverage-gap: a gap of a link that lies ahead of today or contains it.
    """
    if expiry_steps is None:
        expiry_steps = network.monitoring.contract_warn_days
    horizon = max(expiry_steps, default=0)
    warnings: list[ContractWarning] = []
    for contract in network.contracts:
        if contract.end < contract.start:
            continue
        left = days_left(contract, today)
        history = superseded(network, contract)
        if not history:
            warnings += _expiry_warnings(contract, left, expiry_steps)
        if left <= horizon and not (history and left < 0):
            warnings += _budget_warnings(network, contract, left)
        warnings += _payment_warnings(contract, today)
    for link in network.links:
        warnings += _gap_warnings(network, link, today)
    return warnings


def _expiry_warnings(contract: Contract, left: int, steps: Sequence[int]) -> list[ContractWarning]:
    end = contract.end.isoformat()
    if left < 0:
        message = f"expired {_plural(-left, 'day')} ago (ended {end})"
        return [ContractWarning(contract.id, WarningKind.EXPIRED, left, message)]
    step = min((s for s in steps if left <= s), default=None)
    if step is None:
        return []
    when = "today" if left == 0 else f"in {_plural(left, 'day')}"
    message = f"expires {when} ({end}), within {step} days"
    return [ContractWarning(contract.id, WarningKind.EXPIRING, left, message, step=step)]


def _budget_warnings(network: Network, contract: Contract, left: int) -> list[ContractWarning]:
    year = (contract.end + _ONE_DAY).year
    candidates = [contract, *_later_contracts(network, contract)]
    if any(request.year == year and request.status is BudgetStatus.APPROVED
           for candidate in candidates for request in candidate.budget_requests):
        return []
    ends = "ended" if left < 0 else "ends"
    message = f"no approved budget for {year} to follow this contract ({ends} {contract.end.isoformat()})"
    return [ContractWarning(contract.id, WarningKind.NO_APPROVED_BUDGET, left, message)]


def _payment_warnings(contract: Contract, today: date) -> list[ContractWarning]:
    unpaid = unpaid_periods(contract, today)
    if not unpaid:
        return []
    oldest = unpaid[0]
    overdue = (today - oldest.start).days - PAYMENT_GRACE_DAYS
    span = f"{oldest.start.isoformat()} to {oldest.end.isoformat()}"
    if len(unpaid) == 1:
        message = f"billing period {span} unpaid, {_plural(overdue, 'day')} overdue"
    else:
        message = (f"{len(unpaid)} billing periods unpaid; the oldest, {span}, is "
                   f"{_plural(overdue, 'day')} overdue")
    return [ContractWarning(contract.id, WarningKind.PAYMENT_OVERDUE, overdue, message)]


def _gap_warnings(network: Network, link: Link, today: date) -> list[ContractWarning]:
    contracts = contracts_for_link(network, link)
    warnings = []
    for gap in coverage_gaps(contracts):
        if gap.end < today:
            continue
        before = max((c for c in contracts if c.end == gap.start - _ONE_DAY), key=lambda c: c.start)
        message = (f"link {link.id} has no contract from {gap.start.isoformat()} to {gap.end.isoformat()} "
                   f"({_plural(gap.days, 'day')})")
        warnings.append(ContractWarning(before.id, WarningKind.COVERAGE_GAP, gap.days, message, link_id=link.id))
    return warnings
