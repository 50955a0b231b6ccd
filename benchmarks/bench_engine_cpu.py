"""CPU per ICMP probe for Pantau's whole probe engine against fping, on the same 254 loopback targets, in one run.

`bench_icmp.py` measures the multiplexed pinger alone; this measures what the application pays: `ProbeEngine`
with default `EngineSettings` (rounds of 3 echo requests 20 ms apart, 1 s timeout, 10 % start jitter), 254
targets 127.0.1.1–254 at `interval_s = 1.0`, the health state machines, the published sample batches, and —
in the "workspace" run — the writer thread storing every round and its rollups in a real SQLite workspace in a
temporary folder. The run with `sink=None` shows what the workspace adds. The workspace figure is the honest one.

How the comparison is kept fair:
- the same 254 addresses, the same 3 packets per round, the same 64-byte echo requests, one after the other in
  the same run (interleaved `--repeats` times), nothing else of ours running while fping runs;
- the same packet rate and duration: the engine starts a round per target every 1.05 s on average (1 s interval
  plus jitter up to 10 %), so fping gets the same number of packets per target over the same time;
- three ways to run fping, all reported:
  * "fping loop": one long `fping -C K -q -p 350 -i 1 -t 1000` (K = 3 packets per 1.05 s), no start-up cost,
    packets spread over the second as the engine spreads its rounds; the goal's ratio is taken against this one;
  * "fping per round": `fping -C 3 -q -p 20 -i 1 -t 1000` started once per 1.05 s, the way a fping-based
    monitor (SmokePing) runs it: the same rounds as ours, 20 ms apart, plus one process start per round;
  * "fping burst": the same with `-i 0`: every round's packets sent back to back, fping's cheapest pacing (the
    engine cannot do that: it spreads rounds over the interval, starting those due within 20 ms together), so
    the ratio against it is printed as the strictest one;
- CPU is process CPU time: `time.process_time()` (every thread of this process) over a steady-state window that
  starts once every target is UP, for Pantau; `RUSAGE_CHILDREN` user + system time for fping. Both include the
  kernel time of their sendto/recv calls. A probe is one echo request; a round is 3 of them.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_engine_cpu.py [--seconds 10] [--repeats 2]

Loopback only. Needs ICMP rights (root, cap_net_raw or ping_group_range) and `fping` (Debian package).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from common import thread_cpu
from pantau.domain.inventory import Network, Site, SiteKind, Target, TargetRole
from pantau.domain.states import HealthState
from pantau.probing.engine import EngineEvent, EngineSettings, ProbeEngine, SampleBatch
from pantau.probing.icmp import IcmpMode, IcmpPinger
from pantau.storage.workspace import Workspace

TARGETS = [f"127.0.1.{i}" for i in range(1, 255)]
COUNT = 3
INTERVAL_S = 1.0
# The engine's mean time between rounds of one check: the interval plus half the largest jitter.
MEAN_ROUND_S = INTERVAL_S * (1 + EngineSettings().jitter_fraction / 2)
TARGETS_PER_OFFICE = 2
GOAL_RATIO = 3.0


@dataclass
class Figures:
    """CPU and packets summed over repeats."""

    cpu_s: float = 0.0
    wall_s: float = 0.0
    packets: int = 0
    received: int = 0
    rtts_ms: list[float] = field(default_factory=list)
    threads: dict[str, float] = field(default_factory=dict)

    def add(self, cpu_s: float, wall_s: float, packets: int, received: int, rtts_ms: list[float]) -> None:
        self.cpu_s += cpu_s
        self.wall_s += wall_s
        self.packets += packets
        self.received += received
        self.rtts_ms.extend(rtts_ms)

    @property
    def us_per_packet(self) -> float:
        return 1e6 * self.cpu_s / self.packets if self.packets else float("nan")

    @property
    def us_per_round(self) -> float:
        return self.us_per_packet * COUNT

    @property
    def cpu_percent(self) -> float:
        return 100.0 * self.cpu_s / self.wall_s if self.wall_s else float("nan")

    @property
    def median_rtt_ms(self) -> float:
        return statistics.median(self.rtts_ms) if self.rtts_ms else float("nan")


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def loopback_network(addresses: list[str]) -> Network:
    """Offices of two targets each under one data centre, every target at a 1 s interval."""
    sites = [Site("dc", "Data centre", SiteKind.DATACENTER)]
    targets = []
    for index, address in enumerate(addresses):
        office = index // TARGETS_PER_OFFICE
        if index % TARGETS_PER_OFFICE == 0:
            sites.append(Site(f"office{office}", f"Office {office}", SiteKind.SKPD, parent="dc"))
        targets.append(Target(f"t{index}", f"office{office}", address, TargetRole.OFFICE_ROUTER, ["icmp"],
                              interval_s=INTERVAL_S))
    return Network("bench", sites=sites, targets=targets)


class Meter:
    """Engine listener keeping the rounds that arrive while measuring; runs on the engine thread."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.recording = False
        self.sent = self.received = self.rounds = 0
        self.rtts_ms: list[float] = []

    def __call__(self, event: EngineEvent) -> None:
        if not isinstance(event, SampleBatch):
            return
        with self.lock:
            if not self.recording:
                return
            for result in event.results:
                self.rounds += 1
                self.sent += result.sent
                self.received += result.received
                self.rtts_ms.extend(result.rtts_ms)

    def record(self, on: bool) -> None:
        with self.lock:
            self.recording = on


