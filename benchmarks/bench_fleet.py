"""A fleet of real `pantau agent` processes into one real PostgreSQL on this machine (issue #14): ingest rows/s,
CPU of the database and of each agent, whether the agents keep their 1 s rounds, and how long a state change and
a round take from the agent to a window reading the store (goal: state change p99 ≤ 2 s).

Everything is loopback only. The network (imported into the store once) is `--targets` targets of which all but
`--flaps` are pinged (ICMP, 127.10.x.y, which the loopback interface answers); the others are offices with one
router each, checked by TCP at a listener on 127.0.99.k that this benchmark opens and closes on a schedule (a
closed port is refused, so the office goes DOWN after `down_after` rounds and UP again when it reopens). Each
agent watches the whole network from its own site (v0, v1, …) into its own buffer, as `pantau agent` runs on an
office box; the store's password reaches it through a pgpass file.

A state change's delay is measured from the event's start (the round that changed the state, the agent's own time)
to the first poll of `PgStore.site_views()` that shows it, polled as a window would (every 100 ms, and separately
every 1 s); a round's from its time to the first 100 ms poll that finds it (a few series of every vantage), and to
the store's `received_ms`. CPU seconds come from /proc (utime + stime): each agent, and every process of the
PostgreSQL server (the postmaster, its live children, and the children it reaped: its cutime + cstime).

After the fleet stops, one store pass as an agent sends it (one round of every series of a vantage, plus the
other vantages' 4,500 series already stored) is timed in this process and split into its parts: the rollups
(`touched_minutes` + `update_rollups`) and the rest (COPY into the temp table, the two INSERTs, the commit).

    PYTHONPATH=src:. python benchmarks/bench_fleet.py [--fleet 10x500 --fleet 2x500 …] [--seconds 120]
        [--warmup 20] [--flaps 5] [--flap-every 10]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from tests.pg_server import PostgresServer
from tests.servers import TcpListener

from pantau.domain.inventory import MonitoringSettings, Network, Site, SiteKind, Target, TargetRole
from pantau.domain.samples import Sample
from pantau.storage import pg_store
from pantau.storage.pg_store import PgStore
from pantau.storage.store_url import parse_store_url

PASSWORD = "bench"
SRC = Path(__file__).resolve().parent.parent / "src"
FLAP_HOST = "127.0.99.{}"
FLAP_PORT = 18_500
TICKS = os.sysconf("SC_CLK_TCK")
GOAL_S = 2.0


# --- the network -------------------------------------------------------------------------------------------------

def fleet_network(agents: int, targets: int, flaps: int) -> Network:
    """Vantage sites v0…, offices o0… of five pinged routers each, and `flaps` offices f0… of one TCP router."""
    sites = [Site("dc", "Data centre", SiteKind.DATACENTER)]
    sites += [Site(f"v{a}", f"Vantage {a}", SiteKind.KECAMATAN, parent="dc") for a in range(agents)]
    rows: list[Target] = []
    pinged = targets - flaps
    for n in range(pinged):
        office = f"o{n // 5}"
        if n % 5 == 0:
            sites.append(Site(office, f"Office {n // 5}", SiteKind.DESA, parent="dc"))
        rows.append(Target(f"{office}-r{n % 5}", office, f"127.10.{n // 250}.{n % 250 + 1}",
                           TargetRole.OFFICE_ROUTER, checks=["icmp"], interval_s=1.0))
    for k in range(flaps):
        sites.append(Site(f"f{k}", f"Flapping office {k}", SiteKind.DESA, parent="dc"))
        rows.append(Target(f"f{k}-rtr", f"f{k}", FLAP_HOST.format(k + 1), TargetRole.OFFICE_ROUTER,
                           checks=[f"tcp:{FLAP_PORT}"], interval_s=1.0))
    return Network("fleet", monitoring=MonitoringSettings(), sites=sites, targets=rows)


class Flapper:
    """Opens and closes each flapping office's listener every `every_s`, the offices spread over the period."""

    def __init__(self, flaps: int, every_s: float) -> None:
        self._every_s = every_s
        self._listeners: list[TcpListener | None] = [None] * flaps
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="flapper", daemon=True)
        self.toggles = 0

    def start(self) -> None:
        for k in range(len(self._listeners)):
            self._set(k, True)
        self._thread.start()

    def _set(self, k: int, open_: bool) -> None:
        listener = self._listeners[k]
        if open_ and listener is None:
            self._listeners[k] = TcpListener(FLAP_HOST.format(k + 1), port=FLAP_PORT, max_lifetime_s=86_400).start()
        elif not open_ and listener is not None:
            listener.stop()
            self._listeners[k] = None

    def _run(self) -> None:
        started = time.monotonic()
        count = len(self._listeners)
        while not self._stop.wait(0.05):
            elapsed = time.monotonic() - started
            for k in range(count):
                # Office k is closed in the odd periods of its own phase.
                closed = int((elapsed + k * self._every_s / count) / self._every_s) % 2 == 1
                if closed == (self._listeners[k] is not None):
                    self._set(k, not closed)
                    self.toggles += 1

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(10)
        for k in range(len(self._listeners)):
            self._set(k, False)


