"""A link's traffic read back for plotting (gaps are NaN, never 0) and its week heat-map, from a real workspace."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from pantau.domain.traffic import OperStatus, TrafficInterval
from pantau.reporting.traffic_series import load_traffic, load_week_heatmap
from pantau.storage.workspace import Workspace

WITA = ZoneInfo("Asia/Makassar")
MONDAY_9 = datetime(2026, 11, 30, 9, tzinfo=WITA).timestamp()


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    workspace = Workspace.open(tmp_path / "ws.sqlite3")
    yield workspace
    workspace.close()


def rate(start: float, in_bps: float, seconds: float = 30) -> TrafficInterval:
    return TrafficInterval("up", start, start + seconds, in_bps, in_bps / 10, OperStatus.UP)


def test_raw_range_breaks_the_line_at_failed_polls_and_pauses(ws: Workspace) -> None:
    t0 = MONDAY_9
    ws.record_traffic([rate(t0, 50_000), rate(t0 + 30, 60_000),
                       TrafficInterval("up", t0 + 60, t0 + 90, None, None, problem="SNMP: no answer"),
                       rate(t0 + 90, 70_000),
                       rate(t0 + 600, 80_000)])  # the poller stopped for 8 minutes before this one
    series = load_traffic(ws, "up", t0, t0 + 3600, now=t0 + 3600)
    assert series.source == "raw"
    values = list(series.in_bps)
    assert values[:2] == [50_000, 60_000]
    assert math.isnan(values[2])  # the failed poll
    assert values[3] == 70_000
    assert math.isnan(values[4])  # the pause
    assert values[5] == 80_000
    assert 0.0 not in values
    assert series.problems == ((t0 + 90, "SNMP: no answer"),)
    assert series.use_percent(100)[0] == pytest.approx(50.0)


def test_a_day_reads_minute_rollups_on_a_regular_grid_with_missing_minutes_as_nan(ws: Workspace) -> None:
    t0 = MONDAY_9
    ws.record_traffic([rate(t0 + 30 * n, 10_000 * (1 + n % 2)) for n in range(4)])  # minutes 0 and 1
    ws.record_traffic([rate(t0 + 600, 90_000)])  # minute 10
    series = load_traffic(ws, "up", t0, t0 + 86_400, now=t0 + 86_400)
    assert series.source == "1m" and len(series) == 1440
    assert series.in_bps[0] == pytest.approx(15_000) and series.in_peak[0] == 20_000
    assert np.isnan(series.in_bps[2:10]).all()
    assert series.in_bps[10] == 90_000
    assert np.count_nonzero(~np.isnan(series.in_bps)) == 3


def test_thirty_days_read_hourly_rollups(ws: Workspace) -> None:
    ws.record_traffic([rate(MONDAY_9 - 86_400 * d, 40_000) for d in range(30)])
    series = load_traffic(ws, "up", MONDAY_9 - 30 * 86_400, MONDAY_9 + 3600, now=MONDAY_9 + 3600)
    assert series.source == "1h" and len(series) == 30 * 24 + 1
    assert np.count_nonzero(~np.isnan(series.in_bps)) == 30


def test_week_heatmap_is_local_time_weekday_by_hour_with_nan_for_unmeasured(ws: Workspace) -> None:
    # Two Mondays at 09:00 WITA: 90 % and 70 % of 100 kbit/s; a Saturday at 03:00 at 5 %.
    ws.record_traffic([rate(MONDAY_9, 90_000, 3600), rate(MONDAY_9 - 7 * 86_400, 70_000, 3600),
                       rate(MONDAY_9 - 2 * 86_400 - 6 * 3600, 5_000, 3600)])
    heat = load_week_heatmap(ws, "up", 100, WITA, end=MONDAY_9 + 7200, weeks=4)
    assert heat.percent[0, 9] == pytest.approx(80.0)
    assert heat.hours[0, 9] == 2
    assert heat.percent[5, 3] == pytest.approx(5.0)
    assert np.count_nonzero(~np.isnan(heat.percent)) == 2


def test_a_line_polled_every_ten_minutes_fills_the_minutes_its_intervals_cover(ws: Workspace) -> None:
    t0 = MONDAY_9
    ws.record_traffic([rate(t0 + 600 * n, 20_000 + n, seconds=600) for n in range(6)])
    series = load_traffic(ws, "up", t0, t0 + 86_400, now=t0 + 86_400)
    assert series.source == "1m"
    filled = series.in_bps[:60]
    assert np.count_nonzero(~np.isnan(filled)) >= 55  # an hour of 10-minute intervals: nearly every minute
    assert np.isnan(series.in_bps[70:]).all()  # nothing made up beyond what was measured
    assert set(filled[~np.isnan(filled)]) <= {20_000.0 + n for n in range(6)}
