"""The site graphs over a workspace with 30 days of generated history: each range reads the right table and shows
the right points, outages are shaded and listed where the events put them (with a saved diagnosis as cause),
uptime matches the events, exports match the screen, reference lines follow the server and ISP gateway, custom
ranges and pan/zoom read the right table in the background, and the live view follows a `LiveBuffer`."""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QDateTime, QPoint, QPointF, Qt, QTimeZone
from PySide6.QtGui import QImage, QWheelEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QCheckBox, QPushButton
from pytestqt.qtbot import QtBot

from pantau.domain.inventory import Link, LinkMedium
from pantau.domain.results import ProbeResult
from pantau.domain.snmp_config import SnmpInterface
from pantau.domain.states import HealthState, StateChange
from pantau.domain.traffic import OperStatus, TrafficInterval
from pantau.reporting.history import LiveBuffer
from pantau.storage.workspace import Resolution, Workspace
from pantau.ui.graphs import SiteGraphs, site_spec, specs_for_sites
from tests.history_fill import DAY, HOUR, NOW, OUTAGES, fill_history, history_network

NETWORK = history_network(references=True)
OFFICES = ["s0", "s1", "s2"]
OUTAGE_CAUSE = "The ISP link of Kantor Camat 0 is down"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    ws = Workspace.open(tmp_path_factory.mktemp("graphs") / "workspace.sqlite3")
    ws.replace_network(NETWORK)
    fill_history(ws, NETWORK)
    first, second = OUTAGES["s0"]
    # A diagnosis of s0 ten minutes into its first outage; one of another office during the second.
    ws.save_diagnosis(created=first[0] + 600, scope="site s0", verdict="isp-link", lang="en", report_text="…",
                      report_json=json.dumps({"verdict": "isp-link", "headline": OUTAGE_CAUSE}))
    ws.save_diagnosis(created=second[0] + 60, scope="site s1", verdict="lan", lang="en", report_text="…",
                      report_json=json.dumps({"verdict": "lan", "headline": "not this office"}))
    ws.flush()
    yield ws
    ws.close()


@pytest.fixture
def graphs(qtbot: QtBot, workspace: Workspace) -> Iterator[SiteGraphs]:
    widget = SiteGraphs(NETWORK, workspace, clock=lambda: NOW)
    qtbot.addWidget(widget)
    widget.resize(1000, 600)
    widget.show()
    with qtbot.waitSignal(widget.loaded):
        widget.set_sites(specs_for_sites(NETWORK, OFFICES))
    yield widget
    widget.shutdown()


def _click_range(qtbot: QtBot, graphs: SiteGraphs, name: str) -> None:
    button = next(b for b in graphs.findChildren(QAbstractButton) if b.property("range") == name)
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


@pytest.mark.parametrize("name", ["30d", "24h"])
def test_uptime_matches_the_events(qtbot: QtBot, graphs: SiteGraphs, name: str) -> None:
    _click_range(qtbot, graphs, name)
    span = {"30d": 30 * DAY, "24h": DAY}[name]
    down = sum(min(end, NOW) - max(start, NOW - span) for start, end in OUTAGES["s0"] if end > NOW - span)
    expected = 100 * (1 - down / span)
    # Every office's uptime is listed, the primary's first; measured every minute (or hour), all monitored.
    assert graphs.uptime_text() == (f"Uptime: Kantor Camat 0: {expected:.2f} % · Kantor Camat 1: 100.00 % · "
                                    "Kantor Camat 2: 100.00 %")
    assert graphs.data().uptime == pytest.approx(expected)
    assert all(state is not None for _, _, state in graphs.state_bars())


