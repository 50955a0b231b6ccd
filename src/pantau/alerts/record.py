"""The alert record: every alert the service raised, and every one a rule kept back, as rows of `alert_record`.

The outbox (`delivery.py`) holds an alert once per configured channel, so with no Telegram or e-mail set up it held
nothing and the Alerts tab stayed empty while the tray showed alert after alert. The record is written for every
alert whatever the channels, in both languages, and read back with what became of it on each channel (queued,
sent, dropped), newest first. It also answers which contracts were warned of since a moment, so that a contract
warning is raised once per day, not again at every launch.

Writes and reads go through the workspace's writer thread (`SampleWriter.call`), like the outbox.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from pantau.alerts.wording import AlertWording
from pantau.domain.alerts import Alert, AlertKind
from pantau.storage.workspace import Workspace

RAISED = "raised"
SUPPRESSED = "suppressed"


@dataclass(frozen=True)
class RecordedAlert:
    """One alert as the Alerts tab lists it: `channels` is ((channel, status), …) from the outbox, in queue
    order; empty when no channel was configured (or it was suppressed)."""

    id: int
    alert_key: str
    kind: str
    subject: str
    sites: int
    created: float
    text_id: str
    text_en: str
    outcome: str
    reason: str
    channels: tuple[tuple[str, str], ...]

    def text(self, lang: str) -> str:
        return self.text_id if lang == "id" else self.text_en


def record_alerts(workspace: Workspace, alerts: Iterable[Alert], wording: AlertWording, outcome: str = RAISED,
                  reason: str = "") -> int:
    """Write one row per alert, its message in both languages; returns how many."""
    rows = [(a.key, a.kind.value, a.subject, len(a.site_ids), a.created, wording.text(a, "id"), wording.text(a, "en"),
             outcome, reason) for a in alerts]

    def insert(conn: sqlite3.Connection) -> int:
        conn.executemany("INSERT INTO alert_record (alert_key, kind, subject, sites, created, text_id, text_en,"
                         " outcome, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        return len(rows)

    return workspace.writer.call(insert) if rows else 0


def contracts_raised_since(workspace: Workspace, since: float) -> set[str]:
    """The contracts whose warning was raised (not suppressed) at or after `since`."""

    def read(conn: sqlite3.Connection) -> set[str]:
        rows = conn.execute("SELECT DISTINCT subject FROM alert_record WHERE kind = ? AND outcome = ?"
                            " AND created >= ?", (AlertKind.CONTRACT.value, RAISED, since))
        return {str(row[0]) for row in rows}

    return workspace.writer.call(read)


_COLUMNS = "id, alert_key, kind, subject, sites, created, text_id, text_en, outcome, reason"


def read_record(workspace: Workspace, limit: int = 500) -> list[RecordedAlert]:
    """The last `limit` alerts, newest first, each with its channels' status."""
    return _read(workspace, f"SELECT {_COLUMNS} FROM alert_record ORDER BY id DESC LIMIT ?", (limit,))


def record_between(workspace: Workspace, start: float, end: float) -> list[RecordedAlert]:
    """The alerts created from `start` to `end` (inclusive), oldest first, each with its channels' status: what an
    incident record lists, however old."""
    return _read(workspace, f"SELECT {_COLUMNS} FROM alert_record WHERE created BETWEEN ? AND ? ORDER BY created, id",
                 (start, end))


def _read(workspace: Workspace, sql: str, params: tuple[object, ...]) -> list[RecordedAlert]:
    def read(conn: sqlite3.Connection) -> list[RecordedAlert]:
        rows = conn.execute(sql, params).fetchall()
        keys = sorted({str(row[1]) for row in rows if row[8] == RAISED})
        channels: dict[str, list[tuple[str, str]]] = {}
        # In chunks: SQLite caps the number of bound parameters.
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            marks = ", ".join("?" * len(chunk))
            for key, channel, status in conn.execute(
                    f"SELECT alert_key, channel, status FROM alert_queue WHERE alert_key IN ({marks}) ORDER BY id",
                    chunk):
                channels.setdefault(key, []).append((channel, status))
        return [RecordedAlert(int(id_), str(key), str(kind), str(subject), int(sites), float(created), str(text_id),
                              str(text_en), str(outcome), str(reason),
                              tuple(channels.get(str(key), ())) if outcome == RAISED else ())
                for id_, key, kind, subject, sites, created, text_id, text_en, outcome, reason in rows]

    return workspace.writer.call(read)
