"""Store and forward against a real PostgreSQL that the test stops and starts again (a WAN cut to the data centre):
the agent's rounds and events reach the store in order, none lost and none twice, also when the marks are lost
after the store committed (a kill -9 between the two)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from pantau.domain.inventory import Network, Site, SiteKind, Target, TargetRole
from pantau.domain.samples import Sample
from pantau.domain.states import HealthState, StateChange
from pantau.storage.forwarder import Forwarder, ForwardState
from pantau.storage.pg_store import PgStore, StoreError
from pantau.storage.store_url import parse_store_url
from pantau.storage.workspace import Workspace
from tests.conftest import STORE_PASSWORD
from tests.pg_server import PostgresServer, postgres_missing_reason

T0 = 1_795_000_000.0


def clock() -> float:
    """The agent's clock an hour after the rounds began: within the store's retention of them."""
    return T0 + 3600
VANTAGE = "camat-waru"


def network(targets: int = 3) -> Network:
    return Network("Waru", timezone="Asia/Makassar",
                   sites=[Site("waru", "Kantor Camat Waru", SiteKind.KECAMATAN, "Waru")],
                   targets=[Target(f"t{n}", "waru", f"127.0.41.{n + 1}", TargetRole.OFFICE_ROUTER)
                            for n in range(targets)])


@pytest.fixture
def own_server() -> Iterator[PostgresServer]:
    """A server of the test's own: it is stopped and started in the middle."""
    reason = postgres_missing_reason()
    if reason:
        pytest.skip(reason)
    with PostgresServer() as server:
        yield server


def rounds(start: float, count: int, targets: int = 3) -> list[Sample]:
    return [Sample(start + k, f"t{n}", "icmp", 10.0 + n + k % 5) for k in range(count) for n in range(targets)]


def test_a_cut_store_gets_every_round_once_in_order_when_it_returns(own_server: PostgresServer,
                                                                   tmp_path: Path) -> None:
    url = parse_store_url(own_server.create_database("shared", "owner", STORE_PASSWORD))
    states: list[ForwardState] = []
    with Workspace.open(tmp_path / "agent.sqlite3") as local:
        forwarder = Forwarder(local, network(), VANTAGE, lambda: PgStore.open(url, STORE_PASSWORD, VANTAGE),
                              version="test", interval_s=0.05, retry_s=0.1, on_state=states.append, clock=clock)
        local.submit(rounds(T0, 100))
        local.flush()
        assert forwarder.forward_once() == 300

        own_server.pause()
        local.submit(rounds(T0 + 100, 400))
        local.flush()
        with pytest.raises(StoreError, match=r"^the store \(shared on 127\.0\.0\.1:\d+ as owner\)"):
            forwarder.forward_once()
        with pytest.raises(StoreError, match=r"^cannot reach the store \(shared on 127\.0\.0\.1:\d+ as owner\)"):
            forwarder.forward_once()

        forwarder.start()
        local.submit(rounds(T0 + 500, 50))
        local.flush()
        own_server.resume()
        with PgStore.open(url, STORE_PASSWORD) as store:
            deadline = time.monotonic() + 30
            while store.sample_count() < 3 * 550 and time.monotonic() < deadline:
                time.sleep(0.05)
            forwarder.stop()
            assert store.sample_count() == 3 * 550
            for n in range(3):
                back = store.samples(f"t{n}", 0, T0 + 10_000, vantage=VANTAGE)
                assert [s.ts for s in back] == [T0 + k for k in range(550)]
            assert store.agents()[VANTAGE][1] == 0.0
    assert [s.connected for s in states][-1] is True


def test_marks_lost_after_the_store_committed_send_nothing_twice(store_database: str, tmp_path: Path) -> None:
    url = parse_store_url(store_database)
    with Workspace.open(tmp_path / "agent.sqlite3") as local:
        forwarder = Forwarder(local, network(), VANTAGE, lambda: PgStore.open(url, STORE_PASSWORD, VANTAGE), "t",
                              clock=clock)
        local.submit(rounds(T0, 200))
        local.flush()
        assert forwarder.forward_once() == 600
        local.set_setting(f"forward/{VANTAGE}", "")  # as if killed before the marks were written
        assert forwarder.forward_once() == 600  # sent again …
        with PgStore.open(url, STORE_PASSWORD) as store:
            assert store.sample_count() == 600  # … and taken once
        forwarder.stop()


def test_events_reach_the_store_and_their_end_follows(store_database: str, tmp_path: Path) -> None:
    url = parse_store_url(store_database)
    with Workspace.open(tmp_path / "agent.sqlite3") as local:
        forwarder = Forwarder(local, network(), VANTAGE, lambda: PgStore.open(url, STORE_PASSWORD, VANTAGE), "t",
                              clock=clock)
        local.record_state_change(StateChange("waru", "site", HealthState.UNKNOWN, HealthState.UP, T0))
        local.record_state_change(StateChange("waru", "site", HealthState.UP, HealthState.DOWN, T0 + 60, "silent"))
        local.flush()
        forwarder.forward_once()
        with PgStore.open(url, STORE_PASSWORD) as store:
            assert [(e.state, e.ended) for e in store.events(vantage=VANTAGE)] == [
                (HealthState.UP, T0 + 60), (HealthState.DOWN, None)]
            local.record_state_change(StateChange("waru", "site", HealthState.DOWN, HealthState.UP, T0 + 900))
            local.flush()
            forwarder.forward_once()
            assert [(e.state, e.started, e.ended) for e in store.events(vantage=VANTAGE)] == [
                (HealthState.UP, T0, T0 + 60), (HealthState.DOWN, T0 + 60, T0 + 900), (HealthState.UP, T0 + 900, None)]
        forwarder.stop()


