"""False alarms on a bad but working line: how often the engine calls a congested or lossy line DOWN.

A namespace test host (tests/netns.py: a veth pair behind an `unreachable` guard route) plays the ISP gateway and
an office router at once (two targets on one address, so both default intervals are measured), monitored by one
`ProbeEngine` with default `EngineSettings()` and `MonitoringSettings()`. The line is made bad in one of two ways:
- `congested`: a 100 kbit/s token bucket (tbf, 700 ms queue) toward the host, loaded with 130 kbit/s of UDP cross
  traffic, as the 2017 story's full 100 kbps line: pings queue behind the traffic and some are dropped;
- `loss`: 20 % of echo requests and 20 % of echo replies dropped at random (nftables in the host's namespace).
The line works all along, so every DOWN is a false alarm. Goal: 0 DOWN over 10 minutes; the target should be
DEGRADED (the figures also show how much of the time it was).

    sudo PYTHONPATH=.:src .venv/bin/python benchmarks/bench_congested_line.py --scenario congested [--minutes 10]

Needs root (network namespaces) plus iproute2 and nftables; skips with a message otherwise.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from pantau.domain.inventory import MonitoringSettings, Network, Site, SiteKind, Target, TargetRole
from pantau.domain.states import HealthState
from pantau.probing.engine import SUBJECT_TARGET, EngineEvent, EngineSettings, ProbeEngine, SampleBatch, StateChanges

CROSS_KBIT = 130
LINE_KBIT = 100
LOSS_PERCENT = 20


class Tally:
    """Engine listener: every target state change with its time, and every round's loss and RTT."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.changes: list[tuple[float, str, HealthState, str]] = []
        self.sent: Counter[str] = Counter()
        self.received: Counter[str] = Counter()
        self.rtts: dict[str, list[float]] = {}

    def __call__(self, event: EngineEvent) -> None:
        with self.lock:
            if isinstance(event, StateChanges):
                for change in event.changes:
                    if change.subject_kind == SUBJECT_TARGET:
                        self.changes.append((time.monotonic(), change.subject, change.current, change.reason))
            elif isinstance(event, SampleBatch):
                for result in event.results:
                    self.sent[result.target] += result.sent
                    self.received[result.target] += result.received
                    self.rtts.setdefault(result.target, []).extend(result.rtts_ms)


def cross_traffic(address: str, kbit: int, stop: threading.Event) -> None:
    """UDP toward the host at `kbit` kbit/s, paced every 10 ms."""
    payload = b"x" * 1000
    per_second = kbit * 1000 / 8 / len(payload)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        started = time.monotonic()
        sent = 0
        while not stop.is_set():
            due = int((time.monotonic() - started) * per_second)
            while sent < due:
                sock.sendto(payload, (address, 9))
                sent += 1
            time.sleep(0.01)


def time_in_states(changes: list[tuple[float, str, HealthState, str]], target: str, start: float,
                   end: float) -> dict[HealthState, float]:
    spans: dict[HealthState, float] = Counter()
    state, since = HealthState.UNKNOWN, start
    for at, subject, current, _ in changes:
        if subject != target:
            continue
        spans[state] += max(0.0, at - since)
        state, since = current, at
    spans[state] += max(0.0, end - since)
    return spans


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenario", choices=("congested", "loss"), default="congested")
    parser.add_argument("--minutes", type=float, default=10.0)
    options = parser.parse_args()

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.netns import NamespaceLab, netns_unavailable_reason

    reason = netns_unavailable_reason()
    if reason:
        print(f"skipped: {reason}")
        print("RESULT skipped=1")
        return 0
    print(f"engine settings: defaults {EngineSettings()}")
    print(f"monitoring settings: defaults {MonitoringSettings()}")
    load = os.getloadavg()[0]
    print(f"load average {load:.2f} at start{' (busy: figures may be disturbed)' if load > 0.5 else ''}")

    lab = NamespaceLab()
    stop = threading.Event()
    loader: threading.Thread | None = None
    try:
        host = lab.add_host("line")
        if options.scenario == "congested":
            host.rate_limit(LINE_KBIT, latency_ms=700)
            loader = threading.Thread(target=cross_traffic, args=(host.address, CROSS_KBIT, stop), daemon=True)
            loader.start()
            print(f"line: tbf {LINE_KBIT} kbit/s (700 ms queue), {CROSS_KBIT} kbit/s of UDP cross traffic to the host")
        else:
            host.drop_echo_requests(LOSS_PERCENT)
            host.drop_echo_replies(LOSS_PERCENT)
            print(f"line: {LOSS_PERCENT} % of echo requests and {LOSS_PERCENT} % of echo replies dropped")
        network = Network(
            "bench-congested",
            sites=[Site("pop", "ISP POP", SiteKind.ISP_POP), Site("kantor", "Kantor", SiteKind.SKPD)],
            targets=[Target("isp-gw", "pop", host.address, TargetRole.ISP_GATEWAY, ["icmp"]),
                     Target("router", "kantor", host.address, TargetRole.OFFICE_ROUTER, ["icmp"])],
        )
        tally = Tally()
        engine = ProbeEngine(network)
        engine.subscribe(tally)
        started = time.monotonic()
        engine.start()
        try:
            time.sleep(options.minutes * 60)
        finally:
            ended = time.monotonic()
            engine.stop()
    finally:
        stop.set()
        if loader is not None:
            loader.join(timeout=2)
        lab.close()

    parts = []
    for target in ("isp-gw", "router"):
        downs = [c for c in tally.changes if c[1] == target and c[2] is HealthState.DOWN and c[0] <= ended]
        spans = time_in_states([c for c in tally.changes if c[0] <= ended], target, started, ended)
        total = sum(spans.values()) or 1.0
        sent, received = tally.sent[target], tally.received[target]
        loss = 100.0 * (sent - received) / sent if sent else float("nan")
        rtts = sorted(tally.rtts.get(target, []))
        median = rtts[len(rtts) // 2] if rtts else float("nan")
        share = {state.value: 100.0 * spans.get(state, 0.0) / total for state in HealthState}
        print(f"{target}: {len(downs)} false DOWN in {options.minutes:g} min; packet loss {loss:.1f} %, median rtt "
              f"{median:.1f} ms; time "
              + ", ".join(f"{name} {value:.0f} %" for name, value in share.items() if value >= 0.5))
        for at, _, _, why in downs:
            print(f"    DOWN at +{at - started:6.1f} s: {why}")
        key = target.replace("-", "_")
        parts.append(f"{key}_false_down={len(downs)} {key}_degraded_pct={share['DEGRADED']:.0f} "
                     f"{key}_loss_pct={loss:.1f} {key}_rtt_median_ms={median:.1f}")
    print(f"RESULT scenario={options.scenario} minutes={options.minutes:g} {' '.join(parts)} goal_false_down=0 "
          f"load_start={load:.2f} load_end={os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
