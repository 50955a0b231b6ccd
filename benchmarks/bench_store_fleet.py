"""The shared store's side of a fleet (issue #14: 10 agents × 500 targets at 1 s into one PostgreSQL, probe to
window ≤ 2 s), with the agents' probing left out.

benchmarks/bench_fleet.py runs real `pantau agent` processes, probes included: on this 2-core machine ten of them
need about 2.5 cores, so there the fleet measures the machine, not the store. Agents run on their own boxes (a
kecamatan office's Raspberry Pi), so here each of `--agents` processes is everything an agent does after its
probes: the rounds of `--targets` targets a second go into a real buffer (a workspace, the writer and its rollups)
as the engine hands them over (in tenths of a second), a state change of an office now and then
(`--change-every` seconds per agent) is recorded there, and the real `Forwarder` ships it all to one real
PostgreSQL (tests/pg_server.py, loopback only) with the heartbeat. A window-like reader in this process listens
for the store's announcements (ui/store_listen.py) and polls every second, as the window does, reading every
site's views.

Reported: rounds a second stored, CPU of PostgreSQL and of each agent (of the shipping part), and the delay from
a state change's round (the agent's own time: when the probe answered or stopped answering) to the reader seeing
it, p50/p99; and, for the rounds, from their time to the store receiving them.

    PYTHONPATH=src:. python benchmarks/bench_store_fleet.py [--agents 10] [--targets 500] [--seconds 90]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.bench_fleet import load_average, pct, process_cpu, server_cpu
from tests.pg_server import PostgresServer

from pantau.domain.inventory import Network, Site, SiteKind, Target, TargetRole
from pantau.domain.samples import Sample
from pantau.domain.states import HealthState, StateChange
from pantau.storage.forwarder import Forwarder
from pantau.storage.pg_store import PgStore
from pantau.storage.store_url import parse_store_url
from pantau.storage.workspace import Workspace

PASSWORD = "bench"


def network(agents: int, targets: int) -> Network:
    vantages = [Site(f"v{i}", f"Vantage {i}", SiteKind.KECAMATAN) for i in range(agents)]
    offices = [Site(f"s{i}", f"Kantor {i}", SiteKind.DESA) for i in range(targets)]
    return Network("Fleet", sites=vantages + offices,
                   targets=[Target(f"t{i}", f"s{i}", f"127.10.{i // 250}.{i % 250 + 1}", TargetRole.OFFICE_ROUTER)
                            for i in range(targets)])


# --- one agent's shipping part (a child process) ------------------------------------------------------------------

def agent(url: str, vantage: str, buffer: Path, targets: int, seconds: float, change_every: float) -> None:
    """Rounds into the buffer as an engine would hand them over, state changes now and then, the real forwarder
    shipping; each state change printed (site, state, its round's time) for the parent to wait for."""
    net = network(0, targets)
    net.monitoring.vantage = vantage
    with Workspace.open(buffer) as workspace:
        workspace.replace_network(net)
        forwarder = Forwarder(workspace, net, vantage, lambda: PgStore.open(parse_store_url(url), PASSWORD, vantage),
                              "bench")
        states = {f"s{i}": HealthState.UNKNOWN for i in range(targets)}
        start = time.time()
        for site in states:
            workspace.record_state_change(StateChange(site, "site", HealthState.UNKNOWN, HealthState.UP, start))
            states[site] = HealthState.UP
        forwarder.start()
        change_due = start + random.uniform(1, change_every)
        tick = 0
        while time.time() - start < seconds:
            now = time.time()
            share = range(tick % 10, targets, 10)  # a tenth of the targets each tenth of a second
            workspace.submit([Sample(now, f"t{i}", "icmp", random.uniform(2, 9)) for i in share])
            if now >= change_due:
                site = f"s{random.randrange(targets)}"
                new = HealthState.DOWN if states[site] is HealthState.UP else HealthState.UP
                workspace.record_state_change(StateChange(site, "site", states[site], new, now, "bench"))
                states[site] = new
                print(json.dumps({"site": site, "state": new.value, "ts": now}), flush=True)
                change_due = now + change_every * random.uniform(0.5, 1.5)
            tick += 1
            time.sleep(max(0.0, start + tick * 0.1 - time.time()))
        forwarder.stop(final_pass=True)


# --- the parent: the store, the agents, a window-like reader -----------------------------------------------------

def run(agents: int, targets: int, seconds: float, warmup: float, change_every: float) -> None:
    folder = Path(tempfile.mkdtemp(prefix="pantau-store-fleet-"))
    with PostgresServer() as server:
        url = server.create_database("fleet", "fleet", PASSWORD)
        parsed = parse_store_url(url)
        with PgStore.open(parsed, PASSWORD) as store:
            store.replace_network(network(agents, targets))
        postmaster = int((server.data / "postmaster.pid").read_text().split()[0])
        pending: dict[tuple[str, str], tuple[str, float]] = {}
        lock = threading.Lock()
        delays: list[float] = []
        children = [subprocess.Popen([sys.executable, __file__, "--agent", url, f"v{i}", str(folder / f"v{i}.db"),
                                      str(targets), str(seconds + warmup + 15), str(change_every)],
                                     stdout=subprocess.PIPE, text=True) for i in range(agents)]

        def follow(vantage: str, child: subprocess.Popen[str]) -> None:
            assert child.stdout is not None
            for line in child.stdout:
                change = json.loads(line)
                with lock:
                    pending[(vantage, change["site"])] = (change["state"], change["ts"])

        followers = [threading.Thread(target=follow, args=(f"v{i}", child), daemon=True)
                     for i, child in enumerate(children)]
        for thread in followers:
            thread.start()
        time.sleep(warmup)
        cpu_before = [process_cpu(child.pid) for child in children]
        server_before = server_cpu(postmaster)
        with PgStore.open(parsed, PASSWORD) as reader:
            rounds_before = reader.sample_count()
            began = time.monotonic()
            # Only the changes made while measuring count (those of the warm-up waited for the reader to start),
            # and each is waited for a while after the end (those not seen by then are counted apart).
            window = (time.time(), time.time() + seconds)
            reader.wait_for_change(0)
            next_poll = 0.0
            measured: tuple[float, int, list[float], float, str] | None = None
            while time.monotonic() - began < seconds + 10.0:
                heard = reader.wait_for_change(max(0.0, min(0.2, next_poll - time.monotonic())))
                if measured is None and time.monotonic() - began >= seconds:
                    measured = (time.monotonic() - began, reader.sample_count() - rounds_before,
                                [process_cpu(child.pid) - before for child, before in zip(children, cpu_before,
                                                                                          strict=True)],
                                server_cpu(postmaster) - server_before, load_average())
                if not heard and time.monotonic() < next_poll:
                    continue
                next_poll = time.monotonic() + 1.0
                views = reader.site_views()
                seen_at = time.time()
                with lock:
                    for (vantage, site), (state, ts) in list(pending.items()):
                        if not window[0] <= ts < window[1]:
                            del pending[(vantage, site)]
                            continue
                        view = views.get(site, {}).get(vantage)
                        if view is not None and view.state.value == state:
                            delays.append(seen_at - ts)
                            del pending[(vantage, site)]
                    if time.monotonic() - began >= seconds and not pending:
                        break
        assert measured is not None
        elapsed, rounds, cpu, database, load = measured
        with lock:
            unseen = sum(1 for _state, ts in pending.values() if window[0] <= ts < window[1])
        for child in children:
            child.wait(120)
        with PgStore.open(parsed, PASSWORD) as reader:
            received = []
            for vantage in ("v0", f"v{agents - 1}"):
                received += [got - ts for ts, got in reader.received_times("t0", 0, time.time() + 60, vantage)]
    print(f"{agents} agents × {targets} targets, {elapsed:.0f} s measured after {warmup:.0f} s, load {load}:")
    print(f"  stored {rounds / elapsed:,.0f} rounds a second (of {agents * targets:,})")
    print(f"  PostgreSQL {database / elapsed:.2f} of a core; each agent's shipping part "
          f"{min(cpu) / elapsed:.3f}–{max(cpu) / elapsed:.3f} of a core "
          f"({1000 * sum(cpu) / max(1, rounds):.3f} CPU s per 1,000 rounds)")
    print(f"  state change, round taken → reader sees it: p50 {pct(delays, 50):.2f} s, p99 {pct(delays, 99):.2f} s, "
          f"max {max(delays, default=float('nan')):.2f} s (n={len(delays)}; {unseen} not seen 10 s after the end)")
    print(f"  round taken → store received it: p50 {pct(received, 50):.2f} s, p99 {pct(received, 99):.2f} s "
          f"(n={len(received)})", flush=True)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--agent":
        url, vantage, buffer, targets, seconds, change_every = sys.argv[2:8]
        agent(url, vantage, Path(buffer), int(targets), float(seconds), float(change_every))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=10)
    parser.add_argument("--targets", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=90.0)
    parser.add_argument("--warmup", type=float, default=15.0)
    parser.add_argument("--change-every", type=float, default=3.0)
    args = parser.parse_args()
    run(args.agents, args.targets, args.seconds, args.warmup, args.change_every)


if __name__ == "__main__":
    main()
