"""The workspace's SQL schema, its forward migrations, and how a probe sample is encoded as a row.

The schema version lives in `PRAGMA user_version`. `MIGRATIONS[n]` takes a file from version n to n + 1, so
migration 1 (index 0) builds the initial schema on an empty file. A migration only ever adds to the end of the list:
a released migration is never edited, because files in the field have already run it.

History is stored in integers: time in epoch milliseconds, rtt in microseconds (a float of milliseconds comes back
to the nearest microsecond), error kinds as the small codes of `ERROR_CODES`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

from pantau.domain.samples import ErrorKind, Sample
from pantau.storage import minute_rows

# In the file header from migration 1 on, so a Pantau workspace can be told from any other SQLite file.
APPLICATION_ID = 0x50414E54  # "PANT"

# Inventory tables carry `position` so that a network loads in the order it was saved: the order is the user's
# (file order, table order in the GUI), and SQL gives no order without being told one.
_INITIAL_SCHEMA: tuple[str, ...] = (
    f"PRAGMA application_id = {APPLICATION_ID}",
    """
    CREATE TABLE network_settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL  -- JSON
    )
    """,
    """
    CREATE TABLE sites (
        id TEXT PRIMARY KEY,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        kecamatan TEXT NOT NULL,
        lat REAL,
        lon REAL,
        parent TEXT,
        address TEXT NOT NULL,
        notes TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE targets (
        id TEXT PRIMARY KEY,
        position INTEGER NOT NULL,
        site TEXT NOT NULL,
        address TEXT NOT NULL,
        role TEXT NOT NULL,
        checks TEXT NOT NULL,  -- JSON list of method strings
        name TEXT NOT NULL,
        interval_s REAL,
        enabled INTEGER NOT NULL
    )
    """,
    """
    CREATE TABLE links (
        id TEXT PRIMARY KEY,
        position INTEGER NOT NULL,
        a TEXT NOT NULL,
        b TEXT NOT NULL,
        provider TEXT NOT NULL,
        medium TEXT NOT NULL,
        bandwidth_kbps INTEGER NOT NULL,
        role TEXT NOT NULL,
        circuit_id TEXT NOT NULL,
        contracts TEXT NOT NULL  -- JSON list of contract ids, oldest first
    )
    """,
    """
    CREATE TABLE contracts (
        id TEXT PRIMARY KEY,
        position INTEGER NOT NULL,
        provider TEXT NOT NULL,
        number TEXT NOT NULL,
        service TEXT NOT NULL,
        bandwidth_kbps INTEGER NOT NULL,
        start_date TEXT NOT NULL,  -- ISO date
        end_date TEXT NOT NULL,
        value_idr INTEGER NOT NULL,
        billing_period TEXT NOT NULL,
        sla_percent REAL,
        notes TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE payments (
        contract_id TEXT NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        paid_on TEXT NOT NULL,
        amount_idr INTEGER NOT NULL,
        period_start TEXT NOT NULL,
        period_end TEXT NOT NULL,
        reference TEXT NOT NULL,
        PRIMARY KEY (contract_id, position)
    )
    """,
    """
    CREATE TABLE budget_requests (
        contract_id TEXT NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        year INTEGER NOT NULL,
        amount_idr INTEGER NOT NULL,
        status TEXT NOT NULL,
        decided_on TEXT,
        note TEXT NOT NULL,
        PRIMARY KEY (contract_id, position)
    )
    """,
    """
    CREATE TABLE correspondence (
        contract_id TEXT NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        sent_on TEXT NOT NULL,
        recipient TEXT NOT NULL,
        subject TEXT NOT NULL,
        reference TEXT NOT NULL,
        PRIMARY KEY (contract_id, position)
    )
    """,
    # History tables name targets and subjects by id without foreign keys: replacing or deleting the inventory
    # must leave the history of what was watched intact. A series is one check of one target; its rows are never
    # deleted, so an id, once given, names the same (target, method) for the life of the file.
    """
    CREATE TABLE series (
        id INTEGER PRIMARY KEY,
        target TEXT NOT NULL,
        method TEXT NOT NULL,
        UNIQUE (target, method)
    )
    """,
    # The history is most of the file, so every byte of a row counts: WITHOUT ROWID keeps each row once, in key
    # order (a rowid table plus a (series_id, ts_ms) index stores the key twice: 44 bytes a row against 24),
    # integers take 1 to 6 bytes where REALs take 8, and NULL, 0 and 1 take none. The key also serves retention:
    # old rows of a series are one contiguous range.
    """
    CREATE TABLE samples (
        series_id INTEGER NOT NULL,
        ts_ms INTEGER NOT NULL,  -- epoch milliseconds
        rtt_us INTEGER,  -- mean over the answered packets, microseconds; NULL exactly when error is set
        error INTEGER,  -- ERROR_CODES; NULL when the round got an answer
        message TEXT,  -- NULL when empty
        sent INTEGER NOT NULL,  -- packets (or attempts) in the round
        lost INTEGER NOT NULL,
        PRIMARY KEY (series_id, ts_ms)
    ) WITHOUT ROWID
    """,
    # Rollups count packets, so failures / count is the packet loss operators expect. rtt_* are microseconds.
    """
    CREATE TABLE rollup_1m (
        series_id INTEGER NOT NULL,
        bucket INTEGER NOT NULL,  -- bucket start, epoch seconds
        count INTEGER NOT NULL,
        failures INTEGER NOT NULL,
        rtt_min INTEGER,
        rtt_avg INTEGER,
        rtt_max INTEGER,
        rtt_p95 INTEGER,
        PRIMARY KEY (series_id, bucket)
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE rollup_1h (
        series_id INTEGER NOT NULL,
        bucket INTEGER NOT NULL,
        count INTEGER NOT NULL,
        failures INTEGER NOT NULL,
        rtt_min INTEGER,
        rtt_avg INTEGER,
        rtt_max INTEGER,
        rtt_p95 INTEGER,
        PRIMARY KEY (series_id, bucket)
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        subject TEXT NOT NULL,
        subject_kind TEXT NOT NULL,
        state TEXT NOT NULL,
        previous_state TEXT NOT NULL,
        started REAL NOT NULL,
        ended REAL,
        reason TEXT NOT NULL,
        first_error TEXT NOT NULL
    )
    """,
    "CREATE INDEX events_open ON events (subject_kind, subject) WHERE ended IS NULL",
    "CREATE INDEX events_subject_started ON events (subject, started)",
    "CREATE INDEX events_started ON events (started)",
    """
    CREATE TABLE diagnoses (
        id INTEGER PRIMARY KEY,
        created REAL NOT NULL,
        scope TEXT NOT NULL,
        verdict TEXT NOT NULL,
        lang TEXT NOT NULL,
        report_text TEXT NOT NULL,
        report_json TEXT NOT NULL
    )
    """,
    "CREATE INDEX diagnoses_created ON diagnoses (created)",
    """
    CREATE TABLE app_settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )
    """,
)

# Migration 2: the alert outbox and its log. A row of alert_queue is one alert for one channel, queued in `id`
# order, which is also the order of delivery per channel. Neither table ever holds a secret: the text is the
# alert's own words and an error is the channel's message, which the senders build without tokens or passwords.
_ALERTS_SCHEMA: tuple[str, ...] = (
    """
    CREATE TABLE alert_queue (
        id INTEGER PRIMARY KEY,
        alert_key TEXT NOT NULL,
        channel TEXT NOT NULL,
        kind TEXT NOT NULL,
        subject TEXT NOT NULL,
        created REAL NOT NULL,
        lang TEXT NOT NULL,
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        status TEXT NOT NULL,  -- queued, sent
        attempts INTEGER NOT NULL,
        delivered REAL,
        delayed INTEGER NOT NULL,
        last_error TEXT NOT NULL,
        UNIQUE (alert_key, channel)
    )
    """,
    "CREATE INDEX alert_queue_pending ON alert_queue (channel, id) WHERE status = 'queued'",
    """
    CREATE TABLE alert_log (
        id INTEGER PRIMARY KEY,
        queue_id INTEGER NOT NULL,
        alert_key TEXT NOT NULL,
        channel TEXT NOT NULL,
        ts REAL NOT NULL,
        result TEXT NOT NULL,  -- sent, or a ChannelErrorKind value
        message TEXT NOT NULL
    )
    """,
    "CREATE INDEX alert_log_ts ON alert_log (ts)",
)

# Migration 3: every alert raised, one row each, whether or not a channel is configured (the tray and the window
# show them), and those a rule kept back (`outcome` 'suppressed', `reason` why): the Alerts tab lists them, and a
# contract warning is not repeated on the day it was raised. Both languages are kept so the list follows the window.
_ALERT_RECORD_SCHEMA: tuple[str, ...] = (
    """
    CREATE TABLE alert_record (
        id INTEGER PRIMARY KEY,
        alert_key TEXT NOT NULL,
        kind TEXT NOT NULL,
        subject TEXT NOT NULL,
        sites INTEGER NOT NULL,  -- how many sites the alert speaks for (a storm's parent counts those behind it)
        created REAL NOT NULL,
        text_id TEXT NOT NULL,
        text_en TEXT NOT NULL,
        outcome TEXT NOT NULL,  -- raised, suppressed
        reason TEXT NOT NULL  -- why it was suppressed; empty when raised
    )
    """,
    "CREATE INDEX alert_record_created ON alert_record (created)",
)

# Migration 4: what each link carries (SNMP). `links.snmp` holds the link's snmp block as JSON (NULL: none; keyring
# key names only, never a secret). `traffic` holds one row per poll interval: the mean rates between two readings,
# or, with in_bps NULL, a gap and its reason (a failed poll, an agent restart), so a graph draws a gap, never a
# zero. Rates are bits per second, whole numbers. The rollups keep mean, peak and 95th percentile per direction and
# the seconds measured, over 1-minute and 1-hour buckets, like the probe rollups.
_TRAFFIC_SCHEMA: tuple[str, ...] = (
    "ALTER TABLE links ADD COLUMN snmp TEXT",
    """
    CREATE TABLE traffic (
        link TEXT NOT NULL,
        end_ms INTEGER NOT NULL,  -- the later reading, epoch milliseconds
        start_ms INTEGER NOT NULL,  -- the earlier reading (a failed poll: the poll's own time)
        in_bps INTEGER,  -- NULL exactly when problem is set
        out_bps INTEGER,
        oper_status TEXT,  -- ifOperStatus at the later reading; NULL when the poll failed
        speed_bps INTEGER,
        problem TEXT,  -- a gap's reason or the poll's failure message; NULL for a rate
        PRIMARY KEY (link, end_ms)
    ) WITHOUT ROWID
    """,
    *(f"""
    CREATE TABLE traffic_{name} (
        link TEXT NOT NULL,
        bucket INTEGER NOT NULL,  -- bucket start, epoch seconds
        measured_s REAL NOT NULL,
        in_mean INTEGER NOT NULL,
        out_mean INTEGER NOT NULL,
        in_max INTEGER NOT NULL,
        out_max INTEGER NOT NULL,
        in_p95 INTEGER NOT NULL,
        out_p95 INTEGER NOT NULL,
        PRIMARY KEY (link, bucket)
    ) WITHOUT ROWID
    """ for name in ("1m", "1h")),
)

# Migration 5: a contract's SLA terms (`[contracts.sla]`: window, credit rule, maintenance exclusions) as JSON;
# NULL: the contract states none.
_SLA_TERMS_SCHEMA: tuple[str, ...] = ("ALTER TABLE contracts ADD COLUMN sla TEXT",)

# A step of a migration: DDL, or a function that moves data (run on the migrating connection, in its transaction).
Step = str | Callable[[sqlite3.Connection], None]

# Migration 6: the 1-minute rollups packed an hour to a row (storage/minute_rows.py, minute_pack.py), about a
# sixth of the bytes, so a month of minutes fits where a week did. The old rows are packed in the same
# transaction, and the old table goes with them.
_PACKED_MINUTES_SCHEMA: tuple[Step, ...] = (
    *minute_rows.SCHEMA,
    minute_rows.pack_old_minute_rollups,
    "DROP TABLE rollup_1m",
)

MIGRATIONS: tuple[Sequence[Step], ...] = (_INITIAL_SCHEMA, _ALERTS_SCHEMA, _ALERT_RECORD_SCHEMA, _TRAFFIC_SCHEMA,
                                          _SLA_TERMS_SCHEMA, _PACKED_MINUTES_SCHEMA)

SCHEMA_VERSION = len(MIGRATIONS)

# The codes are written into files: a code, once given, keeps its meaning; a new kind takes a new number.
ERROR_CODES: dict[ErrorKind, int] = {
    ErrorKind.TIMEOUT: 1,
    ErrorKind.UNREACHABLE: 2,
    ErrorKind.REFUSED: 3,
    ErrorKind.DNS: 4,
    ErrorKind.NO_PRIVILEGE: 5,
    ErrorKind.BAD_RESPONSE: 6,
    ErrorKind.OTHER: 7,
}
_ERROR_KINDS = {code: kind for kind, code in ERROR_CODES.items()}

# (series_id, ts_ms, rtt_us, error, message, sent, lost): the column order of `samples`.
SampleRow = tuple[int, int, int | None, int | None, str | None, int, int]


def to_ms(ts: float) -> int:
    return round(ts * 1000)


def to_us(rtt_ms: float) -> int:
    return round(rtt_ms * 1000)


def sample_row(series_id: int, sample: Sample) -> SampleRow:
    return (
        series_id,
        to_ms(sample.ts),
        None if sample.rtt_ms is None else to_us(sample.rtt_ms),
        None if sample.error is None else ERROR_CODES[sample.error],
        sample.message or None,
        sample.sent,
        sample.lost,
    )


def sample_from_row(target: str, method: str, ts_ms: int, rtt_us: int | None, error: int | None,
                    message: str | None, sent: int, lost: int) -> Sample:
    return Sample(
        ts=ts_ms / 1000,
        target=target,
        method=method,
        rtt_ms=None if rtt_us is None else rtt_us / 1000,
        # A code this Pantau does not know comes from a newer one that added a kind; "other" is still true.
        error=None if error is None else _ERROR_KINDS.get(error, ErrorKind.OTHER),
        message=message or "",
        sent=sent,
        lost=lost,
    )


class WorkspaceError(Exception):
    """A workspace that cannot be opened or written, told in words fit for the user."""


class NewerSchemaError(Exception):
    """The file's schema version is above `SCHEMA_VERSION`: a newer program wrote it."""

    def __init__(self, found: int) -> None:
        super().__init__(found)
        self.found = found


def schema_version(conn: sqlite3.Connection) -> int:
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    return version


def migrate(conn: sqlite3.Connection, migrations: Sequence[Sequence[Step]] = MIGRATIONS) -> int:
    """Bring the file up to `len(migrations)`, one transaction per step; return the version it started at.

    `conn` must be in autocommit mode (isolation_level=None) so the transactions here are the only ones.
    Each step runs its DDL and bumps `user_version` in the same transaction, so a process killed halfway leaves
    the file at the previous version, never between two. The version is read again under the write lock because
    another process may have migrated the file meanwhile.
    """
    started_at = schema_version(conn)
    if started_at > len(migrations):
        raise NewerSchemaError(started_at)
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = schema_version(conn)
            if version > len(migrations):
                raise NewerSchemaError(version)
            if version == len(migrations):
                conn.execute("COMMIT")
                return started_at
            for step in migrations[version]:
                if isinstance(step, str):
                    conn.execute(step)
                else:
                    step(conn)
            # PRAGMA takes no bound parameters; `version` is an int read from the file, not user text.
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            # Some errors (disk full, I/O) end the transaction themselves; ROLLBACK would then fail and hide them.
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
