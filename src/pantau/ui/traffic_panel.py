"""The Bandwidth panel: what a contracted line carries, against what the contract pays for.

For the chosen link (those with an SNMP interface): in and out over the chosen range with the contracted rate as a
dashed line, the newest figures and the last hour's mean / 95th percentile / peak in a caption, and the week
heat-map of utilisation below. Gaps (failed polls, an agent restart, time nobody polled) break the lines: never a
fake zero; the caption names the newest gap's reason. A link without SNMP, or with nothing recorded yet, says so.

Data are read on a worker thread (`TaskRunner`), the live range again every poll interval; the GUI thread never
touches the disk. Every text follows a live change of language.
"""

from __future__ import annotations

import html
import time
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg  # type: ignore[import-untyped]
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QButtonGroup, QComboBox, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from pantau.domain.inventory import Link, Network
from pantau.domain.links import site_links
from pantau.domain.timezones import zone
from pantau.domain.traffic import TrafficInterval, utilisation_percent
from pantau.reporting.history import DAY, HOUR, utc_offset_s
from pantau.reporting.link_use import format_bps, merge_rollups
from pantau.reporting.traffic_series import TrafficSeries, WeekHeatmap, load_traffic, load_week_heatmap
from pantau.storage.workspace import Workspace
from pantau.ui.formats import format_moment, format_percent
from pantau.ui.graph_items import LocalDateAxis
from pantau.ui.traffic_heatmap import WeekHeatmapWidget
from pantau.ui.workers import Progress, TaskRunner

TRAFFIC_RANGES: dict[str, float] = {"1h": HOUR, "24h": DAY, "7d": 7 * DAY, "30d": 30 * DAY}
IN_PEN = pg.mkPen("#0072b2", width=1.5)
OUT_PEN = pg.mkPen("#009e73", width=1.5)
CONTRACT_PEN = pg.mkPen("#d32f2f", width=1.5, style=Qt.PenStyle.DashLine)
HEATMAP_WEEKS = 4


@dataclass(frozen=True)
class TrafficView:
    """One read of the workspace for the panel: the series, the newest interval, the last hour, the heat-map."""

    link: str
    start: float
    end: float
    series: TrafficSeries
    newest: TrafficInterval | None
    hour_mean: float | None
    hour_p95: float | None
    hour_peak: float | None
    heatmap: WeekHeatmap


def read_traffic_view(workspace: Workspace, link: Link, timezone: str, start: float, end: float) -> TrafficView:
    """Everything the panel shows for `link` over [start, end) (on a worker thread)."""
    series = load_traffic(workspace, link.id, start, end)
    newest = workspace.latest_traffic([link.id]).get(link.id)
    hour = merge_rollups(workspace.traffic_rollups(link.id, "1m", end - HOUR, end))
    heatmap = load_week_heatmap(workspace, link.id, link.bandwidth_kbps, zone(timezone), end, HEATMAP_WEEKS)
    return TrafficView(link.id, start, end, series, newest, hour.mean_bps if hour else None,
                       hour.p95_bps if hour else None, hour.peak_bps if hour else None, heatmap)