def test_a_week_of_sparse_rounds_counts_only_the_minutes_measured(qtbot: QtBot, graphs: SiteGraphs) -> None:
    """The history has a round every 10 minutes until 2 days ago, every minute since. Read by the minute, the
    nine minutes between two sparse rounds had no measurement: they are not monitored (grey), not up."""
    _click_range(qtbot, graphs, "7d")
    sparse_rounds = 5 * DAY // 600  # from 7 to 2 days ago, each its own minute
    monitored = 2 * DAY + sparse_rounds * 60
    # The first outage (2 h, 3 days ago) was measured by 12 sparse rounds; the second (30 min) every minute.
    down = 12 * 60 + 1800
    expected = 100 * (1 - down / monitored)
    assert graphs.data().uptime == pytest.approx(expected)
    primary = graphs.data().primary
    assert primary is not None and primary.availability.monitored_s == pytest.approx(monitored)
    # The three offices were monitored alike (Pantau ran or did not): the note is said once.
    assert graphs.uptime_text().startswith(
        f"Uptime over the 2 d 12 h monitored (not monitored: 4 d 12 h): Kantor Camat 0: {expected:.2f} % · ")
    unmonitored = [(start, end) for start, end, state in graphs.state_bars() if state is None]
    assert len(unmonitored) == sparse_rounds and unmonitored[0] == (NOW - 7 * DAY + 60, NOW - 7 * DAY + 600)
    assert "not monitored" in graphs.readout_at(NOW - 7 * DAY + 300)


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
    # Two hours within the raw retention (a day by default): raw rounds, one a minute here.
    with qtbot.waitSignal(graphs.loaded):
        graphs.zoom_to(NOW - 8 * HOUR, NOW - 6 * HOUR)
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
    # No workspace: the buffer alone (the backfill from a workspace has its own test).
    widget = SiteGraphs(NETWORK, None, live=live, clock=lambda: now[0])
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
        # The UP event covers the whole quarter hour, but rounds only the last ten minutes: the first five are
        # not monitored (grey on the strip), and the uptime rests on the ten.
        assert widget.uptime_text() == (f"Uptime of Kantor Camat 0: {100 * (600 - 60) / 600:.2f} % of the "
                                        "10 min monitored (not monitored: 5 min)")
        assert widget.state_bars()[0] == (NOW - 900, NOW - 600, None)
        widget.shutdown()


def _rollup_rtt(workspace: Workspace, target: str, source: Resolution, t: np.ndarray) -> np.ndarray:
    rows = {r.bucket_start: r.rtt_avg for r in workspace.rollups(target, "icmp", source, float(t[0]), float(t[-1]) + 1)}
    return np.array([np.nan if rows.get(int(x)) is None else rows[int(x)] for x in t], dtype=float)


def test_server_and_isp_gateway_are_pinned_as_dashed_references(qtbot: QtBot, graphs: SiteGraphs,
                                                               workspace: Workspace) -> None:
    _click_range(qtbot, graphs, "24h")
    assert graphs.references() == (False, False)
    server_box = next(b for b in graphs.findChildren(QCheckBox) if b.text() == "Server")
    with qtbot.waitSignal(graphs.loaded):
        qtbot.mouseClick(server_box, Qt.MouseButton.LeftButton)
    assert graphs.references() == (True, False)
    assert graphs.line_labels() == ["Kantor Camat 0", "Kantor Camat 1", "Kantor Camat 2", "Server"]
    legend = [box.text() for box in graphs.legend().boxes()]
    assert legend == graphs.line_labels()
    reference = graphs._lines[3].avg
    assert reference.opts["pen"].style() == Qt.PenStyle.DashLine and reference.isVisible()
    # Clicking a legend entry hides that line (and shows it again).
    entry = graphs.legend().boxes()[3]
    qtbot.mouseClick(entry, Qt.MouseButton.LeftButton, pos=entry.rect().center())
    assert not reference.isVisible() and graphs._lines[0].avg.isVisible() and not graphs.line_visible(3)
    qtbot.mouseClick(entry, Qt.MouseButton.LeftButton, pos=entry.rect().center())
    assert reference.isVisible()
    t, rtt = graphs.curve_data(3)
    assert len(t) == 1440 and graphs.data().series[3][0].target == "srv"
    assert np.allclose(rtt, _rollup_rtt(workspace, "srv", "1m", t), equal_nan=True)
    # Both, in another range; the references stay pinned and follow it.
    with qtbot.waitSignal(graphs.loaded):
        graphs.set_references(True, True)
    _click_range(qtbot, graphs, "30d")
    assert graphs.line_labels()[3:] == ["Server", "ISP gateway"]
    t, rtt = graphs.curve_data(4)
    assert len(t) == 720 and np.allclose(rtt, _rollup_rtt(workspace, "isp", "1h", t), equal_nan=True)
    with qtbot.waitSignal(graphs.loaded):
        graphs.set_references(False, False)
    assert graphs.line_labels() == ["Kantor Camat 0", "Kantor Camat 1", "Kantor Camat 2"]
    assert len(graphs.legend().boxes()) == 3


