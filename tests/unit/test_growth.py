"""The workspace growth estimate (`pantau status`, the window) against a real file filled by the real writer."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

from pantau.domain.inventory import MonitoringSettings, Network, Site, SiteKind, Target, TargetRole
from pantau.domain.samples import Sample
from pantau.reporting.growth import estimate_growth
from pantau.storage.workspace import Workspace

T0 = 1_790_000_000 // 86_400 * 86_400


def network(targets: int) -> Network:
    return Network("N", sites=[Site(f"s{i}", f"S {i}", SiteKind.DESA) for i in range(targets)],
                   targets=[Target(f"t{i}", f"s{i}", f"127.0.40.{i + 1}", TargetRole.OFFICE_ROUTER)
                            for i in range(targets)],
                   monitoring=MonitoringSettings(raw_retention_days=2, minute_rollup_retention_days=7))


def test_the_estimate_is_the_arithmetic_of_checks_intervals_and_retention() -> None:
    net = network(3)
    net.targets[0].checks = ["icmp", "tcp:22"]
    net.targets[1].interval_s = 1.0
    net.targets[2].enabled = False
    growth = estimate_growth(net)
    assert growth.checks == 3
    rounds = 2 * 86_400 / net.targets[0].effective_interval_s + 86_400 / 1
    assert growth.raw_bytes_per_day == rounds * 25
    assert growth.minute_bytes_per_day == 3 * 24 * 630 and growth.hour_bytes_per_day == 3 * 24 * 34
    assert growth.steady_bytes == 2 * rounds * 25 + 7 * 3 * 24 * 630
    assert growth.text().startswith(f"about {growth.bytes_per_day / 1e6:.1f} MB a day for 3 checks")


def test_the_estimate_matches_a_day_written_by_the_real_writer(tmp_path: Path) -> None:
    net = network(4)
    for target in net.targets:
        target.interval_s = 5.0
    path = tmp_path / "ws.sqlite3"
    # rtts that vary as a line's do (a base per target, noise with a tail): how well the minutes pack depends on it.
    rng = random.Random(4)
    with Workspace.open(path) as workspace:
        for n, target in enumerate(net.targets):
            base = 5.0 + 15 * n
            workspace.submit(Sample(T0 + k * 5.0, target.id, "icmp",
                                    base * (1 + abs(rng.gauss(0, 0.08))) + rng.expovariate(2.5),
                                    sent=3, lost=int(k % 50 == 0)) for k in range(86_400 // 5))
        workspace.flush()
    with sqlite3.connect(path) as conn:
        used = {name: size for name, size in conn.execute(
            "SELECT name, sum(pgsize) FROM dbstat WHERE name IN ('samples', 'rollup_1m_hours', 'rollup_1h') "
            "GROUP BY name")}
    growth = estimate_growth(net)
    for table, estimated in (("samples", growth.raw_bytes_per_day),
                             ("rollup_1m_hours", growth.minute_bytes_per_day)):
        assert 0.75 * estimated <= used[table] <= 1.3 * estimated, (table, used[table], estimated)
