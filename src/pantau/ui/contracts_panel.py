"""The contracts panel: every bandwidth contract with its status, warnings, money and paperwork, a form to add,
edit and end contracts (with undo), and a per-link timeline of contracts, coverage gaps and budget years.

The panel owns the editing of contracts and their paperwork (payments, budget requests, letters): an edit builds a
new `Network` (a copy with the one contract, and the links it covers, changed), checks it (`validate_network` for
the contract form; each paperwork form names the field at fault), and pushes it on a `QUndoStack`; applying or undoing
an edit shows the network and saves it whole to the workspace with `replace_network` on a `TaskRunner` thread, so
the GUI thread never waits on the disk. Arithmetic and warnings come from `domain.contracts`; formatting from
`reporting.idformat`. The PDF report carries one timeline picture per link history, drawn here by an unshown
`ContractTimeline`, and the saved diagnoses that concern the contract's links, read on the worker.

With a workspace, selecting a contract also measures its service: the outage log is read on a `TaskRunner` thread
and judged by `domain.contract_service` (a link's outages are those of the site that hangs off it). No credit rule
is stored with a contract, so the credit estimate shows only when the host passes a `CreditRule`.
"""

from __future__ import annotations

import copy
import logging
import time as clock
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pyqtgraph as pg  # type: ignore[import-untyped]
from PySide6.QtCore import QCoreApplication, QDate, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QImage, QResizeEvent, QShowEvent, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pantau.domain.contract_service import (
    ContractService,
    CreditRule,
    Interval,
    contract_service,
    down_intervals,
    link_subject,
    paid_share_of_year,
    period_interval,
)
from pantau.domain.contracts import (
    ContractStatus,
    ContractWarning,
    DateSpan,
    Gap,
    WarningKind,
    contract_status,
    contract_warnings,
    contracts_for_link,
    cost_per_mbps_month_idr,
    days_left,
    gaps_for_link,
    monthly_cost_idr,
    unpaid_periods,
)
from pantau.domain.inventory import (
    BillingPeriod,
    BudgetRequest,
    BudgetStatus,
    Contract,
    Letter,
    Link,
    LinkRole,
    Network,
    Payment,
    validate_network,
)
from pantau.reporting.contract_report import contract_report_html, link_groups
from pantau.reporting.idformat import format_bandwidth, format_date, format_rupiah
from pantau.storage.workspace import Workspace
from pantau.ui.contract_pdf import write_pdf
from pantau.ui.tables import read_only_table
from pantau.ui.workers import Progress, TaskRunner

# Table columns, in order.
COLUMNS = ("provider", "number", "service", "links", "bandwidth", "start", "end", "value", "status", "days",
           "warnings")
MIN_VISIBLE_ROWS = 6  # contracts the list shows whole wherever the panel has the height
_BELOW_LIST_MIN_PX = 60  # the form's tabs and the timeline keep at least this much (they scroll, or give way)
_SAVE_WAIT_S = 10.0
# The newest saved diagnoses the report chooses its evidence from.
_EVIDENCE_ROWS = 500
# Drawn larger than printed (TIMELINE_WIDTH_PX) so the picture stays sharp on paper.
_TIMELINE_IMAGE_PX = (1000, 340)
_GAP_COLOUR = QColor(214, 39, 40)
_BAR_COLOURS = (QColor(31, 119, 180), QColor(44, 160, 44))
_BADGE_COLOURS = {
    WarningKind.EXPIRED: QColor(214, 39, 40),
    WarningKind.COVERAGE_GAP: QColor(214, 39, 40),
    WarningKind.PAYMENT_OVERDUE: QColor(255, 127, 14),
    WarningKind.NO_APPROVED_BUDGET: QColor(255, 127, 14),
    WarningKind.EXPIRING: QColor(188, 150, 0),
}

log = logging.getLogger(__name__)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def _rupiah(text: str) -> int | None:
    """An amount typed with or without "Rp" and Indonesian grouping (1.800.000.000); None when it is not one."""
    digits = text.strip().removeprefix("Rp").strip().replace(".", "").replace(" ", "")
    return int(digits) if digits.isdigit() else None


def listed_order(contracts: Sequence[Contract], warnings: Sequence[ContractWarning]) -> list[Contract]:
    """The order of the list: contracts with warnings first (they need someone), then the newest first."""
    warned = {warning.contract_id for warning in warnings}
    by_newest = sorted(contracts, key=lambda c: (c.start, c.end, c.id), reverse=True)
    return sorted(by_newest, key=lambda c: c.id not in warned)


def link_name(network: Network, link: Link) -> str:
    """A link as people name it: the office it serves (a backup link says so); its id where no office is known."""
    site = network.site(link_subject(network, link))
    if site is None:
        return link.id
    if link.role is LinkRole.BACKUP:
        return QCoreApplication.translate("ContractsPanel", "{office} (backup)").format(office=site.name)
    return site.name


class _NetworkEdit(QUndoCommand):
    """One edit: the whole network before and after, so undo is exact whatever the edit touched."""

    def __init__(self, text: str, before: Network, after: Network, apply: Callable[[Network], None]) -> None:
        super().__init__(text)
        self._before = before
        self._after = after
        self._apply = apply

    def redo(self) -> None:
        self._apply(copy.deepcopy(self._after))

    def undo(self) -> None:
        self._apply(copy.deepcopy(self._before))


