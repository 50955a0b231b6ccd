"""`pantau workspace repair` and a fresh start after damage: the two ways out of a damaged workspace.

Neither ever changes the damaged file: it is renamed aside ("<name>.damaged-<time>.sqlite3", with its -wal) first,
and a fresh workspace takes its name. `repair` then copies into it what SQLite can still read (storage/salvage.py);
`import` (cli.py) fills it from the network file instead, and a later `repair --from` can still add the history.
Both refuse while a monitor holds the workspace.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import TextIO

from pantau.storage.damage import check_integrity, move_aside
from pantau.storage.lock import WorkspaceLock
from pantau.storage.salvage import open_damaged, salvage
from pantau.storage.workspace import Workspace, WorkspaceError

REPAIR_COMMAND = "pantau workspace repair"


def is_damaged(path: Path) -> bool:
    """Whether SQLite's check of the whole file finds damage (read-only; the file is not changed)."""
    try:
        conn = open_damaged(path)
    except sqlite3.DatabaseError:
        return True
    try:
        return bool(check_integrity(conn, path, whole=True))
    except sqlite3.DatabaseError:
        return True
    finally:
        conn.close()


def start_fresh(path: Path) -> Path:
    """Move the damaged workspace at `path` aside (the caller holds its lock); returns where it went."""
    return move_aside(path)


def run_repair(path: Path, source: Path | None, out: TextIO | None = None) -> int:
    """Salvage `source` (default: the workspace itself, moved aside first when damaged) into the workspace at
    `path`. Exit code 0 when everything readable was copied whole, 1 when damaged places were skipped, 2 when
    there was nothing to do or it could not be done."""
    stream = out or sys.stdout
    with WorkspaceLock(path, REPAIR_COMMAND):
        if source is None:
            if not path.exists():
                raise WorkspaceError(f"there is no workspace at {path} to repair")
            if not is_damaged(path):
                print(f"The workspace {path} passed SQLite's integrity check: there is nothing to repair.",
                      file=stream)
                return 0
            source = start_fresh(path)
            print(f"The damaged workspace was moved to {source} (it is kept as it was).", file=stream)
        elif not source.exists():
            raise WorkspaceError(f"there is no file {source} to salvage from")
        elif source.resolve() == path.resolve():
            raise WorkspaceError(f"{source} is the workspace itself: leave out --from to repair it in place")
        with Workspace.open(path) as workspace:
            report = salvage(source, workspace, progress=lambda table: print(f"  reading {table} …", file=stream,
                                                                            flush=True))
            workspace.flush()
    for line in report.lines():
        print(line, file=stream)
    if report.unreadable:
        return 2
    if not report.complete:
        print("Rows on the damaged places skipped could not be read and are lost; everything else was copied.",
              file=stream)
        return 1
    return 0
