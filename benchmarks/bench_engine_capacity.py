"""Engine capacity: the most loopback targets the probe engine sustains at a 1 s interval on ≤ 50 % of one core.

For each step of a ladder of target counts (250, 500, 1000, 2000, 4000, … by default) the whole engine runs as the
application runs it: `ProbeEngine` with default `EngineSettings` (3 echo requests per round, 20 ms apart, 1 s
timeout, 10 % start jitter) and a real workspace in a temporary folder as its sink, so the writer thread's
batches and rollups are paid for too. Targets are 127.1.x.y (the kernel answers every 127/8 address), two per
office site, offices grouped under kecamatan sites under one data centre, every target at `interval_s = 1.0`.

A step first waits until every target is UP (the time is printed as "settle": it is the start-up burst of state
changes), lets one more second pass, and then measures for `--seconds`:
- CPU: process CPU time (every thread: engine, ICMP, writer) over wall time, as % of one core;
- late rounds: the engine's own count (a round due while the previous one of that check is still running), plus
  "delayed starts": a round that started more than 0.1 s after the latest its schedule allows (interval + jitter);
- RTT accuracy: median and p99 of the RTTs the engine reports, against a quiet baseline of one target (and
  fping's RTT to that target, as a reference measured by another tool).
The ladder stops at the first step over 50 % CPU or with any late round or delayed start; the answer is the
largest step that passed. A midpoint between that step and the failing one is tried when time allows.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_engine_capacity.py [--seconds 12] [--ladder 250,500,1000]

Loopback only. Needs ICMP rights (root, cap_net_raw or ping_group_range). Takes about 1.5–3 minutes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from common import thread_cpu
from pantau.domain.inventory import Network, Site, SiteKind, Target, TargetRole
from pantau.domain.results import ProbeResult
from pantau.domain.states import HealthState
from pantau.probing.engine import EngineEvent, EngineSettings, ProbeEngine, SampleBatch
from pantau.probing.icmp import IcmpMode, IcmpPinger
from pantau.storage.workspace import Workspace

INTERVAL_S = 1.0
CPU_LIMIT_PERCENT = 50.0
DELAY_TOLERANCE_S = 0.1
TARGETS_PER_OFFICE = 2
OFFICES_PER_KECAMATAN = 10
SETTLE_TIMEOUT_S = 40.0
BUDGET_S = 170.0


def loopback_addresses(count: int) -> list[str]:
    if count > 250 * 256:
        raise ValueError("at most 64,000 loopback targets")
    return [f"127.1.{i // 250}.{i % 250 + 1}" for i in range(count)]


def loopback_network(addresses: list[str], interval_s: float = INTERVAL_S) -> Network:
    """A regency-shaped network: data centre → kecamatan → offices with two targets each."""
    sites = [Site("dc", "Data centre", SiteKind.DATACENTER)]
    targets = []
    for index, address in enumerate(addresses):
        office = index // TARGETS_PER_OFFICE
        if index % TARGETS_PER_OFFICE == 0:
            kecamatan = office // OFFICES_PER_KECAMATAN
            if office % OFFICES_PER_KECAMATAN == 0:
                sites.append(Site(f"kec{kecamatan}", f"Kecamatan {kecamatan}", SiteKind.KECAMATAN, parent="dc"))
            sites.append(Site(f"office{office}", f"Office {office}", SiteKind.SKPD, parent=f"kec{kecamatan}"))
        targets.append(Target(f"t{index}", f"office{office}", address, TargetRole.OFFICE_ROUTER, ["icmp"],
                              interval_s=interval_s))
    return Network("bench", sites=sites, targets=targets)


class Meter:
    """Engine listener: keeps the results that arrive while measuring. Runs on the engine thread, so it is cheap."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.recording = False
        self.results: list[ProbeResult] = []

    def __call__(self, event: EngineEvent) -> None:
        if isinstance(event, SampleBatch):
            with self.lock:
                if self.recording:
                    self.results.extend(event.results)

    def record(self, on: bool) -> None:
        with self.lock:
            self.recording = on


