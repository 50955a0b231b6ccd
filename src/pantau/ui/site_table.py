"""The office table widget: the model (ui/site_model.py) behind a filter on name, kecamatan and id and on one
state (`SiteFilterProxy`, which also shows the figures' titles over two lines), and `SiteTable`, the widget (a
filter field and a state choice above the view) that speaks in site ids, like the map.
"""


from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pantau.domain.inventory import Network
from pantau.domain.states import HealthState
from pantau.ui.site_columns import ColumnFitter
from pantau.ui.site_model import (
    NUMERIC_COLUMNS,
    SITE_ID_ROLE,
    Column,
    ModelIndex,
    SiteTableModel,
    two_lines,
)
from pantau.ui.state_style import state_icon, state_label


class SiteFilterProxy(QSortFilterProxyModel):
    """Hands sorting to the source model and keeps the rows whose name, kecamatan or id contains the filter text
    and, when one is chosen, whose state is the chosen state. Rows re-filter by themselves as states change."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._state: HealthState | None = None
        self.setDynamicSortFilter(True)

    def set_filter_text(self, text: str) -> None:
        needle = text.strip().casefold()
        self._change_filter(needle, self._state)

    def set_state_filter(self, state: HealthState | None) -> None:
        self._change_filter(self._needle, state)

    def state_filter(self) -> HealthState | None:
        return self._state

    def _change_filter(self, needle: str, state: HealthState | None) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt ≥ 6.9, where the invalidate*Filter calls are deprecated
            self.beginFilterChange()
            self._needle, self._state = needle, state
            self.endFilterChange()
        else:
            self._needle, self._state = needle, state
            self.invalidateRowsFilter()

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # The figures' columns are narrow; their titles ("Uptime 24 h") would set their width, so the view shows
        # them over two lines and the room goes to the office names.
        title = super().headerData(section, orientation, role)
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and section in NUMERIC_COLUMNS and isinstance(title, str):
            return two_lines(title)
        return title

    def multiData(self, index: ModelIndex, roleDataSpan: QModelRoleDataSpan | QModelRoleData) -> None:
        # Qt's proxy answers a view's multiData with one data() per role, each a call into Python; handing the cell
        # to the source's own multiData makes a painted cell cost one. A repaint of the table after a state storm
        # took 9 ms, 2 of them Qt's drawing and the rest over two thousand such calls.
        model = self.sourceModel()
        if isinstance(model, SiteTableModel):
            model.multiData(self.mapToSource(index), roleDataSpan)
        else:
            super().multiData(index, roleDataSpan)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        model = self.sourceModel()
        if self._state is not None and isinstance(model, SiteTableModel) \
                and model.state_of(model.site_id(source_row)) is not self._state:
            return False
        if not self._needle:
            return True
        haystack = " ".join(str(model.data(model.index(source_row, column, source_parent)) or "")
                            for column in (Column.NAME, Column.KECAMATAN))
        site_id = str(model.data(model.index(source_row, Column.NAME, source_parent), SITE_ID_ROLE) or "")
        return self._needle in haystack.casefold() or self._needle in site_id

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # The source model keeps its rows in order (`SiteTableModel.sort`); this proxy keeps them as they come.
        model = self.sourceModel()
        if isinstance(model, SiteTableModel) and column >= 0:
            model.sort(column, order)


class SiteTable(QWidget):
    """A filter field and a state choice over the sortable site table. Emits `siteSelected(id)` when the user
    selects a row (the current one, when Ctrl or Shift selected several) and `sitesSelected(ids)` with every
    selected site, the current first (the graphs compare them); `select_site` selects from outside without
    emitting."""

    siteSelected = Signal(str)
    sitesSelected = Signal(list)

    def __init__(self, network: Network, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = SiteTableModel(network, self)
        self.proxy = SiteFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("siteFilter")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.proxy.set_filter_text)
        self.state_combo = QComboBox(self)
        self.state_combo.setObjectName("stateFilter")
        self.state_combo.addItem("", None)
        # Worst first: the states someone filters for are the bad ones.
        for state in (HealthState.DOWN, HealthState.PATH_BROKEN, HealthState.DEGRADED, HealthState.UNREACHABLE,
                      HealthState.UNKNOWN, HealthState.UP):
            self.state_combo.addItem(state_icon(state), "", state.value)
        self.retranslate_ui()
        self.state_combo.currentIndexChanged.connect(self._on_state_filter)
        self.view = QTableView(self)
        self.view.setObjectName("siteTableView")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        # Worst first: the offices that need someone come at the top (then by name); a click on a header sorts
        # otherwise, and the window remembers it with the header.
        self.view.sortByColumn(Column.STATE, Qt.SortOrder.DescendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.columns = ColumnFitter(self.view, (Column.NAME, Column.LINK), {
            Column.STATE: [state_label(state) for state in HealthState],
            Column.RTT: ["9999.9"],
            Column.LOSS: ["100"],
            Column.UPTIME: ["100.0"],
            Column.CONTRACT: [QCoreApplication.translate("SiteTableModel", "expired"), "-9999"],
            Column.USE: ["100"],
        }, {Column.STATE: 22})
        # A cut text loses its middle: the abbreviation Indonesian office names end with ("… Daerah (Bappelitbang)")
        # and a link's medium stay in sight. Set on the view, not by a delegate: a delegate written in Python costs
        # a call into Python per painted cell.
        self.view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self._show_use_column()
        self.fit_columns()
        self.model.modelReset.connect(self._show_use_column)
        self.model.modelReset.connect(self.fit_columns)
        self.view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self._syncing = False
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(4, 4, 4, 4)
        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.addWidget(self.filter_edit, 1)
        filters.addWidget(self.state_combo)
        self._layout.addLayout(filters)
        self._layout.addWidget(self.view)

    def _show_use_column(self) -> None:
        """"Use %" only where a line is measured (SNMP): a column of dashes would only take the names' room."""
        self.view.setColumnHidden(Column.USE, not any(link.snmp for link in self.model.network().links))

    def retranslate_ui(self) -> None:
        """Set the filter's texts in the current language."""
        self.filter_edit.setPlaceholderText(self.tr("Filter by name or kecamatan"))
        self.state_combo.setToolTip(self.tr("Show only the offices in one state"))
        for index in range(self.state_combo.count()):
            value = self.state_combo.itemData(index)
            self.state_combo.setItemText(index, state_label(HealthState(value)) if value else self.tr("All states"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
            self.model.retranslate()
            # Longer words (Indonesian) must still fit; widths the user chose are otherwise kept.
            self.fit_columns(grow_only=True)
        super().changeEvent(event)

    def set_state_filter(self, state: HealthState | None) -> None:
        """Show only the sites in `state` (None: all); the choice box follows."""
        index = self.state_combo.findData(state.value if state is not None else None)
        self.state_combo.setCurrentIndex(max(index, 0))

    def _on_state_filter(self, index: int) -> None:
        value = self.state_combo.itemData(index)
        self.proxy.set_state_filter(HealthState(value) if value else None)

    def fit_columns(self, grow_only: bool = False) -> None:
        """Size the columns to their contents and give the room left to the name and link columns (see
        `site_columns`). `grow_only` widens the columns that are too narrow now and narrows none."""
        self.columns.fit(grow_only)

    def preferred_width(self) -> int:
        """The width that shows every column, names and links whole, without a horizontal scroll bar."""
        margins = self._layout.contentsMargins()
        return (self.columns.preferred_width() + 2 * self.view.frameWidth()
                + self.view.verticalScrollBar().sizeHint().width() + margins.left() + margins.right())

    def selected_site(self) -> str | None:
        """The current selected site (the last one clicked), or None."""
        sites = self.selected_sites()
        return sites[0] if sites else None

    def selected_sites(self) -> list[str]:
        """Every selected site in table order, the current one first."""
        selection = self.view.selectionModel()
        rows = sorted(selection.selectedRows(), key=lambda index: index.row())
        ids = [str(index.data(SITE_ID_ROLE)) for index in rows]
        current = selection.currentIndex()
        if current.isValid() and selection.isRowSelected(current.row(), current.parent()):
            current_id = str(current.siblingAtColumn(0).data(SITE_ID_ROLE))
            ids.remove(current_id)
            ids.insert(0, current_id)
        return ids

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
        """The sort column and order and the short columns' widths as saved; the name and link columns share the
        room again (a width saved by an older version cut them)."""
        restored = self.view.horizontalHeader().restoreState(state)
        self.columns.forget_hand_sizes()
        return restored

    def _on_selection_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        if self._syncing:
            return
        sites = self.selected_sites()
        if sites:
            self.siteSelected.emit(sites[0])
        self.sitesSelected.emit(sites)
