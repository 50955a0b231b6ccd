"""How soon the window on the shared store shows a state change an agent delivered (issue #14: ≤ 2 s after the
agent saw it), with the store's announcements (NOTIFY, ui/store_listen.py) and with the 1 s poll alone.

A real PostgreSQL started here (tests/pg_server.py, loopback only) holds a network of `--sites` offices; a real
`StoreWatch` on an offscreen main window polls it every second, as the window does. A writer thread plays an agent:
every pass it sends a batch of rounds (one per office, through `write_samples`, rollups included) and, every
`--every` seconds at a random phase, an office's state change through `upsert_forwarded_events` (the forwarder's
call), then notes the commit time. The delay is from that commit to the window's session showing the new state.
The agent's own delay (probe to commit, measured by benchmarks/bench_fleet.py) comes on top.

    PYTHONPATH=src:. python benchmarks/bench_store_notify.py [--sites 500] [--changes 40] [--every 1.3]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import threading
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication
from tests.pg_server import PostgresServer

from pantau.domain.inventory import Network, Site, SiteKind, Target, TargetRole
from pantau.domain.samples import Sample
from pantau.domain.states import HealthState
from pantau.storage.pg_store import PgStore
from pantau.storage.store_access import open_store_window
from pantau.storage.store_url import parse_store_url
from pantau.storage.workspace import EventRow
from pantau.ui.main_window import MainWindow
from pantau.ui.store_watch import StoreWatch

PASSWORD = "bench"


def network(sites: int) -> Network:
    return Network("Bench", sites=[Site("dc", "Data centre", SiteKind.DATACENTER)] +
                   [Site(f"s{i}", f"Kantor {i}", SiteKind.DESA, parent="dc") for i in range(sites)],
                   targets=[Target(f"t{i}", f"s{i}", f"127.10.{i // 250}.{i % 250 + 1}", TargetRole.OFFICE_ROUTER)
                            for i in range(sites)])


def run(url: str, sites: int, changes: int, every_s: float, listen: bool) -> list[float]:
    app = QApplication.instance() or QApplication([])
    access, net = open_store_window(parse_store_url(url), PASSWORD)
    window = MainWindow(net, None, tray=False)
    watch = StoreWatch(window, access)
    if not listen:
        watch.listener.changed.disconnect()
    committed: dict[str, tuple[HealthState, float]] = {}
    lock = threading.Lock()
    stop = threading.Event()
    next_id = [int(time.time() * 1000)]

    def agent() -> None:
        with PgStore.open(parse_store_url(url), PASSWORD, "v0") as store:
            states = {f"s{i}": HealthState.UP for i in range(sites)}
            opened = {site: next_id[0] + i for i, site in enumerate(states)}
            now = time.time()
            store.upsert_forwarded_events([EventRow(site, "site", HealthState.UP, HealthState.UNKNOWN, now - 60,
                                                    None, "", id=opened[site]) for site in states])
            next_id[0] += sites
            due = time.monotonic() + random.uniform(0, every_s)
            while not stop.is_set():
                now = time.time()
                store.write_samples([Sample(now, f"t{i}", "icmp", 5.0) for i in range(sites)], vantage="v0")
                store.heartbeat(now, 0.0, "bench", now - 60, vantage="v0")
                if time.monotonic() >= due:
                    site = f"s{random.randrange(sites)}"
                    new = HealthState.DOWN if states[site] is HealthState.UP else HealthState.UP
                    next_id[0] += 1
                    store.upsert_forwarded_events([
                        EventRow(site, "site", states[site], HealthState.UNKNOWN, now - 60, now, "", id=opened[site]),
                        EventRow(site, "site", new, states[site], now, None, "", id=next_id[0])])
                    with lock:
                        committed[site] = (new, time.monotonic())
                    states[site], opened[site] = new, next_id[0]
                    due = time.monotonic() + every_s * random.uniform(0.7, 1.3)
                stop.wait(max(0.0, 1.0 - (time.time() - now)))

    delays: list[float] = []
    writer = threading.Thread(target=agent, daemon=True)
    watch.start()
    writer.start()
    try:
        while len(delays) < changes:
            app.processEvents()
            time.sleep(0.005)
            with lock:
                for site, (state, at) in list(committed.items()):
                    if window.session.states.get(site) is state:
                        delays.append(time.monotonic() - at)
                        del committed[site]
    finally:
        stop.set()
        writer.join(10)
        watch.stop()
        window.shutdown()
    return delays


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=500)
    parser.add_argument("--changes", type=int, default=40)
    parser.add_argument("--every", type=float, default=1.3)
    args = parser.parse_args()
    with PostgresServer() as server:
        for listen in (True, False):
            url = server.create_database(f"bench_{int(listen)}", f"bench_{int(listen)}", PASSWORD)
            with PgStore.open(parse_store_url(url), PASSWORD) as store:
                store.replace_network(network(args.sites))
            delays = sorted(run(url, args.sites, args.changes, args.every, listen))
            p99 = delays[min(len(delays) - 1, int(0.99 * len(delays)))]
            print(f"{'announced + 1 s poll' if listen else '1 s poll alone':22} {len(delays)} changes, "
                  f"{args.sites} offices: commit → window median {statistics.median(delays) * 1000:.0f} ms, "
                  f"p99 {p99 * 1000:.0f} ms, max {delays[-1] * 1000:.0f} ms", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