# --- the fleet ---------------------------------------------------------------------------------------------------

@dataclass
class Agent:
    vantage: str
    buffer: Path
    process: subprocess.Popen[bytes]
    log: Path


@contextlib.contextmanager
def fleet(url: str, agents: int, folder: Path) -> Iterator[list[Agent]]:
    """`agents` agents, each in its own process group, stopped (SIGTERM, then SIGKILL) whatever happens."""
    parsed = parse_store_url(url)
    pgpass = folder / "pgpass"
    pgpass.write_text(f"{parsed.host}:{parsed.port}:{parsed.database}:{parsed.user}:{PASSWORD}\n")
    pgpass.chmod(0o600)
    env = {**os.environ, "PYTHONPATH": str(SRC), "PGPASSFILE": str(pgpass), "PANTAU_STORE": url}
    started: list[Agent] = []
    try:
        for a in range(agents):
            buffer, log = folder / f"agent-v{a}.sqlite3", folder / f"agent-v{a}.log"
            with log.open("wb") as err:
                process = subprocess.Popen([sys.executable, "-m", "pantau", "agent", "--vantage", f"v{a}",
                                            "--buffer", str(buffer)], env=env, stdout=subprocess.DEVNULL,
                                           stderr=err, start_new_session=True)
            started.append(Agent(f"v{a}", buffer, process, log))
        yield started
    finally:
        for agent in started:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(agent.process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 60
        for agent in started:
            try:
                agent.process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(agent.process.pid, signal.SIGKILL)
                agent.process.wait(10)


# --- CPU from /proc ----------------------------------------------------------------------------------------------

def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None


def process_cpu(pid: int) -> float:
    fields = _stat(pid)
    return 0.0 if fields is None else (int(fields[11]) + int(fields[12])) / TICKS


def server_cpu(postmaster: int) -> float:
    """The postmaster's own CPU, its live children's, and what its reaped children used (cutime + cstime)."""
    fields = _stat(postmaster)
    if fields is None:
        return 0.0
    total = sum(int(v) for v in fields[11:15]) / TICKS
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            child = _stat(int(entry.name))
            if child is not None and int(child[1]) == postmaster:
                total += (int(child[11]) + int(child[12])) / TICKS
    return total


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


# --- the window's view -------------------------------------------------------------------------------------------

@dataclass
class Watcher:
    """Polls the store as a window does, every `every_s`: the flapping offices' states per vantage (each change
    noted with when it was first seen) and, with `rounds`, the newest stored round of a few series."""

    url: str
    every_s: float
    offices: set[str]
    rounds: dict[int, str] = field(default_factory=dict)  # series id → vantage
    changes: list[tuple[float, str, str, str]] = field(default_factory=list)  # (seen, office, vantage, state)
    round_delays: dict[str, list[float]] = field(default_factory=dict)  # vantage → seen − round time
    poll_s: list[float] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name=f"watch-{self.every_s}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(30)

    def _run(self) -> None:
        held: dict[tuple[str, str], str] = {}
        newest: dict[int, int] = {}
        with PgStore.open(parse_store_url(self.url), PASSWORD, "") as store, \
                psycopg.connect(self.url, password=PASSWORD, autocommit=True) as conn:
            next_at = time.monotonic()
            while not self._stop.is_set():
                began = time.monotonic()
                views = store.site_views()
                seen = time.time()
                for office in self.offices:
                    for vantage, view in views.get(office, {}).items():
                        if held.get((office, vantage)) != view.state.name:
                            held[(office, vantage)] = view.state.name
                            self.changes.append((seen, office, vantage, view.state.name))
                if self.rounds:
                    rows = conn.execute("SELECT series_id, max(ts_ms) FROM samples WHERE series_id = ANY(%s) "
                                        "AND ts_ms > %s GROUP BY series_id",
                                        (list(self.rounds), int((seen - 120) * 1000))).fetchall()
                    seen = time.time()
                    for series_id, ts_ms in rows:
                        if series_id in newest and ts_ms > newest[series_id]:
                            self.round_delays.setdefault(self.rounds[series_id], []).append(seen - ts_ms / 1000)
                        newest[series_id] = ts_ms
                self.poll_s.append(time.monotonic() - began)
                next_at += self.every_s
                self._stop.wait(max(0.0, next_at - time.monotonic()))


def state_delays(changes: list[tuple[float, str, str, str]], events: list[tuple[str, str, str, float, float | None]],
                 start: float, end: float) -> tuple[list[float], int]:
    """For each site event that started in [start, end): first seen − started; and how many were never seen
    before the next change of that office and vantage (or the end)."""
    delays, missed = [], 0
    for vantage, office, state, started, ended in events:
        if not start <= started < end:
            continue
        limit = ended if ended is not None else float("inf")
        seen = next((t for t, o, v, s in changes if o == office and v == vantage and s == state and t >= started
                     and t <= limit + 30), None)
        if seen is None:
            missed += 1
        else:
            delays.append(seen - started)
    return delays, missed


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def spread(values: list[float]) -> str:
    return (f"p50 {pct(values, 50):.2f} / p95 {pct(values, 95):.2f} / p99 {pct(values, 99):.2f} / "
            f"max {max(values, default=float('nan')):.2f} s (n={len(values)})")


# --- one store pass, split -----------------------------------------------------------------------------------------

class TimedConnection:
    """Forwards to the store's psycopg connection, adding each statement's wall time to `spent` by its kind (the
    rollups' statements under "rollup SQL" while `in_rollups` is set)."""

    def __init__(self, conn: psycopg.Connection[Any], spent: dict[str, float]) -> None:
        self._conn = conn
        self.spent = spent
        self.in_rollups = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)

    def _kind(self, sql: str) -> str:
        if self.in_rollups:
            return "rollup SQL"
        return " ".join(sql.split()[:3])

    @contextlib.contextmanager
    def _timed(self, sql: str) -> Iterator[None]:
        began = time.perf_counter()
        try:
            yield
        finally:
            kind = self._kind(sql)
            self.spent[kind] = self.spent.get(kind, 0.0) + time.perf_counter() - began

    def execute(self, sql: str, params: Any = None) -> Any:
        with self._timed(sql):
            return self._conn.execute(sql, params)

    def cursor(self) -> Any:
        outer = self
        real = self._conn.cursor()

        class TimedCursor:
            def __getattr__(self, name: str) -> Any:
                return getattr(real, name)

            def __enter__(self) -> TimedCursor:
                return self

            def __exit__(self, *exc: object) -> None:
                real.close()

            @contextlib.contextmanager
            def copy(self, sql: str) -> Iterator[Any]:
                with outer._timed(sql), real.copy(sql) as copy:
                    yield copy

            def executemany(self, sql: str, rows: Any) -> None:
                with outer._timed(sql):
                    real.executemany(sql, rows)

        return TimedCursor()


