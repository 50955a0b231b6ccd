"""The window's claim on its workspace: it monitors only when it holds the workspace's lock; otherwise it watches.

One writer per workspace (storage/lock.py): a window opening a workspace that `pantau monitor` (or another window)
already probes must not probe it twice, record every state change twice and send every alert twice. It shows
instead what that monitor records: `WorkspaceWatch` reads the workspace's latest site states, figures and uptime
every couple of seconds on a worker thread (never on the GUI thread) and hands them to the window, with a banner
naming who probes. A workspace on read-only media is watched the same way. When the watched monitor stops, the
window says so, shows every office Unknown (what it last recorded is no longer evidence), and offers to monitor
here; "Monitor here" takes the lock and starts the window's own engine and alert service.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer

from pantau.domain.states import HealthState
from pantau.storage.lock import LockHolder, WorkspaceLock, WorkspaceLockedError, lock_holder
from pantau.storage.workspace import Workspace, WorkspaceError
from pantau.ui.bridge import WorkspaceView, read_workspace_view
from pantau.ui.main_window import MainWindow
from pantau.ui.workers import Progress, TaskRunner

WATCH_INTERVAL_MS = 2000
WINDOW_COMMAND = "the Pantau window"
_SHUTDOWN_WAIT_S = 5.0


@dataclass(frozen=True)
class _Read:
    view: WorkspaceView
    holder: LockHolder | None


class WorkspaceWatch(QObject):
    """Shows in `window` what another Pantau records in `workspace`, read every `interval_ms` on a worker thread.
    `holder` None with a writable workspace: the monitor has stopped."""

    def __init__(self, window: MainWindow, workspace: Workspace, holder: LockHolder | None, *,
                 interval_ms: int = WATCH_INTERVAL_MS) -> None:
        super().__init__(window)
        self._window = window
        self._workspace = workspace
        self.holder = holder
        self._tasks = TaskRunner(self)
        self._reading = False
        self._stopped = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll)
        self.reads = 0

    @property
    def monitor_gone(self) -> bool:
        return not self._workspace.read_only and self.holder is None

    def start(self) -> None:
        self._window.workspace_banner.show_watching(self.holder, self._workspace.read_only)
        self._timer.start()
        self.poll()

    def stop(self) -> None:
        self._stopped = True
        self._timer.stop()
        self._tasks.wait(_SHUTDOWN_WAIT_S)

    def poll(self) -> None:
        if self._reading or self._stopped:
            return
        self._reading = True
        network, workspace = self._window.network, self._workspace

        def read(_progress: Progress) -> _Read:
            holder = None if workspace.read_only else lock_holder(workspace.path)
            return _Read(read_workspace_view(network, workspace, time.time()), holder)

        self._tasks.submit(read, self._show, on_error=self._failed, name="pantau-watch-read")

    def _show(self, read: _Read) -> None:
        self._reading = False
        if self._stopped:
            return
        self.reads += 1
        window = self._window
        self.holder = read.holder
        window.workspace_banner.show_watching(read.holder, self._workspace.read_only, stopped=self.monitor_gone)
        if self.monitor_gone:
            # Nobody probes any more: what the workspace says last is not evidence of anything now.
            window.set_site_states({site.id: HealthState.UNKNOWN for site in window.network.sites})
            window.set_site_metrics({})
            return
        window.session.show_recorded(read.view)

    def _failed(self, error: Exception) -> None:
        self._reading = False
        if not self._stopped:
            self._window.statusBar().showMessage(
                self.tr("Could not read the workspace: {error}").format(error=error), 10_000)


class WorkspaceClaim:
    """Decides, when the window starts, whether it monitors (it got the lock) or watches; `end()` after
    `window.shutdown()` gives the lock back."""

    def __init__(self, window: MainWindow, workspace: Workspace | None, *,
                 on_monitor: Callable[[], None] | None = None, interval_ms: int = WATCH_INTERVAL_MS) -> None:
        self.window = window
        self.workspace = workspace
        self.on_monitor = on_monitor
        self.interval_ms = interval_ms
        self.lock: WorkspaceLock | None = None
        self.watch: WorkspaceWatch | None = None
        window.workspace_banner.takeOverRequested.connect(self.take_over)

    def begin(self) -> None:
        workspace = self.workspace
        if workspace is None:
            self.window.start_monitoring()
            return
        if workspace.read_only:
            self._watch(None)
            return
        try:
            self._lock(workspace)
        except WorkspaceLockedError as error:
            self._watch(error.holder)
            return
        except WorkspaceError as error:
            # No lock can be made beside it (a read-only folder around a writable file): monitor anyway, and say
            # that nothing keeps a second Pantau out.
            self.window.statusBar().showMessage(str(error), 30_000)
        self._monitor(workspace)

    def take_over(self) -> bool:
        """Monitor here after the watched monitor stopped; False (and a message) when someone else was first."""
        workspace = self.workspace
        if workspace is None or workspace.read_only or self.lock is not None:
            return False
        try:
            self._lock(workspace)
        except WorkspaceError as error:
            self.window.statusBar().showMessage(str(error), 15_000)
            return False
        if self.watch is not None:
            self.watch.stop()
            self.watch = None
        self.window.set_watching(False)
        self._monitor(workspace)
        return True

    def end(self) -> None:
        if self.watch is not None:
            self.watch.stop()
            self.watch = None
        self.window.workspace_banner.stop()
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def _lock(self, workspace: Workspace) -> None:
        lock = WorkspaceLock(workspace.path, WINDOW_COMMAND)
        lock.acquire()
        self.lock = lock

    def _monitor(self, workspace: Workspace) -> None:
        self.window.workspace_banner.clear_watching()
        self.window.workspace_banner.follow_writer(workspace)
        self.window.start_monitoring()
        if self.on_monitor is not None:
            self.on_monitor()

    def _watch(self, holder: LockHolder | None) -> None:
        assert self.workspace is not None
        self.window.set_watching(True)
        self.watch = WorkspaceWatch(self.window, self.workspace, holder, interval_ms=self.interval_ms)
        self.watch.start()
