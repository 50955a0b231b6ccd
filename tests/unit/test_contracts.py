"""Contract arithmetic: inclusive dates, status, months and cost, coverage gaps, billing and warnings."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pantau.domain.contracts import (
    ContractStatus,
    ContractWarning,
    DateSpan,
    Gap,
    WarningKind,
    billing_periods,
    contract_status,
    contract_warnings,
    contracts_for_link,
    cost_per_mbps_month_idr,
    coverage_gaps,
    days_left,
    gaps_for_link,
    monthly_cost_idr,
    months_covered,
    superseded,
    unpaid_periods,
)
from pantau.domain.inventory import (
    BillingPeriod,
    BudgetRequest,
    BudgetStatus,
    Contract,
    Link,
    LinkMedium,
    Network,
    Payment,
    Site,
    SiteKind,
)

D = date


def contract(cid: str, start: date, end: date, **overrides: Any) -> Contract:
    fields: dict[str, Any] = {"provider": "Telkom", "number": f"NO/{cid}", "service": "Astinet",
                              "bandwidth_kbps": 100, "value_idr": 1_800_000_000}
    fields.update(overrides)
    return Contract(cid, start=start, end=end, **fields)


SEED = contract("seed", D(2016, 7, 1), D(2017, 6, 30))


def network(contracts: list[Contract], links: dict[str, list[str]] | None = None) -> Network:
    sites = [Site("dc", "Data center", SiteKind.DATACENTER), Site("kec", "Kecamatan", SiteKind.KECAMATAN, parent="dc")]
    link_list = [Link(lid, "dc", "internet", "Telkom", LinkMedium.FIBER, 100, contracts=ids)
                 for lid, ids in (links or {}).items()]
    return Network("n", sites=sites, links=link_list, contracts=contracts)


def kinds(warnings: list[ContractWarning]) -> list[tuple[str, WarningKind]]:
    return [(w.contract_id, w.kind) for w in warnings]


# --- days left and status ---------------------------------------------------------------------------------------

def test_days_left_counts_the_last_day_as_covered() -> None:
    assert days_left(SEED, D(2017, 6, 30)) == 0
    assert days_left(SEED, D(2017, 6, 29)) == 1
    assert days_left(SEED, D(2017, 7, 10)) == -10
    assert days_left(SEED, D(2016, 7, 1)) == 364


def test_status_through_a_contract_life() -> None:
    assert contract_status(SEED, D(2016, 6, 30)) is ContractStatus.UPCOMING
    assert contract_status(SEED, D(2016, 7, 1)) is ContractStatus.ACTIVE
    assert contract_status(SEED, D(2017, 3, 31)) is ContractStatus.ACTIVE  # 91 days left
    assert contract_status(SEED, D(2017, 4, 1)) is ContractStatus.EXPIRING  # 90 days left
    assert contract_status(SEED, D(2017, 6, 30)) is ContractStatus.EXPIRING
    assert contract_status(SEED, D(2017, 7, 1)) is ContractStatus.EXPIRED
    assert contract_status(SEED, D(2017, 6, 1), expiring_within_days=7) is ContractStatus.ACTIVE


def test_contract_ending_on_31_december() -> None:
    c = contract("c", D(2017, 1, 1), D(2017, 12, 31))
    assert days_left(c, D(2017, 12, 31)) == 0
    assert contract_status(c, D(2017, 12, 31)) is ContractStatus.EXPIRING
    assert contract_status(c, D(2018, 1, 1)) is ContractStatus.EXPIRED
    assert months_covered(c) == 12.0


# --- months and cost --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("start", "end", "months"), [
    (D(2016, 7, 1), D(2017, 6, 30), 12.0),
    (D(2016, 7, 15), D(2017, 7, 14), 12.0),
    (D(2016, 2, 15), D(2017, 2, 14), 12.0),
    (D(2024, 1, 1), D(2024, 12, 31), 12.0),
    (D(2016, 7, 1), D(2016, 7, 15), 15 / 31),
    (D(2016, 7, 1), D(2016, 7, 1), 1 / 31),
    (D(2016, 7, 1), D(2016, 8, 15), 1 + 15 / 31),
    (D(2024, 2, 1), D(2024, 2, 29), 1.0),  # leap February
    (D(2023, 2, 1), D(2023, 2, 28), 1.0),
    (D(2024, 2, 29), D(2025, 2, 28), 12.0),  # from a leap day: the anniversary rolls to 1 March
    (D(2024, 2, 29), D(2024, 3, 28), 1.0),
    (D(2016, 1, 31), D(2016, 2, 29), 1.0),
    (D(2016, 1, 31), D(2016, 3, 30), 2.0),
])
def test_months_covered(start: date, end: date, months: float) -> None:
    assert months_covered(contract("c", start, end)) == pytest.approx(months)


def test_months_covered_of_an_inverted_contract_is_zero() -> None:
    assert months_covered(contract("c", D(2017, 1, 2), D(2017, 1, 1))) == 0.0


def test_seed_contract_costs() -> None:
    assert monthly_cost_idr(SEED) == pytest.approx(150_000_000)
    assert cost_per_mbps_month_idr(SEED) == pytest.approx(1_500_000_000)


def test_cost_of_a_contract_without_time_or_bandwidth_is_refused() -> None:
    with pytest.raises(ValueError, match="covers no time"):
        monthly_cost_idr(contract("c", D(2017, 1, 2), D(2017, 1, 1)))
    with pytest.raises(ValueError, match="no bandwidth"):
        cost_per_mbps_month_idr(contract("c", D(2017, 1, 1), D(2017, 12, 31), bandwidth_kbps=0))


@settings(max_examples=200, deadline=None)
@given(start=st.dates(D(2000, 1, 1), D(2040, 12, 31)), length=st.integers(0, 2000), extra=st.integers(1, 400))
def test_months_grow_with_the_end_date(start: date, length: int, extra: int) -> None:
    shorter = months_covered(contract("c", start, start + timedelta(days=length)))
    longer = months_covered(contract("c", start, start + timedelta(days=length + extra)))
    assert 0 < shorter < longer
    # A month is 28–31 days, so the count stays within those bounds of the day count.
    assert (length + 1) / 31 - 1e-9 <= shorter <= (length + 1) / 28 + 1e-9


# --- coverage gaps ----------------------------------------------------------------------------------------------

def test_no_contracts_no_gaps() -> None:
    assert coverage_gaps([]) == []
    assert coverage_gaps([SEED]) == []


def test_gap_between_two_contracts_is_inclusive() -> None:
    renewal = contract("r", D(2017, 9, 1), D(2018, 8, 31))
    gaps = coverage_gaps([renewal, SEED])
    assert gaps == [Gap(D(2017, 7, 1), D(2017, 8, 31))]
    assert gaps[0].days == 62


def test_gap_of_exactly_one_day() -> None:
    after = contract("a", D(2017, 7, 2), D(2018, 6, 30))
    gaps = coverage_gaps([SEED, after])
    assert gaps == [Gap(D(2017, 7, 1), D(2017, 7, 1))]
    assert gaps[0].days == 1


def test_touching_and_overlapping_contracts_leave_no_gap() -> None:
    touching = contract("t", D(2017, 7, 1), D(2018, 6, 30))
    overlapping = contract("o", D(2017, 6, 1), D(2018, 6, 30))
    assert coverage_gaps([SEED, touching]) == []
    assert coverage_gaps([SEED, overlapping]) == []


def test_a_nested_contract_does_not_hide_the_outer_end() -> None:
    outer = contract("outer", D(2016, 1, 1), D(2016, 12, 31))
    inner = contract("inner", D(2016, 3, 1), D(2016, 4, 30))
    later = contract("later", D(2017, 1, 5), D(2017, 12, 31))
    assert coverage_gaps([later, inner, outer]) == [Gap(D(2017, 1, 1), D(2017, 1, 4))]


def test_inverted_contracts_are_ignored_for_coverage() -> None:
    bad = contract("bad", D(2017, 8, 1), D(2017, 7, 1))
    renewal = contract("r", D(2017, 9, 1), D(2018, 8, 31))
    assert coverage_gaps([SEED, bad, renewal]) == [Gap(D(2017, 7, 1), D(2017, 8, 31))]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3000), st.integers(0, 400)), min_size=1, max_size=8))
def test_gaps_and_covered_days_partition_the_span(spans: list[tuple[int, int]]) -> None:
    origin = D(2015, 1, 1)
    contracts = [contract(f"c{i}", origin + timedelta(days=s), origin + timedelta(days=s + n))
                 for i, (s, n) in enumerate(spans)]
    covered = {c.start + timedelta(days=k) for c in contracts for k in range((c.end - c.start).days + 1)}
    gaps = coverage_gaps(contracts)
    gap_days = {g.start + timedelta(days=k) for g in gaps for k in range(g.days)}
    first, last = min(c.start for c in contracts), max(c.end for c in contracts)
    span = {first + timedelta(days=k) for k in range((last - first).days + 1)}
    assert covered.isdisjoint(gap_days)
    assert covered | gap_days == span
    assert sum(g.days for g in gaps) == len(gap_days)
    assert all(g.days >= 1 for g in gaps)
    assert all(a.end < b.start - timedelta(days=1) for a, b in pairwise(gaps))


def test_contracts_for_link_follows_the_link_and_skips_unknown_ids() -> None:
    renewal = contract("r", D(2017, 9, 1), D(2018, 8, 31))
    other = contract("other", D(2016, 1, 1), D(2016, 12, 31))
    net = network([renewal, other, SEED], {"l1": ["seed", "ghost", "r", "seed"]})
    link = net.links[0]
    assert [c.id for c in contracts_for_link(net, link)] == ["seed", "r"]
    assert gaps_for_link(net, link) == [Gap(D(2017, 7, 1), D(2017, 8, 31))]


def test_superseded_means_every_link_has_a_later_contract() -> None:
    renewal = contract("r", D(2017, 9, 1), D(2018, 8, 31))
    loose = contract("loose", D(2010, 1, 1), D(2010, 12, 31))
    net = network([SEED, renewal, loose], {"l1": ["seed", "r"], "l2": ["seed"]})
    assert not superseded(net, SEED)  # still the latest on l2
    net.links.pop()
    assert superseded(net, SEED)
    assert not superseded(net, renewal)
    assert not superseded(net, loose)


# --- billing ----------------------------------------------------------------------------------------------------

def test_monthly_billing_periods() -> None:
    periods = billing_periods(contract("c", D(2016, 7, 1), D(2017, 6, 30), billing_period=BillingPeriod.MONTHLY))
    assert len(periods) == 12
    assert periods[0] == DateSpan(D(2016, 7, 1), D(2016, 7, 31))
    assert periods[7] == DateSpan(D(2017, 2, 1), D(2017, 2, 28))
    assert periods[-1] == DateSpan(D(2017, 6, 1), D(2017, 6, 30))


def test_billing_periods_are_cut_at_the_end_and_roll_over_missing_days() -> None:
    quarterly = contract("q", D(2016, 1, 31), D(2016, 8, 15), billing_period=BillingPeriod.QUARTERLY)
    assert billing_periods(quarterly) == [
        DateSpan(D(2016, 1, 31), D(2016, 4, 30)),
        DateSpan(D(2016, 5, 1), D(2016, 7, 30)),
        DateSpan(D(2016, 7, 31), D(2016, 8, 15)),
    ]
    assert billing_periods(SEED) == [DateSpan(D(2016, 7, 1), D(2017, 6, 30))]


def _monthly(payments: list[Payment]) -> Contract:
    return contract("m", D(2016, 7, 1), D(2017, 6, 30), billing_period=BillingPeriod.MONTHLY, payments=payments)


def _paid(start: date, end: date) -> Payment:
    return Payment(end, 150_000_000, start, end)


def test_unpaid_periods_wait_for_the_grace_days() -> None:
    c = _monthly([_paid(D(2016, 7, 1), D(2016, 8, 31))])
    assert unpaid_periods(c, D(2016, 10, 1)) == []  # September started exactly 30 days ago
    assert unpaid_periods(c, D(2016, 10, 2)) == [DateSpan(D(2016, 9, 1), D(2016, 9, 30))]


def test_payments_together_may_cover_a_period() -> None:
    halves = [_paid(D(2016, 7, 1), D(2016, 12, 31)), _paid(D(2017, 1, 1), D(2017, 6, 30))]
    partial = [_paid(D(2016, 7, 1), D(2016, 12, 31))]
    assert unpaid_periods(contract("y", D(2016, 7, 1), D(2017, 6, 30), payments=halves), D(2018, 1, 1)) == []
    assert unpaid_periods(contract("y", D(2016, 7, 1), D(2017, 6, 30), payments=partial), D(2018, 1, 1)) == [
        DateSpan(D(2016, 7, 1), D(2017, 6, 30))]


# --- warnings ---------------------------------------------------------------------------------------------------

def _approved(year: int) -> BudgetRequest:
    return BudgetRequest(year, 1_800_000_000, BudgetStatus.APPROVED)


def _quiet(cid: str, start: date, end: date, **overrides: Any) -> Contract:
    """A contract paid in full with next year's budget approved, so it warns only about its dates."""
    budgets = [_approved(y) for y in range(start.year, end.year + 2)]
    fields: dict[str, Any] = {"payments": [_paid(start, end)], "budget_requests": budgets}
    fields.update(overrides)
    return contract(cid, start, end, **fields)


