"""One contract, two backends: the SQLite workspace and the shared PostgreSQL store (a real server started by the
tests) hold rounds, the outage log and the inventory the same way; then what only the shared store does (vantages,
a batch sent twice, schema versions, a refused password, a read-only role, partitions dropped by retention)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from pantau.domain.inventory import Network, Site, SiteKind, Target, TargetRole
from pantau.domain.samples import ErrorKind, Sample
from pantau.domain.states import HealthState, StateChange
from pantau.storage.pg_store import DAY_MS, PG_SCHEMA_VERSION, PgStore, StoreError
from pantau.storage.store import HistoryStore
from pantau.storage.store_url import StoreUrlError, parse_store_url, store_url_from
from pantau.storage.workspace import Workspace
from tests.conftest import STORE_PASSWORD
from tests.pg_server import PostgresServer

T0 = 1_795_000_000.0


def network() -> Network:
    return Network("Shared", timezone="Asia/Makassar",
                   sites=[Site("dc", "Diskominfo", SiteKind.DATACENTER, "Penajam"),
                          Site("waru", "Kantor Camat Waru", SiteKind.KECAMATAN, "Waru", parent="dc")],
                   targets=[Target("waru-gw", "waru", "127.0.40.1", TargetRole.OFFICE_ROUTER)])


def rounds(count: int, start: float = T0, step: float = 1.5) -> list[Sample]:
    result = []
    for k in range(count):
        if k % 10 == 9:
            result.append(Sample(start + k * step, "waru-gw", "icmp", None, ErrorKind.TIMEOUT, "timeout", 3, 3))
        else:
            rtt = 20.0 + k % 7 + 0.123
            result.append(Sample(start + k * step, "waru-gw", "icmp", rtt, sent=3, lost=int(k % 3 == 0)))
    return result


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[HistoryStore]:
    if request.param == "sqlite":
        with Workspace.open(tmp_path / "w.sqlite3") as workspace:
            yield workspace
    else:
        url = request.getfixturevalue("store_database")
        with PgStore.open(parse_store_url(url), STORE_PASSWORD, vantage="diskominfo") as shared:
            yield shared


def test_rounds_come_back_as_they_went_in(store: HistoryStore) -> None:
    written = rounds(500)
    store.submit(written)
    store.flush()
    assert store.sample_count() == 500
    back = store.samples("waru-gw", T0, T0 + 10_000, "icmp")
    assert [(s.ts, s.rtt_ms, s.error, s.message, s.sent, s.lost) for s in back] == [
        (s.ts, s.rtt_ms, s.error, s.message, s.sent, s.lost) for s in written]
    assert store.samples("waru-gw", T0 + 15, T0 + 30) == [s for s in back if T0 + 15 <= s.ts < T0 + 30]


def test_the_outage_log_closes_the_open_event(store: HistoryStore) -> None:
    store.record_state_change(StateChange("waru", "site", HealthState.UNKNOWN, HealthState.UP, T0))
    store.record_state_change(StateChange("waru", "site", HealthState.UP, HealthState.DOWN, T0 + 60, "silent"),
                              first_error="timeout")
    store.record_state_change(StateChange("waru", "site", HealthState.DOWN, HealthState.UP, T0 + 600))
    store.flush()
    events = store.events(subject="waru")
    assert [(e.state, e.started, e.ended) for e in events] == [
        (HealthState.UP, T0, T0 + 60), (HealthState.DOWN, T0 + 60, T0 + 600), (HealthState.UP, T0 + 600, None)]
    assert events[1].reason == "silent" and events[1].first_error == "timeout"
    assert len({e.id for e in events}) == 3 and all(e.id > 0 for e in events)
    assert [e.state for e in store.events(since=T0 + 300)] == [HealthState.DOWN, HealthState.UP]


def test_the_inventory_round_trips(store: HistoryStore) -> None:
    assert not store.has_network() and store.load_network() is None
    store.replace_network(network())
    loaded = store.load_network()
    assert loaded is not None
    assert [s.id for s in loaded.sites] == ["dc", "waru"] and loaded.targets[0].address == "127.0.40.1"
    changed = network()
    changed.sites[1].name = "Kantor Camat Waru (baru)"
    store.replace_network(changed)
    again = store.load_network()
    assert again is not None and again.sites[1].name == "Kantor Camat Waru (baru)"


def test_retention_drops_old_rounds_and_keeps_new_ones(store: HistoryStore) -> None:
    old = [Sample(T0 - 5 * 86_400 + k, "waru-gw", "icmp", 10.0) for k in range(10)]
    new = [Sample(T0 + k, "waru-gw", "icmp", 10.0) for k in range(10)]
    store.submit(old + new)
    store.flush()
    dropped, _ = store.purge_history(T0 + 100, raw_days=2, minute_rollup_days=30)
    assert dropped == 10
    assert store.samples("waru-gw", 0, T0 + 1_000) == store.samples("waru-gw", T0, T0 + 1_000)
    assert len(store.samples("waru-gw", 0, T0 + 1_000)) == 10


# --- what only the shared store does -------------------------------------------------------------------------------


def open_store(url: str, vantage: str = "diskominfo") -> PgStore:
    return PgStore.open(parse_store_url(url), STORE_PASSWORD, vantage=vantage)


def test_a_batch_sent_twice_is_stored_once_and_vantages_are_kept_apart(store_database: str) -> None:
    with open_store(store_database) as centre, open_store(store_database, "camat-waru") as waru:
        batch = rounds(100)
        assert centre.write_samples(batch) == 100
        # The agent's back-fill after a cut that the store had half received: nothing twice.
        assert centre.write_samples(batch[50:] + rounds(20, start=T0 + 1_000)) == 20
        assert waru.write_samples(batch) == 100
        assert centre.sample_count() == 220
        assert len(centre.samples("waru-gw", 0, T0 + 10_000, vantage="camat-waru")) == 100
        assert len(centre.samples("waru-gw", 0, T0 + 10_000, vantage="diskominfo")) == 120


def test_rounds_spread_over_days_land_in_day_partitions(store_database: str) -> None:
    with open_store(store_database) as shared:
        shared.write_samples([Sample(T0 + d * 86_400, "waru-gw", "icmp", 5.0) for d in range(3)])
        with psycopg.connect(store_database, password=STORE_PASSWORD) as conn:
            names = sorted(r[0] for r in conn.execute(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                "WHERE i.inhparent = 'samples'::regclass"))
        first = int(T0 * 1000) // DAY_MS
        assert names == sorted(f"samples_d{first + d}" for d in range(3))


def test_a_second_agent_finds_the_schema_migrated(store_database: str) -> None:
    with open_store(store_database) as first, open_store(store_database, "camat-waru") as second:
        assert first.schema_version() == second.schema_version() == PG_SCHEMA_VERSION


def test_a_newer_store_is_refused_by_name(store_database: str) -> None:
    with open_store(store_database):
        pass
    with psycopg.connect(store_database, password=STORE_PASSWORD, autocommit=True) as conn:
        conn.execute("UPDATE pantau_schema SET version = %s", (PG_SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError, match=f"schema version {PG_SCHEMA_VERSION + 1}, newer than this Pantau"):
        open_store(store_database)


def test_a_wrong_password_and_a_dead_server_say_what_failed(store_database: str) -> None:
    url = parse_store_url(store_database)
    with pytest.raises(StoreError, match="refused the password for user"):
        PgStore.open(url, "not-the-password")
    with pytest.raises(StoreError, match="cannot reach the store"):
        PgStore.open(parse_store_url("postgresql://nobody@127.0.0.1:9/none?connect_timeout=2"), "x")


def test_a_role_with_select_only_can_read_but_not_write(store_database: str,
                                                        postgres_server: PostgresServer) -> None:
    with open_store(store_database) as owner:
        owner.write_samples(rounds(10))
    database = store_database.rsplit("/", 1)[1]
    owner_role = store_database.split("//", 1)[1].split("@", 1)[0]
    postgres_server.admin_sql(f"CREATE ROLE {database}_watcher LOGIN PASSWORD 'watch'")
    postgres_server.admin_sql(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {database}_watcher", database)
    watcher_url = store_database.replace(f"{owner_role}@", f"{database}_watcher@")
    with PgStore.open(parse_store_url(watcher_url), "watch") as watcher:
        assert watcher.read_only
        assert len(watcher.samples("waru-gw", 0, T0 + 100)) == 10
        with pytest.raises(StoreError, match="did not take 1 rounds"):
            watcher.write_samples(rounds(1, start=T0 + 500))


@pytest.mark.parametrize(("url", "words"), [
    ("postgresql://u:secret@127.0.0.1/db", "holds a password"),
    ("postgresql://u@127.0.0.1/db?password=x", "password parameter"),
    ("mysql://u@127.0.0.1/db", "starts with postgresql://"),
    ("postgresql://u@127.0.0.1/db?sslmode=maybe", "sslmode 'maybe'"),
    ("postgresql://u@127.0.0.1/db?colour=red", "unknown connection parameter(s): colour"),
    ("postgresql://u@127.0.0.1:99999/db", "not a valid URL"),
])
def test_bad_store_urls_are_refused_before_connecting(url: str, words: str) -> None:
    with pytest.raises(StoreUrlError) as error:
        parse_store_url(url, "--store")
    assert words in str(error.value) and str(error.value).startswith("--store")


def test_tls_settings_pass_through_and_precedence_is_option_env_file(monkeypatch: pytest.MonkeyPatch) -> None:
    url = parse_store_url("postgresql://pantau@127.0.0.1/pantau?sslmode=verify-full&sslrootcert=/etc/ca.pem")
    assert url.sslmode == "verify-full" and "sslrootcert=/etc/ca.pem" in url.conninfo
    monkeypatch.setenv("PANTAU_STORE", "postgresql://env@127.0.0.1/x")
    assert store_url_from("postgresql://opt@127.0.0.1/x", "postgresql://file@127.0.0.1/x") == (
        "postgresql://opt@127.0.0.1/x", "--store")
    assert store_url_from(None, "postgresql://file@127.0.0.1/x") == ("postgresql://env@127.0.0.1/x", "PANTAU_STORE")
    monkeypatch.delenv("PANTAU_STORE")
    assert store_url_from(None, "") is None


def test_two_vantages_disagreeing_read_as_a_broken_path(store_database: str) -> None:
    from pantau.domain.vantages import CombinedState, combine_all

    with open_store(store_database) as centre, open_store(store_database, "camat-waru") as waru:
        centre.record_state_change(StateChange("waru", "site", HealthState.UP, HealthState.DOWN, T0, "silent"))
        waru.record_state_change(StateChange("waru", "site", HealthState.UNKNOWN, HealthState.UP, T0 + 1))
        waru.heartbeat(T0 + 30, 0.0, "test", T0)
        centre.heartbeat(T0 + 30, 0.0, "test", T0)
        views = centre.site_views()
        assert set(views["waru"]) == {"diskominfo", "camat-waru"}
        combined = combine_all(views, now=T0 + 40)["waru"]
        assert combined.state is CombinedState.PATH_BROKEN
        assert (combined.heard_from, combined.silent_from) == (("camat-waru",), ("diskominfo",))
        # The Waru agent falls silent: its view ages and is set aside; the data centre's DOWN stands alone.
        centre.heartbeat(T0 + 600, 0.0, "test", T0)
        later = combine_all(centre.site_views(), now=T0 + 600)["waru"]
        assert later.state is CombinedState.DOWN and later.stale == ("camat-waru",)


def test_rollups_count_every_round_by_minute_and_hour(store: HistoryStore) -> None:
    # Two hours of rounds every 10 s, a tenth failed, a third of the answered ones losing a packet.
    start = T0 // 3600 * 3600
    written = rounds(720, start=start, step=10.0)
    store.submit(written)
    store.flush()
    minutes = store.rollups("waru-gw", "icmp", "1m", start, start + 7200)
    assert [m.bucket_start for m in minutes] == [start + 60 * k for k in range(120)]
    for minute in minutes:
        inside = [s for s in written if minute.bucket_start <= s.ts < minute.bucket_start + 60]
        assert minute.count == sum(s.sent for s in inside)
        assert minute.failures == sum(s.sent if s.error else s.lost for s in inside)
        answered = [s.rtt_ms for s in inside if s.rtt_ms is not None]
        assert minute.rtt_min == pytest.approx(min(answered)) and minute.rtt_max == pytest.approx(max(answered))
    hours = store.rollups("waru-gw", "icmp", "1h", start, start + 7200)
    assert [(h.bucket_start, h.count) for h in hours] == [
        (start + 3600 * k, sum(s.sent for s in written if start + 3600 * k <= s.ts < start + 3600 * (k + 1)))
        for k in range(2)]
    # A back-fill that completes a minute another batch began counts the minute whole.
    late = Sample(start + 7200 + 30, "waru-gw", "icmp", 50.0, sent=3)
    store.submit([Sample(start + 7200 + 5, "waru-gw", "icmp", 10.0, sent=3)])
    store.flush()
    store.submit([late])
    store.flush()
    (last,) = store.rollups("waru-gw", "icmp", "1m", start + 7200, start + 7260)
    assert (last.count, last.rtt_min, last.rtt_max) == (6, 10.0, 50.0)
