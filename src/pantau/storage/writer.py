"""The workspace's single writer: a thread that owns the only writing connection.

Probe threads hand samples and state changes to `SampleWriter` through a queue, so they never wait for the disk.
The thread writes them in batches, one transaction per batch, and updates the 1-minute and 1-hour rollups of the
buckets a batch touched in that same transaction: a killed process leaves samples and rollups agreeing. Other
writes (the inventory, settings, diagnoses, purges) run on the same thread through `call`, so SQLite never sees
two writers from one process and nothing waits on a lock held by ourselves.

A sample is one round of `sent` packets of which `lost` went unanswered. Rollups, per (series, bucket), count
packets, so failures / count is packet loss:
- count: packets sent; failures: packets lost. A round without an rtt lost all of its packets and a round with
  one got at least one answer, whatever its `lost` says (that is what a `Sample` promises; a malformed one is
  read so, rather than making count and failures disagree), and a round counts at least one packet;
- rtt_min / rtt_max over the rtts of the rounds that got an answer, NULL when none did;
- rtt_avg: the mean over answered packets (each round's rtt weighted by its answered packets), which is the mean
  rtt of every reply in the bucket, since a round's rtt is the mean over its own replies;
- rtt_p95 over the rounds' rtts by nearest rank (the smallest rtt with at least 95 % of them at or below it).
A 1-minute bucket is recomputed from its raw samples whenever a batch touches it. A 1-hour bucket is aggregated
from its 1-minute rollups; its avg is weighted by answered packets, so it is the same mean (to within a microsecond),
and its p95 is the largest minute p95 — an upper bound on the true hourly p95 that costs 60 rows to compute
instead of every raw sample of the hour.

When a commit fails for a lasting reason (a full disk, a read-only or damaged file), the batch is not dropped: it
is held in memory (`backlog.Backlog`: bounded, state changes before raw samples, losses counted) with what comes
after it, the write is retried every `retry_interval_s`, and `on_health` hears once when writing starts failing,
once when samples start being lost, and once when it works again, with what was lost.

The key (series_id, ts_ms) holds one sample per series per millisecond. A sample that arrives for a millisecond
already taken (two rounds finishing together, a clock stepped back) is stored 1 ms later, as many times as needed:
no sample is ever refused or overwritten for its timestamp.
"""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from itertools import groupby
from typing import Any, TypeVar

from pantau.domain.samples import Sample
from pantau.domain.states import StateChange
from pantau.storage.backlog import (
    DEFAULT_HELD_CHANGES,
    DEFAULT_HELD_SAMPLES,
    Backlog,
    WriteHealth,
    write_failure_reason,
)
from pantau.storage.schema import SampleRow, WorkspaceError, sample_row

T = TypeVar("T")

log = logging.getLogger(__name__)

MINUTE = 60
HOUR = 3600

OnCommit = Callable[[int, int], None]
OnHealth = Callable[[WriteHealth], None]

DEFAULT_RETRY_INTERVAL_S = 5.0
# A backlog is written back in transactions of at most this many samples, so the WAL and a retry stay small.
_BACKLOG_CHUNK = 5000

# (count, failures, rtt_min, rtt_avg, rtt_max, rtt_p95) of one bucket, rtts in microseconds.
Rollup = tuple[int, int, int | None, int | None, int | None, int | None]


@dataclass(frozen=True)
class _Samples:
    samples: tuple[Sample, ...]


@dataclass(frozen=True)
class _Change:
    change: StateChange
    first_error: str


@dataclass(frozen=True)
class _Call:
    fn: Callable[[sqlite3.Connection], Any]
    future: Future[Any]


@dataclass(frozen=True)
class _Flush:
    done: threading.Event = field(default_factory=threading.Event)
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Stop:
    pass


_Item = _Samples | _Change | _Call | _Flush | _Stop


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


