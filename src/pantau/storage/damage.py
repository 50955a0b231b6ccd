"""A damaged workspace: telling it apart from other failures, saying so with what can be done, and moving the
file aside (never changing it) so that a fresh workspace can take its place.

SQLite reports damage as SQLITE_CORRUPT or SQLITE_NOTADB, on whichever query first reads a damaged page. Opening
checks the file with `PRAGMA quick_check` where that is cheap (a small file; in a large one every table but the
three history tables, which hold nearly all of its pages), and every command turns a damage error met later into
the same message, naming the file. The remedies: `pantau import FILE` builds a fresh workspace from the network
file, and `pantau workspace repair` copies what SQLite can still read into one (storage/salvage.py); both first
move the damaged file, with its -wal, to "<name>.damaged-<time>.sqlite3" beside it.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path

from pantau.storage.schema import WorkspaceError

log = logging.getLogger(__name__)

_DAMAGE_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})
# A file this small is checked whole at open (about 0.25 s for 32 MB here); a larger one table by table, without
# the history tables.
FULL_CHECK_MAX_BYTES = 32 * 1024 * 1024
_HISTORY_TABLES = frozenset({"samples", "rollup_1m", "rollup_1m_hours", "rollup_1h"})
_SIDE_FILES = ("-wal", "-shm")


def is_damage(error: BaseException) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    return isinstance(error, sqlite3.DatabaseError) and code is not None and code & 0xFF in _DAMAGE_CODES


def remedies(path: Path) -> str:
    aside = aside_name(path, "<time>").name
    return ("Nothing was changed. What can be done:\n"
            f"  pantau import NETWORK.toml   start a fresh workspace from your network file (this one is kept as "
            f"{aside})\n"
            f"  pantau workspace repair      copy into a fresh workspace the history SQLite can still read "
            f"(this one is kept the same way)")


class WorkspaceDamagedError(WorkspaceError):
    """The workspace file is damaged; the message names it and says what can be done."""

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(f"the workspace {path} is damaged ({detail}).\n{remedies(path)}")
        self.path = path
        self.detail = detail


def check_integrity(conn: sqlite3.Connection, path: Path, whole: bool = False) -> list[str]:
    """SQLite's quick_check findings (empty when sound): of the whole file when it is small or `whole`, else of
    every table but the history tables. Raises sqlite3.DatabaseError when even the schema cannot be read."""
    size = path.stat().st_size if path.exists() else 0
    if whole or size <= FULL_CHECK_MAX_BYTES:
        found = [str(row[0]) for row in conn.execute("PRAGMA quick_check(20)")]
        return [] if found == ["ok"] else found
    tables = [str(row[0]) for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    problems: list[str] = []
    for table in tables:
        if table in _HISTORY_TABLES or table.startswith("sqlite_"):
            continue
        # A name read from the file's own schema, quoted: never user text.
        quoted = '"' + table.replace('"', '""') + '"'
        found = [str(row[0]) for row in conn.execute(f"PRAGMA quick_check({quoted})")]
        if found != ["ok"]:
            problems += found
    return problems


def aside_name(path: Path, stamp: str | None = None) -> Path:
    """Where a damaged workspace is moved: beside it, "<stem>.damaged-<YYYYmmdd-HHMMSS><suffix>"."""
    stamp = stamp or time.strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix or '.sqlite3'}")


def move_aside(path: Path) -> Path:
    """Rename the damaged workspace (and its -wal, so nothing committed is left behind; its -shm is rebuilt from
    the WAL) out of the way. Renaming changes no byte of it. Returns the new name."""
    target = aside_name(path)
    counter = 1
    while target.exists():
        target = aside_name(path, time.strftime("%Y%m%d-%H%M%S") + f"-{counter}")
        counter += 1
    try:
        path.rename(target)
        for suffix in _SIDE_FILES:
            side = path.with_name(path.name + suffix)
            if side.exists():
                if suffix == "-shm":
                    side.unlink()
                else:
                    side.rename(target.with_name(target.name + suffix))
    except OSError as error:
        raise WorkspaceError(f"cannot move the damaged workspace {path} aside: {error.strerror or error}") from None
    log.info("moved the damaged workspace %s to %s", path, target)
    return target
