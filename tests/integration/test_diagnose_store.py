"""`pantau --store URL diagnose`: the diagnosis asks the real shared store (PostgreSQL) what the other vantages see.

Camat Waru's router is a loopback TCP port that gives no answer (a stalled listener), so from this computer the office
is silent; in the store the agent in the office hears it. The report must say the path is broken, not the office.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pantau.domain.inventory import Link, LinkMedium, Network, Site, SiteKind, Target, TargetRole
from pantau.domain.states import HealthState, StateChange
from pantau.storage.pg_store import PgStore
from pantau.storage.store_url import parse_store_url
from pantau.storage.workspace import Workspace
from tests.conftest import STORE_PASSWORD
from tests.integration.test_agent import pgpass
from tests.integration.test_cli import pantau
from tests.servers import StalledTcpListener


@pytest.fixture
def silent_port() -> Iterator[int]:
    with StalledTcpListener() as silent:
        if not silent.stalled:
            pytest.skip("this kernel accepted every connection: no silent TCP port on loopback")
        yield silent.port


def workspace_with_waru(tmp_path: Path, port: int) -> Path:
    network = Network("Waru", sites=[Site("diskominfo", "Diskominfo", SiteKind.DATACENTER),
                                     Site("camat-waru", "Kantor Camat Waru", SiteKind.KECAMATAN, parent="diskominfo")],
                      targets=[Target("gw", "diskominfo", "127.0.0.1", TargetRole.LAN_GATEWAY, ["tcp:1"], name="LAN"),
                               Target("srv", "diskominfo", "127.0.0.1", TargetRole.SERVER, ["tcp:1"], name="Server"),
                               Target("rtr-waru", "camat-waru", "127.0.0.1", TargetRole.OFFICE_ROUTER,
                                      [f"tcp:{port}"], name="Router Camat Waru")],
                      links=[Link("link-waru", "camat-waru", "diskominfo", "PT Telkom Indonesia", LinkMedium.FIBER,
                                  20_000, circuit_id="TLK-0114")])
    path = tmp_path / "ws.sqlite3"
    with Workspace.open(path) as workspace:
        workspace.replace_network(network)
    return path


def test_a_site_silent_here_and_heard_by_another_vantage_is_a_broken_path(store_database: str, tmp_path: Path,
                                                                          silent_port: int) -> None:
    now = time.time()
    url = parse_store_url(store_database)
    with PgStore.open(url, STORE_PASSWORD, "diskominfo") as centre, \
            PgStore.open(url, STORE_PASSWORD, "camat-waru") as waru:
        centre.record_state_change(StateChange("camat-waru", "site", HealthState.UP, HealthState.DOWN, now - 60))
        waru.record_state_change(StateChange("camat-waru", "site", HealthState.UNKNOWN, HealthState.UP, now - 300))
        waru.heartbeat(now, 0.0, "test", now - 600)
    workspace = workspace_with_waru(tmp_path, silent_port)
    env = pgpass(tmp_path, store_database)
    result = pantau("--store", store_database, "diagnose", "site", "camat-waru", "--json", workspace=workspace,
                    env=env)
    assert result.returncode == 1, result.stderr
    assert "shared store is used by" not in result.stderr
    document = json.loads(result.stdout)
    assert document["verdict"] == "path-broken" and document["findings"][0]["heard_from"] == ["camat-waru"]
    assert document["cause"]["kind"] == "provider-path" and document["cause"]["providers"] == ["PT Telkom Indonesia"]
    seen = document["vantages"]
    assert seen["here"] == "diskominfo" and seen["unavailable"] is None
    assert seen["sites"][0]["site"] == "camat-waru" and seen["sites"][0]["heard_from"] == ["camat-waru"]
    assert [(v["vantage"], v["state"], v["fresh"]) for v in seen["sites"][0]["views"]] == [("camat-waru", "UP", True)]
    text = pantau("--store", store_database, "diagnose", "site", "camat-waru", "--lang", "en", workspace=workspace,
                  env=env)
    assert "Router Camat Waru does not answer this computer (Diskominfo) but does answer the agent at Kantor Camat " \
           "Waru: the path between Diskominfo and Kantor Camat Waru is broken (the line of PT Telkom Indonesia)" \
           in text.stdout, text.stdout


def test_a_store_that_cannot_be_reached_leaves_the_diagnosis_to_this_computer(tmp_path: Path,
                                                                              silent_port: int) -> None:
    workspace = workspace_with_waru(tmp_path, silent_port)
    result = pantau("--store", "postgresql://pantau@127.0.0.1:9/none", "diagnose", "site", "camat-waru", "--json",
                    workspace=workspace, env={"PGPASSFILE": "/dev/null"})
    assert result.returncode == 1, result.stderr
    document = json.loads(result.stdout)
    assert document["verdict"] == "isp-link"
    assert document["vantages"]["unavailable"].startswith("cannot reach the store")
    assert document["vantages"]["sites"] == []