@pytest.mark.parametrize(("today", "left", "step"), [
    (D(2016, 12, 31), 181, None),
    (D(2017, 1, 1), 180, 180),
    (D(2017, 3, 31), 91, 180),
    (D(2017, 4, 1), 90, 90),
    (D(2017, 5, 1), 60, 60),
    (D(2017, 5, 31), 30, 30),
    (D(2017, 6, 22), 8, 30),
    (D(2017, 6, 23), 7, 7),
    (D(2017, 6, 30), 0, 7),
])
def test_expiring_reports_the_smallest_step_reached(today: date, left: int, step: int | None) -> None:
    seed = _quiet("seed", SEED.start, SEED.end)
    warnings = contract_warnings(network([seed]), today)
    assert [(w.kind, w.days, w.step) for w in warnings] == ([] if step is None else
                                                            [(WarningKind.EXPIRING, left, step)])


def test_expiring_messages() -> None:
    seed = _quiet("seed", SEED.start, SEED.end)
    (today_warning,) = contract_warnings(network([seed]), D(2017, 6, 30))
    assert today_warning == ContractWarning("seed", WarningKind.EXPIRING, 0,
                                            "expires today (2017-06-30), within 7 days", step=7)
    (soon,) = contract_warnings(network([seed]), D(2017, 6, 5))
    assert soon.message == "expires in 25 days (2017-06-30), within 30 days"
    assert contract_warnings(network([seed]), D(2016, 12, 31)) == []  # 181 days left


