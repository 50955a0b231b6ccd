"""The office table's model: one row per site with its state, latest figures, uptime, link and contract.

`SiteTableModel` owns the rows (a site, its state, its metrics, its 24 h uptime, and what the network says of its
uplink and contract) and keeps them sorted by real values (severity, numbers) rather than by the shown text, worst
first until the user clicks a header. A painted cell is one call into Python (`multiData`), answered from the row's
cells as kept since its last change: a state storm repaints every visible row.

Also here, because the map's tooltips say the same things: `format_time` (an instant in the network's own time
zone, in the user's locale), `format_rtt`, `medium_label`.
"""


from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import IntEnum
from typing import Any, cast

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QDateTime,
    QLocale,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    Qt,
    QTimeZone,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QWidget,
)

from pantau.domain.contract_risk import RiskLevel, SiteContractRisk, site_contract_risks
from pantau.domain.diagnosis import contract_facts
from pantau.domain.inventory import LinkMedium, LinkRole, Network, Site
from pantau.domain.line_use import SiteUse
from pantau.domain.links import site_links
from pantau.domain.states import SEVERITY, HealthState
from pantau.reporting.contract_text import risk_text
from pantau.ui.i18n import installed_language
from pantau.ui.state_style import kind_label, state_icon, state_label

SITE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
_DISPLAY_ROLE = int(Qt.ItemDataRole.DisplayRole)
_DECORATION_ROLE = int(Qt.ItemDataRole.DecorationRole)
_FOREGROUND_ROLE = int(Qt.ItemDataRole.ForegroundRole)
_ALIGNMENT_ROLE = int(Qt.ItemDataRole.TextAlignmentRole)
# What a view asks for when it paints a cell, kept per row (`SiteTableModel._answers`).
_PAINTED_ROLES = frozenset({_DISPLAY_ROLE, _DECORATION_ROLE, _FOREGROUND_ROLE, _ALIGNMENT_ROLE})
_ANSWERED_ROLES = _PAINTED_ROLES | {int(Qt.ItemDataRole.ToolTipRole), int(SITE_ID_ROLE)}

ModelIndex = QModelIndex | QPersistentModelIndex


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
    USE = 9  # the busiest interval of the last hour on the site's line, against its contract (SNMP)


_COLUMNS = tuple(Column)
NUMERIC_COLUMNS = frozenset({Column.RTT, Column.LOSS, Column.UPTIME, Column.CONTRACT, Column.USE})
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


_NO_METRICS = SiteMetrics()


def _each_role(span: QModelRoleDataSpan | QModelRoleData) -> Iterable[QModelRoleData]:
    """The requests of a multiData call, one by one (PySide's stubs know the span as neither iterable nor sized;
    it is, by index)."""
    return (span,) if isinstance(span, QModelRoleData) else cast(Iterable[QModelRoleData], span)


