"""Opening a workspace file: the connections and their pragmas, migrations, refusing files Pantau must not touch,
the damage check, and the read-only fallback for files on read-only media.

A writable open makes (or migrates) the file in WAL mode. When the file cannot be written (a read-only folder,
file or mount), `open_read_only` opens it with `mode=ro`, or, when even the WAL's shared-memory file cannot be
made, as `immutable=1` (SQLite then reads the main file only: what is still in a -wal file beside it is not seen,
and the caller says so).
"""

from __future__ import annotations

import logging
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from pantau.storage.damage import WorkspaceDamagedError, check_integrity, is_damage
from pantau.storage.schema import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    NewerSchemaError,
    WorkspaceError,
    migrate,
    schema_version,
)

log = logging.getLogger(__name__)

# `PRAGMA auto_vacuum` reads 2 for INCREMENTAL.
_INCREMENTAL = 2

BUSY_TIMEOUT_MS = 5000
# SQLite keeps a WAL file at the largest size it ever reached; this trims it back after each checkpoint.
JOURNAL_SIZE_LIMIT = 4 * 1024 * 1024

# Result codes of opening or first touching a file that the process may not write.
_READ_ONLY_CODES = frozenset({sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM,
                              sqlite3.SQLITE_AUTH})


class WorkspaceReadOnlyError(WorkspaceError):
    """The workspace exists but cannot be written; `open_read_only` can still read it."""


@dataclass(frozen=True)
class ReadOnlyOpen:
    """How a read-only workspace was opened: `note` is what to tell the user (why, and what is not seen)."""

    reader: sqlite3.Connection
    writer: sqlite3.Connection
    note: str


def connect(path: Path) -> sqlite3.Connection:
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


def open_connections(path: Path) -> tuple[sqlite3.Connection, sqlite3.Connection]:
    """The reader and the writer connection of a migrated, checked workspace file.

    Raises `WorkspaceDamagedError`, `WorkspaceReadOnlyError`, `NewerSchemaError`, `WorkspaceError` (another
    program's database) or sqlite3.DatabaseError."""
    existed = path.exists() and path.stat().st_size > 0
    try:
        reader = connect(path)
    except sqlite3.DatabaseError as error:
        if is_damage(error):
            raise WorkspaceDamagedError(path, str(error)) from error
        _raise_read_only(path, error, existed)
        raise
    try:
        if existed:
            _check_damage(reader, path)
            if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
                # SQLite would only find out at the first write: a file already in WAL mode opens without one.
                raise WorkspaceReadOnlyError(f"the workspace {path} cannot be written (read-only file or folder)")
        # Lets a purge give its pages back to the file system, so shortening the retention shrinks the file
        # without a VACUUM (which needs the file's size again in free space and blocks everything meanwhile).
        # It takes effect only on a file without tables yet, and so goes before WAL mode writes the first page.
        # Set only when not already so: setting it again rewrites the file's header, and opening a workspace only
        # to read it (a refused import) must leave the file byte-identical.
        if reader.execute("PRAGMA auto_vacuum").fetchone()[0] != _INCREMENTAL:
            reader.execute("PRAGMA auto_vacuum = INCREMENTAL")
        mode = reader.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            log.warning("%s: WAL mode unavailable (journal mode %s); readers may wait for the writer", path, mode)
        check_ownership(reader, path)
        migrate(reader)
        writer = connect(path)
    except sqlite3.DatabaseError as error:
        reader.close()
        if is_damage(error):
            raise WorkspaceDamagedError(path, str(error)) from error
        _raise_read_only(path, error, existed)
        raise
    except BaseException:
        reader.close()
        raise
    return reader, writer


def _raise_read_only(path: Path, error: sqlite3.DatabaseError, existed: bool) -> None:
    code = getattr(error, "sqlite_errorcode", None)
    if existed and code is not None and code & 0xFF in _READ_ONLY_CODES:
        raise WorkspaceReadOnlyError(f"the workspace {path} cannot be written ({error})") from error


def _check_damage(conn: sqlite3.Connection, path: Path) -> None:
    try:
        problems = check_integrity(conn, path)
    except sqlite3.DatabaseError as error:
        if is_damage(error):
            raise WorkspaceDamagedError(path, str(error)) from error
        raise
    if problems:
        more = f"; {len(problems) - 1} more" if len(problems) > 1 else ""
        raise WorkspaceDamagedError(path, f"SQLite's check found: {problems[0]}{more}")


def check_ownership(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse an SQLite file that some other program made: only an empty file may become a workspace."""
    if conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID:
        return
    has_tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
    if has_tables or schema_version(conn) != 0:
        raise WorkspaceError(f"{path} is an SQLite database but not a Pantau workspace; choose another file")


def _connect_uri(path: Path, query: str) -> sqlite3.Connection:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?{query}", uri=True, isolation_level=None,
                           check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA query_only = ON")
    return conn


def open_read_only(path: Path) -> ReadOnlyOpen:
    """Two read-only connections to the workspace at `path` (see the module docstring)."""
    note = f"the workspace {path} is read-only: it is shown as it is, and nothing is saved in it"
    try:
        reader = _connect_uri(path, "mode=ro")
        reader.execute("SELECT count(*) FROM sqlite_master").fetchone()
        query = "mode=ro"
    except sqlite3.DatabaseError:
        reader = _connect_uri(path, "immutable=1")
        query = "immutable=1"
        wal = path.with_name(path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            note += (f"; changes still in {wal.name} (left by a Pantau that did not stop cleanly) cannot be read "
                     "from read-only media")
    try:
        _check_damage(reader, path)
        check_ownership(reader, path)
        version = schema_version(reader)
        if version > SCHEMA_VERSION:
            raise NewerSchemaError(version)
        if version == 0:
            raise WorkspaceError(f"{path} is read-only and holds no workspace yet")
        if version < SCHEMA_VERSION:
            raise WorkspaceError(f"{path} was made by an older Pantau and cannot be updated on read-only media: "
                                 "open it once where it can be written")
        writer = _connect_uri(path, query)
    except sqlite3.DatabaseError as error:
        reader.close()
        if is_damage(error):
            raise WorkspaceDamagedError(path, str(error)) from error
        raise WorkspaceError(f"cannot read the workspace {path}: {error}") from error
    except BaseException:
        reader.close()
        raise
    return ReadOnlyOpen(reader, writer, note)