def test_references_in_the_live_view_come_from_the_buffer(qtbot: QtBot, workspace: Workspace) -> None:
    live = LiveBuffer()
    live.add([ProbeResult(target, "icmp", NOW - 60 + s, 1, 1, (rtt,), None)
              for s in range(60) for target, rtt in (("t0", 9.0), ("srv", 2.0), ("isp", 4.0))])
    widget = SiteGraphs(NETWORK, None, live=live, clock=lambda: NOW)
    qtbot.addWidget(widget)
    widget.set_sites(specs_for_sites(NETWORK, ["s0"]))
    widget.set_references(server=True, isp=True)
    assert widget.range_name() == "live"
    assert [widget.curve_data(i)[1].tolist() for i in range(3)] == [[9.0] * 60, [2.0] * 60, [4.0] * 60]
    widget.shutdown()


def test_a_network_without_a_server_cannot_pin_one(qtbot: QtBot, workspace: Workspace) -> None:
    widget = SiteGraphs(history_network(2), workspace, clock=lambda: NOW)
    qtbot.addWidget(widget)
    boxes = {b.text(): b for b in widget.findChildren(QCheckBox)}
    assert not boxes["Server"].isEnabled() and not boxes["ISP gateway"].isEnabled()
    assert "no enabled target" in boxes["Server"].toolTip()
    jakarta = history_network(references=True)
    jakarta.timezone = "Asia/Jakarta"
    widget.set_network(jakarta)
    assert boxes["Server"].isEnabled() and boxes["ISP gateway"].isEnabled()
    assert "dashed reference line" in boxes["Server"].toolTip()
    # Times follow the new network's zone (UTC+7): the read-out, the custom range editors, the time axis.
    local = time.gmtime(NOW + 7 * HOUR)
    assert widget.readout_at(NOW).startswith(
        f"{local.tm_mday} {time.strftime('%b %Y %H:%M:%S', local)}")
    assert widget.custom_edits()[0].timeZone().fixedSecondsAheadOfUtc() == 7 * HOUR
    assert widget._latency.getAxis("bottom").utcOffset == -7 * HOUR
    widget.set_network(NETWORK)
    with qtbot.waitSignal(widget.loaded):
        widget.set_sites(specs_for_sites(NETWORK, ["s1"]))
    with qtbot.waitSignal(widget.loaded):
        widget.set_references(True, False)
    assert widget.line_labels() == ["Kantor Camat 1", "Server"]
    widget.shutdown()


