"""The office table: one row per site with its state and latest figures, sortable and filterable.

`SiteTableModel` owns the rows (a site, its state, its metrics); `SiteFilterProxy` sorts by real values (severity,
numbers) rather than by the shown text and filters on name, kecamatan and id; `SiteTable` is the widget (a filter
field above the view) and speaks in site ids, like the map.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QTableView, QVBoxLayout, QWidget

from pantau.domain.inventory import Network, Site
from pantau.domain.states import SEVERITY, HealthState
from pantau.ui.state_style import kind_label, state_icon, state_label

SITE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    NAME = 0
    KECAMATAN = 1
    KIND = 2
    STATE = 3
    RTT = 4
    LOSS = 5


@dataclass(frozen=True)
class SiteMetrics:
    """The figures shown for a site; None where there is nothing measured yet."""

    rtt_ms: float | None = None
    loss_percent: float | None = None


class SiteTableModel(QAbstractTableModel):
    """The sites of a network with their states and metrics."""

    def __init__(self, network: Network, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._sites: list[Site] = list(network.sites)
        self._row_of: dict[str, int] = {site.id: row for row, site in enumerate(self._sites)}
        self._states: dict[str, HealthState] = {}
        self._metrics: dict[str, SiteMetrics] = {}

    def set_network(self, network: Network) -> None:
        self.beginResetModel()
        self._sites = list(network.sites)
        self._row_of = {site.id: row for row, site in enumerate(self._sites)}
        self._states = {sid: state for sid, state in self._states.items() if sid in self._row_of}
        self._metrics = {sid: metrics for sid, metrics in self._metrics.items() if sid in self._row_of}
        self.endResetModel()

    def set_site_states(self, states: Mapping[str, HealthState]) -> None:
        """Update the states of the given sites (others keep theirs)."""
        rows = [self._row_of[sid] for sid in states if sid in self._row_of]
        self._states.update({sid: state for sid, state in states.items() if sid in self._row_of})
        self._rows_changed(rows, Column.STATE, Column.STATE)

    def set_site_metrics(self, metrics: Mapping[str, SiteMetrics]) -> None:
        rows = [self._row_of[sid] for sid in metrics if sid in self._row_of]
        self._metrics.update({sid: value for sid, value in metrics.items() if sid in self._row_of})
        self._rows_changed(rows, Column.RTT, Column.LOSS)

    def _rows_changed(self, rows: list[int], first: Column, last: Column) -> None:
        if rows:
            self.dataChanged.emit(self.index(min(rows), first), self.index(max(rows), last))

    def state_of(self, site_id: str) -> HealthState:
        return self._states.get(site_id, HealthState.UNKNOWN)

    def site_id(self, row: int) -> str:
        return self._sites[row].id

    def row_of(self, site_id: str) -> int | None:
        return self._row_of.get(site_id)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._sites)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            Column.NAME: self.tr("Name"),
            Column.KECAMATAN: self.tr("Kecamatan"),
            Column.KIND: self.tr("Kind"),
            Column.STATE: self.tr("State"),
            Column.RTT: self.tr("RTT ms"),
            Column.LOSS: self.tr("Loss %"),
        }.get(Column(section))

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        site = self._sites[index.row()]
        column = Column(index.column())
        if role == SITE_ID_ROLE:
            return site.id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(site, column)
        if role == SORT_ROLE:
            return self._sort_key(site, column)
        if role == Qt.ItemDataRole.DecorationRole and column == Column.STATE:
            return state_icon(self.state_of(site.id))
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.NAME:
            return site.name
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (Column.RTT, Column.LOSS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, site: Site, column: Column) -> str:
        metrics = self._metrics.get(site.id, SiteMetrics())
        if column == Column.NAME:
            return site.name
        if column == Column.KECAMATAN:
            return site.kecamatan
        if column == Column.KIND:
            return kind_label(site.kind)
        if column == Column.STATE:
            return state_label(self.state_of(site.id))
        if column == Column.RTT:
            return "—" if metrics.rtt_ms is None else f"{metrics.rtt_ms:.1f}"
        return "—" if metrics.loss_percent is None else f"{metrics.loss_percent:.0f}"

    def _sort_key(self, site: Site, column: Column) -> Any:
        metrics = self._metrics.get(site.id, SiteMetrics())
        if column == Column.STATE:
            return SEVERITY[self.state_of(site.id)]
        # Sites with no figure sort after every measured one in ascending order.
        if column == Column.RTT:
            return float("inf") if metrics.rtt_ms is None else metrics.rtt_ms
        if column == Column.LOSS:
            return float("inf") if metrics.loss_percent is None else metrics.loss_percent
        return self._display(site, column).casefold()


class SiteFilterProxy(QSortFilterProxyModel):
    """Sorts on `SORT_ROLE` and keeps the rows whose name, kecamatan or id contains the filter text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self.setSortRole(SORT_ROLE)

    def set_filter_text(self, text: str) -> None:
        needle = text.strip().casefold()
        if hasattr(self, "beginFilterChange"):  # Qt ≥ 6.9, where the invalidate*Filter calls are deprecated
            self.beginFilterChange()
            self._needle = needle
            self.endFilterChange()
        else:
            self._needle = needle
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if not self._needle:
            return True
        model = self.sourceModel()
        haystack = " ".join(str(model.data(model.index(source_row, column, source_parent)) or "")
                            for column in (Column.NAME, Column.KECAMATAN))
        site_id = str(model.data(model.index(source_row, Column.NAME, source_parent), SITE_ID_ROLE) or "")
        return self._needle in haystack.casefold() or self._needle in site_id

    def lessThan(self, left: _Index, right: _Index) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if a == b:
            # Ties (same state, same district) fall back to the name, so the order is stable and readable.
            model = self.sourceModel()
            return str(model.index(left.row(), Column.NAME).data()).casefold() < \
                str(model.index(right.row(), Column.NAME).data()).casefold()
        return bool(a < b)


