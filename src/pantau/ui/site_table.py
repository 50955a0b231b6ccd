"""The office table: one row per site with its state, latest figures, uptime, link and contract; sortable, filterable.

`SiteTableModel` owns the rows (a site, its state, its metrics, its 24 h uptime, and what the network says of its
uplink and contract) and keeps them sorted by real values (severity, numbers) rather than by the shown text, worst
first until the user clicks a header; `SiteFilterProxy` filters on name, kecamatan and id, and on one state;
`SiteTable` is the widget (a filter field and a state choice above the view) and speaks in site ids, like the map.

Also here, because the map's tooltips say the same things: `site_uplink` (the link a site is served by) and
`format_time` (an instant in the network's own time zone, in the user's locale).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QByteArray,
    QCoreApplication,
    QDateTime,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimeZone,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pantau.domain.contract_risk import RiskLevel, SiteContractRisk, site_contract_risks
from pantau.domain.diagnosis import contract_facts
from pantau.domain.inventory import LinkMedium, LinkRole, Network, Site
from pantau.domain.links import site_links
from pantau.domain.states import SEVERITY, HealthState
from pantau.reporting.contract_text import risk_text
from pantau.ui.i18n import installed_language
from pantau.ui.site_columns import ColumnFitter, MiddleElide
from pantau.ui.state_style import kind_label, state_icon, state_label

SITE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
_ANSWERED_ROLES = frozenset({int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.DecorationRole),
                             int(Qt.ItemDataRole.ToolTipRole), int(Qt.ItemDataRole.ForegroundRole),
                             int(Qt.ItemDataRole.TextAlignmentRole), int(SITE_ID_ROLE)})

_Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    NAME = 0
    KECAMATAN = 1
    KIND = 2
    STATE = 3
    RTT = 4
    LOSS = 5
    UPTIME = 6
    LINK = 7
    CONTRACT = 8


_COLUMNS = tuple(Column)
_NUMERIC_COLUMNS = frozenset({Column.RTT, Column.LOSS, Column.UPTIME, Column.CONTRACT})
_RIGHT_ALIGNED = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
# A contract this close to its end is shown in the warning colour (the domain's "expiring" starts at 90 days,
# which would colour most of a yearly contract's last quarter; the table marks only what needs action now).
CONTRACT_WARN_DAYS = 30
_EXPIRED_COLOR = QBrush(QColor("#b71c1c"))
_EXPIRING_COLOR = QBrush(QColor("#8a5a00"))

_MEDIUM_LABELS: dict[LinkMedium, str] = {
    LinkMedium.FIBER: str(QT_TRANSLATE_NOOP("SiteTable", "fiber")),
    LinkMedium.WIRELESS: str(QT_TRANSLATE_NOOP("SiteTable", "wireless")),
    LinkMedium.VSAT: str(QT_TRANSLATE_NOOP("SiteTable", "VSAT")),
    LinkMedium.METRO_E: str(QT_TRANSLATE_NOOP("SiteTable", "Metro-E")),
    LinkMedium.ADSL: str(QT_TRANSLATE_NOOP("SiteTable", "ADSL")),
    LinkMedium.CELLULAR_4G: str(QT_TRANSLATE_NOOP("SiteTable", "4G")),
}


@dataclass(frozen=True)
class SiteMetrics:
    """The figures shown for a site; None where there is nothing measured yet."""

    rtt_ms: float | None = None
    loss_percent: float | None = None


def medium_label(medium: LinkMedium) -> str:
    return QCoreApplication.translate("SiteTable", _MEDIUM_LABELS[medium])


def format_number(value: float, decimals: int) -> str:
    """A number in the user's locale: 1.234,5 in Indonesian, 1,234.5 in English.

    Rounded by Python first, as the diagnosis report rounds (Qt would round 30.25 up, Python to 30.2), so the table
    and a copied report never disagree by a digit."""
    return QLocale().toString(round(float(value), decimals), "f", decimals)


def format_rtt(rtt_ms: float) -> str:
    """Milliseconds with the precision that means something: a LAN's 0.05 ms would otherwise show as 0.0."""
    if rtt_ms < 1:
        return format_number(rtt_ms, 2)
    return format_number(rtt_ms, 1 if rtt_ms < 100 else 0)