def test_custom_range_in_the_network_time_zone(qtbot: QtBot, graphs: SiteGraphs) -> None:
    custom = next(b for b in graphs.findChildren(QAbstractButton) if b.text() == "Custom…")
    qtbot.mouseClick(custom, Qt.MouseButton.LeftButton)
    start_edit, end_edit = graphs.custom_edits()
    assert start_edit.isVisible()
    # The editors show the network's local time (UTC+8): NOW is on a whole hour.
    local_now = QDateTime.fromSecsSinceEpoch(NOW, QTimeZone.fromSecondsAheadOfUtc(8 * 3600))
    assert end_edit.text() == f"{local_now.date().day()} {local_now.toString('MMM yyyy HH:mm')}"
    start_edit.setDateTime(local_now.addDays(-4))
    end_edit.setDateTime(local_now.addDays(-1))
    apply = graphs.findChild(QPushButton, "applyCustomRange")
    with qtbot.waitSignal(graphs.loaded):
        qtbot.mouseClick(apply, Qt.MouseButton.LeftButton)
    assert graphs.range_name() == "" and not any(b.isChecked() for b in graphs.findChildren(QAbstractButton)
                                                 if b.property("range"))
    assert graphs.view_range() == pytest.approx((NOW - 4 * DAY, NOW - DAY))
    assert graphs.data().series[0][1].source == "1m" and len(graphs.curve_data(0)[0]) == 3 * 1440
    # An end before the start is refused with a message, and nothing is read.
    end_edit.setDateTime(local_now.addDays(-5))
    qtbot.mouseClick(apply, Qt.MouseButton.LeftButton)
    assert "must come after" in graphs.message()
    assert graphs.view_range() == pytest.approx((NOW - 4 * DAY, NOW - DAY))


