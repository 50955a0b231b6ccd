"""The contracts panel's Details tab: the form of one contract (id, provider, bandwidth, dates, value, SLA, the links
it covers), its derived figures (monthly cost, per Mbps, the share of the year a paid contract covers), and the
undoable edits it makes: add, edit, end today. The form is checked by itself (`form_problems`) and the network it
would make by `validate_network`; nothing is applied while either finds a problem. The SLA terms beside the SLA %
are a part of their own (`contract_sla_form`)."""

from __future__ import annotations

import copy
from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pantau.domain.contract_service import (
    paid_share_of_year,
)
from pantau.domain.contracts import (
    contracts_for_link,
    cost_per_mbps_month_idr,
    monthly_cost_idr,
)
from pantau.domain.inventory import (
    BillingPeriod,
    Contract,
    Network,
    validate_network,
)
from pantau.reporting.idformat import format_rupiah
from pantau.ui.contract_fields import pydate, qdate, rupiah
from pantau.ui.contract_sla_form import SlaTermsForm


class ContractForm(SlaTermsForm):
    """The contract form of `ContractsPanel` (a part of it: see `contract_fields.PanelParts`)."""

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
        sla_terms, exclusions = self._build_sla_terms()
        self._form_labels = [QLabel() for _ in range(14)]
        fields: list[QWidget | QHBoxLayout] = [
            self.id_edit, self.provider_edit, self.number_edit, self.service_edit, bandwidth_row, self.start_edit,
            self.end_edit, self.value_edit, self.billing_choice, self.sla_edit, sla_terms, exclusions,
            self.links_list, self.notes_edit]
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
        return problems + self._sla_terms_problems()

    def _value(self) -> int | None:
        return rupiah(self.value_edit.text())

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
            problems = [self.sla_problem_text(p.field, p.message) for p in validate_network(after)
                        if p.section in ("contracts", "links")]
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
            self.service_edit.text().strip(), self.bandwidth_spin.value() * unit, pydate(self.start_edit.date()),
            pydate(self.end_edit.date()), self._value() or 0, self.billing_choice.currentData(),
            sla if isinstance(sla, float) else None,
            old.payments if old else [], old.budget_requests if old else [], old.correspondence if old else [],
            self.notes_edit.text().strip(), self._sla_terms())
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
        self.start_edit.setDate(qdate(shown.start))
        self.end_edit.setDate(qdate(shown.end))
        self.value_edit.setText(format_rupiah(shown.value_idr)[3:] if contract else "")
        self.billing_choice.setCurrentIndex(self.billing_choice.findData(shown.billing_period))
        self.sla_edit.setText("" if shown.sla_percent is None else f"{shown.sla_percent:g}")
        self.notes_edit.setText(shown.notes)
        self._load_sla_terms(contract)
        for index in range(self.links_list.count()):
            item = self.links_list.item(index)
            covered = contract is not None and any(
                link.id == item.data(Qt.ItemDataRole.UserRole) and contract.id in link.contracts
                for link in self._network.links)
            item.setCheckState(Qt.CheckState.Checked if covered else Qt.CheckState.Unchecked)
        self._fill_lists(contract)
        self._load_paperwork_forms(contract)
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

    def _retranslate_form(self) -> None:
        periods = {BillingPeriod.MONTHLY: self.tr("monthly"), BillingPeriod.QUARTERLY: self.tr("quarterly"),
                   BillingPeriod.YEARLY: self.tr("yearly")}
        for index in range(self.billing_choice.count()):
            self.billing_choice.setItemText(index, periods[self.billing_choice.itemData(index)])
        texts = (self.tr("Id"), self.tr("Provider"), self.tr("Number"), self.tr("Service"), self.tr("Bandwidth"),
                 self.tr("Start"), self.tr("End"), self.tr("Value (Rp)"), self.tr("Billing"), self.tr("SLA %"),
                 self.tr("SLA terms"), self.tr("Maintenance"), self.tr("Links covered"), self.tr("Notes"))
        for label, text in zip(self._form_labels, texts, strict=True):
            label.setText(text)
        self.new_button.setText(self.tr("New"))
        self.apply_button.setText(self.tr("Apply"))
        self.end_button.setText(self.tr("End today"))
        self.undo_button.setText(self.tr("Undo"))
        self._retranslate_sla_terms()
