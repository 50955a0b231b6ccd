"""The graphs as an officer meets them (issue 16, part 2, items 4, 5, 6 and 8), on real workspaces:

- four compared offices: the legend names all four, above the plots, never over them, wrapping when narrow;
- the outage list holds every compared office's outages with the office's name, and each office's uptime;
- the axis title never overlaps its tick labels, whatever the font size;
- after a restart the live view shows the minutes the workspace holds, and the minutes Pantau was not running
  as a grey "not monitored" band (not up), with the uptime over the monitored time only;
- an empty range says "no data", not "Uptime 100.00 %";
- in the real window, switching to Indonesian changes every text of the graphs panel at once, and its numbers and
  dates follow (decimal comma, Indonesian month names).
"""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pyqtgraph as pg  # type: ignore[import-untyped]
import pytest
from PySide6.QtCore import QCoreApplication, QRectF
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from pytestqt.qtbot import QtBot

from pantau.domain.inventory import Network
from pantau.domain.results import ProbeResult
from pantau.domain.samples import ErrorKind, Sample
from pantau.domain.states import HealthState, StateChange
from pantau.reporting.history import LiveBuffer
from pantau.storage.workspace import Workspace
from pantau.ui import i18n
from pantau.ui.formats import format_moment
from pantau.ui.graph_items import PALETTE, LocalDateAxis
from pantau.ui.graphs import SiteGraphs, specs_for_sites
from pantau.ui.main_window import MainWindow, settings
from tests.history_fill import history_network

REPO = Path(__file__).resolve().parents[2]
TS_FILE = REPO / "resources" / "i18n" / "pantau_id.ts"
GRAPH_CONTEXTS = {"SiteGraphs", "GraphToolbar", "CustomRangeRow", "OutagePanel", "GraphLegend"}
STEP = 10


def _fill(workspace: Workspace, network: Network, now: float, outages: dict[str, tuple[float, float]],
          gap: tuple[float, float] | None = None, since: float = 3600) -> None:
    """Rounds every STEP seconds over the last `since` seconds for every office, lost inside its outage, none
    inside `gap` (Pantau not running, its UP events left open as a killed Pantau leaves them)."""
    for site in network.sites:
        target = network.targets_of(site.id)[0]
        down = outages.get(site.id)
        samples = []
        for ts in range(int(now - since), int(now), STEP):
            if gap is not None and gap[0] <= ts < gap[1]:
                continue
            if down is not None and down[0] <= ts < down[1]:
                samples.append(Sample(float(ts), target.id, "icmp", None, ErrorKind.TIMEOUT, sent=3, lost=3))
            else:
                samples.append(Sample(float(ts), target.id, "icmp", 5.0 + site.id.__hash__() % 3, sent=3, lost=0))
        workspace.submit(samples)
        workspace.record_state_change(StateChange(site.id, "site", HealthState.UNKNOWN, HealthState.UP,
                                                  now - since))
        if down is not None:
            workspace.record_state_change(StateChange(site.id, "site", HealthState.UP, HealthState.DOWN, down[0]))
            workspace.record_state_change(StateChange(site.id, "site", HealthState.DOWN, HealthState.UP, down[1]))
    workspace.flush()


