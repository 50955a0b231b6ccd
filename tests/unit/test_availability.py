"""Availability over monitored time only, from a real workspace: a Pantau killed for nine minutes leaves its UP
event open across the gap, yet the gap reads as not monitored at every resolution, the uptime counts only the
monitored time, and a range without a measurement has no uptime at all (not 100 %)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pantau.domain.samples import ErrorKind, Sample
from pantau.domain.states import HealthState, StateChange
from pantau.reporting.availability import Availability, Span, availability, coverage, merge
from pantau.reporting.history import load_series
from pantau.storage.workspace import Workspace

T0 = 1_795_000_000 // 3600 * 3600
STEP = 5
# Monitored for 20 minutes, killed (no stop event) for 9, back for 31, then DOWN for the last 5 of them.
GAP = (T0 + 20 * 60, T0 + 29 * 60)
DOWN = (T0 + 55 * 60, T0 + 60 * 60)
END = T0 + 3600


def _fill(ws: Workspace) -> None:
    samples = []
    for ts in range(T0, END, STEP):
        if GAP[0] <= ts < GAP[1]:
            continue
        if DOWN[0] <= ts < DOWN[1]:
            samples.append(Sample(float(ts), "t0", "icmp", None, ErrorKind.TIMEOUT, "timeout", sent=3, lost=3))
        else:
            samples.append(Sample(float(ts), "t0", "icmp", 4.0, sent=3, lost=0))
    ws.submit(samples)
    # The killed Pantau never recorded UNKNOWN: the UP event runs on across the gap until the new one's change.
    ws.record_state_change(StateChange("s0", "site", HealthState.UNKNOWN, HealthState.UP, T0))
    ws.record_state_change(StateChange("s0", "site", HealthState.UP, HealthState.DOWN, DOWN[0]))
    ws.flush()


@pytest.fixture
def workspace(workspace_path: Path) -> Workspace:
    ws = Workspace.open(workspace_path)
    _fill(ws)
    return ws


def _availability(ws: Workspace, source: str, start: float = T0, end: float = END) -> Availability:
    series = load_series(ws, "t0", "icmp", start, end, source=source)  # type: ignore[arg-type]
    return availability(ws.events(since=start, subject="s0"), "s0", coverage(series, start, end), start, end)


def test_a_gap_in_the_rounds_is_not_monitored_though_the_up_event_spans_it(workspace: Workspace) -> None:
    with workspace:
        result = _availability(workspace, "raw")
    # The last round before the gap vouches for one spacing after it: the gap is exactly the nine minutes.
    assert result.spans == [Span(T0, GAP[0], HealthState.UP), Span(GAP[0], GAP[1], None),
                            Span(GAP[1], DOWN[0], HealthState.UP), Span(DOWN[0], END, HealthState.DOWN)]
    assert result.not_monitored_s == 540
    assert result.uptime == pytest.approx(100 * (3600 - 540 - 300) / (3600 - 540))
    # Not the event log's answer, which counts the nine unmonitored minutes as up.
    assert result.uptime != pytest.approx(100 * 3300 / 3600)


@pytest.mark.parametrize("source", ["1m", "1h"])
def test_rollup_buckets_cover_only_where_rounds_were(workspace: Workspace, source: str) -> None:
    with workspace:
        result = _availability(workspace, source)
    if source == "1m":
        # The gap is whole minutes with no bucket: exactly those nine are not monitored.
        assert [s for s in result.spans if s.state is None] == [Span(GAP[0], GAP[1], None)]
        assert result.uptime == pytest.approx(100 * (3600 - 540 - 300) / (3600 - 540))
    else:
        # One hour with rounds in it counts whole: an hour bucket cannot tell where in it the gap was.
        assert result.monitored_s == 3600 and result.uptime == pytest.approx(100 * 3300 / 3600)


def test_sparse_minutes_vouch_for_the_time_between_them(workspace_path: Path) -> None:
    """Rounds every 10 minutes (a long probing interval): the minutes between them are monitored; a silence of
    more than three such spacings is not."""
    times = [*range(T0, T0 + 3600, 600), *range(T0 + 3 * 3600, T0 + 4 * 3600, 600)]
    with Workspace.open(workspace_path) as ws:
        ws.submit([Sample(float(ts), "t0", "icmp", 4.0, sent=3, lost=0) for ts in times])
        ws.record_state_change(StateChange("s0", "site", HealthState.UNKNOWN, HealthState.UP, T0))
        ws.flush()
        series = load_series(ws, "t0", "icmp", T0, T0 + 4 * 3600, source="1m")
        result = availability(ws.events(since=T0), "s0", coverage(series, T0, T0 + 4 * 3600), T0, T0 + 4 * 3600)
    assert [s.state for s in result.spans] == [HealthState.UP, None, HealthState.UP]
    assert result.spans[1] == Span(T0 + 3600, T0 + 3 * 3600, None)
    assert result.uptime == 100.0 and result.monitored_s == 2 * 3600


def test_a_range_with_no_rounds_has_no_uptime(workspace: Workspace) -> None:
    with workspace:
        later = _availability(workspace, "1h", END + 3600, END + 30 * 86_400)
        inside_gap = _availability(workspace, "raw", GAP[0] + 120, GAP[1] - 60)
    for result in (later, inside_gap):
        assert result.uptime is None and result.monitored_s == 0
        assert result.spans == [Span(result.start, result.end, None)]


def test_monitored_time_without_an_event_is_unknown(workspace_path: Path) -> None:
    with Workspace.open(workspace_path) as ws:
        ws.submit([Sample(float(ts), "t0", "icmp", 4.0, sent=3, lost=0) for ts in range(T0, T0 + 600, STEP)])
        ws.flush()
        series = load_series(ws, "t0", "icmp", T0, T0 + 600, source="raw")
        result = availability(ws.events(since=T0), "s0", coverage(series, T0, T0 + 600), T0, T0 + 600)
    assert result.spans == [Span(T0, T0 + 600, HealthState.UNKNOWN)]
    assert result.uptime is None and result.monitored_s == 600


def test_merge_joins_touching_and_overlapping_intervals() -> None:
    assert merge([(5, 6), (0, 2), (2, 3), (1, 2.5), (7, 7)]) == [(0, 3), (5, 6)]
