"""A contract period's measured use: mean, peak, p95, full hours, office-hours warning, cost per used Mbps."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from pantau.domain.contract_traffic import contract_traffic, period_bounds
from pantau.domain.inventory import Contract
from pantau.domain.traffic import TrafficRollup

WITA = ZoneInfo("Asia/Makassar")


def contract() -> Contract:
    # The 2017 story: 100 kbps for Rp 1.8 billion a year.
    return Contract("c", "Telkom", "1/SPK", "", 100, date(2016, 7, 1), date(2017, 6, 30), 1_800_000_000)


def hour(local: datetime, bps: float, peak: float | None = None) -> TrafficRollup:
    start = local.replace(tzinfo=WITA).timestamp()
    return TrafficRollup(start, start + 3600, 3600, bps, bps / 10, peak or bps, bps / 10, bps, bps / 10)


def office_week(first: date, days: int, busy_bps: float, quiet_bps: float) -> list[TrafficRollup]:
    """Every hour of `days` days from `first`: office hours 9–16 busy, the rest quiet."""
    hours = []
    for n in range(days):
        day = date.fromordinal(first.toordinal() + n)
        for h in range(24):
            bps = busy_bps if 9 <= h < 16 else quiet_bps
            hours.append(hour(datetime(day.year, day.month, day.day, h), bps))
    return hours


def test_period_runs_from_first_midnight_to_the_midnight_after_the_last_day() -> None:
    start, end = period_bounds(contract(), WITA)
    assert start == datetime(2016, 7, 1, tzinfo=WITA).timestamp()
    assert end == datetime(2017, 7, 1, tzinfo=WITA).timestamp()


def test_a_line_full_in_office_hours_on_working_days_gets_the_warning() -> None:
    # Two weeks from Monday 2017-03-06: office hours at 95 kbit/s, nights at 10 kbit/s.
    hours = office_week(date(2017, 3, 6), 14, 95_000, 10_000)
    used = contract_traffic(contract(), hours, WITA)
    assert used.working_days_measured == 10 and used.working_days_full == 10
    assert used.full_in_office_hours
    assert used.hours_full == 14 * 7  # the weekends are busy too in this generator, but not working days
    assert used.peak_bps == 95_000
    assert used.percent(used.mean_bps) == pytest.approx((98 * 95 + (14 * 24 - 98) * 10) / (14 * 24))
    assert used.measured_share == pytest.approx(14 / 365)
    assert used.cost_per_paid_mbps_idr == pytest.approx(18_000_000_000)  # Rp 1.8 bn for 0.1 Mbps
    assert used.cost_per_used_mbps_idr == pytest.approx(1_800_000_000 / (used.mean_bps / 1e6))


def test_busy_weekends_or_a_few_busy_days_are_no_warning() -> None:
    weekend_only = office_week(date(2017, 3, 4), 2, 99_000, 10_000)
    quiet_week = office_week(date(2017, 3, 6), 5, 40_000, 10_000)
    used = contract_traffic(contract(), weekend_only + quiet_week, WITA)
    assert used.working_days_measured == 5 and used.working_days_full == 0
    assert not used.full_in_office_hours
    few = contract_traffic(contract(), office_week(date(2017, 3, 6), 4, 99_000, 10_000), WITA)
    assert few.working_days_full == 4 and not few.full_in_office_hours  # fewer than 5 working days measured


def test_nothing_measured_is_none_not_zero_and_hours_outside_the_period_do_not_count() -> None:
    outside = office_week(date(2017, 7, 3), 5, 99_000, 99_000)
    used = contract_traffic(contract(), outside, WITA)
    assert used.measured_s == 0
    assert used.mean_bps is None and used.peak_bps is None and used.p95_bps is None
    assert used.cost_per_used_mbps_idr is None
    assert used.percent(used.mean_bps) is None


def test_p95_is_of_the_hourly_means() -> None:
    hours = [hour(datetime(2017, 1, 2, h), 1000.0 * (h + 1)) for h in range(20)]
    used = contract_traffic(contract(), hours, WITA)
    assert used.p95_bps == 19_000
