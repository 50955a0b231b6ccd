"""The window's view of each site's line use, kept from the link poller's news and seeded once from the workspace.

`SiteUseTracker` hears the bridge's `linkUseChanged` (the poller's newest interval per link), keeps the last hour
of intervals in memory (`domain.line_use.RecentPeaks`), and says `siteUseChanged(dict[str, SiteUse])` for every
site whose serving line is measured. When monitoring starts it reads the last hour from the workspace on a worker
thread, so "Use %" after a restart already knows the hour before it.
"""

from __future__ import annotations

import time
from datetime import date

from PySide6.QtCore import QObject, Signal

from pantau.domain.inventory import Network
from pantau.domain.line_use import HOUR_S, RecentPeaks, SiteUse, site_uses
from pantau.domain.traffic import LineLoad, TrafficInterval
from pantau.probing.link_poller import LinkUse
from pantau.storage.workspace import Workspace
from pantau.ui.workers import Progress, TaskRunner


class SiteUseTracker(QObject):
    siteUseChanged = Signal(object)

    def __init__(self, network: Network, workspace: Workspace | None, today: date,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._network = network
        self._workspace = workspace
        self._today = today
        self._peaks = RecentPeaks()
        self._loads: dict[str, LineLoad] = {}
        self._problems: dict[str, str | None] = {}
        self._uses: dict[str, SiteUse] = {}
        self._tasks = TaskRunner(self)

    def uses(self) -> dict[str, SiteUse]:
        return dict(self._uses)

    def set_network(self, network: Network, today: date) -> None:
        self._network, self._today = network, today
        self._publish()

    def on_link_uses(self, uses: dict[str, LinkUse]) -> None:
        measured = {link.id for link in self._network.links if link.snmp is not None}
        for use in uses.values():
            if use.link not in measured:
                continue
            interval = use.interval
            if interval is not None and interval.in_bps is not None and interval.out_bps is not None:
                self._peaks.add(use.link, interval.end, max(interval.in_bps, interval.out_bps))
            self._loads[use.link] = use.load
            self._problems[use.link] = use.problem
        self._publish()

    def seed(self) -> None:
        """Read the measured lines' last hour from the workspace (worker thread), then publish."""
        workspace = self._workspace
        links = [link.id for link in self._network.links if link.snmp is not None]
        if workspace is None or not links:
            return
        now = time.time()

        def read(_progress: Progress) -> list[TrafficInterval]:
            return [row for link in links for row in workspace.traffic(link, now - HOUR_S, now)]

        self._tasks.submit(read, self._seeded, on_error=lambda _error: None, name="pantau-line-use-seed")

    def _seeded(self, rows: list[TrafficInterval]) -> None:
        for row in rows:
            if row.in_bps is not None and row.out_bps is not None:
                self._peaks.add(row.link, row.end, max(row.in_bps, row.out_bps))
        self._publish()

    def _publish(self) -> None:
        self._uses = site_uses(self._network, self._today, self._loads, self._problems, self._peaks, time.time())
        self.siteUseChanged.emit(dict(self._uses))
