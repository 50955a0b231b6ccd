"""A link's traffic in a real workspace file: rows, gaps, rollups with exact 95th percentiles, retention, and the
migration that adds them to an older file."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from pantau.domain.inventory import TRAFFIC_MINUTE_RETENTION_DAYS, Link, LinkMedium, Network, Site, SiteKind
from pantau.domain.samples import Sample
from pantau.domain.traffic import OperStatus, TrafficInterval
from pantau.storage.schema import MIGRATIONS, SCHEMA_VERSION, migrate
from pantau.storage.workspace import Workspace

HOUR0 = 1_780_000_000 - 1_780_000_000 % 3600  # a whole hour
DAY = 86_400


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    workspace = Workspace.open(tmp_path / "ws.sqlite3")
    yield workspace
    workspace.close()


def rate_row(start: float, in_bps: float, out_bps: float = 0.0, seconds: float = 30.0) -> TrafficInterval:
    return TrafficInterval("up", start, start + seconds, in_bps, out_bps, OperStatus.UP, 100_000_000)


def test_rows_and_gaps_round_trip_and_a_gap_is_never_a_zero(ws: Workspace) -> None:
    rows = [rate_row(HOUR0, 80_000, 8_000),
            TrafficInterval("up", HOUR0 + 30, HOUR0 + 60, None, None, problem="SNMP: no answer from 127.0.0.1 (v2c)"),
            rate_row(HOUR0 + 60, 40_000)]
    ws.record_traffic(rows)
    back = ws.traffic("up", HOUR0, HOUR0 + 3600)
    assert back == rows
    assert back[1].is_gap and back[1].rate() is None
    assert ws.latest_traffic(["up", "other"]) == {"up": rows[2]}
    # The minute that holds only a gap has no rollup; the other minute holds the two rates.
    minutes = ws.traffic_rollups("up", "1m", HOUR0, HOUR0 + 3600)
    assert [m.start for m in minutes] == [HOUR0, HOUR0 + 60]
    assert minutes[0].in_mean_bps == 80_000 and minutes[1].in_mean_bps == 40_000


def test_hour_rollup_has_mean_peak_and_exact_nearest_rank_p95(ws: Workspace) -> None:
    # 120 intervals of 30 s: 114 at 10 kbit/s, 6 at 100 kbit/s. The 95th percentile is the 114th value: 10 kbit/s;
    # a seventh burst would make it 100 kbit/s.
    rates = [100_000 if n % 20 == 0 else 10_000 for n in range(120)]
    ws.record_traffic([rate_row(HOUR0 + 30 * n, bps) for n, bps in enumerate(rates)])
    (hour,) = ws.traffic_rollups("up", "1h", HOUR0, HOUR0 + 3600)
    assert hour.measured_s == 3600
    assert hour.in_max_bps == 100_000
    assert hour.in_p95_bps == 10_000
    assert hour.in_mean_bps == pytest.approx(sum(rates) / 120, abs=1)
    ws.record_traffic([rate_row(HOUR0 + 30 * 119, 100_000)])  # a replaced interval: the rollup follows
    (hour,) = ws.traffic_rollups("up", "1h", HOUR0, HOUR0 + 3600)
    assert hour.in_p95_bps == 100_000


def test_retention_purges_raw_rows_and_minutes_but_keeps_hours(ws: Workspace) -> None:
    now = HOUR0 + 10 * DAY
    ws.record_traffic([rate_row(now - day * DAY - 600, 1000) for day in range(10)])
    raw, minutes = ws.purge_history(now, raw_days=2, minute_rollup_days=5)
    assert (raw, minutes) == (8, 5)
    assert len(ws.traffic("up", 0, now)) == 2
    assert len(ws.traffic_rollups("up", "1m", 0, now)) == 5
    assert len(ws.traffic_rollups("up", "1h", 0, now)) == 10


def test_a_version_3_file_gains_the_traffic_tables_and_keeps_its_links(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, MIGRATIONS[:3])
    conn.execute("INSERT INTO sites VALUES ('dc', 0, 'DC', 'datacenter', '', NULL, NULL, NULL, '', '')")
    conn.execute("INSERT INTO sites VALUES ('k', 1, 'K', 'kecamatan', '', NULL, NULL, NULL, '', '')")
    conn.execute("INSERT INTO links VALUES ('l1', 0, 'dc', 'k', 'Telkom', 'fiber', 100, 'primary', '', '[]')")
    for key, value in (("name", '"Lama"'), ("timezone", '"Asia/Makassar"'), ("sample", "false"),
                       ("attribution", '""')):
        conn.execute("INSERT INTO network_settings VALUES (?, ?)", (key, value))
    conn.close()
    with Workspace.open(path) as workspace:
        network = workspace.load_network()
        assert network is not None
        assert network.links == [Link("l1", "dc", "k", "Telkom", LinkMedium.FIBER, 100)]
        workspace.record_traffic([TrafficInterval("l1", HOUR0, HOUR0 + 30, 1.0, 2.0)])
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


def test_a_network_without_snmp_stays_so(ws: Workspace) -> None:
    network = Network("n", sites=[Site("dc", "DC", SiteKind.DATACENTER), Site("k", "K", SiteKind.KECAMATAN)],
                      links=[Link("l1", "dc", "k", "Telkom", LinkMedium.FIBER, 100)])
    ws.replace_network(network)
    loaded = ws.load_network()
    assert loaded is not None and loaded.links[0].snmp is None


def test_links_minute_rollups_are_kept_a_week_at_most_while_the_probes_keep_a_month(ws: Workspace) -> None:
    now = HOUR0 + 40 * DAY
    ws.record_traffic([rate_row(now - day * DAY - 600, 1000) for day in range(40)])
    ws.submit([Sample(now - day * DAY - 600, "t1", "icmp", 5.0) for day in range(40)])
    ws.flush()
    ws.purge_history(now, raw_days=1, minute_rollup_days=30)
    assert len(ws.traffic_rollups("up", "1m", 0, now)) == TRAFFIC_MINUTE_RETENTION_DAYS
    assert len(ws.rollups("t1", "icmp", "1m", 0, now)) == 30
    assert len(ws.traffic_rollups("up", "1h", 0, now)) == 40
