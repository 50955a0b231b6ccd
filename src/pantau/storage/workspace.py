"""The workspace: one SQLite file holding the inventory, the probe history and the app's own records.

This module owns the open workspace: its reader connection and writer thread, and the read queries the rest of
Pantau needs. Opening the file (pragmas, migrations, the damage check, read-only media) is storage/opening.py, the
inventory's rows storage/inventory_rows.py. Every write goes through the
workspace's `SampleWriter` thread (see writer.py); reads use a connection of their own, and in WAL mode a reader
never blocks the writer nor sees a half-written batch.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, TypeVar, overload

import numpy as np
import numpy.typing as npt
import platformdirs

from pantau.domain.inventory import TRAFFIC_MINUTE_RETENTION_DAYS, Network
from pantau.domain.samples import Sample
from pantau.domain.states import HealthState, StateChange
from pantau.domain.traffic import TrafficInterval, TrafficRollup
from pantau.storage.backlog import DEFAULT_HELD_SAMPLES
from pantau.storage.damage import WorkspaceDamagedError, is_damage
from pantau.storage.history_rows import MINUTE, bucket_start
from pantau.storage.inventory_rows import clear_network, read_network, write_network
from pantau.storage.minute_rows import purge_minute_hours, read_minute_columns, read_minute_rows
from pantau.storage.opening import (
    BUSY_TIMEOUT_MS,
    JOURNAL_SIZE_LIMIT,
    WorkspaceReadOnlyError,
    open_connections,
    open_read_only,
)
from pantau.storage.schema import SCHEMA_VERSION, NewerSchemaError, WorkspaceError, sample_from_row
from pantau.storage.traffic_rows import (
    latest_traffic,
    purge_traffic,
    read_traffic,
    read_traffic_rollups,
    write_traffic,
)
from pantau.storage.writer import DEFAULT_BATCH_SIZE, DEFAULT_RETRY_INTERVAL_S, OnCommit, OnHealth, SampleWriter

__all__ = [
    "BUSY_TIMEOUT_MS",
    "JOURNAL_SIZE_LIMIT",
    "DiagnosisRow",
    "EventRow",
    "Resolution",
    "RollupColumns",
    "RollupRow",
    "Workspace",
    "WorkspaceDamagedError",
    "WorkspaceError",
    "WorkspaceReadOnlyError",
    "default_workspace_path",
]

log = logging.getLogger(__name__)

WORKSPACE_ENV = "PANTAU_WORKSPACE"

DAY = 86_400

Resolution = Literal["1m", "1h"]
# The 1-minute rollups are packed an hour to a row (minute_rows.py); the 1-hour ones are a row each.
_HOUR_TABLE, _HOUR_WIDTH = "rollup_1h", 3600

T = TypeVar("T")


def default_workspace_path() -> Path:
    """`$PANTAU_WORKSPACE` if set, else workspace.sqlite3 in the user's data directory."""
    override = os.environ.get(WORKSPACE_ENV)
    if override:
        return Path(override).expanduser()
    return platformdirs.user_data_path("pantau", appauthor=False) / "workspace.sqlite3"


@dataclass(frozen=True)
class EventRow:
    """One entry of the outage log: a subject in one state from `started` until `ended` (None: still so)."""

    subject: str
    subject_kind: str
    state: HealthState
    previous_state: HealthState
    started: float
    ended: float | None
    reason: str
    first_error: str = ""
    id: int = 0


@dataclass(frozen=True)
class RollupRow:
    """One bucket of one series. `count` and `failures` are packets (sent, lost): loss % is 100 * failures / count.
    rtt_* are milliseconds (stored to the microsecond), None when no round of the bucket got an answer."""

    target: str
    method: str
    bucket_start: int
    count: int
    failures: int
    rtt_min: float | None
    rtt_avg: float | None
    rtt_max: float | None
    rtt_p95: float | None


@dataclass(frozen=True)
class RollupColumns:
    """Rollup buckets of one series as equal-length columns, oldest first (see `RollupRow` for the units)."""

    bucket_start: npt.NDArray[np.int64]
    count: npt.NDArray[np.int64]
    failures: npt.NDArray[np.int64]
    rtt_min: npt.NDArray[np.float64]
    rtt_avg: npt.NDArray[np.float64]
    rtt_max: npt.NDArray[np.float64]


