"""History series for graphs: which table a range reads, gaps as NaN, outages, uptime, CSV and the live buffer."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import numpy as np
import pytest

from pantau.domain.inventory import TargetRole
from pantau.domain.results import ProbeResult
from pantau.domain.samples import ErrorKind, Sample
from pantau.domain.states import HealthState
from pantau.reporting.availability import availability
from pantau.reporting.history import (
    DIAGNOSIS_LEAD_S,
    OPEN_OUTAGE_DIAGNOSIS_S,
    HistorySeries,
    LiveBuffer,
    Outage,
    choose_resolution,
    diagnosis_cause,
    diagnosis_rank,
    load_series,
    outages,
    series_to_csv,
    utc_offset_s,
    with_causes,
)
from pantau.storage.workspace import DiagnosisRow, EventRow, Workspace

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
    # Monitored throughout: the states as the events say, and uptime over the measured time.
    spans = availability(events, "s", [(0, 1000)], 50, 300).spans
    assert [s.state for s in spans] == [
        HealthState.UP, HealthState.DOWN, HealthState.UNREACHABLE, HealthState.DEGRADED, HealthState.DOWN]
    # Measured: 50 up + 60 down + 60 degraded + 40 down = 210; answered 110. Unreachable counts neither way.
    assert availability(events, "s", [(0, 1000)], 50, 300).uptime == pytest.approx(100 * 110 / 210)
    assert availability(events, "nobody", [(0, 1000)], 50, 300).uptime is None


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


def test_rollup_columns_equal_the_rollup_rows(workspace_path: Path) -> None:
    with Workspace.open(workspace_path) as ws:
        ws.submit([Sample(T0 + 20 * i, "t", "icmp", None if i % 5 == 0 else 10.0 + i % 7, ErrorKind.TIMEOUT
                          if i % 5 == 0 else None, sent=3, lost=3 if i % 5 == 0 else i % 2) for i in range(600)]
                  + [Sample(T0 + 12_000 + 10 * i, "t", "icmp", None, ErrorKind.TIMEOUT, sent=3, lost=3)
                     for i in range(3)]
                  + [Sample(T0 + 20 * i, "t", "tcp", 1.0) for i in range(10)])
        ws.flush()
        for resolution in ("1m", "1h"):
            rows = ws.rollups("t", "icmp", resolution, T0 + 90, T0 + 7200)
            columns = ws.rollup_columns("t", "icmp", resolution, T0 + 90, T0 + 7200)
            assert columns.bucket_start.tolist() == [r.bucket_start for r in rows]
            assert columns.count.tolist() == [r.count for r in rows]
            assert columns.failures.tolist() == [r.failures for r in rows]
            for name in ("rtt_min", "rtt_avg", "rtt_max"):
                expected = [np.nan if getattr(r, name) is None else getattr(r, name) for r in rows]
                assert np.allclose(getattr(columns, name), expected, equal_nan=True)
        # The last minute lost every packet: NaN rtt, all packets counted as lost.
        minutes = ws.rollup_columns("t", "icmp", "1m", T0, T0 + 12_060)
        assert len(minutes.bucket_start) == 201 and np.isfinite(minutes.rtt_avg[:-1]).all()
        assert np.isnan(minutes.rtt_avg[-1]) and minutes.failures[-1] == minutes.count[-1] == 9
        assert len(ws.rollup_columns("nobody", "icmp", "1m", T0, T0 + 600).bucket_start) == 0
        with pytest.raises(ValueError):
            ws.rollup_columns("t", "icmp", "5m", T0, T0 + 600)  # type: ignore[arg-type]


def test_a_longer_minute_retention_keeps_old_days_on_minutes() -> None:
    day = 86_400
    start = T0 - 20 * day
    assert choose_resolution(start, start + day, T0) == "1h"
    assert choose_resolution(start, start + day, T0, minute_retention_s=35 * day) == "1m"
    assert choose_resolution(T0 - 3600, T0, T0, raw_retention_s=0) == "1m"


def test_live_buffer_reads_a_wrapped_ring_in_time_order() -> None:
    buffer = LiveBuffer(raw_window_s=50, minute_window_s=600, min_interval_s=1)
    buffer.add([_result(T0 + i, (float(i),)) for i in range(137)])
    rounds = buffer.series("t", "icmp", T0 + 100, T0 + 136)
    assert rounds.source == "raw" and rounds.t.tolist() == [float(T0 + i) for i in range(100, 137)]
    assert rounds.rtt_avg.tolist() == [float(i) for i in range(100, 137)]
    # Reaching back before the oldest round kept: minutes instead.
    assert buffer.series("t", "icmp", T0 + 60, T0 + 136).source == "1m"


def _diagnosis(id_: int, created: float, scope: str, verdict: str = "isp-link", headline: str | None = None
               ) -> DiagnosisRow:
    document = json.dumps({"verdict": verdict, "headline": headline} if headline else {"verdict": verdict})
    return DiagnosisRow(id_, created, scope, verdict, "en", "report", document)


@pytest.mark.parametrize(
    ("scope", "roles", "rank"),
    [("site s", (), 0), ("site other", (), None), ("server", (TargetRole.SERVER,), 1), ("server", (), None),
     ("isp", (TargetRole.ISP_GATEWAY,), 1), ("isp", (TargetRole.SERVER,), None), ("all", (), 2),
     ("nonsense", (), None)],
)
def test_which_diagnoses_concern_a_site(scope: str, roles: tuple[TargetRole, ...], rank: int | None) -> None:
    assert diagnosis_rank(scope, "s", frozenset(roles)) == rank


def test_a_diagnosis_made_during_an_outage_is_its_cause() -> None:
    start, end = T0, T0 + 3600
    ended = Outage("s", start, end, "all packets lost", ongoing=False)
    diagnoses = [
        _diagnosis(1, start - DIAGNOSIS_LEAD_S - 1, "site s", headline="too early"),
        _diagnosis(2, start - DIAGNOSIS_LEAD_S + 1, "all", headline="whole network, just before"),
        _diagnosis(3, start + 600, "site other", headline="another office"),
        _diagnosis(4, end + 1, "site s", headline="too late"),
    ]
    [found] = with_causes([ended], diagnoses, "s", frozenset())
    assert (found.cause, found.diagnosis_id) == ("whole network, just before", 2)
    # The site's own diagnosis beats a whole-network one; of two equals the later one wins; "ok" explains nothing.
    diagnoses += [_diagnosis(5, start + 60, "site s", headline="first look"),
                  _diagnosis(6, start + 1800, "site s", verdict="lan"),
                  _diagnosis(7, start + 1900, "site s", verdict="ok", headline="all fine")]
    [found] = with_causes([ended], diagnoses, "s", frozenset())
    assert (found.cause, found.diagnosis_id) == ("lan", 6)
    # Nothing in the window: no cause.
    [alone] = with_causes([ended], [_diagnosis(8, end + 60, "site s")], "s", frozenset())
    assert alone == ended and alone.cause == "" and alone.diagnosis_id is None


def test_an_ongoing_outage_takes_a_diagnosis_of_its_first_half_hour() -> None:
    # The range ends ten minutes into the outage; a diagnosis twenty minutes in (saved after the view was read
    # for a range ending earlier) still counts, one past the half hour does not.
    ongoing = Outage("srv-site", T0, T0 + 600, "timeout", ongoing=True)
    roles = frozenset({TargetRole.SERVER})
    inside = [_diagnosis(1, T0 + 1200, "server", headline="server down")]
    assert with_causes([ongoing], inside, "srv-site", roles)[0].cause == "server down"
    late = [_diagnosis(2, T0 + OPEN_OUTAGE_DIAGNOSIS_S + 1, "server", headline="late")]
    assert with_causes([ongoing], late, "srv-site", roles)[0].cause == ""
    assert with_causes([ongoing], inside, "srv-site", frozenset())[0].cause == ""


def test_a_diagnosis_cause_is_its_headline_else_its_verdict() -> None:
    assert diagnosis_cause(_diagnosis(1, T0, "all", headline="ISP link down")) == "ISP link down"
    assert diagnosis_cause(_diagnosis(1, T0, "all", verdict="dns")) == "dns"
    assert diagnosis_cause(DiagnosisRow(1, T0, "all", "server", "en", "text", "not json")) == "server"


def test_backfill_puts_the_workspace_rounds_under_the_live_ones() -> None:
    """After a restart the buffer has only the new rounds; the workspace's earlier ones go under them, in order,
    and a round the engine already reported is not taken twice."""
    live = LiveBuffer()
    live.add([ProbeResult("t", "icmp", T0 + 500 + 5 * i, 3, 3, (4.0, 4.0, 4.0), None) for i in range(12)])
    recorded = [Sample(T0 + 5 * i, "t", "icmp", 7.0, sent=3, lost=1) for i in range(100)]
    recorded += [Sample(T0 + 500, "t", "icmp", 9.0, sent=3, lost=0)]  # the same round as the first live one
    recorded += [Sample(T0 + 302, "t", "icmp", None, ErrorKind.TIMEOUT, sent=3, lost=3)]
    assert live.backfill(recorded) == 101
    series = live.series("t", "icmp", T0, T0 + 660)
    assert series.source == "raw" and np.all(np.diff(series.t) > 0)
    assert series.t[0] == T0 and len(series) == 101 + 12
    failed_round = int(np.nonzero(series.t == T0 + 302)[0][0])
    assert np.isnan(series.rtt_avg[failed_round]) and series.loss[failed_round] == 100.0
    assert series.rtt_avg[0] == 7.0 and series.loss[0] == pytest.approx(100 / 3)
    assert series.rtt_avg[-1] == 4.0 and series.loss[-1] == 0.0
    assert live.backfill(recorded) == 0
    # Later live rounds still go on top.
    live.add([ProbeResult("t", "icmp", T0 + 700, 3, 3, (5.0, 5.0, 5.0), None)])
    assert live.series("t", "icmp", T0, T0 + 760).t[-1] == T0 + 700