def test_a_pass_commits_the_state_changes_before_the_rounds(store_database: str, tmp_path: Path) -> None:
    # A window's states come from the events; the rounds' write (with their rollups) is most of a pass, so a state
    # change that waited behind it reached the window a pass late (benchmarks/bench_fleet.py).
    url = parse_store_url(store_database)
    with Workspace.open(tmp_path / "agent.sqlite3") as local:
        forwarder = Forwarder(local, network(), VANTAGE, lambda: PgStore.open(url, STORE_PASSWORD, VANTAGE), "t",
                              clock=clock)
        local.submit(rounds(T0, 600))
        local.record_state_change(StateChange("waru", "site", HealthState.UP, HealthState.DOWN, T0 + 60, "silent"))
        local.flush()
        assert forwarder.forward_once() == 1800
        forwarder.stop(final_pass=False)
    with psycopg.connect(store_database, password=STORE_PASSWORD) as conn:
        # Transaction ids grow: the events' transaction came first.
        events_xid = conn.execute("SELECT max(xmin::text::bigint) FROM events").fetchone()[0]
        rounds_xid = conn.execute("SELECT min(xmin::text::bigint) FROM samples").fetchone()[0]
    assert events_xid < rounds_xid


def test_the_store_keeps_the_network_s_retention(store_database: str, tmp_path: Path) -> None:
    url = parse_store_url(store_database)
    with Workspace.open(tmp_path / "agent.sqlite3") as local:
        local.submit(rounds(T0, 100))
        local.flush()
        # Shipped at once, then, three days on, the store drops the day of raw rounds (retention: 1 day) and keeps
        # the minutes (30 days) made from them.
        now = [T0 + 3600]
        forwarder = Forwarder(local, network(), VANTAGE, lambda: PgStore.open(url, STORE_PASSWORD, VANTAGE), "t",
                              clock=lambda: now[0])
        assert forwarder.forward_once() == 300
        now[0] = T0 + 3 * 86_400
        forwarder.forward_once()
        forwarder.stop(final_pass=False)
    with PgStore.open(url, STORE_PASSWORD, VANTAGE) as store:
        assert store.sample_count() == 0
        assert sum(m.count for m in store.rollups("t0", "icmp", "1m", T0 - 60, T0 + 200)) == 100


def test_a_pass_sends_only_new_and_ended_events_and_a_new_connection_all_again(own_server: PostgresServer,
                                                                               tmp_path: Path) -> None:
    url = parse_store_url(own_server.create_database("shared", "owner", STORE_PASSWORD))
    with Workspace.open(tmp_path / "agent.sqlite3") as local, \
            psycopg.connect(url.conninfo, password=STORE_PASSWORD, autocommit=True) as conn:
        forwarder = Forwarder(local, network(), VANTAGE, lambda: PgStore.open(url, STORE_PASSWORD, VANTAGE), "t",
                              clock=clock)
        for n in range(3):
            local.record_state_change(StateChange(f"t{n}", "target", HealthState.UNKNOWN, HealthState.UP, T0))
        local.flush()
        forwarder.forward_once()

        def stored() -> list[tuple[str, float | None]]:
            return [(str(s), e) for s, e in conn.execute(
                "SELECT subject, ended FROM events WHERE vantage = %s ORDER BY subject, started", (VANTAGE,))]

        assert stored() == [("t0", None), ("t1", None), ("t2", None)]
        # The store's copy as a later pass leaves it: the open events already sent are not written again (their
        # rows keep their transaction id), the one that ended since is.
        written = dict(conn.execute("SELECT subject, xmin::text FROM events").fetchall())
        local.record_state_change(StateChange("t1", "target", HealthState.UP, HealthState.DOWN, T0 + 60, "silent"))
        local.flush()
        forwarder.forward_once()
        now_written = dict(conn.execute("SELECT subject, xmin::text FROM events").fetchall())
        assert now_written["t0"] == written["t0"] and now_written["t2"] == written["t2"]
        assert now_written["t1"] != written["t1"]
        assert stored() == [("t0", None), ("t1", T0 + 60), ("t1", None), ("t2", None)]

        # A store that lost them (restored from a backup) gets them all again once the connection is new.
        conn.execute("DELETE FROM events")
        own_server.pause()
        with pytest.raises(StoreError):
            forwarder.forward_once()
        own_server.resume()
        deadline = time.monotonic() + 30
        while True:
            try:
                forwarder.forward_once()
                break
            except StoreError:
                assert time.monotonic() < deadline
                time.sleep(0.1)
        forwarder.stop(final_pass=False)
    with psycopg.connect(url.conninfo, password=STORE_PASSWORD, autocommit=True) as conn:
        assert stored() == [("t0", None), ("t1", T0 + 60), ("t1", None), ("t2", None)]
