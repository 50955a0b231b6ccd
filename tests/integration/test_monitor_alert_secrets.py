"""A monitor whose alerts cannot go out says so: it refuses to start without a channel's secret (unless told
otherwise), names each failing channel once on stderr, and the keyring commands name the backend in use.

`pantau` runs as a real subprocess with a real keyring backend chosen by PYTHON_KEYRING_BACKEND (the fail and null
backends are what a headless box has); delivery failures are real HTTP attempts on loopback.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from pantau import secrets
from pantau.alerts.delivery import AlertDelivery, DeliveryProblem
from pantau.alerts.telegram import TelegramSender
from pantau.domain.alerts import AlertPlanner, AlertRules
from pantau.domain.inventory import (
    AlertChannels,
    EmailChannel,
    Network,
    Site,
    SiteKind,
    Target,
    TargetRole,
    TelegramChannel,
)
from pantau.domain.states import HealthState, StateChange
from pantau.reporting.alert_text import ALERT_SENTENCES
from pantau.storage.networkfile import write_network_file
from pantau.storage.workspace import Workspace
from tests.integration.test_alert_channels import TOKEN, FakeBotApi
from tests.integration.test_cli import pantau
from tests.servers import LOOPBACK, free_port

NO_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
NULL_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}


def alerting_network(api_base: str, closed_port: int, email: bool = True) -> Network:
    """One office that is down (its router's TCP port is closed) and channels that name keyring keys."""
    channels = AlertChannels(
        TelegramChannel("pantau/telegram-bot", ["1001"], api_base=api_base),
        EmailChannel(LOOPBACK, free_port(), "pantau@example.go.id", ["noc@example.go.id"], username="pantau",
                     password_secret="pantau/smtp") if email else None)
    return Network("Kabupaten", sites=[Site("kantor", "Kantor Desa", SiteKind.DESA)],
                   targets=[Target("rtr", "kantor", LOOPBACK, TargetRole.OFFICE_ROUTER,
                                   checks=[f"tcp:{closed_port}"], interval_s=1.0)],
                   alerts=channels)


def imported(tmp_path: Path, network: Network) -> Path:
    file = tmp_path / "network.toml"
    write_network_file(network, file)
    workspace = tmp_path / "ws.sqlite3"
    result = pantau("import", str(file), workspace=workspace)
    assert result.returncode == 0, result.stderr
    return workspace


def rows(workspace: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(workspace) as conn:
        return conn.execute(sql).fetchall()


@pytest.mark.parametrize("backend", [NO_KEYRING, NULL_KEYRING], ids=["no-keyring", "null-keyring"])
def test_monitor_refuses_to_start_when_a_channel_cannot_read_its_secret(tmp_path: Path,
                                                                       backend: dict[str, str]) -> None:
    workspace = imported(tmp_path, alerting_network("http://127.0.0.1:9", free_port()))
    result = pantau("monitor", "--duration", "5", workspace=workspace, env=backend)
    assert result.returncode == 2
    err = result.stderr
    assert "Traceback" not in err
    assert "alerts are configured but cannot be sent" in err
    assert "the telegram channel needs the secret 'pantau/telegram-bot'" in err
    assert "the email channel needs the secret 'pantau/smtp'" in err
    assert backend["PYTHON_KEYRING_BACKEND"] in err
    assert "`pantau secret set pantau/telegram-bot pantau/smtp`" in err
    assert "--no-alerts" in err and "--alerts-without-secrets" in err
    # Refused before probing: nothing was monitored.
    assert result.stdout == ""
    assert rows(workspace, "SELECT count(*) FROM samples") == [(0,)]


@pytest.mark.slow
def test_alerts_without_secrets_runs_says_each_failing_channel_and_keeps_the_alerts(tmp_path: Path) -> None:
    workspace = imported(tmp_path, alerting_network("http://127.0.0.1:9", free_port()))
    result = pantau("monitor", "--alerts-without-secrets", "--lang", "en", "--duration", "8", workspace=workspace,
                    env=NO_KEYRING)
    assert result.returncode == 0, result.stderr
    assert "ALERT" in result.stdout and "Kantor Desa" in result.stdout
    assert result.stderr.startswith("pantau monitor: starting although alerts cannot be sent yet; they wait in "
                                    "the queue until the secret is stored:\n  the telegram channel needs the "
                                    "secret 'pantau/telegram-bot': No OS keyring is available")
    err = result.stderr.splitlines()
    telegram = [line for line in err if line.startswith("pantau monitor: alerts to telegram:1001 are NOT delivered")]
    email = [line for line in err if line.startswith("pantau monitor: alerts to email are NOT delivered")]
    assert len(telegram) == 1 and len(email) == 1, result.stderr
    assert "(no-secret: No OS keyring is available" in telegram[0] and "stay queued" in telegram[0]
    assert "Traceback" not in result.stderr
    # Nothing was sent, nothing was lost: both channels keep the alert for when a secret is stored.
    assert sorted(rows(workspace, "SELECT channel, status FROM alert_queue")) == [
        ("email", "queued"), ("telegram:1001", "queued")]
    assert {row[0] for row in rows(workspace, "SELECT result FROM alert_log")} == {"no-secret"}


@pytest.mark.slow
def test_no_alerts_monitors_without_any_alert(tmp_path: Path) -> None:
    workspace = imported(tmp_path, alerting_network("http://127.0.0.1:9", free_port()))
    result = pantau("monitor", "--no-alerts", "--duration", "6", workspace=workspace, env=NO_KEYRING)
    assert result.returncode == 0, result.stderr
    assert "DOWN" in result.stdout and "ALERT" not in result.stdout
    assert rows(workspace, "SELECT count(*) FROM alert_queue") == [(0,)]
    assert rows(workspace, "SELECT count(*) FROM samples")[0][0] > 0


def test_a_failing_channel_is_told_once_per_kind_and_again_when_it_delivers(tmp_path: Path) -> None:
    secrets.set_secret("telegram.bot", TOKEN)
    port = free_port()
    channel = TelegramChannel("telegram.bot", ["1001"], api_base=f"http://{LOOPBACK}:{port}")
    network = alerting_network(channel.api_base, free_port(), email=False)
    problems: list[DeliveryProblem] = []
    with Workspace.open(tmp_path / "ws.sqlite3") as workspace:
        delivery = AlertDelivery(workspace, TelegramSender.for_each_chat(channel, timeout_s=2),
                                 wording=ALERT_SENTENCES, lang="en",
                                 base_backoff_s=0.05, max_backoff_s=0.2)
        delivery.on_problem = problems.append
        planner = AlertPlanner(network, AlertRules())
        now = time.time()
        delivery.enqueue(planner.feed([StateChange("kantor", "site", HealthState.UP, HealthState.DOWN, now)], now))
        attempts = 0
        deadline = time.monotonic() + 10
        while attempts < 4 and time.monotonic() < deadline:
            delivery.deliver_due()
            attempts = len([e for e in delivery.log() if e.result == "connection"])
            time.sleep(0.05)
        assert attempts >= 4, "the channel was not retried"
        assert [(p.channel, p.kind, p.resolved) for p in problems] == [("telegram:1001", "connection", False)]
        assert f"cannot reach the Telegram API at {LOOPBACK}:{port}" in problems[0].message
        api = FakeBotApi(port=port).start()
        try:
            deadline = time.monotonic() + 10
            while delivery.queued() and time.monotonic() < deadline:
                delivery.deliver_due()
                time.sleep(0.05)
            assert len(api.received) == 1
        finally:
            api.stop()
    assert [(p.channel, p.resolved) for p in problems] == [("telegram:1001", False), ("telegram:1001", True)]


def test_secret_commands_name_the_backend(tmp_path: Path) -> None:
    check = pantau("secret", "check", env=NULL_KEYRING)
    assert check.returncode == 1
    assert "keyring.backends.null.Keyring throws every secret away" in check.stdout
    stored = pantau("secret", "set", "pantau/telegram-bot", stdin="123:ABC\n", env=NULL_KEYRING)
    assert stored.returncode == 2, stored.stdout
    assert "Stored" not in stored.stdout and "throws every secret away" in stored.stderr