def wait_for(condition: Callable[[], bool], timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"condition not met within {timeout_s} s")
        time.sleep(0.05)


def engine_run(seconds: float, folder: Path | None, into: Figures) -> None:
    """One engine over the 254 targets; only the steady state, once every target is UP, is measured."""
    workspace = Workspace.open(folder / "cpu.sqlite3") if folder is not None else None
    try:
        engine = ProbeEngine(loopback_network(TARGETS), sink=workspace, settings=EngineSettings())
        meter = Meter()
        engine.subscribe(meter)
        engine.start()
        try:
            wait_for(lambda: all(s is HealthState.UP for s in engine.target_states().values()), 30)
            time.sleep(1.5)  # past the start-up burst of state changes and their writes
            threads_before = thread_cpu()
            meter.record(True)
            cpu_before, wall_before = time.process_time(), time.monotonic()
            time.sleep(seconds)
            cpu = time.process_time() - cpu_before
            wall = time.monotonic() - wall_before
            meter.record(False)
            threads_after = thread_cpu()
        finally:
            engine.stop()
    finally:
        if workspace is not None:
            workspace.close()
    into.add(cpu, wall, meter.sent, meter.received, meter.rtts_ms)
    for name, after in threads_after.items():
        into.threads[name] = into.threads.get(name, 0.0) + after - threads_before.get(name, 0.0)


def parse_fping(stderr: str) -> list[float]:
    """RTTs from `fping -C` output lines `address : 0.03 0.04 -`."""
    return [float(value) for line in stderr.splitlines() if " : " in line
            for value in line.split(" : ", 1)[1].split() if value != "-"]


def fping(arguments: list[str]) -> tuple[float, list[float]]:
    before = children_cpu()
    completed = subprocess.run(["fping", *arguments, *TARGETS], capture_output=True, text=True, check=False,
                               timeout=600)
    cpu = children_cpu() - before
    if completed.returncode not in (0, 1):
        raise RuntimeError(f"fping failed: {completed.stderr.strip()[:300]}")
    return cpu, parse_fping(completed.stderr)


def fping_loop(seconds: float, into: Figures) -> None:
    """One fping for the whole time: the same packets per target as the engine over `seconds`."""
    count = round(seconds / MEAN_ROUND_S) * COUNT
    period_ms = round(1000 * MEAN_ROUND_S / COUNT)
    began = time.monotonic()
    cpu, rtts = fping(["-C", str(count), "-q", "-p", str(period_ms), "-i", "1", "-t", "1000"])
    into.add(cpu, time.monotonic() - began, count * len(TARGETS), len(rtts), rtts)


def fping_per_round(seconds: float, into: Figures, gap_ms: int = 1) -> None:
    """One fping of 3 packets per target every 1.05 s, as a fping-based monitor runs it."""
    rounds = round(seconds / MEAN_ROUND_S)
    began = time.monotonic()
    cpu_total = 0.0
    rtts_all: list[float] = []
    for index in range(rounds):
        delay = began + index * MEAN_ROUND_S - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        cpu, rtts = fping(["-C", str(COUNT), "-q", "-p", "20", "-i", str(gap_ms), "-t", "1000"])
        cpu_total += cpu
        rtts_all.extend(rtts)
    wall = max(time.monotonic() - began, rounds * MEAN_ROUND_S)
    into.add(cpu_total, wall, rounds * COUNT * len(TARGETS), len(rtts_all), rtts_all)


