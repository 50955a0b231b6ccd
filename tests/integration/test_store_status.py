"""`pantau --store URL status`: the team's network as every vantage's agent sees it, read from a real PostgreSQL;
and the rules behind it (reporting/store_status.py) on views given directly."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from pantau.domain.states import HealthState, StateChange
from pantau.domain.vantages import CombinedState, VantageView
from pantau.reporting.store_status import store_status
from pantau.storage.networkfile import write_network_file
from tests.integration.test_agent import network, pgpass
from tests.integration.test_cli import pantau
from tests.integration.test_store_contract import open_store
from tests.servers import free_port

NOW = 1_780_000_000.0


def test_each_site_is_combined_and_a_silent_agent_is_named() -> None:
    net = network(1, 2)
    views = {"camat-waru": {"diskominfo": VantageView(HealthState.DOWN, NOW - 5),
                            "camat-waru": VantageView(HealthState.UP, NOW - 3)},
             "desa-api": {"diskominfo": VantageView(HealthState.UP, NOW - 600)}}
    agents = {"diskominfo": (NOW - 5, 0.0), "camat-waru": (NOW - 3, 12.0), "desa-api": (NOW - 600, 0.0)}
    status = store_status(net, views, agents, NOW)
    states = {row.site_id: row.state for row in status.sites}
    # No vantage judged the data centre itself; the desa's only view is ten minutes old: neither is up.
    assert states == {"diskominfo": CombinedState.UNKNOWN, "camat-waru": CombinedState.PATH_BROKEN,
                      "desa-api": CombinedState.UNKNOWN}
    waru = next(row for row in status.sites if row.site_id == "camat-waru")
    assert "Diskominfo" in waru.sentence and "Kantor Camat Waru" in waru.sentence
    assert [(a.vantage, a.silent) for a in status.agents] == [
        ("camat-waru", False), ("desa-api", True), ("diskominfo", False)]
    assert status.as_json(NOW)["agents"][0]["behind_s"] == 12.0


@pytest.mark.slow
def test_status_on_the_store_shows_a_broken_path_not_down(store_database: str, tmp_path: Path) -> None:
    env = pgpass(tmp_path, store_database)
    file = tmp_path / "network.toml"
    write_network_file(network(free_port(), free_port()), file)
    empty = pantau("status", env=env)
    assert empty.returncode == 2 and "holds no network yet" in empty.stderr
    assert pantau("import", str(file), env=env).returncode == 0
    now = time.time()
    with open_store(store_database) as centre, open_store(store_database, "camat-waru") as waru:
        centre.record_state_change(StateChange("camat-waru", "site", HealthState.UNKNOWN, HealthState.DOWN, now - 20,
                                               "silent"))
        waru.record_state_change(StateChange("camat-waru", "site", HealthState.UNKNOWN, HealthState.UP, now - 19))
        centre.record_state_change(StateChange("desa-api", "site", HealthState.UNKNOWN, HealthState.DOWN, now - 20,
                                               "silent"))
        waru.record_state_change(StateChange("desa-api", "site", HealthState.UNKNOWN, HealthState.DOWN, now - 19,
                                             "silent"))
        centre.heartbeat(now, 0.0, "test", now - 60)
        waru.heartbeat(now, 3.0, "test", now - 60)
    found = pantau("status", "--json", env=env)
    assert found.returncode == 1, found.stderr  # a fault is a finding, as in the workspace's status
    assert "works on the local workspace" not in found.stderr
    document = json.loads(found.stdout)
    sites = {row["site"]: row for row in document["sites"]}
    assert sites["camat-waru"]["state"] == "PATH_BROKEN"
    assert sites["camat-waru"]["heard_from"] == ["camat-waru"] and sites["camat-waru"]["silent_from"] == ["diskominfo"]
    assert sites["desa-api"]["state"] == "DOWN" and sites["diskominfo"]["state"] == "UNKNOWN"
    assert [agent["vantage"] for agent in document["agents"]] == ["camat-waru", "diskominfo"]
    text = pantau("status", env=env)
    assert "PATH_BROKEN" in text.stdout and "2 agent(s)" in text.stdout and "3 s behind" in text.stdout


def test_status_on_a_store_that_does_not_answer_says_which(tmp_path: Path) -> None:
    url = f"postgresql://pantau@127.0.0.1:{free_port()}/pantau"
    found = pantau("status", env={**pgpass(tmp_path, url), "PANTAU_STORE": url})
    assert found.returncode == 2
    assert f"127.0.0.1:{url.rsplit(':', 1)[1].split('/')[0]}" in found.stderr and "Traceback" not in found.stderr


def test_the_window_on_a_store_that_does_not_answer_says_so_before_any_window(tmp_path: Path) -> None:
    url = f"postgresql://pantau@127.0.0.1:{free_port()}/pantau"
    found = pantau("gui", env={**pgpass(tmp_path, url), "PANTAU_STORE": url, "QT_QPA_PLATFORM": "offscreen"})
    assert found.returncode == 2 and "127.0.0.1" in found.stderr and "Traceback" not in found.stderr
    assert "works on the local workspace" not in found.stderr