@pytest.fixture
def four_offices(tmp_path: Path) -> Iterator[tuple[Network, Workspace, float]]:
    network = history_network(4, references=True)
    now = float(int(time.time()) // 60 * 60)
    with Workspace.open(tmp_path / "four.sqlite3") as workspace:
        workspace.replace_network(network)
        _fill(workspace, network, now, {"s1": (now - 1800, now - 1500), "s3": (now - 2400, now - 2280)})
        yield network, workspace, now


def _graphs(qtbot: QtBot, network: Network, workspace: Workspace | None, now: float, width: int = 1100,
            live: LiveBuffer | None = None) -> SiteGraphs:
    widget = SiteGraphs(network, workspace, live=live, clock=lambda: now)
    qtbot.addWidget(widget)
    widget.resize(width, 520)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _in(widget: QWidget, ancestor: QWidget) -> QRectF:
    return QRectF(widget.mapTo(ancestor, widget.rect().topLeft()), widget.size().toSizeF())


@pytest.mark.parametrize("width", [1100, 640])
def test_four_compared_offices_are_all_in_the_legend_above_the_plots(qtbot: QtBot, four_offices: tuple[
        Network, Workspace, float], width: int) -> None:
    network, workspace, now = four_offices
    graphs = _graphs(qtbot, network, workspace, now, width)
    with qtbot.waitSignal(graphs.loaded):
        graphs.set_sites(specs_for_sites(network, ["s0", "s1", "s2", "s3"]))
    with qtbot.waitSignal(graphs.loaded):
        graphs.set_range("1h")
    graphs.set_references(True, True)
    qtbot.waitUntil(lambda: len(graphs.legend().boxes()) == 6)
    boxes = graphs.legend().boxes()
    assert [b.text() for b in boxes] == [f"Kantor Camat {i}" for i in range(4)] + ["Server", "ISP gateway"]
    plots = graphs.plots().widget
    for box in boxes:
        assert box.isVisible() and not box.visibleRegion().isEmpty(), box.text()
        rect = _in(box, graphs)
        # Whole, inside the widget, and above the plots: nothing of the data lies under it.
        assert graphs.rect().toRectF().contains(rect), box.text()
        assert rect.bottom() <= _in(plots, graphs).top(), box.text()
    rows = {round(_in(box, graphs).top()) for box in boxes}
    assert len(rows) == (1 if width > 1000 else 2)


def test_every_compared_office_s_outages_are_listed_with_its_name(qtbot: QtBot, four_offices: tuple[
        Network, Workspace, float]) -> None:
    network, workspace, now = four_offices
    graphs = _graphs(qtbot, network, workspace, now)
    with qtbot.waitSignal(graphs.loaded):
        graphs.set_sites(specs_for_sites(network, ["s0", "s1", "s2", "s3"]))
    with qtbot.waitSignal(graphs.loaded):
        graphs.set_range("1h")
    table = graphs.outage_table()
    rows = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]
    zone = network.timezone
    # The first column is the OUTAGE-ID: the id of the office's DOWN event (`pantau report incident ID`).
    ids = [str(next(e.id for e in workspace.events(subject=site) if e.state is HealthState.DOWN))
           for site in ("s3", "s1")]
    assert rows == [[ids[0], "Kantor Camat 3", format_moment(now - 2400, zone, zone=False), "2 min", "—"],
                    [ids[1], "Kantor Camat 1", format_moment(now - 1800, zone, zone=False), "5 min", "—"]]
    assert [table.horizontalHeaderItem(c).text() for c in range(5)] == ["ID", "Office", "Start", "Duration", "Cause"]
    # The list fits beside the plots: no column pushed out of sight.
    assert not table.horizontalScrollBar().isVisible()
    assert graphs.outage_panel().title_text() == "Outages of the 4 compared offices in this range: 2"
    assert graphs.uptime_text() == (
        f"Uptime: Kantor Camat 0: 100.00 % · Kantor Camat 1: {100 * 3300 / 3600:.2f} % · "
        f"Kantor Camat 2: 100.00 % · Kantor Camat 3: {100 * 3480 / 3600:.2f} %")
    # Every office's outages are shaded on the latency plot, not only the primary's (s0 had none).
    assert sorted(graphs.outage_spans()) == [(now - 2400, now - 2280), (now - 1800, now - 1500)]


def _shading(graphs: SiteGraphs) -> dict[tuple[float, float], tuple[QColor, str]]:
    """The shaded spans on the latency plot as drawn: each span's brush colour and tooltip."""
    shaded = {}
    for item in graphs.plots().latency.items:
        if isinstance(item, pg.LinearRegionItem) and item.isVisible():
            start, end = item.getRegion()
            shaded[(float(start), float(end))] = (QColor(item.brush.color()), item.toolTip())
    return shaded