def format_time(epoch_s: float, zone_name: str, with_date: bool = True) -> str:
    """An instant as the network's officers read their clocks: in the network's time zone (WITA for PPU), in the
    user's locale, with the zone's abbreviation."""
    zone = QTimeZone(zone_name.encode())
    moment = QDateTime.fromMSecsSinceEpoch(round(epoch_s * 1000), zone) if zone.isValid() \
        else QDateTime.fromMSecsSinceEpoch(round(epoch_s * 1000))
    locale = QLocale()
    clock = locale.toString(moment.time(), "HH:mm:ss")
    text = f"{locale.toString(moment.date(), QLocale.FormatType.ShortFormat)} {clock}" if with_date else clock
    return f"{text} {zone.abbreviation(moment)}" if zone.isValid() else text


@dataclass(frozen=True)
class _Uplink:
    """What the table shows of a site's uplink and its contract."""

    text: str
    tooltip: str
    days_left: int | None
    contract: str


class SiteTableModel(QAbstractTableModel):
    """The sites of a network with their states and metrics."""

    def __init__(self, network: Network, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self._network = network
        self._today = today or date.today()
        self._sites: list[Site] = list(network.sites)
        self._row_of: dict[str, int] = {site.id: row for row, site in enumerate(self._sites)}
        self._states: dict[str, HealthState] = {}
        self._metrics: dict[str, SiteMetrics] = {}
        self._uptime: dict[str, float] = {}
        self._risks: dict[str, SiteContractRisk] = {}
        self._uplinks: dict[str, _Uplink] = self._describe_uplinks()
        # Worst first until the user sorts otherwise (see `sort`).
        self._sort_column = Column.STATE
        self._sort_order = Qt.SortOrder.DescendingOrder
        self._sites = self._sorted()
        self._row_of = {site.id: row for row, site in enumerate(self._sites)}

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Keep the rows in this column's order (by real values: severity, numbers; sites without a figure after
        every measured one in ascending order), ties A to Z by name in either order, and keep them so as values
        change. The model sorts itself, in Python's own sort: through a sort proxy, 500 offices changing state
        cost ~100 ms of comparisons, each a Python call; here under a millisecond."""
        self._sort_column, self._sort_order = Column(column), order
        self._resort()

    def sort_order(self) -> tuple[Column, Qt.SortOrder]:
        return self._sort_column, self._sort_order

    def _sorted(self) -> list[Site]:
        by_name = sorted(self._sites, key=lambda site: site.name.casefold())
        # Stable, also reversed: equal keys keep the name order.
        return sorted(by_name, key=lambda site: self._sort_key(site, self._sort_column),
                      reverse=self._sort_order == Qt.SortOrder.DescendingOrder)

    def _resort(self, *changed: Column) -> None:
        """Put the rows in order again, when the sort column is among `changed` (or, with none named, always)."""
        if changed and self._sort_column not in changed:
            return
        ordered = self._sorted()
        if ordered == self._sites:
            return
        self.layoutAboutToBeChanged.emit()
        new_row = {site.id: row for row, site in enumerate(ordered)}
        old = self.persistentIndexList()
        moved = [self.index(new_row[self._sites[index.row()].id], index.column()) for index in old]
        self._sites = ordered
        self._row_of = new_row
        self.changePersistentIndexList(old, moved)
        self.layoutChanged.emit()

    def set_network(self, network: Network) -> None:
        self.beginResetModel()
        self._network = network
        self._sites = list(network.sites)
        self._row_of = {site.id: row for row, site in enumerate(self._sites)}
        self._states = {sid: state for sid, state in self._states.items() if sid in self._row_of}
        self._metrics = {sid: metrics for sid, metrics in self._metrics.items() if sid in self._row_of}
        self._uptime = {sid: value for sid, value in self._uptime.items() if sid in self._row_of}
        self._uplinks = self._describe_uplinks()
        self._sites = self._sorted()
        self._row_of = {site.id: row for row, site in enumerate(self._sites)}
        self.endResetModel()

    def set_today(self, today: date) -> None:
        """Count contract days from `today` (the window calls this as the date turns)."""
        if today != self._today:
            self._today = today
            self._uplinks = self._describe_uplinks()
            self._rows_changed(list(range(len(self._sites))), Column.LINK, Column.CONTRACT)
            self._resort(Column.LINK, Column.CONTRACT)

    def retranslate(self) -> None:
        """Say everything again in the current language (the table widget calls this on a language change)."""
        self._uplinks = self._describe_uplinks()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(_COLUMNS) - 1)
        self._rows_changed(list(range(len(self._sites))), _COLUMNS[0], _COLUMNS[-1])
        self._resort()  # words sort differently in another language

    def set_site_uptime(self, uptime: Mapping[str, float]) -> None:
        """Each site's share of the last 24 h it answered, in percent (sites not named keep theirs)."""
        rows = [self._row_of[sid] for sid in uptime if sid in self._row_of]
        self._uptime.update({sid: value for sid, value in uptime.items() if sid in self._row_of})
        self._rows_changed(rows, Column.UPTIME, Column.UPTIME)
        self._resort(Column.UPTIME)

    def contract_risk(self, site_id: str) -> SiteContractRisk | None:
        return self._risks.get(site_id)

    def contract_risks(self) -> dict[str, SiteContractRisk]:
        """Every site's contract risk on the model's date (the map's contract colouring shows the same)."""
        return dict(self._risks)

    def _describe_uplinks(self) -> dict[str, _Uplink]:
        # The contract risks are worked out with the uplinks: both change with the network and the date only.
        self._risks = site_contract_risks(self._network, self._today)
        described: dict[str, _Uplink] = {}
        for site_id, link in site_links(self._network).serving_all(self._today).items():
            role = self.tr("primary") if link.role is LinkRole.PRIMARY else self.tr("backup")
            text = f"{link.provider} · {medium_label(link.medium)}"
            tooltip = self.tr("{provider}, {medium}, {kbps} kbps ({role}); circuit {circuit}").format(
                provider=link.provider, medium=medium_label(link.medium), kbps=link.bandwidth_kbps, role=role,
                circuit=link.circuit_id or "—")
            facts = contract_facts(self._network, link, self._today)
            described[site_id] = _Uplink(text, tooltip, facts.days_left if facts else None,
                                         f"{facts.number} ({facts.provider})" if facts else "")
        return described

    def set_site_states(self, states: Mapping[str, HealthState]) -> None:
        """Update the states of the given sites (others keep theirs)."""
        rows = [self._row_of[sid] for sid in states if sid in self._row_of]
        self._states.update({sid: state for sid, state in states.items() if sid in self._row_of})
        self._rows_changed(rows, Column.STATE, Column.STATE)
        self._resort(Column.STATE)

    def site_metrics(self, site_id: str) -> SiteMetrics:
        return self._metrics.get(site_id, SiteMetrics())

    def set_site_metrics(self, metrics: Mapping[str, SiteMetrics]) -> None:
        rows = [self._row_of[sid] for sid in metrics if sid in self._row_of]
        self._metrics.update({sid: value for sid, value in metrics.items() if sid in self._row_of})
        self._rows_changed(rows, Column.RTT, Column.LOSS)
        self._resort(Column.RTT, Column.LOSS)

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
        return 0 if parent.isValid() else len(_COLUMNS)

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
            Column.UPTIME: self.tr("Uptime 24 h"),
            Column.LINK: self.tr("Link"),
            Column.CONTRACT: self.tr("Contract days"),
        }.get(Column(section))

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Views ask for a dozen roles per cell on every repaint; the ones not answered here return at once.
        if role not in _ANSWERED_ROLES or not index.isValid():
            return None
        site = self._sites[index.row()]
        column = _COLUMNS[index.column()]
        if role == SITE_ID_ROLE:
            return site.id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(site, column)
        if role == Qt.ItemDataRole.DecorationRole and column == Column.STATE:
            return state_icon(self.state_of(site.id))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(site, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == Column.CONTRACT:
            risk = self._risks.get(site.id)
            left = self._days_left(site.id)
            if (risk is not None and risk.level is RiskLevel.LAPSED) or (left is not None and left < 0):
                return _EXPIRED_COLOR
            if (risk is not None and risk.level >= RiskLevel.EXPIRING_SOON) or \
                    (left is not None and left <= CONTRACT_WARN_DAYS):
                return _EXPIRING_COLOR
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMERIC_COLUMNS:
            return _RIGHT_ALIGNED
        return None

    def _days_left(self, site_id: str) -> int | None:
        uplink = self._uplinks.get(site_id)
        return uplink.days_left if uplink else None

    def _tooltip(self, site: Site, column: Column) -> str | None:
        uplink = self._uplinks.get(site.id)
        if column == Column.NAME:
            return site.name
        if column == Column.LINK and uplink is not None:
            return uplink.tooltip
        if column == Column.CONTRACT and uplink is not None and uplink.days_left is not None:
            if uplink.days_left < 0:
                text = self.tr("Contract {contract} ended %n day(s) ago", "", -uplink.days_left).format(
                    contract=uplink.contract)
            else:
                text = self.tr("Contract {contract}: %n day(s) left", "", uplink.days_left).format(
                    contract=uplink.contract)
            risk = self._risks.get(site.id)
            if risk is not None and risk.level >= RiskLevel.AT_RISK:
                app = QCoreApplication.instance()
                lang = installed_language(app) if app is not None else None
                text += "\n⚠ " + risk_text(risk, lang or "en")
            return text
        if column == Column.UPTIME:
            return self.tr("Share of the last 24 hours the office answered (time without data not counted)")
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
            return "—" if metrics.rtt_ms is None else format_rtt(metrics.rtt_ms)
        if column == Column.LOSS:
            return "—" if metrics.loss_percent is None else format_number(metrics.loss_percent, 0)
        if column == Column.UPTIME:
            uptime = self._uptime.get(site.id)
            return "—" if uptime is None else format_number(uptime, 1)
        uplink = self._uplinks.get(site.id)
        if column == Column.LINK:
            return uplink.text if uplink else "—"
        left = uplink.days_left if uplink else None
        if left is None:
            return "—"
        risk = self._risks.get(site.id)
        # The badge: a contract that runs today but has a gap or no approved budget after it.
        badge = "⚠ " if risk is not None and risk.level is RiskLevel.AT_RISK else ""
        return self.tr("expired") if left < 0 else f"{badge}{left}"

    def _sort_key(self, site: Site, column: Column) -> Any:
        metrics = self._metrics.get(site.id, SiteMetrics())
        if column == Column.STATE:
            return SEVERITY[self.state_of(site.id)]
        # Sites with no figure sort after every measured one in ascending order.
        if column == Column.RTT:
            return float("inf") if metrics.rtt_ms is None else metrics.rtt_ms
        if column == Column.LOSS:
            return float("inf") if metrics.loss_percent is None else metrics.loss_percent
        if column == Column.UPTIME:
            return self._uptime.get(site.id, float("inf"))
        if column == Column.CONTRACT:
            left = self._days_left(site.id)
            return float("inf") if left is None else float(left)
        return self._display(site, column).casefold()


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

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
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
        for state in (HealthState.DOWN, HealthState.DEGRADED, HealthState.UNREACHABLE, HealthState.UNKNOWN,
                      HealthState.UP):
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
        }, {Column.STATE: 22})
        self.view.setItemDelegateForColumn(Column.NAME, MiddleElide(self.view))
        self.fit_columns()
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
