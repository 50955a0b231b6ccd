"""How a link's traffic is stored: one row per poll interval, and its 1-minute and 1-hour rollups.

A row is the mean rate between two readings, or a gap (in_bps NULL) with its reason: a failed poll, an agent
restart, a counter reset. The rollups of every bucket a batch touches are recomputed from the raw rows in that same
transaction (domain.traffic.rollup: mean weighted by seconds, peak, nearest-rank 95th percentile), so rows and
rollups always agree; a bucket with only gaps has no rollup row (a gap, not a zero). Hourly rollups are computed
from raw rows too (120 a link at the 30 s default), so their 95th percentile is exact.

These functions run on the writer's connection (`Workspace` calls them through the writer thread).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Literal

from pantau.domain.traffic import OperStatus, TrafficInterval, TrafficRate, TrafficRollup, rollup

MINUTE = 60
HOUR = 3600
TrafficResolution = Literal["raw", "1m", "1h"]
_ROLLUP_TABLES = {"1m": ("traffic_1m", MINUTE), "1h": ("traffic_1h", HOUR)}


def write_traffic(conn: sqlite3.Connection, rows: Sequence[TrafficInterval]) -> None:
    """Store rows (a later row for the same link and millisecond replaces the earlier) and refresh the rollups
    of the buckets they touch."""
    conn.executemany(
        "INSERT OR REPLACE INTO traffic VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(row.link, _ms(row.end), _ms(row.start), _whole(row.in_bps), _whole(row.out_bps),
          None if row.oper_status is None else row.oper_status.value, row.speed_bps, row.problem)
         for row in rows],
    )
    for table, width in _ROLLUP_TABLES.values():
        touched = {(row.link, _bucket(_middle(row), width)) for row in rows}
        for link, bucket in sorted(touched):
            made = rollup(_rates(conn, link, bucket, bucket + width), bucket, bucket + width)
            if made is None:
                conn.execute(f"DELETE FROM {table} WHERE link = ? AND bucket = ?", (link, bucket))
                continue
            conn.execute(f"INSERT OR REPLACE INTO {table} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         (link, bucket, made.measured_s, *_rollup_values(made)))


def read_traffic(conn: sqlite3.Connection, link: str, start: float, end: float) -> list[TrafficInterval]:
    """The raw rows of a link whose interval ends within [start, end), oldest first."""
    return [
        TrafficInterval(link=link, start=r[1] / 1000, end=r[0] / 1000,
                   in_bps=None if r[2] is None else float(r[2]), out_bps=None if r[3] is None else float(r[3]),
                   oper_status=None if r[4] is None else OperStatus(r[4]), speed_bps=r[5], problem=r[6])
        for r in conn.execute(
            "SELECT end_ms, start_ms, in_bps, out_bps, oper_status, speed_bps, problem FROM traffic "
            "WHERE link = ? AND end_ms >= ? AND end_ms < ? ORDER BY end_ms",
            (link, _ms(start), _ms(end)))
    ]


def read_traffic_rollups(conn: sqlite3.Connection, link: str, resolution: Literal["1m", "1h"], start: float,
                         end: float) -> list[TrafficRollup]:
    """The rollups of a link whose bucket overlaps [start, end), oldest first; absent buckets are gaps."""
    table, width = _ROLLUP_TABLES[resolution]
    return [
        TrafficRollup(start=r[0], end=r[0] + width, measured_s=r[1], in_mean_bps=r[2], out_mean_bps=r[3],
                      in_max_bps=r[4], out_max_bps=r[5], in_p95_bps=r[6], out_p95_bps=r[7])
        for r in conn.execute(
            f"SELECT bucket, measured_s, in_mean, out_mean, in_max, out_max, in_p95, out_p95 FROM {table} "
            "WHERE link = ? AND bucket > ? AND bucket < ? ORDER BY bucket",
            (link, start - width, end))
    ]


def latest_traffic(conn: sqlite3.Connection, links: Iterable[str]) -> dict[str, TrafficInterval]:
    """Each link's newest row (rate or gap), for the links that have one."""
    latest: dict[str, TrafficInterval] = {}
    for link in links:
        row = conn.execute("SELECT max(end_ms) FROM traffic WHERE link = ?", (link,)).fetchone()
        if row[0] is not None:
            latest.update({link: read_traffic(conn, link, row[0] / 1000, row[0] / 1000 + 0.001)[0]})
    return latest


def purge_traffic(conn: sqlite3.Connection, raw_cutoff: float, minute_cutoff: float) -> tuple[int, int]:
    """Delete raw rows ending before `raw_cutoff` and minute rollups before `minute_cutoff`; hours stay."""
    raw = conn.execute("DELETE FROM traffic WHERE end_ms < ?", (_ms(raw_cutoff),)).rowcount
    minutes = conn.execute("DELETE FROM traffic_1m WHERE bucket < ?", (int(minute_cutoff),)).rowcount
    return raw, minutes


def _rates(conn: sqlite3.Connection, link: str, start: int, end: int) -> list[TrafficRate]:
    # Rows are filed by their middle (domain.traffic); an interval is at most an hour long, so the rows whose
    # middle lies in the bucket end within an hour after its start.
    rows = conn.execute(
        "SELECT start_ms, end_ms, in_bps, out_bps FROM traffic WHERE link = ? AND end_ms >= ? AND end_ms < ? "
        "AND in_bps IS NOT NULL AND out_bps IS NOT NULL",
        (link, start * 1000, (end + HOUR) * 1000))
    rates = [TrafficRate(r[0] / 1000, r[1] / 1000, float(r[2]), float(r[3])) for r in rows]
    return [rate for rate in rates if start <= rate.middle < end]


def _rollup_values(made: TrafficRollup) -> tuple[int, ...]:
    return tuple(round(value) for value in (made.in_mean_bps, made.out_mean_bps, made.in_max_bps, made.out_max_bps,
                                            made.in_p95_bps, made.out_p95_bps))


def _middle(row: TrafficInterval) -> float:
    return (row.start + row.end) / 2


def _bucket(ts: float, width: int) -> int:
    return int(ts // width) * width


def _ms(ts: float) -> int:
    return round(ts * 1000)


def _whole(bps: float | None) -> int | None:
    return None if bps is None else round(bps)
