"""The alert settings' Channels tab: the Telegram and email forms, read into channels by the import's own rules
(`domain.inventory`), and what becomes of a typed secret. The keyring's status is asked on a worker thread; when
the keyring is missing or does not encrypt, the tab says so and the user chooses: keep the secret for this session
only, store it in the weak keyring anyway (only when one exists), or not save it; no choice, no save. Whether a
secret is already stored (or kept for the session) is read on a worker thread too and shown beside its field."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pantau import secrets
from pantau.alerts import session_secrets
from pantau.alerts.email import SECURITY_MODES
from pantau.domain.addresses import address_problem, is_valid_secret_key
from pantau.domain.inventory import (
    AlertChannels,
    EmailChannel,
    TelegramChannel,
    is_chat_id,
    url_problem,
    validate_network,
)
from pantau.ui.alert_parts import (
    DEFAULT_API_BASE,
    DEFAULT_PASSWORD_KEY,
    DEFAULT_TOKEN_KEY,
    AlertSettingsParts,
    FieldError,
    SecretChoice,
    SecretWrite,
    split_list,
)
from pantau.ui.workers import Progress


class ChannelForms(AlertSettingsParts):
    """The Channels tab of `AlertSettingsDialog` (a part of it: see `alert_parts.AlertSettingsParts`)."""

    def keyring_known(self) -> bool:
        """Whether the keyring's status has arrived (secrets typed before then cannot be saved yet)."""
        return self._keyring_known

    # Building ---------------------------------------------------------------------------------------------------

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
        self.secret_choice = QButtonGroup(page)
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

    def _on_keyring_status(self, status: secrets.BackendStatus) -> None:
        self._keyring_known = True
        self.keyring_status = status
        self._show_keyring()

    def _on_keyring_error(self, error: Exception) -> None:
        self._keyring_known = True
        self.keyring_status = secrets.BackendStatus("", usable=False, secure=False, message=self.tr(
            "The keyring could not be asked: {error}").format(error=error))
        self._show_keyring()

    # Collecting -------------------------------------------------------------------------------------------------

    def _telegram_channel(self) -> TelegramChannel:
        key = self.telegram_token_key.text().strip()
        if not is_valid_secret_key(key):
            raise FieldError(self.tr("Keyring key of the token"),
                             self.tr("letters, digits and . _ : / - only"), self.telegram_token_key)
        chats = split_list(self.telegram_chats.text())
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
        recipients = split_list(self.email_recipients.text())
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

    def _secret_write(self, key: str, value: str, field: QWidget) -> SecretWrite | None:
        if not value:
            return None
        if not self._keyring_known:
            raise FieldError(self.tr("Keyring"), self.tr("still checking the keyring: try again in a moment"),
                             field)
        if self.keyring_status.secure:
            return SecretWrite(key, value, None)
        button = self.secret_choice.checkedButton()
        if button is None:
            raise FieldError(self.tr("Keyring"), self.tr("the keyring cannot be trusted: choose what to do with "
                                                         "the secret you typed"), self.session_radio)
        choice = (SecretChoice.SESSION if button is self.session_radio else
                  SecretChoice.STORE_ANYWAY if button is self.store_anyway_radio else SecretChoice.DISCARD)
        return SecretWrite(key, value, choice)

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
