"""History series for graphs: which table a range reads, gaps as NaN, outages, uptime, CSV and the live buffer."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import numpy as np
import pytest

from pantau.domain.samples import ErrorKind, Sample
from pantau.domain.states import HealthState
from pantau.probing.base import ProbeResult
from pantau.reporting.history import (
    HistorySeries,
    LiveBuffer,
    choose_resolution,
    load_series,
    outages,
    series_to_csv,
    state_segments,
    uptime_percent,
    utc_offset_s,
)
from pantau.storage.workspace import EventRow, Workspace

T0 = 1_795_000_000 // 3600 * 3600


@pytest.mark.parametrize(
    ("span", "age", "expected"),
    [(900, 900, "raw"), (3600, 3600, "raw"), (86_400, 86_400, "1m"), (7 * 86_400, 7 * 86_400, "1m"),
     (30 * 86_400, 30 * 86_400, "1h"),
     # An hour from 3 days ago: raw rounds are gone by then, the minutes are not.
     (3600, 3 * 86_400, "1m"),
     # A day from 10 days ago: only hours are left.
     (86_400, 10 * 86_400, "1h")],
)
def test_choose_resolution_by_span_and_retention(span: float, age: float, expected: str) -> None:
    now = T0
    start = now - age
    assert choose_resolution(start, start + span, now) == expected


def test_missing_and_all_lost_buckets_are_nan(workspace_path: Path) -> None:
    with Workspace.open(workspace_path) as ws:
        ws.submit([
            Sample(T0 + 10, "t", "icmp", 10.0, sent=3, lost=0),
            Sample(T0 + 20, "t", "icmp", 30.0, sent=3, lost=1),
            # Minute 1: nothing. Minute 2: every packet lost.
            Sample(T0 + 130, "t", "icmp", None, ErrorKind.TIMEOUT, sent=3, lost=3),
            Sample(T0 + 190, "t", "icmp", 12.0, sent=3, lost=0),
        ])
        ws.flush()
        series = load_series(ws, "t", "icmp", T0, T0 + 240, source="1m")
    assert series.source == "1m"
    assert series.t.tolist() == [T0, T0 + 60, T0 + 120, T0 + 180]
    assert series.rtt_min[0] == 10.0 and series.rtt_max[0] == 30.0
    assert math.isclose(series.rtt_avg[0], (10 * 3 + 30 * 2) / 5, rel_tol=1e-6)
    assert math.isclose(series.loss[0], 100 / 6)
    assert np.isnan(series.rtt_avg[1]) and np.isnan(series.loss[1])
    assert np.isnan(series.rtt_avg[2]) and series.loss[2] == 100.0
    assert series.rtt_avg[3] == 12.0


def test_raw_series_breaks_the_line_in_a_long_silence(workspace_path: Path) -> None:
    with Workspace.open(workspace_path) as ws:
        ws.submit([Sample(T0 + 5 * i, "t", "icmp", 1.0) for i in range(10)]
                  + [Sample(T0 + 600 + 5 * i, "t", "icmp", 2.0) for i in range(10)])
        ws.flush()
        series = load_series(ws, "t", "icmp", T0, T0 + 900, now=T0 + 900)
    assert series.source == "raw"
    assert len(series) == 21
    assert np.isnan(series.rtt_avg[10]) and T0 + 45 < series.t[10] < T0 + 600


def _event(state: HealthState, start: float, end: float | None, subject: str = "s") -> EventRow:
    return EventRow(subject, "site", state, HealthState.UNKNOWN, start, end, "why")


def test_outages_segments_and_uptime_are_clipped_to_the_range() -> None:
    events = [
        _event(HealthState.UP, 0, 100),
        _event(HealthState.DOWN, 100, 160),
        _event(HealthState.UNREACHABLE, 160, 200),
        _event(HealthState.DEGRADED, 200, 260),
        _event(HealthState.DOWN, 260, None),
        _event(HealthState.DOWN, 0, 1000, subject="other"),
    ]
    found = outages(events, "s", 50, 300)
    assert [(o.start, o.end, o.ongoing) for o in found] == [(100, 160, False), (260, 300, True)]
    assert found[0].duration_s == 60
    assert [s.state for s in state_segments(events, "s", 50, 300)] == [
        HealthState.UP, HealthState.DOWN, HealthState.UNREACHABLE, HealthState.DEGRADED, HealthState.DOWN]
    # Measured: 50 up + 60 down + 60 degraded + 40 down = 210; answered 110. Unreachable counts neither way.
    assert uptime_percent(events, "s", 50, 300) == pytest.approx(100 * 110 / 210)
    assert uptime_percent(events, "nobody", 50, 300) is None


def test_csv_has_a_row_per_point_with_empty_cells_for_gaps() -> None:
    t = np.array([T0, T0 + 60.0])
    series = HistorySeries("t", "icmp", "1m", t, np.array([1.5, np.nan]), np.array([1.0, np.nan]),
                           np.array([2.0, np.nan]), np.array([0.0, 100.0]))
    out = io.StringIO()
    assert series_to_csv(out, [("Kantor", series)], offset_s=8 * 3600) == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows[0]["time"].endswith("+08:00")
    assert float(rows[0]["epoch_s"]) == T0 and rows[0]["rtt_avg_ms"] == "1.500"
    assert rows[1]["rtt_avg_ms"] == "" and rows[1]["loss_percent"] == "100.000"


def test_utc_offset_of_the_network_zone() -> None:
    assert utc_offset_s("Asia/Makassar", T0) == 8 * 3600
    assert utc_offset_s("Asia/Jakarta", T0) == 7 * 3600
    assert utc_offset_s("No/Such_Zone", T0) == 0


def _result(ts: float, rtts: tuple[float, ...], sent: int = 3) -> ProbeResult:
    return ProbeResult("t", "icmp", ts, sent, len(rtts), rtts, None if rtts else ErrorKind.TIMEOUT)


def test_live_buffer_keeps_rounds_and_minute_aggregates() -> None:
    buffer = LiveBuffer(raw_window_s=300, minute_window_s=3600, min_interval_s=5)
    buffer.add([_result(T0 + 5 * i, (10.0, 20.0, 30.0)) for i in range(12)])
    buffer.add([_result(T0 + 60, ()), _result(T0 + 65, (40.0,))])
    rounds = buffer.series("t", "icmp", T0, T0 + 120)
    assert rounds.source == "raw" and len(rounds) == 14
    assert rounds.rtt_avg[0] == 20.0 and rounds.rtt_min[0] == 10.0 and rounds.rtt_max[0] == 30.0
    assert np.isnan(rounds.rtt_avg[12]) and rounds.loss[12] == 100.0
    # Past the raw window (60 rounds) only minutes are left for a long span.
    buffer.add([_result(T0 + 120 + 5 * i, (5.0,), sent=1) for i in range(100)])
    minutes = buffer.series("t", "icmp", T0, T0 + 3600)
    assert minutes.source == "1m"
    assert minutes.t[:2].tolist() == [T0, T0 + 60]
    assert minutes.rtt_avg[0] == pytest.approx(20.0) and minutes.loss[0] == 0.0
    # Minute 1: 3 + 3 packets sent, 3 + 2 lost; the one answer was 40 ms.
    assert minutes.rtt_avg[1] == pytest.approx(40.0) and minutes.loss[1] == pytest.approx(500 / 6)
    assert buffer.series("t", "icmp", T0 + 600, T0 + 700).source == "raw"
    assert len(buffer.series("x", "icmp", T0, T0 + 60)) == 0
