"""How history is stored: samples as rows, their 1-minute and 1-hour rollups, and state changes as events.

These functions run on the writer's connection, inside its transactions (writer.py).

A sample is one round of `sent` packets of which `lost` went unanswered. Rollups, per (series, bucket), count
packets, so failures / count is packet loss:
- count: packets sent; failures: packets lost. A round without an rtt lost all of its packets and a round with
  one got at least one answer, whatever its `lost` says (that is what a `Sample` promises; a malformed one is
  read so, rather than making count and failures disagree), and a round counts at least one packet;
- rtt_min / rtt_max over the rtts of the rounds that got an answer, NULL when none did;
- rtt_avg: the mean over answered packets (each round's rtt weighted by its answered packets), which is the mean
  rtt of every reply in the bucket, since a round's rtt is the mean over its own replies;
- rtt_p95 over the rounds' rtts by nearest rank (the smallest rtt with at least 95 % of them at or below it).
A 1-minute bucket is recomputed from its raw samples whenever a batch touches it, and its hour's packed row
(minute_rows.py) is rewritten with it. A 1-hour bucket is aggregated from its 1-minute rollups; its avg is
weighted by answered packets, so it is the same mean (to within a microsecond), and its p95 is the largest minute
p95 — an upper bound on the true hourly p95 that costs 60 minutes to compute instead of every raw sample of the
hour.

The key (series_id, ts_ms) holds one sample per series per millisecond. A sample that arrives for a millisecond
already taken (two rounds finishing together, a clock stepped back) is stored 1 ms later, as many times as needed:
no sample is ever refused or overwritten for its timestamp.
"""

from __future__ import annotations

import bisect
import logging
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from itertools import groupby
from typing import TypeVar

from pantau.domain.samples import Sample
from pantau.domain.states import StateChange
from pantau.storage.minute_pack import HourMerger, Minute, PackError
from pantau.storage.minute_rows import merge_minutes
from pantau.storage.schema import SampleRow, sample_row

T = TypeVar("T")

log = logging.getLogger(__name__)

MINUTE = 60
HOUR = 3600

# (count, failures, rtt_min, rtt_avg, rtt_max, rtt_p95) of one bucket, rtts in microseconds.
Rollup = tuple[int, int, int | None, int | None, int | None, int | None]


