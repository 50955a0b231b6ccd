"""The incident record (berita acara gangguan jaringan) from a real workspace file: events written through the
workspace's state changes, diagnoses saved with `save_diagnosis`, alerts recorded with `alerts.record` and delivered
on a local channel, measured rounds through the writer. The PDFs written by `pantau report incident` (in process, on
the test's QApplication), by the outage list's action and by the print path are read back with pdftotext, and their
figures checked against what the test computes from the events it reads back."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
import unicodedata
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from pantau.alerts.delivery import AlertDelivery
from pantau.alerts.record import record_alerts
from pantau.cli import main
from pantau.domain.alerts import Alert, AlertFacts, AlertKind
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
from pantau.domain.sla_terms import SlaTerms
from pantau.domain.states import HealthState, StateChange
from pantau.reporting.alert_text import ALERT_SENTENCES
from pantau.reporting.idformat import MONTHS_ID
from pantau.storage.workspace import EventRow, Workspace
from pantau.ui.graph_data import site_spec
from pantau.ui.graphs import SiteGraphs
from pantau.ui.i18n import install_translator, installed_language
from pantau.ui.incident_actions import IncidentActions

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")

TZ = ZoneInfo("Asia/Makassar")
HOUR = 3600.0
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
# A made-up path probe: the first two hops answer, the third is silent.
HOPS = [{"ttl": 1, "address": "127.0.0.1", "rtt_ms": 0.4, "loss_percent": 0.0, "reached": False},
        {"ttl": 2, "address": "127.0.40.9", "rtt_ms": 3.9, "loss_percent": 0.0, "reached": False},
        {"ttl": 3, "address": None, "rtt_ms": None, "loss_percent": 100.0, "reached": False}]


def network() -> Network:
    """A data centre (the vantage), a kecamatan office with two desa behind it on a contract with SLA terms, and a
    third office on a contract with a target but no credit rule."""
    year = datetime.now(TZ).year
    first, last = date(year - 1, 1, 1), date(year + 1, 12, 31)
    return Network(
        "Jaringan Uji", timezone="Asia/Makassar",
        sites=[Site("dc", "Diskominfo", SiteKind.DATACENTER, "Penajam"),
               Site("camat", "Kantor Camat Uji", SiteKind.KECAMATAN, "Uji", parent="dc"),
               Site("desa-a", "Kantor Desa Alpha", SiteKind.DESA, "Uji", parent="camat"),
               Site("desa-b", "Kantor Desa Beta", SiteKind.DESA, "Uji", parent="camat"),
               Site("lain", "Kantor Lurah Lain", SiteKind.KELURAHAN, "Uji", parent="dc")],
        targets=[Target("srv", "dc", "127.0.40.1", TargetRole.SERVER),
                 Target("rtr-camat", "camat", "127.0.40.2", TargetRole.OFFICE_ROUTER),
                 Target("rtr-a", "desa-a", "127.0.40.3", TargetRole.OFFICE_ROUTER),
                 Target("rtr-b", "desa-b", "127.0.40.4", TargetRole.OFFICE_ROUTER),
                 Target("rtr-lain", "lain", "127.0.40.5", TargetRole.OFFICE_ROUTER)],
        links=[Link("link-camat", "camat", "dc", "PT Telkom Uji", LinkMedium.FIBER, 10_000, circuit_id="TLK-0042",
                    contracts=["k-sla"]),
               Link("link-lain", "lain", "dc", "PT Lintas Uji", LinkMedium.WIRELESS, 4_000, circuit_id="LNT-7",
                    contracts=["k-plain"])],
        contracts=[Contract("k-sla", "PT Telkom Uji", "77/SPK/UJI", "intranet", 10_000, first, last, 1_200_000_000,
                            sla_percent=99.5, sla=SlaTerms(credit_percent_per_hour=2, credit_cap_percent=30)),
                   Contract("k-plain", "PT Lintas Uji", "88/SPK/UJI", "intranet", 4_000, first, last, 480_000_000,
                            sla_percent=99.0)])


class Channel:
    """A channel that only keeps what it is given: nothing leaves the machine."""

    name = "telegram"

    def __init__(self) -> None:
        self.sent: list[str] = []

    def send(self, subject: str, text: str) -> None:
        self.sent.append(text)


def change(workspace: Workspace, subject: str, kind: str, previous: HealthState, current: HealthState, ts: float,
           reason: str = "", first_error: str = "") -> None:
    workspace.record_state_change(StateChange(subject, kind, previous, current, ts, reason), first_error)


def outage(workspace: Workspace, site: str, router: str, start: float, end: float | None,
           behind: tuple[str, ...] = ()) -> None:
    """The events the engine writes for an office going down (its router first) and, with `end`, coming back."""
    change(workspace, router, "target", HealthState.UP, HealthState.DOWN, start - 3, "icmp: timeout", "timeout")
    change(workspace, site, "site", HealthState.UP, HealthState.DOWN, start, f"{router} DOWN",
           "icmp: no reply to 8 confirm packets")
    for other in behind:
        change(workspace, other, "site", HealthState.UP, HealthState.UNREACHABLE, start + 7, f"behind {site}")
    if end is not None:
        change(workspace, router, "target", HealthState.DOWN, HealthState.UP, end - 1, "icmp: 12 ms")
        change(workspace, site, "site", HealthState.DOWN, HealthState.UP, end)
        for other in behind:
            change(workspace, other, "site", HealthState.UNREACHABLE, HealthState.UP, end + 2)


def rounds(workspace: Workspace, target: str, start: float, end: float, down: tuple[float, float]) -> None:
    """A round every five minutes: monitored time for the SLA window, lost while the office was down."""
    samples = []
    ts = start
    while ts < end:
        silent = down[0] <= ts < down[1]
        samples.append(Sample(ts, target, "icmp", None if silent else 11.0, ErrorKind.TIMEOUT if silent else None,
                              sent=3, lost=3 if silent else 0))
        ts += 300
    workspace.submit(samples)


def auto_diagnosis(workspace: Workspace, created: float, site: str) -> int:
    document = {"version": 1, "lang": "id", "scope": "site", "site": {"id": site, "name": site},
                "verdict": "isp-access", "headline": "✗ Jaringan provider ke kantor putus",
                "path": {"toward": "127.0.40.2", "last_hop": "127.0.40.9", "hops": HOPS},
                "trigger": {"kind": "auto", "sites": [site]}}
    return workspace.save_diagnosis(created=created, scope=f"site {site}", verdict="isp-access", lang="id",
                                    report_text="laporan", report_json=json.dumps(document, ensure_ascii=False))


def alerts(workspace: Workspace, site: str, start: float, end: float) -> Channel:
    facts = AlertFacts("Kantor Camat Uji", "Asia/Makassar", offices=2)
    raised = [Alert(f"down:{site}:{start}", AlertKind.DOWN, site, (site,), start + 20, facts, start),
              Alert(f"recovered:{site}:{end}", AlertKind.RECOVERED, site, (site,), end + 10,
                    AlertFacts("Kantor Camat Uji", "Asia/Makassar", at=end, offices=2), start)]
    record_alerts(workspace, raised, ALERT_SENTENCES)
    channel = Channel()
    delivery = AlertDelivery(workspace, [channel], wording=ALERT_SENTENCES, lang="id")
    delivery.enqueue(raised)
    delivery.deliver_due()
    return channel


def site_down(workspace: Workspace, site: str) -> EventRow:
    return next(e for e in workspace.events(subject=site) if e.state is HealthState.DOWN and e.subject_kind == "site")


def hms(seconds: float) -> str:
    """The record's Indonesian duration, computed here from the events."""
    whole = round(seconds)
    minutes = f"{whole % 3600 // 60} menit {whole % 60} detik"
    return f"{whole // 3600} jam {minutes}" if whole >= 3600 else minutes


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def flat(text: str) -> str:
    """The text with its runs of spaces and line breaks as one space, ligatures (ﬁ) as their letters."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def line_of(text: str, start: str) -> str:
    """The layout line that starts with `start` (a table row's first line)."""
    return next(line for line in text.splitlines() if line.startswith(start))


@pytest.fixture
def now() -> float:
    return time.time()


@pytest.fixture
def filled(workspace_path: Path, now: float) -> dict[str, float]:
    """The workspace: camat down 2 h 13 min 29 s two days ago (desa-a and desa-b cut off behind it), with an
    automatic diagnosis and two alerts sent; lain down 40 min 5 s starting an hour after camat, without a
    diagnosis."""
    start = now - 2 * 86_400
    end = start + 2 * HOUR + 13 * 60 + 29
    other = (start + HOUR, start + HOUR + 40 * 60 + 5)
    with Workspace.open(workspace_path) as workspace:
        workspace.replace_network(network())
        rounds(workspace, "rtr-camat", start - 86_400, now, (start, end))
        rounds(workspace, "rtr-lain", start - 86_400, now, other)
        outage(workspace, "camat", "rtr-camat", start, end, ("desa-a", "desa-b"))
        outage(workspace, "lain", "rtr-lain", *other)
        auto_diagnosis(workspace, start + 25, "camat")
        alerts(workspace, "camat", start, end)
        workspace.flush()
    return {"start": start, "end": end}


def report(workspace_path: Path, *args: str) -> int:
    return main(["--workspace", str(workspace_path), "report", "incident", *args])


def test_a_finished_outage_with_its_automatic_diagnosis(qapp: object, workspace_path: Path, tmp_path: Path,
                                                        filled: dict[str, float], now: float,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    with Workspace.open(workspace_path) as workspace:
        down = site_down(workspace, "camat")
        stored = workspace.diagnoses(5)[0].report_json
    pdf, bundle = tmp_path / "ba.pdf", tmp_path / "bukti.json"
    assert report(workspace_path, str(down.id), "--pdf", str(pdf), "--evidence", str(bundle)) == 0
    layout = pdf_text(pdf)
    text = flat(layout)
    assert down.ended is not None
    month = datetime.fromtimestamp(down.started, TZ)
    number = f"{down.id}/BA-GJ/{ROMAN[month.month - 1]}/{month.year}"
    assert f"Nomor: {number}" in text
    assert number in capsys.readouterr().out
    assert "BERITA ACARA GANGGUAN JARINGAN" in text
    # The duration from the events, in the summary, for the office and its two desa, and in the recovery line.
    duration = hms(down.ended - down.started)
    assert f"Lama gangguan {duration}" in text
    assert text.count(duration) >= 4
    started, ended = (datetime.fromtimestamp(ts, TZ) for ts in (down.started, down.ended))
    for label, when in (("Mulai", started), ("Selesai", ended)):
        assert f"{label} {when.day} {MONTHS_ID[when.month - 1]} {when.year} {when:%H:%M:%S} WITA" in text
    # The blast radius: the desa behind the kecamatan (each cut as long), not the office on its own line.
    for desa in ("Kantor Desa Alpha", "Kantor Desa Beta"):
        row = " ".join(line_of(layout, desa).split())
        assert row == f"{desa} terputus di belakang Kantor {duration}"
    assert "Seluruhnya 3 kantor terdampak" in text
    assert "Kantor Lurah Lain" not in text
    # The chronology: the first error, the automatic diagnosis, the alert and where it went, the recovery.
    assert "galat pertama: icmp: no reply to 8 confirm packets" in text
    assert "Diagnosa #1 (otomatis)" in text
    assert "telegram: terkirim" in text
    assert "normal kembali" in text
    # The line and its contract.
    for fact in ("PT Telkom Uji", "TLK-0042", "77/SPK/UJI", "link-camat"):
        assert fact in text
    # The evidence: the hop list, the stored JSON's SHA-256, and the bundle's, which is the file written.
    assert "127.0.40.9" in text
    assert "tidak menjawab" in text
    assert hashlib.sha256(stored.encode("utf-8")).hexdigest() in text
    written = bundle.read_bytes()
    assert hashlib.sha256(written).hexdigest() in text
    assert json.loads(written)["diagnoses"][0]["report_json"] == stored
    # The SLA of the month holding it (monitored from a day before the outage until now): the whole hours beyond
    # the 99.5 % allowance, and 2 % of the line's monthly fee (the contract over its 36 months) for each.
    watched = now - (down.started - 86_400)
    excess = int((down.ended - down.started - watched * 0.005) // 3600)
    assert excess >= 1
    assert f"Jam penuh melebihi batas {excess}" in text
    credit = round(1_200_000_000 / 36 * 0.02 * excess)
    assert f"Kompensasi (kredit) terutang Rp {credit:,}".replace(",", ".") in text
    for role in ("Petugas", "Kepala Bidang", "Perwakilan Penyedia"):
        assert role in text
    assert text.count("NIP: ____") == 3


def test_an_outage_still_running_says_so(qapp: object, workspace_path: Path, tmp_path: Path, now: float) -> None:
    with Workspace.open(workspace_path) as workspace:
        workspace.replace_network(network())
        outage(workspace, "camat", "rtr-camat", now - 1800, None, ("desa-a",))
        workspace.flush()
        down = site_down(workspace, "camat")
    pdf = tmp_path / "running.pdf"
    assert report(workspace_path, str(down.id), "--pdf", str(pdf)) == 0
    text = flat(pdf_text(pdf))
    assert "masih berlangsung saat berita acara dibuat" in text
    assert "sampai saat ini (masih berlangsung)" in text
    assert "Kantor Camat Uji masih PUTUS saat berita acara dibuat" in text
    assert "normal kembali" not in text


def test_no_diagnosis_and_no_credit_rule_are_said_plainly(qapp: object, workspace_path: Path, tmp_path: Path,
                                                           filled: dict[str, float]) -> None:
    with Workspace.open(workspace_path) as workspace:
        down = site_down(workspace, "lain")
    pdf = tmp_path / "lain.pdf"
    assert report(workspace_path, str(down.id), "--pdf", str(pdf), "--lang", "en") == 0
    text = flat(pdf_text(pdf))
    assert down.ended is not None
    whole = round(down.ended - down.started)
    assert f"Duration {whole // 60} min {whole % 60} s" in text
    assert "No saved diagnosis covers this outage" in text
    assert "SHA-256 of the evidence bundle" not in text
    assert "Contract 88/SPK/UJI states no credit rule" in text
    assert "Credit due Rp" not in text
    assert "NETWORK INCIDENT RECORD" in text


def test_a_cluster_of_two_outages_is_one_record(qapp: object, workspace_path: Path, tmp_path: Path,
                                                filled: dict[str, float]) -> None:
    with Workspace.open(workspace_path) as workspace:
        camat, lain = site_down(workspace, "camat"), site_down(workspace, "lain")
    pdf = tmp_path / "cluster.pdf"
    assert report(workspace_path, str(lain.id), str(camat.id), "--pdf", str(pdf)) == 0
    text = flat(pdf_text(pdf))
    assert camat.ended is not None and lain.ended is not None
    # Numbered by the first ID; the outages' union is the duration (lain's lies inside camat's).
    assert f"Nomor: {min(camat.id, lain.id)}/BA-GJ/" in text
    assert f"ID gangguan {camat.id}, {lain.id}" in text
    assert f"Lama gangguan {hms(max(camat.ended, lain.ended) - min(camat.started, lain.started))}" in text
    assert "Kantor yang putus Kantor Camat Uji, Kantor Lurah Lain" in text
    assert f"Kantor Lurah Lain putus {hms(lain.ended - lain.started)}" in text
    assert "Seluruhnya 4 kantor terdampak" in text
    for circuit in ("TLK-0042", "LNT-7"):
        assert circuit in text


def test_the_command_refuses_what_is_not_an_outage(qapp: object, workspace_path: Path, tmp_path: Path,
                                                   filled: dict[str, float],
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    with Workspace.open(workspace_path) as workspace:
        target_event = next(e for e in workspace.events(subject="rtr-camat") if e.state is HealthState.DOWN)
        recovery = next(e for e in workspace.events(subject="camat") if e.state is HealthState.UP)
    pdf = tmp_path / "x.pdf"
    assert report(workspace_path, "999", "--pdf", str(pdf)) == 2
    assert "no event 999 in the workspace" in capsys.readouterr().err
    assert report(workspace_path, str(target_event.id), "--pdf", str(pdf)) == 2
    assert f"event {target_event.id} is not an outage: it is target rtr-camat becoming DOWN" in capsys.readouterr().err
    assert report(workspace_path, str(recovery.id), "--pdf", str(pdf)) == 2
    assert "an OUTAGE-ID names a site's DOWN event" in capsys.readouterr().err
    assert not pdf.exists()
    assert main(["--workspace", str(tmp_path / "none.sqlite3"), "report", "incident", "1", "--pdf", str(pdf)]) == 2
    assert "no workspace at" in capsys.readouterr().err
    assert not (tmp_path / "none.sqlite3").exists()
    with pytest.raises(SystemExit) as exit_info:
        report(workspace_path, "abc", "--pdf", str(pdf))
    assert exit_info.value.code == 2
    assert "invalid int value: 'abc'" in capsys.readouterr().err


def test_the_outage_list_writes_and_prints_the_record(qtbot: QtBot, workspace_path: Path, tmp_path: Path,
                                                      filled: dict[str, float], now: float) -> None:
    # The record speaks the interface's language: Indonesian here, whatever an earlier test installed.
    app = QApplication.instance()
    assert app is not None
    before = installed_language(app)
    install_translator(app, "id")
    workspace = Workspace.open(workspace_path)
    graphs = SiteGraphs(network(), workspace, clock=lambda: now)
    qtbot.addWidget(graphs)
    try:
        graphs.set_sites([site_spec(network(), "camat")])
        with qtbot.waitSignal(graphs.loaded, timeout=10_000):
            graphs.set_range("7d")
        panel = graphs.outage_panel()
        down = site_down(workspace, "camat")
        table = panel.table()
        assert table.horizontalHeaderItem(0).text() == "ID"
        assert table.item(0, 0).text() == str(down.id)
        panel.select_rows([0])
        assert panel.selected_outage_ids() == [down.id]
        actions = panel.findChild(IncidentActions)
        assert actions is not None
        pdf = tmp_path / "dari-jendela.pdf"
        with qtbot.waitSignal(actions.recordWritten, timeout=20_000) as written:
            actions.write_pdf(panel.selected_outage_ids(), pdf)
        assert written.args[0] == str(pdf)
        assert "BA-GJ" in pdf_text(pdf)
        # Printing lays the same HTML out on the printer given: here a PDF printer instead of the dialog's.
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printed_path = tmp_path / "dicetak.pdf"
        printer.setOutputFileName(str(printed_path))
        with qtbot.waitSignal(actions.printed, timeout=20_000) as printed:
            actions.request_print([down.id], ask=lambda: printer)
        assert down.ended is not None
        text = flat(pdf_text(printed_path))
        assert printed.args[0] in text
        assert hms(down.ended - down.started) in text
        assert "Perwakilan Penyedia" in text
    finally:
        graphs.shutdown()
        workspace.close()
        install_translator(app, before or "en")  # English is the source: no translator, as before any was set


def test_the_command_needs_no_display(workspace_path: Path, tmp_path: Path, filled: dict[str, float]) -> None:
    """Run as a server runs it: its own process, no display and no platform chosen; it starts Qt offscreen."""
    with Workspace.open(workspace_path) as workspace:
        down = site_down(workspace, "camat")
    env = {key: value for key, value in os.environ.items()
           if key not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    pdf = tmp_path / "server.pdf"
    done = subprocess.run([sys.executable, "-m", "pantau", "--workspace", str(workspace_path), "report", "incident",
                           str(down.id), "--pdf", str(pdf), "--lang", "en"], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"Wrote the incident record {down.id}/BA-GJ/" in done.stdout
    assert "NETWORK INCIDENT RECORD" in pdf_text(pdf)