class SiteTable(QWidget):
    """A filter field over the sortable site table. Emits `siteSelected(id)` when the user selects a row;
    `select_site` selects from outside without emitting."""

    siteSelected = Signal(str)

    def __init__(self, network: Network, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = SiteTableModel(network, self)
        self.proxy = SiteFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("siteFilter")
        self.filter_edit.setPlaceholderText(self.tr("Filter by name or kecamatan"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.proxy.set_filter_text)
        self.view = QTableView(self)
        self.view.setObjectName("siteTableView")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(Column.NAME, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        # Names are long ("Badan Pengelolaan Keuangan dan Aset Daerah (BPKAD)"): the name column gets a fixed
        # share the user can drag; the short columns size to their contents.
        header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(Column.NAME, 170)
        for column in (Column.KECAMATAN, Column.KIND, Column.STATE, Column.RTT, Column.LOSS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self._syncing = False
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(4, 4, 4, 4)
        self._layout.addWidget(self.filter_edit)
        self._layout.addWidget(self.view)

    def preferred_width(self) -> int:
        """The width that shows every column without a horizontal scroll bar."""
        header = self.view.horizontalHeader()
        last = header.count() - 1
        widths = [max(header.sectionSize(c), header.sectionSizeHint(c), self.view.sizeHintForColumn(c))
                  if header.sectionResizeMode(c) == QHeaderView.ResizeMode.ResizeToContents
                  else header.sectionSize(c) for c in range(header.count())]
        # The state column grows when a longer state ("Unreachable") appears; leave room for the longest now.
        widths[Column.STATE] = max(widths[Column.STATE], 40 + max(
            self.view.fontMetrics().horizontalAdvance(state_label(state)) for state in HealthState))
        # The last column stretches to whatever room there is, so its current size says nothing.
        widths[last] = max(header.sectionSizeHint(last), self.view.sizeHintForColumn(last),
                           header.defaultSectionSize())
        columns = sum(widths)
        margins = self._layout.contentsMargins()
        return (columns + 2 * self.view.frameWidth() + self.view.verticalScrollBar().sizeHint().width()
                + margins.left() + margins.right())

    def selected_site(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        return str(rows[0].data(SITE_ID_ROLE)) if rows else None

    def select_site(self, site_id: str | None) -> None:
        """Select the site's row (if it passes the filter) and scroll to it; None clears the selection."""
        self._syncing = True
        try:
            row = self.model.row_of(site_id) if site_id is not None else None
            index = self.proxy.mapFromSource(self.model.index(row, 0)) if row is not None else QModelIndex()
            selection = self.view.selectionModel()
            if not index.isValid():
                selection.clearSelection()
                return
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                      | QItemSelectionModel.SelectionFlag.Rows)
            self.view.scrollTo(index)
        finally:
            self._syncing = False

    def save_header_state(self) -> QByteArray:
        return self.view.horizontalHeader().saveState()

    def restore_header_state(self, state: QByteArray) -> bool:
        return self.view.horizontalHeader().restoreState(state)

    def _on_selection_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        if self._syncing:
            return
        site_id = self.selected_site()
        if site_id is not None:
            self.siteSelected.emit(site_id)