def bucket_start(ts: float, width: int) -> int:
    return int(ts // width) * width


def p95(sorted_values: Sequence[T]) -> T | None:
    """Nearest-rank 95th percentile of values already sorted ascending; None for no values."""
    if not sorted_values:
        return None
    # Integer arithmetic: 0.95 * n in floats can land just above a whole number and skip a rank.
    rank = (95 * len(sorted_values) + 99) // 100
    return sorted_values[rank - 1]


class SeriesIds:
    """The id of each (target, method) series, made on first use and remembered.

    Belongs to one connection. `forget()` after a rollback: an id made inside the rolled-back transaction no longer
    exists, and SQLite may give it to another series next time.
    """

    def __init__(self) -> None:
        self._ids: dict[tuple[str, str], int] = {}

    def get(self, conn: sqlite3.Connection, target: str, method: str) -> int:
        key = (target, method)
        series_id = self._ids.get(key)
        if series_id is None:
            # DO NOTHING covers the unique key only: a NULL target still fails, as it must.
            conn.execute("INSERT INTO series (target, method) VALUES (?, ?) ON CONFLICT DO NOTHING", key)
            series_id = int(conn.execute("SELECT id FROM series WHERE target = ? AND method = ?", key).fetchone()[0])
            self._ids[key] = series_id
        return series_id

    def forget(self) -> None:
        self._ids.clear()


_INSERT_SAMPLE = "INSERT INTO samples VALUES (?, ?, ?, ?, ?, ?, ?)"


def insert_samples(conn: sqlite3.Connection, series: SeriesIds, samples: Sequence[Sample]) -> list[SampleRow]:
    """Insert `samples`; returns the rows as stored (a sample whose millisecond was taken moves on by 1 ms)."""
    rows = [sample_row(series.get(conn, s.target, s.method), s) for s in samples]
    conn.execute("SAVEPOINT insert_samples")
    try:
        conn.executemany(_INSERT_SAMPLE, rows)
    except sqlite3.IntegrityError as error:
        if not _is_key_conflict(error):
            raise
        # Rare: redo the batch a row at a time, moving each clash along.
        conn.execute("ROLLBACK TO insert_samples")
        rows = [_insert_moving_on(conn, row) for row in rows]
    conn.execute("RELEASE insert_samples")
    return rows


def _insert_moving_on(conn: sqlite3.Connection, row: SampleRow) -> SampleRow:
    series_id, ts_ms, rtt_us, error, message, sent, lost = row
    while True:
        moved: SampleRow = (series_id, ts_ms, rtt_us, error, message, sent, lost)
        try:
            conn.execute(_INSERT_SAMPLE, moved)
        except sqlite3.IntegrityError as conflict:
            if not _is_key_conflict(conflict):
                raise
            ts_ms += 1
        else:
            return moved


def _is_key_conflict(error: sqlite3.IntegrityError) -> bool:
    return error.sqlite_errorcode == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY


class _Tally:
    """One minute's rounds of a series summed as `rollup` sums them, its rtts kept sorted."""

    def __init__(self, minute: int) -> None:
        self.minute = minute
        self.rounds = self.count = self.failures = self.weighted = self.answered = 0
        self.rtts: list[int] = []

    def add(self, rtt_us: int | None, sent: int, lost: int) -> None:
        sent = max(sent, 1)
        answered = 0 if rtt_us is None else min(max(sent - lost, 1), sent)
        self.rounds += 1
        self.count += sent
        self.failures += sent - answered
        if rtt_us is not None:
            bisect.insort(self.rtts, rtt_us)
            self.weighted += rtt_us * answered
            self.answered += answered

    def rollup(self) -> Rollup:
        rtts = self.rtts
        if not rtts:
            return self.count, self.failures, None, None, None, None
        return self.count, self.failures, rtts[0], round(self.weighted / self.answered), rtts[-1], p95(rtts)


class MinuteTallies:
    """The writer's running sums of each series' latest minute, so a batch that adds a round or two to it rolls
    the minute up without reading and summing its rounds again (that was half of the writer's CPU: a series'
    minute is rewritten about once a second and holds 30 rounds on average at 1 s).

    A tally is used only while the samples table holds exactly the rounds it counted (checked by counting them,
    one index range, each time): rounds written or deleted any other way, or a batch rolled back, make it read
    the minute again."""

    def __init__(self) -> None:
        self._tallies: dict[int, _Tally] = {}

    def clear(self) -> None:
        self._tallies.clear()

    def rollup(self, conn: sqlite3.Connection, series_id: int, minute: int,
               new: Sequence[tuple[int | None, int, int]]) -> Rollup:
        """The rollup of `minute` (its start) of the series, whose stored rounds now include `new`."""
        bounds = (series_id, minute * 1000, (minute + MINUTE) * 1000)
        tally = self._tallies.get(series_id)
        if tally is not None and tally.minute == minute and conn.execute(
                "SELECT count(*) FROM samples WHERE series_id = ? AND ts_ms >= ? AND ts_ms < ?",
                bounds).fetchone()[0] == tally.rounds + len(new):
            for rtt_us, sent, lost in new:
                tally.add(rtt_us, sent, lost)
        else:
            tally = self._tallies[series_id] = _Tally(minute)
            for rtt_us, sent, lost in conn.execute(
                    "SELECT rtt_us, sent, lost FROM samples WHERE series_id = ? AND ts_ms >= ? AND ts_ms < ?",
                    bounds):
                tally.add(rtt_us, sent, lost)
        return tally.rollup()

    def forget(self, series_id: int) -> None:
        self._tallies.pop(series_id, None)


def update_rollups(conn: sqlite3.Connection, rows: Iterable[SampleRow], merger: HourMerger | None = None,
                   tallies: MinuteTallies | None = None) -> None:
    """Recompute the 1-minute and then the 1-hour rollups of every bucket the stored `rows` fall in; `merger`
    remembers the packed hours it wrote and `tallies` the latest minutes' sums (the writer's: `HourMerger`,
    `MinuteTallies`)."""
    minutes: dict[int, set[int]] = defaultdict(set)
    new: dict[int, list[tuple[int | None, int, int]]] = defaultdict(list)
    for row in rows:
        minutes[row[0]].add(row[1] // 60_000 * MINUTE)
        new[row[0]].append((row[2], row[5], row[6]))
    for series_id, starts in sorted(minutes.items()):
        changed: dict[int, dict[int, Rollup]] = defaultdict(dict)
        if tallies is not None and len(starts) == 1:
            # The usual batch: a round or two of the series' current minute.
            (minute,) = starts
            hour = bucket_start(minute, HOUR)
            changed[hour][(minute - hour) // MINUTE] = tallies.rollup(conn, series_id, minute, new[series_id])
        else:
            if tallies is not None:
                tallies.forget(series_id)
            # One query per run of consecutive minutes, not per minute: a batch written after a pause (or by a
            # benchmark) holds many minutes of one series.
            for first, last in _runs(sorted(starts), MINUTE):
                for hour, rollups in _minute_rollups(conn, series_id, first, last).items():
                    changed[hour].update(rollups)
        # The hour's row is rewritten whole, with the minutes it already held, in this transaction.
        for hour, rollups in sorted(changed.items()):
            try:
                merged = merge_minutes(conn, series_id, hour, rollups, merger=merger)
            except PackError as error:
                # A row no longer readable (damage SQLite did not see) would fail every batch of the hour; its
                # minutes are rebuilt from the raw rounds instead, which the raw retention still holds.
                log.warning("the packed minutes of series %d from %d cannot be read (%s); rebuilt from the raw "
                            "rounds", series_id, hour, error)
                whole = _minute_rollups(conn, series_id, hour, hour + HOUR - MINUTE).get(hour, {})
                merged = merge_minutes(conn, series_id, hour, whole, replace=True)
            conn.execute("INSERT OR REPLACE INTO rollup_1h VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         (series_id, hour, *merged.hour))


def _minute_rollups(conn: sqlite3.Connection, series_id: int, first: int,
                    last: int) -> dict[int, dict[int, Rollup]]:
    """{hour: {minute of the hour: rollup}} of the minutes from `first` to `last` (minute starts) that have rounds."""
    found = conn.execute(
        "SELECT ts_ms, rtt_us, sent, lost FROM samples WHERE series_id = ? AND ts_ms >= ? AND ts_ms < ? "
        "ORDER BY ts_ms",
        (series_id, first * 1000, (last + MINUTE) * 1000),
    ).fetchall()
    rollups: dict[int, dict[int, Rollup]] = defaultdict(dict)
    for minute, rounds in groupby(found, key=lambda r: r[0] // 60_000 * MINUTE):
        hour = bucket_start(minute, HOUR)
        rollups[hour][(minute - hour) // MINUTE] = rollup([(r[1], r[2], r[3]) for r in rounds])
    return rollups


def _runs(sorted_starts: Sequence[int], step: int) -> Iterator[tuple[int, int]]:
    """(first, last) of each run of `sorted_starts` that goes up by `step`."""
    first = previous = sorted_starts[0]
    for start in sorted_starts[1:]:
        if start != previous + step:
            yield first, previous
            first = start
        previous = start
    yield first, previous


def rollup(rounds: Iterable[tuple[int | None, int, int]]) -> Rollup:
    """The rollup of rounds given as (rtt_us, sent, lost)."""
    count = failures = answered_total = weighted = 0
    rtts: list[int] = []
    for rtt_us, sent, lost in rounds:
        sent = max(sent, 1)
        answered = 0 if rtt_us is None else min(max(sent - lost, 1), sent)
        count += sent
        failures += sent - answered
        if rtt_us is not None:
            rtts.append(rtt_us)
            weighted += rtt_us * answered
            answered_total += answered
    if not rtts:
        return count, failures, None, None, None, None
    rtts.sort()
    return count, failures, rtts[0], round(weighted / answered_total), rtts[-1], p95(rtts)


def rollup_of_minutes(minutes: Iterable[Minute]) -> Rollup:
    """An hour's rollup from its minutes' (see the module docstring): what SQL's sum, min and max gave over the
    one-row-a-minute table, None where no minute has a value."""
    count = failures = 0
    weighted: int | None = None
    low: int | None = None
    high: int | None = None
    worst_p95: int | None = None
    for _minute, minute_count, minute_failures, rtt_min, rtt_avg, rtt_max, rtt_p95 in minutes:
        count += minute_count
        failures += minute_failures
        if rtt_avg is not None:
            weighted = (weighted or 0) + rtt_avg * (minute_count - minute_failures)
        if rtt_min is not None:
            low = rtt_min if low is None else min(low, rtt_min)
        if rtt_max is not None:
            high = rtt_max if high is None else max(high, rtt_max)
        if rtt_p95 is not None:
            worst_p95 = rtt_p95 if worst_p95 is None else max(worst_p95, rtt_p95)
    answered = count - failures
    average = round(weighted / answered) if weighted is not None and answered > 0 else None
    return count, failures, low, average, high, worst_p95


def apply_state_change(conn: sqlite3.Connection, change: StateChange, first_error: str) -> None:
    """Close the subject's open event and open the one for its new state."""
    # max(): a clock stepped backwards must not give an event a negative duration.
    conn.execute(
        "UPDATE events SET ended = max(started, ?) WHERE subject_kind = ? AND subject = ? AND ended IS NULL",
        (change.ts, change.subject_kind, change.subject),
    )
    conn.execute(
        """
        INSERT INTO events (subject, subject_kind, state, previous_state, started, ended, reason, first_error)
        VALUES (?, ?, ?, ?, ?, NULL, ?, ?)
        """,
        (change.subject, change.subject_kind, str(change.current), str(change.previous), change.ts,
         change.reason, first_error),
    )
