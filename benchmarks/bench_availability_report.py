"""The yearly availability report for 60 offices with a year of hourly history (goal: PDF and workbook together in
under 5 s, the report's model included).

The workspace holds, for each office, one round an hour through 2026 (so the year reads the 1-hour rollups, as it
would after retention has pruned the finer tables), a dozen outages of one to six hours with their events, hourly
SNMP traffic on ten of the lines, and one intranet contract with an SLA credit rule over all 60 lines plus a
contract per kecamatan backbone. Written through the real writer; the setup is timed apart. Then, timed each:
the model (`build_availability_report`), the PDF (charts, HTML, QTextDocument → QPdfWriter) and the workbook.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_availability_report.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os

if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import random
import statistics
import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pantau.domain.inventory import (
    Contract,
    Link,
    LinkMedium,
    Network,
    Site,
    SiteKind,
    Target,
    TargetRole,
)
from pantau.domain.samples import ErrorKind, Sample
from pantau.domain.sla_terms import SlaTerms, SlaWindow
from pantau.domain.snmp_config import SnmpInterface
from pantau.domain.states import HealthState, StateChange
from pantau.domain.traffic import OperStatus, TrafficInterval
from pantau.reporting.availability_report import build_availability_report
from pantau.reporting.availability_xlsx import write_availability_xlsx
from pantau.storage.workspace import Workspace
from pantau.ui.availability_pdf import write_availability_pdf
from pantau.ui.report_app import headless_application

WITA = ZoneInfo("Asia/Makassar")
YEAR = 2026
START = datetime(YEAR, 1, 1, tzinfo=WITA).timestamp()
END = datetime(YEAR + 1, 1, 1, tzinfo=WITA).timestamp()
NOW = END + 9 * 3600.0
HOUR = 3600.0
SITES = 60
KECAMATAN = ("Penajam", "Waru", "Babulu", "Sepaku", "Sotek", "Petung")


def bench_network() -> Network:
    offices = [Site(f"o{i}", f"Kantor Desa {i:02d}", SiteKind.DESA, KECAMATAN[i % len(KECAMATAN)], parent="dc")
               for i in range(SITES)]
    return Network(
        "bench", timezone="Asia/Makassar",
        sites=[Site("dc", "Data centre", SiteKind.DATACENTER, "Penajam"), *offices],
        targets=[Target(f"t{i}", f"o{i}", f"127.0.{i // 250}.{i % 250 + 1}", TargetRole.OFFICE_ROUTER)
                 for i in range(SITES)],
        links=[Link(f"l{i}", "dc", f"o{i}", "Telkom", LinkMedium.FIBER, 10_000, contracts=["intranet"],
                    snmp=SnmpInterface("127.0.0.1", f"ether{i}", community_secret="pantau/bench") if i < 10 else None)
               for i in range(SITES)],
        contracts=[Contract("intranet", "Telkom", "185/SPK/2026", "Intranet", 10_000, date(YEAR, 1, 1),
                            date(YEAR, 12, 31), 3_120_000_000, sla_percent=99.5,
                            sla=SlaTerms(SlaWindow.MONTH, credit_percent_per_hour=2, credit_cap_percent=30))],
    )


def fill(workspace: Workspace, network: Network) -> None:
    rng = random.Random(7)
    hours = int((END - START) // HOUR)
    for i, site in enumerate(s for s in network.sites if s.id != "dc"):
        down = sorted((START + rng.randrange(hours) * HOUR, rng.randint(1, 6) * HOUR) for _ in range(12))
        outages = [(a, a + length) for a, length in down]
        rounds = []
        for k in range(hours):
            ts = START + k * HOUR
            if any(a <= ts < b for a, b in outages):
                rounds.append(Sample(ts, f"t{i}", "icmp", None, ErrorKind.TIMEOUT, "timeout", sent=3, lost=3))
            else:
                rounds.append(Sample(ts, f"t{i}", "icmp", 15.0 + rng.random(), sent=3, lost=0))
        workspace.submit(rounds)
        workspace.flush()  # the writer's queue is bounded
        state, since = HealthState.UNKNOWN, START
        for a, b in outages:
            if a < since:
                continue  # overlapping draws: one outage
            workspace.record_state_change(StateChange(site.id, "site", state, HealthState.UP, since))
            workspace.record_state_change(StateChange(site.id, "site", HealthState.UP, HealthState.DOWN, a, "lost"))
            state, since = HealthState.DOWN, b
        workspace.record_state_change(StateChange(site.id, "site", state, HealthState.UP, since))
    for link in network.links:
        if link.snmp is not None:
            workspace.record_traffic([TrafficInterval(link.id, START + k * HOUR, START + (k + 1) * HOUR,
                                                      rng.uniform(1e6, 8e6), 1e6, OperStatus.UP)
                                      for k in range(hours)])
    workspace.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    headless_application()
    network = bench_network()
    with tempfile.TemporaryDirectory() as tmp:
        workspace = Workspace.open(Path(tmp) / "bench.sqlite3")
        workspace.replace_network(network)
        began = time.perf_counter()
        fill(workspace, network)
        print(f"setup: {SITES} offices x {int((END - START) // HOUR)} hourly rounds written in "
              f"{time.perf_counter() - began:.1f} s")
        timings: dict[str, list[float]] = {"build": [], "pdf": [], "xlsx": [], "total": []}
        for n in range(args.repeat):
            t0 = time.perf_counter()
            report = build_availability_report(workspace, network, date(YEAR, 1, 1), date(YEAR, 12, 31), NOW)
            t1 = time.perf_counter()
            pages = write_availability_pdf(report, Path(tmp) / f"report{n}.pdf", "id")
            t2 = time.perf_counter()
            write_availability_xlsx(report, Path(tmp) / f"report{n}.xlsx", "id")
            t3 = time.perf_counter()
            for key, value in (("build", t1 - t0), ("pdf", t2 - t1), ("xlsx", t3 - t2), ("total", t3 - t0)):
                timings[key].append(value)
        workspace.close()
    print(f"report: {len(report.offices)} offices, {len(report.outages)} outages, {pages} PDF pages, "
          f"network availability {100 * (report.availability or 0):.3f} %")
    for key, values in timings.items():
        print(f"{key:>6}: median {statistics.median(values):.2f} s (runs: "
              + ", ".join(f"{v:.2f}" for v in values) + ")")
    verdict = "meets" if statistics.median(timings["total"]) < 5.0 else "MISSES"
    print(f"goal < 5 s for the model, PDF and workbook together: {verdict}")


if __name__ == "__main__":
    main()
