"""The shared store's rollups: 1-minute buckets packed per series and hour (`minute_pack`, the same bytes the
workspace keeps) and 1-hour buckets, recomputed inside the transaction that stores a batch of rounds.

The arithmetic is the workspace's own (`history_rows.rollup`, `rollup_of_minutes`), so a graph drawn from either
backend shows the same figures: a minute's sums, extremes and nearest-rank p95 come from SQL (its mean is rounded
in Python, by `rollup`'s rule), the hour's from `rollup_of_minutes`. A minute is recomputed from all its stored
rounds whenever a batch touches it (a back-fill that completes a minute another batch began is counted whole), and
its hour's packed row is rewritten with the minutes it already held. These functions run on the caller's connection
and transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence, Set
from typing import Any

import numpy as np
import numpy.typing as npt

from pantau.storage.history_rows import HOUR, MINUTE, Rollup, bucket_start
from pantau.storage.minute_pack import HEAD_SIZE, HourMerger, minutes_present, unpack

SCHEMA: tuple[str, ...] = (
    """
    CREATE TABLE rollup_1m_hours (
        series_id integer NOT NULL,
        hour bigint NOT NULL,  -- the hour's start, epoch seconds
        minutes bytea NOT NULL,  -- storage/minute_pack.py
        PRIMARY KEY (series_id, hour)
    )
    """,
    """
    CREATE TABLE rollup_1h (
        series_id integer NOT NULL,
        bucket bigint NOT NULL,
        count integer NOT NULL,
        failures integer NOT NULL,
        rtt_min integer,
        rtt_avg integer,
        rtt_max integer,
        rtt_p95 integer,
        PRIMARY KEY (series_id, bucket)
    )
    """,
)


# A round's packets (at least one) and answered packets, as `history_rows.rollup` counts them.
_SENT = "greatest(s.sent, 1)"
_ANSWERED = f"least(greatest({_SENT} - s.lost, 1), {_SENT})"


def touched_minutes(conn: Any, vantage: str) -> dict[int, set[int]]:
    """{series id: minute starts} of the rounds in the batch's `incoming` table, seen from `vantage`."""
    touched: dict[int, set[int]] = defaultdict(set)
    for series_id, minute in conn.execute(
            "SELECT DISTINCT se.id, (i.ts_ms / 60000) * 60 FROM incoming i JOIN series se "
            "ON se.target = i.target AND se.method = i.method AND se.vantage = %s", (vantage,)):
        touched[int(series_id)].add(int(minute))
    return touched


def update_rollups(conn: Any, touched: Mapping[int, Set[int]], merger: HourMerger | None = None) -> None:
    """Recompute the minutes `touched` names, rewrite their hours' packed rows and hourly buckets.

    Four statements whatever the number of series (rounds, held hours, two upserts): a forwarder pass touches
    hundreds of series, and a round trip per series was most of a pass's time."""
    if not touched:
        return
    ids = sorted(touched)
    starts = [min(touched[i]) * 1000 for i in ids]
    ends = [(max(touched[i]) + MINUTE) * 1000 for i in ids]
    # Binary parameters (%b): the arrays' text form quotes every element, a tenth of a pass's time.
    # Each series' own range, so one series' back-fill does not fetch every other series' hour; the overall
    # bounds on ts_ms let PostgreSQL skip the day partitions no range reaches.
    # Each minute is summed here, not in Python: a pass touches every series' current minute, and fetching and
    # rolling up all its rounds (half a minute of them on average) was most of an agent's forwarding CPU. The
    # figures are `history_rows.rollup`'s: integer sums, then its own rounding of the mean and its nearest rank.
    minutes = conn.execute(
        f"SELECT s.series_id, s.ts_ms / 60000 * {MINUTE}, sum({_SENT})::bigint, "
        f"sum(CASE WHEN s.rtt_us IS NULL THEN {_SENT} ELSE {_SENT} - {_ANSWERED} END)::bigint, "
        "min(s.rtt_us), max(s.rtt_us), "
        f"sum(s.rtt_us::bigint * {_ANSWERED})::bigint, "
        f"sum(CASE WHEN s.rtt_us IS NOT NULL THEN {_ANSWERED} END)::bigint, "
        "(array_agg(s.rtt_us ORDER BY s.rtt_us) FILTER (WHERE s.rtt_us IS NOT NULL))"
        "[(95 * count(s.rtt_us) + 99) / 100] "
        "FROM unnest(%b::integer[], %b::bigint[], %b::bigint[]) AS k(series_id, lo, hi) "
        "JOIN samples s ON s.series_id = k.series_id AND s.ts_ms >= k.lo AND s.ts_ms < k.hi "
        "WHERE s.ts_ms >= %b AND s.ts_ms < %b GROUP BY s.series_id, s.ts_ms / 60000",
        (ids, starts, ends, min(starts), max(ends))).fetchall()
    changed: dict[tuple[int, int], dict[int, Rollup]] = defaultdict(dict)
    for series_id, minute, count, failures, low, high, weighted, answered, rank_p95 in minutes:
        if minute in touched[series_id]:
            hour = bucket_start(minute, HOUR)
            changed[(series_id, hour)][(minute - hour) // MINUTE] = (
                (count, failures, None, None, None, None) if low is None else
                (count, failures, low, round(weighted / answered), high, rank_p95))
    if not changed:
        return
    keys = sorted(changed)
    key_ids, key_hours = [k[0] for k in keys], [k[1] for k in keys]
    found = {(int(series_id), int(hour)): bytes(blob) for series_id, hour, blob in conn.execute(
        "SELECT r.series_id, r.hour, r.minutes FROM unnest(%b::integer[], %b::bigint[]) AS k(series_id, hour) "
        "JOIN rollup_1m_hours r ON r.series_id = k.series_id AND r.hour = k.hour", (key_ids, key_hours))}
    blobs: list[bytes] = []
    hourly: list[tuple[Any, ...]] = []
    merger = merger or HourMerger(len(keys))
    for key in keys:
        merged = merger.merge(found.get(key), changed[key])
        blobs.append(merged.blob)
        hourly.append(merged.hour)
    conn.execute(
        "INSERT INTO rollup_1m_hours SELECT * FROM unnest(%b::integer[], %b::bigint[], %b::bytea[]) "
        "ON CONFLICT (series_id, hour) DO UPDATE SET minutes = excluded.minutes", (key_ids, key_hours, blobs))
    columns = [list(column) for column in zip(*hourly, strict=True)]
    conn.execute(
        "INSERT INTO rollup_1h SELECT * FROM unnest(%b::integer[], %b::bigint[], %b::integer[], %b::integer[], "
        "%b::integer[], %b::integer[], %b::integer[], %b::integer[]) "
        "ON CONFLICT (series_id, bucket) DO UPDATE SET count = excluded.count, "
        "failures = excluded.failures, rtt_min = excluded.rtt_min, rtt_avg = excluded.rtt_avg, "
        "rtt_max = excluded.rtt_max, rtt_p95 = excluded.rtt_p95", (key_ids, key_hours, *columns))


