"""Graphs of the selected offices: latency with its min–max band, loss per round or bucket, an availability strip,
outages shaded, for the live quarter hour or a history range, one colour per compared office.

`SiteGraphs` owns the plots and when they read data. History ranges are read on a worker thread (`TaskRunner`)
through `graph_data.read_graph_data`, from the workspace or, after `set_history`, from the shared store as seen
from the vantage chosen in "Seen from" (`graph_history`), its stretches delivered late hatched. The live view reads
the in-memory `LiveBuffer` on a 1 Hz timer, so it never touches the disk (after a restart, the rounds the workspace
holds from the last hour are put under the live ones once, on a worker, as each office is first shown). Plots use
peak downsampling and clip-to-view, so a 10 000-point week draws as fast as a day.

The first office of a comparison is the *primary*: its loss bars and availability strip are drawn (stacking the bars
of twenty offices would say nothing); the strip shows time nobody measured as a hatched grey "not monitored" band,
never as up. Every compared office's outages are shaded on the latency plot in its line's colour (a single office's
in red), and listed with its uptime beside the plots (`outage_list.OutagePanel`); every line has an entry in the
legend above the plots (`graph_legend`). The
network's central server and ISP gateway can be pinned as dashed reference lines. Exports (PNG of the plots, CSV of
the data in view) are written on a worker thread; a failed write is reported in the widget. Every text follows a
live change of language (`retranslate_ui`), and times and numbers are written through `ui.formats`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
from PySide6.QtCore import QEvent, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from pantau.domain.inventory import Network, TargetRole
from pantau.domain.states import HealthState
from pantau.reporting.history import DAY, HOUR, RANGES, HistorySeries, LiveBuffer, Outage, series_to_csv, utc_offset_s
from pantau.storage.workspace import Workspace
from pantau.ui.file_dialogs import ask_save_path
from pantau.ui.graph_controls import CustomRangeRow, GraphToolbar
from pantau.ui.graph_data import (
    GraphData,
    SeriesSpec,
    loss_class,
    measured_line,
    read_graph_data,
    reference_spec,
    site_spec,
    specs_for_sites,
)
from pantau.ui.graph_history import HistorySource, ReaderFactory
from pantau.ui.graph_items import (
    BAND_PENS,
    LATE_BRUSH,
    LINE_PENS,
    OUTAGE_BRUSH,
    OUTAGE_BRUSHES,
    PALETTE,
    REFERENCE_COLOURS,
    REFERENCE_PENS,
    LineItems,
    save_image,
)
from pantau.ui.graph_legend import GraphLegend
from pantau.ui.graph_plots import GraphPlots
from pantau.ui.graph_readout import late_text, readout
from pantau.ui.incident_actions import IncidentActions
from pantau.ui.outage_list import OutagePanel
from pantau.ui.workers import TaskRunner

__all__ = ["LIVE", "PALETTE", "GraphData", "SeriesSpec", "SiteGraphs", "loss_class", "read_graph_data",
           "reference_spec", "site_spec", "specs_for_sites"]

LIVE = "live"
LIVE_INTERVAL_MS = 1000
# The live view reads the quarter hour's events (outages, states) from the workspace every this many ticks.
LIVE_EVENTS_EVERY = 10
# A manual pan or zoom waits this long for the gesture to end before it reads the range now in view.
REFETCH_DELAY_MS = 300
# The outage list's first width beside the plots (the user can drag the splitter).
OUTAGE_LIST_WIDTH = 420
# Clicking an outage shows it with this share of its length (at least a minute) either side.
OUTAGE_MARGIN = 0.25
# Only the first this many compared sites get a band: past a few, bands only hide each other's lines.
BANDED_SITES = 3


class SiteGraphs(QWidget):
    """Latency, loss and availability of one or more offices over a chosen range, with their outages.

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
        self._source = HistorySource(workspace)
        self._late_shown = True
        self._live = live
        self._runner = runner or TaskRunner(self)
        self._clock = clock
        self._specs: list[SeriesSpec] = []
        self._references: list[tuple[TargetRole, SeriesSpec]] = []
        self._range_name = LIVE
        self._custom = (0.0, 0.0)
        self._data = GraphData(0.0, 0.0, [])
        self._request = 0  # the newest background read; older ones arriving late are dropped
        self._lines: list[LineItems] = []
        self._programmatic = False
        self._live_ticks = 0
        self._backfilled: set[tuple[str, str]] = set()

        self._offset_s = utc_offset_s(network.timezone, clock())
        self._plots = GraphPlots(self._offset_s)
        self._layout = self._plots.widget
        self._latency = self._plots.latency
        self._layout.scene().sigMouseMoved.connect(self._mouse_moved)
        self._latency.getViewBox().sigRangeChangedManually.connect(self._view_moved)

        box = QVBoxLayout(self)
        self._toolbar = GraphToolbar()
        self._toolbar.rangeChosen.connect(self.set_range)
        self._toolbar.customToggled.connect(self._toggle_custom_row)
        self._toolbar.referencesToggled.connect(self._rebuild)
        self._toolbar.exportAsked.connect(self._export_clicked)
        self._toolbar.vantageChosen.connect(self._choose_vantage)
        self._toolbar.set_network(network)
        box.addWidget(self._toolbar)
        self._custom_row = CustomRangeRow(self._offset_s)
        self._custom_row.applied.connect(self._apply_custom)
        self._custom_row.hide()
        box.addWidget(self._custom_row)
        self._legend = GraphLegend()
        self._legend.toggled.connect(lambda index, shown: self._lines[index].set_wanted(shown))
        self._legend.shadingToggled.connect(self._show_late)
        box.addWidget(self._legend)
        # The outage list beside the plots, not under them: the graphs live in a wide, low dock, where a list
        # below would leave the plots a few pixels high.
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._layout)
        self._outages = OutagePanel(network.timezone)
        self._outages.outageChosen.connect(self.zoom_to_outage)
        incidents = IncidentActions(self._outages, workspace, self._runner, lambda: self._network, clock)
        incidents.recordWritten.connect(lambda path, _pages: self._export_done(Path(path)))
        incidents.failed.connect(lambda text: self._show_message(text, error=True))
        incidents.failed.connect(self.exportFailed)
        splitter.addWidget(self._outages)
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

        self._live_timer = QTimer(self)
        self._live_timer.setInterval(LIVE_INTERVAL_MS)
        self._live_timer.timeout.connect(self.refresh_live)
        self._refetch = QTimer(self)
        self._refetch.setSingleShot(True)
        self._refetch.setInterval(REFETCH_DELAY_MS)
        self._refetch.timeout.connect(self._fetch_view)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Every text of the graphs in the current language (again on Qt's LanguageChange)."""
        self._plots.set_titles(self.tr("Latency (ms)"), self.tr("Loss (%)"),
                               self.tr("Availability: the office's state; hatched grey where nobody measured "
                                       "(Pantau was not running)"), self.tr("Line use (%)"))
        self._references = [(role, replace(spec, label=self._toolbar.reference_label(role)))
                            for role, spec in self._references]
        for index, (_, spec) in enumerate(self._references, start=len(self._specs)):
            self._legend.set_label(index, spec.label)
        self._plots.fit_axes(self.font())
        self._outages.retranslate_ui()
        if self._data.end > self._data.start:
            self._show_outages(self._data)
            self._show_late()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        elif event.type() == QEvent.Type.FontChange:
            self._plots.fit_axes(self.font())
        super().changeEvent(event)

    # --- what to show ------------------------------------------------------------------------------------------

    def set_network(self, network: Network) -> None:
        """Show sites of `network` from now on (its time zone, retention and reference targets); the shown sites
        are cleared until `set_sites`."""
        self._network = network
        self._offset_s = utc_offset_s(network.timezone, self._clock())
        self._plots.set_offset(self._offset_s)
        self._custom_row.set_offset(self._offset_s)
        self._outages.set_timezone(network.timezone)
        self._toolbar.set_network(network)
        self._specs = []
        self._rebuild()

    def set_history(self, reader_factory: ReaderFactory | None, vantages: Sequence[str], default: str,
                    live_vantage: str = "") -> None:
        """Read the history from the shared store: `reader_factory(vantage)` (called on the reading thread) gives
        one vantage's history, `vantages` are offered in "Seen from" with `default` chosen; the live buffer stands
        for `live_vantage` only. A factory of None reads the workspace again."""
        self._source = HistorySource(self._workspace, reader_factory, list(vantages) if reader_factory else [],
                                     default if reader_factory else "", live_vantage)
        self._toolbar.set_vantages(list(self._source.vantages), default)
        # An outage's number is its row in the log it came from: the incident record reads the workspace's log,
        # so it would describe another outage than the store's one listed.
        self._outages.set_records_possible(reader_factory is None and self._workspace is not None)
        self._reload()

    def vantage(self) -> str:
        """The vantage whose rounds are drawn ("" over the workspace)."""
        return self._source.vantage

    def _choose_vantage(self, vantage: str) -> None:
        self._source.vantage = vantage
        self._reload()

    def set_sites(self, specs: Sequence[SeriesSpec]) -> None:
        """Show these sites (the first is the primary); reloads the current range."""
        self._specs = list(specs)
        self._rebuild()

    def set_references(self, server: bool, isp: bool) -> None:
        """Pin (or unpin) the central server's and the ISP gateway's latency as dashed reference lines."""
        self._toolbar.set_references(server, isp)
        self._rebuild()

    def references(self) -> tuple[bool, bool]:
        """Whether the server and the ISP gateway are pinned (as asked: a network without one shows no line)."""
        return self._toolbar.server_box.isChecked(), self._toolbar.isp_box.isChecked()

    def _reference_specs(self) -> list[tuple[TargetRole, SeriesSpec]]:
        if not self._specs:
            return []
        shown = {spec.target for spec in self._specs}
        references: list[tuple[TargetRole, SeriesSpec]] = []
        for box, role in self._toolbar.reference_boxes():
            spec = reference_spec(self._network, role, self._toolbar.reference_label(role)) if box.isChecked() else None
            # A reference that is one of the compared sites' own line would only draw it twice.
            if spec is not None and spec.target not in shown:
                references.append((role, spec))
        return references

    def _rebuild(self) -> None:
        """Make the line items and legend entries for the sites and references now asked for, then read the
        current range."""
        self._references = self._reference_specs()
        for lines in self._lines:
            lines.remove(self._latency)
        self._lines = []
        entries: list[tuple[str, str, bool]] = []
        for index, spec in enumerate(self._specs):
            band = BAND_PENS[index % len(BAND_PENS)] if index < BANDED_SITES else None
            self._lines.append(LineItems(self._latency, LINE_PENS[index % len(LINE_PENS)], band))
            entries.append((spec.label, PALETTE[index % len(PALETTE)], False))
        for role, spec in self._references:
            self._lines.append(LineItems(self._latency, REFERENCE_PENS[role], None))
            entries.append((spec.label, REFERENCE_COLOURS[role], True))
        self._legend.set_entries(entries)
        self._backfill_live()
        self._reload()

    def _backfill_live(self) -> None:
        """Once per check: put the rounds the workspace holds from the live buffer's hour under the live ones,
        on a worker, so the live view after a restart shows the minutes before it."""
        live, workspace = self._source.live(self._live), self._workspace
        wanted = [(s.target, s.method) for s in self._all_specs() if (s.target, s.method) not in self._backfilled]
        if live is None or workspace is None or not wanted:
            return
        self._backfilled.update(wanted)
        end = self._clock()

        def read(_progress: object) -> int:
            samples = [s for target, method in wanted for s in workspace.samples(target, end - HOUR, end, method)]
            return live.backfill(samples)

        self._runner.submit(read, lambda taken: self._backfill_done(taken), on_error=self._failed,
                            name="pantau-graph-backfill")

    def _backfill_done(self, taken: int) -> None:
        if taken and self._range_name == LIVE and self._live is not None:
            self.refresh_live()

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
        live = self._source.live(self._live)
        self._set_streaming(name == LIVE and live is not None)
        # Over the store, a vantage without a live buffer here has its quarter hour read again on the timer.
        if name == LIVE and (live is not None or self._source.from_store):
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
        self._toolbar.check_range(name)

    def _set_streaming(self, streaming: bool) -> None:
        for lines in self._lines:
            lines.set_streaming(streaming)

    def range_name(self) -> str:
        """The preset range shown, or "" for a custom one."""
        return self._range_name

    # --- the custom range --------------------------------------------------------------------------------------

    def _toggle_custom_row(self, shown: bool) -> None:
        if shown:
            start, end = self.view_range() if self._data.end > self._data.start else (
                self._clock() - DAY, self._clock())
            self._custom_row.show_range(start, end)
        self._custom_row.setVisible(shown)

    def custom_edits(self) -> tuple[QDateTimeEdit, QDateTimeEdit]:
        """The From and To editors of the custom range (tests and the main window's shortcuts use them)."""
        return self._custom_row.edits()

    def _apply_custom(self, start: float, end: float) -> None:
        if end <= start:
            self._show_message(self.tr("The end of the range must come after its start."), error=True)
            return
        self._show_message("")
        self.set_custom_range(start, end)

    # --- reading -----------------------------------------------------------------------------------------------

    def _load(self, start: float, end: float) -> None:
        self._request += 1
        request = self._request
        reader, specs, now = self._source.reader(), self._all_specs(), self._clock()
        if reader is None:
            self.show_data(GraphData(start, end, []))
            return
        settings = self._network.monitoring
        raw_s, minute_s = settings.raw_retention_days * DAY, settings.minute_rollup_retention_days * DAY
        roles = {spec.site: frozenset(t.role for t in self._network.targets_of(spec.site)) for spec in self._specs}
        offices = len(self._specs)
        line = measured_line(self._network, self._specs[0].site, now) if self._specs else None
        self._runner.submit(lambda _progress: read_graph_data(reader(), specs, start, end, now, offices=offices,
                                                              roles_of=roles, raw_retention_s=raw_s,
                                                              minute_retention_s=minute_s, line=line),
                            lambda data: self._loaded(request, data), on_error=self._failed,
                            name="pantau-graph-read")

    def _loaded(self, request: int, data: GraphData) -> None:
        if request != self._request:
            return
        if self._range_name == LIVE and self._source.live(self._live) is not None:
            # In the live view the lines come from memory; the read brought the events of the quarter hour.
            current = self._data
            data = data.with_series(current.start, current.end, current.series)
        self.show_data(data)

    def _failed(self, error: Exception) -> None:
        self._show_message(self.tr("Could not read the history: {0}").format(error), error=True)

    def refresh_live(self) -> None:
        """One live update: the last quarter hour of every compared site, from memory (from the store every
        LIVE_EVENTS_EVERY ticks for a vantage with no live buffer here)."""
        live = self._source.live(self._live)
        end = self._clock()
        start = end - RANGES[LIVE]
        reread = self._live_ticks % LIVE_EVENTS_EVERY == 0 and self._source.reader() is not None
        self._live_ticks += 1
        if reread:
            self._load(start, end)
        if live is None:
            return
        series = [(spec, live.series(spec.target, spec.method, start, end)) for spec in self._all_specs()]
        previous = self._data
        self.show_data(previous.with_series(start, end, series))

    # --- drawing -----------------------------------------------------------------------------------------------

    def show_data(self, data: GraphData) -> None:
        """Draw `data` now (the background reads and the live timer end here)."""
        self._data = data
        for (_, series), lines in zip(data.series, self._lines, strict=False):
            lines.show(series)
        self._plots.draw_loss(data.series[0][1] if data.series and self._specs else None)
        self._plots.draw_strip(data.primary.availability.spans if data.primary is not None else [])
        self._plots.draw_use(data.use)
        self._show_outages(data)
        self._show_late()
        self._programmatic = True
        try:
            self._latency.setXRange(data.start, data.end, padding=0)
        finally:
            self._programmatic = False
        if not self._range_name and self._custom_row.isVisible():
            self._custom_row.show_range(data.start, data.end)
        self.loaded.emit()

    def _show_outages(self, data: GraphData) -> None:
        """Shade the outages: one office's in red; of compared offices, each office's in its line's colour,
        the office named in the tooltip (the list beside the plots names them too)."""
        offices = data.offices
        compared = len(offices) > 1

        def tooltip(office: int, outage: Outage) -> str:
            text = self.tr("Down {0}: {1}").format(self._outages.duration(outage.duration_s),
                                                   outage.cause or outage.reason)
            return f"{offices[office].spec.label}: {text}" if compared else text

        self._plots.draw_outages([(OUTAGE_BRUSHES[index % len(OUTAGE_BRUSHES)] if compared else OUTAGE_BRUSH,
                                   office.outages) for index, office in enumerate(offices)], tooltip)
        self._outages.show_data(data)

    def _show_late(self, shown: bool | None = None) -> None:
        """Hatch the stretches that reached the store late (when their legend entry is checked); the entry is
        there while some are in range."""
        self._late_shown = self._late_shown if shown is None else shown
        late = self._data.late
        self._legend.set_shading(self.tr("delivered late"), LATE_BRUSH if late else None)
        self._plots.draw_late(late if self._late_shown else (),
                              lambda stretch: late_text(stretch, self._network.timezone))

    def zoom_to_outage(self, outage: Outage) -> None:
        """Show `outage` with some time either side, read at the resolution that width calls for."""
        margin = max(60.0, outage.duration_s * OUTAGE_MARGIN)
        self.zoom_to(outage.start - margin, outage.end + margin)

    # --- crosshair and pan/zoom ----------------------------------------------------------------------------------

    def _mouse_moved(self, pos: QPointF) -> None:
        x = self._plots.time_at(pos)
        if x is not None:
            self._readout.setText(self.readout_at(x))

    def readout_at(self, x: float) -> str:
        """The read-out for time `x`: local time, each line's rtt and loss at x, and the primary site's state."""
        return readout(self._data, x, self._network.timezone)

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
        return self._plots.view_range()

    def curve_data(self, index: int = 0) -> tuple[np.ndarray, np.ndarray]:
        """The (t, rtt avg) the index-th line (sites first, then references) was last given."""
        return self._lines[index].data()

    def line_visible(self, index: int) -> bool:
        """Whether the index-th line is drawn (its legend entry checked)."""
        return self._lines[index].wanted

    def line_labels(self) -> list[str]:
        """The legend's entries, in line order."""
        return self._legend.labels()

    def legend(self) -> GraphLegend:
        return self._legend

    def outage_panel(self) -> OutagePanel:
        return self._outages

    def outage_spans(self) -> list[tuple[float, float]]:
        """The shaded outage spans now shown."""
        return self._plots.outage_spans()

    def late_spans(self) -> list[tuple[float, float]]:
        """The stretches now hatched as delivered late."""
        return self._plots.late_spans()

    def outage_table(self) -> QTableWidget:
        return self._outages.table()

    def state_bars(self) -> list[tuple[float, float, HealthState | None]]:
        """The availability strip: (start, end, state), None where nobody measured."""
        primary = self._data.primary
        return [(s.start, s.end, s.state) for s in primary.availability.spans] if primary is not None else []

    def uptime_text(self) -> str:
        return self._outages.uptime_text()

    def message(self) -> str:
        """The last export or read error (or confirmation) shown under the graphs."""
        return self._message.text()

    def plots(self) -> GraphPlots:
        return self._plots

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
        save_image(self.render_image(), Path(path))

    def render_image(self) -> QImage:
        """The plots as an image, at their size on screen."""
        return self._plots.render_image()

    def _export_clicked(self, kind: str) -> None:
        path = self._ask_export_path(kind)
        if path is None:
            return
        # What is on screen is taken now, on the GUI thread; only the write goes to a worker.
        if kind == "csv":
            series, offset = self.visible_series(), self._offset_s
            self.export_in_background(lambda: _write_csv(path, series, offset), path)
        else:
            image = self.render_image()
            self.export_in_background(lambda: save_image(image, path), path)

    def _ask_export_path(self, kind: str) -> Path | None:
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