def test_no_expiring_warning_without_steps() -> None:
    seed = _quiet("seed", SEED.start, SEED.end)
    assert contract_warnings(network([seed]), D(2017, 6, 29), expiry_steps=()) == []


def test_expired_only_for_the_latest_contract_of_a_link() -> None:
    old = _quiet("old", SEED.start, SEED.end)
    new = _quiet("new", D(2017, 9, 1), D(2018, 8, 31))
    loose = _quiet("loose", D(2015, 1, 1), D(2015, 12, 31))
    net = network([old, new, loose], {"l1": ["old", "new"]})
    assert kinds(contract_warnings(net, D(2018, 1, 1))) == [("loose", WarningKind.EXPIRED)]
    assert kinds(contract_warnings(net, D(2018, 9, 10))) == [("new", WarningKind.EXPIRED),
                                                             ("loose", WarningKind.EXPIRED)]
    expired = contract_warnings(net, D(2018, 9, 10))[0]
    assert expired.days == -10 and expired.message == "expired 10 days ago (ended 2018-08-31)"


def test_a_superseded_contract_is_not_reported_as_expiring() -> None:
    old = _quiet("old", SEED.start, SEED.end)
    new = _quiet("new", D(2017, 7, 1), D(2018, 6, 30))
    net = network([old, new], {"l1": ["old", "new"]})
    assert contract_warnings(net, D(2017, 6, 20)) == []