def update_rollups(conn: sqlite3.Connection, rows: Iterable[SampleRow]) -> None:
    """Recompute the 1-minute and then the 1-hour rollups of every bucket the stored `rows` fall in."""
    minutes: dict[int, set[int]] = defaultdict(set)
    for row in rows:
        minutes[row[0]].add(row[1] // 60_000 * MINUTE)
    minute_rows: list[tuple[int, int, *Rollup]] = []
    for series_id, starts in sorted(minutes.items()):
        # One query per run of consecutive minutes, not per minute: a batch written after a pause (or by a
        # benchmark) holds many minutes of one series.
        for first, last in _runs(sorted(starts), MINUTE):
            found = conn.execute(
                "SELECT ts_ms, rtt_us, sent, lost FROM samples WHERE series_id = ? AND ts_ms >= ? AND ts_ms < ? "
                "ORDER BY ts_ms",
                (series_id, first * 1000, (last + MINUTE) * 1000),
            ).fetchall()
            for minute, rounds in groupby(found, key=lambda r: r[0] // 60_000 * MINUTE):
                minute_rows.append((series_id, minute, *rollup([(r[1], r[2], r[3]) for r in rounds])))
    conn.executemany("INSERT OR REPLACE INTO rollup_1m VALUES (?, ?, ?, ?, ?, ?, ?, ?)", minute_rows)
    hours = sorted({(series_id, bucket_start(start, HOUR)) for series_id, starts in minutes.items()
                    for start in starts})
    for series_id, start in hours:
        _recompute_hour(conn, series_id, start)


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


def _recompute_hour(conn: sqlite3.Connection, series_id: int, start: int) -> None:
    count, failures, rtt_min, rtt_max, weighted, rtt_p95 = conn.execute(
        """
        SELECT sum(count), sum(failures), min(rtt_min), max(rtt_max), sum(rtt_avg * (count - failures)),
               max(rtt_p95)
        FROM rollup_1m WHERE series_id = ? AND bucket >= ? AND bucket < ?
        """,
        (series_id, start, start + HOUR),
    ).fetchone()
    answered = count - failures
    average = round(weighted / answered) if weighted is not None and answered > 0 else None
    conn.execute(
        "INSERT OR REPLACE INTO rollup_1h VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (series_id, start, count, failures, rtt_min, average, rtt_max, rtt_p95),
    )


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


class SampleWriter(threading.Thread):
    """The one thread that writes to the workspace; owns `conn` from `start()` until it stops.

    A batch is committed when `batch_size` samples are pending, when the oldest pending item has waited
    `flush_interval_s`, or when a flush, a `call` or `stop` arrives. One `submit` is never split across batches.
    `on_commit(batch_number, sample_count)` runs on this thread after each committed batch (numbered from 1);
    it must be quick and must not call back into the writer.
    A batch that fails for a lasting reason is held and retried (see the module docstring); one that fails for
    any other reason (bad data) is rolled back, logged and dropped, and the next `flush` raises about it.
    `on_health(WriteHealth)` runs on this thread when writing starts failing, starts losing samples, or works
    again; `health()` is the current state, from any thread.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        *,
        on_commit: OnCommit | None = None,
        batch_size: int = 500,
        flush_interval_s: float = 1.0,
        retry_interval_s: float = DEFAULT_RETRY_INTERVAL_S,
        held_samples: int = DEFAULT_HELD_SAMPLES,
        held_changes: int = DEFAULT_HELD_CHANGES,
        on_health: OnHealth | None = None,
    ) -> None:
        super().__init__(name="pantau-writer", daemon=True)
        self._conn = conn
        self._on_commit = on_commit
        self.on_health = on_health
        self._batch_size = batch_size
        self._flush_interval_s = flush_interval_s
        self._retry_interval_s = retry_interval_s
        self._queue: queue.SimpleQueue[_Item] = queue.SimpleQueue()
        self._closed = False
        self._closing = threading.Lock()
        self._batches = 0
        self._dropped_batches = 0
        self._first_error = ""
        self._series = SeriesIds()
        self._backlog: Backlog[_Change] = Backlog(held_samples, held_changes)
        self._health = WriteHealth()
        self._health_lock = threading.Lock()
        self._retry_at = 0.0
        self._losing_told = False

    @property
    def batches_committed(self) -> int:
        return self._batches

    @property
    def held_limit(self) -> int:
        return self._backlog.max_samples

    def health(self) -> WriteHealth:
        """Whether writes are failing, what memory holds and what was lost (any thread; no disk)."""
        with self._health_lock:
            return self._health

    def submit(self, samples: Iterable[Sample]) -> None:
        """Queue samples for writing; returns at once."""
        batch = tuple(samples)
        if batch:
            self._put(_Samples(batch))

    def record_state_change(self, change: StateChange, first_error: str = "") -> None:
        """Queue a state change; it is written in the same transaction as the samples queued around it."""
        self._put(_Change(change, first_error))

    def call(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run `fn(conn)` on the writer thread in its own transaction, after what is already queued.

        Returns what `fn` returns; if it raises, the transaction is rolled back and the exception re-raised here.
        """
        self._refuse_own_thread("call")
        future: Future[T] = Future()
        self._put(_Call(fn, future))
        return future.result()

    def flush(self) -> None:
        """Wait until everything queued before this call is committed (retrying a failing write at once).

        Raises `WorkspaceError` if a batch was dropped since the previous flush, or if writing still fails (what
        is held then stays held, and is retried).
        """
        self._refuse_own_thread("flush")
        request = _Flush()
        self._put(request)
        while not request.done.wait(0.5):
            if not self.is_alive():
                raise WorkspaceError("the workspace writer stopped before the flush completed")
        if request.errors:
            raise WorkspaceError("; ".join(request.errors))

    def stop(self) -> None:
        """Commit what is queued, stop the thread and close its connection. Later submits raise."""
        with self._closing:
            if self._closed:
                return
            self._closed = True
            self._queue.put(_Stop())
        if self.is_alive() and threading.current_thread() is not self:
            self.join()

    def _put(self, item: _Item) -> None:
        with self._closing:
            if self._closed:
                raise WorkspaceError("the workspace is closed")
            self._queue.put(item)

    def _refuse_own_thread(self, what: str) -> None:
        if threading.current_thread() is self:
            raise WorkspaceError(f"{what}() from the writer thread itself (an on_commit callback?) would deadlock")

    def run(self) -> None:
        samples: list[Sample] = []
        changes: list[_Change] = []
        deadline: float | None = None
        try:
            while True:
                wake = deadline
                if self._backlog:
                    wake = self._retry_at if wake is None else min(wake, self._retry_at)
                timeout = None if wake is None else max(0.0, wake - time.monotonic())
                try:
                    item: _Item | None = self._queue.get(timeout=timeout)
                except queue.Empty:
                    item = None
                if isinstance(item, _Samples | _Change):
                    if isinstance(item, _Samples):
                        samples.extend(item.samples)
                    else:
                        changes.append(item)
                    if deadline is None:
                        deadline = time.monotonic() + self._flush_interval_s
                    if len(samples) < self._batch_size:
                        continue
                self._commit_batch(samples, changes, retry_now=isinstance(item, _Flush | _Stop))
                samples, changes, deadline = [], [], None
                if isinstance(item, _Call):
                    self._run_call(item)
                elif isinstance(item, _Flush):
                    item.errors.extend(self._take_errors())
                    item.done.set()
                elif isinstance(item, _Stop):
                    self._give_up_backlog()
                    return
        finally:
            self._conn.close()

    def _take_errors(self) -> list[str]:
        errors = []
        if self._dropped_batches:
            errors.append(f"{self._dropped_batches} batch(es) of samples could not be saved and were dropped: "
                          f"{self._first_error}")
            self._dropped_batches, self._first_error = 0, ""
        health = self.health()
        if health.failing:
            errors.append(f"the workspace cannot be written ({health.reason}: {health.detail}); "
                          f"{health.held_samples:,} samples and {health.held_changes:,} state changes are held in "
                          f"memory, and {health.losses()}")
        return errors

    def _commit_batch(self, samples: Sequence[Sample], changes: Sequence[_Change], retry_now: bool = False) -> None:
        if self._backlog:
            self._backlog.add(samples, changes)
            if retry_now or time.monotonic() >= self._retry_at:
                self._write_backlog()
            else:
                self._set_health(held=True)
            return
        if not samples and not changes:
            return
        error = self._transaction(samples, changes)
        if error is None:
            return
        reason = write_failure_reason(error)
        if reason is None:
            log.error("dropped a batch of %d samples and %d state changes: %s", len(samples), len(changes), error)
            self._dropped_batches += 1
            self._first_error = self._first_error or f"{len(samples)} samples and {len(changes)} state changes: " \
                                                     f"{error}"
            return
        self._backlog.add(samples, changes)
        self._failing(reason, error)

    def _write_backlog(self) -> None:
        """Write what is held, oldest first, in chunks; what fails to go stays held for the next try."""
        samples, changes = self._backlog.take()
        first = True
        while first or samples:
            chunk, rest = samples[:_BACKLOG_CHUNK], samples[_BACKLOG_CHUNK:]
            chunk_changes = changes if first else []
            error = self._transaction(chunk, chunk_changes)
            if error is not None and write_failure_reason(error) is not None:
                self._backlog.give_back(samples, chunk_changes)
                self._failing(write_failure_reason(error) or "", error)
                return
            if error is not None:
                log.error("dropped %d held samples that could not be saved: %s", len(chunk), error)
            first, samples = False, rest
        self._resumed()

    def _transaction(self, samples: Sequence[Sample], changes: Sequence[_Change]) -> Exception | None:
        """Commit one batch; the error when it failed (rolled back)."""
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            update_rollups(conn, insert_samples(conn, self._series, samples))
            for item in changes:
                apply_state_change(conn, item.change, item.first_error)
            conn.execute("COMMIT")
        except Exception as error:
            self._rollback()
            return error
        self._after_commit(len(samples))
        return None

    def _failing(self, reason: str, error: Exception) -> None:
        self._retry_at = time.monotonic() + self._retry_interval_s
        with self._health_lock:
            started = not self._health.failing
            if started:
                self._health = WriteHealth(failing=True, reason=reason, detail=str(error), since=time.time())
        if started:
            # INFO: the owner of `on_health` says it to the user, once.
            log.info("cannot write to the workspace (%s: %s); holding samples in memory", reason, error)
        self._set_health(held=True, tell=started)

    def _set_health(self, held: bool, tell: bool = False) -> None:
        backlog = self._backlog
        with self._health_lock:
            self._health = replace(
                self._health, held_samples=len(backlog.samples) if held else 0,
                held_changes=len(backlog.changes) if held else 0, lost_samples=backlog.lost_samples,
                lost_changes=backlog.lost_changes, lost_from=backlog.lost_from, lost_to=backlog.lost_to)
            health = self._health
        if health.failing and (health.lost_samples or health.lost_changes) and not self._losing_told:
            self._losing_told = tell = True
        if tell:
            self._tell(health)

    def _resumed(self) -> None:
        with self._health_lock:
            was_failing = self._health.failing
        if not was_failing:
            return
        self._set_health(held=False)
        with self._health_lock:
            self._health = replace(self._health, failing=False, ended=time.time())
            health = self._health
        log.info("writing to the workspace works again; %s", health.losses())
        self._backlog.reset_losses()
        self._losing_told = False
        self._tell(health)

    def _give_up_backlog(self) -> None:
        """At stop: what is still held cannot be saved any more; it is counted as lost."""
        if not self._backlog:
            return
        self._backlog.lose_all()
        self._set_health(held=True, tell=True)

    def _tell(self, health: WriteHealth) -> None:
        if self.on_health is None:
            return
        try:
            self.on_health(health)
        except Exception:
            log.exception("on_health callback failed")

    def _after_commit(self, count: int) -> None:
        self._batches += 1
        if self._on_commit is not None:
            try:
                self._on_commit(self._batches, count)
            except Exception:
                log.exception("on_commit callback failed")

    def _run_call(self, item: _Call) -> None:
        if not item.future.set_running_or_notify_cancel():
            return
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            result = item.fn(self._conn)
            self._conn.execute("COMMIT")
        except BaseException as error:
            self._rollback()
            item.future.set_exception(error)
        else:
            item.future.set_result(result)

    def _rollback(self) -> None:
        self._series.forget()
        if self._conn.in_transaction:
            try:
                self._conn.execute("ROLLBACK")
            except sqlite3.Error:
                log.exception("rollback failed")