class TrafficPanel(QWidget):
    """The Bandwidth panel of one network; `set_network` follows an import or an edit."""

    def __init__(self, network: Network, workspace: Workspace | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._network = network
        self._workspace = workspace
        self._tasks = TaskRunner(self)
        self._request = 0
        self._range = "24h"
        self._view: TrafficView | None = None

        self._title = QLabel()
        self._links = QComboBox()
        self._links.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self._links.setMinimumContentsLength(12)
        self._links.currentIndexChanged.connect(lambda _index: self.refresh())
        self._range_buttons = QButtonGroup(self)
        ranges = QHBoxLayout()
        for name in TRAFFIC_RANGES:
            button = QToolButton()
            button.setText(name)
            button.setCheckable(True)
            button.setChecked(name == self._range)
            button.clicked.connect(lambda _checked=False, chosen=name: self.set_range(chosen))
            self._range_buttons.addButton(button)
            ranges.addWidget(button)
        top = QHBoxLayout()
        top.addWidget(self._title)
        top.addWidget(self._links, 1)
        top.addLayout(ranges)

        axis = LocalDateAxis(utc_offset_s(network.timezone, time.time()))
        self._plot_widget = pg.PlotWidget(axisItems={"bottom": axis})
        self._plot_widget.setBackground("w")
        self._plot = self._plot_widget.getPlotItem()
        self._plot.showGrid(x=True, y=True, alpha=0.3)
        # Rates with an SI prefix on the axis ("8 Mbit/s"), never "8e+06".
        self._plot.getAxis("left").enableAutoSIPrefix(True)
        self._plot.setMouseEnabled(x=True, y=False)
        self._in = pg.PlotDataItem(pen=IN_PEN, connect="finite")
        self._out = pg.PlotDataItem(pen=OUT_PEN, connect="finite")
        for curve in (self._in, self._out):
            curve.setDownsampling(auto=True, method="peak")
            curve.setClipToView(True)
            self._plot.addItem(curve)
        self._contract = pg.InfiniteLine(angle=0, movable=False, pen=CONTRACT_PEN)
        self._plot.addItem(self._contract)
        self._caption = QLabel()
        self._caption.setWordWrap(True)
        self._caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._heat_title = QLabel()
        self._heatmap = WeekHeatmapWidget()

        self._legend = QLabel()
        self._legend.setTextFormat(Qt.TextFormat.RichText)
        self._plot_widget.setMinimumSize(200, 80)
        self._heat_title.setWordWrap(True)
        # Side by side, so the panel fits the short bottom area of a 1366x768 screen.
        heat = QVBoxLayout()
        heat.addWidget(self._heat_title)
        heat.addWidget(self._heatmap, 1)
        body = QHBoxLayout()
        body.addWidget(self._plot_widget, 3)
        body.addLayout(heat, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self._legend)
        layout.addLayout(body, 1)
        layout.addWidget(self._caption)
        self._live_timer = QTimer(self)
        self._live_timer.timeout.connect(self.refresh)
        self.retranslate_ui()
        self._fill_links()

    # --- what is shown ------------------------------------------------------------------------------------------

    def set_network(self, network: Network) -> None:
        self._network = network
        self._fill_links()

    def measured_links(self) -> list[Link]:
        return [link for link in self._network.links if link.snmp is not None]

    def current_link(self) -> Link | None:
        link_id = self._links.currentData()
        return next((link for link in self._network.links if link.id == link_id), None)

    def select_link(self, link_id: str) -> bool:
        index = self._links.findData(link_id)
        if index >= 0:
            self._links.setCurrentIndex(index)
        return index >= 0

    def set_range(self, name: str) -> None:
        self._range = name
        for button in self._range_buttons.buttons():
            button.setChecked(button.text() == name)
        self.refresh()

    def refresh(self) -> None:
        """Read the chosen link's traffic again (on a worker thread)."""
        link = self.current_link()
        self._request += 1
        if link is None or self._workspace is None:
            self._live_timer.stop()
            self._show(None)
            return
        workspace, request, timezone = self._workspace, self._request, self._network.timezone
        end = time.time()
        start = end - TRAFFIC_RANGES[self._range]
        assert link.snmp is not None
        self._live_timer.start(int(max(5.0, link.snmp.interval_s) * 1000))

        def read(_progress: Progress) -> TrafficView:
            return read_traffic_view(workspace, link, timezone, start, end)

        self._tasks.submit(read, lambda view: self._loaded(request, view), on_error=self._failed,
                           name="pantau-traffic-read")

    def _loaded(self, request: int, view: TrafficView) -> None:
        if request == self._request:
            self._show(view)

    def _failed(self, error: Exception) -> None:
        self._caption.setText(self.tr("Could not read the traffic: %1").replace("%1", str(error)))

    def _fill_links(self) -> None:
        chosen = self._links.currentData()
        self._links.blockSignals(True)
        self._links.clear()
        links = site_links(self._network)
        for link in self.measured_links():
            site = self._network.site(links.subject(link))
            where = site.name if site is not None else link.id
            self._links.addItem(f"{where} — {link.provider} · {format_bps(link.bandwidth_kbps * 1000)}", link.id)
        index = self._links.findData(chosen)
        self._links.setCurrentIndex(index if index >= 0 else 0)
        self._links.blockSignals(False)
        self.refresh()

    def _show(self, view: TrafficView | None) -> None:
        self._view = view
        link = self.current_link()
        if view is None or link is None:
            self._in.setData([], [])
            self._out.setData([], [])
            self._contract.setVisible(False)
            self._heatmap.set_heatmap(None)
            self._caption.setText(self.tr("No link has an SNMP interface set up: add [links.snmp] to a link in the "
                                          "network file (see docs/snmp.md).") if not self.measured_links() else
                                  self.tr("No workspace: nothing is recorded."))
            return
        series = view.series
        self._in.setData(series.t, series.in_bps)
        self._out.setData(series.t, series.out_bps)
        self._contract.setValue(link.bandwidth_kbps * 1000)
        self._contract.setVisible(True)
        peak = np.nanmax(np.concatenate([series.in_bps, series.out_bps, [link.bandwidth_kbps * 1000]]))
        self._plot.setXRange(view.start, view.end, padding=0)
        self._plot.setYRange(0, float(peak) * 1.1, padding=0)
        self._heatmap.set_heatmap(view.heatmap)
        self._caption.setText(self.caption_text())

    # --- reading it -------------------------------------------------------------------------------------------------

    def view(self) -> TrafficView | None:
        return self._view

    def curves(self) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
        return self._in.getData(), self._out.getData()

    def contract_line(self) -> float | None:
        return float(self._contract.value()) if self._contract.isVisible() else None

    def heatmap_widget(self) -> WeekHeatmapWidget:
        return self._heatmap

    def caption(self) -> str:
        return self._caption.text()

    def caption_text(self) -> str:
        view, link = self._view, self.current_link()
        if view is None or link is None:
            return ""
        contract = format_bps(link.bandwidth_kbps * 1000)
        newest = view.newest
        if newest is None:
            return self.tr("Contract %1. Nothing recorded yet: the traffic is read while Pantau monitors.") \
                .replace("%1", contract)
        when = format_moment(newest.end, self._network.timezone)
        if newest.in_bps is None or newest.out_bps is None:
            now = self.tr("No figure at %1: %2").replace("%1", when).replace("%2", newest.problem or "")
        else:
            use = utilisation_percent(max(newest.in_bps, newest.out_bps), link.bandwidth_kbps)
            now = self.tr("In %1, out %2 at %3: %4 of the contracted %5").replace("%1", format_bps(newest.in_bps)) \
                .replace("%2", format_bps(newest.out_bps)).replace("%3", when) \
                .replace("%4", format_percent(use, 0)).replace("%5", contract)
        if view.hour_mean is None or view.hour_p95 is None or view.hour_peak is None:
            return now
        shares = [format_percent(utilisation_percent(value, link.bandwidth_kbps), 0)
                  for value in (view.hour_mean, view.hour_p95, view.hour_peak)]
        hour = self.tr("Last hour: mean %1, 95th percentile %2, peak %3").replace("%1", shares[0]) \
            .replace("%2", shares[1]).replace("%3", shares[2])
        return f"{now}. {hour}."

    # --- language ---------------------------------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self._title.setText(self.tr("Line:"))
        self._plot.setLabel("left", self.tr("Traffic"), units="bit/s")
        entries = ((IN_PEN, "━", self.tr("In")), (OUT_PEN, "━", self.tr("Out")),
                   (CONTRACT_PEN, "╌", self.tr("Contracted rate")))
        self._legend.setText("&nbsp;&nbsp;".join(f'<span style="color:{pen.color().name()}">{mark} {html.escape(name)}'
                                                 "</span>" for pen, mark, name in entries))
        self._heat_title.setText(self.tr("Mean use by weekday and hour over the last %1 weeks, local time")
                                 .replace("%1", str(HEATMAP_WEEKS)))
        self._heatmap.update()
        if self._view is not None:
            self._caption.setText(self.caption_text())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