def test_coverage_gap_ahead_or_now_is_reported_once_past_it_is_history() -> None:
    old = _quiet("old", SEED.start, SEED.end)
    new = _quiet("new", D(2017, 9, 1), D(2018, 8, 31))
    net = network([old, new], {"l1": ["old", "new"]})
    gap_warning = ContractWarning("old", WarningKind.COVERAGE_GAP, 62,
                                  "link l1 has no contract from 2017-07-01 to 2017-08-31 (62 days)", link_id="l1")
    assert contract_warnings(net, D(2017, 5, 1)) == [gap_warning]
    assert contract_warnings(net, D(2017, 8, 31)) == [gap_warning]
    assert contract_warnings(net, D(2017, 9, 1)) == []


def test_no_approved_budget_for_the_year_after_the_end() -> None:
    proposed = contract("seed", SEED.start, SEED.end, payments=[_paid(SEED.start, SEED.end)],
                        budget_requests=[_approved(2016), BudgetRequest(2017, 1, BudgetStatus.PROPOSED),
                                         BudgetRequest(2017, 1, BudgetStatus.CUT)])
    net = network([proposed], {"l1": ["seed"]})
    assert contract_warnings(net, D(2016, 12, 1)) == []  # 211 days left: beyond the largest step
    warnings = contract_warnings(net, D(2017, 5, 1))
    assert kinds(warnings) == [("seed", WarningKind.EXPIRING), ("seed", WarningKind.NO_APPROVED_BUDGET)]
    assert warnings[1].message == "no approved budget for 2017 to follow this contract (ends 2017-06-30)"
    assert warnings[1].days == 60
    after = contract_warnings(net, D(2017, 8, 1))
    assert kinds(after) == [("seed", WarningKind.EXPIRED), ("seed", WarningKind.NO_APPROVED_BUDGET)]
    assert after[1].message.endswith("(ended 2017-06-30)")


