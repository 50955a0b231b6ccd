"""Drawing a 30-day utilisation graph (issue #13's goal: < 100 ms).

A real workspace holds 30 days of one link's traffic written the way the poller writes it (a 30 s interval each,
in batches, with the rollups the writer keeps), raw rows pruned to the retention of one day as the retention
keeper leaves them. The Bandwidth panel then shows the 30-day range: the figure is from asking for the range to
the panel having read the workspace (worker thread), set the curves and heat-map, and painted itself whole
(`QWidget.grab()`, a synchronous full render), median and max over several runs. The read alone is reported too.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_traffic_graph.py [--days 30] [--runs 7]

Runs offscreen unless DISPLAY is set.
"""

from __future__ import annotations

import argparse
import os

if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import math
import statistics
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from pantau.domain.inventory import Link, LinkMedium, Network, Site, SiteKind
from pantau.domain.snmp_config import SnmpInterface
from pantau.domain.traffic import OperStatus, TrafficInterval
from pantau.storage.workspace import Workspace
from pantau.ui.traffic_panel import TrafficPanel, read_traffic_view

DAY = 86_400


def network() -> Network:
    snmp = SnmpInterface("127.0.0.1", "ether1", port=16100, community_secret="bench")
    return Network("bench", timezone="Asia/Makassar",
                   sites=[Site("dc", "DC", SiteKind.DATACENTER), Site("k", "K", SiteKind.KECAMATAN)],
                   links=[Link("l-k", "k", "dc", "Telkom", LinkMedium.FIBER, 10_000, snmp=snmp)])


def fill(workspace: Workspace, days: int, now: float) -> int:
    """`days` of 30 s intervals ending now: a daily shape, busy by day, quiet at night."""
    start = now - days * DAY
    rows = []
    count = 0
    t = start
    while t < now:
        hour = (t % DAY) / 3600
        share = 0.9 if 1 <= hour < 9 else 0.08  # 09:00–17:00 WITA is 01:00–09:00 UTC
        bps = 10_000_000 * share * (1 + 0.05 * math.sin(t / 97))
        rows.append(TrafficInterval("l-k", t, t + 30, bps, bps * 0.3, OperStatus.UP, 100_000_000))
        t += 30
        if len(rows) == 2880:
            workspace.record_traffic(rows)
            count += len(rows)
            rows = []
    workspace.record_traffic(rows)
    count += len(rows)
    workspace.purge_history(now, raw_days=1, minute_rollup_days=7)
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder, Workspace.open(Path(folder) / "bench.sqlite3") as workspace:
        net = network()
        workspace.replace_network(net)
        now = time.time()
        started = time.perf_counter()
        written = fill(workspace, args.days, now)
        print(f"wrote {written:,} intervals ({args.days} days) with rollups in {time.perf_counter() - started:.1f} s")
        link = net.links[0]
        reads = []
        for _ in range(args.runs):
            begun = time.perf_counter()
            view = read_traffic_view(workspace, link, net.timezone, now - args.days * DAY, now)
            reads.append((time.perf_counter() - begun) * 1000)
        print(f"read {len(view.series)} points ({view.series.source}): median {statistics.median(reads):.1f} ms, "
              f"max {max(reads):.1f} ms")
        panel = TrafficPanel(net, workspace)
        panel.resize(1300, 420)
        panel.show()
        app.processEvents()
        drawn = []
        for _ in range(args.runs):
            before = panel.view()
            begun = time.perf_counter()
            panel.set_range("30d")
            while panel.view() is before:
                app.processEvents()
            panel.grab()
            drawn.append((time.perf_counter() - begun) * 1000)
        print(f"30-day graph, asked to painted: median {statistics.median(drawn):.1f} ms, max {max(drawn):.1f} ms "
              f"(goal < 100 ms)")
        panel.close()


if __name__ == "__main__":
    main()
