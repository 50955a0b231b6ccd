"""The window on a shared store probing as one more vantage (ui/store_vantage.py), against a real PostgreSQL and
real TCP listeners: what it probes reaches the store and comes back to the window like any agent's view; a new
network in the store is probed without a restart; everything it took is in the store when it closes; and what
stops it (the vantage is no site, an agent holds the buffer, no store) is said before any window."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from pantau.domain.inventory import Site, SiteKind, Target, TargetRole
from pantau.domain.states import HealthState
from pantau.probing.icmp import IcmpPinger
from pantau.storage.lock import WorkspaceLock
from pantau.storage.store_access import open_store_window
from pantau.storage.store_url import parse_store_url
from pantau.ui.main_window import MainWindow
from pantau.ui.store_vantage import StoreVantage, VantageError
from pantau.ui.store_watch import StoreWatch
from tests.conftest import STORE_PASSWORD
from tests.integration.test_agent import network
from tests.integration.test_cli import pantau
from tests.integration.test_store_contract import open_store
from tests.servers import LOOPBACK, TcpListener, free_port

pytestmark = pytest.mark.slow


@pytest.fixture
def pinger() -> Iterator[IcmpPinger]:
    icmp = IcmpPinger()
    icmp.start()
    yield icmp
    icmp.close()


def rounds_in(buffer: Path) -> int:
    with sqlite3.connect(buffer) as conn:
        return int(conn.execute("SELECT count(*) FROM samples").fetchone()[0])


def test_the_window_probes_as_a_vantage_and_shows_it_through_the_store(qtbot: QtBot, store_database: str,
                                                                       tmp_path: Path, pinger: IcmpPinger) -> None:
    buffer = tmp_path / "agent-camat-waru.sqlite3"
    with TcpListener() as router, TcpListener() as new_router:
        with open_store(store_database) as store:
            store.replace_network(network(router.port, free_port()))
        access, net = open_store_window(parse_store_url(store_database), STORE_PASSWORD)
        probing = StoreVantage(access, "camat-waru", buffer)
        probing.open(net)
        window = MainWindow(net, None, tray=False)
        qtbot.addWidget(window)
        watch = StoreWatch(window, access, interval_ms=200, own_vantage="camat-waru", on_network=probing.follow)
        probing.start(net, pinger)
        watch.start()
        try:
            # Only this window probes: its view, read back from the store, is the only evidence there is.
            qtbot.waitUntil(lambda: window.session.states.get("camat-waru") is HealthState.UP, timeout=20_000)
            qtbot.waitUntil(lambda: window.session.states.get("desa-api") is HealthState.DOWN, timeout=20_000)
            assert window.session.states["diskominfo"] is HealthState.UNKNOWN  # nothing probes it: never up
            banner = window.workspace_banner.text.text()
            assert "This computer probes as Kantor Camat Waru too." in banner and "camat-waru (" in banner
            assert watch.vantage_evidence().here == "camat-waru"  # its diagnoses run from where it probes
            assert window.network.monitoring.vantage != "camat-waru"  # never saved back for every other window

            # A new office in the store: the window probes it too, without a restart.
            bigger = network(router.port, free_port())
            bigger.sites.append(Site("desa-baru", "Kantor Desa Baru", SiteKind.DESA, "Waru", parent="camat-waru"))
            bigger.targets.append(Target("baru-rtr", "desa-baru", LOOPBACK, TargetRole.OFFICE_ROUTER,
                                         checks=[f"tcp:{new_router.port}"], interval_s=1.0))
            with open_store(store_database) as store:
                store.replace_network(bigger)
            qtbot.waitUntil(lambda: window.session.states.get("desa-baru") is HealthState.UP, timeout=25_000)
        finally:
            watch.stop()
            window.shutdown()
            probing.stop()
    # Closing shipped what was left: every round the window took is in the store once, under its vantage.
    with open_store(store_database) as store:
        stored = store.sample_count()
        # Closed on purpose: signed off, so no alerting agent reports it silent; its rounds and events stay.
        assert store.agents() == {}
        assert store.events(vantage="camat-waru")
    assert stored == rounds_in(buffer) > 0
    # The buffer is free again for an agent (or the next window).
    lock = WorkspaceLock(buffer, "test")
    lock.acquire()
    lock.release()


def test_what_stops_the_window_probing_is_said_before_any_window(store_database: str, tmp_path: Path) -> None:
    with open_store(store_database) as store:
        store.replace_network(network(free_port(), free_port()))
    access, net = open_store_window(parse_store_url(store_database), STORE_PASSWORD)
    with pytest.raises(VantageError, match="'kantor-x' is not a site of the network 'Kabupaten'"):
        StoreVantage(access, "kantor-x", tmp_path / "x.sqlite3").open(net)

    buffer = tmp_path / "agent-camat-waru.sqlite3"
    agent_lock = WorkspaceLock(buffer, "pantau agent")
    agent_lock.acquire()
    try:
        with pytest.raises(VantageError, match="pantau agent"):
            StoreVantage(access, "camat-waru", buffer).open(net)
    finally:
        agent_lock.release()

    alone = pantau("gui", "--vantage", "camat-waru", env={"PANTAU_STORE": ""})
    assert alone.returncode == 2 and "--store URL" in alone.stderr


def test_a_window_started_twice_as_one_vantage_is_refused(store_database: str, tmp_path: Path) -> None:
    with open_store(store_database) as store:
        store.replace_network(network(free_port(), free_port()))
    access, net = open_store_window(parse_store_url(store_database), STORE_PASSWORD)
    first = StoreVantage(access, "camat-waru", tmp_path / "b.sqlite3")
    first.open(net)
    try:
        started = time.monotonic()
        with pytest.raises(VantageError, match="probing as camat-waru"):
            StoreVantage(access, "camat-waru", tmp_path / "b.sqlite3").open(net)
        assert time.monotonic() - started < 5  # said at once, not after a wait
    finally:
        first.stop()


def test_the_window_knows_the_revision_its_network_was_read_at(store_database: str) -> None:
    # Its first edit is saved over that revision: known from the start, not only after the first read.
    with open_store(store_database) as store:
        store.replace_network(network(free_port(), free_port()))
        store.replace_network(network(free_port(), free_port()))
        assert store.inventory_revision() == 2
    access, _net = open_store_window(parse_store_url(store_database), STORE_PASSWORD)
    assert access.revision == 2
