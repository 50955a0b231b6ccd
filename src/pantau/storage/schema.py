"""The workspace's SQL schema and its forward migrations.

The schema version lives in `PRAGMA user_version`. `MIGRATIONS[n]` takes a file from version n to n + 1, so
migration 1 (index 0) builds the initial schema on an empty file. A migration only ever adds to the end of the list:
a released migration is never edited, because files in the field have already run it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

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
    # must leave the history of what was watched intact.
    """
    CREATE TABLE samples (
        ts REAL NOT NULL,
        target TEXT NOT NULL,
        method TEXT NOT NULL,
        rtt_ms REAL,
        error TEXT,
        message TEXT NOT NULL
    )
    """,
    "CREATE INDEX samples_target_ts ON samples (target, ts)",
    # Retention purges by age alone.
    "CREATE INDEX samples_ts ON samples (ts)",
    """
    CREATE TABLE rollup_1m (
        target TEXT NOT NULL,
        method TEXT NOT NULL,
        bucket_start INTEGER NOT NULL,
        count INTEGER NOT NULL,
        failures INTEGER NOT NULL,
        rtt_min REAL,
        rtt_avg REAL,
        rtt_max REAL,
        rtt_p95 REAL,
        PRIMARY KEY (target, method, bucket_start)
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE rollup_1h (
        target TEXT NOT NULL,
        method TEXT NOT NULL,
        bucket_start INTEGER NOT NULL,
        count INTEGER NOT NULL,
        failures INTEGER NOT NULL,
        rtt_min REAL,
        rtt_avg REAL,
        rtt_max REAL,
        rtt_p95 REAL,
        PRIMARY KEY (target, method, bucket_start)
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

MIGRATIONS: tuple[Sequence[str], ...] = (_INITIAL_SCHEMA,)

SCHEMA_VERSION = len(MIGRATIONS)


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


def migrate(conn: sqlite3.Connection, migrations: Sequence[Sequence[str]] = MIGRATIONS) -> int:
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
            for statement in migrations[version]:
                conn.execute(statement)
            # PRAGMA takes no bound parameters; `version` is an int read from the file, not user text.
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            # Some errors (disk full, I/O) end the transaction themselves; ROLLBACK would then fail and hide them.
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
