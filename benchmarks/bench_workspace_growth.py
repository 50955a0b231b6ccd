"""How fast the workspace grows: bytes per target per day, and 60 sites probed every 1.5 s (the default) for 30 days.

Synthetic history goes through the real writer (`Workspace.submit`, batches, rollups in the same transaction) with
synthetic timestamps, so a month is simulated in minutes. Each site has one ICMP target; a round is 3 packets
with rtts of 1-80 ms (a base per site, noise per packet), 1 % packet loss, and now and then an outage of 5-90
minutes in which every round times out. Retention runs through `Workspace.purge_history` every hour of simulated
time, as the application should run it (`--purge-every-hours 24` for once a day), and always at a day's end.

(a) one target, one day at the interval (`--interval`, default 1.5 s): bytes of raw samples and of rollups.
(b) 60 targets at the interval with the retention applied (raw rounds 1 day, minute rollups 30 days: the
    defaults): the file's size as it is (the application never runs VACUUM,
    so that is the figure the goal is judged on), the largest it was at any day's end before that day's last
    purge (file + WAL), and the size after a VACUUM for comparison. Simulating a whole month at 1.5 s writes 104
    million rounds (about a quarter of an hour), so `--days N` stops after N days and extrapolates the rest: the
    minute rollups grow by the bytes per day measured here until their retention is full, the 1-hour rollups for
    good. The goal: 60 sites, 30 days of minute rollups, under 100 MB. The output says which figures are measured
    and which extrapolated.

    PYTHONPATH=src python benchmarks/bench_workspace_growth.py [--days 4] [--interval 1.5] [--minute-days 30]
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pantau.domain.inventory import DEFAULT_INTERVAL_S, MonitoringSettings
from pantau.domain.samples import ErrorKind, Sample
from pantau.storage.workspace import Workspace

DAY = 86_400
PACKETS = 3
LOSS = 0.01
START = 1_767_225_600  # 2026-01-01 00:00 UTC
MB = 1_000_000
# The defaults this benchmark argues for: the network file's `raw_retention_days` sets the first in the
# application, and the engine runs `purge_history` every hour (daily purges leave a day's rows on top of the
# retention until the next purge: about 25 MB more for 60 targets).
PROPOSED_RAW_RETENTION_DAYS = MonitoringSettings().raw_retention_days
PURGE_EVERY_HOURS = 1
# The 1-minute rollups: one row an hour, packed (schema 6 on), or one row a minute (before).
MINUTE_TABLES = ("rollup_1m_hours", "rollup_1m")


class Pace:
    """The probe interval simulated, and the rounds of one target in an hour at it."""

    interval_s = DEFAULT_INTERVAL_S
    rounds_per_hour = int(3600 / DEFAULT_INTERVAL_S)

    @classmethod
    def set(cls, interval_s: float) -> None:
        cls.interval_s = interval_s
        cls.rounds_per_hour = int(3600 / interval_s)


@dataclass
class Site:
    target: str
    base_ms: float
    phase_s: float
    outages: list[tuple[float, float]]


class Backpressure:
    """Keeps the generator at most `ahead` batches in front of the writer, so the queue cannot eat the memory."""

    def __init__(self, ahead: int) -> None:
        self._ahead = ahead
        self._submitted = 0
        self._committed = 0
        self._changed = threading.Condition()

    def on_commit(self, batch: int, count: int) -> None:
        with self._changed:
            self._committed = batch
            self._changed.notify_all()

    def before_submit(self) -> None:
        with self._changed:
            if not self._changed.wait_for(lambda: self._submitted - self._committed < self._ahead, timeout=120):
                raise RuntimeError("the writer stopped committing")
            self._submitted += 1


def make_sites(count: int, days: int, rng: random.Random) -> list[Site]:
    sites = []
    for n in range(count):
        outages = []
        for day in range(days):
            # About one outage per site every three days.
            if rng.random() < 1 / 3:
                begin = START + day * DAY + rng.uniform(0, DAY)
                outages.append((begin, begin + rng.uniform(5, 90) * 60))
        sites.append(Site(f"site-{n:02d}-gw", rng.uniform(1.0, 60.0), rng.uniform(0, Pace.interval_s), outages))
    return sites


def hour_of_samples(sites: list[Site], hour_start: float, np_rng: np.random.Generator) -> list[Sample]:
    """One hour of rounds of every site, in time order (the order the engine delivers them in)."""
    n_sites = len(sites)
    rounds = Pace.rounds_per_hour
    shape = (rounds, n_sites, PACKETS)
    base = np.array([s.base_ms for s in sites])[None, :, None]
    # A base per site, noise per packet that is mostly small with a long tail (queues, retransmissions).
    packet_rtt = base * (1 + np.abs(np_rng.normal(0, 0.08, shape))) + np_rng.exponential(0.4, shape)
    packet_rtt = np.minimum(packet_rtt, 80.0 + np_rng.uniform(0, 1, shape))
    answered = np_rng.random(shape) >= LOSS
    times = (hour_start + np.arange(rounds)[:, None] * Pace.interval_s
             + np.array([s.phase_s for s in sites])[None, :] + np_rng.uniform(-0.05, 0.05, (rounds, n_sites)))
    for column, site in enumerate(sites):
        for begin, end in site.outages:
            if begin < hour_start + 3600 and end > hour_start:
                answered[(times[:, column] >= begin) & (times[:, column] < end), column, :] = False
    replies = answered.sum(axis=2)
    with np.errstate(invalid="ignore", divide="ignore"):
        round_rtt = np.where(replies > 0, (packet_rtt * answered).sum(axis=2) / replies, np.nan)
    order = np.argsort(times, axis=None, kind="stable")
    flat_times = times.ravel()[order].tolist()
    flat_rtts = round_rtt.ravel()[order].tolist()
    flat_replies = replies.ravel()[order].tolist()
    targets = [sites[i % n_sites].target for i in order.tolist()]
    return [
        Sample(ts, target, "icmp", rtt, None, "", PACKETS, PACKETS - got) if got else
        Sample(ts, target, "icmp", None, ErrorKind.TIMEOUT, "no reply", PACKETS, PACKETS)
        for ts, target, rtt, got in zip(flat_times, targets, flat_rtts, flat_replies, strict=True)
    ]


def table_bytes(path: Path) -> dict[str, tuple[int, int]]:
    """(bytes of pages, rows) per history table, indexes included, read from SQLite's dbstat; the 1-minute
    rollups under "1m", whichever table holds them."""
    conn = sqlite3.connect(path)
    try:
        pages = dict(conn.execute(
            "SELECT coalesce(m.tbl_name, d.name), sum(d.pgsize) FROM dbstat AS d "
            "LEFT JOIN sqlite_master AS m ON m.name = d.name GROUP BY 1").fetchall())
        minute = next(table for table in MINUTE_TABLES if table in pages)
        return {name: (pages.get(table, 0), conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
                for name, table in (("samples", "samples"), ("1m", minute), ("rollup_1h", "rollup_1h"),
                                    ("series", "series"))}
    finally:
        conn.close()


def file_sizes(path: Path) -> tuple[int, int]:
    wal = path.with_name(path.name + "-wal")
    return path.stat().st_size, wal.stat().st_size if wal.exists() else 0


def one_target_one_day(folder: Path) -> None:
    path = folder / "one.sqlite3"
    rng = random.Random(1)
    np_rng = np.random.default_rng(1)
    (site,) = make_sites(1, 1, rng)
    site.outages = [(START + 10 * 3600, START + 10 * 3600 + 20 * 60)]
    with Workspace.open(path, batch_size=Pace.rounds_per_hour, flush_interval_s=3600) as ws:
        for hour in range(24):
            ws.submit(hour_of_samples([site], START + hour * 3600, np_rng))
        ws.flush()
    tables = table_bytes(path)
    print(f"(a) one ICMP target, one day at {Pace.interval_s:g} s ({24 * Pace.rounds_per_hour:,d} rounds of "
          f"{PACKETS} packets); \"1m\": the 1-minute rollups")
    for table in ("samples", "1m", "rollup_1h"):
        size, rows = tables[table]
        print(f"    {table:10s} {rows:6d} rows  {size / 1000:8.1f} kB  {size / rows:5.1f} B/row (whole pages)")
    raw = tables["samples"][0]
    rollups = tables["1m"][0] + tables["rollup_1h"][0]
    print(f"    per target per day: raw {raw / MB:.2f} MB, rollups {rollups / MB:.3f} MB "
          f"(1-hour rollups fill less than a page a day; see (b) for their true size)")


def sixty_sites(folder: Path, sites_count: int, days: int, month: int, raw_days: int, minute_days: int,
                purge_hours: int) -> None:
    path = folder / "sixty.sqlite3"
    rng = random.Random(2)
    np_rng = np.random.default_rng(2)
    sites = make_sites(sites_count, days, rng)
    pressure = Backpressure(ahead=2)
    peak = 0
    peak_wal = 0
    purged = (0, 0)
    started, cpu_started = time.monotonic(), time.process_time()
    print(f"\n(b) {sites_count} targets at {Pace.interval_s:g} s, raw retention {raw_days} d, 1-minute rollups "
          f"{minute_days} d, 1-hour rollups forever, purged every {purge_hours} h; {days} days simulated")
    with Workspace.open(path, on_commit=pressure.on_commit, batch_size=sites_count * Pace.rounds_per_hour,
                        flush_interval_s=3600) as ws:
        for day in range(days):
            for hour in range(24):
                batch = hour_of_samples(sites, START + day * DAY + hour * 3600, np_rng)
                pressure.before_submit()
                ws.submit(batch)
                if (hour + 1) % purge_hours == 0 and hour != 23:
                    ws.purge_history(START + day * DAY + (hour + 1) * 3600, raw_days, minute_days)
            ws.flush()
            db, wal = file_sizes(path)
            peak, peak_wal = max(peak, db + wal), max(peak_wal, wal)
            purged = ws.purge_history(START + (day + 1) * DAY, raw_days, minute_days)
            db_after, wal_after = file_sizes(path)
            peak_wal = max(peak_wal, wal_after)
            print(f"    day {day + 1:2d}: {db / MB:6.1f} MB (+ WAL {wal / MB:4.1f}) before its last purge, which "
                  f"deleted {purged[0]:8,d} samples and {purged[1]:6,d} minute rollups; after it "
                  f"{db_after / MB:6.1f} MB (+ WAL {wal_after / MB:4.1f})", flush=True)
    elapsed, cpu = time.monotonic() - started, time.process_time() - cpu_started
    as_is = path.stat().st_size
    tables = table_bytes(path)
    conn = sqlite3.connect(path)
    try:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        free = conn.execute("PRAGMA freelist_count").fetchone()[0] * page_size
        conn.execute("VACUUM")
    finally:
        conn.close()
    vacuumed = path.stat().st_size
    rounds = sites_count * Pace.rounds_per_hour * 24 * days
    print(f"    wrote {rounds:,d} rounds in {elapsed:.0f} s ({cpu:.0f} s CPU): {rounds / elapsed:,.0f} rounds/s")
    print("    table       rows        MB   B/row (pages, after the last purge)")
    for table, (size, rows) in tables.items():
        print(f"    {table:10s} {rows:9,d} {size / MB:8.2f} {size / max(rows, 1):6.1f}")
    print(f"    free pages {free / MB:.2f} MB")

    minute_per_day = tables["1m"][0] / min(days, minute_days)
    hour_per_day = tables["rollup_1h"][0] / days
    raw_per_day = tables["samples"][0] / min(days, raw_days)
    print(f"    growth per day: raw {raw_per_day / MB:.2f} MB ({raw_per_day / sites_count / MB:.3f} MB per target), "
          f"1-minute rollups {minute_per_day / MB:.3f} MB, 1-hour rollups {hour_per_day / MB:.4f} MB")
    print(f"    MEASURED after {days} days: {as_is / MB:.1f} MB as it is (largest at a day's end, before its last "
          f"purge: {peak / MB:.1f} MB with the WAL; WAL at most {peak_wal / MB:.1f} MB), "
          f"{vacuumed / MB:.1f} MB after VACUUM")
    if days < month and days <= raw_days:
        print(f"    (no extrapolation: simulate more than the raw retention, {raw_days} days, to reach a steady state)")
    elif days < month:
        extra = ((min(month, minute_days) - min(days, minute_days)) * minute_per_day
                 + (month - days) * hour_per_day)
        print(f"    EXTRAPOLATED to {month} days (raw retention full since day {raw_days + 1}; only rollups still "
              f"grow, +{extra / MB:.1f} MB): {(as_is + extra) / MB:.1f} MB as it is, "
              f"{(peak + extra) / MB:.1f} MB at its largest; goal < 100 MB")
    print(f"    1-minute rollups of {min(month, minute_days)} days: "
          f"{min(month, minute_days) * minute_per_day / MB:.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--days", type=int, help="days simulated at full density (default: until every retention "
                        "has filled, two days past the longer one, at most --month)")
    parser.add_argument("--month", type=int, default=30, help="the period the goal is about (default 30 days)")
    parser.add_argument("--sites", type=int, default=60)
    parser.add_argument("--interval", type=float, default=DEFAULT_INTERVAL_S, help="seconds between rounds")
    parser.add_argument("--raw-days", type=int, default=PROPOSED_RAW_RETENTION_DAYS)
    parser.add_argument("--minute-days", type=int, default=MonitoringSettings().minute_rollup_retention_days)
    parser.add_argument("--purge-every-hours", type=int, default=PURGE_EVERY_HOURS,
                        choices=(1, 2, 3, 4, 6, 8, 12, 24))
    parser.add_argument("--skip-one", action="store_true", help="skip (a)")
    args = parser.parse_args()
    Pace.set(args.interval)
    days = args.days or min(args.month, max(args.raw_days, args.minute_days) + 2)
    with tempfile.TemporaryDirectory(prefix="pantau-growth-", dir=os.environ.get("TMPDIR")) as folder:
        if not args.skip_one:
            one_target_one_day(Path(folder))
        sixty_sites(Path(folder), args.sites, days, args.month, args.raw_days, args.minute_days,
                    args.purge_every_hours)


if __name__ == "__main__":
    main()
