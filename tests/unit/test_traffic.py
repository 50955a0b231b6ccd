"""The rate between two counter readings (wrap, reset, restart) and the rollups (mean, peak, 95th percentile)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pantau.domain.traffic import (
    COUNTER32,
    CounterReading,
    GapReason,
    OperStatus,
    RateGap,
    TrafficRate,
    bucket_rollups,
    counter_delta,
    percentile,
    rate_between,
    rollup,
    utilisation_percent,
)


def reading(at: float, in_octets: int, out_octets: int = 0, *, uptime_s: float | None = None, bits: int = 64,
            speed_bps: int | None = None) -> CounterReading:
    ticks = round((at if uptime_s is None else uptime_s) * 100)
    return CounterReading(at=at, uptime_ticks=ticks, in_octets=in_octets, out_octets=out_octets,
                          counter_bits=bits, speed_bps=speed_bps)


def test_rate_is_octets_times_eight_over_seconds() -> None:
    rate = rate_between(reading(1000, 0, 0), reading(1030, 375_000, 37_500))
    assert isinstance(rate, TrafficRate)
    assert rate.in_bps == pytest.approx(100_000)
    assert rate.out_bps == pytest.approx(10_000)
    assert rate.peak_bps == pytest.approx(100_000)
    assert utilisation_percent(rate.peak_bps, 100) == pytest.approx(100)


def test_a_32_bit_counter_that_went_back_wrapped_once() -> None:
    before = reading(0, COUNTER32 - 1000, 5, bits=32, speed_bps=100_000_000)
    after = reading(30, 2000, 5, bits=32, speed_bps=100_000_000)
    rate = rate_between(before, after)
    assert isinstance(rate, TrafficRate)
    assert rate.in_bps == pytest.approx(3000 * 8 / 30)


def test_a_64_bit_counter_that_went_back_was_reset() -> None:
    gap = rate_between(reading(0, 10_000_000), reading(30, 500))
    assert isinstance(gap, RateGap)
    assert gap.reason is GapReason.COUNTER_RESET


def test_an_agent_restart_is_a_gap_even_when_the_counters_grew() -> None:
    # The agent restarted 10 s before the second poll and has already counted past the old value.
    before = reading(1000, 100, uptime_s=5000)
    after = reading(1030, 5000, uptime_s=10)
    gap = rate_between(before, after)
    assert isinstance(gap, RateGap) and gap.reason is GapReason.RESTART


def test_uptime_that_lags_the_clock_far_means_a_restart_in_between() -> None:
    # The uptime grew (the agent was up 40 s at the first poll and 50 s at the second) but by 10 s in 300.
    gap = rate_between(reading(0, 100, uptime_s=40), reading(300, 200, uptime_s=50))
    assert isinstance(gap, RateGap) and gap.reason is GapReason.RESTART


def test_a_few_seconds_of_uptime_lag_is_request_latency_not_a_restart() -> None:
    rate = rate_between(reading(0, 0, uptime_s=100), reading(30, 3000, uptime_s=127))
    assert isinstance(rate, TrafficRate)


def test_a_rate_above_the_interface_speed_is_a_gap_not_a_spike() -> None:
    before = reading(0, 1000, bits=32, speed_bps=10_000_000)
    after = reading(30, 500, bits=32, speed_bps=10_000_000)  # a "wrap" of 4 GiB in 30 s on a 10 Mbit/s port
    gap = rate_between(before, after)
    assert isinstance(gap, RateGap) and gap.reason is GapReason.AMBIGUOUS_WRAP


def test_a_fast_32_bit_port_polled_slowly_is_ambiguous() -> None:
    # At 10 Gbit/s, 2**32 octets pass in 3.4 s: a 30 s poll cannot tell how many wraps happened.
    gap = rate_between(reading(0, 1000, bits=32, speed_bps=10**10), reading(30, 5000, bits=32, speed_bps=10**10))
    assert isinstance(gap, RateGap) and gap.reason is GapReason.AMBIGUOUS_WRAP


def test_mixed_counter_kinds_and_a_clock_step_back_are_gaps() -> None:
    mixed = rate_between(reading(0, 1), reading(30, 2, bits=32))
    assert isinstance(mixed, RateGap) and mixed.reason is GapReason.COUNTER_KIND
    back = rate_between(reading(30, 1), reading(30, 2))
    assert isinstance(back, RateGap) and back.reason is GapReason.CLOCK


@given(st.integers(0, COUNTER32 - 1), st.integers(0, COUNTER32 - 1))
def test_counter32_delta_undoes_one_wrap(start: int, moved: int) -> None:
    assert counter_delta(start, (start + moved) % COUNTER32, 32) == moved


def test_oper_status_codes() -> None:
    assert OperStatus.from_code(1) is OperStatus.UP
    assert OperStatus.from_code(2).is_down
    assert OperStatus.from_code(7).is_down
    assert not OperStatus.from_code(5).is_down
    assert OperStatus.from_code(99) is OperStatus.UNKNOWN


def test_percentile_is_nearest_rank() -> None:
    values = list(range(1, 101))
    assert percentile(values, 0.95) == 95
    assert percentile([7.0], 0.95) == 7.0
    assert percentile([1, 2, 3, 4, 100], 0.95) == 100


def test_rollup_weights_the_mean_by_seconds_and_keeps_peak_and_p95() -> None:
    rates = [TrafficRate(0, 30, 1000, 10), TrafficRate(30, 60, 1000, 10), TrafficRate(60, 120, 4000, 40)]
    made = rollup(rates, 0, 3600)
    assert made is not None
    assert made.measured_s == 120
    assert made.in_mean_bps == pytest.approx((1000 * 30 + 1000 * 30 + 4000 * 60) / 120)
    assert made.peak_bps == 4000
    assert made.p95_bps == 4000
    assert rollup(rates, 3600, 7200) is None


def test_bucket_rollups_leave_gaps_absent() -> None:
    rates = [TrafficRate(t, t + 30, 8000, 0) for t in (0, 30, 240, 270)]
    minutes = bucket_rollups(rates, 60)
    assert [m.start for m in minutes] == [0, 240]
    assert [m.measured_s for m in minutes] == [60, 60]