def read_rollups(conn: Any, target: str, method: str, vantage: str, resolution: str, start: float,
                 end: float) -> list[tuple[Any, ...]]:
    """(bucket, count, failures, rtt_min, rtt_avg, rtt_max, rtt_p95) of the buckets of `resolution` ("1m", "1h")
    overlapping [start, end), oldest first; rtts in microseconds (the workspace's `read_minute_rows` rule)."""
    if resolution == "1h":
        return [tuple(row) for row in conn.execute(
            "SELECT r.bucket, r.count, r.failures, r.rtt_min, r.rtt_avg, r.rtt_max, r.rtt_p95 "
            "FROM series se JOIN rollup_1h r ON r.series_id = se.id "
            "WHERE se.target = %s AND se.method = %s AND se.vantage = %s AND r.bucket > %s AND r.bucket < %s "
            "ORDER BY r.bucket", (target, method, vantage, start - HOUR, end)).fetchall()]
    rows: list[tuple[Any, ...]] = []
    for hour, blob in conn.execute(
            "SELECT r.hour, r.minutes FROM series se JOIN rollup_1m_hours r ON r.series_id = se.id "
            "WHERE se.target = %s AND se.method = %s AND se.vantage = %s AND r.hour > %s AND r.hour < %s "
            "ORDER BY r.hour", (target, method, vantage, start - HOUR, end)).fetchall():
        for minute, *values in unpack(bytes(blob)):
            bucket = int(hour) + minute * MINUTE
            if start - MINUTE < bucket < end:
                rows.append((bucket, *values))
    return rows


def read_measured_minutes(conn: Any, series: Sequence[tuple[str, str]], start: float, end: float
                          ) -> dict[tuple[str, str, str], npt.NDArray[np.float64]]:
    """{(vantage, target, method): the starts (epoch seconds, ascending) of the minutes overlapping [start, end)
    in which the series had a round} for every vantage's series of the (target, method) `series`, in one query.

    Only each packed hour's header travels (`minute_pack.HEAD_SIZE` bytes: which minutes are present), not its
    minutes: coverage needs no figures, and a day of 500 offices from two vantages is 25,000 hours."""
    rows = conn.execute(
        "SELECT se.vantage, se.target, se.method, r.hour, substring(r.minutes FROM 1 FOR %s) "
        "FROM unnest(%s::text[], %s::text[]) AS k(target, method) "
        "JOIN series se ON se.target = k.target AND se.method = k.method "
        "JOIN rollup_1m_hours r ON r.series_id = se.id AND r.hour > %s AND r.hour < %s "
        "ORDER BY se.vantage, se.target, se.method, r.hour",
        (HEAD_SIZE, [s[0] for s in series], [s[1] for s in series], int(start) - HOUR, end)).fetchall()
    if not rows:
        return {}
    # Every row's minutes at once (a Python step per hour was most of the read), then cut per series.
    which, minute = minutes_present([bytes(row[4]) for row in rows])
    hours = np.fromiter((row[3] for row in rows), dtype=np.float64, count=len(rows))
    starts = hours[which] + MINUTE * minute
    inside = (starts > start - MINUTE) & (starts < end)
    which, starts = which[inside], starts[inside]
    keys = [(row[0], row[1], row[2]) for row in rows]
    firsts = [0, *(i for i in range(1, len(keys)) if keys[i] != keys[i - 1])]
    cuts = np.searchsorted(which, firsts[1:])
    return {keys[first]: part for first, part in zip(firsts, np.split(starts, cuts), strict=True) if part.size}


def purge_minute_hours(conn: Any, cutoff: float) -> int:
    """Delete the packed hours that end at or before `cutoff`; returns the minutes they held."""
    gone = conn.execute("DELETE FROM rollup_1m_hours WHERE hour + %s <= %s RETURNING minutes",
                        (HOUR, cutoff)).fetchall()
    return sum(len(unpack(bytes(blob))) for (blob,) in gone)
