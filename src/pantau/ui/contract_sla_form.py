"""The SLA terms of the contract form, beside its SLA % field: the measurement window, the credit (percent of the
monthly fee per whole hour beyond the allowance), its cap per window, and the announced maintenance excluded from
the measurement (local date-times of the network, with a note), added and removed in a small table.

Empty credit fields, the monthly window and no maintenance mean the contract states no terms (`Contract.sla` None);
anything else becomes `SlaTerms`, checked with the rest of the form by `validate_network`, whose problems are shown
by the field they name (`sla_problem_text`).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pantau.domain.inventory import Contract
from pantau.domain.sla_terms import SlaExclusion, SlaTerms, SlaWindow
from pantau.ui.contract_fields import PanelParts

# How a maintenance start or end is written in the table (and read back: ISO with a space, seconds optional).
_MOMENT_FORMAT = "%Y-%m-%d %H:%M"
_EXCLUSION_FIELD = re.compile(r"sla\.exclusions\[(\d+)\]\.(start|end)")
# The table shows this many rows before it scrolls: enough for a year's announced maintenance at a glance.
_EXCLUSION_ROWS_SHOWN = 3


def _moment_text(moment: datetime) -> str:
    return moment.strftime(_MOMENT_FORMAT if moment.second == 0 else "%Y-%m-%d %H:%M:%S")


def _number(text: str) -> float | bool | None:
    """A typed percent: None when empty, False when not a number (a decimal comma is allowed)."""
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return False


class SlaTermsForm(PanelParts):
    """The SLA terms fields of the contract form (a part of `ContractsPanel`: see `contract_fields.PanelParts`)."""

    def _build_sla_terms(self) -> tuple[QHBoxLayout, QWidget]:
        """The terms row (window, credit, cap) and the maintenance box (table with add/remove)."""
        self.sla_window_choice = QComboBox()
        for window in SlaWindow:
            self.sla_window_choice.addItem("", window)
        self.credit_edit = QLineEdit()
        self.credit_edit.setPlaceholderText("2")
        self.cap_edit = QLineEdit()
        self.cap_edit.setPlaceholderText("100")
        self._credit_label = QLabel()
        self._cap_label = QLabel()
        terms = QHBoxLayout()
        terms.addWidget(self.sla_window_choice)
        terms.addWidget(self._credit_label)
        terms.addWidget(self.credit_edit, 1)
        terms.addWidget(self._cap_label)
        terms.addWidget(self.cap_edit, 1)
        self.exclusions_table = QTableWidget(0, 3)
        self.exclusions_table.verticalHeader().setVisible(False)
        self.exclusions_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.exclusions_table.setWordWrap(False)  # one line a row: the note elides, its full text in the cell
        header = self.exclusions_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        row_px = self.exclusions_table.verticalHeader().defaultSectionSize()
        self.exclusions_table.setMaximumHeight(header.sizeHint().height() + _EXCLUSION_ROWS_SHOWN * row_px + 6)
        self.add_exclusion_button = QPushButton()
        self.remove_exclusion_button = QPushButton()
        self.add_exclusion_button.clicked.connect(lambda: self.add_exclusion())
        self.remove_exclusion_button.clicked.connect(self.remove_exclusion)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_exclusion_button)
        buttons.addWidget(self.remove_exclusion_button)
        buttons.addStretch(1)
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.exclusions_table, 1)
        row.addLayout(buttons)
        return terms, box

    def add_exclusion(self, start: datetime | None = None, end: datetime | None = None, note: str = "") -> None:
        """A maintenance row; without times, tonight 22:00 to 02:00 of the next day, to be edited."""
        if start is None or end is None:
            today = self._today()
            start = datetime.combine(today, time(22))
            end = datetime.combine(date.fromordinal(today.toordinal() + 1), time(2))
        row = self.exclusions_table.rowCount()
        self.exclusions_table.insertRow(row)
        for column, text in enumerate((_moment_text(start), _moment_text(end), note)):
            self.exclusions_table.setItem(row, column, QTableWidgetItem(text))

    def remove_exclusion(self) -> None:
        rows = sorted({index.row() for index in self.exclusions_table.selectedIndexes()}, reverse=True)
        if not rows and self.exclusions_table.rowCount():
            rows = [self.exclusions_table.rowCount() - 1]
        for row in rows:
            self.exclusions_table.removeRow(row)

    def _exclusion_cell(self, row: int, column: int) -> str:
        item = self.exclusions_table.item(row, column)
        return item.text().strip() if item is not None else ""

    def _read_exclusions(self) -> tuple[list[SlaExclusion], list[str]]:
        exclusions: list[SlaExclusion] = []
        problems: list[str] = []
        for row in range(self.exclusions_table.rowCount()):
            moments: list[datetime] = []
            for column, name in ((0, self.tr("start")), (1, self.tr("end"))):
                text = self._exclusion_cell(row, column)
                try:
                    moments.append(datetime.fromisoformat(text))
                except ValueError:
                    problems.append(self.tr("Maintenance row {row}: the {field} is not a date and time like "
                                            "2026-03-01 22:00.").format(row=row + 1, field=name))
            if len(moments) == 2:
                exclusions.append(SlaExclusion(moments[0], moments[1], self._exclusion_cell(row, 2)))
        return exclusions, problems

    def _sla_terms_problems(self) -> list[str]:
        """What is wrong with the terms as typed (the domain's rules follow in `validate_network`)."""
        problems = []
        if _number(self.credit_edit.text()) is False:
            problems.append(self.tr("The credit per hour must be a percentage, e.g. 2, or empty."))
        if _number(self.cap_edit.text()) is False:
            problems.append(self.tr("The credit cap must be a percentage, e.g. 30, or empty."))
        return problems + self._read_exclusions()[1]

    def _sla_terms(self) -> SlaTerms | None:
        """The terms the fields hold; None when they state none (see the module). Call after the checks."""
        credit, cap = _number(self.credit_edit.text()), _number(self.cap_edit.text())
        exclusions = self._read_exclusions()[0]
        window = SlaWindow(self.sla_window_choice.currentData())
        if credit is None and cap is None and not exclusions and window is SlaWindow.MONTH:
            return None
        terms = SlaTerms(window=window, exclusions=exclusions)
        if isinstance(credit, float):
            terms.credit_percent_per_hour = credit
        if isinstance(cap, float):
            terms.credit_cap_percent = cap
        return terms

    def _load_sla_terms(self, contract: Contract | None) -> None:
        terms = contract.sla if contract is not None else None
        window = terms.window if terms else SlaWindow.MONTH
        self.sla_window_choice.setCurrentIndex(self.sla_window_choice.findData(window))
        self.credit_edit.setText(f"{terms.credit_percent_per_hour:g}" if terms and terms.has_credit_rule else "")
        # The default cap (the whole window's fee) is shown as empty: that is what empty means.
        self.cap_edit.setText(f"{terms.credit_cap_percent:g}" if terms and terms.credit_cap_percent != 100 else "")
        self.exclusions_table.setRowCount(0)
        for exclusion in terms.exclusions if terms else []:
            self.add_exclusion(exclusion.start, exclusion.end, exclusion.note)

    def sla_problem_text(self, field: str | None, message: str) -> str:
        """A domain problem of the terms with the form's name for its field in front."""
        if field is None or not field.startswith("sla"):
            return message
        found = _EXCLUSION_FIELD.fullmatch(field)
        if found:
            name = self.tr("start") if found.group(2) == "start" else self.tr("end")
            where = self.tr("Maintenance row {row}, {field}").format(row=int(found.group(1)) + 1, field=name)
        else:
            where = {"sla": self.tr("SLA terms"), "sla.credit_percent_per_hour": self.tr("Credit per hour"),
                     "sla.credit_cap_percent": self.tr("Credit cap"),
                     "sla.exclusions": self.tr("Maintenance")}.get(field, field)
        return f"{where}: {message}"

    def _retranslate_sla_terms(self) -> None:
        windows = {SlaWindow.MONTH: self.tr("per month"), SlaWindow.QUARTER: self.tr("per quarter"),
                   SlaWindow.YEAR: self.tr("per year")}
        for index in range(self.sla_window_choice.count()):
            self.sla_window_choice.setItemText(index, windows[SlaWindow(self.sla_window_choice.itemData(index))])
        self.sla_window_choice.setToolTip(self.tr("The window availability is measured over"))
        self._credit_label.setText(self.tr("credit % of the monthly fee per hour"))
        self.credit_edit.setToolTip(self.tr("Per whole hour of downtime beyond what the SLA allows; empty: the "
                                            "contract gives no credit"))
        self._cap_label.setText(self.tr("cap %"))
        self.cap_edit.setToolTip(self.tr("At most this percent of the window's fee; empty: 100"))
        self.exclusions_table.setHorizontalHeaderLabels(
            [self.tr("Start (local time)"), self.tr("End (local time)"), self.tr("Note")])
        self.add_exclusion_button.setText(self.tr("Add"))
        self.remove_exclusion_button.setText(self.tr("Remove"))
