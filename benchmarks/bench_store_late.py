"""Reading the shared store's history for the graphs: which stretches of a series were delivered late, and a
graph's read of one vantage, against a real PostgreSQL started here (tests/pg_server.py, loopback only).

1. `delivered_late` (the SQL that merges late rounds into stretches) on one series at 1 s over one hour and over
   30 days (2.6 million rounds, three back-filled hours among them), beside `received_times` (every round's pair,
   merged in Python) over the same ranges.
2. `read_graph_data` of one office through `VantageHistory` over the last hour (raw rounds) and 24 hours (minute
   rollups), the store holding a day of that office's rounds at 1 s written through `write_samples`.

    PYTHONPATH=src:. python benchmarks/bench_store_late.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import psycopg
from tests.pg_server import PostgresServer

from pantau.domain.samples import Sample
from pantau.storage.pg_history import VantageHistory
from pantau.storage.pg_store import DAY_MS, PgStore
from pantau.storage.store_url import parse_store_url
from pantau.ui.graph_data import SeriesSpec, read_graph_data

PASSWORD = "bench"
DAY = 86_400
NOW = float(int(time.time()) // 60 * 60)
CUTS = (NOW - 20 * DAY, NOW - 9 * DAY, NOW - 2 * 3600)  # each a back-filled hour


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def fill_month(store: PgStore, url: str) -> None:
    """30 days of one series at 1 s, written in SQL (the rollups are not needed here), delivered a second late
    except the back-filled hours, delivered an hour or more late."""
    first = NOW - 30 * DAY
    store.write_samples([Sample(first + d * DAY, "gw", "icmp", 5.0) for d in range(31)], vantage="month")
    with psycopg.connect(url, password=PASSWORD) as conn:
        series = conn.execute("SELECT id FROM series WHERE vantage = 'month'").fetchone()[0]
        conn.execute("DELETE FROM samples WHERE series_id = %s", (series,))
        conn.execute(
            "INSERT INTO samples SELECT %s, t, 5000 + t %% 7000, NULL, '', 3, 0, t + 1000 "
            "FROM generate_series(%s::bigint, %s::bigint, 1000) AS t",
            (series, int(first * 1000), int(NOW * 1000) - 1000))
        for cut in CUTS:
            conn.execute("UPDATE samples SET received_ms = %s WHERE series_id = %s AND ts_ms >= %s AND ts_ms < %s",
                         (int(cut * 1000) + 3_900_000, series, int(cut * 1000), int(cut * 1000) + 3_600_000))
        conn.execute("ANALYZE samples")
        rows = conn.execute("SELECT count(*) FROM samples").fetchone()[0]
    print(f"  (30 days at 1 s: {rows:,} rounds over {rows * 1000 // DAY_MS + 1} day partitions)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with PostgresServer() as server:
        url = server.create_database("late", "late_owner", PASSWORD)
        with PgStore.open(parse_store_url(url), PASSWORD, "month") as store:
            fill_month(store, url)
            history = VantageHistory(store, "month")
            for label, start in (("1 hour", CUTS[2] - 600), ("30 days", NOW - 30 * DAY)):
                end = start + 3600 if label == "1 hour" else NOW
                ms, late = timed(lambda s=start, e=end: history.delivered_late([("gw", "icmp")], s, e), args.repeat)
                pairs_ms, pairs = timed(lambda s=start, e=end: store.received_times("gw", s, e, "month"),
                                        max(1, args.repeat // 2))
                assert isinstance(late, list) and isinstance(pairs, list)
                print(f"1. delivered_late over {label}: {ms:.1f} ms median, {len(late)} stretches "
                      f"(received_times: {pairs_ms:.0f} ms for {len(pairs):,} pairs)")

            day = [Sample(NOW - DAY + k, "gw", "icmp", 5.0 + k % 7) for k in range(DAY)]
            started = time.perf_counter()
            for hour in range(24):
                store.write_samples(day[hour * 3600:(hour + 1) * 3600], vantage="day")
            print(f"  (wrote a day of 1 s rounds with rollups in {time.perf_counter() - started:.1f} s)")
            spec = [SeriesSpec("s", "S", "gw", "icmp")]
            reader = VantageHistory(store, "day")
            for label, span in (("1 h (raw)", 3600), ("24 h (1m)", DAY)):
                ms, _data = timed(lambda s=span: read_graph_data(reader, spec, NOW - s, NOW, NOW), args.repeat)
                print(f"2. read_graph_data {label} from the store: {ms:.1f} ms median")


if __name__ == "__main__":
    main()
