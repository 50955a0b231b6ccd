"""What the parts of the alert settings dialog share: a setting found wrong (`FieldError`), a typed secret on its
way to the keyring or the session (`SecretWrite`), the defaults of a new channel, and `AlertSettingsParts`, the
state every part of `AlertSettingsDialog` works on.

The dialog is one form made of parts, each in its own module: the channel forms with the keyring and the stored
secrets (`alert_channels`), the test messages (`alert_test_send`), the rules with their per-group overrides
(`alert_rules_editor`) and the maintenance windows (`alert_maintenance`). `AlertSettingsDialog` (`alert_settings`)
sets up the state, builds the tabs around the parts, and loads and saves; `AlertSettingsParts` declares what the
parts read of each other, so each is checked on its own.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from enum import StrEnum
from zoneinfo import ZoneInfo

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QWidget,
)

from pantau import secrets
from pantau.alerts import session_secrets
from pantau.domain.alerts import AlertRules, MaintenanceWindow, RuleOverride
from pantau.domain.inventory import EmailChannel, Network, TelegramChannel
from pantau.storage.workspace import Workspace
from pantau.ui.tables import read_only_table
from pantau.ui.workers import TaskRunner

DEFAULT_TOKEN_KEY = "pantau/telegram-bot"
DEFAULT_PASSWORD_KEY = "pantau/smtp"
DEFAULT_API_BASE = "https://api.telegram.org"


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
class SecretWrite:
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


def split_list(text: str) -> list[str]:
    return [part for part in text.replace(";", ",").replace("\n", ",").replace(" ", ",").split(",") if part]


def row_table(headers: list[str]) -> QTableWidget:
    """A read-only table whose rows are selected whole (to remove them)."""
    table = read_only_table(len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    return table


class AlertSettingsParts:
    """The state the parts of `AlertSettingsDialog` share, set up by its constructor and `_build`, and the methods
    they call across parts. Only declared here: the dialog (a QDialog) holds them."""

    _network: Network
    _workspace: Workspace
    _lang: str
    _test_timeout_s: float
    _tz: ZoneInfo
    _tasks: TaskRunner
    _rules: AlertRules
    _overrides: list[RuleOverride]
    _windows: list[MaintenanceWindow]
    _saving: bool
    _email_password_known: bool
    _keyring_known: bool
    keyring_status: secrets.BackendStatus
    tabs: QTabWidget
    rules_page: QWidget
    maintenance_page: QWidget
    error_label: QLabel
    buttons: QDialogButtonBox
    telegram_box: QGroupBox
    telegram_token: QLineEdit
    telegram_test: QPushButton
    telegram_result: QLabel
    email_box: QGroupBox
    email_password: QLineEdit
    email_password_key: QLineEdit
    email_test: QPushButton
    email_result: QLabel
    test_finished: SignalInstance
    tr: Callable[..., str]
    _show_error: Callable[[FieldError], None]
    _set_rules_enabled: Callable[[bool], None]
    _telegram_channel: Callable[[], TelegramChannel]
    _email_channel: Callable[[], EmailChannel]
    _secret_write: Callable[[str, str, QWidget], SecretWrite | None]
    _check_stored_secrets: Callable[[], None]
    _fill_windows: Callable[[], None]
    send_telegram_test: Callable[[], None]
    send_email_test: Callable[[], None]