def test_each_compared_office_s_outages_are_shaded_in_its_line_s_colour(qtbot: QtBot, four_offices: tuple[
        Network, Workspace, float]) -> None:
    """With four offices compared, the second one's outage was only in the list: each office's outages are shaded
    in its line's colour, translucent, the office named in the tooltip; a single office's in red."""
    network, workspace, now = four_offices
    graphs = _graphs(qtbot, network, workspace, now)
    with qtbot.waitSignal(graphs.loaded):
        graphs.set_sites(specs_for_sites(network, ["s1", "s3", "s0", "s2"]))
    with qtbot.waitSignal(graphs.loaded):
        graphs.set_range("1h")
    shaded = _shading(graphs)
    assert set(shaded) == {(now - 1800, now - 1500), (now - 2400, now - 2280)}
    for span, line, office in (((now - 1800, now - 1500), 0, "Kantor Camat 1"),
                               ((now - 2400, now - 2280), 1, "Kantor Camat 3")):
        colour, tip = shaded[span]
        assert colour.rgb() == QColor(PALETTE[line]).rgb(), office
        assert 0 < colour.alpha() < 128, office  # the line stays readable through it
        assert tip.startswith(f"{office}: Down 5 min" if line == 0 else f"{office}: Down 2 min"), tip
    with qtbot.waitSignal(graphs.loaded):
        graphs.set_sites(specs_for_sites(network, ["s3"]))
    shaded = _shading(graphs)
    assert list(shaded) == [(now - 2400, now - 2280)]
    colour, tip = shaded[(now - 2400, now - 2280)]
    assert (colour.red(), colour.green(), colour.blue()) == (211, 47, 47) and tip.startswith("Down 2 min")


@pytest.mark.parametrize("point_size", [9, 16])
def test_the_axis_title_never_sits_on_the_tick_labels(qtbot: QtBot, four_offices: tuple[Network, Workspace, float],
                                                      point_size: int) -> None:
    network, workspace, now = four_offices
    graphs = _graphs(qtbot, network, workspace, now)
    font = QFont(graphs.font())
    font.setPointSize(point_size)
    graphs.setFont(font)
    with qtbot.waitSignal(graphs.loaded):
        graphs.set_sites(specs_for_sites(network, ["s0"]))
    # Five-digit ticks: a satellite link's worst minutes.
    graphs.plots().latency.setYRange(0, 12_000, padding=0)
    for plot in (graphs.plots().latency, graphs.plots().loss):
        axis = plot.getAxis("left")
        axis.setTickFont(font)
        axis.label.setFont(font)
        axis.resizeEvent()
        image = QImage(10, 10, QImage.Format.Format_ARGB32)
        painter = QPainter(image)
        try:
            specs = axis.generateDrawSpecs(painter)
        finally:
            painter.end()
        texts = [rect for rect, _flags, text in specs[2] if text]
        assert texts
        title = axis.label.mapRectToParent(axis.label.boundingRect())
        for rect in texts:
            # Beside the numbers, and the numbers whole inside the axis.
            assert not title.intersects(rect) and title.right() <= rect.left(), (title, rect)
            assert rect.left() >= 0 and rect.right() <= axis.width(), (rect, axis.width())


def test_after_a_restart_the_live_view_holds_the_workspace_minutes_and_the_gap_is_not_monitored(
        qtbot: QtBot, tmp_path: Path) -> None:
    network = history_network(1)
    now = float(int(time.time()))
    gap = (now - 600, now - 60)  # Pantau was not running for nine minutes, then restarted
    with Workspace.open(tmp_path / "restart.sqlite3") as workspace:
        _fill(workspace, network, now, {}, gap=gap)
        # The restarted Pantau's engine has reported only the last minute.
        live = LiveBuffer()
        live.add([ProbeResult("t0", "icmp", now - 60 + s, 3, 3, (5.0, 5.0, 5.0), None) for s in range(0, 60, STEP)])
        graphs = _graphs(qtbot, network, workspace, now, live=live)
        graphs.set_sites(specs_for_sites(network, ["s0"]))
        # The minutes before the gap arrive from the workspace, on a worker, under the live rounds.
        qtbot.waitUntil(lambda: graphs.curve_data(0)[0].size > 6 and graphs.data().primary is not None
                        and len(graphs.data().primary.availability.spans) == 3, timeout=5000)
        t = graphs.curve_data(0)[0]
        assert t[0] == pytest.approx(now - 900, abs=STEP) and t[-1] == now - STEP
        assert graphs.state_bars() == [(now - 900, gap[0], HealthState.UP), (gap[0], gap[1], None),
                                       (gap[1], now, HealthState.UP)]
        assert graphs.uptime_text() == ("Uptime of Kantor Camat 0: 100.00 % of the 6 min monitored "
                                        "(not monitored: 9 min)")
        assert graphs.readout_at(now - 300).endswith("not monitored")
        graphs.shutdown()


