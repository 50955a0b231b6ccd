"""The SQLite workspace: opening and refusing files, migrations, inventory round trip, the writer, queries."""

from __future__ import annotations

import random
import sqlite3
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from pantau.domain.inventory import (
    AlertChannels,
    BillingPeriod,
    BudgetRequest,
    BudgetStatus,
    Contract,
    EmailChannel,
    Letter,
    Link,
    LinkMedium,
    LinkRole,
    MonitoringSettings,
    Network,
    Payment,
    Site,
    SiteKind,
    Target,
    TargetRole,
    TelegramChannel,
)
from pantau.domain.samples import ErrorKind, Sample
from pantau.domain.snmp_config import AuthProtocol, PrivProtocol, SnmpInterface, SnmpVersion
from pantau.domain.states import HealthState, StateChange
from pantau.storage import schema
from pantau.storage.history_rows import p95, rollup
from pantau.storage.minute_pack import unpack
from pantau.storage.workspace import (
    JOURNAL_SIZE_LIMIT,
    EventRow,
    Workspace,
    WorkspaceError,
    default_workspace_path,
)

# An hour boundary, so minute and hour buckets are easy to reason about.
HOUR0 = 1_699_999_200
assert HOUR0 % 3600 == 0
DAY = 86_400

UP, DOWN, DEGRADED = HealthState.UP, HealthState.DOWN, HealthState.DEGRADED


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    workspace = Workspace.open(tmp_path / "ws.sqlite3")
    yield workspace
    workspace.close()


def rich_network() -> Network:
    return Network(
        name="Kabupaten Contoh",
        timezone="Asia/Jayapura",
        sample=True,
        attribution="Peta © kontributor OpenStreetMap",
        monitoring=MonitoringSettings(down_after=4, up_after=3, degraded_loss_percent=12.5,
                                      degraded_rtt_ms=333.3333333333333, window=30, raw_retention_days=21),
        alerts=AlertChannels(
            telegram=TelegramChannel(token_secret="pantau/telegram", chat_ids=["-100123", "42"],
                                     api_base="http://127.0.0.1:8081"),
            email=EmailChannel(host="127.0.0.1", port=2525, sender="pantau@example.go.id",
                               recipients=["a@example.go.id", "b@example.go.id"], username="pantau",
                               password_secret="pantau/smtp", security="ssl"),
        ),
        # Deliberately not in id order: load order must be save order.
        sites=[
            Site("pusat", "Pusat Data", SiteKind.DATACENTER, "Kota", lat=-8.123456789012345, lon=0.1 + 0.2,
                 address="Jl. Merdeka 1", notes="UPS 2 jam"),
            Site("dinkes", "Dinas Kesehatan", SiteKind.SKPD, "Kota", lat=-8.5, lon=116.25, parent="pusat"),
            Site("desa-a", "Desa A", SiteKind.DESA, "Timur", parent="dinkes"),
        ],
        targets=[
            Target("srv", "pusat", "127.0.0.1", TargetRole.SERVER, checks=["icmp", "tcp:443", "http://127.0.0.1/"],
                   name="Server utama", interval_s=0.5),
            Target("gw-dinkes", "dinkes", "127.0.0.2", TargetRole.LAN_GATEWAY, enabled=False),
            Target("dns", "pusat", "localhost", TargetRole.SERVICE, checks=["dns:example.go.id@127.0.0.53"]),
        ],
        links=[
            Link("l-dinkes", "dinkes", "pusat", "Telkom", LinkMedium.FIBER, 20_000, circuit_id="C-77",
                 contracts=["k-2017", "k-2018"],
                 snmp=SnmpInterface("127.0.0.1", "ether1", SnmpVersion.V3, 16100, user="pantau",
                                    auth_protocol=AuthProtocol.SHA512, auth_secret="snmp/a",
                                    priv_protocol=PrivProtocol.AES256, priv_secret="snmp/p", interval_s=15.5)),
            Link("l-inet", "pusat", "internet", "Lintas", LinkMedium.VSAT, 4_000, role=LinkRole.BACKUP,
                 snmp=SnmpInterface("::1", "3", community_secret="snmp/c")),
        ],
        contracts=[
            Contract(
                "k-2018", "Telkom", "027/2018", "Metro-E", 20_000, date(2018, 1, 1), date(2018, 12, 31),
                1_250_000_000, BillingPeriod.MONTHLY, sla_percent=99.5,
                payments=[Payment(date(2018, 2, 5), 104_000_000, date(2018, 1, 1), date(2018, 1, 31), "SP2D-1"),
                          Payment(date(2018, 3, 5), 104_000_001, date(2018, 2, 1), date(2018, 2, 28))],
                budget_requests=[BudgetRequest(2018, 1_300_000_000, BudgetStatus.CUT, date(2017, 11, 30), "APBD"),
                                 BudgetRequest(2019, 1_400_000_000, BudgetStatus.PROPOSED)],
                correspondence=[Letter(date(2018, 6, 1), "Telkom Witel", "Gangguan berulang", "005/DK/2018")],
                notes="perpanjangan",
            ),
            Contract("k-2017", "Telkom", "011/2017", "Internet", 10_000, date(2017, 1, 1), date(2017, 6, 30),
                     500_000_000),
        ],
    )


