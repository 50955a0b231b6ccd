"""Salvage: copy what SQLite can still read of a damaged workspace into a sound one, row by row.

The sqlite3 command-line tool's `.recover` may be absent (Windows, a bare server), so this is done in Python: each
table is read in key order, and where a read fails on a damaged page the scan skips ahead (doubling the step until
a read succeeds, then narrowing back to the first key that can be read), so one bad page costs the rows on it and
no more. History is keyed by (series, time), so it is scanned a series at a time. Rollups are copied as they were
stored: they were computed before the damage, so an hour's rollup survives even where its raw rounds did not. A
file from before schema 6 (which is never migrated here: it is only read) has its minute rollups a row each; they
are packed an hour to a row on the way in.

The damaged file is only read (mode=ro, or immutable); the rows go into the target through its writer, one
transaction per chunk. The inventory is copied only into a workspace that has none, and kept only if it is whole
(it passes the same validation as an imported network file); otherwise the user imports the network file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pantau.domain.inventory import validate_network
from pantau.storage.inventory_rows import INVENTORY_TABLES, clear_network, read_network
from pantau.storage.minute_rows import insert_minute_rows
from pantau.storage.workspace import Workspace

_CHUNK = 2000
# rollup_1m: the minutes of a file from before schema 6 (one row a minute), packed an hour to a row on the way in.
_HISTORY = ("samples", "rollup_1m_hours", "rollup_1m", "rollup_1h")
_HISTORY_KEY = {"samples": "ts_ms", "rollup_1m_hours": "hour", "rollup_1m": "bucket", "rollup_1h": "bucket"}
# Rows copied with a new id in the target (its own ids may be taken), in this order: alert_log names alert_queue ids.
_RENUMBERED = ("events", "diagnoses", "alert_queue", "alert_log", "alert_record")
_KEPT_IF_PRESENT = ("app_settings",)
_MAX_KEY = 2**62


@dataclass
class TableSalvage:
    table: str
    copied: int = 0
    # Places where a damaged page was skipped (each may have held many rows).
    skipped: int = 0


@dataclass
class SalvageReport:
    source: Path
    target: Path
    tables: dict[str, TableSalvage] = field(default_factory=dict)
    inventory: str = ""
    unreadable: str = ""

    def table(self, name: str) -> TableSalvage:
        return self.tables.setdefault(name, TableSalvage(name))

    @property
    def complete(self) -> bool:
        return not self.unreadable and not any(t.skipped for t in self.tables.values())

    def lines(self) -> list[str]:
        lines = [f"Salvaged from {self.source} into {self.target}:"]
        if self.unreadable:
            lines.append(f"  nothing could be read: {self.unreadable}")
        for item in self.tables.values():
            lost = f", {item.skipped} damaged place(s) skipped" if item.skipped else ""
            lines.append(f"  {item.table:<16} {item.copied:>10,} rows{lost}")
        if self.inventory:
            lines.append(f"  inventory: {self.inventory}")
        return lines


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def open_damaged(path: Path) -> sqlite3.Connection:
    """A read-only connection to the damaged file; it is never written."""
    uri = path.resolve().as_uri()
    try:
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError:
        conn = sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None)
    conn.execute("PRAGMA query_only = ON")
    return conn


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    try:
        return [str(row[1]) for row in conn.execute(f"PRAGMA table_info({_quoted(table)})")]
    except sqlite3.DatabaseError:
        return []


class _Scanner:
    """Reads one table (or one series of it) in key order, stepping over damaged pages."""

    def __init__(self, conn: sqlite3.Connection, table: str, columns: Sequence[str], key: str,
                 prefix: str = "", prefix_params: tuple[Any, ...] = ()) -> None:
        self.conn = conn
        self.select = (f"SELECT {key}, {', '.join(_quoted(c) for c in columns)} FROM {_quoted(table)} "
                       f"WHERE {prefix}{key} > ? ORDER BY {key}")
        # Two rows: in an index b-tree an interior page holds rows too, so one row past a damaged leaf can be read
        # while the next one cannot; a start from which two rows read is past the damage.
        self.probe = f"SELECT {key} FROM {_quoted(table)} WHERE {prefix}{key} > ? ORDER BY {key} LIMIT 2"
        self.params = prefix_params
        self.skipped = 0

    def rows(self) -> Iterator[tuple[Any, ...]]:
        last = -_MAX_KEY
        while True:
            try:
                for row in self.conn.execute(self.select, (*self.params, last)):
                    last = row[0]
                    yield row[1:]
                return
            except sqlite3.DatabaseError:
                self.skipped += 1
                resume = self._readable_after(last)
                if resume is None:
                    return
                last = resume

    def _readable(self, start: int) -> bool:
        try:
            self.conn.execute(self.probe, (*self.params, start)).fetchall()
        except sqlite3.DatabaseError:
            return False
        return True

    def _readable_after(self, last: int) -> int | None:
        """The smallest start past `last` from which the table reads again; None when none does."""
        step = 1
        while not self._readable(last + step):
            step *= 2
            if last + step > _MAX_KEY:
                return None
        low, high = last + step // 2, last + step
        while high - low > 1:
            middle = (low + high) // 2
            if self._readable(middle):
                high = middle
            else:
                low = middle
        return high


def salvage(source: Path, target: Workspace, progress: Callable[[str], None] | None = None) -> SalvageReport:
    """Copy what can be read of the workspace file `source` into `target` (see the module docstring)."""
    report = SalvageReport(source, target.path)
    conn = open_damaged(source)
    try:
        try:
            tables = {str(row[0]) for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as error:
            report.unreadable = f"its table of contents is damaged ({error})"
            return report
        say = progress or (lambda _text: None)
        if "network_settings" in tables:
            say("inventory")
            _salvage_inventory(conn, target, tables, report)
        series = _salvage_series(conn, target, report) if "series" in tables else {}
        for table in _HISTORY:
            if table in tables:
                say(table)
                _salvage_history(conn, target, table, series, report)
        ids: dict[int, int] = {}
        for table in _RENUMBERED:
            if table in tables:
                say(table)
                ids = _salvage_renumbered(conn, target, table, ids, report)
        for table in _KEPT_IF_PRESENT:
            if table in tables:
                _copy_rows(conn, target, table, report, "INSERT OR IGNORE")
        target.writer.call(_close_overlapping_events)
    finally:
        conn.close()
    return report


def _insert(target: Workspace, sql: str, rows: list[tuple[Any, ...]]) -> None:
    if rows:
        target.writer.call(lambda conn: conn.executemany(sql, rows))


def _copy_rows(conn: sqlite3.Connection, target: Workspace, table: str, report: SalvageReport, verb: str) -> None:
    columns = [c for c in _columns(conn, table) if c in set(target.writer.call(lambda t: _columns(t, table)))]
    if not columns:
        return
    scanner = _Scanner(conn, table, columns, "rowid")
    sql = (f"{verb} INTO {_quoted(table)} ({', '.join(_quoted(c) for c in columns)}) "
           f"VALUES ({', '.join('?' * len(columns))})")
    item = report.table(table)
    chunk: list[tuple[Any, ...]] = []
    for row in scanner.rows():
        chunk.append(row)
        if len(chunk) >= _CHUNK:
            _insert(target, sql, chunk)
            item.copied += len(chunk)
            chunk = []
    _insert(target, sql, chunk)
    item.copied += len(chunk)
    item.skipped += scanner.skipped


def _salvage_inventory(conn: sqlite3.Connection, target: Workspace, tables: set[str],
                       report: SalvageReport) -> None:
    if target.has_network():
        report.inventory = "kept the one already in the workspace"
        return
    for table in reversed(INVENTORY_TABLES):
        if table in tables:
            _copy_rows(conn, target, table, report, "INSERT OR IGNORE")
    damaged = any(report.table(t).skipped for t in INVENTORY_TABLES if t in tables)

    def check(conn: sqlite3.Connection) -> str:
        try:
            network = read_network(conn)
        except (ValueError, KeyError, TypeError, sqlite3.Error) as error:
            problem = f"it cannot be read back ({error})"
        else:
            if network is None:
                problem = "it has no network settings"
            else:
                problems = validate_network(network)
                problem = str(problems[0].message) if problems else ""
                if not problem and damaged:
                    problem = "some of its rows were on damaged pages"
                if not problem:
                    return f"copied ({len(network.sites)} sites, {len(network.targets)} targets)"
        clear_network(conn)
        return f"NOT copied: {problem}; import your network file with `pantau import FILE`"

    report.inventory = target.writer.call(check)


def _salvage_series(conn: sqlite3.Connection, target: Workspace, report: SalvageReport) -> dict[int, int]:
    """The target's id of each series of the source, by (target, method)."""
    scanner = _Scanner(conn, "series", ["id", "target", "method"], "rowid")
    found = list(scanner.rows())
    item = report.table("series")
    item.skipped += scanner.skipped

    def insert(dst: sqlite3.Connection) -> dict[int, int]:
        mapping: dict[int, int] = {}
        for source_id, name, method in found:
            if not isinstance(name, str) or not isinstance(method, str):
                continue
            dst.execute("INSERT INTO series (target, method) VALUES (?, ?) ON CONFLICT DO NOTHING", (name, method))
            mapping[int(source_id)] = int(dst.execute("SELECT id FROM series WHERE target = ? AND method = ?",
                                                      (name, method)).fetchone()[0])
        return mapping

    mapping = target.writer.call(insert)
    item.copied += len(mapping)
    return mapping


