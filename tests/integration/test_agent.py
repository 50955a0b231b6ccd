"""`pantau agent` and `pantau --store URL import`, run as the user runs them (a subprocess), against a real
PostgreSQL: the network put into the store, an agent probing real loopback TCP services from its vantage and
shipping to the store, an agent whose store is down keeping everything until the next run ships it, and the
messages of a missing store, an unknown vantage and a password that is nowhere. The password reaches libpq through
a pgpass file, as on an agent's box."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from pantau.domain.inventory import (
    AlertChannels,
    Network,
    Site,
    SiteKind,
    StoreSettings,
    Target,
    TargetRole,
    TelegramChannel,
)
from pantau.domain.states import HealthState, StateChange
from pantau.storage.networkfile import write_network_file
from pantau.storage.pg_store import PgStore
from pantau.storage.store_url import parse_store_url
from tests.conftest import STORE_PASSWORD
from tests.integration.test_cli import SRC, pantau
from tests.pg_server import PostgresServer
from tests.servers import LOOPBACK, TcpListener, free_port

pytestmark = pytest.mark.slow


def network(open_port: int, closed_port: int) -> Network:
    return Network("Kabupaten", timezone="Asia/Makassar",
                   sites=[Site("diskominfo", "Diskominfo", SiteKind.DATACENTER, "Penajam"),
                          Site("camat-waru", "Kantor Camat Waru", SiteKind.KECAMATAN, "Waru", parent="diskominfo"),
                          Site("desa-api", "Kantor Desa Api-Api", SiteKind.DESA, "Waru", parent="camat-waru")],
                   targets=[Target("waru-rtr", "camat-waru", LOOPBACK, TargetRole.OFFICE_ROUTER,
                                   checks=[f"tcp:{open_port}"], interval_s=1.0),
                            Target("api-rtr", "desa-api", LOOPBACK, TargetRole.OFFICE_ROUTER,
                                   checks=[f"tcp:{closed_port}"], interval_s=1.0)])


def pgpass(tmp_path: Path, url: str) -> dict[str, str]:
    """The environment that gives libpq the password through a pgpass file (mode 600, as libpq demands)."""
    parsed = parse_store_url(url)
    file = tmp_path / "pgpass"
    file.write_text(f"{parsed.host}:{parsed.port}:{parsed.database}:{parsed.user}:{STORE_PASSWORD}\n")
    file.chmod(0o600)
    return {"PGPASSFILE": str(file), "PANTAU_STORE": url}


def buffered_rounds(buffer: Path) -> int:
    with sqlite3.connect(buffer) as conn:
        return int(conn.execute("SELECT count(*) FROM samples").fetchone()[0])


def test_an_agent_ships_what_it_sees_and_keeps_it_while_the_store_is_down(store_database: str, tmp_path: Path,
                                                                         postgres_server: PostgresServer) -> None:
    env = pgpass(tmp_path, store_database)
    file = tmp_path / "network.toml"
    buffer = tmp_path / "agent-camat-waru.sqlite3"
    with TcpListener() as router:
        write_network_file(network(router.port, free_port()), file)
        imported = pantau("import", str(file), env=env)
        assert imported.returncode == 0, imported.stderr
        assert "now holds Kabupaten: 3 sites, 2 targets" in imported.stdout

        run = pantau("agent", "--vantage", "camat-waru", "--buffer", str(buffer), "--duration", "3.5", env=env)
        assert run.returncode == 0, run.stderr
        assert "delivering to the store" in run.stderr
        assert "desa-api" in run.stdout and "DOWN" in run.stdout

        local = buffered_rounds(buffer)
        with PgStore.open(parse_store_url(store_database), STORE_PASSWORD) as store:
            shipped = store.sample_count()
            assert shipped == local > 0
            down = [e for e in store.events(subject="desa-api", vantage="camat-waru") if e.state is HealthState.DOWN]
            assert down and down[0].ended is not None  # closed by "monitoring stopped", and that end was shipped
            assert set(store.agents()) == {"camat-waru"}

        # The store goes away (a dead port): the agent runs on its copy of the network and keeps every round.
        dead = {**env, "PANTAU_STORE": f"postgresql://nobody@127.0.0.1:{free_port()}/none?connect_timeout=2"}
        offline = pantau("agent", "--vantage", "camat-waru", "--buffer", str(buffer), "--duration", "3", env=dead)
        assert offline.returncode == 0, offline.stderr
        assert "monitoring the network as the store last gave it" in offline.stderr
        assert "Traceback" not in offline.stderr
        kept = buffered_rounds(buffer)
        assert kept > local

        # Back with the real store: the next run ships the backlog with its own rounds, nothing twice.
        back = pantau("agent", "--vantage", "camat-waru", "--buffer", str(buffer), "--duration", "2", env=env)
        assert back.returncode == 0, back.stderr
        with PgStore.open(parse_store_url(store_database), STORE_PASSWORD) as store:
            assert store.sample_count() == buffered_rounds(buffer)


def test_what_stops_an_agent_is_said_plainly(store_database: str, tmp_path: Path) -> None:
    env = pgpass(tmp_path, store_database)
    empty = pantau("agent", "--vantage", "camat-waru", "--buffer", str(tmp_path / "b.sqlite3"), env=env)
    assert empty.returncode == 2 and "holds no network yet" in empty.stderr

    file = tmp_path / "network.toml"
    write_network_file(network(free_port(), free_port()), file)
    assert pantau("import", str(file), env=env).returncode == 0
    unknown = pantau("agent", "--vantage", "kantor-x", "--buffer", str(tmp_path / "b.sqlite3"), env=env)
    assert unknown.returncode == 2
    assert "'kantor-x' is not a site" in unknown.stderr and "camat-waru" in unknown.stderr

    no_password = {k: v for k, v in env.items() if k != "PGPASSFILE"}
    refused = pantau("agent", "--vantage", "camat-waru", "--buffer", str(tmp_path / "c.sqlite3"),
                     env={**no_password, "PGPASSFILE": os.devnull})
    assert refused.returncode == 2 and "password" in refused.stderr and "Traceback" not in refused.stderr

    missing_key = pantau("--store-secret", "pantau/store", "agent", "--vantage", "camat-waru", env=env)
    assert missing_key.returncode == 2 and "pantau/store" in missing_key.stderr

    no_store = pantau("agent", "--vantage", "camat-waru", env={"PANTAU_STORE": ""})
    assert no_store.returncode == 2 and "--store URL" in no_store.stderr

    with_password = pantau("--store", "postgresql://u:pw@127.0.0.1/db", "agent", "--vantage", "x")
    assert with_password.returncode == 2 and "holds a password" in with_password.stderr


def test_the_service_unit_names_the_store_and_no_password(tmp_path: Path) -> None:
    url = "postgresql://pantau@127.0.0.1:5432/pantau?sslmode=verify-full"
    printed = pantau("--store", url, "agent", "--vantage", "camat-waru", "--install-service")
    assert printed.returncode == 0, printed.stderr
    assert f'Environment="PANTAU_STORE={url}"' in printed.stdout
    assert "ExecStart=" in printed.stdout and "agent --vantage %i" in printed.stdout
    assert "AmbientCapabilities=CAP_NET_RAW" in printed.stdout
    target = tmp_path / "pantau-agent@.service"
    written = pantau("--store", url, "agent", "--vantage", "camat-waru", "--install-service", str(target))
    assert written.returncode == 0 and target.read_text() == printed.stdout


def samples(page: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """The exposition page parsed with prometheus_client's own parser: (name, labels) → value."""
    return {(sample.name, frozenset(sample.labels.items())): sample.value
            for family in text_string_to_metric_families(page) for sample in family.samples}


