"""The list beside the graphs: every compared office's outages in the range (OUTAGE-ID, office, start, duration,
cause) and each office's uptime over the time it was monitored, with the incident record of the selected outages
(one or a cluster: `recordAsked` / `printAsked` with their IDs, acted on by `ui.incident_actions`).

Times and numbers are written through `ui.formats`, in the network's time zone and the interface language. An
uptime rests only on monitored time (`reporting.availability`): a range without measurements says "no data",
never 100 %, and one partly unmonitored says how much of it the figure covers.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QItemSelectionModel, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pantau.reporting.history import Outage
from pantau.ui.formats import format_moment, format_percent
from pantau.ui.graph_data import GraphData, OfficeEvents, SeriesSpec
from pantau.ui.tables import read_only_table

__all__ = ["OutagePanel"]

# Past this share of the range unmonitored, the uptime says how much it rests on (less is the live view's last
# second or two since the newest round, which the strip shows anyway).
_NOTE_UNMONITORED = 0.01


def _partly_monitored(office: OfficeEvents) -> bool:
    found = office.availability
    return found.range_s > 0 and found.not_monitored_s / found.range_s > _NOTE_UNMONITORED


class OutagePanel(QWidget):
    """`outageChosen(Outage)` when the user clicks an outage (the graphs zoom to it); `recordAsked(ids)` and
    `printAsked(ids)` (a list of OUTAGE-IDs) for the incident record of the selected outages."""

    outageChosen = Signal(object)
    recordAsked = Signal(list)
    printAsked = Signal(list)

    def __init__(self, timezone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._timezone = timezone
        self._data = GraphData(0.0, 0.0, [])
        self._listed: list[tuple[SeriesSpec, Outage]] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._title = QLabel()
        self._uptime = QLabel()
        # One above the other, wrapped: office names are long and the list is narrow.
        for label in (self._title, self._uptime):
            label.setWordWrap(True)
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            layout.addWidget(label)
        # No End column: the start and the duration say it, and the list must fit beside the plots.
        table = read_only_table(5)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Several rows: one incident record for the cluster.
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._context_menu)
        table.itemSelectionChanged.connect(self._selection_changed)
        table.setAlternatingRowColors(True)
        table.cellClicked.connect(self._clicked)
        table.setMinimumHeight(70)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Long office names are cut (the tooltip has the cause); the cause takes what is left.
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, self.fontMetrics().horizontalAdvance("Kantor Camat Waru"))
        header.setStretchLastSection(True)
        self._table = table
        layout.addWidget(table)
        buttons = QHBoxLayout()
        self._record_button = QPushButton()
        self._record_button.clicked.connect(self._ask_record)
        self._print_button = QPushButton()
        self._print_button.clicked.connect(self._ask_print)
        for button in (self._record_button, self._print_button):
            button.setEnabled(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self._records_possible = True
        self.retranslate_ui()

    def set_timezone(self, timezone: str) -> None:
        self._timezone = timezone
        self._refill()

    def retranslate_ui(self) -> None:
        self._table.setHorizontalHeaderLabels([self.tr("ID"), self.tr("Office"), self.tr("Start"),
                                               self.tr("Duration"), self.tr("Cause")])
        self._table.setToolTip(self.tr("Click an outage to zoom the graphs to it; select one or several for their "
                                       "incident record"))
        self._record_button.setText(self.tr("Incident record…"))
        self._record_button.setToolTip(self.tr("Save the incident record (berita acara) of the selected outages "
                                               "as a PDF"))
        self._print_button.setText(self.tr("Print…"))
        self._print_button.setToolTip(self.tr("Print the incident record of the selected outages"))
        self._refill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def show_data(self, data: GraphData) -> None:
        """List the outages of every compared office in `data` and their uptimes."""
        self._data = data
        found = data.all_outages()
        # The live view redraws every second with the same outages; refilling would drop the selection.
        if found != self._listed:
            self._listed = found
            self._refill_rows()
        self._show_captions()

    def _refill(self) -> None:
        self._show_captions()
        self._refill_rows()

    def _show_captions(self) -> None:
        offices = self._data.offices
        if len(offices) == 1:
            title = self.tr("Outages of {0} in this range: {1}").format(offices[0].spec.label, len(self._listed))
        else:
            title = self.tr("Outages of the {0} compared offices in this range: {1}").format(len(offices),
                                                                                              len(self._listed))
        self._title.setText(title)
        self._uptime.setText(self.uptime_caption(offices))

    def uptime_caption(self, offices: Sequence[OfficeEvents]) -> str:
        """"Uptime of Kantor A: 99,52 %", with how much of the range was monitored when not all of it was; for a
        comparison one line, the note said once when it is the same for all (Pantau ran or did not)."""
        if len(offices) == 1:
            office = offices[0]
            found = office.availability
            if found.uptime is None:
                return self.tr("Uptime of {0}: no data").format(office.spec.label)
            value = format_percent(found.uptime, 2)
            if _partly_monitored(office):
                return self.tr("Uptime of {0}: {1} of the {2} monitored (not monitored: {3})").format(
                    office.spec.label, value, self.duration(found.monitored_s),
                    self.duration(found.not_monitored_s))
            return self.tr("Uptime of {0}: {1}").format(office.spec.label, value)
        measured = [office for office in offices if office.uptime is not None]
        shared = len({round(office.availability.monitored_s) for office in measured}) == 1
        parts = []
        for office in offices:
            found = office.availability
            if found.uptime is None:
                parts.append(self.tr("{0}: no data").format(office.spec.label))
            elif _partly_monitored(office) and not shared:
                parts.append(self.tr("{0}: {1} of the {2} monitored").format(
                    office.spec.label, format_percent(found.uptime, 2), self.duration(found.monitored_s)))
            else:
                parts.append(self.tr("{0}: {1}").format(office.spec.label, format_percent(found.uptime, 2)))
        if shared and _partly_monitored(measured[0]):
            found = measured[0].availability
            head = self.tr("Uptime over the {0} monitored (not monitored: {1}):").format(
                self.duration(found.monitored_s), self.duration(found.not_monitored_s))
        else:
            head = self.tr("Uptime:")
        return f"{head} {' · '.join(parts)}"

    def _refill_rows(self) -> None:
        table = self._table
        table.setRowCount(len(self._listed))
        for row, (spec, outage) in enumerate(self._listed):
            duration = self.duration(outage.duration_s)
            if outage.ongoing:
                duration = self.tr("{0}, ongoing").format(duration)
            cells = (str(outage.event_id) if outage.event_id else "—", spec.label, self._moment(outage.start),
                     duration, outage.cause or "—")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(outage.cause or outage.reason)
                table.setItem(row, column, item)

    def _moment(self, ts: float) -> str:
        return format_moment(ts, self._timezone, zone=False)

    def duration(self, seconds: float) -> str:
        minutes = round(seconds / 60)
        if minutes < 1:
            return self.tr("{0} s").format(round(seconds))
        if minutes < 60:
            return self.tr("{0} min").format(minutes)
        if minutes < 48 * 60:
            return self.tr("{0} h {1:02d} min").format(minutes // 60, minutes % 60)
        return self.tr("{0} d {1} h").format(minutes // 1440, minutes % 1440 // 60)

    def _clicked(self, row: int, _column: int) -> None:
        if 0 <= row < len(self._listed):
            self.outageChosen.emit(self._listed[row][1])

    # --- the incident record -------------------------------------------------------------------------------------

    def set_records_possible(self, possible: bool) -> None:
        """Whether a record can be made at all (not without a workspace to read it from)."""
        self._records_possible = possible
        self._selection_changed()

    def selected_outage_ids(self) -> list[int]:
        """The OUTAGE-IDs of the selected rows, oldest first, each once."""
        rows = sorted({index.row() for index in self._table.selectionModel().selectedRows()})
        ids = [self._listed[row][1].event_id for row in rows if 0 <= row < len(self._listed)]
        return sorted({event_id for event_id in ids if event_id})

    def select_rows(self, rows: Sequence[int]) -> None:
        """Select these rows (as a Ctrl-click would)."""
        model = self._table.selectionModel()
        model.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for row in rows:
            model.select(self._table.model().index(row, 0), flags)

    def _selection_changed(self) -> None:
        enabled = self._records_possible and bool(self.selected_outage_ids())
        self._record_button.setEnabled(enabled)
        self._print_button.setEnabled(enabled)

    def _ask_record(self) -> None:
        if ids := self.selected_outage_ids():
            self.recordAsked.emit(ids)

    def _ask_print(self) -> None:
        if ids := self.selected_outage_ids():
            self.printAsked.emit(ids)

    def _context_menu(self, at: QPoint) -> None:
        if not self._records_possible or not self.selected_outage_ids():
            return
        menu = QMenu(self)
        menu.addAction(self.tr("Incident record…"), self._ask_record)
        menu.addAction(self.tr("Print incident record…"), self._ask_print)
        menu.popup(self._table.viewport().mapToGlobal(at))

    # --- reading back (tests) ----------------------------------------------------------------------------------

    def table(self) -> QTableWidget:
        return self._table

    def title_text(self) -> str:
        return self._title.text()

    def uptime_text(self) -> str:
        return self._uptime.text()

    def listed(self) -> Sequence[tuple[SeriesSpec, Outage]]:
        return list(self._listed)