def _salvage_history(conn: sqlite3.Connection, target: Workspace, table: str, series: dict[int, int],
                     report: SalvageReport) -> None:
    columns = _columns(conn, table)
    if not columns or not series:
        return
    rest = [c for c in columns if c != "series_id"]
    key = _HISTORY_KEY[table]
    sql = (f"INSERT OR IGNORE INTO {table} (series_id, {', '.join(rest)}) "
           f"VALUES ({', '.join('?' * (len(rest) + 1))})")
    item = report.table(table)
    for source_id, target_id in sorted(series.items()):
        scanner = _Scanner(conn, table, rest, key, prefix="series_id = ? AND ", prefix_params=(source_id,))
        chunk: list[tuple[Any, ...]] = []
        for row in scanner.rows():
            chunk.append((target_id, *row) if table != "rollup_1m" else row)
            if len(chunk) >= _CHUNK:
                _insert_history(target, table, target_id, sql, chunk)
                item.copied += len(chunk)
                chunk = []
        _insert_history(target, table, target_id, sql, chunk)
        item.copied += len(chunk)
        item.skipped += scanner.skipped


def _insert_history(target: Workspace, table: str, series_id: int, sql: str, rows: list[tuple[Any, ...]]) -> None:
    if table != "rollup_1m":
        _insert(target, sql, rows)
    elif rows:
        # Packed into the hours they belong to; an hour split across two chunks gains the second chunk's minutes.
        target.writer.call(lambda conn: insert_minute_rows(conn, series_id, rows))