def test_budget_approved_on_a_later_contract_of_the_link_counts() -> None:
    old = contract("old", SEED.start, SEED.end, payments=[_paid(SEED.start, SEED.end)])
    new = _quiet("new", D(2017, 7, 1), D(2018, 6, 30), budget_requests=[_approved(2017), _approved(2018),
                                                                          _approved(2019)])
    net = network([old, new], {"l1": ["old", "new"]})
    assert contract_warnings(net, D(2017, 6, 1)) == []
    new.budget_requests = [_approved(2018), _approved(2019)]
    assert kinds(contract_warnings(net, D(2017, 6, 1))) == [("old", WarningKind.NO_APPROVED_BUDGET)]
    # Once it has ended, a superseded contract is history: no budget warning either.
    assert contract_warnings(net, D(2017, 7, 2)) == []


def test_budget_for_a_contract_ending_31_december_is_next_year() -> None:
    dec = contract("dec", D(2017, 1, 1), D(2017, 12, 31), payments=[_paid(D(2017, 1, 1), D(2017, 12, 31))],
                   budget_requests=[_approved(2017)])
    net = network([dec], {"l1": ["dec"]})
    budget = [w for w in contract_warnings(net, D(2017, 11, 1)) if w.kind is WarningKind.NO_APPROVED_BUDGET]
    assert [w.message for w in budget] == ["no approved budget for 2018 to follow this contract (ends 2017-12-31)"]
    dec.budget_requests.append(_approved(2018))
    assert kinds(contract_warnings(net, D(2017, 11, 1))) == [("dec", WarningKind.EXPIRING)]


def test_payment_overdue_warning() -> None:
    c = _monthly([_paid(D(2016, 7, 1), D(2016, 7, 31))])
    net = network([c], {"l1": ["m"]})
    (one,) = contract_warnings(net, D(2016, 9, 15))
    assert one == ContractWarning("m", WarningKind.PAYMENT_OVERDUE, 15,
                                  "billing period 2016-08-01 to 2016-08-31 unpaid, 15 days overdue")
    (many,) = contract_warnings(net, D(2016, 11, 1))
    assert many.days == 62
    assert many.message == "3 billing periods unpaid; the oldest, 2016-08-01 to 2016-08-31, is 62 days overdue"


def test_payment_overdue_applies_to_history_too() -> None:
    old = _quiet("old", SEED.start, SEED.end, payments=[])
    new = _quiet("new", D(2017, 7, 1), D(2018, 6, 30))
    net = network([old, new], {"l1": ["old", "new"]})
    assert kinds(contract_warnings(net, D(2017, 12, 1))) == [("old", WarningKind.PAYMENT_OVERDUE)]


def test_inverted_contract_raises_no_warnings() -> None:
    bad = contract("bad", D(2017, 8, 1), D(2017, 7, 1))
    assert contract_warnings(network([bad]), D(2018, 1, 1)) == []
