"""The contracts panel's paperwork: the Payments, Budget requests and Correspondence tabs, each a list of the
selected contract's records with a form under it, and the undoable edits they make (a payment recorded, a budget
request or letter added, changed or deleted). Each form names the field at fault; an edit is a new network pushed
through the panel's save pipeline (`contract_saving`)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import timedelta

from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pantau.domain.contracts import (
    DateSpan,
    unpaid_periods,
)
from pantau.domain.inventory import (
    BudgetRequest,
    BudgetStatus,
    Contract,
    Letter,
    Payment,
)
from pantau.reporting.idformat import format_date, format_rupiah
from pantau.ui.contract_fields import PanelParts, pydate, qdate, rupiah
from pantau.ui.contract_timeline import GAP_COLOUR


class PaperworkEditor(PanelParts):
    """The paperwork tabs of `ContractsPanel` (a part of it: see `contract_fields.PanelParts`)."""

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

    def record_payment(self) -> bool:
        """Add the payment filled in on the Payments tab to the selected contract, as an undoable edit."""
        contract_id = self.selected_contract_id()
        if contract_id is None:
            return False
        problems = []
        amount = rupiah(self.paid_amount_edit.text())
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
        contract.payments.append(Payment(pydate(self.paid_on_edit.date()), amount,
                                         pydate(self.paid_from_edit.date()), pydate(self.paid_to_edit.date()),
                                         self.paid_reference_edit.text().strip()))
        contract.payments.sort(key=lambda payment: payment.period_start)
        self._push(self.tr("Record a payment on {id}").format(id=contract_id), after)
        return True

    def _load_paperwork_forms(self, contract: Contract | None) -> None:
        today = self._today()
        self.record_payment_button.setEnabled(contract is not None)
        self.payment_message.clear()
        if contract is not None:
            # The first billed period nobody has paid is the likeliest next payment.
            unpaid = unpaid_periods(contract, contract.end + timedelta(days=365))
            period = unpaid[0] if unpaid else DateSpan(contract.start, contract.end)
            self.paid_on_edit.setDate(qdate(today))
            self.paid_from_edit.setDate(qdate(period.start))
            self.paid_to_edit.setDate(qdate(period.end))
            self.paid_amount_edit.clear()
            self.paid_reference_edit.clear()
        self.budget_message.clear()
        self.letter_message.clear()
        # A new request is most often for the year after the contract ends, when the next contract must run.
        self.budget_year_spin.setValue((contract.end + timedelta(days=1)).year if contract else today.year)
        self.budget_amount_edit.clear()
        self.budget_status_choice.setCurrentIndex(self.budget_status_choice.findData(BudgetStatus.PROPOSED))
        self.budget_decided_check.setChecked(False)
        self.budget_decided_edit.setDate(qdate(today))
        self.budget_note_edit.clear()
        self.letter_sent_edit.setDate(qdate(today))
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
            self.budget_decided_edit.setDate(qdate(request.decided_on))
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
        self.letter_sent_edit.setDate(qdate(letter.sent_on))
        self.letter_to_edit.setText(letter.to)
        self.letter_subject_edit.setText(letter.subject)
        self.letter_reference_edit.setText(letter.reference)
        self.letter_message.clear()

    def _budget_from_form(self) -> BudgetRequest | None:
        """The budget request as filled in, or None with the problems shown, each naming its field."""
        problems = []
        amount = rupiah(self.budget_amount_edit.text())
        if amount is None or amount <= 0:
            problems.append(self.tr("Amount proposed: must be a positive amount in rupiah, e.g. 2.300.000.000."))
        status = BudgetStatus(self.budget_status_choice.currentData())
        decided = self.budget_decided_check.isChecked()
        if status is not BudgetStatus.PROPOSED and not decided:
            problems.append(self.tr("Decided on: an approved or cut request needs the date of the decision."))
        year = self.budget_year_spin.value()
        decided_on = pydate(self.budget_decided_edit.date()) if decided else None
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
        return Letter(pydate(self.letter_sent_edit.date()), self.letter_to_edit.text().strip(),
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
                    item.setForeground(QBrush(GAP_COLOUR))
                table.setItem(row, column, item)

    def _retranslate_paperwork(self) -> None:
        self.payments.setHorizontalHeaderLabels([self.tr("Paid on"), self.tr("Amount"), self.tr("Period"),
                                                 self.tr("Reference")])
        self.budgets.setHorizontalHeaderLabels([self.tr("Year"), self.tr("Amount"), self.tr("Status"),
                                                self.tr("Decided"), self.tr("Note")])
        self.letters.setHorizontalHeaderLabels([self.tr("Sent on"), self.tr("To"), self.tr("Subject"),
                                                self.tr("Reference")])
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
