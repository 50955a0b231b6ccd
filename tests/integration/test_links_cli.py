"""`pantau links` end to end, as a subprocess on a real workspace holding recorded traffic."""

from __future__ import annotations

import json
import time
from pathlib import Path

from pantau.domain.inventory import Link, LinkMedium, Network, Site, SiteKind
from pantau.domain.snmp_config import SnmpInterface
from pantau.domain.traffic import OperStatus, TrafficInterval
from pantau.storage.workspace import Workspace
from tests.integration.test_cli import pantau


def network() -> Network:
    snmp = SnmpInterface("127.0.0.1", "lo", port=16100, community_secret="snmp/test")
    return Network(
        name="Uji",
        sites=[Site("dc", "DC", SiteKind.DATACENTER), Site("waru", "Waru", SiteKind.KECAMATAN),
               Site("babulu", "Babulu", SiteKind.KECAMATAN), Site("sepaku", "Sepaku", SiteKind.KECAMATAN)],
        links=[Link("l-full", "dc", "waru", "Telkom", LinkMedium.FIBER, 100, snmp=snmp),
               Link("l-gap", "dc", "babulu", "Telkom", LinkMedium.FIBER, 1000, snmp=snmp),
               Link("l-old", "dc", "sepaku", "Telkom", LinkMedium.FIBER, 1000, snmp=snmp),
               Link("l-none", "dc", "internet", "Lintas", LinkMedium.VSAT, 2000)],
    )


def test_links_show_use_gaps_age_and_what_is_not_measured(tmp_path: Path) -> None:
    path = tmp_path / "ws.sqlite3"
    now = time.time()
    with Workspace.open(path) as workspace:
        workspace.replace_network(network())
        workspace.record_traffic(
            [TrafficInterval("l-full", now - 600 + 30 * n, now - 570 + 30 * n, 95_000, 9_000, OperStatus.UP,
                             100_000_000) for n in range(19)]
            + [TrafficInterval("l-gap", now - 60, now - 30, 400_000, 40_000, OperStatus.UP),
               TrafficInterval("l-gap", now - 30, now - 5, None, None,
                               problem="SNMP: no answer from 127.0.0.1:16100 (v2c)"),
               TrafficInterval("l-old", now - 7230, now - 7200, 10_000, 10_000, OperStatus.UP)])
    result = pantau("links", workspace=path)
    assert result.returncode == 1, result.stderr  # a full line is a finding
    lines = {line.split()[0]: line for line in result.stdout.splitlines() if line.startswith("l-")}
    assert "95 kbit/s / 9 kbit/s" in lines["l-full"] and " 95 %" in lines["l-full"]
    assert "95 / 95 / 95 %" in lines["l-full"] and "line full" in lines["l-full"]
    assert "gap" in lines["l-gap"] and "no answer from 127.0.0.1:16100" in lines["l-gap"]
    assert " 0 %" not in lines["l-gap"]  # a gap is never drawn or said as zero
    assert "OLD: newest reading 2.0 h ago" in lines["l-old"]
    assert "not measured: no SNMP interface set up" in lines["l-none"]
    assert "No Pantau monitors this workspace now" in result.stdout

    document = json.loads(pantau("links", "--json", workspace=path).stdout)
    by_link = {row["link"]: row for row in document}
    assert by_link["l-full"]["use_percent"] == 95.0 and by_link["l-full"]["last_hour"]["p95_percent"] == 95.0
    assert by_link["l-gap"]["state"] == "gap" and by_link["l-gap"]["in_bps"] is None
    assert by_link["l-old"]["state"] == "stale"
    assert by_link["l-none"]["state"] == "not-measured" and by_link["l-none"]["use_percent"] is None


def test_links_before_any_traffic_say_so_and_exit_0(tmp_path: Path) -> None:
    path = tmp_path / "ws.sqlite3"
    with Workspace.open(path) as workspace:
        workspace.replace_network(network())
    result = pantau("links", workspace=path)
    assert result.returncode == 0, result.stderr
    assert "not measured: nothing recorded yet" in result.stdout
    assert "No traffic recorded yet. 3 of 4 links have an SNMP interface set up" in result.stdout