def test_an_empty_range_has_no_uptime(qtbot: QtBot, tmp_path: Path) -> None:
    network = history_network(1)
    now = float(int(time.time()))
    with Workspace.open(tmp_path / "empty.sqlite3") as workspace:
        # The office was UP when the last Pantau stopped, a month ago; nothing was measured since.
        workspace.record_state_change(StateChange("s0", "site", HealthState.UNKNOWN, HealthState.UP, now - 40 * 86400))
        workspace.flush()
        graphs = _graphs(qtbot, network, workspace, now)
        with qtbot.waitSignal(graphs.loaded):
            graphs.set_sites(specs_for_sites(network, ["s0"]))
        with qtbot.waitSignal(graphs.loaded):
            graphs.set_range("30d")
        assert graphs.uptime_text() == "Uptime of Kantor Camat 0: no data"
        assert graphs.data().uptime is None
        assert graphs.state_bars() == [(now - 30 * 86400, now, None)]
        graphs.shutdown()


# --- the real window, switching language --------------------------------------------------------------------------


def _language_neutral() -> set[str]:
    """Graph texts whose Indonesian is the English ("Server", "PNG…"): they cannot show a switch."""
    same: set[str] = set()
    for context in ET.parse(TS_FILE).getroot().iter("context"):
        if context.findtext("name") in GRAPH_CONTEXTS:
            for message in context.iter("message"):
                if message.findtext("source") == message.findtext("translation"):
                    same.add(message.findtext("source") or "")
    return same


def _texts(graphs: SiteGraphs) -> dict[str, str]:
    """Every visible text of the graphs panel, by where it is: buttons, labels, the list's headers and rows, the
    axis titles."""
    found: dict[str, str] = {}
    names = set(graphs.legend().boxes())  # office names: the same in both languages
    for index, widget in enumerate(graphs.findChildren(QWidget)):
        if not widget.isVisible() or widget in names:
            continue
        if isinstance(widget, QAbstractButton | QLabel) and widget.text().strip():
            found[f"{type(widget).__name__}#{index}"] = widget.text()
        if widget.toolTip():
            found[f"tip#{index}"] = widget.toolTip()
    table = graphs.outage_table()
    for column in range(table.columnCount()):
        found[f"header#{column}"] = table.horizontalHeaderItem(column).text()
    for plot in (graphs.plots().latency, graphs.plots().loss):
        # The whole title (the drawn one may be the unit alone when the plot is short).
        found[f"axis#{id(plot)}"] = plot.getAxis("left").toolTip()
    found["strip tip"] = graphs.plots().strip.toolTip()
    return found


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[MainWindow, float]]:
    i18n.store_language_setting(settings(), "en")
    network = history_network(2)
    now = float(int(time.time()))
    workspace = Workspace.open(tmp_path / "window.sqlite3")
    workspace.replace_network(network)
    _fill(workspace, network, now, {"s0": (now - 700, now - 577)})
    win = MainWindow(network, workspace, tray=False)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    yield win, now
    win.shutdown()
    workspace.close()
    app = QCoreApplication.instance()
    if app is not None:
        i18n.install_translator(app, "en")
        QCoreApplication.sendPostedEvents()