_ROLLUP_RECORD = np.dtype([("bucket", np.int64), ("count", np.int64), ("failures", np.int64),
                           ("rtt_min", np.float64), ("rtt_avg", np.float64), ("rtt_max", np.float64)])


@dataclass(frozen=True)
class DiagnosisRow:
    id: int
    created: float
    scope: str
    verdict: str
    lang: str
    report_text: str
    report_json: str


class Workspace:
    """An open workspace file. Methods may be called from any thread; close it when done (or use `with`)."""

    def __init__(self, path: Path, reader: sqlite3.Connection, writer: SampleWriter,
                 read_only_note: str = "") -> None:
        """Use `Workspace.open`."""
        self._path = path
        self._reader = reader
        self._read_lock = threading.Lock()
        self._writer = writer
        self._closed = False
        self._read_only_note = read_only_note

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        read_only: bool = False,
        on_commit: OnCommit | None = None,
        on_health: OnHealth | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
        flush_interval_s: float = 1.0,
        retry_interval_s: float = DEFAULT_RETRY_INTERVAL_S,
        held_samples: int = DEFAULT_HELD_SAMPLES,
    ) -> Workspace:
        """Open the workspace at `path`, creating it (and its folder) when missing and migrating it forward; with
        `read_only`, open an existing one without writing to it (see storage/opening.py).

        Raises `WorkspaceDamagedError` for a damaged file, `WorkspaceReadOnlyError` for one that exists but cannot
        be written (open it `read_only`), and `WorkspaceError` for a file that is not a Pantau workspace, was made
        by a newer Pantau, or cannot be opened. `on_commit(batch_number, sample_count)` runs on the writer thread
        after each sample batch; `on_health` and the last three arguments: see `SampleWriter`.
        """
        path = Path(path)
        note = ""
        try:
            if read_only:
                opened = open_read_only(path)
                reader, conn, note = opened.reader, opened.writer, opened.note
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                reader, conn = open_connections(path)
        except NewerSchemaError as error:
            raise WorkspaceError(
                f"{path} was made by a newer Pantau (workspace version {error.found}; this Pantau knows up to "
                f"{SCHEMA_VERSION}). Update Pantau, or open another workspace."
            ) from error
        except WorkspaceDamagedError as error:
            if error.detail.startswith("file is not a database") and not _looks_like_sqlite(path):
                raise WorkspaceError(f"{path} is not a Pantau workspace (not an SQLite database)") from error
            raise
        except sqlite3.DatabaseError as error:
            raise WorkspaceError(f"cannot open the workspace {path}: {error}") from error
        except OSError as error:
            if read_only:
                raise WorkspaceError(f"cannot read the workspace {path}: {error.strerror or error}") from error
            if path.exists():
                raise WorkspaceReadOnlyError(f"the workspace {path} cannot be written ({error.strerror or error})"
                                             ) from error
            raise WorkspaceError(f"cannot create the folder for the workspace {path}: {error}") from error
        writer = SampleWriter(conn, on_commit=on_commit, on_health=on_health, batch_size=batch_size,
                              flush_interval_s=flush_interval_s, retry_interval_s=retry_interval_s,
                              held_samples=held_samples)
        writer.start()
        return cls(path, reader, writer, note)

    @property
    def path(self) -> Path:
        return self._path

    @property
    def read_only(self) -> bool:
        return bool(self._read_only_note)

    @property
    def read_only_note(self) -> str:
        """Why nothing can be saved in this workspace, and what of it is not seen; empty when it is writable."""
        return self._read_only_note

    @property
    def writer(self) -> SampleWriter:
        return self._writer

    def close(self) -> None:
        """Commit what is queued, stop the writer and close the file. Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        self._writer.stop()
        with self._read_lock:
            self._reader.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # Writing history -------------------------------------------------------------------------------------------

    def submit(self, samples: Iterable[Sample]) -> None:
        """Queue samples for the writer; never waits for the disk."""
        self._refuse_read_only()
        self._writer.submit(samples)

    def record_state_change(self, change: StateChange, first_error: str = "") -> None:
        """Queue a state change: closes the subject's open event and opens one for the new state."""
        self._refuse_read_only()
        self._writer.record_state_change(change, first_error)

    def _refuse_read_only(self) -> None:
        if self._read_only_note:
            raise WorkspaceError(self._read_only_note)

    def flush(self) -> None:
        """Wait until everything queued so far is committed."""
        self._writer.flush()

    def purge_history(self, now_ts: float, raw_days: float, minute_rollup_days: float) -> tuple[int, int]:
        """Delete raw samples older than `raw_days` and 1-minute rollups older than `minute_rollup_days` before
        `now_ts` (links' 1-minute traffic rollups: at most `TRAFFIC_MINUTE_RETENTION_DAYS`); 1-hour rollups are
        kept forever. Returns (samples deleted, minute rollups deleted).

        Raw cut-offs fall on whole minutes, so a minute's raw samples go all at once; minute rollups go a whole
        hour at a time (their packed row), once the cut-off has passed the hour's end. The freed pages go back to the
        file system. Run it often (hourly, say): the file then never holds much more than the retention asks for
        (a daily run lets a day's rows pile up on top), and each run is small, so the writer stays responsive.
        """
        if raw_days < 0 or minute_rollup_days < 0:
            raise ValueError("retention must not be negative")
        raw_cutoff_ms = bucket_start(now_ts - raw_days * DAY, MINUTE) * 1000
        minute_cutoff = bucket_start(now_ts - minute_rollup_days * DAY, MINUTE)
        raw = minutes = 0
        # A transaction per series: a long backlog (after retention was shortened, say) goes in steps, so the WAL
        # stays small and sample batches are committed between the steps instead of waiting for the whole purge.
        for (series_id,) in self._read("SELECT id FROM series ORDER BY id"):
            deleted = self._write(partial(_purge_series, series_id, raw_cutoff_ms, minute_cutoff))
            raw += deleted[0]
            minutes += deleted[1]
        traffic_minute_cutoff = bucket_start(now_ts - min(minute_rollup_days, TRAFFIC_MINUTE_RETENTION_DAYS) * DAY,
                                             MINUTE)
        traffic = self._write(partial(purge_traffic, raw_cutoff=raw_cutoff_ms / 1000,
                                      minute_cutoff=traffic_minute_cutoff))
        raw += traffic[0]
        minutes += traffic[1]
        while self._write(_vacuum_some):
            pass
        return raw, minutes

    def record_traffic(self, rows: Sequence[TrafficInterval]) -> None:
        """Store poll intervals of links' traffic and refresh their rollups; waits for the writer (call it from the
        poller's thread, never the GUI's)."""
        if rows:
            self._write(partial(write_traffic, rows=rows))

    def traffic(self, link: str, start: float, end: float) -> list[TrafficInterval]:
        with self._read_lock:
            return read_traffic(self._reader, link, start, end)

    def traffic_rollups(self, link: str, resolution: Literal["1m", "1h"], start: float,
                        end: float) -> list[TrafficRollup]:
        with self._read_lock:
            return read_traffic_rollups(self._reader, link, resolution, start, end)

    def latest_traffic(self, links: Iterable[str]) -> dict[str, TrafficInterval]:
        with self._snapshot() as conn:
            return latest_traffic(conn, links)

    def save_diagnosis(self, *, created: float, scope: str, verdict: str, lang: str, report_text: str,
                       report_json: str) -> int:
        """Store a diagnosis report; returns its id."""
        def insert(conn: sqlite3.Connection) -> int:
            cursor = conn.execute(
                "INSERT INTO diagnoses (created, scope, verdict, lang, report_text, report_json) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (created, scope, verdict, lang, report_text, report_json),
            )
            assert cursor.lastrowid is not None
            return cursor.lastrowid

        return self._write(insert)

    def set_setting(self, key: str, value: str) -> None:
        def upsert(conn: sqlite3.Connection) -> None:
            conn.execute("INSERT OR REPLACE INTO app_settings (key, value) VALUES (?, ?)", (key, value))

        self._write(upsert)

    # Inventory -------------------------------------------------------------------------------------------------

    def replace_network(self, network: Network) -> None:
        """Replace the whole inventory with `network` in one transaction; on failure the old one stays.

        History (samples, rollups, events, diagnoses) is kept: it is keyed by id, not tied to the inventory.
        """
        self._write(lambda conn: write_network(conn, network))

    def delete_network(self) -> None:
        """Remove the inventory, keeping the history."""
        self._write(clear_network)

    def has_network(self) -> bool:
        return bool(self._read("SELECT 1 FROM network_settings WHERE key = 'name'"))

    def load_network(self) -> Network | None:
        """The saved inventory, equal to the `Network` last given to `replace_network`; None if there is none."""
        with self._snapshot() as conn:
            return read_network(conn)

    # Reading history -------------------------------------------------------------------------------------------

    def sample_count(self) -> int:
        count: int = self._read("SELECT count(*) FROM samples")[0][0]
        return count

    def latest_sample_per_target(self) -> dict[str, Sample]:
        """Each target's newest sample, whichever of its checks it came from."""
        # One primary-key seek per series for its newest row, not a pass over the samples: CROSS JOIN makes
        # SQLite loop over the (few) series outside, whatever it guesses about the tables' sizes.
        rows = self._read(
            f"""
            SELECT se.target, se.method, {_SAMPLE_COLUMNS}
            FROM series AS se CROSS JOIN samples AS s
              ON s.series_id = se.id AND s.ts_ms = (SELECT max(ts_ms) FROM samples WHERE series_id = se.id)
            ORDER BY s.ts_ms, se.method
            """
        )
        # Oldest first, so the newest of a target's checks is the one left in the dict.
        return {row[0]: sample_from_row(*row) for row in rows}

    def samples(self, target: str, start: float, end: float, method: str | None = None,
                limit: int | None = None) -> list[Sample]:
        """Raw samples of `target` with start <= ts < end, oldest first; one method or all; the first `limit`."""
        sql = (f"SELECT se.target, se.method, {_SAMPLE_COLUMNS} FROM series AS se "
               "CROSS JOIN samples AS s ON s.series_id = se.id WHERE se.target = ? AND s.ts_ms >= ? AND s.ts_ms < ?")
        # Bounds in (fractional) milliseconds: SQLite compares them with the integer column exactly.
        params: tuple[Any, ...] = (target, start * 1000, end * 1000)
        if method is not None:
            sql += " AND se.method = ?"
            params += (method,)
        sql += " ORDER BY s.ts_ms, se.method"
        if limit is not None:
            sql += " LIMIT ?"
            params += (limit,)
        return [sample_from_row(*row) for row in self._read(sql, params)]

    def samples_after(self, marks: Sequence[tuple[str, str, float]], end: float, limit: int
                      ) -> dict[tuple[str, str], list[Sample]]:
        """Each (target, method, after) series' raw samples with after <= ts < end, oldest first, its first `limit`;
        keyed by (target, method), series with none left out: `samples` for many series in one statement (the
        forwarder reads every series each second, and a statement a series was most of its reading)."""
        if not marks:
            return {}
        # Each series' bound is its `limit`-th sample's time (one seek), so no series' rows are read past it. The
        # bounds are worked out once per series (MATERIALIZED): inside the join SQLite would seek again for every
        # row, which made a back-fill's passes of 200 rounds a series quadratic (an hour of 500 targets: 142 s).
        rows = self._read(
            f"""
            WITH m AS (SELECT json_extract(value, '$[0]') AS target, json_extract(value, '$[1]') AS method,
                              json_extract(value, '$[2]') AS after FROM json_each(?1)),
            b AS MATERIALIZED (
                SELECT se.id AS series_id, se.target, se.method, m.after,
                       coalesce((SELECT ts_ms FROM samples WHERE series_id = se.id AND ts_ms >= m.after
                                 AND ts_ms < ?2 ORDER BY ts_ms LIMIT 1 OFFSET ?3 - 1), ?2) AS bound
                FROM m CROSS JOIN series AS se ON se.target = m.target AND se.method = m.method)
            SELECT b.target, b.method, {_SAMPLE_COLUMNS}
            FROM b CROSS JOIN samples AS s ON s.series_id = b.series_id AND s.ts_ms >= b.after AND s.ts_ms < ?2
              AND s.ts_ms <= b.bound
            ORDER BY b.series_id, s.ts_ms
            """,
            # Bounds in (fractional) milliseconds: SQLite compares them with the integer column exactly.
            (json.dumps([[target, method, after * 1000] for target, method, after in marks]), end * 1000, limit),
        )
        found: dict[tuple[str, str], list[Sample]] = {}
        for row in rows:
            found.setdefault((row[0], row[1]), []).append(sample_from_row(*row))
        return found

    def rollups(self, target: str, method: str, resolution: Resolution, start: float,
                end: float) -> list[RollupRow]:
        """Rollup buckets of `resolution` that overlap [start, end), oldest first."""
        _check_resolution(resolution)
        if resolution == "1m":
            with self._snapshot() as conn:
                rows: list[Any] = read_minute_rows(conn, target, method, start, end)
        else:
            rows = self._read(
                f"""
                SELECT r.bucket, r.count, r.failures, r.rtt_min, r.rtt_avg, r.rtt_max, r.rtt_p95
                FROM series AS se CROSS JOIN {_HOUR_TABLE} AS r ON r.series_id = se.id
                WHERE se.target = ? AND se.method = ? AND r.bucket > ? AND r.bucket < ?
                ORDER BY r.bucket
                """,
                (target, method, start - _HOUR_WIDTH, end),
            )
        return [RollupRow(target, method, bucket, count, failures, *(_ms(v) for v in rtts))
                for bucket, count, failures, *rtts in rows]

    def rollup_columns(self, target: str, method: str, resolution: Resolution, start: float,
                       end: float) -> RollupColumns:
        """The rows `rollups` returns, as columns: the graphs' read of a month of minutes (43 200 rows).

        Built straight from the cursor into one numpy record array: making a `RollupRow` per row cost four times
        the query itself. rtt columns are milliseconds with NaN where the bucket got no answer.
        """
        _check_resolution(resolution)
        if resolution == "1m":
            # The packed hours unpack straight into columns (minute_pack.unpack_columns).
            with self._snapshot() as conn:
                bucket, count, failures, low, avg, high = read_minute_columns(conn, target, method, start, end)
            return RollupColumns(bucket, count, failures, low / 1000, avg / 1000, high / 1000)
        with self._read_lock:
            cursor = self._reader.execute(
                f"""
                SELECT r.bucket, r.count, r.failures, r.rtt_min, r.rtt_avg, r.rtt_max
                FROM series AS se CROSS JOIN {_HOUR_TABLE} AS r ON r.series_id = se.id
                WHERE se.target = ? AND se.method = ? AND r.bucket > ? AND r.bucket < ?
                ORDER BY r.bucket
                """,
                (target, method, start - _HOUR_WIDTH, end),
            )
            # A float field turns a NULL rtt into NaN on the way in.
            records = np.fromiter(cursor, dtype=_ROLLUP_RECORD)
        return RollupColumns(records["bucket"], records["count"], records["failures"],
                             records["rtt_min"] / 1000, records["rtt_avg"] / 1000, records["rtt_max"] / 1000)

    def open_events(self, subject_kind: str | None = None) -> dict[str, EventRow]:
        """The current state of each subject: its event that has not ended, keyed by subject id.

        Site and target ids live in separate namespaces; pass `subject_kind` when one id may name both.
        """
        sql = "SELECT * FROM events WHERE ended IS NULL"
        params: tuple[Any, ...] = ()
        if subject_kind is not None:
            sql += " AND subject_kind = ?"
            params = (subject_kind,)
        return {event.subject: event for event in map(_event, self._read(sql + " ORDER BY started, id", params))}

    def events(self, since: float | None = None, subject: str | None = None) -> list[EventRow]:
        """Events oldest first; with `since`, those still running at or after it (so an outage that began
        before `since` and lasted past it is included)."""
        clauses: list[str] = []
        params: list[Any] = []
        if since is not None:
            clauses.append("(ended IS NULL OR ended >= ?)")
            params.append(since)
        if subject is not None:
            clauses.append("subject = ?")
            params.append(subject)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        return [_event(row) for row in self._read(f"SELECT * FROM events{where} ORDER BY started, id", params)]

    def newest_event_id(self) -> int:
        """The id of the newest event (0 for none): it changes whenever a state change is recorded."""
        return int(self._read("SELECT coalesce(max(id), 0) FROM events")[0][0])

    def event(self, event_id: int) -> EventRow | None:
        """The event with this id (an OUTAGE-ID is a site's DOWN event's id); None when there is none."""
        rows = self._read("SELECT * FROM events WHERE id = ?", (event_id,))
        return _event(rows[0]) if rows else None

    def diagnoses_between(self, start: float, end: float) -> list[DiagnosisRow]:
        """The diagnoses made from `start` to `end` (inclusive), oldest first."""
        rows = self._read("SELECT * FROM diagnoses WHERE created BETWEEN ? AND ? ORDER BY created, id", (start, end))
        return [DiagnosisRow(*row) for row in rows]

    def diagnoses(self, limit: int = 20) -> list[DiagnosisRow]:
        """The most recent diagnoses, newest first."""
        rows = self._read("SELECT * FROM diagnoses ORDER BY created DESC, id DESC LIMIT ?", (limit,))
        return [DiagnosisRow(*row) for row in rows]

    @overload
    def get_setting(self, key: str) -> str | None: ...

    @overload
    def get_setting(self, key: str, default: str) -> str: ...

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        rows = self._read("SELECT value FROM app_settings WHERE key = ?", (key,))
        return str(rows[0][0]) if rows else default

    # Plumbing --------------------------------------------------------------------------------------------------

    def _write(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        self._refuse_read_only()
        try:
            return self._writer.call(fn)
        except sqlite3.Error as error:
            if is_damage(error):
                raise WorkspaceDamagedError(self._path, str(error)) from error
            raise WorkspaceError(f"could not write to the workspace {self._path}: {error}") from error

    def _read(self, sql: str, params: Iterable[Any] = ()) -> list[Any]:
        with self._read_lock:
            try:
                return self._reader.execute(sql, tuple(params)).fetchall()
            except sqlite3.DatabaseError as error:
                if is_damage(error):
                    raise WorkspaceDamagedError(self._path, str(error)) from error
                raise

    @contextmanager
    def _snapshot(self) -> Iterator[sqlite3.Connection]:
        """The reader inside one read transaction, so several queries see the same committed state."""
        with self._read_lock:
            self._reader.execute("BEGIN")
            try:
                yield self._reader
            except sqlite3.DatabaseError as error:
                if is_damage(error):
                    raise WorkspaceDamagedError(self._path, str(error)) from error
                raise
            finally:
                self._reader.execute("COMMIT")


def _looks_like_sqlite(path: Path) -> bool:
    """Whether the file starts with SQLite's header, so "not a database" means damage, not some other file."""
    try:
        with path.open("rb") as file:
            return file.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def _check_resolution(resolution: str) -> None:
    if resolution not in ("1m", "1h"):
        raise ValueError(f"resolution must be '1m' or '1h', not {resolution!r}")


def _purge_series(series_id: int, raw_cutoff_ms: int, minute_cutoff: int,
                  conn: sqlite3.Connection) -> tuple[int, int]:
    raw = conn.execute("DELETE FROM samples WHERE series_id = ? AND ts_ms < ?", (series_id, raw_cutoff_ms))
    return raw.rowcount, purge_minute_hours(conn, series_id, minute_cutoff)


def _vacuum_some(conn: sqlite3.Connection) -> bool:
    """Give up to 500 free pages back to the file system (a small transaction, so a small WAL); False when
    there were none."""
    free = conn.execute("PRAGMA freelist_count").fetchone()[0]
    # Each step of incremental_vacuum frees one page, and Python steps a statement without result rows once.
    for _ in range(min(free, 500)):
        conn.execute("PRAGMA incremental_vacuum(1)")
    return bool(free)


_SAMPLE_COLUMNS = "s.ts_ms, s.rtt_us, s.error, s.message, s.sent, s.lost"


def _ms(rtt_us: int | None) -> float | None:
    return None if rtt_us is None else rtt_us / 1000


def _event(row: Any) -> EventRow:
    event_id, subject, kind, state, previous, started, ended, reason, first_error = row
    return EventRow(subject, kind, HealthState(state), HealthState(previous), started, ended, reason,
                    first_error, event_id)
