"""The contracts panel: every bandwidth contract with its status, warnings, money and paperwork, a form to add,
edit and end contracts (with undo), and a per-link timeline of contracts, coverage gaps and budget years.

This module is the panel itself: the list (contracts with warnings first, then the newest; status, days left and
warnings right after provider and links; at least `MIN_VISIBLE_ROWS` in sight wherever the panel has the height),
the timeline that follows the selected contract's link, the status line with the PDF button, and the layout. Its
parts live beside it (see `contract_fields`): the contract form, the paperwork tabs, the measured service, the PDF
report and the undo stack with the save pipeline. Arithmetic and warnings come from `domain.contracts`; formatting
from `reporting.idformat`.
"""

from __future__ import annotations

import time as clock
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QResizeEvent, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pantau.domain.contracts import (
    ContractStatus,
    ContractWarning,
    WarningKind,
    contract_status,
    contract_warnings,
    days_left,
)
from pantau.domain.inventory import (
    Contract,
    Network,
)
from pantau.domain.sla import SlaService
from pantau.reporting.idformat import format_bandwidth, format_date, format_rupiah
from pantau.storage.store import NetworkSink
from pantau.storage.workspace import Workspace
from pantau.ui.contract_export import ReportExport
from pantau.ui.contract_fields import link_name, listed_order
from pantau.ui.contract_form import ContractForm
from pantau.ui.contract_measure import ServiceMeasure
from pantau.ui.contract_paperwork import PaperworkEditor
from pantau.ui.contract_saving import SavePipeline
from pantau.ui.contract_timeline import ContractTimeline
from pantau.ui.tables import read_only_table
from pantau.ui.workers import TaskRunner

# Table columns, in order.
COLUMNS = ("provider", "number", "service", "links", "bandwidth", "start", "end", "value", "status", "days",
           "warnings")
MIN_VISIBLE_ROWS = 6  # contracts the list shows whole wherever the panel has the height
_BELOW_LIST_MIN_PX = 60  # the form's tabs and the timeline keep at least this much (they scroll, or give way)
_BADGE_COLOURS = {
    WarningKind.EXPIRED: QColor(214, 39, 40),
    WarningKind.COVERAGE_GAP: QColor(214, 39, 40),
    WarningKind.PAYMENT_OVERDUE: QColor(255, 127, 14),
    WarningKind.NO_APPROVED_BUDGET: QColor(255, 127, 14),
    WarningKind.EXPIRING: QColor(188, 150, 0),
}



