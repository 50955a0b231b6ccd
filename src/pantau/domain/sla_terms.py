"""A contract's SLA terms beyond its availability target: the measurement window, the credit rule and the announced
maintenance that does not count against the provider (the network file's `[contracts.sla]` table).

The target itself stays the contract's `sla_percent` (it predates these terms); terms without a target are refused
by `sla_problems`. Pure data and validation; `domain.sla` does the arithmetic.

The credit rule is the one Indonesian line contracts write: a percent of the monthly fee for every whole hour of
downtime beyond what the target allows in the window, capped at a percent of the window's fee. A contract covering
several lines pays per line, so a line's fee is its share of the contract's monthly cost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

# Exclusions are written as local times of the network; these bound the years like the contract dates do.
_FIRST_YEAR, _LAST_YEAR = 1990, 2200
MAX_EXCLUSIONS = 1_000
# A credit above ten months' fee per window is a typing error, not a contract.
MAX_CAP_PERCENT = 1_000.0


class SlaWindow(StrEnum):
    """The period over which availability is measured against the target: calendar months, quarters or years of
    the network's time zone, cut to the contract's days."""

    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


@dataclass(frozen=True)
class SlaExclusion:
    """Announced maintenance: downtime from `start` to `end` (local times of the network) is not counted, and the
    time is left out of the window's measured time too."""

    start: datetime
    end: datetime
    note: str = ""


@dataclass
class SlaTerms:
    window: SlaWindow = SlaWindow.MONTH
    # Percent of the line's monthly fee per whole hour of downtime beyond the allowance; 0: no credit rule given.
    credit_percent_per_hour: float = 0.0
    # Per window, in percent of the line's fee for the window (a month's fee for a monthly window).
    credit_cap_percent: float = 100.0
    exclusions: list[SlaExclusion] = field(default_factory=list)

    @property
    def has_credit_rule(self) -> bool:
        return self.credit_percent_per_hour > 0


def sla_problems(terms: SlaTerms, target_percent: float | None) -> list[tuple[str, str]]:
    """(field, message) for each problem of `terms`; fields are relative to the contract (`sla.window`)."""
    problems: list[tuple[str, str]] = []
    if target_percent is None:
        problems.append(("sla", "SLA terms need the availability target: set sla_percent (e.g. 99.5)"))
    if not 0 <= terms.credit_percent_per_hour <= 100:
        problems.append(("sla.credit_percent_per_hour",
                         "the credit per hour is a percent of the monthly fee from 0 to 100"))
    if not 0 < terms.credit_cap_percent <= MAX_CAP_PERCENT:
        problems.append(("sla.credit_cap_percent",
                         f"the cap is a percent of the window's fee above 0 and at most {MAX_CAP_PERCENT:g}"))
    if len(terms.exclusions) > MAX_EXCLUSIONS:
        problems.append(("sla.exclusions", f"at most {MAX_EXCLUSIONS} maintenance exclusions"))
    for n, exclusion in enumerate(terms.exclusions[:MAX_EXCLUSIONS]):
        where = f"sla.exclusions[{n}]"
        for name, moment in (("start", exclusion.start), ("end", exclusion.end)):
            if moment.tzinfo is not None:
                problems.append((f"{where}.{name}", "write the local time of the network without an offset, "
                                                    "like 2026-03-01T22:00:00"))
            elif not _FIRST_YEAR <= moment.year <= _LAST_YEAR:
                problems.append((f"{where}.{name}", f"{moment.isoformat()} is outside {_FIRST_YEAR}…{_LAST_YEAR}"))
        if (exclusion.start.tzinfo is None) == (exclusion.end.tzinfo is None) and exclusion.end <= exclusion.start:
            problems.append((f"{where}.end", "the maintenance ends before it starts"))
    return problems