def timed_passes(url: str, vantage: str, targets: int, passes: int) -> dict[str, float]:
    """Median ms of a store pass of `targets` rounds (one a series) as an agent sends it, split into its parts:
    {"pass", "COPY", "INSERT series", "INSERT samples", "rollup SQL", "rollup Python", "commit and rest"};
    "rollup CPU" is this process's CPU in the rollups (psycopg and the arithmetic)."""
    parts: dict[str, list[float]] = {}
    spent: dict[str, float] = {}
    rollup = {"wall": 0.0, "cpu": 0.0}

    def timed(function: Callable[..., Any]) -> Callable[..., Any]:
        def run(conn: TimedConnection, *args: Any) -> Any:
            began, cpu = time.perf_counter(), time.thread_time()
            conn.in_rollups = True
            try:
                return function(conn, *args)
            finally:
                conn.in_rollups = False
                rollup["wall"] += time.perf_counter() - began
                rollup["cpu"] += time.thread_time() - cpu
        return run

    original = pg_store.update_rollups, pg_store.touched_minutes
    pg_store.update_rollups, pg_store.touched_minutes = timed(original[0]), timed(original[1])
    try:
        with PgStore.open(parse_store_url(url), PASSWORD, vantage) as store:
            store._conn = TimedConnection(store._conn, spent)  # type: ignore[assignment]
            base = float(int(time.time()))
            for k in range(passes + 1):
                batch = [Sample(base + k, f"s{n}", "icmp", 1.0 + n % 7, sent=1, lost=0) for n in range(targets)]
                spent.clear()
                rollup.update(wall=0.0, cpu=0.0)
                began = time.perf_counter()
                store.write_samples(batch)
                total = time.perf_counter() - began
                if not k:  # the first pass creates the series
                    continue
                found = {"pass": total, "rollup Python": rollup["wall"] - spent.get("rollup SQL", 0.0),
                         "rollup CPU": rollup["cpu"], **spent}
                found["commit and rest"] = total - rollup["wall"] - sum(v for n, v in spent.items()
                                                                        if n != "rollup SQL")
                for name, value in found.items():
                    parts.setdefault(name, []).append(value)
    finally:
        pg_store.update_rollups, pg_store.touched_minutes = original
    return {name: pct(values, 50) * 1000 for name, values in parts.items()}