def state_of(found: dict[tuple[str, frozenset[tuple[str, str]]], float], site: str) -> list[str]:
    return [dict(labels)["state"] for (name, labels), value in found.items()
            if name == "pantau_site_state" and dict(labels)["site"] == site and value == 1]


def test_an_agent_serves_its_metrics_while_it_runs(store_database: str, tmp_path: Path) -> None:
    env = pgpass(tmp_path, store_database)
    file = tmp_path / "network.toml"
    port = free_port()
    with TcpListener() as router:
        write_network_file(network(router.port, free_port()), file)
        assert pantau("import", str(file), env=env).returncode == 0
        command = [sys.executable, "-m", "pantau", "agent", "--vantage", "camat-waru", "--buffer",
                   str(tmp_path / "b.sqlite3"), "--duration", "8", "--metrics", f"{LOOPBACK}:{port}"]
        agent = subprocess.Popen(command, env={**os.environ, "PYTHONPATH": str(SRC), **env},
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            found: dict[tuple[str, frozenset[tuple[str, str]]], float] = {}
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and state_of(found, "desa-api") != ["DOWN"]:
                time.sleep(0.3)
                try:
                    with urllib.request.urlopen(f"http://{LOOPBACK}:{port}/metrics", timeout=2) as response:
                        found = samples(response.read().decode())
                except OSError:
                    continue
        finally:
            agent.send_signal(signal.SIGTERM)  # stops cleanly, as systemd stops it
            _, err = agent.communicate(timeout=60)
    assert agent.returncode == 0, err
    assert state_of(found, "desa-api") == ["DOWN"] and state_of(found, "camat-waru") == ["UP"]
    rtts = {dict(labels)["target"] for (name, labels) in found if name == "pantau_target_rtt_milliseconds"}
    assert rtts == {"waru-rtr"}  # the silent router has no RTT, never an old one
    assert ("pantau_undelivered_seconds", frozenset({("vantage", "camat-waru")})) in found


def test_a_command_that_does_not_use_the_store_says_so(tmp_path: Path) -> None:
    workspace = tmp_path / "w.sqlite3"
    file = tmp_path / "network.toml"
    write_network_file(network(free_port(), free_port()), file)
    assert pantau("import", str(file), workspace=workspace, env={"PANTAU_STORE": ""}).returncode == 0
    contracts = pantau("contracts", workspace=workspace, env={"PANTAU_STORE": "postgresql://u@127.0.0.1:9/x"})
    assert "works on the local workspace; the shared store is used by the window, `import`, `status`, `diagnose` and " \
        "`agent` only" in contracts.stderr
    quiet = pantau("contracts", workspace=workspace, env={"PANTAU_STORE": ""})
    assert "shared store" not in quiet.stderr


def test_the_network_file_s_store_block_names_the_store_for_an_agent(store_database: str, tmp_path: Path) -> None:
    env = {**pgpass(tmp_path, store_database), "PANTAU_STORE": ""}
    net = network(free_port(), free_port())
    net.store = StoreSettings(url=store_database)
    file = tmp_path / "network.toml"
    write_network_file(net, file)
    assert "[store]" in file.read_text()
    workspace = tmp_path / "w.sqlite3"
    assert pantau("import", str(file), workspace=workspace, env=env).returncode == 0  # into the workspace
    first = pantau("agent", "--vantage", "camat-waru", "--buffer", str(tmp_path / "b.sqlite3"), "--duration", "1",
                   workspace=workspace, env=env)
    assert first.returncode == 2 and "holds no network yet" in first.stderr  # it reached the store the file names
    assert pantau("--store", store_database, "import", str(file), env=env).returncode == 0
    second = pantau("agent", "--vantage", "camat-waru", "--buffer", str(tmp_path / "b.sqlite3"), "--duration", "2",
                    workspace=workspace, env=env)
    assert second.returncode == 0, second.stderr
    with PgStore.open(parse_store_url(store_database), STORE_PASSWORD) as store:
        assert store.sample_count() > 0


def test_a_password_in_the_store_block_is_refused_with_its_line(tmp_path: Path) -> None:
    file = tmp_path / "network.toml"
    net = network(free_port(), free_port())
    write_network_file(net, file)
    text = file.read_text() + '\n[store]\nurl = "postgresql://owner:Hunter2xyz@127.0.0.1/shared"\n'
    file.write_text(text)
    refused = pantau("import", str(file), workspace=tmp_path / "w.sqlite3", env={"PANTAU_STORE": ""})
    assert refused.returncode == 2
    line = text.splitlines().index("[store]") + 2
    assert f"network.toml:{line}: store field 'url': the URL holds a password" in refused.stderr
    assert "Hunter2xyz" not in refused.stderr  # the message never repeats the password


def test_an_alerting_agent_says_when_another_agent_fell_silent(store_database: str, tmp_path: Path) -> None:
    # A channel that cannot deliver (a closed local port, no keyring): the alerts are printed and queued.
    env = {**pgpass(tmp_path, store_database), "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    net = network(free_port(), free_port())
    net.alerts = AlertChannels(TelegramChannel("pantau/telegram-bot", ["1001"],
                                               api_base=f"http://{LOOPBACK}:{free_port()}"))
    file = tmp_path / "network.toml"
    write_network_file(net, file)
    assert pantau("import", str(file), env=env).returncode == 0
    with PgStore.open(parse_store_url(store_database), STORE_PASSWORD) as store:
        # The data centre's agent last reported ten minutes ago.
        store.heartbeat(time.time() - 600, 0.0, "test", time.time() - 3600, vantage="diskominfo")
    run = pantau("agent", "--vantage", "camat-waru", "--alerts", "--lang", "en", "--buffer",
                 str(tmp_path / "b.sqlite3"), "--duration", "4", env=env)
    assert run.returncode == 0, run.stderr
    assert "AGENT SILENT: the Pantau agent at Diskominfo has not reported since" in run.stdout
    assert "Kantor Camat Waru has not reported" not in run.stdout  # never about itself


def test_a_killed_agent_loses_nothing_and_sends_nothing_twice(store_database: str, tmp_path: Path,
                                                              postgres_server: PostgresServer) -> None:
    env = pgpass(tmp_path, store_database)
    file = tmp_path / "network.toml"
    buffer = tmp_path / "agent.sqlite3"
    with TcpListener() as router:
        write_network_file(network(router.port, free_port()), file)
        assert pantau("import", str(file), env=env).returncode == 0
        command = [sys.executable, "-m", "pantau", "agent", "--vantage", "camat-waru", "--buffer", str(buffer)]
        for _ in range(2):
            agent = subprocess.Popen(command, env={**os.environ, "PYTHONPATH": str(SRC), **env},
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(3)
            # Mid-run, the store drops the agent's connection too (a server restart, a firewall's reset).
            database = store_database.rsplit("/", 1)[1]
            postgres_server.admin_sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                      f"WHERE datname = '{database}' AND pid <> pg_backend_pid()")
            time.sleep(1)
            agent.kill()  # kill -9: no flush, no last pass
            agent.wait(10)
        final = pantau("agent", "--vantage", "camat-waru", "--buffer", str(buffer), "--duration", "2", env=env)
        assert final.returncode == 0, final.stderr
    with sqlite3.connect(buffer) as local:
        assert local.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        taken = local.execute("SELECT count(*) FROM samples").fetchone()[0]
    with PgStore.open(parse_store_url(store_database), STORE_PASSWORD) as store:
        assert store.sample_count() == taken > 0  # none lost across two kills, none twice
        shipped = store.samples("waru-rtr", 0, time.time() + 60, vantage="camat-waru")
    times = [s.ts for s in shipped]
    assert times == sorted(times) and len(set(times)) == len(times)


def test_an_alerting_agent_says_a_path_is_broken_when_another_agent_hears_the_office(store_database: str,
                                                                                    tmp_path: Path) -> None:
    """Both offices are silent from the data centre's agent; the Waru agent hears its own office but not Babulu:
    Waru's alert is a broken path, Babulu's a real DOWN (never hidden)."""
    env = {**pgpass(tmp_path, store_database), "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    net = network(free_port(), free_port())
    # No office behind Waru: its alert would wait for them to settle (`storm_settle_seconds`), longer than the run.
    net.sites = [site for site in net.sites if site.id != "desa-api"]
    net.sites.append(Site("camat-babulu", "Kantor Camat Babulu", SiteKind.KECAMATAN, "Babulu", parent="diskominfo"))
    net.targets = [Target("waru-rtr", "camat-waru", LOOPBACK, TargetRole.OFFICE_ROUTER, checks=[f"tcp:{free_port()}"],
                          interval_s=1.0),
                   Target("babulu-rtr", "camat-babulu", LOOPBACK, TargetRole.OFFICE_ROUTER,
                          checks=[f"tcp:{free_port()}"], interval_s=1.0)]
    net.alerts = AlertChannels(TelegramChannel("pantau/telegram-bot", ["1001"],
                                               api_base=f"http://{LOOPBACK}:{free_port()}"))
    file = tmp_path / "network.toml"
    write_network_file(net, file)
    assert pantau("import", str(file), env=env).returncode == 0
    now = time.time()
    with PgStore.open(parse_store_url(store_database), STORE_PASSWORD, "camat-waru") as waru:
        waru.record_state_change(StateChange("camat-waru", "site", HealthState.UNKNOWN, HealthState.UP, now - 300))
        waru.record_state_change(StateChange("camat-babulu", "site", HealthState.UNKNOWN, HealthState.DOWN, now - 300))
        # The Waru agent's clock runs 90 s ahead: its word is already newer than the DOWN by more than the wait
        # (`PATH_CONFIRM_S`), so the test need not run a minute.
        waru.heartbeat(now + 90, 0.0, "test", now - 600)
    run = pantau("agent", "--vantage", "diskominfo", "--alerts", "--lang", "en", "--buffer",
                 str(tmp_path / "b.sqlite3"), "--duration", "6", env=env)
    assert run.returncode == 0, run.stderr
    assert "PATH BROKEN: the path from Diskominfo to Kantor Camat Waru is broken since" in run.stdout, run.stdout
    assert "still answers the Pantau agent at Kantor Camat Waru" in run.stdout
    assert "DOWN: Kantor Camat Waru" not in run.stdout
    assert "DOWN: Kantor Camat Babulu since" in run.stdout