class ContractTimeline(pg.PlotWidget):  # type: ignore[misc]
    """One link's contract history on a date axis: contracts as bars, coverage gaps in red, today's line, and the
    regional budget years (January–December) shaded alternately."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, axisItems={"bottom": pg.DateAxisItem(orientation="bottom")})
        self.setBackground("w")
        self.hideAxis("left")
        self.setMouseEnabled(y=False)
        self.setMinimumHeight(160)
        self.gaps: list[Gap] = []
        self.contract_ids: list[str] = []
        self.budget_years: list[int] = []
        self.year_labels: list[pg.TextItem] = []
        self.rate_labels: list[pg.TextItem] = []

    def show_link(self, network: Network, link_id: str, today: date, lang: str) -> None:
        self.clear()
        link = next((item for item in network.links if item.id == link_id), None)
        contracts = contracts_for_link(network, link) if link is not None else []
        self.gaps = gaps_for_link(network, link) if link is not None else []
        self.contract_ids = [c.id for c in contracts]
        self.budget_years = []
        self.year_labels = []
        self.rate_labels = []
        if not contracts:
            return
        tz = ZoneInfo(network.timezone)

        def ts(day: date) -> float:
            return datetime.combine(day, time(), tz).timestamp()

        first, last = min(c.start for c in contracts), max(max(c.end for c in contracts), today)
        self.budget_years = list(range(first.year, last.year + 1))
        for year in self.budget_years:
            shade = pg.LinearRegionItem((ts(date(year, 1, 1)), ts(date(year + 1, 1, 1))), movable=False,
                                        brush=QBrush(QColor(0, 0, 0, 18 if year % 2 else 6)), pen=pg.mkPen(None))
            shade.setZValue(-10)
            self.addItem(shade)
            label = pg.TextItem(str(year), color=(110, 110, 110), anchor=(0, 0))
            label.setPos(ts(date(year, 1, 1)), 1.58)
            self.addItem(label)
            self.year_labels.append(label)
        for index, contract in enumerate(contracts):
            start, end = ts(contract.start), ts(contract.end + timedelta(days=1))
            colour = _BAR_COLOURS[index % 2]
            self.addItem(pg.BarGraphItem(x0=[start], x1=[end], y0=[0.1], y1=[0.9], brush=QBrush(colour),
                                         pen=pg.mkPen(colour.darker(130))))
            # Inside its bar (alternately high and low, so neighbours' rates do not meet): above the bar it ran
            # into the year labels as soon as the panel was low.
            text = pg.TextItem(format_bandwidth(contract.bandwidth_kbps), color=(255, 255, 255), anchor=(0, 0.5))
            text.setPos(start, 0.32 if index % 2 else 0.68)
            self.addItem(text)
            self.rate_labels.append(text)
        for gap in self.gaps:
            self.addItem(pg.BarGraphItem(x0=[ts(gap.start)], x1=[ts(gap.end + timedelta(days=1))], y0=[0.0],
                                         y1=[1.0], brush=QBrush(_GAP_COLOUR), pen=pg.mkPen(_GAP_COLOUR)))
            label = pg.TextItem(f"{format_date(gap.start, lang)} – {format_date(gap.end, lang)}",
                                color=_GAP_COLOUR, anchor=(0.5, 0))
            label.setPos(ts(gap.start), -0.05)
            self.addItem(label)
        self.addItem(pg.InfiniteLine(ts(today), angle=90, pen=pg.mkPen(QColor(0, 0, 0), width=2,
                                                                         style=Qt.PenStyle.DashLine)))
        self.setYRange(-0.6, 1.6, padding=0)
        self.setXRange(ts(date(first.year, 1, 1)), ts(date(last.year + 1, 1, 1)), padding=0.01)


class ContractsPanel(QWidget):
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
                 now: Callable[[], float] = clock.time, credit_rule: CreditRule | None = None,
                 lang: str = "id", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._today = today
        self._now = now
        self._credit_rule = credit_rule
        self._measuring: str | None = None
        self.last_service: ContractService | None = None
        self._last_outages: list[tuple[str, Interval]] = []
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

    def _build_payments(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.payments)
        self.paid_on_edit = QDateEdit()
        self.paid_amount_edit = QLineEdit()
        self.paid_amount_edit.setPlaceholderText("760.000.000")
        self.paid_from_edit = QDateEdit()
        self.paid_to_edit = QDateEdit()
        for edit in (self.paid_on_edit, self.paid_from_edit, self.paid_to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.paid_reference_edit = QLineEdit()
        self.paid_reference_edit.setPlaceholderText("SP2D …")
        self.record_payment_button = QPushButton()
        self.record_payment_button.clicked.connect(self.record_payment)
        self._payment_labels = [QLabel() for _ in range(5)]
        form = QFormLayout()
        for label, field in zip(self._payment_labels, (self.paid_on_edit, self.paid_amount_edit, self.paid_from_edit,
                                                       self.paid_to_edit, self.paid_reference_edit), strict=True):
            form.addRow(label, field)
        layout.addLayout(form)
        self.payment_message = QLabel()
        self.payment_message.setStyleSheet("color: #b00000")
        layout.addWidget(self.payment_message)
        layout.addWidget(self.record_payment_button)
        return box

    def _build_budgets(self) -> QWidget:
        self.budgets.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.budgets.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.budgets.itemSelectionChanged.connect(self._on_budget_selection)
        self.budget_year_spin = QSpinBox()
        self.budget_year_spin.setRange(1990, 2200)
        self.budget_amount_edit = QLineEdit()
        self.budget_amount_edit.setPlaceholderText("2.300.000.000")
        self.budget_status_choice = QComboBox()
        for status in BudgetStatus:
            self.budget_status_choice.addItem("", status)
        self.budget_decided_check = QCheckBox()
        self.budget_decided_edit = QDateEdit()
        self.budget_decided_edit.setCalendarPopup(True)
        self.budget_decided_edit.setDisplayFormat("yyyy-MM-dd")
        self.budget_decided_check.toggled.connect(self.budget_decided_edit.setEnabled)
        self.budget_decided_edit.setEnabled(False)
        decided_row = QHBoxLayout()
        decided_row.addWidget(self.budget_decided_check)
        decided_row.addWidget(self.budget_decided_edit, 1)
        self.budget_note_edit = QLineEdit()
        self._budget_labels = [QLabel() for _ in range(5)]
        self.budget_message = QLabel()
        self.add_budget_button = QPushButton()
        self.update_budget_button = QPushButton()
        self.delete_budget_button = QPushButton()
        self.add_budget_button.clicked.connect(self.add_budget_request)
        self.update_budget_button.clicked.connect(self.update_budget_request)
        self.delete_budget_button.clicked.connect(self.delete_budget_request)
        fields: list[QWidget | QHBoxLayout] = [self.budget_year_spin, self.budget_amount_edit,
                                               self.budget_status_choice, decided_row, self.budget_note_edit]
        return self._paperwork_page(self.budgets, self._budget_labels, fields, self.budget_message,
                                    (self.add_budget_button, self.update_budget_button, self.delete_budget_button))

    def _build_letters(self) -> QWidget:
        self.letters.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.letters.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.letters.itemSelectionChanged.connect(self._on_letter_selection)
        self.letter_sent_edit = QDateEdit()
        self.letter_sent_edit.setCalendarPopup(True)
        self.letter_sent_edit.setDisplayFormat("yyyy-MM-dd")
        self.letter_to_edit = QLineEdit()
        self.letter_to_edit.setPlaceholderText("Bappeda")
        self.letter_subject_edit = QLineEdit()
        self.letter_reference_edit = QLineEdit()
        self.letter_reference_edit.setPlaceholderText("005/123/DISKOMINFO")
        self._letter_labels = [QLabel() for _ in range(4)]
        self.letter_message = QLabel()
        self.add_letter_button = QPushButton()
        self.update_letter_button = QPushButton()
        self.delete_letter_button = QPushButton()
        self.add_letter_button.clicked.connect(self.add_letter)
        self.update_letter_button.clicked.connect(self.update_letter)
        self.delete_letter_button.clicked.connect(self.delete_letter)
        fields: list[QWidget | QHBoxLayout] = [self.letter_sent_edit, self.letter_to_edit, self.letter_subject_edit,
                                               self.letter_reference_edit]
        return self._paperwork_page(self.letters, self._letter_labels, fields, self.letter_message,
                                    (self.add_letter_button, self.update_letter_button, self.delete_letter_button))

    def _paperwork_page(self, table: QTableWidget, labels: list[QLabel], fields: list[QWidget | QHBoxLayout],
                        message: QLabel, buttons: tuple[QPushButton, ...]) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(table)
        form = QFormLayout()
        for label, field in zip(labels, fields, strict=True):
            form.addRow(label, field)
        layout.addLayout(form)
        message.setWordWrap(True)
        message.setStyleSheet("color: #b00000")
        layout.addWidget(message)
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        layout.addLayout(row)
        return box

    def _build_form(self) -> QWidget:
        box = QWidget()
        form = QFormLayout()
        self.id_edit = QLineEdit()
        self.provider_edit = QLineEdit()
        self.number_edit = QLineEdit()
        self.service_edit = QLineEdit()
        self.bandwidth_spin = QSpinBox()
        self.bandwidth_spin.setRange(0, 100_000_000)
        self.bandwidth_unit = QComboBox()
        self.bandwidth_unit.addItems(["kbps", "Mbps"])
        bandwidth_row = QHBoxLayout()
        bandwidth_row.addWidget(self.bandwidth_spin, 1)
        bandwidth_row.addWidget(self.bandwidth_unit)
        self.start_edit = QDateEdit()
        self.end_edit = QDateEdit()
        for edit in (self.start_edit, self.end_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        # Rupiah amounts pass 2^31, so the value is text, read with Indonesian grouping allowed.
        self.value_edit = QLineEdit()
        self.value_edit.setPlaceholderText("1.800.000.000")
        self.billing_choice = QComboBox()
        for period in BillingPeriod:
            self.billing_choice.addItem("", period)
        self.sla_edit = QLineEdit()
        self.sla_edit.setPlaceholderText("99.5")
        self.links_list = QListWidget()
        self.links_list.setMaximumHeight(90)
        self.notes_edit = QLineEdit()
        self._form_labels = [QLabel() for _ in range(12)]
        fields: list[QWidget | QHBoxLayout] = [
            self.id_edit, self.provider_edit, self.number_edit, self.service_edit, bandwidth_row, self.start_edit,
            self.end_edit, self.value_edit, self.billing_choice, self.sla_edit, self.links_list, self.notes_edit]
        for label, field in zip(self._form_labels, fields, strict=True):
            form.addRow(label, field)
        self.derived_label = QLabel()
        self.derived_label.setWordWrap(True)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet("color: #b00000")
        self.new_button = QPushButton()
        self.apply_button = QPushButton()
        self.end_button = QPushButton()
        self.undo_button = QPushButton()
        self.new_button.clicked.connect(self.new_contract)
        self.apply_button.clicked.connect(self.apply_form)
        self.end_button.clicked.connect(self.end_selected)
        self.undo_button.clicked.connect(self.undo_stack.undo)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.apply_button, self.end_button, self.undo_button):
            buttons.addWidget(button)
        outer = QVBoxLayout(box)
        outer.addLayout(form)
        outer.addWidget(self.derived_label)
        self.service_label = QLabel()
        self.service_label.setWordWrap(True)
        outer.addWidget(self.service_label)
        outer.addWidget(self.message_label)
        outer.addLayout(buttons)
        self._editing: str | None = None
        return box

    def retranslate_ui(self) -> None:
        """Set every fixed text in the current language, and show the network again in it."""
        self.table.setHorizontalHeaderLabels([
            self.tr("Provider"), self.tr("Number"), self.tr("Service"), self.tr("Links"), self.tr("Bandwidth"),
            self.tr("Start"), self.tr("End"), self.tr("Value"), self.tr("Status"), self.tr("Days left"),
            self.tr("Warnings")])
        for index, title in enumerate((self.tr("Details"), self.tr("Payments"), self.tr("Budget requests"),
                                       self.tr("Correspondence"))):
            self.tabs.setTabText(index, title)
        self.payments.setHorizontalHeaderLabels([self.tr("Paid on"), self.tr("Amount"), self.tr("Period"),
                                                 self.tr("Reference")])
        self.budgets.setHorizontalHeaderLabels([self.tr("Year"), self.tr("Amount"), self.tr("Status"),
                                                self.tr("Decided"), self.tr("Note")])
        self.letters.setHorizontalHeaderLabels([self.tr("Sent on"), self.tr("To"), self.tr("Subject"),
                                                self.tr("Reference")])
        self.link_label.setText(self.tr("Link:"))
        for label, text in zip(self._payment_labels, (self.tr("Paid on"), self.tr("Amount (Rp)"),
                                                      self.tr("Period from"), self.tr("Period to"),
                                                      self.tr("Reference")), strict=True):
            label.setText(text)
        self.record_payment_button.setText(self.tr("Record payment"))
        for label, text in zip(self._budget_labels, (self.tr("Budget year"), self.tr("Amount proposed (Rp)"),
                                                     self.tr("Status"), self.tr("Decided on"), self.tr("Note")),
                               strict=True):
            label.setText(text)
        statuses = self._budget_status_texts()
        for index in range(self.budget_status_choice.count()):
            self.budget_status_choice.setItemText(index, statuses[self.budget_status_choice.itemData(index)])
        self.budget_decided_check.setText(self.tr("decided"))
        for label, text in zip(self._letter_labels, (self.tr("Sent on"), self.tr("To"), self.tr("Subject"),
                                                     self.tr("Reference")), strict=True):
            label.setText(text)
        for add, update, delete in ((self.add_budget_button, self.update_budget_button, self.delete_budget_button),
                                    (self.add_letter_button, self.update_letter_button, self.delete_letter_button)):
            add.setText(self.tr("Add"))
            update.setText(self.tr("Save changes"))
            delete.setText(self.tr("Delete"))
        self.timeline_legend.setText(self.tr("Bars: contracts · red: days with no contract · dashed line: today · "
                                             "shading: budget years"))
        periods = {BillingPeriod.MONTHLY: self.tr("monthly"), BillingPeriod.QUARTERLY: self.tr("quarterly"),
                   BillingPeriod.YEARLY: self.tr("yearly")}
        for index in range(self.billing_choice.count()):
            self.billing_choice.setItemText(index, periods[self.billing_choice.itemData(index)])
        texts = (self.tr("Id"), self.tr("Provider"), self.tr("Number"), self.tr("Service"), self.tr("Bandwidth"),
                 self.tr("Start"), self.tr("End"), self.tr("Value (Rp)"), self.tr("Billing"), self.tr("SLA %"),
                 self.tr("Links covered"), self.tr("Notes"))
        for label, text in zip(self._form_labels, texts, strict=True):
            label.setText(text)
        self.new_button.setText(self.tr("New"))
        self.apply_button.setText(self.tr("Apply"))
        self.end_button.setText(self.tr("End today"))
        self.undo_button.setText(self.tr("Undo"))
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

    def _load_form(self, contract: Contract | None) -> None:
        self.message_label.clear()
        self._editing = contract.id if contract else None
        self.end_button.setEnabled(contract is not None)
        self.pdf_button.setEnabled(contract is not None)
        today = self._today()
        shown = contract or Contract("", "", "", "", 0, today, today + timedelta(days=364), 0)
        self.id_edit.setText(shown.id)
        self.provider_edit.setText(shown.provider)
        self.number_edit.setText(shown.number)
        self.service_edit.setText(shown.service)
        whole_mbps = shown.bandwidth_kbps >= 1000 and shown.bandwidth_kbps % 1000 == 0
        self.bandwidth_unit.setCurrentIndex(1 if whole_mbps else 0)
        self.bandwidth_spin.setValue(shown.bandwidth_kbps // 1000 if whole_mbps else shown.bandwidth_kbps)
        self.start_edit.setDate(_qdate(shown.start))
        self.end_edit.setDate(_qdate(shown.end))
        self.value_edit.setText(format_rupiah(shown.value_idr)[3:] if contract else "")
        self.billing_choice.setCurrentIndex(self.billing_choice.findData(shown.billing_period))
        self.sla_edit.setText("" if shown.sla_percent is None else f"{shown.sla_percent:g}")
        self.notes_edit.setText(shown.notes)
        for index in range(self.links_list.count()):
            item = self.links_list.item(index)
            covered = contract is not None and any(
                link.id == item.data(Qt.ItemDataRole.UserRole) and contract.id in link.contracts
                for link in self._network.links)
            item.setCheckState(Qt.CheckState.Checked if covered else Qt.CheckState.Unchecked)
        self._fill_lists(contract)
        self.record_payment_button.setEnabled(contract is not None)
        self.payment_message.clear()
        self._load_paperwork_forms(contract)
        if contract is not None:
            # The first billed period nobody has paid is the likeliest next payment.
            unpaid = unpaid_periods(contract, contract.end + timedelta(days=365))
            period = unpaid[0] if unpaid else DateSpan(contract.start, contract.end)
            self.paid_on_edit.setDate(_qdate(today))
            self.paid_from_edit.setDate(_qdate(period.start))
            self.paid_to_edit.setDate(_qdate(period.end))
            self.paid_amount_edit.clear()
            self.paid_reference_edit.clear()
        self.derived_label.setText(self._derived_text(contract) if contract else "")
        self._measure(contract)

    def _derived_text(self, contract: Contract) -> str:
        parts = []
        if contract.end >= contract.start:
            parts.append(self.tr("Monthly cost: {amount}").format(amount=format_rupiah(monthly_cost_idr(contract))))
            if contract.bandwidth_kbps > 0:
                parts.append(self.tr("per Mbps per month: {amount}").format(
                    amount=format_rupiah(cost_per_mbps_month_idr(contract))))
        year = min(max(self._today().year, contract.start.year), contract.end.year)
        share = paid_share_of_year(self._contracts_of_links(contract), year)
        parts.append(self.tr("{year} covered by paid contract: {percent} %").format(
            year=year, percent=f"{100 * share:.0f}"))
        return " · ".join(parts)

    def _contracts_of_links(self, contract: Contract) -> list[Contract]:
        found = {contract.id: contract}
        for link in self._network.links:
            if contract.id in link.contracts:
                found.update((c.id, c) for c in contracts_for_link(self._network, link))
        return list(found.values())

    def _fill_lists(self, contract: Contract | None) -> None:
        lang = self._lang
        payments = [[format_date(p.paid_on, lang), format_rupiah(p.amount_idr),
                     f"{format_date(p.period_start, lang)} – {format_date(p.period_end, lang)}", p.reference]
                    for p in (contract.payments if contract else [])]
        unpaid = unpaid_periods(contract, self._today()) if contract else []
        overdue = [[self.tr("overdue"), "–", f"{format_date(s.start, lang)} – {format_date(s.end, lang)}",
                    self.tr("not paid")] for s in unpaid]
        self._fill(self.payments, payments + overdue, highlight_from=len(payments))
        statuses = self._budget_status_texts()
        self._fill(self.budgets, [[str(b.year), format_rupiah(b.amount_idr), statuses[b.status],
                                   format_date(b.decided_on, lang) if b.decided_on else "–", b.note]
                                  for b in (contract.budget_requests if contract else [])])
        self._fill(self.letters, [[format_date(x.sent_on, lang), x.to, x.subject, x.reference]
                                  for x in (contract.correspondence if contract else [])])

    def _budget_status_texts(self) -> dict[BudgetStatus, str]:
        return {BudgetStatus.PROPOSED: self.tr("proposed"), BudgetStatus.APPROVED: self.tr("approved"),
                BudgetStatus.CUT: self.tr("cut")}

    def _fill(self, table: QTableWidget, rows: list[list[str]], highlight_from: int | None = None) -> None:
        table.setRowCount(len(rows))
        for row, cells in enumerate(rows):
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if highlight_from is not None and row >= highlight_from:
                    item.setForeground(QBrush(_GAP_COLOUR))
                table.setItem(row, column, item)

    # Measured service -------------------------------------------------------------------------------------------

    def _measure(self, contract: Contract | None) -> None:
        self.last_service = None
        self._last_outages = []
        self.service_label.clear()
        workspace = self._workspace
        self._measuring = contract.id if contract else None
        if workspace is None or contract is None or self._closed:
            return
        network = copy.deepcopy(self._network)
        measured = copy.deepcopy(contract)
        now, rule = self._now(), self._credit_rule
        self.service_label.setText(self.tr("Measuring the service from the outage log…"))

        def measure(progress: Progress) -> tuple[ContractService, list[tuple[str, Interval]]]:
            period = period_interval(DateSpan(measured.start, measured.end), ZoneInfo(network.timezone))
            events = workspace.events(since=period.start)
            down: dict[str, list[Interval]] = {}
            for link in network.links:
                subject = link_subject(network, link)
                down[link.id] = down_intervals(((e.state, e.started, e.ended) for e in events
                                                if e.subject == subject and e.subject_kind == "site"), now)
            watched = Interval(min((e.started for e in events), default=now), now)
            outages = sorted(((link_id, Interval(max(i.start, period.start), min(i.end, period.end)))
                              for link_id, spans in down.items()
                              if any(link.id == link_id and measured.id in link.contracts for link in network.links)
                              for i in spans if i.end > period.start and i.start < period.end),
                             key=lambda item: item[1].start)
            return contract_service(network, measured, down, watched, rule), outages

        self._tasks.submit(measure, self._on_measured, on_error=self._on_measure_error,
                           name="pantau-contracts-measure")

    def _on_measured(self, result: tuple[ContractService, list[tuple[str, Interval]]]) -> None:
        service, outages = result
        if service.contract_id != self._measuring:
            return
        self._last_outages = outages
        self.last_service = service
        worst = service.worst_availability_percent
        if worst is None:
            self.service_label.setText(self.tr("No monitoring history within this contract's period."))
            return
        sla = service.sla_percent
        text = self.tr("Measured availability (worst link): {percent} %").format(percent=f"{worst:.2f}")
        if sla is not None:
            verdict = self.tr("meets the SLA") if service.meets_sla else self.tr("below the SLA")
            text += " · " + self.tr("SLA {percent} %: {verdict}").format(percent=f"{sla:g}", verdict=verdict)
        text += " · " + self.tr("downtime {hours} h").format(hours=f"{service.downtime_hours:.1f}")
        if service.credit_idr is not None:
            text += " · " + self.tr("credit estimate {amount}").format(amount=format_rupiah(service.credit_idr))
        self.service_label.setText(text)

    def _on_measure_error(self, error: Exception) -> None:
        self.service_label.setText(self.tr("Could not read the outage log: {error}").format(error=error))

    # Report ---------------------------------------------------------------------------------------------------------

    def _choose_pdf(self) -> None:
        contract_id = self.selected_contract_id()
        if contract_id is None:
            return
        name = f"{contract_id}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the contract report"), name, self.tr("PDF (*.pdf)"))
        if path:
            self.export_pdf(Path(path))

    def export_pdf(self, path: Path) -> None:
        """Write the selected contract's report to `path` in the background: the measured service (when known),
        a timeline picture per link history, and the saved diagnoses that concern its links as evidence (read
        from the workspace on the worker). `report_written(path, pages)` follows, or `save_failed(message)`."""
        contract_id = self.selected_contract_id()
        if contract_id is None or self._closed:
            return
        service = self.last_service if self.last_service and self.last_service.contract_id == contract_id else None
        network, today, lang = copy.deepcopy(self._network), self._today(), self._lang
        outages = list(self._last_outages) if service else []
        images = self.timeline_images(contract_id)
        names = {link_id: f"timeline-{index}.png" for index, link_id in enumerate(images)}
        pictures = {names[link_id]: image for link_id, image in images.items()}
        workspace = self._workspace
        title = self.tr("Contract report")

        def write(progress: Progress) -> int:
            diagnoses = workspace.diagnoses(limit=_EVIDENCE_ROWS) if workspace is not None else []
            html = contract_report_html(network, contract_id, today, lang, service, outages, diagnoses, names)
            return write_pdf(html, path, title, pictures)

        self.status_label.setText(self.tr("Writing the report…"))
        self._tasks.submit(write, lambda pages: self._on_report(path, pages), on_error=self._on_report_error,
                           name="pantau-contracts-pdf")

    def timeline_images(self, contract_id: str) -> dict[str, QImage]:
        """One timeline picture per group of links with the same history (`link_groups`), keyed by the group's
        first link. Drawn here, on the GUI thread, by an unshown ContractTimeline: pyqtgraph widgets live there."""
        images: dict[str, QImage] = {}
        timeline = ContractTimeline()
        timeline.resize(*_TIMELINE_IMAGE_PX)
        for group in link_groups(self._network, contract_id):
            timeline.show_link(self._network, group[0].id, self._today(), self._lang)
            images[group[0].id] = timeline.grab().toImage()
        timeline.deleteLater()
        return images

    def _on_report(self, path: Path, pages: int) -> None:
        self.status_label.setText(self.tr("Report saved to {path}").format(path=path))
        self.report_written.emit(str(path), pages)

    def _on_report_error(self, error: Exception) -> None:
        message = self.tr("Could not write the report: {error}").format(error=error)
        self.status_label.setText(message)
        self.save_failed.emit(message)

    # Editing ----------------------------------------------------------------------------------------------------

    def new_contract(self) -> None:
        self.table.clearSelection()
        self._load_form(None)
        self.id_edit.setFocus()

    def form_problems(self) -> list[str]:
        """What is wrong with the form as filled in; empty when it can be applied."""
        problems = []
        if not self.id_edit.text().strip():
            problems.append(self.tr("Give the contract an id."))
        elif self._editing is None and self._network.contract(self.id_edit.text().strip()) is not None:
            problems.append(self.tr("Another contract already has this id."))
        if not self.provider_edit.text().strip():
            problems.append(self.tr("Name the provider."))
        if self.end_edit.date() <= self.start_edit.date():
            problems.append(self.tr("The end date must be after the start date."))
        if self.bandwidth_spin.value() <= 0:
            problems.append(self.tr("The bandwidth must be more than zero."))
        value = self._value()
        if value is None or value <= 0:
            problems.append(self.tr("The value must be a positive amount in rupiah, e.g. 1.800.000.000."))
        sla = self._sla()
        if sla is False:
            problems.append(self.tr("The SLA must be a percentage from 0 to 100, e.g. 99.5, or empty."))
        return problems

    def _value(self) -> int | None:
        return _rupiah(self.value_edit.text())

    def record_payment(self) -> bool:
        """Add the payment filled in on the Payments tab to the selected contract, as an undoable edit."""
        contract_id = self.selected_contract_id()
        if contract_id is None:
            return False
        problems = []
        amount = _rupiah(self.paid_amount_edit.text())
        if amount is None or amount <= 0:
            problems.append(self.tr("The amount must be a positive amount in rupiah, e.g. 760.000.000."))
        if self.paid_to_edit.date() < self.paid_from_edit.date():
            problems.append(self.tr("The period must not end before it starts."))
        if problems:
            self.payment_message.setText("\n".join(problems))
            return False
        after = copy.deepcopy(self._network)
        contract = after.contract(contract_id)
        assert contract is not None and amount is not None
        contract.payments.append(Payment(_pydate(self.paid_on_edit.date()), amount,
                                         _pydate(self.paid_from_edit.date()), _pydate(self.paid_to_edit.date()),
                                         self.paid_reference_edit.text().strip()))
        contract.payments.sort(key=lambda payment: payment.period_start)
        self._push(self.tr("Record a payment on {id}").format(id=contract_id), after)
        return True

    # Budget requests and correspondence ------------------------------------------------------------------------

    def _load_paperwork_forms(self, contract: Contract | None) -> None:
        today = self._today()
        self.budget_message.clear()
        self.letter_message.clear()
        # A new request is most often for the year after the contract ends, when the next contract must run.
        self.budget_year_spin.setValue((contract.end + timedelta(days=1)).year if contract else today.year)
        self.budget_amount_edit.clear()
        self.budget_status_choice.setCurrentIndex(self.budget_status_choice.findData(BudgetStatus.PROPOSED))
        self.budget_decided_check.setChecked(False)
        self.budget_decided_edit.setDate(_qdate(today))
        self.budget_note_edit.clear()
        self.letter_sent_edit.setDate(_qdate(today))
        for edit in (self.letter_to_edit, self.letter_subject_edit, self.letter_reference_edit):
            edit.clear()
        for button in (self.add_budget_button, self.add_letter_button):
            button.setEnabled(contract is not None)
        for button in (self.update_budget_button, self.delete_budget_button, self.update_letter_button,
                       self.delete_letter_button):
            button.setEnabled(False)

    def _selected_row(self, table: QTableWidget) -> int | None:
        rows = {index.row() for index in table.selectedIndexes()}
        return min(rows) if rows else None

    def _on_budget_selection(self) -> None:
        contract = self._network.contract(self._editing) if self._editing else None
        row = self._selected_row(self.budgets)
        chosen = contract is not None and row is not None and row < len(contract.budget_requests)
        self.update_budget_button.setEnabled(chosen)
        self.delete_budget_button.setEnabled(chosen)
        if not chosen:
            return
        assert contract is not None and row is not None
        request = contract.budget_requests[row]
        self.budget_year_spin.setValue(request.year)
        self.budget_amount_edit.setText(format_rupiah(request.amount_idr)[3:])
        self.budget_status_choice.setCurrentIndex(self.budget_status_choice.findData(request.status))
        self.budget_decided_check.setChecked(request.decided_on is not None)
        if request.decided_on is not None:
            self.budget_decided_edit.setDate(_qdate(request.decided_on))
        self.budget_note_edit.setText(request.note)
        self.budget_message.clear()

    def _on_letter_selection(self) -> None:
        contract = self._network.contract(self._editing) if self._editing else None
        row = self._selected_row(self.letters)
        chosen = contract is not None and row is not None and row < len(contract.correspondence)
        self.update_letter_button.setEnabled(chosen)
        self.delete_letter_button.setEnabled(chosen)
        if not chosen:
            return
        assert contract is not None and row is not None
        letter = contract.correspondence[row]
        self.letter_sent_edit.setDate(_qdate(letter.sent_on))
        self.letter_to_edit.setText(letter.to)
        self.letter_subject_edit.setText(letter.subject)
        self.letter_reference_edit.setText(letter.reference)
        self.letter_message.clear()

    def _budget_from_form(self) -> BudgetRequest | None:
        """The budget request as filled in, or None with the problems shown, each naming its field."""
        problems = []
        amount = _rupiah(self.budget_amount_edit.text())
        if amount is None or amount <= 0:
            problems.append(self.tr("Amount proposed: must be a positive amount in rupiah, e.g. 2.300.000.000."))
        status = BudgetStatus(self.budget_status_choice.currentData())
        decided = self.budget_decided_check.isChecked()
        if status is not BudgetStatus.PROPOSED and not decided:
            problems.append(self.tr("Decided on: an approved or cut request needs the date of the decision."))
        year = self.budget_year_spin.value()
        decided_on = _pydate(self.budget_decided_edit.date()) if decided else None
        if decided_on is not None and decided_on.year > year:
            problems.append(self.tr("Decided on: a budget for {year} is decided before or during {year}.").format(
                year=year))
        if problems:
            self.budget_message.setText("\n".join(problems))
            return None
        assert amount is not None
        return BudgetRequest(year, amount, status, decided_on, self.budget_note_edit.text().strip())

    def _letter_from_form(self) -> Letter | None:
        """The letter as filled in, or None with the problems shown, each naming its field."""
        problems = []
        if not self.letter_to_edit.text().strip():
            problems.append(self.tr("To: name who the letter was sent to."))
        if not self.letter_subject_edit.text().strip():
            problems.append(self.tr("Subject: say what the letter is about."))
        if problems:
            self.letter_message.setText("\n".join(problems))
            return None
        return Letter(_pydate(self.letter_sent_edit.date()), self.letter_to_edit.text().strip(),
                      self.letter_subject_edit.text().strip(), self.letter_reference_edit.text().strip())

    def _edit_paperwork(self, text: str, change: Callable[[Contract], None]) -> bool:
        contract_id = self._editing
        if contract_id is None or self._network.contract(contract_id) is None:
            return False
        after = copy.deepcopy(self._network)
        contract = after.contract(contract_id)
        assert contract is not None
        change(contract)
        contract.budget_requests.sort(key=lambda request: request.year)
        contract.correspondence.sort(key=lambda letter: letter.sent_on)
        self._push(text.format(id=contract_id), after)
        return True

    def add_budget_request(self) -> bool:
        """Add the budget request filled in on the Budget requests tab to the selected contract (undoable)."""
        request = self._budget_from_form() if self._editing else None
        if request is None:
            return False

        def change(contract: Contract) -> None:
            contract.budget_requests.append(request)

        return self._edit_paperwork(self.tr("Add a budget request to {id}"), change)

    def update_budget_request(self) -> bool:
        """Replace the selected budget request with the form's (undoable)."""
        row = self._selected_row(self.budgets)
        request = self._budget_from_form() if row is not None else None
        if request is None or row is None:
            return False

        def change(contract: Contract) -> None:
            contract.budget_requests[row] = request

        return self._edit_paperwork(self.tr("Edit a budget request of {id}"), change)

    def delete_budget_request(self) -> bool:
        """Delete the selected budget request (undoable)."""
        row = self._selected_row(self.budgets)
        if row is None:
            return False

        def change(contract: Contract) -> None:
            del contract.budget_requests[row]

        return self._edit_paperwork(self.tr("Delete a budget request of {id}"), change)

    def add_letter(self) -> bool:
        """Add the letter filled in on the Correspondence tab to the selected contract (undoable)."""
        letter = self._letter_from_form() if self._editing else None
        if letter is None:
            return False

        def change(contract: Contract) -> None:
            contract.correspondence.append(letter)

        return self._edit_paperwork(self.tr("Add a letter to {id}"), change)

    def update_letter(self) -> bool:
        """Replace the selected letter with the form's (undoable)."""
        row = self._selected_row(self.letters)
        letter = self._letter_from_form() if row is not None else None
        if letter is None or row is None:
            return False

        def change(contract: Contract) -> None:
            contract.correspondence[row] = letter

        return self._edit_paperwork(self.tr("Edit a letter of {id}"), change)

    def delete_letter(self) -> bool:
        """Delete the selected letter (undoable)."""
        row = self._selected_row(self.letters)
        if row is None:
            return False

        def change(contract: Contract) -> None:
            del contract.correspondence[row]

        return self._edit_paperwork(self.tr("Delete a letter of {id}"), change)

    def _sla(self) -> float | bool | None:
        """The SLA %, None when empty, False when not a percentage."""
        text = self.sla_edit.text().strip().replace(",", ".")
        if not text:
            return None
        try:
            value = float(text)
        except ValueError:
            return False
        return value if 0 < value <= 100 else False

    def apply_form(self) -> bool:
        """Apply the form as an undoable edit; False (with the reasons shown) when it is not valid."""
        problems = self.form_problems()
        if not problems:
            after = self._network_with_form()
            problems = [p.message for p in validate_network(after) if p.section in ("contracts", "links")]
        if problems:
            self.message_label.setText("\n".join(problems))
            return False
        verb = self.tr("Edit contract {id}") if self._editing else self.tr("Add contract {id}")
        self._push(verb.format(id=self.id_edit.text().strip()), after)
        return True

    def _network_with_form(self) -> Network:
        after = copy.deepcopy(self._network)
        old = after.contract(self._editing) if self._editing else None
        sla = self._sla()
        unit = 1000 if self.bandwidth_unit.currentIndex() == 1 else 1
        new_id = self.id_edit.text().strip()
        contract = Contract(
            new_id, self.provider_edit.text().strip(), self.number_edit.text().strip(),
            self.service_edit.text().strip(), self.bandwidth_spin.value() * unit, _pydate(self.start_edit.date()),
            _pydate(self.end_edit.date()), self._value() or 0, self.billing_choice.currentData(),
            sla if isinstance(sla, float) else None,
            old.payments if old else [], old.budget_requests if old else [], old.correspondence if old else [],
            self.notes_edit.text().strip())
        if old is not None:
            after.contracts[after.contracts.index(old)] = contract
        else:
            after.contracts.append(contract)
        checked = {self.links_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.links_list.count())
                   if self.links_list.item(i).checkState() == Qt.CheckState.Checked}
        for link in after.links:
            ids = [new_id if cid == self._editing else cid for cid in link.contracts]
            if link.id in checked and new_id not in ids:
                ids.append(new_id)
            elif link.id not in checked:
                ids = [cid for cid in ids if cid != new_id]
            link.contracts = ids
        return after

    def end_selected(self) -> bool:
        """End the selected contract today (its last covered day), as an undoable edit."""
        contract_id = self.selected_contract_id()
        contract = self._network.contract(contract_id) if contract_id else None
        today = self._today()
        if contract is None:
            return False
        if not contract.start < today < contract.end:
            self.message_label.setText(self.tr("Only a running contract can be ended early."))
            return False
        after = copy.deepcopy(self._network)
        ended = after.contract(contract.id)
        assert ended is not None
        ended.end = today
        self._push(self.tr("End contract {id}").format(id=contract.id), after)
        return True

    def _push(self, text: str, after: Network) -> None:
        self.undo_stack.push(_NetworkEdit(text, copy.deepcopy(self._network), after, self._apply))

    def _apply(self, network: Network) -> None:
        self._show(network)
        self.network_changed.emit(network)
        self._save(network)

    # Saving -----------------------------------------------------------------------------------------------------

    def _save(self, network: Network) -> None:
        """Save `network` on a worker thread. One save at a time: an edit made while one runs waits, and only the
        newest waiting network is written after it, so an edit and its quick undo can never land out of order."""
        if self._workspace is None or self._closed:
            return
        self._waiting_save = copy.deepcopy(network)
        self.status_label.setText(self.tr("Saving…"))
        if not self._save_running:
            self._start_waiting_save()

    def _start_waiting_save(self) -> None:
        workspace, snapshot, self._waiting_save = self._workspace, self._waiting_save, None
        if workspace is None or snapshot is None or self._closed:
            return

        def save(progress: Progress) -> None:
            workspace.replace_network(snapshot)

        self._save_running = True
        self._tasks.submit(save, self._on_saved, on_error=self._on_save_error, name="pantau-contracts-save")

    def _on_saved(self, _: object) -> None:
        self._save_running = False
        if self._waiting_save is not None:
            self._start_waiting_save()
            return
        self.status_label.setText(self.tr("Saved."))
        self.saved.emit()

    def _on_save_error(self, error: Exception) -> None:
        self._save_running = False
        message = self.tr("Could not save: {error}").format(error=error)
        self.status_label.setText(message)
        self.save_failed.emit(message)
        if self._waiting_save is not None:
            self._start_waiting_save()

    def pending_saves(self) -> int:
        return self._tasks.pending() + (self._waiting_save is not None)

    def shutdown(self) -> None:
        """Wait for saves in flight; start no more. Call before the workspace is closed."""
        self._closed = True
        self._tasks.wait(_SAVE_WAIT_S)
        # An edit made while the last save ran: written here, since no callback runs any more (the window is off
        # the screen by now, so this wait is the owner's to allow).
        waiting, self._waiting_save = self._waiting_save, None
        if waiting is not None and self._workspace is not None:
            try:
                self._workspace.replace_network(waiting)
            except Exception as error:
                log.error("the last contract edit was not saved: %s", error)
