"""The workspace's single writer: a thread that owns the only writing connection.

Probe threads hand samples and state changes to `SampleWriter` through a queue, so they never wait for the disk.
The thread writes them in batches, one transaction per batch, and updates the 1-minute and 1-hour rollups of the
buckets a batch touched in that same transaction: a killed process leaves samples and rollups agreeing. Other
writes (the inventory, settings, diagnoses, purges) run on the same thread through `call`, so SQLite never sees
two writers from one process and nothing waits on a lock held by ourselves.

How samples and their rollups are stored is history_rows.py.

When a commit fails for a lasting reason (a full disk, a read-only or damaged file), the batch is not dropped: it
is held in memory (`backlog.Backlog`: bounded, state changes before raw samples, losses counted) with what comes
after it, the write is retried every `retry_interval_s`, and `on_health` hears once when writing starts failing,
once when samples start being lost, and once when it works again, with what was lost.
"""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
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
from pantau.storage.history_rows import (
    MinuteTallies,
    SeriesIds,
    apply_state_change,
    insert_samples,
    update_rollups,
)
from pantau.storage.minute_pack import HourMerger
from pantau.storage.schema import WorkspaceError

T = TypeVar("T")

log = logging.getLogger(__name__)

OnCommit = Callable[[int, int], None]
OnHealth = Callable[[WriteHealth], None]

DEFAULT_RETRY_INTERVAL_S = 5.0
# Large enough that a busy network commits once per flush interval rather than once per engine publish: a commit
# recomputes the rollups of every minute it touches, so 500 targets every 0.2 s cost the writer 24 % of a core in
# batches of 500 and 6 % in batches of 5000.
DEFAULT_BATCH_SIZE = 5000
# A backlog is written back in transactions of at most this many samples, so the WAL and a retry stay small.
_BACKLOG_CHUNK = 5000
# A writer that fell behind commits up to this many batches' worth of what is queued in one transaction.
_CATCH_UP_BATCHES = 10

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
        batch_size: int = DEFAULT_BATCH_SIZE,
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
        # The packed hours this writer made, so the next batch's merge need not unpack and repack them whole.
        self._merger = HourMerger()
        self._tallies = MinuteTallies()
        self._backlog: Backlog[_Change] = Backlog(held_samples, held_changes)
        self._health = WriteHealth()
        self._health_lock = threading.Lock()
        self._retry_at = 0.0
        self._losing_told = False
        # Samples in the queue not yet taken by this thread; those dropped because too many were (count, first and
        # last time), until this thread puts them on the backlog's loss account.
        self._queued = 0
        self._overflow: tuple[int, float, float] | None = None

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
        """Queue samples for writing; returns at once. While more than the backlog's bound of samples wait in the
        queue (a disk far too slow for the load), new ones are dropped, so memory stays bounded; they are counted
        with the other lost samples in `health()` and said by the next `flush`."""
        batch = tuple(samples)
        if not batch:
            return
        with self._closing:
            if self._queued > self._backlog.max_samples:
                first, last = min(s.ts for s in batch), max(s.ts for s in batch)
                if self._overflow is None:
                    log.warning("the workspace writer cannot keep up: %d samples wait; dropping new ones",
                                self._queued)
                    self._overflow = (len(batch), first, last)
                else:
                    count, was_first, was_last = self._overflow
                    self._overflow = (count + len(batch), min(first, was_first), max(last, was_last))
                return
            self._queued += len(batch)
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
                        self._taken(item)
                        samples.extend(item.samples)
                    else:
                        changes.append(item)
                    if deadline is None:
                        deadline = time.monotonic() + self._flush_interval_s
                    if len(samples) < self._batch_size:
                        continue
                    item = self._catch_up(samples, changes)
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

    def _catch_up(self, samples: list[Sample], changes: list[_Change]) -> _Item | None:
        """Take what else is already queued into this batch, up to `_CATCH_UP_BATCHES` batches: a writer that
        fell behind then commits fewer, larger transactions, and a batch's rollups cost about the same whatever
        its size (each touched minute is recomputed once), so it catches up instead of falling further behind.
        Returns the first queued item that is not data (a call, a flush, a stop), which must come after."""
        while len(samples) < self._batch_size * _CATCH_UP_BATCHES:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return None
            if isinstance(item, _Samples):
                self._taken(item)
                samples.extend(item.samples)
            elif isinstance(item, _Change):
                changes.append(item)
            else:
                return item
        return None

    def _taken(self, item: _Samples) -> None:
        with self._closing:
            self._queued -= len(item.samples)

    def _absorb_overflow(self) -> None:
        """Put the samples `submit` dropped on the backlog's loss account, so every loss is said the same way."""
        with self._closing:
            overflow, self._overflow = self._overflow, None
        if overflow is None:
            return
        self._backlog.count_lost(*overflow)
        self._set_health(held=bool(self._backlog))

    def _take_errors(self) -> list[str]:
        self._absorb_overflow()
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
        elif self._backlog.lost_samples:
            # Dropped while writing worked (`submit`'s bound): said here once, then off the account.
            self._set_health(held=False)
            errors.append(f"writing could not keep up with the load: {self.health().losses()}")
            self._backlog.reset_losses()
        return errors

    def _commit_batch(self, samples: Sequence[Sample], changes: Sequence[_Change], retry_now: bool = False) -> None:
        self._absorb_overflow()
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
            update_rollups(conn, insert_samples(conn, self._series, samples), self._merger, self._tallies)
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
        self._tallies.clear()
        if self._conn.in_transaction:
            try:
                self._conn.execute("ROLLBACK")
            except sqlite3.Error:
                log.exception("rollback failed")
