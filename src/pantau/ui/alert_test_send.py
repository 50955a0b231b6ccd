"""The alert settings' test messages: the channel as the form describes it sends `reporting.alert_text.check_message`
on a worker thread (writing a typed secret first, as OK would), its button is held while it goes, and the result
is shown beside the button and emitted as `test_finished`. A secret that reached the keyring or the session is
cleared from its field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel, QPushButton

from pantau.alerts.channel import ChannelError
from pantau.alerts.email import EmailSender
from pantau.alerts.telegram import TelegramSender
from pantau.reporting.alert_text import check_message
from pantau.ui.alert_parts import AlertSettingsParts, FieldError, SecretChoice, SecretWrite
from pantau.ui.workers import Progress


class CheckMessages(AlertSettingsParts):
    """The test messages of `AlertSettingsDialog` (a part of it: see `alert_parts.AlertSettingsParts`)."""

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

    def _run_test(self, name: str, send: Callable[[str, str], None], write: SecretWrite | None,
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
                   write: SecretWrite | None) -> None:
        button.setEnabled(True)
        result.setStyleSheet("color: #1b7a1b;" if ok else "color: #b00020;")
        result.setText(message)
        if write is not None and write.choice is not SecretChoice.DISCARD:
            # The secret is in the keyring (or the session) now: the field need not hold it any longer.
            (self.telegram_token if name == "telegram" else self.email_password).clear()
            self._check_stored_secrets()
        self.test_finished.emit(name, ok, message)
