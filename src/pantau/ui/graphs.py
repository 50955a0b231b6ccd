"""Graphs of the selected sites: latency with its min–max band, loss per round or bucket, an availability strip,
outages shaded, for the live quarter hour or a history range, one colour per compared site.

`SiteGraphs` owns the plots and when they read data. History ranges are read on a worker thread (`TaskRunner`)
through `reporting.history` (which picks raw rounds, 1-minute or 1-hour rollups by the range); the live view reads
the in-memory `LiveBuffer` on a 1 Hz timer, so it never touches the disk. Following pyqtgraph's streaming idiom,
every curve, fill and bar item is made once per compared site and fed with `setData`; pens and brushes are built
once at import; plots use peak downsampling and clip-to-view, so a 10 000-point week draws as fast as a day.

The first site of a comparison is the *primary*: its loss bars, availability strip, outages (shaded, and listed
under the plots with the cause from a saved diagnosis) and uptime are shown (stacking the bars of twenty sites
would say nothing). The others add their latency line to the top plot. The network's central server and ISP
gateway can be pinned as dashed reference lines. Exports (PNG of the plots, CSV of the data in view) are written
on a worker thread; a failed write is reported in the widget.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import pyqtgraph as pg  # type: ignore[import-untyped]
import pyqtgraph.exporters  # type: ignore[import-untyped]
from PySide6.QtCore import QDateTime, QPointF, Qt, QTimer, QTimeZone, Signal
from PySide6.QtGui import QBrush, QColor, QImage, QPainterPath
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QDateTimeEdit,
    QGraphicsPathItem,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pantau.domain.inventory import Network, TargetRole
from pantau.domain.states import HealthState
from pantau.reporting.history import (
    DAY,
    RANGES,
    HistorySeries,
    LiveBuffer,
    Outage,
    StateSegment,
    load_series,
    outages,
    series_to_csv,
    state_segments,
    uptime_percent,
    utc_offset_s,
    with_causes,
)
from pantau.storage.workspace import Workspace
from pantau.ui.file_dialogs import ask_save_path
from pantau.ui.state_style import state_label, style
from pantau.ui.tables import read_only_table
from pantau.ui.workers import TaskRunner

__all__ = ["LIVE", "PALETTE", "GraphData", "SeriesSpec", "SiteGraphs", "loss_class", "read_graph_data",
           "reference_spec", "site_spec", "specs_for_sites"]

LIVE = "live"
LIVE_INTERVAL_MS = 1000
# The live view reads the quarter hour's events (outages, states, uptime) from the workspace every this many ticks.
LIVE_EVENTS_EVERY = 10
# A manual pan or zoom waits this long for the gesture to end before it reads the range now in view.
REFETCH_DELAY_MS = 300
# Legend entries in one column; more go into further columns.
LEGEND_ROWS = 4
# The outage list's first width beside the plots (the user can drag the splitter).
OUTAGE_LIST_WIDTH = 420

# One colour per compared site (Okabe–Ito, readable by the colour-blind), cycled past eight.
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#f0e442")
_LINE_PENS = tuple(pg.mkPen(colour, width=1.5) for colour in PALETTE)
_BAND_PENS = tuple(pg.mkPen(QColor(colour).red(), QColor(colour).green(), QColor(colour).blue(), 70, width=1)
                   for colour in PALETTE)
_NO_PEN = pg.mkPen(None)
_OUTAGE_BRUSH = pg.mkBrush(211, 47, 47, 45)
_LEGEND_BRUSH = pg.mkBrush(255, 255, 255, 210)
_CROSSHAIR_PEN = pg.mkPen("#555555", width=1, style=Qt.PenStyle.DashLine)
_GRID_PEN = pg.mkPen("#e6e6e6")
# The pinned reference lines: dashed, in colours outside the site palette.
_REFERENCE_PENS = {
    TargetRole.SERVER: pg.mkPen("#3a3a3a", width=1.5, style=Qt.PenStyle.DashLine),
    TargetRole.ISP_GATEWAY: pg.mkPen("#8e24aa", width=1.5, style=Qt.PenStyle.DashLine),
}
# Diagnoses read to find outages' causes: the newest this many (older ones rarely fall in a shown range).
DIAGNOSES_READ = 200
# Clicking an outage shows it with this share of its length (at least a minute) either side.
OUTAGE_MARGIN = 0.25

# Loss scale: upper bound (percent, exclusive) and the bar colour; 0 % is green, total loss red.
LOSS_SCALE: tuple[tuple[float, str], ...] = (
    (0.5, "#2e9d3a"), (2.0, "#9ccc3c"), (10.0, "#f2a900"), (50.0, "#ef6c00"), (float("inf"), "#d32f2f"),
)
_LOSS_BRUSHES = tuple(QBrush(QColor(colour)) for _, colour in LOSS_SCALE)
_LOSS_EDGES = np.array([bound for bound, _ in LOSS_SCALE[:-1]])

# The roles whose loss is the office's link, in the order a graph prefers them.
_LINK_ROLES = (TargetRole.OFFICE_ROUTER, TargetRole.LAN_GATEWAY, TargetRole.ISP_GATEWAY, TargetRole.SERVER,
               TargetRole.UPSTREAM, TargetRole.SERVICE)


@dataclass(frozen=True)
class SeriesSpec:
    """One compared line: the site (subject of its events) and the check that measures its link."""

    site: str
    label: str
    target: str
    method: str


def site_spec(network: Network, site_id: str) -> SeriesSpec | None:
    """The check a site's graph shows: the first check of its target closest to the office's link."""
    targets = [t for t in network.targets_of(site_id) if t.enabled and t.checks]
    if not targets:
        return None
    target = min(targets, key=lambda t: _LINK_ROLES.index(t.role) if t.role in _LINK_ROLES else len(_LINK_ROLES))
    site = network.site(site_id)
    return SeriesSpec(site_id, site.name if site is not None else site_id, target.id, target.checks[0])


def specs_for_sites(network: Network, site_ids: Sequence[str], limit: int | None = None) -> list[SeriesSpec]:
    """The specs of `site_ids` in order (the first is the primary), leaving out sites with no enabled check;
    at most `limit` of them."""
    specs = [spec for site_id in site_ids if (spec := site_spec(network, site_id)) is not None]
    return specs if limit is None else specs[:limit]


def reference_spec(network: Network, role: TargetRole, label: str) -> SeriesSpec | None:
    """The first enabled target of `role` (the central server, the ISP gateway) as a reference line."""
    target = next((t for t in network.targets if t.role is role and t.enabled and t.checks), None)
    if target is None:
        return None
    return SeriesSpec(target.site, label, target.id, target.checks[0])


@dataclass(frozen=True)
class GraphData:
    """Everything one range shows: a series per compared site (then per pinned reference), and the primary
    site's events."""

    start: float
    end: float
    series: list[tuple[SeriesSpec, HistorySeries]]
    outages: list[Outage] = field(default_factory=list)
    segments: list[StateSegment] = field(default_factory=list)
    uptime: float | None = None


