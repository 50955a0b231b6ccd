"""Each site's contract risk: how soon, or how long ago, the contracts of the links that serve it run out, for the
map's contract colouring, the office table's badge and the tray.

Pure: `today` is passed in. A site's risk is that of the link that serves it today (`domain.links`): the hub at
the other end of every office link carries none of the offices' risks; a backup line counts only for a site that no
primary line serves, since an expired backup does not cut an office whose primary line is paid for; and of two
primary lines the one under contract today is the office's line, so a superseded line left in the file does not
paint a served office as lapsed.

No wording here: a risk says why (`RiskReason`) with its numbers, and `reporting.contract_text` words it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import IntEnum, StrEnum

from pantau.domain.contracts import contracts_for_link, coverage_gaps
from pantau.domain.inventory import BudgetStatus, Link, Network
from pantau.domain.links import site_links

_ONE_DAY = timedelta(days=1)
EXPIRING_SOON_DAYS = 30
EXPIRING_DAYS = 90


class RiskLevel(IntEnum):
    """Ordered from harmless to worst, so `max()` picks the worst and a colour scale can follow the order."""

    NO_CONTRACT = 0  # no contract on record for the site's links, or none started yet
    OK = 1
    EXPIRING = 2  # the coverage ends within EXPIRING_DAYS
    EXPIRING_SOON = 3  # within EXPIRING_SOON_DAYS
    AT_RISK = 4  # a gap between contracts lies ahead, or no approved budget for after the coverage ends
    LAPSED = 5  # no contract today: the last one expired, or today falls in a gap between two


class RiskReason(StrEnum):
    """Why a site has its risk level: what its short text says, with `SiteContractRisk.days` (and `gap_days`,
    `year`) as the numbers."""

    NONE_RECORDED = "none-recorded"  # no contract on record for the link that serves the site
    FIRST_STARTS = "first-starts"  # the first contract starts in `days`
    EXPIRED = "expired"  # the last contract ended `days` ago
    IN_GAP = "in-gap"  # no contract for `days`, in a gap between two
    GAP_AHEAD = "gap-ahead"  # a gap of `gap_days` starts in `days`
    NO_BUDGET = "no-budget"  # the coverage ends in `days` and no budget for `year` is approved
    ENDS = "ends"  # the coverage ends in `days` (0: today)
    RUNS = "runs"  # the coverage runs, `days` left


@dataclass(frozen=True)
class SiteContractRisk:
    """`days_left`: days to the last covered day of the coverage that runs today (0 on that day); negative days
    since the coverage lapsed; None with no contract. `link_id` and `contract_id` name the link that serves the site and
    the contract the risk is about (None with no contract). `reason` with `days` (never negative), `gap_days` and
    `year` are the facts its short text says."""

    site_id: str
    level: RiskLevel
    days_left: int | None
    reason: RiskReason = RiskReason.NONE_RECORDED
    days: int = 0
    link_id: str | None = None
    contract_id: str | None = None
    gap_days: int = 0
    year: int = 0


def _link_risk(network: Network, site_id: str, link: Link, today: date,
               budget_horizon_days: int) -> SiteContractRisk:
    contracts = contracts_for_link(network, link)
    spans = sorted((c.start, c.end) for c in contracts if c.end >= c.start)
    if not spans:
        return SiteContractRisk(site_id, RiskLevel.NO_CONTRACT, None, link_id=link.id)
    gaps = coverage_gaps(contracts)
    first_start = spans[0][0]
    last_end = max(end for _, end in spans)
    latest = max((c for c in contracts if c.end == last_end), key=lambda c: c.start)
    if today > last_end:
        ago = (today - last_end).days
        return SiteContractRisk(site_id, RiskLevel.LAPSED, -ago, RiskReason.EXPIRED, ago, link.id, latest.id)
    if today < first_start:
        wait = (first_start - today).days
        first = min((c for c in contracts if c.start == first_start), key=lambda c: c.end)
        return SiteContractRisk(site_id, RiskLevel.NO_CONTRACT, None, RiskReason.FIRST_STARTS, wait, link.id,
                                first.id)
    current_gap = next((g for g in gaps if g.start <= today <= g.end), None)
    if current_gap is not None:
        since = (today - current_gap.start).days + 1
        before = current_gap.start - _ONE_DAY
        ended = max((c for c in contracts if c.end == before), key=lambda c: c.start)
        return SiteContractRisk(site_id, RiskLevel.LAPSED, -since, RiskReason.IN_GAP, since, link.id, ended.id)
    gap_ahead = next((g for g in gaps if g.start > today), None)
    # The coverage that runs today ends where the next gap starts, or with the last contract.
    covered_to = gap_ahead.start - _ONE_DAY if gap_ahead is not None else last_end
    left = (covered_to - today).days
    running = max((c for c in contracts if c.end == covered_to), key=lambda c: c.start)
    if gap_ahead is not None:
        return SiteContractRisk(site_id, RiskLevel.AT_RISK, left, RiskReason.GAP_AHEAD, left + 1, link.id,
                                running.id, gap_days=gap_ahead.days)
    year = (covered_to + _ONE_DAY).year
    budgeted = any(request.year == year and request.status is BudgetStatus.APPROVED
                   for contract in contracts for request in contract.budget_requests)
    if not budgeted and left <= budget_horizon_days:
        return SiteContractRisk(site_id, RiskLevel.AT_RISK, left, RiskReason.NO_BUDGET, left, link.id, running.id,
                                year=year)
    if left <= EXPIRING_DAYS:
        level = RiskLevel.EXPIRING_SOON if left <= EXPIRING_SOON_DAYS else RiskLevel.EXPIRING
        return SiteContractRisk(site_id, level, left, RiskReason.ENDS, left, link.id, running.id)
    return SiteContractRisk(site_id, RiskLevel.OK, left, RiskReason.RUNS, left, link.id, running.id)


def site_contract_risks(network: Network, today: date,
                        budget_horizon_days: int | None = None) -> dict[str, SiteContractRisk]:
    """Every site's contract risk, keyed by site id, in site order. A site no link serves has NO_CONTRACT.

    `budget_horizon_days`: how close to the end of the coverage a missing approved budget for the following year
    raises the risk to AT_RISK; by default the largest of the network's `contract_warn_days`, as
    `contract_warnings` does.
    """
    if budget_horizon_days is None:
        budget_horizon_days = max(network.monitoring.contract_warn_days, default=0)
    serving = site_links(network).serving_all(today)
    risks: dict[str, SiteContractRisk] = {}
    for site in network.sites:
        link = serving.get(site.id)
        risks[site.id] = (_link_risk(network, site.id, link, today, budget_horizon_days) if link is not None else
                          SiteContractRisk(site.id, RiskLevel.NO_CONTRACT, None))
    return risks
