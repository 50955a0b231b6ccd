"""Measured service per contract period, SLA credit estimates and the paid share of a year, on synthetic histories."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from pantau.domain.contract_service import (
    CreditRule,
    Interval,
    contract_service,
    down_intervals,
    measure_link,
    merge_intervals,
    paid_share_of_year,
    period_interval,
    sla_credit_idr,
)
from pantau.domain.contracts import DateSpan
from pantau.domain.inventory import Contract, Link, LinkMedium, Network, Payment, Site, SiteKind
from pantau.domain.states import HealthState

D = date
TZ = ZoneInfo("Asia/Makassar")  # UTC+8, no daylight saving
HOUR = 3600.0


def ts(y: int, m: int, d: int, h: int = 0) -> float:
    return datetime(y, m, d, h, tzinfo=TZ).timestamp()


def contract(cid: str, start: date, end: date, **overrides: Any) -> Contract:
    fields: dict[str, Any] = {"provider": "Telkom", "number": f"NO/{cid}", "service": "Astinet",
                              "bandwidth_kbps": 100, "value_idr": 1_000_000_000, "sla_percent": 99.5}
    fields.update(overrides)
    return Contract(cid, start=start, end=end, **fields)


def paid(c: Contract, start: date | None = None, end: date | None = None) -> Contract:
    c.payments.append(Payment(c.start, c.value_idr, start or c.start, end or c.end))
    return c


def network(contracts: list[Contract], links: dict[str, list[str]]) -> Network:
    sites = [Site("dc", "Data center", SiteKind.DATACENTER)]
    link_list = [Link(lid, "dc", "internet", "Telkom", LinkMedium.FIBER, 100, contracts=ids)
                 for lid, ids in links.items()]
    return Network("n", timezone="Asia/Makassar", sites=sites, links=link_list, contracts=contracts)


def test_period_runs_from_midnight_to_midnight_after_the_last_day_in_the_network_zone() -> None:
    span = period_interval(DateSpan(D(2017, 12, 1), D(2017, 12, 31)), TZ)
    assert span == Interval(ts(2017, 12, 1), ts(2018, 1, 1))
    assert span.seconds == 31 * 24 * HOUR


def test_leap_year_period_has_366_days() -> None:
    assert period_interval(DateSpan(D(2024, 1, 1), D(2024, 12, 31)), TZ).seconds == 366 * 24 * HOUR
    assert period_interval(DateSpan(D(2023, 1, 1), D(2023, 12, 31)), TZ).seconds == 365 * 24 * HOUR


def test_down_intervals_keep_only_down_and_end_running_events_now() -> None:
    events = [(HealthState.DOWN, 10.0, 20.0), (HealthState.UNREACHABLE, 30.0, 40.0),
              (HealthState.DOWN, 15.0, 25.0), (HealthState.DEGRADED, 50.0, 60.0), (HealthState.DOWN, 90.0, None)]
    assert down_intervals(events, now=100.0) == [Interval(10.0, 25.0), Interval(90.0, 100.0)]


def test_merge_joins_touching_intervals_and_drops_empty_ones() -> None:
    assert merge_intervals([Interval(5, 6), Interval(0, 2), Interval(2, 3), Interval(4, 4)]) == [
        Interval(0, 3), Interval(5, 6)]


def test_contract_ending_31_december_counts_downtime_up_to_midnight_only() -> None:
    c = contract("c", D(2017, 8, 1), D(2017, 12, 31))
    # Down from 22:00 on 31 December to 02:00 on 1 January: two hours fall inside the contract.
    down = [Interval(ts(2017, 12, 31, 22), ts(2018, 1, 1, 2))]
    result = contract_service(network([c], {"l": ["c"]}), c, {"l": down}, Interval(0, ts(2019, 1, 1)))
    link = result.links[0]
    assert link.downtime_hours == pytest.approx(2.0)
    assert link.watched_s == (D(2018, 1, 1) - D(2017, 8, 1)).days * 24 * HOUR


def test_only_the_watched_part_of_a_period_counts() -> None:
    c = contract("c", D(2024, 1, 1), D(2024, 12, 31))
    watched = Interval(ts(2024, 12, 1), ts(2024, 12, 11))  # ten days of monitoring
    down = [Interval(ts(2024, 6, 1), ts(2024, 6, 2)), Interval(ts(2024, 12, 5), ts(2024, 12, 5, 12))]
    link = measure_link("l", period_interval(DateSpan(c.start, c.end), TZ), watched, down)
    assert link.watched_s == 10 * 24 * HOUR
    assert link.downtime_hours == pytest.approx(12.0)
    assert link.availability_percent == pytest.approx(95.0)


def test_unwatched_period_has_no_availability_and_no_verdict() -> None:
    c = contract("c", D(2016, 7, 1), D(2017, 6, 30))
    result = contract_service(network([c], {"l": ["c"]}), c, {}, Interval(ts(2020, 1, 1), ts(2020, 2, 1)))
    assert result.links[0].availability_percent is None
    assert result.meets_sla is None
    assert result.worst_availability_percent is None


def test_sla_is_judged_on_the_worst_link_and_overlapping_outages_count_once() -> None:
    c = contract("c", D(2023, 1, 1), D(2023, 1, 10))  # 240 hours; 99.5 % allows 1.2 hours
    down_a = [Interval(ts(2023, 1, 2), ts(2023, 1, 2, 2)), Interval(ts(2023, 1, 2, 1), ts(2023, 1, 2, 3))]
    result = contract_service(network([c], {"a": ["c"], "b": ["c"], "other": []}), c,
                              {"a": down_a, "b": []}, Interval(0, ts(2024, 1, 1)))
    assert [link.link_id for link in result.links] == ["a", "b"]
    assert result.downtime_hours == pytest.approx(3.0)
    assert result.worst_availability_percent == pytest.approx(100 * (1 - 3 / 240))
    assert result.meets_sla is False
    assert result.links[1].availability_percent == 100.0


def test_credit_counts_whole_hours_beyond_the_allowance_and_is_capped() -> None:
    c = contract("c", D(2023, 1, 1), D(2023, 1, 10))
    rule = CreditRule(percent_per_hour=2.0, cap_percent=10.0)
    assert sla_credit_idr(c, 240, 1.2, rule) == 0.0  # exactly the allowance
    assert sla_credit_idr(c, 240, 3.5, rule) == pytest.approx(1_000_000_000 * 0.04)  # 2.3 h beyond: 2 whole hours
    assert sla_credit_idr(c, 240, 100, rule) == pytest.approx(1_000_000_000 * 0.10)
    assert sla_credit_idr(contract("n", D(2023, 1, 1), D(2023, 1, 10), sla_percent=None), 240, 100, rule) == 0.0


def test_contract_service_estimates_credit_only_with_a_rule() -> None:
    c = contract("c", D(2023, 1, 1), D(2023, 1, 10))
    down = {"l": [Interval(ts(2023, 1, 3), ts(2023, 1, 3, 6))]}  # 6 h, 4.8 h beyond the allowance
    net = network([c], {"l": ["c"]})
    assert contract_service(net, c, down, Interval(0, ts(2024, 1, 1))).credit_idr is None
    with_rule = contract_service(net, c, down, Interval(0, ts(2024, 1, 1)), CreditRule(1.0))
    assert with_rule.credit_idr == pytest.approx(1_000_000_000 * 0.04)


def test_paid_share_counts_a_one_day_gap_and_the_leap_day() -> None:
    first = paid(contract("a", D(2024, 1, 1), D(2024, 7, 14)))
    second = paid(contract("b", D(2024, 7, 16), D(2024, 12, 31)))  # 15 July 2024 is uncovered
    assert paid_share_of_year([first, second], 2024) == pytest.approx(365 / 366)
    assert paid_share_of_year([first, second], 2023) == 0.0


def test_paid_share_counts_overlapping_contracts_once_and_only_paid_periods() -> None:
    whole = paid(contract("a", D(2023, 1, 1), D(2023, 12, 31)))
    overlap = paid(contract("b", D(2023, 6, 1), D(2024, 5, 31)))
    assert paid_share_of_year([whole, overlap], 2023) == 1.0
    half = paid(contract("c", D(2022, 1, 1), D(2022, 12, 31)), end=D(2022, 6, 30))
    assert paid_share_of_year([half], 2022) == pytest.approx(181 / 365)
    assert paid_share_of_year([contract("d", D(2022, 1, 1), D(2022, 12, 31))], 2022) == 0.0


def test_payment_beyond_the_contract_does_not_count_uncovered_days() -> None:
    c = paid(contract("a", D(2017, 8, 1), D(2017, 12, 31)), start=D(2017, 7, 1))
    assert paid_share_of_year([c], 2017) == pytest.approx(153 / 365)