def read_graph_data(workspace: Workspace, specs: Sequence[SeriesSpec], start: float, end: float,
                    now: float, *, raw_retention_s: float = 2 * DAY, minute_retention_s: float = 7 * DAY,
                    primary_roles: Collection[TargetRole] = ()) -> GraphData:
    """Read a range for `specs` from the workspace (blocks on the disk: run it on a worker thread). The first
    spec is the primary site, whose targets have `primary_roles`; the retentions are the network's."""
    series = [(spec, load_series(workspace, spec.target, spec.method, start, end, now=now,
                                 raw_retention_s=raw_retention_s, minute_retention_s=minute_retention_s))
              for spec in specs]
    if not specs:
        return GraphData(start, end, series)
    subject = specs[0].site
    events = [e for e in workspace.events(since=start, subject=subject) if e.started < end]
    found = outages(events, subject, start, end)
    if found:
        found = with_causes(found, workspace.diagnoses(DIAGNOSES_READ), subject, primary_roles)
    return GraphData(start, end, series, found, state_segments(events, subject, start, end),
                     uptime_percent(events, subject, start, end))


# Past this many points the band is reduced to this many buckets (lowest min, highest max of each), as peak
# downsampling does for the lines: a screen is not wider than that.
BAND_MAX_POINTS = 2000
# Only the first this many compared sites get a band.
BANDED_SITES = 3


