"""One refresh of the window on the store's 24 h uptime column (reporting/store_uptime.py) for 500 offices seen from
two vantages with a day of data, in a real PostgreSQL started here (tests/pg_server.py, loopback only).

The store holds what two agents at the 1.5 s default leave for a day and an hour: per vantage and office, a packed
hour of 1-minute rollups (minute_pack.pack, 40 packets a minute, realistic rtts) for each of 25 hours, with an agent
restart (10 minutes without rounds) now and then; and the outage log: per vantage an UP event for each office, and
for about one office in three an outage of 5-90 minutes seen from both vantages, or a broken path seen from one.
Reported: the two queries, the arithmetic, and the whole refresh (median of `--runs`).

    PYTHONPATH=src:. python benchmarks/bench_store_uptime.py [--sites 500] [--vantages 2] [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

import psycopg
from tests.pg_server import PostgresServer

from pantau.domain.inventory import Network, Site, SiteKind, Target, TargetRole
from pantau.reporting import store_uptime
from pantau.storage.minute_pack import pack
from pantau.storage.pg_store import PgStore
from pantau.storage.store_url import parse_store_url

PASSWORD = "bench"
HOUR = 3600
NOW = float(int(time.time()) // HOUR * HOUR + 1800)


def network(sites: int) -> Network:
    return Network("Bench", timezone="Asia/Makassar",
                   sites=[Site(f"office-{n:03d}", f"Office {n}", SiteKind.DESA, "K") for n in range(sites)],
                   targets=[Target(f"office-{n:03d}-rtr", f"office-{n:03d}", f"127.0.{n // 250}.{n % 250 + 1}",
                                   TargetRole.OFFICE_ROUTER) for n in range(sites)])


def hour_blob(rng: random.Random, missing: range) -> bytes:
    base = rng.randint(2_000, 60_000)
    minutes = []
    for m in range(60):
        if m in missing:
            continue
        avg = base + rng.randint(-500, 2_000)
        lost = rng.choice((0, 0, 0, 0, 1, 2))
        minutes.append((m, 40, lost, avg - rng.randint(100, 900), avg, avg + rng.randint(2_000, 20_000),
                        avg + rng.randint(500, 5_000)))
    return pack(minutes)


def fill(url: str, sites: int, vantages: list[str]) -> None:
    rng = random.Random(11)
    first_hour = int(NOW) // HOUR * HOUR - 24 * HOUR
    with psycopg.connect(url, password=PASSWORD) as conn:
        with conn.cursor() as cursor:
            ids = {}
            for vantage in vantages:
                for n in range(sites):
                    ids[(vantage, n)] = cursor.execute(
                        "INSERT INTO series (target, method, vantage) VALUES (%s, 'icmp', %s) RETURNING id",
                        (f"office-{n:03d}-rtr", vantage)).fetchone()[0]
            with cursor.copy("COPY rollup_1m_hours (series_id, hour, minutes) FROM STDIN") as copy:
                for (_vantage, _n), series_id in ids.items():
                    for h in range(25):
                        # An agent restart in about one hour of twenty: ten minutes without rounds.
                        start = rng.randrange(50) if rng.random() < 0.05 else 60
                        copy.write_row((series_id, first_hour + h * HOUR, hour_blob(rng, range(start, start + 10))))
            events = []
            for n in range(sites):
                site = f"office-{n:03d}"
                kind = rng.random()
                begin = NOW - rng.uniform(0, 24 * HOUR)
                end = begin + rng.uniform(5, 90) * 60
                for vantage in vantages:
                    outage = kind < 0.2 or (kind < 0.33 and vantage == vantages[0])
                    if outage:
                        events += [(vantage, site, "UP", "UNKNOWN", NOW - 30 * HOUR, begin),
                                   (vantage, site, "DOWN", "UP", begin, end), (vantage, site, "UP", "DOWN", end, None)]
                    else:
                        events.append((vantage, site, "UP", "UNKNOWN", NOW - 30 * HOUR, None))
            cursor.executemany(
                "INSERT INTO events (vantage, subject, subject_kind, state, previous_state, started, ended, reason, "
                "first_error) VALUES (%s, %s, 'site', %s, %s, %s, %s, '', '')", events)
        conn.commit()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sites", type=int, default=500)
    parser.add_argument("--vantages", type=int, default=2)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    vantages = ["diskominfo", *(f"camat-{k}" for k in range(1, args.vantages))]
    net = network(args.sites)
    with PostgresServer() as server:
        url = server.create_database("uptime", "uptime_owner", PASSWORD)
        with PgStore.open(parse_store_url(url), PASSWORD) as store:
            fill(url, args.sites, vantages)
            store.replace_network(net)
            totals, reads, events_s, minutes_s = [], [], [], []
            found: dict[str, store_uptime.Availability] = {}
            for _ in range(args.runs):
                begin = time.perf_counter()
                events = store.site_events(since=NOW - 24 * HOUR)
                events_s.append(time.perf_counter() - begin)
                checks = sorted({(t.id, "icmp") for t in net.targets})
                begin = time.perf_counter()
                store.measured_minutes(checks, NOW - 24 * HOUR, NOW)
                minutes_s.append(time.perf_counter() - begin)
                begin = time.perf_counter()
                found = store_uptime.read_store_uptime(store, net, NOW)
                totals.append(time.perf_counter() - begin)
                reads.append(events_s[-1] + minutes_s[-1])
            rows = sum(len(v) for v in events.values())
    total, read = statistics.median(totals), statistics.median(reads)
    measured = [a.uptime for a in found.values() if a.uptime is not None]
    print(f"{args.sites} offices x {len(vantages)} vantages, a day ({rows} site events): one refresh "
          f"{total * 1000:.0f} ms (median of {args.runs}: events query {statistics.median(events_s) * 1000:.0f} ms, "
          f"minutes query {statistics.median(minutes_s) * 1000:.0f} ms, arithmetic about "
          f"{max(0.0, total - read) * 1000:.0f} ms); {len(measured)} offices with a figure, "
          f"lowest {min(measured):.2f} %")


if __name__ == "__main__":
    main()
