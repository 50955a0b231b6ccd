"""The linked plots of the graphs, and how data is drawn on them: latency (lines, bands, shaded outages), loss bars
coloured by the loss scale, the use of the primary office's line when it is measured (SNMP: percent of its
contract, with the 90 % mark; the plot is there only then), the availability strip (states, and hatched grey
where nobody measured), and, over the shared store, the stretches whose rounds were delivered late (hatched blue
under the outages).

`GraphPlots` owns the pyqtgraph items; it reads nothing and decides nothing about what to show (that is
`graphs.SiteGraphs`). Axis titles are set by the widget in the interface language; the left axes share one width
measured from the font, so the plots' time axes line up and a title never sits on the tick labels.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pyqtgraph as pg  # type: ignore[import-untyped]
import pyqtgraph.exporters  # type: ignore[import-untyped]
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QFont, QImage

from pantau.domain.traffic import FULL_PERCENT
from pantau.reporting.availability import Span
from pantau.reporting.history import HistorySeries, Outage
from pantau.storage.store import LateStretch
from pantau.ui.graph_data import LineUse, loss_class
from pantau.ui.graph_items import (
    CROSSHAIR_PEN,
    GRID_PEN,
    LATE_BRUSH,
    LOSS_BRUSHES,
    NO_PEN,
    NOT_MONITORED_BRUSH,
    OUTAGE_BRUSH,
    LocalDateAxis,
    bar_width,
    left_axis_width,
)
from pantau.ui.state_style import style

__all__ = ["GraphPlots"]

_USE_ROW = 2
QWIDGETSIZE_MAX = 16_777_215
USE_PEN = pg.mkPen("#6a1b9a", width=1.5)
FULL_PEN = pg.mkPen("#d32f2f", width=1, style=Qt.PenStyle.DashLine)


class GraphPlots:
    """The plots in one `pg.GraphicsLayoutWidget` (`widget`), time axes in the zone `offset_s` east of UTC."""

    def __init__(self, offset_s: int) -> None:
        self.widget = pg.GraphicsLayoutWidget()
        self.widget.setBackground("w")
        self.latency = self._add_plot(0, offset_s)
        self.loss = self._add_plot(1, offset_s)
        # Row 2 is the line's use, added when the primary office's line is measured (`draw_use`).
        self.use = self._add_plot(_USE_ROW, offset_s)
        self.strip = self._add_plot(3, offset_s)
        grid = self.widget.ci.layout
        for row, stretch in enumerate((5, 2, 0, 1)):
            grid.setRowStretchFactor(row, stretch)
        for plot in (self.loss, self.use, self.strip):
            plot.setXLink(self.latency)
        self._use_curve = pg.PlotDataItem(pen=USE_PEN, connect="finite")
        self.use.addItem(self._use_curve)
        self.use.addItem(pg.InfiniteLine(pos=FULL_PERCENT, angle=0, movable=False, pen=FULL_PEN), ignoreBounds=True)
        self.use.getAxis("bottom").setStyle(showValues=False)
        # Room above and below so the 0 and 100 labels are drawn (pyqtgraph hides a label that would overflow).
        self.loss.setYRange(0, 100, padding=0.12)
        self.loss.getAxis("left").setTicks([[(0, "0"), (50, "50"), (100, "100")], []])
        self.strip.setYRange(0, 1)
        self.strip.showGrid(x=False, y=False)  # the coloured strip needs no grid over it
        # The strip keeps an empty left axis of the same width, so its time axis lines up with the plots above.
        self.strip.getAxis("left").setStyle(showValues=False)
        self.strip.getAxis("left").setTicks([[]])
        for plot in (self.latency, self.loss):
            plot.getAxis("bottom").setStyle(showValues=False)
        # One bar item per colour of the loss scale: a bar item with one brush draws all its bars in one call.
        self._loss_bars = [pg.BarGraphItem(x0=[], x1=[], height=[], pen=NO_PEN, brush=brush)
                           for brush in LOSS_BRUSHES]
        for bars in self._loss_bars:
            self.loss.addItem(bars)
        self._state_bars = pg.BarGraphItem(x0=[], x1=[], y0=[], height=[], pen=NO_PEN)
        self.strip.addItem(self._state_bars)
        every = [self.latency, self.loss, self.use, self.strip]
        self._crosshair = [pg.InfiniteLine(angle=90, movable=False, pen=CROSSHAIR_PEN) for _ in every]
        for plot, line in zip(every, self._crosshair, strict=True):
            plot.addItem(line, ignoreBounds=True)
        self._regions: list[pg.LinearRegionItem] = []
        self._late_regions: list[pg.LinearRegionItem] = []
        # The axis titles in full, shortened to the height their plot has (see `_fit_titles`).
        self._titles: dict[int, str] = {}
        for plot in (self.latency, self.loss, self.use):
            plot.getViewBox().sigResized.connect(self._fit_titles)
        self._use_shown = True
        self._show_use(False)

    def _add_plot(self, row: int, offset_s: int) -> pg.PlotItem:
        plot: pg.PlotItem = self.widget.addPlot(row=row, col=0, axisItems={"bottom": LocalDateAxis(offset_s)})
        plot.setDownsampling(auto=True, mode="peak")
        plot.setClipToView(True)
        plot.showGrid(x=True, y=True)
        # An opaque light grid of the major and minor ticks only: pyqtgraph's translucent one cost 5 ms of every
        # repaint (Qt blends each line), and at full opacity the finest tick level turns the grid into stripes.
        for side in ("left", "bottom"):
            plot.getAxis(side).setTickPen(GRID_PEN)
            plot.getAxis(side).setStyle(tickAlpha=255, maxTickLevel=1)
        plot.setMenuEnabled(False)
        # Milliseconds stay milliseconds: an SI prefix would label a loopback's 0.02 ms "20 (x0.001)".
        plot.getAxis("left").enableAutoSIPrefix(False)
        return plot

    def plots(self) -> list[pg.PlotItem]:
        """The plots shown, top to bottom."""
        return [self.latency, self.loss, *([self.use] if self._use_shown else []), self.strip]

    def time_axes(self) -> list[LocalDateAxis]:
        return [axis for plot in self.plots() if isinstance(axis := plot.getAxis("bottom"), LocalDateAxis)]

    def set_offset(self, offset_s: int) -> None:
        for axis in self.time_axes():
            axis.set_offset(offset_s)

    def set_titles(self, latency: str, loss: str, strip_tip: str, use: str = "") -> None:
        """The axis titles (and the strip's tooltip), in the interface language; the time labels follow it."""
        self._titles = {id(self.latency): latency, id(self.loss): loss, id(self.use): use}
        self._fit_titles()
        self.strip.setToolTip(strip_tip)
        for axis in self.time_axes():
            axis.relabel()

    def _fit_titles(self, *_resized: object) -> None:
        """Each rotated axis title as long as its plot is high: on a 768-pixel screen the plots are shorter than
        "Latency (ms)", and the whole titles ran into each other. Then the unit alone ("ms", "%"), else nothing;
        the whole title is always the axis's tooltip."""
        for plot in (self.latency, self.loss, self.use):
            full = self._titles.get(id(plot), "")
            axis = plot.getAxis("left")
            unit = full[full.rfind("(") + 1:-1] if full.endswith(")") and "(" in full else ""
            # Measured on the drawn label: its text item adds margins and a style of its own.
            for text in (full, unit, ""):
                if text != axis.labelText:
                    axis.setLabel(text)
                if not text or axis.label.boundingRect().width() <= axis.height():
                    break
            axis.setToolTip(full)

    def fit_axes(self, font: QFont) -> None:
        """One left-axis width for all three plots, measured in `font` (the ticks' and the titles')."""
        width = left_axis_width(font)
        for plot in (self.latency, self.loss, self.use, self.strip):
            plot.getAxis("left").setWidth(width)
        self._fit_titles()

    def draw_loss(self, series: HistorySeries | None) -> None:
        t = series.t if series is not None else np.empty(0)
        loss = np.nan_to_num(series.loss) if series is not None else np.empty(0)
        classes = loss_class(loss)
        width = bar_width(t)
        for index, bars in enumerate(self._loss_bars):
            # A bar of no loss has no height; leaving it out saves drawing thousands of empty rectangles.
            mine = (classes == index) & (loss > 0)
            bars.setOpts(x0=t[mine], x1=t[mine] + width, height=loss[mine])

    def draw_use(self, use: LineUse | None) -> None:
        """The primary office's line use under the loss bars; the plot leaves when there is none to show."""
        shown = use is not None and bool(np.isfinite(use.percent).any())
        if shown != self._use_shown:
            self._show_use(shown)
        if use is None or not shown:
            self._use_curve.setData([], [])
            return
        self._use_curve.setData(use.t, use.percent)
        top = max(100.0, float(np.nanmax(use.percent)))
        self.use.setYRange(0, top, padding=0.08)
        # The loss plot's ticks when the line stayed within its contract: a grid line per tick was stripes.
        ticks = [[(0, "0"), (50, "50"), (100, "100")], []] if top <= 100.0 else None
        self.use.getAxis("left").setTicks(ticks)

    def _show_use(self, shown: bool) -> None:
        # Collapsed rather than taken out of the layout: an axis put back kept its title where it had been.
        self.use.setVisible(shown)
        self.use.setMaximumHeight(QWIDGETSIZE_MAX if shown else 0)
        # As high as the strip: on a 768-pixel screen the latency keeps most of the room.
        self.widget.ci.layout.setRowStretchFactor(_USE_ROW, 1 if shown else 0)
        self._use_shown = shown

    def use_data(self) -> tuple[np.ndarray, np.ndarray]:
        return self._use_curve.getData()  # type: ignore[no-any-return]

    def draw_strip(self, spans: Sequence[Span]) -> None:
        brushes: list[QBrush] = [style(s.state).brush if s.state is not None else NOT_MONITORED_BRUSH
                                 for s in spans]
        self._state_bars.setOpts(x0=[s.start for s in spans], x1=[s.end for s in spans],
                                 y0=[0.0] * len(spans), height=[1.0] * len(spans), brushes=brushes)

    def draw_outages(self, shading: Sequence[tuple[QBrush, Sequence[Outage]]],
                     tooltip: Callable[[int, Outage], str]) -> None:
        """Shade outages on the latency plot: per compared office (in order), the brush and its outages;
        `tooltip(office, outage)` says what each shaded span is."""
        spans = [(brush, office, outage) for office, (brush, outages) in enumerate(shading) for outage in outages]
        while len(self._regions) < len(spans):
            region = pg.LinearRegionItem(movable=False, brush=OUTAGE_BRUSH, pen=NO_PEN)
            region.setZValue(-10)
            self.latency.addItem(region, ignoreBounds=True)
            self._regions.append(region)
        for region, (brush, office, outage) in zip(self._regions, spans, strict=False):
            region.setBrush(brush)
            region.setRegion((outage.start, outage.end))
            region.setToolTip(tooltip(office, outage))
            region.show()
        for region in self._regions[len(spans):]:
            region.hide()

    def draw_late(self, stretches: Sequence[LateStretch], tooltip: Callable[[LateStretch], str]) -> None:
        """Hatch the stretches delivered late on the latency plot, under the outages; `tooltip` says when each
        arrived."""
        while len(self._late_regions) < len(stretches):
            region = pg.LinearRegionItem(movable=False, brush=LATE_BRUSH, pen=NO_PEN)
            region.setZValue(-20)
            self.latency.addItem(region, ignoreBounds=True)
            self._late_regions.append(region)
        for region, stretch in zip(self._late_regions, stretches, strict=False):
            region.setRegion((stretch.start, stretch.end))
            region.setToolTip(tooltip(stretch))
            region.show()
        for region in self._late_regions[len(stretches):]:
            region.hide()

    def late_spans(self) -> list[tuple[float, float]]:
        """The stretches now hatched as delivered late."""
        return [(float(a), float(b)) for a, b in (r.getRegion() for r in self._late_regions if r.isVisible())]

    def outage_spans(self) -> list[tuple[float, float]]:
        spans: list[tuple[float, float]] = []
        for region in self._regions:
            if region.isVisible():
                start, end = region.getRegion()
                spans.append((float(start), float(end)))
        return spans

    def time_at(self, pos: QPointF) -> float | None:
        """The time under scene position `pos` when it is over the latency or loss plot (the crosshair moves
        there), else None."""
        if not any(plot.sceneBoundingRect().contains(pos) for plot in self.plots() if plot is not self.strip):
            return None
        x = float(self.latency.getViewBox().mapSceneToView(pos).x())
        for line in self._crosshair:
            line.setPos(x)
        return x

    def view_range(self) -> tuple[float, float]:
        start, end = self.latency.getViewBox().viewRange()[0]
        return float(start), float(end)

    def render_image(self) -> QImage:
        """The plots as an image, at their size on screen."""
        exporter = pyqtgraph.exporters.ImageExporter(self.widget.ci)
        image: QImage = exporter.export(toBytes=True)
        return image