def two_lines(title: str) -> str:
    """`title` broken at the space that makes its two lines most even ("Uptime 24 h": "Uptime" over "24 h");
    a single word stays whole."""
    words = title.split(" ")
    if len(words) < 2:
        return title
    split = min(range(1, len(words)),
                key=lambda at: max(len(" ".join(words[:at])), len(" ".join(words[at:]))))
    return " ".join(words[:split]) + "\n" + " ".join(words[split:])


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
        # The uptime combines the shared store's vantages (its tooltip says how).
        self._vantages_combined = False
        # Where each site's state and figures come from (the shared store's vantages): the tooltip of those cells.
        self._notes: dict[str, str] = {}
        self._use: dict[str, SiteUse] = {}
        self._risks: dict[str, SiteContractRisk] = {}
        self._uplinks: dict[str, _Uplink] = self._describe_uplinks()
        # Each site's row as painted, worked out when first painted after a change: a repaint asks for every
        # visible cell, a storm changes one column of every row.
        self._cells: dict[str, list[dict[int, Any] | None]] = {}
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

    def network(self) -> Network:
        return self._network

    def set_network(self, network: Network) -> None:
        self.beginResetModel()
        self._network = network
        self._sites = list(network.sites)
        self._row_of = {site.id: row for row, site in enumerate(self._sites)}
        self._states = {sid: state for sid, state in self._states.items() if sid in self._row_of}
        self._metrics = {sid: metrics for sid, metrics in self._metrics.items() if sid in self._row_of}
        self._uptime = {sid: value for sid, value in self._uptime.items() if sid in self._row_of}
        self._notes = {sid: value for sid, value in self._notes.items() if sid in self._row_of}
        self._uplinks = self._describe_uplinks()
        self._cells.clear()
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
        """Every site's share of the last 24 h it answered, in percent; a site not named has no figure ("—"): the
        session always sends every measured site, and one measured no longer must not keep an old figure."""
        changed = set(uptime) | set(self._uptime)
        self._uptime = {sid: value for sid, value in uptime.items() if sid in self._row_of}
        rows = [self._row_of[sid] for sid in changed if sid in self._row_of]
        self._rows_changed(rows, Column.UPTIME, Column.UPTIME)
        self._resort(Column.UPTIME)

    def set_vantages_combined(self, combined: bool) -> None:
        """The figures are the shared store's vantages combined: the uptime's tooltip says what that means."""
        self._vantages_combined = combined
        self._rows_changed(list(range(len(self._sites))), Column.UPTIME, Column.UPTIME)

    def set_site_use(self, uses: Mapping[str, SiteUse]) -> None:
        """Every measured site's line use (a site not named has no measured line: "—", never 0 %)."""
        changed = set(uses) | set(self._use)
        self._use = {sid: use for sid, use in uses.items() if sid in self._row_of}
        rows = [self._row_of[sid] for sid in changed if sid in self._row_of]
        self._rows_changed(rows, Column.USE, Column.USE)
        self._resort(Column.USE)

    def site_use(self, site_id: str) -> SiteUse | None:
        return self._use.get(site_id)

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
        return self._metrics.get(site_id, _NO_METRICS)

    def set_site_notes(self, notes: Mapping[str, str]) -> None:
        """Where each given site's state and figures come from; the tooltip of its state and figure cells."""
        self._notes.update(notes)

    def site_note(self, site_id: str) -> str:
        return self._notes.get(site_id, "")

    def set_site_metrics(self, metrics: Mapping[str, SiteMetrics]) -> None:
        rows = [self._row_of[sid] for sid in metrics if sid in self._row_of]
        self._metrics.update({sid: value for sid, value in metrics.items() if sid in self._row_of})
        self._rows_changed(rows, Column.RTT, Column.LOSS)
        self._resort(Column.RTT, Column.LOSS)

    def _rows_changed(self, rows: list[int], first: Column, last: Column) -> None:
        for row in rows:
            cells = self._cells.get(self._sites[row].id)
            if cells is not None:
                cells[first:last + 1] = [None] * (last - first + 1)
        if rows:
            self.dataChanged.emit(self.index(min(rows), first), self.index(max(rows), last))

    def state_of(self, site_id: str) -> HealthState:
        return self._states.get(site_id, HealthState.UNKNOWN)

    def site_id(self, row: int) -> str:
        return self._sites[row].id

    def row_of(self, site_id: str) -> int | None:
        return self._row_of.get(site_id)

    def index(self, row: int, column: int, parent: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        # Qt's own asks rowCount and columnCount, two calls into Python, for each of the thousand indexes a
        # repaint makes through the filter proxy; one call here.
        if parent.isValid() or not (0 <= row < len(self._sites) and 0 <= column < len(_COLUMNS)):
            return QModelIndex()
        return self.createIndex(row, column)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._sites)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
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
            Column.USE: self.tr("Use %"),
        }.get(Column(section))

    def multiData(self, index: ModelIndex, roleDataSpan: QModelRoleDataSpan | QModelRoleData) -> None:
        # A view asks for a cell's roles together when it paints it: one call into Python per cell instead of one
        # per role, answered from the row's kept cells.
        answers = self._answers(self._sites[index.row()], index.column()) if index.isValid() else {}
        for role_data in _each_role(roleDataSpan):
            role = role_data.role()
            role_data.setData(answers[role] if role in answers else self.data(index, role))

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Views ask for a dozen roles per cell on every repaint; the ones not answered here return at once.
        if role not in _ANSWERED_ROLES or not index.isValid():
            return None
        site = self._sites[index.row()]
        if role in _PAINTED_ROLES:
            return self._answers(site, index.column())[role]
        if role == SITE_ID_ROLE:
            return site.id
        return self._tooltip(site, _COLUMNS[index.column()])

    def _answers(self, site: Site, column: int) -> dict[int, Any]:
        """The site's cell in `column` as painted: the answer to each of `_PAINTED_ROLES`."""
        cells = self._cells.get(site.id)
        if cells is None:
            cells = self._cells[site.id] = [None] * len(_COLUMNS)
        answers = cells[column]
        if answers is None:
            answers = cells[column] = self._cell(site, _COLUMNS[column])
        return answers

    def _cell(self, site: Site, column: Column) -> dict[int, Any]:
        foreground = None
        if column == Column.CONTRACT:
            risk = self._risks.get(site.id)
            left = self._days_left(site.id)
            if (risk is not None and risk.level is RiskLevel.LAPSED) or (left is not None and left < 0):
                foreground = _EXPIRED_COLOR
            elif (risk is not None and risk.level >= RiskLevel.EXPIRING_SOON) or \
                    (left is not None and left <= CONTRACT_WARN_DAYS):
                foreground = _EXPIRING_COLOR
        if column == Column.USE:
            use = self._use.get(site.id)
            if use is not None and (use.full or use.interface_down):
                foreground = _EXPIRED_COLOR
        return {
            _DISPLAY_ROLE: self._display(site, column),
            _DECORATION_ROLE: state_icon(self.state_of(site.id)) if column == Column.STATE else None,
            _FOREGROUND_ROLE: foreground,
            _ALIGNMENT_ROLE: _RIGHT_ALIGNED if column in NUMERIC_COLUMNS else None,
        }

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
        if column in (Column.STATE, Column.RTT, Column.LOSS) and self._notes.get(site.id):
            return self._notes[site.id]
        if column == Column.UPTIME and self._vantages_combined:
            return self.tr("Share of the last 24 hours the office answered, from the shared store's agents together: "
                           "down only while silent from every agent that measured it (a path broken from one agent "
                           "is not downtime); time no agent measured is not counted")
        if column == Column.UPTIME:
            return self.tr("Share of the last 24 hours the office answered (time without data not counted)")
        if column == Column.USE:
            return self._use_tooltip(site.id)
        return None

    def _use_tooltip(self, site_id: str) -> str:
        use = self._use.get(site_id)
        if use is None:
            return self.tr("Not measured: this office's line has no SNMP interface set up")
        mbps = use.committed_kbps / 1000
        contract = f"{use.committed_kbps} kbps" if use.committed_kbps < 1000 else \
            f"{format_number(mbps, 0 if mbps.is_integer() else 1)} Mbps"
        lines = []
        if use.peak_percent is not None:
            lines.append(self.tr("Busiest interval of the last hour: {use} % of {contract}").format(
                use=format_number(use.peak_percent, 0), contract=contract))
        if use.now_percent is not None:
            lines.append(self.tr("Now: {use} %").format(use=format_number(use.now_percent, 0)))
        if use.interface_down:
            lines.append(self.tr("The router reports the interface down"))
        if use.problem:
            lines.append(self.tr("No reading: {problem}").format(problem=use.problem))
        return "\n".join(lines) or self.tr("Not measured in the last hour")

    def _display(self, site: Site, column: Column) -> str:
        metrics = self._metrics.get(site.id, _NO_METRICS)
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
        if column == Column.USE:
            use = self._use.get(site.id)
            return "—" if use is None or use.peak_percent is None else format_number(use.peak_percent, 0)
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
        metrics = self._metrics.get(site.id, _NO_METRICS)
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
        if column == Column.USE:
            use = self._use.get(site.id)
            return float("inf") if use is None or use.peak_percent is None else use.peak_percent
        return str(self._answers(site, column)[_DISPLAY_ROLE]).casefold()
