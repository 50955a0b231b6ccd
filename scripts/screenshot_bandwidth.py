"""Render the Bandwidth panel and the window around it offscreen: docs/screenshot-bandwidth.png (the panel, 7 days
of the sample's Sepaku line with its contracted rate and the week heat-map), docs/screenshot-bandwidth-1366x768.png
(the whole window at 1366x768 with the Bandwidth tab raised) and, with pdftoppm (poppler-utils), the page of the
2026 intranet contract's report that holds its measured use, delivered against paid
(docs/screenshot-contract-use.png).

Four weeks of traffic are written through the real workspace writer, at the sample's 10 s interval: the rates are
the sample agent's own made-up office-hours pattern (`pantau.sample_agent.octets_between`, what its counters would
have said), with one afternoon of failed polls (a gap, with its reason) three days ago.

Usage: PYTHONPATH=src python scripts/screenshot_bandwidth.py [OUTPUT_FOLDER]
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from pantau.domain.timezones import zone
from pantau.domain.traffic import OperStatus, TrafficInterval
from pantau.reporting.contract_report import contract_report_html
from pantau.reporting.contract_use import read_contract_use
from pantau.resources import sample_network_path
from pantau.sample_agent import IN, OUT, octets_between
from pantau.storage.networkfile import load_network_file
from pantau.storage.workspace import Workspace
from pantau.ui.contract_pdf import write_pdf
from pantau.ui.main_window import MainWindow
from pantau.ui.traffic_panel import TrafficPanel

DAY = 86_400
WEEKS = 4
STEP_S = 30.0


def fill(workspace: Workspace, link_id: str, now: float) -> None:
    network = load_network_file(sample_network_path())
    link = next(link for link in network.links if link.id == link_id)
    tz = zone(network.timezone)
    gap = (now - 3 * DAY + 6 * 3600, now - 3 * DAY + 9 * 3600)
    rows: list[TrafficInterval] = []
    t = now - WEEKS * 7 * DAY
    while t + STEP_S <= now:
        if gap[0] <= t < gap[1]:
            rows.append(TrafficInterval(link_id, t, t + STEP_S, None, None,
                                        problem="SNMP: no answer from 127.0.0.1:16162 (v2c)"))
        else:
            rates = [octets_between(link, direction, t, t + STEP_S, tz) * 8 / STEP_S for direction in (IN, OUT)]
            rows.append(TrafficInterval(link_id, t, t + STEP_S, rates[0], rates[1], OperStatus.UP, 100_000_000))
        t += STEP_S
        if len(rows) >= 5000:
            workspace.record_traffic(rows)
            rows = []
    workspace.record_traffic(rows)


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    network = load_network_file(sample_network_path())
    now = time.time()
    with tempfile.TemporaryDirectory() as folder, Workspace.open(Path(folder) / "shots.sqlite3") as workspace:
        workspace.replace_network(network)
        fill(workspace, "link-camat-sepaku", now)
        panel = TrafficPanel(network, workspace)
        panel.resize(1280, 460)
        panel.show()
        panel.select_link("link-camat-sepaku")
        panel.set_range("7d")
        while panel.view() is None or panel.view().end < now:
            app.processEvents()
        app.processEvents()
        panel.grab().save(str(out / "screenshot-bandwidth.png"))
        panel.close()

        window = MainWindow(network, workspace, tray=False)
        window.resize(1366, 740)
        window.show()
        window.traffic_dock.raise_()
        window.traffic.select_link("link-camat-sepaku")
        window.traffic.set_range("24h")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and (window.traffic.view() is None
                                               or window.traffic.view().link != "link-camat-sepaku"):
            app.processEvents()
        app.processEvents()
        window.grab().save(str(out / "screenshot-bandwidth-1366x768.png"))
        window.shutdown()
        if shutil.which("pdftoppm") and shutil.which("pdftotext"):
            contract = network.contract("ctr-intranet-2026")
            assert contract is not None
            usage = read_contract_use(network, workspace, contract)
            html = contract_report_html(network, contract.id, date.fromtimestamp(now), "en", usage=usage)
            pdf = Path(folder) / "report.pdf"
            pages = write_pdf(html, pdf, "Contract report")
            page = next(n for n in range(1, pages + 1) if "Measured use" in subprocess.run(
                ["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True,
                check=True).stdout)
            subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                            str(out / "screenshot-contract-use")], check=True)
    print(f"wrote the bandwidth screenshots into {out}")


if __name__ == "__main__":
    main()
