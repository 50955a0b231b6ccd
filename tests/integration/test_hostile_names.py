"""Names and settings that reach the workspace without the import's checks (written by an older Pantau, or by hand):
the commands show control characters escaped, keep one value on one line, and never die of a bad alert setting.

Each workspace here is written with `Workspace.replace_network`, which stores whatever it is given, exactly as a
workspace filled before the checks existed would hold it. The commands run as real subprocesses on loopback only.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from pantau.alerts.channel import ChannelError, ChannelErrorKind
from pantau.alerts.email import EmailSender
from pantau.alerts.service import senders_for
from pantau.alerts.telegram import TelegramSender
from pantau.domain.inventory import (
    AlertChannels,
    Contract,
    EmailChannel,
    Link,
    LinkMedium,
    Network,
    Site,
    SiteKind,
    Target,
    TargetRole,
    TelegramChannel,
    validate_network,
)
from pantau.probing.icmp import IcmpMode, IcmpPinger
from pantau.storage.workspace import Workspace
from tests.integration.test_cli import pantau
from tests.servers import free_port

# Clears the screen, turns the text red, forges a line of output and reverses what follows.
EVIL = "Kantor\x1b[2J\x1b[31m\nFORGED 12:00 site dc UP\u202e"
ESC = "\x1b"


def hostile_network(closed_port: int, channels: AlertChannels | None = None) -> Network:
    site_id = "dc\x1b[31m\nFORGED"
    return Network(
        EVIL,
        sites=[Site(site_id, EVIL, SiteKind.DATACENTER)],
        targets=[Target("lan", site_id, "127.0.0.1", TargetRole.LAN_GATEWAY, ["icmp"], name=EVIL),
                 Target("srv", site_id, "127.0.0.1", TargetRole.SERVER, ["icmp", f"tcp:{closed_port}"], name=EVIL)],
        links=[Link("up", site_id, "internet", EVIL, LinkMedium.FIBER, 1000, circuit_id=EVIL, contracts=["c1"])],
        contracts=[Contract("c1", EVIL, EVIL, EVIL, 1000, date(2020, 1, 1),
                            date(2020, 12, 31), 1000)],
        alerts=channels or AlertChannels(),
    )


def stored(tmp_path: Path, network: Network) -> Path:
    path = tmp_path / "ws.sqlite3"
    with Workspace.open(path) as workspace:
        workspace.replace_network(network)
    return path


def assert_safe(text: str) -> None:
    assert ESC not in text and "\u202e" not in text, text
    assert not [line for line in text.splitlines() if line.startswith("FORGED")], text


@pytest.fixture(scope="module")
def icmp_allowed() -> None:
    with IcmpPinger() as pinger:
        if pinger.mode is IcmpMode.NONE:
            pytest.skip(f"this process may not send ICMP: {pinger.privilege_hint()}")


def test_the_import_refuses_these_names() -> None:
    network = hostile_network(1)
    fields = {(p.section, p.field) for p in validate_network(network)}
    assert {("sites", "id"), ("sites", "name"), ("targets", "name"), ("network", "name"), ("links", "provider"),
            ("contracts", "number")} <= fields


def test_diagnose_shows_names_escaped_and_json_keeps_them_exactly(tmp_path: Path, icmp_allowed: None) -> None:
    workspace = stored(tmp_path, hostile_network(free_port()))
    text = pantau("diagnose", "server", "--lang", "en", workspace=workspace)
    assert text.returncode == 1, text.stderr
    assert_safe(text.stdout)
    assert_safe(text.stderr)
    assert "Kantor\\x1b[2J\\x1b[31m\\nFORGED 12:00 site dc UP\\u202e" in text.stdout
    assert "Kantor\\x1b[2J\\x1b[31m\\nFORGED" in text.stderr, "the live progress lines too"
    as_json = pantau("diagnose", "server", "--json", workspace=workspace)
    document = json.loads(as_json.stdout)
    assert {check["name"] for check in document["checks"] if check["target"] == "srv"} == {EVIL}


def test_status_contracts_and_monitor_show_names_escaped(tmp_path: Path, icmp_allowed: None) -> None:
    workspace = stored(tmp_path, hostile_network(free_port()))
    status = pantau("status", workspace=workspace)
    assert status.returncode == 0, status.stderr
    assert_safe(status.stdout)
    assert "dc\\x1b[31m\\nFORGED" in status.stdout
    contracts = pantau("contracts", "--today", "2020-06-01", workspace=workspace)
    assert_safe(contracts.stdout)
    assert "Kantor\\x1b[2J" in contracts.stdout
    monitor = pantau("monitor", "--duration", "3", workspace=workspace)
    assert monitor.returncode == 0, monitor.stderr
    assert_safe(monitor.stdout)
    assert monitor.stdout.startswith("Monitoring Kantor\\x1b[2J\\x1b[31m\\nFORGED")
    assert "dc\\x1b[31m\\nFORGED" in monitor.stdout, "the site's state change, escaped"
    lines = [json.loads(line) for line in pantau("monitor", "--json", "--duration", "2",
                                                 workspace=workspace).stdout.splitlines()]
    assert lines[0]["network"] == EVIL


BAD_CHANNELS = AlertChannels(
    telegram=TelegramChannel("pantau/telegram", ["1001"], api_base="file:///etc/passwd"),
    email=EmailChannel("127.0.0.1", 99999, "pantau@x.go.id\r\nBcc: all@x.go.id", ["noc@x.go.id"], security="tls"),
)


def test_monitor_runs_with_unusable_alert_settings_and_no_traceback(tmp_path: Path, icmp_allowed: None) -> None:
    workspace = stored(tmp_path, hostile_network(free_port(), BAD_CHANNELS))
    # No keyring here, so the start needs the flag that accepts channels without their secret.
    result = pantau("monitor", "--duration", "2", "--alerts-without-secrets", workspace=workspace)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Monitoring ")


@pytest.mark.parametrize("api_base", ["file:///etc/passwd", "javascript:alert(1)", "http://", "http://[zz]:80/",
                                      "http://127.0.0.1:99999/", "http://127.0.0.1/\r\nHost: evil"])
def test_the_telegram_sender_refuses_a_bad_api_base_with_a_message(api_base: str) -> None:
    (sender,) = senders_for(AlertChannels(telegram=TelegramChannel("pantau/telegram", ["1001"], api_base)))
    assert isinstance(sender, TelegramSender)
    with pytest.raises(ChannelError) as refused:
        sender.send("subject", "text")
    assert refused.value.kind is ChannelErrorKind.REJECTED
    assert refused.value.message.startswith("the Telegram API base is not usable: ")
    assert "\r" not in refused.value.message and "\n" not in refused.value.message


def test_the_email_sender_refuses_unusable_settings_with_a_message() -> None:
    assert BAD_CHANNELS.email is not None
    sender = EmailSender(BAD_CHANNELS.email)
    with pytest.raises(ChannelError) as refused:
        sender.send("subject", "text")
    assert refused.value.kind is ChannelErrorKind.REJECTED
    message = refused.value.message
    assert "field 'port'" in message and "field 'sender'" in message and "field 'security'" in message
    assert "\r" not in message and "\n" not in message
