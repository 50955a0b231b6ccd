"""The alert log view: every alert raised, newest first (what it said, in the window's language, and what became of it:
raised and on which channels it went, or which rule kept it back), then what is queued (and waiting long enough to
go out marked as delayed) and every delivery attempt with its alert, channel, time and result; "Delivered" is when
the alert finally went out on that channel, so a failed attempt shows whether it got through later. A channel whose
queued alerts keep failing is named in red above it all, with its last error, so an undeliverable alert is never a
quiet row among many.

The workspace is read on a `TaskRunner` thread every `refresh_ms` (one read at a time); `queued_changed` tells the
status bar how many alerts wait, each time that number changes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pantau.alerts.delivery import DEFAULT_DELAY_AFTER_S, LogRow, QueuedAlert, read_log, read_queued
from pantau.alerts.record import SUPPRESSED, RecordedAlert, read_record
from pantau.storage.workspace import Workspace
from pantau.ui.tables import read_only_table
from pantau.ui.workers import Progress, TaskRunner

_SHUTDOWN_WAIT_S = 5.0
_TABLE_MIN_HEIGHT = 36
_FAILED = QColor("#b00020")
_DELAYED = QColor("#8a4b00")


_ReadResult = tuple[list[RecordedAlert], list[QueuedAlert], list[LogRow]]


class AlertLogView(QWidget):
    """The alerts raised on top, the queued alerts below them, the log of attempts (newest first) at the bottom."""

    queued_changed = Signal(int)
    refreshed = Signal()

    def __init__(self, workspace: Workspace, *, timezone: str = "Asia/Makassar", refresh_ms: int = 5000,
                 log_limit: int = 500, delay_after_s: float = DEFAULT_DELAY_AFTER_S,
                 now: Callable[[], float] = time.time, lang: str = "id", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._lang = lang
        self._record: list[RecordedAlert] = []
        self._tz = ZoneInfo(timezone)
        self._log_limit = log_limit
        self._delay_after_s = delay_after_s
        self._now = now
        self._tasks = TaskRunner(self)
        self._reading = False
        self._queued_count: int | None = None
        self._queued: list[QueuedAlert] = []
        self._log: list[LogRow] = []
        self.problem_label = QLabel()
        self.problem_label.setObjectName("undeliveredAlerts")
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.problem_label.hide()
        self.record_label = QLabel()
        self.record_table = self._table(5)
        self.queue_label = QLabel()
        self.queue_table = self._table(5)
        self.log_label = QLabel()
        self.log_table = self._table(5)
        splitter = QSplitter(Qt.Orientation.Vertical)
        for label, table in ((self.record_label, self.record_table), (self.queue_label, self.queue_table),
                             (self.log_label, self.log_table)):
            pane = QWidget()
            layout = QVBoxLayout(pane)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.addWidget(label)
            layout.addWidget(table)
            splitter.addWidget(pane)
        layout = QVBoxLayout(self)
        layout.addWidget(self.problem_label)
        layout.addWidget(splitter)
        self.timer = QTimer(self)
        self.timer.setInterval(refresh_ms)
        self.timer.timeout.connect(self.refresh)
        self.retranslate_ui()
        self.timer.start()
        self.refresh()

    def _table(self, columns: int) -> QTableWidget:
        table = read_only_table(columns)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setWordWrap(False)
        # Three tables share the tab: each may shrink to a few rows, so the Alerts tab does not make the bottom
        # dock area (and so the map) taller than the other tabs do.
        table.setMinimumHeight(_TABLE_MIN_HEIGHT)
        return table

    def retranslate_ui(self) -> None:
        self.record_table.setHorizontalHeaderLabels([self.tr("Raised"), self.tr("Kind"), self.tr("Outcome"),
                                                     self.tr("Channels"), self.tr("Alert")])
        self.queue_table.setHorizontalHeaderLabels([self.tr("Raised"), self.tr("Channel"), self.tr("Attempts"),
                                                    self.tr("Last error"), self.tr("Alert")])
        self.log_table.setHorizontalHeaderLabels([self.tr("Time"), self.tr("Channel"), self.tr("Result"),
                                                  self.tr("Delivered"), self.tr("Alert")])
        self._show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # Reading ----------------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the queue and the log again, unless a read is still running."""
        if self._reading:
            return
        self._reading = True
        workspace, limit = self._workspace, self._log_limit

        def read(progress: Progress) -> _ReadResult:
            return read_record(workspace, limit), read_queued(workspace), read_log(workspace, limit)

        self._tasks.submit(read, self._on_read, on_error=self._on_read_error, name="pantau-alert-log-read")

    def _on_read(self, result: _ReadResult) -> None:
        self._reading = False
        self._record, self._queued, self._log = result
        self._show()
        if len(self._queued) != self._queued_count:
            self._queued_count = len(self._queued)
            self.queued_changed.emit(self._queued_count)
        self.refreshed.emit()

    def _on_read_error(self, error: Exception) -> None:
        self._reading = False
        self.log_label.setText(self.tr("The alert log could not be read: {error}").format(error=error))

    @property
    def queued_count(self) -> int:
        return self._queued_count or 0

    # Showing ----------------------------------------------------------------------------------------------------

    def _time(self, ts: float | None) -> str:
        if ts is None:
            return "–"
        return datetime.fromtimestamp(ts, self._tz).strftime("%d-%m-%Y %H:%M:%S")

    def is_delayed(self, row: QueuedAlert) -> bool:
        """A queued alert that will go out marked as delayed: it has waited longer than the outbox allows."""
        return self._now() - row.created > self._delay_after_s

    def _show_problems(self) -> None:
        failing: dict[str, tuple[int, str]] = {}
        for row in self._queued:
            if row.attempts and row.last_error:
                count, _error = failing.get(row.channel, (0, ""))
                failing[row.channel] = (count + 1, row.last_error)
        self.problem_label.setVisible(bool(failing))
        self.problem_label.setText("\n".join(
            self.tr("Alerts to {channel} are NOT being delivered ({count} waiting): {error}").format(
                channel=channel, count=count, error=error) for channel, (count, error) in failing.items()))

    def _kind(self, kind: str) -> str:
        names = {"down": self.tr("Down"), "recovered": self.tr("Recovered"), "degraded": self.tr("Degraded"),
                 "flapping": self.tr("Flapping"), "flap-summary": self.tr("Flapping summary"),
                 "contract": self.tr("Contract")}
        return names.get(kind, kind)

    def _outcome(self, row: RecordedAlert) -> str:
        if row.outcome != SUPPRESSED:
            return self.tr("Raised")
        reasons = {"maintenance": self.tr("in a maintenance window"),
                   "rule-off": self.tr("alerts are off for its group"),
                   "not-in-scope": self.tr("not among the offices alerted"),
                   "shown-today": self.tr("already shown today")}
        return self.tr("Suppressed: {reason}").format(reason=reasons.get(row.reason, row.reason))

    def _channels(self, row: RecordedAlert) -> str:
        if row.outcome == SUPPRESSED:
            return "–"
        if not row.channels:
            return self.tr("window only (no channel set up)")
        statuses = {"sent": self.tr("sent"), "queued": self.tr("queued"), "dropped": self.tr("dropped")}
        return " · ".join(f"{channel} {statuses.get(status, status)}" for channel, status in row.channels)

    def _show_record(self) -> None:
        self.record_label.setText(self.tr("Alerts raised (newest first): %n", "", len(self._record)))
        self.record_table.setRowCount(len(self._record))
        for index, row in enumerate(self._record):
            cells = [self._time(row.created), self._kind(row.kind), self._outcome(row), self._channels(row),
                     row.text(self._lang)]
            self._fill(self.record_table, index, cells, _DELAYED if row.outcome == SUPPRESSED else None)

    def set_language(self, lang: str) -> None:
        """List the alerts' texts in `lang` ("id" or "en"), as the window shows them."""
        self._lang = lang
        self._show()

    def _show(self) -> None:
        self._show_problems()
        self._show_record()
        delayed = sum(1 for row in self._queued if self.is_delayed(row))
        text = self.tr("Queued: %n alert(s)", "", len(self._queued))
        if delayed:
            text += " · " + self.tr("%n delayed", "", delayed)
        self.queue_label.setText(text)
        self.log_label.setText(self.tr("Alert log (newest first)"))
        self.queue_table.setRowCount(len(self._queued))
        for index, row in enumerate(self._queued):
            late = self.is_delayed(row)
            raised = self._time(row.created) + (" · " + self.tr("delayed") if late else "")
            cells = [raised, row.channel, str(row.attempts), row.last_error, row.text]
            self._fill(self.queue_table, index, cells, _DELAYED if late else None)
        self.log_table.setRowCount(len(self._log))
        for index, entry in enumerate(self._log):
            sent = entry.result == "sent"
            result = self.tr("sent") if sent else entry.result
            if sent and entry.message == "delayed":
                result = self.tr("sent (delayed)")
            elif not sent and entry.message:
                result = f"{result}: {entry.message}"
            cells = [self._time(entry.ts), entry.channel, result, self._time(entry.delivered), entry.text]
            self._fill(self.log_table, index, cells, None if sent else _FAILED)

    @staticmethod
    def _fill(table: QTableWidget, row: int, cells: list[str], colour: QColor | None) -> None:
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if colour is not None:
                item.setForeground(colour)
            table.setItem(row, column, item)

    def set_timezone(self, timezone: str) -> None:
        """Show times in this zone (another network's) from the next refresh on."""
        self._tz = ZoneInfo(timezone)
        self.refresh()

    def shutdown(self) -> None:
        """Stop refreshing and wait for a read in progress; call before the widget is destroyed."""
        self.timer.stop()
        self._tasks.wait(_SHUTDOWN_WAIT_S)
