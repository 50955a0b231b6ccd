"""The alert outbox: alerts queued in the workspace, delivered in order per channel, retried with backoff.

When the uplink is down, Telegram and email cannot leave either: an alert waits in `alert_queue` (it survives a
restart) and goes out when the path returns, marked as delayed when it leaves more than `delay_after_s` after it
was raised. A channel is strictly ordered: while its oldest alert fails, the ones behind it wait too, so the
officer never reads a recovery before the outage it ends. A failing channel backs off exponentially (the server's
own retry_after when it asks for longer); one that needs a person (bad token, chat not found) waits the longest
backoff and keeps its alerts rather than dropping them. Every attempt is a row of `alert_log`.

Writes and reads run on the workspace's writer thread (`SampleWriter.call`), so this module never opens the file.
When the workspace cannot be written (a full disk), alerting goes on from memory: alerts that could not be queued
wait in memory (in order, behind those already queued) and are sent from there, attempts that could not be logged
are logged once writing works again, and an alert sent but not yet marked sent is never sent twice.

A channel that starts failing is told once per kind of failure to `on_problem` (and once more when it delivers
again), so `pantau monitor` and the window can say loudly that alerts are not getting through.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from pantau.alerts.channel import AlertSender, ChannelError
from pantau.alerts.wording import AlertWording
from pantau.domain.alerts import Alert
from pantau.storage.workspace import Workspace, WorkspaceError

log = logging.getLogger(__name__)

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


@dataclass(frozen=True)
class DeliveryProblem:
    """A channel started failing in a new way (`kind`, a `ChannelErrorKind` value, and the channel's `message`), or
    delivers again (`resolved`)."""

    channel: str
    kind: str
    message: str
    resolved: bool = False


ProblemListener = Callable[[DeliveryProblem], None]
_Record = Callable[[sqlite3.Connection], None]


@dataclass
class _Unsaved:
    """An alert queued in memory because the workspace could not be written, with its attempts so far."""

    row: QueuedAlert
    lang: str
    attempts: list[tuple[float, str, str]] = field(default_factory=list)


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
    def __init__(self, workspace: Workspace, senders: Sequence[AlertSender], *, wording: AlertWording, lang: str = "id",
                 timezone: str = "Asia/Makassar", base_backoff_s: float = 5.0, max_backoff_s: float = 600.0,
                 delay_after_s: float = DEFAULT_DELAY_AFTER_S, clock: Callable[[], float] = time.time) -> None:
        self.workspace = workspace
        self.senders = {sender.name: sender for sender in senders}
        self.wording = wording
        self.lang = lang
        self.tz = ZoneInfo(timezone)
        self.base_backoff_s = base_backoff_s
        self.max_backoff_s = max_backoff_s
        self.delay_after_s = delay_after_s
        self.clock = clock
        self._failures: dict[str, int] = {}
        self._next_attempt: dict[str, float] = {}
        self._last_error: dict[str, str] = {}
        self.on_problem: ProblemListener | None = None
        self._reported: dict[str, str] = {}
        # Kept in memory while the workspace cannot be written (see the module docstring).
        self._unsaved: list[_Unsaved] = []
        self._unrecorded: list[_Record] = []
        self._sent_unrecorded: set[int] = set()

    def set_senders(self, senders: Sequence[AlertSender]) -> None:
        """Send through these channels from now on (call on the delivering thread); a channel that stays keeps
        its backoff, and alerts queued for one that went are retired by `retire_unconfigured`."""
        self.senders = {sender.name: sender for sender in senders}
        for state in (self._failures, self._next_attempt, self._last_error):
            for name in [name for name in state if name not in self.senders]:
                del state[name]

    def enqueue(self, alerts: Iterable[Alert]) -> int:
        """Queue each alert once per channel (an alert key already queued is ignored); returns rows added."""
        texts = [(a, self.wording.text(a, self.lang)) for a in alerts]
        rows = [(a.key, name, a.kind.value, a.subject, a.created, self.lang, title_of(text), text)
                for a, text in texts for name in self.senders]

        def insert(conn: sqlite3.Connection) -> int:
            before = conn.total_changes
            conn.executemany(
                "INSERT OR IGNORE INTO alert_queue (alert_key, channel, kind, subject, created, lang, title, text,"
                " status, attempts, delivered, delayed, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', 0,"
                " NULL, 0, '')", rows)
            return conn.total_changes - before

        if not self._unsaved:
            try:
                return self.workspace.writer.call(insert)
            except (sqlite3.Error, WorkspaceError) as error:
                log.info("alerts are kept in memory until the workspace can be written: %s", error)
        held = {(item.row.alert_key, item.row.channel) for item in self._unsaved}
        added = 0
        for key, channel, kind, subject, created, lang, title, text in rows:
            if (key, channel) in held:
                continue
            held.add((key, channel))
            row = QueuedAlert(-len(self._unsaved) - 1, key, channel, kind, subject, created, title, text, QUEUED,
                              0, None, False, "")
            self._unsaved.append(_Unsaved(row, lang))
            added += 1
        return added

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
        self._save_unsaved()
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
        return self.wording.delayed(row.text, stamp, self.lang)

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
        if self._reported.get(row.channel) != error.kind.value:
            self._reported[row.channel] = error.kind.value
            self._tell(DeliveryProblem(row.channel, error.kind.value, error.message))
        if row.id < 0:
            self._update_unsaved(row.id, lambda item: (
                replace(item.row, attempts=item.row.attempts + 1, last_error=error.message),
                (now, error.kind.value, error.message)))
            return

        def record(conn: sqlite3.Connection) -> None:
            conn.execute("UPDATE alert_queue SET attempts = attempts + 1, last_error = ? WHERE id = ?",
                         (error.message, row.id))
            conn.execute("INSERT INTO alert_log (queue_id, alert_key, channel, ts, result, message) "
                         "VALUES (?, ?, ?, ?, ?, ?)",
                         (row.id, row.alert_key, row.channel, now, error.kind.value, error.message))

        self._record(record)

    def _sent(self, row: QueuedAlert, now: float, delayed: bool) -> None:
        self._failures.pop(row.channel, None)
        self._next_attempt.pop(row.channel, None)
        self._last_error.pop(row.channel, None)
        if self._reported.pop(row.channel, None) is not None:
            self._tell(DeliveryProblem(row.channel, "", "", resolved=True))
        note = "delayed" if delayed else ""
        if row.id < 0:
            self._update_unsaved(row.id, lambda item: (
                replace(item.row, status=SENT, attempts=item.row.attempts + 1, delivered=now, delayed=delayed),
                (now, SENT, note)))
            return

        def record(conn: sqlite3.Connection) -> None:
            conn.execute("UPDATE alert_queue SET status = 'sent', attempts = attempts + 1, delivered = ?,"
                         " delayed = ? WHERE id = ?", (now, int(delayed), row.id))
            conn.execute("INSERT INTO alert_log (queue_id, alert_key, channel, ts, result, message) "
                         "VALUES (?, ?, ?, ?, 'sent', ?)",
                         (row.id, row.alert_key, row.channel, now, note))

        # Until it is on record, the row still says queued: remembering it here keeps it from going out twice.
        self._sent_unrecorded.add(row.id)
        self._record(record, sent_id=row.id)

    def _tell(self, problem: DeliveryProblem) -> None:
        if self.on_problem is not None:
            try:
                self.on_problem(problem)
            except Exception:
                log.exception("a delivery problem listener failed")

    def _record(self, record: _Record, sent_id: int | None = None) -> None:
        """Write `record`, or keep it for later when the workspace cannot be written."""
        if not self._unrecorded:
            try:
                self.workspace.writer.call(record)
            except (sqlite3.Error, WorkspaceError) as error:
                log.info("an alert attempt is kept in memory until the workspace can be written: %s", error)
            else:
                if sent_id is not None:
                    self._sent_unrecorded.discard(sent_id)
                return
        self._unrecorded.append(record)

    def _update_unsaved(self, row_id: int,
                        change: Callable[[_Unsaved], tuple[QueuedAlert, tuple[float, str, str]]]) -> None:
        for item in self._unsaved:
            if item.row.id == row_id:
                item.row, attempt = change(item)
                item.attempts.append(attempt)
                return

    def _save_unsaved(self) -> None:
        """Write what memory holds (attempts on record first, then the alerts queued in memory), once the
        workspace takes writes again."""
        if not self._unrecorded and not self._unsaved:
            return
        records, unsaved = list(self._unrecorded), list(self._unsaved)

        def save(conn: sqlite3.Connection) -> None:
            for record in records:
                record(conn)
            for item in unsaved:
                r = item.row
                cursor = conn.execute(
                    "INSERT OR IGNORE INTO alert_queue (alert_key, channel, kind, subject, created, lang, title,"
                    " text, status, attempts, delivered, delayed, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
                    " ?, ?, ?, ?)", (r.alert_key, r.channel, r.kind, r.subject, r.created, item.lang, r.title,
                                     r.text, r.status, r.attempts, r.delivered, int(r.delayed), r.last_error))
                if cursor.rowcount:
                    conn.executemany("INSERT INTO alert_log (queue_id, alert_key, channel, ts, result, message) "
                                     "VALUES (?, ?, ?, ?, ?, ?)",
                                     [(cursor.lastrowid, r.alert_key, r.channel, *attempt)
                                      for attempt in item.attempts])

        try:
            self.workspace.writer.call(save)
        except (sqlite3.Error, WorkspaceError):
            return
        log.info("the workspace takes writes again: %d alerts and %d attempts kept in memory are saved",
                 len(unsaved), len(records))
        self._unrecorded.clear()
        self._sent_unrecorded.clear()
        self._unsaved.clear()

    def _head(self, channel: str) -> QueuedAlert | None:
        skip = sorted(self._sent_unrecorded)
        marks = ", ".join("?" * len(skip))
        try:
            rows = self._queue(f"WHERE channel = ? AND status = 'queued' AND id NOT IN ({marks}) ORDER BY id LIMIT 1",
                               (channel, *skip))
        except (sqlite3.Error, WorkspaceError):
            rows = []
        if rows:
            return rows[0]
        return next((item.row for item in self._unsaved if item.row.channel == channel and item.row.status == QUEUED),
                    None)

    def _queue(self, where: str, params: tuple[object, ...] = ()) -> list[QueuedAlert]:
        return _read_queue(self.workspace, where, params)

    def queued(self) -> list[QueuedAlert]:
        """Alerts still waiting, oldest first (those kept in memory last): what the GUI shows as queued."""
        stored = [row for row in self._queue("WHERE status = 'queued' ORDER BY id")
                  if row.id not in self._sent_unrecorded]
        return stored + [item.row for item in self._unsaved if item.row.status == QUEUED]

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
