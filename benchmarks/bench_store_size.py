"""The shared store's size for 60 offices × 30 days at 1-minute resolution (goal < 100 MB), in a real PostgreSQL
started here (tests/pg_server.py, loopback only).

A day of realistic rounds (bench_workspace_growth's noise: a base RTT per office, a long tail, 2 % loss, an outage
now and then) at the 1.5 s default is rolled up by the store's own arithmetic (history_rows.rollup,
minute_pack.pack, rollup_of_minutes) and written as the store keeps it, one packed row and one hourly bucket per
office and hour, for 30 days (the day's 24 hours repeated with new keys: PostgreSQL shares nothing between rows).

    PYTHONPATH=src:.:benchmarks python benchmarks/bench_store_size.py [--sites 60] [--days 30]
"""

from __future__ import annotations

import argparse
import random
from itertools import groupby

import numpy as np
import psycopg
from tests.pg_server import PostgresServer

from bench_workspace_growth import START, hour_of_samples, make_sites
from pantau.storage.history_rows import HOUR, MINUTE, rollup, rollup_of_minutes
from pantau.storage.minute_pack import pack
from pantau.storage.pg_store import PgStore
from pantau.storage.store_url import parse_store_url

PASSWORD = "bench"


def day_of_hours(sites: int) -> list[dict[str, tuple[bytes, tuple[object, ...]]]]:
    """For each of 24 hours: {target: (packed minutes, hourly rollup)}."""
    rng, np_rng = random.Random(3), np.random.default_rng(3)
    offices = make_sites(sites, 1, rng)
    hours = []
    for hour in range(24):
        start = START + hour * HOUR
        # A round's phase may carry it into the next hour: it belongs to that hour's row, so it is left out here.
        rounds = sorted((s for s in hour_of_samples(offices, start, np_rng) if start <= s.ts < start + HOUR),
                        key=lambda s: (s.target, s.ts))
        packed = {}
        for target, of_target in groupby(rounds, key=lambda s: s.target):
            minutes = []
            for minute, in_minute in groupby(of_target, key=lambda s: int((s.ts - start) // MINUTE)):
                values = rollup([(None if s.rtt_ms is None else round(s.rtt_ms * 1000), s.sent, s.lost)
                                 for s in in_minute])
                minutes.append((minute, *values))
            packed[target] = (pack(minutes), rollup_of_minutes(minutes))
        hours.append(packed)
    return hours


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sites", type=int, default=60)
    parser.add_argument("--days", type=int, default=30)
    args = parser.parse_args()
    day = day_of_hours(args.sites)
    with PostgresServer() as server:
        url = server.create_database("size", "size_owner", PASSWORD)
        PgStore.open(parse_store_url(url), PASSWORD).close()  # the store's own schema
        with psycopg.connect(url, password=PASSWORD) as conn:
            targets = sorted(day[0])
            ids = {}
            for target in targets:
                ids[target] = conn.execute("INSERT INTO series (target, method, vantage) VALUES (%s, 'icmp', '') "
                                           "RETURNING id", (target,)).fetchone()[0]
            with conn.cursor() as cursor:
                with cursor.copy("COPY rollup_1m_hours (series_id, hour, minutes) FROM STDIN") as copy:
                    for d in range(args.days):
                        for h, packed in enumerate(day):
                            for target, (blob, _) in packed.items():
                                copy.write_row((ids[target], int(START) + (d * 24 + h) * HOUR, blob))
                with cursor.copy("COPY rollup_1h FROM STDIN") as copy:
                    for d in range(args.days):
                        for h, packed in enumerate(day):
                            for target, (_, hourly) in packed.items():
                                copy.write_row((ids[target], int(START) + (d * 24 + h) * HOUR, *hourly))
            conn.commit()
            minutes, hourly = conn.execute("SELECT pg_total_relation_size('rollup_1m_hours'), "
                                           "pg_total_relation_size('rollup_1h')").fetchone()
    rows = args.sites * args.days * 24
    print(f"{args.sites} offices x {args.days} days at 1-minute resolution in PostgreSQL: packed minutes "
          f"{minutes / 1e6:.1f} MB ({minutes / rows:.0f} bytes an office-hour), hourly buckets {hourly / 1e6:.1f} MB, "
          f"together {(minutes + hourly) / 1e6:.1f} MB (goal < 100 MB)")


if __name__ == "__main__":
    main()
