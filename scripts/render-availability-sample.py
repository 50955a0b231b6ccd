"""Render the availability report of the bundled sample network for November 2026, with made-up history, and save
its pages as docs/availability-report-p1.png, -p2.png … (pdftoppm, 80 dpi; Debian poppler-utils).

The history is invented but fixed (a seeded generator), so the pictures only change when the report does: rounds
every 10 minutes through November for every office, a handful of outages (one explained by a saved diagnosis),
one office set up only in mid-November, one never monitored, and hourly SNMP traffic on the measured lines. The
report is made as of 1 December 2026, 09:00 WITA.

Usage: PYTHONPATH=src python scripts/render-availability-sample.py [OUT_DIR] [--lang en] [--xlsx FILE]
"""

from __future__ import annotations

import json
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pantau.domain.inventory import Network
from pantau.domain.samples import ErrorKind, Sample
from pantau.domain.states import HealthState, StateChange
from pantau.domain.traffic import OperStatus, TrafficInterval
from pantau.reporting.site_service import line_check
from pantau.resources import sample_network_path
from pantau.storage.networkfile import load_network_file
from pantau.storage.workspace import Workspace
from pantau.ui.availability_pdf import write_availability_report
from pantau.ui.report_app import headless_application

WITA = ZoneInfo("Asia/Makassar")
FIRST, LAST = date(2026, 11, 1), date(2026, 11, 30)
START = datetime(2026, 11, 1, tzinfo=WITA).timestamp()
END = datetime(2026, 12, 1, tzinfo=WITA).timestamp()
NOW = datetime(2026, 12, 1, 9, tzinfo=WITA).timestamp()
HOUR = 3600.0
NEVER_MONITORED = "desa-bumi-harapan"
LATE_START = "desa-babulu-laut"  # its router was set up on 16 November
EXPLAINED = "camat-sepaku"  # its long outage has a saved diagnosis


def _outages(rng: random.Random, site_id: str) -> list[tuple[float, float]]:
    if site_id == EXPLAINED:
        begin = datetime(2026, 11, 12, 8, 40, tzinfo=WITA).timestamp()
        return [(begin, begin + 9.5 * HOUR), (begin + 10 * 86_400, begin + 10 * 86_400 + 1.5 * HOUR)]
    if rng.random() > 0.4:
        return []
    found: list[tuple[float, float]] = []
    for _ in range(rng.randint(1, 3)):
        begin = START + rng.randrange(0, 29 * 24) * HOUR + rng.randrange(0, 6) * 600
        found.append((begin, begin + rng.choice((1, 2, 3, 4, 9, 12, 30)) * 600))
    return sorted(found)


def fill(workspace: Workspace, network: Network, seed: int = 2026) -> None:
    """Write the made-up rounds, events, a diagnosis and traffic (see the module)."""
    rng = random.Random(seed)
    for site in network.sites:
        check = line_check(network, site.id)
        if check is None or site.id == NEVER_MONITORED:
            continue
        first = datetime(2026, 11, 16, 10, tzinfo=WITA).timestamp() if site.id == LATE_START else START
        down = _outages(rng, site.id)
        samples = []
        for k in range(int((END - first) // 600)):
            ts = first + k * 600
            if any(a <= ts < b for a, b in down):
                samples.append(Sample(ts, check[0], check[1], None, ErrorKind.TIMEOUT, "timeout", sent=3, lost=3))
            else:
                samples.append(Sample(ts, check[0], check[1], 12.0 + 4 * math.sin(ts / 9000) + rng.random(),
                                      sent=3, lost=0))
        workspace.submit(samples)
        workspace.flush()  # the writer's queue is bounded: a month of every office at once would overflow it
        state, at = HealthState.UNKNOWN, first
        for begin, end in down:
            workspace.record_state_change(StateChange(site.id, "site", state, HealthState.UP, at))
            workspace.record_state_change(StateChange(site.id, "site", HealthState.UP, HealthState.DOWN, begin,
                                                      "all packets lost"))
            state, at = HealthState.DOWN, end
        workspace.record_state_change(StateChange(site.id, "site", state, HealthState.UP, at))
    headline = "Kabel serat optik ke Kantor Camat Sepaku putus (galian jalan); penyedia memperbaiki"
    workspace.save_diagnosis(created=datetime(2026, 11, 12, 9, 5, tzinfo=WITA).timestamp(), scope=f"site {EXPLAINED}",
                             verdict="isp-link", lang="id", report_text=headline,
                             report_json=json.dumps({"headline": headline}))
    for link in network.links:
        if link.snmp is None:
            continue
        rows = []
        for k in range(int((END - START) // HOUR)):
            ts = START + k * HOUR
            hour = datetime.fromtimestamp(ts, WITA).hour
            busy = 0.55 if 8 <= hour < 16 else 0.12
            rate = link.bandwidth_kbps * 1000 * busy * (0.8 + 0.4 * rng.random())
            rows.append(TrafficInterval(link.id, ts, ts + HOUR, rate, rate * 0.2, OperStatus.UP))
        workspace.record_traffic(rows)
    workspace.flush()


def main(argv: list[str]) -> int:
    lang = "en" if "--lang" in argv and argv[argv.index("--lang") + 1] == "en" else "id"
    xlsx = Path(argv[argv.index("--xlsx") + 1]) if "--xlsx" in argv else None
    flagged = {argv[i + 1] for i, a in enumerate(argv[:-1]) if a in ("--lang", "--xlsx")}
    paths = [a for a in argv if not a.startswith("--") and a not in flagged]
    out_dir = Path(paths[0]) if paths else Path("docs")
    headless_application()
    network = load_network_file(sample_network_path())
    with tempfile.TemporaryDirectory() as tmp:
        workspace = Workspace.open(Path(tmp) / "sample.pantau")
        try:
            workspace.replace_network(network)
            fill(workspace, network)
            pdf = Path(tmp) / "availability.pdf"
            write_availability_report(workspace, network, FIRST, LAST, NOW, pdf=pdf, xlsx=xlsx, lang=lang)
        finally:
            workspace.close()
        if shutil.which("pdftoppm") is None:
            print("pdftoppm (poppler-utils) is not installed: no pictures made", file=sys.stderr)
            return 1
        out_dir.mkdir(parents=True, exist_ok=True)
        for old in out_dir.glob("availability-report-p*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf), str(Path(tmp) / "page")], check=True)
        for page in sorted(Path(tmp).glob("page-*.png")):
            number = int(page.stem.rpartition("-")[2])
            shutil.copyfile(page, out_dir / f"availability-report-p{number}.png")
            print(out_dir / f"availability-report-p{number}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
