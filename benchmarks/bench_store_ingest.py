"""The shared store's ingest and back-fill: rounds a second into a real PostgreSQL started here (tests/pg_server.py,
loopback only), bytes a stored round takes, and one agent's back-fill of an hour of 500 targets at 1 s from its own
workspace through the forwarder (goal: ≤ 30 s).

    PYTHONPATH=src:. python benchmarks/bench_store_ingest.py [--targets 500] [--seconds 3600]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import psycopg
from tests.pg_server import PostgresServer

from pantau.domain.inventory import Network, Site, SiteKind, Target, TargetRole
from pantau.domain.samples import ErrorKind, Sample
from pantau.storage.forwarder import Forwarder
from pantau.storage.pg_store import PgStore
from pantau.storage.store_url import parse_store_url
from pantau.storage.workspace import Workspace

PASSWORD = "bench"
T0 = 1_795_000_000.0


def rounds(targets: int, seconds: int, start: float = T0) -> list[Sample]:
    out = []
    for k in range(seconds):
        for n in range(targets):
            if (k + n) % 97 == 0:
                out.append(Sample(start + k, f"t{n}", "icmp", None, ErrorKind.TIMEOUT, "timeout", 3, 3))
            else:
                out.append(Sample(start + k, f"t{n}", "icmp", 5.0 + (k * 7 + n) % 40 / 3, sent=3, lost=0))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--targets", type=int, default=500)
    parser.add_argument("--seconds", type=int, default=3600)
    args = parser.parse_args()
    network = Network("bench", sites=[Site("s", "S", SiteKind.SKPD)],
                      targets=[Target(f"t{n}", "s", "127.0.50.1", TargetRole.OFFICE_ROUTER)
                               for n in range(args.targets)])
    with PostgresServer() as server:
        url_text = server.create_database("bench", "bench_owner", PASSWORD)
        url = parse_store_url(url_text)
        with PgStore.open(url, PASSWORD, "direct") as store:
            batch = rounds(args.targets, 60)
            started = time.perf_counter()
            for minute in range(5):
                store.write_samples([Sample(s.ts + minute * 60, s.target, s.method, s.rtt_ms, s.error, s.message,
                                            s.sent, s.lost) for s in batch])
            elapsed = time.perf_counter() - started
            written = 5 * len(batch)
            print(f"direct COPY batches of {len(batch):,}: {written / elapsed:,.0f} rounds/s")
            with psycopg.connect(url_text, password=PASSWORD) as conn:
                size = conn.execute("SELECT sum(pg_total_relation_size(c.oid)) FROM pg_inherits i "
                                    "JOIN pg_class c ON c.oid = i.inhrelid "
                                    "WHERE i.inhparent = 'samples'::regclass").fetchone()[0]
            print(f"stored size: {size / written:.0f} bytes a round (table and primary key)")
        with tempfile.TemporaryDirectory() as folder:
            with Workspace.open(Path(folder) / "agent.sqlite3") as buffer:
                hour = rounds(args.targets, args.seconds, start=T0 + 86_400)
                # In steps the writer's queue holds, as rounds arrive during an hour's cut.
                for i in range(0, len(hour), 20_000):
                    buffer.submit(hour[i:i + 20_000])
                    buffer.flush()
                forwarder = Forwarder(buffer, network, "agent", lambda: PgStore.open(url, PASSWORD, "agent"), "b",
                                      clock=lambda: T0 + 86_400 + args.seconds)
                started = time.perf_counter()
                shipped = 0
                while True:
                    step = forwarder.forward_once()
                    if not step:
                        break
                    shipped += step
                elapsed = time.perf_counter() - started
                forwarder.stop(final_pass=False)
            print(f"back-fill of {args.seconds} s x {args.targets} targets ({shipped:,} rounds): {elapsed:.1f} s "
                  f"({shipped / elapsed:,.0f} rounds/s; goal <= 30 s)")


if __name__ == "__main__":
    main()
