"""The pyqtgraph pieces of the graphs: colours and pens, the latency line of one compared office with its min–max
band, the time axis written in the interface language, and axis widths measured from the font.

Following pyqtgraph's streaming idiom, a line's items are made once and fed with `setData`; pens and brushes are
built once at import.
"""

from __future__ import annotations

import warnings
from datetime import UTC, datetime, timedelta

import numpy as np
import pyqtgraph as pg  # type: ignore[import-untyped]
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QImage, QPainterPath
from PySide6.QtWidgets import QGraphicsPathItem

from pantau.domain.inventory import TargetRole
from pantau.reporting.history import HistorySeries
from pantau.ui.formats import short_month
from pantau.ui.graph_data import LOSS_SCALE

__all__ = ["PALETTE", "REFERENCE_COLOURS", "LineItems", "LocalDateAxis", "band_path", "bar_width",
           "left_axis_width", "save_image"]

# One colour per compared site (Okabe–Ito, readable by the colour-blind), cycled past eight.
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#f0e442")
LINE_PENS = tuple(pg.mkPen(colour, width=1.5) for colour in PALETTE)
BAND_PENS = tuple(pg.mkPen(QColor(colour).red(), QColor(colour).green(), QColor(colour).blue(), 70, width=1)
                  for colour in PALETTE)
NO_PEN = pg.mkPen(None)
OUTAGE_BRUSH = pg.mkBrush(211, 47, 47, 45)
# A compared office's outages are shaded in its line's colour, as translucent as the single office's red.
OUTAGE_BRUSHES = tuple(pg.mkBrush(QColor(colour).red(), QColor(colour).green(), QColor(colour).blue(), 45)
                       for colour in PALETTE)
CROSSHAIR_PEN = pg.mkPen("#555555", width=1, style=Qt.PenStyle.DashLine)
GRID_PEN = pg.mkPen("#e6e6e6")
# The pinned reference lines: dashed, in colours outside the site palette.
REFERENCE_COLOURS = {TargetRole.SERVER: "#3a3a3a", TargetRole.ISP_GATEWAY: "#8e24aa"}
REFERENCE_PENS = {role: pg.mkPen(colour, width=1.5, style=Qt.PenStyle.DashLine)
                  for role, colour in REFERENCE_COLOURS.items()}
LOSS_BRUSHES = tuple(QBrush(QColor(colour)) for _, colour in LOSS_SCALE)
# Time nobody measured, on the availability strip: a light grey band, hatched so it never reads as a state.
NOT_MONITORED_BRUSH = QBrush(QColor("#9e9e9e"), Qt.BrushStyle.BDiagPattern)
# Rounds that reached the shared store late (a back-fill): hatched the other way and in blue, under the outages' red.
LATE_COLOUR = "#3f51b5"
LATE_BRUSH = QBrush(QColor(LATE_COLOUR), Qt.BrushStyle.FDiagPattern)

# Past this many points the band is reduced to this many buckets (lowest min, highest max of each), as peak
# downsampling does for the lines: a screen is not wider than that.
BAND_MAX_POINTS = 2000


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


class LineItems:
    """The items of one line on the latency plot (a compared site or a reference), made once and fed new data.

    Two line items, one shown at a time: the live view feeds a bare `PlotCurveItem` (a `PlotDataItem`'s
    bookkeeping cost 0.1 ms a curve on every update, most of the live budget with twenty sites), history a
    `PlotDataItem`, whose peak downsampling and clip-to-view keep a month of minutes fast. The legend's entry
    shows or hides the line and its band (`set_wanted`).
    """

    def __init__(self, plot: pg.PlotItem, pen: pg.QtGui.QPen, band_pen: pg.QtGui.QPen | None) -> None:
        self.avg = pg.PlotDataItem(pen=pen, connect="finite")
        self.avg.setDownsampling(auto=True, method="peak")
        self.avg.setClipToView(True)
        self.live = pg.PlotCurveItem(pen=pen, connect="finite")
        self.band = QGraphicsPathItem()
        self.banded = band_pen is not None
        if band_pen is not None:
            self.band.setPen(band_pen)
        plot.addItem(self.band, ignoreBounds=True)
        plot.addItem(self.avg)
        plot.addItem(self.live)
        self.streaming = False
        self.wanted = True
        self._follow()

    def _follow(self) -> None:
        self.avg.setVisible(self.wanted and not self.streaming)
        self.live.setVisible(self.wanted and self.streaming)
        self.band.setVisible(self.wanted and self.banded)

    def set_wanted(self, wanted: bool) -> None:
        self.wanted = wanted
        self._follow()

    def set_streaming(self, streaming: bool) -> None:
        if streaming == self.streaming:
            return
        self.streaming = streaming
        (self.avg if streaming else self.live).setData([], [])
        self._follow()

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


class LocalDateAxis(pg.DateAxisItem):  # type: ignore[misc]
    """pyqtgraph's time axis with its month and day labels in the interface language ("5 Des", not "Sat 05").

    `offset_s` is the network's offset east of UTC (pyqtgraph's own `utcOffset` counts the other way round).
    """

    def __init__(self, offset_s: int) -> None:
        super().__init__(orientation="bottom", utcOffset=-offset_s)
        self.offset_s = offset_s

    def set_offset(self, offset_s: int) -> None:
        self.offset_s = offset_s
        self.utcOffset = -offset_s
        self.relabel()

    def relabel(self) -> None:
        """Draw the labels again (after a change of language or zone)."""
        self.picture = None
        self.update()

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        spec = next((s for s in self.zoomLevel.tickSpecs if s.spacing == spacing), None)
        if spec is None or not any(code in spec.format for code in ("%b", "%a", "%d")) or "%H" in spec.format:
            strings: list[str] = super().tickStrings(values, scale, spacing)
            return strings
        labels = []
        for value in values:
            local = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=value + self.offset_s)
            if spec.format == "%b":
                labels.append(short_month(local.month))
            else:  # a day: "5 Des" in both languages
                labels.append(f"{local.day} {short_month(local.month)}" if "%a" in spec.format else str(local.day))
        return labels


def left_axis_width(font: QFont, widest_tick: str = "00000") -> int:
    """The width of a left axis whose tick labels are at most `widest_tick` wide and whose title is drawn
    rotated beside them: measured in `font`, so the title never sits on the numbers at any font size or DPI."""
    metrics = QFontMetrics(font)
    # tick labels, the rotated title's line height, and pyqtgraph's tick length and text offsets either side
    return metrics.horizontalAdvance(widest_tick) + metrics.height() + 5 + 2 * 4 + 6


def bar_width(t: np.ndarray) -> float:
    """The width of a bar: the usual spacing of the points, a little narrower so neighbours stay apart."""
    if t.size < 2:
        return 1.0
    return float(np.nanmedian(np.diff(t))) * 0.9


def save_image(image: QImage, path: object) -> None:
    # QImage.save only says whether it worked; open the file first so a failure has its reason (no folder, no
    # permission) rather than a bare "could not save".
    with open(str(path), "wb"):
        pass
    # PySide6 6.11 takes the format as str at run time, though its stubs say bytes (which it refuses).
    if not image.save(str(path), "PNG"):  # type: ignore[call-overload]
        raise OSError(f"could not write the image to {path}")