def minute_samples(start: float, rtts: list[float | None], target: str = "t1") -> list[Sample]:
    """One-packet rounds a second apart; None is a timeout."""
    return [Sample(start + i, target, "icmp", rtt) if rtt is not None else
            Sample(start + i, target, "icmp", None, ErrorKind.TIMEOUT, lost=1)
            for i, rtt in enumerate(rtts)]


def stored(ws: Workspace, sql: str) -> list[tuple[object, ...]]:
    """Rows as they are in the file, read through the writer's connection."""
    return ws.writer.call(lambda conn: conn.execute(sql).fetchall())


# Opening and refusing files ---------------------------------------------------------------------------------------


def test_open_creates_file_and_folder_at_current_schema(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "ws.sqlite3"
    with Workspace.open(path) as ws:
        assert ws.path == path
        foreign_keys = ws.writer.call(lambda conn: conn.execute("PRAGMA foreign_keys").fetchone()[0])
        synchronous = ws.writer.call(lambda conn: conn.execute("PRAGMA synchronous").fetchone()[0])
        busy = ws.writer.call(lambda conn: conn.execute("PRAGMA busy_timeout").fetchone()[0])
        wal_limit = ws.writer.call(lambda conn: conn.execute("PRAGMA journal_size_limit").fetchone()[0])
    assert (foreign_keys, synchronous) == (1, 1)  # on, NORMAL
    assert busy > 0
    assert wal_limit == JOURNAL_SIZE_LIMIT
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
        assert conn.execute("PRAGMA auto_vacuum").fetchone()[0] == 2  # incremental
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()
    assert {"network_settings", "sites", "targets", "links", "contracts", "payments", "budget_requests",
            "correspondence", "series", "samples", "rollup_1m_hours", "rollup_1h", "events", "diagnoses",
            "app_settings"} <= tables


def test_open_migrates_an_empty_file_and_reopens(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    path.write_bytes(b"")
    with Workspace.open(path) as ws:
        ws.set_setting("lang", "id")
    with Workspace.open(path) as ws:
        assert ws.get_setting("lang") == "id"
        assert ws.has_network() is False


def test_migrations_run_in_order_once_each_and_atomically(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "m.sqlite3", isolation_level=None)
    try:
        first = (["CREATE TABLE a (x)"], ["CREATE TABLE b (x)", "INSERT INTO a VALUES (1)"])
        assert schema.migrate(conn, first) == 0
        assert schema.schema_version(conn) == 2
        assert schema.migrate(conn, first) == 2  # nothing left to do: no duplicate tables, no second insert
        assert conn.execute("SELECT count(*) FROM a").fetchone()[0] == 1

        broken = (*first, ["CREATE TABLE c (x)", "INSERT INTO nowhere VALUES (1)"])
        with pytest.raises(sqlite3.OperationalError):
            schema.migrate(conn, broken)
        assert schema.schema_version(conn) == 2
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'c'").fetchone()[0] == 0

        fixed = (*first, ["CREATE TABLE c (x)"])
        assert schema.migrate(conn, fixed) == 2
        assert schema.schema_version(conn) == 3
    finally:
        conn.close()


def test_file_from_a_newer_pantau_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "ws.sqlite3"
    Workspace.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(WorkspaceError, match="made by a newer Pantau") as caught:
        Workspace.open(path)
    assert str(path) in str(caught.value)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION + 1
    finally:
        conn.close()


def test_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    content = b"sites:\n  - pusat\n" * 100
    path.write_bytes(content)
    with pytest.raises(WorkspaceError, match="not an SQLite database") as caught:
        Workspace.open(path)
    assert str(path) in str(caught.value)
    assert path.read_bytes() == content


def test_sqlite_file_of_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE sites (id)")
    conn.commit()
    conn.close()
    with pytest.raises(WorkspaceError, match="not a Pantau workspace") as caught:
        Workspace.open(path)
    assert str(path) in str(caught.value)


def test_unopenable_path_raises_workspace_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError) as caught:
        Workspace.open(tmp_path)  # a directory
    assert str(tmp_path) in str(caught.value)


def test_default_path_honours_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PANTAU_WORKSPACE", str(tmp_path / "mine.sqlite3"))
    assert default_workspace_path() == tmp_path / "mine.sqlite3"
    monkeypatch.delenv("PANTAU_WORKSPACE")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_workspace_path() == tmp_path / "data" / "pantau" / "workspace.sqlite3"


# Inventory --------------------------------------------------------------------------------------------------------


def test_network_round_trip_is_exact(ws: Workspace) -> None:
    assert ws.load_network() is None
    network = rich_network()
    ws.replace_network(network)
    loaded = ws.load_network()
    assert ws.has_network()
    assert loaded == network
    assert loaded is not None
    # StrEnum members compare equal to plain strings, so equality alone would not catch a lost enum type.
    assert type(loaded.sites[0].kind) is SiteKind
    assert type(loaded.targets[0].role) is TargetRole
    assert type(loaded.links[1].medium) is LinkMedium and type(loaded.links[1].role) is LinkRole
    assert loaded.links[0].snmp is not None and type(loaded.links[0].snmp.priv_protocol) is PrivProtocol
    contract = loaded.contracts[0]
    assert type(contract.billing_period) is BillingPeriod
    assert type(contract.budget_requests[0].status) is BudgetStatus
    assert type(contract.start) is date and type(contract.payments[0].paid_on) is date
    assert contract.budget_requests[1].decided_on is None
    assert loaded.contracts[1].sla_percent is None
    assert loaded.sites[0].lon == 0.1 + 0.2
    assert type(loaded.monitoring.degraded_loss_percent) is float
    assert loaded.targets[1].enabled is False and loaded.sample is True
    assert [s.id for s in loaded.sites] == ["pusat", "dinkes", "desa-a"]


def test_network_with_defaults_round_trips(ws: Workspace) -> None:
    network = Network(name="Kosong")
    ws.replace_network(network)
    assert ws.load_network() == network


def test_replace_is_all_or_nothing(ws: Workspace) -> None:
    original = rich_network()
    ws.replace_network(original)
    broken = rich_network()
    broken.sites.append(Site("baru", "Baru", SiteKind.DESA))
    # A duplicate id fails on the last table written, after every other table was already replaced.
    broken.contracts.append(Contract("k-2017", "X", "1", "Y", 1, date(2020, 1, 1), date(2020, 2, 1), 1))
    with pytest.raises(WorkspaceError, match="could not write"):
        ws.replace_network(broken)
    assert ws.load_network() == original


def test_replace_leaves_nothing_of_the_old_inventory(ws: Workspace) -> None:
    ws.replace_network(rich_network())
    smaller = Network(name="Baru", contracts=[
        Contract("k-2018", "Telkom", "027/2018", "Metro-E", 1, date(2018, 1, 1), date(2018, 12, 31), 1)])
    ws.replace_network(smaller)
    assert ws.load_network() == smaller  # no payments, budget or letters inherited by the same contract id


def test_inventory_changes_keep_history(ws: Workspace) -> None:
    ws.replace_network(rich_network())
    ws.submit(minute_samples(HOUR0, [1.0, 2.0, None], target="srv"))
    ws.record_state_change(StateChange("srv", "target", UP, DOWN, HOUR0 + 2, "3 timeouts"))
    ws.flush()
    ws.replace_network(Network(name="Lain"))
    ws.delete_network()
    assert ws.has_network() is False and ws.load_network() is None
    assert ws.sample_count() == 3
    assert ws.rollups("srv", "icmp", "1m", HOUR0, HOUR0 + 60)[0].count == 3
    assert ws.open_events()["srv"].state is DOWN


# The writer and rollups -------------------------------------------------------------------------------------------


def test_p95_is_nearest_rank() -> None:
    assert p95([]) is None
    assert p95([7.0]) == 7.0
    assert p95([float(v) for v in range(1, 101)]) == 95.0
    assert p95([float(v) for v in range(1, 21)]) == 19.0
    assert p95([50.0, 100.0]) == 100.0


def test_rollups_for_samples_across_two_minutes(ws: Workspace) -> None:
    minute_a = HOUR0 + 5 * 60
    minute_b = minute_a + 60
    a_rtts: list[float | None] = [float(v) for v in range(1, 21)] + [None, None]
    samples_a = minute_samples(minute_a, a_rtts)
    # Minute A arrives over two batches: the second must be merged with the first, not overwrite it.
    ws.submit(samples_a[:7])
    ws.flush()
    ws.submit(samples_a[7:] + minute_samples(minute_b, [100.0, None, 50.0]))
    ws.submit(minute_samples(minute_b, [None], target="t2"))
    ws.flush()

    one_minute = ws.rollups("t1", "icmp", "1m", HOUR0, HOUR0 + 3600)
    assert [(r.bucket_start, r.count, r.failures, r.rtt_min, r.rtt_avg, r.rtt_max, r.rtt_p95)
            for r in one_minute] == [
        (minute_a, 22, 2, 1.0, 10.5, 20.0, 19.0),
        (minute_b, 3, 1, 50.0, 75.0, 100.0, 100.0),
    ]
    (hour,) = ws.rollups("t1", "icmp", "1h", HOUR0, HOUR0 + 3600)
    assert (hour.bucket_start, hour.count, hour.failures, hour.rtt_min, hour.rtt_max, hour.rtt_p95) == (
        HOUR0, 25, 3, 1.0, 100.0, 100.0)
    # Stored to the microsecond.
    assert hour.rtt_avg == pytest.approx((210.0 + 150.0) / 22, abs=0.0005)

    (all_failed,) = ws.rollups("t2", "icmp", "1m", HOUR0, HOUR0 + 3600)
    assert (all_failed.count, all_failed.failures, all_failed.rtt_min, all_failed.rtt_avg, all_failed.rtt_max,
            all_failed.rtt_p95) == (1, 1, None, None, None, None)
    assert ws.rollups("t1", "tcp:443", "1m", HOUR0, HOUR0 + 3600) == []


def test_rollup_query_returns_buckets_overlapping_the_window(ws: Workspace) -> None:
    ws.submit(Sample(HOUR0 + 60 * m + 30, "t1", "icmp", 1.0) for m in range(5))
    ws.flush()
    starts = [r.bucket_start - HOUR0 for r in ws.rollups("t1", "icmp", "1m", HOUR0 + 90, HOUR0 + 180)]
    assert starts == [60, 120]
    with pytest.raises(ValueError):
        ws.rollups("t1", "icmp", "5m", HOUR0, HOUR0 + 60)  # type: ignore[arg-type]


def test_batches_commit_on_timer_without_flush(tmp_path: Path) -> None:
    committed = threading.Event()
    counts: list[tuple[int, int]] = []

    def on_commit(batch: int, count: int) -> None:
        counts.append((batch, count))
        committed.set()

    with Workspace.open(tmp_path / "ws.sqlite3", on_commit=on_commit, flush_interval_s=0.1) as ws:
        ws.submit(minute_samples(HOUR0, [1.0, 2.0]))
        assert committed.wait(5), "the writer never committed on its own"
        assert counts == [(1, 2)]
        assert ws.sample_count() == 2


def test_batches_commit_when_full(tmp_path: Path) -> None:
    committed = threading.Event()
    counts: list[int] = []

    def on_commit(batch: int, count: int) -> None:
        counts.append(count)
        committed.set()

    # A timer far beyond the test: only the batch size can trigger this commit.
    with Workspace.open(tmp_path / "ws.sqlite3", on_commit=on_commit, batch_size=500,
                        flush_interval_s=600) as ws:
        for chunk in range(5):
            ws.submit(Sample(HOUR0 + chunk * 100 + i, "t1", "icmp", 1.0) for i in range(100))
        assert committed.wait(5), "a full batch was not committed"
        assert counts == [500]


def test_failed_batch_is_reported_and_writer_goes_on(ws: Workspace, caplog: pytest.LogCaptureFixture) -> None:
    ws.submit([Sample(HOUR0, None, "icmp", 1.0)])  # type: ignore[arg-type]  # NOT NULL violation
    with pytest.raises(WorkspaceError, match="could not be saved"):
        ws.flush()
    assert "dropped a batch" in caplog.text
    ws.submit(minute_samples(HOUR0, [1.0]))
    ws.flush()
    assert ws.sample_count() == 1


def test_closed_workspace_refuses_writes(tmp_path: Path) -> None:
    ws = Workspace.open(tmp_path / "ws.sqlite3")
    ws.submit(minute_samples(HOUR0, [1.0, 2.0, 3.0]))
    ws.close()  # flushes what was queued
    ws.close()
    with pytest.raises(WorkspaceError, match="closed"):
        ws.submit(minute_samples(HOUR0, [1.0]))
    assert not ws.writer.is_alive()
    with Workspace.open(tmp_path / "ws.sqlite3") as again:
        assert again.sample_count() == 3


def test_readers_see_whole_batches_and_never_block_the_writer(tmp_path: Path) -> None:
    path = tmp_path / "ws.sqlite3"
    batch = 50
    seen: list[int] = []
    stop = threading.Event()
    with Workspace.open(path, batch_size=batch) as ws:
        def read() -> None:
            while not stop.is_set():
                seen.append(ws.sample_count())
                ws.latest_sample_per_target()

        reader = threading.Thread(target=read)
        reader.start()
        # Another process-like connection holding a read transaction open: in WAL it pins an old snapshot but
        # does not stop commits.
        other = sqlite3.connect(path, isolation_level=None)
        try:
            other.execute("BEGIN")
            before = other.execute("SELECT count(*) FROM samples").fetchone()[0]
            for n in range(40):
                ws.submit(Sample(HOUR0 + n * batch + i, f"t{i % 3}", "icmp", 1.0) for i in range(batch))
                ws.flush()
            assert other.execute("SELECT count(*) FROM samples").fetchone()[0] == before == 0
            other.execute("COMMIT")
            assert other.execute("SELECT count(*) FROM samples").fetchone()[0] == 40 * batch
        finally:
            stop.set()
            reader.join()
            other.close()
    assert seen, "the reader never ran"
    assert all(count % batch == 0 for count in seen), "a reader saw part of a batch"
    assert seen == sorted(seen)


# Queries ----------------------------------------------------------------------------------------------------------


def test_latest_sample_per_target(ws: Workspace) -> None:
    assert ws.latest_sample_per_target() == {}
    newest_t1 = Sample(HOUR0 + 30, "t1", "tcp:443", None, ErrorKind.REFUSED, "connection refused")
    ws.submit([Sample(HOUR0 + 10, "t1", "icmp", 1.0), newest_t1, Sample(HOUR0 + 20, "t1", "icmp", 2.0),
               Sample(HOUR0 + 5, "t2", "icmp", 3.5)])
    ws.flush()
    latest = ws.latest_sample_per_target()
    assert latest == {"t1": newest_t1, "t2": Sample(HOUR0 + 5, "t2", "icmp", 3.5)}
    assert latest["t1"].error is ErrorKind.REFUSED
    assert ws.samples("t1", HOUR0, HOUR0 + 25) == [Sample(HOUR0 + 10, "t1", "icmp", 1.0),
                                                    Sample(HOUR0 + 20, "t1", "icmp", 2.0)]
    assert ws.samples("t1", HOUR0, HOUR0 + 60, method="tcp:443") == [newest_t1]


def test_state_changes_close_and_open_events(ws: Workspace) -> None:
    ws.record_state_change(StateChange("srv", "target", HealthState.UNKNOWN, UP, 100.0), "")
    ws.record_state_change(StateChange("srv", "target", UP, DOWN, 160.0, "3 failures"), "timeout")
    # Same id as a site: a separate subject, its events must not close the target's.
    ws.record_state_change(StateChange("srv", "site", UP, DEGRADED, 170.0, "loss 30%"))
    ws.record_state_change(StateChange("gw", "target", HealthState.UNKNOWN, UP, 50.0))
    ws.flush()

    history = ws.events(subject="srv")
    assert [(e.subject_kind, e.state, e.started, e.ended) for e in history] == [
        ("target", UP, 100.0, 160.0), ("target", DOWN, 160.0, None), ("site", DEGRADED, 170.0, None)]
    down = history[1]
    assert down == EventRow("srv", "target", DOWN, UP, 160.0, None, "3 failures", "timeout", down.id)
    assert type(down.state) is HealthState

    assert {k: (e.state, e.started) for k, e in ws.open_events("target").items()} == {
        "srv": (DOWN, 160.0), "gw": (UP, 50.0)}
    assert ws.open_events("site")["srv"].state is DEGRADED

    ws.record_state_change(StateChange("srv", "target", DOWN, UP, 400.0, "recovered"))
    ws.flush()
    assert ws.open_events("target")["srv"].previous_state is DOWN
    # `since` keeps what was still going on at that time: the outage ended at 400 is included.
    assert [(e.state, e.started) for e in ws.events(since=300.0, subject="srv")] == [
        (DOWN, 160.0), (DEGRADED, 170.0), (UP, 400.0)]
    assert [e.subject for e in ws.events(since=300.0)] == ["gw", "srv", "srv", "srv"]


def test_purge_history_applies_both_retentions_and_keeps_hour_rollups(ws: Workspace) -> None:
    now = HOUR0 + 10 * DAY
    # Three samples a day, in three different hours, for ten days; the last one 90 s before `now`.
    ws.submit(Sample(now - day * DAY - offset, "t1", "icmp", 1.0 + day)
              for day in range(10) for offset in (90, 3700, 7300))
    ws.flush()
    assert ws.purge_history(now, raw_days=2, minute_rollup_days=5) == (8 * 3, 5 * 3)
    kept = ws.samples("t1", 0, now)
    assert len(kept) == 2 * 3 and min(s.ts for s in kept) == now - DAY - 7300
    assert len(ws.rollups("t1", "icmp", "1m", 0, now)) == 5 * 3
    assert len(ws.rollups("t1", "icmp", "1h", 0, now)) == 10 * 3
    assert ws.purge_history(now, raw_days=2, minute_rollup_days=5) == (0, 0)
    with pytest.raises(ValueError):
        ws.purge_history(now, raw_days=-1, minute_rollup_days=7)


def test_purge_cuts_on_whole_minutes(ws: Workspace) -> None:
    minute = HOUR0 + 60
    ws.submit(minute_samples(minute, [1.0] * 60))
    ws.flush()
    # The cut-off falls 30 s into the minute: the whole minute stays until the cut-off reaches its end.
    assert ws.purge_history(minute + 30 + DAY, raw_days=1, minute_rollup_days=7) == (0, 0)
    assert ws.purge_history(minute + 60 + DAY, raw_days=1, minute_rollup_days=7) == (60, 0)
    assert ws.rollups("t1", "icmp", "1m", minute, minute + 60)[0].count == 60


def test_purge_gives_the_space_back_to_the_file_system(ws: Workspace) -> None:
    def pages() -> tuple[int, int]:
        return ws.writer.call(lambda conn: (conn.execute("PRAGMA page_count").fetchone()[0],
                                            conn.execute("PRAGMA freelist_count").fetchone()[0]))

    ws.submit(Sample(HOUR0 + i * 5, f"t{i % 4}", "icmp", 10.0 + i % 7, sent=3) for i in range(20_000))
    ws.flush()
    full, _ = pages()
    deleted, _ = ws.purge_history(HOUR0 + 20_000 * 5 + DAY + 60, raw_days=1, minute_rollup_days=7)
    assert deleted == 20_000
    after, free = pages()
    assert free == 0
    assert after < full / 2


def test_minute_rollups_are_kept_a_month_by_default_and_go_a_whole_hour_at_a_time(ws: Workspace) -> None:
    month = MonitoringSettings().minute_rollup_retention_days
    assert month == 30
    ws.submit([Sample(HOUR0, "t1", "icmp", 1.0), Sample(HOUR0 + 59 * 60 + 1, "t1", "icmp", 2.0),
               Sample(HOUR0 + 3600, "t1", "icmp", 3.0)])
    ws.flush()
    assert ws.purge_history(HOUR0 + month * DAY, raw_days=1, minute_rollup_days=month) == (3, 0)
    # The cut-off is past the hour's first minute, not its last: the hour stays whole.
    assert ws.purge_history(HOUR0 + month * DAY + 3599, raw_days=1, minute_rollup_days=month) == (0, 0)
    assert [r.bucket_start for r in ws.rollups("t1", "icmp", "1m", HOUR0, HOUR0 + 7200)] == [
        HOUR0, HOUR0 + 59 * 60, HOUR0 + 3600]
    assert ws.purge_history(HOUR0 + month * DAY + 3600, raw_days=1, minute_rollup_days=month) == (0, 2)
    assert [r.bucket_start for r in ws.rollups("t1", "icmp", "1m", HOUR0, HOUR0 + 7200)] == [HOUR0 + 3600]
    assert len(ws.rollups("t1", "icmp", "1h", HOUR0, HOUR0 + 7200)) == 2


# The compact history layout ---------------------------------------------------------------------------------------


def test_error_codes_are_fixed_and_cover_every_kind() -> None:
    # The codes are in users' files: renumbering one would silently change what old samples mean.
    assert schema.ERROR_CODES == {
        ErrorKind.TIMEOUT: 1, ErrorKind.UNREACHABLE: 2, ErrorKind.REFUSED: 3, ErrorKind.DNS: 4,
        ErrorKind.NO_PRIVILEGE: 5, ErrorKind.BAD_RESPONSE: 6, ErrorKind.OTHER: 7,
    }
    assert set(schema.ERROR_CODES) == set(ErrorKind)


def test_samples_round_trip_with_rounds_errors_and_messages(ws: Workspace) -> None:
    originals = [
        Sample(HOUR0 + 0.125, "t1", "icmp", 12.345, sent=3, lost=1),
        Sample(HOUR0 + 1, "t1", "tcp:443", 0.001),
        *(Sample(HOUR0 + 2 + n, "t1", "icmp", None, kind, f"pesan {kind}", sent=3, lost=3)
          for n, kind in enumerate(ErrorKind)),
        Sample(HOUR0 + 20, "t2", "dns:example.go.id@127.0.0.53", None, ErrorKind.DNS, "", sent=2, lost=2),
    ]
    ws.submit(originals)
    ws.flush()
    back = ws.samples("t1", HOUR0, HOUR0 + 60) + ws.samples("t2", HOUR0, HOUR0 + 60)
    assert back == originals  # whole milliseconds and microseconds come back exactly
    assert all(type(s.error) is ErrorKind for s in back if s.error is not None)
    latest = ws.latest_sample_per_target()
    assert latest == {"t1": originals[-2], "t2": originals[-1]}
    assert (latest["t1"].sent, latest["t1"].lost) == (3, 3)


def test_history_is_stored_as_small_integers(ws: Workspace) -> None:
    ws.submit([Sample(HOUR0 + 1.5, "t1", "icmp", 12.3456789, sent=3, lost=1),
               Sample(HOUR0 + 2, "t1", "icmp", None, ErrorKind.UNREACHABLE, "network unreachable", 3, 3)])
    ws.flush()
    assert stored(ws, "SELECT id, target, method FROM series") == [(1, "t1", "icmp")]
    assert stored(ws, "SELECT series_id, ts_ms, rtt_us, error, message, sent, lost FROM samples") == [
        (1, HOUR0 * 1000 + 1500, 12346, None, None, 3, 1),
        (1, HOUR0 * 1000 + 2000, None, 2, "network unreachable", 3, 3),
    ]
    [(series_id, hour, blob)] = stored(ws, "SELECT * FROM rollup_1m_hours")
    assert (series_id, hour, unpack(blob)) == (1, HOUR0, [(0, 6, 4, 12346, 12346, 12346, 12346)])
    assert stored(ws, "SELECT * FROM rollup_1h") == [(1, HOUR0, 6, 4, 12346, 12346, 12346, 12346)]
    (back, _) = ws.samples("t1", HOUR0, HOUR0 + 60)
    assert back.rtt_ms == 12.346  # to the microsecond


def test_samples_of_one_series_in_one_millisecond_are_all_kept(ws: Workspace) -> None:
    end_of_minute = HOUR0 + 59.999
    ws.submit([Sample(end_of_minute, "t1", "icmp", 1.0), Sample(end_of_minute, "t1", "icmp", 2.0),
               Sample(end_of_minute, "t2", "icmp", 3.0)])
    ws.flush()
    # A later batch (a clock stepped back) lands on taken milliseconds again.
    ws.submit([Sample(end_of_minute, "t1", "icmp", 4.0, message="again")])
    ws.flush()
    assert [(s.ts, s.rtt_ms) for s in ws.samples("t1", HOUR0, HOUR0 + 120)] == [
        (end_of_minute, 1.0), (HOUR0 + 60, 2.0), (HOUR0 + 60.001, 4.0)]
    assert [(s.ts, s.rtt_ms) for s in ws.samples("t2", HOUR0, HOUR0 + 120)] == [(end_of_minute, 3.0)]
    # The rollups follow the samples to where they were stored, across the minute boundary.
    assert [(r.bucket_start, r.count, r.rtt_avg) for r in ws.rollups("t1", "icmp", "1m", HOUR0, HOUR0 + 120)] == [
        (HOUR0, 1, 1.0), (HOUR0 + 60, 2, 3.0)]
    assert ws.rollups("t1", "icmp", "1h", HOUR0, HOUR0 + 120)[0].count == 3


def test_rollups_count_packets_and_weight_the_average_by_replies(ws: Workspace) -> None:
    ws.submit([
        Sample(HOUR0 + 1, "t1", "icmp", 10.0, sent=3, lost=0),
        Sample(HOUR0 + 6, "t1", "icmp", 40.0, sent=3, lost=2),
        Sample(HOUR0 + 11, "t1", "icmp", None, ErrorKind.TIMEOUT, sent=3, lost=3),
        # Next minute: one reply of 70 ms.
        Sample(HOUR0 + 61, "t1", "icmp", 70.0, sent=3, lost=2),
    ])
    ws.flush()
    first, second = ws.rollups("t1", "icmp", "1m", HOUR0, HOUR0 + 3600)
    assert (first.count, first.failures, first.rtt_min, first.rtt_max, first.rtt_p95) == (9, 5, 10.0, 40.0, 40.0)
    assert first.rtt_avg == (3 * 10.0 + 1 * 40.0) / 4
    assert (second.count, second.failures, second.rtt_avg) == (3, 2, 70.0)
    (hour,) = ws.rollups("t1", "icmp", "1h", HOUR0, HOUR0 + 3600)
    assert (hour.count, hour.failures) == (12, 7)
    assert hour.rtt_avg == (3 * 10.0 + 40.0 + 70.0) / 5  # the mean over every reply of the hour


def test_rollups_read_malformed_rounds_as_the_sample_contract_says(ws: Workspace) -> None:
    ws.submit([
        Sample(HOUR0 + 1, "t1", "icmp", None, ErrorKind.TIMEOUT),  # lost left at 0: still nothing came back
        Sample(HOUR0 + 2, "t1", "icmp", 5.0, sent=2, lost=2),  # an rtt means at least one reply
        Sample(HOUR0 + 3, "t1", "icmp", 7.0, sent=0),  # a round is at least one packet
    ])
    ws.flush()
    (minute,) = ws.rollups("t1", "icmp", "1m", HOUR0, HOUR0 + 60)
    assert (minute.count, minute.failures, minute.rtt_avg) == (4, 2, 6.0)


def test_a_rolled_back_batch_does_not_leave_a_stale_series_id(ws: Workspace) -> None:
    ws.submit([Sample(HOUR0, "a", "icmp", 1.0), Sample(HOUR0, None, "icmp", 1.0)])  # type: ignore[arg-type]
    with pytest.raises(WorkspaceError):
        ws.flush()
    # "a" got an id in the rolled-back transaction; SQLite hands the same id out again to the next new series.
    ws.submit([Sample(HOUR0 + 1, "b", "icmp", 2.0), Sample(HOUR0 + 2, "a", "icmp", 3.0)])
    ws.flush()
    assert [s.rtt_ms for s in ws.samples("a", HOUR0, HOUR0 + 60)] == [3.0]
    assert [s.rtt_ms for s in ws.samples("b", HOUR0, HOUR0 + 60)] == [2.0]


def test_diagnoses_newest_first(ws: Workspace) -> None:
    ids = [ws.save_diagnosis(created=float(t), scope="all", verdict=v, lang="id", report_text=f"laporan {t}",
                             report_json=f'{{"verdict": "{v}"}}')
           for t, v in [(10, "ok"), (30, "isp-link"), (20, "dns")]]
    assert len(set(ids)) == 3
    recent = ws.diagnoses(limit=2)
    assert [(d.created, d.verdict) for d in recent] == [(30.0, "isp-link"), (20.0, "dns")]
    assert recent[0].id == ids[1] and recent[0].report_json == '{"verdict": "isp-link"}'


def test_app_settings(ws: Workspace) -> None:
    assert ws.get_setting("lang") is None
    assert ws.get_setting("lang", "en") == "en"
    ws.set_setting("lang", "id")
    ws.set_setting("lang", "en")
    assert ws.get_setting("lang", "id") == "en"


def test_samples_after_reads_many_series_as_samples_reads_each(ws: Workspace) -> None:
    """The forwarder's read of every series in one statement: each series' rounds from its own mark (inclusive),
    before the end, its first `limit`, as `samples` gives them one series at a time."""
    t0 = 1_795_000_000.0
    ws.submit([Sample(t0 + k * 0.5, f"t{n}", method, 1.0 + k % 3 if k % 4 else None,
                      None if k % 4 else ErrorKind.TIMEOUT, sent=3, lost=0 if k % 4 else 3)
               for n in range(4) for method in ("icmp", "tcp:22") for k in range(40)])
    ws.flush()
    marks = [("t0", "icmp", 0.0), ("t0", "tcp:22", t0 + 3.5), ("t1", "icmp", t0 + 19.5), ("t2", "icmp", t0 + 5.0),
             ("t3", "tcp:22", t0 + 99), ("nobody", "icmp", 0.0)]
    for limit in (1, 7, 100):
        got = ws.samples_after(marks, t0 + 12.25, limit)
        want = {(target, method): ws.samples(target, after, t0 + 12.25, method, limit=limit)
                for target, method, after in marks}
        assert got == {key: rows for key, rows in want.items() if rows}
        assert got[("t0", "tcp:22")][0].ts == t0 + 3.5  # the mark itself is in
        assert len(got[("t0", "icmp")]) == min(limit, 25)
    assert ws.samples_after([], t0 + 100, 10) == {}


def test_odd_rounds_roll_up_in_sql_as_in_python(ws: Workspace) -> None:
    """The workspace's packed minutes of rounds that stretch `history_rows.rollup` (no packet counted, more lost than
    sent, an rtt beside "all lost", means that end in .5, a minute of nothing but timeouts, p95 ranks of 1 to 40
    rtts), written in batches that cut minutes in two and merged onto the rows the writer remembers, are the
    rule's, minute by minute (the store's are checked the same way: test_store_rollups)."""
    generator = random.Random(14)
    hour0 = 1_795_000_000 // 3600 * 3600
    made: list[Sample] = []
    for n in range(60):
        for k in range(1 + n % 40):
            ts = hour0 + n * 60 + k * 1.25
            sent, lost = generator.choice([0, 1, 2, 3, 3, 3, 5]), generator.choice([0, 0, 1, 2, 3, 7])
            if n % 13 == 5 or generator.random() < 0.15:
                made.append(Sample(ts, "t", "icmp", None, ErrorKind.TIMEOUT, "timeout", sent, lost))
            else:
                rtt = generator.choice([0.001, 0.5, 1.5, 2.5, 10.0, 10.001, 250.75, 3000.0])
                made.append(Sample(ts, "t", "icmp", rtt, sent=sent, lost=lost))
    for start in range(0, len(made), 97):
        ws.submit(made[start:start + 97])
        ws.flush()
    want = []
    for n in range(60):
        in_minute = [s for s in made if hour0 + n * 60 <= s.ts < hour0 + (n + 1) * 60]
        want.append((n, *rollup([(None if s.rtt_ms is None else round(s.rtt_ms * 1000), s.sent, s.lost)
                                 for s in in_minute])))
    with sqlite3.connect(ws.path) as conn:
        (blob,) = conn.execute("SELECT minutes FROM rollup_1m_hours").fetchone()
    assert unpack(blob) == want


def test_a_minute_summed_round_by_round_stays_what_its_stored_rounds_give(ws: Workspace) -> None:
    """Batches of one round a series (the writer then adds each to its running sums of the minute instead of
    reading the minute again) give the minutes `rollup` gives; rounds of the minute deleted behind the sums' back
    (the raw retention, run with a cut-off inside the hour) make the writer read the minute again, so it holds
    what is stored, not what was summed."""
    generator = random.Random(7)
    hour0 = 1_795_000_000 // 3600 * 3600
    written: dict[tuple[str, int], list[Sample]] = {}
    for k in range(150):
        batch = []
        for target in ("a", "b", "c"):
            ts = hour0 + k + {"a": 0.0, "b": 0.25, "c": 0.5}[target]
            if generator.random() < 0.2:
                sample = Sample(ts, target, "icmp", None, ErrorKind.TIMEOUT, "timeout", 3, 3)
            else:
                sample = Sample(ts, target, "icmp", generator.choice([0.5, 1.5, 2.5, 7.25, 30.0]), sent=3,
                                lost=generator.choice([0, 0, 1, 2]))
            batch.append(sample)
            written.setdefault((target, k // 60), []).append(sample)
        ws.submit(batch)
        ws.flush()
        if k == 100:
            # Every raw round before hour0 + 120 s goes: minute 1 keeps none of its first 41 rounds.
            ws.purge_history(hour0 + 125 + 86_400, raw_days=1, minute_rollup_days=30)
            for target in ("a", "b", "c"):
                written[(target, 1)] = []

    def rolled(samples: list[Sample]) -> tuple[int | None, ...]:
        return rollup([(None if s.rtt_ms is None else round(s.rtt_ms * 1000), s.sent, s.lost) for s in samples])

    with sqlite3.connect(ws.path) as conn:
        for target in ("a", "b", "c"):
            (blob,) = conn.execute("SELECT minutes FROM rollup_1m_hours r JOIN series se ON se.id = r.series_id "
                                   "WHERE se.target = ?", (target,)).fetchone()
            assert unpack(blob) == [(minute, *rolled(written[(target, minute)])) for minute in range(3)]