# --- one run -----------------------------------------------------------------------------------------------------

def run(agents: int, targets: int, seconds: float, warmup: float, flaps: int, flap_every: float) -> dict[str, Any]:
    network = fleet_network(agents, targets, flaps)
    offices = {f"f{k}" for k in range(flaps)}
    with PostgresServer() as server, tempfile.TemporaryDirectory(prefix="pantau-fleet-") as folder_name:
        folder = Path(folder_name)
        url = server.create_database("fleet", "fleet_owner", PASSWORD)
        with PgStore.open(parse_store_url(url), PASSWORD, "") as store:
            store.replace_network(network)
        postmaster = int((server.data / "postmaster.pid").read_text().split()[0])
        flapper = Flapper(flaps, flap_every)
        flapper.start()
        watchers: list[Watcher] = []
        try:
            with fleet(url, agents, folder) as started:
                time.sleep(warmup)
                dead = [a.vantage for a in started if a.process.poll() is not None]
                if dead:
                    raise RuntimeError(f"agents {dead} stopped: {started[0].log.read_text()[-2000:]}")
                with psycopg.connect(url, password=PASSWORD, autocommit=True) as conn:
                    rows = conn.execute("SELECT id, vantage FROM series WHERE target IN ('o0-r0', 'o1-r1', 'o2-r2') "
                                        "AND method = 'icmp'").fetchall()
                    watchers = [Watcher(url, 0.1, offices, {int(i): v for i, v in rows}), Watcher(url, 1.0, offices)]
                    for watcher in watchers:
                        watcher.start()
                    load_before = load_average()
                    cpu_before = {a.vantage: process_cpu(a.process.pid) for a in started}
                    db_before = server_cpu(postmaster)
                    commits_before = conn.execute("SELECT xact_commit FROM pg_stat_database "
                                                  "WHERE datname = 'fleet'").fetchone()[0]
                    t0 = time.time()
                    time.sleep(seconds)
                    t1 = time.time()
                    cpu = {a.vantage: process_cpu(a.process.pid) - cpu_before[a.vantage] for a in started}
                    db_cpu = server_cpu(postmaster) - db_before
                    commits = conn.execute("SELECT xact_commit FROM pg_stat_database "
                                           "WHERE datname = 'fleet'").fetchone()[0] - commits_before
                    load_after = load_average()
                    behind = dict(conn.execute("SELECT vantage, behind_s FROM agents").fetchall())
                    for watcher in watchers:
                        watcher.stop()
                    # The watchers' own polls are part of the database's CPU; a window would cost the same.
                    ingested = conn.execute("SELECT count(*) FROM samples WHERE received_ms >= %s AND received_ms < %s",
                                            (int(t0 * 1000), int(t1 * 1000))).fetchone()[0]
                    per_vantage = dict(conn.execute(
                        "SELECT se.vantage, count(*) FROM samples s JOIN series se ON se.id = s.series_id "
                        "WHERE s.ts_ms >= %s AND s.ts_ms < %s GROUP BY se.vantage",
                        (int(t0 * 1000), int((t1 - 5) * 1000))).fetchall())
                    received = [float(v) / 1000 for (v,) in conn.execute(
                        "SELECT received_ms - ts_ms FROM samples WHERE ts_ms >= %s AND ts_ms < %s",
                        (int(t0 * 1000), int((t1 - 5) * 1000))).fetchall()]
            # Stopped: what each agent probed itself, from its own buffer.
            probed = {}
            for a in started:
                with contextlib.closing(sqlite3.connect(a.buffer)) as local:
                    probed[a.vantage] = local.execute("SELECT count(*) FROM samples WHERE ts_ms >= ? AND ts_ms < ?",
                                                      (int(t0 * 1000), int((t1 - 5) * 1000))).fetchone()[0]
        finally:
            for watcher in watchers:
                watcher.stop()
            flapper.stop()
        with psycopg.connect(url, password=PASSWORD, autocommit=True) as conn:
            events = [(v, s, st, float(a), None if e is None else float(e)) for v, s, st, a, e in conn.execute(
                "SELECT vantage, subject, state, started, ended FROM events WHERE subject_kind = 'site' "
                "AND subject = ANY(%s) ORDER BY started", (sorted(offices),)).fetchall()]
        fast, slow = watchers
        window = t1 - t0
        settle = 5.0  # changes in the last seconds may not have reached a poll yet: left out of both
        delays_fast, missed_fast = state_delays(fast.changes, events, t0, t1 - settle)
        delays_slow, missed_slow = state_delays(slow.changes, events, t0, t1 - settle)
        split = timed_passes(url, "split", targets, 20)
        split_all = timed_passes(url, "split-all", targets * agents, 5) if agents > 1 else split
        return {
            "agents": agents, "targets": targets, "window": window, "load": f"{load_before} → {load_after}",
            "ingest": ingested / window, "probed": {v: n / (window - 5) for v, n in probed.items()},
            "stored": {v: n / (window - 5) for v, n in per_vantage.items()},
            "cpu": {v: c / window for v, c in cpu.items()}, "db_cpu": db_cpu / window, "commits": commits / window,
            "behind": behind, "delays_fast": delays_fast, "missed_fast": missed_fast, "delays_slow": delays_slow,
            "missed_slow": missed_slow, "rounds_visible": [d for ds in fast.round_delays.values() for d in ds],
            "received": received, "poll_ms": pct(fast.poll_s, 50) * 1000, "split": split, "split_all": split_all,
            "toggles": flapper.toggles,
        }


