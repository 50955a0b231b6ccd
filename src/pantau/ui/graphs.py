"""Graphs of the selected sites: latency with its min–max band, loss per round or bucket, an availability strip,
outages shaded, for the live quarter hour or a history range, one colour per compared site.

`SiteGraphs` owns the plots and when they read data. History ranges are read on a worker thread (`TaskRunner`)
through `reporting.history` (which picks raw rounds, 1-minute or 1-hour rollups by the range); the live view reads
the in-memory `LiveBuffer` on a 1 Hz timer, so it never touches the disk. Following pyqtgraph's streaming idiom,
every curve, fill and bar item is made once per compared site and fed with `setData`; pens and brushes are built
once at import; plots use peak downsampling and clip-to-view, so a 10 000-point week draws as fast as a day.

The first site of a comparison is the *primary*: its loss bars, availability strip, outages and uptime are shown
(stacking the bars of twenty sites would say nothing). The others add their latency line to the top plot.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyqtgraph as pg  # type: ignore[import-untyped]
import pyqtgraph.exporters  # type: ignore[import-untyped]
from PySide6.QtCore import QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QPainterPath
from PySide6.QtWidgets import QButtonGroup, QGraphicsPathItem, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pantau.domain.inventory import Network, TargetRole
from pantau.domain.states import HealthState
from pantau.reporting.history import (
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
)
from pantau.storage.workspace import Workspace
from pantau.ui.state_style import state_label, style
from pantau.ui.workers import TaskRunner

__all__ = ["LIVE", "PALETTE", "GraphData", "SeriesSpec", "SiteGraphs", "loss_class", "read_graph_data",
           "site_spec"]

LIVE = "live"
LIVE_INTERVAL_MS = 1000
# The live view reads the quarter hour's events (outages, states, uptime) from the workspace every this many ticks.
LIVE_EVENTS_EVERY = 10
# A manual pan or zoom waits this long for the gesture to end before it reads the range now in view.
REFETCH_DELAY_MS = 300

# One colour per compared site (Okabe–Ito, readable by the colour-blind), cycled past eight.
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#f0e442")
_LINE_PENS = tuple(pg.mkPen(colour, width=1.5) for colour in PALETTE)
_BAND_PENS = tuple(pg.mkPen(QColor(colour).red(), QColor(colour).green(), QColor(colour).blue(), 70, width=1)
                   for colour in PALETTE)
_NO_PEN = pg.mkPen(None)
_OUTAGE_BRUSH = pg.mkBrush(211, 47, 47, 45)
_LEGEND_BRUSH = pg.mkBrush(255, 255, 255, 210)
_CROSSHAIR_PEN = pg.mkPen("#555555", width=1, style=Qt.PenStyle.DashLine)

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


@dataclass(frozen=True)
class GraphData:
    """Everything one range shows: a series per compared site, and the primary site's events."""

    start: float
    end: float
    series: list[tuple[SeriesSpec, HistorySeries]]
    outages: list[Outage] = field(default_factory=list)
    segments: list[StateSegment] = field(default_factory=list)
    uptime: float | None = None


def read_graph_data(workspace: Workspace, specs: Sequence[SeriesSpec], start: float, end: float,
                    now: float) -> GraphData:
    """Read a range for `specs` from the workspace (blocks on the disk: run it on a worker thread)."""
    series = [(spec, load_series(workspace, spec.target, spec.method, start, end, now=now)) for spec in specs]
    if not specs:
        return GraphData(start, end, series)
    subject = specs[0].site
    events = [e for e in workspace.events(since=start, subject=subject) if e.started < end]
    return GraphData(start, end, series, outages(events, subject, start, end),
                     state_segments(events, subject, start, end), uptime_percent(events, subject, start, end))


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
    """The items of one compared site on the latency plot, made once and fed with new data."""

    def __init__(self, plot: pg.PlotItem, index: int) -> None:
        self.avg = pg.PlotDataItem(pen=_LINE_PENS[index % len(_LINE_PENS)], connect="finite")
        self.avg.setDownsampling(auto=True, method="peak")
        self.avg.setClipToView(True)
        self.band = QGraphicsPathItem()
        self.band.setPen(_BAND_PENS[index % len(_BAND_PENS)])
        plot.addItem(self.band, ignoreBounds=True)
        plot.addItem(self.avg)
        # Past a few overlaid sites their bands only hide each other's lines (and cost time on every update).
        self.band.setVisible(index < BANDED_SITES)

    def set_streaming(self, streaming: bool) -> None:
        """Live: every point is in view and fewer than the pixels, so clipping and downsampling would change
        nothing, yet with them on every slide of the view recomputes each curve once more. History: both on."""
        self.avg.setDownsampling(auto=not streaming, method="peak")
        self.avg.setClipToView(not streaming)

    def show(self, series: HistorySeries) -> None:
        self.avg.setData(series.t, series.rtt_avg)
        if self.band.isVisible():
            self.band.setPath(band_path(series.t, series.rtt_min, series.rtt_max))

    def remove(self, plot: pg.PlotItem) -> None:
        plot.removeItem(self.band)
        plot.removeItem(self.avg)


