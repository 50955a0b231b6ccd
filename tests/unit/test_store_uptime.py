"""The store's combined uptime (reporting/store_uptime.py) without a database: each vantage's events and measured
minutes in, each office's availability with the vantages combined out, against figures worked out here; and the
minutes a packed hour's header names (minute_pack.minutes_present) are those `pack` was given."""

from __future__ import annotations

import numpy as np
import pytest

from pantau.domain.inventory import Network, Site, SiteKind, Target, TargetRole
from pantau.domain.states import HealthState
from pantau.reporting.availability import coverage, measured_coverage
from pantau.reporting.history import HistorySeries
from pantau.reporting.store_uptime import site_uptimes
from pantau.storage.minute_pack import HEAD_SIZE, PackError, minutes_present, pack
from pantau.storage.workspace import EventRow

HOUR = 3600.0
START, END = 1_700_000_040.0 - 24 * HOUR, 1_700_000_040.0
NETWORK = Network("N", sites=[Site("a", "A", SiteKind.DESA, "W")],
                  targets=[Target("a-rtr", "a", "127.0.0.9", TargetRole.OFFICE_ROUTER)])


def event(state: HealthState, started: float, ended: float | None) -> EventRow:
    return EventRow("a", "site", state, HealthState.UNKNOWN, started, ended, "", "", 0)


def up_then_down(first: float, last: float) -> list[EventRow]:
    return [event(HealthState.UP, START - HOUR, first), event(HealthState.DOWN, first, last),
            event(HealthState.UP, last, None)]


def minutes(start: float, end: float) -> np.ndarray:
    return np.arange(start, end, 60.0)


def uptime(events: dict[str, list[EventRow]], measured: dict[str, np.ndarray]) -> float | None:
    found = site_uptimes(NETWORK, events, {(v, "a-rtr", "icmp"): m for v, m in measured.items()}, START, END)
    return found["a"].uptime if "a" in found else None


def test_down_from_every_vantage_counts_and_down_from_one_does_not() -> None:
    day = minutes(START - HOUR, END)
    down = (END - 5 * HOUR, END - 3 * HOUR)
    both = {"dc": up_then_down(*down), "waru": up_then_down(*down)}
    assert uptime(both, {"dc": day, "waru": day}) == pytest.approx(100 * 22 / 24)
    one = {"dc": up_then_down(*down), "waru": [event(HealthState.UP, START - HOUR, None)]}
    assert uptime(one, {"dc": day, "waru": day}) == 100.0
    # Waru measured nothing for the whole outage: the data centre's DOWN is all there is.
    gap = day[(day < down[0]) | (day >= down[1])]
    assert uptime(one, {"dc": day, "waru": gap}) == pytest.approx(100 * 22 / 24)


def test_only_monitored_time_counts_and_none_is_no_figure() -> None:
    down = (END - 5 * HOUR, END - 3 * HOUR)
    # Measured for the last 6 h only, by one vantage: 2 h down of 6.
    assert uptime({"dc": up_then_down(*down)}, {"dc": minutes(END - 6 * HOUR, END)}) == pytest.approx(100 * 4 / 6)
    assert uptime({"dc": up_then_down(*down)}, {}) is None
    assert uptime({}, {"dc": minutes(START, END)}) is None
    # Measured from one vantage, the events from another: nobody both judged and measured it.
    assert uptime({"waru": up_then_down(*down)}, {"dc": minutes(START, END)}) is None


def test_measured_coverage_is_coverage_of_the_measured_buckets() -> None:
    t = minutes(START, END)
    loss = np.where((t >= END - 7 * HOUR) & (t < END - 6 * HOUR), np.nan, 0.0)
    series = HistorySeries("a-rtr", "icmp", "1m", t, loss, loss, loss, loss)
    assert measured_coverage(t[np.isfinite(loss)], 60.0, START, END) == coverage(series, START, END)
    assert measured_coverage(t[np.isfinite(loss)], 60.0, START, END) == [(START, END - 7 * HOUR),
                                                                          (END - 6 * HOUR, END)]


def test_packed_hours_heads_name_their_minutes() -> None:
    blob = pack([(m, 60, 1, 1000, 1200, 1500, 1400) for m in (0, 1, 7, 59)] + [(30, 3, 3, None, None, None, None)])
    whole = pack([(m, 40, 0, 900, 1000, 1100, 1050) for m in range(60)])
    rows, minutes = minutes_present([blob[:HEAD_SIZE], whole[:HEAD_SIZE]])
    assert rows.tolist() == [0] * 5 + [1] * 60
    assert minutes.tolist() == [0, 1, 7, 30, 59, *range(60)]
    with pytest.raises(PackError, match="format 2"):
        minutes_present([bytes([2]) + blob[1:HEAD_SIZE]])
