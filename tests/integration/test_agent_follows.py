"""A running agent follows the store's network: an import (or a window's edit) reaches it without a restart, and
a network that no longer holds the agent's own site leaves it monitoring the one it has, saying why."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pantau.domain.inventory import Site, SiteKind, Target, TargetRole
from pantau.domain.states import HealthState
from pantau.storage.networkfile import write_network_file
from pantau.storage.pg_store import PgStore
from pantau.storage.store_url import parse_store_url
from tests.conftest import STORE_PASSWORD
from tests.integration.test_agent import network, pgpass
from tests.integration.test_cli import SRC, pantau
from tests.servers import LOOPBACK, TcpListener, free_port

pytestmark = pytest.mark.slow


def events_of(store_database: str, subject: str) -> list[HealthState]:
    with PgStore.open(parse_store_url(store_database), STORE_PASSWORD) as store:
        return [event.state for event in store.events(subject=subject, vantage="camat-waru")]


def wait_for(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return True
        time.sleep(0.3)
    return False


def test_a_running_agent_monitors_the_network_imported_into_the_store(store_database: str, tmp_path: Path) -> None:
    env = pgpass(tmp_path, store_database)
    file = tmp_path / "network.toml"
    with TcpListener() as router, TcpListener() as new_router:
        first = network(router.port, free_port())
        write_network_file(first, file)
        assert pantau("import", str(file), env=env).returncode == 0
        command = [sys.executable, "-m", "pantau", "agent", "--vantage", "camat-waru", "--buffer",
                   str(tmp_path / "b.sqlite3"), "--duration", "40"]
        agent = subprocess.Popen(command, env={**os.environ, "PYTHONPATH": str(SRC), **env},
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            assert wait_for(lambda: HealthState.UP in events_of(store_database, "camat-waru"), 15)

            # A new office in the store: the agent probes it within its revision poll (5 s) and a restart.
            second = network(router.port, free_port())
            second.sites.append(Site("desa-baru", "Kantor Desa Baru", SiteKind.DESA, "Waru", parent="camat-waru"))
            second.targets.append(Target("baru-rtr", "desa-baru", LOOPBACK, TargetRole.OFFICE_ROUTER,
                                         checks=[f"tcp:{new_router.port}"], interval_s=1.0))
            write_network_file(second, file)
            assert pantau("import", str(file), env=env).returncode == 0
            assert wait_for(lambda: HealthState.UP in events_of(store_database, "desa-baru"), 20)

            # A network without the agent's own site: it cannot judge from nowhere, so it keeps what it has.
            third = network(router.port, free_port())
            third.sites = [site for site in third.sites if site.id != "camat-waru"]
            third.sites[-1].parent = "diskominfo"
            third.targets = [target for target in third.targets if target.site != "camat-waru"]
            write_network_file(third, file)
            assert pantau("import", str(file), env=env).returncode == 0
            time.sleep(8)
            assert agent.poll() is None
        finally:
            agent.send_signal(signal.SIGTERM)
            out, err = agent.communicate(timeout=60)
    assert agent.returncode == 0, err
    assert "the store's network changed (revision 2): monitoring 'Kabupaten' now." in err
    assert "revision 3), but the vantage 'camat-waru' is not a site" in err
    assert "keeps monitoring the network it has" in err
    assert "Traceback" not in err
    # The new office's router was probed from the agent's vantage and its rounds reached the store.
    with PgStore.open(parse_store_url(store_database), STORE_PASSWORD) as store:
        assert store.received_times("baru-rtr", 0, time.time() + 60, vantage="camat-waru")
    assert "desa-baru" in out
