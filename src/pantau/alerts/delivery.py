"""The alert outbox: alerts queued in the workspace, delivered in order per channel, retried with backoff.

When the uplink is down, Telegram and email cannot leave either: an alert waits in `alert_queue` (it survives a
restart) and goes out when the path returns, marked as delayed when it leaves more than `delay_after_s` after it
was raised. A channel is strictly ordered: while its oldest alert fails, the ones behind it wait too, so the
officer never reads a recovery before the outage it ends. A failing channel backs off exponentially (the server's
own retry_after when it asks for longer); one that needs a person (bad token, chat not found) waits the longest
backoff and keeps its alerts rather than dropping them. Every attempt is a row of `alert_log`.

Writes and reads run on the workspace's writer thread (`SampleWriter.call`), so this module never opens the file.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from pantau.alerts.channel import AlertSender, ChannelError
from pantau.domain.alerts import Alert
from pantau.storage.workspace import Workspace

SENT = "sent"
QUEUED = "queued"
DROPPED = "dropped"
DEFAULT_DELAY_AFTER_S = 120.0
_QUEUE_COLUMNS = ("id, alert_key, channel, kind, subject, created, title, text, status, attempts, delivered, delayed,"
                  " last_error")


@dataclass(frozen=True)
class QueuedAlert:
    id: int
    alert_key: str
    channel: str
    kind: str
    subject: str
    created: float
    title: str
    text: str
    status: str
    attempts: int
    delivered: float | None
    delayed: bool
    last_error: str


@dataclass(frozen=True)
class LogEntry:
    queue_id: int
    alert_key: str
    channel: str
    ts: float
    result: str
    message: str


@dataclass(frozen=True)
class LogRow:
    """One delivery attempt with the alert it was for: what the alert log view lists."""

    ts: float
    channel: str
    result: str
    message: str
    alert_key: str
    kind: str
    created: float
    text: str
    delivered: float | None


@dataclass(frozen=True)
class ChannelStatus:
    """How a channel is doing: its queue length, failures in a row, when it tries next, the last error."""

    channel: str
    queued: int
    failures: int
    next_attempt: float
    last_error: str


def title_of(text: str, limit: int = 100) -> str:
    """An email subject: the first sentence of the alert, cut to `limit` characters."""
    first = text.split(". ", 1)[0].rstrip(".")
    return first if len(first) <= limit else first[: limit - 1] + "…"


def _queued(row: tuple[Any, ...]) -> QueuedAlert:
    (id_, key, channel, kind, subject, created, title, text, status, attempts, delivered, delayed,
     last_error) = row
    return QueuedAlert(id_, key, channel, kind, subject, created, title, text, status, attempts, delivered,
                       bool(delayed), last_error)


class AlertDelivery:
    def __init__(self, workspace: Workspace, senders: Sequence[AlertSender], *, lang: str = "id",
                 timezone: str = "Asia/Makassar", base_backoff_s: float = 5.0, max_backoff_s: float = 600.0,
                 delay_after_s: float = DEFAULT_DELAY_AFTER_S, clock: Callable[[], float] = time.time) -> None:
        self.workspace = workspace
        self.senders = {sender.name: sender for sender in senders}
        self.lang = lang
        self.tz = ZoneInfo(timezone)
        self.base_backoff_s = base_backoff_s
        self.max_backoff_s = max_backoff_s
        self.delay_after_s = delay_after_s
        self.clock = clock
        self._failures: dict[str, int] = {}
        self._next_attempt: dict[str, float] = {}
        self._last_error: dict[str, str] = {}

    def set_senders(self, senders: Sequence[AlertSender]) -> None:
        """Send through these channels from now on (call on the delivering thread); a channel that stays keeps
        its backoff, and alerts queued for one that went are retired by `retire_unconfigured`."""
        self.senders = {sender.name: sender for sender in senders}
        for state in (self._failures, self._next_attempt, self._last_error):
            for name in [name for name in state if name not in self.senders]:
                del state[name]

    def enqueue(self, alerts: Iterable[Alert]) -> int:
        """Queue each alert once per channel (an alert key already queued is ignored); returns rows added."""
        rows = [(a.key, name, a.kind.value, a.subject, a.created, self.lang, title_of(a.text(self.lang)),
                 a.text(self.lang)) for a in alerts for name in self.senders]

        def insert(conn: sqlite3.Connection) -> int:
            before = conn.total_changes
            conn.executemany(
                "INSERT OR IGNORE INTO alert_queue (alert_key, channel, kind, subject, created, lang, title, text,"
                " status, attempts, delivered, delayed, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', 0,"
                " NULL, 0, '')", rows)
            return conn.total_changes - before

        return self.workspace.writer.call(insert)

    def retire_unconfigured(self) -> int:
        """Give up the alerts queued for channels that are no longer configured (a removed chat id or mailbox):
        nothing could ever send them, and they would stay "queued" for good. Each gets a `dropped` log row."""
        names = sorted(self.senders)
        marks = ", ".join("?" * len(names))
        now = self.clock()

        def retire(conn: sqlite3.Connection) -> int:
            rows = conn.execute(f"SELECT id, alert_key, channel FROM alert_queue WHERE status = 'queued'"
                                f" AND channel NOT IN ({marks})", names).fetchall()
            conn.executemany("UPDATE alert_queue SET status = 'dropped' WHERE id = ?", [(r[0],) for r in rows])
            conn.executemany("INSERT INTO alert_log (queue_id, alert_key, channel, ts, result, message) "
                             "VALUES (?, ?, ?, ?, 'dropped', 'the channel is no longer configured')",
                             [(*row, now) for row in rows])
            return len(rows)

        return self.workspace.writer.call(retire)

    def deliver_due(self) -> int:
        """Send what is due on every channel, oldest first; returns how many were delivered."""
        return sum(self._deliver_channel(name, sender) for name, sender in self.senders.items())

    def _deliver_channel(self, name: str, sender: AlertSender) -> int:
        delivered = 0
        while self.clock() >= self._next_attempt.get(name, 0.0):
            head = self._head(name)
            if head is None:
                return delivered
            now = self.clock()
            delayed = now - head.created > self.delay_after_s
            text = self._delayed_text(head) if delayed else head.text
            try:
                sender.send(head.title, text)
            except ChannelError as error:
                self._failed(head, error, self.clock())
                return delivered
            self._sent(head, self.clock(), delayed)
            delivered += 1
        return delivered

    def _delayed_text(self, row: QueuedAlert) -> str:
        raised = datetime.fromtimestamp(row.created, self.tz)
        stamp = f"{raised.strftime('%d-%m %H:%M')} {raised.tzname()}"
        if self.lang == "id":
            return f"[TERTUNDA — dibuat {stamp}] {row.text}"
        return f"[DELAYED — raised {stamp}] {row.text}"

    def _failed(self, row: QueuedAlert, error: ChannelError, now: float) -> None:
        failures = self._failures.get(row.channel, 0) + 1
        self._failures[row.channel] = failures
        if error.transient:
            wait = min(self.max_backoff_s, self.base_backoff_s * 2 ** (failures - 1))
        else:
            wait = self.max_backoff_s
        wait = max(wait, error.retry_after or 0.0)
        self._next_attempt[row.channel] = now + wait
        self._last_error[row.channel] = error.message

        def record(conn: sqlite3.Connection) -> None:
            conn.execute("UPDATE alert_queue SET attempts = attempts + 1, last_error = ? WHERE id = ?",
                         (error.message, row.id))
            conn.execute("INSERT INTO alert_log (queue_id, alert_key, channel, ts, result, message) "
                         "VALUES (?, ?, ?, ?, ?, ?)",
                         (row.id, row.alert_key, row.channel, now, error.kind.value, error.message))

        self.workspace.writer.call(record)

    def _sent(self, row: QueuedAlert, now: float, delayed: bool) -> None:
        self._failures.pop(row.channel, None)
        self._next_attempt.pop(row.channel, None)
        self._last_error.pop(row.channel, None)

        def record(conn: sqlite3.Connection) -> None:
            conn.execute("UPDATE alert_queue SET status = 'sent', attempts = attempts + 1, delivered = ?,"
                         " delayed = ? WHERE id = ?", (now, int(delayed), row.id))
            conn.execute("INSERT INTO alert_log (queue_id, alert_key, channel, ts, result, message) "
                         "VALUES (?, ?, ?, ?, 'sent', ?)",
                         (row.id, row.alert_key, row.channel, now, "delayed" if delayed else ""))

        self.workspace.writer.call(record)

    def _head(self, channel: str) -> QueuedAlert | None:
        rows = self._queue("WHERE channel = ? AND status = 'queued' ORDER BY id LIMIT 1", (channel,))
        return rows[0] if rows else None

    def _queue(self, where: str, params: tuple[object, ...] = ()) -> list[QueuedAlert]:
        return _read_queue(self.workspace, where, params)

    def queued(self) -> list[QueuedAlert]:
        """Alerts still waiting, oldest first: what the GUI shows as queued."""
        return self._queue("WHERE status = 'queued' ORDER BY id")

    def history(self) -> list[QueuedAlert]:
        return self._queue("ORDER BY id")

    def log(self, limit: int = 500) -> list[LogEntry]:
        """The last `limit` attempts, oldest first."""
        def read(conn: sqlite3.Connection) -> list[LogEntry]:
            rows = conn.execute("SELECT queue_id, alert_key, channel, ts, result, message FROM alert_log"
                                " ORDER BY id DESC LIMIT ?", (limit,))
            return [LogEntry(*row) for row in rows][::-1]

        return self.workspace.writer.call(read)

    def status(self) -> list[ChannelStatus]:
        counts: dict[str, int] = {}
        for row in self.queued():
            counts[row.channel] = counts.get(row.channel, 0) + 1
        return [ChannelStatus(name, counts.get(name, 0), self._failures.get(name, 0),
                              self._next_attempt.get(name, 0.0), self._last_error.get(name, ""))
                for name in self.senders]


def _read_queue(workspace: Workspace, where: str, params: tuple[object, ...] = ()) -> list[QueuedAlert]:
    sql = f"SELECT {_QUEUE_COLUMNS} FROM alert_queue {where}"

    def read(conn: sqlite3.Connection) -> list[QueuedAlert]:
        return [_queued(row) for row in conn.execute(sql, params)]

    return workspace.writer.call(read)


def read_queued(workspace: Workspace) -> list[QueuedAlert]:
    """Alerts still waiting on any channel, oldest first; for readers without an outbox (the GUI's log view)."""
    return _read_queue(workspace, "WHERE status = 'queued' ORDER BY id")


def read_log(workspace: Workspace, limit: int = 500) -> list[LogRow]:
    """The last `limit` delivery attempts with their alert's text, newest first."""

    def read(conn: sqlite3.Connection) -> list[LogRow]:
        rows = conn.execute(
            "SELECT l.ts, l.channel, l.result, l.message, l.alert_key, q.kind, q.created, q.text, q.delivered"
            " FROM alert_log AS l JOIN alert_queue AS q ON q.id = l.queue_id ORDER BY l.id DESC LIMIT ?", (limit,))
        return [LogRow(*row) for row in rows]

    return workspace.writer.call(read)
