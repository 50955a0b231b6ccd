"""The site graphs over a workspace with 30 days of generated history: each range reads the right table and shows
the right points, outages are shaded where the events put them, uptime matches the events, exports match the
screen, and the live view follows a `LiveBuffer`."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from pantau.domain.states import HealthState, StateChange
from pantau.probing.base import ProbeResult
from pantau.reporting.history import LiveBuffer
from pantau.storage.workspace import Workspace
from pantau.ui.graphs import SiteGraphs, site_spec
from tests.history_fill import DAY, HOUR, NOW, OUTAGES, fill_history, history_network

NETWORK = history_network()


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    ws = Workspace.open(tmp_path_factory.mktemp("graphs") / "workspace.sqlite3")
    ws.replace_network(NETWORK)
    fill_history(ws, NETWORK)
    yield ws
    ws.close()


@pytest.fixture
def graphs(qtbot: QtBot, workspace: Workspace) -> Iterator[SiteGraphs]:
    widget = SiteGraphs(NETWORK, workspace, clock=lambda: NOW)
    qtbot.addWidget(widget)
    widget.resize(1000, 600)
    widget.show()
    specs = [site_spec(NETWORK, site.id) for site in NETWORK.sites]
    with qtbot.waitSignal(widget.loaded):
        widget.set_sites([spec for spec in specs if spec is not None])
    yield widget
    widget.shutdown()


def _click_range(qtbot: QtBot, graphs: SiteGraphs, name: str) -> None:
    button = next(b for b in graphs.findChildren(QPushButton) if b.property("range") == name)
    with qtbot.waitSignal(graphs.loaded):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert graphs.range_name() == name and button.isChecked()


@pytest.mark.parametrize(
    ("name", "span", "source", "points"),
    [("live", 900, "raw", 15), ("1h", HOUR, "raw", 60), ("24h", DAY, "1m", 1440), ("7d", 7 * DAY, "1m", 10080),
     ("30d", 30 * DAY, "1h", 720)],
)
def test_each_range_shows_its_points_from_its_table(qtbot: QtBot, graphs: SiteGraphs, workspace: Workspace,
                                                    name: str, span: float, source: str, points: int) -> None:
    if name == "live":
        _click_range(qtbot, graphs, "1h")
    _click_range(qtbot, graphs, name)
    start = NOW - span
    for index, spec in enumerate(graphs.data().series):
        assert spec[1].source == source
        t, rtt = graphs.curve_data(index)
        assert len(t) == points
        if source == "raw":
            expected = workspace.samples(spec[0].target, start, NOW, "icmp")
            assert t.tolist() == [s.ts for s in expected]
            assert np.allclose(rtt, [np.nan if s.rtt_ms is None else s.rtt_ms for s in expected], equal_nan=True)
        else:
            rows = {r.bucket_start: r for r in workspace.rollups(spec[0].target, "icmp", source, start, NOW)}
            expected_rtt = [rows[int(x)].rtt_avg if int(x) in rows and rows[int(x)].rtt_avg is not None
                            else np.nan for x in t]
            assert np.allclose(rtt, np.array(expected_rtt, dtype=float), equal_nan=True)
            # Every bucket with an answered round is drawn, and nothing else is.
            assert np.isfinite(rtt).sum() == sum(r.rtt_avg is not None for r in rows.values())
    assert graphs.view_range() == pytest.approx((start, NOW))


def test_all_lost_hours_are_gaps_not_zeros(qtbot: QtBot, graphs: SiteGraphs) -> None:
    _click_range(qtbot, graphs, "30d")
    t, rtt = graphs.curve_data(0)
    outage_start, outage_end = OUTAGES["s0"][0]
    inside = (t >= outage_start) & (t < outage_end)
    assert inside.sum() == 2 and np.isnan(rtt[inside]).all()
    assert np.isfinite(rtt[~inside]).all() and (rtt[np.isfinite(rtt)] > 0).all()


@pytest.mark.parametrize(("name", "expected"), [("30d", OUTAGES["s0"]), ("24h", OUTAGES["s0"][1:])])
def test_outages_are_shaded_where_the_events_are(qtbot: QtBot, graphs: SiteGraphs, name: str,
                                                 expected: list[tuple[float, float]]) -> None:
    _click_range(qtbot, graphs, name)
    assert graphs.outage_spans() == [pytest.approx(span) for span in expected]
    down = [(start, end) for start, end, state in graphs.state_bars() if state is HealthState.DOWN]
    assert down == [pytest.approx(span) for span in expected]
    text = graphs.readout_at(expected[0][0] + 60)
    assert "Down" in text and "Kantor Camat 0: —" in text


@pytest.mark.parametrize("name", ["30d", "24h", "7d"])
def test_uptime_matches_the_events(qtbot: QtBot, graphs: SiteGraphs, name: str) -> None:
    _click_range(qtbot, graphs, name)
    span = {"30d": 30 * DAY, "24h": DAY, "7d": 7 * DAY}[name]
    down = sum(min(end, NOW) - max(start, NOW - span) for start, end in OUTAGES["s0"] if end > NOW - span)
    expected = 100 * (1 - down / span)
    assert graphs.uptime_text() == f"Uptime of Kantor Camat 0: {expected:.2f} %"
    assert graphs.data().uptime == pytest.approx(expected)


def test_csv_export_equals_the_visible_data(qtbot: QtBot, graphs: SiteGraphs, tmp_path: Path) -> None:
    _click_range(qtbot, graphs, "24h")
    # Zoom to the last six hours, as a user would; the export follows the view, not the loaded range.
    with qtbot.waitSignal(graphs.loaded):
        graphs.zoom_to(NOW - 6 * HOUR, NOW)
    path = tmp_path / "visible.csv"
    rows = graphs.export_csv(path)
    with path.open(encoding="utf-8") as src:
        table = list(csv.DictReader(src))
    assert rows == len(table) == 3 * 360  # minutes from NOW - 6 h up to the last one before NOW
    for index, (label, series) in enumerate(graphs.visible_series()):
        mine = [row for row in table if row["site"] == label]
        t, rtt = graphs.curve_data(index)
        shown = (t >= NOW - 6 * HOUR) & (t <= NOW)
        assert [float(row["epoch_s"]) for row in mine] == t[shown].tolist() == series.t.tolist()
        exported = [float(row["rtt_avg_ms"]) if row["rtt_avg_ms"] else np.nan for row in mine]
        assert np.allclose(exported, rtt[shown], atol=5e-4, equal_nan=True)
    assert table[0]["time"].endswith("+08:00")


def test_zooming_in_reads_the_finer_table(qtbot: QtBot, graphs: SiteGraphs) -> None:
    _click_range(qtbot, graphs, "30d")
    with qtbot.waitSignal(graphs.loaded):
        graphs.zoom_to(NOW - DAY - 2 * HOUR, NOW - DAY)
    assert graphs.range_name() == ""
    assert [series.source for _, series in graphs.data().series] == ["raw"] * 3
    assert len(graphs.curve_data(0)[0]) == 120
    with qtbot.waitSignal(graphs.loaded):
        graphs.zoom_to(NOW - 3 * DAY, NOW)
    assert graphs.data().series[0][1].source == "1m" and len(graphs.curve_data(0)[0]) == 3 * 1440


def test_png_export_draws_the_graph(qtbot: QtBot, graphs: SiteGraphs, tmp_path: Path) -> None:
    _click_range(qtbot, graphs, "30d")
    path = tmp_path / "graph.png"
    graphs.export_png(path)
    image = QImage(str(path))
    assert image.width() > 500 and image.height() > 300
    # Something besides the white background: the curves' colours.
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 20


def test_live_view_follows_the_buffer_every_second(qtbot: QtBot, workspace: Workspace) -> None:
    now = [float(NOW)]
    live = LiveBuffer(min_interval_s=5)
    widget = SiteGraphs(NETWORK, workspace, live=live, clock=lambda: now[0])
    qtbot.addWidget(widget)
    spec = site_spec(NETWORK, "s1")
    assert spec is not None and spec.target == "t1"
    widget.set_sites([spec])
    assert widget.range_name() == "live" and len(widget.curve_data(0)[0]) == 0
    live.add([ProbeResult("t1", "icmp", NOW - 30 + 5 * i, 3, 3, (4.0, 5.0, 6.0), None) for i in range(5)])
    live.add([ProbeResult("t1", "icmp", NOW - 4, 3, 0, (), None)])
    now[0] = NOW + 1
    # The 1 Hz timer picks the new rounds up, with no call from the test.
    qtbot.waitUntil(lambda: len(widget.curve_data(0)[0]) == 6, timeout=3000)
    t, rtt = widget.curve_data(0)
    assert len(t) == 6 and rtt[:5].tolist() == [5.0] * 5 and np.isnan(rtt[5])
    assert widget.view_range() == pytest.approx((NOW + 1 - 900, NOW + 1))
    widget.shutdown()


def test_live_view_shades_an_outage_the_workspace_recorded(qtbot: QtBot, tmp_path: Path) -> None:
    network = history_network(1)
    with Workspace.open(tmp_path / "live.sqlite3") as workspace:
        workspace.record_state_change(StateChange("s0", "site", HealthState.UNKNOWN, HealthState.UP, NOW - 3600))
        workspace.record_state_change(StateChange("s0", "site", HealthState.UP, HealthState.DOWN, NOW - 300))
        workspace.record_state_change(StateChange("s0", "site", HealthState.DOWN, HealthState.UP, NOW - 240))
        workspace.flush()
        live = LiveBuffer()
        live.add([ProbeResult("t0", "icmp", NOW - 600 + s, 1, 1, (3.0,), None) for s in range(0, 600, 5)])
        widget = SiteGraphs(network, workspace, live=live, clock=lambda: NOW)
        qtbot.addWidget(widget)
        spec = site_spec(network, "s0")
        assert spec is not None
        widget.set_sites([spec])
        qtbot.waitUntil(lambda: widget.outage_spans() == [(NOW - 300, NOW - 240)], timeout=3000)
        assert len(widget.curve_data(0)[0]) == 120
        assert widget.uptime_text() == f"Uptime of Kantor Camat 0: {100 * (900 - 60) / 900:.2f} %"
        widget.shutdown()
