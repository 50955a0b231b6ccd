"""The 1-minute rollups as SQLite keeps them: one row per (series, hour), the hour's minutes packed (minute_pack.py).

`rollup_1m_hours` (migration 6) replaced `rollup_1m`, which took a row of about 31 bytes a minute: a month of
minutes for 60 targets would have been 81 MB. The writer rewrites an hour's row whenever a batch touches one of its
minutes, in the batch's transaction (history_rows.py), so a row is always whole and agrees with the samples: a
process killed at any moment loses nothing committed. Retention deletes whole hours.

These functions take a connection and run inside the caller's transaction; the blob layout itself knows no SQL.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from itertools import groupby

import numpy as np
import numpy.typing as npt

from pantau.storage.minute_pack import HourMerger, Merged, Minute, minutes_in, pack, unpack, unpack_columns

HOUR = 3600
MINUTE = 60

# (bucket start in epoch seconds, count, failures, rtt_min, rtt_avg, rtt_max, rtt_p95): a row of the old rollup_1m.
MinuteRow = tuple[int, int, int, int | None, int | None, int | None, int | None]

# WITHOUT ROWID like the other history tables: the key is stored once, and a series' hours are one range. A row
# of a few hundred bytes lowers the b-tree's fan-out (fine for a table of one row an hour per series).
SCHEMA: tuple[str, ...] = (
    """
    CREATE TABLE rollup_1m_hours (
        series_id INTEGER NOT NULL,
        hour INTEGER NOT NULL,  -- the hour's start, epoch seconds
        minutes BLOB NOT NULL,  -- storage/minute_pack.py
        PRIMARY KEY (series_id, hour)
    ) WITHOUT ROWID
    """,
)


def merge_minutes(conn: sqlite3.Connection, series_id: int, hour: int,
                  changed: Mapping[int, tuple[int, int, int | None, int | None, int | None, int | None]], *,
                  replace: bool = False, merger: HourMerger | None = None) -> Merged:
    """Put `changed` ({minute of the hour: rollup}) into the hour's row over what it held (with `replace`, in
    place of it); returns the hour as now stored (its minutes and the hour's rollup of them). `merger` remembers
    the rows it made (the writer's)."""
    found = None if replace else conn.execute(
        "SELECT minutes FROM rollup_1m_hours WHERE series_id = ? AND hour = ?", (series_id, hour)).fetchone()
    merged = (merger or HourMerger(1)).merge(bytes(found[0]) if found else None, changed)
    conn.execute("INSERT OR REPLACE INTO rollup_1m_hours (series_id, hour, minutes) VALUES (?, ?, ?)",
                 (series_id, hour, merged.blob))
    return merged


def insert_minute_rows(conn: sqlite3.Connection, series_id: int, rows: Iterable[MinuteRow]) -> int:
    """Store one-row-a-minute rollups of a series (an old file's, in bucket order), each hour packed; an hour the
    workspace already holds keeps its own minutes and gains only those it lacks. Returns the minutes stored."""
    stored = 0
    for hour, group in groupby(rows, key=lambda row: row[0] // HOUR * HOUR):
        found = conn.execute("SELECT minutes FROM rollup_1m_hours WHERE series_id = ? AND hour = ?",
                             (series_id, hour)).fetchone()
        minutes: dict[int, Minute] = {(row[0] - hour) // MINUTE: ((row[0] - hour) // MINUTE, *row[1:])
                                      for row in group}
        if found:
            minutes.update((row[0], row) for row in unpack(found[0]))
        conn.execute("INSERT OR REPLACE INTO rollup_1m_hours (series_id, hour, minutes) VALUES (?, ?, ?)",
                     (series_id, hour, pack(minutes.values())))
        stored += len(minutes)
    return stored


def pack_old_minute_rollups(conn: sqlite3.Connection) -> None:
    """Migration 6's data step: every rollup_1m row into rollup_1m_hours (the table is then dropped)."""
    cursor = conn.execute("SELECT series_id, bucket, count, failures, rtt_min, rtt_avg, rtt_max, rtt_p95 "
                          "FROM rollup_1m ORDER BY series_id, bucket")
    for series_id, rows in groupby(cursor, key=lambda row: int(row[0])):
        insert_minute_rows(conn, series_id, (row[1:] for row in rows))


def read_minute_rows(conn: sqlite3.Connection, target: str, method: str, start: float,
                     end: float) -> list[MinuteRow]:
    """The minutes of `target`'s `method` that overlap [start, end), oldest first."""
    rows: list[MinuteRow] = []
    for hour, blob in _hours(conn, target, method, start, end):
        for minute, *rollup in unpack(blob):
            bucket = hour + minute * MINUTE
            if start - MINUTE < bucket < end:
                rows.append((bucket, *rollup))  # type: ignore[arg-type]
    return rows


def read_minute_columns(conn: sqlite3.Connection, target: str, method: str, start: float, end: float
                        ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64],
                                   npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """The rows `read_minute_rows` gives, as columns: bucket, count, failures and rtt min, avg, max in
    microseconds as floats, NaN where the minute got no answer."""
    hours = [(hour, unpack_columns(blob)) for hour, blob in _hours(conn, target, method, start, end)]
    if not hours:
        nothing, no_rtt = np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64)
        return nothing, nothing, nothing, no_rtt, no_rtt, no_rtt
    bucket = np.concatenate([hour + columns.minute * MINUTE for hour, columns in hours])
    answered = np.concatenate([columns.answered for _, columns in hours])
    keep = (bucket > start - MINUTE) & (bucket < end)

    def joined(name: str) -> npt.NDArray[np.int64]:
        return np.concatenate([getattr(columns, name) for _, columns in hours])[keep]

    def rtt(name: str) -> npt.NDArray[np.float64]:
        return np.where(answered, np.concatenate([getattr(c, name) for _, c in hours]), np.nan)[keep]

    return bucket[keep], joined("count"), joined("failures"), rtt("rtt_min"), rtt("rtt_avg"), rtt("rtt_max")


def _hours(conn: sqlite3.Connection, target: str, method: str, start: float,
           end: float) -> Sequence[tuple[int, bytes]]:
    # An hour holds minutes up to hour + 3540; a minute overlaps [start, end) when start - 60 < bucket < end.
    return conn.execute(
        """
        SELECT r.hour, r.minutes FROM series AS se CROSS JOIN rollup_1m_hours AS r ON r.series_id = se.id
        WHERE se.target = ? AND se.method = ? AND r.hour > ? AND r.hour < ?
        ORDER BY r.hour
        """,
        (target, method, start - HOUR, end),
    ).fetchall()


def purge_minute_hours(conn: sqlite3.Connection, series_id: int, cutoff: float) -> int:
    """Delete the hours of a series that end at or before `cutoff` (whole hours only: the hour holding the cut-off
    stays until the cut-off passes its end); returns the minutes they held."""
    last = int(cutoff // HOUR * HOUR)
    minutes = sum(minutes_in(blob) for (blob,) in conn.execute(
        "SELECT minutes FROM rollup_1m_hours WHERE series_id = ? AND hour < ?", (series_id, last)))
    conn.execute("DELETE FROM rollup_1m_hours WHERE series_id = ? AND hour < ?", (series_id, last))
    return minutes