def test_zooming_with_the_wheel_reads_the_finer_table_in_the_background(qtbot: QtBot, graphs: SiteGraphs) -> None:
    _click_range(qtbot, graphs, "7d")
    assert graphs.data().series[0][1].source == "1m"
    view = graphs._layout
    centre = view.mapFromScene(graphs._latency.getViewBox().sceneBoundingRect().center())
    with qtbot.waitSignal(graphs.loaded, timeout=5000):
        for _ in range(4):  # each notch shows about a third of the width: 7 days become about 1.5 hours
            event = QWheelEvent(QPointF(centre), QPointF(view.mapToGlobal(centre)), QPoint(0, 0), QPoint(0, 480),
                                Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                                Qt.ScrollPhase.NoScrollPhase, False)
            QApplication.sendEvent(view.viewport(), event)
    start, end = graphs.view_range()
    # Zoomed in around the middle of the week (3.5 days ago): narrow enough for raw rounds, which are gone by
    # then, so minutes; the read was the background one the gesture started (a custom range now).
    assert end - start < 3 * HOUR and NOW - start > 3 * DAY and graphs.range_name() == ""
    assert graphs.data().series[0][1].source == "1m"
    assert end - start > HOUR and graphs.data().start == pytest.approx(start)
    assert len(graphs.curve_data(0)[0]) == len(np.arange(start // 60 * 60, end, 60))


def test_outages_are_listed_with_their_cause_and_zoom_on_click(qtbot: QtBot, graphs: SiteGraphs) -> None:
    _click_range(qtbot, graphs, "30d")
    table = graphs.outage_table()
    assert table.rowCount() == 2
    rows = [[table.item(r, c).text() for c in range(1, 5)] for r in range(2)]
    first, second = OUTAGES["s0"]
    local = [(QDateTime.fromSecsSinceEpoch(int(t), QTimeZone.fromSecondsAheadOfUtc(8 * 3600))) for t in
             (first[0], second[0])]
    written = [f"{d.date().day()} {d.toString('MMM yyyy HH:mm')}" for d in local]
    office = "Kantor Camat 0"
    assert rows == [[office, written[0], "2 h 00 min", OUTAGE_CAUSE], [office, written[1], "30 min", "—"]]
    assert graphs.outage_panel().title_text() == "Outages of the 3 compared offices in this range: 2"
    assert graphs.uptime_text().startswith("Uptime: Kantor Camat 0: ")
    rect = table.visualItemRect(table.item(0, 0))
    with qtbot.waitSignal(graphs.loaded, timeout=5000):
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    margin = 0.25 * (first[1] - first[0])
    assert graphs.view_range() == pytest.approx((first[0] - margin, first[1] + margin))
    assert graphs.outage_spans() == [pytest.approx(first)]
    assert graphs.data().series[0][1].source == "1m"
    primary = graphs.data().primary
    assert primary is not None and primary.outages[0].cause == OUTAGE_CAUSE
    # The range is the outage and some time around it, measured every 10 minutes then (so monitored whole):
    # uptime is the share of that time it answered.
    expected = 100 * (2 * margin) / (first[1] - first[0] + 2 * margin)
    assert graphs.uptime_text().startswith(f"Uptime: Kantor Camat 0: {expected:.2f} % · ")


def test_export_buttons_write_on_a_worker_and_report_failures(qtbot: QtBot, graphs: SiteGraphs, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    _click_range(qtbot, graphs, "24h")
    target = [tmp_path / "day.csv"]
    monkeypatch.setattr(graphs, "_ask_export_path", lambda kind: target[0].with_suffix(f".{kind}"))
    buttons = {b.text(): b for b in graphs.findChildren(QAbstractButton)}
    with qtbot.waitSignal(graphs.exported) as written:
        qtbot.mouseClick(buttons["CSV…"], Qt.MouseButton.LeftButton)
    assert written.args == [str(tmp_path / "day.csv")]
    with (tmp_path / "day.csv").open(encoding="utf-8") as src:
        assert len(list(csv.DictReader(src))) == 3 * 1440
    assert graphs.message() == f"Saved {tmp_path / 'day.csv'}"
    with qtbot.waitSignal(graphs.exported):
        qtbot.mouseClick(buttons["PNG…"], Qt.MouseButton.LeftButton)
    assert QImage(str(tmp_path / "day.png")).width() > 500
    # A folder that does not exist: the widget says so and goes on working.
    target[0] = tmp_path / "missing" / "day.csv"
    for name in ("CSV…", "PNG…"):
        with qtbot.waitSignal(graphs.exportFailed) as failed:
            qtbot.mouseClick(buttons[name], Qt.MouseButton.LeftButton)
        assert str(tmp_path / "missing") in failed.args[0] and "No such file or directory" in failed.args[0]
        assert graphs.message() == failed.args[0]
    with pytest.raises(OSError):
        graphs.export_csv(tmp_path / "missing" / "direct.csv")
    _click_range(qtbot, graphs, "7d")


def test_a_measured_line_shows_its_use_under_the_latency(qtbot: QtBot, tmp_path: Path) -> None:
    """The primary office's line is measured: a fourth plot shows its use (percent of the contract, gaps as
    gaps); an office whose line is not measured shows the three plots only."""
    network = history_network(sites=2, references=True)
    snmp = SnmpInterface("127.0.0.1", "ether1", community_secret="c")
    for site in network.sites:
        if site.id != "dc":
            site.parent = "dc"
    network.links = [Link("l-s0", "s0", "dc", "Telkom", LinkMedium.FIBER, 100, snmp=snmp),
                     Link("l-s1", "s1", "dc", "Telkom", LinkMedium.FIBER, 100)]
    with Workspace.open(tmp_path / "use.sqlite3") as workspace:
        workspace.replace_network(network)
        rows = [TrafficInterval("l-s0", NOW - 3600 + 60 * n, NOW - 3540 + 60 * n, 50_000.0 + 500 * n, 1_000.0,
                                OperStatus.UP) for n in range(60) if n != 30]
        workspace.record_traffic(rows)
        widget = SiteGraphs(network, workspace, clock=lambda: NOW)
        qtbot.addWidget(widget)
        widget.set_range("24h")
        with qtbot.waitSignal(widget.loaded, timeout=10_000):
            widget.set_sites(specs_for_sites(network, ["s0"]))
        assert len(widget.plots().plots()) == 4
        _, percent = widget.plots().use_data()
        finite = percent[np.isfinite(percent)]
        assert finite.min() == pytest.approx(50.5, abs=0.6) and finite.max() == pytest.approx(79.5, abs=0.6)
        assert np.isnan(percent).any()  # the missing minute is a gap
        with qtbot.waitSignal(widget.loaded, timeout=10_000):
            widget.set_sites(specs_for_sites(network, ["s1"]))
        assert len(widget.plots().plots()) == 3
