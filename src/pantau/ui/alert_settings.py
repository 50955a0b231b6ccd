"""The alert settings dialog: channels (Telegram, email), rules, per-group overrides and maintenance windows.

This module owns the dialog's shell and its persistence: the tabs, OK and Cancel, where a wrong setting is shown,
loading the rules and saving everything. Its parts own the tabs (see `alert_parts`): the channel forms with the
keyring and the stored secrets (`alert_channels`), the test messages (`alert_test_send`), the rules with their
per-group overrides (`alert_rules_editor`) and the maintenance windows (`alert_maintenance`).

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
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTabWidget, QVBoxLayout, QWidget

from pantau import secrets
from pantau.alerts.settings import load_rules, save_rules
from pantau.domain.alerts import AlertRules, MaintenanceWindow, RuleOverride
from pantau.domain.inventory import AlertChannels, Network
from pantau.storage.workspace import Workspace
from pantau.ui.alert_channels import ChannelForms
from pantau.ui.alert_maintenance import MaintenanceEditor
from pantau.ui.alert_parts import FieldError, SecretWrite
from pantau.ui.alert_rules_editor import RulesEditor
from pantau.ui.alert_test_send import CheckMessages
from pantau.ui.workers import Progress, TaskRunner

_SHUTDOWN_WAIT_S = 20.0


class AlertSettingsDialog(ChannelForms, CheckMessages, RulesEditor, MaintenanceEditor, QDialog):
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

    # Loading and collecting -------------------------------------------------------------------------------------

    def _set_rules_enabled(self, enabled: bool) -> None:
        self.rules_page.setEnabled(enabled)
        self.maintenance_page.setEnabled(enabled)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(enabled and not self._saving)

    def _on_rules_loaded(self, rules: AlertRules) -> None:
        self._show_rules(rules)
        self.rules_loaded.emit()

    def _on_rules_error(self, error: Exception) -> None:
        self.error_label.setText(self.tr("The stored alert rules could not be read ({error}); the defaults are "
                                         "shown and OK replaces them.").format(error=error))
        self._show_rules(AlertRules())
        self.rules_loaded.emit()

    def collect(self) -> tuple[Network, AlertRules, list[SecretWrite]]:
        """The network and rules the form describes, and the secrets to write. Raises `FieldError`."""
        writes: list[SecretWrite] = []
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