def test_switching_to_indonesian_changes_every_text_of_the_graphs_at_once(
        qtbot: QtBot, window: tuple[MainWindow, float]) -> None:
    win, now = window
    graphs = win.graphs
    win.graphs_dock.raise_()
    win.show_graphs(["s0", "s1"])
    qtbot.waitUntil(lambda: graphs.outage_panel().title_text() == "Outages of the 2 compared offices in this range: 1"
                    and graphs.outage_table().rowCount() == 1, timeout=5000)
    english = _texts(graphs)
    assert graphs.uptime_text().startswith("Uptime") and "Kantor Camat 0: " in graphs.uptime_text()
    neutral = _language_neutral()

    win.language_actions["id"].trigger()
    qtbot.waitUntil(lambda: graphs.plots().latency.getAxis("left").toolTip() == "Latensi (ms)", timeout=3000)
    indonesian = _texts(graphs)
    unchanged = {where: text for where, text in english.items()
                 if indonesian.get(where) == text and text not in neutral and not text.startswith("UTC")}
    assert unchanged == {}, "still in English after the switch"
    # Numbers with a decimal comma, dates with Indonesian months, through ui.formats.
    # The range runs to now: on a slow machine its last seconds, after the rounds written, are named as not
    # monitored ("Uptime selama 15 menit yang dipantau (tidak dipantau: 9 detik): …"), which is the truth.
    uptime = graphs.uptime_text()
    assert uptime.startswith("Uptime") and uptime.endswith("Kantor Camat 1: 100,00 %")
    figure = re.search(r"Kantor Camat 0: (\S+) %", uptime)
    assert figure is not None and "." not in uptime and figure.group(1).count(",") == 1
    row = [graphs.outage_table().item(0, c).text() for c in range(1, 5)]
    assert row[0] == "Kantor Camat 0" and row[1] == format_moment(now - 700, win.network.timezone, zone=False)
    assert row[2] == "2 menit"
    assert graphs.readout_at(now - 650).endswith("Putus")

    win.language_actions["en"].trigger()
    qtbot.waitUntil(lambda: graphs.plots().latency.getAxis("left").toolTip() == "Latency (ms)", timeout=3000)
    # Back in English, word for word (the uptime figures move on with the live clock).
    again = _texts(graphs)
    assert {k: v for k, v in again.items() if not v.startswith("Uptime")} == \
        {k: v for k, v in english.items() if not v.startswith("Uptime")}


@pytest.mark.parametrize(("language", "month"), [("id", "Des"), ("en", "Dec")])
def test_the_time_axis_writes_days_and_months_in_the_interface_language(qtbot: QtBot, language: str,
                                                                       month: str) -> None:
    app = QCoreApplication.instance()
    assert app is not None
    i18n.install_translator(app, language)
    try:
        axis = LocalDateAxis(8 * 3600)
        axis.fontMetrics = QFontMetrics(QFont())  # what pyqtgraph sets when it first paints the axis
        start = 1_796_083_200.0  # 1 December 2026, 00:00 UTC+8 is 16:00 the day before in UTC
        # Two days wide: pyqtgraph labels days "Sat 05" in its own English; here "5 Des" / "5 Dec".
        spacing, values = axis.tickValues(start, start + 2 * 86400, 800)[0]
        labels = axis.tickStrings(values, 1.0, spacing)
        assert labels and all(label.split() == [label.split()[0], month] for label in labels), labels
        assert all(label.split()[0].isdigit() for label in labels)
        # A week wide: the month's name, then the days' numbers.
        spacing, values = axis.tickValues(start, start + 7 * 86400, 800)[0]
        assert axis.tickStrings(values, 1.0, spacing) == [month]
        # Hours stay hours.
        spacing, values = axis.tickValues(start, start + 6 * 3600, 800)[-1]
        assert all(":" in label for label in axis.tickStrings(values, 1.0, spacing))
    finally:
        i18n.install_translator(app, "en")
        QCoreApplication.sendPostedEvents()


def test_in_a_short_graphs_panel_the_axis_titles_are_cut_to_their_plots_and_do_not_meet(
        qtbot: QtBot, four_offices: tuple[Network, Workspace, float]) -> None:
    """At 1366x768 the graphs panel is about 200 px high: "Latency (ms)" was taller than its plot and ran into
    "Loss (%)". A title too long for its plot gives way to its unit (the whole one in the tooltip), and comes
    back with room."""
    network, workspace, now = four_offices
    graphs = _graphs(qtbot, network, workspace, now)
    with qtbot.waitSignal(graphs.loaded):
        graphs.set_sites(specs_for_sites(network, ["s0"]))
    latency, loss = graphs.plots().latency.getAxis("left"), graphs.plots().loss.getAxis("left")
    full = latency.labelText
    graphs.resize(1100, 300)

    def titles_fit() -> bool:
        boxes = [axis.label.mapRectToScene(axis.label.boundingRect()) for axis in (latency, loss)]
        inside = all(box.height() <= axis.height() + 1 for box, axis in zip(boxes, (latency, loss), strict=True))
        return inside and not boxes[0].intersects(boxes[1])

    qtbot.waitUntil(titles_fit)
    assert full == "Latency (ms)" and latency.labelText == "ms" and latency.toolTip() == full
    graphs.resize(1100, 900)
    qtbot.waitUntil(lambda: latency.labelText == full)