def loss_class(loss: np.ndarray) -> np.ndarray:
    """The index into LOSS_SCALE of each loss value (percent; NaN counts as no loss)."""
    classes: np.ndarray = np.digitize(np.nan_to_num(loss), _LOSS_EDGES, right=False)
    return classes


class SiteGraphs(QWidget):
    """Latency, loss and availability of one or more sites over a chosen range.

    `loaded` is emitted on the GUI thread each time new data is on screen. `clock` gives "now" (tests pin it).
    """

    loaded = Signal()

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
        self._range_name = LIVE
        self._data = GraphData(0.0, 0.0, [])
        self._request = 0  # the newest background read; older ones arriving late are dropped
        self._lines: list[_Lines] = []
        self._regions: list[pg.LinearRegionItem] = []
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
        self._strip.setYRange(0, 1)
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

        self._buttons = QButtonGroup(self)
        buttons = QHBoxLayout()
        for name, text in ((LIVE, self.tr("Live 15 min")), ("1h", self.tr("1 h")), ("24h", self.tr("24 h")),
                           ("7d", self.tr("7 d")), ("30d", self.tr("30 d"))):
            button = QPushButton(text)
            button.setCheckable(True)
            button.setChecked(name == LIVE)
            button.setProperty("range", name)
            button.clicked.connect(lambda _=False, n=name: self.set_range(n))
            self._buttons.addButton(button)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self._uptime_label = QLabel()
        buttons.addWidget(self._uptime_label)
        self._readout = QLabel(" ")
        self._readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box = QVBoxLayout(self)
        box.addLayout(buttons)
        box.addWidget(self._layout, 1)
        box.addWidget(self._readout)

        self._live_timer = QTimer(self)
        self._live_timer.setInterval(LIVE_INTERVAL_MS)
        self._live_timer.timeout.connect(self.refresh_live)
        self._refetch = QTimer(self)
        self._refetch.setSingleShot(True)
        self._refetch.setInterval(REFETCH_DELAY_MS)
        self._refetch.timeout.connect(self._fetch_view)

    def _add_plot(self, row: int, label: str) -> pg.PlotItem:
        # DateAxisItem counts its offset the other way round from ISO (seconds *west* of UTC).
        axis = pg.DateAxisItem(orientation="bottom", utcOffset=-self._offset_s)
        plot: pg.PlotItem = self._layout.addPlot(row=row, col=0, axisItems={"bottom": axis})
        plot.setDownsampling(auto=True, mode="peak")
        plot.setClipToView(True)
        plot.showGrid(x=True, y=True, alpha=0.2)
        plot.setMenuEnabled(False)
        if label:
            plot.setLabel("left", label)
        plot.getAxis("left").setWidth(55)
        return plot

    # --- what to show ------------------------------------------------------------------------------------------

    def set_sites(self, specs: Sequence[SeriesSpec]) -> None:
        """Show these sites (the first is the primary); reloads the current range."""
        self._specs = list(specs)
        while len(self._lines) > len(self._specs):
            self._lines.pop().remove(self._latency)
        while len(self._lines) < len(self._specs):
            self._lines.append(_Lines(self._latency, len(self._lines)))
        self._legend.clear()
        for spec, lines in zip(self._specs, self._lines, strict=True):
            self._legend.addItem(lines.avg, spec.label)
        self.set_range(self._range_name)

    def set_range(self, name: str) -> None:
        """Show a preset range ("live", "1h", "24h", "7d", "30d") ending now."""
        if name not in RANGES:
            raise ValueError(f"unknown range {name!r}")
        self._range_name = name
        for button in self._buttons.buttons():
            button.setChecked(button.property("range") == name)
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
        self._range_name = ""
        for button in self._buttons.buttons():
            button.setChecked(False)
        self._set_streaming(False)
        self._live_timer.stop()
        self._load(start, end)

    def _set_streaming(self, streaming: bool) -> None:
        for lines in self._lines:
            lines.set_streaming(streaming)

    def range_name(self) -> str:
        return self._range_name

    def _load(self, start: float, end: float) -> None:
        self._request += 1
        request = self._request
        workspace, specs, now = self._workspace, list(self._specs), self._clock()
        if workspace is None:
            self.show_data(GraphData(start, end, []))
            return
        self._runner.submit(lambda _progress: read_graph_data(workspace, specs, start, end, now),
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
        self._readout.setText(self.tr("Could not read the history: {0}").format(error))

    def refresh_live(self) -> None:
        """One live update: the last quarter hour of every compared site, from memory."""
        assert self._live is not None
        end = self._clock()
        start = end - RANGES[LIVE]
        series = [(spec, self._live.series(spec.target, spec.method, start, end)) for spec in self._specs]
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
        primary = data.series[0][1] if data.series else None
        t = primary.t if primary is not None else np.empty(0)
        loss = np.nan_to_num(primary.loss) if primary is not None else np.empty(0)
        classes = loss_class(loss)
        width = _bar_width(t)
        for index, bars in enumerate(self._loss_bars):
            mine = classes == index
            bars.setOpts(x0=t[mine], x1=t[mine] + width, height=loss[mine])
        segments = data.segments
        self._state_bars.setOpts(x0=[s.start for s in segments], x1=[s.end for s in segments],
                                 y0=[0.0] * len(segments), height=[1.0] * len(segments),
                                 brushes=[style(s.state).brush for s in segments])
        self._show_outages(data.outages)
        primary_label = data.series[0][0].label if data.series else ""
        self._uptime_label.setText(self.tr("Uptime of {0}: {1}").format(
            primary_label, "—" if data.uptime is None else f"{data.uptime:.2f} %"))
        self._programmatic = True
        try:
            self._latency.setXRange(data.start, data.end, padding=0)
        finally:
            self._programmatic = False
        self.loaded.emit()

    def _show_outages(self, spans: Sequence[Outage]) -> None:
        while len(self._regions) < len(spans):
            region = pg.LinearRegionItem(movable=False, brush=_OUTAGE_BRUSH, pen=_NO_PEN)
            region.setZValue(-10)
            self._latency.addItem(region, ignoreBounds=True)
            self._regions.append(region)
        for region, outage in zip(self._regions, spans, strict=False):
            region.setRegion((outage.start, outage.end))
            region.setToolTip(self.tr("Down {0} min: {1}").format(round(outage.duration_s / 60), outage.reason))
            region.show()
        for region in self._regions[len(spans):]:
            region.hide()

    # --- crosshair and pan/zoom ----------------------------------------------------------------------------------

    def _mouse_moved(self, pos: QPointF) -> None:
        if not self._latency.sceneBoundingRect().contains(pos) and not self._loss.sceneBoundingRect().contains(pos):
            return
        x = self._latency.getViewBox().mapSceneToView(pos).x()
        for line in self._crosshair:
            line.setPos(x)
        self._readout.setText(self.readout_at(x))

    def readout_at(self, x: float) -> str:
        """The read-out for time `x`: local time, each site's rtt and loss at x, and the primary site's state."""
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
        self.set_custom_range(start, end)

    # --- reading back and export -------------------------------------------------------------------------------

    def data(self) -> GraphData:
        return self._data

    def view_range(self) -> tuple[float, float]:
        start, end = self._latency.getViewBox().viewRange()[0]
        return float(start), float(end)

    def curve_data(self, index: int = 0) -> tuple[np.ndarray, np.ndarray]:
        """The (t, rtt avg) the index-th site's line was last given."""
        item = self._lines[index].avg
        if item.xData is None:
            return np.empty(0), np.empty(0)
        return np.asarray(item.xData), np.asarray(item.yData)

    def outage_spans(self) -> list[tuple[float, float]]:
        """The shaded outage spans now shown."""
        spans: list[tuple[float, float]] = []
        for region in self._regions:
            if region.isVisible():
                start, end = region.getRegion()
                spans.append((float(start), float(end)))
        return spans

    def state_bars(self) -> list[tuple[float, float, HealthState]]:
        return [(s.start, s.end, s.state) for s in self._data.segments]

    def uptime_text(self) -> str:
        return self._uptime_label.text()

    def visible_series(self) -> list[tuple[str, HistorySeries]]:
        """Each site's data within the x range now in view."""
        start, end = self.view_range()
        return [(spec.label, series.between(start, end)) for spec, series in self._data.series]

    def export_csv(self, path: Path) -> int:
        """Write the visible data as CSV (times in the network's zone); returns the number of rows."""
        with Path(path).open("w", encoding="utf-8", newline="") as out:
            return series_to_csv(out, self.visible_series(), self._offset_s)

    def export_png(self, path: Path) -> None:
        exporter = pyqtgraph.exporters.ImageExporter(self._layout.ci)
        exporter.export(str(path))

    def shutdown(self) -> None:
        """Stop the live timer and wait for background reads (call before closing the workspace)."""
        self._live_timer.stop()
        self._refetch.stop()
        self._runner.wait(5.0)


def _bar_width(t: np.ndarray) -> float:
    """The width of a bar: the usual spacing of the points, a little narrower so neighbours stay apart."""
    if t.size < 2:
        return 1.0
    return float(np.nanmedian(np.diff(t))) * 0.9

