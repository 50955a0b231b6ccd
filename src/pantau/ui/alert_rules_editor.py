"""The alert settings' Rules tab: when a site's DOWN and DEGRADED alert, recoveries, contract warnings and
diagnosis verdicts in alerts, quiet hours and what they hold back, and the per-group overrides (by site kind,
kecamatan or target role; the first matching row applies). `_rules_from_form` reads the tab, with the maintenance
windows, into `AlertRules`."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from pantau.domain.alerts import AlertKind, AlertRules, QuietHours, RuleOverride
from pantau.domain.inventory import SiteKind, TargetRole
from pantau.ui.alert_parts import AlertSettingsParts, FieldError, row_table


class RulesEditor(AlertSettingsParts):
    """The Rules tab of `AlertSettingsDialog` (a part of it: see `alert_parts.AlertSettingsParts`)."""

    def _minutes(self, maximum: float = 24 * 60) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(0, maximum)
        spin.setDecimals(1)
        spin.setSuffix(self.tr(" min"))
        return spin

    def _build_rules(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        form = QFormLayout()
        self.down_after = self._minutes()
        form.addRow(self.tr("Alert DOWN after"), self.down_after)
        self.recovery_check = QCheckBox(self.tr("Alert when an alerted site recovers"))
        form.addRow("", self.recovery_check)
        degraded_row = QHBoxLayout()
        self.degraded_check = QCheckBox(self.tr("Alert DEGRADED lasting longer than"))
        self.degraded_after = self._minutes()
        self.degraded_check.toggled.connect(self.degraded_after.setEnabled)
        degraded_row.addWidget(self.degraded_check)
        degraded_row.addWidget(self.degraded_after, 1)
        form.addRow("", degraded_row)
        self.contract_check = QCheckBox(self.tr("Alert contract warnings (expiring, unpaid, no budget)"))
        form.addRow("", self.contract_check)
        self.diagnosis_check = QCheckBox(self.tr("Name the latest diagnosis verdict in alerts"))
        form.addRow("", self.diagnosis_check)
        line_row = QHBoxLayout()
        self.line_full_check = QCheckBox(self.tr("Alert a measured line at 90 % or more for"))
        self.line_full_after = self._minutes()
        self.line_full_check.toggled.connect(self.line_full_after.setEnabled)
        line_row.addWidget(self.line_full_check)
        line_row.addWidget(self.line_full_after, 1)
        form.addRow("", line_row)
        self.interface_check = QCheckBox(self.tr("Alert when a router reports a measured line's interface down"))
        form.addRow("", self.interface_check)
        quiet_row = QHBoxLayout()
        self.quiet_check = QCheckBox(self.tr("Quiet hours from"))
        self.quiet_start = QTimeEdit()
        self.quiet_start.setDisplayFormat("HH:mm")
        self.quiet_end = QTimeEdit()
        self.quiet_end.setDisplayFormat("HH:mm")
        for edit in (self.quiet_start, self.quiet_end):
            self.quiet_check.toggled.connect(edit.setEnabled)
        quiet_row.addWidget(self.quiet_check)
        quiet_row.addWidget(self.quiet_start)
        quiet_row.addWidget(QLabel(self.tr("to")))
        quiet_row.addWidget(self.quiet_end)
        quiet_row.addStretch(1)
        form.addRow("", quiet_row)
        kinds_row = QHBoxLayout()
        self.quiet_kind_checks: dict[AlertKind, QCheckBox] = {
            AlertKind.DOWN: QCheckBox(self.tr("DOWN")), AlertKind.DEGRADED: QCheckBox(self.tr("DEGRADED")),
            AlertKind.FLAPPING: QCheckBox(self.tr("flapping")), AlertKind.CONTRACT: QCheckBox(self.tr("contract")),
            AlertKind.LINE_FULL: QCheckBox(self.tr("full line")),
        }
        for check in self.quiet_kind_checks.values():
            kinds_row.addWidget(check)
        kinds_row.addStretch(1)
        form.addRow(self.tr("Held back in quiet hours"), kinds_row)
        form.addRow("", QLabel(self.tr("Recoveries are never held back.")))
        layout.addLayout(form)

        overrides = QGroupBox(self.tr("Per group (the first matching row applies)"))
        group_layout = QVBoxLayout(overrides)
        self.override_table = row_table([self.tr("Site kind"), self.tr("Kecamatan"), self.tr("Target role"),
                                           self.tr("Alerts"), self.tr("DOWN after"), self.tr("DEGRADED after")])
        group_layout.addWidget(self.override_table)
        match = QFormLayout()
        self.override_kind = QComboBox()
        self.override_kind.addItem(self.tr("any"), None)
        for kind in SiteKind:
            self.override_kind.addItem(kind.value, kind)
        self.override_kecamatan = QComboBox()
        self.override_kecamatan.setEditable(True)
        self.override_kecamatan.addItems(["", *sorted({s.kecamatan for s in self._network.sites if s.kecamatan})])
        self.override_role = QComboBox()
        self.override_role.addItem(self.tr("any"), None)
        for role in TargetRole:
            self.override_role.addItem(role.value, role)
        match_row = QHBoxLayout()
        for label, widget in ((self.tr("Site kind"), self.override_kind),
                              (self.tr("Kecamatan"), self.override_kecamatan),
                              (self.tr("Target role"), self.override_role)):
            match_row.addWidget(QLabel(label))
            match_row.addWidget(widget, 1)
        match.addRow(self.tr("Sites"), match_row)
        values_row = QHBoxLayout()
        self.override_enabled = QCheckBox(self.tr("alert"))
        self.override_enabled.setChecked(True)
        self.override_down = self._minutes()
        self.override_degraded_check = QCheckBox(self.tr("DEGRADED after"))
        self.override_degraded_check.setChecked(True)
        self.override_degraded = self._minutes()
        self.override_degraded.setValue(15)
        self.override_degraded_check.toggled.connect(self.override_degraded.setEnabled)
        values_row.addWidget(self.override_enabled)
        values_row.addWidget(QLabel(self.tr("DOWN after")))
        values_row.addWidget(self.override_down)
        values_row.addWidget(self.override_degraded_check)
        values_row.addWidget(self.override_degraded)
        match.addRow(self.tr("Rule"), values_row)
        group_layout.addLayout(match)
        buttons = QHBoxLayout()
        self.add_override_button = QPushButton(self.tr("Add group rule"))
        self.add_override_button.clicked.connect(self.add_override)
        self.remove_override_button = QPushButton(self.tr("Remove selected"))
        self.remove_override_button.clicked.connect(self.remove_override)
        buttons.addWidget(self.add_override_button)
        buttons.addWidget(self.remove_override_button)
        buttons.addStretch(1)
        group_layout.addLayout(buttons)
        layout.addWidget(overrides, 1)
        return page

    def _show_rules(self, rules: AlertRules) -> None:
        self._rules = rules
        self.down_after.setValue(rules.down_after_minutes)
        self.recovery_check.setChecked(rules.recovery)
        self.degraded_check.setChecked(rules.degraded_after_minutes is not None)
        self.degraded_after.setValue(rules.degraded_after_minutes if rules.degraded_after_minutes is not None
                                     else 15.0)
        self.degraded_after.setEnabled(rules.degraded_after_minutes is not None)
        self.contract_check.setChecked(rules.contract_warnings)
        self.diagnosis_check.setChecked(rules.diagnosis_verdicts)
        self.line_full_check.setChecked(rules.line_full_minutes is not None)
        self.line_full_after.setValue(rules.line_full_minutes if rules.line_full_minutes is not None else 15.0)
        self.line_full_after.setEnabled(rules.line_full_minutes is not None)
        self.interface_check.setChecked(rules.interface_down)
        quiet = rules.quiet_hours or QuietHours.between("22:00", "06:00")
        self.quiet_check.setChecked(rules.quiet_hours is not None)
        self.quiet_start.setEnabled(rules.quiet_hours is not None)
        self.quiet_end.setEnabled(rules.quiet_hours is not None)
        self.quiet_start.setTime(QTime(quiet.start_minute // 60, quiet.start_minute % 60))
        self.quiet_end.setTime(QTime(quiet.end_minute // 60, quiet.end_minute % 60))
        for kind, check in self.quiet_kind_checks.items():
            check.setChecked(kind in rules.quiet_kinds)
        self._overrides = list(rules.overrides)
        self._windows = list(rules.maintenance)
        self._fill_overrides()
        self._fill_windows()
        self._set_rules_enabled(True)

    def _fill_overrides(self) -> None:
        self.override_table.setRowCount(len(self._overrides))
        for row, override in enumerate(self._overrides):
            degraded = override.degraded_after_minutes
            cells = [override.match_kind.value if override.match_kind else self.tr("any"),
                     override.match_kecamatan or self.tr("any"),
                     override.match_role.value if override.match_role else self.tr("any"),
                     self.tr("yes") if override.enabled else self.tr("no"),
                     self.tr("{minutes} min").format(minutes=f"{override.down_after_minutes:g}"),
                     self.tr("never") if degraded is None else self.tr("{minutes} min").format(
                         minutes=f"{degraded:g}")]
            for column, text in enumerate(cells):
                self.override_table.setItem(row, column, QTableWidgetItem(text))

    def add_override(self) -> None:
        kecamatan = self.override_kecamatan.currentText().strip()
        try:
            override = RuleOverride(
                match_kind=self.override_kind.currentData(), match_kecamatan=kecamatan or None,
                match_role=self.override_role.currentData(), down_after_minutes=self.override_down.value(),
                degraded_after_minutes=(self.override_degraded.value() if self.override_degraded_check.isChecked()
                                        else None),
                enabled=self.override_enabled.isChecked())
        except ValueError:
            self._show_error(FieldError(self.tr("Group rule"), self.tr("choose a site kind, a kecamatan or a "
                                                                       "target role"), self.override_kind))
            return
        self._overrides.append(override)
        self._fill_overrides()
        self.error_label.clear()

    def remove_override(self) -> None:
        rows = sorted({index.row() for index in self.override_table.selectedIndexes()}, reverse=True)
        for row in rows:
            del self._overrides[row]
        self._fill_overrides()

    def _rules_from_form(self) -> AlertRules:
        quiet = None
        if self.quiet_check.isChecked():
            start, end = self.quiet_start.time().toString("HH:mm"), self.quiet_end.time().toString("HH:mm")
            if start == end:
                raise FieldError(self.tr("Quiet hours"), self.tr("the start and the end must differ"),
                                 self.quiet_end)
            quiet = QuietHours.between(start, end)
        quiet_kinds = {kind for kind, check in self.quiet_kind_checks.items() if check.isChecked()}
        if AlertKind.FLAPPING in quiet_kinds:
            quiet_kinds.add(AlertKind.FLAP_SUMMARY)
        return dataclasses.replace(
            self._rules, down_after_minutes=self.down_after.value(), recovery=self.recovery_check.isChecked(),
            degraded_after_minutes=self.degraded_after.value() if self.degraded_check.isChecked() else None,
            contract_warnings=self.contract_check.isChecked(), diagnosis_verdicts=self.diagnosis_check.isChecked(),
            quiet_hours=quiet, quiet_kinds=frozenset(quiet_kinds), overrides=tuple(self._overrides),
            maintenance=tuple(self._windows),
            line_full_minutes=self.line_full_after.value() if self.line_full_check.isChecked() else None,
            interface_down=self.interface_check.isChecked())
