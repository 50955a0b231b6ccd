"""Soak: does `pantau monitor` keep its memory over a long run, and how fast does its workspace grow?

The real command runs as a subprocess (`pantau monitor --no-alerts`) on a fresh workspace holding N loopback
targets (127.1.x.y: the kernel answers every 127/8 address) in a regency-shaped network, every target probed by
ICMP at `--interval` seconds. The run is accelerated by the load: 500 targets every 0.2 s is 2,500 rounds a second,
25 times the default 5 s interval, so an hour of it writes what a day of a 500-office regency would at 1 s.

Every `--every` seconds the monitor's resident memory (VmRSS, /proc) and the workspace's size (file + WAL) are
read. After `--warmup` seconds (caches, the WAL and the writer's batches reach their working size) the figures are:
- RSS growth: the last reading against the one at the end of the warm-up, in %, and the trend (a least-squares
  line through every reading after the warm-up) extrapolated to an hour. Goal: under 5 % over an hour.
- workspace size per day: the growth of the pages in use after the warm-up, per day, against the estimate of
  `reporting.growth` for the same network (the one `pantau status` shows). Retention purges run hourly, so a run
  shorter than the raw retention measures the "while the retention fills" rate.

`--tracemalloc` runs the monitor in this process instead and prints the 15 allocation sites that grew most between
the end of the warm-up and the end (what a leak hunt starts from); RSS then includes tracemalloc's own overhead.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_soak.py [--targets 500] [--interval 0.2]
        [--duration 3600] [--warmup 300] [--every 10] [--tracemalloc]

Linux only (/proc). Loopback only. Needs ICMP rights (root, cap_net_raw or ping_group_range).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path

from pantau.domain.inventory import Network, Site, SiteKind, Target, TargetRole
from pantau.reporting.growth import estimate_growth
from pantau.storage.networkfile import write_network_file

SRC = Path(__file__).resolve().parents[1] / "src"
DAY = 86_400
OFFICES_PER_KECAMATAN = 10


def loopback_network(count: int, interval_s: float) -> Network:
    """Data centre → kecamatan → offices, one ICMP target per office."""
    sites = [Site("dc", "Data centre", SiteKind.DATACENTER)]
    targets = []
    for index in range(count):
        kecamatan = index // OFFICES_PER_KECAMATAN
        if index % OFFICES_PER_KECAMATAN == 0:
            sites.append(Site(f"kec{kecamatan}", f"Kecamatan {kecamatan}", SiteKind.KECAMATAN, parent="dc"))
        sites.append(Site(f"office{index}", f"Office {index}", SiteKind.DESA, parent=f"kec{kecamatan}"))
        targets.append(Target(f"t{index}", f"office{index}", f"127.1.{index // 250}.{index % 250 + 1}",
                              TargetRole.OFFICE_ROUTER, ["icmp"], interval_s=interval_s))
    return Network("soak", sites=sites, targets=targets)


@dataclass
class Reading:
    t: float
    rss_kb: int
    workspace_bytes: int


@dataclass
class Soak:
    warmup_s: float
    readings: list[Reading] = field(default_factory=list)

    def after_warmup(self) -> list[Reading]:
        return [r for r in self.readings if r.t >= self.warmup_s]

    def report(self, network: Network) -> list[str]:
        steady = self.after_warmup()
        if len(steady) < 2:
            return ["not enough readings after the warm-up: run longer"]
        first, last = steady[0], steady[-1]
        span = last.t - first.t
        verdict = "PASS" if per_hour_ok(steady) else "FAIL"
        if span < 600:
            verdict = "too short to judge: the goal is judged over an hour"
        growth = 100.0 * (last.rss_kb - first.rss_kb) / first.rss_kb
        slope = _slope([(r.t, r.rss_kb) for r in steady])
        per_hour = 100.0 * slope * 3600 / first.rss_kb
        size_rate = (last.workspace_bytes - first.workspace_bytes) / span * DAY
        estimate = estimate_growth(network)
        peak = max(r.rss_kb for r in self.readings)
        return [
            f"RSS at the end of the warm-up ({self.warmup_s:.0f} s): {first.rss_kb / 1024:.1f} MB; at the end "
            f"(+{span:.0f} s): {last.rss_kb / 1024:.1f} MB; peak {peak / 1024:.1f} MB",
            f"RSS growth after the warm-up: {growth:+.1f} % over {span / 60:.1f} min; trend {per_hour:+.1f} % an "
            f"hour (goal: under 5 % over an hour) -> {verdict}",
            f"workspace: {last.workspace_bytes / 1e6:.1f} MB, growing {size_rate / 1e6:.0f} MB a day measured; "
            f"estimate {estimate.bytes_per_day / 1e6:.0f} MB a day while the retention fills "
            f"({estimate.text()})",
        ]


def per_hour_ok(steady: list[Reading]) -> bool:
    first, last = steady[0], steady[-1]
    growth = 100.0 * (last.rss_kb - first.rss_kb) / first.rss_kb
    trend = 100.0 * _slope([(r.t, r.rss_kb) for r in steady]) * 3600 / first.rss_kb
    return growth < 5 and trend < 5


def _slope(points: list[tuple[float, float]]) -> float:
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    var = sum((x - mean_x) ** 2 for x, _ in points)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / var if var else 0.0


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


def _workspace_bytes(path: Path) -> int:
    """The bytes the workspace's pages take, as a reader sees them (what is still in the WAL included, the WAL's
    own size and the free pages not): the file's size once checkpointed, without the WAL's ups and downs."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        pages, free, size = (conn.execute(f"PRAGMA {name}").fetchone()[0]
                             for name in ("page_count", "freelist_count", "page_size"))
    finally:
        conn.close()
    return int((pages - free) * size)


