"""CPU of the SNMP poller: 500 interface reads every 30 s from one asyncio loop (the issue's goal: ≤ 10 % of a core).

Real net-snmp agents (`snmpd`, one process each) on loopback ports serve the reads; the 500 "interfaces" are the
agents' real interfaces read by ifIndex, plus a share by name (`lo`, looked up once and then remembered) and a share
over SNMPv3 authPriv (SHA-256/AES-128), so the figure includes USM's digests and encryption. Each cycle spreads its
reads evenly over the interval, as a poller with many links does, every read its own task on the one loop.

The first cycle is the warm-up (pysnmp's import, the name walks, v3 engine discovery and key localization) and is
reported on its own; CPU % is this process's CPU time (`time.process_time()`, every thread, user + system) over the
following cycles divided by their wall time. The agents' own CPU is not ours and is not counted.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_snmp_poll.py [--interfaces 500] [--interval 30] [--cycles 2]
        [--agents 4] [--v3-share 0.2] [--by-name-share 0.1]

Loopback only. Needs `snmpd` (Debian package snmpd; scripts/setup.sh --net-tests installs it).
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from pantau.domain.snmp_config import SnmpInterface, SnmpVersion
from pantau.domain.traffic import CounterReading
from pantau.probing.snmp import SnmpCredentials, SnmpFailure, SnmpPoller

GOAL_CPU_PERCENT = 10.0


@dataclass
class Cycle:
    wall_s: float = 0.0
    cpu_s: float = 0.0
    reads: int = 0
    failures: dict[str, int] = field(default_factory=dict)
    latencies_ms: list[float] = field(default_factory=list)


def plan(ports: list[int], count: int, v3_share: float, by_name_share: float,
         v3_user: str) -> list[SnmpInterface]:
    """`count` interfaces spread over the agents: every `1/v3_share`-th over v3, some by name, the rest by index."""
    indexes = [index for index, _ in socket.if_nameindex()]
    chosen: list[SnmpInterface] = []
    for number in range(count):
        port = ports[number % len(ports)]
        by_name = by_name_share and number % round(1 / by_name_share) == 0
        name = "lo" if by_name else str(indexes[(number // len(ports)) % len(indexes)])
        if v3_share and number % round(1 / v3_share) == 1:
            chosen.append(SnmpInterface(host="127.0.0.1", port=port, interface=name, version=SnmpVersion.V3,
                                        user=v3_user, auth_secret="bench.auth", priv_secret="bench.priv"))
        else:
            chosen.append(SnmpInterface(host="127.0.0.1", port=port, interface=name, community_secret="bench.ro"))
    return chosen


async def run_cycle(poller: SnmpPoller, interfaces: list[SnmpInterface], interval_s: float,
                    credentials: dict[SnmpVersion, SnmpCredentials]) -> Cycle:
    cycle = Cycle()
    loop = asyncio.get_running_loop()
    started_wall, started_cpu = time.monotonic(), time.process_time()
    gap = interval_s / len(interfaces)

    async def one(interface: SnmpInterface, delay: float) -> None:
        await asyncio.sleep(delay)
        began = loop.time()
        result = await poller.read(interface, credentials[interface.version])
        cycle.latencies_ms.append((loop.time() - began) * 1000)
        cycle.reads += 1
        if isinstance(result, SnmpFailure):
            cycle.failures[result.message] = cycle.failures.get(result.message, 0) + 1
        else:
            assert isinstance(result, CounterReading)

    tasks = [asyncio.create_task(one(interface, number * gap)) for number, interface in enumerate(interfaces)]
    await asyncio.gather(*tasks)
    # The cycle lasts its whole interval, as the next one would start then.
    await asyncio.sleep(max(0.0, started_wall + interval_s - time.monotonic()))
    cycle.wall_s = time.monotonic() - started_wall
    cycle.cpu_s = time.process_time() - started_cpu
    return cycle


async def run(interfaces: list[SnmpInterface], interval_s: float, cycles: int,
              credentials: dict[SnmpVersion, SnmpCredentials]) -> list[Cycle]:
    poller = SnmpPoller()
    try:
        return [await run_cycle(poller, interfaces, interval_s, credentials) for _ in range(cycles + 1)]
    finally:
        poller.close()


def describe(label: str, cycle: Cycle) -> str:
    failed = sum(cycle.failures.values())
    latencies = sorted(cycle.latencies_ms)
    p95 = latencies[max(0, round(len(latencies) * 0.95) - 1)] if latencies else 0.0
    return (f"{label}: {cycle.reads} reads in {cycle.wall_s:.1f} s ({cycle.reads / cycle.wall_s:.1f}/s), "
            f"CPU {cycle.cpu_s:.2f} s = {cycle.cpu_s / cycle.wall_s * 100:.1f} % of a core, {failed} failed, "
            f"latency median {statistics.median(latencies) if latencies else 0:.1f} ms, p95 {p95:.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--interfaces", type=int, default=500)
    parser.add_argument("--interval", type=float, default=30.0)
    parser.add_argument("--cycles", type=int, default=2, help="measured cycles after the warm-up (at least 2)")
    parser.add_argument("--agents", type=int, default=4)
    parser.add_argument("--v3-share", type=float, default=0.2)
    parser.add_argument("--by-name-share", type=float, default=0.1)
    options = parser.parse_args()

    # The agent helper lives with the tests; this script is run from the repository root or benchmarks/.
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.snmp_agent import COMMUNITY, V3_AUTH_KEY, V3_PRIV_KEY, V3_USER, SnmpAgent, snmpd_missing_reason

    credentials = {SnmpVersion.V2C: SnmpCredentials(community=COMMUNITY),
                   SnmpVersion.V3: SnmpCredentials(auth_key=V3_AUTH_KEY, priv_key=V3_PRIV_KEY)}
    reason = snmpd_missing_reason()
    if reason:
        print(f"skipped: {reason}")
        return 2
    with tempfile.TemporaryDirectory(prefix="pantau-bench-snmp-") as folder, ExitStack() as stack:
        agents = [stack.enter_context(SnmpAgent(Path(folder) / f"agent{number}"))
                  for number in range(options.agents)]
        interfaces = plan([agent.port for agent in agents], options.interfaces, options.v3_share,
                          options.by_name_share, V3_USER)
        v3_count = sum(1 for interface in interfaces if interface.version is SnmpVersion.V3)
        print(f"{len(interfaces)} interfaces ({v3_count} over v3 authPriv, "
              f"{sum(1 for i in interfaces if i.if_index is None)} by name) on {len(agents)} snmpd agents, "
              f"every {options.interval:g} s, warm-up + {options.cycles} cycles")
        measured = asyncio.run(run(interfaces, options.interval, max(2, options.cycles), credentials))
    print(describe("warm-up", measured[0]))
    for number, cycle in enumerate(measured[1:], start=1):
        print(describe(f"cycle {number}", cycle))
    steady = measured[1:]
    cpu = sum(cycle.cpu_s for cycle in steady) / sum(cycle.wall_s for cycle in steady) * 100
    reads = sum(cycle.reads for cycle in steady) / sum(cycle.wall_s for cycle in steady)
    failures = sum(sum(cycle.failures.values()) for cycle in steady)
    for message, count in sorted({m: c for cycle in measured for m, c in cycle.failures.items()}.items()):
        print(f"  failure x{count}: {message}")
    verdict = "meets" if cpu <= GOAL_CPU_PERCENT and not failures else "MISSES"
    print(f"steady state: {cpu:.2f} % of one core, {reads:.1f} reads/s, {failures} failures — {verdict} the goal "
          f"(≤ {GOAL_CPU_PERCENT:g} %, no failures)")
    return 0 if verdict == "meets" else 1


if __name__ == "__main__":
    sys.exit(main())
