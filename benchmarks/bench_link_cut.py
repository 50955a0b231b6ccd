"""Time from a real link cut to the DOWN event, with default settings, for every role: median and worst of 10 cuts.

One namespace test host per role (tests/netns.py: veth pairs, addresses in 10.250.0.0/16 behind an `unreachable`
guard route) is monitored by one `ProbeEngine` with `EngineSettings()` and `MonitoringSettings()` defaults and a
real workspace in a temporary folder, each target with its role's default interval (1 s for the server and the ISP
gateway, 1.5 s for the others). Each cut takes every link down on the far side (the host stops answering, so
probes time out, as when a line fails somewhere past our own port), after a random 0–5 s pause so the cut falls
anywhere in the probing rhythm. The time counted is from the moment `ip link set … down` has returned to the
moment a subscriber of the engine receives the target's DOWN change (what `pantau monitor` prints). The links are
then restored and the next cut waits for every target to be UP again; the recovery time is printed too.
Goal: every role DOWN within 5 s (the worst of the cuts).

`--retry-interval-s` and `--icmp-timeout-s` try other engine settings (the output then says so).

    sudo PYTHONPATH=src .venv/bin/python benchmarks/bench_link_cut.py [--cuts 10]

Needs root (network namespaces, CAP_NET_ADMIN) and iproute2; skips with a message otherwise. About 3–4 minutes.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from pantau.domain.inventory import MonitoringSettings, Network, Site, SiteKind, Target, TargetRole
from pantau.domain.states import HealthState
from pantau.probing.engine import SUBJECT_TARGET, EngineEvent, EngineSettings, ProbeEngine, StateChanges
from pantau.storage.workspace import Workspace

GOAL_S = 5.0
EVENT_TIMEOUT_S = 40.0
ROLES = {"server": TargetRole.SERVER, "lan-gw": TargetRole.LAN_GATEWAY, "isp-gw": TargetRole.ISP_GATEWAY,
         "upstream": TargetRole.UPSTREAM, "router": TargetRole.OFFICE_ROUTER}


class Watcher:
    """Engine listener: when each target's state last changed, as seen by a subscriber."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.state: dict[str, HealthState] = {}
        self.changed_at: dict[str, float] = {}

    def __call__(self, event: EngineEvent) -> None:
        if not isinstance(event, StateChanges):
            return
        now = time.monotonic()
        with self.lock:
            for change in event.changes:
                if change.subject_kind == SUBJECT_TARGET:
                    self.state[change.subject] = change.current
                    self.changed_at[change.subject] = now

    def wait(self, target: str, state: HealthState, timeout_s: float) -> float | None:
        """When `target` reached `state` (monotonic), or None if it did not within `timeout_s`."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            with self.lock:
                if self.state.get(target) is state:
                    return self.changed_at[target]
            time.sleep(0.01)
        return None


@dataclass
class Timings:
    down_s: list[float] = field(default_factory=list)
    up_s: list[float] = field(default_factory=list)
    missed: int = 0


def summary(values: list[float]) -> str:
    if not values:
        return "no data"
    return (f"median {statistics.median(values):5.2f} s  min {min(values):5.2f} s  max {max(values):5.2f} s  "
            f"(n={len(values)})")


def main() -> int:
    defaults = EngineSettings()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cuts", type=int, default=10)
    parser.add_argument("--retry-interval-s", type=float, default=defaults.retry_interval_s)
    parser.add_argument("--icmp-timeout-s", type=float, default=defaults.icmp_timeout_s)
    options = parser.parse_args()

    # The namespace helpers live with the tests; this script is run from the repository root or benchmarks/.
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.netns import NamespaceLab, netns_unavailable_reason

    reason = netns_unavailable_reason()
    if reason:
        print(f"skipped: {reason}")
        print("RESULT skipped=1")
        return 0

    settings = EngineSettings(retry_interval_s=options.retry_interval_s, icmp_timeout_s=options.icmp_timeout_s)
    monitoring = MonitoringSettings()
    custom = settings != defaults
    print(f"engine settings: {'CUSTOM ' if custom else 'defaults '}{settings}")
    print(f"monitoring settings: defaults {monitoring}")
    load = os.getloadavg()[0]
    print(f"load average {load:.2f} at start{' (the machine is busy: figures may be disturbed)' if load > 0.5 else ''}")

    lab = NamespaceLab()
    timings = {name: Timings() for name in ROLES}
    try:
        hosts = {name: lab.add_host(name.replace("-", "")) for name in ROLES}
        network = Network(
            "bench-cut",
            # One site per target, so a cut never makes one of them UNREACHABLE behind another.
            sites=[Site(name, name, SiteKind.SKPD) for name in ROLES],
            targets=[Target(name, name, hosts[name].address, role, ["icmp"]) for name, role in ROLES.items()],
            monitoring=monitoring,
        )
        for target in network.targets:
            print(f"  {target.id}: {target.role.value}, {target.address}, interval {target.effective_interval_s:g} s")
        watcher = Watcher()
        with tempfile.TemporaryDirectory(prefix="pantau-cut-") as tmp, \
                Workspace.open(Path(tmp) / "cut.sqlite3") as workspace:
            engine = ProbeEngine(network, sink=workspace, settings=settings)
            engine.subscribe(watcher)
            engine.start()
            try:
                for cut in range(1, options.cuts + 1):
                    for name in ROLES:
                        if watcher.wait(name, HealthState.UP, EVENT_TIMEOUT_S) is None:
                            raise RuntimeError(f"{name} did not come UP")
                    time.sleep(random.uniform(0.0, 5.0))
                    cut_at: dict[str, float] = {}
                    for name, host in hosts.items():
                        host.cut("far")
                        cut_at[name] = time.monotonic()
                    figures = []
                    for name in ROLES:
                        down_at = watcher.wait(name, HealthState.DOWN, EVENT_TIMEOUT_S)
                        if down_at is None:
                            timings[name].missed += 1
                            figures.append(f"{name} no DOWN within {EVENT_TIMEOUT_S:g} s")
                        else:
                            timings[name].down_s.append(down_at - cut_at[name])
                            figures.append(f"{name} DOWN after {down_at - cut_at[name]:5.2f} s")
                    restored_at = time.monotonic()
                    for host in hosts.values():
                        host.restore()
                    for name in ROLES:
                        up_at = watcher.wait(name, HealthState.UP, EVENT_TIMEOUT_S)
                        if up_at is not None:
                            timings[name].up_s.append(up_at - restored_at)
                    print(f"cut {cut:2d}: {' | '.join(figures)}")
            finally:
                engine.stop()
    finally:
        lab.close()

    print()
    for name, found in timings.items():
        interval = next(t.effective_interval_s for t in network.targets if t.id == name)
        verdict = ""
        if found.down_s:
            verdict = "goal met" if max(found.down_s) <= GOAL_S and not found.missed else "goal MISSED"
        print(f"{name} ({ROLES[name].value}, {interval:g} s interval): cut → DOWN {summary(found.down_s)}"
              f"{f', {found.missed} missed' if found.missed else ''}  [{verdict}, goal ≤ {GOAL_S:g} s]")
        print(f"{'':>{len(name)}}  restore → UP {summary(found.up_s)}")
    load_end = os.getloadavg()[0]
    parts = []
    for name, found in timings.items():
        key = name.replace("-", "_")
        median = statistics.median(found.down_s) if found.down_s else float("nan")
        low = min(found.down_s, default=float("nan"))
        high = max(found.down_s, default=float("nan"))
        parts.append(f"{key}_down_median_s={median:.2f} {key}_down_min_s={low:.2f} {key}_down_max_s={high:.2f}")
    print(f"RESULT {' '.join(parts)} cuts={options.cuts} goal_s={GOAL_S:g} default_settings={int(not custom)} "
          f"load_start={load:.2f} load_end={load_end:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
