"""ICMP cost: Pantau's multiplexed pinger against fping on the same 254 loopback targets, in the same run.

Prints CPU microseconds per probe (one probe = one echo request) for both, their ratio (goal: Pantau ≤ 3× fping)
and the median RTT each reports, for two pacings:

- burst: 254 targets × 3 packets, 20 ms between a target's packets, no gap between targets
  (`fping -C 3 -p 20 -i 0`): the cost of the packets themselves;
- paced: one packet per millisecond (`fping -C 3 -p 20 -i 1`): every packet also costs a wake-up.

With `--sustained N`, it then runs N targets at a 1 s interval (rounds of 3 packets, spread over the second) for
`--seconds` and prints the share of one core used, late rounds and loss. Loopback only: 127.0.1.1–254 and 127.1.0.0/16.
Needs ICMP rights (root, cap_net_raw or ping_group_range) and `fping` (Debian package) for the comparison.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_icmp.py [--repeats 5] [--sustained 1000 --seconds 10]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from pantau.probing.icmp import IcmpMode, IcmpPinger, IcmpRound

TARGETS = [f"127.0.1.{i}" for i in range(1, 255)]
COUNT = 3
PERIOD_S = 0.020


@dataclass
class Figures:
    cpu_s: float = 0.0
    probes: int = 0
    rtts_ms: list[float] | None = None

    def add(self, cpu_s: float, probes: int, rtts: list[float]) -> None:
        self.cpu_s += cpu_s
        self.probes += probes
        self.rtts_ms = (self.rtts_ms or []) + rtts

    @property
    def us_per_probe(self) -> float:
        return 1e6 * self.cpu_s / self.probes

    @property
    def median_rtt_ms(self) -> float:
        return statistics.median(self.rtts_ms or [float("nan")])


def cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


class Collector:
    def __init__(self, expected: int) -> None:
        self.expected = expected
        self.rounds: list[IcmpRound] = []
        self.finished_at: list[float] = []
        self.lock = threading.Lock()
        self.done = threading.Event()

    def __call__(self, outcome: IcmpRound) -> None:
        with self.lock:
            self.rounds.append(outcome)
            self.finished_at.append(time.monotonic())
            if len(self.rounds) == self.expected:
                self.done.set()


def pantau_run(pinger: IcmpPinger, gap_s: float) -> tuple[float, list[float], int]:
    """One pass over the 254 targets; `gap_s` between packets overall (0 = burst)."""
    collector = Collector(len(TARGETS))
    before = cpu_seconds(resource.RUSAGE_SELF)
    if gap_s == 0:
        for address in TARGETS:
            pinger.start_round(address, COUNT, 1.0, PERIOD_S, collector)
    else:
        # Target k starts at k·gap and repeats every 254·gap: one packet per gap overall, like fping -i.
        began = time.monotonic()
        spacing = gap_s * len(TARGETS)
        for index, address in enumerate(TARGETS):
            delay = began + index * gap_s - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            pinger.start_round(address, COUNT, 1.0, spacing, collector)
    if not collector.done.wait(30):
        raise RuntimeError("Pantau's rounds did not finish")
    cpu = cpu_seconds(resource.RUSAGE_SELF) - before
    rtts = [rtt for outcome in collector.rounds for rtt in outcome.rtts_ms]
    return cpu, rtts, sum(outcome.received for outcome in collector.rounds)


def fping_run(gap_ms: int) -> tuple[float, list[float], int]:
    before = cpu_seconds(resource.RUSAGE_CHILDREN)
    completed = subprocess.run(["fping", "-C", str(COUNT), "-q", "-p", str(int(PERIOD_S * 1000)), "-i", str(gap_ms),
                                "-t", "1000", *TARGETS], capture_output=True, text=True, check=False, timeout=60)
    cpu = cpu_seconds(resource.RUSAGE_CHILDREN) - before
    rtts = [float(value) for line in completed.stderr.splitlines() if " : " in line
            for value in line.split(" : ", 1)[1].split() if value != "-"]
    if completed.returncode not in (0, 1):
        raise RuntimeError(f"fping failed: {completed.stderr.strip()[:300]}")
    return cpu, rtts, len(rtts)


def compare(pinger: IcmpPinger, repeats: int) -> None:
    for label, gap_ms in (("burst", 0), ("paced", 1)):
        ours, theirs = Figures(), Figures()
        for _ in range(repeats):
            cpu, rtts, received = pantau_run(pinger, gap_ms / 1000)
            ours.add(cpu, len(TARGETS) * COUNT, rtts)
            if received != len(TARGETS) * COUNT:
                print(f"  warning: Pantau received {received}/{len(TARGETS) * COUNT}")
            cpu, rtts, received = fping_run(gap_ms)
            theirs.add(cpu, len(TARGETS) * COUNT, rtts)
        ratio = ours.us_per_probe / theirs.us_per_probe
        print(f"{label} ({repeats}× 254 targets × {COUNT} packets, fping -i {gap_ms}):")
        print(f"  Pantau  {ours.us_per_probe:7.2f} µs CPU/probe   median RTT {ours.median_rtt_ms:.4f} ms")
        print(f"  fping   {theirs.us_per_probe:7.2f} µs CPU/probe   median RTT {theirs.median_rtt_ms:.4f} ms")
        print(f"  ratio   {ratio:.2f}× fping (goal ≤ 3×)")


def sustained(pinger: IcmpPinger, targets: int, seconds: int) -> None:
    """`targets` rounds per second, evenly spread, for `seconds`; late = finished > 0.5 s after its due time."""
    addresses = [f"127.1.{i // 250}.{i % 250 + 1}" for i in range(targets)]
    collector = Collector(targets * seconds)
    lateness: list[float] = []

    def on_done_for(due: float) -> Callable[[IcmpRound], None]:
        def on_done(outcome: IcmpRound) -> None:
            lateness.append(time.monotonic() - due)  # only the pinger's thread appends
            collector(outcome)
        return on_done

    before = cpu_seconds(resource.RUSAGE_SELF)
    began = time.monotonic()
    for second in range(seconds):
        for index, address in enumerate(addresses):
            due = began + second + index / targets
            delay = due - time.monotonic()
            if delay > 0.002:
                time.sleep(delay)
            pinger.start_round(address, COUNT, 1.0, PERIOD_S, on_done_for(due))
    if not collector.done.wait(30):
        raise RuntimeError("sustained rounds did not finish")
    wall = time.monotonic() - began
    cpu = cpu_seconds(resource.RUSAGE_SELF) - before
    late = sum(1 for taken in lateness if taken > 0.5)
    sent = sum(outcome.sent for outcome in collector.rounds)
    received = sum(outcome.received for outcome in collector.rounds)
    rtts = [rtt for outcome in collector.rounds for rtt in outcome.rtts_ms]
    print(f"sustained: {targets} targets at 1 s for {seconds} s ({sent} packets in {wall:.1f} s)")
    print(f"  CPU {100 * cpu / wall:.1f} % of one core (goal ≤ 50 %), {late} late rounds, "
          f"loss {100 * (sent - received) / sent:.2f} %, median RTT {statistics.median(rtts):.4f} ms, "
          f"p99 {statistics.quantiles(rtts, n=100)[98]:.4f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--sustained", type=int, default=0, metavar="TARGETS")
    parser.add_argument("--seconds", type=int, default=10)
    options = parser.parse_args()
    with IcmpPinger() as pinger:
        if pinger.mode is IcmpMode.NONE:
            print(f"cannot benchmark: {pinger.privilege_hint()}", file=sys.stderr)
            return 2
        print(f"Pantau ICMP mode: {pinger.mode}")
        pinger.ping_round("127.0.0.1", 1)  # warm up imports and the thread outside the measurement
        if shutil.which("fping") is None:
            print("fping is not installed (Debian package `fping`): no comparison", file=sys.stderr)
        else:
            compare(pinger, options.repeats)
        if options.sustained:
            sustained(pinger, options.sustained, options.seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