class ContractsPanel(ContractForm, PaperworkEditor, ServiceMeasure, ReportExport, SavePipeline, QWidget):
    """Contracts table, warning badges, detail form with undo, money and paperwork lists, and a link timeline.

    `set_network()` shows a network; edits are saved to `workspace` (when given) in the background. `saved` is
    emitted after each successful save, `save_failed(message)` when one fails, `network_changed(network)` after
    every applied or undone edit.
    """

    saved = Signal()
    report_written = Signal(str, int)  # path, page count
    save_failed = Signal(str)
    network_changed = Signal(object)

    def __init__(self, workspace: Workspace | None = None, *, today: Callable[[], date] = date.today,
                 now: Callable[[], float] = clock.time, lang: str = "id", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        # Where edits are saved: the workspace, or the shared store (`set_network_sink`).
        self._sink: NetworkSink | None = workspace
        self._today = today
        self._now = now
        self._measuring: str | None = None
        self.last_service: SlaService | None = None
        self._lang = lang
        self._network = Network("")
        self._tasks = TaskRunner(self)
        self._closed = False
        self._save_running = False
        self._waiting_save: Network | None = None
        self.undo_stack = QUndoStack(self)
        self._build()
        self.retranslate_ui()
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_button.setEnabled(False)

    # Building ---------------------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Long free text gets a fixed, user-adjustable width so days left and the badges stay in view.
        for column, width in (("provider", 150), ("number", 150), ("service", 230), ("links", 170)):
            self.table.horizontalHeader().setSectionResizeMode(COLUMNS.index(column),
                                                               QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(COLUMNS.index(column), width)
        # What needs action (status, days left, warnings) comes right after who and where, in sight without
        # scrolling sideways; the paperwork figures follow.
        header = self.table.horizontalHeader()
        for place, column in enumerate(("provider", "links", "status", "days", "warnings")):
            header.moveSection(header.visualIndex(COLUMNS.index(column)), place)
        self.table.itemSelectionChanged.connect(self._on_selection)

        self.tabs = QTabWidget()
        self.payments = read_only_table(4)
        self.budgets = read_only_table(5)
        self.letters = read_only_table(4)
        for page in (self._build_form(), self._build_payments(), self._build_budgets(), self._build_letters()):
            # Each page scrolls on its own: in a low dock the table and the timeline keep their room.
            scroller = QScrollArea()
            scroller.setWidgetResizable(True)
            scroller.setFrameShape(QFrame.Shape.NoFrame)
            scroller.setMinimumHeight(30)  # a low panel gives its height to the list (see _keep_rows_in_sight)
            scroller.setWidget(page)
            self.tabs.addTab(scroller, "")

        timeline_box = QWidget()
        timeline_layout = QVBoxLayout(timeline_box)
        timeline_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.link_label = QLabel()
        row.addWidget(self.link_label)
        self.link_choice = QComboBox()
        self.link_choice.currentIndexChanged.connect(self._show_timeline)
        self.link_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        row.addWidget(self.link_choice)
        row.addStretch(1)
        timeline_layout.addLayout(row)
        self.timeline = ContractTimeline()
        # A plot asks for a tall minimum; in a low dock the timeline gives way instead of pushing the window up.
        self.timeline.setMinimumHeight(20)
        timeline_layout.addWidget(self.timeline, 1)
        # Under the plot, where it has the width: beside the link's name it crowded the name out.
        self.timeline_legend = QLabel()
        self.timeline_legend.setWordWrap(True)
        timeline_layout.addWidget(self.timeline_legend)

        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(self.tabs)
        bottom.addWidget(timeline_box)
        bottom.setSizes([520, 680])
        bottom.setMinimumHeight(0)
        self.tabs.setMinimumHeight(0)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(bottom)
        splitter.setCollapsible(0, False)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([480, 420])
        self._splitter = splitter
        self.status_label = QLabel()
        # The report button stands beside the status line, outside every scroll area: always in sight.
        self.pdf_button = QPushButton()
        self.pdf_button.setObjectName("contractPdfButton")
        self.pdf_button.clicked.connect(self._choose_pdf)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status_label, 1)
        status_row.addWidget(self.pdf_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter, 1)
        layout.addLayout(status_row)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # Once the splitter has shared out the new height (it does so after this).
        QTimer.singleShot(0, self._keep_rows_in_sight)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # A tab brought to the front is shown without a resize: its height was shared out while it was hidden.
        QTimer.singleShot(0, self._keep_rows_in_sight)

    def _keep_rows_in_sight(self) -> None:
        """The list is what the panel is for: as the panel changes height it keeps room for MIN_VISIBLE_ROWS
        contracts where the panel has it, and the form and timeline below take the rest (they scroll, or give
        way). Not a minimum height: that would hold the whole window up on a small screen."""
        table, bottom = self._splitter.sizes()
        total = table + bottom
        want = min(self._rows_height(MIN_VISIBLE_ROWS), max(total - _BELOW_LIST_MIN_PX, 0))
        if table < want:
            self._splitter.setSizes([want, total - want])

    def _rows_height(self, rows: int) -> int:
        """The table's height that shows the header and `rows` rows whole."""
        header = self.table.horizontalHeader().sizeHint().height()
        # The horizontal scroll bar shows whenever the columns are wider than the panel: count it in.
        return (header + rows * self.table.verticalHeader().defaultSectionSize() + 2 * self.table.frameWidth()
                + self.table.horizontalScrollBar().sizeHint().height())






    def retranslate_ui(self) -> None:
        """Set every fixed text in the current language, and show the network again in it."""
        self.table.setHorizontalHeaderLabels([
            self.tr("Provider"), self.tr("Number"), self.tr("Service"), self.tr("Links"), self.tr("Bandwidth"),
            self.tr("Start"), self.tr("End"), self.tr("Value"), self.tr("Status"), self.tr("Days left"),
            self.tr("Warnings")])
        for index, title in enumerate((self.tr("Details"), self.tr("Payments"), self.tr("Budget requests"),
                                       self.tr("Correspondence"))):
            self.tabs.setTabText(index, title)
        self._retranslate_paperwork()
        self.link_label.setText(self.tr("Link:"))
        self.timeline_legend.setText(self.tr("Bars: contracts · red: days with no contract · dashed line: today · "
                                             "shading: budget years"))
        self._retranslate_form()
        self.pdf_button.setText(self.tr("PDF report…"))
        if self._network.contracts:
            self._show(self._network)

    def set_language(self, lang: str) -> None:
        """The language of dates (`id` or `en`); Qt's translator sets the language of the rest."""
        self._lang = lang
        self._show(self._network)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # Showing ----------------------------------------------------------------------------------------------------

    def network(self) -> Network:
        return self._network

    def set_network(self, network: Network) -> None:
        """Show `network` (a new one: the undo history is cleared)."""
        self.undo_stack.clear()
        self._show(network)

    def _show(self, network: Network) -> None:
        selected = self.selected_contract_id()
        self._network = network
        today = self._today()
        warnings = contract_warnings(network, today)
        # Refilling moves the selection; the form follows once, below, not once per changed cell.
        self.table.blockSignals(True)
        self.table.clearSelection()
        self.table.setRowCount(len(network.contracts))
        for row, contract in enumerate(listed_order(network.contracts, warnings)):
            self._fill_row(row, contract, [w for w in warnings if w.contract_id == contract.id], today)
        self.table.blockSignals(False)
        current_link = self.link_choice.currentData()
        self.link_choice.blockSignals(True)
        self.link_choice.clear()
        for link in network.links:
            if link.contracts:
                self.link_choice.addItem(link_name(network, link), link.id)
                self.link_choice.setItemData(self.link_choice.count() - 1, link.id, Qt.ItemDataRole.ToolTipRole)
        index = self.link_choice.findData(current_link)
        self.link_choice.setCurrentIndex(max(index, 0))
        self.link_choice.blockSignals(False)
        self._show_timeline()
        self.links_list.clear()
        for link in network.links:
            item = QListWidgetItem(link_name(network, link))
            item.setData(Qt.ItemDataRole.UserRole, link.id)
            item.setToolTip(link.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.links_list.addItem(item)
        count = len(network.contracts)
        counts = {kind: sum(1 for w in warnings if w.kind is kind) for kind in WarningKind}
        self.status_label.setText(self.tr("%n contract(s)", "", count) + " · " + " · ".join(
            f"{self._kind_text(kind)}: {count}" for kind, count in counts.items() if count))
        if selected is not None and network.contract(selected) is not None:
            self.select_contract(selected)
        else:
            self._load_form(None)

    def _fill_row(self, row: int, contract: Contract, warnings: list[ContractWarning], today: date) -> None:
        links = [link_name(self._network, link) for link in self._network.links if contract.id in link.contracts]
        status = contract_status(contract, today)
        # Intranet contracts cover dozens of links: two names and a count, the full list in the tooltip.
        shown_links = ", ".join(links[:2]) + (f" +{len(links) - 2}" if len(links) > 2 else "")
        cells = [contract.provider, contract.number, contract.service, shown_links or "–",
                 format_bandwidth(contract.bandwidth_kbps), format_date(contract.start, self._lang),
                 format_date(contract.end, self._lang), format_rupiah(contract.value_idr),
                 self._status_text(status), self._days_text(days_left(contract, today)),
                 " ".join(f"⚠ {self._kind_text(kind)}" for kind in dict.fromkeys(w.kind for w in warnings))]
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, contract.id)
            if column in (7, 9):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, column, item)
        self._item(row, COLUMNS.index("links")).setToolTip("\n".join(links))
        badge = self._item(row, COLUMNS.index("warnings"))
        if warnings:
            worst = warnings[0].kind
            for kind in _BADGE_COLOURS:
                if any(w.kind is kind for w in warnings):
                    worst = kind
                    break
            badge.setBackground(QBrush(_BADGE_COLOURS[worst]))
            badge.setForeground(QBrush(QColor("white")))
            badge.setToolTip("\n".join(w.message for w in warnings))
        if status is ContractStatus.EXPIRED:
            self._item(row, COLUMNS.index("status")).setForeground(QBrush(QColor(150, 0, 0)))

    def _days_text(self, left: int) -> str:
        return self.tr("ended %n day(s) ago", "", -left) if left < 0 else str(left)

    def _item(self, row: int, column: int) -> QTableWidgetItem:
        item = self.table.item(row, column)
        assert item is not None, "every cell is filled by _fill_row"
        return item

    def _status_text(self, status: ContractStatus) -> str:
        return {ContractStatus.UPCOMING: self.tr("upcoming"), ContractStatus.ACTIVE: self.tr("active"),
                ContractStatus.EXPIRING: self.tr("expiring"), ContractStatus.EXPIRED: self.tr("expired")}[status]

    def _kind_text(self, kind: WarningKind) -> str:
        return {WarningKind.EXPIRING: self.tr("expiring"), WarningKind.EXPIRED: self.tr("expired"),
                WarningKind.NO_APPROVED_BUDGET: self.tr("no approved budget"),
                WarningKind.PAYMENT_OVERDUE: self.tr("payment overdue"),
                WarningKind.COVERAGE_GAP: self.tr("coverage gap")}[kind]

    def _show_timeline(self) -> None:
        link_id = self.link_choice.currentData()
        self.timeline.show_link(self._network, link_id or "", self._today(), self._lang)

    def show_link(self, link_id: str) -> None:
        """Show `link_id` on the timeline."""
        index = self.link_choice.findData(link_id)
        if index >= 0:
            self.link_choice.setCurrentIndex(index)

    def selected_contract_id(self) -> str | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def select_contract(self, contract_id: str) -> None:
        for row in range(self.table.rowCount()):
            if self._item(row, 0).data(Qt.ItemDataRole.UserRole) == contract_id:
                self.table.blockSignals(True)
                self.table.selectRow(row)
                self.table.blockSignals(False)
                self._on_selection()
                return

    def _on_selection(self) -> None:
        contract_id = self.selected_contract_id()
        self._load_form(self._network.contract(contract_id) if contract_id else None)
        if contract_id is not None:
            self._timeline_to(contract_id)

    def _timeline_to(self, contract_id: str) -> None:
        """Show a link of the contract on the timeline (the one shown, if the contract covers it)."""
        covered = [link.id for link in self._network.links if contract_id in link.contracts]
        if covered and self.link_choice.currentData() not in covered:
            self.show_link(covered[0])









    # Measured service -------------------------------------------------------------------------------------------




    # Report ---------------------------------------------------------------------------------------------------------






    # Editing ----------------------------------------------------------------------------------------------------





    # Budget requests and correspondence ------------------------------------------------------------------------




















    # Saving -----------------------------------------------------------------------------------------------------






