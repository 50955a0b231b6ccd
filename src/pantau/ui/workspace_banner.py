"""The banner above the map that says what is wrong with, or special about, the window's workspace.

Red: the workspace cannot be written (a full disk, read-only or damaged file), with the reason, what memory holds
meanwhile and what was lost; once writing works again it says so, with the losses, until dismissed. Blue: the
window only watches, because another Pantau probes this workspace (named: pid, host) or because it is on read-only
media; when the watched monitor stops, it says the states are no longer live and offers to monitor here. In store
mode it names the shared store and its agents (blue), or says the store cannot be read (red).

Writer health is polled once a second from memory (`SampleWriter.health()`: no disk), so the GUI thread never
waits on the disk; the watch texts are set by the watch source (ui/watch.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from pantau.storage.backlog import WriteHealth
from pantau.storage.lock import LockHolder
from pantau.storage.workspace import Workspace

HEALTH_POLL_MS = 1000
_RED = ("#workspaceBanner { background: #b00020; border-bottom: 1px solid #7a0016; }"
        "#workspaceBanner QLabel { color: white; font-weight: bold; }")
_BLUE = ("#workspaceBanner { background: #dbe9f7; border-bottom: 1px solid #7ba3cc; }"
         "#workspaceBanner QLabel { color: #0d2b4a; }")
_GREEN = ("#workspaceBanner { background: #e3f3e3; border-bottom: 1px solid #7fbf7f; }"
          "#workspaceBanner QLabel { color: #143d14; }")


class WorkspaceBanner(QFrame):
    """Hidden until there is something to say; `takeOverRequested` when "Monitor here" is pressed."""

    takeOverRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workspaceBanner")
        self.text = QLabel(self)
        self.text.setObjectName("workspaceBannerText")
        self.text.setWordWrap(True)
        self.take_over_button = QPushButton(self)
        self.take_over_button.setObjectName("monitorHereButton")
        self.take_over_button.clicked.connect(self.takeOverRequested)
        self.take_over_button.hide()
        self.dismiss_button = QToolButton(self)
        self.dismiss_button.clicked.connect(self._dismiss)
        self.dismiss_button.hide()
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 6, 6)
        row.addWidget(self.text, 1)
        row.addWidget(self.take_over_button)
        row.addWidget(self.dismiss_button)
        self._workspace: Workspace | None = None
        self._health = WriteHealth()
        self._recovered: WriteHealth | None = None
        self._watch: Callable[[], str] | None = None
        self._watch_stopped = False
        self._watch_alarm = False
        self._timer = QTimer(self)
        self._timer.setInterval(HEALTH_POLL_MS)
        self._timer.timeout.connect(self._poll)
        self.hide()
        self.retranslate_ui()

    # --- what it follows -----------------------------------------------------------------------------------------

    def follow_writer(self, workspace: Workspace) -> None:
        """Say when this window's own writes to `workspace` fail, and when they work again."""
        self._workspace = workspace
        self._timer.start()
        self._poll()

    def stop(self) -> None:
        self._timer.stop()

    def show_watching(self, holder: LockHolder | None, read_only: bool, stopped: bool = False) -> None:
        """The window watches: another Pantau (`holder`) probes this workspace, or it is `read_only`. `stopped`:
        the watched monitor is gone, so what is shown is no longer live."""
        def text() -> str:
            if read_only:
                return self.tr("Read-only workspace: it is on media that cannot be written, so this window shows "
                               "what it holds and neither probes nor saves anything.")
            if stopped or holder is None:
                return self.tr("Watching: the monitor that was probing this workspace has stopped. Every office "
                               "shows Unknown until monitoring resumes here or there.")
            return self.tr("Watching: {command} (pid {pid} on {host}) is probing this workspace. This window "
                           "shows what it records and does not probe or send alerts itself.").format(
                command=holder.command or "Pantau", pid=holder.pid or "?", host=holder.host or "?")

        self._watch = text
        self._watch_stopped = stopped and not read_only
        self._watch_alarm = False
        self._show()

    def show_store(self, text: Callable[[], str], alarm: bool = False) -> None:
        """The window shows the shared store: `text` (called again on a language change) names it and its agents;
        `alarm` when the store cannot be read."""
        self._watch = text
        self._watch_stopped = False
        self._watch_alarm = alarm
        self._show()

    def clear_watching(self) -> None:
        self._watch = None
        self._watch_stopped = False
        self._watch_alarm = False
        self._show()

    # --- showing ---------------------------------------------------------------------------------------------

    @property
    def failing(self) -> bool:
        return self._health.failing

    def _poll(self) -> None:
        if self._workspace is None:
            return
        health = self._workspace.writer.health()
        if health == self._health:
            return
        if self._health.failing and not health.failing:
            self._recovered = health
        elif health.failing:
            self._recovered = None
        self._health = health
        self._show()

    def _dismiss(self) -> None:
        self._recovered = None
        self._show()

    def _losses(self, health: WriteHealth) -> str:
        if not health.lost_samples and not health.lost_changes:
            return self.tr("nothing was lost.")
        span = ""
        if health.lost_from is not None and health.lost_to is not None:
            span = self.tr(" (from {start} to {end})").format(
                start=time.strftime("%H:%M:%S", time.localtime(health.lost_from)),
                end=time.strftime("%H:%M:%S", time.localtime(health.lost_to)))
        return self.tr("{samples} samples{span} and {changes} state changes were lost.").format(
            samples=f"{health.lost_samples:,}", span=span, changes=health.lost_changes)

    def _reason(self, reason: str) -> str:
        reasons = {
            "the disk is full": self.tr("the disk is full"),
            "the disk reports an input/output error": self.tr("the disk reports an input/output error"),
            "the workspace is read-only": self.tr("the workspace is read-only"),
            "the workspace file is damaged": self.tr("the workspace file is damaged"),
            "the workspace file cannot be opened": self.tr("the workspace file cannot be opened"),
            "another program holds the workspace's write lock":
                self.tr("another program holds the workspace's write lock"),
        }
        return reasons.get(reason, reason)

    def _show(self) -> None:
        health = self._health
        self.take_over_button.setVisible(False)
        self.dismiss_button.setVisible(False)
        if health.failing:
            text = self.tr("Cannot save to the workspace: {reason} ({detail}). Monitoring and alerts go on; the "
                           "newest samples and every state change are kept in memory, and saving is retried every "
                           "few seconds.").format(reason=self._reason(health.reason), detail=health.detail)
            if health.lost_samples or health.lost_changes:
                text += " " + self.tr("Memory is full: {losses}").format(losses=self._losses(health))
            self.setStyleSheet(_RED)
        elif self._recovered is not None:
            text = self.tr("Saving to the workspace works again; {losses}").format(
                losses=self._losses(self._recovered))
            self.setStyleSheet(_GREEN)
            self.dismiss_button.setVisible(True)
        elif self._watch is not None:
            text = self._watch()
            self.setStyleSheet(_RED if self._watch_alarm else _BLUE)
            self.take_over_button.setVisible(self._watch_stopped)
        else:
            self.hide()
            return
        self.text.setText(text)
        self.show()

    def retranslate_ui(self) -> None:
        self.take_over_button.setText(self.tr("Monitor here"))
        self.take_over_button.setToolTip(self.tr("Probe the network from this window and send its alerts"))
        self.dismiss_button.setText(self.tr("Dismiss"))
        self._show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
