"""Keeps the workspace within its retention: an hourly purge of old raw rounds and 1-minute rollups.

It runs on its own thread so neither the probe engine nor the GUI waits for a purge; the purge itself goes through
the workspace's single writer in small steps, so sample batches keep committing while it runs.
"""

from __future__ import annotations

import logging
import threading
import time

from pantau.domain.inventory import MonitoringSettings
from pantau.storage.workspace import Workspace, WorkspaceError

log = logging.getLogger(__name__)

PURGE_INTERVAL_S = 3600.0


class RetentionKeeper:
    def __init__(self, workspace: Workspace, settings: MonitoringSettings,
                 interval_s: float = PURGE_INTERVAL_S) -> None:
        self._workspace = workspace
        self._settings = settings
        self._interval_s = interval_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pantau-retention")
        self.purges = 0

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def purge_now(self) -> tuple[int, int]:
        deleted = self._workspace.purge_history(time.time(), self._settings.raw_retention_days,
                                                self._settings.minute_rollup_retention_days)
        self.purges += 1
        return deleted

    def _run(self) -> None:
        # The first purge at start: a workspace left unmonitored for a week catches up at once.
        while not self._stop.is_set():
            try:
                self.purge_now()
            except WorkspaceError as error:
                # A full disk or a read-only file: said by the writer's health, not once more per purge.
                log.info("purging old history failed (%s); the next attempt is in an hour", error)
            except Exception:
                log.exception("purging old history failed; the next attempt is in an hour")
            self._stop.wait(self._interval_s)
