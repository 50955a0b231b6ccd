"""The workspace: one SQLite file holding the inventory, the probe history and the app's own records.

This module owns opening the file (WAL, pragmas, migrations, refusing files it must not touch), turning a
`Network` into rows and back, and the read queries the rest of Pantau needs. Every write goes through the
workspace's `SampleWriter` thread (see writer.py); reads use a connection of their own, and in WAL mode a reader
never blocks the writer nor sees a half-written batch.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields
from datetime import date
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

import numpy as np
import numpy.typing as npt
import platformdirs

from pantau.domain.inventory import (
    AlertChannels,
    BillingPeriod,
    BudgetRequest,
    BudgetStatus,
    Contract,
    EmailChannel,
    Letter,
    Link,
    LinkMedium,
    LinkRole,
    MonitoringSettings,
    Network,
    Payment,
    Site,
    SiteKind,
    Target,
    TargetRole,
    TelegramChannel,
)
from pantau.domain.samples import Sample
from pantau.domain.states import HealthState, StateChange
from pantau.storage.schema import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    NewerSchemaError,
    WorkspaceError,
    migrate,
    sample_from_row,
    schema_version,
)
from pantau.storage.writer import MINUTE, OnCommit, SampleWriter, bucket_start

__all__ = [
    "DiagnosisRow",
    "EventRow",
    "Resolution",
    "RollupColumns",
    "RollupRow",
    "Workspace",
    "WorkspaceError",
    "default_workspace_path",
]

log = logging.getLogger(__name__)

WORKSPACE_ENV = "PANTAU_WORKSPACE"
BUSY_TIMEOUT_MS = 5000
# SQLite keeps a WAL file at the largest size it ever reached; this trims it back after each checkpoint.
JOURNAL_SIZE_LIMIT = 4 * 1024 * 1024

# 1-minute rollups are kept this many days by default; 1-hour rollups are kept forever. A week of minutes serves
# graphs up to a week wide; a 30-day graph reads the 1-hour rollups (720 points). 35 days of minutes would take
# 94 MB for 60 targets probed every 5 s (benchmarks/bench_workspace_growth.py), more than the 100 MB goal.
DAY = 86_400

Resolution = Literal["1m", "1h"]
_ROLLUP_TABLES: dict[str, tuple[str, int]] = {"1m": ("rollup_1m", 60), "1h": ("rollup_1h", 3600)}

_INVENTORY_TABLES = ("payments", "budget_requests", "correspondence", "contracts", "links", "targets", "sites",
                     "network_settings")

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

D = TypeVar("D", bound="DataclassInstance")
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


def _connect(path: Path) -> sqlite3.Connection:
    # Autocommit mode: every transaction here is an explicit BEGIN … COMMIT, none is opened behind our back.
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False,
                           timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    # NORMAL, not FULL: in WAL mode a commit is a write() into the WAL file, which the OS keeps once the call
    # returns even if the process is SIGKILLed a moment later, so a crashed or killed Pantau loses no committed
    # batch. Only a power cut or kernel panic can undo the last commits (never corrupting the file); FULL would
    # cost an fsync per batch for that case alone.
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute(f"PRAGMA journal_size_limit = {JOURNAL_SIZE_LIMIT}")
    return conn


def _open_connections(path: Path) -> tuple[sqlite3.Connection, sqlite3.Connection]:
    """The reader and the writer connection of a migrated, checked workspace file."""
    reader = _connect(path)
    try:
        # Lets a purge give its pages back to the file system, so shortening the retention shrinks the file
        # without a VACUUM (which needs the file's size again in free space and blocks everything meanwhile).
        # It takes effect only on a file without tables yet, and so goes before WAL mode writes the first page.
        reader.execute("PRAGMA auto_vacuum = INCREMENTAL")
        mode = reader.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            log.warning("%s: WAL mode unavailable (journal mode %s); readers may wait for the writer", path, mode)
        _check_ownership(reader, path)
        migrate(reader)
        writer = _connect(path)
    except BaseException:
        reader.close()
        raise
    return reader, writer


def _check_ownership(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse an SQLite file that some other program made: only an empty file may become a workspace."""
    if conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID:
        return
    has_tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
    if has_tables or schema_version(conn) != 0:
        raise WorkspaceError(f"{path} is an SQLite database but not a Pantau workspace; choose another file")