def band_path(t: np.ndarray, low: np.ndarray, high: np.ndarray) -> QPainterPath:
    """The min–max band as one vertical stroke per point (SmokePing's "smoke"); points without an rtt have none.

    Strokes, not a filled outline: Qt's raster engine took 40–50 ms to fill a translucent 1440-vertex outline
    on this machine, and draws the same band as strokes in under a millisecond.
    """
    if t.size > BAND_MAX_POINTS:
        step = -(-t.size // BAND_MAX_POINTS)
        usable = t.size // step * step
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # an all-NaN bucket stays NaN: a gap
            t = t[:usable:step]
            low = np.nanmin(low[:usable].reshape(-1, step), axis=1)
            high = np.nanmax(high[:usable].reshape(-1, step), axis=1)
    known = np.isfinite(low) & np.isfinite(high)
    if not known.any():
        return QPainterPath()
    x = np.repeat(t[known], 2)
    y = np.column_stack((low[known], high[known])).ravel()
    path: QPainterPath = pg.arrayToQPath(x, y, connect="pairs", finiteCheck=False)
    return path


class _Lines:
    """The items of one line on the latency plot (a compared site or a reference), made once and fed new data.

    Two line items, one shown at a time: the live view feeds a bare `PlotCurveItem` (a `PlotDataItem`'s
    bookkeeping cost 0.1 ms a curve on every update, most of the live budget with twenty sites), history a
    `PlotDataItem`, whose peak downsampling and clip-to-view keep a month of minutes fast. The legend shows a
    third item that is never drawn; clicking its entry hides or shows it, and the line and band follow.
    """

    def __init__(self, plot: pg.PlotItem, pen: pg.QtGui.QPen, band_pen: pg.QtGui.QPen | None) -> None:
        self.avg = pg.PlotDataItem(pen=pen, connect="finite")
        self.avg.setDownsampling(auto=True, method="peak")
        self.avg.setClipToView(True)
        self.live = pg.PlotCurveItem(pen=pen, connect="finite")
        self.sample = pg.PlotDataItem(pen=pen)
        self.band = QGraphicsPathItem()
        self.banded = band_pen is not None
        if band_pen is not None:
            self.band.setPen(band_pen)
        plot.addItem(self.band, ignoreBounds=True)
        plot.addItem(self.avg)
        plot.addItem(self.live)
        self.streaming = False
        self.sample.visibleChanged.connect(self._follow_legend)
        self._follow_legend()

    def _follow_legend(self) -> None:
        wanted = self.sample.isVisible()
        self.avg.setVisible(wanted and not self.streaming)
        self.live.setVisible(wanted and self.streaming)
        self.band.setVisible(wanted and self.banded)

    def set_streaming(self, streaming: bool) -> None:
        if streaming == self.streaming:
            return
        self.streaming = streaming
        (self.avg if streaming else self.live).setData([], [])
        self._follow_legend()

    def show(self, series: HistorySeries) -> None:
        (self.live if self.streaming else self.avg).setData(series.t, series.rtt_avg)
        if self.banded:
            self.band.setPath(band_path(series.t, series.rtt_min, series.rtt_max))

    def data(self) -> tuple[np.ndarray, np.ndarray]:
        """The (t, rtt avg) the current line item was last given."""
        x, y = (self.live.xData, self.live.yData) if self.streaming else (self.avg.xData, self.avg.yData)
        if x is None or y is None:
            return np.empty(0), np.empty(0)
        return np.asarray(x), np.asarray(y)

    def remove(self, plot: pg.PlotItem) -> None:
        plot.removeItem(self.band)
        plot.removeItem(self.avg)
        plot.removeItem(self.live)


def loss_class(loss: np.ndarray) -> np.ndarray:
    """The index into LOSS_SCALE of each loss value (percent; NaN counts as no loss)."""
    classes: np.ndarray = np.digitize(np.nan_to_num(loss), _LOSS_EDGES, right=False)
    return classes


class SiteGraphs(QWidget):
    """Latency, loss and availability of one or more sites over a chosen range, with the primary site's outages.

    `loaded` is emitted on the GUI thread each time new data is on screen. `clock` gives "now" (tests pin it).
    """

    loaded = Signal()
    exported = Signal(str)  # the path written
    exportFailed = Signal(str)  # the message shown

    def __init__(self, network: Network, workspace: Workspace | None, live: LiveBuffer | None = None,
                 runner: TaskRunner | None = None, clock: Callable[[], float] = time.time,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._network = network
        self._workspace = workspace
        self._live = live
        self._runner = runner or TaskRunner(self)
        self._clock = clock
        self._specs: list[SeriesSpec] = []
        self._references: list[tuple[TargetRole, SeriesSpec]] = []
        self._range_name = LIVE
        self._custom = (0.0, 0.0)
        self._data = GraphData(0.0, 0.0, [])
        self._request = 0  # the newest background read; older ones arriving late are dropped
        self._lines: list[_Lines] = []
        self._regions: list[pg.LinearRegionItem] = []
        self._listed: list[Outage] = []
        self._programmatic = False
        self._live_ticks = 0

        self._offset_s = utc_offset_s(network.timezone, clock())
        self._layout = pg.GraphicsLayoutWidget()
        self._layout.setBackground("w")
        self._latency = self._add_plot(0, self.tr("Latency (ms)"))
        self._loss = self._add_plot(1, self.tr("Loss (%)"))
        self._strip = self._add_plot(2, "")
        self._layout.ci.layout.setRowStretchFactor(0, 5)
        self._layout.ci.layout.setRowStretchFactor(1, 2)
        self._layout.ci.layout.setRowStretchFactor(2, 1)
        self._loss.setXLink(self._latency)
        self._strip.setXLink(self._latency)
        self._loss.setYRange(0, 100)
        self._loss.getAxis("left").setTicks([[(0, "0"), (50, "50"), (100, "100")], []])
        self._strip.setYRange(0, 1)
        self._strip.showGrid(x=False, y=False)  # the coloured strip needs no grid over it
        # The strip keeps an empty left axis of the same width, so its time axis lines up with the plots above.
        self._strip.getAxis("left").setStyle(showValues=False)
        self._strip.getAxis("left").setTicks([[]])
        for plot in (self._latency, self._loss):
            plot.getAxis("bottom").setStyle(showValues=False)
        self._legend = self._latency.addLegend(offset=(10, 5), brush=_LEGEND_BRUSH, labelTextColor="#202020")
        # One bar item per colour of the loss scale: a bar item with one brush draws all its bars in one call.
        self._loss_bars = [pg.BarGraphItem(x0=[], x1=[], height=[], pen=_NO_PEN, brush=brush)
                           for brush in _LOSS_BRUSHES]
        for bars in self._loss_bars:
            self._loss.addItem(bars)
        self._state_bars = pg.BarGraphItem(x0=[], x1=[], y0=[], height=[], pen=_NO_PEN)
        self._strip.addItem(self._state_bars)
        self._crosshair = [pg.InfiniteLine(angle=90, movable=False, pen=_CROSSHAIR_PEN)
                           for _ in (self._latency, self._loss, self._strip)]
        for plot, line in zip((self._latency, self._loss, self._strip), self._crosshair, strict=True):
            plot.addItem(line, ignoreBounds=True)
        self._layout.scene().sigMouseMoved.connect(self._mouse_moved)
        self._latency.getViewBox().sigRangeChangedManually.connect(self._view_moved)

        box = QVBoxLayout(self)
        box.addLayout(self._make_bar())
        box.addWidget(self._make_custom_row())
        # The outage list beside the plots, not under them: the graphs live in a wide, low dock, where a list
        # below would leave the plots a few pixels high.
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._layout)
        panel = self._make_outage_panel()
        splitter.addWidget(panel)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setSizes([1000, OUTAGE_LIST_WIDTH])
        box.addWidget(splitter, 1)
        bottom = QHBoxLayout()
        self._readout = QLabel(" ")
        self._readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._message = QLabel()
        self._message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Long read-outs and messages are cut rather than widening the dock they sit in.
        for label in (self._readout, self._message):
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        bottom.addWidget(self._readout, 3)
        bottom.addWidget(self._message, 2)
        self._message.hide()
        box.addLayout(bottom)
        self._update_reference_boxes()

        self._live_timer = QTimer(self)
        self._live_timer.setInterval(LIVE_INTERVAL_MS)
        self._live_timer.timeout.connect(self.refresh_live)
        self._refetch = QTimer(self)
        self._refetch.setSingleShot(True)
        self._refetch.setInterval(REFETCH_DELAY_MS)
        self._refetch.timeout.connect(self._fetch_view)

    def _make_bar(self) -> QHBoxLayout:
        self._buttons = QButtonGroup(self)
        self._buttons.setExclusive(False)  # a custom range checks none of them
        bar = QHBoxLayout()
        # Compact: the bar must fit a dock under a 720-pixel-wide window.
        for name, text in ((LIVE, self.tr("Live")), ("1h", self.tr("1 h")), ("24h", self.tr("24 h")),
                           ("7d", self.tr("7 d")), ("30d", self.tr("30 d"))):
            button = QToolButton()
            button.setText(text)
            if name == LIVE:
                button.setToolTip(self.tr("The last 15 minutes, updated every second"))
            button.setCheckable(True)
            button.setChecked(name == LIVE)
            button.setProperty("range", name)
            button.clicked.connect(lambda _=False, n=name: self.set_range(n))
            self._buttons.addButton(button)
            bar.addWidget(button)
        self._custom_button = QToolButton()
        self._custom_button.setText(self.tr("Custom…"))
        self._custom_button.setCheckable(True)
        self._custom_button.setToolTip(self.tr("Choose the start and end of the range"))
        self._custom_button.toggled.connect(self._toggle_custom_row)
        bar.addWidget(self._custom_button)
        bar.addSpacing(8)
        self._server_box = QCheckBox(self.tr("Server"))
        self._isp_box = QCheckBox(self.tr("ISP gateway"))
        for box in (self._server_box, self._isp_box):
            box.toggled.connect(self._references_toggled)
            bar.addWidget(box)
        bar.addStretch(1)
        self._png_button = QToolButton()
        self._png_button.setText(self.tr("PNG…"))
        self._png_button.setToolTip(self.tr("Save the graph as a PNG image"))
        self._png_button.clicked.connect(lambda: self._export_clicked("png"))
        self._csv_button = QToolButton()
        self._csv_button.setText(self.tr("CSV…"))
        self._csv_button.setToolTip(self.tr("Save the data in view as CSV"))
        self._csv_button.clicked.connect(lambda: self._export_clicked("csv"))
        bar.addWidget(self._png_button)
        bar.addWidget(self._csv_button)
        return bar

    def _make_custom_row(self) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        self._from_edit = QDateTimeEdit()
        self._to_edit = QDateTimeEdit()
        for label, edit in ((self.tr("From"), self._from_edit), (self.tr("to"), self._to_edit)):
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            edit.setCalendarPopup(True)
            layout.addWidget(QLabel(label))
            layout.addWidget(edit)
        self._zone_label = QLabel()
        layout.addWidget(self._zone_label)
        apply = QPushButton(self.tr("Apply"))
        apply.setObjectName("applyCustomRange")
        apply.clicked.connect(self._apply_custom)
        layout.addWidget(apply)
        layout.addStretch(1)
        self._set_edit_zone()
        row.hide()
        self._custom_row = row
        return row

    def _make_outage_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        self._outage_title = QLabel()
        self._uptime_label = QLabel()
        # One above the other, wrapped: site names are long and the list is narrow.
        for label in (self._outage_title, self._uptime_label):
            label.setWordWrap(True)
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            layout.addWidget(label)
        table = read_only_table(4)
        table.setHorizontalHeaderLabels([self.tr("Start"), self.tr("End"), self.tr("Duration"), self.tr("Cause")])
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.setToolTip(self.tr("Click an outage to zoom the graphs to it"))
        table.cellClicked.connect(self._outage_clicked)
        table.setMinimumHeight(70)
        self._outage_table = table
        layout.addWidget(table)
        return panel

    def _add_plot(self, row: int, label: str) -> pg.PlotItem:
        # DateAxisItem counts its offset the other way round from ISO (seconds *west* of UTC).
        axis = pg.DateAxisItem(orientation="bottom", utcOffset=-self._offset_s)
        plot: pg.PlotItem = self._layout.addPlot(row=row, col=0, axisItems={"bottom": axis})
        plot.setDownsampling(auto=True, mode="peak")
        plot.setClipToView(True)
        plot.showGrid(x=True, y=True)
        # An opaque light grid of the major and minor ticks only: pyqtgraph's translucent one cost 5 ms of every
        # repaint (Qt blends each line), and at full opacity the finest tick level turns the grid into stripes.
        for side in ("left", "bottom"):
            plot.getAxis(side).setTickPen(_GRID_PEN)
            plot.getAxis(side).setStyle(tickAlpha=255, maxTickLevel=1)
        plot.setMenuEnabled(False)
        if label:
            plot.setLabel("left", label)
        plot.getAxis("left").setWidth(55)
        # Milliseconds stay milliseconds: an SI prefix would label a loopback's 0.02 ms "20 (x0.001)".
        plot.getAxis("left").enableAutoSIPrefix(False)
        return plot

    # --- what to show ------------------------------------------------------------------------------------------

    def set_network(self, network: Network) -> None:
        """Show sites of `network` from now on (its time zone, retention and reference targets); the shown sites
        are cleared until `set_sites`."""
        self._network = network
        self._offset_s = utc_offset_s(network.timezone, self._clock())
        for plot in (self._latency, self._loss, self._strip):
            plot.getAxis("bottom").utcOffset = -self._offset_s
            plot.getAxis("bottom").picture = None
            plot.getAxis("bottom").update()
        self._set_edit_zone()
        self._update_reference_boxes()
        self._specs = []
        self._rebuild()

    def set_sites(self, specs: Sequence[SeriesSpec]) -> None:
        """Show these sites (the first is the primary); reloads the current range."""
        self._specs = list(specs)
        self._rebuild()

    def set_references(self, server: bool, isp: bool) -> None:
        """Pin (or unpin) the central server's and the ISP gateway's latency as dashed reference lines."""
        for box, on in ((self._server_box, server), (self._isp_box, isp)):
            box.blockSignals(True)
            box.setChecked(on)
            box.blockSignals(False)
        self._rebuild()

    def references(self) -> tuple[bool, bool]:
        """Whether the server and the ISP gateway are pinned (as asked: a network without one shows no line)."""
        return self._server_box.isChecked(), self._isp_box.isChecked()

    def _references_toggled(self, _on: bool) -> None:
        self._rebuild()

    def _update_reference_boxes(self) -> None:
        tips = {TargetRole.SERVER: self.tr("Pin the central server's latency as a dashed reference line"),
                TargetRole.ISP_GATEWAY: self.tr("Pin the ISP gateway's latency as a dashed reference line")}
        for box, role in ((self._server_box, TargetRole.SERVER), (self._isp_box, TargetRole.ISP_GATEWAY)):
            available = reference_spec(self._network, role, "") is not None
            box.setEnabled(available)
            box.setToolTip(tips[role] if available else self.tr("The network has no enabled target with this role"))

    def _reference_specs(self) -> list[tuple[TargetRole, SeriesSpec]]:
        if not self._specs:
            return []
        shown = {spec.target for spec in self._specs}
        wanted = ((self._server_box, TargetRole.SERVER, self.tr("Server")),
                  (self._isp_box, TargetRole.ISP_GATEWAY, self.tr("ISP gateway")))
        references: list[tuple[TargetRole, SeriesSpec]] = []
        for box, role, label in wanted:
            spec = reference_spec(self._network, role, label) if box.isChecked() else None
            # A reference that is one of the compared sites' own line would only draw it twice.
            if spec is not None and spec.target not in shown:
                references.append((role, spec))
        return references

    def _rebuild(self) -> None:
        """Make the line items for the sites and references now asked for, then read the current range."""
        self._references = self._reference_specs()
        for lines in self._lines:
            lines.remove(self._latency)
        self._lines = []
        self._legend.clear()
        for index, spec in enumerate(self._specs):
            # Past a few overlaid sites their bands only hide each other's lines (and cost time on every update).
            band = _BAND_PENS[index % len(_BAND_PENS)] if index < BANDED_SITES else None
            lines = _Lines(self._latency, _LINE_PENS[index % len(_LINE_PENS)], band)
            self._lines.append(lines)
            self._legend.addItem(lines.sample, spec.label)
        for role, spec in self._references:
            lines = _Lines(self._latency, _REFERENCE_PENS[role], None)
            self._lines.append(lines)
            self._legend.addItem(lines.sample, spec.label)
        # A long comparison in columns: one tall column would cover the start of the range.
        self._legend.setColumnCount(1 if len(self._lines) <= LEGEND_ROWS else -(-len(self._lines) // LEGEND_ROWS))
        self._reload()

    def refresh(self) -> None:
        """Read the range shown again: a new outage, or the cause of one (a diagnosis saved meanwhile)."""
        self._reload()

    def _all_specs(self) -> list[SeriesSpec]:
        return self._specs + [spec for _, spec in self._references]

    def _reload(self) -> None:
        if self._range_name:
            self.set_range(self._range_name)
        else:
            self.set_custom_range(*self._custom)

    def set_range(self, name: str) -> None:
        """Show a preset range ("live", "1h", "24h", "7d", "30d") ending now."""
        if name not in RANGES:
            raise ValueError(f"unknown range {name!r}")
        self._range_name = name
        self._check_range_button(name)
        now = self._clock()
        self._set_streaming(name == LIVE and self._live is not None)
        if name == LIVE and self._live is not None:
            self._live_ticks = 0
            self._live_timer.start()
            self.refresh_live()
            return
        self._live_timer.stop()
        self._load(now - RANGES[name], now)

    def set_custom_range(self, start: float, end: float) -> None:
        """Show [start, end) at the resolution its width calls for."""
        if end <= start:
            raise ValueError("a range must end after it starts")
        self._range_name = ""
        self._custom = (start, end)
        self._check_range_button("")
        self._set_streaming(False)
        self._live_timer.stop()
        self._load(start, end)

    def _check_range_button(self, name: str) -> None:
        for button in self._buttons.buttons():
            button.setChecked(button.property("range") == name)

    def _set_streaming(self, streaming: bool) -> None:
        for lines in self._lines:
            lines.set_streaming(streaming)

    def range_name(self) -> str:
        """The preset range shown, or "" for a custom one."""
        return self._range_name

    # --- the custom range --------------------------------------------------------------------------------------

    def _set_edit_zone(self) -> None:
        # A fixed offset rather than the IANA zone: Indonesia keeps no daylight saving time, and a fixed offset
        # needs no time zone database in the frozen build.
        zone = QTimeZone.fromSecondsAheadOfUtc(self._offset_s)
        for edit in (self._from_edit, self._to_edit):
            edit.setTimeZone(zone)
        hours, rest = divmod(abs(self._offset_s), 3600)
        sign = "+" if self._offset_s >= 0 else "−"
        self._zone_label.setText(f"UTC{sign}{hours}" + (f":{rest // 60:02d}" if rest else ""))

    def _toggle_custom_row(self, shown: bool) -> None:
        if shown:
            start, end = self.view_range() if self._data.end > self._data.start else (
                self._clock() - DAY, self._clock())
            self._show_custom_edits(start, end)
        self._custom_row.setVisible(shown)

    def _show_custom_edits(self, start: float, end: float) -> None:
        zone = QTimeZone.fromSecondsAheadOfUtc(self._offset_s)
        self._from_edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(start), zone))
        self._to_edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(end), zone))

    def custom_edits(self) -> tuple[QDateTimeEdit, QDateTimeEdit]:
        """The From and To editors of the custom range (tests and the main window's shortcuts use them)."""
        return self._from_edit, self._to_edit

    def _apply_custom(self) -> None:
        start = float(self._from_edit.dateTime().toSecsSinceEpoch())
        end = float(self._to_edit.dateTime().toSecsSinceEpoch())
        if end <= start:
            self._show_message(self.tr("The end of the range must come after its start."), error=True)
            return
        self._show_message("")
        self.set_custom_range(start, end)

    # --- reading -----------------------------------------------------------------------------------------------

    def _load(self, start: float, end: float) -> None:
        self._request += 1
        request = self._request
        workspace, specs, now = self._workspace, self._all_specs(), self._clock()
        if workspace is None:
            self.show_data(GraphData(start, end, []))
            return
        settings = self._network.monitoring
        retention = {"raw_retention_s": settings.raw_retention_days * DAY,
                     "minute_retention_s": settings.minute_rollup_retention_days * DAY}
        roles = frozenset(t.role for t in self._network.targets_of(specs[0].site)) if specs else frozenset()
        self._runner.submit(lambda _progress: read_graph_data(workspace, specs, start, end, now,
                                                              primary_roles=roles, **retention),
                            lambda data: self._loaded(request, data), on_error=self._failed,
                            name="pantau-graph-read")

    def _loaded(self, request: int, data: GraphData) -> None:
        if request != self._request:
            return
        if self._range_name == LIVE and self._live is not None:
            # In the live view the lines come from memory; the read brought the events of the quarter hour.
            current = self._data
            data = GraphData(current.start, current.end, current.series, data.outages, data.segments, data.uptime)
        self.show_data(data)

    def _failed(self, error: Exception) -> None:
        self._show_message(self.tr("Could not read the history: {0}").format(error), error=True)

    def refresh_live(self) -> None:
        """One live update: the last quarter hour of every compared site, from memory."""
        assert self._live is not None
        end = self._clock()
        start = end - RANGES[LIVE]
        series = [(spec, self._live.series(spec.target, spec.method, start, end)) for spec in self._all_specs()]
        previous = self._data
        if self._live_ticks % LIVE_EVENTS_EVERY == 0 and self._workspace is not None:
            self._load(start, end)
        self._live_ticks += 1
        self.show_data(GraphData(start, end, series, previous.outages, previous.segments, previous.uptime))

    # --- drawing -----------------------------------------------------------------------------------------------

    def show_data(self, data: GraphData) -> None:
        """Draw `data` now (the background reads and the live timer end here)."""
        self._data = data
        for (_, series), lines in zip(data.series, self._lines, strict=False):
            lines.show(series)
        primary = data.series[0][1] if data.series and self._specs else None
        t = primary.t if primary is not None else np.empty(0)
        loss = np.nan_to_num(primary.loss) if primary is not None else np.empty(0)
        classes = loss_class(loss)
        width = _bar_width(t)
        for index, bars in enumerate(self._loss_bars):
            # A bar of no loss has no height; leaving it out saves drawing thousands of empty rectangles.
            mine = (classes == index) & (loss > 0)
            bars.setOpts(x0=t[mine], x1=t[mine] + width, height=loss[mine])
        segments = data.segments
        self._state_bars.setOpts(x0=[s.start for s in segments], x1=[s.end for s in segments],
                                 y0=[0.0] * len(segments), height=[1.0] * len(segments),
                                 brushes=[style(s.state).brush for s in segments])
        self._show_outages(data.outages)
        primary_label = self._specs[0].label if self._specs else ""
        self._uptime_label.setText(self.tr("Uptime of {0}: {1}").format(
            primary_label, "—" if data.uptime is None else f"{data.uptime:.2f} %"))
        self._programmatic = True
        try:
            self._latency.setXRange(data.start, data.end, padding=0)
        finally:
            self._programmatic = False
        if not self._range_name and self._custom_row.isVisible():
            self._show_custom_edits(data.start, data.end)
        self.loaded.emit()

    def _show_outages(self, spans: Sequence[Outage]) -> None:
        while len(self._regions) < len(spans):
            region = pg.LinearRegionItem(movable=False, brush=_OUTAGE_BRUSH, pen=_NO_PEN)
            region.setZValue(-10)
            self._latency.addItem(region, ignoreBounds=True)
            self._regions.append(region)
        for region, outage in zip(self._regions, spans, strict=False):
            region.setRegion((outage.start, outage.end))
            region.setToolTip(self.tr("Down {0} min: {1}").format(round(outage.duration_s / 60),
                                                                  outage.cause or outage.reason))
            region.show()
        for region in self._regions[len(spans):]:
            region.hide()
        self._list_outages(list(spans))

    def _list_outages(self, spans: list[Outage]) -> None:
        name = self._specs[0].label if self._specs else ""
        self._outage_title.setText(self.tr("Outages of {0} in this range: {1}").format(name, len(spans)))
        # The live view redraws every second with the same outages; refilling would drop the selection.
        if spans == self._listed:
            return
        self._listed = spans
        table = self._outage_table
        table.setRowCount(len(spans))
        for row, outage in enumerate(spans):
            end = self.tr("ongoing") if outage.ongoing else self._format_time(outage.end)
            cells = (self._format_time(outage.start), end, self._format_duration(outage.duration_s),
                     outage.cause or "—")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(outage.cause or outage.reason)
                table.setItem(row, column, item)

    def _format_time(self, ts: float) -> str:
        return time.strftime("%Y-%m-%d %H:%M", time.gmtime(ts + self._offset_s))

    def _format_duration(self, seconds: float) -> str:
        minutes = round(seconds / 60)
        if minutes < 1:
            return self.tr("{0} s").format(round(seconds))
        if minutes < 60:
            return self.tr("{0} min").format(minutes)
        return self.tr("{0} h {1:02d} min").format(minutes // 60, minutes % 60)

    def _outage_clicked(self, row: int, _column: int) -> None:
        if 0 <= row < len(self._listed):
            self.zoom_to_outage(self._listed[row])

    def zoom_to_outage(self, outage: Outage) -> None:
        """Show `outage` with some time either side, read at the resolution that width calls for."""
        margin = max(60.0, outage.duration_s * OUTAGE_MARGIN)
        self.zoom_to(outage.start - margin, outage.end + margin)

    # --- crosshair and pan/zoom ----------------------------------------------------------------------------------

    def _mouse_moved(self, pos: QPointF) -> None:
        if not self._latency.sceneBoundingRect().contains(pos) and not self._loss.sceneBoundingRect().contains(pos):
            return
        x = self._latency.getViewBox().mapSceneToView(pos).x()
        for line in self._crosshair:
            line.setPos(x)
        self._readout.setText(self.readout_at(x))

    def readout_at(self, x: float) -> str:
        """The read-out for time `x`: local time, each line's rtt and loss at x, and the primary site's state."""
        local = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(x + self._offset_s))
        parts = [local]
        for spec, series in self._data.series:
            if not len(series):
                continue
            # The round at or before x, or the bucket holding it (a bucket's time is its start).
            i = int(np.searchsorted(series.t, x, side="right")) - 1
            if i < 0:
                continue
            rtt, loss = series.rtt_avg[i], series.loss[i]
            rtt_text = "—" if np.isnan(rtt) else f"{rtt:.1f} ms"
            loss_text = "—" if np.isnan(loss) else f"{loss:.1f} %"
            parts.append(self.tr("{0}: {1}, loss {2}").format(spec.label, rtt_text, loss_text))
        state = next((s.state for s in self._data.segments if s.start <= x < s.end), None)
        if state is not None:
            parts.append(state_label(state))
        return " · ".join(parts)

    def zoom_to(self, start: float, end: float) -> None:
        """Show [start, end] as a pan or zoom by hand would: at once from the data loaded, then read again at the
        resolution the new width calls for."""
        self._latency.setXRange(start, end, padding=0)
        self._refetch.start()

    def _view_moved(self, *_: object) -> None:
        if not self._programmatic:
            self._refetch.start()

    def _fetch_view(self) -> None:
        start, end = self._latency.getViewBox().viewRange()[0]
        if end > start:
            self.set_custom_range(start, end)

    # --- reading back and export -------------------------------------------------------------------------------

    def data(self) -> GraphData:
        return self._data

    def view_range(self) -> tuple[float, float]:
        start, end = self._latency.getViewBox().viewRange()[0]
        return float(start), float(end)

    def curve_data(self, index: int = 0) -> tuple[np.ndarray, np.ndarray]:
        """The (t, rtt avg) the index-th line (sites first, then references) was last given."""
        return self._lines[index].data()

    def line_labels(self) -> list[str]:
        """The legend's entries, in line order."""
        return [spec.label for spec in self._all_specs()]

    def outage_spans(self) -> list[tuple[float, float]]:
        """The shaded outage spans now shown."""
        spans: list[tuple[float, float]] = []
        for region in self._regions:
            if region.isVisible():
                start, end = region.getRegion()
                spans.append((float(start), float(end)))
        return spans

    def outage_table(self) -> QTableWidget:
        return self._outage_table

    def state_bars(self) -> list[tuple[float, float, HealthState]]:
        return [(s.start, s.end, s.state) for s in self._data.segments]

    def uptime_text(self) -> str:
        return self._uptime_label.text()

    def message(self) -> str:
        """The last export or read error (or confirmation) shown under the graphs."""
        return self._message.text()

    def visible_series(self) -> list[tuple[str, HistorySeries]]:
        """Each line's data within the x range now in view."""
        start, end = self.view_range()
        return [(spec.label, series.between(start, end)) for spec, series in self._data.series]

    def export_csv(self, path: Path) -> int:
        """Write the visible data as CSV (times in the network's zone); returns the number of rows. Raises
        OSError when the file cannot be written."""
        return _write_csv(Path(path), self.visible_series(), self._offset_s)

    def export_png(self, path: Path) -> None:
        """Write the plots as a PNG image. Raises OSError when the file cannot be written."""
        _save_image(self.render_image(), Path(path))

    def render_image(self) -> QImage:
        """The plots as an image, at their size on screen."""
        exporter = pyqtgraph.exporters.ImageExporter(self._layout.ci)
        image: QImage = exporter.export(toBytes=True)
        return image

    def _export_clicked(self, kind: Literal["png", "csv"]) -> None:
        path = self._ask_export_path(kind)
        if path is None:
            return
        # What is on screen is taken now, on the GUI thread; only the write goes to a worker.
        if kind == "csv":
            series, offset = self.visible_series(), self._offset_s
            self.export_in_background(lambda: _write_csv(path, series, offset), path)
        else:
            image = self.render_image()
            self.export_in_background(lambda: _save_image(image, path), path)

    def _ask_export_path(self, kind: Literal["png", "csv"]) -> Path | None:
        """Ask where to save; None when the user cancels."""
        label = self._specs[0].label if self._specs else "pantau"
        stamp = time.strftime("%Y%m%d-%H%M", time.gmtime(self._clock() + self._offset_s))
        suggested = f"{label}-{stamp}.{kind}".replace(" ", "_").replace("/", "_")
        title = self.tr("Save the graph as PNG") if kind == "png" else self.tr("Save the data as CSV")
        filter_text = self.tr("PNG images (*.png)") if kind == "png" else self.tr("CSV files (*.csv)")
        return ask_save_path(self, title, suggested, filter_text)

    def export_in_background(self, write: Callable[[], object], path: Path) -> None:
        """Run `write` on a worker; say in the widget where it went or why it failed."""
        self._show_message(self.tr("Saving {0}…").format(path))
        self._runner.submit(lambda _progress: write(), lambda _result: self._export_done(path),
                            on_error=lambda error: self._export_failed(path, error), name="pantau-graph-export")

    def _export_done(self, path: Path) -> None:
        self._show_message(self.tr("Saved {0}").format(path))
        self.exported.emit(str(path))

    def _export_failed(self, path: Path, error: Exception) -> None:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        text = self.tr("Could not save {0}: {1}").format(path, reason)
        self._show_message(text, error=True)
        self.exportFailed.emit(text)

    def _show_message(self, text: str, error: bool = False) -> None:
        self._message.setStyleSheet("color: #c62828;" if error else "")
        self._message.setText(text)
        # Hidden while empty, so the read-out has the whole line.
        self._message.setVisible(bool(text))

    def shutdown(self) -> None:
        """Stop the live timer and wait for background reads (call before closing the workspace)."""
        self._live_timer.stop()
        self._refetch.stop()
        self._runner.wait(5.0)


def _write_csv(path: Path, series: Sequence[tuple[str, HistorySeries]], offset_s: int) -> int:
    with path.open("w", encoding="utf-8", newline="") as out:
        return series_to_csv(out, series, offset_s)


def _save_image(image: QImage, path: Path) -> None:
    # QImage.save only says whether it worked; open the file first so a failure has its reason (no folder, no
    # permission) rather than a bare "could not save".
    with path.open("wb"):
        pass
    # PySide6 6.11 takes the format as str at run time, though its stubs say bytes (which it refuses).
    if not image.save(str(path), "PNG"):  # type: ignore[call-overload]
        raise OSError(f"could not write the image to {path}")


def _bar_width(t: np.ndarray) -> float:
    """The width of a bar: the usual spacing of the points, a little narrower so neighbours stay apart."""
    if t.size < 2:
        return 1.0
    return float(np.nanmedian(np.diff(t))) * 0.9

