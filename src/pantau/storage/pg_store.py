"""The shared store on PostgreSQL (psycopg 3): probe rounds, the outage log and the inventory of a team's network,
written by several vantage points into one database.

The same calls as the SQLite workspace for what it holds (`storage.store.HistoryStore`: `submit`/`flush`,
`samples`, `record_state_change`, `events`, `replace_network`/`load_network`, `purge_history`), so both backends
pass one set of contract tests. Differences that matter:

- Every round and event carries its vantage (the site the prober sits in); reads take all vantages unless one is
  named.
- Rounds name their series (one check of one target from one vantage) by number, so a stored round holds no text
  but its message; they are partitioned by day (`samples_d<day>`), created on first use under an advisory lock so
  several agents can race for a new day; retention drops whole partitions instead of deleting rows.
- A batch goes in with COPY into a temporary table and one `INSERT … ON CONFLICT DO NOTHING`: a batch sent twice
  (an agent's back-fill after a cut that the store had half received) adds nothing twice. `received_ms` says when
  the store got each round, so a late delivery can be shown as such.
- The inventory is the network file's text with a revision number; an edit bumps it, and other windows see the
  revision change. A window saves with the revision it read (`replace_network(..., expected_revision=)`): a
  compare-and-set, so it never overwrites an edit it has not seen.
- A change a window shows (a state change, an event's end, a new inventory) is announced on the channel
  `pantau_store` (NOTIFY, sent when its transaction commits), so a window listening (`wait_for_change`) reads at
  once instead of at its next poll.
- The schema is versioned in `pantau_schema`; an older store is migrated on open (under a lock), a newer one is
  refused by name, as the workspace does.

Connection problems become `StoreError` with what failed and where; the password comes from the caller (the
keyring), or libpq's pgpass/service files, never from the URL (`storage.store_url`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from types import TracebackType
from typing import Any, Self

import numpy as np
import numpy.typing as npt

from pantau.domain.inventory import Network
from pantau.domain.samples import ErrorKind, Sample
from pantau.domain.states import HealthState, StateChange
from pantau.domain.vantages import VantageView
from pantau.storage.minute_pack import HourMerger
from pantau.storage.networkfile import NetworkFileError, dump_network, parse_network_text
from pantau.storage.pg_delivery import read_late
from pantau.storage.pg_rollups import SCHEMA as PG_ROLLUP_SCHEMA
from pantau.storage.pg_rollups import (
    purge_minute_hours,
    read_measured_minutes,
    read_rollups,
    touched_minutes,
    update_rollups,
)
from pantau.storage.store import LateStretch
from pantau.storage.store_url import StoreUrl
from pantau.storage.workspace import EventRow, RollupRow

DAY_MS = 86_400_000
# The NOTIFY channel of changes a window shows, and what each announcement says changed.
CHANGE_CHANNEL = "pantau_store"
CHANGE_EVENTS = "events"
CHANGE_INVENTORY = "inventory"

# Each entry takes the store from version n to n + 1, in one transaction.
PG_MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        "CREATE TABLE pantau_schema (version integer NOT NULL)",
        "INSERT INTO pantau_schema VALUES (0)",
        # A series is one check of one target from one vantage; rounds name it by number, so a row holds no text
        # but its message (empty when the round was answered).
        """
        CREATE TABLE series (
            id serial PRIMARY KEY,
            target text NOT NULL,
            method text NOT NULL,
            vantage text NOT NULL,
            UNIQUE (target, method, vantage)
        )
        """,
        """
        CREATE TABLE samples (
            series_id integer NOT NULL,
            ts_ms bigint NOT NULL,
            rtt_us integer,
            error text,
            message text NOT NULL,
            sent smallint NOT NULL,
            lost smallint NOT NULL,
            received_ms bigint NOT NULL,
            PRIMARY KEY (series_id, ts_ms)
        ) PARTITION BY RANGE (ts_ms)
        """,
        """
        CREATE TABLE events (
            id bigserial PRIMARY KEY,
            vantage text NOT NULL,
            subject text NOT NULL,
            subject_kind text NOT NULL,
            state text NOT NULL,
            previous_state text NOT NULL,
            started double precision NOT NULL,
            ended double precision,
            reason text NOT NULL,
            first_error text NOT NULL,
            local_id bigint  -- the event's id in the agent's own buffer; NULL when written here directly
        )
        """,
        "CREATE UNIQUE INDEX events_open ON events (vantage, subject_kind, subject) WHERE ended IS NULL",
        "CREATE UNIQUE INDEX events_forwarded ON events (vantage, local_id)",
        "CREATE INDEX events_subject_started ON events (subject, started)",
        """
        CREATE TABLE inventory (
            id integer PRIMARY KEY CHECK (id = 1),
            revision bigint NOT NULL,
            network text NOT NULL,
            updated double precision NOT NULL
        )
        """,
        *PG_ROLLUP_SCHEMA,
        """
        CREATE TABLE agents (
            vantage text PRIMARY KEY,
            started double precision NOT NULL,
            last_seen double precision NOT NULL,
            behind_s double precision NOT NULL,
            version text NOT NULL
        )
        """,
    ),
    (
        # Each series' newest round, upserted with the rounds: a window shows every office's figures from one
        # small read instead of searching the day partitions.
        """
        CREATE TABLE latest (
            series_id integer PRIMARY KEY,
            ts_ms bigint NOT NULL,
            rtt_us integer,
            error text,
            sent smallint NOT NULL,
            lost smallint NOT NULL
        )
        """,
        "INSERT INTO latest SELECT DISTINCT ON (series_id) series_id, ts_ms, rtt_us, error, sent, lost FROM samples "
        "ORDER BY series_id, ts_ms DESC",
    ),
)
PG_SCHEMA_VERSION = len(PG_MIGRATIONS)
# pg_advisory_xact_lock keys: one for migrations, one for creating partitions.
_MIGRATION_LOCK = 7_301_001
_PARTITION_LOCK = 7_301_002


# A WAN cut drops packets without a word: without these a call on the open connection waits for the kernel's
# retransmissions (a quarter of an hour) and the agent's forwarder with it. Unacknowledged data fails after 15 s,
# and an idle connection is probed every few seconds; the forwarder then reconnects and back-fills. A URL's own
# settings of these win.
_DEAD_LINK_SETTINGS: dict[str, int] = {"keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 3,
                                        "keepalives_count": 3, "tcp_user_timeout": 15_000}


class StoreError(Exception):
    """The store cannot be used: unreachable, refused, too new, or broken; phrased for the user."""


class RevisionMoved(StoreError):
    """A save expected the inventory at `expected` and found it at `found`: someone else saved in between."""

    def __init__(self, url: StoreUrl, expected: int, found: int) -> None:
        super().__init__(f"the network in the store ({url.display}) changed (revision {expected} → {found}) since "
                         f"it was read; nothing was saved")
        self.expected = expected
        self.found = found


def _describe_connect_error(error: Exception, url: StoreUrl) -> str:
    text = str(error).strip()
    if "password authentication failed" in text or "no password supplied" in text:
        return (f"the store refused the password for user {url.user or '(default)'} ({url.display}): check the "
                f"password in the keyring or the pgpass file")
    if "does not exist" in text and "database" in text:
        return f"the store's database does not exist ({url.display}): create it (docs/store.md)"
    return f"cannot reach the store ({url.display}): {text.splitlines()[0] if text else type(error).__name__}"


class PgStore:
    """An open connection to the shared store for one vantage. Thread-safe: calls are serialised on one lock."""

    def __init__(self, connection: Any, url: StoreUrl, vantage: str) -> None:
        self._conn = connection
        self.url = url
        self.vantage = vantage
        self._lock = threading.Lock()
        self._pending: list[Sample] = []
        self._known_partitions: set[int] = set()
        self._listening = False
        # The packed hours this store's writes made (see `minute_pack.HourMerger`); used under `_lock`.
        self._merger = HourMerger()

    @classmethod
    def open(cls, url: StoreUrl, password: str | None = None, vantage: str = "", connect_timeout_s: int = 10
             ) -> PgStore:
        """Connect and bring the schema up to date. Raises StoreError."""
        import psycopg
        from psycopg.conninfo import conninfo_to_dict, make_conninfo

        try:
            given = conninfo_to_dict(url.conninfo)
            conninfo = make_conninfo(url.conninfo, **{k: v for k, v in _DEAD_LINK_SETTINGS.items() if k not in given})
            connection = psycopg.connect(conninfo, password=password, connect_timeout=connect_timeout_s,
                                         autocommit=True)
        except psycopg.Error as error:
            raise StoreError(_describe_connect_error(error, url)) from None
        store = cls(connection, url, vantage)
        try:
            store._migrate()
        except BaseException:
            connection.close()
            raise
        return store

    @property
    def closed(self) -> bool:
        """The connection is closed or broken (the server went away): open a new store to go on."""
        return bool(self._conn.closed or self._conn.broken)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    @contextmanager
    def _session(self, what: str) -> Iterator[None]:
        """One call at a time on the connection; a database error becomes a StoreError saying what failed."""
        import psycopg

        with self._lock:
            try:
                yield
            except psycopg.Error as error:
                first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
                raise StoreError(f"the store ({self.url.display}) could not {what}: {first}") from None

    # --- schema ----------------------------------------------------------------------------------------------------

    def schema_version(self) -> int:
        with self._session("read its schema version"):
            return self._schema_version()

    def _schema_version(self) -> int:
        row = self._conn.execute("SELECT to_regclass('pantau_schema') IS NOT NULL").fetchone()
        if not row[0]:
            return 0
        return int(self._conn.execute("SELECT version FROM pantau_schema").fetchone()[0])

    def _migrate(self) -> None:
        import psycopg

        with self._lock:
            try:
                version = self._schema_version()
                if version > PG_SCHEMA_VERSION:
                    raise StoreError(f"the store ({self.url.display}) has schema version {version}, newer than this "
                                     f"Pantau understands ({PG_SCHEMA_VERSION}): upgrade Pantau on this computer")
                if version == PG_SCHEMA_VERSION:
                    return
                with self._conn.transaction():
                    self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
                    version = self._schema_version()  # another agent may have migrated while we waited
                    for step in range(version, PG_SCHEMA_VERSION):
                        for statement in PG_MIGRATIONS[step]:
                            self._conn.execute(statement)
                        self._conn.execute("UPDATE pantau_schema SET version = %s", (step + 1,))
            except psycopg.errors.InsufficientPrivilege as error:
                raise StoreError(f"the store ({self.url.display}) needs migrating to schema version "
                                 f"{PG_SCHEMA_VERSION}, and user {self.url.user or '(default)'} may not: run Pantau "
                                 f"once as the store's owner ({error.diag.message_primary})") from None
            except psycopg.Error as error:
                raise StoreError(f"the store ({self.url.display}) could not be prepared: {error}") from None

    @property
    def read_only(self) -> bool:
        """True when this user may read but not write the rounds (a watching role with SELECT only)."""
        with self._session("say what this user may do"):
            row = self._conn.execute("SELECT has_table_privilege('samples', 'INSERT')").fetchone()
        return not row[0]

    # --- rounds ----------------------------------------------------------------------------------------------------

    def submit(self, samples: Iterable[Sample]) -> None:
        """Hold samples for the next `flush`, which writes them in one batch."""
        with self._lock:
            self._pending.extend(samples)

    def flush(self) -> None:
        """Write the held samples in one transaction (nothing is lost on an error: they stay held)."""
        with self._lock:
            if not self._pending:
                return
            batch = list(self._pending)
            self._write(batch)
            del self._pending[: len(batch)]

    def write_samples(self, samples: Sequence[Sample], vantage: str | None = None) -> int:
        """Write `samples` now, in one transaction, as seen from `vantage` (this store's by default); rounds the
        store already holds are skipped. Returns how many were new."""
        with self._lock:
            return self._write(samples, vantage)

    def _write(self, samples: Sequence[Sample], vantage: str | None = None) -> int:
        import psycopg

        if not samples:
            return 0
        seen_from = self.vantage if vantage is None else vantage
        days = {int(s.ts * 1000) // DAY_MS for s in samples}
        try:
            with self._conn.transaction():
                created = self._ensure_partitions(days)
                self._conn.execute(
                    "CREATE TEMP TABLE IF NOT EXISTS incoming (target text, method text, ts_ms bigint, rtt_us integer, "
                    "error text, message text, sent smallint, lost smallint) ON COMMIT DELETE ROWS")
                with self._conn.cursor().copy(
                        "COPY incoming (target, method, ts_ms, rtt_us, error, message, sent, lost) FROM STDIN") as copy:
                    for s in samples:
                        copy.write_row((s.target, s.method, int(s.ts * 1000),
                                        None if s.rtt_ms is None else round(s.rtt_ms * 1000),
                                        None if s.error is None else str(s.error), s.message, int(s.sent),
                                        int(s.lost)))
                self._conn.execute(
                    "INSERT INTO series (target, method, vantage) SELECT DISTINCT target, method, %s FROM incoming "
                    "ON CONFLICT DO NOTHING", (seen_from,))
                cursor = self._conn.execute(
                    "INSERT INTO samples SELECT se.id, i.ts_ms, i.rtt_us, i.error, i.message, i.sent, i.lost, "
                    "(extract(epoch FROM clock_timestamp()) * 1000)::bigint "
                    "FROM incoming i JOIN series se ON se.target = i.target AND se.method = i.method "
                    "AND se.vantage = %s ON CONFLICT DO NOTHING", (seen_from,))
                self._conn.execute(
                    "INSERT INTO latest SELECT DISTINCT ON (se.id) se.id, i.ts_ms, i.rtt_us, i.error, i.sent, i.lost "
                    "FROM incoming i JOIN series se ON se.target = i.target AND se.method = i.method "
                    "AND se.vantage = %s ORDER BY se.id, i.ts_ms DESC ON CONFLICT (series_id) DO UPDATE SET "
                    "ts_ms = excluded.ts_ms, rtt_us = excluded.rtt_us, error = excluded.error, sent = excluded.sent, "
                    "lost = excluded.lost WHERE excluded.ts_ms > latest.ts_ms", (seen_from,))
                update_rollups(self._conn, touched_minutes(self._conn, seen_from), self._merger)
            # Only once committed: a rolled-back partition does not exist.
            self._known_partitions.update(created)
            return int(cursor.rowcount)
        except psycopg.Error as error:
            raise StoreError(f"the store ({self.url.display}) did not take {len(samples)} rounds: {error}") from None

    def _ensure_partitions(self, days: Iterable[int]) -> set[int]:
        """Create the day partitions `days` need (inside the caller's transaction); returns the days checked."""
        missing = sorted(set(days) - self._known_partitions)
        if not missing:
            return set()
        self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (_PARTITION_LOCK,))
        for day in missing:
            name = f"samples_d{day}"
            exists = self._conn.execute("SELECT to_regclass(%s) IS NOT NULL", (name,)).fetchone()[0]
            if not exists:
                self._conn.execute(f"CREATE TABLE {name} PARTITION OF samples "
                                   f"FOR VALUES FROM ({day * DAY_MS}) TO ({(day + 1) * DAY_MS})")
        return set(missing)

    def samples(self, target: str, start: float, end: float, method: str | None = None,
                vantage: str | None = None) -> list[Sample]:
        """`target`'s rounds in [start, end), oldest first (all vantages unless one is named)."""
        sql = ("SELECT s.ts_ms, se.target, se.method, s.rtt_us, s.error, s.message, s.sent, s.lost "
               "FROM series se JOIN samples s ON s.series_id = se.id "
               "WHERE se.target = %s AND s.ts_ms >= %s AND s.ts_ms < %s")
        params: list[Any] = [target, int(start * 1000), int(end * 1000)]
        if method is not None:
            sql += " AND se.method = %s"
            params.append(method)
        if vantage is not None:
            sql += " AND se.vantage = %s"
            params.append(vantage)
        with self._session("read rounds"):
            rows = self._conn.execute(sql + " ORDER BY s.ts_ms, se.vantage", params).fetchall()
        return [Sample(ts_ms / 1000, target_id, check, None if rtt_us is None else rtt_us / 1000,
                       None if error is None else ErrorKind(error), message, sent, lost)
                for ts_ms, target_id, check, rtt_us, error, message, sent, lost in rows]

    def rollups(self, target: str, method: str, resolution: str, start: float, end: float,
                vantage: str | None = None) -> list[RollupRow]:
        """Rollup buckets ("1m" or "1h") of one series seen from `vantage` (this store's by default) that overlap
        [start, end), oldest first: the workspace's `rollups`, from the same arithmetic."""
        if resolution not in ("1m", "1h"):
            raise ValueError(f"resolution must be '1m' or '1h', not {resolution!r}")
        with self._session("read rollups"):
            rows = read_rollups(self._conn, target, method, self.vantage if vantage is None else vantage,
                                resolution, start, end)
        return [RollupRow(target, method, int(bucket), int(count), int(failures),
                          *(None if v is None else v / 1000 for v in rtts))
                for bucket, count, failures, *rtts in rows]

    def measured_minutes(self, series: Sequence[tuple[str, str]], start: float, end: float
                         ) -> dict[tuple[str, str, str], npt.NDArray[np.float64]]:
        """{(vantage, target, method): starts of the minutes in [start, end) with a round} of the (target, method)
        `series` from every vantage, in one query (`pg_rollups.read_measured_minutes`)."""
        with self._session("read which minutes were measured"):
            return read_measured_minutes(self._conn, series, start, end)

    def latest_rounds(self) -> dict[str, dict[str, Sample]]:
        """Each vantage's newest round of each target (`[vantage][target]`; of its checks, the newest round), from
        the small table the rounds keep up to date: cheap enough to read every second."""
        with self._session("read the newest rounds"):
            rows = self._conn.execute(
                "SELECT se.vantage, se.target, se.method, l.ts_ms, l.rtt_us, l.error, l.sent, l.lost "
                "FROM latest l JOIN series se ON se.id = l.series_id ORDER BY l.ts_ms").fetchall()
        newest: dict[str, dict[str, Sample]] = {}
        for vantage, target, method, ts_ms, rtt_us, error, sent, lost in rows:
            # Ordered by time: a later check's round replaces an earlier one's.
            newest.setdefault(vantage, {})[target] = Sample(
                ts_ms / 1000, target, method, None if rtt_us is None else rtt_us / 1000,
                None if error is None else ErrorKind(error), "", sent, lost)
        return newest

    def sample_count(self) -> int:
        with self._session("count rounds"):
            return int(self._conn.execute("SELECT count(*) FROM samples").fetchone()[0])

    def purge_history(self, now_ts: float, raw_days: float, minute_rollup_days: float) -> tuple[int, int]:
        """Drop the day partitions wholly older than `raw_days` before `now_ts`, and the packed minute hours wholly
        older than `minute_rollup_days`; returns (rounds dropped, minutes dropped). Hourly rollups are kept."""
        cutoff_day = int((now_ts - raw_days * 86_400) * 1000) // DAY_MS
        dropped = 0
        with self._session("drop old rounds"), self._conn.transaction():
            self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (_PARTITION_LOCK,))
            rows = self._conn.execute(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                "WHERE i.inhparent = 'samples'::regclass").fetchall()
            for (name,) in rows:
                day = int(name.removeprefix("samples_d"))
                if day < cutoff_day:
                    dropped += int(self._conn.execute(f"SELECT count(*) FROM {name}").fetchone()[0])
                    self._conn.execute(f"DROP TABLE {name}")
                    self._known_partitions.discard(day)
            minutes = purge_minute_hours(self._conn, now_ts - minute_rollup_days * 86_400)
        return dropped, minutes

    # --- the outage log ----------------------------------------------------------------------------------------------

    def record_state_change(self, change: StateChange, first_error: str = "") -> None:
        """Close the subject's open event (from this vantage) and open one for the new state."""
        with self._session("record a state change"), self._conn.transaction():
            self._conn.execute(
                "UPDATE events SET ended = %s WHERE vantage = %s AND subject_kind = %s AND subject = %s "
                "AND ended IS NULL", (change.ts, self.vantage, change.subject_kind, change.subject))
            self._conn.execute(
                "INSERT INTO events (vantage, subject, subject_kind, state, previous_state, started, ended, reason, "
                "first_error) VALUES (%s, %s, %s, %s, %s, %s, NULL, %s, %s)",
                (self.vantage, change.subject, change.subject_kind, str(change.current), str(change.previous),
                 change.ts, change.reason, first_error))
            self._announce(CHANGE_EVENTS)

    def events(self, since: float | None = None, subject: str | None = None,
               vantage: str | None = None) -> list[EventRow]:
        """Events oldest first; with `since`, those still running at or after it."""
        clauses: list[str] = ["TRUE"]
        params: list[Any] = []
        if since is not None:
            clauses.append("(ended IS NULL OR ended >= %s)")
            params.append(since)
        if subject is not None:
            clauses.append("subject = %s")
            params.append(subject)
        if vantage is not None:
            clauses.append("vantage = %s")
            params.append(vantage)
        with self._session("read the outage log"):
            rows = self._conn.execute(
                "SELECT subject, subject_kind, state, previous_state, started, ended, reason, first_error, id "
                f"FROM events WHERE {' AND '.join(clauses)} ORDER BY started, id", params).fetchall()
        return [EventRow(subject_id, kind, HealthState(state), HealthState(previous), started, ended, reason, error,
                         int(event_id))
                for subject_id, kind, state, previous, started, ended, reason, error, event_id in rows]

    def site_events(self, since: float) -> dict[str, list[EventRow]]:
        """Every vantage's site events still running at or after `since`, oldest first, by vantage: one query for
        every site (the window's uptime column reads them all each minute)."""
        with self._session("read the outage log"):
            rows = self._conn.execute(
                "SELECT vantage, subject, subject_kind, state, previous_state, started, ended, reason, first_error, id "
                "FROM events WHERE subject_kind = 'site' AND (ended IS NULL OR ended >= %s) ORDER BY started, id",
                (since,)).fetchall()
        found: dict[str, list[EventRow]] = {}
        for vantage, subject, kind, state, previous, started, ended, reason, error, event_id in rows:
            found.setdefault(vantage, []).append(EventRow(subject, kind, HealthState(state), HealthState(previous),
                                                          started, ended, reason, error, int(event_id)))
        return found

    def upsert_forwarded_events(self, rows: Sequence[EventRow], vantage: str | None = None) -> None:
        """An agent's events as its own buffer holds them (by their local id): new ones added, ones that have
        ended since the last time updated, so the store's log follows the agent's whatever was sent before."""
        if not rows:
            return
        seen_from = self.vantage if vantage is None else vantage
        with self._session("take the agent's events"), self._conn.transaction(), self._conn.cursor() as cursor:
            # An event the store holds as it is is left alone: the agent sends its open events again every pass,
            # and rewriting them all would cost a row version each and announce a change that is none.
            cursor.executemany(
                "INSERT INTO events (vantage, subject, subject_kind, state, previous_state, started, ended, reason, "
                "first_error, local_id) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
                "ON CONFLICT (vantage, local_id) DO UPDATE SET ended = excluded.ended "
                "WHERE events.ended IS DISTINCT FROM excluded.ended",
                [(seen_from, e.subject, e.subject_kind, str(e.state), str(e.previous_state), e.started, e.ended,
                  e.reason, e.first_error, e.id) for e in rows])
            if cursor.rowcount > 0:
                self._announce(CHANGE_EVENTS)

    def heartbeat(self, now: float, behind_s: float, version: str, started: float, vantage: str | None = None
                  ) -> None:
        """The agent is alive at `now`, `behind_s` seconds of rounds not yet delivered."""
        with self._session("take the heartbeat"):
            self._conn.execute(
                "INSERT INTO agents VALUES (%s, %s, %s, %s, %s) ON CONFLICT (vantage) DO UPDATE SET "
                "last_seen = excluded.last_seen, behind_s = excluded.behind_s, version = excluded.version, "
                "started = excluded.started",
                (self.vantage if vantage is None else vantage, started, now, behind_s, version))

    def sign_off(self, vantage: str) -> None:
        """`vantage` stops probing on purpose (a window that probed as it closes): its heartbeat goes, so no agent
        alerts it as silent. Its views stay, dated by their start (the last are "monitoring stopped", Unknown)."""
        with self._session("sign the vantage off"):
            self._conn.execute("DELETE FROM agents WHERE vantage = %s", (vantage,))

    def agents(self) -> dict[str, tuple[float, float]]:
        """Each vantage's (last heartbeat, seconds behind)."""
        with self._session("list the agents"):
            rows = self._conn.execute("SELECT vantage, last_seen, behind_s FROM agents ORDER BY vantage").fetchall()
        return {vantage: (float(seen), float(behind)) for vantage, seen, behind in rows}

    def site_views(self) -> dict[str, dict[str, VantageView]]:
        """Each site's current state as each vantage judges it (its open event), dated by the vantage's last
        heartbeat, so a silent agent's view ages (`domain.vantages`). A vantage without a heartbeat (writing here
        directly) dates its view by the event's start."""
        with self._session("read the vantages' views"):
            rows = self._conn.execute(
                "SELECT e.subject, e.vantage, e.state, coalesce(a.last_seen, e.started) FROM events e "
                "LEFT JOIN agents a ON a.vantage = e.vantage "
                "WHERE e.subject_kind = 'site' AND e.ended IS NULL ORDER BY e.subject, e.vantage").fetchall()
        views: dict[str, dict[str, VantageView]] = {}
        for site, vantage, state, at in rows:
            views.setdefault(site, {})[vantage] = VantageView(HealthState(state), float(at))
        return views

    def received_times(self, target: str, start: float, end: float, vantage: str | None = None
                       ) -> list[tuple[float, float]]:
        """(round time, time the store received it) of `target`'s rounds in [start, end): a round received long
        after it was taken came in a back-fill."""
        sql = ("SELECT s.ts_ms, s.received_ms FROM series se JOIN samples s ON s.series_id = se.id "
               "WHERE se.target = %s AND s.ts_ms >= %s AND s.ts_ms < %s")
        params: list[Any] = [target, int(start * 1000), int(end * 1000)]
        if vantage is not None:
            sql += " AND se.vantage = %s"
            params.append(vantage)
        with self._session("read delivery times"):
            rows = self._conn.execute(sql + " ORDER BY s.ts_ms", params).fetchall()
        return [(ts / 1000, received / 1000) for ts, received in rows]

    def delivered_late(self, series: Sequence[tuple[str, str]], start: float, end: float,
                       vantage: str | None = None) -> list[LateStretch]:
        """The stretches of the (target, method) `series` seen from `vantage` (this store's by default) taken in
        [start, end) that reached the store more than `pg_delivery.LATE_AFTER_S` after they were taken."""
        with self._session("read delivery times"):
            rows = read_late(self._conn, series, self.vantage if vantage is None else vantage, start, end)
        return [LateStretch(*row) for row in rows]

    # --- the inventory -----------------------------------------------------------------------------------------------

    def replace_network(self, network: Network, expected_revision: int | None = None) -> int:
        """Store `network` as the team's inventory and return its new revision (the one other windows watch).

        With `expected_revision` it is a compare-and-set: stored only while the inventory is still at that revision
        (0: none stored yet), in one statement, so of two windows saving over the same revision one wins and the
        other gets `RevisionMoved` with nothing written, instead of overwriting an edit it has not seen."""
        text = dump_network(network)
        now = "extract(epoch FROM clock_timestamp())"
        with self._session("store the inventory"):
            if expected_revision is None:
                row = self._conn.execute(
                    f"INSERT INTO inventory VALUES (1, 1, %s, {now}) ON CONFLICT (id) DO UPDATE SET "
                    "revision = inventory.revision + 1, network = excluded.network, updated = excluded.updated "
                    "RETURNING revision", (text,)).fetchone()
            elif expected_revision == 0:
                row = self._conn.execute(f"INSERT INTO inventory VALUES (1, 1, %s, {now}) ON CONFLICT (id) DO NOTHING "
                                         "RETURNING revision", (text,)).fetchone()
            else:
                # Under READ COMMITTED a concurrent update makes this one wait, then check the revision again.
                row = self._conn.execute(
                    f"UPDATE inventory SET revision = revision + 1, network = %s, updated = {now} "
                    "WHERE id = 1 AND revision = %s RETURNING revision", (text, expected_revision)).fetchone()
            if row is None:
                found = self._conn.execute("SELECT revision FROM inventory WHERE id = 1").fetchone()
                raise RevisionMoved(self.url, expected_revision or 0, 0 if found is None else int(found[0]))
            self._announce(CHANGE_INVENTORY)
        return int(row[0])

    # --- announcing changes ------------------------------------------------------------------------------------------

    def _announce(self, what: str) -> None:
        # Inside the caller's session (and transaction, if any): PostgreSQL sends it at commit, once per payload.
        self._conn.execute("SELECT pg_notify(%s, %s)", (CHANGE_CHANNEL, what))

    def wait_for_change(self, timeout_s: float) -> set[str]:
        """What was announced (CHANGE_EVENTS, CHANGE_INVENTORY) within `timeout_s`, returning at the first
        announcement; an empty set when nothing was. Listens on first use. For a connection used only for this."""
        with self._session("listen for changes"):
            if not self._listening:
                self._conn.execute(f"LISTEN {CHANGE_CHANNEL}")
                self._listening = True
            return {notice.payload for notice in self._conn.notifies(timeout=timeout_s, stop_after=1)}

    def load_network(self) -> Network | None:
        return self.load_inventory()[1]

    def load_inventory(self) -> tuple[int, Network | None]:
        """The inventory's revision and network, read together (0 and None before any network was stored)."""
        with self._session("read the inventory"):
            row = self._conn.execute("SELECT revision, network FROM inventory WHERE id = 1").fetchone()
        if row is None:
            return 0, None
        try:
            return int(row[0]), parse_network_text(row[1], f"the store's inventory ({self.url.display})")
        except NetworkFileError as error:
            raise StoreError(str(error)) from None

    def inventory_revision(self) -> int:
        """0 before any network was stored."""
        with self._session("read the inventory's revision"):
            row = self._conn.execute("SELECT revision FROM inventory WHERE id = 1").fetchone()
        return 0 if row is None else int(row[0])

    def has_network(self) -> bool:
        return self.inventory_revision() > 0