def line(label: str, figures: Figures) -> str:
    loss = 100.0 * (figures.packets - figures.received) / figures.packets if figures.packets else float("nan")
    return (f"  {label:<22} {figures.us_per_packet:7.2f} µs CPU/packet  {figures.us_per_round:7.1f} µs/round  "
            f"{figures.cpu_percent:5.1f} % of a core  {figures.packets:6d} packets  loss {loss:.2f} %  "
            f"median RTT {figures.median_rtt_ms:.4f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=10.0, help="measured seconds per run")
    parser.add_argument("--repeats", type=int, default=2)
    options = parser.parse_args()
    with IcmpPinger() as pinger:
        if pinger.mode is IcmpMode.NONE:
            print(f"cannot benchmark: {pinger.privilege_hint()}", file=sys.stderr)
            return 2
        mode = pinger.mode
    if shutil.which("fping") is None:
        print("fping is not installed (Debian package `fping`): nothing to compare with", file=sys.stderr)
        return 2
    load = os.getloadavg()[0]
    print(f"ICMP mode {mode}; {os.cpu_count()} CPUs; load average {load:.2f} at start"
          f"{' (the machine is busy: figures may be disturbed)' if load > 0.5 else ''}")
    print(f"{len(TARGETS)} loopback targets, {COUNT} packets per round, a round per target every "
          f"{MEAN_ROUND_S:.2f} s on average; {options.repeats} × {options.seconds:g} s per contender")
    bare, stored, loop, per_round, burst = Figures(), Figures(), Figures(), Figures(), Figures()
    with tempfile.TemporaryDirectory(prefix="pantau-cpu-") as tmp:
        for _ in range(options.repeats):
            engine_run(options.seconds, None, bare)
            engine_run(options.seconds, Path(tmp), stored)
            fping_loop(options.seconds, loop)
            fping_per_round(options.seconds, per_round)
            fping_per_round(options.seconds, burst, gap_ms=0)
    print(line("Pantau engine, sink=None", bare))
    print(line("Pantau engine+workspace", stored))
    print(line("fping loop", loop))
    print(line("fping per round", per_round))
    print(line("fping burst", burst))
    ratio = stored.us_per_packet / loop.us_per_packet
    ratio_bare = bare.us_per_packet / loop.us_per_packet
    ratio_rounds = stored.us_per_packet / per_round.us_per_packet
    ratio_burst = stored.us_per_packet / burst.us_per_packet
    print(f"ratio, engine+workspace / fping loop:      {ratio:5.2f}×  (goal ≤ {GOAL_RATIO:g}×: "
          f"{'met' if ratio <= GOAL_RATIO else 'MISSED'})")
    print(f"ratio, engine without sink / fping loop:   {ratio_bare:5.2f}×")
    print(f"ratio, engine+workspace / fping per round: {ratio_rounds:5.2f}×")
    print(f"ratio, engine+workspace / fping burst:     {ratio_burst:5.2f}×  (strictest)")
    total = sum(stored.threads.values())
    if total > 0:
        shares = ", ".join(f"{name} {100 * cpu / total:.0f} %" for name, cpu in
                           sorted(stored.threads.items(), key=lambda item: -item[1]) if cpu > 0)
        print(f"where the engine+workspace CPU went, by thread: {shares}")
    load_end = os.getloadavg()[0]
    print(f"RESULT engine_ws_us_per_packet={stored.us_per_packet:.2f} engine_bare_us_per_packet="
          f"{bare.us_per_packet:.2f} fping_loop_us_per_packet={loop.us_per_packet:.2f} "
          f"fping_round_us_per_packet={per_round.us_per_packet:.2f} fping_burst_us_per_packet="
          f"{burst.us_per_packet:.2f} engine_ws_us_per_round={stored.us_per_round:.1f} "
          f"ratio={ratio:.2f} ratio_bare={ratio_bare:.2f} ratio_vs_fping_per_round={ratio_rounds:.2f} "
          f"ratio_vs_fping_burst={ratio_burst:.2f} "
          f"goal_ratio={GOAL_RATIO:g} load_start={load:.2f} load_end={load_end:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
