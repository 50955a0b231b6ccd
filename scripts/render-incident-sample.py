"""Render the sample incident record (Indonesian) to docs/incident-record-id-p1.png, p2, … (run from the checkout:
`PYTHONPATH=src .venv/bin/python scripts/render-incident-sample.py`; needs pdftoppm from poppler-utils).

The outage is made up: the bundled sample network (resources/sample/network.toml) with Kantor Camat Sepaku's line
cut on 17 November 2026 from 09:12:40 to 12:47:05 WITA, the three offices behind it cut off with it, monitored every
five minutes since 1 November, an automatic diagnosis with its hop list, and the DOWN and recovery alerts sent on a
channel. Everything is written through the workspace's own API into a temporary workspace, as the monitor would.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pantau.alerts.delivery import AlertDelivery
from pantau.alerts.record import record_alerts
from pantau.domain.alerts import Alert, AlertFacts, AlertKind
from pantau.domain.samples import ErrorKind, Sample
from pantau.domain.states import HealthState, StateChange
from pantau.reporting.alert_text import ALERT_SENTENCES
from pantau.resources import sample_network_path
from pantau.storage.networkfile import load_network_file
from pantau.storage.workspace import Workspace
from pantau.ui.incident_export import write_incident_pdf
from pantau.ui.report_app import headless_application

WITA = ZoneInfo("Asia/Makassar")
START = datetime(2026, 11, 17, 9, 12, 40, tzinfo=WITA).timestamp()
END = datetime(2026, 11, 17, 12, 47, 5, tzinfo=WITA).timestamp()
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=WITA).timestamp()
WATCHED_FROM = datetime(2026, 11, 1, tzinfo=WITA).timestamp()
OFFICE = "camat-sepaku"
BEHIND = ("kel-sepaku", "kel-pemaluan", "desa-bumi-harapan")
ROUTER = "rtr-camat-sepaku"
DOCS = Path(__file__).resolve().parent.parent / "docs"


class Channel:
    """A channel that keeps what it is given (the sample sends nothing anywhere)."""

    name = "telegram"

    def send(self, subject: str, text: str) -> None:
        del subject, text


def auto_diagnosis(created: float) -> str:
    """A report JSON in the shape `reporting.diagnosis_report.render_json` writes, marked as captured by itself."""
    import json

    return json.dumps({
        "version": 1, "lang": "id", "network": "Sampel", "timezone": "Asia/Makassar", "scope": "site",
        "site": {"id": OFFICE, "name": "Kantor Camat Sepaku"}, "verdict": "isp-access", "failing_layer": "office",
        "headline": "✗ Jaringan provider ke Kantor Camat Sepaku putus: hop terakhir yang menjawab 127.0.30.1",
        "path": {"toward": "127.0.30.4", "last_hop": "127.0.30.1", "hops": [
            {"ttl": 1, "address": "127.0.0.1", "rtt_ms": 0.412, "loss_percent": 0.0, "reached": False},
            {"ttl": 2, "address": "127.0.30.1", "rtt_ms": 3.871, "loss_percent": 0.0, "reached": False},
            {"ttl": 3, "address": None, "rtt_ms": None, "loss_percent": 100.0, "reached": False}]},
        "trigger": {"kind": "auto", "sites": [OFFICE]}, "finished": created,
    }, ensure_ascii=False)


def build(path: Path) -> Workspace:
    network = load_network_file(sample_network_path())
    workspace = Workspace.open(path)
    workspace.replace_network(network)
    ts = WATCHED_FROM
    rounds = []
    while ts < NOW:
        down = START <= ts < END
        rounds.append(Sample(ts, ROUTER, "icmp", None if down else 12.5, ErrorKind.TIMEOUT if down else None,
                             sent=3, lost=3 if down else 0))
        ts += 300
    workspace.submit(rounds)
    changes = [
        (StateChange(ROUTER, "target", HealthState.UP, HealthState.DOWN, START - 4, "icmp: timeout"), "timeout"),
        (StateChange(OFFICE, "site", HealthState.UP, HealthState.DOWN, START, f"{ROUTER} DOWN"),
         "icmp: no reply to 8 confirm packets"),
        *((StateChange(site, "site", HealthState.UP, HealthState.UNREACHABLE, START + 8,
                       f"cut off: every way from diskominfo passes {OFFICE}, which is silent"), "")
          for site in BEHIND),
        (StateChange(ROUTER, "target", HealthState.DOWN, HealthState.UP, END - 2, "icmp: 14 ms"), ""),
        (StateChange(OFFICE, "site", HealthState.DOWN, HealthState.UP, END), ""),
        *((StateChange(site, "site", HealthState.UNREACHABLE, HealthState.UP, END + 3), "") for site in BEHIND),
    ]
    for change, first_error in changes:
        workspace.record_state_change(change, first_error)
    workspace.save_diagnosis(created=START + 21, scope=f"site {OFFICE}", verdict="isp-access", lang="id",
                             report_text="(lihat JSON)", report_json=auto_diagnosis(START + 21))
    facts = AlertFacts("Kantor Camat Sepaku", "Asia/Makassar", offices=len(BEHIND), verdict="isp-access",
                       verdict_at=START + 21)
    alerts = [Alert(f"down:{OFFICE}:{START}", AlertKind.DOWN, OFFICE, (OFFICE, *BEHIND), START + 24, facts, START),
              Alert(f"recovered:{OFFICE}:{END}", AlertKind.RECOVERED, OFFICE, (OFFICE, *BEHIND), END + 12,
                    AlertFacts("Kantor Camat Sepaku", "Asia/Makassar", at=END, offices=len(BEHIND)), START)]
    record_alerts(workspace, alerts, ALERT_SENTENCES)
    delivery = AlertDelivery(workspace, [Channel()], wording=ALERT_SENTENCES, lang="id", clock=lambda: NOW)
    delivery.enqueue(alerts)
    delivery.deliver_due()
    workspace.flush()
    return workspace


def main() -> int:
    _app = headless_application()
    with tempfile.TemporaryDirectory() as folder:
        workspace = build(Path(folder) / "sample.pantau")
        network = workspace.load_network()
        assert network is not None
        down = next(e for e in workspace.events(subject=OFFICE) if e.state is HealthState.DOWN)
        pdf = Path(folder) / "incident.pdf"
        record, pages = write_incident_pdf(workspace, network, [down.id], pdf, "id", NOW)
        workspace.close()
        for old in DOCS.glob("incident-record-id-p*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf), str(DOCS / "incident-record-id-p")], check=True)
        # pdftoppm numbers pages -1, -2 (padded with zeros past nine): name them p1, p2, … as the README links.
        for image in sorted(DOCS.glob("incident-record-id-p-*.png")):
            image.rename(DOCS / f"incident-record-id-p{int(image.stem.rsplit('-', 1)[1])}.png")
    print(f"{record.number}: {pages} pages → {DOCS}/incident-record-id-p*.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