def _salvage_renumbered(conn: sqlite3.Connection, target: Workspace, table: str, previous_ids: dict[int, int],
                        report: SalvageReport) -> dict[int, int]:
    """Copy rows under new ids; returns {source id: target id} (alert_log's queue_id is mapped with the ids of
    alert_queue, given as `previous_ids`)."""
    target_columns = set(target.writer.call(lambda t: _columns(t, table)))
    columns = [c for c in _columns(conn, table) if c in target_columns and c != "id"]
    if not columns:
        return {}
    scanner = _Scanner(conn, table, ["id", *columns], "rowid")
    verb = "INSERT OR IGNORE" if table == "alert_queue" else "INSERT"
    sql = f"{verb} INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    queue_at = columns.index("queue_id") if table == "alert_log" else -1
    item = report.table(table)

    def insert(rows: list[tuple[Any, ...]]) -> Callable[[sqlite3.Connection], dict[int, int]]:
        def run(dst: sqlite3.Connection) -> dict[int, int]:
            ids: dict[int, int] = {}
            for source_id, *values in rows:
                if queue_at >= 0:
                    if values[queue_at] not in previous_ids:
                        continue
                    values[queue_at] = previous_ids[values[queue_at]]
                cursor = dst.execute(sql, values)
                if cursor.rowcount and cursor.lastrowid is not None:
                    ids[int(source_id)] = cursor.lastrowid
            return ids
        return run

    mapping: dict[int, int] = {}
    chunk: list[tuple[Any, ...]] = []
    for row in scanner.rows():
        chunk.append(row)
        if len(chunk) >= _CHUNK:
            mapping.update(target.writer.call(insert(chunk)))
            chunk = []
    if chunk:
        mapping.update(target.writer.call(insert(chunk)))
    item.copied += len(mapping)
    item.skipped += scanner.skipped
    return mapping


def _close_overlapping_events(conn: sqlite3.Connection) -> None:
    """A subject has one open event: an older one left open (by a Pantau that never stopped cleanly, or salvaged
    beside the target's own) ends where the next event of the subject begins."""
    conn.execute(
        """
        UPDATE events SET ended = (
            SELECT min(later.started) FROM events AS later
            WHERE later.subject_kind = events.subject_kind AND later.subject = events.subject
              AND (later.started > events.started OR (later.started = events.started AND later.id > events.id)))
        WHERE ended IS NULL AND EXISTS (
            SELECT 1 FROM events AS later
            WHERE later.subject_kind = events.subject_kind AND later.subject = events.subject
              AND (later.started > events.started OR (later.started = events.started AND later.id > events.id)))
        """)
