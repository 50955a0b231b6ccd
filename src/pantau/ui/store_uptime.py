"""The window on the shared store's "Uptime 24 h" column: every office's uptime as the store's vantages saw it
together (`reporting.store_uptime`: down only while silent from every vantage that measured it; time no vantage
measured not counted), read from the store on a worker thread.

A day's figure moves slowly, so it is read once a minute and whenever `refresh` is asked (the window's watch asks
when the inventory's revision or the set of agents changes), never with the views' one-second poll; one read at a
time, on its own connection, so a read of the whole network never holds up the poll of the views. When the store
cannot be read the figures stay for `KEEP_FIGURES_S` (a short outage of the store is no reason to blank a day's
figure), then go to "—": a figure nobody can bring up to date is not shown as today's.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from pantau.domain.inventory import Network
from pantau.reporting.availability import Availability
from pantau.reporting.store_uptime import read_store_uptime
from pantau.storage.pg_store import PgStore, StoreError
from pantau.storage.store_access import StoreAccess
from pantau.ui.main_window import MainWindow
from pantau.ui.workers import Progress, TaskRunner

log = logging.getLogger(__name__)

UPTIME_REFRESH_MS = 60_000
KEEP_FIGURES_S = 5 * 60.0
_CONNECT_TIMEOUT_S = 5
_SHUTDOWN_WAIT_S = 10.0


class StoreUptime(QObject):
    """Keeps `window`'s uptime column up to date from the store `access` (see the module docstring)."""

    def __init__(self, window: MainWindow, access: StoreAccess, *, interval_ms: int = UPTIME_REFRESH_MS,
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__(window)
        self._window = window
        self._access = access
        self._clock = clock
        self._tasks = TaskRunner(self)
        # Touched only by the read task (one at a time), and by `stop` once no task runs.
        self._store: PgStore | None = None
        self._reading = False
        self._again = False
        self._stopped = False
        self._last_ok: float | None = None
        # The last read's availabilities and its error ("" once read).
        self.figures: dict[str, Availability] = {}
        self.error = ""
        self.reads = 0
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.refresh)

    def start(self) -> None:
        self._window.site_table.model.set_vantages_combined(True)
        self._timer.start()
        self.refresh()

    def stop(self) -> None:
        """Stop and close the connection; waits for a read in flight (the window is gone by then)."""
        self._stopped = True
        self._timer.stop()
        if self._tasks.wait(_SHUTDOWN_WAIT_S) and self._store is not None:
            self._store.close()
            self._store = None

    def refresh(self) -> None:
        """Read the figures now, or right after the read in flight (which may predate what asked)."""
        if self._stopped:
            return
        if self._reading:
            self._again = True
            return
        self._reading = True
        self._again = False
        network, now = self._window.network, self._clock()

        def read(_progress: Progress) -> dict[str, Availability]:
            try:
                if self._store is None:
                    self._store = self._access.open(connect_timeout_s=_CONNECT_TIMEOUT_S)
                return read_store_uptime(self._store, network, now)
            except StoreError:
                # The connection may be what broke: the next read makes a new one.
                if self._store is not None:
                    self._store.close()
                    self._store = None
                raise

        self._tasks.submit(read, lambda figures: self._on_read(network, now, figures), on_error=self._on_failed,
                           name="pantau-store-uptime")

    def _on_read(self, network: Network, now: float, figures: dict[str, Availability]) -> None:
        self._reading = False
        if self._stopped:
            return
        self.reads += 1
        self.error = ""
        self._last_ok = now
        if network is self._window.network:
            self.figures = figures
            self._window.session.set_site_uptime({site: found.uptime for site, found in figures.items()
                                                  if found.uptime is not None})
        if self._again or network is not self._window.network:
            self.refresh()

    def _on_failed(self, error: Exception) -> None:
        self._reading = False
        if self._stopped:
            return
        self.error = str(error)
        log.warning("could not read the uptime from the shared store: %s", error)
        if self.figures and (self._last_ok is None or self._clock() - self._last_ok > KEEP_FIGURES_S):
            self.figures = {}
            self._window.session.set_site_uptime({})
        if self._again:
            self.refresh()