def _prepare(folder: Path, network: Network) -> Path:
    file = folder / "network.toml"
    write_network_file(network, file)
    workspace = folder / "ws.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    subprocess.run([sys.executable, "-m", "pantau", "--workspace", str(workspace), "import", str(file)],
                   check=True, env=env, capture_output=True)
    return workspace


def run_subprocess(workspace: Path, args: argparse.Namespace) -> Soak:
    soak = Soak(args.warmup)
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    # stderr to a file: a pipe nobody reads during the run would block the monitor once full.
    err_path = workspace.with_name("monitor.err")
    with err_path.open("w") as err, subprocess.Popen(
            [sys.executable, "-m", "pantau", "--workspace", str(workspace), "monitor", "--no-alerts", "--duration",
             str(args.duration)], stdout=subprocess.DEVNULL, stderr=err, env=env) as proc:
        start = time.monotonic()
        while proc.poll() is None:
            try:
                soak.readings.append(Reading(time.monotonic() - start, _rss_kb(proc.pid),
                                             _workspace_bytes(workspace)))
            except (OSError, RuntimeError):
                break
            print(f"  {soak.readings[-1].t:7.0f} s  RSS {soak.readings[-1].rss_kb / 1024:7.1f} MB  workspace "
                  f"{soak.readings[-1].workspace_bytes / 1e6:7.1f} MB", flush=True)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(args.every)
    errors = err_path.read_text()
    if proc.returncode != 0 or errors.strip():
        print(f"the monitor ended with {proc.returncode}: {errors.strip()}")
    return soak


def run_traced(workspace: Path, args: argparse.Namespace) -> Soak:
    from pantau.monitor import AlertsMode, run_monitor
    from pantau.storage.workspace import Workspace

    # One frame: deeper tracebacks slow the engine and the writer so much that their queues grow, which is then
    # all the diff shows.
    tracemalloc.start(1)
    soak = Soak(args.warmup)
    opened = Workspace.open(workspace)
    network = opened.load_network()
    assert network is not None
    with open(os.devnull, "w") as sink:
        thread = threading.Thread(target=run_monitor, args=(network, opened), kwargs={
            "as_json": False, "include_targets": False, "duration_s": args.duration, "out": sink,
            "alerts_mode": AlertsMode.OFF})
        start = time.monotonic()
        thread.start()
        warm: tracemalloc.Snapshot | None = None
        end: tracemalloc.Snapshot | None = None
        while thread.is_alive():
            elapsed = time.monotonic() - start
            soak.readings.append(Reading(elapsed, _rss_kb(os.getpid()), _workspace_bytes(workspace)))
            if args.warmup <= elapsed < args.duration - args.every / 2:
                # The latest while still monitoring: after the stop, the engine's objects are gone.
                end = tracemalloc.take_snapshot()
                warm = warm or end
            thread.join(args.every)
    opened.close()
    if warm is not None and end is not None:
        print("Largest growth between the end of the warm-up and the end, by allocation site:")
        for stat in end.compare_to(warm, "lineno")[:15]:
            frame = stat.traceback[0] if stat.traceback else None
            where = f"{Path(frame.filename).name}:{frame.lineno}" if frame else "?"
            print(f"  {stat.size_diff / 1024:+9.1f} KiB {stat.count_diff:+8d} blocks  {where}")
    return soak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--targets", type=int, default=500)
    parser.add_argument("--interval", type=float, default=0.2, help="seconds between rounds of a target")
    parser.add_argument("--duration", type=float, default=3600.0, help="seconds of monitoring")
    parser.add_argument("--warmup", type=float, default=300.0, help="seconds before the baseline reading")
    parser.add_argument("--every", type=float, default=10.0, help="seconds between readings")
    parser.add_argument("--tracemalloc", action="store_true", help="in this process, with allocation sites")
    args = parser.parse_args()
    if not Path("/proc/self/status").exists():
        sys.exit("bench_soak.py reads /proc: Linux only")
    network = loopback_network(args.targets, args.interval)
    print(f"Soak: {args.targets} loopback targets every {args.interval:g} s for {args.duration:.0f} s "
          f"(warm-up {args.warmup:.0f} s){', traced' if args.tracemalloc else ''}")
    with tempfile.TemporaryDirectory(prefix="pantau-soak-") as folder:
        workspace = _prepare(Path(folder), network)
        soak = run_traced(workspace, args) if args.tracemalloc else run_subprocess(workspace, args)
    for line in soak.report(network):
        print(line)


if __name__ == "__main__":
    main()