class Workspace:
    """An open workspace file. Methods may be called from any thread; close it when done (or use `with`)."""

    def __init__(self, path: Path, reader: sqlite3.Connection, writer: SampleWriter) -> None:
        """Use `Workspace.open`."""
        self._path = path
        self._reader = reader
        self._read_lock = threading.Lock()
        self._writer = writer
        self._closed = False

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        on_commit: OnCommit | None = None,
        batch_size: int = 500,
        flush_interval_s: float = 1.0,
    ) -> Workspace:
        """Open the workspace at `path`, creating it (and its folder) when missing and migrating it forward.

        Raises `WorkspaceError` for a file that is not a Pantau workspace, was made by a newer Pantau, or cannot
        be opened. `on_commit(batch_number, sample_count)` runs on the writer thread after each sample batch.
        """
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            reader, conn = _open_connections(path)
        except NewerSchemaError as error:
            raise WorkspaceError(
                f"{path} was made by a newer Pantau (workspace version {error.found}; this Pantau knows up to "
                f"{SCHEMA_VERSION}). Update Pantau, or open another workspace."
            ) from error
        except sqlite3.DatabaseError as error:
            if error.sqlite_errorcode == sqlite3.SQLITE_NOTADB:
                raise WorkspaceError(f"{path} is not a Pantau workspace (not an SQLite database)") from error
            raise WorkspaceError(f"cannot open the workspace {path}: {error}") from error
        except OSError as error:
            raise WorkspaceError(f"cannot create the folder for the workspace {path}: {error}") from error
        writer = SampleWriter(conn, on_commit=on_commit, batch_size=batch_size, flush_interval_s=flush_interval_s)
        writer.start()
        return cls(path, reader, writer)

    @property
    def path(self) -> Path:
        return self._path

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
        self._writer.submit(samples)

    def record_state_change(self, change: StateChange, first_error: str = "") -> None:
        """Queue a state change: closes the subject's open event and opens one for the new state."""
        self._writer.record_state_change(change, first_error)

    def flush(self) -> None:
        """Wait until everything queued so far is committed."""
        self._writer.flush()

    def purge_history(self, now_ts: float, raw_days: float, minute_rollup_days: float) -> tuple[int, int]:
        """Delete raw samples older than `raw_days` and 1-minute rollups older than `minute_rollup_days` before
        `now_ts`; 1-hour rollups are kept forever. Returns (samples deleted, minute rollups deleted).

        Cut-offs fall on whole minutes, so a minute's raw samples go all at once. The freed pages go back to the
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
        while self._write(_vacuum_some):
            pass
        return raw, minutes

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
        self._write(lambda conn: _write_network(conn, network))

    def delete_network(self) -> None:
        """Remove the inventory, keeping the history."""
        self._write(_clear_network)

    def has_network(self) -> bool:
        return bool(self._read("SELECT 1 FROM network_settings WHERE key = 'name'"))

    def load_network(self) -> Network | None:
        """The saved inventory, equal to the `Network` last given to `replace_network`; None if there is none."""
        with self._snapshot() as conn:
            return _read_network(conn)

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

    def samples(self, target: str, start: float, end: float, method: str | None = None) -> list[Sample]:
        """Raw samples of `target` with start <= ts < end, oldest first; one method or all."""
        sql = (f"SELECT se.target, se.method, {_SAMPLE_COLUMNS} FROM series AS se "
               "CROSS JOIN samples AS s ON s.series_id = se.id WHERE se.target = ? AND s.ts_ms >= ? AND s.ts_ms < ?")
        # Bounds in (fractional) milliseconds: SQLite compares them with the integer column exactly.
        params: tuple[Any, ...] = (target, start * 1000, end * 1000)
        if method is not None:
            sql += " AND se.method = ?"
            params += (method,)
        return [sample_from_row(*row) for row in self._read(sql + " ORDER BY s.ts_ms, se.method", params)]

    def rollups(self, target: str, method: str, resolution: Resolution, start: float,
                end: float) -> list[RollupRow]:
        """Rollup buckets of `resolution` that overlap [start, end), oldest first."""
        if resolution not in _ROLLUP_TABLES:
            raise ValueError(f"resolution must be '1m' or '1h', not {resolution!r}")
        table, width = _ROLLUP_TABLES[resolution]
        rows = self._read(
            f"""
            SELECT r.bucket, r.count, r.failures, r.rtt_min, r.rtt_avg, r.rtt_max, r.rtt_p95
            FROM series AS se CROSS JOIN {table} AS r ON r.series_id = se.id
            WHERE se.target = ? AND se.method = ? AND r.bucket > ? AND r.bucket < ?
            ORDER BY r.bucket
            """,
            (target, method, start - width, end),
        )
        return [RollupRow(target, method, bucket, count, failures, *(_ms(v) for v in rtts))
                for bucket, count, failures, *rtts in rows]

    def rollup_columns(self, target: str, method: str, resolution: Resolution, start: float,
                       end: float) -> RollupColumns:
        """The rows `rollups` returns, as columns: the graphs' read of a month of minutes (43 200 rows).

        Built straight from the cursor into one numpy record array: making a `RollupRow` per row cost four times
        the query itself. rtt columns are milliseconds with NaN where the bucket got no answer.
        """
        if resolution not in _ROLLUP_TABLES:
            raise ValueError(f"resolution must be '1m' or '1h', not {resolution!r}")
        table, width = _ROLLUP_TABLES[resolution]
        with self._read_lock:
            cursor = self._reader.execute(
                f"""
                SELECT r.bucket, r.count, r.failures, r.rtt_min, r.rtt_avg, r.rtt_max
                FROM series AS se CROSS JOIN {table} AS r ON r.series_id = se.id
                WHERE se.target = ? AND se.method = ? AND r.bucket > ? AND r.bucket < ?
                ORDER BY r.bucket
                """,
                (target, method, start - width, end),
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
        try:
            return self._writer.call(fn)
        except sqlite3.Error as error:
            raise WorkspaceError(f"could not write to the workspace {self._path}: {error}") from error

    def _read(self, sql: str, params: Iterable[Any] = ()) -> list[Any]:
        with self._read_lock:
            return self._reader.execute(sql, tuple(params)).fetchall()

    @contextmanager
    def _snapshot(self) -> Iterator[sqlite3.Connection]:
        """The reader inside one read transaction, so several queries see the same committed state."""
        with self._read_lock:
            self._reader.execute("BEGIN")
            try:
                yield self._reader
            finally:
                self._reader.execute("COMMIT")


def _purge_series(series_id: int, raw_cutoff_ms: int, minute_cutoff: int,
                  conn: sqlite3.Connection) -> tuple[int, int]:
    raw = conn.execute("DELETE FROM samples WHERE series_id = ? AND ts_ms < ?", (series_id, raw_cutoff_ms))
    minutes = conn.execute("DELETE FROM rollup_1m WHERE series_id = ? AND bucket < ?", (series_id, minute_cutoff))
    return raw.rowcount, minutes.rowcount


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


def _build(cls: type[D], data: Mapping[str, Any]) -> D:
    """A dataclass from a JSON object, ignoring keys it does not have so a renamed field cannot break a load."""
    names = {f.name for f in fields(cls)}
    return cls(**{key: value for key, value in data.items() if key in names})


def _date(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _clear_network(conn: sqlite3.Connection) -> None:
    for table in _INVENTORY_TABLES:
        conn.execute(f"DELETE FROM {table}")


def _write_network(conn: sqlite3.Connection, network: Network) -> None:
    _clear_network(conn)
    settings: dict[str, Any] = {
        "name": network.name,
        "timezone": network.timezone,
        "sample": network.sample,
        "attribution": network.attribution,
        "monitoring": asdict(network.monitoring),
        "alerts": asdict(network.alerts),
        # Kept beside the settings rather than in the targets table, whose columns predate them.
        "target_tls": {t.id: [t.tls_ca_file, t.tls_pin_sha256] for t in network.targets
                       if t.tls_ca_file or t.tls_pin_sha256},
    }
    conn.executemany("INSERT INTO network_settings (key, value) VALUES (?, ?)",
                     [(key, json.dumps(value)) for key, value in settings.items()])
    conn.executemany(
        "INSERT INTO sites VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(s.id, n, s.name, str(s.kind), s.kecamatan, s.lat, s.lon, s.parent, s.address, s.notes)
         for n, s in enumerate(network.sites)],
    )
    conn.executemany(
        "INSERT INTO targets VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(t.id, n, t.site, t.address, str(t.role), json.dumps(t.checks), t.name, t.interval_s, int(t.enabled))
         for n, t in enumerate(network.targets)],
    )
    conn.executemany(
        "INSERT INTO links VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(k.id, n, k.a, k.b, k.provider, str(k.medium), k.bandwidth_kbps, str(k.role), k.circuit_id,
          json.dumps(k.contracts)) for n, k in enumerate(network.links)],
    )
    for n, c in enumerate(network.contracts):
        conn.execute(
            "INSERT INTO contracts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (c.id, n, c.provider, c.number, c.service, c.bandwidth_kbps, c.start.isoformat(), c.end.isoformat(),
             c.value_idr, str(c.billing_period), c.sla_percent, c.notes),
        )
        conn.executemany(
            "INSERT INTO payments VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(c.id, i, p.paid_on.isoformat(), p.amount_idr, p.period_start.isoformat(), p.period_end.isoformat(),
              p.reference) for i, p in enumerate(c.payments)],
        )
        conn.executemany(
            "INSERT INTO budget_requests VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(c.id, i, b.year, b.amount_idr, str(b.status), None if b.decided_on is None else b.decided_on.isoformat(),
              b.note) for i, b in enumerate(c.budget_requests)],
        )
        conn.executemany(
            "INSERT INTO correspondence VALUES (?, ?, ?, ?, ?, ?)",
            [(c.id, i, letter.sent_on.isoformat(), letter.to, letter.subject, letter.reference)
             for i, letter in enumerate(c.correspondence)],
        )


def _read_network(conn: sqlite3.Connection) -> Network | None:
    settings = {key: json.loads(value) for key, value in conn.execute("SELECT key, value FROM network_settings")}
    if "name" not in settings:
        return None
    alerts = settings.get("alerts") or {}
    network = Network(
        name=settings["name"],
        timezone=settings["timezone"],
        sample=settings["sample"],
        attribution=settings["attribution"],
        monitoring=_build(MonitoringSettings, settings.get("monitoring") or {}),
        alerts=AlertChannels(
            telegram=_build(TelegramChannel, alerts["telegram"]) if alerts.get("telegram") else None,
            email=_build(EmailChannel, alerts["email"]) if alerts.get("email") else None,
        ),
    )
    network.sites = [
        Site(id=r[0], name=r[1], kind=SiteKind(r[2]), kecamatan=r[3], lat=r[4], lon=r[5], parent=r[6],
             address=r[7], notes=r[8])
        for r in conn.execute("SELECT id, name, kind, kecamatan, lat, lon, parent, address, notes FROM sites "
                              "ORDER BY position")
    ]
    network.targets = [
        Target(id=r[0], site=r[1], address=r[2], role=TargetRole(r[3]), checks=json.loads(r[4]), name=r[5],
               interval_s=r[6], enabled=bool(r[7]))
        for r in conn.execute("SELECT id, site, address, role, checks, name, interval_s, enabled FROM targets "
                              "ORDER BY position")
    ]
    trusted = settings.get("target_tls") or {}
    for target in network.targets:
        target.tls_ca_file, target.tls_pin_sha256 = trusted.get(target.id, ("", ""))
    network.links = [
        Link(id=r[0], a=r[1], b=r[2], provider=r[3], medium=LinkMedium(r[4]), bandwidth_kbps=r[5],
             role=LinkRole(r[6]), circuit_id=r[7], contracts=json.loads(r[8]))
        for r in conn.execute("SELECT id, a, b, provider, medium, bandwidth_kbps, role, circuit_id, contracts "
                              "FROM links ORDER BY position")
    ]
    network.contracts = [_read_contract(conn, row) for row in conn.execute(
        "SELECT id, provider, number, service, bandwidth_kbps, start_date, end_date, value_idr, billing_period, "
        "sla_percent, notes FROM contracts ORDER BY position").fetchall()]
    return network


def _read_contract(conn: sqlite3.Connection, row: Any) -> Contract:
    contract_id = row[0]
    payments = [
        Payment(paid_on=date.fromisoformat(r[0]), amount_idr=r[1], period_start=date.fromisoformat(r[2]),
                period_end=date.fromisoformat(r[3]), reference=r[4])
        for r in conn.execute("SELECT paid_on, amount_idr, period_start, period_end, reference FROM payments "
                              "WHERE contract_id = ? ORDER BY position", (contract_id,))
    ]
    budget = [
        BudgetRequest(year=r[0], amount_idr=r[1], status=BudgetStatus(r[2]), decided_on=_date(r[3]), note=r[4])
        for r in conn.execute("SELECT year, amount_idr, status, decided_on, note FROM budget_requests "
                              "WHERE contract_id = ? ORDER BY position", (contract_id,))
    ]
    letters = [
        Letter(sent_on=date.fromisoformat(r[0]), to=r[1], subject=r[2], reference=r[3])
        for r in conn.execute("SELECT sent_on, recipient, subject, reference FROM correspondence "
                              "WHERE contract_id = ? ORDER BY position", (contract_id,))
    ]
    return Contract(
        id=contract_id, provider=row[1], number=row[2], service=row[3], bandwidth_kbps=row[4],
        start=date.fromisoformat(row[5]), end=date.fromisoformat(row[6]), value_idr=row[7],
        billing_period=BillingPeriod(row[8]), sla_percent=row[9], payments=payments, budget_requests=budget,
        correspondence=letters, notes=row[10],
    )
