"""The alert settings dialog: channels (Telegram, email), rules, per-group overrides and maintenance windows.

Secrets typed here go straight to the keyring under the channel's `*_secret` key (on OK, or before a test
message needs them) and never into the network, the workspace or a log. When the keyring is missing or does not
encrypt, the dialog says so and the user chooses: keep the secret for this session only (in memory), store it in
the weak keyring anyway (only when one exists), or not save it. There is no silent fallback; with no choice made
OK refuses and says why.

All keyring, workspace and network work runs on `TaskRunner` threads. On OK the new network (its alert channels
replaced) is saved with `Workspace.replace_network`, the rules with `alerts.settings.save_rules`, and `applied`
is emitted with both, so the window can rebuild or update its alert service.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from pantau import secrets
from pantau.alerts import session_secrets
from pantau.alerts.channel import ChannelError
from pantau.alerts.email import SECURITY_MODES, EmailSender
from pantau.alerts.settings import load_rules, save_rules
from pantau.alerts.telegram import TelegramSender
from pantau.domain.alerts import AlertKind, AlertRules, MaintenanceWindow, QuietHours, RuleOverride
from pantau.domain.inventory import (
    AlertChannels,
    EmailChannel,
    Network,
    SiteKind,
    TargetRole,
    TelegramChannel,
    address_problem,
    is_chat_id,
    is_valid_secret_key,
    url_problem,
    validate_network,
)
from pantau.reporting.alert_text import check_message
from pantau.storage.workspace import Workspace
from pantau.ui.tables import read_only_table
from pantau.ui.workers import Progress, TaskRunner

DEFAULT_TOKEN_KEY = "pantau/telegram-bot"
DEFAULT_PASSWORD_KEY = "pantau/smtp"
DEFAULT_API_BASE = "https://api.telegram.org"
_SHUTDOWN_WAIT_S = 20.0


class SecretChoice(StrEnum):
    """What to do with a typed secret when the keyring cannot be trusted."""

    SESSION = "session"
    STORE_ANYWAY = "store-anyway"
    DISCARD = "discard"


class FieldError(ValueError):
    """A setting that is wrong; `widget` is the field to focus."""

    def __init__(self, field: str, message: str, widget: QWidget | None) -> None:
        super().__init__(f"{field}: {message}")
        self.widget = widget


@dataclasses.dataclass(frozen=True)
class _SecretWrite:
    key: str
    value: str = dataclasses.field(repr=False)  # a secret: never in a repr, a log line or a traceback's locals dump
    choice: SecretChoice | None  # None: the keyring is trusted

    def apply(self) -> None:
        """Runs on a worker thread: the keyring may block (a D-Bus call, an unlock prompt)."""
        if self.choice is None or self.choice is SecretChoice.STORE_ANYWAY:
            secrets.set_secret(self.key, self.value)
            session_secrets.forget(self.key)
        elif self.choice is SecretChoice.SESSION:
            session_secrets.remember(self.key, self.value)


def _split_list(text: str) -> list[str]:
    return [part for part in text.replace(";", ",").replace("\n", ",").replace(" ", ",").split(",") if part]


class AlertSettingsDialog(QDialog):
    """Edit a network's alert channels and the workspace's alert rules."""

    applied = Signal(object, object)  # the saved Network, the saved AlertRules
    rules_loaded = Signal()
    test_finished = Signal(str, bool, str)  # "telegram" or "email", success, the message shown
    save_failed = Signal(str)

    def __init__(self, network: Network, workspace: Workspace, *, rules: AlertRules | None = None,
                 lang: str = "id", test_timeout_s: float = 10.0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._network = network
        self._workspace = workspace
        self._lang = lang
        self._test_timeout_s = test_timeout_s
        self._tz = ZoneInfo(network.timezone)
        self._tasks = TaskRunner(self)
        self._rules = rules or AlertRules()
        self._overrides: list[RuleOverride] = []
        self._windows: list[MaintenanceWindow] = []
        self._saving = False
        self._email_password_known = False
        # Asking the keyring which backend it has may block (D-Bus): it is asked on a worker thread, and until it
        # answers no typed secret can be saved.
        self._keyring_known = False
        self.keyring_status = secrets.BackendStatus("", usable=False, secure=False,
                                                    message=self.tr("Checking the keyring…"))
        self.setWindowTitle(self.tr("Alert settings"))
        self._build()
        self._show_channels()
        self._tasks.submit(lambda progress: secrets.backend_status(), self._on_keyring_status,
                           on_error=self._on_keyring_error, name="pantau-keyring-status")
        if rules is None:
            self._set_rules_enabled(False)
            self._tasks.submit(lambda progress: load_rules(workspace), self._on_rules_loaded,
                               on_error=self._on_rules_error, name="pantau-alert-rules-load")
        else:
            self._show_rules(rules)
        self._check_stored_secrets()
        self.telegram_token_key.editingFinished.connect(self._check_stored_secrets)
        self.email_password_key.editingFinished.connect(self._check_stored_secrets)

    # Building ---------------------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_channels(), self.tr("Channels"))
        self.rules_page = self._build_rules()
        self.tabs.addTab(self.rules_page, self.tr("Rules"))
        self.maintenance_page = self._build_maintenance()
        self.tabs.addTab(self.maintenance_page, self.tr("Maintenance windows"))
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        # Our own words: Qt ships no Indonesian translation of its standard buttons.
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("OK"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def _password_field(self) -> QLineEdit:
        field = QLineEdit()
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setPlaceholderText(self.tr("type to replace the stored one"))
        return field

    def _build_channels(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.keyring_box = QGroupBox(self.tr("The keyring cannot be trusted with secrets"))
        box_layout = QVBoxLayout(self.keyring_box)
        self.keyring_warning = QLabel()
        self.keyring_warning.setWordWrap(True)
        self.keyring_warning.setStyleSheet("color: #8a4b00;")
        box_layout.addWidget(self.keyring_warning)
        self.secret_choice = QButtonGroup(self)
        self.session_radio = QRadioButton(self.tr("Keep typed secrets for this session only (in memory; alerts "
                                                  "stop working when Pantau exits)"))
        self.store_anyway_radio = QRadioButton(self.tr("Store them in this keyring anyway"))
        self.discard_radio = QRadioButton(self.tr("Do not save typed secrets"))
        for radio in (self.session_radio, self.store_anyway_radio, self.discard_radio):
            self.secret_choice.addButton(radio)
            box_layout.addWidget(radio)
        layout.addWidget(self.keyring_box)

        self.telegram_box = QGroupBox(self.tr("Telegram"))
        self.telegram_box.setCheckable(True)
        form = QFormLayout(self.telegram_box)
        self.telegram_token = self._password_field()
        self.telegram_token_state = QLabel()
        form.addRow(self.tr("Bot token"), self.telegram_token)
        form.addRow("", self.telegram_token_state)
        self.telegram_token_key = QLineEdit()
        form.addRow(self.tr("Keyring key of the token"), self.telegram_token_key)
        self.telegram_chats = QLineEdit()
        self.telegram_chats.setPlaceholderText(self.tr("chat ids, separated by commas"))
        form.addRow(self.tr("Chat ids"), self.telegram_chats)
        self.telegram_api = QLineEdit()
        form.addRow(self.tr("API base URL"), self.telegram_api)
        self.telegram_test = QPushButton(self.tr("Send test message"))
        self.telegram_test.clicked.connect(self.send_telegram_test)
        self.telegram_result = QLabel()
        self.telegram_result.setWordWrap(True)
        self.telegram_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.telegram_test, self.telegram_result)
        layout.addWidget(self.telegram_box)

        self.email_box = QGroupBox(self.tr("Email"))
        self.email_box.setCheckable(True)
        form = QFormLayout(self.email_box)
        self.email_host = QLineEdit()
        form.addRow(self.tr("SMTP server"), self.email_host)
        self.email_port = QSpinBox()
        self.email_port.setRange(1, 65535)
        form.addRow(self.tr("Port"), self.email_port)
        self.email_security = QComboBox()
        labels = {"starttls": self.tr("STARTTLS"), "ssl": self.tr("SSL/TLS"), "none": self.tr("none (unencrypted)")}
        for mode in SECURITY_MODES:
            self.email_security.addItem(labels[mode], mode)
        self.email_security.currentIndexChanged.connect(self._suggest_port)
        form.addRow(self.tr("Security"), self.email_security)
        self.email_sender = QLineEdit()
        form.addRow(self.tr("Sender"), self.email_sender)
        self.email_recipients = QLineEdit()
        self.email_recipients.setPlaceholderText(self.tr("addresses, separated by commas"))
        form.addRow(self.tr("Recipients"), self.email_recipients)
        self.email_username = QLineEdit()
        self.email_username.setPlaceholderText(self.tr("the sender, when empty"))
        form.addRow(self.tr("User name"), self.email_username)
        self.email_password = self._password_field()
        self.email_password_state = QLabel()
        form.addRow(self.tr("Password"), self.email_password)
        form.addRow("", self.email_password_state)
        self.email_password_key = QLineEdit()
        form.addRow(self.tr("Keyring key of the password"), self.email_password_key)
        self.email_test = QPushButton(self.tr("Send test message"))
        self.email_test.clicked.connect(self.send_email_test)
        self.email_result = QLabel()
        self.email_result.setWordWrap(True)
        self.email_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.email_test, self.email_result)
        layout.addWidget(self.email_box)
        layout.addStretch(1)
        return page

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
        }
        for check in self.quiet_kind_checks.values():
            kinds_row.addWidget(check)
        kinds_row.addStretch(1)
        form.addRow(self.tr("Held back in quiet hours"), kinds_row)
        form.addRow("", QLabel(self.tr("Recoveries are never held back.")))
        layout.addLayout(form)

        overrides = QGroupBox(self.tr("Per group (the first matching row applies)"))
        group_layout = QVBoxLayout(overrides)
        self.override_table = self._table([self.tr("Site kind"), self.tr("Kecamatan"), self.tr("Target role"),
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

    def _table(self, headers: list[str]) -> QTableWidget:
        table = read_only_table(len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        return table

    def _build_maintenance(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(self.tr("Alerts of these sites are silenced during the window; monitoring "
                                        "goes on. A site still DOWN when its window ends alerts then.")))
        self.window_table = self._table([self.tr("Sites"), self.tr("When")])
        layout.addWidget(self.window_table, 1)
        form_row = QHBoxLayout()
        sites_column = QVBoxLayout()
        sites_column.addWidget(QLabel(self.tr("Sites in the window:")))
        self.window_sites = QListWidget()
        for site in self._network.sites:
            item = QListWidgetItem(site.name or site.id)
            item.setData(Qt.ItemDataRole.UserRole, site.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.window_sites.addItem(item)
        sites_column.addWidget(self.window_sites, 1)
        form_row.addLayout(sites_column, 1)
        form = QFormLayout()
        self.once_radio = QRadioButton(self.tr("Once"))
        self.weekly_radio = QRadioButton(self.tr("Every week"))
        self.once_radio.setChecked(True)
        form.addRow(self.once_radio)
        now = datetime.now(self._tz).replace(second=0, microsecond=0)
        self.once_start = QDateTimeEdit(self._qdatetime(now))
        self.once_start.setDisplayFormat("dd-MM-yyyy HH:mm")
        self.once_start.setCalendarPopup(True)
        self.once_end = QDateTimeEdit(self._qdatetime(now).addSecs(2 * 3600))
        self.once_end.setDisplayFormat("dd-MM-yyyy HH:mm")
        self.once_end.setCalendarPopup(True)
        form.addRow(self.tr("From"), self.once_start)
        form.addRow(self.tr("Until"), self.once_end)
        form.addRow(self.weekly_radio)
        self.weekly_day = QComboBox()
        for index, name in enumerate(self._weekday_names()):
            self.weekly_day.addItem(name, index)
        self.weekly_time = QTimeEdit(QTime(22, 0))
        self.weekly_time.setDisplayFormat("HH:mm")
        self.weekly_minutes = QSpinBox()
        self.weekly_minutes.setRange(1, 7 * 24 * 60)
        self.weekly_minutes.setValue(120)
        self.weekly_minutes.setSuffix(self.tr(" min"))
        form.addRow(self.tr("Day"), self.weekly_day)
        form.addRow(self.tr("Starts at"), self.weekly_time)
        form.addRow(self.tr("Lasts"), self.weekly_minutes)
        self.add_window_button = QPushButton(self.tr("Add window"))
        self.add_window_button.clicked.connect(self.add_window)
        self.remove_window_button = QPushButton(self.tr("Remove selected"))
        self.remove_window_button.clicked.connect(self.remove_window)
        form.addRow(self.add_window_button, self.remove_window_button)
        form_row.addLayout(form, 1)
        layout.addLayout(form_row, 2)
        once: list[QWidget] = [self.once_start, self.once_end]
        weekly: list[QWidget] = [self.weekly_day, self.weekly_time, self.weekly_minutes]
        for widget in once:
            self.once_radio.toggled.connect(widget.setEnabled)
        for widget in weekly:
            self.weekly_radio.toggled.connect(widget.setEnabled)
            widget.setEnabled(False)
        return page

    def _weekday_names(self) -> list[str]:
        return [self.tr("Monday"), self.tr("Tuesday"), self.tr("Wednesday"), self.tr("Thursday"),
                self.tr("Friday"), self.tr("Saturday"), self.tr("Sunday")]

    # Showing ----------------------------------------------------------------------------------------------------

    def _show_keyring(self) -> None:
        status = self.keyring_status
        self.keyring_box.setVisible(not status.secure)
        self.keyring_warning.setText(status.message)
        self.store_anyway_radio.setVisible(status.usable)
        self.session_radio.setVisible(self._keyring_known)
        self.discard_radio.setVisible(self._keyring_known)

    def _show_channels(self) -> None:
        self._show_keyring()
        telegram = self._network.alerts.telegram
        self.telegram_box.setChecked(telegram is not None)
        self.telegram_token_key.setText(telegram.token_secret if telegram else DEFAULT_TOKEN_KEY)
        self.telegram_chats.setText(", ".join(telegram.chat_ids) if telegram else "")
        self.telegram_api.setText(telegram.api_base if telegram else DEFAULT_API_BASE)
        email = self._network.alerts.email
        self.email_box.setChecked(email is not None)
        self.email_host.setText(email.host if email else "")
        self.email_security.setCurrentIndex(SECURITY_MODES.index(email.security) if email
                                            and email.security in SECURITY_MODES else 0)
        self.email_port.setValue(email.port if email else 587)
        self.email_sender.setText(email.sender if email else "")
        self.email_recipients.setText(", ".join(email.recipients) if email else "")
        self.email_username.setText(email.username if email else "")
        self.email_password_key.setText(email.password_secret if email and email.password_secret
                                        else DEFAULT_PASSWORD_KEY)

    def _suggest_port(self) -> None:
        suggested = {"starttls": 587, "ssl": 465, "none": 25}
        if self.email_port.value() in suggested.values():
            self.email_port.setValue(suggested[str(self.email_security.currentData())])

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

    def _set_rules_enabled(self, enabled: bool) -> None:
        self.rules_page.setEnabled(enabled)
        self.maintenance_page.setEnabled(enabled)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(enabled and not self._saving)

    def _on_rules_loaded(self, rules: AlertRules) -> None:
        self._show_rules(rules)
        self.rules_loaded.emit()

    def _on_keyring_status(self, status: secrets.BackendStatus) -> None:
        self._keyring_known = True
        self.keyring_status = status
        self._show_keyring()

    def _on_keyring_error(self, error: Exception) -> None:
        self._keyring_known = True
        self.keyring_status = secrets.BackendStatus("", usable=False, secure=False, message=self.tr(
            "The keyring could not be asked: {error}").format(error=error))
        self._show_keyring()

    def keyring_known(self) -> bool:
        """Whether the keyring's status has arrived (secrets typed before then cannot be saved yet)."""
        return self._keyring_known

    def _on_rules_error(self, error: Exception) -> None:
        self.error_label.setText(self.tr("The stored alert rules could not be read ({error}); the defaults are "
                                         "shown and OK replaces them.").format(error=error))
        self._show_rules(AlertRules())
        self.rules_loaded.emit()

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

    def _fill_windows(self) -> None:
        names = {s.id: s.name or s.id for s in self._network.sites}
        self.window_table.setRowCount(len(self._windows))
        for row, window in enumerate(self._windows):
            sites = ", ".join(names.get(s, s) for s in sorted(window.site_ids))
            self.window_table.setItem(row, 0, QTableWidgetItem(sites))
            self.window_table.setItem(row, 1, QTableWidgetItem(self.describe_window(window)))

    def describe_window(self, window: MaintenanceWindow) -> str:
        if window.weekday is None:
            start = datetime.fromtimestamp(window.start, self._tz)
            end = datetime.fromtimestamp(window.end, self._tz)
            return self.tr("{start} to {end}").format(start=start.strftime("%d-%m-%Y %H:%M"),
                                                      end=end.strftime("%d-%m-%Y %H:%M %Z"))
        return self.tr("every {day} at {time} for {minutes} min").format(
            day=self._weekday_names()[window.weekday],
            time=f"{window.start_minute // 60:02d}:{window.start_minute % 60:02d}", minutes=window.duration_minutes)

    # Editing lists ----------------------------------------------------------------------------------------------

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

    def add_window(self) -> None:
        sites = [str(self.window_sites.item(i).data(Qt.ItemDataRole.UserRole))
                 for i in range(self.window_sites.count())
                 if self.window_sites.item(i).checkState() is Qt.CheckState.Checked]
        try:
            if not sites:
                raise FieldError(self.tr("Maintenance sites"), self.tr("tick at least one site"), self.window_sites)
            if self.once_radio.isChecked():
                start, end = self._epoch(self.once_start.dateTime()), self._epoch(self.once_end.dateTime())
                if end <= start:
                    raise FieldError(self.tr("Maintenance until"), self.tr("must be after the start"),
                                     self.once_end)
                window = MaintenanceWindow.once(sites, start, end)
            else:
                window = MaintenanceWindow.weekly(sites, int(self.weekly_day.currentData()),
                                                  self.weekly_time.time().toString("HH:mm"),
                                                  self.weekly_minutes.value())
        except FieldError as error:
            self._show_error(error)
            return
        self._windows.append(window)
        self._fill_windows()
        self.error_label.clear()

    def remove_window(self) -> None:
        rows = sorted({index.row() for index in self.window_table.selectedIndexes()}, reverse=True)
        for row in rows:
            del self._windows[row]
        self._fill_windows()

    def _qdatetime(self, local: datetime) -> QDateTime:
        return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))

    def _epoch(self, value: QDateTime) -> float:
        """A date and time read in the network's time zone, whatever the computer's zone is."""
        date, time = value.date(), value.time()
        return datetime(date.year(), date.month(), date.day(), time.hour(), time.minute(),
                        tzinfo=self._tz).timestamp()

    # Collecting -------------------------------------------------------------------------------------------------

    def _telegram_channel(self) -> TelegramChannel:
        key = self.telegram_token_key.text().strip()
        if not is_valid_secret_key(key):
            raise FieldError(self.tr("Keyring key of the token"),
                             self.tr("letters, digits and . _ : / - only"), self.telegram_token_key)
        chats = _split_list(self.telegram_chats.text())
        if not chats:
            raise FieldError(self.tr("Chat ids"), self.tr("give at least one chat id"), self.telegram_chats)
        for chat in chats:
            if not is_chat_id(chat):
                raise FieldError(self.tr("Chat ids"), self.tr("{chat} is not a chat id (a number, or @channel)")
                                 .format(chat=chat), self.telegram_chats)
        api = self.telegram_api.text().strip().rstrip("/") or DEFAULT_API_BASE
        # The import's own rule (domain.inventory.url_problem), so the window never saves a base the import refuses.
        if url_problem(api):
            raise FieldError(self.tr("API base URL"), self.tr("must be an http:// or https:// URL"),
                             self.telegram_api)
        return TelegramChannel(key, chats, api)

    def _email_channel(self) -> EmailChannel:
        host = self.email_host.text().strip()
        if not host:
            raise FieldError(self.tr("SMTP server"), self.tr("is required"), self.email_host)
        problem = address_problem(host)
        if problem:
            raise FieldError(self.tr("SMTP server"), problem, self.email_host)
        sender = self.email_sender.text().strip()
        if "@" not in sender:
            raise FieldError(self.tr("Sender"), self.tr("must be an email address"), self.email_sender)
        recipients = _split_list(self.email_recipients.text())
        if not recipients:
            raise FieldError(self.tr("Recipients"), self.tr("give at least one address"), self.email_recipients)
        for address in recipients:
            if "@" not in address:
                raise FieldError(self.tr("Recipients"), self.tr("{address} is not an email address")
                                 .format(address=address), self.email_recipients)
        username = self.email_username.text().strip()
        key = self.email_password_key.text().strip()
        if not is_valid_secret_key(key):
            raise FieldError(self.tr("Keyring key of the password"), self.tr("letters, digits and . _ : / - only"),
                             self.email_password_key)
        # No user name and no password typed or stored: an open relay, so no password key either.
        uses_password = bool(username or self.email_password.text() or self._email_password_known)
        channel = EmailChannel(host, self.email_port.value(), sender, recipients, username,
                               key if uses_password else "", str(self.email_security.currentData()))
        network = dataclasses.replace(self._network, alerts=AlertChannels(email=channel))
        for found in validate_network(network):
            if found.section == "alerts.email":
                widget = self.email_security if found.field == "security" else self.email_host
                raise FieldError(self.tr("Email {field}").format(field=found.field or ""), found.message, widget)
        return channel

    def _secret_write(self, key: str, value: str, field: QWidget) -> _SecretWrite | None:
        if not value:
            return None
        if not self._keyring_known:
            raise FieldError(self.tr("Keyring"), self.tr("still checking the keyring: try again in a moment"),
                             field)
        if self.keyring_status.secure:
            return _SecretWrite(key, value, None)
        button = self.secret_choice.checkedButton()
        if button is None:
            raise FieldError(self.tr("Keyring"), self.tr("the keyring cannot be trusted: choose what to do with "
                                                         "the secret you typed"), self.session_radio)
        choice = (SecretChoice.SESSION if button is self.session_radio else
                  SecretChoice.STORE_ANYWAY if button is self.store_anyway_radio else SecretChoice.DISCARD)
        return _SecretWrite(key, value, choice)

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
            maintenance=tuple(self._windows))

    def collect(self) -> tuple[Network, AlertRules, list[_SecretWrite]]:
        """The network and rules the form describes, and the secrets to write. Raises `FieldError`."""
        writes: list[_SecretWrite] = []
        telegram = email = None
        if self.telegram_box.isChecked():
            telegram = self._telegram_channel()
            write = self._secret_write(telegram.token_secret, self.telegram_token.text().strip(),
                                       self.telegram_token)
            writes += [write] if write else []
        if self.email_box.isChecked():
            email = self._email_channel()
            if self.email_password.text():
                write = self._secret_write(self.email_password_key.text().strip(), self.email_password.text(),
                                           self.email_password)
                writes += [write] if write else []
        network = dataclasses.replace(self._network, alerts=AlertChannels(telegram, email))
        return network, self._rules_from_form(), writes

    def _show_error(self, error: FieldError) -> None:
        self.error_label.setText(str(error))
        if error.widget is not None:
            page = self.rules_page if self.rules_page.isAncestorOf(error.widget) else (
                self.maintenance_page if self.maintenance_page.isAncestorOf(error.widget) else None)
            self.tabs.setCurrentIndex(self.tabs.indexOf(page) if page is not None else 0)
            error.widget.setFocus()

    # Stored secrets ---------------------------------------------------------------------------------------------

    def _check_stored_secrets(self) -> None:
        keys = (self.telegram_token_key.text().strip(), self.email_password_key.text().strip())

        def check(progress: Progress) -> tuple[str, str]:
            return self._secret_state(keys[0]), self._secret_state(keys[1])

        self._tasks.submit(check, self._on_secret_states, on_error=lambda error: None,
                           name="pantau-alert-secrets-check")

    def _secret_state(self, key: str) -> str:
        """Runs on a worker thread."""
        if session_secrets.has(key):
            return "session"
        try:
            return "stored" if secrets.get_secret(key) else "missing"
        except secrets.SecretStoreError:
            return "unavailable"

    def _on_secret_states(self, states: tuple[str, str]) -> None:
        self._email_password_known = states[1] in ("stored", "session")
        self.telegram_token_state.setText(self._state_text(states[0]))
        self.email_password_state.setText(self._state_text(states[1]))

    def _state_text(self, state: str) -> str:
        return {"session": self.tr("kept for this session only"), "stored": self.tr("stored in the keyring"),
                "missing": self.tr("nothing stored yet"),
                "unavailable": self.tr("the keyring cannot be read")}[state]

    # Test messages ----------------------------------------------------------------------------------------------

    def send_telegram_test(self) -> None:
        try:
            channel = self._telegram_channel()
            write = self._secret_write(channel.token_secret, self.telegram_token.text().strip(),
                                       self.telegram_token)
        except FieldError as error:
            self._show_error(error)
            return
        sender = TelegramSender(channel, timeout_s=self._test_timeout_s)
        self._run_test("telegram", sender.send, write, self.telegram_test, self.telegram_result,
                       self.tr("Sent to {count} chat(s).").format(count=len(channel.chat_ids)))

    def send_email_test(self) -> None:
        try:
            channel = self._email_channel()
            write = self._secret_write(channel.password_secret, self.email_password.text(), self.email_password)
        except FieldError as error:
            self._show_error(error)
            return
        sender = EmailSender(channel, timeout_s=self._test_timeout_s)
        self._run_test("email", sender.send, write, self.email_test, self.email_result,
                       self.tr("Sent to {count} recipient(s).").format(count=len(channel.recipients)))

    def _run_test(self, name: str, send: Callable[[str, str], None], write: _SecretWrite | None,
                  button: QPushButton, result: QLabel, success: str) -> None:
        subject, text = check_message(self._lang)
        button.setEnabled(False)
        result.setStyleSheet("")
        result.setText(self.tr("Sending…"))
        self.error_label.clear()

        def work(progress: Progress) -> None:
            if write is not None:
                write.apply()
            send(subject, text)

        def done(_: Any) -> None:
            self._test_done(name, button, result, True, success, write)

        def failed(error: Exception) -> None:
            message = error.message if isinstance(error, ChannelError) else str(error)
            self._test_done(name, button, result, False, message, write)

        self._tasks.submit(work, done, on_error=failed, name=f"pantau-alert-test-{name}")

    def _test_done(self, name: str, button: QPushButton, result: QLabel, ok: bool, message: str,
                   write: _SecretWrite | None) -> None:
        button.setEnabled(True)
        result.setStyleSheet("color: #1b7a1b;" if ok else "color: #b00020;")
        result.setText(message)
        if write is not None and write.choice is not SecretChoice.DISCARD:
            # The secret is in the keyring (or the session) now: the field need not hold it any longer.
            (self.telegram_token if name == "telegram" else self.email_password).clear()
            self._check_stored_secrets()
        self.test_finished.emit(name, ok, message)

    # Saving -----------------------------------------------------------------------------------------------------

    def accept(self) -> None:
        if self._saving:
            return
        try:
            network, rules, writes = self.collect()
        except FieldError as error:
            self._show_error(error)
            return
        workspace = self._workspace

        def save(progress: Progress) -> tuple[Network, AlertRules]:
            for write in writes:
                write.apply()
            workspace.replace_network(network)
            save_rules(workspace, rules)
            return network, rules

        self._saving = True
        self.buttons.setEnabled(False)
        self.error_label.setText(self.tr("Saving…"))
        self._tasks.submit(save, self._on_saved, on_error=self._on_save_failed, name="pantau-alert-settings-save")

    def _on_saved(self, saved: tuple[Network, AlertRules]) -> None:
        self._saving = False
        self.buttons.setEnabled(True)
        self.error_label.clear()
        self.applied.emit(*saved)
        super().accept()

    def _on_save_failed(self, error: Exception) -> None:
        self._saving = False
        self.buttons.setEnabled(True)
        message = self.tr("Not saved: {error}").format(error=error)
        self.error_label.setText(message)
        self.save_failed.emit(message)

    def reject(self) -> None:
        if not self._saving:
            super().reject()

    def busy(self) -> int:
        """Background tasks still running (a test message, the save)."""
        return self._tasks.pending()

    def shutdown(self) -> None:
        """Wait for background work; call before the dialog is destroyed."""
        self._tasks.wait(_SHUTDOWN_WAIT_S)