def report(r: dict[str, Any]) -> None:
    agents, targets = r["agents"], r["targets"]
    probed, stored, cpu = r["probed"], r["stored"], r["cpu"]
    print(f"\n{agents} agents x {targets} targets at 1 s, {r['window']:.0f} s window, load average {r['load']}")
    print(f"  ingest into the store      {r['ingest']:,.0f} rounds/s (expected {agents * targets:,}), "
          f"{r['commits']:,.0f} commits/s")
    print(f"  rounds/s an agent probed   min {min(probed.values()):.0f} / max {max(probed.values()):.0f} "
          f"(of {targets})")
    print(f"  rounds/s a vantage stored  min {min(stored.values(), default=0):.0f} / "
          f"max {max(stored.values(), default=0):.0f}; behind at the end max {max(r['behind'].values()):.1f} s")
    print(f"  CPU a core: PostgreSQL {r['db_cpu']:.2f}; agents " + " ".join(f"{cpu[v]:.2f}" for v in sorted(cpu)) +
          f" (sum {sum(cpu.values()):.2f})")
    # Robust when other work shares the machine: CPU seconds an agent spent per 1,000 rounds it probed.
    per_round = [1000 * cpu[v] / probed[v] for v in sorted(cpu) if probed.get(v)]
    print(f"  CPU s per 1,000 rounds     agents min {min(per_round, default=float('nan')):.3f} / "
          f"max {max(per_round, default=float('nan')):.3f}; PostgreSQL "
          f"{1000 * r['db_cpu'] / max(r['ingest'], 1):.3f} per 1,000 stored")
    print(f"  state change → window, 100 ms poll: {spread(r['delays_fast'])}, missed {r['missed_fast']}")
    print(f"  state change → window, 1 s poll:    {spread(r['delays_slow'])}, missed {r['missed_slow']}")
    print(f"  round → visible (100 ms poll):      {spread(r['rounds_visible'])}")
    print(f"  round → received_ms:                {spread(r['received'])}")
    for rounds, split in ((targets, r["split"]), (agents * targets, r["split_all"]))[:1 if agents == 1 else 2]:
        print(f"  one pass of {rounds} rounds, fleet stopped: {split['pass']:.0f} ms: " +
              ", ".join(f"{name} {value:.0f}" for name, value in split.items() if name != "pass"))
    print(f"  site_views() poll {r['poll_ms']:.1f} ms; {r['toggles']} listener toggles")
    print(f"  goal: state change p99 <= {GOAL_S:.0f} s: "
          f"{'met' if pct(r['delays_fast'], 99) <= GOAL_S else 'NOT met'}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fleet", action="append", help="AGENTSxTARGETS, repeatable (default 10x500)")
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--warmup", type=float, default=20.0)
    parser.add_argument("--flaps", type=int, default=5)
    parser.add_argument("--flap-every", type=float, default=10.0)
    args = parser.parse_args()
    for shape in args.fleet or ["10x500"]:
        agents, targets = (int(v) for v in shape.split("x"))
        report(run(agents, targets, args.seconds, args.warmup, args.flaps, args.flap_every))


if __name__ == "__main__":
    main()
