"""The alert settings dialog against real local servers (a fake Telegram Bot API, aiosmtpd) and a real workspace:
secrets go to the keyring and nowhere else, test messages report the exact error, rules and maintenance windows
are saved, and an untrusted keyring is never used silently."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from pytestqt.qtbot import QtBot

from pantau import secrets
from pantau.alerts import session_secrets
from pantau.alerts.settings import load_rules, save_rules
from pantau.domain.alerts import AlertKind, AlertRules, MaintenanceWindow, RuleOverride
from pantau.domain.inventory import AlertChannels, Network, Site, SiteKind, TelegramChannel
from pantau.storage.networkfile import write_network_file
from pantau.storage.workspace import Workspace
from pantau.ui.alert_settings import AlertSettingsDialog
from tests.conftest import MemoryKeyring
from tests.integration.test_alert_channels import (  # noqa: F401
    SMTP_PASSWORD,
    TOKEN,
    FakeBotApi,
    Mailbox,
    bot_api,
    smtp_server,
)
from tests.servers import LOOPBACK, free_port


def kabupaten() -> Network:
    sites = [Site("dc", "Diskominfo", SiteKind.DATACENTER),
             Site("uplink", "Uplink Telkom", SiteKind.ISP_POP, parent="dc")]
    sites += [Site(f"o{i}", f"Kantor Desa {i}", SiteKind.DESA, kecamatan="Tenggarong", parent="uplink")
              for i in range(3)]
    return Network("Kabupaten", sites=sites)


@pytest.fixture
def workspace(workspace_path: Path) -> Iterator[Workspace]:
    with Workspace.open(workspace_path) as ws:
        ws.replace_network(kabupaten())
        yield ws


@pytest.fixture(autouse=True)
def no_session_secrets() -> Iterator[None]:
    yield
    session_secrets.forget_all()


def open_dialog(qtbot: QtBot, workspace: Workspace, network: Network | None = None,
                **kwargs: object) -> AlertSettingsDialog:
    dialog = AlertSettingsDialog(network or kabupaten(), workspace, lang="en", test_timeout_s=3, **kwargs)
    qtbot.addWidget(dialog)
    if "rules" not in kwargs:
        qtbot.waitUntil(lambda: dialog.rules_page.isEnabled())
    qtbot.waitUntil(lambda: dialog.busy() == 0)
    return dialog


def fill_telegram(dialog: AlertSettingsDialog, api_base: str, chats: str = "1001", token: str = TOKEN) -> None:
    dialog.telegram_box.setChecked(True)
    dialog.telegram_token.setText(token)
    dialog.telegram_chats.setText(chats)
    dialog.telegram_api.setText(api_base)


def fill_email(dialog: AlertSettingsDialog, port: int, password: str = SMTP_PASSWORD) -> None:
    dialog.email_box.setChecked(True)
    dialog.email_host.setText(LOOPBACK)
    dialog.email_security.setCurrentIndex(dialog.email_security.findData("none"))
    dialog.email_port.setValue(port)
    dialog.email_sender.setText("pantau@kominfo.example")
    dialog.email_recipients.setText("oncall@kominfo.example, kabid@kominfo.example")
    dialog.email_username.setText("pantau")
    dialog.email_password.setText(password)


def test_token_goes_to_the_keyring_and_nowhere_else(qtbot: QtBot, workspace: Workspace, workspace_path: Path,
                                                    memory_keyring: MemoryKeyring, tmp_path: Path,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    dialog = open_dialog(qtbot, workspace)
    assert dialog.telegram_token.echoMode() is dialog.telegram_token.EchoMode.Password
    assert not dialog.keyring_box.isVisibleTo(dialog)  # the memory keyring is trusted
    fill_telegram(dialog, "http://127.0.0.1:8081/", chats="1001, -1002003004")
    fill_email(dialog, 2525)
    with qtbot.waitSignal(dialog.applied) as applied:
        dialog.accept()
    network, rules = applied.args
    assert network.alerts.telegram == TelegramChannel("pantau/telegram-bot", ["1001", "-1002003004"],
                                                      "http://127.0.0.1:8081")
    assert network.alerts.email.password_secret == "pantau/smtp"
    assert rules == AlertRules()
    assert memory_keyring.store == {("pantau", "pantau/telegram-bot"): TOKEN,
                                    ("pantau", "pantau/smtp"): SMTP_PASSWORD}
    assert workspace.load_network() == network
    assert load_rules(workspace) == AlertRules()
    workspace.flush()
    exported = tmp_path / "exported.toml"
    write_network_file(network, exported)
    for file in (workspace_path, workspace_path.with_name(workspace_path.name + "-wal"), exported):
        if file.exists():
            data = file.read_bytes()
            assert TOKEN.encode() not in data and SMTP_PASSWORD.encode() not in data, file
    assert b"pantau/telegram-bot" in exported.read_bytes()
    assert TOKEN not in caplog.text and SMTP_PASSWORD not in caplog.text


def test_telegram_test_message_success_bad_token_and_unknown_chat(qtbot: QtBot, workspace: Workspace,
                                                                  bot_api: FakeBotApi) -> None:  # noqa: F811
    dialog = open_dialog(qtbot, workspace)
    fill_telegram(dialog, bot_api.base)
    with qtbot.waitSignal(dialog.test_finished, timeout=5000) as sent:
        dialog.telegram_test.click()
    assert sent.args == ["telegram", True, "Sent to 1 chat(s)."]
    assert [m["chat_id"] for m in bot_api.received] == ["1001"]
    assert bot_api.received[0]["text"].startswith("Pantau: test message.")
    assert dialog.telegram_token.text() == ""  # stored in the keyring, so no longer held by the field
    qtbot.waitUntil(lambda: dialog.telegram_token_state.text() == "stored in the keyring")

    fill_telegram(dialog, bot_api.base, token="8123456789:wrong")
    with qtbot.waitSignal(dialog.test_finished, timeout=5000) as refused:
        dialog.telegram_test.click()
    assert refused.args[1] is False
    assert refused.args[2].startswith("Telegram refused the bot token (Unauthorized)")
    assert dialog.telegram_result.text() == refused.args[2]

    fill_telegram(dialog, bot_api.base, chats="1001, 777")
    with qtbot.waitSignal(dialog.test_finished, timeout=5000) as missing:
        dialog.telegram_test.click()
    assert missing.args[1:] == [False, "Telegram chat 777 not found: the bot must be added to it, or the id is "
                                       "wrong"]
    assert dialog.telegram_test.isEnabled()


def test_email_test_message_success_and_connection_refused(qtbot: QtBot, workspace: Workspace,
                                                           smtp_server: Mailbox) -> None:  # noqa: F811
    dialog = open_dialog(qtbot, workspace)
    fill_email(dialog, smtp_server.port)
    with qtbot.waitSignal(dialog.test_finished, timeout=5000) as sent:
        dialog.email_test.click()
    assert sent.args == ["email", True, "Sent to 2 recipient(s)."]
    assert len(smtp_server.messages) == 1 and b"Pantau: test message" in smtp_server.messages[0]
    assert smtp_server.logins == [("pantau", SMTP_PASSWORD)]
    closed = free_port()
    dialog.email_port.setValue(closed)
    with qtbot.waitSignal(dialog.test_finished, timeout=5000) as refused:
        dialog.email_test.click()
    assert refused.args[1] is False
    assert refused.args[2].startswith(f"cannot reach the SMTP server {LOOPBACK}:{closed}: ")
    assert "refused" in refused.args[2].lower()


def test_fields_are_checked_and_named(qtbot: QtBot, workspace: Workspace) -> None:
    dialog = open_dialog(qtbot, workspace)
    fill_telegram(dialog, "http://127.0.0.1:8081", chats="1001, kantor")
    dialog.accept()
    assert dialog.error_label.text() == "Chat ids: kantor is not a chat id (a number, or @channel)"
    fill_telegram(dialog, "http://127.0.0.1:8081", chats="1001, ²")
    dialog.accept()
    assert dialog.error_label.text() == "Chat ids: ² is not a chat id (a number, or @channel)"
    for api_base in ("ftp://127.0.0.1", "file:///etc/passwd", "http://127.0.0.1:99999", "https://u:p@127.0.0.1"):
        fill_telegram(dialog, api_base, chats="1001")
        dialog.accept()
        assert dialog.error_label.text() == "API base URL: must be an http:// or https:// URL", api_base
    dialog.telegram_box.setChecked(False)
    fill_email(dialog, 25)
    dialog.email_host.setText("smtp.kaltim.example")
    dialog.accept()
    assert dialog.error_label.text().startswith("Email security: security \"none\" would send the SMTP password "
                                                "unencrypted to smtp.kaltim.example")
    dialog.email_security.setCurrentIndex(dialog.email_security.findData("starttls"))
    dialog.email_recipients.setText("")
    dialog.accept()
    assert dialog.error_label.text() == "Recipients: give at least one address"
    assert workspace.load_network() == kabupaten()  # nothing saved


def test_rules_overrides_and_maintenance_are_saved(qtbot: QtBot, workspace: Workspace) -> None:
    dialog = open_dialog(qtbot, workspace)
    dialog.down_after.setValue(3)
    dialog.degraded_check.setChecked(False)
    dialog.diagnosis_check.setChecked(False)
    dialog.quiet_check.setChecked(True)
    dialog.quiet_start.setTime(QTime(21, 30))
    dialog.quiet_end.setTime(QTime(6, 0))
    dialog.quiet_kind_checks[AlertKind.DOWN].setChecked(True)
    dialog.line_full_after.setValue(30)
    dialog.interface_check.setChecked(False)
    dialog.override_kecamatan.setEditText("Tenggarong")
    dialog.override_down.setValue(10)
    dialog.override_degraded_check.setChecked(False)
    dialog.add_override()
    dialog.override_kind.setCurrentIndex(0)
    dialog.override_kecamatan.setEditText("")
    dialog.add_override()
    assert dialog.error_label.text() == "Group rule: choose a site kind, a kecamatan or a target role"
    assert dialog.override_table.rowCount() == 1
    for row in (2, 3):  # Kantor Desa 0 and 1
        dialog.window_sites.item(row).setCheckState(Qt.CheckState.Checked)
    dialog.once_start.setDateTime(QDateTime(QDate(2026, 12, 1), QTime(22, 0)))
    dialog.once_end.setDateTime(QDateTime(QDate(2026, 12, 1), QTime(23, 30)))
    dialog.add_window()
    dialog.weekly_radio.setChecked(True)
    dialog.weekly_day.setCurrentIndex(6)
    dialog.weekly_time.setTime(QTime(23, 0))
    dialog.weekly_minutes.setValue(90)
    dialog.add_window()
    assert dialog.window_table.item(1, 1).text() == "every Sunday at 23:00 for 90 min"
    assert dialog.window_table.item(0, 0).text() == "Kantor Desa 0, Kantor Desa 1"
    with qtbot.waitSignal(dialog.applied) as applied:
        dialog.accept()
    _, rules = applied.args
    expected = AlertRules(
        down_after_minutes=3, degraded_after_minutes=None, diagnosis_verdicts=False,
        quiet_hours=rules.quiet_hours, quiet_kinds=frozenset({AlertKind.DOWN, AlertKind.DEGRADED,
                                                              AlertKind.CONTRACT, AlertKind.LINE_FULL}),
        line_full_minutes=30, interface_down=False,
        overrides=(RuleOverride(match_kecamatan="Tenggarong", down_after_minutes=10, degraded_after_minutes=None),),
        maintenance=(MaintenanceWindow.once(["o0", "o1"], 1_796_133_600.0, 1_796_139_000.0),
                     MaintenanceWindow.weekly(["o0", "o1"], 6, "23:00", 90)))
    assert rules == expected
    assert (rules.quiet_hours.start_minute, rules.quiet_hours.end_minute) == (21 * 60 + 30, 6 * 60)
    assert load_rules(workspace) == expected


def test_stored_rules_are_shown_and_removing_a_window_saves_without_it(qtbot: QtBot, workspace: Workspace) -> None:
    stored = AlertRules(down_after_minutes=5, maintenance=(MaintenanceWindow.weekly(["o2"], 0, "01:00", 60),),
                        overrides=(RuleOverride(match_kind=SiteKind.DESA, enabled=False),))
    save_rules(workspace, stored)
    dialog = open_dialog(qtbot, workspace)
    assert dialog.down_after.value() == 5
    assert dialog.override_table.item(0, 3).text() == "no"
    assert dialog.window_table.item(0, 1).text() == "every Monday at 01:00 for 60 min"
    dialog.window_table.selectRow(0)
    dialog.remove_window()
    with qtbot.waitSignal(dialog.applied):
        dialog.accept()
    assert load_rules(workspace) == AlertRules(down_after_minutes=5, overrides=stored.overrides)


def test_a_missing_keyring_is_said_and_the_choice_is_the_users(qtbot: QtBot, workspace: Workspace,
                                                               bot_api: FakeBotApi) -> None:  # noqa: F811
    keyring.set_keyring(FailKeyring())
    network = kabupaten()
    network.alerts = AlertChannels(TelegramChannel("telegram.bot", ["1001"], api_base=bot_api.base))
    dialog = open_dialog(qtbot, workspace, network)
    assert dialog.keyring_box.isVisibleTo(dialog)
    assert "No OS keyring is available" in dialog.keyring_warning.text()
    assert not dialog.store_anyway_radio.isVisibleTo(dialog)  # nothing to store in
    qtbot.waitUntil(lambda: dialog.telegram_token_state.text() == "the keyring cannot be read")
    dialog.telegram_token.setText(TOKEN)
    dialog.accept()
    assert dialog.error_label.text().startswith("Keyring: the keyring cannot be trusted: choose what to do")
    assert workspace.load_network() == kabupaten()
    dialog.session_radio.setChecked(True)
    with qtbot.waitSignal(dialog.test_finished, timeout=5000) as sent:
        dialog.telegram_test.click()
    assert sent.args[1] is True and len(bot_api.received) == 1
    assert session_secrets.has("telegram.bot")
    with qtbot.waitSignal(dialog.applied):
        dialog.accept()


def test_an_insecure_keyring_is_used_only_when_chosen(qtbot: QtBot, workspace: Workspace) -> None:
    class WeakKeyring(MemoryKeyring):
        priority = 0.5  # type: ignore[assignment]

    weak = WeakKeyring()
    keyring.set_keyring(weak)
    dialog = open_dialog(qtbot, workspace)
    assert dialog.keyring_box.isVisibleTo(dialog) and dialog.store_anyway_radio.isVisibleTo(dialog)
    assert "WeakKeyring is not one known to encrypt secrets" in dialog.keyring_warning.text()
    fill_telegram(dialog, "http://127.0.0.1:8081")
    dialog.discard_radio.setChecked(True)
    with qtbot.waitSignal(dialog.applied):
        dialog.accept()
    assert weak.store == {} and not session_secrets.has("pantau/telegram-bot")
    dialog = open_dialog(qtbot, workspace)
    fill_telegram(dialog, "http://127.0.0.1:8081")
    dialog.store_anyway_radio.setChecked(True)
    with qtbot.waitSignal(dialog.applied):
        dialog.accept()
    assert weak.store == {("pantau", "pantau/telegram-bot"): TOKEN}
    assert secrets.get_secret("pantau/telegram-bot") == TOKEN


def test_bad_stored_rules_are_reported_and_replaced(qtbot: QtBot, workspace: Workspace) -> None:
    workspace.set_setting("alert_rules", "{broken")
    dialog = open_dialog(qtbot, workspace)
    assert "'alert_rules' is not valid JSON" in dialog.error_label.text()
    with qtbot.waitSignal(dialog.applied):
        dialog.accept()
    assert load_rules(workspace) == AlertRules()