@dataclass
class Step:
    targets: int
    settle_s: float = float("nan")
    wall_s: float = 0.0
    cpu_s: float = 0.0
    rounds: int = 0
    sent: int = 0
    received: int = 0
    late: int = 0
    delayed: int = 0
    max_delay_s: float = 0.0
    rtts_ms: list[float] = field(default_factory=list)
    threads: dict[str, float] = field(default_factory=dict)
    failure: str = ""

    @property
    def cpu_percent(self) -> float:
        return 100.0 * self.cpu_s / self.wall_s if self.wall_s else float("nan")

    @property
    def passed(self) -> bool:
        return (not self.failure and self.cpu_percent <= CPU_LIMIT_PERCENT and self.late == 0
                and self.delayed == 0)

    def rtt(self, percentile: int) -> float:
        """The RTT below which `percentile` % of the replies fall, in ms."""
        if len(self.rtts_ms) < 2:
            return float("nan")
        return statistics.quantiles(self.rtts_ms, n=100, method="inclusive")[percentile - 1]


def wait_for(condition: Callable[[], bool], timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def run_step(count: int, seconds: float, folder: Path, interval_s: float = INTERVAL_S) -> Step:
    step = Step(count)
    settings = EngineSettings()
    network = loopback_network(loopback_addresses(count), interval_s)
    meter = Meter()
    with Workspace.open(folder / f"capacity-{count}.sqlite3") as workspace:
        engine = ProbeEngine(network, sink=workspace, settings=settings)
        engine.subscribe(meter)
        began = time.monotonic()
        engine.start()
        try:
            if not wait_for(lambda: all(s is HealthState.UP for s in engine.target_states().values()),
                            SETTLE_TIMEOUT_S):
                states = engine.target_states().values()
                up = sum(1 for s in states if s is HealthState.UP)
                step.failure = f"only {up}/{count} targets UP after {SETTLE_TIMEOUT_S:g} s"
                return step
            step.settle_s = time.monotonic() - began
            time.sleep(1.0)
            late_before = engine.stats().late_rounds
            threads_before = thread_cpu()
            meter.record(True)
            cpu_before, wall_before = time.process_time(), time.monotonic()
            time.sleep(seconds)
            step.cpu_s = time.process_time() - cpu_before
            step.wall_s = time.monotonic() - wall_before
            meter.record(False)
            step.threads = {name: cpu - threads_before.get(name, 0.0) for name, cpu in thread_cpu().items()}
            step.late = engine.stats().late_rounds - late_before
        finally:
            engine.stop()
    results = meter.results
    step.rounds = len(results)
    step.sent = sum(r.sent for r in results)
    step.received = sum(r.received for r in results)
    step.rtts_ms = [rtt for r in results for rtt in r.rtts_ms]
    starts: dict[str, list[float]] = {}
    for r in results:
        starts.setdefault(r.target, []).append(r.ts)
    allowed = interval_s * (1 + settings.jitter_fraction)
    for times in starts.values():
        times.sort()
        for earlier, later in pairwise(times):
            delay = later - earlier - allowed
            step.max_delay_s = max(step.max_delay_s, delay)
            if delay > DELAY_TOLERANCE_S:
                step.delayed += 1
    return step


def baseline(folder: Path) -> Step:
    """One target, 4 rounds a second for a few seconds: the RTT the engine reports on an idle loopback."""
    return run_step(1, 4.0, folder, interval_s=0.25)


def fping_idle_rtt() -> float:
    """fping's median RTT to the baseline's address, 20 packets 0.2 s apart: a reference for "true" loopback RTT."""
    if shutil.which("fping") is None:
        return float("nan")
    completed = subprocess.run(["fping", "-C", "20", "-p", "200", "-q", loopback_addresses(1)[0]],
                               capture_output=True, text=True, check=False, timeout=30)
    rtts = [float(value) for line in completed.stderr.splitlines() if " : " in line
            for value in line.split(" : ", 1)[1].split() if value != "-"]
    return statistics.median(rtts) if rtts else float("nan")


def report(step: Step) -> None:
    if step.failure:
        print(f"{step.targets:6d} targets: FAILED — {step.failure}")
        return
    loss = 100.0 * (step.sent - step.received) / step.sent if step.sent else float("nan")
    verdict = "ok" if step.passed else "FAIL"
    print(f"{step.targets:6d} targets: settle {step.settle_s:5.1f} s | CPU {step.cpu_percent:5.1f} % of one core | "
          f"{step.rounds / step.wall_s:7.0f} rounds/s | late {step.late}, delayed starts {step.delayed} "
          f"(max delay {1000 * step.max_delay_s:.0f} ms) | loss {loss:.2f} % | "
          f"RTT median {step.rtt(50):.4f} ms p99 {step.rtt(99):.4f} ms | {verdict}")
    busy = sorted(((name, cpu) for name, cpu in step.threads.items() if cpu > 0), key=lambda item: -item[1])
    if busy:
        print("        by thread, % of one core: " + ", ".join(f"{name} {100 * cpu / step.wall_s:.1f}"
                                                               for name, cpu in busy))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=12.0, help="measured seconds per step")
    parser.add_argument("--ladder", default="250,500,1000,2000,4000,8000",
                        help="comma-separated target counts, ascending")
    options = parser.parse_args()
    ladder = [int(part) for part in options.ladder.split(",")]
    with IcmpPinger() as pinger:
        if pinger.mode is IcmpMode.NONE:
            print(f"cannot benchmark: {pinger.privilege_hint()}", file=sys.stderr)
            return 2
        mode = pinger.mode
    load = os.getloadavg()[0]
    print(f"ICMP mode {mode}; {os.cpu_count()} CPUs; load average {load:.2f} at start"
          f"{' (the machine is busy: figures may be disturbed)' if load > 0.5 else ''}")
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="pantau-capacity-") as tmp:
        folder = Path(tmp)
        quiet = baseline(folder)
        reference = fping_idle_rtt()
        print(f"baseline (1 target, idle): RTT median {quiet.rtt(50):.4f} ms over {len(quiet.rtts_ms)} replies, "
              f"CPU {quiet.cpu_percent:.1f} %; fping to the same address: median {reference:.4f} ms")
        best: Step | None = None
        failed: Step | None = None
        for count in ladder:
            step = run_step(count, options.seconds, folder)
            report(step)
            if not step.passed:
                failed = step
                break
            best = step
            if time.monotonic() - began > BUDGET_S:
                print("(time budget reached: ladder stopped)")
                break
        if best is not None and failed is not None and time.monotonic() - began < BUDGET_S - 30:
            middle = (best.targets + failed.targets) // 2
            if middle not in (best.targets, failed.targets):
                step = run_step(middle, options.seconds, folder)
                report(step)
                if step.passed:
                    best = step
    load_end = os.getloadavg()[0]
    if best is None:
        print("no step passed")
        print(f"RESULT capacity_targets=0 goal_targets=1000 load_start={load:.2f} load_end={load_end:.2f}")
        return 1
    print(f"most targets sustained at 1 s with ≤ {CPU_LIMIT_PERCENT:g} % of one core and no late rounds: "
          f"{best.targets} (goal ≥ 1000) — CPU {best.cpu_percent:.1f} %, RTT median {best.rtt(50):.4f} ms, "
          f"p99 {best.rtt(99):.4f} ms vs idle median {quiet.rtt(50):.4f} ms")
    print(f"RESULT capacity_targets={best.targets} goal_targets=1000 cpu_percent={best.cpu_percent:.1f} "
          f"rtt_median_ms={best.rtt(50):.4f} rtt_p99_ms={best.rtt(99):.4f} baseline_rtt_ms={quiet.rtt(50):.4f} "
          f"fping_idle_rtt_ms={reference:.4f} "
          f"first_failing={failed.targets if failed else 'none'} load_start={load:.2f} load_end={load_end:.2f} "
          f"wall_s={time.monotonic() - began:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
