"""SIGKILL during monitoring: is the workspace still sound, and how many seconds of probing are lost per kill?

`pantau monitor --no-alerts` runs as a subprocess on one workspace (N loopback ICMP targets every `--interval`
seconds) and is killed with SIGKILL at a random moment `--min`…`--max` seconds after it started monitoring; the
next trial starts on the same file, so damage would accumulate. After each kill:
- integrity: `PRAGMA integrity_check` ("ok" or what SQLite found), and whether any subject was left with two
  open events;
- seconds lost: the moment of the kill minus the time of the newest round stored. The writer commits about once a
  second and the engine hands rounds over four times a second, so about a second is expected; a kill never loses a
  committed transaction (WAL, synchronous=NORMAL: the OS keeps what was written when a process dies);
- the lock: the next trial's monitor must start although the killed one never released its lock.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_kill9.py [--trials 20] [--targets 50] [--interval 0.5]

Loopback only. I/O-bound and short (about a minute for 20 trials).
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from pantau.domain.inventory import Network, Site, SiteKind, Target, TargetRole
from pantau.storage.networkfile import write_network_file

SRC = Path(__file__).resolve().parents[1] / "src"


@dataclass
class Trial:
    number: int
    after_s: float
    integrity: str
    double_open: int
    seconds_lost: float
    samples: int
    started: bool


def network(count: int, interval_s: float) -> Network:
    sites = [Site("dc", "Data centre", SiteKind.DATACENTER)]
    sites += [Site(f"o{i}", f"Office {i}", SiteKind.DESA, parent="dc") for i in range(count)]
    targets = [Target(f"t{i}", f"o{i}", f"127.1.{i // 250}.{i % 250 + 1}", TargetRole.OFFICE_ROUTER, ["icmp"],
                      interval_s=interval_s) for i in range(count)]
    return Network("kill9", sites=sites, targets=targets)


def run_trial(number: int, workspace: Path, after_s: float) -> Trial:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    started = threading.Event()
    with subprocess.Popen([sys.executable, "-m", "pantau", "--workspace", str(workspace), "monitor", "--no-alerts"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) as proc:
        assert proc.stdout is not None

        def pump() -> None:
            assert proc.stdout is not None
            for line in proc.stdout:
                if line.startswith("Monitoring "):
                    started.set()

        reader = threading.Thread(target=pump, daemon=True)
        reader.start()
        ok = started.wait(30)
        if ok:
            time.sleep(after_s)
        killed_at = time.time()
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        reader.join(5)
    with sqlite3.connect(workspace) as conn:
        integrity = "; ".join(str(row[0]) for row in conn.execute("PRAGMA integrity_check"))
        double_open = conn.execute("SELECT count(*) FROM (SELECT 1 FROM events WHERE ended IS NULL "
                                   "GROUP BY subject_kind, subject HAVING count(*) > 1)").fetchone()[0]
        newest_ms, samples = conn.execute("SELECT max(ts_ms), count(*) FROM samples").fetchone()
    lost = killed_at - newest_ms / 1000 if newest_ms is not None else float("nan")
    return Trial(number, after_s, integrity, double_open, lost, samples, ok)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--targets", type=int, default=50)
    parser.add_argument("--interval", type=float, default=0.5)
    parser.add_argument("--min", type=float, default=1.5, help="earliest kill, seconds after monitoring began")
    parser.add_argument("--max", type=float, default=4.0, help="latest kill")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(2**32)
    rng = random.Random(seed)
    print(f"SIGKILL during monitoring: {args.trials} trials, {args.targets} loopback targets every "
          f"{args.interval:g} s, kill {args.min:g}-{args.max:g} s after start (seed {seed})")
    trials: list[Trial] = []
    with tempfile.TemporaryDirectory(prefix="pantau-kill9-") as folder:
        file, workspace = Path(folder) / "network.toml", Path(folder) / "ws.sqlite3"
        write_network_file(network(args.targets, args.interval), file)
        subprocess.run([sys.executable, "-m", "pantau", "--workspace", str(workspace), "import", str(file)],
                       check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(SRC)})
        print(f"{'trial':>5} {'kill after s':>12} {'integrity':>10} {'2 open':>7} {'s lost':>7} {'samples':>9}")
        for number in range(1, args.trials + 1):
            trial = run_trial(number, workspace, rng.uniform(args.min, args.max))
            trials.append(trial)
            print(f"{trial.number:>5} {trial.after_s:>12.2f} {trial.integrity:>10} {trial.double_open:>7} "
                  f"{trial.seconds_lost:>7.2f} {trial.samples:>9}{'' if trial.started else '  (never started)'}",
                  flush=True)
    lost = [t.seconds_lost for t in trials if t.started]
    sound = sum(1 for t in trials if t.integrity == "ok" and not t.double_open)
    print(f"integrity ok after {sound} of {len(trials)} kills; every monitor started after the previous kill: "
          f"{all(t.started for t in trials)}")
    if lost:
        print(f"seconds lost per kill: median {statistics.median(lost):.2f}, max {max(lost):.2f}, "
              f"min {min(lost):.2f}")


if __name__ == "__main__":
    main()
