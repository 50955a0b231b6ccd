"""The retention keeper purges on start and stops promptly."""

from __future__ import annotations

import time
from pathlib import Path

from pantau.domain.inventory import MonitoringSettings
from pantau.domain.samples import Sample
from pantau.storage.retention import RetentionKeeper
from pantau.storage.workspace import Workspace

DAY = 86_400


def test_old_rounds_are_purged_at_start_and_recent_ones_kept(tmp_path: Path) -> None:
    now = time.time()
    with Workspace.open(tmp_path / "ws.sqlite3") as workspace:
        workspace.submit([Sample(now - 3 * DAY, "t", "icmp", 1.0), Sample(now - 60, "t", "icmp", 2.0)])
        workspace.flush()
        keeper = RetentionKeeper(workspace, MonitoringSettings(raw_retention_days=2), interval_s=3600)
        keeper.start()
        deadline = time.monotonic() + 5
        while keeper.purges == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        keeper.stop()
        assert keeper.purges == 1
        assert [s.rtt_ms for s in workspace.samples("t", now - 10 * DAY, now + 1)] == [2.0]
