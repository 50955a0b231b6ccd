"""Graph speed and memory against the goals of issue 6.

1. Drawing 30 days of one site (goal < 100 ms): read from the workspace and draw once (setData plus a synchronous
   paint of the widget), via the default path (the 30 d range reads the 1-hour rollups, 720 points) and from
   the 1-minute rollups (43 200 points, the issue's original wording: 720 packed hours unpacked). The workspace
   keeps the default 30 days of 1-minute rollups and holds 31 days of one-minute rounds of one target (rtts with
   noise, so the packed hours are as large as a real line's), written through the real writer and purged to that
   retention.
2. Updating 20 live curves at 1 Hz (goal < 5 ms per update): 20 compared sites, each with 15 minutes of 1-second
   rounds in a `LiveBuffer`; per update one new round per site, then `refresh_live` (setData of every curve) and a
   synchronous paint, timed apart.
3. RSS with 500 sites × 24 h live buffers (goal < 250 MB): a `LiveBuffer` filled with a day of rounds for 500
   targets (every minute, and every second in the last hour, so both of its rings are full) next to a shown graph
   widget; the process's resident set afterwards.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_graphs.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import os

if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import math
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from pantau.domain.inventory import MonitoringSettings, Network, Site, SiteKind, Target, TargetRole
from pantau.domain.results import ProbeResult
from pantau.domain.samples import Sample
from pantau.reporting.history import LiveBuffer, load_series
from pantau.storage.workspace import Workspace
from pantau.ui.graphs import GraphData, SeriesSpec, SiteGraphs

NOW = 1_795_000_000 // 3600 * 3600
DAY = 86_400


def _network(sites: int) -> Network:
    return Network("bench", timezone="Asia/Makassar",
                   sites=[Site(f"s{i}", f"Office {i}", SiteKind.DESA, "Waru") for i in range(sites)],
                   targets=[Target(f"t{i}", f"s{i}", f"127.0.{i // 250}.{i % 250 + 1}", TargetRole.OFFICE_ROUTER)
                            for i in range(sites)])


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _widget(network: Network, workspace: Workspace | None, live: LiveBuffer | None) -> SiteGraphs:
    widget = SiteGraphs(network, workspace, live=live, clock=lambda: NOW)
    widget.resize(1200, 700)
    widget.show()
    return widget


def bench_thirty_days(app: QApplication, repeat: int) -> None:
    network = _network(1)
    network.monitoring = MonitoringSettings(raw_retention_days=2)
    minute_retention_s = network.monitoring.minute_rollup_retention_days * DAY
    noise = random.Random(6)
    with tempfile.TemporaryDirectory() as folder, Workspace.open(Path(folder) / "w.sqlite3") as workspace:
        workspace.replace_network(network)
        started = time.perf_counter()
        workspace.submit([Sample(float(ts), "t0", "icmp",
                                 20 + 5 * math.sin(ts / 5000) + noise.expovariate(0.5) if ts % 420 else None,
                                 sent=3, lost=0 if ts % 420 else 3)
                          for ts in range(NOW - 31 * DAY, NOW, 60)])
        workspace.flush()
        # What the hourly retention job does with these settings: 30 days of minutes stay, raw rounds go.
        workspace.purge_history(NOW, network.monitoring.raw_retention_days,
                                network.monitoring.minute_rollup_retention_days)
        print(f"  (wrote 31 days of minute rounds and purged to the retention in "
              f"{time.perf_counter() - started:.1f} s)")
        widget = _widget(network, workspace, None)
        spec = SeriesSpec("s0", "Office 0", "t0", "icmp")
        widget.set_sites([spec])
        widget.set_custom_range(NOW - 60, NOW)
        widget.shutdown()
        app.processEvents()
        # The 30 d button reads the hourly rollups; the 1-minute read is what a 30-day custom range would cost
        # if the graph chose minutes whenever the retention reaches back far enough.
        for source, label in ((None, "the default path (1h rollups)"), ("1m", "the 1-minute rollups")):
            reads, draws = [], []
            for _ in range(repeat):
                t0 = time.perf_counter()
                series = load_series(workspace, "t0", "icmp", NOW - 30 * DAY, NOW, source=source, now=NOW,
                                     minute_retention_s=minute_retention_s)
                t1 = time.perf_counter()
                widget.show_data(GraphData(NOW - 30 * DAY, NOW, [(spec, series)]))
                widget.grab()
                t2 = time.perf_counter()
                reads.append(t1 - t0)
                draws.append(t2 - t1)
            total = [r + d for r, d in zip(reads, draws, strict=True)]
            print(f"1. 30 days via {label}, {len(series)} points from {series.source}: read "
                  f"{statistics.median(reads) * 1e3:.1f} ms + draw {statistics.median(draws) * 1e3:.1f} ms = "
                  f"{statistics.median(total) * 1e3:.1f} ms median (max {max(total) * 1e3:.1f}); goal < 100 ms")
        widget.close()


def bench_live(app: QApplication, repeat: int) -> None:
    sites = 20
    network = _network(sites)
    live = LiveBuffer()
    for second in range(900):
        live.add([ProbeResult(f"t{i}", "icmp", NOW - 900 + second, 3, 3, (10.0 + i, 11.0 + i, 12.0 + i), None)
                  for i in range(sites)])
    now = [float(NOW)]
    widget = SiteGraphs(network, None, live=live, clock=lambda: now[0])
    widget.resize(1200, 700)
    widget.show()
    widget.set_sites([SeriesSpec(f"s{i}", f"Office {i}", f"t{i}", "icmp") for i in range(sites)])
    app.processEvents()
    updates, paints = [], []
    for step in range(max(repeat, 30)):
        now[0] = NOW + step + 1
        live.add([ProbeResult(f"t{i}", "icmp", now[0] - 0.5, 3, 3 if step % 9 else 0,
                              (10.0 + i + step % 3,) if step % 9 else (), None) for i in range(sites)])
        t0 = time.perf_counter()
        widget.refresh_live()
        t1 = time.perf_counter()
        widget.grab()
        t2 = time.perf_counter()
        updates.append(t1 - t0)
        paints.append(t2 - t1)
    print(f"2. 20 live curves, one update: setData {statistics.median(updates) * 1e3:.2f} ms median "
          f"(max {max(updates) * 1e3:.2f}); with a full repaint {statistics.median(paints) * 1e3:.1f} ms more "
          f"(max {max(paints) * 1e3:.1f}); goal < 5 ms per update")
    widget.shutdown()
    widget.close()


def bench_memory(app: QApplication) -> None:
    sites = 500
    before = _rss_mb()
    live = LiveBuffer()
    started = time.perf_counter()
    for minute in range(24 * 60 - 60):
        ts = NOW - DAY + minute * 60
        live.add([ProbeResult(f"t{i}", "icmp", ts, 3, 3, (10.0, 11.0, 12.0), None) for i in range(sites)])
    for second in range(3600):
        ts = NOW - 3600 + second
        live.add([ProbeResult(f"t{i}", "icmp", ts, 3, 2, (10.0, 11.0), None) for i in range(sites)])
    fill = time.perf_counter() - started
    widget = _widget(_network(sites), None, live)
    widget.set_sites([SeriesSpec("s0", "Office 0", "t0", "icmp")])
    widget.grab()
    app.processEvents()
    after = _rss_mb()
    print(f"3. 500 sites × 24 h live buffers: RSS {after:.0f} MB (buffers {after - before:.0f} MB over "
          f"{before:.0f} MB of interpreter, Qt and pyqtgraph; filled in {fill:.0f} s); goal < 250 MB")
    widget.shutdown()
    widget.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    bench_memory(app)
    bench_thirty_days(app, args.repeat)
    bench_live(app, args.repeat)


if __name__ == "__main__":
    main()
