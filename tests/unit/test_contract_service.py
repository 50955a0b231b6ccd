"""Contract periods as epoch seconds, the down time of an outage log, and the paid share of a year (the SLA per
window and its credit: test_sla.py)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from pantau.domain.contract_service import (
    Interval,
    down_intervals,
    merge_intervals,
    paid_share_of_year,
    period_interval,
)
from pantau.domain.contracts import DateSpan
from pantau.domain.inventory import Contract, Payment
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
